"""The dataset cache: used when it is valid, never a reason for a wrong answer.

Every test counts the files the loader parses (``schema.parse_file``), so a
hit is proved by zero parses and a miss by a parse, not by timing. The records
are fictional (Wessex, beside the fictional forces of ``wessex_dir``).
"""

from __future__ import annotations

import marshal
import os
import stat
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Hmic

from hmic_cli import cache, schema
from hmic_cli.dataset import Dataset, load, locate
from hmic_cli.env import Env
from hmic_cli.errors import DataErrors, HmicError
from hmic_cli.export import table_rows

# "inadequate" and "not_graded" have the same length: swapping them keeps the
# file's size and changes the answer.
RECORD = """
[[inspection]]
force = "wessex"
year = 2017
pillar = "efficiency"
grade = "{grade}"
sources = ["https://example.invalid/fictional-cache-test"]
"""


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the loader parses from now on (empty after a cache hit)."""
    calls: list[str] = []
    real = schema.parse_file

    def counting(path: str, data: bytes) -> schema.Parsed:
        calls.append(path)
        return real(path, data)

    monkeypatch.setattr(schema, "parse_file", counting)
    return calls


@pytest.fixture
def data(wessex_dir: Path) -> Path:
    (wessex_dir / "x.toml").write_text(RECORD.format(grade="inadequate"), encoding="utf-8")
    return wessex_dir


def grade(ds: Dataset) -> str:
    (record,) = ds.select({"wessex"}, {"2017"}, {"efficiency"})
    return record.grade.value


def cache_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file())


def forbid_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: str, data: bytes) -> schema.Parsed:
        raise AssertionError(f"parsed {path}: the cache was not used")

    monkeypatch.setattr(schema, "parse_file", refuse)


def test_second_load_is_a_hit(data: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load([data], cache_dir=cache_dir)
    (stored,) = cache_files(cache_dir)
    assert stored.name.startswith("dataset-") and stored.suffix == ".marshal"
    forbid_parsing(monkeypatch)
    second = load([data], cache_dir=cache_dir)
    assert grade(second) == grade(first) == "inadequate"
    assert second.grade_index() == first.grade_index()
    assert [c.id for c in second.catalog] == [c.id for c in first.catalog]
    assert second.reports() == first.reports()
    assert second.forces == first.forces


def test_same_size_edit_with_a_new_mtime_is_seen(data: Path, cache_dir: Path, parses: list[str]) -> None:
    path = data / "x.toml"
    assert grade(load([data], cache_dir=cache_dir)) == "inadequate"
    parses.clear()
    assert grade(load([data], cache_dir=cache_dir)) == "inadequate"
    assert parses == [], "the second load must come from the cache"

    before = path.stat()
    path.write_text(RECORD.format(grade="not_graded"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    after = path.stat()
    assert after.st_size == before.st_size and after.st_mtime_ns != before.st_mtime_ns

    assert grade(load([data], cache_dir=cache_dir)) == "not_graded"
    assert str(path) in parses
    parses.clear()
    assert grade(load([data], cache_dir=cache_dir)) == "not_graded"
    assert parses == [], "the rebuilt cache is used again"


def test_a_size_change_with_the_same_mtime_is_seen(data: Path, cache_dir: Path) -> None:
    path = data / "x.toml"
    assert grade(load([data], cache_dir=cache_dir)) == "inadequate"
    before = path.stat()
    path.write_text(RECORD.format(grade="good"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert grade(load([data], cache_dir=cache_dir)) == "good"


def test_new_and_removed_files_are_seen(data: Path, cache_dir: Path) -> None:
    assert len(load([data], cache_dir=cache_dir).select({"wessex"})) == 2
    extra = data / "y.toml"
    extra.write_text(RECORD.format(grade="good").replace("2017", "2015"), encoding="utf-8")
    assert len(load([data], cache_dir=cache_dir).select({"wessex"})) == 3
    extra.unlink()
    assert len(load([data], cache_dir=cache_dir).select({"wessex"})) == 2


def test_the_order_of_directories_is_part_of_the_key(
    tmp_path: Path, wessex_dir: Path, cache_dir: Path
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for d, value in ((first, "good"), (second, "inadequate")):
        d.mkdir()
        (d / "x.toml").write_text(RECORD.format(grade=value), encoding="utf-8")
    assert grade(load([wessex_dir, first, second], cache_dir=cache_dir)) == "inadequate"
    assert grade(load([wessex_dir, second, first], cache_dir=cache_dir)) == "good"
    assert grade(load([wessex_dir, first, second], cache_dir=cache_dir)) == "inadequate"


def test_invalid_data_is_never_cached(data: Path, cache_dir: Path) -> None:
    (data / "x.toml").write_text(RECORD.format(grade="great"), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataErrors):
            load([data], cache_dir=cache_dir)
    assert cache_files(cache_dir) == []


MAGIC = b"hmic dataset cache\n"
HEAD = struct.Struct("<QI")  # the index's length and crc32


def index_of(whole: bytes) -> tuple[int, int]:
    """Where the index of a cache file starts, and its length."""
    assert whole.startswith(MAGIC)
    size, _ = HEAD.unpack(whole[len(MAGIC) : len(MAGIC) + HEAD.size])
    return len(MAGIC) + HEAD.size, size


def with_index(whole: bytes, index: Callable[[Any], Any]) -> bytes:
    """A well-formed cache file (checksum right) whose index is ``index(its stamp)``, blobs kept."""
    start, size = index_of(whole)
    stamp = marshal.loads(whole[start : start + size])[0]
    new = marshal.dumps(index(stamp))
    return MAGIC + HEAD.pack(len(new), zlib.crc32(new)) + new + whole[start + size :]


def with_index_text_changed(whole: bytes) -> bytes:
    """The index with one grade word in the national counts swapped for another of the same length.

    Still valid marshal of the right layout: only the checksum can tell.
    """
    start, size = index_of(whole)
    index = whole[start : start + size]
    assert index.count(b"inadequate") == 1, "the counts name the fictional record's grade once"
    return whole[:start] + index.replace(b"inadequate", b"not_graded") + whole[start + size :]


def with_layout(whole: bytes, layout: Callable[[dict[str, Any]], None]) -> bytes:
    """The index of this version with its plain dataset changed in place by ``layout``."""

    def changed(stamp: Any) -> Any:
        start, size = index_of(whole)
        plain = marshal.loads(whole[start : start + size])[1]
        layout(plain)
        return (stamp, plain)

    return with_index(whole, changed)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda whole: b"", id="empty"),
        pytest.param(lambda whole: b"garbage", id="garbage"),
        pytest.param(lambda whole: whole[: len(whole) // 2], id="truncated"),
        pytest.param(lambda whole: whole[:-1], id="last-byte-missing"),
        pytest.param(lambda whole: b"\xe3\x00\x00\x00\x01", id="bad-marshal"),
        pytest.param(lambda whole: marshal.dumps(["a", "list"]), id="foreign-list"),
        pytest.param(lambda whole: marshal.dumps(("stamp", {"forces": []})), id="foreign-stamp"),
        pytest.param(
            lambda whole: with_index(whole, lambda stamp: (stamp, {"forces": []})),
            id="right-stamp-wrong-content",
        ),
        pytest.param(
            lambda whole: with_layout(whole, lambda p: p["records"].pop("counts")),
            id="records-without-counts",
        ),
        pytest.param(
            lambda whole: with_layout(
                whole, lambda p: p["records"]["sections"].update({"columns": (0, "x", 1)})
            ),
            id="section-place-not-numbers",
        ),
        pytest.param(
            lambda whole: with_layout(whole, lambda p: p["records"].update(sections=[])),
            id="sections-not-a-dict",
        ),
        pytest.param(lambda whole: whole + b"extra", id="blobs-grown"),
        pytest.param(lambda whole: whole.replace(b"hmic dataset cache", b"hmic dataset cachX"), id="magic"),
    ],
)
def test_damaged_or_foreign_cache_is_ignored_and_rebuilt(
    data: Path, cache_dir: Path, parses: list[str], damage: Callable[[bytes], bytes]
) -> None:
    load([data], cache_dir=cache_dir)
    (stored,) = cache_files(cache_dir)
    stored.write_bytes(damage(stored.read_bytes()))
    parses.clear()
    assert grade(load([data], cache_dir=cache_dir)) == "inadequate"
    assert parses, "a damaged cache must not be used"
    parses.clear()
    assert grade(load([data], cache_dir=cache_dir)) == "inadequate"
    assert parses == [], "and it is rebuilt whole"


def test_an_index_changed_on_disk_is_not_believed(data: Path, cache_dir: Path, parses: list[str]) -> None:
    fresh = load([data])
    load([data], cache_dir=cache_dir)
    (stored,) = cache_files(cache_dir)
    stored.write_bytes(with_index_text_changed(stored.read_bytes()))
    parses.clear()
    cached = load([data], cache_dir=cache_dir)
    assert parses, "a changed index is a miss"
    assert cached.grade_counts("2017", "efficiency") == fresh.grade_counts("2017", "efficiency")
    assert cached.grade_counts("2017", "efficiency").get("inadequate") == 1


@pytest.mark.parametrize("change", ["version", "format"])
def test_cache_of_another_version_is_ignored(
    data: Path, cache_dir: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    load([data], cache_dir=cache_dir)
    if change == "version":
        monkeypatch.setattr(cache, "__version__", "0.0.0-other")
    else:
        monkeypatch.setattr(cache, "FORMAT", cache.FORMAT + 1)
    parses.clear()
    assert grade(load([data], cache_dir=cache_dir)) == "inadequate"
    assert parses


def test_cache_directory_under_a_file_is_ignored(data: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    for _ in range(2):
        assert grade(load([data], cache_dir=blocker / "cache")) == "inadequate"
    assert blocker.read_text() == "a file where the cache directory should be"


def test_a_directory_where_the_cache_file_goes_is_left_alone(
    data: Path, cache_dir: Path, parses: list[str]
) -> None:
    load([data], cache_dir=cache_dir)
    (stored,) = cache_files(cache_dir)
    stored.unlink()
    stored.mkdir()
    (stored / "keep.txt").write_text("mine")
    for _ in range(2):
        parses.clear()
        assert grade(load([data], cache_dir=cache_dir)) == "inadequate"
        assert parses
    assert stored.is_dir() and (stored / "keep.txt").read_text() == "mine"
    assert [p.name for p in cache_files(cache_dir)] == ["keep.txt"], "no temporary file is left behind"


def test_a_link_where_the_cache_file_goes_is_neither_followed_nor_replaced(
    data: Path, cache_dir: Path, tmp_path: Path, parses: list[str]
) -> None:
    load([data], cache_dir=cache_dir)
    (stored,) = cache_files(cache_dir)
    elsewhere = tmp_path / "elsewhere.marshal"
    elsewhere.write_bytes(stored.read_bytes())  # a valid cache, but reached through a link
    stored.unlink()
    stored.symlink_to(elsewhere)
    parses.clear()
    assert grade(load([data], cache_dir=cache_dir)) == "inadequate"
    assert parses
    assert stored.is_symlink() and stored.resolve() == elsewhere


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_a_pipe_where_the_cache_file_goes_is_not_replaced(data: Path, cache_dir: Path) -> None:
    _, files = locate([data])
    target = cache.cache_file(cache_dir, files)
    os.mkfifo(target)
    cache.write(cache_dir, files, {"forces": []})
    assert stat.S_ISFIFO(os.lstat(target).st_mode)
    assert cache.read(cache_dir, files) is None  # not opened: a pipe would block
    assert cache_files(cache_dir) == []


def test_unwritable_cache_directory_through_the_cli(hmic: Hmic, data: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    env = {"HMIC_CACHE_DIR": str(blocker / "cache")}
    for _ in range(2):
        r = hmic("grades", "wessex", "-y", "2017", "-d", str(data), "--json", env=env)
        assert r.code == 0 and r.err == ""
        assert r.json()[0]["grade"] == "inadequate"


def test_the_cli_writes_and_uses_the_cache(
    hmic: Hmic, data: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = hmic("grades", "wessex", "-d", str(data), "--json")
    assert first.code == 0 and len(cache_files(cache_dir)) == 1
    forbid_parsing(monkeypatch)
    second = hmic("grades", "wessex", "-d", str(data), "--json")
    assert second.code == 0, second.err
    assert second.out == first.out


def test_replacement_notice_survives_the_cache(
    hmic: Hmic, tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "x.toml").write_text(
        RECORD.format(grade="inadequate").replace("wessex", "durham").replace("2017", "2016"),
        encoding="utf-8",
    )
    first = hmic("grades", "durham", "-y", "2016", "-a", "efficiency", "-d", str(tmp_path), "--json")
    forbid_parsing(monkeypatch)
    second = hmic("grades", "durham", "-y", "2016", "-a", "efficiency", "-d", str(tmp_path), "--json")
    assert first.out == second.out and first.err == second.err
    assert second.err.count("replaces a bundled one") == 1


@pytest.mark.parametrize("value", ["1", "yes"])
def test_hmic_no_cache_writes_and_reads_nothing(
    hmic: Hmic, data: Path, cache_dir: Path, parses: list[str], value: str
) -> None:
    for _ in range(2):
        parses.clear()
        r = hmic("grades", "wessex", "-y", "2017", "-d", str(data), "--json", env={"HMIC_NO_CACHE": value})
        assert r.code == 0 and r.json()[0]["grade"] == "inadequate"
        assert parses, "every run parses the data"
    assert cache_files(cache_dir) == []


def test_hmic_no_cache_in_the_environment_object(tmp_path: Path) -> None:
    assert Env.from_process(environ={"HMIC_NO_CACHE": "1", "HMIC_CACHE_DIR": str(tmp_path)}).cache_dir is None
    assert (
        Env.from_process(environ={"HMIC_NO_CACHE": "0", "HMIC_CACHE_DIR": str(tmp_path)}).cache_dir
        == tmp_path
    )
    assert Env.from_process(environ={"XDG_CACHE_HOME": str(tmp_path)}).cache_dir == tmp_path / "hmic"


def test_no_cache_directory_means_no_cache(data: Path, parses: list[str]) -> None:
    for _ in range(2):
        parses.clear()
        assert grade(load([data])) == "inadequate"
        assert parses


def test_records_read_from_the_cache_equal_those_read_from_toml(
    data: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = load([data]).inspections
    load([data], cache_dir=cache_dir)
    forbid_parsing(monkeypatch)
    cached = load([data], cache_dir=cache_dir)
    assert cached.inspections == fresh  # every field, findings and sources included
    assert [i.sources for i in cached.inspections] == [i.sources for i in fresh]


def test_a_cache_cut_short_while_in_use_is_a_one_line_error(data: Path, cache_dir: Path) -> None:
    load([data], cache_dir=cache_dir)
    ds = load([data], cache_dir=cache_dir)  # holds the file open; blobs are read on demand
    (stored,) = cache_files(cache_dir)
    with open(stored, "r+b") as fh:
        fh.truncate(stored.stat().st_size - 10)
    with pytest.raises(HmicError, match="dataset cache is damaged or was changed while in use"):
        ds.inspections  # noqa: B018 - building the records reads the blobs


def test_a_blob_damaged_after_it_was_indexed_never_changes_an_answer(data: Path, cache_dir: Path) -> None:
    fresh = load([data]).inspections
    load([data], cache_dir=cache_dir)
    ds = load([data], cache_dir=cache_dir)
    (stored,) = cache_files(cache_dir)
    whole = bytearray(stored.read_bytes())
    whole[-5] ^= 0xFF  # a byte inside the last force's records, same length
    stored.write_bytes(bytes(whole))
    with pytest.raises(HmicError, match="dataset cache is damaged or was changed while in use"):
        ds.inspections  # noqa: B018
    assert cache_files(cache_dir) == []  # dropped, so the next run rebuilds it
    assert load([data], cache_dir=cache_dir).inspections == fresh


def test_a_question_about_one_force_reads_only_its_section(
    data: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = load([data])
    load([data], cache_dir=cache_dir)
    read: list[str] = []
    real = cache.Blobs.__getitem__

    def recording(self: cache.Blobs, name: str) -> bytes:
        read.append(name)
        return real(self, name)

    monkeypatch.setattr(cache.Blobs, "__getitem__", recording)
    ds = load([data], cache_dir=cache_dir)
    assert read == []
    assert ds.select({"wessex"}) == fresh.select({"wessex"})
    assert ds.report("wessex", "2017") == fresh.report("wessex", "2017")
    assert ds.grade_counts("2017", "efficiency") == fresh.grade_counts("2017", "efficiency")
    assert ds.record_counts() == fresh.record_counts()
    assert ds.resolve_force("wessex").id == "wessex"
    assert read == ["force wessex"], "one section, read once"
    assert ds.select(cycles={"2017"}) == fresh.select(cycles={"2017"})
    assert "columns" in read and ds.reports() == fresh.reports()


# Records keyed apart only by programme, and a force with report records but no inspections.
PROGRAMMES = """
[[inspection]]
force = "wessex"
year = 2017
pillar = "efficiency"
grade = "good"
sources = ["https://example.invalid/fictional-peel"]

