"""The start page's forms: a new session from a framework, or a follow-up of an earlier one."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import ipywidgets as w

from inclusion_widgets.frameworks import Framework, framework_in_language, framework_languages
from inclusion_widgets.i18n import Translator, language_choices, normalize, translator
from inclusion_widgets.widgets.language_picker import LanguagePicker


@dataclass(frozen=True)
class NewSession:
    """What the facilitator filled in for a new session."""

    framework_id: str
    title: str
    mentor_city: str
    mentee_city: str
    theme: str
    creation_key: str
    language: str = "en"
    """The language the session's pages open in unless a person chooses another."""


@dataclass(frozen=True)
class NewFollowup:
    """An earlier round's code and facilitator key, and the follow-up's title."""

    code: str
    key: str
    title: str
    creation_key: str


def framework_label(framework: Framework, t: Translator | None = None) -> str:
    """The label "Title · 12 items · en, fr": what a facilitator needs to choose a framework
    (its title in ``t``'s language where translated; the languages its texts can be read
    in, its own first)."""
    t = t or translator()
    title = framework_in_language(framework, t.language).title
    languages = ", ".join(framework_languages(framework))
    count = len(framework.items)
    items = t.ngettext("{n} item", "{n} items", count).format(n=t.format_number(count))
    return f"{title} · {items} · {languages}"


def _keep(_language: str) -> None:
    return None


def _field(widget: w.Widget, label: str, css: str) -> w.Widget:
    widget.description = label
    widget.style = {"description_width": "10em"}
    widget.layout = w.Layout(width="min(46em, 100%)")
    widget.add_class(css)
    return widget


def _problem(message: str) -> str:
    return f'<p class="ic-problem" role="alert">{escape(message)}</p>' if message else ""


class SessionForm(w.VBox):  # type: ignore[misc]
    """Choose a framework, give a title, the two cities and the theme, then "Create
    session"; below, a follow-up round of an earlier session. On a shared server both
    ask for the creation key (filled in when the link carried it)."""

    def __init__(
        self,
        frameworks: Sequence[Framework],
        on_create: Callable[[NewSession], None],
        on_followup: Callable[[NewFollowup], None],
        creation_key_needed: bool = False,
        creation_key: str = "",
        language: str | None = None,
        on_language: Callable[[str], None] = _keep,
        problems: Sequence[str] = (),
        **kwargs: Any,
    ) -> None:
        """``problems``: a sentence for each framework file that cannot be used, shown
        under the framework menu so that a facilitator sees why theirs is missing."""
        self._on_create = on_create
        self._on_followup = on_followup
        self._t = t = translator(language)
        _ = t.gettext
        self.page_language = LanguagePicker(t.language, on_language)
        self.creation_key = _field(
            w.Password(value=creation_key), _("Creation key"), "ic-start-creation-key"
        )
        self.framework = _field(
            w.Dropdown(options=[(framework_label(f, t), f.id) for f in frameworks]),
            _("Framework"),
            "ic-start-framework",
        )
        self.framework_problems = w.HTML("".join(_problem(sentence) for sentence in problems))
        if not problems:  # an empty line would part the menu from the next field
            self.framework_problems.layout.display = "none"
        self.title = _field(
            w.Text(placeholder=_("e.g. {example}").format(example="Riga mentors Larissa")),
            _("Title"),
            "ic-start-title",
        )
        self.mentor_city = _field(w.Text(), _("Mentor city"), "ic-start-mentor")
        self.mentee_city = _field(w.Text(), _("Mentee city"), "ic-start-mentee")
        self.theme = _field(w.Text(), _("Theme"), "ic-start-theme")
        self.language = _field(
            w.Dropdown(options=list(language_choices()), value=normalize(language)),
            _("Language of the session"),
            "ic-start-language",
        )
        self.create = w.Button(description=_("Create session"), button_style="primary")
        self.create.add_class("ic-start-create")
        self.message = w.HTML()
        self.earlier_code = _field(w.Text(), _("Earlier session"), "ic-start-earlier-code")
        self.earlier_key = _field(w.Password(), _("Its facilitator key"), "ic-start-earlier-key")
        self.followup_title = _field(w.Text(), _("Follow-up title"), "ic-start-followup-title")
        self.followup = w.Button(description=_("Create follow-up round"))
        self.followup.add_class("ic-start-followup")
        self.followup_message = w.HTML()
        super().__init__(**kwargs)
        key_part: list[w.Widget] = []
        if creation_key_needed:
            key_part = [
                w.HTML(
                    "<p>"
                    + escape(
                        _(
                            "This server is shared: creating a session needs the creation "
                            "key that whoever started the server was given."
                        )
                    )
                    + "</p>"
                ),
                self.creation_key,
            ]
        new = w.VBox(
            [
                w.HTML(
                    "<h2>"
                    + escape(_("Start a workshop session"))
                    + "</h2><p>"
                    + escape(
                        _(
                            "Choose the framework the group will assess itself against, and "
                            "describe the mentoring pair. Each person can read the page in "
                            "another language; the session's language is where they start."
                        )
                    )
                    + "</p>"
                ),
                *key_part,
                self.framework,
                self.framework_problems,
                self.title,
                self.mentor_city,
                self.mentee_city,
                self.theme,
                self.language,
                self.create,
                self.message,
            ]
        )
        new.add_class("ic-form")
        new.add_class("ic-start-new")
        followup = w.VBox(
            [
                w.HTML(
                    "<h3>"
                    + escape(_("Or a follow-up round"))
                    + "</h3><p>"
                    + escape(
                        _(
                            "Months later, the same group assesses itself again and compares "
                            "with the earlier round."
                        )
                    )
                    + "</p>"
                ),
                self.earlier_code,
                self.earlier_key,
                self.followup_title,
                self.followup,
                self.followup_message,
            ]
        )
        followup.add_class("ic-form")
        followup.add_class("ic-start-followup-form")
        self.children = (self.page_language, new, followup)
        self.create.on_click(lambda _button: self._submit_new())
        self.followup.on_click(lambda _button: self._submit_followup())

    def show_message(self, message: str) -> None:
        self.message.value = _problem(message)

    def show_followup_message(self, message: str) -> None:
        self.followup_message.value = _problem(message)

    def _submit_new(self) -> None:
        request = NewSession(
            framework_id=self.framework.value or "",
            title=self.title.value.strip(),
            mentor_city=self.mentor_city.value.strip(),
            mentee_city=self.mentee_city.value.strip(),
            theme=self.theme.value.strip(),
            creation_key=self.creation_key.value.strip(),
            language=self.language.value,
        )
        _ = self._t.gettext
        if not request.framework_id:
            self.show_message(_("No framework is available on this server."))
            return
        if not request.title:
            self.show_message(_("Please give the session a title, for example the two cities."))
            return
        self.show_message("")
        self.create.disabled = True
        try:
            self._on_create(request)
        finally:
            self.create.disabled = False

    def _submit_followup(self) -> None:
        request = NewFollowup(
            code=self.earlier_code.value.strip().upper(),
            key=self.earlier_key.value.strip(),
            title=self.followup_title.value.strip(),
            creation_key=self.creation_key.value.strip(),
        )
        if not request.code or not request.key:
            self.show_followup_message(
                self._t.gettext("Please give the earlier session's code and its facilitator key.")
            )
            return
        self.show_followup_message("")
        self.followup.disabled = True
        try:
            self._on_followup(request)
        finally:
            self.followup.disabled = False


