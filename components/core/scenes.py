"""Seminar scenes: an ordered list of views (page + URL parameters) with a title and a
discussion prompt, read from scenes.yaml and validated like the dataset."""

from __future__ import annotations

from pydantic import ValidationError

from components.core.routes import BY_ID, COMMON_PARAMS, ROUTES, Route
from components.core.view_state import ViewState
from components.dataset.errors import DatasetError, Problem, format_path
from components.dataset.load import _choices, _from_pydantic
from components.dataset.models import (
    ChoiceQuestion,
    CodeQuestion,
    Dataset,
    Rating,
    Scene,
    ScenesFile,
)
from components.dataset.yaml_reader import LoadedYaml, parse_bytes

FILENAME = "scenes.yaml"


def load_scenes(ds: Dataset) -> list[Scene]:
    """The scenes of the dataset's scenes.yaml, read with the rest of its files ([] when there
    is none); DatasetError with every problem."""
    raw = ds.files.get(FILENAME)
    if raw is None:
        return []
    parsed, doc, problems = _read(raw)
    if parsed is None or doc is None:
        raise DatasetError(problems)
    problems = [*_own_problems(parsed, doc), *_view_problems(ds, parsed, doc)]
    if problems:
        raise DatasetError(problems)
    return parsed.scenes


def scenes_file_problems(raw: bytes) -> list[Problem]:
    """The problems of a scenes.yaml that show without the rest of the dataset: its YAML, its
    fields, duplicate ids, pages, parameter names, modes and charts. `validate` reports them
    beside the other files' problems when those have some, so a user fixes everything in one
    pass; a parameter's value (a year, a third party) needs the dataset and waits for it."""
    parsed, doc, problems = _read(raw)
    if parsed is None or doc is None:
        return problems
    return _own_problems(parsed, doc)


def _read(raw: bytes) -> tuple[ScenesFile | None, LoadedYaml | None, list[Problem]]:
    """scenes.yaml parsed and checked against its model, or the problems that stop it."""
    doc, problems = parse_bytes(raw, FILENAME)
    if doc is None:
        return None, None, problems
    if not isinstance(doc.data, dict):
        message = "expected a mapping with the key scenes"
        return None, doc, [Problem(FILENAME, doc.line_of(()), "", message)]
    try:
        return ScenesFile.model_validate(doc.data), doc, []
    except ValidationError as exc:
        errors = [{**e, "loc": _untagged(e["loc"])} for e in exc.errors()]
        return None, doc, [_from_pydantic(e, FILENAME, doc, ScenesFile) for e in errors]


def _untagged(loc: tuple) -> tuple:
    """A field's place without the question kind pydantic puts in it (question.choice.options
    is question.options in the file)."""
    return tuple(
        part for k, part in enumerate(loc)
        if not (k and loc[k - 1] == "question" and part in ("choice", "code"))
    )  # fmt: skip


def _own_problems(parsed: ScenesFile, doc: LoadedYaml) -> list[Problem]:
    """What is wrong with the scenes whatever the dataset holds."""
    problems: list[Problem] = []

    def add(loc: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(FILENAME, doc.line_of(loc), format_path(loc), message))

    seen: set[str] = set()
    for i, scene in enumerate(parsed.scenes):
        if scene.id in seen:
            add(("scenes", i, "id"), f"duplicate scene id {scene.id!r} (ids must be unique)")
        seen.add(scene.id)
        route = _route(scene)
        if route is None:
            pages = ", ".join(r.id for r in ROUTES if r.charts)
            add(("scenes", i, "page"), f"unknown page {scene.page!r} (allowed: {pages})")
            continue
        known = route.params + COMMON_PARAMS
        for name in scene.params:
            if name not in known:
                allowed = ", ".join(known)
                add(("scenes", i, "params", name), f"{route.id} has no parameter {name!r} "
                    f"(allowed: {allowed})")  # fmt: skip
        mode = scene.params.get("mode")
        if mode is not None and str(mode) != "projector":
            message = f"{str(mode)!r} is not a mode (allowed: projector)"
            add(("scenes", i, "params", "mode"), message)
        question = scene.question
        if isinstance(question, ChoiceQuestion):
            folded = [" ".join(o.casefold().split()) for o in question.options]
            for j, option in enumerate(folded):
                if option in folded[:j]:
                    add(("scenes", i, "question", "options", j),
                        f"option {question.options[j]!r} is given twice")  # fmt: skip
        if scene.chart is not None and scene.chart not in route.charts:
            allowed = ", ".join(route.charts) or f"none: {route.id} has no chart"
            add(("scenes", i, "chart"), f"{route.id} has no chart {scene.chart!r} "
                f"(allowed: {allowed})")  # fmt: skip
    return problems


