"""Database triggers that keep the audit table append-only below the ORM.

The model and its queryset already refuse updates and deletes; these triggers refuse them to any
SQL at all (a raw query, a shell, a bug elsewhere), on SQLite and on PostgreSQL alike. The
database answers such a statement with an integrity error naming ``MESSAGE``.

A SQLite table rebuild (an ``AlterField`` on ``core_auditevent``) drops the table's triggers: a
migration that alters the table must call ``install`` again afterwards. The test
``test_audit_table_refuses_sql_updates_and_deletes`` fails if it does not.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

TABLE = "core_auditevent"
MESSAGE = "the audit trail is append-only"

_SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
_SQLITE_REMOVE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete",
]

# SQLSTATE 23001 (restrict_violation) reaches Django as an IntegrityError, as on SQLite.
_POSTGRES_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
    END;
    $$""",
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
    f"""CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse_change()""",
]
_POSTGRES_REMOVE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_refuse_change()",
]

_STATEMENTS = {
    "sqlite": (_SQLITE_INSTALL, _SQLITE_REMOVE),
    "postgresql": (_POSTGRES_INSTALL, _POSTGRES_REMOVE),
}


def _run(connection: Any, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(connection: Any) -> None:
    """Create the triggers on ``connection``'s database (a no-op on other vendors)."""
    install_sql, _ = _STATEMENTS.get(connection.vendor, ([], []))
    _run(connection, install_sql)


def remove(connection: Any) -> None:
    _, remove_sql = _STATEMENTS.get(connection.vendor, ([], []))
    _run(connection, remove_sql)


@contextmanager
def suspended_for_flush(connection: Any) -> Iterator[None]:
    """Lift the triggers while the whole database is emptied (``manage.py flush``).

    Flushing is the owner wiping every table, not an edit of the trail. PostgreSQL empties
    tables with TRUNCATE, which row triggers do not see; SQLite deletes row by row, so there the
    triggers go for the duration and come back afterwards.
    """
    if connection.vendor != "sqlite":
        yield
        return
    remove(connection)
    try:
        yield
    finally:
        install(connection)
