"""Tests for course_lib.sampling: length-grouped weighted draws and how LossTrainer uses them.

The basic weights and the undersampling subset are tested in tests/test_class_weights.py.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from datasets import Dataset
from torch.utils.data import WeightedRandomSampler
from transformers import TrainingArguments

from course_lib.loss_trainer import LossTrainer
from course_lib.sampling import LengthGroupedWeightedSampler, oversampling_weights, undersample


def _generator(seed: int = 0) -> torch.Generator:
    generator = torch.Generator()
    generator.manual_seed(seed)
    return generator


def _padded_tokens(order: list[int], lengths: np.ndarray, batch_size: int) -> int:
    """Tokens a dynamically padded batch holds: batch size x its longest example, summed."""
    batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    return sum(len(batch) * int(lengths[batch].max()) for batch in batches)


def test_grouped_sampler_draws_the_same_examples_as_weighted_random_sampler() -> None:
    labels = np.repeat([0, 1, 2], [60, 30, 10])
    weights = oversampling_weights(labels)
    lengths = np.random.default_rng(0).integers(3, 40, size=labels.size)
    plain = list(WeightedRandomSampler(torch.as_tensor(weights), 100, generator=_generator()))
    grouped = list(LengthGroupedWeightedSampler(weights, lengths, 8, generator=_generator()))
    assert sorted(grouped) == sorted(plain)  # same multiset of draws, only the order differs
    assert isinstance(LengthGroupedWeightedSampler(weights, lengths, 8), WeightedRandomSampler)


def test_grouped_sampler_keeps_classes_balanced_and_pads_less() -> None:
    labels = np.repeat([0, 1, 2], [300, 60, 12])
    weights = oversampling_weights(labels)
    lengths = np.random.default_rng(1).integers(3, 60, size=labels.size)
    sampler = LengthGroupedWeightedSampler(weights, lengths, 16, generator=_generator(3))
    grouped = [list(sampler) for _ in range(10)]  # ten epochs, each a fresh draw
    assert grouped[0] != grouped[1]
    shares = np.bincount(labels[np.concatenate(grouped)], minlength=3) / (10 * labels.size)
    np.testing.assert_allclose(shares, 1 / 3, atol=0.03)
    plain = list(
        WeightedRandomSampler(torch.as_tensor(weights), labels.size, generator=_generator(3))
    )
    assert _padded_tokens(grouped[0], lengths, 16) < 0.8 * _padded_tokens(plain, lengths, 16)


def test_grouped_sampler_is_repeatable_with_a_seeded_generator() -> None:
    weights, lengths = np.ones(50), np.arange(1, 51)
    first = list(LengthGroupedWeightedSampler(weights, lengths, 4, generator=_generator(5)))
    again = list(LengthGroupedWeightedSampler(weights, lengths, 4, generator=_generator(5)))
    assert first == again
    assert len(first) == 50
    assert len(list(LengthGroupedWeightedSampler(weights, lengths, 4, num_samples=20))) == 20


@pytest.mark.parametrize(
    ("weights", "lengths", "batch_size", "error", "match"),
    [
        ([], [], 2, ValueError, "non-empty"),
        ([1.0, -1.0], [3, 4], 2, ValueError, "non-negative"),
        ([0.0, 0.0], [3, 4], 2, ValueError, "all zero"),
        ([1.0, 1.0], [3], 2, ValueError, "one integer token count per example"),
        ([1.0, 1.0], [3.5, 4.0], 2, ValueError, "one integer token count per example"),
        ([1.0, 1.0], [3, 4], 0, ValueError, "batch_size must be >= 1"),
        ([1.0, 1.0], [3, 4], 2.0, TypeError, "batch_size must be an int"),
    ],
)
def test_grouped_sampler_rejects_bad_inputs(weights, lengths, batch_size, error, match) -> None:
    with pytest.raises(error, match=match):
        LengthGroupedWeightedSampler(weights, lengths, batch_size)


# ----------------------------------------------------------------------------- LossTrainer


def _args(tmp_path, **overrides) -> TrainingArguments:
    return TrainingArguments(
        output_dir=str(tmp_path),
        per_device_train_batch_size=4,
        report_to="none",
        save_strategy="no",
        use_cpu=True,
        **overrides,
    )


def _dataset(labels: np.ndarray) -> Dataset:
    lengths = np.random.default_rng(0).integers(2, 30, size=labels.size)
    return Dataset.from_dict(
        {"input_ids": [[1] * int(n) for n in lengths], "labels": labels.tolist()}
    )


def test_loss_trainer_groups_oversampled_draws_when_asked(tiny_model, tmp_path) -> None:
    labels = np.repeat([0, 1], [30, 6])
    dataset = _dataset(labels)
    trainer = LossTrainer(
        model=tiny_model(num_labels=2),
        args=_args(tmp_path, train_sampling_strategy="group_by_length", seed=7),
        train_dataset=dataset,
        oversample=True,
    )
    sampler = trainer._get_train_sampler()
    assert isinstance(sampler, LengthGroupedWeightedSampler)
    assert sampler.batch_size == 4
    assert sampler.lengths.tolist() == [len(ids) for ids in dataset["input_ids"]]
    plain = LossTrainer(
        model=tiny_model(num_labels=2),
        args=_args(tmp_path, seed=7),
        train_dataset=dataset,
        oversample=True,
    )._get_train_sampler()
    assert type(plain) is WeightedRandomSampler  # random order unless grouping is asked for
    assert sorted(sampler) == sorted(plain)  # the same seeded draws either way


def test_loss_trainer_without_oversampling_keeps_the_trainers_grouping(
    tiny_model, tmp_path
) -> None:
    trainer = LossTrainer(
        model=tiny_model(num_labels=2),
        args=_args(tmp_path, train_sampling_strategy="group_by_length"),
        train_dataset=_dataset(np.repeat([0, 1], [10, 2])),
    )
    assert not isinstance(trainer._get_train_sampler(), WeightedRandomSampler)


def test_undersample_keeps_every_example_of_the_smallest_class() -> None:
    labels = np.repeat([0, 1, 2], [145, 9, 17])
    kept = undersample(labels, max_ratio=3, seed=0)
    assert np.bincount(labels[kept]).tolist() == [27, 9, 17]
    assert set(np.flatnonzero(labels == 1)) <= set(kept.tolist())
