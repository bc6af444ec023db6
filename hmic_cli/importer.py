"""Turn the plain text of a report into inspection records (plain dicts).

Two layouts are understood:

* a Panel briefing like the founding Durham briefing: questions that end in
  their grade, "The assessment highlights:" followed by bullets or
  paragraphs, "area(s) for improvement" lists, an overall grade and a
  publication day;
* the summary of an HMIC PEEL force page: "The extent to which the force is
  effective at ... is good." lines under a title such as "Kent 2016".

Text copied from PDF or Word is normalised first (bullets, curly quotes,
CRLF, page headers, hard-wrapped lines). Every failure is an ``ImportFailure``
with a one-line message; nothing here touches the file system.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .errors import HmicError
from .model import Force, Grade, Pillar, Plain

MAX_BYTES = 5 * 1024 * 1024

_GRADE_WORDS = r"outstanding|good|adequate|requires improvement|inadequate"
_BULLET = re.compile(r"^\s*(?:[•●◦▪▫■□‣⁃∙·\-\*–—]|\d+[.)])\s+")
_PAGE_NOISE = re.compile(r"^\s*(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s*(?:/\s*\d+)?|\f)\s*$", re.IGNORECASE)
_QUESTION = re.compile(
    r"^(?P<text>(?:How|To what extent)\b.*?\?)\s*[-:–]?\s*"
    rf"(?P<grade>{_GRADE_WORDS}|\(?not graded\)?|\(?ungraded\)?)\.?\s*$",
    re.IGNORECASE,
)
_EXTENT = re.compile(
    r"The extent to which (?:the force|[A-Z][\w&' -]+?) is (?P<pillar>effective|efficient|legitimate)\b"
    rf"[^.]*?(?P<grade>{_GRADE_WORDS})\s*\.",
    re.IGNORECASE,
)
_MONTH_NAMES = "january february march april may june july august september october november december"
_MONTHS = {m: n for n, m in enumerate(_MONTH_NAMES.split(), 1)}
_DAY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)(?:,?\s+(\d{4}))?\b")
_PILLAR_ADJ = {"effective": "effectiveness", "efficient": "efficiency", "legitimate": "legitimacy"}


class ImportFailure(HmicError):
    """The text could not be turned into a record (exit 1)."""


@dataclass(frozen=True)
class Hints:
    """What the user told us on the command line; overrides the text."""

    force: Force | None = None
    year: int | None = None
    pillar: Pillar | None = None
    name: str = "-"


def decode(data: bytes, name: str) -> str:
    """Bytes to normalised text, or a clear ``ImportFailure``."""
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
    """Undo what copying from PDF or Word does to text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for curly, straight in (("‘", "'"), ("’", "'"), ("‛", "'"), ("“", '"'), ("”", '"'), ("\u00a0", " ")):
        text = text.replace(curly, straight)
    text = re.sub(r"[\u200b\ufeff]", "", text)
    text = re.sub(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])", r"\1", text)  # *emphasis*
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text.replace("\t", " ").replace("\f", "\n"))
    lines = [line.rstrip() for line in text.split("\n") if not _PAGE_NOISE.match(line)]
    headers = _running_headers(lines)
    return "\n".join(line for line in lines if line.strip() not in headers)


def _running_headers(lines: list[str]) -> set[str]:
    """Short lines repeated on every page (a PDF's running header or footer).

    Headings that end in ":" or "?" (such as "The assessment highlights:")
    repeat too, but they are the report's structure, so they are kept.
    """
    counts: dict[str, int] = {}
    for line in lines:
        key = line.strip()
        if key and len(key) <= 100 and not key.endswith((":", "?")) and not _BULLET.match(key):
            counts[key] = counts.get(key, 0) + 1
    return {line for line, n in counts.items() if n >= 3 and not _QUESTION.match(line)}


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


# --- shared inference -----------------------------------------------------------


def find_force(text: str, forces: tuple[Force, ...]) -> Force | None:
    """The force the text is about: the one whose name it mentions most."""
    best: tuple[int, Force] | None = None
    lowered = text.lower()
    for force in forces:
        count = lowered.count(force.name.lower())
        if count and (best is None or count > best[0]):
            best = (count, force)
    return best[1] if best else None


