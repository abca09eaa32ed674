"""The room answers in real browsers: the console asks a scene's value question, a phone and a
laptop that follow see its buttons within seconds (woken, not polling), answer, and see the
room's answers beside the dataset's when the console reveals them; the wall shows the question
instead of the chart, then the answers. One process; screenshots in artifacts/e2e."""

from __future__ import annotations

import time

import pytest

from components.core import shared_state, url_params
from components.core.scenes import answer_labels, load_scenes, question_truth
from components.dataset.load import load_dataset
from components.dataset.models import CodeQuestion
from components.export.serve import free_port, running_app
from tests.conftest import SHIPPED
from tests.e2e.conftest import ARTIFACTS, until
from tests.e2e.test_seminar import PHONE

pytestmark = pytest.mark.e2e
DS = load_dataset(SHIPPED)
SCENE = next(s for s in load_scenes(DS) if isinstance(s.question, CodeQuestion))
LABELS = answer_labels(DS, SCENE.question)


def test_a_value_question_asked_answered_on_a_phone_and_revealed(open_page, tmp_path, browser):
    token = "room-token"
    env = {"TUGOFWAR_STATE_DIR": str(tmp_path), "TUGOFWAR_PRESENTER_TOKEN": token}
    with running_app(free_port(), env=env) as server:
        store = shared_state.store(f"sqlite:///{tmp_path / 'presenter.sqlite3'}")
        store.publish("wall", {url_params.SCENE: SCENE.id})  # the presenter is on the scene
        console = open_page(f"{server.url}/console?{url_params.PRESENT}={token}", (1366, 768))
        phone = open_page(f"{server.url}/?{url_params.FOLLOW}=1", device=PHONE)
        laptop = open_page(f"{server.url}/?{url_params.FOLLOW}=1", (1280, 720))
        wall = open_page(f"{server.url}/wall?scene={SCENE.id}&mode=projector", (1280, 720))

        def text(opened) -> str:  # noqa: ANN001
            return opened.page.get_by_test_id("stMain").inner_text()

        until(lambda: SCENE.title in text(phone) and SCENE.title in text(laptop), "they follow")
        console.page.get_by_role("button", name="Ask the room").click()
        asked = time.monotonic()
        for screen in (phone, laptop):
            screen.page.get_by_role("button", name=LABELS[1]).wait_for(timeout=15_000)
        woken = time.monotonic() - asked
        assert woken < 5, f"the phones showed the question after {woken:.1f} s"
        wall.page.reload()  # the wall here is not paired with the console: it is opened again
        until(lambda: "How strong were" in text(wall), "the wall shows the question")
        assert wall.page.locator(".stPlotlyChart").count() == 0, "the chart gives it away"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        phone.page.screenshot(path=ARTIFACTS / "room-question-phone.png")
        wall.page.screenshot(path=ARTIFACTS / "room-question-wall-1280x720.png")
        phone.page.get_by_role("button", name=LABELS[1]).tap()
        until(lambda: f"Counted: {LABELS[1]}." in text(phone), "the phone's answer counted")
        # a reload is the same screen (its id is in a session cookie): its answer, not a new vote
        phone.page.reload()
        until(lambda: "You can change your answer" in text(phone), "the phone keeps its answer")
        laptop.page.get_by_role("button", name=LABELS[2]).click()
        until(lambda: f"Counted: {LABELS[2]}." in text(laptop), "the laptop's answer counted")
        until(lambda: "2 answers" in text(console), "the console counts two")
        console.page.screenshot(path=ARTIFACTS / "room-console-counts.png")
        console.page.get_by_role("button", name="Reveal answers").click()
        truth = LABELS[question_truth(DS, SCENE.question)]
        for screen in (phone, laptop):
            until(lambda s=screen: "within one point of the dataset" in text(s), "revealed")
            assert "The room's 2 answers" in text(screen) or screen.page.locator(
                ".stPlotlyChart").count() == 1  # fmt: skip
        phone.page.screenshot(path=ARTIFACTS / "room-revealed-phone.png")
        wall.page.reload()
        until(lambda: "within one point of the dataset" in text(wall), "the wall reveals")
        chart = wall.page.locator(".stPlotlyChart")
        until(lambda: chart.count() == 1 and truth in chart.inner_text(), "the wall's chart")
        box = wall.page.locator(".stPlotlyChart").bounding_box()
        assert box["y"] + box["height"] <= 720, "the room's answers run off the wall"
        wall.page.screenshot(path=ARTIFACTS / "room-revealed-wall-1280x720.png")
        # back to the chart, and the presenter points at the third party the question was about
        console.page.get_by_role("button", name="Back to the chart").click()
        until(lambda: "How strong were" not in text(phone), "the phone shows the chart again")
        console.page.get_by_role("combobox", name="Point at").click()
        console.page.get_by_role("option", name="Turkmenistan").click()
        dimmed = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(gd => gd.data)
            .filter(t => Array.isArray(t.marker && t.marker.opacity)).length"""
        for screen in (phone, laptop):
            until(lambda s=screen: s.page.evaluate(dimmed) > 0, "the pointer reaches a follower")
        phone.page.screenshot(path=ARTIFACTS / "room-pointer-phone.png")
        for screen in (console, phone, laptop, wall):
            assert screen.foreign_requests() == []
            assert screen.real_console_errors() == []
