"""Page screenshots: start the dashboard, open every page in headless Chromium at 1920x1080,
wait until the script has finished and every chart has drawn, and save one PNG per page."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from components.export import INSTALL_HINT, ExportError, find_browser
from components.routes import BY_ID, ROUTES

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
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
CHARTS_DRAWN = """() => {
  const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]');
  return Array.from(charts).every(c => c.querySelector('.main-svg'));
}"""


@dataclass(frozen=True)
class Server:
    url: str
    pid: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_app(
    port: int,
    data: str | None = None,
    timeout: float = 90,
    script: Path = APP,
    env: dict[str, str] | None = None,
) -> Iterator[Server]:
    """The dashboard (or another script) served on 127.0.0.1:port for the block."""
    env = {**os.environ, **(env or {})}
    if data:
        env["TUGOFWAR_DATA"] = str(data)
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", "--theme.base", "light",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                err = process.stderr.read().decode(errors="replace") if process.stderr else ""
                raise ExportError(f"the dashboard did not start: {err.strip()[-500:]}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise ExportError(f"the dashboard did not answer on {url} in {timeout:.0f} s")
            time.sleep(0.3)
        yield Server(url, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_drawn(page, timeout_ms: int = 60_000) -> None:  # noqa: ANN001 - a Playwright Page
    page.wait_for_selector(READY, timeout=timeout_ms)
    page.wait_for_function(CHARTS_DRAWN, timeout=timeout_ms)
    page.wait_for_timeout(400)  # let transitions settle


def screenshot(
    out: Path,
    pages: Sequence[str] | None = None,
    *,
    data: str | None = None,
    size: tuple[int, int] = (1920, 1080),
) -> list[Path]:
    """One PNG per page in out/, the whole page at the given viewport width."""
    browser_path = find_browser()
    if browser_path is None:
        raise ExportError(INSTALL_HINT)
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    chosen = [BY_ID[p] for p in pages] if pages else ROUTES
    saved = []
    with running_app(free_port(), data) as server, sync_playwright() as pw:
        url = server.url
        browser = pw.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS)
        try:
            for route in chosen:
                context = browser.new_context(
                    viewport={"width": size[0], "height": size[1]}, color_scheme="light"
                )
                page = context.new_page()
                page.goto(f"{url}/{route.url_path}")
                wait_drawn(page)
                # the app scrolls inside its main area: grow the viewport to the content
                height = page.evaluate(
                    "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight"
                )
                page.set_viewport_size({"width": size[0], "height": max(size[1], height)})
                wait_drawn(page)
                path = out / f"tugofwar-{route.id}.png"
                page.screenshot(path=str(path), full_page=True)
                saved.append(path)
                context.close()
        finally:
            browser.close()
    return saved
