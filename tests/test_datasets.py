"""Task datasets: bundled offline data loads with the hub's schema; bad data gets clear errors."""

from __future__ import annotations

import pytest
from test_offline_data import KEYS

from course_lib import datasets as cd
from course_lib.errors import CourseSetupError, DataValidationError
from course_lib.profiles import Profile

OFFLINE = Profile(name="offline", device="cpu", precision="fp32")
EXPECTED_COLUMNS = KEYS  # the schema of the bundled files, asserted on the raw jsonl there


def test_every_task_is_bundled() -> None:
    assert set(cd.offline_tasks()) == set(cd.FULL_LOADERS) == set(EXPECTED_COLUMNS)


@pytest.mark.parametrize("task", sorted(EXPECTED_COLUMNS))
def test_offline_task_has_hub_schema(task: str) -> None:
    data = cd.load_task(task, OFFLINE)
    assert set(data.dataset) >= {"train", "validation"}
    for split in data.dataset.values():
        assert set(split.column_names) == EXPECTED_COLUMNS[task]
    assert data.label_column in EXPECTED_COLUMNS[task]
    assert all(c in EXPECTED_COLUMNS[task] for c in data.text_columns)
    if data.task_type != "pair_regression":
        assert len(data.label_names) >= 2
        assert data.label2id[data.id2label[0]] == 0


def test_unknown_task_lists_the_choices() -> None:
    with pytest.raises(ValueError, match="sentiment"):
        cd.load_task("translation", OFFLINE)


BASE = {"task_type": "binary", "text_columns": ["sentence"], "label_column": "label"}


def _validate(rows, **overrides) -> None:
    spec = {**BASE, "label_names": ["negative", "positive"], **overrides}
    cd.validate_split(rows, split="train", **spec)


def test_validate_accepts_good_rows() -> None:
    _validate([{"sentence": "fine", "label": 1}, {"sentence": "bad", "label": 0}])


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "empty"),
        ([{"sentence": "  ", "label": 1}], "column 'sentence' is empty"),
        ([{"sentence": None, "label": 1}], "is empty"),
        ([{"sentence": "ok", "label": 2}], "not a label id in 0..1"),
        ([{"sentence": "ok", "label": "pos"}], "not a label id"),
        ([{"sentence": "ok", "label": True}], "not a label id"),
        ([{"text": "ok", "label": 1}], "no column"),
    ],
)
def test_validate_rejects_bad_rows(rows, message: str) -> None:
    with pytest.raises(DataValidationError, match=message):
        _validate(rows)


def test_validate_multilabel_and_token_rows() -> None:
    names = ["toxic", "insult"]
    cd.validate_split(
        [{"text": "x", "labels": [1, 0]}],
        split="train", task_type="multilabel", text_columns=["text"], label_column="labels",
        label_names=names,
    )  # fmt: skip
    with pytest.raises(DataValidationError, match="multi-hot list of length 2"):
        cd.validate_split(
            [{"text": "x", "labels": [1]}],
            split="train", task_type="multilabel", text_columns=["text"], label_column="labels",
            label_names=names,
        )  # fmt: skip
    with pytest.raises(DataValidationError, match="one tag per word"):
        cd.validate_split(
            [{"tokens": ["Ada", "Lovelace"], "ner_tags": [1]}],
            split="train", task_type="token", text_columns=["tokens"], label_column="ner_tags",
            label_names=["O", "B-PER", "I-PER"],
        )  # fmt: skip


def test_offline_loader_reports_corrupt_bundled_file(tmp_path, monkeypatch) -> None:
    task_dir = tmp_path / "sentiment"
    task_dir.mkdir()
    (task_dir / "meta.json").write_text(
        '{"task_type": "binary", "text_columns": ["sentence"], "label_column": "label",'
        ' "label_names": ["negative", "positive"]}'
    )
    (task_dir / "train.jsonl").write_text('{"sentence": "great", "label": 7}\n')
    monkeypatch.setattr(cd, "OFFLINE_DATA_DIR", tmp_path)
    with pytest.raises(DataValidationError, match="train row 0"):
        cd.load_task("sentiment", OFFLINE)
    with pytest.raises(CourseSetupError, match="No offline dataset named 'intents'"):
        cd.load_task("intents", OFFLINE)


