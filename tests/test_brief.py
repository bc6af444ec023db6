"""hmic brief: one force's PEEL cycle as a paper in Markdown, HTML and Word.

Bundled facts (Durham's and Bedfordshire's grades) check the prose people
read; a fictional force (Wessex Constabulary, in a --data-dir of this file's
own) carries markup-like text, an unknown grade, a change of grade and a
count of causes of concern, so that escaping and wording are tested on data
the bundled files do not have. Markdown is read back with a CommonMark
parser, HTML with the standard library's parser and Word with python-docx,
so the tests check what a reader of each file would see.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import WESSEX_FORCES
from typer.testing import CliRunner

from hmic_cli import brief
from hmic_cli.cli import app
from hmic_cli.dataset import Dataset, load
from hmic_cli.env import Env
from hmic_cli.errors import UsageError
from hmic_cli.query import Filters, position

NOT_HELD = "not held in the hmic dataset"

WESSEX = (
    WESSEX_FORCES
    + """
[[inspection]]
force = "wessex"
year = 2015
pillar = "effectiveness"
grade = "requires improvement"
sources = ["https://example.invalid/wessex-2015"]

[[inspection]]
force = "wessex"
year = 2015
pillar = "efficiency"
grade = "good"
sources = ["https://example.invalid/wessex-2015"]

[[inspection]]
force = "wessex"
year = 2016
pillar = "effectiveness"
grade = "good"
published = 2017-03-02
summary = "Fictional **bold**, <script>alert(1)</script>, [a link](https://evil.invalid) &amp; more."
causes_of_concern = ["Fictional cause <b>in tags</b>."]
sources = ["https://example.invalid/wessex-2016?a=1&b=2"]

[[inspection.question]]
number = 1
text = "1. Looks like a list | with a pipe?"
grade = "good"
highlights = ["# Not a heading", "- not a nested item", "`code`, _emphasis_ and ~~struck~~"]
areas_for_improvement = ["Fictional area for improvement on call handling."]

[[inspection]]
force = "wessex"
year = 2016
pillar = "efficiency"
grade = "unknown"
published = 2016-11-03
notes = ["Fictional note: no source gives this grade."]

[[inspection.document]]
title = "Fictional fact file: no source states this grade"

[[inspection]]
force = "wessex"
cycle = "2021/22"
area = "investigating_crime"
grade = "outstanding"
sources = ["https://example.invalid/wessex-2021"]

[[inspection]]
force = "wessex"
cycle = "2023-25"
area = "investigating_crime"
grade = "good"
sources = ["https://example.invalid/wessex-2023"]

[[inspection]]
force = "wessex"
cycle = "2023-25"
area = "preventing_crime"
grade = "unknown"
notes = ["Fictional note on an unknown grade."]

[[inspection.document]]
title = "Fictional fact file: no source states this grade"

