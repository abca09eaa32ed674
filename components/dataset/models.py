"""Pydantic models of the dataset's four files: the shape of every field, nothing cross-file.

Cross-references, the scale, year coverage and evidence rules are checked in load.py, where
the location of each problem is known.
"""

from __future__ import annotations

import calendar
import re
import types
import typing
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=60)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Confidence = Literal["high", "medium", "low"]
Precision = Literal["day", "month", "year"]
Kind = Literal["country", "organisation", "group"]
Marker = Literal["circle", "diamond", "square", "triangle-up", "triangle-down", "cross", "x"]

YEARS_RE = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _years(value: Any) -> str:
    if isinstance(value, bool):
        raise PydanticCustomError("years", "expected a year (2015) or a span (2014-2016)")
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str) or not YEARS_RE.match(value.strip()):
        raise PydanticCustomError(
            "years", "{value} is not a year (2015) or a span (2014-2016)", {"value": repr(value)}
        )
    return value.strip()


def _date(value: Any) -> str:
    if not isinstance(value, str) or not DATE_RE.match(value):
        raise PydanticCustomError(
            "date",
            "{value} is not a date (YYYY, YYYY-MM or YYYY-MM-DD, quoted as a string)",
            {"value": repr(value)},
        )
    return value


Years = Annotated[
    str,
    BeforeValidator(_years),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1900, "maximum": 2100},
                {"type": "string", "pattern": YEARS_RE.pattern},
            ],
            "description": "One year (2015) or an inclusive span (2014-2016).",
        }
    ),
]
DateText = Annotated[
    str,
    BeforeValidator(_date),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": DATE_RE.pattern,
            "description": "YYYY, YYYY-MM or YYYY-MM-DD, matching `precision`.",
        }
    ),
]


def year_span(years: str) -> tuple[int, int]:
    """'2014-2016' -> (2014, 2016); '2015' -> (2015, 2015)."""
    match = YEARS_RE.match(years)
    if not match:
        raise ValueError(years)
    start = int(match.group(1))
    return start, int(match.group(2) or start)


def day_span(text: str, precision: str) -> tuple[date, date]:
    """The first and last day a date stands for: '2015-10' (month) -> 1 to 31 October 2015."""
    parts = [int(p) for p in text.split("-")]
    if precision == "year" or len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if precision == "month" or len(parts) == 2:
        first = date(parts[0], parts[1], 1)
        return first, date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    day = date(*parts)
    return day, day


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------- meta.yaml


Alias = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=80)]
ISO3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class Actor(Strict):
    id: Id
    name: Text
    short_name: Text
    # the word that goes before the short name in running text ("the" Senate), if any
    article: Annotated[str, StringConstraints(pattern=r"^[a-z]+$", max_length=12)] | None = None
    color: Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
    marker: Marker
    aliases: list[Alias] = []

    @property
    def phrase(self) -> str:
        """The short name as running text writes it: 'the Alliance' (with an article), 'Rome'."""
        return f"{self.article} {self.short_name}" if self.article else self.short_name


class Level(Strict):
    value: StrictInt
    label: Text
    definition: Text
    # what a value needs to reach this level, and passages of the source that meet it
    threshold: Text | None = None
    examples: list[Text] = Field(default=[], max_length=6)


class Scale(Strict):
    description: Text
    levels: list[Level] = Field(min_length=2, max_length=21)


class Dimension(Strict):
    id: Id
    name: Text
    definition: Text


class Category(Strict):
    id: Id
    name: Text
    definition: Text


class Period(Strict):
    start: StrictInt
    end: StrictInt


class Source(Strict):
    id: Id
    title: Text
    subtitle: Text | None = None
    author: Text
    affiliation: Text | None = None
    outlet: Text
    date: Text
    date_note: Text | None = None
    address: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    address_note: Text | None = None
    # the source's plain text: a file name (no folders), looked up beside the dataset's files
    # (in its folder, or in the uploaded ZIP), then in the sources folder (quotes.sources_dir:
    # TUGOFWAR_SOURCES, else ../shared/sources beside the repository)
    text_file: (
        Annotated[
            str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*\.txt$", max_length=120)
        ]
        | None
    ) = None


