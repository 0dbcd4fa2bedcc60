"""Benchmark: how fast is this machine today, in the units the course's own work is made of.

Usage::

    python benchmarks/bench_machine.py             # about a minute on 2 cores
    python benchmarks/bench_machine.py --steps 2   # a quick look

The same virtual machine has run the same lesson 2.5x slower on one day than on another (see
benchmarks/README.md, "How fast the machine was"), so a wall time alone says little. This script
measures three fixed pieces of work, each in a fresh process with one thread, the way
``make test`` runs its workers:

* ``import``: ``from transformers import Trainer`` (every lesson kernel, rehearsal kernel and
  grading kernel that trains pays it once);
* ``train``: MiniLM training steps (forward, backward, AdamW) on a fixed batch of 16 texts padded
  to 64 tokens, in samples per second;
* ``eval``: MiniLM forward passes on the same batch without gradients, in samples per second.

Compare its line with the reference rows in benchmarks/README.md before comparing suite or
lesson times between days. No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

# The fixed workload: batch size and padded length of every timed step.
BATCH, LENGTH = 16, 64

_IMPORT = """
import time
start = time.perf_counter()
from transformers import Trainer  # noqa: F401
print(time.perf_counter() - start)
"""

_STEPS = """
import json, sys, time
import torch
from course_lib.models import load_sequence_classifier, offline_checkpoint

steps, batch, length = (int(a) for a in sys.argv[1:4])
torch.manual_seed(0)
model = load_sequence_classifier(str(offline_checkpoint()), ["neg", "pos"])
ids = torch.randint(1000, 20000, (batch, length))
inputs = {"input_ids": ids, "attention_mask": torch.ones_like(ids)}
labels = torch.zeros(batch, dtype=torch.long)
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-5)

def train_step():
    model(**inputs, labels=labels).loss.backward()
    optimizer.step()
    optimizer.zero_grad()

def eval_step():
    with torch.no_grad():
        model(**inputs)

result = {}
for name, step, mode in (("train", train_step, model.train), ("eval", eval_step, model.eval)):
    mode()
    step()  # warm-up
    start = time.perf_counter()
    for _ in range(steps):
        step()
    result[name] = steps * batch / (time.perf_counter() - start)
print(json.dumps(result))
"""


def run_fresh(code: str, *args: str) -> str:
    """Run ``code`` in a fresh single-threaded interpreter; return the last line it prints."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "TRANSFORMERS_VERBOSITY": "error"}
    run = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=900
    )
    if run.returncode:
        raise SystemExit(f"bench_machine: a measurement failed:\n{run.stderr[-2000:]}")
    return run.stdout.strip().splitlines()[-1]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--steps", type=int, default=20, help="timed steps per measurement")
    parser.add_argument("--json", help="also write the numbers to this file")
    args = parser.parse_args(argv)
    if args.steps < 1:
        parser.error("--steps must be at least 1")
    started = time.strftime("%Y-%m-%d %H:%M")
    import_s = float(run_fresh(_IMPORT))
    rates = json.loads(run_fresh(_STEPS, str(args.steps), str(BATCH), str(LENGTH)))
    load = os.getloadavg()[0]
    print(
        f"{started}  import {import_s:.1f} s | train {rates['train']:.1f} samples/s | "
        f"eval {rates['eval']:.1f} samples/s | one thread, batch {BATCH} x {LENGTH} tokens, "
        f"{args.steps} steps | load average {load:.1f} | cores {os.cpu_count()}"
    )
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"import_s": import_s, **rates, "steps": args.steps, "load": load}, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
