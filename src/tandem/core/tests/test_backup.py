"""``tandem backup`` and ``tandem restore``: round trips on SQLite and PostgreSQL, and every way a
restore refuses (a target in use, a damaged or foreign archive, another database vendor)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import tarfile
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from psycopg import sql

from tandem.core.backup import BackupError, create_backup, restore_backup
from tandem.core.backup_db import row_counts
from tandem.testing.factories import World, make_world
from tandem.testing.factories_planning import make_link, make_task
from tandem.testing.factories_records import make_document, make_version

NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
SQLITE = "django.db.backends.sqlite3"


def _populate(media_root: Path) -> World:
    """make_world, a few tasks with a link, and a document with an uploaded version."""
    world = make_world()
    design = make_task(world.project, "Design")
    build = make_task(world.project, "Build")
    make_task(world.project, "Launch")
    make_link(design, build)
    document = make_document(world)
    make_version(world, document, content=b"%PDF-1.7 the charter, version one")
    assert any(p.is_file() for p in media_root.rglob("*"))
    return world


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _tiny_sqlite(path: Path, *, organizations: int = 1) -> dict[str, Any]:
    """A small SQLite database of its own, for the refusal tests (no Django connection)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE accounts_organization (id integer primary key, name text)")
    conn.execute("CREATE TABLE django_migrations (id integer primary key, app text)")
    conn.execute("INSERT INTO django_migrations (app) VALUES ('accounts')")
    for n in range(organizations):
        conn.execute("INSERT INTO accounts_organization (name) VALUES (?)", (f"Org {n}",))
    conn.commit()
    conn.close()
    return {"ENGINE": SQLITE, "NAME": str(path)}


def _tiny_backup(tmp_path: Path) -> Path:
    media = tmp_path / "source" / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "plan.pdf").write_bytes(b"%PDF-1.7 plan")
    archive = tmp_path / "backup.tar.gz"
    database = _tiny_sqlite(tmp_path / "source" / "tandem.sqlite3", organizations=2)
    create_backup(archive, database=database, media_root=media, now=NOW)
    return archive


# SQLite round trip ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_sqlite_round_trip_into_an_empty_data_directory(settings: Any, tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite round trip runs in the SQLite pass of the suite")
    # given a populated installation (committed: the backup reads the database file)
    settings.MEDIA_ROOT = tmp_path / "source-media"
    _populate(settings.MEDIA_ROOT)
    source = connection.settings_dict
    expected = row_counts(source)

    # when it is backed up and restored into an empty data directory
    archive = tmp_path / "out" / "backup.tar.gz"
    made = create_backup(archive, database=source, media_root=settings.MEDIA_ROOT, now=NOW)
    empty = tmp_path / "empty-data-dir"
    target = {"ENGINE": SQLITE, "NAME": str(empty / "tandem.sqlite3")}
    restored = restore_backup(
        archive, database=target, media_root=empty / "media", force=False, now=NOW
    )

    # then every table has the same rows and every uploaded file the same bytes
    assert row_counts(target) == expected
    assert expected["planning_task"] == 3
    assert expected["records_documentversion"] == 1
    assert _files(empty / "media") == _files(settings.MEDIA_ROOT)
    assert (made.tables, made.media_files) == (expected, 1)
    assert (restored.tables, restored.media_files, restored.kept_aside) == (expected, 1, [])
    assert restored.created_at == "2026-03-02T09:30:00+00:00"
    assert oct(archive.stat().st_mode & 0o777) == "0o600"


def test_manifest_lists_version_vendor_time_checksums_and_row_counts(tmp_path: Path) -> None:
    archive = _tiny_backup(tmp_path)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        member = tar.extractfile("manifest.json")
        assert member is not None
        manifest = json.load(member)
    assert names == ["database/tandem.sqlite3", "media/documents/plan.pdf", "manifest.json"]
    assert manifest["format"] == 1
    assert manifest["database_vendor"] == "sqlite"
    assert manifest["created_at"] == "2026-03-02T09:30:00+00:00"
    assert manifest["tandem_version"] == "0.1.0"
    assert manifest["tables"] == {"accounts_organization": 2, "django_migrations": 1}
    assert manifest["files"][1] == {
        "path": "media/documents/plan.pdf",
        "sha256": hashlib.sha256(b"%PDF-1.7 plan").hexdigest(),
        "bytes": 13,
    }


