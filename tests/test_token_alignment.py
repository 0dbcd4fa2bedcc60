"""Label alignment for NER on the real MiniLM tokenizer (lesson 04), checked by hand."""

from __future__ import annotations

import pytest

from course_lib import metrics, models
from course_lib.token_alignment import (
    IGNORE_INDEX,
    align_labels_with_tokens,
    continuation_label_ids,
    entities_from_predictions,
    format_entities,
    lexicon_baseline,
    lexicon_baseline_scores,
    predict_word_tags,
    tokenize_and_align,
    word_tags_from_token_predictions,
)

NAMES = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
X = IGNORE_INDEX
WORDS = ["Nkechi", "Okonkwo-Varga", "joined", "Northwind", "Analytics", "in", "Quarrowfield", "."]
TAGS = [1, 2, 0, 3, 4, 0, 5, 0]  # B-PER I-PER O B-ORG I-ORG O B-LOC O


@pytest.fixture(scope="module")
def tokenizer():
    return models.load_tokenizer(models.offline_checkpoint())


@pytest.fixture(scope="module")
def encoding(tokenizer):
    return tokenizer(WORDS, is_split_into_words=True)


def test_tokenizer_splits_the_example_as_written_down(tokenizer, encoding) -> None:
    tokens = tokenizer.convert_ids_to_tokens(encoding["input_ids"])
    assert tokens == [
        "[CLS]", "nk", "##ech", "##i", "ok", "##on", "##k", "##wo", "-", "var", "##ga",
        "joined", "north", "##wind", "analytics", "in", "qu", "##ar", "##row", "##field", ".",
        "[SEP]",
    ]  # fmt: skip
    assert encoding.word_ids() == [
        None, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 3, 3, 4, 5, 6, 6, 6, 6, 7, None
    ]  # fmt: skip


def test_first_strategy_labels_only_first_pieces(encoding) -> None:
    labels = align_labels_with_tokens(encoding.word_ids(), TAGS, NAMES, strategy="first")
    assert labels == [
        X, 1, X, X, 2, X, X, X, X, X, X, 0, 3, X, 4, 0, 5, X, X, X, 0, X
    ]  # fmt: skip


def test_all_strategy_turns_b_into_i_on_continuations(encoding) -> None:
    labels = align_labels_with_tokens(encoding.word_ids(), TAGS, NAMES, strategy="all")
    assert labels == [
        X, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 3, 4, 4, 0, 5, 6, 6, 6, 0, X
    ]  # fmt: skip
    # Exactly one B- per entity word, on its first piece: B-PER on "nk", never on "##ech".
    assert labels.count(NAMES.index("B-PER")) == 1


def test_special_tokens_and_padding_get_minus_100(tokenizer) -> None:
    batch = tokenizer([["Ada"], WORDS], is_split_into_words=True, padding=True)
    for strategy in ("first", "all"):
        labels = align_labels_with_tokens(batch.word_ids(0), [1], NAMES, strategy=strategy)
        assert labels[0] == X and labels[2:] == [X] * (len(labels) - 2)  # [SEP] + padding
        assert labels[1] == 1


def test_b_to_i_map_and_missing_inside_tag() -> None:
    assert continuation_label_ids(NAMES) == {0: 0, 1: 2, 2: 2, 3: 4, 4: 4, 5: 6, 6: 6, 7: 8, 8: 8}
    assert continuation_label_ids(dict(enumerate(NAMES)))[7] == 8
    with pytest.raises(ValueError, match="no matching 'I-LOC'"):
        continuation_label_ids(["O", "B-LOC"])


def test_invalid_strategy_is_rejected(encoding) -> None:
    with pytest.raises(ValueError, match="strategy='last'"):
        align_labels_with_tokens(encoding.word_ids(), TAGS, NAMES, strategy="last")


def test_fewer_tags_than_words_is_an_error(encoding) -> None:
    with pytest.raises(ValueError, match="different lengths"):
        align_labels_with_tokens(encoding.word_ids(), TAGS[:-1], NAMES)


