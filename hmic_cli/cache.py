"""A cache of the validated dataset, so repeated commands skip TOML parsing.

The cache holds the plain records (see ``schema``) serialised with
``marshal``, keyed by every data file's path, size and modification time
plus the tool's and Python's versions. Any mismatch, a corrupt or truncated
file, or an unwritable directory simply means "no cache": the data is read
from TOML and the answer is the same. Set ``HMIC_NO_CACHE=1`` to bypass it
and ``HMIC_CACHE_DIR`` to move it.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Any

from . import __version__

FORMAT = 1


def directory() -> Path:
    """Where the cache lives: ``HMIC_CACHE_DIR``, else the XDG cache home."""
    explicit = os.environ.get("HMIC_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "hmic"


def enabled() -> bool:
    return os.environ.get("HMIC_NO_CACHE", "") in ("", "0")


def _fingerprint(files: list[Path]) -> tuple[Any, ...] | None:
    stamps = []
    for path in files:
        try:
            st = path.stat()
        except OSError:
            return None
        stamps.append((str(path), st.st_size, st.st_mtime_ns))
    return (FORMAT, __version__, sys.version_info[:2], tuple(stamps))


def _cache_file(files: list[Path]) -> Path:
    dirs = sorted({str(p.parent) for p in files})
    name = f"dataset-{zlib.crc32(chr(0).join(dirs).encode()):08x}.marshal"
    return directory() / name


def read(files: list[Path]) -> dict[str, Any] | None:
    """The cached plain dataset for exactly these files, or ``None``."""
    if not enabled() or not files:
        return None
    key = _fingerprint(files)
    if key is None:
        return None
    try:
        with open(_cache_file(files), "rb") as fh:
            # One read, then loads: marshal.load on a file reads in small
            # pieces and was seven times slower.
            stored = marshal.loads(fh.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key):
        return None
    plain = stored[1]
    if not isinstance(plain, dict) or set(plain) != {"forces", "inspections", "replaced"}:
        return None
    return plain


def write(files: list[Path], plain: dict[str, Any]) -> None:
    """Store the plain dataset atomically; failure to write is not an error."""
    if not enabled() or not files:
        return
    key = _fingerprint(files)
    if key is None:
        return
    import tempfile

    target = _cache_file(files)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".dataset-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                marshal.dump((key, plain), fh)
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, ValueError):
        return
