"""Figure builders: pure functions from DataFrames (core/tables.py) to plotly figures.

Nothing here reads files or Streamlit state. Every figure uses the project template, carries the
title it is given (a sentence stating the finding), and takes actor colours from ActorStyle.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from components.core.dates import date_label
from components.core.escape import plot
from components.core.tables import ALOOF, HEDGE, UNCODED
from components.dataset.models import status_label
from components.figures.labels import (
    MAP_LABEL_PX,
    place_labels,
    place_names,
)
from components.figures.narrow import ROWS, TICK_CHARS
from components.figures.theme import (
    ALOOF_COLOR,
    BORDER,
    GRID,
    INK,
    KEY_SEP,
    KIND_SYMBOLS,
    LAND,
    MUTED,
    NEUTRAL,
    NOT_CODED,
    STATUS_COLORS,
    STATUS_PATTERNS,
    TEMPLATE_NAME,
    ActorStyle,
    blend,
    edge,
    wrap_key,
    wrap_words,
)

OUTLINES = Path(__file__).resolve().parent.parent / "assets" / "outlines_110m.json"
ROW_HEIGHT = 30


def _fmt(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "not coded"
    return f"{int(value):+d}" if int(value) else "0"


def _label_margin(fig: go.Figure, labels: list[str]) -> None:
    """Room on the left for category labels: automargin alone clips long ones when the web font
    is measured before it has loaded."""
    longest = max((len(str(x)) for x in labels), default=0)
    # meta names the axis of row names, so a narrow layout can put each name above its row
    fig.update_layout(margin_l=int(min(460, 16 + 7.4 * longest)), meta={ROWS: "y"})


KEY_UNDER_PX = 26  # a key below a plot: under its tick labels


def _key_under_ticks(fig: go.Figure) -> None:
    """A key below the plot at a fixed distance in pixels, under the tick labels at any height:
    a share of a short plot's height (a timeline of two lanes) would put it on them."""
    template = pio.templates[TEMPLATE_NAME].layout.margin
    margin = fig.layout.margin
    top = margin.t if margin.t is not None else template.t
    bottom = margin.b if margin.b is not None else template.b
    plot_px = max((fig.layout.height or 450) - (top or 0) - (bottom or 0), 1)
    fig.update_layout(legend_yref="paper", legend_y=-KEY_UNDER_PX / plot_px)


def _base(title: str, height: int) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE_NAME, title_text=plot(title), height=height)
    return fig


# Text from the dataset reaches a figure only through these: every name, title, label and hover
# text is escaped (text.plot), so Plotly shows '<a href>' or '<span style>' in a name as written.
def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of the frame with every text cell escaped for Plotly (ids are unchanged: their
    characters need no escaping)."""
    return frame.map(lambda v: plot(v) if isinstance(v, str) else v)


def _plain_styles(styles: list[ActorStyle]) -> list[ActorStyle]:
    return [
        dataclasses.replace(s, name=plot(s.name), short=plot(s.short), phrase=plot(s.phrase))
        for s in styles
    ]


def _plain_labels(labels: dict[str, str]) -> dict[str, str]:
    return {k: plot(v) for k, v in labels.items()}


# ---------------------------------------------------------------- the scale in words and keys

# A chart pasted alone onto a slide says what it draws: the scale's words (each level's value
# and label, from the dataset), what a mark for a value not coded is, what lines and numbers
# mean. The words stand on the value axis where there is room (the trend's), else in a key.

NOT_CODED_MARK = "n/c"  # what a chart writes where a value is not coded; its key says so
NOT_CODED_WORDS = f"{NOT_CODED_MARK} Not coded"
KEY_CHARS = 130  # a line of a key's title on the narrowest desktop chart (13-pixel type)
KEY_PX = 13


def tick(value: int) -> str:
    """A value on the scale as an axis writes it: '3', '0', '\u22122' (plotly's minus sign)."""
    return f"\u2212{-value}" if value < 0 else str(value)


def level_words(scale_labels: dict[int, str]) -> list[str]:
    """Each level of the scale in words, lowest first: '\u22122 Hostile' (labels escaped)."""
    return [f"{tick(v)} {plot(label)}" for v, label in sorted(scale_labels.items())]


def key_title(
    fig: go.Figure, entries: list[str], *, lead: str = "", legend: str = "legend"
) -> None:
    """Words above a key's entries: the scale's levels, what a map's numbers are. One line on a
    desktop chart where they fit, else broken between entries; narrow.py and the projector break
    it again for their widths (theme.rewrap_key_title). Entries are Plotly text already."""
    text = "<br>".join(wrap_key(lead + KEY_SEP.join(entries), KEY_CHARS))
    title = dict(text=text, side="top", font_size=KEY_PX)
    fig.update_layout({legend: dict(title=title), "showlegend": True})


def scale_key(fig: go.Figure, scale_labels: dict[int, str] | None, *extra: str) -> None:
    """The scale's words above the figure's key ('Scale: \u22122 Hostile · … · 3 Close
    partnership'), with any `extra` entries (what 'n/c' means); none without labels."""
    if scale_labels:
        key_title(fig, [*level_words(scale_labels), *extra], lead="Scale: ")


# ---------------------------------------------------------------- hover text and value ids

QUOTE_WORDS = 10  # words of a value's quote a tooltip shows


def side_hover(frame: pd.DataFrame, style: ActorStyle) -> list[str]:
    """Per row, one side's value as a tooltip says it: 'Rome: +2 working relations' and the
    first words of its quote (the frame's <id>_label and <id>_quote columns, when it has them;
    text already escaped)."""
    labels = frame.get(f"{style.id}_label")
    quotes = frame.get(f"{style.id}_quote")
    out = []
    for i, value in enumerate(frame[style.id]):
        line = f"{style.short}: {_fmt(value)}"
        label = labels.iloc[i] if labels is not None else None
        if isinstance(label, str) and label and label != "not coded" and _fmt(value) != "not coded":
            line += f" {label.lower()}"
        quote = quotes.iloc[i] if quotes is not None else None
        if isinstance(quote, str) and quote:
            words = quote.split()
            snippet = " ".join(words[:QUOTE_WORDS]) + ("\u2026" if len(words) > QUOTE_WORDS else "")
            line += f"<br><i>\u201c{snippet}\u201d</i>"
        out.append(line)
    return out


def value_ids(frame: pd.DataFrame, side: str | None = None) -> list[str]:
    """The address's value id of each row (the frame's value_id: third party, dimension, year),
    for one side when given: 'russia.taliban.overall.2016'. "" where the frame has none."""
    if "value_id" not in frame:
        return [""] * len(frame)
    if side is None:
        return list(frame["value_id"])
    out = []
    for pair in frame["value_id"]:
        tp, rest = pair.split(".", 1)
        out.append(f"{tp}.{side}.{rest}")
    return out


def lean_color(lean: str, styles: list[ActorStyle]) -> str:
    """The colour of a lean, the same on every chart: each side's colour for a third party
    that leans to it, neutral for ties with both, pale for aloof and for one side not coded."""
    by_id = {s.id: s.color for s in styles}
    return by_id.get(lean, {ALOOF: ALOOF_COLOR, UNCODED: NOT_CODED}.get(lean, NEUTRAL))


def lean_pattern(lean: str, styles: list[ActorStyle]) -> str:
    return {s.id: s.pattern for s in styles}.get(lean, "")


# ---------------------------------------------------------------- who leads where


def build_lead_bars(
    frame: pd.DataFrame, styles: list[ActorStyle], *, title: str, labels: dict[str, str]
) -> go.Figure:
    """Bars of the gap per third party (first actor minus second: right when the first is
    stronger), coloured by lean, the one rule every page counts by; the second actor's bars are
    hatched, so the sides differ in greyscale too. Third parties with one side not coded have
    no gap: their two values are written out instead."""
    frame, labels = _plain(frame), _plain_labels(labels)
    a, b = _plain_styles(styles)[:2]
    fig = _base(title, 110 + ROW_HEIGHT * max(len(frame), 1))
    rows = frame.iloc[::-1]  # plotly draws the first category at the bottom
    for lean in (a.id, b.id, HEDGE, ALOOF):
        part = rows[rows["lean"] == lean]
        if part.empty:
            continue
        level = part["gap"].astype("Float64") == 0
        fig.add_bar(
            # a gap of 0 gets a sliver round the axis, so it shows
            x=[0.12 if z else g for g, z in zip(part["gap"], level, strict=True)],
            base=[-0.06 if z else 0 for z in level],
            y=part["name"],
            orientation="h",
            name=labels[lean],
            marker=dict(
                color=lean_color(lean, styles),
                pattern=dict(
                    shape=lean_pattern(lean, styles), fgcolor="#ffffff", fillmode="overlay"
                ),
                line=dict(width=1, color=edge(lean_color(lean, styles))),
            ),
            # the last item is the value's id: a click opens its evidence (web/chart.chart)
            customdata=list(
                zip(side_hover(part, a), side_hover(part, b), value_ids(part), strict=True)
            ),
            hovertemplate=("<b>%{y}</b><br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>"),
        )
    unknown = rows[rows["lean"] == UNCODED]
    if len(unknown):
        fig.add_scatter(
            x=[0.15] * len(unknown),
            y=unknown["name"],
            mode="text",
            text=[
                f"{a.short}: {_fmt(x)}, {b.short}: {_fmt(y)}"
                for x, y in zip(unknown[a.id], unknown[b.id], strict=True)
            ],
            textposition="middle right",
            textfont=dict(color=MUTED, size=12),
            name=labels[UNCODED],
            customdata=list(
                zip(side_hover(unknown, a), side_hover(unknown, b), value_ids(unknown), strict=True)
            ),  # fmt: skip
            hovertemplate=("<b>%{y}</b><br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>"),
        )
    known = frame["gap"].dropna().abs()
    limit = max(5, int(known.max()) if len(known) else 5)
    fig.update_layout(barmode="overlay", bargap=0.3)
    fig.update_xaxes(
        range=[-limit - 0.5, limit + 0.5],
        tickvals=list(range(-limit, limit + 1)),
        ticktext=[f"+{abs(v)}" if v else "0" for v in range(-limit, limit + 1)],
        title_text=f"\u2190 {b.phrase} stronger by \u00b7 {a.phrase} stronger by \u2192",
        zeroline=True,
        zerolinewidth=2,
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(rows["name"]), showgrid=False)
    _label_margin(fig, list(rows["name"]))
    return fig


def build_butterfly(
    frame: pd.DataFrame,
    styles: list[ActorStyle],
    *,
    title: str,
    scale: list[int],
    scale_labels: dict[int, str] | None = None,
) -> go.Figure:
    """Each side's value per third party: the first actor in the left panel (growing leftward),
    the second in the right; rows sorted by the gap, so the first actor's strongholds are on top.
    A value not coded has no bar: 'n/c' stands at the axis instead (the label of a bar of no
    length, grey and slanted, so plotly fits it to the row as it does every value's label), so
    a blank is never read as 0 (labelled an upright '0'); the key under the plot says the
    scale's words."""
    frame = _plain(frame)
    a, b = _plain_styles(styles)[:2]
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.02,
        subplot_titles=(a.Phrase, b.Phrase),
    )
    fig.update_layout(
        template=TEMPLATE_NAME,
        title_text=plot(title),
        height=130 + ROW_HEIGHT * max(len(frame), 1),
        bargap=0.3,
        # under the plot: above it, the key would sit on the panels' titles
        legend=dict(orientation="h", yanchor="top", x=0, xanchor="left"),
    )
    rows = frame.iloc[::-1]
    for col, style in ((1, a), (2, b)):
        values = rows[style.id]
        missing = values.isna()
        fig.add_bar(
            x=values.where(~missing, 0),
            y=rows["name"],
            orientation="h",
            name=style.short,
            marker=dict(
                color=style.color,
                pattern=dict(shape=style.pattern, fgcolor="#ffffff", fillmode="overlay"),
                line=dict(width=1, color=edge(style.color)),
            ),
            text=[
                f"<i>{NOT_CODED_MARK}</i>" if m else _fmt(v)
                for v, m in zip(values, missing, strict=True)
            ],  # fmt: skip
            textfont=dict(color=[MUTED if m else INK for m in missing]),
            textposition="outside",
            cliponaxis=False,
            customdata=list(zip(side_hover(rows, style), value_ids(rows, style.id), strict=True)),
            hovertemplate="<b>%{y}</b><br>%{customdata[0]}<extra></extra>",
            row=1,
            col=col,
        )
    lo, hi = min(scale) - 0.8, max(scale) + 0.8
    # the left panel runs right to left, so both grow outward from the middle
    for col, span in ((1, [hi, lo]), (2, [lo, hi])):
        fig.update_xaxes(range=span, row=1, col=col, zeroline=True, zerolinewidth=2,
                         tickvals=scale)  # fmt: skip
    fig.update_yaxes(categoryorder="array", categoryarray=list(rows["name"]), showgrid=False)
    for annotation in fig.layout.annotations:
        if annotation.text in (a.Phrase, b.Phrase):
            annotation.font = dict(size=15, color=INK)
    uncoded = frame[[a.id, b.id]].isna().any().any()
    scale_key(fig, scale_labels, *([NOT_CODED_WORDS] if uncoded else []))
    _key_under_ticks(fig)
    _label_margin(fig, list(rows["name"]))
    return fig


