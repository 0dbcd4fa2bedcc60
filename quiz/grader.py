"""Grading logic for the course's self-check quiz.

Learners never import this module themselves: ``pytest quiz/`` imports it as ``quiz.grader``
through ``quiz/conftest.py``, and ``instructor/make_quiz_key.py`` uses it to rebuild the hashed
key.

How answers are checked without storing them
--------------------------------------------
Every answer, the learner's and the instructor's alike, is first reduced to a *canonical
string* (see :func:`canonical_answer`). The key file ``quiz/answer_key.json`` stores only

    sha256(f"{salt}|{question_id}|{canonical}")

for each accepted canonical string, and grading recomputes the digest of the learner's
canonical string and looks it up. Canonical strings per question type:

* ``single`` / ``multiple``: the option letters, lower-cased, de-duplicated, sorted and joined
  with commas. ``"B, a"``, ``"a,b"``, ``["b", "A"]`` and ``"a and b"`` all become ``"a,b"``.
* ``text``: Unicode NFKC, dashes unified, case folded, surrounding quotes/backticks and a
  trailing full stop dropped, underscores read as spaces, runs of whitespace collapsed.
* ``numeric``: the number is parsed exactly (``0.5``, ``.50``, ``1/2``, ``50%``, ``0,5``) and
  snapped to a grid whose step is ``tolerance / GRID_DIVISIONS``; the canonical string is the
  integer index of the nearest grid point. The key holds the digests of *every* grid point
  within ``tolerance + step/2`` of the true value, so every answer within the tolerance is
  accepted and every answer further than ``tolerance + step`` away is rejected, without the
  true value appearing anywhere.

This hides the key from a glance, not from a determined learner: a choice question has only a
handful of possible answers, so anyone can try them all. For a self-check that is fine.
Explanations are stored base64-encoded in the key file for the same reason.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

QUIZ_DIR = Path(__file__).resolve().parent
QUESTIONS_PATH = QUIZ_DIR / "questions.json"
KEY_PATH = QUIZ_DIR / "answer_key.json"
TEMPLATE_PATH = QUIZ_DIR / "answers_template.json"
QUESTIONS_MD_PATH = QUIZ_DIR / "questions.md"
DEFAULT_ANSWERS_PATH = QUIZ_DIR / "answers.json"
ANSWERS_ENV_VAR = "QUIZ_ANSWERS"

PASS_MARK = Fraction(7, 10)
GRID_DIVISIONS = 10
SCHEME = "sha256(salt|question_id|canonical_answer), numeric grid step = tolerance/10"

QuestionType = Literal["single", "multiple", "numeric", "text"]
QUESTION_TYPES: tuple[str, ...] = ("single", "multiple", "numeric", "text")
Status = Literal["correct", "wrong", "unreadable", "unanswered"]

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"), "-")
_QUOTES = "\"'`\u2018\u2019\u201c\u201d\u00ab\u00bb"
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


class QuizError(Exception):
    """A quiz file is missing or malformed. ``str(error)`` is the full message for the learner."""


class AnswerFormatError(ValueError):
    """One answer cannot be read; the question counts as wrong and the message says why."""


@dataclass(frozen=True)
class Question:
    """One quiz question as stored in ``quiz/questions.json``."""

    id: str
    type: QuestionType
    topic: str
    prompt: str
    options: tuple[tuple[str, str], ...] = ()
    tolerance: Fraction | None = None

    @property
    def number(self) -> int:
        """The question's number, e.g. 4 for ``"q4"``."""
        return int(self.id[1:])

    @property
    def letters(self) -> tuple[str, ...]:
        """The option letters of a choice question, in order."""
        return tuple(letter for letter, _ in self.options)

    @property
    def answer_hint(self) -> str:
        """How to write an answer to this question, in one line."""
        if self.type == "single":
            return 'one option letter, e.g. "b"'
        if self.type == "multiple":
            return 'every correct letter, e.g. "a, c" (order and spacing do not matter)'
        if self.type == "numeric":
            return (
                f"a number such as 0.42, 42% or 21/50; accepted within ±{float(self.tolerance):g}"
            )
        return "a short text answer; case, spacing and surrounding quotes do not matter"


