"""Two codings reconciled on a page: a second coding of the same source uploaded beside this
one, every disagreement (a run of years over which neither coding's entry changes, as
`tugofwar reconcile` counts them) with both codings' evidence side by side and three choices:
keep this coding's value, take the second's, or a new value with a reason. The decisions
download as the file `tugofwar reconcile A B --out C --decisions FILE` applies; this session
can also go on with the reconciled dataset (its own copy, downloadable).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.analysis import reconcile
from components.core.escape import Markdown, markup
from components.dataset.errors import DatasetError
from components.dataset.files import DataFiles, read_upload, to_zip
from components.dataset.load import load_files
from components.dataset.models import Dataset, Rating
from components.web import show
from components.web.uploads import SESSION_UPLOAD

SECOND = "_tow_second_coding"  # this session's second coding (DataFiles), if any
PER_PAGE = 15  # disagreements drawn at once
NEW = "value"
_DONE = "_tow_reconciled"


def _uploaded() -> None:
    given = st.session_state.get("second_coding_upload") or []
    st.session_state[SECOND] = read_upload((f.name, f.getvalue()) for f in given)


def second_coding() -> Dataset | None:
    """The uploader for the second coding, and the second coding once it loads (its problems
    shown, FILE:LINE, where it does not)."""
    show.widget(
        st.file_uploader, "The second coding (ZIP or YAML files)", type=["zip", "yaml", "yml"],
        accept_multiple_files=True, key="second_coding_upload", on_change=_uploaded,
        help="A coding of the same source in the same format, e.g. from tugofwar init",
    )  # fmt: skip
    files = st.session_state.get(SECOND)
    if not isinstance(files, DataFiles):
        return None
    try:
        return load_files(files)
    except DatasetError as exc:
        show.error(markup("{} is not a valid dataset:", files.origin))
        st.code("\n".join(str(p) for p in exc.problems[:50]), language=None, wrap_lines=True)
        return None


def _label(ds: Dataset) -> Any:
    labels = {level.value: level.label for level in ds.meta.scale.levels}
    return lambda v: "not coded" if v is None else f"{v:+d} {labels.get(v, '')}".replace("+0", "0")


def _evidence(where: Any, title: str, entry: Rating | None, shown: Any) -> None:
    show.markdown(markup("**{}**: {}", title, shown(entry.value if entry else None)), where=where)
    if entry is None:
        show.caption("No entry for these years.", where=where)
        return
    if entry.quote:
        show.markdown(markup("\u201c{}\u201d", entry.quote), where=where)
    for name, text in (("Rationale", entry.rationale), ("Reasoning", entry.reasoning)):
        if text:
            show.caption(markup("{}: {}", name, text), where=where)
    if entry.confidence:
        show.caption(markup("Confidence: {}", entry.confidence), where=where)


def decisions(a: Dataset, b: Dataset, names: tuple[str, str]) -> None:
    """Every disagreement with its choices, then the decisions file and the reconciled
    dataset."""
    problems = reconcile.frame_problems(a, b)
    if problems:
        show.error(Markdown("These two cannot be reconciled:\n\n") + Markdown("\n").join(
            markup("- {}", p) for p in problems))  # fmt: skip
        return
    runs, agreed = reconcile.disagreements(a, b)
    shown = _label(a)
    parties = {tp.id: tp.name for tp in a.third_parties}
    sides = {x.id: x.short_name for x in a.meta.actors}
    dims = {"overall": "Overall", **{d.id: d.name for d in a.meta.dimensions}}
    made = {run.id: _decision(run) for run in runs}
    left, middle, right = st.columns(3)
    show.metric("Cells both code alike", agreed, where=left, border=True)
    show.metric("Disagreements", len(runs), where=middle, border=True,
                help="Runs of years over which neither coding's entry changes")  # fmt: skip
    show.metric("Decided", sum(d.choice is not None for d in made.values()), where=right,
                border=True)  # fmt: skip
    if not runs:
        show.success("The two codings agree on every value.")
        return
    pages = (len(runs) + PER_PAGE - 1) // PER_PAGE
    page = 0
    if pages > 1:
        page = show.widget(
            st.selectbox, "Disagreements", list(range(pages)), key="reconcile_page",
            format_func=lambda k: f"{k * PER_PAGE + 1}-{min(len(runs), (k + 1) * PER_PAGE)} "
            f"of {len(runs)}",
        )  # fmt: skip
    for run in runs[page * PER_PAGE : (page + 1) * PER_PAGE]:
        with st.container(border=True):
            show.markdown(markup("**{} / {} / {} / {}**", parties.get(run.third_party,
                          run.third_party), sides.get(run.side, run.side),
                          dims.get(run.dimension, run.dimension), run.years))  # fmt: skip
            first, second = st.columns(2)
            _evidence(first, "A, this coding", run.a, shown)
            _evidence(second, "B, the second coding", run.b, shown)
            _choices(a, run, shown)
    made = {run.id: _decision(run) for run in runs}
    text = reconcile.decisions_text(a, b, runs, names, made)
    show.download_button(
        "Download the decisions (decisions.yaml)", text.encode("utf-8"),
        file_name="decisions.yaml", mime="application/x-yaml", key="decisions_file",
        help="For tugofwar reconcile A B --out C --decisions decisions.yaml",
    )  # fmt: skip
    _use(a, made)


def _key(run: reconcile.Run) -> str:
    return f"decide_{run.id}"


def _choices(a: Dataset, run: reconcile.Run, shown: Any) -> None:
    options = [None, "A", "B", NEW]
    words = {None: "Not decided yet", "A": f"Keep A's: {shown(run.a_value)}",
             "B": f"Take B's: {shown(run.b_value)}", NEW: "A new value"}  # fmt: skip
    choice = show.widget(st.radio, "Decision", options, key=_key(run), horizontal=True,
                         format_func=words.get)  # fmt: skip
    if choice == NEW:
        left, right = st.columns([1, 2])
        scale = sorted(level.value for level in a.meta.scale.levels)
        show.widget(left.selectbox, "New value", scale, format_func=shown,
                    key=f"{_key(run)}_value")  # fmt: skip
        show.widget(right.text_input, "Reason (required for a new value)",
                    key=f"{_key(run)}_reason")  # fmt: skip
    elif choice is not None:
        show.widget(st.text_input, "Reason (optional)", key=f"{_key(run)}_reason")


def _decision(run: reconcile.Run) -> reconcile.Decision:
    """The run's decision as its widgets hold it (across pages of the list)."""
    choice = st.session_state.get(_key(run))
    reason = (st.session_state.get(f"{_key(run)}_reason") or "").strip() or None
    value = st.session_state.get(f"{_key(run)}_value") if choice == NEW else None
    return reconcile.Decision(run, choice, value, reason)


