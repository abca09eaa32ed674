"""Seminar scenes: the shipped file is valid, every scene opens its view, a broken file is
reported with file, line and field, and presenting steps from scene to scene."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from components.dataset import load_dataset
from components.errors import DatasetError
from components.routes import BY_ID
from components.scenes import load_scenes, scene_params
from tests.conftest import FIXTURES, ROOT, SHIPPED

pytestmark = pytest.mark.app
SCENES = load_scenes(load_dataset(SHIPPED))


def test_shipped_scenes_walk_through_every_tier():
    assert len(SCENES) >= 8
    pages = {scene.page for scene in SCENES}
    assert {"overview", "comparison", "strategy", "timeline"} <= pages


@pytest.mark.parametrize("scene", SCENES, ids=[s.id for s in SCENES])
def test_every_scene_opens_its_view(scene):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    params = scene_params(scene)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    at.switch_page(BY_ID[scene.page].script)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    assert not at.error
    sidebar = "\n".join(m.value for m in at.sidebar.markdown)
    assert scene.title in sidebar and scene.prompt in sidebar
    for name, value in scene.params.items():
        assert at.query_params[name] == str(value)


def test_next_goes_to_the_next_scene():
    first, second = SCENES[0], SCENES[1]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for name, value in scene_params(first).items():
        at.query_params[name] = value
    at.run()
    at.button(key="scene_next").click().run()
    assert not at.exception
    assert at.query_params["scene"] == second.id


def test_broken_scenes_file_names_every_problem(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data)
    shutil.copy(FIXTURES / "invalid_scenes" / "scenes.yaml", data / "scenes.yaml")
    with pytest.raises(DatasetError) as info:
        load_scenes(load_dataset(data), data)
    shown = [str(p) for p in info.value.problems]
    assert any(
        s.startswith("scenes.yaml:5: scenes[0].params.year: '2031' is not a valid year")
        for s in shown
    ), shown
    assert any(s.startswith("scenes.yaml:7: scenes[1].id: duplicate scene id 'one'") for s in shown)
    assert any(s.startswith("scenes.yaml:9: scenes[1].page: unknown page 'atlas'") for s in shown)
    assert any(
        s.startswith("scenes.yaml:14: scenes[2].params.colour: comparison has no parameter")
        for s in shown
    )


def test_broken_scenes_file_leaves_the_dashboard_running(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data)
    shutil.copy(FIXTURES / "invalid_scenes" / "scenes.yaml", data / "scenes.yaml")
    monkeypatch.setenv("TUGOFWAR_DATA", str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    assert not at.exception
    assert at.get("plotly_chart")  # the overview still draws
    assert "scenes.yaml has problems" in at.sidebar.warning[0].value


def test_validate_reports_scene_problems(tmp_path):
    import subprocess
    import sys

    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data)
    shutil.copy(FIXTURES / "invalid_scenes" / "scenes.yaml", data / "scenes.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "components", "validate", str(data)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 1
    assert "scenes.yaml:9: scenes[1].page: unknown page 'atlas'" in result.stderr
