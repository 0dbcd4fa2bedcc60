"""course_lib.efficiency: padding statistics, batch orders, LR scaling, throughput and the recipe.

A tiny randomly initialised BERT keeps every test fast; no timing is asserted, only that the
measurements are well-formed and the decisions follow the rules.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial

import numpy as np
import pandas as pd
import pytest
import torch
from datasets import Dataset
from transformers import BertForSequenceClassification, PreTrainedTokenizerFast

from course_lib import efficiency
from course_lib.efficiency._devices import is_oom
from course_lib.errors import CourseError
from course_lib.profiles import Profile

VOCAB = 30


@pytest.fixture(scope="module")
def tokenizer() -> PreTrainedTokenizerFast:
    from tokenizers import Tokenizer, models, pre_tokenizers

    vocab = {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3}
    vocab.update({f"w{i}": i + 4 for i in range(VOCAB - 4)})
    backend = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
    backend.pre_tokenizer = pre_tokenizers.Whitespace()
    return PreTrainedTokenizerFast(
        tokenizer_object=backend, pad_token="[PAD]", unk_token="[UNK]", model_max_length=64
    )


def _dataset(n: int = 48, seed: int = 0) -> Dataset:
    """Unpadded rows with a long tail of lengths (most short, a few long)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        length = int(rng.choice([3, 4, 5, 6, 30])) if i % 6 else 30
        ids = [2, *rng.integers(4, VOCAB, size=length - 2).tolist(), 3]
        rows.append({"input_ids": ids, "attention_mask": [1] * length, "label": i % 2})
    return Dataset.from_list(rows)


@pytest.fixture
def new_model(tiny_model) -> Callable[..., BertForSequenceClassification]:
    """A fresh tiny binary classifier per call (``new_model(seed=1)`` for other weights)."""
    return partial(tiny_model, vocab_size=VOCAB, num_labels=2, max_position_embeddings=64)


# ---------------------------------------------------------------- padded_token_fraction


def test_padded_fraction_counts_zeros_of_the_mask() -> None:
    batches = [
        {"attention_mask": torch.tensor([[1, 1, 0, 0], [1, 1, 1, 1]])},
        {"attention_mask": np.array([[1, 0], [1, 0]])},
    ]
    assert efficiency.padded_token_fraction(batches) == pytest.approx(4 / 12)
    assert efficiency.padded_token_fraction([{"attention_mask": [[1, 1]]}]) == 0.0


