"""Briefing exports: charts as 16:9 images stamped with title, source, as-of year and permalink,
and the briefing pack (PNG + SVG + CSV per chart, one PDF with a cover), rendered by kaleido in a
single headless Chromium per call, with no network (no MathJax, plotly.js and the font shipped).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
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
from components.theme import FONT_FILES, INK, MUTED, TEMPLATE_NAME, font_rule
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
        return stem(self.page, self.view)


def stem(page: str, view: ChartView) -> str:
    """A chart's file name, less its suffix: its page, its key and the period it shows."""
    return slug(f"tugofwar-{page}-{view.key}-{view.as_of}")


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


STAMP_MARGIN = 130  # px below the plot: axis labels and title, then the two stamp lines


def stamped(item: Item, source: str) -> go.Figure:
    """The chart on a 16:9 canvas with its source line, as-of year and permalink below it."""
    fig = go.Figure(item.view.figure.to_dict())  # a copy; go.Figure(fig) touches fig
    fig.update_layout(width=WIDTH, height=HEIGHT, template=TEMPLATE_NAME)
    margin = fig.layout.margin
    # The stamp sits in a bottom margin deeper than an axis's labels and title need, so the
    # margin does not grow (automargin) and the lines stay below the axis title, inside the slide.
    fig.update_layout(margin=dict(l=margin.l, r=max(margin.r or 0, 30), t=90, b=STAMP_MARGIN))
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
    """Kaleido's page with MathJax off and the local plotly.js. The font needs no rule here: the
    browser has the shipped Source Sans 3 as a system font (_fontconfig), so the page measures
    text in the face the image is drawn in."""
    from kaleido import PageGenerator

    path = directory / "index.html"
    path.write_text(PageGenerator(mathjax=False).generate_index(), encoding="utf-8")
    return path


def carry_fonts(svg: bytes) -> bytes:
    """The SVG with the faces of Source Sans 3 it uses inside it (a <style> of @font-face rules
    with the files inline), so it looks the same where the font is not installed."""
    text = svg.decode("utf-8")
    faces = [("normal", "normal")]
    if re.search(r"font-weight:\s*(bold|[6-9]00)", text):
        faces.append(("bold", "normal"))
    if re.search(r"font-style:\s*italic", text):
        faces.append(("normal", "italic"))
    style = "<style>" + "".join(font_rule(w, s) for w, s in faces) + "</style>"
    head = re.search(r"<svg\b[^>]*>", text)
    if head is None:
        return svg
    return (text[: head.end()] + style + text[head.end() :]).encode("utf-8")


def _fontconfig(directory: Path) -> Path:
    """A fontconfig file: the system's configuration, plus the shipped Source Sans 3 also
    answering to "Source Sans", the name the charts ask for."""
    from xml.sax.saxutils import escape

    system = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    fonts = {path.parent for path in FONT_FILES.values()}  # its .ttf files (WOFF2 refused)
    path = directory / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="yes">{escape(system)}</include>\n'
        + "".join(f"  <dir>{escape(str(d))}</dir>\n" for d in sorted(fonts))
        + f"  <cachedir>{escape(str(directory / 'fontcache'))}</cachedir>\n"
        "  <selectfont><rejectfont><glob>*.woff2</glob></rejectfont></selectfont>\n"
        '  <match target="scan">\n'
        '    <test name="family" compare="contains"><string>SourceSans3</string></test>\n'
        '    <edit name="family" mode="append"><string>Source Sans</string></edit>\n'
        "  </match>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return path


# One export browser per process, kept warm between clicks: a Chromium takes about 2.5 s to
# start and some 300 MB, so every click starting its own would bound nothing. Requests queue
# for its tab; past MAX_WAITING requests a new one is refused with a message. Streamlit builds a
# download in a thread of its default pool (min(32, cores + 4): 6 threads on two cores), so the
# queue stays below that: a full queue must not take every thread other sessions need.
TABS = 1  # renders at once: one tab (a second tab's page raced its scripts in kaleido 1.5)
MAX_WAITING = 4  # requests (a chart or a whole pack) accepted at once; four packs fit
REQUEST_TIMEOUT = 120.0  # seconds a request may wait and render in all


class ExportBusy(ExportError):
    """Too many exports are waiting: try again in a moment."""


def _browser_class(fontconfig: Path):  # noqa: ANN202
    """choreographer's Chromium, started with this font configuration in its environment only
    (not the server's: os.environ is shared by every thread)."""
    from choreographer.browsers.chromium import Chromium

    class FontChromium(Chromium):
        def get_env(self):  # noqa: ANN202
            env = super().get_env()
            env["FONTCONFIG_FILE"] = str(fontconfig)
            return env

    return FontChromium


