"""Running the shipped all-MiniLM-L6-v2 int8 ONNX graphs (no torch): one session loader, one batching loop.

Every MiniLM graph newstrace ships (the propaganda multi-task and span graphs, the events sub-event
graph) reads the same WordPiece ``tokenizer.json`` from ``newstrace/data/propaganda/`` (see the
model card there for its origin and licence) and is fed the same way: texts are cut into windows
of at most 126 pieces, batched by length so that padding stays small.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.errors import ModelMissingError

__all__ = ["DATA_DIR", "WINDOW", "load_session", "windowed_batches"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "propaganda"
WINDOW = 126  # word pieces per window, leaving room for [CLS] and [SEP] (the fine-tuned graph was trained so)
_BATCH = 32
_LOCK = threading.Lock()


def load_session(onnx_path: Path, what: str) -> tuple[Any, Any]:
    """An onnxruntime session for a MiniLM graph and the shared WordPiece tokenizer (no truncation, no padding).

    Every shipped graph uses the same tokenizer and the same threading policy.
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



def windowed_batches(encs: list[Any]) -> Iterator[tuple[list[tuple[int, int, int]], np.ndarray, np.ndarray]]:
    """Cut tokenised texts into windows of at most ``WINDOW`` pieces and batch them by length.

    Yields ``(windows, input_ids, attention_mask)``; ``windows[row] = (text index, first piece, end
    piece)`` says which pieces row ``row`` holds, at columns ``1 .. end - first`` (column 0 is [CLS]).
    """
    windows: list[tuple[int, int, int]] = []
    for ti, enc in enumerate(encs):
        n = len(enc.ids)
        for s in range(0, n, WINDOW):
            windows.append((ti, s, min(n, s + WINDOW)))
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