def _view_problems(ds: Dataset, parsed: ScenesFile, doc: LoadedYaml) -> list[Problem]:
    """The parameters' values the dataset does not have (a year it does not score)."""
    problems: list[Problem] = []
    for i, scene in enumerate(parsed.scenes):
        route = _route(scene)
        if route is None:  # _own_problems says so
            continue
        given = {k: str(v) for k, v in scene.params.items()}
        for name, messages in route.state.problems(ds, given).items():
            loc = ("scenes", i, "params", name)
            problems += [Problem(FILENAME, doc.line_of(loc), format_path(loc), m) for m in messages]
        if isinstance(scene.question, CodeQuestion):
            for field, message in _code_question_problems(ds, scene.question):
                loc = ("scenes", i, "question", field)
                problems.append(Problem(FILENAME, doc.line_of(loc), format_path(loc), message))
    return problems


def _code_question_problems(ds: Dataset, question: CodeQuestion) -> list[tuple[str, str]]:
    """(field, message) for a value question the dataset cannot ask: a third party, side,
    dimension or year it does not have, or a value it does not code with a quote (the room
    codes the passage the value rests on, so there must be one)."""
    found = []
    known = {
        "third_party": {t.id for t in ds.third_parties},
        "side": {a.id for a in ds.meta.actors},
        "dimension": {"overall", *(d.id for d in ds.meta.dimensions)},
    }
    for field, ids in known.items():
        given = getattr(question, field)
        if given not in ids:
            found.append((field, f"unknown {field.replace('_', ' ')} {given!r} "
                          f"({_choices(ids, given)})"))  # fmt: skip
    if question.year not in ds.meta.years:
        years = ", ".join(map(str, ds.meta.years))
        found.append(("year", f"{question.year} is not a year of the dataset (allowed: {years})"))
    if found:
        return found
    rating = question_rating(ds, question)
    where = (
        f"{question.third_party}'s {question.side} {question.dimension} value in {question.year}"
    )
    if rating is None or rating.value is None:
        found.append(("year", f"the dataset does not code {where}: the room would have no "
                      "value to compare with"))  # fmt: skip
    elif not rating.quote:
        found.append(("year", f"{where} has no quote (it is inferred): the room codes the "
                      "passage a value rests on, so choose a quoted value"))  # fmt: skip
    return found


def question_rating(ds: Dataset, question: CodeQuestion) -> Rating | None:
    """The dataset's entry for the value a question asks the room to code."""
    tp = next((t for t in ds.third_parties if t.id == question.third_party), None)
    if tp is None:
        return None
    for r in tp.relations.get(question.side, {}).get(question.dimension) or []:
        start, end = r.span
        if start <= question.year <= end:
            return r
    return None


def _route(scene: Scene) -> Route | None:
    """The page a scene opens, if it is one with charts."""
    route = BY_ID.get(scene.page)
    return route if route is not None and route.charts else None


def scene_state(ds: Dataset, scene: Scene) -> ViewState:
    """The view a scene opens."""
    return BY_ID[scene.page].state.from_params(ds, {k: str(v) for k, v in scene.params.items()})


def scene_params(ds: Dataset, scene: Scene) -> dict[str, str]:
    """The address of a scene's view: every parameter of its page's state (so nothing of an
    earlier view lingers), its own id, and the mode it asks for."""
    params = {**scene_state(ds, scene).to_params(), "scene": scene.id}
    if "mode" in scene.params:
        params["mode"] = str(scene.params["mode"])
    return params


def scene_chart(scene: Scene) -> str:
    """The key of the chart a scene's wall shows: its own, or its page's first."""
    return scene.chart or BY_ID[scene.page].charts[0]


# ---------------------------------------------------------------- a scene's question


def question_prompt(ds: Dataset, question: ChoiceQuestion | CodeQuestion) -> str:
    """The question as the room reads it: its own prompt, or for a value question "How strong
    were the Alliance's ties with Rome in 2016 (economic)?"."""
    if question.prompt:
        return question.prompt
    side = ds.actor(question.side).phrase
    name = ds.third_party(question.third_party).name
    dimension = "" if question.dimension == "overall" else next(
        f" ({d.name.lower()})" for d in ds.meta.dimensions if d.id == question.dimension
    )  # fmt: skip
    return f"How strong were {side}'s ties with {name} in {question.year}{dimension}?"


def answer_labels(ds: Dataset, question: ChoiceQuestion | CodeQuestion) -> dict[int, str]:
    """Each answer a question takes and its words, in the order a screen lists them: the
    options, or the scale's levels from the closest down ("+3 Close partnership")."""
    if isinstance(question, ChoiceQuestion):
        return dict(enumerate(question.options))
    levels = sorted(ds.meta.scale.levels, key=lambda lv: -lv.value)
    return {lv.value: f"{lv.value:+d} {lv.label}" if lv.value else f"0 {lv.label}" for lv in levels}


def question_passage(ds: Dataset, question: ChoiceQuestion | CodeQuestion) -> str | None:
    """The article's words a question rests on: its passage, or the quote of the value the
    room codes."""
    if isinstance(question, ChoiceQuestion):
        return question.passage
    rating = question_rating(ds, question)
    return rating.quote if rating is not None else None


def question_truth(ds: Dataset, question: ChoiceQuestion | CodeQuestion) -> int | None:
    """The dataset's answer to a value question (None for a choice)."""
    if isinstance(question, ChoiceQuestion):
        return None
    rating = question_rating(ds, question)
    return rating.value if rating is not None else None
