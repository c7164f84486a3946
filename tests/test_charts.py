"""Charts: valid, self-contained SVG that escapes its text and loads lazily."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from inclusion_widgets import charts

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture
def chart_inputs(mini_framework):
    items = [(item.id, item.title) for item in mini_framework.items]
    scale = mini_framework.get_scale()
    levels = [(level.value, level.label) for level in scale.levels]
    return items, levels


def parse(svg: str) -> ET.Element:
    assert not svg.startswith("<?xml"), "the XML prolog must be stripped for inlining"
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def texts(root: ET.Element) -> str:
    """The text a person sees on the chart, one line per line drawn."""
    return "\n".join("".join(node.itertext()) for node in root.iter(f"{SVG}text"))


def seen(root: ET.Element) -> str:
    """The chart's text as one line (a label wrapped over two lines reads as one)."""
    return " ".join(texts(root).split())


def test_heatmap_is_svg_with_ids_levels_and_extra_columns(chart_inputs):
    items, levels = chart_inputs
    svg = charts.level_heatmap(
        items,
        levels,
        {"mini/01": {0: 1, 2: 3}, "mini/03": {3: 2}},
        {"Don't know": {"mini/02": 4}, "N/A": {}},
        title="Where the group stands",
    )
    root = parse(svg)
    shown = texts(root)
    for item_id, _ in items:
        assert item_id in shown
    for _, label in levels:
        assert label in seen(root)
    assert "Don't know" in shown and "N/A" in shown
    assert "Ελληνικά" in shown and "latviešu" in shown
    # counts in cells; an empty cell shows nothing rather than a zero
    cell_numbers = [t for t in shown.split("\n") if t.isdigit()]
    assert sorted(cell_numbers) == ["0", "1", "1", "2", "2", "3", "3", "4"]


def test_every_chart_has_an_accessible_name_and_description(chart_inputs):
    items, levels = chart_inputs
    svg = charts.dot_plot(items, levels, {"mini/01": [1, 2]}, title="Spread of answers")
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Spread of answers"
    assert root.find(f"{SVG}title").text == "Spread of answers"
    desc = root.find(f"{SVG}desc")
    assert desc is not None and root.get("aria-describedby") == desc.get("id")
    assert "each dot is one person's level" in desc.text
    heatmap = parse(charts.level_heatmap(items, levels, {"mini/01": {1: 2}}, {}, language="fr"))
    assert "chaque case" in heatmap.find(f"{SVG}desc").text


def test_each_heat_map_cell_names_its_item_answer_and_count(chart_inputs):
    items, levels = chart_inputs
    root = parse(charts.level_heatmap(items, levels, {"mini/01": {2: 3}}, {"Don't know": {}}))
    tips = [node.text for node in root.iter(f"{SVG}title")][1:]
    assert "mini/01: In progress: 3" in tips and "mini/02: Don't know: 0" in tips


def test_a_narrow_heat_map_fits_a_phone_and_shows_everything(chart_inputs):
    items, levels = chart_inputs
    items = [*items, ("mini/04", "A title long enough to wrap over two lines on a phone")]
    counts = {"mini/01": {0: 1, 2: 3}, "mini/04": {3: 12}}
    svg = charts.level_heatmap(items, levels, counts, {"Don't know": {"mini/02": 4}}, narrow=True)
    root = parse(svg)
    assert float(root.get("width")) <= 300
    for item_id, _title in items:
        assert item_id in texts(root)
    assert "wrap over two lines" in seen(root)
    assert {"1", "3", "4", "12"} <= set(texts(root).split("\n"))
    assert "Don't know" in texts(root) and "In progress" in texts(root)


def test_dot_plot_marks_median_and_highlight(chart_inputs):
    items, levels = chart_inputs
    svg = charts.dot_plot(
        items,
        levels,
        {"mini/01": [0, 1, 3], "mini/02": [2]},
        {"mini/01": 3},
        highlight_label="Mine",
    )
    shown = texts(parse(svg))
    assert "Median" in shown and "Mine" in shown and "One person" in shown
    assert "mini/02" in shown


def test_gap_chart_names_both_sides(chart_inputs):
    items, levels = chart_inputs
    svg = charts.gap_chart(
        items, levels, {"mini/01": 1.0, "mini/02": None}, {"mini/01": 2.5}, "Mentor", "Mentee"
    )
    root = parse(svg)
    shown = texts(root)
    assert "Mentor" in shown and "Mentee" in shown
    assert "no answers" in shown  # mini/02 and mini/03 have no figure on either side
    assert root.get("aria-label") == "Mentor and Mentee per item"


