"""Synthetic content for the rehearsal hub mirror: rows with the real schemas, tiny checkpoints.

The full profile cannot reach the hub from the course's test machines, so it is rehearsed
against a mirror (``course_lib.hub_mirror rehearsal DIR``) whose repos have the real layout,
configs, split names, columns and feature types of ``data/hub_manifest.json``, filled with
made-up rows, and whose checkpoints have the real model classes and tokenizers with tiny random
weights. Nothing learned there means anything; what it proves is that every lesson's code runs
on the full profile's data at its full-profile settings.

Row counts: the real ones, except where a split is far larger than anything a lesson selects
(:data:`ROW_CAPS`). Class counts: the manifest's real ones where a loader depends on them
(banking77's per-intent counts). Taught in: nothing (maintainer tooling, see README "Rehearsal").
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

# Splits capped in the rehearsal: each cap is at least what a loader selects from the split
# (civil_comments: 40k / 5k / 5k; MNLI: 60k training pairs). SST-2's loader keeps all of train and
# no code depends on its 67k rows (lesson 07 selects 20k), and tweet_eval is used by no lesson.
ROW_CAPS: dict[tuple[str, str], dict[str, int]] = {
    ("stanfordnlp/sst2", "default"): {"train": 20_000},
    ("google/civil_comments", "default"): {"train": 40_000, "validation": 5_000, "test": 5_000},
    ("nyu-mll/glue", "mnli"): {"train": 60_000, "test_matched": 500, "test_mismatched": 500},
    ("cardiffnlp/tweet_eval", "sentiment"): {"train": 8_000, "test": 2_000},
}
# Word-count range (min, typical, max) of each text column, roughly as on the hub.
TEXT_LENGTHS: dict[tuple[str, str], tuple[int, int, int]] = {
    ("stanfordnlp/sst2", "sentence"): (1, 9, 52),
    ("legacy-datasets/banking77", "text"): (2, 11, 79),
    ("google/civil_comments", "text"): (1, 40, 300),
    ("nyu-mll/glue", "premise"): (2, 20, 120),
    ("nyu-mll/glue", "hypothesis"): (1, 10, 40),
    ("nyu-mll/glue", "sentence1"): (5, 18, 40),
    ("nyu-mll/glue", "sentence2"): (5, 18, 40),
    ("cardiffnlp/tweet_eval", "text"): (2, 18, 40),
    ("google/boolq", "question"): (3, 8, 20),
    ("google/boolq", "passage"): (10, 90, 400),
}
# Share of True in a bool column (BoolQ: about 62% of the answers are yes).
BOOL_SHARE = {("google/boolq", "answer"): 0.62}
# Share of civil_comments rows whose score is >= 0.5 (the course's cut-off), per column.
SCORE_PREVALENCE = {
    "toxicity": 0.08, "severe_toxicity": 0.005, "obscene": 0.03, "threat": 0.012,
    "insult": 0.06, "identity_attack": 0.015, "sexual_explicit": 0.01,
}  # fmt: skip
WORDS = [
    "the",
    "a",
    "an",
    "this",
    "that",
    "my",
    "your",
    "our",
    "it",
    "is",
    "was",
    "be",
    "been",
    "not",
    "very",
    "really",
    "quite",
    "so",
    "too",
    "and",
    "but",
    "or",
    "of",
    "to",
    "in",
    "on",
    "at",
    "for",
    "with",
    "from",
    "about",
    "after",
    "before",
    "over",
    "under",
    "film",
    "movie",
    "story",
    "plot",
    "actor",
    "scene",
    "music",
    "ending",
    "card",
    "account",
    "money",
    "transfer",
    "refund",
    "payment",
    "bank",
    "app",
    "phone",
    "pin",
    "balance",
    "cash",
    "rate",
    "fee",
    "week",
    "day",
    "time",
    "people",
    "man",
    "woman",
    "child",
    "dog",
    "city",
    "street",
    "park",
    "road",
    "house",
    "water",
    "good",
    "bad",
    "great",
    "terrible",
    "fine",
    "slow",
    "fast",
    "warm",
    "cold",
    "happy",
    "sad",
    "funny",
    "boring",
    "long",
    "short",
    "new",
    "old",
    "see",
    "saw",
    "make",
    "made",
    "take",
    "took",
    "give",
    "gave",
    "go",
    "went",
    "come",
    "came",
    "think",
    "thought",
    "know",
    "knew",
    "want",
    "need",
    "work",
    "play",
    "run",
    "walk",
    "read",
    "write",
    "open",
    "close",
    "start",
    "stop",
    "help",
    "ask",
    "tell",
    "call",
    "wait",
    "pay",
    "send",
    "get",
    "comment",
    "article",
    "writer",
    "reader",
    "council",
    "vote",
    "law",
    "policy",
    "market",
    "price",
    "job",
    "team",
    "game",
    "season",
]
NAMES = [
    "Ada",
    "Lovelace",
    "Grace",
    "Hopper",
    "Alan",
    "Turing",
    "Marie",
    "Curie",
    "Nkechi",
    "Okonkwo",
    "Zbigniew",
    "Wrzosowski",
    "Northwind",
    "Analytics",
    "Velmora",
    "Tarnwick",
    "Rovers",
    "Brindlemoor",
    "Quarrowfield",
    "Oxbrindle",
    "Haldane",
    "London",
    "Paris",
    "Berlin",
    "Lagos",
    "Tokyo",
    "Reuters",
    "Fifa",
    "Olympic",
    "German",
    "French",
    "British",
    "Nigerian",
]


def _lengths(rng: np.random.Generator, n: int, spec: tuple[int, int, int]) -> np.ndarray:
    low, typical, high = spec
    raw = rng.lognormal(mean=np.log(typical), sigma=0.55, size=n)
    return np.clip(np.rint(raw), low, high).astype(int)


def synthetic_texts(rng: np.random.Generator, n: int, spec: tuple[int, int, int]) -> list[str]:
    """``n`` made-up sentences whose word counts follow ``spec`` = (min, typical, max)."""
    words = np.array(WORDS)
    lengths = _lengths(rng, n, spec)
    picks = words[rng.integers(0, len(words), size=int(lengths.sum()))]
    cuts = np.cumsum(lengths)[:-1]
    return [" ".join(chunk) for chunk in np.split(picks, cuts)]


def _class_column(
    rng: np.random.Generator,
    n: int,
    names: list[str],
    counts: Mapping[str, int] | None,
) -> np.ndarray:
    """Label ids: the real per-class counts when given (scaled down if the split is capped)."""
    if counts is None:
        return rng.integers(0, len(names), size=n)
    wanted = np.array([counts[name] for name in names], dtype=float)
    per_class = np.floor(wanted * n / wanted.sum()).astype(int)
    per_class[np.argsort(-wanted)[: n - per_class.sum()]] += 1  # make the total exactly n
    labels = np.repeat(np.arange(len(names)), per_class)
    return rng.permutation(labels)


def _ner_rows(rng: np.random.Generator, n: int, features: Mapping[str, Any]) -> dict[str, list]:
    """Sentences with BIO-valid entity spans of every type, plus random POS and chunk tags."""
    tags = features["ner_tags"]["sequence"]
    kinds = sorted({t[2:] for t in tags if t != "O"})
    tokens, ner, pos, chunk = [], [], [], []
    for length in _lengths(rng, n, (1, 14, 60)):
        words, labels, i = [], [], 0
        while i < length:
            if rng.random() < 0.2:
                kind = kinds[rng.integers(len(kinds))]
                span = int(rng.integers(1, 4))
                for j in range(span):
                    words.append(NAMES[rng.integers(len(NAMES))])
                    labels.append(tags.index(("B-" if j == 0 else "I-") + kind))
                i += span
            else:
                words.append(WORDS[rng.integers(len(WORDS))])
                labels.append(0)
                i += 1
        tokens.append(words)
        ner.append(labels)
        pos.append(rng.integers(0, len(features["pos_tags"]["sequence"]), len(words)).tolist())
        chunk.append(rng.integers(0, len(features["chunk_tags"]["sequence"]), len(words)).tolist())
    return {"tokens": tokens, "ner_tags": ner, "pos_tags": pos, "chunk_tags": chunk}


def synthetic_split(
    repo_id: str,
    config: Mapping[str, Any],  # the manifest's config entry (features, splits, class_counts...)
    split: str,
    n: int,  # number of rows to make
    seed: int,
) -> dict[str, list]:
    """Columns for one split of a manifest dataset, as plain lists in the manifest's order."""
    rng = np.random.default_rng(seed)
    features = config["features"]
    unlabelled = split in config.get("unlabelled", ())
    columns: dict[str, list] = {}
    if "ner_tags" in features:
        columns.update(_ner_rows(rng, n, features))
    for name, feature in features.items():
        if name in columns:
            continue
        if feature == "string" and name == "id":
            columns[name] = [str(i) for i in range(n)]
        elif feature == "string":
            spec = TEXT_LENGTHS.get((repo_id, name), (2, 12, 40))
            columns[name] = synthetic_texts(rng, n, spec)
        elif feature == "int32":
            columns[name] = list(range(n))
        elif feature == "float32" and name in SCORE_PREVALENCE:
            high = rng.random(n) < SCORE_PREVALENCE[name]
            low_scores = rng.uniform(0.0, 0.49, n) * (rng.random(n) < 0.3)
            columns[name] = np.where(high, rng.uniform(0.5, 1.0, n), low_scores).tolist()
        elif feature == "float32":  # STS-B similarity on 0-5
            columns[name] = [-1.0] * n if unlabelled else np.round(rng.uniform(0, 5, n), 2).tolist()
        elif feature == "bool":  # BoolQ's answer
            columns[name] = (rng.random(n) < BOOL_SHARE.get((repo_id, name), 0.5)).tolist()
        elif isinstance(feature, list):  # ClassLabel
            counts = config.get("class_counts", {}).get(split)
            labels = _class_column(rng, n, feature, counts)
            columns[name] = [-1] * n if unlabelled else labels.tolist()
        else:
            raise ValueError(f"{repo_id}: no rehearsal content for feature {name!r} = {feature!r}")
    return {name: columns[name] for name in features}


