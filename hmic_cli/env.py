"""Everything hmic reads from the process it runs in, read once.

Like httpie's ``Environment``: the standard streams, whether each is a
terminal, the colour choice, the width, the pager and the data and cache
directories are decided here and passed down, so that no other module looks
at ``sys.stdout``, ``isatty`` or ``os.environ``, and a test can build an
``Env`` for a terminal, a pipe, colour on or off, or any width directly.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

COLOR_CHOICES = ("auto", "always", "never")


@dataclass(frozen=True)
class Env:
    """The process's streams and settings, as hmic uses them."""

    stdout: IO[str] = field(default_factory=lambda: sys.stdout)
    stderr: IO[str] = field(default_factory=lambda: sys.stderr)
    stdin: IO[str] = field(default_factory=lambda: sys.stdin)
    stdout_tty: bool = False
    colour: bool = False
    width: int = 80
    height: int = 24
    data_dirs: tuple[Path, ...] = ()
    cache_dir: Path | None = None
    pager: str | None = None
    less: str | None = None
    quiet: bool = False

    @classmethod
    def from_process(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        stdout: IO[str] | None = None,
        stderr: IO[str] | None = None,
        stdin: IO[str] | None = None,
    ) -> Env:
        """Read the real process (or ``environ`` and the given streams)."""
        env = os.environ if environ is None else environ
        out = stdout or sys.stdout
        tty = is_tty(out)
        return cls(
            stdout=out,
            stderr=stderr or sys.stderr,
            stdin=stdin or sys.stdin,
            stdout_tty=tty,
            colour=colour_wanted("auto", tty, env),
            width=_width(tty, env),
            height=_height(tty, env),
            data_dirs=tuple(Path(p) for p in env.get("HMIC_DATA_DIR", "").split(os.pathsep) if p),
            cache_dir=cache_directory(env),
            pager=env.get("PAGER"),
            less=env.get("LESS"),
        )

    def with_colour(self, choice: str, environ: Mapping[str, str] | None = None) -> Env:
        """This environment with ``--color auto|always|never`` applied."""
        env = os.environ if environ is None else environ
        return replace(self, colour=colour_wanted(choice, self.stdout_tty, env))

    def quietly(self) -> Env:
        return replace(self, quiet=True)

    def note(self, message: str) -> None:
        """A notice on stderr (``hmic: ...``) unless ``--quiet``."""
        if not self.quiet:
            self.stderr.write(f"hmic: {message}\n")


def is_tty(stream: IO[str] | None) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def colour_wanted(choice: str, tty: bool, env: Mapping[str, str]) -> bool:
    """``--color`` first, then ``NO_COLOR``, ``FORCE_COLOR``, ``TERM=dumb`` and the terminal."""
    if choice == "always":
        return True
    if choice == "never" or env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    return tty and env.get("TERM") != "dumb"


def _width(tty: bool, env: Mapping[str, str]) -> int:
    columns = env.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return max(int(columns), 20)
    if tty:
        import shutil

        return max(shutil.get_terminal_size((80, 24)).columns, 20)
    return 80


def _height(tty: bool, env: Mapping[str, str]) -> int:
    lines = env.get("LINES", "").strip()
    if lines.isdigit() and int(lines) > 0:
        return int(lines)
    if tty:
        import shutil

        return shutil.get_terminal_size((80, 24)).lines
    return 24


def cache_directory(env: Mapping[str, str]) -> Path | None:
    """``HMIC_CACHE_DIR``, else the XDG cache home; ``None`` with ``HMIC_NO_CACHE``."""
    if env.get("HMIC_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = env.get("HMIC_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "hmic"
