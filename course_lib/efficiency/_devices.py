"""Devices, synchronisation and memory accounting shared by the timing helpers."""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

MB = 1024.0**2


def resolve_device(device: str | torch.device | None) -> torch.device:
    """``device`` as a torch.device; None or "auto" picks the best one present."""
    if device is None or str(device) == "auto":
        from course_lib.profiles import detect_device

        return torch.device(detect_device())
    return torch.device(device)


def sync(device: torch.device) -> None:
    """Wait for queued GPU work, so that a clock read after it is honest."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def is_oom(err: BaseException) -> bool:
    """Whether ``err`` is an out-of-memory error (CUDA, or any backend that says so)."""
    oom_type = getattr(torch, "OutOfMemoryError", None) or getattr(
        torch.cuda, "OutOfMemoryError", RuntimeError
    )
    return isinstance(err, oom_type) or "out of memory" in str(err).lower()


def optimizer_bytes(optimizer: torch.optim.Optimizer) -> int:
    """Bytes of an optimizer's state tensors (AdamW: two per trainable weight, once stepped)."""
    return sum(
        v.numel() * v.element_size()
        for state in optimizer.state.values()
        for v in state.values()
        if torch.is_tensor(v)
    )


def trim_memory() -> None:
    """Hand freed heap memory back to the operating system (glibc only; a no-op elsewhere).

    Timing runs allocate and free large activation buffers; glibc keeps freed memory mapped, so
    without this a notebook's resident memory keeps the high-water mark of every measurement.
    """
    import contextlib
    import ctypes
    import gc
    import sys

    gc.collect()
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):  # musl etc. have no malloc_trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def count_saved_bytes(step: Any, exclude: nn.Module | None = None) -> int:
    """Run ``step()`` and return the bytes of distinct tensors autograd saved for backward.

    Storages of ``exclude``'s parameters (weights saved by linear layers) are not counted: they
    are part of the static memory already.
    """
    skip = set()
    if exclude is not None:
        skip = {p.untyped_storage().data_ptr() for p in exclude.parameters()}
    seen: dict[int, int] = {}

    def pack(tensor: torch.Tensor) -> torch.Tensor:
        try:
            storage = tensor.untyped_storage()
            ptr = storage.data_ptr()
            if ptr not in skip:
                seen[ptr] = max(seen.get(ptr, 0), storage.nbytes())
        except (RuntimeError, NotImplementedError):  # e.g. tensors without storage
            pass
        return tensor

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor):
        step()
    return sum(seen.values())