SCATTER_PLOT_PX = (820, 450)  # the hedging chart's plot on the narrowest desktop (a 1280 laptop)
NETWORK_PLOT_PX = (1000, 500)  # the network's, which has no axes, its keys beside it


def build_hedging(
    frame: pd.DataFrame,
    styles: list[ActorStyle],
    *,
    title: str,
    scale: list[int],
    labels: dict[str, str],
    scale_labels: dict[int, str] | None = None,
) -> go.Figure:
    """Scatter of the first actor's value (x) against the second's (y), quadrants at 1 (contact).
    Colour says which way a third party leans, shape what kind it is. A side not coded has no
    place on the scale: such points sit in a band of their own past its low end ("not coded"),
    never at 0. Points sharing a position are spread on a small circle, names set outward. The
    scale's words are the y axis's ticks, in short lines that leave the plot its width (the x
    axis has no room for them: it takes the same numbers)."""
    frame, labels = _plain(frame), _plain_labels(labels)
    a, b = _plain_styles(styles)[:2]
    fig = _base(title, 640)
    uncoded_at = min(scale) - 1.2  # the "not coded" band, apart from the scale
    # names in the bottom band sit under or over their points: room for a line below them
    lo, hi = uncoded_at - 0.95, max(scale) + 0.8
    # the names of points spread left in the band run left of it: room for them on a wall
    x_lo = uncoded_at - 0.9
    scale_start = min(scale) - 0.6  # where the scale starts
    cut = 0.5  # between "no ties" (0) and "contact" (1)
    # the shaded area is the rule's (tables.classify): both at least 1 and at most 1 apart, so
    # no point that leans to one side sits in it
    band = 1.5  # halfway between a difference of 1 (ties with both) and 2 (a lean)
    corners_of_band = [(cut, cut), (cut + band, cut), (hi, hi - band), (hi, hi), (hi - band, hi),
                       (cut, cut + band)]  # fmt: skip
    band_path = "M " + " L ".join(f"{x},{y}" for x, y in corners_of_band) + " Z"
    fig.add_shape(type="path", path=band_path, line=dict(width=0), fillcolor="#f1f2f5",
                  layer="below")  # fmt: skip
    for x0, x1, y0, y1 in ((x_lo, scale_start, lo, hi), (x_lo, hi, lo, scale_start)):
        fig.add_shape(type="rect", x0=x0, x1=x1, y0=y0, y1=y1, line=dict(width=0),
                      fillcolor="#fafafa", layer="below")  # fmt: skip
    fig.add_shape(
        type="line", x0=cut, x1=cut, y0=scale_start, y1=hi, line=dict(color="#c3c8d0", width=1)
    )
    fig.add_shape(
        type="line", x0=scale_start, x1=hi, y0=cut, y1=cut, line=dict(color="#c3c8d0", width=1)
    )
    corners = [
        (hi, hi, "right", "top", "Ties with both (hedging)"),
        (hi, scale_start, "right", "bottom", f"{a.Phrase}'s side"),
        (scale_start, hi, "left", "top", f"{b.Phrase}'s side"),
        (scale_start, scale_start, "left", "bottom", "Aloof, or hostile to both"),
    ]
    for x, y, xanchor, yanchor, label in corners:
        fig.add_annotation(
            x=x,
            y=y,
            text=f"<i>{label}</i>",
            showarrow=False,
            xanchor=xanchor,
            yanchor=yanchor,
            font=dict(size=13, color=MUTED),
        )
    data = frame.copy()
    data["x"] = data[a.id].astype("Float64").fillna(uncoded_at).astype(float)
    data["y"] = data[b.id].astype("Float64").fillna(uncoded_at).astype(float)
    in_band = data["y"] == uncoded_at
    data["textpos"] = ["bottom center" if band else "top center" for band in in_band]
    for (_, y), group in data.groupby(["x", "y"]):
        n = len(group)
        if n < 2:
            continue
        if y == uncoded_at:
            # in the band: side by side (the band is one row of points)
            step = min(0.5, 0.9 / n)
            for k, idx in enumerate(group.index):
                data.loc[idx, "x"] += (k - (n - 1) / 2) * step
            continue
        for k, idx in enumerate(group.index):
            angle = 2 * math.pi * k / n + math.pi / 4
            dx, dy = math.cos(angle), math.sin(angle)
            data.loc[idx, "x"] += 0.26 * dx
            data.loc[idx, "y"] += 0.26 * dy
            vertical = "top" if dy >= 0 else "bottom"
            data.loc[idx, "textpos"] = f"{vertical} {'right' if dx >= 0 else 'left'}"
    for lean in (a.id, b.id, HEDGE, ALOOF, UNCODED):
        part = data[data["lean"] == lean]
        if part.empty:
            continue
        color = lean_color(lean, styles) if lean != UNCODED else MUTED
        fig.add_scatter(
            x=part["x"],
            y=part["y"],
            mode="markers+text",
            name=labels[lean],
            text=part["short"] if "short" in part else part["name"],
            textposition=list(part["textpos"]),
            textfont=dict(size=11, color=INK),
            marker=dict(
                # an open symbol: one side is not coded
                symbol=[
                    KIND_SYMBOLS[k] + ("-open" if lean == UNCODED else "") for k in part["kind"]
                ],  # fmt: skip
                size=12,
                color=color,
                line=dict(color=edge(color), width=2),
            ),
            customdata=list(
                zip(
                    side_hover(part, a),
                    side_hover(part, b),
                    part["kind"],
                    part["name"],
                    value_ids(part),
                    strict=True,
                )
            ),
            hovertemplate=(
                "<b>%{customdata[3]}</b> (%{customdata[2]})<br>%{customdata[0]}<br>"
                "%{customdata[1]}<extra></extra>"
            ),
        )
    values = [uncoded_at, *scale]
    numbers = ["not coded", *map(str, scale)]
    fig.update_xaxes(range=[x_lo, hi], title_text=f"{a.Phrase}: strength of ties", zeroline=False,
                     tickvals=values, ticktext=numbers)  # fmt: skip
    words = numbers
    if scale_labels:
        words = ["not coded"] + [
            "<br>".join(wrap_words(w, TICK_CHARS)) for w in level_words(scale_labels)
        ]
    fig.update_yaxes(range=[lo, hi], title_text=f"{b.Phrase}: strength of ties", zeroline=False,
                     tickvals=values, ticktext=words)  # fmt: skip
    shape_key(fig, data["kind"])
    # the names around their marks, none over another (labels.py), for the narrowest desktop
    place_names(fig, *SCATTER_PLOT_PX, font_px=11)
    return fig


