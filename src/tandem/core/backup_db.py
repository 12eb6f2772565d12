"""The database half of a backup: dump, load, count rows; SQLite and PostgreSQL.

SQLite is copied through its online backup API, page by page under the database's own locks, so
a running server may go on writing. PostgreSQL is dumped with ``pg_dump`` in its custom format
and loaded with ``pg_restore``. Both sides count the rows of every table, so a restore can check
it put back exactly what was saved.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

# Tables that a freshly migrated database already fills: rows there do not make it "in use".
FRAMEWORK_TABLES = {"django_migrations", "django_content_type", "auth_permission"}


class BackupError(Exception):
    """What went wrong, in words for the person running the command."""


def vendor_of(database: dict[str, Any]) -> str:
    engine = str(database.get("ENGINE", ""))
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"Backups cover SQLite and PostgreSQL; this database's engine is {engine}.")


# SQLite -----------------------------------------------------------------------------------------


def _sqlite_path(database: dict[str, Any]) -> Path:
    return Path(str(database["NAME"]))


@contextlib.contextmanager
def _sqlite(path: Path, *, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    uri = f"{path.resolve().as_uri()}?mode=ro" if read_only else path.resolve().as_uri()
    conn = sqlite3.connect(uri, uri=True, timeout=30)
    try:
        yield conn
    finally:
        conn.close()


def _sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    quoted = {name: '"' + name.replace('"', '""') + '"' for name in names}
    return {
        name: conn.execute(f"SELECT count(*) FROM {quoted[name]}").fetchone()[0]  # noqa: S608
        for name in names
    }


def dump_sqlite(database: dict[str, Any], out: Path) -> dict[str, int]:
    """Copy the live database to ``out``; the row count of each table in the copy."""
    source = _sqlite_path(database)
    if not source.is_file():
        raise BackupError(f"There is no SQLite database at {source}.")
    with _sqlite(source, read_only=True) as src, _sqlite(out) as dst:
        src.backup(dst)
        return _sqlite_counts(dst)


def sqlite_counts(database: dict[str, Any]) -> dict[str, int]:
    path = _sqlite_path(database)
    if not path.is_file():
        return {}
    with _sqlite(path, read_only=True) as conn:
        return _sqlite_counts(conn)


def load_sqlite(dump: Path, database: dict[str, Any], *, keep_old_as: Path | None) -> None:
    """Replace the target's content with ``dump`` through the backup API, which takes the
    target's locks like any writer; ``keep_old_as`` receives a copy of what was there."""
    target = _sqlite_path(database)
    target.parent.mkdir(parents=True, exist_ok=True)
    if keep_old_as is not None and target.is_file():
        with _sqlite(target, read_only=True) as old, _sqlite(keep_old_as) as kept:
            old.backup(kept)
    with _sqlite(dump, read_only=True) as src, _sqlite(target) as dst:
        src.backup(dst)


# PostgreSQL -------------------------------------------------------------------------------------


def _pg_connect_args(database: dict[str, Any]) -> dict[str, Any]:
    args = {
        "dbname": database.get("NAME") or None,
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
    }
    options = database.get("OPTIONS") or {}
    args.update({k: v for k, v in options.items() if k in {"sslmode", "sslrootcert", "options"}})
    return {k: v for k, v in args.items() if v is not None}


def _pg_env(database: dict[str, Any]) -> dict[str, str]:
    """The environment of pg_dump and pg_restore: connection settings as PG* variables, so the
    password never shows in the process list."""
    names = {"dbname": "PGDATABASE", "user": "PGUSER", "password": "PGPASSWORD"}
    names |= {"host": "PGHOST", "port": "PGPORT", "sslmode": "PGSSLMODE"}
    names |= {"sslrootcert": "PGSSLROOTCERT", "options": "PGOPTIONS"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update({names[k]: str(v) for k, v in _pg_connect_args(database).items()})
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found: install PostgreSQL's client programs (Debian: apt-get install "
            "postgresql-client), of the server's major version or newer."
        )
    return path


@contextlib.contextmanager
def _pg(database: dict[str, Any]) -> Iterator[psycopg.Connection[Any]]:
    try:
        conn = psycopg.connect(**_pg_connect_args(database), connect_timeout=10)
    except psycopg.Error as exc:
        raise BackupError(f"PostgreSQL does not answer: {exc}".strip()) from exc
    try:
        yield conn
    finally:
        conn.close()


def _pg_counts(conn: psycopg.Connection[Any]) -> dict[str, int]:
    with conn.cursor() as cur:
        cur.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        )
        names = [row[0] for row in cur.fetchall()]
        counts = {}
        for name in names:
            cur.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name)))
            row = cur.fetchone()
            counts[name] = int(row[0]) if row else 0
    return counts


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{what} failed: {done.stderr.strip() or done.stdout.strip()}")


def dump_postgres(database: dict[str, Any], out: Path) -> dict[str, int]:
    """``pg_dump`` in the custom format to ``out``; the row count of each table, read in the
    very snapshot the dump is taken from."""
    pg_dump = _pg_tool("pg_dump")
    with _pg(database) as conn:
        # The transaction begins with the first statement below and holds the snapshot until
        # pg_dump has finished with it.
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        row = conn.execute("SELECT pg_export_snapshot()").fetchone()
        snapshot = str(row[0]) if row else ""
        counts = _pg_counts(conn)
        command = [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={out}"]
        _run(command, _pg_env(database), "pg_dump")
        conn.rollback()
    return counts


def postgres_counts(database: dict[str, Any]) -> dict[str, int]:
    with _pg(database) as conn:
        return _pg_counts(conn)


def load_postgres(dump: Path, database: dict[str, Any], *, clean: bool) -> None:
    """``pg_restore`` in one transaction: all of it or nothing. ``clean`` drops the objects it
    is about to create first (restoring over a database in use)."""
    command = [
        _pg_tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={database.get('NAME')}",
    ]
    if clean:
        command += ["--clean", "--if-exists"]
    _run([*command, str(dump)], _pg_env(database), "pg_restore")


# Both -------------------------------------------------------------------------------------------


def row_counts(database: dict[str, Any]) -> dict[str, int]:
    """Rows per table of the database as it is now ({} for a SQLite file not made yet)."""
    if vendor_of(database) == "sqlite":
        return sqlite_counts(database)
    return postgres_counts(database)


def in_use(counts: dict[str, int]) -> list[str]:
    """The tables holding data of their own (not just what migrating wrote)."""
    return sorted(t for t, n in counts.items() if n and t not in FRAMEWORK_TABLES)
