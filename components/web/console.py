"""The presenter's console, on the presenter's laptop: the scene the room sees and the next one,
the scene's notes, the time (in all and on this scene), how many screens follow, the links for
the wall and the room, and the buttons that drive them.

The token lives in the console's session (from the presenter's link, or the sign-in field),
never in an address. The wall is opened from here with a one-time code, so it presents too
(its keys step the room) without the token. The console always says whether the room follows;
when the shared state is lost it says so in large type.
"""

from __future__ import annotations

import time

import streamlit as st

from components.core import routes, shared_state, url_params
from components.core.escape import Markdown, markup, unplot
from components.core.scenes import Scene, scene_chart, scene_state
from components.dataset.models import Dataset
from components.web import address, cached, follow, frame, room, show
from components.web.address import Page
from components.web.join import follow_address
from components.web.seminar import (
    EPOCH,
    FROM_CONSOLE,
    JOIN,
    PRESENTING,
    WALL,
    publish,
    scenes_or_stop,
    shared,
    sign_in,
    signed_in,
    valid,
)

STARTED = "_tow_console_started"  # when this console began presenting
TICK = 1.0  # seconds between the clock's looks (this one screen only)
LOST_CSS = """<style>
.st-key-console_lost [data-testid="stAlertContentError"] p { font-size: 1.8rem; }
</style>"""


def draw(ds: Dataset, page: Page) -> None:
    show.title("Presenter's console", anchor=False)
    token = signed_in()
    store = shared()
    if token is None:
        _sign_in_form()
        return
    if store is None or not valid(store, token):
        st.html(LOST_CSS)
        with st.container(key="console_lost"):
            show.error(
                Markdown(
                    "**The room is not following.** The shared state cannot be reached (or the "
                    "token has changed): the wall and the followers do not move."
                ),
                icon=":material/sync_problem:",
            )
        return
    # the seminar's clock is the room's, not this tab's: a console signed in again (a reload)
    # goes on counting from when this presenting generation began
    st.session_state[STARTED] = float(
        store.set_if_absent(f"started:{shared_state.epoch(store)}", str(time.time()))
    )
    scenes = scenes_or_stop(page.data)
    shown = shared_state.latest(store)
    ids = [s.id for s in scenes]
    current = _current(shown, ids)
    _clock(store, shown.seq if shown else None)
    _controls(store, scenes, current)
    if current is not None:
        scene = scenes[current]
        to_room = lambda params: publish(store, WALL, params)  # noqa: E731
        if scene.question is not None:
            with st.container(border=True, key="console_question"):
                room.controls(ds, scene, store, to_room)
        view = cached.view_chart(page.data, scene_state(ds, scene), scene_chart(scene))
        room.pointer_control(ds, scene, store, view, to_room)
    now, then = st.columns(2, gap="large")
    with now:
        if current is None:
            where = "the join screen" if shown and shown.page == JOIN else (
                f"the {shown.page} page" if shown else "nothing yet")  # fmt: skip
            show.subheader(f"The room sees {where}", anchor=False)
        else:
            _scene(ds, page, scenes[current], f"Now: {current + 1} of {len(scenes)}")
            if scenes[current].notes:
                show.markdown(Markdown("**Notes**"))
                show.markdown(scenes[current].notes)
    with then:
        following = 0 if current is None else current + 1
        if following < len(scenes):
            _scene(ds, page, scenes[following], f"Next: {following + 1} of {len(scenes)}")
        else:
            show.subheader("Next: the end", anchor=False)
    _links(ds, scenes)


def _sign_in_form() -> None:
    show.markdown(
        Markdown(
            "Sign in with the presenter's token (`tugofwar presenter` prints it, in the console's "
            "link). It stays in this browser tab, never in an address."
        )
    )
    with st.form("console_sign_in", border=False):
        token = show.widget(st.text_input, "Presenter's token", type="password")
        if show.widget(st.form_submit_button, "Present", icon=":material/co_present:"):
            if sign_in(token):
                st.rerun()
            show.error("That is not the presenter's token here.")


def _current(shown: shared_state.Shown | None, ids: list[str]) -> int | None:
    if shown is None or shown.page != WALL:
        return None
    scene = shown.params.get(url_params.SCENE)
    return ids.index(scene) if scene in ids else None


