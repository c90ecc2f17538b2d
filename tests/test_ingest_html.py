"""HTML extraction: article text, metadata, captions and what was dropped."""

from __future__ import annotations

from pathlib import Path

from newstrace.ingest import ingest


def test_article_and_metadata(fixtures: Path) -> None:
    got = ingest((fixtures / "harbour-page.html").read_bytes(), url="https://www.aegean-courier.example/a/1")
    art = got.article
    assert art.title == "Ferry strike halts traffic in the port of Piraeus"
    assert art.author == "Maria Kostas"
    assert art.published == "2019-06-14"
    assert art.site == "Aegean Courier"
    assert art.language == "en"
    assert art.text.startswith("Seamen's unions walked off the job")
    assert "pension rules" in art.text
    assert art.byline == "By Maria Kostas, June 14, 2019"


def test_chrome_is_dropped_and_listed(fixtures: Path) -> None:
    got = ingest((fixtures / "harbour-page.html").read_bytes())
    for chrome in ("Contact Us", "Heatwave grips the capital", "Subscribe to our newsletter"):
        assert chrome not in got.article.text
        assert chrome in got.removed


def test_figcaption_is_a_caption_not_text(fixtures: Path) -> None:
    got = ingest((fixtures / "harbour-page.html").read_bytes())
    assert got.article.captions == ["Passengers wait beside a docked ferry in Piraeus"]
    assert "Passengers wait beside" not in got.article.text


def test_malformed_html_still_gives_the_article(fixtures: Path) -> None:
    got = ingest((fixtures / "malformed.html").read_bytes())
    assert "Novi Sad" in got.article.text
    assert "Traffic on the old crossing" in got.article.text
    assert any(w.code == "W103" for w in got.warnings)  # no date on the page: said, not guessed


def test_site_falls_back_to_the_url_host() -> None:
    html = ("<html><body><article><p>" + "The committee approved the plan after a long debate. " * 5
            + "</p></article></body></html>")
    got = ingest(html, url="https://www.example.org/news/1")
    assert got.article.site == "example.org"


def test_control_characters_in_markup_do_not_break_extraction() -> None:
    html = ("<html><body><article><p>The ferry left the harbour at noon\x01 with two hundred passengers aboard, "
            "the operator said.</p><div>menu\x02item</div></article></body></html>")
    got = ingest(html)
    assert "two hundred passengers" in got.article.text
    assert "\x01" not in got.article.text


def test_page_cut_in_the_middle_of_a_tag(fixtures: Path) -> None:
    page = (fixtures / "harbour-page.html").read_text(encoding="utf-8")
    cut = page[: page.index("The shipping minister") + 60]  # ends inside a paragraph, no closing tags
    got = ingest(cut)
    assert "more than 2,000 crew members" in got.article.text
    assert got.article.title == "Ferry strike halts traffic in the port of Piraeus"


def test_truncated_gzip_page_is_analysed_with_a_warning(fixtures: Path) -> None:
    import gzip

    data = gzip.compress((fixtures / "harbour-page.html").read_bytes())
    got = ingest(data[: int(len(data) * 0.8)])
    assert "Seamen's unions" in got.article.text
    assert any(w.code == "W105" for w in got.warnings)
