"""Benchmark: training throughput of the seeds' recipe vs the course's measured recipe.

Usage::

    python benchmarks/bench_training_throughput.py             # CPU: offline MiniLM + sentiment
    python benchmarks/bench_training_throughput.py --metric-seeds 1 --steps 10   # quicker
    python benchmarks/bench_training_throughput.py --device cuda --rows 20000 --steps 100
    python benchmarks/bench_training_throughput.py --json results.json

Both recipes use the same model (the offline all-MiniLM-L6-v2 unless ``--checkpoint``) and the
same rows, in one process:

* **seeds' recipe**, as the two source tutorials write it: every text padded to
  ``max_length=128`` at tokenization, fp32, batch 16, plain AdamW (``adamw_torch``, the
  default of most of the v4 series; late v4 made the fused one the default with torch >= 2.8,
  huggingface/transformers#37358), shuffled order without length grouping.
* **course recipe**: truncation at the P99 of the training lengths (rounded up to a multiple of
  8; ``--course-max-length p95`` for the P95), dynamic padding with length grouping, and batch
  size and precision chosen by ``course_lib.efficiency.pick_recipe`` from a few timed steps on
  this machine, with fused AdamW; learning rate scaled from the seeds' one by the square-root
  rule. With dynamic padding the cap only touches the longest texts, so it is a quality choice
  more than a speed one: on the offline sentiment data P95 (96 tokens) cuts the closing verdict
  off 5 of the 100 validation reviews and cost one point of F1 (0.925 against 0.935, mean of 3
  seeds: benchmarks/README.md).

Both start from ``--learning-rate`` at batch 16 (default 1e-4). The seeds use 2e-5, a rate
tuned for BERT-base on 67k SST-2 sentences; all-MiniLM-L6-v2 on 400 texts barely leaves the
majority baseline with it in 3 epochs, which would make "equal accuracy" meaningless.

Two measurements, both printed:

1. **Throughput** (the headline ratio): ``--steps`` optimizer steps of each recipe, run in
   alternating blocks (A B B A ...) so that other jobs on a shared machine slow both alike;
   samples/s, padded-token fraction and peak memory (CUDA allocator, or an estimate on CPU).
   The steps draw from ``--rows`` rows (default 4,000: the 400 offline training texts repeated
   10 times). Length grouping sorts mega-batches of ``min(rows / (4 x batch), 50)`` batches,
   so on 400 texts it can only sort groups of about 100; the larger pool measures what the
   Trainer does on a realistically sized dataset with the same length distribution. Pass
   ``--rows 400`` to measure the tiny-dataset case.
2. **Validation metric, paired over seeds**: each recipe trained for ``--epochs`` (default 3)
   with ``transformers.Trainer`` on ``--train-rows`` rows (default: the 400 unique training
   texts; no evaluation during training), once per seed of ``--metric-seeds`` (default 20; the
   same seeds for both recipes, so each seed gives one difference), then evaluated on the
   validation split. With ~50-75 updates, single runs of either recipe can differ by several
   points from seed to seed, so one run cannot tell "equal" from "worse": the verdict is
   ``course_lib.efficiency.parity.paired_difference``, the mean difference (course - seeds) with
   its 95% interval, "equal" when the interval contains 0 and its low end is above -0.01. The
   course recipe must also leave at least ``--min-updates`` (default 60) optimizer steps, which
   rules out large batches on 400 texts.
   The Trainer's own end-to-end samples/s is reported too (sequential runs, so noisier on a
   shared CPU, and on the small training set).

Nothing is asserted about speed; the exit code is 0 unless something fails. Targets from the
course's speed issue: at least 5x the seeds' samples/s on 2 CPU cores and on a GPU, with the
parity verdict "equal" (or "better").
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import math
import os
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

SEEDS_MAX_LENGTH = 128
SEEDS_BATCH_SIZE = 16


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task", default="sentiment", help="a single-text task (sentiment, ...)")
    parser.add_argument("--rows", type=int, default=4000,
                        help="rows the timed steps draw from (the training split, repeated if "
                        "needed; default 4000)")  # fmt: skip
    parser.add_argument("--train-rows", type=int, default=None,
                        help="rows of the two training runs (default: the whole split)")  # fmt: skip
    parser.add_argument("--steps", type=int, default=None, help="timed steps per recipe "
                        "(default: 20 on CPU, 100 on GPU)")  # fmt: skip
    parser.add_argument("--block", type=int, default=5, help="steps per alternating turn")
    parser.add_argument("--epochs", type=float, default=3.0, help="epochs for the metric runs")
    parser.add_argument("--device", default="auto", help="auto | cpu | cuda | mps")
    parser.add_argument("--profile", default="offline", help="offline (default) | full | auto")
    parser.add_argument("--checkpoint", default=None, help="override the profile's checkpoint")
    parser.add_argument("--candidate-batch-sizes", default="16,32,64,128,256")
    parser.add_argument("--course-max-length", default="p99", type=length_cap_choice,
                        help="course recipe truncation: p99 (default), p95 or a number")  # fmt: skip
    parser.add_argument("--learning-rate", type=float, default=1e-4,
                        help="seeds' recipe rate at batch 16; the course recipe scales it")  # fmt: skip
    parser.add_argument("--min-updates", type=int, default=60,
                        help="course recipe: skip batch sizes with fewer optimizer steps")  # fmt: skip
    parser.add_argument("--metric-seeds", type=int, default=20,
                        help="train each recipe once per seed, the same seeds for both: the paired "
                             "95%% interval of the metric difference decides parity (>= 2)")  # fmt: skip
    parser.add_argument("--course-freeze-word-embeddings", action="store_true",
                        help="candidate for a faster course recipe (issue 15): train the course "
                             "recipe with the word-embedding matrix frozen")  # fmt: skip
    parser.add_argument("--course-compile", action="store_true",
                        help="candidate for a faster course recipe (issue 15): torch.compile the "
                             "course recipe's model (dynamic shapes; the Trainer's torch_compile "
                             "in the metric runs)")  # fmt: skip
    parser.add_argument("--skip-training", action="store_true", help="throughput only")
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    parser.add_argument("--seed", type=int, default=42)
    return parser.parse_args(argv)


def length_cap_choice(choice: str) -> str:
    """Checks ``--course-max-length`` before anything loads: p95, p99 or a positive number."""
    if (choice.isdigit() and int(choice) > 0) or choice in ("p95", "p99"):
        return choice
    raise argparse.ArgumentTypeError(f"{choice!r}: use p95, p99 or a number")


def cap_length(report: Any, choice: str) -> int:
    """The course recipe's truncation length: a percentile of the lengths or a number."""
    if choice.isdigit():
        return int(choice)
    return report.cap_at(int(choice[1:]))


