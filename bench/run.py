"""Time hmic as whole processes against a minimal Typer app, on a pipe and on a terminal.

Standard library only (Python 3.11+ for ``tomllib``). Run from a checkout with
the Python of the environment where hmic is installed:

    python bench/run.py              # measure, print the table, exit 1 if a target is missed
    python bench/run.py --record     # also write bench/RESULTS.md
    python bench/run.py --quick      # 5 runs per command: a smoke check, not a measurement

Why it is built this way:

- A user pays for a whole process (interpreter, Typer, the dataset, the
  output), so whole processes are timed: ``[sys.executable, <venv>/bin/hmic, ...]``.
- The machine is shared and noisy, so every command is timed in alternation
  with the floor (``bench/floor_app.py``, a Typer app that prints one line) in
  the same environment and on the same kind of output; the targets are about
  the ratio of the two medians, which noise moves much less than the times.
- Terminal tables are drawn by rich only when standard output is a terminal,
  so they are timed under a real pseudo-terminal (``os.openpty``) whose master
  end this process reads until end of file, so the child never blocks on a
  full terminal buffer. Machine formats write to a pipe that is read the same
  way, as in ``hmic grades --json | jq``.
- hmic keeps a cache of the parsed dataset, and a user's second run has it,
  so each command is warmed up first; rows marked "cold" set HMIC_NO_CACHE=1
  to show what a run without that cache costs.
- Wall-clock time is what a user waits for, so the targets are about it; the
  CPU time of each child (user + system, from ``os.wait4`` like the peak
  memory) is reported beside it because contention moves it less.
- Children are started by a small helper process (``Spawner``) so that their
  peak memory is theirs and not this script's.
- The 10x dataset is fictional ("Benchmark Force NNNNN (fictional)"),
  generated from ``data/cycles.toml`` into a temporary directory and passed
  with ``--data-dir``; it is never written into the repository.
"""

from __future__ import annotations

import argparse
import errno
import fcntl
import json
import os
import platform
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

if sys.version_info < (3, 11):
    raise SystemExit("bench/run.py needs Python 3.11 or later (it reads TOML with tomllib)")

import tomllib

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = ROOT / "data"
PACKAGE = ROOT / "hmic_cli"
FLOOR = HERE / "floor_app.py"
RESULTS = HERE / "RESULTS.md"

COLUMNS = 100
LINES = 50
MACHINE_TARGET = 1.15
TABLE_TARGET = 1.40
SMALL_TABLE = 50  # rows or records: the targets apply to answers up to this size
SCALE = 10
NEWLINE = b"\n"
ESCAPE = b"\x1b["

# Variables that would change what is measured: hmic's own settings, colour and
# width overrides, and Python switches (PYTHONUNBUFFERED makes every write a
# system call; PYTHONDONTWRITEBYTECODE recompiles every module on every run).
DROPPED_PREFIXES = ("HMIC_", "PYTHON", "TYPER", "_TYPER", "CLICOLOR")
DROPPED = ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "PAGER", "LESS", "TERM")


@dataclass(frozen=True)
class Case:
    """One command to time: how its output is taken and whether it has a target."""

    label: str
    args: tuple[str, ...]
    terminal: bool
    kind: str  # "machine", "table" or "document"
    cold: bool = False

    def target(self, records: int | None) -> float | None:
        if self.cold or self.kind == "document":
            return None
        if records is None or records > SMALL_TABLE:
            return None  # a whole-dataset dump: recorded, with no target
        return MACHINE_TARGET if self.kind == "machine" else TABLE_TARGET


