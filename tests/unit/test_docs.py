"""Docs keep up: every dataset field and every page is documented."""

from __future__ import annotations

import re

import pytest
from pydantic import BaseModel

from components.core import scenes
from components.core.tables import RATING_COLUMNS
from components.dataset import models
from tests.conftest import ROOT

pytestmark = pytest.mark.unit

FORMAT_DOC = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def all_fields() -> set[str]:
    names = set()
    for module in (models, scenes):
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, BaseModel)
                and obj.__module__ == module.__name__
            ):
                names |= set(obj.model_fields)
    return names


@pytest.mark.parametrize("field", sorted(all_fields()))
def test_every_dataset_field_is_documented(field):
    assert f"`{field}`" in FORMAT_DOC, f"field {field!r} is not documented in docs/data-format.md"


@pytest.mark.parametrize("column", RATING_COLUMNS)
def test_every_csv_column_is_documented(column):
    assert f"`{column}`" in FORMAT_DOC


def test_every_page_is_in_the_readme():
    from components.core.routes import ROUTES

    titles = [route.title for route in ROUTES]
    for title in titles:
        assert f"**{title}**" in README, f"page {title!r} is not described in the README"


def test_every_cli_command_is_in_the_command_line_doc():
    from components.cli import build_parser

    cli_doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for command in sub.choices:
        assert f"tugofwar {command}" in cli_doc, command


def test_every_doc_the_readme_links_is_there():
    import re

    for target in re.findall(r"\]\((docs/[^)#]+)", README):
        assert (ROOT / target).is_file(), target


def test_community_cloud_installs_what_pyproject_declares():
    """Community Cloud reads requirements.txt before pyproject.toml: the two must agree."""
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    required = [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    assert required == declared
    apt = (ROOT / "packages.txt").read_text(encoding="utf-8").split()
    assert "chromium" in apt  # image exports need a browser there too


def _pins(lock: str) -> dict[str, str]:
    text = (ROOT / lock).read_text(encoding="utf-8")
    found = re.findall(r"^([A-Za-z0-9_.-]+)==([^ \\\n]+)", text, re.M)
    return {_canonical(name): version for name, version in found}


def _canonical(name: str) -> str:
    """A distribution's name as pip compares them (PEP 503): ruamel.yaml is ruamel-yaml."""
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_lock_files_pin_every_requirement_within_its_bounds_with_hashes():
    """make run and make test install from the lock files (exact versions, hashes required):
    a requirement added to pyproject.toml without `make lock` fails here, not on a new machine."""
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    wanted = {
        "requirements.lock": project["dependencies"],
        "requirements-dev.lock": [
            *project["dependencies"], *extras["test"], *extras["redis"], *extras["agree"]
        ],
    }  # fmt: skip
    for lock, requirements in wanted.items():
        pins = _pins(lock)
        for line in requirements:
            req = Requirement(line)
            name = _canonical(req.name)
            assert name in pins, f"{lock} has no {name}: run `make lock`"
            assert req.specifier.contains(pins[name]), f"{lock}: {name}=={pins[name]} vs {req}"
        text = (ROOT / lock).read_text(encoding="utf-8")
        assert text.count("--hash=sha256:") >= len(pins)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.lock" in makefile
    assert "--require-hashes -r requirements-dev.lock" in makefile
    assert "run: $(VENV)/.run-installed" in makefile and "test: $(VENV)/.installed" in makefile


def test_the_command_lines_docstring_names_every_command():
    from components import cli

    sub = next(a for a in cli.build_parser()._actions if a.dest == "command")
    for command in sub.choices:
        assert command in cli.__doc__, command


def test_every_chart_a_scene_can_name_is_in_the_data_format():
    from components.core.routes import ROUTES

    for route in ROUTES:
        for key in route.charts:
            assert f"`{key}`" in FORMAT_DOC, key
