"""Is a faster recipe as accurate? A paired comparison over seeds, with a confidence interval.

Two recipes trained once per seed (the same seeds for both) give one metric difference per seed.
Pairing removes what the seed does to both (head initialisation, data order where both recipes
share it), so the differences vary far less than either recipe's scores. The verdict follows a
pre-registered rule: **equal** when the 95% interval of the mean difference contains 0 and its
lower end stays above ``-margin`` (default one point of F1, 0.01); **better** or **worse** when
the whole interval lies above or below 0; otherwise **inconclusive** (more seeds needed).

Behind benchmarks/bench_training_throughput.py (its metric verdict).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Verdict = Literal["equal", "better", "worse", "inconclusive"]


@dataclass(frozen=True)
class PairedDifference:
    """Mean of ``candidate - reference`` over paired seeds, with its 95% interval and verdict."""

    n: int  # number of seeds (pairs)
    mean: float  # mean difference, candidate minus reference
    low: float  # lower end of the 95% confidence interval (Student's t)
    high: float  # upper end
    margin: float  # the loss still called "equal"
    verdict: Verdict

    def __str__(self) -> str:
        return (
            f"{self.mean:+.4f} (95% CI {self.low:+.4f} to {self.high:+.4f}, {self.n} paired "
            f"seeds) -> {self.verdict} (equal: CI contains 0 and its low end is above "
            f"{-self.margin:+.3f})"
        )


def _t_quantile_975(dof: int) -> float:
    from scipy import stats

    return float(stats.t.ppf(0.975, dof))


def paired_difference(
    candidate: Sequence[float],  # the new recipe's metric, one value per seed
    reference: Sequence[float],  # the reference recipe's metric for the same seeds, same order
    margin: float = 0.01,  # the largest loss that still counts as "equal" (one point of F1)
) -> PairedDifference:
    """The paired mean difference ``candidate - reference``, its 95% CI and the verdict.

    Needs at least two seeds (one gives no spread). Behind
    benchmarks/bench_training_throughput.py (issue: parity settled over >= 20 seeds).
    """
    if len(candidate) != len(reference):
        raise ValueError(
            f"{len(candidate)} candidate scores but {len(reference)} reference scores: "
            "give one score per seed for both recipes, in the same seed order."
        )
    if len(candidate) < 2:
        raise ValueError("a paired interval needs at least 2 seeds; run more seeds.")
    if margin < 0:
        raise ValueError(f"margin={margin} must be >= 0 (a loss, e.g. 0.01 for one point).")
    diffs = [float(c) - float(r) for c, r in zip(candidate, reference, strict=True)]
    n, mean = len(diffs), statistics.fmean(diffs)
    half = _t_quantile_975(n - 1) * statistics.stdev(diffs) / math.sqrt(n)
    low, high = mean - half, mean + half
    if low > 0:
        verdict: Verdict = "better"
    elif high < 0:
        verdict = "worse"
    elif low > -margin:
        verdict = "equal"
    else:
        verdict = "inconclusive"
    return PairedDifference(n, mean, low, high, margin, verdict)


def load_measurement(name: str) -> dict:
    """A benchmark result committed with the course: ``course_lib/data/measurements/<name>.json``.

    These are the ``--json`` outputs of ``benchmarks/bench_training_throughput.py`` that a lesson
    quotes, shipped with the package so that the lesson reads the numbers instead of retyping them.
    Taught in: lessons/07_efficient_finetuning.ipynb.
    """
    import json
    from importlib import resources

    folder = resources.files("course_lib").joinpath("data", "measurements")
    known = sorted(
        p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json")
    )
    if name not in known:
        raise FileNotFoundError(
            f"no committed measurement {name!r}; known: {known}. Measurements are the --json output "
            "of benchmarks/bench_training_throughput.py, copied into course_lib/data/measurements/."
        )
    return json.loads(folder.joinpath(f"{name}.json").read_text(encoding="utf-8"))
