"""Whole reports (``show``): one document, several renderings.

A report is built once as a list of blocks, grouped per force and cycle
(a PEEL 2021/22 report's areas, or one year's pillars), then drawn with rich
for a terminal, as plain text for a pipe, as Markdown, or as nested JSON, so
that the renderings never disagree about content.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import IO, Any

from .env import Env
from .formats.listing import clean
from .formats.machine import md_escape
from .model import Grade, Inspection, ReportFacts
from .query import NOT_HELD, Position, concern_words


@dataclass(frozen=True)
class Block:
    """One piece of a report.

    kind: ``title`` | ``heading`` | ``field`` | ``para`` | ``bullets`` |
    ``question`` | ``links`` (addresses, printed whole, one per line).
    For ``field``, ``heading`` and ``question`` a ``grade`` is shown styled.
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
    national: Position | None = None


def _grade_words(grade: Grade) -> str:
    return f"grade {NOT_HELD}" if grade is Grade.UNKNOWN else grade.label


def report_blocks(records: list[tuple[Inspection, Context]], facts: ReportFacts | None) -> list[Block]:
    """One force's report for one cycle: its areas (or pillars), in report order."""
    first = records[0][0]
    blocks = [Block("title", f"{first.force.name}: {first.programme} {first.cycle.label}")]
    if facts is not None:
        blocks.append(Block("field", label="Causes of concern", text=concern_words(facts)))
        blocks += [Block("bullets", items=facts.notes)] if facts.notes else []
    if first.cycle.note:
        blocks.append(Block("field", label="Note", text=first.cycle.note))
    for i, ctx in records:
        blocks += area_blocks(i, ctx)
    return blocks


def area_blocks(i: Inspection, ctx: Context) -> list[Block]:
    kind = "Pillar" if i.cycle.dimension == "pillar" else "Area"
    blocks = [
        Block("heading", i.area.name, label=kind, grade=i.grade),
        Block("field", label="Grade", text=_grade_words(i.grade)),
        Block("field", label="Published", text=i.published.isoformat() if i.published else NOT_HELD),
    ]
    if ctx.previous is not None:
        prev = ctx.previous
        said = {"not_comparable": "not comparable", "unknown": "no direction stated"}
        change = said.get(ctx.change or "", ctx.change or "")
        blocks.append(
            Block(
                "field",
                label=f"Previous (PEEL {prev.cycle.label})",
                text=f"{_grade_words(prev.grade)} ({change})",
            )
        )
    if ctx.national is not None:
        blocks.append(Block("field", label="Nationally", text=ctx.national.words))
    if i.evidence:
        blocks.append(Block("field", label="Evidence", text=i.evidence))
    if i.summary:
        blocks += [Block("para", i.summary, label="Inspectors' conclusion")]
    if i.notes:
        blocks.append(Block("bullets", items=i.notes, label="Notes"))
    for q in i.questions:
        blocks.append(Block("question", q.text, label=str(q.number), grade=q.grade))
        if q.highlights:
            blocks.append(Block("bullets", items=q.highlights, label="Highlights"))
        if q.areas_for_improvement:
            blocks.append(Block("bullets", items=q.areas_for_improvement, label="Areas for improvement"))
    if i.areas_for_improvement:
        blocks.append(Block("bullets", items=i.areas_for_improvement, label="Areas for improvement"))
    if i.causes_of_concern:
        blocks.append(Block("bullets", items=i.causes_of_concern, label="Causes of concern"))
    if not i.is_detailed:
        blocks.append(Block("field", label="Findings", text=NOT_HELD))
    titles = tuple(s.describe() if not s.url else (s.title or "") for s in i.sources if s.title or not s.url)
    urls = tuple(s.url for s in i.sources if s.url)
    blocks.append(Block("links", items=urls, text="\n".join(t for t in titles if t), label="Sources"))
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
            grade = f" [{_grade_words(b.grade)}]" if b.grade else ""
            title = f"{b.label}: {clean(b.text)}{grade}"
            out += ["", title, "-" * len(title)]
        elif b.kind == "field":
            out.append(f"{b.label}: {clean(b.text)}")
        elif b.kind == "para":
            out += [f"{b.label}:", f"  {clean(b.text)}"]
        elif b.kind == "question":
            out += ["", f"{b.label}. {clean(b.text)} [{_grade_words(b.grade) if b.grade else ''}]"]
        elif b.kind == "bullets":
            if b.label:
                out.append(f"  {b.label}:")
            indent = "    " if b.label else "  "
            out += [f"{indent}- {clean(item)}" for item in b.items]
        elif b.kind == "links":
            out.append(f"{b.label}:")
            out += [f"  {clean(t)}" for t in b.text.split("\n") if t]
            out += [f"  {clean(u)}" for u in b.items]
    return "\n".join(out) + "\n"