def _use(a: Dataset, made: dict[str, reconcile.Decision]) -> None:
    """This session goes on with the reconciled dataset: this one with the decided values."""
    pending = sum(d.choice is None for d in made.values())
    missing = [d.run.id for d in made.values() if d.choice == NEW and not d.reason]
    if pending or missing:
        show.caption(
            f"{pending} not decided yet" + (f"; a reason is missing for {', '.join(missing)}"
                                            if missing else "")
            + ": decide every one to go on with the reconciled dataset here."
        )  # fmt: skip
        return
    if not show.button("Use the reconciled dataset in this session", type="primary",
                       key="use_reconciled"):  # fmt: skip
        return
    upload = st.session_state.get(SESSION_UPLOAD)
    base = upload.files if isinstance(upload, DataFiles) else a.files
    text = reconcile.merged_third_parties(a, list(made.values()), "decisions.yaml")
    files = DataFiles("reconciled", {**base, "third_parties.yaml": text.encode("utf-8")},
                      texts=upload.texts if isinstance(upload, DataFiles) else {})  # fmt: skip
    try:
        load_files(files)
    except DatasetError as exc:
        show.error(Markdown("The reconciled dataset is not valid:"))
        st.code("\n".join(str(p) for p in exc.problems[:50]), language=None, wrap_lines=True)
        return
    st.session_state[SESSION_UPLOAD] = files
    st.session_state[_DONE] = True
    st.rerun()


def done() -> None:
    """Once the session goes on with a reconciled dataset: say so, and offer it."""
    if not st.session_state.pop(_DONE, False):
        return
    upload = st.session_state.get(SESSION_UPLOAD)
    show.success("This session now shows the reconciled dataset (this page compares it with the "
                 "second coding again).")  # fmt: skip
    if isinstance(upload, DataFiles):
        show.download_button("Download the reconciled dataset (ZIP)", to_zip(upload.files),
                             file_name="reconciled.zip", mime="application/zip",
                             key="reconciled_zip")  # fmt: skip
