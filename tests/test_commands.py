"""Each listing command, in each output format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

FORMATS = ["json", "ndjson", "csv", "tsv", "table", "markdown"]


def test_version(hmic) -> None:
    r = hmic("--version")
    assert r.code == 0 and r.out.startswith("hmic ")


def test_no_arguments_prints_help(hmic) -> None:
    r = hmic()
    assert r.code == 0
    assert "grades" in r.out and "highlights" in r.out


def test_grades_questions_json_done_when(hmic) -> None:
    r = hmic("grades", "durham", "--questions", "--json")
    assert r.code == 0, r.err
    rows = r.json()
    assert [row["question"] for row in rows] == [1, 2, 3, 4, 5]
    assert [row["grade"] for row in rows] == ["outstanding", "good", "good", "outstanding", "not_graded"]
    for row in rows:
        assert row["force"] == "durham"
        assert row["force_name"] == "Durham Constabulary"
        assert row["year"] == 2016 and row["pillar"] == "effectiveness"
        assert row["question_text"].startswith("How effective")


def test_grades_json_fields(hmic) -> None:
    rows = hmic("grades", "durham", "--year", "2016", "--pillar", "effectiveness", "--json").json()
    assert len(rows) == 1
    row = rows[0]
    assert row["grade"] == "outstanding"
    assert row["published"] == "2017-03-02"
    assert row["questions"] == 5 and row["detailed"] is True
    assert {"force", "force_name", "year", "cycle", "pillar", "grade", "source"} <= set(row)


def test_grades_newest_first(hmic) -> None:
    rows = hmic("grades", "durham", "--pillar", "effectiveness", "--json").json()
    years = [r["year"] for r in rows]
    assert years == sorted(years, reverse=True) and 2015 in years and 2016 in years


@pytest.mark.parametrize(
    "name", ["durham", "DURHAM", "Durham Constabulary", "durham constabulary", " Durham "]
)
def test_force_spellings(hmic, name: str) -> None:
    r = hmic("grades", name, "--questions", "--json")
    assert r.code == 0 and len(r.json()) == 5


def test_met_short_form(hmic) -> None:
    r = hmic("grades", "met", "--json")
    assert r.code == 0, r.err
    assert all(row["force"] == "metropolitan" for row in r.json())


def test_grade_filter(hmic) -> None:
    rows = hmic("grades", "durham", "--questions", "--grade", "good", "--json").json()
    assert [r["question"] for r in rows] == [2, 3]
    rows = hmic("grades", "durham", "-q", "-g", "Not Graded", "--json").json()
    assert [r["question"] for r in rows] == [5]


def test_highlights(hmic) -> None:
    rows = hmic("highlights", "durham", "--question", "2", "--json").json()
    assert len(rows) == 3
    assert rows[1]["highlight"].startswith(
        "However, the constabulary does have a backlog of digital evidence"
    )
    assert [r["n"] for r in rows] == [1, 2, 3]
    all_rows = hmic("highlights", "durham", "--year", "2016", "--json").json()
    assert len(all_rows) == 4 + 3 + 3 + 6 + 2


def test_improvements_shows_digital_evidence(hmic) -> None:
    r = hmic("improvements", "durham", "--format", "table", env={"COLUMNS": "80"})
    assert r.code == 0
    assert max(len(line) for line in r.out.splitlines()) <= 80
    assert "ability to retrieve digital evidence from mobile phones" in " ".join(r.out.split())
    rows = hmic("improvements", "durham", "--json").json()
    areas = [x for x in rows if x["kind"] == "area_for_improvement"]
    assert len(areas) == 1 and areas[0]["question"] == 2
    assert areas[0]["text"].startswith(
        "The constabulary should improve its ability to retrieve digital evidence"
    )


def test_improvements_flags_weak_grades(hmic, wessex_dir: Path) -> None:
    rows = hmic("improvements", "wessex", "--data-dir", str(wessex_dir), "--json").json()
    kinds = [(r["kind"], r["question"]) for r in rows]
    assert ("graded_below_good", None) in kinds  # the pillar: requires improvement
    assert ("graded_below_good", 1) in kinds  # question 1: inadequate
    assert ("cause_of_concern", None) in kinds
    assert ("area_for_improvement", 1) in kinds
    assert ("graded_below_good", 2) not in kinds  # question 2 is good


def test_forces(hmic) -> None:
    rows = hmic("forces", "--json").json()
    assert len(rows) == 43
    durham = next(r for r in rows if r["force"] == "durham")
    assert durham["force_name"] == "Durham Constabulary" and durham["detailed"] >= 1


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "args",
    [
        ["forces"],
        ["grades", "durham"],
        ["grades", "durham", "--questions"],
        ["highlights", "durham"],
        ["improvements", "durham"],
    ],
)
def test_every_listing_in_every_format(hmic, args: list[str], fmt: str) -> None:
    r = hmic(*args, "--format", fmt)
    assert r.code == 0, r.err
    reference = hmic(*args, "--json").json()
    assert reference, "the reference listing should not be empty"
    if fmt == "json":
        assert r.json() == reference
    elif fmt == "ndjson":
        assert [json.loads(line) for line in r.out.splitlines()] == reference
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(r.out)))
        assert len(rows) == len(reference)
        assert list(rows[0]) == list(reference[0])
        assert rows[0]["force"] == reference[0]["force"]
    elif fmt == "tsv":
        lines = r.out.splitlines()
        assert lines[0].split("\t") == list(reference[0])
        assert len(lines) == len(reference) + 1
        assert all(len(line.split("\t")) == len(reference[0]) for line in lines)
    elif fmt == "markdown":
        assert r.out.count("\n| ") >= len(reference)
    else:
        assert "\t" not in r.out and r.out.strip()


def test_pipe_default_is_tsv_with_header(hmic) -> None:
    r = hmic("grades", "durham", "--questions")
    lines = r.out.splitlines()
    assert lines[0].startswith("force\tforce_name\t")
    assert "\x1b" not in r.out and "─" not in r.out


def test_tsv_escapes_tabs_and_newlines() -> None:
    from hmic_cli.render import Listing, write

    out = io.StringIO()
    write(Listing(fields=("a",), columns=(), rows=[{"a": "x\ty\nz\\"}]), "tsv", out)
    assert out.getvalue() == "a\nx\\ty\\nz\\\\\n"


def test_json_does_not_depend_on_terminal(hmic) -> None:
    assert hmic("grades", "durham", "--json").out == hmic("grades", "durham", "--format", "json").out


def test_empty_result_is_success(hmic) -> None:
    r = hmic("grades", "durham", "--year", "2001", "--json")
    assert r.code == 0 and r.json() == []
    r = hmic("grades", "durham", "--year", "2001", "--format", "table")
    assert r.code == 0 and r.out == "" and "no grades" in r.err
    r = hmic("grades", "durham", "--year", "2001", "--format", "tsv")
    assert r.code == 0 and r.out.count("\n") == 1


def test_show_plain_when_piped(hmic) -> None:
    r = hmic("show", "durham", "--year", "2016", "--pillar", "effectiveness")
    assert r.code == 0
    assert "Durham Constabulary: PEEL 2016 effectiveness" in r.out
    assert "Overall grade: outstanding" in r.out
    assert "5. How effective are the force's specialist capabilities? [not graded]" in r.out
    assert "Previous (2015): outstanding (same)" in r.out
    assert "digital evidence" in r.out
    assert "Durham was the only force rated as 'outstanding'" in r.out
    assert "\x1b" not in r.out


def test_show_json_is_the_whole_record(hmic) -> None:
    rows = hmic("show", "durham", "--year", "2016", "--pillar", "effectiveness", "--json").json()
    assert len(rows) == 1
    assert len(rows[0]["questions"]) == 5
    assert rows[0]["questions"][1]["areas_for_improvement"]


def test_show_markdown(hmic) -> None:
    r = hmic("show", "durham", "--year", "2016", "--pillar", "effectiveness", "--format", "markdown")
    assert r.out.startswith("# Durham Constabulary: PEEL 2016 effectiveness")
    assert "### 2. How effective is the force at investigating crime and reducing re-offending?" in r.out


def test_data_text_is_never_markup(hmic, wessex_dir: Path) -> None:
    r = hmic("show", "wessex", "--data-dir", str(wessex_dir), "--format", "text")
    assert "[bold red]markup-like[/]" in r.out
    r = hmic(
        "highlights", "wessex", "--data-dir", str(wessex_dir), "--format", "table", env={"COLUMNS": "300"}
    )
    assert "[link=x]not a link[/link]" in r.out


def test_no_header_for_loops(hmic) -> None:
    ids = hmic("forces", "--format", "tsv", "--no-header").out.splitlines()
    assert len(ids) == 43 and ids[0].split("\t")[0] == "avon-and-somerset"
    rows = hmic("grades", "durham", "-q", "--format", "csv", "--no-header").out.splitlines()
    assert len(rows) == 5 and rows[0].startswith("durham,Durham Constabulary,PEEL,2016")
    plain = hmic("grades", "durham", "--json").json()
    assert hmic("grades", "durham", "--json", "--no-header").json() == plain
