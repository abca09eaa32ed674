"""Coding from the source on a hosted dashboard (TUGOFWAR_CODING unset: the session's own copy)
and where coding is off: the data folder is never written, the session's copy holds the new
value, validated as validate, check-quotes and check-evidence do, and can be downloaded."""

from __future__ import annotations

import html

import pytest
from streamlit.testing.v1 import AppTest

from components.dataset.files import DataFiles
from components.dataset.load import load_files
from components.web.uploads import SESSION_UPLOAD
from tests.conftest import ROOT, SOURCE
from tests.hostile import copy_shipped

pytestmark = pytest.mark.skipif(
    not SOURCE.exists(), reason="the source article (../shared/sources) is absent"
)
SENTENCE = "The National Unity Government signed strategic agreements with the United States"


def _article(monkeypatch, data, coding: str | None) -> AppTest:  # noqa: ANN001
    monkeypatch.setenv("TUGOFWAR_DATA", str(data))
    if coding is None:
        monkeypatch.delenv("TUGOFWAR_CODING", raising=False)
    else:
        monkeypatch.setenv("TUGOFWAR_CODING", coding)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page("app_pages/article.py")
    return at.run()


def _by_label(elements, label: str):  # noqa: ANN001, ANN202
    """The new value's form's widget of that label (each coded value's "Change" form has its
    own "Value")."""
    return next(e for e in elements if e.label == label and e.form_id.startswith("value_form"))


def _fill_value(at: AppTest, party: str, dimension: str, value: int) -> AppTest:
    at.session_state["code_16"] = True
    at.run()
    sentence = at.selectbox(key="sentence_16")
    sentence.set_value(1).run()  # the second sentence
    assert any(SENTENCE in m.value for m in at.markdown if m.value.startswith("Quote:"))
    _by_label(at.selectbox, "Third party").set_value(party)
    _by_label(at.selectbox, "Dimension").set_value(dimension)
    _by_label(at.selectbox, "Value").set_value(value)
    _by_label(at.text_area, "Rationale (why this value)").input("Agreements signed at once.")
    return _by_label(at.button, "Add the value").click().run()


def test_a_hosted_dashboard_codes_into_the_sessions_copy_only(monkeypatch, tmp_path):
    data = copy_shipped(tmp_path / "data")
    before = {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()}
    at = _fill_value(_article(monkeypatch, data, None), "nato", "economic", 2)
    assert not at.exception and not at.error, [e.value for e in at.error]
    side = "Government of Afghanistan (National Unity Government)"
    shown = [html.unescape(s.value) for s in at.success]
    assert shown == [f"Added: NATO / {side} / Economic / 2014-2016"]
    assert {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()} == before
    copy = at.session_state[SESSION_UPLOAD]
    assert isinstance(copy, DataFiles)
    nato = next(tp for tp in load_files(copy).third_parties if tp.id == "nato")
    assert [(r.years, r.value) for r in nato.relations["kabul"]["economic"]] == [("2014-2016", 2)]
    assert any(b.label == "Download the coded dataset (ZIP)" for b in at.get("download_button"))


def test_a_coding_the_checks_refuse_is_not_kept(monkeypatch, tmp_path):
    data = copy_shipped(tmp_path / "data")
    # the sentence names NATO but not China: check-evidence refuses it for China
    at = _fill_value(_article(monkeypatch, data, None), "china", "economic", 1)
    assert not at.exception and not at.success
    [error] = at.error
    shown = html.unescape(error.value)
    assert shown.startswith("Nothing was written") and "does not name China" in shown
    assert SESSION_UPLOAD not in at.session_state


def test_coding_off_shows_no_coding_tools(monkeypatch, tmp_path):
    at = _article(monkeypatch, copy_shipped(tmp_path / "data"), "off")
    assert not at.exception
    assert not any(e.label.startswith("Code a passage") for e in at.get("expander"))


def test_an_event_and_an_action_that_quote_a_paragraph_are_changed_there(monkeypatch, tmp_path):
    at = _article(monkeypatch, copy_shipped(tmp_path / "data"), None)
    at.session_state["code_16"] = True
    at.run()
    forms = sorted({e.form_id for e in at.text_input if e.form_id.startswith("edit_form_")})
    titles = [e for e in at.text_input if e.label == "Title" and e.form_id in forms]
    assert len(titles) == 3  # the paragraph's event and its two actions, each with a form
    event, action = titles[0], titles[1]
    event.input("Agreements signed with Washington and NATO")
    saves = [b for b in at.button if b.label == "Save the change"]
    at = next(b for b in saves if b.form_id == event.form_id).click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    copy = load_files(at.session_state[SESSION_UPLOAD])
    assert "Agreements signed with Washington and NATO" in [e.title for e in copy.events]
    action = next(e for e in at.text_input if e.label == "Title" and e.form_id == action.form_id)
    status = next(s for s in at.selectbox if s.label == "Outcome" and s.form_id == action.form_id)
    status.set_value("partial")
    saves = [b for b in at.button if b.label == "Save the change"]
    at = next(b for b in saves if b.form_id == action.form_id).click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    changed = load_files(at.session_state[SESSION_UPLOAD])
    title = action.value
    [item] = [a for a in changed.strategy_items() if a.title == title]
    assert item.outcome.status == "partial"
