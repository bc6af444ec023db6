"""Every file the tool reads as input or writes as output goes through here.

The promise to the user is that nothing is lost: an existing file is only
replaced when they said ``--overwrite``; something that is not a regular file
(a symbolic link, directory, device, FIFO or socket) is never replaced at all,
because replacing it would destroy something we did not create; and a file is
either fully written or not there, never half-written, because the data goes
to a temporary file in the same directory that is flushed to disk and then
renamed over the target in one step. New files get the mode ``open()`` would
give them, so the user's umask is honoured; a replaced file keeps its mode.

Problems come back as one-line ``HmicError`` messages (exit 1), except a file
name that contradicts ``--format``, which is a usage error (exit 2).
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from .errors import HmicError, UsageError

# What a non-regular file is called in a refusal, tested in this order.
_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
)

# Reading in pieces keeps a raw (unbuffered) stdin from returning short.
_CHUNK = 1 << 16


def write_file(path: Path, data: bytes, *, overwrite: bool) -> None:
    """Write ``data`` to ``path`` atomically, refusing to lose anything.

    Raises ``HmicError`` if ``path`` exists and ``overwrite`` is false, if it
    is not a regular file (whatever ``overwrite`` says), if its directory is
    missing, or if the system refuses the write (full disk, read-only file
    system, no permission...). On any failure the temporary file is removed
    and ``path`` is as it was.
    """
    with atomic_target(path, overwrite=overwrite) as tmp, _reported(path):
        _fill(tmp, data)


@contextmanager
def atomic_target(path: Path, *, overwrite: bool) -> Iterator[Path]:
    """A temporary file name beside ``path`` for writers that must open a file themselves.

    SQLite, for one, wants a file name rather than bytes. The same refusals
    as ``write_file`` happen before the block runs. The yielded file exists
    and is empty; the block fills it and must close its own handles before it
    ends. On normal exit the file gets its final mode and is renamed over
    ``path``; if the block raises, the file is removed and the exception
    propagates unchanged.
    """
    mode = _checked_mode(path, overwrite=overwrite)
    with _reported(path):
        fd, name = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with _reported(path):
            os.chmod(tmp, mode)
            # Check again: something may have appeared at ``path`` while the block ran.
            _checked_mode(path, overwrite=overwrite)
            os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise
    _sync_directory(path.parent)


def write_tree(directory: Path, files: Mapping[str, bytes], *, overwrite: bool) -> list[Path]:
    """Write several files (name -> bytes) into ``directory``; return their paths.

    The directory is created if missing (its parent must exist), with the
    umask's mode. Every target is checked before anything is written, so a
    single clash leaves the directory untouched; then every file is written to
    a temporary file, and only when all of them are on disk are they renamed
    into place. If a write fails, no target has been touched and a directory
    created here is removed again. (Only a failing rename, which within one
    directory is all but unheard of, could leave some files replaced and
    others not.) Names must be plain file names; anything else is a
    programming error (``ValueError``).
    """
    for name in files:
        if name in ("", "..") or Path(name).name != name:
            raise ValueError(f"not a plain file name: {name!r}")
    targets = [directory / name for name in files]
    created = not _directory_exists(directory)
    if created:
        _check_parent(directory)
        with _reported(directory):
            os.mkdir(directory)
    else:
        for target in targets:
            _checked_mode(target, overwrite=overwrite)
    try:
        with ExitStack() as stack:
            for name, data in files.items():
                target = directory / name
                tmp = stack.enter_context(atomic_target(target, overwrite=overwrite))
                with _reported(target):
                    _fill(tmp, data)
    except BaseException:
        if created:
            with suppress(OSError):
                directory.rmdir()
        raise
    return targets


def check_extension(path: Path, fmt: str, extensions: Mapping[str, Sequence[str]]) -> None:
    """Refuse a file name whose extension names a different known format than ``fmt``.

    ``extensions`` maps each format to its extensions (with or without the
    dot; the first is the one suggested). Writing SQLite into ``grades.csv``
    is almost certainly a slip, and the file would confuse whatever opens it
    next, so it is a usage error. No extension, or one no format claims, is
    fine: the user chose the name.
    """
    name = path.name.lower()
    matched = ""
    owners: list[str] = []
    for known, exts in extensions.items():
        for ext in _dotted(exts):
            if not name.endswith(ext) or len(name) == len(ext) or len(ext) < len(matched):
                continue
            if len(ext) > len(matched):
                matched, owners = ext, []
            owners.append(known)
    if not matched or fmt in owners:
        return
    shown = path.name[-len(matched) :]
    hint = f"use --format {owners[0]}"
    own = _dotted(extensions.get(fmt, ()))
    if own:
        hint += f" or a {own[0]} file name"
    raise UsageError(f"{path} has a {shown} extension but the format is {fmt}; {hint}")


def read_input(name: str, limit: int, stdin: BinaryIO) -> bytes:
    """The bytes of file ``name``, or of ``stdin`` for ``-``: at most ``limit + 1`` of them.

    Reading one byte past the limit lets the caller tell "exactly at the
    limit" from "too large" without reading a huge input whole.
    """
    if name == "-":
        try:
            return _read_upto(stdin, limit + 1)
        except OSError as exc:
            raise HmicError(f"cannot read standard input: {_reason(exc)}") from None
    try:
        with open(name, "rb") as fh:
            return _read_upto(fh, limit + 1)
    except OSError as exc:
        raise HmicError(f"cannot read {name}: {_reason(exc)}") from None


def _checked_mode(path: Path, *, overwrite: bool) -> int:
    """Refuse what must not be written; otherwise the permission bits ``path`` should end with.

    ``lstat`` rather than ``stat``, so that a symbolic link is seen as itself
    and refused, never followed. A replaced file keeps its rwx bits but not
    set-user-ID and friends, which would be wrong on a file with a new owner.
    """
    _check_parent(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return 0o666 & ~_umask()
    except OSError as exc:
        raise HmicError(f"cannot write {path}: {_reason(exc)}") from None
    if not stat.S_ISREG(st.st_mode):
        kind = next((k for test, k in _KINDS if test(st.st_mode)), "a special file")
        raise HmicError(f"{path} is {kind}, not a regular file; refusing to replace it")
    if not overwrite:
        raise HmicError(f"{path} already exists; use --overwrite to replace it")
    return stat.S_IMODE(st.st_mode) & 0o777


def _check_parent(path: Path) -> None:
    """Name the missing directory, which says more than "no such file or directory"."""
    parent = path.parent
    try:
        st = os.stat(parent)
    except FileNotFoundError:
        raise HmicError(f"cannot write {path}: directory '{parent}' does not exist") from None
    except OSError as exc:
        raise HmicError(f"cannot write {path}: {_reason(exc)}") from None
    if not stat.S_ISDIR(st.st_mode):
        raise HmicError(f"cannot write {path}: '{parent}' is not a directory")


def _directory_exists(directory: Path) -> bool:
    """Whether ``directory`` is there to write into; refuse anything else already at that name.

    A symbolic link to a directory is fine (we write inside it, not over it);
    a file, or a link to nothing, is not.
    """
    try:
        st = os.stat(directory)
    except FileNotFoundError:
        if not os.path.lexists(directory):
            return False
        raise HmicError(f"{directory} is a broken symbolic link, not a directory") from None
    except OSError as exc:
        raise HmicError(f"cannot write {directory}: {_reason(exc)}") from None
    if not stat.S_ISDIR(st.st_mode):
        raise HmicError(f"{directory} exists but is not a directory; give a directory for the files")
    return True


def _umask() -> int:
    """The process umask, which can only be read by setting it, so it is put straight back.

    The brief interim value is the strictest one, so a file created meanwhile
    by another thread could only end up too private, never too open.
    """
    current = os.umask(0o077)
    os.umask(current)
    return current


def _fill(tmp: Path, data: bytes) -> None:
    """Write all of ``data`` to the (empty) file ``tmp`` and make sure it reached the disk."""
    fd = os.open(tmp, os.O_WRONLY | getattr(os, "O_BINARY", 0))
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _read_upto(stream: BinaryIO, size: int) -> bytes:
    """Up to ``size`` bytes from ``stream``, stopping early only at end of input."""
    parts: list[bytes] = []
    wanted = size
    while wanted > 0:
        part = stream.read(min(wanted, _CHUNK))
        if not part:
            break
        parts.append(part)
        wanted -= len(part)
    return b"".join(parts)


@contextmanager
def _reported(path: Path) -> Iterator[None]:
    """Turn a system error while writing ``path`` into the tool's one-line message."""
    try:
        yield
    except OSError as exc:
        raise HmicError(f"cannot write {path}: {_reason(exc)}") from None


def _reason(exc: OSError) -> str:
    """The system's own words for the error, lower-cased to sit mid-sentence."""
    return (exc.strerror or str(exc)).lower()


def _remove(tmp: Path) -> None:
    """Best-effort removal of a temporary file; failing to clean up must not hide the real error."""
    with suppress(OSError):
        tmp.unlink(missing_ok=True)


def _sync_directory(directory: Path) -> None:
    """Flush the directory so the rename itself survives a crash.

    Some systems cannot open or sync a directory; the file is already in
    place by then, so that only costs durability and is not reported.
    """
    with suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _dotted(exts: Sequence[str]) -> list[str]:
    """Extensions as lower-case ``.ext``, however the caller spelled them."""
    return ["." + ext.lower().lstrip(".") for ext in exts]