def shape_key(fig: go.Figure, kinds: Iterable[str]) -> None:
    """A second legend, right of the plot: what each marker's shape says (the kind of third
    party), so a chart that travels without its caption (an export) still says it."""
    present = set(kinds)
    for kind, symbol in KIND_SYMBOLS.items():
        if kind in present:
            fig.add_scatter(
                x=[None], y=[None], mode="markers", name=kind, legend="legend2",
                marker=dict(symbol=symbol, size=11, color=MUTED), hoverinfo="skip",
            )  # fmt: skip
    fig.update_layout(
        legend2=dict(
            orientation="v", x=1.01, xanchor="left", y=1, yanchor="top",
            title_text="Shape", itemclick=False, itemdoubleclick=False,
        )
    )  # fmt: skip


# ---------------------------------------------------------------- map


@lru_cache(maxsize=1)
def load_outlines() -> dict[str, list[list[list[float]]]]:
    """ISO alpha-3 -> rings of [lon, lat], shipped with the project (no network)."""
    return json.loads(OUTLINES.read_text(encoding="utf-8"))["countries"]


MAP_LIST_CHARS = 34  # characters to a line of the list of third parties not on the map


@dataclass(frozen=True)
class Box:
    lon0: float
    lon1: float
    lat0: float
    lat1: float

    def margin(self, degrees: float) -> Box:
        return Box(
            self.lon0 - degrees, self.lon1 + degrees, self.lat0 - degrees, self.lat1 + degrees
        )

    def holds(self, lon: float, lat: float) -> bool:
        return self.lon0 <= lon <= self.lon1 and self.lat0 <= lat <= self.lat1


