"""Execute lessons headless and print wall time and peak memory for each (offline profile).

    python benchmarks/run_lessons.py                       # every lesson, results in build/lessons
    python benchmarks/run_lessons.py lessons/01_*.ipynb    # some lessons
    python benchmarks/run_lessons.py --twice lessons/01_*.ipynb  # run twice, compare printed metrics

Budgets (the speed issue, 15): lesson 01 <= 75 s, the appendix (09) <= 60 s and every other lesson
<= 125 s, and <= 3 GB
peak RSS each, on 2 otherwise idle CPU cores; compare days with benchmarks/bench_machine.py. The numbers printed here are the evidence; tests never
time anything.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BUDGET_SECONDS = {
    "01": 75,
    "02": 125,
    "03": 125,
    "04": 125,
    "05": 125,
    "06": 125,
    "07": 125,
    "08": 125,
    "09": 60,
}
BUDGET_RSS_GB = 3.0
# Cells that print measurements (lesson 07) open with this comment; --twice skips their output.
TIMING_MARKER = "# Timing cell"
VOLATILE = re.compile(
    r"second|[0-9.]+ ?s\b|it/s|samples/s|texts/s|time|latency|speedup|throughput"
    r"|\bx ?[0-9]+\.[0-9]|\b[0-9]+\.[0-9]+x\b",
    re.IGNORECASE,
)


class LessonFailed(RuntimeError):
    """A lesson stopped with an error; the message names it and ends with nbconvert's log."""


def run_one(notebook: Path, out_dir: Path) -> tuple[float, float, Path]:
    """Execute ``notebook`` in a fresh process; return (wall seconds, peak RSS GB, output path).

    Paths may be relative to the caller's folder: nbconvert runs in the lesson's own folder (as
    Jupyter would), so both are made absolute first.
    """
    notebook, out_dir = notebook.resolve(), out_dir.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / notebook.name
    env = {**os.environ, "COURSE_PROFILE": os.environ.get("COURSE_PROFILE", "offline")}
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.setdefault("COURSE_RUNS_DIR", str(out_dir / "runs"))
    command = [
        sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
        "--ExecutePreprocessor.timeout=900", f"--output={target.resolve()}", str(notebook),
    ]  # fmt: skip
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-c", _PEAK_RSS_WRAPPER, *command],
        env=env, cwd=notebook.parent, capture_output=True, text=True,
    )  # fmt: skip
    wall = time.perf_counter() - start
    if run.returncode:
        raise LessonFailed(
            f"{notebook.name} failed after {wall:.0f} s (its executed copy, if any: {target}); "
            f"the end of nbconvert's log:\n{run.stderr[-3000:]}"
        )
    peak_kb = int(run.stdout.strip().splitlines()[-1])
    return wall, peak_kb / 1024**2, target


# Runs the command in a fresh wrapper process and prints the largest RSS (kB) of any process it
# waited for, the kernel included: ours would carry over the peak of earlier lessons.
_PEAK_RSS_WRAPPER = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
if done.returncode:
    sys.stderr.write(done.stderr.decode(errors="replace")[-4000:])
    sys.exit(done.returncode)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def printed_lines(notebook: Path) -> list[str]:
    """stdout lines of every cell, minus lines that carry timings and cells marked as timing."""
    nb = nbformat.read(notebook, as_version=4)
    lines: list[str] = []
    for cell in nb.cells:
        if cell.source.startswith(TIMING_MARKER):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                lines += [ln for ln in output["text"].splitlines() if not VOLATILE.search(ln)]
    return lines


def report(nb: Path, out_dir: Path, twice: bool) -> bool:
    """Run one lesson (twice with ``twice``), print its line; True when it fits its budget."""
    wall, rss, executed = run_one(nb, out_dir)
    budget = BUDGET_SECONDS.get(nb.name[:2], 125)
    fits = wall <= budget and rss <= BUDGET_RSS_GB
    print(f"{nb.name:<34} {wall:7.1f} {budget:6d} {rss:11.2f}  {'ok' if fits else 'OVER BUDGET'}")
    if not twice:
        return fits
    first = printed_lines(executed)
    wall2, _, executed2 = run_one(nb, out_dir / "second_run")
    same = first == printed_lines(executed2)
    print(f"  second run {wall2:.1f} s; printed metrics identical: {same}")
    return fits and same


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: lessons/*.ipynb")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "lessons")
    parser.add_argument("--twice", action="store_true", help="run each twice and compare outputs")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
    print(f"{'lesson':<34} {'wall s':>7} {'budget':>6} {'peak RSS GB':>11}  verdict")
    ok = True
    for nb in notebooks:
        if not nb.is_file():
            parser.error(f"{nb} is not a notebook file (give paths like lessons/01_*.ipynb)")
        try:
            ok &= report(nb, args.out, args.twice)
        except LessonFailed as err:
            print(f"{nb.name:<34} FAILED", flush=True)
            print(err, file=sys.stderr)
            return 1
    print(f"cores: {os.cpu_count()}  executed notebooks: {args.out}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
