"""The one error the store raises: a sentence for a person, never a traceback."""

from __future__ import annotations


class StoreError(Exception):
    """Something the store refused or could not do, said in one plain sentence.

    Raised before anything is written, so a refused call leaves the store unchanged.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
