"""Terminal output through an ``Env``: colour, narrow widths, whole words and URLs, the pager.

Every run here builds its own ``Env`` (a terminal or not, colour on or off,
a width), so nothing depends on the shell's ``COLUMNS``, ``FORCE_COLOR`` or
``NO_COLOR``.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import Hmic
from typer.testing import CliRunner

from hmic_cli.cli import app
from hmic_cli.env import Env

ANSI = re.compile(r"\x1b\[[0-9;]*m")


class Terminal:
    """One run on a pretend terminal."""

    def __init__(self, args: list[str], **settings: Any) -> None:
        settings = {"stdout_tty": True, "colour": False, "width": 80, **settings}
        out, err = io.StringIO(), io.StringIO()
        result = CliRunner().invoke(app, args, obj=Env(stdout=out, stderr=err, **settings))
        self.code = result.exit_code
        self.out = out.getvalue()
        self.err = err.getvalue() + result.stderr
        self.visible = ANSI.sub("", self.out)


def run(*args: str, **settings: Any) -> Terminal:
    return Terminal(list(args), **settings)


# --- colour -----------------------------------------------------------------------------------------


def test_colour_on_styles_each_grade() -> None:
    t = run("grades", "durham", "--year", "2016", colour=True)
    assert t.code == 0
    assert "\x1b[1;32moutstanding\x1b[0m" in t.out  # bold green
    assert re.search(r"\x1b\[32mgood *\x1b\[0m", t.out)  # green
    assert "\x1b[1m" in t.out  # a bold heading


def test_colour_off_has_no_escape_codes() -> None:
    t = run("grades", "durham", "--year", "2016", colour=False)
    assert t.code == 0 and "outstanding" in t.out
    assert "\x1b" not in t.out


@pytest.mark.parametrize("colour", [False, True], ids=["no-colour", "colour"])
def test_a_column_exactly_as_wide_as_its_label(two_letter_dir: Path, colour: bool) -> None:
    """Two-letter force ids in `compare` with three forces: the cells sit under their labels."""
    t = run(
        "compare",
        "wx",
        "mc",
        "durham",
        "--year",
        "2016",
        "--pillar",
        "effectiveness",
        "-d",
        str(two_letter_dir),
        width=50,
        colour=colour,
    )
    assert t.code == 0, t.err
    lines = t.visible.splitlines()
    assert max(len(x) for x in lines) <= 50
    header = next(x for x in lines if " wx " in x)
    row = next(x for x in lines if x.startswith("2016"))
    assert row.split() == ["2016", "Effectiveness", "RI", "O", "O"]
    wx, mc, durham = (header.index(label) for label in (" wx ", " mc ", " durham"))
    assert row[wx + 1 : wx + 3] == "RI"
    assert row[mc + 1 : mc + 3].strip() == "O"
    assert row[durham + 1 : durham + 7].strip() == "O"
    if colour:
        assert re.search(r"\x1b\[[0-9;]+mRI\x1b\[0m", t.out), t.out


def test_colour_option_overrides_the_environment() -> None:
    args = ("grades", "durham", "--year", "2016")
    assert "\x1b[" not in run(*args, "--color", "never", colour=True).out
    assert "\x1b[" in run(*args, "--color", "always", colour=False).out
    assert "\x1b[" in run(*args, "--color", "auto", colour=True).out
    assert "\x1b[" not in run(*args, "--colour", "auto", colour=False).out
    piped = run(*args, "--format", "table", "--color", "ALWAYS", colour=False, stdout_tty=False)
    assert "\x1b[" in piped.out


@pytest.mark.parametrize(
    ("environ", "option", "coloured"),
    [
        ({"FORCE_COLOR": "1"}, None, True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, None, False),
        ({"NO_COLOR": "1"}, "always", True),
        ({"FORCE_COLOR": "1"}, "never", False),
        ({}, None, False),
        ({}, "always", True),
    ],
)
def test_colour_from_no_color_and_force_color(
    hmic: Hmic, environ: dict[str, str], option: str | None, coloured: bool
) -> None:
    """A pipe (the runner's output) with the process environment deciding, then --color."""
    env = {"COLUMNS": "100", **environ}  # conftest leaves no FORCE_COLOR or NO_COLOR of the shell's
    extra = ["--color", option] if option else []
    r = hmic("grades", "durham", "--year", "2016", "--format", "table", *extra, env=env)
    assert r.code == 0, r.err
    assert ("\x1b[" in r.out) is coloured


def test_search_picks_out_the_words() -> None:
    t = run("search", "Digital", colour=True, width=120)
    assert t.code == 0
    assert re.search(r"\x1b\[[0-9;]*7m(digital|Digital)\x1b\[0m", t.out), t.out


# --- narrow terminals: wrap at spaces, never inside a word -------------------------------------------

GRADE_WORDS = {"unknown": "not held", "not_graded": "not graded"}


def _grade(value: str) -> str:
    return GRADE_WORDS.get(value, value.replace("_", " "))


def _finding(row: dict[str, Any]) -> str:
    """A flag reads "Graded below good" in the table: the grade beside it says the rest."""
    return "Graded below good" if row["kind"] == "graded_below_good" else row["text"]


def _short(name: str) -> str:
    return " ".join(w for w in name.split() if w not in ("Police", "Constabulary", "Service"))


# command -> how each JSON row's shown text is found (what the table must keep whole)
LISTINGS: dict[str, Any] = {
    "forces": lambda r: [r["force"], r["force_name"], r["nation"]],
    "grades --year 2021": lambda r: [r["force_name"], r["area_name"], _grade(r["grade"])],
    "grades durham --questions": lambda r: [r["area_name"], r["question_text"], _grade(r["grade"])],
    "highlights durham": lambda r: [r["area_name"], r["highlight"], _grade(r["grade"])],
    "improvements --year 2021": lambda r: [r["force_name"], r["area_name"] or "Whole report", _finding(r)],
    "improvements durham": lambda r: [r["area_name"] or "Whole report", _finding(r)],
    "compare durham": lambda r: [r["area_name"], r["position"], _grade(r["grade"])],
    "compare durham bedfordshire --year 2016": lambda r: [r["area_name"], _grade(r["grade"])],
    "compare durham kent cleveland --year 2021": lambda r: [r["area_name"]],
    "history bedfordshire": lambda r: [r["area_name"], _grade(r["grade"]), r["change"].replace("_", " ")],
    "matrix --year 2021/22": lambda r: [_short(r["force_name"])],
    "matrix --pillar effectiveness": lambda r: [_short(r["force_name"])],
    "stats --year 2021": lambda r: [r["area_name"], _grade(r["grade"])],
    "search digital": lambda r: [r["force_name"], r["area_name"], r["text"]],
    "search officers": lambda r: [r["force_name"], r["text"]],
}


@pytest.mark.parametrize("width", [40, 60, 80])
@pytest.mark.parametrize("command", list(LISTINGS))
def test_no_word_is_broken_at_any_width(hmic: Hmic, command: str, width: int) -> None:
    rows = hmic(*command.split(), "--json").json()
    assert rows
    t = run(*command.split(), width=width, colour=True)
    assert t.code == 0, t.err
    lines = t.visible.splitlines()
    too_wide = [x for x in lines if len(x) > width]
    assert not too_wide, too_wide[:3]
    shown = set(t.visible.split())
    wanted = {w for r in rows for text in LISTINGS[command](r) for w in str(text).split()}
    broken = sorted(wanted - shown)
    assert not broken, broken[:10]


def test_stats_bars_never_overflow_at_40_columns() -> None:
    t = run("stats", width=40)
    assert t.code == 0 and "█" in t.out
    assert max(len(x) for x in t.out.splitlines()) <= 40


# --- show on a terminal -------------------------------------------------------------------------------


@pytest.mark.parametrize("colour", [False, True], ids=["no-colour", "colour"])
def test_urls_in_show_are_whole_on_their_own_line(hmic: Hmic, colour: bool) -> None:
    args = ("show", "durham", "--year", "2016", "--pillar", "effectiveness")
    (record,) = hmic(*args, "--json").json()
    urls = [s["url"] for s in record["sources"] if s["url"]]
    assert urls and any(len(u) > 40 for u in urls)
    t = run(*args, "--no-pager", width=40, colour=colour)
    assert t.code == 0, t.err
    lines = [x.strip() for x in t.visible.splitlines()]
    for url in urls:
        assert url in lines, url
    # Everything but the addresses wraps inside the terminal.
    assert all(len(x) <= 40 for x in t.visible.splitlines() if x.strip() not in urls)


def test_urls_in_plain_show_are_whole_lines(hmic: Hmic) -> None:
    out = hmic("show", "kent", "--year", "2021", "--area", "invest").out
    assert (
        "  https://www.justiceinspectorates.gov.uk/hmicfrs/news/news-feed/kent-police-needs-to-improve-in-some-areas/"
        in out.splitlines()
    )


def test_show_on_a_terminal_is_styled() -> None:
    t = run("show", "durham", "--year", "2016", "--pillar", "effectiveness", "--no-pager", colour=True)
    assert t.code == 0
    assert "\x1b[1;32moutstanding\x1b[0m" in t.out
    assert "Previous (PEEL 2015): outstanding (same)" in t.visible
    assert "[not graded]" not in t.visible  # the plain text's brackets are for pipes


# --- the pager ---------------------------------------------------------------------------------------


def test_long_show_goes_through_the_pager(pager: Path) -> None:
    t = run("show", "durham", pager=str(pager), height=24)
    assert t.code == 0, t.err
    assert t.out == ""
    paged = Path(f"{pager}.out").read_text(encoding="utf-8")
    assert "Durham Constabulary: PEEL 2016" in ANSI.sub("", paged)
    assert paged.count("\n") > 24
    assert Path(f"{pager}.less").read_text(encoding="utf-8") == "FRX"


def test_less_is_honoured(pager: Path) -> None:
    run("show", "durham", pager=str(pager), less="-R")
    assert Path(f"{pager}.less").read_text(encoding="utf-8") == "-R"


@pytest.mark.parametrize(
    ("extra", "settings"),
    [
        (["--no-pager"], {}),
        ([], {"pager_is": "cat"}),
        ([], {"pager_is": ""}),
        ([], {"height": 100_000}),
        ([], {"stdout_tty": False}),
    ],
    ids=["--no-pager", "PAGER=cat", "PAGER empty", "fits the screen", "not a terminal"],
)
def test_the_pager_is_bypassed(pager: Path, extra: list[str], settings: dict[str, Any]) -> None:
    chosen = settings.pop("pager_is", str(pager))
    t = run("show", "durham", *extra, pager=chosen, **settings)
    assert t.code == 0, t.err
    assert "Durham Constabulary: PEEL 2016" in t.visible
    assert not Path(f"{pager}.out").exists()


def test_listings_are_never_paged(pager: Path) -> None:
    t = run("grades", pager=str(pager), height=10)
    assert t.code == 0 and t.out.count("\n") > 10
    assert not Path(f"{pager}.out").exists()


def test_json_on_a_terminal_is_plain_json() -> None:
    t = run("show", "durham", "--year", "2016", "--pillar", "effectiveness", "--json", colour=True)
    assert t.code == 0 and "\x1b" not in t.out
    assert json.loads(t.out)[0]["force"] == "durham"
