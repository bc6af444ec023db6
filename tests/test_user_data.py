"""User data directories and hmic validate."""

from __future__ import annotations

import os
from pathlib import Path

REPLACEMENT = """
[[inspection]]
force = "durham"
year = 2016
pillar = "efficiency"
grade = "good"
sources = ["https://example.invalid/fictional-replacement"]
"""


def test_user_records_add_to_bundled(hmic, wessex_dir: Path) -> None:
    rows = hmic(
        "grades", "--year", "2016", "--pillar", "effectiveness", "-d", str(wessex_dir), "--json"
    ).json()
    assert {"wessex", "mercia", "durham"} <= {r["force"] for r in rows}
    assert len(rows) == 45


def test_env_path_list(hmic, wessex_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.toml").write_text(REPLACEMENT)
    env = {"HMIC_DATA_DIR": os.pathsep.join([str(wessex_dir), str(other)])}
    r = hmic("grades", "wessex", "--json", env=env)
    assert r.code == 0 and r.json()[0]["grade"] == "requires_improvement"


def test_user_record_replaces_bundled_and_says_so_once(hmic, tmp_path: Path) -> None:
    (tmp_path / "x.toml").write_text(REPLACEMENT)
    r = hmic("grades", "durham", "--year", "2016", "--pillar", "efficiency", "-d", str(tmp_path), "--json")
    assert r.json()[0]["grade"] == "good"
    assert r.err.count("replaces the bundled durham PEEL 2016 efficiency record") == 1
    assert len(r.err.strip().splitlines()) == 1


def test_missing_data_dir_in_env_is_an_error(hmic, tmp_path: Path) -> None:
    r = hmic("grades", env={"HMIC_DATA_DIR": str(tmp_path / "nope")})
    assert r.code == 2 and "does not exist" in r.err


def test_validate_bundled(hmic) -> None:
    r = hmic("validate", "data")
    assert r.code == 0
    assert r.out == "ok: 13 files, 43 forces, 516 inspection records, no problems\n"


def test_validate_lists_every_problem(hmic, tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(
        '[[inspection]]\nforce = "durham"\nyear = 2016\npillar = "speed"\ngrade = "meh"\n'
    )
    (tmp_path / "b.toml").write_text("this is = = not toml\n")
    (tmp_path / "c.toml").write_text(REPLACEMENT + REPLACEMENT.replace("good", "inadequate"))
    (tmp_path / "d.toml").write_text(REPLACEMENT.replace('"durham"', '"nowhere"').replace("2016", "2017"))
    r = hmic("validate", str(tmp_path))
    assert r.code == 1
    lines = r.out.splitlines()
    assert f"{tmp_path / 'a.toml'}:4: unknown pillar 'speed'" in r.out
    assert f"{tmp_path / 'a.toml'}:5: unknown grade 'meh'" in r.out
    assert any(x.startswith(f"{tmp_path / 'a.toml'}:1: every inspection must name its source") for x in lines)
    assert f"{tmp_path / 'b.toml'}:1: invalid TOML" in r.out
    assert f"{tmp_path / 'c.toml'}:9: duplicate record for durham PEEL 2016 efficiency" in r.out
    assert f"{tmp_path / 'd.toml'}:2: unknown force id 'nowhere'" in r.out
    assert all(":" in x for x in lines)


def test_validate_single_file_and_missing_path(hmic, wessex_dir: Path) -> None:
    r = hmic("validate", str(wessex_dir / "forces.toml"))
    assert r.code == 0
    r = hmic("validate", str(wessex_dir / "nope.toml"))
    assert r.code == 2 and "does not exist" in r.err


def test_validate_a_copy_of_the_bundled_data(hmic, tmp_path: Path) -> None:
    import shutil

    from hmic_cli.dataset import bundled_dir

    copy = tmp_path / "data"
    shutil.copytree(bundled_dir(), copy)
    r = hmic("validate", str(copy))
    assert r.code == 0, r.out
    (copy / "forces.toml").write_text(
        (copy / "forces.toml").read_text().replace('name = "Durham Constabulary"', 'name = "Durham Police"')
    )
    r = hmic("validate", str(copy))
    assert r.code == 1 and "force 'durham' is already defined" in r.out


def test_a_later_user_directory_replaces_an_earlier_one(hmic, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "x.toml").write_text(REPLACEMENT.replace("2016", "2020"))
    (second / "x.toml").write_text(REPLACEMENT.replace("2016", "2020").replace('"good"', '"inadequate"'))
    r = hmic("grades", "durham", "-y", "2020", "-d", str(first), "-d", str(second), "--json")
    assert r.json()[0]["grade"] == "inadequate"
    assert "replaces the durham PEEL 2020 efficiency record in" in r.err and "bundled" not in r.err


def test_the_same_directory_twice_counts_once(hmic, tmp_path: Path) -> None:
    (tmp_path / "x.toml").write_text(REPLACEMENT.replace("2016", "2020"))
    r = hmic("grades", "durham", "-y", "2020", "-d", str(tmp_path), "-d", str(tmp_path), "--json")
    assert r.code == 0 and len(r.json()) == 1 and r.err == ""
