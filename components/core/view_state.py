"""Each page's view state, declared once: a frozen dataclass per page whose fields say which URL
parameter holds them, which values are allowed for a dataset and what the default is.

`from_params(ds, params)` reads an address (a dict of query parameters, as Streamlit, a scene or
a permalink gives them), keeps what is valid and fills defaults; `to_params()` writes the state
back. Widgets, the address, permalinks, scenes, follow mode, exports and screenshots all go
through these, so what a widget shows is what a chart shows. No Streamlit here.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar, Self

from components.core import url_params
from components.dataset.models import STATUSES, Dataset, day_span

Raw = str | Sequence[str] | None
MAX_TEXT = 200  # characters of free text kept from an address
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Spec:
    """How one state field lives in the address.

    kind: "one" (one of `options`), "many" (a comma list of `options`, kept in their order),
    "text" (free text, cut to MAX_TEXT), "date" (an ISO day between `bounds`), "id" (an id
    that `check` accepts for the dataset, e.g. a value's id)."""

    param: str
    kind: str
    options: Callable[[Dataset], Sequence[str]] | None = None
    default: Callable[[Dataset], Any] | None = None
    cast: Callable[[str], Any] = str
    bounds: Callable[[Dataset], tuple[date, date]] | None = None
    check: Callable[[Dataset, str], bool] | None = None
    label: str = ""  # what the field is, in a notice ("third party"); the parameter if unset
    names: Callable[[Dataset], Mapping[str, str]] | None = None  # option -> its name, for people

    def allowed(self, ds: Dataset) -> list[str]:
        return list(self.options(ds)) if self.options else []

    def fallback(self, ds: Dataset) -> Any:
        if self.default is not None:
            return self.default(ds)
        return () if self.kind == "many" else None

    def read(self, ds: Dataset, raw: Raw) -> Any:
        """The value an address gives, or the default where it is missing or not allowed."""
        if self.kind == "many":
            items = {self.nearest(ds, x) or x for x in _items(raw)}
            allowed = self.allowed(ds)
            return tuple(self.cast(x) for x in allowed if x in items)
        text = _last(raw)
        if text is None:
            return self.fallback(ds)
        if self.kind == "text":
            return _CONTROL.sub("", text)[:MAX_TEXT].strip()
        if self.kind == "id":
            text = text.strip()[:MAX_TEXT]
            return text if self.check is not None and self.check(ds, text) else self.fallback(ds)
        if self.kind == "date":
            low, high = self.bounds(ds) if self.bounds else (date.min, date.max)
            try:
                day = date.fromisoformat(text.strip())
            except ValueError:
                return self.fallback(ds)
            return day if low <= day <= high else self.fallback(ds)
        if text in self.allowed(ds):
            return self.cast(text)
        near = self.nearest(ds, text)
        return self.cast(near) if near is not None else self.fallback(ds)

    def nearest(self, ds: Dataset, text: str) -> str | None:
        """The option a mistyped value most likely meant: the same but for case, an option's
        name, or a close spelling of either ("rusia": "russia"); None when none is close. Not
        for numbers: a year not in the dataset is no misspelling of another."""
        if self.cast is not str or self.options is None:
            return None
        allowed = self.allowed(ds)
        named = {k: v for k, v in (self.names(ds) if self.names else {}).items() if k in allowed}
        folded = {a.casefold(): a for a in allowed}
        folded.update({name.casefold(): key for key, name in named.items()})
        wanted = text.strip().casefold()
        if wanted in folded:
            return folded[wanted]
        close = difflib.get_close_matches(wanted, list(folded), n=1, cutoff=0.8)
        return folded[close[0]] if close else None

    def name(self, ds: Dataset, value: Any) -> str:
        """A value as people call it (a third party's name), for a notice."""
        names = self.names(ds) if self.names else {}
        return names.get(str(value), str(value))

    def notices(self, ds: Dataset, raw: Raw) -> list[str]:
        """What an address asked for that this field could not show as asked, and what it shows
        instead, in words: for the visible notice of a mistyped link."""
        label = self.label or self.param
        if self.kind == "text" or raw is None:
            return []
        if self.kind == "many":
            allowed = self.allowed(ds)
            out = []
            for item in _items(raw):
                if item in allowed:  # the common case, on every run: nothing to look up
                    continue
                near = self.nearest(ds, item)
                if near is not None and item.casefold() in (
                    near.casefold(),
                    self.name(ds, near).casefold(),
                ):
                    continue
                out.append(
                    f"No {label} '{item}' in this dataset: showing {self.name(ds, near)}."
                    if near is not None
                    else f"No {label} '{item}' in this dataset: left out."
                )
            return out
        text = _last(raw)
        if text is None or text == "" or (self.kind == "one" and text in self.allowed(ds)):
            return []  # the common case, on every run of every page: no reading twice
        value = self.read(ds, raw)
        if self.kind == "date":
            ok = isinstance(value, date) and value.isoformat() == text.strip()
            shown = value.isoformat() if isinstance(value, date) else value
            return [] if ok else [f"'{text}' is not a date in this dataset: showing {shown}."]
        if self.kind == "id":
            return [] if value == text.strip() else [f"No {label} '{text}' in this dataset."]
        if value is None:
            return [f"No {label} '{text}' in this dataset."]
        shown = self.name(ds, value)
        near = self.nearest(ds, text)
        if near is not None and value == self.cast(near):
            if text.strip().casefold() in (near.casefold(), shown.casefold()):
                return []  # another way of writing it ("Russia" for "russia"): no mistake
            return [f"No {label} '{text}': did you mean {shown}? Showing {shown}."]
        if self.cast is int:
            return [f"{text} is not a {label} in this dataset: showing {shown}."]
        return [f"No {label} '{text}' in this dataset: showing {shown}."]

    def problems(self, ds: Dataset, raw: Raw) -> list[str]:
        """What is wrong with a value an author wrote (scenes.yaml), in words."""
        if self.kind in ("text",):
            return []
        if self.kind == "id":
            text = _last(raw) or ""
            ok = self.check is not None and self.check(ds, text)
            return [] if ok else [f"{text!r} is not a valid {self.param}"]
        if self.kind == "date":
            text = _last(raw) or ""
            low, high = self.bounds(ds) if self.bounds else (date.min, date.max)
            try:
                day = date.fromisoformat(text)
            except ValueError:
                return [f"{text!r} is not a date (YYYY-MM-DD)"]
            if not low <= day <= high:
                return [f"{text} is outside {low}..{high}"]
            return []
        allowed = self.allowed(ds)
        values = sorted(_items(raw)) if self.kind == "many" else [_last(raw) or ""]
        shown = ", ".join(allowed[:8]) + (", ..." if len(allowed) > 8 else "")
        wrong = [v for v in values if v not in allowed]
        return [f"{v!r} is not a valid {self.param} (allowed: {shown})" for v in wrong]

    def write(self, value: Any) -> str | None:
        """The value as the address writes it ("" and empty lists: left out)."""
        if self.kind == "many":
            return ",".join(str(x) for x in value) or None
        if value is None or value == "":
            return None
        return value.isoformat() if isinstance(value, date) else str(value)


def _last(raw: Raw) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, str):
        return raw
    return raw[-1] if raw else None


