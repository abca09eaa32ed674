"""AppTest runs: the shipped data (no TUGOFWAR_DATA from outside) and a clean st.cache_data per
test. The resource caches (the loaded dataset and the views built from it) are kept between
tests, as a server keeps them between sessions: their keys name the data's folder and its files'
fingerprint (or an upload's digest), so a test that changes or swaps the data gets its own
entries, and a test that counts what is built clears the cache it counts."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from components.core.routes import BY_ID
from tests.conftest import ROOT


def open_route(page_id: str, **params: str) -> AppTest:
    """The dashboard opened on a route, with these address parameters, after its first run."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.switch_page(BY_ID[page_id].script)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    monkeypatch.delenv("TUGOFWAR_DATA", raising=False)
    st.cache_data.clear()
    yield
    st.cache_data.clear()
