"""Reading report input and writing data files safely.

Writes are atomic (a temporary file in the target directory, then a rename)
and never replace an existing file unless the user asked for it.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from .errors import HmicError
from .model import Plain
from .schema import parse_file
from .tomlwrite import file_toml


def read_input(name: str, limit: int) -> bytes:
    """The bytes of FILE or stdin (``-``), reading at most ``limit + 1`` bytes."""
    if name == "-":
        return sys.stdin.buffer.read(limit + 1)
    path = Path(name)
    if path.is_dir():
        raise HmicError(f"{name}: is a directory, not a report")
    try:
        with open(path, "rb") as fh:
            return fh.read(limit + 1)
    except FileNotFoundError:
        raise HmicError(f"{name}: no such file") from None
    except OSError as exc:
        raise HmicError(f"{name}: cannot read: {exc.strerror}") from None


def render(records: list[Plain]) -> str:
    """TOML for the records, checked by reading it back with the loader."""
    text = file_toml(records, "Imported by hmic import; check it against the report before relying on it.")
    _, _, errors = parse_file("<import>", text.encode())
    if errors:
        raise HmicError(f"the imported record is not valid: {errors[0].detail}")
    return text


def file_name(record: Plain) -> str:
    return f"{record['force']}-{record['year']}-{record['pillar']}.toml"


def write_records(records: list[Plain], directory: Path, *, overwrite: bool) -> list[Path]:
    """One file per record in ``directory``; all are checked before any is written."""
    if not directory.is_dir():
        raise HmicError(f"data directory '{directory}' does not exist")
    planned = [(directory / file_name(r), render([r])) for r in records]
    for path, _ in planned:
        if path.exists() and not overwrite:
            raise HmicError(f"{path} already exists; use --overwrite to replace it")
    written = []
    for path, text in planned:
        atomic_write(path, text.encode("utf-8"))
        written.append(path)
    return written


def atomic_write(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same directory, then rename over."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise HmicError(f"cannot write {path}: {exc.strerror}") from None
