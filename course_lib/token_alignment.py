"""Word-level NER tags <-> sub-token labels, and predictions back to readable entities.

Datasets such as CoNLL-2003 give one BIO tag per *word*; an encoder predicts one label per
*sub-token*. This module does the two translations a token-classification lesson needs:

* before training, :func:`align_labels_with_tokens` / :func:`tokenize_and_align` give every
  sub-token a label id (or -100, which the loss and the metrics ignore), with two strategies:
  ``"first"`` labels only the first sub-token of each word, ``"all"`` labels every sub-token and
  turns ``B-X`` into ``I-X`` on a word's continuation pieces;
* after prediction, :func:`word_tags_from_token_predictions` keeps one tag per word and
  :func:`entities_from_predictions` / :func:`format_entities` group BIO tags into entity spans
  such as ``[Ada Okonkwo-Varga](PER)``.

Taught in: lessons/04_ner_token_classification.ipynb.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from course_lib._validation import required_label_names
from course_lib.models import evaluating

__all__ = [
    "IGNORE_INDEX",
    "STRATEGIES",
    "align_labels_with_tokens",
    "continuation_label_ids",
    "entities_from_predictions",
    "format_entities",
    "lexicon_baseline",
    "lexicon_baseline_scores",
    "predict_word_tags",
    "tokenize_and_align",
    "word_tags_from_token_predictions",
]

#: Label id that ``torch.nn.CrossEntropyLoss`` (and course_lib's token metrics) ignore.
IGNORE_INDEX = -100
#: Alignment strategies understood by :func:`align_labels_with_tokens`.
STRATEGIES = ("first", "all")
# Tokens that attach to the previous word when entities are printed as one line of text.
_NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'", "n't"}
_NO_SPACE_AFTER = {"(", "[", "{"}


def _check_strategy(strategy: str) -> None:
    if strategy not in STRATEGIES:
        raise ValueError(
            f"strategy={strategy!r} is not an alignment strategy; use 'first' (label the first "
            "sub-token of each word, -100 elsewhere) or 'all' (label every sub-token, B- -> I-)."
        )


def continuation_label_ids(label_names: Sequence[str] | Mapping[int, str]) -> dict[int, int]:
    """Map every label id to the id a word's *continuation* sub-tokens get under ``"all"``.

    ``B-X`` maps to ``I-X`` (an entity begins only once, on its first piece); every other tag
    maps to itself. Behind :func:`align_labels_with_tokens` (``strategy="all"``).

    Raises:
        ValueError: when a ``B-X`` tag has no matching ``I-X`` tag in ``label_names``.
    """
    names = required_label_names(label_names)
    index = {name: i for i, name in enumerate(names)}
    mapping = {}
    for i, name in enumerate(names):
        if name.startswith("B-"):
            inside = "I-" + name[2:]
            if inside not in index:
                raise ValueError(
                    f"label {name!r} has no matching {inside!r} in label_names; the 'all' "
                    "strategy needs both to label continuation sub-tokens"
                )
            mapping[i] = index[inside]
        else:
            mapping[i] = i
    return mapping


def align_labels_with_tokens(
    word_ids: Sequence[int | None],  # encoding.word_ids(i): None for [CLS]/[SEP]/padding
    word_labels: Sequence[int],  # one tag id per word, e.g. a row of ner_tags
    label_names: Sequence[str] | Mapping[int, str],  # tag names indexed by id
    strategy: str = "first",  # "first" or "all"
) -> list[int]:
    """Give each sub-token a label id, or -100 where the loss should not look.

    * Special tokens and padding (``word_id is None``) always get -100.
    * ``"first"``: the first sub-token of a word gets the word's tag, the other pieces -100.
    * ``"all"``: every piece gets the word's tag, except that continuation pieces of a
      ``B-X`` word get ``I-X``.

    A sub-token starts a new word when its word id differs from the previous sub-token's.
    Words cut off by truncation simply do not appear in ``word_ids``.
    Taught in: lessons/04_ner_token_classification.ipynb.

    Returns:
        A list of ints, as long as ``word_ids``.

    Raises:
        ValueError: unknown strategy, a word id with no label (tokens and tags of different
            lengths), or a tag id outside ``label_names``.
    """
    _check_strategy(strategy)
    names = required_label_names(label_names)
    continuation = continuation_label_ids(names) if strategy == "all" else {}
    labels = list(word_labels)
    for position, tag in enumerate(labels):
        if isinstance(tag, bool) or not isinstance(tag, int) or not 0 <= tag < len(names):
            raise ValueError(
                f"word_labels[{position}] = {tag!r} is not a tag id in 0..{len(names) - 1} "
                f"(label_names has {len(names)} tags)"
            )
    aligned: list[int] = []
    previous: int | None = None
    for word_id in word_ids:
        if word_id is None:
            aligned.append(IGNORE_INDEX)
        elif not 0 <= word_id < len(labels):
            raise ValueError(
                f"word_ids refers to word {word_id} but word_labels has {len(labels)} tags: the "
                "tokens and the tags of this example have different lengths"
            )
        elif word_id != previous:
            aligned.append(labels[word_id])
        elif strategy == "first":
            aligned.append(IGNORE_INDEX)
        else:
            aligned.append(continuation[labels[word_id]])
        previous = word_id
    return aligned


def tokenize_and_align(
    batch: Mapping[str, Sequence[Any]],  # a batch from Dataset.map(..., batched=True)
    tokenizer: Any,  # a fast Hugging Face tokenizer (word_ids() needs one)
    label_names: Sequence[str] | Mapping[int, str],
    *,
    strategy: str = "first",
    max_length: int | None = None,  # None: truncate only at the model's limit
    tokens_column: str = "tokens",
    tags_column: str = "ner_tags",
) -> dict[str, list[Any]]:
    """Tokenize pre-split words and add aligned ``labels``; no padding (use a collator).

    Use it with ``dataset.map(tokenize_and_align, batched=True, fn_kwargs={...})``: padding is
    left to ``DataCollatorForTokenClassification``, which pads ``labels`` with -100.
    Taught in: lessons/04_ner_token_classification.ipynb.

    Returns:
        The tokenizer's output (``input_ids``, ``attention_mask``, ...) plus ``labels``.

    Raises:
        ValueError: missing columns, a non-batched call, a row whose number of tokens and tags
            differ, an unknown strategy, or a slow tokenizer without ``word_ids()``.
    """
    _check_strategy(strategy)
    for column in (tokens_column, tags_column):
        if column not in batch:
            raise ValueError(f"batch has no column {column!r}; columns: {sorted(batch)}")
    words, tags = list(batch[tokens_column]), list(batch[tags_column])
    if words and isinstance(words[0], str):
        raise ValueError(
            f"batch[{tokens_column!r}] holds strings, not lists of words: call "
            "dataset.map(..., batched=True) so each call receives a batch of sentences"
        )
    if len(words) != len(tags):
        raise ValueError(f"batch has {len(words)} token rows but {len(tags)} tag rows")
    for row, (row_words, row_tags) in enumerate(zip(words, tags, strict=True)):
        if len(row_words) != len(row_tags):
            raise ValueError(
                f"row {row} of the batch has {len(row_words)} words but {len(row_tags)} tags; "
                "NER needs exactly one tag per word"
            )
    if not getattr(tokenizer, "is_fast", True):
        raise ValueError("word_ids() needs a fast tokenizer; load it with AutoTokenizer")
    encoding = tokenizer(
        words,
        is_split_into_words=True,
        truncation=True,
        max_length=max_length,
    )
    encoding["labels"] = [
        align_labels_with_tokens(encoding.word_ids(batch_index=i), row_tags, label_names, strategy)
        for i, row_tags in enumerate(tags)
    ]
    return encoding


def word_tags_from_token_predictions(
    word_ids: Sequence[int | None],
    token_predictions: Sequence[int],  # one predicted tag id per sub-token (argmax of logits)
    label_names: Sequence[str] | Mapping[int, str],
) -> list[str]:
    """Keep one predicted tag per word: the prediction of the word's first sub-token.

    This matches how the ``"first"`` strategy trains and how the metrics score, so the tags
    printed for a sentence are the ones that were evaluated. Words lost to truncation are
    absent. Behind :func:`predict_word_tags`.

    Raises:
        ValueError: when the two sequences have different lengths or a prediction is not a tag id.
    """
    names = required_label_names(label_names)
    if len(word_ids) != len(token_predictions):
        raise ValueError(
            f"word_ids has {len(word_ids)} positions but token_predictions has "
            f"{len(token_predictions)}; pass the predictions of the same encoding"
        )
    tags: list[str] = []
    previous: int | None = None
    for word_id, predicted in zip(word_ids, token_predictions, strict=True):
        if word_id is not None and word_id != previous:
            predicted = int(predicted)
            if not 0 <= predicted < len(names):
                raise ValueError(f"prediction {predicted} is not a tag id in 0..{len(names) - 1}")
            tags.append(names[predicted])
        previous = word_id
    return tags


def predict_word_tags(
    model: Any,  # a token-classification model (its config holds id2label)
    tokenizer: Any,  # the fast tokenizer the model was trained with
    sentences: Sequence[Sequence[str]],  # pre-split words, one list per sentence
    max_length: int | None = None,
    batch_size: int = 32,
) -> list[list[str]]:
    """Predict one tag per word for each sentence (first sub-token's prediction per word).

    Steps: tokenize the words (``is_split_into_words=True``), run the model without gradients,
    take the arg-max tag of every sub-token, then keep the first sub-token of each word with
    :func:`word_tags_from_token_predictions`. Sentences go through the model ``batch_size`` at a
    time; words cut off by ``max_length`` get no tag.
    Taught in: lessons/04_ner_token_classification.ipynb.
    """

    if isinstance(sentences, str) or (len(sentences) and isinstance(sentences[0], str)):
        raise ValueError("sentences must be a list of word lists, e.g. [['Ada', 'joined', ...]]")
    if batch_size < 1:
        raise ValueError(f"batch_size must be positive, got {batch_size}")
    sentences = [list(words) for words in sentences]  # also accepts a datasets column
    device = next(model.parameters()).device
    id2label = model.config.id2label
    tags: list[list[str]] = []
    with evaluating(model):
        for start in range(0, len(sentences), batch_size):
            encoding = tokenizer(
                sentences[start : start + batch_size],
                is_split_into_words=True,
                truncation=True,
                max_length=max_length,
                padding=True,
                return_tensors="pt",
            )
            logits = model(**{k: v.to(device) for k, v in encoding.items()}).logits
            predicted = logits.argmax(dim=-1).cpu().tolist()
            tags.extend(
                word_tags_from_token_predictions(encoding.word_ids(i), row, id2label)
                for i, row in enumerate(predicted)
            )
    return tags


def _split_tag(tag: str) -> tuple[str, str | None]:
    """``"B-PER"`` -> ``("B", "PER")``; ``"O"`` -> ``("O", None)``."""
    if tag == "O":
        return "O", None
    prefix, sep, entity_type = tag.partition("-")
    if not sep or prefix not in ("B", "I") or not entity_type:
        raise ValueError(f"tag {tag!r} is not a BIO tag (expected 'O', 'B-TYPE' or 'I-TYPE')")
    return prefix, entity_type


def entities_from_predictions(
    words: Sequence[str], tags: Sequence[str]
) -> list[tuple[str, str, int, int]]:
    """Group word-level BIO tags into entities ``(text, type, start, end)``.

    ``start`` and ``end`` are word indices, ``end`` exclusive, so ``words[start:end]`` is the
    entity. An ``I-X`` that does not continue an ``X`` entity (after ``O`` or another type)
    starts a new entity, as in seqeval's default (lenient) mode; strict IOB2 evaluation would
    drop it instead. Taught in: lessons/04_ner_token_classification.ipynb.

    Raises:
        ValueError: when ``words`` and ``tags`` have different lengths or a tag is not BIO.
    """
    if isinstance(words, str) or isinstance(tags, str):
        raise TypeError("words and tags must be lists (one entry per word), not strings")
    if len(words) != len(tags):
        raise ValueError(f"{len(words)} words but {len(tags)} tags: give one tag per word")
    entities: list[tuple[str, str, int, int]] = []
    start: int | None = None
    current: str | None = None

    def close(end: int) -> None:
        if start is not None and current is not None:
            entities.append((" ".join(words[start:end]), current, start, end))

    for i, tag in enumerate(tags):
        prefix, entity_type = _split_tag(tag)
        if prefix == "I" and entity_type == current:
            continue  # the open entity goes on
        close(i)
        start, current = (i, entity_type) if prefix in ("B", "I") else (None, None)
    close(len(tags))
    return entities


def _join_words(words: Sequence[str]) -> str:
    text = ""
    for word in words:
        if text and word not in _NO_SPACE_BEFORE and text[-1] not in _NO_SPACE_AFTER:
            text += " "
        text += word
    return text


def format_entities(words: Sequence[str], tags: Sequence[str]) -> str:
    """One readable line with entities marked, e.g. ``[Ada Okonkwo-Varga](PER) joined ...``.

    Taught in: lessons/04_ner_token_classification.ipynb.
    """
    entities = entities_from_predictions(words, tags)
    pieces: list[str] = []
    position = 0
    for text, entity_type, start, end in entities:
        pieces.extend(words[position:start])
        pieces.append(f"[{text}]({entity_type})")
        position = end
    pieces.extend(words[position:])
    return _join_words(pieces)


def lexicon_baseline(
    train_tokens: Sequence[Sequence[str]],
    train_tags: Sequence[Sequence[int]],
    eval_tokens: Sequence[Sequence[str]],
    label_names: Sequence[str] | Mapping[int, str],
) -> list[list[int]]:
    """Tag every word with its most frequent tag in training; unseen words get ``O``.

    The memorising baseline of the CoNLL-2003 shared task, in spirit: it finds every entity seen
    in training and nothing else, so it measures how much of a test set is *known* names. Ties
    go to the tag seen first. Behind :func:`lexicon_baseline_scores`.

    Returns:
        One list of tag ids per evaluation sentence.

    Raises:
        ValueError: when a training row has different numbers of words and tags, or the label
            names have no ``O`` tag.
    """
    names = required_label_names(label_names)
    if "O" not in names:
        raise ValueError("label_names has no 'O' tag to give unseen words")
    if len(train_tokens) != len(train_tags):
        raise ValueError(f"{len(train_tokens)} training sentences but {len(train_tags)} tag rows")
    seen: dict[str, Counter[int]] = defaultdict(Counter)
    for row, (words, tags) in enumerate(zip(train_tokens, train_tags, strict=True)):
        if len(words) != len(tags):
            raise ValueError(f"training row {row} has {len(words)} words but {len(tags)} tags")
        for word, tag in zip(words, tags, strict=True):
            seen[word][int(tag)] += 1
    outside = names.index("O")
    return [
        [seen[word].most_common(1)[0][0] if word in seen else outside for word in words]
        for words in eval_tokens
    ]


def lexicon_baseline_scores(
    train_tokens: Sequence[Sequence[str]],
    train_tags: Sequence[Sequence[int]],
    eval_tokens: Sequence[Sequence[str]],
    eval_tags: Sequence[Sequence[int]],
    label_names: Sequence[str] | Mapping[int, str],
    scheme: str | None = None,  # "IOB2" for seqeval's strict mode
) -> dict[str, float]:
    """Entity-level scores of :func:`lexicon_baseline`, with the same keys as the model's metrics.

    Scored by ``course_lib.metrics.make_compute_metrics("token", ...)``, so the numbers compare
    directly with ``Trainer.evaluate``. Taught in: lessons/04_ner_token_classification.ipynb.
    """
    import numpy as np

    from course_lib.metrics import make_compute_metrics

    names = required_label_names(label_names)
    predicted = lexicon_baseline(train_tokens, train_tags, eval_tokens, names)
    if len(eval_tags) != len(predicted):
        raise ValueError(f"{len(eval_tokens)} evaluation sentences but {len(eval_tags)} tag rows")
    width = max((len(row) for row in predicted), default=0)
    gold = np.full((len(predicted), width), IGNORE_INDEX, dtype=np.int64)
    guess = np.zeros((len(predicted), width), dtype=np.int64)
    for i, (pred_row, gold_row) in enumerate(zip(predicted, eval_tags, strict=True)):
        if len(pred_row) != len(gold_row):
            raise ValueError(
                f"evaluation row {i} has {len(pred_row)} words but {len(gold_row)} tags"
            )
        gold[i, : len(gold_row)] = gold_row
        guess[i, : len(pred_row)] = pred_row
    return make_compute_metrics("token", label_names=names, scheme=scheme)((guess, gold))
