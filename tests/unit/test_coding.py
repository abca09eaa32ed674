"""Coding from the source (analysis/coding.py): a paragraph's sentences and runs of words as
quotes, and the changes that add, change or remove a value, an event or an action; each change
applied as the page applies it (yaml_write.new_texts), then loaded and checked."""

from __future__ import annotations

import pytest

from components.analysis import coding
from components.dataset.errors import DatasetError
from components.dataset.files import DataFiles, read_directory
from components.dataset.load import load_files
from components.dataset.yaml_write import new_texts
from tests.conftest import SHIPPED, SOURCE

FILES = read_directory(SHIPPED)
PARAGRAPH = (
    "Rome met Carthage twice.  Its envoys said \u201cno more war.\u201d Then Numidia "
    "(a kingdom) came.\u00a0Was it 2.5 times larger? Yes"
)


def applied(changes: list) -> DataFiles:
    return DataFiles("test", {**FILES.files, **new_texts(FILES.files, changes)})


def test_a_paragraph_in_sentences_each_as_the_source_writes_it():
    found = coding.sentences(PARAGRAPH)
    assert [s.text for s in found] == [
        "Rome met Carthage twice.", "Its envoys said \u201cno more war.\u201d",
        "Then Numidia (a kingdom) came.", "Was it 2.5 times larger?", "Yes",
    ]  # fmt: skip
    assert all(PARAGRAPH[s.start : s.end] == s.text for s in found)
    assert coding.sentences("A heading without an end") == [
        coding.Sentence(0, 24, "A heading without an end")
    ]


def test_a_run_of_words_is_the_sources_words_with_its_spaces_as_one():
    sentence = "Then Numidia\u00a0(a kingdom)\n came."
    assert coding.words(sentence)[1] == "Numidia\u00a0(a"[:7]
    assert coding.passage(sentence, 1, 3) == "Numidia (a kingdom)"
    with pytest.raises(ValueError, match="not in a sentence of 5 words"):
        coding.passage(sentence, 2, 5)


def _value(ds, party: str, side: str, dimension: str) -> list:
    tp = next(t for t in ds.third_parties if t.id == party)
    return [(r.years, r.value) for r in (tp.relations.get(side, {}).get(dimension) or [])]


@pytest.mark.parametrize(
    ("party", "side", "dimension"),
    [
        ("un", "kabul", "security"),  # null: not coded
        ("usa", "kabul", "overall"),  # a list: the value goes after the others
    ],
)
def test_a_value_is_added_to_its_list_made_where_there_is_none(party, side, dimension):
    before = _value(load_files(FILES), party, side, dimension)
    made = coding.ValueCoding(party, side, dimension, 2014, 2016, 1, "low", "A reason.",
                              "The quote.", "Why beyond the quote.")  # fmt: skip
    if before:  # a year already coded: the dataset refuses a second value for it
        with pytest.raises(DatasetError, match="2014"):
            load_files(applied(coding.add_value(FILES, made)))
        return
    ds = load_files(applied(coding.add_value(FILES, made)))
    assert _value(ds, party, side, dimension) == [("2014-2016", 1)]
    entry = made.entry()
    assert entry == {"years": "2014-2016", "value": 1, "confidence": "low",
                     "rationale": "A reason.", "quote": "The quote.", "inferred": True,
                     "reasoning": "Why beyond the quote."}  # fmt: skip


def test_an_event_and_an_action_are_added_and_an_event_id_is_never_taken_twice():
    ds = load_files(FILES)
    event = coding.EventCoding("new-meeting", "2016-05", "month", "A meeting", "They met.",
                               ("kabul",), ("china",), ds.meta.event_categories[0].id, None,
                               "stated", "The quote.")  # fmt: skip
    tier, goal = ds.strategy.tiers[0], ds.strategy.tiers[0].goals[0]
    action = coding.ActionCoding(tier.id, goal.id, "new-action", "An action", None, None, (),
                                 ("china",), "The quote.", "not-judged", ds.meta.years[-1],
                                 "Not judged.", "The quote.", "No date given.")  # fmt: skip
    after = load_files(applied(coding.add_event(FILES, event) + coding.add_action(FILES, action)))
    assert after.events[-1].id == "new-meeting" and len(after.events) == len(ds.events) + 1
    assert after.strategy.tiers[0].goals[0].actions[-1].id == "new-action"
    taken = coding.EventCoding(ds.events[0].id, *list(vars(event).values())[1:])
    with pytest.raises(ValueError, match="there already"):
        coding.add_event(FILES, taken)


