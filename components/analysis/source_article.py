"""The source with its codings: the text paragraph by paragraph, each quoted passage located,
and for each paragraph the values, events, actions and findings that quote it. No Streamlit.

Quotes are matched as check-quotes matches them (quote marks, dashes and whitespace folded), and
located back in the source's own characters, so the page shows the source as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from components.analysis.quotes import _FOLD, normalise
from components.dataset.models import Dataset

MIN_PARAGRAPH = 40  # shorter blocks (headings, captions) are shown but not counted


@dataclass(frozen=True)
class Coding:
    """Something in the dataset that quotes a passage: its kind, words for it, and where the
    dashboard shows it (page id and the address's parameters)."""

    kind: str  # value, event, action, finding
    label: str
    page: str
    params: tuple[tuple[str, str], ...]


@dataclass
class Paragraph:
    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)  # quoted passages, in order
    codings: list[Coding] = field(default_factory=list)

    @property
    def counted(self) -> bool:
        return len(self.text) >= MIN_PARAGRAPH


def _folded(text: str) -> tuple[str, list[int]]:
    """The text folded as quotes.normalise folds it, and for each folded character the index of
    the source character it came from."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, ch in enumerate(text.translate(_FOLD)):
        if ch.isspace():
            if out and not space:
                out.append(" ")
                where.append(i)
            space = True
            continue
        space = False
        out.append(ch)
        where.append(i)
    return "".join(out), where


def _codings(ds: Dataset) -> list[tuple[str, Coding]]:
    """Every quote in the dataset with what it supports."""
    out: list[tuple[str, Coding]] = []
    names = {tp.id: tp.name for tp in ds.third_parties}
    sides = {a.id: a.short_name for a in ds.meta.actors}
    for tp in ds.third_parties:
        for side, dims in tp.relations.items():
            for dim, ratings in dims.items():
                for r in ratings or []:
                    if r.value is None or not r.quote:
                        continue
                    year = r.span[1]
                    who = f"{names[tp.id]} / {sides.get(side, side)}"
                    label = f"{who} / {dim} / {r.years}: {r.value:+d}"
                    value = f"{tp.id}.{side}.{dim}.{year}"
                    out.append((normalise(r.quote), Coding("value", label, "comparison",
                                (("tp", tp.id), ("value", value)))))  # fmt: skip
    for ev in ds.events:
        out.append(
            (normalise(ev.quote), Coding("event", ev.title, "timeline", (("event", ev.id),)))
        )
    for item in ds.strategy_items():
        link = (("action", item.id),)
        out.append((normalise(item.quote), Coding("action", item.title, "strategy", link)))
        outcome = getattr(item, "outcome", None)
        if outcome is not None:
            out.append((normalise(outcome.quote), Coding("outcome", f"{item.title} "
                        f"({outcome.status})", "strategy", link)))  # fmt: skip
    if ds.strategy.summary is not None:
        title = ds.strategy.title or "The strategy"
        out.append(
            (normalise(ds.strategy.summary.quote), Coding("strategy", title, "strategy", ()))
        )
    for tier in ds.strategy.tiers:
        out.append((normalise(tier.quote), Coding("tier", tier.title, "strategy", ())))
        for goal in tier.goals:
            out.append((normalise(goal.quote), Coding("goal", goal.title, "strategy", ())))
    for finding in ds.meta.findings:
        out.append((normalise(finding.quote), Coding("finding", finding.title, "overview", ())))
    return out


def annotate(ds: Dataset, source: str) -> list[Paragraph]:
    """The source's paragraphs (blank-line separated), each with its quoted spans and codings."""
    codings = _codings(ds)
    paragraphs = []
    for block in re.split(r"\n\s*\n", source):
        text = block.strip()
        if not text:
            continue
        folded, where = _folded(text)
        para = Paragraph(text)
        seen: set[tuple[str, str]] = set()
        for quote, coding in codings:
            start = folded.find(quote) if quote else -1
            if start < 0:
                continue
            end = start + len(quote) - 1
            para.spans.append((where[start], where[end] + 1))
            if (coding.kind, coding.label) not in seen:
                seen.add((coding.kind, coding.label))
                para.codings.append(coding)
        para.spans = _merged(para.spans)
        paragraphs.append(para)
    return paragraphs


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def coverage(paragraphs: list[Paragraph]) -> tuple[int, int]:
    """(paragraphs that carry a coding, paragraphs counted)."""
    counted = [p for p in paragraphs if p.counted]
    return sum(1 for p in counted if p.codings), len(counted)
