"""Validation of one data file: TOML text in, plain records or located errors out.

The output ("plain records") is made only of dicts, lists, strings, ints and
``None``. That keeps it cheap to cache with ``marshal`` and lets the model be
built the same way whether the data came from TOML or from the cache. The
schema itself is documented in ``data/README.md``; keep the two in step.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from typing import Any

from .errors import DataError
from .model import Grade, Pillar, Plain
from .toml_lines import LineIndex, Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on Python 3.10
    import tomli as tomllib


FORCE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# C0 controls other than tab and newline, DEL, and the C1 range: text from the
# data must never be able to drive the terminal.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

TOP_KEYS = {"force", "inspection"}
FORCE_KEYS = {"id", "name", "nation", "aliases", "source"}
INSPECTION_KEYS = {
    "force",
    "programme",
    "year",
    "pillar",
    "grade",
    "published",
    "summary",
    "notes",
    "areas_for_improvement",
    "causes_of_concern",
    "question",
    "sources",
    "document",
}
QUESTION_KEYS = {"number", "text", "grade", "highlights", "areas_for_improvement"}
DOCUMENT_KEYS = {"title", "url", "date", "issued_by", "author_role", "audience"}


class FileChecker:
    """Validates the parsed TOML of one file, collecting every problem."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.errors: list[DataError] = []
        self._index: LineIndex | None = None

    def line(self, where: Path) -> int:
        if self._index is None:
            self._index = LineIndex(self.text)
        return self._index.line(where)

    def error(self, where: Path, message: str) -> None:
        self.errors.append(DataError(self.path, self.line(where), message))

    # -- scalar checks -------------------------------------------------
    def text_value(self, value: Any, where: Path, *, required: bool = False) -> str | None:
        name = _name(where)
        if value is None:
            if required:
                self.error(where[:-1], f"missing required key '{name}'")
            return None
        if not isinstance(value, str):
            self.error(where, f"'{name}' must be a string, not {_type(value)}")
            return None
        if not value.strip():
            self.error(where, f"'{name}' must not be empty")
            return None
        if CONTROL.search(value):
            self.error(where, f"'{name}' contains a control character")
            return None
        return value.strip()

    def text_list(self, value: Any, where: Path) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(where, f"'{_name(where)}' must be an array of strings, not {_type(value)}")
            return []
        out = []
        for i, item in enumerate(value):
            checked = self.text_value(item, (*where, i))
            if checked is not None:
                out.append(checked)
        return out

    def integer(self, value: Any, where: Path, *, required: bool, low: int, high: int) -> int | None:
        name = _name(where)
        if value is None:
            if required:
                self.error(where[:-1], f"missing required key '{name}'")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(where, f"'{name}' must be an integer, not {_type(value)}")
            return None
        if not low <= value <= high:
            self.error(where, f"'{name}' must be between {low} and {high}, not {value}")
            return None
        return value

    def grade(self, value: Any, where: Path) -> str | None:
        checked = self.text_value(value, where, required=True)
        if checked is None:
            return None
        try:
            return Grade.parse(checked).value
        except ValueError as exc:
            self.error(where, str(exc))
            return None

    def day(self, value: Any, where: Path) -> str | None:
        if value is None or value == "unknown":
            return None
        if isinstance(value, date) and not hasattr(value, "hour"):
            return value.isoformat()
        self.error(where, f"'{_name(where)}' must be a date like 2017-03-02 or \"unknown\"")
        return None

    def table(self, value: Any, where: Path, allowed: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.error(where, f"'{_name(where)}' must be a table, not {_type(value)}")
            return {}
        for key in value:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                self.error((*where, key), f"unknown key '{key}' (allowed: {hint})")
        return value

    def tables(self, value: Any, where: Path) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(where, f"'{_name(where)}' must be an array of tables, not {_type(value)}")
            return []
        return value

    # -- records -------------------------------------------------------
    def check(self, data: dict[str, Any]) -> tuple[list[Plain], list[Plain]]:
        """Return (forces, inspections) as plain records."""
        for key in data:
            if key not in TOP_KEYS:
                self.error((key,), f"unknown top-level key '{key}' (allowed: force, inspection)")
        forces = [
            f
            for i, raw in enumerate(self.tables(data.get("force"), ("force",)))
            if (f := self.force(raw, ("force", i))) is not None
        ]
        inspections = [
            r
            for i, raw in enumerate(self.tables(data.get("inspection"), ("inspection",)))
            if (r := self.inspection(raw, ("inspection", i))) is not None
        ]
        return forces, inspections

    def force(self, raw: Any, where: Path) -> Plain | None:
        before = len(self.errors)
        raw = self.table(raw, where, FORCE_KEYS)
        force_id = self.text_value(raw.get("id"), (*where, "id"), required=True)
        if force_id is not None and not FORCE_ID.match(force_id):
            self.error((*where, "id"), f"force id '{force_id}' must be lower-case words joined by '-'")
        name = self.text_value(raw.get("name"), (*where, "name"), required=True)
        record = {
            "id": force_id,
            "name": name,
            "nation": self.text_value(raw.get("nation"), (*where, "nation")),
            "aliases": [a.lower() for a in self.text_list(raw.get("aliases"), (*where, "aliases"))],
            "source": self.text_value(raw.get("source"), (*where, "source")),
            "path": self.path,
            "line": self.line(where),
        }
        return record if len(self.errors) == before else None

    def inspection(self, raw: Any, where: Path) -> Plain | None:
        before = len(self.errors)
        raw = self.table(raw, where, INSPECTION_KEYS)
        force = self.text_value(raw.get("force"), (*where, "force"), required=True)
        programme = self.text_value(raw.get("programme", "PEEL"), (*where, "programme"))
        year = self.integer(raw.get("year"), (*where, "year"), required=True, low=1990, high=2100)
        pillar = self.text_value(raw.get("pillar"), (*where, "pillar"), required=True)
        if pillar is not None:
            try:
                pillar = Pillar.parse(pillar).value
            except ValueError as exc:
                self.error((*where, "pillar"), str(exc))
        record: Plain = {
            "force": force,
            "programme": programme,
            "year": year,
            "pillar": pillar,
            "grade": self.grade(raw.get("grade"), (*where, "grade")),
            "published": self.day(raw.get("published"), (*where, "published")),
            "summary": self.text_value(raw.get("summary"), (*where, "summary")),
            "notes": self.text_list(raw.get("notes"), (*where, "notes")),
            "areas_for_improvement": self.text_list(
                raw.get("areas_for_improvement"), (*where, "areas_for_improvement")
            ),
            "causes_of_concern": self.text_list(raw.get("causes_of_concern"), (*where, "causes_of_concern")),
            "questions": self.questions(raw.get("question"), (*where, "question")),
            "sources": self.sources(raw, where),
            "path": self.path,
            "line": self.line(where),
        }
        return record if len(self.errors) == before else None

    def questions(self, value: Any, where: Path) -> list[Plain]:
        out: list[Plain] = []
        seen: set[int] = set()
        for i, raw in enumerate(self.tables(value, where)):
            at = (*where, i)
            raw = self.table(raw, at, QUESTION_KEYS)
            number = self.integer(raw.get("number"), (*at, "number"), required=True, low=1, high=999)
            if number is not None:
                if number in seen:
                    self.error((*at, "number"), f"question {number} appears twice in this inspection")
                seen.add(number)
            out.append(
                {
                    "number": number,
                    "text": self.text_value(raw.get("text"), (*at, "text"), required=True),
                    "grade": self.grade(raw.get("grade"), (*at, "grade")),
                    "highlights": self.text_list(raw.get("highlights"), (*at, "highlights")),
                    "areas_for_improvement": self.text_list(
                        raw.get("areas_for_improvement"), (*at, "areas_for_improvement")
                    ),
                }
            )
        return sorted(out, key=lambda q: q["number"] or 0)

    def sources(self, raw: dict[str, Any], where: Path) -> list[Plain]:
        out: list[Plain] = []
        for i, doc in enumerate(self.tables(raw.get("document"), (*where, "document"))):
            at = (*where, "document", i)
            doc = self.table(doc, at, DOCUMENT_KEYS)
            entry = {k: self.text_value(doc.get(k), (*at, k)) for k in sorted(DOCUMENT_KEYS - {"date"})}
            entry["date"] = self.day(doc.get("date"), (*at, "date"))
            if not entry["title"] and not entry["url"]:
                self.error(at, "a document needs a 'title' or a 'url'")
            if entry["url"] and not _is_url(entry["url"]):
                self.error(
                    (*at, "url"), f"'url' must be a web address (http:// or https://), not {entry['url']!r}"
                )
            out.append(entry)
        urls = self.text_list(raw.get("sources"), (*where, "sources"))
        for n, url in enumerate(urls):
            if not _is_url(url):
                self.error(
                    (*where, "sources", n),
                    f"'sources' items must be web addresses (http:// or https://), not {url!r}",
                )
        for url in urls:
            entry = dict.fromkeys(DOCUMENT_KEYS)
            entry["url"] = url
            out.append(entry)
        if not out:
            self.error(where, "every inspection must name its source ('sources' or [[inspection.document]])")
        return out


def parse_file(path: str, data: bytes) -> tuple[list[Plain], list[Plain], list[DataError]]:
    """Decode, parse and validate one file; never raises for bad content."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return [], [], [DataError(path, line, "not valid UTF-8 text")]
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [], [], [_toml_error(path, exc)]
    checker = FileChecker(path, text)
    forces, inspections = checker.check(parsed)
    return forces, inspections, checker.errors


def _toml_error(path: str, exc: Exception) -> DataError:
    message = str(exc)
    match = re.search(r"\(at line (\d+), column \d+\)|\(at end of document\)", message)
    line = int(match.group(1)) if match and match.group(1) else None
    detail = message[: match.start()].strip() if match else message
    return DataError(path, line, f"invalid TOML: {detail[:1].lower()}{detail[1:]}")


def _is_url(text: str) -> bool:
    return re.match(r"^https?://\S+$", text) is not None


def _name(where: Path) -> str:
    for part in reversed(where):
        if isinstance(part, str):
            return part
    return "value"


def _type(value: Any) -> str:
    return {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "a table",
    }.get(type(value), type(value).__name__)
