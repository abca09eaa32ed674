"""The narrow layout: the same figure for a phone or a tablet (a chart 320-740 pixels wide).

A wide chart gives its row names a margin of their own on the left (up to 460 pixels), puts
keys beside the plot and writes titles on one line; on a phone that leaves a plot of 60 pixels
and titles cut at the edge. Here the names go above their rows, every key goes above the plot
under the title, titles and axis titles are wrapped, and text beside the plot (the map's list)
goes below it. The figure is laid out top to bottom in pixels with a fixed height: a phone
scrolls down, never across. The data, colours and marks are the wide figure's own.

Pure: a plotly figure in, a new one out (the original is shared and never changed).
"""

from __future__ import annotations

import math
import re
from types import SimpleNamespace

import plotly.graph_objects as go

from components.figures.labels import (
    CHAR_EM,
    TAG,
    note_hidden,
    opted_in,
    place_labels,
    place_names,
)
from components.figures.theme import rewrap_key_title, wrap_words

# Phones and tablets say so in their user agent ("Mobi" is what Mozilla advises looking for;
# Android tablets, iPads and e-readers as they name themselves). An iPad that asks for desktop
# sites names itself a Mac: ?layout=narrow is its way in (web/presentation.narrow).
NARROW_AGENT = re.compile(r"Mobi|Android|iPhone|iPad|Tablet|Kindle|Silk", re.IGNORECASE)


def narrow_agent(agent: str) -> bool:
    """A browser that names itself a phone or a tablet."""
    return bool(NARROW_AGENT.search(agent or ""))


ROWS = "rows"  # layout.meta key: the y axis whose ticks name the chart's rows (charts.py sets it)
FONT_PX = 12
TITLE_PX = 17
TITLE_CHARS = 42  # a 17-pixel title on the narrowest chart (about 330 pixels)
TITLE_LINE = 22
LEGEND_ROW = 21  # pixels per row of a 12-pixel legend
NARROWEST = 320  # the narrowest chart (a 360-pixel phone), for wrapping keys and labels
AXIS_CHARS = 52  # an axis title's line
TICK_CHARS = 12  # a line of a tick label in words on a y axis ("3 Close" / "partnership")
AXIS_LINE = 16
NAME_CHARS = 48  # a row's name above it
NAME_LINE = 15
CORNER_CHARS = 16  # a label in a corner of the plot
ROW_PX = 46  # a bar's row: its name, then the bar
BAR_GAP = 0.5
PLOT_PX = 330  # the plot of a chart without rows (a scatter, the network)
DIAGRAM_PX = 440  # a chart without axes (the network): taller, its names further apart
MAP_PX = 260  # the map's plot: a phone draws the region about 200 pixels tall
LIST_LINE = 15  # a line of the map's list, 12 pixels
PAD = 10


def _text_px(text: str, font_px: float = FONT_PX) -> float:
    return len(TAG.sub("", text)) * font_px * 0.55


