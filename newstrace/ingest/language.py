"""Offline language identification with py3langid (langid.py's model, shipped in the wheel)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

__all__ = ["detect_language"]


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """The ISO 639-1 code of the text's language and its probability; (None, 0) for too little text."""
    sample = text[:20000]
    if len(sample.split()) < 3:
        return None, 0.0
    lang, prob = _identifier().classify(sample)
    return str(lang), float(prob)
