"""The room's answers to a scene's question, kept in the presenter's shared state (SQLite or
Redis: core/shared_state.py), so every dashboard process counts the same room. No Streamlit.

A question (its id is its scene's) is idle (not asked: the scene shows its chart) until the
presenter opens it; while it is open each screen (a random id per browser session, no name) has
one answer, which it may change; the presenter closes it, reveals the answers, or resets it (a
new round, idle again: the answers so far are set aside, not shown). Bounded: MAX_ANSWERS
screens a question, one answer a second a screen. An answer that breaks a rule is refused with
the reason and changes nothing.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from typing import Literal

from components.core import shared_state
from components.core.shared_state import Store
from components.dataset.models import ChoiceQuestion, CodeQuestion

MAX_ANSWERS = 1000  # screens counted a question (a lecture hall, with room to spare)
MIN_SECONDS = 1.0  # between two answers of one screen
MAX_TEXT = 64  # characters of an answer or a screen id as sent: anything longer is forged

Status = Literal["idle", "open", "closed", "revealed"]
STATUSES = ("idle", "open", "closed", "revealed")
_SCREEN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
QUESTION = "question:"  # + seminar : question id -> its status and round
ANSWER = "answer:"  # + seminar : question id : round : screen -> the answer and when
RATE = "rate:"  # + screen: when it last answered


class Refused(Exception):
    """An answer that is not counted; the message says why, for the one who sent it."""


@dataclass(frozen=True)
class State:
    status: Status = "idle"
    round: int = 0


@dataclass(frozen=True)
class Answer:
    screen: str
    value: int  # an option's index, or a level of the scale
    at: float


def valid_screen(screen: object) -> bool:
    """A screen id as this app makes them (a browser may send anything in its place)."""
    return isinstance(screen, str) and _SCREEN.match(screen) is not None


def _seminar(shared: Store, question_id: str) -> str:
    """A question in this seminar: the presenting generation (shared_state.epoch), which Stop
    presenting ends, so the next class starts with no answers (last week's stay in the store,
    unshown)."""
    return f"{shared_state.epoch(shared)}:{question_id}"


def state(shared: Store, question_id: str) -> State:
    try:
        said = json.loads(shared.get(QUESTION + _seminar(shared, question_id)) or "{}")
        status = said.get("status", "idle")
        if status not in STATUSES:
            return State()
        return State(status, int(said.get("round", 0)))
    except (ValueError, TypeError, AttributeError):
        return State()  # a damaged record is a question not asked


def _set(shared: Store, question_id: str, status: Status, round_: int) -> State:
    record = json.dumps({"status": status, "round": round_})
    shared.put(QUESTION + _seminar(shared, question_id), record)
    return State(status, round_)


def open_question(shared: Store, question_id: str) -> State:
    """The presenter opens the question: screens may answer (again, after a close)."""
    return _set(shared, question_id, "open", state(shared, question_id).round)


def close_question(shared: Store, question_id: str) -> State:
    """No more answers; those given stay counted, and are not yet shown."""
    return _set(shared, question_id, "closed", state(shared, question_id).round)


def reveal(shared: Store, question_id: str) -> State:
    """Answers closed and shown to the room."""
    return _set(shared, question_id, "revealed", state(shared, question_id).round)


def reset(shared: Store, question_id: str) -> State:
    """A new round, not asked: the answers so far no longer count (kept in the store, unshown)."""
    return _set(shared, question_id, "idle", state(shared, question_id).round + 1)


def choices(question: ChoiceQuestion | CodeQuestion, levels: list[int]) -> list[int]:
    """The answers a question takes: its options' indices, or the scale's levels."""
    if isinstance(question, ChoiceQuestion):
        return list(range(len(question.options)))
    return list(levels)


def parse(question: ChoiceQuestion | CodeQuestion, levels: list[int], sent: object) -> int:
    """An answer as a screen sent it, as a value the question takes; Refused if it is not one."""
    text = str(sent).strip()
    if len(text) > MAX_TEXT:
        raise Refused("That answer is not one of the question's: nothing was counted.")
    try:
        value = int(text)
    except ValueError:
        raise Refused("That answer is not one of the question's: nothing was counted.") from None
    if value not in choices(question, levels):
        raise Refused("That answer is not one of the question's: nothing was counted.")
    return value


def answer(
    shared: Store,
    question_id: str,
    screen: str,
    value: int,
    now: float | None = None,
) -> Answer:
    """Count (or change) this screen's answer to an open question; Refused if the question is
    not open, the screen id is forged, the screen answered less than MIN_SECONDS ago, or the
    question already counts MAX_ANSWERS other screens. `value` is parse()'s."""
    now = time.time() if now is None else now
    if not valid_screen(screen):
        raise Refused("This screen is not known: reload the page to answer.")
    current = state(shared, question_id)
    if current.status == "idle":
        raise Refused("The question is not open: your answer was not counted.")
    if current.status != "open":
        raise Refused("The question is closed: your answer was not counted.")
    try:
        last = float(shared.get(RATE + screen) or 0)
    except ValueError:
        last = 0.0
    if 0 <= now - last < MIN_SECONDS:
        raise Refused("One answer a second: wait a moment and send it again.")
    prefix = f"{ANSWER}{_seminar(shared, question_id)}:{current.round}:"
    key = prefix + screen
    if shared.get(key) is None and len(shared.scan(prefix)) >= MAX_ANSWERS:
        raise Refused(f"This question has its {MAX_ANSWERS} answers: yours was not counted.")
    shared.put(RATE + screen, repr(now))
    shared.put(key, json.dumps({"value": int(value), "at": now}))
    return Answer(screen, int(value), now)


def answers(shared: Store, question_id: str) -> list[Answer]:
    """This round's answers, one a screen, oldest first (a damaged record is left out)."""
    prefix = f"{ANSWER}{_seminar(shared, question_id)}:{state(shared, question_id).round}:"
    found = []
    for key, text in shared.scan(prefix).items():
        try:
            said = json.loads(text)
            found.append(Answer(key.removeprefix(prefix), int(said["value"]), float(said["at"])))
        except (ValueError, KeyError, TypeError):
            continue
    return sorted(found, key=lambda a: (a.at, a.screen))


def mine(shared: Store, question_id: str, screen: str) -> int | None:
    """This screen's answer in this round, if it gave one."""
    if not valid_screen(screen):
        return None
    round_ = state(shared, question_id).round
    text = shared.get(f"{ANSWER}{_seminar(shared, question_id)}:{round_}:{screen}")
    try:
        return int(json.loads(text)["value"]) if text else None
    except (ValueError, KeyError, TypeError):
        return None
