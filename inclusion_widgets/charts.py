"""Charts as self-contained SVG text, for the dashboard and the HTML report.

Every function takes plain data (ids, labels, numbers) and returns one ``<svg>``
element without an XML prolog, so it can be inlined in HTML. Text stays text
(``svg.fonttype = 'none'``): it is selectable, read by screen readers, and drawn
with the reader's own DejaVu Sans or a fallback; no font is fetched.

Safety: every label ends up in the SVG through matplotlib's XML writer, which
escapes ``&``, ``<`` and ``>``; the accessible title added here is escaped with
:func:`html.escape`. Mathtext is switched off, so a ``$`` in a note is a dollar.
This is why the report may mark these strings safe.

A chart whose inputs did not change is not drawn again (:mod:`.chart_cache`).

matplotlib is imported inside the functions: the participant path imports this
package and must stay light.
"""

from __future__ import annotations

import hashlib
import html
import io
import random
import re
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from inclusion_widgets.chart_cache import remembered
from inclusion_widgets.i18n import N_, translator

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

ItemRef = tuple[str, str]
"""An item as ``(id, title)``."""
LevelRef = tuple[int, str]
"""A level of the scale as ``(value, label)``."""

NO_DATA_TEXT = N_("No answers yet")
WIDTH_IN = 9.0
"""Figure width in inches: 900 px at the browser's 100 %, with room for labels."""
LABEL_WIDTH = 44
"""Characters per line of an item label before it is wrapped."""

# Okabe-Ito colours, distinguishable with the common colour-vision deficiencies.
BLUE = "#0072B2"
ORANGE = "#D55E00"
INK = "#1f2933"
MUTED = "#6b7785"
GRID = "#d9dee3"
# A single-hue sequential ramp for shares of answers (light = few, dark = many).
RAMP = ("#f4f8fb", "#cfe1f0", "#9ac3e2", "#5b9dcc", "#2c73b0", "#0b4a85")
EXTRA_RAMP = ("#f6f6f6", "#e4e4e4", "#c9c9c9", "#a8a8a8", "#858585", "#5f5f5f")

_RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "text.parse_math": False,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial"],
    "font.size": 10,
    "axes.edgecolor": GRID,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "text.color": INK,
}


def item_label(item_id: str, title: str, width: int = LABEL_WIDTH, lines: int = 2) -> str:
    """``id  title``, wrapped to ``lines`` lines of ``width`` characters; the id always shows."""
    wrapped = textwrap.wrap(f"{item_id}  {title}".strip(), width=width) or [item_id]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return "\n".join(wrapped)


def level_label(value: int, label: str) -> str:
    """``value`` above its label, wrapped narrow enough for a column header."""
    return "\n".join([str(value), *textwrap.wrap(label, width=14)[:2]])


def no_data_svg(title: str, message: str = NO_DATA_TEXT, language: str | None = None) -> str:
    """A small SVG that says there is nothing to draw yet (in ``language``)."""
    message = translator(language).gettext(message)
    label = html.escape(f"{title}: {message}" if title else message)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" class="ic-chart ic-chart-empty" '
        f'viewBox="0 0 600 48" width="600" height="48" role="img" aria-label="{label}">'
        f"<title>{label}</title>"
        f'<rect x="0.5" y="0.5" width="599" height="47" rx="6" fill="#fafbfc" stroke="{GRID}"/>'
        f'<text x="300" y="29" text-anchor="middle" fill="{MUTED}" '
        'font-family="\'DejaVu Sans\', sans-serif" font-size="14">'
        f"{html.escape(message)}</text></svg>"
    )


