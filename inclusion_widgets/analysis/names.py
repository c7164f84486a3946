"""Names and cities compared the way a person reads them, not letter by letter."""

from __future__ import annotations

import unicodedata

import pandas as pd


def folded(text: str) -> str:
    """``text`` with accents, case and runs of spaces ignored: "  José PÉREZ" and
    "jose perez" fold to the same."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.split()).casefold()


def folded_column(texts: pd.Series) -> pd.Series:
    """:func:`folded` applied to every cell; a missing cell folds to ""."""
    return texts.fillna("").astype(str).map(folded)
