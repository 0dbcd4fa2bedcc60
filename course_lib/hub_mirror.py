"""Fill a hub mirror for ``COURSE_HUB_MIRROR``: from the hub, or synthetic for rehearsals.

Two commands, both writing the layout of ``hf download --local-dir`` (see ``course_lib.hub``)::

    python -m course_lib.hub_mirror fill DIR        # a machine with internet: every pinned repo
    python -m course_lib.hub_mirror fill DIR --only nyu-mll/glue
    python -m course_lib.hub_mirror rehearsal DIR   # synthetic repos with the real schemas

``fill`` downloads each repo of ``data/hub_manifest.json`` at its pinned revision (checkpoints:
only the files a lesson loads). Copy ``DIR`` to the air-gapped machine and set
``COURSE_HUB_MIRROR=DIR`` there. ``rehearsal`` builds the stand-in mirror that the course's
tests run the full profile against (``make rehearsal``). Taught in: nothing (maintainer and
instructor tooling; README "Hub mirror").
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from course_lib import hub, rehearsal
from course_lib.errors import CourseSetupError

METADATA_DIR = Path(".cache") / "huggingface" / "download"


def write_download_metadata(folder: Path, relative: str, commit: str) -> None:
    """Record ``relative`` as downloaded at ``commit``, the way ``hf download`` does."""
    path = folder / METADATA_DIR / f"{relative}.metadata"
    path.parent.mkdir(parents=True, exist_ok=True)
    etag = hashlib.sha256((folder / relative).read_bytes()).hexdigest()
    path.write_text(f"{commit}\n{etag}\n{time.time()}\n", encoding="utf-8")


def features_of(spec: Mapping[str, Any]) -> Any:
    """``datasets.Features`` from the manifest notation ('string', 'bool', [names], {'sequence': f})."""
    from datasets import ClassLabel, Features, List, Value

    def one(feature: Any) -> Any:
        if isinstance(feature, list):
            return ClassLabel(names=feature)
        if isinstance(feature, dict):
            return List(one(feature["sequence"]))
        return Value(feature)

    return Features({name: one(feature) for name, feature in spec.items()})


def _dataset_infos(repo: hub.HubRepo, rows: Mapping[str, Mapping[str, int]]) -> dict[str, Any]:
    """``datasets.DatasetInfo`` per config: the manifest's features, the mirror's row counts."""
    from datasets import DatasetInfo, SplitDict, SplitInfo

    infos = {}
    for name, config in repo.facts["configs"].items():
        splits = SplitDict()
        for split, n in rows[name].items():
            splits.add(SplitInfo(name=split, num_examples=n))
        infos[name] = DatasetInfo(features=features_of(config["features"]), splits=splits)
    return infos


def _dataset_card(repo: hub.HubRepo, rows: Mapping[str, Mapping[str, int]]) -> str:
    """A README.md with the YAML ``configs`` and ``dataset_info`` blocks the hub shows."""
    from datasets.info import DatasetInfosDict
    from datasets.utils.metadata import MetadataConfigs
    from huggingface_hub import DatasetCardData

    card = DatasetCardData()
    configs = {
        name: {
            "data_files": [
                {"split": split, "path": re.sub(r"-\d{5}-of-\d{5}\.parquet$", "-*", path)}
                for split, path in config["data_files"].items()
            ]
        }
        for name, config in repo.facts["configs"].items()
    }
    DatasetInfosDict(_dataset_infos(repo, rows)).to_dataset_card_data(card)
    MetadataConfigs(configs).to_dataset_card_data(card)
    return f"---\n{card.to_yaml()}\n---\n\n# {repo.repo_id} (rehearsal copy)\n\n{_REHEARSAL_NOTE}\n"


_REHEARSAL_NOTE = (
    "Synthetic rows with the schema of the pinned revision, written by "
    "`python -m course_lib.hub_mirror rehearsal`. Not the real data."
)


def _write_rehearsal_dataset(folder: Path, repo: hub.HubRepo, seed: int) -> None:
    from datasets import Dataset

    if repo.script_only:  # the layout of a script repo: the script and a card, no data
        script = repo.facts["script"]
        (folder / script).write_text(
            f"# Stand-in for the loading script {script} of {repo.repo_id}: datasets >= 4 refuses "
            "to run loading scripts, so this repo cannot be loaded, here as on the hub.\n",
            encoding="utf-8",
        )
        (folder / "README.md").write_text(f"# {repo.repo_id} (rehearsal copy)\n", encoding="utf-8")
        return
    rows: dict[str, dict[str, int]] = {}
    for offset, (name, config) in enumerate(repo.facts["configs"].items()):
        features = features_of(config["features"])
        rows[name] = {}
        for index, (split, real) in enumerate(config["splits"].items()):
            n = rehearsal.rehearsal_rows(repo.repo_id, name, split, real)
            columns = rehearsal.synthetic_split(
                repo.repo_id, config, split, n, seed + 97 * offset + index
            )
            path = folder / config["data_files"][split]
            path.parent.mkdir(parents=True, exist_ok=True)
            Dataset.from_dict(columns, features=features).to_parquet(str(path))
            rows[name][split] = n
    if repo.facts.get("card") == "dataset_infos.json":  # pushed before dataset cards held infos
        infos = {
            name: {**asdict(info), "features": info.features.to_dict()}
            for name, info in _dataset_infos(repo, rows).items()
        }
        (folder / "dataset_infos.json").write_text(json.dumps(infos), encoding="utf-8")
    else:
        (folder / "README.md").write_text(_dataset_card(repo, rows), encoding="utf-8")


def build_rehearsal_mirror(target: Path, seed: int = 0) -> Path:
    """Write the synthetic mirror of every pinned repo into ``target`` (replaced if present)."""
    from datasets.utils.logging import disable_progress_bar
    from transformers.utils import logging as transformers_logging

    disable_progress_bar()
    transformers_logging.disable_progress_bar()
    if target.exists():
        shutil.rmtree(target)
    for repo in hub.pinned_repos():
        folder = repo.mirror_folder(target)
        folder.mkdir(parents=True)
        (folder / ".gitattributes").write_text("*.parquet filter=lfs diff=lfs merge=lfs -text\n")
        if repo.kind == "dataset":
            _write_rehearsal_dataset(folder, repo, seed)
        else:
            rehearsal.write_tiny_checkpoint(folder, repo.facts, seed)
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if path.is_file() and relative.parts[0] != ".cache":
                write_download_metadata(folder, relative.as_posix(), repo.revision)
    return target


def fill_mirror(target: Path, only: Sequence[str] = ()) -> list[Path]:
    """Download every pinned repo (or those in ``only``) at its revision into ``target``."""
    from huggingface_hub import snapshot_download

    repos = [r for r in hub.pinned_repos() if not only or r.repo_id in only]
    unknown = sorted(set(only) - {r.repo_id for r in repos})
    if unknown:
        known = ", ".join(r.repo_id for r in hub.pinned_repos())
        raise CourseSetupError(
            f"--only names repos the course does not pin: {unknown}; pinned: {known}."
        )
    written = []
    for repo in repos:
        folder = repo.mirror_folder(target)
        print(f"{repo.kind} {repo.repo_id} @ {repo.revision[:12]} -> {folder}", flush=True)
        try:
            snapshot_download(
                repo.repo_id,
                repo_type=repo.kind,
                revision=repo.revision,
                local_dir=folder,
                allow_patterns=list(hub.MODEL_FILES) if repo.kind == "model" else None,
            )
        except Exception as err:  # hub, revision and network failures
            raise hub.hub_error(repo, err) from None
        written.append(folder)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m course_lib.hub_mirror", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    fill = commands.add_parser("fill", help="download every pinned repo (needs internet)")
    fill.add_argument("target", type=Path, help="the mirror folder (COURSE_HUB_MIRROR)")
    fill.add_argument("--only", nargs="+", default=(), metavar="REPO_ID", help="just these repos")
    fake = commands.add_parser("rehearsal", help="write the synthetic rehearsal mirror")
    fake.add_argument("target", type=Path, help="the mirror folder (replaced if it exists)")
    fake.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        if args.command == "fill":
            fill_mirror(args.target, args.only)
        else:
            build_rehearsal_mirror(args.target, args.seed)
    except CourseSetupError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"mirror ready: export {hub.MIRROR_ENV}={args.target.resolve()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
