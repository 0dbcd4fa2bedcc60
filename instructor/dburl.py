"""Check a gradebook URL (``COURSE_DB_URL``) before anything is graded into it.

nbgrader accepts any SQLAlchemy URL and fails deep inside a grading run when it is wrong, with a
stack trace and sometimes the password in it. :func:`check_gradebook_url` parses the URL, loads
its driver and, for a database server, connects once with a short timeout, so that a wrong URL
stops with one sentence: what is wrong, the URL with its password hidden, and what to do.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.pool import NullPool

from course_lib.errors import InstructorError
from instructor.course import DB_URL_ENV

#: Drivers the course is tested with, and what to install for each.
DRIVERS = {
    "sqlite": "built into Python",
    "postgresql+psycopg": 'pip install "psycopg[binary]"',
    "postgresql+psycopg2": "pip install psycopg2-binary",
}
#: ``postgresql://`` alone means psycopg2 to SQLAlchemy.
DEFAULT_DRIVER = {"postgresql": "psycopg2"}
CONNECT_TIMEOUT = 5
URL_FORMS = (
    "postgresql+psycopg://USER:PASSWORD@HOST:5432/DATABASE, "
    "postgresql+psycopg://USER@/DATABASE?host=/run/postgresql (unix socket) or "
    "sqlite:////absolute/path/gradebook.db"
)


class GradebookURLError(InstructorError):
    """The gradebook URL cannot be used; the message says why and what to do."""


def safe_url(url: str | URL) -> str:
    """The URL as text with its password replaced by ``***`` (unparsable text is elided)."""
    try:
        return _shown(make_url(url))
    except ArgumentError:
        return "<not a URL>"


def _shown(url: URL) -> str:
    """``url`` for messages: password hidden, a socket folder in the query left readable."""
    return unquote(url.render_as_string(hide_password=True))


def _load_driver(url: URL, shown: str) -> str:
    """Import the URL's DBAPI module; returns ``backend+driver``."""
    backend = url.get_backend_name()
    driver = url.get_driver_name() if "+" in url.drivername else DEFAULT_DRIVER.get(backend, "")
    name = f"{backend}+{driver}" if backend != "sqlite" else "sqlite"
    supported = ", ".join(DRIVERS)
    try:
        dialect = url.get_dialect()
    except NoSuchModuleError:
        raise GradebookURLError(
            f"{DB_URL_ENV}={shown} names the unknown database driver {url.drivername!r}: use one "
            f"of {supported} (e.g. {URL_FORMS})"
        ) from None
    if name not in DRIVERS:
        raise GradebookURLError(
            f"{DB_URL_ENV}={shown} uses {url.drivername!r}, which the course is not tested with: "
            f"use one of {supported}"
        )
    try:
        dialect.import_dbapi()
    except ImportError:
        raise GradebookURLError(
            f"{DB_URL_ENV}={shown} needs the {name} driver, which is not installed: {DRIVERS[name]}"
        ) from None
    return name


def _explain(err: DBAPIError, url: URL, shown: str) -> str:
    """One sentence for a failed connection to a PostgreSQL server."""
    message = str(err.orig or err).strip()
    lower = message.lower()
    where = url.query.get("host") or url.host or "localhost"
    port = url.port or url.query.get("port") or 5432
    user = url.username or "(your login name)"
    database = url.database or user
    if "does not exist" in lower and "database" in lower:
        return (
            f"the database {database!r} does not exist on the server of {DB_URL_ENV}={shown}: "
            f"create it once (createdb -h {where} -p {port} -U {user} {database}); "
            "`python -m instructor gradebook` then creates the tables"
        )
    if (
        "password authentication failed" in lower
        or "no password supplied" in lower
        or ("role" in lower and "does not exist" in lower)
    ):
        return (
            f"the server refused user {user!r} (wrong password, missing password or unknown "
            f"user) for {DB_URL_ENV}={shown}: fix the user and password in the URL (or in "
            "~/.pgpass), or ask the database administrator for an account"
        )
    if (
        "connection refused" in lower
        or "no such file or directory" in lower
        or "timeout" in lower
        or "could not translate host name" in lower
        or "name or service not known" in lower
        or "could not connect" in lower
        or "connection failed" in lower
    ):
        first = message.splitlines()[0][:160]
        return (
            f"cannot reach the gradebook server of {DB_URL_ENV}={shown} ({first}): start "
            f"PostgreSQL on {where} port {port}, or fix the host and port in the URL"
        )
    first = message.splitlines()[0][:200]
    return f"cannot open the gradebook {DB_URL_ENV}={shown}: {first}"


def check_gradebook_url(raw: str, timeout: int = CONNECT_TIMEOUT) -> URL:
    """Raise :class:`GradebookURLError` with one clear sentence unless ``raw`` can be used.

    Checks, in order: the URL parses, its driver is one the course supports and is installed,
    and (database servers only) a connection opens within ``timeout`` seconds. Returns the
    parsed URL.
    """
    try:
        url = make_url(raw)
    except ArgumentError:
        raise GradebookURLError(
            f"{DB_URL_ENV}={raw.split('@')[-1]!r} is not a database URL: write it as {URL_FORMS}"
        ) from None
    shown = _shown(url)
    name = _load_driver(url, shown)
    if name == "sqlite":
        if url.database and url.database != ":memory:":
            folder = Path(url.database).expanduser().resolve().parent
            if not folder.is_dir():
                raise GradebookURLError(
                    f"{DB_URL_ENV}={shown} points into {folder}, which does not exist: create "
                    "the folder or fix the path (four slashes for an absolute path)"
                )
        return url
    engine = create_engine(url, connect_args={"connect_timeout": timeout}, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError as err:
        raise GradebookURLError(_explain(err, url, shown)) from None
    finally:
        engine.dispose()
    return url
