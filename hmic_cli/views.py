"""Listings for each command: which fields, which columns, what title.

``query`` decides *what* the rows are; this module decides how each command
presents them (headings, column order, notes, empty-result wording). It
writes nothing and never imports rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import query
from .dataset import Dataset
from .formats.listing import Column, Listing
from .model import Grade
from .query import IDENTITY_FIELDS, NOT_HELD, Filters

if TYPE_CHECKING:
    from .model import Inspection
    from .report import Context, Documents

FORCE_COL = Column("force_name", "Force")
YEAR_COL = Column("cycle", "Cycle", "cycle")
AREA_COL = Column("area_name", "Area")
GRADE_COL = Column("grade", "Grade", "grade")
GRADE_FIELDS = ("grade", "grade_rank")


def forces(ds: Dataset) -> Listing:
    return Listing(
        cycle_labels=_labels(ds),
        fields=("force", "force_name", "nation", "aliases", "inspections", "detailed"),
        columns=(
            Column("force", "Id"),
            Column("force_name", "Name"),
            Column("nation", "Nation"),
            Column("inspections", "Records", "number"),
            Column("detailed", "Detailed", "number"),
        ),
        rows=query.force_rows(ds),
        title=f"{len(ds.forces)} forces",
        empty="no forces in the dataset",
    )


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _labels(ds: Dataset) -> dict[str, str]:
    """How each cycle id is shown to people (2023-25 as 2023–25)."""
    return {c.id: c.label for c in ds.catalog}


def _where(filters: Filters) -> tuple[Column, ...]:
    """Force, cycle and area columns, less those a filter fixes (the title says them)."""
    return (
        *((FORCE_COL,) if len(filters.forces) != 1 else ()),
        *((YEAR_COL,) if filters.cycle is None else ()),
        *((AREA_COL,) if len(filters.areas) != 1 else ()),
    )


def _title(what: str, filters: Filters) -> str:
    described = query.describe_filters(filters)
    return what if described == "any" else f"{what}: {described}"


DETAIL_HINT = f" (findings {NOT_HELD}: it may hold only grades; try 'hmic grades')"


def _empty(what: str, filters: Filters, *, detail: bool = False) -> str:
    return f"no {what} for {query.describe_filters(filters)}" + (DETAIL_HINT if detail else "")


def _unknown_note(rows: list[dict[str, Any]], key: str = "grade") -> list[str]:
    n = sum(1 for r in rows if r.get(key) == Grade.UNKNOWN.value)
    if not n:
        return []
    return [f"'not held': {n} grade{'s' if n != 1 else ''} {NOT_HELD} (no stored source states it)."]


def _cycle_notes(ds: Dataset, rows: list[dict[str, Any]]) -> list[str]:
    """Each shown cycle's own note (e.g. that it is not comparable with the one before)."""
    shown = {r["cycle"] for r in rows if r.get("cycle")}
    return [f"PEEL {c.label}: {c.note}" for c in ds.catalog if c.id in shown and c.note]


def grades(ds: Dataset, filters: Filters, *, questions: bool) -> Listing:
    chosen = query.select(ds, filters)
    if questions:
        return Listing(
            cycle_labels=_labels(ds),
            fields=(
                *IDENTITY_FIELDS,
                "question",
                "question_text",
                *GRADE_FIELDS,
                "inspection_grade",
                "highlights",
                "areas_for_improvement",
            ),
            columns=(
                *_where(filters),
                Column("question", "Q", "number"),
                Column("question_text", "Question", "long"),
                GRADE_COL,
            ),
            rows=query.question_rows(chosen, filters.grades),
            title="Grades by question",
            empty=_empty("question grades", filters, detail=True),
        )
    rows = query.grade_rows(chosen, filters.grades)
    return Listing(
        cycle_labels=_labels(ds),
        fields=(*IDENTITY_FIELDS, *GRADE_FIELDS, "published", "questions", "detailed", "notes", "sources"),
        columns=(*_where(filters), GRADE_COL, Column("published", "Published", "date")),
        rows=rows,
        title=_title("Grades", filters),
        empty=_empty("grades", filters),
        notes=_unknown_note(rows),
    )


def highlights(ds: Dataset, filters: Filters, question: int | None) -> Listing:
    chosen = query.select(ds, filters)
    rows = query.highlight_rows(chosen, question)
    described = query.describe_filters(filters) + (f", question {question}" if question else "")
    numbers = sorted({q.number for i in chosen for q in i.questions})
    reason = DETAIL_HINT
    if question is not None and numbers and question not in numbers:
        held = ", ".join(map(str, numbers))
        reason = f" (the records held have no question {question}; their questions are {held})"
    return Listing(
        cycle_labels=_labels(ds),
        fields=(*IDENTITY_FIELDS, "question", "question_text", *GRADE_FIELDS, "n", "highlight"),
        columns=(
            *_where(filters),
            Column("question", "Q", "number"),
            GRADE_COL,
            Column("highlight", "Highlight", "long"),
        ),
        rows=rows,
        title=f"Highlights: {described}",
        empty=f"no highlights for {described}{reason}",
    )