@pytest.mark.parametrize(
    ("batches", "match"),
    [
        ([], "empty"),
        ([{"input_ids": [[1]]}], "attention_mask"),
        ([{"attention_mask": [1, 1]}], "2-D"),
    ],
)
def test_padded_fraction_rejects_bad_input(batches: list, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        efficiency.padded_token_fraction(batches)


# ---------------------------------------------------------------- batches


def test_sequence_lengths_prefers_a_length_column() -> None:
    data = _dataset(12)
    lengths = efficiency.sequence_lengths(data)
    assert lengths.tolist() == [len(x) for x in data["input_ids"]]
    fake = data.add_column("length", [7] * 12)
    assert set(efficiency.sequence_lengths(fake).tolist()) == {7}
    with pytest.raises(ValueError, match="no 'input_ids'"):
        efficiency.sequence_lengths(Dataset.from_dict({"text": ["a"]}))


@pytest.mark.parametrize("padding", efficiency.PADDINGS)
def test_batch_order_is_a_reproducible_permutation(padding: str) -> None:
    lengths = [len(x) for x in _dataset(50)["input_ids"]]
    order = efficiency.batch_order(lengths, 8, padding, seed=3)
    flat = [i for batch in order for i in batch]
    assert sorted(flat) == list(range(50))
    assert [len(b) for b in order] == [8] * 6 + [2]
    assert order == efficiency.batch_order(lengths, 8, padding, seed=3)
    assert order != efficiency.batch_order(lengths, 8, padding, seed=3, epoch=1)


def test_grouping_puts_the_longest_example_in_the_first_batch() -> None:
    lengths = [3] * 40 + [30]
    order = efficiency.batch_order(lengths, 4, "grouped", seed=0)
    assert 40 in order[0]


def test_padding_strategies_order_the_waste(tokenizer) -> None:
    data = _dataset(96)
    fractions = {
        p: efficiency.padded_token_fraction(
            efficiency.make_batches(data, tokenizer, 8, p, max_length=32, seed=0)
        )
        for p in efficiency.PADDINGS
    }
    assert fractions["max_length"] > fractions["dynamic"] > fractions["grouped"]
    fixed = efficiency.make_batches(data, tokenizer, 8, "max_length", max_length=32)
    assert {tuple(b["input_ids"].shape[1:]) for b in fixed} == {(32,)}
    assert "labels" in fixed[0]


def test_make_batches_cycles_epochs_and_checks_max_length(tokenizer) -> None:
    data = _dataset(20)
    batches = efficiency.make_batches(data, tokenizer, 8, "dynamic", num_batches=7)
    assert len(batches) == 7
    with pytest.raises(ValueError, match="needs max_length"):
        efficiency.make_batches(data, tokenizer, 8, "max_length")
    with pytest.raises(ValueError, match="truncation"):
        efficiency.make_batches(data, tokenizer, 8, "max_length", max_length=10)
    with pytest.raises(ValueError, match="unknown padding 'sorted'"):
        efficiency.make_batches(data, tokenizer, 8, "sorted")


# ---------------------------------------------------------------- learning rate


def test_learning_rate_rules() -> None:
    assert efficiency.scale_learning_rate(2e-5, 16, 64, "sqrt") == pytest.approx(4e-5)
    assert efficiency.scale_learning_rate(2e-5, 16, 64, "linear") == pytest.approx(8e-5)
    assert efficiency.scale_learning_rate(2e-5, 16, 64, "none") == pytest.approx(2e-5)
    assert efficiency.scale_learning_rate(2e-5, 16, 4) == pytest.approx(1e-5)
    with pytest.raises(ValueError, match="rule"):
        efficiency.scale_learning_rate(2e-5, 16, 64, "cubic")
    with pytest.raises(ValueError, match="batch_size"):
        efficiency.scale_learning_rate(2e-5, 16, 0)
    with pytest.raises(ValueError, match="base_learning_rate"):
        efficiency.scale_learning_rate(0.0, 16, 32)


# ---------------------------------------------------------------- throughput


def test_measure_throughput_reports_a_well_formed_result(new_model, tokenizer) -> None:
    batches = efficiency.make_batches(_dataset(32), tokenizer, 8, "grouped")
    model = new_model()
    before = model.classifier.weight.detach().clone()
    result = efficiency.measure_throughput(model, batches, steps=3, warmup=1, device="cpu")
    assert result.steps == 3 and result.samples == 24 and result.batch_size == 8
    assert result.samples_per_second > 0 and math.isfinite(result.samples_per_second)
    assert 0 <= result.padded_fraction < 1
    assert result.peak_memory_mb > 0 and result.memory_source == "estimate"
    assert not result.oom
    assert not torch.equal(before, model.classifier.weight)  # it really trained


def test_accumulation_counts_micro_batches(new_model, tokenizer) -> None:
    batches = efficiency.make_batches(_dataset(32), tokenizer, 4, "dynamic")
    result = efficiency.measure_throughput(
        new_model(), batches, steps=2, warmup=1, accumulation_steps=2, optim="adamw_torch_fused",
        device="cpu",
    )  # fmt: skip
    assert result.batch_size == 8 and result.samples == 16


def test_memory_estimate_grows_with_padding(new_model, tokenizer) -> None:
    data = _dataset(32)
    short = efficiency.make_batches(data, tokenizer, 8, "grouped")
    padded = efficiency.make_batches(data, tokenizer, 8, "max_length", max_length=64)
    small = efficiency.measure_throughput(new_model(), short, steps=1, device="cpu")
    large = efficiency.measure_throughput(new_model(), padded, steps=1, device="cpu")
    assert large.peak_memory_mb > small.peak_memory_mb


def test_compare_throughput_interleaves_and_computes_speedup(new_model, tokenizer) -> None:
    data = _dataset(32)
    setups = [
        efficiency.Setup("padded", new_model(), efficiency.make_batches(
            data, tokenizer, 8, "max_length", max_length=64)),
        efficiency.Setup("grouped", new_model(), efficiency.make_batches(data, tokenizer, 8, "grouped")),
    ]  # fmt: skip
    table = efficiency.compare_throughput(setups, steps=3, warmup=1, block=2, device="cpu")
    assert list(table["setup"]) == ["padded", "grouped"]
    assert table["steps"].tolist() == [3, 3]
    assert table["speedup"].iloc[0] == pytest.approx(1.0)
    assert table["padded_fraction"].iloc[0] > table["padded_fraction"].iloc[1]
    with pytest.raises(ValueError, match="unique"):
        efficiency.compare_throughput([setups[0], setups[0]], steps=1)
    with pytest.raises(ValueError, match="empty"):
        efficiency.compare_throughput([], steps=1)


def test_setup_validates_its_fields(new_model, tokenizer) -> None:
    batches = efficiency.make_batches(_dataset(8), tokenizer, 4, "dynamic")
    with pytest.raises(ValueError, match="precision"):
        efficiency.Setup("x", new_model(), batches, precision="fp8")
    with pytest.raises(ValueError, match="optim"):
        efficiency.Setup("x", new_model(), batches, optim="sgd")
    with pytest.raises(ValueError, match="no batches"):
        efficiency.Setup("x", new_model(), [])
    with pytest.raises(TypeError, match="nn.Module"):
        efficiency.Setup("x", object(), batches)  # type: ignore[arg-type]


# ---------------------------------------------------------------- recipe


def test_pick_recipe_on_cpu_measures_and_returns_usable_settings(new_model, tokenizer) -> None:
    data = _dataset(64)
    model = new_model()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    cpu = Profile(name="offline", device="cpu", precision="fp32")
    # Batch 128 is skipped as larger than the data whatever the timings: with 16 between them, a
    # busy machine could stop the search at 16 (not 5% faster) before 128 was ever looked at.
    recipe = efficiency.pick_recipe(
        cpu, model, data, tokenizer, candidate_batch_sizes=(8, 128), steps=2,
        epochs=2, min_updates=6,
    )  # fmt: skip
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())  # untouched
    table = recipe.measurements
    assert isinstance(table, pd.DataFrame) and table["chosen"].sum() == 1
    statuses = dict(zip(table["batch_size"], table["status"], strict=True))
    assert statuses == {8: "ok", 128: "larger than the dataset"}
    assert recipe.batch_size == 8 and recipe.precision == "fp32"
    assert recipe.padding == "grouped" and recipe.group_by_length and recipe.dynamic_padding
    assert recipe.optim == "adamw_torch_fused" and recipe.device == "cpu"
    expected_lr = efficiency.scale_learning_rate(2e-5, 16, recipe.batch_size, "sqrt")
    assert recipe.learning_rate == pytest.approx(expected_lr)
    kwargs = recipe.training_kwargs()
    assert kwargs["batch_size"] == recipe.batch_size and not kwargs["bf16"] and not kwargs["fp16"]
    assert "Recipe on cpu" in str(recipe)


