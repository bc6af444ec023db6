"""hmic import, the reading: every layout, what must not be read, and the TOML it writes.

The texts in tests/fixtures/ are written for these tests in the layouts the
importer meets (HMICFRS pages as a browser copies them, 2021/22+ reports from
the web and from PDF, press releases, panel papers). Where they name a real
force (Kent) they state Kent's real grades and publication days from the fact
files, so nothing here contradicts the real record; everything else is about
the fictional Wessex Constabulary and Mercia Police.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hmic_cli import importer, writer
from hmic_cli.importer import Hints, ImportFailure
from hmic_cli.model import Area, Catalog, Cycle, Force, Grade
from hmic_cli.names import ForceMatcher
from hmic_cli.prose import PHRASES, Reader

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
BRIEFING = FIXTURES / "durham-2016-effectiveness-briefing.txt"
SHARED_BRIEFING = ROOT.parent / "shared" / "sources" / "durham-2016-effectiveness-briefing.txt"
FICTIONAL = (Force("wessex", "Wessex Constabulary", "England"), Force("mercia", "Mercia Police", "England"))


def _catalog() -> Catalog:
    data = tomllib.loads((ROOT / "data" / "cycles.toml").read_text(encoding="utf-8"))
    cycles = []
    for c in data["cycle"]:
        areas = tuple(
            Area(a["id"], a["name"], a["short"], n, a.get("graded", "yes"))
            for n, a in enumerate(c["area"], 1)
        )
        scale = tuple(Grade(g) for g in c["scale"])
        cycles.append(
            Cycle(
                c["id"],
                c["label"],
                c["programme"],
                c["year"],
                c.get("end"),
                scale,
                c["group"],
                c["dimension"],
                areas,
            )
        )
    return Catalog(tuple(cycles))


def _forces() -> list[Force]:
    data = tomllib.loads((ROOT / "data" / "forces.toml").read_text(encoding="utf-8"))
    real = [Force(f["id"], f["name"], f.get("nation"), tuple(f.get("aliases", ()))) for f in data["force"]]
    return [*real, *FICTIONAL]


CATALOG = _catalog()
FORCES = _forces()
BY_ID = {f.id: f for f in FORCES}


def read(text: str, **hints: object) -> importer.Imported:
    return importer.parse(importer.normalise(text), FORCES, CATALOG, Hints(**hints))  # type: ignore[arg-type]


def read_fixture(name: str, **hints: object) -> importer.Imported:
    text = importer.decode((FIXTURES / name).read_bytes(), name)
    return importer.parse(text, FORCES, CATALOG, Hints(name=name, **hints))  # type: ignore[arg-type]


def grades(imported: importer.Imported) -> list[tuple[str, str, str, str]]:
    return [(r["force"], r["cycle"], r["area"], r["grade"]) for r in imported.inspections]


# --- (a) the founding briefing ----------------------------------------------------------


def test_founding_briefing_reproduces_the_bundled_durham_record() -> None:
    data = tomllib.loads((ROOT / "data" / "peel-2016-effectiveness.toml").read_text(encoding="utf-8"))
    bundled = next(r for r in data["inspection"] if r["force"] == "durham")
    (got,) = read_fixture("durham-2016-effectiveness-briefing.txt").inspections
    assert (got["force"], got["cycle"], got["area"]) == (
        "durham",
        str(bundled.get("cycle", bundled.get("year"))),
        bundled.get("area", bundled.get("pillar")),
    )
    assert got["grade"] == bundled["grade"]
    assert got["published"] == bundled["published"].isoformat()
    assert got["summary"] == bundled["summary"]
    assert got["notes"] == bundled["notes"]
    expected_questions = [
        {
            "number": q["number"],
            "text": q["text"],
            "grade": Grade.parse(q["grade"]).value,
            "highlights": q.get("highlights", []),
            "areas_for_improvement": q.get("areas_for_improvement", []),
        }
        for q in bundled["question"]
    ]
    assert got["questions"] == expected_questions
    (document,) = bundled["document"]
    (source,) = got["sources"]
    for key in ("title", "issued_by", "author_role"):
        assert source[key] == document[key]
    assert source["date"] == document["date"].isoformat()
    # The briefing itself says "the Police and Crime Panel"; the bundled record names Durham's.
    assert source["audience"] == "Police and Crime Panel"
    assert got["evidence"] == "The overall assessment for Durham in this inspection is 'Outstanding'."


@pytest.mark.skipif(not SHARED_BRIEFING.exists(), reason="shared sources are not beside this checkout")
def test_fixture_is_the_founding_briefing() -> None:
    assert BRIEFING.read_bytes() == SHARED_BRIEFING.read_bytes()


WESSEX_BRIEFING = (
    "\ufeff1 April 2017\r\n\r\nHMIC inspection report into Police effectiveness\r\n\r\n"
    "Report of Wessex Commissioner (fictional)\r\n\r\n"
    "On 2 March, the results of the effectiveness inspection were released.\r\n\r\n"
    "The overall assessment for Wessex Constabulary in this 2016 effectiveness inspection is "
    "\u2018Requires Improvement\u2019.\r\n\r\n"
    "How effective is the force at preventing crime? Requires improvement\r\n\r\n"
    "The assessment highlights:\r\n\r\n"
    "\u2022 Wessex Constabulary is a fictional force whose officers\r\n"
    "work in \u201cneighbourhood\u201d teams.\r\n"
    "\u2022 A second fictional highlight.\r\n\r\n"
    "Page 2 of 3\r\n\r\n"
    "The assessment identifies two areas for improvement:\r\n\r\n"
    "- First fictional area for improvement.\r\n"
    "- Second fictional area for improvement.\r\n\r\n"
    "How effective are the force's specialist capabilities? (not graded)\r\n\r\n"
    "A fictional paragraph about specialist capabilities.\r\n\r\n"
    "Comment on effectiveness inspection\r\n\r\n"
    "HMIC's assessment concludes: Wessex is fictional.\r\n"
)


def test_briefing_copied_from_a_pdf() -> None:
    text = importer.decode(WESSEX_BRIEFING.encode("utf-8"), "wessex.txt")
    (r,) = importer.parse(text, FORCES, CATALOG, Hints()).inspections
    assert (r["force"], r["cycle"], r["area"], r["grade"]) == (
        "wessex",
        "2016",
        "effectiveness",
        "requires_improvement",
    )
    assert r["published"] == "2017-03-02"
    q1, q2 = r["questions"]
    assert q1["grade"] == "requires_improvement" and q2["grade"] == "not_graded"
    assert q1["highlights"] == [
        'Wessex Constabulary is a fictional force whose officers work in "neighbourhood" teams.',
        "A second fictional highlight.",
    ]
    assert q1["areas_for_improvement"] == [
        "First fictional area for improvement.",
        "Second fictional area for improvement.",
    ]
    assert q2["highlights"] == ["A fictional paragraph about specialist capabilities."]
    assert r["summary"] == "Wessex is fictional."


def test_running_page_headers_are_dropped() -> None:
    header = "Wessex Police and Crime Panel (fictional) - 1 April 2017"
    pages = WESSEX_BRIEFING.replace("Page 2 of 3", header)
    pages = pages.replace("How effective are", f"{header}\r\n\r\nHow effective are")
    pages = pages.replace("Comment on", f"{header}\r\n\r\nComment on")
    (r,) = importer.parse(
        importer.decode(pages.encode("utf-8"), "w.txt"), FORCES, CATALOG, Hints()
    ).inspections
    assert header not in repr(r)
    assert len(r["questions"][0]["highlights"]) == 2 and len(r["questions"][1]["highlights"]) == 1


# --- (b) HMICFRS PEEL pages 2015 to 2018/19 ---------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "title", "expected"),
    [
        (
            "kent-2016-peel-page.txt",
            "Kent 2016",
            [
                ("effectiveness", "good", "2017-03-02"),
                ("efficiency", "good", "2016-11-03"),
                ("legitimacy", "outstanding", "2016-12-08"),
            ],
        ),
        (
            "kent-2017-peel-page.txt",
            "Kent PEEL 2017",
            [
                ("effectiveness", "good", "2018-03-22"),
                ("efficiency", "good", "2017-11-09"),
                ("legitimacy", "outstanding", "2017-12-12"),
            ],
        ),
        (
            "kent-2018-19-peel-page.txt",
            "Kent 2018/19",
            [
                ("effectiveness", "good", "2019-05-02"),
                ("efficiency", "outstanding", "2019-05-02"),
                ("legitimacy", "outstanding", "2019-05-02"),
            ],
        ),
        (
            "wessex-2018-19-peel-page.txt",
            "Wessex 2018/19",
            [
                ("effectiveness", "inadequate", "2019-09-27"),
                ("efficiency", "requires_improvement", "2019-09-27"),
                ("legitimacy", "good", "2019-09-27"),
            ],
        ),
    ],
)
def test_peel_pages_as_a_browser_copies_them(
    fixture: str, title: str, expected: list[tuple[str, str, str]]
) -> None:
    imported = read_fixture(fixture)
    assert [(r["area"], r["grade"], r["published"]) for r in imported.inspections] == expected
    assert {r["force"] for r in imported.inspections} == {fixture.split("-")[0]}
    assert all(r["sources"][0]["title"] == title for r in imported.inspections)
    assert imported.looked_for == [] and imported.notices == []


def test_not_yet_graded_is_a_notice_and_not_a_record() -> None:
    imported = read_fixture("wessex-2015-peel-page.txt")
    assert [(r["cycle"], r["area"], r["grade"], r["published"]) for r in imported.inspections] == [
        ("2015", "effectiveness", "requires_improvement", "2016-02-18"),
        ("2015", "efficiency", "good", "2015-10-20"),
    ]
    assert imported.notices == ["Legitimacy: not yet graded in this text, not recorded"]
    assert imported.inspections[0]["evidence"].endswith("reducing crime requires improvement.")


def test_page_with_pillar_headings_and_grade_lines_only() -> None:
    page = (
        "Skip to content\nKent 2016\nEffectiveness\nGood\nLast updated 02/03/2017\n"
        "Kent Police keeps people safe.\n"
    )
    (r,) = read(page).inspections
    assert (r["area"], r["grade"], r["published"], r["evidence"]) == (
        "effectiveness",
        "good",
        "2017-03-02",
        "Effectiveness\nGood",
    )
    assert "grade for Efficiency" in read(page).looked_for


def test_a_grade_off_the_cycles_scale_is_never_produced() -> None:
    page = (
        "Wessex 2016\n"
        "The extent to which the force is effective at keeping people safe and reducing crime is adequate.\n"
    )
    with pytest.raises(ImportFailure, match="'adequate' is not a grade of PEEL 2016"):
        read(page)


def test_pillar_grades_in_a_press_release() -> None:
    text = (
        "PEEL 2018/19: Wessex Constabulary (fictional)\n"
        "Inspectors found that Wessex Constabulary:\n"
        "• is 'good' at effectively reducing crime and keeping people safe;\n"
        "• is 'outstanding' at operating efficiently and providing sustainable services to the public; and\n"
        "• is 'good' at how it treats the public and its workforce.\n"
    )
    assert grades(read(text)) == [
        ("wessex", "2018/19", "effectiveness", "good"),
        ("wessex", "2018/19", "efficiency", "outstanding"),
        ("wessex", "2018/19", "legitimacy", "good"),
    ]


@pytest.mark.parametrize(
    "body", ["British Transport Police", "Police Scotland", "Borsetshire Constabulary", "the BTP"]
)
def test_a_grade_stated_about_another_police_body_is_not_taken(body: str) -> None:
    text = (
        "PEEL 2023-25: Mercia Police (fictional)\n"
        "Mercia Police is good at investigating crime.\n"
        f"{body}, which shares a training centre with Mercia, is good at protecting vulnerable people.\n"
    )
    assert grades(read(text)) == [("mercia", "2023-25", "investigating_crime", "good")]


# --- (c) PEEL 2021/22 and 2023-25 reports ---------------------------------------------------


def test_2023_25_report_from_the_web() -> None:
    imported = read_fixture("wessex-2023-25-report-web.txt")
    assert [(r["area"], r["grade"]) for r in imported.inspections] == [
        ("police_powers_and_public_treatment", "good"),
        ("preventing_crime", "good"),
        ("responding_to_the_public", "requires_improvement"),
        ("investigating_crime", "adequate"),
        ("protecting_vulnerable_people", "adequate"),
        ("managing_offenders", "inadequate"),
        ("developing_a_positive_workplace", "adequate"),
        ("leadership_and_force_management", "good"),
    ]
    by_area = {r["area"]: r for r in imported.inspections}
    assert {r["published"] for r in imported.inspections} == {"2025-05-14"}
    assert (
        by_area["investigating_crime"]["evidence"]
        == "Wessex Constabulary is adequate at investigating crime."
    )
    (call_handling,) = by_area["responding_to_the_public"]["causes_of_concern"]
    assert call_handling.startswith(
        "The force isn't answering emergency and non-emergency calls quickly enough"
    )
    assert (
        "Recommendations:\nWithin six months, the force should:\n- make sure it has enough call handlers"
        in call_handling
    )
    assert by_area["responding_to_the_public"]["areas_for_improvement"] == [
        "The force should record the vulnerability of callers on every incident log."
    ]
    assert by_area["investigating_crime"]["areas_for_improvement"] == [
        "The force should make sure investigations are supervised well.",
        "The force should improve how it keeps victims updated.",
    ]
    assert by_area["preventing_crime"]["areas_for_improvement"] == [
        "The force should make sure its neighbourhood teams are not taken away from their work "
        "to cover response shifts."
    ]
    assert len(by_area["managing_offenders"]["causes_of_concern"]) == 1
    (report,) = imported.reports
    assert (report["force"], report["cycle"], report["causes_of_concern"], report["published"]) == (
        "wessex",
        "2023-25",
        2,
        "2025-05-14",
    )
    title = (
        "PEEL 2023–2025 – Police effectiveness, efficiency and legitimacy – "
        "An inspection of Wessex Constabulary"
    )
    assert report["sources"][0]["title"] == title
    # The hedged and historical sentences of the observations gave nothing:
    # investigating crime stays adequate.
    assert imported.notices == []
    assert imported.looked_for == [
        "grade for Recording data about crime",
        "grade for Disrupting serious organised crime",
    ]


def test_2021_22_report_copied_from_a_pdf() -> None:
    imported = read_fixture("mercia-2021-22-report-pdf.txt")
    assert [(r["area"], r["grade"]) for r in imported.inspections] == [
        ("treatment_of_the_public", "good"),
        ("preventing_crime", "outstanding"),
        ("responding_to_the_public", "inadequate"),
        ("investigating_crime", "requires_improvement"),
    ]
    by_area = {r["area"]: r for r in imported.inspections}
    # Its grade sentence goes on ("... and engaging with them"), so the heading is the evidence.
    assert by_area["treatment_of_the_public"]["evidence"] == (
        "Engaging with and treating the public with fairness and respect\nGood"
    )
    assert by_area["responding_to_the_public"]["causes_of_concern"][0].startswith(
        "The force is not answering 999 calls quickly enough. "
        "Too many callers abandon their call before it is answered."
    )
    assert by_area["investigating_crime"]["areas_for_improvement"][1] == (
        "The force should make sure that it records the reasons why victims withdraw "
        "support for a prosecution."
    )
    assert "PEEL 2021/22 – Mercia Police (fictional)" not in repr(imported)
    # "adequate at protecting vulnerable people at risk of domestic abuse" is a narrower
    # finding, not the grade.
    assert "grade for Protecting vulnerable people" in imported.looked_for
    assert imported.reports[0]["causes_of_concern"] == 2
    assert imported.reports[0]["published"] == "2022-09-09"


def test_causes_of_concern_are_counted_only_where_the_text_states_the_number() -> None:
    text = (FIXTURES / "wessex-2023-25-report-web.txt").read_text(encoding="utf-8")
    unstated = read(text.replace(" We have identified two causes of concern.", ""))
    assert unstated.reports == [] and "number of causes of concern" in unstated.looked_for
    assert len([c for r in unstated.inspections for c in r["causes_of_concern"]]) == 2
    mismatch = read(text.replace("identified two causes", "identified three causes"))
    assert mismatch.reports[0]["causes_of_concern"] == 3
    assert mismatch.notices == [
        "the text states 3 causes of concern but 2 'Cause of concern' sections were read"
    ]
    previous = read(text.replace("We have identified two", "In 2022 we identified two"))
    assert previous.reports == []
    none = read(
        "PEEL 2023–25\nAn inspection of Wessex Constabulary\nThe force is good at investigating crime.\n"
        "We have not identified any causes of concern.\n"
    )
    assert none.reports[0]["causes_of_concern"] == 0


def test_a_copied_judgments_table_is_not_read_by_position() -> None:
    table = (
        "PEEL 2023–25\nAn inspection of Wessex Constabulary\n"
        "Good\nInvestigating crime\nAdequate\nPreventing crime\n"
    )
    with pytest.raises(ImportFailure, match="no grade found"):
        read(table)


def test_a_grade_stated_twice_differently_is_left_out() -> None:
    text = (
        "PEEL 2023–25\nAn inspection of Wessex Constabulary\nInvestigating crime\nGood\n"
        "Wessex Constabulary is adequate at investigating crime.\nThe force is good at preventing crime.\n"
    )
    imported = read(text)
    assert grades(imported) == [("wessex", "2023-25", "preventing_crime", "good")]
    assert imported.notices == [
        "Investigating crime: the text states different grades (adequate, good); not recorded"
    ]


# --- (d) grade statements in any prose --------------------------------------------------------


def test_press_release() -> None:
    imported = read_fixture("mercia-2023-25-press-release.txt")
    assert sorted((r["area"], r["grade"]) for r in imported.inspections) == [
        ("crime_data_integrity", "outstanding"),
        ("developing_a_positive_workplace", "adequate"),
        ("investigating_crime", "adequate"),
        ("managing_offenders", "inadequate"),
        ("preventing_crime", "good"),
        ("responding_to_the_public", "requires_improvement"),
    ]
    first = imported.inspections[0]
    assert first["evidence"] == "Inspectors found that Mercia Police is 'good' at preventing crime"
    assert first["published"] == "2025-03-11"
    assert first["sources"] == [
        {
            "title": "Mercia Police told to improve how it answers calls",
            "url": "https://example.invalid/news/mercia-peel-2023-25",
            "date": "2025-03-12",
            "issued_by": None,
            "author_role": None,
            "audience": None,
        }
    ]
    # Wessex's grade, the chief constable's boast and the "could become good" wish gave nothing.
    assert "grade for Protecting vulnerable people" in imported.looked_for
    assert imported.reports == []


def test_panel_paper() -> None:
    imported = read_fixture("wessex-2021-22-panel-paper.txt")
    assert sorted((r["area"], r["grade"]) for r in imported.inspections) == [
        ("crime_data_integrity", "outstanding"),
        ("developing_a_positive_workplace", "good"),
        ("good_use_of_resources", "adequate"),
        ("investigating_crime", "adequate"),
        ("responding_to_the_public", "requires_improvement"),
        ("treatment_of_the_public", "good"),
    ]
    by_area = {r["area"]: r for r in imported.inspections}
    assert (
        by_area["responding_to_the_public"]["evidence"] == "Responding to the public – Requires improvement"
    )
    assert by_area["investigating_crime"]["published"] is None and "publication day" in imported.looked_for


def test_a_statement_after_another_force_is_named_is_not_ours() -> None:
    text = (
        "PEEL 2023–25: Wessex Constabulary\n"
        "Mercia Police was inspected in May. The force is good at investigating crime.\n"
        "Wessex Constabulary is adequate at preventing crime.\n"
        "The force is adequate at managing offenders.\n"
    )
    assert grades(read(text)) == [
        ("wessex", "2023-25", "preventing_crime", "adequate"),
        ("wessex", "2023-25", "managing_offenders", "adequate"),
    ]
    # A text that names three forces or more is an overview: only sentences naming the force count.
    crowded = text + "Kent Police and Essex Police were inspected too.\n"
    assert grades(read(crowded)) == [("wessex", "2023-25", "preventing_crime", "adequate")]


WESSEX = BY_ID["wessex"]


def statements(sentence: str, cycle: str = "2023-25") -> list[tuple[str, str | None]]:
    reader = Reader(CATALOG[cycle], WESSEX, ForceMatcher(FORCES))
    return [(s.area, s.grade.value if s.grade else None) for s in reader.statements(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Wessex Constabulary is good at investigating crime.", [("investigating_crime", "good")]),
        (
            "The force requires improvement in how it responds to the public.",
            [("responding_to_the_public", "requires_improvement")],
        ),
        (
            "The force is adequate at protecting vulnerable people.",
            [("protecting_vulnerable_people", "adequate")],
        ),
        ("Inspectors rated the force 'good' for recording crime.", [("crime_data_integrity", "good")]),
        ("Crime data integrity was rated outstanding.", [("crime_data_integrity", "outstanding")]),
        (
            "Responding to the public requires improvement.",
            [("responding_to_the_public", "requires_improvement")],
        ),
        (
            "The force's approach to investigating crime was judged adequate.",
            [("investigating_crime", "adequate")],
        ),
        (
            "HMICFRS found that the force requires improvement at how it responds to calls from the public.",
            [("responding_to_the_public", "requires_improvement")],
        ),
        (
            "The force received an 'inadequate' grade for building, supporting and protecting the workforce.",
            [("developing_a_positive_workplace", "inadequate")],
        ),
        (
            "Wessex Constabulary has been graded as good at treating the public fairly.",
            [("police_powers_and_public_treatment", "good")],
        ),
        (
            "The report found that investigating crime requires improvement.",
            [("investigating_crime", "requires_improvement")],
        ),
        (
            "The force was rated as requiring improvement in investigating crime.",
            [("investigating_crime", "requires_improvement")],
        ),
        (
            "Inspectors found Wessex Constabulary to be adequate at managing offenders and suspects.",
            [("managing_offenders", "adequate")],
        ),
        (
            "It was rated good at preventing crime, investigating crime and managing offenders.",
            [("preventing_crime", "good"), ("investigating_crime", "good"), ("managing_offenders", "good")],
        ),
        (
            "Preventing crime and investigating crime were both rated good.",
            [("preventing_crime", "good"), ("investigating_crime", "good")],
        ),
        (
            "Although the force is good at preventing crime, "
            "it requires improvement in how it responds to the public.",
            [("preventing_crime", "good"), ("responding_to_the_public", "requires_improvement")],
        ),
    ],
)
def test_grade_statements(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert statements(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # negations and hedges
        "The force is not inadequate at investigating crime.",
        "The force isn't good at investigating crime.",
        "The force is no longer good at investigating crime.",
        "The force could become good at investigating crime.",
        "The force wants to be rated outstanding for investigating crime.",
        "The force is expected to be rated good at investigating crime.",
        "If the force keeps improving, it will be good at investigating crime.",
        "The force would have been rated good at investigating crime.",
        "Is the force good at investigating crime?",
        # history and other cycles
        "The force was previously graded good at investigating crime.",
        "In 2019 the force was graded good at investigating crime.",
        "In PEEL 2021/22 the force was graded good at investigating crime.",
        "The force is good at investigating crime, HMICFRS said last year.",
        "The force moved from requires improvement to good at investigating crime.",
        "Managing offenders and suspects was graded good, adequate or requires improvement in parts.",
        # counts, paraphrases, comparisons: never a grade
        "Wessex Constabulary was rated good in four areas.",
        "The force was rated as needing improvement in investigating crime.",
        "The force got a thumbs up for recording crime.",
        "Investigating crime was given the same grade as preventing crime (good).",
        # another force, or not the force
        "Mercia Police is good at investigating crime.",
        "Wessex Constabulary and Mercia Police are good at investigating crime.",
        "We are good at investigating crime.",
        "Officers are good at investigating crime.",
        "Wessex Constabulary's officers are good at investigating crime.",
        "HMICFRS has graded 12 forces as good at investigating crime.",
        # a narrower finding than the area, or not about an area at all
        "Wessex Constabulary is good at investigating crime scenes.",
        "The force is good at protecting vulnerable people at risk of domestic abuse.",
        "The force is good at investigating crime and bringing offenders to justice.",
        "The force is good at responding to the public's calls.",
        "The number of officers investigating crime was inadequate.",
        "The force has good processes for investigating crime.",
        "The force makes good use of resources.",
    ],
)
def test_what_is_not_a_grade_statement(sentence: str) -> None:
    assert statements(sentence) == []


@pytest.mark.parametrize(
    ("cycle", "area", "phrase"),
    [
        (cycle.id, area.id, phrase)
        for cycle in CATALOG
        if cycle.id in ("2021/22", "2023-25")
        for area in cycle.areas
        if area.graded != "no"
        for phrase in (area.name, *PHRASES.get(area.id, ()))
    ],
)
def test_every_phrasing_of_an_area(cycle: str, area: str, phrase: str) -> None:
    assert statements(f"The force was rated good for {phrase}.", cycle) == [(area, "good")]


@pytest.mark.parametrize(
    ("phrase", "area"),
    [
        ("recording crime", "crime_data_integrity"),
        ("crime data integrity", "crime_data_integrity"),
        ("how it responds to calls from the public", "responding_to_the_public"),
        ("building, supporting and protecting the workforce", "developing_a_positive_workplace"),
        ("treating the public fairly", "treatment_of_the_public"),
        ("achieving savings and improving productivity", "good_use_of_resources"),
    ],
)
def test_the_phrasings_named_in_the_issue(phrase: str, area: str) -> None:
    assert statements(f"Wessex Constabulary is good at {phrase}.", "2021/22") == [(area, "good")]


# --- no imported grade contradicts its text ------------------------------------------------------

ALL_FIXTURES = sorted(p.name for p in FIXTURES.glob("*.txt"))
# How each grade is worded; "adequate" does not match inside "inadequate".
_WORDS = {
    g: re.compile(rf"\b{p}\b", re.IGNORECASE)
    for g, p in [
        ("outstanding", "outstanding"),
        ("good", "good"),
        ("adequate", "adequate"),
        ("requires_improvement", r"requir(?:es|e|ed|ing)\s+improvement"),
        ("inadequate", "inadequate"),
    ]
}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _in_order(needle: list[str], hay: list[str]) -> bool:
    it = iter(hay)
    return all(word in it for word in needle)


@pytest.mark.parametrize("fixture", ALL_FIXTURES)
def test_every_grade_is_in_its_evidence_and_the_evidence_in_the_text(fixture: str) -> None:
    text = importer.decode((FIXTURES / fixture).read_bytes(), fixture)
    imported = importer.parse(text, FORCES, CATALOG, Hints(name=fixture))
    assert imported.inspections
    for record in imported.inspections:
        cycle = CATALOG[record["cycle"]]
        assert cycle.allows(Grade(record["grade"]))
        evidence = record["evidence"]
        if record["questions"]:  # the briefing: its overall sentence
            assert evidence in text
        assert _WORDS[record["grade"]].search(evidence), (record["area"], evidence)
        assert _in_order(_words(evidence), _words(text)), evidence


# --- what the user gave, and what fails ---------------------------------------------------------------


def test_options_override_and_select() -> None:
    page = (FIXTURES / "kent-2017-peel-page.txt").read_text(encoding="utf-8")
    only = read(page, areas=("legitimacy",))
    assert grades(only) == [("kent", "2017", "legitimacy", "outstanding")] and only.looked_for == []
    with pytest.raises(ImportFailure, match="investigating_crime is not an area of PEEL 2017"):
        read(page, areas=("investigating_crime",))
    bare = "The extent to which the force is effective at keeping people safe and reducing crime is good.\n"
    with pytest.raises(ImportFailure, match="could not find the force in the text; give it with --force"):
        read(bare)
    with pytest.raises(ImportFailure, match="could not find the PEEL cycle in the text; give it with --year"):
        read(bare, force=BY_ID["durham"])
    (r,) = read(bare, force=BY_ID["durham"], cycle=CATALOG["2016"]).inspections
    assert (r["force"], r["cycle"], r["area"], r["grade"]) == ("durham", "2016", "effectiveness", "good")
    assert r["sources"][0]["title"] == bare.strip()
    overridden = read(page, cycle=CATALOG["2016"])
    assert overridden.notices[0] == "the text is about PEEL 2017; recorded for PEEL 2016 as --year says"


def test_several_forces_or_cycles_need_an_option() -> None:
    two = "PEEL 2023–25\nKent Police and Essex Police both published plans.\n"
    with pytest.raises(ImportFailure, match=r"names several forces equally often \(kent, essex\)"):
        read(two)
    # A cycle named in the first lines is the text's own; further down, two are a question.
    later = "Wessex Constabulary\n" + "Notes.\n" * 10 + "It was inspected in PEEL 2021/22 and PEEL 2023–25.\n"
    with pytest.raises(ImportFailure, match=r"names several PEEL cycles \(2021/22, 2023–25\)"):
        read(later)
    assert read("PEEL 2023–25\n" + later + "The force is good at investigating crime.\n").inspections


def test_a_cycle_the_data_does_not_hold() -> None:
    page = "Kent 2014\nThe extent to which the force is effective at keeping people safe is good.\n"
    with pytest.raises(ImportFailure, match=r"^no PEEL cycle '2014' in the data \(cycles: 2015, "):
        read(page)


def test_no_grade_is_a_one_line_failure() -> None:
    with pytest.raises(ImportFailure) as info:
        read("PEEL 2023–25\nAn inspection of Wessex Constabulary\nThe force has good processes.\n")
    assert "no grade found in the text for Wessex Constabulary, PEEL 2023–25" in info.value.message
    assert "\n" not in info.value.message


_PIECES = st.sampled_from(
    [
        "Wessex Constabulary is good at investigating crime.",
        "The force requires improvement in how it responds to the public.",
        "PEEL 2023–25",
        "PEEL 2016",
        "Kent 2017",
        "An inspection of Mercia Police",
        "Investigating crime",
        "Adequate",
        "Good",
        "Cause of concern",
        "Recommendations",
        "Areas for improvement",
        "• The force should do better;",
        "Last updated 31/02/2017",
        "We have identified 99 causes of concern.",
        "The extent to which the force is efficient at keeping people safe and reducing crime: not graded.",
        "How effective is the force? Good",
        "The overall assessment for Wessex is 'Good'.",
        "Page 3 of 9",
        "",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), st.lists(st.one_of(_PIECES, st.text(max_size=30)), max_size=30).map("\n".join)))
def test_any_text_gives_records_or_a_one_line_failure(text: str) -> None:
    try:
        imported = importer.parse(importer.decode(text.encode("utf-8"), "t"), FORCES, CATALOG, Hints())
    except ImportFailure as exc:
        assert exc.message and "\n" not in exc.message
        return
    for record in imported.inspections:
        assert CATALOG[record["cycle"]].allows(Grade(record["grade"])) and record["evidence"]
    assert writer.render(imported.inspections, imported.reports)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "the file is empty"),
        (b"   \n\n", "the file is empty"),
        (b"caf\xe9 is not utf-8\n", "report.txt:1: not UTF-8"),
        (b"\xff\xfeh\x00i\x00", "UTF-16"),
        (b"text\x00with nul", "binary data"),
        (b"x" * (importer.MAX_BYTES + 1), "file too large"),
    ],
)
def test_decode_refuses_what_is_not_a_text_report(content: bytes, needle: str) -> None:
    with pytest.raises(ImportFailure) as info:
        importer.decode(content, "report.txt")
    assert needle in info.value.message and "\n" not in info.value.message


def test_decode_normalises_copied_text() -> None:
    text = importer.decode("\ufeffA\u2019s \u201cquote\u201d\r\nnext\u00a0line\x7f\x85\r\n".encode(), "t")
    assert text == 'A\'s "quote"\nnext line\n'


# --- the TOML written --------------------------------------------------------------------------


def test_render_reads_back_as_the_records() -> None:
    imported = read_fixture("wessex-2023-25-report-web.txt")
    text = writer.render(imported.inspections, imported.reports)
    assert text.startswith(writer.HEADER)
    data = tomllib.loads(text)
    assert len(data["inspection"]) == 8 and data["report"][0]["causes_of_concern"] == 2
    first = data["inspection"][0]
    assert first["cycle"] == "2023-25" and first["area"] == "police_powers_and_public_treatment"
    assert (
        str(first["published"]) == "2025-05-14" and first["evidence"] == imported.inspections[0]["evidence"]
    )
    assert first["document"][0]["title"].startswith("PEEL 2023–2025")
    briefing = read_fixture("durham-2016-effectiveness-briefing.txt").inspections
    durham = tomllib.loads(writer.render(briefing, []))["inspection"][0]
    assert len(durham["question"]) == 5 and durham["document"][0]["author_role"].startswith("Head of Policy")


def test_render_escapes_control_characters_and_unknowns() -> None:
    record = {
        "force": "wessex",
        "programme": "PEEL",
        "cycle": "2023-25",
        "area": "investigating_crime",
        "grade": "good",
        "published": None,
        "summary": None,
        "notes": ['quote " back\\slash \x7f del \x1b[31m esc'],
        "evidence": "line one\nline two",
        "areas_for_improvement": [],
        "causes_of_concern": [],
        "questions": [],
        "sources": [
            {
                "title": None,
                "url": "https://example.invalid/a",
                "date": None,
                "issued_by": None,
                "author_role": None,
                "audience": None,
            }
        ],
    }
    text = writer.render(
        [record],
        [
            {
                "force": "wessex",
                "cycle": "2023-25",
                "causes_of_concern": None,
                "published": None,
                "notes": [],
                "sources": [
                    {
                        "title": "fictional",
                        "url": None,
                        "date": None,
                        "issued_by": None,
                        "author_role": None,
                        "audience": None,
                    }
                ],
            }
        ],
    )
    assert "\x7f" not in text and "\x1b" not in text
    data = tomllib.loads(text)
    assert (
        data["inspection"][0]["notes"] == record["notes"]
        and data["inspection"][0]["evidence"] == "line one\nline two"
    )
    assert data["inspection"][0]["published"] == "unknown" and data["inspection"][0]["sources"] == [
        "https://example.invalid/a"
    ]
    assert data["report"][0]["causes_of_concern"] == "unknown" and data["report"][0]["programme"] == "PEEL"


def test_render_refuses_a_record_without_a_source() -> None:
    (record,) = read_fixture("kent-2016-peel-page.txt").inspections[:1]
    with pytest.raises(ImportFailure, match="no source"):
        writer.render([{**record, "sources": []}], [])


def test_file_names() -> None:
    assert writer.file_name({"force": "kent", "cycle": "2023-25", "area": "investigating_crime"}) == (
        "kent-2023-25-investigating_crime.toml"
    )
    assert (
        writer.file_name({"force": "kent", "cycle": "2018/19", "area": "efficiency"})
        == "kent-2018-19-efficiency.toml"
    )
    assert writer.file_name({"force": "kent", "cycle": "2021/22"}) == "kent-2021-22-report.toml"
    odd = writer.file_name({"force": "../é", "cycle": "2023–25", "area": "a/b"})
    assert "/" not in odd and odd.isascii()


def test_write_records_checks_every_clash_first(tmp_path: Path) -> None:
    imported = read_fixture("wessex-2023-25-report-web.txt")
    written = writer.write_records(imported.inspections, imported.reports, tmp_path, overwrite=False)
    assert len(written) == 9 and (tmp_path / "wessex-2023-25-report.toml") in written
    for path in written:
        assert tomllib.loads(path.read_text(encoding="utf-8"))
    (tmp_path / "wessex-2023-25-report.toml").write_text("# mine\n")
    (tmp_path / "wessex-2023-25-preventing_crime.toml").unlink()
    with pytest.raises(ImportFailure, match="already exists; use --overwrite"):
        writer.write_records(imported.inspections, imported.reports, tmp_path, overwrite=False)
    assert not (tmp_path / "wessex-2023-25-preventing_crime.toml").exists()
    assert (tmp_path / "wessex-2023-25-report.toml").read_text() == "# mine\n"
    writer.write_records(imported.inspections, imported.reports, tmp_path, overwrite=True)
    assert (tmp_path / "wessex-2023-25-report.toml").read_text().startswith(writer.HEADER)


def test_write_records_never_replaces_a_symbolic_link(tmp_path: Path) -> None:
    imported = read_fixture("kent-2016-peel-page.txt")
    target = tmp_path / "elsewhere.toml"
    target.write_text("keep\n")
    os.symlink(target, tmp_path / "kent-2016-effectiveness.toml")
    with pytest.raises(ImportFailure, match="not a regular file"):
        writer.write_records(imported.inspections, [], tmp_path, overwrite=True)
    assert target.read_text() == "keep\n" and not (tmp_path / "kent-2016-efficiency.toml").exists()
    with pytest.raises(ImportFailure, match="does not exist"):
        writer.write_records(imported.inspections, [], tmp_path / "absent", overwrite=False)
