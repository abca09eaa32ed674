"""The one error type for a dataset that cannot be used, and the located problems it carries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the dataset, located as FILE:LINE: field.path."""

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        path = self.path or "(document)"
        return f"{self.file}:{self.line}: {path}: {self.message}"


class DatasetError(Exception):
    """Raised with every problem found, so an analyst can fix them all in one pass."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the dataset:"
        return "\n".join([head, *(str(p) for p in self.problems)])


def format_path(path: Iterable[str | int]) -> str:
    """('events', 3, 'date') -> 'events[3].date'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class ExportError(Exception):
    """An export could not be made; the message says why and what to do."""
