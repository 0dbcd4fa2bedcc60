"""The benchmark scripts still run end to end (tiny sizes; their numbers are not asserted)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_script(script: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COURSE_PROFILE": "offline", "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )


def test_throughput_benchmark_reports_both_recipes_and_their_ratio(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    tiny = ["--rows", "96", "--train-rows", "32", "--steps", "2", "--block", "1", "--epochs", "1",
            "--metric-seeds", "2", "--candidate-batch-sizes", "8,16", "--min-updates", "2",
            "--device", "cpu", "--json", str(out)]  # fmt: skip
    run = run_script("bench_training_throughput.py", *tiny)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "throughput ratio (course / seeds, interleaved):" in run.stdout
    assert "validation f1, mean of 2 seed(s)" in run.stdout
    assert "parity verdict, course - seeds f1 per seed:" in run.stdout
    assert "95% CI" in run.stdout and "2 paired seeds" in run.stdout
    results = json.loads(out.read_text())
    setups = [row["setup"] for row in results["throughput"]]
    assert setups == ["seeds' recipe", "course recipe"]
    seeds, course = results["throughput"]
    assert seeds["batch_size"] == 16 and seeds["precision"] == "fp32"
    assert seeds["padded_fraction"] > course["padded_fraction"], "padding to 128 wastes more"
    assert results["throughput_ratio"] == course["samples_per_s"] / seeds["samples_per_s"]
    assert results["recipe"]["batch_size"] in (8, 16)
    assert 0.0 <= results["metric"]["course"] <= 1.0
    parity = results["parity"]
    assert parity["n"] == 2 and parity["low"] <= parity["mean"] <= parity["high"]
    assert parity["verdict"] in ("equal", "better", "worse", "inconclusive")


def test_throughput_benchmark_measures_the_frozen_embeddings_candidate(tmp_path: Path) -> None:
    """Issue 15's candidate: the course recipe with frozen word embeddings, timed and trained."""
    out = tmp_path / "frozen.json"
    tiny = ["--rows", "96", "--train-rows", "32", "--steps", "2", "--block", "1", "--epochs", "1",
            "--metric-seeds", "2", "--candidate-batch-sizes", "8", "--min-updates", "2",
            "--device", "cpu", "--course-freeze-word-embeddings", "--json", str(out)]  # fmt: skip
    run = run_script("bench_training_throughput.py", *tiny)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    found = re.search(
        r"word embeddings frozen \(([0-9.]+)M of ([0-9.]+)M weights trained\)", run.stdout
    )
    assert found, run.stdout[-2000:]
    trained, total = map(float, found.groups())
    assert trained < total
    assert json.loads(out.read_text())["recipe"]["freeze_word_embeddings"] is True


def test_throughput_benchmark_measures_the_compiled_candidate(tmp_path: Path) -> None:
    """Issue 15's torch.compile candidate: the course recipe's model compiled, then timed."""
    out = tmp_path / "compiled.json"
    tiny = ["--rows", "48", "--steps", "2", "--block", "1", "--candidate-batch-sizes", "8",
            "--min-updates", "1", "--device", "cpu", "--course-compile", "--skip-training",
            "--json", str(out)]  # fmt: skip
    run = run_script("bench_training_throughput.py", *tiny)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "course recipe: torch.compile (dynamic shapes)" in run.stdout
    results = json.loads(out.read_text())
    assert results["recipe"]["torch_compile"] is True
    assert all(row["samples_per_s"] > 0 for row in results["throughput"])


def test_evaluation_order_benchmark_keeps_predictions_aligned(tmp_path: Path) -> None:
    """Sorted prediction, put back in dataset order, predicts what dataset order predicts."""
    out = tmp_path / "orders.json"
    run = run_script("bench_evaluation_order.py", "--rows", "40", "--batch-size", "8",
                     "--repeats", "1", "--json", str(out))  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    rows = {row["order"]: row for row in json.loads(out.read_text())["orders"]}
    assert list(rows) == ["dataset order", "Trainer's groups", "sorted"]
    assert rows["sorted"]["padded_fraction"] < rows["dataset order"]["padded_fraction"]
    assert rows["sorted"]["same_predicted_class"] == 1.0
    assert rows["sorted"]["max_abs_logit_gap"] < 1e-3
    assert rows["dataset order"]["max_abs_logit_gap"] == 0.0


