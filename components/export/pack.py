"""Briefing exports: one stamped chart as PNG, SVG or PDF, and the briefing pack (PNG + SVG +
CSV per chart, the CSVs' metadata, the evidence in full, and one PDF that opens with the key
findings), or the deck (deck.py), for a set of views: every chart each view's page shows.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import date

from components.core import routes
from components.core.escape import csv_bytes, unplot
from components.core.view_state import ViewState
from components.dataset.errors import ExportError
from components.dataset.models import Dataset
from components.export import chart_data, findings
from components.export.deck import deck
from components.export.pdf_merge import merge_pdfs
from components.export.renderer import render
from components.export.stamp import Item, cover, findings_pages, page_text, stamped
from components.figures.views import alt_text, source_line, view_charts

FORMATS = ("png", "svg", "pdf")


def chart_image(item: Item, source: str, fmt: str, size: str = "16x9") -> bytes:
    """One stamped chart as a PNG, SVG or PDF, on a canvas of `size` (stamp.SIZES); a PDF
    tagged like the pack's, with its title, language, text alternative and a live address."""
    fig = stamped(item, source, size)
    data = render([(fig, fmt)])[0]
    if fmt != "pdf":
        return data
    title = unplot(fig.layout.title.text or item.view.key)
    about = {"title": title, "subject": source, "creator": "Tug of War"}
    return merge_pdfs([data], None, about, [item.permalink], alts=[alt_text(item.view, None)])


def evidence_text(ds: Dataset, items: Sequence[Item]) -> str:
    """The pack's evidence.txt: for each chart, its finding and every quote behind it."""
    parts = []
    for item in items:
        lines = chart_data.full_evidence(ds, item.view)
        parts.append(
            f"{item.stem}\n{chart_data.finding(item.view)}\nView online: {item.permalink}\n"
            + ("\n".join(f"- {line}" for line in lines) if lines else "(no quoted values)")
        )
    return "\n\n".join(parts) + "\n"


def pack(
    ds: Dataset,
    items: Sequence[Item],
    *,
    title: str,
    subtitle: str,
    source: str,
    permalink: str,
    key_findings: Sequence[findings.FindingLine] = (),
    findings_heading: str = "Key findings",
    when: date | None = None,
    size: str = "16x9",
) -> bytes:
    """ZIP of every chart as PNG and SVG, the values behind each as a CSV that stands alone
    (with metadata.csv: source, version, scale, address), the evidence in full
    (evidence.txt), and one PDF: a cover, the key findings, and one chart per page. All images
    come from one browser. Every page on a canvas of `size` (stamp.SIZES)."""
    when = when or date.today()
    figures = [stamped(item, source, size) for item in items]
    jobs = [(fig, fmt) for fig in figures for fmt in FORMATS]
    front = [cover(title, subtitle, source, permalink, when, size)]
    front += findings_pages(findings_heading, findings.lines(key_findings), source, size)
    jobs += [(page, "pdf") for page in front]
    rendered = render(jobs)
    buffer = io.BytesIO()
    pdf_pages = rendered[len(figures) * len(FORMATS) :]
    links: list[str | None] = [None] * len(pdf_pages)
    alts: list[str | None] = [page_text(page) for page in front]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, item in enumerate(items):
            png, svg, pdf = rendered[3 * i : 3 * i + 3]
            archive.writestr(f"{item.stem}.png", png)
            archive.writestr(f"{item.stem}.svg", svg)
            numbers = chart_data.chart_frame(ds, item.view, item.state)
            archive.writestr(f"{item.stem}.csv", csv_bytes(numbers))
            pdf_pages.append(pdf)
            links.append(item.permalink)
            alts.append(alt_text(item.view, f"in {item.stem}.csv, in the briefing pack"))
        archive.writestr(
            "metadata.csv",
            csv_bytes(chart_data.metadata_frame(ds, permalink, when, [i.stem for i in items])),
        )
        archive.writestr("evidence.txt", evidence_text(ds, items))
        marks = (
            ["Cover"]
            + [findings_heading] * (len(front) - 1)
            + [
                f"{item.page_title or routes.title(item.page)}: "
                f"{unplot(fig.layout.title.text or item.view.key)}"
                for item, fig in zip(items, figures, strict=True)
            ]
        )
        about = {
            "title": f"{title}: {subtitle}",
            "author": title,  # the dataset the charts are drawn from
            "subject": f"{source.rstrip('.')}. Exported {when:%Y-%m-%d} from {permalink}",
            "keywords": ", ".join(
                dict.fromkeys(i.page_title or routes.title(i.page) for i in items)
            ),
            "creator": "Tug of War",
        }
        archive.writestr(
            "tugofwar-briefing.pdf", merge_pdfs(pdf_pages, marks, about, links, alts=alts)
        )
        archive.writestr(
            "README.txt",
            f"{title}\n{subtitle}\nExported {when:%Y-%m-%d} from {permalink}\n{source}\n\n"
            + "\n".join(
                f"{item.stem}: {unplot(fig.layout.title.text or '')}"
                for item, fig in zip(items, figures, strict=True)
            )
            + "\n\nEach chart's CSV holds the values it draws (metadata.csv: the source, "
            "the dataset's version, the scale and the address); evidence.txt quotes the "
            "source for every value.\n",
        )
    return buffer.getvalue()


def items_for(
    ds: Dataset, states: Sequence[ViewState], base: str, extra: dict[str, str] | None = None
) -> list[Item]:
    """The charts of each view (its page's charts for its state), with the view's address;
    `extra`: presentation parameters the addresses keep (e.g. mode=projector)."""
    items = []
    for state in states:
        params = {**state.to_params(), **{k: v for k, v in (extra or {}).items() if v}}
        link = routes.permalink(base, state.PAGE, params)
        name = routes.title(state.PAGE, ds)
        items += [Item(state.PAGE, view, link, name, state) for view in view_charts(state, ds)]
    return items


def briefing(
    ds: Dataset,
    states: Sequence[ViewState],
    base: str,
    when: date | None = None,
    extra: dict[str, str] | None = None,
    fmt: str = "zip",
    size: str = "16x9",
) -> bytes:
    """The briefing for these views: the pack (ZIP, its pages on a canvas of `size`), or the
    editable deck (PPTX, deck.py: 16:9 slides)."""
    items = items_for(ds, states, base, extra)
    if not items:
        raise ExportError("these pages show no charts to export")
    year = findings.briefing_year(ds, states)
    about = dict(
        title=ds.meta.title,
        subtitle=", ".join(routes.title(s.PAGE, ds) for s in states),
        source=source_line(ds),
        permalink=items[0].permalink,
        key_findings=findings.findings(ds, year),
        findings_heading=f"Key findings, {year}",
        when=when,
    )
    if fmt == "pptx":
        return deck(ds, items, **about)
    return pack(ds, items, **about, size=size)
