"""The HTML report: complete, escaped, and loading nothing from the network."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pytest
from markupsafe import escape

from inclusion_widgets.records import Action, ActionStatus
from inclusion_widgets.report import (
    Comparison,
    ComparisonRow,
    DisputedItem,
    ItemFigures,
    Note,
    ReportContext,
    RoleCount,
    SessionFacts,
    render_report,
)
from tests.report_sample import sample_context

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
]
SECTIONS = ["facts", "standing", "disputed", "roles", "rounds", "plan", "without-actions"]


class Tags(HTMLParser):
    """Every start tag with its attributes, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(page)
    return parser.tags


def mini_context(framework, text: str = "", **changes) -> ReportContext:
    """A small but complete context; ``text`` is put in every typed field."""
    context = ReportContext(
        framework=framework,
        session=SessionFacts(
            code="MINI-1",
            title=f"Mini workshop {text}",
            held_on=date(2026, 5, 4),
            mentor_city=f"Riga {text}",
            mentee_city="Θεσσαλονίκη",
            theme=f"Housing {text}",
            round="Follow-up",
            baseline_code="MINI-0",
            facilitator=f"Ana {text}",
        ),
        participants=(RoleCount("mentor", 1), RoleCount(f"mentee {text}", 2)),
        figures=(
            ItemFigures("mini/01", {0: 1, 3: 2}, dont_know=1, median=3, spread=1.5, priority=2),
            ItemFigures("mini/02", {1: 1}, not_applicable=1, median=1, spread=0),
            ItemFigures("mini/03"),
        ),
        disputed=(
            DisputedItem(
                "mini/01",
                1.5,
                (
                    Note(f"Ilze {text}", f"Forum never met {text}", "0 · Not started", "mentee"),
                    Note("Jon", "Meets every month", "3 · Embedded", "mentor", f"Riga {text}"),
                ),
            ),
        ),
        roles=Comparison(f"Mentor {text}", "Mentee", (ComparisonRow("mini/01", 3, 0, 1, 1),)),
        rounds=Comparison(
            "Baseline",
            "Follow-up",
            (ComparisonRow("mini/01", 1, 2.5, 3, 3, moved=(f"Ilze {text}: 1 → 2",)),),
        ),
        actions=(
            Action(
                id="a1",
                title=f"Convene the forum {text}",
                description=f"Every quarter {text}",
                items=("mini/01",),
                owner=f"Ilze {text}",
                partners=f"NGO {text}",
                start=date(2026, 6, 1),
                due=date(2026, 12, 1),
                indicator=f"Four meetings {text}",
                status=ActionStatus.IN_PROGRESS,
                impact=3,
                effort=1,
            ),
        ),
        generated_at=datetime(2026, 5, 4, 18, 0, tzinfo=UTC),
    )
    return dataclasses.replace(context, **changes)


def test_report_shows_every_section_and_the_session_facts(mini_framework):
    page = render_report(mini_context(mini_framework))
    ids = {attrs.get("id") for _, attrs in tags_of(page)}
    assert set(SECTIONS) <= ids
    for expected in [
        "Mini workshop",
        "MINI-1",
        "MINI-0",
        "Mini checklist for tests, version 1",
        "Inclusion workbook tests (2026)",
        "Θεσσαλονίκη",
        "Ελληνικά, latviešu, français, español",
        "3:",
        "1 mentor",
        "04 May 2026",
        "3 · Embedded",
        "Convene the forum",
        "In progress",
        "2026-12-01",
        "Forum never met",
    ]:
        assert expected in page, expected
    # mini/02 and mini/03 have no action; mini/01 has one
    without = page.split('id="without-actions"')[1]
    assert "mini/02" in without and "mini/03" in without and "mini/01" not in without


def test_reconstructed_items_and_the_scale_are_declared(mini_framework):
    page = render_report(mini_context(mini_framework))
    footer = page.split("<footer>")[1]
    assert "Reconstructed" in footer and "mini/02" in footer
    assert "2 items follow the wording of the publisher" in footer
    assert "is this project's own design" in footer
    assert "based on</span>" in page.split('id="standing"')[1]


@pytest.mark.parametrize("payload", HOSTILE)
def test_typed_text_is_escaped_everywhere(mini_framework, payload):
    page = render_report(mini_context(mini_framework, payload))
    assert payload not in page
    assert str(escape(payload)) in page  # shown, as text
    tags = tags_of(page)
    names = {tag for tag, _ in tags}
    assert "script" not in names and "img" not in names
    handlers = [name for _, attrs in tags for name in attrs if name.startswith("on")]
    assert handlers == []
    # the only <svg> elements are the five charts (a group nobody answered says so)
    classes = [a.get("class") for t, a in tags if t == "svg"]
    assert classes == ["ic-chart", "ic-chart ic-chart-empty", "ic-chart", "ic-chart", "ic-chart"]


def test_report_loads_nothing_from_the_network(mini_framework):
    page = render_report(sample_context())
    assert "<script" not in page and "<link" not in page and "@import" not in page
    tags = tags_of(page)
    assert not [attrs for _, attrs in tags if "src" in attrs]
    external = [a["href"] for t, a in tags if a.get("href", "#").lstrip().lower()[:1] not in "#"]
    # one plain link to the framework's publisher, never a stylesheet or script
    assert external == ["https://example.org/sample-checklist"]
    assert [t for t, a in tags if a.get("href") in external] == ["a"]
    for url in ("url(http", "url(//", 'href="//', 'xlink:href="http'):
        assert url not in page


def test_a_source_url_that_is_not_http_is_shown_not_linked(mini_framework):
    source = dataclasses.replace(mini_framework.source, url="javascript:alert(1)")
    framework = dataclasses.replace(mini_framework, source=source)
    page = render_report(mini_context(framework))
    assert "javascript:alert(1)" in page
    assert not [a for _, a in tags_of(page) if "javascript" in (a.get("href") or "")]


def test_empty_session_renders_with_plain_sentences(mini_framework):
    context = ReportContext(mini_framework, SessionFacts(code="EMPTY", title="Nobody yet"))
    page = render_report(context)
    assert "No answers yet" in page
    assert "Nothing to compare yet" in page
    assert "no answers from both a mentor and a mentee" in page
    assert "no baseline to compare with" in page
    assert "No action has been planned yet" in page
    assert "none yet" in page
    without = page.split('id="without-actions"')[1]
    assert all(item.id in without for item in mini_framework.items)
    assert "<svg" not in page  # no empty charts, just the sentence


def test_realistic_report_has_well_formed_charts():
    context = sample_context()
    page = render_report(context)
    charts = page.count('<svg class="ic-chart"')
    # one heat map per group, the disputed dot plot, mentor vs mentee, rounds
    assert charts == len(context.framework.groups) + 3
    start = 0
    for _ in range(charts):
        start = page.index('<svg class="ic-chart"', start)
        end = page.index("</svg>", start) + len("</svg>")
        ET.fromstring(page[start:end])
        start = end
    assert "Ελένη Παπαδοπούλου" in page and "Kārlis Liepiņš" in page


def test_an_unknown_item_is_refused_with_a_sentence(mini_framework):
    with pytest.raises(ValueError, match=r"report figures: 'mini/99' is not an item of .*'mini'"):
        mini_context(mini_framework, figures=(ItemFigures("mini/99"),))