def test_recipe_kwargs_feed_training_args(tmp_path) -> None:
    from course_lib.training_settings import training_args

    recipe = efficiency.Recipe(64, "fp32", "grouped", 4e-5, "adamw_torch", 96, "cpu", 100.0,
                               pd.DataFrame())  # fmt: skip
    cpu = Profile(name="offline", device="cpu", precision="fp32")
    args = training_args(cpu, tmp_path, **recipe.training_kwargs())
    assert args.per_device_train_batch_size == 64 and args.learning_rate == pytest.approx(4e-5)
    assert args.train_sampling_strategy == "group_by_length"
    fixed = efficiency.Recipe(16, "fp32", "max_length", 2e-5, "adamw_torch", 96, "cpu", 1.0,
                              pd.DataFrame())  # fmt: skip
    assert not fixed.training_kwargs()["group_by_length"] and not fixed.dynamic_padding


def test_pick_recipe_explains_when_nothing_fits(new_model, tokenizer) -> None:
    with pytest.raises(ValueError, match="no candidate"):
        efficiency.pick_recipe("cpu", new_model(), _dataset(16), tokenizer,
                               candidate_batch_sizes=(8,), epochs=1, min_updates=50)  # fmt: skip
    with pytest.raises(ValueError, match="together"):
        efficiency.pick_recipe("cpu", new_model(), _dataset(16), tokenizer, epochs=1)
    with pytest.raises(ValueError, match="padding"):
        efficiency.pick_recipe("cpu", new_model(), _dataset(16), tokenizer, paddings=("none",))


