"""The dark theme's figures: the same chart for a dim room, when the browser asks for dark.

Streamlit follows the device's light or dark setting (.streamlit/config.toml gives both
themes); the page reads which one the browser is showing (st.context.theme) and draws each chart
through `dark_figure`: the page's neutrals (ink, greys, grid, land, sea, the page's white) swapped
for dark equivalents, every mark's outline recomputed to stand out 3:1 from the dark page, and
every text colour lightened where it would read under 4.5:1. The dataset's colours, the
hatching and the shapes are unchanged, so both themes say the same thing the same way.

Pure: a plotly figure in, a new one out (the original is shared and never changed).
"""

from __future__ import annotations

import re
from typing import Any

import plotly.graph_objects as go

from components.figures.theme import (
    ALOOF_COLOR,
    GRID,
    INK,
    LAND,
    MUTED,
    NOT_CODED,
    contrast,
    edge,
)

BACKGROUND = "#0e1117"  # Streamlit's dark background
TEXT = "#e6e8ec"
TEXT_CONTRAST = 4.5  # WCAG 2.2 AA for text
# the light theme's neutrals -> the dark theme's (lower case, as the figures write them)
SWAP = {
    INK.lower(): TEXT,
    MUTED.lower(): "#a3a9b3",
    GRID.lower(): "#2b303b",
    "#ffffff": BACKGROUND,
    LAND.lower(): "#3b414d",
    NOT_CODED.lower(): "#6a707c",
    # aloof, lighter: 3:1 from the dark land as the light theme's is from its land
    ALOOF_COLOR.lower(): "#959ba5",
    "#dbe7f3": "#15263a",  # the map's sea
    "#f1f2f5": "#1d222c",  # the hedging chart's "both" quadrant
    "#fafafa": "#161a22",  # its "not coded" bands
    "#c3c8d0": "#4f5663",  # rules and the timeline's spans
    "#f3f4f6": "#1b1f27",  # minor grid
    "#000000": "#f2f2f2",  # the palette's black category would vanish
}
KEEP = ("fgcolor",)  # a hatch's lines stay white: they are drawn on the mark's own colour
WHITE_RGBA = re.compile(r"rgba\(\s*255\s*,\s*255\s*,\s*255\s*,")
SPAN_COLOR = re.compile(r"color:\s*(#[0-9a-fA-F]{6})")
FONT_KEYS = ("font", "textfont", "tickfont", "insidetextfont", "outsidetextfont")


def _readable(color: str) -> str:
    return edge(color, BACKGROUND, TEXT_CONTRAST)


def _is_color_key(key: str) -> bool:
    return key.endswith(("color", "colors", "colorway"))


def _swap(value: Any, key: str = "", parent: str = "") -> Any:
    """The figure's dict with its colours for the dark page. Only colour properties change,
    and coloured spans in an annotation's text: names, labels, quotes and data stay as written
    (a third party named "#ffffff" keeps its name)."""
    if isinstance(value, dict):
        return {k: _swap(v, k, key) for k, v in value.items()}
    if isinstance(value, list):
        return [_swap(v, key, parent) for v in value]
    if not isinstance(value, str):
        return value
    if key == "text" and parent == "annotations" and "color:" in value:
        return SPAN_COLOR.sub(lambda m: f"color:{_readable(m.group(1))}", value)
    if not _is_color_key(key) or key in KEEP:
        return value
    low = value.lower()
    if low in SWAP:
        value = SWAP[low]
    elif WHITE_RGBA.match(value):
        value = WHITE_RGBA.sub("rgba(14,17,23,", value)
    if key == "color" and parent in FONT_KEYS and value.startswith("#") and len(value) == 7:
        return _readable(value)
    return value


def dark_figure(fig: go.Figure) -> go.Figure:
    """The figure for the dark theme (see the module's note)."""
    out = go.Figure(_swap(fig.to_dict()))
    layout = out.layout
    layout.paper_bgcolor = BACKGROUND
    if layout.plot_bgcolor is None:
        layout.plot_bgcolor = BACKGROUND
    if layout.font.color is None:
        layout.font.color = TEXT
    for axis in [*out.select_xaxes(), *out.select_yaxes()]:
        if axis.gridcolor is None:
            axis.gridcolor = SWAP[GRID.lower()]
        if axis.zerolinecolor is None:
            axis.zerolinecolor = "#8a909b"
        if axis.linecolor is None:
            axis.linecolor = "#8a909b"
    for trace in out.data:
        marker = getattr(trace, "marker", None)
        if marker is None:
            continue
        fill, line = getattr(marker, "color", None), getattr(marker, "line", None)
        if trace.type == "bar" and isinstance(fill, str) and fill.startswith("#"):
            # a count printed inside a bar reads against the bar, not the page: the light
            # theme's dark grey on a dark fill was all but invisible
            inks = ("#111111", "#ffffff")
            # a faded bar (the strategy's statuses not asked for) shows the dark page through
            under = BACKGROUND if (marker.opacity or 1) < 0.5 else fill
            trace.insidetextfont.color = max(inks, key=lambda c: contrast(c, under))
        if not (isinstance(fill, str) and fill.startswith("#") and line is not None):
            continue
        # an outline that lifts the mark from the dark page (theme.edge, the other way)
        if line.width and isinstance(line.color, str) and contrast(line.color, BACKGROUND) < 3:
            line.color = edge(fill, BACKGROUND)
    return out
