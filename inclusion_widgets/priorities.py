"""What the group still has to plan for, and in which order: gaps and votes.

An item is a gap when the group agreed it sits in the lower part of its scale (below
the middle level) or flagged it to revisit. A gap stays open until an action of the
group's plan answers it (links to the item). Votes (``gap:ITEM`` and ``draft:ACTION``
counts) order the gaps and the plan: a plan action counts the votes of the drafts it
was built from and of the gaps it answers.

Pure Python over records, no pandas: participants' pages use it too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from inclusion_widgets.frameworks import Framework
from inclusion_widgets.records import DRAFT, GAP, AgreedResult, AnswerKind, PlanAction


def is_gap(framework: Framework, result: AgreedResult) -> bool:
    """Whether what the group agreed for an item makes it a gap."""
    if result.revisit:
        return True
    if result.kind is not AnswerKind.LEVEL or result.level is None:
        return False
    values = sorted(framework.scale_for(result.item_id).values)
    return values.index(result.level) < len(values) // 2


def gaps(framework: Framework, agreed: Iterable[AgreedResult]) -> tuple[str, ...]:
    """The items the group agreed are gaps, in framework order."""
    found = {result.item_id for result in agreed if is_gap(framework, result)}
    return tuple(item.id for item in framework.items if item.id in found)


def open_gaps(
    framework: Framework,
    agreed: Iterable[AgreedResult],
    plan: Iterable[PlanAction],
    counts: Mapping[str, int],
) -> tuple[str, ...]:
    """The gaps no plan action answers yet, most votes first (framework order on a tie)."""
    answered = {item for action in plan for item in action.items}
    waiting = [item for item in gaps(framework, agreed) if item not in answered]
    return tuple(sorted(waiting, key=lambda item: -counts.get(f"{GAP}:{item}", 0)))


def plan_votes(action: PlanAction, counts: Mapping[str, int]) -> int:
    """The votes behind a plan action: on the drafts it came from and the gaps it answers."""
    return sum(counts.get(f"{DRAFT}:{draft}", 0) for draft in action.drafts) + sum(
        counts.get(f"{GAP}:{item}", 0) for item in action.items
    )


def ordered_plan(plan: Iterable[PlanAction], counts: Mapping[str, int]) -> list[PlanAction]:
    """The plan, most votes first; on a tie, in the order its actions were taken."""
    return sorted(plan, key=lambda action: (-plan_votes(action, counts), action.position))
