"""The one warm browser that renders exports: kaleido in a single headless Chromium per
process, with no network (no MathJax; plotly.js and the font shipped), a bounded queue of
requests, and where to find a browser.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
import os
import re
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

import plotly.graph_objects as go

from components.core.escape import Markdown
from components.dataset.errors import ExportError
from components.export.svg_vector import vector_svg
from components.figures.theme import FONT_FILES, font_rule

LOGGER = logging.getLogger(__name__)

# 16:9. Figures are laid out at 1280x720 and PNGs rendered at 1.5x, so a PNG is 1920x1080 with
# type large enough for a slide; SVG and PDF keep the 1280x720 layout as vectors.
WIDTH, HEIGHT = 1280, 720
PNG_SCALE = 1.5
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_HINT = Markdown(  # shown on pages too: its command as code
    "No Chromium or Chrome was found for rendering images. Install one, e.g. on Debian or "
    "Ubuntu `sudo apt-get install chromium`, or set BROWSER_PATH to a Chrome executable; "
    "then try again."
)


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


class OneLine(logging.Filter):
    """Records logged with their traceback, in one line instead: kaleido's browser driver
    (choreographer) logs a message from the browser it could not decode, which it then ignores,
    with logger.exception; under load that traceback reached the command line's stderr after a
    successful export."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info:
            exc = record.exc_info[1]
            record.msg = f"{record.getMessage()} ({exc!r})" if exc else record.getMessage()
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True


# the browser driver's pipe reader (a record is filtered by the logger it is logged on)
DRIVER_LOGGERS = ("choreographer.channels.pipe",)


def quiet_driver() -> None:
    """OneLine on the driver's loggers, once. Called after the driver is imported: its loggers
    are logistro's (a Logger subclass with more levels, made when the driver's modules load);
    one made first by logging.getLogger would be a plain Logger, and the driver's first
    logger.debug2 would fail every export."""
    import choreographer.channels.pipe  # noqa: F401 - its logger, made as the driver makes it

    for name in DRIVER_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, OneLine) for f in logger.filters):
            logger.addFilter(OneLine())


def log_briefly(_loop: asyncio.AbstractEventLoop, context: dict) -> None:
    """The export loop's handler of errors nobody awaited (a render abandoned when the browser
    closed under it): one line, without the traceback. asyncio reports them when the task is
    garbage-collected, which can be in any thread, in the middle of anything; Python 3.11 formats
    a traceback with ast.parse, and an ast.parse inside another thread's ast.parse (Streamlit
    parsing a page's script) fails that one with "AST constructor recursion depth mismatch"."""
    exc = context.get("exception")
    LOGGER.warning(
        "export browser: %s%s", context.get("message", "error"), f" ({exc!r})" if exc else ""
    )


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
            loop.set_exception_handler(log_briefly)
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

        quiet_driver()

        browser = find_browser()
        if browser is None:
            raise ExportError(INSTALL_HINT)
        # ignore_cleanup_errors: a browser still writing its profile as the process ends made
        # the folder's finalizer print a traceback after a command's output
        tmp = tempfile.TemporaryDirectory(prefix="tugofwar-export-", ignore_cleanup_errors=True)
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
            # the browser's last writes to its profile may land while the folder is removed:
            # a second try after them (cleanup errors are ignored, never a traceback at exit)
            tmp.cleanup()
            if Path(tmp.name).exists():
                await asyncio.sleep(0.5)
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
            return vector_svg(data, fonts=carry_fonts) if fmt == "svg" else data

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