def find_day(text: str, default_year: int | None) -> date | None:
    match = _DAY.search(text)
    while match:
        month = _MONTHS.get(match.group(2).lower())
        if month:
            year = int(match.group(3)) if match.group(3) else default_year
            if year:
                try:
                    return date(year, month, int(match.group(1)))
                except ValueError:
                    return None
        match = _DAY.search(text, match.end())
    return None


def _need(value: object, field: str, option: str) -> None:
    if value is None:
        raise ImportFailure(f"could not find the {field} in the text; give it with {option}")


# --- the two layouts -----------------------------------------------------------------


def parse(text: str, forces: tuple[Force, ...], hints: Hints) -> list[Plain]:
    """Records found in ``text``; raises ``ImportFailure`` when none can be made."""
    lines = text.split("\n")
    if any(_QUESTION.match(line.strip()) for line in lines):
        return [_briefing(lines, text, forces, hints)]
    if _EXTENT.search(re.sub(r"\s+", " ", text)):
        return _force_page(lines, text, forces, hints)
    if re.search(rf"\b(?:rated|graded|assessed) as '?({_GRADE_WORDS})'?", text, re.IGNORECASE):
        return [_briefing(lines, text, forces, hints)]
    raise ImportFailure("no grade found in the text: is this an HMIC report or a briefing on one?")


def _base(force: Force, year: int, pillar: str, grade: str) -> Plain:
    return {
        "force": force.id,
        "programme": "PEEL",
        "year": year,
        "pillar": pillar,
        "grade": grade,
        "published": None,
        "summary": None,
        "notes": [],
        "areas_for_improvement": [],
        "causes_of_concern": [],
        "questions": [],
        "sources": [],
    }


_SECTION = re.compile(
    r"^(?:\d+\.\s+\S|Comment on\b|HMIC's assessment concludes|Report author|Contact Officer)"
)
_AFI_START = re.compile(
    r"identif(?:y|ies)\b.*\bareas? for improvement|areas? for improvement\s*:?$", re.IGNORECASE
)
_HIGHLIGHTS = re.compile(r"^the assessment highlights:?$", re.IGNORECASE)
_CONTACT = re.compile(r"@|\b(?:tel|telephone|email|e-mail|mobile)\b", re.IGNORECASE)


def _briefing(lines: list[str], text: str, forces: tuple[Force, ...], hints: Hints) -> Plain:
    stripped = [line.strip() for line in lines]
    doc_date = next((d for line in stripped[:8] if line and (d := find_day(line, None))), None)

    force = hints.force or find_force(text, forces)
    _need(force, "force", "--force")
    pillar = hints.pillar.value if hints.pillar else _briefing_pillar(text)
    _need(pillar, "pillar", "--pillar")
    year = hints.year
    if year is None:
        found = re.search(rf"\b(20\d\d)\s+{pillar}\b", text, re.IGNORECASE) or re.search(
            r"\bPEEL\s+(20\d\d)\b", text
        )
        year = int(found.group(1)) if found else None
    _need(year, "year", "--year")
    overall = re.search(
        rf"overall (?:assessment|grade|judgement|judgment)\b[^.\n]*?\b(?:is|was)\s+'?({_GRADE_WORDS})'?",
        text,
        re.IGNORECASE,
    ) or re.search(rf"\b(?:rated|graded|assessed) as '?({_GRADE_WORDS})'?", text, re.IGNORECASE)
    _need(overall, "overall grade", "an 'overall assessment ... is' sentence")
    assert force is not None and year is not None and pillar is not None and overall is not None
    record = _base(force, year, pillar, Grade.parse(overall.group(1)).value)

    published = re.search(
        r"\bOn\s+(\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+(?:,?\s+\d{4})?),?\s+the results", text
    ) or re.search(r"\bpublished(?:\s+on)?\s+(\d{1,2}\s+[A-Za-z]+\s+\d{4})", text, re.IGNORECASE)
    if published:
        day = find_day(published.group(1), doc_date.year if doc_date else None)
        if day and doc_date and day > doc_date:
            day = day.replace(year=day.year - 1)
        record["published"] = day.isoformat() if day else None

    record["questions"] = _questions(stripped)
    summary, notes = _comment(stripped, pillar)
    record["summary"] = summary
    record["notes"] = notes
    record["sources"] = [_briefing_source(stripped, doc_date, hints.name)]
    return record


