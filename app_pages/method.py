"""Sources and method: the scale, coverage, how much is quoted or inferred, every value with its
evidence (searchable), the bibliography, and the dataset to download."""

from functools import partial

import streamlit as st

from components.web import address, cached, frame, presentation, sidebar

ds, page = frame.start_page("method")
summary = cached.method(page.data)
cov = summary["coverage"]

st.title("Sources and method")
st.markdown(frame.escape(ds.meta.scale.description))

st.subheader("The scale")
frame.table(summary["scale"])
if summary["thresholds"]:
    with st.expander("What each level needs, with examples from the source"):
        for level, threshold, examples in summary["thresholds"]:
            st.markdown(
                f"**{frame.escape(level)}**" + (f": {frame.escape(threshold)}" if threshold else "")
            )
            if examples:
                st.markdown("\n".join(f"- {frame.escape(e)}" for e in examples))
st.markdown(
    "**Coding rules**\n\n" + "\n".join(f"- {frame.escape(r)}" for r in ds.meta.coding_rules)
)

st.subheader("Coverage")
cols = st.columns(4)
cols[0].metric(
    "Third parties",
    cov["third_parties"],
    border=True,
    help=f"{cov['countries']} countries, {cov['organisations']} organisations, "
    f"{cov['groups']} groups",
)
cols[1].metric("Years", len(ds.meta.years), border=True, help=", ".join(map(str, ds.meta.years)))
cols[2].metric(
    "Coded values",
    f"{cov['coded']} of {cov['cells']}",
    border=True,
    help="Cells: third parties x sides x years x (overall + dimensions)",
)
cols[3].metric(
    "Quoted verbatim",
    f"{cov['quoted'] / max(cov['coded'], 1):.0%}",
    border=True,
    help=f"{cov['quoted']} quoted, {cov['inferred']} inferred",
)
left, right = st.columns(2)
with left:
    st.markdown("**Coded cells by dimension**")
    st.dataframe(summary["by_dimension"], width="stretch")
with right:
    st.markdown("**Evidence and confidence of coded values**")
    st.dataframe(summary["evidence"], width="stretch")
st.caption(
    f"Covered: {frame.escape(', '.join(tp.name for tp in ds.third_parties))}. "
    f"Events: {cov['events']} ({cov['events_stated']} stated in the article, "
    f"{cov['events_context']} dated context)."
)

reliability = summary["reliability"]
if reliability is not None:
    rel = ds.meta.reliability
    st.subheader("Reliability")
    st.markdown(frame.escape(reliability["sentence"]))
    cols = st.columns(4)
    cols[0].metric("Alpha, independent", reliability["alpha_before"] or "not given",
                   border=True, help="Krippendorff's ordinal alpha over all cells, this coding "
                   "against the second, before the adjudication")  # fmt: skip
    cols[1].metric("Alpha, adjudicated", reliability["alpha"], border=True,
                   help="Where the two still differ, this coding's value was kept")  # fmt: skip
    cols[2].metric("Cells both code", rel.pairable, border=True,
                   help=f"{rel.one_only} coded by one coding only")  # fmt: skip
    cols[3].metric("Disagreements", rel.disagreements, border=True,
                   help=f"All adjudicated: {reliability['decided']}")  # fmt: skip
    left, right = st.columns(2)
    with left:
        st.dataframe(reliability["by_dimension"], hide_index=True, width="stretch")
    with right:
        st.caption(f"Second coding: {frame.escape(rel.coder)} Kept in "
                   f"{frame.escape(rel.second_coding)}.")  # fmt: skip
        if rel.note:
            st.caption(frame.escape(rel.note))
        if rel.record:
            frame.web_link(rel.record, "Every disagreement and its decision")
    adjudicated = reliability["adjudicated"]
    if len(adjudicated):
        with st.expander(f"The adjudicated values ({len(adjudicated)} entries): "
                         f"{reliability['decided']}"):  # fmt: skip
            decision = st.column_config.TextColumn(width="large")
            st.dataframe(adjudicated, hide_index=True, width="stretch",
                         column_config={"Decision": decision})  # fmt: skip

st.subheader("Every value with its evidence")
address.bound(st.text_input, "Search third party, quote or rationale", page.state, "query",
         placeholder="e.g. Russia")  # fmt: skip
table = cached.values_table(page.data, page.state.query)
st.caption(f"{len(table)} of {cov['coded']} coded values. Select a cell to read it whole.")
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    height=420,
    # on a wall, the columns a room reads, so the quote has the width
    column_order=["Third party", "Actor", "Year", "Dimension", "Value", "Quote"]
    if presentation.wall()
    else None,
    column_config={
        "Quote": st.column_config.TextColumn(width="large"),
        "Rationale": st.column_config.TextColumn(width="medium"),
        "Reasoning": st.column_config.TextColumn(width="medium"),
    },
)

st.subheader("Source")
for src in ds.meta.sources:
    st.markdown(
        f"{frame.escape(src.author)}, \u201c{frame.escape(src.title)}\u201d"
        + (f": {frame.escape(src.subtitle)}" if src.subtitle else "")
        + ("" if (src.subtitle or src.title).endswith(("?", "!", ".")) else ".")
        + f" *{frame.escape(src.outlet)}*, {frame.escape(src.date)}."
    )
    if src.address:
        frame.web_link(src.address, src.address)
    if src.date_note:
        st.caption(frame.escape(src.date_note))

st.subheader("Download the dataset")
# Built once per version of the data, when a page first shows it (so the YAML, CSV and JSON are
# the same version); handed over only when clicked, so a run does not copy them into the
# media store.
files = cached.downloads(page.data)
offers = [
    ("YAML (ZIP of the data files)", "yaml", "tugofwar-data.zip", "application/zip", "folder_zip"),
    ("CSV (one row per value)", "csv", "tugofwar-values.csv", "text/csv", "table"),
    ("JSON (whole dataset)", "json", "tugofwar-dataset.json", "application/json", "data_object"),
]
for column, (label, kind, name, mime, icon) in zip(st.columns(3), offers, strict=True):
    column.download_button(
        label,
        partial(files.get, kind),
        name,
        mime=mime,
        icon=f":material/{icon}:",
        on_click="ignore",
    )

sidebar.page_tools(ds, page)
