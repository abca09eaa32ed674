"""What the room answered: the distribution of a question's answers (counts and shares), and,
for questions that code a value of the dataset, how the room agrees with the dataset: the share
of answers within one point of its value, and Krippendorff's ordinal alpha of the room with the
dataset as one more coder (as `tugofwar agree` computes it). No Streamlit.

Alpha needs disagreement to be measured against: over a single value every coder codes one unit,
and alpha is 0 whatever the room answers (observed and expected disagreement are then the same
sum). So the room's alpha is over the value questions answered so far in the session (each
question a unit, each screen a coder), and only where at least MIN_FOR_ALPHA screens answered
and two questions were asked; otherwise it says why there is none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from components.analysis.agree import AgreementUnavailable, alpha

MIN_FOR_ALPHA = 5  # screens answering, for the room's alpha to be shown


@dataclass(frozen=True)
class Bar:
    value: int  # an option's index, or a level of the scale
    label: str
    count: int
    share: float  # of all answers (0 when there are none)


def distribution(values: Sequence[int], labels: Mapping[int, str]) -> list[Bar]:
    """One bar per possible answer, in the order given (zero counts included)."""
    total = len(values)
    return [
        Bar(value, label, values.count(value), values.count(value) / total if total else 0.0)
        for value, label in labels.items()
    ]


def within_one(values: Sequence[int], truth: int) -> float | None:
    """The share of answers within one point of the dataset's value (None: no answers)."""
    if not values:
        return None
    return sum(1 for v in values if abs(v - truth) <= 1) / len(values)


@dataclass(frozen=True)
class RoomAlpha:
    value: float | None
    units: int  # value questions counted
    coders: int  # screens, the dataset not included
    why_none: str = ""  # what is missing, where value is None


def room_alpha(
    answered: Mapping[str, tuple[int, Mapping[str, int]]], levels: Sequence[int]
) -> RoomAlpha:
    """Krippendorff's ordinal alpha of the room and the dataset over the value questions asked:
    `answered` maps a question id to (the dataset's value, {screen: answer})."""
    screens = sorted({s for _, given in answered.values() for s in given})
    units = list(answered)
    if len(screens) < MIN_FOR_ALPHA:
        return RoomAlpha(None, len(units), len(screens),
                         f"alpha is shown from {MIN_FOR_ALPHA} answers")  # fmt: skip
    if len(units) < 2:
        return RoomAlpha(None, len(units), len(screens),
                         "alpha needs two value questions: over one, it is 0 whatever the "
                         "room answers")  # fmt: skip
    matrix = [[answered[u][0] for u in units]]  # the dataset, one more coder
    matrix += [[answered[u][1].get(s) for u in units] for s in screens]
    try:
        value = alpha(matrix, "ordinal", sorted(levels))
    except AgreementUnavailable as exc:
        return RoomAlpha(None, len(units), len(screens), str(exc))
    if value is None:
        return RoomAlpha(None, len(units), len(screens), "every answer and value is the same")
    return RoomAlpha(value, len(units), len(screens))
