"""Coding from the source, on "The source, coded": pick a sentence of a paragraph (or a run of
its words), code it as a value, an event or a strategy action, and see the codings that quote
the paragraph, each of which can be changed or removed. The quote is the source's own words.

Every change is validated as `tugofwar validate`, `check-quotes` and `check-evidence` validate
before anything is written. Where it is written depends on where the dashboard runs
(TUGOFWAR_CODING): `files` (what `make run` sets, and only for a visitor on this machine) writes
the data folder's YAML in place, every other line kept, the previous file kept as a backup
(dataset/yaml_write.py); `session` (the default: a hosted dashboard) changes only this
session's own copy of the dataset, which the session can download as a ZIP; `off` hides it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import streamlit as st

from components.analysis import coding
from components.analysis.quotes import source_text
from components.core.escape import Markdown, markup
from components.dataset.errors import DatasetError, Problem
from components.dataset.files import DataFiles, read_directory, to_zip
from components.dataset.load import load_files
from components.dataset.models import STATUSES, Dataset, status_label
from components.dataset.yaml_write import Change, apply_changes, new_texts
from components.web import cached, show
from components.web.uploads import SESSION_UPLOAD

CODING_ENV = "TUGOFWAR_CODING"
MODES = ("files", "session", "off")
KINDS = ("a value", "an event", "a strategy action")
_DONE = "_tow_coding_done"  # what the last change did, shown once after the rerun


@dataclass(frozen=True)
class Coder:
    """Where this session's codings go, and what it codes against."""

    mode: str  # files or session
    key: Any  # the data key (cached.DataKey)
    files: DataFiles
    source: str | None


def mode(key: Any) -> str | None:
    """files, session or None (off): files only where the setting asks for it, the data is a
    folder and the visitor is on this machine (Streamlit gives no address for localhost)."""
    wanted = os.environ.get(CODING_ENV, "session").strip().lower()
    if wanted == "off":
        return None
    if wanted == "files" and not cached.is_upload(key) and st.context.ip_address is None:
        return "files"
    return "session"


def coder(ds: Dataset, key: Any) -> Coder | None:
    """This session's coder, or None where coding is off."""
    chosen = mode(key)
    if chosen is None:
        return None
    upload = st.session_state.get(SESSION_UPLOAD)
    files = upload if isinstance(upload, DataFiles) else read_directory(key[0])
    return Coder(chosen, key, files, source_text(ds))


def _commit(ds: Dataset, who: Coder, changes: list[Change], done: str) -> list[Problem]:
    """The changes validated and written (or kept in the session); the problems that stopped
    them, or none."""

    def check(after: Dataset, _files: DataFiles) -> list[Problem]:
        return coding.new_problems(ds, after, who.source)

    try:
        if who.mode == "files":
            apply_changes(who.key[0], changes, check=check)
        else:
            texts = new_texts(who.files.files, changes)
            result = DataFiles(
                who.files.origin, {**who.files.files, **texts}, texts=who.files.texts
            )
            problems = check(load_files(result), result)
            if problems:
                return problems
            st.session_state[SESSION_UPLOAD] = result
    except DatasetError as exc:
        return exc.problems
    except ValueError as exc:
        return [Problem("form", 1, "", str(exc))]
    st.session_state[_DONE] = done
    st.rerun()
    return []  # not reached: the rerun starts the page again


def _problems(problems: list[Problem]) -> None:
    show.error(
        Markdown("Nothing was written:\n\n")
        + Markdown("\n").join(
            markup("- {}", p.message if p.file == "form" else str(p)) for p in problems[:12]
        )
    )