@pytest.mark.parametrize("bad", [9, -1, True, "B-PER"])
def test_tag_ids_must_be_in_the_label_map(encoding, bad) -> None:
    with pytest.raises(ValueError, match="not a tag id"):
        align_labels_with_tokens(encoding.word_ids(), [*TAGS[:-1], bad], NAMES)


def test_tokenize_and_align_on_a_batch(tokenizer) -> None:
    batch = {"tokens": [WORDS, ["Ada", "left", "."]], "ner_tags": [TAGS, [1, 0, 0]]}
    out = tokenize_and_align(batch, tokenizer, NAMES, strategy="all")
    assert [len(ids) for ids in out["input_ids"]] == [len(lab) for lab in out["labels"]]
    assert out["labels"][1] == [X, 1, 0, 0, X]
    assert "token_type_ids" in out and "attention_mask" in out


def test_tokenize_and_align_truncates_words_away(tokenizer) -> None:
    batch = {"tokens": [WORDS], "ner_tags": [TAGS]}
    out = tokenize_and_align(batch, tokenizer, NAMES, max_length=8)
    assert len(out["input_ids"][0]) == 8
    assert out["labels"][0] == [X, 1, X, X, 2, X, X, X]  # the last piece is [SEP]


def test_tokenize_and_align_errors(tokenizer) -> None:
    with pytest.raises(ValueError, match="row 0 of the batch has 8 words but 7 tags"):
        tokenize_and_align({"tokens": [WORDS], "ner_tags": [TAGS[:-1]]}, tokenizer, NAMES)
    with pytest.raises(ValueError, match="batched=True"):
        tokenize_and_align({"tokens": WORDS, "ner_tags": TAGS}, tokenizer, NAMES)
    with pytest.raises(ValueError, match="no column 'ner_tags'"):
        tokenize_and_align({"tokens": [WORDS], "tags": [TAGS]}, tokenizer, NAMES)
    with pytest.raises(ValueError, match="strategy"):
        tokenize_and_align({"tokens": [WORDS], "ner_tags": [TAGS]}, tokenizer, NAMES, strategy="x")


def test_collator_pads_labels_with_minus_100(tokenizer) -> None:
    from transformers import DataCollatorForTokenClassification

    out = tokenize_and_align(
        {"tokens": [WORDS, ["Ada", "left"]], "ner_tags": [TAGS, [1, 0]]}, tokenizer, NAMES
    )
    features = [{k: out[k][i] for k in out} for i in range(2)]
    batch = DataCollatorForTokenClassification(tokenizer)(features)
    assert batch["labels"].shape == batch["input_ids"].shape == (2, 22)
    assert batch["labels"][1].tolist() == [X, 1, 0] + [X] * 19


def test_first_alignment_gives_word_level_sequences_to_the_metric(encoding) -> None:
    labels = align_labels_with_tokens(encoding.word_ids(), TAGS, NAMES)
    true_tags, pred_tags = metrics.token_predictions_to_tags([labels], [labels], NAMES)
    assert true_tags == pred_tags == [[NAMES[t] for t in TAGS]]


def test_word_tags_keep_the_first_piece(encoding) -> None:
    word_ids = encoding.word_ids()
    predicted = [0] * len(word_ids)
    predicted[1], predicted[2] = 1, 5  # "nk" says B-PER, "##ech" says B-LOC: "nk" wins
    tags = word_tags_from_token_predictions(word_ids, predicted, NAMES)
    assert len(tags) == len(WORDS)
    assert tags[0] == "B-PER" and tags[1:] == ["O"] * 7
    with pytest.raises(ValueError, match="same encoding"):
        word_tags_from_token_predictions(word_ids, predicted[:-1], NAMES)
    with pytest.raises(ValueError, match="not a tag id"):
        word_tags_from_token_predictions(word_ids, [42] * len(word_ids), NAMES)


