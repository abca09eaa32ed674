"""A room of twenty answers on two processes behind nginx, sharing SQLite (one machine) and a
real Redis (several): the console asks a value question and a choice, twenty followers (eight of
them phones with touch) answer on both processes, the wall's count equals the answers sent
within 2 s of the last, the reveal reaches every follower, and the console's CSV has twenty rows
a question. The room's alpha on the wall against krippendorff.alpha is checked in
tests/app/test_room_pages.py (the same code, without twenty browsers)."""

from __future__ import annotations

import csv
import io
import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from components.core import answers, shared_state, url_params
from components.core.scenes import answer_labels, load_scenes
from components.dataset.load import load_dataset
from components.dataset.models import CodeQuestion
from tests.conftest import SHIPPED
from tests.e2e.conftest import until
from tests.e2e.test_seminar import PHONE, cookies_on_both

pytestmark = [pytest.mark.e2e, pytest.mark.timing]
DS = load_dataset(SHIPPED)
ASKED = [s for s in load_scenes(DS) if s.question is not None]
CODE = next(s for s in ASKED if isinstance(s.question, CodeQuestion))
CHOICE = next(s for s in ASKED if not isinstance(s.question, CodeQuestion))
ROOM = 20


# Each shared store runs one whole two-process seminar: SQLite here (the default, and the one
# whose locking twenty concurrent answers test), Redis in test_seminar.py's whole seminar; both
# stores run every shared-state operation in tests/unit/test_sharedstate.py. (Each test on
# both stores took 3.8 minutes of the suite's wall-clock time.)
@pytest.mark.parametrize("kind", ["sqlite"])
def test_twenty_screens_on_two_processes_answer_and_see_the_room(
    chromium, two_processes, kind, tmp_path, request
):
    if kind == "redis":
        store = shared_state.store(request.getfixturevalue("redis_url"))
        store._redis.flushdb()
    url, token = two_processes(kind)
    if kind == "sqlite":  # the file two_processes gives both processes
        store = shared_state.store(f"sqlite:///{tmp_path / 'presenter.sqlite3'}")
    seats = cookies_on_both(url, ROOM + 2)
    contexts = []

    def browser(cookie: str, address: str, **options):  # noqa: ANN202
        options.setdefault("viewport", {"width": 1024, "height": 700})
        context = chromium.new_context(**options)
        contexts.append(context)
        context.add_cookies([{"name": "tow_affinity", "value": cookie, "url": url}])
        page = context.new_page()
        page.goto(address)
        return page

    def text(page) -> str:  # noqa: ANN001
        return page.get_by_test_id("stMain").inner_text()

    try:
        store.publish("wall", {url_params.SCENE: CODE.id})
        console = browser(seats[0][0], f"{url}/console?{url_params.PRESENT}={token}",
                          viewport={"width": 1366, "height": 900})  # fmt: skip
        wall = browser(seats[1][0], f"{url}/wall?scene={CODE.id}&mode=projector",
                       viewport={"width": 1280, "height": 720})  # fmt: skip
        room = [browser(cookie, f"{url}/?{url_params.FOLLOW}=1", **(PHONE if i < 8 else {}))
                for i, (cookie, _) in enumerate(seats[2:])]  # fmt: skip
        assert len({backend for _, backend in seats[2:]}) == 2  # the room is on both processes
        until(lambda: "Presenting" in text(console), "the console presents")
        sent: dict[str, dict[int, int]] = {}
        for number, scene in enumerate([CODE, CHOICE]):
            if number:
                store.publish("wall", {url_params.SCENE: scene.id})
                wall.goto(f"{url}/wall?scene={scene.id}&mode=projector")
            until(lambda s=scene: s.title in text(console) and "Ask the room" in text(console),
                  f"the console on {scene.id}")  # fmt: skip
            console.get_by_role("button", name="Ask the room").click()
            wall.reload()  # a wall not paired with this console: opened again
            labels = answer_labels(DS, scene.question)
            values = list(labels)
            given = {i: values[(i * 7 + number) % len(values)] for i in range(ROOM)}
            for i, page in enumerate(room):
                button = page.get_by_role("button", name=labels[given[i]], exact=True)
                button.wait_for(timeout=30_000)
                (button.tap if i < 8 else button.click)()
            for i, page in enumerate(room):
                said = f"Counted: {labels[given[i]]}."
                until(lambda p=page, said=said: said in text(p), f"follower {i} counted")
            last = max(a.at for a in answers.answers(store, scene.id))
            until(lambda: f"{ROOM} answers" in text(wall), f"the wall counts {ROOM}")
            assert time.time() - last <= 2.0, "the wall's count came later than 2 s"
            assert sorted(a.value for a in answers.answers(store, scene.id)) == sorted(
                given.values()
            )  # fmt: skip
            sent[scene.id] = given
            try:
                console.get_by_role("button", name="Reveal answers").click()
            except PlaywrightTimeout as exc:  # what the console showed, to tell why
                raise AssertionError(f"the console offered no Reveal answers; it showed: "
                                     f"{text(console)[:800]!r}") from exc  # fmt: skip
            for i, page in enumerate(room):
                until(lambda p=page: f"The room's {ROOM} answers" in text(p),
                      f"follower {i} sees the room's answers")  # fmt: skip
        # the console's CSV: one row an answer
        console.get_by_text("Links for the wall and the room").wait_for()
        with console.expect_download() as download:
            console.get_by_role("button", name="The room's answers (CSV)").click()
        rows = list(csv.DictReader(io.StringIO(download.value.path().read_text("utf-8-sig"))))
        for scene in (CODE, CHOICE):
            assert sum(r["scene"] == scene.id for r in rows) == ROOM
    finally:
        for context in contexts:
            context.close()
