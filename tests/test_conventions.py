"""The conventions shell users expect: headers in pipes, shorthands, fields, colour and quiet
options, empty arguments, completion scripts, forces by the names people use, help and errors
in hmic's own voice.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import Hmic, Run
from typer.testing import CliRunner

from hmic_cli.cli import COMMANDS as REGISTERED
from hmic_cli.cli import app
from hmic_cli.env import Env

# Every command the CLI registers, so that a new one is held to the same conventions.
COMMANDS = list(REGISTERED)
LISTING_COMMANDS = ["forces", "grades", "improvements", "matrix", "stats"]

FICTIONAL_REPLACEMENT = """
[[inspection]]
force = "durham"
year = 2016
pillar = "legitimacy"
grade = "good"
sources = ["https://example.invalid/fictional-replacement"]
"""


def one_line_error(r: Run, code: int) -> str:
    """The error of a failed run: the exit code, one line on stderr, nothing on stdout."""
    assert r.code == code, (r.code, r.err)
    assert r.out == ""
    lines = r.err.strip().splitlines()
    assert len(lines) == 1, r.err
    assert lines[0].startswith("hmic: error: ")
    assert "Traceback" not in r.err
    return lines[0].removeprefix("hmic: error: ")


# --- headers in pipes -------------------------------------------------------------------------------


def test_piped_default_has_no_header(hmic: Hmic) -> None:
    lines = hmic("forces").out.splitlines()
    assert len(lines) == 43
    assert lines[0].split("\t")[0] == "avon-and-somerset"
    assert all(not line.startswith("force\t") for line in lines)


@pytest.mark.parametrize("command", LISTING_COMMANDS)
def test_piped_default_is_headerless_tsv_for_every_listing(hmic: Hmic, command: str) -> None:
    piped = hmic(command).out
    with_header = hmic(command, "--format", "tsv").out
    assert with_header.splitlines()[1:] == piped.splitlines()
    assert "\x1b" not in piped


@pytest.mark.parametrize(
    ("option", "sep"), [(["--format", "tsv"], "\t"), (["--tsv"], "\t"), (["--csv"], ",")]
)
def test_asked_for_tsv_and_csv_keep_the_header(hmic: Hmic, option: list[str], sep: str) -> None:
    lines = hmic("grades", "durham", "-q", *option).out.splitlines()
    assert lines[0].split(sep)[:2] == ["force", "force_name"]
    assert len(lines) == 6


@pytest.mark.parametrize("flag", ["--no-header", "--no-headers"])
def test_no_header(hmic: Hmic, flag: str) -> None:
    ids = hmic("forces", "--format", "tsv", flag).out.splitlines()
    assert len(ids) == 43 and ids[0].split("\t")[0] == "avon-and-somerset"
    rows = hmic("grades", "durham", "-q", "--csv", flag).out.splitlines()
    assert len(rows) == 5 and rows[0].startswith("durham,Durham Constabulary,PEEL,2016")
    plain = hmic("grades", "durham", "--json").json()
    assert hmic("grades", "durham", "--json", flag).json() == plain


# --- shorthands and fields ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shorthand", "fmt"),
    [("--json", "json"), ("--csv", "csv"), ("--tsv", "tsv"), ("--nl", "ndjson"), ("--ndjson", "ndjson")],
)
def test_shorthands_match_their_format(hmic: Hmic, shorthand: str, fmt: str) -> None:
    args = ("grades", "durham", "--year", "2016")
    r = hmic(*args, shorthand)
    assert r.code == 0, r.err
    assert r.out == hmic(*args, "--format", fmt).out


def test_ndjson_is_one_object_a_line(hmic: Hmic) -> None:
    lines = hmic("grades", "durham", "--nl").out.splitlines()
    assert [json.loads(x) for x in lines] == hmic("grades", "durham", "--json").json()


@pytest.mark.parametrize(
    "option", [["--json"], ["--csv"], ["--tsv"], ["--nl"], ["--format", "tsv"], ["--format", "markdown"]]
)
def test_fields_picks_columns_in_order(hmic: Hmic, option: list[str]) -> None:
    r = hmic("grades", "kent", "--year", "2021", "--fields", "grade,force", *option)
    assert r.code == 0, r.err
    json_rows = hmic("grades", "kent", "--year", "2021", "--fields", "grade,force", "--json").json()
    assert json_rows and all(list(row) == ["grade", "force"] for row in json_rows)
    if option == ["--csv"]:
        rows = list(csv.reader(io.StringIO(r.out)))
        assert rows[0] == ["grade", "force"] and rows[1][1] == "kent"
    elif option in (["--tsv"], ["--format", "tsv"]):
        assert r.out.splitlines()[0] == "grade\tforce"


def test_fields_with_spaces_and_the_piped_default(hmic: Hmic) -> None:
    out = hmic("grades", "kent", "--year", "2023", "--fields", "force, grade").out
    assert out.splitlines()[0] == "kent\tnot_graded"


def test_unknown_field_lists_the_fields(hmic: Hmic) -> None:
    message = one_line_error(hmic("grades", "--fields", "force,colour"), 2)
    assert message.startswith("--fields: unknown field 'colour' (fields: force, force_name,")


@pytest.mark.parametrize(
    "options",
    [["--json", "--format", "csv"], ["--csv", "--tsv"], ["--json", "--nl"], ["--tsv", "--format", "json"]],
)
def test_conflicting_formats_are_a_usage_error(hmic: Hmic, options: list[str]) -> None:
    message = one_line_error(hmic("grades", "durham", *options), 2)
    assert message.startswith("conflicting output options:")


def test_the_same_format_twice_is_fine(hmic: Hmic) -> None:
    r = hmic("grades", "durham", "--json", "--format", "JSON")
    assert r.code == 0 and r.json()


def test_show_json_and_another_format_conflict(hmic: Hmic) -> None:
    message = one_line_error(hmic("show", "durham", "--json", "--format", "markdown"), 2)
    assert "conflicting output options" in message


# --- formats are case-insensitive everywhere -----------------------------------------------------------


@pytest.mark.parametrize("spelling", ["JSON", "Json", "json"])
def test_format_names_ignore_case(hmic: Hmic, spelling: str) -> None:
    want = hmic("grades", "durham", "--json").json()
    assert hmic("grades", "durham", "--format", spelling).json() == want
    assert hmic("grades", "durham", "-f", spelling).json() == want
    shown = hmic("show", "durham", "-y", "2016", "-p", "effectiveness", "--format", spelling)
    assert shown.code == 0, shown.err
    assert shown.json()[0]["force"] == "durham"


@pytest.mark.parametrize(
    ("command", "spelling"),
    [
        (["export", "--format", "SQLite"], "x.db"),
        (["export", "--format", "CSV"], "tables"),
        (["brief", "durham", "--format", "MARKDOWN", "-o"], "brief.md"),
        (["brief", "durham", "--format", "Html", "-o"], "brief.html"),
    ],
)
def test_format_names_ignore_case_for_files(
    hmic: Hmic, tmp_path: Path, command: list[str], spelling: str
) -> None:
    target = tmp_path / spelling
    r = hmic(*command, str(target))
    assert r.code == 0, r.err
    assert target.exists()


def test_unknown_format_names_the_choices(hmic: Hmic) -> None:
    message = one_line_error(hmic("grades", "--format", "xml"), 2)
    assert (
        message
        == "unknown format 'xml' for this command (expected one of: table, json, ndjson, csv, tsv, markdown)"
    )
    message = one_line_error(hmic("show", "durham", "--format", "csv"), 2)
    assert message.startswith("unknown format 'csv' for this command (expected one of: text, json, markdown")


# --- colour and quiet ---------------------------------------------------------------------------------


def test_color_rejects_other_values(hmic: Hmic) -> None:
    message = one_line_error(hmic("grades", "--color", "sometimes"), 2)
    assert message == "--color: unknown value 'sometimes' (expected one of: auto, always, never)"


def test_quiet_hides_notices_but_not_errors(hmic: Hmic, tmp_path: Path) -> None:
    (tmp_path / "replacement.toml").write_text(FICTIONAL_REPLACEMENT, encoding="utf-8")
    args = ("grades", "durham", "-y", "2016", "-p", "legitimacy", "-d", str(tmp_path), "--json")
    r = hmic(*args)
    assert r.code == 0 and "replaces a bundled one" in r.err
    r = hmic(*args, "--quiet")
    assert (
        r.code == 0
        and r.err == ""
        and r.json()[0]["sources"] == ["https://example.invalid/fictional-replacement"]
    )
    db = tmp_path / "out.db"
    r = hmic("export", str(db), "--quiet")
    assert r.code == 0 and r.err == "" and db.exists()
    message = one_line_error(hmic("grades", "nowhere-at-all", "--quiet"), 2)
    assert "unknown force" in message


@pytest.mark.parametrize(("quiet", "notice"), [([], True), (["--quiet"], False)])
def test_quiet_hides_the_empty_table_notice(quiet: list[str], notice: bool) -> None:
    out, err = io.StringIO(), io.StringIO()
    args = ["grades", "durham", "-y", "2016", "-g", "inadequate", *quiet]
    result = CliRunner().invoke(app, args, obj=Env(stdout=out, stderr=err, stdout_tty=True, width=80))
    # An empty result is a success, and its message a notice like any other.
    assert result.exit_code == 0 and out.getvalue() == ""
    assert ("no grades for durham" in err.getvalue()) is notice


# --- empty arguments -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["show", ""],
        ["history", ""],
        ["grades", ""],
        ["highlights", ""],
        ["compare", "durham", ""],
        ["show", "  "],
    ],
)
def test_empty_force_is_a_usage_error(hmic: Hmic, args: list[str]) -> None:
    message = one_line_error(hmic(*args), 2)
    assert "FORCE must not be empty" in message


# --- completion scripts ---------------------------------------------------------------------------------

SHELL_MARKS = {
    "bash": "-F _hmic_completion hmic",
    "zsh": "#compdef hmic",
    "fish": "complete --command hmic",
}


@pytest.mark.parametrize("shell", list(SHELL_MARKS))
def test_show_completion_prints_that_shells_script(hmic: Hmic, shell: str, tmp_path: Path) -> None:
    r = hmic("--show-completion", shell)
    assert r.code == 0, r.err
    assert "_HMIC_COMPLETE" in r.out and f"complete_{shell}" in r.out
    assert SHELL_MARKS[shell] in r.out
    for other, mark in SHELL_MARKS.items():
        if other != shell:
            assert f"complete_{other}" not in r.out and mark not in r.out
    program = shutil.which(shell)
    if program is None:
        pytest.skip(f"{shell} is not installed: its completion script was not syntax-checked")
    script = tmp_path / f"hmic.{shell}"
    script.write_text(r.out, encoding="utf-8")
    check = subprocess.run([program, "-n", str(script)], capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stderr


def test_show_completion_refuses_other_shells(hmic: Hmic) -> None:
    message = one_line_error(hmic("--show-completion", "tcsh"), 2)
    assert message == "--show-completion: unknown shell 'tcsh' (expected one of: bash, zsh, fish)"


# --- forces by the names people use ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "force"),
    [
        ("beds", "bedfordshire"),
        ("herts", "hertfordshire"),
        ("Metropolitan Police", "metropolitan"),
        ("met", "metropolitan"),
        ("Avon & Somerset", "avon-and-somerset"),
        ("avon and somerset", "avon-and-somerset"),
        ("cornwall", "devon-and-cornwall"),
        ("west mids", "west-midlands"),
        ("S Yorks", "south-yorkshire"),
        ("Durham Constabulary", "durham"),
        ("DYFED POWYS", "dyfed-powys"),
    ],
)
def test_forces_by_the_names_people_use(hmic: Hmic, name: str, force: str) -> None:
    r = hmic("grades", name, "--year", "2016", "--pillar", "effectiveness", "--json")
    assert r.code == 0, r.err
    assert [row["force"] for row in r.json()] == [force]


@pytest.mark.parametrize("name", ["btp", "British Transport Police", "cnc", "MoD Police"])
def test_non_territorial_forces_are_named_as_such(hmic: Hmic, name: str) -> None:
    message = one_line_error(hmic("grades", name), 2)
    assert "not one of the 43 territorial forces" in message
    assert "did you mean" not in message


def test_a_typo_gets_a_suggestion(hmic: Hmic) -> None:
    assert one_line_error(hmic("grades", "durhm"), 2) == "unknown force 'durhm' (did you mean 'durham'?)"


def test_a_shared_word_is_not_a_suggestion(hmic: Hmic) -> None:
    message = one_line_error(hmic("grades", "yorkshire"), 2)
    assert "north-yorkshire" in message and "south-yorkshire" in message and "west-yorkshire" in message
    assert "thames-valley" not in message


# --- help -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_has_no_type_noise(hmic: Hmic, command: str) -> None:
    r = hmic(*command.split(), "--help", env={"COLUMNS": "100"})
    assert r.code == 0, r.err
    assert not re.search(r"<(bool|str|int|path|float|list\[.*?\])>", r.out, re.IGNORECASE), r.out
    assert "Usage: hmic" in r.out


def test_help_lists_the_environment_variables(hmic: Hmic) -> None:
    out = " ".join(hmic("--help", env={"COLUMNS": "100"}).out.split())
    for name in ("HMIC_DATA_DIR", "HMIC_CACHE_DIR", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "PAGER", "LESS"):
        assert name in out, name


def test_listing_help_names_every_output_option(hmic: Hmic) -> None:
    out = hmic("grades", "--help", env={"COLUMNS": "100"}).out
    for option in ("--format", "--json", "--csv", "--tsv", "--nl", "--ndjson", "--fields", "--no-header"):
        assert option in out
    assert "--color" in out and "--quiet" in out


def _summary(hmic: Hmic, command: str) -> str:
    out = hmic("--help", env={"COLUMNS": "120"}).out
    line = next(x for x in out.splitlines() if x.strip().startswith(command + " "))
    return line.strip()[len(command) :].strip()


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_summary_of_its_own(hmic: Hmic, command: str) -> None:
    summary = _summary(hmic, command)
    assert len(summary.split()) >= 3 and not summary.startswith(("FORCE", "WORD", "PATH", "FILE")), summary


# --- errors in hmic's voice ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["highlights", "durham", "-Q", "0"], "--question: expected a whole number of 1 or more, not '0'"),
        (["highlights", "durham", "-Q", "x"], "--question: expected a whole number of 1 or more, not 'x'"),
        (["grades", "--year", "twenty"], "--year: "),
        (["grades", "--pillar", "speed"], "--area: unknown area 'speed'"),
        (["grades", "--grade", "great"], "--grade: unknown grade 'great'"),
        (["grades", "--no-such-option"], "unknown option '--no-such-option'"),
        (["nosuchcommand"], "unknown command 'nosuchcommand'"),
        (["highlights"], "missing argument FORCE"),
        (["grades", "--year"], "option --year needs a value"),
        (["grades", "--data-dir", "/nonexistent/dir"], "data directory '/nonexistent/dir' does not exist"),
        (["search", " "], "WORD must not be empty"),
    ],
)
def test_errors_are_one_line_in_hmics_voice(hmic: Hmic, args: list[str], expected: str) -> None:
    message = one_line_error(hmic(*args), 2)
    assert message.startswith(expected), message
    for library in ("Possible options", "No such option", "Input should be", "Invalid value", "Error:"):
        assert library not in message


def test_ambiguous_area_names_both(hmic: Hmic) -> None:
    message = one_line_error(hmic("grades", "-p", "eff"), 2)
    assert "ambiguous" in message and "effectiveness" in message and "efficiency" in message


def test_unknown_year_lists_the_cycles(hmic: Hmic) -> None:
    message = one_line_error(hmic("grades", "--year", "2019"), 2)
    assert "'2019'" in message
    for cycle in ("2015", "2016", "2017", "2018/19", "2021/22", "2023–25"):
        assert cycle in message


def test_area_not_in_the_chosen_cycle_lists_its_areas(hmic: Hmic) -> None:
    message = one_line_error(hmic("grades", "--year", "2023–25", "--pillar", "legit"), 2)
    assert "unknown area 'legit'" in message and "investigating_crime" in message


def test_unknown_option_has_no_library_wording(hmic: Hmic) -> None:
    message = one_line_error(hmic("grades", "--jsn"), 2)
    assert "Possible options" not in message and message.startswith("unknown option '--jsn'")
    assert "(did you mean --json?)" in message


def test_extra_argument_is_in_hmics_voice(hmic: Hmic) -> None:
    message = one_line_error(hmic("grades", "durham", "kent"), 2)
    assert message.startswith("unexpected argument 'kent'")
