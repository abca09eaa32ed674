"""The seminar room in a real Chromium: stepping through every scene (buttons and keys) with every
control showing the scene's values, the wall stepped by the keys, and screens that follow the
presenter across two processes behind nginx. (Every page in projector mode, at 1280x720 and
1920x1080: test_every_page.py.)"""

from __future__ import annotations

import time
import urllib.request

import pytest

from components.core import url_params
from components.core.routes import permalink
from components.core.scenes import load_scenes, scene_params, scene_state
from components.dataset.load import load_dataset
from components.dataset.models import status_label
from components.export.screenshot import _wall, wait_drawn
from components.figures.views import dimension_name, page_charts, trend
from tests.conftest import SHIPPED
from tests.e2e.conftest import ARTIFACTS, until

pytestmark = pytest.mark.e2e

DS = load_dataset(SHIPPED)
SCENES = load_scenes(DS)
PROJECTOR_SIZES = [(1280, 720), (1920, 1080)]

# What each page's controls show, read from the page as a user sees them.
READ_CONTROLS = """() => {
  const out = {};
  const label = (e) => (e.querySelector('label, [data-testid=stWidgetLabel]') || {}).innerText;
  for (const e of document.querySelectorAll('[data-testid=stRadio]')) {
    const on = e.querySelector('input:checked');
    out[label(e)] = on ? on.closest('label').innerText.trim() : null;
  }
  for (const e of document.querySelectorAll('[data-testid=stSelectbox]')) {
    out[label(e)] = e.querySelector('input').value;
  }
  for (const e of document.querySelectorAll('[data-testid=stMultiSelect]')) {
    const tags = e.querySelector(':scope > div [data-testid=stMultiSelectTagsContainer]');
    out[label(e)] = tags ? [...tags.querySelectorAll('[data-tag] span[title]')]
      .map(t => t.title) : [];
  }
  for (const e of document.querySelectorAll('[data-testid=stSlider]')) {
    out[label(e)] = [...e.querySelectorAll('[data-testid=stSliderThumbValue]')]
      .map(t => t.innerText);
  }
  for (const e of document.querySelectorAll('[data-testid=stTextInput]')) {
    out[label(e)] = e.querySelector('input').value;
  }
  return out;
}"""
CHART_TITLES = """() => [...document.querySelectorAll(
  '[data-testid=stPlotlyChart] .js-plotly-plot')]
  .map(gd => (gd.layout.title.text || '').replace(/<br>/g, ' '))"""


def expected_controls(scene) -> dict[str, object]:
    """What the controls must show for a scene's view, in the words the page uses."""
    state = scene_state(DS, scene)
    names = {tp.id: tp.name for tp in DS.third_parties}
    if scene.page == "overview":
        return {"Year": str(state.year)}
    if scene.page == "comparison":
        return {
            "Year": str(state.year),
            "Dimension": dimension_name(DS, state.dimension),
            "Third party": names[state.third_party],
        }
    if scene.page == "strategy":
        return {"Show actions with outcome": [status_label(s) for s in state.statuses]}
    if scene.page == "timeline":
        actors = {a.id: a.short_name for a in DS.meta.actors}
        categories = {c.id: c.name for c in DS.meta.event_categories}
        tiers = {t.id: f"Tier {t.number}: {t.title}" for t in DS.strategy.tiers}
        events = {e.id: e.title for e in DS.events}
        ids = state.event_ids(DS)
        return {
            "Actor": [actors[x] for x in state.actors],
            "Third party": [names[x] for x in state.third_parties],
            "Category": [categories[x] for x in state.categories],
            "Strategy tier": [tiers[x] for x in state.tiers],
            "Dates": [f"{state.start:%b %Y}", f"{state.end:%b %Y}"],
            f"Event {ids.index(state.event) + 1} of {len(ids)}": events[state.event],
        }
    if scene.page == "method":
        return {"Search third party, quote or rationale": state.query}
    return {}


def expected_titles(scene) -> list[str]:
    state = scene_state(DS, scene)
    shown = page_charts(state, DS)
    if scene.page == "comparison":  # and the profile's third party over the years
        shown.append(trend(DS, state))
    return [v.figure.layout.title.text for v in shown]


