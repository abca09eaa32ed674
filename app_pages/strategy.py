"""Strategy tracker: the first actor's tiers, goals and actions with their outcomes, beside the
second actor's counter-moves; each links to its events and third parties, and a link to one
action (action=...) shows it first."""

import streamlit as st

from components import cached, keys, ui
from components.models import status_label
from components.state import STATUS_ORDER
from components.views import Card

ds, page = ui.start_page("strategy")
state = page.state

a, b = ds.meta.actors[0], ds.meta.actors[1]
strategy_name = ds.strategy.title or f"{a.phrase}'s strategy"
st.title(f"{ui.escape(strategy_name)}, and {ui.escape(b.phrase)}'s answers")
ui.quote(ds.strategy.summary.quote)


def show(card: Card, linked: bool = False) -> None:
    """One action (with its outcome) or counter-move, with links to its events and to its
    third parties' profiles."""
    with st.container(border=True, key=f"card_{card.id}{'_linked' if linked else ''}"):
        head = f"**{ui.escape(card.title)}** · {ui.escape(card.when)}"
        if linked:
            head = ":material/my_location: " + head
        if card.status is not None:
            head += (
                f"  \nOutcome: **{status_label(card.status)}** (judged {card.judged}): "
                f"{ui.escape(card.rationale or '')}"
            )
        st.markdown(head + "\n\n" + ui.quoted(card.quote))
        for event_id, title in card.events:
            ui.link("timeline", f"Event: {title}", query_params={keys.EVENT: event_id},
                    icon=":material/event:")  # fmt: skip
        for tp_id, name in card.third_parties:
            ui.link("comparison", name, query_params={keys.THIRD_PARTY: tp_id},
                    icon=":material/compare:")  # fmt: skip


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
    show(cards[state.action], linked=True)
ui.chart(view.chart, page, key="progress_chart")

for tier in view.tiers:
    st.header(f"Tier {tier.number}: {ui.escape(tier.title)}")
    mine, theirs = st.columns([3, 2], gap="large")
    with mine:
        st.markdown(f"**{ui.escape(a.phrase)}'s goals and actions**")
        for goal, goal_cards in tier.goals:
            st.markdown(f"*Goal: {ui.escape(goal)}*")
            for card in goal_cards:
                show(card)
    with theirs:
        st.markdown(f"**{ui.escape(b.phrase[:1].upper() + b.phrase[1:])}'s counter-moves**")
        for card in tier.moves:
            show(card)

ui.page_tools(ds, page)
