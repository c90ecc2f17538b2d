"""Line-level cleaning of scraped plain text: chrome, captions, publisher notes and the byline.

Scraped text (copied from a browser, a crawler's text dump, a paste into a fact-checking form) has
lost its HTML, so boilerplate removers that work on the DOM (trafilatura, jusText, readability) have
nothing to hold on to. No maintained library cleans text at the level of lines, so this module does,
with rules that each say why they fire:

* **chrome** – navigation and widgets ("Recent Posts", "Contact Us", "Translate »", search prompts,
  chat/contact widgets, share buttons, copyright lines) and the short unpunctuated lines that surround
  the body before its first and after its last paragraph;
* **captions** – an image caption repeated on the page (a lazy-loaded image and its alt text) or a
  line that introduces a picture ("Map showing …", "Photo: …"): one copy is kept in ``captions``;
* **notes** – publisher notes such as "EDITOR'S NOTE: …" disclaimers go to ``notes``;
* **byline** – "By Inside Syria Media Center, Dec 13, 2016" gives ``byline``, ``outlet`` (or a
  person's name as author) and ``published``.

Everything dropped is listed in ``removed``; nothing the user gave is silently lost.
The same filter runs on trafilatura's output for HTML pages, where it finds notes and captions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newstrace.ingest.dates import parse_absolute_date

__all__ = ["CleanText", "clean_scraped_text", "parse_byline"]

# Exact (case-insensitive, punctuation-trimmed) lines that are navigation or widgets.
_CHROME_LINES = {
    "home", "menu", "search", "search for", "recent posts", "recent comments", "related posts",
    "related articles", "popular posts", "most read", "contact us", "contact", "about us", "about",
    "privacy policy", "terms of use", "terms and conditions", "cookie policy", "share", "share this",
    "share on facebook", "share on twitter", "tweet", "email", "print", "subscribe", "newsletter",
    "follow us", "skip to content", "skip to main content", "leave a comment", "leave a reply",
    "comments", "archives", "categories", "tags", "next post", "previous post", "read more",
    "advertisement", "sponsored", "translate", "log in", "login", "sign up", "register", "donate",
    "close", "back to top", "loading", "like this", "like", "reply", "support us",
}
# Patterns for chrome that carries more words (widgets, prompts, legal lines).
_CHROME_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^translate\s*[»>›]*$",
        r"^(start typing|type here|enter keywords?).{0,40}(search|enter)",
        r"^press enter to search",
        r"we('|’)re not (around|available) right now",
        r"^send us an? (email|message)",
        r"^(©|\(c\)|copyright\b)",
        r"all rights reserved\.?$",
        r"^powered by\b",
        r"^(we|this (web)?site) uses? cookies",
        r"^(share|follow|like) (this|us) on\b",
        r"^(posted|filed) (in|under)\b.{0,60}$",
        r"^(tags?|categories|category)\s*:",
        r"^(sign up|subscribe) (for|to) (our|the)\b",
        r"^click here\b",
        r"^(previous|next) (article|post|story)\b",
        r"^you (may|might) also like\b",
    )
]
_NOTE_START = re.compile(
    r"^(editor(’|'|`)?s(’|')? note|editorial note|note from the editor|disclaimer|publisher(’|')?s note"
    r"|the views (and opinions )?expressed|this (article|story|piece) (was )?(originally|first) "
    r"(published|appeared)|originally published (at|on|by|in)|republished (from|with)|correction\s*:)",
    re.IGNORECASE,
)
_CAPTION_START = re.compile(
    r"^(\(?(photo|image|picture|map|video|graphic|screenshot|file photo|illustration)\b"
    r"(\s+(showing|of|shows|credit|by|via)\b|\s*[:|(])|map showing|pictured\s*:)",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?:by|from|written by|posted by)\s+(?P<who>[^,|–—]+?)"
    r"(?:\s*(?:,|\||–|—|-|\bon\b)\s*(?P<date>.+?))?\s*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…:;”\"’')\]]\s*$")
# Words that make a byline name an organisation (an outlet) rather than a person.
_ORG_WORDS = re.compile(
    r"\b(media|center|centre|news|agency|press|times|post|network|tv|television|radio|service|"
    r"institute|staff|desk|team|group|journal|daily|gazette|herald|tribune|reuters|afp|ap|"
    r"associated|bureau|foundation|council|ministry|channel|magazine|review|report|monitor|"
    r"observatory|editorial|editors|wire)\b",
    re.IGNORECASE,
)
_CATEGORY_LABEL = re.compile(r"^(?i:in|posted in|category)\s+[A-Z][\w &-]{0,40}$")


@dataclass
class CleanText:
    """The result of cleaning: the body text and what was moved or dropped."""

    text: str
    title: str | None = None
    byline: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: str | None = None
    captions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _norm(line: str) -> str:
    return re.sub(r"[\s\W_]+", " ", line.lower()).strip()


def _is_chrome(line: str) -> bool:
    if _norm(line) in _CHROME_LINES:
        return True
    return any(p.search(line) for p in _CHROME_PATTERNS)


def _is_paragraph(line: str) -> bool:
    """A body paragraph: a sentence-like line of some length that ends like prose."""
    return len(line.split()) >= 8 and bool(_SENTENCE_END.search(line))


def parse_byline(line: str) -> tuple[str, str | None, str | None] | None:
    """Parse "By X, Dec 13, 2016" into (who, date as YYYY-MM-DD or None, date text or None)."""
    m = _BYLINE.match(line.strip())
    if not m or len(m.group("who").split()) > 8:
        return None
    who = m.group("who").strip()
    date_text = (m.group("date") or "").strip() or None
    date = parse_absolute_date(date_text) if date_text else None
    if date_text and date is None:
        # "By X, Senior Correspondent" - the tail is a role, not a date.
        return who, None, None
    return who, date, date_text


def _find_title(header: list[str]) -> int | None:
    """The headline among the lines before the first paragraph: the longest unpunctuated line of
    three or more words that is not chrome, preferring the one just above a byline."""
    best: tuple[int, int] | None = None
    for i, ln in enumerate(header):
        words = len(ln.split())
        if words < 3 or words > 25 or _SENTENCE_END.search(ln) or _is_chrome(ln):
            continue
        if _CATEGORY_LABEL.match(ln) or parse_byline(ln) or _CAPTION_START.match(ln):
            continue
        above_byline = i + 1 < len(header) and parse_byline(header[i + 1]) is not None
        score = words + (100 if above_byline else 0)
        if best is None or score > best[0]:
            best = (score, i)
    return best[1] if best else None


def clean_scraped_text(raw: str, *, scraped: bool = True) -> CleanText:
    """Clean scraped page text line by line (see the module docstring for the rules).

    ``scraped=False`` is for text a DOM extractor already cleaned (trafilatura's output): only the
    explicit rules run (notes, byline, chrome patterns); the positional ones (title, short lines
    around the body, repeated lines as captions) would cut real content such as recipe lists.
    """
    lines = [ln.strip() for ln in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [ln for ln in lines if ln]
    out = CleanText(text="")
    counts: dict[str, int] = {}
    for ln in lines:
        counts[_norm(ln)] = counts.get(_norm(ln), 0) + 1

    para_idx = [
        i for i, ln in enumerate(lines) if _is_paragraph(ln) and not _is_chrome(ln) and not _NOTE_START.match(ln)
    ]
    first_para = para_idx[0] if para_idx else 0
    last_para = para_idx[-1] if para_idx else len(lines) - 1

    title_idx = _find_title(lines[:first_para]) if scraped else None
    body: list[str] = []
    seen_captions: set[str] = set()
    note_heading = False
    for i, ln in enumerate(lines):
        key = _norm(ln)
        if note_heading:
            # A bare "Editor's note:" heading: the note is the one line that follows it.
            note_heading = False
            out.notes[-1] = f"{out.notes[-1]} {ln}"
            continue
        if _NOTE_START.match(ln):
            out.notes.append(ln)
            note_heading = len(ln.split()) <= 3
            continue
        if out.byline is None and i <= first_para + 1:
            parsed = parse_byline(ln)
            if parsed is not None:
                who, date, _ = parsed
                out.byline = ln
                if _ORG_WORDS.search(who):
                    out.outlet = who
                else:
                    out.author = who
                out.published = out.published or date
                continue
        if not scraped:
            if _is_chrome(ln):
                out.removed.append(ln)
            else:
                body.append(ln)
            continue
        if key in seen_captions:
            out.removed.append(ln)  # the repeated copy of a caption already kept
            continue
        if not _is_paragraph(ln) and (counts[key] > 1 or _CAPTION_START.match(ln)) and len(ln.split()) >= 3:
            out.captions.append(ln)
            seen_captions.add(key)
            continue
        if _is_chrome(ln):
            out.removed.append(ln)
            continue
        if i < first_para:
            if i == title_idx:
                out.title = ln
                continue
            if _CATEGORY_LABEL.match(ln) or (not _SENTENCE_END.search(ln) and len(ln.split()) < 4):
                out.removed.append(ln)  # menu items and section labels such as "In Politics"
                continue
        if i > last_para and not _SENTENCE_END.search(ln) and len(ln.split()) < 6:
            out.removed.append(ln)  # trailing widgets and link lists
            continue
        body.append(ln)
    out.text = "\n\n".join(body)
    return out
