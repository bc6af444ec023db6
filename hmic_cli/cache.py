"""A cache of the validated dataset, so that a command skips TOML parsing.

It lives in the user cache directory (``HMIC_CACHE_DIR``, else
``$XDG_CACHE_HOME/hmic`` or ``~/.cache/hmic``; see ``env``) and holds the
plain records (see ``schema``) serialised with ``marshal``. It is keyed by
every data file's path, size and modification time plus the tool's code and
Python's version. Any mismatch, a corrupt or truncated file, or an unwritable
directory simply means "no cache": the data is read from TOML and the answer
is the same. ``HMIC_NO_CACHE=1`` turns it off.

(An output cache was tried and removed: its replay came after Typer had
loaded, so it saved nothing measurable at the bundled size.)
"""

from __future__ import annotations

import contextlib
import marshal
import os
import stat
import sys
import zlib
from pathlib import Path
from typing import Any

from . import __version__

FORMAT = 5
_CODE_STAMP: tuple[Any, ...] | None = None


def _code_stamp() -> tuple[Any, ...]:
    """The tool's own source files: an edited checkout must not read an old cache."""
    global _CODE_STAMP
    if _CODE_STAMP is None:
        stamps = []
        for entry in os.scandir(Path(__file__).parent):
            if entry.name.endswith(".py"):
                st = entry.stat()
                stamps.append((entry.name, st.st_size, st.st_mtime_ns))
        _CODE_STAMP = tuple(sorted(stamps))
    return _CODE_STAMP


def fingerprint(files: list[Path]) -> tuple[Any, ...] | None:
    """What the cached dataset must have been built from; ``None`` if a file vanished."""
    stamps = []
    for path in files:
        try:
            st = path.stat()
        except OSError:
            return None
        stamps.append((str(path), st.st_size, st.st_mtime_ns))
    return (FORMAT, __version__, sys.version_info[:2], _code_stamp(), tuple(stamps))


def cache_file(directory: Path, files: list[Path]) -> Path:
    dirs = sorted({str(p.parent) for p in files})
    return directory / f"dataset-{zlib.crc32(chr(0).join(dirs).encode()):08x}.marshal"


def read(directory: Path, files: list[Path]) -> dict[str, Any] | None:
    """The cached plain dataset for exactly these files, or ``None``."""
    stamp = fingerprint(files) if files else None
    if stamp is None:
        return None
    target = cache_file(directory, files)
    if _not_ours(target):
        return None
    try:
        with open(target, "rb") as fh:
            # One read, then loads: marshal.load on a file reads in small
            # pieces and was seven times slower.
            data = fh.read()
    except OSError:  # missing or unreadable: a miss
        return None
    try:
        stored = marshal.loads(data)
    except (EOFError, ValueError, TypeError):  # what marshal raises for truncated or foreign bytes
        return None
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == stamp):
        return None
    plain = stored[1]
    keys = {"forces", "cycles", "records", "reports", "replaced"}
    return plain if isinstance(plain, dict) and set(plain) == keys else None


def write(directory: Path, files: list[Path], plain: dict[str, Any]) -> None:
    """Store the plain dataset atomically; failing to write is not an error."""
    import tempfile

    stamp = fingerprint(files) if files else None
    if stamp is None:
        return
    target = cache_file(directory, files)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    if _not_ours(target):
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", dir=target.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            marshal.dump((stamp, plain), fh)
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _not_ours(target: Path) -> bool:
    """True if something other than a regular file stands where the cache goes.

    A directory, a link or a pipe there is someone else's: it is neither read
    (a pipe would block) nor replaced.
    """
    try:
        return not stat.S_ISREG(os.lstat(target).st_mode)
    except OSError:
        return False  # nothing there yet
