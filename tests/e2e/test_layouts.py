"""The screens a seminar brings: a phone (390x844), a tablet (768x1024) and a desktop
(1920x1080), and what a page must be on them: nothing runs off the side of the page, every chart
gives its plot at least 60% of its width, no chart's title is wider than the chart, and on a
phone or tablet no chart toolbar sits over a title. Every page is walked on each screen in
test_every_page.py; here, the wide screen that asks for the narrow layout."""

from __future__ import annotations

import pytest

from components.export.screenshot import wait_drawn
from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e

# What a phone and a tablet send (Playwright's "iPhone 13" and "iPad Mini" descriptors): their
# viewports, user agents and touch. Desktop: a plain 1920x1080 Chromium.
SCREENS = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 15_0 like Mac OS X) AppleWebKit/605.1.15"
        " (KHTML, like Gecko) Version/15.0 Mobile/15E148 Safari/604.1",
        "device_scale_factor": 1,  # CSS pixels as the device; artifacts kept small
        "is_mobile": True,
        "has_touch": True,
    },
    "tablet": {
        "viewport": {"width": 768, "height": 1024},
        "user_agent": "Mozilla/5.0 (iPad; CPU OS 11_0 like Mac OS X) AppleWebKit/604.1.34"
        " (KHTML, like Gecko) Version/11.0 Mobile/15A5341f Safari/604.1",
        "device_scale_factor": 1,  # CSS pixels as the device; artifacts kept small
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1920, "height": 1080}},
}
MIN_PLOT_SHARE = 0.6

MEASURE = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  const root = document.documentElement;
  const charts = [];
  for (const gd of document.querySelectorAll('[data-testid=stPlotlyChart] .js-plotly-plot')) {
    const box = gd.getBoundingClientRect();
    const title = gd.querySelector('.gtitle');
    const t = title ? title.getBoundingClientRect() : null;
    const bar = gd.querySelector('.modebar-container');
    const rect = (el) => { const r = el.getBoundingClientRect();
      return [r.left - box.left, r.top - box.top, r.right - box.left, r.bottom - box.top]; };
    const keys = Array.from(gd.querySelectorAll('.infolayer > g[class^="legend"]'))
      .filter(g => g.getBoundingClientRect().height > 0).map(rect);
    const size = gd._fullLayout._size;
    charts.push({
      width: gd._fullLayout.width, plot: gd._fullLayout._size.w,
      title: t ? [t.left - box.left, t.right - box.left] : null,
      toolbar: !!(bar && bar.children.length && bar.getBoundingClientRect().height),
      keys: keys, titleBox: title ? rect(title) : null,
      plotBox: [size.l, size.t, size.l + size.w, size.t + size.h],
    });
  }
  return {page: [root.scrollWidth, root.clientWidth], main: [main.scrollWidth, main.clientWidth],
          charts: charts};
}"""


def _keep(page, name: str) -> None:  # noqa: ANN001
    """The whole page (the app scrolls inside its main area: the viewport grows to it)."""
    folder = ARTIFACTS / "layouts"
    folder.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": width, "height": max(height, 600)})
    wait_drawn(page)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _overlap(a: list[float], b: list[float], slack: float = 1.0) -> bool:
    """Two boxes (left, top, right, bottom) share more than `slack` pixels each way."""
    return min(a[2], b[2]) - max(a[0], b[0]) > slack and min(a[3], b[3]) - max(a[1], b[1]) > slack


def test_a_wide_screen_can_ask_for_the_narrow_layout(open_page, app_url):
    """?layout=narrow lays a desktop's charts out as a phone's (a narrow window, an iPad that
    says it is a Mac); ?layout=wide the other way."""
    narrow = open_page(f"{app_url}/strategy?layout=narrow", size=(700, 900)).page.evaluate(MEASURE)
    wide = open_page(f"{app_url}/strategy?layout=wide", size=(700, 900)).page.evaluate(MEASURE)
    assert narrow["charts"][0]["plot"] / narrow["charts"][0]["width"] >= 0.9
    assert wide["charts"][0]["plot"] / wide["charts"][0]["width"] < 0.6  # names in a margin
    assert not narrow["charts"][0]["toolbar"]
