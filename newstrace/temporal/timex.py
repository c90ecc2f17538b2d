"""TIMEX3 recognition and normalisation, anchored on the publication date.

Hand-written rules because no maintained Python library both finds temporal expressions in English
news and normalises them to TIMEX3 values relative to a document date: dateparser (used here for
nothing but absolute dates it can read alone) parses one string it is given, it does not find
expressions in running text, and it has no notion of ISO weeks, seasons or durations. The rules:

* explicit dates ("December 10, 2016", "10 Dec 2016", "2016-12-10", "12/10/2016"), spoken years
  ("nineteen ninety-six") and month-day without a year ("On December 10" -> the most recent past
  occurrence, unless the date is at most 60 days ahead, or six months with a future cue in the
  sentence: in TBAQ such dates meant the coming one);
* months and years ("December 2016", "in December", "last April" -> the latest April before this
  month, "June last year", "by March" -> the coming March), decades and centuries ("the 1990s" and
  "the nineties" -> 199, "the 20th century" -> 19), halves ("the first half of 2015" -> 2015-H1);
* relative days, weeks, months, years ("yesterday", "last week" -> 2016-W49, "over the weekend" ->
  the last one, "next month"); weekdays ("on Friday" -> the most recent past Friday, the coming one
  after a cue like "set to" or "as soon as"); "N days ago"; named holidays ("last Thanksgiving");
* seasons ("the spring of 2016" -> 2016-SP), quarters ("the third quarter" -> 2016-Q3); in a
  results story "a year ago", "the year-earlier period" -> the same quarter a year before;
* clock times ("10 p.m. Wednesday" -> 2016-12-07T22:00) and parts of days ("this morning" ->
  2016-12-13TMO, "tonight");
* ranges, written as TimeML does as their two ends ("December 8-10" -> 2016-12-08 and 2016-12-10,
  each carrying both bounds);
* durations ("within one day" -> P1D, "48 hours" -> PT48H, "several weeks" -> PXW, "2 1/2 years" ->
  P2Y6M, "two decades" -> P20Y, "three days later" -> P3D, "the year ended June 30" -> P1Y), not
  rates ("$2 a year"); sets ("every day", "each Thursday" -> XXXX-WXX-4, "annually");
* vague references ("now", "current" -> PRESENT_REF, "recently" -> PAST_REF, "the near future" ->
  FUTURE_REF);
* expressions anchored on the text's last date ("the next day", "that year"), resolved with the
  results-story quarters in :mod:`newstrace.temporal.context`.

Where TBAQ's annotators and TimeML disagree with intuition (modifiers such as "about" and "over" stay
outside the span, "nearly" inside) the rules follow TBAQ, whose development part they were
tuned on (see ``benchmarks/bench_time.py`` for the held-out part).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from newstrace.temporal.context import _shift_month, _week, resolve_quarters, resolve_references

__all__ = ["Timex", "find_timexes", "parse_anchor"]

_MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"])}
_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
               "oct": 10, "nov": 11, "dec": 12}
_WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                         "sunday"])}
_NUMBERS = {w: i for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
     "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"])}
_NUMBERS.update({"a": 1, "an": 1, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                 "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "a couple of": 2, "a few": 0,
                 "twenty-four": 24, "twenty four": 24, "thirty-six": 36, "forty-eight": 48, "half a": 0})
_UNITS = {"second": ("T", "S"), "minute": ("T", "M"), "hour": ("T", "H"), "day": ("", "D"),
          "week": ("", "W"), "fortnight": ("", "2W"), "month": ("", "M"), "year": ("", "Y"),
          "decade": ("", "DE"), "century": ("", "CE"), "quarter": ("", "Q")}
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

_MONTH_RE = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
             r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_DAY_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS_WORDS = "one|two|three|four|five|six|seven|eight|nine"
# spoken years of broadcast transcripts: "nineteen ninety-six", "two thousand one"
_SPOKEN_YEAR_RE = (rf"(?:nineteen[- ](?:(?:{_TENS})(?:[- ](?:{_UNITS_WORDS}))?|ten|eleven|twelve|thirteen|"
                   rf"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|"
                   rf"two thousand(?:[- ](?:and[- ])?(?:{_UNITS_WORDS}))?)")
_YEAR_RE = rf"(?:1[89]\d\d|20\d\d|{_SPOKEN_YEAR_RE})"
_NUM_RE = (r"(?:\d+\s+1/2|\d+(?:\.\d+)?|a couple of|a few|half a|an?|one|two|three|four|five|six|seven|eight|nine|ten|"
           r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
           r"twenty[- ]four|thirty[- ]six|forty[- ]eight|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
           r"ninety|(?:a )?hundred|several|many|some|few)")
_UNIT_RE = (r"(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?|decades?|"
            r"centur(?:y|ies))")
_WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_SEASON_RE = r"(?:spring|summer|autumn|fall|winter)"


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    value: str
    type: str  # DATE | TIME | DURATION | SET
    begin: str | None = None  # for a range ("December 8-10"): its first and last day or year
    finish: str | None = None


def parse_anchor(published: str | None) -> dt.date | None:
    """The publication date (YYYY-MM-DD, or any prefix of an ISO timestamp) as a date, or None."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TEN_WORDS = {w: 10 * (i + 2) for i, w in enumerate(_TENS.split("|"))}
_UNIT_WORDS = {w: i + 1 for i, w in enumerate(_UNITS_WORDS.split("|"))}


