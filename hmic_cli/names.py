"""Recognising a police force by any of the names people give it.

Every command takes a force name from the command line and the report
importer has to work out which force a text is about. Both go through
``ForceMatcher`` so that "Avon & Somerset", "avon-and-somerset" and "Avon and
Somerset Constabulary" mean the same force everywhere.

The spellings come from a few general rules rather than a long table: case,
punctuation and "&" are ignored, a trailing "Police", "Police Service" or
"Constabulary" may be left off, and a handful of words have common short forms
("S Yorks", "West Mids"). Irregular short forms ("Herts", "GMP") are the
``aliases`` of ``data/forces.toml``.

Looking a name up is one dictionary access (a force's exact id needs not even
the index of spellings, which is built on first use). Everything needed only to explain
a failure (near misses, partial names, forces outside the data) is worked out
when a name fails, so a command that names a force correctly pays nothing
for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from .errors import UsageError
from .model import Force

_WORD = re.compile(r"[a-z0-9]+")

# Short forms that stand for the same word in any force name.
ABBREVIATIONS = {
    "n": "north",
    "s": "south",
    "e": "east",
    "w": "west",
    "yorks": "yorkshire",
    "mids": "midlands",
    "gtr": "greater",
}

# Trailing words that name the kind of force rather than the force; the longest is tried first.
SUFFIXES = (("police", "service"), ("constabulary",), ("police",))

# Words that on their own name no particular force.
FILLER = frozenset({"and", "of", "the", "police", "constabulary", "service"})

# Police forces of the United Kingdom that the data does not cover, with the short forms people use.
# Naming one is a different mistake from a typo and deserves its own explanation.
NON_TERRITORIAL = {
    "British Transport Police": ("btp",),
    "Civil Nuclear Constabulary": ("cnc",),
    "Ministry of Defence Police": ("mod police", "mod", "mdp"),
    "Police Scotland": ("scotland",),
    "Police Service of Northern Ireland": ("psni", "northern ireland"),
}

# How far a misspelt name may be from a real one: none for words of up to three letters (so "btp"
# is never taken for "tvp"), one edit up to seven letters, two beyond; at most two in all.
_MOST_EDITS = 2


def words(text: str) -> tuple[str, ...]:
    """The words of a name as the matcher compares them.

    Lower case, "&" read as "and", any other punctuation a word break, short
    forms written out ("n" -> "north", "yorks" -> "yorkshire") and a leading
    "the" dropped, so that every spelling of a name gives the same words.
    """
    found = _WORD.findall(text.casefold().replace("&", " and "))
    tokens = tuple(ABBREVIATIONS.get(w, w) for w in found)
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    return tokens


def force_key(text: str) -> str:
    """One string for every spelling of a name: ``force_key("Avon & Somerset")`` is ``avon and somerset``."""
    return " ".join(words(text))


def core(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The words without a trailing "Police", "Police Service" or "Constabulary".

    A name that is nothing but such a word is kept as it is: "Police" alone
    names no force, and must not become an empty name that might match.
    """
    for suffix in SUFFIXES:
        n = len(suffix)
        if len(tokens) > n and tokens[-n:] == suffix:
            return tokens[:-n]
    return tokens


def spellings(force: Force) -> frozenset[str]:
    """Every key (see ``force_key``) that names ``force``: its id, name and aliases, each with or without
    the kind of force."""
    keys: set[str] = set()
    for text in (force.id, force.name, *force.aliases):
        tokens = words(text)
        keys.update((" ".join(tokens), " ".join(core(tokens))))
    keys.discard("")
    return frozenset(keys)


def non_territorial(name: str) -> str | None:
    """The official name of the non-territorial UK force ``name`` stands for, if it stands for one."""
    tokens = words(name)
    index = _non_territorial_index()
    return index.get(" ".join(tokens)) or index.get(" ".join(core(tokens)))


@cache
def _non_territorial_index() -> dict[str, str]:
    index = {}
    for official, short in NON_TERRITORIAL.items():
        for text in (official, *short):
            tokens = words(text)
            index[" ".join(tokens)] = index[" ".join(core(tokens))] = official
    return index


