"""The seminar's views built ahead: once per version of the data, a background thread builds
every page's default view and every scene's view, through the same caches the pages use, so
the presenter's Next and every follower's move find them ready.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from components.core.routes import ROUTES
from components.core.scenes import scene_chart, scene_state
from components.core.view_state import (
    ComparisonState,
    MethodState,
    OverviewState,
    ScenesState,
    StrategyState,
    TimelineState,
    ViewState,
)
from components.web import cached
from components.web.cached import DataKey

LOGGER = logging.getLogger(__name__)

# What a page's script asks the cache for, where that is more than its charts (cached.page_charts,
# which every other page with charts draws, and which costs nothing for a page without them).
PAGE_VIEWS: dict[type[ViewState], Callable[[DataKey, Any], object]] = {
    OverviewState: cached.overview,
    ComparisonState: lambda key, state: (
        cached.page_charts(key, state),
        cached.profile(key, state.third_party),
        cached.trend(key, state),
    ),
    StrategyState: cached.strategy,
    TimelineState: cached.timeline,
    MethodState: lambda key, state: cached.values_table(key, state.query),
    ScenesState: lambda key, state: cached.scenes(key),
}


def page_views(key: DataKey, state: ViewState) -> None:
    """Build (or find cached) every view a page draws for a state: what its script asks for."""
    PAGE_VIEWS.get(type(state), cached.page_charts)(key, state)


_WARMED: set[DataKey] = set()
_WARM_LOCK = threading.Lock()


def warm(key: DataKey) -> None:
    """Once per version of the data, build in a background thread the views every seminar
    scene opens and every page's default view. A cold comparison view takes about half a
    second to build; built ahead, the presenter's Next and every follower's move find it
    ready instead of waiting for it (tests/e2e/test_seminar.py times them)."""
    with _WARM_LOCK:
        if key in _WARMED:
            return
        _WARMED.add(key)
    threading.Thread(target=_warm, args=(key,), name="tugofwar-warm", daemon=True).start()


def _warm(key: DataKey) -> None:
    try:
        ds = cached.dataset(key)
        states = [route.state.default(ds) for route in ROUTES]
        scenes = cached.scenes(key)[0]
        for scene in scenes:  # each scene's wall first: what a seminar opens
            cached.view_chart(key, scene_state(ds, scene), scene_chart(scene))
        states += [scene_state(ds, scene) for scene in scenes]
        for state in states:
            page_views(key, state)
    except Exception:  # a view that fails to build fails again, visibly, on its page
        LOGGER.exception("warming the views failed")
