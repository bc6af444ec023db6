"""Turn the text of a report, page or briefing into plain records (see ``schema``).

Users fill the gaps in the bundled data with the texts they have, so the
importer reads the layouts those texts come in:

* a Panel briefing like the founding Durham briefing: questions that end in
  their grade, "The assessment highlights:", areas for improvement, an
  overall grade and a publication day;
* an HMICFRS PEEL page of 2015 to 2018/19 as a browser copies it: site
  furniture around a title ("Kent 2016", "Kent PEEL 2017"), pillar headings,
  "Last updated 09/11/2017" and grade sentences in every wording those pages
  used;
* a PEEL 2021/22 or 2023-25 report, copied from the web page or the PDF:
  area headings followed by their grade, "Cause of concern" sections with
  their recommendations, and "Areas for improvement";
* grade statements in any prose (``prose`` finds them).

What was looked for and not found, and what was seen but not recorded (a
pillar "not yet graded", two grades stated for one area), come back with the
records so the user can check them. Every failure is a one-line
``ImportFailure``; nothing here touches the file system.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from .errors import HmicError
from .model import Catalog, Cycle, Force, Grade, Plain, normalise_words
from .names import ForceMatcher
from .prose import GRADE_WORD, Reader, Statement, area_names, paragraphs, sentences, units

MAX_BYTES = 5 * 1024 * 1024

_BULLET = re.compile(r"^\s*(?:[•●◦▪▫■□‣⁃∙·\-\*–—]|\d+[.)])\s+")
_PAGE_NOISE = re.compile(r"^\s*(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s*(?:/\s*\d+)?|\f)\s*$", re.IGNORECASE)
_QUESTION = re.compile(
    r"^(?P<text>(?:How|To what extent)\b.*?\?)\s*[-:–]?\s*"
    rf"(?P<grade>{GRADE_WORD}|\(?not graded\)?|\(?ungraded\)?)\.?\s*$",
    re.IGNORECASE,
)
_BARE_GRADE = re.compile(
    rf"^(?:grade:?\s*)?['\"]?(?P<grade>{GRADE_WORD}|not yet graded)['\"]?\.?$", re.IGNORECASE
)
# Lines of a web page that belong to the site, not to the report.
_FURNITURE = re.compile(
    r"^(?:skip to (?:main )?content|cookies?(?: on .*| settings| policy| preferences)?|we use (?:some )?"
    r"(?:essential )?cookies.*|(?:accept|reject)(?: all| additional| analytics| optional)? cookies|"
    r"(?:hide|dismiss) (?:this )?message|view cookies|change (?:your )?cookie settings|read more about .*|"
    r"menu|search|home|close|back to top|print(?: this page)?|share(?: this page)?|main navigation|"
    r"[>›»|/]|breadcrumbs?|you are here:?.*|home\s*[>›»/|].*|contact(?: us)?|accessibility(?: statement)?|"
    r"privacy(?: notice| policy)?|terms and conditions|site ?map|(?:crown )?copyright.*|©.*|follow us.*|"
    r"sign up .*|subscribe.*|get (?:email )?alerts.*|related (?:content|links|publications)|"
    r"was this page (?:useful|helpful)\??|yes|no|report a problem.*|(?:tel|telephone|phone|email|e-mail|fax)"
    r"\s*:.*|\S+@\S+\.\w+|download (?:the )?(?:pdf|report).*|\(?opens in a new (?:window|tab)\)?|"
    r".*open government licence.*)$",
    re.IGNORECASE,
)
_MONTH_NAMES = "january february march april may june july august september october november december"
_MONTHS = {m: n for n, m in enumerate(_MONTH_NAMES.split(), 1)}
_DAY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)(?:,?\s+(\d{4}))?\b")
_CYCLE_TEXT = re.compile(
    r"\bPEEL\b:?\s*(?:police\s+)?(?:effectiveness|efficiency|legitimacy)?[,\s]*"
    r"(?P<a>20\d\d(?:\s*[/–—-]\s*(?:20)?\d\d)?)\b"
    r"|\b(?P<b>20\d\d(?:\s*[/–—-]\s*(?:20)?\d\d)?)\s+PEEL\b"
    r"|\b(?P<c>20\d\d(?:/\d\d)?)\s+(?:police\s+)?(?:effectiveness|efficiency|legitimacy)\s+"
    r"(?:inspection|report|assessment)"
    r"|\bpolice\s+(?:effectiveness|efficiency|legitimacy)\s+(?P<d>20\d\d(?:/\d\d)?)\b",
    re.IGNORECASE,
)
_TITLE = re.compile(
    r"^(?P<name>[A-Za-z][A-Za-z&' .-]*?)\s+(?:PEEL\s+)?(?P<cycle>20\d\d(?:\s*[/–—-]\s*(?:20)?\d\d)?)$"
)
_INSPECTION_OF = re.compile(r"^An inspection of (?:the )?(?P<name>.+?)\.?$", re.IGNORECASE)
_URL_LINE = re.compile(r"^https?://\S+$")
_DATE_LINE = re.compile(
    r"^(?:(?:published|updated|date)(?:\s+on)?:?\s*)?\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+,?\s+\d{4}$",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(
    r"\b(?:published(?:\s+on)?|publication\s+date)\s*:?\s*(?P<day>\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{4})",
    re.IGNORECASE,
)
_LAST_UPDATED = re.compile(r"^last updated:?\s*(\d{1,2})/(\d{1,2})/(\d{4})$", re.IGNORECASE)
_PILLAR_HEADINGS = {
    "effectiveness": "effectiveness",
    "police effectiveness": "effectiveness",
    "efficiency": "efficiency",
    "police efficiency": "efficiency",
    "legitimacy": "legitimacy",
    "police legitimacy": "legitimacy",
    "leadership": "leadership",
    "police leadership": "leadership",
    "how effective is the force at keeping people safe and reducing crime": "effectiveness",
    "how effective is the force at reducing crime and keeping people safe": "effectiveness",
    "how efficient is the force at keeping people safe and reducing crime": "efficiency",
    "how efficiently does the force operate and how sustainable are its services": "efficiency",
    "how legitimate is the force at keeping people safe and reducing crime": "legitimacy",
    "how legitimately does the force treat the public and its workforce": "legitimacy",
}
# Headings inside an area of a 2021/22+ report, and those that end the areas.
_SUBHEADINGS = {
    "cause of concern": "cause",
    "causes of concern": "cause",
    "recommendation": "recommendation",
    "recommendations": "recommendation",
    "area for improvement": "improve",
    "areas for improvement": "improve",
    "main findings": "other",
    "innovative practice": "other",
    "promising practice": "other",
    "notable practice": "other",
    "innovative and promising practice": "other",
    "summary": "other",
}
_TOP_HEADINGS = {
    "contents",
    "overall summary",
    "our judgments",
    "hm inspector s observations",
    "about the data",
    "about this report",
    "annex a",
    "annex b",
    "introduction",
}
_SHOULD = re.compile(r"^(?:[\w'’,-]+\s+){0,6}?should\b", re.IGNORECASE)
_NUMBERS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_COUNT = re.compile(
    r"\b(?:(?:we|inspectors|hmicfrs|the\s+inspectorate)\s+(?:have\s+|has\s+)?(?:identified|found|raised|issued|"
    r"made|set\s+out)|there\s+(?:are|is)|this\s+report\s+(?:contains|includes|sets\s+out|identifies|raises))\s+"
    rf"(?P<n>{'|'.join(_NUMBERS)}|\d{{1,2}})\s+(?:new\s+)?causes?\s+of\s+concern\b",
    re.IGNORECASE,
)
_NO_COUNT = re.compile(
    r"\b(?:we|inspectors|hmicfrs)\s+(?:have\s+|has\s+)?(?:not\s+identified|did\s+not\s+identify|found\s+no|"
    r"identified\s+no|raised\s+no)\s+(?:any\s+)?causes?\s+of\s+concern\b",
    re.IGNORECASE,
)
_COUNT_HEDGE = re.compile(
    r"\b(?:previous(?:ly)?|last|earlier|remain(?:s|ing)?|closed|outstanding|since|progress|accelerated|"
    r"would|could|may|might|if)\b",
    re.IGNORECASE,
)


# The founding briefing's layout.
_SECTION = re.compile(
    r"^(?:\d+\.\s+\S|Comment on\b|HMIC's assessment concludes|Report author|Contact Officer)"
)
_AFI_START = re.compile(
    r"identif(?:y|ies)\b.*\bareas? for improvement|areas? for improvement\s*:?$", re.IGNORECASE
)
_HIGHLIGHTS = re.compile(r"^the assessment highlights:?$", re.IGNORECASE)
_CONTACT = re.compile(r"@|\b(?:tel|telephone|email|e-mail|mobile)\b", re.IGNORECASE)
_OVERALL = re.compile(
    r"[^.\n]*\boverall (?:assessment|grade|judgement|judgment)\b[^.\n]*?\b(?:is|was)\s+"
    rf"'?(?P<grade>{GRADE_WORD})'?[^.\n]*\.?",
    re.IGNORECASE,
)


_NO_CYCLE = "could not find the PEEL cycle in the text; give it with --year"


class ImportFailure(HmicError):
    """The text could not be turned into a record (exit 1)."""


@dataclass(frozen=True)
class Hints:
    """What the user gave on the command line (``--force``, ``--year``, ``--area``); it overrides the text."""

    force: Force | None = None
    cycle: Cycle | None = None
    areas: tuple[str, ...] = ()
    name: str = "-"


@dataclass
class Imported:
    """The records read from a text, and what to tell the user about the reading."""

    inspections: list[Plain] = field(default_factory=list)
    reports: list[Plain] = field(default_factory=list)
    looked_for: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Subject:
    """Who and what the text is about, and the document it is."""

    force: Force
    cycle: Cycle
    source: Plain
    said: tuple[str, ...] = ()


# --- bytes to text -------------------------------------------------------------------


def decode(data: bytes, name: str) -> str:
    """Bytes to normalised text, or a clear one-line ``ImportFailure``."""
    if len(data) > MAX_BYTES:
        raise ImportFailure(
            f"{name}: file too large ({len(data) / 1e6:.1f} MB; "
            f"reports of up to {MAX_BYTES // 2**20} MB are read)"
        )
    if not data.strip():
        raise ImportFailure(f"{name}: the file is empty")
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff") or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ImportFailure(f"{name}: UTF-16/32 text is not supported; save the report as UTF-8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFailure(f"{name}:{line}: not UTF-8 text; save the report as UTF-8") from None
    if "\x00" in text:
        raise ImportFailure(f"{name}: binary data, not a text report")
    return normalise(text)


def normalise(text: str) -> str:
    """Undo what copying from a browser, PDF or Word does to text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for curly, straight in (("‘", "'"), ("’", "'"), ("‛", "'"), ("“", '"'), ("”", '"'), ("\u00a0", " ")):
        text = text.replace(curly, straight)
    text = re.sub(r"[\u200b\ufeff\u00ad]", "", text)
    text = re.sub(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])", r"\1", text)  # *emphasis*
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", "", text.replace("\t", " ").replace("\f", "\n"))
    return "\n".join(line.rstrip() for line in text.split("\n") if not _PAGE_NOISE.match(line))


