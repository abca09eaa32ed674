"""Country comparison: both sides' ties per third party, hedging, the regional map, change over
time, and one third party's full profile with its evidence."""

import streamlit as st

from components import cached, keys, ui
from components.models import status_label

ds, page = ui.start_page("comparison")
state = page.state

st.title("Country comparison")
ui.year_and_dimension(ds, state)
ui.charts_with_evidence(ds, page)

st.divider()
st.header("Profile")
names = {tp.id: tp.name for tp in ds.third_parties}
ui.bound(st.selectbox, "Third party", state, "third_party", list(names), format_func=names.get)
profile = cached.profile(page.data, state.third_party)
ui.chart(cached.trend(page.data, state), page, key="trend")
ui.event_detail(ds)
st.markdown(
    f"**{ui.escape(profile.name)}**: {ui.escape(profile.kind)}, {ui.escape(profile.region)}."
    + (f" {ui.escape(profile.note)}" if profile.note else "")
)
st.markdown(profile.values_markdown)  # Side, Dimension and Years first
events_col, actions_col = st.columns(2)
with events_col:
    st.markdown(f"**Events involving {ui.escape(profile.name)}** ({len(profile.events)})")
    for event in profile.events.itertuples():
        ui.link("timeline", f"{event.when}: {event.title}", query_params={keys.EVENT: event.id})
with actions_col:
    st.markdown(
        f"**Strategy actions and counter-moves** ({len(profile.actions)} and "
        f"{len(profile.counter_moves)})"
    )
    for action in profile.actions.itertuples():
        ui.link(
            "strategy",
            f"Tier {action.tier_number}: {action.title} ({status_label(action.status)}, "
            f"judged {action.judged})",
            query_params={keys.ACTION: action.action},
            icon=":material/stacks:",
        )
    for move in profile.counter_moves.itertuples():
        ui.link("strategy", f"Counter-move: {move.title}", query_params={keys.ACTION: move.id},
                icon=":material/reply:")  # fmt: skip

ui.page_tools(ds, page)