@st.fragment(run_every=TICK)
def _clock(store: shared_state.Store, seq: int | None) -> None:
    """Time in all and on this scene, and the room: every second. A step made elsewhere (the
    wall's keys) redraws the console."""

    try:
        shown = shared_state.latest(store)
        joined = shared_state.followers(store)
    except shared_state.StateError:
        show.error(Markdown("**The shared state did not answer**: the room may not follow."))
        return
    if (shown.seq if shown else None) != seq:
        st.rerun(scope="app")
    now = time.time()
    total = now - st.session_state.get(STARTED, now)
    here = now - shown.at if shown else 0.0
    show.markdown(
        markup(
            ":material/podcasts: **Presenting**, the room follows \u2002\u00b7\u2002 "
            "**{}** in all, **{}** on this scene \u2002\u00b7\u2002 **{}** {}",
            _clock_text(total),
            _clock_text(here),
            joined,
            "screen follows" if joined == 1 else "screens follow",
        )
    )


def _clock_text(seconds: float) -> str:
    minutes, secs = divmod(max(int(seconds), 0), 60)
    return f"{minutes}:{secs:02d}"


def _controls(store: shared_state.Store, scenes: list[Scene], current: int | None) -> None:
    back, forward, join_screen, stop = st.columns(4)
    step = {
        "console_previous": (back, "Previous", "left", -1, ":material/arrow_back:"),
        "console_next": (forward, "Next", "right", 1, ":material/arrow_forward:"),
    }
    for key, (column, label, shortcut, delta, icon) in step.items():
        target = (-1 if current is None else current) + delta
        if show.button(label, where=column, key=key, icon=icon, shortcut=shortcut,
                       width="stretch", disabled=not 0 <= target < len(scenes)):  # fmt: skip
            _show(store, WALL, {url_params.SCENE: scenes[target].id})
    if show.button("Join screen", where=join_screen, key="console_join",
                   icon=":material/qr_code_2:", width="stretch"):  # fmt: skip
        _show(store, JOIN, {})
    if show.button("Stop presenting", where=stop, key=url_params.STOP_PRESENTING,
                   width="stretch", help="Every screen presenting stops too (the wall); the "
                   "room stays on the last scene"):  # fmt: skip
        shared_state.stop_presenting(store)
        for name in (PRESENTING, STARTED, FROM_CONSOLE, EPOCH):
            st.session_state.pop(name, None)
        st.rerun()


def _show(store: shared_state.Store, page_id: str, params: dict[str, str]) -> None:
    publish(store, page_id, params)
    follow.WAKER.notify()
    st.rerun()


def _scene(ds: Dataset, page: Page, scene: Scene, heading: str) -> None:
    show.caption(heading)
    show.subheader(scene.title, anchor=False)
    show.markdown(markup("*{}*", scene.prompt))
    view = cached.view_chart(page.data, scene_state(ds, scene), scene_chart(scene))
    chart = routes.title(scene.page, ds)
    show.markdown(markup("{}, {} chart: **{}**", chart, scene_chart(scene),
                         unplot(view.figure.layout.title.text or "")))  # fmt: skip


def _links(ds: Dataset, scenes: list[Scene]) -> None:
    """The wall's link (a one-time code: it presents with this console) and the room's."""

    store = shared()
    if store is None:
        return
    with show.expander("Links for the wall and the room", expanded=True):
        base = address.base_url()
        wall, join_screen = st.columns(2)
        code = st.session_state.get("_tow_wall_code")
        if code is None or store.get(shared_state.PAIR + "used:" + code) is not None:
            code = st.session_state["_tow_wall_code"] = shared_state.wall_code(store)
        show.link_button(
            "Open the wall", f"{base}/wall?{url_params.MODE}=projector&{url_params.PAIR}={code}",
            where=wall, icon=":material/tv:", help="On the projector: it shows what the room "
            "sees, and its keys step too. The link works once.", width="stretch",
        )  # fmt: skip
        if show.button("A new wall link", where=wall, key="console_new_code", type="tertiary"):
            st.session_state.pop("_tow_wall_code", None)
            st.rerun()
        with join_screen:
            frame.copyable("The room follows at", follow_address())
            if any(scene.question is not None for scene in scenes):
                room.download(ds, scenes, store)
