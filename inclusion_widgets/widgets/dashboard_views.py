"""The dashboard's sections as HTML, from analysis tables. Pure: data in, markup out.

Markup is made by the Jinja templates next to this module, with autoescaping on, so
names and notes that participants typed are always escaped. Charts come from
:mod:`inclusion_widgets.charts`, which escapes its own labels.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
import pandas as pd

from inclusion_widgets import analysis, charts
from inclusion_widgets.frameworks import Framework
from inclusion_widgets.i18n import (
    N_,
    SOURCE_LANGUAGE,
    Translator,
    language_name,
    normalize,
    translator,
)
from inclusion_widgets.records import (
    IMPACT_EFFORT_LABELS,
    NOT_AGREED_YET,
    Action,
    AgreedResult,
    AnswerKind,
    PlanAction,
)

DISPUTED_SHOWN = 8
"""How many of the most disputed items the discussion view lists."""


@dataclass(frozen=True)
class AuthoredAction:
    """An action with the name of the participant who drafted it."""

    author: str
    action: Action


@cache
def _templates(language: str = SOURCE_LANGUAGE) -> Any:
    """The template's macros with the sentences of ``language``."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("inclusion_widgets.widgets", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    environment.install_gettext_translations(  # type: ignore[attr-defined]
        translator(language).catalog, newstyle=True
    )
    return environment.get_template("dashboard.html.jinja").module


def _language(code: str) -> str:
    return language_name(code) if code else ""


def _figure(value: float | None, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}"


def _signed(value: float | None) -> tuple[str, str]:
    if value is None or math.isnan(value):
        return "–", ""
    return f"{value:+.1f}", "ic-up" if value > 0 else "ic-down" if value < 0 else ""


def _items(framework: Framework) -> list[tuple[str, str]]:
    return [(item.id, item.title) for item in framework.items]


def _levels(framework: Framework) -> list[tuple[int, str]]:
    return [(level.value, level.label) for level in framework.get_scale().levels]


def _medians(table: pd.DataFrame, column: str) -> dict[str, float | None]:
    return {
        item: None if pd.isna(value) else float(value)
        for item, value in zip(table["item"], table[column], strict=True)
    }


def _titles(framework: Framework) -> dict[str, str]:
    """Item titles as the framework given holds them (translated for the facilitator); the
    tables carry the framework's own titles, as the exports do."""
    return {item.id: item.title for item in framework.items}


def _side_rows(
    table: pd.DataFrame, a: str, b: str, gap: str, titles: dict[str, str] | None = None
) -> list[dict[str, str]]:
    """Table rows of two sides per item (roles or rounds) and the signed gap between them."""
    rows = []
    for row in table.to_dict("records"):
        shown, shown_class = _signed(row[gap])
        rows.append(
            {
                "id": row["item"],
                "title": (titles or {}).get(row["item"], row["item_title"]),
                "a": _figure(row[a]),
                "b": _figure(row[b]),
                "gap": shown,
                "gap_class": shown_class,
            }
        )
    return rows


def progress_html(
    answers: analysis.Answers, framework: Framework, language: str | None = None
) -> str:
    checked = analysis.check_answers(answers, framework)
    table = analysis.participant_progress(checked, framework)
    frame = checked.frame
    spoken = dict(zip(frame["participant"], frame["language"], strict=False))
    rows = [
        {
            "name": row.participant,
            "city": row.city,
            "role": row.role,
            "language": _language(spoken.get(row.participant, "")),
            "answered": int(row.n_answered),
            "priorities": int(row.n_priority),
            "updated": "" if pd.isna(row.updated_at) else f"{row.updated_at:%H:%M}",
        }
        for row in table.itertuples()
    ]
    return str(_templates(normalize(language)).progress(rows, len(framework.items)))


def standing_html(
    answers: analysis.Answers, framework: Framework, language: str | None = None
) -> str:
    checked = analysis.check_answers(answers, framework)
    summary = analysis.item_summary(checked, framework)
    scale = framework.get_scale()
    counts = {
        row["item"]: {value: int(row[f"n_level_{value}"]) for value in scale.values}
        for _, row in summary.iterrows()
    }
    extra = {
        scale.dont_know_label: dict(zip(summary["item"], summary["n_dont_know"], strict=True)),
        scale.not_applicable_label: dict(
            zip(summary["item"], summary["n_not_applicable"], strict=True)
        ),
    }
    chart = charts.layouts(
        charts.level_heatmap,
        _items(framework),
        _levels(framework),
        counts,
        extra,
        title=N_("Where the group stands"),
        language=language,
    )
    titles = {group.id: group.title for group in framework.groups}
    groups = [
        {
            "title": titles.get(row.group, row.group),
            "answered": int(row.n_answered),
            "median": _figure(row.median),
            "dont_know": int(row.n_dont_know),
            "priority": int(row.n_priority),
        }
        for row in analysis.group_summary(checked, framework).itertuples()
    ]
    return str(_templates(normalize(language)).standing(chart, groups))