def clip_ring(ring: list[list[float]], box: Box) -> list[list[float]]:
    """A polygon ring cut to a rectangle (Sutherland-Hodgman): what of it the map can show."""

    def cut(points, inside, cross):  # noqa: ANN001, ANN202
        out = []
        for k, current in enumerate(points):
            previous = points[k - 1]
            if inside(current):
                if not inside(previous):
                    out.append(cross(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cross(previous, current))
        return out

    def at_lon(lon):  # noqa: ANN001, ANN202
        return lambda p, q: [lon, p[1] + (q[1] - p[1]) * (lon - p[0]) / (q[0] - p[0])]

    def at_lat(lat):  # noqa: ANN001, ANN202
        return lambda p, q: [p[0] + (q[0] - p[0]) * (lat - p[1]) / (q[1] - p[1]), lat]

    points = [list(p) for p in ring]
    for inside, cross in (
        (lambda p: p[0] >= box.lon0, at_lon(box.lon0)),
        (lambda p: p[0] <= box.lon1, at_lon(box.lon1)),
        (lambda p: p[1] >= box.lat0, at_lat(box.lat0)),
        (lambda p: p[1] <= box.lat1, at_lat(box.lat1)),
    ):
        if not points:
            break
        points = cut(points, inside, cross)
    return [[round(x, 2), round(y, 2)] for x, y in points]


# Outlines are simplified to what the map can show: its view is about 120 degrees wide on at
# least 600 pixels and at most about 1,350 (0.09 degrees a pixel), so a point off the simplified
# line by less than MAP_TOLERANCE degrees, and coordinates rounded to a tenth of a degree, move
# nothing by more than a pixel or so, and the map's message stays under 40 KB.
MAP_TOLERANCE = 0.12
# the grey land around, which only sets the scene, a little coarser (about two pixels)
BACKGROUND_TOLERANCE = 0.25


def simplify_ring(ring: list[list[float]], tolerance: float) -> list[list[float]]:
    """A ring with the points that lie within tolerance of the line through their neighbours
    dropped (Ramer-Douglas-Peucker, run on the open ring from its first point)."""
    if len(ring) <= 4:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    # the first point and the point farthest from it split the ring into two open lines
    far = max(range(len(ring)), key=lambda k: _dist2(ring[k], ring[0]))
    keep[far] = True
    stack = [(0, far), (far, len(ring) - 1)]
    while stack:
        start, end = stack.pop()
        if end - start < 2:
            continue
        worst, at = -1.0, start
        for k in range(start + 1, end):
            d = _line_dist(ring[k], ring[start], ring[end])
            if d > worst:
                worst, at = d, k
        if worst > tolerance:
            keep[at] = True
            stack += [(start, at), (at, end)]
    return [p for p, kept in zip(ring, keep, strict=True) if kept]


def _dist2(p: list[float], q: list[float]) -> float:
    return (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2


def _line_dist(p: list[float], a: list[float], b: list[float]) -> float:
    """Distance from p to the segment from a to b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return _dist2(p, a) ** 0.5
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return _dist2(p, [a[0] + t * dx, a[1] + t * dy]) ** 0.5


def clip_rings(
    rings: list[list[list[float]]], box: Box, tolerance: float = MAP_TOLERANCE
) -> list[list[list[float]]]:
    """Rings cut to the box, simplified to the tolerance and rounded to a tenth of a degree;
    rings left with fewer than three points (too small to see) are dropped."""
    out = []
    for ring in rings:
        points = simplify_ring(clip_ring(ring, box), tolerance)
        rounded = [[round(x, 1), round(y, 1)] for x, y in points]
        rounded = [p for k, p in enumerate(rounded) if k == 0 or p != rounded[k - 1]]
        if len(rounded) >= 3:
            out.append(rounded)
    return out


def _rings_xy(rings: list[list[list[float]]]) -> tuple[list[float | None], list[float | None]]:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for ring in rings:
        xs += [p[0] for p in ring] + [ring[0][0], None]
        ys += [p[1] for p in ring] + [ring[0][1], None]
    return xs, ys


def _add_outline(fig: go.Figure, rings: list[list[list[float]]], **style: object) -> None:
    """Filled outlines (rings of [lon, lat]) as one trace, out of the legend."""
    xs, ys = _rings_xy(rings)
    fig.add_scatter(x=xs, y=ys, fill="toself", mode="lines", showlegend=False, **style)


def _label_point(rings: list[list[list[float]]]) -> tuple[float, float]:
    biggest = max(rings, key=len)
    lon = sum(p[0] for p in biggest) / len(biggest)
    lat = sum(p[1] for p in biggest) / len(biggest)
    return lon, lat


def off_map_list(rows: list, styles: list[ActorStyle]) -> str:
    """The third parties not on the map, with their gaps in their lean's colour (the one rule
    every page colours by); those with one side not coded in one wrapped line, since they have
    no gap."""
    lines = ["<b>Not on the map</b>"]
    unknown = []
    for row in sorted(rows, key=lambda r: -r.gap if not pd.isna(r.gap) else 99):
        if pd.isna(row.gap):
            unknown.append(row.name)
            continue
        color = lean_color(row.lean, styles) if row.lean != ALOOF else MUTED
        lines.append(f"{row.name}: <span style='color:{color}'><b>{_fmt(row.gap)}</b></span>")
    if unknown:
        lines.append(f"<span style='color:{MUTED}'>One side not coded:</span>")
        lines += wrap_words(", ".join(unknown), MAP_LIST_CHARS)
    return "<br>".join(lines)


def map_fill(lean: str, gap: object, styles: list[ActorStyle]) -> str:
    """A country's fill: its lean's colour (deeper the wider the gap, for a side it leans to)."""
    if lean in (styles[0].id, styles[1].id):
        size = 0 if gap is None or pd.isna(gap) else abs(float(gap))
        return blend("#ffffff", lean_color(lean, styles), 0.45 + 0.55 * min(size / 5, 1.0))
    if lean == HEDGE:
        return blend("#ffffff", NEUTRAL, 0.55)
    return lean_color(lean, styles)


MARK_SHIFT_DEG = 1.5  # a group's mark beside its host state's label point, east of it


def build_gap_map(
    frame: pd.DataFrame,
    styles: list[ActorStyle],
    *,
    title: str,
    box: Box,
    labels: dict[str, str],
    home: str | None = None,
    home_name: str | None = None,
    short_names: dict[str, str] | None = None,
    members: dict[str, list[str]] | None = None,
) -> go.Figure:
    """Countries in the home country's region coloured by their lean (the one rule the pages
    count by; deeper the wider the gap), a group drawn on the countries it stands for (or, on a
    state that is itself in the data, as a triangle on it, coloured the same way), the
    region shown whole at any size (the axes shrink, never widen, to keep its shape) and the
    outlines cut to it; the third parties that are neither, or lie outside the map, are
    listed beside it."""
    frame, labels = _plain(frame), _plain_labels(labels)
    a, b = _plain_styles(styles)[:2]
    home_name = plot(home_name) if home_name else None
    outlines = load_outlines()
    shown = box.margin(2.0)  # what is drawn: a little beyond the view, so no edge shows
    short_names = _plain_labels(short_names or {})
    members = members or {}
    fig = _base(title, 640)
    drawn_as = {
        row.third_party: (
            [row.iso3] if row.iso3 else [iso for iso in members.get(row.third_party, [])]
        )
        for row in frame.itertuples()
    }
    taken = {iso for isos in drawn_as.values() for iso in isos}
    _add_outline(
        fig,
        [
            ring
            for iso, rings in outlines.items()
            if iso not in taken and iso != home
            for ring in clip_rings(rings, shown, BACKGROUND_TOLERANCE)
        ],
        fillcolor=LAND,
        line=dict(color=BORDER, width=0.6),
        hoverinfo="skip",
    )
    # a group on the territory of a state that is itself in the data (an armed movement and
    # its host) is a mark on that state, not a fill competing with the state's own
    states = {row.iso3 for row in frame.itertuples() if row.iso3}
    on_map, marks, beside = [], [], []
    for row in frame.itertuples():
        isos = [iso for iso in drawn_as[row.third_party] if iso in outlines]
        inside = [iso for iso in isos if box.holds(*_label_point(outlines[iso]))]
        if inside and not row.iso3 and set(inside) & states:
            marks.append((row, [iso for iso in inside if iso in states]))
        else:
            (on_map if inside else beside).append((row, inside))
    anchors: list[tuple[str, float, float, str]] = []
    if home and home in outlines:
        lon, lat = _label_point(outlines[home])
        anchors.append((home, lon, lat, f"<b>{home_name or home}</b>"))
    # small countries first: they have the fewest places for a label
    hover_a = dict(zip(frame["third_party"], side_hover(frame, a), strict=True))
    hover_b = dict(zip(frame["third_party"], side_hover(frame, b), strict=True))
    ids = dict(zip(frame["third_party"], value_ids(frame), strict=True))
    targets: list[tuple[float, float, str, str]] = []  # what a click on a country opens

    def detail(row) -> str:  # noqa: ANN001 - a frame row: its hover text
        return (f"<b>{row.name}</b><br>{labels[row.lean]}<br>{hover_a[row.third_party]}<br>"
                f"{hover_b[row.third_party]}")  # fmt: skip

    def label(row) -> str:  # noqa: ANN001 - its label on the map: name and gap
        name = short_names.get(row.third_party, row.name)
        return f"{name}<br><b>{_fmt(row.gap) if not pd.isna(row.gap) else 'n/c'}</b>"

    def centre(isos: list[str]) -> tuple[float, float]:
        points = [_label_point(outlines[iso]) for iso in isos]
        return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)

    for row, isos in sorted(on_map, key=lambda item: len(outlines[item[1][0]][0])):
        rings = [ring for iso in isos for ring in clip_rings(outlines[iso], shown)]
        _add_outline(
            fig,
            rings,
            fillcolor=map_fill(row.lean, row.gap, styles),
            line=dict(color="#ffffff" if row.lean != UNCODED else MUTED, width=0.8),
            name=row.name,
            hoveron="fills",
            text=detail(row),
            hoverinfo="text",
        )
        lon, lat = centre(isos)
        lon = max(min(lon, box.lon1 - 3), box.lon0 + 3)
        lat = max(min(lat, box.lat1 - 2), box.lat0 + 2)
        anchors.append((row.third_party, lon, lat, label(row)))
        targets.append((lon, lat, detail(row), ids[row.third_party]))
    for row, isos in marks:
        lon, lat = centre(isos)
        lon += MARK_SHIFT_DEG
        fig.add_scatter(
            x=[round(lon, 2)], y=[round(lat, 2)], mode="markers", name=row.name,
            marker=dict(symbol="triangle-up", size=16, color=map_fill(row.lean, row.gap, styles),
                        line=dict(color=INK, width=1.2)),
            customdata=[[detail(row), ids[row.third_party]]],
            hovertemplate="%{customdata[0]}<extra></extra>", showlegend=False,
        )  # fmt: skip
        anchors.append((row.third_party, lon, lat, label(row)))
    if home and home in outlines:
        _add_outline(
            fig,
            clip_rings(outlines[home], shown),
            fillcolor="#ffffff",
            line=dict(color=INK, width=2),
            name=home_name or home,
            hoverinfo="skip",
        )
    if targets:
        # a nearly invisible marker on each country: plotly selects points, not filled shapes,
        # so this is what a click (or a tap) on a country picks (web/chart.chart opens its evidence)
        fig.add_scatter(
            x=[round(t[0], 2) for t in targets],
            y=[round(t[1], 2) for t in targets],
            mode="markers",
            marker=dict(size=26, color="rgba(0,0,0,0.01)"),
            customdata=[[t[2], t[3]] for t in targets],
            hovertemplate="%{customdata[0]}<extra></extra>",
            showlegend=False,
            name="",
        )
    offsets = place_labels(anchors, box)
    # the labels' look once, as this figure's defaults, rather than repeated on every label
    fig.layout.template.layout.annotationdefaults = dict(
        arrowhead=0,
        arrowwidth=1,
        arrowcolor=MUTED,
        font=dict(size=MAP_LABEL_PX, color=INK),
        bgcolor="rgba(255,255,255,0.75)",
        borderpad=1,
    )
    for key, lon, lat, text in anchors:
        dx, dy = offsets[key]
        moved = (dx, dy) != (0, 0)
        fig.add_annotation(
            x=round(lon, 2), y=round(lat, 2), text=text, showarrow=moved,
            **({"ax": dx, "ay": dy} if moved else {}),
        )  # fmt: skip
    # the key: one square per lean shown, in the order every page lists leans; above them,
    # what the numbers are (a gap, not either side's value) and what 'n/c' is, for a map that
    # is pasted alone
    present = {row.lean for row, _ in on_map + marks}
    key_title(fig, [f"Numbers: {a.Phrase}'s value minus {b.phrase}'s",
                    *([f"{NOT_CODED_MARK}: {labels[UNCODED].lower()}"] if UNCODED in present
                      else [])])  # fmt: skip
    for lean in (a.id, b.id, HEDGE, ALOOF, UNCODED):
        if lean in present:
            fig.add_scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=labels[lean],
                hoverinfo="skip",
                marker=dict(
                    symbol="square",
                    size=14,
                    color=map_fill(lean, 3, styles),
                    line=dict(color=MUTED, width=1),
                ),
            )
    if marks:  # the key to the marks: a group on a state's territory, coloured by its lean
        fig.add_scatter(
            x=[None], y=[None], mode="markers", name="A group, on its host state", hoverinfo="skip",
            marker=dict(symbol="triangle-up", size=14, color="#ffffff",
                        line=dict(color=INK, width=1.2)),
        )  # fmt: skip
    fig.add_annotation(
        x=0.72,
        y=1.0,
        xref="paper",
        yref="paper",
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        text=off_map_list([row for row, _ in beside], styles),
        font=dict(size=12, color=INK),
        bgcolor="#ffffff",
        bordercolor=GRID,
        borderwidth=1,
        borderpad=6,
    )
    # constrain="domain": keeping the map's shape shrinks the axes' room, never widens the range,
    # so the region shown is the box at every size (and the outlines need nothing beyond it)
    fig.update_xaxes(range=[box.lon0, box.lon1], visible=False, domain=[0, 0.7],
                     constrain="domain")  # fmt: skip
    fig.update_yaxes(range=[box.lat0, box.lat1], visible=False, scaleanchor="x",
                     scaleratio=1.25, constrain="domain")  # fmt: skip
    fig.update_layout(
        plot_bgcolor="#dbe7f3",
        margin=dict(l=10, r=10, t=70, b=60),
        legend=dict(orientation="h", yref="paper", y=-0.02, yanchor="top", x=0, xanchor="left"),
        showlegend=True,  # a key of one lean is still a key (plotly's default may show it anyway)
    )
    return fig


# ---------------------------------------------------------------- change over time


def _year_marks(
    fig: go.Figure,
    part: pd.DataFrame,
    which: str,
    year: int,
    style: ActorStyle,
    marker: dict,
    col: int,
) -> None:
    """One side's values in the first or last year (which: "start" or "end"), on its panel."""
    fig.add_scatter(
        x=part[which], y=part["name"], mode="markers", name=f"{year}", marker=marker,
        legendgroup=which, showlegend=col == 1,
        customdata=[[i] for i in part[f"{which}_id"]] if f"{which}_id" in part else None,
        hovertemplate=f"<b>%{{y}}</b><br>{style.short} {year}: %{{x}}<extra></extra>",
        row=1, col=col,
    )  # fmt: skip


