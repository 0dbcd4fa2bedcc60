"""Instructor tools for the course's nbgrader exercises.

Run ``python -m instructor --help`` from the repository root; instructor/README.md walks through
the workflow (release, collect, autograde, feedback, export).
"""

from __future__ import annotations
