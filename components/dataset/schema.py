"""The dataset's JSON Schemas, one per YAML file, made from its models (`tugofwar schema`, and
the schema folder of a starter dataset): an editor that knows JSON Schema checks a file as it is
typed."""

from __future__ import annotations

import json
from pathlib import Path

from components.dataset.models import FILE_MODELS, ScenesFile

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schemas() -> dict[str, dict]:
    """JSON Schema per YAML file, keyed by the schema's file name."""
    out = {}
    for filename, model in [*FILE_MODELS.values(), ("scenes.yaml", ScenesFile)]:
        stem = filename.removesuffix(".yaml")
        schema = {"$schema": SCHEMA_DIALECT, **model.model_json_schema()}
        schema["title"] = f"Tug of War dataset: {filename}"
        out[f"{stem}.schema.json"] = schema
    return out


def write_schemas(out: Path) -> list[Path]:
    """Write each JSON Schema into a directory (made if missing); the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = out / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
