"""A bound on what Streamlit's upload endpoint keeps in memory.

Streamlit accepts a file PUT into any open session, under any new file id, and keeps every file
until the session ends: a script could fill the server's memory through one session, or through
many. server.maxUploadSize bounds one file; this bounds the rest. Each session keeps only its
newest MAX_FILES_PER_SESSION files (the dataset control needs one ZIP or five YAML files), and the
process refuses a file that would take all uploads past MAX_TOTAL_BYTES.

It wraps the `add_file` method of the one upload manager instance the server's routes hold (a
Streamlit internal, reached through streamlit_compat.py's UPLOADS hook); where that is not
there, it says so in the log and leaves Streamlit's behaviour as it is.
"""

from __future__ import annotations

import logging
from typing import Any

from components.web import streamlit_compat

LOGGER = logging.getLogger(__name__)
MAX_FILES_PER_SESSION = 5
MAX_TOTAL_BYTES = 256 * 1024 * 1024
_MARK = "_tugofwar_guarded"


class UploadRefused(Exception):
    """The server holds as many uploaded bytes as it will: try again later."""


def guard(manager: Any) -> bool:
    """Wrap the manager's add_file (once). True when the guard is in place."""
    if getattr(manager, _MARK, False):
        return True
    if not streamlit_compat.manager_is_known(manager):
        LOGGER.warning("upload guard not installed: Streamlit's upload manager has changed")
        return False
    original = manager.add_file

    def add_file(session_id: str, file: Any) -> None:
        held = streamlit_compat.held_bytes(manager)
        if held + len(file.data) > MAX_TOTAL_BYTES:
            raise UploadRefused(
                f"the server holds {held:,} bytes of uploads; refused {len(file.data):,} more"
            )
        original(session_id, file)
        ids = streamlit_compat.session_file_ids(manager, session_id)
        for file_id in ids[:-MAX_FILES_PER_SESSION]:  # the oldest first
            manager.remove_file(session_id, file_id)

    manager.add_file = add_file
    setattr(manager, _MARK, True)
    return True


def install() -> bool:
    """Guard the running server's upload manager (from a script run; cheap after the first)."""
    try:
        manager = streamlit_compat.upload_manager()
    except streamlit_compat.Moved:
        LOGGER.warning("upload guard not installed: no Streamlit runtime to guard")
        return False
    return manager is not None and guard(manager)