def build_change(
    frame: pd.DataFrame,
    styles: list[ActorStyle],
    *,
    title: str,
    scale: list[int],
    scale_labels: dict[int, str] | None = None,
) -> go.Figure:
    """Arrows from the first to the last scored year, one panel per actor, rows shared. Where a
    side's change cannot be read (a year not coded, or both), a grey cross stands in a column of
    its own left of the scale ('n/c'): a lone marker would pass for an unchanged value."""
    frame = _plain(frame)
    a, b = _plain_styles(styles)[:2]
    names = (
        frame.assign(absch=frame["change"].abs().fillna(0))
        .groupby("name")["absch"]
        .max()
        .sort_values(kind="stable")
        .index.tolist()
    )
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.03,
        subplot_titles=(a.Phrase, b.Phrase),
    )
    fig.update_layout(
        template=TEMPLATE_NAME,
        title_text=plot(title),
        height=170 + ROW_HEIGHT * max(len(names), 1),
        showlegend=True,
        # under the plot: above it, the legend would sit on the panels' titles
        legend=dict(orientation="h", yref="paper", yanchor="top", x=0, xanchor="left"),
    )
    _key_under_ticks(fig)
    if frame.empty:  # nothing coded in the first or the last year: panels and title only
        return fig
    first, last = int(frame["first_year"].iloc[0]), int(frame["last_year"].iloc[0])
    uncoded_at = min(scale) - 1  # the column of changes that cannot be read ('n/c')
    unread = False  # whether any is drawn
    for col, style in ((1, a), (2, b)):
        part = frame[frame["actor"] == style.id]
        for row in part.itertuples():
            if pd.notna(row.start) and pd.notna(row.end) and row.start != row.end:
                fig.add_annotation(
                    x=float(row.end),
                    y=row.name,
                    ax=float(row.start),
                    ay=row.name,
                    xref=f"x{col if col > 1 else ''}",
                    yref="y",
                    axref=f"x{col if col > 1 else ''}",
                    ayref="y",
                    showarrow=True,
                    arrowhead=2,
                    arrowsize=1.2,
                    arrowwidth=2.2,
                    arrowcolor=style.color,
                    standoff=6,
                    text="",
                )
        if first != last:  # one year coded: its values, not a second marker on the first
            marker = dict(symbol=f"{style.marker}-open", size=10, color=edge(style.color),
                          line=dict(width=2))  # fmt: skip
            _year_marks(fig, part, "start", first, style, marker, col)
        marker = dict(symbol=style.marker, size=12, color=style.color,
                      line=dict(width=1.5, color=edge(style.color)))  # fmt: skip
        _year_marks(fig, part, "end", last, style, marker, col)
        # the crosses' entry in the key once, with the first panel that has any
        unread |= _unread_marks(fig, part, names, style, col, (first, last), uncoded_at,
                                key=not unread)  # fmt: skip
    ticks = [uncoded_at, *scale] if unread else scale
    labels = [NOT_CODED_MARK if v == uncoded_at else tick(v) for v in ticks]
    fig.update_xaxes(range=[ticks[0] - 0.5, max(scale) + 0.5], tickvals=ticks, ticktext=labels,
                     zeroline=True)  # fmt: skip
    fig.update_yaxes(categoryorder="array", categoryarray=names, showgrid=True)
    _label_margin(fig, names)
    for annotation in fig.layout.annotations:
        if annotation.text in (a.Phrase, b.Phrase):
            annotation.font = dict(size=15, color=INK)
    scale_key(fig, scale_labels, *([NOT_CODED_WORDS] if unread else []))
    return fig


def _unread_marks(
    fig: go.Figure, part: pd.DataFrame, names: list[str], style: ActorStyle, col: int,
    years: tuple[int, int], at: float, *, key: bool,
) -> bool:  # fmt: skip
    """A grey cross in the panel's 'n/c' column (x = `at`) for each third party whose change
    this side cannot show: a year not coded, or no value in either (no row of `part`); `key`:
    this trace has the key's entry. Whether any was drawn."""
    held = part[part["start"].isna() | part["end"].isna()]
    absent = [name for name in names if name not in set(part["name"])]
    if held.empty and not absent:
        return False
    # the missing year's value id, for a click (a frame without ids: none)
    rows = [(r.name, _unread_words(r.start, r.end, years),
             getattr(r, "start_id" if pd.isna(r.start) else "end_id", ""))
            for r in held.itertuples()]  # fmt: skip
    rows += [(name, _unread_words(None, None, years), "") for name in absent]
    fig.add_scatter(
        x=[at] * len(rows), y=[r[0] for r in rows], mode="markers",
        name="Not coded" if years[0] == years[1] else "Not comparable: a year not coded",
        legendgroup="unread", showlegend=key,
        marker=dict(symbol="x", size=10, color=MUTED, line=dict(width=1, color=MUTED)),
        customdata=[[f"{style.short}: {words}", vid] for _, words, vid in rows],
        hovertemplate="<b>%{y}</b><br>%{customdata[0]}<extra></extra>", row=1, col=col,
    )  # fmt: skip
    return True