# ---------------------------------------------------------------- freezing and serving


def test_freeze_encoder_keeps_head_and_top_layers_trainable(tiny_model) -> None:
    model = tiny_model(vocab_size=VOCAB, num_hidden_layers=3, num_labels=2)
    _, total = efficiency.count_parameters(model)
    head_only, _ = efficiency.freeze_encoder(model, 0)
    head = sum(p.numel() for p in model.classifier.parameters())
    pooler = sum(p.numel() for p in model.bert.pooler.parameters())
    assert head_only == head + pooler
    assert not any(p.requires_grad for p in model.bert.embeddings.parameters())
    top1, _ = efficiency.freeze_encoder(model, 1)
    layer = sum(p.numel() for p in model.bert.encoder.layer[-1].parameters())
    assert top1 == head_only + layer
    assert not any(p.requires_grad for p in model.bert.encoder.layer[0].parameters())
    assert efficiency.freeze_encoder(model, 3) == (total, total)
    with pytest.raises(ValueError, match="between 0 and 3"):
        efficiency.freeze_encoder(model, 4)
    with pytest.raises(ValueError, match="cannot find"):
        efficiency.freeze_encoder(torch.nn.Linear(2, 2))
    with pytest.raises(TypeError):
        efficiency.count_parameters("model")  # type: ignore[arg-type]


