"""Data hygiene checks to run before training: leakage, problem type, imbalance, splits.

Taught in: lessons/02_multiclass_imbalance.ipynb (class frequencies, stratified splits),
lessons/03_multilabel_moderation.ipynb (multi-label detection, iterative stratification),
lessons/06_evaluation_error_analysis.ipynb (duplicates and leakage as error sources).
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from course_lib._validation import as_label_array, as_multi_hot, label_names_from, to_numpy
from course_lib.errors import DataValidationError

__all__ = [
    "assert_no_leakage",
    "class_frequency_summary",
    "detect_multilabel",
    "find_leakage",
    "normalize_text",
    "stratified_split",
    "text_hash",
]

_NON_WORD = re.compile(r"[\W_]+", flags=re.UNICODE)
_PAIR_SEPARATOR = " \u241f "  # joins the two texts of a sentence pair before hashing


def normalize_text(text: str) -> str:
    """Canonical form of a text for duplicate detection.

    Unicode NFKC normalisation (full-width letters, ligatures), case folding, every run of
    punctuation/whitespace/underscores replaced by one space, ends stripped. So
    ``"Great movie!!"`` and ``"great   MOVIE"`` normalise to the same ``"great movie"``.
    Taught in: lessons/06_evaluation_error_analysis.ipynb.

    Args:
        text: a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def text_hash(text: str | Sequence[str]) -> str:
    """Short stable hash (16 hex characters) of the normalised text.

    A sentence pair may be given as a tuple of two strings; the order matters.
    Behind :func:`find_leakage` and :func:`course_lib.error_analysis.leaked_mask`.

    Args:
        text: a string, or a tuple/list of strings (e.g. a premise and a hypothesis).
    """
    if isinstance(text, (tuple, list)):
        canonical = _PAIR_SEPARATOR.join(normalize_text(part) for part in text)
    else:
        canonical = normalize_text(text)
    return hashlib.blake2b(canonical.encode("utf-8"), digest_size=8).hexdigest()


def _hash_split(name: str, texts: Sequence[Any]) -> dict[str, Any]:
    """Map hash -> first original text of one split."""
    if isinstance(texts, str) or not isinstance(texts, (Sequence, np.ndarray, pd.Series)):
        raise TypeError(f"splits[{name!r}] must be a sequence of texts, got {type(texts).__name__}")
    hashes: dict[str, Any] = {}
    for i, text in enumerate(texts):
        try:
            key = text_hash(text)
        except TypeError as exc:
            raise TypeError(f"splits[{name!r}][{i}]: {exc}") from exc
        hashes.setdefault(key, text)
    return hashes


def find_leakage(splits: Mapping[str, Sequence[Any]], max_examples: int = 5) -> pd.DataFrame:
    """Texts that appear (after normalisation) in more than one split.

    Taught in: lessons/06_evaluation_error_analysis.ipynb.

    Args:
        splits: split name -> texts, e.g. ``{"train": train["text"], "test": test["text"]}``.
            Sentence pairs may be given as tuples of two strings.
        max_examples: how many shared texts to show per pair of splits.

    Returns:
        DataFrame with one row per pair of splits that share texts: split_a, split_b,
        n_shared (distinct normalised texts in both), share_of_b (n_shared / distinct texts
        of split_b) and examples (a list of texts as they appear in split_a). Empty (with
        these columns) when nothing leaks.
    """
    if not isinstance(splits, Mapping):
        raise TypeError("splits must be a mapping of split name -> texts")
    if len(splits) < 2:
        raise ValueError(f"splits needs at least two splits to compare, got {list(splits)}")
    if not isinstance(max_examples, int) or max_examples < 0:
        raise ValueError(f"max_examples must be a non-negative int, got {max_examples!r}")
    hashed = {name: _hash_split(name, texts) for name, texts in splits.items()}
    rows = []
    for a, b in itertools.combinations(hashed, 2):
        shared = hashed[a].keys() & hashed[b].keys()
        if shared:
            examples = [hashed[a][key] for key in sorted(shared)[:max_examples]]
            rows.append(
                {
                    "split_a": a,
                    "split_b": b,
                    "n_shared": len(shared),
                    "share_of_b": len(shared) / len(hashed[b]),
                    "examples": examples,
                }
            )
    columns = ["split_a", "split_b", "n_shared", "share_of_b", "examples"]
    return pd.DataFrame(rows, columns=columns)