def visible_button(page, key: str):  # noqa: ANN001, ANN201
    # Streamlit draws a second, hidden copy of a button with a tooltip: take the one shown
    return page.locator(f".st-key-{key} button").locator("visible=true").first


def press_button(page, key: str) -> None:  # noqa: ANN001
    visible_button(page, key).click()


def settle(page) -> None:  # noqa: ANN001
    page.wait_for_timeout(300)
    wait_drawn(page)


def wait_for_scene(page, scene, timeout_s: float = 30) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout_s
    while f"scene={scene.id}" not in page.url or scene.title not in scene_bar_text(page):
        if time.monotonic() > deadline:
            raise AssertionError(f"never reached scene {scene.id}: {page.url}")
        page.wait_for_timeout(100)
    settle(page)


def scene_bar_text(page) -> str:  # noqa: ANN001
    bar = page.locator(".st-key-scene_bar")
    return bar.inner_text() if bar.count() else ""


def assert_scene_shown(page, scene) -> None:  # noqa: ANN001
    controls = page.evaluate(READ_CONTROLS)
    for label, value in expected_controls(scene).items():
        assert controls.get(label) == value, (scene.id, label, controls.get(label), value)
    assert page.evaluate(CHART_TITLES) == expected_titles(scene), scene.id


def open_scene(open_page, app_url, size, scene):  # noqa: ANN001
    url = permalink(app_url, scene.page, scene_params(DS, scene))
    opened = open_page(url, size=size)
    wait_for_scene(opened.page, scene)
    return opened


def test_previous_then_next_through_every_scene_sets_every_control(open_page, app_url):
    """From the last scene's link, Previous down to the first and Next on to the last
    comparison scene: every control and chart is the scene's, both ways (AppTest steps Next
    through every scene too). Then a control is changed: the view follows it and does not
    revert (it reverted to the first scene's view)."""
    page = open_scene(open_page, app_url, (1280, 720), SCENES[-1]).page
    assert_scene_shown(page, SCENES[-1])
    for scene in reversed(SCENES[:-1]):
        press_button(page, url_params.SCENE_PREVIOUS)
        wait_for_scene(page, scene)
        assert_scene_shown(page, scene)
    target = [s for s in SCENES if s.page == "comparison"][-1]
    for scene in SCENES[1 : SCENES.index(target) + 1]:
        press_button(page, url_params.SCENE_NEXT)
        wait_for_scene(page, scene)
        assert_scene_shown(page, scene)
    other = next(str(y) for y in DS.meta.years if str(y) != str(scene_state(DS, target).year))
    page.get_by_test_id("stRadio").filter(has_text="Year").get_by_text(other, exact=True).click()
    settle(page)
    page.wait_for_timeout(1500)
    assert f"year={other}" in page.url
    controls = page.evaluate(READ_CONTROLS)
    want = {**expected_controls(target), "Year": other}
    assert {k: controls.get(k) for k in want} == want
    assert page.evaluate(CHART_TITLES)[0].split(":")[0].endswith(other)


