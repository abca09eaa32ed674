"""Colours, markers and the plotly template: the one place the dashboard's look is decided.

Actor colours and markers come from the dataset (meta.yaml), never from here; this module holds the
neutral palette around them and the template every figure uses, in the app and in exports alike.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from components.dataset.models import STATUSES, Dataset
from components.figures.labels import opted_in, place_names

TEMPLATE_NAME = "tugofwar"
# Streamlit draws text in "Source Sans"; exports draw and carry the same font (FONT_FILES); the
# fallbacks are sans faces that Debian's Chromium has. Names with spaces are quoted, or CSS drops
# the list.
FONT = '"Source Sans", "Source Sans Pro", Arial, "Liberation Sans", "DejaVu Sans", sans-serif'
INK = "#1f2430"
MUTED = "#6b7280"
GRID = "#e5e7eb"
NEUTRAL = "#7f7f7f"  # ties with both sides (hedging)
# aloof: a dark slate, so a country that stands aloof reads apart from the map's land (LAND, at
# least 3:1) and from ties with both (NEUTRAL, lighter) on every chart
ALOOF_COLOR = "#4f5866"
NOT_CODED = "#f1f1f1"  # one side not coded: no lean to colour
LAND = "#d9dde3"  # land of countries outside the data
BORDER = "#ffffff"

# Okabe-Ito colours not used by the shipped actors, for categories and statuses.
CATEGORY_PALETTE = ["#56B4E9", "#009E73", "#D55E00", "#CC79A7", "#000000", "#999999", "#F0E442"]
CATEGORY_SYMBOLS = ["circle", "square", "diamond", "triangle-up", "star", "hexagon", "x"]

STATUS_ORDER = list(STATUSES)
STATUS_COLORS = {
    "achieved": "#009E73",
    "partial": "#56B4E9",
    "stalled": "#999999",
    "reversed": "#D55E00",
    "not-judged": "#c7ccd4",
}
STATUS_PATTERNS = {
    "achieved": "",
    "partial": "/",
    "stalled": ".",
    "reversed": "x",
    "not-judged": "-",
}

# The second actor gets a hatch so the two stay apart in greyscale print.
ACTOR_PATTERNS = ["", "/"]
KIND_SYMBOLS = {"country": "circle", "organisation": "square", "group": "triangle-up"}


@dataclass(frozen=True)
class ActorStyle:
    id: str
    name: str
    short: str
    color: str
    marker: str
    pattern: str
    phrase: str = ""  # as running text writes it: "the Senate"

    @property
    def Phrase(self) -> str:  # noqa: N802 - the same, at the start of a sentence
        text = self.phrase or self.short
        return text[:1].upper() + text[1:]


def actor_styles(ds: Dataset) -> list[ActorStyle]:
    """Style of each actor, in dataset order, from meta.yaml."""
    return [
        ActorStyle(a.id, a.name, a.short_name, a.color, a.marker, ACTOR_PATTERNS[i % 2], a.phrase)
        for i, a in enumerate(ds.meta.actors)
    ]


def category_styles(category_ids: list[str]) -> dict[str, tuple[str, str]]:
    """Category id -> (colour, marker symbol), stable in the order categories are defined."""
    return {
        cid: (
            CATEGORY_PALETTE[i % len(CATEGORY_PALETTE)],
            CATEGORY_SYMBOLS[i % len(CATEGORY_SYMBOLS)],
        )
        for i, cid in enumerate(category_ids)
    }


def _hex_to_rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def blend(color: str, toward: str, share: float) -> str:
    """Mix `share` (0..1) of `toward` into `color`."""
    a, b = _hex_to_rgb(color), _hex_to_rgb(toward)
    mixed = (round(x + (y - x) * share) for x, y in zip(a, b, strict=True))
    return "#" + "".join(f"{v:02x}" for v in mixed)


def luminance(color: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""

    def linear(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in _hex_to_rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


MARK_CONTRAST = 3.0  # WCAG 2.2 non-text contrast (1.4.11) of a mark against the white page


def edge(color: str, against: str = "#ffffff", ratio: float = MARK_CONTRAST) -> str:
    """The colour itself if a mark in it stands out from `against` at `ratio`, else the same hue
    darkened just enough: the outline that makes a light mark (Okabe-Ito orange, sky, yellow,
    grey) visible to low vision while its fill keeps the colour-blind-safe palette."""
    if contrast(color, against) >= ratio:
        return color
    # darker on a light page, lighter on a dark one (the dark theme)
    toward = "#000000" if luminance(against) > 0.18 else "#ffffff"
    for k in range(1, 101):
        shade = blend(color, toward, k / 100)
        if contrast(shade, against) >= ratio:
            return shade
    return toward


def _template() -> go.layout.Template:
    return go.layout.Template(
        layout=go.Layout(
            font=dict(family=FONT, size=14, color=INK),
            title=dict(
                font=dict(size=18, color=INK),
                xanchor="left",
                xref="container",
                x=0.005,
                y=0.985,
                yref="container",
                yanchor="top",
            ),
            paper_bgcolor="#ffffff",
            plot_bgcolor="#ffffff",
            colorway=CATEGORY_PALETTE,
            margin=dict(l=30, r=20, t=96, b=40),
            hoverlabel=dict(bgcolor="#ffffff", font=dict(family=FONT, size=13, color=INK)),
            legend=dict(
                orientation="h", yanchor="bottom", y=1.01, xanchor="left", x=0, title_text=""
            ),
            xaxis=dict(gridcolor=GRID, zerolinecolor="#9ca3af", linecolor=GRID, automargin=True),
            yaxis=dict(gridcolor=GRID, zerolinecolor="#9ca3af", linecolor=GRID, automargin=True),
        )
    )


pio.templates[TEMPLATE_NAME] = _template()


# Projector mode fills the screen: the sidebar is collapsed, so a chart gets about 1180 of a
# 1280-pixel projector's width, and its height follows the screen's (web/chart.py and
# web/presentation.py size the chart's frame to the viewport, and the figure is laid out by
# plotly to fit it). Plotly does not wrap titles
# itself: a 26-pixel title takes about 70 characters to a line there.
PROJECTOR_TITLE_CHARS = 64
PROJECTOR_TITLE_LINE = 34  # pixels per line of a 26-pixel title
PROJECTOR_LEGEND_ROW = 30  # pixels per row of an 18-pixel legend
PROJECTOR_MIN_WIDTH = 1000  # the narrowest plot a projector gives, for wrapping the legend
PROJECTOR_TICKS_PX = 34  # 18-pixel tick labels under a plot, and their gap
PROJECTOR_PLOT_PX = 400  # the plot's height on a 720-pixel screen, for sizing category labels
WALL_PLOT_PX = 400  # the same on a wall (no title of its own, but a prompt above it)
WALL_LIST_CHARS = 105  # a line of 16-pixel text across the plot of a 1280-pixel wall


def wrap_words(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters (a longer word gets a line of its own); line breaks
    already in the text (<br>) are kept."""
    lines: list[str] = []
    for part in text.split("<br>"):
        line = ""
        for word in part.split():
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return lines


