"""Seminar scenes: an ordered list of views (page + URL parameters) with a title and a
discussion prompt, read from scenes.yaml and validated like the dataset."""

from __future__ import annotations

from pydantic import ValidationError

from components.core.routes import BY_ID, COMMON_PARAMS, ROUTES
from components.core.view_state import ViewState
from components.dataset.errors import DatasetError, Problem, format_path
from components.dataset.load import _from_pydantic
from components.dataset.models import Dataset, Scene, ScenesFile
from components.dataset.yaml_reader import parse_bytes

FILENAME = "scenes.yaml"


def load_scenes(ds: Dataset) -> list[Scene]:
    """The scenes of the dataset's scenes.yaml, read with the rest of its files ([] when there
    is none); DatasetError with every problem."""
    raw = ds.files.get(FILENAME)
    if raw is None:
        return []
    doc, problems = parse_bytes(raw, FILENAME)
    if doc is None:
        raise DatasetError(problems)
    if not isinstance(doc.data, dict):
        raise DatasetError(
            [Problem(FILENAME, doc.line_of(()), "", "expected a mapping with the key scenes")]
        )
    try:
        parsed = ScenesFile.model_validate(doc.data)
    except ValidationError as exc:
        raise DatasetError(
            [_from_pydantic(err, FILENAME, doc, ScenesFile) for err in exc.errors()]
        ) from None
    seen: set[str] = set()
    for i, scene in enumerate(parsed.scenes):
        loc: tuple[str | int, ...] = ("scenes", i)

        def add(sub: tuple[str | int, ...], message: str, loc=loc) -> None:
            full = (*loc, *sub)
            problems.append(Problem(FILENAME, doc.line_of(full), format_path(full), message))

        if scene.id in seen:
            add(("id",), f"duplicate scene id {scene.id!r} (ids must be unique)")
        seen.add(scene.id)
        route = BY_ID.get(scene.page)
        if route is None or not route.charts:
            pages = ", ".join(r.id for r in ROUTES if r.charts)
            add(("page",), f"unknown page {scene.page!r} (allowed: {pages})")
            continue
        known = route.params + COMMON_PARAMS
        for name in scene.params:
            if name not in known:
                add(("params", name), f"{route.id} has no parameter {name!r} "
                    f"(allowed: {', '.join(known)})")  # fmt: skip
        given = {k: str(v) for k, v in scene.params.items()}
        for name, messages in route.state.problems(ds, given).items():
            for message in messages:
                add(("params", name), message)
        if given.get("mode") not in (None, "projector"):
            add(("params", "mode"), f"{given['mode']!r} is not a mode (allowed: projector)")
        if scene.chart is not None and scene.chart not in route.charts:
            allowed = ", ".join(route.charts) or f"none: {route.id} has no chart"
            add(("chart",), f"{route.id} has no chart {scene.chart!r} (allowed: {allowed})")
    if problems:
        raise DatasetError(problems)
    return parsed.scenes


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
