"""Grade statements in sentences: "Kent Police is good at investigating crime."

Press releases, commissioners' pages, panel papers and the inspection reports
themselves state grades in sentences, and name each area in many ways
("recording crime", "crime data integrity", "how it responds to calls from the
public"). This module finds the explicit statements and nothing else, because
a wrong grade in the data is worse than a missing one:

* a grade is read only where a grade word is tied to an area by the sentence's
  grammar ("is good at", "was rated adequate for", "... requires
  improvement"), never from counts ("good in four areas") or by elimination;
* negations, hedges, wishes and history ("is not inadequate", "could become
  good", "was previously graded good") produce nothing;
* a sentence that names another force or another cycle produces nothing;
* an area phrase must end where the phrase ends ("good at protecting
  vulnerable people at risk of ..." is a narrower finding, not the grade).

Each statement keeps the sentence it came from, word for word, as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from .model import Cycle, Force, Grade, normalise_words
from .names import ForceMatcher, force_key, spellings

# How people name each area, beyond the catalogue's own names (which always count). The same id
# means the same area in both current cycles; a phrase is used only for the areas of the cycle being
# read, so "treating the public fairly" is treatment_of_the_public in 2021/22 and
# police_powers_and_public_treatment in 2023-25.
PHRASES: dict[str, tuple[str, ...]] = {
    "victim_service": (
        "providing a service to victims of crime",
        "providing a service to victims",
        "the service it provides to victims of crime",
        "the service it provides to victims",
        "the service it gives to victims of crime",
        "its service to victims of crime",
        "its service to victims",
        "service to victims of crime",
        "victim service",
    ),
    "treatment_of_the_public": (
        "engaging with and treating the public with fairness and respect",
        "engaging with and treating the public fairly and respectfully",
        "engaging with and treating the public fairly",
        "engaging with and treating the public",
        "engaging with the public",
        "treating the public with fairness and respect",
        "treating the public fairly and respectfully",
        "treating the public fairly",
        "treating people fairly and respectfully",
        "treating people fairly",
        "treatment of the public",
        "how it treats the public",
    ),
    "police_powers_and_public_treatment": (
        "police powers and public treatment",
        "using police powers and treating the public fairly and respectfully",
        "using its powers and treating the public fairly and respectfully",
        "using police powers and treating the public fairly",
        "using its powers and treating the public fairly",
        "its use of police powers",
        "the use of police powers",
        "using police powers",
        "using its powers",
        "treating the public fairly and respectfully",
        "treating the public fairly",
        "treating people fairly and respectfully",
        "treating people fairly",
        "treatment of the public",
        "how it treats the public",
    ),
    "preventing_crime": (
        "preventing crime and anti-social behaviour",
        "preventing crime and antisocial behaviour",
        "preventing crime and tackling anti-social behaviour",
        "preventing and deterring crime and anti-social behaviour",
        "preventing and deterring crime",
        "preventing crime",
        "how it prevents crime",
        "crime prevention",
        "the prevention of crime",
    ),
    "responding_to_the_public": (
        "responding to the public",
        "responding to calls from the public",
        "responding to calls for service",
        "responding to calls",
        "how it responds to the public",
        "how it responds to calls from the public",
        "how it responds to calls for service",
        "how it responds to calls",
        "response to the public",
    ),
    "investigating_crime": (
        "investigating crime",
        "investigating crimes",
        "how it investigates crime",
        "the investigation of crime",
        "crime investigation",
        "crime investigations",
    ),
    "protecting_vulnerable_people": (
        "protecting vulnerable people",
        "protecting vulnerable people from harm",
        "protecting the vulnerable",
        "protecting people who are vulnerable",
        "protecting those who are vulnerable",
        "how it protects vulnerable people",
        "the protection of vulnerable people",
        "safeguarding vulnerable people",
    ),
    "managing_offenders": (
        "managing offenders and suspects",
        "managing suspects and offenders",
        "managing offenders",
        "how it manages offenders",
        "how it manages offenders and suspects",
        "the management of offenders",
        "offender management",
    ),
    "disrupting_serious_organised_crime": (
        "disrupting serious organised crime",
        "disrupting serious and organised crime",
        "tackling serious organised crime",
        "tackling serious and organised crime",
        "tackling organised crime",
        "serious and organised crime",
        "serious organised crime",
    ),
    "developing_a_positive_workplace": (
        "building, supporting and protecting the workforce",
        "building, supporting and protecting its workforce",
        "supporting and protecting the workforce",
        "supporting and protecting its workforce",
        "supporting its workforce",
        "how it supports its workforce",
        "developing a positive workplace",
    ),
    "good_use_of_resources": (
        "strategic planning, organisational management and value for money",
        "strategic planning and organisational management",
        "achieving savings and improving productivity",
        "making good use of its resources",
        "good use of resources",
        "value for money",
    ),
    "leadership_and_force_management": (
        "leadership and force management",
        "leading and managing the force",
        "how it is led and managed",
        "leadership and management",
        "force management",
    ),
    "crime_data_integrity": (
        "recording data about crime",
        "recording crime",
        "recording crimes",
        "recording crime accurately",
        "accurately recording crime",
        "how accurately it records crime",
        "the accuracy of its crime recording",
        "crime recording",
        "crime-recording accuracy",
        "crime data integrity",
        "crime data accuracy",
    ),
    # The pillars of 2015 to 2018/19, as press releases name them.
    "effectiveness": (
        "effectiveness",
        "effectiveness at keeping people safe and reducing crime",
        "effectively reducing crime and keeping people safe",
        "being effective at keeping people safe and reducing crime",
    ),
    "efficiency": (
        "efficiency",
        "efficiency at keeping people safe and reducing crime",
        "operating efficiently and providing sustainable services to the public",
        "operating efficiently and sustainably",
        "operating efficiently",
    ),
    "legitimacy": (
        "legitimacy",
        "legitimacy at keeping people safe and reducing crime",
        "how it treats the public and its workforce",
        "treating the public and its workforce legitimately",
        "treating the public and its workforce",
    ),
}

# What follows "the extent to which <the force>" on the PEEL pages of 2015 to 2018/19.
EXTENT: dict[str, tuple[str, ...]] = {
    "effectiveness": (
        "is effective at keeping people safe and reducing crime",
        "is effective at reducing crime and keeping people safe",
    ),
    "efficiency": (
        "is efficient at keeping people safe and reducing crime",
        "operates efficiently and sustainably",
    ),
    "legitimacy": (
        "is legitimate at keeping people safe and reducing crime",
        "treats the public and its workforce legitimately",
    ),
}

GRADE_WORD = r"outstanding|good|adequate|requires?\s+improvement|inadequate"
_GRADE = rf"['\"]?(?P<grade>{GRADE_WORD})['\"]?"
_ANY_GRADE = re.compile(rf"\b(?:{GRADE_WORD})\b", re.IGNORECASE)
# Several grades side by side ("good, adequate or requires improvement", "from good to adequate").
_GRADE_RUN = re.compile(
    rf"\b(?:{GRADE_WORD})['\"]?\s*(?:,|/|\bor\b|\band\b|\bto\b)\s*['\"]?(?:{GRADE_WORD})\b", re.IGNORECASE
)
_RATED = r"(?:rated|graded|judged|assessed|found\s+to\s+be|considered|deemed)"
_VERB = r"(?:is|are|was|were|remains|remained|has\s+been|have\s+been)"
_ON = r"(?:at|in|for|on|with)"

# Words that make what follows something other than a statement of the current grade.
_HEDGE = re.compile(
    r"\b(?:not|no|never|nor|neither|cannot|could|would|might|may|should|must|will|shall|can|"
    r"to\s+be|to\s+become|become|becomes|becoming|aims?|aiming|wants?|hopes?|hoping|expects?|expected|"
    r"aspires?|aspiring|strives?|striving|ambition|previously|formerly|once|used\s+to|last|earlier|"
    r"before|until|had|if|unless|whether|almost|nearly|close\s+to|towards|than|likely|unlikely|"
    r"potentially|predicted|forecast)\b|n[’']t\b",
    re.IGNORECASE,
)
# Where a new clause starts, so that a hedge in one clause does not silence the next.
_CLAUSE = re.compile(
    r"[;:]|,\s*(?:and|but|while|whereas|however|although|though)\b|\s(?:but|whereas|however)\b"
)
# What may follow an area phrase: the end of the phrase, not a narrower object ("... at risk of").
_AFTER = re.compile(
    r"\s*(?:$|[.;,!?:)\]\"]|\s[-–—]|[–—]|(?:and|but|while|whereas|although|though|which|overall|too|also|again|"
    r"now|according)\b|in\s+(?:its|the|this|their)\s+(?:latest\s+|most\s+recent\s+|new\s+)?"
    r"(?:peel\s+)?(?:report|inspection|assessment)\b)",
    re.IGNORECASE,
)
_GLUE = re.compile(r"\s*[,;]\s*(?:and\s+|as\s+well\s+as\s+)?|\s+and\s+|\s+as\s+well\s+as\s+", re.IGNORECASE)
_GERUND_AFTER = re.compile(r"\s+and\s+\w+ing\b", re.IGNORECASE)
_PAST = re.compile(
    r"\b(?:last\s+(?:year|time|inspection|report)|previous(?:ly)?|formerly|used\s+to|in\s+its\s+(?:last|previous))\b",
    re.IGNORECASE,
)
# Who may be the subject of a bare "is good at": the force itself, never "we" or a person.
_SUBJECTS = ("the force", "the constabulary", "the police force", "the police service", "the service", "it")
_POSSESSIVE = r"(?:(?:the|its|their|our|this)\s+)?(?:(?:[\w&-]+\s+){0,4}?[\w&-]+(?:'s|s')\s+)?"
_ASPECT = r"(?:(?:approach|performance|work|grade|rating|judgment|judgement)\s+(?:to|in|on|for|at)\s+)?"
_END = r"(?=\s*(?:$|[.;,!)]|\s(?:overall|too|again|also|by\s+(?:hmicfrs|inspectors|the\s+inspectorate))\b))"
_NOT_GRADED = r"(?P<ng>not\s+(?:yet\s+)?graded)"
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"')\]]))\s+(?=[\"'(\[]?[A-Z0-9])")
_BULLET = re.compile(r"^\s*(?:[•●◦▪▫■□‣⁃∙·\-\*–—]|\(?\d+[.)]|\(?[a-z][.)])\s+")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_CYCLE_NAME = re.compile(r"\b(20\d\d)\s*[/–—-]\s*(\d{2}|20\d\d)\b")


@dataclass(frozen=True)
class Statement:
    """An explicit statement of one area's grade; ``grade`` is ``None`` for "not yet graded"."""

    area: str
    grade: Grade | None
    evidence: str


