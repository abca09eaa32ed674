"""Quotes found for you: the passage a near-miss quote was meant to be, and a value replaced in
its YAML file with nothing else in the file changed."""

from __future__ import annotations

import pytest

from components.analysis.nearest import MIN_SIMILARITY, closest_passage
from components.dataset.scalar_edit import Edit, EditError, apply_edits, replace_value

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


YAML = """# a comment at the top
items:
  - id: a   # kept
    quote: >-
      folded text
      over two lines

    note: 'single'
  - quote: "plain: one"
    id: b
"""


def test_a_value_is_replaced_on_its_line_and_every_other_line_is_kept():
    out = replace_value(YAML, Edit(4, ("items", 0, "quote"), "folded text over two lines",
                                   "New words, with: a colon"), "f.yaml")  # fmt: skip
    assert out == YAML.replace('quote: >-\n      folded text\n      over two lines\n',
                               'quote: "New words, with: a colon"\n')  # fmt: skip
    out = replace_value(YAML, Edit(9, ("items", 1, "quote"), "plain: one", "Simple."), "f.yaml")
    assert "  - quote: Simple.\n    id: b\n" in out and "# a comment at the top" in out


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (Edit(9, ("items", 1, "quote"), "not what is there", "x"), "is no longer"),
        (Edit(3, ("items", 1, "quote"), "plain: one", "x"), "not on that line"),
        (Edit(9, ("items", 5, "quote"), "plain: one", "x"), "no such value"),
    ],
)
def test_a_replacement_that_would_not_be_exact_is_refused_and_the_file_kept(tmp_path, edit,
                                                                            message):  # fmt: skip
    path = tmp_path / "f.yaml"
    path.write_text(YAML, encoding="utf-8")
    with pytest.raises(EditError, match=message):
        apply_edits(path, [edit])
    assert path.read_text(encoding="utf-8") == YAML and not (tmp_path / "f.yaml.bak").exists()


def test_edits_are_written_with_a_backup_of_the_previous_file(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text(YAML, encoding="utf-8")
    backup = apply_edits(path, [Edit(4, ("items", 0, "quote"), "folded text over two lines", "A"),
                                Edit(9, ("items", 1, "quote"), "plain: one", "B")])  # fmt: skip
    assert backup.read_text(encoding="utf-8") == YAML
    text = path.read_text(encoding="utf-8")
    assert "    quote: A\n" in text and "  - quote: B\n" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.yaml", "f.yaml.bak"]  # no leftovers
