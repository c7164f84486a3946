"""The page's query string: which session, and whose answers to bring back."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

SESSION_PARAM = "session"
# Never "token": Jupyter Server, Binder and JupyterHub read that one for their own login.
RESUME_PARAM = "resume"
KEY_PARAM = "key"
CREATE_PARAM = "create"
"""The start page's creation key on a shared server."""


@dataclass(frozen=True)
class PageQuery:
    """What the link that opened the page asked for."""

    session: str = ""
    resume: str = ""
    key: str = ""
    create: str = ""

    @classmethod
    def parse(cls, query_string: str) -> PageQuery:
        values = parse_qs(query_string.lstrip("?"), keep_blank_values=False)

        def first(name: str) -> str:
            return values.get(name, [""])[0].strip()

        return cls(
            session=first(SESSION_PARAM),
            resume=first(RESUME_PARAM),
            key=first(KEY_PARAM),
            create=first(CREATE_PARAM),
        )

    @classmethod
    def from_page(cls) -> PageQuery:
        """Read the query string of the Voila page that runs this kernel.

        With pre-heated kernels the ``QUERY_STRING`` variable is only filled in once a
        page claims the kernel, which ``voila.utils.get_query_string`` waits for. In
        JupyterLab there is no page query at all. A kernel that is not pre-heated
        had the query put in its environment before it started, and reads it there:
        importing ``voila`` loads the Jupyter server and would cost every kernel
        about a second and 45 MiB.
        """
        if os.environ.get("VOILA_PREHEAT") != "True":
            return cls.parse(os.environ.get("QUERY_STRING", ""))
        try:
            from voila.utils import get_query_string

            text = get_query_string() or ""
        except ImportError:
            text = os.environ.get("QUERY_STRING", "")
        return cls.parse(text)


def personal_query(session: str, resume: str) -> str:
    """``?session=..&resume=..``: the query of a participant's personal link."""
    return "?" + urlencode({SESSION_PARAM: session, RESUME_PARAM: resume})


def facilitator_query(session: str, key: str) -> str:
    return "?" + urlencode({SESSION_PARAM: session, KEY_PARAM: key})
