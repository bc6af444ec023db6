"""Terminal tables, drawn by rich.

Only this module and the terminal report view import rich, and only when a
table is wanted, so machine formats stay fast. Data text always goes in as
``rich.text.Text`` (never parsed as markup); word wrapping and Unicode
widths are rich's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..env import Env
from ..model import Grade
from .listing import Column, Listing, clean

GRADE_STYLES = {
    Grade.OUTSTANDING: "bold green",
    Grade.GOOD: "green",
    Grade.ADEQUATE: "yellow",
    Grade.REQUIRES_IMPROVEMENT: "red",
    Grade.INADEQUATE: "bold bright_white on red",
    Grade.NOT_GRADED: "dim",
    Grade.UNKNOWN: "dim italic",
}
# Matrix cells: a coloured block that reads at a glance.
GRADE_BLOCKS = {
    Grade.OUTSTANDING: "bold bright_white on green",
    Grade.GOOD: "black on bright_green",
    Grade.ADEQUATE: "black on bright_yellow",
    Grade.REQUIRES_IMPROVEMENT: "black on yellow",
    Grade.INADEQUATE: "bold bright_white on red",
    Grade.NOT_GRADED: "dim",
    Grade.UNKNOWN: "dim",
}
BAR_WIDTH = 16


def console(out: IO[str], env: Env) -> Console:
    """A rich console for ``out`` that follows ``env`` and nothing else."""
    return Console(
        file=out,
        width=env.width,
        height=25,
        force_terminal=env.colour,
        color_system="standard" if env.colour else None,
        no_color=not env.colour,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )


def _cell(row: dict[str, Any], col: Column, listing: Listing, bar_width: int) -> Text:
    value = row.get(col.key)
    if col.kind == "bar":
        return Text("█" * max(1, round(float(value or 0) * bar_width)) if value else "", style="cyan")
    text = listing.text(row, col)
    grade = Grade.lookup(value) if col.kind in ("grade", "block") else None
    if col.kind == "block":
        if grade is None:
            return Text("" if value is None else clean(str(value)))
        return Text(f"{text:^2}", style=GRADE_BLOCKS[grade])
    cell = Text(text, style=GRADE_STYLES[grade] if grade else "")
    if col.kind == "long" and listing.emphasis:
        cell.highlight_words(listing.emphasis, "bold reverse", case_sensitive=False)
    return cell


def _grid(listing: Listing, con: Console, table: Table, widths: list[int], bar_width: int) -> None:
    """A grid of grade blocks (the matrix): the blocks of a row are one text.

    Laid out as one cell instead of one per grade, a 43 x 13 grid costs rich
    a fraction of the time and looks the same.
    """
    cols = list(zip(listing.columns, widths, strict=True))
    lead = [(c, w) for c, w in cols if c.kind != "block"]
    blocks = [(c, w) for c, w in cols if c.kind == "block"]

    def joined(cells: list[Text]) -> Text:
        line = Text()
        for n, (cell, (_, width)) in enumerate(zip(cells, blocks, strict=True)):
            gap = width - cell.cell_len
            line.append(" " * (gap // 2 + (1 if n else 0)))
            line.append_text(cell)
            line.append(" " * (gap - gap // 2))
        return line

    for col, width in lead:
        table.add_column(
            Text(col.header), no_wrap=col.kind in ("number", "date"), overflow="fold", width=width
        )
    header = joined([Text(c.header) for c, _ in blocks])
    table.add_column(header, no_wrap=True, width=header.cell_len)

    def add(row: dict[str, Any]) -> None:
        cells = [_cell(row, c, listing, bar_width) for c, _ in lead]
        table.add_row(*cells, joined([_cell(row, c, listing, bar_width) for c, _ in blocks]))

    for row in listing.human_rows:
        add(row)
    if listing.footer_rows:
        table.add_section()
        for row in listing.footer_rows:
            add(row)
    _print(listing, con, table)


def _print(listing: Listing, con: Console, table: Table) -> None:
    if listing.title:
        con.print(Text(clean(listing.title), style="bold"))
        con.print()
    con.print(table)
    for note in listing.notes:
        con.print(Text(clean(note), style="dim"))


def longest_word(texts: list[list[str]], n: int, column: Column) -> int:
    """The widest word of a column (its header included): narrower would break words."""
    return max([cell_len(column.header), *(cell_len(w) for t in texts for w in t[n].split())])


def _stacked(listing: Listing, con: Console, bar_width: int) -> None:
    """Too narrow for columns without breaking words: one record after another."""
    if listing.title:
        con.print(Text(clean(listing.title), style="bold"))
    for row in [*listing.human_rows, *listing.footer_rows]:
        con.print()
        for col in listing.columns:
            cell = _cell(row, col, listing, bar_width)
            if cell.plain.strip():
                con.print(Text.assemble((f"{col.header or 'Share'}: ", "bold"), cell))
    for note in listing.notes:
        con.print(Text(clean(note), style="dim"))


def fit(texts: list[list[str]], columns: Sequence[Column], room: int) -> list[int]:
    """Column widths that fit ``room``, wrapping text (at spaces) where it must.

    Bars shrink first (down to 6 cells), then long text (down to 24 cells), then other text (down to
    its longest word), then long text again (down to 10), then grades (to one
    word a line). Numbers, dates and blocks never wrap; a word longer than
    its column is folded by rich.
    """
    natural = [max([cell_len(c.header), *(cell_len(t[n]) for t in texts)]) for n, c in enumerate(columns)]
    widths = list(natural)

    stages = [
        {n: 6 for n, c in enumerate(columns) if c.kind == "bar"},
        {n: min(natural[n], 24) for n, c in enumerate(columns) if c.kind == "long"},
        {n: longest_word(texts, n, columns[n]) for n, c in enumerate(columns) if c.kind in ("text", "label")},
        {n: min(natural[n], 10) for n, c in enumerate(columns) if c.kind == "long"},
        {n: longest_word(texts, n, columns[n]) for n, c in enumerate(columns) if c.kind == "grade"},
        {n: 4 for n, c in enumerate(columns) if c.kind in ("text", "label", "grade", "long")},
    ]
    excess = sum(widths) - room
    for floors in stages:
        while excess > 0:
            movable = [n for n, low in floors.items() if widths[n] > low]
            if not movable:
                break
            n = max(movable, key=lambda k: widths[k])
            widths[n] -= 1
            excess -= 1
    return widths


def write(listing: Listing, out: IO[str], *, env: Env, **_: Any) -> None:
    """Draw ``listing`` as a table; an empty one is a notice on stderr (hidden by ``--quiet``)."""
    if not listing.rows:
        env.note(clean(listing.empty))
        return
    con = console(out, env)
    kinds = {c.kind for c in listing.columns}
    rows = [*listing.human_rows, *listing.footer_rows]
    texts = [
        ["█" * BAR_WIDTH if c.kind == "bar" else listing.text(r, c) for c in listing.columns] for r in rows
    ]
    # Columns are one space apart; a grid of blocks packs tight, others get a space each side.
    pad = 0 if "block" in kinds else 1
    room = env.width - (len(listing.columns) - 1) * (1 + 2 * pad)
    widths = fit(texts, listing.columns, room)
    # Bars take what the other columns leave them (see ``fit``).
    bar_width = next((w for c, w in zip(listing.columns, widths, strict=True) if c.kind == "bar"), BAR_WIDTH)
    if any(
        w < longest_word(texts, n, c)
        for n, (c, w) in enumerate(zip(listing.columns, widths, strict=True))
        if c.kind != "bar"
    ):
        _stacked(listing, con, bar_width)
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, pad), header_style="bold")
    if sum(c.kind == "block" for c in listing.columns) >= 3:
        _grid(listing, con, table, widths, bar_width)
        return
    for col, width in zip(listing.columns, widths, strict=True):
        table.add_column(
            Text(col.header),
            justify="right" if col.kind == "number" else "center" if col.kind == "block" else "left",
            no_wrap=col.kind in ("number", "block", "date", "bar"),
            overflow="fold",
            width=width,
        )
    for row in listing.human_rows:
        table.add_row(*(_cell(row, c, listing, bar_width) for c in listing.columns))
    if listing.footer_rows:
        table.add_section()
        for row in listing.footer_rows:
            table.add_row(*(_cell(row, c, listing, bar_width) for c in listing.columns))
    _print(listing, con, table)
