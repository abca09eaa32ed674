"""Parts of pages that are text and links only, each written once for every session that shows
the same thing (cached.written, through ui.replayed): after the first session, Streamlit replays
the elements instead of building them again. A writer takes the data key and the view's fields it
shows; its last argument is the screen's presentation (projector mode, a chosen layout), which
its links keep. No widgets here: Streamlit does not replay them."""

from __future__ import annotations

import streamlit as st

from components.core import url_params
from components.core.dates import date_label
from components.core.escape import Markdown, closed, markup
from components.core.tables import lean_labels
from components.core.view_state import OverviewState, StrategyState
from components.dataset.models import status_label
from components.figures.views import Card
from components.web import cached, show
from components.web.frame import link, quoted


def strategy_card(card: Card, linked: bool = False) -> None:
    """One action (with its outcome) or counter-move, with links to its events and to its
    third parties' profiles."""
    with st.container(border=True, key=f"card_{card.id}{'_linked' if linked else ''}"):
        head = markup("**{}** · {}", card.title, card.when)
        if linked:
            head = Markdown(":material/my_location: ") + head
        if card.status is not None:
            head += markup(
                "  \nOutcome: **{}** (judged {}): {}",
                status_label(card.status),
                card.judged,
                card.rationale or "",
            )
        show.markdown(head + Markdown("\n\n") + quoted(card.quote))
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
        show.header(tier.heading)
        mine, theirs = st.columns([3, 2], gap="large")
        with mine:
            side = tier.side[:1].upper() + tier.side[1:]
            show.markdown(markup("**{}'s goals and actions**", side))
            for goal, goal_cards in tier.goals:
                show.markdown(markup("*Goal: {}*", goal))
                for card in goal_cards:
                    strategy_card(card)
        with theirs:
            by = tier.answered_by
            show.markdown(markup("**{}'s counter-moves**", by[:1].upper() + by[1:]))
            for card in tier.moves:
                strategy_card(card)


def profile_section(data: cached.DataKey, third_party: str, presentation: tuple) -> None:
    """One third party's profile: what it is, its coded values, and links to its events,
    strategy actions and counter-moves."""
    del presentation  # the links keep it: part of the cache key
    profile = cached.profile(data, third_party)
    show.markdown(
        markup("**{}**: {}, {}.", profile.name, profile.kind, profile.region)
        + (markup(" {}", profile.note) if profile.note else Markdown(""))
    )
    show.markdown(profile.values_markdown)  # Side, Dimension and Years first
    events_col, actions_col = st.columns(2)
    with events_col:
        show.markdown(markup("**Events involving {}** ({})", profile.name, len(profile.events)))
        for item in profile.event_links:
            link(item.page, item.label, query_params={item.param: item.value})
    with actions_col:
        show.markdown(
            markup(
                "**Strategy actions and counter-moves** ({} and {})",
                len(profile.actions),
                len(profile.counter_moves),
            )
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
        show.metric(
            labels[lean],
            view.counts[lean],
            delta=delta,
            where=column,
            delta_color="off",
            help=", ".join(view.members[lean]) or "none",
            border=True,
        )
    with show.expander("How a third party's lean is decided"):
        show.markdown(
            markup(
                "From each side's **overall** value in {}, on the scale {}. The same rule decides "
                "every count, colour and title on every page.",
                state.year,
                ", ".join(f"{lvl.value} {lvl.label.lower()}" for lvl in ds.meta.scale.levels),
            )
        )
        show.markdown(
            Markdown("\n").join(
                markup("- **{}**: {}", labels[lean], rule) for lean, rule in view.rules
            )
        )


VERDICTS = {
    "holds": Markdown(":green-badge[:material/check: holds in these values]"),
    "flips": Markdown(":orange-badge[:material/warning: does not hold in these values]"),
    "not tested": Markdown(":gray-badge[not tested by the values]"),
}


def findings(data: cached.DataKey, state: OverviewState, presentation: tuple) -> None:
    """The key findings for the year, each with whether it holds in the values that count,
    and the ways deeper into the dashboard."""
    del presentation  # the links keep it: part of the cache key
    show.subheader(markup("Key findings, {}", state.year))
    for check in cached.overview(data, state).checks:
        finding = check.finding
        detail = Markdown("").join(markup("\n- {}", line) for line in check.details)
        show.markdown(
            markup(
                "**{}** {} {}{}\n\n",
                closed(finding.title),
                VERDICTS[check.status],
                finding.text,
                detail,
            )
            + quoted(finding.quote)
        )
    show.subheader("Go deeper")
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
        show.subheader(event.title)
        basis = (
            "stated in the article"
            if event.basis == "stated"
            else "dated context the article refers to"
        )
        show.markdown(
            markup(
                "**{}** ({} precision; {}) · {}",
                date_label(event.date, event.precision),
                event.precision,
                basis,
                categories[event.category],
            )
            + (markup(" · {}", tiers[event.tier]) if event.tier else Markdown(""))
        )
        show.markdown(markup("{}\n\n{}", event.description, quoted(event.quote)))
        if event.date_note:
            show.caption(markup("Date note: {}", event.date_note))
        if event.date_source:
            show.caption(markup("Date from outside the article: {}", event.date_source))
        involved = [actors[a] for a in event.actors]
        show.caption(
            markup("Involves: {}", ", ".join(involved)) if involved else "Involves neither side"
        )
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
