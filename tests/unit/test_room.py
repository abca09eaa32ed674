"""The room takes part (first layers): questions in scenes.yaml, validated like everything else;
the room's answers in the presenter's shared state (SQLite and a real Redis), one a screen,
refused with a reason when forged or late; and what the room answered, against the dataset."""

from __future__ import annotations

import json

import numpy as np
import pytest

from components.analysis import room
from components.core import answers, shared_state
from components.core.scenes import load_scenes, question_rating
from components.dataset.errors import DatasetError
from components.dataset.load import load_dataset
from components.dataset.models import ChoiceQuestion, CodeQuestion
from tests.conftest import FIXTURES, copy_dataset, replace_in

pytestmark = pytest.mark.unit

SCREEN, OTHER = "screen-aaaaaaaa", "screen-bbbbbbbb"
LEVELS = [-2, -1, 0, 1, 2, 3]


# ---------------------------------------------------------------- questions in scenes.yaml


def with_question(folder, question: str):  # noqa: ANN001, ANN201
    """The shipped dataset's first scene with this question (YAML lines, indented 4)."""
    replace_in(folder / "scenes.yaml", "    params: {year: 2014}\n",
               "    params: {year: 2014}\n    question:\n" + question)  # fmt: skip
    return load_dataset(folder)


def problems_of(folder, question: str) -> list[str]:  # noqa: ANN001
    ds = with_question(folder, question)
    with pytest.raises(DatasetError) as caught:
        load_scenes(ds)
    return [str(p) for p in caught.value.problems]


def test_a_choice_and_a_code_question_are_read_with_their_scene(shipped_copy):
    russia = ("      kind: code\n      third_party: russia\n      side: taliban\n"
              "      dimension: economic\n      year: 2014\n")  # fmt: skip
    ds = with_question(shipped_copy, russia)
    question = load_scenes(ds)[0].question
    assert isinstance(question, CodeQuestion)
    assert question_rating(ds, question).quote
    choice = "      kind: choice\n      prompt: Which tier?\n      options: [One, Two, Three]\n"
    replace_in(shipped_copy / "scenes.yaml", russia, choice)
    question = load_scenes(load_dataset(shipped_copy))[0].question
    assert isinstance(question, ChoiceQuestion) and question.options == ["One", "Two", "Three"]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("      kind: code\n      third_party: russsia\n      side: taliban\n      year: 2016\n",
         "scenes.yaml:13: scenes[0].question.third_party: unknown third party 'russsia' (did you "
         "mean 'russia'?"),
        ("      kind: code\n      third_party: russia\n      side: talibn\n      year: 2016\n",
         "scenes.yaml:14: scenes[0].question.side: unknown side 'talibn' (did you mean "
         "'taliban'? allowed: kabul, taliban)"),
        ("      kind: code\n      third_party: russia\n      side: taliban\n      year: 2019\n",
         "scenes.yaml:15: scenes[0].question.year: 2019 is not a year of the dataset (allowed: "
         "2014, 2015, 2016)"),
        ("      kind: code\n      third_party: russia\n      side: taliban\n      dimension: "
         "cultural\n      year: 2016\n", "scenes.yaml:15: scenes[0].question.dimension: unknown "
         "dimension 'cultural'"),
        ("      kind: choice\n      prompt: Which?\n      options: [a, b, c, d, e, f, g]\n",
         "scenes.yaml:14: scenes[0].question.options: List should have at most 6 items"),
        ("      kind: choice\n      prompt: Which?\n      options: [only]\n",
         "scenes.yaml:14: scenes[0].question.options: list should have at least 2 items"),
        ("      kind: choice\n      prompt: Which?\n      options: [Tier 1, tier  1]\n",
         "scenes.yaml:14: scenes[0].question.options[1]: option 'tier  1' is given twice"),
        ("      kind: poll\n      prompt: Which?\n",
         "scenes.yaml:11: scenes[0].question: Input tag 'poll' found using 'kind' does not match "
         "any of the expected tags: 'choice', 'code'"),
    ],
    ids=["third party", "side", "year", "dimension", "too many", "too few", "twice", "kind"],
)  # fmt: skip
def test_a_question_the_dataset_cannot_ask_is_refused_at_its_line(shipped_copy, question,
                                                                   expected):  # fmt: skip
    found = problems_of(shipped_copy, question)
    assert any(p.startswith(expected) for p in found), found


