"""The model: grades, cycles and the spellings people type for cycles and areas.

Cycle and area parsing is tested against the bundled catalogue (the cycles are
data, so that is what a user meets) and against a small fictional catalogue
for the edge cases the real one does not have.
"""

from __future__ import annotations

import pytest

from hmic_cli.dataset import load
from hmic_cli.model import Area, Catalog, Cycle, Grade, normalise_words

FOUR = (Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)
FIVE = (Grade.OUTSTANDING, Grade.GOOD, Grade.ADEQUATE, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load().catalog


def fictional_cycle(cycle_id: str, year: int, end: int | None, *areas: tuple[str, str]) -> Cycle:
    return Cycle(
        id=cycle_id,
        label=cycle_id,
        programme="PEEL",
        year=year,
        end=end,
        scale=FIVE,
        group=f"fictional-{cycle_id}",
        dimension="area",
        areas=tuple(
            Area(id=i, name=name, short=f"A{n}", order=n) for n, (i, name) in enumerate(areas, start=1)
        ),
    )


# -- grades ------------------------------------------------------------------


def test_grades_are_ordered_best_first() -> None:
    assert sorted(reversed(FIVE), reverse=True) == list(FIVE)
    assert Grade.GOOD > Grade.ADEQUATE > Grade.REQUIRES_IMPROVEMENT
    assert Grade.INADEQUATE < Grade.ADEQUATE
    assert Grade.GOOD >= Grade.GOOD and Grade.GOOD <= Grade.GOOD
    assert not Grade.GOOD < Grade.GOOD


@pytest.mark.parametrize("other", [Grade.NOT_GRADED, Grade.UNKNOWN])
def test_unranked_grades_refuse_comparison(other: Grade) -> None:
    with pytest.raises(TypeError, match="cannot be ordered"):
        _ = other > Grade.GOOD
    with pytest.raises(TypeError):
        _ = Grade.GOOD <= other  # noqa: SIM300 - the known grade on the left on purpose
    assert other.rank is None and not other.is_judgement and not other.is_concern


def test_grade_is_not_comparable_with_a_string() -> None:
    with pytest.raises(TypeError):
        _ = Grade.GOOD < "good"


def test_concerns_are_requires_improvement_and_inadequate_only() -> None:
    assert [g for g in Grade if g.is_concern] == [Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE]


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("Outstanding", Grade.OUTSTANDING),
        ("'outstanding'", Grade.OUTSTANDING),
        ("Adequate", Grade.ADEQUATE),
        ("Requires Improvement", Grade.REQUIRES_IMPROVEMENT),
        ("requires-improvement", Grade.REQUIRES_IMPROVEMENT),
        ("REQUIRES_IMPROVEMENT", Grade.REQUIRES_IMPROVEMENT),
        ("ri", Grade.REQUIRES_IMPROVEMENT),
        ("(not graded)", Grade.NOT_GRADED),
        ("Not Graded", Grade.NOT_GRADED),
        ("inadequate.", Grade.INADEQUATE),
        ("unknown", Grade.UNKNOWN),
    ],
)
def test_grade_parse_accepts_report_spellings(text: str, grade: Grade) -> None:
    assert Grade.parse(text) is grade


def test_grade_parse_rejects_unknown_words() -> None:
    with pytest.raises(ValueError, match="unknown grade 'great'"):
        Grade.parse("great")


def test_grade_lookup_does_not_parse() -> None:
    assert Grade.lookup("requires_improvement") is Grade.REQUIRES_IMPROVEMENT
    assert Grade.lookup("Requires Improvement") is None
    assert Grade.lookup(3) is None


def test_grade_labels() -> None:
    assert Grade.REQUIRES_IMPROVEMENT.label == "requires improvement"
    assert Grade.REQUIRES_IMPROVEMENT.title == "Requires improvement"
    assert len({g.short for g in Grade}) == len(Grade)


def test_normalise_words() -> None:
    assert normalise_words("  Building, supporting & protecting the WORKFORCE ") == (
        "building supporting and protecting the workforce"
    )


# -- cycles ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cycle_id"),
    [
        ("2015", "2015"),
        ("2016", "2016"),
        ("2018", "2018/19"),
        ("2018/19", "2018/19"),
        ("2018-19", "2018/19"),
        ("2018/2019", "2018/19"),
        (" 2018 ", "2018/19"),
        ("2021", "2021/22"),
        ("2021/22", "2021/22"),
        ("2021-22", "2021/22"),
        ("2023", "2023-25"),
        ("2023-25", "2023-25"),
        ("2023\N{EN DASH}25", "2023-25"),
        ("2023/25", "2023-25"),
        ("PEEL 2023\N{EN DASH}25", "2023-25"),
    ],
)
def test_catalog_parse_accepts_cycle_spellings(catalog: Catalog, text: str, cycle_id: str) -> None:
    assert catalog.parse(text).id == cycle_id


def test_a_year_inside_a_cycle_names_that_cycle(catalog: Catalog) -> None:
    with pytest.raises(ValueError) as caught:
        catalog.parse("2019")
    message = str(caught.value)
    assert "2019 falls in 2018/19" in message
    assert "2015, 2016, 2017, 2018/19, 2021/22, 2023\N{EN DASH}25" in message
    assert "\n" not in message


