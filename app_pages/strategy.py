"""Strategy tracker: the first actor's tiers, goals and actions with their outcomes, beside the
second actor's counter-moves; each links to its events and third parties, and a link to one
action (action=...) shows it first."""

import streamlit as st

from components.core.escape import Markdown
from components.core.view_state import STATUS_ORDER
from components.dataset.models import status_label
from components.web import address, cached, chart, frame, show, sidebar, text_sections

ds, page = frame.start_page("strategy")
state = page.state

a, b = ds.meta.actors[0], ds.meta.actors[1]
strategy_name = ds.strategy.title or f"{a.phrase}'s strategy"
show.title(f"{strategy_name}, and {b.phrase}'s answers")
frame.quote(ds.strategy.summary.quote)


address.bound(
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
    show.markdown(Markdown("**The action a link pointed at**"))
    text_sections.strategy_card(cards[state.action], linked=True)
chart.chart(view.chart, page, key="progress_chart")

frame.replayed(text_sections.strategy_tiers, page.data, state.for_charts())

sidebar.page_tools(ds, page)