def repeat_rows(dataset: Any, rows: int | None, seed: int) -> Any:
    """``rows`` training rows: a shuffled subset, or the split repeated when it is too small."""
    from datasets import concatenate_datasets

    if rows is None or rows == len(dataset):
        return dataset
    if rows < 1:
        raise SystemExit("--rows must be >= 1")
    if rows < len(dataset):
        return dataset.shuffle(seed=seed).select(range(rows))
    copies = math.ceil(rows / len(dataset))
    return concatenate_datasets([dataset] * copies).select(range(rows))


def train_and_evaluate(
    name: str,
    profile: Any,
    checkpoint: str,
    label_names: list[str],
    train: Any,
    validation: Any,
    collator: Any,
    tokenizer: Any,
    compute_metrics: Any,
    epochs: float,
    use_cpu: bool,
    out_root: Path,
    seed: int,
    freeze_word_embeddings: bool = False,  # the frozen-embeddings candidate (issue 15)
    **overrides: Any,
) -> dict[str, Any]:
    """One Trainer run without evaluation during training, then one evaluation."""
    from transformers import Trainer

    from course_lib import lesson, models, training_settings

    lesson.seed_everything(seed)
    model = models.load_sequence_classifier(checkpoint, label_names)
    if freeze_word_embeddings:
        model.get_input_embeddings().weight.requires_grad_(False)
    args = training_settings.training_args(
        profile,
        out_root / name,
        epochs=epochs,
        eval_strategy="no",
        save_strategy="no",
        logging_strategy="no",
        load_best_model_at_end=False,
        disable_tqdm=True,
        use_cpu=use_cpu,
        seed=seed,
        **overrides,
    )
    trainer = Trainer(
        model=model,
        args=args,
        train_dataset=train,
        eval_dataset=validation,
        processing_class=tokenizer,
        data_collator=collator,
        compute_metrics=compute_metrics,
    )
    output = trainer.train()
    scores = trainer.evaluate()
    return {
        "train_samples_per_second": float(output.metrics["train_samples_per_second"]),
        "train_seconds": float(output.metrics["train_runtime"]),
        "validation": {k.removeprefix("eval_"): float(v) for k, v in scores.items()},
    }


