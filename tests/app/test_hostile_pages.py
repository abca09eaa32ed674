"""Hostile datasets on every page (AppTest): a refused dataset shows its problem list, never an
exception; a dataset full of markup renders it as text in every element and every chart; the
problem list is capped; an uploaded dataset is this session's alone."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from components.core import url_params
from components.core.routes import ROUTES
from tests import hostile
from tests.conftest import ROOT
from tests.opened import open_everything

pytestmark = pytest.mark.app


def run_page(script: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    if script != ROUTES[0].script:
        at.switch_page(script)
        at.run()
    return at


def markdown_shown(at: AppTest) -> str:
    """Every Markdown body and label the page sent (what Streamlit renders as Markdown)."""
    parts = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "error",
                 "warning", "success", "metric", "expander", "page_link"):  # fmt: skip
        for element in at.get(kind):
            for name in ("body", "label", "help"):
                parts.append(str(getattr(element.proto, name, "")))
    return "\n".join(parts)


def charts_shown(at: AppTest) -> str:
    return "\n".join(chart.proto.spec for chart in at.get("plotly_chart"))


# Live markup: Markdown that would fetch an image or make a link (not escaped by a backslash),
# and HTML that Plotly would obey.
MARKDOWN_LIVE = re.compile(r"(?<!\\)!(?<!\\)\[|(?<!\\)\]\(|(?<!\\)<(?:img|a |span|script|b )")
PLOTLY_LIVE = ("<img", "<a href", "<span style", "<script", "<b onmouseover")


@pytest.mark.parametrize("kind", sorted(set(hostile.MAKERS) - hostile.RENDERS))
def test_a_refused_dataset_shows_its_problems_on_every_page(kind, tmp_path, monkeypatch):
    data = hostile.MAKERS[kind](tmp_path / "data")
    if data is None:
        pytest.skip("mknod needs root")
    monkeypatch.setenv("TUGOFWAR_DATA", str(data))
    at = run_page(ROUTES[0].script)
    for route in ROUTES:  # one visitor going from page to page
        if route is not ROUTES[0]:
            at.switch_page(route.script)
            at.run()
        assert not at.exception, (kind, route.id, at.exception)
        assert at.error, (kind, route.id)
        assert "cannot be shown" in at.error[0].value
        assert str(tmp_path) not in at.error[0].value, "the server's path shown to a viewer"


@pytest.fixture(scope="module")
def markup_data(tmp_path_factory) -> str:
    """The dataset full of markup, made once for the module's tests, which only read it (and
    share the views the server builds from it, as a server's visitors do)."""
    return str(hostile.markup(tmp_path_factory.mktemp("markup") / "data"))


@pytest.mark.parametrize("route", ROUTES, ids=[r.id for r in ROUTES])
def test_markup_in_the_dataset_is_shown_as_text(route, markup_data, monkeypatch):
    monkeypatch.setenv("TUGOFWAR_DATA", markup_data)
    at = open_everything(run_page(route.script))  # what is written when opened, too
    assert not at.exception, at.exception
    markdown, charts = markdown_shown(at), charts_shown(at)
    live = MARKDOWN_LIVE.search(markdown)
    assert live is None, (route.id, markdown[max(0, live.start() - 80) : live.end() + 40])
    for html in PLOTLY_LIVE:
        assert html not in charts, (route.id, html)
    # and the text is there, escaped once (a reader would see "&#60;" if it were escaped twice),
    # where the page shows dataset text
    assert "&#60;span style" in markdown and "&#38;#" not in markdown, route.id
    if charts:
        assert "&lt;span style" in charts, route.id
    if charts and route.exportable:  # a page's charts, not the wall's slide
        # each chart's numbers were opened and checked with the rest
        tables = [m.value for m in at.markdown if m.value.startswith("| ")]
        assert len(tables) >= len(at.get("plotly_chart")), route.id


def test_plotly_gets_the_names_as_entities(markup_data, monkeypatch):
    monkeypatch.setenv("TUGOFWAR_DATA", markup_data)
    at = run_page("app_pages/comparison.py")
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    text = json.dumps(specs)
    assert "Russia ![pixel]" in text and "&lt;a href=" in text and "<a href" not in text


