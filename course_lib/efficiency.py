"""Find where fine-tuning time goes, then choose batch size, precision and padding by measuring.

Taught in: lessons/07_efficient_finetuning.ipynb. Also used by
``benchmarks/bench_training_throughput.py`` and ``python -m course_lib.train --auto-recipe``.

Three ways to form training batches are compared throughout:

* ``"max_length"``: every text padded to one fixed length (``padding="max_length"``, what most
  tutorials do); shuffled order.
* ``"dynamic"``: shuffled order, each batch padded only to its own longest text
  (``DataCollatorWithPadding``).
* ``"grouped"``: dynamic padding plus batches of similar lengths, in exactly the order the
  ``Trainer`` uses with ``train_sampling_strategy="group_by_length"`` (random mega-batches, each
  sorted by length, the longest batch first).

Throughput is measured by running real optimizer steps (forward, backward, gradient clipping,
AdamW) on real batches, not by a formula: which setting wins depends on the hardware. On a CPU
the arithmetic dominates and padding is pure waste; on a fast GPU a small encoder is bound by the
fixed cost of each step, and only larger batches help. On a machine shared with other jobs,
:func:`compare_throughput` runs the setups in alternating blocks, so background load slows all of
them alike and their *ratio* stays meaningful even when the absolute numbers wander.
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import torch
from torch import nn

from course_lib._validation import column_values
from course_lib.profiles import Profile, pick_precision

__all__ = [
    "LR_RULES",
    "PADDINGS",
    "PRECISIONS",
    "Recipe",
    "Setup",
    "ThroughputResult",
    "batch_order",
    "compare_throughput",
    "count_parameters",
    "epoch_timer",
    "freeze_encoder",
    "make_batches",
    "measure_inference",
    "measure_throughput",
    "padded_token_fraction",
    "pick_recipe",
    "scale_learning_rate",
    "sequence_lengths",
]

PADDINGS = ("max_length", "dynamic", "grouped")
PRECISIONS = ("fp32", "bf16", "fp16")
LR_RULES = ("sqrt", "linear", "none")
OPTIMIZERS = ("adamw_torch", "adamw_torch_fused")
_DTYPES = {"bf16": torch.bfloat16, "fp16": torch.float16}
_MB = 1024.0**2
# Devices where torch.optim.AdamW(fused=True) exists (CPU since torch 2.4); transformers v5 makes
# "adamw_torch_fused" its default optimizer there.
_FUSED_DEVICES = ("cuda", "cpu")


def _check_choice(value: Any, name: str, choices: Sequence[str]) -> None:
    if value not in choices:
        raise ValueError(f"{name}={value!r}; choose one of {list(choices)}.")


def _check_positive_int(value: Any, name: str, minimum: int = 1) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}.")


# ----------------------------------------------------------------------------- padding


def padded_token_fraction(batches: Iterable[Mapping[str, Any]]) -> float:
    """Share of all token positions in ``batches`` that are padding (``attention_mask == 0``).

    A value of 0.75 means three quarters of the positions the model computes on carry no text.
    Taught in: lessons/07_efficient_finetuning.ipynb.

    Args:
        batches: collated batches, each with an ``attention_mask`` (tensor, array or nested lists
            of equal length).

    Raises:
        ValueError: when there is no batch, or a batch has no ``attention_mask``.
    """
    total = 0
    real = 0
    count = 0
    for i, batch in enumerate(batches):
        if not isinstance(batch, Mapping) or "attention_mask" not in batch:
            raise ValueError(
                f"batch {i} has no 'attention_mask'; pass collated batches (dicts from a data "
                "collator), not raw texts."
            )
        mask = batch["attention_mask"]
        mask = mask.detach().cpu().numpy() if torch.is_tensor(mask) else np.asarray(mask)
        if mask.ndim != 2:
            raise ValueError(
                f"batch {i}: attention_mask must be 2-D (examples x positions), got {mask.shape}; "
                "was the batch padded?"
            )
        total += mask.size
        real += int(mask.sum())
        count += 1
    if count == 0:
        raise ValueError("batches is empty: nothing to measure.")
    return 1.0 - real / total if total else 0.0


def sequence_lengths(dataset: Any, column: str = "input_ids") -> np.ndarray:
    """Token count of every example of a tokenized (unpadded) dataset.

    Uses a ``length`` column when there is one (``tokenizer(..., return_length=True)`` adds it,
    and the Trainer's length-grouping sampler reads it instead of scanning the data).
    """
    names = getattr(dataset, "column_names", None)
    if names is None:
        raise TypeError(f"dataset must be a datasets.Dataset, got {type(dataset).__name__}.")
    if "length" in names:
        return np.asarray(column_values(dataset["length"]), dtype=np.int64)
    if column not in names:
        raise ValueError(f"dataset has no {column!r} column (columns: {names}); tokenize it first.")
    rows = column_values(dataset[column])
    return np.fromiter((len(ids) for ids in rows), dtype=np.int64, count=len(dataset))


def batch_order(
    lengths: Sequence[int] | np.ndarray,  # tokens per example
    batch_size: int,
    padding: str = "grouped",  # "grouped" sorts mega-batches by length like the Trainer
    seed: int = 42,
    epoch: int = 0,  # a different shuffle per epoch, reproducible
) -> list[list[int]]:
    """Indices of one epoch split into batches, in the order the Trainer would visit them.

    ``"max_length"`` and ``"dynamic"`` shuffle (a random sampler); ``"grouped"`` uses
    transformers' ``get_length_grouped_indices``, the order behind
    ``train_sampling_strategy="group_by_length"``. Taught in: lessons/07_efficient_finetuning.ipynb.
    """
    from transformers.trainer_pt_utils import get_length_grouped_indices

    _check_choice(padding, "padding", PADDINGS)
    _check_positive_int(batch_size, "batch_size")
    lengths = [int(n) for n in lengths]
    if not lengths:
        raise ValueError("lengths is empty: the dataset has no examples.")
    generator = torch.Generator().manual_seed(int(seed) + int(epoch))
    if padding == "grouped":
        indices = get_length_grouped_indices(lengths, batch_size, generator=generator)
    else:
        indices = torch.randperm(len(lengths), generator=generator).tolist()
    return [indices[i : i + batch_size] for i in range(0, len(indices), batch_size)]


def make_batches(
    dataset: Any,  # tokenized WITHOUT padding: input_ids, attention_mask, label(s)
    tokenizer: Any,
    batch_size: int,
    padding: str = "grouped",
    max_length: int | None = None,  # required for padding="max_length"
    seed: int = 42,
    num_batches: int | None = None,  # None: one epoch; more: further reshuffled epochs
) -> list[dict[str, torch.Tensor]]:
    """Collate ``dataset`` into the batches one of the three padding strategies produces.

    Texts must already be truncated at tokenization; with ``padding="max_length"`` every batch
    is padded to ``max_length`` (the seeds' recipe), otherwise to its longest text.
    Taught in: lessons/07_efficient_finetuning.ipynb.
    """
    from transformers import DataCollatorWithPadding

    _check_choice(padding, "padding", PADDINGS)
    lengths = sequence_lengths(dataset)
    if padding == "max_length":
        if max_length is None:
            raise ValueError('padding="max_length" needs max_length (e.g. 128).')
        if int(lengths.max()) > max_length:
            raise ValueError(
                f"an example has {int(lengths.max())} tokens > max_length={max_length}; tokenize "
                f"with truncation=True, max_length={max_length} first."
            )
        collator = DataCollatorWithPadding(tokenizer, padding="max_length", max_length=max_length)
    else:
        collator = DataCollatorWithPadding(tokenizer)
    keep = [c for c in dataset.column_names if c in _MODEL_COLUMNS]
    columns = dataset.select_columns(keep)[:]  # one read; row by row costs ~0.1 ms a row
    rows = [dict(zip(keep, values, strict=True)) for values in zip(*columns.values(), strict=True)]
    batches: list[dict[str, torch.Tensor]] = []
    epoch = 0
    while True:
        for chunk in batch_order(lengths, batch_size, padding, seed=seed, epoch=epoch):
            batches.append(dict(collator([rows[i] for i in chunk])))
            if num_batches is not None and len(batches) >= num_batches:
                return batches
        epoch += 1
        if num_batches is None:
            return batches


_MODEL_COLUMNS = ("input_ids", "attention_mask", "token_type_ids", "label", "labels", "task_ids")


# ----------------------------------------------------------------------------- learning rate


def scale_learning_rate(
    base_learning_rate: float,  # a rate known to work at base_batch_size
    base_batch_size: int,
    batch_size: int,
    rule: str = "sqrt",  # "sqrt" (common for Adam), "linear" (SGD lore), "none"
) -> float:
    """Learning rate for ``batch_size``, scaled from one that worked at ``base_batch_size``.

    A batch ``k`` times larger averages ``k`` times more examples per step, so gradients are less
    noisy and there are ``k`` times fewer steps per epoch; a larger step size compensates. The
    linear rule (``lr * k``) comes from SGD; for Adam-type optimizers the square-root rule
    (``lr * sqrt(k)``) is the safer default. Taught in: lessons/07_efficient_finetuning.ipynb.
    """
    _check_choice(rule, "rule", LR_RULES)
    if not base_learning_rate > 0:
        raise ValueError(f"base_learning_rate must be > 0, got {base_learning_rate!r}.")
    _check_positive_int(base_batch_size, "base_batch_size")
    _check_positive_int(batch_size, "batch_size")
    ratio = batch_size / base_batch_size
    factor = {"sqrt": math.sqrt(ratio), "linear": ratio, "none": 1.0}[rule]
    return float(base_learning_rate * factor)


# ----------------------------------------------------------------------------- throughput


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
        _check_choice(self.precision, "precision", PRECISIONS)
        _check_choice(self.optim, "optim", OPTIMIZERS)
        _check_positive_int(self.accumulation_steps, "accumulation_steps")
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


def _resolve_device(device: str | torch.device | None) -> torch.device:
    if device is None or str(device) == "auto":
        from course_lib.profiles import detect_device

        return torch.device(detect_device())
    return torch.device(device)


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def _is_oom(err: BaseException) -> bool:
    oom_type = getattr(torch, "OutOfMemoryError", None) or getattr(
        torch.cuda, "OutOfMemoryError", RuntimeError
    )
    return isinstance(err, oom_type) or "out of memory" in str(err).lower()


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
        self.preexisting_bytes = _optimizer_bytes(shared)
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
        dtype = _DTYPES.get(s.precision)
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
        return total + _optimizer_bytes(self.optimizer)

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
                _sync(self.device)
                peak = torch.cuda.max_memory_allocated(self.device) - baseline
                self.peak_memory_mb = (peak + self.preexisting_bytes) / _MB
            else:
                saved = _count_saved_bytes(lambda: self._step(largest), exclude=self.model)
                self.peak_memory_mb = (self._static_bytes() + saved) / _MB
        except (RuntimeError, MemoryError) as err:
            if not (cuda and _is_oom(err)):
                raise
            self.oom = True
            self.release()

    def run(self, steps: int) -> None:
        """Time ``steps`` optimizer steps on the next batches of the schedule."""
        if self.oom:
            return
        acc = self.setup.accumulation_steps
        _sync(self.device)
        start = time.perf_counter()
        seen = 0
        for _ in range(steps):
            picks = self.order[self.position : self.position + acc]
            self.position += acc
            seen += self._step([self.setup.batches[i] for i in picks])
        _sync(self.device)
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


def _optimizer_bytes(optimizer: torch.optim.Optimizer) -> int:
    """Bytes of an optimizer's state tensors (AdamW: two per trainable weight, once stepped)."""
    return sum(
        v.numel() * v.element_size()
        for state in optimizer.state.values()
        for v in state.values()
        if torch.is_tensor(v)
    )


def _trim_memory() -> None:
    """Hand freed heap memory back to the operating system (glibc only; a no-op elsewhere).

    Timing runs allocate and free large activation buffers; glibc keeps freed memory mapped, so
    without this a notebook's resident memory keeps the high-water mark of every measurement.
    """
    import contextlib
    import ctypes
    import gc
    import sys

    gc.collect()
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):  # musl etc. have no malloc_trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _count_saved_bytes(step: Any, exclude: nn.Module | None = None) -> int:
    """Run ``step()`` and return the bytes of distinct tensors autograd saved for backward.

    Storages of ``exclude``'s parameters (weights saved by linear layers) are not counted: they
    are part of the static memory already.
    """
    skip = set()
    if exclude is not None:
        skip = {p.untyped_storage().data_ptr() for p in exclude.parameters()}
    seen: dict[int, int] = {}

    def pack(tensor: torch.Tensor) -> torch.Tensor:
        try:
            storage = tensor.untyped_storage()
            ptr = storage.data_ptr()
            if ptr not in skip:
                seen[ptr] = max(seen.get(ptr, 0), storage.nbytes())
        except (RuntimeError, NotImplementedError):  # e.g. tensors without storage
            pass
        return tensor

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor):
        step()
    return sum(seen.values())


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
    _check_positive_int(steps, "steps")
    _check_positive_int(warmup, "warmup", minimum=1)
    _check_positive_int(block, "block")
    dev = _resolve_device(device)
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
        _trim_memory()
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
    (then ``oom=True``), and the peak memory is read there. Taught in:
    lessons/07_efficient_finetuning.ipynb.
    """
    setup = Setup(name, model, batches, precision, optim, learning_rate, accumulation_steps)
    dev = _resolve_device(device)
    runner = _Runner(setup, dev, steps)
    _check_positive_int(steps, "steps")
    _check_positive_int(warmup, "warmup", minimum=1)
    runner.warm_up(warmup)
    runner.run(steps)
    result = runner.result()
    runner.release()
    del runner
    if dev.type == "cpu":
        _trim_memory()
    return result


# ----------------------------------------------------------------------------- recipe


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
        """Keyword arguments for :func:`course_lib.training.training_args`.

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
        device = _resolve_device(profile)
    sizes = sorted({int(b) for b in candidate_batch_sizes})
    if not sizes or sizes[0] < 1:
        raise ValueError(f"candidate_batch_sizes must be positive integers, got {sizes}.")
    chosen_precisions = tuple(precisions) if precisions else _default_precisions(device)
    for p in chosen_precisions:
        _check_choice(p, "precision", PRECISIONS)
    if not paddings:
        raise ValueError("paddings is empty: try at least one of " + ", ".join(PADDINGS))
    for p in paddings:
        _check_choice(p, "padding", PADDINGS)
    _check_choice(lr_rule, "lr_rule", LR_RULES)
    if (min_updates is None) != (epochs is None):
        raise ValueError("pass epochs and min_updates together (or neither).")
    n_rows = len(dataset)
    if n_rows == 0:
        raise ValueError("dataset is empty.")
    if train_size is not None:
        _check_positive_int(train_size, "train_size")
    epoch_size = n_rows if train_size is None else int(train_size)
    optim = "adamw_torch_fused" if device.type in _FUSED_DEVICES else "adamw_torch"

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


