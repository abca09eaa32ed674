"""Strategy tracker: the first actor's tiers, goals and actions with their outcomes, beside the
second actor's counter-moves; each links to its events and third parties, and a link to one
action (action=...) shows it first."""

import streamlit as st

from components import cached, sections, ui
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
cards = {c.id: c for t in view.tiers for _, goal in t.goals for c in goal} | {
    c.id: c for t in view.tiers for c in t.moves
}
if state.action in cards:
    st.markdown("**The action a link pointed at**")
    sections.strategy_card(cards[state.action], linked=True)
ui.chart(view.chart, page, key="progress_chart")

ui.replayed(sections.strategy_tiers, page.data, state.for_charts())

ui.page_tools(ds, page)
