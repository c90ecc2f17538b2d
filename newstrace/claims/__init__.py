"""Claims: attribution (who says so), certainty (how sure), quantities (how many), check-worthiness.

The registered analyzers are :mod:`newstrace.analyzers.quantities` and
:mod:`newstrace.analyzers.claims`; the modules here hold the implementation, one concern each.
"""

__all__: list[str] = []
