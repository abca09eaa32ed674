"""The command line, run as a user runs it: exit codes, streams, round-trips."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from components.dataset.load import load_dataset
from components.dataset.models import Dataset
from tests.conftest import INVALID, ROOT, SHIPPED, SOURCE, replace_in

pytestmark = pytest.mark.unit


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "TUGOFWAR_DATA"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "components", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=full_env,
        timeout=120,
    )


def test_validate_shipped_exits_zero():
    result = cli("validate")
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout and result.stderr == ""


def test_validate_leaves_the_chart_libraries_unloaded():
    """A check of the YAML needs the parser and the models, not pandas, plotly or the export."""
    probe = (
        "import sys; from components.cli import main; rc = main(['validate']); "
        "print(rc, sorted(m for m in ('pandas', 'plotly', 'components.export', 'numpy') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0 []"


def test_validate_broken_exits_one_with_located_errors(mini_copy):
    replace_in(
        mini_copy / "events.yaml",
        "third_parties: [china]\n    category: diplomacy\n    tier: null",
        "third_parties: [atlantis]\n    category: diplomacy\n    tier: null",
    )
    result = cli("validate", str(mini_copy))
    assert result.returncode == 1
    assert (
        "events.yaml:19: events[1].third_parties[0]: unknown third party 'atlantis'"
        in result.stderr
    )
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_validate_hostile_file_has_no_traceback(mini_copy):
    (mini_copy / "events.yaml").write_bytes((INVALID / "non_utf8" / "events.yaml").read_bytes())
    result = cli("validate", str(mini_copy))
    assert result.returncode == 1
    assert "events.yaml:3:" in result.stderr and "Traceback" not in result.stderr


def test_bad_usage_exits_two():
    assert cli("frobnicate").returncode == 2
    assert cli("dump", "--format", "xml").returncode == 2


def test_data_option_and_environment_choose_the_directory(mini_copy):
    by_option = cli("--data", str(mini_copy), "validate")
    by_env = cli("validate", env={"TUGOFWAR_DATA": str(mini_copy)})
    after_command = cli("validate", "--data", str(mini_copy))
    for result in (by_option, by_env, after_command):
        assert result.returncode == 0, result.stderr
        assert str(mini_copy) in result.stdout and "1 third parties" in result.stdout


def test_dump_json_round_trips():
    result = cli("dump", "--format", "json")
    assert result.returncode == 0, result.stderr
    again = Dataset.model_validate(json.loads(result.stdout))
    assert again.model_dump() == load_dataset(SHIPPED).model_dump()


def test_dump_csv_is_long_form_with_evidence():
    result = cli("dump", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    ds = load_dataset(SHIPPED)
    per_tp = len(ds.meta.actors) * len(ds.meta.years) * (1 + len(ds.meta.dimensions))
    assert len(rows) == len(ds.third_parties) * per_tp
    usa_2016 = next(
        r
        for r in rows
        if (r["third_party"], r["actor"], r["year"], r["dimension"])
        == ("usa", "kabul", "2016", "overall")
    )
    assert usa_2016["value"] == "3" and usa_2016["confidence"] == "high"
    assert "strategic agreements" in usa_2016["quote"]
    for column in ("third_party", "actor", "year", "dimension", "value", "confidence", "quote"):
        assert column in rows[0]


def test_schema_writes_files_equal_to_the_committed_ones(tmp_path):
    result = cli("schema", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(p.name for p in (SHIPPED / "schema").iterdir())
    for name in written:
        assert json.loads((tmp_path / name).read_text()) == json.loads(
            (SHIPPED / "schema" / name).read_text()
        ), f"data/schema/{name} is stale: run `make schema`"


@pytest.mark.skipif(not SOURCE.exists(), reason="the source article (../shared/sources) is absent")
def test_check_quotes_passes_on_shipped_data():
    result = cli("check-quotes", "--source", str(SOURCE))
    assert result.returncode == 0, result.stderr
    assert "quotes found verbatim" in result.stdout


@pytest.mark.skipif(not SOURCE.exists(), reason="the source article (../shared/sources) is absent")
def test_check_quotes_reports_each_miss_with_its_location(shipped_copy):
    path = shipped_copy / "third_parties.yaml"
    original = "quote: Washington and the European Union continued to financially, militarily, and diplomatically support the NUG."  # noqa: E501
    line = path.read_text(encoding="utf-8").splitlines().index("            " + original) + 1
    replace_in(path, original, original.replace("Washington and", "Washington, and"))
    result = cli("--data", str(shipped_copy), "check-quotes", "--source", str(SOURCE))
    assert result.returncode == 1
    lines = [ln for ln in result.stderr.splitlines() if "not found verbatim" in ln]
    assert len(lines) == 1
    assert lines[0].startswith(
        f"third_parties.yaml:{line}: third_parties[0].relations.kabul.diplomatic[0].quote:"
    )


def test_check_quotes_missing_source_is_a_usage_error(tmp_path):
    result = cli("check-quotes", "--source", str(tmp_path / "nope.txt"))
    assert result.returncode == 2 and "cannot read the source text" in result.stderr


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "tugofwar"
    assert script.exists()
    result = subprocess.run([str(script), "validate"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_a_missing_data_directory_says_how_to_name_one(tmp_path):
    result = cli("validate", str(tmp_path / "nowhere"))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "data directory not found" in result.stderr
    assert "--data DIR" in result.stderr and "TUGOFWAR_DATA" in result.stderr


def test_diff_lists_each_change_and_nothing_for_a_copy(shipped_copy):
    same = cli("diff", str(SHIPPED), str(shipped_copy))
    assert same.returncode == 0 and same.stdout.strip() == "no changes"
    replace_in(
        shipped_copy / "third_parties.yaml",
        "rationale: Ties cooled after the Taliban rejected",
        "rationale: Ties froze after the Taliban rejected",
    )
    changed = cli("diff", str(SHIPPED), str(shipped_copy), "--format", "json")
    rows = json.loads(changed.stdout)
    assert {(r["entry"], r["field"]) for r in rows} == {
        (f"saudi-arabia / taliban / overall / {year}", "rationale") for year in (2014, 2015, 2016)
    }


def test_the_public_address_is_the_default_for_every_address_the_cli_stamps(monkeypatch):
    from components.cli import build_parser
    from components.core.routes import public_url

    monkeypatch.setenv("TUGOFWAR_PUBLIC_URL", "https://seminar.example.org/tow/")
    assert public_url() == "https://seminar.example.org/tow"
    parser = build_parser()
    for argv in (["export", "--out", "x"], ["screenshot", "--out", "x"], ["presenter"]):
        assert parser.parse_args(argv).base_url == "https://seminar.example.org/tow", argv
    for bad in ("javascript:alert(1)", "ftp://example.org", "https://x.org/?a=1", "seminar"):
        monkeypatch.setenv("TUGOFWAR_PUBLIC_URL", bad)
        assert public_url() is None, bad
        assert build_parser().parse_args(["export", "--out", "x"]).base_url == (
            "http://localhost:8501"
        )


def test_the_exports_sizes_are_the_canvases_the_stamp_draws():
    from components.cli import build_parser
    from components.export.stamp import SIZES

    action = next(a for a in build_parser()._subparsers._group_actions[0].choices["export"]._actions
                  if "--size" in a.option_strings)  # fmt: skip
    assert tuple(action.choices) == tuple(SIZES) and action.default == "16x9"
    result = cli("export", "--out", "x", "--format", "pptx", "--size", "a4")
    assert result.returncode == 2 and "--size goes with the pack" in result.stderr


def test_an_address_that_opens_only_on_this_machine_is_told_apart():
    from components.core.routes import is_local, local_address_warning

    for url in ("http://localhost:8501", "http://127.0.0.1:8501/x", "http://[::1]:8501",
                "http://0.0.0.0:8501", "http://seminar:8501"):  # fmt: skip
        assert is_local(url), url
        assert "TUGOFWAR_PUBLIC_URL" in local_address_warning(url)
    for url in ("https://seminar.example.org/tow", "http://10.0.0.5:8501", "http://[2001:db8::1]/"):
        assert not is_local(url), url
        assert local_address_warning(url) is None


# ---------------------------------------------------------------- scenes.yaml in the same pass


def test_validate_lists_the_problems_of_scenes_yaml_with_the_other_files(shipped_copy):
    """One error in third_parties.yaml and one in scenes.yaml: one run shows both (scenes.yaml
    was checked only once every other file was clean, so a user fixed them in two passes)."""
    replace_in(shipped_copy / "third_parties.yaml", "years: 2014-2016", "years: 20142016")
    replace_in(shipped_copy / "scenes.yaml", "page: overview", "page: overveiw")
    result = cli("validate", str(shipped_copy))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "'20142016' is not a year" in result.stderr
    assert "scenes.yaml:9: scenes[0].page: unknown page 'overveiw' (allowed: overview" in (
        result.stderr
    )
    assert result.stderr.startswith("2 problems in the dataset:")


def test_validate_lists_a_yaml_error_of_scenes_yaml_with_the_other_files(mini_copy):
    replace_in(
        mini_copy / "events.yaml",
        "third_parties: [china]\n    category: diplomacy\n    tier: null",
        "third_parties: [atlantis]\n    category: diplomacy\n    tier: null",
    )
    (mini_copy / "scenes.yaml").write_text(
        "scenes:\n  - id: one\n    title: A scene\n    page: overview\n"
        "    params: {year: 2015\n    prompt: Why?\n",
        encoding="utf-8",
    )
    result = cli("validate", str(mini_copy))
    assert result.returncode == 1
    assert "events.yaml:19: events[1].third_parties[0]: unknown third party" in result.stderr
    assert "scenes.yaml:5: (document): YAML syntax error: the mapping opened with {" in (
        result.stderr
    )


# ---------------------------------------------------------------- init's years and dimensions


def test_init_with_years_and_dimensions_writes_a_starter_that_passes_the_checks(tmp_path):
    target = tmp_path / "case"
    options = ["--years", "2015", "2016", "--dimensions", "Security", "Trade and aid"]
    result = cli("init", str(target), "--actors", "Saudi Arabia", "Iran", *options)
    assert result.returncode == 0, result.stderr
    meta = load_dataset(target).meta
    assert meta.years == [2015, 2016]
    assert [(d.id, d.name) for d in meta.dimensions] == [
        ("security", "Security"),
        ("trade-and-aid", "Trade and aid"),
    ]
    assert [level.value for level in meta.scale.levels] == [-2, -1, 0, 1, 2, 3]
    assert [level.label for level in meta.scale.levels][::5] == ["Hostile", "Close partnership"]
    for command in ("validate", "check-evidence"):
        checked = cli("--data", str(target), command)
        assert checked.returncode == 0, (command, checked.stderr)


def test_init_by_default_scores_two_years_and_one_dimension_on_the_full_scale(tmp_path):
    target = tmp_path / "case"
    assert cli("init", str(target), "--actors", "Rome", "Carthage").returncode == 0
    meta = load_dataset(target).meta
    assert meta.years == [2020, 2021] and [d.id for d in meta.dimensions] == ["diplomatic"]
    assert [level.value for level in meta.scale.levels] == [-2, -1, 0, 1, 2, 3]
    assert cli("--data", str(target), "check-evidence").returncode == 0


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--years", "1850"], "init --years: 1850 is not a year a dataset may score (allowed: "),
        (["--years", "2015", "2016", "2015"], "init --years: 2015 is given twice"),
        (["--dimensions", "Trade", "trade"], "init --dimensions: 'Trade' and 'trade' both make"),
        (["--dimensions", "Security", "?!"], "init --dimensions: '?!' makes no id"),
        (
            ["--dimensions", "Overall"],
            "init --dimensions: 'Overall' makes the id 'overall', which is reserved",
        ),
    ],
    ids=["year-out-of-range", "duplicate-year", "duplicate-dimension", "no-id", "reserved"],
)
def test_init_refuses_years_and_dimensions_a_dataset_cannot_have(tmp_path, options, words):
    target = tmp_path / "case"
    result = cli("init", str(target), "--actors", "A", "B", *options)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"tugofwar: {words}"), result.stderr
    assert not target.exists()


# ---------------------------------------------------------------- diff and agree, one broken


@pytest.mark.parametrize("command", ["diff", "agree"])
@pytest.mark.parametrize("position", ["first", "second"])
def test_diff_and_agree_say_which_dataset_is_broken(mini_copy, command, position):
    from tests.conftest import MINI

    replace_in(mini_copy / "third_parties.yaml", "years: 2015-2016", "years: 20152016")
    pair = (mini_copy, MINI) if position == "first" else (MINI, mini_copy)
    result = cli(command, str(pair[0]), str(pair[1]))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    name = {"diff": ("OLD", "NEW"), "agree": ("A", "B")}[command][position == "second"]
    head, *rest = result.stderr.splitlines()
    assert head == f"the {position} dataset ({name}, {mini_copy}) is not valid: 1 problem:"
    assert rest == [
        "third_parties.yaml:10: third_parties[0].relations.kabul.overall[0].years: '20152016' "
        "is not a year (2015) or a span (2014-2016)"
    ]
    assert result.stdout == ""


NEAR_MISS = (
    "Washington and the EU continued to financially, militarily and diplomatically support the NUG."  # noqa: E501
)
VERBATIM = "Washington and the European Union continued to financially, militarily, and diplomatically support the NUG."  # noqa: E501


@pytest.mark.skipif(not SOURCE.exists(), reason="the source article (../shared/sources) is absent")
def test_check_quotes_names_the_closest_passage_and_fix_puts_it_in_place(shipped_copy):
    path = shipped_copy / "third_parties.yaml"
    shipped = path.read_bytes()
    replace_in(path, VERBATIM, NEAR_MISS, count=-1)
    broken = path.read_bytes()
    result = cli("--data", str(shipped_copy), "check-quotes", "--source", str(SOURCE))
    misses = [ln for ln in result.stderr.splitlines() if "not found verbatim" in ln]
    assert result.returncode == 1 and len(misses) == shipped.count(VERBATIM.encode()) > 1
    assert all(f"the closest passage is paragraph 18, 94% alike: {VERBATIM!r}" in ln
               for ln in misses)  # fmt: skip
    # --fix without a terminal to ask on, and without --yes: shown, nothing changed
    result = cli("--data", str(shipped_copy), "check-quotes", "--source", str(SOURCE), "--fix")
    assert result.returncode == 1 and f"  + {VERBATIM}" in result.stdout
    assert "give --yes" in result.stderr and path.read_bytes() == broken
    # --fix --yes: the file as shipped, byte for byte, and the previous one kept beside it
    result = cli("--data", str(shipped_copy), "check-quotes", "--source", str(SOURCE), "--fix",
                 "--yes")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "quotes found verbatim" in result.stdout
    assert path.read_bytes() == shipped
    [backup] = shipped_copy.glob("third_parties.yaml.*.bak")
    assert backup.read_bytes() == broken


@pytest.mark.skipif(not SOURCE.exists(), reason="the source article (../shared/sources) is absent")
def test_check_quotes_fix_asks_for_each_near_miss(shipped_copy, monkeypatch, capsys):
    from components.cli import main

    path = shipped_copy / "third_parties.yaml"
    replace_in(path, VERBATIM, NEAR_MISS, count=2)  # two near misses: take the first only
    answers = iter(["y", "n"])
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    assert main(["--data", str(shipped_copy), "check-quotes", "--source", str(SOURCE),
                 "--fix"]) == 1  # fmt: skip
    text = path.read_text(encoding="utf-8")
    assert text.count(NEAR_MISS) == 1 and "quotes replaced" in capsys.readouterr().out
