"""Generate the small, synthetic, offline datasets the course trains on in CI.

Every task is built by its own ``build_<task>`` function from a fixed ``random.Random(seed)``,
from vocabulary and templates written for this course (nothing is copied from an existing
dataset). The generators live in ``scripts/offline_data/<task>.py``, their word lists and
templates in ``scripts/offline_data/vocabulary/``; this script assembles the splits, the
``meta.json`` files and the datasheet. Running the script rewrites, byte for byte identically every time:

* ``course_lib/data/offline/<task>/{train,validation,test}.jsonl``
* ``course_lib/data/offline/<task>/meta.json``
* ``course_lib/data/DATASHEET.md``
* ``instructor/challenge/reviews_test.jsonl``: the challenge's labelled test split, kept with the
  instructor material instead of the package so that the released exercise does not ship it.

Usage::

    python scripts/make_offline_data.py           # (re)write all files
    python scripts/make_offline_data.py --check   # exit 1 if the committed files differ

Design notes (see the datasheet for the full story):

* no text (lower-cased, whitespace-normalised) appears twice in a task, within or across splits;
* each split gets an exact label plan (so class balance is the same every run) and a fixed share
  of deliberately wrong labels ("label noise") so that no model reaches 100 %;
* surface noise (lower-casing, typos, missing or doubled punctuation) and a long tail of long
  texts make length histograms and truncation meaningful.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from random import Random
from typing import Any

from offline_data.common import SPLITS, Row
from offline_data.intents import build_intents
from offline_data.moderation import build_moderation
from offline_data.ner import build_ner
from offline_data.nli import build_nli
from offline_data.paraphrase import build_paraphrase
from offline_data.reviews import build_reviews
from offline_data.sentiment import build_sentiment
from offline_data.sts import build_sts
from offline_data.yesno import build_yesno

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "course_lib" / "data"
OFFLINE_DIR = DATA_DIR / "offline"
DATASHEET = DATA_DIR / "DATASHEET.md"
# Splits that are graded, not taught: written outside course_lib (see the module docstring).
HIDDEN_SPLITS = {("reviews", "test"): ROOT / "instructor" / "challenge" / "reviews_test.jsonl"}
BASE_SEED = 20250601


# Assembly, meta.json, datasheet
# --------------------------------------------------------------------------------------------

BUILDERS: dict[str, Callable[[Random], tuple[dict[str, list[Row]], dict[str, Any]]]] = {
    "sentiment": build_sentiment,
    "intents": build_intents,
    "moderation": build_moderation,
    "ner": build_ner,
    "nli": build_nli,
    "paraphrase": build_paraphrase,
    "sts": build_sts,
    "reviews": build_reviews,
    "yesno": build_yesno,  # last: the seeds of the tasks above stay as they were
}


def text_of(row: Row, cols: list[str]) -> str:
    return " ".join(" ".join(row[c]) if isinstance(row[c], list) else row[c] for c in cols)


def label_stats(rows: list[Row], meta: dict[str, Any]) -> dict[str, Any]:
    """Per-split label counts in a JSON-friendly form (depends on the task type)."""
    kind, col = meta["task_type"], meta["label_column"]
    names = meta.get("label_names", [])
    if kind == "multilabel":
        out = {n: sum(r[col][k] for r in rows) for k, n in enumerate(names)}
        out["no_label"] = sum(1 for r in rows if not any(r[col]))
        return out
    if kind == "token":
        c = Counter(t for r in rows for t in r[col])
        return {n: c.get(k, 0) for k, n in enumerate(names)}
    if kind == "pair_regression":
        bins = Counter(min(int(r[col]), 4) for r in rows)
        return {f"[{b},{b + 1}{']' if b == 4 else ')'}": bins.get(b, 0) for b in range(5)}
    c = Counter(r[col] for r in rows)
    return {n: c.get(k, 0) for k, n in enumerate(names)}


def word_stats(rows: list[Row], cols: list[str]) -> dict[str, float]:
    lengths = sorted(len(text_of(r, cols).split()) for r in rows)
    p95 = lengths[min(len(lengths) - 1, math.ceil(0.95 * len(lengths)) - 1)]
    return {"mean": round(sum(lengths) / len(lengths), 1), "p95": p95, "max": lengths[-1]}


def build_all() -> dict[str, tuple[dict[str, list[Row]], dict[str, Any]]]:
    result = {}
    for i, (task, builder) in enumerate(BUILDERS.items()):
        seed = BASE_SEED + 1000 * i
        splits, meta = builder(Random(seed))
        stats_key = (
            "class_counts"
            if meta["task_type"] in ("binary", "multiclass", "pair_classification")
            else {
                "multilabel": "label_counts",
                "token": "tag_counts",
                "pair_regression": "score_histogram",
            }[meta["task_type"]]
        )
        full = {"task": task, **meta}
        full["splits"] = {s: len(rows) for s, rows in splits.items()}
        full[stats_key] = {s: label_stats(rows, meta) for s, rows in splits.items()}
        full["word_length_train"] = word_stats(splits["train"], meta["text_columns"])
        full["seed"] = seed
        full["synthetic"] = True
        full["generator"] = "scripts/make_offline_data.py"
        full["license"] = "MIT"
        result[task] = (splits, full)
    return result


def render_jsonl(rows: list[Row]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def md_table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(x) for x in row) + " |" for row in rows]
    return "\n".join(lines)


DATASHEET_HEAD = """# Datasheet: the course's offline datasets

