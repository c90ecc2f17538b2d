"""HTML pages: main text and metadata through trafilatura, publication date through htmldate.

trafilatura does the boilerplate removal and metadata; what it drops is recovered as ``removed``
(the page's visible text lines that are not in the article) so that a user can see what was cut.
Its output then goes through the same line filter as scraped text, which finds publisher notes,
captions and a byline inside the body that trafilatura keeps as ordinary paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
import trafilatura
from htmldate import find_date

from newstrace.ingest.text import clean_scraped_text, parse_byline

__all__ = ["HtmlExtraction", "extract_html"]

_WS = re.compile(r"\s+")
# Control characters are not allowed in XML text: lxml refuses to set them and some pages carry them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLOCKS = (
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "nav", "aside",
    "section", "article", "figure", "figcaption", "blockquote", "pre", "table", "tr", "td", "th", "br",
    "dt", "dd", "form", "main", "title",
)


@dataclass
class HtmlExtraction:
    text: str
    title: str | None = None
    author: str | None = None
    site: str | None = None
    published: str | None = None
    byline: str | None = None
    outlet: str | None = None
    url: str | None = None
    captions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _visible_lines(html: str) -> list[str]:
    """The page's visible text, one line per block, without scripts and styles."""
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    for bad in tree.xpath("//script|//style|//noscript|//template|//svg|//head"):
        bad.drop_tree()
    # text_content() glues adjacent blocks ("HomeWorldContact"): end every block with a newline.
    for el in tree.iter(*_BLOCKS):
        el.tail = "\n" + (el.tail or "")
    text = tree.text_content() if hasattr(tree, "text_content") else ""
    return [_WS.sub(" ", ln).strip() for ln in text.split("\n") if ln.strip()]


def _figcaptions(html: str) -> list[str]:
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    caps = [_WS.sub(" ", c.text_content()).strip() for c in tree.xpath("//figcaption")]
    return list(dict.fromkeys(c for c in caps if c))


def extract_html(html: str, *, url: str | None = None) -> HtmlExtraction:
    """Extract the article of an HTML page; an empty ``text`` means no article was found."""
    html = _CONTROL.sub(" ", html)
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True, as_dict=False
    )
    result = HtmlExtraction(text="", url=url)
    body = ""
    if doc is not None:
        body = getattr(doc, "text", None) or ""
        result.title = getattr(doc, "title", None)
        result.author = getattr(doc, "author", None)
        result.site = getattr(doc, "sitename", None) or getattr(doc, "hostname", None)
        result.published = getattr(doc, "date", None)
        result.url = url or getattr(doc, "url", None)
    if not result.published:
        try:
            result.published = find_date(html, url=url, original_date=True)
        except (ValueError, TypeError):  # htmldate raises on some malformed trees
            result.published = None
    fallback = not body.strip()
    if fallback:
        result.warnings.append("trafilatura found no main text; the page's visible text is used instead")
        body = "\n".join(_visible_lines(html))

    # The full line filter only for the raw visible text; trafilatura's output gets the explicit rules.
    cleaned = clean_scraped_text(body, scraped=fallback)
    result.text = cleaned.text
    result.byline = cleaned.byline
    result.outlet = cleaned.outlet
    result.author = result.author or cleaned.author
    result.published = result.published or cleaned.published
    result.notes = cleaned.notes
    result.captions = list(dict.fromkeys(cleaned.captions + _figcaptions(html)))
    kept = _WS.sub(" ", " ".join([result.text, *result.captions, *result.notes, result.title or ""]))
    dropped = [ln for ln in _visible_lines(html) if ln not in kept]
    result.removed = list(dict.fromkeys(cleaned.removed + dropped))
    if result.byline is None:
        # trafilatura drops the byline line with the chrome; recover it from what was dropped.
        for line in dropped:
            parsed = parse_byline(line)
            if parsed is not None and (parsed[1] or (result.author and parsed[0] in result.author)):
                result.byline = line
                result.published = result.published or parsed[1]
                break
    return result
