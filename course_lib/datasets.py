"""The course's datasets, from one call in both profiles.

``load_task("sentiment")`` returns a :class:`TaskData` whose ``dataset`` is a ``DatasetDict`` with
``train``/``validation``/``test`` splits and the column names of the real hub dataset (SST-2's
``sentence``/``label``, CoNLL-2003's ``tokens``/``ner_tags``, MNLI's ``premise``/``hypothesis``...),
so a lesson's code does not change between the offline and the full profile.

Every lesson loads its task through :func:`course_lib.lesson.start_lesson`; taught in:
lessons/05_sentence_pairs.ipynb and lessons/08_parameter_efficient_multitask.ipynb (``cl.load_task``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from course_lib._validation import column_values
from course_lib.errors import CourseSetupError, DataValidationError
from course_lib.profiles import Profile, get_profile

OFFLINE_DATA_DIR = Path(__file__).resolve().parent / "data" / "offline"
SPLITS = ("train", "validation", "test")
TASK_TYPES = (
    "binary",
    "multiclass",
    "multilabel",
    "token",
    "pair_classification",
    "pair_regression",
)


@dataclass(frozen=True)
class TaskData:
    """A task's splits plus what a lesson needs to build a model for it.

    Attributes:
        name: task name, e.g. ``"sentiment"``.
        task_type: one of :data:`TASK_TYPES`.
        dataset: ``DatasetDict`` with train/validation/test.
        text_columns: input column(s): one for single texts, two for pairs, ``tokens`` for NER.
        label_column: the target column (``label``, ``labels`` or ``ner_tags``).
        label_names: ordered class names (empty for regression).
        source: where the data came from (a hub id or the bundled offline folder).
    """

    name: str
    task_type: str
    dataset: Any
    text_columns: tuple[str, ...]
    label_column: str
    label_names: tuple[str, ...]
    source: str
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def id2label(self) -> dict[int, str]:
        return dict(enumerate(self.label_names))

    @property
    def label2id(self) -> dict[str, int]:
        return {name: i for i, name in enumerate(self.label_names)}

    def sizes(self) -> dict[str, int]:
        """Number of rows per split, e.g. ``{"train": 400, "validation": 100, "test": 100}``."""
        return {split: len(self.dataset[split]) for split in self.dataset}


# ----------------------------------------------------------------------------- validation


def _is_missing_text(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, Sequence):  # NER: a list of tokens
        return len(value) == 0 or any(not str(tok).strip() for tok in value)
    return True


def _check_label(value: Any, task_type: str, num_labels: int) -> str | None:
    """Return a description of what is wrong with one label value, or None when it is valid."""
    if task_type == "pair_regression":
        ok = isinstance(value, (int, float)) and math.isfinite(value)
        return None if ok else f"{value!r} is not a finite number"
    if task_type == "multilabel":
        if not isinstance(value, Sequence) or len(value) != num_labels:
            return f"{value!r} is not a multi-hot list of length {num_labels}"
        bad = [v for v in value if v not in (0, 1)]
        return f"{value!r} holds values other than 0/1" if bad else None
    values = value if task_type == "token" else [value]
    for v in values:
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v < num_labels:
            return f"{v!r} is not a label id in 0..{num_labels - 1}"
    return None


def validate_split(
    rows: Sequence[Mapping[str, Any]],
    *,
    split: str,  # name used in error messages
    task_type: str,  # one of TASK_TYPES
    text_columns: Sequence[str],
    label_column: str,
    label_names: Sequence[str],
) -> None:
    """Raise :class:`DataValidationError` for empty inputs, unknown labels or missing columns.

    Run by :func:`load_task` on every split it loads (a bad split fails before any training).
    """
    if task_type not in TASK_TYPES:
        raise ValueError(f"task_type={task_type!r}; expected one of {TASK_TYPES}.")
    if len(rows) == 0:
        raise DataValidationError(f"The {split} split is empty: every split needs examples.")
    needed = [*text_columns, label_column]
    for index, row in enumerate(rows):
        missing = [c for c in needed if c not in row]
        if missing:
            raise DataValidationError(
                f"{split} row {index} has no column(s) {missing}; expected columns {needed}."
            )
        for column in text_columns:
            if _is_missing_text(row[column]):
                raise DataValidationError(
                    f"{split} row {index}: column {column!r} is empty. Drop or fix empty texts "
                    f"before tokenizing (e.g. dataset.filter(lambda r: r[{column!r}].strip()))."
                )
        problem = _check_label(row[label_column], task_type, len(label_names))
        if problem:
            names = f" (label names: {list(label_names)})" if label_names else ""
            raise DataValidationError(
                f"{split} row {index}: {label_column!r} = {problem}{names}. Map every label to "
                f"an id of the label map, or remove rows with unknown labels."
            )
        if task_type == "token" and len(row[label_column]) != len(row[text_columns[0]]):
            raise DataValidationError(
                f"{split} row {index}: {len(row[text_columns[0]])} tokens but "
                f"{len(row[label_column])} tags; NER needs one tag per word."
            )


# ----------------------------------------------------------------------------- offline data


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def offline_tasks() -> list[str]:
    """Names of the tasks bundled with course_lib for the offline profile."""
    return sorted(p.parent.name for p in OFFLINE_DATA_DIR.glob("*/meta.json"))


def _load_offline(task: str) -> TaskData:
    from datasets import Dataset, DatasetDict

    folder = OFFLINE_DATA_DIR / task
    meta_path = folder / "meta.json"
    if not meta_path.is_file():
        known = ", ".join(offline_tasks()) or "none (reinstall course_lib)"
        raise CourseSetupError(f"No offline dataset named {task!r}. Bundled tasks: {known}.")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    splits = {}
    for split in SPLITS:
        path = folder / f"{split}.jsonl"
        if not path.is_file():
            continue
        rows = _read_jsonl(path)
        validate_split(
            rows,
            split=split,
            task_type=meta["task_type"],
            text_columns=meta["text_columns"],
            label_column=meta["label_column"],
            label_names=meta.get("label_names", []),
        )
        splits[split] = Dataset.from_list(rows)
    return TaskData(
        name=task,
        task_type=meta["task_type"],
        dataset=DatasetDict(splits),
        text_columns=tuple(meta["text_columns"]),
        label_column=meta["label_column"],
        label_names=tuple(meta.get("label_names", [])),
        source=f"course_lib/data/offline/{task} (synthetic, see DATASHEET.md)",
        notes={"hub_equivalent": meta.get("hub_equivalent", "")},
    )


# ----------------------------------------------------------------------------- full profile
# Every repo below is pinned to a revision in data/hub_manifest.json (with the facts the loaders
# rely on and where they were read); course_lib.hub reads it from the hub or from a mirror.

FullLoader = Callable[[], TaskData]


def _hub(path: str, name: str | None = None, **kwargs: Any) -> Any:
    """A pinned hub dataset (or its mirror copy), with one clear sentence when it fails."""
    from course_lib import hub

    return hub.load_dataset(path, name, **kwargs)


def _carve_validation(
    train: Any, size: int | float, label_column: str | None, seed: int = 42
) -> Any:
    """Split off a validation set, stratified by class when the label is a ClassLabel."""
    stratify = label_column
    if label_column is not None:
        feature = train.features[label_column]
        stratify = label_column if type(feature).__name__ == "ClassLabel" else None
    return train.train_test_split(test_size=size, seed=seed, stratify_by_column=stratify)


def _class_names(dataset: Any, column: str) -> tuple[str, ...]:
    feature = dataset.features[column]
    feature = getattr(feature, "feature", feature)  # Sequence(ClassLabel) for NER
    return tuple(feature.names)


def _keep_columns(dataset: Any, columns: Sequence[str]) -> Any:
    """Drop the columns a task does not use (GLUE's ``idx``), keeping ``columns`` in place."""
    return dataset.remove_columns([c for c in dataset.column_names if c not in columns])


def _full_sentiment() -> TaskData:
    from datasets import DatasetDict

    raw = _hub("stanfordnlp/sst2")
    # SST-2's train split holds every phrase of the training sentences, so a validation split
    # carved from it at random would share sentences with training. The hub's test split has
    # no labels (-1). Validation and test are therefore the two stratified halves of the GLUE
    # dev split (872 full sentences, none of them in train); the published ~91% is on all of it.
    dev = _keep_columns(raw["validation"], ("sentence", "label"))
    halves = _carve_validation(dev, 0.5, "label")
    ds = DatasetDict(
        train=_keep_columns(raw["train"], ("sentence", "label")),
        validation=halves["train"],
        test=halves["test"],
    )
    return TaskData(
        "sentiment",
        "binary",
        ds,
        ("sentence",),
        "label",
        _class_names(ds["train"], "label"),
        "stanfordnlp/sst2 (validation / test = halves of GLUE dev)",
    )


INTENTS_REPO = "legacy-datasets/banking77"  # script-free parquet copy; PolyAI/banking77 is a script
# Ten banking77 intents subsampled to a long tail, largest:smallest = 150:8 (about 19:1). Each cap
# stays under the intent's real training count (82 for lost_or_stolen_card, 108 to 171 for the
# others: see hub_manifest.json); the hub test split stays balanced (40 per intent).
BANKING_INTENTS = {
    "card_arrival": 150, "lost_or_stolen_card": 55, "transfer_not_received_by_recipient": 110,
    "request_refund": 90, "cancel_transfer": 70, "change_pin": 40, "edit_personal_details": 30,
    "pending_cash_withdrawal": 20, "terminate_account": 12, "exchange_rate": 8,
}  # fmt: skip


def _full_intents() -> TaskData:
    from datasets import ClassLabel, DatasetDict

    raw = _hub(INTENTS_REPO)
    hub_names = _class_names(raw["train"], "label")
    missing = [n for n in BANKING_INTENTS if n not in hub_names]
    if missing:
        raise DataValidationError(
            f"{INTENTS_REPO} has no intents {missing}: its label names changed. Pin the revision "
            f"of hub_manifest.json, or update BANKING_INTENTS in course_lib/datasets.py."
        )
    new_id = {hub_names.index(n): i for i, n in enumerate(BANKING_INTENTS)}
    labels = ClassLabel(names=list(BANKING_INTENTS))

    def ten_intents(split: Any) -> Any:
        kept = split.filter(lambda batch: [x in new_id for x in batch["label"]], batched=True)
        kept = kept.map(lambda b: {"label": [new_id[x] for x in b["label"]]}, batched=True)
        return kept.cast_column("label", labels)

    train = ten_intents(raw["train"]).shuffle(seed=42)
    train_labels = column_values(train["label"])  # one read of the column, used twice below
    caps = list(BANKING_INTENTS.values())
    counts = np.bincount(train_labels, minlength=len(caps))
    short = {n: int(c) for n, c, cap in zip(BANKING_INTENTS, counts, caps, strict=True) if c < cap}
    if short:
        raise DataValidationError(
            f"{INTENTS_REPO} has fewer training rows than the caps ask for: {short} "
            f"(caps {BANKING_INTENTS}). Lower the caps in course_lib/datasets.py."
        )
    seen = dict.fromkeys(range(len(BANKING_INTENTS)), 0)
    keep = []
    for row, label in enumerate(train_labels):
        seen[label] += 1
        if seen[label] <= caps[label]:
            keep.append(row)
    parts = _carve_validation(train.select(keep), 0.15, "label")
    ds = DatasetDict(train=parts["train"], validation=parts["test"], test=ten_intents(raw["test"]))
    return TaskData(
        "intents",
        "multiclass",
        ds,
        ("text",),
        "label",
        tuple(BANKING_INTENTS),
        f"{INTENTS_REPO} (10 intents, long-tailed subsample; stratified validation)",
    )


MODERATION_COLUMNS = {
    "toxic": "toxicity", "insult": "insult", "threat": "threat",
    "obscene": "obscene", "identity_attack": "identity_attack",
}  # fmt: skip


def _full_moderation() -> TaskData:
    from datasets import DatasetDict

    raw = _hub("google/civil_comments")
    sizes = {"train": 40_000, "validation": 5_000, "test": 5_000}

    def to_multi_hot(batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
        labels = [
            [int(batch[col][i] >= 0.5) for col in MODERATION_COLUMNS.values()]
            for i in range(len(batch["text"]))
        ]
        return {"text": batch["text"], "labels": labels}

    ds = DatasetDict(
        {
            split: raw[split]
            .shuffle(seed=42)
            .select(range(min(n, len(raw[split]))))
            .map(to_multi_hot, batched=True, remove_columns=raw[split].column_names)
            for split, n in sizes.items()
        }
    )
    return TaskData(
        "moderation",
        "multilabel",
        ds,
        ("text",),
        "labels",
        tuple(MODERATION_COLUMNS),
        "google/civil_comments (scores >= 0.5 -> label; 40k/5k/5k subsample)",
    )


NER_REPO = "lhoestq/conll2003"  # script-free parquet copy; eriktks/conll2003 is a script


def _full_ner() -> TaskData:
    raw = _hub(NER_REPO)  # keeps id, pos_tags and chunk_tags next to tokens and ner_tags
    return TaskData(
        "ner",
        "token",
        raw,
        ("tokens",),
        "ner_tags",
        _class_names(raw["train"], "ner_tags"),
        f"{NER_REPO} (CoNLL-2003, parquet)",
    )


def _full_glue_pair(task: str, config: str, columns: tuple[str, str], task_type: str) -> TaskData:
    from datasets import DatasetDict

    raw = _hub("nyu-mll/glue", config)
    raw = DatasetDict({split: _keep_columns(raw[split], (*columns, "label")) for split in raw})
    if config == "mnli":  # matched dev -> validation, mismatched dev -> test, 60k train subsample
        train = raw["train"].shuffle(seed=42).select(range(60_000))
        ds = DatasetDict(
            train=train, validation=raw["validation_matched"], test=raw["validation_mismatched"]
        )
    else:  # GLUE test labels are hidden: dev becomes test, validation is carved from train
        label = "label" if task_type == "pair_classification" else None
        parts = _carve_validation(raw["train"], 400, label)
        ds = DatasetDict(train=parts["train"], validation=parts["test"], test=raw["validation"])
    names = _class_names(ds["train"], "label") if task_type == "pair_classification" else ()
    return TaskData(task, task_type, ds, columns, "label", names, f"nyu-mll/glue {config}")


def _full_yesno() -> TaskData:
    """BoolQ: (question, passage) -> no/yes from its bool ``answer``; the hub's dev split is test.

    BoolQ has no test labels on the hub (train and validation only), so its validation split
    becomes test and validation is carved from train, stratified by answer.
    """
    from datasets import ClassLabel, DatasetDict

    raw = _hub("google/boolq")
    labels = ClassLabel(names=["no", "yes"])

    def to_label(split: Any) -> Any:
        split = split.map(
            lambda b: {"label": [int(bool(a)) for a in b["answer"]]},
            batched=True,
            remove_columns=["answer"],
        )
        return _keep_columns(split.cast_column("label", labels), ("question", "passage", "label"))

    parts = _carve_validation(to_label(raw["train"]), 1_000, "label")
    ds = DatasetDict(
        train=parts["train"], validation=parts["test"], test=to_label(raw["validation"])
    )
    return TaskData(
        "yesno",
        "pair_classification",
        ds,
        ("question", "passage"),
        "label",
        ("no", "yes"),
        "google/boolq (validation = 1,000 carved from train; test = BoolQ dev)",
    )


def _full_reviews() -> TaskData:
    raw = _hub("cardiffnlp/tweet_eval", "sentiment")
    return TaskData(
        "reviews",
        "multiclass",
        raw,
        ("text",),
        "label",
        _class_names(raw["train"], "label"),
        "cardiffnlp/tweet_eval sentiment (stand-in for app reviews)",
    )


FULL_LOADERS: dict[str, FullLoader] = {
    "sentiment": _full_sentiment,
    "intents": _full_intents,
    "moderation": _full_moderation,
    "ner": _full_ner,
    "nli": lambda: _full_glue_pair("nli", "mnli", ("premise", "hypothesis"), "pair_classification"),
    "paraphrase": lambda: _full_glue_pair(
        "paraphrase", "mrpc", ("sentence1", "sentence2"), "pair_classification"
    ),
    "sts": lambda: _full_glue_pair("sts", "stsb", ("sentence1", "sentence2"), "pair_regression"),
    "reviews": _full_reviews,
    "yesno": _full_yesno,
}


def load_task(task: str, profile: Profile | None = None) -> TaskData:
    """Load ``task`` for ``profile`` (default: :func:`course_lib.profiles.get_profile`).

    Tasks: sentiment, intents, moderation, ner, nli, paraphrase, sts, reviews, yesno.
    Taught in: lessons/05_sentence_pairs.ipynb and lessons/08_parameter_efficient_multitask.ipynb.
    """
    if task not in FULL_LOADERS:
        raise ValueError(f"Unknown task {task!r}; choose one of {sorted(FULL_LOADERS)}.")
    profile = profile or get_profile()
    return _load_offline(task) if profile.is_offline else FULL_LOADERS[task]()