_This file is written by `scripts/make_offline_data.py`; edit the generator, not this file._

## Motivation

The course's CI and its offline ("CPU") profile must train and evaluate real models without
network access. These nine tiny datasets stand in for the hub datasets used by the full
profile: same column names, same label names and task types, a few hundred rows each, so that a
MiniLM encoder fine-tunes on them in seconds on a CPU. They are for teaching the *mechanics*
(tokenisation, label alignment, metrics, imbalance, truncation, calibration), not for
benchmarking.

## How they were generated

* **Fully synthetic.** Every sentence is produced by `scripts/make_offline_data.py` from
  vocabulary and templates written for this course. No text was copied from any existing
  dataset, tutorial or website; all people, companies, towns, nationalities, events and products
  are invented (any resemblance to real entities is accidental).
* **Deterministic.** Each task uses its own `random.Random(seed)`; the seed is recorded in
  `meta.json`. `python scripts/make_offline_data.py --check` verifies that the committed files
  are exactly what the generator produces.
* **Varied on purpose.** Many templates per class, synonyms, negation ("not bad", "hardly
  impressive"), contrastive sentences whose verdict follows "but", hedges, lower-casing, typos
  and punctuation noise, and a long tail of long texts (so a length histogram with a P95 line and
  truncation at a short `max_length` are meaningful).
* **Label noise.** A fixed share of rows per split (see `label_noise_rate` in each `meta.json`)
  carries a deliberately wrong label, so no model reaches 100 % and error analysis finds real
  "annotation mistakes".
* **Leakage-free.** No text appears twice within a split or in two splits after the
  normalisation of the course's leak detector (`cl.hygiene.normalize_text`: Unicode-normalised,
  case-folded, punctuation and whitespace collapsed; for pairs the pair, for NER the token
  sequence), so a punctuation-only variant counts as the same text.
* **Unseen test names for NER.** The `ner` test split draws every person, organisation, place and
  MISC name from a pool that training and validation never use (as many of CoNLL-2003's test
  names are new), so its score measures generalisation to new names, not memory; validation
  shares the training pool.

## Files

`course_lib/data/offline/<task>/{train,validation,test}.jsonl` (one JSON object per line, UTF-8)
and `meta.json` (task type, text and label columns, label names, hub equivalent, split sizes,
per-split label counts, seed). For `intents`, `class_counts` in `meta.json` documents the
imbalance.
"""

DATASHEET_TAIL = """
## Known limitations

* Templates are finite: a large model can memorise them, and scores here say nothing about
  performance on real text. Vocabulary overlaps between splits (only exact texts are kept apart).
* The language is English only, mostly informal, with made-up names; it lacks the diversity of
  real users, dialects, code-switching and real-world toxicity.
* `moderation` is deliberately classroom-safe: insults are cartoonish, swear words are stand-ins
  ("darn", "frick", "bloody") and identity attacks target invented towns. A model trained on it
  must not be used for real moderation.
* `nli`, `paraphrase` and `sts` are built from a small number of scene/news frames; hypothesis-only
  or lexical-overlap shortcuts exist, as in the real datasets, and are worth discussing in class.
* Label noise is injected uniformly at random; real annotation noise is not uniform.
* `sts` scores come from a facet-matching formula plus Gaussian noise, not from human ratings.

