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
    AgreedItem,
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
SECTIONS = ["facts", "agreed", "standing", "disputed", "roles", "rounds", "plan", "without-actions"]


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
        agreed=(
            AgreedItem(
                "mini/01",
                "3 · Embedded",
                f"The forum meets monthly {text}",
                f"Minutes {text}",
                revisit=True,
            ),
            AgreedItem("mini/02", "Not agreed yet"),
        ),
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
        "4 May 2026",
        "3 · Embedded",
        "Convene the forum",
        "In progress",
        "2026-12-01",
        "Forum never met",
    ]:
        assert expected in page, expected
    # The outcome first: what the group agreed comes before how people answered.
    assert page.index('id="agreed"') < page.index('id="standing"') < page.index('id="disputed"')
    agreed = page.split('id="agreed"')[1].split("</section>")[0]
    for expected in ["3 · Embedded", "The forum meets monthly", "Minutes", "Not agreed yet"]:
        assert expected in agreed, expected
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
    # the only <svg> elements are the five charts (a group nobody answered says so), each
    # in its wide and its narrow layout
    classes = [a.get("class") for t, a in tags if t == "svg"]
    five = ["ic-chart", "ic-chart ic-chart-empty", "ic-chart", "ic-chart", "ic-chart"]
    assert classes == [name for name in five for _layout in ("wide", "narrow")]


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
    # one heat map per group, the disputed dot plot, mentor vs mentee, rounds; each in
    # its wide and its narrow layout
    assert charts == 2 * (len(context.framework.groups) + 3)
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


# --- the report of a session in a real store ------------------------------------------


def _seeded_mini(tmp_path, framework, text: str):
    """A baseline and a follow-up of four people on the mini framework, ``text`` typed
    into every field a person fills in."""
    from inclusion_widgets.edits import AgreedEdit
    from inclusion_widgets.records import Answer, AnswerKind
    from inclusion_widgets.store import Store
    from inclusion_widgets.store.models import Recorder

    store = Store(f"sqlite:///{tmp_path / 'report.sqlite'}")
    info, key = store.create_session(framework, f"Workshop {text}", f"Riga {text}", "Θεσσαλονίκη")
    followup, followup_key = store.create_followup(info.code, key, f"Follow-up {text}")
    people = [(f"Ilze {text}", "Riga", "mentor"), ("Jon", "Θεσσαλονίκη", "mentee"),
              ("Eleni", "Θεσσαλονίκη", "mentee"), ("Ana", "Riga", "partner")]  # fmt: skip
    for code, levels in ((info.code, (0, 1, 2, 3)), (followup.code, (1, 1, 3, 3))):
        for (name, city, role), level in zip(people, levels, strict=True):
            person, _ = store.join(code, name, city, f"Org {text}", role)
            note = f"Note of {name}: {text}" if level != 1 else ""
            store.save_answer(code, person.id, Answer("mini/01", AnswerKind.LEVEL, level, note))
            kind = AnswerKind.DONT_KNOW if role == "partner" else AnswerKind.NOT_APPLICABLE
            store.save_answer(code, person.id, Answer("mini/02", kind, priority=True))
    store.save_action(
        followup.code,
        store.participants(followup.code)[0].id,
        Action("a1", f"Convene {text}", f"Monthly {text}", ("mini/01",), owner=f"Ilze {text}"),
    )
    store.save_agreed(
        followup.code,
        Recorder(key=followup_key),
        AgreedEdit(
            "mini/01",
            {"kind": "level", "level": 2, "reasoning": f"Half the services{text}", "revisit": True},
            0,
            datetime.now(UTC),
        ),
    )
    return store, info.code, followup.code


def test_report_context_holds_the_sessions_figures(tmp_path, mini_framework):
    from inclusion_widgets.report import report_context

    store, baseline, followup = _seeded_mini(tmp_path, mini_framework, "")
    context = report_context(store, followup)
    assert context.session.code == followup
    assert (context.session.round, context.session.baseline_code) == ("Follow-up", baseline)
    assert [(r.role, r.count) for r in context.participants] == [
        ("mentor", 1), ("mentee", 2), ("partner", 1)
    ]  # fmt: skip
    first, second, third = context.figures
    assert (dict(first.level_counts), first.median, first.priority) == ({1: 2, 3: 2}, 2.0, 0)
    assert (second.dont_know, second.not_applicable, second.priority) == (1, 3, 4)
    assert (third.answered, third.median, third.spread) == (0, None, None)
    (disputed,) = context.disputed
    assert disputed.item_id == "mini/01"
    assert [(n.author, n.answer) for n in disputed.notes] == [
        ("Eleni", "3 · Embedded"), ("Ana", "3 · Embedded")
    ]  # fmt: skip
    assert context.roles is not None
    assert (context.roles.a_label, context.roles.b_label) == (
        "Mentor (Riga)",
        "Mentee (Θεσσαλονίκη)",
    )
    assert (context.roles.rows[0].a, context.roles.rows[0].b) == (1.0, 2.0)
    assert context.rounds is not None
    row = context.rounds.rows[0]
    assert (row.a, row.b, row.a_count, row.b_count) == (1.5, 2.0, 4, 4)
    assert row.moved == ("Eleni: 2 → 3", "Ilze: 0 → 1")  # largest move first, then by name
    assert [a.title for a in context.actions] == ["Convene "]
    assert [(a.item_id, a.agreed, a.reasoning, a.revisit) for a in context.agreed] == [
        ("mini/01", "2 · In progress", "Half the services", True),
        ("mini/02", "Not agreed yet", "", False),
        ("mini/03", "Not agreed yet", "", False),
    ]
    assert report_context(store, baseline).rounds is None


