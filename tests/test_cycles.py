"""PEEL cycles are data: a new cycle needs a data file, not a code change.

The cycle here ("PEEL 2025–27", its areas, its records) is fictional and lives
only in a temporary data directory beside the fictional Wessex force.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Hmic

from hmic_cli.dataset import bundled_dir, load, validate
from hmic_cli.errors import DataErrors
from hmic_cli.model import Grade

FICTIONAL_CYCLE = """\
# A fictional future cycle, for tests only.
[[cycle]]
id = "2025-27"
label = "2025\N{EN DASH}27"
year = 2025
end = 2027
scale = ["outstanding", "good", "adequate", "requires_improvement", "inadequate"]
group = "fictional-2025-27"
source = "fictional, for tests"
note = "A fictional cycle: its grades cannot be compared with PEEL 2023\N{EN DASH}25."

[[cycle.area]]
id = "answering_letters"
name = "Answering letters from the public"
short = "AL"

[[cycle.area]]
id = "tidy_stations"
name = "Keeping stations tidy"
short = "TS"
graded = "sometimes"

[[cycle.area]]
id = "investigating_crime"
name = "Investigating crime"
short = "IC"
"""

FICTIONAL_RECORDS = """\
[[inspection]]
force = "wessex"
cycle = "2025-27"
area = "answering_letters"
grade = "adequate"
published = 2026-06-01
notes = ["Fictional note kept with the record."]
sources = ["https://example.invalid/wessex-2025-27"]

[[inspection]]
force = "wessex"
cycle = "2025\N{EN DASH}27"
area = "Keeping stations tidy"
grade = "not graded"
published = 2026-06-01
sources = ["https://example.invalid/wessex-2025-27"]

[[inspection]]
force = "mercia"
year = 2025
area = "investigating_crime"
grade = "unknown"
notes = ["Fictional: no source states this grade."]

[[inspection.document]]
title = "Fictional fact file: no source states this grade, so it is recorded as unknown"

