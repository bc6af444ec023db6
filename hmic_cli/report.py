"""Whole-report views (``show``, ``brief``): one document, three renderings.

A report is built once as a list of blocks, then drawn with rich for a
terminal, as plain text for a pipe, or as Markdown for a briefing paper, so
that the three never disagree about content.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

from .model import Grade, Inspection
from .render import clean


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


def inspection_blocks(i: Inspection, ctx: Context, *, heading_sources: bool = True) -> list[Block]:
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
    if heading_sources and i.sources:
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


def to_rich(blocks: list[Block], out: IO[str] | None = None) -> None:
    """Styled output for a terminal; every data string goes in as ``Text``."""
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from .render import GRADE_STYLES, console

    con = console(out)

    def graded(grade: Grade | None) -> Any:
        if grade is None:
            return Text("")
        return Text(grade.label, style=GRADE_STYLES[grade])

    first = True
    for b in blocks:
        if b.kind == "title":
            if not first:
                con.print()
                con.rule(style="dim")
            con.print(Text(clean(b.text), style="bold underline"))
        elif b.kind == "heading":
            con.print()
            con.print(Text(clean(b.text), style="bold cyan"))
        elif b.kind == "field":
            line = Text.assemble((f"{b.label}: ", "bold"), graded(b.grade), Text(clean(b.text)))
            con.print(line)
        elif b.kind == "para":
            con.print(Padding(Text(clean(b.text)), (0, 0, 0, 2)))
        elif b.kind == "question":
            con.print()
            line = Text.assemble((f"{b.label}. ", "bold"), (clean(b.text), "bold"), " ", graded(b.grade))
            con.print(line)
        elif b.kind == "bullets":
            if b.label:
                con.print(Padding(Text(b.label, style="italic"), (0, 0, 0, 3)))
            bullets = Table.grid(padding=(0, 1))
            bullets.add_column(no_wrap=True)
            bullets.add_column(overflow="fold")
            for item in b.items:
                bullets.add_row("•", Text(clean(item)))
            con.print(Padding(bullets, (0, 0, 0, 5 if b.label else 2)))
        first = False
