"""The briefing paper (``hmic brief``): one force's PEEL cycle, written for people.

What a brief says is decided once, in ``document``, as sections made of
paragraphs, bullet lists and a table; ``to_markdown``, ``to_html`` and
``to_docx`` only draw that, so the three formats can never disagree. Sections
with nothing to say are left out and the rest are numbered as they are drawn,
so the numbering has no gaps. Prose is built from runs of plain text: text
from the data is never markup, and each renderer escapes every run for its
own format.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from .errors import UsageError
from .formats.listing import clean
from .formats.machine import md_escape
from .model import Area, Cycle, Force, Grade, Inspection, ReportFacts, Source
from .query import (
    DECLINED,
    IMPROVED,
    NOT_COMPARABLE,
    NOT_HELD,
    SAME,
    Filters,
    change,
    concern_words,
    position,
    previous,
    select,
)

if TYPE_CHECKING:
    from .dataset import Dataset

# -- the document ------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A stretch of text; ``strong`` ones (grades, labels) are drawn in bold."""

    text: str
    strong: bool = False


Line = tuple[Run, ...]


@dataclass(frozen=True)
class Paragraph:
    runs: Line


@dataclass(frozen=True)
class Bullets:
    items: tuple[Line, ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row; every cell is plain text."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Subheading:
    """A heading inside a section, numbered after it when drawn (4.1, 4.2 ...)."""

    text: str


@dataclass(frozen=True)
class Sources:
    """Documents as (description, address): the address is a link where it is a web address."""

    items: tuple[tuple[str, str | None], ...]


Part = Paragraph | Bullets | Table | Subheading | Sources


@dataclass(frozen=True)
class Section:
    title: str
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Document:
    """A brief: a title and the sections that have something to say, in order."""

    title: str
    force: Force
    cycle: Cycle
    records: tuple[Inspection, ...]
    sections: tuple[Section, ...]

    def numbered(self) -> list[tuple[int, Section]]:
        return list(enumerate(self.sections, start=1))


def document(ds: Dataset, filters: Filters) -> Document:
    """The brief for one force: its latest cycle in the data, or the one ``filters`` name.

    ``--year`` and ``--area`` only narrow what is covered; a request with no
    record is a ``UsageError`` that says what the data holds instead.
    """
    if len(filters.forces) != 1:
        raise UsageError("a brief covers one force: give exactly one FORCE")
    force = filters.forces[0]
    records = _chosen(ds, force, filters)
    cycle = records[0].cycle
    facts = ds.report(force.id, cycle.id)
    narrowed = bool(filters.areas)
    title = f"{force.name}: PEEL {cycle.label}"
    if narrowed:
        title += f", {_and([i.area.name for i in records])}"
    sections = [
        Section("Purpose", _purpose(force, cycle, records, narrowed)),
        Section("Summary", _summary(ds, force, cycle, records, facts)),
        Section(f"Grades by {_dimension(cycle)}", _grades(ds, records, facts)),
        Section("Findings", _findings(records)),
        Section("Areas for improvement and causes of concern", _improvements(records, facts)),
        Section("The national picture", _national(ds, records)),
        Section("Sources", _sources(records, facts)),
    ]
    return Document(title, force, cycle, tuple(records), tuple(s for s in sections if s.parts))


def _chosen(ds: Dataset, force: Force, filters: Filters) -> list[Inspection]:
    """The records a brief covers, in report order; ``UsageError`` naming what exists if none."""
    found = select(ds, Filters(forces=(force,), cycle=filters.cycle, areas=filters.areas))
    if found:
        latest = max(found, key=lambda i: i.cycle.order).cycle
        return sorted((i for i in found if i.cycle.id == latest.id), key=lambda i: i.area.order)
    held = select(ds, Filters(forces=(force,)))
    if not held:
        raise UsageError(f"the hmic dataset holds no records for {force.name}")
    cycles = ", ".join(c.label for c in ds.catalog if any(i.cycle.id == c.id for i in held))
    wanted = _and([_area_name(ds, a) for a in filters.areas], "or")
    if filters.cycle is None:
        raise UsageError(f"no record of {wanted} for {force.name} (cycles held for it: {cycles})")
    in_cycle = [i for i in held if i.cycle.id == filters.cycle.id]
    if not in_cycle:
        raise UsageError(
            f"no records for {force.name} in PEEL {filters.cycle.label} (cycles held for it: {cycles})"
        )
    areas = ", ".join(i.area.name for i in sorted(in_cycle, key=lambda i: i.area.order))
    raise UsageError(
        f"no record of {wanted} for {force.name} in PEEL {filters.cycle.label} (held for that cycle: {areas})"
    )


def _area_name(ds: Dataset, area_id: str) -> str:
    return next((a.name for c in ds.catalog for a in c.areas if a.id == area_id), area_id)


# -- wording -------------------------------------------------------------------


def _day(d: date) -> str:
    """A date as a briefing writes it: 2 March 2017 (hmic never sets a locale, so months are English)."""
    return f"{d.day} {d:%B %Y}"


def _and(items: Sequence[str], word: str = "and") -> str:
    """Items in prose: "a, b and c", or "a; b; and c" when an item has commas or "and" of its own."""
    if len(items) <= 1:
        return "".join(items)
    if any("," in item or " and " in item for item in items):
        return f"{'; '.join(items[:-1])}; {word} {items[-1]}"
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def _dimension(cycle: Cycle) -> str:
    return "pillar" if cycle.dimension == "pillar" else "area"


def _kind(cycle: Cycle) -> str:
    """PEEL reports were "assessments" in the pillar years and "inspections" since."""
    return "assessment" if cycle.dimension == "pillar" else "inspection"


def _inspectorate(cycle: Cycle) -> str:
    """HMIC became HMICFRS in July 2017; the 2015 and 2016 PEEL reports came out before that."""
    return "HMIC" if cycle.year <= 2016 else "HMICFRS"


def _area_words(area: Area) -> str:
    """An area's name inside a sentence: "for effectiveness", "for investigating crime".

    Only the first letter is lowered, and only when the name is in sentence
    case, so that names such as "Strategic Policing Requirement" keep theirs.
    """
    words = area.name.split()
    if words and words[0][1:].islower() and not any(w[:1].isupper() for w in words[1:]):
        return area.name[:1].lower() + area.name[1:]
    return area.name


def _grade_text(grade: Grade) -> str:
    """A grade in a table cell, as the inspectorate writes it; unknown is what the data lacks."""
    return NOT_HELD if grade is Grade.UNKNOWN else grade.title


def _sentence(*runs: Run | str) -> Line:
    return tuple(Run(r) if isinstance(r, str) else r for r in runs if r)


def _strong(text: str) -> Run:
    return Run(text, strong=True)


def _joined(parts: Sequence[Line], word: str = "and") -> Line:
    """Lines joined as a list in prose: "a, b and c"; "a and b, and c" keeps the last one apart."""
    inner = any(f" {word} " in "".join(r.text for r in part) for part in parts)
    out: list[Run] = []
    for n, part in enumerate(parts):
        if n == len(parts) - 1 and n:
            out.append(Run(f" {word} " if n == 1 and not inner else f", {word} "))
        elif n:
            out.append(Run(", "))
        out.extend(part)
    return tuple(out)


# -- sections ------------------------------------------------------------------


def _purpose(force: Force, cycle: Cycle, records: list[Inspection], narrowed: bool) -> tuple[Part, ...]:
    kind = _kind(cycle)
    text = (
        f"To summarise the outcome of {_inspectorate(cycle)}'s PEEL {cycle.label} {kind} of "
        f"{force.name}, from the records of the hmic dataset."
    )
    names = [_area_words(i.area) for i in records]
    if narrowed or cycle.dimension == "pillar" or len(records) <= 3:
        text += f" It covers {_and(names)}{' only' if narrowed else ''}."
    else:
        text += f" It covers the {len(records)} areas of the report that the dataset holds."
    return (Paragraph(_sentence(text)),)


def _summary(
    ds: Dataset, force: Force, cycle: Cycle, records: list[Inspection], facts: ReportFacts | None
) -> tuple[Part, ...]:
    parts: list[Part] = []
    parts += _grade_summary(force, cycle, records)
    published = _published(records, facts)
    if isinstance(published, str):
        parts.append(Paragraph(_sentence(published)))
    if facts is not None:
        parts.append(Paragraph(_sentence(concern_words(facts) + ".")))
    changes, incomparable = _changes(ds, records)
    if len(changes) == 1:
        parts.append(Paragraph(changes[0]))
    elif changes:
        parts.append(Bullets(tuple(changes)))
    if cycle.note:
        parts.append(Paragraph(_sentence(cycle.note)))
    elif incomparable:
        parts.append(
            Paragraph(
                _sentence(
                    f"HMICFRS says the grades of PEEL {cycle.label} cannot be compared with those of "
                    f"PEEL {_and(incomparable)}, so no change since then is stated."
                )
            )
        )
    if not any(i.is_detailed for i in records):
        parts.append(
            Paragraph(
                _sentence(
                    f"The inspectors' findings are {NOT_HELD}; this brief gives the grades and their context."
                )
            )
        )
    return tuple(parts)


def _grade_summary(force: Force, cycle: Cycle, records: list[Inspection]) -> list[Part]:
    """The grades in words: a sentence for the pillars, a list for the areas.

    Pillar names are single words that read well in a sentence ("graded
    Outstanding for effectiveness and efficiency"); the areas' names hold
    commas and "and" of their own, so each grade gets a line listing them.
    """
    if cycle.dimension == "pillar" or len(records) == 1:
        line = _grade_sentences(force, cycle, records)
        return [Paragraph(line)] if line else []
    kinds: list[tuple[Run, list[Inspection]]] = [
        (_strong(g.title), [i for i in records if i.grade is g]) for g in cycle.scale
    ]
    kinds.append((Run(f"Grade {NOT_HELD}"), [i for i in records if i.grade is Grade.UNKNOWN]))
    kinds.append((Run("Not graded"), [i for i in records if i.grade is Grade.NOT_GRADED]))
    items = tuple(
        (label, Run(": " + "; ".join(i.area.name for i in chosen) + ".")) for label, chosen in kinds if chosen
    )
    return [Paragraph(_sentence(f"{force.name}'s grades in PEEL {cycle.label}:")), Bullets(items)]


def _grade_sentences(force: Force, cycle: Cycle, records: list[Inspection]) -> Line:
    """ "Durham Constabulary was graded Outstanding for effectiveness and efficiency, and Good for ..."."""
    by_grade = {g: [_area_words(i.area) for i in records if i.grade is g] for g in cycle.scale}
    groups = [(_strong(g.title), Run(f" for {_and(names)}")) for g, names in by_grade.items() if names]
    runs: list[Run] = []
    if groups:
        runs += [Run(f"{force.name} was graded "), *_joined(groups), Run(".")]
    unknown = [_area_words(i.area) for i in records if i.grade is Grade.UNKNOWN]
    if unknown:
        whose = "Its" if groups else f"{force.name}'s"
        plural = "grades" if len(unknown) > 1 else "grade"
        verb = "are" if len(unknown) > 1 else "is"
        runs.append(Run(f"{' ' if runs else ''}{whose} {plural} for {_and(unknown)} {verb} {NOT_HELD}."))
    not_graded = [i.area.name for i in records if i.grade is Grade.NOT_GRADED]
    if not_graded:
        verb = "were" if len(not_graded) > 1 else "was"
        runs.append(Run(f"{' ' if runs else ''}{_and(not_graded)} {verb} not graded."))
    return tuple(runs)


def _which(records: list[Inspection], *, other: bool = False) -> str:
    """A few areas by name; many by their number ("the other 10 areas"), to keep sentences readable."""
    if len(records) <= 3:
        return _and([_area_words(i.area) for i in records])
    return f"the {'other ' if other else ''}{len(records)} {_dimension(records[0].cycle)}s"


def _published(records: list[Inspection], facts: ReportFacts | None) -> str | None:
    """One sentence when the records share a date (or none is held); ``None`` when they differ."""
    days = {i.published for i in records}
    if days == {None} and facts is not None and facts.published is not None:
        days = {facts.published}
    if len(days) > 1:
        return None
    (day,) = days
    if day is None:
        return f"The publication date is {NOT_HELD}."
    return f"Published on {_day(day)}."


def _changes(ds: Dataset, records: list[Inspection]) -> tuple[list[Line], list[str]]:
    """Sentences on the change since the previous assessment, and the cycles that cannot be compared."""
    sentences: list[Line] = []
    incomparable: list[str] = []
    single = len(records) == 1
    for i in records:
        before = previous(ds, i)
        if before is None or not i.grade.is_judgement:
            continue
        direction = change(before, i)
        earlier = f"the previous assessment (PEEL {before.cycle.label})"
        if direction == NOT_COMPARABLE:
            if before.cycle.label not in incomparable:
                incomparable.append(before.cycle.label)
            continue
        lead = "" if single else f"For {_area_words(i.area)}, "
        if direction == SAME:
            line = _sentence(_cap(f"{lead}{earlier} also graded it "), _strong(before.grade.title), ".")
        elif direction in (IMPROVED, DECLINED):
            line = _sentence(
                _cap(f"{lead}the grade {direction} from "), _strong(before.grade.title), f" in {earlier}."
            )
        elif before.grade is Grade.NOT_GRADED:
            line = _sentence(_cap(f"{lead}{earlier} did not grade it, so no change can be stated."))
        else:
            line = _sentence(_cap(f"{lead}the grade in {earlier} is {NOT_HELD}, so no change can be stated."))
        sentences.append(line)
    return sentences, incomparable


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _previous_cell(ds: Dataset, i: Inspection) -> str | None:
    before = previous(ds, i)
    if before is None:
        return None
    was, where = _grade_text(before.grade), f"PEEL {before.cycle.label}"
    direction = change(before, i)
    if direction == NOT_COMPARABLE:
        return f"{where}: {was}; cannot be compared"
    if direction == SAME:
        return f"Also {was} ({where})"
    if direction in (IMPROVED, DECLINED):
        return f"{_cap(direction)} from {was} ({where})"
    return f"{where}: {was}; no change can be stated"


def _no_previous(ds: Dataset, i: Inspection) -> str:
    """Why no earlier grade is shown: a new area, or an earlier grade the data does not hold."""
    earlier = [c for c in ds.catalog if c.order < i.cycle.order and c.area(i.area.id) is not None]
    return NOT_HELD if earlier else f"a new area in PEEL {i.cycle.label}"


def _grades(ds: Dataset, records: list[Inspection], facts: ReportFacts | None) -> tuple[Part, ...]:
    """The grades table, then the data's own notes on them (each said once, with its areas)."""
    cycle = records[0].cycle
    header = [_cap(_dimension(cycle)), "Grade"]
    dated = _published(records, facts) is None
    if dated:
        header.append("Published")
    before = [_previous_cell(ds, i) for i in records]
    compared = any(b is not None for b in before)
    if compared:
        header.append("Previous assessment")
    rows = []
    for i, prev in zip(records, before, strict=True):
        row = [i.area.name, _grade_text(i.grade)]
        if dated:
            row.append(_day(i.published) if i.published else NOT_HELD)
        if compared:
            row.append(prev or _no_previous(ds, i))
        rows.append(tuple(row))
    parts: list[Part] = [Table(tuple(header), tuple(rows))]
    notes: dict[str, list[str]] = {}
    for i in records:
        for note in i.notes:
            notes.setdefault(note, []).append(i.area.name)
    items = [_sentence(f"{'; '.join(areas)}: ", note) for note, areas in notes.items()]
    if facts is not None:
        items += [_sentence("Causes of concern: ", note) for note in facts.notes]
    if items:
        parts += [Paragraph((_strong("Notes in the data"),)), Bullets(tuple(items))]
    return tuple(parts)


def _findings(records: list[Inspection]) -> tuple[Part, ...]:
    """What the inspectors found, for the records that hold it; a line for those that do not."""
    detailed = [i for i in records if i.is_detailed]
    if not detailed:
        return ()
    parts: list[Part] = []
    for i in detailed:
        parts.append(Subheading(i.area.name))
        if i.summary:
            parts.append(Paragraph(_sentence(_strong("Inspectors' conclusion: "), i.summary)))
        if i.evidence:
            parts.append(Paragraph(_sentence(_strong("Evidence: "), i.evidence)))
        for q in i.questions:
            if q.grade.is_judgement:
                graded = _sentence(" Graded ", _strong(q.grade.title), ".")
            elif q.grade is Grade.NOT_GRADED:
                graded = _sentence(" Not graded.")
            else:
                graded = _sentence(f" Grade {NOT_HELD}.")
            parts.append(Paragraph((_strong(f"Question {q.number}. "), Run(q.text), *graded)))
            if q.highlights:
                parts.append(Bullets(tuple(_sentence(h) for h in q.highlights)))
    missing = [i for i in records if not i.is_detailed]
    if missing:
        parts.append(Paragraph(_sentence(f"Findings for {_which(missing, other=True)} are {NOT_HELD}.")))
    return tuple(parts)


def _improvements(records: list[Inspection], facts: ReportFacts | None) -> tuple[Part, ...]:
    """Causes of concern and areas for improvement as the data words them, each with its place."""
    single = len(records) == 1
    concerns: list[Line] = []
    areas: list[Line] = []
    for i in records:
        where = "" if single else i.area.name
        concerns += [_sentence(f"{where}: " if where else "", text) for text in i.causes_of_concern]
        areas += [_sentence(f"{where}: " if where else "", text) for text in i.areas_for_improvement]
        for q in i.questions:
            at = f"{where}, question {q.number}: " if where else f"Question {q.number}: "
            areas += [_sentence(at, text) for text in q.areas_for_improvement]
    parts: list[Part] = []
    if concerns:
        parts += [Paragraph((_strong("Causes of concern"),)), Bullets(tuple(concerns))]
    count = facts.causes_of_concern if facts is not None else None
    if count and not concerns:
        what = "1 cause of concern; its" if count == 1 else f"{count} causes of concern; their"
        parts.append(Paragraph(_sentence(f"The report raised {what} wording is {NOT_HELD}.")))
    elif count and len(concerns) < count:
        parts.append(
            Paragraph(
                _sentence(
                    f"The report raised {count} causes of concern; "
                    f"the wording of {count - len(concerns)} of them is {NOT_HELD}."
                )
            )
        )
    if areas:
        parts += [Paragraph((_strong("Areas for improvement"),)), Bullets(tuple(areas))]
    missing = [i for i in records if not i.is_detailed]
    if parts and missing:
        parts.append(
            Paragraph(
                _sentence(
                    f"Areas for improvement and causes of concern for "
                    f"{_which(missing, other=len(missing) < len(records))} are {NOT_HELD}."
                )
            )
        )
    return tuple(parts)


def _national(ds: Dataset, records: list[Inspection]) -> tuple[Part, ...]:
    """Where each grade stands among all forces', counting only the grades the data holds."""
    lines = [_standing(ds, i) for i in records if i.grade.is_judgement]
    parts: list[Part] = []
    if len(lines) == 1:
        parts.append(Paragraph(lines[0]))
    elif lines:
        parts.append(Bullets(tuple(lines)))
    unknown = [i for i in records if i.grade is Grade.UNKNOWN]
    whose = "Its" if lines else f"{records[0].force.name}'s"
    if 0 < len(unknown) <= 3:
        text = f"{whose} place nationally for {_which(unknown)} cannot be given: its grade is {NOT_HELD}."
    elif unknown:
        text = f"{whose} place nationally cannot be given for {_which(unknown)} whose grade is {NOT_HELD}."
    if unknown:
        parts.append(Paragraph(_sentence(text)))
    return tuple(parts)


def _standing(ds: Dataset, i: Inspection) -> Line:
    """One grade among all forces' for the same cycle and area.

    Only judgements are counted; forces whose grade the data lacks, or that
    were not graded, are said apart, so that "the only one" is never claimed
    over forces the data is silent on.
    """
    p = position(ds, i)
    not_graded = p.total - p.known - p.unknown
    name, area, grade = i.force.name, _area_words(i.area), _strong(i.grade.title)
    if not (p.unknown or not_graded):
        if p.same == 1:
            return _sentence(
                f"{name} was the only one of the {p.known} forces graded ", grade, f" for {area}."
            )
        return _sentence(
            f"Of the {p.known} forces, {p.same} were graded ", grade, f" for {area}, {name} among them."
        )
    group = f"the {p.known} forces {'whose grade for' if p.unknown else 'graded for'} {area}"
    group += " is held" if p.unknown else ""
    if p.same == 1:
        head = _sentence(f"Of {group}, {name} was the only one graded ", grade)
    else:
        head = _sentence(f"Of {group}, {p.same} were graded ", grade, f", {name} among them")
    apart = []
    if p.unknown:
        more = "1 more force" if p.unknown == 1 else f"{p.unknown} more forces"
        apart.append(f"for {more} the grade is {NOT_HELD}")
    if not_graded:
        apart.append("1 force was not graded" if not_graded == 1 else f"{not_graded} forces were not graded")
    return (*head, Run(f"; {'; '.join(apart)}."))


def _sources(records: list[Inspection], facts: ReportFacts | None) -> tuple[Part, ...]:
    """Every document the brief's facts come from, each once, in the order first cited."""
    found: dict[tuple[str, str | None], None] = {}
    cited: list[Iterable[Source]] = [i.sources for i in records]
    if facts is not None:
        cited.append(facts.sources)
    for sources in cited:
        for s in sources:
            found[(replace(s, url=None).describe(), s.url)] = None
    return (Sources(tuple(found)),) if found else ()


# -- Markdown --------------------------------------------------------------------


def _md(text: str) -> str:
    """Markdown-escaped data: ``md_escape`` plus entities, strikethrough and list markers.

    A backslash before any ASCII punctuation is a literal in CommonMark, so
    escaping more than needed never shows.
    """
    escaped = md_escape(text.strip())
    escaped = re.sub(r"&(?=#?\w+;)|~", lambda m: "\\" + m.group(0), escaped)
    return re.sub(r"^(?:(\d+)(?=[.)])|(?=[-+=]))", lambda m: (m.group(1) or "") + "\\", escaped)


def _md_line(runs: Line) -> str:
    return "".join(_md_run(r) for r in runs)


def _md_run(run: Run) -> str:
    """One run; its outer spaces stay outside ``**`` (Markdown ignores ``** bold**``)."""
    core = _md(run.text)
    if not core:
        return " " if run.text else ""
    if run.strong:
        core = f"**{core}**"
    lead = " " if run.text[:1].isspace() else ""
    trail = " " if run.text[-1:].isspace() else ""
    return f"{lead}{core}{trail}"


def _is_link(url: str | None) -> bool:
    return url is not None and re.fullmatch(r"https?://[^\s<>\"']+", url) is not None


def to_markdown(doc: Document) -> str:
    """GitHub-flavoured Markdown, for pasting into a paper or a pull request."""
    out = [f"# {_md(doc.title)}", ""]
    for n, section in doc.numbered():
        out += [f"## {n}. {_md(section.title)}", ""]
        sub = 0
        for part in section.parts:
            if isinstance(part, Paragraph):
                out += [_md_line(part.runs), ""]
            elif isinstance(part, Bullets):
                out += [*(f"- {_md_line(item)}" for item in part.items), ""]
            elif isinstance(part, Subheading):
                sub += 1
                out += [f"### {n}.{sub} {_md(part.text)}", ""]
            elif isinstance(part, Table):
                out.append("| " + " | ".join(_md(h) for h in part.header) + " |")
                out.append("|" + "|".join("---" for _ in part.header) + "|")
                out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in part.rows]
                out.append("")
            else:
                out += [f"- {_md_source(text, url)}" for text, url in part.items] + [""]
    return "\n".join(out).rstrip("\n") + "\n"


