"""summary_from_dict is the inverse of summary_as_dict (the stored summary_json format)."""

from __future__ import annotations

import json
from pathlib import Path

from bot.analysis.models import NlpModels
from bot.analysis.summarize import summarize, summary_as_dict, summary_from_dict
from bot.models import Article

EXAMPLE = Path(__file__).parents[1] / "data" / "zerkalo-rubio-lavrov.txt"


def test_round_trip_of_a_real_summary(nlp: NlpModels) -> None:
    article = Article(text=EXAMPLE.read_text(encoding="utf-8"), url="https://example.com/a")
    summary = summarize(article, nlp)
    stored = json.loads(json.dumps(summary_as_dict(summary), ensure_ascii=False))
    back = summary_from_dict(stored)
    assert summary_as_dict(back) == stored
    assert back.sentences == summary.sentences
    assert [(e.name, e.role, e.type) for e in back.who] == [
        (e.name, e.role, e.type) for e in summary.who
    ]
    assert back.source == summary.source


def test_round_trip_with_details(nlp: NlpModels) -> None:
    summary = summarize(Article(text=EXAMPLE.read_text(encoding="utf-8")), nlp)
    details = summary_as_dict(summary, details=True)
    back = summary_from_dict(details)
    assert summary_as_dict(back, details=True) == details
    assert back.mentions == summary.mentions
    assert back.quotes == summary.quotes


def test_sparse_old_summary() -> None:
    back = summary_from_dict({"version": 0, "source": {"name": "Example News"}})
    assert back.sentences == ()
    assert back.source.name == "Example News"
    assert back.title is None