KEY_SEP = " \u00b7 "  # between the entries of a key written as a line of words


def wrap_key(text: str, width: int) -> list[str]:
    """A key written as words ('Scale: −2 Hostile · −1 Strained · …') in lines of at most
    `width` characters, broken between its entries where it can (an entry stays whole unless it
    is longer than a line), each broken line ending with its separator; a key wrapped before is
    wrapped again from its words."""
    entries = text.replace(KEY_SEP.rstrip() + "<br>", KEY_SEP).replace("<br>", " ").split(KEY_SEP)
    lines: list[str] = []
    for entry in entries:
        if lines and len(lines[-1]) + len(KEY_SEP) + len(entry) <= width:
            lines[-1] += KEY_SEP + entry
            continue
        if lines:
            lines[-1] += KEY_SEP.rstrip()
        lines += wrap_words(entry, width)
    return lines


def rewrap_key_title(legend: go.layout.Legend, width: float, font_px: int) -> int:
    """A key's title set above its entries (charts.key_title: a chart's scale, what a map's
    numbers are) in another screen's type, wrapped again to lines `width` pixels wide: the
    lines it now takes (0 where the key has no title above its entries)."""
    text = legend.title.text
    if not text or legend.title.side != "top":
        return 0
    lines = wrap_key(text, int(width / (font_px * 0.55)))
    legend.title.update(text="<br>".join(lines), font_size=font_px)
    return len(lines)