# What a wall shows: its charts' boxes, anything a user could click or type in that is shown,
# how far the page scrolls, the smallest chart text, and whether the screen is blanked.
WALL = """() => {
  const shown = (e) => { const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; };
  const main = document.querySelector('[data-testid=stMain]');
  const sizes = [...document.querySelectorAll('[data-testid=stPlotlyChart] svg text')]
    // (a legend's "Aa" is the symbol of a text trace, not text to read)
    .filter(t => t.textContent.trim() && shown(t) && !t.closest('.legendpoints'))
    .map(t => [parseFloat(getComputedStyle(t).fontSize), t.textContent.trim()]);
  const cover = document.getElementById('tow-blank');
  // chart text outside the chart's own box is under the page's text, or off the slide
  const frames = [...document.querySelectorAll('[data-testid=stPlotlyChart]')];
  const outside = [...document.querySelectorAll('[data-testid=stPlotlyChart] svg text')]
    .filter(t => t.textContent.trim() && shown(t) && !t.closest('.legendpoints'))
    .filter(t => { const r = t.getBoundingClientRect(),
                         f = t.closest('[data-testid=stPlotlyChart]').getBoundingClientRect();
                   return r.top < f.top - 1 || r.bottom > f.bottom + 1
                          || r.left < f.left - 1 || r.right > f.right + 1; })
    .map(t => t.textContent.trim());
  return {vw: innerWidth, vh: innerHeight, outside, frames: frames.length,
    charts: [...document.querySelectorAll('[data-testid=stPlotlyChart]')].map(e => {
      const r = e.getBoundingClientRect();
      return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }),
    widgets: [...main.querySelectorAll('button, input, select, textarea, [role=slider]')]
      .filter(shown).map(e => e.outerHTML.slice(0, 80)),
    scroll: main.scrollHeight - main.clientHeight,
    smallest: sizes.sort((a, b) => a[0] - b[0])[0] || null,
    title: (document.querySelector('h1') || {}).innerText,
    blank: !!cover && getComputedStyle(cover).display !== 'none'};
}"""


def wait_for_wall(page, scene, timeout_s: float = 30) -> dict:  # noqa: ANN001
    deadline = time.monotonic() + timeout_s
    seen = {}
    while True:
        if f"scene={scene.id}" in page.url:
            settle(page)
            seen = page.evaluate(WALL)
            if seen["title"] == scene.title and len(seen["charts"]) == 1:
                return seen
        if time.monotonic() > deadline:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=ARTIFACTS / f"wall-never-{scene.id}.png")
            shown = page.get_by_test_id("stApp").inner_text()[:400]
            raise AssertionError(
                f"the wall never showed {scene.id}: {page.url}; it showed title "
                f"{seen.get('title')!r}, {len(seen.get('charts', []))} charts, text {shown!r}"
            )
        page.wait_for_timeout(100)


# Every scene on both projector sizes and in both themes, each walk over half the scenes (they
# overlap): a scene's wall at one size and theme tells nothing the pairs do not (each walk of
# all the scenes in all four took a minute of the suite's CPU).
_HALF = (len(SCENES) + 1) // 2
WALKS = {
    "1280x720-light-first": ((1280, 720), "light", SCENES[: _HALF + 1]),
    "1280x720-dark-second": ((1280, 720), "dark", SCENES[_HALF - 1 :]),
    "1920x1080-light-second": ((1920, 1080), "light", SCENES[_HALF - 1 :]),
    "1920x1080-dark-first": ((1920, 1080), "dark", SCENES[: _HALF + 1]),
}


@pytest.mark.parametrize("walk", list(WALKS))
def test_the_wall_shows_every_scene_as_one_readable_chart_stepped_by_the_keys(
    open_page, app_url, walk
):
    """Each scene on the wall: one chart wholly on the screen, nothing to scroll, no control,
    no text over text and none under 16 px; the keys a presenter and a clicker send step, B
    blanks the screen and any key brings it back. Screenshots of every scene are kept."""
    from tests.export.textboxes import _BOXES, Box, problems

    size, scheme, walked = WALKS[walk]
    first = walked[0]
    opened = open_page(permalink(app_url, first.page, {**scene_params(DS, first),
                                                       url_params.MODE: "projector"}),
                       size=size, scheme=scheme)  # fmt: skip
    page = opened.page
    keys = ["ArrowRight", "Space", "PageDown"]
    for number, scene in enumerate(walked):
        if number:
            page.keyboard.press(keys[number % len(keys)])
        seen = wait_for_wall(page, scene)
        where = f"{scene.id} at {size[0]}x{size[1]} {scheme}"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)  # before the checks, so a failure has it
        shot = f"wall-{SCENES.index(scene) + 1:02d}-{scene.id}-{size[0]}-{scheme}.png"
        page.screenshot(path=ARTIFACTS / shot)
        [chart] = seen["charts"]
        assert chart["top"] >= 0 and chart["bottom"] <= seen["vh"], where
        assert chart["left"] >= 0 and chart["right"] <= seen["vw"], where
        assert chart["bottom"] - chart["top"] >= 0.5 * seen["vh"], f"{where}: a small chart"
        assert seen["scroll"] <= 0, f"{where}: the wall scrolls"
        assert seen["widgets"] == [], where
        assert seen["outside"] == [], f"{where}: chart text outside the chart"
        assert seen["smallest"][0] >= 16, f"{where}: text of {seen['smallest']} px"
        texts = [Box(**b) for b in page.evaluate(_BOXES)]
        assert problems(texts, seen["vw"], seen["vh"]) == [], where
        assert "present=" not in page.url
    for scene in reversed(walked[-3:-1]):
        page.keyboard.press("ArrowLeft" if scene is walked[-2] else "PageUp")
        wait_for_wall(page, scene)
    page.keyboard.press("b")
    assert page.evaluate(WALL)["blank"]
    page.keyboard.press("ArrowRight")  # any key brings the wall back, and does not step
    page.wait_for_timeout(500)
    seen = page.evaluate(WALL)
    assert not seen["blank"] and seen["title"] == walked[-3].title
    page.keyboard.press("f")  # full screen, and F again leaves it
    page.wait_for_function("() => !!document.fullscreenElement", timeout=5_000)
    page.keyboard.press("f")
    page.wait_for_function("() => !document.fullscreenElement", timeout=5_000)
    assert opened.real_console_errors() == []


