"""newstrace: read news articles the way a careful analyst does.

>>> import newstrace
>>> analysis = newstrace.analyze(html_or_text, url="https://example.org/story")
>>> analysis.to_json()

The public API is what ``__all__`` lists; everything else is private and may change.
"""

__version__ = "0.1.0"

from newstrace.errors import (
    AnalyzerError,
    FetchError,
    InputError,
    NewstraceError,
    StoreError,
)
from newstrace.model import SCHEMA_VERSION, Analysis, json_schema
from newstrace.pipeline import analyze, analyze_path, analyze_url

__all__ = [
    "SCHEMA_VERSION",
    "Analysis",
    "AnalyzerError",
    "FetchError",
    "InputError",
    "NewstraceError",
    "StoreError",
    "__version__",
    "analyze",
    "analyze_path",
    "analyze_url",
    "json_schema",
]