def _unread_words(start: object, end: object, years: tuple[int, int]) -> str:
    """Why a change cannot be read, as its tooltip says: '2014 not coded', '2014 and 2016 not
    coded' (one year coded: '2016 not coded')."""
    missing = [str(year) for year, value in zip(years, (start, end), strict=True) if pd.isna(value)]
    return " and ".join(dict.fromkeys(missing)) + " not coded"


# ---------------------------------------------------------------- one third party's trend


TREND_DODGE_DAYS = 28  # how far apart two sides' equal values stand, either side of mid-year


def build_trend(
    values: pd.DataFrame,
    events: pd.DataFrame,
    styles: list[ActorStyle],
    *,
    title: str,
    scale: list[int],
    scale_labels: dict[int, str] | None = None,
) -> go.Figure:
    """One third party's value for each side, year by year (a line per side, mid-year), with the
    timeline's events involving it as markers on a strip below the scale, short labels over them,
    detail on hover, and each value's and event's id for a click (values: columns actor, year,
    value, label, quote, value_id; events: id, title, start, end, mid, date, precision). The
    scale's words are its ticks; a year not coded is a grey open mark on a row of its own under
    the scale (the line breaks there), never a point at 0."""
    values, events = _plain(values), _plain(events) if len(events) else events
    plain = _plain_styles(styles)
    fig = _base(title, 420)
    lo, hi = min(scale), max(scale)
    uncoded = values["value"].isna().any()
    uncoded_at = lo - 1.0  # the row of years not coded, below the scale
    strip = lo - (2.0 if uncoded else 1.1)  # the events' row, below those
    # where both sides stand at one place in a year (the same value, or both not coded), their
    # marks stand side by side, not one hidden under the other
    at = values.assign(at=values["value"].astype("Float64").fillna(uncoded_at))
    shared = {int(y) for y, v in at.groupby("year")["at"] if len(v) > 1 and v.nunique() == 1}
    unknown: list[tuple[pd.Timestamp, str, list[str]]] = []  # (x, symbol, customdata)
    for side, (style, shown) in enumerate(zip(styles, plain, strict=True)):
        part = values[values["actor"] == style.id]
        dodge = pd.Timedelta(days=TREND_DODGE_DAYS * (1 if side else -1))
        x = [pd.Timestamp(f"{int(y)}-07-01") + (dodge if int(y) in shared else pd.Timedelta(0))
             for y in part["year"]]  # fmt: skip
        y = [None if pd.isna(v) else float(v) for v in part["value"]]
        hover = [
            f"{shown.short} {int(yr)}: {_fmt(v)}"
            + (f" {lab.lower()}" if not pd.isna(v) else "")
            + (f"<br><i>\u201c{_first_words(q)}\u201d</i>" if q else "")
            for yr, v, lab, q in zip(
                part["year"], part["value"], part["label"], part["quote"], strict=True
            )
        ]
        fig.add_scatter(
            x=x,
            y=y,
            mode="lines+markers",
            name=shown.Phrase,
            line=dict(color=style.color, width=3, dash="solid" if style is styles[0] else "dash"),
            marker=dict(
                symbol=style.marker,
                size=12,
                color=style.color,
                line=dict(width=1.5, color=edge(style.color)),
            ),
            connectgaps=False,
            customdata=list(zip(hover, part["value_id"], strict=True)),
            hovertemplate="%{customdata[0]}<extra></extra>",
        )
        unknown += [(at_x, f"{style.marker}-open", [said, vid])
                    for at_x, at_y, said, vid in zip(x, y, hover, part["value_id"], strict=True)
                    if at_y is None]  # fmt: skip
    if unknown:  # each side's mark, open and grey
        fig.add_scatter(
            x=[u[0] for u in unknown], y=[uncoded_at] * len(unknown), mode="markers",
            name="Not coded", customdata=[u[2] for u in unknown],
            marker=dict(symbol=[u[1] for u in unknown], size=12, color=MUTED,
                        line=dict(width=2, color=MUTED)),
            hovertemplate="%{customdata[0]}<extra></extra>",
        )  # fmt: skip
    years = sorted({int(y) for y in values["year"]})
    first = (
        min([pd.Timestamp(f"{years[0]}-01-01"), *list(events["start"])])
        if len(events)
        else (pd.Timestamp(f"{years[0]}-01-01"))
    )
    x_range = [first - pd.Timedelta(days=45), pd.Timestamp(f"{years[-1]}-12-31")
               + pd.Timedelta(days=45)]  # fmt: skip
    if len(events):
        fig.add_scatter(
            x=list(events["mid"]),
            y=[strip] * len(events),
            mode="markers+text",
            name="Events",
            text=event_labels(list(events["title"]), list(events["mid"]), x_range),
            # a label near either end runs inwards, so it is not cut at the plot's edge
            textposition=[_label_side(mid, x_range) for mid in events["mid"]],
            textfont=dict(size=11, color=MUTED),
            marker=dict(symbol="line-ns-open", size=18, color=INK, line=dict(width=2)),
            customdata=[
                [f"<b>{t}</b><br>{date_label(d, p)}", f"event:{i}"]
                for t, d, p, i in zip(
                    events["title"], events["date"], events["precision"], events["id"], strict=True
                )
            ],  # fmt: skip
            hovertemplate="%{customdata[0]}<extra></extra>",
        )
    fig.update_xaxes(
        range=x_range,
        dtick="M12", tickformat="%Y", ticklabelmode="period", showgrid=True,
    )  # fmt: skip
    rows = [(strip, "events"), *([(uncoded_at, "not coded")] if uncoded else [])]
    words = level_words(scale_labels) if scale_labels else [tick(v) for v in scale]
    fig.update_yaxes(
        range=[strip - 0.6, hi + 0.6],
        tickvals=[v for v, _ in rows] + scale,
        ticktext=[t for _, t in rows] + words,
        zeroline=True,
        title_text=None if scale_labels else "strength",  # the words say what the numbers are
    )
    fig.update_layout(
        legend=dict(orientation="h", y=-0.12, yanchor="top", x=0, xanchor="left"),
        dragmode=False,
    )
    return fig


def _label_side(x: pd.Timestamp, x_range: list[pd.Timestamp], edge: float = 0.15) -> str:
    """Where a marker's label goes: above it, or above and inwards near either end."""
    share = (x - x_range[0]) / (x_range[1] - x_range[0])
    return "top left" if share > 1 - edge else "top right" if share < edge else "top center"


def _first_words(text: str, words: int = QUOTE_WORDS) -> str:
    parts = str(text).split()
    return " ".join(parts[:words]) + ("\u2026" if len(parts) > words else "")


LABEL_SPACING = 0.2  # the least distance between two event labels, as a share of the axis


def event_labels(
    titles: list[str], mids: list[pd.Timestamp], x_range: list[pd.Timestamp],
    spacing: float = LABEL_SPACING,
) -> list[str]:  # fmt: skip
    """Short labels for events on a time axis that never print over each other: events closer
    than `spacing` of the axis to the first of their group share one label, that event's with
    how many more ("+2"); the others' markers are unlabelled (their titles are in the hover and
    the table)."""
    span = x_range[1] - x_range[0]
    out = [""] * len(titles)
    order = sorted(range(len(titles)), key=lambda i: mids[i])
    group: list[int] = []
    for i in [*order, None]:
        if i is not None and group and (mids[i] - mids[group[0]]) / span < spacing:
            group.append(i)
            continue
        if group:
            more = f" +{len(group) - 1}" if len(group) > 1 else ""
            out[group[0]] = _short_label(titles[group[0]]) + more
        group = [] if i is None else [i]
    return out


def _short_label(title: str, words: int = 3) -> str:
    parts = str(title).split()
    return " ".join(parts[:words]) + ("\u2026" if len(parts) > words else "")


# ---------------------------------------------------------------- the network


def network_positions(frame: pd.DataFrame, a: str, b: str, scale: list[int]) -> pd.DataFrame:
    """Where each third party sits between the two poles (the first actor at x = -1, the second
    at x = +1): x by the relative strength of its two ties (equal ties halfway, x = 0), those
    with one side not coded near that side's pole on a row of their own below; y spread so no
    two names overlap. Adds columns x, y to a copy of the frame."""
    floor = min(scale)
    out = frame.copy()
    xs, rows = [], []
    for va, vb in zip(out[a], out[b], strict=True):
        if pd.isna(va) or pd.isna(vb):
            xs.append(-0.8 if not pd.isna(va) else 0.8)
            rows.append("uncoded")
            continue
        sa, sb = float(va) - floor + 1, float(vb) - floor + 1  # strengths, all at least 1
        xs.append(0.9 * (sb - sa) / (sa + sb))
        rows.append("coded")
    out["x"], out["row"] = xs, rows
    out["y"] = 0.0
    slots = [0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7]
    coded = out["row"] == "coded"
    _spread(out, out[coded].index, slots, 0.0)
    # those with one side not coded: a row of their own, below the others
    below = float(out.loc[coded, "y"].min()) - 2.5 if coded.any() else 0.0
    _spread(out, out[~coded].index, [0, -1, -2, -3, -4, -5, -6, -7, -8], below)
    return out