def _items(raw: Raw) -> list[str]:
    """A list parameter: comma separated (old links), repeated, or both."""
    if raw is None:
        return []
    parts = [raw] if isinstance(raw, str) else list(raw)
    return [x.strip() for part in parts for x in part.split(",") if x.strip()]


SPEC = "spec"
QUIET = (url_params.EVIDENCE, url_params.CONFIDENCE)  # left out of an address at their defaults


def param(spec: Spec) -> Any:
    return field(metadata={SPEC: spec})


class ViewState:
    """Base of every page's state (a frozen dataclass). PAGE names the route."""

    PAGE: ClassVar[str] = ""

    @classmethod
    def specs(cls) -> dict[str, Spec]:
        """Field name -> its spec, in declaration order."""
        return {f.name: f.metadata[SPEC] for f in dataclasses.fields(cls)}  # type: ignore[arg-type]

    @classmethod
    def params(cls) -> tuple[str, ...]:
        """The URL parameters this page understands."""
        return tuple(spec.param for spec in cls.specs().values())

    @classmethod
    def spec(cls, name: str) -> Spec:
        return cls.specs()[name]

    @classmethod
    def from_params(cls, ds: Dataset, params: Mapping[str, Raw]) -> Self:
        """The state an address asks for: valid values kept, the rest from the defaults."""
        values = {name: spec.read(ds, params.get(spec.param)) for name, spec in cls.specs().items()}
        return cls(**values).settle(ds)  # type: ignore[call-arg]

    @classmethod
    def notices(cls, ds: Dataset, params: Mapping[str, Raw]) -> list[str]:
        """What the address asked for that the view cannot show as asked, and what it shows
        instead (the nearest valid view), one sentence each."""
        return [
            notice
            for spec in cls.specs().values()
            for notice in spec.notices(ds, params.get(spec.param))
        ]

    @classmethod
    def default(cls, ds: Dataset) -> Self:
        return cls.from_params(ds, {})

    @classmethod
    def problems(cls, ds: Dataset, params: Mapping[str, Raw]) -> dict[str, list[str]]:
        """Parameter -> what is wrong with it, for a state written by hand (scenes.yaml)."""
        by_param = {spec.param: spec for spec in cls.specs().values()}
        out: dict[str, list[str]] = {}
        for name, raw in params.items():
            spec = by_param.get(name)
            if spec is None:
                continue  # the caller reports unknown parameters with the page's list
            found = spec.problems(ds, raw)
            if found:
                out[name] = found
        return out

    def settle(self, ds: Dataset) -> Self:
        """Resolve what depends on several fields (e.g. an event outside the filters)."""
        del ds
        return self

    def full_params(self) -> dict[str, str]:
        """Every parameter of the state as its widget shows it, defaults included."""
        out = {}
        for name, spec in self.specs().items():
            text = spec.write(getattr(self, name))
            if text is not None:
                out[spec.param] = text
        return out

    def to_params(self) -> dict[str, str]:
        """The address of the state. Parameters of how it is read (evidence, confidence) are
        written only when they differ from the default, so plain links stay as they were."""
        quiet = {
            spec.param: spec.write(spec.default(None))
            for spec in self.specs().values()
            if spec.param in QUIET and spec.default is not None
        }
        return {k: v for k, v in self.full_params().items() if quiet.get(k, object()) != v}

    def for_charts(self) -> Self:
        """The state with the fields the page's charts do not depend on at their defaults, so
        views that draw the same charts share one cached copy."""
        return self

    def replace(self, **changes: Any) -> Self:
        return dataclasses.replace(self, **changes)  # type: ignore[type-var]


