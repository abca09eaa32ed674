"""Three-tier strategy tracker: Ghani's tiers, goals and actions with their outcomes, beside the
Taliban's counter-moves."""

import streamlit as st

from components import cached, keys, ui
from components.theme import STATUS_ORDER
from components.transforms import date_label

ds, page = ui.start_page("strategy")
events = {e.id: e for e in ds.events}

st.title("Ghani's three-tier strategy, and the Taliban's answers")
ui.quote(ds.strategy.summary.quote)

statuses = ui.choices(
    "Show actions with outcome",
    keys.STATUS,
    STATUS_ORDER,
    placeholder="all outcomes",
    format_func=str.capitalize,
)
progress, actions, moves = cached.strategy(page.data, tuple(statuses or STATUS_ORDER))
ui.chart(progress, page, key="progress_chart", as_of=str(max(ds.meta.years)))


def when(date: object, precision: object, note: object) -> str:
    if isinstance(date, str) and isinstance(precision, str):
        return date_label(date, precision)
    return f"undated ({note})"


for tier in ds.strategy.tiers:
    st.header(f"Tier {tier.number}: {tier.title}")
    mine, theirs = st.columns([3, 2], gap="large")
    with mine:
        st.markdown("**Kabul's goals and actions**")
        for goal in tier.goals:
            shown = actions[actions["goal"] == goal.id]
            if shown.empty:
                continue
            st.markdown(f"*Goal: {ui.escape(goal.title)}*")
            for action in shown.itertuples():
                with st.container(border=True):
                    st.markdown(
                        f"**{ui.escape(action.title)}** · "
                        f"{when(action.date, action.precision, action.date_note)}  \n"
                        f"Outcome: **{action.status}** (judged {action.judged}): "
                        f"{ui.escape(action.outcome_rationale)}"
                    )
                    ui.quote(action.outcome_quote)
                    for event_id in action.events:
                        st.page_link(
                            "app_pages/timeline.py",
                            label=f"Event: {events[event_id].title}",
                            query_params={keys.EVENT: event_id},
                            icon=":material/event:",
                        )
    with theirs:
        st.markdown("**The Taliban's counter-moves**")
        for move in moves[moves["tier"] == tier.id].itertuples():
            with st.container(border=True):
                st.markdown(
                    f"**{ui.escape(move.title)}** · "
                    f"{when(move.date, move.precision, move.date_note)}"
                )
                ui.quote(move.quote)

ui.page_tools(ds, page)
