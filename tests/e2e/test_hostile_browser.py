"""Hostile input in a real Chromium: a dataset full of markup renders as text on every page with
no request leaving this machine and no link or image it named; a viewer uploads a valid, a broken
and a hostile ZIP (one process, and two behind nginx); the server refuses a foreign Host and,
behind nginx, framing by other sites."""

from __future__ import annotations

import contextlib
import gzip
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from components.core.routes import ROUTES
from components.export.screenshot import wait_drawn
from components.export.serve import free_port, nginx_in_front, running_app
from tests import hostile
from tests.e2e.conftest import save_artifact

pytestmark = pytest.mark.e2e

# every link and image in the page, and every element Plotly drew as a link
LIVE_MARKUP = """() => ({
  images: [...document.querySelectorAll('img')].map(e => e.src),
  links: [...document.querySelectorAll('a')].map(e => e.href),
  svg_links: document.querySelectorAll('svg a').length,
  big: [...document.querySelectorAll('span')].filter(
         e => parseFloat(getComputedStyle(e).fontSize) >= 80).length,
})"""


@pytest.fixture(scope="module")
def markup_app(browser, tmp_path_factory):
    data = hostile.markup(tmp_path_factory.mktemp("markup") / "data")
    state = tmp_path_factory.mktemp("state")
    with running_app(free_port(), str(data), env={"TUGOFWAR_STATE_DIR": str(state)}) as server:
        yield server.url


@pytest.mark.parametrize("route", ROUTES, ids=[r.id for r in ROUTES])
def test_markup_from_the_dataset_is_text_in_the_browser(open_page, markup_app, route):
    # the timeline opened on the event whose title carries the markup
    query = "?event=moscow-trilateral" if route.id == "timeline" else ""
    opened = open_page(f"{markup_app}/{route.url_path}{query}")
    page = opened.page
    save_artifact(opened, f"hostile-markup-{route.id}")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert opened.foreign_requests() == [], "the dataset made the browser fetch something"
    found = page.evaluate(LIVE_MARKUP)
    assert not [src for src in found["images"] if hostile.OUTSIDE in src]
    # a bare web address in the text may show as a link (GFM autolinks http and https
    # addresses: a plain link element, fetched only if clicked), never javascript: or another
    # scheme, and never as an image
    assert not [href for href in found["links"] if not href.startswith(("http:", "https:"))]
    assert found["svg_links"] == 0, "Plotly drew a link from a name"
    assert found["big"] == 0, "a style from the dataset was obeyed"
    # where the page writes the marked-up names in its text, they read as written
    if route.id in ("overview", "strategy", "timeline"):
        text = page.get_by_test_id("stMain").inner_text()
        assert "<span style='font-size:90px;color:red'>BIG</span>" in text


# ---------------------------------------------------------------- uploads


def choose_upload(page, path: Path) -> None:  # noqa: ANN001
    """Open the sidebar's "Your own dataset" (if closed) and choose a file, as a user does."""
    sidebar = page.get_by_test_id("stSidebar")
    if not sidebar.get_by_test_id("stFileUploaderDropzone").is_visible():
        sidebar.get_by_text("Your own dataset").click()
    sidebar.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
    page.wait_for_timeout(500)
    wait_drawn(page)


def main_shows(page, words: str) -> None:  # noqa: ANN001
    page.wait_for_function(
        "(w) => document.querySelector('[data-testid=stMain]').innerText.includes(w)",
        arg=words,
        timeout=30_000,
    )


def upload_round_trip(open_page, url: str, tmp_path: Path) -> None:  # noqa: ANN001
    mine = hostile.shipped_files()
    mine["tugofwar-data/meta.yaml"] = mine["tugofwar-data/meta.yaml"].replace(
        b"Tug of War: Kabul and the Taliban abroad", b"My own seminar case"
    )
    good = tmp_path / "mine.zip"
    good.write_bytes(hostile.zip_of(mine))
    opened = open_page(f"{url}/")
    page = opened.page
    choose_upload(page, good)
    main_shows(page, "My own seminar case")
    # the sidebar's note is written after the page's title in the same run: wait for it too
    # (CI once read the sidebar between them)
    page.get_by_test_id("stSidebar").get_by_text("only your session can see", exact=False).wait_for(
        timeout=30_000
    )
    # the same session on another page still shows the upload
    page.get_by_test_id("stSidebarNav").get_by_text("Country comparison").click()
    page.wait_for_url("**/comparison**")
    page.get_by_text("only your session can see", exact=False).wait_for(timeout=30_000)
    # a fresh browser sees the shipped dataset
    other = open_page(f"{url}/")
    assert "My own seminar case" not in other.page.get_by_test_id("stMain").inner_text()
    # a hostile ZIP is refused, with its reason, and the session keeps what it had
    bad = tmp_path / "escape.zip"
    bad.write_bytes(hostile.hostile_zips()["parent-path"])
    choose_upload(page, bad)
    # (the refusal and its list of problems are two elements: wait for both, CI once read the
    # sidebar between them)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("was not loaded", exact=False).first.wait_for(timeout=30_000)
    sidebar.get_by_text("path outside the ZIP", exact=False).first.wait_for(timeout=30_000)
    page.get_by_role("button", name="Back to the shipped dataset").click()
    page.get_by_text("only your session can see", exact=False).wait_for(
        state="detached", timeout=30_000
    )
    assert "Dataset v2.1.0" in page.get_by_test_id("stSidebar").inner_text()
    assert opened.foreign_requests() == []


