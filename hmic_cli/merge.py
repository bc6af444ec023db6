"""What an imported record would lose if it replaced one that is already there, and how to merge instead.

A bundled or user record often holds more than an imported one: sources,
a publication day, findings, notes, questions. Replacing it outright would
drop them without a word, so ``hmic import`` first lists what would be lost
(``compare``) and offers to merge (``merge``): the imported grade and
findings are added, everything the existing record holds is kept, nothing is
repeated. Both work on plain records (see ``schema``) of either kind,
inspection or report; ``path`` and ``line`` are ignored.
"""

from __future__ import annotations

from typing import Any

from .model import Plain

_LISTS = ("notes", "areas_for_improvement", "causes_of_concern")
_NAMES = {
    "notes": "note",
    "areas_for_improvement": "area for improvement",
    "causes_of_concern": "cause of concern",
}
_NOT_KNOWN = (None, "unknown")


def compare(existing: Plain, imported: Plain) -> list[str]:
    """Everything in ``existing`` that ``imported`` does not hold, one line each (empty: nothing is lost)."""
    _same_record(existing, imported)
    lost: list[str] = []
    grade_key = _grade_key(existing, imported)
    old, new = existing.get(grade_key), imported.get(grade_key)
    if old not in _NOT_KNOWN and old != new:
        what = "grade" if grade_key == "grade" else "number of causes of concern"
        lost.append(f"{what} {_shown(old)} (the import says {_shown(new)})")
    if existing.get("published") and existing.get("published") != imported.get("published"):
        lost.append(
            f"publication day {existing['published']} (the import says {_shown(imported.get('published'))})"
        )
    for key in ("summary", "evidence"):
        if existing.get(key) and existing.get(key) != imported.get(key):
            lost.append(f"{key}: {_excerpt(existing[key])}")
    for key in _LISTS if grade_key == "grade" else ("notes",):
        if isinstance(existing.get(key), list):
            lost += [
                f"{_NAMES[key]}: {_excerpt(item)}"
                for item in existing[key]
                if item not in (imported.get(key) or [])
            ]
    lost += [
        f"source: {_describe(s)}"
        for s in existing.get("sources") or []
        if s not in (imported.get("sources") or [])
    ]
    theirs = {q.get("number"): q for q in imported.get("questions") or []}
    for question in existing.get("questions") or []:
        if theirs.get(question.get("number")) != question:
            lost.append(
                f"question {question.get('number')} and its findings: {_excerpt(question.get('text'))}"
            )
    return lost


def merge(existing: Plain, imported: Plain) -> Plain:
    """``existing`` with the imported grade (or count) and findings added; nothing dropped, nothing twice.

    The imported grade wins, since importing it is what the user asked for;
    ``compare`` says beforehand if it differs. Where the two agree the
    existing evidence is kept, otherwise the imported evidence goes with the
    imported grade. The publication day and summary of ``existing`` are kept
    and only filled in from the import where they are missing.
    """
    _same_record(existing, imported)
    out = {k: _copy(v) for k, v in existing.items() if k not in ("path", "line")}
    grade_key = _grade_key(existing, imported)
    new = imported.get(grade_key)
    if existing.get(grade_key) in _NOT_KNOWN and new not in _NOT_KNOWN:
        # What explained the unknown no longer holds: its notes are kept, marked
        # as past; the fact-file placeholder that stood in for a source goes.
        out["notes"] = [f"{UNKNOWN_BEFORE}{note}" for note in out.get("notes") or []]
        out["sources"] = [s for s in out.get("sources") or [] if not is_placeholder(s)]
    if new not in _NOT_KNOWN:
        if grade_key == "grade" and (out.get("grade") != new or not out.get("evidence")):
            out["evidence"] = imported.get("evidence") or out.get("evidence")
        out[grade_key] = new
    for key in ("published", "summary", "evidence"):
        if not out.get(key) and imported.get(key):
            out[key] = imported[key]
    for key in (*(_LISTS if grade_key == "grade" else ("notes",)), "sources"):
        if key in imported or key in out:
            merged = list(out.get(key) or [])
            merged += [_copy(item) for item in imported.get(key) or [] if item not in merged]
            out[key] = merged
    if "questions" in imported or "questions" in out:
        out["questions"] = _questions(out.get("questions") or [], imported.get("questions") or [])
    return out


UNKNOWN_BEFORE = "Before an import gave this, the data did not hold it: "


def is_placeholder(source: Plain) -> bool:
    """The fact-file document that stands where no source states a fact."""
    title = source.get("title") or ""
    return not source.get("url") and title.startswith("Project fact file") and "unknown" in title


def conflict(existing: Plain, imported: Plain) -> str | None:
    """Words for a held grade (or count) that the import contradicts, else ``None``."""
    key = _grade_key(existing, imported)
    old, new = existing.get(key), imported.get(key)
    if old in _NOT_KNOWN or new in _NOT_KNOWN or old == new:
        return None
    what = "grade" if key == "grade" else "number of causes of concern"
    return f"the data holds the {what} {_shown(old)}, the text says {_shown(new)}"


def compare_reports(existing: Plain, imported: Plain) -> list[str]:
    """``compare`` for two ``[[report]]`` records (number of causes of concern, day, notes, sources)."""
    _reports_only(existing, imported)
    return compare(existing, imported)


def merge_reports(existing: Plain, imported: Plain) -> Plain:
    """``merge`` for two ``[[report]]`` records: the imported count wins where it is known."""
    _reports_only(existing, imported)
    return merge(existing, imported)


def _reports_only(*records: Plain) -> None:
    if any("area" in record for record in records):
        raise ValueError("an inspection record is not a report record")


def _questions(mine: list[Plain], theirs: list[Plain]) -> list[Plain]:
    """Questions by number: the existing ones with the imported findings added, then new questions."""
    merged = [_copy(q) for q in mine]
    by_number = {q.get("number"): q for q in merged}
    for question in theirs:
        have = by_number.get(question.get("number"))
        if have is None:
            merged.append(_copy(question))
            continue
        if have.get("grade") in _NOT_KNOWN:
            have["grade"] = question.get("grade")
        for key in ("highlights", "areas_for_improvement"):
            have[key] = list(have.get(key) or []) + [
                i for i in question.get(key) or [] if i not in (have.get(key) or [])
            ]
    return sorted(merged, key=lambda q: q.get("number") or 0)


def _grade_key(existing: Plain, imported: Plain) -> str:
    """An inspection's judgement is its grade; a report's is its number of causes of concern."""
    return "grade" if "area" in existing or "area" in imported else "causes_of_concern"


def _same_record(existing: Plain, imported: Plain) -> None:
    """Comparing or merging two different records is a programming error, not a user's."""
    for key in ("force", "cycle", "area"):
        if existing.get(key) != imported.get(key):
            raise ValueError(f"not the same record: {key} {existing.get(key)!r} vs {imported.get(key)!r}")


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _shown(value: object) -> str:
    return "unknown" if value in _NOT_KNOWN else str(value).replace("_", " ")


def _excerpt(text: object, size: int = 70) -> str:
    flat = " ".join(str(text).split())
    return repr(flat if len(flat) <= size else flat[: size - 1] + "…")


def _describe(source: Plain) -> str:
    parts = [str(source[k]) for k in ("title", "date", "url") if source.get(k)]
    return "; ".join(parts) or "(empty)"
