"""Re-balancing a training set by sampling instead of by loss weights.

Behind ``LossTrainer(..., oversample=True)``, which lesson 02 trains with.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from course_lib.class_weights import class_counts

__all__ = ["oversampling_weights", "undersample"]


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
    ``floor(max_ratio * smallest_count)`` examples drawn without replacement.
    No lesson calls it: the other way to even out classes, for your own experiments.

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
