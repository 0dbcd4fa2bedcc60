"""The README's two quickstart commands are real, and CI runs exactly the README's test command."""

from __future__ import annotations

import os
import re
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quickstart_commands() -> list[str]:
    section = README.split("## Quickstart", 1)[1]
    block = re.search(r"```(?:bash|sh)?\n(.*?)```", section, re.DOTALL)
    assert block, "the Quickstart section needs a code block"
    lines = [ln.split("#", 1)[0].strip() for ln in block.group(1).splitlines()]
    return [ln for ln in lines if ln]


def test_quickstart_has_exactly_two_commands() -> None:
    assert quickstart_commands() == ["make lab", "make test"]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [ln.strip() for ln in ci.splitlines() if ln.strip() and not ln.startswith("#")]
    assert quickstart_commands()[1] in commands
    assert (ROOT / ".ci" / "run").stat().st_mode & 0o111, ".ci/run must be executable"


def test_make_targets_install_then_run_everything() -> None:
    dry = subprocess.run(
        ["make", "-n", "-B", "test"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert 'pip install -q -e ".[offline,dev]"' in dry
    assert re.search(r"pytest tests lessons .*--nbval-lax", dry)
    lab = subprocess.run(
        ["make", "-n", "-B", "lab"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "jupyter lab --no-browser" in lab and "--LabApp.default_url=/lab/tree/lessons" in lab
    assert ("--allow-root" in lab) == (os.geteuid() == 0), "Jupyter refuses root without it"


def test_offline_path_pins_the_cpu_torch_and_colab_path_leaves_torch_alone() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not any(dep.startswith("torch") for dep in project["dependencies"])
    assert "torch==2.13.0" in project["optional-dependencies"]["offline"]
    env = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "torch==2.13.0" in env and ".[offline,dev]" in env


def test_readme_links_every_lesson_with_a_colab_badge() -> None:
    for notebook in sorted((ROOT / "lessons").glob("*.ipynb")):
        assert f"blob/main/lessons/{notebook.name}" in README, notebook.name
