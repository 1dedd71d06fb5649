"""Model loading: once, fast, and without pkg_resources (gone from setuptools >= 81)."""

from __future__ import annotations

import sys
import time

import pytest
from natasha import MorphVocab

from bot.analysis.models import NlpModels, RuMorphVocab, load


def test_morph_vocab_needs_no_pkg_resources(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes `import pkg_resources` raise ImportError, as on Python 3.12+
    # venvs without setuptools and with setuptools >= 81.
    monkeypatch.setitem(sys.modules, "pkg_resources", None)
    vocab = RuMorphVocab()
    assert vocab("Лавровым")[0].normal == "лавров"


def test_plain_natasha_vocab_would_need_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pkg_resources", None)
    with pytest.raises(ImportError):
        MorphVocab()


def test_models_load_once(nlp: NlpModels) -> None:
    started = time.perf_counter()
    assert load() is nlp
    assert time.perf_counter() - started < 0.01
