"""The page's query string: which session, and whose answers to bring back."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

from inclusion_widgets.i18n import supported

SESSION_PARAM = "session"
# Never "token": Jupyter Server, Binder and JupyterHub read that one for their own login.
RESUME_PARAM = "resume"
KEY_PARAM = "key"
CREATE_PARAM = "create"
"""The start page's creation key on a shared server."""
LANG_PARAM = "lang"
"""The language a page opens in (``?lang=el``), whoever's page it is."""


@dataclass(frozen=True)
class PageQuery:
    """What the link that opened the page asked for."""

    session: str = ""
    resume: str = ""
    key: str = ""
    create: str = ""
    lang: str = ""
    """An interface language (``el``), or "" when the address names none it knows."""

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
            lang=supported(first(LANG_PARAM)) or "",
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


def personal_query(session: str, resume: str, lang: str = "") -> str:
    """``?session=..&lang=..&resume=..``: the query of a participant's personal link."""
    values = {SESSION_PARAM: session, LANG_PARAM: lang} if lang else {SESSION_PARAM: session}
    return "?" + urlencode({**values, RESUME_PARAM: resume})


def with_language(query: str, lang: str) -> str:
    """``query`` (``?session=..``) with ``lang`` as its language."""
    values = {name: found[0] for name, found in parse_qs(query.lstrip("?")).items()}
    values[LANG_PARAM] = lang
    return "?" + urlencode(values)


def facilitator_query(session: str, key: str) -> str:
    return "?" + urlencode({SESSION_PARAM: session, KEY_PARAM: key})