@remembered
def level_heatmap(
    items: Sequence[ItemRef],
    levels: Sequence[LevelRef],
    counts: Mapping[str, Mapping[int, int]],
    extra_columns: Mapping[str, Mapping[str, int]] | None = None,
    *,
    title: str = N_("Answers per level"),
    language: str | None = None,
) -> str:
    """Items as rows, levels then the extra columns (e.g. "Don't know") as columns.

    Each cell shows how many people gave that answer, shaded by its share of the
    item's answers: levels in blue, answers that are not a level in grey.
    """
    title = translator(language).gettext(title)
    extra = dict(extra_columns or {})
    columns = [level_label(v, label) for v, label in levels] + [
        "\n".join(textwrap.wrap(name, 12)) for name in extra
    ]
    table = [
        [counts.get(item_id, {}).get(v, 0) for v, _ in levels]
        + [extra[name].get(item_id, 0) for name in extra]
        for item_id, _ in items
    ]
    if not items or not any(any(row) for row in table):
        return no_data_svg(title, language=language)

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        for row, values in enumerate(table):
            total = sum(values)
            for col, value in enumerate(values):
                ramp = RAMP if col < len(levels) else EXTRA_RAMP
                shade = _shade(ramp, value / total if total else 0.0)
                ax.add_patch(_cell(col, row, shade))
                if value:
                    dark = ramp.index(shade) >= 3
                    ax.text(
                        col,
                        row,
                        str(value),
                        ha="center",
                        va="center",
                        fontsize=11,
                        fontweight="bold",
                        color="white" if dark else INK,
                    )
        if extra:
            ax.axvline(len(levels) - 0.5, color="white", linewidth=4)
        ax.set_xlim(-0.5, len(columns) - 0.5)
        ax.set_ylim(len(items) - 0.5, -0.5)
        ax.set_xticks(range(len(columns)), columns, fontsize=9)
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(items)), [item_label(i, t) for i, t in items])
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)

    return _render(draw, _height(len(items), header=1.1, row=0.36), title, (items, levels, table))


@remembered
def dot_plot(
    items: Sequence[ItemRef],
    levels: Sequence[LevelRef],
    points: Mapping[str, Sequence[float]],
    highlight: Mapping[str, float] | None = None,
    *,
    title: str = N_("Each person's level per item"),
    highlight_label: str = N_("Your answer"),
    language: str | None = None,
) -> str:
    """One row per item, a dot per person's level (jittered so equal answers stay
    visible), the median as a dark bar, and optionally one highlighted answer."""
    marked = dict(highlight or {})
    _ = translator(language).gettext
    title = _(title)
    if not items or not any(points.get(item_id) for item_id, _item in items):
        return no_data_svg(title, language=language)

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        for row, (item_id, _title) in enumerate(items):
            values = list(points.get(item_id, ()))
            jitter = random.Random(item_id)  # noqa: S311 - layout only, stable per item
            xs = [v + jitter.uniform(-0.12, 0.12) for v in values]
            ys = [row + jitter.uniform(-0.22, 0.22) for _ in values]
            ax.scatter(xs, ys, s=48, color=BLUE, alpha=0.7, edgecolors="white", linewidths=0.6)
            if values:
                ax.plot([_median(values)] * 2, [row - 0.34, row + 0.34], color=INK, linewidth=3)
            if item_id in marked:
                ax.scatter(
                    [marked[item_id]], [row], s=120, marker="D", facecolors="none",
                    edgecolors=ORANGE, linewidths=2, zorder=5,
                )  # fmt: skip
        _level_axis(ax, levels, len(items))
        ax.set_yticks(range(len(items)), [item_label(i, t) for i, t in items])
        handles = [
            _handle("o", BLUE, _("One person")),
            _handle("|", INK, _("Median"), size=14),
        ]
        if marked:
            handles.append(_handle("D", ORANGE, _(highlight_label), hollow=True))
        _legend(ax, handles)

    return _render(draw, _height(len(items), header=0.5), title, (items, dict(points), marked))