def _running_headers(lines: list[str], catalog: Catalog) -> set[str]:
    """Short lines repeated on every page (a PDF's running header or footer).

    The report's structure repeats too (area headings in the contents, the
    summary and the body; "Areas for improvement"; bare grades; "The
    assessment highlights:"), and so may a sentence, so a line that could be
    structure or ends like a sentence is kept.
    """
    structure = {*_PILLAR_HEADINGS, *_SUBHEADINGS, *_TOP_HEADINGS}
    for cycle in catalog:
        structure.update(area_names(cycle))
    counts: dict[str, int] = {}
    for key in lines:
        if key and len(key) <= 100 and not key.endswith((".", "!", "?", ":", ";")) and not _BULLET.match(key):
            counts[key] = counts.get(key, 0) + 1
    return {
        line
        for line, n in counts.items()
        if n >= 3
        and len(line.split()) > 1
        and re.sub(r"\s+\d+$", "", normalise_words(line)) not in structure
        and not _QUESTION.match(line)
        and not _BARE_GRADE.match(line)
        and not _LAST_UPDATED.match(line)
    }


def blocks(lines: list[str]) -> list[str]:
    """Group lines into items: a bullet or a blank line starts a new one."""
    items: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line.strip():
            if current:
                items.append(" ".join(current))
                current = []
            continue
        if _BULLET.match(line):
            if current:
                items.append(" ".join(current))
            current = [_BULLET.sub("", line).strip()]
        else:
            current.append(line.strip())
    if current:
        items.append(" ".join(current))
    return [re.sub(r"\s+", " ", i).strip() for i in items if i.strip()]


