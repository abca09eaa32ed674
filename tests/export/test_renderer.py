"""The export browser: one per process, kept warm, a bounded queue, and the screen's font."""

from __future__ import annotations

import base64
import io
import threading
import time
from pathlib import Path

import plotly.graph_objects as go
import pytest
import streamlit
from PIL import Image
from pypdf import PdfReader

from components.core.view_state import ComparisonState, OverviewState
from components.dataset import errors
from components.dataset.load import load_dataset
from components.export import pack, renderer
from tests.conftest import SHIPPED

pytestmark = pytest.mark.export


@pytest.fixture(scope="module")
def ds():
    return load_dataset(SHIPPED)


@pytest.fixture
def own_renderer(browser, monkeypatch):
    """A renderer of the test's own, shut at its end."""
    r = renderer.Renderer()
    monkeypatch.setattr(renderer, "RENDERER", r)
    yield r
    r.close()


def test_four_packs_at_once_share_one_browser(ds, own_renderer):
    # (the overview's pack: one chart, so four packs take seconds, not a minute; what is
    # tested is four requests at once, and a whole comparison pack is tested in test_export)
    items = pack.items_for(ds, [OverviewState.default(ds)], "http://h:1")
    results, errors = [], []

    def one_pack() -> None:
        try:
            results.append(
                pack.pack(ds, items, title="t", subtitle="s", source="src", permalink="http://h:1")
            )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=one_pack) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    assert len(results) == 4 and all(r.startswith(b"PK") for r in results)
    assert own_renderer.starts == 1  # four packs, one browser


def test_a_full_queue_says_busy_and_the_next_request_is_served(ds, own_renderer):
    own_renderer.max_waiting = 1
    items = pack.items_for(ds, [OverviewState.default(ds)], "http://h:1")
    packed = []
    worker = threading.Thread(
        target=lambda: packed.append(
            pack.pack(ds, items, title="t", subtitle="s", source="src", permalink="http://h:1")
        )
    )
    worker.start()
    deadline = time.monotonic() + 30
    while own_renderer._waiting == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    with pytest.raises(renderer.ExportBusy, match="busy with 1 export.*try again"):
        pack.chart_image(items[0], "src", "png")
    worker.join(timeout=300)
    assert len(packed) == 1 and packed[0].startswith(b"PK")  # the request in the queue was served
    assert own_renderer.waiting == 0
    assert pack.chart_image(items[0], "src", "png").startswith(b"\x89PNG")


def test_a_closed_renderer_starts_again_on_the_next_request(ds, own_renderer):
    item = pack.items_for(ds, [OverviewState.default(ds)], "http://h:1")[0]
    pack.chart_image(item, "src", "svg")
    own_renderer.close()
    assert not own_renderer.warm
    pack.chart_image(item, "src", "svg")
    assert own_renderer.starts == 2


# ---------------------------------------------------------------- the screen's font


