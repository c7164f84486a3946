"""Text compared the way a person reads it: accents, case and runs of spaces ignored.

Light on purpose (no pandas): the participant's page uses it to recognise a city typed
as one of the session's cities.
"""

from __future__ import annotations

import unicodedata


def folded(text: str) -> str:
    """``text`` with accents, case and runs of spaces ignored: "  José PÉREZ" and
    "jose perez" fold to the same."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.split()).casefold()
