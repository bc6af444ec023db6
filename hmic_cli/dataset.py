"""Finding, reading and combining data directories into one ``Dataset``.

The bundled data ships inside the wheel as ``hmic_cli/data``; in a source
checkout it is the top-level ``data/`` folder. Users add directories with
``--data-dir`` or ``HMIC_DATA_DIR``; a user record replaces the bundled one
for the same force, programme, cycle and area. The PEEL cycles themselves
(their scales and areas) are data too (``cycles.toml``), so a new cycle is a
data change.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import DataError, DataErrors, UsageError
from .model import (
    Area,
    Catalog,
    Cycle,
    Force,
    Grade,
    Inspection,
    Plain,
    Question,
    ReportFacts,
    Source,
    holds_findings,
)

if TYPE_CHECKING:
    from .names import ForceMatcher

PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_dir() -> Path:
    """The data shipped with the tool (wheel layout first, then checkout)."""
    installed = PACKAGE_DIR / "data"
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / "data"


def user_dirs(dirs: Iterable[Path]) -> list[Path]:
    """User data directories, checked, absolute and each once however often named."""
    checked = []
    for d in dirs:
        if not d.is_dir():
            what = "is not a directory" if d.exists() else "does not exist"
            raise UsageError(f"data directory '{d}' {what}")
        checked.append(d.absolute())
    return list(dict.fromkeys(checked))


def data_files(directory: Path) -> list[Path]:
    """The ``*.toml`` files of one directory, in a stable order."""
    try:
        return sorted(p for p in directory.iterdir() if p.suffix == ".toml" and p.is_file())
    except OSError as exc:
        raise UsageError(f"cannot read data directory '{directory}': {exc.strerror}") from None


class Replacement(NamedTuple):
    """Records of one user directory that took the place of earlier ones."""

    directory: str
    records: int
    bundled: int

    def describe(self) -> str:
        whose = "bundled" if self.bundled == self.records else "earlier"
        if self.records == 1:
            what = f"1 record in {self.directory} replaces {'a' if whose == 'bundled' else 'an'} {whose} one"
        else:
            what = f"{self.records} records in {self.directory} replace {whose} ones"
        return f"{what} (--quiet hides this)"


class GradeKey(NamedTuple):
    """What the national picture needs of a record, without building it."""

    force: str
    programme: str
    cycle: str
    area: str
    grade: str


# The cache's form of the records, shaped so that a command reads only what it needs:
#
# - a summary computed once: how many records, the grade counts of every cycle
#   and area (the national picture a report quotes), and each force's record
#   counts;
# - a section per force: its records whole, each with its number in data order,
#   and its report records (what a question about one force reads);
# - a section of columns (force, programme, cycle, area, grade and the record's
#   place in its force's section) for the questions that scan every force;
# - a section of every report record, in data order.
#
# Each section is one marshal blob, loaded when first used; the cache file
# reads a blob from disk only then (see ``cache``). A question about one force
# therefore costs the same whether the data holds 43 forces or 400.
COLUMNS = ("force", "programme", "cycle", "area", "grade", "ordinal")
COLUMNS_SECTION = "columns"
REPORTS_SECTION = "reports"


def force_section(force_id: str) -> str:
    """The section of one force (ids never contain a space, so no name clashes)."""
    return f"force {force_id}"


def pack(records: list[Plain], reports: list[Plain]) -> Plain:
    """Validated plain records and report records in the cache's form (see above)."""
    columns: Plain = {key: [] for key in COLUMNS}
    own: dict[str, tuple[list[tuple[Any, ...]], list[Plain]]] = {}
    counts: dict[tuple[str, str], dict[str, int]] = {}
    per_force: dict[str, tuple[int, int]] = {}
    for n, r in enumerate(records):
        rows = own.setdefault(r["force"], ([], []))[0]
        for key in COLUMNS[:5]:
            columns[key].append(r[key])
        columns["ordinal"].append(len(rows))
        rows.append(
            (
                n,
                r["programme"],
                r["cycle"],
                r["area"],
                r["grade"],
                r["published"],
                tuple(r["notes"]),
                _pack_sources(r["sources"]),
                r["evidence"],
                r["path"],
                r["line"],
                r["summary"],
                tuple(r["areas_for_improvement"]),
                tuple(r["causes_of_concern"]),
                tuple(_pack_question(q) for q in r["questions"]),
            )
        )
        group = counts.setdefault((r["cycle"], r["area"]), {})
        group[r["grade"]] = group.get(r["grade"], 0) + 1
        total, detailed = per_force.get(r["force"], (0, 0))
        has_findings = holds_findings(
            r["summary"], r["questions"], r["areas_for_improvement"], r["causes_of_concern"]
        )
        per_force[r["force"]] = (total + 1, detailed + has_findings)
    for report in reports:
        own.setdefault(report["force"], ([], []))[1].append(report)
    sections = {
        COLUMNS_SECTION: marshal.dumps(columns),
        REPORTS_SECTION: marshal.dumps(reports),
        **{force_section(force): marshal.dumps(parts) for force, parts in own.items()},
    }
    return {"total": len(records), "counts": counts, "record_counts": per_force, "sections": sections}


