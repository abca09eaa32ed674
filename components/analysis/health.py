"""Data health: where a coding rests on thin evidence, for an analyst to look at first. No
Streamlit. Each check is a list of findings, not a verdict: a value may be inferred for good
reason, and one strong quote may carry several values.

- values inferred rather than quoted, and values of low confidence;
- third parties with thin evidence: many coded values resting on one or two distinct quotes;
- quotes used for several values;
- values carried across years on one undated, quoted entry;
- the share of the source's paragraphs that at least one quote comes from (when its text is
  available).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from components.analysis.quotes import iter_quotes, normalise
from components.dataset.models import Dataset

THIN = 2  # a third party whose coded values rest on at most this many distinct quotes
REUSED = 4  # a quote used for at least this many values
_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")


@dataclass(frozen=True)
class Finding:
    check: str
    entry: str
    detail: str


@dataclass
class Health:
    coded: int = 0
    inferred: int = 0
    low: int = 0
    findings: list[Finding] = field(default_factory=list)
    paragraphs: int | None = None  # of the source, when its text is at hand
    covered: int | None = None  # paragraphs at least one quote comes from
    uncovered: list[str] = field(default_factory=list)  # their first words

    def by_check(self) -> dict[str, list[Finding]]:
        out: dict[str, list[Finding]] = defaultdict(list)
        for f in self.findings:
            out[f.check].append(f)
        return dict(out)


CHECKS = {
    "inferred": "Inferred rather than quoted",
    "low": "Low confidence",
    "thin": "Third parties with thin evidence",
    "reused": "Quotes used for several values",
    "carried": "Values carried across years on one undated quote",
}


def health(ds: Dataset, source_text: str | None = None) -> Health:
    out = Health()
    quotes_of: dict[str, set[str]] = defaultdict(set)
    values_of: dict[str, int] = defaultdict(int)
    uses: dict[str, list[str]] = defaultdict(list)
    names = {tp.id: tp.name for tp in ds.third_parties}
    for tp in ds.third_parties:
        for side, dims in tp.relations.items():
            for dim, ratings in dims.items():
                for r in ratings or []:
                    if r.value is None:
                        continue
                    start, end = r.span
                    n_years = end - start + 1
                    entry = f"{tp.name} / {side} / {dim} / {r.years}"
                    out.coded += n_years
                    values_of[tp.id] += n_years
                    if r.inferred:
                        out.inferred += n_years
                        out.findings.append(Finding("inferred", entry, r.reasoning or ""))
                    if r.confidence == "low":
                        out.low += n_years
                        out.findings.append(Finding("low", entry, r.rationale))
                    if r.quote:
                        key = normalise(r.quote)
                        quotes_of[tp.id].add(key)
                        uses[key].append(entry)
                        if n_years > 1 and not r.inferred and not _YEAR.search(r.quote):
                            out.findings.append(
                                Finding("carried", entry, f"{n_years} years on an undated quote")
                            )
    for tp_id, count in values_of.items():
        distinct = len(quotes_of[tp_id])
        if count >= 4 and distinct <= THIN:
            out.findings.append(
                Finding(
                    "thin",
                    names[tp_id],
                    f"{count} coded values on {distinct} distinct "
                    f"quote{'s' if distinct != 1 else ''}",
                )  # fmt: skip
            )
    for key, entries in uses.items():
        if len(entries) >= REUSED:
            out.findings.append(
                Finding(
                    "reused",
                    f"\u201c{key[:90]}{'...' if len(key) > 90 else ''}\u201d",
                    f"used for {len(entries)} value entries",
                )  # fmt: skip
            )
    if source_text is not None:
        _coverage(out, ds, source_text)
    return out


def _coverage(out: Health, ds: Dataset, source_text: str) -> None:
    """The share of the source's paragraphs (blank-line separated, of at least 40 characters)
    that at least one quote of the dataset comes from."""
    paragraphs = [normalise(p) for p in re.split(r"\n\s*\n", source_text)]
    paragraphs = [p for p in paragraphs if len(p) >= 40]
    quotes = {normalise(q.text) for q in iter_quotes(ds)}
    hit = [any(q in p for q in quotes) for p in paragraphs]
    out.paragraphs, out.covered = len(paragraphs), sum(hit)
    out.uncovered = [p[:70] + ("..." if len(p) > 70 else "") for p, h in zip(paragraphs, hit,
                     strict=True) if not h]  # fmt: skip
