"""Text from a dataset is text, wherever it is shown or written: one escaping function for
Markdown (every Streamlit element that renders it), one for Plotly labels (which render a subset
of HTML: links, styles, line breaks), one for spreadsheet cells, and one check for web addresses.
No Streamlit here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import quote, urlsplit, urlunsplit

import pandas as pd

from components.dataset import cells

# Every ASCII punctuation character as a numeric character reference: CommonMark shows "&#60;"
# as "<" in text and never reads it as markup, and Streamlit's own syntax (":red[...]",
# ":material/icon:", "$math$") and GFM's autolinks (a bare "http://...", "www.", an address
# with "@") do not match what they cannot see. (A backslash escape is not enough: GFM still
# turns an escaped "http\://..." into a live link.)
_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")


def closed(text: str) -> str:
    """A title run into a sentence: ended by its own stop ('.', '!', '?', or one inside a closing
    quote or bracket), else given a full stop; never two."""
    text = text.rstrip()
    core = text.rstrip("\"'\u2019\u201d)]")
    return text if core.endswith((".", "!", "?", "\u2026")) else text + "."


class Markdown(str):
    """Markdown that may be rendered as markup: written in the code, with any other text in it
    escaped. The web layer's elements (web/show.py) render a Markdown as it is and escape any
    other text, so dataset text reaches the page as text whatever path it takes: a plain str is
    never obeyed. Like markupsafe's Markup: `format`, `+`, `%` and `join` escape what is not
    already Markdown. `Markdown(...)` and `markup(...)` take a string written in the code (a
    test reads every call), never a variable."""

    __slots__ = ()

    def format(self, *args: object, **kwargs: object) -> Markdown:  # type: ignore[override]
        return Markdown(
            str.format(self, *map(_safe, args), **{k: _safe(v) for k, v in kwargs.items()})
        )

    def __add__(self, other: object) -> Markdown:  # type: ignore[override]
        if not isinstance(other, str):
            return NotImplemented
        return Markdown(str.__add__(self, md(other)))

    def __radd__(self, other: object) -> Markdown:
        if not isinstance(other, str):
            return NotImplemented
        return Markdown(str.__add__(md(other), self))

    def __mod__(self, values: object) -> Markdown:  # type: ignore[override]
        if isinstance(values, tuple):
            return Markdown(str.__mod__(self, tuple(_safe(v) for v in values)))
        return Markdown(str.__mod__(self, _safe(values)))

    def join(self, parts: Iterable[object]) -> Markdown:  # type: ignore[override]
        return Markdown(str.join(self, (md(p) for p in parts)))


def _safe(value: object) -> object:
    """A value for a Markdown template: Markdown as it is, a number as a number (its format
    spec still applies), anything else escaped."""
    if isinstance(value, Markdown) or (
        isinstance(value, (int, float)) and not isinstance(value, bool)
    ):
        return value
    return md(value)


def md(text: object) -> Markdown:
    """Text for st.markdown, captions, labels, headings, links and metrics: shown as written,
    never as markup (no images, links, HTML or styling from data). Markdown stays as it is."""
    if isinstance(text, Markdown):
        return text
    return Markdown(_PUNCTUATION.sub(lambda m: f"&#{ord(m.group())};", str(text)))


# What a widget's label can obey (Streamlit renders a label as inline Markdown: emphasis, code,
# links, images, `:color[...]` and `:material/icon:` directives, `$math$`) and GFM's autolinks.
_LABEL_MARKUP = re.compile(r"[*_~`\[\]<>&$\\@]|www\.|:[^\s:]*:|https?:", re.IGNORECASE)


def label(text: object) -> Markdown:
    """Text for a widget's label: escaped as md() does if it holds anything a label could obey,
    else left as written. Streamlit also makes the label the widget's accessible name
    (aria-label), where a character reference would be read out ("Search third party&#44;"),
    so plain prose stays plain."""
    if isinstance(text, Markdown):
        return text
    text = str(text)
    return md(text) if _LABEL_MARKUP.search(text) else Markdown(text)


def markup(template: str, /, *args: object, **kwargs: object) -> Markdown:
    """Markdown written in the code (`template`, a literal) with values put in its {} fields,
    each escaped unless it is Markdown already: markup("**{}** ({})", name, count)."""
    return Markdown(template).format(*args, **kwargs)


def plot(text: object) -> str:
    """Dataset text for a Plotly title, label, tick, legend, annotation or hover text: its
    characters as entities, so '<a href>' or '<span style>' in a name is shown, not obeyed."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markdown_table(frame: pd.DataFrame) -> Markdown:
    """A small frame as a Markdown table, every header and cell shown as written (md()): drawn
    by the Markdown the page has loaded anyway, where st.dataframe makes every visitor's browser
    fetch about 1.3 MB of table code for a table most never open."""

    def cell(value: object) -> Markdown:
        if value is None or (isinstance(value, float) and value != value):  # None, NaN
            return Markdown("")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return md(" ".join(str(value).split()))  # one line: a newline would end the row

    def line(cells: Iterable[Markdown]) -> Markdown:
        return Markdown("| {} |").format(Markdown(" | ").join(cells))

    columns = [cell(c) for c in frame.columns]
    lines = [line(columns), Markdown("|" + "---|" * len(columns))]
    for row in frame.itertuples(index=False, name=None):  # plain tuples: no class per call
        lines.append(line(cell(v) for v in row))
    return Markdown("\n").join(lines)


_TAG = re.compile(r"<br\s*/?>|<[^<>]*>", re.IGNORECASE)


def unplot(text: str) -> str:
    """A Plotly label as a screen reader should hear it: line breaks as spaces, Plotly's own
    tags (<b>, <i>, <sup>) dropped, entities read as their characters. Dataset text arrives as
    entities (plot()), so a name written '<b>' comes back as '<b>', the text it was."""
    spaced = _TAG.sub(lambda m: " " if m.group().lower().startswith("<br") else "", text)
    return " ".join(html.unescape(spaced).split())


# ---------------------------------------------------------------- spreadsheets


def csv_cell(value: object) -> object:
    """A cell safe to open in a spreadsheet: text that would start a formula gets a leading
    apostrophe (shown as text, not run; the rule is dataset/cells.py's, which reads it back)."""
    return cells.csv_cell(value)


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of the frame with every text cell (and header) made safe for a spreadsheet."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(csv_cell)
    out.columns = [csv_cell(str(c)) for c in out.columns]
    return out


def csv_text(frame: pd.DataFrame) -> str:
    """The frame as CSV, safe to open in a spreadsheet (every CSV the project writes)."""
    return csv_frame(frame).to_csv(index=False)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The CSV as a file: UTF-8 with a byte-order mark, which Excel needs to read it as UTF-8
    (without it, curly quotes and accented names arrive garbled); other readers skip the mark."""
    return csv_text(frame).encode("utf-8-sig")


# ---------------------------------------------------------------- web addresses


def web_address(url: object) -> str | None:
    """The address if it is an http or https address with a host, with every character a link
    could break out on percent-encoded; None for anything else (javascript:, data:, file:...)."""
    try:
        parts = urlsplit(str(url).strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    safe = "/:@!$&'*+,;=-._~%?#"
    return urlunsplit(
        (
            parts.scheme.lower(),
            quote(parts.netloc, safe=":@[]._-%"),
            quote(parts.path, safe=safe),
            quote(parts.query, safe=safe),
            quote(parts.fragment, safe=safe),
        )
    )