def _spread(out: pd.DataFrame, index: pd.Index, slots: list[int], base: float) -> None:
    """y for each row of `index` (in x order): the first slot where no earlier name within
    NETWORK_GAP of it in x stands."""
    taken: list[tuple[float, int]] = []
    for idx in out.loc[index].sort_values("x").index:
        x = out.at[idx, "x"]
        slot = next(
            (s for s in slots if all(abs(x - tx) > NETWORK_GAP or s != ts for tx, ts in taken)),
            slots[-1],
        )
        taken.append((x, slot))
        out.at[idx, "y"] = base + slot


NETWORK_GAP = 0.3  # x units (the poles are 2 apart) within which two names take different rows


def build_network(
    frame: pd.DataFrame,
    styles: list[ActorStyle],
    *,
    title: str,
    scale: list[int],
    labels: dict[str, str],
    scale_labels: dict[int, str] | None = None,
) -> go.Figure:
    """The two sides as poles and every third party between them (network_positions), each
    joined to each pole by a line as wide as the tie is strong (dotted for a hostile or
    strained tie; none where not coded or no ties), coloured by its lean as on every page. A
    key beside it draws each level's line with the scale's words (line_key)."""
    plain_frame, plain_labels = _plain(frame), _plain_labels(labels)
    a, b = _plain_styles(styles)[:2]
    placed = network_positions(plain_frame, styles[0].id, styles[1].id, scale)
    fig = _base(title, 640)
    poles = {styles[0].id: (-1.0, 0.0), styles[1].id: (1.0, 0.0)}
    # records, not itertuples: an actor's id is a column name and need not be an identifier
    # ("saudi-arabia"), which itertuples would rename
    for row in placed.to_dict("records"):
        for style in styles[:2]:
            value = row[style.id]
            if pd.isna(value) or int(value) == 0:
                continue
            px, py = poles[style.id]
            fig.add_scatter(
                x=[px, row["x"]], y=[py, row["y"]], mode="lines", showlegend=False,
                hoverinfo="skip", line=tie_line(int(value), style.color), opacity=0.55,
            )  # fmt: skip
    for lean in (styles[0].id, styles[1].id, HEDGE, ALOOF, UNCODED):
        part = placed[placed["lean"] == lean]
        if part.empty:
            continue
        color = lean_color(lean, styles) if lean != UNCODED else MUTED
        fig.add_scatter(
            x=part["x"],
            y=part["y"],
            mode="markers+text",
            name=plain_labels[lean],
            text=part["short"],
            textposition="bottom center",
            textfont=dict(size=12, color=INK),
            marker=dict(
                symbol=[
                    KIND_SYMBOLS[k] + ("-open" if lean == UNCODED else "") for k in part["kind"]
                ],
                size=14,
                color=color,
                line=dict(color=edge(color), width=1.5),
            ),  # fmt: skip
            customdata=list(
                zip(
                    side_hover(part, a),
                    side_hover(part, b),
                    part["name"],
                    value_ids(part),
                    strict=True,
                )
            ),  # fmt: skip
            hovertemplate="<b>%{customdata[2]}</b><br>%{customdata[0]}<br>%{customdata[1]}"
            "<extra></extra>",
        )
    for style, shown in zip(styles[:2], (a, b), strict=True):
        px, py = poles[style.id]
        fig.add_scatter(
            x=[px], y=[py], mode="markers+text", text=[f"<b>{shown.Phrase}</b>"],
            textposition="middle left" if px < 0 else "middle right",
            textfont=dict(size=16, color=edge(style.color, ratio=4.5)), showlegend=False,
            hoverinfo="skip",
            marker=dict(symbol=style.marker, size=30, color=style.color,
                        line=dict(width=2, color=edge(style.color))),
        )  # fmt: skip
    lowest = float(placed["y"].min()) if len(placed) else -1.0
    highest = float(placed["y"].max()) if len(placed) else 1.0
    fig.update_xaxes(range=[-1.6, 1.6], visible=False)
    fig.update_yaxes(range=[lowest - 1.0, max(highest, 1.0) + 1.0], visible=False)
    uncoded = placed[placed["row"] == "uncoded"]
    if len(uncoded):
        fig.add_annotation(
            x=0, y=float(uncoded["y"].max()) + 0.6, text="<i>one side not coded</i>",
            showarrow=False, font=dict(size=12, color=MUTED),
        )  # fmt: skip
    fig.update_layout(dragmode=False, plot_bgcolor="#ffffff")
    shape_key(fig, placed["kind"])
    line_key(fig, scale_labels or dict.fromkeys(scale, ""))
    place_names(fig, *NETWORK_PLOT_PX, font_px=12)
    return fig


def tie_line(value: int, color: str) -> dict:
    """A tie's line on the network: as wide as the tie is strong, in the side's colour; a tie
    below 0 (strained, hostile) dotted grey; a tie of 0, none (width 0)."""
    width = 1 + 1.6 * abs(value) if value else 0
    return dict(color=color if value > 0 else MUTED, width=width,
                dash="solid" if value >= 0 else "dot")  # fmt: skip


def line_key(fig: go.Figure, scale_labels: dict[int, str]) -> None:
    """A third legend, under the shape key right of the plot: each level's line as the network
    draws it, with the level's words ('3 Close partnership'), strongest first, so an exported
    network says what a line's width and dots mean."""
    for value, words in zip(sorted(scale_labels, reverse=True),
                            reversed(level_words(scale_labels)), strict=True):  # fmt: skip
        fig.add_scatter(
            x=[None], y=[None], mode="lines", legend="legend3", hoverinfo="skip",
            name=words.strip() + (": no line" if not value else ""), line=tie_line(value, MUTED),
        )  # fmt: skip
    fig.update_layout(
        legend3=dict(
            orientation="v", x=1.01, xanchor="left", y=0, yanchor="bottom",
            # above its entries on a phone too, where the key runs across (narrow.py)
            title=dict(text="Line: strength of a tie", side="top"), itemclick=False,
            itemdoubleclick=False,
        )
    )  # fmt: skip


# ---------------------------------------------------------------- strategy


def build_tier_progress(
    progress: pd.DataFrame,
    statuses: list[str],
    *,
    title: str,
    highlight: list[str] | None = None,
) -> go.Figure:
    """Stacked bars: each tier's actions by outcome status (colour and pattern). Statuses not in
    `highlight` (when given) are faded, so the chart follows the page's filter."""
    progress = _plain(progress)
    fig = _base(title, 140 + 60 * max(len(progress), 1))
    rows = progress.iloc[::-1]
    for status in statuses:
        fig.add_bar(
            x=rows[status],
            y=rows["tier_title"],
            orientation="h",
            name=status_label(status),
            marker=dict(
                color=STATUS_COLORS[status],
                pattern=dict(shape=STATUS_PATTERNS[status], fgcolor="#ffffff", fillmode="overlay"),
                line=dict(width=1, color=edge(STATUS_COLORS[status])),
                opacity=1.0 if not highlight or status in highlight else 0.25,
            ),
            text=[str(v) if v else "" for v in rows[status]],
            textposition="inside",
            # a faded bar is pale: its count in ink, not in white on near-white
            **({} if not highlight or status in highlight else {"insidetextfont_color": INK}),
            hovertemplate=f"%{{y}}<br>{status}: %{{x}}<extra></extra>",
        )
    fig.update_layout(barmode="stack", bargap=0.35)
    fig.update_xaxes(title_text="actions", dtick=1)
    fig.update_yaxes(showgrid=False)
    _label_margin(fig, list(rows["tier_title"]))
    return fig


# ---------------------------------------------------------------- timeline


UNPLACED = "unplaced"  # a timeline lane's kind: the events that involve no actor or third party


