"""Hand the whole dataset to SQLite, or to CSV files with one file per table.

Analysts open the export in sqlite3, Datasette, csvkit or pandas, so every
list in the model becomes rows of its own table rather than a joined string:
force aliases, cycle scales, areas, notes, findings and sources (each distinct
source stored once and linked by id). Grades keep their words and gain a
``grade_rank`` (1 = best on the record's own cycle scale, empty for
``not_graded`` and ``unknown``), so ordering never needs the scale spelled out
in a query, and ranks are never compared across cycles by accident because the
cycle travels with every row.

Both writers go through ``files``, which refuses to replace anything that is
not a regular file, replaces an existing one only with ``--overwrite``,
honours the umask and swaps the result into place in one step. The CSV tables
are written as one set: either every file lands or none does. In CSV an empty
cell stands for SQL ``NULL`` (an unknown date, no rank, an unknown count).
"""

from __future__ import annotations

import csv
import io
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import HmicError
from .files import atomic_target, write_tree
from .model import Grade, ReportFacts, Source

if TYPE_CHECKING:
    from .dataset import Dataset

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Table:
    """One exported table: its columns as (name, SQL declaration) and table-level constraints.

    Keeping the declarations beside the names gives SQLite and CSV one list of
    columns, so the two exports cannot drift apart.
    """

    name: str
    columns: tuple[tuple[str, str], ...]
    constraints: tuple[str, ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    def create(self) -> str:
        parts = [f"{name} {declaration}" for name, declaration in self.columns] + list(self.constraints)
        return f"CREATE TABLE {self.name} (\n    " + ",\n    ".join(parts) + "\n)"

    def insert(self) -> str:
        marks = ", ".join("?" for _ in self.columns)
        return f"INSERT INTO {self.name} ({', '.join(self.column_names)}) VALUES ({marks})"


_GRADE = "TEXT NOT NULL CHECK (grade IN (" + ", ".join(f"'{g.value}'" for g in Grade) + "))"

# In dependency order: a table comes after every table it refers to.
TABLES = (
    Table(
        "forces",
        (("id", "TEXT PRIMARY KEY"), ("name", "TEXT NOT NULL"), ("nation", "TEXT"), ("source", "TEXT")),
    ),
    Table(
        "force_aliases",
        (("force_id", "TEXT NOT NULL REFERENCES forces(id)"), ("alias", "TEXT NOT NULL")),
        ("PRIMARY KEY (force_id, alias)",),
    ),
    Table(
        "cycles",
        (
            ("id", "TEXT PRIMARY KEY"),
            ("label", "TEXT NOT NULL"),
            ("programme", "TEXT NOT NULL"),
            ("year", "INTEGER NOT NULL"),
            ("end_year", "INTEGER"),
            ("comparability_group", "TEXT NOT NULL"),
            ("dimension", "TEXT NOT NULL"),
            ("source", "TEXT"),
            ("note", "TEXT"),
        ),
    ),
    Table(
        "cycle_grades",
        (
            ("cycle_id", "TEXT NOT NULL REFERENCES cycles(id)"),
            ("grade", _GRADE),
            ("rank", "INTEGER NOT NULL"),
        ),
        ("PRIMARY KEY (cycle_id, grade)", "UNIQUE (cycle_id, rank)"),
    ),
    Table(
        "areas",
        (
            ("cycle_id", "TEXT NOT NULL REFERENCES cycles(id)"),
            ("id", "TEXT NOT NULL"),
            ("name", "TEXT NOT NULL"),
            ("short", "TEXT NOT NULL"),
            ("position", "INTEGER NOT NULL"),
            ("graded", "TEXT NOT NULL CHECK (graded IN ('yes', 'no', 'sometimes'))"),
        ),
        ("PRIMARY KEY (cycle_id, id)", "UNIQUE (cycle_id, position)"),
    ),
    Table(
        "inspections",
        (
            ("id", "INTEGER PRIMARY KEY"),
            ("force_id", "TEXT NOT NULL REFERENCES forces(id)"),
            ("programme", "TEXT NOT NULL"),
            ("year", "INTEGER NOT NULL"),
            ("cycle_id", "TEXT NOT NULL REFERENCES cycles(id)"),
            ("area_id", "TEXT NOT NULL"),
            ("pillar", "TEXT NOT NULL"),
            ("grade", _GRADE),
            ("grade_rank", "INTEGER"),
            ("published", "TEXT"),
            ("summary", "TEXT"),
            ("evidence", "TEXT"),
        ),
        (
            "UNIQUE (force_id, programme, cycle_id, area_id)",
            "FOREIGN KEY (cycle_id, area_id) REFERENCES areas(cycle_id, id)",
        ),
    ),
    Table(
        "notes",
        (
            ("inspection_id", "INTEGER NOT NULL REFERENCES inspections(id)"),
            ("position", "INTEGER NOT NULL"),
            ("text", "TEXT NOT NULL"),
        ),
        ("PRIMARY KEY (inspection_id, position)",),
    ),
    Table(
        "questions",
        (
            ("inspection_id", "INTEGER NOT NULL REFERENCES inspections(id)"),
            ("number", "INTEGER NOT NULL"),
            ("text", "TEXT NOT NULL"),
            ("grade", _GRADE),
            ("grade_rank", "INTEGER"),
        ),
        ("PRIMARY KEY (inspection_id, number)",),
    ),
    Table(
        "findings",
        (
            ("id", "INTEGER PRIMARY KEY"),
            ("inspection_id", "INTEGER NOT NULL REFERENCES inspections(id)"),
            ("question_number", "INTEGER"),
            (
                "kind",
                "TEXT NOT NULL CHECK (kind IN ('highlight', 'area_for_improvement', 'cause_of_concern'))",
            ),
            ("position", "INTEGER NOT NULL"),
            ("text", "TEXT NOT NULL"),
        ),
        ("FOREIGN KEY (inspection_id, question_number) REFERENCES questions(inspection_id, number)",),
    ),
    Table(
        "reports",
        (
            ("force_id", "TEXT NOT NULL REFERENCES forces(id)"),
            ("cycle_id", "TEXT NOT NULL REFERENCES cycles(id)"),
            ("causes_of_concern", "INTEGER"),
            ("published", "TEXT"),
        ),
        ("PRIMARY KEY (force_id, cycle_id)",),
    ),
    Table(
        "report_notes",
        (
            ("force_id", "TEXT NOT NULL"),
            ("cycle_id", "TEXT NOT NULL"),
            ("position", "INTEGER NOT NULL"),
            ("text", "TEXT NOT NULL"),
        ),
        (
            "PRIMARY KEY (force_id, cycle_id, position)",
            "FOREIGN KEY (force_id, cycle_id) REFERENCES reports(force_id, cycle_id)",
        ),
    ),
    Table(
        "sources",
        (
            ("id", "INTEGER PRIMARY KEY"),
            ("title", "TEXT"),
            ("url", "TEXT"),
            ("date", "TEXT"),
            ("issued_by", "TEXT"),
            ("author_role", "TEXT"),
            ("audience", "TEXT"),
        ),
    ),
    Table(
        "inspection_sources",
        (
            ("inspection_id", "INTEGER NOT NULL REFERENCES inspections(id)"),
            ("source_id", "INTEGER NOT NULL REFERENCES sources(id)"),
            ("position", "INTEGER NOT NULL"),
        ),
        ("PRIMARY KEY (inspection_id, position)",),
    ),
    Table(
        "report_sources",
        (
            ("force_id", "TEXT NOT NULL"),
            ("cycle_id", "TEXT NOT NULL"),
            ("source_id", "INTEGER NOT NULL REFERENCES sources(id)"),
            ("position", "INTEGER NOT NULL"),
        ),
        (
            "PRIMARY KEY (force_id, cycle_id, position)",
            "FOREIGN KEY (force_id, cycle_id) REFERENCES reports(force_id, cycle_id)",
        ),
    ),
)

# Lookups by force, cycle and area, and the reverse side of each link table.
# (Primary keys already index a table by their leading column.)
INDEXES = (
    "CREATE INDEX inspections_force ON inspections(force_id)",
    "CREATE INDEX inspections_cycle ON inspections(cycle_id, area_id)",
    "CREATE INDEX inspections_area ON inspections(area_id)",
    "CREATE INDEX reports_cycle ON reports(cycle_id)",
    "CREATE INDEX areas_id ON areas(id)",
    "CREATE INDEX findings_inspection ON findings(inspection_id)",
    "CREATE INDEX inspection_sources_source ON inspection_sources(source_id)",
    "CREATE INDEX report_sources_source ON report_sources(source_id)",
)


def to_sqlite(ds: Dataset, target: Path, *, overwrite: bool) -> dict[str, int]:
    """Write the database to ``target``; return each table's row count.

    Refusals (an existing file without ``overwrite``, a symbolic link, a
    device, a missing directory) come from ``files`` before anything is built.
    """
    with atomic_target(target, overwrite=overwrite) as tmp:
        rows = table_rows(ds)
        try:
            _build(tmp, rows)
        except sqlite3.Error as exc:
            raise HmicError(f"cannot write {target}: {exc}") from None
        except OSError as exc:
            raise HmicError(f"cannot write {target}: {(exc.strerror or str(exc)).lower()}") from None
    return {name: len(found) for name, found in rows.items()}


def to_csv(ds: Dataset, directory: Path, *, overwrite: bool) -> dict[str, int]:
    """Write ``TABLE.csv`` for every table into ``directory``; return each table's row count.

    The directory is created if missing. ``write_tree`` checks every target
    before writing any, so a clash or a refusal leaves no partial set behind.
    """
    rows = table_rows(ds)
    files = {f"{t.name}.csv": _csv_bytes(t.column_names, rows[t.name]) for t in TABLES}
    write_tree(directory, files, overwrite=overwrite)
    return {name: len(found) for name, found in rows.items()}


def table_rows(ds: Dataset) -> dict[str, list[Row]]:
    """Every table's rows in column order, shared by both exports.

    Inspections are numbered in a stable order (force, programme, cycle, area)
    and sources in order of first use, so two exports of the same data give
    the same ids.
    """
    out: dict[str, list[Row]] = {t.name: [] for t in TABLES}
    for f in ds.forces:
        out["forces"].append((f.id, f.name, f.nation, f.source))
        out["force_aliases"].extend((f.id, alias) for alias in dict.fromkeys(f.aliases))
    for c in ds.catalog:
        out["cycles"].append(
            (c.id, c.label, c.programme, c.year, c.end, c.group, c.dimension, c.source, c.note)
        )
        out["cycle_grades"].extend((c.id, g.value, c.rank(g)) for g in c.scale)
        out["areas"].extend((c.id, a.id, a.name, a.short, a.order, a.graded) for a in c.areas)

    source_ids: dict[Source, int] = {}

    def source_id(s: Source) -> int:
        if s not in source_ids:
            source_ids[s] = len(source_ids) + 1
            day = s.date.isoformat() if s.date else None
            out["sources"].append(
                (source_ids[s], s.title, s.url, day, s.issued_by, s.author_role, s.audience)
            )
        return source_ids[s]

    def findings(inspection_id: int, question: int | None, kind: str, texts: Iterable[str]) -> None:
        for position, text in enumerate(texts, start=1):
            out["findings"].append((len(out["findings"]) + 1, inspection_id, question, kind, position, text))

    ordered = sorted(ds.inspections, key=lambda i: (i.force.id, i.programme, i.cycle.order, i.area.order))
    for n, i in enumerate(ordered, start=1):
        out["inspections"].append(
            (
                n,
                i.force.id,
                i.programme,
                i.year,
                i.cycle.id,
                i.area.id,
                i.area.id,
                i.grade.value,
                i.grade_rank,
                i.published.isoformat() if i.published else None,
                i.summary,
                i.evidence,
            )
        )
        out["notes"].extend((n, position, text) for position, text in enumerate(i.notes, start=1))
        for q in i.questions:
            out["questions"].append((n, q.number, q.text, q.grade.value, i.cycle.rank(q.grade)))
            findings(n, q.number, "highlight", q.highlights)
            findings(n, q.number, "area_for_improvement", q.areas_for_improvement)
        findings(n, None, "area_for_improvement", i.areas_for_improvement)
        findings(n, None, "cause_of_concern", i.causes_of_concern)
        out["inspection_sources"].extend(
            (n, source_id(s), position) for position, s in enumerate(i.sources, start=1)
        )

    for r in _reports(ds):
        key = (r.force.id, r.cycle.id)
        out["reports"].append((*key, r.causes_of_concern, r.published.isoformat() if r.published else None))
        out["report_notes"].extend((*key, position, text) for position, text in enumerate(r.notes, start=1))
        out["report_sources"].extend(
            (*key, source_id(s), position) for position, s in enumerate(r.sources, start=1)
        )
    return out


def _reports(ds: Dataset) -> list[ReportFacts]:
    """Report facts once per force and cycle (as the dataset gives them), in a stable order."""
    return sorted(ds.reports(), key=lambda r: (r.force.id, r.cycle.order))


def _build(path: Path, rows: dict[str, list[Row]]) -> None:
    """Create the tables and indexes in the empty file ``path``, fill them and flush to disk.

    The rollback journal is kept in memory: the file is a private temporary
    one that is discarded on any failure, so there is nothing to roll back on
    disk and no stray ``-journal`` file to leave behind.
    """
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode = MEMORY")
        con.execute("PRAGMA foreign_keys = ON")
        con.executescript(";\n".join([t.create() for t in TABLES] + list(INDEXES)) + ";")
        for t in TABLES:
            con.executemany(t.insert(), rows[t.name])
        con.commit()
    finally:
        con.close()
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _csv_bytes(columns: tuple[str, ...], rows: list[Row]) -> bytes:
    """One table as UTF-8 CSV with a header line; ``None`` becomes an empty cell."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return buf.getvalue().encode("utf-8")