def disputed_html(
    answers: analysis.Answers,
    framework: Framework,
    shown: int = DISPUTED_SHOWN,
    language: str | None = None,
) -> str:
    t = translator(language)
    titles = _titles(framework)
    checked = analysis.check_answers(answers, framework)
    frame = checked.frame
    ranked = analysis.disagreement(checked, framework)
    ranked = ranked[(ranked["n_answered"] >= 2) & (ranked["spread"] > 0)].head(shown)
    labels = dict(_levels(framework))
    items = []
    for row in ranked.itertuples():
        rows = frame[frame["item"] == row.item]
        levels = rows[rows["answer_kind"] == "level"]["level"].astype("int64")
        count = levels.value_counts()
        most = max(count.max(), 1)
        notes = [
            {
                "text": note.note,
                "who": f"{note.participant}, {note.role}",
                "level": labels.get(int(note.level), note.level_label)
                if not pd.isna(note.level)
                else (note.level_label or t.gettext("no answer")),
                # Each note as typed, marked with the language its writer worked in.
                "lang": note.language,
                "language": _language(note.language),
            }
            for note in rows[rows["note"].astype(str).str.strip() != ""].itertuples()
        ]
        items.append(
            {
                "id": row.item,
                "title": titles.get(row.item, row.item_title),
                "spread": t.format_number(row.spread, 2),
                "low": labels.get(int(levels.min()), ""),
                "high": labels.get(int(levels.max()), ""),
                "n": int(row.n_answered),
                "bars": [
                    {
                        "label": f"{value} {label}",
                        "count": int(count.get(value, 0)),
                        "width": round(100 * int(count.get(value, 0)) / most),
                    }
                    for value, label in _levels(framework)
                ],
                "notes": notes,
            }
        )
    return str(_templates(t.language).disputed(items))


def comparison_html(
    answers: analysis.Answers,
    framework: Framework,
    by: str,
    a: str,
    b: str,
    language: str | None = None,
) -> str:
    table = analysis.compare_groups(answers, framework, by=by, a=a, b=b).items
    chart = charts.layouts(
        charts.gap_chart,
        _items(framework),
        _levels(framework),
        _medians(table, "median_a"),
        _medians(table, "median_b"),
        a,
        b,
        language=language,
    )
    rows = _side_rows(table, "median_a", "median_b", "gap", _titles(framework))
    return str(_templates(normalize(language)).comparison(chart, rows, a, b))


@dataclass(frozen=True)
class RoundsOutcome:
    """What the two rounds agreed and planned, and the facilitator's pairs of people."""

    baseline_agreed: Sequence[AgreedResult] = ()
    agreed: Sequence[AgreedResult] = ()
    baseline_plan: Sequence[PlanAction] = ()
    """The baseline's plan, whose actions the follow-up checks on."""
    pairs: Sequence[tuple[str, str]] = ()
    """(baseline name, follow-up name), as the answers frames name them."""


def _agreed_words(framework: Framework, kind: str, level: float, t: Translator) -> str:
    if kind == AnswerKind.LEVEL.value:
        value = int(level)
        labels = dict(_levels(framework))
        return f"{value} · {labels.get(value, '')}"
    scale = framework.get_scale()
    words = {
        AnswerKind.DONT_KNOW.value: scale.dont_know_label,
        AnswerKind.NOT_APPLICABLE.value: scale.not_applicable_label,
    }
    return words.get(kind, t.gettext(NOT_AGREED_YET))


