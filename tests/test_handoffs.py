"""export, brief, search, markdown output and shell completion."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def test_export_sqlite_matches_grades(hmic, tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    r = hmic("export", str(db))
    assert r.code == 0, r.err
    assert r.out == "" and "wrote" in r.err
    con = sqlite3.connect(db)
    (count,) = con.execute("select count(*) from inspections").fetchone()
    assert count == len(hmic("grades", "--json").json()) == 516
    assert con.execute("pragma foreign_key_check").fetchall() == []
    indexes = {row[1] for row in con.execute("select * from sqlite_master where type = 'index'")}
    assert {"inspections_force", "inspections_year", "inspections_pillar"} <= indexes
    kinds = dict(con.execute("select kind, count(*) from findings group by kind").fetchall())
    assert kinds == {"highlight": 18, "area_for_improvement": 1}
    (text,) = con.execute(
        "select f.text from findings f join inspections i on i.id = f.inspection_id "
        "where i.force_id = 'durham' and f.kind = 'area_for_improvement'"
    ).fetchone()
    assert "digital evidence" in text
    fk = con.execute("pragma foreign_key_list(inspections)").fetchall()
    assert any(row[2] == "forces" for row in fk)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.db"]


def test_export_refuses_to_overwrite(hmic, tmp_path: Path) -> None:
    db = tmp_path / "mine.db"
    db.write_bytes(b"precious")
    r = hmic("export", str(db))
    assert r.code == 1 and "already exists" in r.err and "--overwrite" in r.err
    assert db.read_bytes() == b"precious"
    r = hmic("export", str(db), "--overwrite")
    assert r.code == 0
    assert sqlite3.connect(db).execute("select count(*) from forces").fetchone() == (43,)


def test_export_includes_user_data(hmic, tmp_path: Path, wessex_dir: Path) -> None:
    db = tmp_path / "x.db"
    assert hmic("export", str(db), "-d", str(wessex_dir)).code == 0
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from inspections").fetchone() == (518,)
    assert con.execute("select count(*) from findings where kind = 'cause_of_concern'").fetchone() == (1,)


def test_export_csv(hmic, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    r = hmic("export", "--format", "csv", str(out))
    assert r.code == 0, r.err
    assert sorted(p.name for p in out.iterdir()) == [
        "findings.csv",
        "forces.csv",
        "inspections.csv",
        "questions.csv",
        "sources.csv",
    ]
    with open(out / "inspections.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 516
    r = hmic("export", "--format", "csv", str(out))
    assert r.code == 1 and "already exists" in r.err


def test_export_bad_format(hmic, tmp_path: Path) -> None:
    r = hmic("export", "--format", "xml", str(tmp_path / "x"))
    assert r.code == 2 and "unknown export format" in r.err


def test_brief_reads_like_the_briefing(hmic) -> None:
    r = hmic("brief", "durham", "--year", "2016", "--pillar", "effectiveness")
    assert r.code == 0, r.err
    md = r.out
    assert md.startswith("# Durham Constabulary: HMIC PEEL 2016 effectiveness assessment")
    for heading in ("## 1. Purpose", "## 2. Summary", "## 3. Findings", "## 5. The national picture"):
        assert heading in md
    assert "published on 2 March 2017" in md
    assert "The overall grade for Durham Constabulary is **outstanding**." in md
    assert "Nationally: outstanding: 1 of 43 forces (the only one)." in md
    assert "| requires improvement | 13 |" in md
    assert md.count("### 3.") == 5
    assert "- Question 2: The constabulary should improve its ability to retrieve digital evidence" in md
    assert "## 6. The inspectors' conclusion" in md


def test_brief_to_file_is_safe(hmic, tmp_path: Path) -> None:
    out = tmp_path / "brief.md"
    assert hmic("brief", "durham", "-y", "2016", "-p", "effectiveness", "-o", str(out)).code == 0
    assert out.read_text().startswith("# Durham")
    r = hmic("brief", "durham", "-y", "2016", "-p", "effectiveness", "-o", str(out))
    assert r.code == 1 and "already exists" in r.err


def test_brief_grade_only_record(hmic) -> None:
    r = hmic("brief", "bedfordshire", "--year", "2016", "--pillar", "effectiveness")
    assert r.code == 0
    assert "**inadequate**" in r.out and "None recorded in the data." in r.out


def test_search_finds_the_area_for_improvement(hmic) -> None:
    rows = hmic("search", "digital", "evidence", "--json").json()
    kinds = {(r["force"], r["kind"], r["question"]) for r in rows}
    assert ("durham", "area_for_improvement", 2) in kinds
    assert all("digital" in r["text"].lower() and "evidence" in r["text"].lower() for r in rows)


def test_search_needs_every_word_and_ignores_case(hmic) -> None:
    assert len(hmic("search", "DIGITAL", "EVIDENCE", "--json").json()) == 2
    assert hmic("search", "digital", "unicorn", "--json").json() == []
    assert hmic("search", "digital", "--force", "bedfordshire", "--json").json() == []


def test_search_highlights_words_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    monkeypatch.setenv("TERM", "xterm-256color")

    from hmic_cli.dataset import load
    from hmic_cli.query import Filters
    from hmic_cli.render import write
    from hmic_cli.views import search

    class Terminal:
        def __init__(self) -> None:
            self.text = ""

        def write(self, s: str) -> int:
            self.text += s
            return len(s)

        def flush(self) -> None:
            pass

        def isatty(self) -> bool:
            return True

    listing = search(load(use_cache=False), Filters(), ["Digital"])
    out = Terminal()
    write(listing, "table", out)  # type: ignore[arg-type]
    # the matched word (any case) is drawn in reverse video; plain text elsewhere
    assert re.search(r"\x1b\[[0-9;]*7m(digital|Digital)\x1b\[0m", out.text), out.text


@pytest.mark.parametrize("cmd", ["forces", "grades durham", "highlights durham", "compare durham", "stats"])
def test_markdown_format(hmic, cmd: str) -> None:
    r = hmic(*cmd.split(), "--format", "markdown")
    assert r.code == 0
    lines = r.out.splitlines()
    assert any(line.startswith("|---") or line.startswith("|--") for line in lines)


# --- shell completion, through the real completion protocol ------------------------


def complete(shell: str, line: str) -> list[str]:
    env = {**os.environ, "_HMIC_COMPLETE": f"complete_{shell}"}
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
    assert complete("bash", "hmic grades --grade requires") == ["requires_improvement"]
    assert complete("bash", "hmic grades --format n") == ["ndjson"]


def test_complete_zsh_and_fish() -> None:
    zsh = "\n".join(complete("zsh", "hmic show dur"))
    assert '"durham"' in zsh and "Durham Constabulary" in zsh
    fish = complete("fish", "hmic show dur")
    assert fish == ["durham\tDurham Constabulary"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_script(shell: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "from hmic_cli.cli import main; main()", "--show-completion", shell],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0
    assert "_HMIC_COMPLETE" in proc.stdout


def test_brief_defaults_to_the_newest_detailed_record(hmic) -> None:
    r = hmic("brief", "durham")
    assert r.code == 0 and r.out.startswith("# Durham Constabulary: HMIC PEEL 2016 effectiveness assessment")
    r = hmic("brief", "bedfordshire")
    assert r.code == 2 and "choose one with --year and --pillar" in r.err
    r = hmic("brief", "durham", "--year", "2001")
    assert r.code == 2 and "no record for durham, 2001" in r.err
