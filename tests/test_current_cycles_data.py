"""The bundled PEEL 2021/22 and 2023–25 data and the cycle catalogue agree with the fact files.

The TOML files are read with tomllib directly rather than through the loader, so a slip in the data
is caught here even while the loader is changing; every expectation is derived from the copies of the
fact files in tests/facts/, with a few totals also written out so that a truncated copy cannot pass.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 has the same parser as a package
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
FACTS = HERE / "facts"
DATA = HERE.parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "sources"
GRADES_FILE = "peel-2021-2025-grades.tsv"
AREAS_FILE = "peel-areas.tsv"
CYCLE_FILES = {"2021/22": "peel-2021-22.toml", "2023-25": "peel-2023-25.toml"}
FIVE_TIER = ["outstanding", "good", "adequate", "requires_improvement", "inadequate"]
FOUR_TIER = ["outstanding", "good", "requires_improvement", "inadequate"]
REPORT_ROW = "causes_of_concern"

Key = tuple[str, str, str]


def read_tsv(name: str) -> list[dict[str, str]]:
    with open(FACTS / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def read_toml(name: str) -> dict[str, Any]:
    with open(DATA / name, "rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="module")
def facts() -> list[dict[str, str]]:
    return read_tsv(GRADES_FILE)


@pytest.fixture(scope="module")
def area_facts() -> list[dict[str, str]]:
    return read_tsv(AREAS_FILE)


@pytest.fixture(scope="module")
def cycles() -> list[dict[str, Any]]:
    return list(read_toml("cycles.toml")["cycle"])


@pytest.fixture(scope="module")
def records() -> list[tuple[Key, dict[str, Any]]]:
    """Every inspection and report of both files, keyed like a fact row (reports under causes_of_concern)."""
    out: list[tuple[Key, dict[str, Any]]] = []
    for cycle, name in CYCLE_FILES.items():
        doc = read_toml(name)
        assert set(doc) == {"inspection", "report"}, name
        for rec in doc["inspection"]:
            assert rec["cycle"] == cycle, rec
            out.append(((rec["force"], cycle, rec["area"]), rec))
        for rec in doc["report"]:
            assert rec["cycle"] == cycle, rec
            out.append(((rec["force"], cycle, REPORT_ROW), rec))
    return out


@pytest.fixture(scope="module")
def by_key(records: list[tuple[Key, dict[str, Any]]]) -> dict[Key, dict[str, Any]]:
    return dict(records)


def key_of(row: dict[str, str]) -> Key:
    return (row["force"], row["cycle"], row["area"])


def fact_value(row: dict[str, str]) -> str | int:
    """The grade of an area row, or the count of a causes-of-concern row as the data should hold it."""
    if row["area"] == REPORT_ROW and row["grade"] != "unknown":
        return int(row["grade"])
    return row["grade"]


def record_value(rec: dict[str, Any]) -> Any:
    return rec["causes_of_concern"] if "area" not in rec else rec["grade"]


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"the shared fact files are not at {SHARED}")
@pytest.mark.parametrize("name", [GRADES_FILE, AREAS_FILE])
def test_fact_copies_are_current(name: str) -> None:
    assert (FACTS / name).read_bytes() == (SHARED / name).read_bytes()


def test_fact_file_is_complete(facts: list[dict[str, str]], area_facts: list[dict[str, str]]) -> None:
    assert len(facts) == 1118
    assert len(area_facts) == 24
    per_cycle = Counter(r["cycle"] for r in area_facts)
    assert Counter(r["cycle"] for r in facts) == {c: 43 * (n + 1) for c, n in per_cycle.items()}


def test_one_record_per_fact_row_and_nothing_else(
    facts: list[dict[str, str]], records: list[tuple[Key, dict[str, Any]]]
) -> None:
    counts = Counter(key for key, _ in records)
    assert [k for k, n in counts.items() if n > 1] == []
    assert set(counts) == {key_of(r) for r in facts}
    assert len(records) == len(facts)


def test_grades_and_counts_match(facts: list[dict[str, str]], by_key: dict[Key, dict[str, Any]]) -> None:
    for row in facts:
        rec = by_key[key_of(row)]
        value = record_value(rec)
        assert value == fact_value(row), row
        assert type(value) is type(fact_value(row)), row


def test_publication_days_match(facts: list[dict[str, str]], by_key: dict[Key, dict[str, Any]]) -> None:
    for row in facts:
        published = by_key[key_of(row)]["published"]
        if row["published"]:
            assert type(published) is date and published == date.fromisoformat(row["published"]), row
        else:
            assert published == "unknown", row


def test_source_urls_match(facts: list[dict[str, str]], by_key: dict[Key, dict[str, Any]]) -> None:
    for row in facts:
        assert by_key[key_of(row)].get("sources", []) == row["sources"].split(), row


def test_notes_are_kept_word_for_word(facts: list[dict[str, str]], by_key: dict[Key, dict[str, Any]]) -> None:
    noted = 0
    for row in facts:
        rec = by_key[key_of(row)]
        if row["note"]:
            noted += 1
            assert rec["notes"] == [row["note"]], row
        else:
            assert "notes" not in rec, row
    assert noted == sum(1 for r in facts if r["note"]) > 0


@pytest.mark.parametrize(
    ("cycle", "graded", "not_graded", "unknown"),
    [("2021/22", 244, 47, 268), ("2023-25", 209, 37, 227)],
)
def test_area_row_tallies(
    facts: list[dict[str, str]],
    records: list[tuple[Key, dict[str, Any]]],
    cycle: str,
    graded: int,
    not_graded: int,
    unknown: int,
) -> None:
    def tally(grades: list[str]) -> tuple[int, int, int]:
        return (
            sum(g in FIVE_TIER for g in grades),
            grades.count("not_graded"),
            grades.count("unknown"),
        )

    from_facts = tally([r["grade"] for r in facts if r["cycle"] == cycle and r["area"] != REPORT_ROW])
    from_data = tally([rec["grade"] for (_, c, _), rec in records if c == cycle and "area" in rec])
    assert from_facts == from_data == (graded, not_graded, unknown)


def test_every_record_names_a_source(records: list[tuple[Key, dict[str, Any]]]) -> None:
    for key, rec in records:
        urls = rec.get("sources", [])
        docs = rec.get("document", [])
        assert urls or docs, key
        assert all(isinstance(u, str) and u.startswith(("http://", "https://")) for u in urls), key
        assert all(d.get("title") or d.get("url") for d in docs), key


def test_unsourced_rows_carry_the_fact_file_document(
    facts: list[dict[str, str]], by_key: dict[Key, dict[str, Any]]
) -> None:
    unsourced = [r for r in facts if not r["sources"]]
    assert unsourced, "the fact file has rows without a source"
    for row in unsourced:
        rec = by_key[key_of(row)]
        assert row["grade"] == "unknown" and record_value(rec) == "unknown", row
        titles = [d.get("title", "") for d in rec.get("document", [])]
        assert any(GRADES_FILE in t and "unknown" in t for t in titles), row
    documented = [k for k, rec in by_key.items() if "document" in rec]
    assert sorted(documented) == sorted(key_of(r) for r in unsourced)


def test_records_follow_force_then_report_order(
    area_facts: list[dict[str, str]], records: list[tuple[Key, dict[str, Any]]]
) -> None:
    order = {(r["cycle"], r["area"]): int(r["order"]) for r in area_facts}
    for cycle in CYCLE_FILES:
        inspections = [k for k, rec in records if k[1] == cycle and "area" in rec]
        assert inspections == sorted(inspections, key=lambda k: (k[0], order[(cycle, k[2])]))
        reports = [k[0] for k, rec in records if k[1] == cycle and "area" not in rec]
        assert reports == sorted(reports)


def test_records_use_their_cycle_areas_and_scale(
    cycles: list[dict[str, Any]], records: list[tuple[Key, dict[str, Any]]]
) -> None:
    catalogue = {c["id"]: c for c in cycles}
    for (_, cycle, area), rec in records:
        assert rec.get("programme", "PEEL") == "PEEL"
        if "area" in rec:
            assert area in {a["id"] for a in catalogue[cycle]["area"]}
            assert rec["grade"] in [*catalogue[cycle]["scale"], "not_graded", "unknown"]
            assert "causes_of_concern" not in rec
        else:
            assert "grade" not in rec


@pytest.mark.parametrize("name", [*CYCLE_FILES.values(), "cycles.toml"])
def test_files_open_with_a_header_naming_their_fact_file(name: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    header = text[: text.index("\n[[")]
    assert all(line.startswith("#") for line in header.strip().splitlines())
    assert (AREAS_FILE if name == "cycles.toml" else GRADES_FILE) in header


def test_cycle_catalogue_ids_labels_and_spans(cycles: list[dict[str, Any]]) -> None:
    expected = [
        ("2015", "2015", 2015, None),
        ("2016", "2016", 2016, None),
        ("2017", "2017", 2017, None),
        ("2018/19", "2018/19", 2018, 2019),
        ("2021/22", "2021/22", 2021, 2022),
        ("2023-25", "2023\N{EN DASH}25", 2023, 2025),
    ]
    assert [(c["id"], c["label"], c["year"], c.get("end")) for c in cycles] == expected
    assert all(c["id"].isascii() and c["programme"] == "PEEL" and c["source"] for c in cycles)


def test_cycle_scales_groups_and_dimensions(cycles: list[dict[str, Any]]) -> None:
    for c in cycles:
        pillar_era = c["year"] <= 2018
        assert c["scale"] == (FOUR_TIER if pillar_era else FIVE_TIER), c["id"]
        assert c["group"] == ("peel-2015-2018/19" if pillar_era else f"peel-{c['id']}"), c["id"]
        assert c["dimension"] == ("pillar" if pillar_era else "area"), c["id"]


def test_later_cycles_warn_they_are_not_comparable(cycles: list[dict[str, Any]]) -> None:
    for previous, c in pairwise(cycles):
        if c["dimension"] == "area":
            assert "HMICFRS" in c["note"] and previous["label"] in c["note"], c["id"]


def test_pillar_cycles_list_the_four_pillars(cycles: list[dict[str, Any]]) -> None:
    pillars = [
        ("effectiveness", "Effectiveness", "EFF", "yes"),
        ("efficiency", "Efficiency", "EFC", "yes"),
        ("legitimacy", "Legitimacy", "LEG", "yes"),
        ("leadership", "Leadership", "LDR", "no"),
    ]
    for c in cycles[:4]:
        assert [(a["id"], a["name"], a["short"], a["graded"]) for a in c["area"]] == pillars


def test_area_catalogue_matches_fact_file(
    cycles: list[dict[str, Any]], area_facts: list[dict[str, str]]
) -> None:
    for c in cycles[4:]:
        rows = sorted((r for r in area_facts if r["cycle"] == c["id"]), key=lambda r: int(r["order"]))
        assert rows, c["id"]
        assert [(a["id"], a["name"], a["graded"]) for a in c["area"]] == [
            (r["area"], r["name"], r["graded"]) for r in rows
        ]


def test_short_codes_are_unique_within_a_cycle(cycles: list[dict[str, Any]]) -> None:
    for c in cycles:
        shorts = [a["short"] for a in c["area"]]
        assert len(set(shorts)) == len(shorts), c["id"]
        assert all(1 <= len(s) <= 3 and s.isascii() and s.isupper() for s in shorts), c["id"]
