"""The rehearsal mirror holds what the manifest says, and the full loaders work on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from course_lib import datasets as cd
from course_lib import hub
from course_lib.errors import CourseSetupError
from course_lib.hub_mirror import features_of
from course_lib.profiles import FULL_CHECKPOINTS, Profile

FULL = Profile(name="full", device="cpu", precision="fp32")


@pytest.fixture
def mirrored(rehearsal_mirror: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(hub.MIRROR_ENV, str(rehearsal_mirror))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return rehearsal_mirror


@pytest.mark.parametrize("repo", hub.pinned_repos("dataset"), ids=lambda r: r.repo_id)
def test_mirrored_dataset_has_the_manifest_schema(mirrored: Path, repo: hub.HubRepo) -> None:
    if repo.script_only:
        with pytest.raises(CourseSetupError, match="loading-script repository"):
            hub.load_dataset(repo.repo_id)
        return
    for name, config in repo.facts["configs"].items():
        loaded = hub.load_dataset(repo.repo_id, None if name == "default" else name)
        assert list(loaded) == list(config["splits"]), "split names and order as on the hub"
        for split in loaded.values():
            assert split.features == features_of(config["features"])
        for split in config.get("unlabelled", ()):
            assert set(loaded[split]["label"]) == {-1}, "unlabelled splits hold -1, as on the hub"


def test_banking77_keeps_its_real_per_intent_counts(mirrored: Path) -> None:
    facts = hub.pinned(cd.INTENTS_REPO, "dataset").facts["configs"]["default"]
    train = hub.load_dataset(cd.INTENTS_REPO)["train"]
    names = train.features["label"].names
    counted = {names[i]: n for i, n in enumerate(__import__("numpy").bincount(train["label"]))}
    assert counted == facts["class_counts"]["train"]
    assert counted["lost_or_stolen_card"] == 82


@pytest.mark.parametrize("task", sorted(cd.FULL_LOADERS))
def test_full_loader_runs_on_the_mirror(mirrored: Path, task: str) -> None:
    data = cd.load_task(task, FULL)
    assert set(data.sizes()) == {"train", "validation", "test"}
    for split, rows in data.dataset.items():
        cd.validate_split(
            rows,
            split=split,
            task_type=data.task_type,
            text_columns=data.text_columns,
            label_column=data.label_column,
            label_names=data.label_names,
        )


def test_intents_subsample_is_long_tailed_and_stratified(mirrored: Path) -> None:
    import numpy as np

    data = cd.load_task("intents", FULL)
    train = np.bincount(data.dataset["train"]["label"], minlength=10)
    validation = np.bincount(data.dataset["validation"]["label"], minlength=10)
    caps = np.array(list(cd.BANKING_INTENTS.values()))
    assert (train + validation == caps).all(), "each intent keeps exactly its cap"
    assert (validation >= 1).all() and (np.abs(validation - 0.15 * caps) <= 1).all()
    assert (np.bincount(data.dataset["test"]["label"]) == 40).all()


def test_caps_above_the_hub_counts_fail_loudly(mirrored: Path, monkeypatch) -> None:
    monkeypatch.setitem(cd.BANKING_INTENTS, "lost_or_stolen_card", 110)
    with pytest.raises(cd.DataValidationError, match="lost_or_stolen_card': 82"):
        cd.load_task("intents", FULL)


def test_sst2_validation_and_test_come_from_glue_dev_not_from_train(mirrored: Path) -> None:
    data = cd.load_task("sentiment", FULL)
    mirrored_train = hub.load_dataset("stanfordnlp/sst2")["train"]
    assert len(data.dataset["train"]) == len(mirrored_train), "nothing carved out of train"
    assert len(data.dataset["validation"]) + len(data.dataset["test"]) == 872
    assert data.dataset["train"].column_names == ["sentence", "label"]
    assert -1 not in data.dataset["test"]["label"], "the hub's unlabelled test split is not used"


@pytest.mark.parametrize("repo_id", sorted(set(FULL_CHECKPOINTS.values())))
def test_mirrored_checkpoint_loads_with_the_real_classes(mirrored: Path, repo_id: str) -> None:
    from course_lib import models

    facts = hub.pinned(repo_id, "model").facts
    folder = hub.checkpoint_path(repo_id)
    tokenizer = models.load_tokenizer(folder)
    model = models.load_sequence_classifier(folder, ["a", "b", "c"])
    assert model.config.model_type == facts["config"]["model_type"]
    assert len(tokenizer) == facts["config"]["vocab_size"] == model.config.vocab_size
    assert tokenizer.model_max_length == 512
    cased = not facts["tokenizer_config"]["do_lower_case"]
    assert (tokenizer("Northwind")["input_ids"] != tokenizer("northwind")["input_ids"]) == cased
