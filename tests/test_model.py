from __future__ import annotations

import pytest

from hmic_cli.model import Grade, Pillar, cycle_label, parse_year


def test_grades_are_ordered_best_first() -> None:
    ordered = [
        Grade.OUTSTANDING,
        Grade.GOOD,
        Grade.ADEQUATE,
        Grade.REQUIRES_IMPROVEMENT,
        Grade.INADEQUATE,
    ]
    assert sorted(reversed(ordered), reverse=True) == ordered
    assert Grade.GOOD > Grade.REQUIRES_IMPROVEMENT
    assert Grade.INADEQUATE < Grade.ADEQUATE
    assert Grade.GOOD >= Grade.GOOD and Grade.GOOD <= Grade.GOOD


@pytest.mark.parametrize("other", [Grade.NOT_GRADED, Grade.UNKNOWN])
def test_unranked_grades_refuse_comparison(other: Grade) -> None:
    with pytest.raises(TypeError):
        _ = other > Grade.GOOD
    assert other.rank is None


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("Outstanding", Grade.OUTSTANDING),
        ("'outstanding'", Grade.OUTSTANDING),
        ("Requires Improvement", Grade.REQUIRES_IMPROVEMENT),
        ("requires-improvement", Grade.REQUIRES_IMPROVEMENT),
        ("REQUIRES_IMPROVEMENT", Grade.REQUIRES_IMPROVEMENT),
        ("ri", Grade.REQUIRES_IMPROVEMENT),
        ("(not graded)", Grade.NOT_GRADED),
        ("Not Graded", Grade.NOT_GRADED),
        ("inadequate.", Grade.INADEQUATE),
    ],
)
def test_grade_parse_accepts_report_spellings(text: str, grade: Grade) -> None:
    assert Grade.parse(text) is grade


def test_grade_parse_rejects_unknown_words() -> None:
    with pytest.raises(ValueError, match="unknown grade 'great'"):
        Grade.parse("great")


def test_pillar_parse_case_and_prefix() -> None:
    assert Pillar.parse("Effectiveness") is Pillar.EFFECTIVENESS
    assert Pillar.parse("legit") is Pillar.LEGITIMACY
    with pytest.raises(ValueError):
        Pillar.parse("eff")  # effectiveness or efficiency: ambiguous
    with pytest.raises(ValueError):
        Pillar.parse("speed")


@pytest.mark.parametrize("text", ["2018", "2018/19", "2018-19", "2018/2019", " 2018 "])
def test_parse_year_accepts_cycle_spellings(text: str) -> None:
    assert parse_year(text) == 2018


@pytest.mark.parametrize("text", ["18", "2018/20", "twenty", "2018/"])
def test_parse_year_rejects_nonsense(text: str) -> None:
    with pytest.raises(ValueError):
        parse_year(text)


def test_cycle_label() -> None:
    assert cycle_label(2016) == "2016"
    assert cycle_label(2018) == "2018/19"