def _agreed_rows(outcome: RoundsOutcome, framework: Framework, t: Any) -> list[dict[str, str]]:
    table = analysis.compare_agreed(outcome.baseline_agreed, outcome.agreed, framework)
    titles = _titles(framework)
    rows = []
    for row in table.to_dict("records"):
        change, change_class = _signed(row["change"])
        rows.append(
            {
                "id": row["item"],
                "title": titles.get(row["item"], row["item_title"]),
                "before": _agreed_words(framework, row["kind_baseline"], row["level_baseline"], t),
                "before_why": row["reasoning_baseline"],
                "after": _agreed_words(framework, row["kind_followup"], row["level_followup"], t),
                "after_why": row["reasoning_followup"],
                "change": change,
                "change_class": change_class,
            }
        )
    return rows


def _plan_rows(plan: Sequence[PlanAction], t: Translator) -> list[dict[str, str]]:
    return [
        {
            "title": action.title,
            "items": ", ".join(action.items),
            "owner": action.owner,
            "due": action.due.isoformat() if action.due else "",
            "status": t.gettext(action.status.label),
        }
        for action in sorted(plan, key=lambda action: (action.position, action.title))
    ]


def rounds_html(
    baseline: analysis.Answers | None,
    followup: analysis.Answers,
    framework: Framework,
    language: str | None = None,
    outcome: RoundsOutcome | None = None,
) -> str:
    """The follow-up against its baseline: first what each round agreed (with the
    reasoning of both) and the baseline's plan, then how people answered, who moved,
    and whom the rounds could not match."""
    t = translator(language)
    outcome = outcome or RoundsOutcome()
    if baseline is None:
        return str(_templates(t.language).rounds(False, [], [], "", [], [], None))
    before = analysis.check_answers(baseline, framework)
    after = analysis.check_answers(followup, framework)
    table = analysis.compare_rounds(before, after, framework).items
    chart = charts.layouts(
        charts.gap_chart,
        _items(framework),
        _levels(framework),
        _medians(table, "median_baseline"),
        _medians(table, "median_followup"),
        t.gettext("Baseline"),
        t.gettext("Follow-up"),
        language=t.language,
    )
    rows = _side_rows(table, "median_baseline", "median_followup", "change", _titles(framework))
    matched = analysis.match_participants(before.frame, after.frame, outcome.pairs)
    movers = []
    for row in analysis.movers(before, after, framework, pairs=outcome.pairs).itertuples():
        change, change_class = _signed(float(row.change))
        movers.append(
            {
                "who": f"{row.participant}, {row.city}",
                "item": row.item,
                "before": row.level_baseline,
                "after": row.level_followup,
                "change": change,
                "change_class": change_class,
            }
        )
    unmatched = {
        "baseline": [_who(before.frame, name) for name in matched.unmatched_baseline],
        "followup": [_who(after.frame, name) for name in matched.unmatched_followup],
    }
    return str(
        _templates(t.language).rounds(
            True,
            _agreed_rows(outcome, framework, t),
            _plan_rows(outcome.baseline_plan, t),
            chart,
            rows,
            movers,
            unmatched,
        )
    )


def _who(answers: pd.DataFrame, name: str) -> str:
    """``Name, City`` of a participant of an answers frame."""
    cities = answers.loc[answers["participant"] == name, "city"]
    city = str(cities.iloc[0]) if len(cities) else ""
    return f"{name}, {city}" if city else name


def plan_html(
    actions: Sequence[AuthoredAction], framework: Framework, language: str | None = None
) -> str:
    t = translator(language)
    by_item: dict[str, list[dict[str, str]]] = defaultdict(list)
    for authored in sorted(actions, key=lambda entry: (entry.action.position, entry.action.title)):
        action = authored.action
        row = {
            "title": action.title,
            "description": action.description,
            "who": authored.author,
            "owner": action.owner,
            "due": action.due.isoformat() if action.due else "",
            "status": t.gettext(action.status.label),
            "impact": t.gettext(IMPACT_EFFORT_LABELS.get(action.impact or 0, "–")),
            "effort": t.gettext(IMPACT_EFFORT_LABELS.get(action.effort or 0, "–")),
        }
        for item_id in action.items or ("",):
            by_item[item_id].append(row)
    groups = [
        {"id": item.id, "title": item.title, "actions": by_item[item.id]}
        for item in framework.items
        if item.id in by_item
    ]
    if by_item.get(""):
        unlinked = t.gettext("Not linked to an item")
        groups.append({"id": "", "title": unlinked, "actions": by_item[""]})
    open_items = [
        {"id": item.id, "title": item.title} for item in framework.items if item.id not in by_item
    ]
    return str(_templates(t.language).plan(groups, open_items))
