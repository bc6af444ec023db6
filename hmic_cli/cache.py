"""Caches that make repeated commands fast without ever changing an answer.

Two caches live in the user cache directory (``HMIC_CACHE_DIR``, else
``$XDG_CACHE_HOME/hmic`` or ``~/.cache/hmic``):

* the validated dataset: plain records (see ``schema``) serialised with
  ``marshal``, so a command skips TOML parsing and validation;
* the output of read-only commands, for an exact repeat of a run.

Both are keyed by every data file's path, size and modification time plus
the tool's and Python's versions. Any mismatch, a corrupt or truncated file,
or an unwritable directory simply means "no cache": the data is read from
TOML and the answer is the same. ``HMIC_NO_CACHE=1`` bypasses both;
``HMIC_NO_OUTPUT_CACHE=1`` only the second.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Any

from . import __version__

FORMAT = 3


def directory() -> Path:
    """Where the cache lives: ``HMIC_CACHE_DIR``, else the XDG cache home."""
    explicit = os.environ.get("HMIC_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "hmic"


def enabled() -> bool:
    return os.environ.get("HMIC_NO_CACHE", "") in ("", "0")


_CODE_STAMP: tuple[Any, ...] | None = None


def _code_stamp() -> tuple[Any, ...]:
    """The tool's own source files: an edited checkout must not replay old output.

    Read once per process; both caches and their reads and writes share it.
    """
    global _CODE_STAMP
    if _CODE_STAMP is None:
        stamps = []
        for entry in os.scandir(Path(__file__).parent):
            if entry.name.endswith(".py"):
                st = entry.stat()
                stamps.append((entry.name, st.st_size, st.st_mtime_ns))
        _CODE_STAMP = tuple(sorted(stamps))
    return _CODE_STAMP


def _fingerprint(files: list[Path]) -> tuple[Any, ...] | None:
    stamps = []
    for path in files:
        try:
            st = path.stat()
        except OSError:
            return None
        stamps.append((str(path), st.st_size, st.st_mtime_ns))
    return (FORMAT, __version__, sys.version_info[:2], _code_stamp(), tuple(stamps))


def _cache_file(files: list[Path]) -> Path:
    dirs = sorted({str(p.parent) for p in files})
    name = f"dataset-{zlib.crc32(chr(0).join(dirs).encode()):08x}.marshal"
    return directory() / name


def _load(target: Path, stamp: tuple[Any, ...], label: str) -> Any:
    """What was stored at ``target`` under exactly ``stamp`` and ``label``, else None."""
    try:
        with open(target, "rb") as fh:
            # One read, then loads: marshal.load on a file reads in small
            # pieces and was seven times slower.
            stored = marshal.loads(fh.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if isinstance(stored, tuple) and len(stored) == 3 and stored[0] == stamp and stored[1] == label:
        return stored[2]
    return None


def _store(target: Path, stamp: tuple[Any, ...], label: str, value: Any) -> None:
    """Write atomically (temporary file, then rename); failure is not an error."""
    import tempfile

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                marshal.dump((stamp, label, value), fh)
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, ValueError):
        return


def read(files: list[Path]) -> dict[str, Any] | None:
    """The cached plain dataset for exactly these files, or ``None``."""
    stamp = _fingerprint(files) if enabled() and files else None
    if stamp is None:
        return None
    plain = _load(_cache_file(files), stamp, "dataset")
    if not isinstance(plain, dict) or set(plain) != {"forces", "records", "replaced"}:
        return None
    return plain


def write(files: list[Path], plain: dict[str, Any]) -> None:
    """Store the plain dataset; failure to write is not an error."""
    stamp = _fingerprint(files) if enabled() and files else None
    if stamp is not None:
        _store(_cache_file(files), stamp, "dataset", plain)


# -- rendered output ---------------------------------------------------------------
#
# A listing over tens of thousands of records spends most of its time
# encoding rows, so the exact output of a listing command is kept too, keyed
# by the command, its options, everything in the environment that changes
# what is drawn, and the same data-file fingerprint as the dataset cache.
# A change to any data file, option or terminal setting is simply a miss.

OUTPUT_LIMIT = 64 * 1024 * 1024
OUTPUT_KEEP = 200


def _output_file(key: tuple[Any, ...]) -> Path:
    import hashlib

    digest = hashlib.sha1(repr(key).encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return directory() / "output" / f"{digest}.marshal"


def output_enabled() -> bool:
    return enabled() and os.environ.get("HMIC_NO_OUTPUT_CACHE", "") in ("", "0")


def read_output(files: list[Path], key: tuple[Any, ...]) -> tuple[str, str] | None:
    """(stdout, stderr) of an earlier identical run over unchanged data, or None."""
    stamp = _fingerprint(files) if output_enabled() and files else None
    if stamp is None:
        return None
    stored = _load(_output_file(key), stamp, repr(key))
    if isinstance(stored, tuple) and len(stored) == 2 and all(isinstance(x, str) for x in stored):
        return stored[0], stored[1]
    return None


def write_output(files: list[Path], key: tuple[Any, ...], out: str, err: str) -> None:
    """Keep a run's output; failure to write is not an error."""
    stamp = _fingerprint(files) if output_enabled() and files and len(out) <= OUTPUT_LIMIT else None
    if stamp is None:
        return
    target = _output_file(key)
    with contextlib.suppress(OSError):
        _prune(target.parent)
    _store(target, stamp, repr(key), (out, err))


def _prune(folder: Path) -> None:
    """Keep the newest ``OUTPUT_KEEP`` outputs."""
    entries = list(os.scandir(folder))
    if len(entries) < OUTPUT_KEEP:
        return
    entries.sort(key=lambda e: e.stat().st_mtime_ns)
    for entry in entries[: len(entries) - OUTPUT_KEEP // 2]:
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
