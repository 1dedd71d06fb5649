"""How two same-story fingerprints compare: the cosine of their leads, and the vetoes
(``conflicting``) that make two articles different events whatever their words share.
"""

from __future__ import annotations

from bot.digest.story_terms import StoryKey


def _cosine(a: dict[str, float], a_norm: float, b: dict[str, float], b_norm: float) -> float:
    if not a_norm or not b_norm:
        return 0.0
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    dot = sum(w * big[t] for t, w in small.items() if t in big)
    return min(1.0, dot / (a_norm * b_norm))


def lead_similarity(a: StoryKey, b: StoryKey) -> float:
    """Cosine similarity of the two headlines and leads, in [0, 1]."""
    return _cosine(a.weights, a.norm, b.weights, b.norm)


def different_days(a: StoryKey, b: StoryKey) -> bool:
    """Whether one headline dates its event to days the other article never names.

    Only when the other article names some day in its headline or lead: an article that
    names no day says nothing against it.
    """
    return bool(
        (a.title_days and b.days and not a.title_days & b.days)
        or (b.title_days and a.days and not b.title_days & a.days)
    )


def different_subjects(a: StoryKey, b: StoryKey) -> bool:
    """Whether both headlines name their subject in quotes and neither article names the
    other's («Голосуйте за участников фотоконкурса «Кофемания»» / «... в конкурсе «На
    спорте»»): the same kind of event about two different things."""
    return bool(
        a.title_quoted
        and b.title_quoted
        and not any(t in b.body or t in b.weights for t in a.title_quoted)
        and not any(t in a.body or t in a.weights for t in b.title_quoted)
    )


def different_regions(a: StoryKey, b: StoryKey) -> bool:
    """Whether the two articles report from two regions of one kind, neither named by the
    other article («Тверская область» / «Тульская область»)."""
    if a.region is None or b.region is None or a.region[0] != b.region[0]:
        return False
    a_name, b_name = a.region[1], b.region[1]
    if a_name & b_name:
        return False
    return not any(t in b.body or t in b.weights for t in a_name) and not any(
        t in a.body or t in a.weights for t in b_name
    )


def actors_only(a: StoryKey, b: StoryKey) -> bool:
    """Whether the two share actors only: no word of either headline but its names occurs in
    the other article ("Mike Bushell booted off Strictly" / "Strictly's Katya admits hard
    days after split"): the same people in another event. Only within one language: across
    two, names and numbers are all the words can share."""
    return bool(
        a.lang == b.lang
        and a.title_events
        and b.title_events
        and not any(t in b.body or t in b.weights for t in a.title_events)
        and not any(t in a.body or t in a.weights for t in b.title_events)
    )


def conflicting(a: StoryKey, b: StoryKey) -> bool:
    """Whether the two articles tell different events whatever their words share: their
    headlines date them to different days or name different subjects, they report from
    different regions, or they share their actors only."""
    return (
        different_days(a, b)
        or different_subjects(a, b)
        or different_regions(a, b)
        or actors_only(a, b)
    )