def _pack_question(q: Plain) -> tuple[Any, ...]:
    return (q["number"], q["text"], q["grade"], tuple(q["highlights"]), tuple(q["areas_for_improvement"]))


def _pack_sources(sources: list[Plain]) -> tuple[Any, ...]:
    return tuple(
        (s["title"], s["url"], s["date"], s["issued_by"], s["author_role"], s["audience"]) for s in sources
    )


# Many records cite the same page: each distinct source is built once.
_SOURCES: dict[tuple[Any, ...], Source] = {}


def _sources(packed: tuple[Any, ...]) -> tuple[Source, ...]:
    return tuple(_source(s) for s in packed)


def _source(packed: tuple[Any, ...]) -> Source:
    found = _SOURCES.get(packed)
    if found is None:
        t, u, d, i, ar, au = packed
        found = _SOURCES[packed] = Source(
            title=t, url=u, date=_day(d), issued_by=i, author_role=ar, audience=au
        )
    return found


_GRADES = {g.value: g for g in Grade}


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


class Dataset:
    """All forces, cycles, inspections and report facts the tool knows, ready to query.

    Records are kept in the cache's form (see ``pack``) and built into
    ``Inspection`` objects only when asked for.
    """

    def __init__(
        self,
        forces: tuple[Force, ...],
        catalog: Catalog,
        records: Plain,
        replacements: tuple[Replacement, ...] = (),
    ) -> None:
        self.forces = forces
        self.catalog = catalog
        self.replacements = replacements
        self._total: int = records["total"]
        self._counts: dict[tuple[str, str], dict[str, int]] = records["counts"]
        self._record_counts: dict[str, tuple[int, int]] = records["record_counts"]
        self._sections: Mapping[str, bytes] = records["sections"]
        self._columns: Plain | None = None
        self._own: dict[str, tuple[list[tuple[Any, ...]], list[Plain]]] = {}
        self._by_id = {f.id: f for f in forces}
        self._built: dict[int, Inspection] = {}
        self._matcher: ForceMatcher | None = None

    # -- sections (see ``pack``) ---------------------------------------------
    def _section(self, force_id: str) -> tuple[list[tuple[Any, ...]], list[Plain]]:
        """One force's records and report records, unbuilt."""
        found = self._own.get(force_id)
        if found is None:
            blob = self._sections.get(force_section(force_id))
            found = self._own[force_id] = ([], []) if blob is None else marshal.loads(blob)
        return found

    def _scan(self) -> Plain:
        """The columns of every record, for questions about all forces."""
        if self._columns is None:
            self._columns = marshal.loads(self._sections[COLUMNS_SECTION])
        return self._columns

    # -- records -----------------------------------------------------------
    def _inspection(self, force_id: str, row: tuple[Any, ...]) -> Inspection:
        n = row[0]
        found = self._built.get(n)
        if found is None:
            (
                _,
                programme,
                cycle_id,
                area_id,
                grade,
                published,
                notes,
                sources,
                evidence,
                path,
                line,
                summary,
                areas,
                concerns,
                questions,
            ) = row
            cycle = self.catalog[cycle_id]
            area = cycle.area(area_id)
            assert area is not None  # checked when the data was read
            found = self._built[n] = Inspection(
                force=self._by_id[force_id],
                programme=programme,
                cycle=cycle,
                area=area,
                grade=_GRADES[grade],
                published=_day(published),
                summary=summary,
                notes=notes,
                areas_for_improvement=areas,
                causes_of_concern=concerns,
                questions=tuple(
                    Question(number=q, text=text, grade=_GRADES[g], highlights=h, areas_for_improvement=a)
                    for q, text, g, h, a in questions
                ),
                sources=_sources(sources),
                evidence=evidence,
                path=path,
                line=line,
            )
        return found

    @property
    def inspections(self) -> tuple[Inspection, ...]:
        """Every record (this builds them all: prefer ``select`` for a part)."""
        return tuple(self.select())

    def select(
        self,
        force_ids: Iterable[str] = (),
        cycles: Iterable[str] = (),
        areas: Iterable[str] = (),
    ) -> list[Inspection]:
        """Records of these forces, cycle ids and area ids (each: all if empty), in data order."""
        wanted_forces, wanted_cycles, wanted_areas = set(force_ids), set(cycles), set(areas)
        if wanted_forces:
            # Only the sections of the forces asked about are read.
            rows = sorted(
                ((row, force) for force in wanted_forces for row in self._section(force)[0]),
                key=lambda pair: pair[0][0],
            )
            return [
                self._inspection(force, row)
                for row, force in rows
                if (not wanted_cycles or row[2] in wanted_cycles)
                and (not wanted_areas or row[3] in wanted_areas)
            ]
        c = self._scan()
        force, cycle, area, ordinal = c["force"], c["cycle"], c["area"], c["ordinal"]
        return [
            self._inspection(force[n], self._section(force[n])[0][ordinal[n]])
            for n in range(self._total)
            if (not wanted_cycles or cycle[n] in wanted_cycles)
            and (not wanted_areas or area[n] in wanted_areas)
        ]

    def grade_index(self) -> list[GradeKey]:
        """(force, programme, cycle, area, grade) of every record, unbuilt."""
        c = self._scan()
        keys = zip(c["force"], c["programme"], c["cycle"], c["area"], c["grade"], strict=True)
        return [GradeKey(*k) for k in keys]

    def grade_counts(self, cycle: str, area: str) -> dict[str, int]:
        """How many forces have each grade value for one cycle and area (counted when packed)."""
        return dict(self._counts.get((cycle, area), {}))

    def record_counts(self) -> dict[str, tuple[int, int]]:
        """Per force id: (records, detailed records)."""
        return dict(self._record_counts)

    def plain(self, key: tuple[str, str, str, str]) -> Plain | None:
        """The record with this (force, programme, cycle, area) as a plain dict, for merging."""
        force_id, rest = key[0], key[1:]
        row = next((row for row in self._section(force_id)[0] if row[1:4] == rest), None)
        if row is None:
            return None
        i = self._inspection(force_id, row)
        return {
            "force": i.force.id,
            "programme": i.programme,
            "cycle": i.cycle.id,
            "area": i.area.id,
            "grade": i.grade.value,
            "published": i.published.isoformat() if i.published else None,
            "summary": i.summary,
            "notes": list(i.notes),
            "areas_for_improvement": list(i.areas_for_improvement),
            "causes_of_concern": list(i.causes_of_concern),
            "questions": [
                {
                    "number": q.number,
                    "text": q.text,
                    "grade": q.grade.value,
                    "highlights": list(q.highlights),
                    "areas_for_improvement": list(q.areas_for_improvement),
                }
                for q in i.questions
            ],
            "sources": [s.as_dict() for s in i.sources],
            "evidence": i.evidence,
            "path": i.path,
            "line": i.line,
        }

    # -- report facts ---------------------------------------------------------
    def report(self, force_id: str, cycle_id: str) -> ReportFacts | None:
        """What the data holds about one force's whole report in one cycle."""
        r = self._report(force_id, cycle_id)
        return None if r is None else self._facts(r)

    def plain_report(self, force_id: str, cycle_id: str) -> Plain | None:
        """The report record of one force and cycle as a plain dict, for merging."""
        r = self._report(force_id, cycle_id)
        return None if r is None else {**r, "notes": list(r["notes"]), "sources": list(r["sources"])}

    def reports(self) -> list[ReportFacts]:
        """The report facts of every force and cycle held, in data order.

        One per force and cycle, the same facts ``report`` gives: records that
        differ only in their programme are keyed apart in the data but
        ``ReportFacts`` does not say which programme, so the first one answers.
        """
        first: dict[tuple[str, str], Plain] = {}
        for r in marshal.loads(self._sections[REPORTS_SECTION]):
            first.setdefault((r["force"], r["cycle"]), r)
        return [self._facts(r) for r in first.values()]

    def _report(self, force_id: str, cycle_id: str) -> Plain | None:
        return next((r for r in self._section(force_id)[1] if r["cycle"] == cycle_id), None)

    def _facts(self, r: Plain) -> ReportFacts:
        return ReportFacts(
            force=self._by_id[r["force"]],
            cycle=self.catalog[r["cycle"]],
            causes_of_concern=r["causes_of_concern"],
            published=_day(r["published"]),
            notes=tuple(r["notes"]),
            sources=_sources(_pack_sources(r["sources"])),
        )

    # -- forces -------------------------------------------------------------
    def resolve_force(self, name: str) -> Force:
        """The force a person means (see ``names``); ``UsageError`` when none or several fit."""
        if self._matcher is None:
            from .names import ForceMatcher

            self._matcher = ForceMatcher(self.forces)
        return self._matcher.resolve(name)