def build_timeline(
    events: pd.DataFrame,
    lanes: list[tuple[str, str]],
    categories: dict[str, tuple[str, str, str]],
    *,
    title: str,
    selected: str | None = None,
    period: tuple[str, str] = ("2013-01-01", "2016-12-31"),
) -> go.Figure:
    """Events on lanes. lanes: (kind:id, label) with kind 'actor', 'tp' or UNPLACED; categories:
    id -> (name, colour, symbol). An event stands in every lane it involves; a grey bar spans the
    month or year that its date stands for; events sharing a lane and a date are stacked."""
    events = _plain(events) if len(events) else events
    lanes = [(key, plot(label)) for key, label in lanes]
    categories = {k: (plot(name), color, symbol) for k, (name, color, symbol) in categories.items()}
    fig = _base(title, 160 + 36 * max(len(lanes), 1))
    lane_y = {key: -i for i, (key, _) in enumerate(lanes)}
    placed = []  # (event row, lane y, y with offset)
    for lane_key, y in lane_y.items():
        kind, ident = lane_key.split(":", 1)
        if kind == UNPLACED:
            here = [ev for ev in events.itertuples() if not ev.actors and not ev.third_parties]
        else:
            column = "actors" if kind == "actor" else "third_parties"
            here = [ev for ev in events.itertuples() if ident in getattr(ev, column)]
        by_date: dict[pd.Timestamp, list] = {}
        for ev in here:
            by_date.setdefault(ev.mid, []).append(ev)
        for group in by_date.values():
            n = len(group)
            for k, ev in enumerate(group):
                offset = 0.0 if n == 1 else -0.3 + 0.6 * k / (n - 1)
                placed.append((ev, y, y + offset))
    span_x: list[object] = []
    span_y: list[object] = []
    for ev, _, y in placed:
        if ev.precision != "day":
            span_x += [ev.start, ev.end, None]
            span_y += [y, y, None]
    if span_x:
        fig.add_scatter(
            x=span_x,
            y=span_y,
            mode="lines",
            line=dict(color="#c3c8d0", width=4),
            hoverinfo="skip",
            showlegend=False,
        )
    for cid, (name, color, symbol) in categories.items():
        part = [(ev, y) for ev, _, y in placed if ev.category == cid]
        if not part:
            continue
        fig.add_scatter(
            x=[ev.mid for ev, _ in part],
            y=[y for _, y in part],
            mode="markers",
            name=name,
            marker=dict(symbol=symbol, size=12, color=color, line=dict(color=edge(color), width=1)),
            customdata=[[ev.id, ev.title, date_label(ev.date, ev.precision)] for ev, _ in part],
            hovertemplate="<b>%{customdata[1]}</b><br>%{customdata[2]}<extra></extra>",
        )
    if selected is not None:
        chosen = [(ev, y) for ev, _, y in placed if ev.id == selected]
        if chosen:
            fig.add_scatter(
                x=[ev.mid for ev, _ in chosen],
                y=[y for _, y in chosen],
                mode="markers",
                name="Selected",
                marker=dict(symbol="circle-open", size=24, color=INK, line=dict(width=3)),
                hoverinfo="skip",
                customdata=[[ev.id, ev.title, ""] for ev, _ in chosen],
            )
    # a little room before and after the period, so a marker on its first or last day is whole
    fig.update_xaxes(
        range=[
            pd.Timestamp(period[0]) - pd.Timedelta(days=20),
            pd.Timestamp(period[1]) + pd.Timedelta(days=20),
        ],  # fmt: skip
        dtick="M12",
        tickformat="%Y",
        ticklabelmode="period",
        showgrid=True,
        minor=dict(dtick="M3", showgrid=True, gridcolor="#f3f4f6"),
    )
    fig.update_yaxes(
        tickvals=list(lane_y.values()),
        ticktext=[label for _, label in lanes],
        range=[-len(lanes) + 0.4, 0.7],
        showgrid=True,
        zeroline=False,
    )
    fig.update_layout(
        clickmode="event+select",
        dragmode=False,
        legend=dict(orientation="h", yanchor="top", x=0, xanchor="left"),
    )
    _label_margin(fig, [label for _, label in lanes])
    _key_under_ticks(fig)
    return fig


# ---------------------------------------------------------------- the room's answers


ROOM_COLOR = "#4b5563"  # the room's bars: neither side's colour (the room is not a side)


def build_answers(
    labels: list[str],
    counts: list[int],
    *,
    title: str,
    marked: int | None = None,
    mark_name: str = "",
) -> go.Figure:
    """What the room answered: one bar per possible answer, in the order given (zero counts
    included), its count and share written on it. `marked` (an index) is the answer the dataset
    gives, drawn in ink with its name in the key; the room's bars are one neutral grey."""
    total = sum(counts)
    names = [plot(label) for label in labels]
    fig = _base(title, 140 + 56 * max(len(labels), 1))
    text = [f"{n} ({n / total:.0%})" if total else "0" for n in counts]
    colors = [INK if i == marked else ROOM_COLOR for i in range(len(labels))]
    shapes = ["/" if i == marked else "" for i in range(len(labels))]  # not by colour alone
    fig.add_bar(
        x=counts[::-1], y=names[::-1], orientation="h", marker_color=colors[::-1],
        marker_pattern=dict(shape=shapes[::-1], fgcolor="#ffffff", fillmode="overlay"),
        text=text[::-1], textposition="outside", cliponaxis=False, showlegend=False,
        hovertemplate="%{y}: %{x} answers<extra></extra>",
    )  # fmt: skip
    if marked is not None and mark_name:
        # the key: a square in ink for the dataset's answer (an empty trace: legend only)
        fig.add_bar(
            x=[None],
            y=[None],
            marker_color=INK,
            name=plot(mark_name),
            showlegend=True,
            marker_pattern=dict(shape="/", fgcolor="#ffffff", fillmode="overlay"),
        )
        _key_under_ticks(fig)
    # the counts are written on the bars: no axis of numbers to clash with the key
    top = max(max(counts, default=0), 1)
    fig.update_xaxes(range=[0, top * 1.3], showticklabels=False, showgrid=False, zeroline=False)
    fig.update_yaxes(showgrid=False, ticksuffix="  ")  # a zero's count clear of its name
    _label_margin(fig, names)
    return fig


CONFUSION_SCALE = [[0.0, "#ffffff"], [1.0, "#0b4f8a"]]  # white to a deep blue (dark text clear)


def build_confusion(
    counts: list[list[int]],
    levels: list[str],
    *,
    title: str,
    rows_title: str,
    columns_title: str,
    names: list[str] | None = None,
) -> go.Figure:
    """Two coders' confusion matrix as a heat map: a row per level of the first coder (top down),
    a column per level of the second, each cell's count written in it (empty: none). The colour
    follows the square root of the count, so a single disagreement shows beside a diagonal of
    dozens. `levels` are the short tick labels, `names` the levels' full names for the hover;
    both are dataset text, escaped here."""
    ticks = [plot(level) for level in levels]
    full = [plot(name) for name in (names or levels)]
    top = max((n for row in counts for n in row), default=0) or 1
    fig = _base(title, 470)
    fig.add_heatmap(
        z=[[math.sqrt(n / top) for n in row] for row in counts],
        x=ticks,
        y=ticks,
        zmin=0,
        zmax=1,
        colorscale=CONFUSION_SCALE,
        showscale=False,
        xgap=2,
        ygap=2,
        text=[[str(n) if n else "" for n in row] for row in counts],
        texttemplate="%{text}",
        textfont=dict(size=16),
        customdata=[
            [[full[i], full[j], n] for j, n in enumerate(row)] for i, row in enumerate(counts)
        ],  # fmt: skip
        hovertemplate=(
            f"{plot(rows_title)}: %{{customdata[0]}}<br>{plot(columns_title)}: "
            "%{customdata[1]}<br>%{customdata[2]} cells<extra></extra>"
        ),  # fmt: skip
    )
    # a long label under a column of a phone's width takes two lines ("not coded"); the
    # columns' title under the plot, clear of the chart's title (a wall's larger title above
    # would run into it)
    fig.update_xaxes(title_text=plot(columns_title), side="bottom", showgrid=False, tickangle=0,
                     type="category", fixedrange=True, tickvals=ticks, tickfont_size=16,
                     ticktext=["<br>".join(wrap_words(t, 5)) for t in ticks])  # fmt: skip
    fig.update_yaxes(title_text=plot(rows_title), autorange="reversed", showgrid=False,
                     type="category", fixedrange=True, tickfont_size=16)  # fmt: skip
    fig.update_layout(margin=dict(l=10, r=10, t=60, b=90), plot_bgcolor="#ffffff")
    return fig
