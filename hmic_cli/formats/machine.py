"""JSON, NDJSON, CSV, TSV and Markdown: text formats that never import rich.

Machine formats carry every field with its machine value and never depend
on the terminal. Lists stay JSON arrays; in CSV and TSV a list's items are
joined with `` | `` (documented in the README).
"""

from __future__ import annotations

import json
import re
from typing import IO, Any

from .listing import Listing, clean

LIST_SEPARATOR = " | "


def _pick(listing: Listing, row: dict[str, Any]) -> dict[str, Any]:
    """The row with exactly the listing's fields, in order (as built, usually: then as it is)."""
    if len(row) == len(listing.fields) and tuple(row) == tuple(listing.fields):
        return row
    return {k: row.get(k) for k in listing.fields}


def write_json(listing: Listing, out: IO[str], **_: Any) -> None:
    # One object per line inside the array: valid JSON that reads and diffs
    # well, written by the C encoder (indent= forces the slow one).
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    rows = [dumps(_pick(listing, r)) for r in listing.rows]
    out.write("[\n" + ",\n".join(rows) + "\n]\n" if rows else "[]\n")


def write_ndjson(listing: Listing, out: IO[str], **_: Any) -> None:
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    out.write("".join(dumps(_pick(listing, row)) + "\n" for row in listing.rows))


def flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(flat(v) for v in value)
    return clean(str(value))


def write_csv(listing: Listing, out: IO[str], *, header: bool = True, **_: Any) -> None:
    import csv

    writer = csv.writer(out, lineterminator="\n")
    if header:
        writer.writerow(listing.fields)
    for row in listing.rows:
        writer.writerow([flat(row.get(k)) for k in listing.fields])


def _tsv(value: Any) -> str:
    """TSV has no quoting: backslash, tab and newlines are written as ``\\\\ \\t \\n``."""
    text = flat(value)
    if any(c in text for c in "\\\t\n\r"):
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def write_tsv(listing: Listing, out: IO[str], *, header: bool = True, **_: Any) -> None:
    if header:
        out.write("\t".join(listing.fields) + "\n")
    out.write("".join("\t".join(_tsv(row.get(k)) for k in listing.fields) + "\n" for row in listing.rows))


def md_escape(text: str) -> str:
    """Escape what Markdown would read as formatting."""
    text = clean(text).replace("\n", " ")
    return re.sub(r"([\\|*_`\[\]<>#])", r"\\\1", text)


def write_markdown(listing: Listing, out: IO[str], **_: Any) -> None:
    """A GitHub-flavoured Markdown table of the human columns (bars are for terminals only)."""
    cols = [c for c in listing.columns if c.kind != "bar"]
    lines = []
    if listing.title:
        lines += [f"**{md_escape(listing.title)}**", ""]
    lines.append("| " + " | ".join(md_escape(c.header) for c in cols) + " |")
    lines.append("|" + "|".join("---:" if c.kind == "number" else "---" for c in cols) + "|")
    for row in [*listing.human_rows, *listing.footer_rows]:
        cells = [md_escape(listing.text(row, c)) for c in cols]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [f"\n{md_escape(note)}" for note in listing.notes]
    out.write("\n".join(lines) + "\n")
