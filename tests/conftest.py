"""Shared fixtures: the NLP models are loaded once per test session (natasha habit)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.analysis.models import NlpModels, load

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def nlp() -> NlpModels:
    return load()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA
