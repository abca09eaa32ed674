"""Load and validate the dataset: one entry point, one error type carrying every problem found.

`load_dataset(dir)` reads meta.yaml, third_parties.yaml, events.yaml and strategy.yaml safely
(files.py: files only, bounded), `load_files` parses and checks each against its model, then
checks what spans files (references, the scale, years, dates, evidence, and the bounds within
which every page can draw it). It returns a `Dataset` (which keeps the bytes it was read from)
or raises `DatasetError`; it never imports Streamlit.
"""

from __future__ import annotations

import difflib
import os
import typing
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from components.dataset.errors import DatasetError, Problem, format_path
from components.dataset.files import DataFiles, read_directory
from components.dataset.models import (
    FILE_MODELS,
    FIRST_YEAR,
    ID_PATTERN,
    LAST_YEAR,
    Dataset,
    Dated,
    EventsFile,
    Meta,
    Rating,
    StrategyFile,
    ThirdPartiesFile,
    unwrap,
)
from components.dataset.yaml_reader import LoadedYaml, parse_bytes

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA_DIR = PACKAGE_ROOT / "data"
DATA_ENV = "TUGOFWAR_DATA"

Loc = tuple[str | int, ...]

# What each pattern in models.py allows, in words for the person editing the YAML.
PATTERN_HINTS = {
    ID_PATTERN: "a valid id (lowercase letters, digits and single hyphens, e.g. saudi-arabia)",
    r"^[A-Z]{3}$": "an ISO 3166 alpha-3 code (three capital letters, e.g. PAK)",
    r"^#[0-9A-Fa-f]{6}$": "a colour as #RRGGBB (e.g. #0072B2)",
    r"^https?://\S+$": "a web address starting with http:// or https://",
}


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: an explicit one, else $TUGOFWAR_DATA, else the shipped data/."""
    chosen = explicit or os.environ.get(DATA_ENV) or DEFAULT_DATA_DIR
    return Path(chosen).expanduser()


def load_dataset(directory: str | os.PathLike[str] | None = None) -> Dataset:
    """Read and validate every file in the data directory; raise DatasetError with all problems."""
    root = data_dir(directory)
    if not root.is_dir():
        raise DatasetError(
            [
                Problem(
                    str(root),
                    1,
                    "",
                    f"data directory not found; point at one with --data DIR or {DATA_ENV}",
                )
            ]
        )
    return load_files(read_directory(root))


def load_path(path: str | os.PathLike[str]) -> Dataset:
    """A dataset from a data directory or a ZIP of its files (as the Method page's download
    and the uploader take them)."""
    target = Path(path)
    if target.is_file() and target.suffix.lower() == ".zip":
        from components.dataset.files import MAX_UPLOAD_BYTES, read_zip

        if target.stat().st_size > MAX_UPLOAD_BYTES:
            raise DatasetError(
                [Problem(target.name, 1, "", f"is over {MAX_UPLOAD_BYTES:,} bytes; refused")]
            )
        return load_files(read_zip(target.read_bytes(), target.name))
    return load_dataset(target)


def load_files(source: DataFiles) -> Dataset:
    """Parse and validate a dataset's files (bytes read by files.py); raise DatasetError with
    every problem, those met reading the files included."""
    problems: list[Problem] = list(source.problems)
    loaded: dict[str, LoadedYaml] = {}
    parsed: dict[str, BaseModel] = {}
    for key, (filename, model) in FILE_MODELS.items():
        raw = source.files.get(filename)
        if raw is None:  # reading it was refused, or it is missing: source.problems say which
            continue
        doc, errs = parse_bytes(raw, filename)
        problems += errs
        if doc is None:
            continue
        loaded[key] = doc
        if not isinstance(doc.data, dict):
            problems.append(
                Problem(
                    filename,
                    doc.line_of(()),
                    "",
                    f"expected a mapping at the top level with keys "
                    f"{', '.join(model.model_fields)}, found {_kind(doc.data)}",
                )
            )
            continue
        try:
            parsed[key] = model.model_validate(doc.data)
        except ValidationError as exc:
            problems += [_from_pydantic(err, filename, doc, model) for err in exc.errors()]
    if "meta" not in parsed:  # the scale, years and ids that every other check needs
        raise DatasetError(problems)

    # Cross-file checks run on every file that parsed, so one pass reports everything it can;
    # references into a file that did not parse are not checked (that file's errors say why).
    tps = typing.cast(ThirdPartiesFile | None, parsed.get("third_parties"))
    events = typing.cast(EventsFile | None, parsed.get("events"))
    strategy = typing.cast(StrategyFile | None, parsed.get("strategy"))
    dataset = Dataset.model_construct(
        meta=parsed["meta"],
        third_parties=tps.third_parties if tps else [],
        events=events.events if events else [],
        strategy=strategy or StrategyFile.model_construct(summary=None, tiers=[], counter_moves=[]),
    )
    dataset._lines = {
        (FILE_MODELS[key][0], path): line
        for key, doc in loaded.items()
        for path, line in doc.lines.items()
    }
    problems += check(dataset, complete=set(parsed))
    if problems:
        raise DatasetError(problems)
    dataset._files = dict(source.files)
    dataset._origin = source.origin
    dataset._texts = dict(source.texts)
    dataset._folder = source.folder
    return dataset


# ---------------------------------------------------------------- pydantic errors, located


def _kind(value: Any) -> str:
    return {list: "a list", str: "a string", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


def _from_pydantic(err: Any, filename: str, doc: LoadedYaml, model: type[BaseModel]) -> Problem:
    loc: Loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
    kind = err["type"]
    given = err.get("input")
    if kind == "missing":
        message = "required field is missing"
    elif kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        message = "unknown field" + (f" (allowed: {', '.join(allowed)})" if allowed else "")
    elif kind == "literal_error":
        message = f"{given!r} is not allowed (allowed: {err['ctx']['expected']})"
    elif kind in {"int_type", "string_type", "bool_type", "list_type", "dict_type", "model_type"}:
        want = {
            "int_type": "a whole number",
            "string_type": "text",
            "bool_type": "true or false",
            "list_type": "a list",
            "dict_type": "a mapping",
            "model_type": "a mapping",
        }[kind]
        message = f"expected {want}, found {_kind(given)} {given!r}"
    elif kind == "string_pattern_mismatch":
        pattern = err["ctx"]["pattern"]
        message = f"{given!r} is not {PATTERN_HINTS.get(pattern, f'of the form {pattern}')}"
    elif kind == "too_short":
        message = err["msg"].replace("List", "list") + " (it may not be empty)"
    else:
        message = err["msg"]
    return Problem(filename, doc.line_of(loc), format_path(loc), message)


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names allowed at loc inside model, for 'unknown field' messages."""
    annotation: Any = model
    for part in loc:
        annotation, _ = unwrap(annotation)
        if (
            isinstance(part, str)
            and isinstance(annotation, type)
            and issubclass(annotation, BaseModel)
        ):
            field = annotation.model_fields.get(part)
            if field is None:
                return []
            annotation = field.annotation
        elif typing.get_origin(annotation) in (list, dict):
            annotation = typing.get_args(annotation)[-1]
        else:
            return []
    annotation, _ = unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


