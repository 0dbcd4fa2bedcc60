"""Generator of the moderation (multi-label, like civil_comments thresholded to multi-hot) task."""

from __future__ import annotations

from random import Random
from typing import Any

from offline_data.common import (
    Row,
    cap,
    noisy_indices,
    pick,
    plan_labels,
    split_counts,
    surface_noise,
    tidy,
    unique,
)
from offline_data.vocabulary.moderation import (
    CLEAN,
    IDENTITY,
    INSULT_ADJS,
    INSULT_NOUNS,
    INSULTS,
    MOD_CATEGORIES,
    MOD_LABELS,
    OBSCENE_OK,
    SWEARS,
    THREATS,
    TOPICS,
    TOWNS,
    TOXIC_ONLY,
)


def mod_fill(rng: Random, template: str) -> str:
    return template.format(
        topic=pick(rng, TOPICS),
        town=pick(rng, TOWNS),
        swear=pick(rng, SWEARS),
        adj=pick(rng, INSULT_ADJS),
        noun=pick(rng, INSULT_NOUNS),
    )


def moderation_text(rng: Random, labels: tuple[int, ...]) -> str:
    toxic, insult, threat, obscene, identity = labels
    parts: list[str] = []
    if not toxic:
        parts.append(mod_fill(rng, pick(rng, OBSCENE_OK if obscene else CLEAN)))
        if rng.random() < 0.3:
            parts.append(mod_fill(rng, pick(rng, CLEAN)))
    else:
        if identity:
            parts.append(mod_fill(rng, pick(rng, IDENTITY)))
        if threat:
            parts.append(mod_fill(rng, pick(rng, THREATS)))
        if insult:
            parts.append(mod_fill(rng, pick(rng, INSULTS)))
        if not (identity or threat or insult) or rng.random() < 0.3:
            parts.append(mod_fill(rng, pick(rng, TOXIC_ONLY)))
        rng.shuffle(parts)
        if obscene:
            i = rng.randrange(len(parts))
            sw = pick(rng, SWEARS)
            if rng.random() < 0.5:
                parts[i] = f"what the {pick(rng, ['frick', 'heck', 'flip'])}, " + parts[i]
            else:
                words = parts[i].split()
                j = rng.randrange(len(words))
                parts[i] = " ".join(words[:j] + [sw] + words[j:])
        if rng.random() < 0.3:  # toxic reply to an otherwise ordinary comment
            parts.insert(0, mod_fill(rng, pick(rng, CLEAN)) + pick(rng, [", and", ". but", "."]))
    if rng.random() < 0.07:  # long rant or long friendly post
        extra = rng.sample(CLEAN, rng.randint(4, 8))
        parts = (
            [mod_fill(rng, e) for e in extra[:2]] + parts + [mod_fill(rng, e) for e in extra[2:]]
        )
    text = ". ".join(p.rstrip(".") for p in parts) + pick(rng, [".", "!", "", "!!", "."])
    p_upper = 0.15 if toxic else 0.02
    if rng.random() < p_upper:
        text = text.upper()
    elif rng.random() < 0.5:
        text = cap(text)
    return surface_noise(rng, tidy(text), p_lower=0.2, p_typo=0.15, p_punct=0.1)


def build_moderation(rng: Random) -> tuple[dict[str, list[Row]], dict[str, Any]]:
    sizes = {"train": 500, "validation": 150, "test": 150}
    cats = [c for c, _ in MOD_CATEGORIES]
    seen: set[str] = set()
    out: dict[str, list[Row]] = {}
    for split, n in sizes.items():
        plan = plan_labels(rng, split_counts(n, [f for _, f in MOD_CATEGORIES]))
        flips = noisy_indices(rng, n, 0.02)
        rows = []
        for i, k in enumerate(plan):
            text_labels = cats[k]
            labels = list(text_labels)
            if i in flips:  # annotator error: a missed label, or an over-flagged clean row
                positives = [j for j, v in enumerate(labels) if v]
                if positives:
                    labels[pick(rng, positives)] = 0
                else:
                    labels[0] = 1

            def make(tl: tuple[int, ...] = text_labels, lab: list[int] = labels) -> tuple[Row, str]:
                t = moderation_text(rng, tl)
                return {"text": t, "labels": list(lab)}, t

            rows.append(unique(rng, seen, make))
        out[split] = rows
    meta = {
        "task_type": "multilabel",
        "text_columns": ["text"],
        "label_column": "labels",
        "label_names": MOD_LABELS,
        "hub_equivalent": "google/civil_comments",
        "label_noise_rate": 0.02,
    }
    return out, meta