# ---------------------------------------------------------------- what the dataset allows


def years(ds: Dataset) -> list[str]:
    return [str(y) for y in ds.meta.years]


def last_year(ds: Dataset) -> int:
    return max(ds.meta.years)


def dimensions(ds: Dataset) -> list[str]:
    return ["overall", *(d.id for d in ds.meta.dimensions)]


def third_parties(ds: Dataset) -> list[str]:
    return [tp.id for tp in ds.third_parties]


def third_party_names(ds: Dataset) -> dict[str, str]:
    return {tp.id: tp.name for tp in ds.third_parties}


def dimension_names(ds: Dataset) -> dict[str, str]:
    return {"overall": "Overall", **{d.id: d.name for d in ds.meta.dimensions}}


def first_third_party(ds: Dataset) -> str:
    return ds.third_parties[0].id


STATUS_ORDER = STATUSES


def action_ids(ds: Dataset) -> list[str]:
    return [a.id for tier in ds.strategy.tiers for goal in tier.goals for a in goal.actions] + [
        m.id for m in ds.strategy.counter_moves
    ]


def period(ds: Dataset) -> tuple[date, date]:
    return date(ds.meta.event_period.start, 1, 1), date(ds.meta.event_period.end, 12, 31)


# ---------------------------------------------------------------- the pages


