"""Seminar scenes: the shipped file is valid, every scene opens its view, a broken file is
reported with file, line and field, and presenting steps from scene to scene."""

from __future__ import annotations

import json
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from components.core import url_params
from components.core.escape import md as escape
from components.core.routes import BY_ID
from components.core.scenes import load_scenes, scene_params, scene_state
from components.dataset.errors import DatasetError
from components.dataset.load import load_dataset
from components.figures.narrow import TITLE_PX
from components.web import seminar
from tests.conftest import FIXTURES, ROOT, SHIPPED

pytestmark = pytest.mark.app
DS = load_dataset(SHIPPED)
SCENES = load_scenes(DS)


def test_shipped_scenes_walk_through_every_tier():
    assert len(SCENES) >= 8
    pages = {scene.page for scene in SCENES}
    assert {"overview", "comparison", "strategy", "timeline"} <= pages


def open_scene(scene, **extra: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    params = {**scene_params(DS, scene), **extra}
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    if scene.page != "overview":  # AppTest starts on the default page
        at.switch_page(BY_ID[scene.page].script)
        for name, value in params.items():
            at.query_params[name] = value
        at.run()
    return at


def shown_state(at: AppTest, page: str) -> dict[str, str]:
    """The view the widgets show, in the address's terms (what a user sees in the controls)."""
    state_cls = BY_ID[page].state
    out: dict[str, str] = {}
    for spec in state_cls.specs().values():
        if spec.kind == "date":
            continue
        widgets = [w for w in at.main if getattr(w, "key", None) == spec.param]
        if not widgets:
            continue
        value = widgets[0].value
        text = ",".join(value) if isinstance(value, list | tuple) else str(value)
        if text:
            out[spec.param] = text
    if page == "timeline":
        start, end = at.slider(key=url_params.DATE_RANGE).value
        out[url_params.DATE_FROM], out[url_params.DATE_TO] = start.isoformat(), end.isoformat()
    return out


def expected(scene) -> dict[str, str]:
    """What every widget of the scene's page must show (defaults included)."""
    return scene_state(DS, scene).full_params()


def chart_titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


@pytest.mark.parametrize("scene", SCENES, ids=[s.id for s in SCENES])
def test_every_scene_opens_its_view(scene):
    at = open_scene(scene)
    assert not at.exception, at.exception
    assert not at.error
    bar = "\n".join(m.value for m in at.main.markdown)
    assert escape(scene.title) in bar and escape(scene.prompt) in bar
    assert shown_state(at, scene.page) == expected(scene)
    for name, value in scene_state(DS, scene).to_params().items():
        assert at.query_params[name] == value


def current_page(at: AppTest) -> str:
    scene_id = at.query_params["scene"]
    return next(s.page for s in SCENES if s.id == scene_id)


def assert_on(at: AppTest, scene) -> None:
    assert not at.exception, at.exception
    assert at.query_params["scene"] == scene.id
    assert at.query_params["layout"] == "wide", "the layout asked for is kept"
    assert shown_state(at, scene.page) == expected(scene), scene.id
    fresh = open_scene(scene, layout="wide")
    assert chart_titles(at) == chart_titles(fresh), scene.id


def test_next_and_previous_step_through_every_scene_with_every_widget_set():
    """The seminar-room bug: after Next, the controls kept the first scene's values and touching
    one reverted the page. Every step must show the scene's values in every widget."""
    at = open_scene(SCENES[0], layout="wide")
    assert_on(at, SCENES[0])
    for scene in SCENES[1:]:
        at.button(key=url_params.SCENE_NEXT).click().run()
        assert_on(at, scene)
    assert at.button(key=url_params.SCENE_NEXT).disabled
    for scene in reversed(SCENES[:-1]):
        at.button(key=url_params.SCENE_PREVIOUS).click().run()
        assert_on(at, scene)
    assert at.button(key=url_params.SCENE_PREVIOUS).disabled


def test_after_stepping_a_changed_widget_is_followed_not_reverted():
    comparison = [s for s in SCENES if s.page == "comparison"]
    at = open_scene(comparison[0], layout="wide")
    for scene in comparison[1:]:  # step on within the comparison scenes
        at.button(key=url_params.SCENE_NEXT).click().run()
        assert_on(at, scene)
    last = comparison[-1]
    other_year = next(str(y) for y in DS.meta.years if str(y) != at.query_params["year"])
    at.radio(key=url_params.YEAR).set_value(other_year).run()
    assert at.query_params["year"] == other_year
    assert chart_titles(at)[0].split(":")[0].endswith(other_year)
    # the rest of the view is the scene's, not an earlier one
    want = {**expected(last), "year": other_year}
    assert shown_state(at, last.page) == want
    at.run()  # and it stays so
    assert shown_state(at, last.page) == want and at.query_params["year"] == other_year


def test_the_clicker_keys_step_scenes_too():
    at = open_scene(SCENES[0])
    at.button(key=url_params.SCENE_PAGE_DOWN).click().run()
    assert at.query_params["scene"] == SCENES[1].id
    shortcuts = {b.key: b.proto.shortcut for b in at.button if b.proto.shortcut}
    at.button(key=url_params.SCENE_PAGE_UP).click().run()
    assert at.query_params["scene"] == SCENES[0].id
    assert (
        shortcuts[url_params.SCENE_NEXT] == "right"
        and shortcuts[url_params.SCENE_PREVIOUS] == "left"
    )
    assert shortcuts[url_params.SCENE_PAGE_DOWN] == "pagedown"
    assert shortcuts[url_params.SCENE_PAGE_UP] == "pageup"


def test_broken_scenes_file_names_every_problem(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data)
    shutil.copy(FIXTURES / "invalid_scenes" / "scenes.yaml", data / "scenes.yaml")
    with pytest.raises(DatasetError) as info:
        load_scenes(load_dataset(data))
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
    assert (
        "scenes.yaml:20: scenes[3].chart: comparison has no chart 'pie' (allowed: "
        "strength-by-side, hedging, regional-map, change-over-time, trend)" in shown
    ), shown
    # a scene is a slide with one chart: a page without charts is not one
    assert any(s.startswith("scenes.yaml:23: scenes[4].page: unknown page 'method'") for s in shown)


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


def test_a_layout_the_address_asks_for_is_kept_from_scene_to_scene_and_never_shared():
    """?layout=narrow (an iPad that says it is a Mac) lays charts out for a narrow screen on
    every step; a scene's shared link does not carry it."""
    at = open_scene(SCENES[0], layout="narrow")
    for _ in SCENES[1:3]:
        at.button(key=url_params.SCENE_NEXT).click().run()
        assert not at.exception, at.exception
        assert at.query_params["layout"] == "narrow"
        charts = at.get("plotly_chart")
        assert charts
        for chart in charts:  # the narrow layout's type and no toolbar, not the wall's
            assert json.loads(chart.proto.spec)["layout"]["title"]["font"]["size"] == TITLE_PX
            assert json.loads(chart.proto.config)["displayModeBar"] is False
    assert "layout" not in seminar.scene_link_params(DS, SCENES[0])


def test_presenting_goes_on_whatever_the_presenter_clicks_and_the_token_leaves_the_address(
    tmp_path, monkeypatch
):
    """The seminar's silent failure: after the sidebar's "Seminar scenes" (or a scene's link)
    the token was gone from the address, presenting stopped, and followers stayed behind."""
    from components.core import shared_state

    monkeypatch.setenv("TUGOFWAR_STATE_DIR", str(tmp_path))
    monkeypatch.setenv("TUGOFWAR_PRESENTER_TOKEN", "secret-token")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params[url_params.PRESENT] = "secret-token"
    at.run()
    assert not at.exception
    assert url_params.PRESENT not in at.query_params  # never on the wall, never in a link
    assert "Presenting." in " ".join(c.value for c in at.caption)
    shared = shared_state.store()
    assert shared_state.latest(shared).page == "overview"
    # the sidebar's link to another page: no token in the address, still presenting
    at.switch_page(BY_ID["scenes"].script).run()
    assert "Presenting." in " ".join(c.value for c in at.caption)
    assert shared_state.latest(shared).page == "scenes"
    first = SCENES[0]
    at.switch_page(BY_ID[first.page].script)
    for name, value in scene_params(DS, first).items():
        at.query_params[name] = value
    at.run()
    at.button(key=url_params.SCENE_NEXT).click().run()
    assert shared_state.latest(shared).params.get(url_params.SCENE) == SCENES[1].id
    assert url_params.PRESENT not in at.query_params
    # stopping is a choice the presenter makes, and says so
    at.button(key=url_params.STOP_PRESENTING).click().run()
    assert "Presenting." not in " ".join(c.value for c in at.caption)


def test_a_wrong_presenter_token_is_refused_and_leaves_the_address_too(tmp_path, monkeypatch):
    monkeypatch.setenv("TUGOFWAR_STATE_DIR", str(tmp_path))
    monkeypatch.setenv("TUGOFWAR_PRESENTER_TOKEN", "secret-token")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params[url_params.PRESENT] = "guess"
    at.run()
    assert url_params.PRESENT not in at.query_params
    assert any("not valid" in w.value for w in at.warning)
    assert "Presenting." not in " ".join(c.value for c in at.caption)


def test_the_scene_bar_leaves_when_the_view_is_no_longer_the_scenes():
    """The bar lied: after another third party in the Russia scene it still showed the Russia
    prompt, and the link to the view still carried the scene."""
    russia = next(s for s in SCENES if s.id == "russia-turns")
    at = open_scene(russia)
    assert at.button(key=url_params.SCENE_NEXT) and at.query_params["scene"] == russia.id
    at.query_params[url_params.VALUE] = "russia.overall.2016"  # evidence over it: still it
    at.run()
    assert at.query_params["scene"] == russia.id
    at.selectbox(key=url_params.THIRD_PARTY).set_value("china").run()
    assert not at.exception
    assert "scene" not in at.query_params
    assert not [b for b in at.button if b.key == url_params.SCENE_NEXT]
    assert russia.prompt not in " ".join(m.value for m in at.markdown)
    [link] = [t.value for t in at.sidebar.text_input if t.label == "Link to this view"]
    assert "scene=" not in link and "tp=china" in link


def test_an_address_that_names_only_a_scene_opens_the_scenes_view():
    russia = next(s for s in SCENES if s.id == "russia-turns")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["scene"] = russia.id
    at.run()
    assert not at.exception
    assert at.query_params["scene"] == russia.id
    assert at.query_params["tp"] == "russia"
    assert at.button(key=url_params.SCENE_NEXT)
