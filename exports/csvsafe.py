"""CSV cells a spreadsheet will not run: every CSV dealgraph writes goes through `cell`.

Names and quotes come from documents anyone can write, so a company called
`=HYPERLINK("http://evil.example","x")` must open in Excel or LibreOffice as text, not as a formula
(CSV injection, OWASP). A text cell that begins with one of `FORMULA_START` gets a leading single
quote, which spreadsheets show as a text marker and programs read as part of the value.

Deliberate choices:
- Every *text* cell is checked, including text that looks like a number ("-5", "+1 555"): only the
  value's type decides, never a guess from its characters. Text starting with "-" is rare in a
  graph of names and quotes, and "'-5" is still readable.
- Numbers (int, float, numpy numbers) are written as they are: a negative amount stays -5.0. A bare
  number is not a formula in any spreadsheet and carries no payload.
- ISO dates ("2026-04") begin with a digit and are never touched.
- Rows end in CRLF, as RFC 4180 says: Python's csv writer then quotes a cell holding a lone
  carriage return, which with "\n" line ends it leaves bare, and a reader splits the row there (a
  quote "...\r=HYPERLINK(...)" would put a formula at the start of a new row).
- The neo4j-admin layout of `export -f csv` is neutralised too, so a name that really begins with
  "=" is imported into Neo4j with the quote; safer than a file that runs code when opened.
"""
from __future__ import annotations

import csv
import io
import numbers
from typing import Any, Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LINE_END = "\r\n"


def cell(value: Any) -> Any:
    """`value` ready for a CSV cell: text that a spreadsheet would evaluate gets a leading quote."""
    if value is None or isinstance(value, (bool, numbers.Number)):
        return value
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def table(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    """CSV text (a header row, then the rows, CRLF line ends) of neutralised cells; None is an empty cell."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=LINE_END)
    w.writerow(cell(h) for h in header)
    for row in rows:
        w.writerow("" if v is None else cell(v) for v in row)
    return buf.getvalue()


def frame(df) -> str:
    """A pandas DataFrame as CSV (pandas' own number formatting) with neutralised cells."""
    import pandas as pd
    from pandas.api.types import is_numeric_dtype

    safe = df.copy()
    for col in safe.columns:
        if not is_numeric_dtype(safe[col]):  # numeric columns hold numbers only: nothing to neutralise
            # built as object: Series.map would turn [1200000000, None] back into floats
            safe[col] = pd.Series([cell(v) for v in safe[col]], dtype=object, index=safe.index)
    safe.columns = [cell(c) for c in safe.columns]
    return safe.to_csv(index=False, lineterminator=LINE_END)
