"""Charts as self-contained SVG text, for the dashboard and the HTML report.

Every function takes plain data (ids, labels, numbers) and returns one ``<svg>``
element without an XML prolog, so it can be inlined in HTML. The layout is computed
here (rows, columns, positions) and written by the autoescaped Jinja template
``templates/charts.svg.jinja``: every label a person typed is escaped there, which
is why the report may mark these strings safe. Text stays text: it is selectable,
read by screen readers, and drawn with the reader's own DejaVu Sans or a fallback;
no font is fetched. There is no layout engine: widths of text are estimated from
its number of characters, so a chart of 100 items is drawn in milliseconds.

A chart is drawn at its own width in pixels; a page shrinks it to its box down to a
readable size, and a narrower box (a phone) scrolls it sideways inside itself
(``ic-chart-box`` in the page's styles).

A chart whose inputs did not change is not drawn again (:mod:`.chart_cache`).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import random
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import jinja2

from inclusion_widgets.chart_cache import remembered
from inclusion_widgets.i18n import N_, Translator, translator

ItemRef = tuple[str, str]
"""An item as ``(id, title)``."""
LevelRef = tuple[int, str]
"""A level of the scale as ``(value, label)``."""

NO_DATA_TEXT = N_("No answers yet")
LABEL_WIDTH = 40
"""Characters per line of an item label before it is wrapped."""
LABEL_LINES = 2
HEADER_WIDTH = 11
"""Characters per line of a column header (a level's or another answer's name)."""

# Sizes in pixels at 100 %.
PAD = 8
FONT = 12
LINE = 15
CHAR = 0.58
"""Estimated width of one character of DejaVu Sans in ems: wide enough for most scripts."""
CELL = 72
STEP = 84
"""Width of one level on the axis of a dot plot or gap chart."""
ROW = 36
SPLIT = 6
"""Gap between the levels and the answers that are not a level."""

# Okabe-Ito colours, distinguishable with the common colour-vision deficiencies.
BLUE = "#0072B2"
ORANGE = "#D55E00"
INK = "#1f2933"
MUTED = "#6b7785"
GRID = "#d9dee3"
RULE = "#eef1f4"
# A single-hue sequential ramp for shares of answers (light = few, dark = many).
RAMP = ("#f4f8fb", "#cfe1f0", "#9ac3e2", "#5b9dcc", "#2c73b0", "#0b4a85")
EXTRA_RAMP = ("#f6f6f6", "#e4e4e4", "#c9c9c9", "#a8a8a8", "#858585", "#5f5f5f")

HEATMAP_DESC = N_(
    "One row per item and one column per answer; each cell gives how many people gave "
    "that answer, darker for a larger share of the item's answers."
)
DOTS_DESC = N_("One row per item; each dot is one person's level, and the bar marks the median.")
GAP_DESC = N_("One row per item, with the level of {a} and the level of {b} joined by a line.")


def item_label(item_id: str, title: str, width: int = LABEL_WIDTH, lines: int = LABEL_LINES) -> str:
    """``id  title``, wrapped to ``lines`` lines of ``width`` characters; the id always shows."""
    wrapped = textwrap.wrap(f"{item_id}  {title}".strip(), width=width) or [item_id]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return "\n".join(wrapped)


def level_label(value: int, label: str) -> str:
    """``value`` above its label, wrapped narrow enough for a column header."""
    return "\n".join(
        [str(value), *textwrap.wrap(label, width=HEADER_WIDTH, break_long_words=False)[:3]]
    )


@dataclass(frozen=True)
class Label:
    """Lines of text whose first line's baseline is at ``(x, y)``."""

    x: float
    y: float
    lines: tuple[str, ...]
    anchor: str = "start"
    colour: str = INK
    size: int = FONT
    bold: bool = False
    italic: bool = False
    full: str = ""
    """The whole text when ``lines`` cut it short (shown as a tooltip)."""
    upright: bool = False
    """Written bottom to top (a narrow column's header)."""


@dataclass(frozen=True)
class Cell:
    """One cell of the heat map: a shaded square, its number, and what it counts."""

    x: float
    y: float
    width: float
    height: float
    fill: str
    count: Label | None
    what: str


@dataclass(frozen=True)
class Mark:
    """A point of a dot plot or gap chart: ``shape`` is circle, square or diamond."""

    shape: str
    x: float
    y: float
    size: float
    fill: str
    stroke: str = "#ffffff"
    opacity: float = 1.0
    what: str = ""


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str
    width: float = 1.0


@dataclass(frozen=True)
class Key:
    """One entry of a legend: a mark and its name."""

    mark: Mark | Line
    label: Label


