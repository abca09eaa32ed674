"""The seminar's wall: one scene as a slide. Its title, its prompt and the one chart the scene
names, filling the screen with nothing to scroll and no control on it; the keys step (Right,
Page Down or Space for the next scene, Left or Page Up for the previous: what a clicker sends),
B or . blank the screen and F asks for full screen. "Explore this view" opens the scene's page.

On a phone that follows the presenter the same slide is laid out for the phone (the prompt
above, the chart in the narrow layout), and its screen only reads: the presenter steps.
"""

from __future__ import annotations

import difflib

import streamlit as st

from components.core import url_params
from components.core.escape import markup, unplot
from components.core.scenes import Scene, scene_chart, scene_params, scene_state
from components.dataset.models import Dataset
from components.figures.pointer import pointed, targets_in
from components.figures.styled import STYLES
from components.figures.theme import PLOTLY_CONFIG
from components.figures.views import ChartView
from components.web import cached, frame, presentation, room, show
from components.web.address import Page
from components.web.figure import STYLED
from components.web.seminar import STEPPED, scenes_or_stop, shared

CHART = "wall_chart"  # the key of the frame the chart fills
# the keys that step, as Streamlit's button shortcuts name them; each a button not shown
STEPS = {
    "wall_next": ("right", 1),
    "wall_page_down": ("pagedown", 1),
    "wall_space": ("space", 1),
    "wall_previous": ("left", -1),
    "wall_page_up": ("pageup", -1),
}
# Streamlit's header hidden (the title never sits under it), the main area one column as tall
# as the screen, the chart's frame taking what the title and prompt leave.
WALL_CSS = """<style>
header[data-testid="stHeader"] { display: none; }
@media (max-height: 800px) { html:root { font-size: 18px; } }
[data-testid="stMainBlockContainer"] { padding: 0.8rem 2.2rem 0.3rem 2.2rem !important;
  max-width: none !important; height: 100vh; overflow: hidden; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] { height: 100%;
  flex-wrap: nowrap; gap: 0.4rem; }
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] > * { flex-shrink: 0; }
[data-testid="stLayoutWrapper"]:has(> .st-key-wall_chart) { flex: 1 1 0 !important;
  min-height: 0; }
.st-key-wall_chart { flex: 1 1 0 !important; min-height: 0; height: 100%; }
.st-key-wall_chart > div { flex: 1 1 0 !important; min-height: 0; }
.st-key-wall_head { gap: 0.2rem; }
.st-key-wall_head h1 { padding: 0 !important; margin: 0 !important; font-size: 1.7rem !important; }
.st-key-wall_head [data-testid="stMarkdownContainer"] { margin-bottom: 0 !important; }
.st-key-wall_head [data-testid="stMarkdownContainer"] p { margin: 0 !important; }
$hidden { display: none !important; }
#tow-blank { position: fixed; inset: 0; background: #000; z-index: 1000100; display: none;
  cursor: none; }
</style>"""
# A phone's slide scrolls as a page does: the chart as tall as the narrow layout makes it.
PHONE_CSS = """<style>
.st-key-wall_head h1 { font-size: 1.6rem !important; padding: 0.2rem 0 !important; }
$hidden { display: none !important; }
</style>"""
# B or . blanks the screen (and any key brings it back), F asks the browser for full screen:
# the browser's own business, no run of the script. Added once per page load.
KEYS_JS = """<script>
(() => {
  if (window.__towWallKeys) return;
  window.__towWallKeys = true;
  const blank = () => {
    let cover = document.getElementById('tow-blank');
    if (!cover) { cover = document.createElement('div'); cover.id = 'tow-blank';
                  document.body.appendChild(cover); }
    return cover;
  };
  document.addEventListener('keydown', (e) => {
    if (!document.querySelector('.st-key-wall_chart')) return;  // on the wall only
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const cover = blank();
    if (cover.style.display === 'block') {
      cover.style.display = 'none'; e.preventDefault(); e.stopImmediatePropagation(); return;
    }
    if (e.key === 'b' || e.key === 'B' || e.key === '.') {
      cover.style.display = 'block'; e.preventDefault();
    } else if (e.key === 'f' || e.key === 'F') {
      if (document.fullscreenElement) document.exitFullscreen();
      else document.documentElement.requestFullscreen().catch(() => {});
    }
  }, true);
})();
</script>"""


