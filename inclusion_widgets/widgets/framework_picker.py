"""A dropdown of the frameworks found, and the view of the one chosen below it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

import ipywidgets as w

from inclusion_widgets.frameworks import Framework, list_frameworks, search_folders
from inclusion_widgets.widgets.action_plan import ActionPlan
from inclusion_widgets.widgets.checklist import Checklist


def checklist_and_plan(framework: Framework) -> w.Widget:
    """Two tabs: the checklist, and the action plan fed by its gaps."""
    checklist = Checklist(framework)
    tabs = w.Tab(children=[checklist, ActionPlan(framework, checklist)])
    tabs.titles = ("Checklist", "Action plan")
    tabs.add_class("ic-tabs")
    return tabs


def close_tree(widget: w.Widget) -> None:
    """Close a view and every widget inside it, so a discarded view leaves no models."""
    for child in getattr(widget, "children", ()):
        close_tree(child)
    widget.close()


class FrameworkPicker(w.VBox):
    """What a person sees: "Framework" with a dropdown of every framework found, and
    the chosen framework's view (a checklist unless ``build`` says otherwise) under it.
    When no framework file is found, a sentence says where they are looked for."""

    def __init__(
        self,
        build: Callable[[Framework], w.Widget] = Checklist,
        frameworks: Sequence[Framework] | None = None,
    ) -> None:
        self.frameworks = tuple(list_frameworks() if frameworks is None else frameworks)
        self._build = build
        self.view: w.Widget | None = None
        if not self.frameworks:
            folders = ", ".join(str(folder) for folder in search_folders())
            where = f"No framework file was found. Frameworks are looked for in: {folders}."
            message = w.HTML(
                f"<p>{escape(where)}</p>"
                "<p>Set INCLUSION_FRAMEWORKS_PATH to a folder of framework files.</p>"
            )
            super().__init__(children=[message])
            return
        options = [
            (f"{framework.title} ({framework.id})", framework.id) for framework in self.frameworks
        ]
        self.dropdown = w.Dropdown(
            options=options,
            value=self.frameworks[0].id,
            description="Framework",
            style={"description_width": "initial"},
            layout={"width": "auto", "max_width": "48rem"},
        )
        self._slot = w.VBox()
        super().__init__(children=[self.dropdown, self._slot])
        self.dropdown.observe(lambda _change: self._show(), names="value")
        self._show()

    def framework(self) -> Framework:
        """The framework chosen in the dropdown."""
        chosen = self.dropdown.value
        return next(framework for framework in self.frameworks if framework.id == chosen)

    def _show(self) -> None:
        old = self.view
        self.view = self._build(self.framework())
        self._slot.children = [self.view]
        if old is not None:
            close_tree(old)
