"""hmic import: both layouts, messy input, safe writes, clear failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from hmic_cli import importer
from hmic_cli.dataset import build, load, pack

BRIEFING = (
    Path(__file__).resolve().parents[2] / "shared" / "sources" / "durham-2016-effectiveness-briefing.txt"
)
FIXTURE = Path(__file__).parent / "fixtures" / "durham-2016-effectiveness-briefing.txt"

# The summary of an HMIC force page, in the layout the inspectorate used. The
# sentences are written for this test; the grades are Kent's PEEL 2016 grades
# from the fact file, so nothing here contradicts the real record.
KENT_PAGE = """Kent 2016

PEEL: police effectiveness, efficiency and legitimacy

The extent to which the force is effective at keeping people safe and reducing crime is good.
The extent to which the force is efficient at keeping people safe and reducing crime is good.
The extent to which the force is legitimate at keeping people safe and reducing crime is outstanding.
"""

# A fictional briefing on a fictional force, mangled as copy-paste from a PDF does.
WESSEX_BRIEFING = (
    "\ufeff1 April 2017\r\n\r\nHMIC inspection report into Police effectiveness\r\n\r\n"
    "Report of Wessex Commissioner (fictional)\r\n\r\n"
    "On 2 March, the results of the effectiveness inspection were released.\r\n\r\n"
    "The overall assessment for Wessex Constabulary in this 2016 effectiveness inspection is "
    "\u2018Requires Improvement\u2019.\r\n\r\n"
    "How effective is the force at preventing crime? Requires improvement\r\n\r\n"
    "The assessment highlights:\r\n\r\n"
    "\u2022 Wessex Constabulary is a fictional force whose officers\r\n"
    "work in \u201cneighbourhood\u201d teams.\r\n"
    "\u2022 A second fictional highlight.\r\n\r\n"
    "Page 2 of 3\r\n\r\n"
    "The assessment identifies two areas for improvement:\r\n\r\n"
    "- First fictional area for improvement.\r\n"
    "- Second fictional area for improvement.\r\n\r\n"
    "How effective are the force's specialist capabilities? (not graded)\r\n\r\n"
    "A fictional paragraph about specialist capabilities.\r\n\r\n"
    "Comment on effectiveness inspection\r\n\r\n"
    "HMIC's assessment concludes: Wessex is fictional.\r\n"
)


def test_founding_briefing_reproduces_the_bundled_record() -> None:
    ds = load(use_cache=False)
    text = importer.decode(FIXTURE.read_bytes(), "briefing")
    (record,) = importer.parse(text, ds.forces, importer.Hints())
    forces = [
        {"id": f.id, "name": f.name, "nation": f.nation, "aliases": [], "source": None} for f in ds.forces
    ]
    imported = build({"forces": forces, "records": [pack({**record, "path": "", "line": 0})], "replaced": []})
    got = imported.inspections[0]
    bundled = next(i for i in ds.inspections if i.key == ("durham", "PEEL", 2016, "effectiveness"))
    assert got.grade == bundled.grade
    assert got.published == bundled.published
    assert got.questions == bundled.questions
    assert got.summary == bundled.summary
    assert got.notes == bundled.notes
    assert got.sources[0].title == bundled.sources[0].title
    assert got.sources[0].date == bundled.sources[0].date
    assert got.sources[0].author_role == bundled.sources[0].author_role


@pytest.mark.skipif(not BRIEFING.exists(), reason="shared sources are not beside this checkout")
def test_fixture_is_the_founding_briefing() -> None:
    assert FIXTURE.read_bytes() == BRIEFING.read_bytes()


def test_import_command_prints_valid_toml(hmic, tmp_path: Path) -> None:
    r = hmic("import", str(FIXTURE))
    assert r.code == 0, r.err
    assert r.out.count("[[inspection]]") == 1 and r.out.count("[[inspection.question]]") == 5
    (tmp_path / "durham.toml").write_text(r.out)
    v = hmic("validate", str(tmp_path))
    assert v.code == 0 and v.out.startswith("ok:")


def test_force_page_layout(hmic) -> None:
    ds = load(use_cache=False)
    records = importer.parse(importer.normalise(KENT_PAGE), ds.forces, importer.Hints())
    assert [(r["force"], r["year"], r["pillar"], r["grade"]) for r in records] == [
        ("kent", 2016, "effectiveness", "good"),
        ("kent", 2016, "efficiency", "good"),
        ("kent", 2016, "legitimacy", "outstanding"),
    ]
    assert all(r["sources"][0]["title"] == "Kent 2016" for r in records)


def test_force_page_pillar_option_selects(hmic, tmp_path: Path) -> None:
    page = tmp_path / "kent.txt"
    page.write_text(KENT_PAGE)
    r = hmic("import", str(page), "--pillar", "legitimacy")
    assert r.code == 0 and r.out.count("[[inspection]]") == 1 and 'grade = "outstanding"' in r.out


def test_messy_briefing(wessex_dir: Path) -> None:
    from hmic_cli.dataset import load as load_with

    ds = load_with([wessex_dir], use_cache=False)
    text = importer.decode(WESSEX_BRIEFING.encode("utf-8"), "wessex.txt")
    (r,) = importer.parse(text, ds.forces, importer.Hints())
    assert (r["force"], r["year"], r["pillar"], r["grade"]) == (
        "wessex",
        2016,
        "effectiveness",
        "requires_improvement",
    )
    assert r["published"] == "2017-03-02"
    q1, q2 = r["questions"]
    assert q1["grade"] == "requires_improvement" and q2["grade"] == "not_graded"
    assert q1["highlights"] == [
        'Wessex Constabulary is a fictional force whose officers work in "neighbourhood" teams.',
        "A second fictional highlight.",
    ]
    assert q1["areas_for_improvement"] == [
        "First fictional area for improvement.",
        "Second fictional area for improvement.",
    ]
    assert q2["highlights"] == ["A fictional paragraph about specialist capabilities."]
    assert r["summary"] == "Wessex is fictional."


def test_running_page_headers_are_dropped(wessex_dir: Path) -> None:
    header = "Wessex Police and Crime Panel (fictional) - 1 April 2017"
    pages = WESSEX_BRIEFING.replace("Page 2 of 3", header).replace(
        "How effective are", f"{header}\r\n\r\nHow effective are"
    )
    pages = pages.replace("Comment on", f"{header}\r\n\r\nComment on")
    ds = load([wessex_dir], use_cache=False)
    (r,) = importer.parse(importer.decode(pages.encode("utf-8"), "w.txt"), ds.forces, importer.Hints())
    text = repr(r)
    assert header not in text
    assert len(r["questions"][0]["highlights"]) == 2 and len(r["questions"][1]["highlights"]) == 1


def test_options_fill_what_the_text_lacks(hmic, wessex_dir: Path, tmp_path: Path) -> None:
    text = tmp_path / "page.txt"
    text.write_text("Summary\n\nThe extent to which the force is effective at keeping people safe is good.\n")
    r = hmic("import", str(text))
    assert r.code == 1 and "could not find the force" in r.err and "--force" in r.err
    r = hmic("import", str(text), "--force", "durham")
    assert r.code == 1 and "could not find the year" in r.err
    r = hmic("import", str(text), "--force", "durham", "--year", "2016")
    assert r.code == 0 and 'force = "durham"' in r.out and "year = 2016" in r.out


def test_stdin(runner, tmp_path: Path) -> None:
    from hmic_cli.cli import app

    result = runner.invoke(app, ["import", "-"], input=KENT_PAGE)
    assert result.exit_code == 0 and result.stdout.count("[[inspection]]") == 3


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "the file is empty"),
        (b"   \n\n", "the file is empty"),
        (b"caf\xe9 is not utf-8\n", "not UTF-8"),
        (b"\xff\xfeh\x00i\x00", "UTF-16"),
        (b"Just some text with no grades at all.\n", "no grade found"),
    ],
)
def test_bad_inputs(hmic, tmp_path: Path, content: bytes, needle: str) -> None:
    f = tmp_path / "report.txt"
    f.write_bytes(content)
    r = hmic("import", str(f))
    assert r.code == 1
    assert needle in r.err and len(r.err.strip().splitlines()) == 1


def test_directory_and_missing_file(hmic, tmp_path: Path) -> None:
    r = hmic("import", str(tmp_path))
    assert r.code == 1 and "is a directory" in r.err
    r = hmic("import", str(tmp_path / "nope.txt"))
    assert r.code == 1 and "no such file" in r.err


def test_huge_file_is_refused_quickly(hmic, tmp_path: Path) -> None:
    import time

    f = tmp_path / "huge.txt"
    with open(f, "wb") as fh:
        fh.write(b"How effective is the force? Good\n" * (50 * 1024 * 1024 // 33))
    start = time.monotonic()
    r = hmic("import", str(f))
    assert r.code == 1 and "file too large" in r.err
    assert time.monotonic() - start < 10


def test_write_to_data_dir_atomically_and_without_clobbering(hmic, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    r = hmic("import", str(FIXTURE), "--data-dir", str(out))
    assert r.code == 0, r.err
    target = out / "durham-2016-effectiveness.toml"
    assert target.exists() and f"wrote {target}" in r.err and r.out == ""
    target.write_text(target.read_text() + "# my edit\n")
    r = hmic("import", str(FIXTURE), "--data-dir", str(out))
    assert r.code == 1 and "already exists" in r.err and "--overwrite" in r.err
    assert target.read_text().endswith("# my edit\n")
    r = hmic("import", str(FIXTURE), "--data-dir", str(out), "--overwrite")
    assert r.code == 0 and not target.read_text().endswith("# my edit\n")
    assert sorted(p.name for p in out.iterdir()) == ["durham-2016-effectiveness.toml"]


def test_missing_output_dir(hmic, tmp_path: Path) -> None:
    r = hmic("import", str(FIXTURE), "--data-dir", str(tmp_path / "absent"))
    assert r.code == 1 and "does not exist" in r.err
