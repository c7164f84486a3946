"""What is wrong with an imported file, as sentences said in a person's language."""

from __future__ import annotations

from collections.abc import Sequence

from inclusion_widgets.i18n import N_, N_plural, Params, Sentence, Translator

MAX_LISTED = 50
"""How many problems are listed one by one; the rest are counted."""

MORE = N_plural("and {n} more problem.", "and {n} more problems.")


class ImportProblem(ValueError):
    """An import was refused; ``problems`` says why, one sentence each. Nothing was written."""

    def __init__(self, problems: Sequence[Sentence]) -> None:
        self.problems: tuple[Sentence, ...] = tuple(problems)
        super().__init__("\n".join(self.said()))

    def said(self, t: Translator | None = None) -> tuple[str, ...]:
        """The problems in ``t``'s language (English without one), the first
        :data:`MAX_LISTED` one by one and the rest counted."""
        listed = tuple(
            str(problem) if t is None else problem.said(t) for problem in self.problems[:MAX_LISTED]
        )
        more = len(self.problems) - MAX_LISTED
        if more <= 0:
            return listed
        if t is None:
            return (*listed, MORE.plural.format(n=more) if more > 1 else MORE.singular.format(n=1))
        return (*listed, t.ngettext(MORE.singular, MORE.plural, more).format(n=more))


def at(file: str, row: int | None = None, column: str | None = None) -> Sentence | str:
    """Where a problem is, as a spreadsheet shows it: ``answers.csv, row 7, column "level"``."""
    if row is None and column is None:
        return file
    if column is None:
        return Sentence(N_("{file}, row {row}"), (("file", file), ("row", str(row))))
    if row is None:
        return Sentence(N_('{file}, column "{column}"'), (("file", file), ("column", column)))
    return Sentence(
        N_('{file}, row {row}, column "{column}"'),
        (("file", file), ("row", str(row)), ("column", column)),
    )


def problem(place: Sentence | str, message: str, params: Params = ()) -> Sentence:
    """``place: message``: where a problem is and what it is (``message`` marked with ``N_``)."""
    return Sentence(N_("{place}: {why}"), (("place", place), ("why", Sentence(message, params))))


def shown(value: str, limit: int = 40) -> str:
    """A cell value quoted for a message, shortened when long."""
    text = value if len(value) <= limit else value[: limit - 1] + "…"
    return '"' + text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t") + '"'
