"""Each page's view state: read from an address (old links included), defaults filled, invalid
values dropped, written back, and settled where fields depend on each other."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_a_mistyped_link_opens_the_nearest_valid_view_and_says_so(ds):
    asked = {"tp": "rusia", "dim": "securty", "year": "2019"}
    state = ComparisonState.from_params(ds, asked)
    assert (state.third_party, state.dimension, state.year) == ("russia", "security", 2016)
    notices = ComparisonState.notices(ds, asked)
    assert "No third party 'rusia': did you mean Russia? Showing Russia." in notices
    assert any(n.startswith("No dimension 'securty': did you mean ") for n in notices)
    assert "2019 is not a year in this dataset: showing 2016." in notices
    # nothing close: the default, said as such
    far = ComparisonState.notices(ds, {"tp": "atlantis"})
    assert far == ["No third party 'atlantis' in this dataset: showing United States."]
    assert ComparisonState.from_params(ds, {"tp": "atlantis"}).third_party == "usa"
    # a list keeps what it can, and says what it left out
    timeline = {"tps": "chna,bogus", "from": "2099-01-01", "event": "no-such-event"}
    assert TimelineState.from_params(ds, timeline).third_parties == ("china",)
    said = TimelineState.notices(ds, timeline)
    assert "No third party 'bogus' in this dataset: left out." in said
    assert "No third party 'chna' in this dataset: showing China." in said
    assert any("'2099-01-01' is not a date" in n for n in said)
    assert "No event 'no-such-event' in this dataset." in said
    assert "No value 'russia.overall.2019' in this dataset." in OverviewState.notices(
        ds, {"value": "russia.overall.2019"}
    )


def test_a_link_that_writes_a_name_or_another_case_is_no_mistake(ds):
    for asked in ({"tp": "Russia"}, {"tp": "RUSSIA"}, {"tp": "russia"}, {"year": "2015"}, {}):
        assert ComparisonState.notices(ds, asked) == [], asked
    assert ComparisonState.from_params(ds, {"tp": "Russia"}).third_party == "russia"
    assert TimelineState.notices(ds, {"tps": "China,iran"}) == []
    for cls in routes.STATES:  # every page's own address: nothing to say
        assert cls.notices(ds, cls.default(ds).full_params()) == [], cls.__name__


_DS = load_dataset(SHIPPED)  # Hypothesis tests take no function-scoped fixtures
ADDRESS_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40
) | st.sampled_from(["russia", "rusia", "Russia", "2015", "2019", "", ",", "china,iran"])


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    page=st.sampled_from([cls.PAGE for cls in routes.STATES]),
    values=st.dictionaries(
        st.sampled_from(sorted({p for cls in routes.STATES for p in cls.params()})),
        ADDRESS_TEXT | st.lists(ADDRESS_TEXT, max_size=3),
        max_size=6,
    ),
)
def test_any_address_gives_a_valid_state_and_notices_that_name_only_what_was_asked(page, values):
    ds = _DS
    cls = routes.BY_ID[page].state
    state = cls.from_params(ds, values)
    assert cls.from_params(ds, state.to_params()) == state  # the view's own address is stable
    for notice in cls.notices(ds, values):
        assert isinstance(notice, str) and notice.endswith(".") and len(notice) < 600
    # nothing to say about an address the state wrote itself
    assert cls.notices(ds, state.to_params()) == []
