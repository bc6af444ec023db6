"""The one place that turns rows into table, JSON, NDJSON, CSV, TSV or Markdown.

Machine formats carry every field with its machine value; the table shows
the columns a person needs with readable labels, drawn by ``term`` with
plain ANSI codes so that even a large table costs milliseconds.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from typing import IO, Any, NamedTuple

from .model import Grade
from .term import BOLD, CYAN, DIM, GRADE_BLOCKS, GRADE_STYLES, Terminal, emphasise, wrap

FORMATS = ("table", "json", "ndjson", "csv", "tsv", "markdown")

# Text from the data must never drive the terminal; the loader rejects such
# characters, and this is the second line of defence for every output path.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    return _CONTROL.sub("\ufffd", text)


class Column(NamedTuple):
    """A table column: which field, its heading and how to show it."""

    key: str
    header: str
    kind: str = "text"  # text | label | grade | date | number | year | long | bar


class Listing(NamedTuple):
    """Rows plus what a person needs to read them.

    ``table_rows`` (a different shape of the same rows, e.g. forces side by
    side), ``footer_rows`` (totals under a rule), ``notes`` and ``emphasis``
    (words to pick out in search results) are for people only: table and
    Markdown. Machine formats carry ``rows`` with ``fields``.
    """

    fields: Sequence[str]
    columns: Sequence[Column]
    rows: list[dict[str, Any]]
    title: str | None = None
    empty: str = "no matching records"
    table_rows: list[dict[str, Any]] | None = None
    footer_rows: Sequence[dict[str, Any]] = ()
    notes: Sequence[str] = ()
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


def write(
    listing: Listing,
    fmt: str,
    out: IO[str] | None = None,
    *,
    err: IO[str] | None = None,
    terminal: Terminal | None = None,
    header: bool = True,
) -> None:
    """Write ``listing`` in ``fmt``; ``terminal`` describes where a table will show.

    ``header=False`` leaves out the header line of csv and tsv output.
    """
    out = out or sys.stdout
    if fmt == "json":
        # One object per line inside the array: valid JSON that reads and
        # diffs well, written by the C encoder (indent= forces the slow one).
        dumps = json.JSONEncoder(ensure_ascii=False).encode
        rows = [dumps(_pick(listing, r)) for r in listing.rows]
        out.write("[\n" + ",\n".join(rows) + "\n]\n" if rows else "[]\n")
    elif fmt == "ndjson":
        dumps = json.JSONEncoder(ensure_ascii=False).encode
        out.write("".join(dumps(_pick(listing, row)) + "\n" for row in listing.rows))
    elif fmt == "csv":
        import csv

        writer = csv.writer(out, lineterminator="\n")
        if header:
            writer.writerow(listing.fields)
        for row in listing.rows:
            writer.writerow([_flat(row.get(k)) for k in listing.fields])
    elif fmt == "tsv":
        if header:
            out.write("\t".join(listing.fields) + "\n")
        for row in listing.rows:
            out.write("\t".join(_tsv(row.get(k)) for k in listing.fields) + "\n")
    elif fmt == "markdown":
        out.write(markdown_table(listing))
    else:
        table(listing, out, err=err, terminal=terminal)


def _pick(listing: Listing, row: dict[str, Any]) -> dict[str, Any]:
    """The row with exactly the listing's fields, in order (as built, usually)."""
    if tuple(row) == tuple(listing.fields):
        return row
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


def _text(value: Any, col: Column) -> str:
    if col.kind == "block":
        return _cell_text(value, "block") if value is not None else "?"
    return display(value, col.kind)