[[report]]
force = "wessex"
cycle = "2023-25"
causes_of_concern = 2
published = 2024-05-01
sources = ["https://example.invalid/wessex-2023"]
"""
)


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return load()


@pytest.fixture(scope="module")
def brief_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("wessex-data")
    (d / "wessex.toml").write_text(WESSEX, encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def fictional(brief_data_dir: Path) -> Dataset:
    return load([brief_data_dir])


def make(ds: Dataset, force: str, year: str | None = None, area: str | None = None) -> brief.Document:
    cycle = ds.catalog.parse(year) if year else None
    areas = ds.catalog.find_areas(area, [cycle] if cycle else None) if area else ()
    return brief.document(ds, Filters(forces=(ds.resolve_force(force),), cycle=cycle, areas=areas))


def section_numbers(markdown: str) -> list[int]:
    return [int(n) for n in re.findall(r"^## (\d+)\. ", markdown, re.MULTILINE)]


def section_titles(markdown: str) -> list[str]:
    return re.findall(r"^## \d+\. (.+)$", markdown, re.MULTILINE)


def commonmark(markdown: str) -> str:
    """The HTML a CommonMark reader (with GitHub tables and strikethrough) makes of the Markdown."""
    markdown_it = pytest.importorskip("markdown_it")
    return str(markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown))


# -- what a brief covers ----------------------------------------------------------


def test_default_is_the_latest_cycle_with_all_its_areas(bundled: Dataset) -> None:
    doc = make(bundled, "durham")
    assert doc.cycle.id == "2023-25"
    held = {i.area.id for i in bundled.select(["durham"], ["2023-25"])}
    assert {i.area.id for i in doc.records} == held and len(held) > 1
    assert [i.area.order for i in doc.records] == sorted(i.area.order for i in doc.records)


def test_year_narrows_to_that_cycle(bundled: Dataset) -> None:
    doc = make(bundled, "bedfordshire", year="2016")
    assert doc.cycle.id == "2016"
    assert [i.area.id for i in doc.records] == ["effectiveness", "efficiency", "legitimacy"]


def test_area_without_year_takes_the_latest_cycle_that_has_it(bundled: Dataset) -> None:
    doc = make(bundled, "durham", area="legitimacy")
    assert doc.cycle.id == "2018/19"
    assert [i.area.id for i in doc.records] == ["legitimacy"]


def test_year_and_area_together(bundled: Dataset) -> None:
    doc = make(bundled, "durham", year="2016", area="effectiveness")
    assert [(i.cycle.id, i.area.id) for i in doc.records] == [("2016", "effectiveness")]


def test_area_in_a_cycle_without_it_says_what_the_cycle_holds(bundled: Dataset) -> None:
    with pytest.raises(UsageError) as exc:
        make(bundled, "durham", year="2016", area="leadership")
    message = exc.value.message
    assert "\n" not in message and exc.value.exit_code == 2
    assert "PEEL 2016" in message
    assert all(name in message for name in ("Effectiveness", "Efficiency", "Legitimacy"))


def test_area_never_held_lists_the_cycles_the_force_has(bundled: Dataset) -> None:
    with pytest.raises(UsageError) as exc:
        make(bundled, "durham", area="leadership")
    assert "2015" in exc.value.message and "2023–25" in exc.value.message


def test_cycle_without_records_lists_the_cycles_held(fictional: Dataset) -> None:
    with pytest.raises(UsageError) as exc:
        make(fictional, "wessex", year="2017")
    message = exc.value.message
    assert "PEEL 2017" in message
    assert "2015, 2016, 2021/22, 2023–25" in message


def test_force_without_records(fictional: Dataset) -> None:
    with pytest.raises(UsageError, match="holds no records for Mercia Police"):
        make(fictional, "mercia")


def test_one_force_only(bundled: Dataset) -> None:
    with pytest.raises(UsageError, match="one force"):
        brief.document(bundled, Filters())
    two = (bundled.resolve_force("durham"), bundled.resolve_force("kent"))
    with pytest.raises(UsageError, match="one force"):
        brief.document(bundled, Filters(forces=two))


# -- sections and numbering ---------------------------------------------------------


def test_every_section_present_when_every_kind_of_fact_is_held(bundled: Dataset) -> None:
    text = brief.to_markdown(make(bundled, "durham", year="2016"))
    assert section_titles(text) == [
        "Purpose",
        "Summary",
        "Grades by pillar",
        "Findings",
        "Areas for improvement and causes of concern",
        "The national picture",
        "Sources",
    ]
    assert section_numbers(text) == [1, 2, 3, 4, 5, 6, 7]
    assert "### 4.1 Effectiveness" in text


@pytest.mark.parametrize(
    ("force", "year", "area"),
    [
        ("durham", None, None),
        ("bedfordshire", "2016", None),
        ("durham", None, "legitimacy"),
        ("durham", "2021", None),
        ("durham", "2016", "efficiency"),
    ],
)
def test_sections_numbered_without_gaps(
    bundled: Dataset, force: str, year: str | None, area: str | None
) -> None:
    doc = make(bundled, force, year, area)
    text = brief.to_markdown(doc)
    numbers = section_numbers(text)
    assert numbers == list(range(1, len(doc.sections) + 1))
    assert all(section.parts for section in doc.sections)


def test_empty_sections_are_left_out(bundled: Dataset) -> None:
    text = brief.to_markdown(make(bundled, "durham"))
    titles = section_titles(text)
    assert "Findings" not in titles and "Areas for improvement and causes of concern" not in titles
    assert titles[:3] == ["Purpose", "Summary", "Grades by area"]
    assert "## 4. The national picture" in text and "## 5. Sources" in text


# -- prose -----------------------------------------------------------------------------


def test_the_only_force_with_a_grade(bundled: Dataset) -> None:
    text = brief.to_markdown(make(bundled, "durham", year="2016"))
    assert (
        "Durham Constabulary was the only one of the 43 forces graded **Outstanding** for effectiveness."
        in text
    )
    assert (
        "Of the 43 forces, 2 were graded **Outstanding** for efficiency, Durham Constabulary among them."
        in text
    )


def test_national_counts_say_apart_the_grades_not_held(fictional: Dataset) -> None:
    doc = make(fictional, "wessex", area="investigating")
    p = position(fictional, doc.records[0])
    assert p.unknown > 0  # the bundled 2023-25 data lacks some forces' grades
    text = brief.to_markdown(doc)
    assert (
        f"Of the {p.known} forces whose grade for investigating crime is held, "
        f"{p.same} were graded **Good**, Wessex Constabulary among them; "
        f"for {p.unknown} more forces the grade is {NOT_HELD}." in text
    )
    assert "only one" not in text


def test_grades_written_as_the_inspectorate_writes_them(bundled: Dataset) -> None:
    text = brief.to_markdown(make(bundled, "bedfordshire", year="2016"))
    assert (
        "Bedfordshire Police was graded **Good** for legitimacy, **Requires improvement** for efficiency, "
        "and **Inadequate** for effectiveness." in text
    )
    assert "| Efficiency | Requires improvement |" in text
    assert "requires_improvement" not in text and "requires improvement" not in text


def test_area_grades_listed_one_line_per_grade(bundled: Dataset) -> None:
    text = brief.to_markdown(make(bundled, "durham", year="2021"))
    assert "Durham Constabulary's grades in PEEL 2021/22:" in text
    assert (
        "- **Outstanding**: Disrupting serious organised crime; "
        "Strategic planning, organisational management and value for money." in text
    )
    assert "- **Good**: Investigating crime; Managing offenders and suspects." in text
    assert f"- Grade {NOT_HELD}: Providing a service to victims of crime; " in text
    assert "- Not graded: Strategic Policing Requirement; " in text


def test_same_grade_as_the_previous_assessment(bundled: Dataset) -> None:
    text = brief.to_markdown(make(bundled, "durham", year="2016", area="effectiveness"))
    assert "The previous assessment (PEEL 2015) also graded it **Outstanding**." in text
    assert "(same)" not in text


def test_declined_and_improved(bundled: Dataset, fictional: Dataset) -> None:
    declined = brief.to_markdown(make(bundled, "bedfordshire", year="2016"))
    assert "For effectiveness, the grade declined from **Requires improvement** in the previous" in declined
    improved = brief.to_markdown(make(fictional, "wessex", year="2016"))
    assert "For effectiveness, the grade improved from **Requires improvement** in the previous" in improved
    assert "Improved from Requires improvement (PEEL 2015)" in improved


def test_no_direction_across_cycles_that_cannot_be_compared(fictional: Dataset) -> None:
    # Wessex: Outstanding in 2021/22, Good in 2023-25 for investigating crime: not a decline.
    text = brief.to_markdown(make(fictional, "wessex", area="investigating"))
    assert "cannot be compared" in text
    assert not re.search(r"declined|improved|also graded", text, re.IGNORECASE)
    assert "| Investigating crime | Good | PEEL 2021/22: Outstanding; cannot be compared |" in text


def test_bundled_current_cycle_states_no_change(bundled: Dataset) -> None:
    text = brief.to_markdown(make(bundled, "durham"))
    assert "cannot be compared directly with those of PEEL 2021/22" in text
    assert not re.search(r"declined|improved|also graded", text, re.IGNORECASE)


def test_unknown_grades_are_what_the_data_does_not_hold(fictional: Dataset) -> None:
    text = brief.to_markdown(make(fictional, "wessex", year="2016"))
    assert f"| Efficiency | {NOT_HELD} |" in text
    assert f"Its grade for efficiency is {NOT_HELD}." in text
    assert f"the grade in the previous assessment (PEEL 2015) is {NOT_HELD}" not in text  # 2016 is unknown
    assert not re.search(r"\bunknown\b", text, re.IGNORECASE)
    assert f"Its place nationally for efficiency cannot be given: its grade is {NOT_HELD}." in text


def test_says_which_findings_are_not_held(fictional: Dataset, bundled: Dataset) -> None:
    text = brief.to_markdown(make(fictional, "wessex", year="2016"))
    assert f"Findings for efficiency are {NOT_HELD}." in text
    grades_only = brief.to_markdown(make(bundled, "durham"))
    assert f"The inspectors' findings are {NOT_HELD}" in grades_only


def test_causes_of_concern_count_from_the_report(fictional: Dataset, bundled: Dataset) -> None:
    text = brief.to_markdown(make(fictional, "wessex"))
    assert "2 causes of concern in the report." in text
    assert f"The report raised 2 causes of concern; their wording is {NOT_HELD}." in text
    assert "No causes of concern in the report." in brief.to_markdown(make(bundled, "durham"))


def test_findings_and_improvements_keep_their_place(fictional: Dataset) -> None:
    doc = make(fictional, "wessex", year="2016")
    html_page = commonmark(brief.to_markdown(doc))
    assert "Effectiveness, question 1: Fictional area for improvement on call handling." in html_page
    assert "Effectiveness: Fictional cause &lt;b&gt;in tags&lt;/b&gt;." in html_page


def test_publication_dates_in_the_table_when_they_differ(fictional: Dataset) -> None:
    text = brief.to_markdown(make(fictional, "wessex", year="2016"))
    assert "| Pillar | Grade | Published | Previous assessment |" in text
    assert "| Effectiveness | Good | 2 March 2017 |" in text


def test_publication_date_said_once_when_shared(fictional: Dataset) -> None:
    text = brief.to_markdown(make(fictional, "wessex"))
    assert "Published on 1 May 2024." in text
    assert "| Area | Grade | Previous assessment |" in text


# -- Markdown escaping ------------------------------------------------------------------


def test_markdown_keeps_markup_like_data_as_text(fictional: Dataset) -> None:
    text = brief.to_markdown(make(fictional, "wessex", year="2016"))
    page = commonmark(text)
    # Nothing from the data became markup.
    assert "<script>" not in page and "<b>" not in page
    assert "<strong>bold</strong>" not in page and "<code>" not in page and "<em>" not in page
    assert "<del>" not in page and "<s>" not in page
    assert 'href="https://evil.invalid"' not in page
    assert page.count("<h1>") == 1
    assert "<ul>\n<li>\n<ul>" not in page  # "- not a nested item" stayed an item's text
    # ... and every character of it is still there for the reader.
    for shown in (
        "**bold**",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "[a link](https://evil.invalid)",
        "&amp;amp; more",
        "# Not a heading",
        "- not a nested item",
        "`code`, _emphasis_ and ~~struck~~",
        "1. Looks like a list | with a pipe?",
    ):
        assert shown in page, shown


def test_markdown_table_reads_back_as_a_table(fictional: Dataset) -> None:
    page = commonmark(brief.to_markdown(make(fictional, "wessex", year="2016")))
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.DOTALL)
    cells = [re.findall(r"<t[dh]>(.*?)</t[dh]>", row) for row in rows]
    assert cells[0] == ["Pillar", "Grade", "Published", "Previous assessment"]
    assert cells[1][:2] == ["Effectiveness", "Good"] and cells[2][:2] == ["Efficiency", NOT_HELD]


def test_markdown_source_addresses_stay_whole(fictional: Dataset) -> None:
    text = brief.to_markdown(make(fictional, "wessex", year="2016"))
    assert "- <https://example.invalid/wessex-2016?a=1&b=2>" in text
    page = commonmark(text)
    assert '<a href="https://example.invalid/wessex-2016?a=1&amp;b=2">' in page


# -- HTML -----------------------------------------------------------------------------


class Page(HTMLParser):
    """The parts of a page the tests look at: tags seen, table cells by row, all text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.rows: list[list[str]] = []
        self.text: list[str] = []
        self._cell: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def test_html_is_a_standalone_page_with_a_real_table(bundled: Dataset) -> None:
    text = brief.to_html(make(bundled, "durham", year="2016"))
    assert text.startswith("<!DOCTYPE html>\n")
    page = Page(text)
    assert page.tags[:3] == ["html", "head", "meta"]
    assert "style" in page.tags and "script" not in page.tags and "link" not in page.tags
    assert page.rows[0] == ["Pillar", "Grade", "Published", "Previous assessment"]
    assert page.rows[1][:3] == ["Effectiveness", "Outstanding", "2 March 2017"]
    assert '<th scope="col">Grade</th>' in text
    headings = re.findall(r"<h2>(.*?)</h2>", text)
    assert headings[0] == "1. Purpose" and headings[-1] == "7. Sources"


