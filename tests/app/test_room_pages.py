"""The room answers a scene's question, through the pages: the console opens it, the wall shows
the question instead of the chart (which could give the answer away), each follower's screen
shows one button per answer and says what was counted, a late or forged answer is refused, and
the reveal shows the room's answers beside the dataset's value on the wall and on the phones."""

from __future__ import annotations

import html
import json

import pytest
from streamlit.testing.v1 import AppTest

from components.core import answers, shared_state, url_params
from components.core.scenes import answer_labels, load_scenes, question_truth
from components.dataset.load import load_dataset
from components.dataset.models import CodeQuestion
from components.web import room as web_room
from tests.app.conftest import open_route
from tests.conftest import SHIPPED

pytestmark = pytest.mark.app
DS = load_dataset(SHIPPED)
SCENES = load_scenes(DS)
VALUE_SCENE = next(s for s in SCENES if isinstance(s.question, CodeQuestion))


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("TUGOFWAR_STATE_DIR", str(tmp_path))
    monkeypatch.setenv("TUGOFWAR_PRESENTER_TOKEN", "secret-token")
    return shared_state.store()


def text(at: AppTest) -> str:
    return html.unescape("\n".join(e.value for e in [*at.markdown, *at.subheader, *at.caption]))


def test_the_shipped_scenes_ask_the_room_at_least_three_questions_the_article_grounds():
    asked = [s for s in SCENES if s.question is not None]
    assert len(asked) >= 3
    assert sum(isinstance(s.question, CodeQuestion) for s in asked) >= 2  # the room's alpha
    from components.analysis.quotes import check_quotes, iter_quotes, source_text

    passages = [q for q in iter_quotes(DS) if q.file == "scenes.yaml"]
    assert passages and check_quotes(DS, source_text(DS)) == []


def test_a_value_question_from_the_console_to_the_phones_and_back_to_the_wall(store):
    scene, question = VALUE_SCENE, VALUE_SCENE.question
    labels = answer_labels(DS, question)
    console = open_route("console", **{url_params.PRESENT: "secret-token"})
    store.publish("wall", {url_params.SCENE: scene.id})
    console.run()
    wall = open_route("wall", scene=scene.id, mode="projector")
    assert wall.get("plotly_chart")  # not asked yet: the scene's chart
    phone = open_route("wall", scene=scene.id, follow="1")
    assert not [b for b in phone.button if str(b.key).startswith("room_answer_")]
    # the console asks the room: the wall shows the question and no chart, the phone buttons
    console.button(key="console_question_open").click().run()
    assert not console.exception and answers.state(store, scene.id).status == "open"
    assert json.loads(store.get("view"))["params"][url_params.ASKED] == "open.0."  # no pointer
    wall.run()
    assert not wall.exception and not wall.get("plotly_chart")
    assert "How strong were the Taliban's ties with" in text(wall)
    assert all(label in text(wall) for label in labels.values())
    phone.run()
    buttons = {
        b.key: html.unescape(b.label) for b in phone.button if str(b.key).startswith("room_")
    }
    assert list(buttons.values()) == list(labels.values())
    phone.button(key="room_answer_1").click().run()
    assert "Counted: +1 Contact." in html.unescape(" ".join(s.value for s in phone.success))
    assert [a.value for a in answers.answers(store, scene.id)] == [1]
    # another phone, and a forged answer that changes nothing
    other = open_route("wall", scene=scene.id, follow="1")
    other.button(key="room_answer_3").click().run()
    with pytest.raises(answers.Refused):
        answers.parse(question, [lv.value for lv in DS.meta.scale.levels], "7")
    assert sorted(a.value for a in answers.answers(store, scene.id)) == [1, 3]
    # the console's CSV of the answers (for the scene deck's --answers), now that there are some
    console.run()
    [csv_button] = [b for b in console.get("download_button") if "answers" in b.proto.label]
    assert not csv_button.proto.disabled
    # closed: a late answer is refused and said
    console.button(key="console_question_closed").click().run()
    assert answers.state(store, scene.id).status == "closed"
    other.run()
    assert "Answers are closed" in html.unescape(" ".join(i.value for i in other.info))
    with pytest.raises(answers.Refused, match="closed"):
        answers.answer(store, scene.id, "screen-late-aaaa", 2)
    # revealed: the room's answers beside the dataset's, on the wall and the phones
    console.button(key="console_question_revealed").click().run()
    truth = question_truth(DS, question)
    for screen in (wall.run(), phone.run()):
        assert not screen.exception
        [chart] = [c for c in screen.get("plotly_chart") if c.key == "room_chart"] or [None]
        assert chart is not None
        figure = json.loads(chart.proto.spec)
        assert sorted(figure["data"][0]["x"], reverse=True)[:2] == [1, 1]
        assert sum(x for x in figure["data"][0]["x"]) == 2  # every answer counted once
        assert f"The dataset: {labels[truth]}" in figure["data"][1]["name"]
        assert f"The room's 2 answers: 50% within one point of the dataset's {labels[truth]}" in (
            text(screen).replace("**", "")
        )  # fmt: skip
        assert "No alpha yet" in text(screen)  # two screens, one value question
    # back to the chart: a new round, nothing shown
    console.button(key="console_question_idle").click().run()
    assert answers.state(store, scene.id) == answers.State("idle", 1)
    wall.run()
    assert [c for c in wall.get("plotly_chart") if c.key != "room_chart"]


