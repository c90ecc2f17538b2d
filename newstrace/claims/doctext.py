"""The text of a spaCy Doc, computed once.

``Doc.text`` joins every token's text on each access (linear in the document), so reading it per
sentence or per match makes an analyzer quadratic in the article length. The claims modules read it
through :func:`doc_text`, which keeps it in ``doc.user_data``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["doc_text"]

_KEY = "newstrace_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached on the Doc."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_KEY] = text
    return str(text)
