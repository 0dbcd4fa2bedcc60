"""Lesson notebooks follow the course's conventions (they are *executed* by nbval, see Makefile)."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
# The lessons every checkout must have, in order.
CORE_LESSONS = [
    "01_binary_sentiment",
    "02_multiclass_imbalance",
    "03_multilabel_moderation",
    "04_ner_token_classification",
    "05_sentence_pairs",
    "06_evaluation_error_analysis",
    "07_efficient_finetuning",
]
LESSONS = sorted(p.stem for p in (ROOT / "lessons").glob("*.ipynb"))
CHECK_MARKER = "# NBVAL_CHECK_OUTPUT"
MAX_OUTPUT_BYTES = 20_000


def read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "lessons" / f"{name}.ipynb", as_version=4)


def code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if c.cell_type == "code"]


def test_lessons_are_the_ordered_course() -> None:
    assert LESSONS[: len(CORE_LESSONS)] == CORE_LESSONS
    numbers = [int(name[:2]) for name in LESSONS]
    assert numbers == list(range(1, len(LESSONS) + 1)), "lessons are numbered 01, 02, ... in order"


@pytest.mark.parametrize("name", LESSONS)
def test_notebook_is_valid_and_opens_with_the_shared_setup(name: str) -> None:
    nb = read(name)
    nbformat.validate(nb)
    setup = code_cells(read(LESSONS[0]))[0].source
    assert code_cells(nb)[0].source == setup, "the setup cell must be identical in every lesson"
    assert "cl.start_lesson(" in code_cells(nb)[1].source, "second code cell prints the banner"


@pytest.mark.parametrize("name", LESSONS)
def test_header_has_colab_badge_and_learning_goals(name: str) -> None:
    first = read(name).cells[0]
    assert first.cell_type == "markdown"
    assert f"blob/main/lessons/{name}.ipynb" in first.source
    assert "What you will learn" in first.source


@pytest.mark.parametrize("name", LESSONS)
def test_only_checked_cells_keep_outputs(name: str) -> None:
    for cell in code_cells(read(name)):
        checked = cell.source.lstrip().startswith(CHECK_MARKER)
        if not checked:
            assert cell.outputs == [], f"unchecked cell keeps outputs:\n{cell.source[:120]}"
            assert cell.execution_count is None
        elif cell.outputs:  # nbval fails a cell with outputs but no count as "unrun"
            assert cell.execution_count is not None, "refresh the notebook (notebook_tools.py)"
        size = len(json.dumps(cell.outputs))
        assert size < MAX_OUTPUT_BYTES, f"{size} bytes of output in:\n{cell.source[:120]}"
        for output in cell.outputs:
            assert output.get("name") != "stderr", "checked cells must not capture stderr"


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_has_checked_cells_a_plot_and_a_summary(name: str) -> None:
    nb = read(name)
    sources = [c.source for c in code_cells(nb)]
    assert any(s.lstrip().startswith(CHECK_MARKER) for s in sources)
    assert any("cl.plots." in s for s in sources), "every lesson draws at least one plot"
    assert "Summary" in nb.cells[-1].source or "summary" in nb.cells[-1].source.lower()
