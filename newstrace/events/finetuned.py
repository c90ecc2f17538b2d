"""The fine-tuned MiniLM sub-event classifier: class probabilities of a sentence or snippet.

``newstrace/data/events/subevent_ft*-int8.onnx`` are all-MiniLM-L6-v2 fine-tuned (with mean pooling and
one linear layer inside the graph) on the sentences we wrote ourselves, by
``benchmarks/finetune_events.py``; ``subevent_ft.json`` gives the class order and the member graphs.
Several members (models trained on different folds of our sentences) are averaged in probability: one
fine-tuned model's errors on real news depend on which sentences and which seed it saw, and an average
of a few such models varies less (the measured gain is in BENCHMARKS.md). Each reads the first 126 word
pieces of a text (a snippet states its event early; longer texts are cut, not windowed) with the
WordPiece tokenizer the propaganda layer ships, through that layer's session loader and length
batching, so every graph shares one tokenizer and one threading policy. Loaded lazily, once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.errors import ModelMissingError
from newstrace.mathutil import softmax

__all__ = ["FT_MODEL_PATH", "ft_available", "ft_probs", "ft_probs_batch", "graph_paths", "graph_probs"]

_DIR = Path(__file__).resolve().parents[1] / "data" / "events"
FT_MODEL_PATH = _DIR / "subevent_ft-int8.onnx"  # the first member; an install without it has no model signal
_META_PATH = _DIR / "subevent_ft.json"


@dataclass
class _Pieces:
    ids: list[int]


@lru_cache(maxsize=1)
def _meta() -> tuple[list[str], tuple[Path, ...]]:
    if not _META_PATH.is_file():
        raise ModelMissingError(f"{_META_PATH.name} is missing from {_DIR}; reinstall newstrace")
    meta: dict[str, Any] = json.loads(_META_PATH.read_text("utf-8"))
    names: list[str] = meta.get("graphs") or [FT_MODEL_PATH.name]
    return list(meta["classes"]), tuple(_DIR / n for n in names)


def graph_paths() -> tuple[Path, ...]:
    """The member graphs whose probabilities are averaged (the first is ``FT_MODEL_PATH``)."""
    return _meta()[1]


@lru_cache(maxsize=8)
def _session(path: Path) -> tuple[Any, Any]:
    from newstrace.propaganda.encoder import load_session

    return load_session(path, f"the fine-tuned sub-event model {path.name}")


def graph_probs(path: Path, texts: list[str]) -> np.ndarray:
    """Softmax rows (texts x classes, in ``subevent_ft.json`` order) of one graph; a row of zeros for a
    text without word pieces. Raises :class:`~newstrace.errors.ModelMissingError` when it is not installed."""
    from newstrace.propaganda.encoder import WINDOW, windowed_batches

    classes = _meta()[0]
    session, tokenizer = _session(path)
    encs = tokenizer.encode_batch(texts, add_special_tokens=False) if texts else []
    # Cut to one window (the training cut: 128 with [CLS] and [SEP]), so one row per text.
    pieces = [_Pieces(list(e.ids[:WINDOW])) for e in encs]
    out = np.zeros((len(texts), len(classes)))
    for batch, ids, mask in windowed_batches(pieces):
        probs = softmax(session.run(None, {"input_ids": ids, "attention_mask": mask})[0])
        for row, (ti, _, _) in enumerate(batch):
            out[ti] = probs[row]
    return out


def ft_available() -> bool:
    """True when the (first) fine-tuned graph and its class list are installed."""
    return FT_MODEL_PATH.is_file() and _META_PATH.is_file()


def ft_probs_batch(texts: list[str]) -> list[dict[str, float]]:
    """Class probabilities per text, averaged over the member graphs (an empty dict for a text without
    word pieces). Raises :class:`~newstrace.errors.ModelMissingError` when the graph is not installed."""
    classes, paths = _meta()
    rows = np.mean([graph_probs(p, texts) for p in paths], axis=0) if texts else np.zeros((0, len(classes)))
    return [{c: float(p) for c, p in zip(classes, row, strict=True)} if row.any() else {} for row in rows]


@lru_cache(maxsize=4096)
def ft_probs(text: str) -> dict[str, float]:
    """Class probabilities of one text; empty when the graph is missing or the text is blank."""
    if not text.strip() or not ft_available():
        return {}
    try:
        return ft_probs_batch([text])[0]
    except ModelMissingError:
        return {}
