"""The dashboard's pages: a pure table of id, title, script, address, icon and view state, and
the addresses (permalinks) that reproduce a view.

One table for the router (app.py), the scenes file, follow mode, the exports and the screenshot
command; a page's parameters are its state's (view_state.py), written down once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from components.core import url_params
from components.core.view_state import (
    ArticleState,
    ComparisonState,
    ConsoleState,
    HealthState,
    JoinState,
    MethodState,
    NetworkState,
    OverviewState,
    ReconcileState,
    ScenesState,
    StrategyState,
    TimelineState,
    ViewState,
    WallState,
)
from components.dataset.models import Dataset


@dataclass(frozen=True)
class Route:
    id: str
    title: str
    script: str
    url_path: str  # "" for the default page
    icon: str
    state: type[ViewState]
    exportable: bool = False  # its view has charts, so a briefing pack to offer
    # the keys of the charts its view can show alone (on a seminar's wall), the first the
    # default; figures/views.py builds them (a test checks the two agree)
    charts: tuple[str, ...] = ()
    in_menu: bool = True  # listed in the sidebar's menu (the seminar's screens are opened by link)

    @property
    def params(self) -> tuple[str, ...]:
        return self.state.params()


ROUTES = [
    Route("overview", "Overview", "app_pages/overview.py", "", ":material/dashboard:",
          OverviewState, exportable=True, charts=("who-leads-where",)),
    Route("comparison", "Country comparison", "app_pages/comparison.py", "comparison",
          ":material/compare:", ComparisonState, exportable=True,
          charts=("strength-by-side", "hedging", "regional-map", "change-over-time", "trend")),
    Route("network", "Actor network", "app_pages/network.py", "network", ":material/hub:",
          NetworkState, exportable=True, charts=("network",)),
    Route("strategy", "Strategy", "app_pages/strategy.py", "strategy",
          ":material/stacks:", StrategyState, exportable=True, charts=("strategy-progress",)),
    Route("timeline", "Timeline", "app_pages/timeline.py", "timeline", ":material/timeline:",
          TimelineState, exportable=True, charts=("timeline",)),
    Route("method", "Sources and method", "app_pages/method.py", "method",
          ":material/menu_book:", MethodState),
    Route("scenes", "Seminar scenes", "app_pages/scenes.py", "scenes", ":material/slideshow:",
          ScenesState),
    Route("wall", "Wall", "app_pages/wall.py", "wall", ":material/tv:", WallState,
          in_menu=False),
    Route("console", "Presenter's console", "app_pages/console.py", "console",
          ":material/co_present:", ConsoleState, in_menu=False),
    Route("join", "Join screen", "app_pages/join.py", "join", ":material/qr_code_2:", JoinState,
          in_menu=False),
    Route("article", "The source, coded", "app_pages/article.py", "source",
          ":material/article:", ArticleState),
    Route("health", "Data health", "app_pages/health.py", "health", ":material/monitor_heart:",
          HealthState),
    Route("reconcile", "Reconcile two codings", "app_pages/reconcile.py", "reconcile",
          ":material/call_merge:", ReconcileState),
]  # fmt: skip
BY_ID = {r.id: r for r in ROUTES}
STATES: tuple[type[ViewState], ...] = tuple(r.state for r in ROUTES)  # every page's view state
EXPORTABLE = tuple(r.id for r in ROUTES if r.exportable)


def title(page_id: str, ds: Dataset | None = None) -> str:
    """A page's name in the menu, the scene list and the exports: the route's, except where the
    dataset names what the page shows (the strategy's `short_title`: a case's own strategy may
    have two tracks, not three tiers)."""
    if page_id == "strategy" and ds is not None and ds.strategy.short_title:
        return ds.strategy.short_title
    return BY_ID[page_id].title


def titles(ds: Dataset | None = None) -> tuple[tuple[str, str], ...]:
    """Every page's name for this dataset, as (page id, name) pairs."""
    return tuple((r.id, title(r.id, ds)) for r in ROUTES)


