"""Malformed data is reported as FILE:LINE: message, exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from hmic_cli.schema import parse_file

GOOD = """\
[[inspection]]
force = "wessex"
year = 2016
pillar = "effectiveness"
grade = "good"
sources = ["https://example.invalid/x"]
"""


def errors_of(text: str) -> list[str]:
    _, _, errors = parse_file("f.toml", text.encode())
    return [e.message for e in errors]


def test_good_record_has_no_errors() -> None:
    forces, records, errors = parse_file("f.toml", GOOD.encode())
    assert errors == [] and forces == []
    assert records[0]["grade"] == "good" and records[0]["line"] == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD.replace('grade = "good"', 'grade = "great"'), "f.toml:5: unknown grade 'great'"),
        (GOOD.replace('pillar = "effectiveness"', 'pillar = "speed"'), "f.toml:4: unknown pillar 'speed'"),
        (GOOD.replace("year = 2016", 'year = "2016"'), "f.toml:3: 'year' must be an integer, not a string"),
        (GOOD + 'colour = "blue"\n', "f.toml:7: unknown key 'colour'"),
        (
            GOOD.replace('sources = ["https://example.invalid/x"]\n', ""),
            "f.toml:1: every inspection must name its source",
        ),
        (GOOD.replace('force = "wessex"\n', ""), "f.toml:1: missing required key 'force'"),
        (GOOD.replace("year = 2016", "year = 2016\nyear = 2017"), "f.toml:4: invalid TOML"),
        (GOOD + 'summary = "bell\\u001b[31m"\n', "f.toml:7: 'summary' contains a control character"),
        (GOOD + "published = 2017-13-01\n", "f.toml:7: invalid TOML"),
        (GOOD + 'published = "yesterday"\n', "f.toml:7: 'published' must be a date"),
        (
            GOOD + '\n[[inspection.question]]\nnumber = 1\ntext = "Q?"\ngrade = "bad"\n',
            "f.toml:11: unknown grade 'bad'",
        ),
        (
            GOOD + '\n[[inspection.question]]\nnumber = 1\ntext = "Q?"\ngrade = "good"\n'
            '\n[[inspection.question]]\nnumber = 1\ntext = "Q?"\ngrade = "good"\n',
            "f.toml:14: question 1 appears twice",
        ),
        ("top = 1\n", "f.toml:1: unknown top-level key 'top'"),
        (GOOD.replace("https://example.invalid/x", "-"), "f.toml:6: 'sources' items must be web addresses"),
    ],
)
def test_errors_are_located(text: str, expected: str) -> None:
    messages = errors_of(text)
    assert any(m.startswith(expected) for m in messages), messages


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
    _, _, errors = parse_file("f.toml", b'summary = "caf\xe9"\n')
    assert errors[0].message == "f.toml:1: not valid UTF-8 text"


def test_cli_reports_bad_data_with_exit_1(hmic, tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text(
        GOOD.replace('grade = "good"', 'grade = "great"').replace("wessex", "durham")
    )
    r = hmic("grades", "--data-dir", str(tmp_path), "--json")
    assert r.code == 1
    assert r.err.startswith(f"{tmp_path / 'bad.toml'}:5: unknown grade 'great'")
    assert r.out == ""


def test_unknown_force_id_in_data(hmic, tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text(GOOD.replace("wessex", "durhma"))
    r = hmic("grades", "--data-dir", str(tmp_path))
    assert r.code == 1
    assert "bad.toml:1: unknown force id 'durhma' (did you mean 'durham'?)" in r.err
