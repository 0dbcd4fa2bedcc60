"""Training settings use transformers v5 names, and the sweep keeps the best run."""

from __future__ import annotations

import pytest
from datasets import Dataset
from transformers import Trainer

from course_lib import training_settings as training
from course_lib.profiles import Profile

CPU = Profile(name="offline", device="cpu", precision="fp32")


def test_training_args_use_v5_names(tmp_path) -> None:
    args = training.training_args(
        CPU, tmp_path, learning_rate=2e-5, epochs=2, metric_for_best_model="f1"
    )
    assert args.eval_strategy == "epoch"
    assert args.load_best_model_at_end and args.metric_for_best_model == "f1"
    assert args.warmup_steps == pytest.approx(0.1)
    assert args.train_sampling_strategy == "group_by_length"
    assert not args.fp16 and not args.bf16
    assert args.report_to in ([], "none", ["none"])


def test_precision_follows_profile(tmp_path) -> None:
    gpu = Profile(name="full", device="cuda", precision="bf16")
    assert training.training_args(gpu, tmp_path, use_cpu=True).bf16 is True


def test_step_cap_bounds_every_run(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    profile = Profile(name="offline", device="cpu", precision="fp32")
    monkeypatch.delenv(training.MAX_STEPS_ENV, raising=False)
    assert training.training_args(profile, tmp_path).max_steps == -1
    monkeypatch.setenv(training.MAX_STEPS_ENV, "3")
    assert training.training_args(profile, tmp_path).max_steps == 3
    assert training.training_args(profile, tmp_path, max_steps=2).max_steps == 2
    assert training.training_args(profile, tmp_path, max_steps=50).max_steps == 3
    for bad in ("0", "two", "-1"):
        monkeypatch.setenv(training.MAX_STEPS_ENV, bad)
        with pytest.raises(ValueError, match="COURSE_MAX_STEPS"):
            training.training_args(profile, tmp_path)


def test_unknown_argument_names_the_version(tmp_path) -> None:
    with pytest.raises(TypeError, match=r"no \['evaluation_strategy'\]"):
        training.training_args(CPU, tmp_path, evaluation_strategy="epoch")


def _tiny_trainer(tiny_model, tmp_path, lr: float) -> Trainer:
    rows = [
        {"input_ids": [1, 5 + i % 7, 2], "attention_mask": [1, 1, 1], "labels": i % 2}
        for i in range(16)
    ]
    data = Dataset.from_list(rows)
    args = training.training_args(
        CPU, tmp_path / f"lr{lr}", learning_rate=lr, epochs=2, batch_size=8,
        metric_for_best_model="loss", greater_is_better=False, disable_tqdm=True,
    )  # fmt: skip
    return Trainer(
        model=tiny_model(vocab_size=50, num_labels=2),
        args=args,
        train_dataset=data,
        eval_dataset=data,
    )


def test_sweep_returns_every_run_and_the_best_trainer(tiny_model, tmp_path) -> None:
    results, best = training.sweep_learning_rates(
        lambda lr: _tiny_trainer(tiny_model, tmp_path, lr), [1e-2, 1e-6]
    )
    assert [r.learning_rate for r in results] == [1e-2, 1e-6]
    assert all(r.epochs_run == 2 and r.best_epoch in (1.0, 2.0) for r in results)
    # loss: lower is better, and the sweep must respect greater_is_better=False
    best_run = min(results, key=lambda r: r.best_metric)
    assert best.args.learning_rate == best_run.learning_rate
    with pytest.raises(ValueError, match="at least one"):
        training.sweep_learning_rates(lambda lr: _tiny_trainer(tiny_model, tmp_path, lr), [])


def test_learning_rate_schedule_warms_up_then_decays_to_zero(tmp_path) -> None:
    from course_lib.profiles import Profile
    from course_lib.training_settings import learning_rate_schedule, training_args

    args = training_args(
        Profile("offline", "cpu", "fp32"), tmp_path, learning_rate=5e-5, warmup=0.1
    )
    rates = learning_rate_schedule(args, 100)
    assert len(rates) == 100
    assert rates[0] == 0.0 and max(rates) == pytest.approx(5e-5)
    assert rates.index(max(rates)) == 10  # 10% of 100 steps of warmup
    assert all(a >= b for a, b in zip(rates[10:-1], rates[11:], strict=True))  # then it only decays
    assert rates[-1] < 1e-6
    with pytest.raises(ValueError, match=">= 1 step"):
        learning_rate_schedule(args, 0)