def intro(who: Coder) -> None:
    """Where this session's codings go, and the last change made."""
    if done := st.session_state.pop(_DONE, None):
        show.success(done)
    if who.mode == "files":
        show.caption(
            "Coding writes this folder's YAML files in place (every other line kept; the "
            "previous file kept beside it as NAME.time.bak)."
        )
    else:
        show.caption(
            "Coding changes only this session's copy of the dataset; download it as a ZIP to "
            "keep it."
        )
        upload = st.session_state.get(SESSION_UPLOAD)
        if isinstance(upload, DataFiles):
            show.download_button(
                "Download the coded dataset (ZIP)", to_zip(upload.files),
                file_name="tugofwar-data.zip", mime="application/zip", key="coding_zip",
            )  # fmt: skip


def paragraph(ds: Dataset, who: Coder, number: int, text: str) -> None:
    """The paragraph's coding tools, drawn when opened."""
    box = show.expander(
        f"Code a passage of paragraph {number}", key=f"code_{number}", on_change="rerun"
    )
    if not box.open:
        return
    with box:
        _existing(ds, who, number, text)
        _new(ds, who, number, text)


def _existing(ds: Dataset, who: Coder, number: int, text: str) -> None:
    found = list(coding.placed(who.files, text))
    if not found:
        return
    show.markdown(Markdown("**Codings that quote this paragraph**"))
    for k, item in enumerate(found):
        left, middle, right = st.columns([6, 1, 1], vertical_alignment="center")
        show.markdown(markup("{}: {}", item.kind.capitalize(), _label(ds, item)), where=left)
        edit = {"value": _edit_value, "event": _edit_event, "action": _edit_action}[item.kind]
        with show.popover("Change", where=middle, key=f"edit_{number}_{k}"):
            edit(ds, who, item, f"{number}_{k}")
        if show.button("Remove", where=right, key=f"remove_{number}_{k}",
                       help=f"Take this {item.kind} out of the dataset"):  # fmt: skip
            _report(_commit(ds, who, coding.remove(who.files, item), f"Removed: {item.label}"))


def _label(ds: Dataset, item: coding.Placed) -> str:
    """A coding as the pages name it: a value by its third party's and side's names."""
    if item.kind != "value":
        return item.label
    _, i, _, side, dim, _ = item.path
    party = ds.third_parties[int(i)].name if int(i) < len(ds.third_parties) else "?"
    sides = {a.id: a.short_name for a in ds.meta.actors}
    dims = {"overall": "Overall", **{d.id: d.name for d in ds.meta.dimensions}}
    value = item.entry.get("value")
    shown = f"{value:+d}" if isinstance(value, int) and value else str(value)
    return (f"{party} / {sides.get(str(side), side)} / {dims.get(str(dim), dim)} / "
            f"{item.entry.get('years')}: {shown}")  # fmt: skip


def _report(problems: list[Problem]) -> None:
    if problems:
        _problems(problems)


def _scale(ds: Dataset) -> list[int]:
    return sorted(level.value for level in ds.meta.scale.levels)


def _level(ds: Dataset) -> Any:
    labels = {level.value: level.label for level in ds.meta.scale.levels}
    return lambda v: f"{v:+d} {labels[v]}" if v else f"0 {labels[v]}"


def _edit_value(ds: Dataset, who: Coder, item: coding.Placed, key: str) -> None:
    entry = item.entry
    years = [int(y) for y in str(entry.get("years", "")).split("-") if y.strip().isdigit()]
    with st.form(f"edit_form_{key}"):
        first, last = show.widget(
            st.select_slider, "Years", options=list(ds.meta.years),
            value=(years[0], years[-1]) if years else (ds.meta.years[0], ds.meta.years[-1]),
        )  # fmt: skip
        scale = _scale(ds)
        value = show.widget(
            st.selectbox, "Value", scale, format_func=_level(ds),
            index=scale.index(entry["value"]) if entry.get("value") in scale else 0,
        )  # fmt: skip
        confidence = show.widget(
            st.radio, "Confidence", ["high", "medium", "low"], horizontal=True,
            index=["high", "medium", "low"].index(entry.get("confidence") or "medium"),
        )  # fmt: skip
        rationale = show.widget(st.text_area, "Rationale", value=entry.get("rationale", ""))
        if show.widget(st.form_submit_button, "Save the change"):
            years_text = str(first) if first == last else f"{first}-{last}"
            new = {**entry, "years": years_text, "value": value, "confidence": confidence,
                   "rationale": rationale.strip()}  # fmt: skip
            _report(_commit(ds, who, coding.replace(who.files, item, new), "Changed: "
                            f"{item.label.rsplit(':', 1)[0]}: {value:+d}"))  # fmt: skip