def sentences(unit: str) -> list[str]:
    """A paragraph split into sentences; a sentence keeps its own words and punctuation."""
    return [s.strip() for s in _SENTENCE_END.split(unit) if s.strip()]


def paragraphs(lines: list[str]) -> list[tuple[bool, str]]:
    """The text's lines regrouped into paragraphs and bullet items: (is it a bullet item, its text).

    A line broken mid-sentence (a PDF's hard wrap: no closing punctuation, the
    next line starts in lower case) is joined to the line before; otherwise
    each line stands alone, as a browser's copy puts one paragraph on a line.
    """
    out: list[tuple[bool, str]] = []
    glued = False
    for raw in lines:
        line = raw.strip()
        if not line:
            glued = False
            continue
        bullet = _BULLET.match(line) is not None
        if glued and not bullet and out and _continues(out[-1][1], line):
            out[-1] = (out[-1][0], f"{out[-1][1]} {line}")
        else:
            out.append((bullet, _BULLET.sub("", line).strip() if bullet else line))
        glued = True
    return out


def units(lines: list[str]) -> list[str]:
    """Paragraphs, with a lead-in ending in a colon ("Inspectors found that Kent Police:") put in front
    of each of its bullet items, because only together do they say something."""
    out: list[str] = []
    lead: str | None = None
    for bullet, text in paragraphs(lines):
        if bullet:
            out.append(f"{lead} {_item(text)}" if lead else text)
            continue
        lead = text[:-1].rstrip() if text.endswith(":") else None
        out.append(text)
    return out