CASES = (
    Case("grades durham --json", ("grades", "durham", "--json"), False, "machine"),
    Case(
        "grades wiltshire --year 2023 --csv",
        ("grades", "wiltshire", "--year", "2023", "--csv"),
        False,
        "machine",
    ),
    Case(
        "compare durham --year 2023 --json",
        ("compare", "durham", "--year", "2023", "--json"),
        False,
        "machine",
    ),
    Case("matrix --year 2021/22 --json", ("matrix", "--year", "2021/22", "--json"), False, "machine"),
    Case("show durham --json", ("show", "durham", "--json"), False, "machine"),
    Case("grades --json", ("grades", "--json"), False, "machine"),
    Case("grades --csv", ("grades", "--csv"), False, "machine"),
    Case("grades durham", ("grades", "durham"), True, "table"),
    Case("matrix --year 2021/22", ("matrix", "--year", "2021/22"), True, "table"),
    Case("compare durham --year 2023", ("compare", "durham", "--year", "2023"), True, "table"),
    Case("history bedfordshire", ("history", "bedfordshire"), True, "table"),
    Case("grades", ("grades",), True, "table"),
    Case("show durham --no-pager", ("show", "durham", "--no-pager"), True, "document"),
    Case("grades --json", ("grades", "--json"), False, "machine", cold=True),
    Case("grades durham", ("grades", "durham"), True, "table", cold=True),
)


@dataclass
class Sample:
    """Wall-clock seconds, CPU seconds (user + system) and peak resident memory (KiB) of each run."""

    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)

    @property
    def quartiles(self) -> tuple[float, float]:
        q = statistics.quantiles(self.seconds, n=4, method="inclusive")
        return q[0], q[2]

    @property
    def peak_mib(self) -> float:
        return max(self.peak_kib) / 1024


@dataclass(frozen=True)
class Row:
    size: str
    case: Case
    output: str
    records: int | None  # a table's rows, a JSON array's length
    floor: Sample
    hmic: Sample

    @property
    def ratio(self) -> float:
        return self.hmic.median / self.floor.median

    @property
    def cpu_ratio(self) -> float:
        return self.hmic.cpu_median / self.floor.cpu_median

    @property
    def target(self) -> float | None:
        return self.case.target(self.records)

    @property
    def missed(self) -> bool:
        return self.target is not None and self.ratio > self.target


@dataclass(frozen=True)
class Run:
    """One finished child: its time, CPU time, peak memory and what it wrote to stdout."""

    seconds: float
    cpu: float
    peak_kib: int
    size: int  # bytes written
    lines: int
    coloured: bool  # an escape sequence appeared
    output: bytes = b""  # only when asked to keep it

    def summary(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if k != "output"}


class CommandFailed(Exception):
    pass


# -- running a child ---------------------------------------------------------


