"""A session of the store turned into its report: the analysis figures, laid out as a
:class:`ReportContext`, and written as ``CODE-report.html``.

Every figure comes from :mod:`inclusion_widgets.analysis` over the session's answers
frame (:func:`inclusion_widgets.exchange.answers_frame`), the same numbers the summary
CSV and the dashboard show.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from inclusion_widgets import analysis
from inclusion_widgets.analysis.disagreement import MIN_ANSWERS
from inclusion_widgets.exchange.export import answers_frame
from inclusion_widgets.frameworks import Framework, framework_in_language
from inclusion_widgets.i18n import N_, Translator, translator
from inclusion_widgets.priorities import ordered_plan, plan_votes
from inclusion_widgets.records import NOT_AGREED_YET, AgreedResult, AnswerKind
from inclusion_widgets.report.context import (
    AgreedAcrossRounds,
    AgreedItem,
    Comparison,
    ComparisonRow,
    DisputedItem,
    ItemFigures,
    Note,
    PlannedAction,
    ReportContext,
    RoleCount,
    SessionFacts,
)
from inclusion_widgets.report.render import ROLE_NAMES, level_name, render_report

if TYPE_CHECKING:
    from inclusion_widgets.store import SessionInfo, Store

MOST_DISPUTED = 5
"""How many of the most disputed items the report discusses."""
MOVES_SHOWN = 4
"""How many people's moves are listed per item between rounds."""
SPREAD_MEASURE = N_(
    "scatter of the levels given (0: everyone chose the same level; 1: the answers are "
    "spread evenly over every level of the scale)"
)
ROLE_ORDER = ("mentor", "mentee", "partner", "facilitator", "observer")
NO_ROLE = N_("without a role")


def _number(value: Any) -> float | None:
    """A figure of a table, or None where the table has none (NaN)."""
    if value is None or pd.isna(value):
        return None
    number = float(value)
    return None if math.isnan(number) else number


def round_name(info: SessionInfo, t: Translator | None = None) -> str:
    """``Baseline``, ``Follow-up``, ``Follow-up 2``... in the language of ``t``."""
    _ = (t or translator()).gettext
    if info.round <= 1:
        return _("Baseline")
    if info.round == 2:
        return _("Follow-up")
    return _("Follow-up {number}").format(number=info.round - 1)


def _facts(store: Store, info: SessionInfo, t: Translator) -> SessionFacts:
    baseline = store.session(info.baseline_code) if info.baseline_code else None
    return SessionFacts(
        code=info.code,
        title=info.title,
        held_on=info.created_at.date(),
        mentor_city=info.mentor_city,
        mentee_city=info.mentee_city,
        theme=info.theme,
        round=round_name(info, t),
        baseline_code=baseline.code if baseline else "",
        baseline_held_on=baseline.created_at.date() if baseline else None,
    )


def _roles(answers: pd.DataFrame, t: Translator) -> tuple[RoleCount, ...]:
    people = answers.drop_duplicates(["session", "participant", "city", "organisation", "role"])
    counts = Counter(role.strip() or t.gettext(NO_ROLE) for role in people["role"])
    order = {role: n for n, role in enumerate(ROLE_ORDER)}
    ranked = sorted(counts, key=lambda role: (order.get(role.casefold(), len(order)), role))
    return tuple(RoleCount(role, counts[role]) for role in ranked)


def _figures(
    answers: pd.DataFrame, framework: Framework, table: pd.DataFrame
) -> tuple[ItemFigures, ...]:
    figures = []
    for _, row in table.iterrows():
        scale = framework.scale_for(row["item"])
        counts = {v: int(row[f"n_level_{v}"]) for v in scale.values if row[f"n_level_{v}"] > 0}
        figures.append(
            ItemFigures(
                item_id=row["item"],
                level_counts=counts,
                dont_know=int(row["n_dont_know"]),
                not_applicable=int(row["n_not_applicable"]),
                median=_number(row["median"]),
                mean=_number(row["mean"]),
                spread=_number(row["spread"]),
                priority=int(row["n_priority"]),
            )
        )
    return tuple(figures)


