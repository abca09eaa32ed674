"""The seminar's wall: each scene as a slide (its title, its prompt, the one chart it names and
nothing else to click), stepped by the keys a presenter or a clicker sends, reached by the
older projector links, and presented to the room like any other view."""

from __future__ import annotations

import html
import json

import pytest
from streamlit.testing.v1 import AppTest

from components.core import url_params
from components.core.escape import unplot
from components.core.routes import BY_ID
from components.core.scenes import load_scenes, scene_chart, scene_params, scene_state
from components.dataset.load import load_dataset
from components.figures import views
from components.figures.narrow import TITLE_PX
from components.web import wall
from components.web.frame import escape
from tests.conftest import ROOT, SHIPPED

pytestmark = pytest.mark.app
DS = load_dataset(SHIPPED)
SCENES = load_scenes(DS)


def open_wall(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.switch_page(BY_ID["wall"].script)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def spec(at: AppTest) -> dict:
    [chart] = at.get("plotly_chart")
    return json.loads(chart.proto.spec)


def shown_buttons(at: AppTest) -> list[str]:
    return [b.key for b in at.button if b.key not in wall.STEPS]


def test_every_scene_is_a_slide_with_its_one_chart_and_nothing_to_click():
    at = open_wall(scene=SCENES[0].id, mode="projector")
    for number, scene in enumerate(SCENES, start=1):
        assert not at.exception, at.exception
        assert at.query_params["scene"] == scene.id
        text = "\n".join(m.value for m in at.markdown)
        assert at.title[0].value == escape(scene.title) and escape(scene.prompt) in text
        assert f"**{number}/{len(SCENES)}**" in text
        # the chart the scene names, its finding said above it in the page's type
        view = views.view_chart(scene_state(DS, scene), DS, scene_chart(scene))
        figure = spec(at)
        assert not figure["layout"]["title"].get("text"), scene.id
        assert escape(unplot(view.figure.layout.title.text)) in text, scene.id
        assert [t.get("name") for t in figure["data"]] == [t.name for t in view.figure.data]
        [chart] = at.get("plotly_chart")
        assert json.loads(chart.proto.config)["staticPlot"] is True
        # nothing on the slide takes the focus or the keys: no widget but the keys' own
        assert shown_buttons(at) == [], scene.id
        for kind in ("radio", "selectbox", "multiselect", "slider", "toggle", "text_input"):
            assert not at.get(kind), (scene.id, kind)
        if scene is not SCENES[-1]:
            at.button(key="wall_next").click().run()
    assert not [b for b in at.button if b.key == "wall_next"]  # the last scene
    at.button(key="wall_page_up").click().run()
    assert at.query_params["scene"] == SCENES[-2].id


def test_the_keys_a_presenter_and_a_clicker_send_step_the_scenes():
    at = open_wall(scene=SCENES[1].id)
    shortcuts = {b.key: b.proto.shortcut for b in at.button}
    assert shortcuts == {"wall_next": "right", "wall_page_down": "pagedown",
                         "wall_space": "space", "wall_previous": "left",
                         "wall_page_up": "pageup"}  # fmt: skip
    for key, step in (("wall_space", 1), ("wall_page_down", 1), ("wall_previous", -1)):
        before = [s.id for s in SCENES].index(at.query_params["scene"])
        at.button(key=key).click().run()
        assert at.query_params["scene"] == SCENES[before + step].id


def test_an_older_projector_link_to_a_scene_opens_its_wall():
    """?scene=ID&mode=projector on the scene's page (what the scenes page and old slides link
    to) is the scene on the wall."""
    russia = next(s for s in SCENES if s.id == "russia-turns")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.switch_page(BY_ID[russia.page].script)
    for name, value in {**scene_params(DS, russia), "mode": "projector"}.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    assert dict(at.query_params) == {"scene": russia.id, "mode": "projector"}
    assert len(at.get("plotly_chart")) == 1 and at.button(key="wall_next")
    assert escape(russia.prompt) in "\n".join(m.value for m in at.markdown)
    # Explore this view opens the page, in projector mode, without the slides
    [explore] = [link for link in at.get("page_link") if "Explore" in link.proto.label]
    assert "scene=" not in explore.proto.query_string and "tp=russia" in explore.proto.query_string


def test_a_mistyped_scene_says_so_and_shows_the_first():
    at = open_wall(scene="russia-turn")
    assert not at.exception
    said = html.unescape(at.warning[0].value)
    assert "No scene 'russia-turn'" in said and "Did you mean 'russia-turns'?" in said
    assert at.query_params["scene"] == SCENES[0].id


def test_a_phone_following_the_wall_gets_the_narrow_chart_and_no_keys(tmp_path, monkeypatch):
    monkeypatch.setenv("TUGOFWAR_STATE_DIR", str(tmp_path))
    at = open_wall(scene=SCENES[2].id, layout="narrow", follow="1")
    assert not at.exception
    assert spec(at)["layout"]["title"]["font"]["size"] == TITLE_PX  # the phone's own layout
    assert not [b for b in at.button if b.key in wall.STEPS]  # the presenter steps


def test_presenting_from_the_wall_moves_the_room_to_the_wall(tmp_path, monkeypatch):
    from components.core import shared_state

    monkeypatch.setenv("TUGOFWAR_STATE_DIR", str(tmp_path))
    monkeypatch.setenv("TUGOFWAR_PRESENTER_TOKEN", "secret-token")
    at = open_wall(scene=SCENES[0].id, mode="projector", present="secret-token")
    assert not at.exception
    assert url_params.PRESENT not in at.query_params
    shared = shared_state.store()
    assert (shared_state.latest(shared).page, shared_state.latest(shared).params) == (
        "wall",
        {"scene": SCENES[0].id},
    )
    at.button(key="wall_next").click().run()
    assert shared_state.latest(shared).params == {"scene": SCENES[1].id}
    # a follower's screen opens the wall of that scene
    follower = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    follower.query_params[url_params.FOLLOW] = "1"
    follower.run()
    assert not follower.exception
    assert follower.query_params["scene"] == SCENES[1].id
    assert len(follower.get("plotly_chart")) == 1
