"""The room answers a scene's question (scenes.yaml `question:`): on the wall, the question while
it is open (the chart, which may give the answer away, waits), then the room's answers beside
the dataset's; on a follower's screen, one button per answer; on the console, the controls and
the live count. The answers live in the shared state (core/answers.py), so every process counts
the same room. A screen is a random id kept in its browser session: no name is asked.
"""

from __future__ import annotations

import secrets

import pandas as pd
import streamlit as st

from components.analysis import room
from components.core import answers, shared_state, url_params
from components.core.escape import Markdown, csv_bytes, markup
from components.core.scenes import (
    answer_labels,
    question_passage,
    question_prompt,
    question_truth,
)
from components.dataset.models import CodeQuestion, Dataset, Scene
from components.figures.pointer import EVENT, targets_in
from components.figures.styled import STYLES
from components.figures.views import answers_figure
from components.web import follow, frame, presentation, show

SCREEN = "_tow_screen"  # this browser session's random id (no name is asked)
SAID = "_tow_answer_said"  # what the last answer of this screen got: (kind, message)
WALL_ROW_PX = 42  # a bar of the room's answers on the wall
LEVELS_HINT = "You can change your answer until the presenter closes the question."


SCREEN_COOKIE = "tow_screen"  # the screen's id, for the browser session: a reload keeps it
SCREEN_COOKIE_JS = """<script>
document.cookie = "tow_screen=$id; path=/; SameSite=Strict";
</script>"""


def screen_id() -> str:
    """This screen's random id: kept in a session cookie, so a reload (a new Streamlit session)
    is the same screen and cannot answer twice; no name is asked."""
    if SCREEN not in st.session_state:
        kept = st.context.cookies.get(SCREEN_COOKIE) if st.context.cookies else None
        if isinstance(kept, str) and answers.valid_screen(kept):
            st.session_state[SCREEN] = kept
        else:
            st.session_state[SCREEN] = secrets.token_urlsafe(12)
            st.html(SCREEN_COOKIE_JS.replace("$id", st.session_state[SCREEN]),
                    unsafe_allow_javascript=True)  # fmt: skip
    return st.session_state[SCREEN]


def question_state(store: shared_state.Store | None, scene: Scene) -> answers.State:
    """The scene's question's state (idle when it has none, or the store cannot say)."""
    if scene.question is None or store is None:
        return answers.State()
    try:
        return answers.state(store, scene.id)
    except shared_state.StateError:
        return answers.State()


def signal(store: shared_state.Store, scene: Scene) -> str:
    """What the room is shown beside the scene (its question's state, the pointer) as the
    published view carries it: a change redraws every screen (seminar._check)."""
    state = question_state(store, scene)
    return f"{state.status}.{state.round}.{pointer(store) or ''}"


def pointer(store: shared_state.Store | None) -> str | None:
    """The third party the presenter points at, or None."""
    if store is None:
        return None
    try:
        return shared_state.pointed_at(store)
    except shared_state.StateError:
        return None


def _levels(ds: Dataset) -> list[int]:
    return [level.value for level in ds.meta.scale.levels]


# ---------------------------------------------------------------- the wall and the room


def draw(
    ds: Dataset,
    scenes: list[Scene],
    scene: Scene,
    store: shared_state.Store | None,
    *,
    answering: bool,
) -> bool:
    """The question in place of the scene's chart, while it is asked or its answers shown; False
    (nothing drawn) when it is not asked. `answering`: a follower's screen, with the buttons;
    `scenes`: the seminar's (the room's alpha is over its value questions)."""
    question = scene.question
    state = question_state(store, scene)
    if question is None or store is None or state.status == "idle":
        return False
    with st.container(key="room_question"):
        show.subheader(question_prompt(ds, question), anchor=False)
        passage = question_passage(ds, question)
        if passage:
            frame.quote(passage)
        if state.status == "revealed":
            _revealed(ds, scenes, scene, store)
        elif answering:
            _answer_buttons(ds, scene, store, state)
        else:
            _asked(ds, scene, store)
    return True