# ---------------------------------------------------------------- checks across files


class _Checker:
    def __init__(self, dataset: Dataset):
        self.ds = dataset
        self.problems: list[Problem] = []

    def add(self, file: str, loc: Loc, message: str) -> None:
        self.problems.append(Problem(file, self.ds.locate(file, loc), format_path(loc), message))

    def unique(self, file: str, items: Iterable[tuple[Loc, str]], what: str) -> None:
        items = list(items)
        counts = Counter(item_id for _, item_id in items)
        for loc, item_id in items:
            if counts[item_id] > 1:
                self.add(file, loc, f"duplicate {what} id {item_id!r} (ids must be unique)")

    def refs(
        self, file: str, loc: Loc, values: Iterable[str], known: set[str] | None, what: str
    ) -> None:
        if known is None:  # the file defining these ids did not parse
            return
        for i, value in enumerate(values):
            if value not in known:
                self.add(file, (*loc, i), f"unknown {what} {value!r} ({_choices(known, value)})")


def _choices(known: set[str], given: object = None) -> str:
    """The allowed ids, and the likely one where the given id looks like a typo of it."""
    listed = sorted(known)
    guess = difflib.get_close_matches(str(given), listed, n=1, cutoff=0.75) if given else []
    hint = f"did you mean {guess[0]!r}? " if guess else ""
    if len(listed) > 12:
        return f"{hint}one of the {len(listed)} ids defined, e.g. {', '.join(listed[:6])}"
    return hint + "allowed: " + ", ".join(listed)


