"""The lazily built dataset answers exactly as a full scan would."""

from __future__ import annotations

import pytest

from hmic_cli.dataset import Dataset, load
from hmic_cli.model import Pillar


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load(use_cache=False)


@pytest.mark.parametrize(
    ("forces", "year", "pillar"),
    [
        (set(), None, None),
        ({"durham"}, None, None),
        ({"durham", "bedfordshire"}, 2016, None),
        (set(), 2018, Pillar.LEGITIMACY),
        ({"nowhere"}, None, None),
    ],
)
def test_select_matches_a_full_scan(
    ds: Dataset, forces: set[str], year: int | None, pillar: Pillar | None
) -> None:
    expected = [
        i
        for i in ds.inspections
        if (not forces or i.force.id in forces)
        and (year is None or i.year == year)
        and (pillar is None or i.pillar is pillar)
    ]
    assert ds.select(forces, year, pillar) == expected


def test_records_are_built_once_and_only_when_asked() -> None:
    fresh = load(use_cache=False)
    first = fresh.select({"durham"}, 2016, Pillar.EFFECTIVENESS)
    assert len(fresh._built) == 1
    assert fresh.select({"durham"}, 2016, Pillar.EFFECTIVENESS)[0] is first[0]


def test_grade_counts_and_index(ds: Dataset) -> None:
    assert ds.grade_counts("PEEL", 2016, Pillar.EFFECTIVENESS) == {
        "good": 28,
        "requires_improvement": 13,
        "inadequate": 1,
        "outstanding": 1,
    }
    assert len(ds.grade_index()) == 516
    assert ds.years() == [2015, 2016, 2017, 2018]
    assert ds.record_counts()["durham"] == (12, 1)
