"""TIMEX3 normalisation on sentences written for these tests."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

from newstrace.temporal.timex import find_timexes, parse_anchor

ANCHOR = "2016-12-13"  # a Tuesday


def values(text: str, anchor: str | None = ANCHOR) -> dict[str, tuple[str, str]]:
    return {t.text: (t.value, t.type) for t in find_timexes(text, anchor)}


@pytest.mark.parametrize(("text", "expr", "value", "kind"), [
    ("On December 10 the talks stalled.", "December 10", "2016-12-10", "DATE"),
    ("On March 3 the talks stalled.", "March 3", "2016-03-03", "DATE"),  # most recent past
    ("The coupon is payable on March 3.", "March 3", "2017-03-03", "DATE"),  # a future cue
    ("The summit opens on December 20.", "December 20", "2016-12-20", "DATE"),  # a week ahead
    ("It was retaken in the spring of 2016.", "the spring of 2016", "2016-SP", "DATE"),
    ("Yesterday the convoy left.", "Yesterday", "2016-12-12", "DATE"),
    ("The vote was last week.", "last week", "2016-W49", "DATE"),
    ("Within one day the town fell.", "one day", "P1D", "DURATION"),
    ("The siege lasted 48 hours.", "48 hours", "PT48H", "DURATION"),
    ("They met on Friday.", "Friday", "2016-12-09", "DATE"),
    ("Prices rose in the third quarter.", "the third quarter", "2016-Q3", "DATE"),
    ("The deal was signed on 3 March 2015.", "3 March 2015", "2015-03-03", "DATE"),
    ("A report dated 2014-07-01 said so.", "2014-07-01", "2014-07-01", "DATE"),
    ("Sales fell in November 2015.", "November 2015", "2015-11", "DATE"),
    ("Patrols run every day.", "every day", "P1D", "SET"),
    ("Three years ago it was calm.", "Three years ago", "2013", "DATE"),
    ("The plant is now closed.", "now", "PRESENT_REF", "DATE"),
    ("It happened in the 1990s.", "the 1990s", "199", "DATE"),
])
def test_normalisation(text: str, expr: str, value: str, kind: str) -> None:
    assert values(text).get(expr) == (value, kind)


def test_spans_point_into_the_text_and_do_not_overlap() -> None:
    text = "On Dec 9, 2016, and again yesterday morning, for several weeks."
    found = find_timexes(text, ANCHOR)
    assert [t.text for t in found] == ["Dec 9, 2016", "yesterday morning", "several weeks"]
    assert found[1].value == "2016-12-12TMO" and found[2].value == "PXW"
    for t in found:
        assert text[t.start:t.end] == t.text
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


def test_may_the_verb_is_not_a_month() -> None:
    assert "May" not in values("They May leave soon.") and values("In May 2015 it rained.")["May 2015"][0] == "2015-05"


def test_without_anchor_relative_dates_are_unresolved() -> None:
    assert "yesterday" not in values("It rained yesterday.", None)
    assert values("On December 10 it rained.", None)["December 10"][0] == "XXXX-12-10"
    assert parse_anchor("not a date") is None and parse_anchor("2016-12-13T10:00:00") == dt.date(2016, 12, 13)


def test_invalid_dates_are_skipped() -> None:
    assert "February 30, 2016" not in values("On February 30, 2016 nothing happened.")
    assert find_timexes("", ANCHOR) == []


def test_ranges_are_two_timexes_that_carry_their_bounds() -> None:
    # TimeML (and TBAQ) tag a range as its two ends; each end also carries the whole range
    text = "Clashes ran December 8-10; the drought lasted from 2014 to 2016."
    found = {t.text: t for t in find_timexes(text, ANCHOR)}
    first, last = found["December 8"], found["10"]
    assert (first.value, first.type, last.value) == ("2016-12-08", "DATE", "2016-12-10")
    assert (first.begin, first.finish) == (last.begin, last.finish) == ("2016-12-08", "2016-12-10")
    assert (found["2014"].value, found["2016"].value, found["2016"].begin) == ("2014", "2016", "2014")
    # two years joined by "and" outside "between" are two dates, not a range
    assert [(t.value, t.begin) for t in find_timexes("The 2014 and 2016 votes.", ANCHOR)] == \
        [("2014", None), ("2016", None)]


@pytest.mark.parametrize(("text", "expr", "value", "kind"), [
    # clock times on their day
    ("Talks broke off at 10 p.m. Wednesday, aides said.", "10 p.m. Wednesday", "2016-12-07T22:00", "TIME"),
    ("The offer runs until 5 p.m. EST, Dec. 20.", "5 p.m. EST, Dec. 20", "2016-12-20T17:00", "TIME"),
    ("They met at noon.", "noon", "2016-12-13T12:00", "TIME"),
    ("The ferry sails at 6 in the evening.", "6 in the evening", "2016-12-13T18:00", "TIME"),
    # a future cue just before the weekday, and a report of the past
    ("The hearing is set to resume Monday in the capital.", "Monday", "2016-12-19", "DATE"),
    ("The minister said Monday that the hearing was over.", "Monday", "2016-12-12", "DATE"),
    ("It had been scheduled to end Friday.", "Friday", "2016-12-09", "DATE"),
    # month-day and bare months close ahead of publication are upcoming
    ("The vote is on January 20.", "January 20", "2017-01-20", "DATE"),
    ("The plant will reopen in January.", "January", "2017-01", "DATE"),
    ("Repairs must be finished by March.", "March", "2017-03", "DATE"),
    ("He resigned last April.", "last April", "2016-04", "DATE"),
    ("The pact was signed in June last year.", "June last year", "2015-06", "DATE"),
    # spoken years, decades and centuries
    ("In nineteen ninety-six the mine closed.", "nineteen ninety-six", "1996", "DATE"),
    ("Crime fell through the nineties.", "the nineties", "199", "DATE"),
    ("It was a 20th century idea.", "20th century", "19", "DATE"),
    ("Prices peaked in the late 1970s.", "the late 1970s", "197", "DATE"),
    # sets, vague references
    ("A ferry leaves each Thursday.", "each Thursday", "XXXX-WXX-4", "SET"),
    ("Interest is paid every quarter.", "every quarter", "P1Q", "SET"),
    ("The market opens on Mondays.", "Mondays", "XXXX-WXX-1", "SET"),
    ("Flights leave on Tuesday nights.", "Tuesday nights", "XXXX-WXX-2TNI", "SET"),
    ("The country has been independent since 1901.", "1901", "1901", "DATE"),
    ("Rates should fall in the near future.", "the near future", "FUTURE_REF", "DATE"),
    ("Its current owners want to sell.", "current", "PRESENT_REF", "DATE"),
    ("Sales slowed in recent months.", "recent months", "PXM", "DURATION"),
    # durations: halves, decades in years, "later" outside the span, quarters as a unit
    ("The refugees stayed 2 1/2 years.", "2 1/2 years", "P2Y6M", "DURATION"),
    ("The call lasted an hour and a half.", "an hour and a half", "PT1H30M", "DURATION"),
    ("Three days later the bridge reopened.", "Three days", "P3D", "DURATION"),
    ("Losses grew over the past two quarters.", "the past two quarters", "P2Q", "DURATION"),
    ("It was the lowest rate in two decades.", "two decades", "P20Y", "DURATION"),
    ("Revenue for the year ended June 30 rose.", "the year", "P1Y", "DURATION"),
    # weekends, halves of a year, holidays
    ("Talks continued over the weekend.", "the weekend", "2016-W49-WE", "DATE"),
    ("Output rose in the first half of 2015.", "the first half of 2015", "2015-H1", "DATE"),
    ("The boy was found last Thanksgiving.", "last Thanksgiving", "2016-11-24", "DATE"),
])
def test_normalisation_beyond_the_seed(text: str, expr: str, value: str, kind: str) -> None:
    assert values(text).get(expr) == (value, kind)


def test_a_year_ago_in_a_results_story_is_the_same_quarter() -> None:
    story = ("Net income rose in the third quarter to $5 million from $3 million a year earlier. "
             "In the year-ago quarter sales were flat.")
    found = values(story)
    assert found["the third quarter"][0] == "2016-Q3"
    assert found["a year earlier"][0] == "2015-Q3" and found["the year-ago quarter"][0] == "2015-Q3"
    # without a quarter in the story it stays a year
    assert values("Prices are higher than a year earlier.")["a year earlier"][0] == "2015"


def test_the_first_quarter_a_story_names_is_its_reference() -> None:
    story = ("Profit fell in the fiscal first quarter. It expects a loss in the fourth quarter. "
             "A year ago it earned more.")
    assert values(story)["A year ago"][0] == "2015-Q1"


def test_references_follow_the_last_date_of_the_text() -> None:
    found = values("On Oct. 23, 2015 the clinic was attacked. The next day police arrived. That year was violent.")
    assert found["The next day"] == ("2015-10-24", "DATE") and found["That year"] == ("2015", "DATE")
    # with no earlier date the publication date is the reference
    assert values("The following day the road reopened.")["The following day"][0] == "2016-12-14"
    assert values("They left on Friday. In the morning the guns fell silent.")["the morning"][0] == "2016-12-09TMO"


def test_old_years_need_a_preposition() -> None:
    assert "1899" not in values("He won 1899 votes.") and values("It was founded in 1848.")["1848"][0] == "1848"


def test_rates_and_fractions_of_things_are_not_durations() -> None:
    found = values("The bond pays $2 a year, and four flights a week leave; a quarter of the vote was lost.")
    assert not any(v[1] == "DURATION" for v in found.values())


@pytest.mark.parametrize("anchor", [ANCHOR, None])
def test_no_internal_placeholder_leaks(anchor: str | None) -> None:
    text = ("In the third quarter profit rose from a year ago; the year-ago period and the latest quarter, "
            "the 2015 period and last year's quarter. The next day and that year. Year-earlier results.")
    for t in find_timexes(text, anchor):
        assert not t.value.startswith("@") and "~" not in t.value and text[t.start:t.end] == t.text


@pytest.mark.parametrize("anchor", ["9999-12-31", "0001-01-01"])
def test_anchors_at_the_ends_of_the_calendar_do_not_crash(anchor: str) -> None:
    text = "Tomorrow and yesterday, next year, the next day, last week, on Monday, next Thanksgiving, 9 a.m. Friday."
    found = find_timexes(text, anchor)
    assert all(text[t.start:t.end] == t.text for t in found)
    assert not any(re.match(r"\d{5}|0000|\d{1,3}(?!\d)", t.value) for t in found)  # four-digit years in 1..9999
