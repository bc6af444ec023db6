"""Pure functions over the model: selection, rows for each listing, flags.

Every listing function returns ``Row`` dicts with stable snake_case keys and
machine values (grade ``requires_improvement``, ISO dates, numeric years).
Rendering decides how a person sees them; scripts get them as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from .dataset import Dataset
from .model import Force, Grade, Inspection, Pillar, Question, cycle_label

Row = dict[str, Any]


class Filters(NamedTuple):
    """What a command asked for; ``None`` means "any"."""

    forces: tuple[Force, ...] = ()
    year: int | None = None
    pillar: Pillar | None = None
    grades: tuple[Grade, ...] = ()


def newest_first(inspection: Inspection) -> tuple[int, int, str]:
    return (-inspection.year, inspection.pillar.order, inspection.force.name.lower())


def select(ds: Dataset, filters: Filters) -> list[Inspection]:
    """Inspections matching the filters (overall grade for ``grades``), newest first."""
    chosen = ds.select({f.id for f in filters.forces}, filters.year, filters.pillar)
    return sorted(chosen, key=newest_first)


def identity(i: Inspection) -> Row:
    """The fields that name a record, first in every row."""
    return {
        "force": i.force.id,
        "force_name": i.force.name,
        "programme": i.programme,
        "year": i.year,
        "cycle": i.cycle,
        "pillar": i.pillar.value,
    }


def source_text(i: Inspection) -> str:
    return " | ".join(s.describe() for s in i.sources)


def grade_rows(inspections: Iterable[Inspection], grades: tuple[Grade, ...] = ()) -> list[Row]:
    """One row per inspection: the overall grade."""
    return [
        {
            **identity(i),
            "grade": i.grade.value,
            "published": i.published.isoformat() if i.published else None,
            "questions": len(i.questions),
            "detailed": i.is_detailed,
            "source": source_text(i),
        }
        for i in inspections
        if not grades or i.grade in grades
    ]


def _question_base(i: Inspection, q: Question) -> Row:
    return {**identity(i), "question": q.number, "question_text": q.text}


def question_rows(inspections: Iterable[Inspection], grades: tuple[Grade, ...] = ()) -> list[Row]:
    """One row per question of every detailed inspection."""
    return [
        {
            **_question_base(i, q),
            "grade": q.grade.value,
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
        {**_question_base(i, q), "grade": q.grade.value, "n": n, "highlight": text}
        for i in inspections
        for q in i.questions
        if question is None or q.number == question
        for n, text in enumerate(q.highlights, start=1)
    ]


# Kinds of row in ``improvements``, in the order a reader wants them.
AREA = "area_for_improvement"
CONCERN = "cause_of_concern"
FLAG = "graded_below_good"


def improvement_rows(inspections: Iterable[Inspection]) -> list[Row]:
    """Causes of concern, areas for improvement, and a flag for each weak grade.

    A flag is raised for every pillar and every question graded requires
    improvement or inadequate, so that a force with only an overall grade on
    record still shows up when it needs attention.
    """
    rows: list[Row] = []

    def add(i: Inspection, kind: str, text: str, q: Question | None, grade: Grade) -> None:
        rows.append(
            {
                **identity(i),
                "question": q.number if q else None,
                "question_text": q.text if q else None,
                "kind": kind,
                "grade": grade.value,
                "text": text,
            }
        )

    for i in inspections:
        if i.grade.is_concern:
            add(i, FLAG, f"{i.pillar.value} graded {i.grade.label}", None, i.grade)
        for text in i.causes_of_concern:
            add(i, CONCERN, text, None, i.grade)
        for text in i.areas_for_improvement:
            add(i, AREA, text, None, i.grade)
        for q in i.questions:
            if q.grade.is_concern:
                add(i, FLAG, f"question {q.number} graded {q.grade.label}", q, q.grade)
            for text in q.areas_for_improvement:
                add(i, AREA, text, q, q.grade)
    return rows


def force_rows(ds: Dataset) -> list[Row]:
    """The forces, with how many records and detailed reports each has."""
    counts = ds.record_counts()
    return [
        {
            "force": f.id,
            "force_name": f.name,
            "nation": f.nation,
            "aliases": " ".join(f.aliases),
            "inspections": counts.get(f.id, (0, 0))[0],
            "detailed": counts.get(f.id, (0, 0))[1],
        }
        for f in ds.forces
    ]


def describe_filters(filters: Filters) -> str:
    """Words for an empty-result message, e.g. 'durham, 2016, effectiveness'."""
    parts = [f.id for f in filters.forces]
    if filters.year is not None:
        parts.append(cycle_label(filters.year))
    if filters.pillar is not None:
        parts.append(filters.pillar.value)
    parts.extend(g.value for g in filters.grades)
    return ", ".join(parts) if parts else "any"


# -- change over time ------------------------------------------------------

IMPROVED = "improved"
SAME = "same"
DECLINED = "declined"


def change(before: Grade, after: Grade) -> str | None:
    """Direction from one grade to the next, from the ordered ``Grade``.

    ``None`` when either grade is not a judgement (not graded, unknown).
    """
    if before.rank is None or after.rank is None:
        return None
    if after > before:
        return IMPROVED
    if after < before:
        return DECLINED
    return SAME


def previous(ds: Dataset, inspection: Inspection) -> Inspection | None:
    """The same force's most recent earlier record for the same pillar."""
    earlier = [
        i
        for i in ds.select({inspection.force.id}, None, inspection.pillar)
        if i.programme == inspection.programme and i.year < inspection.year
    ]
    return max(earlier, key=lambda i: i.year, default=None)


