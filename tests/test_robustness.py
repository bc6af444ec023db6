"""Property-based: the importer, the loader and the command line never end in a traceback.

Whatever the input (report text, TOML, or a command line assembled from real
and broken pieces), the result is output, or an error of one line with the
documented exit code.
"""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hmic_cli import importer
from hmic_cli.cli import app
from hmic_cli.dataset import load
from hmic_cli.env import Env
from hmic_cli.errors import HmicError
from hmic_cli.schema import (
    AREA_KEYS,
    CYCLE_KEYS,
    DOCUMENT_KEYS,
    FORCE_KEYS,
    INSPECTION_KEYS,
    QUESTION_KEYS,
    REPORT_KEYS,
    parse_file,
)

DATASET = load()

# --- the importer -------------------------------------------------------------------------------------

report_words = st.sampled_from(
    [
        "How effective is the force at preventing crime? Good",
        "How effective are the force's specialist capabilities? (not graded)",
        "The assessment highlights:",
        "The assessment identifies one area for improvement:",
        "• bullet",
        "- dash",
        "The overall assessment for Durham in this 2016 effectiveness inspection is 'Outstanding'.",
        "The extent to which the force is effective at keeping people safe and reducing crime is good.",
        "PEEL 2021/22",
        "PEEL 2023–25: Kent Police",
        "Investigating crime",
        "Requires improvement",
        "Adequate",
        "Cause of concern",
        "We found two causes of concern.",
        "Comment on effectiveness inspection",
        "On 31 February, the results were released",
        "Kent 2016",
        "",
        "\r\n",
        "Page 3 of 9",
    ]
)
texts = st.one_of(
    st.text(), st.lists(st.one_of(report_words, st.text(max_size=30)), max_size=30).map("\n".join)
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_importer_never_crashes(text: str) -> None:
    try:
        imported = importer.parse(
            importer.decode(text.encode("utf-8"), "t"), DATASET.forces, DATASET.catalog, importer.Hints()
        )
    except HmicError as exc:
        assert exc.message and "\n" not in exc.message
        return
    for record in imported.inspections:
        assert record["grade"] and record["force"] and record["cycle"]
    for report in imported.reports:
        assert report["force"] and report["cycle"]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_importer_bytes_never_crash(data: bytes) -> None:
    try:
        importer.parse(importer.decode(data, "t"), DATASET.forces, DATASET.catalog, importer.Hints())
    except HmicError as exc:
        assert "\n" not in exc.message


# --- the loader --------------------------------------------------------------------------------------------

# Every key the schema knows (so the generator reaches deep validation), plus one it does not.
keys = st.sampled_from(
    sorted(
        INSPECTION_KEYS
        | QUESTION_KEYS
        | FORCE_KEYS
        | CYCLE_KEYS
        | AREA_KEYS
        | REPORT_KEYS
        | DOCUMENT_KEYS
        | {"x"}
    )
)
values = st.one_of(
    st.integers(-5, 3000).map(str),
    st.text(max_size=10).map(lambda s: '"' + s.replace("\\", "").replace('"', "") + '"'),
    st.sampled_from(
        [
            "true",
            "2017-03-02",
            '"unknown"',
            "[1, 2]",
            '["a"]',
            "{a = 1}",
            '"good"',
            '"adequate"',
            '"effectiveness"',
            '"investigating_crime"',
            '"2021/22"',
            '"2023–25"',
            "1.5",
            "[[",
            "=",
        ]
    ),
)
lines = st.one_of(
    st.tuples(keys, values).map(lambda kv: f"{kv[0]} = {kv[1]}"),
    st.sampled_from(
        [
            "[[inspection]]",
            "[[inspection.question]]",
            "[[inspection.document]]",
            "[[force]]",
            "[[cycle]]",
            "[[cycle.area]]",
            "[[report]]",
            "[inspection]",
            "",
        ]
    ),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(lines, max_size=25).map("\n".join))
def test_loader_never_crashes(text: str) -> None:
    for error in parse_file("f.toml", text.encode()).errors:
        assert error.message.startswith("f.toml")
        assert "\n" not in error.message


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_loader_bytes_never_crash(data: bytes) -> None:
    parse_file("f.toml", data)


# --- the command line ---------------------------------------------------------------------------------------

pieces = st.sampled_from(
    [
        "grades",
        "highlights",
        "improvements",
        "show",
        "compare",
        "history",
        "matrix",
        "stats",
        "search",
        "forces",
        "durham",
        "kent",
        "beds",
        "btp",
        "",
        " ",
        "-",
        "--",
        "--year",
        "2016",
        "2021-22",
        "2023–25",
        "2019",
        "--area",
        "-p",
        "invest",
        "eff",
        "--grade",
        "good",
        "-Q",
        "0",
        "2",
        "x",
        "--format",
        "JSON",
        "csv",
        "table",
        "--json",
        "--csv",
        "--nl",
        "--fields",
        "force,grade",
        "--no-header",
        "--color",
        "always",
        "--quiet",
        "--include-adequate",
        "--questions",
        "--no-pager",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(pieces, st.text(max_size=8)), min_size=1, max_size=7), st.integers(20, 120))
def test_command_line_never_ends_in_a_traceback(args: list[str], width: int) -> None:
    out, err = io.StringIO(), io.StringIO()
    env = Env(stdout=out, stderr=err, stdout_tty=True, colour=True, width=width, pager="cat")
    result = CliRunner().invoke(app, args, obj=env)
    assert result.exit_code in (0, 1, 2), (args, result.exception)
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), (args, repr(result.exception))
    if result.exit_code:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("hmic: error: "), (args, result.stderr)
