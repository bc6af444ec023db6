"""Shared fixtures. Fictional records here are named as such (Wessex, Mercia)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hmic_cli.cli import app

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


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own cache and no user data from the environment."""
    monkeypatch.setenv("HMIC_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("HMIC_DATA_DIR", raising=False)
    monkeypatch.delenv("HMIC_NO_CACHE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def wessex_dir(tmp_path: Path) -> Path:
    d = tmp_path / "wessex-data"
    d.mkdir()
    (d / "forces.toml").write_text(WESSEX_FORCES, encoding="utf-8")
    (d / "wessex-2016-effectiveness.toml").write_text(WESSEX_2016, encoding="utf-8")
    return d


class Run:
    """A finished command: exit code, stdout, stderr, and parsed JSON."""

    def __init__(self, result: object) -> None:
        self.code: int = result.exit_code  # type: ignore[attr-defined]
        self.out: str = result.stdout  # type: ignore[attr-defined]
        self.err: str = result.stderr  # type: ignore[attr-defined]

    def json(self) -> object:
        return json.loads(self.out)


@pytest.fixture
def hmic(runner: CliRunner):  # type: ignore[no-untyped-def]
    def invoke(*args: str, env: dict[str, str] | None = None) -> Run:
        return Run(runner.invoke(app, list(args), env=env))

    return invoke