# -- the national picture ----------------------------------------------------


def position(ds: Dataset, inspection: Inspection) -> tuple[int, int, str]:
    """How many forces got the same grade, out of how many, and in words.

    e.g. ``(1, 43, "outstanding: 1 of 43 forces (the only one)")``.
    """
    group = ds.grade_counts(inspection.programme, inspection.year, inspection.pillar)
    same = group.get(inspection.grade.value, 0)
    total = sum(group.values())
    if inspection.grade is Grade.UNKNOWN:
        return same, total, f"unknown (the sources do not give this grade; {same} of {total} unknown)"
    words = f"{inspection.grade.label}: {same} of {total} forces"
    if same == 1:
        words += " (the only one)"
    return same, total, words


def compare_rows(ds: Dataset, filters: Filters) -> list[Row]:
    """Each chosen force's grade per year and pillar, with its national position."""
    order = {f.id: n for n, f in enumerate(filters.forces)}
    chosen = sorted(
        select(ds, filters),
        key=lambda i: (-i.year, i.pillar.order, order.get(i.force.id, 0)),
    )
    rows = []
    for i in chosen:
        same, total, words = position(ds, i)
        rows.append(
            {
                **identity(i),
                "grade": i.grade.value,
                "same_grade": same,
                "forces_assessed": total,
                "position": words,
            }
        )
    return rows


def history_rows(ds: Dataset, filters: Filters) -> list[Row]:
    """Each pillar's grade across the years, oldest first, with the direction of change."""
    chosen = sorted(select(ds, filters), key=lambda i: (i.force.name, i.pillar.order, i.year))
    rows = []
    last: Inspection | None = None
    for i in chosen:
        before = last if last and last.force is i.force and last.pillar is i.pillar else None
        direction = change(before.grade, i.grade) if before else None
        rows.append(
            {
                **identity(i),
                "grade": i.grade.value,
                "published": i.published.isoformat() if i.published else None,
                "previous_grade": before.grade.value if before else None,
                "change": direction if before else "first",
            }
        )
        if before and direction is None:
            rows[-1]["change"] = "not_comparable"
        last = i
    return rows


class Matrix(NamedTuple):
    """Forces down the side, pillars or years across."""

    across: str  # "pillar" or "year"
    columns: tuple[tuple[str, str], ...]  # (key, heading)
    rows: list[Row]
    year: int | None
    pillar: Pillar | None


def matrix(ds: Dataset, year: int | None, pillar: Pillar | None, forces: tuple[Force, ...] = ()) -> Matrix:
    """The national picture: one row per force, one column per pillar (or year).

    Without ``--year`` and ``--pillar`` it shows the latest year's pillars.
    """
    ids = {f.id for f in forces}
    # (force, programme, year, pillar, grade) without building any records.
    pool = [k for k in ds.grade_index() if not ids or k[0] in ids]
    if pillar is not None and year is None:
        found_years = sorted({k[2] for k in pool if k[3] == pillar.value})
        columns = tuple((cycle_label(y), cycle_label(y)) for y in found_years)
        cells = {(k[0], cycle_label(k[2])): k[4] for k in pool if k[3] == pillar.value}
        across = "year"
    else:
        if year is None:
            year = max((k[2] for k in pool), default=None)
        found = sorted({Pillar(k[3]) for k in pool if k[2] == year}, key=lambda p: p.order)
        if pillar is not None:
            found = [p for p in found if p is pillar]
        columns = tuple((p.value, p.value.capitalize()) for p in found)
        cells = {(k[0], k[3]): k[4] for k in pool if k[2] == year}
        across = "pillar"
    present = {force_id for force_id, _ in cells}
    rows = []
    for f in ds.forces:
        if f.id not in present or (ids and f.id not in ids):
            continue
        row: Row = {"force": f.id, "force_name": f.name}
        for key, _ in columns:
            row[key] = cells.get((f.id, key))
        rows.append(row)
    return Matrix(across=across, columns=columns, rows=rows, year=year, pillar=pillar)


def stats_rows(ds: Dataset, filters: Filters) -> list[Row]:
    """How many forces got each grade, per year and pillar (newest first)."""
    ids = {f.id for f in filters.forces}
    counts: dict[tuple[int, Pillar, str], dict[str, int]] = {}
    for force, programme, year, pillar_value, grade_value in ds.grade_index():
        if (ids and force not in ids) or (filters.year is not None and year != filters.year):
            continue
        if filters.pillar is not None and pillar_value != filters.pillar.value:
            continue
        group = counts.setdefault((year, Pillar(pillar_value), programme), {})
        group[grade_value] = group.get(grade_value, 0) + 1
    rows = []
    for (year, pillar, programme), by_grade in sorted(
        counts.items(), key=lambda kv: (-kv[0][0], kv[0][1].order)
    ):
        total = sum(by_grade.values())
        for grade in Grade:
            n = by_grade.get(grade.value, 0)
            if n:
                rows.append(
                    {
                        "programme": programme,
                        "year": year,
                        "cycle": cycle_label(year),
                        "pillar": pillar.value,
                        "grade": grade.value,
                        "forces": n,
                        "total": total,
                        "percent": round(100 * n / total, 1),
                    }
                )
    return rows


# -- full-text search -----------------------------------------------------------

HIGHLIGHT = "highlight"


def findings(i: Inspection) -> Iterable[tuple[Question | None, str, str]]:
    """Every finding of an inspection as (question, kind, text), in report order."""
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
                        "text": text,
                    }
                )
    return rows
