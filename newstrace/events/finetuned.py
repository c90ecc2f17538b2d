"""The fine-tuned MiniLM sub-event classifier: class probabilities of a sentence or snippet.

``newstrace/data/events/subevent_ft-int8.onnx`` is all-MiniLM-L6-v2 fine-tuned (with mean pooling and
one linear layer inside the graph) on the sentences we wrote ourselves, by
``benchmarks/finetune_events.py``; ``subevent_ft.json`` gives its class order. It reads the first 126
word pieces of a text (a snippet states its event early; longer texts are cut, not windowed) with the
WordPiece tokenizer the propaganda layer ships, through that layer's session loader and length
batching, so both graphs share one tokenizer and one threading policy. Loaded lazily, once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from newstrace.errors import ModelMissingError
from newstrace.mathutil import softmax

__all__ = ["FT_MODEL_PATH", "ft_available", "ft_probs", "ft_probs_batch"]

_DIR = Path(__file__).resolve().parents[1] / "data" / "events"
FT_MODEL_PATH = _DIR / "subevent_ft-int8.onnx"
_META_PATH = _DIR / "subevent_ft.json"


@dataclass
class _Pieces:
    ids: list[int]


@lru_cache(maxsize=1)
def _load() -> tuple[Any, Any, list[str]]:
    from newstrace.propaganda.encoder import load_session

    if not _META_PATH.is_file():
        raise ModelMissingError(f"{_META_PATH.name} is missing from {_DIR}; reinstall newstrace")
    classes: list[str] = json.loads(_META_PATH.read_text("utf-8"))["classes"]
    session, tokenizer = load_session(FT_MODEL_PATH, "the fine-tuned sub-event model")
    return session, tokenizer, classes


def ft_available() -> bool:
    """True when the fine-tuned graph and its class list are installed."""
    return FT_MODEL_PATH.is_file() and _META_PATH.is_file()


def ft_probs_batch(texts: list[str]) -> list[dict[str, float]]:
    """Class probabilities per text (an empty dict for a text without word pieces).

    Raises :class:`~newstrace.errors.ModelMissingError` when the graph is not installed.
    """
    from newstrace.propaganda.encoder import WINDOW, windowed_batches

    session, tokenizer, classes = _load()
    encs = tokenizer.encode_batch(texts, add_special_tokens=False) if texts else []
    # Cut to one window (the training cut: 128 with [CLS] and [SEP]), so one row per text.
    pieces = [_Pieces(list(e.ids[:WINDOW])) for e in encs]
    out: list[dict[str, float]] = [{} for _ in texts]
    for batch, ids, mask in windowed_batches(pieces):
        probs = softmax(session.run(None, {"input_ids": ids, "attention_mask": mask})[0])
        for row, (ti, _, _) in enumerate(batch):
            out[ti] = {c: float(p) for c, p in zip(classes, probs[row], strict=True)}
    return out


@lru_cache(maxsize=4096)
def ft_probs(text: str) -> dict[str, float]:
    """Class probabilities of one text; empty when the graph is missing or the text is blank."""
    if not text.strip() or not ft_available():
        return {}
    try:
        return ft_probs_batch([text])[0]
    except ModelMissingError:
        return {}
