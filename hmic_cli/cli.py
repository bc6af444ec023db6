"""The ``hmic`` command line: parse options, call the core, hand results to a format.

No logic lives here beyond turning option strings into model values. The
process is read once into an ``Env`` (see ``env``); errors from anywhere
below arrive as ``HmicError`` and leave as one line on stderr with the
documented exit code (see ``HmicGroup.main``).

Unlike the other modules, this one does not postpone annotations (no
``from __future__ import annotations``): Typer reads every command's
annotations at run time, and as strings they would be compiled again on each
run. Names imported only for type checking are quoted instead.
"""

import contextlib
import errno
import gc
import inspect
import os
import re
import sys
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from . import __version__
from .env import COLOR_CHOICES, Env
from .errors import DataErrors, HmicError, UsageError
from .formats import BRIEF, EXPORT, LISTING, SHOW

if TYPE_CHECKING:
    from .dataset import Dataset
    from .formats.listing import Listing
    from .model import Cycle, Grade
    from .query import Filters

SHELLS = ("bash", "zsh", "fish")
ENVIRONMENT_HELP = (
    "Environment: HMIC_DATA_DIR (extra data directories, ':'-separated), HMIC_CACHE_DIR, "
    "HMIC_NO_CACHE=1, NO_COLOR, FORCE_COLOR, COLUMNS, PAGER, LESS."
)

# --- error handling -----------------------------------------------------

