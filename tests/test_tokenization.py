"""Tokenization checks on the real MiniLM tokenizer (the seeds' exercise 1 and length advice)."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import models, tokenization
from course_lib.errors import DataValidationError


@pytest.fixture(scope="module")
def tokenizer():
    return models.load_tokenizer(models.offline_checkpoint())


def test_padded_pair_passes_all_checks(tokenizer) -> None:
    enc = tokenizer(
        ["I loved it!", "Not good"], padding="max_length", truncation=True, max_length=16
    )
    report = tokenization.check_encodings(
        enc, tokenizer, max_length=16, labels=[1, 0], label_names=["neg", "pos"]
    )
    assert report.num_examples == 2
    assert report.special_tokens == ("[CLS]", "[SEP]")
    assert report.lengths == [6, 4]  # [CLS] i loved it ! [SEP] / [CLS] not good [SEP]
    assert "OK" in str(report)


def test_truncation_keeps_the_closing_special_token(tokenizer) -> None:
    long_text = "word " * 40
    enc = tokenizer([long_text], truncation=True, max_length=16, padding="max_length")
    tokenization.check_encodings(enc, tokenizer, max_length=16)
    assert enc["input_ids"][0][-1] == tokenizer.sep_token_id


def test_wrong_length_names_the_tokenizer_arguments(tokenizer) -> None:
    enc = tokenizer(["I loved it!", "Not good"], padding=True)
    with pytest.raises(DataValidationError, match="padding='max_length'"):
        tokenization.check_encodings(enc, tokenizer, max_length=16)


def test_misaligned_mask_is_rejected(tokenizer) -> None:
    enc = dict(tokenizer(["I loved it!"]))
    enc["attention_mask"] = [enc["attention_mask"][0][:-1]]
    with pytest.raises(DataValidationError, match="attention_mask"):
        tokenization.check_encodings(enc, tokenizer)


def test_missing_special_tokens_are_caught(tokenizer) -> None:
    enc = tokenizer(["I loved it!"], add_special_tokens=False)
    with pytest.raises(DataValidationError, match=r"\[CLS\]"):
        tokenization.check_encodings(enc, tokenizer)


def test_float_ids_and_missing_keys(tokenizer) -> None:
    with pytest.raises(DataValidationError, match="integers"):
        tokenization.check_encodings(
            {"input_ids": [[101.0, 102.0]], "attention_mask": [[1, 1]]}, tokenizer
        )
    with pytest.raises(DataValidationError, match="'attention_mask'"):
        tokenization.check_encodings({"input_ids": [[101, 102]]}, tokenizer)


@pytest.mark.parametrize(
    ("labels", "message"),
    [(["pos", "neg"], "integer ids"), ([1, 2], "outside the label map"), ([1], "must align")],
)
def test_label_errors(labels, message: str) -> None:
    with pytest.raises(DataValidationError, match=message):
        tokenization.check_labels(labels, ["neg", "pos"], expected_count=2)


def test_length_report_percentiles_and_suggestion(tokenizer) -> None:
    texts = ["short one"] * 90 + ["a much longer text " * 10] * 10
    report = tokenization.length_report(tokenizer, texts, max_length=32)
    assert report.lengths.shape == (100,)
    assert report.percentiles[50] == 4  # [CLS] short one [SEP]
    assert report.truncation_rate == pytest.approx(0.10)
    assert report.suggested_max_length % 8 == 0
    assert report.suggested_max_length >= report.percentiles[99]
    assert "suggested max_length" in str(report)
    assert report.suggested_max_length == report.cap_at(99)


def test_cap_at_rounds_a_percentile_up_and_respects_the_model_limit(tokenizer) -> None:
    texts = ["short one"] * 90 + ["a much longer text " * 10] * 10
    report = tokenization.length_report(tokenizer, texts)
    assert report.cap_at(50) == 8  # P50 = 4 tokens, rounded up to 8
    assert report.cap_at(99) % 8 == 0 and report.cap_at(99) >= report.percentiles[99]
    very_long = tokenization.length_report(tokenizer, ["word " * 2000])
    assert very_long.cap_at(99) == very_long.model_limit
    with pytest.raises(ValueError, match="P97 was not measured"):
        report.cap_at(97)


def test_length_report_for_pairs_and_words(tokenizer) -> None:
    pairs = tokenization.length_report(tokenizer, ["a cat sits"], pair=["an animal rests"])
    assert pairs.lengths[0] == 3 + 3 + 3  # [CLS] a cat sits [SEP] an animal rests [SEP]
    words = tokenization.length_report(tokenizer, [["Ada", "Lovelace"]])
    assert words.lengths[0] >= 4
    with pytest.raises(ValueError, match="empty"):
        tokenization.length_report(tokenizer, [])
    with pytest.raises(ValueError, match="pair has 2"):
        tokenization.length_report(tokenizer, ["a"], pair=["b", "c"])


def test_label_consistency_across_splits() -> None:
    from datasets import ClassLabel, Dataset, DatasetDict, Features, Value

    feats = Features({"text": Value("string"), "label": ClassLabel(names=["neg", "pos"])})
    flipped = Features({"text": Value("string"), "label": ClassLabel(names=["pos", "neg"])})
    rows = [{"text": "a", "label": 0}, {"text": "b", "label": 1}]
    good = DatasetDict(
        train=Dataset.from_list(rows, features=feats), test=Dataset.from_list(rows, features=feats)
    )
    counts = tokenization.check_label_consistency(good, "label")
    assert counts == {"train": {0: 1, 1: 1}, "test": {0: 1, 1: 1}}
    bad = DatasetDict(train=good["train"], test=Dataset.from_list(rows, features=flipped))
    with pytest.raises(DataValidationError, match="same id would mean different classes"):
        tokenization.check_label_consistency(bad, "label")
    only_neg = DatasetDict(
        train=Dataset.from_list([{"text": "a", "label": 0}]), test=Dataset.from_list(rows)
    )
    with pytest.raises(DataValidationError, match=r"\['pos'\] have no training example"):
        tokenization.check_label_consistency(only_neg, "label", ["neg", "pos"])
    assert np.array_equal(sorted(counts["train"]), [0, 1])
