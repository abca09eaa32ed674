"""A new user's case in a browser: `tugofwar init case --actors "Saudi Arabia" "Iran"` served as
`make run` serves a folder, and every page opened: drawn, no error, nothing fetched from
outside, and no word of the shipped case on the screen."""

from __future__ import annotations

import subprocess
import sys

import pytest

from components.core.routes import ROUTES
from components.export.screenshot import wait_drawn
from components.export.serve import free_port, running_app
from tests.app.test_other_case import CASE_WORDS
from tests.conftest import ROOT

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def case_url(browser, tmp_path_factory):
    root = tmp_path_factory.mktemp("new-case")
    case = root / "case"
    subprocess.run([sys.executable, "-m", "components", "init", str(case), "--actors",
                    "Saudi Arabia", "Iran"], check=True, cwd=ROOT, capture_output=True)  # fmt: skip
    env = {"TUGOFWAR_STATE_DIR": str(root / "state")}  # its own shared state, not the user's
    with running_app(free_port(), data=str(case), env=env) as server:
        yield server.url


def test_every_page_of_a_new_case_opens_in_a_browser(open_page, case_url):
    opened = open_page(f"{case_url}/")  # one tab, every page in turn: as a user goes
    page = opened.page
    for route in ROUTES:
        for record in (opened.requests, opened.console_errors, opened.failed):
            record.clear()  # this page's own
        page.goto(f"{case_url}/{route.url_path}")
        wait_drawn(page)
        assert page.locator("[data-testid=stException]").count() == 0, route.id
        text = page.locator("[data-testid=stMain]").inner_text()
        assert "Traceback" not in text and "has encountered an error" not in text, route.id
        assert not CASE_WORDS.findall(text), (route.id, sorted(set(CASE_WORDS.findall(text))))
        if route.exportable:
            assert page.locator(".js-plotly-plot").count() >= 1, route.id
        assert not opened.foreign_requests(), (route.id, opened.foreign_requests())
        assert not opened.real_console_errors(), (route.id, opened.real_console_errors())
