"""An analyst codes from the source, in the browser, as a user would: three values, an event and
a strategy action, each quoting a sentence (or a run of its words) picked on "The source,
coded", written into a copy of the shipped data; then the data passes validate, check-quotes
and check-evidence, and the YAML files differ from before only by the new entries."""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from components.export.screenshot import wait_drawn
from components.export.serve import free_port, running_app
from tests.conftest import ROOT, SHIPPED, SOURCE
from tests.e2e.test_browser import choose, settle

pytestmark = pytest.mark.skipif(
    not SOURCE.exists(), reason="the source article (../shared/sources) is absent"
)
FILES = ("third_parties.yaml", "events.yaml", "strategy.yaml", "meta.yaml", "scenes.yaml")


def _open(page, number: int) -> None:  # noqa: ANN001
    header = page.get_by_text(f"Code a passage of paragraph {number}", exact=True)
    header.scroll_into_view_if_needed()
    header.click()
    settle(page)


def _pick(page, label: str, option: str) -> None:  # noqa: ANN001
    """Pick an option of a select box that starts empty, by typing and clicking it. Typed
    again if its list did not open: a clean clone's run once typed into a box a rerun was
    replacing, and the option never showed."""
    box = page.get_by_test_id("stSelectbox").filter(has_text=label)
    choice = page.get_by_role("option").filter(has_text=option).first
    for _ in range(3):
        box.locator("input").click()
        page.keyboard.press("Control+A")  # what an earlier try typed, replaced
        page.keyboard.type(option)
        try:
            choice.wait_for(timeout=10_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    choice.click()


def _close(page, number: int) -> None:  # noqa: ANN001
    page.get_by_text(f"Code a passage of paragraph {number}", exact=True).click()
    settle(page)


def _value(page, party: str, side: str, dimension: str, value: str, why: str) -> None:  # noqa: ANN001
    _pick(page, "Third party", party)
    choose(page, "Side", side)
    choose(page, "Dimension", dimension)
    _pick(page, "Value", value)
    page.get_by_role("textbox", name="Rationale (why this value)", exact=True).fill(why)
    page.get_by_role("button", name="Add the value").click()
    settle(page)
    page.get_by_text(f"Added: {party} / ").wait_for()


def test_an_analyst_codes_three_values_an_event_and_an_action_from_the_source(chromium, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data)
    before = {name: (data / name).read_text(encoding="utf-8") for name in FILES}
    env = {"TUGOFWAR_CODING": "files", "TUGOFWAR_STATE_DIR": str(tmp_path / "state")}
    with running_app(free_port(), data=str(data), env=env) as server:
        page = chromium.new_context(viewport={"width": 1600, "height": 1000}).new_page()
        page.goto(f"{server.url}/source")
        wait_drawn(page)
        _open(page, 11)
        choose(page, "Sentence", "3. Two months earlier")
        # a run of the sentence's words: the last word left out (the slider's end, by keyboard)
        words = page.get_by_test_id("stSlider").filter(has_text="Words of the sentence")
        words.get_by_role("slider").nth(1).focus()
        page.keyboard.press("ArrowLeft")
        settle(page)
        quote = "Two months earlier, Ghani had urged the UN to add Taliban leader Mullah "
        page.get_by_text(f"Quote: \u201c{quote}").wait_for()
        _value(page, "United Nations", "Government of Afghanistan", "Security and military",
               "+1 Contact", "Ghani turned to the UN against the Taliban's leader.")  # fmt: skip
        _value(page, "United Nations", "The Taliban", "Security and military", "-1 Strained",
               "The UN is asked to sanction the Taliban's leader.")  # fmt: skip
        _close(page, 11)
        _open(page, 16)
        choose(page, "Sentence", "2. The National Unity Government")
        _value(page, "NATO", "Government of Afghanistan", "Economic", "+2 Working relations",
               "Strategic agreements signed at once.")  # fmt: skip
        # an event, from paragraph 11's second sentence
        _close(page, 16)
        _open(page, 11)
        choose(page, "Sentence", "2. In the trilateral")
        page.get_by_test_id("stRadio").filter(has_text="Code it as").get_by_text("an event").click()
        settle(page)
        page.get_by_role("textbox", name="Title", exact=True).fill("Moscow meeting on sanctions")
        page.get_by_role("textbox", name="Id (lower case, hyphens)", exact=True).fill(
            "moscow-sanctions-meeting"
        )
        page.get_by_role("textbox", name="Date (YYYY-MM-DD, YYYY-MM or YYYY)", exact=True).fill(
            "2016-12"
        )
        choose(page, "Precision", "month")
        page.get_by_role("textbox", name="Description", exact=True).fill(
            "Russia, China and Pakistan meet in Moscow."
        )
        choose(page, "Third parties involved", "Russia", widget="stMultiSelect")
        choose(page, "Category", "conference")
        page.get_by_role("button", name="Add the event").click()
        settle(page)
        page.get_by_text("Added: Moscow meeting on sanctions").wait_for()
        # a strategy action, from paragraph 21's first sentence
        _close(page, 11)
        _open(page, 21)
        choose(page, "Sentence", "1. After strengthening")
        page.get_by_test_id("stRadio").filter(has_text="Code it as").get_by_text(
            "a strategy action"
        ).click()
        settle(page)
        page.get_by_role("textbox", name="Title", exact=True).fill("Support sought from the region")
        page.get_by_role("textbox", name="Id (lower case, hyphens)", exact=True).fill(
            "region-support-sought"
        )
        page.get_by_role(
            "textbox", name="Date note (where the date comes from, or why none)", exact=True
        ).fill("The article gives no date.")
        page.get_by_role("textbox", name="Why this outcome", exact=True).fill(
            "The article does not judge it."
        )
        choose(page, "Outcome", "Not judged")
        page.get_by_role("button", name="Add the action").click()
        settle(page)
        page.get_by_text("Added: Support sought from the region").wait_for()

    for command in ("validate", "check-quotes", "check-evidence"):
        result = subprocess.run(
            [sys.executable, "-m", "components", "--data", str(data), command],
            capture_output=True, text=True, cwd=ROOT,
        )  # fmt: skip
        assert result.returncode == 0, (command, result.stdout, result.stderr)
    added: dict[str, list[str]] = {}
    for name, old in before.items():
        new = (data / name).read_text(encoding="utf-8")
        matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
        changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
        old_lines, new_lines = old.splitlines(), new.splitlines()
        for kind, i1, i2, j1, _j2 in changes:  # nothing else touched: lines added, and where a
            # dimension was `null` (not coded), its key now holding the new list
            if kind != "insert":
                assert kind == "replace" and i2 == i1 + 1, (name, old_lines[i1:i2])
                assert old_lines[i1].endswith(": null")
                assert new_lines[j1] == old_lines[i1].removesuffix(" null")
        added[name] = [line for op in changes for line in new_lines[op[3] : op[4]]]
    assert not added["meta.yaml"] and not added["scenes.yaml"]
    values = "\n".join(added["third_parties.yaml"])
    assert values.count("quote: ") == 3 and "value: -1" in values and "value: 2" in values
    assert f"quote: {quote}".rstrip() in values  # the run of words, not the whole sentence
    assert "id: moscow-sanctions-meeting" in "\n".join(added["events.yaml"])
    assert "id: region-support-sought" in "\n".join(added["strategy.yaml"])
    backups = sorted(p.name for p in data.iterdir() if ".bak" in p.name)
    assert {b.split(".")[0] for b in backups} == {"third_parties", "events", "strategy"}
