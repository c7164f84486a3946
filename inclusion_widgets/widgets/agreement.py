"""What the group agreed, item by item, recorded on the facilitator's page beside the
group's answers and notes: one anywidget model, drawn by ``static/agreement.js``.

Edits travel as the Checklist's do (see :mod:`.editable`): the page sends the fields
changed with the version it showed, the app saves them with ``Store.save_agreed``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

import traitlets

from inclusion_widgets.edits import AGREED_FIELDS, AgreedEdit, Edit
from inclusion_widgets.frameworks import Framework
from inclusion_widgets.i18n import normalize
from inclusion_widgets.record_fields import text_fields
from inclusion_widgets.records import AgreedResult, AnswerKind
from inclusion_widgets.widgets import labels
from inclusion_widgets.widgets.editable import EditableWidget, EditRefused, edited_time, plain
from inclusion_widgets.widgets.front_end import module
from inclusion_widgets.widgets.group_view import Counts

TEXT_FIELDS = text_fields(AgreedResult)


def choice_key(kind: AnswerKind, level: int | None) -> str:
    """How the page names an agreed answer: the level as text, or the kind."""
    return str(level) if kind is AnswerKind.LEVEL else kind.value


def agreed_json(result: AgreedResult, version: int) -> dict[str, Any]:
    values = {name: plain(getattr(result, name)) for name in AGREED_FIELDS}
    return {
        **values,
        "choice": choice_key(result.kind, result.level),
        "recorded_by": result.recorded_by,
        "version": version,
    }


class AgreedAssessment(EditableWidget[AgreedResult]):
    """For every scored item: how the group answered (bars per answer) and the notes
    people wrote, then what the group agreed: the agreed level (or "don't know", "not
    applicable", "not agreed yet"), the reasoning, the evidence and a revisit flag,
    with who recorded it. Each change is an :class:`~inclusion_widgets.edits.AgreedEdit`
    for :meth:`on_edit` callbacks; :meth:`load` and :meth:`apply_saved` report nothing.
    """

    _esm = module("agreement")
    _record_fields = AGREED_FIELDS
    _key_prefix = "agreed:"

    items: traitlets.List[dict[str, Any]] = traitlets.List(
        help="Every scored item in framework order: id, number, title and the answers "
        "it can have (key and label), sent once."
    ).tag(sync=True)
    counts = traitlets.Dict(help="Per item id, how many gave each answer (keys as in items).").tag(
        sync=True
    )
    notes = traitlets.Dict(help="Per item id, the notes people wrote: a list of {who, text}.").tag(
        sync=True
    )
    agreed_state = traitlets.Dict(
        help="What the page shows as agreed, by item id: choice, reasoning, evidence, "
        "revisit, who recorded it, and the saved version edits are based on."
    ).tag(sync=True)
    open_item = traitlets.Unicode(
        "",
        help="The item the person last worked on (clicked or focused), which the room's "
        'screen can follow; "" before any.',
    ).tag(sync=True)
    results = traitlets.Tuple(
        read_only=True, help="Every agreed result recorded, immutable, in framework order."
    )
    last_change = traitlets.Instance(
        AgreedResult, allow_none=True, read_only=True, help="The result most recently edited."
    )

    def __init__(
        self,
        framework: Framework,
        language: str | None = None,
        storage_key: str = "",
        **kwargs: Any,
    ) -> None:
        self.framework = framework
        self._order = [item.id for item in framework.items]
        rows = []
        for number, item in enumerate(framework.items, start=1):
            scale = framework.scale_for(item)
            answers = [
                {"key": str(level.value), "label": f"{level.value} {level.label}"}
                for level in scale.levels
            ]
            answers += [
                {"key": AnswerKind.DONT_KNOW.value, "label": scale.dont_know_label},
                {"key": AnswerKind.NOT_APPLICABLE.value, "label": scale.not_applicable_label},
            ]
            rows.append({"id": item.id, "number": number, "title": item.title, "answers": answers})
        super().__init__(
            items=rows,
            labels=labels.translated(labels.AGREEMENT, language),
            locale=normalize(language),
            storage_key=storage_key,
            **kwargs,
        )

    # -- reading and loading ---------------------------------------------------------

    def result(self, item_id: str) -> AgreedResult:
        """What the page holds as agreed for an item (not agreed yet if nothing)."""
        return self._current.get(item_id, AgreedResult(item_id))

    def load(self, results: Iterable[AgreedResult]) -> None:
        """Replace what is shown as agreed with ``results``, reporting nothing."""
        self._current = {r.item_id: r for r in results if r.item_id in self._order}
        self._versions = {item_id: r.version for item_id, r in self._current.items()}
        self._unsaved = {}
        self._publish(sync=True)

    def apply_saved(self, results: Iterable[AgreedResult]) -> None:
        """Results saved elsewhere (the note-taker, another tab): show them and take their
        versions, but never over a field changed here and not yet saved."""
        changed = False
        for record in results:
            if record.item_id in self._order:
                changed |= self._take_saved(record.item_id, record)
        if changed:
            self._publish(sync=True)

    def show_group(self, counts: Counts, notes: Mapping[str, list[dict[str, str]]]) -> None:
        """The group's answers per item and the notes written for it."""
        with self.hold_sync():
            self.counts = {item: dict(given) for item, given in counts.items()}
            self.notes = {item: list(written) for item, written in notes.items()}

    # -- edits from the page -----------------------------------------------------------

    def _edit_from_message(self, content: Mapping[str, Any]) -> Edit | None:
        item_id = str(content.get("item", ""))
        raw = content.get("fields")
        if content.get("type") != "edit" or item_id not in self._order:
            return None
        if not isinstance(raw, Mapping):
            return None
        fields: dict[str, Any] = {}
        for name, value in raw.items():
            if name in TEXT_FIELDS:
                fields[name] = self._text(name, value)
            elif name == "revisit":
                fields[name] = bool(value)
            elif name == "choice":
                fields["kind"], fields["level"] = self._choice(item_id, str(value))
        if not fields:
            return None
        return AgreedEdit(
            item_id,
            fields,
            int(content.get("base_version", 0)),
            edited_time(content.get("edited_at")),
        )

    def _choice(self, item_id: str, key: str) -> tuple[AnswerKind, int | None]:
        if key in (AnswerKind.DONT_KNOW, AnswerKind.NOT_APPLICABLE, AnswerKind.UNANSWERED):
            return AnswerKind(key), None
        scale = self.framework.scale_for(item_id)
        if not key.isdigit() or int(key) not in scale.values:
            raise EditRefused(self.labels["bad_level"].format(level=key[:20]), "level")
        return AnswerKind.LEVEL, int(key)

    def _apply(self, edit: Edit) -> None:
        assert isinstance(edit, AgreedEdit)
        changed = replace(self.result(edit.item_id), **edit.fields, updated_at=edit.edited_at)
        self._changed(edit.item_id, changed, edit.fields)

    def _fields_of(self, field: str) -> tuple[str, ...]:
        # The store reports the agreed choice as "level"; kind and level change together.
        return ("kind", "level") if field in ("kind", "level") else super()._fields_of(field)

    def _field_value(self, record: AgreedResult, field: str) -> Any:
        if field in ("kind", "level"):
            return choice_key(record.kind, record.level)
        return super()._field_value(record, field)

    def show_saved_record(self, result: AgreedResult) -> None:
        """Take who recorded a saved result (the store sets it)."""
        if result.item_id in self._current:
            self._current[result.item_id] = replace(
                self._current[result.item_id], recorded_by=result.recorded_by
            )
            self._publish(sync=True)

    def _publish(self, sync: bool) -> None:
        current = [self._current[i] for i in self._order if i in self._current]
        self.set_trait("results", tuple(current))
        state = {
            result.item_id: agreed_json(result, self._versions.get(result.item_id, 0))
            for result in current
        }
        self._show_state("agreed_state", state, sync)