def _fit(texts: list[list[str]], columns: Sequence[Column], width: int) -> list[int]:
    """Column widths that fit ``width``, wrapping text where it must.

    Long text gives way first (down to 24 characters), then other text
    columns (down to their longest word), then long text again (down to 10),
    then grades (to one word a line). Numbers, years and dates never wrap.
    """
    natural = [max([len(c.header), *(len(t[n]) for t in texts)]) for n, c in enumerate(columns)]
    widths = list(natural)

    def longest_word(n: int) -> int:
        return max([len(columns[n].header), *(len(w) for t in texts for w in t[n].split())])

    stages = [
        {n: min(natural[n], 24) for n, c in enumerate(columns) if c.kind == "long"},
        {n: longest_word(n) for n, c in enumerate(columns) if c.kind in ("text", "label")},
        {n: min(natural[n], 10) for n, c in enumerate(columns) if c.kind == "long"},
        {n: longest_word(n) for n, c in enumerate(columns) if c.kind == "grade"},
    ]
    excess = 2 + sum(widths) + 3 * (len(widths) - 1) - width
    for floors in stages:
        while excess > 0:
            movable = [n for n, low in floors.items() if widths[n] > low]
            if not movable:
                break
            n = max(movable, key=lambda k: widths[k])
            widths[n] -= 1
            excess -= 1
    return widths


def table(
    listing: Listing,
    out: IO[str] | None = None,
    *,
    err: IO[str] | None = None,
    terminal: Terminal | None = None,
) -> None:
    """Draw an aligned table with coloured grades; data text is never interpreted."""
    out = out or sys.stdout
    if not listing.rows:
        (err or sys.stderr).write(f"hmic: {clean(listing.empty)}\n")
        return
    term = terminal or Terminal(out)
    cols = listing.columns
    body = listing.human_rows
    every = [*body, *listing.footer_rows]
    texts = [[_text(row.get(c.key), c) for c in cols] for row in every]
    widths = _fit(texts, cols, term.width)
    total = 2 + sum(widths) + 3 * (len(widths) - 1)
    lines: list[str] = []
    if listing.title:
        lines += [term.paint(part, BOLD) for part in wrap(clean(listing.title), term.width)] + [""]
    header = "   ".join(_pad(c.header, w, c) for c, w in zip(cols, widths, strict=True))
    lines.append("  " + term.paint(header.rstrip(), BOLD))
    rule = " " + "─" * (total - 1)
    lines.append(rule)
    for n, (row, row_texts) in enumerate(zip(every, texts, strict=True)):
        if n == len(body) and listing.footer_rows:
            lines.append(rule)
        cells = [t.split("\n") if "\n" in t else wrap(t, w) for t, w in zip(row_texts, widths, strict=True)]
        for k in range(max(len(c) for c in cells)):
            parts = []
            for col, w, cell in zip(cols, widths, cells, strict=True):
                text = cell[k] if k < len(cell) else ""
                padded = _pad(text, w, col)
                if term.colour and text:
                    padded = _paint_cell(padded, text, row.get(col.key), col, term, listing)
                parts.append(padded)
            lines.append(("  " + "   ".join(parts)).rstrip())
    lines += [term.paint(part, DIM) for note in listing.notes for part in wrap(clean(note), term.width)]
    out.write("\n".join(lines) + "\n")


def _pad(text: str, width: int, col: Column) -> str:
    if col.kind == "number":
        return text.rjust(width)
    if col.kind == "block":
        return text.center(width)
    return text.ljust(width)


def _paint_cell(padded: str, text: str, value: Any, col: Column, term: Terminal, listing: Listing) -> str:
    style = None
    if col.kind == "grade" and isinstance(value, str) and value in Grade._value2member_map_:
        style = GRADE_STYLES[Grade(value)]
    elif col.kind == "block" and isinstance(value, str) and value in Grade._value2member_map_:
        style = GRADE_BLOCKS[Grade(value)]
        text = f" {text} "
        start = padded.index(text.strip()) - 1
        return padded[:start] + term.paint(text, style) + padded[start + len(text) :]
    elif col.kind == "bar":
        style = CYAN
    elif col.kind == "long" and listing.emphasis:
        return emphasise(padded, listing.emphasis, term)
    if style is None:
        return padded
    start = padded.index(text)
    return padded[:start] + term.paint(text, style) + padded[start + len(text) :]