@dataclass(frozen=True)
class AnswerKey:
    """The hashed key: a salt, accepted digests and encoded explanations per question."""

    salt: str
    digests: Mapping[str, frozenset[str]]
    explanations: Mapping[str, str]

    def explanation(self, question_id: str) -> str:
        """The decoded explanation of one question ("" when there is none)."""
        encoded = self.explanations.get(question_id, "")
        return decode_explanation(encoded) if encoded else ""


@dataclass(frozen=True)
class Result:
    """The outcome of grading one question.

    ``unreadable`` answers (e.g. a letter that is not an option) count as wrong, but their
    explanation is not shown, so a typo does not give the answer away.
    """

    question: Question
    status: Status
    message: str

    @property
    def correct(self) -> bool:
        """True when the answer matched the key."""
        return self.status == "correct"

    @property
    def shows_explanation(self) -> bool:
        """True once the question has a readable answer, right or wrong."""
        return self.status in ("correct", "wrong")


@dataclass(frozen=True)
class Score:
    """How many questions were right out of how many, and whether that passes."""

    correct: int
    total: int

    @property
    def fraction(self) -> Fraction:
        """Share of correct answers as an exact fraction."""
        return Fraction(self.correct, self.total) if self.total else Fraction(0)

    @property
    def percent(self) -> int:
        """Share of correct answers in whole percent (rounded down)."""
        return math.floor(self.fraction * 100)

    @property
    def passed(self) -> bool:
        """True at or above the pass mark of 70%."""
        return self.fraction >= PASS_MARK


# --------------------------------------------------------------------------------------------
# Reading the quiz files
# --------------------------------------------------------------------------------------------


