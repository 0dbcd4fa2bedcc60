"""Generator of the ner (BIO token classification, like CoNLL-2003) task."""

from __future__ import annotations

from random import Random
from typing import Any

from offline_data.common import Row, pick, unique
from offline_data.vocabulary.ner import (
    FIRST,
    HELD_OUT_FIRST,
    HELD_OUT_LOCS,
    HELD_OUT_MISC_EVENT,
    HELD_OUT_MISC_NAT,
    HELD_OUT_MISC_PRODUCT,
    HELD_OUT_ORG_FIXED,
    HELD_OUT_ORG_HEADS,
    HELD_OUT_SURNAMES,
    LOCS,
    MISC_EVENT,
    MISC_NAT,
    MISC_PRODUCT,
    MONTHS,
    NER_LABELS,
    NER_TEMPLATES,
    NUMS,
    ORG_FIXED,
    ORG_HEADS,
    ORG_TAILS,
    SURNAMES,
)

# Name pools: training and validation share one; the test split draws only from the held-out one.
SEEN_NAMES = {
    "first": FIRST, "surnames": SURNAMES, "org_fixed": ORG_FIXED, "org_heads": ORG_HEADS,
    "locs": LOCS, "nat": MISC_NAT, "event": MISC_EVENT, "product": MISC_PRODUCT,
}  # fmt: skip
HELD_OUT_NAMES = {
    "first": HELD_OUT_FIRST, "surnames": HELD_OUT_SURNAMES, "org_fixed": HELD_OUT_ORG_FIXED,
    "org_heads": HELD_OUT_ORG_HEADS, "locs": HELD_OUT_LOCS, "nat": HELD_OUT_MISC_NAT,
    "event": HELD_OUT_MISC_EVENT, "product": HELD_OUT_MISC_PRODUCT,
}  # fmt: skip


def ner_entity(rng: Random, slot: str, names: dict[str, list[Any]]) -> tuple[list[str], str]:
    if slot == "PER":
        first, last = pick(rng, names["first"]), pick(rng, names["surnames"])
        r = rng.random()
        if r < 0.15:
            return list(last) if last[0][0].isupper() else [first, *last], "PER"
        if r < 0.3:
            return [first, f"{chr(65 + rng.randrange(26))}.", *last], "PER"
        return [first, *last], "PER"
    if slot == "ORG":
        if rng.random() < 0.25:
            return list(pick(rng, names["org_fixed"])), "ORG"
        return [pick(rng, names["org_heads"]), *pick(rng, ORG_TAILS)], "ORG"
    if slot == "LOC":
        return list(pick(rng, names["locs"])), "LOC"
    if slot == "NAT":
        return list(pick(rng, names["nat"])), "MISC"
    if slot == "EVENT":
        return list(pick(rng, names["event"])), "MISC"
    return list(pick(rng, names["product"])), "MISC"


def ner_sentence(rng: Random, names: dict[str, list[Any]]) -> tuple[list[str], list[int]]:
    n_clauses = 1 if rng.random() < 0.85 else 2
    tokens: list[str] = []
    tags: list[int] = []
    for _ in range(n_clauses):
        template = pick(rng, NER_TEMPLATES).split()
        for w in template:
            if w in ("PER", "ORG", "LOC", "NAT", "EVENT", "PRODUCT"):
                ent, typ = ner_entity(rng, w, names)
                tokens += ent
                tags += [NER_LABELS.index(f"B-{typ}")] + [NER_LABELS.index(f"I-{typ}")] * (
                    len(ent) - 1
                )
            else:
                word = (
                    pick(rng, MONTHS)
                    if w == "MONTH"
                    else pick(rng, NUMS).split()
                    if w == "NUM"
                    else w
                )
                words = word if isinstance(word, list) else [word]
                tokens += words
                tags += [0] * len(words)
    for i in range(len(tokens) - 1):  # "a Ostermarkian" -> "an Ostermarkian"
        if tokens[i].lower() == "a" and tokens[i + 1][0].lower() in "aeiou":
            tokens[i] += "n"
    return tokens, tags


def build_ner(rng: Random) -> tuple[dict[str, list[Row]], dict[str, Any]]:
    sizes = {"train": 400, "validation": 100, "test": 100}
    seen: set[str] = set()
    out: dict[str, list[Row]] = {}
    for split, n in sizes.items():
        names = HELD_OUT_NAMES if split == "test" else SEEN_NAMES

        def make(names: dict[str, list[Any]] = names) -> tuple[Row, str]:
            toks, tags = ner_sentence(rng, names)
            return {"tokens": toks, "ner_tags": tags}, " ".join(toks)

        out[split] = [unique(rng, seen, make) for _ in range(n)]
    meta = {
        "task_type": "token",
        "text_columns": ["tokens"],
        "label_column": "ner_tags",
        "label_names": NER_LABELS,
        "hub_equivalent": "eriktks/conll2003",
        "tagging_scheme": "IOB2",
        "test_names": "held out: no person, organisation, place or MISC name of the test split "
        "occurs in training or validation",
    }
    return out, meta
