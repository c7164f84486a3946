"""Fixtures shared by every layer's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from inclusion_widgets.frameworks import Framework, load_framework

DATA = Path(__file__).parent / "data"


@pytest.fixture
def mini_framework() -> Framework:
    """Three items in two groups, one reconstructed, one with non-Latin text."""
    return load_framework(DATA / "frameworks" / "mini.yaml")
