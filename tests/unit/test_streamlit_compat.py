"""Each use of Streamlit's internals (web/streamlit_compat.py), checked against the installed
Streamlit: an upgrade that moves one fails here, naming the hook, not in a seminar."""

from __future__ import annotations

import importlib
import json

import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from components.web import streamlit_compat
from components.web.streamlit_compat import HOOKS

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("hook", "module", "attribute"),
    [(hook, module, attr) for hook, names in HOOKS.items() for module, attr in names],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_every_hook_is_where_it_was(hook, module, attribute):
    try:
        found = importlib.import_module(module)
        for part in attribute.split("."):
            found = getattr(found, part)
    except (ImportError, AttributeError) as exc:
        pytest.fail(
            f"streamlit_compat hook {hook}: {module}.{attribute} is gone in this Streamlit "
            f"({exc}); see components/web/streamlit_compat.py for what it is for"
        )


def test_rerun_hook_is_available_and_quiet_outside_a_run():
    assert streamlit_compat.rerun_available(), "hook RERUN: follow mode would fall back to polling"
    assert streamlit_compat.fragment_id() is None
    assert streamlit_compat.session_id() is None
    # no such session: refused, not raised
    assert streamlit_compat.rerun_fragment("no-such-session", "no-such-fragment") is False


def test_uploads_hook_reads_a_real_upload_manager():
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.uploaded_file_manager import UploadedFileRec

    manager = MemoryUploadedFileManager("/upload")
    assert streamlit_compat.manager_is_known(manager), (
        f"hook UPLOADS: the upload manager lacks one of {streamlit_compat.UPLOAD_MANAGER_NEEDS}"
    )
    for i in range(3):
        manager.add_file("s", UploadedFileRec(f"f{i}", "a.yaml", "text/yaml", b"x" * (i + 1)))
    assert streamlit_compat.held_bytes(manager) == 1 + 2 + 3
    assert streamlit_compat.session_file_ids(manager, "s") == ["f0", "f1", "f2"]
    assert streamlit_compat.session_file_ids(manager, "other") == []
    assert streamlit_compat.upload_manager() is None  # no server running in a unit test


def _chart_script():
    import plotly.graph_objects as go
    import streamlit as st

    from components.web.streamlit_compat import Sent

    sent = Sent(go.Figure(go.Bar(x=[1, 2], y=["a", "b"]), layout_title_text="t"))
    calls = []
    original = sent.to_dict
    sent.to_dict = lambda: calls.append(1) or original()
    st.plotly_chart(sent, theme=None)
    st.session_state["to_dict_calls"] = len(calls)
    st.session_state["sent"] = original()


def test_sent_hook_streamlit_serialises_the_figure_through_its_to_dict():
    at = AppTest.from_function(_chart_script).run(timeout=30)
    assert not at.exception
    assert at.session_state["to_dict_calls"] >= 1, (
        "hook SENT: st.plotly_chart no longer calls the figure's to_dict(); Sent figures would "
        "be serialised again on every run"
    )
    [chart] = at.get("plotly_chart")
    spec = json.loads(chart.proto.spec)
    assert spec["data"] == at.session_state["sent"]["data"]
    assert spec["layout"]["title"] == at.session_state["sent"]["layout"]["title"]


def _pages_script():
    import streamlit as st

    from components.web import streamlit_compat

    prototype = st.Page(lambda: None, title="P", url_path="p")
    [copied] = streamlit_compat.copied_pages(lambda: {"p": prototype}).values()
    copied._can_be_called = True  # what st.navigation does to the page it picks
    st.session_state["same"] = copied is prototype
    st.session_state["shape"] = (copied.title, copied.url_path)
    st.session_state["prototype_runnable"] = prototype._can_be_called


def test_pages_hook_a_copied_page_is_marked_runnable_on_its_own():
    at = AppTest.from_function(_pages_script).run(timeout=30)
    assert not at.exception
    assert not at.session_state["same"] and at.session_state["shape"] == ("P", "p")
    assert at.session_state["prototype_runnable"] is False, (
        "hook PAGES: a copied st.Page shares its state with the page it was copied from"
    )


def test_a_sent_figure_is_a_figure_with_its_dict_made_once():
    figure = go.Figure(go.Bar(x=[1], y=["a"]))
    sent = streamlit_compat.Sent(figure)
    assert sent.to_dict() is sent.to_dict()
    assert sent.to_dict()["data"][0]["y"] == ["a"]
