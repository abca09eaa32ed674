"""Spreadsheet cells: the one rule for text that a spreadsheet would run as a formula, for every
CSV the project writes (core/escape.py) and reads back (sheets.py)."""

from __future__ import annotations

import re

# OWASP's CSV injection rule: a cell a spreadsheet would run as a formula starts with one of
# these. Plain numbers written as text ("-2", "+1.5") are numbers to a spreadsheet, not
# formulas, and are left as they are.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would run the text as a formula if it were typed into a cell."""
    return text.startswith(FORMULA_START) and not _NUMBER.match(text)


def csv_cell(value: object) -> object:
    """A cell safe to open in a spreadsheet: text that would start a formula gets a leading
    apostrophe (shown as text, not run)."""
    if isinstance(value, str) and formula_like(value):
        return "'" + value
    return value


def csv_uncell(text: str) -> str:
    """The text csv_cell wrote: its apostrophe taken off again."""
    if text.startswith("'") and formula_like(text[1:]):
        return text[1:]
    return text
