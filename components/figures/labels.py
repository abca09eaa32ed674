"""Names beside marks, placed so that none covers another: for a scatter of named marks (the
hedging chart, the network), each name takes the first of eight places around its mark that is
free of every name already placed, of every mark and of the plot's edges, at the narrowest
plot the figure is drawn in; a name with no free place is left off its mark (its name stays on
hover and tap), and the figure's key says how many.

The same figure is drawn wider (a desktop, a slide) than the size it is placed for: marks then
stand further apart and the names, whose size is fixed in pixels, can only move apart, so a
placement that is free at the narrowest size stays free. No Streamlit.
"""

from __future__ import annotations

import base64
import re
from typing import Protocol

import numpy as np
import plotly.graph_objects as go

PLACED = "placed_labels"  # layout.meta key: the figure's named marks are placed by this module
CHAR_EM = 0.56  # a character's width in em, generous for Source Sans 3 (names are short)
LINE_EM = 1.25
GAP_PX = 3  # between a mark's edge and its name

# plotly's text positions, in the order they are tried: above and below first (a name centred
# on its mark reads best), then the sides, then the corners
POSITIONS = (
    "top center",
    "bottom center",
    "middle right",
    "middle left",
    "top right",
    "top left",
    "bottom right",
    "bottom left",
)
# Map labels: placement works in pixels of the smallest map a desktop or a 1280-pixel projector
# draws (about 620 pixels wide), with boxes estimated from the labels' characters in the
# projector's 15-pixel type, so labels stay apart on every screen; a phone's map places them
# again for its width (narrow.py).
MAP_NOMINAL_WIDTH = 620
LABEL_CHAR_PX, LABEL_LINE_PX = 8.2, 19
MAP_LABEL_PX = 12
LABEL_OFFSETS = [(0, 0)] + [
    (dx * r, dy * r)
    for r in (1, 1.6, 2.3)
    for dx, dy in ((0, -34), (0, 34), (-62, 0), (62, 0), (-52, -30), (52, -30), (-52, 30), (52, 30))
]


class Extent(Protocol):
    """A map's box of longitudes and latitudes (charts.Box)."""

    lon0: float
    lon1: float
    lat0: float
    lat1: float


TAG = re.compile(r"<[^>]+>")
HIDDEN_TAIL = "left off for room: hover or tap a mark"
HIDDEN_NOTE = "{n} name{s} " + HIDDEN_TAIL

Box = tuple[float, float, float, float]  # left, top, right, bottom, in pixels


def _name_box(x: float, y: float, position: str, w: float, h: float, mark: float) -> Box:
    vertical, horizontal = position.split()
    reach = mark / 2 + GAP_PX
    if horizontal == "center":
        left = x - w / 2
    elif horizontal == "right":
        left = x + (reach if vertical == "middle" else 0)
    else:
        left = x - w - (reach if vertical == "middle" else 0)
    if vertical == "top":
        top = y - reach - h
    elif vertical == "bottom":
        top = y + reach
    else:
        top = y - h / 2
    return (left, top, left + w, top + h)


def _lines(text: str) -> list[str]:
    """A label's lines as they show, without their tags ('<b>', '<i>'): what takes room."""
    return [TAG.sub("", part) for part in text.split("<br>")]


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place(
    points: list[tuple[float, float, str]],
    width: float,
    height: float,
    font_px: float,
    mark_px: float = 12,
    reserved: list[Box] | None = None,
    sizes: list[float] | None = None,
) -> list[str | None]:
    """A text position for each (x px, y px, name) in a plot of width x height pixels (y down),
    or None where no place is free. `reserved`: boxes no name may cover (the plot's own notes);
    `sizes`: each name's font size, where not font_px."""
    taken: list[Box] = list(reserved or [])
    marks = [(x - mark_px / 2, y - mark_px / 2, x + mark_px / 2, y + mark_px / 2)
             for x, y, _ in points]  # fmt: skip
    out: list[str | None] = []
    for i, (x, y, name) in enumerate(points):
        size = sizes[i] if sizes else font_px
        lines = _lines(name)
        w = max(len(line) for line in lines) * size * CHAR_EM
        h = len(lines) * size * LINE_EM
        chosen = None
        for position in POSITIONS:
            box = _name_box(x, y, position, w, h, mark_px)
            if box[0] < 0 or box[2] > width or box[1] < 0 or box[3] > height:
                continue
            if any(_overlaps(box, t) for t in taken):
                continue
            if any(_overlaps(box, m) for j, m in enumerate(marks) if j != i):
                continue
            chosen = (position, box)
            break
        if chosen is None:
            out.append(None)
        else:
            out.append(chosen[0])
            taken.append(chosen[1])
    return out


