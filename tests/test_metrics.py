"""Tests for course_lib.metrics: agreement with scikit-learn and seqeval, and input checks."""

from __future__ import annotations

import numpy as np
import pytest
from seqeval.metrics import f1_score as seqeval_f1
from seqeval.metrics import precision_score as seqeval_precision
from seqeval.scheme import IOB2
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score
from transformers import EvalPrediction

from course_lib.metrics import (
    baseline_scores,
    confusion_matrix_df,
    hard_predictions,
    make_compute_metrics,
    per_class_report,
    scores_to_probabilities,
    token_predictions_to_tags,
)

RNG = np.random.default_rng(0)


# ------------------------------------------------------------------ binary


def test_binary_matches_sklearn_with_two_logits():
    logits = RNG.normal(size=(200, 2))
    labels = RNG.integers(0, 2, size=200)
    pred = logits.argmax(1)
    result = make_compute_metrics("binary")(EvalPrediction(predictions=logits, label_ids=labels))
    assert set(result) == {"accuracy", "precision", "recall", "f1", "macro_f1"}
    assert result["accuracy"] == pytest.approx(accuracy_score(labels, pred))
    assert result["precision"] == pytest.approx(precision_score(labels, pred))
    assert result["recall"] == pytest.approx(recall_score(labels, pred))
    assert result["f1"] == pytest.approx(f1_score(labels, pred))
    assert result["macro_f1"] == pytest.approx(f1_score(labels, pred, average="macro"))
    assert all(isinstance(v, float) for v in result.values())


def test_binary_hand_computed():
    # truth 1 1 0 0 1, pred 1 0 0 1 1 -> TP=2 FP=1 FN=1 TN=1
    logits = np.array([[0, 1], [1, 0], [2, 0], [0, 3], [0, 5]], dtype=float)
    labels = np.array([1, 1, 0, 0, 1])
    result = make_compute_metrics("binary")((logits, labels))
    assert result["accuracy"] == pytest.approx(3 / 5)
    assert result["precision"] == pytest.approx(2 / 3)
    assert result["recall"] == pytest.approx(2 / 3)
    assert result["f1"] == pytest.approx(2 / 3)
    # class 0: TP=1 FP=1 FN=1 -> f1 0.5; macro = (0.5 + 2/3) / 2
    assert result["macro_f1"] == pytest.approx((0.5 + 2 / 3) / 2)


def test_binary_threshold_on_positive_probability():
    probs = np.array([[0.7, 0.3], [0.4, 0.6], [0.2, 0.8]])
    labels = np.array([1, 0, 1])
    # threshold 0.25: all predicted positive
    low = make_compute_metrics("binary", threshold=0.25)((probs, labels))
    assert low["recall"] == 1.0 and low["precision"] == pytest.approx(2 / 3)
    # threshold 0.7: only the last one
    high = make_compute_metrics("binary", threshold=0.7)((probs, labels))
    assert high["precision"] == 1.0 and high["recall"] == 0.5


def test_binary_single_score_column_logits_and_probs_and_ids():
    labels = np.array([0, 1, 1, 0])
    logits = np.array([-2.0, 3.0, 0.5, 0.2])  # outside [0,1] -> logits, sigmoid > 0.5 for >0
    r1 = make_compute_metrics("binary")((logits[:, None], labels))
    assert r1["accuracy"] == pytest.approx(3 / 4)
    probs = np.array([0.1, 0.9, 0.6, 0.2])
    r2 = make_compute_metrics("binary")((probs, labels))
    assert r2["accuracy"] == 1.0
    ids = np.array([0, 1, 1, 1])
    r3 = make_compute_metrics("binary")((ids, labels))
    assert r3["accuracy"] == pytest.approx(3 / 4)


def test_binary_rejects_three_columns_and_bad_labels():
    fn = make_compute_metrics("binary")
    with pytest.raises(ValueError, match="multiclass"):
        fn((np.zeros((3, 3)), np.array([0, 1, 0])))
    with pytest.raises(ValueError, match="labels contains label 2"):
        fn((np.zeros((3, 2)), np.array([0, 1, 2])))
    with pytest.raises(ValueError, match="different lengths"):
        fn((np.zeros((4, 2)), np.array([0, 1, 0])))
    with pytest.raises(ValueError, match="NaN"):
        fn((np.array([[0.0, np.nan], [1.0, 0.0]]), np.array([0, 1])))


