"""One document summarised outside the database (``summarize``): models, summary, its JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.analysis import models
from bot.analysis.models import NlpModels
from bot.analysis.summarize import summary_as_dict
from bot.models import Summary

if TYPE_CHECKING:
    from bot.services.documents import PreparedArticle


def load_models() -> NlpModels:
    """The NLP models, loaded once per process (about a second)."""
    return models.load()


def summarize(prepared: PreparedArticle, nlp: NlpModels, *, details: bool = False) -> Summary:
    """The summary of a prepared document; ``details``: offsets into the input as given."""
    # Lazily: ingest imports the extraction and the storage, which `digest --preview` (the
    # models only) does without.
    from bot.services import ingest  # noqa: PLC0415

    summary = ingest.summarize_prepared(prepared, nlp)
    return ingest.as_given(summary, prepared) if details else summary


def as_json(summary: Summary, *, details: bool = False) -> dict[str, Any]:
    """The Summary JSON of DESIGN.md; ``details`` adds the text, every mention and offsets."""
    return summary_as_dict(summary, details=details)


def shown_quotes(summary: Summary, count: int, chars: int) -> list[tuple[str, str]]:
    """(speaker, words) of the quotes a digest would show: attributed, direct speech first."""
    # Lazily: digest.render imports aiogram (seconds of start-up), which JSON output skips.
    from bot.digest.render import said_text, shown_said  # noqa: PLC0415

    return [(q.speaker or "", said_text(q, chars)) for q in shown_said(summary.quotes, count)]
