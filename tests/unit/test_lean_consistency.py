"""One lean rule everywhere: for every year, dimension and reading, the overview's counts, every
chart's colours and legend, the comparison's titles and the map agree with one decision per third
party, worked out here straight from the YAML (a side not coded is never a 0)."""

from __future__ import annotations

import pytest

from components.core.tables import CONFIDENCE_ORDER, classify, lean_labels
from components.core.view_state import CONFIDENCE, EVIDENCE, ComparisonState, OverviewState
from components.dataset.load import load_dataset
from components.figures import views
from components.figures.charts import lean_color, map_fill
from tests.conftest import SHIPPED

pytestmark = pytest.mark.unit

DS = load_dataset(SHIPPED)
A, B = DS.meta.actors[0].id, DS.meta.actors[1].id
LABELS = lean_labels(DS)
NAMES = {tp.id: tp.name for tp in DS.third_parties}
READINGS = [(e, c) for e in EVIDENCE for c in CONFIDENCE]
CASES = [
    (year, dim, ev, conf)
    for year in DS.meta.years
    for dim in views.dimension_options(DS)
    for ev, conf in READINGS
]


def value_in_yaml(tp, actor: str, dim: str, year: int, ev: str, conf: str) -> int | None:
    """The value a reading counts, read from the dataset's own objects (not the frames the
    pages use): None where not coded or left out by the reading."""
    for rating in tp.relations[actor][dim] or []:
        start, end = rating.span
        if start <= year <= end and rating.value is not None:
            if ev == "quoted" and rating.inferred:
                return None
            if CONFIDENCE_ORDER.index(rating.confidence) < CONFIDENCE_ORDER.index(conf):
                return None
            return rating.value
    return None


def expected_leans(year: int, dim: str, ev: str, conf: str) -> dict[str, str]:
    out = {}
    for tp in DS.third_parties:
        a = value_in_yaml(tp, A, dim, year, ev, conf)
        b = value_in_yaml(tp, B, dim, year, ev, conf)
        if a is None and b is None:
            continue  # neither side coded: not in any chart
        out[tp.id] = classify(a, b, A, B)
    return out


def counted(leans: dict[str, str]) -> dict[str, int]:
    return {lean: sum(v == lean for v in leans.values()) for lean in LABELS}


@pytest.mark.parametrize(("year", "dim", "ev", "conf"), CASES)
def test_every_chart_and_title_uses_the_one_lean(year, dim, ev, conf):
    leans = expected_leans(year, dim, ev, conf)
    counts = counted(leans)
    by_name = {NAMES[tp]: lean for tp, lean in leans.items()}
    state = ComparisonState(year, dim, DS.third_parties[0].id, ev, conf)
    butterfly, hedging, gap_map, _ = views.comparison(DS, state)

    # the table every chart shares says the same lean for each third party
    assert dict(zip(butterfly.table["Third party"], butterfly.table["Lean"], strict=True)) == {
        name: LABELS[lean] for name, lean in by_name.items()
    }
    # the comparison's title counts the same
    assert views.lean_sentence(DS, counts) in butterfly.figure.layout.title.text
    assert hedging.figure.layout.title.text.startswith(f"{counts['hedge']} of {len(leans)} ")
    # hedging chart: one trace per lean, named by it, holding exactly its third parties
    for trace in (t for t in hedging.figure.data if t.legend != "legend2"):  # not the shape key
        lean = next(k for k, v in LABELS.items() if v == trace.name)
        assert {row[3] for row in trace.customdata} == {n for n, v in by_name.items() if v == lean}
    # the map: every country filled in its lean's colour, and the title's count is the same
    filled = {t.name: t.fillcolor for t in gap_map.figure.data if t.hoveron == "fills"}
    table = butterfly.table.set_index("Third party")
    for name, color in filled.items():
        assert color == map_fill(by_name[name], table.loc[name, "Gap"], views.actor_styles(DS))
    assert f"{counts[A]} third parties to" in gap_map.figure.layout.title.text

    if dim == "overall":
        overview = views.overview(DS, OverviewState(year, ev, conf))
        assert overview.counts == counts
        assert {k: sorted(v) for k, v in overview.members.items()} == {
            lean: sorted(n for n, v in by_name.items() if v == lean) for lean in LABELS
        }
        for trace in overview.lead.figure.data:
            lean = next(k for k, v in LABELS.items() if v == trace.name)
            assert set(trace.y) == {n for n, v in by_name.items() if v == lean}
            if trace.type == "bar":
                assert trace.marker.color == lean_color(lean, views.actor_styles(DS))


def test_a_side_not_coded_is_counted_apart_never_as_zero():
    """Qatar: the article ties it to the Taliban and says nothing of Kabul."""
    leans = expected_leans(max(DS.meta.years), "overall", "all", "low")
    assert leans["qatar"] == "uncoded"
    view = views.overview(DS, OverviewState.default(DS))
    assert "Qatar" in view.members["uncoded"]
    assert "Qatar" not in view.members[B]