def _agreed(
    framework: Framework, results: list[AgreedResult], t: Translator
) -> tuple[AgreedItem, ...]:
    """Every item in framework order with what the group agreed, "Not agreed yet" if nothing."""
    by_item = {result.item_id: result for result in results}
    agreed = []
    for item in framework.items:
        result = by_item.get(item.id, AgreedResult(item.id))
        scale = framework.scale_for(item.id)
        words = {
            AnswerKind.DONT_KNOW: scale.dont_know_label,
            AnswerKind.NOT_APPLICABLE: scale.not_applicable_label,
            AnswerKind.UNANSWERED: t.gettext(NOT_AGREED_YET),
        }
        shown = (
            level_name(scale, float(result.level), t)
            if result.level is not None
            else words.get(result.kind, "")
        )
        agreed.append(AgreedItem(item.id, shown, result.reasoning, result.evidence, result.revisit))
    return tuple(agreed)


def _plan(store: Store, code: str) -> tuple[PlannedAction, ...]:
    """The group's plan, most votes first, each action with the votes behind it."""
    counts = store.tally(code).counts
    return tuple(
        PlannedAction(action, plan_votes(action, counts))
        for action in ordered_plan(store.plan(code), counts)
    )


def _answer_shown(framework: Framework, row: Any, t: Translator) -> str:
    scale = framework.scale_for(row["item"])
    if row["answer_kind"] == "level":
        return level_name(scale, float(row["level"]), t)
    # The framework may be translated; the frame holds the canonical labels.
    if row["answer_kind"] == "dont_know":
        return scale.dont_know_label
    if row["answer_kind"] == "not_applicable":
        return scale.not_applicable_label
    return str(row["level_label"])


def _disputed(
    answers: pd.DataFrame, framework: Framework, ranked: pd.DataFrame, t: Translator
) -> tuple[DisputedItem, ...]:
    disputed: list[DisputedItem] = []
    for _, item in ranked.iterrows():
        # Ranked most disputed first: stop at the first item on which nobody disagrees.
        if item["n_answered"] < MIN_ANSWERS or not item["spread"] > 0:
            break
        if len(disputed) == MOST_DISPUTED:
            break
        written = answers[(answers["item"] == item["item"]) & (answers["note"].str.strip() != "")]
        written = written.sort_values("level", na_position="last", kind="stable")
        notes = tuple(
            Note(
                author=row["participant"],
                text=row["note"],
                answer=_answer_shown(framework, row, t),
                role=row["role"],
                city=row["city"],
            )
            for _, row in written.iterrows()
        )
        disputed.append(DisputedItem(item["item"], float(item["spread"]), notes))
    return tuple(disputed)


def _side(role: str, city: str, t: Translator) -> str:
    name = t.gettext(ROLE_NAMES[role])
    name = name[:1].upper() + name[1:]
    return f"{name} ({city})" if city else name


def _role_comparison(
    answers: pd.DataFrame, framework: Framework, info: SessionInfo, t: Translator
) -> Comparison | None:
    compared = analysis.compare_groups(answers, framework, "role", "mentor", "mentee")
    items = compared.items
    if items["n_a"].sum() == 0 or items["n_b"].sum() == 0:
        return None
    rows = tuple(
        ComparisonRow(
            row["item"],
            _number(row["median_a"]),
            _number(row["median_b"]),
            int(row["n_a"]),
            int(row["n_b"]),
        )
        for _, row in items.iterrows()
    )
    return Comparison(
        _side("mentor", info.mentor_city, t), _side("mentee", info.mentee_city, t), rows
    )