class MapView(Strict):
    """The regional map: the country it centres on, and the box of longitudes and latitudes
    it shows (every size of screen shows the whole box)."""

    home: ISO3 | None = None
    home_name: Text | None = None
    lon: Annotated[list[float], Field(min_length=2, max_length=2)]
    lat: Annotated[list[float], Field(min_length=2, max_length=2)]


class Finding(Strict):
    """A key finding shown on the overview, with the article's words for it."""

    id: Id
    title: Text
    text: Text
    quote: Text
    years: Years
    third_parties: list[Id] = []
    leans: dict[Id, Id] = {}

    @property
    def span(self) -> tuple[int, int]:
        return year_span(self.years)


Coefficient = Annotated[float, Field(ge=-1, le=1)]
Count = Annotated[StrictInt, Field(ge=0)]


class Reliability(Strict):
    """How far a second, independent coding of the same source agrees with this one, as
    `tugofwar agree DATA SECOND` computes it (a test holds the two equal), and how the
    disagreements were adjudicated. Shown on the method page."""

    coder: Text  # who or what made the second coding, from exactly which inputs
    second_coding: Text  # where it is kept (a path in the repository, or an address)
    pairable: Annotated[int, Field(ge=0)]  # cells both codings give a value
    one_only: Annotated[int, Field(ge=0)]  # cells only one coding gives a value
    alpha: Coefficient | None  # Krippendorff's ordinal alpha over all cells
    alpha_by_dimension: dict[Id, Coefficient | None] = {}
    alpha_before: Coefficient | None = None  # before the adjudication
    alpha_by_dimension_before: dict[Id, Coefficient | None] = {}
    # per dimension, before the adjudication: cells by this coding's value (rows) and the second's
    # (columns), each over the scale's levels in order and then "not coded" (load.py checks the
    # shape against the scale)
    confusion_before: dict[Id, list[list[Count]]] = Field(default={}, max_length=9)
    disagreements: Annotated[int, Field(ge=0)]  # cells decided, before the adjudication
    kept: Annotated[int, Field(ge=0)] = 0  # this coding's value kept
    taken: Annotated[int, Field(ge=0)] = 0  # the second coding's value taken
    third: Annotated[int, Field(ge=0)] = 0  # a third value
    record: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    note: Text | None = None


# Bounds within which every page draws a dataset (validate refuses what lies outside them).
FIRST_YEAR, LAST_YEAR = 1900, 2100
MAX_YEARS = 30
MAX_THIRD_PARTIES = 300
MAX_EVENTS = 1000
MAX_ITEMS = 200  # tiers, goals, actions, counter-moves, findings, sources, categories, levels


class Meta(Strict):
    version: Text
    title: Text
    years: list[StrictInt] = Field(min_length=1, max_length=MAX_YEARS)
    event_period: Period
    # the two sides of the contest, in the order the charts set them (first on the left)
    actors: list[Actor] = Field(min_length=2, max_length=2)
    scale: Scale
    dimensions: list[Dimension] = Field(max_length=8)
    coding_rules: list[Text] = Field(default=[], max_length=MAX_ITEMS)
    sources: list[Source] = Field(min_length=1, max_length=MAX_ITEMS)
    event_categories: list[Category] = Field(min_length=1, max_length=12)
    findings: list[Finding] = Field(default=[], max_length=MAX_ITEMS)
    map: MapView | None = None
    reliability: Reliability | None = None


# ---------------------------------------------------------------- third_parties.yaml


class Rating(Strict):
    """One value for one actor, one third party, one dimension, over one year or a span."""

    years: Years
    value: StrictInt | None
    confidence: Confidence | None = None
    rationale: Text
    quote: Text | None = None
    inferred: StrictBool = False
    reasoning: Text | None = None
    # how a second coding's disagreement over this value was decided, and by which rule
    adjudication: Text | None = None

    @property
    def span(self) -> tuple[int, int]:
        return year_span(self.years)


# actor id -> "overall" or a dimension id -> ratings (null: not coded in any year)
Relations = dict[str, dict[str, list[Rating] | None]]


class ThirdParty(Strict):
    id: Id
    name: Text
    short_name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                 max_length=24)] | None = None  # fmt: skip
    aliases: list[Alias] = []
    kind: Kind
    iso3: ISO3 | None = None
    map_countries: list[ISO3] = []
    region: Text
    note: Text | None = None
    relations: Relations


class ThirdPartiesFile(Strict):
    third_parties: list[ThirdParty] = Field(min_length=1, max_length=MAX_THIRD_PARTIES)


