"""Partial dates: "2026", "2026-04" and "2026-04-12" are all real and keep their precision.

A partial date stands for an interval (all of April 2026); comparisons use its first or last day
as the question requires, and nothing ever invents a day or month that the source did not give.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

from ..exc import InputError

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)  # not other scripts' digits
PRECISIONS = ("year", "month", "day")


def parse_iso(value: object, *, what: str = "date") -> str | None:
    """Validate an ISO prefix and return it in canonical form ("2026-4" is rejected).

    Accepts str, datetime.date/datetime (day precision) and int years; None and "" give None.

    >>> parse_iso("2026-04")
    '2026-04'
    >>> parse_iso(dt.date(2026, 6, 5))
    '2026-06-05'
    >>> parse_iso("2026-02-30")
    Traceback (most recent call last):
    ...
    dealgraph.exc.InputError: bad date '2026-02-30': day is out of range for month
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:04d}"
    m = _ISO.match(str(value).strip())
    if not m:
        raise InputError(f"bad {what} {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        dt.date(year, 1 if month is None else month, 1 if day is None else day)  # "2026-00" is no month
    except ValueError as exc:
        raise InputError(f"bad {what} {value!r}: {exc}") from None
    return m.group(0)


def precision(value: str | None) -> str | None:
    """'year', 'month' or 'day' for an ISO prefix (None for None)."""
    if not value:
        return None
    return PRECISIONS[value.count("-")]


def first_day(value: str) -> dt.date:
    """The earliest day a partial date can mean."""
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def last_day(value: str) -> dt.date:
    """The latest day a partial date can mean."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(*parts)


def not_after(value: str, as_of: str) -> bool:
    """True when `value` (at its precision) is not after `as_of`: it may already have happened.

    >>> not_after("2026-02", "2026-02-01"), not_after("2026-03", "2026-02-28")
    (True, False)
    """
    return first_day(value) <= last_day(as_of)


def common_prefix(values: list[str]) -> str | None:
    """The most precise date all values agree on ("2025-01" and "2025-03" give "2025")."""
    if not values:
        return None
    parts = [v.split("-") for v in values]
    out: list[str] = []
    for column in zip(*parts):
        if len(set(column)) != 1:
            break
        out.append(column[0])
    return "-".join(out) or None


def sort_key(value: str | None) -> tuple:
    """Order partial dates by first day, vaguer before more precise; undated last."""
    if not value:
        return (1, dt.date.max, 0)
    return (0, first_day(value), value.count("-"))