def test_evaluation_order_benchmark_rejects_an_unknown_split() -> None:
    run = run_script("bench_evaluation_order.py", "--split", "nope")
    assert run.returncode != 0
    assert "--split nope: the task has" in run.stderr


def test_throughput_benchmark_rejects_a_bad_length_cap() -> None:
    run = run_script("bench_training_throughput.py", "--course-max-length", "p50", "--rows", "16")
    assert run.returncode != 0
    assert "use p95, p99 or a number" in run.stderr


def test_threshold_benchmark_runs_small() -> None:
    run = run_script("bench_thresholds.py", "--n", "2000", "--labels", "3", "--grid", "9")
    assert run.returncode == 0, run.stderr[-3000:]
    assert "OK: exact F1 >= grid F1 on every label" in run.stdout


def _tiny_notebook(path: Path, source: str) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)


def test_lesson_runner_takes_relative_paths_and_names_a_failing_lesson(tmp_path: Path) -> None:
    """`run_lessons.py lessons/01_*.ipynb`, as benchmarks/README.md shows it, from the caller's
    folder: nbconvert runs in the notebook's folder, so relative paths must not break it."""
    (tmp_path / "lessons").mkdir()
    _tiny_notebook(tmp_path / "lessons" / "01_tiny.ipynb", "print('accuracy 0.5')")
    _tiny_notebook(tmp_path / "lessons" / "02_broken.ipynb", "raise ValueError('no data here')")
    script = str(ROOT / "benchmarks" / "run_lessons.py")
    good = subprocess.run(
        [sys.executable, script, "lessons/01_tiny.ipynb", "--out", "out", "--twice"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert good.returncode == 0, good.stdout + good.stderr[-3000:]
    assert "printed metrics identical: True" in good.stdout
    assert (tmp_path / "out" / "01_tiny.ipynb").is_file()
    bad = subprocess.run(
        [sys.executable, script, "lessons/02_broken.ipynb", "--out", "out"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert bad.returncode == 1
    assert "02_broken.ipynb failed after" in bad.stderr and "no data here" in bad.stderr
    assert "Traceback (most recent call last)" not in bad.stderr.split("nbconvert's log")[0]
    missing = subprocess.run(
        [sys.executable, script, "lessons/09_missing.ipynb"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert missing.returncode == 2 and "is not a notebook file" in missing.stderr


def test_machine_benchmark_prints_its_three_numbers(tmp_path: Path) -> None:
    out = tmp_path / "machine.json"
    run = run_script("bench_machine.py", "--steps", "1", "--json", str(out))
    assert run.returncode == 0, run.stderr[-3000:]
    assert " import " in run.stdout and "train " in run.stdout and "eval " in run.stdout
    numbers = json.loads(out.read_text())
    assert numbers["import_s"] > 0 and numbers["train"] > 0 and numbers["eval"] > numbers["train"]
    assert run_script("bench_machine.py", "--steps", "0").returncode == 2


def test_lesson_runner_compares_metrics_but_not_timings(tmp_path: Path) -> None:
    """`--twice` compares what a lesson computes; lines that print speed ratios or seconds (in
    claim evidence too) and cells marked as timing cells vary between runs and are left out."""
    import importlib.util

    import nbformat

    spec = importlib.util.spec_from_file_location(
        "run_lessons", ROOT / "benchmarks" / "run_lessons.py"
    )
    run_lessons = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_lessons)
    notebook = tmp_path / "printed.ipynb"
    lines = [
        "validation macro-F1 0.624 | focus F1 0.000",
        "[claim holds] grouping is faster (speedup 3.75x in this run)",
        "[claim holds] head-only is faster (head only x0.33, full fine-tuning x1.00)",
        "sorted batches are faster (x1.59 texts/s in this run)",
        "throughput: 5.58x interleaved",
    ]
    _tiny_notebook(notebook, "\n".join(f"print({line!r})" for line in lines))
    nb = nbformat.read(notebook, as_version=4)
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="\n".join(lines))]
    timing = nbformat.v4.new_code_cell("# Timing cell: seconds\nprint('cross-entropy 500 13')")
    timing.outputs = [nbformat.v4.new_output("stream", name="stdout", text="cross-entropy 500 13")]
    nb.cells.append(timing)
    nbformat.write(nb, notebook)
    assert run_lessons.printed_lines(notebook) == ["validation macro-F1 0.624 | focus F1 0.000"]