# ---------------------------------------------------------------- events.yaml


class Event(Strict):
    id: Id
    date: DateText
    precision: Precision
    title: Text
    description: Text
    # the sides it involves; none for an event of the context (a coup in a third country), which
    # the timeline shows on its third parties' lanes, or on a lane of its own with none
    actors: list[Id]
    third_parties: list[Id]
    category: Id
    tier: Id | None
    basis: Literal["stated", "context"]
    quote: Text
    date_note: Text | None = None
    # where a date the source does not give comes from: the public record it was checked against
    date_source: Text | None = None


class EventsFile(Strict):
    events: list[Event] = Field(max_length=MAX_EVENTS)  # none yet: a case starts with its values


# ---------------------------------------------------------------- strategy.yaml


Status = Literal["achieved", "partial", "stalled", "reversed", "not-judged"]
STATUSES: tuple[str, ...] = typing.get_args(Status)  # in the order the tracker shows them


def status_label(status: str) -> str:
    """'not-judged' -> 'Not judged': an outcome status as the pages write it."""
    return status.replace("-", " ").capitalize()


class Outcome(Strict):
    status: Status
    judged: StrictInt
    rationale: Text
    quote: Text


class Dated(Strict):
    """Something done on a date the article supports, or on none (date null, with a note)."""

    date: DateText | None
    precision: Precision | None = None
    date_note: Text | None = None


class Action(Dated):
    id: Id
    title: Text
    events: list[Id]
    third_parties: list[Id]
    quote: Text
    outcome: Outcome


class Goal(Strict):
    id: Id
    title: Text
    quote: Text
    actions: list[Action] = Field(min_length=1, max_length=MAX_ITEMS)


class Tier(Strict):
    id: Id
    number: StrictInt
    title: Text
    quote: Text
    goals: list[Goal] = Field(min_length=1, max_length=MAX_ITEMS)
    # whose part of a strategy it is (an actor id): without it, the first actor's; a case where
    # both sides have a strategy gives each side's tiers, and each is answered by the other
    actor: Id | None = None


class CounterMove(Dated):
    id: Id
    tier: Id  # the tier it answers: its side is the other one
    title: Text
    events: list[Id]
    third_parties: list[Id]
    quote: Text


class Summary(Strict):
    quote: Text


class StrategyFile(Strict):
    """The first actor's strategy in parts (tiers, or what the dataset calls them), goals and
    actions, and the second actor's counter-moves."""

    # what the first actor's strategy is called, e.g. "Caesar's three-front strategy"
    title: Text | None = None
    # its page's name in the menu, the scene list and the exports, e.g. "Three-front strategy"
    # (without it: "Strategy")
    short_title: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)] | None
    ) = None
    # what one of its parts is called, e.g. "Track" or "Front" (without it: "Tier")
    tier_name: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=24)] | None
    ) = None
    summary: Summary
    tiers: list[Tier] = Field(min_length=1, max_length=MAX_ITEMS)
    counter_moves: list[CounterMove] = Field(max_length=MAX_ITEMS)

    def part(self, number: int) -> str:
        """'Tier 2', or what the dataset calls its parts ('Track 2')."""
        return f"{self.tier_name or 'Tier'} {number}"

    def sides(self, first: str) -> set[str]:
        """The actors whose strategy this is (`first`: the first actor's id, a tier's default)."""
        return {tier.actor or first for tier in self.tiers}


# ---------------------------------------------------------------- the whole