FIT = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  // the charts drawn: not those in a tab that is not open (the method page's maps, whose
  // panels are not displayed: no box at all, where a collapsed chart still has one)
  const charts = [...document.querySelectorAll('[data-testid=stPlotlyChart]')]
    .filter(e => e.getClientRects().length > 0).map(e => {
    const r = e.getBoundingClientRect(); return {w: r.width, h: r.height, left: r.left,
                                               right: r.right}; });
  const bar = document.querySelector('.st-key-scene_bar');
  const b = bar ? bar.getBoundingClientRect() : null;
  return {vw: innerWidth, vh: innerHeight, charts,
          overflow: Math.max(document.documentElement.scrollWidth, main.scrollWidth)
                    - Math.max(innerWidth, main.clientWidth),
          bar: b && {top: b.top, bottom: b.bottom},
          sidebar: document.querySelector('[data-testid=stSidebar]')
                   .getBoundingClientRect().right};
}"""


def shoot_charts(page, name: str) -> None:  # noqa: ANN001
    """A screenshot of the top of the page, and one per chart scrolled to it (as the
    screenshot command takes them in projector mode)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    _wall(page, ARTIFACTS / name)


def test_the_two_kinds_of_next_say_what_they_step(open_page, app_url):
    scene = next(s for s in SCENES if s.page == "timeline")
    opened = open_page(permalink(app_url, "timeline", scene_params(DS, scene)))
    wait_for_scene(opened.page, scene)
    labels = [b.inner_text() for b in opened.page.locator("button").all() if b.is_visible()]
    assert any("Next scene" in x for x in labels) and any("Next event" in x for x in labels)
    assert not any(x.strip() == "Next" for x in labels)


# ---------------------------------------------------------------- following the presenter