def test_a_value_question_needs_a_value_the_dataset_codes(shipped_copy):
    found = problems_of(shipped_copy, "      kind: code\n      third_party: usa\n      side: "
                        "taliban\n      dimension: economic\n      year: 2014\n")  # fmt: skip
    assert found == ["scenes.yaml:16: scenes[0].question.year: the dataset does not code usa's "
                     "taliban economic value in 2014: the room would have no value to compare "
                     "with"]  # fmt: skip


def test_a_value_question_needs_a_quote_to_show(tmp_path):
    folder = copy_dataset(FIXTURES / "other", tmp_path / "other")
    question = "    question: {kind: code, third_party: japan, side: red, year: 2006}\n"
    replace_in(folder / "scenes.yaml", "    params: {year: 2006}\n",
               "    params: {year: 2006}\n" + question)  # fmt: skip
    with pytest.raises(DatasetError) as caught:
        load_scenes(load_dataset(folder))
    [problem] = [str(p) for p in caught.value.problems]
    assert problem.startswith("scenes.yaml:6: scenes[0].question.year: japan's red overall "
                              "value in 2006 has no quote (it is inferred)")  # fmt: skip


# ---------------------------------------------------------------- the room's answers


@pytest.fixture(params=["sqlite", "redis"])
def store(request, tmp_path):
    if request.param == "redis":
        shared = shared_state.store(request.getfixturevalue("redis_url"))
        shared._redis.flushdb()
        return shared
    return shared_state.store(f"sqlite:///{tmp_path / 'state.sqlite3'}")


def test_one_answer_a_screen_changeable_until_closed_then_revealed(store):
    with pytest.raises(answers.Refused, match="not open"):
        answers.answer(store, "q", SCREEN, 1, now=100)  # not yet asked
    answers.open_question(store, "q")
    answers.answer(store, "q", SCREEN, 1, now=100)
    answers.answer(store, "q", OTHER, 2, now=100)
    answers.answer(store, "q", SCREEN, 3, now=102)  # changed its mind
    assert [(a.screen, a.value) for a in answers.answers(store, "q")] == [(OTHER, 2), (SCREEN, 3)]
    assert answers.mine(store, "q", SCREEN) == 3 and answers.mine(store, "q", "nobody-x1") is None
    answers.close_question(store, "q")
    with pytest.raises(answers.Refused, match="closed"):
        answers.answer(store, "q", SCREEN, 0, now=110)
    assert answers.mine(store, "q", SCREEN) == 3  # the late answer changed nothing
    assert answers.reveal(store, "q").status == "revealed"
    assert len(answers.answers(store, "q")) == 2


def test_a_reset_starts_a_new_round_with_no_answers(store):
    answers.open_question(store, "q")
    answers.answer(store, "q", SCREEN, 1, now=100)
    assert answers.reset(store, "q") == answers.State("idle", 1)
    assert answers.answers(store, "q") == []
    answers.open_question(store, "q")
    answers.answer(store, "q", SCREEN, 2, now=200)
    assert [a.value for a in answers.answers(store, "q")] == [2]


def test_the_next_seminar_starts_with_no_answers(store):
    """Stop presenting ends a seminar: next week's class is asked afresh, last week's answers
    kept in the store and not counted."""
    answers.open_question(store, "q")
    answers.answer(store, "q", SCREEN, 1, now=100)
    shared_state.stop_presenting(store)
    assert answers.state(store, "q") == answers.State() and answers.answers(store, "q") == []
    answers.open_question(store, "q")
    answers.answer(store, "q", OTHER, 2, now=200)
    assert [(a.screen, a.value) for a in answers.answers(store, "q")] == [(OTHER, 2)]


