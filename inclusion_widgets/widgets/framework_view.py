"""A framework as the browser shows it: plain JSON, sent once per widget."""

from __future__ import annotations

from typing import Any

from inclusion_widgets.frameworks import Framework, Scale, Source

JSON = dict[str, Any]


def source_line(source: Source, reconstructed: bool) -> str:
    """The muted line under an item: "from" the publisher, or "based on" it when restated."""
    return f"{'based on' if reconstructed else 'from'} {source.citation()}"


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


def framework_view(framework: Framework) -> JSON:
    """Titles, texts and scales of a framework; every text is shown as text, never as HTML."""
    note = f"Source: {framework.source.citation()}."
    if any(item.reconstructed for item in framework.items):
        note += " Items marked “based on” are restated in our own words, not the publisher's text."
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
                        "source": source_line(item.source, item.reconstructed),
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
                "source": source_line(question.source, question.provenance == "reconstructed"),
            }
            for question in framework.context_questions
        ],
    }
