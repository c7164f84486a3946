"""Turn a :class:`ReportContext` into one self-contained HTML file.

Jinja2 escapes every value (``autoescape=True``). The only strings marked safe are
the SVG charts from :mod:`inclusion_widgets.charts`, which escape their own text;
nothing typed by a person is ever marked safe. The page loads nothing: styles are
inline, charts are inline SVG, and there is no script.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from inclusion_widgets import __version__, charts
from inclusion_widgets.frameworks import Framework, Item, Provenance, Scale
from inclusion_widgets.records import IMPACT_EFFORT_LABELS, Action
from inclusion_widgets.report.context import Comparison, ItemFigures, ReportContext

DASH = "–"


@dataclass(frozen=True)
class GroupView:
    """One framework group as the template shows it."""

    id: str
    title: str
    rows: tuple[tuple[Item, ItemFigures], ...]
    chart: Markup

    @property
    def answered(self) -> bool:
        return any(figures.answered for _, figures in self.rows)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("inclusion_widgets.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(day=format_date, figure=format_figure, signed=format_signed)
    return env


def render_report(context: ReportContext) -> str:
    """The report as a complete HTML document (a ``str``, UTF-8 when written)."""
    framework = context.framework
    scale = framework.get_scale()
    figures = {f.item_id: f for f in context.figures}
    linked = {item_id for action in context.actions for item_id in action.items}
    template = _environment().get_template("report.html.jinja")
    return template.render(
        c=context,
        s=context.session,
        framework=framework,
        scale=scale,
        groups=_groups(framework, scale, figures),
        disputed=[(framework.item(d.item_id), d, figures.get(d.item_id)) for d in context.disputed],
        disputed_chart=_disputed_chart(context, scale, figures),
        roles_chart=_comparison_chart(context.roles, framework, scale, "Mentor and mentee"),
        rounds_chart=_comparison_chart(context.rounds, framework, scale, "Baseline and follow-up"),
        actions=[(action, _linked_items(framework, action)) for action in context.actions],
        without_actions=[item for item in framework.items if item.id not in linked],
        provenance=_provenance(framework.items),
        answered_any=any(f.answered for f in context.figures),
        level_name=lambda value: level_name(scale, value),
        rating=lambda value: IMPACT_EFFORT_LABELS.get(value, DASH) if value else DASH,
        item_title=lambda item_id: framework.item(item_id).title,
        version=__version__,
        generated=context.generated_at or datetime.now().astimezone(),
    )


def level_name(scale: Scale, value: float | None) -> str:
    """``2 · In progress`` for a level, ``1.5`` between two levels, a dash for none."""
    if value is None:
        return DASH
    if float(value).is_integer() and int(value) in scale.values:
        return f"{int(value)} · {scale.level(int(value)).label}"
    return format_figure(value)


def format_figure(value: float | None) -> str:
    return DASH if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def format_signed(value: float | None) -> str:
    if value is None:
        return DASH
    return "±0" if value == 0 else ("+" if value > 0 else "−") + format_figure(abs(value))


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return DASH
    if isinstance(value, datetime):
        return value.strftime("%d %B %Y, %H:%M")
    return value.strftime("%d %B %Y")


def _levels(scale: Scale) -> list[tuple[int, str]]:
    return [(level.value, level.label) for level in scale.levels]


def _groups(framework: Framework, scale: Scale, figures: dict[str, ItemFigures]) -> list[GroupView]:
    views = []
    for group in framework.groups:
        rows = tuple((item, figures.get(item.id, ItemFigures(item.id))) for item in group.items)
        chart = charts.level_heatmap(
            [(item.id, item.title) for item in group.items],
            _levels(scale),
            {item.id: f.level_counts for item, f in rows},
            {
                scale.dont_know_label: {item.id: f.dont_know for item, f in rows},
                scale.not_applicable_label: {item.id: f.not_applicable for item, f in rows},
            },
            title=f"Answers per level: {group.title}",
        )
        views.append(GroupView(group.id, group.title, rows, _chart(chart)))
    return views


def _disputed_chart(
    context: ReportContext, scale: Scale, figures: dict[str, ItemFigures]
) -> Markup | None:
    if not context.disputed:
        return None
    items = [context.framework.item(d.item_id) for d in context.disputed]
    return _chart(
        charts.dot_plot(
            [(item.id, item.title) for item in items],
            _levels(scale),
            {item.id: figures[item.id].points() for item in items if item.id in figures},
            title="Levels given on the most disputed items",
        )
    )


def _comparison_chart(
    comparison: Comparison | None, framework: Framework, scale: Scale, title: str
) -> Markup | None:
    if comparison is None:
        return None
    items = [framework.item(row.item_id) for row in comparison.rows]
    return _chart(
        charts.gap_chart(
            [(item.id, item.title) for item in items],
            _levels(scale),
            {row.item_id: row.a for row in comparison.rows},
            {row.item_id: row.b for row in comparison.rows},
            comparison.a_label,
            comparison.b_label,
            title=f"{title}: median level per item",
        )
    )


def _chart(svg: str) -> Markup:
    # Safe by construction: charts.py escapes every label it draws (see its docstring).
    return Markup(svg)  # noqa: S704


def _linked_items(framework: Framework, action: Action) -> list[Item]:
    return [framework.item(item_id) for item_id in action.items]


def _provenance(items: Sequence[Item]) -> dict[str, list[Item]]:
    return {kind.value: [i for i in items if i.provenance is kind] for kind in Provenance}
