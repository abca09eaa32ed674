"""A value's evidence, one click from any chart: stable value ids for the address
(`?value=russia.taliban.overall.2016`, or without the side for both), everything the dataset says
for one third party, dimension and year, a citation to copy, and a link that opens the source
online at the quoted sentence (a text fragment). No Streamlit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote as urlquote

from components.core.dates import date_label
from components.core.escape import web_address
from components.dataset.models import Dataset, Rating

SEP = "."


@dataclass(frozen=True)
class ValueId:
    """A third party's value in one year and dimension, for one side or (side None) both."""

    third_party: str
    dimension: str
    year: int
    side: str | None = None

    def __str__(self) -> str:
        parts = [self.third_party, self.side, self.dimension, str(self.year)]
        return SEP.join(p for p in parts if p)


def parse(ds: Dataset, text: str | None) -> ValueId | None:
    """A value id from the address, if it names things the dataset has; else None."""
    if not text:
        return None
    parts = text.strip().split(SEP)
    if len(parts) not in (3, 4):
        return None
    tp, *middle, dim, year = parts
    side = middle[0] if middle else None
    tps = {t.id for t in ds.third_parties}
    sides = {a.id for a in ds.meta.actors}
    dims = {"overall", *(d.id for d in ds.meta.dimensions)}
    if tp not in tps or dim not in dims or (side is not None and side not in sides):
        return None
    if not year.isdigit() or int(year) not in ds.meta.years:
        return None
    return ValueId(tp, dim, int(year), side)


def rating(ds: Dataset, value: ValueId, side: str) -> Rating | None:
    """The entry that gives this side's value for the year (None where there is none)."""
    ratings = ds.third_party(value.third_party).relations.get(side, {}).get(value.dimension)
    for r in ratings or []:
        start, end = r.span
        if start <= value.year <= end:
            return r
    return None


@dataclass(frozen=True)
class SideEvidence:
    side: str  # actor id
    side_name: str
    value: int | None
    label: str  # the scale's label, or "not coded"
    rating: Rating | None


@dataclass(frozen=True)
class Evidence:
    id: ValueId
    third_party_name: str
    dimension_name: str
    sides: tuple[SideEvidence, ...]
    events: tuple[tuple[str, str, str], ...]  # (id, when, title)
    actions: tuple[tuple[str, str], ...]  # (id, title): strategy actions and counter-moves


def evidence(ds: Dataset, value: ValueId) -> Evidence:
    labels = {lvl.value: lvl.label for lvl in ds.meta.scale.levels}
    tp = ds.third_party(value.third_party)
    dim = (
        "Overall"
        if value.dimension == "overall"
        else next(d.name for d in ds.meta.dimensions if d.id == value.dimension)
    )
    sides = []
    for actor in ds.meta.actors:
        if value.side is not None and actor.id != value.side:
            continue
        r = rating(ds, value, actor.id)
        coded = r is not None and r.value is not None
        sides.append(
            SideEvidence(
                actor.id,
                actor.short_name,
                r.value if coded else None,
                labels.get(r.value, "") if coded else "not coded",
                r,
            )
        )
    events = tuple(
        (e.id, date_label(e.date, e.precision), e.title)
        for e in ds.events
        if value.third_party in e.third_parties
    )
    actions = tuple(
        (a.id, a.title)
        for tier in ds.strategy.tiers
        for goal in tier.goals
        for a in goal.actions
        if value.third_party in a.third_parties
    ) + tuple(
        (m.id, m.title) for m in ds.strategy.counter_moves if value.third_party in m.third_parties
    )
    return Evidence(value, tp.name, dim, tuple(sides), events, actions)


