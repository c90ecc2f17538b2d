"""Normalised keys for place names, so spelling variants of one toponym meet in the index.

Hand-written because no library folds the transliteration habits of news about the Arabic-speaking
world: the article written as a separate word (``al-``, ``ar-``, ``ez-``, ``el-`` …) or fused onto
a sun letter (``Ezzor``, ``Arraqqa``), with hyphens, apostrophes and ayn marks (``ʿ``) in between.
Both the gazetteer and the recogniser use :func:`name_key`, so "Deir Ezzor", "Deir ez-Zor" and
"Deir al-Zour" all reduce to keys that meet (the last via the GeoNames alternate name it has).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["is_latin_name", "name_key", "skeleton_key"]

# Separate-word Arabic articles (and common transliterations of them) dropped anywhere in a name.
_ARTICLES = frozenset({"al", "el", "ar", "ad", "az", "ez", "es", "as", "at", "an", "ash", "ed", "er", "en",
                       "et", "ul", "ur", "uz", "ad-", "il"})
# The English article is not part of the toponym for lookups: "the Hague" vs "The Hague", "the Bronx".
_LEADING = frozenset({"the"})
_SUN = "tdrzslnş"
_APOSTROPHES = "'’‘`´ʼʻʿʾ"
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_/.,]+")
_NON_WORD = re.compile(r"[^0-9a-z ]+")
# Anything outside Latin (basic, supplements, extended A/B, additional), spacing and combining marks.
_NON_LATIN = re.compile("[^\u0000-\u024f\u02b0-\u036f\u1e00-\u1eff\u2018\u2019]")


_NO_DECOMPOSITION = str.maketrans({"ı": "i", "ł": "l", "ß": "ss", "ø": "o", "đ": "d", "Ł": "L", "Ø": "O"})
_DROP_APOSTROPHES = str.maketrans({c: None for c in _APOSTROPHES})


def _fold(text: str) -> str:
    if text.isascii():  # the common case, and the gazetteer build folds a million names
        return text.lower()
    # NFKD splits "é" into "e" + a combining accent, which is then dropped; ı/ł have no decomposition.
    decomposed = unicodedata.normalize("NFKD", text.translate(_NO_DECOMPOSITION))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def is_latin_name(name: str) -> bool:
    """True when the name folds to Latin letters (names in other scripts never match English text)."""
    if _NON_LATIN.search(name):  # Cyrillic, Arabic, Han ...: rejected without folding
        return False
    folded = _fold(name)
    if folded.isascii():
        return any("a" <= c <= "z" for c in folded)
    return any("a" <= c <= "z" for c in folded) and all(c.isascii() or c in _APOSTROPHES for c in folded)


def name_key(name: str) -> str:
    """The lookup key of a name: folded, articles dropped, separators collapsed.

    >>> name_key("Deir ez-Zor") == name_key("Deir Ezzor") == name_key("DEIR EZ ZOR")
    True
    """
    folded = _fold(name).translate(_DROP_APOSTROPHES)
    words = [w for w in _SEPARATORS.split(_NON_WORD.sub(" ", folded.replace("-", " "))) if w]
    out: list[str] = []
    for i, w in enumerate(words):
        if w in _ARTICLES and i + 1 < len(words):
            continue  # "deir ez zor" -> "deir zor"; a final "al" is a word, not an article
        if i == 0 and w in _LEADING and len(words) > 1:
            continue
        if i > 0 and len(w) > 4 and w[0] in "ae" and w[1] == w[2] and w[1] in _SUN:
            w = w[2:]  # fused article on a sun letter: "ezzor" -> "zor", "arraqqa" -> "raqqa"
        out.append(w)
    return " ".join(out)


def skeleton_key(key: str) -> str:
    """A coarser key for a fallback match: vowels after the first letter dropped, doubles collapsed.

    "deir zour" and "deir zor" (or "raqqah" and "raqa") share a skeleton; only used when the exact
    key finds nothing, and scored lower.
    """
    out: list[str] = []
    for word in key.split():
        if word.endswith("h") and len(word) > 3:
            word = word[:-1]
        s = word[0] + re.sub(r"[aeiouy]", "", word[1:])
        s = re.sub(r"(.)\1+", r"\1", s)
        out.append(s)
    return " ".join(out)