def _briefing_pillar(text: str) -> str | None:
    counts = {p.value: len(re.findall(rf"\b{p.value}\b", text, re.IGNORECASE)) for p in Pillar}
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
                group = []
                target = areas
                continue
            group.append(line)
        target.extend(blocks(group))
        current["highlights"] = highlights
        current["areas_for_improvement"] = areas
        questions.append(current)

    for line in lines:
        match = _QUESTION.match(line)
        if match:
            close()
            current = {
                "number": len(questions) + 1,
                "text": re.sub(r"\s+", " ", match.group("text")).strip(),
                "grade": Grade.parse(match.group("grade")).value,
            }
            body = []
        elif current is not None and _SECTION.match(line):
            close()
            current = None
        elif current is not None:
            body.append(line)
    close()
    return questions


def _comment(lines: list[str], pillar: str) -> tuple[str | None, list[str]]:
    """The inspectors' conclusion and other remarks from the closing comment."""
    summary: str | None = None
    notes: list[str] = []
    in_comment = False
    paragraph: list[str] = []
    collected: list[str] = []
    for line in [*lines, ""]:
        if re.match(r"^Comment on\b", line):
            in_comment = True
            continue
        if in_comment and re.match(r"^\d+\.\s+\S", line):
            break
        if not in_comment:
            continue
        if line:
            paragraph.append(line)
        elif paragraph:
            collected.append(" ".join(paragraph))
            paragraph = []
    for para in collected:
        concl = re.match(r"^HMIC's assessment concludes:?\s*(.*)$", para)
        if concl:
            summary = concl.group(1).strip() or None
        else:
            notes.append(para)
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
        after = nonempty[nonempty.index("Report author:") + 1 : nonempty.index("Report author:") + 3]
        role = after[1] if len(after) == 2 and not _CONTACT.search(after[1]) else None
    return {
        "title": title or f"imported from {name}",
        "url": None,
        "date": doc_date.isoformat() if doc_date else None,
        "issued_by": issued,
        "author_role": role,
        "audience": audience.group(1) if audience else None,
    }


def _force_page(lines: list[str], text: str, forces: tuple[Force, ...], hints: Hints) -> list[Plain]:
    title = next((line.strip() for line in lines if line.strip()), "")
    year = hints.year
    if year is None:
        found = re.search(r"\b(20\d\d)\b", title) or re.search(r"\bPEEL\s+(20\d\d)\b", text)
        year = int(found.group(1)) if found else None
    force = hints.force or _title_force(title, forces) or find_force(text, forces)
    _need(force, "force", "--force")
    _need(year, "year", "--year")
    assert force is not None and year is not None
    flat = re.sub(r"\s+", " ", text)
    records: dict[str, Plain] = {}
    for match in _EXTENT.finditer(flat):
        pillar = _PILLAR_ADJ[match.group("pillar").lower()]
        if hints.pillar and hints.pillar.value != pillar:
            continue
        record = records.setdefault(
            pillar, _base(force, year, pillar, Grade.parse(match.group("grade")).value)
        )
        record["sources"] = [
            {
                "title": title or f"imported from {hints.name}",
                "url": None,
                "date": None,
                "issued_by": None,
                "author_role": None,
                "audience": None,
            }
        ]
    if not records:
        raise ImportFailure(
            f"no {hints.pillar.value if hints.pillar else ''} grade found in the text".replace("  ", " ")
        )
    order: Callable[[str], int] = lambda p: Pillar(p).order  # noqa: E731
    return [records[p] for p in sorted(records, key=order)]


def _title_force(title: str, forces: tuple[Force, ...]) -> Force | None:
    words = re.sub(
        r"\b(?:PEEL|20\d\d(?:/\d\d)?|assessment|inspection)\b|[:\-–]", " ", title, flags=re.IGNORECASE
    )
    wanted = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")
    for force in forces:
        names = {force.id, re.sub(r"[^a-z0-9]+", "-", force.name.lower()).strip("-"), *force.aliases}
        short = {re.sub(r"-(?:police-service|constabulary|police)$", "", n) for n in names}
        if wanted in names | short:
            return force
    return None
