"""Checking and storing uploaded files.

A file's stored name is random (``documents/<32 hex>``), so it cannot be guessed, and files are
only ever handed out by the download view after a policy check. The name the uploader gave is kept
for the download, cleaned of anything a browser or a file system could misread.
"""

from __future__ import annotations

import hashlib
import mimetypes
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from tandem.core.errors import PayloadTooLarge, ValidationFailed

from . import file_kinds

MAX_NAME_LENGTH = 255
# Executable headers recognised from the first bytes (Windows PE, ELF, Mach-O).
REFUSED_MAGIC = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe")
# Types served under their own name; everything else (HTML, SVG, scripts, XML...) is served as
# application/octet-stream, and always as an attachment, so a browser never renders it.
SAFE_TYPES = frozenset(
    {
        "application/pdf",
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "text/plain",
        "text/csv",
        "application/zip",
        "application/json",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
        "application/vnd.ms-project",
    }
)
FALLBACK_TYPE = "application/octet-stream"


class UploadRefused(ValidationFailed):
    """The file itself is not acceptable (its name or its kind)."""


@dataclass(frozen=True)
class StoredFile:
    name: str  # storage name
    original_name: str
    size: int
    sha256: str
    content_type: str


def clean_file_name(name: str) -> str:
    """The uploader's file name, safe to show and to put in a Content-Disposition header.

    Refuses (422) names with a path separator or a NUL byte, empty names and ``.``/``..``; drops
    other control characters; keeps at most 255 characters, preserving the extension.
    """
    if "\x00" in name or "/" in name or "\\" in name:
        raise UploadRefused(
            _("File name %(name)s contains a path separator or NUL byte.") % {"name": repr(name)},
            fields={"file": [_("file name must not contain '/', '\\' or NUL")]},
        )
    cleaned = unicodedata.normalize("NFC", name)
    cleaned = "".join(ch for ch in cleaned if unicodedata.category(ch)[0] != "C").strip()
    if cleaned in ("", ".", ".."):
        raise UploadRefused(
            _("File name %(name)s is empty once cleaned.") % {"name": repr(name)},
            fields={"file": [_("empty file name")]},
        )
    if len(cleaned) > MAX_NAME_LENGTH:
        stem, dot, ext = cleaned.rpartition(".")
        ext = ext[:16] if dot and stem else ""
        cleaned = cleaned[: MAX_NAME_LENGTH - len(ext) - 1] + ("." + ext if ext else "")
    return cleaned


def served_type(name: str) -> str:
    """The content type a file is served with: its own if harmless, else octet-stream."""
    guessed, encoding = mimetypes.guess_type(name, strict=False)
    if encoding is None and guessed in SAFE_TYPES:
        return guessed
    return FALLBACK_TYPE


def _refuse_unaccepted(name: str, head: bytes) -> None:
    """422 for programs (by their first bytes), for kinds of file not in the allowlist, and for
    files whose content is not of the kind their name says."""
    if head.startswith(REFUSED_MAGIC):
        raise UploadRefused(
            _("%(name)s is an executable program and is not accepted.") % {"name": repr(name)},
            fields={"file": [_("executable programs are not accepted")]},
        )
    verdict = file_kinds.judge(name, head)
    ext = file_kinds.extension(name)
    if verdict.reason == "kind":
        what = _("%(ext)s files") % {"ext": ext} if ext else _("Files without an extension")
        raise UploadRefused(
            _("%(name)s: %(what)s are not accepted. Accepted kinds: %(kinds)s.")
            % {"name": repr(name), "what": what, "kinds": file_kinds.ACCEPTED_SUMMARY},
            fields={
                "file": [
                    _("not an accepted kind; accepted: %(kinds)s")
                    % {"kinds": file_kinds.ACCEPTED_SUMMARY}
                ]
            },
        )
    if verdict.reason == "content":
        raise UploadRefused(
            _("%(name)s is not accepted: its content is not that of a %(ext)s file.")
            % {"name": repr(name), "ext": ext},
            fields={"file": [_("the content is not that of a %(ext)s file") % {"ext": ext}]},
        )


def check_size(size: int | None) -> None:
    limit = int(settings.TANDEM_MAX_UPLOAD_BYTES)
    if size is not None and size > limit:
        raise PayloadTooLarge(
            _("The file is %(size)s bytes; the limit is %(limit)s bytes.")
            % {"size": size, "limit": limit},
            fields={"file": [_("larger than %(limit)s bytes") % {"limit": limit}]},
        )


def store_upload(upload: Any) -> StoredFile:
    """Check ``upload`` (a Django ``UploadedFile``) and write it under a random name.

    Raises ``PayloadTooLarge`` (413) over ``TANDEM_MAX_UPLOAD_BYTES`` and ``UploadRefused`` (422)
    for bad names, programs, kinds not in ``file_kinds.ACCEPTED`` and content of another kind. The caller deletes the stored file if its transaction fails.
    """
    check_size(getattr(upload, "size", None))
    original = clean_file_name(upload.name or "")
    digest = hashlib.sha256()
    size = 0
    head = b""
    for chunk in upload.chunks():
        if len(head) < file_kinds.HEAD_BYTES:
            head += chunk[: file_kinds.HEAD_BYTES - len(head)]
        size += len(chunk)
        check_size(size)
        digest.update(chunk)
    _refuse_unaccepted(original, head)
    upload.seek(0)
    name = default_storage.save(f"documents/{secrets.token_hex(16)}", upload)
    return StoredFile(name, original, size, digest.hexdigest(), served_type(original))


def discard(name: str) -> None:
    default_storage.delete(name)
