"""A throwaway PostgreSQL server for tests and CI (standard library only).

``start`` runs Debian's ``initdb`` and ``pg_ctl`` from ``/usr/lib/postgresql/<version>/bin`` in a
fresh temporary folder, as the ``postgres`` user when called by root (PostgreSQL refuses to run
as root). The server listens on a unix socket inside that folder and on 127.0.0.1 (a free port)
only; local socket connections are trusted, TCP connections need a password (scram-sha-256), so
that tests can check a wrong password for real. ``stop`` stops it and removes the folder.

    python3 scripts/pg_throwaway.py start      # prints the folder, then the superuser URL
    python3 scripts/pg_throwaway.py stop DIR

``.ci/run`` starts one for the whole test run and exports its URL as COURSE_TEST_POSTGRES_URL;
tests/test_nbgrader_postgres.py starts its own through :func:`start` when that is unset.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

SUPERUSER = "postgres"
URL_FILE = "url"


def find_bin() -> Path | None:
    """The newest PostgreSQL server binaries folder (``initdb``, ``pg_ctl``), or None."""
    candidates = sorted(
        (Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin") if (Path(p) / "initdb").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if candidates:
        return candidates[-1]
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _as_server_user(cmd: list[str]) -> list[str]:
    """Prefix ``cmd`` so that it runs as an ordinary user (``postgres``) when we are root."""
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", SUPERUSER, "--", *cmd]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(folder: str | Path | None = None) -> tuple[Path, str]:
    """Create and start a server; returns (its folder, a superuser URL over the unix socket).

    The URL is an SQLAlchemy URL for psycopg 3: ``postgresql+psycopg://postgres@/postgres?
    host=<folder>/sock&port=<port>``. The superuser's TCP password is in ``<folder>/password``.
    """
    bindir = find_bin()
    if bindir is None:
        raise RuntimeError("no PostgreSQL server binaries (apt-get install postgresql)")
    base = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="course-pg-"))
    base.mkdir(parents=True, exist_ok=True)
    data, sock = base / "data", base / "sock"
    sock.mkdir(exist_ok=True)
    password = secrets.token_hex(12)
    (base / "password").write_text(password + "\n")
    if os.geteuid() == 0:
        shutil.chown(base, SUPERUSER)
        shutil.chown(sock, SUPERUSER)
        shutil.chown(base / "password", SUPERUSER)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE, "text": True}
    init = subprocess.run(
        _as_server_user(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                SUPERUSER,
                f"--pwfile={base / 'password'}",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--no-sync",
            ]
        ),
        **quiet,
    )
    if init.returncode != 0:
        raise RuntimeError(f"initdb failed: {init.stderr.strip()}")
    port = _free_port()
    options = (
        f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={sock} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
    )
    started = subprocess.run(
        _as_server_user(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(base / "server.log"),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ]
        ),
        **quiet,
    )
    if started.returncode != 0:
        log = (base / "server.log").read_text() if (base / "server.log").exists() else ""
        raise RuntimeError(f"pg_ctl start failed: {started.stderr.strip()} {log[-1000:]}")
    url = f"postgresql+psycopg://{SUPERUSER}@/postgres?host={sock}&port={port}"
    (base / URL_FILE).write_text(url + "\n")
    return base, url


def stop(folder: str | Path) -> None:
    """Stop the server of ``folder`` (immediately: it holds nothing to keep) and remove it."""
    base = Path(folder)
    bindir = find_bin()
    if bindir is not None and (base / "data" / "postmaster.pid").exists():
        subprocess.run(
            _as_server_user(
                [str(bindir / "pg_ctl"), "-D", str(base / "data"), "-m", "immediate", "-w", "stop"]
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
    shutil.rmtree(base, ignore_errors=True)


def main(argv: list[str]) -> int:
    if argv[:1] == ["start"]:
        base, url = start(argv[1] if len(argv) > 1 else None)
        print(base)
        print(url)
        return 0
    if argv[:1] == ["stop"] and len(argv) == 2:
        stop(argv[1])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