def _continues(previous: str, line: str) -> bool:
    return not previous.rstrip().endswith((".", "!", "?", ":", ";")) and line[:1].islower()


def _item(text: str) -> str:
    """A bullet item without the list's own glue ("...; and"), so it reads as a sentence's end."""
    return re.sub(r"\s*[;,]?\s*(?:\b(?:and|or))?\s*$", "", text).rstrip(";,")


def phrase_pattern(phrase: str) -> str:
    """A phrase as a pattern: any case, any spacing, a hyphen or comma where a space may be."""
    parts = [r"(?:and|&)" if w == "and" else re.escape(w) for w in normalise_words(phrase).split()]
    return r"\b" + r"(?:\s*[-–,]\s*|\s+)".join(parts) + r"\b"


def area_names(cycle: Cycle) -> dict[str, str]:
    """Every phrasing of the cycle's graded areas (as ``normalise_words`` gives it) -> area id."""
    names: dict[str, str] = {}
    for area in cycle.areas:
        if area.graded != "no":
            for phrase in (area.name, *PHRASES.get(area.id, ())):
                names.setdefault(normalise_words(phrase), area.id)
    return names


@cache
def _grammar(cycle: Cycle) -> _Grammar:
    return _Grammar(cycle)


class _Grammar:
    """The statement patterns for one cycle's areas, compiled once per cycle.

    The patterns stop where the areas start: one pattern for all the area
    phrasings is matched from there, item by item, which keeps the patterns
    small enough to compile quickly.
    """

    def __init__(self, cycle: Cycle) -> None:
        self.names = area_names(cycle)
        ordered = sorted(self.names, key=len, reverse=True)  # the longest phrasing first
        self.area = re.compile("|".join(phrase_pattern(p) for p in ordered), re.IGNORECASE)
        flags = re.IGNORECASE
        got = r"(?:received|given|awarded|achieved|gained|earned|got|retained|kept)"
        kind = r"(?:grade|rating|judgment|judgement|grading)"
        self.heads = [
            # "Kent Police is good at ..." (the force must be the subject) and "was rated good for ..."
            (
                re.compile(
                    rf"\b(?P<verb>{_VERB})\s+(?P<rated>{_RATED}\s+)?(?:as\s+)?{_GRADE}\s+{_ON}\s+", flags
                ),
                True,
            ),
            (re.compile(rf"\b{_RATED}\s+(?:as\s+)?{_GRADE}\s+{_ON}\s+", flags), False),
            # "Inspectors rated the force good for ...": the force named as the object.
            (
                re.compile(
                    rf"\b(?:rated|graded|judged|assessed|found)\s+(?P<object>(?:[\w&'-]+\s+){{1,5}}?)"
                    rf"(?:as\s+|to\s+be\s+)?{_GRADE}\s+{_ON}\s+",
                    flags,
                ),
                True,
            ),
            (re.compile(rf"\b{got}\s+(?:a|an|the)\s+{_GRADE}\s+{kind}\s+{_ON}\s+", flags), False),
            (re.compile(rf"\b{kind}\s+of\s+{_GRADE}\s+{_ON}\s+", flags), False),
            # "The force requires improvement in how it responds to the public"
            (re.compile(rf"\b(?P<verb>(?P<grade>requires?|required)\s+improvement)\s+{_ON}\s+", flags), True),
            (
                re.compile(
                    rf"\b{_RATED}\s+(?:as\s+|to\s+)?(?P<grade>require|requiring)\s+improvement\s+{_ON}\s+",
                    flags,
                ),
                False,
            ),
        ]
        # "Responding to the public requires improvement", "Crime data integrity was rated outstanding"
        self.subject_pre = re.compile(rf"{_POSSESSIVE}{_ASPECT}", flags)
        self.subject_rest = re.compile(
            rf"\s+(?:{_VERB}\s+(?:(?:both|all|also|now)\s+)?(?:{_RATED}\s+)?(?:as\s+)?{_GRADE}"
            rf"|(?P<ri>requires?\s+improvement)){_END}",
            flags,
        )
        # A line of a table or list: "Investigating crime: adequate", "Good - preventing crime".
        self.row_rest = re.compile(rf"\s*(?:[:|\t–—-]\s*|\s{{2,}}){_GRADE}\.?$", flags)
        self.row_head = re.compile(rf"{_GRADE}\s*[:–—-]\s*", flags)
        extent = {normalise_words(p): a for a, ps in EXTENT.items() if cycle.area(a) for p in ps}
        self.extent_names = extent
        self.extent: re.Pattern[str] | None = None
        if extent:
            alts = "|".join(phrase_pattern(p) for p in sorted(extent, key=len, reverse=True))
            self.extent = re.compile(
                rf"\bthe\s+extent\s+to\s+which\s+(?P<subj>(?:[\w&'-]+\s+){{1,6}}?)(?P<list>{alts})\s*"
                rf"(?::|\bis\s*:?)?\s*(?:{_GRADE}|{_NOT_GRADED}){_END}",
                flags,
            )

    def areas_at(self, text: str, pos: int) -> tuple[list[str], int] | None:
        """The areas of a list of area phrases starting at ``pos`` ("preventing crime, investigating
        crime and managing offenders"), and where the list ends; ``None`` if no area starts there."""
        match = self.area.match(text, pos)
        if match is None:
            return None
        found = [self.names[normalise_words(match.group())]]
        end = match.end()
        while (glue := _GLUE.match(text, end)) and (match := self.area.match(text, glue.end())):
            found.append(self.names[normalise_words(match.group())])
            end = match.end()
        return found, end


