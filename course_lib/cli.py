"""The command line: fine-tune a sequence classifier with the course's training code.

Started as ``python -m course_lib.train`` (``course_lib/train.py`` is only that entry point)::

    python -m course_lib.train --task sentiment --epochs 1 --output-dir runs/sentiment
    python -m course_lib.train --task intents --profile offline --max-train-rows 200 --auto-recipe

The same script runs on several GPUs without changes, because ``Trainer`` picks up the process
group that the launcher creates (see docs/scaling.md)::

    accelerate launch --num_processes 4 -m course_lib.train --task sentiment --output-dir runs/ddp
    torchrun --nproc_per_node=4 -m course_lib.train --task sentiment --output-dir runs/ddp

``--batch-size`` is per device: the global batch is batch size x processes x accumulation steps.
Without ``--learning-rate``, the rate is scaled from 3e-5 at a global batch of 16 by the
square-root rule. It uses the lessons' building blocks (``load_task``,
``load_sequence_classifier``, ``training_args``, ``make_compute_metrics``, ``LossTrainer``).
Taught in: lessons/08_parameter_efficient_multitask.ipynb (section "Scaling past one GPU").
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

BASE_LEARNING_RATE = 3e-5  # works for encoders at a global batch of 16 (lesson 01)
BASE_BATCH_SIZE = 16

# The metric that picks the best epoch, per task type (keys of make_compute_metrics).
BEST_METRIC = {
    "binary": "f1",
    "multiclass": "macro_f1",
    "multilabel": "micro_f1",
    "pair_classification": "macro_f1",
    "pair_regression": "spearman",
}
PROBLEM_TYPES = {
    "multilabel": "multi_label_classification",
    "pair_regression": "regression",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m course_lib.train",
        description="Fine-tune a sequence classifier on one of the course's tasks.",
        epilog="Multi-GPU: accelerate launch -m course_lib.train ... or "
        "torchrun --nproc_per_node=N -m course_lib.train ... (see docs/scaling.md).",
    )
    parser.add_argument("--task", required=True, help="sentiment, intents, moderation, nli, ...")
    parser.add_argument("--output-dir", required=True, help="checkpoints and final model go here")
    parser.add_argument("--profile", default=None, help="full | offline | auto (default: env)")
    parser.add_argument("--checkpoint", default=None, help="override the profile's checkpoint")
    parser.add_argument("--epochs", type=float, default=3.0)
    parser.add_argument("--batch-size", type=int, default=16, help="per device")
    parser.add_argument(
        "--learning-rate",
        type=float,
        default=None,
        help="default: 3e-5 x sqrt(global batch / 16)",
    )
    parser.add_argument("--gradient-accumulation-steps", type=int, default=1)
    parser.add_argument(
        "--max-length",
        default="auto",
        help="truncation length; 'auto' = P99 of the training lengths (multiple of 8): with "
        "dynamic padding a generous cap costs little and keeps the ends of long texts",
    )
    parser.add_argument(
        "--precision",
        default="auto",
        choices=["auto", "fp32", "bf16", "fp16"],
        help="auto: bf16 on Ampere/Hopper, fp16 on older GPUs, fp32 on CPU",
    )
    parser.add_argument(
        "--no-group-by-length",
        action="store_true",
        help="shuffle freely instead of batching similar lengths together",
    )
    parser.add_argument(
        "--auto-recipe",
        action="store_true",
        help="measure a few steps per batch size/precision first and use the fastest "
        "(course_lib.efficiency.pick_recipe); single process only",
    )
    parser.add_argument("--max-train-rows", type=int, default=None, help="train on a subset")
    parser.add_argument("--max-eval-rows", type=int, default=None, help="evaluate on a subset")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--patience", type=int, default=None, help="early stopping patience")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    return parser


def world_size() -> int:
    """Number of processes started by torchrun / accelerate launch (1 when run plainly)."""
    return int(os.environ.get("WORLD_SIZE", "1"))


def default_learning_rate(batch_size: int, accumulation: int, processes: int) -> float:
    """3e-5 at a global batch of 16, scaled by the square-root rule to the actual global batch."""
    from course_lib.efficiency import scale_learning_rate

    global_batch = batch_size * accumulation * processes
    return scale_learning_rate(BASE_LEARNING_RATE, BASE_BATCH_SIZE, global_batch, "sqrt")


def _subset(dataset: Any, rows: int | None, seed: int) -> Any:
    if rows is None or rows >= len(dataset):
        return dataset
    if rows < 1:
        raise ValueError(f"the number of rows must be >= 1, got {rows}.")
    return dataset.shuffle(seed=seed).select(range(rows))


def prepare_data(data: Any, tokenizer: Any, max_length: str | int, train_rows: int | None,
                 eval_rows: int | None, seed: int) -> tuple[Any, Any, int]:  # fmt: skip
    """Subset, choose max_length, tokenize and cast labels; returns (train, validation, max_length)."""
    from course_lib.tokenization import length_report

    if data.task_type == "token":
        raise ValueError(
            f"task {data.name!r} is token classification; this script trains sequence "
            "classifiers (see lesson 04 for NER)."
        )
    train = _subset(data.dataset["train"], train_rows, seed)
    validation = _subset(data.dataset["validation"], eval_rows, seed)
    first = data.text_columns[0]
    second = data.text_columns[1] if len(data.text_columns) > 1 else None
    if str(max_length) == "auto":
        report = length_report(tokenizer, train[first], pair=train[second] if second else None)
        length = report.cap_at(99)
    else:
        length = int(max_length)
        if length < 8:
            raise ValueError(f"--max-length {length} is too short for any text.")

    def tokenize(batch: dict[str, list[Any]]) -> dict[str, Any]:
        if second:
            return tokenizer(batch[first], batch[second], truncation=True, max_length=length)
        return tokenizer(batch[first], truncation=True, max_length=length)

    from datasets import Sequence as DatasetSequence
    from datasets import Value

    # BCE (multi-label) and MSE (regression) need float targets; cross-entropy needs integers.
    if data.task_type == "multilabel":
        label_type: Any = DatasetSequence(Value("float32"))
    elif data.task_type == "pair_regression":
        label_type = Value("float32")
    else:
        label_type = Value("int64")

    def encode(split: Any) -> Any:
        split = split.map(tokenize, batched=True)
        if data.label_column != "labels":
            split = split.rename_column(data.label_column, "labels")
        split = split.cast_column("labels", label_type)
        keep = [c for c in ("input_ids", "attention_mask", "token_type_ids", "labels")
                if c in split.column_names]  # fmt: skip
        return split.select_columns(keep)

    return encode(train), encode(validation), length


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Train and evaluate as ``args`` say; return the final validation metrics."""
    from transformers import DataCollatorWithPadding

    from course_lib import lesson, metrics, models, training_settings
    from course_lib.datasets import load_task
    from course_lib.loss_trainer import LossTrainer
    from course_lib.profiles import get_profile

    processes = world_size()
    if args.auto_recipe and processes > 1:
        raise SystemExit(
            "--auto-recipe measures on one device; run it once without the launcher, then pass "
            "the batch size and precision it prints to the multi-GPU run."
        )
    for name in ("batch_size", "gradient_accumulation_steps"):
        if getattr(args, name) < 1:
            raise SystemExit(f"--{name.replace('_', '-')} must be >= 1.")
    if args.epochs <= 0:
        raise SystemExit("--epochs must be > 0.")

    lesson.quiet_logs()
    lesson.seed_everything(args.seed)
    profile = get_profile(args.profile)
    data = load_task(args.task, profile)
    checkpoint = args.checkpoint or profile.checkpoint(args.task)
    tokenizer = models.load_tokenizer(checkpoint)
    train, validation, max_length = prepare_data(
        data, tokenizer, args.max_length, args.max_train_rows, args.max_eval_rows, args.seed
    )
    if data.task_type == "pair_regression":
        model = models.load_sequence_classifier(checkpoint, num_labels=1, problem_type="regression")
        label_names = None
    else:
        label_names = list(data.label_names)
        model = models.load_sequence_classifier(
            checkpoint, label_names, problem_type=PROBLEM_TYPES.get(data.task_type)
        )

    batch_size = args.batch_size
    precision = profile.precision if args.precision == "auto" else args.precision
    group = not args.no_group_by_length
    learning_rate = args.learning_rate
    optim: dict[str, Any] = {}
    if args.auto_recipe:
        from course_lib.efficiency import pick_recipe

        recipe = pick_recipe(
            profile, model, train, tokenizer,
            base_learning_rate=args.learning_rate or BASE_LEARNING_RATE,
            epochs=args.epochs, min_updates=20,
        )  # fmt: skip
        print(recipe, flush=True)
        batch_size, precision, group = recipe.batch_size, recipe.precision, recipe.group_by_length
        learning_rate = recipe.learning_rate
        optim = {"optim": recipe.optim}
    if learning_rate is None:
        learning_rate = default_learning_rate(
            batch_size, args.gradient_accumulation_steps, processes
        )

    task_type = data.task_type
    best = BEST_METRIC[task_type]
    if task_type == "pair_classification" and label_names and len(label_names) == 2:
        best = "f1"
    out = Path(args.output_dir)
    targs = training_settings.training_args(
        profile,
        out,
        learning_rate=learning_rate,
        epochs=args.epochs,
        batch_size=batch_size,
        metric_for_best_model=best,
        group_by_length=group,
        gradient_accumulation_steps=args.gradient_accumulation_steps,
        bf16=precision == "bf16",
        fp16=precision == "fp16",
        disable_tqdm=args.quiet,
        seed=args.seed,
        **optim,
    )
    callbacks = [training_settings.early_stopping(args.patience)] if args.patience else []
    trainer = LossTrainer(
        model=model,
        args=targs,
        train_dataset=train,
        eval_dataset=validation,
        processing_class=tokenizer,
        data_collator=DataCollatorWithPadding(tokenizer),
        compute_metrics=metrics.make_compute_metrics(task_type, label_names=label_names),
        callbacks=callbacks,
    )
    train_output = trainer.train()
    scores = trainer.evaluate()
    summary = {
        "task": args.task,
        "checkpoint": str(checkpoint),
        "profile": profile.name,
        "device": profile.device,
        "precision": precision,
        "processes": processes,
        "per_device_batch_size": batch_size,
        "global_batch_size": batch_size * args.gradient_accumulation_steps * processes,
        "learning_rate": learning_rate,
        "max_length": max_length,
        "group_by_length": group,
        "train_rows": len(train),
        "epochs": args.epochs,
        "train_seconds": train_output.metrics.get("train_runtime"),
        "train_samples_per_second": train_output.metrics.get("train_samples_per_second"),
        "best_metric": best,
        "validation": {k.removeprefix("eval_"): v for k, v in scores.items()},
    }
    final_dir = out / "final"
    trainer.save_model(str(final_dir))  # writes on the main process only
    if trainer.is_world_process_zero():
        tokenizer.save_pretrained(str(final_dir))
        (out / "metrics.json").write_text(json.dumps(summary, indent=2, default=str) + "\n")
        print(json.dumps({"validation_" + best: summary["validation"].get(best),
                          "train_samples_per_second": summary["train_samples_per_second"],
                          "global_batch_size": summary["global_batch_size"],
                          "saved": str(final_dir)}))  # fmt: skip
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from course_lib.errors import CourseError

    try:
        run(args)
    except (CourseError, ValueError) as err:  # a sentence to act on, not a stack trace
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0
