"""Session codes, facilitator keys and resume tokens: random, and kept only as hashes.

Every secret here is drawn from :mod:`secrets` with enough entropy that a plain
SHA-256 hash is a safe way to store it (no password stretching is needed).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

READABLE = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L)."""

CODE_LENGTH = 6
KEY_GROUPS = 4
KEY_GROUP_LENGTH = 4


def _readable(length: int) -> str:
    return "".join(secrets.choice(READABLE) for _ in range(length))


def new_session_code() -> str:
    """A short code people can read out loud, e.g. ``K7QP2M``."""
    return _readable(CODE_LENGTH)


def normalise_code(code: str) -> str:
    """Codes are case-insensitive and may be typed with spaces or dashes."""
    return "".join(code.split()).replace("-", "").upper()


def new_facilitator_key() -> str:
    """A key like ``K7QP-2M9X-TR4W-HJ8N`` (about 79 bits), typed by the facilitator."""
    return "-".join(_readable(KEY_GROUP_LENGTH) for _ in range(KEY_GROUPS))


def new_resume_token() -> str:
    """A URL-safe token (128 bits) for a participant's personal link."""
    return secrets.token_urlsafe(16)


def hash_key(key: str) -> str:
    """The stored form of a facilitator key; typing it in any case or spacing matches."""
    return hash_token(normalise_code(key))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


def same_hash(stored: str, candidate: str) -> bool:
    return hmac.compare_digest(stored, candidate)
