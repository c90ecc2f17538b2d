"""Quotations that run across sentences: a quoted sentence takes the attribution of its quote.

"“We will hold the town. We have the men,” the governor said." — the first sentence has no cue of
its own; it is reported because the quotation it belongs to is attributed in the next sentence.
"""

from __future__ import annotations

import re

__all__ = ["quote_regions"]

_OPEN_CLOSE = re.compile(r"“[^“”]*”|\"[^\"\n]*\"|«[^«»]*»")


def quote_regions(text: str, min_chars: int = 20) -> list[tuple[int, int]]:
    """Character ranges of quotations (marks included) of at least ``min_chars`` characters."""
    return [(m.start(), m.end()) for m in _OPEN_CLOSE.finditer(text) if m.end() - m.start() >= min_chars]
