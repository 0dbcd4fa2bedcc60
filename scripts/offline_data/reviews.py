"""Generator of the reviews (3-class app reviews, like tweet_eval sentiment) task."""

from __future__ import annotations

from random import Random
from typing import Any

from offline_data.common import (
    Row,
    labelled_splits,
    pick,
    surface_noise,
    tidy,
)
from offline_data.vocabulary.reviews import APP_FEATURES, REV_NEG, REV_NEU, REV_POS, REV_TAILS


def review_text(rng: Random, label: int) -> str:
    pool = [REV_NEG, REV_NEU, REV_POS][label]
    f, g = rng.sample(APP_FEATURES, 2)
    v = f"{rng.randint(2, 9)}.{rng.randint(0, 12)}"
    parts = [pick(rng, pool).format(f=f, g=g, v=v)]
    r = rng.random()
    if r < 0.25:
        parts.append(pick(rng, pool).format(f=g, g=f, v=v))
    elif r < 0.45 and label == 1:  # mixed feelings: one good and one bad point
        good = pick(rng, REV_POS).format(f=f, g=g, v=v)
        bad = pick(rng, REV_NEG).format(f=g, g=f, v=v)
        verdict = pick(
            rng, ["so 3 stars", "mixed feelings", "so it's a wash", "middle of the road"]
        )
        parts = (
            [f"{good}, but {bad}, {verdict}"]
            if rng.random() < 0.5
            else [f"{bad}, but {good}, {verdict}"]
        )
    elif r < 0.45 and label != 1:  # contrast with the opposite, ending on the label
        opp = REV_POS if label == 0 else REV_NEG
        parts.insert(
            0, pick(rng, opp).format(f=g, g=f, v=v) + pick(rng, [" but", ", but", ". however,"])
        )
    elif r < 0.53:  # long tail
        for _ in range(rng.randint(3, 7)):
            src = pool if rng.random() < 0.6 else pick(rng, [REV_NEG, REV_NEU, REV_POS])
            parts.append(
                pick(rng, src).format(f=pick(rng, APP_FEATURES), g=pick(rng, APP_FEATURES), v=v)
            )
        parts.append(pick(rng, pool).format(f=f, g=g, v=v))
    text = ". ".join(p for p in parts).replace("but.", "but").replace(",.", ",")
    text = text + pick(rng, REV_TAILS)
    return surface_noise(rng, tidy(text), p_lower=0.5, p_typo=0.2, p_punct=0.3)


def build_reviews(rng: Random) -> tuple[dict[str, list[Row]], dict[str, Any]]:
    sizes = {"train": 300, "validation": 100, "test": 200}

    def row(label: int) -> tuple[Row, str]:
        text = review_text(rng, label)
        return {"text": text}, text

    out = labelled_splits(rng, sizes, [0.40, 0.15, 0.45], 0.03, row)
    meta = {
        "task_type": "multiclass",
        "text_columns": ["text"],
        "label_column": "label",
        "label_names": ["negative", "neutral", "positive"],
        "hub_equivalent": "cardiffnlp/tweet_eval (sentiment)",
        "label_noise_rate": 0.03,
    }
    return out, meta