def test_entities_from_tags() -> None:
    tags = [NAMES[t] for t in TAGS]
    assert entities_from_predictions(WORDS, tags) == [
        ("Nkechi Okonkwo-Varga", "PER", 0, 2),
        ("Northwind Analytics", "ORG", 3, 5),
        ("Quarrowfield", "LOC", 6, 7),
    ]
    words = ["Ada", "Bo", "met", "Cy", "Dee", "Eve"]
    # B-PER B-PER: two people; I- after O opens an entity (lenient); a type change splits.
    tags = ["B-PER", "B-PER", "O", "I-PER", "I-PER", "I-ORG"]
    assert entities_from_predictions(words, tags) == [
        ("Ada", "PER", 0, 1),
        ("Bo", "PER", 1, 2),
        ("Cy Dee", "PER", 3, 5),
        ("Eve", "ORG", 5, 6),
    ]
    assert entities_from_predictions([], []) == []


def test_entity_errors() -> None:
    with pytest.raises(ValueError, match="2 words but 1 tags"):
        entities_from_predictions(["a", "b"], ["O"])
    with pytest.raises(ValueError, match="not a BIO tag"):
        entities_from_predictions(["Ada"], ["PER"])
    with pytest.raises(ValueError, match="not a BIO tag"):
        entities_from_predictions(["Ada"], ["E-PER"])
    with pytest.raises(TypeError):
        entities_from_predictions("Ada", "O")


def test_format_entities() -> None:
    words = ["Ada", "Okonkwo-Varga", "joined", "Northwind", "in", "Lisbon", "."]
    tags = ["B-PER", "I-PER", "O", "B-ORG", "O", "B-LOC", "O"]
    assert (
        format_entities(words, tags)
        == "[Ada Okonkwo-Varga](PER) joined [Northwind](ORG) in [Lisbon](LOC)."
    )
    assert format_entities(["No", "entities", "here", "!"], ["O"] * 4) == "No entities here!"


def test_predict_word_tags_returns_one_tag_per_word(tokenizer) -> None:
    model = models.load_token_classifier(models.offline_checkpoint(), NAMES).train()
    sentences = [WORDS, ["Ada", "left", "."]]
    tags = predict_word_tags(model, tokenizer, sentences)
    assert [len(t) for t in tags] == [len(WORDS), 3]
    assert predict_word_tags(model, tokenizer, sentences, batch_size=1) == tags
    assert all(tag in NAMES for row in tags for tag in row)
    assert model.training  # the model's mode is restored
    assert predict_word_tags(model, tokenizer, []) == []
    with pytest.raises(ValueError, match="word lists"):
        predict_word_tags(model, tokenizer, WORDS)
    with pytest.raises(ValueError, match="batch_size"):
        predict_word_tags(model, tokenizer, sentences, batch_size=0)


def test_lexicon_baseline_memorises_training_tags() -> None:
    train_tokens = [["Ada", "met", "Bo"], ["Ada", "left"], ["Paris", "Ada"]]
    train_tags = [[1, 0, 1], [1, 0], [5, 5]]  # "Ada" is B-PER twice, B-LOC once
    predicted = lexicon_baseline(train_tokens, train_tags, [["Ada", "met", "Cy"]], NAMES)
    assert predicted == [[1, 0, 0]]  # majority tag; the unseen "Cy" gets O
    scores = lexicon_baseline_scores(
        train_tokens, train_tags, [["Ada", "met", "Cy"]], [[1, 0, 1]], NAMES
    )
    assert scores["precision"] == 1.0 and scores["recall"] == 0.5
    assert scores["f1_PER"] == pytest.approx(2 / 3)


def test_lexicon_baseline_errors() -> None:
    with pytest.raises(ValueError, match="no 'O' tag"):
        lexicon_baseline([["a"]], [[0]], [["a"]], ["B-PER", "I-PER"])
    with pytest.raises(ValueError, match="training row 0 has 2 words but 1 tags"):
        lexicon_baseline([["a", "b"]], [[0]], [["a"]], NAMES)
    with pytest.raises(ValueError, match="evaluation row 0 has 1 words but 2 tags"):
        lexicon_baseline_scores([["a"]], [[0]], [["a"]], [[0, 0]], NAMES)
