"""The dashboard's pages, their addresses and URL parameters, and permalinks to a view.

One table for the router (app.py), the scenes file, the exports and the screenshot command, so a
page's address and the parameters that reproduce its view are written down once.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from components import keys
from components.models import Dataset
from components.theme import STATUS_ORDER


@dataclass(frozen=True)
class Route:
    id: str
    title: str
    script: str
    url_path: str  # "" for the default page
    icon: str
    params: tuple[str, ...]


ROUTES = [
    Route(
        "overview", "Overview", "app_pages/overview.py", "", ":material/dashboard:", (keys.YEAR,)
    ),
    Route(
        "comparison",
        "Country comparison",
        "app_pages/comparison.py",
        "comparison",
        ":material/compare:",
        (keys.YEAR, keys.DIMENSION, keys.THIRD_PARTY),
    ),
    Route(
        "strategy",
        "Three-tier strategy",
        "app_pages/strategy.py",
        "strategy",
        ":material/stacks:",
        (keys.STATUS,),
    ),
    Route(
        "timeline",
        "Timeline 2013-2016",
        "app_pages/timeline.py",
        "timeline",
        ":material/timeline:",
        (
            keys.ACTORS,
            keys.THIRD_PARTIES,
            keys.CATEGORIES,
            keys.TIERS,
            keys.DATE_FROM,
            keys.DATE_TO,
            keys.EVENT,
        ),
    ),
    Route(
        "method",
        "Sources and method",
        "app_pages/method.py",
        "method",
        ":material/menu_book:",
        (keys.SEARCH,),
    ),
    Route("scenes", "Seminar scenes", "app_pages/scenes.py", "scenes", ":material/slideshow:", ()),
]
BY_ID = {r.id: r for r in ROUTES}
# pages whose view has charts, so a briefing pack (views.page_charts) to offer
EXPORTABLE = ("overview", "comparison", "strategy", "timeline")
# parameters every page understands
COMMON_PARAMS = (keys.MODE, keys.SCENE)
MULTI = {keys.STATUS, keys.ACTORS, keys.THIRD_PARTIES, keys.CATEGORIES, keys.TIERS}


def permalink(base: str, page: str, params: dict[str, str]) -> str:
    """Address of a page with the parameters that reproduce its view."""
    route = BY_ID[page]
    url = base.rstrip("/") + "/" + route.url_path
    query = {k: v for k, v in params.items() if v not in ("", None)}
    return url + ("?" + urlencode(query, safe=",") if query else "")


def site_root(url: str) -> str:
    """'http://host:8501/app/timeline/' -> 'http://host:8501/app': the address without a page."""
    url = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    for route in ROUTES:
        if route.url_path and url.endswith("/" + route.url_path):
            return url[: -len(route.url_path) - 1]
    return url


def allowed_values(ds: Dataset, param: str) -> set[str] | None:
    """The values a URL parameter may take for this dataset; None where any text is allowed."""
    from components.views import dimension_options  # views imports charts; keep this light

    table: dict[str, set[str]] = {
        keys.YEAR: {str(y) for y in ds.meta.years},
        keys.DIMENSION: set(dimension_options(ds)),
        keys.THIRD_PARTY: {tp.id for tp in ds.third_parties},
        keys.THIRD_PARTIES: {tp.id for tp in ds.third_parties},
        keys.STATUS: set(STATUS_ORDER),
        keys.ACTORS: {a.id for a in ds.meta.actors},
        keys.CATEGORIES: {c.id for c in ds.meta.event_categories},
        keys.TIERS: {t.id for t in ds.strategy.tiers},
        keys.EVENT: {e.id for e in ds.events},
        keys.MODE: {"projector", "light"},
    }
    return table.get(param)


def clean_params(ds: Dataset, page: str, raw: dict[str, str]) -> dict[str, str]:
    """The parameters of `raw` that this page understands, with valid values only (lists keep
    their valid items). What a permalink or a scene may carry."""
    out: dict[str, str] = {}
    for name in BY_ID[page].params + COMMON_PARAMS:
        value = raw.get(name)
        if value is None:
            continue
        allowed = allowed_values(ds, name)
        if name in MULTI:
            items = [x for x in str(value).split(",") if allowed is None or x in allowed]
            if items:
                out[name] = ",".join(items)
        elif allowed is None or str(value) in allowed:
            out[name] = str(value)
    return out
