"""Temporal expressions: TIMEX3 recognition and normalisation (see :mod:`newstrace.temporal.timex`)."""

from newstrace.temporal.timex import Timex, find_timexes, parse_anchor

__all__ = ["Timex", "find_timexes", "parse_anchor"]
