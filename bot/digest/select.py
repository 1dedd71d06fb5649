"""What goes into a digest (pure): stories, not articles, ranked, at most N.

The articles since the subscriber's last digest are grouped into stories (``stories``: the
same event reported by several sources is one story). A story ranks by

- how many sources carry it (the strongest signal that it matters): ``log2(1 + sources)``,
- how recent its newest article is: ``exp(-age / 24 h)``,
- the weight of its people and places: names that recur across the day's stories count
  more (``log(1 + stories naming it)``, averaged over the story's names, at most 1).

Each story is shown by one article (the one with the most complete summary) with the other
sources named after it, each linked to its own article ("Also: B, C").
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.digest.stories import StoryKey, group_stories
from bot.models import Summary

SOURCES_WEIGHT = 1.0
RECENCY_WEIGHT = 0.5
NAMES_WEIGHT = 0.5
RECENCY_HOURS = 24.0
ALSO_SHOWN = 3  # sources named after an item; more become "+N"


@dataclass(frozen=True, slots=True)
class Candidate:
    """An article that may go into a digest."""

    article_id: int
    source: str  # the feed's title or the site's name
    ingested_at: datetime
    summary: Summary
    key: StoryKey
    url: str | None = None  # the article's own address, linked from "Also:"


@dataclass(frozen=True, slots=True)
class OtherSource:
    """Another source of a merged story: its name and its article's address."""

    name: str
    url: str | None


@dataclass(frozen=True, slots=True)
class DigestItem:
    """One story of a digest: the article that shows it and the other sources carrying it."""

    summary: Summary
    article_id: int
    also: tuple[OtherSource, ...]
    score: float


def _names(summary: Summary) -> set[str]:
    return {e.name for e in summary.who} | set(summary.where)


def _completeness(candidate: Candidate) -> tuple[int, int, int, float]:
    s = candidate.summary
    facts = len(s.who) + len(s.where) + len(s.quotes)
    return (bool(s.title), len(s.sentences), facts, candidate.ingested_at.timestamp())


def select(candidates: Sequence[Candidate], *, size: int, now: datetime) -> list[DigestItem]:
    """The ``size`` best stories among ``candidates``, best first."""
    if not candidates or size <= 0:
        return []
    labels = group_stories([c.key for c in candidates])
    stories: dict[int, list[Candidate]] = {}
    for label, candidate in zip(labels, candidates, strict=True):
        stories.setdefault(label, []).append(candidate)

    # How many stories name each person or place.
    named = Counter(
        name
        for group in stories.values()
        for name in set().union(*(_names(c.summary) for c in group))
    )
    items = []
    for group in stories.values():
        lead = max(group, key=_completeness)
        # One entry per other source (its newest article), in name order.
        others: dict[str, Candidate] = {}
        for c in sorted(group, key=lambda c: c.ingested_at):
            if c.source != lead.source:
                others[c.source] = c
        sources = [OtherSource(name, others[name].url) for name in sorted(others)]
        newest = max(c.ingested_at for c in group)
        age_hours = max(0.0, (now - newest).total_seconds() / 3600)
        names = set().union(*(_names(c.summary) for c in group))
        weight = (
            min(1.0, sum(math.log1p(named[n] - 1) for n in names) / len(names)) if names else 0.0
        )
        score = (
            SOURCES_WEIGHT * math.log2(1 + 1 + len(sources))
            + RECENCY_WEIGHT * math.exp(-age_hours / RECENCY_HOURS)
            + NAMES_WEIGHT * weight
        )
        items.append(
            DigestItem(
                summary=lead.summary, article_id=lead.article_id, also=tuple(sources), score=score
            )
        )
    items.sort(key=lambda item: (-item.score, -item.article_id))
    return items[:size]