def upstream_of(url: str, cookie: str) -> str:
    request = urllib.request.Request(
        f"{url}/_stcore/health", headers={"Cookie": f"tow_affinity={cookie}"}
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.headers["X-Tow-Upstream"]


def cookies_on_both(url: str, wanted: int) -> list[tuple[str, str]]:
    """Affinity cookies that put `wanted` browsers on the backends in turn (nginx hashes the
    cookie), with the backend each lands on."""
    found: dict[str, list[str]] = {}
    for i in range(200):
        cookie = f"seat{i}"
        found.setdefault(upstream_of(url, cookie), []).append(cookie)
        if len(found) >= 2 and min(len(v) for v in found.values()) >= (wanted + 1) // 2:
            break
    backends = sorted(found)
    assert len(backends) == 2, f"nginx sent every browser to one process: {found}"
    return [(found[backends[i % 2]][i // 2], backends[i % 2]) for i in range(wanted)]


# Set in every follower page before it loads, timed by the browser itself (ms since the epoch):
# __seen, when the page's websocket delivers a slide with each scene number ("**4/11**": the
# screen has been moved, what the server and the network owe a follower), and __drawn, when its
# slide shows that number. On this two-core machine five Chromiums redraw at once, so the
# drawing time is mostly the other browsers' work, which students' own devices do not share: it
# gets a looser bound.
WATCH_SCENES = """
window.__seen = {}; window.__drawn = {};
const Socket = window.WebSocket;
window.WebSocket = class extends Socket {
  constructor(...args) {
    super(...args);
    this.addEventListener('message', (ev) => {
      if (!(ev.data instanceof ArrayBuffer)) return;
      const found = new TextDecoder('latin1').decode(ev.data).match(/\\*\\*(\\d+)\\/\\d+\\*\\*/);
      if (found && !window.__seen[found[1]]) window.__seen[found[1]] = Date.now();
    });
  }
};
new MutationObserver(() => {
  const marks = [...document.querySelectorAll('.st-key-wall_head strong')];
  const found = marks.map(m => m.textContent.match(/^(\\d+)\\/\\d+$/)).find(m => m);
  if (found && !window.__drawn[found[1]]) window.__drawn[found[1]] = Date.now();
}).observe(document, {subtree: true, childList: true, characterData: true});
"""
DRAWN_WITHIN = 5.0  # seconds from the presenter's step to the follower's slide redrawn
PHONE = {
    "viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True,
    "has_touch": True, "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) "
    "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
}  # fmt: skip


@pytest.mark.timing
@pytest.mark.parametrize("store", ["redis"])  # SQLite's: test_room_two_processes.py
def test_a_whole_seminar_console_wall_and_room_on_two_processes(chromium, two_processes, store):
    """The seminar end to end, two processes behind nginx: the console (1366x768) opens the
    join screen and the wall (1280x720); two phones (an iPhone's agent, touch) and a laptop
    join through the address the join screen shows; the presenter steps every scene, from the
    console and with the wall's keys. At every step the wall shows one chart wholly on screen,
    no control, no text over text; every follower has the scene within 2 s; no address on the
    wall or a follower holds the token; going elsewhere from the console never stops it."""
    from tests.export.textboxes import _BOXES, Box, problems

    url, token = two_processes(store)
    seats = cookies_on_both(url, 5)  # the console, the wall and three followers, on both
    assert len({backend for _, backend in seats[2:]}) == 2
    contexts = []

    def browser(cookie: str, address: str, watch: bool = False, **options):  # noqa: ANN202
        options.setdefault("viewport", {"width": 1280, "height": 720})
        context = chromium.new_context(**options)
        contexts.append(context)
        context.add_cookies([{"name": "tow_affinity", "value": cookie, "url": url}])
        if watch:
            context.add_init_script(WATCH_SCENES)
        page = context.new_page()
        page.goto(address)
        wait_drawn(page)
        return page

    def text(page) -> str:  # noqa: ANN001
        return page.get_by_test_id("stMain").inner_text()

    try:
        console = browser(seats[0][0], f"{url}/console?{url_params.PRESENT}={token}",
                          viewport={"width": 1366, "height": 768})  # fmt: skip
        until(lambda: "Presenting" in text(console), "the console presents")
        assert url_params.PRESENT not in console.url
        console.get_by_role("button", name="Join screen").click()
        wall_link = console.get_by_role("link", name="Open the wall").get_attribute("href")
        assert token not in wall_link
        wall = browser(seats[1][0], wall_link)
        until(lambda: "scan the code" in text(wall), "the wall shows the join screen")
        assert "pair=" not in wall.url and token not in wall.url
        shown = text(wall)
        follow = next(line for line in shown.splitlines() if "?follow=1" in line).strip()
        followers = [
            browser(cookie, f"http://{follow}", watch=True, **options)
            for (cookie, _), options in zip(seats[2:], [PHONE, PHONE, {}], strict=True)
        ]
        until(lambda: "3 screens have joined" in text(wall), "the wall counts three")
        assert all("You have joined" in text(page) for page in followers)
        until(lambda: "3 screens follow" in text(console), "the console counts three")
        arrivals: list[tuple[str, float]] = []
        drawings: list[tuple[str, float]] = []
        for number, scene in enumerate(SCENES, start=1):
            if number == 6:  # the wall's tab is reloaded: it presents on, its keys step the room
                wall.reload()
                wait_for_wall(wall, SCENES[4])
            wait_drawn(wall)
            stepped = time.time()
            if number % 2:
                console.get_by_role("button", name="Next").click()
            else:
                wall.keyboard.press("ArrowRight")
            seen = wait_for_wall(wall, scene)
            [chart] = seen["charts"]
            where = f"{scene.id} on the wall"
            assert chart["top"] >= 0 and chart["bottom"] <= seen["vh"], where
            assert seen["widgets"] == [] and seen["scroll"] <= 0, where
            texts = [Box(**b) for b in wall.evaluate(_BOXES)]
            assert problems(texts, seen["vw"], seen["vh"]) == [], where
            for page in followers:
                try:
                    page.wait_for_function(f"() => window.__drawn['{number}']", timeout=15_000)
                except Exception as exc:
                    raise AssertionError(f"a follower never showed {scene.id}: {page.url} "
                                         f"{text(page)[:300]!r}") from exc  # fmt: skip
                seen_at, drawn_at = page.evaluate(
                    f"() => [window.__seen['{number}'], window.__drawn['{number}']]"
                )
                assert seen_at, "the slide was drawn without its view arriving: a broken watch"
                arrivals.append((scene.id, round(seen_at / 1000 - stepped, 2)))
                drawings.append((scene.id, round(drawn_at / 1000 - stepped, 2)))
            for page in (wall, *followers):
                assert token not in page.url and "pair=" not in page.url
            until(lambda scene=scene: scene.title in text(console), "the console follows")
        late = [(s, t) for s, t in arrivals if t > 2.0]
        assert not late, f"followers later than 2 s: {late} (all: {arrivals})"
        slow = [(s, t) for s, t in drawings if t > DRAWN_WITHIN]
        assert not slow, f"followers drawn later than {DRAWN_WITHIN} s: {slow} (all: {drawings})"
        print(f"arrivals {arrivals}\ndrawn {drawings}")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        console.screenshot(path=ARTIFACTS / f"seminar-console-{store}.png")
        followers[0].screenshot(path=ARTIFACTS / f"seminar-phone-{store}.png")
        # the console goes elsewhere (the sidebar's scene list) and back: still presenting, and
        # the room stayed where it was
        console.get_by_test_id("stSidebarNav").get_by_text("Seminar scenes").click()
        until(lambda: "Presenting from the console" in text(console), "the console's note")
        assert f"{len(SCENES)}/{len(SCENES)}" in text(wall)
        console.get_by_role("link", name="Back to the console").click()
        until(lambda: "Previous" in text(console), "back on the console")
        console.get_by_role("button", name="Previous").click()
        wait_for_wall(wall, SCENES[-2])
        # a follower who stops explores alone, and can rejoin
        page = followers[2]
        page.get_by_role("button", name="Stop following").click()
        settle(page)
        assert f"{url_params.FOLLOW}=" not in page.url
        page.get_by_role("button", name="Rejoin the presenter").click()
        until(lambda: SCENES[-2].title in text(page), "the follower rejoins")
        # Stop presenting stops the wall too: its keys no longer move the room, and it says so
        console.get_by_role("button", name="Stop presenting").click()
        until(lambda: "Presenter's token" in text(console), "the console signs out")
        wall.keyboard.press("ArrowLeft")
        until(lambda: "Not presenting" in text(wall), "the wall says it stopped")
        time.sleep(2)
        assert f"{len(SCENES) - 1}/{len(SCENES)}" in text(followers[0])
    finally:
        for context in contexts:
            context.close()


def test_a_follower_is_never_shown_the_presenter_token(open_page, app_url):
    opened = open_page(f"{app_url}/?{url_params.FOLLOW}=1")
    text = opened.page.get_by_test_id("stApp").inner_text()
    assert "present=" not in text and "Presenting" not in text
    assert "Following the presenter" in text
