"""Names and cities compared the way a person reads them, not letter by letter."""

from __future__ import annotations

import pandas as pd

from inclusion_widgets.folding import folded

__all__ = ["folded", "folded_column"]


def folded_column(texts: pd.Series) -> pd.Series:
    """:func:`~inclusion_widgets.folding.folded` applied to every cell; a missing cell
    folds to ""."""
    return texts.fillna("").astype(str).map(folded)