def _legend_rows(fig: go.Figure, font_px: int = 18) -> int:
    """How many rows a horizontal legend of the figure's named traces takes on a projector."""
    names = [t.name for t in fig.data if t.showlegend is not False and t.name]
    if not names:
        return 0
    widths = [len(n) * font_px * 0.55 + 44 for n in names]
    rows, line = 1, 0.0
    for w in widths:
        if line and line + w > PROJECTOR_MIN_WIDTH:
            rows, line = rows + 1, 0.0
        line += w
    return rows


def _categories(axis: go.layout.YAxis) -> int:
    values = axis.categoryarray if axis.categoryarray is not None else axis.tickvals
    return len(values) if values is not None else 0


def wall_figure(fig: go.Figure) -> go.Figure:
    """The figure for a seminar's wall: a projector's, without its title (the slide says the
    finding above it in the page's own type), so the plot has the screen's height for rows."""
    return projector_figure(fig, title=False)


def projector_figure(fig: go.Figure, *, title: bool = True) -> go.Figure:
    """The same figure for a wall: larger type, the title wrapped, and no fixed height, so that
    plotly fits it to the frame the page gives it (the screen's height)."""
    out = go.Figure(fig.to_dict())
    lines = wrap_words(fig.layout.title.text or "", PROJECTOR_TITLE_CHARS) if title else []
    # plotly anchors a title of several lines half a line too high per extra line, cutting off
    # the first one at the top of the figure; the padding brings it back (checked in kaleido)
    pad = PROJECTOR_TITLE_LINE // 2 * max(len(lines) - 1, 0)
    title_px = 14 + PROJECTOR_TITLE_LINE * len(lines) + pad if lines else 0
    top = title_px + 20 if lines else 6
    if not lines and any(
        note.yref == "paper" and (note.y or 0) >= 1 and note.yanchor == "bottom"
        for note in fig.layout.annotations
    ):
        top += PROJECTOR_TITLE_LINE  # subplots' titles stand on the plot's top edge
    plot_px = PROJECTOR_PLOT_PX if title else WALL_PLOT_PX
    legend: dict = {"font_size": 18}
    bottom = None  # the template's, unless a key goes under the plot
    # a key's title above its entries (the scale's words) takes rows of its own
    above = rewrap_key_title(out.layout.legend, PROJECTOR_MIN_WIDTH, 18)
    if fig.layout.legend.y is None and fig.layout.showlegend is not False:
        entries = _legend_rows(fig)
        if entries:
            # the legend sits on the plot and grows upwards by the rows it needs: room for them
            legend.update(yref="paper", y=1.0, yanchor="bottom", x=0, xanchor="left")
            top += PROJECTOR_LEGEND_ROW * (entries + above) + 8
    elif (fig.layout.legend.y or 0) < 0 and fig.layout.legend.yref != "container":
        # a key under the plot: at the bottom of the figure, in a margin as deep as the larger
        # tick labels, any axis title and the key's rows need (a share of the plot's height,
        # which the screen sets, would put it on the labels of a short plot)
        rows = max(_legend_rows(fig), 1) + above
        titled = any(axis.title.text for axis in fig.select_xaxes())
        below = PROJECTOR_TICKS_PX + (PROJECTOR_LEGEND_ROW if titled else 0)
        legend.update(yref="container", y=0, yanchor="bottom")
        bottom = below + PROJECTOR_LEGEND_ROW * rows + 8
    out.update_layout(
        height=None,
        autosize=True,
        font_size=18,
        title_font_size=26,
        title_text="<br>".join(lines),
        title_pad_t=pad,
        title_y=0.99,
        margin_t=top,
        **({"margin_b": bottom} if bottom is not None else {}),
        hoverlabel_font_size=18,
        legend=legend,
    )
    if not title:  # a wall is not clicked: rows of text only may be folded into a list
        _fold_text_rows(out, plot_px, text_px=16)
    # category labels as large as the rows allow on a 720-pixel screen
    for axis in out.select_yaxes():
        n = _categories(axis)
        if n:
            axis.tickfont.size = int(min(18, max(13, plot_px / n * 0.8)))
    for note in out.layout.annotations:  # a quarter larger, as far as 18 pixels
        note.font.size = min(18, round((note.font.size or 12) * 1.25))
    out.update_traces(textfont_size=16, selector=dict(type="scatter"))
    out.update_traces(textfont_size=18, selector=dict(type="bar"))
    if opted_in(out):  # the names around their marks, placed again for the larger type
        place_names(out, PROJECTOR_MIN_WIDTH - 160, plot_px, font_px=16)
    return out


