"""A snapshot of the built-in analyzers: adding, renaming or reordering one is a visible change."""

from __future__ import annotations

import pytest

from newstrace.analyzers import available, resolve
from newstrace.cli import main

BUILTIN = {
    # name: (requires, fills)
    "times": ((), ("times",)),
    "places": ((), ("places",)),
    "quantities": ((), ("quantities",)),
    "claims": ((), ("claims",)),
    "checks": (("places",), ("checks",)),
    "techniques": ((), ("techniques",)),
    "events": ((), ("events",)),
    "source": ((), ("source",)),
}


def test_builtin_registry_snapshot() -> None:
    specs = available()
    got = {name: (s.requires, s.fills) for name, s in specs.items() if name in BUILTIN}
    assert got == BUILTIN
    assert all(specs[n].description for n in BUILTIN), "every analyzer documents itself"


def test_default_order() -> None:
    names = [s.name for s in resolve(None) if s.name in BUILTIN]
    assert names == ["times", "places", "quantities", "claims", "checks", "techniques", "events", "source"]


def test_only_pulls_requirements_but_not_optional_inputs() -> None:
    assert [s.name for s in resolve(["checks"])] == ["places", "checks"]
    assert [s.name for s in resolve(["events"])] == ["events"]
    assert [s.name for s in resolve(["events", "times"])] == ["times", "events"]


def test_cli_lists_the_analyzers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyzers"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in BUILTIN)
