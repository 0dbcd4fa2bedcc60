"""Lessons keep the Trainer's progress bars while their logs stay quiet.

``course_lib.lesson.quiet_logs()`` sets transformers' log level to ERROR, and transformers then
turns the Trainer's progress bars off by default (``disable_tqdm`` follows the log level). The
course's ``training_args`` keeps them on; datasets' small ``map`` bars stay off.
"""

from __future__ import annotations

from pathlib import Path

from course_lib import profiles, training_settings
from course_lib.lesson import quiet_logs


def test_quiet_logs_keep_the_trainer_progress_bars(tmp_path: Path) -> None:
    import datasets
    import transformers

    quiet_logs()
    assert transformers.logging.get_verbosity() == transformers.logging.ERROR
    assert not datasets.is_progress_bar_enabled()
    plain = transformers.TrainingArguments(output_dir=str(tmp_path / "plain"), report_to="none")
    assert plain.disable_tqdm, "what transformers does on its own at this log level"
    profile = profiles.get_profile("offline")
    args = training_settings.training_args(profile, tmp_path / "course")
    assert args.disable_tqdm is False