def _axis(fig: go.Figure, name: str) -> tuple[float, float]:
    axis = fig.layout[name]
    lo, hi = axis.range
    return float(lo), float(hi)


def opted_in(fig: go.Figure) -> bool:
    """Whether the figure's names are placed by this module (its builder said so)."""
    return isinstance(fig.layout.meta, dict) and bool(fig.layout.meta.get(PLACED))


def place_names(fig: go.Figure, width: float, height: float, font_px: float) -> None:
    """Place the names of the figure's named marks (its scatter traces with markers and text)
    for a plot of width x height pixels, in place: each point's text position, an empty name
    where none is free, and a key entry saying how many were left off. A name's size is its
    trace's, else font_px; the plot's own notes (text on its data) are kept clear."""
    x0, x1 = _axis(fig, "xaxis")
    y0, y1 = _axis(fig, "yaxis")

    def to_px(x: float, y: float) -> tuple[float, float]:
        return (float(x) - x0) / (x1 - x0) * width, (y1 - float(y)) / (y1 - y0) * height

    traces = [t for t in fig.select_traces(selector=dict(type="scatter"))
              if t.mode and "markers" in t.mode and "text" in t.mode and t.text is not None
              and t.x is not None]  # fmt: skip
    points, where, sizes = [], [], []
    for ti, trace in enumerate(traces):
        size = trace.textfont.size or font_px
        xs, ys = _values(trace.x), _values(trace.y)
        for pi, (x, y, name) in enumerate(zip(xs, ys, _names(trace), strict=True)):
            if x is None or y is None or not name:
                continue
            points.append((*to_px(x, y), str(name)))
            where.append((ti, pi))
            sizes.append(size)
    reserved = [_note_box(note, to_px, font_px) for note in fig.layout.annotations
                if (note.xref or "x") == "x" and (note.yref or "y") == "y"
                and not note.showarrow and note.text]  # fmt: skip
    # the points in crowded places first: they have the fewest free places
    order = sorted(range(len(points)), key=lambda k: -_neighbours(points, k, font_px * 4))
    placed = place([points[k] for k in order], width, height, font_px,
                   reserved=reserved, sizes=[sizes[k] for k in order])  # fmt: skip
    positions = {where[k]: p for k, p in zip(order, placed, strict=True)}
    hidden = 0
    for ti, trace in enumerate(traces):
        names = _names(trace)
        old = trace.textposition
        spots = list(old) if isinstance(old, (list, tuple)) else [old or "top center"] * len(names)
        for pi in range(len(names)):
            if (ti, pi) not in positions:
                continue
            p = positions[(ti, pi)]
            if p is None:
                names[pi] = ""
                hidden += 1
            else:
                spots[pi] = p
        trace.text = names
        trace.textposition = spots
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    meta[PLACED] = True
    fig.layout.meta = meta
    note_hidden(fig, hidden)


PRINTED_TAIL = "left off for room: named in the chart's CSV"


def for_print(fig: go.Figure) -> None:
    """A printed chart's key says where a name left off is found: no hover on paper."""
    for trace in fig.data:
        if (trace.name or "").endswith(HIDDEN_TAIL):
            trace.name = trace.name[: -len(HIDDEN_TAIL)] + PRINTED_TAIL


