"""Fast checks of the shipped synthetic offline datasets (course_lib/data/offline).

The data is written by scripts/make_offline_data.py; these tests pin its contract: schema, sizes,
label ranges, IOB2 validity, leakage-freedom, documented imbalance, reproducibility, and that the
tasks are neither trivial nor unlearnable for a bag-of-words baseline.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from course_lib.hygiene import normalize_text

ROOT = Path(__file__).resolve().parents[1]
OFFLINE = ROOT / "course_lib" / "data" / "offline"
SPLITS = ("train", "validation", "test")

SIZES = {
    "sentiment": (400, 100, 100),
    "intents": (500, 150, 150),
    "moderation": (500, 150, 150),
    "ner": (400, 100, 100),
    "nli": (450, 120, 120),
    "paraphrase": (400, 100, 100),
    "sts": (400, 100, 100),
    "reviews": (300, 100, 200),
    "yesno": (300, 100, 100),
}
KEYS = {
    "sentiment": {"sentence", "label"},
    "intents": {"text", "label", "source"},
    "moderation": {"text", "labels"},
    "ner": {"tokens", "ner_tags"},
    "nli": {"premise", "hypothesis", "label"},
    "paraphrase": {"sentence1", "sentence2", "label"},
    "sts": {"sentence1", "sentence2", "label"},
    "reviews": {"text", "label"},
    "yesno": {"question", "passage", "label"},
}
TASK_TYPES = {
    "sentiment": "binary",
    "intents": "multiclass",
    "moderation": "multilabel",
    "ner": "token",
    "nli": "pair_classification",
    "paraphrase": "pair_classification",
    "sts": "pair_regression",
    "reviews": "multiclass",
    "yesno": "pair_classification",
}
NER_LABELS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
TASKS = list(SIZES)


@cache
def load(task: str, split: str) -> tuple[dict, ...]:
    path = OFFLINE / task / f"{split}.jsonl"
    # the challenge's graded split lives with the instructor material
    if (task, split) == ("reviews", "test"):
        path = ROOT / "instructor" / "challenge" / "reviews_test.jsonl"
    return tuple(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())


@cache
def meta(task: str) -> dict:
    return json.loads((OFFLINE / task / "meta.json").read_text(encoding="utf-8"))


def text_key(task: str, row: dict) -> str:
    cols = meta(task)["text_columns"]
    parts = [" ".join(row[c]) if isinstance(row[c], list) else row[c] for c in cols]
    return " ||| ".join(normalize_text(p) for p in parts)  # the leak detector's normal form


@pytest.mark.parametrize("task", TASKS)
def test_meta_and_sizes(task: str) -> None:
    m = meta(task)
    assert m["task"] == task
    assert m["task_type"] == TASK_TYPES[task]
    assert m["splits"] == dict(zip(SPLITS, SIZES[task], strict=True))
    assert ("label_names" in m) == (task != "sts")
    assert m["hub_equivalent"]
    for split, n in zip(SPLITS, SIZES[task], strict=True):
        assert len(load(task, split)) == n
        first = load(task, split)[0]
        assert set(m["text_columns"]) | {m["label_column"]} <= set(first)


@pytest.mark.parametrize("task", TASKS)
def test_schema_and_label_ranges(task: str) -> None:
    m = meta(task)
    n_labels = len(m.get("label_names", []))
    for split in SPLITS:
        for row in load(task, split):
            assert set(row) == KEYS[task]
            for col in m["text_columns"]:
                value = row[col]
                if isinstance(value, list):
                    assert value and all(isinstance(t, str) and t.strip() for t in value)
                else:
                    assert isinstance(value, str) and value.strip() == value and value
            label = row[m["label_column"]]
            if task == "sts":
                assert isinstance(label, float) and 0.0 <= label <= 5.0 and round(label, 1) == label
            elif task == "moderation":
                assert len(label) == n_labels and set(label) <= {0, 1}
            elif task == "ner":
                assert len(label) == len(row["tokens"])
                assert all(isinstance(t, int) and 0 <= t < n_labels for t in label)
            else:
                assert isinstance(label, int) and 0 <= label < n_labels
            if task == "intents":
                assert row["source"] in {"email", "chat", "app"}


@pytest.mark.parametrize("task", TASKS)
def test_no_duplicates_within_or_across_splits(task: str) -> None:
    seen: dict[str, str] = {}
    for split in SPLITS:
        for row in load(task, split):
            key = text_key(task, row)
            assert key not in seen, f"{task}: duplicate text in {seen.get(key)} and {split}"
            seen[key] = split


def test_ner_tags_are_valid_iob2() -> None:
    assert meta("ner")["label_names"] == NER_LABELS
    multi_piece = 0
    for split in SPLITS:
        for row in load("ner", split):
            prev = "O"
            for tag_id in row["ner_tags"]:
                tag = NER_LABELS[tag_id]
                if tag.startswith("I-"):
                    assert prev[2:] == tag[2:], f"I- tag without B-: {row['tokens']}"
                prev = tag
            multi_piece += any("-" in t and len(t) > 10 for t in row["tokens"])
    assert multi_piece > 20  # long hyphenated names: sub-token label alignment matters


def test_intents_imbalance_is_as_documented() -> None:
    m = meta("intents")
    assert len(m["label_names"]) == 10
    for split in SPLITS:
        counts = Counter(r["label"] for r in load("intents", split))
        documented = m["class_counts"][split]
        assert {m["label_names"][k]: v for k, v in counts.items()} == documented
        assert min(counts.values()) >= 4 and len(counts) == 10
    train = sorted(m["class_counts"]["train"].values())
    assert 0.25 <= train[-1] / 500 <= 0.30
    assert train[0] / 500 <= 0.02 and train[1] / 500 <= 0.02
    assert 15 <= train[-1] / train[0] <= 20


def test_balance_of_other_tasks() -> None:
    pos = sum(r["label"] for r in load("sentiment", "train")) / 400
    assert 0.5 <= pos <= 0.6
    nli = Counter(r["label"] for r in load("nli", "train"))
    assert max(nli.values()) - min(nli.values()) <= 3
    para = sum(r["label"] for r in load("paraphrase", "train")) / 400
    assert 0.55 <= para <= 0.65
    reviews = Counter(r["label"] for s in SPLITS for r in load("reviews", s))
    assert 0.12 <= reviews[1] / 600 <= 0.18  # neutral under-represented
    rows = [r["labels"] for s in SPLITS for r in load("moderation", s)]
    clean = sum(not any(lab) for lab in rows) / len(rows)
    assert 0.52 <= clean <= 0.62
    for k in (2, 4):  # threat, identity_attack are rare
        assert 0.02 <= sum(lab[k] for lab in rows) / len(rows) <= 0.06
    assert sum(sum(lab) >= 2 for lab in rows) / len(rows) >= 0.15


def test_yesno_is_like_boolq_and_not_solved_by_a_bag_of_words() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    m = meta("yesno")
    assert m["label_names"] == ["no", "yes"]
    for split in SPLITS:
        rows = load("yesno", split)
        assert 0.6 <= sum(r["label"] for r in rows) / len(rows) <= 0.64  # BoolQ: about 62% yes
        assert all(r["question"] == r["question"].lower() for r in rows)  # BoolQ's style
        assert not any(r["question"].endswith("?") for r in rows)
    passages = [r["passage"] for s in SPLITS for r in load("yesno", s)]
    assert len(set(map(normalize_text, passages))) == len(passages), "each passage used once"
    train, test = load("yesno", "train"), load("yesno", "test")
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    clf = LogisticRegression(max_iter=2000, C=10.0)
    clf.fit(vec.fit_transform([r["question"] + " " + r["passage"] for r in train]),
            [r["label"] for r in train])  # fmt: skip
    pred = clf.predict(vec.transform([r["question"] + " " + r["passage"] for r in test]))
    acc = sum(int(p == r["label"]) for p, r in zip(pred, test, strict=True)) / len(test)
    majority = sum(r["label"] for r in test) / len(test)
    assert acc <= majority + 0.1, f"bag-of-words {acc:.3f} vs majority {majority:.3f}: too easy"


def test_long_tail_makes_truncation_meaningful() -> None:
    for task, col in (("sentiment", "sentence"), ("intents", "text"), ("moderation", "text")):
        lengths = sorted(len(r[col].split()) for r in load(task, "train"))
        median = lengths[len(lengths) // 2]
        assert 5 <= median <= 30
        assert lengths[-1] >= 60


def test_generator_check_passes() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_offline_data.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("task", ["sentiment", "intents"])
def test_bag_of_words_baseline_is_good_but_not_perfect(task: str) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    col = meta(task)["text_columns"][0]
    train, test = load(task, "train"), load(task, "test")
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    clf = LogisticRegression(max_iter=2000, C=10.0)
    clf.fit(vec.fit_transform([r[col] for r in train]), [r["label"] for r in train])
    pred = clf.predict(vec.transform([r[col] for r in test]))
    gold = [r["label"] for r in test]
    acc = sum(int(p == g) for p, g in zip(pred, gold, strict=True)) / len(gold)
    majority = Counter(r["label"] for r in train).most_common(1)[0][0]
    majority_acc = sum(g == majority for g in gold) / len(gold)
    assert acc < 0.97, f"{task}: bag-of-words is near perfect ({acc:.3f}); data too easy"
    assert acc > majority_acc + 0.15, f"{task}: {acc:.3f} vs majority {majority_acc:.3f}"


def test_total_size_is_small() -> None:
    total = sum(p.stat().st_size for p in OFFLINE.rglob("*") if p.is_file())
    assert total < 1_500_000