def check(ds: Dataset, complete: set[str] | None = None) -> Iterator[Problem]:
    """Every cross-file and semantic problem in a dataset whose files have the right shape.

    `complete` names the files that parsed (all by default); references into the others are
    not checked, since their contents are unknown.
    """
    complete = set(FILE_MODELS) if complete is None else complete
    c = _Checker(ds)
    meta = ds.meta
    m, t, e, s = (FILE_MODELS[k][0] for k in ("meta", "third_parties", "events", "strategy"))

    c.unique(m, ((("actors", i, "id"), a.id) for i, a in enumerate(meta.actors)), "actor")
    c.unique(m, ((("dimensions", i, "id"), d.id) for i, d in enumerate(meta.dimensions)), "dim")
    c.unique(
        m,
        ((("event_categories", i, "id"), x.id) for i, x in enumerate(meta.event_categories)),
        "category",
    )
    c.unique(m, ((("sources", i, "id"), x.id) for i, x in enumerate(meta.sources)), "source")
    c.unique(
        m,
        ((("scale", "levels", i, "value"), str(x.value)) for i, x in enumerate(meta.scale.levels)),
        "scale level",
    )
    if "overall" in {d.id for d in meta.dimensions}:
        c.add(m, ("dimensions",), "'overall' is reserved for the overall value; use another id")
    if meta.event_period.start > meta.event_period.end:
        c.add(m, ("event_period",), "start is after end")
    for part in ("start", "end"):
        year = getattr(meta.event_period, part)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            c.add(m, ("event_period", part), f"{year} is outside {FIRST_YEAR}-{LAST_YEAR}")
    for i, year in enumerate(meta.years):
        if not meta.event_period.start <= year <= meta.event_period.end:
            c.add(m, ("years", i), f"year {year} is outside event_period")
        if i and year <= meta.years[i - 1]:
            c.add(m, ("years", i), f"{year} does not follow {meta.years[i - 1]} (list the years "
                  "once each, in order)")  # fmt: skip

    if meta.map is not None:
        (lon0, lon1), (lat0, lat1) = meta.map.lon, meta.map.lat
        if not -180 <= lon0 < lon1 <= 180:
            c.add(m, ("map", "lon"), f"{meta.map.lon} is not [west, east] within -180..180")
        if not -90 <= lat0 < lat1 <= 90:
            c.add(m, ("map", "lat"), f"{meta.map.lat} is not [south, north] within -90..90")

    actor_ids = {a.id for a in meta.actors}
    tp_ids = {x.id for x in ds.third_parties} if "third_parties" in complete else None
    event_ids = {x.id for x in ds.events} if "events" in complete else None
    tier_ids = {x.id for x in ds.strategy.tiers} if "strategy" in complete else None
    category_ids = {x.id for x in meta.event_categories}
    scale = {lvl.value for lvl in meta.scale.levels}
    keys = ["overall", *(d.id for d in meta.dimensions)]

    c.unique(m, ((("findings", i, "id"), f.id) for i, f in enumerate(meta.findings)), "finding")
    for i, finding in enumerate(meta.findings):
        start, end = finding.span
        if start > end or start not in meta.years or end not in meta.years:
            c.add(
                m,
                ("findings", i, "years"),
                f"{finding.years} is not within the scored years "
                f"({', '.join(map(str, meta.years))})",
            )
        c.refs(m, ("findings", i, "third_parties"), finding.third_parties, tp_ids, "third party")
        leans = {*actor_ids, "hedge", "aloof", "uncoded"}
        c.refs(m, ("findings", i, "leans"), list(finding.leans), tp_ids, "third party")
        for tp_id, lean in finding.leans.items():
            if lean not in leans:
                c.add(
                    m,
                    ("findings", i, "leans", tp_id),
                    f"unknown lean {lean!r} (allowed: {', '.join(sorted(leans))})",
                )

    rel = meta.reliability
    if rel is not None:
        for field in ("alpha_by_dimension", "alpha_by_dimension_before", "confusion_before"):
            c.refs(m, ("reliability", field), list(getattr(rel, field)), set(keys), "dimension")
        size = len(meta.scale.levels) + 1
        for dim, matrix in rel.confusion_before.items():
            where: Loc = ("reliability", "confusion_before", dim)
            if len(matrix) != size or any(len(row) != size for row in matrix):
                lengths = "/".join(sorted({str(len(row)) for row in matrix}))
                shape = f"{len(matrix)} rows" + (f" of {lengths} counts" if matrix else "")
                c.add(m, where, f"{shape}: a confusion matrix has a row and a column per scale "
                      f"level, lowest first, then one for not coded ({size} x {size})")  # fmt: skip
            elif matrix[-1][-1] != 0:
                c.add(m, where, f"the last count (not coded by either) is {matrix[-1][-1]}, not "
                      "0: a cell neither coding codes is not counted")  # fmt: skip
        decided = rel.kept + rel.taken + rel.third
        if decided > rel.disagreements:
            c.add(m, ("reliability", "disagreements"), f"{rel.disagreements} is fewer than the "
                  f"decisions counted (kept + taken + third = {decided})")  # fmt: skip

    # third parties
    c.unique(
        t,
        ((("third_parties", i, "id"), x.id) for i, x in enumerate(ds.third_parties)),
        "third party",
    )
    for i, tp in enumerate(ds.third_parties):
        base: Loc = ("third_parties", i)
        if tp.kind == "country" and tp.iso3 is None:
            c.add(t, (*base, "iso3"), "a country needs its ISO 3166 alpha-3 code (e.g. AFG)")
        if tp.kind != "country" and tp.iso3 is not None:
            c.add(t, (*base, "iso3"), f"only countries have an ISO code, this is a {tp.kind}")
        if tp.kind != "group" and tp.map_countries:
            c.add(
                t,
                (*base, "map_countries"),
                f"only a group is drawn on the countries it stands for, this is a {tp.kind}",
            )
        for actor in sorted(actor_ids - tp.relations.keys()):
            c.add(t, (*base, "relations"), f"no relations given for actor {actor!r}")
        for actor, dims in tp.relations.items():
            rloc: Loc = (*base, "relations", actor)
            if actor not in actor_ids:
                c.add(t, rloc, f"unknown actor {actor!r} (allowed: {', '.join(sorted(actor_ids))})")
                continue
            for key in keys:
                if key not in dims:
                    c.add(
                        t,
                        rloc,
                        f"{key!r} is missing (give ratings, or null where the article "
                        "gives no grounds)",
                    )
            for key, ratings in dims.items():
                dloc: Loc = (*rloc, key)
                if key not in keys:
                    c.add(t, dloc, f"unknown dimension {key!r} (allowed: {', '.join(keys)})")
                    continue
                if ratings is None:
                    if key == "overall":
                        c.add(
                            t,
                            dloc,
                            "overall may not be null; give ratings with value: null "
                            "and a rationale where not coded",
                        )
                    continue
                _check_ratings(c, t, dloc, ratings, meta.years, scale)

    # events
    c.unique(e, ((("events", i, "id"), x.id) for i, x in enumerate(ds.events)), "event")
    for i, ev in enumerate(ds.events):
        base = ("events", i)
        _check_date(c, e, base, ev.date, ev.precision, meta)
        c.refs(e, (*base, "actors"), ev.actors, actor_ids, "actor")
        c.refs(e, (*base, "third_parties"), ev.third_parties, tp_ids, "third party")
        if ev.category not in category_ids:
            c.add(
                e,
                (*base, "category"),
                f"unknown category {ev.category!r} ({_choices(category_ids, ev.category)})",
            )
        if ev.tier is not None and tier_ids is not None and ev.tier not in tier_ids:
            c.add(
                e,
                (*base, "tier"),
                f"unknown tier {ev.tier!r} ({_choices(tier_ids, ev.tier)}, or null)",
            )

    # strategy
    st = ds.strategy
    c.unique(s, ((("tiers", i, "id"), x.id) for i, x in enumerate(st.tiers)), "tier")
    c.unique(
        s, ((("tiers", i, "number"), str(x.number)) for i, x in enumerate(st.tiers)), "tier number"
    )
    goals = [
        (("tiers", i, "goals", j, "id"), g.id)
        for i, x in enumerate(st.tiers)
        for j, g in enumerate(x.goals)
    ]
    c.unique(s, goals, "goal")
    actions: list[tuple[Loc, Any]] = [
        (("tiers", i, "goals", j, "actions", k), a)
        for i, x in enumerate(st.tiers)
        for j, g in enumerate(x.goals)
        for k, a in enumerate(g.actions)
    ]
    moves: list[tuple[Loc, Any]] = [
        (("counter_moves", i), cm) for i, cm in enumerate(st.counter_moves)
    ]
    c.unique(s, [((*loc, "id"), a.id) for loc, a in actions + moves], "action or counter-move")
    for loc, item in actions + moves:
        _check_dated(c, s, loc, item, meta)
        c.refs(s, (*loc, "events"), item.events, event_ids, "event")
        c.refs(s, (*loc, "third_parties"), item.third_parties, tp_ids, "third party")
    for loc, action in actions:
        judged = action.outcome.judged
        if not meta.event_period.start <= judged <= meta.event_period.end:
            c.add(
                s,
                (*loc, "outcome", "judged"),
                f"year {judged} is outside {meta.event_period.start}-{meta.event_period.end}",
            )
    actor_ids = {a.id for a in meta.actors}
    for i, tier in enumerate(st.tiers):
        if tier.actor is not None and tier.actor not in actor_ids:
            c.add(s, ("tiers", i, "actor"),
                  f"unknown actor {tier.actor!r} ({_choices(actor_ids, tier.actor)})")  # fmt: skip
    for loc, move in moves:
        if tier_ids is not None and move.tier not in tier_ids:
            c.add(
                s, (*loc, "tier"), f"unknown tier {move.tier!r} ({_choices(tier_ids, move.tier)})"
            )
    return iter(c.problems)


