"""Helpers for sentence-pair tasks: pair encoding, truncation previews, score scaling, baselines.

A cross-encoder reads both texts at once: ``[CLS] first [SEP] second [SEP]`` for BERT-style
models. These helpers show what the tokenizer does to a pair (which segment each token belongs
to, what each truncation strategy cuts), build the ``Dataset.map`` function for any pair task,
rescale similarity scores for a regression head, and give cheap lexical baselines.

Taught in: lessons/05_sentence_pairs.ipynb.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from course_lib._validation import as_float_array
from course_lib.models import evaluating

__all__ = [
    "TRUNCATION_STRATEGIES",
    "embedding_cosine",
    "has_token_type_ids",
    "pair_encoder",
    "scale_scores",
    "segment_table",
    "truncation_preview",
    "unscale_scores",
    "word_overlap",
]

#: Truncation strategies that make sense for a pair of texts.
TRUNCATION_STRATEGIES = ("longest_first", "only_first", "only_second")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def _check_truncation(truncation: str) -> None:
    if truncation not in TRUNCATION_STRATEGIES:
        raise ValueError(
            f"truncation={truncation!r}; use one of {TRUNCATION_STRATEGIES} for sentence pairs"
        )


def _require_fast(tokenizer: Any) -> None:
    if not getattr(tokenizer, "is_fast", False):
        raise ValueError(
            "this helper reads encoding.sequence_ids(), which needs a fast tokenizer "
            "(AutoTokenizer.from_pretrained(...) returns one for every course checkpoint)"
        )


def has_token_type_ids(tokenizer: Any) -> bool:
    """True when the tokenizer (or tokenizer class) returns ``token_type_ids`` for a pair.

    BERT-style tokenizers do; RoBERTa, XLM-R and DistilBERT do not: their models tell the two
    segments apart only by the separator tokens. Works on a class, so no download is needed:
    ``has_token_type_ids(transformers.RobertaTokenizer)``.
    Taught in: lessons/05_sentence_pairs.ipynb.
    """
    names = getattr(tokenizer, "model_input_names", None)
    if names is None:
        raise TypeError(f"{tokenizer!r} has no model_input_names: pass a Hugging Face tokenizer")
    return "token_type_ids" in names


def segment_table(tokenizer: Any, first: str, second: str, **kwargs: Any) -> pd.DataFrame:
    """One row per token of the encoded pair: the token, its segment and its ``token_type_id``.

    ``segment`` is ``"A"`` (first text), ``"B"`` (second text) or ``"special"`` ([CLS], [SEP],
    padding). ``token_type_id`` is missing (``<NA>``) for tokenizers that do not return it.
    Extra keyword arguments go to the tokenizer (e.g. ``padding="max_length", max_length=20``).
    Taught in: lessons/05_sentence_pairs.ipynb.
    """
    _require_fast(tokenizer)
    encoding = tokenizer(first, second, **kwargs)
    ids = encoding["input_ids"]
    segment = {0: "A", 1: "B", None: "special"}
    frame = pd.DataFrame(
        {
            "token": tokenizer.convert_ids_to_tokens(ids),
            "segment": [segment[s] for s in encoding.sequence_ids()],
            "token_type_id": pd.array(
                encoding.get("token_type_ids", [None] * len(ids)), dtype="Int64"
            ),
            "attention_mask": encoding["attention_mask"],
        }
    )
    frame.index.name = "position"
    return frame


def _segment_ids(encoding: Any) -> tuple[list[int], list[int]]:
    sequence_ids = encoding.sequence_ids()
    ids = encoding["input_ids"]
    first = [t for t, s in zip(ids, sequence_ids, strict=True) if s == 0]
    second = [t for t, s in zip(ids, sequence_ids, strict=True) if s == 1]
    return first, second


def truncation_preview(
    tokenizer: Any,  # a fast tokenizer
    first: str,  # e.g. the premise
    second: str,  # e.g. the hypothesis
    max_length: int,
    strategies: Sequence[str] = TRUNCATION_STRATEGIES,
) -> pd.DataFrame:
    """Show what each truncation strategy keeps of a pair at ``max_length`` tokens.

    One row per strategy with the number of tokens kept from each text and the decoded text
    that was cut from each. A strategy that cannot reach ``max_length`` (``only_second`` when the
    second text is too short to absorb the whole cut) gets an ``error`` instead of failing.
    Taught in: lessons/05_sentence_pairs.ipynb.
    """
    _require_fast(tokenizer)
    for strategy in strategies:
        _check_truncation(strategy)
    full_first, full_second = _segment_ids(tokenizer(first, second, truncation=False))
    rows = []
    for strategy in strategies:
        row: dict[str, Any] = {"strategy": strategy}
        try:
            encoding = tokenizer(first, second, truncation=strategy, max_length=max_length)
        except Exception as err:  # the Rust tokenizer raises a bare Exception here
            row.update(
                first_kept="-",
                second_kept="-",
                first_cut="",
                second_cut="",
                error=str(err).split("\n")[0],
            )
            rows.append(row)
            continue
        kept_first, kept_second = _segment_ids(encoding)
        row.update(
            first_kept=f"{len(kept_first)}/{len(full_first)}",
            second_kept=f"{len(kept_second)}/{len(full_second)}",
            first_cut=tokenizer.decode(full_first[len(kept_first) :]),
            second_cut=tokenizer.decode(full_second[len(kept_second) :]),
            error="",
        )
        rows.append(row)
    return pd.DataFrame(rows).set_index("strategy")


def pair_encoder(
    tokenizer: Any,
    first_column: str,
    second_column: str,
    *,
    max_length: int | None = None,  # None: the model's limit
    truncation: str = "longest_first",
) -> Callable[[Mapping[str, Sequence[str]]], Any]:
    """Return a ``Dataset.map(..., batched=True)`` function that encodes two text columns.

    No padding: ``DataCollatorWithPadding`` pads each batch (``token_type_ids`` included).
    A truncation the tokenizer cannot perform becomes a ``ValueError`` that says what to change.
    Taught in: lessons/05_sentence_pairs.ipynb.
    """
    _check_truncation(truncation)
    if first_column == second_column:
        raise ValueError(f"first_column and second_column are both {first_column!r}")

    def encode(batch: Mapping[str, Sequence[str]]) -> Any:
        for column in (first_column, second_column):
            if column not in batch:
                raise ValueError(f"batch has no column {column!r}; columns: {sorted(batch)}")
        firsts, seconds = batch[first_column], batch[second_column]
        if isinstance(firsts, str):
            raise ValueError("pair_encoder expects a batch: call dataset.map(..., batched=True)")
        try:
            return tokenizer(
                list(firsts), list(seconds), truncation=truncation, max_length=max_length
            )
        except Exception as err:  # the Rust tokenizer's truncation error is a bare Exception
            if "runcat" not in str(err):
                raise
            raise ValueError(
                f"truncation={truncation!r} cannot shorten some pairs to max_length={max_length}: "
                f"the text it may cut is too short ({str(err).splitlines()[0]}). Use "
                "'longest_first', or 'only_first' when the second text must stay whole, or "
                "raise max_length."
            ) from None

    return encode


def _scores(values: Any, name: str) -> np.ndarray:
    return as_float_array(values, name, ndim=(1, 2)).reshape(-1)


def scale_scores(scores: Any, low: float = 0.0, high: float = 5.0) -> list[float]:
    """Map similarity scores from ``[low, high]`` to ``[0, 1]`` for a regression head.

    A freshly initialised head outputs values near 0; targets on a 0-1 scale are reached in a
    few hundred steps, while 0-5 targets need the bias to travel far. Pearson and Spearman do
    not change under this rescaling. Taught in: lessons/05_sentence_pairs.ipynb.

    Raises:
        ValueError: when ``high <= low`` or a score lies outside ``[low, high]``.
    """
    if not high > low:
        raise ValueError(f"need high > low, got low={low}, high={high}")
    values = _scores(scores, "scores")
    outside = values[(values < low) | (values > high)]
    if outside.size:
        raise ValueError(
            f"{outside.size} score(s) lie outside [{low}, {high}], e.g. {outside[0]}: "
            "check the label column or the range"
        )
    return ((values - low) / (high - low)).tolist()


def unscale_scores(values: Any, low: float = 0.0, high: float = 5.0) -> np.ndarray:
    """Inverse of :func:`scale_scores`: model outputs on ``[0, 1]`` back to ``[low, high]``.

    Outputs are not clipped, so a prediction slightly below 0 stays visible.
    Taught in: lessons/05_sentence_pairs.ipynb.
    """
    if not high > low:
        raise ValueError(f"need high > low, got low={low}, high={high}")
    return _scores(values, "values") * (high - low) + low


def word_overlap(first: str, second: str) -> float:
    """Jaccard overlap of the two texts' lower-cased word sets, in ``[0, 1]``.

    A lexical baseline: pairs that share many words are often (not always) similar, which is
    the shortcut a pair model must learn to go beyond. Taught in: lessons/05_sentence_pairs.ipynb.
    """
    if not isinstance(first, str) or not isinstance(second, str):
        raise TypeError("word_overlap compares two strings")
    a, b = set(_WORD.findall(first.lower())), set(_WORD.findall(second.lower()))
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def embedding_cosine(
    encoder: Any,  # a bare encoder, e.g. AutoModel.from_pretrained(checkpoint)
    tokenizer: Any,
    first: Sequence[str],
    second: Sequence[str],
    batch_size: int = 32,
    max_length: int | None = None,
) -> np.ndarray:
    """Cosine similarity of mean-pooled embeddings, each text encoded **separately**.

    This is the bi-encoder view of similarity (sentence-transformers style): no pair encoding,
    no training. It is strong for checkpoints trained for sentence embeddings (all-MiniLM-L6-v2)
    and weak for plain pre-trained encoders (bert-base-uncased). Padding is excluded from the mean.
    Taught in: lessons/05_sentence_pairs.ipynb.

    Returns:
        One cosine in ``[-1, 1]`` per pair.
    """
    import torch

    if isinstance(first, str) or isinstance(second, str):
        raise TypeError("first and second must be lists of texts, not single strings")
    first, second = list(first), list(second)  # also accepts datasets columns
    if len(first) != len(second):
        raise ValueError(f"{len(first)} first texts but {len(second)} second texts")
    if batch_size < 1:
        raise ValueError(f"batch_size must be positive, got {batch_size}")
    if len(first) == 0:
        return np.zeros(0)
    device = next(encoder.parameters()).device

    def embed(texts: Sequence[str]) -> torch.Tensor:
        vectors = []
        for start in range(0, len(texts), batch_size):
            batch = tokenizer(
                texts[start : start + batch_size],
                padding=True,
                truncation=True,
                max_length=max_length,
                return_tensors="pt",
            ).to(device)
            hidden = encoder(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            vectors.append((hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0))
        return torch.nn.functional.normalize(torch.cat(vectors).float(), dim=-1)

    with evaluating(encoder):
        cosine = (embed(first) * embed(second)).sum(dim=-1)
    return cosine.cpu().numpy().astype(np.float64)


def __getattr__(name: str) -> Any:
    # Lesson 05 draws its scatter plot as ``cl.pairs.plot_score_scatter``; it lives in plots.
    if name == "plot_score_scatter":
        return importlib.import_module("course_lib.plots").plot_score_scatter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
