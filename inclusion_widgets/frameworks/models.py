"""Immutable models of a framework: what a checklist is made of.

A framework file (YAML) is turned into these dataclasses by :mod:`.loader`; every
other layer reads them and none writes them. They know nothing of widgets or SQL.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum, StrEnum
from typing import Any


class Provenance(StrEnum):
    """How close a text is to the publisher's own."""

    FOUND = "found"
    PARTLY_FOUND = "partly_found"
    RECONSTRUCTED = "reconstructed"


@dataclass(frozen=True)
class Source:
    """Where a framework or one of its items comes from."""

    publisher: str
    year: int
    title: str = ""
    item: str = ""
    url: str = ""

    def citation(self) -> str:
        """A one-line citation such as ``OECD / European Commission (2018), item 9``."""
        text = f"{self.publisher} ({self.year})"
        if self.title:
            text += f", {self.title}"
        if self.item:
            text += f", {self.item}"
        return text


@dataclass(frozen=True)
class Level:
    """One step of a scale, e.g. ``2 - In progress``."""

    value: int
    label: str
    description: str = ""
    fallback_language: str = ""
    """Set when a translation lacks this level: the language its text stays in."""


@dataclass(frozen=True)
class Scale:
    """Ordered levels, plus the labels of the two answers that are never a level."""

    id: str
    title: str
    levels: tuple[Level, ...]
    description: str = ""
    dont_know_label: str = "Don't know"
    not_applicable_label: str = "Not applicable"
    fallback_language: str = ""
    """Set when a translation lacks this scale: the language its texts stay in."""

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(level.value for level in self.levels)

    def level(self, value: int) -> Level:
        for level in self.levels:
            if level.value == value:
                return level
        raise KeyError(f"{value} is not a level of the scale {self.id!r}")


@dataclass(frozen=True)
class Item:
    """A scored point of a framework: one row of the checklist."""

    id: str
    title: str
    source: Source
    summary: str = ""
    guiding_questions: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    scale: str = ""
    provenance: Provenance = Provenance.FOUND
    fallback_language: str = ""
    """Set when a translation lacks this item: the language its text stays in (e.g. ``en``)."""

    @property
    def reconstructed(self) -> bool:
        return self.provenance is Provenance.RECONSTRUCTED


@dataclass(frozen=True)
class Group:
    """A block of items as the publisher groups them (e.g. OECD's four blocks)."""

    id: str
    title: str
    items: tuple[Item, ...]
    description: str = ""
    fallback_language: str = ""
    """Set when a translation lacks this group: the language its text stays in."""


@dataclass(frozen=True)
class ContextQuestion:
    """A question answered with text to describe the local situation; never scored."""

    id: str
    text: str
    source: Source
    help: str = ""
    provenance: Provenance = Provenance.FOUND
    fallback_language: str = ""
    """Set when a translation lacks this question: the language its text stays in."""


class TranslationKind(StrEnum):
    """Whose translation a framework's texts are in."""

    UNOFFICIAL = "unofficial"
    """Restated by this project or a facilitator; not the publisher's text."""
    PUBLISHER = "publisher"
    """The publisher's own translation."""


@dataclass(frozen=True)
class Translation:
    """Where the texts of a translated framework come from, to show beside its citation."""

    language: str
    original_language: str
    kind: TranslationKind
    translator: str
    note: str
    """The mark to show, in the translation's language (e.g. "Traduction non officielle ...")."""
    source: Source
    """What was translated: the original publication (or the publisher's translated edition)."""
    framework_version: str
    path: str | None = field(default=None, compare=False)

    @property
    def official(self) -> bool:
        return self.kind is TranslationKind.PUBLISHER


