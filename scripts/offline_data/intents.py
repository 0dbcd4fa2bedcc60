"""Generator of the intents (imbalanced multi-class, like banking77 with 10 classes) task."""

from __future__ import annotations

from random import Random
from typing import Any

from offline_data.common import (
    SPLITS,
    Row,
    cap,
    noisy_indices,
    pick,
    plan_labels,
    surface_noise,
    tidy,
    unique,
)
from offline_data.vocabulary.intents import (
    ACCOUNTS,
    APP_PREFIX,
    CARDS,
    CHAT_CLOSERS,
    CHAT_CONTEXT,
    CHAT_OPENERS,
    EMAIL_CLOSERS,
    EMAIL_OPENERS,
    EMAIL_SIGN,
    EMAIL_STORIES,
    INTENT_COUNTS,
    INTENT_NAMES,
    INTENT_TEMPLATES,
    ITEMS,
    PEOPLE,
    PLACES,
    STREETS,
)


def intent_core(rng: Random, intent: str) -> str:
    t = pick(rng, INTENT_TEMPLATES[intent])
    return t.format(
        acct=pick(rng, ACCOUNTS),
        digits=f"{rng.randrange(1000, 9999)}",
        amount=pick(rng, ["$", "£", "€"])
        + f"{rng.randrange(5, 900)}"
        + pick(rng, ["", ".50", ".00"]),
        person=pick(rng, PEOPLE),
        card=pick(rng, CARDS),
        place=pick(rng, PLACES),
        order=pick(rng, ["#", "", "no. ", "A-"]) + f"{rng.randrange(10000, 99999)}",
        item=pick(rng, ITEMS),
        street=pick(rng, STREETS),
        day=pick(rng, ["yesterday", "on monday", "last week", "two days ago", "by friday"]),
    )


def intent_text(rng: Random, intent: str, source: str) -> str:
    core = intent_core(rng, intent)
    if source == "chat":
        context = pick(rng, CHAT_CONTEXT) if rng.random() < 0.2 else ""
        text = pick(rng, CHAT_OPENERS) + context + core + pick(rng, CHAT_CLOSERS)
        return surface_noise(rng, tidy(text), p_lower=0.8, p_typo=0.3)
    if source == "app":
        text = pick(rng, APP_PREFIX) + cap(core) + pick(rng, ["", ".", "", "?"])
        return surface_noise(rng, tidy(text), p_lower=0.2, p_typo=0.1)
    body = [pick(rng, EMAIL_OPENERS), cap(core) + pick(rng, [".", ".", "?"])]
    n_story = 0 if rng.random() < 0.5 else rng.randint(1, 2 if rng.random() < 0.8 else 5)
    stories = rng.sample(EMAIL_STORIES, min(n_story, len(EMAIL_STORIES)))
    if stories:
        body[1:1] = stories[:1]
        body.extend(stories[1:])
    if rng.random() < 0.2:
        body.append("To repeat: " + intent_core(rng, intent) + ".")
    body += [pick(rng, EMAIL_CLOSERS), pick(rng, EMAIL_SIGN)]
    return surface_noise(rng, tidy(" ".join(body)), p_lower=0.05, p_typo=0.1, p_punct=0.0)


def build_intents(rng: Random) -> tuple[dict[str, list[Row]], dict[str, Any]]:
    seen: set[str] = set()
    out: dict[str, list[Row]] = {}
    for split in SPLITS:
        labels = plan_labels(rng, INTENT_COUNTS[split])
        flips = noisy_indices(rng, len(labels), 0.03)
        rows = []
        for i, y in enumerate(labels):
            src_intent = y
            if i in flips:
                src_intent = pick(rng, [k for k in range(len(INTENT_NAMES)) if k != y])
            source = pick(rng, ["chat"] * 9 + ["email"] * 6 + ["app"] * 5)

            def make(y: int = y, s: int = src_intent, source: str = source) -> tuple[Row, str]:
                t = intent_text(rng, INTENT_NAMES[s], source)
                return {"text": t, "label": y, "source": source}, t

            rows.append(unique(rng, seen, make))
        out[split] = rows
    train = INTENT_COUNTS["train"]
    meta = {
        "task_type": "multiclass",
        "text_columns": ["text"],
        "label_column": "label",
        "label_names": INTENT_NAMES,
        "hub_equivalent": "PolyAI/banking77",
        "extra_columns": ["source"],
        "label_noise_rate": 0.03,
        "imbalance_ratio_train": round(max(train) / min(train), 2),
    }
    return out, meta
