"""What is wrong with a framework or translation file, as sentences said in a person's language.

Where a problem is (file, line, field path) is data, shown as written; what is wrong is a
message marked with ``N_`` and its values, translated where it is shown::

    my-framework.yaml, line 14, groups[1].items[2].id: "oecd-12/03" is used twice (first at line 9)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from inclusion_widgets.i18n import N_, Params, Sentence, Translator


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a framework file: ``message`` (marked with ``N_``) filled with
    ``params``, at ``file``, ``line`` and ``field``."""

    file: str | Sentence
    message: str
    line: int | None = None
    field: str = ""
    params: Params = ()

    @property
    def what(self) -> Sentence:
        """What is wrong, without where."""
        return Sentence(self.message, self.params)

    @property
    def place(self) -> Sentence | str:
        """Where it is: ``mine.yaml, line 14, groups[0].items[0]``."""
        where: Params = (("file", self.file),)
        if self.line is not None:
            where += (("line", str(self.line)),)
        if self.field:
            where += (("field", self.field),)
        if self.line is None and not self.field:
            return self.file
        if self.line is None:
            return Sentence(N_("{file}, {field}"), where)
        if not self.field:
            return Sentence(N_("{file}, line {line}"), where)
        return Sentence(N_("{file}, line {line}, {field}"), where)

    @property
    def sentence(self) -> Sentence:
        """Where and what, to be said in a person's language."""
        return Sentence(N_("{place}: {why}"), (("place", self.place), ("why", self.what)))

    def said(self, t: Translator) -> str:
        return self.sentence.said(t)

    def __str__(self) -> str:
        return str(self.sentence)


def found_at(file: str | Sentence, what: Sentence, line: int | None, field: str) -> Problem:
    """``what`` (a sentence a check made) as a problem at ``file``, ``line`` and ``field``."""
    return Problem(file, what.message, line, field, what.params)


class FrameworkError(ValueError):
    """A framework file that cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.said()))

    def said(self, t: Translator | None = None) -> tuple[str, ...]:
        """Every problem in ``t``'s language (English without one)."""
        return tuple(str(problem) if t is None else problem.said(t) for problem in self.problems)
