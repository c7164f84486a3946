"""The agreed-assessment widget and the agreed result in the group view, driven from Python."""

from __future__ import annotations

from datetime import UTC, datetime

from inclusion_widgets.edits import AgreedEdit, SaveResult
from inclusion_widgets.records import AgreedResult, AnswerKind
from inclusion_widgets.widgets.agreement import AgreedAssessment
from inclusion_widgets.widgets.group_view import GroupView, agreed_view
from tests.widget_page import NOW, Page


def agreed(page: Page, item: str, base: int = 0, **fields) -> None:
    page.revision += 1
    page.send(
        type="edit",
        key=f"agreed:{item}",
        item=item,
        fields=fields,
        base_version=base,
        edited_at=NOW,
        revision=page.revision,
    )


def test_a_choice_on_the_page_becomes_an_agreed_edit_of_kind_and_level(mini_framework):
    widget = AgreedAssessment(mini_framework)
    edits: list = []
    widget.on_edit(edits.append)
    page = Page(widget)
    agreed(page, "mini/01", choice="2", reasoning="A desk, no budget")
    agreed(page, "mini/02", choice="dont_know")
    assert edits == [
        AgreedEdit(
            "mini/01",
            {"kind": AnswerKind.LEVEL, "level": 2, "reasoning": "A desk, no budget"},
            0,
            datetime(2026, 3, 1, 10, tzinfo=UTC),
        ),
        AgreedEdit(
            "mini/02",
            {"kind": AnswerKind.DONT_KNOW, "level": None},
            0,
            datetime(2026, 3, 1, 10, tzinfo=UTC),
        ),
    ]
    assert widget.result("mini/01").level == 2
    assert widget.agreed_state["mini/01"]["choice"] == "2"


def test_a_level_off_the_scale_is_shown_at_the_field_and_not_sent(mini_framework):
    widget = AgreedAssessment(mini_framework)
    edits: list = []
    widget.on_edit(edits.append)
    agreed(Page(widget), "mini/01", choice="9")
    assert edits == []
    assert widget.problems["agreed:mini/01"] == {"level": "9 is not a level of this scale."}
    greek = AgreedAssessment(mini_framework, language="el")
    agreed(Page(greek), "mini/01", choice="9")
    assert greek.problems["agreed:mini/01"] == {
        "level": "Το 9 δεν είναι επίπεδο αυτής της κλίμακας."
    }


def test_a_result_saved_elsewhere_never_replaces_a_field_typed_here(mini_framework):
    widget = AgreedAssessment(mini_framework)
    page = Page(widget)
    agreed(page, "mini/01", reasoning="Typed here, not saved yet")
    elsewhere = AgreedResult(
        "mini/01", AnswerKind.LEVEL, 3, "From the note-taker", revisit=True, version=1
    )
    widget.apply_saved([elsewhere])
    now = widget.result("mini/01")
    assert (now.level, now.revisit, now.reasoning) == (3, True, "Typed here, not saved yet")
    widget.show_saved(SaveResult("agreed:mini/01", elsewhere, 2))
    assert widget.agreed_state["mini/01"]["version"] == 2
    assert page.received[-1]["type"] == "saved"


def test_the_group_view_shows_what_was_agreed_in_words(mini_framework):
    view = GroupView(mini_framework)
    view.agreed = agreed_view(
        mini_framework,
        [
            AgreedResult("mini/01", AnswerKind.LEVEL, 2, "Because", revisit=True),
            AgreedResult("mini/02", AnswerKind.NOT_APPLICABLE),
            AgreedResult("mini/03", reasoning="Still talking"),
        ],
    )
    assert view.agreed == {
        "mini/01": {"key": "2", "label": "2 In progress", "reasoning": "Because", "revisit": True},
        "mini/02": {
            "key": "not_applicable",
            "label": "Not applicable",
            "reasoning": "",
            "revisit": False,
        },
    }
