"""Turn a :class:`ReportContext` into one self-contained HTML file.

Jinja2 escapes every value (``autoescape=True``). The only strings marked safe are
the SVG charts from :mod:`inclusion_widgets.charts`, which escape their own text;
nothing typed by a person is ever marked safe. The page loads nothing: styles are
inline, charts are inline SVG, and there is no script.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache, partial

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from inclusion_widgets import __version__, charts
from inclusion_widgets.frameworks import Framework, Item, Provenance, Scale
from inclusion_widgets.i18n import LANGUAGES, N_, Translator, supported, translator
from inclusion_widgets.records import IMPACT_EFFORT_LABELS, Action, PlanAction
from inclusion_widgets.report.context import Comparison, ItemFigures, ReportContext

DASH = "–"


@dataclass(frozen=True)
class GroupView:
    """One framework group as the template shows it."""

    id: str
    title: str
    rows: tuple[tuple[Item, ItemFigures], ...]
    chart: charts.Layouts
    fallback_language: str = ""

    @property
    def answered(self) -> bool:
        return any(figures.answered for _, figures in self.rows)


# Roles people choose when they join, named in the report's language; others as typed.
ROLE_NAMES = {
    "mentor": N_("mentor"),
    "mentee": N_("mentee"),
    "partner": N_("partner"),
    "facilitator": N_("facilitator"),
    "observer": N_("observer"),
}


@lru_cache(maxsize=len(LANGUAGES))
def _environment(language: str) -> Environment:
    t = translator(language)
    env = Environment(
        loader=PackageLoader("inclusion_widgets.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # newstyle: ``_("... %(name)s", name=value)`` escapes the values it fills in.
    env.install_gettext_translations(t.catalog, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        day=partial(format_date, t=t),
        figure=partial(format_figure, t=t),
        signed=partial(format_signed, t=t),
        count=t.format_number,
    )
    return env


def report_language(context: ReportContext, language: str | None = None) -> str:
    """The report's language: the one asked for, else the framework's, else English."""
    return supported(language) or supported(context.framework.language) or "en"


def render_report(context: ReportContext, language: str | None = None) -> str:
    """The report as a complete HTML document (a ``str``, UTF-8 when written).

    ``language`` is that of the interface texts (headings, sentences, dates and
    numbers); the framework's texts are those of ``context.framework``, translated or not
    (see :func:`inclusion_widgets.frameworks.translate_framework`).
    """
    lang = report_language(context, language)
    t = translator(lang)
    _ = t.gettext
    framework = context.framework
    scale = framework.get_scale()
    figures = {f.item_id: f for f in context.figures}
    linked = {item_id for action in context.actions for item_id in action.items}
    template = _environment(lang).get_template("report.html.jinja")
    return template.render(
        c=context,
        s=context.session,
        language=lang,
        framework=framework,
        scale=scale,
        agreed=[(framework.item(a.item_id), a) for a in context.agreed],
        group_plan=[(p, _linked_items(framework, p.action)) for p in context.plan],
        groups=_groups(framework, scale, figures, t),
        disputed=[(framework.item(d.item_id), d, figures.get(d.item_id)) for d in context.disputed],
        disputed_chart=_disputed_chart(context, scale, figures, t),
        roles_chart=_comparison_chart(context.roles, framework, scale, _("Mentor and mentee"), t),
        rounds_chart=_comparison_chart(
            context.rounds, framework, scale, _("Baseline and follow-up"), t
        ),
        actions=[(action, _linked_items(framework, action)) for action in context.actions],
        without_actions=[item for item in framework.items if item.id not in linked],
        provenance=_provenance(framework.items),
        untranslated=[item for item in framework.items if item.fallback_language],
        untranslated_mark=_("not translated"),
        answered_any=any(f.answered for f in context.figures),
        level_name=lambda value: level_name(scale, value, t),
        rating=lambda value: _(IMPACT_EFFORT_LABELS.get(value, DASH)) if value else DASH,
        role_name=lambda role: t.gettext(ROLE_NAMES[role]) if role in ROLE_NAMES else role,
        page_counter=_page_counter(t),
        version=__version__,
        generated=context.generated_at or datetime.now().astimezone(),
    )


def _page_counter(t: Translator) -> Markup:
    """The CSS ``content`` of the printed page footer: "Page 2 of 9" in the language."""
    text = t.gettext("Page {page} of {pages}")
    parts = []
    # re.split keeps the placeholder names at the odd positions.
    for n, chunk in enumerate(re.split(r"\{(pages?)\}", text)):
        if n % 2:
            parts.append(f"counter({chunk})")
        elif chunk:
            # A JSON string is a valid CSS string; "<" is escaped so it cannot end the style.
            parts.append(json.dumps(chunk).replace("<", "\\3C "))
    return Markup(" ".join(parts))  # noqa: S704 - built from quoted strings and counters only


def level_name(scale: Scale, value: float | None, t: Translator | None = None) -> str:
    """``2 · In progress`` for a level, ``1.5`` between two levels, a dash for none."""
    if value is None:
        return DASH
    if float(value).is_integer() and int(value) in scale.values:
        return f"{int(value)} · {scale.level(int(value)).label}"
    return format_figure(value, t)


def format_figure(value: float | None, t: Translator | None = None) -> str:
    """Up to two decimals, none shown when they are zero: ``1.5``, ``2``, ``0.33``."""
    if value is None:
        return DASH
    return (t or translator()).format_number(round(value, 2))


def format_signed(value: float | None, t: Translator | None = None) -> str:
    if value is None:
        return DASH
    return "±0" if value == 0 else ("+" if value > 0 else "−") + format_figure(abs(value), t)


def format_date(value: date | datetime | None, t: Translator | None = None) -> str:
    """``4 May 2026`` or ``4 May 2026, 18:00``, as the language writes dates."""
    if value is None:
        return DASH
    t = t or translator()
    if isinstance(value, datetime):
        return f"{t.format_date(value)}, {t.format_time(value)}"
    return t.format_date(value)


def _levels(scale: Scale) -> list[tuple[int, str]]:
    return [(level.value, level.label) for level in scale.levels]


def _groups(
    framework: Framework, scale: Scale, figures: dict[str, ItemFigures], t: Translator
) -> list[GroupView]:
    views = []
    for group in framework.groups:
        rows = tuple((item, figures.get(item.id, ItemFigures(item.id))) for item in group.items)
        chart = charts.layouts(
            charts.level_heatmap,
            [(item.id, item.title) for item in group.items],
            _levels(scale),
            {item.id: f.level_counts for item, f in rows},
            {
                scale.dont_know_label: {item.id: f.dont_know for item, f in rows},
                scale.not_applicable_label: {item.id: f.not_applicable for item, f in rows},
            },
            title=t.gettext("Answers per level: {group}").format(group=group.title),
            language=t.language,
        )
        views.append(GroupView(group.id, group.title, rows, _chart(chart), group.fallback_language))
    return views


def _disputed_chart(
    context: ReportContext, scale: Scale, figures: dict[str, ItemFigures], t: Translator
) -> charts.Layouts | None:
    if not context.disputed:
        return None
    items = [context.framework.item(d.item_id) for d in context.disputed]
    return _chart(
        charts.layouts(
            charts.dot_plot,
            [(item.id, item.title) for item in items],
            _levels(scale),
            {item.id: figures[item.id].points() for item in items if item.id in figures},
            title=t.gettext("Levels given on the most disputed items"),
            language=t.language,
        )
    )


def _comparison_chart(
    comparison: Comparison | None, framework: Framework, scale: Scale, title: str, t: Translator
) -> charts.Layouts | None:
    if comparison is None:
        return None
    items = [framework.item(row.item_id) for row in comparison.rows]
    return _chart(
        charts.layouts(
            charts.gap_chart,
            [(item.id, item.title) for item in items],
            _levels(scale),
            {row.item_id: row.a for row in comparison.rows},
            {row.item_id: row.b for row in comparison.rows},
            comparison.a_label,
            comparison.b_label,
            title=t.gettext("{comparison}: median level per item").format(comparison=title),
            language=t.language,
        )
    )


def _chart(chart: charts.Layouts) -> charts.Layouts:
    # Safe by construction: charts.py escapes every label it draws (see its docstring).
    return charts.Layouts(Markup(chart.wide), Markup(chart.narrow))  # noqa: S704


def _linked_items(framework: Framework, action: Action | PlanAction) -> list[Item]:
    return [framework.item(item_id) for item_id in action.items]


def _provenance(items: Sequence[Item]) -> dict[str, list[Item]]:
    return {kind.value: [i for i in items if i.provenance is kind] for kind in Provenance}
