"""The notebook workbooks' page: a menu of the frameworks found and a menu of languages,
and under them the chosen framework's view in the chosen language.

The workbooks have no store: what a person typed lives in the view's widgets only, so a
view that is replaced (another language, another framework) hands its answers and actions
to the next one, and a framework left and chosen again gets them back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from html import escape

import ipywidgets as w

from inclusion_widgets.frameworks import (
    Framework,
    FrameworkError,
    discover_frameworks,
    search_folders,
    translate_framework,
)
from inclusion_widgets.i18n import N_, Translator, normalize, translator
from inclusion_widgets.records import Action, Answer
from inclusion_widgets.widgets.action_plan import ActionPlan
from inclusion_widgets.widgets.checklist import Checklist
from inclusion_widgets.widgets.language_picker import LanguagePicker

INTRO = N_(
    "Choose a framework, then score each item. This page keeps what you type only while "
    "it is open; the workshop's pages save it."
)
NOT_FOUND = N_("No framework file was found. Frameworks are looked for in: {folders}.")
SET_PATH = N_("Set INCLUSION_FRAMEWORKS_PATH to a folder of framework files.")
# The notebooks load no page stylesheet: the few styles the picker needs are inline.
_TEXT_STYLE = "margin: 0.3rem 0; line-height: 1.45;"
_PROBLEM_STYLE = _TEXT_STYLE + " color: #9b1c1c; font-weight: 600;"


@dataclass(frozen=True)
class Kept:
    """What a person had in a view, handed to the view that replaces it."""

    answers: tuple[Answer, ...] = ()
    actions: tuple[Action, ...] = ()
    tab: int | None = None
    """The tab that was open, in a view of tabs."""

    @classmethod
    def of(cls, view: w.Widget) -> Kept:
        """The answers and actions of every checklist and action plan in ``view``."""
        answers: list[Answer] = []
        actions: list[Action] = []
        for widget in _tree(view):
            if isinstance(widget, Checklist):
                answers.extend(widget.answers)
            elif isinstance(widget, ActionPlan):
                actions.extend(widget.actions)
        tab = view.selected_index if isinstance(view, w.Tab) else None
        return cls(tuple(answers), tuple(actions), tab)


NOTHING_KEPT = Kept()

Build = Callable[[Framework, str | None, Kept], w.Widget]
"""Makes the view of a framework (already in the language) in an interface language,
holding what was kept from the view it replaces."""


def checklist_view(
    framework: Framework, language: str | None = None, kept: Kept = NOTHING_KEPT
) -> w.Widget:
    """The checklist alone."""
    return Checklist(framework, kept.answers, language=language)


def checklist_and_plan(
    framework: Framework, language: str | None = None, kept: Kept = NOTHING_KEPT
) -> w.Widget:
    """Two tabs: the checklist, and the action plan fed by its gaps."""
    t = translator(language)
    checklist = Checklist(framework, kept.answers, language=language)
    plan = ActionPlan(framework, checklist, kept.actions, language=language)
    tabs = w.Tab(children=[checklist, plan])
    tabs.titles = (t.gettext("Checklist"), t.gettext("Action plan"))
    if kept.tab is not None:
        tabs.selected_index = kept.tab
    tabs.add_class("ic-tabs")
    return tabs


def _tree(widget: w.Widget) -> Iterator[w.Widget]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _tree(child)


def close_tree(widget: w.Widget) -> None:
    """Close a view and every widget inside it, so a discarded view leaves no models."""
    for child in getattr(widget, "children", ()):
        close_tree(child)
    for part in (getattr(widget, "layout", None), getattr(widget, "style", None)):
        if isinstance(part, w.Widget):  # its own model, which close() leaves open
            part.close()
    widget.close()


class FrameworkPicker(w.VBox):
    """What a person sees: "Framework" with a menu of every framework found, named in the
    page's language, and "Language" beside it; a sentence for each framework file that
    cannot be used; then the chosen framework's view (a checklist unless ``build`` says
    otherwise) in that language. When no framework file is found, a sentence says where
    they are looked for. ``language`` is the interface's (English by default)."""

    def __init__(
        self,
        build: Build = checklist_view,
        frameworks: Sequence[Framework] | None = None,
        language: str | None = None,
    ) -> None:
        if frameworks is None:
            found, self._broken = discover_frameworks()
        else:
            found, self._broken = tuple(frameworks), ()
        self.frameworks = tuple(found)
        self.language = normalize(language)
        self._build = build
        self._kept: dict[str, Kept] = {}
        self._shown: str | None = None
        self._switching = False
        self.view: w.Widget | None = None
        self.languages = LanguagePicker(self.language, self.choose_language)
        self.dropdown = w.Dropdown(
            style={"description_width": "initial"},
            layout={"width": "auto", "max_width": "min(48rem, 100%)"},
        )
        self.dropdown.add_class("ic-framework-menu")
        self._intro = w.HTML()
        self._problems = w.HTML()
        self._slot = w.VBox()
        menus = [self.dropdown, self.languages] if self.frameworks else [self.languages]
        header = w.HBox(
            menus,
            layout={"flex_flow": "row wrap", "align_items": "center", "grid_gap": "0.25rem 1.5rem"},
        )
        super().__init__(children=[header, self._intro, self._problems, self._slot])
        self.add_class("ic-app")
        self.add_class("ic-picker")
        self._say()
        if self.frameworks:
            self.dropdown.value = self.frameworks[0].id
            self.dropdown.observe(lambda _change: self._show(), names="value")
            self._show()

    @property
    def t(self) -> Translator:
        return translator(self.language)

    def framework(self) -> Framework:
        """The framework chosen in the menu, as its file gives it (untranslated)."""
        chosen = self.dropdown.value
        return next(framework for framework in self.frameworks if framework.id == chosen)

    def choose_language(self, language: str) -> None:
        """Speak ``language`` from now on; the answers and actions stay as they were."""
        self.language = normalize(language)
        self.languages.description = self.t.gettext("Language")
        self._say()
        if self.frameworks:
            self._show()

    def _in_language(self, framework: Framework) -> Framework:
        try:
            return translate_framework(framework, self.language)
        except FrameworkError:
            return framework  # _say() shows why

    def _say(self) -> None:
        """Every sentence and menu label of the page in its language."""
        t = self.t
        problems = [sentence for error in self._broken for sentence in error.said(t)]
        options = []
        for framework in self.frameworks:
            try:
                shown = translate_framework(framework, self.language)
            except FrameworkError as error:  # its translation file is broken
                problems.extend(error.said(t))
                shown = framework
            options.append((f"{shown.title} ({framework.id})", framework.id))
        if self.frameworks:
            chosen = self.dropdown.value
            # New options select the first one: the view is rebuilt once, by the caller.
            self._switching = True
            try:
                self.dropdown.description = t.gettext("Framework")
                self.dropdown.options = options
                if chosen is not None:
                    self.dropdown.value = chosen
            finally:
                self._switching = False
            intro = escape(t.gettext(INTRO))
            self._intro.value = f'<p style="{_TEXT_STYLE}">{intro}</p>'
        else:
            folders = ", ".join(str(folder) for folder in search_folders())
            not_found = escape(t.gettext(NOT_FOUND).format(folders=folders))
            set_path = escape(t.gettext(SET_PATH))
            self._intro.value = (
                f'<p style="{_TEXT_STYLE}">{not_found}</p><p style="{_TEXT_STYLE}">{set_path}</p>'
            )
        self._problems.value = "".join(
            f'<p class="ic-problem" role="alert" style="{_PROBLEM_STYLE}">{escape(sentence)}</p>'
            for sentence in problems
        )

    def _show(self) -> None:
        if self._switching:
            return
        old = self.view
        if old is not None and self._shown is not None:
            self._kept[self._shown] = Kept.of(old)
        chosen = self.framework()
        self.view = self._build(
            self._in_language(chosen), self.language, self._kept.get(chosen.id, NOTHING_KEPT)
        )
        self._shown = chosen.id
        self._slot.children = [self.view]
        if old is not None:
            close_tree(old)
