"""The one registry of output formats.

Each format is registered once: its name, what it is, the kinds of output it
applies to (``listing`` for the table commands, ``show``, ``brief``,
``export``), the file extensions that name it, and for each kind the writer
that produces it (a ``module:function`` imported only when that format is
used, so a JSON run never imports rich). Option parsing, help text,
completion and validation all come from here, case-insensitively.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UsageError

LISTING = "listing"
SHOW = "show"
BRIEF = "brief"
EXPORT = "export"


@dataclass(frozen=True)
class Format:
    name: str
    summary: str
    writers: Mapping[str, str]  # kind -> "module:function"
    extensions: tuple[str, ...] = ()
    binary: bool = False

    def writer(self, kind: str) -> Callable[..., Any]:
        module, function = self.writers[kind].split(":")
        return getattr(importlib.import_module(module), function)


_M = "hmic_cli.formats.machine"
REGISTRY: tuple[Format, ...] = (
    Format("table", "aligned columns, coloured grades (rich)", {LISTING: "hmic_cli.formats.table:write"}),
    Format(
        "text",
        "the report as text: styled on a terminal, plain in a pipe",
        {SHOW: "hmic_cli.report:write_text"},
        (".txt",),
    ),
    Format(
        "json",
        "a JSON array of flat objects",
        {LISTING: f"{_M}:write_json", SHOW: "hmic_cli.report:write_json"},
        (".json",),
    ),
    Format("ndjson", "one JSON object per line", {LISTING: f"{_M}:write_ndjson"}, (".ndjson", ".jsonl")),
    Format(
        "csv",
        "comma-separated values with a header",
        {LISTING: f"{_M}:write_csv", EXPORT: "hmic_cli.export:to_csv"},
        (".csv",),
    ),
    Format("tsv", "tab-separated values with a header", {LISTING: f"{_M}:write_tsv"}, (".tsv", ".tab")),
    Format(
        "markdown",
        "Markdown, for pasting into documents",
        {
            LISTING: f"{_M}:write_markdown",
            SHOW: "hmic_cli.report:write_markdown",
            BRIEF: "hmic_cli.brief:to_markdown",
        },
        (".md", ".markdown"),
    ),
    Format("html", "a standalone HTML page", {BRIEF: "hmic_cli.brief:to_html"}, (".html", ".htm")),
    Format("docx", "a Word document", {BRIEF: "hmic_cli.brief:to_docx"}, (".docx",), binary=True),
    Format(
        "sqlite",
        "a SQLite database (tables with keys and indexes)",
        {EXPORT: "hmic_cli.export:to_sqlite"},
        (".db", ".sqlite", ".sqlite3"),
        binary=True,
    ),
)
_BY_NAME = {f.name: f for f in REGISTRY}
ALIASES = {"md": "markdown", "jsonl": "ndjson", "nl": "ndjson", "txt": "text", "word": "docx", "db": "sqlite"}


def names(kind: str) -> list[str]:
    """The formats one kind of output can be written in, in registry order."""
    return [f.name for f in REGISTRY if kind in f.writers]


def parse(kind: str, text: str) -> Format:
    """The format a person asked for; ``UsageError`` naming the choices for this command."""
    key = text.strip().lower()
    found = _BY_NAME.get(ALIASES.get(key, key))
    if found is None or kind not in found.writers:
        raise UsageError(
            f"unknown format '{text}' for this command (expected one of: {', '.join(names(kind))})"
        )
    return found


def by_extension(kind: str, path: Path) -> Format | None:
    """The format a file name's extension names, among those of ``kind``."""
    suffix = path.suffix.lower()
    return next((f for f in REGISTRY if kind in f.writers and suffix in f.extensions), None)


def extensions(kind: str) -> dict[str, tuple[str, ...]]:
    return {f.name: f.extensions for f in REGISTRY if kind in f.writers}
