"""Tokenization sanity checks: catch shape, label and length problems before training.

Taught in: lessons/01_binary_sentiment.ipynb ("check the batch before you train"); lesson 07
reuses :func:`length_report` to choose ``max_length``. Exercise ex01 has learners write such
checks by hand.

The course's one ``max_length`` rule: tokenize without padding, pad each batch to its longest
text (dynamic padding, batches grouped by length), and cap at the P99 of the training lengths
rounded up to a multiple of 8 (:attr:`LengthReport.suggested_max_length`). With dynamic padding
the cap only touches batches that hold the longest texts, so a generous cap costs little, while
lesson 07 measures what the P95 cut costs: it removes the closing verdict of long reviews. The
P95 (``cap_at(95)``) is for batches padded to one fixed length, after looking at what it cuts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from course_lib._validation import column_values
from course_lib.errors import DataValidationError

PERCENTILES = (50, 90, 95, 99)


@dataclass(frozen=True)
class LengthReport:
    """Token-length statistics of a text column.

    Attributes:
        lengths: tokens per example, special tokens included, before truncation.
        percentiles: ``{50: ..., 90: ..., 95: ..., 99: ...}``.
        max_length: the length checked for truncation (None if not given).
        truncation_rate: share of examples longer than ``max_length``.
        model_limit: the longest input the tokenizer's model takes (512 when it does not say).
        multiple_of: caps are rounded up to a multiple of this.
    """

    lengths: np.ndarray
    percentiles: dict[int, float]
    max_length: int | None
    truncation_rate: float
    model_limit: int = 512
    multiple_of: int = 8

    @property
    def suggested_max_length(self) -> int:
        """``cap_at(99)``: the P99 rounded up to a multiple of 8 (at most the model limit).

        The course's rule for dynamic padding (see the module docstring); lessons/07 measures it.
        """
        return self.cap_at(99)

    def cap_at(self, percentile: int) -> int:
        """A ``max_length`` that keeps ``percentile``% of the texts whole: that percentile of the
        lengths rounded up to ``multiple_of``, at most ``model_limit``.

        P99 (the default suggestion) suits dynamic padding; P95 suits padding to a fixed length.
        Taught in: lessons/07_efficient_finetuning.ipynb.
        """
        if percentile not in self.percentiles:
            raise ValueError(
                f"P{percentile} was not measured; choose one of {list(self.percentiles)}"
            )
        rounded = self.multiple_of * math.ceil(self.percentiles[percentile] / self.multiple_of)
        return min(self.model_limit, rounded)

    def truncated_share(self, max_length: int) -> float:
        """Share of the measured texts longer than ``max_length`` (no second tokenizer pass).

        Taught in: lessons/05_sentence_pairs.ipynb.
        """
        return float(np.mean(self.lengths > max_length))

    def __str__(self) -> str:
        pct = ", ".join(f"P{p}={v:.0f}" for p, v in self.percentiles.items())
        trunc = (
            f"; {self.truncation_rate:.1%} truncated at max_length={self.max_length}"
            if self.max_length
            else ""
        )
        return (
            f"{len(self.lengths)} texts, tokens: mean={self.lengths.mean():.1f}, {pct}, "
            f"max={self.lengths.max()}{trunc}; suggested max_length={self.suggested_max_length}"
        )


def sequence_lengths(
    dataset: Any,  # a tokenized, unpadded datasets.Dataset
    column: str = "input_ids",  # the token column to count when there is no length column
    length_column: str = "length",  # read instead of counting when present (Trainer's name)
) -> np.ndarray:
    """Token count of every example of a tokenized (unpadded) dataset.

    Uses the ``length_column`` when there is one (``tokenizer(..., return_length=True)`` adds
    ``length``, and the Trainer's length-grouping sampler reads it instead of scanning the
    data). Taught in: lessons/04_ner_token_classification.ipynb.

    Behind :func:`course_lib.efficiency.make_batches` (lesson 07's padding comparison) and
    ``LossTrainer``'s length-grouped oversampling (lesson 02).
    """
    names = getattr(dataset, "column_names", None)
    if names is None:
        raise TypeError(f"dataset must be a datasets.Dataset, got {type(dataset).__name__}.")
    if length_column in names:
        return np.asarray(column_values(dataset[length_column]), dtype=np.int64)
    if column not in names:
        raise ValueError(f"dataset has no {column!r} column (columns: {names}); tokenize it first.")
    rows = column_values(dataset[column])
    return np.fromiter((len(ids) for ids in rows), dtype=np.int64, count=len(dataset))


def _token_lengths(tokenizer: Any, texts: Sequence[Any], pair: Sequence[str] | None) -> np.ndarray:
    texts = list(column_values(texts))
    split_words = bool(texts) and isinstance(texts[0], (list, tuple))
    kwargs: dict[str, Any] = {"truncation": False, "is_split_into_words": split_words}
    encoded = (
        tokenizer(texts, list(column_values(pair)), **kwargs)
        if pair
        else tokenizer(texts, **kwargs)
    )
    return np.array([len(ids) for ids in encoded["input_ids"]], dtype=np.int64)


def length_report(
    tokenizer: Any,  # a Hugging Face tokenizer
    texts: Sequence[Any],  # strings, or lists of words for token classification
    max_length: int | None = None,  # a candidate max_length to measure truncation against
    pair: Sequence[str] | None = None,  # second texts, for sentence-pair tasks
    multiple_of: int = 8,  # round the suggestion up to this (tensor-core friendly)
) -> LengthReport:
    """Measure token lengths and suggest ``max_length`` from the 99th percentile.

    Taught in: lessons/01_binary_sentiment.ipynb; lessons/07_efficient_finetuning.ipynb.
    """
    if len(texts) == 0:
        raise ValueError("texts is empty: nothing to measure.")
    if pair is not None and len(pair) != len(texts):
        raise ValueError(f"pair has {len(pair)} texts but texts has {len(texts)}.")
    if max_length is not None and max_length < 2:
        raise ValueError(f"max_length={max_length} leaves no room for the special tokens.")
    lengths = _token_lengths(tokenizer, texts, pair)
    percentiles = {p: float(np.percentile(lengths, p)) for p in PERCENTILES}
    model_limit = int(getattr(tokenizer, "model_max_length", 512) or 512)
    model_limit = min(model_limit, 512) if model_limit > 100_000 else model_limit
    rate = float(np.mean(lengths > max_length)) if max_length else 0.0
    return LengthReport(lengths, percentiles, max_length, rate, model_limit, multiple_of)


@dataclass
class BatchCheck:
    """Outcome of :func:`check_encodings`: what was verified, for printing in a lesson."""

    num_examples: int
    lengths: list[int]
    special_tokens: tuple[str, str]
    messages: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(self.messages)


def _special_template(tokenizer: Any) -> tuple[int | None, int | None]:
    """(first, last) special token ids the tokenizer wraps a single text with, if any."""
    template = tokenizer("", add_special_tokens=True)["input_ids"]  # e.g. [CLS, SEP] or [<s>, </s>]
    if not template:
        return None, None
    return template[0], template[-1]


def _as_rows(values: Any, name: str) -> list[list[int]]:
    if hasattr(values, "tolist"):
        values = values.tolist()
    if not isinstance(values, Sequence) or len(values) == 0:
        raise DataValidationError(f"{name} is empty or not a sequence of token-id lists.")
    if not isinstance(values[0], Sequence):  # a single example
        values = [values]
    for row in values:
        for v in row:
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
                raise DataValidationError(
                    f"{name} holds {type(v).__name__} values; token ids must be integers."
                )
    return [list(map(int, row)) for row in values]


def check_encodings(
    encodings: Mapping[str, Any],  # tokenizer output (lists or tensors)
    tokenizer: Any,  # the tokenizer that produced them
    max_length: int | None = None,  # if padded to max_length: every row must have this length
    labels: Sequence[Any] | None = None,  # integer class ids, one per example
    label_names: Sequence[str] | None = None,  # the label map's names, to range-check labels
) -> BatchCheck:
    """Verify ids/mask lengths and types, special tokens and labels; raise on the first problem.

    Taught in: lessons/01_binary_sentiment.ipynb.
    """
    for key in ("input_ids", "attention_mask"):
        if key not in encodings:
            raise DataValidationError(
                f"encodings has no {key!r}; call the tokenizer on your texts (it returns both)."
            )
    ids = _as_rows(encodings["input_ids"], "input_ids")
    mask = _as_rows(encodings["attention_mask"], "attention_mask")
    if len(ids) != len(mask):
        raise DataValidationError(f"{len(ids)} input_ids rows but {len(mask)} attention_mask rows.")
    messages: list[str] = []
    for i, (row_ids, row_mask) in enumerate(zip(ids, mask, strict=True)):
        if len(row_ids) != len(row_mask):
            raise DataValidationError(
                f"example {i}: input_ids has {len(row_ids)} tokens, attention_mask {len(row_mask)}."
            )
        if set(row_mask) - {0, 1}:
            raise DataValidationError(f"example {i}: attention_mask holds values other than 0/1.")
        if max_length is not None and len(row_ids) != max_length:
            raise DataValidationError(
                f"example {i} has {len(row_ids)} tokens, expected max_length={max_length}: pass "
                f"padding='max_length', truncation=True, max_length={max_length} to the tokenizer."
            )
    messages.append(
        f"OK: {len(ids)} examples, input_ids and attention_mask aligned (lengths {sorted({len(r) for r in ids})})"
    )

    first, last = _special_template(tokenizer)
    names = tuple(tokenizer.convert_ids_to_tokens([t for t in (first, last) if t is not None]))
    if first is not None and last is not None:
        for i, (row_ids, row_mask) in enumerate(zip(ids, mask, strict=True)):
            real = [t for t, m in zip(row_ids, row_mask, strict=True) if m == 1]
            if not real or real[0] != first or real[-1] != last:
                got = tokenizer.convert_ids_to_tokens(real[:1] + real[-1:]) if real else []
                raise DataValidationError(
                    f"example {i} should start with {names[0]} and end with {names[-1]} but has "
                    f"{got}: tokenize with add_special_tokens=True (the default)."
                )
        messages.append(f"OK: every example starts with {names[0]} and ends with {names[-1]}")

    if labels is not None:
        check_labels(labels, label_names, expected_count=len(ids))
        messages.append(f"OK: {len(ids)} integer labels, all inside the label map")
    pair = (names[0], names[-1]) if len(names) == 2 else ("", "")
    return BatchCheck(len(ids), [sum(m) for m in mask], pair, messages)


def check_labels(
    labels: Sequence[Any],  # class ids, one per example
    label_names: Sequence[str] | None = None,  # the label map; ids must be in range(len(names))
    expected_count: int | None = None,  # number of examples the labels must match
) -> None:
    """Raise :class:`DataValidationError` unless labels are integers inside the label map."""
    values = labels.tolist() if hasattr(labels, "tolist") else list(labels)
    if expected_count is not None and len(values) != expected_count:
        raise DataValidationError(
            f"{len(values)} labels for {expected_count} examples: labels must align with inputs."
        )
    for i, v in enumerate(values):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise DataValidationError(
                f"label {i} is {v!r} ({type(v).__name__}); labels must be integer ids. Map names "
                "with label2id first, e.g. label2id['pos']."
            )
        if label_names is not None and not 0 <= int(v) < len(label_names):
            raise DataValidationError(
                f"label {i} = {v} is outside the label map {dict(enumerate(label_names))}."
            )


def check_label_consistency(
    dataset: Mapping[str, Any],  # DatasetDict-like: split name -> dataset with a label column
    label_column: str = "label",
    label_names: Sequence[str] | None = None,
) -> dict[str, dict[int, int]]:
    """Check the label map agrees across splits; return per-split class counts.

    Raises when a split's ClassLabel names differ from train's, when an evaluation split holds a
    class that train never shows, or when a class of the label map has no training example.
    Taught in: lessons/01_binary_sentiment.ipynb.
    """
    if "train" not in dataset:
        raise DataValidationError("dataset has no 'train' split to compare the others with.")
    reference = _feature_names(dataset["train"], label_column) or (
        tuple(label_names) if label_names else None
    )
    counts: dict[str, dict[int, int]] = {}
    for split, data in dataset.items():
        names = _feature_names(data, label_column)
        if names and reference and tuple(names) != tuple(reference):
            raise DataValidationError(
                f"split {split!r} names its labels {list(names)} but train uses "
                f"{list(reference)}: the same id would mean different classes."
            )
        values = np.asarray(column_values(data[label_column]))
        if values.ndim != 1:
            raise DataValidationError(
                f"{label_column!r} in {split!r} is not one id per example; for multi-label data "
                "use the multi-label checks of lesson 03."
            )
        ids, freq = np.unique(values, return_counts=True)
        counts[split] = {int(i): int(n) for i, n in zip(ids, freq, strict=True)}
    if reference is not None:
        check_labels(
            np.concatenate([np.asarray(column_values(d[label_column])) for d in dataset.values()]),
            reference,
        )
        missing = [reference[i] for i in range(len(reference)) if i not in counts["train"]]
        if missing:
            raise DataValidationError(f"classes {missing} have no training example.")
    for split, split_counts in counts.items():
        unseen = sorted(set(split_counts) - set(counts["train"]))
        if unseen:
            raise DataValidationError(
                f"split {split!r} has label ids {unseen} never seen in train."
            )
    return counts


def _feature_names(data: Any, column: str) -> tuple[str, ...] | None:
    features = getattr(data, "features", None)
    if not features or column not in features:
        return None
    names = getattr(features[column], "names", None)
    return tuple(names) if names else None
