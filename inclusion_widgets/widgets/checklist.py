"""The checklist a participant fills in: a framework's items, group by group, as one
anywidget model (see :mod:`.editable` for how edits travel and survive)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import traitlets

from inclusion_widgets.edits import ANSWER_FIELDS, AnswerEdit, Edit
from inclusion_widgets.frameworks import Framework
from inclusion_widgets.i18n import normalize
from inclusion_widgets.record_fields import text_fields
from inclusion_widgets.records import Answer, AnswerKind
from inclusion_widgets.widgets import labels
from inclusion_widgets.widgets.editable import EditableWidget, EditRefused, edited_time
from inclusion_widgets.widgets.framework_view import framework_view
from inclusion_widgets.widgets.front_end import module

if TYPE_CHECKING:
    import pandas as pd

AnswerCallback = Callable[[Answer], None]
TEXT_FIELDS = text_fields(Answer)


def progress_counts(answers: Iterable[Answer]) -> tuple[int, int]:
    """How many of the answers are answered (a level, don't know or n/a) and flagged."""
    answered = flagged = 0
    for answer in answers:
        answered += answer.kind is not AnswerKind.UNANSWERED
        flagged += answer.priority
    return answered, flagged


def answer_json(answer: Answer, version: int) -> dict[str, Any]:
    return {
        "kind": answer.kind.value,
        "level": answer.level,
        "note": answer.note,
        "evidence": answer.evidence,
        "priority": answer.priority,
        "version": version,
    }


class Checklist(EditableWidget[Answer]):
    """What a participant sees: the framework's title, a progress line, then each group
    with its items. Per item: the title and summary, guiding questions folded until
    opened, one choice (a radio group) among the levels plus "don't know" and "not
    applicable" with the chosen one's meaning written under it and every meaning one
    tap away, a note, evidence, and a priority flag. Context questions at the end are
    answered with text only.

    Every change a person makes is reported as an :class:`~inclusion_widgets.edits.AnswerEdit`
    to :meth:`on_edit` callbacks, and as the whole answer to :meth:`on_answer_change`
    callbacks and the ``last_change`` trait; :meth:`load` reports nothing. The page
    sends typed text after a short pause and at once when the field loses focus.
    """

    _esm = module("checklist")
    _record_fields = ANSWER_FIELDS
    _key_prefix = "answer:"

    spec = traitlets.Dict(
        help="The framework as the page shows it (titles, texts, scales), sent once."
    ).tag(sync=True)
    answer_state = traitlets.Dict(
        help="The answers the page shows, by item id: kind, level, note, evidence, "
        "priority and the saved version the page's edits are based on."
    ).tag(sync=True)
    compact = traitlets.Bool(
        False, help="Hide summaries, guidance and evidence; tighter cards."
    ).tag(sync=True)
    answers = traitlets.Tuple(
        read_only=True,
        help="One immutable Answer per item or context question touched, in framework order; "
        "replace them with load().",
    )
    last_change = traitlets.Instance(
        Answer,
        allow_none=True,
        read_only=True,
        help="The answer most recently changed by a person.",
    )

    def __init__(
        self,
        framework: Framework,
        answers: Iterable[Answer] = (),
        read_only: bool = False,
        compact: bool = False,
        storage_key: str = "",
        language: str | None = None,
    ) -> None:
        """``language`` is the interface's (English by default); the framework's texts
        are shown as ``framework`` holds them (see ``translate_framework``)."""
        self.framework = framework
        self._order = [item.id for item in framework.items]
        self._order += [question.id for question in framework.context_questions]
        super().__init__(
            spec=framework_view(framework, language),
            labels=labels.translated(labels.CHECKLIST, language),
            locale=normalize(language),
            read_only=read_only,
            compact=compact,
            storage_key=storage_key,
        )
        self.load(answers)

    # -- reading state -------------------------------------------------------------

    def answer(self, item_id: str) -> Answer:
        """The current answer to an item or context question (empty if untouched)."""
        if item_id not in self._order:
            raise KeyError(
                f"{item_id!r} is not an item or context question of {self.framework.id!r}"
            )
        return self._current.get(item_id, Answer(item_id))

    def version(self, item_id: str) -> int:
        """The saved version of an answer the page's next edit is based on (0: none)."""
        return self._versions.get(item_id, 0)

    def to_dataframe(self) -> pd.DataFrame:
        """One row per item and context question, answered or not (imports pandas)."""
        import pandas as pd

        rows = []
        for item in self.framework.items:
            answer = self.answer(item.id)
            label = ""
            if answer.level is not None:
                label = self.framework.scale_for(item).level(answer.level).label
            rows.append(
                {
                    "item_id": item.id,
                    "group": self.framework.group_of(item.id).title,
                    "title": item.title,
                    "kind": answer.kind.value,
                    "level": answer.level,
                    "level_label": label,
                    "note": answer.note,
                    "evidence": answer.evidence,
                    "priority": answer.priority,
                    "updated_at": answer.updated_at,
                }
            )
        for question in self.framework.context_questions:
            answer = self.answer(question.id)
            rows.append(
                {
                    "item_id": question.id,
                    "group": "Context",
                    "title": question.text,
                    "kind": answer.kind.value,
                    "level": None,
                    "level_label": "",
                    "note": answer.note,
                    "evidence": "",
                    "priority": False,
                    "updated_at": answer.updated_at,
                }
            )
        frame = pd.DataFrame(rows)
        frame["level"] = frame["level"].astype("Int64")
        return frame

    # -- changing state ------------------------------------------------------------

    def load(self, answers: Iterable[Answer]) -> None:
        """Replace every answer with ``answers`` (others become empty), reporting nothing.

        Raises ValueError naming the answer when it belongs to another framework or
        gives a level the item's scale does not have; nothing is changed then.
        """
        given = {answer.item_id: answer for answer in answers}
        for answer in given.values():
            self._check(answer)
        self._current = given
        self._versions = {
            item_id: int(getattr(answer, "version", 0)) for item_id, answer in given.items()
        }
        self._publish(sync=True)

    def apply_saved(self, records: Iterable[Answer]) -> None:
        """Answers saved elsewhere (another tab or device of the same person): show them
        and take their versions, but never over a field changed here and not yet saved."""
        changed = False
        for record in records:
            if record.item_id in self._order:
                changed |= self._take_saved(record.item_id, record)
        if changed:
            self._publish(sync=True)

    def on_answer_change(self, callback: AnswerCallback) -> None:
        """Call ``callback(answer)`` after every change a person makes (not on load)."""
        self._change_callbacks.append(callback)

    # -- edits -----------------------------------------------------------------------

    def _check(self, answer: Answer) -> None:
        if answer.item_id not in self._order:
            raise ValueError(
                f"answer to {answer.item_id!r}: no such item or context question in "
                f"the framework {self.framework.id!r}"
            )
        if answer.level is not None:
            scale = self.framework.scale_for(answer.item_id)
            if answer.level not in scale.values:
                raise ValueError(
                    f"answer to {answer.item_id}: level {answer.level} is not on the "
                    f"scale {scale.id!r} (levels {', '.join(map(str, scale.values))})"
                )

    def _edit_from_message(self, content: Mapping[str, Any]) -> Edit | None:
        item_id = str(content.get("item", ""))
        if content.get("type") != "edit" or item_id not in self._order:
            return None
        raw = content.get("fields")
        if not isinstance(raw, Mapping):
            return None
        fields: dict[str, Any] = {}
        for name, value in raw.items():
            if name in TEXT_FIELDS:
                fields[name] = self._text(name, value)
            elif name == "priority":
                fields[name] = bool(value)
            elif name == "kind":
                fields["kind"], fields["level"] = self._choice(item_id, value, raw.get("level"))
        if not fields:
            return None
        return AnswerEdit(
            item_id,
            fields,
            int(content.get("base_version", 0)),
            edited_time(content.get("edited_at")),
        )

    def _choice(self, item_id: str, kind: object, level: object) -> tuple[AnswerKind, int | None]:
        try:
            answer_kind = AnswerKind(str(kind))
        except ValueError:
            raise EditRefused(self.labels["bad_kind"], "kind") from None
        if answer_kind is not AnswerKind.LEVEL:
            return answer_kind, None
        scale = self.framework.scale_for(item_id)
        if not isinstance(level, int) or level not in scale.values:
            raise EditRefused(self.labels["bad_level"].format(level=str(level)[:20]), "kind")
        return answer_kind, level

    def _apply(self, edit: Edit) -> None:
        assert isinstance(edit, AnswerEdit)
        answer = replace(self.answer(edit.item_id), **edit.fields, updated_at=edit.edited_at)
        self._changed(edit.item_id, answer, edit.fields)

    def _fields_of(self, field: str) -> tuple[str, ...]:
        # The store reports the choice as "level"; the page edits kind and level together.
        return ("kind", "level") if field in ("kind", "level") else super()._fields_of(field)

    def _field_value(self, record: Answer, field: str) -> Any:
        if field in ("kind", "level"):  # as the store reports it: the level, else the kind
            return record.level if record.kind is AnswerKind.LEVEL else record.kind.value
        return super()._field_value(record, field)

    def _publish(self, sync: bool) -> None:
        """Update ``answers`` and the page's state; the page already shows its own edits,
        so those are not sent back to it (``sync=False``)."""
        current = [self._current[i] for i in self._order if i in self._current]
        self.set_trait("answers", tuple(answer for answer in current if not answer.is_empty))
        state = {
            answer.item_id: answer_json(answer, self._versions.get(answer.item_id, 0))
            for answer in current
            if not answer.is_empty or self._versions.get(answer.item_id, 0)
        }
        self._show_state("answer_state", state, sync)
