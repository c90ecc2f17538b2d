"""Reading the value of a number as written in news: digits, number words and vague amounts.

Hand-written because spaCy only marks *that* a token is number-like, and the libraries that turn
words into numbers (word2number, text2num) neither ship with the runtime nor handle the news
conventions we need ("4,000", "2.5 million", "a dozen", "dozens" as a documented range).

The ranges given to vague amounts are our own convention, documented in
``docs/certainty-guideline.md`` (section "Quantities"): the plural of a round number means "at least
two of it, and fewer than the next order of magnitude" ("dozens" = 24 to 99, "hundreds" = 200 to
999).
"""

from __future__ import annotations

import re

__all__ = ["VAGUE_AMOUNTS", "parse_number", "parse_number_words"]

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000}
_SPECIAL = {"dozen": 12, "half": 0.5, "a": 1, "an": 1}

#: Plural round numbers used as vague amounts: word -> (low, high), both inclusive.
VAGUE_AMOUNTS: dict[str, tuple[int, int]] = {
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "millions": (2_000_000, 9_999_999),
    "billions": (2_000_000_000, 9_999_999_999),
}

_DIGITS = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def parse_number(token: str) -> float | None:
    """The value of one written number token ("4,000", "2.5", "three", "dozen"), or None."""
    text = token.strip().lower()
    if _DIGITS.match(text):
        return float(text.replace(",", ""))
    if text in _UNITS:
        return float(_UNITS[text])
    if text in _TENS:
        return float(_TENS[text])
    if "-" in text:  # "twenty-five"
        head, _, tail = text.partition("-")
        if head in _TENS and tail in _UNITS and _UNITS[tail] < 10:
            return float(_TENS[head] + _UNITS[tail])
    if text in _SCALES:
        return float(_SCALES[text])
    if text == "dozen":
        return 12.0
    return None


def parse_number_words(words: list[str]) -> float | None:
    """The value of a run of number tokens ("two hundred", "2.5 million", "a dozen"), or None.

    Follows the usual grammar of English cardinals: small numbers add up, a scale word multiplies
    what precedes it ("three hundred thousand" = 300,000).
    """
    words = [w.lower() for w in words if w.lower() not in {"and", ""}]
    if not words:
        return None
    total = 0.0
    current = 0.0
    seen = False
    for i, word in enumerate(words):
        if word in ("a", "an") and i == 0 and len(words) > 1:
            current = 1.0
            seen = True
            continue
        if word == "dozen":
            current = (current or 1.0) * 12
            seen = True
            continue
        if word in _SCALES:
            scale = _SCALES[word]
            current = (current or 1.0) * scale
            if scale >= 1000:
                total += current
                current = 0.0
            seen = True
            continue
        value = parse_number(word)
        if value is None:
            return None
        current += value
        seen = True
    return total + current if seen else None
