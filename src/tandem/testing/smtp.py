"""A real SMTP server (aiosmtpd) on 127.0.0.1 for tests of emails, with Django pointed at it."""

from __future__ import annotations

import email
import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.header import decode_header, make_header
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller
from django.test import override_settings


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self.lock:
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"

    def parsed(self) -> list[tuple[list[str], Message]]:
        """``(recipients, message)`` of every email received, in order."""
        with self.lock:
            return [(rcpts, email.message_from_bytes(raw)) for _, rcpts, raw in self.messages]

    def to(self, address: str) -> list[Message]:
        return [m for rcpts, m in self.parsed() if address in rcpts]


@contextmanager
def smtp_inbox() -> Iterator[Inbox]:
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            DEFAULT_FROM_EMAIL="tandem@example.org",
        ):
            yield inbox
    finally:
        controller.stop()


def part_of(message: Message, content_type: str) -> Message | None:
    """The first part of ``message`` with ``content_type``."""
    for part in message.walk():
        if part.get_content_type() == content_type:
            return part
    return None


def text_of(message: Message) -> str:
    part = part_of(message, "text/plain")
    payload = part.get_payload(decode=True) if part is not None else b""
    return payload.decode("utf-8") if isinstance(payload, bytes) else ""


def subject_of(message: Message) -> str:
    """The decoded subject (mail encodes non-ASCII headers)."""
    # A long subject is folded over lines (RFC 5322): unfolded, it reads as it was written.
    raw = re.sub(r"\r?\n(?=[ \t])", "", message["Subject"] or "")
    return str(make_header(decode_header(raw)))
