"""The deck's bar charts as native PowerPoint charts (python-pptx chart objects with the data
behind them), so a writer can restyle, relabel and re-sort them in PowerPoint: each side's
strength per third party, the gap per third party coloured by lean, and the strategy's actions
per tier by outcome. Their numbers are the chart's CSV's (chart_data.py), a test holds them
equal. Charts that are not bars (map, network, timeline, scatter, arrows) stay pictures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from components.core.tables import lean_labels
from components.dataset.models import Dataset, status_label
from components.export import chart_data
from components.figures.charts import lean_color
from components.figures.theme import STATUS_COLORS, actor_styles
from components.figures.views import ChartView


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    color: str  # "#rrggbb"
    point_colors: tuple[str, ...] = ()  # one per category, where points differ (by lean)


@dataclass(frozen=True)
class NativeChart:
    kind: str  # "clustered" or "stacked"
    categories: tuple[str, ...]  # top to bottom, as the picture shows them
    series: tuple[Series, ...]
    axis_title: str
    value_range: tuple[float, float] | None = None
    number_format: str = "0"
    note: str = ""  # what the bars cannot show (values not coded), under the chart
    legend: bool = True


def scale_words(ds: Dataset) -> str:
    """'-2 hostile ... 3 close partnership': the scale's ends in words, for an axis title."""
    levels = sorted(ds.meta.scale.levels, key=lambda lvl: lvl.value)
    return (f"{levels[0].value:+d} {levels[0].label.lower()} \u2026 "
            f"{levels[-1].value:+d} {levels[-1].label.lower()}")  # fmt: skip


def _not_coded(frame: pd.DataFrame) -> str:
    """'Not coded (no bar, not a 0): A: X, Y; B: Z.' for the values with no value, by side."""
    missing = frame[frame["value"].isna()]
    if missing.empty:
        return ""
    parts = [
        f"{side}: {', '.join(dict.fromkeys(part['third_party']))}"
        for side, part in missing.groupby("side", sort=False)
    ]
    return "Not coded (no bar, not a 0): " + "; ".join(parts) + "."


def _order(frame: pd.DataFrame, view: ChartView) -> tuple[list[str], dict[str, str]]:
    """The third parties' ids top to bottom as the chart shows them (its table's order), and
    their names."""
    names = dict(zip(frame["third_party_id"], frame["third_party"], strict=False))
    ids = {name: tp for tp, name in names.items()}
    order = [ids[name] for name in view.table["Third party"] if name in ids]
    return order + [tp for tp in names if tp not in order], names


def _by_side(ds: Dataset, view: ChartView, title: str) -> NativeChart | None:
    frame = chart_data.values_frame(ds, view)
    if frame is None:
        return None
    styles = actor_styles(ds)
    order, names = _order(frame, view)
    series = []
    for style in styles:
        mine = frame[frame["side_id"] == style.id].set_index("third_party_id")["value"]
        series.append(
            Series(
                style.short,
                tuple(None if pd.isna(mine.get(tp)) else float(mine[tp]) for tp in order),
                style.color,
            )
        )
    scale = [lvl.value for lvl in ds.meta.scale.levels]
    return NativeChart(
        "clustered",
        tuple(names[tp] for tp in order),
        tuple(series),
        f"{title}: {scale_words(ds)}",
        (min(scale), max(scale)),
        "+0;-0;0",
        _not_coded(frame),
    )


def _gaps(ds: Dataset, view: ChartView) -> NativeChart | None:
    frame = chart_data.values_frame(ds, view)
    if frame is None:
        return None
    styles = actor_styles(ds)
    a, b = styles[0], styles[1]
    table = view.table
    lean_ids = {label: lean for lean, label in lean_labels(ds).items()}
    values = frame.pivot(index="third_party_id", columns="side_id", values="value")
    order, names = _order(frame, view)
    leans = dict(zip(table["Third party"], table["Lean"], strict=True))
    gaps = []
    for tp in order:
        va, vb = values.at[tp, a.id], values.at[tp, b.id]
        gaps.append(None if pd.isna(va) or pd.isna(vb) else float(va - vb))
    colors = tuple(lean_color(lean_ids.get(leans.get(names[tp], ""), ""), styles) for tp in order)
    return NativeChart(
        "clustered",
        tuple(names[tp] for tp in order),
        (Series(f"{a.short} minus {b.short}", tuple(gaps), a.color, colors),),
        f"Gap: {a.short}'s value minus {b.short}'s (right: {a.short} stronger; "
        f"left: {b.short} stronger)",
        None,
        "+0;-0;0",
        _not_coded(frame),
        legend=False,
    )


