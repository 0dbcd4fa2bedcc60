"""``python -m instructor``: see instructor/README.md."""

from instructor.cli import main

raise SystemExit(main())
