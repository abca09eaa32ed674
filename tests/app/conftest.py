"""AppTest runs: the shipped data (no TUGOFWAR_DATA from outside) and a clean cache per test."""

import pytest
import streamlit as st


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    monkeypatch.delenv("TUGOFWAR_DATA", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