def test_the_problem_list_is_capped_with_a_count_of_the_rest(tmp_path, monkeypatch):
    data = hostile.copy_shipped(tmp_path / "data")
    path = data / "third_parties.yaml"
    text = path.read_text().replace("confidence: medium", "confidence: sure")
    path.write_text(text.replace("confidence: low", "confidence: sure"))
    monkeypatch.setenv("TUGOFWAR_DATA", str(data))
    at = run_page(ROUTES[0].script)
    listed = at.code[0].value.splitlines()
    assert len(listed) == 51 and listed[-1].startswith("... and ")
    total = int(at.error[0].value.split(" has ")[1].split(" problem")[0])
    assert listed[-1] == f"... and {total - 50} more problems"


# ---------------------------------------------------------------- your own dataset


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    """Choose a file in the sidebar's uploader, as a user does."""
    mime = "application/zip" if name.endswith(".zip") else "application/x-yaml"
    if not at.file_uploader:  # the box is closed: its contents are written when opened
        at.session_state[url_params.DATASET_BOX] = True
        at.run()
    return at.file_uploader[0].set_value([(name, data, mime)]).run()


def test_the_own_dataset_box_is_written_when_opened_not_on_every_run():
    at = run_page(ROUTES[0].script)
    assert not at.file_uploader
    assert "Starter dataset (ZIP)" not in [b.label for b in at.sidebar.get("download_button")]
    at.session_state[url_params.DATASET_BOX] = True
    at.run()
    assert len(at.sidebar.file_uploader) == 1
    assert "Starter dataset (ZIP)" in [b.label for b in at.sidebar.get("download_button")]


def test_an_uploaded_dataset_is_this_sessions_alone():
    mine = hostile.shipped_files()
    mine["tugofwar-data/meta.yaml"] = mine["tugofwar-data/meta.yaml"].replace(
        b"Tug of War: Kabul and the Taliban abroad", b"My own seminar case"
    )
    at = run_page(ROUTES[0].script)
    upload(at, "mine.zip", hostile.zip_of(mine))
    assert at.title[0].value.startswith("My own seminar case")
    assert any("only your session can see" in c.value for c in at.sidebar.caption)
    other = run_page(ROUTES[0].script)
    assert not other.title[0].value.startswith("My own seminar case")
    at.button(key=url_params.SHIPPED).click().run()
    assert not at.title[0].value.startswith("My own seminar case")


def test_a_broken_upload_says_why_and_keeps_the_shipped_dataset():
    at = run_page(ROUTES[0].script)
    before = at.title[0].value
    upload(at, "bomb.zip", hostile.hostile_zips()["bomb"])
    assert not at.exception
    assert at.title[0].value == before
    assert any("was not loaded" in e.value for e in at.sidebar.error)
    assert any("over the limit" in c.value for c in at.sidebar.code)
    broken = hostile.shipped_files("")
    broken["events.yaml"] = broken["events.yaml"].replace(b"category: violence", b"category: riot")
    upload(at, "broken.zip", hostile.zip_of(broken))
    assert any("unknown category 'riot'" in c.value for c in at.sidebar.code)
    assert at.title[0].value == before


def test_markup_in_a_third_partys_name_is_text_in_its_own_profile_and_trend(
    markup_data, monkeypatch
):
    """Off the default view: the comparison's headings name the chosen third party."""
    monkeypatch.setenv("TUGOFWAR_DATA", markup_data)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params[url_params.THIRD_PARTY] = "russia"
    at.run()
    at.switch_page("app_pages/comparison.py")
    at.query_params[url_params.THIRD_PARTY] = "russia"
    at = open_everything(at.run())
    assert not at.exception, at.exception
    markdown = markdown_shown(at)
    assert "Russia" in markdown
    live = MARKDOWN_LIVE.search(markdown)
    assert live is None, markdown[max(0, live.start() - 80) : live.end() + 40]
