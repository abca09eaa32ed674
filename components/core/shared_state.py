"""The presenter's view, shared by every dashboard process: an SQLite file by default, Redis for
several machines. One setting chooses: TUGOFWAR_STATE_URL = sqlite:///path/file.db or
redis://host:port/db (default: an SQLite file in TUGOFWAR_STATE_DIR, else ~/.local/state/tugofwar).

What is kept: the presenter's token (configured as TUGOFWAR_PRESENTER_TOKEN, or made once and
shared by every process), and the last view the presenter showed, with a sequence number that
grows with every change. No Streamlit here.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

STATE_URL_ENV = "TUGOFWAR_STATE_URL"
STATE_DIR_ENV = "TUGOFWAR_STATE_DIR"
TOKEN_ENV = "TUGOFWAR_PRESENTER_TOKEN"
PREFIX = "tugofwar:"


class StateError(Exception):
    """The shared state cannot be reached; the message says which and why."""


@dataclass(frozen=True)
class Shown:
    """A view the presenter showed: page id, its address parameters, and when."""

    seq: int
    page: str
    params: dict[str, str]
    at: float

    def to_json(self) -> str:
        return json.dumps(
            {"seq": self.seq, "page": self.page, "params": self.params, "at": self.at},
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str | bytes | None) -> Shown | None:
        if not text:
            return None
        try:
            data = json.loads(text)
            params = {str(k): str(v) for k, v in dict(data["params"]).items()}
            return cls(int(data["seq"]), str(data["page"]), params, float(data["at"]))
        except (ValueError, KeyError, TypeError):
            return None  # a damaged record is no view: followers keep theirs


class Store(Protocol):
    url: str

    def get(self, key: str) -> str | None: ...
    def set_if_absent(self, key: str, value: str) -> str: ...
    def put(self, key: str, value: str) -> None: ...
    def scan(self, prefix: str) -> dict[str, str]: ...
    def publish(self, page: str, params: dict[str, str]) -> Shown: ...


# ---------------------------------------------------------------- SQLite (one machine)


class SqliteStore:
    """A key-value table in one SQLite file: every process on this machine shares it."""

    def __init__(self, path: Path):
        self.path = path
        self.url = f"sqlite:///{path}"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as con:
                con.execute("PRAGMA journal_mode=WAL")
                con.execute("CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT)")
        except (OSError, sqlite3.Error) as exc:
            raise StateError(f"cannot open the shared state file {path}: {exc}") from exc

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=5, isolation_level=None)

    def get(self, key: str) -> str | None:
        con = self._connect()
        try:
            row = con.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
        finally:
            con.close()
        return row[0] if row else None

    def set_if_absent(self, key: str, value: str) -> str:
        con = self._connect()
        try:
            con.execute("INSERT OR IGNORE INTO kv (key, value) VALUES (?, ?)", (key, value))
            return con.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()[0]
        finally:
            con.close()

    def put(self, key: str, value: str) -> None:
        con = self._connect()
        try:
            con.execute(
                "INSERT INTO kv (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
        finally:
            con.close()

    def scan(self, prefix: str) -> dict[str, str]:
        con = self._connect()
        try:
            rows = con.execute(
                "SELECT key, value FROM kv WHERE substr(key, 1, ?) = ?", (len(prefix), prefix)
            ).fetchall()
        finally:
            con.close()
        return dict(rows)

    def publish(self, page: str, params: dict[str, str]) -> Shown:
        con = self._connect()
        try:
            con.execute("BEGIN IMMEDIATE")
            row = con.execute("SELECT value FROM kv WHERE key = 'view'").fetchone()
            last = Shown.from_json(row[0]) if row else None
            shown = Shown((last.seq if last else 0) + 1, page, dict(params), time.time())
            con.execute(
                "INSERT INTO kv (key, value) VALUES ('view', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (shown.to_json(),),
            )
            con.execute("COMMIT")
        finally:
            con.close()
        return shown


# ---------------------------------------------------------------- Redis (several machines)


class RedisStore:
    def __init__(self, url: str):
        try:
            import redis
        except ImportError as exc:
            raise StateError(
                f"{STATE_URL_ENV}={url} needs the redis package: pip install 'tugofwar[redis]'"
            ) from exc
        self.url = url
        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._errors = (redis.RedisError,)

    def _call(self, method: str, *args: Any) -> Any:
        try:
            return getattr(self._redis, method)(*args)
        except self._errors as exc:
            raise StateError(f"the shared state at {self.url} did not answer: {exc}") from exc

    def get(self, key: str) -> str | None:
        value = self._call("get", PREFIX + key)
        return value.decode() if isinstance(value, bytes) else value

    def set_if_absent(self, key: str, value: str) -> str:
        self._call("set", PREFIX + key, value, None, None, True)  # NX
        return self.get(key) or value

    def put(self, key: str, value: str) -> None:
        self._call("set", PREFIX + key, value)

    def scan(self, prefix: str) -> dict[str, str]:
        out = {}
        for full in self._call("keys", PREFIX + prefix.replace("*", "\\*") + "*"):
            value = self.get(full.decode().removeprefix(PREFIX))
            if value is not None:
                out[full.decode().removeprefix(PREFIX)] = value
        return out

    def publish(self, page: str, params: dict[str, str]) -> Shown:
        seq = int(self._call("incr", PREFIX + "seq"))
        shown = Shown(seq, page, dict(params), time.time())
        self._call("set", PREFIX + "view", shown.to_json())
        return shown


# ---------------------------------------------------------------- choosing one


def default_url() -> str:
    folder = os.environ.get(STATE_DIR_ENV) or Path.home() / ".local" / "state" / "tugofwar"
    return f"sqlite:///{Path(folder) / 'presenter.sqlite3'}"


_STORES: dict[str, Store] = {}
_LOCK = threading.Lock()


def store(url: str | None = None) -> Store:
    """The shared state named by `url`, else by TUGOFWAR_STATE_URL, else the default file
    (opened once per process)."""
    url = url or os.environ.get(STATE_URL_ENV) or default_url()
    with _LOCK:
        if url not in _STORES:
            _STORES[url] = _open(url)
        return _STORES[url]


def _open(url: str) -> Store:
    if url.startswith("sqlite:///"):
        return SqliteStore(Path(url.removeprefix("sqlite:///")).expanduser())
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStore(url)
    raise StateError(
        f"{STATE_URL_ENV}={url!r} is not understood (use sqlite:///path/file.db or "
        "redis://host:port/0)"
    )


def presenter_token(shared: Store) -> str:
    """The token that makes a browser the presenter: configured, else made once and shared."""
    configured = os.environ.get(TOKEN_ENV, "").strip()
    if configured:
        return configured
    return shared.set_if_absent("token", secrets.token_urlsafe(12))


def is_presenter(shared: Store, offered: str | None) -> bool:
    if not offered:
        return False
    return hmac.compare_digest(offered.encode(), presenter_token(shared).encode())


def latest(shared: Store) -> Shown | None:
    return Shown.from_json(shared.get("view"))


# ---------------------------------------------------------------- the room: who follows


FOLLOWERS = "followers:"  # + a process's name: how many screens follow on it, and when said
FRESH_SECONDS = 15.0  # a process's count older than this is a process gone


def report_followers(shared: Store, process: str, count: int, now: float | None = None) -> None:
    """A process says how many screens follow the presenter on it."""
    at = time.time() if now is None else now
    shared.put(FOLLOWERS + process, json.dumps({"count": int(count), "at": at}))


def followers(shared: Store, now: float | None = None) -> int:
    """How many screens follow the presenter, over every process that has said so lately."""
    now = time.time() if now is None else now
    total = 0
    for text in shared.scan(FOLLOWERS).values():
        try:
            said = json.loads(text)
            if now - float(said["at"]) <= FRESH_SECONDS:
                total += max(int(said["count"]), 0)
        except (ValueError, KeyError, TypeError):
            continue  # a damaged count is no count
    return total


# ---------------------------------------------------------------- a wall joins the presenter

PAIR = "pair:"  # + a code: a wall's one-time way in to presenting
PAIR_SECONDS = 600.0  # a code not used within this is spent


def wall_code(shared: Store, now: float | None = None) -> str:
    """A code the console puts in the wall's link, so that the wall presents too without the
    token in any address: it works once, for PAIR_SECONDS."""
    code = secrets.token_urlsafe(9)
    shared.put(PAIR + code, json.dumps({"at": time.time() if now is None else now}))
    return code


def use_wall_code(shared: Store, code: str | None, now: float | None = None) -> bool:
    """True once for a fresh code the console made; False for anything else, and the second
    time (the first to use it wins, even across processes)."""
    said = _record(shared, PAIR, code)
    try:
        made = float(said["at"])  # type: ignore[index]
    except (KeyError, TypeError, ValueError):
        return False
    if (time.time() if now is None else now) - made > PAIR_SECONDS:
        return False
    mark = secrets.token_hex(8)
    return shared.set_if_absent(PAIR + "used:" + code, mark) == mark


# ---------------------------------------------------------------- stopping, and a wall's reload

EPOCH = "epoch"  # changes when the presenter stops: every screen that presented stops with it
WALL_KEY = "wallkey:"  # + a key: a paired wall's way back in after a reload
WALL_KEY_SECONDS = 12 * 3600.0  # a day's teaching


def epoch(shared: Store) -> str:
    """The presenting generation: screens signed in under another one no longer present."""
    return shared.get(EPOCH) or "0"


def stop_presenting(shared: Store) -> None:
    """The console's Stop presenting: every screen presenting (walls included) stops."""
    shared.put(EPOCH, secrets.token_hex(6))


