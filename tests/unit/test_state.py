"""Each page's view state: read from an address (old links included), defaults filled, invalid
values dropped, written back, and settled where fields depend on each other."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from components.core import routes
from components.core.view_state import (
    ComparisonState,
    MethodState,
    OverviewState,
    StrategyState,
    TimelineState,
    as_mapping,
)
from components.dataset.load import load_dataset
from tests.conftest import ROOT, SHIPPED

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def ds():
    return load_dataset(SHIPPED)


def test_defaults_come_from_the_dataset(ds):
    assert OverviewState.default(ds) == OverviewState(max(ds.meta.years), "all", "low")
    comparison = ComparisonState.default(ds)
    assert (comparison.year, comparison.dimension, comparison.third_party) == (
        max(ds.meta.years),
        "overall",
        ds.third_parties[0].id,
    )
    assert (comparison.evidence, comparison.confidence) == ("all", "low")
    timeline = TimelineState.default(ds)
    assert timeline.start == date(ds.meta.event_period.start, 1, 1)
    assert timeline.end == date(ds.meta.event_period.end, 12, 31)
    assert timeline.event == timeline.event_ids(ds)[0]  # settled to the first event shown
    assert StrategyState.default(ds).statuses == ()
    assert MethodState.default(ds).query == ""


def test_an_address_gives_its_state_and_the_state_gives_the_address(ds):
    params = {"year": "2015", "dim": "economic", "tp": "turkmenistan"}
    state = ComparisonState.from_params(ds, params)
    assert (state.year, state.dimension, state.third_party) == (2015, "economic", "turkmenistan")
    assert state.to_params() == params
    for cls in routes.STATES:
        default = cls.default(ds)
        assert cls.from_params(ds, default.to_params()) == default, cls.__name__


def test_invalid_values_fall_back_to_defaults_and_unknown_parameters_are_ignored(ds):
    state = ComparisonState.from_params(
        ds, {"year": "1999", "dim": "astrology", "tp": "atlantis", "colour": "red"}
    )
    assert state == ComparisonState.default(ds)
    assert OverviewState.from_params(ds, {"year": "2015abc"}).year == max(ds.meta.years)


def test_lists_read_old_comma_links_and_repeated_parameters(ds):
    comma = TimelineState.from_params(ds, {"tps": "iran,china,bogus"})
    repeated = TimelineState.from_params(ds, as_mapping([("tps", "iran"), ("tps", "china")]))
    assert comma.third_parties == repeated.third_parties == ("china", "iran")  # dataset order
    assert comma.to_params()["tps"] == "china,iran"
    assert StrategyState.from_params(ds, {"status": "stalled,bogus"}).statuses == ("stalled",)


def test_the_timeline_event_settles_to_one_the_filters_keep(ds):
    china = TimelineState.from_params(ds, {"tps": "china", "event": "doha-office-opens"})
    ids = china.event_ids(ds)
    assert china.event == ids[0] and "doha-office-opens" not in ids
    kept = TimelineState.from_params(ds, {"tps": "china", "event": ids[-1]})
    assert kept.event == ids[-1]
    nothing = TimelineState.from_params(ds, {"tps": "qatar", "cat": "violence"})
    assert nothing.event is None and "event" not in nothing.to_params()


def test_timeline_dates_are_bounded_ordered_and_say_their_span(ds):
    state = TimelineState.from_params(ds, {"from": "2016-12-31", "to": "2015-01-01"})
    assert (state.start, state.end) == (date(2015, 1, 1), date(2016, 12, 31))
    assert state.span == "2015-2016"
    assert TimelineState.from_params(ds, {"from": "1600-01-01"}).start == date(
        ds.meta.event_period.start, 1, 1
    )
    assert TimelineState.from_params(ds, {"from": "2016-02-30"}).start.year == (
        ds.meta.event_period.start
    )
    one_year = TimelineState.from_params(ds, {"from": "2015-01-01", "to": "2015-12-31"})
    assert one_year.span == "2015"
    in_2015 = [e for e in ds.events if e.id in one_year.event_ids(ds)]
    assert in_2015 and all(e.date.startswith("2015") for e in in_2015)


def test_free_text_is_cut_and_cleaned(ds):
    state = MethodState.from_params(ds, {"q": "  Rus\x00sia " + "x" * 500})
    assert (
        state.query.startswith("Russia") and len(state.query) <= 200 and "\x00" not in state.query
    )


def test_problems_name_the_bad_value_and_what_is_allowed(ds):
    problems = ComparisonState.problems(ds, {"year": "2031", "dim": "overall", "tp": "atlantis"})
    assert set(problems) == {"year", "tp"}
    assert problems["year"][0].startswith("'2031' is not a valid year (allowed: 2014")
    assert TimelineState.problems(ds, {"from": "yesterday"}) == {
        "from": ["'yesterday' is not a date (YYYY-MM-DD)"]
    }


def test_for_charts_leaves_out_what_the_charts_do_not_show(ds):
    one = ComparisonState.default(ds).replace(third_party="russia").for_charts()
    two = ComparisonState.default(ds).replace(third_party="iran").for_charts()
    assert one == two
    assert TimelineState.default(ds).for_charts() == TimelineState.default(ds)


def test_every_route_has_a_state_and_the_table_stays_pure():
    assert [r.state.PAGE for r in routes.ROUTES] == [r.id for r in routes.ROUTES]
    code = (
        "import sys, components.core.routes; "
        "print(sorted(m for m in sys.modules if m in "
        "('components.figures.views', 'components.figures.charts', 'plotly', 'pandas', "
        "'streamlit')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "[]"


def test_permalinks_never_carry_the_presenter_token():
    link = routes.permalink("http://h", "overview", {"year": "2015", "present": "secret"})
    assert link == "http://h/?year=2015"
    assert routes.page_of_path("/timeline") == "timeline" and routes.page_of_path("/") == "overview"