def read_json(path: Path, what: str) -> Any:
    """Read a JSON file, turning every failure into a :class:`QuizError` naming ``what``."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise QuizError(f"The {what} {display_path(path)} is missing.") from None
    except (OSError, UnicodeDecodeError) as err:
        raise QuizError(f"The {what} {display_path(path)} cannot be read: {err}.") from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as err:
        raise QuizError(
            f"The {what} {display_path(path)} is not valid JSON: {err.msg} at line {err.lineno}, "
            f"column {err.colno}."
        ) from None
    except ValueError as err:
        raise QuizError(f"The {what} {display_path(path)} is not valid: {err}.") from None


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json`` hook that refuses objects naming the same key twice."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f'the key "{key}" appears twice')
        result[key] = value
    return result


def load_questions(path: Path = QUESTIONS_PATH) -> list[Question]:
    """Load and check ``questions.json``; questions come back in order q1, q2, ..."""
    data = read_json(path, "question file")
    raw_questions = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(raw_questions, list) or not raw_questions:
        raise QuizError(f'{display_path(path)} must hold {{"questions": [...]}}.')
    questions = [_parse_question(raw) for raw in raw_questions]
    expected = [f"q{number}" for number in range(1, len(questions) + 1)]
    if [question.id for question in questions] != expected:
        raise QuizError(f"{display_path(path)}: question ids must be {', '.join(expected)}.")
    return questions


def _parse_question(raw: Any) -> Question:
    """Build one :class:`Question` from its JSON object, checking the fields it needs."""
    if not isinstance(raw, dict):
        raise QuizError("questions.json: every question must be a JSON object.")
    qid, qtype = raw.get("id"), raw.get("type")
    if qtype not in QUESTION_TYPES:
        raise QuizError(f"questions.json: {qid} has unknown type {qtype!r}.")
    options = tuple((str(k), str(v)) for k, v in (raw.get("options") or {}).items())
    if qtype in ("single", "multiple") and len(options) < 2:
        raise QuizError(f"questions.json: choice question {qid} needs at least two options.")
    if any(not re.fullmatch(r"[a-z]", letter) for letter, _ in options):
        raise QuizError(f"questions.json: option letters of {qid} must be single letters a-z.")
    tolerance = None
    if qtype == "numeric":
        try:
            tolerance = parse_number(raw.get("tolerance", ""))
        except AnswerFormatError:
            tolerance = Fraction(0)
        if tolerance <= 0:
            raise QuizError(f"questions.json: numeric question {qid} needs a tolerance > 0.")
    return Question(
        id=str(qid),
        type=qtype,
        topic=str(raw.get("topic", "")),
        prompt=str(raw.get("prompt", "")),
        options=options,
        tolerance=tolerance,
    )


def load_key(path: Path = KEY_PATH) -> AnswerKey:
    """Load the hashed answer key written by ``instructor/make_quiz_key.py``."""
    data = read_json(path, "answer key")
    try:
        entries = data["questions"]
        return AnswerKey(
            salt=str(data["salt"]),
            digests={qid: frozenset(entry["digests"]) for qid, entry in entries.items()},
            explanations={qid: str(entry.get("explanation", "")) for qid, entry in entries.items()},
        )
    except (KeyError, TypeError, AttributeError):
        raise QuizError(
            f"The answer key {display_path(path)} is damaged; restore it from git."
        ) from None


# --------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------


def normalise_text(answer: str) -> str:
    """Canonical form of a short text answer (case, spacing, quotes, underscores ignored)."""
    text = unicodedata.normalize("NFKC", answer).translate(_DASHES).casefold()
    previous = None
    while previous != text:
        previous = text
        text = text.strip().strip(_QUOTES).rstrip(".")
    text = text.replace("_", " ")
    return " ".join(text.split())


def parse_number(answer: Any) -> Fraction:
    """Read a number exactly: ints, floats, "0.5", ".50", "1/2", "50%", "0,5", "5e-1"."""
    if isinstance(answer, bool):
        raise AnswerFormatError("true/false is not a number")
    if isinstance(answer, int):
        return Fraction(answer)
    if isinstance(answer, float):
        if not math.isfinite(answer):
            raise AnswerFormatError(f"{answer} is not a finite number")
        return Fraction(repr(answer))
    if not isinstance(answer, str):
        raise AnswerFormatError(f"{answer!r} is not a number")
    return _parse_number_text(answer)


def _parse_number_text(answer: str) -> Fraction:
    """Parse the text form of a number; see :func:`parse_number`."""
    text = "".join(unicodedata.normalize("NFKC", answer).translate(_DASHES).casefold().split())
    scale = Fraction(1)
    if text.endswith("%"):
        text, scale = text[:-1], Fraction(1, 100)
    if _DECIMAL_COMMA.fullmatch(text):
        text = text.replace(",", ".")
    parts = text.split("/")
    if len(parts) > 2 or not all(_DECIMAL.fullmatch(part) for part in parts):
        raise AnswerFormatError(f'cannot read a number from "{answer}"')
    value = Fraction(parts[0])
    if len(parts) == 2:
        denominator = Fraction(parts[1])
        if denominator == 0:
            raise AnswerFormatError(f'"{answer}" divides by zero')
        value /= denominator
    return value * scale


def parse_choice(question: Question, answer: Any) -> tuple[str, ...]:
    """Sorted, de-duplicated option letters from "b", "B, a", "a and c" or ["c", "a"]."""
    items = answer if isinstance(answer, list) else [answer]
    letters: set[str] = set()
    for item in items:
        if not isinstance(item, str):
            raise AnswerFormatError(f"{item!r} is not an option letter")
        tokens = re.findall(r"\w+", unicodedata.normalize("NFKC", item).casefold())
        for token in tokens:
            if token == "and":
                continue
            if token not in question.letters:
                raise AnswerFormatError(
                    f'"{token}" is not one of the option letters {", ".join(question.letters)}; '
                    'write letters separated by commas, e.g. "a, c"'
                )
            letters.add(token)
    if question.type == "single" and len(letters) > 1:
        raise AnswerFormatError(
            f"this question takes exactly one letter, you gave {', '.join(sorted(letters))}"
        )
    return tuple(sorted(letters))


def grid_step(question: Question) -> Fraction:
    """Spacing of the grid numeric answers are snapped to: tolerance / GRID_DIVISIONS."""
    if question.tolerance is None:
        raise ValueError(f"{question.id} is not a numeric question")
    return question.tolerance / GRID_DIVISIONS


def canonical_answer(question: Question, answer: Any) -> str:
    """The canonical string of one learner answer; raises :class:`AnswerFormatError`."""
    if question.type in ("single", "multiple"):
        return ",".join(parse_choice(question, answer))
    if question.type == "numeric":
        return str(round(parse_number(answer) / grid_step(question)))
    if isinstance(answer, int) and not isinstance(answer, bool):
        answer = str(answer)
    if not isinstance(answer, str):
        raise AnswerFormatError(f"{answer!r} is not a text answer")
    return normalise_text(answer)


def accepted_canonicals(question: Question, answer: Any) -> set[str]:
    """Every canonical string the key should accept for one of the instructor's answers.

    For a numeric answer this is each grid index within ``tolerance + step/2`` of the value;
    for every other type it is just the answer's canonical string.
    """
    if question.type != "numeric":
        return {canonical_answer(question, answer)}
    value, step = parse_number(answer), grid_step(question)
    radius = question.tolerance + step / 2
    low, high = math.ceil((value - radius) / step), math.floor((value + radius) / step)
    return {str(index) for index in range(low, high + 1)}


def digest(salt: str, question_id: str, canonical: str) -> str:
    """The salted SHA-256 digest stored in the key for one canonical answer."""
    return hashlib.sha256(f"{salt}|{question_id}|{canonical}".encode()).hexdigest()


def encode_explanation(text: str) -> str:
    """Encode an explanation so it cannot be read at a glance (this is not encryption)."""
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def decode_explanation(encoded: str) -> str:
    """Inverse of :func:`encode_explanation`."""
    return base64.b64decode(encoded.encode("ascii")).decode("utf-8")


# --------------------------------------------------------------------------------------------
# Learner answers
# --------------------------------------------------------------------------------------------


def answers_path(environ: Mapping[str, str] | None = None) -> Path:
    """Where the learner's answers live: ``$QUIZ_ANSWERS`` if set, else quiz/answers.json."""
    environ = os.environ if environ is None else environ
    override = environ.get(ANSWERS_ENV_VAR, "").strip()
    return Path(override).expanduser().resolve() if override else DEFAULT_ANSWERS_PATH


