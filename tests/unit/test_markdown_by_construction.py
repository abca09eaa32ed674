"""Dataset text cannot reach markup by construction: every element that renders Markdown is
called through web/show.py, which escapes any text that is not a `Markdown`, and a `Markdown`
can only be made from a string written in the code. Read from the source (every call in the web
layer and the pages) and checked at run time (what show.py hands Streamlit)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from components.core.escape import Markdown, label, markdown_table, markup, md

ROOT = Path(__file__).resolve().parents[2]
WEB = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))]
WEB += sorted((ROOT / "components" / "web").glob("*.py"))
PROJECT = WEB + sorted((ROOT / "components").rglob("*.py"))

# Streamlit's elements that render a string argument as Markdown (body, label, tooltip, options),
# and the labelled widgets: show.py is the only module that calls them.
RENDERS = {
    "markdown", "caption", "title", "header", "subheader", "write", "info", "warning", "error",
    "success", "toast", "metric", "expander", "popover", "tabs", "status", "button",
    "download_button", "link_button", "page_link", "form_submit_button", "selectbox", "radio",
    "multiselect", "toggle", "checkbox", "slider", "select_slider", "text_input", "text_area",
    "number_input", "date_input", "time_input", "file_uploader", "camera_input", "color_picker",
    "segmented_control", "pills", "feedback", "chat_input", "latex",
}  # fmt: skip
# Receivers in the web layer with methods of those names that are not Streamlit's (show is
# the wrapper itself).
NOT_STREAMLIT = {"show", "LOGGER", "routes", "spec"}


def _calls(path: Path) -> list[ast.Call]:
    return [n for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.Call)]


def test_only_show_calls_streamlits_markdown_elements() -> None:
    found = []
    for path in WEB:
        if path.name == "show.py":
            continue
        for call in _calls(path):
            func = call.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr in RENDERS
                and (call.args or call.keywords)
                and ast.unparse(func.value) not in NOT_STREAMLIT
            ):
                found.append(f"{path.relative_to(ROOT)}:{call.lineno}: {ast.unparse(func)}")
    assert not found, "call these through components/web/show.py:\n" + "\n".join(found)
    assert len(WEB) > 20  # the walk found the web layer


def test_show_is_what_the_web_layer_calls() -> None:
    """The rule above would pass on a web layer that shows nothing: it shows through show.py."""
    uses = sum(
        1
        for path in WEB
        for call in _calls(path)
        if isinstance(call.func, ast.Attribute) and ast.unparse(call.func.value) == "show"
    )
    assert uses > 100


def test_markdown_is_made_only_from_strings_written_in_the_code() -> None:
    found = []
    for path in PROJECT:
        if path.name == "escape.py":
            continue
        for call in _calls(path):
            func = call.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name not in ("Markdown", "markup"):
                continue
            first = call.args[0] if call.args else None
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                found.append(f"{path.relative_to(ROOT)}:{call.lineno}: {ast.unparse(call)[:90]}")
    assert not found, "Markdown() and markup() take a literal:\n" + "\n".join(found)


HOSTILE = "**bold** [link](http://x.test) ![img](http://x.test/i.png) <b>tag</b> :red[red] $x$"


def test_text_is_escaped_wherever_it_goes_in() -> None:
    shown = str(md(HOSTILE))  # a plain str from here: compared as text
    assert isinstance(md(HOSTILE), Markdown)
    for mark in "*[]()<>:$!":
        assert mark not in shown
    once = md(HOSTILE)
    assert md(once) is once  # never twice
    made = markup("**{}** ({}) {:.1f}", HOSTILE, 3, 0.25)
    assert made.startswith("**") and made.endswith("** (3) 0.2") and shown in made
    assert markup("{x}", x=HOSTILE) == shown
    assert Markdown("*a*") + HOSTILE == "*a*" + shown  # the text added is escaped
    assert HOSTILE + Markdown("*a*") == shown + "*a*"
    assert isinstance(HOSTILE + Markdown("*a*"), Markdown)
    assert Markdown(", ").join([HOSTILE, Markdown("*a*")]) == shown + ", *a*"
    assert Markdown("%s and %s") % (HOSTILE, Markdown("*a*")) == shown + " and *a*"
    assert markup("{}", True) == "True"  # a bool is text, not a number


@pytest.mark.parametrize(
    "text",
    [HOSTILE, "**b**", "_i_", "~~s~~", "`c`", "[a](b)", "![i](u)", "<b>", "&amp;", "$x$", "\\*",
     ":red[r]", ":material/home:", ":smile:", "www.example.org", "http://x.test", "a@b.test"],
)  # fmt: skip
def test_a_label_that_could_obey_anything_is_escaped(text: str) -> None:
    assert label(text) == md(text) != text


@pytest.mark.parametrize(
    "text", ["Search third party, quote or rationale", "Event 3 of 12: it's (2015)", "Year?"]
)
def test_a_label_of_plain_prose_stays_as_written_for_screen_readers(text: str) -> None:
    assert label(text) == text and isinstance(label(text), Markdown)


def test_a_markdown_table_escapes_every_cell_and_header() -> None:
    import pandas as pd

    table = markdown_table(pd.DataFrame({HOSTILE: [HOSTILE, None]}))
    assert isinstance(table, Markdown)
    assert "**" not in table and "<b>" not in table
    assert table.count("|") == 8  # 4 lines of one cell: no cell broke out of its column


@pytest.mark.parametrize(
    "element", ["markdown", "caption", "title", "header", "subheader", "info", "warning", "error"]
)
def test_show_renders_text_as_text_and_markdown_as_markdown(element: str) -> None:
    from streamlit.testing.v1 import AppTest

    def script(element: str, hostile: str) -> None:
        from components.core.escape import markup
        from components.web import show

        getattr(show, element)(hostile)
        getattr(show, element)(markup("**{}**", hostile))

    app = AppTest.from_function(script, args=(element, HOSTILE)).run()
    assert not app.exception
    kind = {"header": "header", "subheader": "subheader", "title": "title"}.get(element, element)
    values = [e.value for e in getattr(app, kind)]
    assert values == [str(md(HOSTILE)), "**" + str(md(HOSTILE)) + "**"]


def test_show_escapes_labels_tooltips_metrics_and_markdown_options() -> None:
    from streamlit.testing.v1 import AppTest

    def script(hostile: str) -> None:
        import streamlit as st

        from components.web import show

        show.metric(hostile, hostile, hostile, help=hostile)
        show.widget(st.radio, hostile, ["a", "b"], format_func=lambda o: hostile + o)
        show.widget(st.selectbox, hostile, ["x*"])
        show.button(hostile, help=hostile)
        with show.expander(hostile):
            pass

    app = AppTest.from_function(script, args=(HOSTILE,)).run()
    assert not app.exception
    safe = md(HOSTILE)
    metric = app.metric[0]
    assert (metric.label, metric.value, metric.proto.help) == (safe, safe, safe)
    assert app.radio[0].label == safe and app.radio[0].options == [safe + "a", safe + "b"]
    assert app.selectbox[0].label == safe and app.selectbox[0].options == ["x*"]  # plain text
    assert app.button[0].label == safe and app.button[0].help == safe
    assert app.expander[0].label == safe
