"""Counting and freezing parameters: train only the head and the top encoder layers, or unfreeze
them from the top during training (gradual unfreezing)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from torch import nn

from course_lib.errors import CourseError


def count_parameters(model: nn.Module) -> tuple[int, int]:
    """``(trainable, total)`` parameter counts. Taught in: lessons/08_parameter_efficient_multitask.ipynb."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}.")
    total = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return trainable, total


def _encoder_layers(model: nn.Module) -> Any:
    base = getattr(model, "base_model", model)
    for path in ("encoder.layer", "transformer.layer", "layer"):  # BERT/RoBERTa, DistilBERT
        obj: Any = base
        for name in path.split("."):
            obj = getattr(obj, name, None)
            if obj is None:
                break
        if isinstance(obj, nn.ModuleList):
            return obj
    raise ValueError(
        f"cannot find the transformer layers of {type(model).__name__}; freeze_encoder knows "
        "BERT-, RoBERTa- and DistilBERT-style models."
    )


def freeze_encoder(model: nn.Module, trainable_layers: int = 0) -> tuple[int, int]:
    """Freeze the pretrained encoder except its top ``trainable_layers`` transformer layers.

    ``trainable_layers=0`` trains only the classification head (and the pooler, if the model
    has one); ``k`` also trains the last ``k`` layers; the embeddings stay frozen unless every
    layer is trainable. Returns ``(trainable, total)`` parameter counts. Taught in:
    lessons/08_parameter_efficient_multitask.ipynb.
    """
    layers = _encoder_layers(model)
    if isinstance(trainable_layers, bool) or not 0 <= int(trainable_layers) <= len(layers):
        raise ValueError(
            f"trainable_layers must be between 0 and {len(layers)} (the model's layer count), "
            f"got {trainable_layers!r}."
        )
    base = getattr(model, "base_model", model)
    everything = int(trainable_layers) == len(layers)
    for p in base.parameters():
        p.requires_grad = everything
    for layer in list(layers)[len(layers) - int(trainable_layers) :]:
        for p in layer.parameters():
            p.requires_grad = True
    pooler = getattr(base, "pooler", None)
    if isinstance(pooler, nn.Module):
        for p in pooler.parameters():
            p.requires_grad = True
    base_ids = {id(p) for p in base.parameters()}
    for p in model.parameters():  # the task head lives outside the base model
        if id(p) not in base_ids:
            p.requires_grad = True
    return count_parameters(model)


def _check_schedule(schedule: Sequence[int]) -> tuple[int, ...]:
    stages = tuple(schedule) if not isinstance(schedule, (str, bytes)) else ()
    if not stages or any(isinstance(k, bool) or not isinstance(k, int) or k < 0 for k in stages):
        raise ValueError(
            "schedule must be a non-empty list of layer counts, one per stage (e.g. [0, 2, 6]: the "
            "head alone for the first third of the steps, then the top 2 layers, then all 6), "
            f"got {schedule!r}."
        )
    if any(later < earlier for earlier, later in zip(stages, stages[1:], strict=False)):
        raise ValueError(
            f"schedule must never decrease (layers are unfrozen, never frozen again), got {list(stages)}."
        )
    return stages


def gradual_unfreezing(schedule: Sequence[int]) -> Any:
    """A ``TrainerCallback`` that unfreezes the encoder from the top, in stages.

    The training steps are split into ``len(schedule)`` equal stages; during stage ``i`` the top
    ``schedule[i]`` transformer layers train (the head always does), as :func:`freeze_encoder`
    counts them. ``[0, 2, 6]`` on a 6-layer model trains the head alone for the first third of
    the steps, adds the top 2 layers for the second third and trains everything for the last.

    Give the ``Trainer`` the whole model *trainable*: the Trainer's optimizer only holds the
    parameters that require gradients when ``train()`` builds it, so a layer frozen before that
    would never be updated after it is unfrozen (it would get gradients, and cost time, for
    nothing). The callback checks this when training starts and leaves the model fully trainable
    when training ends. A frozen parameter gets no gradient, and AdamW skips a parameter without
    one (no update, no weight decay). Single process only: DistributedDataParallel expects the
    set of trainable parameters to stay fixed. ``callback.history`` lists ``(step,
    trainable_layers, trainable_parameters)`` for every stage. Taught in:
    lessons/08_parameter_efficient_multitask.ipynb.
    """
    from transformers import TrainerCallback

    stages = _check_schedule(schedule)

    class GradualUnfreezing(TrainerCallback):
        def __init__(self) -> None:
            self.schedule = stages
            self.history: list[tuple[int, int, int]] = []

        def on_train_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            model, optimizer = kwargs.get("model"), kwargs.get("optimizer")
            if model is None or optimizer is None:
                raise CourseError(
                    "gradual_unfreezing runs inside Trainer.train(), which passes the model and "
                    "the optimizer to its callbacks."
                )
            held = {id(p) for group in optimizer.param_groups for p in group["params"]}
            missing = [name for name, p in model.named_parameters() if id(p) not in held]
            if missing:
                raise CourseError(
                    f"the optimizer does not hold {len(missing)} parameters (first: {missing[0]}), so "
                    "unfreezing them would not train them. Build the Trainer with the whole model "
                    "trainable (no freeze_encoder before it): gradual_unfreezing freezes layers itself."
                )
            layers = len(_encoder_layers(model))
            if stages[-1] > layers:
                raise ValueError(
                    f"schedule {list(stages)} asks for {stages[-1]} layers; the model has {layers}."
                )

        def on_step_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            stage = min(len(stages) - 1, state.global_step * len(stages) // max(1, state.max_steps))
            if len(self.history) <= stage:  # a new stage starts with this step
                trainable, _ = freeze_encoder(kwargs["model"], stages[stage])
                self.history.append((state.global_step, stages[stage], trainable))

        def on_train_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            for p in kwargs["model"].parameters():
                p.requires_grad = True

    return GradualUnfreezing()
