"""Replacing a record with an imported one: what would be lost, and the merge that loses nothing.

The records are fictional (Wessex Constabulary) plain records as the validator
and the importer produce them.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from conftest import Hmic

from hmic_cli.merge import UNKNOWN_BEFORE, compare, compare_reports, conflict, merge, merge_reports

URL = {"title": None, "url": "https://example.invalid/wessex", "date": None}
URL = {**URL, "issued_by": None, "author_role": None, "audience": None}
FACT_FILE = {
    **URL,
    "url": None,
    "title": "Project fact file: no stored source states this grade, so it is recorded as unknown",
}
IMPORTED_DOC = {
    **URL,
    "url": None,
    "title": "PEEL 2023–2025 – An inspection of Wessex Constabulary",
    "date": "2025-05-14",
}


def inspection(**values: object) -> dict[str, object]:
    record: dict[str, object] = {
        "force": "wessex",
        "programme": "PEEL",
        "cycle": "2023-25",
        "area": "investigating_crime",
        "grade": "unknown",
        "published": None,
        "summary": None,
        "notes": [],
        "evidence": None,
        "areas_for_improvement": [],
        "causes_of_concern": [],
        "questions": [],
        "sources": [],
    }
    record.update(values)
    return record


EXISTING = inspection(
    grade="good",
    published="2025-05-14",
    summary="A fictional summary.",
    notes=["A fictional note."],
    evidence="Wessex Constabulary is good at investigating crime.",
    areas_for_improvement=["The force should supervise investigations better."],
    causes_of_concern=["A fictional cause of concern."],
    questions=[
        {
            "number": 1,
            "text": "How well?",
            "grade": "good",
            "highlights": ["Fine."],
            "areas_for_improvement": [],
        }
    ],
    sources=[URL],
    path="user/wessex.toml",
    line=3,
)
IMPORTED = inspection(
    grade="adequate",
    evidence="Wessex Constabulary is adequate at investigating crime.",
    areas_for_improvement=["The force should improve how it keeps victims updated."],
    sources=[IMPORTED_DOC],
)


def test_compare_lists_everything_that_would_be_lost() -> None:
    assert compare(EXISTING, IMPORTED) == [
        "grade good (the import says adequate)",
        "publication day 2025-05-14 (the import says unknown)",
        "summary: 'A fictional summary.'",
        "evidence: 'Wessex Constabulary is good at investigating crime.'",
        "note: 'A fictional note.'",
        "area for improvement: 'The force should supervise investigations better.'",
        "cause of concern: 'A fictional cause of concern.'",
        "source: https://example.invalid/wessex",
        "question 1 and its findings: 'How well?'",
    ]


def test_nothing_is_lost_when_the_import_holds_it_all() -> None:
    assert compare(EXISTING, copy.deepcopy(EXISTING)) == []
    unknown = inspection(sources=[FACT_FILE], notes=["No stored page found that states this grade."])
    lost = compare(unknown, IMPORTED)
    # An unknown grade is no loss; its note and source are.
    assert lost == [
        "note: 'No stored page found that states this grade.'",
        "source: Project fact file: no stored source states this grade, so it is recorded as unknown",
    ]


def test_long_text_is_cut_in_the_list() -> None:
    (line,) = compare(inspection(summary="word " * 40), inspection())
    assert line.startswith("summary: 'word word") and line.endswith("…'") and len(line) < 90


def test_merge_adds_the_import_and_keeps_everything() -> None:
    before = copy.deepcopy(EXISTING)
    merged = merge(EXISTING, IMPORTED)
    assert before == EXISTING  # the inputs are not changed
    assert merged["grade"] == "adequate"
    assert merged["evidence"] == IMPORTED["evidence"]
    assert merged["published"] == "2025-05-14" and merged["summary"] == "A fictional summary."
    assert merged["notes"] == ["A fictional note."]
    assert merged["areas_for_improvement"] == [
        "The force should supervise investigations better.",
        "The force should improve how it keeps victims updated.",
    ]
    assert merged["causes_of_concern"] == ["A fictional cause of concern."]
    assert merged["sources"] == [URL, IMPORTED_DOC]
    assert merged["questions"] == EXISTING["questions"]
    assert "path" not in merged and "line" not in merged
    # Only the grade and its evidence change hands.
    assert compare(EXISTING, merged) == [
        "grade good (the import says adequate)",
        "evidence: 'Wessex Constabulary is good at investigating crime.'",
    ]


def test_merge_never_repeats_and_keeps_agreeing_evidence() -> None:
    same = inspection(
        grade="good",
        evidence="The force is good at investigating crime.",
        areas_for_improvement=list(EXISTING["areas_for_improvement"]),  # type: ignore[call-overload]
        sources=[URL],
    )
    merged = merge(EXISTING, same)
    assert merged["evidence"] == EXISTING["evidence"]
    assert merged["areas_for_improvement"] == EXISTING["areas_for_improvement"]
    assert merged["sources"] == [URL]
    assert merge(merged, same) == merged


def test_merge_fills_an_unknown_record() -> None:
    unknown = inspection(sources=[FACT_FILE], notes=["No stored page found that states this grade."])
    imported = {**IMPORTED, "published": "2025-05-14"}
    merged = merge(unknown, imported)
    assert (merged["grade"], merged["published"], merged["evidence"]) == (
        "adequate",
        "2025-05-14",
        IMPORTED["evidence"],
    )
    # The placeholder that stood in for a source goes; the note that explained the
    # unknown stays, marked as the state before the import.
    assert merged["sources"] == [IMPORTED_DOC]
    assert merged["notes"] == [f"{UNKNOWN_BEFORE}No stored page found that states this grade."]
    assert compare(unknown, merged) == [
        f"note: {shown}" for shown in ["'No stored page found that states this grade.'"]
    ] + [f"source: {FACT_FILE['title']}"]


def test_conflict_names_a_held_grade_the_import_contradicts() -> None:
    assert conflict(EXISTING, IMPORTED) == "the data holds the grade good, the text says adequate"
    assert conflict(inspection(sources=[FACT_FILE]), IMPORTED) is None  # unknown before: no conflict
    assert conflict(EXISTING, {**IMPORTED, "grade": "good"}) is None


def test_merge_keeps_a_known_grade_when_the_import_has_none() -> None:
    merged = merge(EXISTING, inspection(grade="unknown", sources=[IMPORTED_DOC]))
    assert merged["grade"] == "good" and merged["evidence"] == EXISTING["evidence"]


def test_questions_are_merged_by_number() -> None:
    mine = inspection(questions=[{"number": 1, "text": "Q1?", "grade": "unknown", "highlights": ["a"]}])
    theirs = inspection(
        questions=[
            {"number": 2, "text": "Q2?", "grade": "good", "highlights": []},
            {
                "number": 1,
                "text": "Q1?",
                "grade": "good",
                "highlights": ["a", "b"],
                "areas_for_improvement": ["c"],
            },
        ]
    )
    assert merge(mine, theirs)["questions"] == [
        {
            "number": 1,
            "text": "Q1?",
            "grade": "good",
            "highlights": ["a", "b"],
            "areas_for_improvement": ["c"],
        },
        {"number": 2, "text": "Q2?", "grade": "good", "highlights": []},
    ]


def report(**values: object) -> dict[str, object]:
    record: dict[str, object] = {
        "force": "wessex",
        "cycle": "2023-25",
        "causes_of_concern": None,
        "published": None,
        "notes": [],
        "sources": [],
    }
    record.update(values)
    return record


def test_report_records() -> None:
    existing = report(causes_of_concern=3, published="2025-05-14", notes=["A note."], sources=[URL])
    imported = report(causes_of_concern=2, notes=["Imported; stated as: two."], sources=[IMPORTED_DOC])
    assert compare(existing, imported) == [
        "number of causes of concern 3 (the import says 2)",
        "publication day 2025-05-14 (the import says unknown)",
        "note: 'A note.'",
        "source: https://example.invalid/wessex",
    ]
    merged = merge(existing, imported)
    assert merged == {
        "force": "wessex",
        "cycle": "2023-25",
        "causes_of_concern": 2,
        "published": "2025-05-14",
        "notes": ["A note.", "Imported; stated as: two."],
        "sources": [URL, IMPORTED_DOC],
    }
    assert compare_reports(existing, imported) == compare(existing, imported)
    assert merge_reports(existing, imported) == merged
    assert compare(report(sources=[URL]), imported) == ["source: https://example.invalid/wessex"]
    assert merge(existing, report(sources=[IMPORTED_DOC]))["causes_of_concern"] == 3


def test_different_records_cannot_be_compared() -> None:
    with pytest.raises(ValueError, match="not the same record"):
        compare(EXISTING, inspection(area="preventing_crime"))
    with pytest.raises(ValueError, match="not the same record"):
        merge(report(), report(cycle="2021/22"))
    with pytest.raises(ValueError, match="not a report record"):
        compare_reports(EXISTING, IMPORTED)


def test_import_refuses_to_write_over_a_held_grade_it_contradicts(hmic: Hmic, wessex_dir: Path) -> None:
    text = wessex_dir.parent / "wessex-2016.txt"
    text.write_text(
        "Wessex 2016\nThe extent to which the force is effective at keeping people safe and reducing crime"
        " is good.\n",
        encoding="utf-8",
    )
    held = (wessex_dir / "wessex-2016-effectiveness.toml").read_bytes()
    for extra in ([], ["--merge"]):
        r = hmic("import", str(text), "-d", str(wessex_dir), *extra)
        assert r.code == 1
        assert "the data holds the grade requires improvement, the text says good" in r.err
        assert (wessex_dir / "wessex-2016-effectiveness.toml").read_bytes() == held
    r = hmic("import", str(text), "--dry-run", "-d", str(wessex_dir))
    assert r.code == 0 and "the text says good" in r.err
