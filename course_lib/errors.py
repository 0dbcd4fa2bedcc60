"""The course's one error hierarchy, shared by course_lib and the instructor tools.

Every error names what went wrong and what to do about it, so a learner never has to read a
stack trace from deep inside transformers; ``except CourseError`` catches all of them.
"""

from __future__ import annotations


class CourseError(Exception):
    """Base class for every error course_lib raises on purpose."""


class CourseSetupError(CourseError, RuntimeError):
    """The environment is not ready: wrong profile, missing package, unreachable hub."""


class DataValidationError(CourseError, ValueError):
    """A dataset, label map or tokenized batch breaks an assumption of the task."""


class InstructorError(CourseError, RuntimeError):
    """A problem the instructor has to fix: wrong folder, unknown assignment, gradebook..."""
