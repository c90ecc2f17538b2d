"""Helpers shared by the benchmark scripts: where the shared data is, timing, printing."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["REPO", "Timer", "f1", "pct", "shared_dir", "timed"]

REPO = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """The shared data folder: ``NEWSTRACE_SHARED`` or ``../shared`` beside the repo."""
    path = Path(os.environ.get("NEWSTRACE_SHARED", REPO.parent / "shared")).resolve()
    if not (path / "data").is_dir():
        sys.exit(f"benchmark data not found at {path}; set NEWSTRACE_SHARED")
    return path


class Timer:
    def __init__(self) -> None:
        self.seconds = 0.0


@contextmanager
def timed() -> Iterator[Timer]:
    t = Timer()
    start = time.perf_counter()
    try:
        yield t
    finally:
        t.seconds = time.perf_counter() - start


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def pct(x: float) -> str:
    return f"{x:.3f}"