def wall_key(shared: Store, now: float | None = None) -> str:
    """A key a paired wall keeps in a cookie, so a reload of the wall presents again (in this
    presenting generation, for WALL_KEY_SECONDS)."""
    key = secrets.token_urlsafe(16)
    made = time.time() if now is None else now
    shared.put(WALL_KEY + key, json.dumps({"at": made, "epoch": epoch(shared)}))
    return key


def wall_key_valid(shared: Store, key: str | None, now: float | None = None) -> bool:
    said = _record(shared, WALL_KEY, key)
    try:
        fresh = (time.time() if now is None else now) - float(said["at"]) <= WALL_KEY_SECONDS  # type: ignore[index]
        return fresh and str(said["epoch"]) == epoch(shared)  # type: ignore[index]
    except (KeyError, TypeError, ValueError):
        return False


def _record(shared: Store, prefix: str, name: str | None) -> dict | None:
    """The JSON record kept under prefix + name (a code or key a browser gave: bounded), or
    None when there is none or it is damaged."""
    if not isinstance(name, str) or not name or len(name) > 64:
        return None
    text = shared.get(prefix + name)
    try:
        said = json.loads(text) if text is not None else None
    except ValueError:
        return None
    return said if isinstance(said, dict) else None


# ---------------------------------------------------------------- the presenter's pointer

POINTER = (
    "pointer"  # what the presenter points at on every screen's chart (a third party, an event)
)


def point_at(shared: Store, third_party: str | None) -> None:
    """Emphasise a third party (its id) or an event (event:<id>) on the wall's and every
    follower's chart (None: clear)."""
    shared.put(POINTER, third_party or "")


def pointed_at(shared: Store) -> str | None:
    value = shared.get(POINTER)
    return value if value and len(value) <= 64 else None