@pytest.mark.parametrize("text", ["2023/24", "2021/23", "2018/20", "2014", "2030", "18", "twenty", "2018/"])
def test_catalog_parse_rejects_other_cycles(catalog: Catalog, text: str) -> None:
    with pytest.raises(ValueError) as caught:
        catalog.parse(text)
    message = str(caught.value)
    assert "2018/19" in message and "2023\N{EN DASH}25" in message  # lists the cycles there are
    assert "falls in" not in message


def test_a_year_inside_a_cycle_is_not_hinted_when_an_end_was_given(catalog: Catalog) -> None:
    with pytest.raises(ValueError) as caught:
        catalog.parse("2024/25")
    assert "falls in" not in str(caught.value)


def test_catalogue_holds_the_six_cycles_in_order(catalog: Catalog) -> None:
    assert [c.id for c in catalog] == ["2015", "2016", "2017", "2018/19", "2021/22", "2023-25"]
    assert [c.label for c in catalog][-1] == "2023\N{EN DASH}25"
    assert catalog.for_year(2018) is catalog["2018/19"]
    assert catalog.for_year(2019) is None
    assert catalog.get("2019") is None


def test_scales_and_what_each_cycle_allows(catalog: Catalog) -> None:
    old, new = catalog["2016"], catalog["2023-25"]
    assert old.scale == FOUR and new.scale == FIVE
    assert not old.allows(Grade.ADEQUATE) and new.allows(Grade.ADEQUATE)
    assert old.allows(Grade.UNKNOWN) and old.allows(Grade.NOT_GRADED)
    assert old.rank(Grade.OUTSTANDING) == 1 and old.rank(Grade.INADEQUATE) == 4
    assert new.rank(Grade.INADEQUATE) == 5 and new.rank(Grade.UNKNOWN) is None
    assert old.rank(Grade.ADEQUATE) is None


def test_comparability_groups(catalog: Catalog) -> None:
    groups = [c.group for c in catalog]
    assert len(set(groups[:4])) == 1
    assert len(set(groups)) == 3 and groups[3] != groups[4] != groups[5]


def test_catalogue_sorts_cycles_by_their_years() -> None:
    later = fictional_cycle("2025-27", 2025, 2027, ("a", "A"))
    earlier = fictional_cycle("2016", 2016, None, ("a", "A"))
    assert [c.id for c in Catalog((later, earlier))] == ["2016", "2025-27"]


# -- areas -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "area_id"),
    [
        ("invest", "investigating_crime"),
        ("Investigating crime", "investigating_crime"),
        ("investigating_crime", "investigating_crime"),
        ("legit", "legitimacy"),
        ("Effectiveness", "effectiveness"),
        ("EFFECTIVE", "effectiveness"),
        ("efficien", "efficiency"),
        ("vulnerable", "protecting_vulnerable_people"),  # a word of the name
        ("workforce", "developing_a_positive_workplace"),  # a word of the name, not of the id
        ("offenders", "managing_offenders"),
    ],
)
def test_find_areas(catalog: Catalog, text: str, area_id: str) -> None:
    assert catalog.find_areas(text) == (area_id,)


def test_eff_is_ambiguous_and_the_message_names_both(catalog: Catalog) -> None:
    with pytest.raises(ValueError) as caught:
        catalog.find_areas("eff")
    message = str(caught.value)
    assert message.startswith("ambiguous area 'eff'")
    assert "effectiveness" in message and "efficiency" in message
    assert "\n" not in message


@pytest.mark.parametrize("text", ["speed", "", "   "])
def test_unknown_area(catalog: Catalog, text: str) -> None:
    with pytest.raises(ValueError):
        catalog.find_areas(text)


def test_unknown_area_lists_the_choices(catalog: Catalog) -> None:
    with pytest.raises(ValueError, match=r"unknown area 'speed' \(expected one of: .*legitimacy"):
        catalog.find_areas("speed")


def test_find_areas_within_chosen_cycles(catalog: Catalog) -> None:
    with pytest.raises(ValueError):
        catalog.find_areas("legit", [catalog["2023-25"]])
    assert catalog.find_areas("legit", [catalog["2016"]]) == ("legitimacy",)


def test_an_area_shared_by_cycles_is_one_id() -> None:
    one = fictional_cycle("2031", 2031, None, ("tidy_desks", "Keeping desks tidy"))
    two = fictional_cycle("2033", 2033, None, ("tidy_desks", "Keeping desks tidy"), ("tea", "Making tea"))
    catalog = Catalog((one, two))
    assert catalog.find_areas("tidy") == ("tidy_desks",)
    assert catalog.find_areas("desks") == ("tidy_desks",)
    assert catalog.find_areas("TEA") == ("tea",)


def test_an_exact_id_wins_over_a_longer_one_it_begins() -> None:
    cycle = fictional_cycle("2031", 2031, None, ("tea", "Tea"), ("teamwork", "Teamwork"))
    assert Catalog((cycle,)).find_areas("tea") == ("tea",)
    assert Catalog((cycle,)).find_areas("team") == ("teamwork",)