def _year(text: str) -> int:
    """A year written in digits or spoken ("nineteen ninety-six" -> 1996, "two thousand one" -> 2001)."""
    if text.isdigit():
        return int(text)
    words = re.split(r"[- ]+", text.lower())
    if words[:2] == ["two", "thousand"]:
        return 2000 + sum(_UNIT_WORDS.get(w, 0) for w in words[2:])
    rest = words[1:]
    return 1900 + _spoken_tail(rest)


def _spoken_tail(words: list[str]) -> int:
    if words and words[0] in _TEENS:
        return _TEENS[words[0]]
    return _TEN_WORDS.get(words[0], 0) + (_UNIT_WORDS.get(words[1], 0) if len(words) > 1 else 0) if words else 0


def _month(word: str) -> int:
    w = word.lower().rstrip(".")
    return _MONTHS.get(w) or _MONTH_ABBR.get(w[:4]) or _MONTH_ABBR.get(w[:3], 0)


def _num(word: str) -> float | None:
    w = word.lower().replace("-", " ")
    if w.endswith(" 1/2") and w[:-4].strip().isdigit():  # "2 1/2 years"
        return int(w[:-4]) + 0.5
    if w in _NUMBERS:
        return _NUMBERS[w] or None
    if w.replace("-", " ") in _NUMBERS:
        return _NUMBERS[w.replace("-", " ")] or None
    try:
        f = float(w)
    except ValueError:
        return None
    return int(f) if f == int(f) else (f if f * 2 == int(f * 2) else None)


_FUTURE_CUES = re.compile(
    r"\b(?:will|'ll|shall|expected|scheduled|due|payable|plans?|planned|upcoming|coming|until|till|"
    r"set to|deadline|effective|begins?|starts?|to be held|is to|are to|would|supposed to|agreed to)\b", re.IGNORECASE)