def rehearsal_rows(repo_id: str, config_name: str, split: str, real_rows: int) -> int:
    """How many rows the rehearsal mirror holds for a split (the real count unless capped)."""
    return min(real_rows, ROW_CAPS.get((repo_id, config_name), {}).get(split, real_rows))


# ----------------------------------------------------------------------------- checkpoints

# Tiny sizes for the stand-in checkpoints (the real configs are kept otherwise).
TINY_SIZES = {
    "distilbert": {"dim": 32, "hidden_dim": 64, "n_layers": 2, "n_heads": 2},
    "bert": {"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2,
             "num_attention_heads": 2},
}  # fmt: skip


def uncased_vocab() -> list[str]:
    """bert-base-uncased's WordPiece vocabulary, as the MiniLM package ships it."""
    from course_lib.models import offline_checkpoint

    path = offline_checkpoint() / "vocab.txt"
    return path.read_text(encoding="utf-8").splitlines()


def cased_vocab(size: int) -> list[str]:
    """A cased stand-in vocabulary of ``size`` pieces, built from the uncased one.

    Special tokens keep their ids ([PAD] 0, [UNK] 100, [CLS] 101, [SEP] 102, [MASK] 103, as in
    bert-base-cased); upper-case letters follow the single characters, and every lower-case
    word is followed by its capitalised form, so "Northwind" and "northwind" tokenize apart.
    """
    base = uncased_vocab()
    first_word = next(i for i, tok in enumerate(base) if len(tok) > 1 and tok.isalpha())
    vocab = base[:first_word]
    seen = set(vocab)
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        for piece in (letter, f"##{letter}"):
            if piece not in seen:
                vocab.append(piece)
                seen.add(piece)
    for token in base[first_word:]:
        for piece in (token, token.capitalize() if token.isalpha() else token):
            if piece not in seen and len(vocab) < size:
                vocab.append(piece)
                seen.add(piece)
    return vocab


