"""``tandem backup`` and ``tandem restore``: the database and the uploaded files in one .tar.gz.

The archive holds ``database/tandem.sqlite3`` (SQLite) or ``database/tandem.pgdump``
(PostgreSQL, ``pg_dump``'s custom format), the uploads under ``media/``, and last
``manifest.json``: format, Tandem's version, the database vendor, when it was made, the SHA-256
and size of every file, and the row count of every table. A restore checks all of it before it
touches anything, refuses a database or uploads folder that is in use unless forced, and checks
the row counts again afterwards.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import io
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from .backup_db import (
    BackupError,
    dump_postgres,
    dump_sqlite,
    in_use,
    load_postgres,
    load_sqlite,
    row_counts,
    vendor_of,
)

__all__ = ["BackupError", "BackupSummary", "create_backup", "restore_backup"]

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "database/tandem.sqlite3", "postgresql": "database/tandem.pgdump"}
MEDIA = "media"
_CHUNK = 1024 * 1024


@dataclass
class BackupSummary:
    """What a backup holds (after ``create_backup``) or what was put back (``restore_backup``)."""

    archive: Path
    vendor: str
    created_at: str
    tables: dict[str, int]
    media_files: int
    media_bytes: int
    kept_aside: list[Path] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    def describe(self) -> str:
        return (
            f"{self.vendor} database: {len(self.tables)} tables, {self.rows} rows; "
            f"{self.media_files} uploaded files ({self.media_bytes} bytes)"
        )


def default_archive_name(now: dt.datetime) -> str:
    return f"tandem-backup-{now.astimezone(dt.UTC):%Y%m%d-%H%M%S}.tar.gz"


def _tandem_version() -> str:
    try:
        return importlib.metadata.version("tandem")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


class _Hashing:
    """A reader that hashes what tarfile reads through it."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha256.update(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    info = tar.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as raw:
        reader = _Hashing(raw)
        tar.addfile(info, reader)
    return {"path": name, "sha256": reader.sha256.hexdigest(), "bytes": info.size}


def _media_files(media_root: Path) -> Iterator[tuple[Path, str]]:
    """Regular files under the uploads folder, in a stable order, with their archive names."""
    if not media_root.is_dir():
        return
    for folder, dirs, files in os.walk(media_root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path, f"{MEDIA}/{path.relative_to(media_root).as_posix()}"


def create_backup(
    out: Path, *, database: dict[str, Any], media_root: Path, now: dt.datetime
) -> BackupSummary:
    """Write the backup to ``out`` (mode 0600: it holds every password hash). The archive appears
    under its name only once complete."""
    vendor = vendor_of(database)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    created_at = now.astimezone(dt.UTC).isoformat()
    with tempfile.TemporaryDirectory(prefix="tandem-backup-", dir=out.parent) as scratch:
        dump = Path(scratch) / "database"
        tables = (dump_sqlite if vendor == "sqlite" else dump_postgres)(database, dump)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                files = [_add_file(tar, dump, DATABASE_FILES[vendor])]
                files += [_add_file(tar, path, name) for path, name in _media_files(media_root)]
                manifest = {
                    "format": FORMAT,
                    "tandem_version": _tandem_version(),
                    "database_vendor": vendor,
                    "created_at": created_at,
                    "files": files,
                    "tables": tables,
                }
                _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1).encode())
            os.replace(partial, out)
        finally:
            partial.unlink(missing_ok=True)
    media = [f for f in files if f["path"].startswith(f"{MEDIA}/")]
    return BackupSummary(
        archive=out,
        vendor=vendor,
        created_at=created_at,
        tables=tables,
        media_files=len(media),
        media_bytes=sum(f["bytes"] for f in media),
    )


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


# Restore ----------------------------------------------------------------------------------------


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and ".." not in path.parts
        and (name == MANIFEST or name in DATABASE_FILES.values() or name.startswith(f"{MEDIA}/"))
    )