@dataclass
class Bench:
    """What every step of the benchmark shares: the machine, the data and its two encodings."""

    opts: argparse.Namespace
    profile: Any
    task_type: str
    text: str
    label_names: list[str]
    checkpoint: str
    tokenizer: Any
    steps: int
    sizes: list[int]
    split_rows: int
    pool_raw: Any  # rows the timed steps draw from
    train_raw: Any  # rows of the two training runs
    validation_raw: Any
    report: Any
    course_max_length: int
    encoded: dict[str, Any]  # "seeds_pool", "course_train", ...: each recipe's tokenization

    @property
    def device(self) -> str:
        return self.profile.device


def prepare(opts: argparse.Namespace) -> Bench:
    """Seed, pick the device, load and tokenize the task both ways (pad to 128 / the course's)."""
    from course_lib import lesson, models, tokenization
    from course_lib.datasets import load_task
    from course_lib.profiles import Profile, detect_device, get_profile, pick_precision

    lesson.quiet_logs()
    lesson.seed_everything(opts.seed)
    base = get_profile(opts.profile)
    device = detect_device() if opts.device == "auto" else opts.device
    profile = Profile(name=base.name, device=device, precision=pick_precision(device))
    data = load_task(opts.task, profile)
    if len(data.text_columns) != 1 or data.task_type not in ("binary", "multiclass"):
        raise SystemExit(
            f"--task {opts.task}: this benchmark takes single-text classification tasks"
        )
    text = data.text_columns[0]
    checkpoint = opts.checkpoint or profile.checkpoint(opts.task)
    tokenizer = models.load_tokenizer(checkpoint)
    split = data.dataset["train"]
    pool_raw = repeat_rows(split, opts.rows, opts.seed)  # for the timed steps
    train_raw = repeat_rows(split, opts.train_rows, opts.seed)  # for the two training runs
    validation_raw = data.dataset["validation"]
    report = tokenization.length_report(tokenizer, train_raw[text], max_length=SEEDS_MAX_LENGTH)
    course_max_length = cap_length(report, opts.course_max_length)

    def seeds_tokenize(batch: dict[str, list[Any]]) -> dict[str, Any]:
        return tokenizer(batch[text], truncation=True, padding="max_length",
                         max_length=SEEDS_MAX_LENGTH)  # fmt: skip

    def course_tokenize(batch: dict[str, list[Any]]) -> dict[str, Any]:
        return tokenizer(batch[text], truncation=True, max_length=course_max_length)

    keep = [text, data.label_column]
    encoded = {
        f"{recipe}_{part}": rows.select_columns(keep).map(fn, batched=True, remove_columns=[text])
        for part, rows in (("pool", pool_raw), ("train", train_raw), ("val", validation_raw))
        for recipe, fn in (("seeds", seeds_tokenize), ("course", course_tokenize))
    }
    return Bench(
        opts=opts,
        profile=profile,
        task_type=data.task_type,
        text=text,
        label_names=list(data.label_names),
        checkpoint=checkpoint,
        tokenizer=tokenizer,
        steps=opts.steps or (100 if device == "cuda" else 20),
        sizes=[int(s) for s in opts.candidate_batch_sizes.split(",") if s.strip()],
        split_rows=len(split),
        pool_raw=pool_raw,
        train_raw=train_raw,
        validation_raw=validation_raw,
        report=report,
        course_max_length=course_max_length,
        encoded=encoded,
    )


