"""The hub switch: pinned repos, the COURSE_HUB_MIRROR mirror, and one sentence for every failure."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course_lib import hub, hub_mirror
from course_lib.errors import CourseSetupError
from course_lib.profiles import FULL_CHECKPOINTS

ROOT = Path(__file__).resolve().parents[1]
SHA = re.compile(r"^[0-9a-f]{40}$")


def test_every_pinned_repo_has_a_commit_and_sources() -> None:
    for repo in hub.pinned_repos():
        assert SHA.match(repo.revision), (
            f"{repo.repo_id}: pin a 40-hex commit, not {repo.revision!r}"
        )
        assert repo.facts["sources"], f"{repo.repo_id}: say where its facts were read"
        assert repo.facts["used_by"]
        if repo.kind == "dataset" and not repo.script_only:
            for name, config in repo.facts["configs"].items():
                assert set(config["data_files"]) == set(config["splits"]), (repo.repo_id, name)


def test_every_full_checkpoint_is_pinned() -> None:
    for repo_id in set(FULL_CHECKPOINTS.values()):
        assert hub.pinned(repo_id, "model").facts["files"]


def test_unknown_repo_names_the_pinned_ones() -> None:
    with pytest.raises(ValueError, match="stanfordnlp/sst2"):
        hub.pinned("imdb", "dataset")


def _mirror_with(tmp_path: Path, repo_id: str, revision: str, files: dict[str, str]) -> Path:
    folder = tmp_path / "datasets" / repo_id
    for relative, text in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text)
        hub_mirror.write_download_metadata(folder, relative, revision)
    return tmp_path


def test_mirror_missing_repo_names_repo_and_fix(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(hub.MIRROR_ENV, str(tmp_path))
    with pytest.raises(CourseSetupError) as err:
        hub.load_dataset("nyu-mll/glue", "mrpc")
    message = str(err.value)
    assert "'nyu-mll/glue'" in message and "hub_mirror fill" in message
    assert "COURSE_PROFILE=offline" in message


def test_mirror_folder_must_exist(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(hub.MIRROR_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(CourseSetupError, match="is not a folder"):
        hub.checkpoint_path("google-bert/bert-base-cased")


def test_mirror_script_only_repo_fails_as_on_the_hub(tmp_path, monkeypatch) -> None:
    repo = hub.pinned("PolyAI/banking77", "dataset")
    mirror = _mirror_with(
        tmp_path, repo.repo_id, repo.revision, {"banking77.py": "# script\n", "README.md": "# b\n"}
    )
    monkeypatch.setenv(hub.MIRROR_ENV, str(mirror))
    with pytest.raises(CourseSetupError, match="loading-script repository.*datasets >= 4"):
        hub.load_dataset("PolyAI/banking77")


def test_mirror_at_another_revision_is_refused(tmp_path, monkeypatch) -> None:
    mirror = _mirror_with(tmp_path, "stanfordnlp/sst2", "0" * 40, {"README.md": "# sst2\n"})
    monkeypatch.setenv(hub.MIRROR_ENV, str(mirror))
    with pytest.raises(
        CourseSetupError, match="revision 000000000000, but the course pins 8d51e7e"
    ):
        hub.load_dataset("stanfordnlp/sst2")


def test_mirror_without_download_metadata_is_refused(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "google-bert" / "bert-base-cased"
    folder.mkdir(parents=True)
    (folder / "config.json").write_text("{}")
    monkeypatch.setenv(hub.MIRROR_ENV, str(tmp_path))
    with pytest.raises(CourseSetupError, match="no download metadata"):
        hub.checkpoint_path("google-bert/bert-base-cased")


def test_script_only_repo_is_refused_before_any_download(monkeypatch) -> None:
    monkeypatch.delenv(hub.MIRROR_ENV, raising=False)
    import datasets

    monkeypatch.setattr(datasets, "load_dataset", lambda *a, **k: pytest.fail("no download"))
    with pytest.raises(CourseSetupError, match="PolyAI/banking77.*loading-script"):
        hub.load_dataset("PolyAI/banking77")


def test_missing_revision_on_the_hub_names_the_pin(monkeypatch) -> None:
    monkeypatch.delenv(hub.MIRROR_ENV, raising=False)
    import datasets
    from datasets.exceptions import DatasetNotFoundError

    def refuse(path, name=None, revision=None, **kwargs):
        raise DatasetNotFoundError(
            f"Revision '{revision}' doesn't exist for dataset '{path}' on the Hub."
        )

    monkeypatch.setattr(datasets, "load_dataset", refuse)
    with pytest.raises(CourseSetupError) as err:
        hub.load_dataset("stanfordnlp/sst2")
    assert "has no revision '8d51e7e4887a4caaa95b3fbebbf53c0490b58bbb'" in str(err.value)
    assert "hub_manifest.json" in str(err.value)


NO_NETWORK = """
import sys
from course_lib import hub
from course_lib.errors import CourseSetupError
try:
    hub.load_dataset("nyu-mll/glue", "mrpc") if sys.argv[1] == "dataset" else hub.checkpoint_path(
        "google-bert/bert-base-cased"
    )