def _unpack(archive: Path, into: Path) -> dict[str, Any]:
    """Extract the archive's regular files (refusing any other kind of member or a path that
    leaves the folder) and return its manifest."""
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            members = tar.getmembers()
            bad = [m.name for m in members if not (m.isfile() and _safe_name(m.name))]
            if bad:
                raise BackupError(f"{archive} is not a Tandem backup: unexpected {bad[:3]}")
            tar.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{archive} cannot be read as a backup: {exc}") from exc
    try:
        manifest: dict[str, Any] = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{archive} has no readable {MANIFEST}: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{archive} is in backup format {manifest.get('format')!r}, not {FORMAT}."
        )
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _verify(manifest: dict[str, Any], root: Path) -> None:
    """Every file listed is there with its size and checksum, and nothing else is."""
    listed = {f["path"]: f for f in manifest["files"]}
    present = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    present.discard(MANIFEST)
    problems = [f"missing: {name}" for name in sorted(set(listed) - present)]
    problems += [f"not in the manifest: {name}" for name in sorted(present - set(listed))]
    for name in sorted(set(listed) & present):
        path = root / name
        if path.stat().st_size != listed[name]["bytes"] or _sha256(path) != listed[name]["sha256"]:
            problems.append(f"checksum mismatch: {name}")
    database = DATABASE_FILES.get(str(manifest.get("database_vendor")))
    if database not in listed:
        problems.append(f"no database file for vendor {manifest.get('database_vendor')!r}")
    if problems:
        raise BackupError("The backup is damaged; nothing was restored. " + "; ".join(problems))


def _media_in_use(media_root: Path) -> bool:
    return media_root.is_dir() and any(p.is_file() for p in media_root.rglob("*"))


def _check_target(database: dict[str, Any], media_root: Path, *, force: bool) -> bool:
    """Refuse a target in use unless ``force``; whether its database has tables at all."""
    counts = row_counts(database)
    busy = in_use(counts)
    uploads = _media_in_use(media_root)
    if (busy or uploads) and not force:
        what = []
        if busy:
            what.append(
                f"the database holds data ({', '.join(busy[:5])}{', ...' * (len(busy) > 5)})"
            )
        if uploads:
            what.append(f"{media_root} holds uploaded files")
        raise BackupError(
            "Nothing was restored: "
            + " and ".join(what)
            + ". Restore into an empty installation, or pass --force to replace them."
        )
    return bool(counts)


def restore_backup(
    archive: Path, *, database: dict[str, Any], media_root: Path, force: bool, now: dt.datetime
) -> BackupSummary:
    """Put the backup's database and uploads in place of the target's.

    Checks before changing anything: the archive's checksums, that its database vendor is the
    target's, and that the target is empty unless ``force``. Forced, the uploads folder and a
    SQLite file that were there are kept aside (``kept_aside``); a PostgreSQL database is
    overwritten in place (take a backup of it first).
    """
    vendor = vendor_of(database)
    media_root = media_root.resolve()
    media_root.parent.mkdir(parents=True, exist_ok=True)
    stamp = f"replaced-{now.astimezone(dt.UTC):%Y%m%d-%H%M%S}"
    with tempfile.TemporaryDirectory(prefix="tandem-restore-", dir=media_root.parent) as scratch:
        root = Path(scratch)
        manifest = _unpack(Path(archive), root)
        _verify(manifest, root)
        if manifest["database_vendor"] != vendor:
            raise BackupError(
                f"This backup is of a {manifest['database_vendor']} database and the target is "
                f"{vendor}; restore it into the same kind of database."
            )
        has_tables = _check_target(database, media_root, force=force)
        kept: list[Path] = []
        dump = root / DATABASE_FILES[vendor]
        if vendor == "sqlite":
            old = Path(str(database["NAME"]))
            keep = old.with_name(f"{old.name}.{stamp}") if force and old.is_file() else None
            load_sqlite(dump, database, keep_old_as=keep)
            kept += [keep] if keep else []
        else:
            # Tables made by migrating an empty database are dropped and made again.
            load_postgres(dump, database, clean=has_tables)
        kept += _put_media(root / MEDIA, media_root, stamp)
    _check_counts(manifest["tables"], row_counts(database))
    media = [f for f in manifest["files"] if f["path"].startswith(f"{MEDIA}/")]
    return BackupSummary(
        archive=Path(archive),
        vendor=vendor,
        created_at=manifest["created_at"],
        tables=manifest["tables"],
        media_files=len(media),
        media_bytes=sum(f["bytes"] for f in media),
        kept_aside=kept,
    )


def _put_media(restored: Path, media_root: Path, stamp: str) -> list[Path]:
    """Move the restored uploads into place; a folder with files that was there is kept aside."""
    kept = []
    if _media_in_use(media_root):
        aside = media_root.with_name(f"{media_root.name}.{stamp}")
        os.replace(media_root, aside)
        kept.append(aside)
    elif media_root.exists():
        shutil.rmtree(media_root)  # empty folders only
    if restored.is_dir():
        shutil.move(str(restored), media_root)
    else:
        media_root.mkdir()
    return kept


def _check_counts(saved: dict[str, int], restored: dict[str, int]) -> None:
    differ = [
        f"{t}: {n} saved, {restored.get(t, 'no table')} restored"
        for t, n in sorted(saved.items())
        if restored.get(t) != n
    ]
    if differ:
        raise BackupError("The restored database differs from the backup: " + "; ".join(differ))
