"""Tests for course_lib.loss_trainer.LossTrainer on a tiny randomly initialised BERT (no download)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
from datasets import Dataset
from torch import nn
from transformers import BertForSequenceClassification, TrainingArguments

from course_lib.loss_trainer import LossTrainer
from course_lib.losses import BCEWithPosWeightLoss, FocalLoss, WeightedCrossEntropyLoss
from course_lib.sampling import LengthGroupedWeightedSampler

SEQ_LEN = 6
VOCAB = 40
WEIGHT = torch.tensor([0.3, 1.0, 2.5])


# The tiny BERT these tests train: no dropout, spread-out logits so per-example losses differ.
TINY = {
    "vocab_size": VOCAB,
    "hidden_size": 32,
    "num_hidden_layers": 2,
    "intermediate_size": 37,
    "max_position_embeddings": SEQ_LEN,
    "hidden_dropout_prob": 0.0,
    "attention_probs_dropout_prob": 0.0,
    "initializer_range": 0.5,
}


@pytest.fixture
def seq_model(tiny_model) -> Callable[..., BertForSequenceClassification]:
    """``seq_model(num_labels=3, **config)``: a fresh, seeded tiny sequence classifier."""

    def build(num_labels: int = 3, **extra: Any) -> BertForSequenceClassification:
        return tiny_model(num_labels=num_labels, **TINY, **extra)

    return build


def _args(tmp_path, **overrides) -> TrainingArguments:
    settings = dict(
        output_dir=str(tmp_path),
        per_device_train_batch_size=8,
        per_device_eval_batch_size=64,
        gradient_accumulation_steps=1,
        max_steps=1,
        learning_rate=0.5,
        optim="sgd",
        lr_scheduler_type="constant",
        weight_decay=0.0,
        max_grad_norm=0.0,
        report_to="none",
        save_strategy="no",
        logging_strategy="no",
        disable_tqdm=True,
        use_cpu=True,
        seed=0,
    )
    settings.update(overrides)
    return TrainingArguments(**settings)


def _inputs(n: int, seed: int = 0) -> dict[str, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    return {
        "input_ids": torch.randint(0, VOCAB, (n, SEQ_LEN), generator=g),
        "attention_mask": torch.ones(n, SEQ_LEN, dtype=torch.long),
    }


def _dataset(labels) -> Dataset:
    columns = {key: value.tolist() for key, value in _inputs(len(labels)).items()}
    columns["labels"] = labels.tolist() if hasattr(labels, "tolist") else list(labels)
    return Dataset.from_dict(columns)


def _split(batch: dict[str, torch.Tensor], cut: int) -> tuple[dict, dict]:
    return ({k: v[:cut] for k, v in batch.items()}, {k: v[cut:] for k, v in batch.items()})


def _accumulate(trainer: LossTrainer, model: nn.Module, halves) -> tuple[torch.Tensor, list]:
    """What Trainer does for one optimizer step: count items, then loss.backward per half."""
    model.zero_grad()
    n_items = trainer._get_num_items_in_batch(list(halves), torch.device("cpu"))
    total = torch.zeros(())
    for half in halves:
        loss = trainer.compute_loss(model, dict(half), num_items_in_batch=n_items)
        loss.backward()
        total = total + loss.detach()
    return total, [p.grad.clone() for p in model.parameters()]


def _reference(model: nn.Module, batch: dict, loss_of_logits) -> tuple[torch.Tensor, list]:
    model.zero_grad()
    logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
    loss = loss_of_logits(logits)
    loss.backward()
    return loss.detach(), [p.grad.clone() for p in model.parameters()]


def _assert_grads_close(got: list, want: list) -> None:
    for g, w in zip(got, want, strict=True):
        torch.testing.assert_close(g, w, rtol=1e-4, atol=1e-6)


# ------------------------------------------------------------------ exact accumulation


def test_weighted_ce_accumulation_matches_big_batch(seq_model, tmp_path):
    """4 + 4 micro-batches with weights summing to different totals == one batch of 8.

    The normaliser is the sum of class weights over the accumulated batch, so the result equals
    nn.CrossEntropyLoss(weight=w) on all 8 examples; averaging the two per-half weighted means
    (the naive approach) does not.
    """
    model = seq_model()
    loss_fn = WeightedCrossEntropyLoss(weight=WEIGHT)
    trainer = LossTrainer(model=model, args=_args(tmp_path), loss_fn=loss_fn)
    assert trainer.model_accepts_loss_kwargs is True
    batch = {**_inputs(8), "labels": torch.tensor([0, 0, 0, 0, 0, 1, 2, 2])}
    halves = _split(batch, 4)
    assert trainer._get_num_items_in_batch(list(halves), torch.device("cpu")).item() == (
        pytest.approx(5 * 0.3 + 1.0 + 2 * 2.5)
    )
    loss, grads = _accumulate(trainer, model, halves)
    ref_loss, ref_grads = _reference(
        model, batch, lambda z: nn.CrossEntropyLoss(weight=WEIGHT)(z, batch["labels"])
    )
    torch.testing.assert_close(loss, ref_loss)
    _assert_grads_close(grads, ref_grads)
    naive = sum(
        nn.CrossEntropyLoss(weight=WEIGHT)(
            model(input_ids=h["input_ids"], attention_mask=h["attention_mask"]).logits,
            h["labels"],
        )
        / 2
        for h in halves
    )
    assert abs(naive.item() - ref_loss.item()) > 1e-3


def test_token_focal_accumulation_with_ignore_index(tiny_model, tmp_path):
    model = tiny_model("token", num_labels=3, **TINY)
    loss_fn = FocalLoss(gamma=2.0, alpha=WEIGHT)
    trainer = LossTrainer(model=model, args=_args(tmp_path), loss_fn=loss_fn)
    labels = torch.randint(0, 3, (4, SEQ_LEN), generator=torch.Generator().manual_seed(1))
    labels[:, 0] = -100
    labels[0, 2:] = -100  # the first half has far fewer real tokens than the second
    batch = {**_inputs(4), "labels": labels}
    loss, grads = _accumulate(trainer, model, _split(batch, 1))
    ref_loss, ref_grads = _reference(model, batch, lambda z: loss_fn(z, labels))
    torch.testing.assert_close(loss, ref_loss)
    _assert_grads_close(grads, ref_grads)


def test_multilabel_bce_accumulation(seq_model, tmp_path):
    model = seq_model(4, problem_type="multi_label_classification")
    loss_fn = BCEWithPosWeightLoss(pos_weight=[1.0, 2.0, 3.0, 0.5])
    trainer = LossTrainer(model=model, args=_args(tmp_path), loss_fn=loss_fn)
    labels = (torch.rand(6, 4, generator=torch.Generator().manual_seed(2)) < 0.4).float()
    batch = {**_inputs(6), "labels": labels}
    loss, grads = _accumulate(trainer, model, _split(batch, 2))
    ref_loss, ref_grads = _reference(model, batch, lambda z: loss_fn(z, labels))
    torch.testing.assert_close(loss, ref_loss)
    _assert_grads_close(grads, ref_grads)


@pytest.mark.parametrize("loss_fn", [WeightedCrossEntropyLoss(weight=WEIGHT), None])
def test_train_step_accumulation_2x4_equals_batch_8(seq_model, tmp_path, loss_fn):
    """A full Trainer step (SGD, no clipping): the updated weights agree.

    With loss_fn=None the model's own CE is a per-micro-batch mean; with equal-sized
    micro-batches the accumulated gradient is exact only if the Trainer divides by the
    accumulation steps, which LossTrainer makes sure of.
    """
    train = _dataset(np.array([0, 0, 0, 0, 0, 1, 2, 2]))
    results = []
    for batch_size, accumulation in ((8, 1), (4, 2)):
        model = seq_model()
        args = _args(
            tmp_path,
            per_device_train_batch_size=batch_size,
            gradient_accumulation_steps=accumulation,
        )
        trainer = LossTrainer(
            model=model, args=args, train_dataset=train, loss_fn=copy.deepcopy(loss_fn)
        )
        output = trainer.train()
        results.append((output.training_loss, [p.detach().clone() for p in model.parameters()]))
    (loss_a, params_a), (loss_b, params_b) = results
    assert loss_a == pytest.approx(loss_b, rel=1e-5)
    _assert_grads_close(params_b, params_a)


def test_generic_loss_module_falls_back_to_per_batch_mean(seq_model, tmp_path):
    trainer = LossTrainer(model=seq_model(), args=_args(tmp_path), loss_fn=nn.CrossEntropyLoss())
    assert trainer.model_accepts_loss_kwargs is False
    batch = {**_inputs(4), "labels": torch.tensor([0, 1, 2, 1])}
    loss = trainer.compute_loss(trainer.model, batch)
    logits = trainer.model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
    torch.testing.assert_close(loss, nn.CrossEntropyLoss()(logits.logits, batch["labels"]))


def test_evaluate_reports_the_custom_loss(seq_model, tmp_path):
    labels = np.array([0, 0, 1, 2, 2, 0])
    data = _dataset(labels)
    loss_fn = WeightedCrossEntropyLoss(weight=WEIGHT)
    trainer = LossTrainer(
        model=seq_model(), args=_args(tmp_path), eval_dataset=data, loss_fn=loss_fn
    )
    metrics = trainer.evaluate()
    batch = {k: torch.tensor(data[k]) for k in ("input_ids", "attention_mask")}
    with torch.no_grad():
        logits = trainer.model(**batch).logits
    assert metrics["eval_loss"] == pytest.approx(
        loss_fn(logits, torch.tensor(labels)).item(), rel=1e-5
    )


# ------------------------------------------------------------------ sampling


def test_oversampling_balances_classes(seq_model, tmp_path):
    labels = np.array([0] * 90 + [1] * 10)
    trainer = LossTrainer(
        model=seq_model(2), args=_args(tmp_path), train_dataset=_dataset(labels), oversample=True
    )
    sampler = trainer._get_train_sampler()
    assert isinstance(sampler, torch.utils.data.WeightedRandomSampler)
    drawn = np.concatenate([labels[list(sampler)] for _ in range(20)])
    assert 0.4 < drawn.mean() < 0.6  # about half minority, instead of 10%
    batches = list(trainer.get_train_dataloader())
    assert sum(len(b["labels"]) for b in batches) == len(labels)


def test_sample_weights_and_errors(seq_model, tmp_path):
    labels = np.array([0, 1, 0, 1])
    data = _dataset(labels)
    trainer = LossTrainer(
        model=seq_model(2),
        args=_args(tmp_path),
        train_dataset=data,
        sample_weights=[0.0, 1.0, 0.0, 1.0],
    )
    assert set(labels[list(trainer._get_train_sampler())]) == {1}
    with pytest.raises(ValueError, match="sample_weights has 3 entries"):
        LossTrainer(
            model=seq_model(2),
            args=_args(tmp_path),
            train_dataset=data,
            sample_weights=[1.0, 1.0, 1.0],
        )
    with pytest.raises(ValueError, match="not both"):
        LossTrainer(model=seq_model(2), args=_args(tmp_path), oversample=True, sample_weights=[1.0])
    with pytest.raises(TypeError, match="loss_fn must be a torch.nn.Module"):
        LossTrainer(model=seq_model(2), args=_args(tmp_path), loss_fn=lambda z, y: z.sum())
    multi = Dataset.from_dict(
        {**{k: v.tolist() for k, v in _inputs(2).items()}, "labels": [[1.0, 0.0], [0.0, 1.0]]}
    )
    trainer = LossTrainer(
        model=seq_model(2), args=_args(tmp_path), train_dataset=multi, oversample=True
    )
    with pytest.raises(ValueError, match="sample_weights instead"):
        trainer._get_train_sampler()


def test_default_sampler_without_oversampling(seq_model, tmp_path):
    trainer = LossTrainer(
        model=seq_model(2), args=_args(tmp_path), train_dataset=_dataset(np.array([0, 1]))
    )
    assert not isinstance(trainer._get_train_sampler(), torch.utils.data.WeightedRandomSampler)


def test_grouped_oversampling_reads_the_trainers_length_column(seq_model, tmp_path):
    """With length grouping, oversampled draws are grouped by the lengths the Trainer itself
    would use: ``args.length_column_name`` when the data has it, else the token column."""
    labels = np.array([0] * 12 + [1] * 4)
    data = _dataset(labels).add_column("n_tokens", list(range(1, 17)))
    grouped = {"train_sampling_strategy": "group_by_length", "length_column_name": "n_tokens"}
    trainer = LossTrainer(
        model=seq_model(2), args=_args(tmp_path, **grouped), train_dataset=data, oversample=True
    )
    assert trainer._example_lengths(data) == list(range(1, 17))
    assert isinstance(trainer._get_train_sampler(), LengthGroupedWeightedSampler)
    tokens_only = _dataset(labels)
    assert trainer._example_lengths(tokens_only) == [SEQ_LEN] * len(labels)
    plain = LossTrainer(
        model=seq_model(2), args=_args(tmp_path), train_dataset=data, oversample=True
    )
    assert plain._example_lengths(data) is None
    assert not isinstance(plain._get_train_sampler(), LengthGroupedWeightedSampler)
