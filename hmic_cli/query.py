"""Pure functions over the model: selection, rows for each listing, flags.

Every listing function returns ``Row`` dicts with stable snake_case keys and
machine values (grade ``requires_improvement``, ISO dates, numeric years,
lists as lists). Rendering decides how a person sees them; scripts get them
as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from .dataset import Dataset
from .model import Cycle, Force, Grade, Inspection, Question, ReportFacts

Row = dict[str, Any]

# What the data does not hold is said in words a briefing can quote.
NOT_HELD = "not held in the hmic dataset"


class Filters(NamedTuple):
    """What a command asked for; empty means "any"."""

    forces: tuple[Force, ...] = ()
    cycle: Cycle | None = None
    areas: tuple[str, ...] = ()
    grades: tuple[Grade, ...] = ()


def newest_first(i: Inspection) -> tuple[int, int, int, str]:
    return (-i.cycle.year, -(i.cycle.end or i.cycle.year), i.area.order, i.force.name.lower())


def select(ds: Dataset, filters: Filters) -> list[Inspection]:
    """Records matching the filters (all grades), newest first."""
    cycles = (filters.cycle.id,) if filters.cycle else ()
    chosen = ds.select((f.id for f in filters.forces), cycles, filters.areas)
    return sorted(chosen, key=newest_first)


def identity(i: Inspection) -> Row:
    """The fields that name a record, first in every row.

    ``pillar`` is kept (it is the area's id) so that scripts written for the
    pillar years go on working.
    """
    return {
        "force": i.force.id,
        "force_name": i.force.name,
        "programme": i.programme,
        "year": i.cycle.year,
        "cycle": i.cycle.id,
        "pillar": i.area.id,
        "area": i.area.id,
        "area_name": i.area.name,
    }


IDENTITY_FIELDS = ("force", "force_name", "programme", "year", "cycle", "pillar", "area", "area_name")


def graded(i: Inspection, grade: Grade | None = None) -> Row:
    """``grade`` and ``grade_rank`` (1 = best on the cycle's scale; null when not a judgement)."""
    g = grade or i.grade
    return {"grade": g.value, "grade_rank": i.cycle.rank(g)}


def source_list(sources: Iterable[Any]) -> list[str]:
    """Each source as one string: its address, else its description."""
    return [s.url or s.describe() for s in sources]


def grade_rows(inspections: Iterable[Inspection], grades: tuple[Grade, ...] = ()) -> list[Row]:
    """One row per record: the area's (or pillar's) grade."""
    return [
        {
            **identity(i),
            **graded(i),
            "published": i.published.isoformat() if i.published else None,
            "questions": len(i.questions),
            "detailed": i.is_detailed,
            "notes": list(i.notes),
            "sources": source_list(i.sources),
        }
        for i in inspections
        if not grades or i.grade in grades
    ]


def _question_base(i: Inspection, q: Question) -> Row:
    return {**identity(i), "question": q.number, "question_text": q.text}


def question_rows(inspections: Iterable[Inspection], grades: tuple[Grade, ...] = ()) -> list[Row]:
    """One row per question of every detailed record."""
    return [
        {
            **_question_base(i, q),
            **graded(i, q.grade),
            "inspection_grade": i.grade.value,
            "highlights": len(q.highlights),
            "areas_for_improvement": len(q.areas_for_improvement),
        }
        for i in inspections
        for q in i.questions
        if not grades or q.grade in grades
    ]


def highlight_rows(inspections: Iterable[Inspection], question: int | None = None) -> list[Row]:
    """The inspectors' highlights, one row each, in report order."""
    return [
        {**_question_base(i, q), **graded(i, q.grade), "n": n, "highlight": text}
        for i in inspections
        for q in i.questions
        if question is None or q.number == question
        for n, text in enumerate(q.highlights, start=1)
    ]


# Kinds of row in ``improvements``, in the order a reader wants them.
AREA = "area_for_improvement"
CONCERN = "cause_of_concern"
CONCERN_COUNT = "causes_of_concern_count"
FLAG = "graded_below_good"


def below_good(grade: Grade, include_adequate: bool) -> bool:
    return grade.is_concern or (include_adequate and grade is Grade.ADEQUATE)


def improvement_rows(
    ds: Dataset, inspections: list[Inspection], *, include_adequate: bool = False
) -> list[Row]:
    """Causes of concern (with their count), areas for improvement, and a flag per weak grade.

    A flag is raised for every area, pillar and question graded requires
    improvement or inadequate (and adequate on request), so that a force
    with only grades on record still shows up when it needs attention.
    """
    rows: list[Row] = []

    def add(i: Inspection, kind: str, text: str, q: Question | None, grade: Grade, count: Any = None) -> None:
        rows.append(
            {
                **identity(i),
                "question": q.number if q else None,
                "question_text": q.text if q else None,
                "kind": kind,
                **graded(i, grade),
                "count": count,
                "text": text,
            }
        )

    seen_reports: set[tuple[str, str]] = set()
    for i in inspections:
        key = (i.force.id, i.cycle.id)
        if key not in seen_reports:
            seen_reports.add(key)
            facts = ds.report(*key)
            if facts is not None:
                rows.append(concern_count_row(facts, i))
        if below_good(i.grade, include_adequate):
            add(i, FLAG, f"{i.area.name} graded {i.grade.label}", None, i.grade)
        for text in i.causes_of_concern:
            add(i, CONCERN, text, None, i.grade)
        for text in i.areas_for_improvement:
            add(i, AREA, text, None, i.grade)
        for q in i.questions:
            if below_good(q.grade, include_adequate):
                add(i, FLAG, f"question {q.number} graded {q.grade.label}", q, q.grade)
            for text in q.areas_for_improvement:
                add(i, AREA, text, q, q.grade)
    held_texts = {(r["force"], r["cycle"]) for r in rows if r["kind"] == CONCERN}
    for r in rows:
        if r["kind"] == CONCERN_COUNT and r["count"] and (r["force"], r["cycle"]) not in held_texts:
            r["text"] += f" (their wording is {NOT_HELD})"
    return rows


def concern_count_row(facts: ReportFacts, i: Inspection) -> Row:
    """The number of causes of concern in a force's report, or that the data does not hold it."""
    return {
        **identity(i),
        "pillar": None,
        "area": None,
        "area_name": None,
        "question": None,
        "question_text": None,
        "kind": CONCERN_COUNT,
        "grade": None,
        "grade_rank": None,
        "count": facts.causes_of_concern,
        "text": concern_words(facts),
    }


def concern_words(facts: ReportFacts) -> str:
    n = facts.causes_of_concern
    if n is None:
        return f"Number of causes of concern: {NOT_HELD}"
    if n == 0:
        return "No causes of concern in the report"
    return f"{n} cause{'s' if n != 1 else ''} of concern in the report"


def force_rows(ds: Dataset) -> list[Row]:
    """The forces, with how many records and detailed records each has."""
    counts = ds.record_counts()
    return [
        {
            "force": f.id,
            "force_name": f.name,
            "nation": f.nation,
            "aliases": list(f.aliases),
            "inspections": counts.get(f.id, (0, 0))[0],
            "detailed": counts.get(f.id, (0, 0))[1],
        }
        for f in ds.forces
    ]


def describe_filters(filters: Filters) -> str:
    """Words for a title or an empty-result message, e.g. 'durham, 2016, effectiveness'."""
    parts = [f.id for f in filters.forces]
    if filters.cycle is not None:
        parts.append(filters.cycle.label)
    parts.extend(filters.areas)
    parts.extend(g.label for g in filters.grades)
    return ", ".join(parts) if parts else "any"


# -- change over time ------------------------------------------------------

FIRST = "first"
IMPROVED = "improved"
SAME = "same"
DECLINED = "declined"
NOT_COMPARABLE = "not_comparable"
NO_DIRECTION = "unknown"


def change(before: Inspection, after: Inspection) -> str:
    """Direction from one record to a later one.

    Across comparability groups HMICFRS says grades cannot be compared, so no
    direction is ever stated there; where either grade is not a judgement
    (not graded, unknown) no direction can be.
    """
    if before.cycle.group != after.cycle.group:
        return NOT_COMPARABLE
    a, b = before.grade, after.grade
    if not (a.is_judgement and b.is_judgement):
        return NO_DIRECTION
    return IMPROVED if b > a else DECLINED if b < a else SAME


def previous(ds: Dataset, inspection: Inspection) -> Inspection | None:
    """The same force's record for the same area in the nearest earlier cycle."""
    earlier = [
        i
        for i in ds.select((inspection.force.id,), (), (inspection.area.id,))
        if i.programme == inspection.programme and i.cycle.order < inspection.cycle.order
    ]
    return max(earlier, key=lambda i: i.cycle.order, default=None)


def history_rows(ds: Dataset, filters: Filters) -> list[Row]:
    """Every record of the chosen forces, oldest cycle first, with the change since the last one.

    The first record of a comparability group after an earlier group says
    ``not_comparable``: the force was assessed before, on another basis.
    """
    chosen = sorted(select(ds, filters), key=lambda i: (i.force.name.lower(), i.cycle.order, i.area.order))
    rows = []
    groups_seen: dict[str, set[str]] = {}
    for i in chosen:
        before = previous(ds, i)
        if before is not None:
            direction = change(before, i)
        else:
            earlier_groups = groups_seen.get(i.force.id, set()) - {i.cycle.group}
            direction = NOT_COMPARABLE if earlier_groups else FIRST
        groups_seen.setdefault(i.force.id, set()).add(i.cycle.group)
        rows.append(
            {
                **identity(i),
                **graded(i),
                "published": i.published.isoformat() if i.published else None,
                "previous_cycle": before.cycle.id if before else None,
                "previous_grade": before.grade.value if before else None,
                "change": direction,
            }
        )
    return rows


# -- the national picture ----------------------------------------------------


class Position(NamedTuple):
    """Where one record's grade stands among all forces' for the same cycle and area."""

    same: int
    known: int
    unknown: int
    total: int
    words: str


def position(ds: Dataset, i: Inspection) -> Position:
    """e.g. ``good: 12 of 31 forces with a known grade; 12 unknown``.

    Only known grades are counted; how many are unknown is said alongside,
    so a count is never read as a statement about forces the data is silent on.
    """
    counts = ds.grade_counts(i.cycle.id, i.area.id)
    total = sum(counts.values())
    unknown = counts.get(Grade.UNKNOWN.value, 0)
    not_graded = counts.get(Grade.NOT_GRADED.value, 0)
    # A known grade is a judgement, as in ``stats``: "not graded" is a known
    # fact but not a grade, so it is counted apart like "unknown".
    known = total - unknown - not_graded
    same = counts.get(i.grade.value, 0)
    if i.grade is Grade.UNKNOWN:
        words = f"grade {NOT_HELD} (as for {unknown - 1} of the other {total - 1} forces)"
        return Position(0, known, unknown, total, words)
    if i.grade is Grade.NOT_GRADED:
        words = f"{i.grade.label}: {same} of {total} forces"
    else:
        apart = unknown or not_graded
        words = f"{i.grade.label}: {same} of {known} {'forces with a known grade' if apart else 'forces'}"
        # "The only one" only when no force's grade is unknown: one of them may share it.
        if same == 1 and not unknown:
            words += " (the only one)"
        if not_graded:
            words += f"; {not_graded} not graded"
    if unknown:
        words += f"; {unknown} unknown"
    return Position(same, known, unknown, total, words)


def compare_rows(ds: Dataset, filters: Filters) -> list[Row]:
    """Each chosen force's grade per cycle and area, with its national position."""
    order = {f.id: n for n, f in enumerate(filters.forces)}
    chosen = sorted(select(ds, filters), key=lambda i: (*newest_first(i)[:3], order.get(i.force.id, 0)))
    rows = []
    for i in chosen:
        p = position(ds, i)
        rows.append(
            {
                **identity(i),
                **graded(i),
                "same_grade": p.same,
                "forces_known": p.known,
                "forces_unknown": p.unknown,
                "forces_assessed": p.total,
                "position": p.words,
            }
        )
    return rows


class Matrix(NamedTuple):
    """Forces down the side, areas (or cycles) across."""

    across: str  # "area" or "cycle"
    columns: tuple[tuple[str, str, str], ...]  # (key, short heading, full name)
    rows: list[Row]
    cycle: Cycle | None
    area: str | None


def matrix(ds: Dataset, filters: Filters) -> Matrix:
    """The national picture: one row per force, one column per area of a cycle.

    With ``--area`` and no ``--year`` the columns are the cycles that have
    that area; otherwise the chosen (or latest) cycle's areas.
    """
    ids = {f.id for f in filters.forces}
    pool = [k for k in ds.grade_index() if not ids or k.force in ids]
    cycle = filters.cycle
    if filters.areas and cycle is None and len(filters.areas) == 1:
        area = filters.areas[0]
        held = {k.cycle for k in pool if k.area == area}
        cycles = [c for c in ds.catalog if c.id in held]
        columns = tuple((c.id, c.label, f"PEEL {c.label}") for c in cycles)
        cells = {(k.force, k.cycle): k.grade for k in pool if k.area == area}
        across, chosen_area = "cycle", area
    else:
        if cycle is None:
            held_cycles = {k.cycle for k in pool}
            cycle = max((c for c in ds.catalog if c.id in held_cycles), key=lambda c: c.order, default=None)
        present = {k.area for k in pool if cycle and k.cycle == cycle.id}
        areas = [a for a in (cycle.areas if cycle else ()) if a.id in present]
        if filters.areas:
            areas = [a for a in areas if a.id in filters.areas]
        columns = tuple((a.id, a.short, a.name) for a in areas)
        cells = {(k.force, k.area): k.grade for k in pool if cycle and k.cycle == cycle.id}
        across, chosen_area = "area", None
    keys = [c[0] for c in columns]
    rows = []
    for f in ds.forces:
        if ids and f.id not in ids:
            continue
        if not any((f.id, k) in cells for k in keys):
            continue
        rows.append({"force": f.id, "force_name": f.name, **{k: cells.get((f.id, k)) for k in keys}})
    return Matrix(across, columns, rows, cycle if across == "area" else None, chosen_area)


def stats_rows(ds: Dataset, filters: Filters) -> list[Row]:
    """How many forces got each grade, per cycle and area (newest first).

    ``percent`` is of the forces with a known grade; unknown and not graded
    are counted in rows of their own with no percentage.
    """
    ids = {f.id for f in filters.forces}
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for k in ds.grade_index():
        if (ids and k.force not in ids) or (filters.cycle is not None and k.cycle != filters.cycle.id):
            continue
        if filters.areas and k.area not in filters.areas:
            continue
        group = counts.setdefault((k.cycle, k.area), {})
        group[k.grade] = group.get(k.grade, 0) + 1
    rows = []
    for (cycle_id, area_id), by_grade in sorted(
        counts.items(),
        key=lambda kv: (-ds.catalog[kv[0][0]].year, _area_order(ds, *kv[0])),
    ):
        cycle = ds.catalog[cycle_id]
        area = cycle.area(area_id)
        total = sum(by_grade.values())
        known = sum(n for g, n in by_grade.items() if Grade(g).is_judgement)
        for grade in Grade:
            n = by_grade.get(grade.value, 0)
            if not n and not (grade in cycle.scale and known):
                continue
            rows.append(
                {
                    "programme": cycle.programme,
                    "year": cycle.year,
                    "cycle": cycle.id,
                    "pillar": area_id,
                    "area": area_id,
                    "area_name": area.name if area else area_id,
                    "grade": grade.value,
                    "grade_rank": cycle.rank(grade),
                    "forces": n,
                    "known": known,
                    "total": total,
                    "percent": round(100 * n / known, 1) if grade.is_judgement and known else None,
                }
            )
    return rows


def _area_order(ds: Dataset, cycle_id: str, area_id: str) -> int:
    area = ds.catalog[cycle_id].area(area_id)
    return area.order if area else 0


# -- full-text search -----------------------------------------------------------

HIGHLIGHT = "highlight"


def findings(i: Inspection) -> Iterable[tuple[Question | None, str, str]]:
    """Every finding of a record as (question, kind, text), in report order."""
    for q in i.questions:
        for text in q.highlights:
            yield q, HIGHLIGHT, text
        for text in q.areas_for_improvement:
            yield q, AREA, text
    for text in i.areas_for_improvement:
        yield None, AREA, text
    for text in i.causes_of_concern:
        yield None, CONCERN, text


def search_rows(inspections: Iterable[Inspection], words: list[str]) -> list[Row]:
    """Findings containing every one of ``words``, ignoring case."""
    wanted = [w.casefold() for w in words if w.strip()]
    rows = []
    for i in inspections:
        for q, kind, text in findings(i):
            folded = text.casefold()
            if all(w in folded for w in wanted):
                rows.append(
                    {
                        **identity(i),
                        "question": q.number if q else None,
                        "question_text": q.text if q else None,
                        "kind": kind,
                        **graded(i, q.grade if q else None),
                        "text": text,
                    }
                )
    return rows
