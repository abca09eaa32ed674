"""Baseline for the load benchmark: the same pages at the same addresses, sending the same
figures as the dashboard's default views, but read ready-made from a file instead of computed.

Run by bench/load_bench.py with TOW_BASELINE_FIGS pointing at the figures file.
"""

import json
import os
import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from components.routes import ROUTES  # noqa: E402


@st.cache_resource
def figures() -> dict[str, list[dict]]:
    return json.loads(Path(os.environ["TOW_BASELINE_FIGS"]).read_text())


def make_page(page_id: str):  # noqa: ANN201
    def page() -> None:
        for figure in figures().get(page_id, []):
            st.plotly_chart(figure, theme=None)

    page.__name__ = f"baseline_{page_id}"
    return page


st.set_page_config(page_title="baseline", layout="wide")
st.navigation(
    [
        st.Page(make_page(r.id), title=r.title, url_path=r.url_path or None, default=not r.url_path)
        for r in ROUTES
    ]
).run()
