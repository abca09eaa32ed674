"""Briefing exports: charts as 16:9 images stamped with title, source, as-of year and permalink,
and the briefing pack (PNG + SVG + CSV per chart, one PDF with a cover), rendered by kaleido in a
single headless Chromium per call, with no network (no MathJax, plotly.js and the font shipped).
"""

from __future__ import annotations

import asyncio
import io
import os
import re
import shutil
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import plotly.graph_objects as go

from components import routes
from components.errors import ExportError
from components.models import Dataset
from components.state import ViewState
from components.text import csv_text, plot, unplot
from components.theme import FONT_FACE, INK, MUTED, TEMPLATE_NAME
from components.views import ChartView, page_charts, source_line

# 16:9. Figures are laid out at 1280x720 and PNGs rendered at 1.5x, so a PNG is 1920x1080 with
# type large enough for a slide; SVG and PDF keep the 1280x720 layout as vectors.
WIDTH, HEIGHT = 1280, 720
PNG_SCALE = 1.5
FORMATS = ("png", "svg", "pdf")
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_HINT = (
    "No Chromium or Chrome was found for rendering images. Install one, e.g. on Debian or "
    "Ubuntu `sudo apt-get install chromium`, or set BROWSER_PATH to a Chrome executable; "
    "then try again."
)


@dataclass(frozen=True)
class Item:
    """One chart of a view, ready to export."""

    page: str
    view: ChartView
    permalink: str

    @property
    def as_of(self) -> str:
        """The period the chart shows, e.g. "2016", or "2015-2016"."""
        return self.view.as_of

    @property
    def stem(self) -> str:
        return slug(f"tugofwar-{self.page}-{self.view.key}-{self.as_of}")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


_FOUND: tuple[float, tuple, str | None] | None = None  # (when, (BROWSER_PATH, PATH), result)
RECHECK_SECONDS = 30.0


def find_browser() -> str | None:
    """Path of a Chromium-family browser, from BROWSER_PATH or the PATH.

    Pages ask on every run whether to offer image exports; the answer is kept for 30 seconds, so
    fifty sessions do not scan the PATH each, and a browser installed meanwhile is still found."""
    global _FOUND
    explicit = os.environ.get("BROWSER_PATH")
    where = (explicit, os.environ.get("PATH"))
    now = time.monotonic()
    if _FOUND is not None and _FOUND[1] == where and now - _FOUND[0] < RECHECK_SECONDS:
        return _FOUND[2]
    found = _search_browser(explicit)
    _FOUND = (now, where, found)
    return found


def _search_browser(explicit: str | None) -> str | None:
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


# ---------------------------------------------------------------- stamping


def stamped(item: Item, source: str) -> go.Figure:
    """The chart on a 16:9 canvas with its source line, as-of year and permalink below it."""
    fig = go.Figure(item.view.figure.to_dict())  # a copy; go.Figure(fig) touches fig
    fig.update_layout(width=WIDTH, height=HEIGHT, template=TEMPLATE_NAME)
    margin = fig.layout.margin
    fig.update_layout(margin=dict(l=margin.l, r=max(margin.r or 0, 30), t=90, b=110))
    lines = [
        (f"{source} \u00b7 as of {item.as_of}", -62, 13, INK),
        (f"View online: {item.permalink}", -82, 12, MUTED),
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


# ---------------------------------------------------------------- rendering


def _page_html(directory: Path) -> Path:
    """Kaleido's page with MathJax off, the local plotly.js, and the app's font embedded."""
    from kaleido import PageGenerator

    html = PageGenerator(mathjax=False).generate_index()
    style = f"<style>{FONT_FACE}</style>" if FONT_FACE else ""
    # a hidden word in the font makes the browser load it before the first chart is drawn
    probe = "<div style=\"font-family:'Source Sans';position:absolute;visibility:hidden\">x</div>"
    html = html.replace("<head>", "<head>" + style, 1).replace("<body", probe + "<body", 1)
    path = directory / "index.html"
    path.write_text(html, encoding="utf-8")
    return path


async def _render(jobs: Sequence[tuple[go.Figure, str]]) -> list[bytes]:
    import tempfile

    import kaleido
    from choreographer.errors import ChromeNotFoundError

    browser = find_browser()
    if browser is None:
        raise ExportError(INSTALL_HINT)
    with tempfile.TemporaryDirectory() as tmp:
        page = _page_html(Path(tmp))
        try:
            async with kaleido.Kaleido(n=1, page_generator=page, path=browser) as k:
                out = []
                for fig, fmt in jobs:
                    opts = dict(
                        format=fmt,
                        width=fig.layout.width or WIDTH,
                        height=fig.layout.height or HEIGHT,
                        scale=PNG_SCALE if fmt == "png" else 1,
                    )
                    out.append(await k.calc_fig(fig, opts=opts))
                return out
        except ChromeNotFoundError as exc:
            raise ExportError(INSTALL_HINT) from exc


def _run(coroutine):  # noqa: ANN001, ANN202
    """asyncio.run, also from a thread whose event loop is already running (there, kaleido's
    loop gets a thread of its own)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def render(jobs: Sequence[tuple[go.Figure, str]]) -> list[bytes]:
    """Render (figure, format) jobs with one browser for all of them."""
    try:
        return _run(_render(jobs))
    except ExportError:
        raise
    except Exception as exc:  # the browser died or timed out: say so, no traceback
        raise ExportError(f"rendering failed: {exc}") from exc


def chart_image(item: Item, source: str, fmt: str) -> bytes:
    """One stamped chart as a 16:9 PNG, SVG or PDF."""
    return render([(stamped(item, source), fmt)])[0]


# ---------------------------------------------------------------- the briefing pack


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
            f"{routes.BY_ID[item.page].title}: {unplot(fig.layout.title.text or item.view.key)}"
            for item, fig in zip(items, figures, strict=True)
        ]
        about = {
            "title": f"{title}: {subtitle}",
            "author": title,  # the dataset the charts are drawn from
            "subject": f"{source.rstrip('.')}. Exported {when:%Y-%m-%d} from {permalink}",
            "keywords": ", ".join(dict.fromkeys(routes.BY_ID[i.page].title for i in items)),
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
        items += [Item(state.PAGE, view, link) for view in page_charts(state, ds)]
    return items


def briefing(
    ds: Dataset,
    states: Sequence[ViewState],
    base: str,
    when: date | None = None,
    extra: dict[str, str] | None = None,
) -> bytes:
    """The briefing pack (ZIP) for these views."""
    items = items_for(ds, states, base, extra)
    if not items:
        raise ExportError("these pages show no charts to export")
    return pack(
        items,
        title=ds.meta.title,
        subtitle=", ".join(routes.BY_ID[s.PAGE].title for s in states),
        source=source_line(ds),
        permalink=items[0].permalink,
        when=when,
    )
