"""Small numeric helpers shared by the model readers (one softmax instead of one per module)."""

from __future__ import annotations

import numpy as np

__all__ = ["softmax"]


def softmax(x: np.ndarray) -> np.ndarray:
    """Softmax over the last axis, shifted by the maximum so large logits do not overflow."""
    z = x - x.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=-1, keepdims=True))
