"""The datasets visitors upload: held by this process by content (the most recently used first,
bounded in count and bytes), and the session's own, which its runs put back if it was let go.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from components.dataset.files import DataFiles

UPLOAD = "upload:"  # a data key's origin for a session's uploaded dataset: UPLOAD + its digest
SESSION_UPLOAD = "_tow_upload"  # the session's uploaded dataset (files.DataFiles), if any


class _Uploads:
    """The uploaded datasets this process holds, by digest: the most recently used first, at
    most MAX_ENTRIES and MAX_BYTES of them (each session also keeps its own, and puts it back
    on its next run if it was let go)."""

    MAX_ENTRIES = 32
    MAX_BYTES = 96 * 1024 * 1024

    def __init__(self) -> None:
        self._held: OrderedDict[str, DataFiles] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, source: DataFiles) -> str:
        digest = source.digest
        with self._lock:
            self._held[digest] = source
            self._held.move_to_end(digest)
            while len(self._held) > self.MAX_ENTRIES or (
                len(self._held) > 1 and self._size() > self.MAX_BYTES
            ):
                self._held.popitem(last=False)
        return digest

    def get(self, digest: str) -> DataFiles | None:
        with self._lock:
            return self._held.get(digest)

    def _size(self) -> int:
        return sum(len(b) for s in self._held.values() for b in s.files.values())


UPLOADS = _Uploads()