def _snapshot(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {name: p.detach().clone() for name, p in model.named_parameters()}


def _changed(before: dict[str, torch.Tensor], after: dict[str, torch.Tensor], prefix: str) -> bool:
    return any(not torch.equal(before[n], after[n]) for n in before if n.startswith(prefix))


def test_gradual_unfreezing_trains_each_layer_from_its_stage_on(
    tiny_model, tokenizer, tmp_path
) -> None:
    from transformers import DataCollatorWithPadding, Trainer, TrainerCallback, TrainingArguments

    model = tiny_model(
        vocab_size=VOCAB, num_hidden_layers=3, num_labels=2, max_position_embeddings=64
    )
    unfreezing = efficiency.gradual_unfreezing([0, 1, 3])  # 9 steps: each stage is one epoch
    snapshots: list[dict[str, torch.Tensor]] = []

    class Snapshot(TrainerCallback):  # the weights at the start of every epoch, and at the end
        def on_epoch_begin(self, args, state, control, **kwargs) -> None:
            snapshots.append(_snapshot(kwargs["model"]))

        def on_train_end(self, args, state, control, **kwargs) -> None:
            snapshots.append(_snapshot(kwargs["model"]))

    args = TrainingArguments(
        output_dir=str(tmp_path), num_train_epochs=3, per_device_train_batch_size=8,
        learning_rate=1e-2, weight_decay=0.1, report_to=[], save_strategy="no",
        use_cpu=True, disable_tqdm=True,
    )  # fmt: skip
    trainer = Trainer(
        model=model,
        args=args,
        train_dataset=_dataset(24),
        data_collator=DataCollatorWithPadding(tokenizer),
        callbacks=[unfreezing, Snapshot()],
    )
    trainer.train()
    assert [(step, layers) for step, layers, _ in unfreezing.history] == [(0, 0), (3, 1), (6, 3)]
    head, top, bottom, embeddings = (
        "classifier",
        "bert.encoder.layer.2.",
        "bert.encoder.layer.0.",
        "bert.embeddings.",
    )
    # which parts moved during each epoch; weight decay (0.1) must not move frozen weights either
    moved = {
        epoch: {part: _changed(snapshots[epoch - 1], snapshots[epoch], part)
                for part in (head, top, bottom, embeddings)}
        for epoch in (1, 2, 3)
    }  # fmt: skip
    assert moved[1] == {head: True, top: False, bottom: False, embeddings: False}
    assert moved[2] == {head: True, top: True, bottom: False, embeddings: False}
    assert moved[3] == {head: True, top: True, bottom: True, embeddings: True}
    assert all(p.requires_grad for p in model.parameters())  # handed back fully trainable


def test_gradual_unfreezing_refuses_an_optimizer_without_the_frozen_layers(
    tiny_model, tokenizer, tmp_path
) -> None:
    from transformers import DataCollatorWithPadding, Trainer, TrainingArguments

    model = tiny_model(
        vocab_size=VOCAB, num_hidden_layers=2, num_labels=2, max_position_embeddings=64
    )
    efficiency.freeze_encoder(
        model, 0
    )  # frozen before the Trainer builds its optimizer: the mistake
    args = TrainingArguments(output_dir=str(tmp_path), num_train_epochs=1, report_to=[],
                             save_strategy="no", use_cpu=True, disable_tqdm=True)  # fmt: skip
    trainer = Trainer(model=model, args=args, train_dataset=_dataset(8), data_collator=DataCollatorWithPadding(tokenizer),
                      callbacks=[efficiency.gradual_unfreezing([0, 2])])  # fmt: skip
    with pytest.raises(CourseError, match="Build the Trainer with the whole model trainable"):
        trainer.train()


@pytest.mark.parametrize(
    ("schedule", "match"),
    [([], "non-empty"), ([0, 2, 1], "never decrease"), ([0, -1], "non-empty"), ("012", "non-empty"),
     ([0, True], "non-empty")],
)  # fmt: skip
def test_gradual_unfreezing_checks_its_schedule(schedule, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        efficiency.gradual_unfreezing(schedule)


def test_measure_inference_reports_each_batch_size() -> None:
    seen: list[int] = []

    def predict(texts: list[str], batch_size: int) -> list[str]:
        seen.append(len(texts))
        return ["x"] * len(texts)

    table = efficiency.measure_inference(predict, ["a"] * 10, batch_sizes=(1, 4), repeats=2)
    assert table["batch_size"].tolist() == [1, 4]
    assert table["calls"].tolist() == [20, 6]  # 10 single calls, 3 calls of <= 4, twice
    assert (table["texts_per_s"] > 0).all()
    assert (table["latency_p95_ms"] >= table["latency_p50_ms"]).all()
    with pytest.raises(ValueError, match="empty"):
        efficiency.measure_inference(predict, [])
    with pytest.raises(ValueError, match="positive"):
        efficiency.measure_inference(predict, ["a"], batch_sizes=(0,))


def _fake_measurement(speeds: dict[int, float], oom_from: int | None = None):
    """A stand-in for measure_throughput: preset samples/s per batch size, optional OOM."""

    def fake(model, batches, **kwargs) -> efficiency.ThroughputResult:
        size = int(batches[0]["input_ids"].shape[0])
        oom = oom_from is not None and size >= oom_from
        return efficiency.ThroughputResult(
            kwargs["name"], size, kwargs["precision"], 1, size, 1.0,
            float("nan") if oom else speeds[size], 0.1, 10.0 * size, "cuda allocator", oom=oom,
        )  # fmt: skip

    return fake


def test_pick_recipe_stops_growing_at_out_of_memory(new_model, monkeypatch, tokenizer) -> None:
    monkeypatch.setattr(
        efficiency.recipe, "measure_throughput", _fake_measurement({8: 10, 16: 20}, 32)
    )
    recipe = efficiency.pick_recipe("cpu", new_model(), _dataset(96), tokenizer,
                                    candidate_batch_sizes=(8, 16, 32, 64))  # fmt: skip
    statuses = recipe.measurements.set_index("batch_size")["status"].to_dict()
    assert statuses == {8: "ok", 16: "ok", 32: "out of memory"}  # 64 never tried
    assert recipe.batch_size == 16


def test_pick_recipe_prefers_the_smallest_batch_within_min_gain(
    new_model, monkeypatch, tokenizer
) -> None:
    speeds = {8: 10.0, 16: 20.0, 32: 20.5, 64: 40.0}
    monkeypatch.setattr(efficiency.recipe, "measure_throughput", _fake_measurement(speeds))
    recipe = efficiency.pick_recipe("cpu", new_model(), _dataset(96), tokenizer,
                                    candidate_batch_sizes=(8, 16, 32, 64), min_gain=0.05)  # fmt: skip
    tried = recipe.measurements["batch_size"].tolist()
    assert tried == [8, 16, 32]  # 32 was not 5% faster than 16: the search stopped there
    assert recipe.batch_size == 16  # within 5% of the fastest (32), and smaller
    limited = efficiency.pick_recipe("cpu", new_model(), _dataset(96), tokenizer,
                                     candidate_batch_sizes=(8, 16), memory_limit_mb=100)  # fmt: skip
    assert limited.batch_size == 8  # batch 16 needs 160 "MB" in the fake measurement


def test_out_of_memory_errors_are_recognised() -> None:
    assert is_oom(torch.OutOfMemoryError("CUDA out of memory. Tried to allocate"))
    assert is_oom(RuntimeError("CUDA error: out of memory"))
    assert not is_oom(RuntimeError("shape mismatch"))


def test_setups_sharing_a_model_share_its_optimizer(new_model, tokenizer) -> None:
    batches = efficiency.make_batches(_dataset(32), tokenizer, 8, "grouped")
    model = new_model()
    alone = efficiency.compare_throughput(
        [efficiency.Setup("alone", new_model(), batches)], steps=1, device="cpu"
    )
    created: list[object] = []
    original = torch.optim.AdamW

    class CountingAdamW(original):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs) -> None:
            created.append(self)
            super().__init__(*args, **kwargs)

    torch.optim.AdamW = CountingAdamW  # type: ignore[misc]
    try:
        table = efficiency.compare_throughput(
            [
                efficiency.Setup("a", model, batches),
                efficiency.Setup("b", model, batches),
                efficiency.Setup("c", model, batches, optim="adamw_torch_fused"),
            ],
            steps=1,
            device="cpu",
        )
    finally:
        torch.optim.AdamW = original  # type: ignore[misc]
    assert len(created) == 2  # a and b share one plain AdamW; c has its fused one
    assert table["peak_memory_mb"].tolist() == pytest.approx([alone["peak_memory_mb"][0]] * 3)


def test_paired_difference_verdicts_follow_the_interval() -> None:
    from course_lib.efficiency.parity import paired_difference

    reference = [0.90, 0.92, 0.91, 0.93, 0.90, 0.92]
    same = paired_difference(
        [r + d for r, d in zip(reference, [0.01, -0.01, 0.0, 0.005, -0.005, 0.0], strict=True)],
        reference,
    )
    assert same.verdict == "equal" and same.low < 0 < same.high and same.low > -0.01
    assert same.n == 6 and abs(same.mean) < 1e-12
    worse = paired_difference(
        [r - 0.02 + d for r, d in zip(reference, [0.001, -0.001] * 3, strict=True)], reference
    )
    assert worse.verdict == "worse" and worse.high < 0
    better = paired_difference(
        [r + 0.02 for r in reference[:-1]] + [reference[-1] + 0.021], reference
    )
    assert better.verdict == "better"
    noisy = paired_difference(
        [r + d for r, d in zip(reference, [0.05, -0.05, 0.04, -0.04, 0.0, 0.0], strict=True)],
        reference,
    )
    assert noisy.verdict == "inconclusive" and noisy.low < -0.01 < 0 < noisy.high
    assert "95% CI" in str(same) and "paired seeds" in str(same)
    # The t interval of n = 6 differences: mean +- t(0.975, 5) * s / sqrt(6), t = 2.5706.
    import statistics

    diffs = [0.05, -0.05, 0.04, -0.04, 0.0, 0.0]
    half = 2.5706 * statistics.stdev(diffs) / 6**0.5
    assert abs(noisy.high - half) < 1e-3


def test_paired_difference_refuses_unpaired_or_single_runs() -> None:
    from course_lib.efficiency.parity import paired_difference

    with pytest.raises(ValueError, match="one score per seed"):
        paired_difference([0.9, 0.9], [0.9])
    with pytest.raises(ValueError, match="at least 2 seeds"):
        paired_difference([0.9], [0.9])
    with pytest.raises(ValueError, match="margin"):
        paired_difference([0.9, 0.8], [0.9, 0.8], margin=-0.1)


def test_load_measurement_reads_the_committed_benchmark_output() -> None:
    result = efficiency.load_measurement("throughput_cpu_20_seeds_2026-12-02")
    course = result["training"]["course_recipe"]["f1_per_seed"]
    seeds = result["training"]["seeds_recipe"]["f1_per_seed"]
    assert len(course) == len(seeds) == len(result["training"]["seeds"]) == 20
    recomputed = efficiency.paired_difference(course, seeds)
    assert recomputed.verdict == result["parity"]["verdict"]
    assert recomputed.mean == pytest.approx(result["parity"]["mean"])
    with pytest.raises(FileNotFoundError, match="known: .*throughput_cpu_20_seeds"):
        efficiency.load_measurement("throughput_gpu")
