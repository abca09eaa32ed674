"""The JSON Schemas that editors use agree with the shipped YAML and name themselves in it."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from components.dataset.models import FILE_MODELS
from tests.conftest import SHIPPED

pytestmark = pytest.mark.unit

FILES = [filename for filename, _ in FILE_MODELS.values()]


@pytest.mark.parametrize("filename", FILES)
def test_yaml_names_its_schema_on_the_first_line(filename):
    first = (SHIPPED / filename).read_text(encoding="utf-8").splitlines()[0]
    schema = filename.replace(".yaml", ".schema.json")
    assert first == f"# yaml-language-server: $schema=schema/{schema}"
    assert (SHIPPED / "schema" / schema).is_file()


@pytest.mark.parametrize("filename", FILES)
def test_shipped_yaml_validates_against_its_schema(filename):
    schema = json.loads(
        (SHIPPED / "schema" / filename.replace(".yaml", ".schema.json")).read_text()
    )
    # Dates are quoted in the shipped files, so the plain safe loader reads them as text too.
    data = yaml.safe_load((SHIPPED / filename).read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)


def test_schema_rejects_an_unknown_field():
    schema = json.loads((SHIPPED / "schema" / "events.schema.json").read_text())
    data = yaml.safe_load((SHIPPED / "events.yaml").read_text(encoding="utf-8"))
    data["events"][0]["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_the_shipped_schemas_are_the_models_schemas():
    """data/schema is written by `tugofwar schema`: a field added to a model (a scene's chart
    and notes) is in the editor's schema too."""
    from components.dataset.schema import schemas

    for name, schema in schemas().items():
        assert json.loads((SHIPPED / "schema" / name).read_text()) == schema, name
