"""Date arithmetic in TIMEX3 granularities: day, ISO week, month, quarter, half, season, year."""
from __future__ import annotations

import calendar
import datetime as dt

Granularity = str  # "D" day, "W" week, "M" month, "Q" quarter, "H" half, "Y" year, "DE", "CE"


def day_value(day: dt.date) -> str:
    return day.isoformat()


def week_value(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def shift(day: dt.date, amount: int, unit: str) -> dt.date:
    """`day` moved by `amount` units (D, W, M, Q, Y, DE, CE); months clamp to the month's end."""
    if unit == "D":
        return day + dt.timedelta(days=amount)
    if unit == "W":
        return day + dt.timedelta(weeks=amount)
    months = {"M": 1, "Q": 3, "H": 6, "Y": 12, "DE": 120, "CE": 1200}[unit]
    return add_months(day, amount * months)


def value_at(day: dt.date, unit: str) -> str:
    """The TIMEX3 value naming the `unit`-sized period that contains `day`."""
    if unit == "D":
        return day_value(day)
    if unit == "W":
        return week_value(day)
    if unit == "M":
        return month_value(day.year, day.month)
    if unit == "Q":
        return f"{day.year}-Q{quarter_of(day)}"
    if unit == "H":
        return f"{day.year}-H{1 if day.month <= 6 else 2}"
    if unit == "DE":
        return str(day.year)[:3]
    if unit == "CE":
        return str(day.year)[:2]
    return str(day.year)


def weekday_near(anchor: dt.date, weekday: int, direction: int, inclusive: bool = True) -> dt.date:
    """The `weekday` (1=Monday) at or before (`direction` -1) or after (+1) `anchor`;
    direction 0 picks whichever is nearer, the past one on a tie (news mostly reports the past)."""
    back = (anchor.isoweekday() - weekday) % 7
    ahead = (weekday - anchor.isoweekday()) % 7
    if not inclusive:
        back = back or 7
        ahead = ahead or 7
    if direction < 0:
        return anchor - dt.timedelta(days=back)
    if direction > 0:
        return anchor + dt.timedelta(days=ahead)
    return anchor - dt.timedelta(days=back) if back <= ahead else anchor + dt.timedelta(days=ahead)


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def year_nearest(anchor: dt.date, month: int, day: int, weekday: int | None = None) -> dt.date | None:
    """The date `month`/`day` in the year that keeps it nearest `anchor`; with a `weekday` given,
    the nearest year (within eight) in which that date falls on that weekday."""
    years = sorted(range(anchor.year - 8, anchor.year + 9), key=lambda y: abs(y - anchor.year))
    options = [d for d in (safe_date(y, month, day) for y in years) if d is not None]
    if weekday is not None:
        matching = [d for d in options if d.isoweekday() == weekday]
        if matching:
            return min(matching, key=lambda d: abs((d - anchor).days))
    near = [d for d in options if abs(d.year - anchor.year) <= 1]
    return min(near, key=lambda d: abs((d - anchor).days)) if near else None


def parse_value_date(value: str | None) -> dt.date | None:
    """The first day a TIMEX3 value names, if it names a calendar period at all."""
    if not value:
        return None
    try:
        if len(value) >= 10 and value[4] == "-" and value[7] == "-" and value[8:10].isdigit():
            return dt.date.fromisoformat(value[:10])
        if len(value) >= 7 and value[4] == "-" and value[5:7].isdigit():
            return dt.date(int(value[:4]), int(value[5:7]), 1)
        if len(value) >= 8 and value[4:6] == "-W" and value[6:8].isdigit():
            return dt.date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
        if len(value) >= 7 and value[4:6] == "-Q" and value[6].isdigit():
            return dt.date(int(value[:4]), 3 * int(value[6]) - 2, 1)
        if value[:4].isdigit():
            return dt.date(int(value[:4]), 1, 1)
    except ValueError:
        return None
    return None


def granularity_of(value: str) -> str | None:
    """The unit of a calendar value: "2024-05-16" D, "2024-W20" W, "2024-05" M, "2024-Q2" Q, "2024" Y;
    None for anything else, unresolved "XXXX-05" included."""
    if not value[:4].isdigit():
        return None
    if len(value) >= 10 and value[4] == "-" and value[7] == "-" and value[8:10].isdigit():
        return "D"
    if len(value) == 8 and value[4:6] == "-W" and value[6:].isdigit():
        return "W"
    if len(value) == 7 and value[4] == "-" and value[5:].isdigit():
        return "M"
    if len(value) == 7 and value[4:6] == "-Q":
        return "Q"
    if len(value) == 7 and value[4:6] == "-H":
        return "H"
    if len(value) == 4 and value.isdigit():
        return "Y"
    return None


GRANULARITY_ORDER = ["D", "W", "M", "Q", "H", "Y", "DE", "CE"]


def finer(first: str, second: str) -> str:
    """The finer of two granularities: finer("Y", "Q") == "Q"."""
    return min(first, second, key=GRANULARITY_ORDER.index)
