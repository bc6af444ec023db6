"""hmic_cli.files: nothing the tool writes may lose a user's file.

Every test works in tmp_path. Real devices are only ever looked at, never
written: the /dev/null test makes any attempt to create or rename a file fail
the test. Permission tests that root would pass straight through are skipped
with a reason when run as root; the same messages are also checked by
simulating the error, which works for everyone.
"""

from __future__ import annotations

import errno
import io
import os
import socket
import sqlite3
import stat
import tempfile
from pathlib import Path

import pytest
from conftest import mode, refusal, umask

from hmic_cli import files
from hmic_cli.errors import HmicError, UsageError

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
AS_ROOT = "running as root: file permissions do not stop root (the simulated-error tests cover the message)"


def current_umask() -> int:
    value = os.umask(0o022)
    os.umask(value)
    return value


def fail_on_disk_write(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any attempt to create, open, write or rename a file fail the test."""

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"tried to write: {args!r}")

    for name in ("open", "write", "replace", "rename", "chmod", "mkdir"):
        monkeypatch.setattr(os, name, forbidden)
    monkeypatch.setattr(tempfile, "mkstemp", forbidden)


def raise_enospc(*args: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


# write_file: modes ---------------------------------------------------------


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o027, 0o640)])
def test_new_file_gets_the_mode_open_would_give(tmp_path: Path, mask: int, expected: int) -> None:
    target = tmp_path / "grades.csv"
    with umask(mask):
        files.write_file(target, b"force,grade\n", overwrite=False)
        assert current_umask() == mask
    assert target.read_bytes() == b"force,grade\n"
    assert mode(target) == expected
    assert os.listdir(tmp_path) == ["grades.csv"]


@pytest.mark.parametrize(("existing", "mask"), [(0o600, 0o022), (0o664, 0o077), (0o640, 0o000)])
def test_overwrite_keeps_the_existing_mode(tmp_path: Path, existing: int, mask: int) -> None:
    target = tmp_path / "grades.csv"
    target.write_bytes(b"old")
    target.chmod(existing)
    with umask(mask):
        files.write_file(target, b"new", overwrite=True)
    assert target.read_bytes() == b"new"
    assert mode(target) == existing
    assert os.listdir(tmp_path) == ["grades.csv"]


def test_overwrite_drops_setuid_style_bits(tmp_path: Path) -> None:
    target = tmp_path / "odd"
    target.write_bytes(b"old")
    target.chmod(0o2755)
    files.write_file(target, b"new", overwrite=True)
    assert mode(target) == 0o755


def test_empty_data_and_long_but_valid_name(tmp_path: Path) -> None:
    longest = os.pathconf(tmp_path, "PC_NAME_MAX")
    target = tmp_path / ("w" * (longest - 4) + ".csv")
    files.write_file(target, b"", overwrite=False)
    assert target.read_bytes() == b""
    assert os.listdir(tmp_path) == [target.name]


# write_file: refusals ------------------------------------------------------


def test_existing_file_needs_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "grades.csv"
    target.write_bytes(b"mine")
    with pytest.raises(HmicError) as exc:
        files.write_file(target, b"new", overwrite=False)
    assert refusal(exc) == f"{target} already exists; use --overwrite to replace it"
    assert target.read_bytes() == b"mine"
    assert os.listdir(tmp_path) == ["grades.csv"]


@pytest.mark.parametrize("overwrite", [False, True])
def test_symlink_to_a_regular_file_is_refused_and_not_followed(tmp_path: Path, overwrite: bool) -> None:
    real = tmp_path / "real.csv"
    real.write_bytes(b"precious")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    with pytest.raises(HmicError) as exc:
        files.write_file(link, b"new", overwrite=overwrite)
    assert refusal(exc) == f"{link} is a symbolic link, not a regular file; refusing to replace it"
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"precious"
    assert sorted(os.listdir(tmp_path)) == ["link.csv", "real.csv"]


def test_dangling_symlink_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "nowhere")
    with pytest.raises(HmicError, match="is a symbolic link"):
        files.write_file(link, b"new", overwrite=True)
    assert link.is_symlink() and not (tmp_path / "nowhere").exists()


def test_directory_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "keep").write_bytes(b"x")
    with pytest.raises(HmicError) as exc:
        files.write_file(target, b"new", overwrite=True)
    assert refusal(exc) == f"{target} is a directory, not a regular file; refusing to replace it"
    assert os.listdir(target) == ["keep"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_is_refused_without_being_opened(tmp_path: Path) -> None:
    # Opening a FIFO with no reader would block, so merely finishing proves it was not opened.
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(HmicError) as exc:
        files.write_file(fifo, b"new", overwrite=True)
    assert refusal(exc) == f"{fifo} is a named pipe (FIFO), not a regular file; refusing to replace it"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets on this platform")
def test_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(HmicError, match="is a socket, not a regular file; refusing to replace it"):
            files.write_file(path, b"new", overwrite=True)
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null on this platform")
def test_device_is_refused_before_anything_is_written(monkeypatch: pytest.MonkeyPatch) -> None:
    if not stat.S_ISCHR(os.lstat("/dev/null").st_mode):
        pytest.skip("/dev/null is not a character device here")
    fail_on_disk_write(monkeypatch)
    with pytest.raises(HmicError) as exc:
        files.write_file(Path("/dev/null"), b"new", overwrite=True)
    assert refusal(exc) == "/dev/null is a character device, not a regular file; refusing to replace it"
    with (
        pytest.raises(HmicError, match="character device"),
        files.atomic_target(Path("/dev/null"), overwrite=True),
    ):
        raise AssertionError("the body must not run")


def test_missing_directory(tmp_path: Path) -> None:
    target = tmp_path / "absent" / "grades.csv"
    with pytest.raises(HmicError) as exc:
        files.write_file(target, b"x", overwrite=False)
    assert refusal(exc) == f"cannot write {target}: directory '{tmp_path / 'absent'}' does not exist"
    assert os.listdir(tmp_path) == []


def test_parent_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "notes").write_bytes(b"x")
    target = tmp_path / "notes" / "grades.csv"
    with pytest.raises(HmicError) as exc:
        files.write_file(target, b"x", overwrite=False)
    assert refusal(exc) == f"cannot write {target}: '{tmp_path / 'notes'}' is not a directory"


def test_name_too_long(tmp_path: Path) -> None:
    target = tmp_path / ("n" * (os.pathconf(tmp_path, "PC_NAME_MAX") + 1))
    with pytest.raises(HmicError) as exc:
        files.write_file(target, b"x", overwrite=False)
    assert refusal(exc) == f"cannot write {target}: file name too long"
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(IS_ROOT, reason=AS_ROOT)
def test_unwritable_directory(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(HmicError) as exc:
            files.write_file(locked / "grades.csv", b"x", overwrite=False)
        assert refusal(exc) == f"cannot write {locked / 'grades.csv'}: permission denied"
        assert os.listdir(locked) == []
    finally:
        locked.chmod(0o755)


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.EROFS, "read-only file system"), (errno.EACCES, "permission denied"), (errno.EDQUOT, None)],
)
def test_refused_temporary_file_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str | None
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    target = tmp_path / "grades.csv"
    with pytest.raises(HmicError) as exc:
        files.write_file(target, b"x", overwrite=False)
    assert refusal(exc) == f"cannot write {target}: {words or os.strerror(code).lower()}"
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("failing", ["write", "fsync"])
def test_full_disk_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "grades.csv"
    target.write_bytes(b"old")
    monkeypatch.setattr(os, failing, raise_enospc)
    with pytest.raises(HmicError) as exc:
        files.write_file(target, b"new", overwrite=True)
    monkeypatch.undo()
    assert refusal(exc) == f"cannot write {target}: no space left on device"
    assert os.listdir(tmp_path) == ["grades.csv"]
    assert target.read_bytes() == b"old"


def test_partial_writes_are_continued(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write

    def dribble(fd: int, data: bytes) -> int:
        return real_write(fd, bytes(data[:3]))

    monkeypatch.setattr(os, "write", dribble)
    target = tmp_path / "grades.csv"
    files.write_file(target, b"0123456789" * 5, overwrite=False)
    monkeypatch.undo()
    assert target.read_bytes() == b"0123456789" * 5


def test_interrupt_cleans_up_and_propagates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "write", interrupt)
    with pytest.raises(KeyboardInterrupt):
        files.write_file(tmp_path / "grades.csv", b"x", overwrite=False)
    monkeypatch.undo()
    assert os.listdir(tmp_path) == []


# atomic_target -------------------------------------------------------------


def test_atomic_target_for_sqlite(tmp_path: Path) -> None:
    target = tmp_path / "hmic.db"
    with umask(0o027), files.atomic_target(target, overwrite=False) as tmp:
        assert tmp.parent == tmp_path and tmp != target and tmp.exists() and not target.exists()
        con = sqlite3.connect(tmp)
        con.execute("CREATE TABLE forces (name TEXT)")
        con.execute("INSERT INTO forces VALUES ('Wessex Constabulary')")
        con.commit()
        con.close()
    assert mode(target) == 0o640
    con = sqlite3.connect(target)
    assert con.execute("SELECT name FROM forces").fetchall() == [("Wessex Constabulary",)]
    con.close()
    assert os.listdir(tmp_path) == ["hmic.db"]


def test_atomic_target_removes_the_temporary_file_and_reraises(tmp_path: Path) -> None:
    target = tmp_path / "hmic.db"
    target.write_bytes(b"old")
    target.chmod(0o600)
    problem = sqlite3.OperationalError("fictional failure")
    with pytest.raises(sqlite3.OperationalError) as exc, files.atomic_target(target, overwrite=True) as tmp:
        tmp.write_bytes(b"half a database")
        raise problem
    assert exc.value is problem
    assert os.listdir(tmp_path) == ["hmic.db"]
    assert target.read_bytes() == b"old" and mode(target) == 0o600


def test_atomic_target_keeps_mode_on_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "hmic.db"
    target.write_bytes(b"old")
    target.chmod(0o604)
    with files.atomic_target(target, overwrite=True) as tmp:
        tmp.write_bytes(b"new")
    assert target.read_bytes() == b"new" and mode(target) == 0o604


def test_atomic_target_refuses_before_the_body_runs(tmp_path: Path) -> None:
    target = tmp_path / "hmic.db"
    target.write_bytes(b"mine")
    with pytest.raises(HmicError, match="already exists"), files.atomic_target(target, overwrite=False):
        raise AssertionError("the body must not run")
    assert os.listdir(tmp_path) == ["hmic.db"]


def test_file_appearing_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "hmic.db"
    with pytest.raises(HmicError) as exc, files.atomic_target(target, overwrite=False) as tmp:
        tmp.write_bytes(b"ours")
        target.write_bytes(b"someone else's")
    assert refusal(exc) == f"{target} already exists; use --overwrite to replace it"
    assert target.read_bytes() == b"someone else's"
    assert os.listdir(tmp_path) == ["hmic.db"]


# write_tree ----------------------------------------------------------------

TABLES = {"forces.csv": b"id\nwessex\n", "inspections.csv": b"id\n1\n", "sources.csv": b"url\n"}


@pytest.mark.parametrize(("mask", "dir_mode", "file_mode"), [(0o022, 0o755, 0o644), (0o077, 0o700, 0o600)])
def test_tree_creates_the_directory(tmp_path: Path, mask: int, dir_mode: int, file_mode: int) -> None:
    out = tmp_path / "csv"
    with umask(mask):
        written = files.write_tree(out, TABLES, overwrite=False)
    assert written == [out / name for name in TABLES]
    assert mode(out) == dir_mode
    assert sorted(os.listdir(out)) == sorted(TABLES)
    for name, data in TABLES.items():
        assert (out / name).read_bytes() == data and mode(out / name) == file_mode


def test_tree_one_clash_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "sources.csv").write_bytes(b"mine")
    with pytest.raises(HmicError) as exc:
        files.write_tree(tmp_path, TABLES, overwrite=False)
    assert refusal(exc) == f"{tmp_path / 'sources.csv'} already exists; use --overwrite to replace it"
    assert os.listdir(tmp_path) == ["sources.csv"]
    assert (tmp_path / "sources.csv").read_bytes() == b"mine"


def test_tree_overwrite_replaces_and_keeps_modes(tmp_path: Path) -> None:
    (tmp_path / "forces.csv").write_bytes(b"old")
    (tmp_path / "forces.csv").chmod(0o600)
    (tmp_path / "unrelated.txt").write_bytes(b"keep")
    with umask(0o022):
        files.write_tree(tmp_path, TABLES, overwrite=True)
    assert (tmp_path / "forces.csv").read_bytes() == TABLES["forces.csv"]
    assert mode(tmp_path / "forces.csv") == 0o600 and mode(tmp_path / "sources.csv") == 0o644
    assert (tmp_path / "unrelated.txt").read_bytes() == b"keep"
    assert sorted(os.listdir(tmp_path)) == sorted([*TABLES, "unrelated.txt"])


def test_tree_symlink_among_targets_is_refused_even_with_overwrite(tmp_path: Path) -> None:
    (tmp_path / "real").write_bytes(b"precious")
    (tmp_path / "sources.csv").symlink_to(tmp_path / "real")
    with pytest.raises(HmicError, match=r"sources\.csv is a symbolic link"):
        files.write_tree(tmp_path, TABLES, overwrite=True)
    assert sorted(os.listdir(tmp_path)) == ["real", "sources.csv"]
    assert (tmp_path / "real").read_bytes() == b"precious"


def test_tree_failure_part_way_touches_no_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "forces.csv").write_bytes(b"old")
    real_write = os.write

    def full_on_second(fd: int, data: bytes) -> int:
        if bytes(data).startswith(b"id\n1"):
            raise_enospc()
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full_on_second)
    with pytest.raises(HmicError) as exc:
        files.write_tree(tmp_path, TABLES, overwrite=True)
    monkeypatch.undo()
    assert refusal(exc) == f"cannot write {tmp_path / 'inspections.csv'}: no space left on device"
    assert os.listdir(tmp_path) == ["forces.csv"]
    assert (tmp_path / "forces.csv").read_bytes() == b"old"


def test_tree_failure_removes_a_directory_it_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "fsync", raise_enospc)
    with pytest.raises(HmicError, match="no space left on device"):
        files.write_tree(tmp_path / "csv", TABLES, overwrite=False)
    monkeypatch.undo()
    assert os.listdir(tmp_path) == []


def test_tree_directory_that_is_a_file(tmp_path: Path) -> None:
    out = tmp_path / "export.db"
    out.write_bytes(b"a database")
    with pytest.raises(HmicError) as exc:
        files.write_tree(out, TABLES, overwrite=True)
    assert refusal(exc) == f"{out} exists but is not a directory; give a directory for the files"
    assert out.read_bytes() == b"a database"


def test_tree_directory_that_is_a_broken_link(tmp_path: Path) -> None:
    out = tmp_path / "csv"
    out.symlink_to(tmp_path / "gone")
    with pytest.raises(HmicError, match="is a broken symbolic link, not a directory"):
        files.write_tree(out, TABLES, overwrite=False)
    assert sorted(os.listdir(tmp_path)) == ["csv"]


def test_tree_writes_inside_a_linked_directory(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "csv").symlink_to(tmp_path / "real")
    files.write_tree(tmp_path / "csv", TABLES, overwrite=False)
    assert (tmp_path / "csv").is_symlink()
    assert sorted(os.listdir(tmp_path / "real")) == sorted(TABLES)


def test_tree_missing_parent(tmp_path: Path) -> None:
    out = tmp_path / "absent" / "csv"
    with pytest.raises(HmicError) as exc:
        files.write_tree(out, TABLES, overwrite=False)
    assert refusal(exc) == f"cannot write {out}: directory '{tmp_path / 'absent'}' does not exist"
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("name", ["", ".", "..", "sub/forces.csv", "/etc/passwd"])
def test_tree_accepts_only_plain_names(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="not a plain file name"):
        files.write_tree(tmp_path, {name: b"x"}, overwrite=True)
    assert os.listdir(tmp_path) == []


# check_extension -----------------------------------------------------------

EXTENSIONS = {"sqlite": [".db", ".sqlite"], "csv": [".csv"], "json": ["json"], "table": []}


def test_extension_naming_another_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as exc:
        files.check_extension(Path("grades.csv"), "sqlite", EXTENSIONS)
    assert exc.value.exit_code == 2
    assert exc.value.message == (
        "grades.csv has a .csv extension but the format is sqlite; use --format csv or a .db file name"
    )


def test_extension_hint_without_a_file_name_when_the_format_has_none() -> None:
    with pytest.raises(UsageError) as exc:
        files.check_extension(Path("out/GRADES.DB"), "table", EXTENSIONS)
    assert (
        exc.value.message == "out/GRADES.DB has a .DB extension but the format is table; use --format sqlite"
    )


def test_extension_written_without_a_dot_in_the_table() -> None:
    with pytest.raises(UsageError, match=r"use --format json or a \.csv file name"):
        files.check_extension(Path("grades.json"), "csv", EXTENSIONS)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("grades.db", "sqlite"),
        ("grades.SQLite", "sqlite"),
        ("grades.csv", "csv"),
        ("grades", "sqlite"),
        ("grades.txt", "sqlite"),
        (".csv", "sqlite"),
        ("archive.csv.bak", "sqlite"),
    ],
)
def test_fitting_missing_or_unknown_extensions_are_fine(name: str, fmt: str) -> None:
    files.check_extension(Path(name), fmt, EXTENSIONS)


def test_longest_extension_wins() -> None:
    table = {"gzip": [".gz"], "csvgz": [".csv.gz"], "csv": [".csv"]}
    files.check_extension(Path("t.csv.gz"), "csvgz", table)
    with pytest.raises(UsageError, match=r"has a \.csv\.gz extension .* use --format csvgz"):
        files.check_extension(Path("t.csv.gz"), "gzip", table)


# read_input ----------------------------------------------------------------


class Trickle(io.RawIOBase):
    """Unbuffered input that hands out a few bytes per read, like a slow pipe."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.requested = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        self.requested += size
        part, self.data = self.data[: min(size, 3)], self.data[min(size, 3) :]
        return part


class BrokenStdin(io.RawIOBase):
    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        raise OSError(errno.EISDIR, os.strerror(errno.EISDIR))


def test_stdin_is_read_up_to_one_past_the_limit() -> None:
    stdin = io.BytesIO(b"x" * 100)
    assert files.read_input("-", 10, stdin) == b"x" * 11
    assert stdin.tell() == 11
    assert files.read_input("-", 10, io.BytesIO(b"short")) == b"short"


def test_short_reads_are_continued() -> None:
    stdin = Trickle(b"0123456789")
    assert files.read_input("-", 7, stdin) == b"01234567"  # type: ignore[arg-type]
    assert stdin.data == b"89"


def test_stdin_error_is_one_line() -> None:
    with pytest.raises(HmicError) as exc:
        files.read_input("-", 10, BrokenStdin())  # type: ignore[arg-type]
    assert refusal(exc) == "cannot read standard input: is a directory"


def test_file_is_read_up_to_one_past_the_limit(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_bytes(b"How effective is the force? Good\n")
    assert files.read_input(str(report), 1000, io.BytesIO(b"not stdin")) == report.read_bytes()
    assert files.read_input(str(report), 3, io.BytesIO()) == b"How "


def test_directory_as_input(tmp_path: Path) -> None:
    with pytest.raises(HmicError) as exc:
        files.read_input(str(tmp_path), 10, io.BytesIO())
    assert refusal(exc) == f"cannot read {tmp_path}: is a directory"


def test_missing_input(tmp_path: Path) -> None:
    with pytest.raises(HmicError) as exc:
        files.read_input(str(tmp_path / "nope.txt"), 10, io.BytesIO())
    assert refusal(exc) == f"cannot read {tmp_path / 'nope.txt'}: no such file or directory"


def test_input_below_a_file(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_bytes(b"x")
    name = str(tmp_path / "report.txt" / "more")
    with pytest.raises(HmicError) as exc:
        files.read_input(name, 10, io.BytesIO())
    assert refusal(exc) == f"cannot read {name}: not a directory"


@pytest.mark.skipif(IS_ROOT, reason=AS_ROOT)
def test_unreadable_input(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_bytes(b"secret")
    report.chmod(0)
    with pytest.raises(HmicError) as exc:
        files.read_input(str(report), 10, io.BytesIO())
    assert refusal(exc) == f"cannot read {report}: permission denied"
