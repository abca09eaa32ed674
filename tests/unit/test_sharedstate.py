"""The presenter's shared state: one view and a growing sequence number, a token made once and
shared, on SQLite (one machine) and on a real Redis server (several)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from components import sharedstate
from tests.conftest import ROOT

pytestmark = pytest.mark.unit


@pytest.fixture(params=["sqlite", "redis"])
def store(request, tmp_path):
    if request.param == "redis":
        url = request.getfixturevalue("redis_url")
        shared = sharedstate.store(url)
        shared._redis.flushdb()
        return shared
    return sharedstate.store(f"sqlite:///{tmp_path / 'state.sqlite3'}")


def test_publish_gives_the_latest_view_with_a_growing_number(store):
    assert sharedstate.latest(store) is None
    one = store.publish("overview", {"year": "2014", "scene": "contest-2014"})
    two = store.publish("comparison", {"year": "2016", "tp": "russia"})
    assert two.seq == one.seq + 1
    last = sharedstate.latest(store)
    assert (last.page, last.params, last.seq) == ("comparison", {"year": "2016", "tp": "russia"}, 2)


def test_the_token_is_made_once_and_shared(store, monkeypatch):
    monkeypatch.delenv(sharedstate.TOKEN_ENV, raising=False)
    token = sharedstate.presenter_token(store)
    assert len(token) >= 16 and sharedstate.presenter_token(store) == token
    assert sharedstate.is_presenter(store, token)
    assert not sharedstate.is_presenter(store, token + "x") and not sharedstate.is_presenter(
        store, ""
    )
    monkeypatch.setenv(sharedstate.TOKEN_ENV, "configured-token")
    assert sharedstate.presenter_token(store) == "configured-token"
    assert not sharedstate.is_presenter(store, token)


def test_every_process_on_the_machine_sees_the_same_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    sharedstate.store(url).publish("timeline", {"event": "moscow-trilateral"})
    code = (
        "from components import sharedstate; "
        f"s = sharedstate.latest(sharedstate.store({url!r})); print(s.page, s.params['event'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.split() == ["timeline", "moscow-trilateral"]


def test_a_damaged_record_is_no_view(tmp_path):
    path = tmp_path / "state.sqlite3"
    shared = sharedstate.store(f"sqlite:///{path}")
    with sqlite3.connect(path) as con:
        con.execute("INSERT INTO kv (key, value) VALUES ('view', '{not json')")
    assert sharedstate.latest(shared) is None
    assert shared.publish("overview", {}).seq == 1


def test_an_unknown_or_unreachable_state_says_why(tmp_path):
    with pytest.raises(sharedstate.StateError, match="not understood"):
        sharedstate.store("mysql://nowhere")
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(sharedstate.StateError, match="cannot open the shared state file"):
        sharedstate.store(f"sqlite:///{tmp_path / 'a-file' / 'state.sqlite3'}")
    unreachable = sharedstate.store("redis://127.0.0.1:1/0")
    with pytest.raises(sharedstate.StateError, match="did not answer"):
        sharedstate.latest(unreachable)


def test_the_cli_prints_both_links(tmp_path):
    env = {"TUGOFWAR_STATE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    run = [sys.executable, "-m", "components", "presenter", "--base-url", "https://seminar.example"]
    first = subprocess.run(run, capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    second = subprocess.run(run, capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    assert first.stdout == second.stdout  # the same token, kept in the shared state
    assert "https://seminar.example/?present=" in first.stdout
    assert "https://seminar.example/?follow=1" in first.stdout
