"""Sentence vectors from the frozen (not fine-tuned) all-MiniLM-L6-v2, for measurements only.

No analyzer uses the frozen encoder any more, so its graph does not ship: ``export_encoder.py``
writes it into the cache directory (``$NEWSTRACE_CACHE``), and benchmarks that compare against
plain MiniLM vectors (``cv_checkworthy.py --minilm``) read it from there through the same session
loader and batching as the shipped graphs.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.cache import cache_dir
from newstrace.propaganda.encoder import load_session, windowed_batches

__all__ = ["DIM", "frozen_path", "sentence_vectors"]

DIM = 384


def frozen_path() -> Path:
    """Where ``export_encoder.py`` puts the frozen int8 graph."""
    return cache_dir() / "minilm-l6-int8.onnx"


@lru_cache(maxsize=1)
def _load() -> tuple[Any, Any]:
    return load_session(frozen_path(), "the frozen MiniLM (run benchmarks/export_encoder.py first)")


def sentence_vectors(texts: list[str]) -> np.ndarray:
    """Mean-pooled, L2-normalised word-piece vectors (the sentence-transformers pooling), one row per text."""
    session, tokenizer = _load()
    encs = tokenizer.encode_batch(texts, add_special_tokens=False) if texts else []
    sums = np.zeros((len(texts), DIM), dtype=np.float64)
    counts = np.zeros(len(texts))
    for batch, ids, mask in windowed_batches(encs):
        hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
        for row, (ti, s, e) in enumerate(batch):
            sums[ti] += hidden[row, 1 : e - s + 1].sum(axis=0)
            counts[ti] += e - s
    means = sums / np.maximum(counts, 1)[:, None]
    norms = np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-9)
    return np.asarray(means / norms, dtype=np.float32)
