"""Participants who are probably one person who joined twice (a lost personal link)."""

from __future__ import annotations

from collections.abc import Sequence

from inclusion_widgets.store.models import Participant


def details_key(name: str, city: str, organisation: str, role: str) -> tuple[str, ...]:
    """What two joins must share to look like one person: the details as typed, compared
    without case and with spaces collapsed."""
    return tuple(" ".join(part.split()).casefold() for part in (name, city, organisation, role))


def key_of(person: Participant) -> tuple[str, ...]:
    return details_key(person.name, person.city, person.organisation, person.role)


def likely_duplicates(people: Sequence[Participant]) -> list[tuple[Participant, ...]]:
    """Groups of two or more participants with the same details, each in the order they
    joined, the groups in the order of their first join."""
    groups: dict[tuple[str, ...], list[Participant]] = {}
    for person in sorted(people, key=lambda p: (p.joined_at, p.id)):
        groups.setdefault(key_of(person), []).append(person)
    return [tuple(group) for group in groups.values() if len(group) > 1]
