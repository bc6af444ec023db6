"""compare, history, matrix and stats over the national data, checked against the fact files.

Counts are worked out here from ``tests/facts`` and compared with what the
commands say: only known grades are counted, and how many are unknown is said.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import Hmic
from typer.testing import CliRunner

from hmic_cli.cli import app
from hmic_cli.env import Env

FACTS = Path(__file__).parent / "facts"
JUDGEMENTS = ("outstanding", "good", "adequate", "requires_improvement", "inadequate")
LETTERS = {"O", "G", "A", "RI", "I", "NG"}
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def read_tsv(name: str) -> list[dict[str, str]]:
    with open(FACTS / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


CURRENT = [r for r in read_tsv("peel-2021-2025-grades.tsv") if r["area"] != "causes_of_concern"]
PILLARS = read_tsv("peel-grades.tsv")


def counts(cycle: str, area: str) -> Counter[str]:
    return Counter(r["grade"] for r in CURRENT if r["cycle"] == cycle and r["area"] == area)


def terminal(*args: str, width: int = 80, colour: bool = False) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = Env(stdout=out, stderr=err, stdout_tty=True, colour=colour, width=width)
    result = CliRunner().invoke(app, list(args), obj=env)
    return result.exit_code, out.getvalue(), err.getvalue() + result.stderr


def visible(text: str) -> str:
    return ANSI.sub("", text)


# --- stats ---------------------------------------------------------------------------------------


def test_stats_of_a_pillar_year(hmic: Hmic) -> None:
    rows = hmic("stats", "--year", "2016", "--pillar", "effectiveness", "--json").json()
    assert {r["grade"]: r["forces"] for r in rows} == {
        "outstanding": 1,
        "good": 28,
        "requires_improvement": 13,
        "inadequate": 1,
    }
    assert all(r["total"] == 43 and r["known"] == 43 and r["cycle"] == "2016" for r in rows)
    assert {r["grade"]: r["percent"] for r in rows}["good"] == round(100 * 28 / 43, 1)


@pytest.mark.parametrize(
    ("cycle", "area"),
    [
        ("2021/22", "investigating_crime"),
        ("2021/22", "victim_service"),
        ("2021/22", "strategic_policing_requirement"),
        ("2023-25", "responding_to_the_public"),
        ("2023-25", "crime_data_integrity"),
    ],
)
def test_stats_count_only_known_grades(hmic: Hmic, cycle: str, area: str) -> None:
    facts = counts(cycle, area)
    known = sum(facts[g] for g in JUDGEMENTS)
    rows = hmic("stats", "--year", cycle, "--area", area, "--json").json()
    by_grade = {r["grade"]: r for r in rows}
    assert {g: r["forces"] for g, r in by_grade.items() if r["forces"]} == dict(facts)
    for grade, row in by_grade.items():
        assert row["cycle"] == cycle and row["area"] == area
        assert row["known"] == known and row["total"] == 43
        if grade in JUDGEMENTS:
            assert row["percent"] == (round(100 * facts[grade] / known, 1) if known else None)
        else:
            assert row["percent"] is None  # unknown and not graded are counted apart
    assert by_grade["unknown"]["forces"] == facts["unknown"] > 0


def test_stats_table_says_how_many_are_unknown() -> None:
    code, out, _ = terminal("stats", "--year", "2021", "--area", "invest", width=80)
    assert code == 0
    facts = counts("2021/22", "investigating_crime")
    line = next(x for x in out.splitlines() if x.startswith("not held"))
    assert line.split()[2] == str(facts["unknown"])
    assert "% is of the forces with a known grade" in " ".join(out.split())
    assert "█" in out


def test_stats_bars_shrink_with_the_terminal() -> None:
    def bar(width: int) -> int:
        code, out, _ = terminal("stats", "--year", "2016", "--pillar", "effectiveness", width=width)
        assert code == 0
        assert max(len(x) for x in out.splitlines()) <= width
        good = next(x for x in out.splitlines() if x.lstrip().startswith("good "))
        return good.count("█")

    assert bar(100) > bar(48) > bar(40) >= 1


# --- compare ---------------------------------------------------------------------------------------


def test_compare_one_force_in_a_pillar_year(hmic: Hmic) -> None:
    rows = hmic("compare", "durham", "--year", "2016", "--json").json()
    eff = next(r for r in rows if r["area"] == "effectiveness")
    assert eff["position"] == "outstanding: 1 of 43 forces (the only one)"
    assert (eff["same_grade"], eff["forces_known"], eff["forces_unknown"], eff["forces_assessed"]) == (
        1,
        43,
        0,
        43,
    )
    (row,) = hmic("compare", "northumbria", "--year", "2016", "--pillar", "effectiveness", "--json").json()
    assert row["position"] == "good: 28 of 43 forces"


@pytest.mark.parametrize("force", ["kent", "bedfordshire", "west-yorkshire", "cleveland"])
def test_compare_counts_only_known_grades(hmic: Hmic, force: str) -> None:
    rows = hmic("compare", force, "--year", "2021", "--json").json()
    assert rows
    for row in rows:
        facts = counts("2021/22", row["area"])
        known = sum(facts[g] for g in JUDGEMENTS)
        assert row["forces_known"] == known
        assert row["forces_unknown"] == facts["unknown"]
        assert row["forces_assessed"] == 43
        words = row["position"]
        if row["grade"] == "unknown":
            others = facts["unknown"] - 1
            assert words == f"grade not held in the hmic dataset (as for {others} of the other 42 forces)"
            continue
        assert row["same_grade"] == facts[row["grade"]]
        if row["grade"] in JUDGEMENTS:
            assert words.startswith(f"{row['grade'].replace('_', ' ')}: {facts[row['grade']]} of {known} ")
        if facts["unknown"]:
            assert words.endswith(f"; {facts['unknown']} unknown")
            assert "(the only one)" not in words  # an unknown grade might be the same


def test_compare_example_from_the_issue(hmic: Hmic) -> None:
    """'good: 12 of 31 forces with a known grade; 12 unknown' is the shape of the words."""
    (row,) = hmic("compare", "kent", "--year", "2021", "--area", "invest", "--json").json()
    facts = counts("2021/22", "investigating_crime")
    known = sum(facts[g] for g in JUDGEMENTS)
    assert row["position"] == (
        f"requires improvement: {facts['requires_improvement']} of {known} forces with a known grade; "
        f"{facts['unknown']} unknown"
    )


def test_compare_several_forces_side_by_side(hmic: Hmic) -> None:
    rows = hmic("compare", "durham", "bedfordshire", "--year", "2016", "--json").json()
    assert [(r["force"], r["area"]) for r in rows][:2] == [
        ("durham", "effectiveness"),
        ("bedfordshire", "effectiveness"),
    ]
    code, out, _ = terminal("compare", "durham", "bedfordshire", "--year", "2016", width=100)
    assert code == 0
    line = next(x for x in out.splitlines() if "Effectiveness" in x)
    assert "outstanding" in line and "inadequate" in line


def test_compare_many_forces_uses_short_labels_with_a_legend() -> None:
    code, out, _ = terminal("compare", "durham", "kent", "cleveland", "--year", "2021", width=80)
    assert code == 0
    text = " ".join(out.split())
    assert "Legend:" in text and "? not held in the hmic dataset" in text
    assert max(len(x) for x in out.splitlines()) <= 80


# --- history ---------------------------------------------------------------------------------------


def test_history_bedfordshire_done_when(hmic: Hmic) -> None:
    rows = hmic("history", "bedfordshire", "--json").json()
    cycles = list(dict.fromkeys(r["cycle"] for r in rows))
    assert cycles == ["2015", "2016", "2017", "2018/19", "2021/22", "2023-25"]
    eff = [(r["cycle"], r["grade"], r["change"]) for r in rows if r["area"] == "effectiveness"]
    assert eff == [
        ("2015", "requires_improvement", "first"),
        ("2016", "inadequate", "declined"),
        ("2017", "requires_improvement", "improved"),
        ("2018/19", "good", "improved"),
    ]
    # Both changes of comparability group: never a direction, always not comparable.
    for cycle in ("2021/22", "2023-25"):
        changes = {r["change"] for r in rows if r["cycle"] == cycle}
        assert changes == {"not_comparable"}, cycle
    responding = next(r for r in rows if r["cycle"] == "2023-25" and r["area"] == "responding_to_the_public")
    assert responding["previous_cycle"] == "2021/22"
    assert responding["previous_grade"] == "requires_improvement" and responding["grade"] == "adequate"
    eff_2018 = next(r for r in rows if r["cycle"] == "2018/19" and r["area"] == "effectiveness")
    assert eff_2018["published"] == "2020-02-07"


def test_history_table_says_why_in_a_line() -> None:
    code, out, _ = terminal("history", "bedfordshire", width=200)
    assert code == 0
    lines = out.splitlines()
    assert sum("not comparable" in x for x in lines) > 20
    (why,) = [x for x in lines if x.startswith("not comparable:")]
    assert "cannot be directly compared" in why and "2021/22" in why and "2023–25" in why
    code, out, _ = terminal("history", "bedfordshire", width=80)
    assert "not comparable: HMICFRS states that grades cannot be directly compared" in " ".join(out.split())


def test_history_states_no_direction_from_an_unknown_grade(hmic: Hmic) -> None:
    rows = hmic("history", "derbyshire", "--pillar", "effectiveness", "--json").json()
    by_cycle = {r["cycle"]: r for r in rows}
    assert by_cycle["2017"]["grade"] == "unknown" and by_cycle["2017"]["change"] == "unknown"
    assert by_cycle["2018/19"]["previous_grade"] == "unknown" and by_cycle["2018/19"]["change"] == "unknown"
    code, out, _ = terminal("history", "derbyshire", "--pillar", "effectiveness", width=120)
    assert code == 0
    assert "one of the two grades is not graded or not held" in out


# --- matrix ----------------------------------------------------------------------------------------


def test_matrix_rows_and_columns(hmic: Hmic) -> None:
    rows = hmic("matrix", "--year", "2016", "--json").json()
    assert len(rows) == 43
    assert list(rows[0]) == ["force", "force_name", "cycle", "effectiveness", "efficiency", "legitimacy"]
    facts = {(f["force"], f["pillar"]): f["grade"] for f in PILLARS if f["year"] == "2016"}
    for row in rows:
        for pillar in ("effectiveness", "efficiency", "legitimacy"):
            assert row[pillar] == facts[(row["force"], pillar)]
    rows = hmic("matrix", "--pillar", "effectiveness", "--json").json()
    assert list(rows[0]) == ["force", "force_name", "area", "2015", "2016", "2017", "2018/19"]


def test_matrix_defaults_to_the_latest_cycle(hmic: Hmic) -> None:
    rows = hmic("matrix", "--json").json()
    assert {r["cycle"] for r in rows} == {"2023-25"}


def _matrix_rows(out: str) -> dict[str, list[str]]:
    """Force name -> its cells, from a matrix table (visible text)."""
    lines = visible(out).splitlines()
    header = next(x for x in lines if x.startswith("Force "))
    shorts = header.split()[1:]
    rows = {}
    for line in lines[lines.index(header) + 2 :]:
        if not line.strip():
            break
        cells = line.split()
        rows[" ".join(cells[: -len(shorts)])] = cells[-len(shorts) :]
    return rows


@pytest.mark.parametrize("colour", [False, True], ids=["no-colour", "colour"])
def test_matrix_2021_fits_80_columns_and_unknown_stands_out(colour: bool) -> None:
    code, out, _ = terminal("matrix", "--year", "2021/22", width=80, colour=colour)
    assert code == 0
    assert ("\x1b[" in out) is colour
    lines = visible(out).splitlines()
    assert max(len(x) for x in lines) <= 80
    rows = _matrix_rows(out)
    assert len(rows) == 43
    kent = rows["Kent"]
    facts = [f["grade"] for f in CURRENT if f["force"] == "kent" and f["cycle"] == "2021/22"]
    short = {
        "outstanding": "O",
        "good": "G",
        "adequate": "A",
        "requires_improvement": "RI",
        "inadequate": "I",
        "not_graded": "NG",
        "unknown": "?",
    }
    assert kent == [short[g] for g in facts]
    # Without colour, unknown is "?" and every grade is letters; the legend says what "?" is.
    cells = {c for cs in rows.values() for c in cs}
    assert cells <= LETTERS | {"?"} and "?" in cells
    text = " ".join(visible(out).split())
    assert "? not held in the hmic dataset" in text and "RI requires improvement" in text


def test_matrix_unknown_is_styled_apart_from_every_grade() -> None:
    code, out, _ = terminal("matrix", "--year", "2021/22", width=80, colour=True)
    assert code == 0
    styles: dict[str, set[str]] = {}
    for style, text in re.findall(r"\x1b\[([0-9;]*)m([^\x1b]*)\x1b\[0m", out):
        if text.strip() in LETTERS | {"?"}:
            styles.setdefault(text.strip(), set()).add(style)
    assert styles["?"], "unknown cells should be styled"
    for grade in ("O", "G", "A", "RI", "I"):
        assert styles[grade].isdisjoint(styles["?"]), grade


def test_matrix_totals_count_every_force() -> None:
    code, out, _ = terminal("matrix", "--year", "2021/22", width=80)
    assert code == 0
    lines = out.splitlines()
    facts = counts("2021/22", "investigating_crime")
    header = next(x for x in lines if x.startswith("Force "))
    column = header.split().index("IC") - 1
    totals = {
        "requires improvement": facts["requires_improvement"],
        "not held in the hmic dataset": facts["unknown"],
        "adequate": facts["adequate"],
    }
    for label, n in totals.items():
        line = next(x for x in lines if label in x and x.split()[-1].isdigit())
        assert line.split()[-13:][column] == str(n), label
