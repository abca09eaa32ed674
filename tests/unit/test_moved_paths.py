"""An address a folder too deep goes to its page or the overview (Streamlit's page there is
blank): the rule, and the server's middleware that applies it."""

from __future__ import annotations

import pytest

from components.core.routes import ROUTES, moved_to
from components.web.moved_paths import MovedPaths


@pytest.mark.parametrize(
    ("path", "base", "target"),
    [
        ("/comparison/russia", "", "/comparison?moved=1"),
        ("/scenes/extra/more", "", "/scenes?moved=1"),
        ("/atlas/russia", "", "/?moved=1"),
        ("/demo/comparison/russia", "demo", "/demo/comparison?moved=1"),
        ("/demo/atlas/x", "/demo/", "/demo/?moved=1"),
        # not too deep, or Streamlit's own at either depth, or outside the base: left alone
        ("/", "", None),
        ("/comparison", "", None),
        ("/comparison/", "", None),
        ("/nosuchpage", "", None),
        ("/_stcore/health", "", None),
        ("/_stcore/stream", "", None),
        ("/static/js/index.js", "", None),
        ("/media/abc.png", "", None),
        ("/component/x/index.html", "", None),
        ("/app/static/logo.svg", "", None),
        ("/comparison/_stcore/health", "", None),
        ("/comparison/static/js/index.js", "", None),
        ("/demo/comparison", "demo", None),
        ("/other/comparison/russia", "demo", None),
    ],
)
def test_a_too_deep_address_goes_to_its_page(path, base, target):
    assert moved_to(path, base) == target


def test_every_page_is_a_target_of_its_own():
    for route in ROUTES:
        if route.url_path:
            assert moved_to(f"/{route.url_path}/x") == f"/{route.url_path}?moved=1"


def _run(coroutine) -> None:  # noqa: ANN001
    """Run a coroutine that waits on nothing (an event loop may be running in this thread:
    Playwright's, from a browser test before this one)."""
    try:
        coroutine.send(None)
    except StopIteration:
        return
    raise AssertionError("the middleware waited on something")


def _call(method: str, path: str) -> tuple[list[dict], bool]:
    sent: list[dict] = []
    reached = []

    async def app(scope, receive, send):  # noqa: ANN001, ANN202
        reached.append(scope["path"])

    async def send(message):  # noqa: ANN001, ANN202
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path}
    _run(MovedPaths(app)(scope, None, send))
    return sent, bool(reached)


def test_the_middleware_redirects_a_get_and_passes_the_rest():
    sent, reached = _call("GET", "/comparison/russia")
    assert not reached
    assert sent[0]["status"] == 302
    assert dict(sent[0]["headers"])[b"location"] == b"/comparison?moved=1"
    passed = [("GET", "/comparison"), ("POST", "/comparison/russia"), ("GET", "/_stcore/health"),
              ("GET", "/comparison/_stcore/health")]  # fmt: skip
    for method, path in passed:
        sent, reached = _call(method, path)
        assert reached and sent == [], (method, path)
    # a websocket passes untouched whatever its address
    sent: list[dict] = []
    reached = []

    async def app(scope, receive, send):  # noqa: ANN001, ANN202
        reached.append(scope["type"])

    _run(MovedPaths(app)({"type": "websocket", "path": "/a/b"}, None, sent.append))
    assert reached == ["websocket"]
