"""Contextual word-piece vectors from all-MiniLM-L6-v2, run as an int8 ONNX graph (no torch).

The graph and its ``tokenizer.json`` ship in ``newstrace/data/propaganda/`` (see the model card
there for the origin and licence). Both load once per process, lazily. Sentences are encoded in
batches of similar length; a sentence longer than the window is cut into windows, so every word
piece gets a vector. The vectors come back with the character offsets of their word pieces so that
callers can pool them onto spaCy tokens or spans.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.errors import ModelMissingError

__all__ = ["DATA_DIR", "DIM", "Encoded", "encode", "load_session", "pool", "windowed_batches"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "propaganda"
DIM = 384
_WINDOW = 126  # word pieces per window, leaving room for [CLS] and [SEP] (the fine-tuned graph was trained so)
_BATCH = 32
_LOCK = threading.Lock()


@dataclass
class Encoded:
    """The vectors of one text: ``vectors[i]`` belongs to characters ``offsets[i]`` of that text."""

    vectors: np.ndarray  # (n_pieces, DIM) float32
    offsets: np.ndarray  # (n_pieces, 2) int64, relative to the encoded text


def load_session(onnx_path: Path, what: str) -> tuple[Any, Any]:
    """An onnxruntime session for a MiniLM graph and the shared WordPiece tokenizer (no truncation, no padding).

    Shared by the frozen encoder here and the fine-tuned propaganda graph: both use the same
    tokenizer and the same threading policy.
    """
    with _LOCK:
        tok_path = DATA_DIR / "tokenizer.json"
        if not onnx_path.is_file() or not tok_path.is_file():
            raise ModelMissingError(f"{what} is missing from {DATA_DIR}; reinstall newstrace")
        import onnxruntime as ort
        from tokenizers import Tokenizer

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = int(os.environ.get("NEWSTRACE_THREADS", "0")) or min(2, os.cpu_count() or 1)
        opts.inter_op_num_threads = 1
        # Idle worker threads must not spin: the cores are shared with the rest of the pipeline.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = ort.InferenceSession(str(onnx_path), opts, providers=["CPUExecutionProvider"])
        tokenizer = Tokenizer.from_file(str(tok_path))
        tokenizer.no_truncation()
        tokenizer.no_padding()
        return session, tokenizer


@lru_cache(maxsize=1)
def _load() -> tuple[Any, Any]:
    return load_session(DATA_DIR / "minilm-l6-int8.onnx", "the MiniLM encoder")


def windowed_batches(encs: list[Any]) -> Iterator[tuple[list[tuple[int, int, int]], np.ndarray, np.ndarray]]:
    """Cut tokenised texts into windows of at most ``_WINDOW`` pieces and batch them by length.

    Yields ``(windows, input_ids, attention_mask)``; ``windows[row] = (text index, first piece, end
    piece)`` says which pieces row ``row`` holds, at columns ``1 .. end - first`` (column 0 is [CLS]).
    """
    windows: list[tuple[int, int, int]] = []
    for ti, enc in enumerate(encs):
        n = len(enc.ids)
        for s in range(0, n, _WINDOW):
            windows.append((ti, s, min(n, s + _WINDOW)))
    order = sorted(range(len(windows)), key=lambda w: windows[w][2] - windows[w][1])
    for b in range(0, len(order), _BATCH):
        batch = [windows[w] for w in order[b : b + _BATCH]]
        width = max(e - s for _, s, e in batch) + 2
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for row, (ti, s, e) in enumerate(batch):
            ids[row, 0] = 101  # [CLS]
            ids[row, 1 : e - s + 1] = encs[ti].ids[s:e]
            ids[row, e - s + 1] = 102  # [SEP]
            mask[row, : e - s + 2] = 1
        yield batch, ids, mask


def encode(texts: list[str]) -> list[Encoded]:
    """Contextual vectors of the word pieces of each text (an empty text gives no pieces)."""
    session, tokenizer = _load()
    encs = tokenizer.encode_batch(texts, add_special_tokens=False) if texts else []
    out_vecs = [np.zeros((len(e.ids), DIM), dtype=np.float32) for e in encs]
    for batch, ids, mask in windowed_batches(encs):
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = session.run(None, feeds)[0]
        for row, (ti, s, e) in enumerate(batch):
            out_vecs[ti][s:e] = hidden[row, 1 : e - s + 1]
    return [Encoded(out_vecs[i], np.asarray(e.offsets, dtype=np.int64).reshape(-1, 2)) for i, e in enumerate(encs)]


def pool(enc: Encoded, spans: list[tuple[int, int]]) -> np.ndarray:
    """Mean vector of the word pieces overlapping each character span (zeros where none does)."""
    out = np.zeros((len(spans), DIM), dtype=np.float32)
    if len(enc.offsets) == 0:
        return out
    starts, ends = enc.offsets[:, 0], enc.offsets[:, 1]
    for i, (s, e) in enumerate(spans):
        hit = (starts < e) & (ends > s)
        if hit.any():
            out[i] = enc.vectors[hit].mean(axis=0)
    return out
