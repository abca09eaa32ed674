"""Every page, opened once on each screen a seminar brings, and checked there for everything a
page must be on that screen (a page load is what a browser test pays for: the checks share it).

- A desktop (1920x1080), every page: it draws offline (no exception, no error, every chart
  drawn, no request leaving this machine, no console error), it fits (test_layouts.MEASURE:
  nothing off the side, every plot at least 60% of its chart, no title wider than its chart),
  and it passes the axe scan (test_accessibility) in the light theme and then, switched with the
  page open, in the dark, the page and its charts following.
- A phone (390x844) and a tablet (768x1024), every page: it fits, and no chart toolbar or key
  sits over a chart's title, another key or the plot.
- A projector, 1280x720 and 1920x1080, every page of the menu on a scene's view (or its default):
  no sideways scroll, the sidebar collapsed, every chart wholly on the screen and filling it;
  at 1280x720 it passes the axe scan in both themes. The seminar's own screens (wall, console,
  join) pass the scan in projector mode at 1280x720; their layout has tests of its own.

Screenshots of every page on every screen are kept as artifacts."""

from __future__ import annotations

import json

import pytest

from components.core import url_params
from components.core.routes import ROUTES, permalink
from components.core.scenes import scene_state
from components.export.screenshot import wait_drawn
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_accessibility import passes_the_scan_in_both_themes
from tests.e2e.test_layouts import MEASURE, MIN_PLOT_SHARE, SCREENS, _keep, _overlap
from tests.e2e.test_seminar import DS, FIT, PROJECTOR_SIZES, SCENES, shoot_charts

pytestmark = pytest.mark.e2e
IDS = [r.id for r in ROUTES]
MENU = [r for r in ROUTES if r.in_menu]


def _draws_offline(opened, name: str) -> None:  # noqa: ANN001
    page = opened.page
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    charts = page.locator('[data-testid="stPlotlyChart"]')
    for i in range(charts.count()):
        assert charts.nth(i).locator(".main-svg").count() >= 1, f"chart {i} did not draw"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.requests.json").write_text(json.dumps(opened.requests, indent=1))
    assert opened.foreign_requests() == [], "requests left this machine"
    assert opened.real_console_errors() == []


def _fits(found: dict, screen: str, route) -> None:  # noqa: ANN001
    page_width, view_width = found["page"]
    assert page_width <= view_width, f"the page is {page_width}px wide on a {view_width}px screen"
    main_width, main_view = found["main"]
    assert main_width <= main_view + 1, f"the content is {main_width}px wide in {main_view}px"
    for i, chart in enumerate(found["charts"]):
        share = chart["plot"] / chart["width"]
        assert share >= MIN_PLOT_SHARE, f"chart {i + 1}: its plot is {share:.0%} of its width"
        if chart["title"] is not None:
            left, right = chart["title"]
            assert left >= 0 and right <= chart["width"], f"chart {i + 1}: title {left}-{right}"
        if screen != "desktop":
            assert not chart["toolbar"], f"chart {i + 1}: a toolbar over the title"
            # the keys above the plot: none over another, the title or the plot
            boxes = [("title", chart["titleBox"])] if chart["titleBox"] else []
            boxes += [(f"key {k + 1}", b) for k, b in enumerate(chart["keys"])]
            boxes.append(("plot", chart["plotBox"]))
            for a, (name_a, box_a) in enumerate(boxes):
                for name_b, box_b in boxes[a + 1 :]:
                    assert not _overlap(box_a, box_b), f"chart {i + 1}: {name_a} over {name_b}"
    if route.exportable:
        assert found["charts"], "no chart drawn"


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_every_page_on_a_desktop_draws_offline_fits_and_passes_the_axe_scan(
    open_page, app_url, route
):
    opened = open_page(f"{app_url}/{route.url_path}", device=SCREENS["desktop"])
    found = opened.page.evaluate(MEASURE)
    _draws_offline(opened, route.id)
    _fits(found, "desktop", route)
    _keep(opened.page, f"{route.id}-desktop")  # (the viewport grows to the page)
    opened.page.set_viewport_size(SCREENS["desktop"]["viewport"])
    wait_drawn(opened.page)
    passes_the_scan_in_both_themes(opened, route, f"axe-{route.id}")


@pytest.mark.parametrize("screen", ["phone", "tablet"])
@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_every_page_fits_a_phone_and_a_tablet(open_page, app_url, route, screen):
    opened = open_page(f"{app_url}/{route.url_path}", device=SCREENS[screen])
    found = opened.page.evaluate(MEASURE)
    _keep(opened.page, f"{route.id}-{screen}")
    _fits(found, screen, route)


@pytest.mark.parametrize("size", PROJECTOR_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("route", MENU, ids=[r.id for r in MENU])
def test_projector_mode_fits_the_screen(open_page, app_url, route, size):
    """(At 1280x720 the page passes the axe scan too, in both themes.)"""
    scene = next((s for s in SCENES if s.page == route.id), None)
    params = {**(scene_state(DS, scene).to_params() if scene else {}), url_params.MODE: "projector"}
    opened = open_page(permalink(app_url, route.id, params), size=size)
    page = opened.page
    wait_drawn(page)
    fit = page.evaluate(FIT)
    assert fit["overflow"] <= 0, "the page scrolls sideways"
    assert fit["sidebar"] <= 0, "the sidebar is collapsed on a wall"
    for i, chart in enumerate(fit["charts"]):
        assert chart["h"] <= fit["vh"] - 60, f"chart {i + 1} is taller than the screen"
        assert chart["left"] >= 0 and chart["right"] <= fit["vw"], f"chart {i + 1} is cut"
        assert chart["h"] >= 0.6 * (fit["vh"] - 140), f"chart {i + 1} does not fill the screen"
    shoot_charts(page, f"projector-{route.id}-{size[0]}x{size[1]}")
    assert opened.real_console_errors() == []
    if size == (1280, 720):
        passes_the_scan_in_both_themes(opened, route, f"axe-{route.id}-projector")


@pytest.mark.parametrize(
    "route", [r for r in ROUTES if not r.in_menu], ids=[r.id for r in ROUTES if not r.in_menu]
)
def test_the_seminars_own_screens_pass_the_axe_scan_in_projector_mode(open_page, app_url, route):
    opened = open_page(f"{app_url}/{route.url_path}?{url_params.MODE}=projector", size=(1280, 720))
    passes_the_scan_in_both_themes(opened, route, f"axe-{route.id}-projector")