def test_binary_label_names_must_have_two_entries():
    with pytest.raises(ValueError, match="label_names has 3 names"):
        make_compute_metrics("binary", label_names=["a", "b", "c"])


def test_prediction_kind_probs_rejects_logits():
    fn = make_compute_metrics("binary", prediction_kind="probs")
    with pytest.raises(ValueError, match="not probabilities"):
        fn((np.array([[2.0, -1.0], [0.0, 1.0]]), np.array([0, 1])))


# ------------------------------------------------------------------ multiclass


def test_multiclass_matches_sklearn():
    logits = RNG.normal(size=(300, 4))
    labels = RNG.integers(0, 4, size=300)
    pred = logits.argmax(1)
    result = make_compute_metrics("multiclass", label_names=["a", "b", "c", "d"])(
        EvalPrediction(predictions=(logits, np.zeros((300, 7))), label_ids=labels)
    )
    assert result["accuracy"] == pytest.approx(accuracy_score(labels, pred))
    for avg in ("macro", "micro", "weighted"):
        assert result[f"{avg}_f1"] == pytest.approx(f1_score(labels, pred, average=avg))
    assert result["macro_precision"] == pytest.approx(
        precision_score(labels, pred, average="macro")
    )
    assert result["macro_recall"] == pytest.approx(recall_score(labels, pred, average="macro"))


def test_multiclass_label_map_disagrees_with_model():
    fn = make_compute_metrics("multiclass", label_names=["a", "b"])
    with pytest.raises(ValueError, match="disagrees"):
        fn((np.zeros((2, 3)), np.array([0, 1])))


def test_multiclass_rejects_threshold_and_unknown_task():
    with pytest.raises(ValueError, match="threshold only applies"):
        make_compute_metrics("multiclass", threshold=0.3)
    with pytest.raises(ValueError, match="unknown task"):
        make_compute_metrics("regression")
    with pytest.raises(ValueError, match="unknown prediction_kind"):
        make_compute_metrics("binary", prediction_kind="softmax")


def test_multiclass_multi_hot_labels_point_to_multilabel():
    fn = make_compute_metrics("multiclass")
    with pytest.raises(ValueError, match="multilabel"):
        fn((np.zeros((2, 3)), np.array([[0, 1, 1], [1, 0, 0]])))


def test_eval_pred_type_errors():
    fn = make_compute_metrics("multiclass")
    with pytest.raises(TypeError, match="EvalPrediction"):
        fn(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="no labels"):
        fn((np.zeros((2, 2)), None))


# ------------------------------------------------------------------ multilabel


def test_multilabel_matches_sklearn_with_logits_and_per_label_threshold():
    logits = RNG.normal(size=(100, 3))
    labels = (RNG.random((100, 3)) < 0.4).astype(float)
    thr = np.array([0.3, 0.5, 0.7])
    probs = 1 / (1 + np.exp(-logits))
    pred = (probs >= thr).astype(int)
    result = make_compute_metrics("multilabel", label_names=["x", "y", "z"], threshold=thr)(
        (logits, labels)
    )
    for avg in ("micro", "macro", "samples"):
        assert result[f"{avg}_f1"] == pytest.approx(
            f1_score(labels, pred, average=avg, zero_division=0)
        )
    assert result["subset_accuracy"] == pytest.approx(accuracy_score(labels, pred))
    per_label = f1_score(labels, pred, average=None, zero_division=0)
    assert result["f1_y"] == pytest.approx(per_label[1])


def test_multilabel_probabilities_are_not_squashed_twice():
    probs = np.array([[0.9, 0.1], [0.2, 0.8]])
    labels = np.array([[1, 0], [0, 1]])
    assert make_compute_metrics("multilabel")((probs, labels))["subset_accuracy"] == 1.0


def test_multilabel_errors():
    fn = make_compute_metrics("multilabel", threshold=np.array([0.5, 0.5]))
    with pytest.raises(ValueError, match="2 values but there are 3 labels"):
        fn((np.zeros((2, 3)), np.zeros((2, 3))))
    with pytest.raises(ValueError, match="multi-hot"):
        make_compute_metrics("multilabel")((np.zeros((2, 2)), np.array([[0, 2], [1, 0]])))
    with pytest.raises(ValueError, match="does not match"):
        make_compute_metrics("multilabel")((np.zeros((2, 2)), np.zeros((2, 3))))
    with pytest.raises(ValueError, match=r"must lie in \[0, 1\]"):
        make_compute_metrics("multilabel", threshold=1.5)


