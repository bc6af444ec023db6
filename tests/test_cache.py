"""The caches: never a reason for a wrong answer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hmic_cli import cache

RECORD = """
[[inspection]]
force = "durham"
year = 2016
pillar = "efficiency"
grade = "{grade}"
sources = ["https://example.invalid/fictional-cache-test"]
"""


def grade_of(hmic, data: Path, *extra: str) -> str:
    r = hmic("grades", "durham", "-y", "2016", "-p", "efficiency", "-d", str(data), "--json", *extra)
    assert r.code == 0, r.err
    return r.json()[0]["grade"]


def cache_files() -> list[Path]:
    return sorted(p for p in cache.directory().rglob("*.marshal"))


def test_cache_is_written_and_used(hmic, tmp_path: Path) -> None:
    (tmp_path / "x.toml").write_text(RECORD.format(grade="good"))
    assert grade_of(hmic, tmp_path) == "good"
    files = cache_files()
    assert any(p.parent.name == "output" for p in files)
    assert any(p.parent == cache.directory() and p.name.startswith("dataset-") for p in files)
    assert grade_of(hmic, tmp_path) == "good"


def test_changed_file_is_seen_at_once(hmic, tmp_path: Path) -> None:
    f = tmp_path / "x.toml"
    f.write_text(RECORD.format(grade="good"))
    assert grade_of(hmic, tmp_path) == "good"
    f.write_text(RECORD.format(grade="inadequate"))
    assert grade_of(hmic, tmp_path) == "inadequate"
    assert grade_of(hmic, tmp_path, "--format", "json") == "inadequate"


def test_same_size_edit_with_new_mtime(hmic, tmp_path: Path) -> None:
    f = tmp_path / "x.toml"
    f.write_text(RECORD.format(grade="good"))
    assert grade_of(hmic, tmp_path) == "good"
    st = f.stat()
    f.write_text(RECORD.format(grade="Good"))  # same size, different text
    assert f.stat().st_size == st.st_size
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    r = hmic("grades", "durham", "-y", "2016", "-p", "efficiency", "-d", str(tmp_path), "--format", "csv")
    assert r.code == 0 and "good" in r.out


def test_new_and_removed_files_are_seen(hmic, tmp_path: Path) -> None:
    assert len(hmic("grades", "-d", str(tmp_path), "--json").json()) == 516
    (tmp_path / "x.toml").write_text(RECORD.format(grade="good"))
    assert len(hmic("grades", "-d", str(tmp_path), "--json").json()) == 516  # replaces a bundled record
    (tmp_path / "y.toml").write_text(RECORD.format(grade="good").replace("2016", "2020"))
    assert len(hmic("grades", "-d", str(tmp_path), "--json").json()) == 517
    (tmp_path / "y.toml").unlink()
    assert len(hmic("grades", "-d", str(tmp_path), "--json").json()) == 516


@pytest.mark.parametrize("damage", [b"", b"garbage", b"\xe3\x00\x00\x00\x01", None])
def test_corrupt_or_truncated_cache_is_ignored_and_rebuilt(
    hmic, tmp_path: Path, damage: bytes | None
) -> None:
    (tmp_path / "x.toml").write_text(RECORD.format(grade="good"))
    assert grade_of(hmic, tmp_path) == "good"
    for p in cache_files():
        data = p.read_bytes()
        p.write_bytes(data[: len(data) // 2] if damage is None else damage)
    assert grade_of(hmic, tmp_path) == "good"
    assert grade_of(hmic, tmp_path, "--format", "json") == "good"
    # rebuilt: the files are whole again
    import marshal

    for p in cache_files():
        marshal.loads(p.read_bytes())


def test_cache_from_another_version_is_ignored(hmic, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "x.toml").write_text(RECORD.format(grade="good"))
    assert grade_of(hmic, tmp_path) == "good"
    monkeypatch.setattr(cache, "__version__", "0.0.0-other")
    assert cache.read(sorted(tmp_path.glob("*.toml"))) is None
    (tmp_path / "x.toml").write_text(RECORD.format(grade="inadequate"))
    assert grade_of(hmic, tmp_path) == "inadequate"


def test_unwritable_cache_directory_still_answers(
    hmic, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("HMIC_CACHE_DIR", str(blocker / "cache"))
    data = tmp_path / "data"
    data.mkdir()
    (data / "x.toml").write_text(RECORD.format(grade="good"))
    assert grade_of(hmic, data) == "good"
    assert grade_of(hmic, data) == "good"
    r = hmic("grades", "durham", "--format", "table")
    assert r.code == 0 and r.err == ""


def test_no_cache_writes_nothing(hmic, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HMIC_NO_CACHE", "1")
    assert grade_of(hmic, tmp_path) == "outstanding"
    assert cache_files() == []


def test_output_cache_replays_messages(hmic, tmp_path: Path) -> None:
    (tmp_path / "x.toml").write_text(RECORD.format(grade="good"))
    first = hmic("grades", "durham", "-d", str(tmp_path), "--format", "tsv")
    second = hmic("grades", "durham", "-d", str(tmp_path), "--format", "tsv")
    assert first.out == second.out and first.err == second.err
    assert "replaces the bundled" in second.err


def test_output_depends_on_options_and_terminal(hmic) -> None:
    a = hmic("improvements", "durham", "--format", "table", env={"COLUMNS": "80"}).out
    b = hmic("improvements", "durham", "--format", "table", env={"COLUMNS": "200"}).out
    assert a != b and max(map(len, a.splitlines())) <= 80 < max(map(len, b.splitlines()))
    assert hmic("grades", "durham", "--format", "csv").out != hmic("grades", "durham", "--format", "tsv").out
