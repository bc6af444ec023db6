"""Finding, reading and combining data directories into one ``Dataset``.

The bundled data ships inside the wheel as ``hmic_cli/data``; in a source
checkout it is the top-level ``data/`` folder. Users add directories with
``--data-dir`` or ``HMIC_DATA_DIR``; a user record replaces the bundled one
for the same force, programme, year and pillar.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from . import cache
from .errors import DataError, DataErrors, UsageError
from .model import Force, Grade, Inspection, Pillar, Plain, Question, Source

PACKAGE_DIR = Path(__file__).resolve().parent
ENV_DATA_DIR = "HMIC_DATA_DIR"


def bundled_dir() -> Path:
    """The data shipped with the tool (wheel layout first, then checkout)."""
    installed = PACKAGE_DIR / "data"
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / "data"


def user_dirs(options: list[Path] | None = None) -> list[Path]:
    """User data directories: ``HMIC_DATA_DIR`` entries, then ``--data-dir``s."""
    dirs = [Path(p) for p in os.environ.get(ENV_DATA_DIR, "").split(os.pathsep) if p]
    dirs.extend(options or [])
    for d in dirs:
        if not d.is_dir():
            what = "is not a directory" if d.exists() else "does not exist"
            raise UsageError(f"data directory '{d}' {what}")
    # Absolute (cached results must not depend on the working directory), and
    # each directory once however often it is named.
    return list(dict.fromkeys(d.absolute() for d in dirs))


def data_files(directory: Path) -> list[Path]:
    """The ``*.toml`` files of one directory, in a stable order."""
    try:
        return sorted(p for p in directory.iterdir() if p.suffix == ".toml" and p.is_file())
    except OSError as exc:
        raise UsageError(f"cannot read data directory '{directory}': {exc.strerror}") from None


class Replacement(NamedTuple):
    """A user record that took the place of another (bundled, or from an earlier directory)."""

    key: tuple[str, str, int, str]
    replaced: str
    user: str
    bundled: bool

    def describe(self) -> str:
        force, programme, year, pillar = self.key
        what = f"{force} {programme} {year} {pillar} record"
        return (
            f"{self.user} replaces the bundled {what}"
            if self.bundled
            else f"{self.user} replaces the {what} in {self.replaced}"
        )


# A packed record: the cache's compact form of a validated plain record, a
# tuple in this order (questions and sources are tuples of tuples too).
Packed = tuple[Any, ...]
FORCE, PROGRAMME, YEAR, PILLAR, GRADE = range(5)


def pack(r: Plain) -> Packed:
    """A validated plain record as a tuple: quicker to cache and to scan."""
    return (
        r["force"],
        r["programme"],
        r["year"],
        r["pillar"],
        r["grade"],
        r["published"],
        r["summary"],
        tuple(r["notes"]),
        tuple(r["areas_for_improvement"]),
        tuple(r["causes_of_concern"]),
        tuple(
            (q["number"], q["text"], q["grade"], tuple(q["highlights"]), tuple(q["areas_for_improvement"]))
            for q in r["questions"]
        ),
        tuple(
            (s["title"], s["url"], s["date"], s["issued_by"], s["author_role"], s["audience"])
            for s in r["sources"]
        ),
        r["path"],
        r["line"],
    )


class Dataset:
    """All forces and inspections the tool knows, ready to query.

    Records are kept packed and become ``Inspection`` objects only when a
    query asks for them, so a question about one force over tens of thousands
    of records builds a dozen objects rather than all of them.
    """

    def __init__(
        self, forces: tuple[Force, ...], records: list[Packed], replacements: tuple[Replacement, ...] = ()
    ) -> None:
        self.forces = forces
        self.replacements = replacements
        self._records = records
        self._by_id = {f.id: f for f in forces}
        self._built: dict[int, Inspection] = {}
        self._counts: dict[tuple[str, int, str], dict[str, int]] | None = None
        self._by_force: dict[str, list[int]] | None = None

    def _inspection(self, n: int) -> Inspection:
        found = self._built.get(n)
        if found is None:
            found = self._built[n] = _inspection(self._records[n], self._by_id)
        return found

    @property
    def inspections(self) -> tuple[Inspection, ...]:
        """Every record (this builds them all: prefer ``select`` for a part)."""
        return tuple(self._inspection(n) for n in range(len(self._records)))

    def select(
        self,
        force_ids: frozenset[str] | set[str] = frozenset(),
        year: int | None = None,
        pillar: Pillar | None = None,
    ) -> list[Inspection]:
        """The records of these forces (all if empty), year and pillar, in data order."""
        wanted_pillar = pillar.value if pillar is not None else None
        if force_ids:
            if self._by_force is None:
                self._by_force = {}
                for n, r in enumerate(self._records):
                    self._by_force.setdefault(r[FORCE], []).append(n)
            candidates: Any = sorted(n for f in force_ids for n in self._by_force.get(f, ()))
        else:
            candidates = range(len(self._records))
        records = self._records
        return [
            self._inspection(n)
            for n in candidates
            if (year is None or records[n][YEAR] == year)
            and (wanted_pillar is None or records[n][PILLAR] == wanted_pillar)
        ]

    def grade_index(self) -> list[tuple[str, str, int, str, str]]:
        """(force, programme, year, pillar, grade) of every record, unbuilt."""
        return [(r[FORCE], r[PROGRAMME], r[YEAR], r[PILLAR], r[GRADE]) for r in self._records]

    def grade_counts(self, programme: str, year: int, pillar: Pillar) -> dict[str, int]:
        """How many records of one assessment have each grade (by grade value)."""
        if self._counts is None:
            counts: dict[tuple[str, int, str], dict[str, int]] = {}
            for r in self._records:
                group = counts.setdefault((r[PROGRAMME], r[YEAR], r[PILLAR]), {})
                group[r[GRADE]] = group.get(r[GRADE], 0) + 1
            self._counts = counts
        return self._counts.get((programme, year, pillar.value), {})

    def record_counts(self) -> dict[str, tuple[int, int]]:
        """Per force id: (records, detailed records)."""
        counts: dict[str, tuple[int, int]] = {}
        for r in self._records:
            total, detailed = counts.get(r[FORCE], (0, 0))
            counts[r[FORCE]] = (total + 1, detailed + bool(r[6] or r[8] or r[9] or r[10]))
        return counts

    def years(self) -> list[int]:
        return sorted({r[YEAR] for r in self._records})

    def resolve_force(self, name: str) -> Force:
        """Find a force by id, name or short form, in any case.

        Raises ``UsageError`` with the closest match when nothing fits.
        """
        wanted = _normalise(name)
        if wanted in self._by_id:
            return self._by_id[wanted]
        for force in self.forces:
            if wanted in _spellings(force):
                return force
        raise UsageError(_unknown_force_message(name, self.forces))


def _normalise(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


_SUFFIXES = ("-police-service", "-constabulary", "-police")


def _spellings(force: Force) -> set[str]:
    names = {force.id, _normalise(force.name), *(_normalise(a) for a in force.aliases)}
    for name in list(names):
        for suffix in _SUFFIXES:
            if name.endswith(suffix):
                names.add(name[: -len(suffix)])
    return names


def _unknown_force_message(name: str, forces: tuple[Force, ...]) -> str:
    import difflib

    spelled = {s: f.id for f in forces for s in _spellings(f)}
    close = difflib.get_close_matches(_normalise(name), list(spelled), n=1, cutoff=0.6)
    if close:
        return f"unknown force '{name}' (did you mean '{spelled[close[0]]}'?)"
    return f"unknown force '{name}' (run 'hmic forces' to list the known forces)"


# -- loading -------------------------------------------------------------


def _parse(path: str, raw: bytes) -> tuple[list[Plain], list[Plain], list[DataError]]:
    # Imported here: TOML parsing is only needed when the cache misses.
    from .schema import parse_file

    return parse_file(path, raw)


def read_layers(layers: list[list[Path]]) -> tuple[list[list[Plain]], list[list[Plain]], list[DataError]]:
    """Parse every file of every layer (a directory's files): per-layer forces and records."""
    forces: list[list[Plain]] = []
    records: list[list[Plain]] = []
    errors: list[DataError] = []
    for files in layers:
        layer_forces: list[Plain] = []
        layer_records: list[Plain] = []
        for path in files:
            try:
                raw = path.read_bytes()
            except OSError as exc:
                errors.append(DataError(str(path), None, f"cannot read: {exc.strerror}"))
                continue
            f, r, e = _parse(str(path), raw)
            layer_forces.extend(f)
            layer_records.extend(r)
            errors.extend(e)
        forces.append(layer_forces)
        records.append(layer_records)
    return forces, records, errors


def combine(
    forces_by_dir: list[list[Plain]], records_by_dir: list[list[Plain]]
) -> tuple[list[Plain], list[Plain], list[Plain], list[DataError]]:
    """Merge directories: check force ids and duplicates, apply replacements.

    Directory 0 is the bundled data. A record repeated within one directory
    is an error; a record in a later directory replaces an earlier one. A
    force may be defined again only identically (a copy of ``forces.toml``).
    """
    errors: list[DataError] = []
    forces: dict[str, Plain] = {}
    for layer in forces_by_dir:
        for f in layer:
            first = forces.get(f["id"])
            if first is not None and _same_force(first, f):
                continue  # e.g. a copy of the bundled forces file: harmless
            if first is not None:
                errors.append(
                    DataError(
                        f["path"],
                        f["line"],
                        f"force '{f['id']}' is already defined at {first['path']}:{first['line']}",
                    )
                )
            else:
                forces[f["id"]] = f
    chosen: dict[tuple[Any, ...], Plain] = {}
    bundled: set[tuple[Any, ...]] = set()
    replaced: list[Plain] = []
    for depth, layer in enumerate(records_by_dir):
        seen_here: dict[tuple[Any, ...], Plain] = {}
        for r in layer:
            if r["force"] not in forces:
                errors.append(DataError(r["path"], r["line"], _unknown_id_message(r["force"], forces)))
                continue
            key = (r["force"], r["programme"], r["year"], r["pillar"])
            if key in seen_here:
                first = seen_here[key]
                errors.append(
                    DataError(
                        r["path"],
                        r["line"],
                        f"duplicate record for {r['force']} {r['programme']} {r['year']} {r['pillar']} "
                        f"(first at {first['path']}:{first['line']})",
                    )
                )
                continue
            seen_here[key] = r
            if key in chosen and depth > 0:
                replaced.append(
                    {
                        "key": list(key),
                        "replaced": chosen[key]["path"],
                        "user": r["path"],
                        "bundled": key in bundled,
                    }
                )
            chosen[key] = r
            if depth == 0:
                bundled.add(key)
    return list(forces.values()), list(chosen.values()), replaced, errors


def _same_force(a: Plain, b: Plain) -> bool:
    keys = ("id", "name", "nation", "aliases", "source")
    return all(a.get(k) == b.get(k) for k in keys)


def _unknown_id_message(force_id: str, forces: dict[str, Plain]) -> str:
    import difflib

    close = difflib.get_close_matches(force_id, list(forces), n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown force id '{force_id}'{hint}"


def locate(options: list[Path] | None = None) -> tuple[list[Path], list[Path]]:
    """The data directories in force (bundled first) and their files."""
    dirs = [bundled_dir(), *user_dirs(options)]
    return dirs, [p for d in dirs for p in data_files(d)]


def load(
    options: list[Path] | None = None,
    *,
    use_cache: bool = True,
    located: tuple[list[Path], list[Path]] | None = None,
) -> Dataset:
    """Load the bundled data plus user directories; raise on any data error."""
    dirs, files = located or locate(options)
    plain = cache.read(files) if use_cache else None
    if plain is None:
        forces_by_dir, records_by_dir, errors = read_layers([data_files(d) for d in dirs])
        forces, records, replaced, more = combine(forces_by_dir, records_by_dir)
        errors.extend(more)
        if errors:
            raise DataErrors(errors)
        plain = {"forces": forces, "records": [pack(r) for r in records], "replaced": replaced}
        if use_cache:
            cache.write(files, plain)
    return build(plain)


def build(plain: Plain) -> Dataset:
    """Turn validated plain records into the model."""
    forces = {
        f["id"]: Force(
            id=f["id"],
            name=f["name"],
            nation=f["nation"],
            aliases=tuple(f["aliases"]),
            source=f["source"],
        )
        for f in plain["forces"]
    }
    replacements = tuple(
        Replacement(key=tuple(r["key"]), replaced=r["replaced"], user=r["user"], bundled=r["bundled"])
        for r in plain["replaced"]
    )
    ordered = tuple(sorted(forces.values(), key=lambda f: f.name.lower()))
    return Dataset(ordered, plain["records"], replacements)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


_GRADES = {g.value: g for g in Grade}
_PILLARS = {p.value: p for p in Pillar}


def _inspection(r: Packed, forces: dict[str, Force]) -> Inspection:
    (
        force,
        programme,
        year,
        pillar,
        grade,
        published,
        summary,
        notes,
        areas,
        concerns,
        questions,
        sources,
    ) = r[:12]
    return Inspection(
        force=forces[force],
        programme=programme,
        year=year,
        pillar=_PILLARS[pillar],
        grade=_GRADES[grade],
        published=_day(published),
        summary=summary,
        notes=notes,
        questions=tuple(
            Question(number=n, text=text, grade=_GRADES[g], highlights=h, areas_for_improvement=a)
            for n, text, g, h, a in questions
        ),
        areas_for_improvement=areas,
        causes_of_concern=concerns,
        sources=tuple(
            Source(title=t, url=u, date=_day(d), issued_by=i, author_role=ar, audience=au)
            for t, u, d, i, ar, au in sources
        ),
        path=r[12],
        line=r[13],
    )


class Report(NamedTuple):
    """What ``hmic validate`` found."""

    files: int
    forces: int
    inspections: int
    errors: tuple[DataError, ...]


def validate(paths: list[Path]) -> Report:
    """Check files and directories against the bundled forces and records.

    The bundled data is always the first layer, so user records may refer to
    bundled forces and may replace bundled records, exactly as at load time.
    """
    bundled = bundled_dir().resolve()
    layers: list[list[Path]] = [data_files(bundled_dir())]
    for path in paths:
        if path.is_dir():
            if path.resolve() != bundled:
                layers.append(data_files(path))
        elif path.is_file():
            layers.append([path])
        else:
            raise UsageError(f"'{path}' does not exist")
    forces_by_layer, records_by_layer, errors = read_layers(layers)
    forces, records, _, more = combine(forces_by_layer, records_by_layer)
    return Report(
        files=sum(len(files) for files in layers),
        forces=len(forces),
        inspections=len(records),
        errors=tuple(errors + more),
    )