class Dataset(Strict):
    """The validated dataset. `locate` maps (file, path) to a line for messages and quotes."""

    meta: Meta
    third_parties: list[ThirdParty]
    events: list[Event]
    strategy: StrategyFile

    _lines: dict[tuple[str, tuple[str | int, ...]], int] = PrivateAttr(default_factory=dict)
    _files: dict[str, bytes] = PrivateAttr(default_factory=dict)
    _origin: str = PrivateAttr(default="")
    _texts: dict[str, bytes] = PrivateAttr(default_factory=dict)  # source texts an upload carried
    _folder: str = PrivateAttr(default="")  # the data directory it was read from ("" uploaded)

    @property
    def files(self) -> dict[str, bytes]:
        """The bytes the dataset was read from, by file name (a copy)."""
        return dict(self._files)

    @property
    def origin(self) -> str:
        """Where it was read from: a data directory, or an upload's name."""
        return self._origin

    def locate(self, file: str, path: tuple[str | int, ...]) -> int:
        for end in range(len(path), -1, -1):
            line = self._lines.get((file, tuple(path[:end])))
            if line is not None:
                return line
        return 1

    def actor(self, actor_id: str) -> Actor:
        return next(a for a in self.meta.actors if a.id == actor_id)

    def tier_sides(self, tier: Tier) -> tuple[Actor, Actor]:
        """Whose tier it is, and who answers it with counter-moves (the other side)."""
        own = self.actor(tier.actor) if tier.actor else self.meta.actors[0]
        other = next(a for a in self.meta.actors if a.id != own.id)
        return own, other

    def tier_label(self, tier: Tier) -> str:
        """'Tier 2: Regional outreach', with whose tier it is where both sides have tiers
        ('Track 2 (the Salt Republic): ...')."""
        part = self.strategy.part(tier.number)
        if len(self.strategy.sides(self.meta.actors[0].id)) > 1:
            part += f" ({self.tier_sides(tier)[0].phrase})"
        return f"{part}: {tier.title}"

    def third_party(self, tp_id: str) -> ThirdParty:
        return next(t for t in self.third_parties if t.id == tp_id)

    def strategy_items(self) -> list[Action | CounterMove]:
        """Every strategy action, in tier and goal order, then every counter-move."""
        actions = [a for t in self.strategy.tiers for g in t.goals for a in g.actions]
        return [*actions, *self.strategy.counter_moves]

    def coded_count(self) -> int:
        """How many (third party, side, dimension or overall, year) cells carry a value.

        The count the long-form ratings table has (a span counts once per year, a later entry
        for the same year replaces an earlier one), without building the table.
        """
        years = set(self.meta.years)
        count = 0
        for tp in self.third_parties:
            for dims in tp.relations.values():
                for ratings in dims.values():
                    by_year = {}
                    for r in ratings or []:
                        start, end = r.span
                        for year in range(start, end + 1):
                            by_year[year] = r.value
                    count += sum(1 for y, v in by_year.items() if y in years and v is not None)
        return count


FILE_MODELS: dict[str, tuple[str, type[Strict]]] = {
    "meta": ("meta.yaml", Meta),
    "third_parties": ("third_parties.yaml", ThirdPartiesFile),
    "events": ("events.yaml", EventsFile),
    "strategy": ("strategy.yaml", StrategyFile),
}


# ---------------------------------------------------------------- scenes.yaml (optional)


MAX_OPTIONS = 6


# a question the room answers from their screens: pick one of 2-6 options...
class ChoiceQuestion(Strict):
    kind: Literal["choice"]
    prompt: Text
    options: list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                   max_length=120)]] = Field(
        min_length=2, max_length=MAX_OPTIONS
    )  # fmt: skip
    # the article's words the question rests on (verbatim, checked like every quote)
    passage: Text | None = None


# ...or code one value of the dataset on its scale, before they see the dataset's (its quote is
# the passage shown)
class CodeQuestion(Strict):
    kind: Literal["code"]
    third_party: Id
    side: Id
    dimension: Id = "overall"
    year: StrictInt
    # the question as the room reads it; by default "How close were <side> and <third party>
    # in <year> (<dimension>)?"
    prompt: Text | None = None


Question = Annotated[ChoiceQuestion | CodeQuestion, Field(discriminator="kind")]


# a seminar scene: a page's view (its URL parameters), a title and a prompt for the room (no
# docstring: it would become the JSON Schema's description)
class Scene(Strict):
    id: Id
    title: Text
    page: Id
    params: dict[str, str | int] = {}
    prompt: Text
    # the one chart of the page's view the wall shows (its key; the page's first when absent)
    chart: Id | None = None
    # what the presenter's console shows beside the scene: for the presenter, not the room
    notes: Text | None = None
    # a question the room answers (its id is the scene's)
    question: Question | None = None


class ScenesFile(Strict):
    scenes: list[Scene] = Field(min_length=1)


def unwrap(annotation: Any) -> tuple[Any, bool]:
    """A field's type inside Annotated and Optional, and whether None is allowed (what the
    loader's messages and the workbook's columns say a field takes)."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            annotation = args[0]
        else:
            return annotation, optional
