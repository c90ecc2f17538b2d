"""Quantities: numbers with approximators as ranges (our own sentences)."""

from __future__ import annotations

import pytest

from newstrace.claims.numbers import parse_number, parse_number_words
from newstrace.claims.quantities import QuantityMatch, extract_quantities
from newstrace.nlp import parse


def _quantities(text: str) -> dict[str, QuantityMatch]:
    return {q.text: q for q in extract_quantities(parse(text))}


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["7,250"], 7250.0),
        (["3.5"], 3.5),
        (["forty-two"], 42.0),
        (["three", "hundred"], 300.0),
        (["a", "dozen"], 12.0),
        (["1.2", "million"], 1_200_000.0),
        (["two", "hundred", "and", "six"], 206.0),
    ],
)
def test_number_words(words: list[str], value: float) -> None:
    assert parse_number_words(words) == value


def test_parse_number_rejects_non_numbers() -> None:
    assert parse_number("tanks") is None
    assert parse_number("12,34") is None  # malformed thousands grouping
    assert parse_number_words([]) is None
    assert parse_number_words(["seven", "bridges"]) is None


def test_lower_bounds() -> None:
    qs = _quantities("Rebels shelled the port and killed more than 120 sailors. Losses topped 1,500.")
    sailors = qs["more than 120"]
    assert (sailors.low, sailors.high) == (121, None)
    assert sailors.counted == "sailors"
    assert sailors.role == "killed"
    assert any(q.low == 1501 and q.high is None for q in qs.values())


def test_at_least_and_upper_bounds() -> None:
    qs = _quantities("At least nine guards were wounded. Up to 40 boats and fewer than 15 trucks crossed.")
    assert (qs["At least nine"].low, qs["At least nine"].high) == (9, None)
    assert qs["At least nine"].role == "injured"
    assert (qs["Up to 40"].low, qs["Up to 40"].high) == (None, 40)
    assert (qs["fewer than 15"].low, qs["fewer than 15"].high) == (None, 14)


def test_approximate_percent_and_distance() -> None:
    qs = _quantities("Roughly 65 percent of the farmers left the valley, about 90 km from the coast.")
    pct = qs["Roughly 65 percent"]
    assert (pct.low, pct.high, pct.unit, pct.approximate) == (65, 65, "%", True)
    assert pct.counted == "farmers"
    km = qs["about 90 km"]
    assert (km.low, km.unit, km.approximate) == (90, "km", True)


def test_vague_amounts_are_documented_ranges() -> None:
    qs = _quantities("Dozens of drones and hundreds of shells hit the depot; tens of thousands of people fled.")
    assert (qs["Dozens"].low, qs["Dozens"].high, qs["Dozens"].counted) == (24, 99, "drones")
    assert (qs["hundreds"].low, qs["hundreds"].high) == (200, 999)
    assert (qs["tens of thousands"].low, qs["tens of thousands"].high) == (20_000, 99_999)
    assert all(q.vague for q in qs.values())


def test_ranges_and_number_words() -> None:
    qs = _quantities("Between 12 and 18 medics and two hundred volunteers arrived; 4-6 tents burned.")
    assert (qs["Between 12 and 18"].low, qs["Between 12 and 18"].high) == (12, 18)
    assert qs["two hundred"].low == 200
    assert qs["two hundred"].counted == "volunteers"
    assert (qs["4-6"].low, qs["4-6"].high) == (4, 6)


def test_dates_and_ordinals_are_not_quantities() -> None:
    qs = _quantities("On March 3, 2019, the second convoy left.")
    assert not any(q.low in (3, 2019, 2) for q in qs.values())


def test_offsets_point_into_the_text() -> None:
    text = "The toll rose to 17 after some 300 homes collapsed."
    for q in extract_quantities(parse(text)):
        assert text[q.start : q.end] == q.text
        if q.counted_start is not None and q.counted_end is not None:
            assert text[q.counted_start : q.counted_end] == q.counted


def test_empty_and_numberless_text() -> None:
    assert extract_quantities(parse("")) == []
    assert extract_quantities(parse("No figures were given by anyone.")) == []
