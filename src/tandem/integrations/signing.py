"""The signature of a webhook request: ``Tandem-Signature: t=<unix time>,v1=<hex>``, where the
hex is HMAC-SHA256 with the hook's secret of ``"<unix time>.<body>"``.

A receiver recomputes it over the raw body and the ``t`` it was given, compares in constant
time, and refuses a ``t`` far from its own clock (a replayed request).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SIGNATURE_HEADER = "Tandem-Signature"
SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_hex(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes, *, now: int, tolerance: int = 300) -> bool:
    """Whether ``header`` signs ``body`` with ``secret`` at a time within ``tolerance`` seconds
    of ``now`` (what a receiver does; the tests use it too)."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    stamp = parts.get("t", "")
    if not stamp.isdigit() or abs(now - int(stamp)) > tolerance:
        return False
    expected = signature(secret, int(stamp), body)
    return hmac.compare_digest(expected, f"t={stamp},v1={parts.get('v1', '')}")