def _check_ratings(
    c: _Checker, file: str, loc: Loc, ratings: list[Rating], years: list[int], scale: set[int]
) -> None:
    covered: dict[int, int] = {}
    for i, r in enumerate(ratings):
        rloc: Loc = (*loc, i)
        start, end = r.span
        if start > end:
            c.add(file, (*rloc, "years"), f"span {r.years} runs backwards")
            continue
        for year in range(start, end + 1):
            if year not in years:
                c.add(
                    file,
                    (*rloc, "years"),
                    f"year {year} is not scored (allowed: {', '.join(map(str, years))})",
                )
            elif year in covered:
                c.add(
                    file,
                    (*rloc, "years"),
                    f"year {year} is already given in entry [{covered[year]}]",
                )
            else:
                covered[year] = i
        if r.value is None:
            if r.confidence is not None or r.quote is not None or r.inferred:
                c.add(
                    file,
                    (*rloc, "value"),
                    "a value that is not coded (null) takes only years and a rationale",
                )
            continue
        if r.value not in scale:
            c.add(
                file,
                (*rloc, "value"),
                f"{r.value} is not on the scale "
                f"(allowed: {', '.join(map(str, sorted(scale)))}, or null)",
            )
        if r.confidence is None:
            c.add(
                file, (*rloc, "confidence"), "a coded value needs a confidence (high, medium, low)"
            )
        if r.quote is None and not r.inferred:
            c.add(
                file,
                (*rloc, "quote"),
                "a coded value needs evidence: a verbatim quote, or inferred: true with reasoning",
            )
        if r.inferred and r.reasoning is None:
            c.add(file, (*rloc, "reasoning"), "an inferred value needs its reasoning")
        if r.inferred and r.confidence == "high":
            c.add(
                file,
                (*rloc, "confidence"),
                "an inferred value's confidence is at most medium (coding rules)",
            )
        if not r.inferred and r.reasoning is not None:
            c.add(file, (*rloc, "inferred"), "reasoning is given, so set inferred: true")
    missing = [y for y in years if y not in covered]
    if missing:
        c.add(
            file,
            loc,
            f"no entry for {', '.join(map(str, missing))} (cover every year; "
            "use value: null with a rationale where the article gives no grounds)",
        )


