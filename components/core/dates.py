"""How the dataset's dates are written for a reader, and the periods they stand for: a date is
as precise as the source supports (a day, a month or a year)."""

from __future__ import annotations

import pandas as pd


def period(date_text: str, precision: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day a date stands for at its precision (a day, a month or a year)."""
    start = pd.Timestamp(date_text if precision != "year" else f"{date_text}-01-01")
    if precision == "day":
        return start, start
    if precision == "month":
        return start, start + pd.offsets.MonthEnd(0)
    return start, pd.Timestamp(f"{date_text}-12-31")


def date_label(text: str, precision: str) -> str:
    """'2015-10', 'month' -> 'October 2015': a date at the precision the source supports."""
    stamp = pd.Timestamp(text if precision != "year" else f"{text}-01-01")
    if precision == "day":
        return f"{stamp.day} {stamp:%B %Y}"
    if precision == "month":
        return f"{stamp:%B %Y}"
    return f"{stamp:%Y}"