@dataclass(frozen=True)
class Chart:
    """Everything the template draws; coordinates in pixels from the top left."""

    kind: str
    title: str
    desc: str
    width: float
    height: float
    ident: str
    labels: tuple[Label, ...] = ()
    cells: tuple[Cell, ...] = ()
    lines: tuple[Line, ...] = ()
    marks: tuple[Mark, ...] = ()
    keys: tuple[Key, ...] = ()
    rows: tuple[float, ...] = field(default=())
    """The top of each row, then the bottom of the last."""


@dataclass(frozen=True)
class Layouts:
    """One chart drawn twice: ``wide`` for a screen, ``narrow`` (about 300 px) for a
    phone; a page shows one of them, as wide as it has room for."""

    wide: str
    narrow: str


def layouts(draw: Callable[..., str], *args: Any, **kwargs: Any) -> Layouts:
    """``draw(*args, **kwargs)`` in both layouts."""
    return Layouts(draw(*args, **kwargs), draw(*args, **kwargs, narrow=True))


@functools.cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("inclusion_widgets", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template("charts.svg.jinja")


def _svg(chart: Chart) -> str:
    return _template().render(chart=chart).strip()


def _ident(*inputs: object) -> str:
    """An id for the chart's description, the same for the same inputs and distinct for
    others, so that several charts inlined in one page never share an id."""
    return "ic-chart-" + hashlib.sha256(repr(inputs).encode()).hexdigest()[:10]


def no_data_svg(title: str, message: str = NO_DATA_TEXT, language: str | None = None) -> str:
    """A small SVG that says there is nothing to draw yet (in ``language``)."""
    message = translator(language).gettext(message)
    return _svg(
        Chart(
            kind="empty",
            title=f"{title}: {message}" if title else message,
            desc="",
            width=600,
            height=48,
            ident=_ident("empty", title, message),
            labels=(Label(300, 29, (message,), anchor="middle", colour=MUTED, size=14),),
        )
    )


def _text_width(lines: Sequence[str], size: int = FONT) -> float:
    return max((len(line) for line in lines), default=0) * CHAR * size


def _item_labels(items: Sequence[ItemRef]) -> list[tuple[str, ...]]:
    return [tuple(item_label(i, t).split("\n")) for i, t in items]


def _rows(labels: Sequence[tuple[str, ...]], top: float) -> tuple[float, ...]:
    """The top of each row (a row grows with its label's lines), then the bottom."""
    edges = [top]
    for lines in labels:
        edges.append(edges[-1] + max(ROW, LINE * len(lines) + 10))
    return tuple(edges)


def _row_labels(
    items: Sequence[ItemRef], labels: Sequence[tuple[str, ...]], rows: Sequence[float]
) -> list[Label]:
    out = []
    for (item_id, title), lines, top, bottom in zip(items, labels, rows, rows[1:], strict=False):
        first = (top + bottom) / 2 - LINE * (len(lines) - 1) / 2 + FONT * 0.35
        full = f"{item_id}  {title}".strip()
        out.append(Label(PAD, first, lines, full=full if " ".join(lines) != full else ""))
    return out


def _header(
    x: float, bottom: float, lines: Sequence[str], bold_first: bool, size: int = FONT - 1
) -> list[Label]:
    """A column header whose last line sits just above ``bottom``, centred on ``x``."""
    top = bottom - 6 - LINE * (len(lines) - 1)
    if bold_first and lines:
        head = Label(x, top, (lines[0],), anchor="middle", size=size, bold=True)
        rest = Label(x, top + LINE, tuple(lines[1:]), anchor="middle", size=size)
        return [head, rest] if lines[1:] else [head]
    return [Label(x, top, tuple(lines), anchor="middle", size=size)]


def _shade(ramp: Sequence[str], share: float) -> str:
    if share <= 0:
        return ramp[0]
    return ramp[min(len(ramp) - 1, 1 + int(share * (len(ramp) - 1)))]


@remembered
def level_heatmap(
    items: Sequence[ItemRef],
    levels: Sequence[LevelRef],
    counts: Mapping[str, Mapping[int, int]],
    extra_columns: Mapping[str, Mapping[str, int]] | None = None,
    *,
    title: str = N_("Answers per level"),
    language: str | None = None,
    narrow: bool = False,
) -> str:
    """Items as rows, levels then the extra columns (e.g. "Don't know") as columns.

    Each cell shows how many people gave that answer, shaded by its share of the
    item's answers: levels in blue, answers that are not a level in grey. ``narrow``
    lays it out for a phone: each item's label above its cells, column headers
    written upwards, about 300 px wide.
    """
    t = translator(language)
    title = t.gettext(title)
    extra = dict(extra_columns or {})
    names = [label for _v, label in levels] + list(extra)
    table = [
        [counts.get(item_id, {}).get(v, 0) for v, _ in levels]
        + [extra[name].get(item_id, 0) for name in extra]
        for item_id, _ in items
    ]
    if not items or not any(any(row) for row in table):
        return no_data_svg(title, language=language)
    values = [str(v) for v, _label in levels] + [""] * len(extra)
    grid = _narrow_grid(items, names, values) if narrow else _wide_grid(items, names, values)
    cells = []
    for (item_id, _title), counted, (top, bottom) in zip(items, table, grid.rows, strict=True):
        total = sum(counted)
        for col, value in enumerate(counted):
            ramp = RAMP if col < len(levels) else EXTRA_RAMP
            shade = _shade(ramp, value / total if total else 0.0)
            x = grid.column_x(col, len(levels))
            count = None
            if value:
                colour = "#ffffff" if ramp.index(shade) >= 3 else INK
                middle = (top + bottom) / 2 + 5
                number = (t.format_number(value),)
                count = Label(x + grid.cell / 2, middle, number, "middle", colour, FONT + 1, True)
            what = f"{item_id}: {names[col]}: {t.format_number(value)}"
            cells.append(Cell(x, top, grid.cell, bottom - top, shade, count, what))
    return _svg(
        Chart(
            kind="heatmap",
            title=title,
            desc=t.gettext(HEATMAP_DESC),
            width=grid.column_x(len(names) - 1, len(levels)) + grid.cell + PAD,
            height=grid.rows[-1][1] + PAD,
            ident=_ident("heatmap", narrow, title, items, levels, table, names),
            labels=grid.labels,
            cells=tuple(cells),
        )
    )


@dataclass(frozen=True)
class _Grid:
    """Where a heat map's cells go: the left edge of its columns and each row's span."""

    left: float
    cell: float
    rows: tuple[tuple[float, float], ...]
    labels: tuple[Label, ...]

    def column_x(self, col: int, levels: int) -> float:
        return self.left + col * self.cell + (SPLIT if col >= levels else 0)


def _wide_grid(items: Sequence[ItemRef], names: Sequence[str], values: Sequence[str]) -> _Grid:
    """Item labels on the left of their row; column headers above, across."""
    headers = [
        [value, *textwrap.wrap(name, HEADER_WIDTH, break_long_words=False)[:3]]
        if value
        else textwrap.wrap(name, 12, break_long_words=False)[:3]
        for name, value in zip(names, values, strict=True)
    ]
    labels = _item_labels(items)
    header = PAD + LINE * max(len(lines) for lines in headers) + 8
    edges = _rows(labels, header)
    grid = _Grid(PAD + max(_text_width(lines) for lines in labels) + PAD, CELL, (), ())
    out = _row_labels(items, labels, edges)
    levels = sum(1 for value in values if value)
    for col, (lines, value) in enumerate(zip(headers, values, strict=True)):
        x = grid.column_x(col, levels) + CELL / 2
        out += _header(x, header, lines, bold_first=bool(value))
    return _Grid(grid.left, CELL, tuple(itertools.pairwise(edges)), tuple(out))


NARROW_CELL = 40
NARROW_LABEL = 36
"""Characters per line of an item label above its row, in the narrow layout."""


def _upright_headers(
    middles: Sequence[float], names: Sequence[str], values: Sequence[str], top: float
) -> tuple[list[Label], float]:
    """Narrow columns' headers: each name written upwards above its value; the labels
    and the bottom of the headers."""
    size = FONT - 1
    headers = [textwrap.wrap(name, 14, break_long_words=False)[:2] or [name] for name in names]
    bottom = top + max(_text_width(lines, size) for lines in headers) + 8 + LINE
    out: list[Label] = []
    for middle, lines, value in zip(middles, headers, values, strict=True):
        if value:
            out.append(Label(middle, bottom - 4, (value,), "middle", size=size, bold=True))
        first = middle + 4 - LINE * (len(lines) - 1) / 2
        for k, line in enumerate(lines):
            out.append(Label(first + k * LINE, bottom - LINE - 2, (line,), size=size, upright=True))
    return out, bottom


def _narrow_grid(items: Sequence[ItemRef], names: Sequence[str], values: Sequence[str]) -> _Grid:
    """Each item's label on its own lines above its cells; headers written upwards."""
    grid = _Grid(PAD, NARROW_CELL, (), ())
    levels = sum(1 for value in values if value)
    middles = [grid.column_x(col, levels) + NARROW_CELL / 2 for col in range(len(names))]
    out, bottom = _upright_headers(middles, names, values, PAD)
    labels, rows = _stacked(items, bottom + 6)
    return _Grid(PAD, NARROW_CELL, rows, (*out, *labels))


def _stacked(
    items: Sequence[ItemRef], top: float
) -> tuple[tuple[Label, ...], tuple[tuple[float, float], ...]]:
    """The narrow layout's rows from ``top`` down: each item's label on its own lines, its
    row (top, bottom) of cells or marks just below."""
    labels: list[Label] = []
    rows: list[tuple[float, float]] = []
    for item_id, title in items:
        label = tuple(item_label(item_id, title, NARROW_LABEL).split("\n"))
        labels.append(Label(PAD, top + FONT, label))
        row = top + LINE * len(label) + 4
        rows.append((row, row + 30))
        top = row + 30 + 8
    return tuple(labels), tuple(rows)


@dataclass(frozen=True)
class _Axis:
    """The levels across a dot plot or gap chart, below a legend, and a band per item."""

    left: float
    step: float
    values: tuple[int, ...]
    bands: tuple[tuple[float, float], ...]
    labels: tuple[Label, ...]
    lines: tuple[Line, ...]

    def x(self, value: float) -> float:
        return self.left + (value - self.values[0] + 0.5) * self.step

    @property
    def right(self) -> float:
        return self.left + len(self.values) * self.step

    @property
    def bottom(self) -> float:
        return self.bands[-1][1] if self.bands else 0.0


NARROW_STEP = 56
"""Width of one level in the narrow layout of a dot plot or gap chart."""


def _axis(items: Sequence[ItemRef], levels: Sequence[LevelRef], top: float, narrow: bool) -> _Axis:
    """Item labels left of their band (or above it when ``narrow``); level headers above."""
    values = tuple(v for v, _ in levels) or (0, 1)
    headers = [
        [str(v), *textwrap.wrap(label, HEADER_WIDTH, break_long_words=False)[:3]]
        for v, label in levels
    ]
    header = top + LINE * max((len(lines) for lines in headers), default=1) + 8
    if narrow:
        axis = _Axis(PAD, NARROW_STEP, values, (), (), ())
        out, header = _upright_headers(
            [axis.x(v) for v, _label in levels],
            [label for _v, label in levels],
            [str(v) for v, _label in levels],
            top,
        )
        item_labels, bands = _stacked(items, header + 4)
        out.extend(item_labels)
    else:
        labels = _item_labels(items)
        edges = _rows(labels, header)
        left = PAD + max(_text_width(lines) for lines in labels) + PAD
        axis = _Axis(left, STEP, values, (), (), ())
        out = _row_labels(items, labels, edges)
        bands = tuple(itertools.pairwise(edges))
    for (value, _label), lines in zip(levels, [] if narrow else headers, strict=False):
        out += _header(axis.x(value), header, lines, bold_first=True)
    start = axis.left if narrow else PAD
    rules = [Line(start, bottom, axis.right, bottom, RULE) for _top, bottom in bands[:-1]]
    if bands:
        rules.append(Line(axis.left, bands[-1][1], axis.right, bands[-1][1], GRID))
    grid = [
        Line(axis.x(v), top_ if narrow else header, axis.x(v), bottom, GRID)
        for v in values
        for top_, bottom in (bands if narrow else [(header, bands[-1][1] if bands else header)])
    ]
    return _Axis(axis.left, axis.step, values, tuple(bands), tuple(out), tuple(rules + grid))


def _legend(entries: Sequence[tuple[Mark | Line, str]]) -> tuple[Key, ...]:
    """Entries side by side along the top, each a mark and its name."""
    keys, x, y = [], float(PAD), PAD + 10.0
    for mark, name in entries:
        placed: Mark | Line
        if isinstance(mark, Mark):
            placed = Mark(mark.shape, x + 6, y, mark.size, mark.fill, mark.stroke)
        else:
            placed = Line(x + 6, y - 7, x + 6, y + 7, mark.colour, mark.width)
        keys.append(Key(placed, Label(x + 18, y + 4, (name,), size=FONT - 1)))
        x += 18 + _text_width([name], FONT - 1) + 20
    return tuple(keys)


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _level_names(levels: Sequence[LevelRef]) -> dict[float, str]:
    return {float(v): label for v, label in levels}


def _describe(t: Translator, names: Mapping[float, str], value: float) -> str:
    return names.get(value) or t.format_number(value, 1)


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
    narrow: bool = False,
) -> str:
    """One row per item, a dot per person's level (jittered so equal answers stay
    visible), the median as a dark bar, and optionally one highlighted answer.
    ``narrow`` puts each item's label above its row, for a phone."""
    marked = dict(highlight or {})
    t = translator(language)
    title = t.gettext(title)
    if not items or not any(points.get(item_id) for item_id, _item in items):
        return no_data_svg(title, language=language)
    names = _level_names(levels)
    mine = t.gettext(highlight_label)
    axis = _axis(items, levels, PAD + 26, narrow)
    marks, lines = [], list(axis.lines)
    for (item_id, _title), (top, bottom) in zip(items, axis.bands, strict=True):
        values = list(points.get(item_id, ()))
        middle, half = (top + bottom) / 2, (bottom - top) / 2
        jitter = random.Random(item_id)  # noqa: S311 - layout only, stable per item
        for value in values:
            x = axis.x(value + jitter.uniform(-0.12, 0.12))
            y = middle + jitter.uniform(-0.5, 0.5) * half
            what = f"{item_id}: {_describe(t, names, value)}"
            marks.append(Mark("circle", x, y, 5, BLUE, opacity=0.7, what=what))
        if values:
            median = axis.x(_median(values))
            lines.append(Line(median, middle - half * 0.8, median, middle + half * 0.8, INK, 3))
        if item_id in marked:
            what = f"{item_id}: {mine}"
            marks.append(
                Mark("diamond", axis.x(marked[item_id]), middle, 8, "none", ORANGE, 1, what)
            )
    entries: list[tuple[Mark | Line, str]] = [
        (Mark("circle", 0, 0, 5, BLUE), t.gettext("One person")),
        (Line(0, 0, 0, 0, INK, 3), t.gettext("Median")),
    ]
    if marked:
        entries.append((Mark("diamond", 0, 0, 7, "none", ORANGE), mine))
    return _svg(
        Chart(
            kind="dots",
            title=title,
            desc=t.gettext(DOTS_DESC),
            width=axis.right + PAD,
            height=axis.bottom + PAD,
            ident=_ident("dots", narrow, title, items, levels, dict(points), marked),
            labels=axis.labels,
            lines=tuple(lines),
            marks=tuple(marks),
            keys=_legend(entries),
        )
    )


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
    narrow: bool = False,
) -> str:
    """A dumbbell per item: ``a`` (blue circle) and ``b`` (orange square) joined by
    a line, so the gap between two roles or two rounds reads at a glance. ``narrow``
    puts each item's label above its row, for a phone."""
    t = translator(language)
    title = title or t.gettext("{a} and {b} per item").format(a=a_label, b=b_label)
    if not items or all(a.get(i) is None and b.get(i) is None for i, _item in items):
        return no_data_svg(title, language=language)
    names = _level_names(levels)
    axis = _axis(items, levels, PAD + 26, narrow)
    marks, lines, labels = [], list(axis.lines), list(axis.labels)
    for (item_id, _title), (top, bottom) in zip(items, axis.bands, strict=True):
        left, right = a.get(item_id), b.get(item_id)
        middle = (top + bottom) / 2
        if left is not None and right is not None:
            lines.append(Line(axis.x(left), middle, axis.x(right), middle, MUTED, 2.5))
        # Where both sides agree, a larger ring of ``a`` stays visible around ``b``.
        if left is not None:
            size = 9 if left == right else 6
            what = f"{item_id}: {a_label}: {_describe(t, names, left)}"
            marks.append(Mark("circle", axis.x(left), middle, size, BLUE, what=what))
        if right is not None:
            what = f"{item_id}: {b_label}: {_describe(t, names, right)}"
            marks.append(Mark("square", axis.x(right), middle, 5, ORANGE, what=what))
        if left is None and right is None:
            x = axis.x(axis.values[0]) - axis.step / 2 + 6
            labels.append(
                Label(x, middle + 4, (t.gettext("no answers"),), colour=MUTED, italic=True)
            )
    entries: list[tuple[Mark | Line, str]] = [
        (Mark("circle", 0, 0, 6, BLUE), a_label),
        (Mark("square", 0, 0, 5, ORANGE), b_label),
    ]
    return _svg(
        Chart(
            kind="gap",
            title=title,
            desc=t.gettext(GAP_DESC).format(a=a_label, b=b_label),
            width=axis.right + PAD,
            height=axis.bottom + PAD,
            ident=_ident("gap", narrow, title, items, levels, dict(a), dict(b)),
            labels=tuple(labels),
            lines=tuple(lines),
            marks=tuple(marks),
            keys=_legend(entries),
        )
    )
