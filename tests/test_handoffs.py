"""Handing the data to other tools: SQLite and CSV export, search, Markdown, shell completion."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Hmic

# --- export ---------------------------------------------------------------------------------------


def test_export_sqlite_matches_grades(hmic: Hmic, tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    r = hmic("export", str(db))
    assert r.code == 0, r.err
    assert r.out == "" and r.err.startswith(f"hmic: wrote {db}")
    grades = hmic("grades", "--json").json()
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from inspections").fetchone() == (len(grades),)
    assert con.execute("pragma foreign_key_check").fetchall() == []
    rows = {
        (f, c, a): (g, rank)
        for f, c, a, g, rank in con.execute(
            "select force_id, cycle_id, area_id, grade, grade_rank from inspections"
        )
    }
    assert rows == {(r["force"], r["cycle"], r["area"]): (r["grade"], r["grade_rank"]) for r in grades}
    kinds = dict(con.execute("select kind, count(*) from findings group by kind").fetchall())
    assert kinds["highlight"] == 18 and kinds["area_for_improvement"] >= 1
    (text,) = con.execute(
        "select f.text from findings f join inspections i on i.id = f.inspection_id "
        "where i.force_id = 'durham' and f.kind = 'area_for_improvement'"
    ).fetchone()
    assert "digital evidence" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.db"]


def test_export_has_cycles_areas_and_a_sources_link_table(hmic: Hmic, tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    assert hmic("export", str(db)).code == 0
    con = sqlite3.connect(db)
    cycles = [r[0] for r in con.execute("select id from cycles order by year")]
    assert cycles == ["2015", "2016", "2017", "2018/19", "2021/22", "2023-25"]
    labels = dict(con.execute("select id, label from cycles").fetchall())
    assert labels["2023-25"] == "2023–25"
    groups = {r[0] for r in con.execute("select comparability_group from cycles")}
    assert len(groups) == 3
    (n,) = con.execute("select count(*) from areas where cycle_id = '2021/22'").fetchone()
    assert n == 13
    # Sources are rows of their own, linked to each record: never one joined string.
    urls = [
        u
        for (u,) in con.execute(
            "select s.url from inspection_sources l join sources s on s.id = l.source_id "
            "join inspections i on i.id = l.inspection_id "
            "where i.force_id = 'durham' and i.cycle_id = '2016' and i.area_id = 'effectiveness' "
            "order by l.position"
        )
    ]
    (row,) = hmic("grades", "durham", "-y", "2016", "-p", "effectiveness", "--json").json()
    assert [u for u in urls if u] == [s for s in row["sources"] if s.startswith("http")]
    assert not any(" | " in (u or "") for (u,) in con.execute("select url from sources"))
    (count,) = con.execute(
        "select causes_of_concern from reports where force_id = 'gloucestershire' and cycle_id = '2021/22'"
    ).fetchone()
    assert count == 5


def test_export_refuses_to_overwrite(hmic: Hmic, tmp_path: Path) -> None:
    db = tmp_path / "mine.db"
    db.write_bytes(b"precious")
    r = hmic("export", str(db))
    assert r.code == 1 and "already exists" in r.err and "--overwrite" in r.err
    assert len(r.err.strip().splitlines()) == 1
    assert db.read_bytes() == b"precious"
    r = hmic("export", str(db), "--overwrite")
    assert r.code == 0, r.err
    assert sqlite3.connect(db).execute("select count(*) from forces").fetchone() == (43,)


def test_export_includes_user_data(hmic: Hmic, tmp_path: Path, wessex_dir: Path) -> None:
    bundled = len(hmic("grades", "--json").json())
    db = tmp_path / "x.db"
    assert hmic("export", str(db), "-d", str(wessex_dir)).code == 0
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from inspections").fetchone() == (bundled + 2,)
    assert con.execute("select count(*) from findings where kind = 'cause_of_concern'").fetchone() >= (1,)
    assert con.execute("select name from forces where id = 'wessex'").fetchone() == ("Wessex Constabulary",)


@pytest.mark.parametrize("spelling", ["csv", "CSV"])
def test_export_csv(hmic: Hmic, tmp_path: Path, spelling: str) -> None:
    out = tmp_path / "tables"
    r = hmic("export", "--format", spelling, str(out))
    assert r.code == 0, r.err
    names = sorted(p.name for p in out.iterdir())
    assert {"forces.csv", "cycles.csv", "areas.csv", "inspections.csv", "sources.csv"} <= set(names)
    with open(out / "inspections.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(hmic("grades", "--json").json())
    r = hmic("export", "--format", "csv", str(out))
    assert r.code == 1 and "already exists" in r.err


def test_export_bad_format(hmic: Hmic, tmp_path: Path) -> None:
    r = hmic("export", "--format", "xml", str(tmp_path / "x"))
    assert r.code == 2
    assert (
        r.err.strip() == "hmic: error: unknown format 'xml' for this command (expected one of: csv, sqlite)"
    )


def test_export_to_a_csv_file_name_asks_for_a_directory(hmic: Hmic, tmp_path: Path) -> None:
    target = tmp_path / "grades.csv"
    r = hmic("export", str(target))
    assert r.code == 2 and "writes one file per table into a directory" in r.err
    assert not target.exists()


def test_export_refuses_an_extension_that_names_another_format(hmic: Hmic, tmp_path: Path) -> None:
    target = tmp_path / "grades.db"
    r = hmic("export", "--format", "csv", str(target))
    assert r.code == 2 and ".db" in r.err and "sqlite" in r.err
    assert not target.exists()


# --- search ---------------------------------------------------------------------------------------


def test_search_finds_the_area_for_improvement(hmic: Hmic) -> None:
    rows = hmic("search", "digital", "evidence", "--json").json()
    kinds = {(r["force"], r["kind"], r["question"]) for r in rows}
    assert ("durham", "area_for_improvement", 2) in kinds
    assert all("digital" in r["text"].lower() and "evidence" in r["text"].lower() for r in rows)
    assert {r["grade"] for r in rows} == {"good"}  # question 2's grade


def test_search_needs_every_word_and_ignores_case(hmic: Hmic) -> None:
    assert len(hmic("search", "DIGITAL", "EVIDENCE", "--json").json()) == 2
    assert hmic("search", "digital", "unicorn", "--json").json() == []
    assert hmic("search", "digital", "--force", "bedfordshire", "--json").json() == []


def test_search_empty_word_is_a_usage_error(hmic: Hmic) -> None:
    r = hmic("search", "")
    assert r.code == 2 and r.err.strip() == "hmic: error: WORD must not be empty"


def test_search_without_a_match_says_what_is_not_held(hmic: Hmic) -> None:
    r = hmic("search", "unicorn", "--format", "table", env={"COLUMNS": "100"})
    assert r.code == 0 and r.out == ""
    assert "no findings contain all of: unicorn" in r.err and "not held in the hmic dataset" in r.err


# --- Markdown -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cmd",
    ["forces", "grades durham", "highlights durham", "compare durham", "stats", "history durham", "matrix"],
)
def test_markdown_format(hmic: Hmic, cmd: str) -> None:
    r = hmic(*cmd.split(), "--format", "markdown")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    table = [x for x in lines if x.startswith("|")]
    assert table[1].startswith("|---") or table[1].startswith("|--")
    assert len({x.count("|") - x.count("\\|") for x in table}) == 1  # every row has every cell


def test_markdown_stats_has_no_bar_fractions(hmic: Hmic) -> None:
    out = hmic("stats", "--year", "2016", "--pillar", "effectiveness", "--format", "md").out
    assert "| good | 28 | 65.1 |" in out
    assert "0.0357" not in out and "█" not in out


def test_markdown_escapes_data(hmic: Hmic, wessex_dir: Path) -> None:
    out = hmic("highlights", "wessex", "-d", str(wessex_dir), "--format", "markdown").out
    assert "\\[link=x\\]not a link\\[/link\\]" in out


# --- shell completion, through the real completion protocol ---------------------------------------


def complete(shell: str, line: str) -> list[str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/"),
        "HMIC_CACHE_DIR": os.environ["HMIC_CACHE_DIR"],
        "_HMIC_COMPLETE": f"complete_{shell}",
    }
    if shell == "bash":
        words = line.split(" ")
        env.update(COMP_WORDS=line, COMP_CWORD=str(len(words) - 1))
    else:
        env["_TYPER_COMPLETE_ARGS"] = line
        if shell == "fish":
            env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    proc = subprocess.run(
        [sys.executable, "-c", "from hmic_cli.cli import main; main()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def test_complete_force_ids() -> None:
    assert complete("bash", "hmic show dur") == ["durham"]
    assert "durham" in complete("bash", "hmic grades d")


def test_complete_subcommands_and_options() -> None:
    assert complete("bash", "hmic gr") == ["grades"]
    assert complete("bash", "hmic grades --pil") == ["--pillar"]


def test_complete_values_from_data() -> None:
    assert complete("bash", "hmic grades --pillar e") == ["effectiveness", "efficiency"]
    assert complete("bash", "hmic grades --year 2018") == ["2018/19"]
    assert complete("bash", "hmic grades --year 202") == ["2021/22", "2023-25"]
    assert complete("bash", "hmic grades --grade requires") == ["requires_improvement"]
    assert complete("bash", "hmic grades --format n") == ["ndjson"]
    assert complete("bash", "hmic show --format m") == ["markdown"]


def test_complete_areas_of_the_chosen_cycle() -> None:
    assert complete("bash", "hmic grades --year 2021 --area inv") == ["investigating_crime"]
    assert not any(complete("bash", "hmic grades --year 2016 --area inv"))
    assert "police_powers_and_public_treatment" in complete("bash", "hmic grades --year 2023 --area p")


def test_complete_zsh_and_fish() -> None:
    zsh = "\n".join(complete("zsh", "hmic show dur"))
    assert '"durham"' in zsh and "Durham Constabulary" in zsh
    assert complete("fish", "hmic show dur") == ["durham\tDurham Constabulary"]


@pytest.mark.parametrize("name", ["grades.json", "grades.md", "grades.tsv", "grades.docx"])
def test_export_refuses_a_file_named_for_another_format(hmic: Hmic, tmp_path: Path, name: str) -> None:
    r = hmic("export", str(tmp_path / name))
    assert r.code == 2 and "but export writes a SQLite file" in r.err
    assert not (tmp_path / name).exists()