def test_html_escapes_data(fictional: Dataset) -> None:
    text = brief.to_html(make(fictional, "wessex", year="2016"))
    page = Page(text)
    assert "script" not in page.tags and "b" not in page.tags
    shown = "".join(page.text)
    assert "<script>alert(1)</script>" in shown  # as text, for the reader
    assert "Fictional cause <b>in tags</b>." in shown
    assert "&lt;script&gt;" in text
    assert '<a href="https://example.invalid/wessex-2016?a=1&amp;b=2">' in text


# -- Word ---------------------------------------------------------------------------------


def open_docx(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def test_docx_has_real_headings_table_and_bullets(bundled: Dataset) -> None:
    doc = make(bundled, "durham", year="2016")
    word = open_docx(brief.to_docx(doc))
    styles = [(p.style.name, p.text) for p in word.paragraphs]
    assert styles[0] == ("Title", "Durham Constabulary: PEEL 2016")
    assert [text for style, text in styles if style == "Heading 1"] == [
        "1. Purpose",
        "2. Summary",
        "3. Grades by pillar",
        "4. Findings",
        "5. Areas for improvement and causes of concern",
        "6. The national picture",
        "7. Sources",
    ]
    assert ("Heading 2", "4.1 Effectiveness") in styles
    bullets = [text for style, text in styles if style == "List Bullet"]
    assert (
        "Durham Constabulary was the only one of the 43 forces graded Outstanding for effectiveness."
        in bullets
    )
    (table,) = word.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Pillar", "Grade", "Published", "Previous assessment"]
    assert rows[1:] == [
        ["Effectiveness", "Outstanding", "2 March 2017", "Also Outstanding (PEEL 2015)"],
        ["Efficiency", "Outstanding", "3 November 2016", "Also Outstanding (PEEL 2015)"],
        ["Legitimacy", "Good", "8 December 2016", "Also Good (PEEL 2015)"],
    ]
    header = table.rows[0]
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    assert word.core_properties.title == "Durham Constabulary: PEEL 2016"


def test_docx_grades_in_bold_and_addresses_whole(bundled: Dataset) -> None:
    word = open_docx(brief.to_docx(make(bundled, "durham", year="2016", area="effectiveness")))
    summary = next(p for p in word.paragraphs if p.text.startswith("Durham Constabulary was graded"))
    assert [r.text for r in summary.runs if r.bold] == ["Outstanding"]
    runs = [r.text for p in word.paragraphs for r in p.runs]
    assert "https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/peel-2016/durham/" in runs


def test_docx_keeps_data_as_plain_text(fictional: Dataset) -> None:
    word = open_docx(brief.to_docx(make(fictional, "wessex", year="2016")))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "<script>alert(1)</script>" in text and "**bold**" in text and "# Not a heading" in text
    assert "\\" not in text  # no Markdown escapes leak into Word


# -- the command -------------------------------------------------------------------------------


def env(tty: bool = False) -> Env:
    return Env(stdout=io.StringIO(), stderr=io.StringIO(), stdout_tty=tty, width=50)


def run(*args: str, tty: bool = False) -> tuple[Any, Env]:
    given = env(tty)
    result = CliRunner().invoke(app, ["brief", *args], obj=given)
    return result, given


def out(e: Env) -> str:
    value = e.stdout.getvalue()  # type: ignore[attr-defined]
    return str(value)


def test_cli_docx_file_opens_with_the_grades_table(tmp_path: Path) -> None:
    target = tmp_path / "durham.docx"
    result, e = run("durham", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    word = open_docx(target.read_bytes())
    (table,) = word.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0][:2] == ["Area", "Grade"]
    assert rows[-1][:2] == ["Disrupting serious organised crime", "Outstanding"]
    assert word.paragraphs[0].text == "Durham Constabulary: PEEL 2023–25"
    assert out(e) == ""


def test_cli_dash_is_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result, e = run("durham", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert out(e).startswith("# Durham Constabulary: PEEL 2023–25\n")
    assert not (tmp_path / "-").exists()


def test_cli_markdown_by_default(tmp_path: Path) -> None:
    result, e = run("durham", "--year", "2016")
    assert result.exit_code == 0, result.stderr
    assert section_numbers(out(e)) == [1, 2, 3, 4, 5, 6, 7]


def test_cli_format_html() -> None:
    result, e = run("durham", "--format", "html")
    assert result.exit_code == 0, result.stderr
    page = Page(out(e))
    assert out(e).startswith("<!DOCTYPE html>") and page.rows[0][:2] == ["Area", "Grade"]


@pytest.mark.parametrize(
    ("name", "start"),
    [("brief.html", b"<!DOCTYPE html>"), ("brief.htm", b"<!DOCTYPE html>"), ("brief.md", b"# Durham")],
)
def test_cli_extension_chooses_the_format(tmp_path: Path, name: str, start: bytes) -> None:
    target = tmp_path / name
    result, _ = run("durham", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes().startswith(start)


def test_cli_docx_extension_gives_a_word_file(tmp_path: Path) -> None:
    target = tmp_path / "brief.DOCX"
    result, _ = run("bedfordshire", "--year", "2016", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes()[:2] == b"PK"
    assert open_docx(target.read_bytes()).tables[0].rows[1].cells[1].text == "Inadequate"


def test_cli_extension_contradicting_the_format_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "x.md"
    result, _ = run("durham", "-o", str(target), "--format", "docx")
    assert result.exit_code == 2
    assert ".md" in result.stderr and "docx" in result.stderr
    assert not target.exists()


def test_cli_refuses_to_overwrite_without_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    target.write_text("my own notes\n", encoding="utf-8")
    result, _ = run("durham", "-o", str(target))
    assert result.exit_code == 1
    assert "--overwrite" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert target.read_text(encoding="utf-8") == "my own notes\n"
    result, _ = run("durham", "-o", str(target), "--overwrite")
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("# Durham Constabulary")


def test_cli_bedfordshire_2016() -> None:
    result, e = run("bedfordshire", "--year", "2016")
    assert result.exit_code == 0, result.stderr
    assert (
        "Bedfordshire Police was the only one of the 43 forces graded **Inadequate** for effectiveness."
        in out(e)
    )


def test_cli_area_without_year() -> None:
    result, e = run("durham", "--area", "legitimacy")
    assert result.exit_code == 0, result.stderr
    assert out(e).startswith("# Durham Constabulary: PEEL 2018/19, Legitimacy\n")


def test_cli_empty_force_is_a_usage_error() -> None:
    result, e = run("")
    assert result.exit_code == 2
    assert "must not be empty" in result.stderr and "Traceback" not in result.stderr
    assert out(e) == ""


def test_cli_impossible_request_is_a_usage_error() -> None:
    result, _ = run("durham", "--year", "2016", "--area", "leadership")
    assert result.exit_code == 2
    assert "Effectiveness" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_cli_fictional_data_dir(brief_data_dir: Path) -> None:
    result, e = run("wessex", "--data-dir", str(brief_data_dir), "--year", "2016", "--format", "html")
    assert result.exit_code == 0, result.stderr
    assert "&lt;script&gt;" in out(e) and "<script>" not in out(e)


def test_cli_word_is_not_written_to_a_terminal() -> None:
    result, e = run("durham", "--format", "docx", tty=True)
    assert result.exit_code == 2 and "-o FILE.docx" in result.stderr
    assert out(e) == ""


def test_cli_word_to_a_pipe_is_the_file_itself() -> None:
    result, _ = run("durham", "--format", "docx", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert open_docx(result.stdout_bytes).tables[0].rows[0].cells[0].text == "Area"


def test_an_area_new_in_its_cycle_is_said_to_be_new(bundled: Dataset) -> None:
    text = brief.to_markdown(make(bundled, "wiltshire", year="2023"))
    row = next(line for line in text.splitlines() if line.startswith("| Police powers and public treatment"))
    assert row.endswith("| a new area in PEEL 2023–25 |")
    assert "none in the hmic dataset" not in text