# -- loading -------------------------------------------------------------


class Layers(NamedTuple):
    """Every file of every directory, parsed; layer 0 is the bundled data."""

    forces: list[list[Plain]]
    cycles: list[list[Plain]]
    inspections: list[list[Plain]]
    reports: list[list[Plain]]
    errors: list[DataError]


def read_layers(layers: list[list[Path]]) -> Layers:
    """Parse every file of every layer (a directory's files)."""
    from .schema import parse_file

    out = Layers([], [], [], [], [])
    for files in layers:
        parts: tuple[list[Plain], ...] = ([], [], [], [])
        for path in files:
            try:
                raw = path.read_bytes()
            except OSError as exc:
                out.errors.append(DataError(str(path), None, f"cannot read: {exc.strerror}"))
                continue
            parsed = parse_file(str(path), raw)
            for part, found in zip(parts, parsed[:4], strict=True):
                part.extend(found)
            out.errors.extend(parsed.errors)
        for whole, part in zip(out[:4], parts, strict=True):
            whole.append(part)
    return out


class Combined(NamedTuple):
    forces: list[Plain]
    cycles: list[Plain]
    records: list[Plain]
    reports: list[Plain]
    replaced: list[Plain]
    errors: list[DataError]


def _unique(layers: list[list[Plain]], what: str, errors: list[DataError]) -> dict[str, Plain]:
    """Forces or cycles by id; a repeat is allowed only when identical (a copied file)."""
    chosen: dict[str, Plain] = {}
    for layer in layers:
        for item in layer:
            first = chosen.get(item["id"])
            if first is None:
                chosen[item["id"]] = item
            elif _without_place(first) != _without_place(item):
                errors.append(
                    DataError(
                        item["path"],
                        item["line"],
                        f"{what} '{item['id']}' is already defined at {first['path']}:{first['line']}",
                    )
                )
    return chosen