def find_day(text: str, default_year: int | None) -> date | None:
    """The first "2 March 2017" (or "2 March", in ``default_year``) in ``text``."""
    for match in _DAY.finditer(text):
        month = _MONTHS.get(match.group(2).lower())
        year = int(match.group(3)) if match.group(3) else default_year
        if month and year:
            try:
                return date(year, month, int(match.group(1)))
            except ValueError:
                return None
    return None


# --- the entry point -----------------------------------------------------------------


def parse(text: str, forces: Sequence[Force], catalog: Catalog, hints: Hints) -> Imported:
    """The records ``text`` states; ``ImportFailure`` when it states none."""
    lines = [line for line in (line.strip() for line in text.split("\n")) if not _FURNITURE.match(line)]
    matcher = ForceMatcher(forces)
    # A PDF's running header names the force and the cycle: read them before dropping it.
    subject = _subject(lines, "\n".join(lines), matcher, catalog, hints)
    headers = _running_headers(lines, catalog)
    lines = [line for line in lines if line not in headers]
    for area in hints.areas:
        if subject.cycle.area(area) is None:
            raise ImportFailure(f"{area} is not an area of PEEL {subject.cycle.label}")
    briefing = any(_QUESTION.match(line) for line in lines) and _OVERALL.search("\n".join(lines))
    if subject.cycle.dimension == "pillar" and briefing:
        imported = _briefing(lines, subject, hints)
    else:
        imported = _statements(lines, subject, matcher, hints)
    imported.notices[:0] = subject.said
    if not imported.inspections and not imported.reports:
        why = "; ".join(imported.notices) or "is this an HMICFRS report or a text about one?"
        raise ImportFailure(
            f"no grade found in the text for {subject.force.name}, PEEL {subject.cycle.label}: {why}"
        )
    return imported


