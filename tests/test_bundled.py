"""The bundled Durham record matches the founding briefing."""

from __future__ import annotations

from datetime import date

import pytest

from hmic_cli.dataset import Dataset, load
from hmic_cli.model import Grade, Inspection, Pillar


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load(use_cache=False)


def durham(ds: Dataset, year: int) -> Inspection:
    return next(
        i
        for i in ds.inspections
        if i.force.id == "durham" and i.year == year and i.pillar is Pillar.EFFECTIVENESS
    )


def test_durham_2016_overall(ds: Dataset) -> None:
    rec = durham(ds, 2016)
    assert rec.grade is Grade.OUTSTANDING
    assert rec.published == date(2017, 3, 2)
    assert rec.programme == "PEEL"
    assert rec.summary is not None and rec.summary.startswith(
        "Durham Constabulary has been assessed as outstanding"
    )
    assert rec.summary.endswith("judged the constabulary to be outstanding in respect of effectiveness.")
    assert (
        "Durham was the only force rated as 'outstanding' in the 2016 effectiveness inspection." in rec.notes
    )


def test_durham_2016_questions(ds: Dataset) -> None:
    rec = durham(ds, 2016)
    assert [q.number for q in rec.questions] == [1, 2, 3, 4, 5]
    assert [q.grade for q in rec.questions] == [
        Grade.OUTSTANDING,
        Grade.GOOD,
        Grade.GOOD,
        Grade.OUTSTANDING,
        Grade.NOT_GRADED,
    ]
    assert rec.questions[4].text == "How effective are the force's specialist capabilities?"
    assert [len(q.highlights) for q in rec.questions] == [4, 3, 3, 6, 2]
    assert rec.questions[3].highlights[0] == (
        "Durham Constabulary continues to tackle serious and organised crime in an outstanding way."
    )


def test_durham_2016_area_for_improvement_is_under_question_2(ds: Dataset) -> None:
    rec = durham(ds, 2016)
    assert rec.questions[1].areas_for_improvement == (
        "The constabulary should improve its ability to retrieve digital evidence from mobile phones, "
        "computers and other electronic devices quickly enough to ensure that investigations "
        "are not delayed.",
    )
    assert all(not q.areas_for_improvement for q in rec.questions if q.number != 2)


def test_briefing_is_the_source_without_contact_details(ds: Dataset) -> None:
    rec = durham(ds, 2016)
    briefing = next(s for s in rec.sources if s.title)
    assert briefing.title == "HMIC inspection report into Police effectiveness"
    assert briefing.date == date(2017, 3, 10)
    assert briefing.author_role == "Head of Policy and Communications (OPCC)"
    text = repr(rec)
    assert "@" not in text and "0191" not in text and "Carling" not in text


def test_last_years_judgement_is_recorded(ds: Dataset) -> None:
    rec = durham(ds, 2015)
    assert rec.grade is Grade.OUTSTANDING
    assert any(s.title == "HMIC inspection report into Police effectiveness" for s in rec.sources)


def test_every_record_names_a_source(ds: Dataset) -> None:
    assert ds.inspections
    assert all(i.sources for i in ds.inspections)
