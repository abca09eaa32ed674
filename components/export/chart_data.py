"""What a chart's export carries beside its picture, so that it stands alone on a slide or in a
spreadsheet: the values it draws as a tidy table (one row per side's value, with the scale's
label and the id that opens its evidence), the evidence behind it, short and in full, and the
metadata of the data (source, version, scale, address).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from components.core import cite
from components.core.escape import unplot
from components.core.view_state import ViewState
from components.dataset.models import Dataset, Rating
from components.figures.views import ChartView

VALUE_COLUMNS = (
    "third_party", "third_party_id", "side", "side_id", "year", "dimension", "value",
    "scale_label", "value_id", "inferred", "quote",
)  # fmt: skip
NOT_CODED = "not coded"
NOTES_QUOTES = 3  # quotes in a slide's speaker notes: the strongest; the rest in the appendix
NOTES_LIMIT = 1200  # characters of a slide's speaker notes, about a minute of speaking


def value_ids(figure: go.Figure) -> list[str]:
    """The value ids the chart's points carry (the last item of each point's customdata)."""
    out: dict[str, None] = {}
    for trace in figure.data:
        for data in getattr(trace, "customdata", None) or ():
            last = data[-1] if isinstance(data, list | tuple) and len(data) else data
            if isinstance(last, str) and last:
                out[last] = None
    return list(out)


def _sides(
    ds: Dataset, ids: Sequence[str]
) -> Iterator[tuple[cite.ValueId, cite.Evidence, cite.SideEvidence]]:
    """Each side's evidence of each value id the dataset knows (ids once each, in order)."""
    for text in dict.fromkeys(ids):
        value = cite.parse(ds, text)
        if value is not None:
            ev = cite.evidence(ds, value)
            for side in ev.sides:
                yield value, ev, side


def _table_ids(ds: Dataset, view: ChartView, state: ViewState | None) -> list[str]:
    """The both-sides value ids of the third parties in a one-year chart's table (the map lists
    some of them beside it, with no point to carry an id)."""
    year = getattr(state, "year", None)
    if year is None or view.as_of != str(year) or "Third party" not in view.table:
        return []
    ids = {tp.name: tp.id for tp in ds.third_parties}
    dimension = getattr(state, "dimension", "overall")
    return [str(cite.ValueId(ids[name], dimension, year))
            for name in view.table["Third party"] if name in ids]  # fmt: skip


def values_frame(
    ds: Dataset, view: ChartView, state: ViewState | None = None
) -> pd.DataFrame | None:
    """The values the chart draws, one row per side's value (not coded ones included, with no
    value and the label "not coded"), or None for a chart of no values (events, actions): the
    values its points carry, and (given its view's state) those of every third party its table
    lists for the view's year."""
    rows = []
    for value, ev, side in _sides(ds, value_ids(view.figure) + _table_ids(ds, view, state)):
        coded = side.rating is not None and side.value is not None
        rows.append(
            {
                "third_party": ev.third_party_name,
                "third_party_id": value.third_party,
                "side": side.side_name,
                "side_id": side.side,
                "year": value.year,
                "dimension": value.dimension,
                "value": side.value,
                "scale_label": side.label,
                "value_id": str(
                    cite.ValueId(value.third_party, value.dimension, value.year, side.side)
                ),  # fmt: skip
                "inferred": bool(side.rating.inferred) if coded else None,
                "quote": (side.rating.quote or "").strip() if coded else "",
            }
        )
    if not rows:
        return None
    frame = pd.DataFrame(rows, columns=list(VALUE_COLUMNS)).drop_duplicates("value_id")
    frame["value"] = frame["value"].astype("Int64")
    return frame.reset_index(drop=True)


def snake(name: object) -> str:
    """'Third party' -> 'third_party': one header case in every CSV."""
    return re.sub(r"[^0-9a-z]+", "_", str(name).lower()).strip("_") or "column"


def chart_frame(ds: Dataset, view: ChartView, state: ViewState | None = None) -> pd.DataFrame:
    """The chart's numbers as its CSV holds them: the values it draws (values_frame), else its
    own table (events, actions), in one header case."""
    frame = values_frame(ds, view, state)
    if frame is None:
        frame = view.table.copy()
        frame.columns = [snake(c) for c in frame.columns]
    return frame


