"""The room's screen (the presenter view): what the facilitator chose to show the room,
in large type and high contrast, readable from the back of a room on a projector.

Pure markup from the autoescaped Jinja template ``templates/room.html.jinja``: names
and notes people typed are always escaped. Nothing private reaches it: no key, no
resume token, no control over the session.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import ipywidgets as w
import jinja2
import segno

from inclusion_widgets.frameworks import Framework
from inclusion_widgets.i18n import SOURCE_LANGUAGE, normalize, translator
from inclusion_widgets.records import AgreedResult, AnswerKind

ROOM_CSS = """
.ic-room-app { max-width: none; padding: 0 1.2rem 1rem; background: #ffffff; color: #111820; }
.ic-room-top { display: flex; justify-content: flex-end; }
.ic-room-app .ic-room { line-height: 1.3; font-size: clamp(17px, 1.75vw, 38px); color: #111820; }
.ic-room h1, .ic-room h2, .ic-room p { margin: 0; }
.ic-room-welcome { display: flex; gap: 2.5rem; align-items: center; justify-content: center;
  flex-wrap: wrap; min-height: 70vh; }
.ic-room-welcome .ic-room-join { flex: 1 1 22rem; max-width: 42rem; display: flex;
  flex-direction: column; gap: 1rem; }
.ic-room-title { font-size: 1.6em; font-weight: 700; }
.ic-room-lead { font-size: 1.15em; }
.ic-room-code { font-family: ui-monospace, monospace; font-size: 3.4em; font-weight: 800;
  letter-spacing: 0.08em; color: #0b3b5e; white-space: nowrap; }
.ic-room-address { font-family: ui-monospace, monospace; font-size: 1em; color: #111820;
  overflow-wrap: anywhere; word-break: break-all; background: #eef3f8; border-radius: 6px;
  padding: 0.4rem 0.6rem; }
.ic-room-qr { flex: 0 0 auto; width: min(62vh, 88vw); background: #ffffff; }
.ic-room-qr svg { width: 100%; height: auto; display: block; }
.ic-room-item { display: flex; flex-direction: column; gap: 0.7rem; }
.ic-room-number { font-size: 0.95em; color: #3c4a59; font-weight: 600; }
.ic-room-item h2 { font-size: 2.1em; font-weight: 750; line-height: 1.15; }
.ic-room-columns { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
  gap: 1.4rem; align-items: start; }
.ic-room-bars { display: flex; flex-direction: column; gap: 0.35rem; }
.ic-room-bar { display: grid; grid-template-columns: minmax(8em, 14em) minmax(0, 1fr) 2.2em;
  gap: 0.6rem; align-items: center; font-size: 1.05em; }
.ic-room-bar-fill { height: 1.1em; background: #1f5a85; border-radius: 3px; min-width: 2px; }
.ic-room-bar-fill.ic-room-agreed-bar { background: #0d7a3f; }
.ic-room-bar-count { font-weight: 700; text-align: right; }
.ic-room-total { color: #3c4a59; }
.ic-room-agreed { border: 3px solid #0d7a3f; border-radius: 10px; padding: 0.7rem 0.9rem;
  background: #effaf3; }
.ic-room-agreed.ic-room-pending { border-color: #8a96a3; background: #f5f7f9; }
.ic-room-agreed-level { font-size: 1.5em; font-weight: 750; }
.ic-room-agreed p { margin-top: 0.3rem; }
.ic-room-revisit { font-weight: 700; color: #8a4b00; }
.ic-room-notes { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column;
  gap: 0.35rem; font-size: 0.95em; }
.ic-room-notes li { border-left: 4px solid #1f5a85; padding-left: 0.6rem; }
.ic-room-footer { display: flex; gap: 1.5rem; justify-content: space-between; flex-wrap: wrap;
  border-top: 2px solid #d5dde6; margin-top: 1rem; padding-top: 0.4rem; color: #3c4a59;
  font-size: 0.85em; }
.ic-room-footer strong { font-family: ui-monospace, monospace; color: #0b3b5e;
  letter-spacing: 0.06em; }
.ic-room-overview { width: 100%; border-collapse: collapse; font-size: 0.95em; }
.ic-room-overview th, .ic-room-overview td { text-align: left; padding: 0.25rem 0.5rem;
  border-bottom: 1px solid #d5dde6; vertical-align: top; }
.ic-room-overview .ic-room-pending { color: #4f5c6a; font-style: italic; }
.ic-room-empty { font-size: 1.2em; color: #3c4a59; }
.ic-room-votes .ic-room-bar { grid-template-columns: minmax(0, 2fr) minmax(0, 1fr) 2.2em; }
.ic-room-kind { color: #3c4a59; font-size: 0.8em; margin-left: 0.4em; }
@media (max-width: 700px) {
  .ic-room-app { padding: 0 0.5rem 1rem; }
  .ic-room-app .ic-room { font-size: 17px; }
  .ic-room-columns { grid-template-columns: 1fr; }
  .ic-room-code { font-size: 2.2em; }
  .ic-room-item h2 { font-size: 1.5em; }
  .ic-room-bar { grid-template-columns: minmax(6em, 9em) minmax(0, 1fr) 2em; }
  .ic-room-welcome { min-height: 0; gap: 1rem; }
}
"""


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    width: int
    """Percent of the longest bar."""
    agreed: bool = False


@dataclass(frozen=True)
class Note:
    text: str
    who: str = ""
    """"" when names are not shown."""


@dataclass(frozen=True)
class Agreed:
    label: str
    reasoning: str
    revisit: bool


@dataclass(frozen=True)
class ItemShown:
    """One item as the room sees it."""

    number: int
    count: int
    title: str
    bars: tuple[Bar, ...]
    total: int
    agreed: Agreed | None
    notes: tuple[Note, ...] | None = None
    """None when the facilitator does not show notes."""


@dataclass(frozen=True)
class OverviewRow:
    number: int
    title: str
    total: int
    agreed: Agreed | None


@dataclass(frozen=True)
class VoteRow:
    """A gap or a draft action with the votes it has."""

    label: str
    kind: str
    """"Gap" or "Draft action", in the page's language."""
    count: int
    width: int


@dataclass(frozen=True)
class PlanRow:
    """An action of the group's plan as the room sees it."""

    title: str
    owner: str
    due: str
    status: str
    votes: int
    proposed_by: str = ""
    """"" when names are not shown."""


@dataclass(frozen=True)
class Welcome:
    title: str
    code: str
    address: str
    qr: str = field(repr=False)


def qr_code(link: str, title: str) -> str:
    """The QR code of ``link`` as an inline SVG that grows with its box (segno)."""
    svg: str = segno.make(link, error="m").svg_inline(
        omitsize=True, border=4, dark="#000000", light="#ffffff", title=title
    )
    return svg


def agreed_of(framework: Framework, result: AgreedResult | None) -> Agreed | None:
    """What the group agreed in words, or None when not agreed yet."""
    if result is None or not result.is_agreed:
        return None
    scale = framework.scale_for(result.item_id)
    if result.level is not None:
        label = f"{result.level} {scale.level(result.level).label}"
    elif result.kind is AnswerKind.DONT_KNOW:
        label = scale.dont_know_label
    else:
        label = scale.not_applicable_label
    return Agreed(label, result.reasoning, result.revisit)


def item_shown(
    framework: Framework,
    item_id: str,
    counts: Mapping[str, int],
    agreed: AgreedResult | None,
    notes: Sequence[Note] | None,
) -> ItemShown:
    """One item with its distribution (levels, then "don't know" and "not applicable")."""
    order = [item.id for item in framework.items]
    item = framework.items[order.index(item_id)]
    scale = framework.scale_for(item)
    answers = [(str(level.value), f"{level.value} {level.label}") for level in scale.levels]
    answers += [
        (AnswerKind.DONT_KNOW.value, scale.dont_know_label),
        (AnswerKind.NOT_APPLICABLE.value, scale.not_applicable_label),
    ]
    chosen = (
        ""
        if agreed is None or not agreed.is_agreed
        else str(agreed.level)
        if agreed.level is not None
        else agreed.kind.value
    )
    most = max([1, *counts.values()])
    bars = tuple(
        Bar(label, counts.get(key, 0), round(100 * counts.get(key, 0) / most), key == chosen)
        for key, label in answers
    )
    return ItemShown(
        number=order.index(item_id) + 1,
        count=len(order),
        title=item.title,
        bars=bars,
        total=sum(counts.values()),
        agreed=agreed_of(framework, agreed),
        notes=None if notes is None else tuple(notes),
    )


@cache
def _templates(language: str = SOURCE_LANGUAGE) -> Any:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("inclusion_widgets.widgets", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    environment.install_gettext_translations(  # type: ignore[attr-defined]
        translator(language).catalog, newstyle=True
    )
    return environment.get_template("room.html.jinja").module


class RoomScreen(w.HTML):  # type: ignore[misc]
    """The room's screen; each ``show_*`` replaces what it shows."""

    def __init__(self, language: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("ic-room-screen")
        self.language = normalize(language)

    def show_welcome(self, welcome: Welcome) -> None:
        self.value = str(_templates(self.language).welcome(welcome))

    def show_item(self, item: ItemShown, code: str, address: str) -> None:
        self.value = str(_templates(self.language).item(item, code, address))

    def show_overview(
        self, title: str, rows: Sequence[OverviewRow], code: str, address: str
    ) -> None:
        self.value = str(_templates(self.language).overview(title, rows, code, address))

    def show_votes(self, title: str, rows: Sequence[VoteRow], code: str, address: str) -> None:
        self.value = str(_templates(self.language).votes(title, rows, code, address))

    def show_plan(self, title: str, rows: Sequence[PlanRow], code: str, address: str) -> None:
        self.value = str(_templates(self.language).plan(title, rows, code, address))

    def show_message(self, text: str) -> None:
        self.value = str(_templates(self.language).message(text))
