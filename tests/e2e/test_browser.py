"""What a user sees, in a real Chromium: one real interaction per page changes what is drawn; a
copied link reproduces the view elsewhere. (That every page draws, offline, without errors:
test_every_page.py.)"""

from __future__ import annotations

from contextlib import ExitStack

import pytest

from components.dataset.load import load_dataset
from components.export.screenshot import CHROMIUM_ARGS, wait_drawn
from tests.conftest import SHIPPED

pytestmark = pytest.mark.e2e
ACTIONS = [a for t in load_dataset(SHIPPED).strategy.tiers for g in t.goals for a in g.actions]


def settle(page) -> None:  # noqa: ANN001
    page.wait_for_timeout(300)  # let the rerun start before waiting for it to finish
    wait_drawn(page)


def choose(page, label: str, option: str, widget: str = "stSelectbox") -> None:  # noqa: ANN001
    """Pick an option in the select box (or multiselect) labelled `label`, typing it as a user
    would."""
    box = page.get_by_test_id(widget).filter(has_text=label)
    box.scroll_into_view_if_needed()
    box.locator("input").click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    settle(page)


def test_overview_year_changes_the_chart(open_page, app_url):
    opened = open_page(f"{app_url}/")
    before = opened.chart_state("lead_chart")
    opened.page.get_by_text("2014", exact=True).click()
    settle(opened.page)
    assert opened.chart_state("lead_chart") != before
    assert "2014:" in opened.page.locator(".gtitle").first.text_content()


def test_comparison_pick_a_third_party_and_a_dimension(open_page, app_url):
    opened = open_page(f"{app_url}/comparison")
    page = opened.page
    before = opened.chart_state("strength-by-side")
    choose(page, "Dimension", "Economic")
    assert opened.chart_state("strength-by-side") != before
    assert "Economic ties" in opened.chart_state("strength-by-side")
    choose(page, "Third party", "Russia")
    assert page.get_by_text("Russia: country", exact=False).count() == 1


def test_strategy_filter_changes_the_chart(open_page, app_url):
    opened = open_page(f"{app_url}/strategy")
    page = opened.page
    before = opened.chart_state("progress_chart")
    choose(page, "Show actions with outcome", "Not judged", widget="stMultiSelect")
    assert opened.chart_state("progress_chart") != before
    shown = page.get_by_text("Outcome: Not judged", exact=False).count()
    assert shown == sum(a.outcome.status == "not-judged" for a in ACTIONS) > 0
    assert page.get_by_text("Outcome: Achieved", exact=False).count() == 0


def test_a_stricter_reading_changes_counts_and_findings_and_is_in_the_address(open_page, app_url):
    """How sure can we be: "Quoted only" and "High only" drop values, the counts and the chart
    follow, the findings say which no longer hold, and the address keeps the reading."""
    opened = open_page(f"{app_url}/?year=2016")
    page = opened.page
    before = opened.chart_state("lead_chart")
    assert page.get_by_text("does not hold in these values").count() == 0
    reading = page.locator(".st-key-reading")
    reading.get_by_role("radio", name="Quoted only").click()
    settle(page)
    assert "ev=quoted" in page.url
    assert opened.chart_state("lead_chart") != before
    assert page.get_by_text("Stricter reading:", exact=False).count() >= 1  # note, caption
    assert page.get_by_text("does not hold in these values").count() >= 1
    reading.get_by_role("radio", name="High only").click()
    settle(page)
    assert "ev=quoted" in page.url and "conf=high" in page.url
    # a fresh browser opening that address sees the same
    again = open_page(page.url)
    assert again.chart_state("lead_chart") == opened.chart_state("lead_chart")
    reading = again.page.locator(".st-key-reading")
    reading.get_by_role("radio", name="All values").click()
    settle(again.page)
    assert "ev=" not in again.page.url


def test_timeline_filter_and_select_an_event(open_page, app_url):
    opened = open_page(f"{app_url}/timeline")
    page = opened.page
    before = opened.chart_state("timeline_chart")
    choose(page, "Third party", "China", widget="stMultiSelect")
    assert opened.chart_state("timeline_chart") != before
    first = page.locator("h3").first.inner_text()
    # click a marker of another event on the chart
    points = page.locator(".js-plotly-plot .scatterlayer .trace .points path")
    box = points.nth(points.count() - 4).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    settle(page)
    assert page.locator("h3").first.inner_text() != first
    assert "event=" in page.url


def test_method_search_filters_the_table(open_page, app_url):
    opened = open_page(f"{app_url}/method")
    page = opened.page
    caption = page.get_by_text("coded values. Select a cell").inner_text()
    page.get_by_label("Search third party, quote or rationale").fill("Turkmen")
    page.keyboard.press("Enter")
    settle(page)
    assert page.get_by_text("coded values. Select a cell").inner_text() != caption


