"""Benchmark: evaluation and prediction in dataset order, in the Trainer's length groups, or sorted.

Usage::

    python benchmarks/bench_evaluation_order.py              # offline MiniLM, sentiment train split
    python benchmarks/bench_evaluation_order.py --repeats 1  # quicker

Issue 15 lists "sorted evaluation and prediction" as a candidate for a faster CPU recipe. With
dynamic padding a batch costs as much as its longest text, so the order of the rows decides how
much of the work is padding:

* **dataset order**: what ``Trainer.predict`` does without length grouping, and what
  ``course_lib.training_settings.predict_in_order`` asks for (it needs row i's prediction at
  position i);
* **Trainer's groups**: ``train_sampling_strategy="group_by_length"`` in transformers 5.2x also
  groups evaluation batches (``get_length_grouped_indices``: shuffled mega-batches of 50 batches,
  sorted inside; fewer on small splits);
* **sorted**: every row sorted by length, longest first, then the predictions put back in
  dataset order (one ``argsort``), so the rows stay aligned with their texts.

The same weights predict every order; the script prints texts/s, the padded share of the
positions, and how far the sorted order's logits (restored to dataset order) are from the
dataset order's ones. Passes alternate between the orders so that background load slows them
alike. No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ORDERS = ("dataset order", "Trainer's groups", "sorted")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task", default="sentiment", help="a single-text task of the course")
    parser.add_argument("--split", default="train",
                        help="the rows to predict (default train: 400 offline texts; the offline "
                        "validation split has only 100)")  # fmt: skip
    parser.add_argument("--rows", type=int, default=None, help="use only the first ROWS rows")
    parser.add_argument("--batch-size", type=int, default=32,
                        help="evaluation batch (the course's: twice the training batch of 16)")  # fmt: skip
    parser.add_argument("--repeats", type=int, default=3, help="timed passes per order")
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    parser.add_argument("--seed", type=int, default=42)
    opts = parser.parse_args(argv)
    for name in ("batch_size", "repeats"):
        if getattr(opts, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be >= 1")
    return opts


def orders(lengths: Any, batch_size: int, seed: int) -> dict[str, list[int]]:
    """Row indices in each of the three orders."""
    import numpy as np
    import torch
    from transformers.trainer_pt_utils import get_length_grouped_indices

    generator = torch.Generator().manual_seed(seed)
    grouped = get_length_grouped_indices([int(n) for n in lengths], batch_size, generator=generator)
    return {
        "dataset order": list(range(len(lengths))),
        "Trainer's groups": [int(i) for i in grouped],
        "sorted": [int(i) for i in np.argsort(-np.asarray(lengths), kind="stable")],
    }


def predict(model: Any, batches: list[dict[str, Any]]) -> tuple[Any, float]:
    """Logits of every batch, concatenated, and the seconds the forward passes took."""
    import torch

    start = time.perf_counter()
    with torch.inference_mode():
        logits = [model(**batch).logits for batch in batches]
    return torch.cat(logits), time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    opts = parse_args(argv)
    import numpy as np
    import torch
    from transformers import DataCollatorWithPadding

    from course_lib import efficiency, lesson, models, tokenization
    from course_lib.datasets import load_task
    from course_lib.profiles import get_profile

    lesson.quiet_logs()
    lesson.seed_everything(opts.seed)
    profile = get_profile("offline")
    data = load_task(opts.task, profile)
    if opts.split not in data.dataset:
        raise SystemExit(f"--split {opts.split}: the task has {list(data.dataset)}")
    rows = data.dataset[opts.split]
    if opts.rows is not None:
        rows = rows.select(range(min(opts.rows, len(rows))))
    text = data.text_columns[0]
    checkpoint = profile.checkpoint(opts.task)
    tokenizer = models.load_tokenizer(checkpoint)
    cap = tokenization.length_report(tokenizer, rows[text]).cap_at(99)
    encoded = rows.select_columns([text]).map(
        lambda b: tokenizer(b[text], truncation=True, max_length=cap),
        batched=True,
        remove_columns=[text],
    )
    lengths = tokenization.sequence_lengths(encoded)
    collate = DataCollatorWithPadding(tokenizer)
    model = models.load_sequence_classifier(checkpoint, list(data.label_names)).eval()
    plans = orders(lengths, opts.batch_size, opts.seed)
    batches = {
        name: [
            collate([encoded[i] for i in order[start : start + opts.batch_size]])
            for start in range(0, len(order), opts.batch_size)
        ]
        for name, order in plans.items()
    }
    print(f"{len(encoded)} {opts.task} {opts.split} rows, cap {cap} tokens, batch "
          f"{opts.batch_size}, {torch.get_num_threads()} torch threads, {opts.repeats} timed "
          "passes per order (alternating)")  # fmt: skip
    predict(model, batches["sorted"][:1])  # warm-up: first-call allocations are not timed
    seconds = dict.fromkeys(ORDERS, 0.0)
    logits: dict[str, Any] = {}
    for r in range(opts.repeats):
        for name in ORDERS if r % 2 == 0 else ORDERS[::-1]:
            logits[name], spent = predict(model, batches[name])
            seconds[name] += spent
    in_dataset_order = {}
    for name, order in plans.items():
        restored = torch.empty_like(logits[name])
        restored[torch.tensor(order)] = logits[name]
        in_dataset_order[name] = restored
    reference = in_dataset_order["dataset order"]
    table = []
    for name in ORDERS:
        gap = (in_dataset_order[name] - reference).abs().max().item()
        same = (in_dataset_order[name].argmax(-1) == reference.argmax(-1)).float().mean().item()
        table.append({
            "order": name,
            "texts_per_s": opts.repeats * len(encoded) / seconds[name],
            "padded_fraction": efficiency.padded_token_fraction(batches[name]),
            "max_abs_logit_gap": gap,
            "same_predicted_class": same,
        })  # fmt: skip
    base = table[0]["texts_per_s"]
    for row in table:
        row["speedup_vs_dataset_order"] = row["texts_per_s"] / base
        print(f"  {row['order']:<17} {row['texts_per_s']:7.1f} texts/s  x{row['speedup_vs_dataset_order']:.2f}"
              f"  padded {row['padded_fraction']:.3f}  max |logit gap| {row['max_abs_logit_gap']:.1e}"
              f"  same class {row['same_predicted_class']:.3f}")  # fmt: skip
    print(f"lengths: median {int(np.median(lengths))}, max {int(lengths.max())} tokens")
    if opts.json is not None:
        opts.json.write_text(json.dumps({
            "task": opts.task, "split": opts.split, "rows": len(encoded), "cap": cap,
            "batch_size": opts.batch_size, "torch_threads": torch.get_num_threads(),
            "repeats": opts.repeats, "orders": table,
        }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
