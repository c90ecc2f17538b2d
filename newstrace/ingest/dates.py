"""Absolute date strings ("Dec 13, 2016", "2016-12-13", "13 December 2016") to ISO dates.

The common English and ISO forms are matched by a regular expression first because dateparser
costs about half a second to import and milliseconds per call; dateparser handles the rest
(other languages, unusual orders). Relative expressions ("yesterday") are not absolute dates and
are left to the time analyzer, which anchors them on the publication date.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["MONTHS", "parse_absolute_date"]

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # noqa: E501
_FORMS = [
    re.compile(rf"^(?:\w+day,?\s+)?{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(
        rf"^(?:\w+day,?\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>\d{{4}})\b", re.I
    ),
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b"),
    re.compile(r"^(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})\b"),
]


def _build(year: str, month: str, day: str) -> str | None:
    m = int(month) if month.isdigit() else MONTHS.get(month.lower()[:4].rstrip("."), MONTHS.get(month.lower()[:3]))
    if m is None:
        return None
    try:
        return dt.date(int(year), m, int(day)).isoformat()
    except ValueError:
        return None


def parse_absolute_date(text: str) -> str | None:
    """Return YYYY-MM-DD for an absolute date string, or None when it is not one."""
    text = text.strip().strip("()[]")
    for form in _FORMS:
        m = form.match(text)
        if m:
            return _build(m.group("year"), m.group("month"), m.group("day"))
    if not re.search(r"\d{4}", text) or len(text) > 40:
        return None  # without a year it is not absolute; long strings are not dates
    import dateparser  # deferred: slow import, rarely needed

    parsed = dateparser.parse(
        text, settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
    )
    return parsed.date().isoformat() if parsed else None