def display_path(path: Path) -> str:
    """A path as the learner should see it: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def is_blank(answer: Any) -> bool:
    """True for the placeholders that mean "not answered yet": null, "", whitespace, []."""
    if answer is None:
        return True
    if isinstance(answer, str):
        return not answer.strip()
    return isinstance(answer, list) and not answer


def missing_file_message(path: Path) -> str:
    """The message shown when there is no answers file yet."""
    if path != DEFAULT_ANSWERS_PATH:
        return (
            f"{ANSWERS_ENV_VAR} points to {path}, but there is no file there.\n"
            f"Create it from the template: cp {display_path(TEMPLATE_PATH)} {path}"
        )
    return (
        f"No answers file yet: {display_path(path)} does not exist.\n"
        "Copy the template and write your answers into the copy:\n"
        f"    cp {display_path(TEMPLATE_PATH)} {display_path(path)}\n"
        f"(or run the notebook {display_path(QUIZ_DIR / 'quiz.ipynb')}, which writes it for you),"
        " then run `pytest quiz/` from the repository root again."
    )


def load_answers(path: Path, questions: list[Question]) -> dict[str, Any]:
    """Read and check the learner's answers file; every problem becomes one :class:`QuizError`.

    Returns the answers by question id (keys like "Q3" are accepted as "q3"; keys starting
    with "_" are comments and ignored). Questions without a key are simply unanswered.
    """
    if not path.is_file():
        raise QuizError(missing_file_message(path))
    hint = f"Fix it, or start again from a copy of {display_path(TEMPLATE_PATH)}."
    try:
        data = read_json(path, "answers file")
    except QuizError as err:
        raise QuizError(f"{err}\n{hint}") from None
    if not isinstance(data, dict):
        raise QuizError(
            f'{display_path(path)} must hold one JSON object such as {{"q1": "b", "q2": "a, c"}}, '
            f"not a {_json_type(data)}. {hint}"
        )
    answers, problems = check_answers(data, questions)
    if problems:
        listed = "\n".join(f"  - {problem}" for problem in problems)
        raise QuizError(f"{display_path(path)} cannot be graded:\n{listed}\n{hint}")
    return answers


def check_answers(
    data: Mapping[str, Any], questions: list[Question]
) -> tuple[dict[str, Any], list[str]]:
    """Split a parsed answers object into usable answers and a list of problems."""
    by_id = {question.id: question for question in questions}
    answers: dict[str, Any] = {}
    problems: list[str] = []
    for raw_key, answer in data.items():
        if raw_key.startswith("_"):
            continue
        qid = raw_key.strip().lower()
        if qid not in by_id:
            problems.append(
                f'"{raw_key}" is not a question of this quiz (the ids are q1 to q{len(questions)})'
            )
            continue
        if qid in answers:
            problems.append(f'"{qid}" is answered twice')
            continue
        problem = _type_problem(by_id[qid], answer)
        if problem:
            problems.append(f'"{raw_key}": {problem}')
        else:
            answers[qid] = answer
    return answers, problems


def _type_problem(question: Question, answer: Any) -> str:
    """Why an answer has the wrong JSON type for its question ("" when it is fine)."""
    if is_blank(answer):
        return ""
    if question.type in ("single", "multiple"):
        if isinstance(answer, str) or (
            isinstance(answer, list) and all(isinstance(item, str) for item in answer)
        ):
            return ""
        return f'expected letters as a string such as "a, c", got a {_json_type(answer)}'
    if question.type == "numeric":
        if isinstance(answer, (int, float, str)) and not isinstance(answer, bool):
            return ""
        return (
            f'expected a number such as 0.42 or a string such as "42%", got a {_json_type(answer)}'
        )
    if isinstance(answer, (str, int)) and not isinstance(answer, bool):
        return ""
    return f"expected a short text in quotes, got a {_json_type(answer)}"


def _json_type(value: Any) -> str:
    """The JSON name of a parsed value's type, for messages."""
    names = {bool: "true/false value", dict: "JSON object", list: "list", str: "string"}
    names.update({int: "number", float: "number", type(None): "null"})
    return names.get(type(value), type(value).__name__)


