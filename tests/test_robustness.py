"""Property-based: the importer and the loader never raise uncaught exceptions."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hmic_cli import importer
from hmic_cli.dataset import load
from hmic_cli.errors import HmicError
from hmic_cli.schema import FORCE_KEYS, INSPECTION_KEYS, QUESTION_KEYS, parse_file

FORCES = load(use_cache=False).forces

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
        "Comment on effectiveness inspection",
        "HMIC's assessment concludes:",
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
        records = importer.parse(importer.decode(text.encode("utf-8"), "t"), FORCES, importer.Hints())
    except HmicError as exc:
        assert "\n" not in exc.message and exc.message
        return
    for r in records:
        assert r["grade"] and r["force"] and r["year"]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_importer_bytes_never_crash(data: bytes) -> None:
    try:
        importer.parse(importer.decode(data, "t"), FORCES, importer.Hints())
    except HmicError as exc:
        assert "\n" not in exc.message


# Every key the schema knows (so the generator reaches deep validation), plus one it does not.
keys = st.sampled_from(sorted(INSPECTION_KEYS | QUESTION_KEYS | FORCE_KEYS | {"x"}))
values = st.one_of(
    st.integers(-5, 3000).map(str),
    st.text(max_size=10).map(lambda s: '"' + s.replace("\\", "").replace('"', "") + '"'),
    st.sampled_from(
        ["true", "2017-03-02", "[1, 2]", '["a"]', "{a = 1}", '"good"', '"effectiveness"', "1.5", "[[", "="]
    ),
)
lines = st.one_of(
    st.tuples(keys, values).map(lambda kv: f"{kv[0]} = {kv[1]}"),
    st.sampled_from(
        [
            "[[inspection]]",
            "[[inspection.question]]",
            "[[force]]",
            "[inspection]",
            "[[inspection.document]]",
            "",
        ]
    ),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(lines, max_size=25).map("\n".join))
def test_loader_never_crashes(text: str) -> None:
    _forces, _records, errors = parse_file("f.toml", text.encode())
    for e in errors:
        assert e.message.startswith("f.toml")
        assert "\n" not in e.message


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_loader_bytes_never_crash(data: bytes) -> None:
    parse_file("f.toml", data)
