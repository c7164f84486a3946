"""A framework as the browser shows it: plain JSON, sent once per widget."""

from __future__ import annotations

from typing import Any

from inclusion_widgets.frameworks import Framework, Scale, Source
from inclusion_widgets.i18n import Translator, language_name, translator

JSON = dict[str, Any]


def source_line(
    source: Source, reconstructed: bool, t: Translator | None = None, fallback: str = ""
) -> str:
    """The muted line under an item: "from" the publisher, or "based on" it when restated;
    with ``fallback`` (the language an untranslated text stays in) a mark saying so."""
    t = t or translator()
    line = (
        t.gettext("based on {citation}") if reconstructed else t.gettext("from {citation}")
    ).format(citation=source.citation())
    if fallback:
        untranslated = t.gettext("not translated: in {language}")
        line += " · " + untranslated.format(language=language_name(fallback))
    return line


def scale_view(scale: Scale) -> JSON:
    return {
        "id": scale.id,
        "levels": [
            {"value": level.value, "label": level.label, "description": level.description}
            for level in scale.levels
        ],
        "dont_know": scale.dont_know_label,
        "not_applicable": scale.not_applicable_label,
    }


def framework_view(framework: Framework, language: str | None = None) -> JSON:
    """Titles, texts and scales of a framework; every text is shown as text, never as HTML.

    The sentences around them are in the interface ``language``; a translated framework's
    mark (whose translation it is) follows its source citation."""
    t = translator(language)
    note = t.gettext("Source: {citation}.").format(citation=framework.source.citation())
    if framework.translation is not None:
        note += " " + framework.translation.note
    if any(item.reconstructed for item in framework.items):
        note += " " + t.gettext(
            "Items marked “based on” are restated in our own words, not the publisher's text."
        )
    numbers = {item.id: number for number, item in enumerate(framework.items, start=1)}
    return {
        "id": framework.id,
        "title": framework.title,
        "description": framework.description,
        "source_note": note,
        "language": framework.language,
        "scales": {scale.id: scale_view(scale) for scale in framework.scales},
        "groups": [
            {
                "id": group.id,
                "title": group.title,
                "description": group.description,
                "items": [
                    {
                        "id": item.id,
                        "number": numbers[item.id],
                        "title": item.title,
                        "summary": item.summary,
                        "questions": list(item.guiding_questions),
                        "examples": list(item.examples),
                        "source": source_line(
                            item.source, item.reconstructed, t, item.fallback_language
                        ),
                        "scale": framework.scale_for(item).id,
                    }
                    for item in group.items
                ],
            }
            for group in framework.groups
        ],
        "context": [
            {
                "id": question.id,
                "text": question.text,
                "help": question.help,
                "source": source_line(
                    question.source,
                    question.provenance == "reconstructed",
                    t,
                    question.fallback_language,
                ),
            }
            for question in framework.context_questions
        ],
    }
