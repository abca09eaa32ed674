"""The reconcile page: a second coding beside this one, every disagreement with both codings'
evidence and three choices; the decisions as the file `tugofwar reconcile` applies (read back
by it), and the session going on with the reconciled dataset."""

from __future__ import annotations

import html

import pytest
from streamlit.testing.v1 import AppTest

from components.analysis import reconcile
from components.dataset.files import DataFiles, read_directory
from components.dataset.load import load_dataset, load_files
from components.web.reconcile_form import SECOND
from components.web.uploads import SESSION_UPLOAD
from tests.conftest import ROOT, SHIPPED

SECOND_CODING = ROOT / "reliability" / "second-coding"
pytestmark = pytest.mark.skipif(not SECOND_CODING.is_dir(), reason="no second coding here")


def _page(monkeypatch) -> AppTest:  # noqa: ANN001
    monkeypatch.setenv("TUGOFWAR_DATA", str(SHIPPED))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page("app_pages/reconcile.py")
    at.run()
    at.session_state[SECOND] = read_directory(SECOND_CODING)
    return at.run()


def test_every_disagreement_with_both_codings_and_the_decisions_file(monkeypatch):
    at = _page(monkeypatch)
    assert not at.exception and not at.error
    runs, agreed = reconcile.disagreements(load_dataset(SHIPPED), load_dataset(SECOND_CODING))
    assert [m.value for m in at.metric][:2] == [str(agreed), str(len(runs))]
    radios = [r for r in at.radio if r.label == "Decision"]
    assert len(radios) == len(runs) == 12  # fewer than a page: all drawn
    first = runs[0]
    shown = " ".join(html.unescape(m.value) for m in at.markdown)
    assert first.b.quote in shown  # the second coding's evidence beside this one's
    # decide: keep A's, take B's, a new value with its reason, the rest undecided
    at.session_state[f"decide_{runs[0].id}"] = "A"
    at.session_state[f"decide_{runs[1].id}"] = "B"
    at.session_state[f"decide_{runs[2].id}"] = "value"
    at.run()
    at.session_state[f"decide_{runs[2].id}_value"] = 0
    at.session_state[f"decide_{runs[2].id}_reason"] = "Neither reading holds."
    at.run()
    assert [m.value for m in at.metric][2] == "3"
    [file] = [b for b in at.get("download_button") if "decisions" in b.proto.label]
    assert file.proto.url  # the file is served (its bytes are checked through the module)
    decided = {run.id: reconcile.Decision(run, None) for run in runs}
    decided[runs[0].id] = reconcile.Decision(runs[0], "A")
    decided[runs[1].id] = reconcile.Decision(runs[1], "B")
    decided[runs[2].id] = reconcile.Decision(runs[2], "value", 0, "Neither reading holds.")
    a, b = load_dataset(SHIPPED), load_dataset(SECOND_CODING)
    text = reconcile.decisions_text(a, b, runs, ("a", "b"), decided)
    read = reconcile.read_decisions(text.encode(), "decisions.yaml", a, runs)
    assert [(d.choice, d.value, d.reason) for d in read[:4]] == [
        ("A", None, None), ("B", None, None), ("value", 0, "Neither reading holds."),
        (None, None, None),
    ]  # fmt: skip
    assert not any(b.label.startswith("Use the reconciled") for b in at.button)  # 9 pending


def test_once_every_one_is_decided_the_session_goes_on_with_the_reconciled_dataset(monkeypatch):
    at = _page(monkeypatch)
    runs, _ = reconcile.disagreements(load_dataset(SHIPPED), load_dataset(SECOND_CODING))
    for run in runs:
        at.session_state[f"decide_{run.id}"] = "B"
    at.run()
    [use] = [b for b in at.button if b.label == "Use the reconciled dataset in this session"]
    at = use.click().run()
    assert not at.exception and not at.error
    assert html.unescape(at.success[0].value).startswith("This session now shows the reconciled")
    mine = at.session_state[SESSION_UPLOAD]
    assert isinstance(mine, DataFiles)
    merged = load_files(mine)
    assert reconcile.disagreements(merged, load_dataset(SECOND_CODING))[0] == []  # all B's now
    entries = reconcile.entries(merged)
    for run in runs:  # each decided cell's entry says how it was decided
        entry = entries.get((run.third_party, run.side, run.dimension, run.first))
        if run.b is not None:
            assert entry is not None and "(B)" in (entry.adjudication or ""), run.id