class Reader:
    """Finds the grade statements about one force in one cycle."""

    def __init__(self, cycle: Cycle, force: Force, matcher: ForceMatcher) -> None:
        self.cycle = cycle
        self.force = force
        self.matcher = matcher
        self.grammar = _grammar(cycle)
        self._names = spellings(force)
        self._years = range(cycle.year, (cycle.end or cycle.year) + 2)

    def read(self, texts: Sequence[str]) -> list[Statement]:
        """Every statement in the paragraphs ``texts``, in text order.

        A statement that does not name the force ("The force is good at ...")
        is taken to be about it unless the same paragraph last named another
        force, or the text names three forces or more (a national overview):
        then only statements that name it count.
        """
        crowded = len(self.matcher.mentions("\n".join(texts))) >= 3
        found: list[Statement] = []
        for unit in texts:
            other = False  # this paragraph last named another force
            for sentence in sentences(unit):
                named = self.matcher.mentions(sentence)
                if named:
                    other = set(named) != {self.force.id}
                elif other or crowded:
                    continue
                found.extend(self.statements(sentence))
            if len(unit) <= 200 and not crowded and not other:
                found.extend(self._row(unit))
        return found

    def statements(self, sentence: str) -> list[Statement]:
        """The statements one sentence makes: none if it is a question, lists several grades side by
        side, or is about another force or cycle."""
        if (
            sentence.rstrip("'\" )").endswith("?")
            or _GRADE_RUN.search(sentence)
            or not self.about_us(sentence)
        ):
            return []
        found: list[Statement] = []
        for head, needs_subject in self.grammar.heads:
            for match in head.finditer(sentence):
                listed = self.grammar.areas_at(sentence, match.end())
                if listed is None or (needs_subject and not self._subject_ok(sentence, match)):
                    continue
                areas, end = listed
                if self._clean_before(sentence, match.start()) and self._ends_well(sentence, end):
                    grade = _grade(match.group("grade"))
                    found.extend(Statement(area, grade, sentence) for area in areas)
        found.extend(self._subject_statements(sentence))
        if self.grammar.extent is not None:
            for match in self.grammar.extent.finditer(sentence):
                found.extend(self._extent(sentence, match))
        return _unique(found)

    # -- the forms --------------------------------------------------------------

    def _subject_statements(self, sentence: str) -> Iterator[Statement]:
        """Statements with the area as the subject, at the start of a clause."""
        for clause, offset in _clauses(sentence):
            pre = self.grammar.subject_pre.match(clause)
            for start in dict.fromkeys((pre.end() if pre else 0, 0)):
                listed = self.grammar.areas_at(clause, start)
                if listed is None or _ANY_GRADE.search(clause[:start]) or _HEDGE.search(clause[:start]):
                    continue
                areas, end = listed
                rest = self.grammar.subject_rest.match(clause, end)
                if rest is not None and self._clean_before(sentence, offset):
                    grade = _grade(rest.group("grade") or rest.group("ri"))
                    yield from (Statement(area, grade, sentence) for area in areas)
                break

    def _row(self, unit: str) -> Iterator[Statement]:
        """A line of a table or list: "Investigating crime: adequate", "Good - preventing crime"."""
        line = unit.strip()
        if not self.about_us(line):
            return
        listed = self.grammar.areas_at(line, 0)
        rest = self.grammar.row_rest.match(line, listed[1]) if listed else None
        if listed and rest:
            yield from (Statement(area, _grade(rest.group("grade")), line) for area in listed[0])
        head = self.grammar.row_head.match(line)
        listed = self.grammar.areas_at(line, head.end()) if head else None
        if head and listed and re.fullmatch(r"\.?", line[listed[1] :].strip()):
            yield from (Statement(area, _grade(head.group("grade")), line) for area in listed[0])

    def _extent(self, sentence: str, match: re.Match[str]) -> Iterator[Statement]:
        subject = " ".join(match.group("subj").split())
        if not self._names_us(subject) or not self._clean_before(sentence, match.start()):
            return
        area = self.grammar.extent_names[normalise_words(match.group("list"))]
        grade = None if match.group("ng") else _grade(match.group("grade"))
        yield Statement(area, grade, sentence)

    # -- the checks -------------------------------------------------------------

    def about_us(self, sentence: str) -> bool:
        """False if the sentence names another force, another police body (one
        outside the data too, e.g. British Transport Police) or a year outside
        this cycle."""
        if set(self.matcher.mentions(sentence)) - {self.force.id}:
            return False
        for match in _POLICE_BODY.finditer(sentence):
            named = match.group(0)
            if named.split()[0] in _NOT_A_NAME:
                continue
            found = self.matcher.lookup(named)
            if found is None or found.id != self.force.id:
                return False
        for match in _CYCLE_NAME.finditer(sentence):
            end = int(match.group(2)) % 100
            if int(match.group(1)) != self.cycle.year or end != (self.cycle.end or -1) % 100:
                return False
        return all(int(y) in self._years for y in _YEAR.findall(_CYCLE_NAME.sub(" ", sentence)))

    def _clean_before(self, sentence: str, start: int) -> bool:
        """No hedge, negation or other grade earlier in the statement's own clause."""
        head = sentence[:start]
        cuts = [m.end() for m in _CLAUSE.finditer(head)]
        if re.match(r"\s*(?:although|though|while|whereas)\b", head, re.IGNORECASE) and "," in head:
            cuts.append(head.index(",") + 1)
        clause = head[max(cuts, default=0) :]
        return not _HEDGE.search(clause) and not _ANY_GRADE.search(clause)

    def _ends_well(self, sentence: str, end: int) -> bool:
        """The area phrase ends there, and nothing after it puts the statement in the past."""
        rest = sentence[end:]
        return _AFTER.match(rest) is not None and not _GERUND_AFTER.match(rest) and not _PAST.search(rest)

    def _subject_ok(self, sentence: str, match: re.Match[str]) -> bool:
        """A bare "is good at" counts only with the force itself as the subject (or object)."""
        named = match.groupdict()
        if named.get("object"):
            return self._names_us(named["object"])
        if named.get("rated"):
            return True
        head = sentence[: match.start()].rstrip()
        return self._names_us(head, tail=True)

    def _names_us(self, text: str, *, tail: bool = False) -> bool:
        """Whether ``text`` (or, with ``tail``, its last words) names this force or "the force"."""
        lowered = " ".join(text.lower().split())
        if any(lowered == s or (tail and lowered.endswith(" " + s)) for s in _SUBJECTS):
            return True
        tokens = lowered.split()
        candidates = [" ".join(tokens[-n:]) for n in range(1, min(len(tokens), 6) + 1)] if tail else [lowered]
        return any(force_key(c) in self._names for c in candidates)


