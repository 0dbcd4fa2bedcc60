"""``python -m course_lib.train``: the command learners type (the command line is course_lib.cli)."""

import sys

from course_lib.cli import main

if __name__ == "__main__":
    sys.exit(main())
