"""Seminar presenting: the scene bar (title, prompt, position, Previous / Next by button, arrow
keys or a clicker), the presenter's link, and screens that follow the presenter.

The presenter opens the dashboard with ?present=TOKEN (TUGOFWAR_PRESENTER_TOKEN, or the token
`tugofwar presenter` prints). The token leaves the address at once and is kept in the session:
it is never on the wall, in a link or in the browser's history, and presenting goes on however
the presenter moves (the sidebar, a scene's link, Back). Every view they show is published to
the shared state (shared_state.py). Students open ?follow=1: when the presenter moves, this
process's waker (follow.py) reruns each follower's small fragment, which opens the same view. A
student who changes the view themselves stops following, and can rejoin.
"""

from __future__ import annotations

import difflib
import logging
from typing import Any

import streamlit as st

from components.core import routes, shared_state, url_params
from components.core.escape import Markdown, markup
from components.core.scenes import Scene, scene_params, scene_state
from components.dataset.models import Dataset
from components.web import address, cached, follow, frame, presentation, show, streamlit_compat

LOGGER = logging.getLogger(__name__)
POLL_SECONDS = 1.0  # only where follow.py cannot wake a session
APPLIED = "_tow_follow_applied"  # the presenter's view this screen last took: (seq, page, params)
FOLLOWED = "_tow_followed"  # this screen has followed the presenter in this session
PRESENTING = "_tow_presenting"  # the presenter's token this session signed in with
WALL = "wall"  # the page that shows a scene as a slide (wall.py)
JOIN = "join"  # the join screen: the follow address as a QR code (join.py)
CONSOLE = "console"  # the presenter's console (console.py)
SLIDES = (WALL, JOIN)  # what a projector shows in a presentation
STEPPED = "_tow_stepped"  # this screen's own keys moved the slides: tell the room
MIRRORED = "_tow_mirrored"  # the room's move brought this slide: nothing to tell
FROM_CONSOLE = "_tow_from_console"  # this tab presents from the console
DRAWN = "_tow_slide_drawn"  # the slide this screen last drew
PAIRED = "_tow_paired"
EPOCH = "_tow_epoch"  # the presenting generation this session signed in under
WALL_COOKIE_NAME = "tow_wall"
WALL_KEY = "_tow_wall_key"  # this wall's key, kept in its browser's cookie
WALL_COOKIE = """<script>
document.cookie = "tow_wall=$key; path=/; max-age=43200; SameSite=Strict";
</script>"""  # this wall has just joined from the console: show the room's view
QUESTION_SIGNAL = "_tow_question_signal"  # the question state this screen last drew (room.py)
PENDING = "_tow_follow_pending"  # the view this screen was last sent to, and how many tries
KEYS_HINT = "Keys: \u2192 or Page Down for the next scene, \u2190 or Page Up for the previous."
HIDE_CLICKER_BUTTONS = f"""<style>
.st-key-{url_params.SCENE_PAGE_UP}, .st-key-{url_params.SCENE_PAGE_DOWN} {{ display: none; }}
</style>"""


