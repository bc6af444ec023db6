"""The README's examples are real: every ``$ hmic ...`` block shows what the
current code prints (at 80 columns, without colour).

``python tests/test_readme.py --update`` rewrites the blocks from the code.
Blocks whose command needs a tool that may be missing (jq, sqlite3) are run
only where that tool is installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BLOCK = re.compile(r"```\n(\$ hmic [^\n]*)\n(.*?)```", re.DOTALL)


def run(command: str, cache: str) -> str:
    """The command's stdout and stderr as a reader of the README would see them."""
    bindir = str(Path(sys.executable).parent)
    env = {
        "PATH": bindir + os.pathsep + os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "COLUMNS": "80",
        "NO_COLOR": "1",
        "HMIC_CACHE_DIR": cache,
        "LANG": "C.UTF-8",
    }
    done = subprocess.run(
        ["bash", "-c", command[2:] + " 2>&1"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    return done.stdout


def blocks() -> list[tuple[str, str]]:
    return BLOCK.findall(README.read_text(encoding="utf-8"))


def _tools(command: str) -> list[str]:
    return [t for t in ("jq", "sqlite3") if re.search(rf"\b{t}\b", command)]


@pytest.mark.parametrize(("command", "shown"), blocks(), ids=[c for c, _ in blocks()])
def test_readme_example_is_current(command: str, shown: str, tmp_path: Path) -> None:
    missing = [t for t in _tools(command) if shutil.which(t) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} is not installed")
    assert run(command, str(tmp_path)) == shown, f"README example out of date: {command}"


def update() -> None:
    text = README.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as cache:

        def fresh(match: re.Match[str]) -> str:
            return f"```\n{match.group(1)}\n{run(match.group(1), cache)}```"

        README.write_text(BLOCK.sub(fresh, text), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
