"""Coding from the source: a passage picked from a paragraph (a sentence, or a run of its
words) becomes the quote of a new value, event or strategy action, as changes to the dataset's
files (dataset/yaml_write.Change) that the caller validates and writes. The quote is always the
source's own words, never typed. Existing codings of a passage are found by the entry's place
in its file, so they can be changed or removed the same way. No Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from components.analysis.evidence_check import check_evidence
from components.analysis.quotes import check_quotes, normalise
from components.dataset.errors import Problem
from components.dataset.files import DataFiles
from components.dataset.models import FILE_MODELS, Dataset
from components.dataset.yaml_reader import parse_bytes
from components.dataset.yaml_write import Change

# a sentence ends at . ! or ? (and a closing quote mark or bracket) before white space and a
# capital, a digit or an opening quote mark
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+(?=[A-Z0-9\"'\u201c\u2018(\[])")
_WORD = re.compile(r"\S+")
THIRD_PARTIES = FILE_MODELS["third_parties"][0]
EVENTS = FILE_MODELS["events"][0]
STRATEGY = FILE_MODELS["strategy"][0]


@dataclass(frozen=True)
class Sentence:
    start: int  # in the paragraph's text
    end: int
    text: str


def sentences(paragraph: str) -> list[Sentence]:
    """The paragraph's sentences, in order (a paragraph with no sentence end is one sentence)."""
    out, start = [], 0
    for match in _SENTENCE_END.finditer(paragraph):
        end = match.start() + len(match.group().rstrip())
        out.append(Sentence(start, end, paragraph[start:end]))
        start = match.end()
    if paragraph[start:].strip():
        end = len(paragraph.rstrip())
        out.append(Sentence(start, end, paragraph[start:end]))
    return out


def words(sentence: str) -> list[str]:
    """The sentence's words as they stand (punctuation attached)."""
    return _WORD.findall(sentence)


def passage(sentence: str, first: int, last: int) -> str:
    """Words first..last (from 0, both kept) of the sentence, as the source writes them: its
    runs of white space (a no-break space among them) as one space, which check-quotes reads
    as the source's."""
    found = list(_WORD.finditer(sentence))
    if not 0 <= first <= last < len(found):
        raise ValueError(f"words {first}-{last} are not in a sentence of {len(found)} words")
    return " ".join(sentence[found[first].start() : found[last].end()].split())


# ---------------------------------------------------------------- what a form gives


@dataclass(frozen=True)
class ValueCoding:
    third_party: str  # id
    side: str  # actor id
    dimension: str  # "overall" or a dimension id
    first: int  # year
    last: int
    value: int | None
    confidence: str | None
    rationale: str
    quote: str
    reasoning: str | None = None

    def entry(self) -> dict[str, Any]:
        years = str(self.first) if self.first == self.last else f"{self.first}-{self.last}"
        out: dict[str, Any] = {"years": years, "value": self.value}
        if self.confidence:
            out["confidence"] = self.confidence
        out["rationale"] = self.rationale.strip()
        out["quote"] = self.quote
        if self.reasoning and self.reasoning.strip():  # the value goes beyond the quote
            out["inferred"] = True
            out["reasoning"] = self.reasoning.strip()
        return out


@dataclass(frozen=True)
class EventCoding:
    id: str
    date: str
    precision: str
    title: str
    description: str
    actors: tuple[str, ...]
    third_parties: tuple[str, ...]
    category: str
    tier: str | None
    basis: str
    quote: str
    date_note: str | None = None

    def entry(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "date": self.date, "precision": self.precision,
            "title": self.title.strip(), "description": self.description.strip(),
            "actors": list(self.actors), "third_parties": list(self.third_parties),
            "category": self.category, "tier": self.tier, "basis": self.basis,
            "quote": self.quote,
        }  # fmt: skip
        if self.date_note and self.date_note.strip():
            out["date_note"] = self.date_note.strip()
        return out


@dataclass(frozen=True)
class ActionCoding:
    tier: str  # tier id
    goal: str  # goal id
    id: str
    title: str
    date: str | None
    precision: str | None
    events: tuple[str, ...]
    third_parties: tuple[str, ...]
    quote: str
    status: str
    judged: int
    outcome_rationale: str
    outcome_quote: str
    date_note: str | None = None

    def entry(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "title": self.title.strip(), "date": self.date}
        if self.precision:
            out["precision"] = self.precision
        if self.date_note and self.date_note.strip():
            out["date_note"] = self.date_note.strip()
        out.update({
            "events": list(self.events), "third_parties": list(self.third_parties),
            "quote": self.quote,
            "outcome": {"status": self.status, "judged": self.judged,
                        "rationale": self.outcome_rationale.strip(), "quote": self.outcome_quote},
        })  # fmt: skip
        return out


# ---------------------------------------------------------------- where entries go


def _document(files: DataFiles, name: str) -> Any:
    raw = files.files.get(name)
    if raw is None:
        return {}
    doc, problems = parse_bytes(raw, name)
    if doc is None or problems:
        raise ValueError(f"{name} does not parse: {problems[0] if problems else ''}")
    return doc.data


def _index(items: list[Any], key: str, value: str, what: str) -> int:
    for i, item in enumerate(items):
        if isinstance(item, dict) and item.get(key) == value:
            return i
    raise ValueError(f"no {what} {value!r}")