def legend_rows(
    names: list[str], width: float, title: str | None = None, font_px: float = FONT_PX
) -> int:
    """How many rows a horizontal key of these entries takes in `width` pixels: plotly puts
    them on one line if they fit, else in columns as wide as the widest entry; a title stands
    first, left of the entries."""
    if not names:
        return 0
    items = [_text_px(name, font_px) + 44 for name in names]
    room = width - (_text_px(title, font_px) + 12 if title else 0)
    if sum(items) <= room:
        return 1
    per_row = max(1, int(room // max(items)))
    return math.ceil(len(items) / per_row)


def _legends(fig: go.Figure) -> list[str]:
    """The keys plotly draws: each legend a trace names, unless one entry in all (plotly shows
    no key for a single entry unless asked)."""
    names = sorted({trace.legend or "legend" for trace in fig.data}, key=lambda n: (len(n), n))
    shown = [n for n in names if legend_names(fig, n)]
    # plotly counts every trace that may show in a key, named or not
    entries = sum(t.showlegend is not False and t.visible is not False for t in fig.data)
    if fig.layout.showlegend is None and entries <= 1:
        return []
    return shown


def legend_names(fig: go.Figure, legend: str) -> list[str]:
    if fig.layout.showlegend is False:
        return []
    names, seen = [], set()
    for trace in fig.data:
        if trace.showlegend is False or not trace.name:
            continue
        if (trace.legend or "legend") != legend:
            continue
        group = trace.legendgroup or trace.name
        if group not in seen:  # a legend group shows once
            seen.add(group)
            names.append(trace.name)
    return names


def _row_labels(fig: go.Figure, axis_name: str) -> tuple[go.layout.YAxis, list]:
    axis = fig.layout[axis_name.replace("y", "yaxis", 1)]
    if axis.categoryarray is not None:
        return axis, [(c, c) for c in axis.categoryarray]
    if axis.tickvals is not None and axis.ticktext is not None:
        return axis, list(zip(axis.tickvals, axis.ticktext, strict=False))
    # categories in the order the traces give them (plotly's own order)
    seen: dict = {}
    for trace in fig.data:
        if (trace.yaxis or "y") == axis_name and trace.y is not None:
            seen.update((y, y) for y in trace.y if y not in seen)
    return axis, list(seen.items())


def _crowded_strip(trace: go.Scatter, plot_width: float) -> bool:
    """Labels on one line (a strip of events) that need more than the plot's width: on a narrow
    chart they would print over each other, so the marks keep their hover and list instead."""
    ys = {y for y in (trace.y if trace.y is not None else ()) if y is not None}
    texts = () if trace.text is None or isinstance(trace.text, str) else list(trace.text)
    if len(ys) != 1 or len(texts) < 2:
        return False
    return sum(len(str(t)) * 11 * 0.55 + 6 for t in texts) > plot_width


def _keep_notes_inside(fig: go.Figure, plot_width: float) -> None:
    """A label on the data (a country's name on the map) near either edge of a fixed range is
    anchored on its inner side, so the narrowest chart does not cut it at the edge."""
    for note in fig.layout.annotations:
        xref = note.xref or "x"  # plotly's default: the first x axis
        if not xref.startswith("x") or " " in xref or not note.text:
            continue  # on the paper, or on an axis's domain: placed by the builder
        axis = fig.layout[xref.replace("x", "xaxis", 1)]
        if axis.range is None or axis.type not in (None, "-", "linear"):
            continue
        try:
            low, high, x = float(axis.range[0]), float(axis.range[1]), float(note.x)
        except (TypeError, ValueError):
            continue
        if high == low:
            continue
        at = (x - low) / (high - low) * plot_width + (note.ax or 0 if note.showarrow else 0)
        lines = TAG.sub("", note.text.replace("<br>", "\n")).split("\n")
        half = max(len(line) for line in lines) * FONT_PX * 0.55 / 2 + 4
        if at < half:
            note.xanchor = "left"
        elif at > plot_width - half:
            note.xanchor = "right"


def _wrap(text: str | None, chars: int) -> list[str]:
    return wrap_words(text or "", chars) if text else []


def _place_map_labels(fig: go.Figure, width: float) -> None:
    """The map's labels (notes on its data: name and gap) placed for a map `width` pixels wide
    in the phone's type; a label with no free place is left off (its country's colour and hover
    still give it), and the key says how many."""
    xaxis, yaxis = fig.layout.xaxis, fig.layout.yaxis
    box = SimpleNamespace(lon0=xaxis.range[0], lon1=xaxis.range[1], lat0=yaxis.range[0],
                          lat1=yaxis.range[1])  # fmt: skip
    notes = [n for n in fig.layout.annotations
             if (n.xref or "x") == "x" and (n.yref or "y") == "y" and n.text]  # fmt: skip
    anchors = [(str(i), float(n.x), float(n.y), n.text) for i, n in enumerate(notes)]
    offsets = place_labels(anchors, box, scale_ratio=yaxis.scaleratio or 1.0, width=width,
                           char_px=FONT_PX * CHAR_EM + 0.5, line_px=LIST_LINE + 2,
                           hide=True)  # fmt: skip
    hidden = 0
    for i, note in enumerate(notes):
        offset = offsets[str(i)]
        if offset is None:
            note.visible = False
            hidden += 1
        elif offset == (0, 0):
            note.update(showarrow=False, ax=None, ay=None)
        else:
            note.update(showarrow=True, ax=offset[0], ay=offset[1])
    note_hidden(fig, hidden)


def narrow_figure(fig: go.Figure) -> go.Figure:
    """The figure laid out for a narrow screen (see the module's note)."""
    out = go.Figure(fig.to_dict())
    layout = out.layout
    title = _wrap(layout.title.text, TITLE_CHARS)
    # plotly sets a title of several lines half a line too high per extra line, cutting the
    # first at the top of the figure (as in theme.projector_figure): padding brings it back
    title_pad = TITLE_LINE // 2 * max(len(title) - 1, 0)
    top = PAD + TITLE_LINE * len(title) + title_pad
    # the rows' names, each above its row, instead of a margin of names on the left
    meta = layout.meta if isinstance(layout.meta, dict) else {}
    rows_axis = meta.get(ROWS)
    names: list = []
    if rows_axis:
        axis, names = _row_labels(out, rows_axis)
        axis.showticklabels = False
    name_lines = max((len(_wrap(str(t), NAME_CHARS)) for _, t in names), default=1)
    row_px = ROW_PX + 2 * NAME_LINE * (name_lines - 1)  # a longer name, a wider gap

    # below the plot: tick labels and the axis titles, wrapped
    bottom = PAD
    ticks = 0
    for axis in out.select_xaxes():
        if axis.visible is False:
            continue
        ticks = 20
        lines = _wrap(axis.title.text, AXIS_CHARS)
        if lines:
            axis.title.text = "<br>".join(lines)
            axis.title.font.size = FONT_PX
            bottom = max(bottom, PAD + ticks + AXIS_LINE * len(lines) + 4)
        else:
            bottom = max(bottom, PAD + ticks)
    # a y axis of numbers keeps its tick labels and title on the left, in a margin of their own
    left = 6
    for axis in out.select_yaxes():
        lines = _wrap(axis.title.text, AXIS_CHARS // 2)
        if lines:
            axis.title.text = "<br>".join(lines)
            axis.title.font.size = FONT_PX
        if axis.visible is False or axis.showticklabels is False:
            continue
        if rows_axis and axis.plotly_name == rows_axis.replace("y", "yaxis", 1):
            continue
        if axis.ticktext is not None:  # ticks in words (the trend's scale): short lines
            axis.ticktext = ["<br>".join(wrap_words(str(t), TICK_CHARS)) for t in axis.ticktext]
        labels = [str(t) for t in axis.ticktext] if axis.ticktext is not None else ["-00"]
        width = 10 + max(len(line) for t in labels for line in t.split("<br>")) * FONT_PX * 0.6
        left = max(left, int(width + AXIS_LINE * len(lines) + (6 if lines else 0)))

    is_map = any(axis.scaleanchor for axis in out.select_yaxes())
    if names:
        plot = row_px * len(names)
    elif is_map:
        plot = MAP_PX
    elif all(axis.visible is False for axis in [*out.select_xaxes(), *out.select_yaxes()]):
        plot = min(DIAGRAM_PX, int(layout.height or DIAGRAM_PX))  # the network: room to spread
    else:
        plot = min(PLOT_PX, int(layout.height or PLOT_PX))
    for note in layout.annotations:
        # a label set against a side of the plot (the hedging chart's corners): short lines, so
        # two corners of a narrow plot do not run into each other
        on_data = (note.xref or "x").startswith("x") and " " not in (note.xref or "x")
        if on_data and note.showarrow is False and note.xanchor in ("left", "right"):
            note.text = "<br>".join(wrap_words(note.text or "", CORNER_CHARS))
            note.align = note.xanchor  # the lines flush with the side they stand against
    if opted_in(out):  # the names around their marks, placed again for the narrowest plot
        place_names(out, NARROWEST - left, plot, font_px=11)
    if is_map:  # the countries' labels, placed again for the narrowest map
        _place_map_labels(out, NARROWEST - left)

    # every key above the plot, under the title, one after the other, in the plot's width
    placed: list[tuple[str, int]] = []
    for name in _legends(out):
        # a title above the entries (the scale's words) is wrapped to the phone, a row a line
        above = rewrap_key_title(layout[name], NARROWEST - left, FONT_PX)
        beside = None if above else layout[name].title.text or None
        rows = above + legend_rows(legend_names(out, name), NARROWEST - left, beside)
        placed.append((name, top + 4))
        top += LEGEND_ROW * rows + 4
    top += PAD
    # subplot titles stand on the plot's top edge: room for them under the keys
    if any(
        note.yref == "paper" and (note.y or 0) >= 1 and note.yanchor == "bottom"
        for note in layout.annotations
    ):
        top += TITLE_LINE

    # text beside the plot (the map's list of third parties not on it) goes below it
    below = 0
    for note in layout.annotations:
        if note.xref == "paper" and (note.x or 0) >= 0.7 and note.xanchor == "left":
            note.update(x=0, y=0, yref="paper", yanchor="top", yshift=-(bottom - PAD + 6),
                        font_size=FONT_PX)  # fmt: skip
            below = max(below, LIST_LINE * (note.text or "").count("<br>") + 2 * LIST_LINE)
    if is_map:
        for axis in out.select_xaxes():
            axis.domain = [0, 1]
        for axis in out.select_yaxes():
            axis.constraintoward = "bottom"  # the map right above its list
    bottom += below
    height = top + plot + bottom

    layout.update(
        height=height,
        autosize=True,
        font_size=FONT_PX,
        title=dict(
            text="<br>".join(title),
            font_size=TITLE_PX,
            x=0,
            xanchor="left",
            xref="container",
            pad_l=4,
            y=1 - PAD / height,
            yref="container",
            yanchor="top",
            pad_t=title_pad,
        ),
        margin=dict(l=left, r=6, t=top, b=bottom, autoexpand=False),
        hoverlabel_font_size=13,
    )
    # left to right in the traces' order (a stack's reversed order suits a key beside it)
    for name, offset in placed:
        layout[name].update(
            orientation="h", x=0, xanchor="left", xref="container", traceorder="normal",
            y=1 - offset / height, yanchor="top", yref="container", font_size=FONT_PX,
        )  # fmt: skip
    if names:
        layout.bargap = BAR_GAP
        half_bar = row_px * (1 - BAR_GAP) / 2
        # set at once (plotly's add_annotation validates the whole list on every call)
        layout.annotations = [*layout.annotations] + [
            dict(
                x=0,
                xref="paper",
                xanchor="left",
                y=value,
                yref=rows_axis,
                yanchor="bottom",
                yshift=math.ceil(half_bar) + 1,
                text="<br>".join(_wrap(str(text), NAME_CHARS)),
                showarrow=False,
                align="left",
                font=dict(size=FONT_PX),
                bgcolor="rgba(255,255,255,0.8)",
                borderpad=0,
            )  # fmt: skip
            for value, text in names
        ]
    for axis in out.select_yaxes():
        if axis.tickfont.size:
            axis.tickfont.size = FONT_PX
    for trace in out.select_traces(selector=dict(type="scatter")):
        if trace.mode and "text" in trace.mode:
            trace.cliponaxis = False  # a name near the edge runs into the margin, not cut
            if "markers" in trace.mode and _crowded_strip(trace, plot_width=NARROWEST - left):
                trace.mode = trace.mode.replace("+text", "").replace("text+", "")
        if trace.textposition in ("middle left", "middle right"):
            trace.textposition = "top center"  # a name beside a mark would leave the chart
    _keep_notes_inside(out, NARROWEST - left)
    out.update_traces(textfont_size=11, selector=dict(type="scatter"))
    out.update_traces(textfont_size=12, selector=dict(type="bar"))
    return out
