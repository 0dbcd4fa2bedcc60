"""Profile resolution: COURSE_PROFILE, HF_HUB_OFFLINE and the device decide where lessons run."""

from __future__ import annotations

import pytest

from course_lib import profiles
from course_lib.errors import CourseSetupError


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in (
        "COURSE_PROFILE",
        "HF_HUB_OFFLINE",
        "TRANSFORMERS_OFFLINE",
        "COURSE_CHECKPOINT",
        "COURSE_HUB_MIRROR",
    ):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_explicit_offline_profile(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("COURSE_PROFILE", "offline")
    profile = profiles.get_profile()
    assert profile.name == "offline"
    assert profile.is_offline
    assert profile.pick(full=3, offline=1) == 1


@pytest.mark.parametrize("value", ["gpu", "Fulll", "online"])
def test_unknown_profile_names_the_fix(clean_env: pytest.MonkeyPatch, value: str) -> None:
    clean_env.setenv("COURSE_PROFILE", value)
    with pytest.raises(CourseSetupError, match=r"full, offline, auto"):
        profiles.get_profile()


def test_full_profile_refused_when_hub_is_switched_off(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(CourseSetupError, match="HF_HUB_OFFLINE"):
        profiles.get_profile("full")


def test_auto_is_offline_without_gpu(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setattr(profiles, "detect_device", lambda: "cpu")
    assert profiles.resolve_profile_name("auto") == "offline"


def test_auto_is_full_with_gpu_and_hub(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setattr(profiles, "detect_device", lambda: "cuda")
    assert profiles.resolve_profile_name(None) == "full"
    clean_env.setenv("HF_HUB_OFFLINE", "1")
    assert profiles.resolve_profile_name(None) == "offline"


def test_precision_follows_device() -> None:
    assert profiles.pick_precision("cpu") == "fp32"
    assert profiles.pick_precision("mps") == "fp32"


@pytest.mark.parametrize(
    ("gpu", "capability", "expected"),
    [
        ("P100", (6, 0), "fp32"),
        ("V100", (7, 0), "fp16"),
        ("T4", (7, 5), "fp16"),
        ("A100", (8, 0), "bf16"),
        ("L4", (8, 9), "bf16"),
        ("H100", (9, 0), "bf16"),
    ],
)
def test_precision_follows_compute_capability(
    monkeypatch: pytest.MonkeyPatch, gpu: str, capability: tuple[int, int], expected: str
) -> None:
    """A mocked CUDA device: is_bf16_supported() says True everywhere (emulation counts)."""
    import torch

    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: True)
    monkeypatch.setattr(torch.cuda, "get_device_capability", lambda *a, **k: capability)
    assert profiles.pick_precision("cuda") == expected, gpu
    assert profiles.pick_precision("cuda", capability) == expected


def test_full_profile_with_a_mirror_needs_no_hub(clean_env: pytest.MonkeyPatch, tmp_path) -> None:
    clean_env.setenv("HF_HUB_OFFLINE", "1")
    clean_env.setenv("COURSE_HUB_MIRROR", str(tmp_path))
    assert profiles.resolve_profile_name("full") == "full"
    clean_env.setattr(profiles, "detect_device", lambda: "cuda")
    assert profiles.resolve_profile_name("auto") == "full"
    clean_env.setattr(profiles, "detect_device", lambda: "cpu")
    assert profiles.resolve_profile_name("auto") == "offline"


def test_checkpoints_per_profile(clean_env: pytest.MonkeyPatch) -> None:
    full = profiles.Profile(name="full", device="cuda", precision="fp16")
    assert full.checkpoint_id("sentiment") == "distilbert/distilbert-base-uncased"
    assert full.checkpoint_id("ner") == "google-bert/bert-base-cased"
    assert full.checkpoint_label("nli") == "google-bert/bert-base-uncased"
    with pytest.raises(ValueError, match="known tasks"):
        full.checkpoint("translation")
    offline = profiles.Profile(name="offline", device="cpu", precision="fp32")
    assert offline.checkpoint("ner").endswith("model")
    assert "MiniLM" in offline.checkpoint_label("ner")


def test_one_setting_switches_the_full_profile_base_model(
    clean_env: pytest.MonkeyPatch, tmp_path
) -> None:
    full = profiles.Profile(name="full", device="cuda", precision="bf16")
    offline = profiles.Profile(name="offline", device="cpu", precision="fp32")
    clean_env.setenv("COURSE_CHECKPOINT", "FacebookAI/roberta-base")
    for task in ("sentiment", "ner", "nli"):
        assert full.checkpoint_id(task) == "FacebookAI/roberta-base"
    assert full.checkpoint_label("sentiment") == (
        "FacebookAI/roberta-base (from COURSE_CHECKPOINT, not pinned)"
    )
    assert full.checkpoint("sentiment") == "FacebookAI/roberta-base"  # transformers downloads it
    assert "MiniLM" in offline.checkpoint_label("sentiment")  # the offline profile ignores it
    # A local folder is used as it is; a mirror must hold the repo; no hub and no mirror: refused.
    folder = tmp_path / "my-encoder"
    folder.mkdir()
    clean_env.setenv("COURSE_CHECKPOINT", str(folder))
    assert full.checkpoint("intents") == str(folder)
    clean_env.setenv("COURSE_CHECKPOINT", "answerdotai/ModernBERT-base")
    clean_env.setenv("COURSE_HUB_MIRROR", str(tmp_path))
    with pytest.raises(CourseSetupError, match="has no folder .*hf download answerdotai"):
        full.checkpoint("sentiment")
    (tmp_path / "answerdotai" / "ModernBERT-base").mkdir(parents=True)
    assert full.checkpoint("sentiment") == str(tmp_path / "answerdotai" / "ModernBERT-base")
    clean_env.delenv("COURSE_HUB_MIRROR")
    clean_env.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(CourseSetupError, match="HF_HUB_OFFLINE=1 forbids downloading"):
        full.checkpoint("sentiment")
