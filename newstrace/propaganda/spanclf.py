"""The span technique classifier: one int8 ONNX graph (MiniLM + a linear layer), no torch.

``minilm-l6-span-int8.onnx`` (trained by ``benchmarks/train_span_techniques.py``, see the model
card) reads one span in its context, marked (``spaninput``), plus article-level features, and gives
14 technique logits. It runs only on spans already found (or given, in the TC benchmark), so its cost
grows with the number of spans, not of sentences. When the file is absent the caller falls back to
the multi-task graph's technique head.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from newstrace.mathutil import softmax
from newstrace.propaganda.encoder import DATA_DIR, load_session
from newstrace.propaganda.labels import TECHNIQUES
from newstrace.propaganda.spaninput import build_inputs, to_batch

__all__ = ["ONNX_PATH", "available", "classify_spans"]

ONNX_PATH = DATA_DIR / "minilm-l6-span-int8.onnx"
_BATCH = 32


@lru_cache(maxsize=1)
def _load() -> tuple[Any, Any]:
    return load_session(ONNX_PATH, "the propaganda span classifier")


def available() -> bool:
    """Whether the span classifier ships in this install."""
    return ONNX_PATH.is_file()


def classify_spans(text: str, spans: list[tuple[int, int]]) -> np.ndarray:
    """(n_spans, 14) technique probabilities of each (start, end) character span of ``text``."""
    out = np.zeros((len(spans), len(TECHNIQUES)), dtype=np.float64)
    if not spans:
        return out
    for s, e in spans:
        if not 0 <= s <= e <= len(text):
            raise ValueError(f"span ({s}, {e}) outside a text of {len(text)} characters")
    session, tokenizer = _load()
    items = build_inputs(tokenizer, text, spans)
    order = sorted(range(len(items)), key=lambda i: len(items[i].ids))  # little padding per batch
    for b in range(0, len(order), _BATCH):
        rows = order[b : b + _BATCH]
        (logits,) = session.run(None, to_batch([items[i] for i in rows]))
        out[rows] = softmax(logits.astype(np.float64))
    return out
