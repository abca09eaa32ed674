"""What a YAML syntax error tells the person editing the file: the line where the mistake is and,
in plain words, what it probably is. Each snippet goes through parse_bytes, as the dataset
loader reads every file."""

from __future__ import annotations

import pytest

from components.dataset.yaml_reader import parse_bytes

pytestmark = pytest.mark.unit


def problems_of(text: str) -> list[tuple[int, str]]:
    data, problems = parse_bytes(text.encode(), "x.yaml")
    assert data is None, "the snippet should not parse"
    return sorted((p.line, p.message) for p in problems)


def only(text: str) -> tuple[int, str]:
    found = problems_of(text)
    assert len(found) == 1, found
    return found[0]


# ---------------------------------------------------------------- a key indented wrongly


def test_a_key_indented_deeper_than_its_neighbours_is_named_with_the_indentation_it_needs():
    line, message = only("a:\n  b: 1\n  c: 2\n    d: 3\ne: 4\n")
    assert line == 4
    assert message.startswith("YAML syntax error: mapping values are not allowed here; ")
    assert "the key 'd' is probably indented wrongly: 4 spaces, deeper than 'c' on line 3" in (
        message
    )
    assert "indent it 2 spaces as 'c' is" in message


def test_a_key_indented_deeper_inside_a_list_item_lines_up_with_the_items_first_key():
    line, message = only("third_parties:\n  - id: x\n      name: y\n")
    assert line == 3
    assert "the key 'name' is probably indented wrongly" in message
    assert "indent it 4 spaces as 'id' is" in message


def test_a_key_indented_between_two_levels_lists_the_levels_it_could_have():
    line, message = only("third_parties:\n  - id: x\n    name: y\n   kind: country\n")
    assert line == 4
    assert "line 4 is probably indented wrongly: 3 spaces, where the lines above it start at " in (
        message
    )
    assert "0, 2 or 4" in message


def test_a_key_dedented_to_its_items_dash_says_how_far_to_indent_it():
    line, message = only("dims:\n  - id: a\n    name: A\n  - id: b\n  name: B\n")
    assert line == 5
    assert "line 5 is a key at the indentation of the '- ' on line 4" in message
    assert "indent it 4 spaces as that item's first key is" in message


def test_a_tab_is_named_as_a_tab():
    line, message = only("a:\n\tb: 1\n")
    assert line == 2 and "indent with spaces" in message


# ---------------------------------------------------------------- a value holding ': '


def test_a_value_holding_colon_space_is_told_to_be_quoted_with_the_fix_written_out():
    line, message = only("a: 1\ntitle: Note: this is it\nb: 2\n")
    assert line == 2
    assert "the value of 'title' holds ': '" in message
    assert 'put the value in quotes: title: "Note: this is it"' in message


def test_a_value_running_onto_a_line_with_colon_space_is_told_to_be_quoted():
    """Text, not a key (it has spaces): the hint is the quotes, not the indentation."""
    line, message = only("a:\n  rationale: This is long text\n    that continues: here\n")
    assert line == 3
    assert "continues the value of 'rationale' (line 2)" in message
    assert "put that whole value in quotes" in message
    assert "indented wrongly" not in message


def test_a_line_without_its_colon_is_reported_on_its_own_line():
    line, message = only("a: 1\nfoo\nb: 2\n")
    assert line == 2
    assert "'foo' is neither key: value nor a - item" in message
    assert "the parser gave up at line 3" in message


# ---------------------------------------------------------------- brackets and quotes left open

FILLER = "".join(f"k{i}: {i}\n" for i in range(1, 6))  # lines 1-5


def test_an_unclosed_bracket_is_reported_where_it_opened_and_where_the_parser_gave_up():
    found = problems_of(FILLER + "years: [2015, 2016\nf: 7\n")
    assert [line for line, _ in found] == [6, 7]
    opened, gave_up = (message for _, message in found)
    assert "the list opened with [ here is not closed: close it with ]" in opened
    assert "(the parser gave up at line 7)" in opened
    assert "(the list opened with [ at line 6 is not closed)" in gave_up


def test_a_bracket_left_open_at_the_end_of_the_file_is_found_though_the_parser_names_none():
    """After a comma at the end, PyYAML names only the value it expected, not the bracket."""
    found = problems_of(FILLER + "years: [2015,\n")
    assert [line for line, _ in found] == [6, 7]
    assert "the list opened with [ here is not closed: close it with ]" in found[0][1]


def test_an_unclosed_brace_says_how_to_close_it():
    found = problems_of(FILLER + "event_period: {start: 2015, end: 2016\nf: 7\n")
    assert found[0][0] == 6
    assert "the mapping opened with { here is not closed: close it with }" in found[0][1]


def test_a_quote_left_open_to_the_end_is_reported_where_it_opened():
    found = problems_of(FILLER + 'title: "unclosed\n' + "".join(f"m{i}: {i}\n" for i in range(4)))
    assert [line for line, _ in found] == [6, 11]
    assert 'the quoted text opened with " here is not closed: close it with "' in found[0][1]
    assert "(the parser gave up at line 11)" in found[0][1]


def test_a_quote_closed_by_a_later_quote_is_blamed_not_the_block_around_it():
    """The open quote swallows the keys below it up to the next quote in the file; the parser
    then complains about the block it is in, from the line that block starts."""
    text = 'events:\n  - id: a\n    title: "Ghani visits\n    x: 1\n  - id: b\n    y: "z"\n'
    found = problems_of(text)
    assert [line for line, _ in found] == [3, 6]
    assert 'the quoted text opened with " here is not closed' in found[0][1]
    assert "(the parser gave up at line 6)" in found[0][1]
    assert all("block of keys" not in message for _, message in found)


def test_a_single_quote_closed_by_an_apostrophe_says_how_to_write_one():
    found = problems_of("a:\n  title: 'It is\n  b: 1\n  d: Ghani's visit\n")
    assert found[0][0] == 2
    assert "close it with '" in found[0][1]
    assert "an apostrophe is written ''" in found[0][1]


def test_a_quoted_text_over_several_lines_is_not_taken_for_an_open_quote():
    """A long quote wrapped over lines is valid YAML; text after its end is the mistake."""
    line, message = only('a:\n  t: "one\n    two" extra\n')
    assert line == 3 and "not closed" not in message
