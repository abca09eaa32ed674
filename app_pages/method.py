"""Sources and method: the scale, coverage, how much is quoted or inferred, every value with its
evidence (searchable), the bibliography, and the dataset to download."""

from functools import partial

import streamlit as st

from components.core.escape import Markdown, markup
from components.web import address, cached, figure, frame, presentation, show, sidebar

ds, page = frame.start_page("method")
summary = cached.method(page.data)
cov = summary["coverage"]

show.title("Sources and method")
show.markdown(ds.meta.scale.description)

show.subheader("The scale")
frame.table(summary["scale"])
if summary["thresholds"]:
    with show.expander("What each level needs, with examples from the source"):
        for level, threshold, examples in summary["thresholds"]:
            show.markdown(
                markup("**{}**", level) + (markup(": {}", threshold) if threshold else Markdown(""))
            )
            if examples:
                show.markdown(Markdown("\n").join(markup("- {}", e) for e in examples))
show.markdown(
    Markdown("**Coding rules**\n\n")
    + Markdown("\n").join(markup("- {}", r) for r in ds.meta.coding_rules)
)

show.subheader("Coverage")
cols = st.columns(4)
show.metric(
    "Third parties",
    cov["third_parties"],
    where=cols[0],
    border=True,
    help=f"{cov['countries']} countries, {cov['organisations']} organisations, "
    f"{cov['groups']} groups",
)
show.metric(
    "Years", len(ds.meta.years), where=cols[1], border=True, help=", ".join(map(str, ds.meta.years))
)
show.metric(
    "Coded values",
    f"{cov['coded']} of {cov['cells']}",
    where=cols[2],
    border=True,
    help="Cells: third parties x sides x years x (overall + dimensions)",
)
show.metric(
    "Quoted verbatim",
    f"{cov['quoted'] / max(cov['coded'], 1):.0%}",
    where=cols[3],
    border=True,
    help=f"{cov['quoted']} quoted, {cov['inferred']} inferred",
)
left, right = st.columns(2)
with left:
    show.markdown(Markdown("**Coded cells by dimension**"))
    st.dataframe(summary["by_dimension"], width="stretch")
with right:
    show.markdown(Markdown("**Evidence and confidence of coded values**"))
    st.dataframe(summary["evidence"], width="stretch")
show.caption(
    markup(
        "Covered: {}. Events: {} ({} stated in the article, {} dated context).",
        ", ".join(tp.name for tp in ds.third_parties),
        cov["events"],
        cov["events_stated"],
        cov["events_context"],
    )
)

reliability = summary["reliability"]
if reliability is not None:
    rel = ds.meta.reliability
    show.subheader("Reliability")
    show.markdown(reliability["sentence"])
    cols = st.columns(4)
    show.metric("Alpha, independent", reliability["alpha_before"] or "not given", where=cols[0],
                border=True, help="Krippendorff's ordinal alpha over all cells, this coding "
                "against the second, before the adjudication")  # fmt: skip
    show.metric("Alpha, adjudicated", reliability["alpha"], where=cols[1], border=True,
                help="Where the two still differ, this coding's value was kept")  # fmt: skip
    show.metric("Cells both code", rel.pairable, where=cols[2], border=True,
                help=f"{rel.one_only} coded by one coding only")  # fmt: skip
    show.metric("Disagreements", rel.disagreements, where=cols[3], border=True,
                help=f"All adjudicated: {reliability['decided']}")  # fmt: skip
    left, right = st.columns(2)
    with left:
        st.dataframe(reliability["by_dimension"], hide_index=True, width="stretch")
    with right:
        show.caption(markup("Second coding: {} Kept in {}.", rel.coder, rel.second_coding))
        if rel.note:
            show.caption(rel.note)
        if rel.record:
            frame.web_link(rel.record, "Every disagreement and its decision")
    if reliability["confusion"]:
        left, right = st.columns([3, 2])
        show.markdown(Markdown("**Coded independently, cell by cell**"), where=left)
        tabs = show.tabs([name for name, _, _ in reliability["confusion"]], where=left)
        for i, (tab, (_, fig, alt)) in enumerate(zip(tabs, reliability["confusion"], strict=True)):
            with tab:
                figure.plain(fig, key=f"confusion-{i}", alt=alt)
        show.caption(reliability["confusion_note"], where=right)
    adjudicated = reliability["adjudicated"]
    if len(adjudicated):
        with show.expander(f"The adjudicated values ({len(adjudicated)} entries): "
                         f"{reliability['decided']}"):  # fmt: skip
            decision = st.column_config.TextColumn(width="large")
            st.dataframe(adjudicated, hide_index=True, width="stretch",
                         column_config={"Decision": decision})  # fmt: skip

show.subheader("Every value with its evidence")
address.bound(st.text_input, "Search third party, quote or rationale", page.state, "query",
         placeholder="e.g. Russia")  # fmt: skip
table = cached.values_table(page.data, page.state.query)
show.caption(f"{len(table)} of {cov['coded']} coded values. Select a cell to read it whole.")
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

show.subheader("Source")
for src in ds.meta.sources:
    show.markdown(
        markup("{}, \u201c{}\u201d", src.author, src.title)
        + (markup(": {}", src.subtitle) if src.subtitle else Markdown(""))
        + (Markdown("") if (src.subtitle or src.title).endswith(("?", "!", ".")) else Markdown("."))
        + markup(" *{}*, {}.", src.outlet, src.date)
    )
    if src.address:
        frame.web_link(src.address, src.address)
    if src.date_note:
        show.caption(src.date_note)

show.subheader("Download the dataset")
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
    show.download_button(
        label,
        partial(files.get, kind),
        where=column,
        file_name=name,
        mime=mime,
        icon=f":material/{icon}:",
        on_click="ignore",
    )

sidebar.page_tools(ds, page)
