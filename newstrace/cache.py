"""Where newstrace keeps what it builds once per machine: the gazetteer index, the language-id arrays.

One definition for every module that writes there, light enough to import from ingestion
without pulling in the geography code.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_dir"]


def cache_dir() -> Path:
    """``$NEWSTRACE_CACHE`` or ``~/.cache/newstrace``."""
    return Path(os.environ.get("NEWSTRACE_CACHE") or Path.home() / ".cache" / "newstrace")