@dataclass(frozen=True)
class Framework:
    """A whole framework: its scales, its groups of items and its context questions."""

    id: str
    version: str
    title: str
    source: Source
    scale: str
    scales: tuple[Scale, ...]
    groups: tuple[Group, ...]
    description: str = ""
    language: str = "en"
    context_questions: tuple[ContextQuestion, ...] = ()
    path: str | None = field(default=None, compare=False)
    translation: Translation | None = None
    """Set when the texts are a translation (see :func:`translate_framework`)."""
    fallback_language: str = ""
    """Set when the title and description were not translated: the language they stay in."""

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for group in self.groups for item in group.items)

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(f"{item_id!r} is not an item of the framework {self.id!r}")

    def group_of(self, item_id: str) -> Group:
        for group in self.groups:
            if any(item.id == item_id for item in group.items):
                return group
        raise KeyError(f"{item_id!r} is not an item of the framework {self.id!r}")

    def get_scale(self, scale_id: str | None = None) -> Scale:
        wanted = scale_id or self.scale
        for scale in self.scales:
            if scale.id == wanted:
                return scale
        raise KeyError(f"{wanted!r} is not a scale of the framework {self.id!r}")

    def scale_for(self, item: Item | str) -> Scale:
        """The scale an item is scored on: its own, or the framework's default."""
        found = self.item(item) if isinstance(item, str) else item
        return self.get_scale(found.scale or self.scale)

    def context_question(self, question_id: str) -> ContextQuestion:
        for question in self.context_questions:
            if question.id == question_id:
                return question
        raise KeyError(f"{question_id!r} is not a context question of {self.id!r}")

    def to_dict(self) -> dict[str, Any]:
        """The framework as plain data, in the file format (used for snapshots)."""
        data = asdict(self)
        data.pop("path")
        return _plain(data)  # type: ignore[no-any-return]

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: str | None = None) -> Framework:
        """Build a framework from already validated plain data (file format)."""

        def source(raw: dict[str, Any]) -> Source:
            return Source(**raw)

        def prov(raw: str | None) -> Provenance:
            return Provenance(raw or "found")

        scales = tuple(
            Scale(
                id=s["id"],
                title=s["title"],
                description=s.get("description", ""),
                levels=tuple(Level(**level) for level in s["levels"]),
                dont_know_label=s.get("dont_know_label", "Don't know"),
                not_applicable_label=s.get("not_applicable_label", "Not applicable"),
            )
            for s in data["scales"]
        )
        groups = tuple(
            Group(
                id=g["id"],
                title=g["title"],
                description=g.get("description", ""),
                items=tuple(
                    Item(
                        id=i["id"],
                        title=i["title"],
                        source=source(i["source"]),
                        summary=i.get("summary", ""),
                        guiding_questions=tuple(i.get("guiding_questions", ())),
                        examples=tuple(i.get("examples", ())),
                        tags=tuple(i.get("tags", ())),
                        scale=i.get("scale", ""),
                        provenance=prov(i.get("provenance")),
                    )
                    for i in g["items"]
                ),
            )
            for g in data["groups"]
        )
        questions = tuple(
            ContextQuestion(
                id=q["id"],
                text=q["text"],
                source=source(q["source"]),
                help=q.get("help", ""),
                provenance=prov(q.get("provenance")),
            )
            for q in data.get("context_questions", ())
        )
        return cls(
            id=data["id"],
            version=str(data["version"]),
            title=data["title"],
            description=data.get("description", ""),
            language=data.get("language", "en"),
            source=source(data["source"]),
            scale=data["scale"],
            scales=scales,
            groups=groups,
            context_questions=questions,
            path=path,
        )


# Fields that say how a text was translated; they are not part of the file format.
_NOT_IN_FILES = frozenset({"translation", "fallback_language"})


def _plain(value: Any) -> Any:
    """Enums to their values and tuples to lists, so the result is JSON-ready."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {key: _plain(inner) for key, inner in value.items() if key not in _NOT_IN_FILES}
    if isinstance(value, (list, tuple)):
        return [_plain(inner) for inner in value]
    return value