@remembered
def gap_chart(
    items: Sequence[ItemRef],
    levels: Sequence[LevelRef],
    a: Mapping[str, float | None],
    b: Mapping[str, float | None],
    a_label: str,
    b_label: str,
    *,
    title: str = "",
    language: str | None = None,
) -> str:
    """A dumbbell per item: ``a`` (blue circle) and ``b`` (orange square) joined by
    a line, so the gap between two roles or two rounds reads at a glance."""
    _ = translator(language).gettext
    title = title or _("{a} and {b} per item").format(a=a_label, b=b_label)
    if not items or all(a.get(i) is None and b.get(i) is None for i, _item in items):
        return no_data_svg(title, language=language)

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        for row, (item_id, _title) in enumerate(items):
            left, right = a.get(item_id), b.get(item_id)
            if left is not None and right is not None:
                ax.plot([left, right], [row, row], color=MUTED, linewidth=2.5, zorder=1)
            # Where both sides agree, a larger ring of ``a`` stays visible around ``b``.
            same = left is not None and left == right
            if left is not None:
                ax.scatter([left], [row], s=260 if same else 90, marker="o", color=BLUE, zorder=3)
            if right is not None:
                ax.scatter([right], [row], s=80, marker="s", color=ORANGE, zorder=4)
            if left is None and right is None:
                ax.text(
                    levels[0][0] if levels else 0, row, _("no answers"), color=MUTED,
                    va="center", fontsize=9, style="italic",
                )  # fmt: skip
        _level_axis(ax, levels, len(items))
        ax.set_yticks(range(len(items)), [item_label(i, t) for i, t in items])
        _legend(ax, [_handle("o", BLUE, a_label), _handle("s", ORANGE, b_label)])

    return _render(draw, _height(len(items), header=0.5), title, (items, dict(a), dict(b)))


def _height(rows: int, header: float, row: float = 0.42) -> float:
    return header + 0.9 + row * rows


def _shade(ramp: Sequence[str], share: float) -> str:
    if share <= 0:
        return ramp[0]
    return ramp[min(len(ramp) - 1, 1 + int(share * (len(ramp) - 1)))]


def _cell(col: int, row: int, colour: str) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((col - 0.5, row - 0.5), 1, 1, facecolor=colour, edgecolor="white", linewidth=2)


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _level_axis(ax: Axes, levels: Sequence[LevelRef], rows: int) -> None:
    values = [v for v, _ in levels] or [0, 1]
    ax.set_xlim(min(values) - 0.5, max(values) + 0.5)
    ax.set_ylim(rows - 0.5, -0.5)
    if levels:
        ax.set_xticks(values, [level_label(v, label) for v, label in levels], fontsize=9)
    ax.grid(axis="x", color=GRID, linewidth=1)
    ax.set_axisbelow(True)
    for y in range(rows - 1):
        ax.axhline(y + 0.5, color="#eef1f4", linewidth=0.8, zorder=0)
    ax.tick_params(length=0)
    for name, spine in ax.spines.items():
        spine.set_visible(name == "bottom")


def _handle(marker: str, colour: str, label: str, size: float = 8, hollow: bool = False) -> Any:
    from matplotlib.lines import Line2D

    return Line2D(
        [], [], linestyle="none", marker=marker, markersize=size, label=label,
        color=colour, markerfacecolor="none" if hollow else colour,
        markeredgewidth=2 if hollow or marker == "|" else 1,
    )  # fmt: skip


def _legend(ax: Axes, handles: list[Any]) -> None:
    ax.legend(
        handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=len(handles),
        frameon=False, fontsize=9, handletextpad=0.4, columnspacing=1.6, borderaxespad=0.3,
    )  # fmt: skip


@contextmanager
def _style(salt: str) -> Iterator[None]:
    import matplotlib

    # Ids of clip paths and markers come from this salt: distinct per chart, so
    # several charts inlined in one page never share an id.
    with matplotlib.rc_context({**_RC, "svg.hashsalt": salt}):  # type: ignore[dict-item]
        yield


def _render(draw: Callable[[Figure], None], height: float, title: str, key: object) -> str:
    """Draw on a fresh figure and return its SVG; ``key`` (the inputs) seeds the ids."""
    from matplotlib.figure import Figure

    salt = hashlib.sha256(repr((title, key)).encode()).hexdigest()[:10]
    with _style(salt):
        fig = Figure(figsize=(WIDTH_IN, height), layout="constrained")
        draw(fig)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return _inline(buffer.getvalue(), title)


_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)


def _inline(svg: str, title: str) -> str:
    """Drop the XML prolog and metadata; add a role, an accessible name and a class."""
    body = _METADATA.sub("", _PROLOG.sub("", svg, count=1), count=1)
    label = html.escape(title)
    start = body.index(">", body.index("<svg")) + 1
    opening = body[:start].replace(
        "<svg ", f'<svg class="ic-chart" role="img" aria-label="{label}" ', 1
    )
    return f"{opening}\n <title>{label}</title>{body[start:]}".strip()