def print_setup(bench: Bench) -> None:
    """The machine and the data, before anything is measured."""
    import torch

    device = bench.device
    print(f"device: {device} ({bench.profile.precision} available) | torch threads: "
          f"{torch.get_num_threads()} | cpu cores visible: {os.cpu_count()} | "
          f"{platform.processor() or platform.machine()}")  # fmt: skip
    if device == "cuda":
        print(f"gpu: {torch.cuda.get_device_name(0)}")
    repeated = " (the split repeated)" if len(bench.pool_raw) > bench.split_rows else ""
    print(f"data: {bench.opts.task}; timed steps draw from {len(bench.pool_raw)} rows{repeated}; "
          f"training runs use {len(bench.train_raw)} rows; {len(bench.validation_raw)} validation "
          "rows")  # fmt: skip
    print(f"lengths: {bench.report}")


def search_recipe(bench: Bench, model: Any) -> Any:
    """The course's recipe, picked by measuring on this machine (efficiency.pick_recipe)."""
    from course_lib import efficiency

    opts = bench.opts
    start = time.perf_counter()
    recipe = efficiency.pick_recipe(
        bench.device,
        model,
        bench.encoded["course_pool"],
        bench.tokenizer,
        candidate_batch_sizes=bench.sizes,
        base_learning_rate=opts.learning_rate,
        base_batch_size=SEEDS_BATCH_SIZE,
        epochs=opts.epochs,
        min_updates=opts.min_updates,
        train_size=len(bench.train_raw),
        seed=opts.seed,
    )
    search_seconds = time.perf_counter() - start
    print(f"\nrecipe search ({search_seconds:.0f} s):")
    print(recipe.measurements.round(3).to_string(index=False))
    print(recipe)
    return recipe


def time_recipes(bench: Bench, model: Any, recipe: Any) -> Any:
    """Both recipes' optimizer steps, timed in alternating blocks (the ratio survives noise)."""
    from course_lib import efficiency

    opts, tokenizer = bench.opts, bench.tokenizer
    seeds_batches = efficiency.make_batches(bench.encoded["seeds_pool"], tokenizer,
                                            SEEDS_BATCH_SIZE, "max_length",
                                            max_length=SEEDS_MAX_LENGTH, seed=opts.seed)  # fmt: skip
    course_batches = efficiency.make_batches(bench.encoded["course_pool"], tokenizer,
                                             recipe.batch_size, recipe.padding, seed=opts.seed)  # fmt: skip
    course_model = copy.deepcopy(model)
    if opts.course_freeze_word_embeddings:  # AdamW then skips the 11.7M-weight matrix
        course_model.get_input_embeddings().weight.requires_grad_(False)
    if opts.course_compile:  # compiled on the warm-up step, which is not timed
        import torch

        course_model = torch.compile(course_model, dynamic=True)
    setups = [
        efficiency.Setup("seeds' recipe", copy.deepcopy(model), seeds_batches, "fp32",
                         "adamw_torch", opts.learning_rate),
        efficiency.Setup("course recipe", course_model, course_batches, recipe.precision,
                         recipe.optim, recipe.learning_rate),
    ]  # fmt: skip
    trained = sum(p.numel() for p in course_model.parameters() if p.requires_grad)
    frozen = (
        f"; course recipe: word embeddings frozen ({trained / 1e6:.1f}M of "
        f"{sum(p.numel() for p in course_model.parameters()) / 1e6:.1f}M weights trained)"
        if opts.course_freeze_word_embeddings
        else ""
    )
    compiled = "; course recipe: torch.compile (dynamic shapes)" if opts.course_compile else ""
    print(f"\nthroughput: {bench.steps} steps each, alternating blocks of {opts.block}{frozen}"
          f"{compiled}")  # fmt: skip
    return efficiency.compare_throughput(
        setups, steps=bench.steps, block=opts.block, device=bench.device
    )