WALL_AXIS_PX = 86  # below the plot on a wall: the ticks and the axis title


def _fold_text_rows(fig: go.Figure, plot_px: float, text_px: int) -> None:
    """Rows that hold only a label written beside one x (the lead chart's "one side not coded"
    values) cost a row each; when the rows are closer than a line of text, their labels would
    run into each other and the names shrink under what a room reads. Then those rows leave
    the axis and are listed under the chart instead, in the trace's own words."""
    axis = fig.layout.yaxis
    rows = list(axis.categoryarray) if axis.categoryarray is not None else []
    if not rows or plot_px / len(rows) >= 1.3 * text_px:
        return
    for i, trace in enumerate(fig.data):
        if (
            trace.type != "scatter"
            or trace.mode != "text"
            or trace.x is None
            or trace.y is None
            or len(set(trace.x)) != 1
            or any(y not in rows for y in trace.y)
        ):
            continue
        groups: dict[str, list[str]] = {}  # "Rome: +2, Carthage: not coded" -> its rows
        at = {name: i for i, name in enumerate(rows)}  # the axis lists its rows bottom up
        for y, text in sorted(zip(trace.y, trace.text, strict=True), key=lambda p: -at[p[0]]):
            groups.setdefault(text, []).append(y)  # the top row first, as the chart read
        listed = "; ".join(f"{', '.join(names)} ({text})" for text, names in groups.items())
        lines = wrap_words(f"{trace.name}: {listed}", WALL_LIST_CHARS)
        folded = set(trace.y)
        fig.data = [t for j, t in enumerate(fig.data) if j != i]
        axis.categoryarray = [r for r in rows if r not in folded]
        fig.add_annotation(
            text="<br>".join(lines), xref="paper", yref="paper", x=0, y=0, xanchor="left",
            yanchor="top", yshift=-WALL_AXIS_PX, align="left", showarrow=False,
            font=dict(size=text_px, color=trace.textfont.color),
        )  # fmt: skip
        fig.update_layout(margin_b=WALL_AXIS_PX + round(1.5 * text_px * len(lines)) + 8)
        return


# Streamlit draws with theme=None so these colours are exactly what exports get.
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


FONTS = (
    Path(__file__).resolve().parent.parent / "assets" / "fonts"
)  # SIL Open Font License: OFL.txt
# (weight, style) -> the shipped Source Sans 3 face; .ttf for the browser's system fonts, .woff2
# for the export page and inside SVGs (the same instance, so the same metrics)
FONT_FILES = {
    ("normal", "normal"): FONTS / "SourceSans3-Regular",
    ("bold", "normal"): FONTS / "SourceSans3-Bold",
    ("normal", "italic"): FONTS / "SourceSans3-Italic",
}


def font_rule(weight: str, style: str) -> str:
    """CSS @font-face for one shipped face, the file inline as a data: address."""
    data = base64.b64encode(FONT_FILES[weight, style].with_suffix(".woff2").read_bytes())
    return (
        f"@font-face{{font-family:'Source Sans';font-style:{style};font-weight:{weight};"
        f"src:url(data:font/woff2;base64,{data.decode('ascii')}) format('woff2');}}"
    )