class CreatedSession(w.HTML):  # type: ignore[misc]
    """The new session's code, its facilitator key shown once with a copy button and a
    warning, and the links to the facilitator and participant pages."""

    def __init__(
        self,
        code: str,
        key: str,
        facilitator_href: str,
        participant_href: str,
        language: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.add_class("ic-start-created")
        _ = translator(language).gettext
        # A JSON string, escaped for the attribute: the browser unescapes it back to JSON.
        copied = escape(json.dumps(_("Copied")), quote=True)
        text = {
            name: escape(message, quote=True)
            for name, message in (
                ("created", _("Session created")),
                ("code", _("Session code {code}: participants type it on the participant page.")),
                ("key", _("Facilitator key")),
                (
                    "keep",
                    _(
                        "(shown only now; keep it private, it opens the dashboard and the "
                        "session's controls):"
                    ),
                ),
                ("copy_key", _("Copy key")),
                ("open", _("Open the facilitator page")),
                ("new_tab", _("(in a new tab)")),
                ("participants", _("Participants open the")),
                ("participant_page", _("participant page of this session")),
                ("copy_link", _("Copy participant link")),
                ("or_code", _("or type the code on the participant page.")),
            )
        }
        code_sentence = text["code"].replace(
            "{code}", f'<strong class="ic-code">{escape(code)}</strong>'
        )
        self.value = (
            '<div class="ic-notice ic-created" role="status">'
            f"<h3>{text['created']}</h3><p>{code_sentence}</p>"
            f"<p><strong>{text['key']}</strong> {text['keep']} "
            f'<input class="ic-key-field" readonly aria-label="{text["key"]}" '
            f'value="{escape(key, quote=True)}"> '
            '<button type="button" class="ic-copy-link" onclick="'
            "const field = this.previousElementSibling; field.select();"
            " (navigator.clipboard ? navigator.clipboard.writeText(field.value)"
            " : Promise.resolve(document.execCommand('copy')))"
            f".then(() => {{ this.textContent = {copied}; }});"
            f'">{text["copy_key"]}</button></p>'
            f'<p><a class="ic-open-facilitator" href="{escape(facilitator_href, quote=True)}" '
            f'target="_blank" rel="noopener">{text["open"]}</a> '
            f'<span class="ic-muted">{text["new_tab"]}</span></p>'
            f"<p>{text['participants']} "
            f'<a class="ic-participant-link" href="{escape(participant_href, quote=True)}">'
            f"{text['participant_page']}</a> "
            # The anchor resolves the relative link against this page's own address, so
            # the copied link is right behind Binder's or JupyterHub's proxy too.
            '<button type="button" class="ic-copy-link" onclick="'
            "navigator.clipboard.writeText(this.previousElementSibling.href)"
            f".then(() => {{ this.textContent = {copied}; }});"
            f'">{text["copy_link"]}</button> {text["or_code"]}</p>'
            "</div>"
        )