def draw(ds: Dataset, page: Page) -> None:
    """The wall of the scene the address names (the first when it names none; a mistyped one
    is said, and the first shown)."""
    scenes = scenes_or_stop(page.data)
    ids = [s.id for s in scenes]
    wanted = st.query_params.get(url_params.SCENE)
    if wanted not in ids:
        if wanted:
            close = difflib.get_close_matches(wanted, ids, n=1, cutoff=0.6)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            # a toast: a notice in the page would push the chart down and thin its labels
            show.toast(f"No scene '{wanted}': showing the first.{hint}",
                       icon=":material/link_off:")  # fmt: skip
        wanted = ids[0]
        st.query_params[url_params.SCENE] = wanted
    index = ids.index(wanted)
    scene = scenes[index]
    phone = presentation.narrow()
    following = bool(st.query_params.get(url_params.FOLLOW))
    hidden = ", ".join(f".st-key-{key}" for key in STEPS)
    css = (PHONE_CSS if phone else WALL_CSS).replace("$hidden", hidden)
    st.html(css + KEYS_JS, unsafe_allow_javascript=True)
    view = cached.view_chart(page.data, scene_state(ds, scene), scene_chart(scene))
    store = shared() if scene.question is not None else None
    asked = room.question_state(store, scene).status != "idle"  # the room answers: the chart waits
    with st.container(key="wall_head"):
        show.title(scene.title, anchor=False)
        show.markdown(markup("**{}/{}** \u2002 {}", index + 1, len(scenes), scene.prompt))
        if not phone and not asked:  # the chart's finding: its title, which the figure leaves out
            show.markdown(markup("**{}**", unplot(view.figure.layout.title.text or "")))
    if not (asked and room.draw(ds, scenes, scene, store, answering=following)):
        _chart(view, phone, room.pointer(shared()))
    _footer(ds, page, scene)
    if not following:
        _keys(scenes, index)


def _chart(view: ChartView, phone: bool, pointed_at: str | None = None) -> None:
    styles: tuple[str, ...] = ("narrow",) if phone else ("wall",)
    if presentation.dark():
        styles += ("dark",)
    if pointed_at in targets_in(view.figure):
        # the presenter points at one third party: made for this run (not kept: it changes)
        figure = pointed(view.figure, pointed_at)
        for style in styles:
            figure = STYLES[style](figure)
    else:
        figure = STYLED.get(view.figure, styles)
    # a slide: nothing to hover, click or focus, so no control on the wall takes the keys
    config = {**PLOTLY_CONFIG, "displayModeBar": False, "staticPlot": True}
    with st.container(key=CHART):
        st.plotly_chart(
            figure, theme=None, config=config, key=f"{CHART}_figure", width="stretch",
            height="content" if phone else "stretch", alt=view.alt,
        )  # fmt: skip


def _footer(ds: Dataset, page: Page, scene: Scene) -> None:
    left, right = st.columns([3, 1], vertical_alignment="center", gap="small")
    show.caption(page.source, where=left)
    with right:
        params = scene_params(ds, scene)
        params.pop(url_params.SCENE, None)  # exploring leaves the slides
        frame.link(scene.page, "Explore this view", icon=":material/open_in_new:",
                   query_params=params)  # fmt: skip


def _keys(scenes: list[Scene], index: int) -> None:
    """The keys that step: buttons that are never shown (a shown one could take the focus).
    The next run's banner publishes the scene to the room when this screen presents."""

    for key, (shortcut, step) in STEPS.items():
        target = index + step
        if 0 <= target < len(scenes):
            show.button(shortcut, key=key, shortcut=shortcut, on_click=_go_to,
                        args=(scenes[target].id,))  # fmt: skip


def _go_to(scene_id: str) -> None:
    st.query_params[url_params.SCENE] = scene_id
    st.session_state[STEPPED] = True  # a presenting wall tells the room (seminar.banner)


def wall_params(scene: Scene) -> dict[str, str]:
    """The address of a scene's wall."""
    return {url_params.SCENE: scene.id, url_params.MODE: "projector"}
