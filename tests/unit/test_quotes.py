"""Quote checking: folding is limited to marks and spaces; any change of words is a miss."""

from __future__ import annotations

import pytest

from components.analysis.quotes import check_quotes, iter_quotes, normalise
from components.dataset.load import load_dataset
from tests.conftest import MINI, SHIPPED, SOURCE

pytestmark = pytest.mark.unit

ARTICLE = "Obama said that his counterpart’s “life reflects,  in many\nways, the friendship”."


def test_normalise_folds_quote_marks_dashes_and_spaces():
    assert normalise("a ‘b’ “c”\u00a0 d\n\te – f") == "a 'b' \"c\" d e - f"


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        ("his counterpart's \"life reflects, in many ways", True),
        ("counterpart’s “life reflects,\nin many ways, the friendship”", True),
        ("his counterpart's \"life reflected, in many ways", False),
        ('his counterparts "life reflects', False),
        ("life reflects, in many ways, the friendships", False),
    ],
)
def test_a_quote_is_found_only_verbatim(quote, found):
    assert (normalise(quote) in normalise(ARTICLE)) is found


def test_every_quote_field_is_collected_with_its_line():
    ds = load_dataset(MINI)
    quotes = list(iter_quotes(ds))
    # third parties: 1 (the others are inferred without a quote, or not coded); events: 2;
    # strategy: summary, tier, goal, action, outcome, counter-move
    assert len(quotes) == 1 + 2 + 6
    first = quotes[0]
    assert (first.file, first.line, first.path) == (
        "third_parties.yaml",
        14,
        "third_parties[0].relations.kabul.overall[0].quote",
    )


def test_check_quotes_reports_a_miss_with_location():
    ds = load_dataset(MINI)
    source = "then on his first official trip abroad visited China. held in Moscow in late December"
    misses = check_quotes(ds, source)
    assert {m.file for m in misses} == {"strategy.yaml"}
    assert all("not found verbatim" in m.message for m in misses)


@pytest.mark.skipif(not SOURCE.exists(), reason="the source article (../shared/sources) is absent")
def test_every_shipped_quote_is_in_the_article():
    ds = load_dataset(SHIPPED)
    misses = check_quotes(ds, SOURCE.read_text(encoding="utf-8"))
    assert misses == [], "\n".join(map(str, misses))