def summary_of(bench: Bench, recipe: Any, table: Any, ratio: float) -> dict[str, Any]:
    """The machine, the recipe and the timing, as written to ``--json``."""
    import torch

    device = bench.device
    return {
        "device": device,
        "gpu": torch.cuda.get_device_name(0) if device == "cuda" else None,
        "cpu_count": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "task": bench.opts.task,
        "pool_rows": len(bench.pool_raw),
        "train_rows": len(bench.train_raw),
        "validation_rows": len(bench.validation_raw),
        "steps": bench.steps,
        "recipe": {
            "batch_size": recipe.batch_size,
            "precision": recipe.precision,
            "padding": recipe.padding,
            "learning_rate": recipe.learning_rate,
            "optim": recipe.optim,
            "max_length": bench.course_max_length,
            "freeze_word_embeddings": bench.opts.course_freeze_word_embeddings,
            "torch_compile": bench.opts.course_compile,
        },
        "recipe_search": recipe.measurements.to_dict(orient="records"),
        "throughput": table.to_dict(orient="records"),
        "throughput_ratio": ratio,
    }


def _mean_runs(runs: list[dict[str, Any]], metric: str) -> dict[str, Any]:
    import numpy as np

    samples = sum(r["train_samples_per_second"] * r["train_seconds"] for r in runs)
    values = [r["validation"][metric] for r in runs]
    return {
        "samples_per_second": samples / sum(r["train_seconds"] for r in runs),
        "accuracy": float(np.mean([r["validation"]["accuracy"] for r in runs])),
        metric: float(np.mean(values)),
        f"{metric}_std": float(np.std(values)),
        f"{metric}_per_seed": values,
        "runs": runs,
    }


def train_recipes(bench: Bench, recipe: Any, table: Any, results: dict[str, Any]) -> str:
    """Train both recipes with the Trainer over the seeds; fill ``table`` and ``results``."""
    import tempfile

    from transformers import DataCollatorWithPadding

    from course_lib import metrics
    from course_lib.efficiency import parity

    opts, tokenizer, encoded = bench.opts, bench.tokenizer, bench.encoded
    task = "binary" if bench.task_type == "binary" else "multiclass"
    compute = metrics.make_compute_metrics(task, label_names=bench.label_names)
    metric = "f1" if task == "binary" else "macro_f1"
    use_cpu = bench.device == "cpu"
    seeds_runs: list[dict[str, Any]] = []
    course_runs: list[dict[str, Any]] = []
    seeds = list(range(opts.seed, opts.seed + max(1, opts.metric_seeds)))
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds:
            seeds_runs.append(train_and_evaluate(
                "seeds", bench.profile, bench.checkpoint, bench.label_names, encoded["seeds_train"],
                encoded["seeds_val"], DataCollatorWithPadding(tokenizer), tokenizer, compute,
                opts.epochs, use_cpu, Path(tmp), seed, learning_rate=opts.learning_rate,
                batch_size=SEEDS_BATCH_SIZE, group_by_length=False, optim="adamw_torch",
                bf16=False, fp16=False,
            ))  # fmt: skip
            course_runs.append(train_and_evaluate(
                "course", bench.profile, bench.checkpoint, bench.label_names,
                encoded["course_train"], encoded["course_val"], recipe.data_collator(tokenizer),
                tokenizer, compute, opts.epochs, use_cpu, Path(tmp), seed,
                freeze_word_embeddings=opts.course_freeze_word_embeddings,
                **recipe.training_kwargs(), **({"torch_compile": True} if opts.course_compile else {}),
            ))  # fmt: skip
    seeds_summary, course_summary = _mean_runs(seeds_runs, metric), _mean_runs(course_runs, metric)
    for column, summary in (("seeds' recipe", seeds_summary), ("course recipe", course_summary)):
        row = table["setup"] == column
        table.loc[row, "trainer_samples_per_s"] = summary["samples_per_second"]
        table.loc[row, "val_accuracy"] = summary["accuracy"]
        table.loc[row, f"val_{metric}"] = summary[metric]
    results["training"] = {
        "epochs": opts.epochs,
        "train_rows": len(bench.train_raw),
        "seeds": seeds,
        "seeds_recipe": seeds_summary,
        "course_recipe": course_summary,
    }
    if len(seeds) >= 2:  # same seeds, same order: one difference per seed
        paired = parity.paired_difference(
            course_summary[f"{metric}_per_seed"], seeds_summary[f"{metric}_per_seed"]
        )
        results["training"]["paired"] = paired
        results["parity"] = dataclasses.asdict(paired)
    results["trainer_ratio"] = (
        course_summary["samples_per_second"] / seeds_summary["samples_per_second"]
    )
    return metric