def _pdf_fonts(data: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page["/Resources"].get("/Font") or {}
        for ref in fonts.values():
            names.add(str(ref.get_object().get("/BaseFont")))
    return names


def test_the_pdf_embeds_source_sans_and_nothing_else(ds, own_renderer):
    item = pack.items_for(ds, [OverviewState.default(ds)], "http://h:1")[0]
    fonts = _pdf_fonts(pack.chart_image(item, "src", "pdf"))
    assert fonts and all("SourceSans3" in name for name in fonts), fonts


def test_an_svg_carries_the_font_it_names(ds, own_renderer):
    item = pack.items_for(ds, [OverviewState.default(ds)], "http://h:1")[0]
    svg = pack.chart_image(item, "src", "svg").decode()
    assert "font-family: 'Source Sans'" in svg
    assert "@font-face{font-family:'Source Sans'" in svg and "data:font/woff2;base64," in svg


TEXT = "Leans to the Taliban \u00b7 Kabul stronger by"
SIZE = 40


def _ink_width(png: bytes, scale: float) -> float:
    image = Image.open(io.BytesIO(png)).convert("L")
    box = image.point(lambda v: 255 if v < 128 else 0).getbbox()
    assert box is not None, "nothing drawn"
    return (box[2] - box[0]) / scale


def _screen_widths(chromium) -> dict[str, float]:  # noqa: ANN001 - a Playwright browser
    """The text's ink width as the app's page draws it, in Streamlit's own Source Sans file,
    and in Liberation Sans (what exports drew before the font was shipped)."""
    media = Path(streamlit.__file__).parent / "static" / "static" / "media"
    font = base64.b64encode(next(media.glob("SourceSansVF-Upright*.woff2")).read_bytes()).decode()
    html = (
        "<style>@font-face{font-family:'Screen Sans';font-weight:200 900;"
        f"src:url(data:font/woff2;base64,{font}) format('woff2');}}"
        f"canvas{{display:block}}</style><canvas id=c width=2400 height=200></canvas>"
    )
    script = """([text, size]) => document.fonts.load(`${size}px 'Screen Sans'`).then(() => {
        const ctx = document.getElementById('c').getContext('2d');
        const out = {};
        for (const family of ['Screen Sans', 'Liberation Sans']) {
            ctx.font = `${size}px '${family}'`;
            const m = ctx.measureText(text);
            out[family] = m.actualBoundingBoxRight + m.actualBoundingBoxLeft;
        }
        return out;
    })"""
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.set_content(html)
        return page.evaluate(script, [TEXT, SIZE])
    finally:
        context.close()


def test_png_text_is_drawn_in_the_screens_font(chromium, own_renderer):
    fig = go.Figure()
    fig.update_layout(
        width=1280, height=200, paper_bgcolor="white", plot_bgcolor="white",
        xaxis=dict(visible=False), yaxis=dict(visible=False),
        margin=dict(l=0, r=0, t=0, b=0),
    )  # fmt: skip
    fig.add_annotation(
        text=TEXT, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
        font=dict(family='"Source Sans", sans-serif', size=SIZE, color="black"),
    )  # fmt: skip
    drawn = _ink_width(renderer.render([(fig, "png")])[0], renderer.PNG_SCALE)
    screen = _screen_widths(chromium)
    assert abs(screen["Liberation Sans"] / screen["Screen Sans"] - 1) > 0.05  # the test can tell
    assert drawn == pytest.approx(screen["Screen Sans"], rel=0.02)


def test_a_request_that_times_out_is_cancelled_and_leaves_the_queue(ds, own_renderer, monkeypatch):
    items = pack.items_for(ds, [ComparisonState.default(ds)], "http://h:1")
    pack.chart_image(items[0], "src", "svg")  # warm: the timeout below is the render's alone
    monkeypatch.setattr(renderer, "REQUEST_TIMEOUT", 0.05)
    with pytest.raises(errors.ExportError, match="took too long"):
        pack.pack(ds, items, title="t", subtitle="s", source="src", permalink="http://h:1")
    deadline = time.monotonic() + 30
    while own_renderer.waiting and time.monotonic() < deadline:
        time.sleep(0.05)
    assert own_renderer.waiting == 0  # counted until its work had stopped, then let go
    monkeypatch.setattr(renderer, "REQUEST_TIMEOUT", 120.0)
    assert pack.chart_image(items[0], "src", "png").startswith(b"\x89PNG")
    assert own_renderer.starts == 1


def test_an_abandoned_render_is_logged_in_a_line_without_parsing_source(monkeypatch, caplog):
    """A render nobody awaits any more (its browser closed under it) is reported by asyncio when
    its task is garbage-collected, in whichever thread that happens. Python 3.11 formats a
    traceback with ast.parse, and an ast.parse inside another ast.parse (Streamlit parsing a
    page's script) fails that page with "AST constructor recursion depth mismatch" (CI saw it).
    The export loop reports such errors in one line and parses nothing."""
    import ast
    import gc

    parsed = []
    real_parse = ast.parse
    monkeypatch.setattr(ast, "parse", lambda *a, **k: parsed.append(a) or real_parse(*a, **k))
    r = renderer.Renderer()
    loop = r._ensure_loop()

    def fail() -> int:
        return {}["closed"]

    async def render() -> int:
        return 1 + fail()

    try:
        import asyncio

        async def start() -> None:
            asyncio.ensure_future(render())  # dropped: nobody retrieves its error

        asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=10)
        time.sleep(0.2)
        with caplog.at_level("WARNING"):
            asyncio.run_coroutine_threadsafe(asyncio.sleep(0), loop).result(timeout=10)
            gc.collect()
            time.sleep(0.2)
    finally:
        r.close()
    reports = [rec for rec in caplog.records if "never retrieved" in rec.getMessage()]
    assert reports, caplog.text
    assert all(rec.exc_info is None for rec in reports)
    assert "KeyError" in reports[0].getMessage()
    assert parsed == []


def test_the_browser_drivers_undecodable_message_is_one_line_not_a_traceback(capsys):
    """choreographer logs a message from the browser it cannot decode (and ignores) with its
    traceback; it reaches the user as one line, on the logger kaleido's driver really uses."""
    import logging

    import choreographer.channels.pipe as pipe

    renderer.quiet_driver()
    assert pipe._logger.name in renderer.DRIVER_LOGGERS
    assert hasattr(pipe._logger, "debug2")  # still the driver's own kind of logger
    handler = logging.StreamHandler()
    pipe._logger.addHandler(handler)
    try:
        try:
            raise ValueError("half a message")
        except ValueError:
            pipe._logger.exception("JSONError decoding message. Ignoring")
    finally:
        pipe._logger.removeHandler(handler)
    said = capsys.readouterr().err
    assert said == "JSONError decoding message. Ignoring (ValueError('half a message'))\n"