def _clauses(sentence: str) -> Iterator[tuple[str, int]]:
    """The sentence's clauses with their offsets: its start and after each clause break or "that"."""
    starts = {0}
    for match in re.finditer(rf"{_CLAUSE.pattern}|\bthat\s", sentence, re.IGNORECASE):
        starts.add(match.end())
    for start in sorted(starts):
        text = sentence[start:]
        stripped = text.lstrip()
        yield stripped, start + len(text) - len(stripped)


# A police body by name: "X Police", "X Y Constabulary", "X Police Service", and
# the bodies known by other shapes of name or by initials.
_POLICE_BODY = re.compile(
    r"\b(?:[A-Z][\w'.-]*\s+(?:(?:and|&|of|the)\s+)?){1,4}(?:Police(?:\s+Service)?|Constabulary)\b"
    r"|\bPolice\s+(?:Scotland|Service\s+of\s+Northern\s+Ireland)\b|\b(?:BTP|PSNI|CNC|MDP|NCA)\b"
)
_NOT_A_NAME = {"The", "This", "That", "Our", "Their", "Its", "A", "An", "Each", "Every", "All", "Local"}


def _grade(word: str) -> Grade:
    word = word.strip("'\"").lower()
    if word.startswith("requir"):
        return Grade.REQUIRES_IMPROVEMENT
    return Grade.parse(word)


def _unique(found: list[Statement]) -> list[Statement]:
    seen: set[tuple[str, Grade | None]] = set()
    out = []
    for s in found:
        if (s.area, s.grade) not in seen:
            seen.add((s.area, s.grade))
            out.append(s)
    return out