def _text_or_none(text: str) -> str | None:
    return text.strip() or None


def _edit_event(ds: Dataset, who: Coder, item: coding.Placed, key: str) -> None:
    entry = item.entry
    precisions = ["day", "month", "year"]
    with st.form(f"edit_form_{key}"):
        title = show.widget(st.text_input, "Title", value=entry.get("title", ""))
        left, right = st.columns(2)
        date = show.widget(left.text_input, "Date (YYYY-MM-DD, YYYY-MM or YYYY)",
                           value=str(entry.get("date") or ""))  # fmt: skip
        precision = show.widget(
            right.selectbox, "Precision", precisions,
            index=precisions.index(entry["precision"]) if entry.get("precision") in precisions
            else 0,
        )  # fmt: skip
        description = show.widget(st.text_area, "Description",
                                  value=entry.get("description", ""))  # fmt: skip
        note = show.widget(st.text_input, "Date note (where the date comes from)",
                           value=entry.get("date_note") or "")  # fmt: skip
        if show.widget(st.form_submit_button, "Save the change"):
            new = {**entry, "title": title.strip(), "date": date.strip(), "precision": precision,
                   "description": description.strip()}  # fmt: skip
            new.pop("date_note", None)
            if _text_or_none(note):
                new["date_note"] = note.strip()
            _report(_commit(ds, who, coding.replace(who.files, item, new),
                            f"Changed: {title.strip()}"))  # fmt: skip


def _edit_action(ds: Dataset, who: Coder, item: coding.Placed, key: str) -> None:
    entry = item.entry
    outcome = entry.get("outcome") if isinstance(entry.get("outcome"), dict) else {}
    precisions = [None, "day", "month", "year"]
    statuses = list(STATUSES)
    with st.form(f"edit_form_{key}"):
        title = show.widget(st.text_input, "Title", value=entry.get("title", ""))
        left, right = st.columns(2)
        date = show.widget(left.text_input, "Date (YYYY-MM-DD, YYYY-MM or YYYY; empty: none)",
                           value=str(entry.get("date") or ""))  # fmt: skip
        precision = show.widget(
            right.selectbox, "Precision", precisions, format_func=lambda p: p or "none",
            index=precisions.index(entry.get("precision")) if entry.get("precision") in
            precisions else 0,
        )  # fmt: skip
        status = show.widget(
            left.selectbox, "Outcome", statuses, format_func=status_label,
            index=statuses.index(outcome["status"]) if outcome.get("status") in statuses else 0,
        )  # fmt: skip
        rationale = show.widget(st.text_area, "Why this outcome",
                                value=outcome.get("rationale", ""))  # fmt: skip
        note = show.widget(st.text_input, "Date note (where the date comes from, or why none)",
                           value=entry.get("date_note") or "")  # fmt: skip
        if show.widget(st.form_submit_button, "Save the change"):
            new = {
                **entry,
                "title": title.strip(),
                "date": _text_or_none(date),
                "outcome": {**outcome, "status": status, "rationale": rationale.strip()},
            }
            new.pop("precision", None)
            new.pop("date_note", None)
            if precision:
                new["precision"] = precision
            if _text_or_none(note):
                new["date_note"] = note.strip()
            _report(_commit(ds, who, coding.replace(who.files, item, new),
                            f"Changed: {title.strip()}"))  # fmt: skip


