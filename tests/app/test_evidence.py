"""Evidence at a click, in AppTest: an address with value=... opens that value's evidence over
the page (closing it takes the value out of the address), the keyboard's list opens the same,
and links go both ways between the comparison, the timeline and the strategy tracker."""

from __future__ import annotations

import html

import pytest
from streamlit.testing.v1 import AppTest

from components.core import url_params
from components.core.escape import md
from tests.conftest import ROOT

pytestmark = pytest.mark.app


def open_page(script: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    if script:
        at.switch_page(script)
        for name, value in params.items():
            at.query_params[name] = value
        at.run()
    return at


def text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.parametrize("script", [None, "app_pages/comparison.py"])
def test_a_value_in_the_address_opens_its_evidence(script):
    at = open_page(script, value="russia.taliban.overall.2016")
    assert not at.exception, at.exception
    shown = text(at)
    assert "**Taliban: +1** contact" in shown and "quoted, medium confidence" in shown
    assert md("Taliban representatives visited China") in shown
    citation = next(t.value for t in at.text_area if t.label == "Cite this value")
    assert "dataset v" in citation
    assert "value=russia.taliban.overall.2016" in citation
    [online] = at.get("link_button")
    assert "#:~:text=Taliban%20representatives" in online.proto.url


def test_a_value_the_dataset_does_not_have_opens_nothing():
    at = open_page(value="atlantis.overall.2016")
    assert not at.exception and "value" not in at.query_params
    assert not [t for t in at.text_area if t.label == "Cite this value"]


def test_the_keyboards_list_opens_the_same_evidence():
    at = open_page()
    picker = at.selectbox(key="evidence_picker")
    picker.set_value("qatar.overall.2016").run()
    assert at.query_params[url_params.VALUE] == "qatar.overall.2016"
    shown = text(at)
    assert "**Kabul: not coded**" in shown and "**Taliban: +1** contact" in shown


def test_a_linked_action_is_shown_first_and_links_back():
    at = open_page("app_pages/strategy.py", action="post-bsa-bombings")
    assert not at.exception
    assert "The action a link pointed at" in text(at)
    links = [(html.unescape(link.proto.label), link.proto.page) for link in at.get("page_link")]
    assert any("Event:" in label for label, _ in links)
    assert any("United States" in label for label, _ in links)


def test_an_event_links_to_its_third_parties_and_the_strategy():
    at = open_page("app_pages/timeline.py", event="kabul-bombings-after-bsa")
    labels = [html.unescape(link.proto.label) for link in at.get("page_link")]
    assert "NATO" in labels and "United States" in labels
    assert any(label.startswith("Strategy: Bombings in Kabul") for label in labels)


def test_a_profile_links_to_the_strategy_actions_that_name_it():
    at = open_page("app_pages/comparison.py", tp="china")
    labels = [html.unescape(link.proto.label) for link in at.get("page_link")]
    assert any(label.startswith("Tier 2: China") for label in labels), labels


def test_the_source_page_shows_the_text_with_its_codings(monkeypatch):
    from tests.conftest import FIXTURES

    monkeypatch.setenv("TUGOFWAR_DATA", str(FIXTURES / "other"))
    monkeypatch.setenv("TUGOFWAR_SOURCES", str(FIXTURES / "sources"))
    at = open_page("app_pages/article.py")
    assert not at.exception, at.exception
    assert html.unescape(at.metric[0].value) == "5 of 7 (71%)"
    shown = text(at)
    assert ":orange-background[MegaMart stocked the Red disc]" in shown
    assert ":gray-badge[not coded] Nobody here quotes this paragraph" in shown
    # each paragraph's links are written when its box is opened, not on every run
    assert not any(link.proto.label.startswith("Value") for link in at.get("page_link"))
    boxes = [e for e in at.get("expander") if e.label.startswith("What paragraph")]
    assert len(boxes) == 5
    for name in list(at.session_state.keys()):
        if name.startswith("paragraph_"):
            at.session_state[name] = True
    at.run()
    labels = [html.unescape(link.proto.label) for link in at.get("page_link")]
    assert any(label.startswith("Value: MegaMart / Red camp / shelves") for label in labels)


def test_the_source_page_says_how_to_supply_the_text_where_it_is_absent(monkeypatch, tmp_path):
    monkeypatch.setenv("TUGOFWAR_SOURCES", str(tmp_path))
    at = open_page("app_pages/article.py")
    assert not at.exception
    assert "is not on this server" in at.info[0].value and "TUGOFWAR" in at.info[0].value


def test_the_source_page_follows_the_sources_folder_it_is_given(monkeypatch, tmp_path):
    """What is built from the source text is kept per text (its path and version), not per
    dataset only: the same data with the text taken away says so, and with it back shows it."""
    from tests.conftest import FIXTURES

    monkeypatch.setenv("TUGOFWAR_DATA", str(FIXTURES / "other"))
    monkeypatch.setenv("TUGOFWAR_SOURCES", str(FIXTURES / "sources"))
    assert html.unescape(open_page("app_pages/article.py").metric[0].value) == "5 of 7 (71%)"
    monkeypatch.setenv("TUGOFWAR_SOURCES", str(tmp_path))
    at = open_page("app_pages/article.py")
    assert not at.metric and "is not on this server" in at.info[0].value
    health = open_page("app_pages/health.py")
    assert not health.exception
    monkeypatch.setenv("TUGOFWAR_SOURCES", str(FIXTURES / "sources"))
    assert html.unescape(open_page("app_pages/article.py").metric[0].value) == "5 of 7 (71%)"
