"""Each listing command's rows, checked against the fact files, in every output format.

Machine output (JSON, CSV, TSV) goes through ``CliRunner`` as a pipe; terminal
tables go through an ``Env`` built here, so that nothing depends on the shell's
``COLUMNS``, ``FORCE_COLOR`` or ``NO_COLOR``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import Hmic
from typer.testing import CliRunner

from hmic_cli.cli import app
from hmic_cli.env import Env

FACTS = Path(__file__).parent / "facts"
FORMATS = ["json", "ndjson", "csv", "tsv", "table", "markdown"]
# Grade ranks within each cycle's scale, best first (data/README.md).
FOUR_TIER = ["outstanding", "good", "requires_improvement", "inadequate"]
FIVE_TIER = ["outstanding", "good", "adequate", "requires_improvement", "inadequate"]
CURRENT_CYCLES = {"2021/22", "2023-25"}


def read_tsv(name: str) -> list[dict[str, str]]:
    with open(FACTS / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


CURRENT = read_tsv("peel-2021-2025-grades.tsv")
AREAS = read_tsv("peel-areas.tsv")
AREA_ORDER = {(a["cycle"], a["area"]): int(a["order"]) for a in AREAS}
AREA_NAME = {(a["cycle"], a["area"]): a["name"] for a in AREAS}


def area_facts(force: str | None = None, cycle: str | None = None) -> list[dict[str, str]]:
    """Fact rows for graded areas (not the causes-of-concern count rows)."""
    return [
        r
        for r in CURRENT
        if r["area"] != "causes_of_concern"
        and (force is None or r["force"] == force)
        and (cycle is None or r["cycle"] == cycle)
    ]


def expected_rank(cycle: str, grade: str | None) -> int | None:
    scale = FIVE_TIER if cycle in CURRENT_CYCLES else FOUR_TIER
    return scale.index(grade) + 1 if grade in scale else None


def terminal(*args: str, width: int = 80, colour: bool = False) -> tuple[int, str, str]:
    """Run on a pretend terminal: exit code, what reached the terminal, and stderr."""
    out, err = io.StringIO(), io.StringIO()
    env = Env(stdout=out, stderr=err, stdout_tty=True, colour=colour, width=width)
    result = CliRunner().invoke(app, list(args), obj=env)
    return result.exit_code, out.getvalue(), err.getvalue() + result.stderr


def words(text: str) -> str:
    return " ".join(text.split())


# --- basics -------------------------------------------------------------------------------


def test_version(hmic: Hmic) -> None:
    r = hmic("--version")
    assert r.code == 0 and re.fullmatch(r"hmic \S+\n", r.out)


def test_no_arguments_prints_help(hmic: Hmic) -> None:
    r = hmic()
    assert r.code == 0
    for name in ("grades", "highlights", "history", "matrix", "stats", "compare"):
        assert name in r.out


def test_forces(hmic: Hmic) -> None:
    rows = hmic("forces", "--json").json()
    assert len(rows) == 43
    facts = {r["id"]: r for r in read_tsv("forces.tsv")}
    assert {r["force"] for r in rows} == set(facts)
    for row in rows:
        assert row["force_name"] == facts[row["force"]]["name"]
        assert row["nation"] == facts[row["force"]]["nation"]
    durham = next(r for r in rows if r["force"] == "durham")
    assert durham["detailed"] >= 1 and durham["inspections"] >= durham["detailed"]


# --- issue 10: the 2021/22 and 2023–25 cycles ---------------------------------------------


def test_grades_kent_2023_done_when(hmic: Hmic) -> None:
    """`grades kent --year 2023 --json` lists Kent's 2023–25 areas with the fact file's grades."""
    r = hmic("grades", "kent", "--year", "2023", "--json")
    assert r.code == 0, r.err
    rows = r.json()
    facts = sorted(area_facts("kent", "2023-25"), key=lambda f: AREA_ORDER[("2023-25", f["area"])])
    assert facts, "the fact file should hold Kent's 2023-25 areas"
    assert [(row["area"], row["grade"]) for row in rows] == [(f["area"], f["grade"]) for f in facts]
    for row, fact in zip(rows, facts, strict=True):
        assert row["force"] == "kent" and row["force_name"] == "Kent Police"
        assert row["cycle"] == "2023-25" and row["year"] == 2023
        assert row["area_name"] == AREA_NAME[("2023-25", fact["area"])]
        assert row["pillar"] == row["area"]  # the old key stays, for scripts written for the pillars
        assert row["published"] == (fact["published"] or None)
        assert row["grade_rank"] == expected_rank("2023-25", fact["grade"])
        for url in fact["sources"].split():
            assert url in row["sources"]


@pytest.mark.parametrize("cycle", sorted(CURRENT_CYCLES))
def test_every_current_grade_through_the_command(hmic: Hmic, cycle: str) -> None:
    rows = hmic("grades", "--year", cycle, "--json").json()
    got = {(r["force"], r["area"]): r["grade"] for r in rows}
    want = {(f["force"], f["area"]): f["grade"] for f in area_facts(cycle=cycle)}
    assert got == want
    assert {r["cycle"] for r in rows} == {cycle}


def test_current_grade_counts_match_the_issue(hmic: Hmic) -> None:
    """2021/22: 244 graded, 47 not graded, 268 unknown; 2023–25: 209, 37, 227."""
    for cycle, expected in (("2021/22", (244, 47, 268)), ("2023-25", (209, 37, 227))):
        grades = [r["grade"] for r in hmic("grades", "--year", cycle, "--json").json()]
        counted = (
            sum(g not in ("not_graded", "unknown") for g in grades),
            grades.count("not_graded"),
            grades.count("unknown"),
        )
        assert counted == expected, cycle


@pytest.mark.parametrize(
    ("spelling", "cycle"),
    [
        ("2021", "2021/22"),
        ("2021/22", "2021/22"),
        ("2021-22", "2021/22"),
        ("2023", "2023-25"),
        ("2023-25", "2023-25"),
        ("2023–25", "2023-25"),
        ("2023/25", "2023-25"),
        ("2018", "2018/19"),
        ("2018/19", "2018/19"),
        ("2018-19", "2018/19"),
        ("2016", "2016"),
    ],
)
def test_year_spellings(hmic: Hmic, spelling: str, cycle: str) -> None:
    r = hmic("grades", "durham", "--year", spelling, "--json")
    assert r.code == 0, r.err
    rows = r.json()
    assert rows and {row["cycle"] for row in rows} == {cycle}


@pytest.mark.parametrize("option", ["--area", "--pillar", "-a", "-p"])
def test_area_by_a_word_of_its_name(hmic: Hmic, option: str) -> None:
    rows = hmic("grades", option, "invest", "--json").json()
    assert {r["area"] for r in rows} == {"investigating_crime"}
    assert {r["cycle"] for r in rows} == CURRENT_CYCLES
    assert len(rows) == 86
    rows = hmic("grades", option, "legit", "--json").json()
    assert {r["area"] for r in rows} == {"legitimacy"}
    assert {r["cycle"] for r in rows} == {"2015", "2016", "2017", "2018/19"}
    assert len(rows) == 4 * 43


def test_area_and_year_together(hmic: Hmic) -> None:
    rows = hmic("grades", "--area", "invest", "--year", "2021-22", "--json").json()
    assert len(rows) == 43 and {(r["cycle"], r["area"]) for r in rows} == {("2021/22", "investigating_crime")}
    rows = hmic("grades", "--pillar", "legit", "--year", "2016", "--json").json()
    assert len(rows) == 43 and {(r["cycle"], r["area"]) for r in rows} == {("2016", "legitimacy")}


# Every command whose rows have a grade, and the keys every such row carries.
GRADED_COMMANDS = [
    ["grades", "durham"],
    ["grades", "durham", "--questions"],
    ["grades", "--year", "2023"],
    ["highlights", "durham"],
    ["improvements", "--year", "2021"],
    ["improvements", "durham"],
    ["compare", "durham"],
    ["compare", "durham", "kent", "cleveland", "--year", "2021"],
    ["history", "bedfordshire"],
    ["stats"],
    ["search", "digital"],
]


@pytest.mark.parametrize("args", GRADED_COMMANDS, ids=" ".join)
def test_every_json_and_csv_row_carries_cycle_area_and_grade(hmic: Hmic, args: list[str]) -> None:
    keys = {"cycle", "area", "area_name", "grade", "grade_rank"}
    rows = hmic(*args, "--json").json()
    assert rows
    for row in rows:
        assert keys <= set(row), row
        assert row["grade_rank"] == expected_rank(row["cycle"], row["grade"]), row
    header = hmic(*args, "--csv").out.splitlines()[0].split(",")
    assert keys <= set(header)


def test_matrix_json_rows_carry_the_cycle(hmic: Hmic) -> None:
    rows = hmic("matrix", "--year", "2021/22", "--json").json()
    assert len(rows) == 43
    assert all(r["cycle"] == "2021/22" for r in rows)
    kent = next(r for r in rows if r["force"] == "kent")
    for fact in area_facts("kent", "2021/22"):
        assert kent[fact["area"]] == fact["grade"]


def test_matrix_by_area_has_cycles_across(hmic: Hmic) -> None:
    rows = hmic("matrix", "--pillar", "effectiveness", "--json").json()
    durham = next(r for r in rows if r["force"] == "durham")
    assert durham["area"] == "effectiveness"
    assert {k: durham[k] for k in ("2015", "2016", "2017", "2018/19")} == dict.fromkeys(
        ("2015", "2016", "2017", "2018/19"), "outstanding"
    )


# --- lists stay lists ---------------------------------------------------------------------


def test_lists_are_json_arrays_and_joined_in_csv(hmic: Hmic) -> None:
    forces = {r["force"]: r for r in hmic("forces", "--json").json()}
    assert isinstance(forces["bedfordshire"]["aliases"], list)
    assert "beds" in forces["bedfordshire"]["aliases"]
    several = next(r for r in forces.values() if len(r["aliases"]) > 1)
    by_id = {r["force"]: r for r in csv.DictReader(io.StringIO(hmic("forces", "--csv").out))}
    assert by_id[several["force"]]["aliases"] == " | ".join(several["aliases"])

    args = ("grades", "durham", "--year", "2016", "--pillar", "effectiveness")
    (row,) = hmic(*args, "--json").json()
    assert isinstance(row["sources"], list) and len(row["sources"]) > 1
    assert isinstance(row["notes"], list)
    (flat,) = csv.DictReader(io.StringIO(hmic(*args, "--csv").out))
    assert flat["sources"] == " | ".join(row["sources"])
    ndjson = [json.loads(line) for line in hmic(*args, "--nl").out.splitlines()]
    assert ndjson == [row]


# --- the pillar years ------------------------------------------------------------------------


def test_grades_questions_of_the_founding_report(hmic: Hmic) -> None:
    r = hmic("grades", "durham", "--questions", "--json")
    assert r.code == 0, r.err
    rows = r.json()
    assert [row["question"] for row in rows] == [1, 2, 3, 4, 5]
    assert [row["grade"] for row in rows] == ["outstanding", "good", "good", "outstanding", "not_graded"]
    assert [row["grade_rank"] for row in rows] == [1, 2, 2, 1, None]
    for row in rows:
        assert row["force"] == "durham" and row["force_name"] == "Durham Constabulary"
        assert (row["year"], row["cycle"], row["area"]) == (2016, "2016", "effectiveness")
        assert row["question_text"].startswith("How effective")


def test_grades_of_one_record(hmic: Hmic) -> None:
    (row,) = hmic("grades", "durham", "--year", "2016", "--pillar", "effectiveness", "--json").json()
    assert row["grade"] == "outstanding" and row["grade_rank"] == 1
    assert row["published"] == "2017-03-02"
    assert row["questions"] == 5 and row["detailed"] is True


def test_pillar_year_grades_match_the_fact_file(hmic: Hmic) -> None:
    facts = {
        (f["force"], "2018/19" if f["year"] == "2018" else f["year"], f["pillar"]): f
        for f in read_tsv("peel-grades.tsv")
    }
    rows = [r for r in hmic("grades", "--json").json() if r["cycle"] not in CURRENT_CYCLES]
    assert len(rows) == len(facts) == 516
    for r in rows:
        fact = facts[(r["force"], r["cycle"], r["area"])]
        assert r["grade"] == fact["grade"]
        assert r["published"] == (fact["published"] or None)


def test_grades_newest_first(hmic: Hmic) -> None:
    rows = hmic("grades", "durham", "--json").json()
    order = ["2023-25", "2021/22", "2018/19", "2017", "2016", "2015"]
    seen = list(dict.fromkeys(r["cycle"] for r in rows))
    assert seen == order


@pytest.mark.parametrize(
    "name", ["durham", "DURHAM", "Durham Constabulary", "durham constabulary", " Durham "]
)
def test_force_spellings(hmic: Hmic, name: str) -> None:
    r = hmic("grades", name, "--questions", "--json")
    assert r.code == 0 and len(r.json()) == 5


def test_grade_filter(hmic: Hmic) -> None:
    rows = hmic("grades", "durham", "--questions", "--grade", "good", "--json").json()
    assert [r["question"] for r in rows] == [2, 3]
    rows = hmic("grades", "durham", "-q", "-g", "Not Graded", "--json").json()
    assert [r["question"] for r in rows] == [5]
    rows = hmic("grades", "--year", "2021", "-g", "inadequate", "-g", "outstanding", "--json").json()
    want = [f for f in area_facts(cycle="2021/22") if f["grade"] in ("inadequate", "outstanding")]
    assert len(rows) == len(want) == 21 + 22


def test_highlights(hmic: Hmic) -> None:
    rows = hmic("highlights", "durham", "--question", "2", "--json").json()
    assert [r["n"] for r in rows] == [1, 2, 3]
    assert rows[1]["highlight"].startswith(
        "However, the constabulary does have a backlog of digital evidence"
    )
    all_rows = hmic("highlights", "durham", "--year", "2016", "--json").json()
    assert len(all_rows) == 4 + 3 + 3 + 6 + 2


def test_highlights_of_a_missing_question_say_which() -> None:
    code, out, err = terminal("highlights", "durham", "-Q", "9")
    assert code == 0 and out == ""
    assert "question 9" in err and "their questions are 1, 2, 3, 4, 5" in err
    code, out, err = terminal("highlights", "kent", "-Q", "1")  # grades only: findings not held
    assert code == 0 and out == "" and "not held in the hmic dataset" in err


# --- improvements --------------------------------------------------------------------------


def _flags(rows: list[dict[str, Any]]) -> dict[str, str]:
    return {r["area"]: r["grade"] for r in rows if r["kind"] == "graded_below_good" and r["question"] is None}


@pytest.mark.parametrize("force", ["gloucestershire", "bedfordshire", "derbyshire", "cleveland"])
def test_improvements_flags_requires_improvement_and_inadequate(hmic: Hmic, force: str) -> None:
    facts = {f["area"]: f["grade"] for f in area_facts(force, "2021/22")}
    rows = hmic("improvements", force, "--year", "2021/22", "--json").json()
    assert _flags(rows) == {a: g for a, g in facts.items() if g in ("requires_improvement", "inadequate")}
    rows = hmic("improvements", force, "--year", "2021/22", "--include-adequate", "--json").json()
    below = ("adequate", "requires_improvement", "inadequate")
    assert _flags(rows) == {a: g for a, g in facts.items() if g in below}


@pytest.mark.parametrize(
    "force", sorted({f["force"] for f in CURRENT if f["cycle"] == "2021/22" and f["force"] < "h"})
)
def test_improvements_shows_the_causes_of_concern_count(hmic: Hmic, force: str) -> None:
    (fact,) = [
        f
        for f in CURRENT
        if f["force"] == force and f["cycle"] == "2021/22" and f["area"] == "causes_of_concern"
    ]
    rows = hmic("improvements", force, "--year", "2021", "--json").json()
    (count,) = [r for r in rows if r["kind"] == "causes_of_concern_count"]
    assert count["cycle"] == "2021/22" and count["grade"] is None and count["grade_rank"] is None
    if fact["grade"] == "unknown":
        assert count["count"] is None
        assert count["text"] == "Number of causes of concern: not held in the hmic dataset"
    else:
        assert count["count"] == int(fact["grade"])
        assert str(count["count"]) in count["text"]


def test_improvements_count_on_the_terminal() -> None:
    code, out, _ = terminal("improvements", "gloucestershire", "--year", "2021", width=100)
    assert code == 0
    assert "5 causes of concern in the report" in words(out)
    code, out, _ = terminal("improvements", "kent", "--year", "2021", width=100)
    assert "Number of causes of concern: not held in the hmic dataset" in words(out)


def test_improvements_shows_digital_evidence(hmic: Hmic) -> None:
    code, out, _ = terminal("improvements", "durham", "--year", "2016", width=80)
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "ability to retrieve digital evidence from mobile phones" in words(out)
    rows = hmic("improvements", "durham", "--year", "2016", "--json").json()
    (area,) = [x for x in rows if x["kind"] == "area_for_improvement"]
    assert area["question"] == 2
    assert area["text"].startswith("The constabulary should improve its ability to retrieve digital evidence")


def test_improvements_flags_weak_grades_of_user_data(hmic: Hmic, wessex_dir: Path) -> None:
    rows = hmic("improvements", "wessex", "--data-dir", str(wessex_dir), "--json").json()
    kinds = [(r["kind"], r["question"]) for r in rows]
    assert ("graded_below_good", None) in kinds  # the pillar: requires improvement
    assert ("graded_below_good", 1) in kinds  # question 1: inadequate
    assert ("cause_of_concern", None) in kinds
    assert ("area_for_improvement", 1) in kinds
    assert ("graded_below_good", 2) not in kinds  # question 2 is good


# --- what the data does not hold ------------------------------------------------------------


def test_unknown_grades_say_not_held_never_none(hmic: Hmic) -> None:
    code, out, _ = terminal("grades", "kent", "--year", "2023", width=100)
    assert code == 0
    text = words(out)
    assert "not held" in text and "not held in the hmic dataset" in text
    assert not re.search(r"\bnone\b", text, re.IGNORECASE)
    shown = hmic("show", "kent", "--year", "2023").out
    assert "Grade: grade not held in the hmic dataset" in shown
    assert "Findings: not held in the hmic dataset" in shown
    assert "Causes of concern: Number of causes of concern: not held in the hmic dataset" in shown
    assert not re.search(r"\bnone\b", shown, re.IGNORECASE)
    for fmt in ("tsv", "csv", "markdown"):
        assert not re.search(r"\bNone\b", hmic("grades", "kent", "--format", fmt).out)


def test_unknown_publication_day_is_not_held(hmic: Hmic) -> None:
    shown = hmic("show", "kent", "--year", "2023", "--area", "invest").out
    assert "Published: not held in the hmic dataset" in shown


# --- every listing, every format -------------------------------------------------------------

LISTINGS = [
    ["forces"],
    ["grades", "durham"],
    ["grades", "durham", "--questions"],
    ["highlights", "durham"],
    ["improvements", "durham"],
    ["compare", "durham"],
    ["compare", "durham", "kent", "--year", "2021"],
    ["history", "durham"],
    ["matrix"],
    ["stats", "--year", "2023"],
    ["search", "digital"],
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("args", LISTINGS, ids=" ".join)
def test_every_listing_in_every_format(hmic: Hmic, args: list[str], fmt: str) -> None:
    reference = hmic(*args, "--json").json()
    assert reference, "the reference listing should not be empty"
    if fmt == "table":
        code, out, _ = terminal(*args, "--format", fmt, width=100)
        assert code == 0 and out.strip() and "\t" not in out
        return
    r = hmic(*args, "--format", fmt)
    assert r.code == 0, r.err
    if fmt == "json":
        assert r.json() == reference
    elif fmt == "ndjson":
        assert [json.loads(line) for line in r.out.splitlines()] == reference
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(r.out)))
        assert len(rows) == len(reference)
        assert list(rows[0]) == list(reference[0])
        assert [row[next(iter(reference[0]))] for row in rows] == [str(x[next(iter(x))]) for x in reference]
    elif fmt == "tsv":
        lines = r.out.splitlines()
        assert lines[0].split("\t") == list(reference[0])
        assert len(lines) == len(reference) + 1
        assert all(len(line.split("\t")) == len(reference[0]) for line in lines)
    else:
        assert r.out.count("\n| ") >= min(len(reference), 2)
        assert any(line.startswith("|---") for line in r.out.splitlines())


def test_tsv_escapes_tabs_and_newlines() -> None:
    from hmic_cli.formats.listing import Listing
    from hmic_cli.formats.machine import write_tsv

    out = io.StringIO()
    write_tsv(Listing(fields=("a", "b"), columns=(), rows=[{"a": "x\ty\nz\\", "b": ["p", "q"]}]), out)
    assert out.getvalue() == "a\tb\nx\\ty\\nz\\\\\tp | q\n"


def test_machine_output_does_not_depend_on_the_terminal(hmic: Hmic) -> None:
    piped = hmic("grades", "durham", "--json").out
    assert piped == hmic("grades", "durham", "--format", "json").out
    code, out, _ = terminal("grades", "durham", "--json", colour=True, width=40)
    assert code == 0 and out == piped


def test_empty_result_is_success(hmic: Hmic) -> None:
    args = ("grades", "durham", "--year", "2016", "--grade", "inadequate")
    r = hmic(*args, "--json")
    assert r.code == 0 and r.json() == []
    code, out, err = terminal(*args)
    assert code == 0 and out == "" and "no grades for durham, 2016, inadequate" in err
    r = hmic(*args, "--format", "tsv")
    assert r.code == 0 and r.out.count("\n") == 1  # the header alone
    r = hmic(*args)
    assert r.code == 0 and r.out == ""


# --- show ------------------------------------------------------------------------------------------


def test_show_plain_when_piped(hmic: Hmic) -> None:
    r = hmic("show", "durham", "--year", "2016", "--pillar", "effectiveness")
    assert r.code == 0, r.err
    assert r.out.startswith("Durham Constabulary: PEEL 2016\n")
    assert "Pillar: Effectiveness [outstanding]" in r.out
    assert "5. How effective are the force's specialist capabilities? [not graded]" in r.out
    assert "Previous (PEEL 2015): outstanding (same)" in r.out
    assert "Nationally: outstanding: 1 of 43 forces (the only one)" in r.out
    assert "Published: 2017-03-02" in r.out
    assert "digital evidence" in r.out
    assert "Durham was the only force rated as 'outstanding'" in r.out
    assert "\x1b" not in r.out


def test_show_across_comparability_groups_says_not_comparable(hmic: Hmic) -> None:
    out = hmic("show", "bedfordshire", "--year", "2023", "--area", "responding").out
    assert "Previous (PEEL 2021/22): requires improvement (not comparable)" in out
    assert "improved" not in out


@pytest.mark.parametrize("spelling", ["json", "JSON", "Json"])
def test_show_json_is_the_whole_record(hmic: Hmic, spelling: str) -> None:
    r = hmic("show", "durham", "--year", "2016", "--pillar", "effectiveness", "--format", spelling)
    assert r.code == 0, r.err
    (row,) = r.json()
    assert row["cycle"] == "2016" and row["area"] == "effectiveness" and row["grade_rank"] == 1
    assert len(row["questions"]) == 5
    assert row["questions"][1]["areas_for_improvement"]
    assert isinstance(row["sources"], list) and all(isinstance(s, dict) for s in row["sources"])
    assert hmic("show", "durham", "-y", "2016", "-p", "effectiveness", "--json").json() == [row]


def test_show_json_carries_the_causes_of_concern_count(hmic: Hmic) -> None:
    rows = hmic("show", "gloucestershire", "--year", "2021", "--json").json()
    assert rows and {r["causes_of_concern_count"] for r in rows} == {5}


@pytest.mark.parametrize("spelling", ["markdown", "MARKDOWN", "md"])
def test_show_markdown(hmic: Hmic, spelling: str) -> None:
    r = hmic("show", "durham", "--year", "2016", "--pillar", "effectiveness", "--format", spelling)
    assert r.code == 0, r.err
    assert r.out.startswith("# Durham Constabulary: PEEL 2016\n")
    assert "### 2. How effective is the force at investigating crime and reducing re-offending?" in r.out


def test_show_keeps_a_fact_file_note(hmic: Hmic) -> None:
    out = hmic("show", "avon-and-somerset", "--year", "2021", "--area", "treatment").out
    assert "Conflict: downendvoice.co.uk (local press/other) says good" in out


def test_data_text_is_never_markup(hmic: Hmic, wessex_dir: Path) -> None:
    r = hmic("show", "wessex", "--data-dir", str(wessex_dir), "--format", "text")
    assert "[bold red]markup-like[/]" in r.out
    code, out, _ = terminal("highlights", "wessex", "--data-dir", str(wessex_dir), width=300, colour=True)
    assert code == 0
    assert "[link=x]not a link[/link]" in out
    assert "\x1b]8;" not in out  # no hyperlink escape was made from the data


def test_improvements_with_nothing_to_list_says_what_is_not_held(hmic: Hmic) -> None:
    r = hmic("improvements", "durham", "--year", "2015", "--format", "table")
    assert r.code == 0 and r.out == ""
    assert r.err.startswith("hmic: no grades below good for durham, 2015; ")
    assert "are not held in the hmic dataset for 3 of these 3 records" in r.err
    assert "no causes of concern" not in r.err  # that would be a statement about the force
