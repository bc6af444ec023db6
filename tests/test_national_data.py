"""Every grade, date, source, note and count the loader returns matches the fact files.

The data is read through ``hmic_cli.dataset.load``, exactly as a command reads
it, and compared with the copies of the fact files in ``tests/facts/``: a typo
in ``data/`` or a slip in the loader cannot pass. A few totals are written out
too, so that a truncated fact file cannot pass either.
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from hmic_cli.dataset import Dataset, load
from hmic_cli.model import Grade, Inspection, Source

FACTS = Path(__file__).resolve().parent / "facts"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "sources"
FACT_FILES = [
    "forces.tsv",
    "peel-grades.tsv",
    "peel-publication-dates.tsv",
    "peel-areas.tsv",
    "peel-2021-2025-grades.tsv",
]
PILLAR_CYCLES = {"2015": "2015", "2016": "2016", "2017": "2017", "2018": "2018/19"}
AREA_CYCLES = ["2021/22", "2023-25"]
REPORT_ROW = "causes_of_concern"
FIVE_TIER = {"outstanding", "good", "adequate", "requires_improvement", "inadequate"}


def read_tsv(name: str) -> list[dict[str, str]]:
    with open(FACTS / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def urls(sources: tuple[Source, ...]) -> list[str]:
    return [s.url for s in sources if s.url]


def day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load()


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"the shared fact files are not at {SHARED}")
@pytest.mark.parametrize("name", FACT_FILES)
def test_fact_copies_are_current(name: str) -> None:
    assert (FACTS / name).read_bytes() == (SHARED / name).read_bytes()


def test_forces_match_fact_file(ds: Dataset) -> None:
    facts = {r["id"]: r for r in read_tsv("forces.tsv")}
    assert len(facts) == 43
    assert {f.id for f in ds.forces} == set(facts)
    for f in ds.forces:
        assert (f.name, f.nation) == (facts[f.id]["name"], facts[f.id]["nation"])


# -- PEEL 2015 to 2018/19 ------------------------------------------------------------


@pytest.fixture(scope="module")
def pillar_facts() -> list[dict[str, str]]:
    rows = read_tsv("peel-grades.tsv")
    assert len(rows) == 516
    return rows


@pytest.fixture(scope="module")
def pillar_records(ds: Dataset) -> dict[tuple[str, str, str], Inspection]:
    records = ds.select(cycles=set(PILLAR_CYCLES.values()))
    by_key = {(i.force.id, i.cycle.id, i.area.id): i for i in records}
    assert len(by_key) == len(records), "one record per force, cycle and pillar"
    return by_key


def pillar_key(row: dict[str, str]) -> tuple[str, str, str]:
    return (row["force"], PILLAR_CYCLES[row["year"]], row["pillar"])


def test_one_pillar_record_per_fact_row(
    pillar_facts: list[dict[str, str]], pillar_records: dict[tuple[str, str, str], Inspection]
) -> None:
    assert set(pillar_records) == {pillar_key(r) for r in pillar_facts}


def test_every_pillar_grade_date_and_source(
    pillar_facts: list[dict[str, str]], pillar_records: dict[tuple[str, str, str], Inspection]
) -> None:
    for row in pillar_facts:
        rec = pillar_records[pillar_key(row)]
        assert rec.grade.value == row["grade"], row
        assert rec.published == date.fromisoformat(row["published"]), row
        assert rec.programme == "PEEL" and rec.year == int(row["year"]), row
        if row["sources"] == "-":  # the fact file has no source for this (unknown) grade
            assert urls(rec.sources) == [] and rec.grade is Grade.UNKNOWN, row
            (document,) = rec.sources
            assert document.title is not None and "peel-grades.tsv" in document.title, row
            assert "no source found" in document.title, row
        else:
            assert urls(rec.sources) == row["sources"].split(), row


def test_pillar_unknowns_stay_unknown(
    pillar_facts: list[dict[str, str]], pillar_records: dict[tuple[str, str, str], Inspection]
) -> None:
    unknown = sorted(k for k, i in pillar_records.items() if i.grade is Grade.UNKNOWN)
    assert unknown == sorted(pillar_key(r) for r in pillar_facts if r["grade"] == "unknown")
    assert len(unknown) == 7
    assert all(pillar_records[k].grade_rank is None for k in unknown)


def test_pillar_publication_days_agree_with_national_dates(
    pillar_records: dict[tuple[str, str, str], Inspection],
) -> None:
    dates = read_tsv("peel-publication-dates.tsv")
    national = {(r["year"], r["pillar"]): r["published"] for r in dates}
    groups = {r["published"] for r in dates if r["pillar"] == "all"}
    for (_, _, pillar), rec in pillar_records.items():
        assert rec.published is not None
        if rec.year < 2018:
            assert rec.published.isoformat() == national[(str(rec.year), pillar)]
        else:
            assert rec.published.isoformat() in groups


def test_pillar_cycles_have_no_report_records(ds: Dataset) -> None:
    assert {r.cycle.id for r in ds.reports()} == set(AREA_CYCLES)


# -- PEEL 2021/22 and 2023–25 ----------------------------------------------------------


@pytest.fixture(scope="module")
def area_facts() -> list[dict[str, str]]:
    rows = read_tsv("peel-2021-2025-grades.tsv")
    assert len(rows) == 1118
    return rows


@pytest.fixture(scope="module")
def area_records(ds: Dataset) -> dict[tuple[str, str, str], Inspection]:
    records = ds.select(cycles=set(AREA_CYCLES))
    by_key = {(i.force.id, i.cycle.id, i.area.id): i for i in records}
    assert len(by_key) == len(records), "one record per force, cycle and area"
    return by_key


def area_key(row: dict[str, str]) -> tuple[str, str, str]:
    return (row["force"], row["cycle"], row["area"])


def test_the_area_catalogue_matches_its_fact_file(ds: Dataset) -> None:
    rows = read_tsv("peel-areas.tsv")
    assert len(rows) == 24
    for cycle_id in AREA_CYCLES:
        cycle = ds.catalog[cycle_id]
        expected = sorted(
            (int(r["order"]), r["area"], r["name"], r["graded"]) for r in rows if r["cycle"] == cycle_id
        )
        assert [(a.order, a.id, a.name, a.graded) for a in cycle.areas] == expected
        assert {g.value for g in cycle.scale} == FIVE_TIER


def test_one_record_per_area_row_and_nothing_else(
    area_facts: list[dict[str, str]], area_records: dict[tuple[str, str, str], Inspection]
) -> None:
    assert set(area_records) == {area_key(r) for r in area_facts if r["area"] != REPORT_ROW}


def test_every_area_grade(
    area_facts: list[dict[str, str]], area_records: dict[tuple[str, str, str], Inspection]
) -> None:
    for row in area_facts:
        if row["area"] != REPORT_ROW:
            assert area_records[area_key(row)].grade.value == row["grade"], row


def test_every_area_publication_day(
    area_facts: list[dict[str, str]], area_records: dict[tuple[str, str, str], Inspection]
) -> None:
    for row in area_facts:
        if row["area"] != REPORT_ROW:
            assert area_records[area_key(row)].published == day(row["published"]), row


def test_every_area_source(
    area_facts: list[dict[str, str]], area_records: dict[tuple[str, str, str], Inspection]
) -> None:
    for row in area_facts:
        if row["area"] == REPORT_ROW:
            continue
        rec = area_records[area_key(row)]
        assert urls(rec.sources) == row["sources"].split(), row
        if not row["sources"]:
            assert rec.grade is Grade.UNKNOWN, row
            (document,) = rec.sources
            assert document.title is not None, row
            assert "peel-2021-2025-grades.tsv" in document.title and "unknown" in document.title, row


def test_every_area_note_word_for_word(
    area_facts: list[dict[str, str]], area_records: dict[tuple[str, str, str], Inspection]
) -> None:
    for row in area_facts:
        if row["area"] != REPORT_ROW:
            rec = area_records[area_key(row)]
            assert rec.notes == ((row["note"],) if row["note"] else ()), row


def test_every_report_count_date_source_and_note(ds: Dataset, area_facts: list[dict[str, str]]) -> None:
    rows = [r for r in area_facts if r["area"] == REPORT_ROW]
    assert len(rows) == 86
    for row in rows:
        report = ds.report(row["force"], row["cycle"])
        assert report is not None, row
        expected = None if row["grade"] == "unknown" else int(row["grade"])
        assert report.causes_of_concern == expected, row
        assert report.published == day(row["published"]), row
        assert urls(report.sources) == row["sources"].split(), row
        assert report.notes == ((row["note"],) if row["note"] else ()), row
        if not row["sources"]:
            assert report.causes_of_concern is None, row
            (document,) = report.sources
            assert document.title is not None and "peel-2021-2025-grades.tsv" in document.title, row
    assert {(r.force.id, r.cycle.id) for r in ds.reports()} == {(r["force"], r["cycle"]) for r in rows}


@pytest.mark.parametrize(
    ("cycle", "graded", "not_graded", "unknown"),
    [("2021/22", 244, 47, 268), ("2023-25", 209, 37, 227)],
)
def test_area_tallies_per_cycle(
    area_facts: list[dict[str, str]],
    area_records: dict[tuple[str, str, str], Inspection],
    cycle: str,
    graded: int,
    not_graded: int,
    unknown: int,
) -> None:
    def tally(grades: list[str]) -> tuple[int, int, int]:
        return (sum(g in FIVE_TIER for g in grades), grades.count("not_graded"), grades.count("unknown"))

    from_facts = tally([r["grade"] for r in area_facts if r["cycle"] == cycle and r["area"] != REPORT_ROW])
    from_loader = tally([i.grade.value for (_, c, _), i in area_records.items() if c == cycle])
    assert from_facts == from_loader == (graded, not_graded, unknown)


@pytest.mark.parametrize(("cycle", "known", "unknown"), [("2021/22", 7, 36), ("2023-25", 4, 39)])
def test_report_tallies_per_cycle(
    ds: Dataset, area_facts: list[dict[str, str]], cycle: str, known: int, unknown: int
) -> None:
    counts = [r.causes_of_concern for r in ds.reports() if r.cycle.id == cycle]
    assert (sum(c is not None for c in counts), counts.count(None)) == (known, unknown)
    facts = Counter(r["grade"] for r in area_facts if r["cycle"] == cycle and r["area"] == REPORT_ROW)
    assert Counter("unknown" if c is None else str(c) for c in counts) == facts


def test_area_unknowns_stay_unknown(
    area_facts: list[dict[str, str]], area_records: dict[tuple[str, str, str], Inspection]
) -> None:
    unknown = {k for k, i in area_records.items() if i.grade is Grade.UNKNOWN}
    assert unknown == {area_key(r) for r in area_facts if r["grade"] == "unknown" and r["area"] != REPORT_ROW}
    assert all(area_records[k].grade_rank is None for k in unknown)


def test_every_record_names_a_source(ds: Dataset) -> None:
    assert all(i.sources for i in ds.inspections)
    assert all(r.sources for r in ds.reports())