def test_hostile_titles_are_escaped_text_never_elements(chart_inputs):
    _, levels = chart_inputs
    items = [("x/1", HOSTILE), ("x/2", '"><svg onload=alert(1)>'), ("x/3", "$a$ & $b$")]
    builders = [
        lambda: charts.level_heatmap(items, levels, {"x/1": {1: 1}, "x/2": {2: 1}}, {}),
        lambda: charts.dot_plot(items, levels, {"x/1": [1], "x/2": [2]}, title=HOSTILE),
        lambda: charts.gap_chart(items, levels, {"x/1": 1}, {"x/2": 2}, HOSTILE, "b"),
    ]
    for build in builders:
        svg = build()
        root = parse(svg)
        assert "<script" not in svg
        assert "&lt;script&gt;" in svg
        assert "<svg onload" not in svg
        tags = {node.tag.removeprefix(SVG) for node in root.iter()}
        assert "script" not in tags
        assert HOSTILE in texts(root) or HOSTILE in (root.get("aria-label") or "")
    # dollar signs and ampersands stay characters
    heatmap = charts.level_heatmap(items, levels, {"x/3": {0: 1}}, {})
    assert "$a$ &amp; $b$" in heatmap and "x/3  $a$ & $b$" in texts(parse(heatmap))


def test_long_titles_are_wrapped_and_keep_the_id():
    label = charts.item_label("oecd-12/09", "word " * 60)
    lines = label.split("\n")
    assert lines[0].startswith("oecd-12/09")
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(len(line) <= charts.LABEL_WIDTH for line in lines)


def test_height_grows_with_the_number_of_items(chart_inputs):
    _, levels = chart_inputs

    def height(n: int) -> float:
        items = [(f"i/{k}", f"Item {k}") for k in range(n)]
        svg = charts.level_heatmap(items, levels, {"i/0": {1: 1}}, {})
        return float(parse(svg).get("height").removesuffix("pt"))

    assert height(12) > height(3) * 2


@pytest.mark.parametrize(
    "build",
    [
        lambda i, lv: charts.level_heatmap(i, lv, {}, {"Don't know": {}}),
        lambda i, lv: charts.dot_plot(i, lv, {"mini/01": []}),
        lambda i, lv: charts.gap_chart(i, lv, {}, {"mini/01": None}, "a", "b"),
        lambda i, lv: charts.level_heatmap([], lv, {"mini/01": {1: 1}}, {}),
    ],
)
def test_no_data_gives_a_small_svg_saying_so(chart_inputs, build):
    items, levels = chart_inputs
    svg = build(items, levels)
    root = parse(svg)
    assert texts(root) == charts.NO_DATA_TEXT
    assert float(root.get("height")) < 100


def test_charts_in_one_page_do_not_share_ids(chart_inputs):
    items, levels = chart_inputs
    first = charts.dot_plot(items, levels, {"mini/01": [1]})
    second = charts.dot_plot(items, levels, {"mini/01": [2]})

    def refs(svg: str) -> set[str]:
        return {n.get("id") for n in parse(svg).iter() if n.get("id")}

    assert refs(first) and not refs(first) & refs(second)
    assert charts.dot_plot(items, levels, {"mini/01": [1]}) == first  # same input, same bytes


def test_charts_are_drawn_without_matplotlib():
    code = (
        "import sys\n"
        "from inclusion_widgets import charts\n"
        "items, levels = [('a/1', 'One')], [(0, 'None'), (1, 'Some')]\n"
        "charts.level_heatmap(items, levels, {'a/1': {1: 2}}, {'N/A': {}})\n"
        "charts.dot_plot(items, levels, {'a/1': [0, 1]})\n"
        "charts.gap_chart(items, levels, {'a/1': 0}, {'a/1': 1}, 'x', 'y')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_package_and_frameworks_import_without_matplotlib():
    code = (
        "import sys, inclusion_widgets, inclusion_widgets.frameworks, inclusion_widgets.charts\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'pandas')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_chart_with_the_same_inputs_is_not_drawn_again(chart_inputs):
    from inclusion_widgets.chart_cache import cache_info

    items, levels = chart_inputs
    a = {item_id: 1.0 for item_id, _title in items}
    before = cache_info()
    first = charts.gap_chart(items, levels, a, {}, "Mentor", "Mentee", language="en")
    again = charts.gap_chart(items, levels, a, {}, "Mentor", "Mentee", language="en")
    other = charts.gap_chart(items, levels, a, {}, "Mentor", "Mentee", language="fr")
    after = cache_info()
    assert again == first and other != first
    assert (after.hits - before.hits, after.misses - before.misses) == (1, 2)


def test_narrow_dot_plots_and_gap_charts_fit_a_phone_and_keep_every_label(chart_inputs):
    items, levels = chart_inputs
    built = [
        charts.dot_plot(items, levels, {"mini/01": [0, 3]}, {"mini/01": 3}, narrow=True),
        charts.gap_chart(items, levels, {"mini/01": 1.0}, {"mini/01": 2.5}, "A", "B", narrow=True),
    ]
    for svg in built:
        root = parse(svg)
        assert float(root.get("width")) <= 300
        assert all(item_id in texts(root) for item_id, _title in items)
        assert all(label in seen(root) for _value, label in levels)
    layouts = charts.layouts(charts.gap_chart, items, levels, {"mini/01": 1}, {}, "A", "B")
    assert layouts.wide != layouts.narrow and float(parse(layouts.wide).get("width")) > 300
