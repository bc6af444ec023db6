"""Errors the tool reports to people, each carrying its exit code.

Anything raised as an ``HmicError`` is printed as one line on stderr by the
entry point; anything else is a bug.
"""

from __future__ import annotations


class HmicError(Exception):
    """A problem to report in one line; ``exit_code`` follows the CLI contract."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(HmicError):
    """The command line asked for something that cannot be (exit 2)."""

    exit_code = 2


class DataError(HmicError):
    """A data file is unreadable or invalid (exit 1), located as FILE:LINE."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.detail = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class DataErrors(HmicError):
    """Several data problems found in one pass, reported one per line."""

    def __init__(self, errors: list[DataError]) -> None:
        self.errors = errors
        super().__init__("\n".join(e.message for e in errors))
