"""compare, history, matrix and stats over the national data."""

from __future__ import annotations

import re

import pytest

from hmic_cli.dataset import load
from hmic_cli.model import Pillar
from hmic_cli.query import Filters, matrix
from hmic_cli.render import write
from hmic_cli.views import matrix as matrix_view


def test_stats_done_when(hmic) -> None:
    rows = hmic("stats", "--year", "2016", "--pillar", "effectiveness", "--json").json()
    assert {r["grade"]: r["forces"] for r in rows} == {
        "outstanding": 1,
        "good": 28,
        "requires_improvement": 13,
        "inadequate": 1,
    }
    assert all(r["total"] == 43 for r in rows)


def test_stats_table_has_bars(hmic) -> None:
    r = hmic(
        "stats", "--year", "2016", "--pillar", "effectiveness", "--format", "table", env={"COLUMNS": "80"}
    )
    assert "█" in r.out and "28" in r.out


def test_history_bedfordshire_done_when(hmic) -> None:
    rows = hmic("history", "bedfordshire", "--pillar", "effectiveness", "--json").json()
    assert [(r["cycle"], r["grade"], r["change"]) for r in rows] == [
        ("2015", "requires_improvement", "first"),
        ("2016", "inadequate", "declined"),
        ("2017", "requires_improvement", "improved"),
        ("2018/19", "good", "improved"),
    ]
    assert rows[1]["previous_grade"] == "requires_improvement"
    assert rows[3]["published"] == "2020-02-07"


def test_history_unknown_is_not_comparable(hmic) -> None:
    rows = hmic("history", "derbyshire", "--pillar", "effectiveness", "--json").json()
    by_cycle = {r["cycle"]: r for r in rows}
    assert by_cycle["2017"]["grade"] == "unknown"
    assert by_cycle["2017"]["change"] == "not_comparable"
    assert by_cycle["2018/19"]["change"] == "not_comparable"


def test_compare_one_force_national_position(hmic) -> None:
    rows = hmic("compare", "durham", "--year", "2016", "--json").json()
    eff = next(r for r in rows if r["pillar"] == "effectiveness")
    assert eff["position"] == "outstanding: 1 of 43 forces (the only one)"
    assert eff["same_grade"] == 1 and eff["forces_assessed"] == 43
    r = hmic("compare", "northumbria", "--year", "2016", "--pillar", "effectiveness", "--json").json()
    assert r[0]["position"] == "good: 28 of 43 forces"


def test_compare_several_forces_side_by_side(hmic) -> None:
    rows = hmic("compare", "durham", "bedfordshire", "--year", "2016", "--json").json()
    assert [(r["force"], r["pillar"]) for r in rows][:2] == [
        ("durham", "effectiveness"),
        ("bedfordshire", "effectiveness"),
    ]
    table = hmic("compare", "durham", "bedfordshire", "--year", "2016", "--format", "table").out
    line = next(x for x in table.splitlines() if "effectiveness" in x)
    assert "outstanding" in line and "inadequate" in line


@pytest.mark.parametrize("spelling", ["2018", "2018/19", "2018-19"])
def test_year_spellings(hmic, spelling: str) -> None:
    rows = hmic("grades", "durham", "--year", spelling, "--json").json()
    assert len(rows) == 3 and all(r["year"] == 2018 and r["cycle"] == "2018/19" for r in rows)


def test_grades_all_forces_filtered_by_grade(hmic) -> None:
    rows = hmic(
        "grades", "--year", "2016", "--pillar", "effectiveness", "--grade", "requires_improvement", "--json"
    ).json()
    assert len(rows) == 13 and {r["grade"] for r in rows} == {"requires_improvement"}


def test_matrix_rows_and_columns() -> None:
    ds = load(use_cache=False)
    m = matrix(ds, 2016, None)
    assert [k for k, _ in m.columns] == ["effectiveness", "efficiency", "legitimacy"]
    assert len(m.rows) == 43
    m = matrix(ds, None, Pillar.EFFECTIVENESS)
    assert [k for k, _ in m.columns] == ["2015", "2016", "2017", "2018/19"]


def _visible(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


@pytest.mark.parametrize("no_color", [False, True])
def test_matrix_fits_80_columns(monkeypatch: pytest.MonkeyPatch, no_color: bool) -> None:
    import io

    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    out = io.StringIO()
    listing = matrix_view(load(use_cache=False), Filters(year=2016))
    write(listing, "table", out)
    lines = _visible(out.getvalue()).splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any("Durham Constabulary" in line and " O " in line for line in lines)
    assert any(line.strip().startswith("good (G)") for line in lines)
    assert any(line.startswith("Legend:") for line in lines)


def test_matrix_json_is_flat(hmic) -> None:
    rows = hmic("matrix", "--pillar", "effectiveness", "--json").json()
    durham = next(r for r in rows if r["force"] == "durham")
    assert durham == {
        "force": "durham",
        "force_name": "Durham Constabulary",
        "2015": "outstanding",
        "2016": "outstanding",
        "2017": "outstanding",
        "2018/19": "outstanding",
    }


def test_show_carries_published_and_national_picture(hmic) -> None:
    out = hmic("show", "durham", "--year", "2016", "--pillar", "effectiveness").out
    assert "Nationally: outstanding: 1 of 43 forces (the only one)" in out
    assert "Published: 2017-03-02" in out


@pytest.mark.parametrize("command", ["compare durham", "history durham", "matrix", "stats"])
@pytest.mark.parametrize("fmt", ["json", "ndjson", "csv", "tsv", "table", "markdown"])
def test_new_commands_every_format(hmic, command: str, fmt: str) -> None:
    r = hmic(*command.split(), "--format", fmt)
    assert r.code == 0, r.err
    assert r.out.strip()


@pytest.mark.parametrize(
    "command",
    [
        "forces",
        "grades",
        "grades durham -q",
        "highlights durham",
        "improvements",
        "improvements -y 2016 -p effectiveness",
        "compare durham bedfordshire metropolitan",
        "compare durham",
        "history durham",
        "matrix",
        "matrix -p effectiveness",
        "stats",
        "search digital",
    ],
)
def test_tables_fit_80_columns(hmic, command: str) -> None:
    r = hmic(*command.split(), "--format", "table", env={"COLUMNS": "80"})
    assert r.code == 0 and r.out
    assert max(len(line) for line in r.out.splitlines()) <= 80
