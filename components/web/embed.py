"""One chart of a view alone, for an iframe on another site (?chart=KEY, with Streamlit's own
embed=true, which drops its toolbar and padding): the chart with its title, its caption and
source, in the page's state, styled for the screen; no menu, no sidebar, no controls. And the
snippet and citations the Export menu offers for it."""

from __future__ import annotations

import html
from datetime import date

import streamlit as st

from components.core import cite, routes, url_params
from components.core.escape import markup
from components.dataset.models import Dataset
from components.web import cached, figure, show
from components.web.address import Page

# nothing round the chart: the sidebar, its toggle and Streamlit's header hidden
EMBED_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.5rem 0.75rem !important; }
</style>"""
EMBED_HEIGHT = 620  # px: the iframe's height the snippet proposes (a chart and its caption)


def draw(ds: Dataset, page: Page, key: str) -> None:
    """The chart `key` of the page's view alone; an unknown key is said, and the page's first
    chart shown."""
    del ds  # the view comes from the cache, by the page's data key
    route = routes.BY_ID[page.id]
    st.html(EMBED_CSS)
    if key not in route.charts:
        show.warning(
            markup("This page has no chart {}: showing {}.", key, route.charts[0]),
            icon=":material/link_off:",
        )
        key = route.charts[0]
    view = cached.view_chart(page.data, page.state, key)
    figure.figure_only(view, key=f"embed_{key}")
    show.caption(view.caption + (f" {view.note}" if view.note else ""))


def address(link: str, key: str) -> str:
    """The chart-only view's address: the view's permalink with the chart, embed=true and the
    narrow layout (an article's column is a phone's width or a little more: the wide layout's
    keys and lists beside the plot leave the plot a sliver there)."""
    joiner = "&" if "?" in link else "?"
    return f"{link}{joiner}{url_params.CHART}={key}&{url_params.LAYOUT}=narrow&embed=true"


def snippet(link: str, key: str, title: str) -> str:
    """The iframe to paste into a web page (its title attribute for screen readers)."""
    src = html.escape(address(link, key), quote=True)
    return (
        f'<iframe src="{src}" width="100%" height="{EMBED_HEIGHT}" style="border:0" '
        f'loading="lazy" title="{html.escape(title, quote=True)}"></iframe>'
    )


def citations(ds: Dataset, title: str, link: str, when: date | None = None) -> tuple[str, str]:
    """The chart's citation in APA style and as BibTeX (cite.chart_citation)."""
    return cite.chart_citation(ds, title, link, when or date.today())
