"""The domain model: grades, pillars, forces and inspection records.

Everything here is immutable so that a loaded dataset can be shared, cached and
compared without defensive copies. Parsing of user-facing spellings lives here
too, because the CLI, the loader and the importer must all agree on it.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# A validated record before it becomes the model: only dicts, lists, strings,
# numbers and None, so that it can be cached with ``marshal`` (see ``schema``).
Plain = dict[str, Any]


class Grade(enum.Enum):
    """An inspection grade.

    The five judgements are ordered (outstanding is best). ``NOT_GRADED``
    (the inspectors chose not to grade) and ``UNKNOWN`` (our sources do not
    say) have no rank: comparing them raises ``TypeError`` so that a missing
    grade can never silently count as better or worse.
    """

    OUTSTANDING = "outstanding"
    GOOD = "good"
    ADEQUATE = "adequate"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"
    NOT_GRADED = "not_graded"
    UNKNOWN = "unknown"

    @property
    def rank(self) -> int | None:
        """Higher is better; ``None`` for grades that are not judgements."""
        return _RANKS.get(self)

    @property
    def label(self) -> str:
        """The spelling a person reads, e.g. ``requires improvement``."""
        return self.value.replace("_", " ")

    @property
    def short(self) -> str:
        """A compact label for dense displays such as the matrix."""
        return _SHORT[self]

    @property
    def is_concern(self) -> bool:
        """True for the grades that flag a pillar or question for attention."""
        return self in (Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)

    def _ranks(self, other: object) -> tuple[int, int]:
        if not isinstance(other, Grade):
            raise TypeError(f"cannot compare Grade with {type(other).__name__}")
        a, b = self.rank, other.rank
        if a is None or b is None:
            raise TypeError(f"'{self.label}' and '{other.label}' cannot be ordered")
        return a, b

    def __lt__(self, other: object) -> bool:
        a, b = self._ranks(other)
        return a < b

    def __le__(self, other: object) -> bool:
        a, b = self._ranks(other)
        return a <= b

    def __gt__(self, other: object) -> bool:
        a, b = self._ranks(other)
        return a > b

    def __ge__(self, other: object) -> bool:
        a, b = self._ranks(other)
        return a >= b

    @classmethod
    def parse(cls, text: str) -> Grade:
        """Read a grade from the spellings reports and users write.

        Accepts any case, spaces, hyphens or underscores ("Requires
        Improvement", "requires-improvement", "not graded") and a few short
        forms ("ri", "ng"). Raises ``ValueError`` naming the valid values.
        """
        key = re.sub(r"[\s_\-]+", "_", text.strip().lower()).strip("_")
        key = key.strip("'\"().")
        grade = _ALIASES.get(key)
        if grade is None:
            try:
                grade = cls(key)
            except ValueError:
                valid = ", ".join(g.value for g in cls)
                raise ValueError(f"unknown grade {text!r} (expected one of: {valid})") from None
        return grade


_RANKS = {
    Grade.OUTSTANDING: 5,
    Grade.GOOD: 4,
    Grade.ADEQUATE: 3,
    Grade.REQUIRES_IMPROVEMENT: 2,
    Grade.INADEQUATE: 1,
}
_SHORT = {
    Grade.OUTSTANDING: "O",
    Grade.GOOD: "G",
    Grade.ADEQUATE: "A",
    Grade.REQUIRES_IMPROVEMENT: "RI",
    Grade.INADEQUATE: "I",
    Grade.NOT_GRADED: "NG",
    Grade.UNKNOWN: "?",
}
_ALIASES = {
    "ri": Grade.REQUIRES_IMPROVEMENT,
    "requires_improvements": Grade.REQUIRES_IMPROVEMENT,
    "require_improvement": Grade.REQUIRES_IMPROVEMENT,
    "ng": Grade.NOT_GRADED,
    "ungraded": Grade.NOT_GRADED,
    "not_rated": Grade.NOT_GRADED,
}


class Pillar(enum.Enum):
    """The PEEL pillars, in the order HMIC lists them."""

    EFFECTIVENESS = "effectiveness"
    EFFICIENCY = "efficiency"
    LEGITIMACY = "legitimacy"
    LEADERSHIP = "leadership"

    @property
    def order(self) -> int:
        return _PILLAR_ORDER[self]

    @classmethod
    def parse(cls, text: str) -> Pillar:
        """Case-insensitive; an unambiguous prefix ("legit") is accepted."""
        key = text.strip().lower()
        matches = [p for p in cls if p.value == key] or [p for p in cls if key and p.value.startswith(key)]
        if len(matches) != 1:
            valid = ", ".join(p.value for p in cls)
            raise ValueError(f"unknown pillar {text!r} (expected one of: {valid})")
        return matches[0]


_PILLAR_ORDER = {p: i for i, p in enumerate(Pillar)}


def cycle_label(year: int) -> str:
    """How a person reads an assessment year.

    PEEL 2018/19 was one assessment spanning two years; the data stores it
    as 2018 and this function is the single place that spells it out.
    """
    return f"{year}/{(year + 1) % 100:02d}" if year >= 2018 else str(year)


def parse_year(text: str) -> int:
    """Accept ``2016``, ``2018/19``, ``2018-19`` or ``2018/2019``."""
    match = re.fullmatch(r"\s*(\d{4})(?:\s*[/-]\s*(\d{2}|\d{4}))?\s*", text)
    if not match:
        raise ValueError(f"invalid year {text!r} (expected e.g. 2016 or 2018/19)")
    year = int(match.group(1))
    if match.group(2) is not None:
        second = int(match.group(2))
        if second % 100 != (year + 1) % 100:
            raise ValueError(f"invalid year {text!r}: {match.group(2)} does not follow {year}")
    return year


@dataclass(frozen=True)
class Force:
    """A territorial police force; ``id`` matches the data.police.uk id."""

    id: str
    name: str
    nation: str | None = None
    aliases: tuple[str, ...] = ()
    source: str | None = None


@dataclass(frozen=True)
class Source:
    """Where a record's facts come from: a document, a web page, or both."""

    title: str | None = None
    url: str | None = None
    date: date | None = None
    issued_by: str | None = None
    author_role: str | None = None
    audience: str | None = None

    def describe(self) -> str:
        """One line for people: title, issuer and date, then the address."""
        parts = [p for p in (self.title, self.issued_by, self.audience) if p]
        if self.author_role:
            parts.append(f"author: {self.author_role}")
        if self.date:
            parts.append(self.date.isoformat())
        if self.url:
            parts.append(self.url)
        return "; ".join(parts)


@dataclass(frozen=True)
class Question:
    """One question of an inspection, with the inspectors' findings on it."""

    number: int
    text: str
    grade: Grade
    highlights: tuple[str, ...] = ()
    areas_for_improvement: tuple[str, ...] = ()


@dataclass(frozen=True)
class Inspection:
    """One force's assessment for one pillar in one year.

    A record may hold only an overall grade (the national picture) or the
    full detail of a report (questions, findings, conclusion).
    """

    force: Force
    programme: str
    year: int
    pillar: Pillar
    grade: Grade
    published: date | None = None
    summary: str | None = None
    notes: tuple[str, ...] = ()
    questions: tuple[Question, ...] = ()
    areas_for_improvement: tuple[str, ...] = ()
    causes_of_concern: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    path: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)

    @property
    def key(self) -> tuple[str, str, int, str]:
        """Identity of a record: one per force, programme, year and pillar."""
        return (self.force.id, self.programme, self.year, self.pillar.value)

    @property
    def cycle(self) -> str:
        return cycle_label(self.year)

    @property
    def is_detailed(self) -> bool:
        return bool(self.questions or self.summary or self.areas_for_improvement or self.causes_of_concern)
