"""Evidence at a click, in a real Chromium: a click on a bar, on a hedging point and on a map
country opens that value's evidence; a value's address opens it in a fresh browser; links between
the pages land on the right selection, both ways."""

from __future__ import annotations

import pytest

from components.export.screenshot import wait_drawn
from tests.e2e.conftest import save_artifact

pytestmark = pytest.mark.e2e

# the centre of the n-th point (bar, marker) plotly drew in a chart, in page coordinates
POINT_CENTRE = """([key, selector, n]) => {
  const gd = document.querySelector(`.st-key-${key} .js-plotly-plot`);
  const points = [...gd.querySelectorAll(selector)];
  const r = points[n].getBoundingClientRect();
  return {x: r.left + r.width / 2, y: r.top + r.height / 2, count: points.length};
}"""
# the centre of the point whose value id (customdata's last item) is `id`: its trace's index
# among the chart's scatter traces is its <g class="trace"> in the scatter layer
POINT_OF_VALUE = """([key, id]) => {
  const gd = document.querySelector(`.st-key-${key} .js-plotly-plot`);
  const scatters = gd._fullData.filter(t => t.type === 'scatter');
  for (const [i, t] of scatters.entries()) {
    const n = (t.customdata || []).findIndex(c => c[c.length - 1] === id);
    if (n < 0) continue;
    const g = gd.querySelectorAll('.scatterlayer .trace')[i];
    const r = g.querySelectorAll('.points path')[n].getBoundingClientRect();
    return {x: r.left + r.width / 2, y: r.top + r.height / 2};
  }
  return null;
}"""


def chart_drawn(page, key: str) -> None:  # noqa: ANN001
    """Scrolled to the chart, once plotly has drawn it (after a rerun it is drawn anew)."""
    page.wait_for_selector(f".st-key-{key} .js-plotly-plot .main-svg", timeout=30_000)
    page.locator(f".st-key-{key}").scroll_into_view_if_needed()


def click_point(page, key: str, selector: str, n: int = 0) -> None:  # noqa: ANN001
    chart_drawn(page, key)
    page.wait_for_timeout(300)
    centre = page.evaluate(POINT_CENTRE, [key, selector, n])
    page.mouse.click(centre["x"], centre["y"])
    page.wait_for_timeout(500)
    wait_drawn(page)


def dialog_text(page) -> str:  # noqa: ANN001
    dialog = page.get_by_role("dialog")
    dialog.wait_for(timeout=30_000)
    return dialog.inner_text()


def test_a_click_on_a_bar_opens_its_evidence(open_page, app_url):
    opened = open_page(f"{app_url}/?year=2016")
    page = opened.page
    click_point(page, "lead_chart", ".barlayer .point path", 0)
    text = dialog_text(page)
    save_artifact(opened, "evidence-bar")
    assert "Cite this value" in text and "2016" in text
    assert "value=" in page.url
    # closing the dialog takes the value out of the address
    page.keyboard.press("Escape")
    page.wait_for_timeout(800)
    wait_drawn(page)
    assert "value=" not in page.url


def test_a_click_on_a_hedging_point_and_on_a_map_country_open_theirs(open_page, app_url):
    opened = open_page(f"{app_url}/comparison?year=2016")
    page = opened.page
    click_point(page, "hedging", ".scatterlayer .points path", 0)
    text = dialog_text(page)
    assert "Cite this value" in text
    first = page.url
    page.keyboard.press("Escape")
    page.wait_for_timeout(800)
    wait_drawn(page)
    # the map: a click on Russia (its clickable marker sits on the country's label)
    chart_drawn(page, "regional-map")
    page.wait_for_timeout(300)
    centre = page.evaluate(POINT_OF_VALUE, ["regional-map", "russia.overall.2016"])
    page.mouse.click(centre["x"], centre["y"])
    page.wait_for_timeout(500)
    wait_drawn(page)
    text = dialog_text(page)
    save_artifact(opened, "evidence-map")
    assert "Russia" in text and "Cite this value" in text
    assert "value=russia.overall.2016" in page.url and page.url != first


def test_a_value_link_opens_its_evidence_in_a_fresh_browser(open_page, app_url):
    opened = open_page(f"{app_url}/comparison?value=china.kabul.diplomatic.2016")
    text = dialog_text(opened.page)
    assert "Kabul: +1" in text and "tilt toward the Afghan government" in text
    assert "inferred" in text
    # a value decided against a second coding says so, with the decision and its rule
    assert "Adjudicated:" in text and "second coding's value was taken" in text
    assert opened.foreign_requests() == []


def test_links_between_pages_land_on_the_right_selection_both_ways(open_page, app_url):
    opened = open_page(f"{app_url}/timeline?event=kabul-bombings-after-bsa")
    page = opened.page
    page.get_by_test_id("stPageLink").filter(has_text="Strategy: Bombings in Kabul").click()
    page.wait_for_url("**/strategy**")
    wait_drawn(page)
    assert "action=post-bsa-bombings" in page.url
    assert "The action a link pointed at" in page.get_by_test_id("stMain").inner_text()
    linked = page.locator(".st-key-card_post-bsa-bombings_linked")
    linked.get_by_test_id("stPageLink").filter(has_text="NATO").click()
    page.wait_for_url("**/comparison**")
    wait_drawn(page)
    assert "tp=nato" in page.url
    assert "NATO: organisation" in page.get_by_test_id("stMain").inner_text()
    page.get_by_test_id("stPageLink").filter(has_text="Bombings rock Kabul").first.click()
    page.wait_for_url("**/timeline**")
    wait_drawn(page)
    assert "event=kabul-bombings-after-bsa" in page.url


def test_a_tap_on_a_phone_opens_the_value_tapped(open_page, app_url):
    """On a phone (touch, an iPhone's agent) the first tap on a bar opened nothing and every
    later tap the evidence of the bar tapped before it; a mouse in the same layout was right.
    Taps on bars in turn must open what clicks on them open."""
    from tests.e2e.test_seminar import PHONE

    def opened_by(press_name: str) -> list[str]:
        page = open_page(f"{app_url}/?year=2016", device=PHONE).page
        press = page.touchscreen.tap if press_name == "tap" else page.mouse.click
        bars = page.locator("[data-testid=stPlotlyChart] .js-plotly-plot g.point path")
        assert bars.count() >= 8
        out = []
        for i in (0, 4, 2, 7):
            bar = bars.nth(i)
            bar.scroll_into_view_if_needed()
            box = bar.bounding_box()
            press(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            dialog = page.get_by_role("dialog")
            try:
                dialog.wait_for(timeout=10_000)
            except Exception as exc:
                raise AssertionError(f"bar {i}: a {press_name} opened nothing") from exc
            out.append(next(line for line in dialog.inner_text().split("\n") if " · " in line))
            page.get_by_role("button", name="Close").first.click()
            dialog.wait_for(state="detached", timeout=10_000)
            wait_drawn(page)
        return out

    clicked = opened_by("click")
    assert len(set(clicked)) == 4
    assert opened_by("tap") == clicked