# Refusals -------------------------------------------------------------------------------------


def test_restore_refuses_a_database_in_use_and_changes_nothing(tmp_path: Path) -> None:
    archive = _tiny_backup(tmp_path)
    target = _tiny_sqlite(tmp_path / "target" / "tandem.sqlite3", organizations=5)
    media = tmp_path / "target" / "media"

    with pytest.raises(BackupError, match=r"the database holds data \(accounts_organization\)"):
        restore_backup(archive, database=target, media_root=media, force=False, now=NOW)

    assert row_counts(target)["accounts_organization"] == 5
    assert not media.exists()


def test_restore_refuses_an_uploads_folder_in_use(tmp_path: Path) -> None:
    archive = _tiny_backup(tmp_path)
    target = {"ENGINE": SQLITE, "NAME": str(tmp_path / "target" / "tandem.sqlite3")}
    media = tmp_path / "target" / "media"
    media.mkdir(parents=True)
    (media / "mine.txt").write_text("keep me")

    with pytest.raises(BackupError, match="media holds uploaded files"):
        restore_backup(archive, database=target, media_root=media, force=False, now=NOW)

    assert _files(media) == {"mine.txt": b"keep me"}
    assert not Path(target["NAME"]).exists()


def test_forced_restore_keeps_what_was_there_aside(tmp_path: Path) -> None:
    archive = _tiny_backup(tmp_path)
    target = _tiny_sqlite(tmp_path / "target" / "tandem.sqlite3", organizations=5)
    media = tmp_path / "target" / "media"
    media.mkdir()
    (media / "mine.txt").write_text("keep me")

    summary = restore_backup(archive, database=target, media_root=media, force=True, now=NOW)

    assert row_counts(target)["accounts_organization"] == 2
    assert _files(media) == {"documents/plan.pdf": b"%PDF-1.7 plan"}
    old_db = tmp_path / "target" / "tandem.sqlite3.replaced-20260302-093000"
    old_media = tmp_path / "target" / "media.replaced-20260302-093000"
    assert summary.kept_aside == [old_db, old_media]
    assert row_counts({"ENGINE": SQLITE, "NAME": str(old_db)})["accounts_organization"] == 5
    assert _files(old_media) == {"mine.txt": b"keep me"}


def _read(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    data = tar.extractfile(member)
    assert data is not None
    return data.read()


def _rewrite(
    archive: Path, change: dict[str, bytes | None], extra: tarfile.TarInfo | None = None
) -> Path:
    """Copy ``archive`` with some members' bytes replaced (None drops the member)."""
    with tarfile.open(archive) as tar:
        members = [(m, _read(tar, m)) for m in tar.getmembers()]
    out = archive.with_name("changed.tar.gz")
    with tarfile.open(out, "w:gz") as tar:
        for member, data in members:
            new = change.get(member.name, data)
            if new is None:
                continue
            member.size = len(new)
            tar.addfile(member, io.BytesIO(new))
        if extra is not None:
            tar.addfile(extra, io.BytesIO(b"x" * extra.size))
    return out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"media/documents/plan.pdf": b"%PDF-1.7 PLAN"},
            "checksum mismatch: media/documents/plan.pdf",
        ),
        ({"media/documents/plan.pdf": None}, "missing: media/documents/plan.pdf"),
        ({"manifest.json": b"{not json"}, "has no readable manifest.json"),
        ({"manifest.json": b'{"format": 99}'}, "is in backup format 99, not 1"),
    ],
)
def test_a_damaged_backup_restores_nothing(
    tmp_path: Path, change: dict[str, bytes | None], message: str
) -> None:
    damaged = _rewrite(_tiny_backup(tmp_path), change)
    target = {"ENGINE": SQLITE, "NAME": str(tmp_path / "target" / "tandem.sqlite3")}
    media = tmp_path / "target" / "media"

    with pytest.raises(BackupError, match=message):
        restore_backup(damaged, database=target, media_root=media, force=False, now=NOW)

    assert not Path(target["NAME"]).exists()
    assert not media.exists()