def test_one_answer_a_second_and_a_bounded_room(store, monkeypatch):
    answers.open_question(store, "q")
    answers.answer(store, "q", SCREEN, 1, now=100)
    with pytest.raises(answers.Refused, match="One answer a second"):
        answers.answer(store, "q", SCREEN, 2, now=100.5)
    assert answers.mine(store, "q", SCREEN) == 1
    monkeypatch.setattr(answers, "MAX_ANSWERS", 2)
    answers.answer(store, "q", OTHER, 1, now=100)
    with pytest.raises(answers.Refused, match="has its 2 answers"):
        answers.answer(store, "q", "screen-cccccccc", 1, now=100)
    answers.answer(store, "q", SCREEN, 3, now=105)  # a screen counted may still change its answer
    assert sorted(a.value for a in answers.answers(store, "q")) == [1, 3]


@pytest.mark.parametrize("screen", ["", "short", "x" * 65, "a b c d e f g h", "<script>xx", None])
def test_a_forged_screen_is_refused(store, screen):
    answers.open_question(store, "q")
    with pytest.raises(answers.Refused, match="not known"):
        answers.answer(store, "q", screen, 1, now=100)
    assert answers.answers(store, "q") == []


def test_a_damaged_record_is_a_question_not_asked_and_no_answer(store):
    seminar = shared_state.epoch(store)
    store.put(f"{answers.QUESTION}{seminar}:q", "{not json")
    assert answers.state(store, "q") == answers.State()
    answers.open_question(store, "q")
    store.put(f"{answers.ANSWER}{seminar}:q:0:{SCREEN}", '{"value": "x"}')
    assert answers.answers(store, "q") == [] and answers.mine(store, "q", SCREEN) is None


CHOICE = ChoiceQuestion(kind="choice", prompt="Which?", options=["a", "b", "c"])
CODE = CodeQuestion(kind="code", third_party="russia", side="taliban", year=2016)


@pytest.mark.parametrize(
    ("question", "sent", "value"),
    [(CHOICE, "0", 0), (CHOICE, " 2 ", 2), (CODE, "-2", -2), (CODE, 3, 3)],
)
def test_an_answer_is_one_the_question_takes(question, sent, value):
    assert answers.parse(question, LEVELS, sent) == value


@pytest.mark.parametrize(
    ("question", "sent"),
    [(CHOICE, "3"), (CHOICE, "-1"), (CHOICE, "a"), (CODE, "4"), (CODE, "-3"), (CODE, "1.5"),
     (CODE, "1" * 10_000), (CODE, "x" * 10_240), (CODE, None)],
    ids=["option out of range", "negative option", "text", "above the scale", "below the scale",
         "not a level", "huge number", "10 KB", "nothing"],
)  # fmt: skip
def test_a_forged_answer_is_refused(question, sent):
    with pytest.raises(answers.Refused, match="not one of the question's"):
        answers.parse(question, LEVELS, sent)


# ---------------------------------------------------------------- what the room answered


def test_the_distribution_counts_every_answer_once_with_its_share():
    bars = room.distribution([1, 1, 2, 3], {0: "No ties", 1: "Contact", 2: "Working", 3: "Close"})
    assert [(b.value, b.count) for b in bars] == [(0, 0), (1, 2), (2, 1), (3, 1)]
    assert [b.share for b in bars] == [0, 0.5, 0.25, 0.25]
    assert sum(b.count for b in bars) == 4
    assert [b.share for b in room.distribution([], {0: "a", 1: "b"})] == [0, 0]


def test_the_share_within_one_point_of_the_dataset():
    assert room.within_one([1, 2, 3, -2], truth=2) == 0.75
    assert room.within_one([], truth=2) is None