def write_tiny_checkpoint(folder: Path, facts: Mapping[str, Any], seed: int = 0) -> None:
    """Write config.json, model.safetensors and the tokenizer files of a stand-in checkpoint."""
    import json

    import torch
    import transformers
    from tokenizers.implementations import BertWordPieceTokenizer

    config = dict(facts["config"])
    lower = bool(facts["tokenizer_config"]["do_lower_case"])
    vocab = uncased_vocab() if lower else cased_vocab(config["vocab_size"])
    if len(vocab) != config["vocab_size"]:
        raise ValueError(f"stand-in vocabulary has {len(vocab)} pieces, not {config['vocab_size']}")
    config.update(TINY_SIZES[config["model_type"]])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = BertWordPieceTokenizer(str(folder / "vocab.txt"), lowercase=lower)
    tokenizer.save(str(folder / "tokenizer.json"))
    (folder / "tokenizer_config.json").write_text(json.dumps(facts["tokenizer_config"]))

    torch.manual_seed(seed)
    config_class = transformers.AutoConfig.for_model(config["model_type"]).__class__
    # bert-base-* checkpoints hold the pre-training heads (pooler, next-sentence) although their
    # config names BertForMaskedLM; distilbert-base-uncased holds DistilBertForMaskedLM's.
    name = "BertForPreTraining" if config["model_type"] == "bert" else config["architectures"][0]
    model_class = getattr(transformers, name)
    model = model_class(config_class(**config))
    model.save_pretrained(folder)  # model.safetensors (and its own config.json, replaced below)
    (folder / "config.json").write_text(json.dumps(config, indent=2) + "\n")
