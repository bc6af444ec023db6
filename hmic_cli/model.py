"""The domain model: grades, cycles and their areas, forces and inspection records.

Everything here is immutable so that a loaded dataset can be shared, cached and
compared without defensive copies. Parsing of user-facing spellings lives here
too, because the CLI, the loader and the importer must all agree on it.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator, Sized
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
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
    def title(self) -> str:
        """As the inspectorate writes it in a sentence's place: ``Requires improvement``."""
        text = self.label
        return text[:1].upper() + text[1:]

    @property
    def short(self) -> str:
        """A compact label for dense displays such as the matrix."""
        return _SHORT[self]

    @property
    def is_concern(self) -> bool:
        """True for the grades that flag an area or question for attention."""
        return self in (Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)

    @property
    def is_judgement(self) -> bool:
        """False for ``not_graded`` and ``unknown``, which are not grades awarded."""
        return self.rank is not None

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
    def lookup(cls, value: object) -> Grade | None:
        """The grade whose machine value is ``value``, else ``None`` (no parsing)."""
        return _BY_VALUE.get(value) if isinstance(value, str) else None

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


_BY_VALUE = {g.value: g for g in Grade}
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


def normalise_words(text: str) -> str:
    """Lower-case words joined by single spaces: the form names are compared in."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("&", " and ")))


@dataclass(frozen=True)
class Area:
    """One graded dimension of a cycle, in report order.

    Up to PEEL 2018/19 the areas are the pillars (effectiveness, efficiency,
    legitimacy, leadership) with numbered questions inside each record; from
    PEEL 2021/22 they are the named areas of the report ("Investigating
    crime"). ``graded`` is ``yes``, ``no`` or ``sometimes`` (graded in some
    forces' reports only).
    """

    id: str
    name: str
    short: str
    order: int
    graded: str = "yes"


@dataclass(frozen=True)
class Cycle:
    """One PEEL cycle as ``data/cycles.toml`` describes it.

    ``scale`` holds the judgements of the cycle, best first; ``group`` names
    the comparability group: grades are compared only within one group.
    """

    id: str
    label: str
    programme: str
    year: int
    end: int | None
    scale: tuple[Grade, ...]
    group: str
    dimension: str
    areas: tuple[Area, ...]
    source: str | None = None
    note: str | None = None

    def area(self, area_id: str) -> Area | None:
        return self._areas_by_id.get(area_id)

    @cached_property
    def _areas_by_id(self) -> dict[str, Area]:
        return {a.id: a for a in self.areas}

    def rank(self, grade: Grade) -> int | None:
        """Position on this cycle's scale, 1 = best; ``None`` off the scale."""
        return self.scale.index(grade) + 1 if grade in self.scale else None

    def allows(self, grade: Grade) -> bool:
        return grade in self.scale or grade in (Grade.NOT_GRADED, Grade.UNKNOWN)

    @property
    def order(self) -> tuple[int, int]:
        return (self.year, self.end or self.year)


class Catalog:
    """Every cycle the data describes, oldest first, with the parsing of
    what people type for a cycle (``2023``, ``2023-25``, ``2023–25``) and
    for an area (``invest``, ``Investigating crime``, ``pillar`` names)."""

    def __init__(self, cycles: tuple[Cycle, ...]) -> None:
        self.cycles = tuple(sorted(cycles, key=lambda c: c.order))
        self._by_id = {c.id: c for c in self.cycles}

    def __iter__(self) -> Iterator[Cycle]:
        return iter(self.cycles)

    def get(self, cycle_id: str) -> Cycle | None:
        return self._by_id.get(cycle_id)

    def __getitem__(self, cycle_id: str) -> Cycle:
        return self._by_id[cycle_id]

    def for_year(self, year: int) -> Cycle | None:
        return next((c for c in self.cycles if c.year == year), None)

    def labels(self) -> str:
        return ", ".join(c.label for c in self.cycles)

    def parse(self, text: str) -> Cycle:
        """The cycle a person means; ``ValueError`` lists the cycles there are."""
        match = re.fullmatch(r"\s*(?:peel\s*)?(\d{4})(?:\s*[/\-–—]\s*(\d{2}|\d{4}))?\s*", text, re.IGNORECASE)
        if not match:
            raise ValueError(f"invalid cycle {text!r} (expected one of: {self.labels()})")
        cycle = self.for_year(int(match.group(1)))
        if cycle is not None and match.group(2) is not None:
            last = int(match.group(2))
            if cycle.end is None or last % 100 != cycle.end % 100:
                cycle = None
        if cycle is None:
            year = int(match.group(1))
            inside = next((c for c in self.cycles if c.year < year <= (c.end or c.year)), None)
            hint = f"; {year} falls in {inside.label}" if inside and match.group(2) is None else ""
            raise ValueError(f"no PEEL cycle {text.strip()!r} in the data (cycles: {self.labels()}{hint})")
        return cycle

    def find_areas(self, text: str, cycles: Iterable[Cycle] | None = None) -> tuple[str, ...]:
        """Area ids matching ``text``: an id, a name, an unambiguous prefix of
        either, or the start of a word of the name (``invest``).

        Ids are shared across cycles (``investigating_crime`` is an area of
        2021/22 and of 2023-25), so the answer is a set of ids, not of areas.
        Raises ``ValueError`` naming the choices when nothing or several fit.
        """
        pool = {a.id: a for c in (cycles if cycles is not None else self.cycles) for a in c.areas}
        wanted = normalise_words(text)
        if not wanted:
            raise ValueError("an area must not be empty")
        key = wanted.replace(" ", "_")
        for test in (
            lambda a: a.id == key or normalise_words(a.name) == wanted,
            lambda a: a.id.startswith(key) or normalise_words(a.name).startswith(wanted),
            lambda a: f" {wanted}" in f" {normalise_words(a.name)}" or f"_{key}" in f"_{a.id}",
        ):
            found = tuple(i for i, a in pool.items() if test(a))
            if len(found) == 1:
                return found
            if found:
                choices = "; ".join(f"{pool[i].id} ({pool[i].name})" for i in found)
                raise ValueError(f"ambiguous area {text!r}: it could be {choices}")
        raise ValueError(f"unknown area {text!r} (expected one of: {', '.join(pool)})")


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

    def as_dict(self) -> dict[str, str | None]:
        """The source as plain values (the data schema's keys; ISO date)."""
        return {
            "title": self.title,
            "url": self.url,
            "date": self.date.isoformat() if self.date else None,
            "issued_by": self.issued_by,
            "author_role": self.author_role,
            "audience": self.audience,
        }


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
    """One force's grade for one area (or pillar) in one cycle.

    A record may hold only the grade (the national picture) or the full
    detail of a report (questions, findings, conclusion).
    """

    force: Force
    programme: str
    cycle: Cycle
    area: Area
    grade: Grade
    published: date | None = None
    summary: str | None = None
    notes: tuple[str, ...] = ()
    questions: tuple[Question, ...] = ()
    areas_for_improvement: tuple[str, ...] = ()
    causes_of_concern: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    evidence: str | None = None
    path: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)

    @property
    def key(self) -> tuple[str, str, str, str]:
        """Identity of a record: one per force, programme, cycle and area."""
        return (self.force.id, self.programme, self.cycle.id, self.area.id)

    @property
    def year(self) -> int:
        return self.cycle.year

    @property
    def grade_rank(self) -> int | None:
        return self.cycle.rank(self.grade)

    @property
    def is_detailed(self) -> bool:
        return holds_findings(
            self.summary, self.questions, self.areas_for_improvement, self.causes_of_concern
        )


def holds_findings(summary: object, questions: Sized, areas: Sized, concerns: Sized) -> bool:
    """Whether a record holds more than its grade: a conclusion, questions or findings.

    One definition for the model and for the loader's unbuilt records.
    """
    return bool(summary or len(questions) or len(areas) or len(concerns))


@dataclass(frozen=True)
class ReportFacts:
    """What the data holds about a force's whole report in one cycle.

    From PEEL 2021/22 a report states a number of causes of concern;
    ``causes_of_concern`` is that number, or ``None`` where no source gives it.
    """

    force: Force
    cycle: Cycle
    causes_of_concern: int | None
    published: date | None = None
    notes: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