def test_uploads_work_behind_nginx_on_two_processes(open_page, two_processes, tmp_path):
    """The round trip through a proxy to two processes (one process alone uploads in the two
    tests below; the same round trip there cost half a minute more of the suite)."""
    url, _ = two_processes("sqlite")
    upload_round_trip(open_page, url, tmp_path)


def test_a_broken_upload_lists_its_problems(open_page, app_url, tmp_path):
    broken = hostile.shipped_files("")
    broken["events.yaml"] = broken["events.yaml"].replace(b"category: violence", b"category: riot")
    path = tmp_path / "broken.zip"
    path.write_bytes(hostile.zip_of(broken))
    opened = open_page(f"{app_url}/")
    choose_upload(opened.page, path)
    sidebar = opened.page.get_by_test_id("stSidebar")
    sidebar.get_by_text("was not loaded", exact=False).first.wait_for(timeout=30_000)
    sidebar.get_by_text("unknown category 'riot'", exact=False).first.wait_for(timeout=30_000)


def test_an_upload_over_the_size_limit_is_refused_by_the_server(open_page, app_url, tmp_path):
    path = tmp_path / "big.zip"
    path.write_bytes(b"PK" + b"\0" * (6 * 1024 * 1024))
    opened = open_page(f"{app_url}/")
    choose_upload(opened.page, path)
    sidebar = opened.page.get_by_test_id("stSidebar").inner_text()
    assert "File must be 5.0MB or smaller" in sidebar or "exceeds" in sidebar.lower(), sidebar


# ---------------------------------------------------------------- the server


def test_a_foreign_host_cannot_open_the_websocket(app_url):
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    ws_url = app_url.replace("http://", "ws://") + "/_stcore/stream"
    with connect(ws_url, subprotocols=["streamlit"], open_timeout=10) as socket:
        assert socket.protocol.state.name == "OPEN"
    with (
        pytest.raises(InvalidStatus),
        connect(
            ws_url,
            subprotocols=["streamlit"],
            additional_headers={"Host": "attacker.example"},
            open_timeout=10,
        ),
    ):
        pass


def test_nginx_forbids_framing_and_compresses_static_files(two_processes):
    url, _ = two_processes("sqlite")
    with urllib.request.urlopen(f"{url}/", timeout=10) as response:
        headers = response.headers
        index = response.read().decode()
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    # the biggest file of a first visit, Streamlit's main script, travels compressed, with the
    # cache headers Streamlit gave it
    script = re.search(r'src="\.?/?(static/js/[^"]+\.js)"', index).group(1)
    plain = urllib.request.urlopen(f"{url}/{script}", timeout=10)
    body = plain.read()
    request = urllib.request.Request(f"{url}/{script}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as packed:
        assert packed.headers["Content-Encoding"] == "gzip"
        assert packed.headers["Cache-Control"] == plain.headers["Cache-Control"] is not None
        compressed = packed.read()
    assert gzip.decompress(compressed) == body
    assert len(compressed) <= len(body) / 3


@pytest.mark.parametrize("served", ["one-process", "behind-nginx"])
def test_an_address_a_folder_too_deep_opens_its_page_with_a_notice(served, app_url, open_page):
    """/comparison/russia and /scenes/extra gave a blank white page (Streamlit's page loaded
    from the wrong folder never reaches the server): served as `make run` serves it (server.py,
    one process, no proxy) and behind the shipped nginx (whose own rule answers first), they
    open the page, or the overview, and say why."""
    with contextlib.ExitStack() as stack:
        url = app_url if served == "one-process" else stack.enter_context(nginx_in_front([app_url]))
        # who answers: nginx's own rule in front (its redirect's page), or the process
        status, location, body = _unfollowed(f"{url}/comparison/russia")
        assert status == 302 and location.removeprefix(url) == "/comparison?moved=1"
        assert (b"nginx" in body) == (served == "behind-nginx")
        _too_deep_addresses_land(url, open_page)


def _unfollowed(address: str) -> tuple[int, str, bytes]:
    """A GET whose redirect is not followed: (status, Location, body)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            return None

    try:
        urllib.request.build_opener(NoRedirect).open(address, timeout=10)
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers.get("Location", ""), answer.read()
    raise AssertionError(f"{address} was not redirected")


def _too_deep_addresses_land(url: str, open_page) -> None:  # noqa: ANN001
    for path, lands, title in (
        ("/comparison/russia", "/comparison", "Country comparison"),
        ("/scenes/extra/more", "/scenes", "Seminar scenes"),
        ("/atlas/russia", "/", "Overview"),
    ):
        page = open_page(f"{url}{path}").page
        assert page.url.split("?")[0].rstrip("/") == f"{url}{lands}".rstrip("/"), path
        shown = page.get_by_test_id("stMain").inner_text()
        assert f"a folder too deep): showing {title}" in shown.replace("\n", " "), path
        assert "moved=" not in page.url
    # Streamlit's own files, two folders deep, are not moved
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
        assert response.read() == b"ok"
