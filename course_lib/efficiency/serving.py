"""Inference latency and throughput at several batch sizes."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import torch

from course_lib._validation import check_positive_int


def measure_inference(
    predict: Any,  # e.g. a transformers pipeline: predict(texts, batch_size=n)
    texts: Sequence[str],
    batch_sizes: Sequence[int] = (1, 32),
    repeats: int = 2,  # passes over ``texts`` per batch size, alternating between sizes
    warmup: int = 1,
) -> pd.DataFrame:
    """Texts per second and per-call latency of a predictor at several batch sizes.

    Each repeat times one pass over ``texts`` per batch size, alternating between the sizes so
    that background load affects them alike. Latency is the time of one call with
    ``batch_size`` texts (at batch 1: the time a single user waits). Taught in:
    lessons/08_parameter_efficient_multitask.ipynb (serving).
    """
    texts = list(texts)
    if not texts:
        raise ValueError("texts is empty.")
    sizes = [int(b) for b in batch_sizes]
    if not sizes or min(sizes) < 1:
        raise ValueError(f"batch_sizes must be positive integers, got {list(batch_sizes)}.")
    check_positive_int(repeats, "repeats")
    for _ in range(max(0, warmup)):
        predict(texts[: max(sizes)], batch_size=max(sizes))
    calls: dict[int, list[float]] = {b: [] for b in sizes}
    totals: dict[int, float] = dict.fromkeys(sizes, 0.0)
    with torch.inference_mode():
        for r in range(repeats):
            for b in sizes if r % 2 == 0 else sizes[::-1]:
                for start in range(0, len(texts), b):
                    chunk = texts[start : start + b]
                    began = time.perf_counter()
                    predict(chunk, batch_size=b)
                    spent = time.perf_counter() - began
                    calls[b].append(spent)
                    totals[b] += spent
    rows = []
    for b in sizes:
        latencies = np.asarray(calls[b]) * 1000.0
        rows.append(
            {
                "batch_size": b,
                "texts_per_s": repeats * len(texts) / totals[b],
                "latency_p50_ms": float(np.percentile(latencies, 50)),
                "latency_p95_ms": float(np.percentile(latencies, 95)),
                "calls": len(latencies),
            }
        )
    return pd.DataFrame(rows)
