"""Language identification of an article text (any language in, an ISO 639-1 code out)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import py3langid

# The languages the analysis stages can summarise.
SUPPORTED = ("ru", "en")
# Enough text to decide (langid is >99 % right on news paragraphs of this size); the rest
# only costs time: 4,000 characters took 6 ms an article, a fifth of the NER tagger's time.
_SAMPLE_CHARS = 1200
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
_RUSSIAN_ONLY = re.compile(r"[ыэ]", re.IGNORECASE)
_OTHER_CYRILLIC = re.compile(r"[іїєґўђјљњћџ]", re.IGNORECASE)
# A Russian text may quote a Ukrainian or Belarusian name or phrase; it stays Russian while
# such letters are under a tenth of its ы and э.
_FOREIGN_LETTER_SHARE = 0.1
_CYRILLIC_LANGS = {"uk", "be", "sr", "mk", "bg"}
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
    letters = len(_LETTER.findall(sample))
    if letters == 0:
        return "und"
    others = len(_OTHER_CYRILLIC.findall(sample))
    if cyr / letters >= _SCRIPT_SHARE:
        # Letters decide between Cyrillic languages better than langid on short texts:
        # ы and э are Russian (Bulgarian, Serbian, Ukrainian have neither); і ї є ґ ў and
        # ђ ј љ њ ћ џ belong to the others.
        russian = len(_RUSSIAN_ONLY.findall(sample))
        if russian and others <= russian * _FOREIGN_LETTER_SHARE:
            return "ru"
    lang: str = _identifier().classify(sample)[0]
    # langid's guess of uk/be/sr/mk without a single letter of that alphabet, or of bg
    # without ъ, is a short Russian text.
    bulgarian = lang == "bg" and "ъ" in sample.lower()
    if cyr / letters >= _SCRIPT_SHARE and not others and lang in _CYRILLIC_LANGS and not bulgarian:
        return "ru"
    if lat / letters >= _SCRIPT_SHARE and lang in {"la", "eo"}:  # rare false guesses for English
        return "en"
    return lang
