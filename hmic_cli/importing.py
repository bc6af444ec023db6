"""The ``import`` command's flow: read the text, find the records, check what
they would replace, and print, show or write them.

Nothing is lost silently: where an imported record would take the place of
one the data already holds (bundled or the user's) and that record holds more
(sources, a publication day, findings, other grades), the user is told
exactly what, and ``--merge`` keeps it while adding what was imported.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from .dataset import Dataset
from .env import Env
from .errors import HmicError
from .formats.listing import Column, Listing
from .model import Plain


def run_import(
    env: Env,
    ds: Dataset,
    name: str,
    hints: Any,
    *,
    dry_run: bool,
    as_json: bool,
    merge: bool,
    replace: bool,
    directory: Path | None,
    overwrite: bool,
) -> None:
    from . import importer, writer
    from . import merge as merging
    from .files import read_input

    text = importer.decode(read_input(name, importer.MAX_BYTES, sys.stdin.buffer), name)
    if dry_run:
        directory = None  # nothing is written: nothing to refuse
    found = importer.parse(text, ds.forces, ds.catalog, hints)
    for notice in found.notices:
        env.note(notice)
    inspections = [_checked(env, ds, r, merging, merge, replace, directory) for r in found.inspections]
    reports = [_checked_report(env, ds, r, merging, merge, replace, directory) for r in found.reports]
    if dry_run:
        _dry_run(env, ds, inspections, reports, found.looked_for)
        return
    if as_json:
        body = {"inspections": inspections, "reports": reports, "not_found": list(found.looked_for)}
        env.stdout.write(json.dumps(body, indent=2, ensure_ascii=False) + "\n")
        return
    for missing in found.looked_for:
        env.note(f"not found in the text: {missing}")
    if directory is None:
        env.stdout.write(writer.render(inspections, reports))
        return
    for path in writer.write_records(inspections, reports, directory, overwrite=overwrite):
        env.note(f"wrote {path}")


def _checked(
    env: Env, ds: Dataset, record: Plain, merging: Any, merge: bool, replace: bool, directory: Path | None
) -> Plain:
    key = (record["force"], record.get("programme", "PEEL"), record["cycle"], record["area"])
    existing = ds.plain(key)
    what = f"{key[0]} {key[2]} {key[3]}"
    if existing is not None and directory is not None:
        from .writer import file_name

        held = Path(existing["path"])
        if held.parent.resolve() == directory.resolve() and held.name != file_name(record):
            # Writing beside it would leave two records for one area in one directory.
            raise HmicError(
                f"{held} already holds the {what} record; edit that file, or import into another directory"
            )
    return _against(env, existing, record, what, merging.compare, merging.merge, merge, replace, directory)


def _checked_report(
    env: Env, ds: Dataset, record: Plain, merging: Any, merge: bool, replace: bool, directory: Path | None
) -> Plain:
    existing = ds.plain_report(record["force"], record["cycle"])
    what = f"{record['force']} {record['cycle']} report"
    return _against(
        env, existing, record, what, merging.compare_reports, merging.merge_reports, merge, replace, directory
    )


def _against(
    env: Env,
    existing: Plain | None,
    record: Plain,
    what: str,
    compare: Any,
    combine: Any,
    merge: bool,
    replace: bool,
    directory: Path | None,
) -> Plain:
    if existing is None:
        return record
    lost = compare(existing, record)
    from .merge import conflict

    disagreement = conflict(existing, record)
    if disagreement and not replace:
        # Two sources disagree: a person must look before anything is written.
        message = f"{what}: {disagreement}; check both sources (--replace takes the text's alone)"
        if directory is not None:
            raise HmicError(message)
        env.note(message)
        return record
    if merge:
        return combine(existing, record)
    if lost and not replace:
        message = (
            f"{what}: the imported record would replace one that holds more; it would lose: {'; '.join(lost)}"
        )
        if directory is not None:
            raise HmicError(message + " (use --merge to keep it, or --replace)")
        env.note(message + " (use --merge to keep it)")
    return record


def _dry_run(env: Env, ds: Dataset, inspections: list[Plain], reports: list[Plain], looked_for: Any) -> None:
    """What was found as a table (area, grade, evidence), and what was looked for but not found."""
    from . import formats

    rows = []
    for r in inspections:
        cycle = ds.catalog.get(r["cycle"])
        area = cycle.area(r["area"]) if cycle else None
        rows.append(
            {
                "force": r["force"],
                "cycle": r["cycle"],
                "area": r["area"],
                "area_name": area.name if area else r["area"],
                "grade": r["grade"],
                "evidence": r.get("evidence"),
            }
        )
    for r in reports:
        count = r.get("causes_of_concern")
        rows.append(
            {
                "force": r["force"],
                "cycle": r["cycle"],
                "area": None,
                "area_name": "Causes of concern",
                "grade": None,
                "evidence": f"{count} stated" if count is not None else None,
            }
        )
    listing = Listing(
        fields=("force", "cycle", "area", "area_name", "grade", "evidence"),
        columns=(
            Column("force", "Force"),
            Column("cycle", "Cycle", "cycle"),
            Column("area_name", "Area"),
            Column("grade", "Grade", "grade"),
            Column("evidence", "Evidence", "long"),
        ),
        rows=rows,
        title="Found in the text (dry run: nothing written)",
        cycle_labels={c.id: c.label for c in ds.catalog},
        empty="nothing found in the text",
        notes=[f"Looked for but not found: {'; '.join(looked_for)}"] if looked_for else [],
    )
    chosen = "table" if env.stdout_tty else "tsv"
    formats.parse(formats.LISTING, chosen).writer(formats.LISTING)(listing, env.stdout, env=env, header=True)
    if not env.stdout_tty:
        for missing in looked_for:
            env.note(f"not found in the text: {missing}")
