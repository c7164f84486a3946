"""What is wrong with an imported file, as sentences for a person."""

from __future__ import annotations

MAX_LISTED = 50
"""How many problems are listed one by one; the rest are counted."""


class ImportProblem(ValueError):
    """An import was refused; ``problems`` says why, one sentence each. Nothing was written."""

    def __init__(self, problems: list[str] | tuple[str, ...]) -> None:
        listed = tuple(problems[:MAX_LISTED])
        if len(problems) > MAX_LISTED:
            listed += (f"and {len(problems) - MAX_LISTED} more problems.",)
        self.problems: tuple[str, ...] = listed
        super().__init__("\n".join(listed))


def at(file: str, row: int | None = None, column: str | None = None) -> str:
    """Where a problem is, as a spreadsheet shows it: ``answers.csv, row 7, column "level"``."""
    place = file
    if row is not None:
        place += f", row {row}"
    if column is not None:
        place += f', column "{column}"'
    return place


def shown(value: str, limit: int = 40) -> str:
    """A cell value quoted for a message, shortened when long."""
    text = value if len(value) <= limit else value[: limit - 1] + "…"
    return '"' + text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t") + '"'