def add_value(files: DataFiles, coding: ValueCoding) -> list[Change]:
    """The change that adds the value to its third party's list for that side and dimension
    (made where the list, the dimension or the side is not there yet)."""
    doc = _document(files, THIRD_PARTIES)
    parties = doc.get("third_parties") or []
    i = _index(parties, "id", coding.third_party, "third party")
    relations = parties[i].get("relations") or {}
    base: tuple[str | int, ...] = ("third_parties", i, "relations")
    dims = relations.get(coding.side)
    if not isinstance(dims, dict):
        return [Change(THIRD_PARTIES, base, {**relations, coding.side: {
            coding.dimension: [coding.entry()]}})]  # fmt: skip
    entries = dims.get(coding.dimension)
    if not isinstance(entries, list):
        return [Change(THIRD_PARTIES, (*base, coding.side),
                       {**dims, coding.dimension: [coding.entry()]})]  # fmt: skip
    return [Change(THIRD_PARTIES, (*base, coding.side, coding.dimension),
                   [*entries, coding.entry()])]  # fmt: skip


def add_event(files: DataFiles, coding: EventCoding) -> list[Change]:
    events = _document(files, EVENTS).get("events") or []
    if any(isinstance(e, dict) and e.get("id") == coding.id for e in events):
        raise ValueError(f"an event with the id {coding.id!r} is there already")
    return [Change(EVENTS, ("events",), [*events, coding.entry()])]


def add_action(files: DataFiles, coding: ActionCoding) -> list[Change]:
    doc = _document(files, STRATEGY)
    tiers = doc.get("tiers") or []
    t = _index(tiers, "id", coding.tier, "tier")
    goals = tiers[t].get("goals") or []
    g = _index(goals, "id", coding.goal, "goal")
    actions = goals[g].get("actions") or []
    return [Change(STRATEGY, ("tiers", t, "goals", g, "actions"), [*actions, coding.entry()])]


# ---------------------------------------------------------------- codings already there


@dataclass(frozen=True)
class Placed:
    """A coding already in the dataset that quotes a passage, and where its entry is."""

    kind: str  # value, event, action
    label: str
    file: str
    path: tuple[str | int, ...]  # the entry's place in its file (a list item)
    entry: dict[str, Any]


def placed(files: DataFiles, quote_text: str | None = None) -> Iterator[Placed]:
    """The values, events and strategy actions of the files (whose quote is in `quote_text`,
    when given: a paragraph's), each with its entry's place."""
    folded = normalise(quote_text) if quote_text is not None else None

    def wanted(entry: Any) -> bool:
        quote = entry.get("quote") if isinstance(entry, dict) else None
        return isinstance(quote, str) and (folded is None or normalise(quote) in folded)

    for i, tp in enumerate(_document(files, THIRD_PARTIES).get("third_parties") or []):
        for side, dims in (tp.get("relations") or {}).items():
            for dim, entries in (dims or {}).items():
                for k, entry in enumerate(entries or []):
                    if wanted(entry):
                        label = (f"{tp.get('name')} / {side} / {dim} / {entry.get('years')}: "
                                 f"{entry.get('value')}")  # fmt: skip
                        path = ("third_parties", i, "relations", side, dim, k)
                        yield Placed("value", label, THIRD_PARTIES, path, entry)
    for k, event in enumerate(_document(files, EVENTS).get("events") or []):
        if wanted(event):
            yield Placed("event", str(event.get("title")), EVENTS, ("events", k), event)
    for t, tier in enumerate(_document(files, STRATEGY).get("tiers") or []):
        for g, goal in enumerate(tier.get("goals") or []):
            for k, action in enumerate(goal.get("actions") or []):
                if wanted(action):
                    path = ("tiers", t, "goals", g, "actions", k)
                    yield Placed("action", str(action.get("title")), STRATEGY, path, action)


def _parent(files: DataFiles, item: Placed) -> list[Any]:
    node: Any = _document(files, item.file)
    for part in item.path[:-1]:
        node = node[part]
    return list(node)


def remove(files: DataFiles, item: Placed) -> list[Change]:
    """The change that takes the entry out of its list (a value's list left empty becomes
    not coded: null)."""
    entries = _parent(files, item)
    k = int(item.path[-1])
    if entries[k] != item.entry:
        raise ValueError("the entry has changed since it was read")
    rest = entries[:k] + entries[k + 1 :]
    value: Any = rest if rest or item.kind != "value" else None
    return [Change(item.file, item.path[:-1], value)]


def replace(files: DataFiles, item: Placed, entry: dict[str, Any]) -> list[Change]:
    """The change that puts `entry` in the place of the coding's entry."""
    entries = _parent(files, item)
    k = int(item.path[-1])
    if entries[k] != item.entry:
        raise ValueError("the entry has changed since it was read")
    entries[k] = entry
    return [Change(item.file, item.path[:-1], entries)]


def coding_problems(ds: Dataset, source_text: str | None) -> Iterable[Problem]:
    """What `check-quotes` and `check-evidence` say of a would-be dataset: a form's coding must
    pass them before it is written, as it must pass `validate`."""
    if source_text is not None:
        yield from check_quotes(ds, source_text)
    yield from check_evidence(ds)


def new_problems(before: Dataset, after: Dataset, source_text: str | None) -> list[Problem]:
    """coding_problems of `after` that `before` did not have: a coding is refused for what it
    brings, not for what the dataset had already."""
    seen = {(p.file, p.message) for p in coding_problems(before, source_text)}
    return [p for p in coding_problems(after, source_text) if (p.file, p.message) not in seen]
