"""Whole-process behaviour: terminals, pipes, colour, exit codes, one-line errors."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest

HMIC = [sys.executable, "-m", "hmic_cli"]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*HMIC, *args], capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=60
    )


def run_in_terminal(*args: str, env: dict[str, str]) -> str:
    """Run with stdout on a pseudo-terminal and return what it printed."""
    full_env = {**os.environ, "COLUMNS": "100", "TERM": "xterm-256color", **env}
    full_env.pop("NO_COLOR", None) if "NO_COLOR" not in env else None
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - child
        os.execvpe(HMIC[0], [*HMIC, *args], full_env)
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode("utf-8", "replace")


def test_terminal_gets_a_coloured_table() -> None:
    out = run_in_terminal("grades", "durham", "--questions", env={})
    assert "\x1b[" in out
    assert "outstanding" in out and "\t" not in out


def test_no_color_removes_colour() -> None:
    out = run_in_terminal("grades", "durham", "--questions", env={"NO_COLOR": "1"})
    assert "outstanding" in out
    assert "\x1b[32m" not in out and "\x1b[1;32m" not in out


def test_piping_into_head_is_clean() -> None:
    proc = subprocess.run(
        f"{sys.executable} -m hmic_cli grades | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0
    assert proc.stdout.startswith("force\t")
    assert proc.stderr == ""


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["grades", "durhm"], 2, "unknown force 'durhm' (did you mean 'durham'?)"),
        (["show", "zzzzzz"], 2, "unknown force 'zzzzzz'"),
        (["grades", "--year", "twenty"], 2, "--year: invalid year 'twenty'"),
        (["grades", "--pillar", "speed"], 2, "--pillar: unknown pillar 'speed'"),
        (["grades", "--grade", "great"], 2, "--grade: unknown grade 'great'"),
        (["grades", "--format", "xml"], 2, "unknown format 'xml'"),
        (["grades", "--no-such-option"], 2, "No such option"),
        (["nosuchcommand"], 2, "No such command"),
        (["highlights"], 2, "Missing argument"),
        (["grades", "--data-dir", "/nonexistent/dir"], 2, "data directory '/nonexistent/dir' does not exist"),
    ],
)
def test_bad_input_is_one_line_with_exit_code(args: list[str], code: int, needle: str) -> None:
    proc = run(*args)
    assert proc.returncode == code
    assert needle in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_console_script_module_entry_matches() -> None:
    proc = run("grades", "durham", "--questions", "--format", "csv")
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[0].startswith("force,force_name,")