EVIDENCE = ("all", "quoted")  # every coded value, or only those quoted verbatim
CONFIDENCE = ("low", "medium", "high")  # the least confidence a value needs to count


class Reading:
    """How sure the view must be: a state's evidence and confidence fields (mixed into the
    overview's and the comparison's states)."""

    evidence: str
    confidence: str

    @property
    def strict(self) -> bool:
        return self.evidence != EVIDENCE[0] or self.confidence != CONFIDENCE[0]

    @property
    def quoted_only(self) -> bool:
        return self.evidence == "quoted"


def _setting(name: str, options: tuple[str, ...], label: str) -> Any:
    """How the view is read (its evidence or confidence): one of `options`, the first by default."""
    return param(Spec(name, "one", lambda ds: options, lambda ds: options[0], label=label))


def _evidence() -> Any:
    return _setting(url_params.EVIDENCE, EVIDENCE, "evidence setting")


def _confidence() -> Any:
    return _setting(url_params.CONFIDENCE, CONFIDENCE, "confidence setting")


def _year() -> Any:
    return param(Spec(url_params.YEAR, "one", years, last_year, int, label="year"))


def _dimension() -> Any:
    spec = Spec(url_params.DIMENSION, "one", dimensions, lambda ds: "overall", label="dimension",
                names=dimension_names)  # fmt: skip
    return param(spec)


def _third_party() -> Any:
    spec = Spec(url_params.THIRD_PARTY, "one", third_parties, first_third_party,
                label="third party", names=third_party_names)  # fmt: skip
    return param(spec)


def _many(name: str, label: str, named: Callable[[Dataset], dict[str, str]]) -> Any:
    """A filter of the dataset's ids, in the dataset's order (none chosen means all)."""
    return param(Spec(name, "many", lambda ds: list(named(ds)), label=label, names=named))


def _is_value(ds: Dataset, text: str) -> bool:
    from components.core.cite import parse

    return parse(ds, text) is not None


def _value() -> Any:
    """The value whose evidence is open (third party, [side,] dimension, year), or none (the
    default, so a state can be made without it)."""
    spec = Spec(url_params.VALUE, "id", check=_is_value, label="value")
    return field(default=None, metadata={SPEC: spec})


@dataclass(frozen=True)
class OverviewState(ViewState, Reading):
    PAGE: ClassVar[str] = "overview"
    year: int = _year()
    evidence: str = _evidence()
    confidence: str = _confidence()
    value: str | None = _value()

    def for_charts(self) -> Self:
        return self.replace(value=None)  # the evidence open over the chart


@dataclass(frozen=True)
class ComparisonState(ViewState, Reading):
    PAGE: ClassVar[str] = "comparison"
    year: int = _year()
    dimension: str = _dimension()
    third_party: str = _third_party()
    evidence: str = _evidence()
    confidence: str = _confidence()
    value: str | None = _value()

    def for_charts(self) -> Self:
        # the profile below the charts, and the evidence open over them
        return self.replace(third_party="", value=None)


@dataclass(frozen=True)
class NetworkState(ViewState, Reading):
    PAGE: ClassVar[str] = "network"
    year: int = _year()
    dimension: str = _dimension()
    evidence: str = _evidence()
    confidence: str = _confidence()
    value: str | None = _value()

    def for_charts(self) -> Self:
        return self.replace(value=None)


@dataclass(frozen=True)
class StrategyState(ViewState):
    """statuses: the outcomes shown; none chosen means all."""

    PAGE: ClassVar[str] = "strategy"
    statuses: tuple[str, ...] = param(
        Spec(url_params.STATUS, "many", lambda ds: STATUS_ORDER, label="outcome")
    )
    # an action or counter-move a link points at: shown first and marked
    action: str | None = field(
        default=None,
        metadata={SPEC: Spec(url_params.ACTION, "one", action_ids, label="strategy action")},
    )

    def for_charts(self) -> Self:
        return self.replace(action=None)

    @property
    def shown(self) -> tuple[str, ...]:
        return self.statuses or STATUS_ORDER


