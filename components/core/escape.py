"""Text from a dataset is text, wherever it is shown or written: one escaping function for
Markdown (every Streamlit element that renders it), one for Plotly labels (which render a subset
of HTML: links, styles, line breaks), one for spreadsheet cells, and one check for web addresses.
No Streamlit here.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit, urlunsplit

import pandas as pd

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


def md(text: object) -> str:
    """Dataset text for st.markdown, captions, labels, headings, links and metrics: shown as
    written, never as markup (no images, links, HTML or styling from data)."""
    return _PUNCTUATION.sub(lambda m: f"&#{ord(m.group())};", str(text))


def plot(text: object) -> str:
    """Dataset text for a Plotly title, label, tick, legend, annotation or hover text: its
    characters as entities, so '<a href>' or '<span style>' in a name is shown, not obeyed."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markdown_table(frame: pd.DataFrame) -> str:
    """A small frame as a Markdown table, every header and cell shown as written (md()): drawn
    by the Markdown the page has loaded anyway, where st.dataframe makes every visitor's browser
    fetch about 1.3 MB of table code for a table most never open."""

    def cell(value: object) -> str:
        if value is None or (isinstance(value, float) and value != value):  # None, NaN
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return md(" ".join(str(value).split()))  # one line: a newline would end the row

    columns = [cell(c) for c in frame.columns]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in frame.itertuples(index=False, name=None):  # plain tuples: no class per call
        lines.append("| " + " | ".join(cell(v) for v in row) + " |")
    return "\n".join(lines)


_TAG = re.compile(r"<br\s*/?>|<[^<>]*>", re.IGNORECASE)


def unplot(text: str) -> str:
    """A Plotly label as a screen reader should hear it: line breaks as spaces, Plotly's own
    tags (<b>, <i>, <sup>) dropped, entities read as their characters. Dataset text arrives as
    entities (plot()), so a name written '<b>' comes back as '<b>', the text it was."""
    spaced = _TAG.sub(lambda m: " " if m.group().lower().startswith("<br") else "", text)
    return " ".join(html.unescape(spaced).split())


# ---------------------------------------------------------------- spreadsheets

# OWASP's CSV injection rule: a cell a spreadsheet would run as a formula starts with one of
# these. Plain numbers written as text ("-2", "+1.5") are numbers to a spreadsheet, not
# formulas, and are left as they are.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def csv_cell(value: object) -> object:
    """A cell safe to open in a spreadsheet: text that would start a formula gets a leading
    apostrophe (shown as text, not run)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


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
    return csv_text(frame).encode("utf-8")


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
