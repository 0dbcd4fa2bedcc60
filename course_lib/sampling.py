"""Re-balancing a training set by sampling instead of by loss weights.

Behind ``LossTrainer(..., oversample=True)`` and ``Variant(..., undersample=max_ratio)``, the two
sampling variants that lesson 02 compares.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import torch
from torch.utils.data import WeightedRandomSampler

from course_lib.class_weights import class_counts

__all__ = ["LengthGroupedWeightedSampler", "oversampling_weights", "undersample"]


def oversampling_weights(labels: Sequence[int] | np.ndarray) -> np.ndarray:
    """Per-example sampling weights ``1 / count(label)``: every class is drawn equally often.

    Feed them to ``torch.utils.data.WeightedRandomSampler`` (``LossTrainer(oversample=True)``
    does this for you).

    Args:
        labels: ``[N]`` integer class ids of the training set.

    Returns:
        float64 array of length N; the weights of each class sum to 1.
    """
    counts = class_counts(labels)
    ids = np.asarray(labels, dtype=np.int64).reshape(-1)
    return 1.0 / counts[ids].astype(np.float64)


def undersample(
    labels: Sequence[int] | np.ndarray, max_ratio: float = 1.0, seed: int = 0
) -> np.ndarray:
    """Indices of a random subset where no class has more than ``max_ratio`` x the smallest.

    Every example of the smallest class is kept; larger classes are capped at
    ``floor(max_ratio * smallest_count)`` examples drawn without replacement. The opposite of
    oversampling: each epoch gets shorter, and the large classes lose the examples left out.
    Taught in: lessons/02_multiclass_imbalance.ipynb (through
    ``course_lib.comparison.Variant(undersample=...).train_indices``).

    Args:
        labels: ``[N]`` integer class ids.
        max_ratio: allowed size of any class relative to the smallest present class (>= 1).
        seed: seed of the random draw.

    Returns:
        sorted int64 array of kept indices into ``labels``.
    """
    if isinstance(max_ratio, bool) or not isinstance(max_ratio, (int, float, np.floating)):
        raise TypeError(f"max_ratio must be a number, got {type(max_ratio).__name__}")
    if not np.isfinite(max_ratio) or max_ratio < 1.0:
        raise ValueError(f"max_ratio must be a finite number >= 1, got {max_ratio}")
    counts = class_counts(labels)
    ids = np.asarray(labels, dtype=np.int64).reshape(-1)
    cap = int(np.floor(max_ratio * counts[counts > 0].min()))
    rng = np.random.default_rng(seed)
    kept = []
    for cls in np.flatnonzero(counts):
        members = np.flatnonzero(ids == cls)
        if members.size > cap:
            members = rng.choice(members, size=cap, replace=False)
        kept.append(members)
    return np.sort(np.concatenate(kept))


class LengthGroupedWeightedSampler(WeightedRandomSampler):
    """Weighted draws with replacement, ordered so that each batch holds similar lengths.

    Every epoch draws ``num_samples`` indices exactly as ``WeightedRandomSampler`` does (same
    weights, same generator), then orders *those draws* the way transformers' length-grouped
    sampler orders a dataset (``get_length_grouped_indices``: random mega-batches of up to 50
    batches, each sorted longest first). The class balance of oversampling is unchanged; what
    changes is the padding: random batches of short and long messages all pad up to their
    longest one, grouped batches barely pad. Behind :class:`course_lib.loss_trainer.LossTrainer`
    (``oversample=True`` with ``train_sampling_strategy="group_by_length"``).

    Args:
        weights: ``[N]`` non-negative sampling weights, one per training example.
        lengths: ``[N]`` token count of each training example.
        batch_size: examples per optimizer step (per-device batch x accumulation steps).
        num_samples: draws per epoch; None draws N.
        generator: torch generator of the draws and of the grouping (seed it for repeatable
            epochs).
    """

    def __init__(
        self,
        weights: Sequence[float] | np.ndarray | torch.Tensor,
        lengths: Sequence[int] | np.ndarray,
        batch_size: int,
        num_samples: int | None = None,
        generator: torch.Generator | None = None,
    ) -> None:
        weight_tensor = torch.as_tensor(np.asarray(weights, dtype=np.float64))
        if weight_tensor.ndim != 1 or weight_tensor.numel() == 0:
            raise ValueError(
                f"weights must be a non-empty 1-D sequence, got shape {tuple(weight_tensor.shape)}"
            )
        if not torch.isfinite(weight_tensor).all() or (weight_tensor < 0).any():
            raise ValueError("weights must be finite and non-negative")
        if weight_tensor.sum() == 0:
            raise ValueError("weights are all zero: no example could ever be drawn")
        length_array = np.asarray(lengths)
        if length_array.shape != (weight_tensor.numel(),) or length_array.dtype.kind not in "iu":
            raise ValueError(
                f"lengths must hold one integer token count per example ({weight_tensor.numel()}), "
                f"got shape {length_array.shape} and dtype {length_array.dtype}"
            )
        if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)):
            raise TypeError(f"batch_size must be an int, got {type(batch_size).__name__}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        size = weight_tensor.numel() if num_samples is None else num_samples
        super().__init__(weight_tensor, num_samples=size, replacement=True, generator=generator)
        self.lengths = length_array.astype(np.int64)
        self.batch_size = int(batch_size)

    def __iter__(self) -> Iterator[int]:
        from transformers.trainer_pt_utils import get_length_grouped_indices

        draws = torch.multinomial(
            self.weights, self.num_samples, replacement=True, generator=self.generator
        )
        drawn_lengths = self.lengths[draws.numpy()].tolist()
        order = get_length_grouped_indices(drawn_lengths, self.batch_size, generator=self.generator)
        yield from draws[order].tolist()