# ------------------------------------------------------------------ token

ID2LABEL = {0: "O", 1: "B-PER", 2: "I-PER", 3: "B-LOC", 4: "I-LOC"}


def _one_hot_logits(ids: np.ndarray, num: int = 5) -> np.ndarray:
    return np.eye(num)[ids] * 5.0


def test_token_predictions_to_tags_drops_ignored_positions():
    labels = np.array([[-100, 1, 2, 0, -100], [-100, 3, -100, -100, -100]])
    preds = np.array([[0, 1, 2, 3, 4], [0, 3, 1, 1, 1]])
    true_tags, pred_tags = token_predictions_to_tags(_one_hot_logits(preds), labels, ID2LABEL)
    assert true_tags == [["B-PER", "I-PER", "O"], ["B-LOC"]]
    assert pred_tags == [["B-PER", "I-PER", "B-LOC"], ["B-LOC"]]


def test_token_metrics_match_seqeval_default_and_strict():
    labels = np.array([[-100, 1, 2, 0, 3, -100], [-100, 0, 2, 0, 3, 4]])
    preds = np.array([[0, 1, 2, 0, 4, 0], [0, 0, 2, 0, 3, 4]])
    true_tags, pred_tags = token_predictions_to_tags(preds, labels, ID2LABEL)
    lenient = make_compute_metrics("token", label_names=ID2LABEL)((_one_hot_logits(preds), labels))
    assert lenient["f1"] == pytest.approx(seqeval_f1(true_tags, pred_tags))
    assert lenient["precision"] == pytest.approx(seqeval_precision(true_tags, pred_tags))
    assert {"f1_PER", "f1_LOC"} <= set(lenient)
    strict = make_compute_metrics("token", label_names=ID2LABEL, scheme="IOB2")(
        (_one_hot_logits(preds), labels)
    )
    expected = seqeval_f1(true_tags, pred_tags, mode="strict", scheme=IOB2)
    assert strict["f1"] == pytest.approx(expected)
    # a lone I-LOC / I-PER is an entity in lenient mode but not in strict IOB2
    assert strict["f1"] != pytest.approx(lenient["f1"])


def test_token_accuracy_ignores_minus_100():
    labels = np.array([[-100, 1, 0, -100]])
    preds = np.array([[4, 1, 0, 4]])
    result = make_compute_metrics("token", label_names=ID2LABEL)((preds, labels))
    assert result["accuracy"] == 1.0 and result["f1"] == 1.0


def test_token_errors():
    with pytest.raises(ValueError, match="needs label_names"):
        make_compute_metrics("token")
    with pytest.raises(ValueError, match="unknown scheme"):
        make_compute_metrics("token", label_names=ID2LABEL, scheme="IOB3")
    with pytest.raises(ValueError, match="id2label has 5 tags"):
        token_predictions_to_tags(np.zeros((1, 3, 4)), np.zeros((1, 3)), ID2LABEL)
    with pytest.raises(ValueError, match="labels contains label 7"):
        token_predictions_to_tags(np.zeros((1, 3)), np.array([[0, 7, -100]]), ID2LABEL)
    with pytest.raises(ValueError, match="shape"):
        token_predictions_to_tags(np.zeros((1, 4)), np.zeros((1, 3)), ID2LABEL)


# ------------------------------------------------------------------ pairs


def test_pair_classification_switches_on_width():
    labels = RNG.integers(0, 3, size=50)
    logits = RNG.normal(size=(50, 3))
    result = make_compute_metrics("pair_classification")((logits, labels))
    assert "weighted_f1" in result
    binary = make_compute_metrics("pair_classification")((logits[:, :2], labels % 2))
    assert "f1" in binary and "weighted_f1" not in binary


def test_pair_regression_matches_scipy():
    from scipy.stats import pearsonr, spearmanr

    preds = RNG.normal(size=(40, 1))
    labels = preds[:, 0] * 2 + RNG.normal(size=40)
    result = make_compute_metrics("pair_regression")((preds, labels))
    assert result["pearson"] == pytest.approx(pearsonr(preds[:, 0], labels)[0])
    assert result["spearman"] == pytest.approx(spearmanr(preds[:, 0], labels)[0])
    assert result["mse"] == pytest.approx(np.mean((preds[:, 0] - labels) ** 2))
    constant = make_compute_metrics("pair_regression")((np.ones(5), np.arange(5.0)))
    assert np.isnan(constant["pearson"])