# ------------------------------------------------------------------ full profile, without network


def _fake_hub(monkeypatch: pytest.MonkeyPatch, builder) -> list[tuple]:
    import datasets

    calls: list[tuple] = []

    def fake_load_dataset(path, name=None, **kwargs):
        calls.append((path, name, kwargs))
        return builder(path, name)

    monkeypatch.setattr(datasets, "load_dataset", fake_load_dataset)
    return calls


def test_full_sentiment_splits_glue_dev_into_validation_and_test(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from datasets import ClassLabel, Dataset, DatasetDict, Features, Value

    features = Features(
        {"sentence": Value("string"), "label": ClassLabel(names=["negative", "positive"])}
    )

    def build(path, name):
        rows = [{"sentence": f"s{i}", "label": i % 2} for i in range(2100)]
        return DatasetDict(
            train=Dataset.from_list(rows, features=features),
            validation=Dataset.from_list(rows[:50], features=features),
        )

    calls = _fake_hub(monkeypatch, build)
    data = cd.load_task("sentiment", Profile(name="full", device="cuda", precision="fp16"))
    assert calls[0][0] == "stanfordnlp/sst2"
    assert calls[0][2]["revision"] == "8d51e7e4887a4caaa95b3fbebbf53c0490b58bbb"
    # train keeps every phrase; validation and test are the two halves of GLUE dev (no overlap)
    assert data.sizes() == {"train": 2100, "validation": 25, "test": 25}
    assert not set(data.dataset["validation"]["sentence"]) & set(data.dataset["test"]["sentence"])
    assert data.label_names == ("negative", "positive")


def test_full_yesno_maps_the_bool_answer_and_tests_on_boolq_dev(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from datasets import Dataset, DatasetDict

    def build(path, name):
        rows = [
            {"question": f"q{i}", "answer": i % 3 != 0, "passage": f"p{i}"} for i in range(2000)
        ]
        return DatasetDict(train=Dataset.from_list(rows), validation=Dataset.from_list(rows[:30]))

    calls = _fake_hub(monkeypatch, build)
    data = cd.load_task("yesno", Profile(name="full", device="cuda", precision="bf16"))
    assert calls[0][0] == "google/boolq"
    assert calls[0][2]["revision"] == "35b264d03638db9f4ce671b711558bf7ff0f80d5"
    assert data.sizes() == {"train": 1000, "validation": 1000, "test": 30}
    assert data.label_names == ("no", "yes") and data.task_type == "pair_classification"
    assert data.dataset["test"].column_names == ["question", "passage", "label"]
    assert data.dataset["test"]["label"][:3] == [0, 1, 1], "False -> no (0), True -> yes (1)"
    share = sum(data.dataset["validation"]["label"]) / 1000
    assert abs(share - 2 / 3) < 0.01, "validation is stratified by answer"


def test_full_moderation_turns_scores_into_multi_hot(monkeypatch: pytest.MonkeyPatch) -> None:
    from datasets import Dataset, DatasetDict

    def build(path, name):
        row = {"text": "t", "toxicity": 0.9, "insult": 0.6, "threat": 0.1, "obscene": 0.0,
               "identity_attack": 0.5, "severe_toxicity": 0.0, "sexual_explicit": 0.0}  # fmt: skip
        split = Dataset.from_list([row] * 3)
        return DatasetDict(train=split, validation=split, test=split)

    _fake_hub(monkeypatch, build)
    data = cd.load_task("moderation", Profile(name="full", device="cuda", precision="bf16"))
    assert data.dataset["train"][0]["labels"] == [1, 1, 0, 0, 1]
    assert data.dataset["train"].column_names == ["text", "labels"]


def test_full_profile_without_network_names_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    def build(path, name):
        raise ConnectionError("Max retries exceeded")

    _fake_hub(monkeypatch, build)
    with pytest.raises(CourseSetupError, match="COURSE_PROFILE=offline"):
        cd.load_task("nli", Profile(name="full", device="cuda", precision="bf16"))