def note_hidden(fig: go.Figure, hidden: int) -> None:
    """The key says how many names are left off (a key's entry never covers the plot); an
    earlier count is replaced."""
    fig.data = tuple(t for t in fig.data if not (t.name or "").endswith(HIDDEN_TAIL))
    if hidden:
        fig.add_scatter(
            x=[None], y=[None], mode="markers", hoverinfo="skip",
            marker=dict(size=1, color="rgba(0,0,0,0)", line=dict(width=0)),
            name=HIDDEN_NOTE.format(n=hidden, s="s" if hidden != 1 else ""),
        )  # fmt: skip


def _values(values: object) -> list:
    """A trace's coordinates as a list: a figure copied through its dict keeps numbers as
    plotly's typed arrays ({"dtype", "bdata"}), which are decoded here."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def _names(trace: go.Scatter) -> list[str]:
    if isinstance(trace.text, str):
        return [trace.text] * len(_values(trace.x))
    return ["" if t is None else str(t) for t in trace.text]


def _note_box(note, to_px, font_px: float) -> Box:  # noqa: ANN001 - a plotly annotation
    """The box of a note written on the plot (its text, anchored at a data point)."""
    x, y = to_px(note.x, note.y)
    size = note.font.size or font_px
    lines = _lines(note.text)
    w = max(len(line) for line in lines) * size * CHAR_EM
    h = len(lines) * size * LINE_EM
    left = {"left": x, "right": x - w}.get(note.xanchor or "center", x - w / 2)
    top = {"top": y, "bottom": y - h}.get(note.yanchor or "middle", y - h / 2)
    return (left, top, left + w, top + h)


def _neighbours(points: list[tuple[float, float, str]], k: int, radius: float) -> int:
    x, y, _ = points[k]
    return sum(1 for (a, b, _) in points if abs(a - x) < radius and abs(b - y) < radius)


def place_labels(
    anchors: list[tuple[str, float, float, str]],
    box: Extent,
    scale_ratio: float = 1.25,
    width: float = MAP_NOMINAL_WIDTH,
    char_px: float = LABEL_CHAR_PX,
    line_px: float = LABEL_LINE_PX,
    hide: bool = False,
) -> dict[str, tuple[float, float] | None]:
    """Pixel offsets (dx, dy) that keep map labels apart: anchors are (key, lon, lat, text with
    <br> lines), placed in the order given, for a map `width` pixels wide; a label moved off its
    anchor gets a leader line. Where none is free, the label stays on its anchor, or with
    `hide`, gets None (left off: the map's colour and hover still give it)."""
    px_per_deg = width / (box.lon1 - box.lon0)
    height = (box.lat1 - box.lat0) * px_per_deg * scale_ratio
    placed: list[tuple[float, float, float, float]] = []
    out: dict[str, tuple[float, float]] = {}
    for key, lon, lat, text in anchors:
        lines = _lines(text)
        w = max(len(x) for x in lines) * char_px + 6
        h = len(lines) * line_px + 4
        x = (lon - box.lon0) * px_per_deg
        y = (box.lat1 - lat) * px_per_deg * scale_ratio
        best = None
        for dx, dy in LABEL_OFFSETS:
            cx, cy = x + dx, y + dy
            rect = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            if (dx, dy) != (0, 0) and (
                rect[0] < 0 or rect[1] < 0 or rect[2] > width or rect[3] > height
            ):
                continue  # a label moved off its place stays on the map
            if not any(
                rect[0] < r[2] and r[0] < rect[2] and rect[1] < r[3] and r[1] < rect[3]
                for r in placed
            ):
                best = (dx, dy, rect)
                break
        if best is None and hide:
            out[key] = None
            continue
        if best is None:  # nowhere free: keep the anchor (the list of values says it too)
            best = (0, 0, (x - w / 2, y - h / 2, x + w / 2, y + h / 2))
        placed.append(best[2])
        out[key] = (best[0], best[1])
    return out
