"""The whole process: pipes, full devices, exit codes and one-line errors, as a shell sees them.

Each run gets an explicit environment (no FORCE_COLOR, NO_COLOR or COLUMNS from
the shell that runs the tests) and its own cache directory.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

HMIC = [sys.executable, "-m", "hmic_cli"]
HMIC_LINE = " ".join(shlex.quote(part) for part in HMIC)


def environ(**extra: str) -> dict[str, str]:
    """A clean environment: what hmic needs and nothing from the test runner's shell."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/"),
        "LC_ALL": "C.UTF-8",
        "HMIC_CACHE_DIR": os.environ["HMIC_CACHE_DIR"],
        **extra,
    }


def run(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*HMIC, *args],
        capture_output=True,
        text=True,
        env=environ(),
        timeout=60,
        **kwargs,  # type: ignore[call-overload]
    )


def shell(line: str) -> subprocess.CompletedProcess[str]:
    """Run a bash pipeline in which ``hmic`` is this checkout's hmic; pipefail is on."""
    return subprocess.run(
        ["bash", "-c", f'set -o pipefail; hmic() {{ {HMIC_LINE} "$@"; }}; {line}'],
        capture_output=True,
        text=True,
        env=environ(),
        timeout=60,
    )


# --- pipes --------------------------------------------------------------------------------------------


def test_forces_piped_into_wc_counts_43() -> None:
    proc = shell("hmic forces | wc -l")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "43"


def test_the_readme_loop_works_on_the_piped_default() -> None:
    loop = 'while read -r f; do hmic grades "$f" -y 2016 -p effectiveness; done'
    proc = shell(f"set +o pipefail; hmic forces | cut -f1 | head -3 | {loop}")
    assert proc.returncode == 0, proc.stderr
    assert [line.split("\t")[0] for line in proc.stdout.splitlines()] == [
        "avon-and-somerset",
        "bedfordshire",
        "cambridgeshire",
    ]


@pytest.mark.parametrize("command", ["grades", "grades --json", "grades --csv", "show durham", "matrix"])
def test_piping_into_head_is_clean(command: str) -> None:
    proc = shell(f"set +o pipefail; hmic {command} | head -1")
    assert proc.returncode == 0
    assert proc.stderr == ""
    assert len(proc.stdout.splitlines()) == 1
    if command == "grades":
        assert proc.stdout.startswith("avon-and-somerset\t")  # a row, not a header


def test_hmic_itself_exits_0_when_the_reader_goes_away() -> None:
    proc = shell("hmic grades | head -1")  # pipefail: the status is hmic's
    assert proc.stderr == ""
    assert proc.returncode == 0


def test_reader_going_away_early_is_not_an_error() -> None:
    proc = subprocess.Popen(
        [*HMIC, "grades", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environ()
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    assert first == b"[\n" and err == b""
    assert proc.wait(timeout=60) == 0


# --- a full device and a closed standard output --------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize(
    "args",
    [
        ["grades"],
        ["grades", "--json"],
        ["show", "durham"],
        ["forces", "--csv"],
        ["search", "digital"],
    ],
)
def test_a_full_device_is_a_one_line_error(args: list[str]) -> None:
    with open("/dev/full", "w") as full:  # standard output only: never a file to replace
        proc = subprocess.run(
            [*HMIC, *args], stdout=full, stderr=subprocess.PIPE, text=True, env=environ(), timeout=60
        )
    assert proc.returncode == 1
    assert proc.stderr == "hmic: error: cannot write to standard output: no space left on device\n"


def test_a_closed_standard_output_is_a_one_line_error() -> None:
    proc = shell("hmic grades >&-")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and proc.stderr.startswith("hmic: error: ")


# --- errors -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["grades", "durhm"], 2, "unknown force 'durhm' (did you mean 'durham'?)"),
        (["show", ""], 2, "FORCE must not be empty"),
        (["history", ""], 2, "FORCE must not be empty"),
        (["grades", "--json", "--format", "csv"], 2, "conflicting output options"),
        (["highlights", "durham", "-Q", "0"], 2, "--question: expected a whole number of 1 or more, not '0'"),
        (["grades", "-p", "eff"], 2, "ambiguous area 'eff'"),
        (["grades", "--year", "2019"], 2, "no PEEL cycle '2019'"),
        (["grades", "--no-such-option"], 2, "unknown option '--no-such-option'"),
        (["grades", "btp"], 2, "not one of the 43 territorial forces"),
        (["grades", "--data-dir", "/nonexistent/dir"], 2, "data directory '/nonexistent/dir' does not exist"),
    ],
)
def test_bad_input_is_one_line_with_exit_code(args: list[str], code: int, message: str) -> None:
    proc = run(*args)
    assert proc.returncode == code
    assert proc.stdout == ""
    assert proc.stderr.startswith("hmic: error: ") and message in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "Possible options" not in proc.stderr


def test_invalid_user_data_is_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text(
        '[[inspection]]\nforce = "durham"\nyear = 2016\npillar = "effectiveness"\ngrade = "adequate"\n'
        'sources = ["https://example.invalid/x"]\n',
        encoding="utf-8",
    )
    proc = run("grades", "-d", str(tmp_path))
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith(f"{tmp_path / 'bad.toml'}:5: ")
    assert "Traceback" not in proc.stderr


# --- entry points and working directories ---------------------------------------------------------------


def test_console_script_matches_the_module_entry() -> None:
    script = Path(sys.executable).parent / "hmic"
    if not script.exists():
        pytest.skip("the hmic console script is not installed beside this Python")
    args = ["grades", "durham", "--questions", "--format", "csv"]
    via_script = subprocess.run(
        [str(script), *args], capture_output=True, text=True, env=environ(), timeout=60
    )
    via_module = run(*args)
    assert via_script.returncode == via_module.returncode == 0
    assert via_script.stdout == via_module.stdout
    assert via_module.stdout.splitlines()[0].startswith("force,force_name,")


def test_runs_from_any_directory(tmp_path: Path) -> None:
    proc = run("validate", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok: ")
    proc = run("grades", "durham", "-y", "2016", "-p", "effectiveness", "--json", cwd=tmp_path)
    assert proc.returncode == 0 and '"outstanding"' in proc.stdout


def test_environment_colour_never_reaches_a_pipe() -> None:
    proc = subprocess.run(
        [*HMIC, "grades", "durham"],
        capture_output=True,
        text=True,
        env=environ(FORCE_COLOR="1", COLUMNS="50"),
        timeout=60,
    )
    assert proc.returncode == 0 and "\x1b" not in proc.stdout and "\t" in proc.stdout