def _subject(lines: list[str], text: str, matcher: ForceMatcher, catalog: Catalog, hints: Hints) -> _Subject:
    """The force and cycle the text is about (the user's options win) and the document's description."""
    nonempty = [line for line in lines if line][:40]
    named: Force | None = None
    named_cycle: Cycle | None = None
    title: str | None = None
    for n, line in enumerate(nonempty):
        page = _TITLE.match(line)
        report = _INSPECTION_OF.match(line)
        name = page.group("name") if page else report.group("name") if report else None
        named = _lookup(matcher, name) if name else None
        if named is not None:
            try:
                named_cycle = catalog.parse(page.group("cycle")) if page else None
            except ValueError as exc:  # "Kent 2014": a cycle the data does not hold
                if hints.cycle is None:
                    raise ImportFailure(str(exc)) from None
            top = [i for i, above in enumerate(nonempty[: n + 1]) if "PEEL" in above and i >= n - 3]
            heading = [t for _, t in paragraphs(nonempty[top[0] : n + 1])] if report and top else [line]
            title = " – ".join(heading)
            break
    force = hints.force or named or _most_named(text, matcher)
    cycle = hints.cycle or named_cycle or _cycle_named(lines, catalog)
    said = []
    if hints.force and named and named != hints.force:
        said.append(f"the text is about {named.name}; recorded for {hints.force.name} as --force says")
    if hints.cycle and named_cycle and named_cycle != hints.cycle:
        said.append(
            f"the text is about PEEL {named_cycle.label}; "
            f"recorded for PEEL {hints.cycle.label} as --year says"
        )
    url = next((line for line in nonempty[:10] if _URL_LINE.match(line)), None)
    first = next((line for line in nonempty if line != url), "")
    dated = next((d for line in nonempty[:8] if _DATE_LINE.match(line) and (d := find_day(line, None))), None)
    source = {
        "title": title or (first if 0 < len(first) <= 200 else f"imported from {hints.name}"),
        "url": url,
        "date": dated.isoformat() if dated else None,
        "issued_by": None,
        "author_role": None,
        "audience": None,
    }
    return _Subject(force, cycle, source, tuple(said))