def citation(ds: Dataset, ev: Evidence, permalink: str) -> str:
    """One line to paste into notes: dataset and version, the value, its evidence, the source,
    and the address that opens it."""
    src = ds.meta.sources[0]
    parts = []
    for side in ev.sides:
        r = side.rating
        basis = ""
        if r is not None and r.value is not None:
            basis = f" (inferred: {r.reasoning})" if r.inferred else f', quoting "{r.quote}"'
        parts.append(f"{side.side_name} {_signed(side.value)} {side.label}{basis}")
    said = "; ".join(parts)
    stop = "" if said.endswith((".", '."')) else "."  # a quote's own stop ends the sentence
    return (
        f"{ds.meta.title}, dataset v{ds.meta.version}: {ev.third_party_name}, "
        f"{ev.dimension_name.lower()}, {ev.id.year}: {said}{stop} "
        f"Source: {src.author}, \u201c{src.title}\u201d, {src.outlet.split(' (')[0]}, {src.date}. "
        f"{permalink}"
    )


def _signed(value: int | None) -> str:
    if value is None:
        return ""
    return f"{value:+d}" if value else "0"


# Text fragments (https://wicg.github.io/scroll-to-text-fragment/): these characters separate
# the directive's parts and must be percent-encoded inside a part.
_FRAGMENT_SPECIAL = "-,&"


def _fragment_part(text: str) -> str:
    return "".join(f"%{ord(c):02X}" if c in _FRAGMENT_SPECIAL else urlquote(c, safe="")
                   for c in text)  # fmt: skip


def article_link(ds: Dataset, quote: str | None, words: int = 5) -> str | None:
    """The source online, scrolled to the quote: `address#:~:text=start,end` built from the
    quote's first and last few words (a long quote), or the whole quote (a short one). None
    where the dataset gives no http(s) address or there is no quote."""
    address = web_address(ds.meta.sources[0].address) if ds.meta.sources[0].address else None
    if address is None or not quote:
        return None
    tokens = re.sub(r"\s+", " ", quote).strip().split(" ")
    if len(tokens) <= 2 * words:
        directive = _fragment_part(" ".join(tokens))
    else:
        start = " ".join(tokens[:words])
        end = " ".join(tokens[-words:])
        directive = f"{_fragment_part(start)},{_fragment_part(end)}"
    return f"{address.split('#', 1)[0]}#:~:text={directive}"


def _bib(text: str) -> str:
    """A BibTeX field's text: braces and backslashes that would end or escape it removed, and
    the characters LaTeX reads as commands escaped."""
    text = re.sub(r"[{}\\]", "", text)
    return re.sub(r"([&%$#_])", r"\\\1", text)


def chart_citation(ds: Dataset, title: str, link: str, when: date) -> tuple[str, str]:
    """How to cite one chart of the dashboard: (APA 7 style, BibTeX). The chart is the work
    (its finding as the title), the dataset and its version the publisher's detail, the source
    article what it is based on, and the view's address where to find it, with the day it was
    retrieved (the dataset can change)."""
    src = ds.meta.sources[0]
    outlet = src.outlet.split(" (")[0]
    year = when.year
    apa = (
        f"{ds.meta.title} (dataset v{ds.meta.version}). ({year}). {title} [Chart]. "
        f"Based on {src.author} ({src.date}), \u201c{src.title},\u201d {outlet}. "
        f"Retrieved {when:%B} {when.day}, {year}, from {link}"
    )
    key = re.sub(r"[^a-z0-9]+", "-", f"tugofwar {ds.meta.version} {title}".lower())[:60]
    bibtex = "\n".join(
        [
            f"@misc{{{key.strip('-')},",
            f"  title = {{{_bib(title)}}},",
            f"  author = {{{{{_bib(ds.meta.title)}}}}},",
            f"  year = {{{year}}},",
            f"  howpublished = {{Chart, dataset v{_bib(ds.meta.version)}}},",
            f"  note = {{Based on {_bib(src.author)}, {_bib(src.title)}, {_bib(outlet)}, "
            f"{_bib(src.date)}. Accessed {when:%Y-%m-%d}}},",
            f"  url = {{{_bib_url(link)}}}",
            "}",
        ]
    )
    return apa, bibtex


def _bib_url(link: str) -> str:
    """An address in a BibTeX field: as it is, less what could end the field."""
    return re.sub(r"[{}\\\s]", "", link)