# --------------------------------------------------------------------------------------------
# Grading
# --------------------------------------------------------------------------------------------


def grade(
    question: Question, answer: Any, key: AnswerKey, where: str = "quiz/answers.json"
) -> Result:
    """Grade one answer against the hashed key. ``where`` names the answers file in messages."""
    if is_blank(answer):
        return Result(
            question,
            "unanswered",
            f"question {question.number} not answered: put your answer in {where} "
            f'under "{question.id}"',
        )
    try:
        canonical = canonical_answer(question, answer)
    except AnswerFormatError as err:
        return Result(question, "unreadable", f"question {question.number}: {err}")
    if digest(key.salt, question.id, canonical) in key.digests.get(question.id, frozenset()):
        return Result(question, "correct", f"question {question.number}: correct")
    return Result(
        question, "wrong", f"question {question.number}: {_show(answer)} is not the right answer"
    )


def _show(answer: Any) -> str:
    """An answer as it should be quoted back to the learner."""
    if isinstance(answer, list):
        return ", ".join(str(item) for item in answer)
    return json.dumps(answer, ensure_ascii=False) if isinstance(answer, str) else str(answer)


def score(results: Iterable[Result], total: int) -> Score:
    """Count correct results out of ``total`` questions (ungraded questions count as wrong)."""
    return Score(correct=sum(result.correct for result in results), total=total)


# --------------------------------------------------------------------------------------------
# Instructor side: building the key and the derived files
# --------------------------------------------------------------------------------------------