def _without_place(item: Plain) -> Plain:
    return {k: v for k, v in item.items() if k not in ("path", "line")}


def combine(parsed: Layers) -> Combined:
    """Merge directories: check ids and duplicates, bind records to cycles, apply replacements.

    A record repeated within one directory is an error; a record in a later
    directory replaces an earlier one, and the replacements are counted per
    directory so that the user hears of them once.
    """
    errors = list(parsed.errors)
    forces = _unique(parsed.forces, "force", errors)
    cycles = _unique(parsed.cycles, "cycle", errors)
    by_year: dict[int, Plain] = {}
    for c in list(cycles.values()):
        first = by_year.setdefault(c["year"], c)
        if first is not c:
            # Records (``year = 2023``) and ``--year`` find a cycle by its first year.
            errors.append(
                DataError(
                    c["path"],
                    c["line"],
                    f"cycle '{c['id']}' starts in {c['year']}, as cycle '{first['id']}' does "
                    f"({first['path']}:{first['line']}); a year may start one cycle only",
                )
            )
            del cycles[c["id"]]
    catalog = build_catalog(list(cycles.values()))
    from .schema import bind

    def bound(
        layers: list[list[Plain]], key_fields: tuple[str, ...], what: str
    ) -> tuple[list[Plain], list[Plain]]:
        chosen: dict[tuple[Any, ...], Plain] = {}
        origin: dict[tuple[Any, ...], int] = {}
        replaced: list[Plain] = []
        for depth, layer in enumerate(layers):
            seen_here: dict[tuple[Any, ...], Plain] = {}
            for r in layer:
                problems = bind(r, catalog)
                if r["force"] not in forces:
                    problems.append(DataError(r["path"], r["line"], _unknown_id_message(r["force"], forces)))
                if problems:
                    errors.extend(problems)
                    continue
                key = tuple(r[k] for k in key_fields)
                if key in seen_here:
                    first = seen_here[key]
                    errors.append(
                        DataError(
                            r["path"],
                            r["line"],
                            f"duplicate {what} for {' '.join(map(str, key))} "
                            f"(first at {first['path']}:{first['line']})",
                        )
                    )
                    continue
                seen_here[key] = r
                if key in chosen and depth > 0:
                    replaced.append({"path": r["path"], "bundled": origin[key] == 0})
                chosen[key] = r
                origin[key] = depth
        return list(chosen.values()), replaced

    records, replaced = bound(parsed.inspections, ("force", "programme", "cycle", "area"), "record")
    reports, replaced_reports = bound(parsed.reports, ("force", "programme", "cycle"), "report")
    return Combined(
        list(forces.values()), list(cycles.values()), records, reports, replaced + replaced_reports, errors
    )


