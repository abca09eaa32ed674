"""The seminar's wall: each scene as a slide (its title, its prompt, the one chart it names and
nothing else to click), stepped by the keys a presenter or a clicker sends, reached by the
older projector links, and presented to the room like any other view."""

from __future__ import annotations

import html
import json

import pytest
from streamlit.testing.v1 import AppTest

from components.core import url_params
from components.core.escape import md as escape
from components.core.escape import unplot
from components.core.routes import BY_ID
from components.core.scenes import load_scenes, scene_chart, scene_params, scene_state
from components.dataset.load import load_dataset
from components.figures import views
from components.figures.narrow import TITLE_PX
from components.web import presentation, wall
from tests.app.conftest import open_route
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


# buttons never shown: the keys' own, and the one a change of the device's theme clicks
HIDDEN = {*wall.STEPS, presentation.THEME_KEY}


def shown_buttons(at: AppTest) -> list[str]:
    return [b.key for b in at.button if b.key not in HIDDEN]


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
        # every trace of the view, but a text-only one a dense wall lists under the chart
        shown, named = [t.get("name") for t in figure["data"]], [t.name for t in view.figure.data]
        assert [n for n in named if n in shown] == shown, scene.id
        notes = [a.get("text") or "" for a in figure["layout"].get("annotations", [])]
        for folded in (n for n in named if n not in shown):
            assert any(note.startswith(f"{folded}: ") for note in notes), (scene.id, folded)
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
    shortcuts = {b.key: b.proto.shortcut for b in at.button if b.key != presentation.THEME_KEY}
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
    said = html.unescape(at.toast[0].value)  # a toast: a notice on a wall takes no room
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
    # the presenter opened this slide here: the room is shown it
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


# ---------------------------------------------------------------- the console and the join screen


@pytest.fixture
def room(tmp_path, monkeypatch):
    from components.core import shared_state

    monkeypatch.setenv("TUGOFWAR_STATE_DIR", str(tmp_path))
    monkeypatch.setenv("TUGOFWAR_PRESENTER_TOKEN", "secret-token")
    return shared_state.store()


def test_the_console_signs_in_drives_the_room_and_says_what_comes_next(room):
    from components.core import shared_state

    at = open_route("console")
    assert not at.exception
    at.text_input[0].input("a guess")
    at.button[0].click().run()
    assert "not the presenter's token" in html.unescape(at.error[0].value)
    at.text_input[0].input("secret-token")
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert "Presenting" in " ".join(m.value for m in at.markdown)
    assert shared_state.latest(room) is None  # signing in shows the room nothing
    at.button(key="console_next").click().run()
    assert shared_state.latest(room).page == "wall"
    assert shared_state.latest(room).params == {"scene": SCENES[0].id}
    shown = [html.unescape(c.value) for c in at.caption]
    assert f"Now: 1 of {len(SCENES)}" in shown and f"Next: 2 of {len(SCENES)}" in shown
    text = " ".join(m.value for m in at.markdown)
    assert escape(SCENES[0].notes) in text  # the presenter's notes, on the console only
    at.button(key="console_join").click().run()
    assert shared_state.latest(room).page == "join"
    at.button(key="console_next").click().run()
    assert shared_state.latest(room).params == {"scene": SCENES[0].id}
    # the token never reaches an address, and the wall's link carries a one-time code
    assert "present" not in at.query_params
    [wall_link] = [e for e in at.main if type(e).__name__ == "LinkButton"]
    assert "pair=" in wall_link.proto.url and "secret-token" not in wall_link.proto.url
    at.button(key=url_params.STOP_PRESENTING).click().run()
    assert html.unescape(at.text_input[0].label) == "Presenter's token"


def test_a_console_that_loses_the_shared_state_says_so_in_large_type(room, monkeypatch):
    at = open_route("console", present="secret-token")
    assert not at.error
    monkeypatch.setenv("TUGOFWAR_PRESENTER_TOKEN", "changed")  # as a restart with a new one
    at.run()
    assert [e.value for e in at.error if "The room is not following" in e.value]