def _lookup(matcher: ForceMatcher, name: str) -> Force | None:
    try:
        return matcher.resolve(name)
    except HmicError:
        return None


def _most_named(text: str, matcher: ForceMatcher) -> Force:
    counts = matcher.mentions(text)
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked:
        raise ImportFailure("could not find the force in the text; give it with --force")
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        named = ", ".join(f for f, n in ranked if n == ranked[0][1])
        raise ImportFailure(f"the text names several forces equally often ({named}); give one with --force")
    return next(f for f in matcher.forces if f.id == ranked[0][0])


def _cycle_named(lines: list[str], catalog: Catalog) -> Cycle:
    """The cycle the text names: the first named near its top, or the only one it names."""
    named: list[Cycle] = []
    top: Cycle | None = None
    unknown: str | None = None
    for n, line in enumerate(lines):
        for match in _CYCLE_TEXT.finditer(line):
            try:
                cycle = catalog.parse(next(g for g in match.groups() if g))
            except ValueError as exc:
                unknown = unknown or str(exc)
                continue
            named.append(cycle)
            top = top or (cycle if n < 10 else None)
    distinct = list(dict.fromkeys(named))
    if top is not None:
        return top
    if len(distinct) == 1:
        return distinct[0]
    if not distinct:
        raise ImportFailure(f"{unknown}; give the cycle with --year" if unknown else _NO_CYCLE)
    listed = ", ".join(c.label for c in distinct)
    raise ImportFailure(f"the text names several PEEL cycles ({listed}); give the one it reports with --year")


# --- statements: pages, reports and prose ---------------------------------------------


def _statements(lines: list[str], subject: _Subject, matcher: ForceMatcher, hints: Hints) -> Imported:
    """Grades from headings and sentences, with the findings of 2021/22+ reports."""
    cycle, out = subject.cycle, Imported()
    reader = Reader(cycle, subject.force, matcher)
    paragraphs = units(lines)
    found = reader.read(paragraphs)
    pillar = cycle.dimension == "pillar"
    found += _heading_grades(lines, _pillar_heading if pillar else _area_heading(cycle))
    days = _last_updated(lines) if pillar else {}
    published = None if pillar else _published(paragraphs, reader)
    findings = {} if pillar else _findings(lines, cycle, out.notices)
    wanted = hints.areas or tuple(a.id for a in cycle.areas if a.graded != "no")
    found = [s for s in found if s.area in wanted]
    chosen = _settle(found, cycle, out.notices)
    seen = {s.area for s in found}
    for area in cycle.areas:
        if area.id not in wanted or area.graded == "no":
            continue
        statement = chosen.get(area.id)
        if statement is None:
            if area.id not in seen:
                out.looked_for.append(f"grade for {area.name}")
            continue
        record = _record(subject, area.id, statement)
        day = days.get(area.id) or published
        record["published"] = day.isoformat() if day else None
        if pillar and area.id not in days:
            out.looked_for.append(f"publication day for {area.name}")
        causes, improve = findings.get(area.id, ([], []))
        record["causes_of_concern"], record["areas_for_improvement"] = causes, improve
        out.inspections.append(record)
    if not pillar:
        if published is None:
            out.looked_for.append("publication day")
        count = _concern_count(paragraphs, reader, findings, out.notices)
        if count is None:
            out.looked_for.append("number of causes of concern")
        else:
            out.reports.append(_report(subject, count, published))
    return out


def _record(subject: _Subject, area: str, statement: Statement) -> Plain:
    if statement.grade is None:  # _settle never passes one on
        raise ValueError(f"{area}: a record needs a grade")
    return {
        "force": subject.force.id,
        "programme": subject.cycle.programme,
        "cycle": subject.cycle.id,
        "area": area,
        "grade": statement.grade.value,
        "published": None,
        "summary": None,
        "notes": [],
        "evidence": statement.evidence,
        "areas_for_improvement": [],
        "causes_of_concern": [],
        "questions": [],
        "sources": [dict(subject.source)],
    }