# ------------------------------------------------------------------ tables


def test_per_class_report_includes_absent_class():
    report = per_class_report([0, 0, 1, 1], [0, 1, 1, 1], ["a", "b", "c"])
    assert list(report.index) == ["a", "b", "c"]
    assert list(report.columns) == ["precision", "recall", "f1", "support"]
    assert report.loc["a", "recall"] == 0.5
    assert report.loc["b", "precision"] == pytest.approx(2 / 3)
    assert report.loc["c", "support"] == 0


def test_confusion_matrix_df_counts_and_normalisation():
    cm = confusion_matrix_df([0, 0, 1, 2], [0, 1, 1, 1], ["a", "b", "c"])
    assert cm.loc["a", "b"] == 1 and cm.loc["c", "b"] == 1 and cm.values.sum() == 4
    normed = confusion_matrix_df([0, 0, 1, 2], [0, 1, 1, 1], ["a", "b", "c"], normalize="true")
    assert np.allclose(normed.sum(axis=1), 1.0)
    with pytest.raises(ValueError, match="y_pred contains label 3"):
        confusion_matrix_df([0, 1], [0, 3], ["a", "b"])
    with pytest.raises(ValueError, match="unknown normalize"):
        confusion_matrix_df([0, 1], [0, 1], ["a", "b"], normalize="rows")


def test_hard_predictions_and_probabilities():
    assert hard_predictions(np.array([[0.1, 0.9], [3.0, -1.0]])).tolist() == [1, 0]
    with pytest.raises(ValueError, match="non-integer"):
        hard_predictions(np.array([0.2, 0.8]))
    probs = scores_to_probabilities(np.array([[1000.0, -1000.0]]))
    assert np.allclose(probs, [[1.0, 0.0]])


# ------------------------------------------------------------------ baselines


def test_baseline_scores_majority_and_stratified():
    y_train = np.array([0] * 80 + [1] * 20)
    y_eval = np.array([0] * 40 + [1] * 10)
    table = baseline_scores(y_train, y_eval, task="binary", seed=1)
    assert list(table.index) == ["majority", "stratified"]
    assert table.loc["majority", "accuracy"] == pytest.approx(0.8)
    assert table.loc["majority", "f1"] == 0.0
    # majority: class 0 has P=0.8, R=1 -> F1 = 8/9; class 1 F1 = 0
    assert table.loc["majority", "macro_f1"] == pytest.approx((8 / 9) / 2)
    # stratified accuracy should be near 0.8*0.8 + 0.2*0.2 = 0.68
    assert 0.55 < table.loc["stratified", "accuracy"] < 0.8
    again = baseline_scores(y_train, y_eval, task="binary", seed=1)
    assert table.equals(again)


def test_baseline_scores_multilabel_and_errors():
    y_train = np.array([[1, 0], [1, 0], [1, 1], [0, 0]])
    table = baseline_scores(y_train, y_train, task="multilabel")
    assert set(table.columns) == {"subset_accuracy", "micro_f1", "macro_f1"}
    with pytest.raises(ValueError, match="y_eval contains label 2"):
        baseline_scores([0, 1], [0, 2], task="binary")
    with pytest.raises(ValueError, match="y_train is empty"):
        baseline_scores([], [0, 1])


def test_tuned_thresholds_plug_into_multilabel_metrics():
    from course_lib.thresholds import per_label_f1, tune_thresholds

    labels = (RNG.random((300, 3)) < 0.3).astype(int)
    probs = np.clip(0.4 * labels + 0.6 * RNG.random((300, 3)), 0, 1)
    thresholds = tune_thresholds(probs, labels)
    result = make_compute_metrics("multilabel", label_names=["a", "b", "c"], threshold=thresholds)(
        (probs, labels)
    )
    expected = per_label_f1(probs, labels, thresholds)
    assert [result["f1_a"], result["f1_b"], result["f1_c"]] == pytest.approx(expected.tolist())
    assert result["macro_f1"] == pytest.approx(expected.mean())
