"""Data health: where the coding rests on thin evidence (inferred or low-confidence values,
third parties on few quotes, quotes used for many values, values carried across years), how much
of the source the quotes cover, and what an uploaded dataset changes from the shipped one."""

import streamlit as st

from components.analysis.health import CHECKS
from components.web import cached, frame, sidebar

ds, page = frame.start_page("health")
report = cached.health(page.data)

st.title("Data health")
st.markdown(
    "Where to look first when checking a coding: each list is a place to look, not a verdict "
    "(a value may be inferred for good reason). `tugofwar health` prints the same report."
)
cols = st.columns(4)
cols[0].metric("Coded values", report.coded, border=True)
cols[1].metric("Inferred", report.inferred, border=True)
cols[2].metric("Low confidence", report.low, border=True)
if report.paragraphs is not None:
    cols[3].metric(
        "Source paragraphs quoted",
        f"{report.covered} of {report.paragraphs}",
        border=True,
        help="Paragraphs of the source's text that at least one quote comes from",
    )
else:
    cols[3].metric(
        "Source paragraphs quoted",
        "n/a",
        border=True,
        help="The source's text is not on this server: name it in meta.yaml (text_file) and put "
        "it in the sources folder (TUGOFWAR_SOURCES) to see the coverage",
    )

found = report.by_check()
for check, title in CHECKS.items():
    items = found.get(check, [])
    with st.expander(f"{title} ({len(items)})", expanded=False):
        if not items:
            st.caption("None.")
        for f in items:
            st.markdown(
                f"- **{frame.escape(f.entry)}**"
                + (f": {frame.escape(f.detail)}" if f.detail else "")
            )
if report.uncovered:
    with st.expander(f"Source paragraphs no quote comes from ({len(report.uncovered)})"):
        for start in report.uncovered:
            st.markdown(f"- {frame.escape(start)}")

st.subheader("Compared with the shipped dataset")
changes = cached.changes_from_shipped(page.data)
if changes is None:
    st.caption("This is the shipped dataset.")
elif isinstance(changes, str):  # cached.OTHER_CASE
    st.caption(
        "This dataset codes another case than the shipped one (other sides or another source), "
        "so there is nothing to compare. `tugofwar diff OLD NEW` compares two versions of one case."
    )
elif changes.empty:
    st.caption("The loaded dataset is the same as the shipped one.")
else:
    st.caption(f"{len(changes)} changes from the shipped dataset (`tugofwar diff` lists the same).")
    st.dataframe(changes, hide_index=True, width="stretch", height=360)

sidebar.page_tools(ds, page)
