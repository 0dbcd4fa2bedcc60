"""nbgrader extensions used by nbgrader_config.py.

``LimitOutputSize`` complements nbgrader's ``LimitOutput`` (which counts lines only): one line of
a hundred megabytes, or a huge image, is cut down before the autograded notebook and the
feedback HTML are written. It runs after execution, so it never changes a score.
"""

from __future__ import annotations

from typing import Any

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer

TRUNCATED = "\n... Output truncated by the grader (more than {limit} characters) ..."
DROPPED = "[output of {size} characters removed by the grader]"


class LimitOutputSize(NbGraderPreprocessor):
    """Cap the number of characters that each output of a code cell keeps."""

    max_chars = Integer(100_000, help="Characters one output may keep (-1 means no limit)").tag(
        config=True
    )

    def _limit_output(self, output: NotebookNode) -> NotebookNode:
        limit = self.max_chars
        if output.output_type == "stream":
            text = output.get("text", "")
            if len(text) > limit:
                output.text = text[:limit] + TRUNCATED.format(limit=limit)
        elif output.output_type in ("display_data", "execute_result"):
            data: dict[str, Any] = output.get("data", {})
            for mime in list(data):
                value = data[mime]
                size = len(value) if isinstance(value, str) else len(str(value))
                if size > limit:
                    if mime == "text/plain":
                        data[mime] = str(value)[:limit] + TRUNCATED.format(limit=limit)
                    else:
                        del data[mime]
                        data.setdefault("text/plain", DROPPED.format(size=size))
        return output

    def preprocess_cell(
        self, cell: NotebookNode, resources: ResourcesDict, cell_index: int
    ) -> tuple[NotebookNode, ResourcesDict]:
        """Shorten the outputs of one cell."""
        if self.max_chars >= 0 and cell.cell_type == "code":
            cell.outputs = [self._limit_output(output) for output in cell.outputs]
        return cell, resources
