"""The scraped-text line filter: chrome out, captions and notes moved, byline parsed, nothing lost."""

from __future__ import annotations

import re

import pytest

from newstrace.ingest.text import clean_scraped_text, parse_byline


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def test_example_chrome_is_removed_and_listed(example_text: str) -> None:
    out = clean_scraped_text(example_text)
    for chrome in ("Skip to content", "Related Posts", "Share on Facebook", "Tweet",
                   "Subscribe to our newsletter", "© 2018 Eastern Dispatch. All rights reserved."):
        assert chrome not in out.text
        assert chrome in out.removed


def test_repeated_caption_is_kept_once(example_text: str) -> None:
    out = clean_scraped_text(example_text)
    caption = "Satellite image of the Tishrin dam on the Euphrates river"
    assert out.captions == [caption]
    assert caption not in out.text
    assert out.removed.count(caption) == 1  # the second copy is listed as dropped


def test_editors_note_goes_to_notes(example_text: str) -> None:
    out = clean_scraped_text(example_text)
    assert len(out.notes) == 1 and out.notes[0].startswith("EDITOR'S NOTE")
    assert "content-sharing agreement" not in out.text


def test_byline_with_outlet_and_date(example_text: str) -> None:
    out = clean_scraped_text(example_text)
    assert out.byline == "By Levant Wire Agency, March 4, 2018"
    assert out.outlet == "Levant Wire Agency"
    assert out.author is None
    assert out.published == "2018-03-04"
    assert out.title == "Water and wheat: the fight for the Euphrates crossings"


def test_nothing_the_user_gave_is_lost(example_text: str) -> None:
    out = clean_scraped_text(example_text)
    kept = " ".join([out.text, out.title or "", out.byline or "", *out.captions, *out.notes, *out.removed])
    for line in example_text.splitlines():
        if line.strip():
            assert _norm(line) in _norm(kept), line


def test_body_paragraphs_stay_in_order(example_text: str) -> None:
    out = clean_scraped_text(example_text)
    paras = out.text.split("\n\n")
    assert paras[0].startswith("On March 2,")
    assert paras[-1].startswith("Yesterday,")
    assert len(paras) == 5


@pytest.mark.parametrize(
    ("line", "who", "date"),
    [
        ("By Inside Track Media Centre, Dec 13, 2016", "Inside Track Media Centre", "2016-12-13"),
        ("By Jane Doe | 3 March 2020", "Jane Doe", "2020-03-03"),
        ("By Jane Doe", "Jane Doe", None),
        ("By John Roe, Senior Correspondent", "John Roe", None),
        ("Posted by Desk Staff on 2021-07-09", "Desk Staff", "2021-07-09"),
    ],
)
def test_parse_byline(line: str, who: str, date: str | None) -> None:
    parsed = parse_byline(line)
    assert parsed is not None
    assert parsed[0] == who
    assert parsed[1] == date


def test_a_sentence_is_not_a_byline() -> None:
    assert parse_byline("The bridge was built by engineers from three countries over many years.") is None


def test_person_byline_sets_author_not_outlet() -> None:
    raw = "Quiet week in the valley\n\nBy Anna Berg, May 5, 2022\n\n" + (
        "The valley saw no rain for a week, and farmers said the harvest would start later than usual.\n"
    )
    out = clean_scraped_text(raw)
    assert out.author == "Anna Berg" and out.outlet is None


def test_plain_article_without_chrome_is_untouched() -> None:
    raw = ("The council met on Monday to discuss the budget for the coming year in detail.\n\n"
           "Members agreed to postpone the vote until the auditors had reported back to them.")
    out = clean_scraped_text(raw)
    assert out.text == raw
    assert out.removed == [] and out.captions == [] and out.notes == []
