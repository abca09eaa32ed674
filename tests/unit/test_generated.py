"""Datasets of any shape (tests/generated.py) through every chart builder and every command:
no exception, no word of the shipped case, no dataset text obeyed as markup, no degenerate
text (a range from a year to itself, doubled punctuation, "0 of 0"), and headline counts equal
to what their charts draw. A fixed example budget and derandomised draws: the same cases on
every run. Pages and exports of generated cases run in tests/app and tests/export."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from components import cli
from components.core.routes import ROUTES
from components.core.tables import HEDGE
from components.core.view_state import ComparisonState
from components.dataset.load import load_dataset
from components.figures import views
from tests.generated import CASE_WORDS, datasets, write

pytestmark = pytest.mark.unit

GENERATED = settings(
    max_examples=8,
    derandomize=True,  # the same cases on every run
    database=None,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.function_scoped_fixture,
    ],  # capsys: read after each
)
# markup that reached a chart unescaped (Plotly renders these tags; the payloads' own text)
OBEYED = ("<script>", "<img src", "<b>bold</b>")
DEGENERATE = [
    (re.compile(r"\b(\d{4})-\1\b"), "a range from a year to itself"),
    (re.compile(r"\b(\d{4}) to \1\b"), "a range from a year to itself"),
    (re.compile(r"(?<![.])\.\.(?![.])|,,|;;|\.\s\.(?!\.)"), "doubled punctuation"),
    (re.compile(r"\b0 of 0\b"), "0 of 0"),
]


def _load(files: dict[str, str]):  # noqa: ANN202
    return load_dataset(write(files, Path(tempfile.mkdtemp(prefix="generated-"))))


def _views(ds):  # noqa: ANN001, ANN202
    """Every page's charts for its default view and for the first and last year, and one
    third party's trend for each dimension."""
    out = []
    for route in ROUTES:
        if not route.exportable:
            continue
        states = [route.state.default(ds)]
        if "year" in route.params:
            states += [route.state.from_params(ds, {"year": str(y)}) for y in
                       {ds.meta.years[0], ds.meta.years[-1]}]  # fmt: skip
        for state in states:
            out += views.view_charts(state, ds)
    for dim in views.dimension_options(ds):
        state = ComparisonState.from_params(ds, {"dim": dim, "tp": ds.third_parties[-1].id})
        out.append(views.trend(ds, state))
    return out


@GENERATED
@given(datasets(max_third_parties=25, max_events=40))
def test_every_chart_of_a_generated_case_is_drawn_and_says_what_it_draws(case):
    ds = _load(case["files"])
    for view in _views(ds):
        spec = view.figure.to_json()
        title = str(view.figure.layout.title.text or "")
        for word in CASE_WORDS:
            assert word not in spec, (view.key, word)
        for raw in OBEYED:
            assert raw not in spec, (view.key, raw)
        for pattern, what in DEGENERATE:
            assert not pattern.search(title), (view.key, what, title)
        assert not DEGENERATE[0][0].search(view.as_of), view.as_of  # "2015", not "2015-2015"
        if view.key == "hedging":
            # "N of M third parties have ties with both sides": N and M as drawn
            said = re.match(r"(\d+) of (\d+) third parties", title)
            drawn = [t for t in view.figure.data if t.x is not None and len(t.x) and
                     t.x[0] is not None and t.legend in (None, "legend")]  # fmt: skip
            hedging = sum(len(t.x) for t in drawn if t.name == views.lean_labels(ds)[HEDGE])
            assert said and int(said.group(1)) == hedging, title
            assert int(said.group(2)) == sum(len(t.x) for t in drawn), title


@settings(GENERATED, max_examples=6)
@given(case=datasets(max_third_parties=12, max_events=20))
def test_every_command_runs_on_a_generated_case(case, capsys):
    folder = write(case["files"], Path(tempfile.mkdtemp(prefix="generated-")))
    for args in (["validate"], ["dump", "--format", "json"], ["dump", "--format", "csv"],
                 ["health"], ["check-evidence"], ["diff", str(folder), str(folder)],
                 ["agree", str(folder), str(folder)],
                 ["reconcile", str(folder), str(folder), "--out", f"{folder}-merged"]):  # fmt: skip
        code = cli.main(["--data", str(folder), *args])
        out, err = capsys.readouterr()
        assert code in (0, 1), (args, err)  # check-evidence may find quotes naming no one
        assert "Traceback" not in err
        for word in CASE_WORDS:
            assert word not in out + err, (args, word)
        if args[0] == "dump" and args[-1] == "json":
            assert json.loads(out)["meta"]["years"]
