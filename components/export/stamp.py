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

from components.core.escape import plot
from components.core.view_state import ViewState
from components.export.renderer import HEIGHT, WIDTH
from components.figures.theme import INK, MUTED, TEMPLATE_NAME
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


def stamped(item: Item, source: str) -> go.Figure:
    """The chart on a 16:9 canvas with its source line, as-of year and permalink below it."""
    fig = go.Figure(item.view.figure.to_dict())  # a copy; go.Figure(fig) touches fig
    fig.update_layout(width=WIDTH, height=HEIGHT, template=TEMPLATE_NAME)
    margin = fig.layout.margin
    # The stamp sits in a bottom margin deeper than an axis's labels and title need, so the
    # margin does not grow (automargin) and the lines stay below the axis title, inside the slide.
    fig.update_layout(margin=dict(l=margin.l, r=max(margin.r or 0, 30), t=90, b=STAMP_MARGIN))
    _keep_legend_under_plot(fig, item.view.figure)
    lines = [
        (f"{source} \u00b7 as of {item.as_of}", 52 - STAMP_MARGIN, 13, INK),
        (f"View online: {item.permalink}", 30 - STAMP_MARGIN, 12, MUTED),
    ]
    for text, shift, size, color in lines:
        fig.add_annotation(
            text=plot(text),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="top",
            yshift=shift,
            showarrow=False,
            font=dict(size=size, color=color),
            align="left",
        )
    return fig


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
    slide_plot = HEIGHT - (fig.layout.margin.t or 0) - (fig.layout.margin.b or 0)
    if page_plot > 0 and slide_plot > page_plot:
        fig.update_layout(legend_y=legend.y * page_plot / slide_plot)


def cover(title: str, subtitle: str, source: str, permalink: str, when: date) -> go.Figure:
    """The briefing's cover page, drawn as a figure so it renders like every other page."""
    fig = go.Figure()
    fig.update_layout(
        template=TEMPLATE_NAME,
        width=WIDTH,
        height=HEIGHT,
        xaxis=dict(visible=False, range=[0, 1]),
        yaxis=dict(visible=False, range=[0, 1]),
        margin=dict(l=80, r=80, t=80, b=80),
    )
    lines = [
        (0.72, title, 36, INK),
        (0.6, subtitle, 20, INK),
        (0.42, f"Exported {when:%-d %B %Y}", 15, MUTED),
        (0.34, source, 15, MUTED),
        (0.26, permalink, 13, MUTED),
    ]
    for y, text, size, color in lines:
        fig.add_annotation(
            x=0,
            y=y,
            text=plot(text),
            xanchor="left",
            showarrow=False,
            font=dict(size=size, color=color),
        )
    return fig


FINDINGS_PER_PAGE = 4  # at most, large enough to read on a slide at the back of a room
FINDINGS_WRAP = 115  # characters to a line of a finding's text, at 17 px on a 1280 px page
_PLOT_PX = HEIGHT - 40 - 60  # the findings page's area between its margins


NO_FINDINGS = "The dataset states no key findings for this year: the charts that follow say theirs."


def _finding_px(text: str) -> int:
    """The height a finding takes on its page: title, verdict, its text's lines, the gap."""
    return 55 + 25 * len(textwrap.wrap(text, FINDINGS_WRAP)) + 30


def findings_chunks(lines: Sequence[tuple[str, str, str]]) -> list[list[tuple[str, str, str]]]:
    """The findings page by page: as many as fit under the heading, at most FINDINGS_PER_PAGE."""
    pages: list[list[tuple[str, str, str]]] = []
    used = 0
    for line in lines:
        need = _finding_px(line[2])
        if not pages or len(pages[-1]) == FINDINGS_PER_PAGE or used + need > _PLOT_PX - 60:
            pages.append([])
            used = 0
        pages[-1].append(line)
        used += need
    return pages


def findings_pages(
    heading: str, lines: Sequence[tuple[str, str, str]], source: str
) -> list[go.Figure]:
    """The briefing's findings as pages drawn like its charts: a heading, then for each finding
    its title, its verdict and evidence, and its text (lines: (title, verdict and evidence,
    text)), as many to a page as fit (findings_chunks)."""
    chunks = findings_chunks(lines) or [[("No key findings", NO_FINDINGS, "")]]
    pages = []
    for n, chunk in enumerate(chunks, 1):
        fig = go.Figure()
        fig.update_layout(
            template=TEMPLATE_NAME, width=WIDTH, height=HEIGHT,
            xaxis=dict(visible=False, range=[0, 1]), yaxis=dict(visible=False, range=[0, 1]),
            margin=dict(l=70, r=70, t=40, b=60),
        )  # fmt: skip
        title = heading + (f" ({n} of {len(chunks)})" if len(chunks) > 1 else "")
        texts = [(0, f"<b>{plot(title)}</b>", 32, INK)]
        at = 80  # px below the top of the area
        for name, verdict, text in chunk:
            body = textwrap.wrap(text, FINDINGS_WRAP)
            texts.append((at, f"<b>{plot(name)}</b>", 22, INK))
            texts.append((at + 30, plot(verdict), 15, MUTED))
            if body:
                texts.append((at + 55, "<br>".join(plot(line) for line in body), 17, INK))
            at += _finding_px(text)
        for px, text, size, color in texts:
            fig.add_annotation(
                x=0, y=1 - px / _PLOT_PX, text=text, xanchor="left", yanchor="top",
                showarrow=False, align="left", font=dict(size=size, color=color),
            )  # fmt: skip
        fig.add_annotation(
            x=0, y=0, text=plot(source), xanchor="left", yanchor="top", yshift=-20,
            showarrow=False, font=dict(size=13, color=MUTED),
        )  # fmt: skip
        pages.append(fig)
    return pages