@pytest.mark.parametrize("payload", HOSTILE)
def test_a_stored_sessions_report_escapes_what_people_typed(tmp_path, mini_framework, payload):
    from inclusion_widgets.report import write_report

    store, _, followup = _seeded_mini(tmp_path, mini_framework, payload)
    path = write_report(store, followup, tmp_path / "out")
    assert path == tmp_path / "out" / f"{followup}-report.html"
    page = path.read_text(encoding="utf-8")
    assert payload not in page
    assert page.count(str(escape(payload))) >= 8  # title, city, note, move, action, owner...
    tags = tags_of(page)
    assert "script" not in {tag for tag, _ in tags} and "img" not in {tag for tag, _ in tags}
    assert [name for _, attrs in tags for name in attrs if name.startswith("on")] == []


def test_the_report_shows_the_group_plan_right_after_what_was_agreed(tmp_path, mini_framework):
    from inclusion_widgets.report.build import report_html
    from inclusion_widgets.store import Store
    from tests.test_exchange_plan import _planned_workshop

    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    code, _ = _planned_workshop(store, mini_framework)
    html = report_html(store, code)
    agreed, plan, standing = (
        html.index(f'<section id="{s}">') for s in ("agreed", "group-plan", "standing")
    )
    assert agreed < plan < standing
    section = html[plan:standing]
    assert "Proposed by Ana, Bo" in section and "In progress" in section
    assert '<td class="num">1</td>' in section  # Ana's vote on a draft it was built from
    french = report_html(store, code, "fr")
    assert "Le plan du groupe" in french and "Proposé par Ana, Bo" in french


def test_the_reports_rounds_follow_the_pairs_the_facilitator_made(tmp_path, mini_framework):
    from inclusion_widgets.records import Answer, AnswerKind
    from inclusion_widgets.report import report_context
    from inclusion_widgets.store import Store

    store = Store(f"sqlite:///{tmp_path / 'pairs.sqlite'}")
    info, key = store.create_session(mini_framework, "Workshop", "Riga", "Larissa")
    followup, followup_key = store.create_followup(info.code, key, "Six months later")
    before, _ = store.join(info.code, "Jon", "Larissa")
    after, _ = store.join(followup.code, "Ioannis Papas", "Larissa")
    store.save_answer(info.code, before.id, Answer("mini/01", AnswerKind.LEVEL, 0))
    store.save_answer(followup.code, after.id, Answer("mini/01", AnswerKind.LEVEL, 2))
    assert report_context(store, followup.code).rounds.rows[0].moved == ()
    store.pair_across_rounds(followup.code, followup_key, before.id, after.id)
    moved = report_context(store, followup.code).rounds.rows[0].moved
    assert len(moved) == 1 and moved[0].endswith(": 0 → 2")


def test_the_reports_rounds_compare_what_each_round_agreed_and_the_baseline_plan(
    tmp_path, mini_framework
):
    from inclusion_widgets.edits import AgreedEdit, PlanEdit
    from inclusion_widgets.report.build import report_html
    from inclusion_widgets.store import Store
    from inclusion_widgets.store.models import Recorder

    store = Store(f"sqlite:///{tmp_path / 'rounds.sqlite'}")
    info, key = store.create_session(mini_framework, "Workshop", "Riga", "Larissa")
    followup, followup_key = store.create_followup(info.code, key, "Six months later")
    now = datetime.now(UTC)
    for code, code_key, level, why in (
        (info.code, key, 1, "Only a plan on paper"),
        (followup.code, followup_key, 3, "The forum meets <every> month"),
    ):
        agreed = {"kind": "level", "level": level, "reasoning": why}
        store.save_agreed(code, Recorder(key=code_key), AgreedEdit("mini/01", agreed, 0, now))
    ana, _ = store.join(info.code, "Ana", "Riga")
    store.save_action(info.code, ana.id, Action("a1", "Open a welcome desk"))
    facilitator = Recorder(key=key)
    planned = store.take_into_plan(info.code, facilitator, [(ana.id, "a1")]).record
    store.save_plan(info.code, facilitator, PlanEdit(planned.id, {"status": "in_progress"}, 1, now))
    html = report_html(store, followup.code)
    rounds = html[html.index('<section id="rounds">') : html.index('<section id="plan">')]
    assert "Only a plan on paper" in rounds
    assert "The forum meets &lt;every&gt; month" in rounds
    assert "1 · " in rounds and "3 · " in rounds and "+2" in rounds
    assert "Open a welcome desk" in rounds and "In progress" in rounds
    french = report_html(store, followup.code, "fr")
    rounds = french[french.index('<section id="rounds">') : french.index('<section id="plan">')]
    assert "Ce que le groupe a convenu" in rounds and "En cours" in rounds


class TableBoxes(HTMLParser):
    """For each table, the classes of the element it sits in."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.parents: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.parents.append(self.open[-1])
        if tag not in ("br", "img", "meta", "link", "col", "input", "hr"):
            self.open.append(dict(attrs).get("class") or tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("br", "img", "meta", "link", "col", "input", "hr") and self.open:
            self.open.pop()


def test_every_table_scrolls_in_its_own_box_so_a_phone_never_scrolls_the_page(mini_framework):
    boxes = TableBoxes()
    boxes.feed(render_report(mini_context(mini_framework)))
    assert len(boxes.parents) >= 5
    assert set(boxes.parents) == {"table-scroll"}
