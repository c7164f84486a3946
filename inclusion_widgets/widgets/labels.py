"""Every sentence and label the widgets show, in English, by key.

The browser modules hold no text of their own: a widget sends these to the page in
its ``labels`` trait, so a translation replaces this dictionary and nothing else.
``{name}`` marks a value filled in by the page; a key ending in ``.one`` / ``.other``
(CLDR plural categories, chosen with ``Intl.PluralRules``) has one form per count.
"""

from __future__ import annotations

from types import MappingProxyType

from inclusion_widgets.records import IMPACT_EFFORT_LABELS, ActionStatus

SHARED = {
    "too_long": "The {field} is {length} characters long; up to {limit} are kept. "
    "Shorten it and it will be saved again.",
    "conflict": "Your other tab saved a different {field}.",
    "conflict_show": "Show",
    "conflict_hide": "Hide",
    "conflict_use": "Use it",
    "conflict_newer": "Your other tab saved a newer {field}, shown above.",
    "conflict_show_mine": "Show yours",
    "conflict_use_mine": "Use yours",
    "field.note": "note",
    "field.evidence": "evidence",
    "field.kind": "answer",
    "field.level": "answer",
    "field.priority": "priority flag",
    "field.title": "title",
    "field.description": "description",
    "field.items": "linked items",
    "field.owner": "owner",
    "field.partners": "partners",
    "field.start": "start date",
    "field.due": "due date",
    "field.resources": "resources",
    "field.indicator": "success indicator",
    "field.status": "status",
    "field.impact": "impact",
    "field.effort": "effort",
    "field.position": "place in the plan",
}

CHECKLIST = MappingProxyType(
    {
        **SHARED,
        "progress": "{answered} of {total} answered, {flagged} flagged as priority",
        "group_count": "{answered} of {total} answered",
        "group_count_priority": "{answered} of {total} answered, {flagged} priority",
        "more_both": "Guiding questions ({questions}) and examples ({examples})",
        "more_questions": "Guiding questions ({questions})",
        "more_examples": "Examples ({examples})",
        "guiding_questions": "Guiding questions",
        "examples": "Examples",
        "your_answer": "Your answer",
        "meanings": "What the answers mean",
        "dont_know_help": "We do not know enough to say.",
        "not_applicable_help": "This does not apply to our city.",
        "unanswered_help": "Not answered yet. “What the answers mean” explains each choice.",
        "note": "Note",
        "note_placeholder": "What makes you say so?",
        "evidence": "Evidence or example",
        "evidence_placeholder": "A document, a project, a figure…",
        "priority": "Priority for us",
        "context_head": "About your city",
        "context_intro": "Not scored: a few lines each, to set the scene.",
        "context_answer": "Your answer",
        "context_placeholder": "Describe the situation…",
    }
)

ACTION_PLAN = MappingProxyType(
    {
        **SHARED,
        "heading": "Action plan",
        "intro": "Turn the gaps into actions: who does what, with whom, by when, and how you "
        "will know it worked.",
        "no_checklist": "Link a checklist to see the gaps to act on.",
        "gaps_title": "Gaps to act on",
        "gaps_none": "No gaps yet: items scored at one of the {levels} lowest levels or flagged "
        "as a priority appear here.",
        "gaps.one": "{n} gap",
        "gaps.other": "{n} gaps",
        "gaps_summary": "{gaps}, {open} without an action",
        "actions.one": "{n} action",
        "actions.other": "{n} actions",
        "gap_open": "open",
        "gap_priority": "priority",
        "link_to": "Link new action to",
        "no_item": "No item",
        "add": "Add action",
        "filter": "Show",
        "all_actions": "All actions",
        "view": "View",
        "view_cards": "Cards",
        "view_grid": "Impact and effort",
        "removed": "Removed “{title}”.",
        "undo": "Undo",
        "empty": "No actions yet. Choose a gap above and press “Add action”.",
        "untitled": "Untitled action",
        "answers_items": "Answers: {items}",
        "not_linked": "Not linked to an item yet.",
        "gap_mark": "(gap)",
        "title": "Title",
        "title_placeholder": "What will be done?",
        "status": "Status",
        "description": "Description",
        "description_placeholder": "Steps, scope, who benefits…",
        "items": "Linked items",
        "owner": "Owner",
        "owner_placeholder": "Who leads it?",
        "partners": "Partners",
        "partners_placeholder": "Who takes part?",
        "resources": "Resources",
        "resources_placeholder": "Budget, staff, time…",
        "indicator": "Success indicator",
        "indicator_placeholder": "How will we know it worked?",
        "start": "Start",
        "due": "Due",
        "impact": "Impact",
        "effort": "Effort",
        "not_rated": "Not rated",
        "move_up": "Move up",
        "move_down": "Move down",
        "remove": "Remove",
        "due_before_start": "The due date is before the start date.",
        "grid_label": "Actions by impact and effort",
        "grid_corner": "Impact ↓ / Effort →",
        "grid_effort": "{rating} effort",
        "grid_impact": "{rating} impact",
        "grid_unrated": "Impact or effort not rated yet:",
        **{f"status.{status.value}": status.label for status in ActionStatus},
        **{f"rating.{value}": label for value, label in IMPACT_EFFORT_LABELS.items()},
    }
)

GROUP_VIEW = MappingProxyType(
    {
        "intro": "How the whole group answered, item by item. You see the items you have "
        "answered yourself.",
        "hidden.one": "{n} item you have not answered stays hidden.",
        "hidden.other": "{n} items you have not answered stay hidden.",
        "so_far.one": "{n} answer so far",
        "so_far.other": "{n} answers so far",
        "you": "(you)",
    }
)
