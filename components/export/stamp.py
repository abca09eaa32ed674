"""A chart ready to export (an Item: a view's chart with its address) and the chart stamped on
a 16:9 canvas with its title, source, as-of year and permalink; the pack's cover.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go
import plotly.io as pio

from components.core.escape import plot
from components.export.renderer import HEIGHT, WIDTH
from components.figures.theme import INK, MUTED, TEMPLATE_NAME
from components.figures.views import ChartView


@dataclass(frozen=True)
class Item:
    """One chart of a view, ready to export."""

    page: str
    view: ChartView
    permalink: str
    page_title: str = ""  # the page's name for this dataset (routes.title)

    @property
    def as_of(self) -> str:
        """The period the chart shows, e.g. "2016", or "2015-2016"."""
        return self.view.as_of

    @property
    def stem(self) -> str:
        return stem(self.page, self.view)


def stem(page: str, view: ChartView) -> str:
    """A chart's file name, less its suffix: its page, its key and the period it shows."""
    return slug(f"tugofwar-{page}-{view.key}-{view.as_of}")


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
