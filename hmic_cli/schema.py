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
from typing import Any, NamedTuple

from .errors import DataError
from .model import Catalog, Grade, Plain
from .toml_lines import LineIndex, Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on Python 3.10
    import tomli as tomllib


FORCE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# C0 controls other than tab and newline, DEL, and the C1 range: text from the
# data must never be able to drive the terminal.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

AREA_ID = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
TOP_KEYS = {"force", "inspection", "cycle", "report"}
CYCLE_KEYS = {
    "id",
    "label",
    "programme",
    "year",
    "end",
    "scale",
    "group",
    "dimension",
    "source",
    "note",
    "area",
}
AREA_KEYS = {"id", "name", "short", "graded"}
REPORT_KEYS = {
    "force",
    "programme",
    "cycle",
    "year",
    "causes_of_concern",
    "published",
    "notes",
    "sources",
    "document",
}
FORCE_KEYS = {"id", "name", "nation", "aliases", "source"}
INSPECTION_KEYS = {
    "force",
    "programme",
    "cycle",
    "year",
    "area",
    "pillar",
    "grade",
    "evidence",
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
    def check(self, data: dict[str, Any]) -> Parsed:
        """Every force, cycle, inspection and report of the file as plain records."""
        for key in data:
            if key not in TOP_KEYS:
                allowed = ", ".join(sorted(TOP_KEYS))
                self.error((key,), f"unknown top-level key '{key}' (allowed: {allowed})")

        def each(key: str, check: Any) -> list[Plain]:
            found = (check(raw, (key, i)) for i, raw in enumerate(self.tables(data.get(key), (key,))))
            return [r for r in found if r is not None]

        return Parsed(
            forces=each("force", self.force),
            cycles=each("cycle", self.cycle),
            inspections=each("inspection", self.inspection),
            reports=each("report", self.report),
            errors=self.errors,
        )

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

    def cycle(self, raw: Any, where: Path) -> Plain | None:
        before = len(self.errors)
        raw = self.table(raw, where, CYCLE_KEYS)
        cycle_id = self.text_value(raw.get("id"), (*where, "id"), required=True)
        if cycle_id is not None and not re.fullmatch(r"\d{4}(?:[/-]\d{2})?", cycle_id):
            self.error((*where, "id"), f"cycle id '{cycle_id}' must look like 2016, 2018/19 or 2023-25")
        year = self.integer(raw.get("year"), (*where, "year"), required=True, low=1990, high=2100)
        end = self.integer(raw.get("end"), (*where, "end"), required=False, low=1990, high=2100)
        if year is not None and end is not None and end <= year:
            self.error((*where, "end"), f"'end' ({end}) must come after 'year' ({year})")
        elif cycle_id is not None and year is not None and not _id_matches(cycle_id, year, end):
            # Records and the command line find a cycle by its years (see
            # ``Catalog.parse``), so an id that disagrees with them could not be used.
            span = f"{year} to {end}" if end else f"{year} (no 'end')"
            self.error((*where, "id"), f"cycle id '{cycle_id}' does not agree with its years, {span}")
        scale: list[str] = []
        for n, text in enumerate(self.text_list(raw.get("scale"), (*where, "scale"))):
            grade = self.grade(text, (*where, "scale", n))
            if grade is not None and Grade(grade).rank is None:
                self.error((*where, "scale", n), f"'{grade}' is not a judgement and cannot be on a scale")
            elif grade is not None:
                scale.append(grade)
        if not scale:
            self.error((*where, "scale"), "a cycle needs a 'scale' of grades, best first")
        elif scale != sorted(set(scale), key=lambda g: -(Grade(g).rank or 0)):
            # A cycle ranks grades by their place on its scale; that must agree
            # with how grades compare everywhere else.
            self.error((*where, "scale"), "a 'scale' must list each grade once, best first")
        dimension = self.text_value(raw.get("dimension", "area"), (*where, "dimension"))
        if dimension not in ("area", "pillar"):
            self.error((*where, "dimension"), '\'dimension\' must be "area" or "pillar"')
        areas = [
            a
            for n, item in enumerate(self.tables(raw.get("area"), (*where, "area")))
            if (a := self.area(item, (*where, "area", n))) is not None
        ]
        if not areas:
            self.error(where, "a cycle needs at least one [[cycle.area]]")
        for key in ("id", "short"):
            seen: set[str] = set()
            for n, area in enumerate(areas):
                if area[key] in seen:
                    self.error(
                        (*where, "area", n, key), f"area {key} '{area[key]}' appears twice in this cycle"
                    )
                seen.add(area[key])
        record = {
            "id": cycle_id,
            "label": self.text_value(raw.get("label"), (*where, "label")) or cycle_id,
            "programme": self.text_value(raw.get("programme", "PEEL"), (*where, "programme")),
            "year": year,
            "end": end,
            "scale": scale,
            "group": self.text_value(raw.get("group"), (*where, "group"), required=True),
            "dimension": dimension,
            "source": self.text_value(raw.get("source"), (*where, "source")),
            "note": self.text_value(raw.get("note"), (*where, "note")),
            "areas": areas,
            "path": self.path,
            "line": self.line(where),
        }
        return record if len(self.errors) == before else None

    def area(self, raw: Any, where: Path) -> Plain | None:
        raw = self.table(raw, where, AREA_KEYS)
        area_id = self.text_value(raw.get("id"), (*where, "id"), required=True)
        if area_id is not None and not AREA_ID.match(area_id):
            self.error((*where, "id"), f"area id '{area_id}' must be lower-case words joined by '_'")
        short = self.text_value(raw.get("short"), (*where, "short"), required=True)
        if short is not None and len(short) > 3:
            self.error((*where, "short"), f"'short' must be at most 3 characters, not {short!r}")
        graded = self.text_value(raw.get("graded", "yes"), (*where, "graded"))
        if graded not in ("yes", "no", "sometimes"):
            self.error((*where, "graded"), '\'graded\' must be "yes", "no" or "sometimes"')
        name = self.text_value(raw.get("name"), (*where, "name"), required=True)
        if None in (area_id, short, name):
            return None
        return {"id": area_id, "name": name, "short": short, "graded": graded}

    def cycle_ref(self, raw: dict[str, Any], where: Path) -> Plain:
        """``cycle = "2021/22"`` or ``year = 2021``, resolved later against the catalogue."""
        text = self.text_value(raw.get("cycle"), (*where, "cycle"))
        year = self.integer(raw.get("year"), (*where, "year"), required=False, low=1990, high=2100)
        if text is None and year is None and "cycle" not in raw and "year" not in raw:
            self.error(where, "missing required key 'cycle' (or 'year')")
        return {"cycle": text, "year": year, "cycle_line": self.line((*where, "cycle" if text else "year"))}

    def inspection(self, raw: Any, where: Path) -> Plain | None:
        before = len(self.errors)
        raw = self.table(raw, where, INSPECTION_KEYS)
        if "area" in raw and "pillar" in raw:
            self.error((*where, "pillar"), "give 'area' or 'pillar' (its older name), not both")
        area_key = "pillar" if "pillar" in raw and "area" not in raw else "area"
        record: Plain = {
            "force": self.text_value(raw.get("force"), (*where, "force"), required=True),
            "programme": self.text_value(raw.get("programme", "PEEL"), (*where, "programme")),
            **self.cycle_ref(raw, where),
            "area": self.text_value(raw.get(area_key), (*where, area_key), required=True),
            "area_line": self.line((*where, area_key)),
            "grade": self.grade(raw.get("grade"), (*where, "grade")),
            "grade_line": self.line((*where, "grade")),
            "published": self.day(raw.get("published"), (*where, "published")),
            "summary": self.text_value(raw.get("summary"), (*where, "summary")),
            "notes": self.text_list(raw.get("notes"), (*where, "notes")),
            "evidence": self.text_value(raw.get("evidence"), (*where, "evidence")),
            "areas_for_improvement": self.text_list(
                raw.get("areas_for_improvement"), (*where, "areas_for_improvement")
            ),
            "causes_of_concern": self.text_list(raw.get("causes_of_concern"), (*where, "causes_of_concern")),
            "questions": self.questions(raw.get("question"), (*where, "question")),
            "sources": self.sources(raw, where, "inspection"),
            "path": self.path,
            "line": self.line(where),
        }
        return record if len(self.errors) == before else None

    def report(self, raw: Any, where: Path) -> Plain | None:
        before = len(self.errors)
        raw = self.table(raw, where, REPORT_KEYS)
        count = raw.get("causes_of_concern")
        if count == "unknown":
            count = None
        elif count is not None or "causes_of_concern" not in raw:
            count = self.integer(count, (*where, "causes_of_concern"), required=True, low=0, high=99)
        record: Plain = {
            "force": self.text_value(raw.get("force"), (*where, "force"), required=True),
            "programme": self.text_value(raw.get("programme", "PEEL"), (*where, "programme")),
            **self.cycle_ref(raw, where),
            "causes_of_concern": count,
            "published": self.day(raw.get("published"), (*where, "published")),
            "notes": self.text_list(raw.get("notes"), (*where, "notes")),
            "sources": self.sources(raw, where, "report"),
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
                    "grade_line": self.line((*at, "grade")),
                    "highlights": self.text_list(raw.get("highlights"), (*at, "highlights")),
                    "areas_for_improvement": self.text_list(
                        raw.get("areas_for_improvement"), (*at, "areas_for_improvement")
                    ),
                }
            )
        return sorted(out, key=lambda q: q["number"] or 0)

    def sources(self, raw: dict[str, Any], where: Path, table: str) -> list[Plain]:
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
            self.error(where, f"every {table} must name its source ('sources' or [[{table}.document]])")
        return out


