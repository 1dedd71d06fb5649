"""Language identification of an article text (any language in, an ISO 639-1 code out)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import py3langid

# The languages the analysis stages can summarise.
SUPPORTED = ("ru", "en")
# Enough text to decide; the rest only costs time.
_SAMPLE_CHARS = 4000
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)
# Below this share of letters in Cyrillic or Latin script, the text is neither ru nor en.
# Chosen by hand: even English-heavy Russian news keeps >60 % Cyrillic letters.
_SCRIPT_SHARE = 0.5


@lru_cache(maxsize=1)
def _identifier() -> Any:
    return py3langid.langid.LanguageIdentifier.from_model_file(py3langid.langid.MODEL_FILE)


def detect_language(text: str) -> str:
    """Return the ISO 639-1 code of the text's language ("und" when there are no letters)."""
    sample = text[:_SAMPLE_CHARS]
    cyr = len(_CYRILLIC.findall(sample))
    lat = len(_LATIN.findall(sample))
    letters = sum(ch.isalpha() for ch in sample)
    if letters == 0:
        return "und"
    lang: str = _identifier().classify(sample)[0]
    # langid confuses Cyrillic languages (uk, be, bg, mk, sr) only by their own letters;
    # a Russian text with a Ukrainian quote stays Russian. Trust the script for ru vs en.
    if lang in SUPPORTED:
        return lang
    if cyr / letters >= _SCRIPT_SHARE and lang not in {"uk", "be", "bg", "mk", "sr", "kk"}:
        return "ru"
    if lat / letters >= _SCRIPT_SHARE and lang in {"la", "eo"}:  # rare false guesses for English
        return "en"
    return lang
