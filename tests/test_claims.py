"""course_lib.claims: a stated result prints with its evidence, and a false one stops offline."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.claims import Claim, ClaimFailed, between, claim
from course_lib.errors import CourseError
from course_lib.profiles import Profile

OFFLINE = Profile("offline", "cpu", "fp32")
FULL = Profile("full", "cuda", "bf16")


def test_a_true_claim_prints_statement_and_evidence(capsys: pytest.CaptureFixture) -> None:
    checked = claim(OFFLINE, "Oversampling came out best", True, "macro-F1 0.881 vs 0.840")
    assert checked == Claim(
        "Oversampling came out best", True, "macro-F1 0.881 vs 0.840", "offline"
    )
    out = capsys.readouterr().out
    assert out == "[claim holds] Oversampling came out best (macro-F1 0.881 vs 0.840)\n"


def test_a_false_claim_stops_the_offline_run_and_names_the_sentence() -> None:
    with pytest.raises(ClaimFailed) as failed:
        claim(OFFLINE, "accuracy is close to 0.9", between(0.71, 0.85, 0.95), "accuracy 0.710")
    message = str(failed.value)
    assert "'accuracy is close to 0.9'" in message and "accuracy 0.710" in message
    assert "rewrite that sentence" in message
    assert isinstance(failed.value, CourseError)


def test_a_false_claim_in_the_full_profile_is_reported_not_raised(
    capsys: pytest.CaptureFixture,
) -> None:
    checked = claim(FULL, "focal loss did nothing for the rare intents", False, "focus F1 0.41")
    assert checked.holds is False and checked.profile == "full"
    out = capsys.readouterr().out
    assert out.startswith("[claim NOT SO IN THIS RUN] focal loss did nothing")


def test_numpy_booleans_count_and_other_values_are_refused(capsys: pytest.CaptureFixture) -> None:
    assert claim(OFFLINE, "numpy comparison", np.float64(0.9) > 0.8).holds is True
    with pytest.raises(TypeError, match="must be True or False, got float"):
        claim(OFFLINE, "a number is not a check", 0.9)  # type: ignore[arg-type]


def test_between_includes_its_ends_and_refuses_swapped_bounds() -> None:
    assert between(0.85, 0.85, 0.95) and between(0.95, 0.85, 0.95)
    assert not between(0.96, 0.85, 0.95)
    with pytest.raises(ValueError, match="swap them"):
        between(0.5, 0.9, 0.1)
