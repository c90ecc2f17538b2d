"""Shared fixtures: our own example pages (tests never read ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = Path(__file__).parent.parent / "examples" / "palmyra-wire.txt"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")