def test_codings_of_a_passage_are_found_changed_and_removed():
    quote = "The National Unity Government signed strategic agreements with the United States"
    found = list(coding.placed(FILES, f"... {quote} and NATO within 24 hours of its formation."))
    kinds = {item.kind for item in found}
    assert kinds == {"value", "event", "action"}
    value = next(item for item in found if item.kind == "value" and item.path[4] == "security")
    changed = load_files(applied(coding.replace(FILES, value, {**value.entry, "value": 2})))
    party = changed.third_parties[int(value.path[1])]
    assert party.relations[value.path[3]][value.path[4]][int(value.path[5])].value == 2
    removed = load_files(applied(coding.remove(FILES, value)))
    entries = removed.third_parties[int(value.path[1])].relations[value.path[3]][value.path[4]]
    assert value.entry["rationale"] not in [r.rationale for r in entries or []]
    overall = next(item for item in found if item.kind == "value" and item.path[4] == "overall")
    with pytest.raises(DatasetError, match="overall may not be null"):  # validate's rule
        load_files(applied(coding.remove(FILES, overall)))
    stale = coding.Placed(value.kind, value.label, value.file, value.path, {"value": 9})
    with pytest.raises(ValueError, match="changed since"):
        coding.remove(FILES, stale)


@pytest.mark.skipif(not SOURCE.exists(), reason="the source article (../shared/sources) is absent")
def test_a_coding_is_refused_for_what_it_brings_not_for_what_was_there():
    source = SOURCE.read_text(encoding="utf-8")
    ds = load_files(FILES)
    # a quote that does not name its third party (check-evidence), and one not in the source
    silent = coding.ValueCoding("china", "kabul", "economic", 2014, 2016, 1, "low", "r",
                                "Ghani has tried a three-tiered diplomatic strategy")  # fmt: skip
    made_up = coding.ValueCoding("china", "kabul", "economic", 2014, 2016, 1, "low", "r",
                                 "China and Ghani signed a treaty")  # fmt: skip
    for made, said in ((silent, "does not name"), (made_up, "not found verbatim")):
        after = load_files(applied(coding.add_value(FILES, made)))
        problems = coding.new_problems(ds, after, source)
        assert any(said in p.message for p in problems), problems
        assert all(p.path.startswith("third_parties[2].relations.kabul.economic") for p in problems)
    assert coding.new_problems(ds, ds, source) == []


@pytest.mark.parametrize(
    ("coded", "said"),
    [
        (
            coding.ValueCoding("atlantis", "kabul", "economic", 2014, 2016, 1, "low", "r", "q"),
            "no third party 'atlantis'",
        ),
        (coding.ValueCoding("china", "kabul", "economic", 2014, 2031, 1, "low", "r", "q"), "2031"),
        (coding.ValueCoding("china", "kabul", "economic", 2014, 2016, 9, "low", "r", "q"), "9"),
    ],
    ids=["unknown third party", "year outside the dataset", "value off the scale"],
)
def test_a_form_post_the_dataset_would_refuse_writes_nothing(tmp_path, coded, said):
    """What a crafted post could name (the form's own choices cannot): refused with validate's
    message (or the coding's own, for a third party there is no place for), nothing written."""
    from components.dataset.yaml_write import apply_changes
    from tests.hostile import copy_shipped

    data = copy_shipped(tmp_path / "data")
    before = {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()}
    with pytest.raises((DatasetError, ValueError)) as refused:
        apply_changes(data, coding.add_value(read_directory(data), coded))
    assert said in str(refused.value)
    assert {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()} == before


def test_a_written_file_keeps_its_permissions_and_the_backup_the_old_bytes(tmp_path):
    from components.dataset.yaml_write import apply_changes
    from tests.hostile import copy_shipped

    data = copy_shipped(tmp_path / "data")
    path = data / "events.yaml"
    path.chmod(0o644)
    before = path.read_bytes()
    made = coding.EventCoding("new-meeting", "2016-05", "month", "A meeting", "They met.",
                              ("kabul",), ("china",), "diplomacy", None, "stated", "q")  # fmt: skip
    applied = apply_changes(data, coding.add_event(read_directory(data), made))
    assert applied.written == (path,) and path.stat().st_mode & 0o777 == 0o644
    [backup] = applied.backups
    assert backup.read_bytes() == before and b"new-meeting" in path.read_bytes()
