"""Quotations that run across sentences: a quoted sentence takes the attribution of its quote.

"“We will hold the town. We have the men,” the governor said." — the first sentence has no cue of
its own; it is reported because the quotation it belongs to is attributed in the next sentence.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newstrace.nlp import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["doc_quotes", "quote_regions"]

# Curly, straight and guillemet quotations, and the doubled apostrophes some archives (the New York
# Times' among them) write for both the opening and the closing mark (''We will,'' she said).
_OPEN_CLOSE = re.compile(r"“[^“”]*”|''(?:(?!'')[^\n])*''|\"[^\"\n]*\"|«[^«»]*»")


def quote_regions(text: str, min_chars: int = 20) -> list[tuple[int, int]]:
    """Character ranges of quotations (marks included) of at least ``min_chars`` characters."""
    return [(m.start(), m.end()) for m in _OPEN_CLOSE.finditer(text) if m.end() - m.start() >= min_chars]


def doc_quotes(doc: Doc) -> list[tuple[int, int]]:
    """The quotations of a parsed text of at least 3 characters, found once and kept in ``doc.user_data``
    (the attribution rules and the attribution tagger both read them)."""
    cached = doc.user_data.get("newstrace_quotes")
    if cached is None:
        cached = quote_regions(doc_text(doc), min_chars=3)
        doc.user_data["newstrace_quotes"] = cached
    return list(cached)