def assert_no_leakage(splits: Mapping[str, Sequence[Any]], max_examples: int = 3) -> None:
    """Raise :class:`DataValidationError` if any text occurs in two splits.

    For scripts that must stop on leakage (the lessons print :func:`find_leakage` instead).

    Args:
        splits: split name -> texts (see :func:`find_leakage`).
        max_examples: how many leaked texts to quote per pair in the message.
    """
    leaks = find_leakage(splits, max_examples=max_examples)
    if leaks.empty:
        return
    lines = [
        f"  {row.split_a} & {row.split_b}: {row.n_shared} shared text(s), e.g. {row.examples!r}"
        for row in leaks.itertuples()
    ]
    raise DataValidationError(
        "texts leak between splits (the evaluation would reward memorisation):\n"
        + "\n".join(lines)
        + "\nRemove the duplicates from the evaluation split(s), e.g. by dropping rows whose "
        "course_lib.hygiene.text_hash is in the training split."
    )


def detect_multilabel(labels: Any) -> bool:
    """Whether labels describe a multi-label problem (some example has more than one label).

    Recognises lists/tuples/sets of labels per example (``[["spam", "abuse"], ["ok"]]``) and
    multi-hot matrices (``[[1, 0, 1], ...]``). Plain class ids, and one-hot rows or
    single-element lists, are single-label. Use it to catch the "wrong problem type" bug:
    training a softmax classifier on data that needs independent sigmoids.
    Taught in: lessons/03_multilabel_moderation.ipynb.

    Args:
        labels: per-example labels in any of the forms above.
    """
    if isinstance(labels, (str, bytes)):
        raise TypeError("labels must be a sequence of labels, not a single string")
    items = list(labels.tolist() if hasattr(labels, "tolist") else labels)
    if not items:
        raise ValueError("labels is empty")
    if all(isinstance(item, (list, tuple, set, frozenset, np.ndarray)) for item in items):
        lengths = {len(item) for item in items}
        numeric = all(
            isinstance(v, (bool, np.bool_, int, float, np.integer, np.floating))
            for item in items
            for v in item
        )
        if numeric and len(lengths) == 1 and lengths != {0}:
            matrix = to_numpy(items, "labels")
            if np.isin(matrix, (0, 1)).all():  # multi-hot / one-hot rows
                return bool((matrix.sum(axis=1) > 1).any())
        return any(len(set(item)) > 1 for item in items)
    if any(isinstance(item, (list, tuple, set, frozenset, np.ndarray)) for item in items):
        raise ValueError("labels mixes single labels and lists of labels; pick one format")
    return False


def class_frequency_summary(
    labels: Any, label_names: Sequence[str] | Mapping[int, str] | None = None
) -> pd.DataFrame:
    """Count, share and imbalance ratio of every class (or label, for multi-hot input).

    Taught in: lessons/02_multiclass_imbalance.ipynb.

    Args:
        labels: ``[N]`` class ids, or ``[N, L]`` multi-hot labels.
        label_names: names indexed by id; defaults to the ids as strings. Its length sets the
            number of classes, so classes absent from ``labels`` appear with count 0.

    Returns:
        DataFrame indexed by class name with columns count, share (count / N; for multi-hot the
        per-label prevalence) and imbalance_ratio (largest count / this count; inf when 0).
    """
    names = label_names_from(label_names)
    raw = to_numpy(labels, "labels")
    if raw.ndim == 2:
        matrix = as_multi_hot(raw, "labels")
        counts = matrix.sum(axis=0)
        n_examples = matrix.shape[0]
    else:
        ids = as_label_array(raw, "labels", ndim=1)
        if ids.min() < 0:
            raise ValueError(f"labels contains negative label {ids.min()}")
        width = len(names) if names is not None else int(ids.max()) + 1
        counts = np.bincount(ids, minlength=width)
        n_examples = ids.size
    if names is None:
        names = [str(i) for i in range(len(counts))]
    if len(names) != len(counts):
        raise ValueError(
            f"label_names has {len(names)} names but labels use {len(counts)} classes; the "
            "label map disagrees with the data"
        )
    with np.errstate(divide="ignore"):
        ratio = counts.max() / counts.astype(np.float64)
    return pd.DataFrame(
        {"count": counts.astype(int), "share": counts / n_examples, "imbalance_ratio": ratio},
        index=pd.Index(names, name="class"),
    )


