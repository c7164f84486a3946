"""Who is importing, and so which sessions an import may change: nothing by default.

A page opened without a key may only restore sessions the store does not hold; a
facilitator's page may change its own session and no other; the operator's command
line, run by whoever holds the store file, may change any session.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from inclusion_widgets.store.tokens import normalise_code


@dataclass(frozen=True)
class Grant:
    """What an import may change. Build one with a class method, never by hand."""

    session: str = ""
    """The one session the store holds that the import may change (normalised code)."""
    key: str = field(default="", repr=False)
    trusted: bool = False
    """The operator's command line: every session may change."""

    @classmethod
    def restore_only(cls) -> Grant:
        """No key: only sessions the store does not hold yet may be created."""
        return cls()

    @classmethod
    def facilitator(cls, code: str, key: str) -> Grant:
        """The facilitator page of ``code``: that session changes, nothing else does."""
        return cls(session=normalise_code(code), key=key)

    @classmethod
    def operator(cls) -> Grant:
        """The operator's command line, run by whoever can read the store anyway."""
        return cls(trusted=True)