def run_once(argv: list[str], env: dict[str, str], terminal: bool, keep: bool = False) -> Run:
    """Start ``argv`` with stdout on a pipe or a pseudo-terminal; read it all; reap it with wait4."""
    if terminal:
        reader, writer = os.openpty()
        fcntl.ioctl(writer, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    else:
        reader, writer = os.pipe()
    chunks = []
    size = lines = 0
    coloured = False
    last = b""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=writer, stderr=errors, env=env)
        finally:
            os.close(writer)  # else the reader never sees end of file
        try:
            while chunk := os.read(reader, 1 << 16):
                size += len(chunk)
                lines += chunk.count(NEWLINE)
                coloured = coloured or ESCAPE in chunk or ESCAPE in last + chunk[:1]
                last = chunk[-1:]
                if keep:
                    chunks.append(chunk)
        except OSError as exc:
            # Linux reports a pseudo-terminal whose last writer has gone with EIO.
            if exc.errno != errno.EIO:
                raise
        finally:
            os.close(reader)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace").strip()
            raise CommandFailed(f"exit {proc.returncode}: {' '.join(argv)}\n{message}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(elapsed, cpu, usage.ru_maxrss, size, lines, coloured, b"".join(chunks))


class Spawner:
    """A small helper process that starts, reads and reaps the timed children.

    Linux starts a child by borrowing its parent's memory until ``exec``, and
    the child's maximum resident set size starts from the parent's high-water
    mark. This script holds a generated dataset and large outputs, so children
    it started itself would report its memory, not theirs. The helper is
    started first, while this process is small, keeps nothing it reads, and
    answers each request (a JSON line) with a ``Run`` summary.
    """

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--spawner"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, argv: list[str], env: dict[str, str], terminal: bool) -> Run:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"argv": argv, "env": env, "terminal": terminal}) + "\n")
        self.proc.stdin.flush()
        reply = json.loads(self.proc.stdout.readline() or '{"error": "the spawner stopped"}')
        if "error" in reply:
            raise CommandFailed(reply["error"])
        return Run(**reply)

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait()


def serve() -> int:
    """The spawner's loop: one request per line on stdin, one reply per line on stdout."""
    for line in sys.stdin:
        request = json.loads(line)
        try:
            reply = run_once(request["argv"], request["env"], request["terminal"]).summary()
        except CommandFailed as exc:
            reply = {"error": str(exc)}
        print(json.dumps(reply), flush=True)
    return 0


def measure(
    spawner: Spawner,
    argv: list[str],
    floor: list[str],
    env: dict[str, str],
    terminal: bool,
    runs: int,
    warmup: int,
) -> tuple[Sample, Sample, Run]:
    """Time floor and command in alternation (ABBA, so neither always goes first)."""
    for _ in range(warmup):
        spawner.run(floor, env, terminal)
        last = spawner.run(argv, env, terminal)
    floor_sample, hmic_sample = Sample(), Sample()
    for i in range(runs):
        order = ((floor, floor_sample), (argv, hmic_sample))
        for command, sample in order if i % 2 == 0 else reversed(order):
            run = spawner.run(command, env, terminal)
            sample.seconds.append(run.seconds)
            sample.cpu.append(run.cpu)
            sample.peak_kib.append(run.peak_kib)
            if command is argv:
                last = run
    return floor_sample, hmic_sample, last


def child_environment(cache_dir: Path, cold: bool) -> dict[str, str]:
    """The user's environment without anything that would change the measurement."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(DROPPED_PREFIXES) and key not in DROPPED
    }
    env.update(HMIC_CACHE_DIR=str(cache_dir), COLUMNS=str(COLUMNS), LINES=str(LINES), TERM="xterm")
    if cold:
        env["HMIC_NO_CACHE"] = "1"
    return env


def hmic_command() -> list[str]:
    """The console script installed beside this Python, run as a user's shell runs it."""
    script = Path(sys.executable).parent / "hmic"
    if not script.is_file():
        raise SystemExit(f"no hmic script beside {sys.executable}: run this with the Python of hmic's venv")
    return [sys.executable, str(script)]


# -- what the output is ------------------------------------------------------


def count_records(hmic: list[str], case: Case, extra: list[str], env: dict[str, str]) -> int | None:
    """The records behind a table or a JSON output, from one untimed run in this process."""
    if case.kind == "table":
        argv = [*hmic, *case.args, "--json", *extra]
    elif case.kind == "machine":
        shorthands = ("--csv", "--tsv", "--nl", "--ndjson")
        argv = [*hmic, *(("--json" if a in shorthands else a) for a in case.args), *extra]
    else:
        return None
    records = json.loads(run_once(argv, env, terminal=False, keep=True).output)
    return len(records) if isinstance(records, list) else None


def describe(case: Case, run: Run, records: int | None) -> str:
    """What the timed command printed, checked to be what the row says it is."""
    if case.terminal:
        if not run.coloured:
            raise CommandFailed(f"hmic {case.label}: no colour on the pseudo-terminal, so not drawn by rich")
        return f"{records} rows, {run.lines} lines" if records is not None else f"{run.lines} lines"
    if records is not None:
        return f"{records} records, {run.size / 1024:.0f} KiB"
    return f"{run.lines} lines, {run.size / 1024:.0f} KiB"


# -- the fictional 10x dataset -----------------------------------------------


def bundled_records() -> int:
    """The bundled inspection records, counted from the TOML itself."""
    total = 0
    for path in sorted(DATA.glob("*.toml")):
        with path.open("rb") as fh:
            total += len(tomllib.load(fh).get("inspection", []))
    return total


def toml_text(value: str) -> str:
    """A TOML basic string: JSON's escapes are valid TOML for the ASCII text generated here."""
    return json.dumps(value)


def toml_list(values: list[str]) -> str:
    return "[" + ", ".join(toml_text(v) for v in values) + "]"


def generate(directory: Path, target_total: int, bundled: int) -> int:
    """Write fictional forces until bundled plus generated records reach ``target_total``.

    Each force gets a record for every cycle and area of ``data/cycles.toml``.

    Pillar cycles (2015 to 2018/19) get five questions per record, each with
    highlights and areas for improvement; area cycles (2021/22 and 2023-25)
    get areas for improvement per record and a ``[[report]]`` per force with a
    number of causes of concern: findings as full as a real report's. Returns
    the total record count hmic will see (bundled plus generated).
    """
    with (DATA / "cycles.toml").open("rb") as fh:
        cycles = tomllib.load(fh)["cycle"]
    per_force = sum(len(c["area"]) for c in cycles)
    n_forces = -(-(target_total - bundled) // per_force)
    forces = []
    files: dict[str, list[str]] = {c["id"]: [] for c in cycles}
    for n in range(1, n_forces + 1):
        fid = f"bench-{n:05d}"
        forces.append(
            f'[[force]]\nid = "{fid}"\nname = "Benchmark Force {n:05d} (fictional)"\n'
            'nation = "England"\nsource = "generated by bench/run.py (fictional)"\n'
        )
        for c_i, cycle in enumerate(cycles):
            published = f"{cycle.get('end', cycle['year'] + 1)}-{1 + n % 12:02d}-{1 + n % 28:02d}"
            url = f"https://example.invalid/bench/{fid}/{cycle['id'].replace('/', '-')}"
            for a_i, area in enumerate(cycle["area"]):
                seed = n + 3 * c_i + 7 * a_i
                source = f"{url}/{area['id']}"
                files[cycle["id"]].append(fictional_inspection(fid, n, cycle, area, seed, published, source))
            if cycle.get("dimension") != "pillar":
                files[cycle["id"]].append(
                    f'[[report]]\nforce = "{fid}"\ncycle = {toml_text(cycle["id"])}\n'
                    f'causes_of_concern = {n % 4}\npublished = {published}\nsources = ["{url}"]\n'
                )
    (directory / "bench-forces.toml").write_text("\n".join(forces), encoding="utf-8")
    for cycle_id, records in files.items():
        name = f"bench-peel-{cycle_id.replace('/', '-')}.toml"
        (directory / name).write_text("\n".join(records), encoding="utf-8")
    return bundled + n_forces * per_force


def fictional_inspection(
    fid: str, n: int, cycle: dict[str, Any], area: dict[str, Any], seed: int, published: str, source: str
) -> str:
    """One fictional record of force number ``n`` in one area, with findings; ``seed`` varies the grades."""
    scale = cycle["scale"]
    graded = area.get("graded", "yes")
    if graded == "no" or (graded == "sometimes" and seed % 2):
        grade = "not_graded"
    elif seed % 11 == 0:
        grade = "unknown"
    else:
        grade = scale[seed % len(scale)]
    name = area["name"]
    keys = [
        "[[inspection]]",
        f'force = "{fid}"',
        f"cycle = {toml_text(cycle['id'])}",
        f'area = "{area["id"]}"',
        f'grade = "{grade}"',
        f"published = {published}",
        "summary = " + toml_text(f"Fictional summary of {name} for benchmark force {n}."),
        "sources = " + toml_list([source]),
    ]
    if grade == "unknown":
        keys.append("notes = " + toml_list(["Fictional: no source states this grade."]))
    if cycle.get("dimension") != "pillar":
        improvements = [f"Fictional area for improvement {i} in {name}." for i in (1, 2, 3)]
        keys.append("areas_for_improvement = " + toml_list(improvements))
        return "\n".join(keys) + "\n"
    questions = []
    for q in range(1, 6):
        q_grade = grade if grade in ("not_graded", "unknown") else scale[(seed + q) % len(scale)]
        questions += [
            "",
            "[[inspection.question]]",
            f"number = {q}",
            "text = " + toml_text(f"Fictional question {q} about {name.lower()}?"),
            f'grade = "{q_grade}"',
            "highlights = " + toml_list([f"Fictional highlight {h} for question {q}." for h in (1, 2, 3)]),
            "areas_for_improvement = "
            + toml_list([f"Fictional area for improvement {h} for question {q}." for h in (1, 2)]),
        ]
    return "\n".join(keys) + "\n" + "\n".join(questions) + "\n"


# -- the run -----------------------------------------------------------------


def code_stamp() -> list[tuple[str, int, int]]:
    """hmic's sources as they stand, to tell if someone edited them mid-run."""
    stamps = []
    for path in PACKAGE.rglob("*.py"):
        try:
            st = path.stat()
        except OSError:  # removed between listing and looking
            continue
        stamps.append((str(path.relative_to(PACKAGE)), st.st_size, st.st_mtime_ns))
    return sorted(stamps)


def benchmark(args: argparse.Namespace, work: Path, spawner: Spawner) -> list[Row]:
    hmic = hmic_command()
    floor = [sys.executable, str(FLOOR)]
    bundled = bundled_records()
    rows: list[Row] = []
    for scale in args.sizes:
        extra: list[str] = []
        total = bundled
        if scale > 1:
            data = work / f"data-{scale}x"
            data.mkdir()
            total = generate(data, bundled * scale, bundled)
            extra = ["--data-dir", str(data)]
        size = f"{scale}x ({total} records)"
        cache = work / f"cache-{scale}x"
        warm = child_environment(cache, cold=False)
        for case in CASES:
            env = child_environment(cache, cold=True) if case.cold else warm
            print(
                f"  {size} {case.label}{' (cold)' if case.cold else ''} ...",
                end="",
                file=sys.stderr,
                flush=True,
            )
            records = count_records(hmic, case, extra, warm)
            if case.args == ("grades", "--json") and records != total:
                raise CommandFailed(f"hmic grades --json gave {records} records, not {total}")
            floor_s, hmic_s, last = measure(
                spawner, [*hmic, *case.args, *extra], floor, env, case.terminal, args.runs, args.warmup
            )
            row = Row(size, case, describe(case, last, records), records, floor_s, hmic_s)
            rows.append(row)
            print(f" {row.ratio:.2f}x", file=sys.stderr, flush=True)
        if not any(cache.glob("dataset-*")):
            print(f"  warning: hmic wrote no dataset cache at {scale}x", file=sys.stderr)
    return rows


def versions() -> str:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    return f"Python {platform.python_version()}, Typer {version('typer')}, rich {version('rich')}"


def machine() -> str:
    model = platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({model}), {platform.system()} {platform.release()}"


def checkout() -> str:
    """The commit measured, and whether hmic's sources or data differ from it."""
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "hmic_cli", "data"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return f"commit {head}" + (" with uncommitted changes in hmic_cli/ or data/" if dirty else "")


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def report(rows: list[Row], args: argparse.Namespace, loads: tuple[str, str], notes: list[str]) -> str:
    options = [
        "--quick" if args.quick else "",
        f"--runs {args.runs}" if not args.quick and args.runs != 15 else "",
        f"--warmup {args.warmup}" if not args.quick and args.warmup != 2 else "",
        f"--sizes {','.join(map(str, args.sizes))}" if args.sizes != [1, SCALE] else "",
        "--record" if args.record else "",
    ]
    command = " ".join(["python bench/run.py", *filter(None, options)])
    lines = [
        "# hmic benchmark results",
        "",
        f"- date: {date.today().isoformat()}",
        f"- machine: {machine()}; load average {loads[0]} at the start, {loads[1]} at the end",
        f"- versions: {versions()}",
        f"- hmic: {checkout()}",
        f"- run: `{command}`: {args.warmup} untimed and {args.runs} timed runs of each command and the floor",
        "",
        "Method. Each command runs as a whole process, `python .venv/bin/hmic ...`, alternating (ABBA) "
        "with the floor, `bench/floor_app.py` (a Typer app printing one line), in the same environment "
        "and on the same kind of output. Machine formats write to a pipe; tables run under a "
        f"pseudo-terminal ({COLUMNS} columns, {LINES} lines, COLUMNS={COLUMNS}, TERM=xterm, no NO_COLOR "
        "or FORCE_COLOR), read to the end by the parent. Times are wall-clock medians, with hmic's "
        "interquartile range in brackets; ratio = hmic median / floor median, which is what the targets "
        "are about; CPU ratio = the same for user + system time, a cross-check that contention on a "
        "shared machine moves less; peak = largest maximum resident set size (os.wait4). The dataset "
        "cache is warm, as on a user's second run; rows marked cold set HMIC_NO_CACHE=1. PYTHON* "
        "variables are removed, so bytecode is written and used as after a normal install. The "
        f"{SCALE}x data is the bundled data plus fictional forces ('Benchmark Force NNNNN (fictional)') "
        "generated from data/cycles.toml with a record for every cycle and area: pillar records with "
        "five questions of highlights and areas for improvement, area records with areas for "
        "improvement, and a report with a number of causes of concern per force and cycle.",
        "",
        f"Targets, for a query's answer of up to {SMALL_TABLE} rows or records: machine formats ≤ "
        f"{MACHINE_TARGET:.2f}x the floor and terminal tables ≤ {TABLE_TARGET:.2f}x, at both sizes. "
        "Whole-dataset dumps and larger tables, `show` on a terminal and cold runs are recorded "
        "without a target.",
        "",
        "| data | command | output | floor ms | hmic ms (IQR) | ratio | target | CPU ratio "
        "| floor MiB | hmic MiB |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        q1, q3 = row.hmic.quartiles
        where = "terminal" if row.case.terminal else "pipe"
        cold = ", cold" if row.case.cold else ""
        target = f"≤ {row.target:.2f}x" if row.target is not None else "-"
        verdict = " **missed**" if row.missed else ""
        lines.append(
            f"| {row.size} | `hmic {row.case.label}` ({where}{cold}) | {row.output} | "
            f"{row.floor.median * 1e3:.0f} | {row.hmic.median * 1e3:.0f} ({q1 * 1e3:.0f}-{q3 * 1e3:.0f}) | "
            f"{row.ratio:.3f}x{verdict} | {target} | {row.cpu_ratio:.2f}x | "
            f"{row.floor.peak_mib:.1f} | {row.hmic.peak_mib:.1f} |"
        )
    lines += ["", result_line(rows)]
    lines += [f"\nNote: {note}" for note in notes]
    return "\n".join(lines) + "\n"


def result_line(rows: list[Row]) -> str:
    missed = [r for r in rows if r.missed]
    if not missed:
        return "Result: all targets met."
    parts = [
        f"{r.size.split()[0]} `{r.case.label}` {r.ratio:.3f}x (target {r.target:.2f}x, "
        f"over by {(r.ratio / r.target - 1) * 100:.1f}%)"
        for r in missed
        if r.target is not None
    ]
    return (
        f"Result: {len(missed)} of {sum(r.target is not None for r in rows)} targets missed: "
        + "; ".join(parts)
        + "."
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per command (default 15)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs per command first (default 2)")
    parser.add_argument("--quick", action="store_true", help="5 runs and 1 warm-up: a smoke check")
    parser.add_argument("--record", action="store_true", help="write bench/RESULTS.md")
    parser.add_argument(
        "--sizes",
        type=lambda s: [int(x) for x in s.split(",")],
        default=[1, SCALE],
        help=f"dataset sizes, in multiples of the bundled data (default 1,{SCALE})",
    )
    parser.add_argument("--spawner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.spawner:
        return serve()
    if args.quick:
        args.runs, args.warmup = 5, 1
    if args.runs < 2 or args.warmup < 1:
        parser.error("--runs must be at least 2 (for quartiles) and --warmup at least 1 (to warm the cache)")

    spawner = Spawner()  # first, while this process is small (see Spawner)
    start_load = load_average()
    before = code_stamp()
    work = Path(tempfile.mkdtemp(prefix="hmic-bench-"))
    try:
        rows = benchmark(args, work, spawner)
    except CommandFailed as exc:
        print(f"\nbench: {exc}", file=sys.stderr)
        return 2
    finally:
        spawner.close()
        shutil.rmtree(work, ignore_errors=True)
    notes = []
    if code_stamp() != before:
        notes.append("hmic_cli/ changed while the benchmark ran, so the rows may mix two versions.")
    text = report(rows, args, (start_load, load_average()), notes)
    print(text)
    if args.record:
        RESULTS.write_text(text, encoding="utf-8")
    return 1 if any(r.missed for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
