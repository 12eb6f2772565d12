"""Safe XML parsing shared by the MSPDI and P6-XML readers.

Parsing goes through defusedxml (no entity expansion, no external entities). Namespaces are
stripped from tag names so that readers can say ``task.findtext("UID")``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405  (types only; parsing uses defusedxml)

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ..scheduling.model import FileFormatError

__all__: list[str] = []


def parse_xml(data: bytes, where: str) -> ET.Element:
    """Parse ``data`` and return the root with namespace-free tags.

    Raises FileFormatError naming ``where`` and the line of a syntax error, or the forbidden
    construct (DTD entities) that defusedxml refused.
    """
    try:
        root: ET.Element = SafeET.fromstring(data)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise FileFormatError(f"not well-formed XML ({exc.msg})", where, line) from exc
    except DefusedXmlException as exc:
        raise FileFormatError(f"refused XML construct: {exc}", where) from exc
    except (ValueError, LookupError) as exc:  # e.g. an encoding Python does not know
        raise FileFormatError(f"unreadable XML: {exc}", where) from exc
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            element.tag = element.tag.split("}", 1)[1]
    return root


def root_tag(data: bytes) -> str | None:
    """The root element's local name, or None if ``data`` is not XML (cheap sniffing)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return None
    try:
        text = head.decode("utf-8", errors="replace")
    except UnicodeDecodeError:  # pragma: no cover - errors="replace" never raises
        return None
    position = 0
    while True:
        start = text.find("<", position)
        if start < 0 or start + 1 >= len(text):
            return None
        if text[start + 1] in "?!":
            position = start + 2
            continue
        name = text[start + 1 :].split(None, 1)[0].split(">", 1)[0].rstrip("/")
        return name.split(":", 1)[-1]
