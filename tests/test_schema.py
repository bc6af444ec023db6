"""Malformed data is reported as FILE:LINE: message, one line per problem, exit 1.

Two passes find problems: ``schema.parse_file`` checks one file on its own, and
``schema.bind`` checks each record against its cycle once every file (and so
every cycle) is known. Both are tested here, the second through
``dataset.validate`` and ``hmic validate DIR``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Hmic

from hmic_cli.dataset import load, validate
from hmic_cli.schema import parse_file

GOOD = """\
[[inspection]]
force = "wessex"
year = 2016
pillar = "effectiveness"
grade = "good"
sources = ["https://example.invalid/x"]
"""

NEW_CYCLE = """\
[[inspection]]
force = "durham"
cycle = "2023-25"
area = "investigating_crime"
grade = "adequate"
sources = ["https://example.invalid/fictional-durham-2023-25"]
"""

FICTIONAL_CYCLE = """\
[[cycle]]
id = "2025-27"
label = "2025\N{EN DASH}27"
year = 2025
end = 2027
scale = ["outstanding", "good", "adequate", "requires_improvement", "inadequate"]
group = "fictional-2025-27"

[[cycle.area]]
id = "tidy_desks"
name = "Keeping desks tidy"
short = "TD"

[[cycle.area]]
id = "making_tea"
name = "Making tea"
short = "MT"
graded = "no"
"""


def line_of(text: str, fragment: str, nth: int = 0) -> int:
    """The 1-based line of the ``nth`` line containing ``fragment``: where an error must point."""
    found = [n for n, line in enumerate(text.splitlines(), start=1) if fragment in line]
    return found[nth]


def errors_of(text: str) -> list[str]:
    return [e.message for e in parse_file("f.toml", text.encode()).errors]


# -- one file ------------------------------------------------------------------


def test_good_record_has_no_errors() -> None:
    parsed = parse_file("f.toml", GOOD.encode())
    assert parsed.errors == [] and parsed.forces == [] and parsed.cycles == [] and parsed.reports == []
    (record,) = parsed.inspections
    assert record["grade"] == "good" and record["line"] == 1 and record["path"] == "f.toml"
    assert record["area"] == "effectiveness" and record["year"] == 2016 and record["cycle"] is None
    assert record["sources"][0]["url"] == "https://example.invalid/x"


def test_a_cycle_is_read() -> None:
    parsed = parse_file("f.toml", FICTIONAL_CYCLE.encode())
    assert parsed.errors == []
    (cycle,) = parsed.cycles
    assert (cycle["id"], cycle["label"], cycle["year"], cycle["end"]) == ("2025-27", "2025–27", 2025, 2027)
    assert cycle["programme"] == "PEEL" and cycle["dimension"] == "area"
    assert [(a["id"], a["short"], a["graded"]) for a in cycle["areas"]] == [
        ("tidy_desks", "TD", "yes"),
        ("making_tea", "MT", "no"),
    ]


def test_a_report_is_read() -> None:
    text = '[[report]]\nforce = "wessex"\ncycle = "2023–25"\ncauses_of_concern = "unknown"\n'
    text += '\n[[report.document]]\ntitle = "Fictional fact file"\n'
    parsed = parse_file("f.toml", text.encode())
    assert parsed.errors == []
    (report,) = parsed.reports
    assert report["causes_of_concern"] is None and report["cycle"] == "2023–25"
    assert report["sources"][0]["title"] == "Fictional fact file"


@pytest.mark.parametrize(
    ("text", "fragment", "expected"),
    [
        (GOOD.replace('"good"', '"great"'), "grade", "unknown grade 'great'"),
        (GOOD.replace("year = 2016", 'year = "2016"'), "year", "'year' must be an integer, not a string"),
        (GOOD + 'colour = "blue"\n', "colour", "unknown key 'colour'"),
        (GOOD.replace('sources = ["https://example.invalid/x"]\n', ""), "[[", "every inspection must name"),
        (GOOD.replace('force = "wessex"\n', ""), "[[", "missing required key 'force'"),
        (GOOD.replace("year = 2016\n", ""), "[[", "missing required key 'cycle' (or 'year')"),
        (GOOD.replace('pillar = "effectiveness"\n', ""), "[[", "missing required key 'area'"),
        (GOOD.replace("year = 2016", "year = 2016\nyear = 2017"), "2017", "invalid TOML"),
        (GOOD + 'summary = "bell\\u001b[31m"\n', "summary", "'summary' contains a control character"),
        (GOOD + 'summary = "del\\u007f"\n', "summary", "'summary' contains a control character"),
        (GOOD + 'summary = "  "\n', "summary", "'summary' must not be empty"),
        (GOOD + "published = 2017-13-01\n", "published", "invalid TOML"),
        (GOOD + 'published = "yesterday"\n', "published", "'published' must be a date"),
        (GOOD + "published = 2017-03-02T10:00:00\n", "published", "'published' must be a date"),
        (GOOD.replace("year = 2016", 'cycle = "2016"\narea = "x"'), "pillar =", "give 'area' or 'pillar'"),
        (
            GOOD + '\n[[inspection.question]]\nnumber = 1\ntext = "Q?"\ngrade = "bad"\n',
            '"bad"',
            "unknown grade",
        ),
        (
            GOOD + '\n[[inspection.question]]\nnumber = 1\ntext = "Q?"\ngrade = "good"\n'
            '\n[[inspection.question]]\nnumber = 1\ntext = "Q?"\ngrade = "good"\n',
            "number = 1",
            "question 1 appears twice",
        ),
        (GOOD + '\n[[inspection.document]]\nurl = "ftp://x"\n', "ftp://", "'url' must be a web address"),
        (
            GOOD + "\n[[inspection.document]]\ndate = 2017-03-02\n",
            "[[inspection.document",
            "a document needs",
        ),
        (GOOD.replace("https://example.invalid/x", "-"), "sources", "'sources' items must be web addresses"),
    ],
)
def test_errors_are_located(text: str, fragment: str, expected: str) -> None:
    messages = errors_of(text)
    line = line_of(text, fragment, nth=-1 if "twice" in expected else 0)
    assert any(m.startswith(f"f.toml:{line}: {expected}") for m in messages), messages


def test_unknown_top_level_key() -> None:
    assert errors_of('top = 1\n\n[[force]]\nid = "wessex"\nname = "Wessex Constabulary"\n') == [
        "f.toml:1: unknown top-level key 'top' (allowed: cycle, force, inspection, report)"
    ]


def test_second_record_errors_point_at_its_lines() -> None:
    text = GOOD + "\n" + GOOD.replace('grade = "good"', 'grade = "meh"')
    assert errors_of(text) == [
        "f.toml:12: unknown grade 'meh' (expected one of: outstanding, good, adequate, "
        "requires_improvement, inadequate, not_graded, unknown)"
    ]


def test_list_items_are_located() -> None:
    text = GOOD + 'notes = [\n  "fine",\n  3,\n]\n'
    assert errors_of(text)[0].startswith("f.toml:9: 'notes' must be a string")


def test_not_utf8() -> None:
    (error,) = parse_file("f.toml", b'[[force]]\nid = "x"\nname = "caf\xe9"\n').errors
    assert error.message == "f.toml:3: not valid UTF-8 text"


def test_a_byte_order_mark_is_allowed() -> None:
    assert parse_file("f.toml", b"\xef\xbb\xbf" + GOOD.encode()).errors == []


def test_every_problem_of_a_file_is_listed_on_its_own_line() -> None:
    text = GOOD.replace('"good"', '"great"').replace("year = 2016", 'year = "x"') + 'colour = "blue"\n'
    messages = errors_of(text)
    assert len(messages) == 3
    assert all("\n" not in m for m in messages)


# -- cycle tables ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "fragment", "expected"),
    [
        ('id = "2025-27"', 'id = "2025-27x"', "2025-27x", "cycle id '2025-27x' must look like"),
        ("end = 2027", "end = 2024", "end =", "'end' (2024) must come after 'year' (2025)"),
        ('"adequate", ', '"not_graded", ', "scale", "'not_graded' is not a judgement"),
        (
            'group = "fictional-2025-27"',
            'group = "fictional-2025-27"\ndimension = "x"',
            "dimension",
            "'dimension'",
        ),
        ('id = "tidy_desks"', 'id = "Tidy Desks"', "Tidy Desks", "area id 'Tidy Desks' must be lower-case"),
        ('short = "TD"', 'short = "TIDY"', "TIDY", "'short' must be at most 3 characters"),
        ('graded = "no"', 'graded = "maybe"', "maybe", "'graded' must be"),
        ('id = "making_tea"', 'id = "tidy_desks"', 'id = "tidy_desks"', "area id 'tidy_desks' appears twice"),
        ('short = "MT"', 'short = "TD"', 'short = "TD"', "area short 'TD' appears twice"),
        ('name = "Making tea"\n', "", "[[cycle.area]]", "missing required key 'name'"),
        ('group = "fictional-2025-27"\n', "", "[[cycle]]", "missing required key 'group'"),
    ],
)
def test_cycle_errors_are_located(old: str, new: str, fragment: str, expected: str) -> None:
    assert old in FICTIONAL_CYCLE
    text = FICTIONAL_CYCLE.replace(old, new)
    messages = errors_of(text)
    line = line_of(text, fragment, nth=-1 if "twice" in expected or "[[" in fragment else 0)
    assert any(m.startswith(f"f.toml:{line}: {expected}") for m in messages), messages


def test_a_cycle_needs_a_scale_and_areas() -> None:
    text = '[[cycle]]\nid = "2025"\nyear = 2025\ngroup = "fictional"\n'
    assert errors_of(text) == [
        "f.toml:1: a cycle needs a 'scale' of grades, best first",
        "f.toml:1: a cycle needs at least one [[cycle.area]]",
    ]


def test_a_scale_must_run_best_first_each_grade_once() -> None:
    reversed_scale = FICTIONAL_CYCLE.replace(
        '["outstanding", "good", "adequate", "requires_improvement", "inadequate"]',
        '["inadequate", "requires_improvement", "adequate", "good", "outstanding"]',
    )
    twice = FICTIONAL_CYCLE.replace('"adequate", ', '"good", ')
    for text in (reversed_scale, twice):
        messages = errors_of(text)
        assert len(messages) == 1 and messages[0].startswith(f"f.toml:{line_of(text, 'scale')}: "), messages
        assert "best first" in messages[0]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('id = "2025-27"', 'id = "2026-27"'),  # does not start in its year
        ('id = "2025-27"', 'id = "2025-28"'),  # does not end in its end
        ("end = 2027\n", ""),  # a span in the id but no end
    ],
)
def test_a_cycle_id_must_agree_with_its_years(old: str, new: str) -> None:
    text = FICTIONAL_CYCLE.replace(old, new)
    messages = errors_of(text)
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"f.toml:{line_of(text, 'id = ')}: cycle id "), messages


# -- report tables ------------------------------------------------------------------

REPORT = """\
[[report]]
force = "wessex"
cycle = "2023-25"
causes_of_concern = 2
published = 2024-05-01
sources = ["https://example.invalid/wessex-2023-25"]
"""


@pytest.mark.parametrize(
    ("old", "new", "fragment", "expected"),
    [
        ("= 2\n", "= -1\n", "causes_of_concern", "'causes_of_concern' must be between 0 and 99, not -1"),
        ("= 2\n", '= "two"\n', "causes_of_concern", "'causes_of_concern' must be an integer, not a string"),
        ("= 2\n", "= 1.5\n", "causes_of_concern", "'causes_of_concern' must be an integer, not a number"),
        ("causes_of_concern = 2\n", "", "[[report]]", "missing required key 'causes_of_concern'"),
        ('cycle = "2023-25"', 'cycle = "2023-25"\ngrade = "good"', "grade", "unknown key 'grade'"),
        ('cycle = "2023-25"', 'cycle = "2023-25"\narea = "x"', "area", "unknown key 'area'"),
        ("published = 2024-05-01", 'published = "May"', "published", "'published' must be a date"),
        (
            'sources = ["https://example.invalid/wessex-2023-25"]\n',
            "",
            "[[report]]",
            "every report must name",
        ),
    ],
)
def test_report_errors_are_located(old: str, new: str, fragment: str, expected: str) -> None:
    assert old in REPORT
    text = REPORT.replace(old, new)
    messages = errors_of(text)
    assert len(messages) == 1 and messages[0].startswith(f"f.toml:{line_of(text, fragment)}: {expected}"), (
        messages
    )


# -- against the cycle (second pass), and through hmic validate -------------------------


def validate_messages(path: Path) -> list[str]:
    return [e.message for e in validate([path]).errors]


def write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


INVALID = [
    pytest.param(
        GOOD.replace("wessex", "durham").replace('"good"', '"adequate"'),
        'grade = "adequate"',
        "'adequate' is not a grade of PEEL 2016 (its scale: outstanding, good, requires_improvement, "
        "inadequate; or not_graded, unknown)",
        id="adequate-in-2016",
    ),
    pytest.param(
        GOOD.replace("wessex", "durham")
        + '\n[[inspection.question]]\nnumber = 1\ntext = "Q?"\ngrade = "Adequate"\n',
        'grade = "Adequate"',
        "'adequate' is not a grade of PEEL 2016",
        id="adequate-question-in-2016",
    ),
    pytest.param(
        NEW_CYCLE.replace('"investigating_crime"', '"effectiveness"'),
        "area =",
        "PEEL 2023–25 has no area 'effectiveness' (its areas: victim_service,",
        id="pillar-in-2023-25",
    ),
    pytest.param(
        GOOD.replace("wessex", "durham").replace('"effectiveness"', '"investigating_crime"'),
        "pillar =",
        "PEEL 2016 has no area 'investigating_crime'",
        id="area-in-2016",
    ),
    pytest.param(
        NEW_CYCLE.replace('"2023-25"', '"2023/24"'),
        "cycle =",
        "no PEEL cycle '2023/24' in the data (cycles: 2015, 2016, 2017, 2018/19, 2021/22, 2023–25)",
        id="no-such-cycle",
    ),
    pytest.param(
        NEW_CYCLE.replace('cycle = "2023-25"', "year = 2019"),
        "year =",
        "no PEEL cycle starts in 2019",
        id="no-cycle-starts-in-year",
    ),
    pytest.param(
        NEW_CYCLE.replace('cycle = "2023-25"', 'cycle = "2023-25"\nyear = 2021'),
        "cycle =",
        "'year' 2021 does not match cycle 2023–25",
        id="year-and-cycle-disagree",
    ),
    pytest.param(
        NEW_CYCLE.replace('"durham"', '"durhma"'),
        "[[inspection]]",
        "unknown force id 'durhma' (did you mean 'durham'?)",
        id="unknown-force",
    ),
    pytest.param(
        REPORT.replace('"wessex"', '"durham"').replace('"2023-25"', '"2031"'),
        "cycle =",
        "no PEEL cycle '2031' in the data",
        id="report-no-such-cycle",
    ),
    pytest.param(
        NEW_CYCLE + "\n" + NEW_CYCLE.replace('"adequate"', '"good"'),
        "[[inspection]]",
        "duplicate record for durham PEEL 2023-25 investigating_crime (first at ",
        id="duplicate-record",
    ),
    pytest.param(
        REPORT.replace('"wessex"', '"durham"') * 2,
        "[[report]]",
        "duplicate report for durham PEEL 2023-25 (first at ",
        id="duplicate-report",
    ),
    # found by the first pass, reported the same way
    pytest.param(
        NEW_CYCLE.replace(
            'area = "investigating_crime"', 'area = "investigating_crime"\npillar = "effectiveness"'
        ),
        "pillar =",
        "give 'area' or 'pillar' (its older name), not both",
        id="area-and-pillar",
    ),
    pytest.param(
        REPORT.replace('"wessex"', '"durham"').replace("= 2\n", '= "two"\n'),
        "causes_of_concern",
        "'causes_of_concern' must be an integer, not a string",
        id="report-count",
    ),
    pytest.param(
        NEW_CYCLE + '\n[meta]\nauthor = "me"\n',
        "[meta]",
        "unknown top-level key 'meta' (allowed: cycle, force, inspection, report)",
        id="top-level-key",
    ),
]


@pytest.mark.parametrize(("text", "fragment", "expected"), INVALID)
def test_records_are_checked_against_their_cycle(
    tmp_path: Path, text: str, fragment: str, expected: str
) -> None:
    path = write(tmp_path / "data", "x.toml", text)
    where = f"{path}:{line_of(text, fragment, -1 if 'duplicate' in expected else 0)}: "
    for target in (path.parent, path):  # a directory or one file
        (message,) = validate_messages(target)
        assert message.startswith(where + expected), message


@pytest.mark.parametrize(("text", "fragment", "expected"), INVALID)
def test_hmic_validate_reports_one_line_each_and_exits_1(
    hmic: Hmic, tmp_path: Path, text: str, fragment: str, expected: str
) -> None:
    path = write(tmp_path / "data", "x.toml", text)
    r = hmic("validate", str(path.parent))
    assert r.code == 1
    nth = -1 if "duplicate" in expected else 0
    (line,) = r.out.splitlines()
    assert line.startswith(f"{path}:{line_of(text, fragment, nth)}: {expected}")
    assert "Traceback" not in r.out + r.err


@pytest.mark.parametrize(
    "text",
    [
        NEW_CYCLE,
        NEW_CYCLE.replace('"2023-25"', '"2023–25"'),
        NEW_CYCLE.replace('"2023-25"', '"2023"'),
        NEW_CYCLE.replace('cycle = "2023-25"', "year = 2023"),
        NEW_CYCLE.replace('cycle = "2023-25"', 'cycle = "2023-25"\nyear = 2023'),
        NEW_CYCLE.replace('area = "investigating_crime"', 'area = "Investigating crime"'),
        NEW_CYCLE.replace('"adequate"', '"not_graded"'),
        GOOD.replace("wessex", "durham").replace('"good"', '"unknown"'),
        REPORT.replace('"wessex"', '"durham"'),
        REPORT.replace('"wessex"', '"durham"').replace("= 2\n", '= "unknown"\n'),
    ],
)
def test_valid_spellings_pass(hmic: Hmic, tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "data", "x.toml", text)
    assert validate_messages(path.parent) == []
    r = hmic("validate", str(path.parent))
    assert r.code == 0 and r.out.startswith("ok: "), r.out


def test_a_record_is_stored_under_its_cycle_id_and_area_id(tmp_path: Path) -> None:
    write(
        tmp_path / "data",
        "x.toml",
        NEW_CYCLE.replace('"2023-25"', '"2023–25"').replace("investigating_crime", "invest"),
    )
    ds = load([tmp_path / "data"])
    (record,) = ds.select({"durham"}, {"2023-25"}, {"investigating_crime"})
    assert record.grade.value == "adequate" and record.cycle.id == "2023-25"
    assert record.area.name == "Investigating crime"


def test_validate_lists_problems_of_every_file(hmic: Hmic, tmp_path: Path) -> None:
    data = tmp_path / "data"
    a = write(data, "a.toml", GOOD.replace("wessex", "durham").replace('"effectiveness"', '"speed"'))
    b = write(data, "b.toml", "this is = = not toml\n")
    c = write(data, "c.toml", 'colour = "blue"\n')
    d = write(data, "d.toml", REPORT.replace('"2023-25"', '"2016"').replace("= 2\n", "= -3\n"))
    r = hmic("validate", str(data))
    assert r.code == 1
    lines = r.out.splitlines()
    assert f"{a}:4: PEEL 2016 has no area 'speed'" in r.out
    assert f"{b}:1: invalid TOML" in r.out
    assert f"{c}:1: unknown top-level key 'colour'" in r.out
    assert f"{d}:4: 'causes_of_concern' must be between 0 and 99, not -3" in r.out
    assert len(lines) == 4
    assert all(line.startswith(str(data)) for line in lines)


def test_bad_data_stops_a_query_with_exit_1(hmic: Hmic, tmp_path: Path) -> None:
    text = NEW_CYCLE.replace('"adequate"', '"great"')
    path = write(tmp_path / "data", "bad.toml", text)
    r = hmic("grades", "--data-dir", str(path.parent), "--json")
    assert r.code == 1
    assert r.err.startswith(f"{path}:{line_of(text, 'grade')}: unknown grade 'great'")
    assert len(r.err.splitlines()) == 1
    assert r.out == ""
