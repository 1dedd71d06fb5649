"""NLP models, loaded once per process and passed to the pure stages."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pymorphy2_dicts_ru
from natasha import (
    MorphVocab,
    NewsEmbedding,
    NewsMorphTagger,
    NewsNERTagger,
)
from natasha.morph.vocab import MorphForm
from pymorphy2.analyzer import MorphAnalyzer

from bot.analysis.en_ner import EnNerTagger

log = logging.getLogger(__name__)


class RuMorphVocab(MorphVocab):  # type: ignore[misc]
    """natasha's MorphVocab with its dictionary path given explicitly.

    natasha's ``MorphVocab()`` lets pymorphy2 find its dictionary through setuptools entry
    points (``pkg_resources``), which setuptools >= 81 removed and venvs of Python >= 3.12
    do not have. Passing the path of the ``pymorphy2-dicts-ru`` package that natasha itself
    depends on skips that lookup and changes nothing else.
    """

    def __init__(self) -> None:
        MorphAnalyzer.__init__(self, path=pymorphy2_dicts_ru.get_path(), result_type=MorphForm)


@dataclass(frozen=True, slots=True)
class NlpModels:
    """Every model the analysis stages use; build with ``load()``."""

    morph_vocab: RuMorphVocab
    ru_ner: Any  # natasha.NewsNERTagger
    ru_morph: Any  # natasha.NewsMorphTagger: case and gender of names in their context
    en_ner: EnNerTagger


@lru_cache(maxsize=1)
def load() -> NlpModels:
    """Load every model once per process (about a second on a laptop core)."""
    embedding = NewsEmbedding()  # one copy of the word vectors for both taggers
    models = NlpModels(
        morph_vocab=RuMorphVocab(),
        ru_ner=NewsNERTagger(embedding),
        ru_morph=NewsMorphTagger(embedding),
        en_ner=EnNerTagger.load(),
    )
    log.debug("NLP models loaded")
    return models