def _new(ds: Dataset, who: Coder, number: int, text: str) -> None:
    show.markdown(Markdown("**Code a new passage**"))
    found = coding.sentences(text)
    if not found:
        return
    k = show.widget(
        st.selectbox, "Sentence", list(range(len(found))), key=f"sentence_{number}",
        format_func=lambda i: f"{i + 1}. {_short(found[i].text)}",
    )  # fmt: skip
    sentence = found[k].text
    names = coding.words(sentence)
    first, last = (0, 0) if len(names) == 1 else show.widget(
        st.select_slider, "Words of the sentence to quote", list(range(len(names))),
        value=(0, len(names) - 1), key=f"words_{number}_{k}",
        format_func=lambda i: f"{i + 1}: {names[i]}",
        help="Narrow the quote to a run of the sentence's words (arrow keys move an end)",
    )  # fmt: skip
    quote = coding.passage(sentence, first, last)
    show.markdown(markup("Quote: \u201c{}\u201d", quote))
    kind = show.widget(st.radio, "Code it as", KINDS, horizontal=True, key=f"kind_{number}")
    form = {KINDS[0]: _value_form, KINDS[1]: _event_form, KINDS[2]: _action_form}[kind]
    form(ds, who, f"{number}_{k}", quote)


def _short(sentence: str, size: int = 90) -> str:
    return sentence if len(sentence) <= size else sentence[: size - 1].rstrip() + "\u2026"


def _value_form(ds: Dataset, who: Coder, key: str, quote: str) -> None:
    parties = {tp.id: tp.name for tp in ds.third_parties}
    sides = {a.id: a.name for a in ds.meta.actors}
    dims = {"overall": "Overall", **{d.id: d.name for d in ds.meta.dimensions}}
    years = list(ds.meta.years)
    with st.form(f"value_form_{key}"):
        # a row of two per pair, so a phone stacks them in reading order
        left, right = st.columns(2)
        tp = show.widget(left.selectbox, "Third party", list(parties), format_func=parties.get,
                         index=None, placeholder="Choose a third party")  # fmt: skip
        side = show.widget(right.selectbox, "Side", list(sides), format_func=sides.get)
        left, right = st.columns(2)
        dim = show.widget(left.selectbox, "Dimension", list(dims), format_func=dims.get)
        first, last = (years[0], years[0]) if len(years) == 1 else show.widget(
            right.select_slider, "Years", options=years, value=(years[0], years[-1])
        )  # fmt: skip
        left, right = st.columns(2)
        value = show.widget(left.selectbox, "Value", _scale(ds), format_func=_level(ds),
                            index=None, placeholder="Choose a value")  # fmt: skip
        confidence = show.widget(right.radio, "Confidence", ["high", "medium", "low"],
                                 horizontal=True, index=1)  # fmt: skip
        rationale = show.widget(st.text_area, "Rationale (why this value)")
        reasoning = show.widget(
            st.text_area, "Reasoning (where the value goes beyond what the quote states)",
            help="Leave empty when the quote states the value",
        )  # fmt: skip
        if show.widget(st.form_submit_button, "Add the value", type="primary"):
            if tp is None or value is None:
                _problems([Problem("form", 1, "", "choose a third party and a value")])
                return
            made = coding.ValueCoding(tp, side, dim, first, last, value, confidence, rationale,
                                      quote, reasoning or None)  # fmt: skip
            done = f"Added: {parties[tp]} / {sides[side]} / {dims[dim]} / {made.entry()['years']}"
            _report(_commit(ds, who, coding.add_value(who.files, made), done))


