"""Tests for course_lib.hygiene: leakage, problem-type detection, frequencies, splits."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.errors import DataValidationError
from course_lib.hygiene import (
    assert_no_leakage,
    class_frequency_summary,
    detect_multilabel,
    find_leakage,
    normalize_text,
    stratified_split,
    text_hash,
)


def test_normalize_text_and_hash():
    assert normalize_text("  Great   MOVIE!!  ") == "great movie"
    assert normalize_text("ｆｕｌｌ－ｗｉｄｔｈ") == "full width"  # NFKC
    assert normalize_text("Straße") == normalize_text("STRASSE")  # casefold
    assert text_hash("Great movie!") == text_hash("great movie")
    assert text_hash("great movie") != text_hash("great movies")
    assert len(text_hash("x")) == 16
    assert text_hash(("a b", "c")) != text_hash(("c", "a b"))
    with pytest.raises(TypeError, match="must be a str"):
        normalize_text(3)


def test_find_leakage_reports_pairs_with_examples():
    splits = {
        "train": ["Great movie!", "awful plot", "fine", "ok ok"],
        "validation": ["great movie", "new text"],
        "test": ["AWFUL plot.", "Great  movie", "unseen"],
    }
    leaks = find_leakage(splits)
    assert list(leaks.columns) == ["split_a", "split_b", "n_shared", "share_of_b", "examples"]
    by_pair = {(r.split_a, r.split_b): r for r in leaks.itertuples()}
    assert set(by_pair) == {("train", "validation"), ("train", "test"), ("validation", "test")}
    assert by_pair[("train", "test")].n_shared == 2
    assert by_pair[("train", "test")].share_of_b == pytest.approx(2 / 3)
    assert "Great movie!" in by_pair[("train", "validation")].examples
    clean = find_leakage({"train": ["a"], "test": ["b"]})
    assert clean.empty and "n_shared" in clean.columns


def test_assert_no_leakage():
    assert_no_leakage({"train": ["a", "b"], "test": ["c"]})
    with pytest.raises(DataValidationError, match="train & test: 1 shared"):
        assert_no_leakage({"train": ["a", "b"], "test": ["B!"]})
    with pytest.raises(ValueError, match="at least two splits"):
        find_leakage({"train": ["a"]})
    with pytest.raises(TypeError, match=r"splits\['test'\]\[1\]"):
        find_leakage({"train": ["a"], "test": ["b", None]})


def test_detect_multilabel():
    assert detect_multilabel([0, 2, 1]) is False
    assert detect_multilabel(np.array([0, 1])) is False
    assert detect_multilabel([["spam", "abuse"], ["ok"]]) is True
    assert detect_multilabel([["spam"], ["ok"]]) is False
    assert detect_multilabel([[1, 0, 1], [0, 1, 0]]) is True
    assert detect_multilabel(np.eye(3)) is False  # one-hot rows
    assert detect_multilabel([[3, 5], [1]]) is True  # id lists
    with pytest.raises(ValueError, match="mixes"):
        detect_multilabel([1, [2, 3]])
    with pytest.raises(ValueError, match="empty"):
        detect_multilabel([])


def test_class_frequency_summary():
    table = class_frequency_summary([0, 0, 0, 0, 1, 1, 2], ["a", "b", "c", "d"])
    assert table["count"].tolist() == [4, 2, 1, 0]
    assert table.loc["a", "share"] == pytest.approx(4 / 7)
    assert table["imbalance_ratio"].tolist()[:3] == [1.0, 2.0, 4.0]
    assert np.isinf(table.loc["d", "imbalance_ratio"])
    multi = class_frequency_summary(np.array([[1, 0], [1, 1], [1, 0]]), ["x", "y"])
    assert multi["count"].tolist() == [3, 1] and multi.loc["y", "share"] == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="disagrees"):
        class_frequency_summary([0, 1, 2], ["a", "b"])


def test_stratified_split_single_label_keeps_proportions():
    labels = np.repeat([0, 1, 2], [700, 200, 100])
    train, test = stratified_split(labels, test_size=0.2, seed=1)
    assert len(test) == 200 and len(train) == 800
    assert np.intersect1d(train, test).size == 0
    assert np.bincount(labels[test]).tolist() == [140, 40, 20]
    again = stratified_split(labels, test_size=0.2, seed=1)
    assert np.array_equal(test, again[1])
    train, test = stratified_split(10, test_size=3, seed=0)
    assert len(test) == 3 and sorted(np.concatenate([train, test]).tolist()) == list(range(10))


def test_iterative_stratification_multilabel():
    rng = np.random.default_rng(0)
    prevalence = np.array([0.5, 0.2, 0.05, 0.02])
    labels = (rng.random((2000, 4)) < prevalence).astype(int)
    train, test = stratified_split(labels, test_size=0.25, seed=0, multilabel=True)
    assert np.intersect1d(train, test).size == 0 and len(train) + len(test) == 2000
    assert abs(len(test) - 500) <= 5
    expected = labels.sum(axis=0) * 0.25
    # every label, even the rarest (~40 examples), lands within 2 of its quota
    assert np.all(np.abs(labels[test].sum(axis=0) - expected) <= 2)


def test_stratified_split_errors():
    with pytest.raises(ValueError, match="multilabel=True"):
        stratified_split(np.zeros((4, 2)), test_size=0.5)
    with pytest.raises(ValueError, match="test_size"):
        stratified_split(10, test_size=1.5)
    with pytest.raises(ValueError, match="both splits must be non-empty"):
        stratified_split(10, test_size=0.01)
    with pytest.raises(ValueError, match="2-D"):
        stratified_split([0, 1, 0, 1], test_size=0.5, multilabel=True)
