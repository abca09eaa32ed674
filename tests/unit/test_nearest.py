"""Quotes found for you: the passage a near-miss quote was meant to be (check-quotes --fix puts
it in place: tests/unit/test_cli.py)."""

from __future__ import annotations

import pytest

from components.analysis.nearest import MIN_SIMILARITY, closest_passage

SOURCE = (
    "A Heading\n\n"
    "The council of Rome met the envoys of Carthage twice in the spring,\n"
    "and agreed\u00a0to a truce that held until the harvest.\n\n"
    "Numidia stayed apart. Its king sent gifts to both cities but no soldiers, "
    "and said so openly at the games.\n"
)


def test_a_changed_word_finds_its_passage_in_the_sources_own_words():
    passage = closest_passage(
        "The council of Rome met the envoys of Carthage once in spring", SOURCE
    )
    assert passage is not None and passage.paragraph == 2  # the heading is paragraph 1
    assert passage.text == "The council of Rome met the envoys of Carthage twice in the spring,"
    assert SOURCE[passage.start : passage.end].startswith("The council")
    assert MIN_SIMILARITY <= passage.similarity < 1


def test_a_passage_over_a_line_break_comes_back_on_one_line():
    passage = closest_passage("in the spring and agreed to a truce that held", SOURCE)
    assert passage is not None and "spring, and agreed to a truce that held" in passage.text
    assert "\n" not in passage.text and "\u00a0" not in passage.text


def test_a_dropped_word_and_a_capital_still_find_it_and_it_stays_in_one_paragraph():
    passage = closest_passage("numidia stayed apart. Its king sent gifts to both cities", SOURCE)
    assert passage is not None and passage.paragraph == 3
    assert passage.text.startswith("Numidia stayed apart.") and "Carthage" not in passage.text


@pytest.mark.parametrize("quote", ["Elephants crossed the frozen mountains in winter", "", "  "])
def test_nothing_close_offers_nothing(quote):
    assert closest_passage(quote, SOURCE) is None
