"""A chart alone for another site (?chart=KEY: an iframe's view) and the snippet and citations
the chart's Export menu gives for it."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from components.core import cite
from components.core.routes import BY_ID, EXPORTABLE
from components.dataset.load import load_dataset
from components.web import embed
from tests.app.conftest import open_route
from tests.conftest import SHIPPED
from tests.opened import open_everything


@pytest.mark.parametrize(("page", "key"), [(p, k) for p in EXPORTABLE for k in BY_ID[p].charts])
def test_an_embed_shows_its_chart_alone_with_title_caption_and_source(page, key):
    params = {"year": "2015", "dim": "security", "tp": "russia"} if page == "comparison" else {}
    at = open_route(page, chart=key, **params)
    assert not at.exception
    [chart] = at.get("plotly_chart")
    figure = chart.proto.spec
    # the chart of the view the address asks for, its title in it
    ds = load_dataset(SHIPPED)
    if page == "comparison":
        assert "2015" in figure or key in ("change-over-time", "trend")
        if key == "trend":
            assert "Russia" in figure
    captions = " ".join(html.unescape(c.value) for c in at.caption)
    assert captions.startswith("Source:") and ds.meta.sources[0].author in captions
    # nothing else: no title, no controls, no menus, nothing in the sidebar
    assert not at.title and not at.header and not at.sidebar.children
    assert not at.get("selectbox") and not at.get("download_button") and not at.expander
    assert not at.get("popover")


def test_an_unknown_chart_is_said_and_the_pages_first_shown():
    at = open_route("comparison", chart="pie")
    said = " ".join(html.unescape(w.value) for w in at.warning)
    assert "This page has no chart pie: showing strength-by-side." in said
    assert len(at.get("plotly_chart")) == 1


def test_the_export_menu_gives_the_embed_snippet_and_citations():
    at = open_everything(open_route("strategy"))
    fields = {t.label: t.value for t in at.text_area}
    snippet = fields["Embed this chart (HTML)"]
    src = re.search(r'src="([^"]+)"', snippet).group(1)
    assert html.unescape(src).endswith("/strategy?chart=strategy-progress&layout=narrow&embed=true")
    assert 'title="7 of 16 actions achieved' in snippet and "<iframe" in snippet
    assert "(dataset v" in fields["Cite (APA)"] and "[Chart]" in fields["Cite (APA)"]
    assert fields["Cite (BibTeX)"].startswith("@misc{tugofwar-")


def test_a_snippet_and_a_citation_keep_hostile_text_out_of_their_syntax():
    ds = load_dataset(SHIPPED)
    title = '"><script>alert(1)</script> {x} 50% & more_'
    snippet = embed.snippet("https://x.org/a?year=2015&dim=x", "trend", title)
    assert "<script>" not in snippet and 'title="&quot;&gt;&lt;script&gt;' in snippet
    assert 'src="https://x.org/a?year=2015&amp;dim=x&amp;chart=trend' in snippet
    apa, bibtex = cite.chart_citation(ds, title, "https://x.org/a?y=1", date(2026, 12, 7))
    assert "Retrieved December 7, 2026, from https://x.org/a?y=1" in apa
    assert ds.meta.version in apa and ds.meta.sources[0].author in apa
    # braces balanced (a title cannot close the field), LaTeX specials escaped
    assert bibtex.count("{") == bibtex.count("}")
    assert r"50\% \& more\_" in bibtex and "{x}" not in bibtex
