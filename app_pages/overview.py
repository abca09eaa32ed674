"""Overview: the contest at a glance for one year: who leans where, why, and the key findings."""

import streamlit as st

from components import cached, keys, ui
from components.theme import actor_styles
from components.transforms import ALOOF, HEDGE

ds, page = ui.start_page("overview")
state = page.state
a, b = actor_styles(ds)[:2]

st.title(f"{a.short} and the {b.short}: a tug of war over Afghanistan's neighbours")
ui.bound(st.radio, "Year", state, "year", [str(y) for y in ds.meta.years], horizontal=True)
view = cached.overview(page.data, state)

labels = {
    a.id: f"Lean to {a.short}",
    b.id: f"Lean to the {b.short}",
    HEDGE: "Hedge with both",
    ALOOF: "Stand aloof",
}
# four across; two by two in projector mode, where four boxes cut the labels short
columns = st.columns(2) * 2 if ui.projector() else st.columns(4)
for column, lean in zip(columns, labels, strict=True):
    names = view.members[lean]
    column.metric(labels[lean], view.counts[lean], help=", ".join(names) or "none", border=True)
with st.expander("How a third party's lean is decided"):
    st.markdown(
        f"From each side's **overall** value in {state.year}, on the scale "
        + ", ".join(f"{lvl.value} {lvl.label.lower()}" for lvl in ds.meta.scale.levels)
        + ". A value not coded counts as 0 here."
    )
    st.markdown("\n".join(f"- {rule}" for _, rule in view.rules))

ui.chart(view.lead, page, key="lead_chart")

st.subheader(f"Key findings, {state.year}")
for finding in view.findings:
    st.markdown(
        f"**{ui.escape(finding.title)}.** {ui.escape(finding.text)}\n\n" + ui.quoted(finding.quote)
    )

st.subheader("Go deeper")
with st.container(horizontal=True, gap="large"):
    ui.link(
        "comparison",
        "Compare countries",
        icon=":material/compare:",
        query_params={keys.YEAR: str(state.year)},
    )
    ui.link("strategy", "Ghani's three tiers", icon=":material/stacks:")
    ui.link("timeline", "Timeline of events", icon=":material/timeline:")
    ui.link("method", "Sources and method", icon=":material/menu_book:")

ui.page_tools(ds, page)