def shown(name: str) -> str:
    """``name`` made safe to quote in a one-line message: no line breaks or control characters, not
    endless."""
    flat = " ".join(name.split())
    flat = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in flat)
    return flat if len(flat) <= 60 else flat[:59] + "…"


def typo_distance(wanted: str, known: str) -> int | None:
    """How many typing slips turn the key ``wanted`` into the key ``known``, or ``None`` if it is more
    than a slip.

    Words are compared one by one, so swapping a whole word ("east" for
    "west") is never a slip however long the rest of the name is. A missing
    or extra space counts as a slip only when nothing else differs.
    """
    mine, theirs = wanted.split(), known.split()
    if len(mine) != len(theirs):
        joined = "".join(mine)
        if len(joined) >= 4 and joined == "".join(theirs):
            return 1
        return None
    total = 0
    for a, b in zip(mine, theirs, strict=True):
        edits = edit_distance(a, b)
        if edits > (0 if len(a) < 4 else 1 if len(a) < 8 else 2):
            return None
        total += edits
    return total if 0 < total <= _MOST_EDITS else None


def edit_distance(a: str, b: str) -> int:
    """Insertions, deletions, substitutions and swaps of neighbours that turn ``a`` into ``b``."""
    before: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if before is not None and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before[j - 2] + 1)
            row.append(cost)
        before, previous = previous, row
    return previous[-1]


