"""Reports: the HTML is self-contained and highlights annotations; overlapping marks never break it."""

from __future__ import annotations

import re

import pytest

import newstrace
from newstrace.model import Analysis, Mention, Place, TimeExpression
from newstrace.report import render
from newstrace.report.html import Mark, highlight


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    a = newstrace.analyze(
        "Heavy rain fell on Valencia on 3 May. The river rose by two metres, officials said.",
        published="2021-05-04", only=[],
    )
    # Hand-made records stand in for analyzers, to test rendering on its own.
    start = a.article.text.index("Valencia")
    a.places.append(Place(name="Valencia", lat=39.47, lon=-0.38, country_code="ES", geonames_id=2509954,
                          mentions=[Mention(start=start, end=start + 8, text="Valencia")]))
    t0 = a.article.text.index("3 May")
    a.times.append(TimeExpression(start=t0, end=t0 + 5, text="3 May", value="2021-05-03"))
    return a


def test_html_is_self_contained(analysis: Analysis) -> None:
    html = render(analysis, "html")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<script src" not in html and "@import" not in html


def test_html_highlights_and_links(analysis: Analysis) -> None:
    html = render(analysis, "html")
    assert 'class="sent place"' in html or 'class="place' in html
    assert 'id="p0-0"' in html and 'href="#p0-0"' in html
    assert "2021-05-03" in html


def test_html_escapes_the_article() -> None:
    a = newstrace.analyze('The mayor said "5 < 7 & 9 > 8" and nothing else mattered to the people of the town.',
                          only=[])
    html = render(a, "html")
    assert "5 &lt; 7 &amp; 9 &gt; 8" in re.sub(r"<[^>]+>", "", html)
    assert "5 < 7" not in html


def test_overlapping_marks_cover_every_character_once() -> None:
    text = "alpha beta gamma delta"
    marks = [Mark(0, 10, "a", "A"), Mark(6, 16, "b", "B"), Mark(6, 10, "c", "C")]
    out = str(highlight(text, marks))
    assert re.sub(r"<[^>]+>", "", out) == text
    assert '<span class="a b c" title="A · B · C">beta</span>' in out


def test_geojson_has_the_place(analysis: Analysis) -> None:
    import json

    fc = json.loads(render(analysis, "geojson"))
    assert fc["features"][0]["geometry"] == {"type": "Point", "coordinates": [-0.38, 39.47]}


def test_markdown_lists_removed_and_tables(analysis: Analysis) -> None:
    md = render(analysis, "md")
    assert "## Places" in md and "| Valencia |" in md


def test_unknown_format(analysis: Analysis) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render(analysis, "pdf")
