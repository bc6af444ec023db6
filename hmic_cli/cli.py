"""The ``hmic`` command line: parse options, call the core, hand rows to render.

No logic lives here beyond turning option strings into model values. Errors
from anywhere below arrive as ``HmicError`` and leave as one line on stderr
with the documented exit code (see ``HmicGroup.main``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import DataErrors, HmicError, UsageError
from .model import Grade, Pillar, parse_year

# --- error handling -----------------------------------------------------


class HmicGroup(TyperGroup):
    """Runs commands with one-line errors, clean broken pipes and exit codes.

    0 success (also for an empty result), 1 data or runtime error, 2 usage.
    """

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        from typer._click.exceptions import ClickException, NoArgsIsHelpError

        try:
            rv = super().main(
                args=args,
                prog_name=prog_name or "hmic",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
            sys.stdout.flush()
        except NoArgsIsHelpError as exc:
            sys.stdout.write(exc.format_message() + "\n")
            rv = 0
        except ClickException as exc:
            _fail(_usage_line(exc), exc.exit_code)
        except DataErrors as exc:
            for err in exc.errors:
                sys.stderr.write(err.message + "\n")
            sys.exit(exc.exit_code)
        except HmicError as exc:
            _fail(exc.message, exc.exit_code)
        except BrokenPipeError:
            _quiet_broken_pipe()
        except (KeyboardInterrupt, typer.Abort):
            sys.stderr.write("\n")
            sys.exit(130)
        if not standalone_mode:
            return rv
        sys.exit(rv if isinstance(rv, int) else 0)


def _usage_line(exc: Any) -> str:
    message = exc.format_message().strip().replace("\n", " ")
    ctx = getattr(exc, "ctx", None)
    if ctx is not None and exc.exit_code == 2:
        return f"{message} (see '{ctx.command_path} --help')"
    return message


def _fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(f"hmic: error: {message}\n")
    sys.exit(code)


def _quiet_broken_pipe() -> NoReturn:
    """The reader went away (``| head``): stop quietly, like other Unix tools."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(0)


def note(message: str) -> None:
    sys.stderr.write(f"hmic: {message}\n")


# --- the app and shared options ------------------------------------------

APP_SETTINGS: dict[str, Any] = {
    "name": "hmic",
    "cls": HmicGroup,
    "help": "Query HMIC PEEL inspection outcomes for the police forces of England and Wales.",
    "epilog": "Output is a table on a terminal and tab-separated text in a pipe; "
    "use --format or --json to choose. Docs: README.md.",
    "no_args_is_help": True,
    "rich_markup_mode": "rich",
    "pretty_exceptions_enable": False,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**APP_SETTINGS)
# Every subcommand by name, so that ``main`` can build an app holding only the
# one being run: Typer builds all commands' parameters up front, and with
# fifteen commands that was a tenth of hmic's start-up time.
COMMANDS: dict[str, Any] = {}


def command(name: str | None = None) -> Any:
    """Register a subcommand on ``app`` and in ``COMMANDS``."""

    def register(func: Any) -> Any:
        COMMANDS[name or func.__name__] = func
        return app.command(name)(func)

    return register


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"hmic {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", help="Show the version and exit.", callback=_version, is_eager=True),
    ] = False,
) -> None:
    """Query HMIC PEEL inspection outcomes for the police forces of England and Wales."""


# --- shell completion from the data ---------------------------------------------


def _completion_data() -> Any:
    from .dataset import load

    try:
        return load()
    except HmicError:
        return None


def _complete_force(incomplete: str) -> list[tuple[str, str]]:
    ds = _completion_data()
    if ds is None:
        return []
    prefix = incomplete.lower()
    return [(f.id, f.name) for f in ds.forces if f.id.startswith(prefix)]


def _complete_year(incomplete: str) -> list[str]:
    from .model import cycle_label

    ds = _completion_data()
    found = ds.years() if ds else []
    return [cycle_label(y) for y in found if cycle_label(y).startswith(incomplete)]


