"""Maintainer tools for the lesson notebooks.

    python scripts/notebook_tools.py build DRAFT.py lessons/NN_name.ipynb   # jupytext draft -> notebook
    python scripts/notebook_tools.py refresh lessons/NN_name.ipynb          # execute, keep checked outputs
    python scripts/notebook_tools.py strip lessons/*.ipynb                  # drop unchecked outputs
    python scripts/notebook_tools.py set-repo https://github.com/you/fork   # a fork's URL everywhere

Committed notebooks keep outputs only in cells marked ``# NBVAL_CHECK_OUTPUT``: nbval compares those
with a fresh run, and everything else (progress bars, timings, plots) would only bloat git.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat

CHECK_MARKER = "# NBVAL_CHECK_OUTPUT"
KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
ROOT = Path(__file__).resolve().parents[1]
# Files that name the repository: pyproject.toml's [project.urls] Repository is the reference, the
# lessons' setup cells and Colab badges and the README's badges and install line are copies.
REPO_FILES = ("pyproject.toml", "README.md", "lessons/*.ipynb")
GITHUB_URL = re.compile(r"^https://github\.com/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?)(?:\.git)?/?$")


def is_checked(cell: nbformat.NotebookNode) -> bool:
    return cell.cell_type == "code" and cell.source.lstrip().startswith(CHECK_MARKER)


def strip(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove outputs and execution counts except in checked cells; normalise metadata.

    Checked cells keep an execution count (their position among the code cells): nbval treats a
    cell with outputs but no execution count as "unrun" and fails it.
    """
    code_number = 0
    for cell in nb.cells:
        cell.metadata = {k: v for k, v in cell.metadata.items() if k in ("tags",)}
        if cell.cell_type != "code":
            continue
        code_number += 1
        cell.execution_count = code_number if is_checked(cell) else None
        if not is_checked(cell):
            cell.outputs = []
        for output in cell.outputs:
            output.pop("execution_count", None)
            if "execution_count" in output:
                output["execution_count"] = None
    nb.metadata = {"kernelspec": KERNEL, "language_info": {"name": "python"}}
    return nb


def build(draft: Path, target: Path) -> None:
    import jupytext

    nb = jupytext.read(draft)
    nbformat.write(strip(nb), target)
    subprocess.run([sys.executable, "-m", "ruff", "format", "-q", str(target)], check=True)


def refresh(path: Path, timeout: int = 900) -> None:
    from nbclient import NotebookClient

    os.environ.setdefault("COURSE_PROFILE", "offline")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": "lessons"}}
    ).execute()
    nbformat.write(strip(nb), path)


def course_repo(root: Path = ROOT) -> str:
    """The repository URL of ``[project.urls] Repository`` in pyproject.toml."""
    with (root / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]["urls"]["Repository"]


def set_repo(url: str, root: Path = ROOT) -> list[Path]:
    """Point every copy of the repository URL (setup cells, badges, README) at ``url``.

    Returns the files that changed. Raises ValueError for anything but a GitHub repository URL
    (Colab opens notebooks from GitHub).
    """
    match = GITHUB_URL.match(url.strip())
    if match is None:
        raise ValueError(f"{url!r} is not a GitHub repository URL like https://github.com/you/fork")
    old_slug = GITHUB_URL.match(course_repo(root)).group(1)
    new_slug = match.group(1)
    changed = []
    for pattern in REPO_FILES:
        for path in sorted(root.glob(pattern)):
            text = path.read_text(encoding="utf-8")
            new = text.replace(f"github.com/{old_slug}", f"github.com/{new_slug}").replace(
                f"/github/{old_slug}/", f"/github/{new_slug}/"
            )
            if new != text:
                path.write_text(new, encoding="utf-8")
                changed.append(path)
    return changed


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("draft", type=Path)
    b.add_argument("target", type=Path)
    r = sub.add_parser("refresh")
    r.add_argument("notebooks", type=Path, nargs="+")
    s = sub.add_parser("strip")
    s.add_argument("notebooks", type=Path, nargs="+")
    repo = sub.add_parser("set-repo", help="use a fork's GitHub URL in setup cells and badges")
    repo.add_argument("url")
    args = parser.parse_args(argv)
    if args.command == "build":
        build(args.draft, args.target)
    if args.command == "set-repo":
        try:
            changed = set_repo(args.url)
        except ValueError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
        print("\n".join(f"set-repo: {p.relative_to(ROOT)}" for p in changed) or "nothing to change")
    for path in getattr(args, "notebooks", []):
        if args.command == "refresh":
            refresh(path)
        else:
            nbformat.write(strip(nbformat.read(path, as_version=4)), path)
        print(f"{args.command}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