class Renderer:
    """A headless Chromium (kaleido) on an event loop of its own thread, started on first use
    and kept until the process ends (or close()). Thread-safe: each request gets its own
    results; a browser that fails is replaced on the next request."""

    def __init__(self, tabs: int = TABS, max_waiting: int = MAX_WAITING) -> None:
        import threading

        self.tabs = tabs
        self.max_waiting = max_waiting
        self._lock = threading.Lock()
        self._waiting = 0  # requests accepted and not finished
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None  # the browser, with the folder of its page and fonts.conf
        self._tmp = None
        self._starting: asyncio.Lock | None = None  # made on the loop's thread, per loop
        self.starts = 0  # browsers started (a benchmark and the tests read it)

    @property
    def warm(self) -> bool:
        return self._kaleido is not None

    @property
    def waiting(self) -> int:
        """Requests accepted and not finished."""
        return self._waiting

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        import threading

        if self._loop is None:
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="tugofwar-export", daemon=True)
            thread.start()
            self._loop, self._thread = loop, thread
            self._starting = None
        return self._loop

    async def _open(self):  # noqa: ANN202
        if self._starting is None:
            self._starting = asyncio.Lock()  # requests arriving together start one browser
        async with self._starting:
            if self._kaleido is None:
                self._kaleido, self._tmp = await self._start()
        return self._kaleido

    async def _start(self):  # noqa: ANN202
        import tempfile

        import kaleido
        from choreographer.errors import ChromeNotFoundError

        browser = find_browser()
        if browser is None:
            raise ExportError(INSTALL_HINT)
        tmp = tempfile.TemporaryDirectory(prefix="tugofwar-export-")
        folder = Path(tmp.name)
        # Plotly draws a PNG or PDF from its SVG as an image, and an image sees only the system's
        # fonts, not the page's: the browser gets a font configuration with the shipped font.
        k = kaleido.Kaleido(
            n=self.tabs,
            page_generator=_page_html(folder),
            path=browser,
            browser_cls=_browser_class(_fontconfig(folder)),
        )
        try:
            await k.open()
        except BaseException as exc:
            with contextlib.suppress(Exception):
                await k.close()
            tmp.cleanup()
            if isinstance(exc, ChromeNotFoundError):
                raise ExportError(INSTALL_HINT) from exc
            raise
        self.starts += 1
        return k, tmp

    async def _shut(self, k=None) -> None:  # noqa: ANN001
        """Close the browser `k` (default: the current one), unless another replaced it."""
        if k is not None and k is not self._kaleido:
            return
        k, tmp = self._kaleido, self._tmp
        self._kaleido = self._tmp = None
        if k is not None:
            with contextlib.suppress(Exception):
                await k.close()
        if tmp is not None:
            tmp.cleanup()

    async def _render(self, jobs: Sequence[tuple[go.Figure, str]]) -> list[bytes]:
        k = await self._open()

        async def one(fig: go.Figure, fmt: str) -> bytes:
            opts = dict(
                format=fmt,
                width=fig.layout.width or WIDTH,
                height=fig.layout.height or HEIGHT,
                scale=PNG_SCALE if fmt == "png" else 1,
            )
            data = await k.calc_fig(fig, opts=opts)
            return carry_fonts(data) if fmt == "svg" else data

        results = await asyncio.gather(
            *(one(fig, fmt) for fig, fmt in jobs), return_exceptions=True
        )
        failed = [r for r in results if isinstance(r, BaseException)]
        if failed:
            from choreographer.channels import ChannelClosedError

            if any(isinstance(e, ChannelClosedError | BrokenPipeError) for e in failed):
                await self._shut(k)  # the browser is gone: the next request starts another
            raise failed[0]
        return results

    def _done(self, _future: object = None) -> None:
        with self._lock:
            self._waiting -= 1

    def render(self, jobs: Sequence[tuple[go.Figure, str]]) -> list[bytes]:
        with self._lock:
            if self._waiting >= self.max_waiting:
                raise ExportBusy(
                    f"The export browser is busy with {self._waiting} exports; "
                    "try again in a few seconds."
                )
            self._waiting += 1
            loop = self._ensure_loop()
        try:
            future = asyncio.run_coroutine_threadsafe(self._render(jobs), loop)
        except BaseException:
            self._done()
            raise
        # the request counts as waiting until its work has really ended, not when its caller
        # gave up: a timed-out request is cancelled, and leaves the queue when it has stopped
        future.add_done_callback(self._done)
        try:
            return future.result(timeout=REQUEST_TIMEOUT)
        except TimeoutError:
            future.cancel()
            raise

    def close(self) -> None:
        """Shut the browser and the loop's thread (at the process's end, or for a cold start)."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None:
            return
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(self._shut(), loop).result(timeout=30)
        self._kaleido = self._tmp = (
            None  # even if the shutdown timed out: the next loop starts anew
        )
        self._starting = None
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(timeout=10)
        if not loop.is_running():
            loop.close()


RENDERER = Renderer()
atexit.register(RENDERER.close)


def busy_note() -> str | None:
    """What to tell someone about to click an export while others' exports are under way."""
    waiting = RENDERER.waiting
    if waiting == 0:
        return None
    if waiting >= RENDERER.max_waiting:
        return (
            f"The export browser is busy with {waiting} exports: a click now will fail. "
            "Try again in a few seconds."
        )
    return f"{waiting} export{'s' if waiting > 1 else ''} under way: yours will wait its turn."


def render(jobs: Sequence[tuple[go.Figure, str]]) -> list[bytes]:
    """Render (figure, format) jobs on the process's export browser."""
    try:
        return RENDERER.render(jobs)
    except ExportError:
        raise
    except TimeoutError as exc:
        raise ExportError("rendering took too long; try again in a moment") from exc
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
    fmt: str = "zip",
) -> bytes:
    """The briefing for these views: the pack (ZIP), or the editable deck (PPTX, deck.py)."""
    items = items_for(ds, states, base, extra)
    if not items:
        raise ExportError("these pages show no charts to export")
    about = dict(
        title=ds.meta.title,
        subtitle=", ".join(routes.BY_ID[s.PAGE].title for s in states),
        source=source_line(ds),
        permalink=items[0].permalink,
        when=when,
    )
    if fmt == "pptx":
        from components.deck import deck

        return deck(ds, items, **about)
    return pack(items, **about)