BRIEFING_FORMATS = ("zip", "pptx")  # a view's briefing: the pack, or the editable deck
# Parameters of the presentation, not of a view: kept across scenes and pages.
COMMON_PARAMS = (url_params.MODE, url_params.SCENE)
# Parameters a shared link must never carry (the presenter's token).
PRIVATE_PARAMS = (url_params.PRESENT, url_params.PAIR)


def permalink(base: str, page: str, params: dict[str, str]) -> str:
    """Address of a page with the parameters that reproduce its view."""
    route = BY_ID[page]
    url = base.rstrip("/") + "/" + route.url_path
    query = {k: v for k, v in params.items() if v not in ("", None) and k not in PRIVATE_PARAMS}
    return url + ("?" + urlencode(query, safe=",") if query else "")


PUBLIC_URL_ENV = "TUGOFWAR_PUBLIC_URL"
LOCAL_URL = "http://localhost:8501"


def public_url() -> str | None:
    """The address a hosted dashboard is known by ($TUGOFWAR_PUBLIC_URL), for links, exports and
    screenshots; None when it is not set or is not an http(s) address."""
    url = os.environ.get(PUBLIC_URL_ENV, "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        return None
    return url.rstrip("/")


def site_root(url: str) -> str:
    """'http://host:8501/app/timeline/' -> 'http://host:8501/app': the address without a page."""
    url = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    for route in ROUTES:
        if route.url_path and url.endswith("/" + route.url_path):
            return url[: -len(route.url_path) - 1]
    return url


LOCAL_HOSTS = ("localhost", "0.0.0.0", "::1", "[::1]")


def is_local(url: str) -> bool:
    """Whether an address works only on the machine it was made on (localhost, 127.x, ::1, a
    bare host name with no dot): what an export's links should not point at."""
    host = (urlsplit(url).hostname or "").lower()
    return host in LOCAL_HOSTS or host.startswith("127.") or "." not in host and ":" not in host


def local_address_warning(url: str) -> str | None:
    """What to tell whoever exports with a local address (None for a public one)."""
    if not is_local(url):
        return None
    return (
        f"The exports' links point at {url}, which opens only on this machine. Set "
        f"{PUBLIC_URL_ENV} (or the command's --base-url) to the address others use."
    )


def page_of_path(path: str) -> str | None:
    """The page id for an address path ('/timeline' -> 'timeline', '/' -> 'overview')."""
    tail = path.split("?", 1)[0].strip("/").rsplit("/", 1)[-1]
    for route in ROUTES:
        if route.url_path == tail:
            return route.id
    return None


# The first folder of Streamlit's own addresses: never a page's, at either depth (a page's
# script looks for the server under its own folder first: /comparison/_stcore/health).
SERVER_FOLDERS = ("_stcore", "static", "media", "component", "app")


def moved_to(path: str, base: str = "") -> str | None:
    """Where an address a folder too deep goes, or None for any other address.

    Streamlit serves its page for any path, but its script looks for the server only under the
    address's two deepest folders, so '/comparison/russia' is a blank page. It goes to its page
    ('/comparison?moved=1', the page says why) or, for no page, to the overview ('/?moved=1').
    `base` is the server's baseUrlPath. The shipped nginx rule (deploy/nginx.conf.template)
    does the same in front of the processes."""
    prefix = "/" + base.strip("/") if base.strip("/") else ""
    if prefix and not (path == prefix or path.startswith(prefix + "/")):
        return None
    folders = path[len(prefix) :].strip("/").split("/")
    if len(folders) < 2 or folders[0] in SERVER_FOLDERS or folders[1] in SERVER_FOLDERS:
        return None
    page = folders[0] if any(r.url_path == folders[0] for r in ROUTES if r.url_path) else ""
    return f"{prefix}/{page}?{url_params.MOVED}=1"