def _asked(ds: Dataset, scene: Scene, store: shared_state.Store) -> None:
    """The wall while the room answers: the answers to choose from, and how many came in."""
    labels = answer_labels(ds, scene.question)
    show.markdown(Markdown("\n").join(markup("- {}", label) for label in labels.values()))
    _count(scene.id, store)


@st.fragment(run_every=1.0)
def _count(question_id: str, store: shared_state.Store) -> None:
    """How many have answered, every second (on the wall and the console only: one screen each)."""
    try:
        state, given = answers.state(store, question_id), len(answers.answers(store, question_id))
    except shared_state.StateError:
        show.warning("Answers are paused: the shared state does not answer.")
        return
    closed = " (closed)" if state.status == "closed" else ""
    show.markdown(markup("**{}** {}{}", given, "answer" if given == 1 else "answers", closed))


def _answer_buttons(ds: Dataset, scene: Scene, store: shared_state.Store, state) -> None:  # noqa: ANN001
    labels = answer_labels(ds, scene.question)
    screen = screen_id()
    try:
        mine = answers.mine(store, scene.id, screen)
    except shared_state.StateError:
        mine = None
    said = st.session_state.pop(SAID, None)
    if said is not None:
        (show.success if said[0] == "ok" else show.error)(said[1])
    if state.status != "open":
        show.info(
            "Answers are closed; the presenter will show the room's."
            + (f" Yours: {labels.get(mine, mine)}." if mine is not None else "")
        )
        return
    with st.container(key="room_answers"):
        for value, label in labels.items():
            show.button(
                label, key=f"room_answer_{value}", width="stretch",
                type="primary" if value == mine else "secondary",
                on_click=_send, args=(ds, scene, store, value),
            )  # fmt: skip
    show.caption(LEVELS_HINT if mine is not None else "Tap your answer.")


def _send(ds: Dataset, scene: Scene, store: shared_state.Store, sent: object) -> None:
    labels = answer_labels(ds, scene.question)
    try:
        value = answers.parse(scene.question, _levels(ds), sent)
        answers.answer(store, scene.id, screen_id(), value)
    except answers.Refused as refused:
        st.session_state[SAID] = ("refused", str(refused))
    except shared_state.StateError:
        st.session_state[SAID] = ("refused", "Answers are paused: the shared state does not "
                                  "answer. Send it again in a moment.")  # fmt: skip
    else:
        st.session_state[SAID] = ("ok", f"Counted: {labels[value]}.")


def _revealed(ds: Dataset, scenes: list[Scene], scene: Scene, store: shared_state.Store) -> None:
    """The room's answers as a chart, and for a value question the dataset's value beside them,
    how many answered within one point of it, and the room's alpha over the session."""
    question = scene.question
    labels = answer_labels(ds, question)
    given = [a.value for a in answers.answers(store, scene.id)]
    truth = question_truth(ds, question)
    near = room.within_one(given, truth) if truth is not None else None
    head = markup("**The room's {} {}**", len(given), "answer" if len(given) == 1 else "answers")
    if near is not None:
        head += markup(": **{:.0%}** within one point of the dataset's {}.", near, labels[truth])
    show.markdown(head)
    if truth is not None:
        alpha = session_alpha(ds, scenes, store)
        show.caption(
            f"The room and the dataset agree with Krippendorff's ordinal alpha {alpha.value:.2f} "
            f"over {alpha.units} value questions, {alpha.coders} screens."
            if alpha.value is not None
            else f"No alpha yet: {alpha.why_none}."
        )
    figure = answers_figure(ds, question, given)
    styles = ("narrow",) if presentation.narrow() else ("wall",)
    for style in styles + (("dark",) if presentation.dark() else ()):
        figure = STYLES[style](figure)
    if styles == ("wall",):  # under the question and its passage, whole on a 720-pixel wall
        figure.update_layout(height=WALL_ROW_PX * (len(labels) + 1))
    st.plotly_chart(figure, key="room_chart", theme=None, width="stretch",
                    config={"displayModeBar": False, "staticPlot": True})  # fmt: skip


