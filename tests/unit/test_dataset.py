"""The loader and validator: the shipped data passes, each kind of failure is named and located."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from components.dataset.errors import DatasetError, Problem
from components.dataset.files import MAX_FILE_BYTES
from components.dataset.load import load_dataset
from tests.conftest import INVALID, MINI, SHIPPED, replace_in

pytestmark = pytest.mark.unit


def problems_for(directory: Path) -> list[Problem]:
    with pytest.raises(DatasetError) as info:
        load_dataset(directory)
    return info.value.problems


def break_mini(tmp_path: Path, case: str) -> Path:
    """The mini dataset with the files of one failure fixture dropped over it."""
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    for broken in (INVALID / case).iterdir():
        shutil.copy(broken, target / broken.name)
    return target


def test_shipped_dataset_validates():
    ds = load_dataset(SHIPPED)
    assert len(ds.third_parties) >= 17
    countries = [tp for tp in ds.third_parties if tp.kind == "country"]
    organisations = [tp for tp in ds.third_parties if tp.kind == "organisation"]
    assert len(countries) >= 13 and len(organisations) >= 4
    assert len(ds.events) >= 25
    assert [t.number for t in ds.strategy.tiers] == [1, 2, 3]


def test_mini_fixture_validates():
    assert load_dataset(MINI).meta.title == "Mini case"


# (case, file, line, field path, words the message must contain)
CASES = [
    ("yaml_syntax", "events.yaml", 8, "", "YAML syntax error"),
    ("wrong_type", "events.yaml", 8, "events[0].third_parties", "expected a list"),
    ("missing_field", "events.yaml", 13, "events[1].quote", "required field is missing"),
    (
        "off_scale",
        "third_parties.yaml",
        11,
        "third_parties[0].relations.kabul.overall[0].value",
        "5 is not on the scale (allowed: -1, 0, 1, or null)",
    ),
    (
        "unknown_reference",
        "events.yaml",
        19,
        "events[1].third_parties[0]",
        "unknown third party 'atlantis' (allowed: china)",
    ),
    ("duplicate_id", "events.yaml", 13, "events[1].id", "duplicate event id 'china-visit'"),
    (
        "duplicate_key",
        "events.yaml",
        6,
        "events[0].title",
        "duplicate key 'title' (first given at line 5",
    ),
    ("date_out_of_range", "events.yaml", 14, "events[1].date", "2017-01 is outside 2013-2016"),
    (
        "python_tag",
        "events.yaml",
        5,
        "events[0].title",
        "tag !!python/object/apply:os.system is not allowed",
    ),
    ("empty_file", "events.yaml", 1, "", "file is empty"),
    ("non_utf8", "events.yaml", 3, "", "byte 0xe9 is not valid UTF-8"),
    ("alias_bomb", "events.yaml", 2, "", "YAML alias *a is not allowed"),
    ("wrong_shape", "strategy.yaml", 2, "", "expected a mapping at the top level"),
    (
        "no_evidence",
        "third_parties.yaml",
        10,
        "third_parties[0].relations.kabul.overall[0].quote",
        "a coded value needs evidence",
    ),
    (
        "year_gap",
        "third_parties.yaml",
        9,
        "third_parties[0].relations.kabul.overall",
        "no entry for 2016",
    ),
    (
        "precision_mismatch",
        "events.yaml",
        3,
        "events[0].date",
        "'2014-10' does not match precision 'day' (write YYYY-MM-DD)",
    ),
]


def test_every_fixture_has_a_case():
    assert sorted(p.name for p in INVALID.iterdir()) == sorted(c[0] for c in CASES)


@pytest.mark.parametrize(
    ("case", "file", "line", "path", "words"), CASES, ids=[c[0] for c in CASES]
)
def test_failure_is_named_and_located(tmp_path, case, file, line, path, words):
    problems = problems_for(break_mini(tmp_path, case))
    matching = [p for p in problems if p.file == file and p.line == line and p.path == path]
    assert matching, f"no problem at {file}:{line}: {path}; got:\n" + "\n".join(map(str, problems))
    assert any(words in p.message for p in matching), [str(p) for p in matching]
    # the report line is FILE:LINE: field.path: message
    shown = str(matching[0])
    assert shown.startswith(f"{file}:{line}: {path or '(document)'}: ")


def test_python_tag_is_not_executed(tmp_path):
    marker = Path("/tmp/tugofwar-pwned")
    marker.unlink(missing_ok=True)
    problems_for(break_mini(tmp_path, "python_tag"))
    assert not marker.exists()


@pytest.mark.timing
def test_alias_bomb_is_refused_quickly(tmp_path):
    start = time.perf_counter()
    problems_for(break_mini(tmp_path, "alias_bomb"))
    assert time.perf_counter() - start < 0.5


def test_oversized_file_is_refused_before_parsing(mini_copy):
    big = mini_copy / "events.yaml"
    big.write_text("events:\n" + "# padding\n" * (MAX_FILE_BYTES // 10 + 1), encoding="utf-8")
    [problem] = problems_for(mini_copy)
    assert (problem.file, problem.line) == ("events.yaml", 1)
    assert "over the limit" in problem.message


def test_all_shape_problems_are_reported_at_once(mini_copy):
    replace_in(mini_copy / "events.yaml", "precision: month", "precision: weekly")
    replace_in(mini_copy / "third_parties.yaml", "kind: country", "kind: empire")
    replace_in(mini_copy / "strategy.yaml", "status: partial", "status: maybe")
    problems = problems_for(mini_copy)
    assert {p.file for p in problems} == {"events.yaml", "third_parties.yaml", "strategy.yaml"}
    statuses = [p for p in problems if p.path.endswith("outcome.status")]
    assert (
        "'maybe' is not allowed (allowed: 'achieved', 'partial', 'stalled', 'reversed' or "
        "'not-judged')" in statuses[0].message
    )


def test_all_cross_file_problems_are_reported_at_once(mini_copy):
    replace_in(mini_copy / "events.yaml", "third_parties: [china]", "third_parties: [atlantis]")
    replace_in(mini_copy / "third_parties.yaml", "value: 1", "value: 9")
    replace_in(mini_copy / "strategy.yaml", "judged: 2016", "judged: 2020")
    problems = problems_for(mini_copy)
    assert {p.file for p in problems} == {"events.yaml", "third_parties.yaml", "strategy.yaml"}


def test_unknown_field_lists_the_allowed_ones(mini_copy):
    replace_in(
        mini_copy / "events.yaml", "    basis: context", "    basis: context\n    colour: red"
    )
    [problem] = problems_for(mini_copy)
    assert problem.path == "events[0].colour"
    assert problem.line == 12
    assert "unknown field (allowed: id, date, precision" in problem.message


def test_missing_file_is_named(mini_copy):
    (mini_copy / "strategy.yaml").unlink()
    [problem] = problems_for(mini_copy)
    assert problem.file == "strategy.yaml" and "file not found" in problem.message


def test_counter_move_must_name_a_known_tier(mini_copy):
    replace_in(mini_copy / "strategy.yaml", "    tier: tier-1", "    tier: tier-9")
    [problem] = problems_for(mini_copy)
    assert problem.path == "counter_moves[0].tier"
    assert "unknown tier 'tier-9'" in problem.message


def test_action_must_link_known_events(mini_copy):
    replace_in(mini_copy / "strategy.yaml", "events: [china-visit]", "events: [nowhere]")
    [problem] = problems_for(mini_copy)
    assert problem.path == "tiers[0].goals[0].actions[0].events[0]"
    assert "unknown event 'nowhere'" in problem.message


def test_null_date_needs_a_note(mini_copy):
    replace_in(mini_copy / "strategy.yaml", "    date_note: Undated.\n", "")
    [problem] = problems_for(mini_copy)
    assert problem.path == "counter_moves[0].date_note"


def test_inferred_value_needs_reasoning(mini_copy):
    replace_in(
        mini_copy / "third_parties.yaml", "            reasoning: Silence in the article.\n", ""
    )
    [problem] = problems_for(mini_copy)
    assert problem.path == "third_parties[0].relations.taliban.overall[0].reasoning"


def test_overlapping_years_are_refused(mini_copy):
    replace_in(
        mini_copy / "third_parties.yaml",
        "          - years: 2016\n",
        "          - years: 2015-2016\n",
    )
    problems = problems_for(mini_copy)
    assert any("year 2015 is already given in entry [0]" in p.message for p in problems)


def test_dates_stay_text_and_are_not_turned_into_datetimes():
    ds = load_dataset(SHIPPED)
    assert all(isinstance(e.date, str) for e in ds.events)


def test_unquoted_date_is_read_as_text_not_a_timestamp(mini_copy):
    replace_in(mini_copy / "events.yaml", 'date: "2016-12"', "date: 2016-12-27")
    replace_in(
        mini_copy / "events.yaml",
        "precision: month\n    title: Moscow",
        "precision: day\n    title: Moscow",
    )
    ds = load_dataset(mini_copy)
    assert ds.events[1].date == "2016-12-27"


def test_country_needs_iso_code(mini_copy):
    replace_in(mini_copy / "third_parties.yaml", "    iso3: CHN\n", "")
    [problem] = problems_for(mini_copy)
    assert problem.path == "third_parties[0].iso3" and "ISO 3166" in problem.message


def test_data_directory_from_environment(monkeypatch):
    from components.dataset.load import data_dir

    monkeypatch.setenv("TUGOFWAR_DATA", str(MINI))
    assert data_dir() == MINI
    assert load_dataset().meta.title == "Mini case"


def test_control_character_is_located(mini_copy):
    replace_in(mini_copy / "events.yaml", "title: Moscow trilateral", "title: Moscow\x07trilateral")
    [problem] = problems_for(mini_copy)
    assert (problem.file, problem.line) == ("events.yaml", 16)
    assert "U+0007" in problem.message


def test_format_errors_say_what_is_allowed_in_words(mini_copy):
    replace_in(mini_copy / "third_parties.yaml", "iso3: CHN", "iso3: chn")
    replace_in(mini_copy / "events.yaml", "id: china-visit", "id: China Visit")
    problems = {p.path: p.message for p in problems_for(mini_copy)}
    assert problems["third_parties[0].iso3"] == (
        "'chn' is not an ISO 3166 alpha-3 code (three capital letters, e.g. PAK)"
    )
    assert "is not a valid id (lowercase letters" in problems["events[0].id"]


def test_a_broken_file_does_not_hide_problems_in_the_others(mini_copy):
    replace_in(mini_copy / "events.yaml", "precision: month", "precision: weekly")
    replace_in(mini_copy / "third_parties.yaml", "value: 1", "value: 9")
    problems = problems_for(mini_copy)
    paths = {(p.file, p.path) for p in problems}
    assert ("events.yaml", "events[0].precision") in paths
    assert ("third_parties.yaml", "third_parties[0].relations.kabul.overall[0].value") in paths
    # the strategy's references into events.yaml are not checked while that file is broken
    assert not any("unknown event" in p.message for p in problems)