## Licence

MIT, like the rest of the course. The data is synthetic and contains no personal data.
"""


def render_datasheet(built: dict[str, tuple[dict[str, list[Row]], dict[str, Any]]]) -> str:
    out = [DATASHEET_HEAD, "## Tasks and sizes\n"]
    size_rows = []
    for task, (_, meta) in built.items():
        sz = meta["splits"]
        ws = meta["word_length_train"]
        size_rows.append(
            [
                f"`{task}`",
                meta["task_type"],
                f"`{meta['hub_equivalent']}`",
                ", ".join(f"`{c}`" for c in meta["text_columns"]) + f" → `{meta['label_column']}`",
                sz["train"],
                sz["validation"],
                sz["test"],
                f"{ws['mean']} / {ws['p95']} / {ws['max']}",
            ]
        )
    out.append(
        md_table(
            [
                "task",
                "type",
                "stands in for",
                "columns",
                "train",
                "validation",
                "test",
                "words mean / P95 / max (train)",
            ],
            size_rows,
        )
    )
    out.append("\n## Label distributions\n")
    for task, (_, meta) in built.items():
        key = next(
            k
            for k in ("class_counts", "label_counts", "tag_counts", "score_histogram")
            if k in meta
        )
        stats = meta[key]
        names = list(stats["train"])
        rows = []
        for n in names:
            row = [f"`{n}`"]
            for s in SPLITS:
                total = meta["splits"][s]
                cnt = stats[s][n]
                row.append(f"{cnt} ({100 * cnt / total:.1f} %)" if key != "tag_counts" else cnt)
            rows.append(row)
        what = {
            "class_counts": "rows per class",
            "label_counts": "rows with each label (multi-hot; `no_label` = all zeros)",
            "tag_counts": "tokens per tag",
            "score_histogram": "rows per score bin",
        }[key]
        note = f"### `{task}` — {what}"
        if task == "intents":
            tr = stats["train"]
            note += (
                f"\n\nDeliberately imbalanced: largest/smallest class in train = "
                f"{max(tr.values())}/{min(tr.values())} = {max(tr.values()) / min(tr.values()):.1f}:1. "
                "Confusable pairs by design: `cancel_order`/`refund_request`, "
                "`card_lost`/`update_payment`. Extra column `source` ∈ {email, chat, app}."
            )
        if task == "moderation":
            note += (
                "\n\nInsult and obscene rows are almost always also toxic (a few obscene-only "
                'rows are friendly: "bloody brilliant").'
            )
        if task == "reviews":
            note += "\n\nNeutral is under-represented and often mixed or factual."
        if task == "yesno":
            note += (
                "\n\nAbout 62 % yes, as in BoolQ. Questions are lower-cased without a question "
                "mark, as BoolQ writes them; each passage (one to seven short sentences about an "
                "invented shop, product or order, far shorter than BoolQ's Wikipedia paragraphs) "
                "is used once. The answer follows from one sentence: a value the question names, "
                "a fact stated or negated, or a number to compare, so the same words occur with "
                "both answers and a bag of words stays near the majority baseline."
            )
        out.append(note + "\n\n" + md_table(["label", *SPLITS], rows) + "\n")
    out.append(DATASHEET_TAIL)
    return "\n".join(out).rstrip() + "\n"


def render_all() -> dict[Path, str]:
    built = build_all()
    files: dict[Path, str] = {}
    for task, (splits, meta) in built.items():
        for split, rows in splits.items():
            default = OFFLINE_DIR / task / f"{split}.jsonl"
            files[HIDDEN_SPLITS.get((task, split), default)] = render_jsonl(rows)
        files[OFFLINE_DIR / task / "meta.json"] = (
            json.dumps(meta, indent=2, ensure_ascii=False) + "\n"
        )
    files[DATASHEET] = render_datasheet(built)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if committed files differ")
    args = parser.parse_args(argv)
    files = render_all()
    if args.check:
        stale = [
            p
            for p, text in files.items()
            if not p.exists() or p.read_text(encoding="utf-8") != text
        ]
        for p in stale:
            print(f"out of date: {p.relative_to(ROOT)}", file=sys.stderr)
        if stale:
            print("run: python scripts/make_offline_data.py", file=sys.stderr)
            return 1
        print(f"ok: {len(files)} files up to date")
        return 0
    for p, text in files.items():
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} files under {DATA_DIR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
