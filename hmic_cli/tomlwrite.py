"""Write plain records (see ``schema``) back out as TOML in the data schema.

Used by the importer and by anyone generating data files, so that every file
the tool writes reads back to the same records.
"""

from __future__ import annotations

import json
from typing import Any

from .model import Plain

_SCALARS = ("force", "programme", "year", "pillar", "grade", "published", "summary")
_LISTS = ("notes", "areas_for_improvement", "causes_of_concern")


def _value(value: Any, *, bare_date: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if bare_date:
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _lines_for_list(key: str, items: list[str]) -> list[str]:
    if not items:
        return []
    return [f"{key} = [", *(f"  {_value(item)}," for item in items), "]"]


def inspection_toml(record: Plain) -> str:
    """One ``[[inspection]]`` block, with its documents and questions."""
    out = ["[[inspection]]"]
    for key in _SCALARS:
        value = record.get(key)
        if value is None:
            if key == "published":
                out.append('published = "unknown"')
            continue
        out.append(f"{key} = {_value(value, bare_date=key == 'published')}")
    for key in _LISTS:
        out.extend(_lines_for_list(key, record.get(key) or []))
    urls = [s["url"] for s in record.get("sources", []) if _is_plain_url(s)]
    out.extend(_lines_for_list("sources", urls))
    for source in record.get("sources", []):
        if _is_plain_url(source):
            continue
        out.extend(["", "[[inspection.document]]"])
        for key in ("title", "issued_by", "audience", "author_role", "date", "url"):
            if source.get(key) is not None:
                out.append(f"{key} = {_value(source[key], bare_date=key == 'date')}")
    for question in record.get("questions", []):
        out.extend(["", "[[inspection.question]]"])
        out.append(f"number = {question['number']}")
        out.append(f"text = {_value(question['text'])}")
        out.append(f"grade = {_value(question['grade'])}")
        out.extend(_lines_for_list("highlights", question.get("highlights") or []))
        out.extend(_lines_for_list("areas_for_improvement", question.get("areas_for_improvement") or []))
    return "\n".join(out) + "\n"


def _is_plain_url(source: Plain) -> bool:
    return bool(source.get("url")) and not any(
        source.get(k) for k in ("title", "issued_by", "audience", "author_role", "date")
    )


def file_toml(records: list[Plain], header: str = "") -> str:
    """A whole data file: an optional comment header, then the records."""
    parts = [f"# {line}".rstrip() for line in header.splitlines()] if header else []
    body = "\n".join(inspection_toml(r) for r in records)
    return ("\n".join(parts) + "\n\n" if parts else "") + body
