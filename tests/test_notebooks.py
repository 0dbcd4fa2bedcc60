"""Lesson notebooks follow the course's conventions (they are *executed* by nbval, see Makefile)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import notebook_tools  # noqa: E402  (maintainer script, not a package)

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
    "08_parameter_efficient_multitask",
    "09_appendix_plain_pytorch_loop",
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
def test_committed_outputs_come_from_the_committed_source(name: str) -> None:
    """Lessons carry the outputs of one offline run of their code (scripts/notebook_tools.py)."""
    nb = read(name)
    refresh = f"run `make outputs` (or notebook_tools.py refresh lessons/{name}.ipynb)"
    recorded = nb.metadata.get("course", {})
    assert recorded.get("profile") == "offline", f"no committed run: {refresh}"
    assert recorded.get("outputs_from") == notebook_tools.source_digest(nb), (
        f"the code changed since its outputs were made: {refresh}"
    )
    cells = code_cells(nb)
    assert [c.execution_count for c in cells] == list(range(1, len(cells) + 1)), refresh
    with_output = sum(bool(c.outputs) for c in cells)
    assert with_output >= 0.6 * len(cells), f"only {with_output} of {len(cells)} cells show output"
    figures = [
        o["data"]["image/png"] for c in cells for o in c.outputs if "image/png" in o.get("data", {})
    ]
    assert figures, "the plots are committed as PNG"
    for png in figures:
        assert len(png) < notebook_tools.MAX_IMAGE_BYTES, f"a {len(png)}-byte figure: shrink it"
    for cell in cells:
        for output in cell.outputs:
            assert notebook_tools.WIDGET not in output.get("data", {}), "live widgets render blank"
        size = len(json.dumps(cell.outputs))
        limit = MAX_OUTPUT_BYTES if cell.source.lstrip().startswith(CHECK_MARKER) else 200_000
        assert size < limit, f"{size} bytes of output in:\n{cell.source[:120]}"
        if cell.source.lstrip().startswith(CHECK_MARKER):
            for output in cell.outputs:
                assert output.get("name") != "stderr", "checked cells must not capture stderr"


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_has_checked_cells_a_plot_and_a_summary(name: str) -> None:
    nb = read(name)
    sources = [c.source for c in code_cells(nb)]
    assert any(s.lstrip().startswith(CHECK_MARKER) for s in sources)
    assert any("cl.plots." in s for s in sources), "every lesson draws at least one plot"
    assert "Summary" in nb.cells[-1].source or "summary" in nb.cells[-1].source.lower()
