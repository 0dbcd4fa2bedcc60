"""course_lib: the helper package of the encoder fine-tuning course.

Notebooks import this one package (``import course_lib as cl``); every public helper's docstring
names the lesson that teaches it.
"""

from __future__ import annotations

__version__ = "0.1.0"