def improvements(ds: Dataset, filters: Filters, *, include_adequate: bool = False) -> Listing:
    chosen = query.select(ds, filters)
    rows = query.improvement_rows(ds, chosen, include_adequate=include_adequate)
    # In the table the kind leads the finding, and a flag needs no more words
    # than the grade beside it: that keeps all forces readable in 80 columns.
    lead = {query.AREA: "Area for improvement: ", query.CONCERN: "Cause of concern: "}
    table_rows = [
        {
            **r,
            "area_name": r["area_name"] or "Whole report",
            "text": lead[r["kind"]] + r["text"]
            if r["kind"] in lead
            else ("Graded below good" if r["kind"] == query.FLAG else r["text"]),
        }
        for r in rows
    ]
    below = "adequate or below" if include_adequate else "below good"
    # What the list cannot show: findings and grades the data does not hold.
    missing = [
        f"findings (causes of concern, areas for improvement) are {NOT_HELD} for "
        f"{sum(not i.is_detailed for i in chosen)} of these {len(chosen)} records"
    ]
    unknown = sum(i.grade is Grade.UNKNOWN for i in chosen)
    if unknown:
        missing.append(f"{unknown} of their grades are {NOT_HELD}, so any of those may also be {below}")
    described = query.describe_filters(filters)
    return Listing(
        cycle_labels=_labels(ds),
        fields=(*IDENTITY_FIELDS, "question", "question_text", "kind", *GRADE_FIELDS, "count", "text"),
        columns=(
            *_where(filters),
            Column("question", "Q", "number"),
            GRADE_COL,
            Column("text", "Finding", "long"),
        ),
        rows=rows,
        table_rows=table_rows,
        title=_title(f"Causes of concern, areas for improvement and grades {below}", filters),
        empty=f"no grades {below} for {described}; " + "; ".join(missing),
        notes=[_cap("; ".join(missing)) + "."],
    )


# --- the national picture ------------------------------------------------------


def _legend(values: set[str]) -> str:
    shown = [g for g in Grade if g.value in values]
    return "Legend: " + ", ".join(
        f"{g.short} {g.label if g is not Grade.UNKNOWN else NOT_HELD}" for g in shown
    )


def compare(ds: Dataset, filters: Filters) -> Listing:
    rows = query.compare_rows(ds, filters)
    fields = (
        *IDENTITY_FIELDS,
        *GRADE_FIELDS,
        "same_grade",
        "forces_known",
        "forces_unknown",
        "forces_assessed",
        "position",
    )
    notes = _cycle_notes(ds, rows) if filters.cycle is None else []
    if len(filters.forces) == 1:
        return Listing(
            cycle_labels=_labels(ds),
            fields=fields,
            columns=(*_where(filters), GRADE_COL, Column("position", "National picture", "long")),
            rows=rows,
            title=f"{filters.forces[0].name} against all forces",
            empty=_empty("grades", filters),
            notes=notes,
        )
    # Side by side: one row per cycle and area, one column per force; past
    # two forces, short coloured labels keep the table inside 80 columns.
    cell = "grade" if len(filters.forces) <= 2 else "block"
    pivot: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        pivot.setdefault((r["cycle"], r["area"]), {"cycle": r["cycle"], "area_name": r["area_name"]})[
            r["force"]
        ] = r["grade"]
    return Listing(
        cycle_labels=_labels(ds),
        fields=fields,
        columns=(YEAR_COL, AREA_COL, *(Column(f.id, f.id, cell) for f in filters.forces)),
        rows=rows,
        table_rows=list(pivot.values()),
        title="Side by side",
        notes=([] if cell == "grade" else [_legend({r["grade"] for r in rows})]) + notes,
        empty=_empty("grades", filters),
    )


def history(ds: Dataset, filters: Filters) -> Listing:
    rows = query.history_rows(ds, filters)
    notes = []
    if any(r["change"] == query.NOT_COMPARABLE for r in rows):
        notes.append(
            "not comparable: HMICFRS states that grades cannot be directly compared across "
            "PEEL 2015–2018/19, 2021/22 and 2023–25 (different areas and scales)."
        )
    if any(r["change"] == query.NO_DIRECTION for r in rows):
        notes.append("unknown: one of the two grades is not graded or not held, so no direction is stated.")
    return Listing(
        cycle_labels=_labels(ds),
        fields=(*IDENTITY_FIELDS, *GRADE_FIELDS, "published", "previous_cycle", "previous_grade", "change"),
        columns=(
            *((FORCE_COL,) if len(filters.forces) != 1 else ()),
            YEAR_COL,
            AREA_COL,
            GRADE_COL,
            Column("change", "Change", "label"),
            Column("published", "Published", "date"),
        ),
        rows=rows,
        title=_title("History", filters),
        empty=_empty("grades", filters),
        notes=notes + _unknown_note(rows),
    )


