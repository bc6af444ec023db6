"""Hand the whole dataset to SQLite (or to CSV files, one per table).

The database is built in a temporary file next to the target and renamed
into place, so a reader never sees half a database and an existing file is
only replaced when the user asked for it.
"""

from __future__ import annotations

import csv
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .dataset import Dataset
from .errors import HmicError
from .writer import atomic_write

SCHEMA = """
CREATE TABLE forces (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    nation TEXT,
    aliases TEXT
);
CREATE TABLE inspections (
    id INTEGER PRIMARY KEY,
    force_id TEXT NOT NULL REFERENCES forces(id),
    programme TEXT NOT NULL,
    year INTEGER NOT NULL,
    cycle TEXT NOT NULL,
    pillar TEXT NOT NULL,
    grade TEXT NOT NULL,
    published TEXT,
    summary TEXT,
    notes TEXT,
    UNIQUE (force_id, programme, year, pillar)
);
CREATE TABLE questions (
    inspection_id INTEGER NOT NULL REFERENCES inspections(id),
    number INTEGER NOT NULL,
    text TEXT NOT NULL,
    grade TEXT NOT NULL,
    PRIMARY KEY (inspection_id, number)
);
CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspections(id),
    question_number INTEGER,
    kind TEXT NOT NULL CHECK (kind IN ('highlight', 'area_for_improvement', 'cause_of_concern')),
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    FOREIGN KEY (inspection_id, question_number) REFERENCES questions(inspection_id, number)
);
CREATE TABLE sources (
    inspection_id INTEGER NOT NULL REFERENCES inspections(id),
    position INTEGER NOT NULL,
    title TEXT,
    url TEXT,
    date TEXT,
    issued_by TEXT,
    author_role TEXT,
    audience TEXT,
    PRIMARY KEY (inspection_id, position)
);
CREATE INDEX inspections_force ON inspections(force_id);
CREATE INDEX inspections_year ON inspections(year);
CREATE INDEX inspections_pillar ON inspections(pillar);
CREATE INDEX findings_inspection ON findings(inspection_id);
"""

TABLES = {
    "forces": ("id", "name", "nation", "aliases"),
    "inspections": (
        "id",
        "force_id",
        "programme",
        "year",
        "cycle",
        "pillar",
        "grade",
        "published",
        "summary",
        "notes",
    ),
    "questions": ("inspection_id", "number", "text", "grade"),
    "findings": ("id", "inspection_id", "question_number", "kind", "position", "text"),
    "sources": ("inspection_id", "position", "title", "url", "date", "issued_by", "author_role", "audience"),
}


def table_rows(ds: Dataset) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, in column order (shared by SQLite and CSV)."""
    out: dict[str, list[tuple[Any, ...]]] = {name: [] for name in TABLES}
    out["forces"] = [(f.id, f.name, f.nation, " ".join(f.aliases) or None) for f in ds.forces]
    finding_id = 0

    def finding(
        inspection_id: int, number: int | None, kind: str, texts: tuple[str, ...]
    ) -> Iterator[tuple[Any, ...]]:
        nonlocal finding_id
        for position, text in enumerate(texts, start=1):
            finding_id += 1
            yield (finding_id, inspection_id, number, kind, position, text)

    ordered = sorted(ds.inspections, key=lambda i: (i.force.id, i.programme, i.year, i.pillar.order))
    for n, i in enumerate(ordered, start=1):
        out["inspections"].append(
            (
                n,
                i.force.id,
                i.programme,
                i.year,
                i.cycle,
                i.pillar.value,
                i.grade.value,
                i.published.isoformat() if i.published else None,
                i.summary,
                "\n".join(i.notes) or None,
            )
        )
        for q in i.questions:
            out["questions"].append((n, q.number, q.text, q.grade.value))
            out["findings"].extend(finding(n, q.number, "highlight", q.highlights))
            out["findings"].extend(finding(n, q.number, "area_for_improvement", q.areas_for_improvement))
        out["findings"].extend(finding(n, None, "area_for_improvement", i.areas_for_improvement))
        out["findings"].extend(finding(n, None, "cause_of_concern", i.causes_of_concern))
        for position, s in enumerate(i.sources, start=1):
            out["sources"].append(
                (
                    n,
                    position,
                    s.title,
                    s.url,
                    s.date.isoformat() if s.date else None,
                    s.issued_by,
                    s.author_role,
                    s.audience,
                )
            )
    return out


def to_sqlite(ds: Dataset, target: Path, *, overwrite: bool) -> dict[str, int]:
    """Write the database; return the row count of each table."""
    if target.is_dir():
        raise HmicError(f"{target} is a directory; give a file name such as hmic.db")
    if target.exists() and not overwrite:
        raise HmicError(f"{target} already exists; use --overwrite to replace it")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise HmicError(f"directory '{parent}' does not exist")
    rows = table_rows(ds)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        try:
            con.execute("PRAGMA foreign_keys = ON")
            con.executescript(SCHEMA)
            for name, columns in TABLES.items():
                marks = ", ".join("?" for _ in columns)
                con.executemany(f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})", rows[name])
            con.commit()
        finally:
            con.close()
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as exc:
        Path(tmp).unlink(missing_ok=True)
        raise HmicError(f"cannot write {target}: {exc}") from None
    return {name: len(r) for name, r in rows.items()}


def to_csv(ds: Dataset, directory: Path, *, overwrite: bool) -> dict[str, int]:
    """One CSV per table in ``directory`` (created if missing)."""
    if directory.exists() and not directory.is_dir():
        raise HmicError(f"{directory} is a file; give a directory for CSV export")
    targets = {name: directory / f"{name}.csv" for name in TABLES}
    clashes = [str(p) for p in targets.values() if p.exists()]
    if clashes and not overwrite:
        raise HmicError(f"{clashes[0]} already exists; use --overwrite to replace it")
    directory.mkdir(parents=True, exist_ok=True)
    rows = table_rows(ds)
    for name, columns in TABLES.items():
        atomic_write(targets[name], _csv_bytes(columns, rows[name]))
    return {name: len(r) for name, r in rows.items()}


def _csv_bytes(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> bytes:
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return buf.getvalue().encode("utf-8")