def _tiers(ds: Dataset, view: ChartView) -> NativeChart | None:
    table = view.table
    statuses = [c for c in table.columns if c in STATUS_COLORS]
    if not statuses:
        return None
    tiers = table[table.columns[0]]  # named for the dataset's tiers ("Tier", "Track", ...)
    return NativeChart(
        "stacked",
        tuple(tiers),
        tuple(
            Series(status_label(s), tuple(float(v) for v in table[s]), STATUS_COLORS[s])
            for s in statuses
        ),
        "actions",
        number_format="0;-0;;",  # a zero's label left out: no sliver to label
    )


BUILDERS = {
    "strength-by-side": lambda ds, view: _by_side(ds, view, "Strength of ties"),
    "who-leads-where": _gaps,
    "strategy-progress": _tiers,
}


def spec(ds: Dataset, view: ChartView) -> NativeChart | None:
    """The chart as a native bar chart's data, or None where it is drawn as a picture."""
    build = BUILDERS.get(view.key)
    return None if build is None else build(ds, view)


def _rgb(color: str):  # noqa: ANN202 - pptx's RGBColor
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(color.lstrip("#")[:6].upper())


def add(slide, chart: NativeChart, box: Sequence[int]):  # noqa: ANN001, ANN201 - pptx objects
    """Put the chart on the slide in the box (left, top, width, height, EMU); its graphic frame."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import (
        XL_CHART_TYPE,
        XL_LABEL_POSITION,
        XL_LEGEND_POSITION,
        XL_TICK_LABEL_POSITION,
    )
    from pptx.util import Pt

    data = CategoryChartData(number_format=chart.number_format)
    data.categories = list(chart.categories)
    for series in chart.series:
        data.add_series(series.name, list(series.values))
    kind = XL_CHART_TYPE.BAR_STACKED if chart.kind == "stacked" else XL_CHART_TYPE.BAR_CLUSTERED
    left, top, width, height = box
    if chart.note:
        height -= Pt(NOTE_PT)
    frame = slide.shapes.add_chart(kind, left, top, width, height, data)
    made = frame.chart
    made.font.size = Pt(11 if len(chart.categories) <= 12 else 9)
    made.has_title = False  # the slide's title says what the chart shows
    made.has_legend = chart.legend
    if chart.legend:
        made.legend.position = XL_LEGEND_POSITION.BOTTOM
        made.legend.include_in_layout = False
    plot = made.plots[0]
    plot.gap_width = 40
    if chart.kind == "stacked":
        plot.overlap = 100
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = chart.number_format
    labels.number_format_is_linked = False
    if chart.kind != "stacked":
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
    for series, made_series in zip(chart.series, plot.series, strict=True):
        made_series.format.fill.solid()
        made_series.format.fill.fore_color.rgb = _rgb(series.color)
        made_series.invert_if_negative = False
        for k, color in enumerate(series.point_colors):
            point = made_series.points[k]
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = _rgb(color)
    made.category_axis.reverse_order = True  # the first category on top, as in the picture
    _every_label(made.category_axis)
    # the names at the plot's left edge, clear of the bars that run left of zero
    made.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    axis = made.value_axis
    if chart.value_range is not None:
        axis.minimum_scale, axis.maximum_scale = chart.value_range
        axis.major_unit = 1
    axis.has_title = True
    axis.axis_title.text_frame.text = chart.axis_title
    axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
    axis.tick_labels.number_format = chart.number_format
    axis.tick_labels.number_format_is_linked = False
    if chart.note:
        note = slide.shapes.add_textbox(left + Pt(20), top + height, width - Pt(40), Pt(NOTE_PT))
        note.text_frame.word_wrap = True
        note.text_frame.text = chart.note
        note.text_frame.paragraphs[0].runs[0].font.size = Pt(10)
    return frame


NOTE_PT = 30  # the note under a chart: two lines of 10 pt


def _every_label(axis) -> None:  # noqa: ANN001 - pptx's category axis
    """Every category's name shown (PowerPoint and LibreOffice skip some when rows are tight):
    the axis's tickLblSkip set to 1."""
    from pptx.oxml.ns import qn

    element = axis._element
    for old in element.findall(qn("c:tickLblSkip")):
        element.remove(old)
    skip = element.makeelement(qn("c:tickLblSkip"), {"val": "1"})
    element.insert_element_before(skip, "c:tickMarkSkip", "c:noMultiLvlLbl", "c:extLst")
