"""The secret key of an installation that was not given one: made once, kept in the data directory.

Sessions, password-reset links and CSRF tokens are signed with it, so it must stay the same
across restarts and be the same for every web process of one installation; a key invented at each
start would sign everyone out. The file is readable by its owner only (mode 0600).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

KEY_FILE_NAME = "secret_key"


def load_or_create_secret_key(data_dir: Path) -> str:
    """The key stored in ``data_dir/secret_key``, created (mode 0600) when the file is absent.

    Several processes starting at once agree on one key: the new key is written to a private
    temporary file and linked into place, which fails for all but the first.
    """
    path = data_dir / KEY_FILE_NAME
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        _create(path)
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        # Copied in with a looser mode (a restored backup, a careless cp): owner only again.
        path.chmod(0o600)
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 50:
        raise RuntimeError(f"{path} holds no usable secret key; remove it to have a new one made")
    return key


def _create(path: Path) -> None:
    temporary = path.with_name(f".{KEY_FILE_NAME}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_urlsafe(64) + "\n")
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink()
