"""The bundled Durham 2016 effectiveness record matches the founding briefing.

The briefing's text (Durham PCVC to the Police and Crime Panel, 10 March 2017)
is kept in ``tests/fixtures/``; every question, highlight, area for improvement
and the conclusion in the data must appear in it word for word.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hmic_cli.dataset import Dataset, load
from hmic_cli.model import Grade, Inspection

BRIEFING = Path(__file__).resolve().parent / "fixtures" / "durham-2016-effectiveness-briefing.txt"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load()


@pytest.fixture(scope="module")
def briefing() -> str:
    """The briefing's words, with its emphasis marks and line breaks taken out."""
    return words(BRIEFING.read_text(encoding="utf-8").replace("*", ""))


def words(text: str) -> str:
    return " ".join(text.split())


def durham(ds: Dataset, cycle: str) -> Inspection:
    (record,) = ds.select({"durham"}, {cycle}, {"effectiveness"})
    return record


def test_durham_2016_overall(ds: Dataset) -> None:
    rec = durham(ds, "2016")
    assert rec.grade is Grade.OUTSTANDING
    assert rec.published == date(2017, 3, 2)
    assert rec.programme == "PEEL" and rec.cycle.label == "2016" and rec.area.name == "Effectiveness"
    assert rec.summary is not None and rec.summary.startswith(
        "Durham Constabulary has been assessed as outstanding"
    )
    assert rec.summary.endswith("judged the constabulary to be outstanding in respect of effectiveness.")
    assert rec.notes == (
        "Durham was the only force rated as 'outstanding' in the 2016 effectiveness inspection.",
    )
    assert rec.is_detailed


def test_durham_2016_questions(ds: Dataset) -> None:
    rec = durham(ds, "2016")
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


def test_every_text_of_the_record_is_in_the_briefing(ds: Dataset, briefing: str) -> None:
    rec = durham(ds, "2016")
    assert rec.summary is not None
    texts = [rec.summary, *rec.notes]
    for q in rec.questions:
        texts += [q.text, *q.highlights, *q.areas_for_improvement]
    missing = [t for t in texts if words(t) not in briefing]
    assert missing == []


def test_question_grades_follow_their_questions_in_the_briefing(ds: Dataset, briefing: str) -> None:
    for q in durham(ds, "2016").questions:
        after = briefing[briefing.index(q.text) + len(q.text) :].lstrip()
        assert after.lower().startswith(q.grade.label.lower() if q.grade.is_judgement else "(not graded)"), q


def test_durham_2016_area_for_improvement_is_under_question_2(ds: Dataset) -> None:
    rec = durham(ds, "2016")
    assert rec.questions[1].areas_for_improvement == (
        "The constabulary should improve its ability to retrieve digital evidence from mobile phones, "
        "computers and other electronic devices quickly enough to ensure that investigations "
        "are not delayed.",
    )
    assert all(not q.areas_for_improvement for q in rec.questions if q.number != 2)
    assert rec.areas_for_improvement == () and rec.causes_of_concern == ()


def test_briefing_is_the_source_without_contact_details(ds: Dataset) -> None:
    rec = durham(ds, "2016")
    briefing = next(s for s in rec.sources if s.title)
    assert briefing.title == "HMIC inspection report into Police effectiveness"
    assert briefing.date == date(2017, 3, 10)
    assert briefing.author_role == "Head of Policy and Communications (OPCC)"
    text = repr(rec)
    assert "@" not in text and "0191" not in text and "Carling" not in text


def test_last_years_judgement_is_recorded(ds: Dataset) -> None:
    rec = durham(ds, "2015")
    assert rec.grade is Grade.OUTSTANDING
    assert any(s.title == "HMIC inspection report into Police effectiveness" for s in rec.sources)


def test_only_the_briefings_record_is_detailed(ds: Dataset) -> None:
    detailed = [i.key for i in ds.inspections if i.is_detailed]
    assert detailed == [("durham", "PEEL", "2016", "effectiveness")]
