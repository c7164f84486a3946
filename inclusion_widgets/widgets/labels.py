"""Every sentence and label the widgets show, by key, in English and marked for the catalogs.

The browser modules hold no text of their own: a widget sends these, translated with
:func:`translated`, to the page in its ``labels`` trait. ``{name}`` marks a value filled
in by the page; a message with plural forms becomes one key per CLDR plural category of
the language (``gaps.one``, ``gaps.other``; Latvian also ``gaps.zero``), which the page
chooses with ``Intl.PluralRules``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from inclusion_widgets.i18n import N_, N_plural, Plural, translator
from inclusion_widgets.records import IMPACT_EFFORT_LABELS, ActionStatus

Labels = Mapping[str, str | Plural]

SHARED = {
    "too_long": N_(
        "The {field} is {length} characters long; up to {limit} are kept. "
        "Shorten it and it will be saved again."
    ),
    "conflict": N_("Your other tab saved a different {field}."),
    "conflict_show": N_("Show"),
    "conflict_hide": N_("Hide"),
    "conflict_use": N_("Use it"),
    "conflict_newer": N_("Your other tab saved a newer {field}, shown above."),
    "conflict_show_mine": N_("Show yours"),
    "conflict_use_mine": N_("Use yours"),
    "field.note": N_("note"),
    "field.evidence": N_("evidence"),
    "field.kind": N_("answer"),
    "field.level": N_("answer"),
    "field.priority": N_("priority flag"),
    "field.title": N_("title"),
    "field.description": N_("description"),
    "field.items": N_("linked items"),
    "field.owner": N_("owner"),
    "field.partners": N_("partners"),
    "field.start": N_("start date"),
    "field.due": N_("due date"),
    "field.resources": N_("resources"),
    "field.indicator": N_("success indicator"),
    "field.status": N_("status"),
    "field.impact": N_("impact"),
    "field.effort": N_("effort"),
    "field.position": N_("place in the plan"),
    # What a malformed message from the page is refused with, at its field.
    "bad_kind": N_("That is not a kind of answer."),
    "bad_level": N_("{level} is not a level of this scale."),
    "bad_item": N_("A linked item is not in this framework."),
    "bad_date": N_("That is not a date (year-month-day)."),
    "bad_status": N_("That is not a status."),
    "bad_rating": N_("That is not a rating from 1 to 3."),
    "bad_field": N_("That cannot be changed here."),
}

CHECKLIST: Labels = MappingProxyType(
    {
        **SHARED,
        "progress": N_("{answered} of {total} answered, {flagged} flagged as priority"),
        "group_count": N_("{answered} of {total} answered"),
        "group_count_priority": N_("{answered} of {total} answered, {flagged} priority"),
        "more_both": N_("Guiding questions ({questions}) and examples ({examples})"),
        "more_questions": N_("Guiding questions ({questions})"),
        "more_examples": N_("Examples ({examples})"),
        "guiding_questions": N_("Guiding questions"),
        "examples": N_("Examples"),
        "your_answer": N_("Your answer"),
        "meanings": N_("What the answers mean"),
        "dont_know_help": N_("We do not know enough to say."),
        "not_applicable_help": N_("This does not apply to our city."),
        "unanswered_help": N_("Not answered yet. “What the answers mean” explains each choice."),
        "note": N_("Note"),
        "note_placeholder": N_("What makes you say so?"),
        "evidence": N_("Evidence or example"),
        "evidence_placeholder": N_("A document, a project, a figure…"),
        "priority": N_("Priority for us"),
        "context_head": N_("About your city"),
        "context_intro": N_("Not scored: a few lines each, to set the scene."),
        "context_answer": N_("Your answer"),
        "context_placeholder": N_("Describe the situation…"),
    }
)

ACTION_PLAN: Labels = MappingProxyType(
    {
        **SHARED,
        "heading": N_("Action plan"),
        "intro": N_(
            "Turn the gaps into actions: who does what, with whom, by when, and how you "
            "will know it worked."
        ),
        "no_checklist": N_("Link a checklist to see the gaps to act on."),
        "gaps_title": N_("Gaps to act on"),
        "gaps_none": N_(
            "No gaps yet: items scored at one of the {levels} lowest levels or flagged "
            "as a priority appear here."
        ),
        "gaps": N_plural("{n} gap", "{n} gaps"),
        "gaps_summary": N_("{gaps}, {open} without an action"),
        "actions": N_plural("{n} action", "{n} actions"),
        "gap_open": N_("open"),
        "gap_priority": N_("priority"),
        "link_to": N_("Link new action to"),
        "no_item": N_("No item"),
        "add": N_("Add action"),
        "filter": N_("Show"),
        "all_actions": N_("All actions"),
        "view": N_("View"),
        "view_cards": N_("Cards"),
        "view_grid": N_("Impact and effort"),
        "removed": N_("Removed “{title}”."),
        "undo": N_("Undo"),
        "empty": N_("No actions yet. Choose a gap above and press “Add action”."),
        "untitled": N_("Untitled action"),
        "answers_items": N_("Answers: {items}"),
        "not_linked": N_("Not linked to an item yet."),
        "gap_mark": N_("(gap)"),
        "title": N_("Title"),
        "title_placeholder": N_("What will be done?"),
        "status": N_("Status"),
        "description": N_("Description"),
        "description_placeholder": N_("Steps, scope, who benefits…"),
        "items": N_("Linked items"),
        "owner": N_("Owner"),
        "owner_placeholder": N_("Who leads it?"),
        "partners": N_("Partners"),
        "partners_placeholder": N_("Who takes part?"),
        "resources": N_("Resources"),
        "resources_placeholder": N_("Budget, staff, time…"),
        "indicator": N_("Success indicator"),
        "indicator_placeholder": N_("How will we know it worked?"),
        "start": N_("Start"),
        "due": N_("Due"),
        "impact": N_("Impact"),
        "effort": N_("Effort"),
        "not_rated": N_("Not rated"),
        "move_up": N_("Move up"),
        "move_down": N_("Move down"),
        "remove": N_("Remove"),
        "due_before_start": N_("The due date is before the start date."),
        "grid_label": N_("Actions by impact and effort"),
        "grid_corner": N_("Impact ↓ / Effort →"),
        "grid_effort": N_("{rating} effort"),
        "grid_impact": N_("{rating} impact"),
        "grid_unrated": N_("Impact or effort not rated yet:"),
        **{f"status.{status.value}": status.label for status in ActionStatus},
        **{f"rating.{value}": label for value, label in IMPACT_EFFORT_LABELS.items()},
    }
)

GROUP_PLAN: Labels = MappingProxyType(
    {
        **SHARED,
        "intro": N_(
            "Build the group's plan from the participants' draft actions: take a draft into "
            "the plan, or choose several that say the same thing and merge them into one. "
            "Every change is saved as you type."
        ),
        "gaps_title": N_("Gaps no action answers yet"),
        "no_gaps": N_("No open gaps: every item the group agreed is a gap has an action."),
        "drafts_title": N_("Participants' draft actions"),
        "no_drafts": N_("No draft actions yet."),
        "proposed_by": N_("Proposed by {who}"),
        "in_plan": N_("In the plan"),
        "take": N_("Take into plan"),
        "merge": N_("Merge into one"),
        "add_to_label": N_("or add the chosen drafts to"),
        "add_to": N_("Add to this action"),
        "choose": N_("Choose {title}"),
        "plan_title": N_("The group's plan"),
        "no_plan": N_("No actions in the plan yet."),
        "votes": N_plural("{n} vote", "{n} votes"),
        "answers_items": N_("Answers: {items}"),
        "title": N_("Title"),
        "status": N_("Status"),
        "description": N_("Description"),
        "items": N_("Linked items"),
        "owner": N_("Owner"),
        "partners": N_("Partners"),
        "resources": N_("Resources"),
        "indicator": N_("Success indicator"),
        "start": N_("Start"),
        "due": N_("Due"),
        "remove": N_("Remove"),
        "merge_with_label": N_("Merge this action into"),
        "merge_with": N_("Merge"),
        **{f"status.{status.value}": status.label for status in ActionStatus},
    }
)

VOTES: Labels = MappingProxyType(
    {
        "intro": N_(
            "Spend your votes on the gaps and draft actions that matter most to you. "
            "You can take a vote back and give it elsewhere."
        ),
        "left": N_plural("You have {n} vote left.", "You have {n} votes left."),
        "gaps_title": N_("Gaps"),
        "drafts_title": N_("Draft actions"),
        "nothing": N_("Nothing to vote on yet."),
        "votes": N_plural("{n} vote", "{n} votes"),
        "yours": N_plural("{n} of them yours", "{n} of them yours"),
        "vote": N_("Vote"),
        "take_back": N_("Take a vote back"),
        "proposed_by": N_("Proposed by {who}"),
        "vote_for": N_("Vote for {title}"),
        "take_back_from": N_("Take a vote back from {title}"),
    }
)

STATUS_LINE: Labels = MappingProxyType(
    {
        "lost_server": N_("Not saved - this page lost the server"),
        "reconnecting": N_("Not saved - reconnecting"),
        "checking": N_("Checking the connection…"),
        "gone": N_(
            "This page lost its place on the server (it was stopped, restarted or closed the "
            "page after a long pause): open your personal link again to carry on with "
            "everything that was saved."
        ),
        "reopen": N_("Reopen my personal link"),
    }
)

GROUP_VIEW: Labels = MappingProxyType(
    {
        "intro": N_(
            "How the whole group answered, item by item. You see the items you have "
            "answered yourself."
        ),
        "hidden": N_plural(
            "{n} item you have not answered stays hidden.",
            "{n} items you have not answered stay hidden.",
        ),
        "so_far": N_plural("{n} answer so far", "{n} answers so far"),
        "you": N_("(you)"),
        "agreed": N_("The group agreed: {label}"),
        "revisit": N_("To revisit"),
    }
)

AGREEMENT: Labels = MappingProxyType(
    {
        **SHARED,
        "intro": N_(
            "For each item, record what the group agreed after the discussion: the level, "
            "the reasoning in a few lines, the evidence, and whether to revisit it. It is "
            "saved as you type."
        ),
        "answers": N_plural("{n} answer", "{n} answers"),
        "notes": N_("Notes"),
        "no_notes": N_("No notes yet."),
        "agreed": N_("Agreed level"),
        "not_agreed": N_("Not agreed yet"),
        "reasoning": N_("Reasoning"),
        "evidence": N_("Evidence"),
        "revisit": N_("Revisit this item"),
        "recorded_by": N_("Recorded by {who}"),
        "field.reasoning": N_("reasoning"),
        "field.revisit": N_("revisit flag"),
        "field.kind": N_("agreed level"),
        "field.level": N_("agreed level"),
        "field.choice": N_("agreed level"),
    }
)


def translated(table: Labels, language: str | None) -> dict[str, str]:
    """``table`` in ``language`` (English when it is not an interface language)."""
    t = translator(language)
    found: dict[str, str] = {}
    for key, message in table.items():
        if isinstance(message, Plural):
            for category, text in t.plural_forms(message).items():
                found[f"{key}.{category}"] = text
        else:
            found[key] = t.gettext(message)
    return found
