"""The facilitator's dashboard: who has joined, where the group stands and disagrees."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import ipywidgets as w
import pandas as pd

from inclusion_widgets import analysis
from inclusion_widgets.frameworks import Framework
from inclusion_widgets.i18n import N_, translator
from inclusion_widgets.widgets import dashboard_views as views
from inclusion_widgets.widgets.dashboard_views import AuthoredAction, RoundsOutcome

SECTIONS = (
    ("progress", N_("Who has joined")),
    ("standing", N_("Where we stand")),
    ("disputed", N_("Where we disagree")),
    ("comparison", N_("Mentor vs mentee")),
    ("rounds", N_("Rounds")),
    ("plan", N_("Action plan")),
)


@dataclass(frozen=True)
class DashboardData:
    """Everything one refresh of the dashboard shows."""

    answers: pd.DataFrame
    actions: Sequence[AuthoredAction] = ()
    baseline: pd.DataFrame | None = None
    outcome: RoundsOutcome | None = None
    """For a follow-up: what both rounds agreed, the baseline's plan, the pairs made."""


class Dashboard(w.VBox):  # type: ignore[misc]
    """Tabs for the facilitator to lead the discussion from.

    *Who has joined* lists each participant and how far they are. *Where we stand*
    shows a heat map of answers per item and level. *Where we disagree* lists the
    most disputed items first, with the notes people wrote side by side. *Mentor vs
    mentee* compares two roles (or two cities) item by item. *Rounds* compares a
    follow-up round with its baseline: what each round agreed first, then the answers.
    *Action plan* gathers every participant's actions by item and lists the items that
    have none yet.

    :meth:`update` draws the open tab's section at once and every other section when
    its tab is opened, and changes only sections whose content changed: a refresh
    several times a second neither flickers, nor loses the open tab or the choices
    made, nor draws charts nobody is looking at.
    """

    def __init__(self, framework: Framework, language: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.framework = framework
        self._t = translator(language)
        _ = self._t.gettext
        self._data: DashboardData | None = None
        self._stale: set[str] = set()
        self._checked: dict[str, analysis.Checked] = {}
        self._updates = 0
        self._comparison_shown: tuple[object, ...] = ()
        self.sections = {name: w.HTML() for name, _title in SECTIONS}
        for name, section in self.sections.items():
            section.add_class(f"ic-dash-{name}")
        self.compare_by = w.Dropdown(
            options=[(_("Role"), "role"), (_("City"), "city")],
            value="role",
            description=_("Compare by"),
        )
        self.side_a = w.Dropdown(description=_("Side A"))
        self.side_b = w.Dropdown(description=_("Side B"))
        for control in (self.compare_by, self.side_a, self.side_b):
            control.style = {"description_width": "initial"}
            control.layout = w.Layout(width="auto", margin="0 1em 0 0")
        self.compare_by.observe(self._on_compare_by, "value")
        self.side_a.observe(self._on_side, "value")
        self.side_b.observe(self._on_side, "value")
        self.pages: dict[str, w.VBox] = {}
        for name, _title in SECTIONS:
            children: list[w.Widget] = [self.sections[name]]
            if name == "comparison":
                children.insert(0, w.HBox([self.compare_by, self.side_a, self.side_b]))
            self.pages[name] = w.VBox(children)
        self.tabs = w.Tab(children=list(self.pages.values()))
        for index, (_name, title) in enumerate(SECTIONS):
            self.tabs.set_title(index, _(title))
        self.tabs.add_class("ic-dashboard-tabs")
        self.tabs.observe(lambda _change: self._render_shown(), "selected_index")
        self.children = (self.tabs,)
        self.add_class("ic-dashboard")

    def append_to(self, section: str, widget: w.Widget) -> None:
        """Put a widget below a section's content (the app adds its controls this way)."""
        page = self.pages[section]
        page.children = (*page.children, widget)

    def add_page(self, page: w.Widget, title: str) -> None:
        """Add a tab after the analysis sections (the apps add their files here)."""
        self.tabs.children = (*self.tabs.children, page)
        self.tabs.set_title(len(self.tabs.children) - 1, title)

    def update(self, data: DashboardData) -> None:
        """Show ``data``: the open tab's section now, the others when their tab is opened;
        sections whose markup is unchanged are left alone."""
        self._data = data
        # The baseline round is checked again only when the app hands over a new frame.
        kept = self._checked.get("baseline")
        same = kept is not None and kept.frame is data.baseline
        self._checked = {"baseline": kept} if same and kept is not None else {}
        self._updates += 1
        self._stale = {name for name, _title in SECTIONS}
        self._refresh_sides()
        self._render_shown()

    def _shown_section(self) -> str:
        """The name of the open tab's section ("" for a tab the app added)."""
        index = self.tabs.selected_index or 0
        return SECTIONS[index][0] if index < len(SECTIONS) else ""

    def _render_shown(self) -> None:
        name = self._shown_section()
        if self._data is None or name not in self._stale:
            return
        self._stale.discard(name)
        data, framework, language = self._data, self.framework, self._t.language
        if name == "progress":
            self._set(name, views.progress_html(self._answers(), framework, language))
        elif name == "standing":
            self._set(name, views.standing_html(self._answers(), framework, language))
        elif name == "disputed":
            self._set(name, views.disputed_html(self._answers(), framework, language=language))
        elif name == "comparison":
            self._render_comparison()
        elif name == "rounds":
            baseline = None if data.baseline is None else self._answers("baseline")
            answers = self._answers()
            self._set(name, views.rounds_html(baseline, answers, framework, language, data.outcome))
        else:
            self._set(name, views.plan_html(data.actions, framework, language))

    def _answers(self, which: str = "answers") -> analysis.Checked:
        """The update's answers (or its baseline's), checked once and read by every section."""
        assert self._data is not None
        if which not in self._checked:
            frame = self._data.baseline if which == "baseline" else self._data.answers
            assert frame is not None
            self._checked[which] = analysis.check_answers(frame, self.framework)
        return self._checked[which]

    def _set(self, name: str, markup: str) -> None:
        if self.sections[name].value != markup:
            self.sections[name].value = markup

    def _refresh_sides(self) -> None:
        if self._data is None:
            return
        column = self._data.answers[self.compare_by.value].astype(str)
        values = sorted(value for value in column.unique() if value)
        defaults = ("mentor", "mentee") if self.compare_by.value == "role" else ()
        for control, preferred in ((self.side_a, 0), (self.side_b, 1)):
            if tuple(control.options) == tuple(values):
                continue
            keep = control.value if control.value in values else None
            if keep is None and defaults and defaults[preferred] in values:
                keep = defaults[preferred]
            elif keep is None and len(values) > preferred:
                keep = values[preferred]
            control.options = values
            control.value = keep

    def _on_compare_by(self, _change: object) -> None:
        self.side_a.options, self.side_b.options = (), ()
        self._refresh_sides()
        self._render_comparison()

    def _on_side(self, _change: object) -> None:
        self._render_comparison()

    def _render_comparison(self) -> None:
        """Draw the comparison if its tab is open (else when it is opened), once for each
        set of data and sides."""
        if self._data is None:
            return
        a, b = self.side_a.value, self.side_b.value
        shown = (self._updates, self.compare_by.value, a, b)
        if shown == self._comparison_shown:
            return
        if self._shown_section() != "comparison":
            self._stale.add("comparison")
            return
        self._stale.discard("comparison")
        self._comparison_shown = shown
        if a is None or b is None:
            needed = (
                self._t.gettext("Two sides are needed: answers from at least two different roles.")
                if self.compare_by.value == "role"
                else self._t.gettext(
                    "Two sides are needed: answers from at least two different cities."
                )
            )
            self._set("comparison", f'<p class="ic-empty">{escape(needed)}</p>')
            return
        self._set(
            "comparison",
            views.comparison_html(
                self._answers(), self.framework, self.compare_by.value, a, b, self._t.language
            ),
        )
