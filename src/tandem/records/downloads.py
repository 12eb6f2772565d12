"""Handing out stored files: only after a policy check, always as an attachment."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from tandem.core.errors import NotFound

from .models import DocumentVersion
from .uploads import FALLBACK_TYPE, SAFE_TYPES

# Files up to this size are sent from memory, so the file handle is closed at once; larger ones
# are streamed.
IN_MEMORY_BYTES = 4 * 1024 * 1024


def file_response(version: DocumentVersion) -> HttpResponseBase:
    """The file of a version the caller fetched through ``DocumentVersionPolicy``."""
    try:
        handle = default_storage.open(version.file.name or "", "rb")
    except FileNotFoundError as exc:
        raise NotFound(
            _("The file of %(version)s is missing from storage.") % {"version": version}
        ) from exc
    content_type = version.content_type if version.content_type in SAFE_TYPES else FALLBACK_TYPE
    response: HttpResponseBase
    if version.size <= IN_MEMORY_BYTES:
        with handle:
            body = handle.read()
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=version.original_name
        )
    else:
        response = FileResponse(
            handle, as_attachment=True, filename=version.original_name, content_type=content_type
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Content-Length"] = str(version.size)
    return response