def _test_count(test_size: float | int, n: int) -> int:
    if isinstance(test_size, bool) or not isinstance(test_size, (int, float, np.floating)):
        raise TypeError(f"test_size must be a fraction or a count, got {type(test_size).__name__}")
    if isinstance(test_size, (int, np.integer)):
        count = int(test_size)
    elif 0.0 < test_size < 1.0:
        count = int(round(test_size * n))
    else:
        raise ValueError(f"test_size must be a fraction in (0, 1) or a count, got {test_size}")
    if not 0 < count < n:
        raise ValueError(
            f"test_size={test_size} gives {count} test examples out of {n}; both splits must be "
            "non-empty"
        )
    return count


def stratified_split(
    n_or_labels: int | Any,
    test_size: float | int = 0.2,
    seed: int = 0,
    multilabel: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Train/test indices that keep class (or label) proportions in both parts.

    * an int ``n``: a plain seeded random split of ``range(n)``;
    * ``[N]`` class ids: every class is split in proportion (largest-remainder rounding, so
      the test part has exactly the requested size);
    * ``[N, L]`` multi-hot with ``multilabel=True``: iterative stratification (Sechidis et al.,
      2011), greedy: rarest label first, each of its examples goes to the part that still
      needs most of that label.

    No lesson calls it: the course's splits come ready-made, and this is the tool for your own data.

    Args:
        n_or_labels: number of examples, or the labels to stratify on.
        test_size: fraction in (0, 1) or absolute number of test examples.
        seed: seed of the random choices.
        multilabel: True when ``n_or_labels`` is a multi-hot matrix.

    Returns:
        ``(train_indices, test_indices)``, sorted int64 arrays.
    """
    rng = np.random.default_rng(seed)
    if isinstance(n_or_labels, (int, np.integer)) and not isinstance(n_or_labels, bool):
        n = int(n_or_labels)
        if n < 2:
            raise ValueError(f"n_or_labels must be at least 2 to split, got {n}")
        test = rng.permutation(n)[: _test_count(test_size, n)]
    elif multilabel:
        matrix = as_multi_hot(n_or_labels, "n_or_labels")
        n = matrix.shape[0]
        test = _iterative_stratification(matrix, test_size, rng)
    else:
        raw = to_numpy(n_or_labels, "n_or_labels")
        if raw.ndim == 2:
            raise ValueError("n_or_labels is 2-D: pass multilabel=True for multi-hot labels")
        ids = as_label_array(raw, "n_or_labels")
        n = ids.size
        test = _stratified_single(ids, test_size, rng)
    mask = np.zeros(n, dtype=bool)
    mask[test] = True
    return np.flatnonzero(~mask), np.flatnonzero(mask)


def _stratified_single(
    ids: np.ndarray, test_size: float | int, rng: np.random.Generator
) -> np.ndarray:
    n_test = _test_count(test_size, ids.size)
    classes, counts = np.unique(ids, return_counts=True)
    exact = counts * n_test / ids.size
    quota = np.floor(exact).astype(int)
    # hand the remaining test slots to the classes with the largest fractional parts
    remainder = n_test - quota.sum()
    order = np.lexsort((rng.random(classes.size), -(exact - quota)))
    quota[order[:remainder]] += 1
    chosen = [
        rng.permutation(np.flatnonzero(ids == cls))[:q]
        for cls, q in zip(classes, quota, strict=True)
    ]
    return np.concatenate(chosen)


def _iterative_stratification(
    matrix: np.ndarray, test_size: float | int, rng: np.random.Generator
) -> np.ndarray:
    n = matrix.shape[0]
    n_test = _test_count(test_size, n)
    ratios = np.array([(n - n_test) / n, n_test / n])  # part 0 = train, part 1 = test
    wanted_size = ratios * n
    wanted_label = ratios[:, None] * matrix.sum(axis=0)[None, :]
    part = np.full(n, -1)
    remaining = matrix.astype(bool).copy()
    while remaining.any():
        per_label = remaining.sum(axis=0)
        candidates = np.flatnonzero(per_label == per_label[per_label > 0].min())
        label = rng.choice(candidates)
        for row in rng.permutation(np.flatnonzero(remaining[:, label])):
            need = wanted_label[:, label]
            best = np.flatnonzero(need == need.max())
            if best.size > 1:
                sizes = wanted_size[best]
                best = best[sizes == sizes.max()]
            chosen = int(rng.choice(best))
            part[row] = chosen
            wanted_label[chosen] -= matrix[row]
            wanted_size[chosen] -= 1
            remaining[row] = False
    # examples without any label: fill whichever part is still short
    for row in rng.permutation(np.flatnonzero(part == -1)):
        chosen = int(np.argmax(wanted_size))
        part[row] = chosen
        wanted_size[chosen] -= 1
    return np.flatnonzero(part == 1)
