"""The app as Streamlit runs it (AppTest): the summary draws, a broken dataset shows its errors."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from components.dataset import load_dataset
from components.transforms import coverage
from tests.conftest import ROOT, SHIPPED, replace_in

pytestmark = pytest.mark.app

APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def fresh_cache():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def run_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60).run()


def test_summary_shows_what_is_in_the_dataset(monkeypatch):
    monkeypatch.delenv("TUGOFWAR_DATA", raising=False)
    at = run_app()
    assert not at.exception
    assert not at.error
    ds = load_dataset(SHIPPED)
    assert at.title[0].value == ds.meta.title
    metrics = {m.label: m.value for m in at.metric}
    cov = coverage(ds)
    assert metrics["Third parties"] == str(cov["third_parties"])
    assert metrics["Coded values"] == str(cov["coded"])
    assert metrics["Events 2013-2016"] == str(cov["events"])
    table = at.dataframe[0].value
    assert len(table) == len(ds.third_parties)
    assert "Kabul 2016" in table.columns and "Taliban 2016" in table.columns


def test_broken_dataset_shows_the_errors_not_a_traceback(monkeypatch, shipped_copy):
    replace_in(shipped_copy / "events.yaml", "    precision: day\n", "    precision: hourly\n")
    replace_in(shipped_copy / "third_parties.yaml", "iso3: USA", "iso3: usa")
    monkeypatch.setenv("TUGOFWAR_DATA", str(shipped_copy))
    at = run_app()
    assert not at.exception
    assert "2 problems" in at.error[0].value
    listing = at.code[0].value
    assert "events.yaml:" in listing and "events[0].precision" in listing
    assert "third_parties.yaml:" in listing and "third_parties[0].iso3" in listing
    assert not at.metric  # nothing else drawn from a broken dataset


def test_an_edit_to_the_yaml_is_picked_up_on_rerun(monkeypatch, shipped_copy):
    monkeypatch.setenv("TUGOFWAR_DATA", str(shipped_copy))
    at = run_app()
    assert not at.error
    replace_in(shipped_copy / "meta.yaml", 'title: "Tug of War:', 'title: "Edited Tug of War:')
    at.run()
    assert at.title[0].value.startswith("Edited Tug of War:")
