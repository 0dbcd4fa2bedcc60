"""Rebuild the quiz's generated files from the instructor's plain key.

Reads ``quiz/questions.json`` and ``instructor/quiz_key.json`` and writes

* ``quiz/answer_key.json``: salted SHA-256 digests of the accepted answers plus the encoded
  explanations (the salt already in the file is kept unless ``--new-salt`` is given),
* ``quiz/questions.md``: the readable question sheet,
* ``quiz/answers_template.json``: the empty answers file learners copy.

Usage, from the repository root::

    python -m instructor.make_quiz_key            # rebuild after editing questions or key
    python -m instructor.make_quiz_key --check    # exit 1 if any generated file is stale
    python -m instructor.make_quiz_key --new-salt # rebuild with a fresh random salt

The hashing scheme is documented in ``quiz/grader.py``.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
from pathlib import Path
from types import ModuleType

from quiz import grader

REPO_ROOT = Path(__file__).resolve().parents[1]
PLAIN_KEY_PATH = REPO_ROOT / "instructor" / "quiz_key.json"


def current_salt(grading: ModuleType) -> str | None:
    """The salt of the existing key file, or None when there is no readable key yet."""
    try:
        return grading.load_key().salt
    except grading.QuizError:
        return None


def generated_files(grading: ModuleType, salt: str) -> dict[Path, str]:
    """The text every generated file should have, by path."""
    questions = grading.load_questions()
    plain = grading.read_json(PLAIN_KEY_PATH, "instructor key")
    key = grading.build_key(questions, plain, salt)
    template = grading.answers_template(questions)
    return {
        grading.KEY_PATH: json.dumps(key, indent=2) + "\n",
        grading.QUESTIONS_MD_PATH: grading.render_markdown(questions),
        grading.TEMPLATE_PATH: json.dumps(template, indent=2, ensure_ascii=False) + "\n",
    }


def stale_files(files: dict[Path, str]) -> list[Path]:
    """Generated files whose content on disk differs from ``files``."""
    return [
        path
        for path, text in files.items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the process exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="only report stale files")
    mode.add_argument("--new-salt", action="store_true", help="draw a fresh random salt")
    args = parser.parse_args(argv)

    grading = grader
    salt = None if args.new_salt else current_salt(grading)
    try:
        files = generated_files(grading, salt or secrets.token_hex(16))
    except grading.QuizError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    stale = stale_files(files)
    if args.check:
        for path in stale:
            print(f"stale: {path.relative_to(REPO_ROOT)}", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_text(files[path], encoding="utf-8")
        print(f"wrote {path.relative_to(REPO_ROOT)}")
    if not stale:
        print("all generated quiz files are up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
