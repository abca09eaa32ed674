"""Strategy tracker: the first actor's tiers, goals and actions with their outcomes, beside the
second actor's counter-moves."""

import streamlit as st

from components import cached, keys, ui
from components.models import status_label
from components.state import STATUS_ORDER

ds, page = ui.start_page("strategy")
state = page.state

a, b = ds.meta.actors[0], ds.meta.actors[1]
strategy_name = ds.strategy.title or f"{a.phrase}'s strategy"
st.title(f"{ui.escape(strategy_name)}, and {ui.escape(b.phrase)}'s answers")
ui.quote(ds.strategy.summary.quote)

ui.bound(
    st.multiselect,
    "Show actions with outcome",
    state,
    "statuses",
    STATUS_ORDER,
    placeholder="all outcomes",
    format_func=status_label,
)
view = cached.strategy(page.data, state)
ui.chart(view.chart, page, key="progress_chart")

for tier in view.tiers:
    st.header(f"Tier {tier.number}: {ui.escape(tier.title)}")
    mine, theirs = st.columns([3, 2], gap="large")
    with mine:
        st.markdown(f"**{ui.escape(a.phrase)}'s goals and actions**")
        for goal, cards in tier.goals:
            st.markdown(f"*Goal: {ui.escape(goal)}*")
            for card in cards:
                with st.container(border=True):
                    st.markdown(
                        f"**{ui.escape(card.title)}** · {ui.escape(card.when)}  \n"
                        f"Outcome: **{status_label(card.status or '')}** (judged {card.judged}): "
                        f"{ui.escape(card.rationale or '')}\n\n" + ui.quoted(card.quote)
                    )
                    for event_id, title in card.events:
                        ui.link(
                            "timeline",
                            f"Event: {title}",
                            query_params={keys.EVENT: event_id},
                            icon=":material/event:",
                        )
    with theirs:
        st.markdown(f"**{ui.escape(b.phrase[:1].upper() + b.phrase[1:])}'s counter-moves**")
        for card in tier.moves:
            with st.container(border=True):
                st.markdown(
                    f"**{ui.escape(card.title)}** · {ui.escape(card.when)}\n\n"
                    + ui.quoted(card.quote)
                )

ui.page_tools(ds, page)