class ForceMatcher:
    """Finds forces by name: ``resolve`` for a name given on purpose, ``mentions`` for names in prose."""

    def __init__(self, forces: Sequence[Force]) -> None:
        self.forces = tuple(forces)
        # A force's id, exactly as written, names it whatever other spellings say: the
        # commonest way to name a force costs one look-up, without the index below.
        self._by_id = {force.id: force for force in self.forces}
        self._spellings: dict[str, tuple[Force, ...]] | None = None
        self._mention_pattern: re.Pattern[str] | None = None
        self._mention_ids: dict[str, str] = {}

    @property
    def _index(self) -> dict[str, tuple[Force, ...]]:
        """Every spelling of every force (see ``spellings``), built when first needed.

        Ids win over names, and names over short forms, so that a force added by
        a user can always be named by its id even if it is another force's short form.
        """
        if self._spellings is None:
            index: dict[str, tuple[Force, ...]] = {}
            for tier in (_ids, _names, spellings):
                found: dict[str, list[Force]] = {}
                for force in self.forces:
                    for key in tier(force):
                        if key not in index and force not in found.setdefault(key, []):
                            found[key].append(force)
                index.update((key, tuple(hits)) for key, hits in found.items())
            self._spellings = index
        return self._spellings

    # -- names given on purpose ------------------------------------------

    def lookup(self, name: str) -> Force | None:
        """The one force ``name`` names, or ``None`` if it names none or several."""
        found = self._named(name)
        return found[0] if len(found) == 1 else None

    def resolve(self, name: str) -> Force:
        """The force ``name`` names, by id, name, alias or short form, in any case.

        Raises ``UsageError`` with a one-line explanation when it names none
        or several: an empty name, a name that fits several forces, a force
        that is not in the data, or an unknown name (with a suggestion only
        when it looks like a typing slip).
        """
        found = self._named(name)
        if len(found) == 1:
            return found[0]
        quoted = shown(name)
        if not quoted:
            raise UsageError("FORCE must not be empty: give a force's id or name")
        tokens = words(name)
        if found:
            raise UsageError(_several(quoted, found))
        raise UsageError(self._unknown(name, quoted, tokens))

    def _named(self, name: str) -> tuple[Force, ...]:
        exact = self._by_id.get(name)
        return (exact,) if exact is not None else self._find(words(name))

    def _find(self, tokens: tuple[str, ...]) -> tuple[Force, ...]:
        return self._index.get(" ".join(tokens)) or self._index.get(" ".join(core(tokens)), ())

    def _unknown(self, name: str, quoted: str, tokens: tuple[str, ...]) -> str:
        """Why ``name`` names no force: only called when it failed, so it may take its time."""
        official = non_territorial(name)
        if official is not None:
            outside = f"not one of the {len(self.forces)} territorial forces in the data"
            if force_key(official) == force_key(name):
                return f"{official} is {outside}"
            return f"'{quoted}' is {official}, which is {outside}"
        partial = self._partial(core(tokens))
        if len(partial) > 1:
            return _several(quoted, partial)
        if partial:
            return f"unknown force '{quoted}': it is part of the name of {partial[0].id} (give the full name)"
        close = self._close({" ".join(tokens), " ".join(core(tokens))})
        if close:
            return f"unknown force '{quoted}' (did you mean {_either(f.id for f in close)}?)"
        return f"unknown force '{quoted}' (run 'hmic forces' to list them)"

    def _partial(self, tokens: tuple[str, ...]) -> list[Force]:
        """Forces with ``tokens`` as whole words inside one of their names ("yorkshire", "west")."""
        if not set(tokens) - FILLER:
            return []
        size = len(tokens)
        return [
            force
            for force in self.forces
            if any(
                tuple(key[i : i + size]) == tokens
                for key in map(str.split, spellings(force))
                for i in range(len(key) - size + 1)
            )
        ]

    def _close(self, wanted: Iterable[str]) -> list[Force]:
        """The forces nearest to a misspelt key, when they are a typing slip away."""
        best: dict[int, list[Force]] = {}
        for key, forces in self._index.items():
            slips = [d for w in wanted if (d := typo_distance(w, key)) is not None]
            if slips:
                hits = best.setdefault(min(slips), [])
                hits.extend(f for f in forces if f not in hits)
        return best[min(best)] if best else []

    # -- names in prose --------------------------------------------------

    def mentions(self, text: str) -> dict[str, int]:
        """How often ``text`` names each force, by force id, in order of first mention.

        Full names and distinctive short names count ("Thames Valley Police",
        "Thames Valley", "Avon & Somerset"), as whole words in any case. The
        longest name wins where names overlap, so "Thames Valley Police"
        counts once and "South Wales Police" counts for no other force with
        "Wales" in its name. Forces the text does not name are left out.
        Aliases do not count: short forms such as "met" or "beds" are
        ordinary words in prose.
        """
        pattern = self._mention_pattern or self._compile_mentions()
        counts: dict[str, int] = {}
        for match in pattern.finditer(text):
            force_id = self._mention_ids[force_key(match.group())]
            counts[force_id] = counts.get(force_id, 0) + 1
        return counts

    def _compile_mentions(self) -> re.Pattern[str]:
        owners: dict[str, set[str]] = {}
        phrases: dict[str, tuple[str, ...]] = {}
        for force in self.forces:
            for text in (force.name, force.id):
                raw = tuple(_WORD.findall(text.casefold().replace("&", " and ")))
                for tokens in (raw, core(raw)):
                    key = force_key(" ".join(tokens))
                    if set(tokens) - FILLER:
                        owners.setdefault(key, set()).add(force.id)
                        phrases.setdefault(key, tokens)
        # A short name two forces share is not distinctive of either.
        self._mention_ids = {key: min(ids) for key, ids in owners.items() if len(ids) == 1}
        ordered = sorted(self._mention_ids, key=lambda k: (-len(phrases[k]), -len(k), k))
        alternatives = "|".join(_phrase_pattern(phrases[key]) for key in ordered) or "(?!)"
        self._mention_pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
        return self._mention_pattern


def _ids(force: Force) -> list[str]:
    return [force_key(force.id)]


def _names(force: Force) -> list[str]:
    return [force_key(force.name)]


def _several(quoted: str, forces: Iterable[Force]) -> str:
    ids = ", ".join(sorted(f.id for f in forces))
    return f"'{quoted}' fits several forces: {ids} (give one of them)"


def _either(ids: Iterable[str]) -> str:
    quoted = [f"'{i}'" for i in sorted(ids)]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def _phrase_pattern(tokens: tuple[str, ...]) -> str:
    """A pattern for a name in prose: words split by spaces, hyphens or dashes, "and" also as "&"."""
    gap = r"[\s\-‐–—]+"
    parts = [re.escape(tokens[0])]
    for i in range(1, len(tokens)):
        if tokens[i] == "and" and i + 1 < len(tokens):
            parts.append(rf"(?:{gap}and{gap}|\s*&\s*)")
        elif tokens[i - 1] == "and" and i > 1:
            parts.append(re.escape(tokens[i]))
        else:
            parts.append(gap + re.escape(tokens[i]))
    return "".join(parts)
