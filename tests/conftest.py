"""Shared fixtures. Fictional records here are named as such (Wessex, Mercia).

Every test runs in an environment of its own: a fresh cache directory and none
of the variables through which a developer's shell could change what hmic
prints (colour, width, pager, data directories). A test that wants one of them
sets it explicitly.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import pytest
from typer.testing import CliRunner

from hmic_cli.cli import app
from hmic_cli.errors import HmicError

WESSEX_FORCES = """
[[force]]
id = "wessex"
name = "Wessex Constabulary"
nation = "England"
aliases = ["wessex fictional"]
source = "fictional, for tests"

[[force]]
id = "mercia"
name = "Mercia Police"
nation = "England"
source = "fictional, for tests"
"""

WESSEX_2016 = """
[[inspection]]
force = "wessex"
year = 2016
pillar = "effectiveness"
grade = "requires improvement"
published = 2017-03-02
summary = "Fictional summary with [bold red]markup-like[/] text."
causes_of_concern = ["Fictional cause of concern about call handling."]
sources = ["https://example.invalid/wessex-2016"]

[[inspection.question]]
number = 1
text = "How effective is the force at preventing crime?"
grade = "inadequate"
highlights = ["Fictional highlight one [link=x]not a link[/link].", "Fictional highlight two."]
areas_for_improvement = ["Fictional area for improvement on neighbourhood teams."]

[[inspection.question]]
number = 2
text = "How effective is the force at investigating crime?"
grade = "good"
highlights = ["Fictional investigation highlight."]

[[inspection]]
force = "mercia"
year = 2016
pillar = "effectiveness"
grade = "good"
sources = ["https://example.invalid/mercia-2016"]
"""

# Variables that would otherwise leak from the developer's shell into what hmic
# (or rich, or click) decides: data and cache, colour, size, pager, terminal.
LEAKY_VARIABLES = (
    "HMIC_DATA_DIR",
    "HMIC_NO_CACHE",
    "XDG_CACHE_HOME",
    "_HMIC_COMPLETE",
    "NO_COLOR",
    "FORCE_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "COLORTERM",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "COLUMNS",
    "LINES",
    "PAGER",
    "LESS",
    "TERM",
)


@pytest.fixture
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cache directory this test's HMIC_CACHE_DIR names (empty at the start)."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def isolated_env(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own cache and nothing from the shell it was started in."""
    for name in LEAKY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HMIC_CACHE_DIR", str(cache_dir))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


# Fictional forces with two-letter ids: a force column exactly as wide as its label.
TWO_LETTER = """
[[force]]
id = "wx"
name = "Wessex Constabulary"
nation = "England"
source = "fictional, for tests"

[[force]]
id = "mc"
name = "Mercia Police"
nation = "England"
source = "fictional, for tests"

[[inspection]]
force = "wx"
year = 2016
pillar = "effectiveness"
grade = "requires improvement"
sources = ["https://example.invalid/wx-2016"]

[[inspection]]
force = "mc"
year = 2016
pillar = "effectiveness"
grade = "outstanding"
sources = ["https://example.invalid/mc-2016"]
"""


@pytest.fixture
def two_letter_dir(tmp_path: Path) -> Path:
    """Fictional forces with two-letter ids (wx, mc): a column exactly as wide as its label."""
    d = tmp_path / "two-letter"
    d.mkdir()
    (d / "fictional.toml").write_text(TWO_LETTER, encoding="utf-8")
    return d


@pytest.fixture
def wessex_dir(tmp_path: Path) -> Path:
    d = tmp_path / "wessex-data"
    d.mkdir()
    (d / "forces.toml").write_text(WESSEX_FORCES, encoding="utf-8")
    (d / "wessex-2016-effectiveness.toml").write_text(WESSEX_2016, encoding="utf-8")
    return d


class Run:
    """A finished command: exit code, stdout, stderr, and parsed JSON."""

    def __init__(self, result: Any) -> None:
        self.code: int = result.exit_code
        self.out: str = result.stdout
        self.err: str = result.stderr

    def json(self) -> Any:
        return json.loads(self.out)


class Hmic(Protocol):
    """The ``hmic`` fixture: run the CLI in-process with these arguments."""

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Run: ...


@pytest.fixture
def hmic(runner: CliRunner) -> Hmic:
    def invoke(*args: str, env: dict[str, str] | None = None) -> Run:
        return Run(runner.invoke(app, list(args), env=env))

    return invoke


def mode(path: Path) -> int:
    """The permission bits of ``path`` itself (a symbolic link is not followed)."""
    return stat.S_IMODE(os.lstat(path).st_mode)


@contextmanager
def umask(value: int) -> Iterator[None]:
    """Run the block under this umask, then restore the process's own."""
    old = os.umask(value)
    try:
        yield
    finally:
        os.umask(old)


def refusal(exc: pytest.ExceptionInfo[HmicError]) -> str:
    """The message of a refused write, checked to be one line with exit code 1."""
    message = exc.value.message
    assert "\n" not in message and exc.value.exit_code == 1
    return message


@pytest.fixture
def pager(tmp_path: Path) -> Path:
    """A pager that records its input and LESS in files beside itself instead of showing them."""
    script = tmp_path / "pager"
    script.write_text('#!/bin/sh\nprintf "%s" "$LESS" > "$0.less"\ncat > "$0.out"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script
