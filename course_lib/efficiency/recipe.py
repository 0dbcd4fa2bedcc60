"""Choosing batch size, precision and padding for this machine by measuring them."""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import torch
from torch import nn

from course_lib._validation import check_choice, check_positive_int
from course_lib.efficiency._devices import resolve_device
from course_lib.efficiency.learning_rate import LR_RULES, scale_learning_rate
from course_lib.efficiency.padding import PADDINGS, make_batches
from course_lib.efficiency.throughput import PRECISIONS, measure_throughput
from course_lib.profiles import Profile, pick_precision

# Devices where torch.optim.AdamW(fused=True) exists (CPU since torch 2.4); transformers v5 makes
# "adamw_torch_fused" its default optimizer there.
FUSED_DEVICES = ("cuda", "cpu")


@dataclass(frozen=True)
class Recipe:
    """Training settings chosen by :func:`pick_recipe` on the machine at hand.

    Attributes:
        batch_size: per-device training batch size.
        precision: "fp32", "bf16" or "fp16".
        padding: "grouped" (dynamic padding + length grouping), "dynamic" or "max_length".
        learning_rate: ``base_learning_rate`` scaled to ``batch_size`` by the chosen rule.
        optim: Trainer optimizer name ("adamw_torch_fused" on CUDA and CPU).
        max_length: truncation length the measurements used (None: the tokenizer's).
        device: where it was measured.
        samples_per_second: the winner's measured throughput.
        measurements: every candidate that was tried, with its status.
    """

    batch_size: int
    precision: str
    padding: str
    learning_rate: float
    optim: str
    max_length: int | None
    device: str
    samples_per_second: float
    measurements: pd.DataFrame = field(compare=False, repr=False)

    @property
    def group_by_length(self) -> bool:
        return self.padding == "grouped"

    @property
    def dynamic_padding(self) -> bool:
        return self.padding != "max_length"

    def training_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for :func:`course_lib.training_settings.training_args`.

        Example: ``training_args(profile, out_dir, epochs=2, **recipe.training_kwargs())``.
        """
        return {
            "batch_size": self.batch_size,
            "learning_rate": self.learning_rate,
            "group_by_length": self.group_by_length,
            "bf16": self.precision == "bf16",
            "fp16": self.precision == "fp16",
            "optim": self.optim,
        }

    def data_collator(self, tokenizer: Any) -> Any:
        """The collator that matches ``padding`` (per batch, or to ``max_length``)."""
        from transformers import DataCollatorWithPadding

        if self.dynamic_padding:
            return DataCollatorWithPadding(tokenizer)
        return DataCollatorWithPadding(tokenizer, padding="max_length", max_length=self.max_length)

    def __str__(self) -> str:
        padding = {"grouped": "dynamic padding + length grouping", "dynamic": "dynamic padding"}
        return (
            f"Recipe on {self.device}: batch {self.batch_size}, {self.precision}, "
            f"{padding.get(self.padding, 'pad to max_length')}, lr {self.learning_rate:.2g}, "
            f"{self.optim} ({self.samples_per_second:,.0f} samples/s measured)"
        )


def _default_precisions(device: torch.device) -> tuple[str, ...]:
    if device.type != "cuda":
        return ("fp32",)
    mixed = pick_precision("cuda")  # by compute capability: fp32 alone on pre-Volta GPUs
    # both are measured, because autocast costs extra kernels on tiny models
    return ("fp32",) if mixed == "fp32" else (mixed, "fp32")


def pick_recipe(
    profile: Profile | str | None,  # a Profile, a device string ("cpu", "cuda") or None (auto)
    model: nn.Module,  # not modified: each candidate trains a copy for a few steps
    dataset: Any,  # tokenized, unpadded training split (input_ids, attention_mask, label)
    tokenizer: Any,
    *,
    candidate_batch_sizes: Sequence[int] = (16, 32, 64, 128, 256),
    precisions: Sequence[str] | None = None,  # None: fp32 on CPU; (bf16|fp16, fp32) on CUDA
    paddings: Sequence[str] = ("grouped",),
    max_length: int | None = None,  # needed only if "max_length" is among paddings
    steps: int = 8,  # timed steps per candidate
    warmup: int = 1,
    base_learning_rate: float = 2e-5,  # a learning rate known to work at base_batch_size
    base_batch_size: int = 16,
    lr_rule: str = "sqrt",
    epochs: float | None = None,  # with min_updates: skip batches that leave too few steps
    min_updates: int | None = None,
    train_size: int | None = None,  # examples per epoch of the real run (default: len(dataset))
    min_gain: float = 0.05,  # a bigger batch must be this much faster to be worth it
    memory_limit_mb: float | None = None,  # skip candidates whose peak memory exceeds this
    seed: int = 42,
) -> Recipe:
    """Measure a few training steps per candidate and return the fastest settings that fit.

    For every precision and padding strategy, batch sizes are tried from small to large. The
    search stops growing the batch at the first out-of-memory error (CUDA), the first
    candidate over ``memory_limit_mb``, or once a larger batch is not at least ``min_gain``
    faster (larger batches also mean fewer, noisier-to-tune updates, so they must earn their
    place). Batch sizes that leave fewer than ``min_updates`` optimizer steps over ``epochs``
    epochs (of ``train_size`` examples, when the real training set differs from the measured
    sample) are skipped. The winner is the smallest batch within ``min_gain`` of the fastest
    candidate; its learning rate is scaled from ``base_learning_rate`` by ``lr_rule``.

    On a CPU this lands on dynamic padding with length grouping and a modest batch; on a fast
    GPU with a small encoder it finds large batches, where the fixed per-step cost is shared by
    more examples. Taught in: lessons/07_efficient_finetuning.ipynb.
    """
    if isinstance(profile, Profile):
        device = torch.device(profile.device)
    else:
        device = resolve_device(profile)
    sizes = sorted({int(b) for b in candidate_batch_sizes})
    if not sizes or sizes[0] < 1:
        raise ValueError(f"candidate_batch_sizes must be positive integers, got {sizes}.")
    chosen_precisions = tuple(precisions) if precisions else _default_precisions(device)
    for p in chosen_precisions:
        check_choice(p, "precision", PRECISIONS)
    if not paddings:
        raise ValueError("paddings is empty: try at least one of " + ", ".join(PADDINGS))
    for p in paddings:
        check_choice(p, "padding", PADDINGS)
    check_choice(lr_rule, "lr_rule", LR_RULES)
    if (min_updates is None) != (epochs is None):
        raise ValueError("pass epochs and min_updates together (or neither).")
    n_rows = len(dataset)
    if n_rows == 0:
        raise ValueError("dataset is empty.")
    if train_size is not None:
        check_positive_int(train_size, "train_size")
    epoch_size = n_rows if train_size is None else int(train_size)
    optim = "adamw_torch_fused" if device.type in FUSED_DEVICES else "adamw_torch"

    rows: list[dict[str, Any]] = []
    for precision in chosen_precisions:
        for padding in paddings:
            best_so_far = 0.0
            for bs in sizes:
                row: dict[str, Any] = {"precision": precision, "padding": padding, "batch_size": bs}
                updates = math.ceil(epoch_size / bs) * (epochs or 1)
                row["updates"] = updates
                if bs > min(n_rows, epoch_size):
                    rows.append({**row, "status": "larger than the dataset"})
                    continue
                if min_updates is not None and updates < min_updates:
                    rows.append({**row, "status": f"fewer than {min_updates} updates"})
                    continue
                batches = make_batches(
                    dataset, tokenizer, bs, padding, max_length=max_length, seed=seed
                )
                result = measure_throughput(
                    copy.deepcopy(model),
                    batches,
                    steps=steps,
                    warmup=warmup,
                    precision=precision,
                    optim=optim,
                    device=device,
                    name=f"{precision}/{padding}/{bs}",
                )
                row.update(
                    samples_per_s=result.samples_per_second,
                    padded_fraction=result.padded_fraction,
                    peak_memory_mb=result.peak_memory_mb,
                )
                if result.oom:
                    rows.append({**row, "status": "out of memory"})
                    break
                if memory_limit_mb is not None and result.peak_memory_mb > memory_limit_mb:
                    rows.append({**row, "status": f"over {memory_limit_mb:.0f} MB"})
                    break
                rows.append({**row, "status": "ok"})
                sps = result.samples_per_second
                if best_so_far and sps < best_so_far * (1 + min_gain):
                    break  # saturated: bigger batches stopped paying
                best_so_far = max(best_so_far, sps)
    table = pd.DataFrame(rows)
    ok = table[table["status"] == "ok"] if "status" in table else table.iloc[0:0]
    if ok.empty:
        raise ValueError(
            "no candidate could be measured: "
            + "; ".join(f"batch {r['batch_size']}: {r['status']}" for r in rows)
            + ". Try smaller candidate_batch_sizes or a lower min_updates."
        )
    fastest = float(ok["samples_per_s"].max())
    good = ok[ok["samples_per_s"] >= fastest * (1 - min_gain)]
    winner = good.sort_values(["batch_size", "samples_per_s"], ascending=[True, False]).iloc[0]
    table["chosen"] = table.index == winner.name
    batch_size = int(winner["batch_size"])
    return Recipe(
        batch_size=batch_size,
        precision=str(winner["precision"]),
        padding=str(winner["padding"]),
        learning_rate=scale_learning_rate(base_learning_rate, base_batch_size, batch_size, lr_rule),
        optim=optim,
        max_length=max_length,
        device=device.type,
        samples_per_second=float(winner["samples_per_s"]),
        measurements=table,
    )
