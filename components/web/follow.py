"""Wakes follower screens when the presenter moves, without a timer in any browser.

A browser timer (a fragment with run_every) costs the server a script run per follower per tick,
idle or not, and its reruns can cross a page switch on the way. Instead, one thread per process
looks at the shared state twenty times a second (a read of one small record), and at once when
the presenter on this process publishes; when the presenter's view has a new sequence number, it
asks each of this process's follower sessions to rerun its follow fragment, which then opens the
presenter's view. An idle follower costs nothing.

Streamlit has no public way to rerun another session: streamlit_compat.py does it (its RERUN
hook). `available()` says whether it can; where it cannot (another Streamlit version),
followers fall back to a fragment that looks every second (seminar.py).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from dataclasses import dataclass

from components.core import shared_state
from components.web import streamlit_compat

LOGGER = logging.getLogger(__name__)
LOOK_EVERY = 0.05  # seconds between looks at the shared state, per process


@dataclass(frozen=True)
class Follower:
    session_id: str
    fragment_id: str
    store_url: str
    room: bool = True  # a screen of the room (counted), not a presenting wall


REPORT_EVERY = 2.0  # seconds between this process's counts of its followers
PROCESS = f"{socket.gethostname()}:{os.getpid()}"  # this process, among those sharing a state
MODE_ENV = "TUGOFWAR_FOLLOW"  # "poll": followers look every second instead (for comparison)


def available() -> bool:
    if os.environ.get(MODE_ENV, "").strip().lower() == "poll":
        return False
    return streamlit_compat.rerun_available()


class Waker:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._followers: dict[str, Follower] = {}
        self._seen: dict[str, int | None] = {}
        self._thread: threading.Thread | None = None
        self._moved = threading.Event()

    def add(self, follower: Follower, seq: int | None) -> None:
        with self._lock:
            self._followers[follower.session_id] = follower
            self._seen.setdefault(follower.store_url, seq)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._watch, name="tugofwar-follow", daemon=True
                )
                self._thread.start()

    def discard(self, session: str | None) -> None:
        with self._lock:
            self._followers.pop(session or "", None)

    def notify(self) -> None:
        """The presenter on this process has just published: look now, not at the next tick."""
        self._moved.set()

    def count(self) -> int:
        with self._lock:
            return len(self._followers)

    def report(self) -> None:
        """Tell each shared state this process follows how many screens follow here (the
        console and the join screen add the processes up), leaving out closed browsers."""
        with self._lock:
            gone = [s for s in self._followers if not streamlit_compat.session_alive(s)]
            for session in gone:
                self._followers.pop(session, None)
            counts = dict.fromkeys(self._seen, 0)
            for follower in self._followers.values():
                counts[follower.store_url] = counts.get(follower.store_url, 0) + follower.room
        for url, count in counts.items():
            try:
                shared_state.report_followers(shared_state.store(url), PROCESS, count)
            except shared_state.StateError as exc:
                LOGGER.warning("follow mode: %s", exc)

    def _watch(self) -> None:
        reported = 0.0
        while True:
            self._moved.wait(LOOK_EVERY)
            self._moved.clear()
            if time.monotonic() - reported >= REPORT_EVERY:
                reported = time.monotonic()
                self.report()
            with self._lock:
                urls = {f.store_url for f in self._followers.values()}
            for url in urls:
                try:
                    shown = shared_state.latest(shared_state.store(url))
                except shared_state.StateError as exc:
                    LOGGER.warning("follow mode: %s", exc)
                    continue
                seq = shown.seq if shown else None
                with self._lock:
                    if self._seen.get(url) == seq:
                        continue
                    self._seen[url] = seq
                    waking = [f for f in self._followers.values() if f.store_url == url]
                for follower in waking:
                    if not self._wake(follower):
                        self.discard(follower.session_id)

    def _wake(self, follower: Follower) -> bool:
        """Ask one session to rerun its follow fragment; False when the session is gone."""
        return streamlit_compat.rerun_fragment(follower.session_id, follower.fragment_id)


WAKER = Waker()
