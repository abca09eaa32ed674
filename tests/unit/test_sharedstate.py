"""The presenter's shared state: one view and a growing sequence number, a token made once and
shared, on SQLite (one machine) and on a real Redis server (several)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from components.core import shared_state
from tests.conftest import ROOT

pytestmark = pytest.mark.unit


@pytest.fixture(params=["sqlite", "redis"])
def store(request, tmp_path):
    if request.param == "redis":
        url = request.getfixturevalue("redis_url")
        shared = shared_state.store(url)
        shared._redis.flushdb()
        return shared
    return shared_state.store(f"sqlite:///{tmp_path / 'state.sqlite3'}")


def test_publish_gives_the_latest_view_with_a_growing_number(store):
    assert shared_state.latest(store) is None
    one = store.publish("overview", {"year": "2014", "scene": "contest-2014"})
    two = store.publish("comparison", {"year": "2016", "tp": "russia"})
    assert two.seq == one.seq + 1
    last = shared_state.latest(store)
    assert (last.page, last.params, last.seq) == ("comparison", {"year": "2016", "tp": "russia"}, 2)


def test_the_token_is_made_once_and_shared(store, monkeypatch):
    monkeypatch.delenv(shared_state.TOKEN_ENV, raising=False)
    token = shared_state.presenter_token(store)
    assert len(token) >= 16 and shared_state.presenter_token(store) == token
    assert shared_state.is_presenter(store, token)
    assert not shared_state.is_presenter(store, token + "x") and not shared_state.is_presenter(
        store, ""
    )
    monkeypatch.setenv(shared_state.TOKEN_ENV, "configured-token")
    assert shared_state.presenter_token(store) == "configured-token"
    assert not shared_state.is_presenter(store, token)


def test_every_process_on_the_machine_sees_the_same_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    shared_state.store(url).publish("timeline", {"event": "moscow-trilateral"})
    code = (
        "from components.core import shared_state; "
        f"s = shared_state.latest(shared_state.store({url!r})); print(s.page, s.params['event'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.split() == ["timeline", "moscow-trilateral"]


def test_a_damaged_record_is_no_view(tmp_path):
    path = tmp_path / "state.sqlite3"
    shared = shared_state.store(f"sqlite:///{path}")
    with sqlite3.connect(path) as con:
        con.execute("INSERT INTO kv (key, value) VALUES ('view', '{not json')")
    assert shared_state.latest(shared) is None
    assert shared.publish("overview", {}).seq == 1


def test_an_unknown_or_unreachable_state_says_why(tmp_path):
    with pytest.raises(shared_state.StateError, match="not understood"):
        shared_state.store("mysql://nowhere")
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(shared_state.StateError, match="cannot open the shared state file"):
        shared_state.store(f"sqlite:///{tmp_path / 'a-file' / 'state.sqlite3'}")
    unreachable = shared_state.store("redis://127.0.0.1:1/0")
    with pytest.raises(shared_state.StateError, match="did not answer"):
        shared_state.latest(unreachable)


def test_the_cli_prints_the_console_the_join_screen_and_the_follow_link(tmp_path):
    env = {"TUGOFWAR_STATE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    run = [sys.executable, "-m", "components", "presenter", "--base-url", "https://seminar.example"]
    first = subprocess.run(run, capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    second = subprocess.run(run, capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    assert first.stdout == second.stdout  # the same token, kept in the shared state
    assert "https://seminar.example/console?present=" in first.stdout
    assert "https://seminar.example/join?mode=projector" in first.stdout
    assert "https://seminar.example/?follow=1" in first.stdout


def test_the_room_is_counted_over_every_process_that_said_so_lately(store):
    assert shared_state.followers(store) == 0
    shared_state.report_followers(store, "host:1", 3, now=1000.0)
    shared_state.report_followers(store, "host:2", 2, now=1000.0)
    assert shared_state.followers(store, now=1005.0) == 5
    shared_state.report_followers(store, "host:1", 1, now=1010.0)  # a count replaces the last
    assert shared_state.followers(store, now=1012.0) == 3
    # a process that stopped saying is gone; a damaged count is none
    assert shared_state.followers(store, now=1010.0 + shared_state.FRESH_SECONDS + 1) == 0
    store.put(shared_state.FOLLOWERS + "host:3", "{not json")
    assert shared_state.followers(store, now=1012.0) == 3
    assert set(store.scan(shared_state.FOLLOWERS)) == {
        "followers:host:1", "followers:host:2", "followers:host:3"
    }  # fmt: skip


def test_a_wall_code_works_once_and_not_after_its_time(store):
    code = shared_state.wall_code(store, now=1000.0)
    assert not shared_state.use_wall_code(store, code, now=1000.0 + 601)  # too late
    fresh = shared_state.wall_code(store, now=2000.0)
    assert shared_state.use_wall_code(store, fresh, now=2001.0)
    assert not shared_state.use_wall_code(store, fresh, now=2002.0)  # once
    assert not shared_state.use_wall_code(store, "made-up", now=2001.0)
    assert not shared_state.use_wall_code(store, None)


def test_a_process_reports_the_screens_of_the_room_and_not_a_presenting_wall(tmp_path):
    from components.web import follow

    url = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    waker = follow.Waker()
    waker.add(follow.Follower("phone", "f1", url), None)
    waker.add(follow.Follower("laptop", "f2", url), None)
    waker.add(follow.Follower("wall", "f3", url, room=False), None)
    waker.report()
    assert shared_state.followers(shared_state.store(url)) == 2
    waker.discard("laptop")
    waker.report()  # a count replaces this process's last
    assert shared_state.followers(shared_state.store(url)) == 1


def test_a_wall_key_lets_a_reloaded_wall_back_in_until_the_presenter_stops(store):
    key = shared_state.wall_key(store, now=1000.0)
    assert shared_state.wall_key_valid(store, key, now=1000.0 + 3600)
    assert not shared_state.wall_key_valid(store, key, now=1000.0 + 13 * 3600)  # a day later
    assert not shared_state.wall_key_valid(store, "made-up", now=1001.0)
    before = shared_state.epoch(store)
    shared_state.stop_presenting(store)
    assert shared_state.epoch(store) != before
    assert not shared_state.wall_key_valid(store, key, now=1001.0)  # stopping ends it
    assert shared_state.wall_key_valid(store, shared_state.wall_key(store, now=2000.0), now=2001.0)