def build_catalog(cycles: list[Plain]) -> Catalog:
    return Catalog(
        tuple(
            Cycle(
                id=c["id"],
                label=c["label"],
                programme=c["programme"],
                year=c["year"],
                end=c["end"],
                scale=tuple(Grade(g) for g in c["scale"]),
                group=c["group"],
                dimension=c["dimension"],
                areas=tuple(
                    Area(id=a["id"], name=a["name"], short=a["short"], order=n, graded=a["graded"])
                    for n, a in enumerate(c["areas"], start=1)
                ),
                source=c["source"],
                note=c["note"],
            )
            for c in cycles
        )
    )


def _unknown_id_message(force_id: str, forces: dict[str, Plain]) -> str:
    import difflib

    close = difflib.get_close_matches(force_id, list(forces), n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown force id '{force_id}'{hint}"


def locate(extra: Sequence[Path] = ()) -> tuple[list[Path], list[Path]]:
    """The data directories in force (bundled first) and their files."""
    dirs = [bundled_dir(), *user_dirs(extra)]
    return dirs, [p for d in dirs for p in data_files(d)]


def load(extra: Sequence[Path] = (), *, cache_dir: Path | None = None) -> Dataset:
    """Load the bundled data plus user directories; raise ``DataErrors`` on any problem.

    With ``cache_dir`` the validated dataset is kept there (see ``cache``).
    """
    from . import cache

    dirs, files = locate(extra)
    plain = cache.read(cache_dir, files) if cache_dir else None
    if plain is None:
        combined = combine(read_layers([data_files(d) for d in dirs]))
        if combined.errors:
            raise DataErrors(combined.errors)
        plain = {
            "forces": combined.forces,
            "cycles": combined.cycles,
            "records": pack(combined.records, combined.reports),
            "replaced": _replacements(combined.replaced),
        }
        if cache_dir:
            cache.write(cache_dir, files, plain)
    return build(plain)


def _replacements(replaced: list[Plain]) -> list[Plain]:
    by_dir: dict[str, Plain] = {}
    for r in replaced:
        entry = by_dir.setdefault(str(Path(r["path"]).parent), {"count": 0, "bundled": 0})
        entry["count"] += 1
        entry["bundled"] += bool(r["bundled"])
    return [{"directory": d, **counts} for d, counts in by_dir.items()]


def build(plain: Plain) -> Dataset:
    """Turn validated plain records into the model."""
    forces = tuple(
        sorted(
            (
                Force(
                    id=f["id"],
                    name=f["name"],
                    nation=f["nation"],
                    aliases=tuple(f["aliases"]),
                    source=f["source"],
                )
                for f in plain["forces"]
            ),
            key=lambda f: f.name.lower(),
        )
    )
    replacements = tuple(Replacement(r["directory"], r["count"], r["bundled"]) for r in plain["replaced"])
    return Dataset(forces, build_catalog(plain["cycles"]), plain["records"], replacements)


class Report(NamedTuple):
    """What ``hmic validate`` found."""

    files: int
    forces: int
    cycles: int
    inspections: int
    reports: int
    errors: tuple[DataError, ...]


def validate(paths: Sequence[Path], *, with_bundled: bool = False) -> Report:
    """Check files and directories against the bundled data.

    The bundled data is always the first layer, so user records may refer to
    bundled forces and cycles and may replace bundled records, exactly as at
    load time; its files are counted only with ``with_bundled``.
    """
    bundled = bundled_dir().resolve()
    layers: list[list[Path]] = [data_files(bundled_dir())]
    # The files asked about: the given ones, and the bundled ones when asked for too.
    checked = len(layers[0]) if with_bundled or not paths else 0
    for path in paths:
        if path.is_dir():
            files = data_files(path)
            checked += len(files)
            if path.resolve() != bundled:
                layers.append(files)
        elif path.is_file():
            checked += 1
            layers.append([path])
        else:
            what = "is not a regular file or a directory" if path.exists() else "does not exist"
            raise UsageError(f"'{path}' {what}")
    combined = combine(read_layers(layers))
    return Report(
        files=checked,
        forces=len(combined.forces),
        cycles=len(combined.cycles),
        inspections=len(combined.records),
        reports=len(combined.reports),
        errors=tuple(combined.errors),
    )