def _view(ds: Dataset, page_id: str, params: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """A view in its own terms: the page and its state's parameters (canonical, so two
    addresses of the same view compare equal), with the scene shown."""
    state = routes.BY_ID[page_id].state.from_params(ds, params)
    shown = state.to_params()
    if params.get(url_params.SCENE):
        shown[url_params.SCENE] = str(params[url_params.SCENE])
    return page_id, shown


def banner(ds: Dataset, data: cached.DataKey, page_id: str) -> None:
    """What app.py draws above every page: the follow / present banner and the scene bar."""
    signed_in = _sign_in(page_id)
    shared = _shared()
    own_frame = page_id in (*SLIDES, CONSOLE)  # these draw their own seminar frame
    if not own_frame:
        _leave_a_scene_left_behind(ds, data, page_id)
    here = _view(ds, page_id, address.address())
    presenting = signed_in is not None and shared is not None and _valid(shared, signed_in)
    if signed_in is not None and not presenting and page_id != CONSOLE:  # it says so itself
        show.error(
            Markdown(
                "**Not presenting**: the presenter stopped on the console, or the shared state "
                "cannot be reached (or the token has changed), so the room's screens do not move "
                "with this one."
            ),
            icon=":material/sync_problem:",
        )
    if presenting and page_id in SLIDES:
        # a presenting wall shows what the room is shown (the console may step it) and tells
        # the room only of a step made with its own keys
        key = st.session_state.get(WALL_KEY)
        if key:
            st.html(WALL_COOKIE.replace("$key", key), unsafe_allow_javascript=True)
        stepped = st.session_state.pop(STEPPED, False)
        brought = st.session_state.pop(MIRRORED, False) or st.session_state.pop(PAIRED, False)
        again = st.session_state.get(DRAWN) == here  # a rerun of what it showed: no news
        st.session_state[DRAWN] = here
        if stepped or not (brought or again):  # its keys, or a slide the presenter opened
            _publish(shared, here)
        _mirror(ds, shared, here)
    elif presenting and page_id == CONSOLE:
        st.session_state[FROM_CONSOLE] = True  # it drives the room with its buttons
    elif presenting and st.session_state.get(FROM_CONSOLE):
        # a page opened from the console's tab is the presenter's own: the room stays put
        left, right = st.columns([4, 1], vertical_alignment="center")
        show.caption(
            Markdown(
                ":material/podcasts: **Presenting from the console.** This page is yours alone; "
                "the room stays on what the console shows."
            ),
            where=left,
        )
        with right:
            frame.link(CONSOLE, "Back to the console", icon=":material/co_present:")
    elif presenting:
        _publish(shared, here)
    elif st.query_params.get(url_params.FOLLOW):
        _follow(ds, shared, here)
    else:
        follow.WAKER.discard(streamlit_compat.session_id())
        if st.session_state.get(FOLLOWED) and shared is not None:
            _rejoin(page_id)
    if own_frame:
        return  # a slide or the console: their own title and keys, no bar, no note
    drives = presenting and not st.session_state.get(FROM_CONSOLE)  # this page is the room's
    _scene_bar(ds, data, page_id, drives)
    if drives:
        # below the scene bar: on a wall the first line sits under Streamlit's header
        _presenter_note(shared)


def _shared() -> shared_state.Store | None:
    try:
        return shared_state.store()
    except shared_state.StateError as exc:
        # the detail (a file path, a server address) goes to the log, not to every screen
        LOGGER.warning("follow mode is off: %s", exc)
        if st.query_params.get(url_params.FOLLOW):
            show.warning("Following the presenter is off: the shared state cannot be reached.")
        return None


def signed_in() -> str | None:
    """The presenter's token this session presents with, or None."""
    return st.session_state.get(PRESENTING)


def sign_in(token: str) -> bool:
    """The console's sign-in field: the token, if it is the presenter's, kept in the session."""
    st.session_state.pop(EPOCH, None)  # a new sign-in: the generation of now
    try:
        valid = _valid(shared_state.store(), token.strip())
    except shared_state.StateError:
        valid = False
    if valid:
        _remember(shared_state.store(), token.strip())
    return valid


def shared() -> shared_state.Store | None:
    """The shared state, or None (said on a follower's screen, logged)."""
    return _shared()


def publish(store: shared_state.Store, page_id: str, params: dict[str, str]) -> None:
    """The console's buttons: show the room a view."""
    _publish(store, (page_id, params))


def _sign_in(page_id: str) -> str | None:
    """The presenter's token this session presents with, or None. A token in the address is
    taken into the session and removed from the address in the same run; so is a wall's
    one-time code from the console (pair=CODE), which signs the wall in with the token."""
    code = st.query_params.get(url_params.PAIR)
    if code is not None:
        del st.query_params[url_params.PAIR]
        try:
            store = shared_state.store()
            if shared_state.use_wall_code(store, code):
                _remember(store, shared_state.presenter_token(store))
                st.session_state[PAIRED] = True
                # a reload of this wall starts a new session: a key in a cookie lets it back in
                # (set by the slide's runs: this one may go on to the room's view at once)
                st.session_state[WALL_KEY] = shared_state.wall_key(store)
            else:
                show.toast("That wall link was used already, or is too old: open the wall "
                           "again from the console.", icon=":material/link_off:")  # fmt: skip
        except shared_state.StateError:
            show.warning("The wall cannot join the presenter: the shared state cannot be reached.")
    given = st.query_params.get(url_params.PRESENT)
    if given is not None:
        del st.query_params[url_params.PRESENT]
        st.session_state.pop(EPOCH, None)  # a new sign-in: the generation of now
        try:
            valid = _valid(shared_state.store(), given)
        except shared_state.StateError:
            valid = False
        if valid:
            _remember(shared_state.store(), given)
        else:
            show.warning("That presenter link is not valid here: this screen is not presenting.")
    if st.session_state.get(PRESENTING) is None and page_id in SLIDES:
        _wall_back_in()
    return st.session_state.get(PRESENTING)


def _remember(store: shared_state.Store, token: str) -> None:
    """This session presents, in the presenting generation now (shared_state.epoch)."""
    st.session_state[PRESENTING] = token
    st.session_state[EPOCH] = shared_state.epoch(store)


def _wall_back_in() -> None:
    """A wall the console paired, reloaded: its cookie's key signs it in again (the same
    presenting generation only: after Stop presenting it does not)."""
    try:
        key = st.context.cookies.get(WALL_COOKIE_NAME)
    except (AttributeError, RuntimeError):
        key = None
    if not isinstance(key, str) or not key:
        return
    try:
        store = shared_state.store()
        if shared_state.wall_key_valid(store, key):
            _remember(store, shared_state.presenter_token(store))
            st.session_state[PAIRED] = True
            st.session_state[WALL_KEY] = key
    except shared_state.StateError:
        return


def scenes_or_stop(data: cached.DataKey) -> list[Scene]:
    """The dataset's scenes; where scenes.yaml is broken or absent, say so and stop the page."""
    scenes, problems = cached.scenes(data)
    if problems:
        frame.show_problems(problems, "scenes.yaml")
        st.stop()
    if not scenes:
        show.info("This dataset has no scenes.yaml: there are no scenes to show or present.")
        st.stop()
    return scenes


def valid(shared: shared_state.Store, token: str) -> bool:
    """Whether a token is the presenter's (False when the shared state cannot say)."""
    return _valid(shared, token)


def _valid(shared: shared_state.Store, token: str) -> bool:
    try:
        if not shared_state.is_presenter(shared, token):
            return False
        signed = st.session_state.get(EPOCH)
        return signed is None or signed == shared_state.epoch(shared)
    except shared_state.StateError:
        return False


def _stop_presenting() -> None:
    st.session_state.pop(PRESENTING, None)


def _rejoin(page_id: str) -> None:
    if show.button("Rejoin the presenter", key=url_params.REJOIN, icon=":material/group:"):
        st.session_state.pop(APPLIED, None)
        st.switch_page(
            frame.page_object(page_id),
            query_params=presentation.keep_presentation({url_params.FOLLOW: "1"}),
        )


# ---------------------------------------------------------------- the presenter


def _publish(shared: shared_state.Store, here: tuple[str, dict[str, str]]) -> None:
    last = shared_state.latest(shared)
    if last is None or (last.page, last.params) != here:
        try:
            shared.publish(*here)
        except shared_state.StateError as exc:
            LOGGER.warning("could not publish the presenter's view: %s", exc)
            show.warning("Followers cannot be told of this view: the shared state did not answer.")
            return
        follow.WAKER.notify()  # followers on this process move now


def _presenter_note(shared: shared_state.Store) -> None:
    # in the main area too: on a wall the sidebar is folded away, and presenting must never
    # stop without the presenter seeing it
    left, right = st.columns([4, 1], vertical_alignment="center")
    show.caption(
        Markdown(
            ":material/podcasts: **Presenting.** Every screen that opens the follow link moves "
            "with yours."
        ),
        where=left,
    )
    show.button(
        "Stop presenting", where=right, key=url_params.STOP_PRESENTING,
        on_click=_stop_presenting, type="tertiary", width="stretch",
    )  # fmt: skip
    with st.sidebar:
        show.markdown(
            Markdown("**Presenting.** Every screen that opens the follow link moves with you.")
        )
        st.code(f"{address.base_url()}/?{url_params.FOLLOW}=1", language=None, wrap_lines=True)
        show.caption(f"Shared state: {shared.url.split('://', 1)[0]}.")


# ---------------------------------------------------------------- a follower


def _follow(ds: Dataset, shared: shared_state.Store | None, here: tuple) -> None:
    if shared is None:
        return
    st.session_state[FOLLOWED] = True
    applied = st.session_state.get(APPLIED)
    pending = st.session_state.pop(PENDING, None)
    if pending is not None and pending[0] != here and pending[1] < 3:
        # a move to the presenter's view did not arrive whole: make it again rather than take
        # it for the student's own choice
        _go(pending[0], pending[1] + 1)
    if applied is not None and (applied[1], applied[2]) != here:
        # the view changed, and not by the presenter: this student explores on their own
        _stop_following()
        show.info(
            "You left the presenter's view and explore on your own.", icon=":material/explore:"
        )
        _rejoin(here[0])
        return
    left, right = st.columns([4, 1], vertical_alignment="center")
    show.markdown(
        Markdown(":material/sensors: **Following the presenter.** This screen moves with theirs."),
        where=left,
    )
    if show.button("Stop following", where=right, key=url_params.STOP_FOLLOWING, width="stretch"):
        _stop_following()
        st.rerun()
    if follow.available():
        _listen(ds, shared, here)
    else:
        _poll(ds, shared, here)


def _stop_following() -> None:
    st.session_state.pop(APPLIED, None)
    follow.WAKER.discard(streamlit_compat.session_id())
    if url_params.FOLLOW in st.query_params:
        del st.query_params[url_params.FOLLOW]


@st.fragment
def _listen(ds: Dataset, shared: shared_state.Store, here: tuple) -> None:
    """Runs when this page draws, and again whenever the process's waker sees the presenter
    move (follow.py): no timer in the browser."""
    fragment, session = streamlit_compat.fragment_id(), streamlit_compat.session_id()
    if fragment and session:
        shown = _check(ds, shared, here)
        follow.WAKER.add(
            follow.Follower(session, fragment, shared.url), shown.seq if shown else None
        )


@st.fragment
def _mirror(ds: Dataset, shared: shared_state.Store, here: tuple) -> None:
    """A presenting wall: like a follower's _listen, it moves when the room is moved (from
    the console), without the follow mode's address or its "explore alone"."""
    fragment, session = streamlit_compat.fragment_id(), streamlit_compat.session_id()
    if fragment and session:
        shown = _check(ds, shared, here, mirror=True)
        follow.WAKER.add(
            follow.Follower(session, fragment, shared.url, room=False),
            shown.seq if shown else None,
        )


@st.fragment(run_every=POLL_SECONDS)
def _poll(ds: Dataset, shared: shared_state.Store, here: tuple) -> None:
    """The fallback where Streamlit's internals for waking a session are not there: look
    every POLL_SECONDS."""
    _check(ds, shared, here)


def _check(
    ds: Dataset, shared: shared_state.Store, here: tuple, *, mirror: bool = False
) -> shared_state.Shown | None:
    """Has the presenter moved since this screen last followed? Then go there."""
    try:
        shown = shared_state.latest(shared)
    except shared_state.StateError:
        return None  # the next look may reach it
    if shown is None or shown.page not in routes.BY_ID:
        return shown
    applied = st.session_state.get(APPLIED)
    if applied is not None and applied[0] == shown.seq:
        return shown
    applied_signal = st.session_state.get(QUESTION_SIGNAL)
    target = _view(ds, shown.page, shown.params)
    st.session_state[APPLIED] = (shown.seq, *target)
    # a scene's question opened, closed or revealed (room.py): the same view, drawn again
    signal = st.session_state[QUESTION_SIGNAL] = shown.params.get(url_params.ASKED)
    if target == here and applied is not None and signal != applied_signal:
        st.rerun(scope="app")
    if target != here:
        if mirror:
            st.session_state[MIRRORED] = True
            params = presentation.keep_presentation(dict(target[1]))
            st.switch_page(frame.page_object(target[0]), query_params=params)
        _go(target, 1)
    return shown


def _go(target: tuple[str, dict[str, str]], attempt: int) -> None:
    st.session_state[PENDING] = (target, attempt)
    params = presentation.keep_presentation({**target[1], url_params.FOLLOW: "1"})
    st.switch_page(frame.page_object(target[0]), query_params=params)


# ---------------------------------------------------------------- scenes


def _scene_bar(ds: Dataset, data: cached.DataKey, page_id: str, presenting: bool) -> None:
    """Scene title, prompt and position, Previous / Next (buttons, arrow keys, a clicker's
    Page Up / Page Down), when the address names a scene."""
    scenes, problems = cached.scenes(data)
    if problems:
        with st.sidebar:
            show.warning(
                Markdown("scenes.yaml has problems, so presenting is off:\n\n")
                + Markdown("\n").join(markup("- {}", str(p)) for p in problems[:5])
            )
        return
    wanted = st.query_params.get(url_params.SCENE)
    ids = [s.id for s in scenes]
    if wanted not in ids:
        if wanted:
            _no_such_scene(wanted, ids)
        return
    index = ids.index(wanted)
    scene = scenes[index]
    following = bool(st.query_params.get(url_params.FOLLOW))
    with st.container(border=True, key="scene_bar"):
        text, nav = st.columns([3, 2], vertical_alignment="center")
        show.markdown(
            markup(
                "**Scene {} of {}: {}**  \n*{}*", index + 1, len(scenes), scene.title, scene.prompt
            ),
            where=text,
        )
        if following:
            return  # the presenter steps; a follower only reads
        back, forward = nav.columns(2)
        targets = {
            url_params.SCENE_PREVIOUS: (
                back,
                "Previous scene",
                "Left",
                -1,
                ":material/arrow_back:",
            ),
            url_params.SCENE_NEXT: (forward, "Next scene", "Right", 1, ":material/arrow_forward:"),
        }
        for key, (column, label, shortcut, step, icon) in targets.items():
            target = index + step
            if show.button(
                label,
                where=column,
                key=key,
                icon=icon,
                shortcut=shortcut,
                disabled=not 0 <= target < len(scenes),
                width="stretch",
                help=KEYS_HINT,
            ):
                _open(ds, scenes[target], presenting)
        # a clicker sends Page Up / Page Down: two more buttons, not shown
        for key, shortcut, step in (
            (url_params.SCENE_PAGE_UP, "PageUp", -1),
            (url_params.SCENE_PAGE_DOWN, "PageDown", 1),
        ):
            target = index + step
            if 0 <= target < len(scenes) and show.button(
                shortcut, key=key, shortcut=shortcut, type="tertiary"
            ):
                _open(ds, scenes[target], presenting)
        st.html(HIDE_CLICKER_BUTTONS)
        if presentation.wall():
            show.caption(KEYS_HINT)


def _leave_a_scene_left_behind(ds: Dataset, data: cached.DataKey, page_id: str) -> None:
    """A scene's bar stays while the page shows the scene's view; once the view is changed (a
    third party, a year, a filter), the scene is left: no bar claiming a prompt the page no
    longer shows, and no scene in the links. The evidence open over a chart is no change. An
    address that names a scene and nothing of a view (`?scene=ID`) opens the scene's view."""
    wanted = st.query_params.get(url_params.SCENE)
    scene = next((s for s in cached.scenes(data)[0] if s.id == wanted), None)
    if scene is None:
        return
    if presentation.projector():
        # a scene in projector mode is a slide: its wall (older scene links say so this way)
        params = {url_params.SCENE: scene.id, url_params.MODE: "projector"}
        for kept in (url_params.FOLLOW, url_params.LAYOUT):
            if st.query_params.get(kept):
                params[kept] = st.query_params[kept]
        st.switch_page(frame.page_object(WALL), query_params=params)
    if not any(name in st.query_params for name in routes.BY_ID[page_id].state.params()):
        params = presentation.keep_presentation(scene_params(ds, scene))
        if st.query_params.get(url_params.FOLLOW):
            params[url_params.FOLLOW] = st.query_params[url_params.FOLLOW]
        if scene.page != page_id:
            st.switch_page(frame.page_object(scene.page), query_params=params)
        st.query_params.from_dict(params)
        return
    if scene.page == page_id:
        here = routes.BY_ID[page_id].state.from_params(ds, address.address()).to_params()
        want = scene_state(ds, scene).to_params()
        here.pop(url_params.VALUE, None)
        want.pop(url_params.VALUE, None)
        if here == want:
            return
    del st.query_params[url_params.SCENE]


def _no_such_scene(wanted: str, ids: list[str]) -> None:
    """A scene link with a mistake: say so (the view it names is shown), and leave the address
    without it, so a copied link does not carry the mistake on."""
    close = difflib.get_close_matches(wanted, ids, n=1, cutoff=0.8)
    hint = f" Did you mean '{close[0]}'? It is on the Seminar scenes page." if close else ""
    show.warning(
        f"No scene '{wanted}' in this dataset: showing the view without it.{hint}",
        icon=":material/link_off:",
    )
    del st.query_params[url_params.SCENE]


def _open(ds: Dataset, scene: Scene, presenting: bool) -> None:
    """Go to a scene's view: every parameter of its page set, the presentation kept."""
    params = scene_params(ds, scene)
    if presenting:
        # tell the followers now, not when this screen's next run starts
        shared = _shared()
        if shared is not None:
            _publish(shared, _view(ds, scene.page, params))
    st.switch_page(
        frame.page_object(scene.page), query_params=presentation.keep_presentation(params)
    )


def scene_link_params(ds: Dataset, scene: Scene) -> dict[str, str]:
    """The parameters of a link that opens a scene, in the current presentation."""
    return presentation.with_mode(scene_params(ds, scene))