_GIVEN_ENV: ContextVar[Env | None] = ContextVar("hmic_env", default=None)


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
        # Tests hand in an Env (a terminal, a width, colour) as ``obj``.
        given = extra.pop("obj", None)
        _GIVEN_ENV.set(given if isinstance(given, Env) else None)
        try:
            rv = super().main(
                args=args,
                prog_name=prog_name or "hmic",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
            sys.stdout.flush()
        except typer.Exit as exc:
            rv = exc.exit_code
        except typer.TyperException as exc:  # click's usage errors
            _fail(_usage_line(exc), getattr(exc, "exit_code", 2))
        except DataErrors as exc:
            for err in exc.errors:
                sys.stderr.write(err.message + "\n")
            sys.exit(exc.exit_code)
        except HmicError as exc:
            _fail(exc.message, exc.exit_code)
        except BrokenPipeError:
            _quiet_broken_pipe()
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                _quiet_broken_pipe()
            _silence_stdout()  # or Python reports the same failure again at exit
            _fail(f"cannot write to standard output: {(exc.strerror or str(exc)).lower()}", 1)
        except (KeyboardInterrupt, typer.Abort):
            sys.stderr.write("\n")
            sys.exit(130)
        if not standalone_mode:
            return rv
        sys.exit(rv if isinstance(rv, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        # Typer turns a closed pipe into exit 1 before ``main`` could see it;
        # a reader that went away (``| head``) is no error.
        try:
            return super().invoke(ctx)
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                _quiet_broken_pipe()
            raise


_CLICK_WORDING = (
    (re.compile(r"^No such option: (\S+)(?: Did you mean (\S+)\?)?.*$"), r"unknown option '\1'"),
    (re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((.*)\)$"), r"unexpected argument '\1'"),
    (re.compile(r"^Missing argument '([^']+)'\.?$"), r"missing argument \1"),
    (re.compile(r"^Option '([^']+)' requires an argument\.?$"), r"option \1 needs a value"),
    (re.compile(r"^No such command '([^']+)'\.?$"), r"unknown command '\1'"),
)


def _usage_line(exc: Any) -> str:
    """Click's message, reworded in the tool's voice and on one line."""
    message = " ".join(exc.format_message().split())
    suggestion = re.search(r"Did you mean (\S+?)\??(?:\s|$)", message) or re.search(
        r"\(Possible options: ([^,)\s]+)", message
    )
    message = re.sub(r"\s*\(?Possible options:.*$", "", message)
    for pattern, replacement in _CLICK_WORDING:
        if pattern.match(message):
            message = pattern.sub(replacement, message)
            break
    if suggestion and "did you mean" not in message:
        message += f" (did you mean {suggestion.group(1).rstrip('?')}?)"
    ctx = getattr(exc, "ctx", None)
    if ctx is not None and getattr(exc, "exit_code", 2) == 2:
        return f"{message} (see '{ctx.command_path} --help')"
    return message


def _fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(f"hmic: error: {message}\n")
    sys.exit(code)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's final flush has nothing left to fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _quiet_broken_pipe() -> NoReturn:
    """The reader went away (``| head``): stop quietly, like other Unix tools."""
    _silence_stdout()
    sys.exit(0)


# --- the app and shared options ------------------------------------------

APP_SETTINGS: dict[str, Any] = {
    "name": "hmic",
    "cls": HmicGroup,
    "help": "Query HMIC / HMICFRS PEEL inspection outcomes for the 43 police forces of England and Wales.",
    "epilog": "Output is a table on a terminal and tab-separated text in a pipe; use --format, --json, "
    "--csv or --tsv to choose. " + ENVIRONMENT_HELP + " Docs: README.md.",
    "add_completion": False,
    "invoke_without_command": True,
    "rich_markup_mode": None,
    "pretty_exceptions_enable": False,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**APP_SETTINGS)
# Every subcommand by name, so that ``main`` can build an app holding only the
# one being run: Typer builds all commands' parameters up front otherwise.
COMMANDS: dict[str, Callable[..., Any]] = {}


def command(name: str | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a subcommand on ``app`` and in ``COMMANDS``."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        COMMANDS[name or func.__name__] = func
        return app.command(name)(func)

    return register


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"hmic {__version__}\n")
        raise typer.Exit()


def _show_completion(value: str | None) -> None:
    if value is None:
        return
    if value not in SHELLS:
        raise UsageError(f"--show-completion: unknown shell '{value}' (expected one of: {', '.join(SHELLS)})")
    from typer.completion import get_completion_script

    sys.stdout.write(
        get_completion_script(prog_name="hmic", complete_var="_HMIC_COMPLETE", shell=value) + "\n"
    )
    raise typer.Exit()


def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", "-V", help="Show the version and exit.", callback=_version, is_eager=True),
    ] = False,
    show_completion: Annotated[
        str | None,
        typer.Option(
            "--show-completion",
            metavar="SHELL",
            help="Print the completion script for bash, zsh or fish, and exit.",
            callback=_show_completion,
            is_eager=True,
        ),
    ] = None,
) -> None:
    """Query HMIC / HMICFRS PEEL inspection outcomes for the 43 police forces of England and Wales."""
    if ctx.invoked_subcommand is None:
        sys.stdout.write(ctx.get_help() + "\n")


app.callback()(_root)


# --- shell completion from the data ---------------------------------------------


def _completion_data() -> "Dataset | None":
    from .dataset import load

    try:
        return load(cache_dir=Env.from_process().cache_dir)
    except HmicError:
        return None


def _complete_force(incomplete: str) -> list[tuple[str, str]]:
    ds = _completion_data()
    prefix = incomplete.lower()
    return [(f.id, f.name) for f in ds.forces if f.id.startswith(prefix)] if ds else []


def _complete_year(incomplete: str) -> list[str]:
    ds = _completion_data()
    return [c.id for c in ds.catalog if c.id.startswith(incomplete)] if ds else []


def _complete_area(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Areas of the cycle given with --year, else of every cycle."""
    ds = _completion_data()
    if ds is None:
        return []
    cycles = list(ds.catalog)
    year = ctx.params.get("year")
    if year:
        with contextlib.suppress(ValueError):
            cycles = [ds.catalog.parse(year)]
    found = {a.id: a.name for c in cycles for a in c.areas}
    return [(i, name) for i, name in found.items() if i.startswith(incomplete.lower())]


def _complete_grade(incomplete: str) -> list[str]:
    from .model import Grade

    return [g.value for g in Grade if g.value.startswith(incomplete.lower())]


def _force_option(help: str) -> Any:
    """``--force``/``-F``: a force given as an option (where FORCE is not the argument)."""
    return typer.Option(
        "--force", "-F", metavar="FORCE", help=help, autocompletion=_complete_force, show_default=False
    )


def _format_option(kind: str, help: str) -> Any:
    """``--format``/``-f`` for a command whose formats are those of ``kind`` in the registry."""
    return typer.Option(
        "--format", "-f", metavar="FORMAT", help=help, autocompletion=_completer(kind), show_default=False
    )


def _completer(kind: str) -> Callable[[str], list[str]]:
    def complete(incomplete: str) -> list[str]:
        from . import formats

        return [f for f in formats.names(kind) if f.startswith(incomplete.lower())]

    return complete


DataDirs = Annotated[
    list[Path] | None,
    typer.Option(
        "--data-dir",
        "-d",
        metavar="DIR",
        help="Also read TOML records from DIR (repeatable; adds to HMIC_DATA_DIR).",
        show_default=False,
    ),
]
Format = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="table, json, ndjson, csv, tsv or markdown (default: table on a terminal, tsv in a pipe).",
        autocompletion=_completer(LISTING),
        show_default=False,
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.", show_default=False)]
Csv = Annotated[bool, typer.Option("--csv", help="Shorthand for --format csv.", show_default=False)]
Tsv = Annotated[bool, typer.Option("--tsv", help="Shorthand for --format tsv.", show_default=False)]
Ndjson = Annotated[
    bool, typer.Option("--nl", "--ndjson", help="Shorthand for --format ndjson.", show_default=False)
]
Fields = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="FIELDS",
        help="Only these comma-separated fields, in this order (machine formats).",
        show_default=False,
    ),
]
NoHeader = Annotated[
    bool,
    typer.Option(
        "--no-header", "--no-headers", help="No header line in csv and tsv output.", show_default=False
    ),
]
Color = Annotated[
    str,
    typer.Option("--color", "--colour", metavar="WHEN", help="auto, always or never.", show_default=False),
]
Quiet = Annotated[bool, typer.Option("--quiet", help="No notices on stderr.", show_default=False)]
Year = Annotated[
    str | None,
    typer.Option(
        "--year",
        "--cycle",
        "-y",
        metavar="CYCLE",
        help="PEEL cycle: 2015, 2016, 2017, 2018/19, 2021/22 or 2023-25 (2021, 2023 and 2023–25 work too).",
        autocompletion=_complete_year,
        show_default=False,
    ),
]
AreaOpt = Annotated[
    str | None,
    typer.Option(
        "--area",
        "--pillar",
        "-a",
        "-p",
        metavar="AREA",
        help="Area or pillar: an id, a name, or the start of a word of it (e.g. invest, legit).",
        autocompletion=_complete_area,
        show_default=False,
    ),
]
ForceArg = Annotated[
    str,
    typer.Argument(
        hidden=True,  # described in the command's help, without Typer's <type> labels
        metavar="FORCE",
        help="Force id, name or short form, e.g. durham, 'Avon & Somerset', met.",
        autocompletion=_complete_force,
        show_default=False,
    ),
]
OptionalForce = Annotated[
    str | None,
    typer.Argument(
        hidden=True,
        metavar="FORCE",
        help="Force id, name or short form (default: all forces).",
        autocompletion=_complete_force,
        show_default=False,
    ),
]


# --- option parsing (strings to model values) ----------------------------


def _env(color: str = "auto", quiet: bool = False) -> Env:
    """The process, read once per command, with --color and --quiet applied."""
    if color.lower() not in COLOR_CHOICES:
        raise UsageError(f"--color: unknown value '{color}' (expected one of: {', '.join(COLOR_CHOICES)})")
    base = _GIVEN_ENV.get() or Env.from_process()
    env = base if color.lower() == "auto" else base.with_colour(color.lower())
    return env.quietly() if quiet else env


def _dataset(env: Env, data_dirs: list[Path] | None) -> "Dataset":
    from .dataset import load

    ds = load([*env.data_dirs, *(data_dirs or ())], cache_dir=env.cache_dir)
    for r in ds.replacements:
        env.note(r.describe())
    return ds


def _cycle(ds: "Dataset", text: str | None) -> "Cycle | None":
    try:
        return None if text is None else ds.catalog.parse(text)
    except ValueError as exc:
        raise UsageError(f"--year: {exc}") from None


def _areas(ds: "Dataset", text: str | None, cycle: "Cycle | None") -> tuple[str, ...]:
    if text is None:
        return ()
    try:
        return ds.catalog.find_areas(text, [cycle] if cycle else None)
    except ValueError as exc:
        raise UsageError(f"--area: {exc}") from None


def _grades(texts: list[str] | None) -> "tuple[Grade, ...]":
    from .model import Grade

    try:
        return tuple(Grade.parse(t) for t in texts or ())
    except ValueError as exc:
        raise UsageError(f"--grade: {exc}") from None


def _filters(
    ds: "Dataset",
    forces: list[str] | str | None,
    year: str | None,
    area: str | None,
    grades: "tuple[Grade, ...]" = (),
) -> "Filters":
    from .query import Filters

    names = [forces] if isinstance(forces, str) else list(forces or ())
    chosen = tuple(dict.fromkeys(ds.resolve_force(n) for n in names))
    cycle = _cycle(ds, year)
    return Filters(forces=chosen, cycle=cycle, areas=_areas(ds, area, cycle), grades=grades)


def _listing_format(env: Env, fmt: str | None, shorthands: dict[str, bool]) -> tuple[str, bool]:
    """The chosen listing format and whether it was asked for (not the piped default)."""
    from . import formats

    asked = [name for name, on in shorthands.items() if on]
    if fmt is not None:
        asked.append(formats.parse(LISTING, fmt).name)
    if len(set(asked)) > 1:
        raise UsageError(f"conflicting output options: {', '.join(dict.fromkeys(asked))} (choose one)")
    if asked:
        return asked[0], True
    return ("table" if env.stdout_tty else "tsv"), False


def _listing(
    make: Callable[["Dataset"], "Listing"],
    data_dirs: list[Path] | None,
    *,
    fmt: str | None,
    as_json: bool = False,
    as_csv: bool = False,
    as_tsv: bool = False,
    as_ndjson: bool = False,
    fields: str | None = None,
    no_header: bool = False,
    color: str = "auto",
    quiet: bool = False,
) -> None:
    """A listing command: ``make(ds)`` returns the ``Listing``; the options choose its format.

    Piped without a format, the output is TSV without a header line (gh's
    rule), so ``hmic forces | wc -l`` counts forces; ``--format tsv`` keeps it.
    """
    from . import formats

    env = _env(color, quiet)
    chosen, asked = _listing_format(
        env, fmt, {"json": as_json, "csv": as_csv, "tsv": as_tsv, "ndjson": as_ndjson}
    )
    listing = make(_dataset(env, data_dirs))
    if fields is not None:
        wanted = [f.strip() for f in fields.split(",")]
        unknown = [f for f in wanted if f not in listing.fields]
        if unknown or not wanted:
            raise UsageError(
                f"--fields: unknown field '{unknown[0] if unknown else fields}' "
                f"(fields: {', '.join(listing.fields)})"
            )
        listing = listing.with_fields(wanted)
    header = not no_header and (asked or chosen != "tsv")
    formats.parse(LISTING, chosen).writer(LISTING)(listing, env.stdout, env=env, header=header)


# --- commands -------------------------------------------------------------


# Every listing command takes the same output options; they are added to its
# signature once here (as sqlite-utils' output_options decorator does), so a
# command declares only what it asks about and returns what to list.
OUTPUT_OPTIONS: dict[str, tuple[Any, Any]] = {
    "data_dir": (DataDirs, None),
    "fmt": (Format, None),
    "as_json": (Json, False),
    "as_csv": (Csv, False),
    "as_tsv": (Tsv, False),
    "as_ndjson": (Ndjson, False),
    "fields": (Fields, None),
    "no_header": (NoHeader, False),
    "color": (Color, "auto"),
    "quiet": (Quiet, False),
}


def listing_command(name: str | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a listing command: ``func(**its options)`` returns ``make(ds) -> Listing``."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        own = inspect.signature(func)
        shared = [
            inspect.Parameter(key, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
            for key, (annotation, default) in OUTPUT_OPTIONS.items()
        ]

        def run(**options: Any) -> None:
            output = {key: options.pop(key) for key in OUTPUT_OPTIONS}
            _listing(func(**options), output.pop("data_dir"), **output)

        run.__signature__ = own.replace(parameters=[*own.parameters.values(), *shared])  # type: ignore[attr-defined]
        run.__name__ = run.__qualname__ = func.__name__
        run.__doc__ = func.__doc__
        command(name or func.__name__)(run)
        return func

    return register


Maker = Callable[["Dataset"], "Listing"]


@listing_command()
def forces() -> Maker:
    """List the forces in the dataset, with how many records each has."""
    from . import views

    return views.forces


@listing_command()
def grades(
    force: OptionalForce = None,
    year: Year = None,
    area: AreaOpt = None,
    grade: Annotated[
        list[str] | None,
        typer.Option(
            "--grade",
            "-g",
            metavar="GRADE",
            help="Only this grade, e.g. requires_improvement (repeatable).",
            autocompletion=_complete_grade,
            show_default=False,
        ),
    ] = None,
    questions: Annotated[
        bool,
        typer.Option(
            "--questions", "-q", help="One row per question instead of per area.", show_default=False
        ),
    ] = False,
) -> Maker:
    """Grades by area (or pillar), newest first; with --questions, each question's grade.

    FORCE (optional) is a force id, name or short form: durham, 'Avon & Somerset', met.
    """
    from . import views

    wanted = _grades(grade)
    return lambda ds: views.grades(ds, _filters(ds, force, year, area, wanted), questions=questions)


@listing_command()
def highlights(
    force: ForceArg,
    year: Year = None,
    area: AreaOpt = None,
    question: Annotated[
        str | None, typer.Option("--question", "-Q", metavar="N", help="Only question N.", show_default=False)
    ] = None,
) -> Maker:
    """What the inspectors highlighted, question by question, for FORCE."""
    from . import views

    number = _positive(question, "--question")
    return lambda ds: views.highlights(ds, _filters(ds, force, year, area), number)


def _positive(text: str | None, option: str) -> int | None:
    if text is None:
        return None
    if not text.strip().isdigit() or int(text) < 1:
        raise UsageError(f"{option}: expected a whole number of 1 or more, not '{text}'")
    return int(text)


@listing_command()
def improvements(
    force: OptionalForce = None,
    year: Year = None,
    area: AreaOpt = None,
    adequate: Annotated[
        bool,
        typer.Option(
            "--include-adequate", help="Also flag grades of adequate (below good).", show_default=False
        ),
    ] = False,
) -> Maker:
    """Causes of concern, areas for improvement, and every grade below good.

    FORCE (optional) is a force id, name or short form; all forces without it.
    """
    from . import views

    return lambda ds: views.improvements(ds, _filters(ds, force, year, area), include_adequate=adequate)


@command()
def show(
    force: ForceArg,
    year: Year = None,
    area: AreaOpt = None,
    data_dir: DataDirs = None,
    fmt: Annotated[
        str | None,
        _format_option(SHOW, "text, json or markdown (default: styled on a terminal, plain text in a pipe)."),
    ] = None,
    as_json: Json = False,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Never page long output.", show_default=False)
    ] = False,
    color: Color = "auto",
    quiet: Quiet = False,
) -> None:
    """The whole report for FORCE, area by area, readable like a Panel briefing.

    Long output on a terminal goes through the pager (PAGER, LESS; --no-pager).
    """
    from . import formats, views

    env = _env(color, quiet)
    if as_json and fmt is not None and formats.parse(SHOW, fmt).name != "json":
        raise UsageError(f"conflicting output options: --json and --format {fmt} (choose one)")
    chosen = formats.parse(SHOW, "json" if as_json else fmt or "text")
    ds = _dataset(env, data_dir)
    filters = _filters(ds, force, year, area)
    documents = views.show(ds, filters)
    if not documents:
        env.note(f"no records for {views.describe(filters)}")
        return
    chosen.writer(SHOW)(documents, env.stdout, env=env, pager=not no_pager)


@listing_command()
def compare(
    force: Annotated[
        list[str],
        typer.Argument(hidden=True, metavar="FORCE", autocompletion=_complete_force, show_default=False),
    ],
    year: Year = None,
    area: AreaOpt = None,
) -> Maker:
    """Forces side by side (FORCE...); with one force, its place among all forces."""
    from . import views

    return lambda ds: views.compare(ds, _filters(ds, force, year, area))


@listing_command()
def history(force: ForceArg, area: AreaOpt = None) -> Maker:
    """Every cycle's grades for FORCE, and the change where grades can be compared."""
    from . import views

    return lambda ds: views.history(ds, _filters(ds, force, None, area))


@listing_command()
def matrix(year: Year = None, area: AreaOpt = None) -> Maker:
    """All forces at a glance: a cycle's areas across, or with --area alone, cycles across."""
    from . import views

    return lambda ds: views.matrix(ds, _filters(ds, None, year, area))


@listing_command()
def stats(year: Year = None, area: AreaOpt = None) -> Maker:
    """How many forces got each grade, with a bar chart on a terminal."""
    from . import views

    return lambda ds: views.stats(ds, _filters(ds, None, year, area))


@listing_command()
def search(
    words: Annotated[list[str], typer.Argument(hidden=True, metavar="WORD", show_default=False)],
    force: Annotated[str | None, _force_option("Only this force.")] = None,
    year: Year = None,
    area: AreaOpt = None,
) -> Maker:
    """Find highlights, areas for improvement and causes of concern containing every WORD (any case)."""
    from . import views

    if not any(w.strip() for w in words):
        raise UsageError("WORD must not be empty")
    return lambda ds: views.search(ds, _filters(ds, force, year, area), words)


@command()
def brief(
    force: ForceArg,
    year: Year = None,
    area: AreaOpt = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (- for standard output); its extension can choose the format.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        _format_option(BRIEF, "markdown, html or docx (default: from the -o extension, else markdown)."),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace FILE if it exists.", show_default=False)
    ] = False,
    data_dir: DataDirs = None,
    quiet: Quiet = False,
) -> None:
    """A briefing paper on a force's latest PEEL cycle (or the one chosen), ready for a Panel.

    Markdown by default; HTML and Word (.docx) with --format or an -o file name.
    """
    from . import brief as briefing
    from . import formats

    env = _env(quiet=quiet)
    target = None if output in (None, "-") else Path(output)
    chosen = formats.parse(BRIEF, fmt) if fmt else None
    if target is not None:
        named = formats.by_extension(BRIEF, target)
        if chosen is None:
            chosen = named
        elif named is not None and named is not chosen:
            from .files import check_extension

            check_extension(target, chosen.name, formats.extensions(BRIEF))
    chosen = chosen or formats.parse(BRIEF, "markdown")
    ds = _dataset(env, data_dir)
    document = briefing.document(ds, _filters(ds, force, year, area))
    produced = chosen.writer(BRIEF)(document)
    data = produced if isinstance(produced, bytes) else produced.encode("utf-8")
    if target is None:
        if chosen.binary and env.stdout_tty:
            raise UsageError(
                f"{chosen.name} is a binary format; write it to a file with -o FILE.{chosen.name}"
            )
        env.stdout.flush()
        if chosen.binary:
            sys.stdout.buffer.write(data)
        else:
            env.stdout.write(data.decode("utf-8"))
        return
    from .files import write_file

    write_file(target, data, overwrite=overwrite)
    env.note(f"wrote {target}")


@command()
def export(
    name: Annotated[
        str,
        typer.Argument(
            hidden=True,
            metavar="FILE.db|DIR",
            help="SQLite file, or a directory for --format csv.",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        str | None,
        _format_option(
            EXPORT, "sqlite or csv (one file per table); default from the extension, else sqlite."
        ),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace existing files.", show_default=False)
    ] = False,
    data_dir: DataDirs = None,
    quiet: Quiet = False,
) -> None:
    """Write the whole dataset to a SQLite file (FILE.db) or CSV files (a DIR) for other tools."""
    from . import formats
    from .files import check_extension

    if not name.strip():
        raise UsageError("FILE must not be empty")
    target = Path(name)
    env = _env(quiet=quiet)
    chosen = (
        formats.parse(EXPORT, fmt)
        if fmt
        else formats.by_extension(EXPORT, target) or formats.parse(EXPORT, "sqlite")
    )
    if chosen.name == "sqlite":
        # Any extension that names another format (grades.json, x.csv) is a mistake.
        named = next((f for f in formats.REGISTRY if target.suffix.lower() in f.extensions), None)
        if named is not None and named is not chosen:
            raise UsageError(
                f"{target} has a {target.suffix} extension, but export writes a SQLite file "
                "(.db, .sqlite) or, with --format csv, a directory of CSV files"
            )
    elif target.suffix and not target.is_dir():
        check_extension(target, chosen.name, {**formats.extensions(EXPORT), "csv": ()})
        raise UsageError(
            f"{target} looks like a file name, but CSV export writes one file per table into a "
            "directory: give a directory, e.g. hmic export tables/ --format csv"
        )
    ds = _dataset(env, data_dir)
    counts = chosen.writer(EXPORT)(ds, target, overwrite=overwrite)
    env.note(f"wrote {target}: " + ", ".join(f"{n} {name}" for name, n in counts.items()))


@command("import")
def import_(
    file: Annotated[str, typer.Argument(hidden=True, metavar="FILE", show_default=False)],
    force: Annotated[str | None, _force_option("The force, if the text does not say.")] = None,
    year: Year = None,
    area: AreaOpt = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", "-n", help="Show what was found (and not found); write nothing.", show_default=False
        ),
    ] = False,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print what was found as JSON (nothing is written).", show_default=False),
    ] = False,
    merge: Annotated[
        bool,
        typer.Option(
            "--merge",
            help="Add the imported grades and findings to the record already held, keeping what it has.",
            show_default=False,
        ),
    ] = False,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Write the imported record alone even where that loses what is held.",
            show_default=False,
        ),
    ] = False,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            "-d",
            metavar="DIR",
            help="Write one TOML file per record here (and read the records it holds).",
            show_default=False,
        ),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace files that already exist in DIR.", show_default=False)
    ] = False,
    color: Color = "auto",
    quiet: Quiet = False,
) -> None:
    """Read a report's text (FILE, or - for standard input) into records in the data schema.

    Understands the founding briefing's layout, HMIC PEEL pages (2014-2018/19) as copied from a
    browser, PEEL 2021/22 and 2023-25 reports, and grade statements in any prose. Each grade keeps
    the sentence it came from (evidence). Without --dry-run, --json or -d it prints TOML.
    """
    from . import importer
    from .importing import run_import

    env = _env(color, quiet)
    if merge and replace:
        raise UsageError("conflicting options: --merge and --replace (choose one)")
    if data_dir is not None and not data_dir.is_dir():
        raise HmicError(f"data directory '{data_dir}' does not exist")
    ds = _dataset(env, [data_dir] if data_dir is not None else None)
    cycle = _cycle(ds, year)
    hints = importer.Hints(
        force=ds.resolve_force(force) if force is not None else None,
        cycle=cycle,
        areas=_areas(ds, area, cycle),
        name=file,
    )
    run_import(
        env,
        ds,
        file,
        hints,
        dry_run=dry_run,
        as_json=as_json,
        merge=merge,
        replace=replace,
        directory=data_dir,
        overwrite=overwrite,
    )


