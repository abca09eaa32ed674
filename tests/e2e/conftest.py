"""Browser fixtures: the app served on a free port, Chromium driven by Playwright, and a page
opener that records every request and console error."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from components.export.screenshot import wait_drawn
from components.export.serve import free_port, nginx_in_front, running_app
from tests.conftest import ROOT

ARTIFACTS = ROOT / "artifacts" / "e2e"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
# Opening a page's own address, Streamlit's frontend first probes the page path for the server
# (/<page>/_stcore/health, /<page>/_stcore/host-config) and, on 404, falls back to the root.
# The two 404s it logs are that probe, not a fault of the app; nothing else is excused.
PROBE_404 = ("/_stcore/health", "/_stcore/host-config")


# Chromium's headless shell: the same engine as the chromium package, of the same version,
# without the full browser's window and UI machinery (what Playwright itself runs for headless
# tests). A page of the dashboard costs a third less CPU to load in it (22 CPU-seconds for eight
# pages, 29 in the full browser), and the browser tests are most of the suite's CPU. `make test`
# installs Debian's chromium-headless-shell; without it (or with BROWSER_PATH set), the full
# browser. Its text has whole-pixel advances, so the exports' measurements stay in the full one.
HEADLESS_SHELL = "chromium-headless-shell"


@pytest.fixture(scope="session")
def chromium(browser, playwright_driver):
    """The browser tests' Chromium, one for the run: the headless shell where installed."""
    from components.export.screenshot import CHROMIUM_ARGS

    shell = None if os.environ.get("BROWSER_PATH") else shutil.which(HEADLESS_SHELL)
    instance = playwright_driver.chromium.launch(executable_path=shell or browser,
                                                 args=CHROMIUM_ARGS)  # fmt: skip
    yield instance
    instance.close()


@pytest.fixture(scope="session")
def app_url(browser, tmp_path_factory):
    state = tmp_path_factory.mktemp("state")  # its own shared state, not the user's
    with running_app(free_port(), env={"TUGOFWAR_STATE_DIR": str(state)}) as server:
        yield server.url


@pytest.fixture
def two_processes(browser, tmp_path, request):
    """Start the dashboard as two processes behind nginx (deploy/), sharing the presenter's
    state in SQLite or Redis: two_processes("sqlite" | "redis") -> (url, presenter token)."""
    stack = ExitStack()
    request.addfinalizer(stack.close)

    def start(store: str) -> tuple[str, str]:
        if store == "redis":
            state_url = request.getfixturevalue("redis_url")
        else:
            state_url = f"sqlite:///{tmp_path / 'presenter.sqlite3'}"
        token = secrets.token_urlsafe(8)
        env = {"TUGOFWAR_STATE_URL": state_url, "TUGOFWAR_PRESENTER_TOKEN": token}
        # both processes start at once (each takes seconds to come up)
        apps = [running_app(free_port(), env=env) for _ in range(2)]
        with ThreadPoolExecutor(2) as pool:
            backends = [server.url for server in pool.map(stack.enter_context, apps)]
        return stack.enter_context(nginx_in_front(backends)), token

    return start


@dataclass
class Opened:
    page: object
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        out = []
        for url in self.requests:
            parsed = urlparse(url)
            if parsed.scheme in ("data", "blob", "about"):
                continue
            if parsed.hostname not in LOCAL_HOSTS:
                out.append(url)
        return out

    def real_console_errors(self) -> list[str]:
        probes = [u for u in self.failed if u.endswith(PROBE_404)]
        excused = len(probes)
        errors = list(self.console_errors)
        while excused and any("404" in e for e in errors):
            errors.remove(next(e for e in errors if "404" in e))
            excused -= 1
        return errors

    def chart_state(self, key: str) -> str:
        """The title, traces and values plotly drew in the chart with widget key `key` (to see
        that a chart changed, or that two browsers drew the same)."""
        selector = f".st-key-{key} .js-plotly-plot"
        # found anew on each try: a chart being redrawn is replaced, and a locator's scroll
        # could hold the old one (CI: "Element is not attached to the DOM")
        self.page.wait_for_function(
            """(sel) => { const gd = document.querySelector(sel);
                if (gd) gd.scrollIntoView({block: 'nearest'});
                return gd && gd.layout && gd._fullData }""",
            arg=selector,
        )
        return self.page.evaluate(
            """(sel) => { const gd = document.querySelector(sel);
                const list = (v) => (v === undefined || v === null) ? null : Array.from(v);
                return JSON.stringify({t: gd.layout.title && gd.layout.title.text,
                  d: gd._fullData.map(d => [d.name, list(d.x), list(d.y),
                                            d.marker && d.marker.opacity])}) }""",
            selector,
        )


@pytest.fixture
def open_page(chromium):
    contexts = []

    def opener(
        url: str,
        size: tuple[int, int] = (1600, 1000),
        *,
        scheme: str = "light",
        device: dict | None = None,
    ) -> Opened:
        """device: a Playwright device descriptor (its viewport, user agent and touch win over
        size); scheme: the light or dark setting the browser reports."""
        options = {"viewport": {"width": size[0], "height": size[1]}, **(device or {})}
        options.pop("default_browser_type", None)
        context = chromium.new_context(**options, color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page)
        page.on("request", lambda r: opened.requests.append(r.url))
        page.on(
            "console",
            lambda m: opened.console_errors.append(m.text) if m.type == "error" else None,
        )
        page.on("response", lambda r: opened.failed.append(r.url) if r.status >= 400 else None)
        page.goto(url)
        wait_drawn(page)
        return opened

    yield opener
    for context in contexts:
        context.close()


def until(check, what: str, timeout_s: float = 30) -> None:  # noqa: ANN001
    """Wait for a check to hold (a tenth of a second between looks), else fail saying what."""
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"never: {what}")
        time.sleep(0.1)


def save_artifact(opened: Opened, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    opened.page.screenshot(path=str(path), full_page=True)
    (ARTIFACTS / f"{name}.requests.json").write_text(json.dumps(opened.requests, indent=1))
    return path
