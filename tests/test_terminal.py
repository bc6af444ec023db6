"""hmic on a real pseudo-terminal: rich tables in colour, NO_COLOR and --color, the pager, and
which runs import rich at all.

Every child gets an explicit environment, so the shell that runs the tests
(FORCE_COLOR, NO_COLOR, COLUMNS, PAGER) changes nothing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

HMIC = [sys.executable, "-m", "hmic_cli"]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

# Run hmic's entry point, then say on stderr which rich modules were imported.
PROBE = """
import sys
from hmic_cli.cli import main
sys.argv = ["hmic", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
rich = sorted(m for m in sys.modules if m == "rich" or m.startswith("rich."))
sys.stderr.write("RICH=" + ",".join(rich) + "\\n")
"""

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="no pseudo-terminals on this system")


def environ(**extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/"),
        "LC_ALL": "C.UTF-8",
        "TERM": "xterm-256color",
        "COLUMNS": "100",
        "LINES": "24",
        "HMIC_CACHE_DIR": os.environ["HMIC_CACHE_DIR"],
        **extra,
    }


class Run:
    """A finished run whose standard output was a pseudo-terminal."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code = code
        self.out = out
        self.err = err
        self.visible = ANSI.sub("", out)


def in_terminal(*args: str, **extra: str) -> Run:
    """Run hmic with stdout on a new pseudo-terminal (stderr a pipe) and collect what it shows."""
    return terminal_run([*HMIC, *args], extra)


def probe_in_terminal(*args: str) -> Run:
    """The probe (hmic's entry point, then the rich modules it imported) on a pseudo-terminal."""
    return terminal_run([sys.executable, "-c", PROBE, *args], {})


def terminal_run(command: list[str], extra: dict[str, str]) -> Run:
    master, slave = os.openpty()
    try:
        proc = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=slave,
            stderr=subprocess.PIPE,
            env=environ(**extra),
        )
    finally:
        os.close(slave)
    chunks = []
    try:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # the other end closed (EIO on Linux)
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
    assert proc.stderr is not None
    err = proc.stderr.read().decode("utf-8", "replace")
    code = proc.wait(timeout=60)
    out = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return Run(code, out, err)


def piped(*args: str, **extra: str) -> Run:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=environ(**extra), timeout=60
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def rich_modules(run: Run) -> list[str]:
    line = next(x for x in run.err.splitlines() if x.startswith("RICH="))
    return [m for m in line.removeprefix("RICH=").split(",") if m]


# --- colour on a terminal -----------------------------------------------------------------------------


def test_terminal_gets_a_coloured_rich_table() -> None:
    r = in_terminal("grades", "durham", "--year", "2016")
    assert r.code == 0, r.err
    assert "\x1b[1;32moutstanding\x1b[0m" in r.out
    assert "─" in r.out and "\t" not in r.out
    assert "Effectiveness" in r.visible and "2017-03-02" in r.visible


@pytest.mark.parametrize(
    ("extra", "args"),
    [
        ({"NO_COLOR": "1"}, []),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, []),
        ({}, ["--color", "never"]),
        ({"TERM": "dumb"}, []),
    ],
    ids=["NO_COLOR", "NO_COLOR beats FORCE_COLOR", "--color never", "TERM=dumb"],
)
def test_colour_can_be_turned_off(extra: dict[str, str], args: list[str]) -> None:
    r = in_terminal("grades", "durham", "--year", "2016", *args, **extra)
    assert r.code == 0, r.err
    assert "outstanding" in r.out and "─" in r.out
    assert "\x1b[" not in r.out


def test_color_always_beats_no_color() -> None:
    r = in_terminal("grades", "durham", "--year", "2016", "--color", "always", NO_COLOR="1")
    assert "\x1b[1;32moutstanding" in r.out


def test_columns_sets_the_width() -> None:
    r = in_terminal("improvements", "durham", "--year", "2016", COLUMNS="40")
    assert r.code == 0, r.err
    assert max(len(x) for x in r.visible.splitlines()) <= 40
    assert "digital evidence" in " ".join(r.visible.split())


def test_two_letter_column_on_a_real_terminal(two_letter_dir: Path) -> None:
    r = in_terminal(
        "compare",
        "wx",
        "mc",
        "durham",
        "-y",
        "2016",
        "-p",
        "effectiveness",
        "-d",
        str(two_letter_dir),
        COLUMNS="50",
    )
    assert r.code == 0, r.err
    lines = r.visible.splitlines()
    assert max(len(x) for x in lines) <= 50
    header = next(x for x in lines if " wx " in x)
    row = next(x for x in lines if x.startswith("2016"))
    assert row.split() == ["2016", "Effectiveness", "RI", "O", "O"]
    assert row[header.index(" wx ") + 1 : header.index(" wx ") + 3] == "RI"
    assert re.search(r"\x1b\[[0-9;]+mRI\x1b\[0m", r.out)


# --- rich only when a terminal needs it ------------------------------------------------------------------


def test_a_terminal_table_is_drawn_by_rich() -> None:
    r = probe_in_terminal("grades", "durham")
    assert r.code == 0, r.err
    modules = rich_modules(r)
    assert "rich.console" in modules and "rich.table" in modules
    assert "Durham" in r.visible or "Grades: durham" in r.visible


@pytest.mark.parametrize(
    "args",
    [["grades", "--json"], ["grades"], ["grades", "durham", "--csv"], ["show", "durham"], ["matrix", "--nl"]],
)
def test_pipes_and_machine_formats_never_import_rich(args: list[str]) -> None:
    r = piped(*args)
    assert r.code == 0, r.err
    assert r.out
    assert rich_modules(r) == []


def test_json_on_a_terminal_does_not_import_rich() -> None:
    r = probe_in_terminal("grades", "--json")
    assert r.code == 0, r.err
    assert rich_modules(r) == []
    assert r.out.startswith("[\n")


def test_importtime_shows_no_rich_for_json() -> None:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "hmic_cli", "grades", "--json"],
        capture_output=True,
        text=True,
        env=environ(),
        timeout=60,
    )
    assert proc.returncode == 0
    imported = [line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "|" in line]
    assert "hmic_cli.cli" in imported  # the trace is real
    assert not [m for m in imported if m == "rich" or m.startswith("rich.")]


# --- the pager ---------------------------------------------------------------------------------------------


def test_long_show_on_a_terminal_uses_pager_and_less(pager: Path) -> None:
    r = in_terminal("show", "durham", PAGER=str(pager), LESS="-R")
    assert r.code == 0, r.err
    paged = Path(f"{pager}.out").read_text(encoding="utf-8")
    assert "Durham Constabulary: PEEL 2016" in ANSI.sub("", paged)
    assert "Durham Constabulary: PEEL 2016" not in r.visible
    assert Path(f"{pager}.less").read_text(encoding="utf-8") == "-R"


@pytest.mark.parametrize(
    ("args", "pager_is"), [(["--no-pager"], None), ([], "cat")], ids=["--no-pager", "PAGER=cat"]
)
def test_the_pager_is_bypassed_on_request(pager: Path, args: list[str], pager_is: str | None) -> None:
    r = in_terminal("show", "durham", *args, PAGER=pager_is or str(pager))
    assert r.code == 0, r.err
    assert "Durham Constabulary: PEEL 2016" in r.visible
    assert not Path(f"{pager}.out").exists()


def test_show_in_a_pipe_is_never_paged(pager: Path) -> None:
    r = piped("show", "durham", PAGER=str(pager))
    assert r.code == 0 and "Durham Constabulary: PEEL 2016" in r.out
    assert not Path(f"{pager}.out").exists()
