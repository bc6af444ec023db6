"""User data directories beside the bundled data, and ``hmic validate``.

The replacement records are fictional (their sources are example.invalid).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import Hmic

from hmic_cli.dataset import bundled_dir, load

REPLACEMENT = """
[[inspection]]
force = "durham"
year = 2016
pillar = "efficiency"
grade = "inadequate"
sources = ["https://example.invalid/fictional-replacement"]
"""

REPLACEMENT_2023 = """
[[inspection]]
force = "kent"
cycle = "2023-25"
area = "investigating_crime"
grade = "outstanding"
sources = ["https://example.invalid/fictional-replacement-2023"]

[[report]]
force = "kent"
cycle = "2023-25"
causes_of_concern = 7
sources = ["https://example.invalid/fictional-replacement-2023"]
"""


def folder(root: Path, name: str, **files: str) -> Path:
    d = root / name
    d.mkdir()
    for file_name, text in files.items():
        (d / f"{file_name}.toml").write_text(text, encoding="utf-8")
    return d


def notices(err: str) -> list[str]:
    return [line for line in err.splitlines() if "--quiet hides this" in line]


def test_user_records_add_to_bundled(hmic: Hmic, wessex_dir: Path) -> None:
    r = hmic("grades", "--year", "2016", "--pillar", "effectiveness", "-d", str(wessex_dir), "--json")
    assert r.code == 0 and r.err == ""
    rows = r.json()
    assert {"wessex", "mercia", "durham"} <= {row["force"] for row in rows}
    assert len(rows) == 45


def test_env_path_list(hmic: Hmic, wessex_dir: Path, tmp_path: Path) -> None:
    other = folder(tmp_path, "other", x=REPLACEMENT)
    env = {"HMIC_DATA_DIR": os.pathsep.join([str(wessex_dir), str(other)])}
    r = hmic("grades", "wessex", "--json", env=env)
    assert r.code == 0 and r.json()[0]["grade"] == "requires_improvement"
    r = hmic("grades", "durham", "-y", "2016", "-a", "efficiency", "--json", env=env)
    assert r.json()[0]["grade"] == "inadequate"


def test_user_record_replaces_bundled_and_says_so_once(hmic: Hmic, tmp_path: Path) -> None:
    d = folder(tmp_path, "mine", x=REPLACEMENT)
    r = hmic("grades", "durham", "--year", "2016", "--pillar", "efficiency", "-d", str(d), "--json")
    assert r.code == 0
    assert [row["grade"] for row in r.json()] == ["inadequate"]
    assert r.err == f"hmic: 1 record in {d} replaces a bundled one (--quiet hides this)\n"


def test_one_notice_per_directory_however_many_records(hmic: Hmic, tmp_path: Path) -> None:
    one = folder(tmp_path, "one", a=REPLACEMENT, b=REPLACEMENT_2023)
    two = folder(tmp_path, "two", c=REPLACEMENT.replace("2016", "2017"))
    r = hmic("grades", "durham", "-d", str(one), "-d", str(two), "--json")
    assert r.code == 0
    assert notices(r.err) == [
        f"hmic: 3 records in {one} replace bundled ones (--quiet hides this)",
        f"hmic: 1 record in {two} replaces a bundled one (--quiet hides this)",
    ]
    assert r.err.count(str(one)) == 1
    grades = {(row["cycle"], row["area"]): row["grade"] for row in r.json()}
    assert grades[("2016", "efficiency")] == grades[("2017", "efficiency")] == "inadequate"


def test_quiet_silences_the_notice(hmic: Hmic, tmp_path: Path) -> None:
    d = folder(tmp_path, "mine", x=REPLACEMENT)
    loud = hmic("grades", "durham", "-d", str(d), "--json")
    quiet = hmic("grades", "durham", "-d", str(d), "--json", "--quiet")
    assert notices(loud.err) and quiet.err == ""
    assert quiet.code == loud.code == 0 and quiet.out == loud.out


@pytest.mark.parametrize("command", [["forces"], ["show", "durham", "-y", "2016"], ["stats", "-y", "2016"]])
def test_other_commands_announce_and_quiet_too(hmic: Hmic, tmp_path: Path, command: list[str]) -> None:
    d = folder(tmp_path, "mine", x=REPLACEMENT)
    loud = hmic(*command, "-d", str(d))
    quiet = hmic(*command, "-d", str(d), "--quiet")
    assert loud.code == quiet.code == 0, loud.err
    assert len(notices(loud.err)) == 1 and notices(quiet.err) == []


def test_a_replaced_report_is_announced_and_used(tmp_path: Path) -> None:
    d = folder(tmp_path, "mine", x=REPLACEMENT_2023)
    ds = load([d])
    report = ds.report("kent", "2023-25")
    assert report is not None and report.causes_of_concern == 7
    (replacement,) = ds.replacements
    assert replacement.describe() == f"2 records in {d} replace bundled ones (--quiet hides this)"


def test_a_later_user_directory_replaces_an_earlier_one(hmic: Hmic, tmp_path: Path) -> None:
    new_record = REPLACEMENT.replace("2016", "2021").replace('"efficiency"', '"investigating_crime"')
    first = folder(tmp_path, "first", x=new_record.replace("inadequate", "good"))
    second = folder(tmp_path, "second", x=new_record)
    r = hmic("grades", "durham", "-y", "2021", "-a", "invest", "-d", str(first), "-d", str(second), "--json")
    assert [row["grade"] for row in r.json()] == ["inadequate"]
    assert notices(r.err) == [
        f"hmic: 1 record in {first} replaces a bundled one (--quiet hides this)",
        f"hmic: 1 record in {second} replaces an earlier one (--quiet hides this)",
    ]


def test_the_same_directory_twice_counts_once(hmic: Hmic, tmp_path: Path) -> None:
    d = folder(tmp_path, "mine", x=REPLACEMENT)
    r = hmic("grades", "durham", "-y", "2016", "-a", "efficiency", "-d", str(d), "-d", str(d), "--json")
    assert r.code == 0 and len(r.json()) == 1
    assert notices(r.err) == [f"hmic: 1 record in {d} replaces a bundled one (--quiet hides this)"]


def test_a_user_record_for_a_new_force(hmic: Hmic, wessex_dir: Path) -> None:
    r = hmic("grades", "wessex", "-d", str(wessex_dir), "--json")
    assert r.code == 0 and r.err == ""
    (row,) = r.json()
    assert (row["force_name"], row["cycle"], row["area"], row["grade"]) == (
        "Wessex Constabulary",
        "2016",
        "effectiveness",
        "requires_improvement",
    )


@pytest.mark.parametrize("how", ["option", "env"])
def test_missing_data_dir_is_a_usage_error(hmic: Hmic, tmp_path: Path, how: str) -> None:
    missing = tmp_path / "nope"
    if how == "env":
        r = hmic("grades", env={"HMIC_DATA_DIR": str(missing)})
    else:
        r = hmic("grades", "-d", str(missing))
    assert r.code == 2 and "does not exist" in r.err and r.out == ""


# -- hmic validate ----------------------------------------------------------------------


def test_validate_bundled_from_any_directory(
    hmic: Hmic, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    expected = "ok: 16 files, 43 forces, 6 cycles, 1548 inspection records, 86 report records, no problems\n"
    r = hmic("validate", str(bundled_dir()))
    assert (r.code, r.out) == (0, expected)
    r = hmic("validate")
    assert (r.code, r.out) == (0, expected)


def test_validate_without_paths_checks_hmic_data_dir(hmic: Hmic, wessex_dir: Path) -> None:
    r = hmic("validate", env={"HMIC_DATA_DIR": str(wessex_dir)})
    assert r.code == 0 and r.out.startswith("ok: 18 files, 45 forces,")
    (wessex_dir / "bad.toml").write_text(REPLACEMENT.replace("inadequate", "adequate"), encoding="utf-8")
    r = hmic("validate", env={"HMIC_DATA_DIR": str(wessex_dir)})
    assert r.code == 1 and r.out.startswith(
        f"{wessex_dir / 'bad.toml'}:6: 'adequate' is not a grade of PEEL 2016"
    )


def test_validate_single_file_and_missing_path(hmic: Hmic, wessex_dir: Path) -> None:
    r = hmic("validate", str(wessex_dir / "forces.toml"))
    assert r.code == 0
    r = hmic("validate", str(wessex_dir / "nope.toml"))
    assert r.code == 2 and "does not exist" in r.err


def test_validate_a_duplicate_inside_one_directory(hmic: Hmic, tmp_path: Path) -> None:
    d = folder(tmp_path, "mine", c=REPLACEMENT + REPLACEMENT.replace("inadequate", "good"))
    r = hmic("validate", str(d))
    assert r.code == 1
    assert r.out.splitlines() == [
        f"{d / 'c.toml'}:9: duplicate record for durham PEEL 2016 efficiency (first at {d / 'c.toml'}:2)"
    ]


def test_validate_a_copy_of_the_bundled_data(hmic: Hmic, tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(bundled_dir(), copy)
    r = hmic("validate", str(copy))
    assert r.code == 0, r.out
    (copy / "forces.toml").write_text(
        (copy / "forces.toml")
        .read_text(encoding="utf-8")
        .replace('name = "Durham Constabulary"', 'name = "Durham Police"'),
        encoding="utf-8",
    )
    r = hmic("validate", str(copy))
    assert r.code == 1 and "force 'durham' is already defined" in r.out
