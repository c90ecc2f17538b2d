"""Event dates: TIMEX3 values turned into UCDP-style windows, with a small fallback date reader.

The times analyzer (when it runs) gives TIMEX3 values; an event needs a window (date_start, date_end)
and ACLED's precision code (1 day, 2 week, 3 month or vaguer). When no times analyzer ran, the fallback
reads the few date shapes news text uses for events ("On December 10", "Dec 9, 2016", "yesterday",
"the spring of 2016") relative to the publication date. It is hand-written rather than dateparser
because it must also say how precise a date is and return a window, and it is run on every sentence.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["DateWindow", "parse_date_text", "window_of_timex"]


@dataclass(frozen=True)
class DateWindow:
    start: str
    end: str
    precision: int  # ACLED time_precision: 1 day, 2 week, 3 month or vaguer


_SEASONS = {"SP": (3, 1, 5, 31), "SU": (6, 1, 8, 31), "FA": (9, 1, 11, 30), "AU": (9, 1, 11, 30), "WI": (12, 1, 2, 28)}


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def window_of_timex(value: str | None) -> DateWindow | None:
    """The window of a TIMEX3 date value (2016-12-10, 2016-W49, 2016-12, 2016-SP, 2016); None for others."""
    if not value:
        return None
    v = value.strip()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(T.*)?", v):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return DateWindow(d.isoformat(), d.isoformat(), 1)
        if m := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", v):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            if m[3]:
                return DateWindow((monday + timedelta(5)).isoformat(), (monday + timedelta(6)).isoformat(), 2)
            return DateWindow(monday.isoformat(), (monday + timedelta(6)).isoformat(), 2)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", v):
            y, mo = int(m[1]), int(m[2])
            return DateWindow(date(y, mo, 1).isoformat(), _month_end(y, mo).isoformat(), 3)
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|AU|WI)", v):
            y = int(m[1])
            m1, d1, m2, d2 = _SEASONS[m[2]]
            y2 = y + 1 if m[2] == "WI" else y
            return DateWindow(date(y, m1, d1).isoformat(), date(y2, m2, d2).isoformat(), 3)
        if m := re.fullmatch(r"(\d{4})", v):
            return DateWindow(f"{m[1]}-01-01", f"{m[1]}-12-31", 3)
    except ValueError:  # an impossible date in the value (2016-02-31) is no date
        return None
    return None


_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_RE = (
    r"(january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?"
)
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_SEASON_WORDS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}

_MD = re.compile(rf"\b{_MONTH_RE}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.IGNORECASE)
_DM = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}(?:,?\s+(\d{{4}}))?\b", re.IGNORECASE)
_MY = re.compile(rf"\b{_MONTH_RE}\s+(?:of\s+)?(\d{{4}})\b", re.IGNORECASE)
_SEASON = re.compile(r"\b(spring|summer|autumn|fall|winter)\s+(?:of\s+)?(\d{4})\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:in|since|during|of)\s+((?:19|20)\d{2})\b", re.IGNORECASE)
_RELATIVE = re.compile(
    r"\b(yesterday|today|tonight|last night|this morning|this week|last week|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)


def _infer_year(month: int, day: int, ref: date | None) -> date | None:
    if ref is None:
        return None
    try:
        d = date(ref.year, month, day)
    except ValueError:
        return None
    # News reports past events: a month-day later than the publication date is last year's.
    if d > ref + timedelta(days=7):
        try:
            d = date(ref.year - 1, month, day)
        except ValueError:
            return None
    return d


def parse_date_text(text: str, published: str | None) -> DateWindow | None:
    """The first event date that ``text`` states, resolved against ``published`` (YYYY-MM-DD) if needed."""
    ref: date | None = None
    if published:
        try:
            ref = date.fromisoformat(published[:10])
        except ValueError:
            ref = None
    hits: list[tuple[int, DateWindow]] = []
    for m in _MD.finditer(text):
        mo, day = _MONTHS[m[1].lower().rstrip(".")], int(m[2])
        d = _safe_date(int(m[3]), mo, day) if m[3] else _infer_year(mo, day, ref)
        if d:
            hits.append((m.start(), DateWindow(d.isoformat(), d.isoformat(), 1)))
    for m in _DM.finditer(text):
        mo, day = _MONTHS[m[2].lower().rstrip(".")], int(m[1])
        d = _safe_date(int(m[3]), mo, day) if m[3] else _infer_year(mo, day, ref)
        if d:
            hits.append((m.start(), DateWindow(d.isoformat(), d.isoformat(), 1)))
    for m in _SEASON.finditer(text):
        w = window_of_timex(f"{m[2]}-{_SEASON_WORDS[m[1].lower()]}")
        if w:
            hits.append((m.start(), w))
    for m in _MY.finditer(text):
        if not any(s <= m.start() < s + 20 for s, _ in hits):
            w = window_of_timex(f"{m[2]}-{_MONTHS[m[1].lower().rstrip('.')]:02d}")
            if w:
                hits.append((m.start(), w))
    for m in _YEAR.finditer(text):
        if not any(abs(s - m.start()) < 20 for s, _ in hits):
            w = window_of_timex(m[1])
            if w:
                hits.append((m.start(), w))
    if ref is not None:
        for m in _RELATIVE.finditer(text):
            w = _relative(m[1].lower(), ref)
            if w:
                hits.append((m.start(), w))
    if not hits:
        return None
    return min(hits, key=lambda h: h[0])[1]


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _relative(word: str, ref: date) -> DateWindow | None:
    if word == "yesterday":
        d = ref - timedelta(days=1)
    elif word in ("today", "tonight", "this morning"):
        d = ref
    elif word == "last night":
        d = ref - timedelta(days=1)
    elif word in ("this week", "last week"):
        monday = ref - timedelta(days=ref.weekday()) - timedelta(days=7 if word == "last week" else 0)
        return DateWindow(monday.isoformat(), (monday + timedelta(6)).isoformat(), 2)
    elif word in _WEEKDAYS:
        # a bare weekday in a report means the most recent such day (or the publication day itself)
        back = (ref.weekday() - _WEEKDAYS[word]) % 7
        d = ref - timedelta(days=back)
    else:
        return None
    return DateWindow(d.isoformat(), d.isoformat(), 1)
