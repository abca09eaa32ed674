"""Baselines for the load benchmark: the same pages at the same addresses, sending ready-made
output instead of computing it. Run by bench/load_bench.py.

TOW_BASELINE_MODE=figures (the default): each page sends the same figures as the dashboard's
default view, read from the file TOW_BASELINE_FIGS, and nothing else.

TOW_BASELINE_MODE=replay: each page sends every element the dashboard's default view sent (text,
widgets, tables and figures, in order), recorded beforehand from the dashboard and read from the
file TOW_BASELINE_REPLAY. What is left between the dashboard and this baseline is the project's
own work: loading, computing, and building Streamlit elements from it.
"""

import base64
import json
import os
import sys
from pathlib import Path

import streamlit as st
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.scriptrunner import get_script_run_ctx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from components.core.routes import ROUTES  # noqa: E402

MODE = os.environ.get("TOW_BASELINE_MODE", "figures")


@st.cache_resource
def figures() -> dict[str, list[dict]]:
    return json.loads(Path(os.environ["TOW_BASELINE_FIGS"]).read_text())


@st.cache_resource
def recorded() -> dict[str, list[bytes]]:
    raw = json.loads(Path(os.environ["TOW_BASELINE_REPLAY"]).read_text())
    return {page: [base64.b64decode(m) for m in messages] for page, messages in raw.items()}


def make_page(page_id: str):  # noqa: ANN201
    def page() -> None:
        if MODE == "replay":
            ctx = get_script_run_ctx()
            for data in recorded().get(page_id, []):
                ctx.enqueue(ForwardMsg.FromString(data))  # a fresh message per session
            return
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