[[report]]
force = "wessex"
cycle = "2025-27"
causes_of_concern = 1
published = 2026-06-01
sources = ["https://example.invalid/wessex-2025-27"]
"""


@pytest.fixture
def future_dir(wessex_dir: Path) -> Path:
    (wessex_dir / "cycle-2025-27.toml").write_text(FICTIONAL_CYCLE, encoding="utf-8")
    (wessex_dir / "peel-2025-27.toml").write_text(FICTIONAL_RECORDS, encoding="utf-8")
    return wessex_dir


def test_a_fictional_cycle_loads(future_dir: Path) -> None:
    ds = load([future_dir])
    cycle = ds.catalog["2025-27"]
    assert [c.id for c in ds.catalog][-2:] == ["2023-25", "2025-27"]
    assert (cycle.label, cycle.year, cycle.end, cycle.group) == ("2025–27", 2025, 2027, "fictional-2025-27")
    assert cycle.scale[2] is Grade.ADEQUATE and cycle.dimension == "area"
    assert [(a.id, a.short, a.order, a.graded) for a in cycle.areas] == [
        ("answering_letters", "AL", 1, "yes"),
        ("tidy_stations", "TS", 2, "sometimes"),
        ("investigating_crime", "IC", 3, "yes"),
    ]
    records = ds.select(cycles={"2025-27"})
    assert [(r.force.id, r.area.id, r.grade) for r in records] == [
        ("wessex", "answering_letters", Grade.ADEQUATE),
        ("wessex", "tidy_stations", Grade.NOT_GRADED),
        ("mercia", "investigating_crime", Grade.UNKNOWN),
    ]
    assert records[0].notes == ("Fictional note kept with the record.",)
    assert records[0].published is not None and records[0].published.isoformat() == "2026-06-01"
    assert records[2].published is None
    report = ds.report("wessex", "2025-27")
    assert report is not None and report.causes_of_concern == 1
    assert list(ds.catalog)[-1] is cycle
    # the bundled cycles are untouched
    assert len(ds.select(cycles={"2023-25"})) == 473


@pytest.mark.parametrize("spelling", ["2025", "2025-27", "2025/27", "2025–27", "2025/2027"])
def test_the_catalogue_parses_the_new_cycle(future_dir: Path, spelling: str) -> None:
    assert load([future_dir]).catalog.parse(spelling).id == "2025-27"


def test_a_year_inside_the_new_cycle_points_at_it(future_dir: Path) -> None:
    with pytest.raises(ValueError, match="2026 falls in 2025–27"):
        load([future_dir]).catalog.parse("2026")


def test_grades_for_the_new_cycle_through_the_cli(hmic: Hmic, future_dir: Path) -> None:
    r = hmic("grades", "--year", "2025", "-d", str(future_dir), "--json")
    assert r.code == 0, r.err
    rows = r.json()
    assert [(row["force"], row["cycle"], row["area"], row["grade"]) for row in rows] == [
        ("wessex", "2025-27", "answering_letters", "adequate"),
        ("wessex", "2025-27", "tidy_stations", "not_graded"),
        ("mercia", "2025-27", "investigating_crime", "unknown"),
    ]
    assert rows[0]["area_name"] == "Answering letters from the public"
    assert rows[0]["year"] == 2025


def test_area_filter_within_the_new_cycle(hmic: Hmic, future_dir: Path) -> None:
    r = hmic("grades", "--year", "2025–27", "--area", "letters", "-d", str(future_dir), "--json")
    assert r.code == 0, r.err
    assert [row["area"] for row in r.json()] == ["answering_letters"]


def test_without_the_cycle_file_the_cycle_does_not_exist(hmic: Hmic, wessex_dir: Path) -> None:
    r = hmic("grades", "--year", "2025", "-d", str(wessex_dir), "--json")
    assert r.code == 2 and "2023–25" in r.err and r.out == ""
    (wessex_dir / "peel-2025-27.toml").write_text(FICTIONAL_RECORDS, encoding="utf-8")
    r = hmic("validate", str(wessex_dir))
    assert r.code == 1 and "no PEEL cycle '2025-27' in the data" in r.out


def test_validate_accepts_the_new_cycle(hmic: Hmic, future_dir: Path) -> None:
    r = hmic("validate", str(future_dir))
    assert r.code == 0, r.out
    assert " 7 cycles," in r.out


def test_a_record_off_the_new_cycle_is_located(future_dir: Path) -> None:
    path = future_dir / "peel-2025-27.toml"
    text = FICTIONAL_RECORDS.replace('area = "answering_letters"', 'area = "effectiveness"')
    path.write_text(text, encoding="utf-8")
    (error,) = validate([future_dir]).errors
    assert error.path == str(path) and error.line == 4
    assert error.detail.startswith("PEEL 2025–27 has no area 'effectiveness' (its areas: answering_letters,")


def test_a_cycle_in_one_directory_serves_records_in_another(
    hmic: Hmic, tmp_path: Path, wessex_dir: Path
) -> None:
    (wessex_dir / "cycle-2025-27.toml").write_text(FICTIONAL_CYCLE, encoding="utf-8")
    records = tmp_path / "records"
    records.mkdir()
    (records / "peel-2025-27.toml").write_text(FICTIONAL_RECORDS, encoding="utf-8")
    r = hmic("grades", "wessex", "--year", "2025", "-d", str(wessex_dir), "-d", str(records), "--json")
    assert r.code == 0, r.err
    assert [row["grade"] for row in r.json()] == ["adequate", "not_graded"]


def test_a_copy_of_a_bundled_cycle_is_allowed_a_changed_one_is_not(tmp_path: Path) -> None:
    bundled = (bundled_dir() / "cycles.toml").read_text(encoding="utf-8")
    (tmp_path / "cycles.toml").write_text(bundled, encoding="utf-8")
    assert validate([tmp_path]).errors == ()
    (tmp_path / "cycles.toml").write_text(
        bundled.replace('short = "EFF"', 'short = "EF"', 1), encoding="utf-8"
    )
    (error,) = validate([tmp_path]).errors
    assert error.detail.startswith("cycle '2015' is already defined at ")
    assert (
        error.path == str(tmp_path / "cycles.toml")
        and error.line == bundled.splitlines().index("[[cycle]]") + 1
    )


def test_two_cycles_may_not_start_in_one_year(tmp_path: Path) -> None:
    clash = FICTIONAL_CYCLE.replace('id = "2025-27"', 'id = "2023/24"').replace("year = 2025", "year = 2023")
    clash = clash.replace("end = 2027", "end = 2024")
    (tmp_path / "cycle.toml").write_text(clash, encoding="utf-8")
    (error,) = validate([tmp_path]).errors
    assert error.path == str(tmp_path / "cycle.toml") and error.line == 2
    assert error.detail.startswith("cycle '2023/24' starts in 2023, as cycle '2023-25' does")
    with pytest.raises(DataErrors):
        load([tmp_path])