def _md_source(text: str, url: str | None) -> str:
    """A source with its address as an autolink (never escaped, so it stays whole and clickable)."""
    shown = [_md(text)] if text else []
    if url is not None:
        shown.append(f"<{url}>" if _is_link(url) else _md(url))
    return ": ".join(shown)


# -- HTML ------------------------------------------------------------------------

_STYLE = """
body { font-family: system-ui, "Segoe UI", Arial, sans-serif; line-height: 1.5; color: #1b1b1b;
       max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.8rem; margin-bottom: 1.5rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid #b1b4b6; }
h3 { font-size: 1.1rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { border: 1px solid #b1b4b6; padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f3f2f1; }
a { overflow-wrap: anywhere; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }
""".strip()


def _h(text: str) -> str:
    return html.escape(clean(text), quote=True)


def _html_line(runs: Line) -> str:
    return "".join(f"<strong>{_h(r.text)}</strong>" if r.strong else _h(r.text) for r in runs)


def to_html(doc: Document) -> str:
    """A standalone page (a small inline stylesheet, no scripts, nothing fetched)."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="hmic">',
        f"<title>{_h(doc.title)}</title>",
        f"<style>\n{_STYLE}\n</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{_h(doc.title)}</h1>",
    ]
    for n, section in doc.numbered():
        out += ["<section>", f"<h2>{n}. {_h(section.title)}</h2>"]
        sub = 0
        for part in section.parts:
            if isinstance(part, Paragraph):
                out.append(f"<p>{_html_line(part.runs)}</p>")
            elif isinstance(part, Bullets):
                out += ["<ul>", *(f"<li>{_html_line(item)}</li>" for item in part.items), "</ul>"]
            elif isinstance(part, Subheading):
                sub += 1
                out.append(f"<h3>{n}.{sub} {_h(part.text)}</h3>")
            elif isinstance(part, Table):
                out += ["<table>", "<thead>", "<tr>"]
                out += [f'<th scope="col">{_h(h)}</th>' for h in part.header]
                out += ["</tr>", "</thead>", "<tbody>"]
                out += ["<tr>" + "".join(f"<td>{_h(c)}</td>" for c in row) + "</tr>" for row in part.rows]
                out += ["</tbody>", "</table>"]
            else:
                out += ["<ul>", *(f"<li>{_html_source(text, url)}</li>" for text, url in part.items), "</ul>"]
        out.append("</section>")
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _html_source(text: str, url: str | None) -> str:
    shown = [_h(text)] if text else []
    if url is not None:
        shown.append(f'<a href="{_h(url)}">{_h(url)}</a>' if _is_link(url) else _h(url))
    return ": ".join(shown)


# -- Word ----------------------------------------------------------------------------


def to_docx(doc: Document) -> bytes:
    """A Word document with real headings, a grades table with a header row, and bullet lists."""
    import docx

    word = docx.Document()
    word.core_properties.title = doc.title
    word.core_properties.author = "hmic"
    word.core_properties.comments = "Written by hmic from the hmic dataset."
    word.add_heading(clean(doc.title), level=0)
    for n, section in doc.numbered():
        word.add_heading(f"{n}. {clean(section.title)}", level=1)
        sub = 0
        for part in section.parts:
            if isinstance(part, Paragraph):
                _docx_runs(word.add_paragraph(), part.runs)
            elif isinstance(part, Bullets):
                for item in part.items:
                    _docx_runs(word.add_paragraph(style="List Bullet"), item)
            elif isinstance(part, Subheading):
                sub += 1
                word.add_heading(f"{n}.{sub} {clean(part.text)}", level=2)
            elif isinstance(part, Table):
                _docx_table(word, part)
            else:
                for text, url in part.items:
                    entry = word.add_paragraph(style="List Bullet")
                    if text:
                        entry.add_run(clean(text) + (": " if url else ""))
                    if url is not None:
                        # Whole and unbroken, so that Word and readers can follow it.
                        entry.add_run(clean(url))
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _docx_runs(paragraph: Any, runs: Line) -> None:
    for r in runs:
        run = paragraph.add_run(clean(r.text))
        if r.strong:
            run.bold = True


def _docx_table(word: Any, table: Table) -> None:
    """A grid table whose first row, in bold, names the columns."""
    grid = word.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
        cell.paragraphs[0].add_run(clean(text)).bold = True
    for row in table.rows:
        for cell, text in zip(grid.add_row().cells, row, strict=True):
            cell.text = clean(text)