def test_scenes_open_a_view_with_its_prompt(open_page, app_url):
    opened = open_page(f"{app_url}/scenes")
    page = opened.page
    page.get_by_text("Open this scene").first.click()
    settle(page)
    assert "scene=contest-2014" in page.url
    assert "Scene 1 of" in page.locator(".st-key-scene_bar").inner_text()


def test_a_copied_link_reproduces_the_view_in_a_fresh_browser(open_page, app_url):
    first = open_page(f"{app_url}/comparison")
    page = first.page
    page.get_by_test_id("stRadio").get_by_text("2015", exact=True).click()
    settle(page)
    choose(page, "Third party", "Iran")
    link = (
        page.get_by_test_id("stSidebar").get_by_label("Link to this view", exact=True).input_value()
    )
    assert "year=2015" in link and "tp=iran" in link
    second = open_page(link.replace("localhost", "127.0.0.1"))
    for key in ("strength-by-side", "regional-map"):
        assert second.chart_state(key) == first.chart_state(key)
    assert "2015" in first.chart_state("strength-by-side")
    assert second.page.get_by_text("Iran: country", exact=False).count() == 1


def test_a_click_on_a_download_gets_the_file(open_page, app_url, tmp_path):
    """Downloads are handed over only when clicked (tests/app checks that): a click gets the
    dataset's CSV, and a chart's CSV from its Export menu."""
    opened = open_page(f"{app_url}/method")
    page = opened.page
    with page.expect_download() as got:
        page.get_by_text("CSV (one row per value)").click()
    saved = tmp_path / got.value.suggested_filename
    got.value.save_as(saved)
    assert saved.name == "tugofwar-values.csv"
    raw = saved.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark: Excel reads it so
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("third_party") and len(lines) > 200

    opened = open_page(f"{app_url}/?year=2015")
    page = opened.page
    page.get_by_test_id("stPopover").filter(has_text="Export").first.click()
    with page.expect_download() as got:
        page.get_by_text("Data (CSV)").click()
    text = got.value.path().read_text(encoding="utf-8-sig")
    assert got.value.suggested_filename.endswith(".csv") and "2015" in got.value.suggested_filename
    assert text.startswith("third_party,") and len(text.splitlines()) > 10


def test_a_click_on_the_deck_gets_an_editable_deck_of_the_view(open_page, app_url, tmp_path):
    """The sidebar's deck: made on the click, by the server's one export browser."""
    from pptx import Presentation

    opened = open_page(f"{app_url}/strategy")
    page = opened.page
    with page.expect_download(timeout=120_000) as got:
        page.get_by_role("button", name="Slide deck (PPTX)").click()
    assert got.value.suggested_filename == "tugofwar-strategy-deck.pptx"
    saved = tmp_path / got.value.suggested_filename
    got.value.save_as(saved)
    slides = list(Presentation(saved).slides)
    # the cover, the key findings, the strategy chart (a native chart), its evidence appendix
    assert slides[1].shapes.title.text.startswith("Key findings, 2016")
    [chart] = [s for s in slides if any(shape.has_chart for shape in s.shapes)]
    assert f"{app_url}/strategy" in chart.notes_slide.notes_text_frame.text
    assert slides[-1].shapes.title.text.startswith("Evidence for slide")


def test_the_pack_names_the_address_the_viewer_used_not_localhost(chromium, browser):
    """A hosted demo: the browser reaches the app by a public name (mapped to this machine, and
    allowed as the demo's docs say), and the pack's README and PDF cover carry that name, never
    localhost or 127.0.0.1."""
    import io
    import zipfile

    from pypdf import PdfReader

    from components.export.serve import free_port, running_app

    port = free_port()
    public = f"http://seminar.example:{port}"
    with ExitStack() as stack:
        stack.enter_context(running_app(port, args=["--server.allowedHosts", "seminar.example"]))
        mapped = chromium.browser_type.launch(  # a browser whose resolver sends the name here
            executable_path=browser,
            args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP seminar.example 127.0.0.1"],
        )
        stack.callback(mapped.close)
        page = mapped.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(f"{public}/strategy")
        wait_drawn(page)
        with page.expect_download(timeout=120_000) as got:
            page.get_by_role("button", name="Briefing pack (ZIP)").click()
        data = got.value.path().read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(data))
    readme = archive.read("README.txt").decode()
    cover = PdfReader(io.BytesIO(archive.read("tugofwar-briefing.pdf"))).pages[0].extract_text()
    for text in (readme, cover):
        assert f"{public}/strategy" in text
        assert "localhost" not in text and "127.0.0.1" not in text


def test_strategy_event_link_opens_the_event_on_the_timeline(open_page, app_url):
    opened = open_page(f"{app_url}/strategy")
    page = opened.page
    link = page.get_by_test_id("stPageLink").filter(has_text="Event:").first
    title = link.inner_text().split("Event:", 1)[1].strip()
    link.click()
    settle(page)
    assert "/timeline" in page.url and "event=" in page.url
    assert page.locator("h3").filter(has_text=title).count() == 1
