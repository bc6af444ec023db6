"""Every grade and date in data/ matches the fact files, so a typo cannot slip in."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from hmic_cli.dataset import Dataset, load

FACTS = Path(__file__).parent / "facts"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "sources"


def read_tsv(name: str) -> list[dict[str, str]]:
    with open(FACTS / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load(use_cache=False)


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared fact files are not beside this checkout")
@pytest.mark.parametrize("name", ["peel-grades.tsv", "forces.tsv", "peel-publication-dates.tsv"])
def test_fact_copies_are_current(name: str) -> None:
    assert (FACTS / name).read_bytes() == (SHARED / name).read_bytes()


def test_forces_match_fact_file(ds: Dataset) -> None:
    facts = {r["id"]: r for r in read_tsv("forces.tsv")}
    assert {f.id for f in ds.forces} == set(facts)
    for f in ds.forces:
        assert f.name == facts[f.id]["name"] and f.nation == facts[f.id]["nation"]


def test_every_grade_matches_fact_file(ds: Dataset) -> None:
    facts = read_tsv("peel-grades.tsv")
    assert len(facts) == 516
    data = {(i.force.id, i.year, i.pillar.value): i for i in ds.inspections}
    assert len(data) == 516, "exactly one record per fact row, nothing extra"
    for row in facts:
        rec = data[(row["force"], int(row["year"]), row["pillar"])]
        assert rec.grade.value == row["grade"], row
        assert rec.published == date.fromisoformat(row["published"]), row
        urls = [s.url for s in rec.sources if s.url]
        if row["sources"] == "-":  # the fact file has no source for this (unknown) grade
            assert urls == [] and rec.grade.value == "unknown"
            assert rec.sources[0].title and "no source found" in rec.sources[0].title
        else:
            assert urls == row["sources"].split(), row


def test_unknown_grades_stay_unknown(ds: Dataset) -> None:
    unknown = sorted(
        (i.force.id, i.year, i.pillar.value) for i in ds.inspections if i.grade.value == "unknown"
    )
    assert unknown == sorted(
        (r["force"], int(r["year"]), r["pillar"])
        for r in read_tsv("peel-grades.tsv")
        if r["grade"] == "unknown"
    )
    assert len(unknown) == 7


def test_publication_days_agree_with_national_dates(ds: Dataset) -> None:
    national = {(int(r["year"]), r["pillar"]): r["published"] for r in read_tsv("peel-publication-dates.tsv")}
    groups = {r["published"] for r in read_tsv("peel-publication-dates.tsv") if r["pillar"] == "all"}
    for i in ds.inspections:
        assert i.published is not None
        if i.year < 2018:
            assert i.published.isoformat() == national[(i.year, i.pillar.value)]
        else:
            assert i.published.isoformat() in groups
