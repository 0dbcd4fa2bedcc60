"""Timing real optimizer steps: one setup (:func:`measure_throughput`) or several in turns."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import torch
from torch import nn

from course_lib._validation import check_choice, check_positive_int
from course_lib.efficiency._devices import (
    MB,
    count_saved_bytes,
    is_oom,
    optimizer_bytes,
    resolve_device,
    sync,
    trim_memory,
)
from course_lib.efficiency.padding import padded_token_fraction

PRECISIONS = ("fp32", "bf16", "fp16")
OPTIMIZERS = ("adamw_torch", "adamw_torch_fused")
DTYPES = {"bf16": torch.bfloat16, "fp16": torch.float16}


@dataclass
class Setup:
    """One training configuration to time: a model (trained in place!) and its batches.

    Attributes:
        name: label for tables and plots.
        model: a model whose forward returns ``.loss`` when given labels; its weights change.
        batches: collated batches; the timed steps visit a size-stratified sample of them (see
            :func:`measure_throughput`).
        precision: "fp32", "bf16" or "fp16" (autocast; fp16 adds a gradient scaler).
        optim: "adamw_torch" (PyTorch's default AdamW) or "adamw_torch_fused" (one fused kernel).
        learning_rate: only matters for the weights, not for speed.
        accumulation_steps: micro-batches per optimizer step (gradient accumulation).
    """

    name: str
    model: nn.Module
    batches: Sequence[Mapping[str, torch.Tensor]]
    precision: str = "fp32"
    optim: str = "adamw_torch"
    learning_rate: float = 2e-5
    accumulation_steps: int = 1

    def __post_init__(self) -> None:
        check_choice(self.precision, "precision", PRECISIONS)
        check_choice(self.optim, "optim", OPTIMIZERS)
        check_positive_int(self.accumulation_steps, "accumulation_steps")
        if not isinstance(self.model, nn.Module):
            raise TypeError(f"model must be a torch.nn.Module, got {type(self.model).__name__}.")
        if len(self.batches) == 0:
            raise ValueError(f"setup {self.name!r} has no batches.")


@dataclass
class ThroughputResult:
    """What :func:`measure_throughput` / :func:`compare_throughput` found for one setup.

    Attributes:
        samples_per_second: training examples per second over the timed steps.
        padded_fraction: share of padding positions in all of the setup's batches (an epoch's
            worth, when built by :func:`make_batches`), not only in the timed sample.
        peak_memory_mb: CUDA: measured peak of the allocator for this setup. Elsewhere an estimate:
            weights + gradients + optimizer state + tensors saved for backward on the largest batch.
        memory_source: "cuda allocator" or "estimate".
        oom: True when the largest batch did not fit in GPU memory (nothing was timed).
    """

    name: str
    batch_size: int
    precision: str
    steps: int
    samples: int
    seconds: float
    samples_per_second: float
    padded_fraction: float
    peak_memory_mb: float
    memory_source: str
    oom: bool = False

    def as_row(self) -> dict[str, Any]:
        return {
            "setup": self.name,
            "batch_size": self.batch_size,
            "precision": self.precision,
            "samples_per_s": self.samples_per_second,
            "padded_fraction": self.padded_fraction,
            "peak_memory_mb": self.peak_memory_mb,
            "memory_source": self.memory_source,
            "steps": self.steps,
            "seconds": self.seconds,
            "oom": self.oom,
        }


def _batch_size_of(batch: Mapping[str, torch.Tensor]) -> int:
    return int(batch["input_ids"].shape[0])


def _schedule(sizes: Sequence[int], steps: int) -> list[int]:
    """Which batches the timed steps visit: all of them (cycling), or a size-stratified sample.

    Grouped batches range from a few long ones to many short ones, so timing the first few (or
    an evenly spaced handful) can badly over- or under-weight the long ones. With fewer steps
    than batches we sort the batches by size (``sizes``: positions per batch) and take the one
    at the middle of each of ``steps`` equal slices, then visit them in epoch order: every
    part of the size distribution is represented in proportion.
    """
    n_batches = len(sizes)
    if steps >= n_batches:
        return [i % n_batches for i in range(steps)]
    by_size = np.argsort(np.asarray(sizes), kind="stable")
    picks = [int(by_size[int((i + 0.5) * n_batches / steps)]) for i in range(steps)]
    return sorted(picks)


class _Runner:
    """Runs optimizer steps for one :class:`Setup` and keeps its timings."""

    def __init__(
        self,
        setup: Setup,
        device: torch.device,
        steps: int,
        optimizers: dict[tuple[int, str, float], torch.optim.Optimizer] | None = None,
    ) -> None:
        self.setup = setup
        # Setups that share one model also share one optimizer per optimizer kind: the values
        # of the weights do not change the speed, and a second copy would only cost memory.
        self.optimizers = {} if optimizers is None else optimizers
        self.preexisting_bytes = 0
        self.device = device
        self.model: nn.Module | None = None
        self.optimizer: torch.optim.Optimizer | None = None
        self.scaler: Any = None
        micro = steps * setup.accumulation_steps
        self.order = _schedule([b["input_ids"].numel() for b in setup.batches], micro)
        self.position = 0
        self.seconds = 0.0
        self.samples = 0
        self.steps = 0
        self.peak_memory_mb = float("nan")
        self.oom = False

    # -- setup --------------------------------------------------------------------------
    def prepare(self) -> None:
        s = self.setup
        already_here = all(p.device == self.device for p in s.model.parameters())
        model = s.model.to(self.device)
        model.train()
        params = [p for p in model.parameters() if p.requires_grad]
        if not params:
            raise ValueError(f"setup {s.name!r}: the model has no trainable parameters.")
        key = (id(model), s.optim, float(s.learning_rate))
        shared = self.optimizers.get(key)
        if shared is None:
            fused = s.optim == "adamw_torch_fused"
            shared = torch.optim.AdamW(
                params, lr=s.learning_rate, weight_decay=0.01, fused=True if fused else None
            )
            self.optimizers[key] = shared
        self.optimizer = shared
        # Bytes this setup needs that were resident before its warm-up (shared with others).
        self.preexisting_bytes = optimizer_bytes(shared)
        if already_here:
            self.preexisting_bytes += sum(p.numel() * p.element_size() for p in model.parameters())
        if s.precision == "fp16":
            self.scaler = torch.amp.GradScaler(self.device.type)
        self.model = model
        self.params = params

    def _step(self, batches: Sequence[Mapping[str, torch.Tensor]]) -> int:
        """One optimizer step over ``batches`` (its micro-batches); returns the examples seen."""
        assert self.model is not None and self.optimizer is not None
        s = self.setup
        seen = 0
        dtype = DTYPES.get(s.precision)
        for batch in batches:
            inputs = {k: v.to(self.device, non_blocking=True) for k, v in batch.items()}
            if "label" in inputs:
                inputs["labels"] = inputs.pop("label")
            with torch.autocast(self.device.type, dtype=dtype, enabled=dtype is not None):
                loss = self.model(**inputs).loss / s.accumulation_steps
            if self.scaler is not None:
                self.scaler.scale(loss).backward()
            else:
                loss.backward()
            seen += _batch_size_of(batch)
        if self.scaler is not None:
            self.scaler.unscale_(self.optimizer)
        torch.nn.utils.clip_grad_norm_(self.params, 1.0)
        if self.scaler is not None:
            self.scaler.step(self.optimizer)
            self.scaler.update()
        else:
            self.optimizer.step()
        self.optimizer.zero_grad(set_to_none=True)
        return seen

    def _largest(self) -> list[Mapping[str, torch.Tensor]]:
        batches = self.setup.batches
        biggest = max(range(len(batches)), key=lambda i: batches[i]["input_ids"].numel())
        return [batches[biggest]] * self.setup.accumulation_steps

    def _static_bytes(self) -> int:
        """Bytes of weights, gradients (trainable weights) and optimizer state."""
        assert self.model is not None and self.optimizer is not None
        total = sum(p.numel() * p.element_size() for p in self.model.parameters())
        total += sum(p.numel() * p.element_size() for p in self.params)  # one gradient each
        return total + optimizer_bytes(self.optimizer)

    def warm_up(self, warmup: int) -> None:
        """Untimed steps on the largest batch: catches OOM early and measures peak memory."""
        cuda = self.device.type == "cuda"
        baseline = torch.cuda.memory_allocated(self.device) if cuda else 0
        if cuda:
            torch.cuda.reset_peak_memory_stats(self.device)
        try:
            self.prepare()
            largest = self._largest()
            for _ in range(max(0, warmup - 1)):
                self._step(largest)
            if cuda:
                self._step(largest)
                sync(self.device)
                peak = torch.cuda.max_memory_allocated(self.device) - baseline
                self.peak_memory_mb = (peak + self.preexisting_bytes) / MB
            else:
                saved = count_saved_bytes(lambda: self._step(largest), exclude=self.model)
                self.peak_memory_mb = (self._static_bytes() + saved) / MB
        except (RuntimeError, MemoryError) as err:
            if not (cuda and is_oom(err)):
                raise
            self.oom = True
            self.release()

    def run(self, steps: int) -> None:
        """Time ``steps`` optimizer steps on the next batches of the schedule."""
        if self.oom:
            return
        acc = self.setup.accumulation_steps
        sync(self.device)
        start = time.perf_counter()
        seen = 0
        for _ in range(steps):
            picks = self.order[self.position : self.position + acc]
            self.position += acc
            seen += self._step([self.setup.batches[i] for i in picks])
        sync(self.device)
        self.seconds += time.perf_counter() - start
        self.samples += seen
        self.steps += steps

    def release(self) -> None:
        """Drop optimizer state and give GPU memory back (the model stays where it is)."""
        self.optimizer = None
        self.scaler = None
        if self.model is not None:
            self.model.zero_grad(set_to_none=True)
        if self.device.type == "cuda":
            if self.model is not None:
                self.model.to("cpu")
            torch.cuda.empty_cache()

    def result(self) -> ThroughputResult:
        s = self.setup
        sps = self.samples / self.seconds if self.seconds > 0 else float("nan")
        return ThroughputResult(
            name=s.name,
            batch_size=_batch_size_of(s.batches[0]) * s.accumulation_steps,
            precision=s.precision,
            steps=self.steps,
            samples=self.samples,
            seconds=self.seconds,
            samples_per_second=float("nan") if self.oom else sps,
            padded_fraction=padded_token_fraction(s.batches),
            peak_memory_mb=self.peak_memory_mb,
            memory_source="cuda allocator" if self.device.type == "cuda" else "estimate",
            oom=self.oom,
        )


def compare_throughput(
    setups: Sequence[Setup],
    *,
    steps: int = 20,  # timed optimizer steps per setup
    warmup: int = 2,  # untimed steps per setup (on its largest batch)
    block: int = 5,  # steps per turn; turns alternate A B B A ... to cancel drift
    device: str | torch.device | None = None,  # None/"auto": cuda > mps > cpu
) -> pd.DataFrame:
    """Time several setups in alternating blocks and return one row per setup.

    Background load on a shared machine then slows every setup alike, so the ratio column
    (``speedup`` = samples/s relative to the first setup) is trustworthy even when absolute
    numbers are not. Each model is trained in place: pass copies if you need the originals.
    Setups may share one model (the weights' values do not change the speed); those with the
    same optimizer kind and learning rate then also share one optimizer, which saves memory,
    and their peak memory still counts the shared weights and optimizer state.
    Taught in: lessons/07_efficient_finetuning.ipynb.

    Returns:
        DataFrame with setup, batch_size, precision, samples_per_s, padded_fraction,
        peak_memory_mb, memory_source, steps, seconds, oom, speedup.
    """
    if not setups:
        raise ValueError("setups is empty: give at least one Setup.")
    names = [s.name for s in setups]
    if len(set(names)) != len(names):
        raise ValueError(f"setup names must be unique, got {names}.")
    check_positive_int(steps, "steps")
    check_positive_int(warmup, "warmup", minimum=1)
    check_positive_int(block, "block")
    dev = resolve_device(device)
    optimizers: dict[tuple[int, str, float], torch.optim.Optimizer] = {}
    runners = [_Runner(s, dev, steps, optimizers) for s in setups]
    for runner in runners:
        runner.warm_up(warmup)
    done = 0
    turn = 0
    while done < steps:
        n = min(block, steps - done)
        order = runners if turn % 2 == 0 else runners[::-1]
        for runner in order:
            runner.run(n)
        done += n
        turn += 1
    rows = [r.result().as_row() for r in runners]
    for runner in runners:
        runner.release()
    del runners
    if dev.type == "cpu":
        trim_memory()
    table = pd.DataFrame(rows)
    table["speedup"] = table["samples_per_s"] / table["samples_per_s"].iloc[0]
    return table


def measure_throughput(
    model: nn.Module,  # trained in place: pass a copy to keep the original
    batches: Sequence[Mapping[str, torch.Tensor]],
    *,
    steps: int = 20,
    warmup: int = 2,
    precision: str = "fp32",
    optim: str = "adamw_torch",
    learning_rate: float = 2e-5,
    accumulation_steps: int = 1,
    device: str | torch.device | None = None,
    name: str = "run",
) -> ThroughputResult:
    """Samples per second of ``steps`` real optimizer steps on ``batches``.

    When there are more batches than steps, the timed steps visit a sample of the batches
    stratified by size (representative for length-grouped batches); with fewer, they cycle
    through them. Warm-up
    steps run first on the largest batch: an out-of-memory error shows up before any timing
    (then ``oom=True``), and the peak memory is read there. Behind
    :func:`course_lib.efficiency.recipe.pick_recipe`.
    """
    setup = Setup(name, model, batches, precision, optim, learning_rate, accumulation_steps)
    dev = resolve_device(device)
    runner = _Runner(setup, dev, steps)
    check_positive_int(steps, "steps")
    check_positive_int(warmup, "warmup", minimum=1)
    runner.warm_up(warmup)
    runner.run(steps)
    result = runner.result()
    runner.release()
    del runner
    if dev.type == "cpu":
        trim_memory()
    return result
