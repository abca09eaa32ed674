"""A chart ready to export (an Item: a view's chart with its address) and the chart stamped on
a 16:9 canvas with its title, source, as-of year and permalink; the pack's cover.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go
import plotly.io as pio

from components.core.escape import plot, unplot
from components.core.view_state import ViewState
from components.export.renderer import HEIGHT, WIDTH
from components.figures.labels import for_print, opted_in, place_names
from components.figures.narrow import legend_names, legend_rows
from components.figures.theme import INK, MUTED, TEMPLATE_NAME, rewrap_key_title, wrap_words
from components.figures.views import ChartView

# the charts that show one third party (the comparison's profile trend): its id is in the name
ONE_THIRD_PARTY = ("trend",)


@dataclass(frozen=True)
class Item:
    """One chart of a view, ready to export."""

    page: str
    view: ChartView
    permalink: str
    page_title: str = ""  # the page's name for this dataset (routes.title)
    state: ViewState | None = None  # the view it is a chart of (what its file name says)

    @property
    def as_of(self) -> str:
        """The period the chart shows, e.g. "2016", or "2015-2016"."""
        return self.view.as_of

    @property
    def stem(self) -> str:
        return stem(self.page, self.view, self.state)


def stem(page: str, view: ChartView, state: ViewState | None = None) -> str:
    """A chart's file name, less its suffix, naming the view it shows: its page, its key, the
    period, and where the chart depends on them the dimension and the third party, so the
    charts of two views never share a name (overall and security in 2015; the United States'
    trend and Russia's)."""
    parts = [page, view.key, view.as_of]
    dimension = getattr(state, "dimension", None)
    if dimension:
        parts.append(dimension)
    third_party = getattr(state, "third_party", None)
    if third_party and view.key in ONE_THIRD_PARTY:
        parts.append(third_party)
    return slug("tugofwar-" + "-".join(parts))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


STAMP_MARGIN = 130  # px below the plot: axis labels and title, then the two stamp lines

# The canvases a chart is exported on (width, height in px, at 96 to the inch): a 16:9 slide, a
# 4:3 slide, an A4 page upright (210 mm wide) and a square card for social media.
SIZES = {
    "16x9": (WIDTH, HEIGHT),
    "4x3": (1024, 768),
    "a4": (794, 1123),
    "square": (1080, 1080),
}
SCREEN_TITLE_PX = 18  # the template's title size
TITLE_PX = 22  # a slide's title size
TITLE_LINE_PX = 28  # a slide title line's height
KEY_LINE_PX = 18  # a line of a key's words above its entries
KEY_ROW_PX = 22  # a row of a key's entries
SIDE_KEY_PX = 130  # a key beside the plot (the hedging chart's shapes), counted out of its width


def stamped(item: Item, source: str, size: str = "16x9") -> go.Figure:
    """The chart on a canvas of `size` (SIZES; a 16:9 slide by default) with its source line,
    as-of year and permalink below it; the title in a slide's type, wrapped to the canvas's
    width, and on a canvas narrower than the slide the keys and names given room again (an A4
    page takes the wide layout: the narrow one is laid out for a phone's 360 pixels)."""
    width, height = SIZES[size]
    base = item.view.figure
    fig = go.Figure(base.to_dict())  # a copy; go.Figure(fig) touches fig
    fig.update_layout(width=width, height=height, template=TEMPLATE_NAME)
    margin = fig.layout.margin
    top, below = 90, 0
    if width < WIDTH:
        # a key's words above its entries (the scale), wrapped again to the narrower plot
        before = len((fig.layout.legend.title.text or "").split("<br>"))
        key_px = fig.layout.legend.title.font.size or 13
        after = rewrap_key_title(fig.layout.legend, width - (margin.l or 80) - 30, key_px)
        if after > before:
            top, below = _key_grows(fig, KEY_LINE_PX * (after - before), top, below)
    # the finding in a slide title's type (22 px, about 16 pt on a 13.3-inch slide, where the
    # screen's 18 px made 13.5 pt), wrapped to the canvas
    lines = wrap_words(fig.layout.title.text or "", int((width - 60) / (TITLE_PX * 0.5)))
    pad = TITLE_LINE_PX // 2 * (len(lines) - 1)
    # plotly sets a title of several lines half a line too high per extra line, cutting the
    # first at the canvas's top (as theme.projector_figure): padding brings it back
    fig.update_layout(title_text="<br>".join(lines), title_pad_t=pad, title_font_size=TITLE_PX)
    top += TITLE_LINE_PX * (len(lines) - 1) + pad + (TITLE_PX - SCREEN_TITLE_PX)
    # The stamp sits in a bottom margin deeper than an axis's labels and title need, so the
    # margin does not grow (automargin) and the lines stay below the axis title, inside the slide.
    template = pio.templates[TEMPLATE_NAME].layout.margin
    left = margin.l if margin.l is not None else template.l
    right = max(margin.r or 0, 30)
    if width < WIDTH:
        if opted_in(fig):
            # names around their marks were placed for a laptop's plot: placed again for this
            # one (less the keys beside it: the hedging chart's shapes)
            room = height - top - STAMP_MARGIN - below
            place_names(fig, width - left - right - SIDE_KEY_PX, room, font_px=11)
            for_print(fig)
        # a key's entries in more rows than on the slide: room for them, above or below
        names = legend_names(fig, "legend")
        key_px = fig.layout.legend.font.size or 14
        rows = legend_rows(names, width - left - right, font_px=key_px) - legend_rows(
            names, WIDTH - left - right, font_px=key_px
        )
        if rows > 0 and (fig.layout.legend.orientation or "h") == "h":
            top, below = _key_grows(fig, KEY_ROW_PX * rows, top, below)
    bottom = STAMP_MARGIN + below
    fig.update_layout(margin=dict(l=left, r=right, t=top, b=bottom))
    _keep_legend_under_plot(fig, base)
    # the stamp starts at the canvas's left edge, not the plot's: a chart with a wide margin of
    # names would push a long address off a narrow canvas
    at = -(left - 16) / max(width - left - right, 1)
    lines = [
        (f"{source} \u00b7 as of {item.as_of}", 52 - bottom, 13, INK),
        (f"View online: {item.permalink}", 30 - bottom, 12, MUTED),
    ]
    for text, shift, font_size, color in lines:
        fig.add_annotation(
            text=plot(text),
            xref="paper",
            yref="paper",
            x=at,
            y=0,
            xanchor="left",
            yanchor="top",
            yshift=shift,
            showarrow=False,
            font=dict(size=font_size, color=color),
            align="left",
        )
    return fig


def _key_grows(fig: go.Figure, px: int, top: int, below: int) -> tuple[int, int]:
    """The margins with room for a key grown by `px`: it grows away from the plot, up when it
    stands above it, down when below."""
    if fig.layout.legend.y is not None and fig.layout.legend.y < 0:
        return top, below + px
    return top + px, below


def _keep_legend_under_plot(fig: go.Figure, page: go.Figure) -> None:
    """A legend set below the plot (at a share of the plot's height) keeps its distance in
    pixels from the plot as the page draws it: on the slide's taller plot the same share would
    put it on the source line under it."""
    legend = fig.layout.legend
    if legend.orientation != "h" or legend.y is None or legend.y >= 0 or legend.yref == "container":
        return
    template = pio.templates[TEMPLATE_NAME].layout.margin
    page_margin = page.layout.margin
    page_plot = (page.layout.height or HEIGHT) - (
        (page_margin.t if page_margin.t is not None else template.t or 0)
        + (page_margin.b if page_margin.b is not None else template.b or 0)
    )
    slide_plot = (
        (fig.layout.height or HEIGHT) - (fig.layout.margin.t or 0) - (fig.layout.margin.b or 0)
    )
    if page_plot > 0 and slide_plot > page_plot:
        fig.update_layout(legend_y=legend.y * page_plot / slide_plot)


def page_text(fig: go.Figure) -> str:
    """What a page drawn as a figure (the cover, a findings page, a scene) says, in reading
    order, as a screen reader should hear it: its text alternative in a tagged PDF."""
    texts = [fig.layout.title.text or ""] + [a.text or "" for a in fig.layout.annotations]
    return " ".join(unplot(text) for text in texts if unplot(text))


def cover(
    title: str, subtitle: str, source: str, permalink: str, when: date, size: str = "16x9"
) -> go.Figure:
    """The briefing's cover page, drawn as a figure so it renders like every other page."""
    width, height = SIZES[size]
    chars = int((width - 160) / (20 * 0.5))
    title = "<br>".join(plot(line) for line in wrap_words(title, int(chars * 20 / 36)))
    subtitle = "<br>".join(plot(line) for line in wrap_words(subtitle, chars))
    fig = go.Figure()
    fig.update_layout(
        template=TEMPLATE_NAME,
        width=width,
        height=height,
        xaxis=dict(visible=False, range=[0, 1]),
        yaxis=dict(visible=False, range=[0, 1]),
        margin=dict(l=80, r=80, t=80, b=80),
    )
    lines = [  # (height share, text as plotly takes it, px, colour)
        (0.72, title, 36, INK),
        (0.6, subtitle, 20, INK),
        (0.42, plot(f"Exported {when:%-d %B %Y}"), 15, MUTED),
        (0.34, plot(source), 15, MUTED),
        (0.26, plot(permalink), 13, MUTED),
    ]
    for y, text, px, color in lines:
        fig.add_annotation(
            x=0,
            y=y,
            text=text,
            xanchor="left",
            align="left",
            showarrow=False,
            font=dict(size=px, color=color),
        )
    return fig


FINDINGS_PER_PAGE = 4  # at most, large enough to read on a slide at the back of a room
FINDINGS_WRAP = 115  # characters to a line of a finding's text, at 17 px on a 1280 px page
NO_FINDINGS = "The dataset states no key findings for this year: the charts that follow say theirs."


def _wrap_at(size: str) -> int:
    """Characters to a line of a finding's text on a page of this size."""
    return int(FINDINGS_WRAP * (SIZES[size][0] - 140) / (WIDTH - 140))


def _area_px(size: str) -> int:
    """The findings page's height between its margins."""
    return SIZES[size][1] - 40 - 60


def _finding_px(text: str, size: str = "16x9") -> int:
    """The height a finding takes on its page: title, verdict, its text's lines, the gap."""
    return 55 + 25 * len(textwrap.wrap(text, _wrap_at(size))) + 30


def findings_chunks(
    lines: Sequence[tuple[str, str, str]], size: str = "16x9"
) -> list[list[tuple[str, str, str]]]:
    """The findings page by page: as many as fit under the heading, at most FINDINGS_PER_PAGE
    (twice as many on an upright page)."""
    most = FINDINGS_PER_PAGE * (2 if SIZES[size][1] > SIZES[size][0] else 1)
    pages: list[list[tuple[str, str, str]]] = []
    used = 0
    for line in lines:
        need = _finding_px(line[2], size)
        if not pages or len(pages[-1]) == most or used + need > _area_px(size) - 60:
            pages.append([])
            used = 0
        pages[-1].append(line)
        used += need
    return pages


def findings_pages(
    heading: str, lines: Sequence[tuple[str, str, str]], source: str, size: str = "16x9"
) -> list[go.Figure]:
    """The briefing's findings as pages drawn like its charts: a heading, then for each finding
    its title, its verdict and evidence, and its text (lines: (title, verdict and evidence,
    text)), as many to a page as fit (findings_chunks)."""
    chunks = findings_chunks(lines, size) or [[("No key findings", NO_FINDINGS, "")]]
    width, height = SIZES[size]
    area = _area_px(size)
    pages = []
    for n, chunk in enumerate(chunks, 1):
        fig = go.Figure()
        fig.update_layout(
            template=TEMPLATE_NAME, width=width, height=height,
            xaxis=dict(visible=False, range=[0, 1]), yaxis=dict(visible=False, range=[0, 1]),
            margin=dict(l=70, r=70, t=40, b=60),
        )  # fmt: skip
        title = heading + (f" ({n} of {len(chunks)})" if len(chunks) > 1 else "")
        texts = [(0, f"<b>{plot(title)}</b>", 32, INK)]
        at = 80  # px below the top of the area
        for name, verdict, text in chunk:
            body = textwrap.wrap(text, _wrap_at(size))
            texts.append((at, f"<b>{plot(name)}</b>", 22, INK))
            texts.append((at + 30, plot(verdict), 15, MUTED))
            if body:
                texts.append((at + 55, "<br>".join(plot(line) for line in body), 17, INK))
            at += _finding_px(text, size)
        for top_px, text, font_px, color in texts:
            fig.add_annotation(
                x=0, y=1 - top_px / area, text=text, xanchor="left", yanchor="top",
                showarrow=False, align="left", font=dict(size=font_px, color=color),
            )  # fmt: skip
        fig.add_annotation(
            x=0, y=0, text=plot(source), xanchor="left", yanchor="top", yshift=-20,
            showarrow=False, font=dict(size=13, color=MUTED),
        )  # fmt: skip
        pages.append(fig)
    return pages