@command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            hidden=True,
            metavar="PATH",
            help="Data directories or files (default: bundled data and HMIC_DATA_DIR).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check data files (PATH: files or directories; default: the bundled data and HMIC_DATA_DIR).

    Lists every problem as FILE:LINE: message.
    """
    from .dataset import user_dirs, validate

    env = _env()
    report = validate(list(paths) if paths else user_dirs(env.data_dirs), with_bundled=not paths)
    for err in report.errors:
        env.stdout.write(err.message + "\n")
    if report.errors:
        raise typer.Exit(1)
    env.stdout.write(
        f"ok: {report.files} file{'s' if report.files != 1 else ''}, {report.forces} forces, "
        f"{report.cycles} cycles, "
        f"{report.inspections} inspection records, {report.reports} report records, no problems\n"
    )


def main() -> None:
    """Console-script entry point: build only the subcommand being run."""
    # A run lasts well under a second and makes no reference cycles worth
    # collecting; the collector's passes over the loaded records cost time.
    gc.disable()
    if sys.stdout is None or sys.stderr is None:  # started with >&- or 2>&-
        if sys.stderr is not None:
            sys.stderr.write("hmic: error: standard output is closed\n")
        sys.exit(1)
    args = sys.argv[1:]
    name = args[0] if args and not args[0].startswith("-") else None
    if name in COMMANDS and "_HMIC_COMPLETE" not in os.environ:
        single = typer.Typer(**APP_SETTINGS)
        single.callback()(_root)
        single.command(name)(COMMANDS[name])
        single()
    else:
        if "_HMIC_COMPLETE" in os.environ:
            # The shell asks for completions: Typer's completion classes answer.
            from typer.completion import completion_init

            completion_init()
        app()
