"""The lazily built dataset answers exactly as a full scan of its records would."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from hmic_cli.dataset import Dataset, load
from hmic_cli.errors import UsageError
from hmic_cli.model import Grade


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load()


@pytest.mark.parametrize(
    ("forces", "cycles", "areas"),
    [
        (set(), set(), set()),
        ({"durham"}, set(), set()),
        ({"durham", "bedfordshire"}, {"2016"}, set()),
        (set(), {"2018/19"}, {"legitimacy"}),
        (set(), {"2021/22", "2023-25"}, {"investigating_crime"}),
        ({"kent"}, {"2023-25"}, set()),
        ({"nowhere"}, set(), set()),
        (set(), {"2019"}, set()),
    ],
)
def test_select_matches_a_full_scan(ds: Dataset, forces: set[str], cycles: set[str], areas: set[str]) -> None:
    expected = [
        i
        for i in ds.inspections
        if (not forces or i.force.id in forces)
        and (not cycles or i.cycle.id in cycles)
        and (not areas or i.area.id in areas)
    ]
    assert ds.select(forces, cycles, areas) == expected


def test_records_are_built_once() -> None:
    fresh = load()
    first = fresh.select({"durham"}, {"2016"}, {"effectiveness"})
    again = fresh.select({"durham"}, {"2016"}, {"effectiveness"})
    assert len(first) == 1 and again[0] is first[0]
    # a different selection over the same record hands back the same object
    assert next(i for i in fresh.select({"durham"}) if i.key == first[0].key) is first[0]


def test_grade_index_agrees_with_the_records(ds: Dataset) -> None:
    index = ds.grade_index()
    assert len(index) == 516 + 559 + 473
    assert [(k.force, k.programme, k.cycle, k.area, k.grade) for k in index] == [
        (*i.key, i.grade.value) for i in ds.inspections
    ]


def test_grade_counts_2016_effectiveness(ds: Dataset) -> None:
    assert ds.grade_counts("2016", "effectiveness") == {
        "outstanding": 1,
        "good": 28,
        "requires_improvement": 13,
        "inadequate": 1,
    }


def test_record_counts(ds: Dataset) -> None:
    counts = ds.record_counts()
    assert counts["durham"] == (12 + 13 + 11, 1)  # four-pillar years, 2021/22 areas, 2023–25 areas
    assert set(counts) == {f.id for f in ds.forces}
    for force, (total, detailed) in counts.items():
        records = ds.select({force})
        assert total == len(records) and detailed == sum(i.is_detailed for i in records)


def test_grade_counts_agree_with_the_records(ds: Dataset) -> None:
    # The counts are worked out once when the data is packed; here they are counted again.
    seen = 0
    for cycle in ds.catalog:
        for area in cycle.areas:
            records = ds.select(cycles={cycle.id}, areas={area.id})
            expected = Counter(i.grade.value for i in records)
            assert ds.grade_counts(cycle.id, area.id) == expected, (cycle.id, area.id)
            assert not records or sum(expected.values()) == 43, "one record per force"
            seen += len(records)
    assert seen == len(ds.inspections) == 1548
    assert ds.grade_counts("2016", "no-such-area") == {}


def test_plain_round_trips_a_record(ds: Dataset) -> None:
    key = ("durham", "PEEL", "2016", "effectiveness")
    plain = ds.plain(key)
    assert plain is not None
    (record,) = ds.select({"durham"}, {"2016"}, {"effectiveness"})
    assert (plain["force"], plain["programme"], plain["cycle"], plain["area"]) == key
    assert plain["grade"] == record.grade.value == "outstanding"
    assert plain["published"] == "2017-03-02"
    assert [q["number"] for q in plain["questions"]] == [q.number for q in record.questions]
    assert [s["url"] for s in plain["sources"]] == [s.url for s in record.sources]
    assert ds.plain(("durham", "PEEL", "2019", "effectiveness")) is None


def test_reports_one_per_force_and_cycle(ds: Dataset) -> None:
    reports = ds.reports()
    assert len(reports) == 86
    assert Counter(r.cycle.id for r in reports) == {"2021/22": 43, "2023-25": 43}
    assert ds.report("durham", "2016") is None
    assert ds.report("nowhere", "2023-25") is None


def test_resolve_force(ds: Dataset) -> None:
    assert ds.resolve_force("Durham Constabulary").id == "durham"
    with pytest.raises(UsageError):
        ds.resolve_force("Atlantis Police")


def test_unknown_is_kept_as_a_grade_not_dropped(ds: Dataset) -> None:
    unknown = [i for i in ds.select(cycles={"2021/22"}) if i.grade is Grade.UNKNOWN]
    assert len(unknown) == 268
    assert all(i.grade_rank is None for i in unknown)


def test_missing_data_directory_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        load([tmp_path / "nope"])
    (tmp_path / "file").write_text("")
    with pytest.raises(UsageError, match="is not a directory"):
        load([tmp_path / "file"])


def test_only_toml_files_are_read(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not data")
    (tmp_path / "sub.toml").mkdir()
    assert len(load([tmp_path]).grade_index()) == 1548
