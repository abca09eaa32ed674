"""The chart frame: heading, figure (styled for this screen), caption, its numbers one click
away and its Export menu.
"""

from __future__ import annotations

from contextlib import nullcontext
from functools import partial
from typing import Any

import streamlit as st

from components.core import routes
from components.core.escape import Markdown, csv_bytes
from components.dataset.models import Dataset
from components.export import chart_data, pack, renderer, stamp
from components.figures.theme import PLOTLY_CONFIG
from components.figures.views import ChartView
from components.web import cached, embed, show
from components.web.address import Page, permalink
from components.web.evidence_dialog import _picked_value, evidence, evidence_picker
from components.web.figure import PROJECTOR_FRAME, STYLED
from components.web.frame import copyable
from components.web.presentation import dark, narrow, projector


def charts_with_evidence(ds: Dataset, page: Page) -> None:
    """The page's charts, each with the list that opens what a click on it opens (the keyboard's
    way to a value's evidence), and the evidence of the value in the address."""
    for view in cached.page_charts(page.data, page.state):
        chart(view, page, key=view.key)
        evidence_picker(view, page)
    evidence(ds, page)


def chart(view: ChartView, page: Page, *, key: str, base: str | None = None, **kwargs: Any) -> Any:
    """The chart's heading, the figure with Streamlit's theme off (so colours are the dataset's,
    as in exports), its caption and note, its numbers one click away, and its exports (16:9 PNG,
    SVG, CSV)."""
    if view.heading:
        show.subheader(view.heading)  # dataset text (a third party's name): escaped
    if view.evidence and "on_select" not in kwargs:
        # a click (or a tap) on a bar, point or country opens that value's evidence
        kwargs.update(on_select=partial(_picked_value, key), selection_mode="points")
    config = {
        **PLOTLY_CONFIG,
        # No camera: plotly.js would draw its PNG in the browser, where an SVG drawn into a canvas
        # cannot use the page's fonts (the legend in a fallback font, cut short), in the screen's
        # theme, with no source line. The Export menu under the chart gives the slide instead.
        "modeBarButtonsToRemove": [*PLOTLY_CONFIG["modeBarButtonsToRemove"], "toImage"],
    }
    # The view is shared by every session (cached.py): each screen's styling works on a copy
    # (made from a plain dict: go.Figure(figure) reorders the original's JSON, which would
    # change the chart's identity for every other session).
    styles: tuple[str, ...] = ()
    frame: Any = nullcontext()
    if narrow():
        # a phone or a tablet: names above rows, keys above the plot, no toolbar over the title
        # (the exports are in the menu under the chart)
        styles = ("narrow",)
        config["displayModeBar"] = False
    elif projector():
        # on a wall the chart fills the screen's height (PROJECTOR_CSS sizes this frame)
        styles = ("projector",)
        frame = st.container(key=f"{PROJECTOR_FRAME}{key}")
        kwargs["height"] = "stretch"
    if dark():
        styles += ("dark",)
    figure = STYLED.get(view.figure, styles)  # made once for every session on such a screen
    with frame:
        event = st.plotly_chart(
            figure, theme=None, config=config, key=key, width="stretch", alt=view.alt,
            **kwargs,
        )  # fmt: skip
    show.caption(view.caption + (f" {view.note}" if view.note else ""))
    chart_menus(view, page, key, base)
    return event


def chart_menus(view: ChartView, page: Page, key: str, base: str | None = None) -> None:
    """Under a chart: its numbers and its Export menu, each written when opened (a run of its
    own, for that visitor), not sent with every run of every page to every visitor: the table
    and the three buttons (two without a browser) fewer per chart in a lecture hall's crowd.
    Not a fragment: opening would be a little quicker, but registering one per chart costs
    every run more than it saves."""
    row = st.container(horizontal=True, vertical_alignment="top", wrap=False)
    numbers = show.expander(
        "Numbers behind this chart",
        where=row,
        width="stretch",
        key=f"{key}{NUMBERS}",
        on_change="rerun",
    )
    if numbers.open:
        show.markdown(view.table_markdown, where=numbers)
    menu = show.popover(
        "Export",
        where=row,
        icon=":material/download:",
        width=160,
        key=f"{key}{EXPORTS}",
        on_change="rerun",
    )
    if menu.open:
        item = stamp.Item(page.id, view, permalink(page, base), state=page.state)
        export_menu(menu, view, page, item, key)


def _chart_csv(page: Page, view: ChartView) -> bytes:
    """The values the chart draws, as the pack's CSV of it holds them (UTF-8 with a byte-order
    mark, so a spreadsheet on Windows reads the quotes' curly quotes rightly)."""
    return csv_bytes(chart_data.chart_frame(cached.dataset(page.data), view, page.state))


NUMBERS = "_numbers"  # a chart's "Numbers behind this chart", by the chart's key
EXPORTS = "_exports"  # a chart's Export menu, by the chart's key


def export_menu(menu: Any, view: ChartView, page: Page, item: stamp.Item, key: str) -> None:
    """An open Export menu: the chart as a 16:9 PNG and as SVG, a 4:3 PNG, an A4 PDF and a
    square PNG (when a browser is at hand to draw them), its values as CSV, and the HTML and
    citations to embed and cite it; each file made when clicked, not when the menu opens."""
    with menu:
        downloads = [(Markdown("Data (CSV)"), partial(_chart_csv, page, view), "csv", "text/csv")]
        if renderer.find_browser() is None:
            show.caption(renderer.INSTALL_HINT)
        else:
            if note := renderer.busy_note():
                show.caption(note)
            downloads[:0] = [
                (label, partial(pack.chart_image, item, page.source, fmt, size), name, mime)
                for label, fmt, size, name, mime in (
                    (Markdown("Slide (16:9 PNG)"), "png", "16x9", "png", "image/png"),
                    (Markdown("Vector (SVG)"), "svg", "16x9", "svg", "image/svg+xml"),
                    (Markdown("Slide (4:3 PNG)"), "png", "4x3", "4x3.png", "image/png"),
                    (Markdown("A4 page (PDF)"), "pdf", "a4", "a4.pdf", "application/pdf"),
                    (Markdown("Square card (PNG)"), "png", "square", "square.png", "image/png"),
                )
            ]
        for label, data, suffix, mime in downloads:
            show.download_button(
                label,
                data,
                file_name=f"{item.stem}{'-' if '.' in suffix else '.'}{suffix}",
                mime=mime,
                key=f"{key}_{suffix.replace('.', '_')}",
                on_click="ignore",
            )
        if view.key in routes.BY_ID[page.id].charts:
            embed_and_cite(view, page, item)


def embed_and_cite(view: ChartView, page: Page, item: stamp.Item) -> None:
    """The chart to put on another site (an iframe of it alone, in this view) and to cite."""
    title = chart_data.finding(view)
    apa, bibtex = embed.citations(cached.dataset(page.data), title, item.permalink)
    copyable("Embed this chart (HTML)", embed.snippet(item.permalink, view.key, title), lines=3)
    copyable("Cite (APA)", apa, lines=4)
    copyable("Cite (BibTeX)", bibtex, lines=5)
