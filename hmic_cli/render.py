"""The one place that turns rows into table, JSON, NDJSON, CSV, TSV or Markdown.

Machine formats carry every field with its machine value; the table shows
the columns a person needs with readable labels. ``rich`` is imported only
when a table is drawn, so scripted use never pays for it.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from .model import Grade

FORMATS = ("table", "json", "ndjson", "csv", "tsv", "markdown")

# Text from the data must never drive the terminal; the loader rejects such
# characters, and this is the second line of defence for every output path.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

GRADE_STYLES = {
    Grade.OUTSTANDING: "bold green",
    Grade.GOOD: "green",
    Grade.ADEQUATE: "yellow",
    Grade.REQUIRES_IMPROVEMENT: "yellow",
    Grade.INADEQUATE: "bold red",
    Grade.NOT_GRADED: "dim",
    Grade.UNKNOWN: "dim italic",
}
# Cell styles for the matrix: a coloured block that reads without the text.
GRADE_BLOCKS = {
    Grade.OUTSTANDING: "bold white on dark_green",
    Grade.GOOD: "black on green",
    Grade.ADEQUATE: "black on yellow",
    Grade.REQUIRES_IMPROVEMENT: "black on dark_orange",
    Grade.INADEQUATE: "bold white on red",
    Grade.NOT_GRADED: "dim",
    Grade.UNKNOWN: "dim",
}


def clean(text: str) -> str:
    return _CONTROL.sub("\ufffd", text)


@dataclass(frozen=True)
class Column:
    """A table column: which field, its heading and how to show it."""

    key: str
    header: str
    kind: str = "text"  # text | label | grade | date | number | year | long | bar
    max_width: int | None = None


@dataclass
class Listing:
    """Rows plus what a person needs to read them."""

    fields: Sequence[str]
    columns: Sequence[Column]
    rows: list[dict[str, Any]]
    title: str | None = None
    empty: str = "no matching records"
    # For people only (table, markdown): a different shape of the same rows
    # (e.g. forces side by side), totals under a rule, and lines after it.
    table_rows: list[dict[str, Any]] | None = None
    footer_rows: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Words to pick out in "long" columns on a terminal (search results).
    emphasis: tuple[str, ...] = ()

    @property
    def human_rows(self) -> list[dict[str, Any]]:
        return self.rows if self.table_rows is None else self.table_rows


def choose_format(fmt: str | None, as_json: bool, stream: IO[str] | None = None) -> str:
    """Follow gh's rule: a table for a terminal, TSV for a pipe, unless asked."""
    if as_json:
        return "json"
    if fmt:
        return fmt
    stream = stream or sys.stdout
    return "table" if stream.isatty() else "tsv"


def write(listing: Listing, fmt: str, out: IO[str] | None = None) -> None:
    out = out or sys.stdout
    if fmt == "json":
        out.write(json.dumps([_pick(listing, r) for r in listing.rows], indent=2, ensure_ascii=False))
        out.write("\n")
    elif fmt == "ndjson":
        for row in listing.rows:
            out.write(json.dumps(_pick(listing, row), ensure_ascii=False))
            out.write("\n")
    elif fmt == "csv":
        import csv

        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(listing.fields)
        for row in listing.rows:
            writer.writerow([_flat(row.get(k)) for k in listing.fields])
    elif fmt == "tsv":
        out.write("\t".join(listing.fields) + "\n")
        for row in listing.rows:
            out.write("\t".join(_tsv(row.get(k)) for k in listing.fields) + "\n")
    elif fmt == "markdown":
        out.write(markdown_table(listing))
    else:
        table(listing, out)


def _pick(listing: Listing, row: dict[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) for k in listing.fields}


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return clean(str(value))


def _tsv(value: Any) -> str:
    """TSV has no quoting: escape backslash, tab and newlines as ``\\\\ \\t \\n``."""
    text = _flat(value)
    if any(c in text for c in "\\\t\n\r"):
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def display(value: Any, kind: str) -> str:
    """How a person reads a machine value in a table or a report."""
    if value is None:
        return "unknown" if kind in ("grade", "date") else "-"
    if kind == "grade":
        return Grade(value).label
    if kind == "label":
        return str(value).replace("_", " ")
    if isinstance(value, bool):
        return "yes" if value else "no"
    return clean(str(value))