[[inspection]]
force = "wessex"
programme = "OTHER"
year = 2017
pillar = "efficiency"
grade = "inadequate"
sources = ["https://example.invalid/fictional-other"]

[[report]]
force = "mercia"
cycle = "2021/22"
causes_of_concern = 1
sources = ["https://example.invalid/fictional-mercia"]

[[report]]
force = "wessex"
cycle = "2023-25"
causes_of_concern = 2
sources = ["https://example.invalid/fictional-a"]

[[report]]
force = "wessex"
programme = "OTHER"
cycle = "2023-25"
causes_of_concern = 7
sources = ["https://example.invalid/fictional-b"]
"""


@pytest.mark.parametrize("cached", [False, True], ids=["from-toml", "from-cache"])
def test_records_keyed_apart_by_programme_and_reports_without_records(
    wessex_dir: Path, cache_dir: Path, tmp_path: Path, cached: bool
) -> None:
    (wessex_dir / "programmes.toml").write_text(PROGRAMMES, encoding="utf-8")
    if cached:
        load([wessex_dir], cache_dir=cache_dir)
    ds = load([wessex_dir], cache_dir=cache_dir if cached else None)
    peel, other = (ds.plain(("wessex", p, "2017", "efficiency")) for p in ("PEEL", "OTHER"))
    assert peel is not None and peel["grade"] == "good"
    assert other is not None and other["grade"] == "inadequate"
    assert [i.grade.value for i in ds.select({"wessex"}, {"2017"})] == ["good", "inadequate"]

    # A report without inspection records is still the force's report.
    mercia = ds.report("mercia", "2021/22")
    assert mercia is not None and mercia.causes_of_concern == 1
    assert ds.select({"mercia"}, {"2021/22"}) == []

    # ReportFacts has no programme: the first record answers, the same way everywhere.
    facts = ds.report("wessex", "2023-25")
    assert facts is not None and facts.causes_of_concern == 2
    fictional = {"wessex", "mercia"}
    assert [
        (r.force.id, r.cycle.id, r.causes_of_concern) for r in ds.reports() if r.force.id in fictional
    ] == [
        ("mercia", "2021/22", 1),
        ("wessex", "2023-25", 2),
    ]
    plain = ds.plain_report("wessex", "2023-25")
    assert plain is not None and plain["causes_of_concern"] == 2

    reports = table_rows(ds)["reports"]
    assert [row[:3] for row in reports if row[0] in fictional] == [
        ("mercia", "2021/22", 1),
        ("wessex", "2023-25", 2),
    ]
