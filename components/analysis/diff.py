"""What changed between two versions of a dataset: every value (with its evidence), event,
strategy action, counter-move and finding, cell by cell. No Streamlit.

A value is compared year by year (spans expanded), so re-splitting a span without changing any
year's value is no change, and a change in one year shows as that year."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from components.dataset.models import Dataset

DIMENSION_FIELDS = ("value", "confidence", "inferred", "quote", "reasoning", "rationale")


@dataclass(frozen=True)
class Change:
    """One difference: what kind of entry, which one, which field, and the two versions."""

    kind: str  # value, event, action, counter-move, finding, third-party, scene
    entry: str  # e.g. "russia / taliban / overall / 2016", or an id
    field: str  # the field that changed, or "" for an entry added or removed
    old: str
    new: str

    def as_row(self) -> dict[str, str]:
        return asdict(self)

    def __str__(self) -> str:
        what = f"{self.kind} {self.entry}" + (f" {self.field}" if self.field else "")
        return f"{what}: {self.old or '(none)'} -> {self.new or '(none)'}"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items())
    return str(value)


def _cells(ds: Dataset) -> dict[tuple[str, str, str, int], dict[str, Any]]:
    out = {}
    for tp in ds.third_parties:
        for actor, dims in tp.relations.items():
            for dim, ratings in dims.items():
                for r in ratings or []:
                    start, end = r.span
                    for year in range(start, end + 1):
                        out[(tp.id, actor, dim, year)] = {
                            f: getattr(r, f) for f in DIMENSION_FIELDS
                        }
    return out


def _compare(kind: str, old: dict[str, dict], new: dict[str, dict]) -> Iterator[Change]:
    for key in sorted(old.keys() | new.keys()):
        if key not in old:
            yield Change(kind, key, "", "", "added")
        elif key not in new:
            yield Change(kind, key, "", "removed", "")
        else:
            for name in sorted(old[key].keys() | new[key].keys()):
                a, b = _text(old[key].get(name)), _text(new[key].get(name))
                if a != b:
                    yield Change(kind, key, name, a, b)


def same_case(a: Dataset, b: Dataset) -> bool:
    """Whether two datasets code one case (the same two sides from the same source), so that
    what one changes from the other means something: a dataset of another rivalry differs from
    the shipped one in every cell, which is no finding."""
    return [x.id for x in a.meta.actors] == [x.id for x in b.meta.actors] and (
        a.meta.sources[0].title == b.meta.sources[0].title
    )


def diff(old: Dataset, new: Dataset) -> list[Change]:
    """Every change from `old` to `new`, values first, then events, actions, counter-moves,
    findings and third parties' own fields."""
    changes: list[Change] = []
    a, b = _cells(old), _cells(new)
    for key in sorted(a.keys() | b.keys(), key=lambda k: (k[0], k[1], k[2], k[3])):
        entry = " / ".join(map(str, key))
        before, after = a.get(key), b.get(key)
        if before is None or after is None:
            changes.append(Change("value", entry, "", _text(before and before["value"]),
                                  _text(after and after["value"])))  # fmt: skip
            continue
        for name in DIMENSION_FIELDS:
            if _text(before[name]) != _text(after[name]):
                changes.append(
                    Change("value", entry, name, _text(before[name]), _text(after[name]))
                )

    def by_id(items: list, skip: tuple[str, ...] = ()) -> dict[str, dict]:
        return {
            item.id: {k: v for k, v in item.model_dump().items() if k not in skip} for item in items
        }

    changes += _compare("event", by_id(old.events), by_id(new.events))
    changes += _compare("action", _actions(old), _actions(new))
    changes += _compare(
        "counter-move", by_id(old.strategy.counter_moves), by_id(new.strategy.counter_moves)
    )
    changes += _compare("goal", _goals(old), _goals(new))
    changes += _compare("finding", by_id(old.meta.findings), by_id(new.meta.findings))
    changes += _compare(
        "third-party",
        by_id(old.third_parties, skip=("relations",)),
        by_id(new.third_parties, skip=("relations",)),
    )
    return changes


def _actions(ds: Dataset) -> dict[str, dict]:
    out = {}
    for tier in ds.strategy.tiers:
        for goal in tier.goals:
            for action in goal.actions:
                data = action.model_dump()
                outcome = data.pop("outcome")
                data.update({f"outcome.{k}": v for k, v in outcome.items()})
                out[action.id] = {"tier": tier.id, "goal": goal.id, **data}
    return out


def _goals(ds: Dataset) -> dict[str, dict]:
    return {
        goal.id: {"tier": tier.id, "title": goal.title, "quote": goal.quote}
        for tier in ds.strategy.tiers
        for goal in tier.goals
    }
