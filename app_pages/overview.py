"""Overview: the contest at a glance for one year: who leans where, why, and the key findings,
with how many of them hold when only the surest values count."""

import streamlit as st

from components import cached, keys, ui
from components.text import md
from components.theme import actor_styles
from components.transforms import lean_labels

ds, page = ui.start_page("overview")
state = page.state
a, b = actor_styles(ds)[:2]

st.title(md(ds.meta.title))
with st.container(horizontal=True, gap="large", vertical_alignment="bottom"):
    ui.bound(st.radio, "Year", state, "year", [str(y) for y in ds.meta.years], horizontal=True)
    ui.reading_controls(state)
view = cached.overview(page.data, state)
if view.reading:
    st.info(md(view.reading), icon=":material/rule:")

labels = lean_labels(ds)
# five across; two rows in projector mode, where five boxes cut the labels short
columns = (st.columns(3) + st.columns(3))[:5] if ui.wall() else st.columns(5)
for column, lean in zip(columns, labels, strict=True):
    names = view.members[lean]
    delta = None
    if view.all_values is not None:
        delta = view.counts[lean] - view.all_values[lean]
    column.metric(
        md(labels[lean]),
        view.counts[lean],
        delta=delta,
        delta_color="off",
        help=md(", ".join(names) or "none"),
        border=True,
    )
with st.expander("How a third party's lean is decided"):
    st.markdown(
        f"From each side's **overall** value in {state.year}, on the scale "
        + md(", ".join(f"{lvl.value} {lvl.label.lower()}" for lvl in ds.meta.scale.levels))
        + ". The same rule decides every count, colour and title on every page."
    )
    st.markdown("\n".join(f"- **{md(labels[lean])}**: {md(rule)}" for lean, rule in view.rules))

ui.chart(view.lead, page, key="lead_chart")
ui.evidence_picker(view.lead, page)  # the keyboard's way to what a click on a bar opens
ui.evidence(ds, page)

st.subheader(f"Key findings, {state.year}")
for check in view.checks:
    finding = check.finding
    verdict = {
        "holds": ":green-badge[:material/check: holds in these values]",
        "flips": ":orange-badge[:material/warning: does not hold in these values]",
        "not tested": ":gray-badge[not tested by the values]",
    }[check.status]
    detail = "".join(f"\n- {ui.escape(line)}" for line in check.details)
    st.markdown(
        f"**{ui.escape(finding.title)}.** {verdict} {ui.escape(finding.text)}{detail}\n\n"
        + ui.quoted(finding.quote)
    )

st.subheader("Go deeper")
with st.container(horizontal=True, gap="large"):
    ui.link(
        "comparison",
        "Compare countries",
        icon=":material/compare:",
        query_params={keys.YEAR: str(state.year)},
    )
    ui.link("strategy", "The strategy and its answers", icon=":material/stacks:")
    ui.link("timeline", "Timeline of events", icon=":material/timeline:")
    ui.link("method", "Sources and method", icon=":material/menu_book:")

ui.page_tools(ds, page)