def _event_form(ds: Dataset, who: Coder, key: str, quote: str) -> None:
    parties = {tp.id: tp.name for tp in ds.third_parties}
    sides = {a.id: a.name for a in ds.meta.actors}
    categories = {c.id: c.name for c in ds.meta.event_categories}
    tiers = {None: "No tier", **{t.id: t.title for t in ds.strategy.tiers}}
    with st.form(f"event_form_{key}"):
        left, right = st.columns(2)
        title = show.widget(left.text_input, "Title")
        ident = show.widget(right.text_input, "Id (lower case, hyphens)",
                            help="e.g. talks-open; unique among the events")  # fmt: skip
        left, right = st.columns(2)
        date = show.widget(left.text_input, "Date (YYYY-MM-DD, YYYY-MM or YYYY)")
        precision = show.widget(right.selectbox, "Precision", ["day", "month", "year"])
        description = show.widget(st.text_area, "Description")
        left, right = st.columns(2)
        actors = show.widget(left.multiselect, "Sides involved", list(sides),
                             format_func=sides.get)  # fmt: skip
        involved = show.widget(right.multiselect, "Third parties involved", list(parties),
                               format_func=parties.get)  # fmt: skip
        left, right = st.columns(2)
        category = show.widget(left.selectbox, "Category", list(categories),
                               format_func=categories.get)  # fmt: skip
        tier = show.widget(right.selectbox, "Tier", list(tiers), format_func=tiers.get)
        left, right = st.columns(2)
        basis = show.widget(left.radio, "Basis", ["stated", "context"], horizontal=True)
        note = show.widget(right.text_input, "Date note (where the date comes from)")
        if show.widget(st.form_submit_button, "Add the event", type="primary"):
            made = coding.EventCoding(ident.strip(), date.strip(), precision, title,
                                      description, tuple(actors), tuple(involved), category,
                                      tier, basis, quote, note or None)  # fmt: skip
            _report(_commit(ds, who, coding.add_event(who.files, made), f"Added: {title}"))


def _action_form(ds: Dataset, who: Coder, key: str, quote: str) -> None:
    goals = {(t.id, g.id): f"{t.title} / {g.title}" for t in ds.strategy.tiers for g in t.goals}
    if not goals:
        show.caption("The strategy has no goal to add an action to.")
        return
    parties = {tp.id: tp.name for tp in ds.third_parties}
    events = {e.id: e.title for e in ds.events}
    with st.form(f"action_form_{key}"):
        where = show.widget(st.selectbox, "Tier and goal", list(goals), format_func=goals.get)
        left, right = st.columns(2)
        title = show.widget(left.text_input, "Title")
        ident = show.widget(right.text_input, "Id (lower case, hyphens)",
                            help="unique among the actions and counter-moves")  # fmt: skip
        left, right = st.columns(2)
        date = show.widget(left.text_input, "Date (YYYY-MM-DD, YYYY-MM or YYYY; empty: none)")
        precision = show.widget(right.selectbox, "Precision", [None, "day", "month", "year"],
                                format_func=lambda p: p or "none")  # fmt: skip
        left, right = st.columns(2)
        linked = show.widget(left.multiselect, "Events", list(events), format_func=events.get)
        involved = show.widget(right.multiselect, "Third parties", list(parties),
                               format_func=parties.get)  # fmt: skip
        left, right = st.columns(2)
        status = show.widget(left.selectbox, "Outcome", list(STATUSES),
                             format_func=status_label)  # fmt: skip
        judged = show.widget(right.selectbox, "Judged in", list(reversed(ds.meta.years)))
        rationale = show.widget(st.text_area, "Why this outcome")
        note = show.widget(st.text_input, "Date note (where the date comes from, or why none)")
        if show.widget(st.form_submit_button, "Add the action", type="primary"):
            made = coding.ActionCoding(where[0], where[1], ident.strip(), title,
                                       date.strip() or None, precision, tuple(linked),
                                       tuple(involved), quote, status, judged, rationale,
                                       quote, note or None)  # fmt: skip
            _report(_commit(ds, who, coding.add_action(who.files, made), f"Added: {title}"))
