"""Where the full profile's checkpoints and datasets come from: the Hugging Face Hub or a mirror.

Every hub repository the course uses is pinned to one revision in ``data/hub_manifest.json``,
together with the facts the course relies on (files, configs, splits, features) and where they
were read. Two ways to get a repo:

* **the Hub** (default): ``datasets.load_dataset(repo, revision=<pin>)`` and
  ``huggingface_hub.snapshot_download(repo, revision=<pin>)`` for checkpoints;
* **a mirror**: with ``COURSE_HUB_MIRROR=DIR`` every repo is read from ``DIR`` and nothing goes to
  the network. ``DIR/datasets/<repo_id>/`` and ``DIR/<model repo_id>/`` hold each repo's files as
  ``hf download <repo_id> [--repo-type dataset] --revision <pin> --local-dir <folder>`` writes
  them (``python -m course_lib.hub_mirror fill DIR`` does that for every pinned repo). The revision a folder
  holds is read from the download metadata ``hf download`` keeps in ``.cache/huggingface/``.
  A mirror serves air-gapped clusters and exam rooms; the course's tests use a synthetic one
  (``python -m course_lib.hub_mirror rehearsal DIR``).

Lessons never call this module directly: ``Profile.checkpoint`` and ``datasets.load_task`` do.
Taught in: no lesson (README "Profiles: full and offline" and "A hub mirror").
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from course_lib.errors import CourseSetupError

MIRROR_ENV = "COURSE_HUB_MIRROR"
MANIFEST_PATH = Path(__file__).resolve().parent / "data" / "hub_manifest.json"
RepoKind = Literal["dataset", "model"]
# Checkpoint files a lesson needs (the repos also hold TF, Flax, Rust and ONNX weights: skipped).
MODEL_FILES = (
    "config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "vocab.txt",
    "vocab.json",
    "merges.txt",
    "model.safetensors",
)
OFFLINE_FIX = "run with COURSE_PROFILE=offline"


@dataclass(frozen=True)
class HubRepo:
    """One pinned hub repository of the manifest.

    Attributes:
        repo_id: e.g. ``"stanfordnlp/sst2"`` or ``"distilbert/distilbert-base-uncased"``.
        kind: ``"dataset"`` or ``"model"``.
        revision: the 40-hex commit the course pins.
        facts: the manifest entry (configs, splits, features, files, sources).
    """

    repo_id: str
    kind: RepoKind
    revision: str
    facts: dict[str, Any]

    @property
    def script_only(self) -> bool:
        """True for a repo that holds a loading script and no data files (datasets >= 4 refuses it)."""
        return bool(self.facts.get("script_only"))

    def mirror_folder(self, mirror: Path) -> Path:
        """Where this repo lives inside a mirror (``datasets/<id>`` or ``<id>``)."""
        return (
            mirror / "datasets" / self.repo_id if self.kind == "dataset" else mirror / self.repo_id
        )


@functools.lru_cache(maxsize=1)
def manifest() -> dict[str, Any]:
    """The parsed ``data/hub_manifest.json``: ``{"datasets": {...}, "models": {...}}``."""
    return json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))


def pinned_repos(kind: RepoKind | None = None) -> list[HubRepo]:
    """Every repo of the manifest (or only the datasets / models), in manifest order."""
    kinds: tuple[RepoKind, ...] = (kind,) if kind else ("dataset", "model")
    return [
        HubRepo(repo_id, k, facts["revision"], facts)
        for k in kinds
        for repo_id, facts in manifest()[f"{k}s"].items()
    ]


def pinned(repo_id: str, kind: RepoKind) -> HubRepo:
    """The manifest entry of ``repo_id``; ValueError names the pinned repos when it is unknown."""
    entries = manifest()[f"{kind}s"]
    if repo_id not in entries:
        raise ValueError(
            f"{repo_id!r} is not a pinned {kind} repo of the course; pinned: {sorted(entries)}. "
            f"Add it to {MANIFEST_PATH.name} with its revision and the facts the code relies on."
        )
    return HubRepo(repo_id, kind, entries[repo_id]["revision"], entries[repo_id])


def mirror_dir() -> Path | None:
    """The mirror folder of ``COURSE_HUB_MIRROR``, or None when the hub itself is used."""
    raw = os.environ.get(MIRROR_ENV, "").strip()
    if not raw:
        return None
    path = Path(raw).expanduser()
    if not path.is_dir():
        raise CourseSetupError(
            f"{MIRROR_ENV}={raw!r} is not a folder. Fill a mirror there with "
            f"`python -m course_lib.hub_mirror fill {raw}` on a machine with internet, "
            f"unset {MIRROR_ENV} to use the hub, or {OFFLINE_FIX}."
        )
    return path


def mirrored_revision(folder: Path) -> str | None:
    """The commit a mirrored repo folder holds, from the metadata ``hf download`` writes.

    ``hf download --local-dir`` keeps ``.cache/huggingface/download/<file>.metadata`` per file;
    its first line is the commit hash. Returns None when the folder has no such metadata, and
    raises when its files come from different commits.
    """
    meta_dir = folder / ".cache" / "huggingface" / "download"
    commits = {
        path.read_text(encoding="utf-8").split("\n", 1)[0].strip()
        for path in meta_dir.rglob("*.metadata")
    }
    if len(commits) > 1:
        raise CourseSetupError(
            f"The mirror folder {folder} mixes files of {len(commits)} revisions. Delete it and "
            f"download it again with `python -m course_lib.hub_mirror fill`."
        )
    return commits.pop() if commits else None


def _fill_hint(repo: HubRepo, mirror: Path) -> str:
    return (
        f"fill it with `python -m course_lib.hub_mirror fill {mirror} --only {repo.repo_id}` on a "
        f"machine with internet, or {OFFLINE_FIX}"
    )


def _script_only_error(repo: HubRepo) -> CourseSetupError:
    return CourseSetupError(
        f"The dataset {repo.repo_id!r} at revision {repo.revision[:12]} is a loading-script "
        f"repository (no data files), which datasets >= 4 refuses to run. Use a script-free copy "
        f"(the course's loaders do), or {OFFLINE_FIX}."
    )


def checked_mirror_folder(repo: HubRepo) -> Path:
    """The checked mirror folder of ``repo``: present, at the pinned revision, not script-only."""
    mirror = mirror_dir()
    if mirror is None:
        raise CourseSetupError(f"{MIRROR_ENV} is not set, so there is no mirror to read from.")
    folder = repo.mirror_folder(mirror)
    if not folder.is_dir() or not any(p.name != ".cache" for p in folder.iterdir()):
        raise CourseSetupError(
            f"The hub mirror {mirror} has no copy of the {repo.kind} {repo.repo_id!r} "
            f"(expected {folder}): {_fill_hint(repo, mirror)}."
        )
    held = mirrored_revision(folder)
    if held is None:
        raise CourseSetupError(
            f"The mirror copy {folder} has no download metadata, so its revision is unknown; "
            f"{_fill_hint(repo, mirror)}."
        )
    if held != repo.revision:
        raise CourseSetupError(
            f"The mirror copy of {repo.repo_id!r} is revision {held[:12]}, but the course pins "
            f"{repo.revision[:12]}: delete {folder} and {_fill_hint(repo, mirror)}."
        )
    if repo.kind == "dataset":
        has_script = any(folder.glob("*.py"))
        has_data = any(
            p.suffix in {".parquet", ".csv", ".json", ".jsonl", ".arrow"}
            for p in folder.rglob("*")
            if ".cache" not in p.parts
        )
        if has_script and not has_data:
            raise _script_only_error(repo)
    return folder


def _first_line(err: BaseException) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0][:200]


def hub_error(repo: HubRepo, err: BaseException) -> CourseSetupError:
    """One sentence for a failed hub download: missing revision, script repo, or no network."""
    text = f"{type(err).__name__}: {err}"
    if "scripts are no longer supported" in text:
        return _script_only_error(repo)
    if (
        "RevisionNotFound" in text
        or "Invalid rev id" in text
        or re.search(r"Revision .* doesn't exist", text)
    ):
        return CourseSetupError(
            f"The {repo.kind} {repo.repo_id!r} has no revision {repo.revision!r} on the Hugging "
            f"Face Hub (the hub said: {_first_line(err)}). Update the pin in "
            f"{MANIFEST_PATH.name} to an existing commit, or {OFFLINE_FIX}."
        )
    return CourseSetupError(
        f"Could not download the {repo.kind} {repo.repo_id!r} from the Hugging Face Hub "
        f"({type(err).__name__}: {_first_line(err)}). Connect to the internet (and unset "
        f"HF_HUB_OFFLINE), point {MIRROR_ENV} at a filled mirror, or {OFFLINE_FIX}."
    )


def load_dataset(repo_id: str, config: str | None = None, **kwargs: Any) -> Any:
    """``datasets.load_dataset`` of a pinned dataset repo, from the mirror or the hub.

    Args:
        repo_id: a dataset of the manifest, e.g. ``"nyu-mll/glue"``.
        config: the config name, e.g. ``"mnli"`` (None: the repo's default).
        **kwargs: passed on to ``datasets.load_dataset`` (e.g. ``split``).

    Raises:
        CourseSetupError: one sentence naming the repo and the fix.
    """
    import datasets

    repo = pinned(repo_id, "dataset")
    if mirror_dir() is not None:
        return datasets.load_dataset(str(checked_mirror_folder(repo)), config, **kwargs)
    if repo.script_only:
        raise _script_only_error(repo)
    try:
        return datasets.load_dataset(repo_id, config, revision=repo.revision, **kwargs)
    except Exception as err:  # datasets raises many types for hub, revision and network failures
        raise hub_error(repo, err) from None


def checkpoint_path(repo_id: str) -> str:
    """A local folder holding the pinned checkpoint ``repo_id`` (mirror, or hub download).

    On the hub only :data:`MODEL_FILES` are fetched (into the usual Hugging Face cache), so a
    checkpoint costs its PyTorch weights, not every framework's copy.
    """
    repo = pinned(repo_id, "model")
    if mirror_dir() is not None:
        return str(checked_mirror_folder(repo))
    from huggingface_hub import snapshot_download

    try:
        return snapshot_download(repo_id, revision=repo.revision, allow_patterns=list(MODEL_FILES))
    except Exception as err:  # hub, revision and network failures
        raise hub_error(repo, err) from None