def _report(subject: _Subject, count: tuple[int, str], published: date | None) -> Plain:
    number, sentence = count
    source = dict(subject.source)
    source["date"] = source["date"] or (published.isoformat() if published else None)
    return {
        "force": subject.force.id,
        "cycle": subject.cycle.id,
        "causes_of_concern": number,
        "published": published.isoformat() if published else None,
        "notes": [f"Imported; the number of causes of concern is stated as: {sentence}"],
        "sources": [source],
    }


def _settle(found: list[Statement], cycle: Cycle, notices: list[str]) -> dict[str, Statement]:
    """One statement per area; an area the text grades twice differently is left out, with a notice."""
    by_area: dict[str, list[Statement]] = {}
    for statement in found:
        by_area.setdefault(statement.area, []).append(statement)
    chosen: dict[str, Statement] = {}
    for area in cycle.areas:
        statements = by_area.get(area.id)
        if not statements:
            continue
        grades = list(dict.fromkeys(s.grade for s in statements))
        first = statements[0]
        if len(grades) > 1:
            said = ", ".join(g.label if g else "not yet graded" for g in grades)
            notices.append(f"{area.name}: the text states different grades ({said}); not recorded")
        elif first.grade is None:
            notices.append(f"{area.name}: not yet graded in this text, not recorded")
        elif not cycle.allows(first.grade):
            notices.append(
                f"{area.name}: '{first.grade.label}' is not a grade of PEEL {cycle.label}; not recorded"
            )
        else:
            chosen[area.id] = first
    return chosen


def _heading_grades(lines: list[str], heading_of: Callable[[str], str | None]) -> list[Statement]:
    """Grades given as a heading followed by a line holding only the grade.

    Lines of a copied table (a grade line next to another grade line, or a
    heading right after a grade) are not read: a copied table loses which
    column a cell was in.
    """
    text = [line for line in lines if line and not _LAST_UPDATED.match(line)]
    found = []
    for i, line in enumerate(text[:-1]):
        area = heading_of(line)
        grade = _BARE_GRADE.match(text[i + 1])
        if area is None or grade is None:
            continue
        before = text[i - 1] if i else ""
        after = text[i + 2] if i + 2 < len(text) else ""
        if _BARE_GRADE.match(before) or _BARE_GRADE.match(after) or heading_of(after):
            continue
        word = grade.group("grade").lower()
        value = None if word == "not yet graded" else Grade.parse(word)
        found.append(Statement(area, value, f"{line}\n{text[i + 1]}"))
    return found


def _pillar_heading(line: str) -> str | None:
    return _PILLAR_HEADINGS.get(normalise_words(line))


def _area_heading(cycle: Cycle) -> Callable[[str], str | None]:
    names = area_names(cycle)
    return lambda line: names.get(normalise_words(line)) if len(line) <= 120 else None


def _last_updated(lines: list[str]) -> dict[str, date]:
    """The "Last updated" day under each pillar's heading: the day that pillar was published."""
    days: dict[str, date] = {}
    pillar: str | None = None
    for line in lines:
        pillar = _pillar_heading(line) or pillar
        match = _LAST_UPDATED.match(line)
        if match and pillar and pillar not in days:
            day, month, year = (int(g) for g in match.groups())
            try:
                days[pillar] = date(year, month, day)
            except ValueError:
                continue
    return days


def _published(paragraphs: list[str], reader: Reader) -> date | None:
    for paragraph in paragraphs:
        for sentence in sentences(paragraph):
            match = _PUBLISHED.search(sentence)
            if (
                match
                and reader.about_us(sentence)
                and not re.search(r"\b(?:will|to)\s+be\s+published", sentence)
            ):
                return find_day(match.group("day"), None)
    return None