def test_the_room_has_no_name_and_a_screen_id_per_session():
    def script() -> None:
        from components.web import room

        room.screen_id()

    first = AppTest.from_function(script).run()
    second = AppTest.from_function(script).run()
    one, two = first.session_state[web_room.SCREEN], second.session_state[web_room.SCREEN]
    assert one != two and len(one) >= 16


def test_the_presenter_points_at_a_third_party_on_every_screen_until_cleared(store):
    scene = next(s for s in SCENES if s.id == "contest-2016")
    store.publish("wall", {url_params.SCENE: scene.id})
    console = open_route("console", **{url_params.PRESENT: "secret-token"})
    [pointer] = [s for s in console.selectbox if s.key == f"console_pointer_{scene.id}"]
    assert pointer.value == ""  # nobody
    pointer.set_value("russia").run()
    assert shared_state.pointed_at(store) == "russia"
    assert json.loads(store.get("view"))["params"][url_params.ASKED].endswith(".russia")

    def opacities(screen: AppTest) -> dict[str, float]:
        [chart] = screen.get("plotly_chart")
        out = {}
        for trace in json.loads(chart.proto.spec)["data"]:
            ids = trace.get("customdata") or []
            shown = (trace.get("marker") or {}).get("opacity") or []
            for data, opacity in zip(ids, shown, strict=False):
                out[str(data[-1] if isinstance(data, list) else data).split(".")[0]] = opacity
        return out

    for screen in (open_route("wall", scene=scene.id, mode="projector"),
                   open_route("wall", scene=scene.id, follow="1")):  # fmt: skip
        assert not screen.exception
        seen = opacities(screen)
        assert seen["russia"] == 1 and seen["usa"] < 1 and seen["pakistan"] < 1
    [pointer] = [s for s in console.selectbox if s.key == f"console_pointer_{scene.id}"]
    pointer.set_value("").run()
    assert shared_state.pointed_at(store) is None
    assert opacities(open_route("wall", scene=scene.id, mode="projector")) == {}


def test_the_walls_alpha_is_krippendorffs_over_the_revealed_value_questions(store):
    import krippendorff
    import numpy as np

    codes = [s for s in SCENES if isinstance(s.question, CodeQuestion)][:2]
    levels = [lv.value for lv in DS.meta.scale.levels]
    screens = [f"screen-{i:08d}" for i in range(6)]
    given = {s.id: {sc: levels[(i * 5 + k) % len(levels)] for i, sc in enumerate(screens)}
             for k, s in enumerate(codes)}  # fmt: skip
    for k, scene in enumerate(codes):
        answers.open_question(store, scene.id)
        for screen, value in given[scene.id].items():
            answers.answer(store, scene.id, screen, value, now=100.0 + 10 * k)
        answers.reveal(store, scene.id)
    table = [[question_truth(DS, s.question) for s in codes]]
    table += [[given[s.id][sc] for s in codes] for sc in screens]
    expected = krippendorff.alpha(reliability_data=np.array(table, dtype=float),
                                  level_of_measurement="ordinal", value_domain=levels)  # fmt: skip
    wall = open_route("wall", scene=codes[1].id, mode="projector")
    assert not wall.exception
    assert f"ordinal alpha {expected:.2f} over 2 value questions, 6 screens" in text(wall)


