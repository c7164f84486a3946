"""Files that leave the session (downloads) and files that come back (uploads)."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from html import escape
from typing import Any

import ipywidgets as w

from inclusion_widgets.i18n import translator


@dataclass(frozen=True)
class Download:
    """One file offered to the browser."""

    filename: str
    content: bytes
    label: str
    mime: str = "application/octet-stream"
    primary: bool = False


@dataclass(frozen=True)
class Upload:
    """One file the browser sent."""

    name: str
    content: bytes


def download_link(download: Download) -> str:
    """An anchor the browser saves as a file when clicked (a data: URL, so no server route)."""
    data = base64.b64encode(download.content).decode("ascii")
    kind = "ic-download ic-download-primary" if download.primary else "ic-download"
    size = f"{len(download.content) / 1024:.0f} KB" if len(download.content) >= 1024 else "<1 KB"
    return (
        f'<a class="{kind}" download="{escape(download.filename, quote=True)}" '
        f'href="data:{escape(download.mime, quote=True)};base64,{data}">'
        f"{escape(download.label)}</a>"
        f' <span class="ic-muted">{escape(download.filename)}, {size}</span>'
    )


class Files(w.VBox):  # type: ignore[misc]
    """A "Prepare files" button that turns into download links for every file (unless
    ``prepare`` is None); with ``on_upload``, also an upload button that restores or
    merges files.

    ``prepare`` builds the files when asked for (so heavy exports run only then);
    ``on_upload`` returns a sentence saying what was added, updated and skipped, or
    raises ``ValueError`` whose text says what is wrong with the files.
    """

    def __init__(
        self,
        prepare: Callable[[], Sequence[Download]] | None,
        intro: str = "",
        on_upload: Callable[[Sequence[Upload]], str] | None = None,
        upload_help: str = "",
        language: str | None = None,
        **kwargs: Any,
    ) -> None:
        """``intro`` and ``upload_help`` come already in the page's ``language``."""
        super().__init__(**kwargs)
        self._t = translator(language)
        _ = self._t.gettext
        self._prepare = prepare
        self._on_upload = on_upload
        self.prepare_button = w.Button(
            description=_("Prepare my files"), button_style="primary", icon="download"
        )
        self.prepare_button.layout = w.Layout(width="auto")
        self.prepare_button.add_class("ic-prepare-files")
        self.prepare_button.on_click(lambda _button: self.prepare())
        self.links = w.HTML()
        self.links.add_class("ic-download-links")
        children: list[w.Widget] = [
            w.HTML(f'<p class="ic-files-intro">{escape(intro)}</p>') if intro else w.HTML()
        ]
        if prepare is not None:
            children += [self.prepare_button, self.links]
        if on_upload is not None:
            self.upload = w.FileUpload(
                accept=".zip,.csv", multiple=True, description=_("Upload bundle or CSVs")
            )
            self.upload.layout = w.Layout(width="auto")
            self.upload.add_class("ic-upload")
            self.upload.observe(self._uploaded, "value")
            self.upload_result = w.HTML()
            self.upload_result.add_class("ic-upload-result")
            children += [
                w.HTML(f'<p class="ic-muted">{escape(upload_help)}</p>'),
                self.upload,
                self.upload_result,
            ]
        self.children = children
        self.add_class("ic-files")

    def prepare(self) -> None:
        """Build the files and show their download links."""
        if self._prepare is None:
            return
        try:
            downloads = self._prepare()
        except ValueError as error:
            self.links.value = f'<p class="ic-problem" role="alert">{escape(str(error))}</p>'
            return
        shown = [replace(download, label=self._t.gettext(download.label)) for download in downloads]
        items = "".join(f"<li>{download_link(download)}</li>" for download in shown)
        prepared = self._t.gettext("Prepared at {time}.").format(
            time=self._t.format_time(datetime.now())
        )
        self.links.value = (
            f'<p class="ic-muted">{escape(prepared)}</p><ul class="ic-download-list">{items}</ul>'
        )
        self.prepare_button.description = self._t.gettext("Prepare again with the latest answers")

    def _uploaded(self, change: dict[str, Any]) -> None:
        if not change["new"] or self._on_upload is None:
            return
        uploads = [Upload(str(f["name"]), bytes(f["content"])) for f in change["new"]]
        try:
            summary = self._on_upload(uploads)
        except ValueError as error:
            lines = "".join(f"<li>{escape(line)}</li>" for line in str(error).splitlines())
            self.upload_result.value = (
                '<div class="ic-problem" role="alert">'
                + "<p>"
                + escape(self._t.gettext("Nothing was imported:"))
                + "</p>"
                + f"<ul>{lines}</ul></div>"
            )
        else:
            self.upload_result.value = f'<p class="ic-notice" role="status">{escape(summary)}</p>'
        finally:
            self.upload.value = ()
