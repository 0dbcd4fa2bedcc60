"""The first cell of every lesson: pick the profile, seed everything, quiet the logs, say where we run.

Taught in: lessons/01_binary_sentiment.ipynb (setup cell, reproducibility).
"""

from __future__ import annotations

import logging
import os
import warnings

from course_lib.datasets import TaskData, load_task
from course_lib.profiles import Profile, get_profile

DEFAULT_SEED = 42


def seed_everything(seed: int = DEFAULT_SEED) -> None:
    """Seed Python, NumPy and torch (CPU and GPU) so two runs print the same numbers."""
    from transformers import set_seed

    os.environ.setdefault("PYTHONHASHSEED", str(seed))
    set_seed(seed)


def quiet_logs() -> None:
    """Keep notebook output readable: errors only from transformers/datasets, no noisy warnings."""
    import datasets
    import transformers

    transformers.logging.set_verbosity_error()
    datasets.logging.set_verbosity_error()
    datasets.disable_progress_bars()  # small maps; Trainer keeps its own progress bar
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    logging.getLogger("torch").setLevel(logging.ERROR)
    for noisy in (".*pin_memory.*", ".*TypedStorage.*", ".*not find a.*git.*"):
        warnings.filterwarnings("ignore", message=noisy)


def show_figures_inline() -> None:
    """Make notebooks render the ``Figure`` objects that ``course_lib.plots`` returns.

    Runs ``%matplotlib inline`` when inside IPython (it registers how figures are displayed);
    elsewhere it does nothing.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing to display into
        return
    shell = get_ipython()
    if shell is not None and "IPKernelApp" in getattr(shell, "config", {}):
        shell.run_line_magic("matplotlib", "inline")


def banner(profile: Profile, data: TaskData) -> str:
    """One line: profile, device and precision, checkpoint, dataset and split sizes."""
    sizes = " / ".join(f"{split} {n}" for split, n in data.sizes().items())
    return (
        f"[course] profile={profile.name} | device={profile.device} ({profile.precision}) | "
        f"checkpoint={profile.checkpoint_label(data.name)} | data={data.name}: {sizes}"
    )


def start_lesson(
    task: str,  # which dataset the lesson uses, e.g. "sentiment"
    seed: int = DEFAULT_SEED,
    profile: str | None = None,  # override COURSE_PROFILE ("full" | "offline" | "auto")
) -> tuple[Profile, TaskData]:
    """Seed, quiet logs, resolve the profile, load the task's data and print the banner."""
    quiet_logs()
    show_figures_inline()
    seed_everything(seed)
    chosen = get_profile(profile)
    data = load_task(task, chosen)
    print(banner(chosen, data))
    return chosen, data


def runs_dir(name: str) -> str:
    """Where a lesson writes checkpoints: ``$COURSE_RUNS_DIR/<name>`` (default ``runs/<name>``)."""
    return os.path.join(os.environ.get("COURSE_RUNS_DIR", "runs"), name)
