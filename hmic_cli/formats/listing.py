"""What a listing command hands to a format: rows plus what a person needs to read them."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from ..model import Grade

# Text from the data must never drive the terminal: the loader rejects such
# characters, and every writer replaces them again as a second line of defence.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    return _CONTROL.sub("\ufffd", text)


class Column(NamedTuple):
    """A table column: which field, its heading and how to show it.

    kind: text | label | grade | date | number | long | bar | block | cycle (an id shown by its label).
    """

    key: str
    header: str
    kind: str = "text"


class Listing(NamedTuple):
    """Rows plus what a person needs to read them.

    ``table_rows`` (another shape of the same rows, e.g. forces side by
    side), ``footer_rows`` (totals under a rule), ``notes`` and ``emphasis``
    (words to pick out in search results) are for people only: table and
    Markdown. Machine formats carry ``rows`` with ``fields``.
    """

    fields: Sequence[str]
    columns: Sequence[Column]
    rows: list[dict[str, Any]]
    title: str | None = None
    empty: str = "no matching records"
    table_rows: list[dict[str, Any]] | None = None
    footer_rows: Sequence[dict[str, Any]] = ()
    notes: Sequence[str] = ()
    emphasis: tuple[str, ...] = ()
    cycle_labels: Mapping[str, str] = {}

    @property
    def human_rows(self) -> list[dict[str, Any]]:
        return self.rows if self.table_rows is None else self.table_rows

    def text(self, row: Mapping[str, Any], col: Column) -> str:
        """A cell as a person reads it (a cycle by its label, e.g. 2023–25)."""
        value = row.get(col.key)
        if col.kind == "cycle":
            return "-" if value is None else self.cycle_labels.get(str(value), clean(str(value)))
        return display(value, col.kind)

    def with_fields(self, fields: Sequence[str]) -> Listing:
        """Only these machine fields (``--fields``/``--json FIELDS``), in this order."""
        return self._replace(fields=tuple(fields))


def display(value: Any, kind: str) -> str:
    """How a person reads a machine value in a table or a report."""
    if value is None:
        return "not held" if kind == "date" else "-"
    if kind in ("grade", "block"):
        grade = Grade.lookup(value)
        if grade is not None:
            if kind == "block":
                return grade.short
            return "not held" if grade is Grade.UNKNOWN else grade.label
    if kind == "label":
        return str(value).replace("_", " ")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(clean(str(v)) for v in value)
    return clean(str(value))
