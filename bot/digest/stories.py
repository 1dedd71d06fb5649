"""Same-story detection: one fingerprint per article, one decision rule, grouping.

The digest shows a story reported by several sources once ("Also: source B, source C"), and
follow alerts are meant to use the same rule (one alert per story): ``same_story(a, b)`` for
two articles, ``group_stories(keys)`` for a day of them, both over ``StoryKey`` fingerprints
computed once per article from what is stored for it (title, the first ``LEAD_CHARS`` of the
text, the summary's ``who`` and ``where``; ``article_key``), never by re-running the analysis.
The fingerprint is made when the article is stored, in the analysis worker, and stored with
it (``dump_key``, under ``FINGERPRINT_VERSION``); digests read it back (``load_key``).

An article's fingerprint is a bag of normalised terms of its title and lead: Russian words
as pymorphy lemmas (so «Лаврова» and «Лавров» are one term), English words as Snowball
stems, numbers of two or more digits as they are; function words and reporting verbs
dropped. A term weighs its sublinear count (``1 + ln tf``), times ``TITLE_WEIGHT`` when it
is in the title and ``NAME_WEIGHT`` when it names an actor or a place (a word of one of the
summary's people, organisations and places, or capitalised inside a sentence, an acronym).
Two fingerprints are compared by cosine similarity, and one threshold decides, except that
two articles whose headlines date their events to different calendar days are different
stories ("Прогноз погоды на 8 ноября" / "... на 16 ноября"; a fixed-day holiday in a
headline, «в День Победы», dates it too): the same actors on another day are another event.
So are two headlines naming different subjects in quotes that neither article mentions
(фотоконкурс «Кофемания» / «На спорте»), and two articles whose first region among their
names are regions of one kind that the other does not name («Тверская область» / «Тульская
область»): the same campaign in another place; and two articles that share their actors
only, no other word of either headline occurring in the other article ("Mike Bushell
booted off Strictly" / "Strictly's Katya admits hard days after split"). These vetoes
(``conflicting``) have no tuned figures; on the dev pairs they fire on no pair judged the
same story.

No IDF: a pair alone says nothing about which words are common, and IDF computed from the
day's set (tried, see benchmarks/bench_stories.py) lowers the similarities of true pairs
enough that the one threshold would need retuning on clustered days we have no labels for.
The function-word lists stand in for IDF, and the short lead keeps background words out.

Pure: no I/O, no global state beyond per-process caches of lemmas and stems.

The terms of a fingerprint and the ``StoryKey`` itself are made in ``story_terms``, the
lead cosine and the vetoes are in ``story_compare``; this module holds the recipe, its
tuned figures and the decisions (``same_story``, ``group_stories``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING

import numpy as np

from bot.digest.story_compare import (
    _cosine,
    actors_only,
    conflicting,
    different_days,
    different_regions,
    different_subjects,
    lead_similarity,
)
from bot.digest.story_terms import (
    _TEASER,
    _WORD,
    LEMMA_CACHE_SIZE,
    MAX_QUOTED_WORDS,
    StoryKey,
    _bag,
    _days,
    _holidays,
    _name_like,
    _norm,
    _normaliser,
    _quoted_names,
    _region,
    _title_names,
    _words,
)

if TYPE_CHECKING:
    from bot.analysis.models import RuMorphVocab
    from bot.models import Summary

__all__ = [
    "BODY_CHARS",
    "BODY_TITLE_WEIGHT",
    "DENSE_PAIRS_MAX",
    "FINGERPRINT_VERSION",
    "LEAD_CHARS",
    "LEAD_FLOOR",
    "LEAD_SHARE",
    "LEAD_WORDS",
    "LEMMA_CACHE_SIZE",
    "MAX_NAMES",
    "MAX_QUOTED_WORDS",
    "NAME_WEIGHT",
    "SAME_STORY_THRESHOLD",
    "SMALL_POSTINGS",
    "TITLE_WEIGHT",
    "StoryKey",
    "actors_only",
    "article_key",
    "conflicting",
    "different_days",
    "different_regions",
    "different_subjects",
    "dump_key",
    "group_stories",
    "lead_similarity",
    "load_key",
    "pairwise_similarities",
    "same_story",
    "similarity",
    "story_key",
]

# Tuning (issue 12): LEAD_CHARS, TITLE_WEIGHT, NAME_WEIGHT and the threshold were chosen
# two-fold on shared/eval/stories (134 pairs, 116 ru; folds by a salted sha1 of the pair id)
# by benchmarks/bench_stories.py: on each half, lead 600/1000/1500/3000 chars/whole text ×
# title 2-3 × names 1-2, checked on the other half. Lead 600, title 2, names 2 with the
# summary's who/where as names was among the best on both halves (Russian F1 0.919 / 0.873),
# and each half alone chose a threshold of 0.40 (0.405 / 0.403). The old point (20 words,
# names not given) scored 0.845 / 0.746. Re-run the script after changes.
#
# Characters of the text read after the title: what the digest reads of each stored article
# (bot.storage.articles.LEAD_CHARS). Longer leads did no better on either half: later
# paragraphs drift into background that different stories share.
LEAD_CHARS = 600
# Kept for callers that cut by words; no longer cut by default.
LEAD_WORDS = 10**9
# The second view of an article, its body: the first BODY_CHARS of the text (the same
# figures with the whole text; what the digest reads, bot.storage.articles.LEAD_CHARS), the
# title weighing 3 and names as other words. Similarity is LEAD_SHARE of the lead cosine
# plus the rest of the body cosine. Chosen after the lead (issue 12): on 20 random two-fold
# splits of the 116 Russian pairs, the test halves' F1 averaged 0.917 (min 0.842) against
# 0.882 (min 0.800) for the lead alone and 0.853 for the body alone; on the fixed folds the
# lead half trained on A went 0.873 -> 0.959 on B, and B -> A stayed 0.873. Each half chose
# the threshold 0.40 again (0.399 / 0.401).
BODY_CHARS = 2000
BODY_TITLE_WEIGHT = 3.0
LEAD_SHARE = 0.5
# Leads less alike than this are never the same story, whatever the bodies share: it bounds
# the pairs whose bodies are compared. On the dev pairs no pair at or past the threshold had
# a lead similarity under 0.38, and a body never beat its lead by more than 0.25.
LEAD_FLOOR = 0.2
# Up to this many articles the lead dot products add up in an n × n array (8 bytes each:
# 72 MB at most); more take a dict. A posting list this short is added up in Python.
DENSE_PAIRS_MAX = 3000
SMALL_POSTINGS = 6
# Weight factor of a title term: a headline is the densest statement of the story.
TITLE_WEIGHT = 2.0
# Weight factor of a term naming an actor or a place (a word of the summary's who/where,
# capitalised inside a sentence, an acronym): the actors and the place make the event.
NAME_WEIGHT = 2.0
# How many of the given ``names`` count (the summary's ``who`` then ``where``, by importance;
# the fact line shows five people and three places).
MAX_NAMES = 8
# Cosine similarity from which two articles are the same story (each half's choice 0.405 /
# 0.403, as a round figure rather than placed between two dev-set pairs).
SAME_STORY_THRESHOLD = 0.40
# The recipe of a fingerprint: what ``article_key`` and ``story_key`` make of an article, and
# the serialisation of ``dump_key``. Fingerprints are stored with each article (made when it
# is ingested) under this version; one stored by another version is made again when read.
# Bump it with any change that alters a StoryKey: a constant above, a stop word, the
# normaliser, the vetoes' fields.
FINGERPRINT_VERSION = 1


def story_key(
    *,
    title: str | None,
    text: str,
    lang: str,
    names: Sequence[str] = (),
    morph: RuMorphVocab | None = None,
    published: date | None = None,
) -> StoryKey:
    """The fingerprint of one article.

    Args:
        title: the headline, if any (its terms weigh ``TITLE_WEIGHT`` times more).
        text: the article text; its first ``LEAD_CHARS`` characters are the lead, its
            first ``BODY_CHARS`` the body.
        lang: the article's language code.
        names: names of people, places and organisations found in it (the summary's
            ``who`` and ``where``, most important first); those of their words that the
            title or lead has weigh ``NAME_WEIGHT`` times more. Words the lead lacks are not
            added (summary names reach into the background of the whole text).
        morph: the Russian morph vocab (``NlpModels.morph_vocab``) to lemmatise Russian
            words; without it they are stemmed, which matches fewer inflected forms.
        published: the day the article came out (or was ingested), which gives a year to
            dates written without one («8 ноября»); without it those dates are not read.
    """
    term = _normaliser(morph)
    title = title or ""
    text = _TEASER.sub(" ", text[: max(LEAD_CHARS, BODY_CHARS)])
    lead_text = text[:LEAD_CHARS]
    title_terms = {t for w in _words(title) if (t := term(w))}
    given_terms = {t for name in names[:MAX_NAMES] for w in _words(name) if (t := term(w))}
    name_terms = given_terms | {t for w in _name_like(lead_text) | _title_names(title)
                                if (t := term(w))}  # fmt: skip
    # One pass over the text: (end offset, term) of each word, for the lead and the body.
    words = [
        (m.end(), term(m.group().lower().replace("ё", "е")))
        for m in _WORD.finditer(text[: max(LEAD_CHARS, BODY_CHARS)])
    ]
    lead_words = [t for end, t in islice(words, LEAD_WORDS) if t and end <= LEAD_CHARS]
    weights = _bag(
        lead_words, title_terms=title_terms, title_weight=TITLE_WEIGHT,
        name_terms=name_terms, name_weight=NAME_WEIGHT,
    )  # fmt: skip
    body = _bag(
        [t for end, t in words if t and end <= BODY_CHARS], title_terms=title_terms,
        title_weight=BODY_TITLE_WEIGHT, name_terms=set(), name_weight=1.0,
    )  # fmt: skip
    title_days = _days(title, lang, published) | _holidays(title, lang)
    return StoryKey(
        weights=weights,
        norm=_norm(weights.values()),
        lang=lang,
        title_days=title_days,
        days=title_days | _days(lead_text, lang, published),
        body=body,
        body_norm=_norm(body.values()),
        title_quoted=_quoted_names(title, term),
        region=_region(names[:MAX_NAMES], term),
        title_events=frozenset(title_terms - name_terms),
    )


def article_key(
    *,
    title: str | None,
    text: str,
    lang: str,
    summary: Summary,
    day: date | None,
    morph: RuMorphVocab | None,
) -> StoryKey:
    """The fingerprint of a stored article, from what is stored for it: its title, text,
    language, the summary's ``who`` then ``where`` as names, and ``day`` (the day it was
    ingested) for yearless dates. The one recipe of ingestion, resummarising and digests."""
    names = [e.name for e in summary.who] + list(summary.where)
    return story_key(title=title, text=text, lang=lang, names=names, morph=morph, published=day)


def dump_key(key: StoryKey, *, day: date | None, lemmatised: bool) -> str:
    """``key`` as compact JSON, with the day and the normaliser (lemmas or stems) it was made
    with; ``load_key`` reads it back exactly (floats round-trip, term order is kept)."""
    data = {
        "day": None if day is None else day.isoformat(),
        "lemmas": lemmatised,
        "lang": key.lang,
        "w": key.weights,
        "n": key.norm,
        "b": key.body,
        "bn": key.body_norm,
        "td": sorted(key.title_days),
        "d": sorted(key.days),
        "q": sorted(key.title_quoted),
        "r": None if key.region is None else [key.region[0], sorted(key.region[1])],
        "e": sorted(key.title_events),
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def load_key(
    stored: str | None, version: int | None, *, day: date | None, lemmatised: bool
) -> StoryKey | None:
    """The fingerprint ``dump_key`` stored, or None when it must be made again: none stored,
    made by another ``FINGERPRINT_VERSION``, for another day or normaliser, or unreadable."""
    if stored is None or version != FINGERPRINT_VERSION:
        return None
    try:
        data = json.loads(stored)
        if data["day"] != (None if day is None else day.isoformat()):
            return None
        if data["lemmas"] is not lemmatised:
            return None
        region = data["r"]
        return StoryKey(
            weights=data["w"],
            norm=data["n"],
            lang=data["lang"],
            title_days=frozenset(data["td"]),
            days=frozenset(data["d"]),
            body=data["b"],
            body_norm=data["bn"],
            title_quoted=frozenset(data["q"]),
            region=None if region is None else (region[0], frozenset(region[1])),
            title_events=frozenset(data["e"]),
        )
    except (ValueError, TypeError, KeyError, IndexError):
        return None


def _mixed(lead: float, a: StoryKey, b: StoryKey) -> float:
    if not a.body_norm or not b.body_norm:
        return lead
    body = _cosine(a.body, a.body_norm, b.body, b.body_norm)
    return LEAD_SHARE * lead + (1.0 - LEAD_SHARE) * body


def similarity(a: StoryKey, b: StoryKey) -> float:
    """How alike two fingerprints are, in [0, 1] (0 when either is empty): the mean of the
    headline-and-lead cosine and the body cosine (``LEAD_SHARE``)."""
    return _mixed(lead_similarity(a, b), a, b)


def same_story(a: StoryKey, b: StoryKey, threshold: float = SAME_STORY_THRESHOLD) -> bool:
    """Whether two articles report the same story: similarity ≥ ``threshold``, their leads
    alike at least ``LEAD_FLOOR``, and nothing ``conflicting`` (headlines dating the event to
    different days or naming different subjects). The one rule of the digest's grouping
    (``group_stories``) and of follow alerts."""
    lead = lead_similarity(a, b)
    return lead >= LEAD_FLOOR and _mixed(lead, a, b) >= threshold and not conflicting(a, b)


def pairwise_similarities(
    keys: Sequence[StoryKey], *, min_similarity: float = 0.0
) -> dict[tuple[int, int], float]:
    """Similarities ``(i, j) → s`` (i < j) of the pairs with ``s ≥ min_similarity > 0``
    whose leads are alike at least ``LEAD_FLOOR`` (the others are never the same story).

    Sparse: an inverted index accumulates the lead dot products only for pairs that share
    a term, and only pairs past the floor get their body compared, so a day of a thousand
    articles takes a fraction of a second, not the n² cosines of a full matrix.
    """
    postings: dict[str, tuple[list[int], list[float]]] = {}
    for i, key in enumerate(keys):
        if key.norm:
            for t, w in key.weights.items():
                ids, ws = postings.setdefault(t, ([], []))
                ids.append(i)
                ws.append(w / key.norm)
    shared = [p for p in postings.values() if len(p[0]) > 1]
    dense = len(keys) <= DENSE_PAIRS_MAX
    dots = _dense_dots(len(keys), shared) if dense else _sparse_dots(shared)
    out = {}
    for (i, j), dot in dots:
        if dot >= LEAD_FLOOR:
            s = _mixed(min(1.0, dot), keys[i], keys[j])
            if s >= min_similarity and s > 0:
                out[i, j] = s
    return out


def _dense_dots(
    n: int, postings: list[tuple[list[int], list[float]]]
) -> list[tuple[tuple[int, int], float]]:
    """Lead dot products of the pairs (i < j) past ``LEAD_FLOOR``, in an n × n array."""
    dots = np.zeros((n, n))
    for ids, ws in postings:
        if len(ids) <= SMALL_POSTINGS:  # a numpy call costs more than a few products
            for x, i in enumerate(ids):
                for y in range(x + 1, len(ids)):
                    dots[i, ids[y]] += ws[x] * ws[y]
        else:
            idx = np.array(ids)
            w = np.array(ws)
            dots[np.ix_(idx, idx)] += np.outer(w, w)  # ids ascend: i < j is the upper part
    rows, cols = np.nonzero(np.triu(dots, 1) >= LEAD_FLOOR)
    return [((int(i), int(j)), float(dots[i, j])) for i, j in zip(rows, cols, strict=True)]


def _sparse_dots(
    postings: list[tuple[list[int], list[float]]],
) -> list[tuple[tuple[int, int], float]]:
    """The same in a dict, for sets too large for an n × n array."""
    dots: dict[tuple[int, int], float] = defaultdict(float)
    for ids, ws in postings:
        for x, i in enumerate(ids):
            for y in range(x + 1, len(ids)):
                dots[i, ids[y]] += ws[x] * ws[y]
    return [(pair, s) for pair, s in dots.items() if s >= LEAD_FLOOR]


def group_stories(keys: Sequence[StoryKey], threshold: float = SAME_STORY_THRESHOLD) -> list[int]:
    """A story label per key: keys with the same label report the same story.

    Average-link clustering inside the connected components of the "similarity ≥
    threshold" graph: two groups merge while the mean similarity between their members is
    at least ``threshold``. Single-link alone would chain stories (A~B and B~C put A with C
    though A and C differ), which a day of follow-ups and round-ups easily does; average-link
    only merges what single-link connects, so the components bound its work. Articles of
    different languages are grouped only when their terms (names, numbers) make them similar.

    Returns:
        Labels 0, 1, ... numbered in order of each group's first key.
    """
    n = len(keys)
    sims = pairwise_similarities(keys)
    # Conflicting articles (other days, other subjects) are unlike (``same_story``): no
    # link, 0 in a mean.
    for i, j in [pair for pair in sims if conflicting(keys[pair[0]], keys[pair[1]])]:
        del sims[i, j]
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (i, j), s in sims.items():
        if s >= threshold:
            parent[find(i)] = find(j)
    components: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        components[find(i)].append(i)

    group_of = list(range(n))
    for members in components.values():
        if len(members) > 1:
            for group in _average_link(members, sims, threshold):
                for i in group:
                    group_of[i] = group[0]
    labels: dict[int, int] = {}
    return [labels.setdefault(group_of[i], len(labels)) for i in range(n)]


def _average_link(
    members: list[int], sims: dict[tuple[int, int], float], threshold: float
) -> list[list[int]]:
    """Average-link agglomeration of one component; groups as sorted member lists.

    Keeps the sum of similarities between every two groups, so a merge costs one pass over
    the groups (Lance-Williams update) and the whole component O(k³) for k members, which
    is small: a component is one day's articles about one story.
    """
    groups: dict[int, list[int]] = {i: [i] for i in members}
    total: dict[tuple[int, int], float] = {}
    for x, i in enumerate(members):
        for j in members[x + 1 :]:
            total[i, j] = sims.get((i, j), 0.0)  # members ascend, so (i, j) has i < j

    def pair(a: int, b: int) -> tuple[int, int]:
        return (a, b) if a < b else (b, a)

    while len(groups) > 1:
        best, best_pair = threshold, None
        for (a, b), s in total.items():
            mean = s / (len(groups[a]) * len(groups[b]))
            # ties go to the earliest pair, so the result does not depend on dict internals
            if mean > best or (mean == best and best_pair is None):
                best, best_pair = mean, (a, b)
        if best_pair is None:
            break
        a, b = best_pair  # a < b: the merged group keeps the smaller id
        for c in groups:
            if c not in (a, b):
                total[pair(a, c)] += total.pop(pair(b, c))
        del total[a, b]
        groups[a] = sorted(groups[a] + groups.pop(b))
    return list(groups.values())