def matrix(ds: Dataset, filters: Filters) -> Listing:
    m = query.matrix(ds, filters)
    keys = [k for k, _, _ in m.columns]
    totals: list[dict[str, Any]] = []
    shown = set()
    for grade in Grade:
        counts = {k: sum(1 for r in m.rows if r[k] == grade.value) for k in keys}
        if any(counts.values()):
            shown.add(grade.value)
            label = NOT_HELD if grade is Grade.UNKNOWN else grade.label
            totals.append({"force_name": f"{grade.short} {label}", **counts})
    short_names = {f.id: _short_name(f.name) for f in ds.forces}
    table_rows = [{**r, "force_name": short_names[r["force"]]} for r in m.rows]
    if m.across == "cycle":
        area = next((a for c in ds.catalog for a in c.areas if a.id == m.area), None)
        title = f"{area.name if area else m.area}: grades by cycle"
        key_note = []
    else:
        title = f"PEEL {m.cycle.label if m.cycle else ''} grades by area"
        key_note = ["Areas: " + ", ".join(f"{short} {name}" for _, short, name in m.columns)]
    notes = key_note + ([_legend(shown)] if shown else [])
    if m.cycle is not None and m.cycle.note:
        notes.append(f"PEEL {m.cycle.label}: {m.cycle.note}")
    return Listing(
        cycle_labels=_labels(ds),
        fields=("force", "force_name", "cycle", *keys) if m.cycle else ("force", "force_name", "area", *keys),
        columns=(Column("force_name", "Force"), *(Column(k, h, "block") for k, h, _ in m.columns)),
        rows=[{**r, "cycle": m.cycle.id if m.cycle else None, "area": m.area} for r in m.rows],
        table_rows=table_rows,
        footer_rows=totals,
        title=title,
        empty=_empty("grades", filters),
        notes=notes,
    )


def _short_name(name: str) -> str:
    """A force's name without 'Police', 'Constabulary' or 'Police Service', for dense tables."""
    for suffix in (" Police Service", " Constabulary", " Police"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def stats(ds: Dataset, filters: Filters) -> Listing:
    rows = query.stats_rows(ds, filters)
    widest = max((r["forces"] for r in rows if r["percent"] is not None), default=1) or 1
    table_rows = [
        {**r, "_bar": r["forces"] / widest if r["percent"] is not None else None, "grade": r["grade"]}
        for r in rows
    ]
    notes = ["% is of the forces with a known grade; 'not held' grades are counted apart."]
    return Listing(
        cycle_labels=_labels(ds),
        fields=(
            "programme",
            "year",
            "cycle",
            "pillar",
            "area",
            "area_name",
            *GRADE_FIELDS,
            "forces",
            "known",
            "total",
            "percent",
        ),
        columns=(
            *((YEAR_COL,) if filters.cycle is None else ()),
            *((AREA_COL,) if len(filters.areas) != 1 else ()),
            GRADE_COL,
            Column("forces", "Forces", "number"),
            Column("percent", "%", "number"),
            Column("_bar", "", "bar"),
        ),
        rows=rows,
        table_rows=table_rows,
        title=_title("Grades awarded", filters),
        empty=_empty("grades", filters),
        notes=notes if any(r["grade"] in ("unknown", "not_graded") for r in rows) else [],
    )


def search(ds: Dataset, filters: Filters, words: list[str]) -> Listing:
    rows = query.search_rows(query.select(ds, filters), words)
    return Listing(
        cycle_labels=_labels(ds),
        fields=(*IDENTITY_FIELDS, "question", "question_text", "kind", *GRADE_FIELDS, "text"),
        columns=(
            *_where(filters),
            Column("question", "Q", "number"),
            Column("kind", "Kind", "label"),
            Column("text", "Finding", "long"),
        ),
        rows=rows,
        title=f"Findings containing: {' '.join(words)}",
        empty=f"no findings contain all of: {' '.join(words)} (findings are {NOT_HELD} for most records)",
        emphasis=tuple(w for w in words if w.strip()),
    )


# --- whole reports -----------------------------------------------------------


def describe(filters: Filters) -> str:
    """Words for what was asked, e.g. 'durham, 2016, effectiveness' (for messages)."""
    return query.describe_filters(filters)


def context(ds: Dataset, i: Inspection) -> Context:
    """What the rest of the dataset says about a record: the one before it, and nationally."""
    from .report import Context

    before = query.previous(ds, i)
    return Context(
        previous=before,
        change=query.change(before, i) if before else None,
        national=query.position(ds, i),
    )


def show(ds: Dataset, filters: Filters) -> Documents:
    """The records grouped into reports (one per force and cycle), newest cycle first."""
    groups: dict[tuple[str, str], list[Inspection]] = {}
    for i in query.select(ds, filters):
        groups.setdefault((i.force.id, i.cycle.id), []).append(i)
    return [
        (
            [(i, context(ds, i)) for i in sorted(records, key=lambda i: i.area.order)],
            ds.report(force_id, cycle_id),
        )
        for (force_id, cycle_id), records in groups.items()
    ]
