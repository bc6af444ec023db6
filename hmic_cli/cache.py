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
import struct
import sys
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from . import __version__
from .errors import HmicError

FORMAT = 9
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


# The file: a magic line, the index's length (8 bytes) and crc32 (4 bytes), then the index:
# the marshalled (stamp, plain dataset) in which each section's blob (see ``dataset.pack``)
# is replaced by its (offset, length, crc32); then the blobs themselves. A command reads
# the index and only the blobs it needs, and checks each against its crc32 first.
_MAGIC = b"hmic dataset cache\n"
_HEAD = struct.Struct("<QI")
_RECORDS = {"total", "counts", "record_counts", "sections"}


class Blobs(Mapping[str, bytes]):
    """Each section's blob, read from the cache file when first asked for.

    The file stays open, so a cache rewritten meanwhile by another run (a
    rename over this one) cannot mix two versions.
    """

    def __init__(
        self, fh: BinaryIO, path: Path, start: int, offsets: dict[str, tuple[int, int, int]]
    ) -> None:
        self._fh = fh
        self._path = path
        self._start = start
        self._offsets = offsets

    def __getitem__(self, name: str) -> bytes:
        offset, length, checksum = self._offsets[name]
        try:
            self._fh.seek(self._start + offset)
            data = self._fh.read(length)
        except OSError as exc:
            raise HmicError(f"cannot read the dataset cache ({exc.strerror}); set HMIC_NO_CACHE=1") from None
        if len(data) != length or zlib.crc32(data) != checksum:
            # Damaged on disk or since its index was read: drop it, so that the next run rebuilds it.
            with contextlib.suppress(OSError):
                os.unlink(self._path)
            raise HmicError(
                "the dataset cache is damaged or was changed while in use; "
                "run the command again to rebuild it"
            )
        return data

    def __iter__(self) -> Iterator[str]:
        return iter(self._offsets)

    def __len__(self) -> int:
        return len(self._offsets)


def read(directory: Path, files: list[Path]) -> dict[str, Any] | None:
    """The cached plain dataset for exactly these files, or ``None``."""
    stamp = fingerprint(files) if files else None
    if stamp is None:
        return None
    target = cache_file(directory, files)
    if _not_ours(target):
        return None
    try:
        fh = open(target, "rb")  # noqa: SIM115 - kept open for the blobs (see Blobs)
    except OSError:  # missing or unreadable: a miss
        return None
    try:
        head = fh.read(len(_MAGIC) + _HEAD.size)
        size, checksum = _HEAD.unpack(head[len(_MAGIC) :]) if head.startswith(_MAGIC) else (-1, 0)
        if not 0 < size <= _file_size(fh) - len(head):
            raise ValueError("not a cache file of this version")
        # One read, then loads: marshal.load on a file reads in small pieces.
        index = fh.read(size)
        if len(index) != size or zlib.crc32(index) != checksum:
            raise ValueError("a damaged index")
        stored = marshal.loads(index)
    except (OSError, struct.error, EOFError, ValueError, TypeError):  # truncated or foreign bytes
        fh.close()
        return None
    plain = stored[1] if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == stamp else None
    offsets = _sections(plain)
    if plain is None or offsets is None or _blobs_end(offsets) != _file_size(fh) - len(head) - size:
        fh.close()  # another layout, or cut short or grown: a miss
        return None
    plain["records"]["sections"] = Blobs(fh, target, len(head) + size, offsets)
    return plain


def _sections(plain: object) -> dict[str, tuple[int, int, int]] | None:
    """Where each section lies, if ``plain`` has the layout this version writes; else ``None``."""
    if not (isinstance(plain, dict) and set(plain) == {"forces", "cycles", "records", "replaced"}):
        return None
    records = plain["records"]
    if not (isinstance(records, dict) and set(records) == _RECORDS and isinstance(records["sections"], dict)):
        return None
    offsets: dict[str, tuple[int, int, int]] = records["sections"]
    if not all(_is_place(where) for where in offsets.values()):
        return None
    return offsets


def _is_place(where: object) -> bool:
    """An (offset, length, crc32) triple of non-negative ints."""
    return isinstance(where, tuple) and len(where) == 3 and all(type(n) is int and n >= 0 for n in where)


def _blobs_end(offsets: dict[str, tuple[int, int, int]]) -> int:
    return max((offset + length for offset, length, _ in offsets.values()), default=0)


def _file_size(fh: BinaryIO) -> int:
    return os.fstat(fh.fileno()).st_size


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
    blobs = plain["records"]["sections"]
    offsets, position = {}, 0
    for name, blob in blobs.items():
        offsets[name] = (position, len(blob), zlib.crc32(blob))
        position += len(blob)
    index = marshal.dumps((stamp, {**plain, "records": {**plain["records"], "sections": offsets}}))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", dir=target.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(_MAGIC + _HEAD.pack(len(index), zlib.crc32(index)))
            fh.write(index)
            for blob in blobs.values():
                fh.write(blob)
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
