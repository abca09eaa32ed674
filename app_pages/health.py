"""Data health: where the coding rests on thin evidence (inferred or low-confidence values,
third parties on few quotes, quotes used for many values, values carried across years), how much
of the source the quotes cover, and what an uploaded dataset changes from the shipped one."""

import streamlit as st

from components.analysis.health import CHECKS
from components.core.escape import Markdown, markup
from components.web import cached, frame, show, sidebar

ds, page = frame.start_page("health")
report = cached.health(page.data)

show.title("Data health")
show.markdown(
    Markdown(
        "Where to look first when checking a coding: each list is a place to look, not a verdict "
        "(a value may be inferred for good reason). `tugofwar health` prints the same report."
    )
)
cols = st.columns(4)
show.metric("Coded values", report.coded, where=cols[0], border=True)
show.metric("Inferred", report.inferred, where=cols[1], border=True)
show.metric("Low confidence", report.low, where=cols[2], border=True)
if report.paragraphs is not None:
    show.metric(
        "Source paragraphs quoted",
        f"{report.covered} of {report.paragraphs}",
        where=cols[3],
        border=True,
        help="Paragraphs of the source's text that at least one quote comes from",
    )
else:
    show.metric(
        "Source paragraphs quoted",
        "n/a",
        where=cols[3],
        border=True,
        help="The source's text is not on this server: name it in meta.yaml (text_file) and put "
        "it in the sources folder (TUGOFWAR_SOURCES) to see the coverage",
    )

found = report.by_check()
for check, title in CHECKS.items():
    items = found.get(check, [])
    with show.expander(f"{title} ({len(items)})", expanded=False):
        if not items:
            show.caption("None.")
        for f in items:
            show.markdown(
                markup("- **{}**", f.entry)
                + (markup(": {}", f.detail) if f.detail else Markdown(""))
            )
if report.uncovered:
    with show.expander(f"Source paragraphs no quote comes from ({len(report.uncovered)})"):
        for start in report.uncovered:
            show.markdown(markup("- {}", start))

show.subheader("Compared with the shipped dataset")
changes = cached.changes_from_shipped(page.data)
if changes is None:
    show.caption("This is the shipped dataset.")
elif isinstance(changes, str):  # cached.OTHER_CASE
    show.caption(
        Markdown(
            "This dataset codes another case than the shipped one (other sides or another "
            "source), so there is nothing to compare. `tugofwar diff OLD NEW` compares two "
            "versions of one case."
        )
    )
elif changes.empty:
    show.caption("The loaded dataset is the same as the shipped one.")
else:
    show.caption(
        markup(
            "{} changes from the shipped dataset (`tugofwar diff` lists the same).", len(changes)
        )
    )
    st.dataframe(changes, hide_index=True, width="stretch", height=360)

sidebar.page_tools(ds, page)
