"""Whole-report views (``show``, ``brief``): one document, three renderings.

A report is built once as a list of blocks, then drawn with rich for a
terminal, as plain text for a pipe, or as Markdown for a briefing paper, so
that the three never disagree about content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import IO

from .model import Grade, Inspection
from .render import clean
from .term import Terminal


@dataclass(frozen=True)
class Block:
    """One piece of a report.

    kind: ``title`` | ``heading`` | ``field`` | ``para`` | ``bullets`` | ``question``.
    For ``field`` and ``question`` the ``grade`` is shown styled.
    """

    kind: str
    text: str = ""
    items: tuple[str, ...] = ()
    label: str = ""
    grade: Grade | None = None


@dataclass(frozen=True)
class Context:
    """Facts about a record that come from the rest of the dataset."""

    previous: Inspection | None = None
    change: str | None = None
    national: str | None = None


def inspection_blocks(i: Inspection, ctx: Context) -> list[Block]:
    """The report of one inspection, in the order of the founding briefing."""
    blocks = [
        Block("title", f"{i.force.name}: {i.programme} {i.cycle} {i.pillar.value}"),
        Block("field", label="Overall grade", grade=i.grade),
        Block("field", label="Published", text=i.published.isoformat() if i.published else "unknown"),
    ]
    if ctx.previous is not None:
        change = f" ({ctx.change})" if ctx.change else ""
        blocks.append(
            Block(
                "field",
                label=f"Previous ({ctx.previous.cycle})",
                grade=ctx.previous.grade,
                text=change,
            )
        )
    if ctx.national:
        blocks.append(Block("field", label="Nationally", text=ctx.national))
    if i.summary:
        blocks += [Block("heading", "Inspectors' conclusion"), Block("para", i.summary)]
    if i.notes:
        blocks += [Block("heading", "Notes"), Block("bullets", items=i.notes)]
    if i.questions:
        blocks.append(Block("heading", "Findings by question"))
    for q in i.questions:
        blocks.append(Block("question", q.text, label=str(q.number), grade=q.grade))
        if q.highlights:
            blocks.append(Block("bullets", items=q.highlights, label="Highlights"))
        if q.areas_for_improvement:
            blocks.append(Block("bullets", items=q.areas_for_improvement, label="Areas for improvement"))
    if i.areas_for_improvement:
        blocks += [
            Block("heading", "Areas for improvement"),
            Block("bullets", items=i.areas_for_improvement),
        ]
    if i.causes_of_concern:
        blocks += [
            Block("heading", "Causes of concern"),
            Block("bullets", items=i.causes_of_concern),
        ]
    if i.sources:
        blocks += [
            Block("heading", "Sources"),
            Block("bullets", items=tuple(s.describe() for s in i.sources)),
        ]
    return blocks


# -- renderings ----------------------------------------------------------


def to_plain(blocks: list[Block]) -> str:
    """Plain text: no colour, no wrapping (one paragraph per line, for grep)."""
    out: list[str] = []
    for b in blocks:
        if b.kind == "title":
            if out:
                out.append("")
            out += [clean(b.text), "=" * len(b.text)]
        elif b.kind == "heading":
            out += ["", clean(b.text), "-" * len(b.text)]
        elif b.kind == "field":
            value = (b.grade.label if b.grade else "") + clean(b.text)
            out.append(f"{b.label}: {value}")
        elif b.kind == "para":
            out.append(clean(b.text))
        elif b.kind == "question":
            grade = b.grade.label if b.grade else ""
            out += ["", f"{b.label}. {clean(b.text)} [{grade}]"]
        elif b.kind == "bullets":
            if b.label:
                out.append(f"  {b.label}:")
            indent = "    " if b.label else "  "
            out += [f"{indent}- {clean(item)}" for item in b.items]
    return "\n".join(out) + "\n"


def to_markdown(blocks: list[Block]) -> str:
    """Markdown for pasting into a briefing document."""
    from .render import _md

    out: list[str] = []
    for b in blocks:
        if b.kind == "title":
            out += [f"# {_md(b.text)}", ""]
        elif b.kind == "heading":
            out += ["", f"## {_md(b.text)}", ""]
        elif b.kind == "field":
            value = (f"**{b.grade.label}**" if b.grade else "") + _md(b.text)
            out.append(f"- {b.label}: {value}")
        elif b.kind == "para":
            out += [_md(b.text), ""]
        elif b.kind == "question":
            grade = b.grade.label if b.grade else ""
            out += ["", f"### {b.label}. {_md(b.text)}", "", f"Grade: **{grade}**", ""]
        elif b.kind == "bullets":
            if b.label:
                out += [f"*{b.label}:*", ""]
            out += [f"- {_md(item)}" for item in b.items]
            out.append("")
    text = "\n".join(out)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"


def to_terminal(blocks: list[Block], out: IO[str], term: Terminal) -> None:
    """Styled, wrapped output for a terminal (plain ANSI; see ``term``)."""
    from .term import BOLD, CYAN, DIM, GRADE_STYLES, ITALIC, UNDERLINE, wrap

    width = max(term.width, 40)
    lines: list[str] = []

    def graded(grade: Grade | None) -> str:
        return term.paint(grade.label, GRADE_STYLES[grade]) if grade else ""

    def para(text: str, indent: int, first: str = "") -> None:
        hang = " " * indent
        wrapped = wrap(clean(text), width - indent - len(first))
        lines.append(hang + first + wrapped[0])
        lines.extend(hang + " " * len(first) + rest for rest in wrapped[1:])

    for b in blocks:
        if b.kind == "title":
            if lines:
                lines += ["", term.paint("─" * width, DIM)]
            lines.append(term.paint(clean(b.text), f"{BOLD};{UNDERLINE}"))
        elif b.kind == "heading":
            lines += ["", term.paint(clean(b.text), f"{BOLD};{CYAN}")]
        elif b.kind == "field":
            lines.append(term.paint(f"{b.label}:", BOLD) + " " + graded(b.grade) + clean(b.text))
        elif b.kind == "para":
            para(b.text, 2)
        elif b.kind == "question":
            lines.append("")
            head = wrap(f"{b.label}. {clean(b.text)}", width)
            lines += [term.paint(h, BOLD) for h in head]
            lines[-1] += " " + graded(b.grade)
        elif b.kind == "bullets":
            if b.label:
                lines.append("   " + term.paint(b.label, ITALIC))
            for item in b.items:
                para(item, 5 if b.label else 2, "• ")
    out.write("\n".join(lines) + "\n")


def brief_markdown(i: Inspection, ctx: Context, national: list[tuple[Grade, int]]) -> str:
    """A Panel-briefing-style summary in Markdown, built from the data only.

    The headings follow the founding briefing: purpose, summary, findings by
    question, areas for improvement, the national picture, the conclusion.
    """
    from .render import _md

    def day(d: date | None) -> str:
        return f"{d.day} {d:%B %Y}" if d else "an unknown date"

    what = f"PEEL {i.cycle} {i.pillar.value}"
    out = [f"# {_md(i.force.name)}: HMIC {_md(what)} assessment", ""]
    out += [
        "## 1. Purpose",
        "",
        f"To summarise the findings of the HMIC {_md(what)} assessment of {_md(i.force.name)}, "
        f"published on {day(i.published)}.",
        "",
        "## 2. Summary",
        "",
        f"The overall grade for {_md(i.force.name)} is **{i.grade.label}**.",
    ]
    if ctx.previous is not None:
        change = f" ({ctx.change})" if ctx.change else ""
        out.append(
            f"The previous assessment ({ctx.previous.cycle}) graded it {ctx.previous.grade.label}{change}."
        )
    if ctx.national:
        out.append(f"Nationally: {_md(ctx.national)}.")
    if i.notes:
        out += ["", *[f"- {_md(n)}" for n in i.notes]]
    out.append("")
    if i.questions:
        out += ["## 3. Findings", ""]
        for q in i.questions:
            out += [f"### 3.{q.number} {_md(q.text)}", "", f"Grade: **{q.grade.label}**", ""]
            if q.highlights:
                out += ["The assessment highlights:", "", *[f"- {_md(h)}" for h in q.highlights], ""]
            if q.areas_for_improvement:
                out += ["Areas for improvement:", "", *[f"- {_md(a)}" for a in q.areas_for_improvement], ""]
    areas: list[tuple[int | None, str]] = [
        (q.number, a) for q in i.questions for a in q.areas_for_improvement
    ]
    areas += [(None, a) for a in i.areas_for_improvement]
    out += ["## 4. Areas for improvement and causes of concern", ""]
    if areas or i.causes_of_concern:
        out += [f"- {'Question ' + str(n) + ': ' if n else ''}{_md(a)}" for n, a in areas]
        out += [f"- Cause of concern: {_md(c)}" for c in i.causes_of_concern]
    else:
        out.append("None recorded in the data.")
    out.append("")
    if national:
        total = sum(n for _, n in national)
        out += [
            "## 5. The national picture",
            "",
            f"Grades for {_md(what)} across the {total} forces in the data:",
            "",
            "| Grade | Forces |",
            "|---|---:|",
            *[f"| {g.label} | {n} |" for g, n in national],
            "",
        ]
    if i.summary:
        out += ["## 6. The inspectors' conclusion", "", _md(i.summary), ""]
    out += ["## Sources", "", *[f"- {_md(s.describe())}" for s in i.sources], ""]
    return "\n".join(out)
