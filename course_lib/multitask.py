"""One shared encoder with one classification head per task (multi-task fine-tuning).

Taught in: lessons/08_parameter_efficient_multitask.ipynb (section "One encoder, two heads"), which works
the seeds' exercise: train a single model for two classification tasks at once.

Design: every training example carries a ``task_ids`` integer. The encoder runs once on the whole
batch; each row's pooled vector goes through the head of its own task. Logits of all heads are
written into one ``[batch, max_labels]`` tensor, where the columns a task does not have hold a
very negative number, so a plain cross-entropy over that tensor equals each task's own
cross-entropy (``exp(-1e4)`` is 0). Batches may therefore mix tasks, the standard
``DataCollatorWithPadding`` and the standard (shuffling, length-grouping) ``Trainer`` work
unchanged, and the loss is the mean over all examples of the batch. For inference, call the
model with ``task="name"`` to get only that head's logits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import torch
from torch import nn
from torch.nn import functional as F

from course_lib._validation import column_values
from course_lib.models import evaluating

__all__ = [
    "MultiTaskClassifier",
    "build_multitask_dataset",
    "evaluate_tasks",
]

_MASKED_LOGIT = -1e4  # finite (fp16-safe) and small enough that softmax gives it ~0 probability
_POOLINGS = ("cls", "mean")
_KEEP = ("input_ids", "attention_mask", "token_type_ids", "labels", "task_ids")


class MultiTaskClassifier(nn.Module):
    """A pretrained encoder (``AutoModel``) shared by one linear head per task.

    Taught in: lessons/08_parameter_efficient_multitask.ipynb.

    Args:
        encoder: a transformers encoder that returns ``last_hidden_state``.
        tasks: ``{task name: ordered label names}``, e.g.
            ``{"sentiment": ["negative", "positive"], "intents": [...]}``.
        dropout: dropout before each head.
        pooling: ``"cls"`` (first token's vector) or ``"mean"`` (average over real tokens; the
            pooling sentence-transformers models such as all-MiniLM-L6-v2 were trained with).
    """

    def __init__(
        self,
        encoder: nn.Module,
        tasks: Mapping[str, Sequence[str]],
        dropout: float = 0.1,
        pooling: str = "mean",
    ) -> None:
        super().__init__()
        if not isinstance(tasks, Mapping) or not tasks:
            raise ValueError("tasks must be a non-empty {task name: label names} mapping.")
        for name, labels in tasks.items():
            if isinstance(labels, str) or len(labels) < 2:
                raise ValueError(
                    f"task {name!r} needs a list of at least two label names, got {labels!r}."
                )
        if pooling not in _POOLINGS:
            raise ValueError(f"pooling={pooling!r}; choose one of {list(_POOLINGS)}.")
        hidden = getattr(getattr(encoder, "config", None), "hidden_size", None)
        if hidden is None:
            raise ValueError("encoder has no config.hidden_size; pass a transformers AutoModel.")
        self.encoder = encoder
        self.task_names: tuple[str, ...] = tuple(tasks)
        self.label_names: dict[str, tuple[str, ...]] = {t: tuple(v) for t, v in tasks.items()}
        self.pooling = pooling
        self.dropout = nn.Dropout(dropout)
        self.heads = nn.ModuleDict({t: nn.Linear(hidden, len(v)) for t, v in tasks.items()})
        self.max_labels = max(len(v) for v in tasks.values())
        # Trainer reads these to move the model and to name checkpoints.
        self.config = encoder.config

    @classmethod
    def from_pretrained(
        cls,
        checkpoint: str | Path,
        tasks: Mapping[str, Sequence[str]],
        **kwargs: Any,
    ) -> MultiTaskClassifier:
        """Load the encoder of ``checkpoint`` with ``AutoModel`` and add fresh heads."""
        from transformers import AutoModel

        from course_lib.models import _load

        encoder = _load(AutoModel.from_pretrained, checkpoint, "encoder")
        return cls(encoder, tasks, **kwargs)

    def task_id(self, task: str) -> int:
        """The integer used in the ``task_ids`` column for ``task``."""
        if task not in self.task_names:
            raise ValueError(f"unknown task {task!r}; this model has {list(self.task_names)}.")
        return self.task_names.index(task)

    def _pool(self, hidden: torch.Tensor, attention_mask: torch.Tensor | None) -> torch.Tensor:
        if self.pooling == "cls" or attention_mask is None:
            return hidden[:, 0]
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        return (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp_min(1.0)

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor | None = None,
        token_type_ids: torch.Tensor | None = None,
        labels: torch.Tensor | None = None,
        task: str | None = None,  # one task for the whole batch (inference)
        task_ids: torch.Tensor | None = None,  # one task id per row (training, mixed batches)
        **kwargs: Any,  # e.g. num_items_in_batch from the Trainer; ignored
    ) -> Any:
        """Encode once, route each row to its task's head; return ``loss`` and ``logits``.

        With ``task="name"`` the logits are that head's ``[batch, n_labels]``; with ``task_ids``
        they are ``[batch, max_labels]`` with the other tasks' missing columns masked.
        """
        from transformers.modeling_outputs import SequenceClassifierOutput

        if task is None and task_ids is None:
            if len(self.task_names) != 1:
                raise ValueError(
                    "pass task='name' (one task for the batch) or task_ids (one id per row); "
                    f"this model has tasks {list(self.task_names)}."
                )
            task = self.task_names[0]
        encoder_inputs: dict[str, Any] = {"input_ids": input_ids, "attention_mask": attention_mask}
        if token_type_ids is not None:
            encoder_inputs["token_type_ids"] = token_type_ids
        hidden = self.encoder(**encoder_inputs).last_hidden_state
        pooled = self.dropout(self._pool(hidden, attention_mask))
        if task is not None:
            logits = self.heads[self.task_names[self.task_id(task)]](pooled)
        else:
            assert task_ids is not None
            task_ids = task_ids.view(-1)
            if task_ids.shape[0] != pooled.shape[0]:
                raise ValueError(
                    f"task_ids has {task_ids.shape[0]} entries for a batch of {pooled.shape[0]}."
                )
            bad = (task_ids < 0) | (task_ids >= len(self.task_names))
            if bool(bad.any()):
                raise ValueError(
                    f"task_ids must be in 0..{len(self.task_names) - 1}, got "
                    f"{sorted(set(task_ids[bad].tolist()))}."
                )
            logits = pooled.new_full((pooled.shape[0], self.max_labels), _MASKED_LOGIT)
            for index, name in enumerate(self.task_names):
                rows = task_ids == index
                if bool(rows.any()):
                    head_logits = self.heads[name](pooled[rows])
                    logits[rows, : head_logits.shape[1]] = head_logits.to(logits.dtype)
        loss = None
        if labels is not None:
            loss = F.cross_entropy(logits.float(), labels.view(-1).long())
        return SequenceClassifierOutput(loss=loss, logits=logits)


def build_multitask_dataset(
    parts: Mapping[str, Any],  # {task name: tokenized Dataset with input_ids, ..., label(s)}
    task_names: Sequence[str],  # the model's task order (MultiTaskClassifier.task_names)
    seed: int = 42,
) -> Any:
    """Concatenate per-task tokenized datasets into one shuffled dataset with ``task_ids``.

    Each part must hold ``input_ids`` and ``attention_mask`` (unpadded) and integer labels in
    ``label`` or ``labels``; other columns are dropped. Labels become plain integers: each task's
    ``ClassLabel`` names its own classes, so hub datasets could not be concatenated otherwise.
    Taught in: lessons/08_parameter_efficient_multitask.ipynb.
    """
    from datasets import Value, concatenate_datasets

    if not parts:
        raise ValueError("parts is empty: give at least one {task: dataset}.")
    names = list(task_names)
    pieces = []
    for task, dataset in parts.items():
        if task not in names:
            raise ValueError(f"task {task!r} is not among task_names {names}.")
        columns = dataset.column_names
        if "input_ids" not in columns:
            raise ValueError(f"the {task!r} dataset is not tokenized (columns: {columns}).")
        if "labels" not in columns:
            if "label" not in columns:
                raise ValueError(f"the {task!r} dataset has no 'label' or 'labels' column.")
            dataset = dataset.rename_column("label", "labels")
        dataset = dataset.cast_column("labels", Value("int64"))
        dataset = dataset.add_column("task_ids", [names.index(task)] * len(dataset))
        pieces.append(dataset.select_columns([c for c in _KEEP if c in dataset.column_names]))
    shared = set.intersection(*(set(p.column_names) for p in pieces))
    pieces = [p.select_columns([c for c in _KEEP if c in shared]) for p in pieces]
    return concatenate_datasets(pieces).shuffle(seed=seed)


@torch.no_grad()
def evaluate_tasks(
    model: MultiTaskClassifier,
    parts: Mapping[str, Any],  # {task name: tokenized evaluation Dataset with label(s)}
    tokenizer: Any,
    compute_metrics: Mapping[str, Any],  # {task name: compute_metrics function}
    batch_size: int = 64,
) -> pd.DataFrame:
    """Run each task's evaluation set through its own head; one row of metrics per task.

    Taught in: lessons/08_parameter_efficient_multitask.ipynb.
    """
    from transformers import DataCollatorWithPadding

    collator = DataCollatorWithPadding(tokenizer)
    device = next(model.parameters()).device
    missing = [task for task in parts if task not in compute_metrics]
    if missing:
        raise ValueError(f"no compute_metrics given for task {missing[0]!r}.")
    rows = {}
    for task, dataset in parts.items():
        label_col = "labels" if "labels" in dataset.column_names else "label"
        keep = [
            c
            for c in ("input_ids", "attention_mask", "token_type_ids")
            if c in dataset.column_names
        ]
        inputs = dataset.select_columns(keep)
        logits = []
        with evaluating(model):
            for start in range(0, len(inputs), batch_size):
                batch = collator(
                    [inputs[i] for i in range(start, min(start + batch_size, len(inputs)))]
                )
                batch = {k: v.to(device) for k, v in batch.items()}
                logits.append(model(**batch, task=task).logits.float().cpu())
        scores = torch.cat(logits).numpy()
        labels = np.asarray(column_values(dataset[label_col]))
        rows[task] = compute_metrics[task]((scores, labels))
    return pd.DataFrame(rows).T