def print_report(bench: Bench, table: Any, results: dict[str, Any], metric: str | None) -> None:
    """The comparison table, the ratios and, after training, the metric of each recipe."""
    ratio = results["throughput_ratio"]
    print()
    shown = table.drop(columns=["memory_source", "oom"]).set_index("setup")
    print(shown.round(3).to_string())
    print(f"\npeak memory: {table['memory_source'].iloc[0]}")
    print(f"throughput ratio (course / seeds, interleaved): {ratio:.2f}x")
    if metric is not None:
        runs = results["training"]
        n_validation = len(bench.validation_raw)
        print(f"end-to-end Trainer ratio ({len(runs['seeds'])} run(s) each on {len(bench.train_raw)} "
              f"rows, not interleaved): {results['trainer_ratio']:.2f}x")  # fmt: skip
        seeds_metric = runs["seeds_recipe"][metric]
        course_metric = runs["course_recipe"][metric]
        gap = course_metric - seeds_metric
        spread = (f" (std over seeds: seeds {runs['seeds_recipe'][metric + '_std']:.3f}, course "
                  f"{runs['course_recipe'][metric + '_std']:.3f})" if len(runs["seeds"]) > 1 else "")  # fmt: skip
        print(f"validation {metric}, mean of {len(runs['seeds'])} seed(s): seeds {seeds_metric:.3f}, "
              f"course {course_metric:.3f} ({gap:+.3f}){spread}; one of the "
              f"{n_validation} validation texts moves accuracy by "
              f"{1 / n_validation:.3f}")  # fmt: skip
        paired = runs.get("paired")
        if paired is None:
            print("parity verdict: needs >= 2 seeds (--metric-seeds); none given")
        else:
            print(f"parity verdict, course - seeds {metric} per seed: {paired}")
        results["metric"] = {"name": metric, "seeds": seeds_metric, "course": course_metric}
    device = bench.device
    target = 5.0
    print(
        f"issue target on {device}: >= {target:.0f}x -> {'met' if ratio >= target else 'not met'}"
    )


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    from course_lib import models

    bench = prepare(opts)
    print_setup(bench)
    model = models.load_sequence_classifier(bench.checkpoint, bench.label_names)
    recipe = search_recipe(bench, model)
    table = time_recipes(bench, model, recipe)
    del model
    results = summary_of(bench, recipe, table, float(table["speedup"].iloc[1]))
    metric = None if opts.skip_training else train_recipes(bench, recipe, table, results)
    print_report(bench, table, results, metric)
    if opts.json:
        opts.json.write_text(json.dumps(results, indent=2, default=_json_default) + "\n")
        print(f"wrote {opts.json}")
    return 0


def _json_default(value: Any) -> Any:
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


if __name__ == "__main__":
    sys.exit(main())
