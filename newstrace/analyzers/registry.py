"""The analyzer registry: every analysis step is a named, registered function.

An analyzer reads the shared parse and the analysis built so far (:class:`Context`) and fills its
part of the :class:`~newstrace.model.Analysis`. It declares what it ``requires`` (other analyzers
whose output it reads) and what it ``fills``; the pipeline runs a requested subset
(``--only places,time``) together with everything those require, in dependency order.

Built-in analyzers live in the modules of :mod:`newstrace.analyzers` and register themselves with
:func:`register` on import. Plugins register through the ``newstrace.analyzers`` entry-point group,
whose entry points name a module to import (or a callable to call) that calls :func:`register`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

from newstrace.errors import UnknownAnalyzerError
from newstrace.model import Analysis, Article

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["AnalyzerSpec", "Context", "available", "register", "resolve", "unregister"]


@dataclass
class Context:
    """What an analyzer gets: the analysis so far, the shared parse, and a scratch space.

    ``shared`` holds intermediate results that are not part of the output but that later analyzers
    reuse (e.g. resolved place candidates per token), keyed by the producing analyzer's name.
    """

    analysis: Analysis
    doc: Doc
    shared: dict[str, Any] = field(default_factory=dict)

    @property
    def article(self) -> Article:
        return self.analysis.article

    @property
    def text(self) -> str:
        return self.analysis.article.text


AnalyzerFn = Callable[[Context], None]


@dataclass(frozen=True)
class AnalyzerSpec:
    name: str
    run: AnalyzerFn
    requires: tuple[str, ...] = ()
    fills: tuple[str, ...] = ()
    description: str = ""
    order: int = 100  # tie-breaker among analyzers with no dependency between them
    after: tuple[str, ...] = ()  # run after these when they run too, without requiring them


_REGISTRY: dict[str, AnalyzerSpec] = {}
_LOADED = False


def register(
    name: str,
    *,
    requires: Iterable[str] = (),
    fills: Iterable[str] = (),
    description: str = "",
    order: int = 100,
    after: Iterable[str] = (),
) -> Callable[[AnalyzerFn], AnalyzerFn]:
    """Decorator: register ``fn(ctx)`` as the analyzer ``name`` (a later registration replaces it).

    ``requires`` are analyzers whose output this one needs (they run whenever it runs); ``after``
    only orders: when those run in the same pass, they run first.
    """

    def deco(fn: AnalyzerFn) -> AnalyzerFn:
        doc = description or (fn.__doc__ or "").strip().split("\n")[0]
        _REGISTRY[name] = AnalyzerSpec(name, fn, tuple(requires), tuple(fills), doc, order, tuple(after))
        return fn

    return deco


def unregister(name: str) -> None:
    """Remove an analyzer (e.g. a built-in that a plugin replaces under another name)."""
    _REGISTRY.pop(name, None)


def _load_all() -> None:
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    import newstrace.analyzers as pkg

    for mod in pkgutil.iter_modules(pkg.__path__):
        if not mod.name.startswith("_") and mod.name != "registry":
            importlib.import_module(f"{pkg.__name__}.{mod.name}")
    for ep in entry_points(group="newstrace.analyzers"):
        loaded = ep.load()
        if callable(loaded) and not isinstance(loaded, type(importlib)):
            loaded()


def available() -> dict[str, AnalyzerSpec]:
    """All registered analyzers by name."""
    _load_all()
    return dict(sorted(_REGISTRY.items()))


def resolve(only: Iterable[str] | None) -> list[AnalyzerSpec]:
    """The analyzers to run for ``only`` (None: all), with their requirements, in dependency order."""
    registry = available()
    wanted = list(registry) if only is None else list(only)
    unknown = [n for n in wanted if n not in registry]
    if unknown:
        raise UnknownAnalyzerError(
            f"unknown analyzer(s): {', '.join(unknown)}; available: {', '.join(registry) or 'none'}"
        )
    ordered: list[AnalyzerSpec] = []
    visiting: set[str] = set()
    selected = set(wanted)

    def closure(name: str) -> None:
        for dep in registry[name].requires if name in registry else ():
            if dep not in selected:
                selected.add(dep)
                closure(dep)

    for name in wanted:
        closure(name)

    def visit(name: str) -> None:
        if any(s.name == name for s in ordered):
            return
        if name in visiting:
            raise UnknownAnalyzerError(f"analyzer dependency cycle through {name!r}")
        visiting.add(name)
        spec = registry.get(name)
        if spec is None:
            raise UnknownAnalyzerError(f"an analyzer requires {name!r}, which is not registered")
        for dep in spec.requires:
            visit(dep)
        for dep in spec.after:
            if dep in selected and dep in registry:
                visit(dep)
        visiting.discard(name)
        ordered.append(spec)

    for name in sorted(wanted, key=lambda n: (registry[n].order, n)):
        visit(name)
    return ordered
