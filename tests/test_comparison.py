"""Tests for course_lib.comparison: rarest classes, focus scores and the variant loop."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
import torch
from datasets import Dataset
from transformers import TrainingArguments

from course_lib.comparison import (
    Comparison,
    Variant,
    compare_variants,
    focus_scores,
    rarest_classes,
)
from course_lib.loss_trainer import LossTrainer
from course_lib.losses import WeightedCrossEntropyLoss
from course_lib.sampling import undersample

NAMES = ["big", "mid", "small"]


# ----------------------------------------------------------------------------- rarest_classes


def test_rarest_classes_orders_by_count_and_breaks_ties_by_id() -> None:
    labels = [0] * 5 + [1] * 2 + [2] * 2 + [3] * 7
    assert rarest_classes(labels, ["a", "b", "c", "d"], k=2) == ["b", "c"]
    assert rarest_classes(labels, ["a", "b", "c", "d"], k=4) == ["b", "c", "a", "d"]


def test_rarest_classes_counts_absent_classes_first() -> None:
    assert rarest_classes([0, 0, 1], NAMES, k=1) == ["small"]


def test_rarest_classes_accepts_id2label_mapping() -> None:
    assert rarest_classes([0, 0, 1, 2, 2, 2], {0: "x", 1: "y", 2: "z"}, k=1) == ["y"]


@pytest.mark.parametrize("k", [0, 4, -1])
def test_rarest_classes_rejects_k_out_of_range(k: int) -> None:
    with pytest.raises(ValueError, match="k must lie between 1 and 3"):
        rarest_classes([0, 1, 2], NAMES, k=k)


def test_rarest_classes_rejects_non_int_k() -> None:
    with pytest.raises(TypeError, match="k must be an int"):
        rarest_classes([0, 1, 2], NAMES, k=1.5)  # type: ignore[arg-type]


def test_rarest_classes_rejects_labels_outside_the_label_map() -> None:
    with pytest.raises(ValueError):
        rarest_classes([0, 1, 5], NAMES, k=1)


# ----------------------------------------------------------------------------- focus_scores


def test_focus_scores_matches_hand_computation() -> None:
    y_true = [0, 0, 0, 0, 1, 1, 2, 2]
    y_pred = [0, 0, 0, 1, 1, 1, 2, 0]
    scores = focus_scores(y_true, y_pred, NAMES, focus=["small", "mid"])
    # big: P=3/4 R=3/4 -> 0.75; mid: P=2/3 R=1 -> 0.8; small: P=1 R=1/2 -> 2/3
    assert scores["accuracy"] == pytest.approx(6 / 8)
    assert scores["f1_small"] == pytest.approx(2 / 3)
    assert scores["f1_mid"] == pytest.approx(0.8)
    assert scores["focus_f1"] == pytest.approx((2 / 3 + 0.8) / 2)
    assert scores["macro_f1"] == pytest.approx((0.75 + 0.8 + 2 / 3) / 3)
    assert list(scores) == ["accuracy", "macro_f1", "focus_f1", "f1_small", "f1_mid"]


def test_focus_scores_counts_a_class_that_never_appears_as_zero() -> None:
    # "small" is neither present nor predicted: macro-F1 over all three classes still counts it.
    scores = focus_scores([0, 1], [0, 1], NAMES, focus=["small"])
    assert scores["macro_f1"] == pytest.approx(2 / 3)
    assert scores["focus_f1"] == 0.0


def test_focus_scores_argmaxes_score_matrices() -> None:
    logits = np.array([[3.0, 0.0, 0.0], [0.0, 0.0, 5.0]])
    scores = focus_scores([0, 2], logits, NAMES, focus=["small"])
    assert scores["accuracy"] == 1.0


def test_focus_scores_rejects_unknown_focus_class() -> None:
    with pytest.raises(ValueError, match=r"focus classes \['tiny'\]"):
        focus_scores([0], [0], NAMES, focus=["tiny"])


@pytest.mark.parametrize("focus", [[], "small"])
def test_focus_scores_rejects_empty_or_string_focus(focus: object) -> None:
    with pytest.raises(ValueError, match="non-empty list"):
        focus_scores([0], [0], NAMES, focus=focus)  # type: ignore[arg-type]


def test_focus_scores_rejects_wrong_score_width() -> None:
    with pytest.raises(ValueError, match="2 score columns"):
        focus_scores([0, 1], np.zeros((2, 2)), NAMES, focus=["small"])


def test_focus_scores_rejects_mismatched_lengths_and_bad_ids() -> None:
    with pytest.raises(ValueError):
        focus_scores([0, 1, 2], [0, 1], NAMES, focus=["small"])
    with pytest.raises(ValueError):
        focus_scores([0, 3], [0, 1], NAMES, focus=["small"])
    with pytest.raises(ValueError):
        focus_scores(np.zeros((2, 3)), [0, 1], NAMES, focus=["small"])


# ----------------------------------------------------------------------------- Variant


def test_variant_validates_its_fields() -> None:
    with pytest.raises(ValueError, match="non-empty string"):
        Variant(" ")
    with pytest.raises(TypeError, match="oversample"):
        Variant("x", oversample="yes")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("ratio", "error", "match"),
    [
        (0.5, ValueError, "max_ratio >= 1"),
        (float("inf"), ValueError, "finite"),
        (float("nan"), ValueError, "finite"),
        (True, TypeError, "None or a number"),
        ("3", TypeError, "None or a number"),
    ],
)
def test_variant_rejects_a_bad_undersample_ratio(ratio: object, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        Variant("x", undersample=ratio)  # type: ignore[arg-type]


def test_variant_refuses_oversampling_and_undersampling_together() -> None:
    with pytest.raises(ValueError, match="either oversample=True or undersample"):
        Variant("both", oversample=True, undersample=3)


def test_variant_train_indices_keep_every_row_unless_undersampling() -> None:
    labels = np.repeat([0, 1, 2], [40, 12, 4])
    assert Variant("all").train_indices(labels).tolist() == list(range(56))
    kept = Variant("under", undersample=3).train_indices(labels, seed=1)
    assert np.bincount(labels[kept]).tolist() == [12, 12, 4]
    assert np.all(np.diff(kept) > 0)  # sorted: Dataset.select keeps the dataset's order
    assert np.array_equal(kept, undersample(labels, max_ratio=3, seed=1))
    assert np.array_equal(kept, Variant("again", undersample=3.0).train_indices(labels, seed=1))
    assert not np.array_equal(kept, Variant("u", undersample=3).train_indices(labels, seed=2))


def test_variant_train_indices_validate_the_labels() -> None:
    with pytest.raises(ValueError):
        Variant("under", undersample=2).train_indices([0.5, 1.0])
    with pytest.raises(ValueError):
        Variant("all").train_indices(np.zeros((2, 2), dtype=int))


# ----------------------------------------------------------------------------- compare_variants


class FakeTrainer:
    """Predicts a fixed class; returns data in a shuffled order, as length grouping does."""

    def __init__(self, constant: int) -> None:
        self.constant = constant
        self.trained = False

    def train(self) -> None:
        self.trained = True

    def predict(self, dataset: dict) -> SimpleNamespace:
        assert self.trained, "predict called before train"
        labels = np.asarray(dataset["label"])
        order = np.random.default_rng(0).permutation(labels.size)
        logits = np.full((labels.size, 3), -5.0)
        logits[:, self.constant] = 5.0
        return SimpleNamespace(predictions=logits[order], label_ids=labels[order], metrics={})


def test_compare_variants_builds_one_row_per_variant_and_keeps_predictions() -> None:
    data = {"validation": {"label": [0, 0, 1, 2]}, "test": {"label": [0, 1, 1, 2, 2]}}
    built: list[str] = []

    def build(variant: Variant) -> FakeTrainer:
        built.append(variant.name)
        return FakeTrainer(0 if variant.name == "always big" else 2)

    comparison = compare_variants(
        build,
        [Variant("always big", description="a"), Variant("always small", oversample=True)],
        data,
        NAMES,
        focus=["small"],
        verbose=False,
    )
    assert isinstance(comparison, Comparison)
    assert built == ["always big", "always small"]
    table = comparison.table
    assert list(table.index) == ["always big", "always small"]
    assert table.index.name == "variant"
    assert table.loc["always big", "description"] == "a"
    assert table.loc["always big", "validation_accuracy"] == pytest.approx(0.5)
    assert table.loc["always small", "test_accuracy"] == pytest.approx(0.4)
    assert table.loc["always small", "test_f1_small"] == pytest.approx(2 * 0.4 / 1.4)
    assert table.loc["always big", "test_focus_f1"] == 0.0
    assert (table["train_seconds"] >= 0).all()
    assert table["train_examples"].isna().all()  # FakeTrainer has no training set
    y_true, scores = comparison.predictions("always small", "test")
    assert sorted(y_true.tolist()) == [0, 1, 1, 2, 2]
    assert scores.shape == (5, 3)


def test_compare_variants_prints_one_line_per_variant(capsys: pytest.CaptureFixture) -> None:
    compare_variants(
        lambda v: FakeTrainer(0), [Variant("plain")], {"val": {"label": [0, 1]}}, NAMES, ["mid"]
    )
    assert "plain" in capsys.readouterr().out


def test_comparison_predictions_names_what_is_missing() -> None:
    comparison = compare_variants(
        lambda v: FakeTrainer(0),
        [Variant("plain")],
        {"val": {"label": [0, 1]}},
        NAMES,
        ["mid"],
        verbose=False,
    )
    with pytest.raises(KeyError, match="no variant 'other'"):
        comparison.predictions("other", "val")
    with pytest.raises(KeyError, match="not scored on 'test'"):
        comparison.predictions("plain", "test")


def test_compare_variants_validates_inputs_before_training() -> None:
    def build(variant: Variant) -> FakeTrainer:
        raise AssertionError("should not train with invalid inputs")

    data = {"val": {"label": [0]}}
    with pytest.raises(ValueError, match="non-empty list"):
        compare_variants(build, [], data, NAMES, ["small"])
    with pytest.raises(TypeError, match="must be a Variant"):
        compare_variants(build, ["plain"], data, NAMES, ["small"])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="unique"):
        compare_variants(build, [Variant("a"), Variant("a")], data, NAMES, ["small"])
    with pytest.raises(ValueError, match="eval_sets"):
        compare_variants(build, [Variant("a")], {}, NAMES, ["small"])
    with pytest.raises(ValueError, match="focus classes"):
        compare_variants(build, [Variant("a")], data, NAMES, ["tiny"])
    with pytest.raises(TypeError, match="build_trainer"):
        compare_variants("nope", [Variant("a")], data, NAMES, ["small"])  # type: ignore[arg-type]


def test_compare_variants_rejects_unlabelled_splits() -> None:
    class NoLabels(FakeTrainer):
        def predict(self, dataset: dict) -> SimpleNamespace:
            return SimpleNamespace(predictions=np.zeros((1, 3)), label_ids=None, metrics={})

    with pytest.raises(ValueError, match="has no labels"):
        compare_variants(
            lambda v: NoLabels(0), [Variant("a")], {"test": {}}, NAMES, ["small"], verbose=False
        )


def test_compare_variants_with_a_real_length_grouped_loss_trainer(tiny_model, tmp_path) -> None:
    """End to end on a tiny BERT: predictions stay paired with their labels.

    With length grouping, Trainer.predict returns examples out of dataset order; the table must
    agree with scores computed from the returned (label_ids, predictions) pairs.
    """
    rng = np.random.default_rng(0)
    lengths = rng.integers(2, 9, size=24)
    rows = {
        "input_ids": [rng.integers(1, 30, size=n).tolist() for n in lengths],
        "label": (np.arange(24) % 3).tolist(),
    }
    rows["attention_mask"] = [[1] * n for n in lengths]
    dataset = Dataset.from_dict(rows)

    def build(variant: Variant) -> LossTrainer:
        torch.manual_seed(0)
        args = TrainingArguments(
            output_dir=str(tmp_path / variant.name),
            num_train_epochs=1,
            per_device_train_batch_size=4,
            per_device_eval_batch_size=4,
            train_sampling_strategy="group_by_length",
            report_to="none",
            save_strategy="no",
            use_cpu=True,
        )
        from tokenizers import Tokenizer, models
        from transformers import DataCollatorWithPadding, PreTrainedTokenizerFast

        tokenizer = PreTrainedTokenizerFast(
            tokenizer_object=Tokenizer(models.WordLevel({"[PAD]": 0}, unk_token="[PAD]")),
            pad_token="[PAD]",
        )
        return LossTrainer(
            model=tiny_model(
                vocab_size=30, intermediate_size=16, max_position_embeddings=16, num_labels=3
            ),
            args=args,
            train_dataset=dataset.select(variant.train_indices(dataset["label"])),
            data_collator=DataCollatorWithPadding(tokenizer),
            loss_fn=variant.loss_fn,
            oversample=variant.oversample,
        )

    comparison = compare_variants(
        build,
        [
            Variant("plain"),
            Variant("weighted", loss_fn=WeightedCrossEntropyLoss([1.0, 2.0, 3.0])),
            Variant("oversampled", oversample=True),
            Variant("undersampled", undersample=1),
        ],
        {"test": dataset},
        ["a", "b", "c"],
        focus=["c"],
        verbose=False,
    )
    assert comparison.table["train_examples"].to_dict() == {
        "plain": 24,
        "weighted": 24,
        "oversampled": 24,
        "undersampled": 24,  # the labels are balanced already: undersampling keeps every row
    }
    for name in ("plain", "weighted", "oversampled", "undersampled"):
        y_true, scores = comparison.predictions(name, "test")
        assert sorted(y_true.tolist()) == sorted(rows["label"])
        expected = focus_scores(y_true, scores, ["a", "b", "c"], ["c"])
        assert comparison.table.loc[name, "test_macro_f1"] == pytest.approx(expected["macro_f1"])