def test_the_rooms_alpha_is_krippendorffs_with_the_dataset_as_one_more_coder():
    import krippendorff

    answered = {
        "q1": (2, {"s1": 2, "s2": 1, "s3": 2, "s4": 3, "s5": 2}),
        "q2": (-1, {"s1": -1, "s2": -2, "s3": 0, "s4": -1}),  # s5 did not answer this one
        "q3": (1, {"s1": 1, "s2": 1, "s3": 2, "s4": 1, "s5": 0, "s6": 1}),
    }
    got = room.room_alpha(answered, LEVELS)
    screens = ["s1", "s2", "s3", "s4", "s5", "s6"]
    table = [[2, -1, 1]] + [[answered[q][1].get(s, np.nan) for q in answered] for s in screens]
    expected = krippendorff.alpha(reliability_data=np.array(table, dtype=float),
                                  level_of_measurement="ordinal", value_domain=LEVELS)  # fmt: skip
    assert (got.units, got.coders) == (3, 6)
    assert got.value == pytest.approx(expected, abs=1e-4) and 0 < got.value < 1


def test_the_rooms_alpha_says_why_it_is_not_shown():
    few = room.room_alpha({"q1": (2, {"s1": 2, "s2": 1}), "q2": (1, {"s1": 1})}, LEVELS)
    assert few.value is None and "from 5 answers" in few.why_none
    one = room.room_alpha({"q1": (2, {f"s{i}": i % 3 for i in range(9)})}, LEVELS)
    assert one.value is None and "two value questions" in one.why_none


def test_an_answer_is_stored_as_data_never_as_markup(store):
    """What a screen sends is parsed to a number before it is stored: no text of its own."""
    answers.open_question(store, "q")
    value = answers.parse(CODE, LEVELS, " 3 ")
    answers.answer(store, "q", SCREEN, value, now=100)
    seminar = shared_state.epoch(store)
    stored = json.loads(store.get(f"{answers.ANSWER}{seminar}:q:0:{SCREEN}"))
    assert stored == {"value": 3, "at": 100}


# ---------------------------------------------------------------- the presenter's pointer


def test_the_pointer_dims_every_other_third_party_and_leaves_a_chart_without_ids_alone():
    import plotly.graph_objects as go

    from components.figures.pointer import DIMMED, pointed, third_parties_in

    fig = go.Figure(go.Bar(x=[1, 2, 3], y=["a", "b", "c"],
                           customdata=[["russia.overall.2016"], ["usa.overall.2016"],
                                       ["event:x"]]))  # fmt: skip
    fig.add_scatter(x=[1], y=[1], name="a key")  # no value ids
    assert third_parties_in(fig) == ["russia", "usa"]
    out = pointed(fig, "russia")
    assert list(out.data[0].marker.opacity) == [1.0, DIMMED, DIMMED]
    assert out.data[1].marker.opacity is None and fig.data[0].marker.opacity is None  # a copy
    bare = go.Figure(go.Bar(x=[1], y=["tier"]))
    assert third_parties_in(bare) == [] and pointed(bare, "russia").data[0].marker.opacity is None


def test_the_pointer_is_kept_in_the_shared_state(store):
    assert shared_state.pointed_at(store) is None
    shared_state.point_at(store, "russia")
    assert shared_state.pointed_at(store) == "russia"
    shared_state.point_at(store, None)
    assert shared_state.pointed_at(store) is None
    store.put(shared_state.POINTER, "x" * 500)  # a damaged record points at nobody
    assert shared_state.pointed_at(store) is None


def test_the_pointer_finds_events_on_the_timeline_and_the_trend():
    import plotly.graph_objects as go

    from components.figures.pointer import DIMMED, pointed, targets_in

    timeline = [["bsa-signed", "The BSA", "2014"], ["oic-call", "OIC", "2016"]]
    fig = go.Figure(go.Scatter(x=[1, 2], y=[1, 1], customdata=timeline))
    fig.add_scatter(x=[1, 2], y=[2, 2], customdata=[["russia.kabul.overall.2014"],
                                                    ["event:oic-call"]])  # fmt: skip
    assert targets_in(fig) == ["event:bsa-signed", "event:oic-call", "russia"]
    out = pointed(fig, "event:oic-call")
    assert list(out.data[0].marker.opacity) == [DIMMED, 1.0]
    assert list(out.data[1].marker.opacity) == [DIMMED, 1.0]