def to_markdown(blocks: list[Block]) -> str:
    """Markdown for pasting into a briefing document."""
    out: list[str] = []
    for b in blocks:
        if b.kind == "title":
            out += ["", f"# {md_escape(b.text)}", ""]
        elif b.kind == "heading":
            grade = f": {_grade_words(b.grade)}" if b.grade else ""
            out += ["", f"## {md_escape(b.text)}{md_escape(grade)}", ""]
        elif b.kind == "field":
            out.append(f"- {b.label}: {md_escape(b.text)}")
        elif b.kind == "para":
            out += ["", f"*{b.label}:* {md_escape(b.text)}", ""]
        elif b.kind == "question":
            grade = _grade_words(b.grade) if b.grade else ""
            out += ["", f"### {b.label}. {md_escape(b.text)}", "", f"Grade: **{grade}**", ""]
        elif b.kind == "bullets":
            out += ["", f"*{b.label}:*", ""] if b.label else [""]
            out += [f"- {md_escape(item)}" for item in b.items]
            out.append("")
        elif b.kind == "links":
            out += ["", f"*{b.label}:*", ""]
            out += [f"- {md_escape(t)}" for t in b.text.split("\n") if t]
            out += [f"- <{u}>" for u in b.items]
            out.append("")
    text = "\n".join(out)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"


def to_terminal(blocks: list[Block], out: IO[str], env: Env) -> None:
    """Styled, wrapped output for a terminal, drawn by rich (data never read as markup)."""
    from rich.padding import Padding
    from rich.text import Text

    from .formats.table import GRADE_STYLES, console

    con = console(out, env)

    def graded(grade: Grade | None) -> Text:
        if grade is None:
            return Text("")
        return Text(_grade_words(grade), style=GRADE_STYLES[grade])

    first = True
    for b in blocks:
        if b.kind == "title":
            if not first:
                con.print()
                con.rule(style="dim")
            con.print(Text(clean(b.text), style="bold underline"))
            first = False
        elif b.kind == "heading":
            con.print()
            con.print(Text.assemble((f"{b.label}: {clean(b.text)}", "bold cyan"), " ", graded(b.grade)))
        elif b.kind == "field":
            con.print(Text.assemble((f"{b.label}: ", "bold"), clean(b.text)))
        elif b.kind == "para":
            con.print(Text(f"{b.label}:", style="bold"))
            con.print(Padding(Text(clean(b.text)), (0, 0, 0, 2)))
        elif b.kind == "question":
            con.print()
            con.print(Text.assemble((f"{b.label}. {clean(b.text)}", "bold"), " ", graded(b.grade)))
        elif b.kind == "bullets":
            if b.label:
                con.print(Text(f"  {b.label}:", style="italic"))
            for item in b.items:
                con.print(Padding(Text("• ") + Text(clean(item)), (0, 0, 0, 4 if b.label else 2)))
        elif b.kind == "links":
            con.print(Text(f"{b.label}:", style="bold"))
            for t in b.text.split("\n"):
                if t:
                    con.print(Padding(Text(clean(t)), (0, 0, 0, 2)))
            for url in b.items:
                # Whole, on its own line, never wrapped: it must stay clickable and copyable.
                con.print(Text("  " + clean(url)), no_wrap=True, overflow="ignore", crop=False)


# -- the show command's writers (see formats) ------------------------------------

Documents = list[tuple[list[tuple[Inspection, Context]], ReportFacts | None]]


def _all_blocks(documents: Documents) -> list[Block]:
    return [b for records, facts in documents for b in report_blocks(records, facts)]


def write_text(documents: Documents, out: IO[str], *, env: Env, pager: bool = True) -> None:
    blocks = _all_blocks(documents)
    if not env.stdout_tty or out is not env.stdout:
        out.write(to_plain(blocks))
        return
    buffer = io.StringIO()
    to_terminal(blocks, buffer, env)
    from .pager import page

    page(buffer.getvalue(), env, enabled=pager)


def write_markdown(documents: Documents, out: IO[str], **_: Any) -> None:
    out.write(to_markdown(_all_blocks(documents)))


def write_json(documents: Documents, out: IO[str], **_: Any) -> None:
    """Whole records as nested JSON (``show --json``), one object per record."""
    # One record per line, like the listings: the C encoder (indent= forces the slow one).
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    rows = [dumps(record(i, facts)) for records, facts in documents for i, _ in records]
    out.write("[\n" + ",\n".join(rows) + "\n]\n" if rows else "[]\n")


def record(i: Inspection, facts: ReportFacts | None = None) -> dict[str, Any]:
    """A whole record as nested JSON."""
    from .query import graded, identity

    row = {k: v for k, v in identity(i).items() if not k.startswith("_")}
    return {
        **row,
        "cycle_label": i.cycle.label,
        **graded(i),
        "published": i.published.isoformat() if i.published else None,
        "summary": i.summary,
        "notes": list(i.notes),
        "evidence": i.evidence,
        "questions": [
            {
                "question": q.number,
                "question_text": q.text,
                "grade": q.grade.value,
                "grade_rank": i.cycle.rank(q.grade),
                "highlights": list(q.highlights),
                "areas_for_improvement": list(q.areas_for_improvement),
            }
            for q in i.questions
        ],
        "areas_for_improvement": list(i.areas_for_improvement),
        "causes_of_concern": list(i.causes_of_concern),
        "causes_of_concern_count": facts.causes_of_concern if facts else None,
        "sources": [s.as_dict() for s in i.sources],
    }
