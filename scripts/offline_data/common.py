"""Helpers shared by every task's generator: text noise, label plans, unique texts."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from random import Random
from typing import Any

from course_lib.hygiene import normalize_text

SPLITS = ("train", "validation", "test")

Row = dict[str, Any]


# Shared helpers
def norm_key(text: str) -> str:
    """The leak detector's normal form (``cl.hygiene.normalize_text``): Unicode-normalised,
    case-folded, punctuation and whitespace collapsed. Two texts with the same key count as
    duplicates, so no split holds a punctuation-only variant of another split's text."""
    return normalize_text(text)


def tidy(text: str) -> str:
    """Collapse spaces and remove spaces before punctuation."""
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.!?;:])", r"\1", text)
    return text


def cap(text: str) -> str:
    """Upper-case the first character only."""
    return text[:1].upper() + text[1:] if text else text


def pick(rng: Random, items: Sequence[Any]) -> Any:
    return items[rng.randrange(len(items))]


def typo(rng: Random, text: str) -> str:
    """Introduce one keyboard-style typo (swap, drop or double a letter) in a longer word."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if w.isalpha() and len(w) >= 4]
    if not candidates:
        return text
    i = pick(rng, candidates)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    elif kind == 1:
        w = w[:j] + w[j + 1 :]
    else:
        w = w[:j] + w[j] + w[j:]
    words[i] = w
    return " ".join(words)


def surface_noise(
    rng: Random, text: str, p_lower: float = 0.3, p_typo: float = 0.15, p_punct: float = 0.3
) -> str:
    """Casual-writing noise: lower-casing, a typo, dropped or exaggerated final punctuation."""
    if rng.random() < p_typo:
        text = typo(rng, text)
    if rng.random() < p_lower:
        text = text.lower()
    if rng.random() < p_punct and text and text[-1] in ".!?":
        text = text[:-1] + pick(rng, ["", "!!", "...", "!", " !", "."])
    return text.strip()


def plan_labels(rng: Random, counts: Sequence[int]) -> list[int]:
    """A shuffled list with exactly ``counts[k]`` copies of label ``k``."""
    labels = [k for k, c in enumerate(counts) for _ in range(c)]
    rng.shuffle(labels)
    return labels


def split_counts(n: int, fractions: Sequence[float]) -> list[int]:
    """Integer counts summing to ``n`` that follow ``fractions`` (largest remainder)."""
    raw = [n * f for f in fractions]
    counts = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda k: (counts[k] - raw[k], k))
    for k in order[: n - sum(counts)]:
        counts[k] += 1
    return counts


def noisy_indices(rng: Random, n: int, rate: float) -> set[int]:
    """Exactly ``round(n * rate)`` row indices that receive a deliberately wrong label."""
    return set(rng.sample(range(n), round(n * rate)))


def unique(
    rng: Random, seen: set[str], make: Callable[[], tuple[Row, str]], tries: int = 400
) -> Row:
    """Call ``make`` until it returns a row whose key is new to the task; record the key."""
    for _ in range(tries):
        row, key = make()
        key = norm_key(key)
        if key and key not in seen:
            seen.add(key)
            return row
    raise RuntimeError("generator ran out of unique texts; add vocabulary or templates")


def is_plural(noun_phrase: str) -> bool:
    """Rough number agreement for our own vocabulary: plural heads end in -s."""
    head = noun_phrase.split()[-1]
    return head.endswith("s") and not head.endswith(("ss", "us")) and head not in ("series", "news")


def labelled_splits(
    rng: Random,
    sizes: dict[str, int],
    fractions: Sequence[float],
    noise_rate: float,
    row: Callable[[int], tuple[Row, str]],
    flip: Callable[[int], int] | None = None,
) -> dict[str, list[Row]]:
    """Single-label splits with an exact label plan, a share of wrong labels and unique texts.

    ``row(label)`` writes an example of ``label``: its fields and the text that must be unique.
    A noisy example is written for ``flip(label)`` (default: another class drawn at random) but
    keeps ``label``.
    """
    seen: set[str] = set()
    out: dict[str, list[Row]] = {}
    for split, n in sizes.items():
        labels = plan_labels(rng, split_counts(n, fractions))
        flips = noisy_indices(rng, n, noise_rate)
        rows = []
        for i, y in enumerate(labels):
            if i not in flips:
                src = y
            elif flip is not None:
                src = flip(y)
            else:
                src = pick(rng, [k for k in range(len(fractions)) if k != y])

            def make(y: int = y, src: int = src) -> tuple[Row, str]:
                fields, text = row(src)
                return {**fields, "label": y}, text

            rows.append(unique(rng, seen, make))
        out[split] = rows
    return out


def build_pairs(
    rng: Random,
    sizes: dict[str, int],
    fractions: Sequence[float],
    make_pair: Callable[[Random, int], tuple[str, str]],
    cols: tuple[str, str],
    noise_rate: float,
) -> dict[str, list[Row]]:
    """Shared builder for pair-classification tasks with an exact label plan per split."""

    def row(label: int) -> tuple[Row, str]:
        a, b = make_pair(rng, label)
        return {cols[0]: a, cols[1]: b}, a + " ||| " + b

    return labelled_splits(rng, sizes, fractions, noise_rate, row)