def _complete_pillar(incomplete: str) -> list[str]:
    return [p.value for p in Pillar if p.value.startswith(incomplete.lower())]


def _complete_grade(incomplete: str) -> list[str]:
    return [g.value for g in Grade if g.value.startswith(incomplete.lower())]


def _complete_format(incomplete: str) -> list[str]:
    from .render import FORMATS

    return [f for f in FORMATS if f.startswith(incomplete.lower())]


DataDirs = Annotated[
    list[Path] | None,
    typer.Option(
        "--data-dir",
        "-d",
        metavar="DIR",
        help="Also read TOML records from DIR (repeatable; adds to HMIC_DATA_DIR).",
    ),
]
Format = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="table, json, ndjson, csv, tsv or markdown (default: table on a terminal, tsv in a pipe).",
        autocompletion=_complete_format,
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
NoHeader = Annotated[
    bool, typer.Option("--no-header", help="No header line in csv and tsv output (for loops like cut -f1).")
]
Year = Annotated[
    str | None,
    typer.Option(
        "--year",
        "-y",
        metavar="YEAR",
        help="Assessment year, e.g. 2016 or 2018/19.",
        autocompletion=_complete_year,
    ),
]
PillarOpt = Annotated[
    str | None,
    typer.Option(
        "--pillar",
        "-p",
        metavar="PILLAR",
        help="effectiveness, efficiency, legitimacy or leadership.",
        autocompletion=_complete_pillar,
    ),
]
ForceArg = Annotated[
    str,
    typer.Argument(
        metavar="FORCE", help="Force id, name or short form, e.g. durham.", autocompletion=_complete_force
    ),
]
OptionalForce = Annotated[
    str | None,
    typer.Argument(
        metavar="FORCE",
        help="Force id, name or short form (default: all forces).",
        autocompletion=_complete_force,
    ),
]


# --- option parsing (strings to model values) ----------------------------


def _format(fmt: str | None, as_json: bool) -> str:
    from .render import FORMATS, choose_format

    if fmt is not None and fmt.lower() not in FORMATS:
        raise UsageError(f"unknown format '{fmt}' (expected one of: {', '.join(FORMATS)})")
    return choose_format(fmt.lower() if fmt else None, as_json)


def _year(text: str | None) -> int | None:
    try:
        return None if text is None else parse_year(text)
    except ValueError as exc:
        raise UsageError(f"--year: {exc}") from None


def _pillar(text: str | None) -> Pillar | None:
    try:
        return None if text is None else Pillar.parse(text)
    except ValueError as exc:
        raise UsageError(f"--pillar: {exc}") from None


def _grades(texts: list[str] | None) -> tuple[Grade, ...]:
    try:
        return tuple(Grade.parse(t) for t in texts or ())
    except ValueError as exc:
        raise UsageError(f"--grade: {exc}") from None


def _dataset(data_dirs: list[Path] | None, located: Any = None, err: Any = None) -> Any:
    from .dataset import load

    ds = load(data_dirs, located=located)
    for r in ds.replacements:
        (err or sys.stderr).write(f"hmic: {r.describe()}\n")
    return ds


def _cached_run(command: str, params: tuple[Any, ...], data_dirs: list[Path] | None, produce: Any) -> None:
    """Run a read-only command: replay its output when the same run was seen
    over the same data, otherwise load, query and render (and remember it).

    ``produce(ds, out, err, term)`` writes the command's output to ``out``
    and its messages to ``err``; ``term`` describes the real stdout.
    """
    import io

    from . import cache
    from .dataset import locate
    from .term import Terminal

    located = locate(data_dirs)
    term = Terminal(sys.stdout)
    # Everything besides the data that decides the output; the data's own
    # fingerprint is checked by the cache.
    key = (command, params, term.tty, term.colour, term.width)
    hit = cache.read_output(located[1], key)
    if hit is not None:
        sys.stderr.write(hit[1])
        sys.stdout.write(hit[0])
        return
    out, err = io.StringIO(), io.StringIO()
    ds = _dataset(data_dirs, located, err)
    produce(ds, out, err, term)
    sys.stderr.write(err.getvalue())
    sys.stdout.write(out.getvalue())
    cache.write_output(located[1], key, out.getvalue(), err.getvalue())