def _findings(lines: list[str], cycle: Cycle, notices: list[str]) -> dict[str, tuple[list[str], list[str]]]:
    """Causes of concern (with their recommendations) and areas for improvement, by area section."""
    heading_of = _area_heading(cycle)
    found: dict[str, tuple[list[str], list[str]]] = {}
    area: str | None = None
    mode = "other"
    causes: list[list[list[str]]] = []  # per cause: [text lines, recommendation lines]
    improve: list[str] = []
    stray = 0

    def close() -> None:
        if area is not None and (causes or improve):
            old_causes, old_improve = found.setdefault(area, ([], []))
            old_causes.extend(_cause_text(c) for c in causes if any(c[0]))
            old_improve.extend(i for i in _improvements(improve) if i not in old_improve)

    for line in lines:
        key = re.sub(r"\s+\d+$", "", normalise_words(line))
        if line and (heading_of(line) or key in _TOP_HEADINGS):
            close()
            area, mode, causes, improve = heading_of(line), "other", [], []
            continue
        kind = _SUBHEADINGS.get(key) if line else None
        if kind == "cause":
            mode = "cause"
            causes.append([[], []])
            stray += area is None
        elif kind == "recommendation":
            mode = "recommendation" if causes and mode in ("cause", "recommendation") else "other"
        elif kind is not None:
            mode = kind
            if kind == "improve":
                improve.append("")
        elif mode == "cause":
            causes[-1][0].append(line)
        elif mode == "recommendation":
            causes[-1][1].append(line)
        elif mode == "improve":
            improve.append(line)
    close()
    if stray:
        notices.append(f"{stray} 'Cause of concern' section(s) outside any area's section; not recorded")
    return found


def _cause_text(cause: list[list[str]]) -> str:
    """A cause of concern as the report words it, with its recommendations after it."""
    text = [t for _, t in paragraphs(cause[0])]
    recommendations = [f"- {t}" if bullet else t for bullet, t in paragraphs(cause[1])]
    return "\n".join([*text, "Recommendations:", *recommendations] if recommendations else text)


def _improvements(lines: list[str]) -> list[str]:
    """The areas for improvement: the "should" sentences where the report explains them further."""
    items = [
        t for _, t in paragraphs(lines) if not re.fullmatch(r"areas? for improvement \d+", t, re.IGNORECASE)
    ]
    should = [i for i in items if _SHOULD.match(i)]
    return should or items


def _concern_count(
    paragraphs: list[str],
    reader: Reader,
    findings: dict[str, tuple[list[str], list[str]]],
    notices: list[str],
) -> tuple[int, str] | None:
    """The number of causes of concern, only where the text states it."""
    stated: dict[int, str] = {}
    for paragraph in paragraphs:
        for sentence in sentences(paragraph):
            if _COUNT_HEDGE.search(sentence) or not reader.about_us(sentence):
                continue
            match = _COUNT.search(sentence)
            if match:
                word = match.group("n").lower()
                stated.setdefault(_NUMBERS.index(word) if word in _NUMBERS else int(word), sentence)
            elif _NO_COUNT.search(sentence):
                stated.setdefault(0, sentence)
    if len(stated) > 1:
        notices.append(
            f"the text states different numbers of causes of concern ({', '.join(map(str, stated))})"
        )
        return None
    if not stated:
        return None
    number, sentence = next(iter(stated.items()))
    sections = sum(len(causes) for causes, _ in findings.values())
    if sections != number:
        notices.append(
            f"the text states {number} causes of concern but {sections} 'Cause of concern' sections were read"
        )
    return number, sentence


# --- the founding briefing layout ------------------------------------------------------


