"""Offline language identification with py3langid (langid.py's model, shipped in the wheel).

py3langid LZMA-decompresses its model at every start (half a second of each CLI run), so the
decompressed arrays are written once to the cache folder and loaded from there afterwards.
"""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from newstrace.cache import cache_dir

__all__ = ["detect_language"]


@lru_cache(maxsize=1)
def _identifier() -> Any:
    import lzma
    import shutil
    from importlib.metadata import version

    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
    from py3langid.modelio import _to_array

    cached = cache_dir() / f"py3langid-{version('py3langid')}.npz"
    if not cached.exists():
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=cached.parent, suffix=".tmp", delete=False) as tmp, \
                    lzma.open(Path(MODEL_DIR) / MODEL_FILE) as src:
                shutil.copyfileobj(src, tmp, length=1 << 20)
            os.replace(tmp.name, cached)  # atomic: parallel workers never read half a file
        except OSError:  # a read-only home: fall back to the package's own (slower) loader
            return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    with np.load(cached, allow_pickle=False) as data:
        return LanguageIdentifier(
            np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(),
            _to_array(data["nextmove"]), data["out_feat"].tolist(), norm_probs=True,
            tk_row=_to_array(data["nextmove_row"]),
        )


def detect_language(text: str) -> tuple[str | None, float]:
    """The ISO 639-1 code of the text's language and its probability; (None, 0) for too little text."""
    sample = text[:20000]
    if len(sample.split()) < 3:
        return None, 0.0
    lang, prob = _identifier().classify(sample)
    return str(lang), float(prob)
