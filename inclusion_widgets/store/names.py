"""How participants are named wherever several are shown together."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Protocol


class Named(Protocol):
    @property
    def id(self) -> Hashable: ...
    @property
    def name(self) -> str: ...


def distinct_names(participants: Sequence[Named]) -> dict[Hashable, str]:
    """Each participant's name as the tables show it: numbered from the second time a
    session has it ("Ana (2)"), so that two people of one name are never merged into one
    by a table, a chart or a file, and a re-imported file keeps them apart."""
    taken = {person.name for person in participants}
    used: set[str] = set()
    names: dict[Hashable, str] = {}
    for person in participants:
        name, number = person.name, 1
        while name in used or (number > 1 and name in taken):
            number += 1
            name = f"{person.name} ({number})"
        used.add(name)
        names[person.id] = name
    return names
