"""course_lib.cli (``python -m course_lib.train``): arguments in-process, one run in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from course_lib import cli

REPO = Path(__file__).resolve().parents[1]


def test_parser_defaults_and_help() -> None:
    args = cli.build_parser().parse_args(["--task", "sentiment", "--output-dir", "x"])
    assert args.batch_size == 16 and args.max_length == "auto" and args.precision == "auto"
    assert args.learning_rate is None and not args.auto_recipe
    help_text = cli.build_parser().format_help()
    assert "torchrun" in help_text and "accelerate launch" in help_text


def test_default_learning_rate_scales_with_the_global_batch() -> None:
    assert cli.default_learning_rate(16, 1, 1) == pytest.approx(3e-5)
    assert cli.default_learning_rate(16, 1, 4) == pytest.approx(6e-5)  # 4 GPUs: batch 64
    assert cli.default_learning_rate(8, 2, 1) == pytest.approx(3e-5)


def test_world_size_reads_the_launcher_environment(monkeypatch) -> None:
    monkeypatch.delenv("WORLD_SIZE", raising=False)
    assert cli.world_size() == 1
    monkeypatch.setenv("WORLD_SIZE", "4")
    assert cli.world_size() == 4


def test_auto_recipe_is_refused_under_a_launcher(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("WORLD_SIZE", "2")
    args = cli.build_parser().parse_args(
        ["--task", "sentiment", "--output-dir", str(tmp_path), "--auto-recipe"]
    )
    with pytest.raises(SystemExit, match="one device"):
        cli.run(args)


def test_token_tasks_get_a_clear_error(tmp_path, capsys) -> None:
    code = cli.main(["--task", "ner", "--profile", "offline", "--output-dir", str(tmp_path)])
    assert code == 2
    assert "token classification" in capsys.readouterr().err


def test_script_trains_and_saves_single_process(tmp_path) -> None:
    env = {**os.environ, "COURSE_PROFILE": "offline", "HF_HUB_OFFLINE": "1",
           "OMP_WAIT_POLICY": "PASSIVE", "TOKENIZERS_PARALLELISM": "false"}  # fmt: skip
    env.pop("WORLD_SIZE", None)
    out = tmp_path / "run"
    command = [sys.executable, "-m", "course_lib.train", "--task", "sentiment", "--epochs", "1",
               "--output-dir", str(out), "--profile", "offline", "--max-train-rows", "32",
               "--max-eval-rows", "32", "--quiet"]  # fmt: skip
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads((out / "metrics.json").read_text())
    assert summary["train_rows"] == 32 and summary["processes"] == 1
    assert summary["global_batch_size"] == 16 and summary["group_by_length"] is True
    assert summary["max_length"] % 8 == 0
    assert 0.0 <= summary["validation"]["f1"] <= 1.0
    assert (out / "final" / "config.json").is_file()
    assert (out / "final" / "tokenizer.json").is_file()
    config = json.loads((out / "final" / "config.json").read_text())
    assert config["id2label"] == {"0": "negative", "1": "positive"}
    last_line = done.stdout.strip().splitlines()[-1]
    assert json.loads(last_line)["saved"].endswith("final")


@pytest.mark.parametrize(
    ("task", "dtype", "pair"),
    [("moderation", "float32", False), ("sts", "float32", True), ("intents", "int64", False)],
)
def test_prepare_data_tokenizes_and_casts_labels(task: str, dtype: str, pair: bool) -> None:
    from course_lib.datasets import load_task
    from course_lib.models import load_tokenizer, offline_checkpoint
    from course_lib.profiles import get_profile

    tokenizer = load_tokenizer(offline_checkpoint())
    data = load_task(task, get_profile("offline"))
    train_split, validation, length = cli.prepare_data(data, tokenizer, "auto", 8, 4, seed=0)
    assert len(train_split) == 8 and len(validation) == 4 and length % 8 == 0
    feature = train_split.features["labels"]
    assert getattr(feature, "feature", feature).dtype == dtype
    assert max(len(ids) for ids in train_split["input_ids"]) <= length
    sep = tokenizer.sep_token_id
    assert (train_split[0]["input_ids"].count(sep) == 2) is pair
