"""`make lab` as a learner uses it: started from the Makefile, driven in a real headless browser.

The README's first command starts JupyterLab. This module runs exactly ``make lab`` (with the
current virtualenv, a free port and the install step marked up to date) in a scratch copy of the
course's learner files, so that running cells never writes outputs into the repository's
lessons. It waits for the URL that Jupyter prints, opens it in Debian's Chromium through
Playwright (``executable_path``: no browser is downloaded), opens lesson 01 from the file
browser, runs its setup and banner cells with Shift+Enter, reads the profile banner from the
page, opens ``quiz/quiz.ipynb`` and saves screenshots to ``build/lab-lesson01.png`` and
``build/lab-quiz.png``. A second ``make lab`` on the same port must print the URL of the server
that actually started. Every server is stopped by its process group id.

Chromium comes from the OS packages (``.ci/run`` installs ``chromium`` when missing). Without it,
or without Playwright, the module skips locally and fails under ``CI=true``.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import psutil
import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

REPO = Path(__file__).resolve().parents[1]
VENV = Path(sys.prefix)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
URL_RE = re.compile(r"(http://127\.0\.0\.1:(\d+)/lab/tree/lessons\?token=[0-9a-f]+)")
BANNER = "[course] profile=offline"
#: Seconds to wait for JupyterLab's URL, and for a cell's output, on a busy 2-core machine.
START_TIMEOUT = 120
CELL_TIMEOUT_MS = 240_000


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    if not (VENV / "bin" / "jupyter").exists():
        return f"no jupyter in {VENV}/bin: run the tests from the course virtualenv"
    return None


_REASON = _missing()
if _REASON and os.environ.get("CI") == "true":
    raise RuntimeError(f"CI must run the browser test of `make lab`: {_REASON}")
pytestmark = pytest.mark.skipif(_REASON is not None, reason=_REASON or "")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Lab:
    """One `make lab` process (the leader of its own process group) and what it printed."""

    proc: subprocess.Popen[bytes]
    log: Path
    folder: Path
    env: dict[str, str]
    url: str = ""

    @property
    def port(self) -> int:
        found = URL_RE.search(self.url)
        assert found, self.url
        return int(found.group(2))

    def text(self) -> str:
        return self.log.read_text(errors="replace")


def _start_lab(folder: Path, port: int, log: Path, env: dict[str, str]) -> Lab:
    """Run `make lab` in ``folder`` and wait (polling its log) for the URL Jupyter prints."""
    cmd = [
        "make",
        "lab",
        f"VENV={VENV}",
        "-o",
        str(VENV / ".installed-stamp"),  # the install is done: never reinstall from a test
        f"LAB_PORT={port}",
    ]
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    lab = Lab(proc, log, folder, env)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        found = URL_RE.search(lab.text())
        if found:
            lab.url = found.group(1)
            return lab
        if proc.poll() is not None:
            raise AssertionError(f"make lab exited with {proc.returncode}:\n{lab.text()[-3000:]}")
        time.sleep(0.2)
    _stop_lab(lab)
    raise AssertionError(f"no URL from make lab within {START_TIMEOUT}s:\n{lab.text()[-3000:]}")


def _stop_lab(lab: Lab) -> None:
    """Stop make, Jupyter and its kernels: the process group first, then any straggler."""
    try:
        family = [lab.proc.pid, *(p.pid for p in psutil.Process(lab.proc.pid).children(True))]
    except psutil.NoSuchProcess:
        family = [lab.proc.pid]
    with contextlib.suppress(ProcessLookupError):
        os.killpg(lab.proc.pid, signal.SIGTERM)
    try:
        lab.proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(lab.proc.pid, signal.SIGKILL)
        lab.proc.wait()
    for pid in family:  # kernels run in sessions of their own
        with contextlib.suppress(psutil.NoSuchProcess):
            psutil.Process(pid).kill()


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """`make lab` in a scratch copy of the learner's files (Makefile, lessons/, quiz/)."""
    base = tmp_path_factory.mktemp("lab")
    folder = base / "course"
    folder.mkdir()
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(REPO / name, folder / name)
    for name in ("lessons", "quiz"):
        shutil.copytree(
            REPO / name, folder / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints")
        )
    env = dict(os.environ)
    env.pop("COURSE_PROFILE", None)  # the Makefile's default (offline) is what a learner gets
    env["JUPYTER_RUNTIME_DIR"] = str(base / "runtime")
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(base / "workspaces")  # no tabs from earlier runs
    env["JUPYTER_CONFIG_DIR"] = str(base / "config")
    lab = _start_lab(folder, _free_port(), base / "lab.log", env)
    try:
        yield lab
    finally:
        _stop_lab(lab)


