"""Trainer settings for transformers v5, chosen per profile, plus a small learning-rate sweep.

Taught in: lessons/01_binary_sentiment.ipynb (TrainingArguments, best checkpoint, early stopping,
learning-rate sweep); lesson 07 revisits batch size, precision and length grouping.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from course_lib.profiles import Profile

# Rehearsals and smoke tests cap every Trainer run at this many optimizer steps (unset: no cap).
MAX_STEPS_ENV = "COURSE_MAX_STEPS"


def _argument_names() -> set[str]:
    from transformers import TrainingArguments

    return {f.name for f in dataclasses.fields(TrainingArguments)}


def length_grouping_kwargs() -> dict[str, Any]:
    """The TrainingArguments that batch similar lengths together (transformers 5.2x spelling).

    Behind :func:`training_args` (``group_by_length=True``).
    """
    return {"train_sampling_strategy": "group_by_length"}


def step_cap() -> int | None:
    """The optimizer-step cap of ``$COURSE_MAX_STEPS`` (None when unset).

    ``make rehearsal`` sets it so that every lesson runs its full-profile data handling against
    the hub mirror while each training run stops after a few steps.
    """
    raw = os.environ.get(MAX_STEPS_ENV, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(
            f"{MAX_STEPS_ENV}={raw!r}: give a whole number of steps >= 1, or unset it."
        )
    return int(raw)


def training_args(
    profile: Profile,  # decides precision (bf16/fp16/fp32)
    output_dir: str | Path,  # checkpoints go here (git-ignored runs/ folder in lessons)
    *,
    learning_rate: float = 3e-5,  # 2e-5..5e-5 is the usual range for encoders
    epochs: float = 3,
    batch_size: int = 16,
    metric_for_best_model: str = "f1",  # a key returned by compute_metrics (no "eval_" prefix)
    greater_is_better: bool = True,
    warmup: float = 0.1,  # a float < 1 is a share of the training steps in transformers v5
    weight_decay: float = 0.01,
    seed: int = 42,
    group_by_length: bool = True,  # batch similar lengths together: less padding (lesson 07)
    **overrides: Any,  # any other TrainingArguments field, e.g. gradient_accumulation_steps=2
) -> Any:
    """TrainingArguments that evaluate every epoch and keep the best checkpoint.

    The best model (by ``metric_for_best_model`` on validation) is reloaded at the end, only one
    checkpoint is kept on disk, nothing is reported to external trackers, and mixed precision
    follows the profile. Batches group texts of similar length unless ``group_by_length=False``.
    With ``COURSE_MAX_STEPS`` set, training stops after that many optimizer steps.
    Taught in: lessons/01_binary_sentiment.ipynb.
    """
    from transformers import TrainingArguments

    kwargs: dict[str, Any] = {
        "output_dir": str(output_dir),
        "learning_rate": learning_rate,
        "num_train_epochs": epochs,
        "per_device_train_batch_size": batch_size,
        "per_device_eval_batch_size": batch_size * 2,
        "weight_decay": weight_decay,
        "warmup_steps": warmup,
        "eval_strategy": "epoch",
        "save_strategy": "epoch",
        "logging_strategy": "epoch",
        "load_best_model_at_end": True,
        "metric_for_best_model": metric_for_best_model,
        "greater_is_better": greater_is_better,
        "save_total_limit": 1,
        "save_only_model": True,
        "report_to": "none",
        # Keep the Trainer's progress bars: transformers turns them off whenever its log level is
        # above WARNING, which lesson.quiet_logs() sets to keep the logs quiet.
        "disable_tqdm": False,
        "seed": seed,
        "data_seed": seed,
        "bf16": profile.precision == "bf16",
        "fp16": profile.precision == "fp16",
    }
    if group_by_length:
        kwargs.update(length_grouping_kwargs())
    kwargs.update(overrides)
    cap = step_cap()
    if cap is not None:
        requested = kwargs.get("max_steps", -1)  # -1: no cap of its own
        kwargs["max_steps"] = cap if requested <= 0 else min(cap, requested)
    unknown = sorted(set(kwargs) - _argument_names())
    if unknown:
        raise TypeError(
            f"TrainingArguments of this transformers version has no {unknown}. "
            "This course targets transformers 5.2x (see README, 'Tested versions')."
        )
    return TrainingArguments(**kwargs)


def early_stopping(patience: int = 1) -> Any:
    """Stop when the validation metric has not improved for ``patience`` evaluations."""
    from transformers import EarlyStoppingCallback

    return EarlyStoppingCallback(early_stopping_patience=patience)


@dataclasses.dataclass
class SweepResult:
    """One run of :func:`sweep_learning_rates`."""

    learning_rate: float
    best_metric: float
    best_epoch: float
    epochs_run: float
    seconds: float
    log_history: list[dict[str, Any]]


def _best_epoch(trainer: Any) -> float:
    metric = "eval_" + trainer.args.metric_for_best_model.removeprefix("eval_")
    evals = [log for log in trainer.state.log_history if metric in log]
    best = trainer.state.best_metric
    return next((log["epoch"] for log in evals if log[metric] == best), float("nan"))


def sweep_learning_rates(
    build_trainer: Callable[[float], Any],  # learning rate -> a fresh, seeded Trainer
    learning_rates: Sequence[float] = (5e-5, 3e-5, 2e-5),
) -> tuple[list[SweepResult], Any]:
    """Train once per learning rate; return every run's summary and the best run's trainer.

    "Best" follows each trainer's ``metric_for_best_model`` and ``greater_is_better``. Only the
    best trainer is kept in memory. Taught in: lessons/01_binary_sentiment.ipynb.
    """
    if not learning_rates:
        raise ValueError("learning_rates is empty: give at least one value to try.")
    results: list[SweepResult] = []
    best_trainer: Any = None
    for lr in learning_rates:
        trainer = build_trainer(lr)
        start = time.perf_counter()
        trainer.train()
        result = SweepResult(
            learning_rate=lr,
            best_metric=float(trainer.state.best_metric),
            best_epoch=_best_epoch(trainer),
            epochs_run=float(trainer.state.epoch),
            seconds=time.perf_counter() - start,
            log_history=list(trainer.state.log_history),
        )
        results.append(result)
        sign = 1.0 if trainer.args.greater_is_better else -1.0
        if best_trainer is None or sign * result.best_metric > max(
            sign * r.best_metric for r in results[:-1]
        ):
            best_trainer = trainer
    return results, best_trainer


def predict_in_order(trainer: Any, dataset: Any, **kwargs: Any) -> Any:
    """``trainer.predict(dataset)`` with the predictions in the row order of ``dataset``.

    In transformers 5.2x, ``train_sampling_strategy="group_by_length"`` (set by
    :func:`training_args`) also groups the *evaluation* batches by length, with a random
    order. Metrics stay right (the labels are reordered the same way), but
    ``trainer.predict(ds).predictions[i]`` is then **not** the prediction for ``ds[i]``:
    anything lined up with texts or extra columns (error tables, slices) would be wrong.
    This predicts the rows sorted by length, longest first (the least padding: 3.4x the
    texts/s of dataset order on 2 CPU cores, ``benchmarks/bench_evaluation_order.py``), with
    length grouping switched off for the call, and puts every row back in dataset order.
    A dataset without ``input_ids`` or ``length`` is predicted in its own order.
    Taught in: lessons/06_evaluation_error_analysis.ipynb.

    Args:
        trainer: a ``transformers.Trainer``.
        dataset: the tokenized split to predict.
        **kwargs: passed on to ``trainer.predict`` (e.g. ``metric_key_prefix``).

    Returns:
        the ``PredictionOutput`` (predictions, label_ids, metrics), rows in dataset order.
    """
    import numpy as np
    from transformers.trainer_utils import PredictionOutput

    from course_lib.tokenization import sequence_lengths

    names = getattr(dataset, "column_names", None) or []
    order = None
    if "input_ids" in names or "length" in names:
        order = np.argsort(-sequence_lengths(dataset), kind="stable")
    args = trainer.args
    saved = {}
    if getattr(args, "train_sampling_strategy", None) == "group_by_length":
        saved["train_sampling_strategy"] = "group_by_length"
        args.train_sampling_strategy = "random"  # eval sampler falls back to sequential
    try:
        if order is None:
            return trainer.predict(dataset, **kwargs)
        output = trainer.predict(dataset.select(order), **kwargs)
    finally:
        for name, value in saved.items():
            setattr(args, name, value)
    back = np.empty_like(order)
    back[order] = np.arange(len(order))  # row i of dataset sits at position back[i]
    return PredictionOutput(
        predictions=_rows_at(output.predictions, back),
        label_ids=_rows_at(output.label_ids, back),
        metrics=output.metrics,
    )


def _rows_at(values: Any, positions: Any) -> Any:
    """``values[positions]`` for an array, or for each array of a (nested) tuple; None stays."""
    if values is None:
        return None
    if isinstance(values, tuple | list):
        return type(values)(_rows_at(v, positions) for v in values)
    return values[positions]


def learning_rate_schedule(args: Any, num_training_steps: int) -> list[float]:
    """The learning rate of every optimizer step that ``args`` asks the Trainer for.

    Rebuilds the Trainer's scheduler (``args.lr_scheduler_type``, warmup from ``args.warmup_steps``,
    which in transformers v5 is a share of the steps when below 1) on a throwaway optimizer, so
    nothing is trained. Pass ``trainer.state.max_steps`` for the steps a finished run planned.
    Taught in: lessons/01_binary_sentiment.ipynb (warmup, then linear decay).
    """
    import torch
    from transformers import get_scheduler

    if num_training_steps < 1:
        raise ValueError(f"num_training_steps={num_training_steps}: a schedule needs >= 1 step.")
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=args.learning_rate)
    scheduler = get_scheduler(
        args.lr_scheduler_type,
        optimizer,
        num_warmup_steps=args.get_warmup_steps(num_training_steps),
        num_training_steps=num_training_steps,
    )
    rates = []
    for _ in range(num_training_steps):
        rates.append(float(optimizer.param_groups[0]["lr"]))
        optimizer.step()
        scheduler.step()
    return rates