except CourseSetupError as err:
    print(err)
    raise SystemExit(3)
"""


@pytest.mark.parametrize("kind", ["dataset", "model"])
def test_full_profile_without_network_says_what_to_do(tmp_path, kind: str) -> None:
    """Real download attempts, no mirror and an empty cache: the dataset against a closed local
    port (about 20 s of the hub client's retries, as a learner would wait), the checkpoint with
    the hub switched off."""
    env = {**os.environ, "HF_HOME": str(tmp_path / "hf")}
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", hub.MIRROR_ENV, "HF_DATASETS_OFFLINE"):
        env.pop(name, None)
    if kind == "dataset":
        env["HF_ENDPOINT"] = "http://127.0.0.1:9"
    else:
        env["HF_HUB_OFFLINE"] = "1"
    run = subprocess.run(
        [sys.executable, "-c", NO_NETWORK, kind],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 3, run.stderr[-2000:]
    message = run.stdout.strip()
    assert len(message.splitlines()) == 1, message
    assert message.startswith(f"Could not download the {kind} ")
    assert "COURSE_PROFILE=offline" in message and hub.MIRROR_ENV in message


def test_fill_downloads_every_pin_at_its_revision(tmp_path, monkeypatch) -> None:
    calls = []

    def fake_snapshot_download(repo_id, *, repo_type, revision, local_dir, allow_patterns):
        calls.append((repo_id, repo_type, revision, Path(local_dir), allow_patterns))

    import huggingface_hub

    monkeypatch.setattr(huggingface_hub, "snapshot_download", fake_snapshot_download)
    hub_mirror.fill_mirror(tmp_path)
    assert [c[0] for c in calls] == [r.repo_id for r in hub.pinned_repos()]
    for repo_id, kind, revision, folder, patterns in calls:
        repo = hub.pinned(repo_id, kind)
        assert revision == repo.revision and folder == repo.mirror_folder(tmp_path)
        assert (patterns is not None) == (kind == "model")
    with pytest.raises(CourseSetupError, match="does not pin"):
        hub_mirror.fill_mirror(tmp_path, only=["imdb"])


def test_setup_cell_failure_is_one_sentence_with_pips_error(tmp_path) -> None:
    """The lessons' setup cell, run where course_lib is not installed and the URL is wrong."""
    import nbformat

    nb = nbformat.read(ROOT / "lessons" / "01_binary_sentiment.ipynb", as_version=4)
    setup = next(c.source for c in nb.cells if c.cell_type == "code")
    env = {**os.environ, "COURSE_REPO": "file:///nonexistent/fork", "PIP_NO_INDEX": "1"}
    run = subprocess.run(
        [sys.executable, "-S", "-c", setup],  # -S: no site-packages, so no course_lib
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1
    message = run.stderr.strip().splitlines()[-1]
    assert message.startswith("Installing the course helpers from file:///nonexistent/fork failed")
    assert "(pip: " in message and "no output" not in message
    assert "COURSE_REPO" in message


def test_repo_url_has_one_source_and_set_repo_rewrites_every_copy(tmp_path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import notebook_tools
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    current = notebook_tools.course_repo()
    slug = current.removeprefix("https://github.com/")
    named = re.compile(r"github(?:\.com)?/([\w.-]+/[\w.-]+?)(?:/blob|\"|\)|\s|$)")
    copies = 0
    for pattern in notebook_tools.REPO_FILES:
        for path in ROOT.glob(pattern):
            for found in named.findall(path.read_text()):
                assert found == slug, f"{path.name} names {found}, pyproject.toml {slug}"
                copies += 1
    assert copies >= 2 * len(list(ROOT.glob("lessons/*.ipynb"))), "setup cell and badge per lesson"
    for pattern in notebook_tools.REPO_FILES:
        for path in ROOT.glob(pattern):
            target = tmp_path / path.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    changed = notebook_tools.set_repo("https://github.com/someone/course-fork", root=tmp_path)
    assert len(changed) == 2 + len(list(ROOT.glob("lessons/*.ipynb")))
    assert notebook_tools.course_repo(tmp_path) == "https://github.com/someone/course-fork"
    for path in changed:
        assert slug not in path.read_text(), path
    badge = (tmp_path / "lessons" / "01_binary_sentiment.ipynb").read_text()
    assert "colab.research.google.com/github/someone/course-fork/blob/main/lessons/" in badge
    with pytest.raises(ValueError, match="not a GitHub repository URL"):
        notebook_tools.set_repo("https://gitlab.com/someone/fork", root=tmp_path)
