"""Seminar scenes: an ordered list of views (page + URL parameters) with a title and a
discussion prompt, read from scenes.yaml and validated like the dataset."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, ValidationError

from components.dataset import _from_pydantic, data_dir
from components.errors import DatasetError, Problem, format_path
from components.models import Dataset, Id, Strict, Text
from components.routes import BY_ID, COMMON_PARAMS, MULTI, allowed_values
from components.yamlload import read_yaml

FILENAME = "scenes.yaml"


class Scene(Strict):
    id: Id
    title: Text
    page: Id
    params: dict[str, str | int] = {}
    prompt: Text


class ScenesFile(Strict):
    scenes: list[Scene] = Field(min_length=1)


def load_scenes(ds: Dataset, directory: str | os.PathLike[str] | None = None) -> list[Scene]:
    """The scenes in DIR/scenes.yaml ([] when there is none); DatasetError with every problem."""
    path = Path(data_dir(directory)) / FILENAME
    if not path.is_file():
        return []
    doc, problems = read_yaml(path, FILENAME)
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
        if route is None or route.id == "scenes":
            pages = ", ".join(r.id for r in BY_ID.values() if r.id != "scenes")
            add(("page",), f"unknown page {scene.page!r} (allowed: {pages})")
            continue
        for name, raw in scene.params.items():
            value = str(raw)
            if name not in route.params + COMMON_PARAMS:
                known = ", ".join(route.params + COMMON_PARAMS)
                add(("params", name), f"{route.id} has no parameter {name!r} (allowed: {known})")
                continue
            allowed = allowed_values(ds, name)
            if allowed is None:
                continue
            values = value.split(",") if name in MULTI else [value]
            for item in values:
                if item not in allowed:
                    shown = ", ".join(sorted(allowed)[:8]) + (", ..." if len(allowed) > 8 else "")
                    add(("params", name), f"{item!r} is not a valid {name} (allowed: {shown})")
    if problems:
        raise DatasetError(problems)
    return parsed.scenes


def scene_params(scene: Scene) -> dict[str, str]:
    """The scene's URL parameters, its own id included, as text."""
    return {**{k: str(v) for k, v in scene.params.items()}, "scene": scene.id}
