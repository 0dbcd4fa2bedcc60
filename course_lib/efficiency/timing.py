"""A Trainer callback that times each training epoch on its own."""

from __future__ import annotations

import time
from typing import Any


def epoch_timer() -> Any:
    """A ``TrainerCallback`` that records the seconds of each training epoch, without evaluation.

    The Trainer's own ``train_runtime`` includes the evaluations and checkpoint saves that run
    between epochs; this callback times only from the start to the end of each epoch's steps.
    Read ``timer.seconds`` (a list, one entry per epoch) after ``trainer.train()``.
    Taught in: lessons/07_efficient_finetuning.ipynb.
    """
    from transformers import TrainerCallback

    class EpochTimer(TrainerCallback):
        def __init__(self) -> None:
            self.seconds: list[float] = []
            self._start: float | None = None

        def on_epoch_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            self._start = time.perf_counter()

        def on_epoch_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            if self._start is not None:
                self.seconds.append(time.perf_counter() - self._start)
                self._start = None

    return EpochTimer()