def _listing(
    command: str,
    params: tuple[Any, ...],
    data_dirs: list[Path] | None,
    make: Any,
    *,
    fmt: str | None,
    as_json: bool,
    no_header: bool,
) -> None:
    """A listing command: ``make(ds)`` returns the ``Listing`` to write.

    ``fmt``, ``as_json`` and ``no_header`` are the shared output options, as given.
    """
    from .render import write

    chosen = _format(fmt, as_json)

    def produce(ds: Any, out: Any, err: Any, term: Any) -> None:
        write(make(ds), chosen, out, err=err, terminal=term, header=not no_header)

    _cached_run(command, (*params, chosen, no_header), data_dirs, produce)


def _filters(
    ds: Any, force: str | None, year: str | None, pillar: str | None, grades: tuple[Grade, ...] = ()
) -> Any:
    from .query import Filters

    forces = (ds.resolve_force(force),) if force else ()
    return Filters(forces=forces, year=_year(year), pillar=_pillar(pillar), grades=grades)


# --- commands -------------------------------------------------------------


@command()
def forces(
    data_dir: DataDirs = None, fmt: Format = None, as_json: Json = False, no_header: NoHeader = False
) -> None:
    """List the forces in the dataset, with how many records each has."""
    from . import views

    _listing("forces", (), data_dir, views.forces, fmt=fmt, as_json=as_json, no_header=no_header)


@command()
def grades(
    force: OptionalForce = None,
    year: Year = None,
    pillar: PillarOpt = None,
    grade: Annotated[
        list[str] | None,
        typer.Option(
            "--grade",
            "-g",
            metavar="GRADE",
            help="Only this grade, e.g. requires_improvement (repeatable).",
            autocompletion=_complete_grade,
        ),
    ] = None,
    questions: Annotated[
        bool, typer.Option("--questions", "-q", help="One row per question instead of per pillar.")
    ] = False,
    data_dir: DataDirs = None,
    fmt: Format = None,
    as_json: Json = False,
    no_header: NoHeader = False,
) -> None:
    """Overall grades, newest first; with --questions, the grade of each question."""
    from . import views

    wanted = _grades(grade)
    _listing(
        "grades",
        (force, year, pillar, wanted, questions),
        data_dir,
        lambda ds: views.grades(ds, _filters(ds, force, year, pillar, wanted), questions=questions),
        fmt=fmt,
        as_json=as_json,
        no_header=no_header,
    )


@command()
def highlights(
    force: ForceArg,
    year: Year = None,
    pillar: PillarOpt = None,
    question: Annotated[
        int | None, typer.Option("--question", "-Q", metavar="N", help="Only question N.", min=1)
    ] = None,
    data_dir: DataDirs = None,
    fmt: Format = None,
    as_json: Json = False,
    no_header: NoHeader = False,
) -> None:
    """What the inspectors highlighted, question by question."""
    from . import views

    _listing(
        "highlights",
        (force, year, pillar, question),
        data_dir,
        lambda ds: views.highlights(ds, _filters(ds, force, year, pillar), question),
        fmt=fmt,
        as_json=as_json,
        no_header=no_header,
    )


@command()
def improvements(
    force: OptionalForce = None,
    year: Year = None,
    pillar: PillarOpt = None,
    data_dir: DataDirs = None,
    fmt: Format = None,
    as_json: Json = False,
    no_header: NoHeader = False,
) -> None:
    """Areas for improvement, causes of concern, and every grade below good."""
    from . import views

    _listing(
        "improvements",
        (force, year, pillar),
        data_dir,
        lambda ds: views.improvements(ds, _filters(ds, force, year, pillar)),
        fmt=fmt,
        as_json=as_json,
        no_header=no_header,
    )


