"""The action-plan canvas: the gaps to act on, the action cards, and an impact/effort view."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import ipywidgets as w
import traitlets

from inclusion_widgets.checks import action_fields
from inclusion_widgets.edits import (
    ActionDeletion,
    ActionEdit,
    Edit,
    SaveResult,
)
from inclusion_widgets.frameworks import Framework, Item
from inclusion_widgets.records import (
    IMPACT_EFFORT_LABELS,
    Action,
    ActionStatus,
    Answer,
    AnswerKind,
    new_action_id,
)
from inclusion_widgets.widgets.action_card import TEXT_FIELDS, ActionCard
from inclusion_widgets.widgets.checklist import Checklist
from inclusion_widgets.widgets.edit_tracking import EditTracker
from inclusion_widgets.widgets.field_notices import FieldNotices
from inclusion_widgets.widgets.parts import Parts
from inclusion_widgets.widgets.styles import style_block
from inclusion_widgets.widgets.text import bullet_list, esc, plural, tag

if TYPE_CHECKING:
    import pandas as pd

ALL = "all"
CARDS, GRID = "cards", "grid"
LABEL_WIDTH = 80


def action_key(action_id: str) -> str:
    return f"action:{action_id}"


def is_gap(framework: Framework, answer: Answer, gap_levels: int = 2) -> bool:
    """The gap rule: an item is a gap when it is flagged as a priority, or when it is
    scored at one of the ``gap_levels`` lowest levels of its scale. "Don't know" and
    "not applicable" are not scores, so alone they never make a gap."""
    if answer.priority:
        return True
    if answer.kind is not AnswerKind.LEVEL or answer.level is None:
        return False
    lowest = sorted(framework.scale_for(answer.item_id).values)[:gap_levels]
    return answer.level in lowest


def impact_effort_html(actions: Iterable[Action]) -> str:
    """A 3x3 grid of action titles: impact from high (top) to low, effort from low (left)."""
    cells: dict[tuple[int, int], list[str]] = {}
    unrated: list[str] = []
    for action in actions:
        title = action.title.strip() or "Untitled action"
        if action.impact is None or action.effort is None:
            unrated.append(title)
        else:
            cells.setdefault((action.impact, action.effort), []).append(title)
    efforts = sorted(IMPACT_EFFORT_LABELS)
    html = ['<div class="ic-grid" role="table" aria-label="Actions by impact and effort">']
    html.append('<div class="ic-axis">Impact ↓ / Effort →</div>')
    html += [f'<div class="ic-axis">{esc(IMPACT_EFFORT_LABELS[e])} effort</div>' for e in efforts]
    for impact in sorted(IMPACT_EFFORT_LABELS, reverse=True):
        html.append(
            f'<div class="ic-axis ic-row-label">{esc(IMPACT_EFFORT_LABELS[impact])} impact</div>'
        )
        for effort in efforts:
            best = " ic-best" if impact == max(efforts) and effort == min(efforts) else ""
            html.append(
                f'<div class="ic-cell{best}">{bullet_list(cells.get((impact, effort), []))}</div>'
            )
    html.append("</div>")
    if unrated:
        html.append(tag("p", "Impact or effort not rated yet:", "ic-muted"))
        html.append(bullet_list(unrated))
    return "".join(html)


class ActionPlan(w.VBox):
    """What a participant sees: the gaps the checklist shows (items scored low or
    flagged as a priority, each marked open until an action answers it), then one
    card per action with every field of the plan (title, description, linked items,
    owner, partners, start, due, resources, success indicator, status, impact and
    effort) and buttons to move it up, down or remove it (with an undo). A toolbar
    adds an action (linked to a chosen gap), filters the cards by status and
    switches to a grid of actions by impact and effort.

    Edits are reported to :meth:`on_action_change` callbacks and removals to
    :meth:`on_action_delete` callbacks; :meth:`load` reports nothing. Text fields
    report while typing; ipywidgets tells the kernel nothing when one loses focus, so
    an app that saves debounces and flushes on a timer.
    """

    actions = traitlets.Tuple(
        read_only=True, help="Every action, immutable, in plan order; replace them with load()."
    )
    last_change = traitlets.Instance(
        Action, allow_none=True, read_only=True, help="The action most recently edited."
    )
    gap_levels = traitlets.Int(
        2, help="How many of the lowest levels of a scale count as a gap (see is_gap)."
    )
    read_only = traitlets.Bool(False, help="Show the plan with every control disabled.")

    def __init__(
        self,
        framework: Framework,
        checklist: Checklist | None = None,
        actions: Iterable[Action] = (),
        gap_levels: int = 2,
    ) -> None:
        self.framework = framework
        self.checklist = checklist
        self._parts = parts = Parts()
        self._cards: list[ActionCard] = []
        self._change_callbacks: list[Callable[[Action], None]] = []
        self._delete_callbacks: list[Callable[[str], None]] = []
        self._edit_callbacks: list[Callable[[Edit], None]] = []
        self._tracker = EditTracker()
        self._notices: dict[str, FieldNotices] = {}
        self._removed: tuple[int, Action] | None = None
        self._numbers = {item.id: n for n, item in enumerate(framework.items, start=1)}
        self._gaps_html = parts.html("", "ic-gaps")
        self._link_to = parts.dropdown("Link new action to", [("No item", "")], "")
        self._add = parts.button("Add action", "Add an action card", "ic-primary", icon="plus")
        self._filter = parts.dropdown(
            "Show", [("All actions", ALL), *[(s.label, s) for s in ActionStatus]], ALL
        )
        self._view = parts.toggles(
            "View", [("Cards", CARDS), ("Impact and effort", GRID)], ["", ""], "ic-view", "ic-field"
        )
        self._view.value = CARDS
        toolbar = parts.hbox([self._link_to, self._add, self._filter, self._view], "ic-toolbar")
        self._undo_text = parts.html("", "ic-undo-text")
        self._undo = parts.button("Undo", "Bring the removed action back", icon="undo")
        self._undo_bar = parts.hbox([self._undo_text, self._undo], "ic-toolbar", "ic-hidden")
        self._empty = parts.html("", "ic-empty", "ic-muted")
        self._card_box = parts.vbox([], "ic-cards")
        self._grid = parts.html("", "ic-hidden")
        head = tag("h2", "Action plan") + tag(
            "p",
            "Turn the gaps into actions: who does what, with whom, by when, and how you "
            "will know it worked.",
            "ic-intro",
        )
        super().__init__(
            children=[
                style_block(parts),
                parts.html(head, "ic-head"),
                self._gaps_html,
                toolbar,
                self._undo_bar,
                self._empty,
                self._card_box,
                self._grid,
            ],
            layout=parts.layout,
        )
        self.add_class("ic-root")
        self.add_class("ic-action-plan")
        self.gap_levels = gap_levels
        self._add.on_click(lambda _button: self.add_action())
        self._undo.on_click(lambda _button: self.undo_remove())
        self._filter.observe(lambda _change: self._apply_filter(), names="value")
        self._view.observe(lambda _change: self._apply_view(), names="value")
        if checklist is not None:
            checklist.observe(lambda _change: self._refresh(), names="answers")
        self.load(actions)

    # -- gaps ----------------------------------------------------------------------

    def proposed_gaps(self, gap_levels: int | None = None) -> tuple[Item, ...]:
        """Items to act on, in framework order, by the rule of :func:`is_gap`."""
        if self.checklist is None:
            return ()
        levels = self.gap_levels if gap_levels is None else gap_levels
        return tuple(
            item
            for item in self.framework.items
            if is_gap(self.framework, self.checklist.answer(item.id), levels)
        )

    def open_gaps(self, gap_levels: int | None = None) -> tuple[Item, ...]:
        """Proposed gaps that no action is linked to yet."""
        linked = {item for card in self._cards for item in card.action.items}
        return tuple(item for item in self.proposed_gaps(gap_levels) if item.id not in linked)

    # -- reading state -------------------------------------------------------------

    def to_dataframe(self) -> pd.DataFrame:
        """One row per action, in plan order (imports pandas)."""
        import pandas as pd

        rows = [action.as_row() for action in self.actions]
        columns = list(Action(id="", title="").as_row())
        frame = pd.DataFrame(rows, columns=columns)
        for name in ("impact", "effort"):
            frame[name] = frame[name].astype("Int64")
        return frame

    # -- changing state ------------------------------------------------------------

    def load(self, actions: Iterable[Action]) -> None:
        """Replace every action with ``actions`` (ordered by position), reporting nothing.

        Raises ValueError naming the action that links an item the framework does not
        have; nothing is changed then.
        """
        given = sorted(actions, key=lambda action: action.position)
        for action in given:
            unknown = [item for item in action.items if item not in self._numbers]
            if unknown:
                raise ValueError(
                    f"action {action.id} ({action.title!r}) links {', '.join(unknown)}, "
                    f"which the framework {self.framework.id!r} does not have"
                )
        for card in self._cards:
            card.box.close()
        self._tracker.forget_all()
        self._notices.clear()
        for action in given:
            self._tracker.loaded(
                action_key(action.id), action_fields(action), getattr(action, "version", 0)
            )
        self._cards = [self._card(action) for action in given]
        self._removed = None
        self._undo_bar.add_class("ic-hidden")
        self._refresh()

    def add_action(self, title: str = "", items: Iterable[str] | None = None) -> Action:
        """Add a card at the end (linked to the chosen gap unless ``items`` is given)."""
        linked = tuple(items) if items is not None else tuple(filter(None, [self._link_to.value]))
        action = Action(id=new_action_id(), title=title, items=linked, position=len(self._cards))
        self._cards.append(self._card(action))
        self._refresh()
        self._emit(action)
        return action

    def move(self, action_id: str, delta: int) -> None:
        """Move an action ``delta`` places (-1 up, 1 down); positions are renumbered."""
        index = self._index(action_id)
        target = index + delta
        if not 0 <= target < len(self._cards):
            return
        self._cards[index], self._cards[target] = self._cards[target], self._cards[index]
        self._renumber()

    def remove(self, action_id: str) -> None:
        """Remove an action; :meth:`undo_remove` brings back the last one removed."""
        index = self._index(action_id)
        card = self._cards.pop(index)
        card.box.close()
        self._removed = (index, card.action)
        title = card.action.title.strip() or "Untitled action"
        self._undo_text.value = tag("p", f"Removed “{title}”.")
        self._undo_bar.remove_class("ic-hidden")
        self._refresh()
        for callback in self._delete_callbacks:
            callback(action_id)
        key = action_key(action_id)
        deletion = ActionDeletion(action_id, self._tracker.version(key), datetime.now(UTC))
        self._tracker.forget(key)
        self._notices.pop(action_id, None)
        for edit_callback in self._edit_callbacks:
            edit_callback(deletion)
        self._renumber()

    def undo_remove(self) -> None:
        if self._removed is None:
            return
        index, action = self._removed
        self._removed = None
        self._undo_bar.add_class("ic-hidden")
        self._cards.insert(min(index, len(self._cards)), self._card(action))
        self._emit(self._cards[min(index, len(self._cards) - 1)].action)
        self._renumber()

    def on_action_change(self, callback: Callable[[Action], None]) -> None:
        """Call ``callback(action)`` after every edit, addition or move (not on load)."""
        self._change_callbacks.append(callback)

    def on_action_delete(self, callback: Callable[[str], None]) -> None:
        """Call ``callback(action_id)`` after an action is removed."""
        self._delete_callbacks.append(callback)

    def on_edit(self, callback: Callable[[Edit], None]) -> None:
        """Call ``callback(edit)`` with an :class:`ActionEdit` of the fields a person
        changed (all of them for a new card) or an :class:`ActionDeletion` (the save
        contract)."""
        self._edit_callbacks.append(callback)

    def show_saved(self, result: SaveResult) -> None:
        """The store kept an edit: the new base version, the saved values shown unless
        changed here since, any refusal cleared, conflicts with another tab shown."""
        action_id = result.key.split(":", 1)[1]
        card = self._find(action_id)
        if card is None:
            return
        record = result.record if isinstance(result.record, Action) else None
        theirs = frozenset(c.field for c in result.conflicts if c.kept == "other")
        mine = action_fields(card.action)
        update = self._tracker.saved(
            result.key, result.version, action_fields(record) if record else None, theirs
        )
        self._put(card, update)
        notices = self._notices_of(card)
        notices.clear_refusal()
        for conflict in result.conflicts:
            other = mine.get(conflict.field) if conflict.kept == "other" else conflict.other
            # A text is offered back; a choice or an empty text has nothing to bring back.
            if conflict.field in TEXT_FIELDS and isinstance(other, str) and other:
                notices.conflict(conflict.field, other, conflict.kept)

    def show_refused(self, key: str, field: str, sentence: str) -> None:
        """Show why the store refused the last change of an action, at its card; what the
        person typed stays on screen."""
        card = self._find(key.split(":", 1)[1])
        if card is not None:
            self._notices_of(card).refuse(field, sentence)

    def apply_saved(self, records: Iterable[Action]) -> None:
        """Actions saved elsewhere (another tab of the same person): new cards added,
        changed ones shown except a field changed here and not saved yet, cards removed
        elsewhere removed here unless changed here meanwhile."""
        given = list(records)
        changed = False
        for action in given:
            key = action_key(action.id)
            update = self._tracker.saved_elsewhere(
                key, getattr(action, "version", 0), action_fields(action)
            )
            if update is None:
                continue
            card = self._find(action.id)
            if card is None:
                self._cards.append(self._card(action))
            else:
                self._put(card, update, refresh=False)
            changed = True
        present = {action.id for action in given}
        for card in list(self._cards):
            key = action_key(card.action.id)
            gone = card.action.id not in present and self._tracker.version(key) > 0
            if gone and not self._tracker.unsaved(key):
                self._cards.remove(card)
                card.box.close()
                self._tracker.forget(key)
                changed = True
        if changed:
            self._cards.sort(key=lambda card: card.action.position)
            self._refresh()

    def _find(self, action_id: str) -> ActionCard | None:
        return next((card for card in self._cards if card.action.id == action_id), None)

    def _put(self, card: ActionCard, fields: dict[str, Any], refresh: bool = True) -> None:
        """Show saved values of some fields, reporting nothing."""
        if not fields or all(getattr(card.action, n) == v for n, v in fields.items()):
            return
        card.show(replace(card.action, **fields))
        if refresh:
            self._refresh()

    def _notices_of(self, card: ActionCard) -> FieldNotices:
        action_id = card.action.id
        if action_id not in self._notices:

            def use(field: str, value: Any) -> None:
                if field in TEXT_FIELDS:
                    getattr(card, field).value = value

            self._notices[action_id] = FieldNotices(card.box, use)
        return self._notices[action_id]

    # -- internals -----------------------------------------------------------------

    def _card(self, action: Action) -> ActionCard:
        card = ActionCard(
            action, self._item_options(), self._parts, self._edited, self.move, self.remove
        )
        card.set_read_only(self.read_only)
        return card

    def _index(self, action_id: str) -> int:
        for index, card in enumerate(self._cards):
            if card.action.id == action_id:
                return index
        raise KeyError(f"no action has the id {action_id!r}")

    def _renumber(self) -> None:
        moved = []
        for position, card in enumerate(self._cards):
            if card.action.position != position:
                card.show(replace(card.action, position=position))
                moved.append(card.action)
        self._refresh()
        for action in moved:
            self._emit(action)

    def _edited(self, action: Action) -> None:
        self._refresh()
        self._emit(action)

    def _emit(self, action: Action) -> None:
        self.set_trait("last_change", action)
        for callback in self._change_callbacks:
            callback(action)
        key = action_key(action.id)
        fields = self._tracker.changed(key, action_fields(action))
        if fields:
            edit = ActionEdit(action.id, fields, self._tracker.version(key), datetime.now(UTC))
            for edit_callback in self._edit_callbacks:
                edit_callback(edit)

    def _item_label(self, item: Item, gaps: set[str]) -> str:
        """A one-line label; a select box cannot wrap, and the card heading shows it whole."""
        mark = " (gap)" if item.id in gaps else ""
        title = item.title if len(item.title) <= LABEL_WIDTH else item.title[:LABEL_WIDTH] + "…"
        return f"{self._numbers[item.id]}. {title}{mark}"

    def _item_options(self) -> list[tuple[str, str]]:
        gaps = {item.id for item in self.proposed_gaps()}
        return [(self._item_label(item, gaps), item.id) for item in self.framework.items]

    def _refresh(self) -> None:
        self.set_trait("actions", tuple(card.action for card in self._cards))
        gaps = self.proposed_gaps()
        gap_ids = {item.id for item in gaps}
        options = self._item_options()
        labels = {
            item.id: f"{self._numbers[item.id]}. {item.title}" for item in self.framework.items
        }
        self._card_box.children = [card.box for card in self._cards]
        for number, card in enumerate(self._cards, start=1):
            if [label for label, _ in card.items.options] != [label for label, _ in options]:
                card.set_item_options(options)
            card.render_head(number, labels)
        self._gaps_html.value = self._gaps_view(gaps)
        chosen = self._link_to.value
        open_ids = [item.id for item in self.open_gaps()]
        link_options = [("No item", "")] + [
            (self._item_label(item, gap_ids), item.id) for item in gaps if item.id in open_ids
        ]
        if list(self._link_to.options) != link_options:
            self._link_to.options = link_options
            values = [value for _label, value in link_options]
            # Follow the open gaps: after an action answers one, the next is offered.
            keep = chosen if chosen in values[1:] else values[min(1, len(values) - 1)]
            self._link_to.value = keep
        self._empty.value = (
            tag("p", "No actions yet. Choose a gap above and press “Add action”.")
            if not self._cards
            else ""
        )
        self._grid.value = impact_effort_html(card.action for card in self._cards)
        self._apply_filter()

    def _gaps_view(self, gaps: tuple[Item, ...]) -> str:
        if self.checklist is None:
            return tag("p", "Link a checklist to see the gaps to act on.", "ic-muted")
        if not gaps:
            return tag("h3", "Gaps to act on") + tag(
                "p",
                "No gaps yet: items scored at the lowest "
                f"{plural(self.gap_levels, 'level')} or flagged as a priority appear here.",
                "ic-muted",
            )
        counts: dict[str, int] = {}
        for card in self._cards:
            for item_id in card.action.items:
                counts[item_id] = counts.get(item_id, 0) + 1
        rows = []
        for item in gaps:
            answer = self.checklist.answer(item.id)
            why = []
            if answer.level is not None:
                why.append(self.framework.scale_for(item).level(answer.level).label)
            if answer.priority:
                why.append("priority")
            count = counts.get(item.id, 0)
            status = (
                f'<span class="ic-tag ic-tag-covered">{esc(plural(count, "action"))}</span>'
                if count
                else '<span class="ic-tag ic-tag-open">open</span>'
            )
            rows.append(
                f"<li><b>{self._numbers[item.id]}. {esc(item.title)}</b> "
                f'<span class="ic-muted">({esc(", ".join(why))})</span>{status}</li>'
            )
        open_count = len([item for item in gaps if not counts.get(item.id)])
        summary = f"{plural(len(gaps), 'gap')}, {open_count} without an action"
        return (
            tag("h3", "Gaps to act on")
            + tag("p", summary, "ic-muted")
            + "<ul>"
            + "".join(rows)
            + "</ul>"
        )

    def _apply_filter(self) -> None:
        wanted = self._filter.value
        for card in self._cards:
            if wanted == ALL or card.action.status == wanted:
                card.box.remove_class("ic-hidden")
            else:
                card.box.add_class("ic-hidden")

    def _apply_view(self) -> None:
        grid = self._view.value == GRID
        for widget, shown in ((self._grid, grid), (self._card_box, not grid)):
            if shown:
                widget.remove_class("ic-hidden")
            else:
                widget.add_class("ic-hidden")

    @traitlets.observe("gap_levels")
    def _gap_levels_changed(self, _change: dict[str, Any]) -> None:
        if hasattr(self, "_cards"):
            self._refresh()

    @traitlets.observe("read_only")
    def _read_only_changed(self, _change: dict[str, Any]) -> None:
        for card in self._cards:
            card.set_read_only(self.read_only)
        self._add.disabled = self.read_only
        self._undo.disabled = self.read_only
