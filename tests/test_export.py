"""SQLite and CSV export of the whole dataset, checked against the bundled data and the fact files.

The bundled data is loaded once and exported once per module; tests that
write their own files use ``tmp_path``. Fictional records (Wessex, Mercia)
come from the shared ``wessex_dir`` fixture.
"""

from __future__ import annotations

import csv
import errno
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import mode, refusal, umask

from hmic_cli import export
from hmic_cli.dataset import Dataset, load
from hmic_cli.errors import HmicError

FACTS = Path(__file__).resolve().parent / "facts"
TABLE_NAMES = [t.name for t in export.TABLES]


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load()


@pytest.fixture(scope="module")
def exported(ds: Dataset, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    target = tmp_path_factory.mktemp("export") / "hmic.db"
    return target, export.to_sqlite(ds, target, overwrite=False)


@pytest.fixture
def con(exported: tuple[Path, dict[str, int]]) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(exported[0])
    yield connection
    connection.close()


def facts(name: str) -> list[dict[str, str]]:
    with open(FACTS / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# SQLite: shape ---------------------------------------------------------------


def test_counts(con: sqlite3.Connection, exported: tuple[Path, dict[str, int]]) -> None:
    counts = exported[1]
    assert list(counts) == TABLE_NAMES
    for table, expected in (("forces", 43), ("cycles", 6), ("inspections", 1548), ("reports", 86)):
        assert counts[table] == expected
    for table, n in counts.items():
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone() == (n,), table


def test_keys_hold_and_the_file_is_sound(con: sqlite3.Connection) -> None:
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    parents = {row[2] for row in con.execute("PRAGMA foreign_key_list(inspections)")}
    assert parents == {"forces", "cycles", "areas"}
    for link, parent in (
        ("inspection_sources", "sources"),
        ("report_sources", "reports"),
        ("notes", "inspections"),
    ):
        assert parent in {row[2] for row in con.execute(f"PRAGMA foreign_key_list({link})")}


def test_indexes_on_force_cycle_and_area(con: sqlite3.Connection) -> None:
    leading = {
        con.execute(f"PRAGMA index_info({name})").fetchone()[2]
        for (name,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'inspections'"
        )
    }
    assert {"force_id", "cycle_id", "area_id"} <= leading
    (plan,) = [
        row[3] for row in con.execute("EXPLAIN QUERY PLAN SELECT * FROM inspections WHERE area_id = 'x'")
    ]
    assert "USING INDEX" in plan


def test_columns_match_the_table_list(con: sqlite3.Connection) -> None:
    for t in export.TABLES:
        assert tuple(row[1] for row in con.execute(f"PRAGMA table_info({t.name})")) == t.column_names


def test_no_lists_squashed_into_strings(ds: Dataset, con: sqlite3.Connection) -> None:
    assert "aliases" not in {row[1] for row in con.execute("PRAGMA table_info(forces)")}
    for f in ds.forces:
        rows = con.execute("SELECT alias FROM force_aliases WHERE force_id = ?", (f.id,)).fetchall()
        assert sorted(a for (a,) in rows) == sorted(f.aliases)
    assert con.execute(
        "SELECT alias FROM force_aliases WHERE force_id = 'avon-and-somerset' ORDER BY alias"
    ).fetchall() == [
        ("avon",),
        ("somerset",),
    ]


def test_cycles_scales_and_areas(con: sqlite3.Connection) -> None:
    assert con.execute("SELECT id, label, year, end_year FROM cycles ORDER BY year").fetchall() == [
        ("2015", "2015", 2015, None),
        ("2016", "2016", 2016, None),
        ("2017", "2017", 2017, None),
        ("2018/19", "2018/19", 2018, 2019),
        ("2021/22", "2021/22", 2021, 2022),
        ("2023-25", "2023–25", 2023, 2025),
    ]
    scale = con.execute(
        "SELECT grade, rank FROM cycle_grades WHERE cycle_id = '2021/22' ORDER BY rank"
    ).fetchall()
    assert scale == [
        ("outstanding", 1),
        ("good", 2),
        ("adequate", 3),
        ("requires_improvement", 4),
        ("inadequate", 5),
    ]
    assert con.execute("SELECT count(*) FROM cycle_grades WHERE cycle_id = '2016'").fetchone() == (4,)
    assert con.execute(
        "SELECT count(*) FROM cycle_grades WHERE grade = 'adequate' AND cycle_id = '2016'"
    ).fetchone() == (0,)
    areas = con.execute(
        "SELECT id, position, graded FROM areas WHERE cycle_id = '2016' ORDER BY position"
    ).fetchall()
    assert areas == [
        ("effectiveness", 1, "yes"),
        ("efficiency", 2, "yes"),
        ("legitimacy", 3, "yes"),
        ("leadership", 4, "no"),
    ]
    by_cycle = dict(con.execute("SELECT cycle_id, count(*) FROM areas GROUP BY cycle_id").fetchall())
    assert by_cycle["2021/22"] + by_cycle["2023-25"] == len(facts("peel-areas.tsv"))


# SQLite: facts ---------------------------------------------------------------


def test_durham_2016_effectiveness(con: sqlite3.Connection) -> None:
    (inspection_id, grade, rank, pillar) = con.execute(
        "SELECT id, grade, grade_rank, pillar FROM inspections "
        "WHERE force_id = 'durham' AND cycle_id = '2016' AND area_id = 'effectiveness'"
    ).fetchone()
    assert (grade, rank, pillar) == ("outstanding", 1, "effectiveness")
    questions = con.execute(
        "SELECT number, grade, grade_rank FROM questions WHERE inspection_id = ? ORDER BY number",
        (inspection_id,),
    ).fetchall()
    assert questions == [
        (1, "outstanding", 1),
        (2, "good", 2),
        (3, "good", 2),
        (4, "outstanding", 1),
        (5, "not_graded", None),
    ]
    (text,) = con.execute(
        "SELECT text FROM findings WHERE inspection_id = ? AND kind = 'area_for_improvement'",
        (inspection_id,),
    ).fetchone()
    assert "digital evidence" in text


def test_current_cycle_grades_and_ranks(con: sqlite3.Connection) -> None:
    row = con.execute(
        "SELECT grade, grade_rank FROM inspections "
        "WHERE force_id = 'durham' AND cycle_id = '2021/22' AND area_id = 'investigating_crime'"
    ).fetchone()
    assert row == ("good", 2)
    ranks = dict(
        con.execute(
            "SELECT DISTINCT grade, grade_rank FROM inspections WHERE cycle_id = '2021/22'"
        ).fetchall()
    )
    assert ranks == {
        "outstanding": 1,
        "good": 2,
        "adequate": 3,
        "requires_improvement": 4,
        "inadequate": 5,
        "not_graded": None,
        "unknown": None,
    }
    # Four tiers up to 2018/19: requires improvement is third there.
    assert con.execute(
        "SELECT DISTINCT grade_rank FROM inspections "
        "WHERE cycle_id = '2016' AND grade = 'requires_improvement'"
    ).fetchall() == [(3,)]


def test_cleveland_causes_of_concern(con: sqlite3.Connection) -> None:
    assert con.execute(
        "SELECT causes_of_concern, published FROM reports "
        "WHERE force_id = 'cleveland' AND cycle_id = '2021/22'"
    ).fetchone() == (2, "2023-03-17")
    assert con.execute("SELECT count(*) FROM reports WHERE causes_of_concern IS NULL").fetchone() == (75,)


def test_every_current_cycle_fact(con: sqlite3.Connection) -> None:
    """Every row of the 2021/22 and 2023-25 fact file: grade or count, day, and source links."""
    rows = facts("peel-2021-2025-grades.tsv")
    assert len(rows) == 1118
    for r in rows:
        cycle = r["cycle"].replace("–", "-")
        if r["area"] == "causes_of_concern":
            count, published = con.execute(
                "SELECT causes_of_concern, published FROM reports WHERE force_id = ? AND cycle_id = ?",
                (r["force"], cycle),
            ).fetchone()
            assert count == (None if r["grade"] == "unknown" else int(r["grade"])), r
            urls = con.execute(
                "SELECT s.url FROM report_sources l JOIN sources s ON s.id = l.source_id "
                "WHERE l.force_id = ? AND l.cycle_id = ? ORDER BY l.position",
                (r["force"], cycle),
            ).fetchall()
        else:
            inspection_id, grade, published = con.execute(
                "SELECT id, grade, published FROM inspections "
                "WHERE force_id = ? AND cycle_id = ? AND area_id = ?",
                (r["force"], cycle, r["area"]),
            ).fetchone()
            assert grade == r["grade"], r
            urls = con.execute(
                "SELECT s.url FROM inspection_sources l JOIN sources s ON s.id = l.source_id "
                "WHERE l.inspection_id = ? ORDER BY l.position",
                (inspection_id,),
            ).fetchall()
        assert (published or "") == r["published"], r
        # A source without an address ("no stored source states this grade") has no URL in the file.
        assert [u for (u,) in urls if u] == r["sources"].split(), r


def test_every_pillar_grade_of_2015_to_2018_19(con: sqlite3.Connection) -> None:
    rows = facts("peel-grades.tsv")
    assert len(rows) == 516
    for r in rows:
        found = con.execute(
            "SELECT i.grade, i.published FROM inspections i JOIN cycles c ON c.id = i.cycle_id "
            "WHERE i.force_id = ? AND c.year = ? AND i.pillar = ?",
            (r["force"], int(r["year"]), r["pillar"]),
        ).fetchall()
        assert found == [(r["grade"], r["published"] or None)], r


def test_sources_are_stored_once_and_linked(ds: Dataset, con: sqlite3.Connection) -> None:
    distinct = con.execute(
        "SELECT count(*) FROM "
        "(SELECT DISTINCT title, url, date, issued_by, author_role, audience FROM sources)"
    ).fetchone()
    assert distinct == con.execute("SELECT count(*) FROM sources").fetchone()
    links = sum(len(i.sources) for i in ds.inspections) + sum(len(r.sources) for r in ds.reports())
    in_sql = con.execute(
        "SELECT (SELECT count(*) FROM inspection_sources) + (SELECT count(*) FROM report_sources)"
    )
    assert in_sql.fetchone() == (links,)
    assert links > con.execute("SELECT count(*) FROM sources").fetchone()[0]


def test_every_record_round_trips(ds: Dataset, con: sqlite3.Connection) -> None:
    """Grade, day, notes and sources of every record can be read back as the model holds them."""
    notes: dict[int, list[str]] = {}
    for inspection_id, text in con.execute(
        "SELECT inspection_id, text FROM notes ORDER BY inspection_id, position"
    ):
        notes.setdefault(inspection_id, []).append(text)
    sources: dict[int, list[tuple[str | None, ...]]] = {}
    for row in con.execute(
        "SELECT l.inspection_id, s.title, s.url, s.date, s.issued_by, s.author_role, s.audience "
        "FROM inspection_sources l JOIN sources s ON s.id = l.source_id ORDER BY l.inspection_id, l.position"
    ):
        sources.setdefault(row[0], []).append(row[1:])
    held = {
        (force, programme, cycle, area): (
            grade,
            published,
            tuple(notes.get(n, ())),
            tuple(sources.get(n, ())),
        )
        for n, force, programme, cycle, area, grade, published in con.execute(
            "SELECT id, force_id, programme, cycle_id, area_id, grade, published FROM inspections"
        )
    }
    assert len(held) == len(ds.inspections)
    for i in ds.inspections:
        expected_sources = tuple(
            (s.title, s.url, s.date.isoformat() if s.date else None, s.issued_by, s.author_role, s.audience)
            for s in i.sources
        )
        published = i.published.isoformat() if i.published else None
        assert held[i.key] == (i.grade.value, published, i.notes, expected_sources), i.key


def test_report_notes_are_kept(ds: Dataset, con: sqlite3.Connection) -> None:
    for r in ds.reports():
        rows = con.execute(
            "SELECT text FROM report_notes WHERE force_id = ? AND cycle_id = ? ORDER BY position",
            (r.force.id, r.cycle.id),
        ).fetchall()
        assert tuple(t for (t,) in rows) == r.notes


def test_user_records_and_their_findings(wessex_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "wessex.db"
    counts = export.to_sqlite(load([wessex_dir]), target, overwrite=False)
    assert counts["forces"] == 45 and counts["inspections"] == 1550
    con = sqlite3.connect(target)
    try:
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        kinds = con.execute(
            "SELECT f.kind, f.question_number, f.position, q.grade FROM findings f "
            "JOIN inspections i ON i.id = f.inspection_id "
            "LEFT JOIN questions q ON q.inspection_id = f.inspection_id AND q.number = f.question_number "
            "WHERE i.force_id = 'wessex' ORDER BY f.id"
        ).fetchall()
        assert kinds == [
            ("highlight", 1, 1, "inadequate"),
            ("highlight", 1, 2, "inadequate"),
            ("area_for_improvement", 1, 1, "inadequate"),
            ("highlight", 2, 1, "good"),
            ("cause_of_concern", None, 1, None),
        ]
        summary = con.execute("SELECT summary FROM inspections WHERE force_id = 'wessex'").fetchone()[0]
        assert summary == "Fictional summary with [bold red]markup-like[/] text."
    finally:
        con.close()


# SQLite: files -----------------------------------------------------------------


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_sqlite_honours_the_umask(ds: Dataset, tmp_path: Path, mask: int, expected: int) -> None:
    target = tmp_path / "hmic.db"
    with umask(mask):
        export.to_sqlite(ds, target, overwrite=False)
    assert mode(target) == expected
    assert os.listdir(tmp_path) == ["hmic.db"]


def test_existing_file_refused_without_overwrite(ds: Dataset, tmp_path: Path) -> None:
    target = tmp_path / "mine.db"
    target.write_bytes(b"precious")
    with pytest.raises(HmicError) as exc:
        export.to_sqlite(ds, target, overwrite=False)
    assert refusal(exc) == f"{target} already exists; use --overwrite to replace it"
    assert target.read_bytes() == b"precious"
    assert os.listdir(tmp_path) == ["mine.db"]

    target.chmod(0o640)
    export.to_sqlite(ds, target, overwrite=True)
    assert mode(target) == 0o640
    con = sqlite3.connect(target)
    assert con.execute("SELECT count(*) FROM forces").fetchone() == (43,)
    con.close()
    assert os.listdir(tmp_path) == ["mine.db"]


@pytest.mark.parametrize("overwrite", [False, True])
def test_symlink_target_refused(ds: Dataset, tmp_path: Path, overwrite: bool) -> None:
    real = tmp_path / "real.db"
    real.write_bytes(b"precious")
    link = tmp_path / "link.db"
    link.symlink_to(real)
    with pytest.raises(HmicError) as exc:
        export.to_sqlite(ds, link, overwrite=overwrite)
    assert refusal(exc) == f"{link} is a symbolic link, not a regular file; refusing to replace it"
    assert link.is_symlink() and real.read_bytes() == b"precious"
    assert sorted(os.listdir(tmp_path)) == ["link.db", "real.db"]


def test_directory_target_refused(ds: Dataset, tmp_path: Path) -> None:
    target = tmp_path / "out.db"
    target.mkdir()
    with pytest.raises(HmicError) as exc:
        export.to_sqlite(ds, target, overwrite=True)
    assert "is a directory" in refusal(exc)
    assert os.listdir(target) == []


def test_missing_directory(ds: Dataset, tmp_path: Path) -> None:
    with pytest.raises(HmicError) as exc:
        export.to_sqlite(ds, tmp_path / "nodir" / "hmic.db", overwrite=False)
    assert "does not exist" in refusal(exc)
    assert os.listdir(tmp_path) == []


def test_database_error_is_one_line_and_leaves_nothing(
    ds: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "hmic.db"
    target.write_bytes(b"old")

    def full(*args: object, **kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(sqlite3, "connect", full)
    with pytest.raises(HmicError) as exc:
        export.to_sqlite(ds, target, overwrite=True)
    assert refusal(exc) == f"cannot write {target}: database or disk is full"
    assert os.listdir(tmp_path) == ["hmic.db"] and target.read_bytes() == b"old"


def test_failed_flush_is_one_line_and_leaves_nothing(
    ds: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    target = tmp_path / "hmic.db"
    with pytest.raises(HmicError) as exc:
        export.to_sqlite(ds, target, overwrite=False)
    assert refusal(exc) == f"cannot write {target}: no space left on device"
    assert os.listdir(tmp_path) == []


# CSV ---------------------------------------------------------------------------


def test_csv_one_file_per_table_with_the_same_counts(
    ds: Dataset, tmp_path: Path, exported: tuple[Path, dict[str, int]]
) -> None:
    out = tmp_path / "csv"
    counts = export.to_csv(ds, out, overwrite=False)
    assert counts == exported[1]
    assert sorted(os.listdir(out)) == sorted(f"{name}.csv" for name in TABLE_NAMES)
    for t in export.TABLES:
        with open(out / f"{t.name}.csv", encoding="utf-8", newline="") as fh:
            header, *rows = list(csv.reader(fh))
        assert tuple(header) == t.column_names
        assert len(rows) == counts[t.name], t.name


def test_csv_values(ds: Dataset, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    export.to_csv(ds, out, overwrite=False)
    reports = {(r["force_id"], r["cycle_id"]): r for r in read_csv(out / "reports.csv")}
    assert reports["cleveland", "2021/22"]["causes_of_concern"] == "2"
    assert reports["cleveland", "2023-25"]["causes_of_concern"] == ""
    durham = [
        r
        for r in read_csv(out / "inspections.csv")
        if (r["force_id"], r["cycle_id"], r["area_id"]) == ("durham", "2016", "effectiveness")
    ]
    assert [(r["grade"], r["grade_rank"], r["pillar"]) for r in durham] == [
        ("outstanding", "1", "effectiveness")
    ]
    questions = [r for r in read_csv(out / "questions.csv") if r["inspection_id"] == durham[0]["id"]]
    assert [(q["number"], q["grade_rank"]) for q in questions] == [
        ("1", "1"),
        ("2", "2"),
        ("3", "2"),
        ("4", "1"),
        ("5", ""),
    ]


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o077, 0o600)])
def test_csv_honours_the_umask(ds: Dataset, tmp_path: Path, mask: int, expected: int) -> None:
    out = tmp_path / "csv"
    with umask(mask):
        export.to_csv(ds, out, overwrite=False)
    assert {mode(p) for p in out.iterdir()} == {expected}


def test_csv_is_the_same_each_time(ds: Dataset, tmp_path: Path) -> None:
    export.to_csv(ds, tmp_path / "a", overwrite=False)
    export.to_csv(ds, tmp_path / "b", overwrite=False)
    for name in TABLE_NAMES:
        assert (tmp_path / "a" / f"{name}.csv").read_bytes() == (tmp_path / "b" / f"{name}.csv").read_bytes()


def test_csv_never_writes_a_partial_set(ds: Dataset, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    out.mkdir()
    (out / "sources.csv").write_bytes(b"mine")
    with pytest.raises(HmicError) as exc:
        export.to_csv(ds, out, overwrite=False)
    assert refusal(exc) == f"{out / 'sources.csv'} already exists; use --overwrite to replace it"
    assert os.listdir(out) == ["sources.csv"] and (out / "sources.csv").read_bytes() == b"mine"

    (out / "notes.csv").mkdir()
    with pytest.raises(HmicError) as exc:
        export.to_csv(ds, out, overwrite=True)
    assert "is a directory, not a regular file" in refusal(exc)
    assert sorted(os.listdir(out)) == ["notes.csv", "sources.csv"]
    assert (out / "sources.csv").read_bytes() == b"mine"

    (out / "notes.csv").rmdir()
    counts = export.to_csv(ds, out, overwrite=True)
    assert len(read_csv(out / "sources.csv")) == counts["sources"]


def test_csv_failed_write_leaves_nothing(
    ds: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(HmicError) as exc:
        export.to_csv(ds, tmp_path / "csv", overwrite=False)
    assert "no space left on device" in refusal(exc)
    assert os.listdir(tmp_path) == []


def test_csv_into_a_file_refused(ds: Dataset, tmp_path: Path) -> None:
    target = tmp_path / "hmic.db"
    target.write_bytes(b"a database")
    with pytest.raises(HmicError) as exc:
        export.to_csv(ds, target, overwrite=True)
    assert refusal(exc) == f"{target} exists but is not a directory; give a directory for the files"
    assert target.read_bytes() == b"a database"