def _round_comparison(
    store: Store, answers: pd.DataFrame, framework: Framework, info: SessionInfo, t: Translator
) -> Comparison | None:
    if not info.baseline_code:
        return None
    before = store.framework(info.baseline_code)
    if (before.id, before.version) != (framework.id, framework.version):
        return None
    baseline = answers_frame(store, info.baseline_code)
    compared = analysis.compare_rounds(baseline, answers, framework).items
    moved = analysis.movers(
        baseline, answers, framework, pairs=store.round_pairs_by_name(info.code)
    )
    moves: dict[str, list[str]] = {}
    for _, row in moved.iterrows():
        moves.setdefault(row["item"], []).append(
            f"{row['participant']}: {row['level_baseline']} → {row['level_followup']}"
        )
    rows = []
    for _, row in compared.iterrows():
        listed = moves.get(row["item"], [])
        if len(listed) > MOVES_SHOWN:
            more = len(listed) - MOVES_SHOWN + 1
            listed = [
                *listed[: MOVES_SHOWN - 1],
                t.ngettext("and {n} more", "and {n} more", more).format(n=t.format_number(more)),
            ]
        rows.append(
            ComparisonRow(
                row["item"],
                _number(row["median_baseline"]),
                _number(row["median_followup"]),
                int(row["n_baseline"]),
                int(row["n_followup"]),
                moved=tuple(listed),
            )
        )
    label = store.session(info.baseline_code)
    return Comparison(f"{round_name(label, t)} ({label.code})", round_name(info, t), tuple(rows))


def _rounds_agreed(
    store: Store,
    framework: Framework,
    info: SessionInfo,
    agreed: tuple[AgreedItem, ...],
    t: Translator,
) -> tuple[AgreedAcrossRounds, ...]:
    """What the baseline agreed beside what this round agreed, per item, with the change."""
    if not info.baseline_code:
        return ()
    before = store.agreed(info.baseline_code)
    changes = analysis.compare_agreed(before, store.agreed(info.code), framework)
    by_item = dict(zip(changes["item"], changes["change"], strict=True))
    return tuple(
        AgreedAcrossRounds(baseline, followup, _number(by_item[followup.item_id]))
        for baseline, followup in zip(_agreed(framework, before, t), agreed, strict=True)
    )


def report_context(
    store: Store, code: str, generated_at: datetime | None = None, language: str | None = None
) -> ReportContext:
    """Everything the report of session ``code`` shows, read from ``store``, in ``language``
    (the framework's texts from its translation file, the sentences from the catalogs)."""
    t = translator(language)
    info = store.session(code)
    framework = framework_in_language(store.framework(code), language and t.language)
    answers = answers_frame(store, code)
    ranked = analysis.disagreement(answers, framework)
    agreed = _agreed(framework, store.agreed(code), t)
    actions = sorted(
        (row.action for row in store.actions(code)), key=lambda action: (action.position, action.id)
    )
    return ReportContext(
        framework=framework,
        session=_facts(store, info, t),
        participants=_roles(answers, t),
        agreed=agreed,
        plan=_plan(store, code),
        figures=_figures(answers, framework, analysis.summary_table(answers, framework)),
        disputed=_disputed(answers, framework, ranked, t),
        roles=_role_comparison(answers, framework, info, t),
        rounds=_round_comparison(store, answers, framework, info, t),
        rounds_agreed=_rounds_agreed(store, framework, info, agreed, t),
        baseline_plan=tuple(
            sorted(store.plan(info.baseline_code), key=lambda a: (a.position, a.title))
        )
        if info.baseline_code
        else (),
        actions=tuple(actions),
        spread_measure=t.gettext(SPREAD_MEASURE),
        generated_at=generated_at,
    )


def report_html(store: Store, code: str, language: str | None = None) -> str:
    """The self-contained HTML report of a stored session, in ``language`` (default English)."""
    t = translator(language)
    return render_report(report_context(store, code, language=t.language), t.language)


def write_report(store: Store, code: str, out_dir: Path, language: str | None = None) -> Path:
    """Write ``CODE-report.html`` into ``out_dir`` (created if needed); returns its path.

    With ``language`` bound (``functools.partial``) it matches
    :data:`inclusion_widgets.exchange.export.ReportHook`.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{store.session(code).code}-report.html"
    path.write_text(report_html(store, code, language), encoding="utf-8")
    return path
