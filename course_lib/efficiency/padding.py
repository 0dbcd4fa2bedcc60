"""Padding and batch order: how much of each batch is padding, and batches built three ways.

Taught in: lessons/07_efficient_finetuning.ipynb.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import torch

from course_lib._validation import check_choice, check_positive_int
from course_lib.tokenization import sequence_lengths

PADDINGS = ("max_length", "dynamic", "grouped")


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
    ``train_sampling_strategy="group_by_length"``. Behind :func:`make_batches`.
    """
    from transformers.trainer_pt_utils import get_length_grouped_indices

    check_choice(padding, "padding", PADDINGS)
    check_positive_int(batch_size, "batch_size")
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

    check_choice(padding, "padding", PADDINGS)
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
