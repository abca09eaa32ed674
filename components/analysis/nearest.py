"""The passage of the source a quote was meant to be: where a quote is not in the source
verbatim (a word changed, dropped or added, a phrase paraphrased), the closest run of the
source's own words, with its paragraph and how alike the two are. No Streamlit.

Words are compared as check-quotes compares them (quote marks, dashes and whitespace folded),
and in any case, so a capital that changed still finds its passage; the passage returned is the
source's own characters, ready to replace the quote. Paragraphs are numbered as the page "The
source, coded" numbers them (blank-line separated blocks, from 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from components.analysis.quotes import check_quotes, misses, normalise
from components.dataset.errors import Problem
from components.dataset.models import Dataset

MIN_SIMILARITY = 0.6  # below this, no passage is offered: the quote is not a near miss
_WORD = re.compile(r"\S+")
_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Passage:
    text: str  # the source's own words (its runs of white space, line breaks among them, as one)
    paragraph: int  # from 1, as "The source, coded" numbers them
    similarity: float  # 0..1, of the folded, lower-cased texts
    start: int  # where it stands in the source (character offsets)
    end: int

    def where(self) -> str:
        return f"paragraph {self.paragraph}, {self.similarity:.0%} alike"

    def describe(self) -> str:
        return f"{self.where()}: {self.text!r}"


@dataclass(frozen=True)
class _Word:
    key: str  # folded and lower-cased
    start: int
    end: int
    paragraph: int


def _words(source: str) -> list[_Word]:
    """The source's words, each with its place and paragraph."""
    out: list[_Word] = []
    paragraph, at = 0, 0
    for block in _PARAGRAPH.split(source):
        offset = source.index(block, at) if block else at
        at = offset + len(block)
        if not block.strip():
            continue
        paragraph += 1
        out += [
            _Word(normalise(m.group()).lower(), offset + m.start(), offset + m.end(), paragraph)
            for m in _WORD.finditer(block)
        ]
    return out


def _alike(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def closest_passage(quote: str, source: str) -> Passage | None:
    """The run of the source's words most like `quote`, within one paragraph; None when nothing
    is at least MIN_SIMILARITY alike (or the quote or source has no words)."""
    wanted = normalise(quote).lower().split()
    words = _words(source)
    n = len(wanted)
    if not n or not words:
        return None
    # first, windows of the quote's length across every paragraph, word by word (coarse)
    step = max(1, n // 4)
    best: tuple[float, int] | None = None
    for i in range(0, len(words), step):
        run = _within(words, i, n)
        score = SequenceMatcher(None, wanted, [w.key for w in run], autojunk=False).ratio()
        if best is None or score > best[0]:
            best = (score, i)
    assert best is not None
    # then every start near the best and every length near the quote's, by characters (fine)
    target = " ".join(wanted)
    top: tuple[float, int, int] | None = None
    for i in range(max(0, best[1] - step), min(len(words), best[1] + step + 1)):
        for length in range(max(1, n - n // 3 - 1), n + n // 2 + 3):
            run = _within(words, i, length)
            if len(run) < length and length > n:
                break
            score = _alike(target, " ".join(w.key for w in run))
            if top is None or score > top[0]:
                top = (score, i, i + len(run))
    assert top is not None
    score, first, last = top
    if score < MIN_SIMILARITY:
        return None
    start, end = words[first].start, words[last - 1].end
    text = " ".join(source[start:end].split())
    return Passage(text, words[first].paragraph, round(score, 3), start, end)


def _within(words: list[_Word], i: int, length: int) -> list[_Word]:
    """Up to `length` words from the i-th, not past its paragraph's end."""
    paragraph = words[i].paragraph
    run = words[i : i + length]
    return [w for w in run if w.paragraph == paragraph]


def quote_problems(ds: Dataset, source_text: str) -> list[Problem]:
    """check_quotes' problems, each with the passage of the source closest to its quote (or
    word that none is close)."""
    out = []
    for problem, quote in zip(check_quotes(ds, source_text), misses(ds, source_text), strict=True):
        passage = closest_passage(quote.text, source_text)
        hint = (
            f"; the closest passage is {passage.describe()}"
            if passage is not None
            else "; no passage of the source is close to it"
        )
        out.append(Problem(problem.file, problem.line, problem.path, problem.message + hint))
    return out
