"""Document-level passes over found TIMEX3s: values that depend on what the text said before.

Two kinds of expression cannot be normalised alone: the periods of a quarterly-results story ("a
year ago" there is the same quarter a year earlier, not a year) and expressions anchored on the
last time the text mentioned ("the following day", "that year"). The rules of
:mod:`newstrace.temporal.timex` leave placeholders starting with "@" for them, resolved here in
text order: "@Q<shift>[:<quarter>]~<fallback>" and "@Y<year>[:<quarter>]~<fallback>" for quarters,
"@R<shift><unit>[:<part>]" for a reference time.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newstrace.temporal.timex import Timex

__all__ = ["resolve_quarters", "resolve_references"]


def resolve_quarters(text: str, found: list[Timex], anchor: dt.date | None) -> list[Timex]:
    """Give the periods of a results story the quarter the story reports.

    In a story about quarterly results "a year ago", "the year-earlier period" and "the latest
    quarter" mean a quarter (TimeML, and TBAQ, write 1988-Q3, not 1988): the first quarter the
    story names ("the third quarter"), else the one that ended before publication.
    """
    if anchor is None:
        return found
    ref = anchor - dt.timedelta(days=45) if anchor > dt.date.min + dt.timedelta(days=45) else anchor
    year, q = ref.year, (ref.month - 1) // 3 + 1
    quarterly = bool(re.search(r"quarter", text, re.IGNORECASE))
    out: list[Timex] = []
    named = False
    for t in found:
        m = re.fullmatch(r"(\d{4})-Q([1-4])", t.value)
        if m and t.type == "DATE" and not named and not re.search(r"\d{4}|year|ago|earlier", t.text, re.I):
            # the first quarter a story names is the one it reports; later ones are comparisons
            year, q = int(m.group(1)), int(m.group(2))
            named = True
        if t.value.startswith(("@Q", "@Y")):
            spec, _, fallback = t.value[1:].partition("~")
            own_q = int(spec.split(":")[1]) if ":" in spec else q
            spec = spec.split(":")[0]
            if spec.startswith("Y"):
                value = f"{spec[1:]}-Q{own_q}" if quarterly else fallback
            else:
                shift = int(spec[1:])
                value = f"{year + shift}-Q{own_q}" if quarterly or not fallback else fallback
            if not value:
                continue
            t = replace(t, value=value)
        out.append(t)
    return out


def _week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _shift_month(d: dt.date, months: int) -> str:
    k = d.year * 12 + d.month - 1 + months
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


def _shift(value: str, unit: str, shift: int) -> str | None:
    """A reference value moved by ``shift`` units, at the unit's granularity."""
    m = re.match(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?", value)
    if m is None:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if unit == "year":
        return str(year + shift)
    if month is None:
        return None
    if unit == "month":
        return _shift_month(dt.date(year, int(month), 1), shift)
    if day is None:
        return None
    d = dt.date(year, int(month), int(day))
    if unit == "week":
        return _week(d + dt.timedelta(weeks=shift))
    return (d + dt.timedelta(days=shift)).isoformat()


def resolve_references(text: str, found: list[Timex], anchor: dt.date | None) -> list[Timex]:
    """Anchor "the following day", "that year", "the previous month" on the last date the text gave.

    News narrates from a reference time that moves: after "On Oct. 23, 1998 ..." "the next morning" is
    Oct. 24, 1998, not the morning after publication. Without an earlier date the publication date
    is the reference.
    """
    ref = anchor.isoformat() if anchor is not None else None
    out: list[Timex] = []
    for t in found:
        if t.value.startswith("@R"):
            m = re.fullmatch(r"@R([+-]\d+)(\w+?)(?::(\w+))?", t.value)
            value = None
            if m is not None:  # a reference too coarse for the unit ("that day" after "in 1998"): publication
                for base in (ref, anchor.isoformat() if anchor is not None else None):
                    try:
                        value = _shift(base, m.group(2), int(m.group(1))) if base else None
                    except (ValueError, OverflowError):  # out of the calendar
                        value = None
                    if value is not None:
                        break
            if value is None:
                continue
            if m and m.group(3) and len(value) == 10:
                value += f"T{m.group(3)}"
            out.append(replace(t, value=value, type="TIME" if "T" in value else "DATE"))
            continue
        if t.type == "DATE" and re.fullmatch(r"\d{4}(?:-\d\d(?:-\d\d)?)?", t.value):
            ref = t.value  # the text's latest explicit calendar date
        out.append(t)
    return out