def markdown_table(listing: Listing) -> str:
    """A GitHub-flavoured Markdown table of the human columns."""
    cols = listing.columns
    lines = []
    if listing.title:
        lines += [f"**{_md(listing.title)}**", ""]
    lines.append("| " + " | ".join(_md(c.header) for c in cols) + " |")
    lines.append("|" + "|".join("---:" if c.kind == "number" else "---" for c in cols) + "|")
    for row in [*listing.human_rows, *listing.footer_rows]:
        lines.append("| " + " | ".join(_md(_cell_text(row.get(c.key), c.kind)) for c in cols) + " |")
    lines += [f"\n{_md(note)}" for note in listing.notes]
    return "\n".join(lines) + "\n"


def _cell_text(value: Any, kind: str) -> str:
    if kind == "block" and isinstance(value, str) and value in Grade._value2member_map_:
        return Grade(value).short
    return display(value, "text" if kind == "block" else kind)


def _md(text: str) -> str:
    """Escape what Markdown would read as formatting inside a table cell."""
    text = clean(text).replace("\n", " ")
    return re.sub(r"([\\|*_`\[\]<>#])", r"\\\1", text)


def console(out: IO[str] | None = None, *, stderr: bool = False) -> Any:
    """A rich console that honours NO_COLOR and never reads markup."""
    from rich.console import Console

    return Console(
        file=out or (sys.stderr if stderr else sys.stdout),
        highlight=False,
        markup=False,
        emoji=False,
        no_color=bool(os.environ.get("NO_COLOR")) or None,
    )


def grade_text(value: str | None, *, short: bool = False, block: bool = False) -> Any:
    from rich.text import Text

    grade = Grade(value) if value else Grade.UNKNOWN
    label = grade.short if short else grade.label
    style = GRADE_BLOCKS[grade] if block else GRADE_STYLES[grade]
    return Text(f" {label} " if block else label, style=style)


def _cell(value: Any, kind: str) -> Any:
    from rich.text import Text

    if kind == "grade":
        return grade_text(value)
    if kind == "block" and (value is None or value in Grade._value2member_map_):
        return grade_text(value, short=True, block=True)
    if kind == "bar":
        return Text(str(value or ""), style="cyan")
    return Text(display(value, "text" if kind == "block" else kind))


def table(listing: Listing, out: IO[str] | None = None) -> None:
    """Draw a rich table; data text is wrapped in ``Text`` so it is never markup."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    con = console(out)
    if not listing.rows:
        console(stderr=True).print(Text(listing.empty))
        return
    grid = Table(
        title=Text(clean(listing.title), style="bold") if listing.title else None,
        box=box.SIMPLE_HEAD,
        header_style="bold",
        title_justify="left",
    )
    for col in listing.columns:
        grid.add_column(
            Text(col.header),
            justify="right" if col.kind == "number" else "center" if col.kind == "block" else "left",
            overflow="fold",
            max_width=col.max_width,
            no_wrap=col.kind in ("grade", "year", "bar", "block", "label", "number", "date"),
            ratio=1 if col.kind == "long" else None,
            min_width=20 if col.kind == "long" else len(col.header),
        )
    for n, row in enumerate([*listing.human_rows, *listing.footer_rows]):
        if n == len(listing.human_rows) and listing.footer_rows:
            grid.add_section()
        cells = [_cell(row.get(col.key), col.kind) for col in listing.columns]
        for col, cell in zip(listing.columns, cells, strict=True):
            if col.kind == "long" and listing.emphasis:
                cell.highlight_words(listing.emphasis, style="bold reverse", case_sensitive=False)
        grid.add_row(*cells)
    con.print(grid)
    for note in listing.notes:
        con.print(Text(clean(note), style="dim"))