def test_the_presenter_points_at_an_event_on_the_timeline(store):
    scene = next(s for s in SCENES if s.page == "timeline")
    store.publish("wall", {url_params.SCENE: scene.id})
    console = open_route("console", **{url_params.PRESENT: "secret-token"})
    [pointer] = [s for s in console.selectbox if s.key == f"console_pointer_{scene.id}"]
    assert any(html.unescape(o).startswith("Event: ") for o in pointer.options)
    from components.core.scenes import scene_chart, scene_state
    from components.figures.pointer import targets_in
    from components.figures.views import view_chart

    figure = view_chart(scene_state(DS, scene), DS, scene_chart(scene)).figure
    event = next(t for t in targets_in(figure) if t.startswith("event:"))
    pointer.set_value(event).run()
    pointed_at = shared_state.pointed_at(store)
    assert pointed_at == event
    wall = open_route("wall", scene=scene.id, mode="projector")
    [chart] = wall.get("plotly_chart")
    lit = [d[0] for t in json.loads(chart.proto.spec)["data"]
           for d, o in zip(t.get("customdata") or [], (t.get("marker") or {}).get("opacity")
                           or [], strict=False) if o == 1]  # fmt: skip
    assert lit and set(lit) == {pointed_at.removeprefix("event:")}


def test_a_room_that_loses_the_store_is_told_answers_are_paused_and_loses_nothing(
    store, monkeypatch
):
    scene = VALUE_SCENE
    answers.open_question(store, scene.id)
    answers.answer(store, scene.id, "screen-counted-1", 2, now=100.0)
    phone = open_route("wall", scene=scene.id, follow="1")
    assert phone.button(key="room_answer_1")

    def lost(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - the store stops answering
        raise shared_state.StateError("the shared state did not answer")

    monkeypatch.setattr(type(store), "put", lost)
    phone.button(key="room_answer_1").click().run()
    said = html.unescape(" ".join(e.value for e in phone.error))
    assert "Answers are paused" in said
    monkeypatch.undo()
    assert [(a.screen, a.value) for a in answers.answers(store, scene.id)] == [
        ("screen-counted-1", 2)
    ]  # the answer counted before is still counted, and the one refused was not


def test_another_case_asks_its_own_question_and_says_nothing_of_this_one(store, monkeypatch):
    from tests.app.test_other_case import CASE_WORDS
    from tests.conftest import FIXTURES

    rivals = FIXTURES / "rivals"
    monkeypatch.setenv("TUGOFWAR_DATA", str(rivals))
    other = load_dataset(rivals)
    scene = next(s for s in load_scenes(other) if isinstance(s.question, CodeQuestion))
    labels = answer_labels(other, scene.question)
    store.publish("wall", {url_params.SCENE: scene.id})
    console = open_route("console", **{url_params.PRESENT: "secret-token"})
    console.button(key="console_question_open").click().run()
    phone = open_route("wall", scene=scene.id, follow="1")
    value = list(labels)[0]
    phone.button(key=f"room_answer_{value}").click().run()
    console.button(key="console_question_revealed").click().run()
    wall = open_route("wall", scene=scene.id, mode="projector")
    for screen in (console, phone.run(), wall):
        assert not screen.exception
        shown = text(screen) + " ".join(c.proto.spec for c in screen.get("plotly_chart"))
        assert not CASE_WORDS.findall(shown), sorted(set(CASE_WORDS.findall(shown)))
    assert "The room's 1 answer" in text(wall) and labels[value] in text(wall)
