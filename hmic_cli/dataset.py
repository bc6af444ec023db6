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
    # Absolute, so that cached results never depend on the working directory.
    return [d.absolute() for d in dirs]


def data_files(directory: Path) -> list[Path]:
    """The ``*.toml`` files of one directory, in a stable order."""
    try:
        return sorted(p for p in directory.iterdir() if p.suffix == ".toml" and p.is_file())
    except OSError as exc:
        raise UsageError(f"cannot read data directory '{directory}': {exc.strerror}") from None


class Replacement(NamedTuple):
    """A user record that took the place of a bundled one."""

    key: tuple[str, str, int, str]
    bundled: str
    user: str


class Dataset(NamedTuple):
    """All forces and inspections the tool knows, ready to query."""

    forces: tuple[Force, ...]
    inspections: tuple[Inspection, ...]
    replacements: tuple[Replacement, ...] = ()

    def force_by_id(self, force_id: str) -> Force:
        return next(f for f in self.forces if f.id == force_id)

    def resolve_force(self, name: str) -> Force:
        """Find a force by id, name or short form, in any case.

        Raises ``UsageError`` with the closest match when nothing fits.
        """
        wanted = _normalise(name)
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


def read_dirs(dirs: list[Path]) -> tuple[list[list[Plain]], list[list[Plain]], list[DataError]]:
    """Parse every file of every directory: per-directory forces and records."""
    forces: list[list[Plain]] = []
    inspections: list[list[Plain]] = []
    errors: list[DataError] = []
    for directory in dirs:
        dir_forces: list[Plain] = []
        dir_records: list[Plain] = []
        for path in data_files(directory):
            try:
                raw = path.read_bytes()
            except OSError as exc:
                errors.append(DataError(str(path), None, f"cannot read: {exc.strerror}"))
                continue
            f, r, e = _parse(str(path), raw)
            dir_forces.extend(f)
            dir_records.extend(r)
            errors.extend(e)
        forces.append(dir_forces)
        inspections.append(dir_records)
    return forces, inspections, errors


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
                replaced.append({"key": list(key), "bundled": chosen[key]["path"], "user": r["path"]})
            chosen[key] = r
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
        forces_by_dir, records_by_dir, errors = read_dirs(dirs)
        forces, records, replaced, more = combine(forces_by_dir, records_by_dir)
        errors.extend(more)
        if errors:
            raise DataErrors(errors)
        plain = {"forces": forces, "inspections": records, "replaced": replaced}
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
    inspections = tuple(_inspection(r, forces) for r in plain["inspections"])
    replacements = tuple(
        Replacement(key=tuple(r["key"]), bundled=r["bundled"], user=r["user"]) for r in plain["replaced"]
    )
    ordered = tuple(sorted(forces.values(), key=lambda f: f.name.lower()))
    return Dataset(forces=ordered, inspections=inspections, replacements=replacements)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


_GRADES = {g.value: g for g in Grade}
_PILLARS = {p.value: p for p in Pillar}


def _inspection(r: Plain, forces: dict[str, Force]) -> Inspection:
    return Inspection(
        force=forces[r["force"]],
        programme=r["programme"],
        year=r["year"],
        pillar=_PILLARS[r["pillar"]],
        grade=_GRADES[r["grade"]],
        published=_day(r["published"]),
        summary=r["summary"],
        notes=tuple(r["notes"]),
        questions=tuple(
            Question(
                number=q["number"],
                text=q["text"],
                grade=_GRADES[q["grade"]],
                highlights=tuple(q["highlights"]),
                areas_for_improvement=tuple(q["areas_for_improvement"]),
            )
            for q in r["questions"]
        ),
        areas_for_improvement=tuple(r["areas_for_improvement"]),
        causes_of_concern=tuple(r["causes_of_concern"]),
        sources=tuple(
            Source(
                title=s["title"],
                url=s["url"],
                date=_day(s["date"]),
                issued_by=s["issued_by"],
                author_role=s["author_role"],
                audience=s["audience"],
            )
            for s in r["sources"]
        ),
        path=r["path"],
        line=r["line"],
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
    forces_by_layer: list[list[Plain]] = []
    records_by_layer: list[list[Plain]] = []
    errors: list[DataError] = []
    for files in layers:
        layer_forces: list[Plain] = []
        layer_records: list[Plain] = []
        for file in files:
            try:
                f, r, e = _parse(str(file), file.read_bytes())
            except OSError as exc:
                f, r, e = [], [], [DataError(str(file), None, f"cannot read: {exc.strerror}")]
            layer_forces += f
            layer_records += r
            errors += e
        forces_by_layer.append(layer_forces)
        records_by_layer.append(layer_records)
    forces, records, _, more = combine(forces_by_layer, records_by_layer)
    return Report(
        files=sum(len(files) for files in layers),
        forces=len(forces),
        inspections=len(records),
        errors=tuple(errors + more),
    )
