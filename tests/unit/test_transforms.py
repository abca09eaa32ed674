"""Tables from the dataset: long-form ratings, coverage counts, the overall pivot."""

from __future__ import annotations

import pandas as pd
import pytest

from components.core.tables import coverage, ratings_frame
from components.dataset.load import load_dataset
from tests.conftest import MINI, SHIPPED

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def mini():
    return load_dataset(MINI)


def test_ratings_frame_expands_spans_and_keeps_uncoded_cells(mini):
    frame = ratings_frame(mini)
    # 1 third party x 2 actors x 2 years x (overall + 1 dimension)
    assert len(frame) == 8
    kabul = frame[(frame.actor == "kabul") & (frame.dimension == "overall")]
    assert kabul["year"].tolist() == [2015, 2016]
    assert kabul["value"].tolist() == [1, 1]  # one span 2015-2016, expanded
    taliban = frame[(frame.actor == "taliban") & (frame.dimension == "overall")].set_index("year")
    assert taliban.loc[2015, "value"] == 0 and bool(taliban.loc[2015, "inferred"])
    assert pd.isna(taliban.loc[2016, "value"]) and taliban.loc[2016, "label"] == "not coded"
    assert frame[frame.dimension == "diplomatic"]["value"].isna().all()


def test_coverage_counts(mini):
    cov = coverage(mini)
    assert cov["third_parties"] == 1 and cov["countries"] == 1
    assert (cov["cells"], cov["coded"], cov["not_coded"]) == (8, 3, 5)
    assert (cov["quoted"], cov["inferred"]) == (2, 1)
    assert (cov["high"], cov["low"]) == (2, 1)
    assert (cov["events"], cov["events_stated"], cov["events_context"]) == (2, 1, 1)
    assert (cov["tiers"], cov["actions"], cov["counter_moves"]) == (1, 1, 1)


def test_shipped_data_shows_the_shifts_the_article_describes():
    """Where the article describes a change, the years must show it (not a flat carry-forward)."""
    frame = ratings_frame(load_dataset(SHIPPED))
    overall = frame[frame.dimension == "overall"].set_index(["third_party", "actor", "year"])[
        "value"
    ]
    # Russia and the Taliban are "becoming closer to each other than ever", but "to date these
    # nations have limited themselves to contacts": contact (1) in every year, never support
    for year in (2014, 2015, 2016):
        for third_party in ("russia", "iran", "china"):
            assert overall[(third_party, "taliban", year)] == 1
    # setbacks for Kabul with Russia after the first year ("shadowed", trust "might have"
    # decreased); Pakistan's part in the meeting held without Kabul is not by itself a strained
    # tie with Kabul (rule 13, decided in the adjudication of the second coding)
    assert overall[("russia", "kabul", 2016)] < overall[("russia", "kabul", 2015)]
    assert overall[("pakistan", "kabul", 2016)] == overall[("pakistan", "kabul", 2015)]
    # Saudi-Taliban ties "have cooled": strained, below no ties, and Kabul has the edge
    assert overall[("saudi-arabia", "taliban", 2016)] < 0 < overall[("saudi-arabia", "kabul", 2016)]


@pytest.mark.parametrize("directory", [MINI, SHIPPED], ids=["mini", "shipped"])
def test_coded_count_is_the_long_tables_count(directory):
    ds = load_dataset(directory)
    assert ds.coded_count() == int(ratings_frame(ds)["value"].notna().sum())
