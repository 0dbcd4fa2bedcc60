"""Sentence-pair helpers (lesson 05) on the real MiniLM tokenizer."""

from __future__ import annotations

import numpy as np
import pytest
from transformers import BertTokenizer, DistilBertTokenizer, RobertaTokenizer

from course_lib import models
from course_lib.pairs import (
    embedding_cosine,
    has_token_type_ids,
    pair_encoder,
    scale_scores,
    segment_table,
    truncation_preview,
    unscale_scores,
    word_overlap,
)
from course_lib.plots import plot_score_scatter

PREMISE = (
    "Three nurses are painting a mural under a bridge at night while waiting for a friend. "
    "There is music coming from a nearby window."
)
HYPOTHESIS = "Three people are painting a mural at night."


@pytest.fixture(scope="module")
def tokenizer():
    return models.load_tokenizer(models.offline_checkpoint())


def test_token_type_ids_by_family(tokenizer) -> None:
    assert has_token_type_ids(tokenizer)
    assert has_token_type_ids(BertTokenizer)
    assert not has_token_type_ids(RobertaTokenizer)  # class attribute: nothing downloaded
    assert not has_token_type_ids(DistilBertTokenizer)
    with pytest.raises(TypeError, match="model_input_names"):
        has_token_type_ids(object())


def test_segment_table_marks_segments_and_padding(tokenizer) -> None:
    table = segment_table(
        tokenizer,
        "A man plays guitar.",
        "A musician performs.",
        padding="max_length",
        max_length=16,
    )
    assert table["token"].tolist()[:7] == ["[CLS]", "a", "man", "plays", "guitar", ".", "[SEP]"]
    assert (
        table["segment"].tolist()
        == ["special"] + ["A"] * 5 + ["special"] + ["B"] * 4 + ["special"] * 5
    )
    # The second [SEP] belongs to segment B (type 1); padding is type 0 with mask 0.
    assert table["token_type_id"].tolist() == [0] * 7 + [1] * 5 + [0] * 4
    assert table["attention_mask"].tolist() == [1] * 12 + [0] * 4


def test_truncation_preview_compares_strategies(tokenizer) -> None:
    table = truncation_preview(tokenizer, PREMISE, HYPOTHESIS, max_length=16)
    assert list(table.index) == ["longest_first", "only_first", "only_second"]
    # 13 content tokens fit; longest_first trims the longer text until both are about equal.
    assert table.loc["longest_first", "first_kept"] == "7/26"
    assert table.loc["longest_first", "second_kept"] == "6/9"
    assert table.loc["longest_first", "second_cut"] == "at night."
    assert table.loc["only_first", "first_kept"] == "4/26"
    assert table.loc["only_first", "second_kept"] == "9/9"
    assert table.loc["only_first", "second_cut"] == ""
    assert "Truncation error" in table.loc["only_second", "error"]
    with pytest.raises(ValueError, match="truncation='only_last'"):
        truncation_preview(tokenizer, PREMISE, HYPOTHESIS, 16, strategies=["only_last"])


def test_pair_encoder_on_a_batch(tokenizer) -> None:
    encode = pair_encoder(
        tokenizer, "premise", "hypothesis", max_length=16, truncation="only_first"
    )
    out = encode(
        {"premise": [PREMISE, "A dog sleeps."], "hypothesis": [HYPOTHESIS, "An animal rests."]}
    )
    assert [len(ids) for ids in out["input_ids"]] == [16, 11]
    assert out["token_type_ids"][1] == [0] * 6 + [1] * 5
    assert out["input_ids"][0][-10:] == tokenizer(HYPOTHESIS)["input_ids"][1:]  # kept whole


def test_pair_encoder_errors(tokenizer) -> None:
    with pytest.raises(ValueError, match="truncation=True"):
        pair_encoder(tokenizer, "a", "b", truncation=True)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="both 'a'"):
        pair_encoder(tokenizer, "a", "a")
    encode = pair_encoder(
        tokenizer, "premise", "hypothesis", max_length=16, truncation="only_second"
    )
    with pytest.raises(ValueError, match="only_second.*longest_first"):
        encode({"premise": [PREMISE], "hypothesis": [HYPOTHESIS]})
    with pytest.raises(ValueError, match="batched=True"):
        encode({"premise": PREMISE, "hypothesis": HYPOTHESIS})
    with pytest.raises(ValueError, match="no column 'hypothesis'"):
        encode({"premise": [PREMISE]})


def test_score_scaling_round_trip() -> None:
    scores = [0.0, 2.5, 5.0, 4.6]
    scaled = scale_scores(scores)
    assert scaled == pytest.approx([0.0, 0.5, 1.0, 0.92])
    assert unscale_scores(np.array(scaled)[:, None]) == pytest.approx(scores)
    assert unscale_scores([-0.02]) == pytest.approx([-0.1])  # not clipped
    with pytest.raises(ValueError, match="outside"):
        scale_scores([5.2])
    with pytest.raises(ValueError, match="high > low"):
        scale_scores([1.0], low=5, high=0)
    with pytest.raises(ValueError, match="high > low"):
        unscale_scores([1.0], low=1, high=1)


def test_word_overlap() -> None:
    assert word_overlap("A cat sleeps.", "a CAT sleeps") == 1.0
    assert word_overlap("A cat sleeps.", "Dogs bark") == 0.0
    assert word_overlap("the cat sat", "the dog sat") == pytest.approx(2 / 4)
    assert word_overlap("", "") == 0.0
    with pytest.raises(TypeError):
        word_overlap("a", None)  # type: ignore[arg-type]


def test_plot_score_scatter() -> None:
    fig, ax = plot_score_scatter([0.0, 1.0, 4.0, 5.0], [0.5, 1.5, 3.5, 4.8])
    assert "Pearson" in ax.get_title()
    assert len(ax.collections) == 1 and len(ax.collections[0].get_offsets()) == 4
    with pytest.raises(ValueError):
        plot_score_scatter([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="at least two"):
        plot_score_scatter([1.0], [1.0])


def test_embedding_cosine_with_the_packaged_encoder(tokenizer) -> None:
    from transformers import AutoModel

    encoder = AutoModel.from_pretrained(str(models.offline_checkpoint()))
    first = ["A dog sleeps on the sofa.", "A dog sleeps on the sofa.", "Stocks fell sharply."]
    second = [
        "A dog sleeps on the sofa.",
        "A puppy naps on the couch.",
        "A dog sleeps on the sofa.",
    ]
    cosine = embedding_cosine(encoder, tokenizer, first, second, batch_size=2)
    assert cosine.shape == (3,)
    assert cosine[0] == pytest.approx(1.0, abs=1e-5)
    assert cosine[0] > cosine[1] > cosine[2]  # paraphrase closer than an unrelated sentence
    assert not encoder.training
    assert embedding_cosine(encoder, tokenizer, [], []).shape == (0,)
    with pytest.raises(ValueError, match="2 first texts but 1"):
        embedding_cosine(encoder, tokenizer, first[:2], second[:1])
    with pytest.raises(TypeError):
        embedding_cosine(encoder, tokenizer, "a", "b")
