"""Every use of Streamlit's internals, in one place, each named and tested.

Streamlit's public API does not offer what these do, so each reaches past it; requirements pin
Streamlit below its next minor release, and tests/unit/test_streamlit_compat.py checks each
hook by name against the installed version, so an upgrade that moves one fails loudly there
(and names it), not in a seminar. Each hook says what it relies on and what the app does
without it.

- RERUN: rerun another session's fragment (follow mode wakes a follower's screen). Relies on
  Runtime's session manager, AppSession's client state, event loop, has_fragment and
  request_rerun, and the running fragment's id. Without it followers look every second.
- UPLOADS: the server's upload manager (its lock, byte count and per-session files), which
  upload_limit.py bounds. Without it Streamlit's own behaviour stays (no bound but
  server.maxUploadSize).
- SENT: st.plotly_chart serialises a figure by calling its to_dict(); a Sent figure makes that
  dict once and shares it. Without it (a release that serialises otherwise) charts would be
  serialised through plotly again: correct, slower.
- PAGES: an st.Page copied with copy.copy is an independent page for st.navigation (which
  marks the page it picks as runnable), so a run need not build its pages from scripts again.
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

LOGGER = logging.getLogger(__name__)

# The names each hook reaches for, as (module, attribute path): the compatibility test checks
# every one against the installed Streamlit.
HOOKS: dict[str, tuple[tuple[str, str], ...]] = {
    "RERUN": (
        ("streamlit.runtime", "Runtime.instance"),
        ("streamlit.runtime.app_session", "AppSession.request_rerun"),
        ("streamlit.runtime.app_session", "AppSession.has_fragment"),
        ("streamlit.proto.ClientState_pb2", "ClientState"),
        ("streamlit.runtime.scriptrunner_utils.script_run_context", "ThreadState"),
        ("streamlit.runtime.scriptrunner", "get_script_run_ctx"),
        ("streamlit.runtime.session_manager", "SessionManager.get_active_session_info"),
    ),
    "UPLOADS": (
        ("streamlit.runtime", "Runtime.instance"),
        ("streamlit.runtime.memory_uploaded_file_manager", "MemoryUploadedFileManager.add_file"),
        ("streamlit.runtime.memory_uploaded_file_manager", "MemoryUploadedFileManager.remove_file"),
    ),
    "SENT": (("streamlit.elements.plotly_chart", "PlotlyMixin.plotly_chart"),),
    "PAGES": (("streamlit.navigation.page", "StreamlitPage"),),
}
# What an upload manager instance must have for the bound to wrap it.
UPLOAD_MANAGER_NEEDS = ("add_file", "remove_file", "file_storage", "_lock", "_total_bytes")


# ---------------------------------------------------------------- RERUN: waking a follower


def fragment_id() -> str | None:
    """The id of the fragment running now, or None (outside one, or internals moved)."""
    try:
        from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState

        return ThreadState.get().fragment_id
    except (ImportError, AttributeError, RuntimeError):  # RuntimeError: not in a script run
        return None


def session_id() -> str | None:
    """The id of the session whose script is running on this thread, or None."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else None


def rerun_available() -> bool:
    """Whether rerun_fragment can work on the installed Streamlit."""
    try:
        from streamlit.proto.ClientState_pb2 import ClientState  # noqa: F401
        from streamlit.runtime import Runtime
        from streamlit.runtime.app_session import AppSession
        from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState  # noqa: F401
    except ImportError:
        return False
    return (
        hasattr(Runtime, "instance")
        and hasattr(AppSession, "request_rerun")
        and hasattr(AppSession, "has_fragment")
    )


def session_alive(session: str) -> bool:
    """Whether a session of this process still has a browser connected (True when the
    internals have moved: then a session is dropped only when waking it fails)."""
    try:
        from streamlit.runtime import Runtime

        return Runtime.instance()._session_mgr.get_active_session_info(session) is not None
    except Exception:  # no runtime (a test run), or the internals moved
        return True


def rerun_fragment(session: str, fragment: str) -> bool:
    """Ask a session (of this process) to rerun one of its fragments, as its own browser would;
    False when the session or its fragment is gone, or the internals have moved."""
    try:
        from streamlit.proto.ClientState_pb2 import ClientState
        from streamlit.runtime import Runtime

        info = Runtime.instance()._session_mgr.get_active_session_info(session)
        if info is None:
            return False
        app_session = info.session
        if not app_session.has_fragment(fragment):
            return False
        state = ClientState()
        state.CopyFrom(app_session._client_state)
        state.fragment_id = fragment
        state.is_auto_rerun = True
        app_session._event_loop.call_soon_threadsafe(app_session.request_rerun, state)
        return True
    except Exception:  # internals moved or the session closed: stop waking it
        LOGGER.warning("follow mode: could not wake session %s", session)
        return False


# ---------------------------------------------------------------- UPLOADS: the upload manager


class Moved(Exception):
    """A hook's internals are not where this module looks for them."""


def upload_manager() -> Any | None:
    """The running server's upload manager, or None outside a server (a test's AppTest);
    Moved when the internals are not where they were."""
    try:
        from streamlit.runtime import Runtime

        if not Runtime.exists():
            return None
        return Runtime.instance().uploaded_file_mgr
    except (ImportError, AttributeError, RuntimeError) as exc:
        raise Moved(f"Streamlit's upload manager: {exc}") from exc


def manager_is_known(manager: Any) -> bool:
    """Whether the manager has every part the upload bound uses."""
    return all(hasattr(manager, name) for name in UPLOAD_MANAGER_NEEDS)


def held_bytes(manager: Any) -> int:
    """How many uploaded bytes the manager holds for all sessions."""
    with manager._lock:
        return manager._total_bytes


def session_file_ids(manager: Any, session: str) -> list[str]:
    """The ids of a session's uploaded files, the oldest first."""
    with manager._lock:
        return list(manager.file_storage.get(session, {}))


# ---------------------------------------------------------------- SENT: a figure's dict once


class Sent(go.Figure):
    """A read-only copy of a figure whose dict (what st.plotly_chart serialises) is made once.

    Streamlit only reads the dict it gets (plotly.io.to_json pops each trace's "uid", which is
    removed here first, so that is a no-op and sessions can share the dict); nothing else is
    handed a Sent figure. Never change one: its dict would no longer match.

    The dict is the figure's own JSON read back: plain JSON values only (dates as the strings
    plotly writes, arrays as lists or plotly's typed arrays), so each run's to_json is a plain
    encoding, not plotly's encoder converting dates and arrays again (half of its time)."""

    def __init__(self, figure: go.Figure) -> None:
        # from a plain dict: go.Figure(figure) would reorder the shared view's own JSON
        super().__init__(figure.to_dict())
        # to_json drops the traces' uids (from this copy of the dict)
        self._sent = json.loads(pio.to_json(super().to_dict(), validate=False))

    def to_dict(self) -> dict:
        return self._sent

    def __reduce__(self) -> tuple:
        # a copy or a pickle is a plain figure from a copy of the dict: plotly's own __reduce__
        # would write into the shared dict
        return go.Figure, (copy.deepcopy(self._sent),)


# ---------------------------------------------------------------- PAGES: st.Page copies


def copied_pages(prototypes: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """This run's own copies of st.Page objects built once per process (`prototypes` is a
    cached function that builds them)."""
    return {page_id: copy.copy(page) for page_id, page in prototypes().items()}
