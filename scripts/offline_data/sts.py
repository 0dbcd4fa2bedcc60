"""Generator of the sts task (sentence similarity scores 0-5, like STS-B)."""

from __future__ import annotations

from random import Random
from typing import Any

from offline_data.common import Row, cap, is_plural, pick, unique
from offline_data.vocabulary.paraphrase_sts import STS_FACETS, STS_WEIGHTS


def sts_pair(rng: Random) -> tuple[str, str, float]:
    present = {f: (f in ("subject", "action", "object") or rng.random() < 0.6) for f in STS_FACETS}
    n_match = rng.randint(0, len(STS_FACETS))
    matched = set(rng.sample(list(STS_FACETS), n_match))
    parts1: list[str] = []
    parts2: list[str] = []
    score = 0.0
    total = 0.0
    for facet, options in STS_FACETS.items():
        if not present[facet]:
            continue
        w = STS_WEIGHTS[facet]
        total += w
        k = rng.randrange(len(options))
        parts1.append(pick(rng, options[k]))
        if facet in matched:
            parts2.append(pick(rng, options[k]))
            score += w
        else:
            other = pick(rng, [j for j in range(len(options)) if j != k])
            parts2.append(pick(rng, options[other]))
    value = 5.0 * score / total + rng.gauss(0.0, 0.25)
    value = round(min(5.0, max(0.0, value)), 1)
    for parts in (parts1, parts2):  # subject-verb agreement: "two dogs are ..."
        if is_plural(parts[0]):
            parts[1] = parts[1].replace("is ", "are ", 1)
    s1, s2 = cap(" ".join(parts1)) + ".", cap(" ".join(parts2)) + "."
    if rng.random() < 0.15:  # rephrase with a leading clause to vary word order
        s2 = cap(
            pick(rng, ["in this picture, ", "here, ", "apparently, ", "you can see that "])
            + s2[0].lower()
            + s2[1:]
        )
    return s1, s2, value


def build_sts(rng: Random) -> tuple[dict[str, list[Row]], dict[str, Any]]:
    sizes = {"train": 400, "validation": 100, "test": 100}
    seen: set[str] = set()
    out: dict[str, list[Row]] = {}
    for split, n in sizes.items():

        def make() -> tuple[Row, str]:
            a, b, v = sts_pair(rng)
            return {"sentence1": a, "sentence2": b, "label": v}, a + " ||| " + b

        out[split] = [unique(rng, seen, make) for _ in range(n)]
    meta = {
        "task_type": "pair_regression",
        "text_columns": ["sentence1", "sentence2"],
        "label_column": "label",
        "hub_equivalent": "nyu-mll/glue (stsb)",
        "label_range": [0.0, 5.0],
    }
    return out, meta