def _check_date(
    c: _Checker, file: str, loc: Loc, text: str, precision: str | None, meta: Meta
) -> None:
    parts = text.split("-")
    want = {"year": 1, "month": 2, "day": 3}
    if precision is None:
        c.add(file, (*loc, "precision"), "a date needs its precision (day, month, year)")
        return
    if len(parts) != want[precision]:
        form = {"year": "YYYY", "month": "YYYY-MM", "day": "YYYY-MM-DD"}[precision]
        c.add(
            file, (*loc, "date"), f"{text!r} does not match precision {precision!r} (write {form})"
        )
        return
    numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
    try:
        date(*numbers)
    except ValueError:
        c.add(file, (*loc, "date"), f"{text!r} is not a real date")
        return
    period = meta.event_period
    if not period.start <= numbers[0] <= period.end:
        c.add(file, (*loc, "date"), f"{text} is outside {period.start}-{period.end}")


def _check_dated(c: _Checker, file: str, loc: Loc, item: Dated, meta: Meta) -> None:
    if item.date is None:
        if item.date_note is None:
            c.add(file, (*loc, "date_note"), "date is null, so say why in date_note")
        if item.precision is not None:
            c.add(file, (*loc, "precision"), "date is null, so precision must be left out")
        return
    _check_date(c, file, loc, item.date, item.precision, meta)
