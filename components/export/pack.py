"""Briefing exports: one stamped chart as PNG, SVG or PDF, and the briefing pack (PNG + SVG +
CSV per chart, one PDF with a cover and bookmarks), or the deck (deck.py), for a set of views.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import date

from components.core import routes
from components.core.escape import csv_text, unplot
from components.core.view_state import ViewState
from components.dataset.errors import ExportError
from components.dataset.models import Dataset
from components.export.deck import deck
from components.export.renderer import render
from components.export.stamp import Item, cover, stamped
from components.figures.views import page_charts, source_line

FORMATS = ("png", "svg", "pdf")


def chart_image(item: Item, source: str, fmt: str) -> bytes:
    """One stamped chart as a 16:9 PNG, SVG or PDF."""
    return render([(stamped(item, source), fmt)])[0]


def merge_pdfs(
    pages: Sequence[bytes],
    bookmarks: Sequence[str] | None = None,
    metadata: dict[str, str] | None = None,
) -> bytes:
    """One PDF of these, with a bookmark at the start of each (when named) and the document's
    metadata (title, author, subject, keywords), so a reader can find a chart from the outline."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for k, data in enumerate(pages):
        first = len(writer.pages)
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
        if bookmarks and k < len(bookmarks) and bookmarks[k]:
            writer.add_outline_item(title=bookmarks[k], page_number=first)
    if metadata:
        writer.add_metadata({f"/{key.title()}": value for key, value in metadata.items() if value})
        writer.page_mode = "/UseOutlines"  # the outline shows when the file opens
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pack(
    items: Sequence[Item],
    *,
    title: str,
    subtitle: str,
    source: str,
    permalink: str,
    when: date | None = None,
) -> bytes:
    """ZIP of every chart as PNG and SVG, the data behind each as CSV, and one PDF: a cover and
    one chart per page. All images come from one browser."""
    when = when or date.today()
    figures = [stamped(item, source) for item in items]
    jobs = [(fig, fmt) for fig in figures for fmt in FORMATS]
    jobs.append((cover(title, subtitle, source, permalink, when), "pdf"))
    rendered = render(jobs)
    cover_pdf = rendered[-1]
    buffer = io.BytesIO()
    pdf_pages = [cover_pdf]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, item in enumerate(items):
            png, svg, pdf = rendered[3 * i : 3 * i + 3]
            archive.writestr(f"{item.stem}.png", png)
            archive.writestr(f"{item.stem}.svg", svg)
            archive.writestr(f"{item.stem}.csv", csv_text(item.view.table))
            pdf_pages.append(pdf)
        marks = ["Cover"] + [
            f"{item.page_title or routes.title(item.page)}: "
            f"{unplot(fig.layout.title.text or item.view.key)}"
            for item, fig in zip(items, figures, strict=True)
        ]
        about = {
            "title": f"{title}: {subtitle}",
            "author": title,  # the dataset the charts are drawn from
            "subject": f"{source.rstrip('.')}. Exported {when:%Y-%m-%d} from {permalink}",
            "keywords": ", ".join(
                dict.fromkeys(i.page_title or routes.title(i.page) for i in items)
            ),
            "creator": "Tug of War",
        }
        archive.writestr("tugofwar-briefing.pdf", merge_pdfs(pdf_pages, marks, about))
        archive.writestr(
            "README.txt",
            f"{title}\n{subtitle}\nExported {when:%Y-%m-%d} from {permalink}\n{source}\n\n"
            + "\n".join(
                f"{item.stem}: {fig.layout.title.text}"
                for item, fig in zip(items, figures, strict=True)
            )
            + "\n",
        )
    return buffer.getvalue()


def items_for(
    ds: Dataset, states: Sequence[ViewState], base: str, extra: dict[str, str] | None = None
) -> list[Item]:
    """The charts of each view (its page's charts for its state), with the view's address;
    `extra`: presentation parameters the addresses keep (e.g. mode=projector)."""
    items = []
    for state in states:
        params = {**state.to_params(), **{k: v for k, v in (extra or {}).items() if v}}
        link = routes.permalink(base, state.PAGE, params)
        name = routes.title(state.PAGE, ds)
        items += [Item(state.PAGE, view, link, name) for view in page_charts(state, ds)]
    return items


def briefing(
    ds: Dataset,
    states: Sequence[ViewState],
    base: str,
    when: date | None = None,
    extra: dict[str, str] | None = None,
    fmt: str = "zip",
) -> bytes:
    """The briefing for these views: the pack (ZIP), or the editable deck (PPTX, deck.py)."""
    items = items_for(ds, states, base, extra)
    if not items:
        raise ExportError("these pages show no charts to export")
    about = dict(
        title=ds.meta.title,
        subtitle=", ".join(routes.title(s.PAGE, ds) for s in states),
        source=source_line(ds),
        permalink=items[0].permalink,
        when=when,
    )
    if fmt == "pptx":
        return deck(ds, items, **about)
    return pack(items, **about)