def test_the_wall_opened_from_the_console_presents_once_and_moves_with_it(room):
    from components.core import shared_state

    console = open_route("console", present="secret-token")
    console.button(key="console_next").click().run()
    [link] = [e for e in console.main if type(e).__name__ == "LinkButton"]
    code = link.proto.url.split("pair=")[1]
    wall_screen = open_route("wall", mode="projector", pair=code)
    assert not wall_screen.exception
    assert "pair" not in wall_screen.query_params and "present" not in wall_screen.query_params
    assert wall_screen.query_params["scene"] == SCENES[0].id
    # its keys step the room
    wall_screen.button(key="wall_next").click().run()
    assert shared_state.latest(room).params == {"scene": SCENES[1].id}
    # and the console's steps move it
    console.run()
    console.button(key="console_next").click().run()
    assert shared_state.latest(room).params == {"scene": SCENES[2].id}
    wall_screen.run()
    assert wall_screen.query_params["scene"] == SCENES[2].id
    # the link works once: a second screen with it does not present
    other = open_route("wall", mode="projector", pair=code)
    assert "used already" in html.unescape(other.toast[0].value)
    other.button(key="wall_next").click().run()
    assert shared_state.latest(room).params == {"scene": SCENES[2].id}
    # and the console offers a new one
    console.run()
    [link] = [e for e in console.main if type(e).__name__ == "LinkButton"]
    assert link.proto.url.split("pair=")[1] != code
    # Stop presenting on the console stops the wall too: its keys move it alone, and it says so
    console.button(key=url_params.STOP_PRESENTING).click().run()
    wall_screen.button(key="wall_next").click().run()
    assert shared_state.latest(room).params == {"scene": SCENES[2].id}
    assert "Not presenting" in wall_screen.error[0].value


def test_the_join_screen_shows_the_follow_address_as_a_qr_code_and_counts_the_room(room):
    import base64

    from components.core import shared_state
    from tests.unit.test_qr import modules_of

    at = open_route("join", mode="projector")
    assert not at.exception
    [image] = at.get("image")
    svg = base64.b64decode(image.proto.imgs[0].url.split(",", 1)[1]).decode()
    follow = "http://localhost:8501/?follow=1"
    from components.figures.qr import qr_modules

    assert modules_of(svg) == qr_modules(follow)  # the code says the address shown
    assert "localhost:8501/?follow=1" in html.unescape(" ".join(m.value for m in at.markdown))
    assert "**0** screens have joined" in " ".join(m.value for m in at.markdown)
    shared_state.report_followers(room, "elsewhere:1", 3)
    at.run()
    assert "**3** screens have joined" in " ".join(m.value for m in at.markdown)
    # Right, Page Down or Space starts: the first scene on the wall
    at.button(key="join_next").click().run()
    assert at.query_params["scene"] == SCENES[0].id and len(at.get("plotly_chart")) == 1


def test_a_page_opened_from_the_console_is_the_presenters_own(room):
    """Navigating from the console (the sidebar, the scene list) neither stops presenting nor
    moves the room."""
    from components.core import shared_state

    at = open_route("console", present="secret-token")
    at.button(key="console_next").click().run()
    at.switch_page(BY_ID["scenes"].script).run()
    assert not at.exception
    assert "Presenting from the console" in " ".join(c.value for c in at.caption)
    at.switch_page(BY_ID["comparison"].script).run()
    assert shared_state.latest(room).params == {"scene": SCENES[0].id}  # the room stayed
    at.switch_page(BY_ID["console"].script).run()
    at.button(key="console_next").click().run()  # still presenting
    assert shared_state.latest(room).params == {"scene": SCENES[1].id}


def test_the_scenes_page_links_every_scene_to_its_wall():
    at = open_route("scenes")
    walls = [link for link in at.get("page_link") if "wall" in html.unescape(link.proto.label)]
    assert len(walls) == len(SCENES)
    for link, scene in zip(walls, SCENES, strict=True):
        assert f"scene={scene.id}" in link.proto.query_string
        assert "mode=projector" in link.proto.query_string


def test_a_dataset_without_scenes_says_so_on_every_seminar_screen(tmp_path, monkeypatch, room):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data)
    (data / "scenes.yaml").unlink()
    monkeypatch.setenv("TUGOFWAR_DATA", str(data))
    for page_id, params in (("wall", {}), ("console", {"present": "secret-token"}),
                            ("scenes", {})):  # fmt: skip
        at = open_route(page_id, **params)
        assert not at.exception, page_id
        assert "no scenes.yaml" in html.unescape(at.info[0].value), page_id