def metadata_frame(
    ds: Dataset, permalink: str, when: date, charts: Sequence[str] = ()
) -> pd.DataFrame:
    """The header every CSV of a pack shares (metadata.csv): what the data is, where it comes
    from, its version, the scale its values are on, and the address of the view."""
    src = ds.meta.sources[0]
    rows = [
        ("title", ds.meta.title),
        ("dataset_version", ds.meta.version),
        ("source", f"{src.author}, \u201c{src.title}\u201d, {src.outlet}, {src.date}"),
        ("source_address", src.address or ""),
        ("view_address", permalink),
        ("exported", f"{when:%Y-%m-%d}"),
        ("sides", "; ".join(f"{a.id} = {a.short_name}" for a in ds.meta.actors)),
        ("scale", ds.meta.scale.description.strip()),
    ]
    for lvl in ds.meta.scale.levels:
        rows.append((f"scale {lvl.value:+d}" if lvl.value else "scale 0",
                     f"{lvl.label}: {lvl.definition.strip()}"))  # fmt: skip
    rows.append(("not coded", "no value: the source gives no grounds for one (never a 0)"))
    rows += [("chart", name) for name in charts]
    return pd.DataFrame(rows, columns=["field", "value"])


# ---------------------------------------------------------------- evidence


def _strength(side: cite.SideEvidence) -> tuple:
    """How strongly a quote carries its value, for choosing the notes' few: stated before
    inferred, high confidence before low, the scale's ends before its middle."""
    r: Rating | None = side.rating
    confidence = {"high": 0, "medium": 1, "low": 2}.get(getattr(r, "confidence", None) or "", 3)
    return (bool(r and r.inferred), confidence, -abs(side.value or 0))


def quotes(ds: Dataset, view: ChartView) -> list[tuple[tuple, str]]:
    """Every quote behind the chart, once each, strongest first: ((sort key), line). A line
    names the third party, the side, its value in each year the quote carries and the
    dimension; an inferred value's quote is the ground of the inference, said so. A chart of
    events quotes each event."""
    found: dict[tuple, dict] = {}
    for value, ev, side in _sides(ds, value_ids(view.figure)):
        r = side.rating
        if r is not None and side.value is not None and r.quote:
            key = (ev.third_party_name, side.side_name, ev.dimension_name.lower(), r.quote.strip())
            entry = found.setdefault(key, {"years": {}, "rating": r, "strength": _strength(side)})
            entry["years"][value.year] = side.value
            entry["strength"] = min(entry["strength"], _strength(side))
    lines = []
    for (tp, side, dim, quote), entry in found.items():
        r, years = entry["rating"], entry["years"]
        values = sorted(years.items())
        if len({v for _, v in values}) == 1:
            said = f"{_signed(values[0][1])} in {_years(list(years))}"
        else:
            said = ", ".join(f"{_signed(v)} in {y}" for y, v in values)
        basis = (f" (inferred: {r.reasoning.strip()})" if r.inferred and r.reasoning
                 else " (inferred)" if r.inferred else "")  # fmt: skip
        line = f"{tp}, {side} {said}, {dim}: \u201c{quote}\u201d{basis}"
        lines.append((entry["strength"], line))
    if "id" in view.table and "title" in view.table:  # a chart of events
        events = {e.id: e for e in ds.events}
        for event_id in view.table["id"]:
            if (e := events.get(event_id)) is not None and e.quote:
                lines.append(((False, 3, 0), f"{e.title}: \u201c{e.quote.strip()}\u201d"))
    ordered = sorted(dict.fromkeys(lines), key=lambda kv: kv[0])  # stable in a tie
    return list(ordered)


def _signed(value: int) -> str:
    return f"{value:+d}" if value else "0"


def _years(years: list[int]) -> str:
    """'2014-2016' for a run of years, else '2014, 2016'."""
    ys = sorted(years)
    if len(ys) > 1 and ys == list(range(ys[0], ys[-1] + 1)):
        return f"{ys[0]}-{ys[-1]}"
    return ", ".join(map(str, ys))


def finding(view: ChartView) -> str:
    """The chart's finding: its title in plain text."""
    return unplot(view.figure.layout.title.text or view.key)


def short_notes(ds: Dataset, view: ChartView, permalink: str) -> str:
    """A slide's speaker notes, at most NOTES_LIMIT characters: the finding, what the chart
    shows, its address, and the few strongest quotes (the rest: the evidence appendix)."""
    head = [finding(view), view.caption + (f" {view.note}" if view.note else ""),
            f"View online: {permalink}"]  # fmt: skip
    lines = full_evidence(ds, view)
    out = "\n".join(head)
    if not lines:
        return out[:NOTES_LIMIT]
    more = len(lines) - NOTES_QUOTES
    tail = f"\n(and {more} more: the evidence appendix)" if more > 0 else ""
    out += "\n\nStrongest evidence:"
    room = NOTES_LIMIT - len(out) - len(tail)
    for line in lines[:NOTES_QUOTES]:
        entry = f"\n- {line}"
        if len(entry) > room:
            entry = entry[: max(room - 1, 0)].rstrip() + "\u2026" if room > 40 else ""
        out += entry
        room -= len(entry)
    return out + tail


def full_evidence(ds: Dataset, view: ChartView) -> list[str]:
    """Every quote behind the chart, strongest first (the appendix and the pack's notes)."""
    return [line for _, line in quotes(ds, view)]
