"""Drawing for terminals: widths, colours and wrapping, with no heavy imports.

The tool's tables and reports are drawn here with plain ANSI SGR codes
rather than with rich's layout engine: rich needed a quarter of a second for
a 516-row table, while start-up time is a feature of this tool (see
``bench/``). Colour follows the usual rules: only on a terminal, never with
``NO_COLOR`` set or ``TERM=dumb``; ``FORCE_COLOR`` turns it on anywhere.
"""

from __future__ import annotations

import os
import re
import shutil
from typing import IO

from .model import Grade

RESET = "\x1b[0m"
BOLD = "1"
DIM = "2"
ITALIC = "3"
UNDERLINE = "4"
CYAN = "36"
EMPHASIS = "1;7"

GRADE_STYLES = {
    Grade.OUTSTANDING: "1;32",
    Grade.GOOD: "32",
    Grade.ADEQUATE: "33",
    Grade.REQUIRES_IMPROVEMENT: "33",
    Grade.INADEQUATE: "1;31",
    Grade.NOT_GRADED: "2",
    Grade.UNKNOWN: "2;3",
}
# Matrix cells: a coloured block that reads at a glance.
GRADE_BLOCKS = {
    Grade.OUTSTANDING: "1;97;42",
    Grade.GOOD: "30;102",
    Grade.ADEQUATE: "30;103",
    Grade.REQUIRES_IMPROVEMENT: "30;43",
    Grade.INADEQUATE: "1;97;41",
    Grade.NOT_GRADED: "2",
    Grade.UNKNOWN: "2",
}


class Terminal:
    """What an output stream can show: its width and whether to use colour."""

    def __init__(self, stream: IO[str]) -> None:
        tty = _isatty(stream)
        self.tty = tty
        env = os.environ
        if env.get("NO_COLOR"):
            self.colour = False
        elif env.get("FORCE_COLOR"):
            self.colour = True
        else:
            self.colour = tty and env.get("TERM") != "dumb"
        self.width = _width(tty)

    def paint(self, text: str, style: str | None) -> str:
        if not style or not self.colour or not text:
            return text
        return f"\x1b[{style}m{text}{RESET}"


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _width(tty: bool) -> int:
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if tty:
        return shutil.get_terminal_size((80, 24)).columns
    return 80


def wrap(text: str, width: int) -> list[str]:
    """Break text at spaces to ``width``; words longer than that are split."""
    if len(text) <= width:
        return [text]
    import textwrap

    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def emphasise(line: str, words: tuple[str, ...], term: Terminal) -> str:
    """Mark every occurrence of ``words`` (any case) in a line of plain text."""
    if not words or not term.colour:
        return line
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    return pattern.sub(lambda m: term.paint(m.group(0), EMPHASIS), line)
