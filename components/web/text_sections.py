"""Parts of pages that are text and links only, each written once for every session that shows
the same thing (cached.written, through ui.replayed): after the first session, Streamlit replays
the elements instead of building them again. A writer takes the data key and the view's fields it
shows; its last argument is the screen's presentation (projector mode, a chosen layout), which
its links keep. No widgets here: Streamlit does not replay them."""

from __future__ import annotations

import streamlit as st

from components.core import url_params
from components.core.dates import date_label
from components.core.escape import closed, md
from components.core.tables import lean_labels
from components.core.view_state import OverviewState, StrategyState
from components.dataset.models import status_label
from components.figures.views import Card
from components.web import cached
from components.web.frame import link, quoted


def strategy_card(card: Card, linked: bool = False) -> None:
    """One action (with its outcome) or counter-move, with links to its events and to its
    third parties' profiles."""
    with st.container(border=True, key=f"card_{card.id}{'_linked' if linked else ''}"):
        head = f"**{md(card.title)}** · {md(card.when)}"
        if linked:
            head = ":material/my_location: " + head
        if card.status is not None:
            head += (
                f"  \nOutcome: **{status_label(card.status)}** (judged {card.judged}): "
                f"{md(card.rationale or '')}"
            )
        st.markdown(head + "\n\n" + quoted(card.quote))
        for event_id, title in card.events:
            link("timeline", f"Event: {title}", query_params={url_params.EVENT: event_id},
                 icon=":material/event:")  # fmt: skip
        for tp_id, name in card.third_parties:
            link("comparison", name, query_params={url_params.THIRD_PARTY: tp_id},
                 icon=":material/compare:")  # fmt: skip


def strategy_tiers(data: cached.DataKey, state: StrategyState, presentation: tuple) -> None:
    """The strategy's tiers: a side's goals and actions beside the other side's counter-moves,
    each a card (about eighty links and as many blocks)."""
    del presentation  # the links keep it: part of the cache key
    for tier in cached.strategy(data, state).tiers:
        st.header(md(tier.heading))
        mine, theirs = st.columns([3, 2], gap="large")
        with mine:
            st.markdown(f"**{md(tier.side[:1].upper() + tier.side[1:])}'s goals and actions**")
            for goal, goal_cards in tier.goals:
                st.markdown(f"*Goal: {md(goal)}*")
                for card in goal_cards:
                    strategy_card(card)
        with theirs:
            by = tier.answered_by
            st.markdown(f"**{md(by[:1].upper() + by[1:])}'s counter-moves**")
            for card in tier.moves:
                strategy_card(card)


def profile_section(data: cached.DataKey, third_party: str, presentation: tuple) -> None:
    """One third party's profile: what it is, its coded values, and links to its events,
    strategy actions and counter-moves."""
    del presentation  # the links keep it: part of the cache key
    profile = cached.profile(data, third_party)
    st.markdown(
        f"**{md(profile.name)}**: {md(profile.kind)}, {md(profile.region)}."
        + (f" {md(profile.note)}" if profile.note else "")
    )
    st.markdown(profile.values_markdown)  # Side, Dimension and Years first
    events_col, actions_col = st.columns(2)
    with events_col:
        st.markdown(f"**Events involving {md(profile.name)}** ({len(profile.events)})")
        for item in profile.event_links:
            link(item.page, item.label, query_params={item.param: item.value})
    with actions_col:
        st.markdown(
            f"**Strategy actions and counter-moves** ({len(profile.actions)} and "
            f"{len(profile.counter_moves)})"
        )
        for item in profile.action_links:
            link(item.page, item.label, query_params={item.param: item.value}, icon=item.icon)


