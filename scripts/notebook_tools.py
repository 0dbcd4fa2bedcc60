"""Maintainer tools for the lesson notebooks.

    python scripts/notebook_tools.py build DRAFT.py lessons/NN_name.ipynb   # jupytext draft -> notebook
    python scripts/notebook_tools.py refresh lessons/*.ipynb --jobs 2       # one offline run, outputs kept
    python scripts/notebook_tools.py strip lessons/*.ipynb                  # drop unchecked outputs
    python scripts/notebook_tools.py set-repo https://github.com/you/fork   # a fork's URL everywhere

Lessons are committed with the outputs of one offline run of their committed source (``make
outputs``), so that a reader on GitHub or Colab sees every table and figure before running
anything. The notebook's metadata records a digest of the code it ran (``course.outputs_from``);
a test fails when the code changed without a refresh. Cells marked ``# NBVAL_CHECK_OUTPUT`` are
also compared with a fresh run by nbval; the others (timings, training logs) are not.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import nbformat

CHECK_MARKER = "# NBVAL_CHECK_OUTPUT"
KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
ROOT = Path(__file__).resolve().parents[1]
# Files that name the repository: pyproject.toml's [project.urls] Repository is the reference, the
# lessons' setup cells and Colab badges and the README's badges and install line are copies.
REPO_FILES = ("pyproject.toml", "README.md", "lessons/*.ipynb")
GITHUB_URL = re.compile(r"^https://github\.com/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?)(?:\.git)?/?$")


WIDGET = "application/vnd.jupyter.widget-view+json"  # live progress bars: blank once saved
MAX_IMAGE_BYTES = 100_000  # a committed PNG figure (base64) stays under this


def source_digest(nb: nbformat.NotebookNode) -> str:
    """SHA-256 of the code cells' sources: what a notebook's committed outputs come from."""
    digest = hashlib.sha256()
    for cell in nb.cells:
        if cell.cell_type == "code":
            digest.update(cell.source.encode("utf-8") + b"\0")
    return digest.hexdigest()


def small_png(encoded: str) -> str:
    """A base64 PNG figure re-encoded with a 256-colour palette: a third of the size or less, and
    no visible change for line and bar plots. Already small images are kept as they are."""
    import base64
    import io

    from PIL import Image

    raw = base64.b64decode(encoded)
    if len(encoded) < MAX_IMAGE_BYTES // 2:
        return encoded
    image = Image.open(io.BytesIO(raw)).convert("RGBA")
    flat = Image.new("RGB", image.size, "white")
    flat.paste(image, mask=image.getchannel("A"))  # figures are drawn on white anyway
    out = io.BytesIO()
    flat.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(out, "PNG", optimize=True)
    smaller = base64.b64encode(out.getvalue()).decode("ascii")
    return smaller if len(smaller) < len(encoded) else encoded


def numbered_code_cells(nb: nbformat.NotebookNode) -> Iterator[tuple[int, nbformat.NotebookNode]]:
    """``(1, cell), (2, cell), ...`` over the code cells; every cell's metadata but its tags
    (execution timings, collapsed state) is dropped on the way."""
    code_number = 0
    for cell in nb.cells:
        cell.metadata = {k: v for k, v in cell.metadata.items() if k in ("tags",)}
        if cell.cell_type == "code":
            code_number += 1
            yield code_number, cell


def keep_outputs(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """An executed notebook, ready to commit: outputs kept except live widgets, cell metadata
    (timings) dropped, execution counts in order, and the digest of the code that ran recorded."""
    for code_number, cell in numbered_code_cells(nb):
        cell.execution_count = code_number
        cell.outputs = [o for o in cell.outputs if WIDGET not in o.get("data", {})]
        for output in cell.outputs:
            if output.output_type == "execute_result":
                output["execution_count"] = code_number
            if "image/png" in output.get("data", {}):
                output["data"]["image/png"] = small_png(output["data"]["image/png"])
    nb.metadata = {
        "kernelspec": KERNEL,
        "language_info": {"name": "python"},
        "course": {"outputs_from": source_digest(nb), "profile": "offline"},
    }
    return nb


def is_checked(cell: nbformat.NotebookNode) -> bool:
    return cell.cell_type == "code" and cell.source.lstrip().startswith(CHECK_MARKER)


def strip(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove outputs and execution counts except in checked cells; normalise metadata.

    Checked cells keep an execution count (their position among the code cells): nbval treats a
    cell with outputs but no execution count as "unrun" and fails it.
    """
    for code_number, cell in numbered_code_cells(nb):
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
    """Execute ``path`` once in the offline profile and save it with its outputs."""
    from nbclient import NotebookClient

    env = {**os.environ, "COURSE_PROFILE": "offline", "HF_HUB_OFFLINE": "1"}
    for name in ("COURSE_HUB_MIRROR", "COURSE_MAX_STEPS"):  # a real offline run, nothing capped
        env.pop(name, None)
    env.setdefault("OMP_NUM_THREADS", "1")
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": "lessons"}}
    ).execute(env=env)
    nbformat.write(keep_outputs(nb), path)


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
    r.add_argument("--jobs", type=int, default=1, help="notebooks run at once (one core each)")
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
    if args.command == "refresh":
        from concurrent.futures import ThreadPoolExecutor  # each run is its own kernel process

        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            for path, _ in zip(args.notebooks, pool.map(refresh, args.notebooks), strict=True):
                print(f"refresh: {path}", flush=True)
    elif args.command == "strip":
        for path in args.notebooks:
            nbformat.write(strip(nbformat.read(path, as_version=4)), path)
            print(f"strip: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
