"""Counting and freezing parameters: train only the head and the top encoder layers."""

from __future__ import annotations

from typing import Any

from torch import nn


def count_parameters(model: nn.Module) -> tuple[int, int]:
    """``(trainable, total)`` parameter counts. Taught in: lessons/07_efficient_finetuning.ipynb."""
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
    lessons/07_efficient_finetuning.ipynb.
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