class Parsed(NamedTuple):
    """One file's records, each a plain dict, and what was wrong with it."""

    forces: list[Plain]
    cycles: list[Plain]
    inspections: list[Plain]
    reports: list[Plain]
    errors: list[DataError]


def parse_file(path: str, data: bytes) -> Parsed:
    """Decode, parse and validate one file; never raises for bad content."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return Parsed([], [], [], [], [DataError(path, line, "not valid UTF-8 text")])
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return Parsed([], [], [], [], [_toml_error(path, exc)])
    return FileChecker(path, text).check(parsed)


def bind(record: Plain, catalog: Catalog) -> list[DataError]:
    """Check a record against its cycle and replace its cycle reference by the cycle's id.

    This is the second pass of validation: the catalogue may come from
    another file (``cycles.toml``, or a user's own for a new cycle), so the
    scale and the areas can only be checked once every file is read.
    """
    path = record["path"]
    spelled = record.pop("cycle")
    year = record.pop("year")
    line = record.pop("cycle_line")
    try:
        cycle = catalog.parse(spelled) if spelled is not None else catalog.for_year(year)
    except ValueError as exc:
        return [DataError(path, line, str(exc))]
    if cycle is None:
        return [DataError(path, line, f"no PEEL cycle starts in {year} (cycles: {catalog.labels()})")]
    errors = []
    if spelled is not None and year is not None and year != cycle.year:
        errors.append(DataError(path, line, f"'year' {year} does not match cycle {cycle.label}"))
    record["cycle"] = cycle.id
    if "area" in record:
        area_line = record.pop("area_line")
        if cycle.area(record["area"]) is None:
            try:
                found = catalog.find_areas(record["area"], [cycle])
                record["area"] = found[0]
            except ValueError:
                areas = ", ".join(a.id for a in cycle.areas)
                errors.append(
                    DataError(
                        path,
                        area_line,
                        f"PEEL {cycle.label} has no area '{record['area']}' (its areas: {areas})",
                    )
                )
        graded = [(record["grade"], record.pop("grade_line"))]
        graded += [(q["grade"], q.pop("grade_line")) for q in record["questions"]]
        scale = ", ".join(g.value for g in cycle.scale)
        for value, at in graded:
            if not cycle.allows(Grade(value)):
                errors.append(
                    DataError(
                        path,
                        at,
                        f"'{value}' is not a grade of PEEL {cycle.label} "
                        f"(its scale: {scale}; or not_graded, unknown)",
                    )
                )
    return errors


def _toml_error(path: str, exc: Exception) -> DataError:
    message = str(exc)
    match = re.search(r"\(at line (\d+), column \d+\)|\(at end of document\)", message)
    line = int(match.group(1)) if match and match.group(1) else None
    detail = message[: match.start()].strip() if match else message
    return DataError(path, line, f"invalid TOML: {detail[:1].lower()}{detail[1:]}")


def _id_matches(cycle_id: str, year: int, end: int | None) -> bool:
    """``2023-25`` needs year 2023 and end 2025; ``2016`` needs year 2016."""
    match = re.fullmatch(r"(\d{4})(?:[/-](\d{2}))?", cycle_id)
    if match is None:
        return True  # reported as malformed already
    if int(match.group(1)) != year:
        return False
    return match.group(2) is None or (end is not None and int(match.group(2)) == end % 100)


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