@command()
def show(
    force: ForceArg,
    year: Year = None,
    pillar: PillarOpt = None,
    data_dir: DataDirs = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="text, json or markdown (default: styled on a terminal, plain text in a pipe).",
        ),
    ] = None,
    as_json: Json = False,
) -> None:
    """The whole report for a force, readable like a Panel briefing."""
    from . import views

    chosen = "json" if as_json else fmt

    def produce(ds: Any, out: Any, err: Any, term: Any) -> None:
        views.show(ds, _filters(ds, force, year, pillar), chosen, out, err, term)

    _cached_run("show", (force, year, pillar, chosen), data_dir, produce)


@command()
def compare(
    force: Annotated[
        list[str],
        typer.Argument(metavar="FORCE...", help="One or more forces.", autocompletion=_complete_force),
    ],
    year: Year = None,
    pillar: PillarOpt = None,
    data_dir: DataDirs = None,
    fmt: Format = None,
    as_json: Json = False,
    no_header: NoHeader = False,
) -> None:
    """Forces side by side; with one force, its place among all forces."""
    from . import views

    def make(ds: Any) -> Any:
        chosen = tuple(dict.fromkeys(ds.resolve_force(name) for name in force))
        return views.compare(ds, _filters(ds, None, year, pillar)._replace(forces=chosen))

    _listing(
        "compare", (tuple(force), year, pillar), data_dir, make, fmt=fmt, as_json=as_json, no_header=no_header
    )


@command()
def history(
    force: ForceArg,
    pillar: PillarOpt = None,
    data_dir: DataDirs = None,
    fmt: Format = None,
    as_json: Json = False,
    no_header: NoHeader = False,
) -> None:
    """Each pillar's grade across the years, and whether it improved."""
    from . import views

    _listing(
        "history",
        (force, pillar),
        data_dir,
        lambda ds: views.history(ds, _filters(ds, force, None, pillar)),
        fmt=fmt,
        as_json=as_json,
        no_header=no_header,
    )


def _national_command(name: str, summary: str) -> None:
    """Register ``matrix`` or ``stats``: the same options over the national picture."""

    def run(
        year: Year = None,
        pillar: PillarOpt = None,
        data_dir: DataDirs = None,
        fmt: Format = None,
        as_json: Json = False,
        no_header: NoHeader = False,
    ) -> None:
        from . import views

        view = getattr(views, name)
        _listing(
            name,
            (year, pillar),
            data_dir,
            lambda ds: view(ds, _filters(ds, None, year, pillar)),
            fmt=fmt,
            as_json=as_json,
            no_header=no_header,
        )

    run.__name__ = run.__qualname__ = name
    run.__doc__ = summary
    command(name)(run)


_national_command(
    "matrix", "All forces at a glance: pillars across for a year, or years across for a pillar."
)
_national_command("stats", "How many forces got each grade, with a bar chart on a terminal.")


@command("import")
def import_(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="The report's text (UTF-8), or - for standard input.")
    ],
    force: Annotated[
        str | None,
        typer.Option(
            "--force",
            "-F",
            metavar="FORCE",
            help="The force, if the text does not say.",
            autocompletion=_complete_force,
        ),
    ] = None,
    year: Year = None,
    pillar: PillarOpt = None,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            "-d",
            metavar="DIR",
            help="Write FORCE-YEAR-PILLAR.toml files here instead of printing.",
        ),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace files that already exist in DIR.")
    ] = False,
) -> None:
    """Turn a report's text into TOML records in the data schema."""
    from . import importer, writer

    ds = _dataset([data_dir] if data_dir is not None and data_dir.is_dir() else None)
    hints = importer.Hints(
        force=ds.resolve_force(force) if force else None,
        year=_year(year),
        pillar=_pillar(pillar),
        name=file,
    )
    records = importer.parse(
        importer.decode(writer.read_input(file, importer.MAX_BYTES), file), ds.forces, hints
    )
    for r in records:
        if r["published"] is None:
            note(f"{r['force']} {r['year']} {r['pillar']}: publication date not found; recorded as unknown")
    if data_dir is None:
        sys.stdout.write(writer.render(records))
        return
    for path in writer.write_records(records, data_dir, overwrite=overwrite):
        note(f"wrote {path}")


