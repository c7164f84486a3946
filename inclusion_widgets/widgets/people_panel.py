"""The facilitator's say over who is in the session: people who probably joined twice are
pointed out, two can be merged into one, and one can be removed; each after a confirmation."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from html import escape
from typing import Any

import ipywidgets as w

from inclusion_widgets.i18n import Translator, translator
from inclusion_widgets.store import Participant, StoreError
from inclusion_widgets.store.duplicates import likely_duplicates
from inclusion_widgets.store.names import distinct_names

NOBODY = 0
"""The dropdowns' value for "nobody chosen yet" (participant ids start at 1)."""


def _joined(t: Translator, person: Participant) -> str:
    return t.format_time(person.joined_at.astimezone())


class PeoplePanel(w.VBox):  # type: ignore[misc]
    """Likely duplicates, *Merge two participants* and *Remove a participant*.

    ``on_merge(keep_id, other_id)`` and ``on_remove(participant_id)`` do the change and
    return the sentence that says what was done; a :class:`StoreError` they raise is
    shown as its sentence. Nothing changes before the facilitator confirms.
    """

    def __init__(
        self,
        on_merge: Callable[[int, int], str],
        on_remove: Callable[[int], str],
        language: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._t = translator(language)
        _ = self._t.gettext
        self._on_merge = on_merge
        self._on_remove = on_remove
        self._people: tuple[Participant, ...] = ()
        self._names: Mapping[Hashable, str] = {}
        self._pending: Callable[[], str] | None = None
        self._pending_ids: tuple[int, ...] = ()
        self.duplicates = w.VBox()
        self.duplicates.add_class("ic-duplicates")
        self.keep = w.Dropdown(description=_("Keep"))
        self.other = w.Dropdown(description=_("Merge in"))
        self.merge_button = w.Button(description=_("Merge…"), icon="compress")
        self.merge_button.add_class("ic-merge")
        self.remove_who = w.Dropdown(description=_("Participant"))
        self.remove_button = w.Button(description=_("Remove…"), button_style="danger")
        self.remove_button.add_class("ic-remove-button")
        for control in (self.keep, self.other, self.remove_who):
            control.style = {"description_width": "initial"}
            control.layout = w.Layout(width="min(24rem, 100%)")
        for button in (self.merge_button, self.remove_button):
            button.layout = w.Layout(width="auto")
        self.question = w.HTML()
        self.yes = w.Button(description=_("Yes"), button_style="danger")
        self.yes.add_class("ic-confirm-yes")
        self.cancel = w.Button(description=_("Cancel"))
        self.cancel.add_class("ic-confirm-cancel")
        for button in (self.yes, self.cancel):
            button.layout = w.Layout(width="auto")
        self.confirmation = w.VBox(
            [self.question, w.HBox([self.yes, self.cancel])], layout=w.Layout(display="none")
        )
        self.confirmation.add_class("ic-confirmation")
        self.message = w.HTML()
        super().__init__(**kwargs)
        merge = w.VBox(
            [
                w.HTML(
                    "<h4>"
                    + escape(_("Merge two participants"))
                    + '</h4><p class="ic-muted">'
                    + escape(
                        _(
                            "For someone who joined twice: the answers and actions of the "
                            "second become the first's (where both answered an item, the newer "
                            "answer stays) and the second leaves the list. Their old personal "
                            "link then opens the one kept."
                        )
                    )
                    + "</p>"
                ),
                w.HBox([self.keep, self.other, self.merge_button]),
            ]
        )
        removal = w.VBox(
            [
                w.HTML(
                    "<h4>"
                    + escape(_("Remove a participant"))
                    + '</h4><p class="ic-muted">'
                    + escape(
                        _(
                            "Their answers and actions leave the dashboard and the exports; the "
                            "history keeps them."
                        )
                    )
                    + "</p>"
                ),
                w.HBox([self.remove_who, self.remove_button]),
            ]
        )
        self.children = (self.duplicates, merge, removal, self.confirmation, self.message)
        self.add_class("ic-people")
        self.merge_button.on_click(lambda _button: self._ask_merge())
        self.remove_button.on_click(lambda _button: self._ask_remove())
        self.yes.on_click(lambda _button: self._confirmed())
        self.cancel.on_click(lambda _button: self._close_question())

    def show(self, people: Sequence[Participant]) -> None:
        """The session's participants now; choices still possible are kept."""
        people = tuple(people)
        if people == self._people:
            return
        self._people = people
        self._names = distinct_names(people)
        t = self._t
        options = [(t.gettext("Choose a participant"), NOBODY)] + [
            (
                t.gettext("{name}, {city} (joined {time})").format(
                    name=self._names[p.id], city=p.city, time=_joined(t, p)
                ),
                p.id,
            )
            for p in people
        ]
        for control in (self.keep, self.other, self.remove_who):
            chosen = control.value if any(p.id == control.value for p in people) else NOBODY
            control.options = options
            control.value = chosen
        if not all(any(p.id == pid for p in people) for pid in self._pending_ids):
            self._close_question()  # someone it names has left meanwhile
        self._show_duplicates(people)

    def _show_duplicates(self, people: Sequence[Participant]) -> None:
        t = self._t
        notices: list[w.Widget] = []
        for group in likely_duplicates(people):
            first, latest = group[0], group[-1]
            times = ", ".join(_joined(t, person) for person in group)
            person = t.gettext("Probably the same person: {name}, {city}").format(
                name=first.name, city=first.city
            )
            joined = t.ngettext(
                "joined {n} time with the same details (at {times}), perhaps after losing "
                "their personal link.",
                "joined {n} times with the same details (at {times}), perhaps after losing "
                "their personal link.",
                len(group),
            ).format(n=t.format_number(len(group)), times=times)
            text = w.HTML(
                f'<p class="ic-duplicate" role="note"><strong>{escape(person)}</strong> '
                f"{escape(joined)}</p>"
            )
            suggest = w.Button(
                description=t.gettext("Merge {merged} into {kept}…").format(
                    merged=self._names[first.id], kept=self._names[latest.id]
                ),
                layout=w.Layout(width="auto", max_width="100%", align_self="flex-start"),
            )
            suggest.add_class("ic-merge-suggested")
            suggest.on_click(
                lambda _button, keep=latest.id, other=first.id: self._suggest(keep, other)
            )
            box = w.VBox([text, suggest])
            box.add_class("ic-duplicate-box")
            notices.append(box)
        self.duplicates.children = tuple(notices)

    def _suggest(self, keep: int, other: int) -> None:
        """Keep the latest join (the link the person uses now) and fold the earlier one in."""
        self.keep.value, self.other.value = keep, other
        self._ask_merge()

    def _ask_merge(self) -> None:
        _ = self._t.gettext
        keep, other = self.keep.value, self.other.value
        if not keep or not other:
            self._say_problem(_("Choose the participant to keep and the one to merge in."))
            return
        if keep == other:
            self._say_problem(_("Choose two different participants to merge."))
            return
        kept, merged = self._names[keep], self._names[other]
        self._ask(
            _(
                "Merge {merged} into {kept}? The answers and actions of {merged} become those "
                "of {kept} (where both answered an item, the newer answer stays; the other "
                "goes to the history) and {merged} leaves the list."
            ).format(merged=merged, kept=kept),
            _("Yes, merge them"),
            lambda: self._on_merge(keep, other),
            (keep, other),
        )

    def _ask_remove(self) -> None:
        _ = self._t.gettext
        who = self.remove_who.value
        if not who:
            self._say_problem(_("Choose the participant to remove."))
            return
        self._ask(
            _(
                "Remove {name}? Their answers and actions leave the dashboard and the "
                "exports; the history keeps them."
            ).format(name=self._names[who]),
            _("Yes, remove"),
            lambda: self._on_remove(who),
            (who,),
        )

    def _ask(
        self, question: str, yes: str, action: Callable[[], str], ids: tuple[int, ...]
    ) -> None:
        self._pending, self._pending_ids = action, ids
        self.message.value = ""
        self.question.value = f'<p class="ic-question" role="alert">{escape(question)}</p>'
        self.yes.description = yes
        self.confirmation.layout.display = None

    def _confirmed(self) -> None:
        action = self._pending
        self._close_question()
        if action is None:
            return
        try:
            done = action()
        except StoreError as error:
            self._say_problem(self._t.sentence(error.template, error.params))
            return
        self.message.value = f'<p class="ic-notice" role="status">{escape(done)}</p>'

    def _close_question(self) -> None:
        self._pending, self._pending_ids = None, ()
        self.confirmation.layout.display = "none"
        self.question.value = ""

    def _say_problem(self, sentence: str) -> None:
        self.message.value = f'<p class="ic-problem" role="alert">{escape(sentence)}</p>'