def build_key(questions: list[Question], plain: Mapping[str, Any], salt: str) -> dict[str, Any]:
    """The JSON content of ``answer_key.json`` built from the instructor's plain key."""
    entries: dict[str, Any] = {}
    for question in questions:
        entry = plain_entry(plain, question.id)
        canonicals: set[str] = set()
        for accepted in entry["accept"]:
            canonicals |= accepted_canonicals(question, accepted)
        entries[question.id] = {
            "digests": sorted(digest(salt, question.id, c) for c in canonicals),
            "explanation": encode_explanation(entry["explanation"]),
        }
    return {"scheme": SCHEME, "salt": salt, "questions": entries}


def plain_entry(plain: Mapping[str, Any], question_id: str) -> dict[str, Any]:
    """One question's entry in the instructor's plain key, checked for shape."""
    entry = plain.get("answers", {}).get(question_id)
    if (
        not isinstance(entry, dict)
        or not isinstance(entry.get("accept"), list)
        or not entry["accept"]
        or not isinstance(entry.get("explanation"), str)
    ):
        raise QuizError(
            f'instructor key: {question_id} needs {{"accept": [...], "explanation": "..."}}.'
        )
    return entry


def key_mismatches(
    questions: list[Question], plain: Mapping[str, Any], key: AnswerKey
) -> list[str]:
    """Questions whose stored digests or explanation differ from the plain key (empty = in sync)."""
    expected = build_key(questions, plain, key.salt)["questions"]
    mismatches = []
    for question in questions:
        want = expected[question.id]
        if set(want["digests"]) != key.digests.get(question.id):
            mismatches.append(f"{question.id}: digests differ")
        if want["explanation"] != key.explanations.get(question.id):
            mismatches.append(f"{question.id}: explanation differs")
    extra = set(key.digests) - {question.id for question in questions}
    mismatches.extend(f"{qid}: in the key but not in questions.json" for qid in sorted(extra))
    return mismatches


def answers_template(questions: list[Question]) -> dict[str, Any]:
    """The content of ``answers_template.json``: a help note and one empty slot per question."""
    template: dict[str, Any] = {
        "_help": (
            "Copy this file to quiz/answers.json, write each answer between the quotes and run "
            "`pytest quiz/` from the repository root. Choice questions: option letters such as "
            '"b" or "a, c". Numeric questions: a number such as 0.42, "42%" or "21/50". Text '
            "questions: a few words. Leave an answer empty to skip it (it counts as wrong)."
        )
    }
    template.update({question.id: "" for question in questions})
    return template


def render_markdown(questions: list[Question]) -> str:
    """The readable question sheet ``quiz/questions.md`` (no answers in it)."""
    lines = [
        "# Self-check quiz: fine-tuning transformer encoders for text classification",
        "",
        f"{len(questions)} questions covering the whole course. You pass with "
        f"{math.ceil(PASS_MARK * len(questions))} of {len(questions)} correct "
        f"({int(PASS_MARK * 100)}%).",
        "",
        "Write your answers in `quiz/answers.json` (start from a copy of "
        "`quiz/answers_template.json`) or in the notebook `quiz/quiz.ipynb`, then run "
        "`pytest quiz/` from the repository root. See `quiz/README.md` for details.",
        "",
        "<!-- Generated from quiz/questions.json by instructor/make_quiz_key.py; edit the JSON. -->",
    ]
    for question in questions:
        lines += ["", f"## Question {question.number} ({question.id}): {question.topic}", ""]
        lines += [question.prompt, ""]
        lines += [f"- **{letter})** {text}" for letter, text in question.options]
        if question.options:
            lines.append("")
        lines.append(f"*Answer format:* {question.answer_hint}.")
    return "\n".join(lines) + "\n"


def write_answers(answers: Mapping[str, Any], path: Path, questions: list[Question]) -> None:
    """Check learner answers (as from the notebook) and write them to ``path`` as JSON."""
    _, problems = check_answers(answers, questions)
    if problems:
        raise QuizError(
            "These answers cannot be saved:\n" + "\n".join(f"  - {p}" for p in problems)
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(dict(answers), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