@command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH...]", help="Data directories or files (default: bundled data and HMIC_DATA_DIR)."
        ),
    ] = None,
) -> None:
    """Check data files; list every problem as FILE:LINE: message."""
    from .dataset import user_dirs, validate

    report = validate(list(paths) if paths else user_dirs())
    for err in report.errors:
        sys.stdout.write(err.message + "\n")
    if report.errors:
        raise typer.Exit(1)
    sys.stdout.write(
        f"ok: {report.files} files, {report.forces} forces, "
        f"{report.inspections} inspection records, no problems\n"
    )


@command()
def search(
    words: Annotated[
        list[str], typer.Argument(metavar="WORD...", help="Words that must all appear (any case).")
    ],
    force: Annotated[
        str | None,
        typer.Option(
            "--force", "-F", metavar="FORCE", help="Only this force.", autocompletion=_complete_force
        ),
    ] = None,
    year: Year = None,
    pillar: PillarOpt = None,
    data_dir: DataDirs = None,
    fmt: Format = None,
    as_json: Json = False,
    no_header: NoHeader = False,
) -> None:
    """Find highlights, areas for improvement and causes of concern by their words."""
    from . import views

    _listing(
        "search",
        (tuple(words), force, year, pillar),
        data_dir,
        lambda ds: views.search(ds, _filters(ds, force, year, pillar), words),
        fmt=fmt,
        as_json=as_json,
        no_header=no_header,
    )


@command()
def brief(
    force: ForceArg,
    year: Year = None,
    pillar: PillarOpt = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write the Markdown to FILE.")
    ] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace FILE if it exists.")] = False,
    data_dir: DataDirs = None,
) -> None:
    """A Panel-briefing-style summary in Markdown, for pasting into a document.

    Without --year and --pillar it briefs on the newest record that has detailed findings.
    """
    from . import views

    ds = _dataset(data_dir)
    text = views.brief(ds, _filters(ds, force, year, pillar))
    if output is None:
        sys.stdout.write(text)
        return
    from .writer import atomic_write

    if output.exists() and not overwrite:
        raise HmicError(f"{output} already exists; use --overwrite to replace it")
    atomic_write(output, text.encode("utf-8"))
    note(f"wrote {output}")


@command()
def export(
    target: Annotated[
        Path, typer.Argument(metavar="FILE.db|DIR", help="SQLite file, or directory for --format csv.")
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="sqlite (default) or csv (one file per table)."
        ),
    ] = "sqlite",
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace existing files.")] = False,
    data_dir: DataDirs = None,
) -> None:
    """Write the whole dataset to SQLite (or CSV files) for other tools."""
    from . import export as exporter

    if fmt not in ("sqlite", "csv"):
        raise UsageError(f"unknown export format '{fmt}' (expected sqlite or csv)")
    ds = _dataset(data_dir)
    write = exporter.to_sqlite if fmt == "sqlite" else exporter.to_csv
    counts = write(ds, target, overwrite=overwrite)
    note(f"wrote {target}: " + ", ".join(f"{n} {name}" for name, n in counts.items()))


def main() -> None:
    """Console-script entry point: build only the subcommand being run."""
    args = sys.argv[1:]
    name = args[0] if args and not args[0].startswith("-") else None
    if name in COMMANDS and "_HMIC_COMPLETE" not in os.environ:
        single = typer.Typer(**APP_SETTINGS)
        single.callback()(_root)
        single.command(name)(COMMANDS[name])
        single()
    else:
        app()
