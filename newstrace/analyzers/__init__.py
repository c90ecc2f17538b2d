"""Analyzers: independent, registered steps that each fill one part of the analysis.

Every module here (one concern each) registers its analyzer with
:func:`newstrace.analyzers.registry.register`; the registry imports them all on first use.
"""

from newstrace.analyzers.registry import AnalyzerSpec, Context, available, register, resolve, unregister

__all__ = ["AnalyzerSpec", "Context", "available", "register", "resolve", "unregister"]
