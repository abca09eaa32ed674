"""AppTest runs: the shipped data (no TUGOFWAR_DATA from outside) and a clean st.cache_data per
test. The resource caches (the loaded dataset and the views built from it) are kept between
tests, as a server keeps them between sessions: their keys name the data's folder and its files'
fingerprint (or an upload's digest), so a test that changes or swaps the data gets its own
entries, and a test that counts what is built clears the cache it counts."""

import pytest
import streamlit as st


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    monkeypatch.delenv("TUGOFWAR_DATA", raising=False)
    st.cache_data.clear()
    yield
    st.cache_data.clear()
