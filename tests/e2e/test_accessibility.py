"""An automated accessibility scan (axe-core, shipped inside axe-playwright-python, injected
into the page: nothing is fetched): no serious or critical violation of the WCAG 2.x A and AA
rules, apart from those excused below by name, each with why. Every page is scanned in the light
theme and the dark, on a desktop and in projector mode, in test_every_page.py (one page load
for all its checks); here, the scan itself, and what the analysts' tools write when asked."""

from __future__ import annotations

import json
import time

import pytest
from axe_playwright_python.sync_playwright import Axe

from components.export.screenshot import wait_drawn
from components.figures import dark
from components.figures.theme import _hex_to_rgb, contrast
from components.web.presentation import CSS_COLORS
from tests.conftest import ROOT, SOURCE
from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# rule id -> why it is excused; nothing else is
EXCUSED: dict[str, str] = {}


def _scan(page) -> list[dict]:  # noqa: ANN001
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [
        v
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical") and v["id"] not in EXCUSED
    ]


def _report(found: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:4])
        for v in found
    )


BACKGROUND = "() => getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor"
PAPERS = (
    "() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
    ".map(gd => gd._fullLayout.paper_bgcolor)"
)


# text and its ground on the theme's primary colour: primary buttons, a multiselect's tags
ON_PRIMARY = """() => [...document.querySelectorAll('[data-testid^=stBaseButton-primary], '
  + '[data-testid=stMultiSelectTagsContainer] [data-tag]')]
  .map(e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor])"""


def _hex(css: str) -> str:
    """#rrggbb of an opaque CSS rgb() colour."""
    red, green, blue = (int(v) for v in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
    return f"#{red:02x}{green:02x}{blue:02x}"


# the page's own styles written for a theme (presentation.py: every page has them, charts or not)
STYLED = """(color) => [...document.querySelectorAll('style')]
  .some(s => s.textContent.includes(`color: ${color} !important`))"""


def _in_theme(page, scheme: str) -> bool:  # noqa: ANN001
    """The page, its own styles and every chart on it are drawn in the theme (axe does not read
    Plotly's drawing, so the charts are checked here), on the colour the charts are made for.
    The styles and charts follow with a run after the switch: a page without charts was scanned
    before it, with the light theme's caption grey on the dark page (a clean clone's run)."""
    page_color = "#ffffff" if scheme == "light" else dark.BACKGROUND
    papers = page.evaluate(PAPERS)
    return (
        page.evaluate(BACKGROUND) == "rgb({}, {}, {})".format(*_hex_to_rgb(page_color))
        and all((p == dark.BACKGROUND) == (scheme == "dark") for p in papers)
        and page.evaluate(STYLED, CSS_COLORS[scheme]["on_primary"])
    )


def passes_the_scan_in_both_themes(opened, route, name: str) -> None:  # noqa: ANN001
    """The page (opened in the light theme) passes the scan; then the device is switched to
    dark with the page open: the page and its charts follow (the charts stayed light until the
    next click), and it passes again. Every page is scanned so on a desktop and in projector
    mode, in test_every_page.py."""
    page = opened.page
    for scheme in ("light", "dark"):
        if scheme == "dark":
            page.emulate_media(color_scheme="dark")
            deadline = time.monotonic() + 20
            while not _in_theme(page, "dark"):
                assert time.monotonic() < deadline, (
                    f"the page or its charts did not follow the dark theme: "
                    f"{page.evaluate(BACKGROUND)} {page.evaluate(PAPERS)}"
                )
                page.wait_for_timeout(200)
            wait_drawn(page)
        assert _in_theme(page, scheme), (page.evaluate(BACKGROUND), page.evaluate(PAPERS))
        if route.exportable:
            assert page.evaluate(PAPERS)
        found = _scan(page)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"{name}-{scheme}.json").write_text(json.dumps(found, indent=1))
        assert found == [], f"{scheme}: {_report(found)}"
    assert opened.foreign_requests() == []


def test_the_scan_finds_a_violation_when_there_is_one(open_page, app_url):
    """A picture without a text alternative, put into the page: the scan must name it."""
    opened = open_page(f"{app_url}/method")
    opened.page.evaluate(
        "() => { const img = document.createElement('img');"
        " img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';"
        " document.querySelector('[data-testid=stMain]').appendChild(img); }"
    )
    assert "image-alt" in {v["id"] for v in _scan(opened.page)}


@pytest.mark.skipif(not SOURCE.exists(), reason="the source article (../shared/sources) is absent")
def test_the_analysts_tools_pass_the_axe_scan(open_page, app_url):
    """What the pages write only when asked: a paragraph's coding box, open, with its codings
    and the new value's form; the reconcile page with a second coding and its decisions."""
    opened = open_page(f"{app_url}/source")
    page = opened.page
    box = page.get_by_text("Code a passage of paragraph 16", exact=True)
    box.scroll_into_view_if_needed()
    box.click()
    page.get_by_role("button", name="Add the value").wait_for()
    wait_drawn(page)
    found = _scan(page)
    assert found == [], f"coding: {_report(found)}"
    # the form's submit button is written on the theme's red, in both themes (axe leaves a
    # button in a form undecided: the contrast is measured here)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.wait_for_function(f"() => ({BACKGROUND})() {'=' if scheme == 'light' else '!'}== "
                               "'rgb(255, 255, 255)'")  # fmt: skip
        deadline = time.monotonic() + 20  # the page's styles follow with a run
        while True:
            pairs = page.evaluate(ON_PRIMARY)
            low = [(t, g) for t, g in pairs if contrast(_hex(t), _hex(g)) < 4.5]
            if pairs and not low:
                break
            assert time.monotonic() < deadline, (scheme, pairs or "no text on the primary")
            page.wait_for_timeout(200)
    page.emulate_media(color_scheme="light")
    second = sorted((ROOT / "reliability" / "second-coding").glob("*.yaml"))
    page.goto(f"{app_url}/reconcile")
    wait_drawn(page)
    page.locator("input[type=file]").set_input_files([str(p) for p in second])
    page.get_by_text("Take B's").first.wait_for(timeout=60_000)
    wait_drawn(page)
    found = _scan(page)
    assert found == [], f"reconcile: {_report(found)}"
