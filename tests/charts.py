"""Every chart the pages draw, for tests that walk them all (contrast, the narrow layout, the
styled copies): the shipped dataset and the second case."""

from __future__ import annotations

from components.core.routes import ROUTES
from components.dataset.load import load_dataset
from components.figures import views
from tests.conftest import ROOT, SHIPPED

CASES = [SHIPPED, ROOT / "tests" / "fixtures" / "other"]


def all_charts(data) -> list:  # noqa: ANN001
    """Every chart of every page's default view, and the comparison's trend."""
    ds = load_dataset(data)
    charts = [
        chart
        for route in ROUTES
        if route.state is not None
        for chart in views.page_charts(route.state.default(ds), ds)
    ]
    assert len(charts) >= 8
    comparison = next(r for r in ROUTES if r.id == "comparison").state.default(ds)
    charts.append(views.trend(ds, comparison))
    return charts
