"""Tests for course_lib.error_analysis: hand-computed losses, error tables, slices, views, seeds."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import torch
from matplotlib.figure import Figure

from course_lib.error_analysis import (
    REVIEW_COLUMNS,
    ErrorReview,
    error_review,
    leaked_mask,
    length_buckets,
    near_duplicates,
    per_example_loss,
    rare_class_view,
    seed_variance_summary,
    slice_metrics,
    top_errors,
    wilson_interval,
)
from course_lib.hygiene import find_leakage, text_hash
from course_lib.plots import plot_grouped_bars, plot_seed_scores, plot_slice_metrics

NAMES = ["a", "b", "c"]
# gold:      a    b    c    a    b
# predicted: a    c    c    b    b
LOGITS = np.array(
    [
        [2.0, 0.0, 0.0],  # right
        [0.0, 1.0, 3.0],  # wrong: gold b, predicted c
        [0.0, 0.0, 1.0],  # right
        [0.0, 4.0, 0.0],  # wrong: gold a, predicted b (the most confident mistake)
        [0.0, 5.0, 0.0],  # right
    ]
)
LABELS = np.array([0, 1, 2, 0, 1])
TEXTS = ["t0", "t1", "t2", "t3", "t4"]


def test_per_example_loss_by_hand_and_against_torch():
    # row 0: log(e^2 + 2) - 2; row 3: log(e^4 + 2) - 0
    loss = per_example_loss(LOGITS, LABELS)
    assert loss[0] == pytest.approx(math.log(math.e**2 + 2) - 2)
    assert loss[3] == pytest.approx(math.log(math.e**4 + 2))
    reference = torch.nn.functional.cross_entropy(
        torch.tensor(LOGITS), torch.tensor(LABELS), reduction="none"
    )
    np.testing.assert_allclose(loss, reference.numpy(), rtol=1e-12)
    # stable for huge logits
    assert np.isfinite(per_example_loss([[1e4, -1e4], [-1e4, 1e4]], [1, 1])).all()


def test_per_example_loss_rejects_bad_input():
    with pytest.raises(ValueError, match="probabilities"):
        per_example_loss([[0.7, 0.3], [0.2, 0.8]], [0, 1])
    with pytest.raises(ValueError, match="different lengths"):
        per_example_loss(LOGITS, [0, 1])
    with pytest.raises(ValueError, match="outside the valid range"):
        per_example_loss(LOGITS, [0, 1, 2, 3, 0])
    with pytest.raises(ValueError, match="2-D"):
        per_example_loss([1.0, 2.0], [0, 1])
    with pytest.raises(ValueError, match="at least 2 class"):
        per_example_loss([[1.0], [2.0]], [0, 0])


def test_top_errors_all_sorted_by_loss():
    table = top_errors(TEXTS, LOGITS, LABELS, NAMES, k=10)
    assert list(table.index) == [3, 1]  # loss log(e^4+2) ~ 4.04 beats log(1+e+e^3) - 1 ~ 2.13
    assert list(table.columns) == ["text", "gold", "predicted", "confidence", "gold_prob", "loss"]
    first = table.loc[3]
    assert (first.text, first.gold, first.predicted) == ("t3", "a", "b")
    assert first.confidence == pytest.approx(math.e**4 / (math.e**4 + 2))
    assert first.gold_prob == pytest.approx(1 / (math.e**4 + 2))
    assert first.loss == pytest.approx(-math.log(first.gold_prob))
    assert len(top_errors(TEXTS, LOGITS, LABELS, NAMES, k=1)) == 1


def test_top_errors_false_positives_and_negatives_of_a_class():
    fp_b = top_errors(TEXTS, LOGITS, LABELS, NAMES, kind="fp", target="b")
    assert list(fp_b.index) == [3]  # predicted b, gold a
    fn_b = top_errors(TEXTS, LOGITS, LABELS, NAMES, kind="fn", target=1)
    assert list(fn_b.index) == [1]  # gold b, predicted c
    assert top_errors(TEXTS, LOGITS, LABELS, NAMES, kind="fp", target="a").empty
    # binary: target defaults to class 1
    logits = np.array([[0.0, 2.0], [1.0, 0.0], [3.0, 0.0]])
    fn = top_errors(["x", "y", "z"], logits, [1, 1, 1], ["neg", "pos"], kind="fn")
    assert list(fn.index) == [2, 1]


def test_top_errors_rejects_bad_input():
    with pytest.raises(ValueError, match="needs target"):
        top_errors(TEXTS, LOGITS, LABELS, NAMES, kind="fp")
    with pytest.raises(ValueError, match="unknown kind"):
        top_errors(TEXTS, LOGITS, LABELS, NAMES, kind="worst")
    with pytest.raises(ValueError, match="not a class name"):
        top_errors(TEXTS, LOGITS, LABELS, NAMES, kind="fn", target="z")
    with pytest.raises(ValueError, match="outside"):
        top_errors(TEXTS, LOGITS, LABELS, NAMES, kind="fn", target=7)
    with pytest.raises(ValueError, match="2 names"):
        top_errors(TEXTS, LOGITS, LABELS, ["a", "b"])
    with pytest.raises(ValueError, match="different lengths"):
        top_errors(TEXTS[:2], LOGITS, LABELS, NAMES)
    with pytest.raises(ValueError, match="positive integer"):
        top_errors(TEXTS, LOGITS, LABELS, NAMES, k=0)
    with pytest.raises(TypeError, match="sequence of strings"):
        top_errors("t0", LOGITS, LABELS, NAMES)


def test_error_review_errors_first_then_near_misses():
    # errors: row 3 (loss ~4.04), row 1 (~2.13); correct rows by loss: 2 (~0.55), 0 (~0.24), 4
    review = error_review(TEXTS, LOGITS, LABELS, NAMES, k=4)
    assert isinstance(review, ErrorReview)
    table = review.table
    assert list(table.index) == [1, 2, 3, 4] and table.index.name == "rank"
    assert list(table.columns) == list(REVIEW_COLUMNS)
    assert list(table["row"]) == [3, 1, 2, 0]
    assert list(table["correct"]) == [False, False, True, True]
    assert (table.loc[1, "true"], table.loc[1, "predicted"]) == ("a", "b")
    assert table.loc[1, "confidence"] == pytest.approx(math.e**4 / (math.e**4 + 2))
    assert table.loc[3, "loss"] == pytest.approx(math.log(2 + math.e) - 1)
    # the error rows agree with top_errors
    worst = top_errors(TEXTS, LOGITS, LABELS, NAMES, k=10)
    np.testing.assert_allclose(review.errors["loss"], worst["loss"])
    assert (review.n_rows, review.n_errors) == (5, 2)
    # k caps the errors too; without near misses only errors are listed
    assert list(error_review(TEXTS, LOGITS, LABELS, NAMES, k=1).table["row"]) == [3]
    only = error_review(TEXTS, LOGITS, LABELS, NAMES, k=4, near_misses=False)
    assert list(only.table["row"]) == [3, 1]


def test_error_review_tallies_count_the_reviewed_errors_only():
    source = ["app", "chat", "app", "chat", "email"]
    review = error_review(TEXTS, LOGITS, LABELS, NAMES, k=5, columns={"source": source})
    assert list(review.table["source"]) == ["chat", "chat", "app", "app", "email"]
    confusions = review.confusions
    assert list(confusions.columns) == ["true", "predicted", "count", "share"]
    assert confusions[["true", "predicted"]].values.tolist() == [["a", "b"], ["b", "c"]]
    assert list(confusions["share"]) == [0.5, 0.5]
    chat = review.patterns["source"].loc["chat"]
    # both errors came by chat, which carries 2 of the 5 rows: lift (2/2) / (2/5) = 2.5
    assert (chat["errors"], chat["share_of_errors"], chat["share_of_split"]) == (2, 1.0, 0.4)
    assert chat["lift"] == pytest.approx(2.5)
    assert review.patterns["source"].loc["email", "errors"] == 0  # values without errors stay
    true = review.patterns["true"]
    assert true.loc["a", "errors"] == 1 and true.loc["c", "errors"] == 0
    assert true.loc["a", "share_of_split"] == pytest.approx(2 / 5)
    assert review.patterns["predicted"].loc["b", "errors"] == 1
    # only the k reviewed errors are tallied
    first = error_review(TEXTS, LOGITS, LABELS, NAMES, k=1, columns={"source": source})
    assert first.confusions["count"].tolist() == [1]
    assert first.patterns["source"].loc["chat", "share_of_errors"] == 1.0
    # a split without errors: empty tallies, no division by zero
    perfect = error_review(TEXTS, LOGITS, LOGITS.argmax(axis=1), NAMES, k=2)
    assert perfect.errors.empty and perfect.confusions.empty
    assert (perfect.patterns["true"]["errors"] == 0).all()


def test_error_review_rejects_bad_input():
    with pytest.raises(ValueError, match="integer >= 1"):
        error_review(TEXTS, LOGITS, LABELS, NAMES, k=0)
    with pytest.raises(ValueError, match="integer >= 1"):
        error_review(TEXTS, LOGITS, LABELS, NAMES, k=True)
    with pytest.raises(ValueError, match="different lengths"):
        error_review(TEXTS[:3], LOGITS, LABELS, NAMES)
    with pytest.raises(TypeError, match="sequence of strings"):
        error_review("t0", LOGITS, LABELS, NAMES)
    with pytest.raises(ValueError, match="2 names"):
        error_review(TEXTS, LOGITS, LABELS, ["a", "b"])
    with pytest.raises(TypeError, match="required"):
        error_review(TEXTS, LOGITS, LABELS, None)
    with pytest.raises(ValueError, match="probabilities"):
        error_review(TEXTS, np.full((5, 3), 1 / 3), LABELS, NAMES)
    with pytest.raises(ValueError, match="has 2 values"):
        error_review(TEXTS, LOGITS, LABELS, NAMES, columns={"source": ["a", "b"]})
    with pytest.raises(ValueError, match="missing"):
        error_review(TEXTS, LOGITS, LABELS, NAMES, columns={"source": ["a"] * 4 + [None]})
    with pytest.raises(ValueError, match="replace"):
        error_review(TEXTS, LOGITS, LABELS, NAMES, columns={"loss": [0] * 5})
    with pytest.raises(TypeError, match="mapping"):
        error_review(TEXTS, LOGITS, LABELS, NAMES, columns=["a"] * 5)
    with pytest.raises(TypeError, match="one value per example"):
        error_review(TEXTS, LOGITS, LABELS, NAMES, columns={"source": "abcde"})
    with pytest.raises(TypeError, match="near_misses"):
        error_review(TEXTS, LOGITS, LABELS, NAMES, near_misses="yes")


def test_length_buckets_edges_and_labels():
    buckets = length_buckets([1, 10, 11, 20, 21, 99], edges=(10, 20))
    assert list(buckets.categories) == ["<=10", "11-20", ">20"]
    assert list(buckets) == ["<=10", "<=10", "11-20", "11-20", ">20", ">20"]
    assert buckets.ordered
    assert list(length_buckets([5], edges=[3, 10, 40]).categories) == [
        "<=3",
        "4-10",
        "11-40",
        ">40",
    ]
    with pytest.raises(ValueError, match="strictly increasing"):
        length_buckets([1, 2], edges=(20, 10))
    with pytest.raises(ValueError, match="non-negative"):
        length_buckets([-1, 2], edges=(10,))
    with pytest.raises(ValueError, match="integer"):
        length_buckets([1.5], edges=(10,))
    with pytest.raises(TypeError, match="edges"):
        length_buckets([1], edges=10)


def test_wilson_interval_by_hand():
    low, high = wilson_interval(8, 10)
    # p = 0.8, z = 1.96: centre = (0.8 + 0.19208) / 1.38416, half = 1.96*sqrt(0.016+0.009604)/1.38416
    assert low == pytest.approx(0.4902, abs=1e-4)
    assert high == pytest.approx(0.9433, abs=1e-4)
    low, high = wilson_interval(5, 5)
    assert high == 1.0 and 0.5 < low < 0.6  # not zero-width at 100%
    for bad in ((6, 5), (-1, 5), (0, 0)):
        with pytest.raises(ValueError):
            wilson_interval(*bad)
    with pytest.raises(TypeError):
        wilson_interval(0.5, 10)


def test_slice_metrics_hand_example():
    y_true = [0, 0, 1, 1, 2, 2]
    y_pred = [0, 1, 1, 1, 2, 0]
    source = ["chat", "chat", "chat", "email", "email", "email"]
    table = slice_metrics(y_true, y_pred, {"source": source})
    assert list(table["group"]) == ["all", "chat", "email"]
    overall = table.iloc[0]
    assert (overall.n, overall.errors) == (6, 2)
    assert overall.accuracy == pytest.approx(4 / 6)
    chat = table.iloc[1]
    assert chat.accuracy == pytest.approx(2 / 3)
    # chat: class 0 P=1 R=1/2 F1=2/3; class 1 P=1/2 R=1 F1=2/3 -> macro 2/3
    assert chat.macro_f1 == pytest.approx(2 / 3)
    assert chat.error_share == pytest.approx(0.5)
    assert (chat.acc_low, chat.acc_high) == pytest.approx(wilson_interval(2, 3))
    # scores [N, C] are arg-maxed; categorical groups keep their order
    scores = np.eye(3)[y_pred]
    buckets = pd.Categorical(["long", "short"] * 3, categories=["short", "long"], ordered=True)
    table = slice_metrics(y_true, scores, {"length": buckets}, include_overall=False)
    assert list(table["group"]) == ["short", "long"]


def test_slice_metrics_rejects_bad_input():
    with pytest.raises(ValueError, match="has 2 values"):
        slice_metrics([0, 1, 1], [0, 1, 0], {"source": ["a", "b"]})
    with pytest.raises(TypeError, match="mapping"):
        slice_metrics([0, 1], [0, 1], ["a", "b"])
    with pytest.raises(ValueError, match="missing"):
        slice_metrics([0, 1], [0, 1], {"source": ["a", None]})
    with pytest.raises(ValueError, match="different lengths"):
        slice_metrics([0, 1], [0, 1, 1], {"s": ["a", "b"]})


def test_rare_class_view_rate_and_majority_trap():
    labels = np.array([0] * 198 + [1] * 10)
    view = rare_class_view(labels, target=1, positive_rate=0.01, seed=0)
    kept = labels[view]
    assert (kept == 0).sum() == 198 and (kept == 1).sum() == 2  # round(0.01/0.99*198) = 2
    assert np.all(np.diff(view) > 0)
    np.testing.assert_array_equal(view, rare_class_view(labels, 1, 0.01, seed=0))  # seeded
    # always "not the rare class": ~99% accuracy
    assert (kept == 0).mean() == pytest.approx(0.99)
    # at least one positive even when the rate rounds to zero
    assert (labels[rare_class_view(labels[190:], 1, 0.01) + 190] == 1).sum() == 1
    with pytest.raises(ValueError, match="no row"):
        rare_class_view(labels, target=5)
    with pytest.raises(ValueError, match="positive_rate"):
        rare_class_view(labels, target=1, positive_rate=0.7)
    with pytest.raises(ValueError, match="nothing to skew"):
        rare_class_view([1, 1], target=1)


def test_near_duplicates_fool_exact_matching_but_not_the_hash():
    train = ["Where is my parcel?", "reset my PIN please", "Close the account now"]
    copies = near_duplicates(train, seed=3)
    assert all(c != t for c, t in zip(copies, train, strict=True))
    assert not set(copies) & set(train)
    assert [text_hash(c) for c in copies] == [text_hash(t) for t in train]
    assert near_duplicates(train, seed=3) == copies
    leaks = find_leakage({"train": train, "test": copies})
    assert int(leaks.loc[0, "n_shared"]) == 3
    with pytest.raises(ValueError, match="non-empty"):
        near_duplicates(["ok", "  "])


def test_leaked_mask():
    train = ["Where is my parcel?", "reset my PIN"]
    test = ["WHERE is my   parcel", "a new question", "Reset my pin!"]
    np.testing.assert_array_equal(leaked_mask(test, train), [True, False, True])
    with pytest.raises(TypeError):
        leaked_mask("text", train)


def test_seed_variance_summary_by_hand():
    summary = seed_variance_summary({1: 0.80, 2: 0.84, 3: 0.88})
    assert summary["n"] == 3
    assert summary["mean"] == pytest.approx(0.84)
    assert summary["std"] == pytest.approx(0.04)  # sqrt((0.0016 + 0 + 0.0016) / 2)
    assert summary["spread"] == pytest.approx(0.08)
    assert seed_variance_summary([0.5, 0.7])["min"] == 0.5
    with pytest.raises(ValueError, match="at least 2"):
        seed_variance_summary([0.9])
    with pytest.raises(ValueError, match="NaN"):
        seed_variance_summary([0.9, float("nan")])
    with pytest.raises(TypeError):
        seed_variance_summary("0.9")


def test_figures():
    table = pd.DataFrame({"accuracy": [0.99, 0.9], "macro_f1": [0.5, 0.8]}, index=["maj", "model"])
    fig, ax = plot_grouped_bars(table, title="trap")
    assert isinstance(fig, Figure) and len(ax.patches) == 4
    slices = slice_metrics(
        [0, 1, 1, 0], [0, 1, 0, 0], {"s": ["x", "x", "y", "y"], "t": [1, 2, 1, 2]}
    )
    fig, axes = plot_slice_metrics(slices)
    assert len(axes) == 2
    fig, ax = plot_seed_scores({42: 0.8, 43: 0.85, 44: 0.83})
    assert len(ax.collections) >= 1
    with pytest.raises(ValueError):
        plot_grouped_bars(pd.DataFrame())
    with pytest.raises(ValueError, match="slice_metrics"):
        plot_slice_metrics(table)


def test_predict_in_order_keeps_dataset_rows_aligned(tiny_model, tmp_path):
    # transformers 5.2x groups *prediction* batches by length when training_args sets
    # group_by_length: plain trainer.predict returns rows in another order.
    from datasets import Dataset
    from transformers import Trainer

    from course_lib import training_settings
    from course_lib.profiles import Profile

    model = tiny_model(vocab_size=60, num_labels=3).eval()
    rows = [
        {"input_ids": [1, *range(3, 3 + n), 2], "attention_mask": [1] * (n + 2), "labels": i % 3}
        for i, n in enumerate([1, 9, 2, 8, 3, 7, 4, 6, 5, 12, 1, 10])
    ]
    data = Dataset.from_list(rows)
    args = training_settings.training_args(
        Profile(name="offline", device="cpu", precision="fp32"), tmp_path, batch_size=2,
        disable_tqdm=True,
    )  # fmt: skip

    def pad(batch):
        width = max(len(r["input_ids"]) for r in batch)
        return {
            key: torch.tensor([r[key] + [0] * (width - len(r[key])) for r in batch])
            for key in ("input_ids", "attention_mask")
        } | {"labels": torch.tensor([r["labels"] for r in batch])}

    trainer = Trainer(model=model, args=args, eval_dataset=data, data_collator=pad)
    with torch.no_grad():
        expected = np.stack(
            [model(input_ids=torch.tensor([r["input_ids"]])).logits[0].numpy() for r in rows]
        )
    predicted: list[list[int]] = []  # the lengths of the rows each predict() call saw
    plain_predict = trainer.predict

    def watched_predict(dataset, **kwargs):
        predicted.append([len(ids) for ids in dataset["input_ids"]])
        return plain_predict(dataset, **kwargs)

    trainer.predict = watched_predict
    ordered = training_settings.predict_in_order(trainer, data)
    np.testing.assert_allclose(ordered.predictions, expected, atol=1e-5)
    np.testing.assert_array_equal(ordered.label_ids, [r["labels"] for r in rows])
    assert trainer.args.train_sampling_strategy == "group_by_length"  # restored
    (seen,) = predicted
    assert seen == sorted(seen, reverse=True), "the rows are predicted longest first"
    assert ordered.metrics["test_loss"] > 0


def test_predict_in_order_puts_every_output_of_a_tuple_back():
    from course_lib.training_settings import _rows_at

    logits, hidden = np.arange(4)[:, None] * [1, 1], np.arange(4) * 10
    back = np.array([2, 0, 3, 1])  # row i of the dataset sits at position back[i]
    restored = _rows_at((logits, hidden), back)
    assert isinstance(restored, tuple)
    np.testing.assert_array_equal(restored[1], [20, 0, 30, 10])
    np.testing.assert_array_equal(restored[0][:, 0], [2, 0, 3, 1])
    assert _rows_at(None, back) is None
