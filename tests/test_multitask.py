"""course_lib.multitask: one encoder, one head per task, trained with a plain Trainer."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pytest
import torch
from datasets import Dataset
from torch.nn import functional as F
from transformers import BertModel, DataCollatorWithPadding, PreTrainedTokenizerFast

from course_lib.multitask import MultiTaskClassifier, build_multitask_dataset, evaluate_tasks

TASKS = {"sentiment": ["negative", "positive"], "topic": ["a", "b", "c", "d"]}


@pytest.fixture
def new_encoder(tiny_model) -> Callable[..., BertModel]:
    """A fresh tiny BERT encoder without pooler per call, seeded (``new_encoder(seed=1)``)."""
    return partial(tiny_model, "base", vocab_size=30, max_position_embeddings=32)


@pytest.fixture(scope="module")
def tokenizer() -> PreTrainedTokenizerFast:
    from tokenizers import Tokenizer, models, pre_tokenizers

    vocab = {"[PAD]": 0, "[UNK]": 1, **{f"w{i}": i + 2 for i in range(28)}}
    backend = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
    backend.pre_tokenizer = pre_tokenizers.Whitespace()
    return PreTrainedTokenizerFast(tokenizer_object=backend, pad_token="[PAD]", unk_token="[UNK]")


def _part(n: int, num_labels: int, offset: int) -> Dataset:
    rows = []
    for i in range(n):
        label = i % num_labels
        length = 3 + i % 4
        rows.append({"input_ids": [offset + label] * length, "attention_mask": [1] * length,
                     "label": label})  # fmt: skip
    return Dataset.from_list(rows)


def test_forward_routes_rows_to_their_heads(new_encoder) -> None:
    model = MultiTaskClassifier(new_encoder(), TASKS, dropout=0.0).eval()
    ids = torch.tensor([[3, 4, 5], [6, 7, 0]])
    mask = torch.tensor([[1, 1, 1], [1, 1, 0]])
    single = model(ids, mask, task="topic").logits
    assert single.shape == (2, 4)
    mixed = model(ids, mask, task_ids=torch.tensor([0, 1])).logits
    assert mixed.shape == (2, 4)
    assert torch.allclose(mixed[0, :2], model(ids, mask, task="sentiment").logits[0], atol=1e-6)
    assert torch.allclose(mixed[1], single[1], atol=1e-6)
    assert (mixed[0, 2:] < -1e3).all()  # columns sentiment does not have


def test_mixed_loss_equals_the_per_task_cross_entropies(new_encoder) -> None:
    model = MultiTaskClassifier(new_encoder(), TASKS, dropout=0.0).eval()
    ids = torch.tensor([[3, 4], [5, 6], [7, 8]])
    task_ids = torch.tensor([0, 1, 1])
    labels = torch.tensor([1, 3, 0])
    out = model(ids, labels=labels, task_ids=task_ids)
    sentiment = model(ids[:1], task="sentiment").logits
    topic = model(ids[1:], task="topic").logits
    per_row = torch.cat([
        F.cross_entropy(sentiment, labels[:1], reduction="none"),
        F.cross_entropy(topic, labels[1:], reduction="none"),
    ])  # fmt: skip
    assert out.loss.item() == pytest.approx(per_row.mean().item(), rel=1e-5)


def test_pooling_choices_and_errors(new_encoder) -> None:
    ids = torch.tensor([[3, 4, 0]])
    mask = torch.tensor([[1, 1, 0]])
    cls = MultiTaskClassifier(new_encoder(), TASKS, pooling="cls", dropout=0.0).eval()
    mean = MultiTaskClassifier(new_encoder(), TASKS, pooling="mean", dropout=0.0).eval()
    assert cls(ids, mask, task="topic").logits.shape == mean(ids, mask, task="topic").logits.shape
    with pytest.raises(ValueError, match="pooling"):
        MultiTaskClassifier(new_encoder(), TASKS, pooling="max")
    with pytest.raises(ValueError, match="at least two"):
        MultiTaskClassifier(new_encoder(), {"x": ["only"]})
    with pytest.raises(ValueError, match="unknown task"):
        cls(ids, mask, task="weather")
    with pytest.raises(ValueError, match="pass task="):
        cls(ids, mask)
    with pytest.raises(ValueError, match="task_ids must be"):
        cls(ids, mask, task_ids=torch.tensor([5]))
    single = MultiTaskClassifier(new_encoder(), {"only": ["a", "b"]})
    assert single(ids, mask).logits.shape == (1, 2)  # one task: no routing needed


def test_build_dataset_tags_rows_and_checks_input() -> None:
    parts = {"sentiment": _part(6, 2, 3), "topic": _part(8, 4, 10)}
    combined = build_multitask_dataset(parts, list(TASKS))
    assert len(combined) == 14
    assert set(combined.column_names) == {"input_ids", "attention_mask", "labels", "task_ids"}
    assert sorted(combined["task_ids"]) == [0] * 6 + [1] * 8
    with pytest.raises(ValueError, match="not among"):
        build_multitask_dataset({"weather": _part(2, 2, 3)}, list(TASKS))
    # hub datasets label with a ClassLabel of their own per task: still one dataset
    from datasets import ClassLabel

    labelled = {
        task: part.cast_column("label", ClassLabel(names=[f"{task}{i}" for i in range(n)]))
        for (task, part), n in zip(parts.items(), (2, 4), strict=True)
    }
    assert sorted(build_multitask_dataset(labelled, list(TASKS))["labels"]) == sorted(
        combined["labels"]
    )
    with pytest.raises(ValueError, match="not tokenized"):
        build_multitask_dataset({"topic": Dataset.from_dict({"text": ["a"], "label": [0]})},
                                list(TASKS))  # fmt: skip


def test_both_heads_learn_and_trainer_accepts_the_model(new_encoder, tmp_path, tokenizer) -> None:
    from transformers import Trainer, TrainingArguments

    from course_lib.metrics import make_compute_metrics

    parts = {"sentiment": _part(32, 2, 3), "topic": _part(32, 4, 10)}
    train = build_multitask_dataset(parts, list(TASKS))
    collator = DataCollatorWithPadding(tokenizer)
    torch.manual_seed(0)
    model = MultiTaskClassifier(new_encoder(), TASKS, dropout=0.0)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
    for _ in range(8):  # mixed-task batches from the standard collator
        for start in range(0, len(train), 16):
            batch = collator([train[i] for i in range(start, start + 16)])
            model(**batch).loss.backward()
            optimizer.step()
            optimizer.zero_grad()
    metrics = {
        "sentiment": make_compute_metrics("binary"),
        "topic": make_compute_metrics("multiclass"),
    }
    scores = evaluate_tasks(model, parts, tokenizer, metrics, batch_size=8)
    assert list(scores.index) == ["sentiment", "topic"]
    assert scores.loc["sentiment", "accuracy"] > 0.9
    assert scores.loc["topic", "accuracy"] > 0.9
    with pytest.raises(ValueError, match="no compute_metrics"):
        evaluate_tasks(model, parts, tokenizer, {"sentiment": metrics["sentiment"]})

    args = TrainingArguments(
        output_dir=str(tmp_path), max_steps=2, per_device_train_batch_size=16, report_to="none",
        save_strategy="no", disable_tqdm=True, use_cpu=True, train_sampling_strategy="group_by_length",
    )  # fmt: skip
    trainer = Trainer(model=model, args=args, train_dataset=train, data_collator=collator)
    assert trainer.train().training_loss > 0
