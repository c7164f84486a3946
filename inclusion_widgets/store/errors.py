"""The one error the store raises: a sentence for a person, never a traceback."""

from __future__ import annotations

from inclusion_widgets.i18n import N_, Params, fill

NO_MATCH = N_("The facilitator key does not match this session code.")
"""Said alike for a wrong key and for a code no session has, so that neither reveals
which codes exist."""
NO_ROOM_MATCH = N_("The presenter key does not match this session code.")
"""The same for the room's screen."""


NO_TIME_ZONE = N_("The time of this change has no time zone; the page must send it in UTC.")
"""Refused for an edit whose time is not aware: the page sends every edit's time in UTC."""


class StoreError(Exception):
    """Something the store refused or could not do, said in one plain sentence.

    Raised before anything is written, so a refused call leaves the store unchanged.
    """

    def __init__(self, message: str, *, params: Params = ()) -> None:
        sentence = fill(message, params)
        super().__init__(sentence)
        self.message = sentence
        self.template = message
        """The sentence before its ``{name}`` placeholders are filled (marked for the
        catalogs where a person sees it), to be translated where it is shown."""
        self.params = params


class ChangeRefused(StoreError):
    """A change the store will not keep as it is (a due date before the start, a text too
    long, a locked session). ``field`` names the field to show the sentence at, if one.

    Sending the same change again cannot succeed: the person has to change it first.
    """

    def __init__(self, message: str, field: str = "", *, params: Params = ()) -> None:
        super().__init__(message, params=params)
        self.field = field


class StoreUnreachable(StoreError):
    """The database could not be reached or stayed busy: the same change may succeed later."""
