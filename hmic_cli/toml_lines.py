"""Map TOML keys to the line they stand on, for ``FILE:LINE`` messages.

``tomllib`` gives values but no positions. This scanner walks the text once
and records the line of every table header, key and multi-line array item,
addressed by a path such as ``("inspection", 2, "question", 0, "grade")``.
It is deliberately forgiving: it only has to point a person at the right
place in a file that ``tomllib`` has already accepted.
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)\s*=\s*(.*)$""")


class LineIndex:
    """Line numbers (1-based) of the keys and tables of one TOML text."""

    def __init__(self, text: str) -> None:
        self._lines: dict[Path, int] = {}
        self._scan(text)

    def line(self, path: Path) -> int:
        """The line of ``path``, or of its nearest recorded ancestor (else 1)."""
        for end in range(len(path), 0, -1):
            found = self._lines.get(path[:end])
            if found is not None:
                return found
        return 1

    def _scan(self, text: str) -> None:
        counts: dict[tuple[str, ...], int] = {}
        # Maps a dotted table name to its concrete path (with array indices).
        current: Path = ()
        concrete: dict[tuple[str, ...], Path] = {}
        in_string: str | None = None
        array_key: Path | None = None
        array_item = 0
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if in_string:
                if line.count(in_string) % 2 == 1:
                    in_string = None
                continue
            if array_key is not None:
                if line.startswith("]"):
                    array_key = None
                elif line and line[0] in "\"'{0123456789-tf[":
                    self._lines.setdefault((*array_key, array_item), number)
                    array_item += 1
                continue
            header = _HEADER.match(line)
            if header and not _KEY.match(line):
                names = tuple(part.strip().strip("\"'") for part in header.group(2).split("."))
                parent = concrete.get(names[:-1], names[:-1]) if len(names) > 1 else ()
                if header.group(1) == "[[":
                    index = counts.get(names, -1) + 1
                    counts[names] = index
                    for child in [k for k in counts if k[: len(names)] == names and k != names]:
                        del counts[child]
                    current = (*parent, names[-1], index)
                else:
                    current = (*parent, names[-1])
                concrete[names] = current
                self._lines[current] = number
                continue
            key = _KEY.match(line)
            if key:
                name = key.group(1).strip("\"'")
                path = (*current, name)
                self._lines[path] = number
                value = key.group(2).strip()
                for quote in ('"""', "'''"):
                    if value.startswith(quote) and value.count(quote) == 1:
                        in_string = quote
                if value.startswith("[") and not _closes_on_line(value):
                    array_key = path
                    array_item = 0


def _closes_on_line(value: str) -> bool:
    """True if an array value that starts on this line also ends on it."""
    depth = 0
    quote: str | None = None
    escaped = False
    for ch in value:
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\" and quote == '"':
                escaped = True
            elif ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            break
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
    return depth <= 0