def session_alpha(ds: Dataset, scenes: list[Scene], store: shared_state.Store) -> room.RoomAlpha:
    """The room's alpha over every value question revealed so far in this seminar."""
    answered = {}
    for scene in scenes:
        question = scene.question
        if not isinstance(question, CodeQuestion):
            continue
        if answers.state(store, scene.id).status != "revealed":
            continue
        truth = question_truth(ds, question)
        if truth is not None:
            given = {a.screen: a.value for a in answers.answers(store, scene.id)}
            answered[scene.id] = (truth, given)
    return room.room_alpha(answered, _levels(ds))


# ---------------------------------------------------------------- the console


def controls(ds: Dataset, scene: Scene, store: shared_state.Store, publish) -> None:  # noqa: ANN001
    """The presenter's controls for the scene's question: open, close, reveal, back to the
    chart (a reset: a new round); and the live count. `publish(params)` tells every screen."""
    question = scene.question
    if question is None:
        return
    state = question_state(store, scene)
    show.markdown(markup("**Question** ({}): {}", state.status, question_prompt(ds, question)))
    if state.status != "idle":
        _count(scene.id, store)
    steps = {
        "open": ("Ask the room", ":material/how_to_vote:", answers.open_question),
        "closed": ("Close answers", ":material/lock:", answers.close_question),
        "revealed": ("Reveal answers", ":material/bar_chart:", answers.reveal),
        "idle": ("Back to the chart", ":material/restart_alt:", answers.reset),
    }
    allowed = {
        "idle": ("open",),
        "open": ("closed", "revealed"),
        "closed": ("open", "revealed", "idle"),
        "revealed": ("idle",),
    }[state.status]
    columns = st.columns(len(steps))
    for column, (target, (label, icon, act)) in zip(columns, steps.items(), strict=True):
        if show.button(label, where=column, key=f"console_question_{target}", icon=icon,
                       width="stretch", disabled=target not in allowed):  # fmt: skip
            act(store, scene.id)
            publish({url_params.SCENE: scene.id, url_params.ASKED: signal(store, scene)})
            follow.WAKER.notify()
            st.rerun()


def pointer_control(ds: Dataset, scene: Scene, store: shared_state.Store, view, publish) -> None:  # noqa: ANN001
    """Point at a third party or an event of the scene's chart on every screen, or clear it."""
    names = {tp.id: tp.name for tp in ds.third_parties}
    names |= {EVENT + e.id: f"Event: {e.title}" for e in ds.events}
    present = [target for target in targets_in(view.figure) if target in names]
    if len(present) < 2:
        return  # a chart of one thing, or of none (the strategy's bars)
    current = pointer(store)
    options = ["", *present]
    chosen = show.widget(
        st.selectbox, "Point at", options, index=options.index(current) if current in options
        else 0, format_func=lambda target: names.get(target, "Nobody (everything as usual)"),
        key=f"console_pointer_{scene.id}", help="Emphasise one third party or event on the "
        "wall's chart and every follower's; the rest is dimmed until you clear it",
    )  # fmt: skip
    if (chosen or None) != current:
        shared_state.point_at(store, chosen or None)
        publish({url_params.SCENE: scene.id, url_params.ASKED: signal(store, scene)})
        follow.WAKER.notify()
        st.rerun()


def download(ds: Dataset, scenes: list[Scene], store: shared_state.Store) -> None:
    """The session's answers as CSV: one row per answer (question, scene, answer, time)."""
    rows = []
    for scene in scenes:
        if scene.question is None:
            continue
        labels = answer_labels(ds, scene.question)
        for given in answers.answers(store, scene.id):
            rows.append({
                "question": question_prompt(ds, scene.question), "scene": scene.id,
                "answer": labels.get(given.value, given.value), "value": given.value,
                "time": pd.Timestamp(given.at, unit="s", tz="UTC").isoformat(timespec="seconds"),
            })  # fmt: skip
    frame_ = pd.DataFrame(rows, columns=["question", "scene", "answer", "value", "time"])
    show.download_button("The room's answers (CSV)", csv_bytes(frame_),
                         file_name="tugofwar-answers.csv", mime="text/csv",
                         icon=":material/download:", disabled=frame_.empty)  # fmt: skip
