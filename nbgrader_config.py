"""nbgrader configuration of the course (nbgrader 0.9.x).

The course directory is the folder that holds this file, wherever the repository is checked out:
no absolute path is written here. Run every ``nbgrader`` command from this folder, or use the
wrapper ``python -m instructor ...`` (see instructor/README.md).

Layout (relative to this folder):
    solutions/<assignment>/<assignment>.ipynb    instructor sources (nbgrader "source")
    exercises/<assignment>/<assignment>.ipynb    generated student versions, committed
    submitted/<student>/<assignment>/            collected submissions          (git-ignored)
    autograded/<student>/<assignment>/           executed, graded copies        (git-ignored)
    feedback/<student>/<assignment>/             HTML feedback                  (git-ignored)
    gradebook.db                                 SQLite gradebook               (git-ignored)

Environment: ``COURSE_DB_URL`` (optional) replaces the SQLite gradebook by any SQLAlchemy URL.
Two environment variables are set here (only when unset) so that grading kernels started by
nbgrader can find the course: ``COURSE_ROOT`` (read by the challenge's hidden tests to locate
instructor/challenge/) and ``PYTHONPATH`` (so ``import course_lib`` works from a checkout
even when the package is not pip-installed). ``HF_HUB_OFFLINE=1`` keeps grading off the network.
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (injected by traitlets when it runs this file)

COURSE_DIR = Path(__file__).resolve().parent
# Parallel grading runs nbgrader in throw-away copies of the course; COURSE_ROOT then still
# points at the real checkout (course_lib/, instructor/challenge/).
COURSE_ROOT = Path(os.environ.setdefault("COURSE_ROOT", str(COURSE_DIR)))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
_paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
if str(COURSE_ROOT) not in _paths:
    os.environ["PYTHONPATH"] = os.pathsep.join([str(COURSE_ROOT), *_paths])
if str(COURSE_ROOT) not in sys.path:
    sys.path.insert(0, str(COURSE_ROOT))

# --- course directory -------------------------------------------------------------------------
c.CourseDirectory.root = str(COURSE_DIR)
c.CourseDirectory.course_id = "encoder-finetuning"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
# SQLite file next to this config by default. For many graders, point COURSE_DB_URL at a shared
# PostgreSQL gradebook (see instructor/README.md), e.g.
#   export COURSE_DB_URL=postgresql+psycopg://grader@db-host/encoder_course
c.CourseDirectory.db_url = (
    os.environ.get("COURSE_DB_URL") or f"sqlite:///{COURSE_DIR / 'gradebook.db'}"
)

# --- student versions -------------------------------------------------------------------------
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE\n"
    'raise NotImplementedError("Not attempted yet: replace this line with your solution.")'
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# --- autograding ------------------------------------------------------------------------------
# One cell may fine-tune MiniLM for a few epochs on 2 CPU cores: 180 s per cell. A cell that runs
# longer is interrupted, recorded as CellTimeoutError (its tests then score 0) and grading goes on.
c.Execute.timeout = 180
c.Execute.startup_timeout = 120
c.Execute.interrupt_on_timeout = True
c.Execute.raise_on_iopub_timeout = True
c.Execute.execute_retries = 0
# Locked test cells that a student deleted are put back from the gradebook before execution.
c.OverwriteCells.add_missing_cells = True
# Keep autograded notebooks and feedback readable when a submission prints without end.
c.LimitOutput.max_lines = 1000
c.LimitOutput.max_traceback = 100

try:
    from instructor.nbgrader_ext import LimitOutputSize
except ImportError:  # the instructor package is not next to this config: keep nbgrader's defaults
    pass
else:
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        CheckCellMetadata,
        Execute,
        IgnorePattern,
        LimitOutput,
        SaveAutoGrades,
    )

    c.Autograde.autograde_preprocessors = [
        Execute,
        IgnorePattern,
        ClearMetadataPreprocessor,
        LimitOutput,
        LimitOutputSize,
        SaveAutoGrades,
        AssignLatePenalties,
        CheckCellMetadata,
    ]
    c.LimitOutputSize.max_chars = 100_000

# A library warning printed to stderr inside a test cell would otherwise cost the points.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"(FutureWarning|UserWarning|DeprecationWarning|RuntimeWarning)"
