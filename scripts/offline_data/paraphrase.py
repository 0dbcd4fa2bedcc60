"""Generator of the paraphrase task (like MRPC)."""

from __future__ import annotations

from random import Random
from typing import Any

from offline_data.common import Row, build_pairs, pick, surface_noise
from offline_data.vocabulary.paraphrase_sts import (
    CITIES,
    COMPANIES,
    DAYS,
    EXTRA_INFO,
    FACILITIES,
    JOBS,
    OFFICIALS,
    PARA_FRAMES,
    QUARTERS,
)


def para_slots(rng: Random) -> dict[str, str]:
    s, s2 = rng.sample(COMPANIES, 2)
    return {
        "S": s,
        "S2": s2,
        "N": str(rng.choice([3, 4, 7, 12, 15, 18, 25, 40, 65, 120, 310])),
        "Q": pick(rng, QUARTERS),
        "C": pick(rng, CITIES),
        "D": pick(rng, DAYS),
        "F": pick(rng, FACILITIES),
        "P": pick(rng, OFFICIALS),
        "J": pick(rng, JOBS),
    }


def alt_value(rng: Random, slot: str, current: str) -> str:
    pools = {
        "S": COMPANIES,
        "S2": COMPANIES,
        "Q": QUARTERS,
        "C": CITIES,
        "D": DAYS,
        "F": FACILITIES,
        "P": OFFICIALS,
        "J": JOBS,
        "N": ["3", "4", "7", "12", "15", "18", "25", "40", "65", "120", "310"],
    }
    return pick(rng, [v for v in pools[slot] if v != current])


def paraphrase_pair(rng: Random, label: int) -> tuple[str, str]:
    slots, forms = pick(rng, PARA_FRAMES)
    vals = para_slots(rng)
    f1, f2 = rng.sample(forms, 2)
    vals2 = dict(vals)
    extra = ""
    if label == 0:
        kind = rng.random()
        if kind < 0.6:  # change exactly one facet
            slot = pick(rng, slots)
            vals2[slot] = alt_value(rng, slot, vals[slot])
        elif kind < 0.8 and "S2" in slots:  # swap roles
            vals2["S"], vals2["S2"] = vals["S2"], vals["S"]
        else:  # one side adds a substantial claim
            slot = pick(rng, slots)
            vals2[slot] = alt_value(rng, slot, vals[slot]) if rng.random() < 0.5 else vals[slot]
            extra = pick(rng, EXTRA_INFO)
    elif rng.random() < 0.2 and "said" not in f2:  # equivalents may add a small attribution
        extra = pick(rng, [" officials said.", " the report said.", " a spokesperson said."])
        extra = ", " + extra.strip()
    s1 = f1.format(**vals)
    s2 = f2.format(**vals2)
    if extra.startswith(","):
        s2 = s2[:-1] + extra
    else:
        s2 += extra
    if rng.random() < 0.5:
        s1, s2 = s2, s1
    return surface_noise(rng, s1, 0.05, 0.05, 0.0), surface_noise(rng, s2, 0.05, 0.05, 0.0)


def build_paraphrase(rng: Random) -> tuple[dict[str, list[Row]], dict[str, Any]]:
    sizes = {"train": 400, "validation": 100, "test": 100}
    out = build_pairs(rng, sizes, [0.4, 0.6], paraphrase_pair, ("sentence1", "sentence2"), 0.03)
    meta = {
        "task_type": "pair_classification",
        "text_columns": ["sentence1", "sentence2"],
        "label_column": "label",
        "label_names": ["not_equivalent", "equivalent"],
        "hub_equivalent": "nyu-mll/glue (mrpc)",
        "label_noise_rate": 0.03,
    }
    return out, meta
