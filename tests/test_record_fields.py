"""Each record is declared once: codec, table, files and edits follow its declaration."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Text

from inclusion_widgets.edits import ACTION_FIELDS
from inclusion_widgets.exchange.columns import ACTION_COLUMNS, DRAFTED_BY
from inclusion_widgets.record_fields import (
    Kind,
    declared,
    edited_fields,
    file_columns,
    file_row,
    from_plain,
    not_text_columns,
    record,
    to_plain,
)
from inclusion_widgets.records import Action
from inclusion_widgets.store.codec import record_from_json, record_json
from inclusion_widgets.store.rows import row_values
from inclusion_widgets.store.schema import actions, record_columns


@record
class CostedAction(Action):
    """An action with one more declared field, as a later version might add."""

    budget: str = declared(Kind.TEXT, default="", words="budget")
    reviewed: date | None = declared(Kind.DAY, default=None, words="review date")


def test_the_actions_csv_columns_are_the_declared_fields_after_who_drafted_it():
    assert ACTION_COLUMNS == (*DRAFTED_BY, *file_columns(Action))
    assert file_columns(Action)[:3] == ("action_id", "position", "title")
    assert "version" not in ACTION_COLUMNS


def test_the_actions_table_has_a_column_for_every_declared_field():
    declared_columns = {column.name for column in record_columns(Action)}
    assert declared_columns <= {column.name for column in actions.columns}
    assert {"action_id", "version", "stamps", "updated_at"} <= declared_columns


def test_a_field_added_to_a_declaration_reaches_files_table_codec_and_edits():
    costed = CostedAction(
        "a1",
        "Open a desk",
        items=("mini/01",),
        budget="€ 5 000",
        reviewed=date(2026, 9, 1),
        updated_at=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        version=2,
    )
    assert file_columns(CostedAction) == (*file_columns(Action), "budget", "reviewed")
    assert file_row(costed)["budget"] == "€ 5 000"
    assert not_text_columns(CostedAction) == not_text_columns(Action) | {"reviewed"}
    assert edited_fields(CostedAction) == (*ACTION_FIELDS, "budget", "reviewed")
    columns = {column.name: column for column in record_columns(CostedAction)}
    assert isinstance(columns["budget"].type, Text) and not columns["budget"].nullable
    assert columns["reviewed"].nullable
    assert row_values(costed)["budget"] == "€ 5 000"
    assert record_from_json(CostedAction, record_json(costed)) == costed
    assert record_from_json(CostedAction, record_json(costed)).version == 2


def test_history_written_before_a_field_was_declared_reads_with_its_default():
    older = json.loads(record_json(Action("a1", "Open a desk")))
    assert "budget" not in older
    assert from_plain(CostedAction, older) == CostedAction("a1", "Open a desk")


def test_plain_data_lacking_a_required_field_is_refused():
    data = to_plain(Action("a1", "Open a desk"))
    del data["title"]
    with pytest.raises(ValueError, match="lacks 'title'"):
        from_plain(Action, data)


def test_a_record_field_that_is_not_declared_is_refused_when_the_class_is_made():
    with pytest.raises(TypeError, match=r"Loose\.note is not declared"):

        @record
        class Loose:
            item_id: str = declared(Kind.KEY, length=10)
            note: str = ""
