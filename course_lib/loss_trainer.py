"""A ``transformers.Trainer`` that trains with a custom loss and/or a re-balancing sampler.

Taught in: lessons/02_multiclass_imbalance.ipynb (class-weighted and focal losses, oversampling),
lessons/03_multilabel_moderation.ipynb (BCE with pos_weight). Token losses with ``ignore_index``
work the same way (the NER lesson trains with the model's own loss).

Gradient accumulation, exactly
------------------------------
With ``gradient_accumulation_steps=k`` the Trainer feeds ``k`` micro-batches before each optimizer
step. Averaging ``k`` per-micro-batch means is *not* the mean over the big batch when
micro-batches hold different numbers of targets (token tasks) or different total class weight
(weighted losses). For the losses of :mod:`course_lib.losses`, ``LossTrainer`` therefore:

1. computes, before the micro-batches run, the denominator that ``reduction="mean"`` would use on
   the whole accumulated batch: the number of non-ignored targets, or, for a class-weighted
   loss, **the sum of the class weights of those targets** (``loss_fn.normalizer``). This is
   the ``num_items_in_batch`` the Trainer passes to ``compute_loss``;
2. returns ``sum of per-target losses in the micro-batch / num_items_in_batch``.

Summed over the micro-batches this is exactly the loss (and the gradient) of one batch
``k`` times larger, e.g. ``nn.CrossEntropyLoss(weight=w)`` on all targets at once. We chose
the sum of weights rather than the plain target count so that the accumulated loss has the
same value as the un-accumulated weighted mean that learners compare against. Other
``nn.Module`` losses (without ``loss_sum_and_normalizer``) are used as per-micro-batch means
that the Trainer divides by ``k``, the standard (approximate) behaviour.

With ``loss_fn=None`` the model's own loss is used, as a per-micro-batch mean divided by ``k``.
Encoder heads such as ``BertForSequenceClassification`` accept ``**kwargs`` but ignore
``num_items_in_batch``; plain ``Trainer`` then treats their loss as already scaled and skips the
division, so accumulated gradients come out ``k`` times too large. ``LossTrainer`` sets
``model_accepts_loss_kwargs = False`` for such models to avoid that.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.utils.data import WeightedRandomSampler
from transformers import Trainer

from course_lib._validation import as_float_array
from course_lib.sampling import LengthGroupedWeightedSampler, oversampling_weights
from course_lib.tokenization import sequence_lengths

__all__ = ["LossTrainer"]

_LABEL_COLUMNS = ("labels", "label")


def _has_exact_reduction(loss_fn: nn.Module | None) -> bool:
    return loss_fn is not None and hasattr(loss_fn, "loss_sum_and_normalizer")


class LossTrainer(Trainer):
    """``Trainer`` with a pluggable loss and optional class-balanced sampling.

    Everything else behaves like ``transformers.Trainer``; all its arguments are accepted.
    Taught in: lessons/02_multiclass_imbalance.ipynb.

    Args:
        *args: positional arguments of ``transformers.Trainer``.
        loss_fn: loss module called as ``loss_fn(logits, labels)``; the model is then run
            without labels. Use the losses of :mod:`course_lib.losses` for exact gradient
            accumulation (see the module docstring). None keeps the model's own loss.
        oversample: draw training examples with replacement, each with probability
            proportional to ``1 / count(its class)``, so every class is seen equally often.
            Needs single-label integer labels in a "labels" or "label" column. With
            ``train_sampling_strategy="group_by_length"`` the draws are batched by length.
        sample_weights: explicit per-example sampling weights (one per training example)
            instead of ``oversample``'s class-balanced ones.
        **kwargs: keyword arguments of ``transformers.Trainer``.
    """

    def __init__(
        self,
        *args: Any,
        loss_fn: nn.Module | None = None,
        oversample: bool = False,
        sample_weights: Sequence[float] | np.ndarray | None = None,
        **kwargs: Any,
    ) -> None:
        if loss_fn is not None and not isinstance(loss_fn, nn.Module):
            raise TypeError(
                f"loss_fn must be a torch.nn.Module (e.g. course_lib.losses.FocalLoss()), "
                f"got {type(loss_fn).__name__}"
            )
        if loss_fn is not None and kwargs.get("compute_loss_func") is not None:
            raise ValueError("pass either loss_fn or compute_loss_func, not both")
        if not isinstance(oversample, bool):
            raise TypeError(f"oversample must be True or False, got {oversample!r}")
        if oversample and sample_weights is not None:
            raise ValueError("pass either oversample=True or sample_weights, not both")
        weights = None
        if sample_weights is not None:
            weights = as_float_array(sample_weights, "sample_weights", ndim=1)
            if (weights < 0).any() or weights.sum() == 0:
                raise ValueError("sample_weights must be non-negative and not all zero")
        super().__init__(*args, **kwargs)
        self.loss_fn = loss_fn.to(self.args.device) if loss_fn is not None else None
        self.oversample = oversample
        self.sample_weights = weights
        if weights is not None and self.train_dataset is not None:
            self._check_weight_count(weights, self.train_dataset)
        # Exact accumulation needs per-batch denominators, which DataParallel would split.
        self._exact_accumulation = _has_exact_reduction(loss_fn) and self.args.n_gpu <= 1
        if loss_fn is not None:
            # True makes the Trainer count num_items_in_batch (through our
            # _get_num_items_in_batch) and trust compute_loss's scaling; False makes it
            # divide a per-batch mean by the accumulation steps.
            self.model_accepts_loss_kwargs = self._exact_accumulation
        elif (
            self.compute_loss_func is None
            and self.model_accepts_loss_kwargs
            and not _model_uses_num_items(self.model)
        ):
            self.model_accepts_loss_kwargs = False

    # ------------------------------------------------------------------ loss

    def compute_loss(
        self,
        model: nn.Module,
        inputs: dict[str, Any],
        return_outputs: bool = False,
        num_items_in_batch: torch.Tensor | int | None = None,
    ) -> torch.Tensor | tuple[torch.Tensor, Any]:
        """Run the model without labels and apply ``loss_fn`` to its logits.

        Args:
            model: the (possibly wrapped) model.
            inputs: the collated batch, including "labels".
            return_outputs: also return the model outputs (used during evaluation).
            num_items_in_batch: mean-reduction denominator of the whole accumulated batch,
                computed by :meth:`_get_num_items_in_batch`; None means "this batch only".
        """
        if self.loss_fn is None:
            return super().compute_loss(
                model, inputs, return_outputs=return_outputs, num_items_in_batch=num_items_in_batch
            )
        if "labels" not in inputs:
            raise ValueError(
                "LossTrainer with loss_fn needs a 'labels' entry in each batch; check the "
                f"dataset columns (the batch has {sorted(inputs)})"
            )
        model_inputs = {key: value for key, value in inputs.items() if key != "labels"}
        labels = inputs["labels"]
        outputs = model(**model_inputs)
        logits = outputs["logits"] if isinstance(outputs, dict) else outputs[0]
        if not self._exact_accumulation:
            loss = self.loss_fn(logits, labels)
        else:
            total, normalizer = self.loss_fn.loss_sum_and_normalizer(logits, labels)
            denominator = normalizer if num_items_in_batch is None else num_items_in_batch
            denominator = torch.as_tensor(denominator, device=total.device, dtype=total.dtype)
            loss = total / denominator.clamp_min(torch.finfo(total.dtype).tiny)
            if (
                num_items_in_batch is not None
                and self.args.average_tokens_across_devices
                and self.args.world_size > 1
            ):
                # The denominator was summed over processes, while DDP averages gradients.
                loss = loss * self.accelerator.num_processes
        return (loss, outputs) if return_outputs else loss

    def _get_num_items_in_batch(
        self, batch_samples: list, device: torch.device
    ) -> torch.Tensor | int | None:
        """Mean-reduction denominator of the accumulated batch (see the module docstring)."""
        if not self._exact_accumulation:
            return super()._get_num_items_in_batch(batch_samples, device)
        parts = [
            self.loss_fn.normalizer(batch["labels"])
            for batch in batch_samples
            if isinstance(batch, dict) and torch.is_tensor(batch.get("labels"))
        ]
        if not parts:
            return None
        total = torch.stack([p.to(device=device, dtype=torch.float32) for p in parts]).sum()
        if self.args.average_tokens_across_devices and self.args.world_size > 1:
            total = self.accelerator.gather(total).sum()
        return total

    # ------------------------------------------------------------------ sampling

    def _get_train_sampler(self, train_dataset: Any = None) -> torch.utils.data.Sampler | None:
        """A ``WeightedRandomSampler`` when oversampling, else the Trainer's default sampler.

        With ``train_sampling_strategy="group_by_length"`` the weighted draws are grouped by
        length (:class:`course_lib.sampling.LengthGroupedWeightedSampler`, a
        ``WeightedRandomSampler`` with the same draws), so oversampled batches pad as little as
        the Trainer's own length-grouped ones.

        Args:
            train_dataset: the training dataset (transformers >= 4.5x passes it explicitly).
        """
        if not self.oversample and self.sample_weights is None:
            return super()._get_train_sampler(train_dataset)
        dataset = self.train_dataset if train_dataset is None else train_dataset
        if dataset is None or not hasattr(dataset, "__len__"):
            raise ValueError("oversampling needs a training dataset with a length")
        if self.sample_weights is not None:
            weights = self.sample_weights
            self._check_weight_count(weights, dataset)
        else:
            weights = oversampling_weights(_single_labels(dataset))
        generator = torch.Generator()
        seed = self.args.data_seed if self.args.data_seed is not None else self.args.seed
        generator.manual_seed(int(seed))
        lengths = self._example_lengths(dataset)
        if lengths is not None:
            return LengthGroupedWeightedSampler(
                weights,
                lengths,
                self.args.train_batch_size * self.args.gradient_accumulation_steps,
                generator=generator,
            )
        return WeightedRandomSampler(
            torch.as_tensor(weights, dtype=torch.float64),
            num_samples=len(dataset),
            replacement=True,
            generator=generator,
        )

    def _example_lengths(self, dataset: Any) -> list[int] | None:
        """Token counts for length-grouped weighted draws, or None to draw in random order.

        Only when the arguments ask for ``train_sampling_strategy="group_by_length"`` and the
        dataset has a ``length`` column (``args.length_column_name``) or the model's first
        input column (e.g. ``input_ids``), the same sources as the Trainer's own grouping.
        """
        if getattr(self.args, "train_sampling_strategy", None) != "group_by_length":
            return None
        columns = getattr(dataset, "column_names", None) or ()
        names = getattr(self.processing_class, "model_input_names", None) or ["input_ids"]
        if self.args.length_column_name not in columns and names[0] not in columns:
            return None
        lengths = sequence_lengths(
            dataset, column=names[0], length_column=self.args.length_column_name
        )
        return lengths.tolist()

    @staticmethod
    def _check_weight_count(weights: np.ndarray, dataset: Any) -> None:
        if hasattr(dataset, "__len__") and len(weights) != len(dataset):
            raise ValueError(
                f"sample_weights has {len(weights)} entries but the training dataset has "
                f"{len(dataset)} examples"
            )


def _model_uses_num_items(model: nn.Module) -> bool:
    """Whether the model's own loss can use ``num_items_in_batch``.

    Heads that call ``self.loss_function(..., **kwargs)`` (causal LMs) normalise by it;
    encoder classification heads compute a plain ``CrossEntropyLoss`` mean and ignore it.
    When the source cannot be inspected we keep the Trainer's own decision.
    """
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    try:
        source = inspect.getsource(type(base).forward)
    except (OSError, TypeError):
        return True
    return "loss_function(" in source


def _single_labels(dataset: Any) -> np.ndarray:
    """Integer class ids of every training example, for class-balanced oversampling."""
    column_names = getattr(dataset, "column_names", None)
    if column_names is not None:
        name = next((c for c in _LABEL_COLUMNS if c in column_names), None)
        if name is None:
            raise ValueError(
                f"oversample=True needs a 'labels' or 'label' column; the training dataset has "
                f"{column_names}"
            )
        raw = dataset[name]
    else:
        raw = []
        for i in range(len(dataset)):
            item = dataset[i]
            name = next((c for c in _LABEL_COLUMNS if c in item), None)
            if name is None:
                raise ValueError(f"oversample=True: training example {i} has no 'labels' entry")
            raw.append(item[name])
    labels = np.asarray(raw.numpy() if hasattr(raw, "numpy") else raw)
    if labels.ndim != 1:
        raise ValueError(
            "oversample=True needs one integer class id per example; for multi-label or token "
            "labels pass sample_weights instead"
        )
    return labels
