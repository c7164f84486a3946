"""Session codes, facilitator keys and resume tokens: random, and kept only as hashes.

Every secret here is drawn from :mod:`secrets` with enough entropy that a plain
SHA-256 hash is a safe way to store it (no password stretching is needed).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

READABLE = "ACDEFGHJKMNPQRTWXY34679"
"""Letters and digits that cannot be mistaken for one another, on paper or read aloud:
no 0/O, 1/I/L, 2/Z, 5/S, 8/B or U/V."""

CODE_GROUPS = 3
CODE_GROUP_LENGTH = 3
"""Nine characters, ``K7Q-M4P-XHD``: 23**9, about 1.8 * 10**12 codes, so that guessing
one of a hundred live sessions at a thousand tries a second takes months."""
KEY_GROUPS = 4
KEY_GROUP_LENGTH = 4


class Operator:
    """Stands where a facilitator key would for the operator's command line: whoever can
    run it on the server can open the store file anyway. Never reachable from a page."""

    def __repr__(self) -> str:
        return "OPERATOR"


OPERATOR = Operator()
Authority = str | Operator
"""A facilitator key, or the operator."""


def _readable(length: int) -> str:
    return "".join(secrets.choice(READABLE) for _ in range(length))


def new_session_code() -> str:
    """A code people can read out loud in three groups, e.g. ``K7Q-M4P-XHD``."""
    return "-".join(_readable(CODE_GROUP_LENGTH) for _ in range(CODE_GROUPS))


def normalise_code(code: str) -> str:
    """The stored form of a code typed in any case, with or without spaces or dashes.

    A nine-character code is kept in its three groups; the six-character codes of
    earlier versions are kept as they were, so their links keep working.
    """
    plain = "".join(code.split()).replace("-", "").upper()
    size = CODE_GROUP_LENGTH
    if len(plain) == CODE_GROUPS * size:
        return "-".join(plain[start : start + size] for start in range(0, len(plain), size))
    return plain


def new_facilitator_key() -> str:
    """A key like ``K7QP-4M9X-TR6W-HJ3N`` (about 79 bits), typed by the facilitator."""
    return "-".join(_readable(KEY_GROUP_LENGTH) for _ in range(KEY_GROUPS))


def presenter_key_for(facilitator_key: str) -> str:
    """The room screen's key of the session whose facilitator key is ``facilitator_key``.

    Derived one way (HMAC-SHA256 keyed with the facilitator key), so the facilitator's
    page can show it again at any time while the store keeps only its hash, and the
    presenter key tells nothing of the facilitator key.
    """
    plain = "".join(facilitator_key.split()).replace("-", "").upper()
    digest = hmac.new(plain.encode("utf-8"), b"inclusion-presenter", hashlib.sha256).digest()
    number = int.from_bytes(digest, "big")
    letters = []
    for _ in range(KEY_GROUPS * KEY_GROUP_LENGTH):
        number, index = divmod(number, len(READABLE))
        letters.append(READABLE[index])
    return "-".join(
        "".join(letters[start : start + KEY_GROUP_LENGTH])
        for start in range(0, len(letters), KEY_GROUP_LENGTH)
    )


def new_resume_token() -> str:
    """A URL-safe token (128 bits) for a participant's personal link."""
    return secrets.token_urlsafe(16)


def hash_key(key: str) -> str:
    """The stored form of a facilitator key; typing it in any case or spacing matches."""
    return hash_token("".join(key.split()).replace("-", "").upper())


def hash_token(token: str) -> str:
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


def same_hash(stored: str, candidate: str) -> bool:
    return hmac.compare_digest(stored, candidate)
