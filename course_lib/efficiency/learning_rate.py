"""Scaling a learning rate that works at one batch size to another (sqrt, linear or none)."""

from __future__ import annotations

import math

from course_lib._validation import check_choice, check_positive_int

LR_RULES = ("sqrt", "linear", "none")


def scale_learning_rate(
    base_learning_rate: float,  # a rate known to work at base_batch_size
    base_batch_size: int,
    batch_size: int,
    rule: str = "sqrt",  # "sqrt" (common for Adam), "linear" (SGD lore), "none"
) -> float:
    """Learning rate for ``batch_size``, scaled from one that worked at ``base_batch_size``.

    A batch ``k`` times larger averages ``k`` times more examples per step, so gradients are less
    noisy and there are ``k`` times fewer steps per epoch; a larger step size compensates. The
    linear rule (``lr * k``) comes from SGD; for Adam-type optimizers the square-root rule
    (``lr * sqrt(k)``) is the safer default. Taught in: lessons/07_efficient_finetuning.ipynb.
    """
    check_choice(rule, "rule", LR_RULES)
    if not base_learning_rate > 0:
        raise ValueError(f"base_learning_rate must be > 0, got {base_learning_rate!r}.")
    check_positive_int(base_batch_size, "base_batch_size")
    check_positive_int(batch_size, "batch_size")
    ratio = batch_size / base_batch_size
    factor = {"sqrt": math.sqrt(ratio), "linear": ratio, "none": 1.0}[rule]
    return float(base_learning_rate * factor)
