"""Imported records as TOML data files that the loader reads back unchanged.

The TOML comes from tomli-w, which quotes and escapes every string itself
(control characters, DEL, quotes, backslashes), so text from a report can
never break out of its string. Every file starts with a comment that says it
was imported and must be checked against the report, because the importer
reads prose and a person should confirm what it found. The text is parsed back
before it is used, so a file that would not load is never printed or written.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from datetime import date
from pathlib import Path
from typing import Any

from .files import write_file
from .importer import ImportFailure
from .model import Plain

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on Python 3.10
    import tomli as tomllib

HEADER = (
    "# Imported by 'hmic import' from the text of a report or a statement about one.\n"
    "# Check every grade against its 'evidence' and the report before relying on it.\n"
)
_INSPECTION_KEYS = (
    "force",
    "programme",
    "cycle",
    "area",
    "grade",
    "published",
    "evidence",
    "summary",
    "notes",
    "areas_for_improvement",
    "causes_of_concern",
    "sources",
    "document",
    "question",
)
_REPORT_KEYS = (
    "force",
    "programme",
    "cycle",
    "causes_of_concern",
    "published",
    "notes",
    "sources",
    "document",
)
_DOCUMENT_KEYS = ("title", "issued_by", "audience", "author_role", "date", "url")
_QUESTION_KEYS = ("number", "text", "grade", "highlights", "areas_for_improvement")


def render(inspections: list[Plain], reports: list[Plain]) -> str:
    """The records as one TOML data file, checked by reading it back."""
    import tomli_w

    data: dict[str, Any] = {}
    if inspections:
        data["inspection"] = [_inspection(r) for r in inspections]
    if reports:
        data["report"] = [_report(r) for r in reports]
    text = HEADER + "\n" + tomli_w.dumps(data)
    _check(text, data)
    return text


def file_name(record: Plain) -> str:
    """The file one record is written to: ``kent-2023-25-investigating_crime.toml``, or
    ``kent-2023-25-report.toml`` for a report record. ASCII, no path separators."""
    parts = [record["force"], record["cycle"], record.get("area") or "report"]
    return "-".join(re.sub(r"[^a-z0-9_]+", "-", str(p).lower()).strip("-") or "x" for p in parts) + ".toml"


def write_records(
    inspections: list[Plain], reports: list[Plain], directory: Path, *, overwrite: bool
) -> list[Path]:
    """One file per record in ``directory``.

    Every target is checked before anything is written, so a clash with an
    existing file (or between two records) leaves the directory untouched.
    """
    if not directory.is_dir():
        raise ImportFailure(f"data directory '{directory}' does not exist")
    planned: dict[Path, str] = {}
    for records, is_report in ((inspections, False), (reports, True)):
        for record in records:
            path = directory / file_name(record)
            if path in planned:
                raise ImportFailure(f"two imported records would both be written to {path}")
            planned[path] = render([], [record]) if is_report else render([record], [])
    for path in planned:
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(mode):
            raise ImportFailure(f"{path} is not a regular file; refusing to replace it")
        if not overwrite:
            raise ImportFailure(f"{path} already exists; use --overwrite to replace it")
    for path, text in planned.items():
        write_file(path, text.encode("utf-8"), overwrite=overwrite)
    return list(planned)


def _inspection(record: Plain) -> dict[str, Any]:
    out: dict[str, Any] = {k: record[k] for k in ("force", "programme", "cycle", "area", "grade")}
    out["published"] = _day(record.get("published")) or "unknown"
    for key in ("evidence", "summary"):
        if record.get(key):
            out[key] = record[key]
    for key in ("notes", "areas_for_improvement", "causes_of_concern"):
        if record.get(key):
            out[key] = list(record[key])
    _sources(record, out)
    questions = [_question(q) for q in record.get("questions") or []]
    if questions:
        out["question"] = questions
    return out


def _report(record: Plain) -> dict[str, Any]:
    out: dict[str, Any] = {"force": record["force"], "programme": record.get("programme") or "PEEL"}
    out["cycle"] = record["cycle"]
    count = record.get("causes_of_concern")
    out["causes_of_concern"] = count if isinstance(count, int) else "unknown"
    out["published"] = _day(record.get("published")) or "unknown"
    if record.get("notes"):
        out["notes"] = list(record["notes"])
    _sources(record, out)
    return out


def _sources(record: Plain, out: dict[str, Any]) -> None:
    """Bare addresses go in ``sources``; anything with a title or date becomes a ``document``."""
    urls, documents = [], []
    for source in record.get("sources") or []:
        if source.get("url") and not any(source.get(k) for k in _DOCUMENT_KEYS if k != "url"):
            urls.append(source["url"])
            continue
        doc = {k: source[k] for k in _DOCUMENT_KEYS if source.get(k)}
        if "date" in doc:
            doc["date"] = _day(doc["date"])
        documents.append(doc)
    if urls:
        out["sources"] = urls
    if documents:
        out["document"] = documents


def _question(question: Plain) -> dict[str, Any]:
    out = {k: question[k] for k in ("number", "text", "grade")}
    for key in ("highlights", "areas_for_improvement"):
        if question.get(key):
            out[key] = list(question[key])
    return out


def _day(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value if isinstance(value, date) else None


def _check(text: str, data: dict[str, Any]) -> None:
    """Read the TOML back: it must parse to exactly what was meant, with only the schema's keys."""
    try:
        back = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ImportFailure(f"the imported record is not valid TOML: {exc}") from None
    problems = [
        f"{table}: unknown key '{key}'"
        for table, allowed in (("inspection", _INSPECTION_KEYS), ("report", _REPORT_KEYS))
        for record in back.get(table, [])
        for key in record
        if key not in allowed
    ]
    problems += [f"unknown table '{key}'" for key in back if key not in ("inspection", "report")]
    for table in ("inspection", "report"):
        for record in back.get(table, []):
            docs, questions = record.get("document", []), record.get("question", [])
            problems += [f"document: unknown key '{k}'" for d in docs for k in d if k not in _DOCUMENT_KEYS]
            problems += [
                f"question: unknown key '{k}'" for q in questions for k in q if k not in _QUESTION_KEYS
            ]
            if not record.get("sources") and not docs:
                problems.append(f"{table}: no source (every record must name one)")
    if back != data:
        problems.append("the TOML does not read back as written")
    if problems:
        raise ImportFailure(f"the imported record is not valid: {problems[0]}")
