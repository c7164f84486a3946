"""The facilitator's invite panel: the link and QR code that bring participants in, and on a
temporary server the time it has left and the memory it uses."""

from __future__ import annotations

import json
from html import escape
from typing import Any

import ipywidgets as w
import segno
from IPython.display import Javascript, display

from inclusion_widgets.i18n import Translator, translator

MEMORY_WARNING_SHARE = 0.8
"""Warn once the server and its kernels use this share of the memory limit."""
FULL_WARNING_SHARE = 0.8
"""Say how many pages are open once they reach this share of the server's cap."""

_PAGE_ADDRESS_SCRIPT = """
(function fill(tries) {
  const field = document.querySelector('.ic-page-address input');
  if (!field) { if (tries < 300) setTimeout(() => fill(tries + 1), 100); return; }
  field.value = window.location.origin + window.location.pathname;
  field.dispatchEvent(new Event('input', {bubbles: true}));
  field.dispatchEvent(new Event('change', {bubbles: true}));
})(0);
"""


def qr_svg(text: str, title: str = "QR code of the invite link") -> str:
    """The QR code of ``text`` as an inline SVG element (no XML declaration)."""
    code = segno.make(text, error="m")
    svg: str = code.svg_inline(scale=4, dark="#1f2933", title=title)
    return svg


def _duration(t: Translator, seconds: float) -> str:
    minutes = int(seconds // 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return t.gettext("{hours} h {minutes} min").format(
            hours=t.format_number(hours), minutes=f"{minutes:02d}"
        )
    return t.gettext("{minutes} min").format(minutes=t.format_number(minutes))


def _mib(t: Translator, count: int) -> str:
    return t.gettext("{count} MB").format(count=t.format_number(count / 2**20, 0))


class PageAddress(w.Text):  # type: ignore[misc]
    """A hidden field that the page fills with its own address (without the query).

    Behind Binder's or JupyterHub's proxy only the browser knows the address people
    use; the kernel learns it here, to make links and QR codes that work.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("ic-page-address")
        self.layout = w.Layout(display="none")
        self._script = w.Output(layout=w.Layout(display="none"))

    def ask(self) -> w.Output:
        """The output that runs the page script; put it on the page once."""
        with self._script:
            display(Javascript(_PAGE_ADDRESS_SCRIPT))  # type: ignore[no-untyped-call]
        return self._script


class InvitePanel(w.VBox):  # type: ignore[misc]
    """The "Invite participants" panel: the link (with a copy button) and its QR code; on a server
    reached through its token, the warning that the link opens this server to anyone who
    has it; on a temporary server, the time left and a reminder to download everything."""

    def __init__(self, language: str | None = None, **kwargs: Any) -> None:
        self._t = translator(language)
        self._invite = w.HTML()
        self._server = w.HTML()
        super().__init__(**kwargs)
        self.add_class("ic-invite")
        self.children = (self._invite, self._server)

    def show_invite(self, link: str, opens_server: bool) -> None:
        _ = self._t.gettext
        href = escape(link, quote=True)
        warning = (
            '<p class="ic-invite-warning" role="note"><strong>'
            + escape(_("Whoever has this link can use this server"))
            + "</strong> "
            + escape(
                _(
                    "(it carries the server's access token): share it with the room only, "
                    "not on social media."
                )
            )
            + "</p>"
            if opens_server
            else ""
        )
        copied = escape(json.dumps(_("Copied")), quote=True)
        copy = escape(_("Copy invite link"))
        qr = qr_svg(link, _("QR code of the invite link"))
        self._invite.value = (
            '<div class="ic-invite-box"><div class="ic-invite-text"><h4>'
            + escape(_("Invite participants"))
            + "</h4><p>"
            + escape(_("Participants open this link, or scan the code, to join this session:"))
            + f'</p><p><a class="ic-invite-link" href="{href}" target="_blank" rel="noopener">'
            f"{escape(link)}</a></p>"
            '<p><button type="button" class="ic-copy-link" onclick="'
            "navigator.clipboard.writeText(this.closest('.ic-invite-box')"
            ".querySelector('.ic-invite-link').href)"
            f".then(() => {{ this.textContent = {copied}; }});"
            f'">{copy}</button></p>{warning}</div>'
            f'<div class="ic-qr">{qr}</div></div>'
        )

    def show_server(
        self,
        seconds_left: float | None,
        memory_used: int | None,
        memory_limit: int | None,
        kernels: int | None = None,
        max_kernels: int = 0,
    ) -> None:
        t = self._t
        _ = t.gettext
        parts = []
        if kernels is not None and max_kernels and kernels >= max_kernels:
            parts.append(
                '<p class="ic-server-full ic-problem" role="alert">'
                + escape(
                    _(
                        "The workshop server is full: {kernels} pages are open and it allows "
                        "{max_kernels} at once. People who open a page now see “This workshop "
                        "is full right now” and are asked to try again in a minute. Ask those "
                        "who have finished to close their tab; the person who runs the server "
                        "can allow more with {option} if the machine has the memory."
                    )
                ).format(
                    kernels=t.format_number(kernels),
                    max_kernels=t.format_number(max_kernels),
                    option="<code>--max-kernels</code>",
                )
                + "</p>"
            )
        elif kernels is not None and max_kernels and kernels >= FULL_WARNING_SHARE * max_kernels:
            parts.append(
                '<p class="ic-server-full ic-muted">'
                + escape(
                    _(
                        "{kernels} pages are open out of the {max_kernels} this server allows "
                        "at once."
                    )
                ).format(kernels=t.format_number(kernels), max_kernels=t.format_number(max_kernels))
                + "</p>"
            )
        if seconds_left is not None:
            urgent = seconds_left < 30 * 60
            parts.append(
                f'<p class="ic-time-left{" ic-problem" if urgent else ""}">'
                + escape(
                    _(
                        "This Binder has {time} left (Binder stops a server after 6 hours, or "
                        "after 10 minutes with no page open). Download everything on the "
                        "{files} tab before it ends: the bundle restores the session on a new "
                        "server."
                    )
                ).format(
                    time=f"<strong>{escape(_duration(t, seconds_left))}</strong>",
                    files="<em>" + escape(_("Files")) + "</em>",
                )
                + "</p>"
            )
        if memory_used is not None and memory_limit:
            share = memory_used / memory_limit
            text = _(
                "Memory in use: {used} of {limit} ({share}), for the server and every open page."
            ).format(
                used=_mib(t, memory_used),
                limit=_mib(t, memory_limit),
                share=t.format_percent(share),
            )
            if share >= MEMORY_WARNING_SHARE:
                warning = _(
                    "The server is close to its limit: ask people who have finished to close "
                    "their tab, and download everything now."
                )
                parts.append(
                    '<p class="ic-memory ic-problem" role="alert">'
                    f"{escape(text)} {escape(warning)}</p>"
                )
            else:
                parts.append(f'<p class="ic-memory ic-muted">{escape(text)}</p>')
        self._server.value = "".join(parts)
