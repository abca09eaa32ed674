"""Page screenshots: start the dashboard, open every page in headless Chromium at 1920x1080,
wait until the script has finished and every chart has drawn, and save one PNG per page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from components.core.routes import BY_ID, PUBLIC_URL_ENV, ROUTES, permalink
from components.dataset.errors import ExportError
from components.export.renderer import INSTALL_HINT, find_browser
from components.export.serve import free_port, running_app

# flags a sandboxed root Chromium needs, and no calls home (updates, sync, field trials)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
]
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# A chart's element is a grey skeleton until Streamlit's chart code (loaded on first use) is
# there: no skeleton left, and every chart with its drawing.
CHARTS_DRAWN = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  if (main && main.querySelector('[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]'))
    return false;
  const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]');
  return Array.from(charts).every(c => c.querySelector('.main-svg'));
}"""


# Every page has a title (h1) or, when its dataset is broken, the problem list; an embed (one
# chart alone) has its chart: until one of them is there the app has not drawn the page yet
# (before its first run the app also reads as "not running", and a page with no chart element
# yet has "every chart drawn").
PAGE_SHOWN = (
    '[data-testid="stMain"] h1, [data-testid="stMain"] [data-testid="stAlert"], '
    '[data-testid="stMain"] [data-testid="stPlotlyChart"]'
)


def wait_drawn(page, timeout_ms: int = 60_000) -> None:  # noqa: ANN001 - a Playwright Page
    page.wait_for_selector(PAGE_SHOWN, timeout=timeout_ms)
    page.wait_for_selector(READY, timeout=timeout_ms)
    page.wait_for_function(CHARTS_DRAWN, timeout=timeout_ms)
    page.wait_for_timeout(400)  # let transitions settle


SCROLL_TO = """(el) => { const main = document.querySelector('[data-testid=stMain]');
  main.scrollTop += el.getBoundingClientRect().top - 80; }"""


SCROLL_SCREEN = """() => { const main = document.querySelector('[data-testid=stMain]');
  const before = main.scrollTop; main.scrollTop += main.clientHeight - 100;
  return main.scrollTop > before; }"""
WALL_SCREENS = 8


def screenshot(
    out: Path,
    pages: Sequence[str] | None = None,
    *,
    data: str | None = None,
    size: tuple[int, int] = (1920, 1080),
    params: Mapping[str, str | list[str]] | None = None,
    projector: bool = False,
    base_url: str | None = None,
) -> list[Path]:
    """PNGs of each page's view for these parameters (each page keeps those it knows).

    Plain: one PNG per page, the whole page at the given width. Projector mode: what the wall
    shows, the top of the page and each chart scrolled into view, at the given size."""
    browser_path = find_browser()
    if browser_path is None:
        raise ExportError(INSTALL_HINT)
    from playwright.sync_api import sync_playwright

    from components.dataset.load import load_dataset

    ds = load_dataset(data)
    out.mkdir(parents=True, exist_ok=True)
    chosen = [BY_ID[p] for p in pages] if pages else ROUTES
    saved = []
    env = {PUBLIC_URL_ENV: base_url} if base_url else None  # what the pictured links say
    with running_app(free_port(), data, env=env) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS)
        try:
            for route in chosen:
                state = route.state.from_params(ds, params or {})
                extra = {"mode": "projector"} if projector else {}
                context = browser.new_context(
                    viewport={"width": size[0], "height": size[1]}, color_scheme="light"
                )
                page = context.new_page()
                page.goto(permalink(server.url, route.id, {**state.to_params(), **extra}))
                wait_drawn(page)
                stem = out / f"tugofwar-{route.id}"
                if projector:
                    saved += _wall(page, stem)
                else:
                    # the app scrolls inside its main area: grow the viewport to the content
                    height = page.evaluate(
                        "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight"
                    )
                    page.set_viewport_size({"width": size[0], "height": max(size[1], height)})
                    wait_drawn(page)
                    page.screenshot(path=f"{stem}.png", full_page=True)
                    saved.append(Path(f"{stem}.png"))
                context.close()
        finally:
            browser.close()
    return saved


def _wall(page, stem: Path) -> list[Path]:  # noqa: ANN001 - a Playwright Page
    """What a projector shows: the top of the page, then each chart scrolled to the top."""
    saved = [Path(f"{stem}-top.png")]
    page.screenshot(path=str(saved[0]))
    charts = page.locator('[data-testid="stPlotlyChart"]')
    for i in range(charts.count()):
        charts.nth(i).evaluate(SCROLL_TO)
        page.wait_for_timeout(300)
        saved.append(Path(f"{stem}-chart{i + 1}.png"))
        page.screenshot(path=str(saved[-1]))
    if not charts.count():  # a page of text: screen after screen, as a presenter scrolls
        for i in range(1, WALL_SCREENS):
            moved = page.evaluate(SCROLL_SCREEN)
            if not moved:
                break
            page.wait_for_timeout(300)
            saved.append(Path(f"{stem}-screen{i + 1}.png"))
            page.screenshot(path=str(saved[-1]))
    return saved