def _status_ok(url: str) -> bool:
    """Whether the Jupyter server behind a printed URL answers its REST API with that token."""
    base, token = url.split("/lab/", 1)[0], url.rsplit("token=", 1)[1]
    request = urllib.request.Request(
        f"{base}/api/status", headers={"Authorization": f"token {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status == 200


def _run_cell(page: Page, cell: Locator) -> None:
    """Select a code cell by clicking into it, press Shift+Enter, wait for its execution count."""
    from playwright.sync_api import expect

    prompt = cell.locator(".jp-InputPrompt")
    cell.locator(".jp-InputArea-editor").click()
    expect(cell).to_have_class(re.compile(r"\bjp-mod-active\b"))
    page.keyboard.press("Shift+Enter")
    expect(prompt).to_have_text(re.compile(r"\[(\d+|\*)\]:"), timeout=30_000)  # accepted
    expect(prompt).to_have_text(re.compile(r"\[\d+\]:"), timeout=CELL_TIMEOUT_MS)  # finished


def _dismiss_news(page: Page) -> None:
    """Answer JupyterLab's "notified about official Jupyter news?" toast, as a learner would."""
    toast = page.get_by_text("official Jupyter news")
    if toast.count() and toast.first.is_visible():
        page.get_by_role("button", name="No", exact=True).click()
        from playwright.sync_api import expect

        expect(toast).to_have_count(0, timeout=10_000)


def test_make_lab_prints_a_url_that_serves_lessons(lab: Lab) -> None:
    text = lab.text()
    assert "Starting JupyterLab on lessons/" in text
    assert ("--allow-root" in text) == (os.geteuid() == 0), "--allow-root for root only"
    assert "Running as root is not recommended" not in text
    assert _status_ok(lab.url)


def test_lesson_and_quiz_in_a_real_browser(lab: Lab) -> None:
    from playwright.sync_api import expect, sync_playwright

    shots = REPO / "build"
    shots.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        try:
            page.goto(lab.url)
            listing = page.locator(".jp-DirListing-content")
            lesson = listing.get_by_text("01_binary_sentiment.ipynb", exact=True)
            expect(lesson).to_be_visible(timeout=60_000)
            lesson.dblclick()

            notebook = page.locator(".jp-NotebookPanel:visible")
            code_cells = notebook.locator(".jp-CodeCell")
            expect(code_cells.first).to_be_visible(timeout=60_000)
            kernel_idle = page.get_by_role("button", name=re.compile(r"\| Idle$"))
            expect(kernel_idle).to_be_visible(timeout=CELL_TIMEOUT_MS)  # kernel started
            for index in (0, 1):  # the setup cell (imports course_lib), then cl.start_lesson()
                _run_cell(page, code_cells.nth(index))
            banner = code_cells.nth(1).locator(
                ".jp-OutputArea-output", has_text="[course] profile="
            )
            expect(banner).to_be_visible(timeout=CELL_TIMEOUT_MS)
            text = banner.inner_text().strip()
            assert text.startswith(BANNER), text
            assert "data=sentiment" in text and "checkpoint=all-MiniLM-L6-v2" in text, text
            _dismiss_news(page)
            errors = notebook.locator(".jp-OutputArea-output[data-mime-type*='error']")
            assert errors.count() == 0, errors.all_inner_texts()
            page.screenshot(path=str(shots / "lab-lesson01.png"))

            page.locator(".jp-BreadCrumbs-home").click()
            listing.get_by_text("quiz", exact=True).dblclick()
            quiz = listing.get_by_text("quiz.ipynb", exact=True)
            expect(quiz).to_be_visible(timeout=30_000)
            quiz.dblclick()
            heading = page.locator(".jp-NotebookPanel:visible h1", has_text="Self-check quiz")
            expect(heading).to_be_visible(timeout=60_000)
            page.screenshot(path=str(shots / "lab-quiz.png"))
        except Exception:
            page.screenshot(path=str(shots / "lab-failure.png"))
            raise
        finally:
            browser.close()
    for name in ("lab-lesson01.png", "lab-quiz.png"):
        assert (shots / name).stat().st_size > 10_000, f"{name} looks empty"


def test_a_taken_port_gives_the_url_of_the_server_that_started(lab: Lab, tmp_path: Path) -> None:
    """A second `make lab` on the same port: Jupyter moves on, and prints where it went."""
    second = _start_lab(lab.folder, lab.port, tmp_path / "second.log", lab.env)
    try:
        assert second.port != lab.port
        assert f"{lab.port} is already in use" in second.text()
        assert _status_ok(second.url) and _status_ok(lab.url)
    finally:
        _stop_lab(second)
    assert second.proc.poll() is not None


def test_make_lab_adds_allow_root_for_root_only(tmp_path: Path) -> None:
    """The same Makefile for root and for an ordinary user (`runuser` when the tests run as root)."""
    dry = ["make", "-n", "-B", "lab", f"VENV={VENV}"]
    mine = subprocess.run(dry, cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert ("--allow-root" in mine) == (os.geteuid() == 0)
    if os.geteuid() != 0 or not shutil.which("runuser"):
        return
    folder = Path(tempfile.mkdtemp(prefix="lab-nobody-"))  # readable by nobody, unlike a checkout
    try:
        folder.chmod(0o755)
        for name in ("Makefile", "pyproject.toml"):
            shutil.copy2(REPO / name, folder / name)
            (folder / name).chmod(0o644)
        other = subprocess.run(
            ["runuser", "-u", "nobody", "--", *dry],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        shutil.rmtree(folder)
    assert "jupyter lab --no-browser" in other and "--allow-root" not in other