def _briefing(lines: list[str], subject: _Subject, hints: Hints) -> Imported:
    """A briefing on one pillar: its questions, findings and overall grade."""
    text = "\n".join(lines)
    pillar = hints.areas[0] if hints.areas else _briefing_pillar(text)
    overall = _OVERALL.search(text)
    if pillar is None or subject.cycle.area(pillar) is None or overall is None:
        raise ImportFailure("could not tell which pillar the briefing is about; give it with --area")
    grade = Grade.parse(overall.group("grade"))
    if not subject.cycle.allows(grade):
        raise ImportFailure(f"'{grade.label}' is not a grade of PEEL {subject.cycle.label}")
    doc_date = next((d for line in lines[:8] if line and (d := find_day(line, None))), None)
    source = _briefing_source(lines, doc_date, hints.name)
    record = _record(
        _Subject(subject.force, subject.cycle, source),
        pillar,
        Statement(pillar, grade, overall.group().strip()),
    )
    published = re.search(
        r"\bOn\s+(\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+(?:,?\s+\d{4})?),?\s+the results", text
    ) or re.search(r"\bpublished(?:\s+on)?\s+(\d{1,2}\s+[A-Za-z]+\s+\d{4})", text, re.IGNORECASE)
    day = find_day(published.group(1), doc_date.year if doc_date else None) if published else None
    if day and doc_date and day > doc_date:
        day = day.replace(year=day.year - 1)
    record["published"] = day.isoformat() if day else None
    record["questions"] = _questions(lines)
    record["summary"], record["notes"] = _comment(lines)
    out = Imported(inspections=[record])
    if day is None:
        out.looked_for.append("publication day")
    return out


def _briefing_pillar(text: str) -> str | None:
    counts = {
        p: len(re.findall(rf"\b{p}\b", text, re.IGNORECASE))
        for p in ("effectiveness", "efficiency", "legitimacy")
    }
    best = max(counts, key=lambda p: counts[p])
    return best if counts[best] else None


def _questions(lines: list[str]) -> list[Plain]:
    questions: list[Plain] = []
    body: list[str] = []
    current: Plain | None = None

    def close() -> None:
        if current is None:
            return
        highlights: list[str] = []
        areas: list[str] = []
        target = highlights
        group: list[str] = []
        for line in [*body, ""]:
            if _HIGHLIGHTS.match(line):
                continue
            if _AFI_START.search(line) and line.endswith(":"):
                target.extend(blocks(group))
                target, group = areas, []
                continue
            group.append(line)
        target.extend(blocks(group))
        current["highlights"], current["areas_for_improvement"] = highlights, areas
        questions.append(current)

    for line in lines:
        match = _QUESTION.match(line)
        if match:
            close()
            number, question = len(questions) + 1, re.sub(r"\s+", " ", match.group("text")).strip()
            current = {"number": number, "text": question, "grade": Grade.parse(match.group("grade")).value}
            body = []
        elif current is not None and _SECTION.match(line):
            close()
            current = None
        elif current is not None:
            body.append(line)
    close()
    return questions


def _comment(lines: list[str]) -> tuple[str | None, list[str]]:
    """The inspectors' conclusion (the summary) and the other remarks (notes) of the closing comment."""
    summary: str | None = None
    notes: list[str] = []
    start = next((i + 1 for i, line in enumerate(lines) if re.match(r"^Comment on\b", line)), None)
    if start is None:
        return None, []
    end = next((i for i in range(start, len(lines)) if re.match(r"^\d+\.\s+\S", lines[i])), len(lines))
    for paragraph in blocks(lines[start:end]):
        conclusion = re.match(r"^HMIC's assessment concludes:?\s*(.*)$", paragraph)
        if conclusion:
            summary = conclusion.group(1).strip() or None
        else:
            notes.append(paragraph)
    return summary, notes


def _briefing_source(lines: list[str], doc_date: date | None, name: str) -> Plain:
    nonempty = [line for line in lines if line]
    title = next(
        (
            line
            for line in nonempty[:6]
            if not find_day(line, None) and not line.lower().startswith("report of")
        ),
        None,
    )
    issued = next(
        (line[len("Report of ") :].strip() for line in nonempty[:8] if line.startswith("Report of ")), None
    )
    audience = re.search(r"brief the ([A-Z][\w ]*?Panel)\b", " ".join(nonempty))
    role = None
    if "Report author:" in nonempty:
        at = nonempty.index("Report author:")
        after = nonempty[at + 1 : at + 3]
        role = after[1] if len(after) == 2 and not _CONTACT.search(after[1]) else None
    return {
        "title": title or f"imported from {name}",
        "url": None,
        "date": doc_date.isoformat() if doc_date else None,
        "issued_by": issued,
        "author_role": role,
        "audience": audience.group(1) if audience else None,
    }
