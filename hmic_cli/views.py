"""Listings for each command: which fields, which columns, what title.

``query`` decides *what* the rows are; this module decides how each command
presents them (headings, column order, empty-result wording). It never
imports rich, so scripted output stays fast.
"""

from __future__ import annotations

import json
from typing import IO, Any

from . import query
from .dataset import Dataset
from .errors import UsageError
from .model import Grade, cycle_label
from .query import Filters
from .render import Column, Listing
from .term import Terminal

BASE_FIELDS = ("force", "force_name", "programme", "year", "cycle", "pillar")
FORCE_COL = Column("force_name", "Force")
YEAR_COL = Column("cycle", "Year", "year")
PILLAR_COL = Column("pillar", "Pillar", "label")


def forces(ds: Dataset) -> Listing:
    return Listing(
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


def grades(ds: Dataset, filters: Filters, *, questions: bool) -> Listing:
    chosen = query.select(ds, filters)
    if questions:
        rows = query.question_rows(chosen, filters.grades)
        return Listing(
            fields=(
                *BASE_FIELDS,
                "question",
                "question_text",
                "grade",
                "inspection_grade",
                "highlights",
                "areas_for_improvement",
            ),
            columns=(
                *_where(filters),
                Column("question", "Q", "number"),
                Column("question_text", "Question", "long"),
                Column("grade", "Grade", "grade"),
            ),
            rows=rows,
            title="Grades by question",
            empty=_empty("question grades", filters, detail=True),
        )
    return Listing(
        fields=(*BASE_FIELDS, "grade", "published", "questions", "detailed", "source"),
        columns=(
            *_where(filters),
            Column("grade", "Grade", "grade"),
            Column("published", "Published", "date"),
            *((Column("questions", "Questions", "number"),) if len(filters.forces) == 1 else ()),
        ),
        rows=query.grade_rows(chosen, filters.grades),
        title=_title("Overall grades", filters),
        empty=_empty("grades", filters),
    )


def highlights(ds: Dataset, filters: Filters, question: int | None) -> Listing:
    rows = query.highlight_rows(query.select(ds, filters), question)
    return Listing(
        fields=(*BASE_FIELDS, "question", "question_text", "grade", "n", "highlight"),
        columns=(
            *_where(filters),
            Column("question", "Q", "number"),
            Column("grade", "Grade", "grade"),
            Column("highlight", "Highlight", "long"),
        ),
        rows=rows,
        title=_title("Highlights", filters),
        empty=_empty("highlights", filters, detail=True),
    )


def improvements(ds: Dataset, filters: Filters) -> Listing:
    rows = query.improvement_rows(query.select(ds, filters))
    # In the table the kind leads the finding, and a flag needs no more words
    # than the grade beside it: that keeps all forces readable in 80 columns.
    lead = {query.AREA: "Area for improvement: ", query.CONCERN: "Cause of concern: "}
    table_rows = [
        {**r, "text": lead[r["kind"]] + r["text"] if r["kind"] in lead else "Graded below good"} for r in rows
    ]
    return Listing(
        fields=(*BASE_FIELDS, "question", "question_text", "kind", "grade", "text"),
        columns=(
            *_where(filters),
            Column("question", "Q", "number"),
            Column("grade", "Grade", "grade"),
            Column("text", "Finding", "long"),
        ),
        rows=rows,
        table_rows=table_rows,
        title=_title("Areas for improvement, causes of concern and grades below good", filters),
        empty=_empty("areas for improvement, causes of concern or grades below good", filters),
    )


def _where(filters: Filters) -> tuple[Column, ...]:
    """Force, year and pillar columns, less those a filter fixes (the title says them)."""
    return (
        *((FORCE_COL,) if len(filters.forces) != 1 else ()),
        *((YEAR_COL,) if filters.year is None else ()),
        *((PILLAR_COL,) if filters.pillar is None else ()),
    )


def _legend(grades: set[str]) -> str:
    return "Legend: " + ", ".join(f"{g.short} {g.label}" for g in Grade if g.value in grades)


def _title(what: str, filters: Filters) -> str:
    described = query.describe_filters(filters)
    return what if described == "any" else f"{what}: {described}"


def _empty(what: str, filters: Filters, *, detail: bool = False) -> str:
    message = f"no {what} for {query.describe_filters(filters)}"
    if detail:
        message += " (the dataset may hold only an overall grade: try 'hmic grades')"
    return message


# --- whole reports -----------------------------------------------------------


def show(ds: Dataset, filters: Filters, fmt: str | None, out: IO[str], err: IO[str], term: Terminal) -> None:
    """Whole reports: styled for a terminal, plain in a pipe, or JSON / Markdown."""
    from . import report

    if fmt is not None and fmt not in ("text", "json", "markdown"):
        raise UsageError(f"unknown format '{fmt}' for show (expected one of: text, json, markdown)")
    chosen = query.select(ds, filters)
    if fmt == "json":
        out.write(json.dumps([record(i) for i in chosen], indent=2, ensure_ascii=False) + "\n")
        return
    if not chosen:
        err.write(f"hmic: no records for {query.describe_filters(filters)}\n")
        return
    blocks = [b for i in chosen for b in report.inspection_blocks(i, context(ds, i))]
    if fmt == "markdown":
        out.write(report.to_markdown(blocks))
    elif fmt == "text" or not term.tty:
        out.write(report.to_plain(blocks))
    else:
        report.to_terminal(blocks, out, term)


def context(ds: Dataset, inspection: Any) -> Any:
    from .report import Context

    before = query.previous(ds, inspection)
    return Context(
        previous=before,
        change=query.change(before.grade, inspection.grade) if before else None,
        national=query.position(ds, inspection)[2],
    )


def record(i: Any) -> dict[str, Any]:
    """A whole inspection as nested JSON (``show --json``)."""
    return {
        **query.identity(i),
        "grade": i.grade.value,
        "published": i.published.isoformat() if i.published else None,
        "summary": i.summary,
        "notes": list(i.notes),
        "questions": [
            {
                "question": q.number,
                "question_text": q.text,
                "grade": q.grade.value,
                "highlights": list(q.highlights),
                "areas_for_improvement": list(q.areas_for_improvement),
            }
            for q in i.questions
        ],
        "areas_for_improvement": list(i.areas_for_improvement),
        "causes_of_concern": list(i.causes_of_concern),
        "sources": [
            {
                "title": s.title,
                "url": s.url,
                "date": s.date.isoformat() if s.date else None,
                "issued_by": s.issued_by,
                "author_role": s.author_role,
                "audience": s.audience,
            }
            for s in i.sources
        ],
    }


# --- the national picture ------------------------------------------------------

GRADE_COL = Column("grade", "Grade", "grade")


def compare(ds: Dataset, filters: Filters) -> Listing:
    rows = query.compare_rows(ds, filters)
    fields = (*BASE_FIELDS, "grade", "same_grade", "forces_assessed", "position")
    if len(filters.forces) == 1:
        return Listing(
            fields=fields,
            columns=(*_where(filters), GRADE_COL, Column("position", "National picture")),
            rows=rows,
            title=f"{filters.forces[0].name} against all forces",
            empty=_empty("grades", filters),
        )
    # Side by side: one row per year and pillar, one column per force; past
    # two forces, short coloured labels keep the table inside 80 columns.
    cell = "grade" if len(filters.forces) <= 2 else "block"
    pivot: dict[tuple[int, str], dict[str, Any]] = {}
    for r in rows:
        pivot.setdefault((r["year"], r["pillar"]), {"cycle": r["cycle"], "pillar": r["pillar"]})[
            r["force"]
        ] = r["grade"]
    return Listing(
        fields=fields,
        columns=(YEAR_COL, PILLAR_COL, *(Column(f.id, f.id, cell) for f in filters.forces)),
        rows=rows,
        table_rows=list(pivot.values()),
        title="Side by side",
        notes=[] if cell == "grade" else [_legend({r["grade"] for r in rows})],
        empty=_empty("grades", filters),
    )


def history(ds: Dataset, filters: Filters) -> Listing:
    return Listing(
        fields=(*BASE_FIELDS, "grade", "published", "previous_grade", "change"),
        columns=(
            PILLAR_COL,
            YEAR_COL,
            GRADE_COL,
            Column("change", "Change", "label"),
            Column("published", "Published", "date"),
        ),
        rows=query.history_rows(ds, filters),
        title=_title("History", filters),
        empty=_empty("grades", filters),
    )


def matrix(ds: Dataset, filters: Filters) -> Listing:
    m = query.matrix(ds, filters.year, filters.pillar, filters.forces)
    keys = [k for k, _ in m.columns]
    totals: list[dict[str, Any]] = []
    shown = []
    for grade in Grade:
        counts = {k: sum(1 for r in m.rows if r[k] == grade.value) for k in keys}
        if any(counts.values()):
            shown.append(grade)
            totals.append({"force_name": f"{grade.label} ({grade.short})", **counts})
    if m.across == "year":
        title = f"{m.pillar.value.capitalize() if m.pillar else ''} grades by year"
    else:
        title = f"PEEL {cycle_label(m.year) if m.year else ''} grades by pillar"
    return Listing(
        fields=("force", "force_name", *keys),
        columns=(Column("force_name", "Force"), *(Column(k, h, "block") for k, h in m.columns)),
        rows=m.rows,
        footer_rows=totals,
        title=title,
        empty=_empty("grades", filters),
        notes=[_legend({g.value for g in shown})] if shown else [],
    )


def stats(ds: Dataset, filters: Filters) -> Listing:
    rows = query.stats_rows(ds, filters)
    widest = max((r["forces"] for r in rows), default=1)
    table_rows = [{**r, "bar": "█" * max(1, round(16 * r["forces"] / widest))} for r in rows]
    return Listing(
        fields=("programme", "year", "cycle", "pillar", "grade", "forces", "total", "percent"),
        columns=(
            YEAR_COL,
            PILLAR_COL,
            GRADE_COL,
            Column("forces", "Forces", "number"),
            Column("percent", "%", "number"),
            Column("bar", "", "bar"),
        ),
        rows=rows,
        table_rows=table_rows,
        title=_title("Grades awarded", filters),
        empty=_empty("grades", filters),
    )


def search(ds: Dataset, filters: Filters, words: list[str]) -> Listing:
    rows = query.search_rows(query.select(ds, filters), words)
    return Listing(
        fields=(*BASE_FIELDS, "question", "question_text", "kind", "text"),
        columns=(
            *_where(filters),
            Column("question", "Q", "number"),
            Column("kind", "Kind", "label"),
            Column("text", "Finding", "long"),
        ),
        rows=rows,
        title=f"Findings containing: {' '.join(words)}",
        empty=f"no findings contain all of: {' '.join(words)}",
        emphasis=tuple(w for w in words if w.strip()),
    )


def brief(ds: Dataset, filters: Filters) -> str:
    """The Markdown briefing for one inspection (the newest detailed one if several match)."""
    from .report import brief_markdown

    chosen = query.select(ds, filters)
    if not chosen:
        raise UsageError(f"no record for {query.describe_filters(filters)}")
    detailed = [i for i in chosen if i.is_detailed]
    if len(chosen) > 1 and (filters.year is None or filters.pillar is None) and not detailed:
        raise UsageError("several records match; choose one with --year and --pillar")
    inspection = (detailed or chosen)[0]
    counts = {
        r["grade"]: r["forces"]
        for r in query.stats_rows(ds, Filters(year=inspection.year, pillar=inspection.pillar))
    }
    national = [(g, counts[g.value]) for g in Grade if g.value in counts]
    return brief_markdown(inspection, context(ds, inspection), national)