@dataclass(frozen=True)
class TimelineState(ViewState):
    """Filters (none chosen means all), the dates shown and the selected event. The event is
    settled to one the filters keep (the first, where the address names another or none)."""

    PAGE: ClassVar[str] = "timeline"
    actors: tuple[str, ...] = _many(
        url_params.ACTORS, "actor", lambda ds: {a.id: a.name for a in ds.meta.actors}
    )
    third_parties: tuple[str, ...] = _many(
        url_params.THIRD_PARTIES, "third party", third_party_names
    )
    categories: tuple[str, ...] = _many(
        url_params.CATEGORIES,
        "category",
        lambda ds: {c.id: c.name for c in ds.meta.event_categories},
    )
    tiers: tuple[str, ...] = _many(
        url_params.TIERS, "tier", lambda ds: {t.id: t.title for t in ds.strategy.tiers}
    )
    start: date = param(
        Spec(url_params.DATE_FROM, "date", default=lambda ds: period(ds)[0], bounds=period)
    )
    end: date = param(
        Spec(url_params.DATE_TO, "date", default=lambda ds: period(ds)[1], bounds=period)
    )
    event: str | None = param(
        Spec(url_params.EVENT, "one", lambda ds: [e.id for e in ds.events], label="event")
    )

    def settle(self, ds: Dataset) -> Self:
        start, end = sorted((self.start, self.end))
        state = self.replace(start=start, end=end)
        ids = state.event_ids(ds)
        if state.event not in ids:
            state = state.replace(event=ids[0] if ids else None)
        return state

    def event_ids(self, ds: Dataset) -> list[str]:
        """The ids of the events these filters keep, in date order."""
        kept = []
        for order, ev in enumerate(ds.events):
            first, last = day_span(ev.date, ev.precision)
            if self.actors and not set(ev.actors) & set(self.actors):
                continue
            if self.third_parties and not set(ev.third_parties) & set(self.third_parties):
                continue
            if self.categories and ev.category not in self.categories:
                continue
            if self.tiers and ev.tier not in self.tiers:
                continue
            if last < self.start or first > self.end:
                continue
            kept.append((first, last, order, ev.id))
        return [ident for *_, ident in sorted(kept)]

    @property
    def span(self) -> str:
        """The years the view covers, as exports stamp them."""
        if self.start.year == self.end.year:
            return f"{self.start:%Y}"
        return f"{self.start:%Y}-{self.end:%Y}"


@dataclass(frozen=True)
class MethodState(ViewState):
    PAGE: ClassVar[str] = "method"
    query: str = param(Spec(url_params.SEARCH, "text", default=lambda ds: ""))


@dataclass(frozen=True)
class ScenesState(ViewState):
    PAGE: ClassVar[str] = "scenes"


@dataclass(frozen=True)
class WallState(ViewState):
    """A seminar's wall: one scene (the address's `scene`, common to every page) as a slide."""

    PAGE: ClassVar[str] = "wall"


@dataclass(frozen=True)
class ConsoleState(ViewState):
    """The presenter's console: what the wall shows, what comes next, notes and time."""

    PAGE: ClassVar[str] = "console"


@dataclass(frozen=True)
class JoinState(ViewState):
    """The join screen: the follow address as a QR code and in short, and who has joined."""

    PAGE: ClassVar[str] = "join"


@dataclass(frozen=True)
class HealthState(ViewState):
    PAGE: ClassVar[str] = "health"


@dataclass(frozen=True)
class ArticleState(ViewState):
    PAGE: ClassVar[str] = "article"


@dataclass(frozen=True)
class ReconcileState(ViewState):
    PAGE: ClassVar[str] = "reconcile"


def as_mapping(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Query pairs (repeated keys allowed) -> name -> values."""
    out: dict[str, list[str]] = {}
    for name, value in pairs:
        out.setdefault(name, []).append(value)
    return out
