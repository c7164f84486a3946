"""CSV that spreadsheets open safely, and that reads back to exactly what was written.

Written files are UTF-8 with a byte-order mark and CRLF line ends (Excel and LibreOffice
then open Greek, Latvian, French and Spanish text intact), with a header row and quoting
by the csv writer. Text cells that a spreadsheet would run as a formula get a leading
apostrophe (the *guard*); reading removes exactly that guard, so export then import gives
back every string unchanged. Reading also accepts files saved again by a spreadsheet:
with or without the byte-order mark, ``;`` or ``,`` separated, CRLF or LF.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import pandas as pd

from inclusion_widgets.exchange.problems import ImportProblem, at, problem
from inclusion_widgets.i18n import N_, Sentence

GUARDED = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet treats a cell starting with one of these as a formula."""

APOSTROPHE = "'"

_GUARD_PREFIXES = (*GUARDED, APOSTROPHE)
"""A text starting with an apostrophe is guarded too, so that its own apostrophe is
never mistaken for a guard on import: unguard(guard(s)) == s for every string."""


def guard(text: str) -> str:
    """The text as written into a cell: with one more leading apostrophe when needed."""
    return APOSTROPHE + text if text.startswith(_GUARD_PREFIXES) else text


def unguard(text: str) -> str:
    """Undo :func:`guard`: drop one leading apostrophe that precedes a guarded start."""
    if text.startswith(APOSTROPHE) and text[1:].startswith(_GUARD_PREFIXES):
        return text[1:]
    return text


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def format_timestamp(value: datetime) -> str:
    """ISO 8601 with an offset; a time without a zone is taken to be UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat()


def format_value(value: Any) -> str:
    """A cell of a column that is not text: a number, a flag, a date or a time."""
    if _missing(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return format_timestamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _text_column(series: pd.Series) -> pd.Series:
    # A plain loop over the cells is several times faster here than pandas' .str
    # accessor, which dominated the export's time (see benchmarks/).
    values = series.astype(object).where(series.notna(), "").to_numpy()
    guarded = [
        APOSTROPHE + text if text.startswith(_GUARD_PREFIXES) else text
        for text in (value if isinstance(value, str) else str(value) for value in values)
    ]
    return pd.Series(guarded, index=series.index, dtype=object)


def _value_column(series: pd.Series) -> pd.Series:
    """:func:`format_value` over a whole column, vectorised for the common types."""
    if pd.api.types.is_bool_dtype(series) and not series.isna().any():
        return pd.Series(
            np.where(series.to_numpy(dtype=bool), "true", "false"), index=series.index
        ).astype(object)
    if pd.api.types.is_integer_dtype(series):
        return series.astype("string").fillna("").astype(object)
    if isinstance(series.dtype, pd.DatetimeTZDtype) and str(series.dt.tz) == "UTC":
        # As datetime.isoformat() writes it: microseconds only when not zero, "+00:00".
        stamps = np.datetime_as_string(series.to_numpy(dtype="datetime64[us]"), unit="us")
        text = pd.Series(stamps, index=series.index, dtype=object)
        text = text.str.removesuffix(".000000") + "+00:00"
        return text.where(series.notna(), "").astype(object)
    return series.map(format_value).astype(object)


def write_csv(frame: pd.DataFrame, columns: Sequence[str], not_text: Collection[str]) -> bytes:
    """The frame as CSV bytes with exactly ``columns``; columns outside ``not_text`` are
    text and guarded, the others are formatted with :func:`format_value`."""
    cells = pd.DataFrame(
        {
            name: (_value_column(frame[name]) if name in not_text else _text_column(frame[name]))
            for name in columns
        },
        columns=list(columns),
    )
    text: str = cells.to_csv(index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    return ("\ufeff" + text).encode("utf-8")


@dataclass(frozen=True)
class Table:
    """The cells of a CSV file as text, before their meaning is checked.

    ``rows`` pairs each non-empty row with its number as a spreadsheet shows it (the
    header is row 1); every row has as many cells as the header.
    """

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]

    def column(self, name: str) -> int:
        return self.header.index(name)


def _decode(name: str, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportProblem(
            [
                problem(
                    name,
                    N_(
                        "the file is UTF-16 text; save it from the spreadsheet as "
                        '"CSV UTF-8" instead.'
                    ),
                )
            ]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportProblem(
            [
                problem(
                    name,
                    N_(
                        "the file is not UTF-8 text (byte {byte} cannot be read); save it from "
                        'the spreadsheet as "CSV UTF-8".'
                    ),
                    (("byte", error.start + 1),),
                )
            ]
        ) from None


def sniff_delimiter(text: str) -> str:
    """``;``, ``,`` or tab, whichever the header line holds most of (names hold none)."""
    header = text.split("\n", 1)[0]
    counts = {mark: header.count(mark) for mark in (",", ";", "\t")}
    return max(counts, key=lambda mark: counts[mark])


def read_table(name: str, data: bytes, required: Sequence[str] = ()) -> Table:
    """Parse CSV bytes into a :class:`Table`, or raise :class:`ImportProblem`.

    Columns beyond ``required`` are ignored; rows with every cell empty (spreadsheets
    sometimes add them at the end) are skipped.
    """
    text = _decode(name, data)
    if not text.strip():
        raise ImportProblem([problem(name, N_("the file is empty."))])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        records = list(reader)
    except csv.Error as error:
        raise ImportProblem(
            [
                problem(
                    at(name, reader.line_num),
                    N_("the file cannot be read as CSV ({reason})."),
                    (("reason", str(error)),),
                )
            ]
        ) from None
    header = tuple(cell.strip() for cell in records[0])
    problems = missing_columns(name, header, required)
    doubled = sorted({column for column in header if column and header.count(column) > 1})
    if doubled:
        problems.append(
            problem(
                name,
                N_("the header row names {columns} more than once."),
                (("columns", _listed(doubled)),),
            )
        )
    rows: list[tuple[int, tuple[str, ...]]] = []
    for number, record in enumerate(records[1:], start=2):
        if not any(record):
            continue
        if len(record) > len(header):
            problems.append(
                problem(
                    at(name, number),
                    N_("the row has {cells} cells, the header only {header}."),
                    (("cells", len(record)), ("header", len(header))),
                )
            )
            continue
        rows.append((number, tuple(record) + ("",) * (len(header) - len(record))))
    if problems:
        raise ImportProblem(problems)
    return Table(name=name, header=header, rows=tuple(rows))


def missing_columns(name: str, header: Sequence[str], required: Sequence[str]) -> list[Sentence]:
    """A sentence naming the required columns the header lacks, if any."""
    missing = [column for column in required if column not in header]
    if not missing:
        return []
    return [
        problem(
            name,
            N_("the header row lacks the columns {columns}.")
            if len(missing) > 1
            else N_("the header row lacks the column {columns}."),
            (("columns", _listed(missing)),),
        )
    ]


def _listed(columns: Sequence[str]) -> str:
    return ", ".join(f'"{column}"' for column in columns)
