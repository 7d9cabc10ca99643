"""Run the benchmark: each flavour of each shape, alternating, several times.

For every repetition and flavour it generates a fresh corpus and measures:
a full html build with ``-j 1`` and with ``-j 2``, a no-op rebuild, a rebuild
after changing one component's status in one document (then checks that the
report page shows the new status, or says "stale"), and ``-b designdoc``.
Peak memory is the largest sum of the resident memory of the build process
and all its children (for ``-j 2``: the workers too), sampled every 20 ms.

Results: medians, ratios to plain Sphinx, as Markdown and JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

from .generate import FLAVOURS, REPORT_PAGE, SHAPES, edit_status, generate

#: What is measured, in the order of the table.
MEASURES = ("full_j1", "full_j2", "noop", "edit", "designdoc_builder")
RESULTS = Path(__file__).parent / "results"


@dataclass
class Sample:
    seconds: float
    peak_mb: float


@dataclass
class FlavourResult:
    flavour: str
    entries: int = 0
    samples: dict[str, list[Sample]] = field(default_factory=dict)
    #: after the edit, did the report page show the new status (per repetition)
    fresh: list[bool] = field(default_factory=list)

    def median(self, measure: str) -> float | None:
        values = [s.seconds for s in self.samples.get(measure, [])]
        return statistics.median(values) if values else None

    def peak(self, measure: str) -> float | None:
        values = [s.peak_mb for s in self.samples.get(measure, [])]
        return statistics.median(values) if values else None


def available_flavours() -> list[str]:
    found = []
    for flavour in FLAVOURS:
        if flavour == "needs" and find_spec("sphinx_needs") is None:
            print("== sphinx-needs is not installed: its flavour is skipped", flush=True)
            continue
        found.append(flavour)
    return found


def _tree_rss_kb(root: int) -> int:
    """Resident memory of a process and its descendants, in KiB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            stat = Path(f"/proc/{pid}/stat").read_text("utf-8")
            pages = int(Path(f"/proc/{pid}/statm").read_text("utf-8").split()[1])
        except (OSError, ValueError, IndexError):
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = pages * os.sysconf("SC_PAGE_SIZE") // 1024
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def measure(cmd: list[str], cwd: Path) -> Sample:
    """Wall time and peak memory (process tree) of one command; fails loudly."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as stderr:
        start = time.perf_counter()
        with subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=stderr) as proc:
            peak = 0
            while proc.poll() is None:
                peak = max(peak, _tree_rss_kb(proc.pid))
                time.sleep(0.02)
        seconds = time.perf_counter() - start
        if proc.returncode != 0:
            stderr.seek(0)
            raise RuntimeError(
                f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr.read()[-2000:]}"
            )
    return Sample(seconds, peak / 1024)


def compile_extensions() -> None:
    """Byte-compile the extensions where the builds import them from.

    An installed package has its bytecode (pip compiles it); a source checkout
    run with ``PYTHONDONTWRITEBYTECODE`` would be compiled again by every
    build, which no user's build does.
    """
    code = (
        "import compileall, importlib.util, os\n"
        "for name in ('sphinxcontrib_designdoc', 'sphinx_needs'):\n"
        "    spec = importlib.util.find_spec(name)\n"
        "    if spec and spec.origin:\n"
        "        compileall.compile_dir(os.path.dirname(spec.origin), quiet=1)\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=tempfile.gettempdir(), check=True)


def sphinx(builder: str, src: Path, out: Path, jobs: int = 1) -> list[str]:
    return [
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        "-b",
        builder,
        "-j",
        str(jobs),
        "-d",
        str(out / ".doctrees"),
        str(src),
        str(out),
    ]


def report_shows(html: str, entry_id: str, status: str) -> bool:
    """Whether a table row of the report page holds ``entry_id`` with ``status``."""
    for row in re.split(r"<tr\b", html)[1:]:
        row = row.split("</tr>", 1)[0]
        if re.search(rf"\b{re.escape(entry_id)}\b", row) and re.search(rf"\b{status}\b", row):
            return True
    return False


def run_flavour(
    flavour: str, shape: str, scale: float, page_tables: bool, work: Path, result: FlavourResult
) -> None:
    src = work / f"{flavour}-src"
    shutil.rmtree(src, ignore_errors=True)
    result.entries = generate(src, flavour, shape, scale, page_tables)

    def timed(name: str, cmd: list[str]) -> None:
        _timed(result, name, cmd, work)

    out2 = work / f"{flavour}-j2"
    shutil.rmtree(out2, ignore_errors=True)
    timed("full_j2", sphinx("html", src, out2, jobs=2))
    shutil.rmtree(out2)
    out = work / f"{flavour}-html"
    shutil.rmtree(out, ignore_errors=True)
    timed("full_j1", sphinx("html", src, out))
    timed("noop", sphinx("html", src, out))
    edited, status = edit_status(src)
    timed("edit", sphinx("html", src, out))
    if flavour != "plain":
        _check_fresh(result, out, edited, status)
    shutil.rmtree(out)
    if flavour == "designdoc":
        outd = work / "designdoc-export"
        shutil.rmtree(outd, ignore_errors=True)
        timed("designdoc_builder", sphinx("designdoc", src, outd))
        shutil.rmtree(outd)


def run_incremental(
    shape: str, flavours: list[str], reps: int, scale: float, page_tables: bool
) -> dict[str, FlavourResult]:
    """One full ``-j 1`` build per flavour, then ``reps`` rounds of a no-op
    rebuild and a one-entry edit (the status goes back and forth), alternating
    the flavours: the rebuilds of a big corpus without a full build per round."""
    results = {f: FlavourResult(f) for f in flavours}
    with tempfile.TemporaryDirectory(prefix="designdoc-bench-") as tmp:
        work = Path(tmp)
        for flavour in flavours:
            print(f"== {shape} x{scale:g}, full build: {flavour}", flush=True)
            src = work / f"{flavour}-src"
            results[flavour].entries = generate(src, flavour, shape, scale, page_tables)
            _timed(results[flavour], "full_j1", sphinx("html", src, work / f"{flavour}-html"), work)
        for rep in range(1, reps + 1):
            order = flavours if rep % 2 else list(reversed(flavours))
            for flavour in order:
                print(f"== {shape} x{scale:g}, rebuilds {rep}/{reps}: {flavour}", flush=True)
                src, out = work / f"{flavour}-src", work / f"{flavour}-html"
                cmd = sphinx("html", src, out)
                _timed(results[flavour], "noop", cmd, work)
                edited, status = edit_status(src, back=rep % 2 == 0)
                _timed(results[flavour], "edit", cmd, work)
                if flavour != "plain":
                    _check_fresh(results[flavour], out, edited, status)
    return results


def _timed(result: FlavourResult, name: str, cmd: list[str], cwd: Path) -> None:
    print(f"   {result.flavour:9} {name:17}", end=" ", flush=True)
    sample = measure(cmd, cwd)
    result.samples.setdefault(name, []).append(sample)
    print(f"{sample.seconds:7.2f} s {sample.peak_mb:7.0f} MB", flush=True)


def _check_fresh(result: FlavourResult, out: Path, edited: str, status: str) -> None:
    page = (out / f"{REPORT_PAGE}.html").read_text("utf-8")
    result.fresh.append(report_shows(page, edited, status))
    state = "fresh" if result.fresh[-1] else "stale"
    print(f"   {result.flavour:9} report page after the edit: {state}", flush=True)


def run_shape(
    shape: str, flavours: list[str], reps: int, scale: float, page_tables: bool
) -> dict[str, FlavourResult]:
    results = {f: FlavourResult(f) for f in flavours}
    with tempfile.TemporaryDirectory(prefix="designdoc-bench-") as tmp:
        for rep in range(1, reps + 1):
            # alternate the flavours so that drift of the machine hits all alike
            order = flavours if rep % 2 else list(reversed(flavours))
            for flavour in order:
                print(f"== {shape} x{scale:g}, repetition {rep}/{reps}: {flavour}", flush=True)
                run_flavour(flavour, shape, scale, page_tables, Path(tmp), results[flavour])
    return results


def _fmt(value: float | None, base: float | None, unit: str = " s") -> str:
    if value is None:
        return "—"
    text = f"{value:.2f}{unit}" if unit == " s" else f"{value:.0f}{unit}"
    if base and value is not None and base > 0:
        text += f" ({value / base:.2f}x)"
    return text


def markdown(shapes: dict[str, dict[str, FlavourResult]], meta: dict[str, str]) -> str:
    lines = [
        f"Machine: {meta['machine']}; Python {meta['python']}; Sphinx {meta['sphinx']}; "
        f"{meta['reps']} repetitions, medians; ratios to plain Sphinx in parentheses.",
        "",
    ]
    if meta.get("incremental") == "True":
        lines[-1:] = [
            "Rebuilds only (`--incremental`): one full `-j 1` build per flavour, then the "
            "repetitions of a no-op rebuild and a one-entry edit.",
            "",
        ]
    for shape, results in shapes.items():
        plain = results.get("plain")
        lines += [
            f"**{shape}** ({next(iter(results.values())).entries} entries)",
            "",
            "| flavour | full html `-j 1` | full html `-j 2` | `-j 2`/`-j 1` | no-op rebuild "
            "| one-entry edit | report page after edit | `-b designdoc` | peak memory `-j 2` |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for flavour, res in results.items():
            j1, j2 = res.median("full_j1"), res.median("full_j2")
            fresh = (
                "n/a"
                if flavour == "plain"
                else "fresh"
                if res.fresh and all(res.fresh)
                else "stale"
            )
            builder = res.median("designdoc_builder")
            lines.append(
                "| "
                + " | ".join(
                    [
                        flavour,
                        _fmt(j1, plain.median("full_j1") if plain else None),
                        _fmt(j2, plain.median("full_j2") if plain else None),
                        f"{j2 / j1:.2f}" if j1 and j2 else "—",
                        _fmt(res.median("noop"), plain.median("noop") if plain else None),
                        _fmt(res.median("edit"), plain.median("edit") if plain else None),
                        fresh,
                        f"{builder:.2f} s ({builder / j1:.2f}x own html)"
                        if builder and j1
                        else "—",
                        _fmt(res.peak("full_j2"), plain.peak("full_j2") if plain else None, " MB"),
                    ]
                )
                + " |"
            )
        lines.append("")
    lines.append(
        '"stale": after the edit, the report page still showed the old status; the edit '
        "figure then omits the work of refreshing it."
    )
    return "\n".join(lines) + "\n"


def write_results(
    out: Path, shapes: dict[str, dict[str, FlavourResult]], meta: dict[str, str]
) -> str:
    """Write the Markdown table and the JSON samples; return the table."""
    out.mkdir(parents=True, exist_ok=True)
    table = markdown(shapes, meta)
    (out / "latest.md").write_text(table, "utf-8")
    data = {
        "meta": meta,
        "shapes": {
            shape: {
                f: {
                    "entries": r.entries,
                    "fresh_after_edit": r.fresh,
                    **{m: [s.__dict__ for s in r.samples.get(m, [])] for m in MEASURES},
                }
                for f, r in results.items()
            }
            for shape, results in shapes.items()
        },
    }
    (out / "latest.json").write_text(json.dumps(data, indent=2) + "\n", "utf-8")
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES))
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--page-tables", action="store_true")
    parser.add_argument("--flavour", action="append", choices=FLAVOURS)
    parser.add_argument("--incremental", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    import sphinx

    flavours = [f for f in available_flavours() if not args.flavour or f in args.flavour]
    meta = {
        "machine": f"{os.cpu_count()} cores, {platform.machine()}, {platform.system()}",
        "python": platform.python_version(),
        "sphinx": sphinx.__version__,
        "reps": str(args.reps),
        "scale": str(args.scale),
        "page_tables": str(args.page_tables),
        "incremental": str(args.incremental),
    }
    run_one = run_incremental if args.incremental else run_shape
    compile_extensions()
    shapes: dict[str, dict[str, FlavourResult]] = {}
    for shape in args.shape or ["wide", "dense"]:
        shapes[shape] = run_one(shape, flavours, args.reps, args.scale, args.page_tables)
        # written after each shape, so a long run that is stopped keeps what it measured
        table = write_results(args.out, shapes, meta)
    print(table)
    print(f"Written: {args.out / 'latest.md'} and latest.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
