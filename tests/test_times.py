"""TIMEX3 normalisation on sentences written for these tests."""

from __future__ import annotations

import datetime as dt
import itertools

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