@pytest.mark.parametrize("name", ["../outside.txt", "/etc/cron.d/x", "notes/readme.txt"])
def test_an_archive_with_foreign_paths_is_refused(tmp_path: Path, name: str) -> None:
    extra = tarfile.TarInfo(name)
    extra.size = 3
    foreign = _rewrite(_tiny_backup(tmp_path), {}, extra)
    target = {"ENGINE": SQLITE, "NAME": str(tmp_path / "target" / "tandem.sqlite3")}

    with pytest.raises(BackupError, match="is not a Tandem backup: unexpected"):
        restore_backup(
            foreign, database=target, media_root=tmp_path / "target" / "media", force=False, now=NOW
        )

    assert not (tmp_path / "outside.txt").exists()
    assert not Path(target["NAME"]).exists()


def test_a_sqlite_backup_is_not_restored_into_postgresql(tmp_path: Path) -> None:
    archive = _tiny_backup(tmp_path)
    target = {"ENGINE": "django.db.backends.postgresql", "NAME": "tandem"}
    with pytest.raises(BackupError, match="is of a sqlite database and the target is postgresql"):
        restore_backup(archive, database=target, media_root=tmp_path / "m", force=False, now=NOW)


def test_backup_of_a_missing_sqlite_file_says_so(tmp_path: Path) -> None:
    database = {"ENGINE": SQLITE, "NAME": str(tmp_path / "nothing.sqlite3")}
    with pytest.raises(BackupError, match="There is no SQLite database at"):
        create_backup(tmp_path / "b.tar.gz", database=database, media_root=tmp_path, now=NOW)
    assert list(tmp_path.iterdir()) == []


# The commands ---------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_commands_back_up_and_refuse_to_restore_over_the_database_in_use(
    settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    _populate(settings.MEDIA_ROOT)
    out = io.StringIO()
    archive = tmp_path / "b.tar.gz"

    call_command("backup", "--out", str(archive), stdout=out)

    assert f"Backup written to {archive}" in out.getvalue()
    assert "1 uploaded files" in out.getvalue()
    with pytest.raises(CommandError, match="Nothing was restored: the database holds data"):
        call_command("restore", str(archive))
    with pytest.raises(CommandError, match="No such backup"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))


# PostgreSQL round trip ------------------------------------------------------------------------


@pytest.fixture
def empty_postgres_database() -> Any:
    """A new, empty PostgreSQL database beside the test database; dropped afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "the PostgreSQL round trip runs in the PostgreSQL pass (DATABASE_URL=postgres://...)"
        )
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump and pg_restore are not installed (apt-get install postgresql-client)")
    source = connection.settings_dict
    name = f"{source['NAME']}_restore_{os.getpid()}"
    params = {
        "dbname": "postgres",
        "user": source.get("USER") or None,
        "password": source.get("PASSWORD") or None,
        "host": source.get("HOST") or None,
        "port": source.get("PORT") or None,
    }
    admin = psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True)
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    admin.execute(drop)
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield {**source, "NAME": name}
    finally:
        admin.execute(drop)
        admin.close()


@pytest.mark.django_db(transaction=True)
def test_postgresql_round_trip_into_an_empty_database(
    empty_postgres_database: dict[str, Any], settings: Any, tmp_path: Path
) -> None:
    # given a populated installation on PostgreSQL
    settings.MEDIA_ROOT = tmp_path / "source-media"
    _populate(settings.MEDIA_ROOT)
    source = connection.settings_dict
    expected = row_counts(source)
    archive = tmp_path / "backup.tar.gz"

    # when it is backed up and restored into an empty database and uploads folder
    create_backup(archive, database=source, media_root=settings.MEDIA_ROOT, now=NOW)
    target = empty_postgres_database
    restored = restore_backup(
        archive, database=target, media_root=tmp_path / "empty" / "media", force=False, now=NOW
    )

    # then every table has the same rows and every uploaded file the same bytes
    assert row_counts(target) == expected
    assert expected["planning_task"] == 3
    assert expected["records_documentversion"] == 1
    assert restored.vendor == "postgresql"
    assert _files(tmp_path / "empty" / "media") == _files(settings.MEDIA_ROOT)
