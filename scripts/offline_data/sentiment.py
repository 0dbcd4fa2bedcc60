"""Generator of the sentiment (binary, like SST-2) task."""

from __future__ import annotations

from random import Random
from typing import Any

from offline_data.common import (
    Row,
    cap,
    is_plural,
    labelled_splits,
    pick,
    surface_noise,
    tidy,
)
from offline_data.vocabulary.sentiment import (
    HEDGES,
    INTENS,
    NEG_ADJ,
    NEG_VERBS,
    NEGATED_NEG,
    NEGATED_POS,
    POS_ADJ,
    POS_VERBS,
    SENT_DOMAINS,
)


def be(noun_phrase: str, past: bool = False) -> str:
    if is_plural(noun_phrase):
        return "were" if past else "are"
    return "was" if past else "is"


def sent_clause(rng: Random, dom: dict[str, list[str]], pol: int, avoid: str = "") -> str:
    """One evaluative clause of polarity ``pol`` (1 positive, 0 negative)."""
    a = pick(rng, [x for x in dom["aspects"] + dom["things"] if x != avoid])
    style = rng.randrange(10)
    if style < 5:
        adj = pick(rng, POS_ADJ if pol else NEG_ADJ)
        if is_plural(a) and adj.startswith("a "):
            adj = pick(rng, ["disappointing", "weak", "dull"])
        verb = pick(rng, [be(a), be(a, True), "felt", "seemed"])
        inten = pick(rng, INTENS) if not adj.startswith("a ") else ""
        return f"{a} {verb} {inten} {adj}"
    if style < 8:
        return pick(rng, POS_VERBS if pol else NEG_VERBS).format(a=a)
    return f"{a} {be(a, rng.random() < 0.5)} {pick(rng, NEGATED_NEG if pol else NEGATED_POS)}"


def sentiment_text(rng: Random, pol: int) -> str:
    """A review whose overall polarity is ``pol``; structure varies from terse to long."""
    dom = SENT_DOMAINS[pick(rng, list(SENT_DOMAINS))]
    shape = rng.random()
    if shape < 0.22:  # short and plain
        text = cap(sent_clause(rng, dom, pol)) + "."
    elif shape < 0.42:  # contrast: the clause after "but" carries the verdict
        first = sent_clause(rng, dom, 1 - pol)
        second = sent_clause(rng, dom, pol)
        joiner = pick(rng, [", but", ", but honestly", " but", ", however", ", yet", ". still,"])
        text = cap(f"{first}{joiner} {second}") + "."
        if rng.random() < 0.3:
            text = cap(f"although {first}, {second}") + "."
    elif shape < 0.55:  # hedged
        text = cap(f"{pick(rng, HEDGES)}, {sent_clause(rng, dom, pol)}") + "."
    elif shape < 0.68:  # two agreeing clauses
        a = sent_clause(rng, dom, pol)
        b = sent_clause(rng, dom, pol, avoid=a.split(" ")[0] + " " + a.split(" ")[1])
        text = cap(f"{a} and {b}") + pick(
            rng, [".", "!", ". " + pick(rng, dom["verdict_pos" if pol else "verdict_neg"]) + "."]
        )
    elif shape < 0.80:  # verdict first
        verdict = pick(rng, dom["verdict_pos" if pol else "verdict_neg"])
        text = cap(f"{verdict}. {sent_clause(rng, dom, pol)}") + "."
    elif shape < 0.91:  # medium: intro + clause + verdict
        verdict = pick(rng, dom["verdict_pos" if pol else "verdict_neg"])
        text = (
            cap(pick(rng, dom["intro"])) + " " + cap(sent_clause(rng, dom, pol)) + f", {verdict}."
        )
    else:  # long tail: a rambling mixed review that lands on ``pol``
        parts = [cap(pick(rng, dom["intro"]))]
        for _ in range(rng.randint(4, 9) if rng.random() < 0.7 else rng.randint(10, 14)):
            p = pol if rng.random() < 0.6 else 1 - pol
            parts.append(
                cap(sent_clause(rng, dom, p)) + pick(rng, [".", ".", "!", ", to be honest."])
            )
        if rng.random() < 0.5:
            parts.append(cap(pick(rng, dom["intro"])))
        parts.append(cap(f"{pick(rng, HEDGES)}, {sent_clause(rng, dom, pol)}") + ".")
        parts.append(cap(pick(rng, dom["verdict_pos" if pol else "verdict_neg"])) + ".")
        text = " ".join(parts)
    return surface_noise(rng, tidy(text))


def build_sentiment(rng: Random) -> tuple[dict[str, list[Row]], dict[str, Any]]:
    sizes = {"train": 400, "validation": 100, "test": 100}

    def row(polarity: int) -> tuple[Row, str]:
        sentence = sentiment_text(rng, polarity)
        return {"sentence": sentence}, sentence

    out = labelled_splits(rng, sizes, [0.45, 0.55], 0.03, row, flip=lambda y: 1 - y)
    meta = {
        "task_type": "binary",
        "text_columns": ["sentence"],
        "label_column": "label",
        "label_names": ["negative", "positive"],
        "hub_equivalent": "stanfordnlp/sst2",
        "label_noise_rate": 0.03,
    }
    return out, meta