def lean_counts(
    data: cached.DataKey, state: OverviewState, wall: bool, presentation: tuple
) -> None:
    """How many third parties lean each way, five boxes across (two rows on a wall, where five
    cut the labels short), each naming its members; and how a lean is decided."""
    del presentation
    ds = cached.load(data).dataset
    view = cached.overview(data, state)
    labels = lean_labels(ds)
    columns = (st.columns(3) + st.columns(3))[:5] if wall else st.columns(5)
    for column, lean in zip(columns, labels, strict=True):
        delta = None
        if view.all_values is not None:
            delta = view.counts[lean] - view.all_values[lean]
        column.metric(
            md(labels[lean]),
            view.counts[lean],
            delta=delta,
            delta_color="off",
            help=md(", ".join(view.members[lean]) or "none"),
            border=True,
        )
    with st.expander("How a third party's lean is decided"):
        st.markdown(
            f"From each side's **overall** value in {state.year}, on the scale "
            + md(", ".join(f"{lvl.value} {lvl.label.lower()}" for lvl in ds.meta.scale.levels))
            + ". The same rule decides every count, colour and title on every page."
        )
        st.markdown("\n".join(f"- **{md(labels[lean])}**: {md(rule)}" for lean, rule in view.rules))


VERDICTS = {
    "holds": ":green-badge[:material/check: holds in these values]",
    "flips": ":orange-badge[:material/warning: does not hold in these values]",
    "not tested": ":gray-badge[not tested by the values]",
}


def findings(data: cached.DataKey, state: OverviewState, presentation: tuple) -> None:
    """The key findings for the year, each with whether it holds in the values that count,
    and the ways deeper into the dashboard."""
    del presentation  # the links keep it: part of the cache key
    st.subheader(f"Key findings, {state.year}")
    for check in cached.overview(data, state).checks:
        finding = check.finding
        detail = "".join(f"\n- {md(line)}" for line in check.details)
        st.markdown(
            f"**{md(closed(finding.title))}** {VERDICTS[check.status]} {md(finding.text)}"
            f"{detail}\n\n" + quoted(finding.quote)
        )
    st.subheader("Go deeper")
    with st.container(horizontal=True, gap="large"):
        link("comparison", "Compare countries", icon=":material/compare:",
             query_params={url_params.YEAR: str(state.year)})  # fmt: skip
        link("strategy", "The strategy and its answers", icon=":material/stacks:")
        link("timeline", "Timeline of events", icon=":material/timeline:")
        link("method", "Sources and method", icon=":material/menu_book:")


def timeline_event(data: cached.DataKey, event_id: str, presentation: tuple) -> None:
    """One event: when (and how surely), its category and tier, what the article says, who it
    involves, and links both ways: its third parties' profiles, the strategy items citing it."""
    del presentation  # the links keep it: part of the cache key
    ds = cached.load(data).dataset
    actors = {a.id: a.short_name for a in ds.meta.actors}
    third_parties = {tp.id: tp.name for tp in ds.third_parties}
    categories = {c.id: c.name for c in ds.meta.event_categories}
    tiers = {t.id: ds.tier_label(t) for t in ds.strategy.tiers}
    event = next(e for e in ds.events if e.id == event_id)
    with st.container(border=True):
        st.subheader(md(event.title))
        basis = (
            "stated in the article"
            if event.basis == "stated"
            else "dated context the article refers to"
        )
        st.markdown(
            f"**{date_label(event.date, event.precision)}** ({event.precision} precision; "
            f"{basis}) · {md(categories[event.category])}"
            + (f" · {md(tiers[event.tier])}" if event.tier else "")
        )
        st.markdown(md(event.description) + "\n\n" + quoted(event.quote))
        if event.date_note:
            st.caption(f"Date note: {md(event.date_note)}")
        if event.date_source:
            st.caption(f"Date from outside the article: {md(event.date_source)}")
        involved = [actors[a] for a in event.actors]
        st.caption("Involves: " + md(", ".join(involved)) if involved else "Involves neither side")
        # both ways: the third parties' profiles, and the strategy's actions that cite this event
        for tp_id in event.third_parties:
            link("comparison", third_parties[tp_id], query_params={url_params.THIRD_PARTY: tp_id},
                 icon=":material/compare:")  # fmt: skip
        for item in ds.strategy_items():
            if event.id in item.events:
                link(
                    "strategy",
                    f"Strategy: {item.title}",
                    query_params={url_params.ACTION: item.id},
                    icon=":material/stacks:",
                )