# ----------------------------------------------------------------------------- freezing


def count_parameters(model: nn.Module) -> tuple[int, int]:
    """``(trainable, total)`` parameter counts. Taught in: lessons/07_efficient_finetuning.ipynb."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}.")
    total = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return trainable, total


def _encoder_layers(model: nn.Module) -> Any:
    base = getattr(model, "base_model", model)
    for path in ("encoder.layer", "transformer.layer", "layer"):  # BERT/RoBERTa, DistilBERT
        obj: Any = base
        for name in path.split("."):
            obj = getattr(obj, name, None)
            if obj is None:
                break
        if isinstance(obj, nn.ModuleList):
            return obj
    raise ValueError(
        f"cannot find the transformer layers of {type(model).__name__}; freeze_encoder knows "
        "BERT-, RoBERTa- and DistilBERT-style models."
    )


def freeze_encoder(model: nn.Module, trainable_layers: int = 0) -> tuple[int, int]:
    """Freeze the pretrained encoder except its top ``trainable_layers`` transformer layers.

    ``trainable_layers=0`` trains only the classification head (and the pooler, if the model
    has one); ``k`` also trains the last ``k`` layers; the embeddings stay frozen unless every
    layer is trainable. Returns ``(trainable, total)`` parameter counts. Taught in:
    lessons/07_efficient_finetuning.ipynb.
    """
    layers = _encoder_layers(model)
    if isinstance(trainable_layers, bool) or not 0 <= int(trainable_layers) <= len(layers):
        raise ValueError(
            f"trainable_layers must be between 0 and {len(layers)} (the model's layer count), "
            f"got {trainable_layers!r}."
        )
    base = getattr(model, "base_model", model)
    everything = int(trainable_layers) == len(layers)
    for p in base.parameters():
        p.requires_grad = everything
    for layer in list(layers)[len(layers) - int(trainable_layers) :]:
        for p in layer.parameters():
            p.requires_grad = True
    pooler = getattr(base, "pooler", None)
    if isinstance(pooler, nn.Module):
        for p in pooler.parameters():
            p.requires_grad = True
    base_ids = {id(p) for p in base.parameters()}
    for p in model.parameters():  # the task head lives outside the base model
        if id(p) not in base_ids:
            p.requires_grad = True
    return count_parameters(model)


# ----------------------------------------------------------------------------- serving


def measure_inference(
    predict: Any,  # e.g. a transformers pipeline: predict(texts, batch_size=n)
    texts: Sequence[str],
    batch_sizes: Sequence[int] = (1, 32),
    repeats: int = 2,  # passes over ``texts`` per batch size, alternating between sizes
    warmup: int = 1,
) -> pd.DataFrame:
    """Texts per second and per-call latency of a predictor at several batch sizes.

    Each repeat times one pass over ``texts`` per batch size, alternating between the sizes so
    that background load affects them alike. Latency is the time of one call with
    ``batch_size`` texts (at batch 1: the time a single user waits). Taught in:
    lessons/07_efficient_finetuning.ipynb (serving).
    """
    texts = list(texts)
    if not texts:
        raise ValueError("texts is empty.")
    sizes = [int(b) for b in batch_sizes]
    if not sizes or min(sizes) < 1:
        raise ValueError(f"batch_sizes must be positive integers, got {list(batch_sizes)}.")
    _check_positive_int(repeats, "repeats")
    for _ in range(max(0, warmup)):
        predict(texts[: max(sizes)], batch_size=max(sizes))
    calls: dict[int, list[float]] = {b: [] for b in sizes}
    totals: dict[int, float] = dict.fromkeys(sizes, 0.0)
    with torch.inference_mode():
        for r in range(repeats):
            for b in sizes if r % 2 == 0 else sizes[::-1]:
                for start in range(0, len(texts), b):
                    chunk = texts[start : start + b]
                    began = time.perf_counter()
                    predict(chunk, batch_size=b)
                    spent = time.perf_counter() - began
                    calls[b].append(spent)
                    totals[b] += spent
    rows = []
    for b in sizes:
        latencies = np.asarray(calls[b]) * 1000.0
        rows.append(
            {
                "batch_size": b,
                "texts_per_s": repeats * len(texts) / totals[b],
                "latency_p50_ms": float(np.percentile(latencies, 50)),
                "latency_p95_ms": float(np.percentile(latencies, 95)),
                "calls": len(latencies),
            }
        )
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------- timing callback


def epoch_timer() -> Any:
    """A ``TrainerCallback`` that records the seconds of each training epoch, without evaluation.

    The Trainer's own ``train_runtime`` includes the evaluations and checkpoint saves that run
    between epochs; this callback times only from the start to the end of each epoch's steps.
    Read ``timer.seconds`` (a list, one entry per epoch) after ``trainer.train()``.
    Taught in: lessons/07_efficient_finetuning.ipynb.
    """
    from transformers import TrainerCallback

    class EpochTimer(TrainerCallback):
        def __init__(self) -> None:
            self.seconds: list[float] = []
            self._start: float | None = None

        def on_epoch_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            self._start = time.perf_counter()

        def on_epoch_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            if self._start is not None:
                self.seconds.append(time.perf_counter() - self._start)
                self._start = None

    return EpochTimer()