def _future_context(text: str, start: int, end: int) -> bool:
    """True when the sentence around the expression speaks of the future ("will", "payable", "until")."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    right = min(right_candidates) if right_candidates else len(text)
    return bool(_FUTURE_CUES.search(text[left:start]) or _FUTURE_CUES.search(text[end:right]))


_NEAR_FUTURE = re.compile(
    r"\b(?P<cue>will|'ll|shall|set to|scheduled to|due to|is to|are to|planned to|plans? to|expected to|"
    r"as soon as|as early as)\b[^.;]{0,40}$", re.IGNORECASE)
_REPORTING = re.compile(r"\b(?:said|says|told|announced|reported|added|stated)\b", re.IGNORECASE)


def _future_near(text: str, start: int) -> bool:
    """A future cue in the clause just before a weekday ("set to resume Monday", "as soon as Tuesday").

    Narrower than the sentence test because news reports say "will ..., he said Friday": a
    reporting verb between the cue and the day ends the cue's reach.
    """
    left = text[max(0, start - 60):start]
    m = _NEAR_FUTURE.search(left)
    if m is None or re.search(r"\b(?:had(?: been)?|was|were)\s*$", left[:m.start("cue")]):
        return False  # "had been scheduled to expire Friday": a plan in the past
    return not _REPORTING.search(left[m.end("cue"):])


def _past_month_day(anchor: dt.date, month: int, day: int, future: bool = False) -> dt.date | None:
    """The occurrence of month-day a news story most likely means, given the publication date.

    The most recent past one, except when the next one is close: in TBAQ every month-day without a
    year that fell up to 60 days after the publication date meant that upcoming date, and up to six
    months ahead it still did when the sentence speaks of the future (``future``).
    """
    past = ahead = None
    for year in (anchor.year, anchor.year - 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d <= anchor:
            past = d
            break
    for year in (anchor.year, anchor.year + 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d > anchor:
            ahead = d
            break
    if ahead is None or (past is not None and past == anchor):
        return past
    if past is None or (ahead - anchor).days <= 60 or (future and (ahead - anchor).days <= 183):
        return ahead
    return past


# A bare month name up to this many months after the publication month is the coming one (TBAQ:
# one month ahead 8 of 8 upcoming, two to four months ahead 10 of 16), further with a future cue.
_MONTH_AHEAD = 1
_MONTH_AHEAD_CUE = 4
_MONTH_AHEAD_DEADLINE = 8  # "by August", "through January": a deadline, up to eight months ahead
_DEADLINE = re.compile(r"\b(?:by|until|till|through)\s+(?:early\s+|late\s+|mid-?)?$", re.IGNORECASE)


# Years before 1950 are years only after a preposition of time ("since 1901"); alone they are numbers.
_OLD_YEAR_CUE = "(?:" + "|".join(f"(?<={w} )" for w in ("in", "since", "until", "from", "before", "after",
                                                      "during", "between")) + ")"

_RULES: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(p, re.IGNORECASE)) for name, p in [
    ("clock", rf"(?:\baround\s+)?(?:\b(?P<h>[01]?\d)(?::(?P<mi>[0-5]\d))?\s*(?:(?P<ap>[ap])\.m\.?(?!\w)|"
              rf"\s+in\s+the\s+(?P<ip>morning|afternoon|evening)\b)|"
              rf"\b(?P<word>noon|midday|midnight)\b)(?:\s+(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT)\b)?"
              rf"(?:,?\s+(?:on\s+)?(?P<day>{_WEEKDAY_RE}|today|yesterday|tomorrow|"
              rf"(?P<mon>{_MONTH_RE})\s+(?P<d>{_DAY_RE}))\b)?"),
    # anchored on the text's last date, not on publication (see newstrace.temporal.context)
    ("anaphor", r"\b(?:(?:earlier|later)\s+)?(?:(?P<det>that(?:\s+same)?|the\s+(?:next|following|previous|"
                r"preceding|same))\s+(?P<u>day|morning|afternoon|evening|night|week|month|year)\b"
                r"(?!\s+(?:of|before|after|that|when|in which)\b)|the\s+day\s+(?P<ba>before|after)(?=\s*[.,;:])"
                r"|(?<=\bin )the\s+(?P<part>morning|afternoon|evening)\b(?!\s+(?:of|before|after|that|when)\b))"),
    ("holiday", r"\b(?P<rel>last\s+|next\s+|this\s+)?(?P<h>Thanksgiving(?:\s+Day)?|Christmas(?:\s+(?:Day|Eve))?|"
                r"New\s+Year's\s+(?:Day|Eve)|Independence\s+Day|Halloween|Labor\s+Day|Memorial\s+Day)\b"),
    ("set", rf"\b(?:(?P<pwd>{_WEEKDAY_RE})(?:s\b|\s+(?P<pp>mornings|afternoons|evenings|nights)\b)|"
            rf"(?:every|each)\s+(?:day|week|month|year|quarter|morning|night|evening|(?P<swd>{_WEEKDAY_RE})|"
            rf"(?P<smon>January|February|March|April|May|June|July|August|September|October|November|December))|"
            r"daily|weekly|monthly|annually|yearly|hourly)\b"),
    ("range_md", rf"\b(?P<mon>{_MONTH_RE})\s+(?P<d1>{_DAY_RE})\s*(?:-|–|to|through|until|"
                 rf"and)\s*(?P<d2>{_DAY_RE})\b(?!\s*(?:{_UNIT_RE}|%|percent))(?:,?\s+(?P<y>{_YEAR_RE}))?"),
    ("range_y", rf"\b(?:(?P<y1>{_YEAR_RE})\s*(?:-|–|to|through|until)\s*(?P<y2>{_YEAR_RE}|\d\d)"
                rf"|(?<=between )(?P<b1>{_YEAR_RE})\s+and\s+(?P<b2>{_YEAR_RE}))\b"),
    ("iso", r"\b(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b"),
    ("us_numeric", r"\b(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])/(?P<y>(?:19|20)?\d\d)\b"),
    ("mdy", rf"\b(?:(?P<wd>{_WEEKDAY_RE}),?\s+)?(?P<mon>{_MONTH_RE})\s+(?P<d>{_DAY_RE})(?:,?\s+(?P<y>{_YEAR_RE}))?\b"),
    ("dmy", rf"\b(?:(?P<wd>{_WEEKDAY_RE}),?\s+)?(?:the\s+)?(?P<d>{_DAY_RE})(?:\s+of)?\s+(?P<mon>{_MONTH_RE})"
            rf"(?:,?\s+(?P<y>{_YEAR_RE}))?\b"),
    ("month_year", rf"\b(?:(?:early|mid|late)[- ]|the\s+(?:end|beginning|start|middle)\s+of\s+)?"
                   rf"(?P<mon>{_MONTH_RE})(?:\s+of)?,?\s+(?P<y>{_YEAR_RE})\b"),
    ("season", rf"\b(?:(?:the|this|last|next|early|late)\s+)?(?P<s>{_SEASON_RE})(?:\s+of)?\s+(?P<y>{_YEAR_RE})\b"),
    ("season_rel", rf"\b(?P<rel>this past|this|last|next|the past|the coming)\s+(?P<s>{_SEASON_RE})\b"),
    # results stories: "the year-ago quarter", "this year's third quarter", "the 1988 period"
    ("fin_period", rf"\b(?:(?:the|its|that)\s+)?(?:(?:comparable|corresponding|latest|most recent|current)\s+)?"
                   rf"(?:(?P<ya>year-ago|year-earlier)\s+|(?P<fy>{_YEAR_RE})\s+|"
                   rf"(?P<rel>this|last|next) year's\s+)?(?:fiscal[- ])?"
                   rf"(?:(?P<o>first|second|third|fourth)[- ])?(?P<u>quarter|period)\b"
                   rf"(?P<ago>\s+a\s+year\s+(?:ago|earlier)|\s+last\s+year)?(?!-)"),
    ("fin_bare", r"\b(?:year-ago|year-earlier)\b"),
    ("quarter", rf"\b(?:(?:the|a flat)\s+(?!\w+-quarter))?(?:fiscal[- ])?(?P<o>first|second|third|fourth|1st|2nd|3rd|"
                rf"4th)[- ]quarter"
                rf"(?:\s+of\s+(?P<y>{_YEAR_RE}))?\b"),
    ("decade", rf"\b(?:the\s+)?(?:(?:early|late|mid)[- ]?)?(?:(?P<dec>(?:1[89]|20)\d0)'?s|'(?P<d2>[1-9]0)s)\b"
               rf"|\bthe\s+(?:(?:early|late|mid)[- ]?)?(?P<dw>{_TENS.replace('y', 'ies')})\b"),
    ("century", r"\b(?P<c>[1-9]|1\d|2[01])(?:st|nd|rd|th)[- ]century\b"),
    ("ago", rf"\b(?:(?:nearly|almost|around|more than|less than)\s+)?(?P<n>{_NUM_RE})\s+"
            rf"(?P<u>{_UNIT_RE})\s+(?:or\s+so\s+)?(?P<dir>ago|earlier|before|later|from now)\b"),
    ("half", rf"\b(?:the\s+)?(?P<h>first|second|last|latter)[- ]half(?:\s+of\s+(?:(?P<y>{_YEAR_RE})|"
             rf"(?P<rel>this|last|next|the)\s+year))?\b(?!\s+of\s+(?:the\s+)?[a-z])"),
    ("past_n", rf"\b(?:the\s+)?(?:past|last|previous|next|coming|first|latest)\s+(?P<n>{_NUM_RE})\s+"
               rf"(?P<u>{_UNIT_RE})\b"),
    ("the_n", rf"\bthe\s+(?P<n>{_NUM_RE})\s+(?P<u>{_UNIT_RE})\b"),
    ("month", r"\b(?:(?:early|mid|late)[- ]|the\s+(?:end|beginning|start|middle)\s+of\s+)?"
              r"(?P<rel>last\s+|this\s+|next\s+)?(?P<mon>January|February|March|April|"
              r"May|June|July|August|September|October|November|December)\b"
              r"(?:\s+(?P<yrel>this|last|next)\s+year\b)?"),
    ("rel_unit", r"\b(?:(?:early|earlier|late|later)\s+|the\s+(?:end|beginning|start|middle)\s+of\s+)?"
                 r"(?:the\s+)?(?P<rel>last|this|next|past|previous|coming|"
                 r"current|same)\s+(?P<u>week|month|year|weekend|decade|quarter)\b"),
    ("the_unit", r"\b(?:the\s+(?:end|beginning|start|middle)\s+of\s+)?the\s+(?P<fy>fiscal\s+)?"
                 r"(?P<u>quarter|year|week|weekend)\b(?!-|\s+(?:before|after|of|earlier|ago|two))"),
    ("part_of_day", rf"\b(?P<rel>this|yesterday|tomorrow|{_WEEKDAY_RE})\s+(?P<part>morning|afternoon|evening|night)\b"),
    ("rel_day", r"\b(?:(?:early|earlier|late|later)\s+)?"
                r"(?:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|yesterday|tomorrow|"
                r"tonight|last\s+night)\b"),
    ("weekday", rf"\b(?P<rel>last\s+|this\s+coming\s+|this\s+|next\s+|coming\s+)?(?P<wd>{_WEEKDAY_RE})\b"),
    ("year", rf"\b(?:(?:early|late|mid-?)\s*|fiscal\s+|the\s+(?:end|beginning|start|middle)\s+of\s+)?"
             rf"(?P<y>(?:19[5-9]\d|20[0-4]\d|{_OLD_YEAR_CUE}1[89]\d\d))"
             rf"\b(?![.,]?\d|\s*(?:%|percent))"
             rf"|\b(?:the\s+year\s+)?(?P<sy>{_SPOKEN_YEAR_RE})\b(?![- ](?:{_UNIT_RE}|percent|dollars|people))"),
    ("duration", rf"\b(?:(?:nearly|almost|around|no more than|more than|less than|up to|at least)\s+)?"
                 rf"(?P<n>{_NUM_RE})(?:\s+(?:more|additional|further|trading|business|working))?"
                 rf"[- ](?P<u>{_UNIT_RE})(?:-long)?\b(?!-old)"
                 rf"(?P<half>\s+and\s+a\s+half)?"),
    ("recent", rf"\brecent\s+(?P<u>{_UNIT_RE})\b"),
    # "for weeks", "for years": an unspecified amount of the unit
    ("for_units", r"(?<=\bfor )(?P<u>minutes|hours|days|weeks|months|years|decades)\b(?!\s+(?:to come|of|ago)\b)"),
    ("vague", r"\b(?:now|currently|more recently|recently|at present|nowadays|"
              r"the (?:near |distant )?future|(?<=in )future|(?<=in )the past|these days|lately|"
              r"then[- ]current|current(?!\s+(?:year|quarter|month|week|accounts?|affairs|events|issue|dollars?|"
              r"prices|account|period|fiscal|-)))\b"),
]]


def _weekday(anchor: dt.date, name: str, rel: str, future: bool) -> dt.date:
    """The day a weekday name means: news reports the past, so "on Friday" is the Friday before
    publication (or the day itself), unless "next" or a future cue points ahead."""
    target = _WEEKDAYS[name.lower()]
    if rel in ("next", "coming", "this coming") or (future and rel != "last"):
        return anchor + dt.timedelta(days=(target - anchor.weekday()) % 7 or 7)
    if rel == "this":
        return anchor + dt.timedelta(days=target - anchor.weekday())
    back = (anchor.weekday() - target) % 7
    return anchor - dt.timedelta(days=back if back or rel != "last" else 7)


def _holiday_date(name: str, year: int) -> dt.date:
    key = re.sub(r"\s+", " ", name.lower())
    if key.startswith("thanksgiving"):  # the fourth Thursday of November (US)
        first = dt.date(year, 11, 1)
        return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
    if key.startswith("labor"):  # first Monday of September
        first = dt.date(year, 9, 1)
        return first + dt.timedelta(days=(0 - first.weekday()) % 7)
    if key.startswith("memorial"):  # last Monday of May
        last = dt.date(year, 5, 31)
        return last - dt.timedelta(days=last.weekday())
    fixed = {"christmas eve": (12, 24), "new year's eve": (12, 31), "new year's day": (1, 1),
             "independence day": (7, 4), "halloween": (10, 31)}
    return dt.date(year, *fixed.get(key, (12, 25)))


def _holiday(anchor: dt.date, name: str, rel: str, future: bool) -> tuple[str, str]:
    """A named holiday on its date: the latest one before publication unless "next" or a future cue."""
    this_year = _holiday_date(name, anchor.year)
    if rel == "next" or ((future or rel == "this") and this_year < anchor):
        when = this_year if this_year > anchor else _holiday_date(name, anchor.year + 1)
    elif rel == "this":
        when = this_year
    else:
        when = this_year if this_year <= anchor else _holiday_date(name, anchor.year - 1)
        if rel == "last" and when == anchor:
            when = _holiday_date(name, anchor.year - 1)
    return when.isoformat(), "DATE"


def _clock(g: dict[str, Any], anchor: dt.date | None, future: bool) -> tuple[str, str] | None:
    """A clock time ("10 p.m. Wednesday", "noon", "5 p.m. EST, Nov. 6") on its day, as TIMEX3 TIME."""
    word = (g.get("word") or "").lower()
    if word:
        hour, minute = (24, 0) if word == "midnight" else (12, 0)
    else:
        hour, minute = int(g["h"] or 0), int(g.get("mi") or 0)
        if not 1 <= hour <= 12:
            return None
        pm = (g["ap"] or "").lower() == "p" or (g.get("ip") or "").lower() in ("afternoon", "evening")
        hour = hour % 12 + (12 if pm else 0)
    day = (g.get("day") or "").lower()
    if anchor is None:
        return f"XXXX-XX-XXT{hour:02d}:{minute:02d}", "TIME"
    when: dt.date | None = anchor
    if day in _WEEKDAYS:
        when = _weekday(anchor, day, "", future)
    elif day in ("yesterday", "tomorrow"):
        when = anchor + dt.timedelta(days=-1 if day == "yesterday" else 1)
    elif g.get("mon"):
        when = _past_month_day(anchor, _month(g["mon"] or ""), int(re.sub(r"\D", "", g["d"] or "0") or 0), future)
    if when is None:
        return None
    return f"{when.isoformat()}T{hour:02d}:{minute:02d}", "TIME"


def _fin_period(g: dict[str, Any], low: str, anchor: dt.date | None) -> tuple[str, str] | None:
    """Periods of a results story, resolved later against the quarter the story reports (see
    :func:`newstrace.temporal.context.resolve_quarters`): "@Q<shift>" is that quarter shifted by whole
    years, "@Y<year>" the same quarter of a given year; after "~" the value to use when the story names
    no quarter."""
    if anchor is None:
        return None
    ordinal = f":{_ORD[g['o'].lower()]}" if g.get("o") else ""
    if g.get("u") is None:  # "year-ago", "year-earlier"
        return f"@Q-1~{anchor.year - 1}", "DATE"
    if not (re.match(r"(?:the|its|that)\b", low) or g.get("ya") or g.get("fy") or g.get("rel")):
        return None  # a bare "quarter" ("every quarter", "a quarter of the vote")
    if (g.get("u") or "").lower() == "period" and not (g.get("ya") or g.get("fy") or g.get("rel") or g.get("ago") or
                                                    re.search(r"latest|most recent|corresponding|comparable", low)):
        return None  # "the period" alone is too vague to place
    if g.get("ya") or g.get("ago"):
        return f"@Q-1{ordinal}~{anchor.year - 1}", "DATE"
    if g.get("fy"):
        return f"@Y{g['fy']}{ordinal}~{g['fy']}", "DATE"
    if g.get("rel"):
        shift = {"this": 0, "last": -1, "next": 1}[g["rel"].lower()]
        return f"@Q{shift:+d}{ordinal}~{anchor.year + shift}", "DATE"
    if "current" in low:
        return f"{anchor.year}-Q{(anchor.month - 1) // 3 + 1}", "DATE"
    if ordinal:
        return None  # a plain ordinal quarter: the "quarter" rule
    return "@Q+0~", "DATE"


# A half unit written in the next smaller one, as TimeML does ("2 1/2 years" -> P2Y6M).
_HALF = {"Y": "6M", "D": "T12H", "H": "30M", "S": ""}


def _unit_value(n: float | None, unit: str) -> str:
    u = unit.lower().rstrip("s")
    if u.startswith("centur"):
        u = "century"
    tpre, code = _UNITS.get(u, ("", "D"))
    if code == "2W":
        return f"P{2 * int(n)}W" if n else "PXW"
    if n and n != int(n):
        half = "30S" if (tpre, code) == ("T", "M") else _HALF.get(code)
        if half is None or int(n) == 0:
            return f"P{tpre}X{code}"
        return f"P{tpre}{int(n)}{code}{half}"
    if code == "DE" and n:  # TBAQ writes decades in years: "two decades" -> P20Y
        return f"P{10 * int(n)}Y"
    amount = str(int(n)) if n else "X"
    return f"P{tpre}{amount}{code}"


def _normalise(name: str, m: re.Match[str], anchor: dt.date | None, future: bool = False
               ) -> tuple[str, str] | None:
    g = m.groupdict()
    low = m.group(0).lower()
    if name == "clock":
        return _clock(g, anchor, future)
    if name == "anaphor":
        if g.get("ba"):
            return f"@R{-1 if g['ba'].lower() == 'before' else 1:+d}day", "DATE"
        if g.get("part"):  # "in the morning": of the day the text is at
            part = g["part"].lower()
            return f"@R+0day:{_PARTS[part]}", "TIME"
        det, unit = g["det"].lower(), g["u"].lower()
        shift = 1 if re.search(r"next|following", det) else -1 if re.search(r"previous|preceding", det) else 0
        if unit in _PARTS:
            return f"@R{shift:+d}day:{_PARTS[unit]}", "TIME"
        return f"@R{shift:+d}{unit}", "DATE"
    if name in ("fin_period", "fin_bare"):
        return _fin_period(g, low, anchor)
    if name == "range_md":
        month, d1, d2 = _month(g["mon"]), int(re.sub(r"\D", "", g["d1"])), int(re.sub(r"\D", "", g["d2"]))
        if not month or d2 <= d1:
            return None
        if g.get("y"):
            year = _year(g["y"])
        elif anchor is not None:
            first = _past_month_day(anchor, month, d1, future)
            if first is None:
                return None
            year = first.year
        else:
            return None
        try:
            a, b = dt.date(year, month, d1), dt.date(year, month, d2)
        except ValueError:
            return None
        return f"P{(b - a).days + 1}D|{a.isoformat()}|{b.isoformat()}", "DURATION"
    if name == "range_y":
        y1 = _year(g.get("y1") or g["b1"])
        y2s = g.get("y2") or g["b2"]
        y2 = _year(y2s) if not y2s.isdigit() or len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
        if not y1 < y2 <= y1 + 200:
            return None
        return f"P{y2 - y1 + 1}Y|{y1}|{y2}", "DURATION"
    if name in ("iso", "us_numeric"):
        y = _year(g["y"]) if len(g["y"]) == 4 else 1900 + _year(g["y"]) + (100 if _year(g["y"]) < 50 else 0)
        try:
            return dt.date(y, int(g["m"]), int(g["d"])).isoformat(), "DATE"
        except ValueError:
            return None
    if name in ("mdy", "dmy"):
        month, day = _month(g["mon"]), int(re.sub(r"\D", "", g["d"]))
        if not month:
            return None
        if g.get("y"):
            try:
                return dt.date(_year(g["y"]), month, day).isoformat(), "DATE"
            except ValueError:
                return None
        if anchor is None:
            return f"XXXX-{month:02d}-{day:02d}", "DATE"
        d = _past_month_day(anchor, month, day, future)
        return (d.isoformat(), "DATE") if d else None
    if name == "month_year":
        return f"{_year(g['y']):04d}-{_month(g['mon']):02d}", "DATE"
    if name == "season":
        return f"{_year(g['y'])}-{_SEASONS[g['s'].lower()]}", "DATE"
    if name == "season_rel":
        if anchor is None:
            return f"XXXX-{_SEASONS[g['s'].lower()]}", "DATE"
        rel = g["rel"].lower()
        year = anchor.year + (-1 if rel in ("last", "the past") else 1 if rel in ("next", "the coming") else 0)
        if rel == "this past" and _SEASONS[g["s"].lower()] in ("SU", "FA") and anchor.month < 7:
            year -= 1  # "this past summer" written in spring is last year's
        return f"{year}-{_SEASONS[g['s'].lower()]}", "DATE"
    if name == "quarter":
        q = _ORD[g["o"].lower()]
        if g.get("y"):
            qyear = g["y"]
        elif anchor is None:
            qyear = "XXXX"
        else:  # results are reported for a quarter that has begun, else it is last year's
            qyear = f"{anchor.year - (1 if q > (anchor.month - 1) // 3 + 1 else 0):04d}"
        return f"{qyear}-Q{_ORD[g['o'].lower()]}", "DATE"
    if name == "decade":
        if g.get("dec"):
            return g["dec"][:3], "DATE"
        if g.get("d2"):
            return f"19{g['d2'][0]}", "DATE"
        return f"19{_TEN_WORDS[g['dw'].lower().replace('ies', 'y')] // 10}", "DATE"
    if name == "century":
        return f"{int(g['c']) - 1:02d}", "DATE"
    if name == "ago":
        amount = _num(g["n"])
        u = g["u"].lower().rstrip("s")
        direction = g["dir"].lower()
        if direction in ("later", "before") or (direction == "earlier" and not (u == "year" and amount == 1)):
            return _unit_value(amount, g["u"]), "DURATION"  # "three days later": how long, not when
        if amount is not None and amount != int(amount):
            return "PAST_REF", "DATE"
        n = None if amount is None else int(amount)
        if direction == "from now":
            if anchor is None or n is None:
                return "FUTURE_REF", "DATE"
            n = -n
        if anchor is None or n is None:
            return "PAST_REF", "DATE"
        if u == "day":
            return (anchor - dt.timedelta(days=n)).isoformat(), "DATE"
        if u == "week":
            return _week(anchor - dt.timedelta(weeks=n)), "DATE"
        if u == "month":
            return _shift_month(anchor, -n), "DATE"
        if u == "year":
            if n == 1 and g["dir"].lower() in ("ago", "earlier"):
                return f"@Q-1~{anchor.year - 1}", "DATE"  # a quarter in a results story
            return f"{anchor.year - n:04d}", "DATE"
        return "PAST_REF", "DATE"
    if name in ("past_n", "the_n"):
        return _unit_value(_num(g["n"]), g["u"]), "DURATION"
    if name == "rel_unit":
        rel, unit = g["rel"].lower(), g["u"].lower()
        step = -1 if rel in ("last", "past", "previous") else 1 if rel in ("next", "coming") else 0
        if anchor is None:
            return None
        if unit == "week":
            return _week(anchor + dt.timedelta(weeks=step)), "DATE"
        if unit == "weekend":
            return _week(anchor + dt.timedelta(weeks=step)) + "-WE", "DATE"
        if unit == "month":
            return _shift_month(anchor, step), "DATE"
        if unit == "decade":
            return f"{anchor.year // 10 + step:03d}", "DATE"
        if unit == "quarter":
            k = (anchor.year * 4 + (anchor.month - 1) // 3) + step
            return f"{k // 4}-Q{k % 4 + 1}", "DATE"
        return f"{anchor.year + step:04d}", "DATE"
    if name == "the_unit":
        unit = g["u"].lower()
        if unit == "year" and (g.get("fy") or re.match(r"\s+end(?:ed|ing)\b", m.string[m.end():m.end() + 8])):
            return "P1Y", "DURATION"  # "the year ended March 31", "throughout the fiscal year"
        if anchor is None:
            return None
        if unit == "quarter":  # "the quarter" in a results story: the one it reports
            return "@Q+0~", "DATE"
        if unit == "year":
            return f"{anchor.year:04d}", "DATE"
        if unit == "weekend":  # "over the weekend": the last one (the current one on a Saturday or Sunday)
            return _week(anchor - dt.timedelta(days=0 if anchor.weekday() >= 5 else 7)) + "-WE", "DATE"
        return _week(anchor), "DATE"
    if name == "rel_day":
        if anchor is None:
            return None
        low = re.sub(r"^(?:early|earlier|late|later)\s+", "", low)
        if "before yesterday" in low:
            return (anchor - dt.timedelta(days=2)).isoformat(), "DATE"
        if "after tomorrow" in low:
            return (anchor + dt.timedelta(days=2)).isoformat(), "DATE"
        if low == "tonight":
            return f"{anchor.isoformat()}TNI", "TIME"
        if "last" in low:
            return f"{(anchor - dt.timedelta(days=1)).isoformat()}TNI", "TIME"
        offset = {"today": 0, "yesterday": -1, "tomorrow": 1}[low]
        return (anchor + dt.timedelta(days=offset)).isoformat(), "DATE"
    if name == "part_of_day":
        if anchor is None:
            return None
        rel = g["rel"].lower()
        if rel in _WEEKDAYS:
            when = _weekday(anchor, rel, "", future)
        else:
            when = anchor + dt.timedelta(days={"this": 0, "yesterday": -1, "tomorrow": 1}[rel])
        return f"{when.isoformat()}T{_PARTS[g['part'].lower()]}", "TIME"
    if name == "weekday":
        if anchor is None:
            return None
        return _weekday(anchor, g["wd"], (g.get("rel") or "").strip().lower(), future).isoformat(), "DATE"
    if name == "month":
        month = _month(g["mon"])
        rel = (g.get("rel") or "").strip().lower()
        if anchor is None:
            return f"XXXX-{month:02d}", "DATE"
        ahead = (month - anchor.month) % 12
        if rel == "next":
            year = anchor.year + (1 if month <= anchor.month else 0)
        elif rel == "this":
            year = anchor.year
        elif g.get("yrel"):  # "June last year"
            year = anchor.year + {"this": 0, "last": -1, "next": 1}[g["yrel"].lower()]
        elif rel == "last":  # "last April" is the latest April before this month, as in TimeML
            year = anchor.year if month < anchor.month else anchor.year - 1
        elif 0 < ahead <= _MONTH_AHEAD_DEADLINE and _DEADLINE.search(m.string[max(0, m.start() - 14):m.start("mon")]):
            year = anchor.year if month > anchor.month else anchor.year + 1  # "by August": a deadline ahead
        elif 0 < ahead <= (_MONTH_AHEAD_CUE if future else _MONTH_AHEAD):
            year = anchor.year if month > anchor.month else anchor.year + 1
        else:
            year = anchor.year if month <= anchor.month else anchor.year - 1
        return f"{year:04d}-{month:02d}", "DATE"
    if name == "year":
        return str(_year(g["y"] or g["sy"])), "DATE"
    if name == "duration":
        amount = _num(g["n"])
        return _unit_value(amount + 0.5 if amount and g.get("half") else amount, g["u"]), "DURATION"
    if name == "set":
        if g.get("swd") or g.get("pwd"):  # "each Thursday", "on Mondays", "Tuesday nights"
            part = _PARTS.get((g.get("pp") or "").lower().rstrip("s"), "")
            return f"XXXX-WXX-{_WEEKDAYS[(g['swd'] or g['pwd']).lower()] + 1}{'T' + part if part else ''}", "SET"
        if g.get("smon"):
            return f"XXXX-{_month(g['smon']):02d}", "SET"
        if low.startswith("each") and not re.search(r"month|week|day", low):
            return None  # "each" + unit is mostly "per" in figures ("$2 each year"); "each month" is kept
        for word, value in (("hourly", "PT1H"), ("quarter", "P1Q"), ("day", "P1D"), ("daily", "P1D"),
                            ("week", "P1W"), ("month", "P1M"), ("year", "P1Y"), ("annual", "P1Y"),
                            ("morning", "TMO"), ("night", "TNI"), ("evening", "TEV")):
            if word in low:
                return value, "SET"
        return None
    if name == "for_units":
        return _unit_value(None, g["u"]), "DURATION"
    if name == "holiday":
        if anchor is None:
            return None
        return _holiday(anchor, g["h"], (g.get("rel") or "").strip().lower(), future)
    if name == "recent":  # TBAQ: "recent months" PXM, but "recent years" PAST_REF
        if g["u"].lower().startswith("year"):
            return "PAST_REF", "DATE"
        return _unit_value(None, g["u"]), "DURATION"
    if name == "half":
        if g.get("y"):
            hyear = _year(g["y"])
        elif anchor is None:
            return None
        else:
            hyear = anchor.year + {"this": 0, "the": 0, "last": -1, "next": 1}[(g.get("rel") or "the").lower()]
        return f"{hyear}-H{1 if g['h'].lower() == 'first' else 2}", "DATE"
    if name == "vague":
        if low.startswith("then"):
            return "PAST_REF", "DATE"
        if low in ("now", "right now", "currently", "at present", "nowadays", "these days", "current"):
            return "PRESENT_REF", "DATE"
        if "future" in low or low == "soon":
            return "FUTURE_REF", "DATE"
        return "PAST_REF", "DATE"
    return None


def find_timexes(text: str, published: str | dt.date | None) -> list[Timex]:
    """Temporal expressions of ``text`` with TIMEX3 values relative to the publication date.

    Rules run in priority order; a later rule never takes characters an earlier one matched, so
    "December 10, 2016" is one date, not a month, a day and a year.
    """
    anchor = published if isinstance(published, dt.date) else parse_anchor(published)
    taken = bytearray(len(text))
    out: list[Timex] = []
    for name, rx in _RULES:
        for m in rx.finditer(text):
            start, end = m.span()
            if any(taken[start:end]):
                continue
            if name == "month" and not _month_word_is_month(text, m):
                continue
            if name in ("duration", "past_n", "ago") and m.group("n").lower() in ("some", "many", "few") and \
                    m.group("u").lower().endswith("s") is False:
                continue
            if name == "duration" and re.match(r"[- ]old\b", text[end:end + 4]):
                continue  # "a 6-year-old": an age, not a duration
            if name == "duration" and text[end:end + 4] == "-old":
                continue
            if name in ("duration", "the_n") and m.group("u").lower().startswith("quarter") and \
                    (m.group("n").lower() in ("a", "an") or (re.match(r"\s+of\b", text[end:end + 4]) and
                                                             m.group("n").lower() not in ("several", "many", "few"))):
                continue  # "a quarter of the vote", "three quarters of them"
            future = _future_near(text, start) if name in ("weekday", "part_of_day", "clock") else \
                _future_context(text, start, end)
            try:
                norm = _normalise(name, m, anchor, future)
            except (ValueError, OverflowError):  # a date pushed out of the calendar (anchor near year 1 or 9999)
                continue
            if norm is None or re.match(r"\d{5}", norm[0]):  # no year 10000
                continue
            if name == "duration" and m.group("n").lower() in ("a", "an") and \
                    (norm[0].startswith("PX") or _is_rate(text, start)):
                continue
            if name == "ago" and norm[1] == "DURATION":
                end = m.end("u")  # the span is the amount of time; "later" relates it to an event
            if "|" in norm[0]:
                # TimeML writes a range as its two ends ("April 24" and "25"); both carry the bounds
                _, low_end, high_end = norm[0].split("|")
                first, second = ("d1", "d2") if name == "range_md" else \
                    (("y1", "y2") if m.group("y1") else ("b1", "b2"))
                ends = [(m.start("mon") if name == "range_md" else m.start(first), m.end(first), low_end),
                        (m.start(second), end if name == "range_md" else m.end(second), high_end)]
                for a, b, v in ends:
                    out.append(Timex(a, b, text[a:b], v, "DATE", low_end, high_end))
                for k in range(start, end):
                    taken[k] = 1
                continue
            for k in range(start, end):
                taken[k] = 1
            value, begin, finish = (norm[0].split("|") + [None, None])[:3] if "|" in norm[0] else \
                (norm[0], None, None)
            out.append(Timex(start, end, text[start:end], value or "", norm[1], begin, finish))
    out.sort(key=lambda t: t.start)
    return resolve_references(text, resolve_quarters(text, out, anchor), anchor)


_RATE_BEFORE = re.compile(r"(?:\d|\b(?:million|billion|thousand|hundred|percent|cents?|dollars?|times|"
                          r"[a-z]+s))\W*$", re.IGNORECASE)


def _is_rate(text: str, start: int) -> bool:
    """ "$1.76 a year", "four flights a week", "24 hours a day": a rate, not a duration."""
    before = text[max(0, start - 20):start]
    return bool(_RATE_BEFORE.search(before)) and not re.search(r"\b(?:for|within|in|over|than|about|after|"
                                                               r"past|least|once|twice|is|was)\W*$", before)


def _month_word_is_month(text: str, m: re.Match[str]) -> bool:
    """A bare month name is written capitalised; "May" is far more often the modal verb, "March" the verb
    or the noun ("the March for Life")."""
    word = m.group("mon")
    if not word[0].isupper():
        return False
    start, end = m.span("mon")
    if re.match(r"\s+(?:of|for)\s+(?:the\s+)?[A-Z]", text[end:end + 12]):
        return False
    if word != "May" or m.group("rel"):
        return True
    # as a month, "May" follows "in"/"of"/"since" or precedes a year
    before = text[max(0, start - 8):start].lower()
    return bool(re.search(r"(?:in|of|since|until|by|early|late|mid-?)\s*$", before) or
                re.match(r",?\s*\d{4}", text[end:end + 6]))
