"""The terms of a same-story fingerprint (``StoryKey``): words normalised, stop words
dropped, and what a headline and its names tell (days, quoted subjects, regions).

Part of ``bot.digest.stories``: a change here that alters a ``StoryKey`` needs
``stories.FINGERPRINT_VERSION`` bumped.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

import snowballstemmer

from bot.analysis.dates import find_dates
from bot.analysis.search_terms import en_stem, ru_lemma

if TYPE_CHECKING:
    from bot.analysis.models import RuMorphVocab


# Distinct words remembered per process (about 200 bytes a word: at most ~20 MB).
LEMMA_CACHE_SIZE = 100_000

# Holidays of a fixed calendar day that a headline may date its event by instead of a date
# («в День Победы», "on Christmas Day"): the headline's day, as a written date would be.
# Only days that are the same every year and named unambiguously.
_HOLIDAYS: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "ru": (
        (re.compile(r"\bд(?:ень|ня|ню|нем|нём)\s+победы\b", re.IGNORECASE), "05-09"),
        (re.compile(r"\bд(?:ень|ня|ню|нем|нём)\s+россии\b", re.IGNORECASE), "06-12"),
        (re.compile(r"\bд(?:ень|ня|ню|нем|нём)\s+народного\s+единства\b", re.IGNORECASE),
         "11-04"),
        (re.compile(r"\bд(?:ень|ня|ню|нем|нём)\s+защитника\s+отечества\b", re.IGNORECASE),
         "02-23"),
        (re.compile(r"\bд(?:ень|ня|ню|нем|нём)\s+знаний\b", re.IGNORECASE), "09-01"),
    ),
    "en": (
        (re.compile(r"\bchristmas\s+day\b", re.IGNORECASE), "12-25"),
        (re.compile(r"\bchristmas\s+eve\b", re.IGNORECASE), "12-24"),
        (re.compile(r"\bnew\s+year'?s\s+day\b", re.IGNORECASE), "01-01"),
        (re.compile(r"\bhalloween\b", re.IGNORECASE), "10-31"),
        (re.compile(r"\bvalentine'?s\s+day\b", re.IGNORECASE), "02-14"),
        (re.compile(r"\bboxing\s+day\b", re.IGNORECASE), "12-26"),
    ),
}  # fmt: skip
# A name a headline puts in quotes: «Кофемания», “Trackers”, "Шальке" (capitalised, at most
# MAX_QUOTED_WORDS words, so a quoted remark is not taken for a name).
_QUOTED = re.compile(r"[«“\"]([^«»“”\"]{2,60})[»”\"]")
MAX_QUOTED_WORDS = 3
# Last words that make a name a region of a kind («Тверская область», "Kent County"): two
# articles whose first such names are regions of one kind with other names, neither named
# by the other article, report from different places.
_REGION_HEADS = "область край район республика округ county province state oblast region"

# The label a publishing system puts before links to other articles («Читайте также:»,
# "ALSO READ:"), and what follows it up to the end of the sentence or line: another
# article's headline, which would lend its words to this one. The closed class of labels
# the summariser's ranking also knows (bot.analysis.ranking), opening a sentence or a line
# and followed by a colon.
_TEASER = re.compile(
    r"(?:^|(?<=[.!?…»”\"')]))[\s—–\-•*|]*"  # opening a sentence or a line
    r"(?:(?:также\s+)?(?:читайте|смотрите|читать|смотреть)\s+(?:также|тоже)"
    r"|(?:также\s+|ранее\s+)?по\s+теме|см\.\s*также|read\s+(?:more|also)|also\s+read"
    r"|see\s+also|related(?:\s+(?:stories|articles|coverage|content|news|links|reading))?)"
    r"\s*:[^\n.!?…]*[.!?…]*",
    re.IGNORECASE | re.MULTILINE,
)

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…]+[\"»”')]*\s+")
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)
_RU_STEMMER = snowballstemmer.stemmer("russian")

# Function words, reporting verbs and calendar words: present in any two articles, they say
# nothing about the story. Lemmas (ru) and stems (en) as the normaliser makes them, and raw
# forms.
_STOP_RU_WORDS = """
    а и в во на не но да же ли бы то что как так это этот эта эти тот та те к ко с со у о об
    обо от до по за из изо для при про над под без через между после перед около кроме или
    либо ни уже еще только также тоже даже лишь вот вон где когда куда откуда почему
    зачем который которая которые которого чтобы если хотя потому поэтому однако весь все
    свой свое своя сам сама само самый мы вы он она оно они я ты мой наш ваш его ее их
    им ими ему ей нам вам быть был была было были будет будут есть мочь может могут должен
    стать год года году лет день время раз один два три сказать заявить сообщить
    отметить говорить рассказать добавить подчеркнуть пояснить написать указать считать
    сообщаться данные сообщение источник очень более менее сейчас теперь здесь там
    тут всего ранее новый такой другой каждый этом этой того тому кто ничто понедельник
    вторник среда четверг пятница суббота воскресенье вчера сегодня завтра
    """
_STOP_EN_WORDS = """
    a an the and or but if of to in on at by for with from as into onto about over under
    after before between through during without within against up down out off than then
    so such too very can could will would shall should may might must do does did done
    be is are was were been being am have has had having it its this that these those
    he she they we you i him her them us me his their our your my who whom whose which what
    when where why how all any each every both few more most other some no nor not only own
    same just also there here said say says saying told tell according new one two three
    year years day days week time times per cent percent mr mrs ms dr s t monday tuesday
    wednesday thursday friday saturday sunday yesterday today tomorrow
    """
_STOP_RU = frozenset(_STOP_RU_WORDS.split())
_STOP_EN = frozenset(_STOP_EN_WORDS.split())


@dataclass(frozen=True, slots=True)
class StoryKey:
    """An article's fingerprint: weighted terms of its title and lead.

    Attributes:
        weights: term → weight (sublinear count × title and name boosts).
        norm: Euclidean norm of ``weights`` (0.0 for an article with no usable words).
        lang: the article's language, kept for callers; similarity ignores it.
        title_days: calendar days («8 ноября», "Nov 8", 08.11.2019) the headline names, as
            "MM-DD" (the year is often inferred, so it is left out).
        days: the same for the headline and the lead together.
        body: term → weight of the headline and the first ``BODY_CHARS`` of the text, the
            headline weighing ``BODY_TITLE_WEIGHT`` and names as other words.
        body_norm: Euclidean norm of ``body``.
        title_quoted: terms of the names the headline puts in quotes («Кофемания»), the
            subject the headline is about when it is a contest, a show, a club.
        region: the first of the given names that is a region of a kind («Тверская
            область»): the kind's term and the terms of its own name, or None.
        title_events: the headline's terms that are not names: what happened ("booted
            off", «снял полномочия»).
    """

    weights: dict[str, float]
    norm: float
    lang: str
    title_days: frozenset[str] = frozenset()
    days: frozenset[str] = frozenset()
    body: dict[str, float] = field(default_factory=dict)
    body_norm: float = 0.0
    title_quoted: frozenset[str] = frozenset()
    region: tuple[str, frozenset[str]] | None = None
    title_events: frozenset[str] = frozenset()


@lru_cache(maxsize=LEMMA_CACHE_SIZE)
def _ru_stem(word: str) -> str:
    # Without pymorphy: Snowball stems «Лавров» to «лавр» but «Лаврова» to «лавров», so a
    # long word is cut to its first five letters, which inflection rarely reaches.
    stem = str(_RU_STEMMER.stemWord(word))
    return stem if len(word) <= 5 else word[:5]  # noqa: PLR2004 (the five letters above)


@lru_cache(maxsize=4)
def _normaliser(morph: RuMorphVocab | None) -> Callable[[str], str | None]:
    """A function from one lowercased word to its term, or None for a word to skip (one per
    morph vocab, its results cached: a day's articles repeat most of their words)."""

    def term(word: str) -> str | None:
        if word.isdigit():
            return word if len(word) > 1 else None  # «5» is everywhere; «150», «2020» aren't
        if len(word) < 2 or word in _STOP_RU or word in _STOP_EN:  # noqa: PLR2004
            return None
        if _CYRILLIC.search(word):
            lemma = ru_lemma(morph, word) if morph is not None else _ru_stem(word)
            return None if lemma in _STOP_RU else lemma
        if _LATIN.search(word):
            stem = en_stem(word)
            return None if stem in _STOP_EN else stem
        return word

    return lru_cache(maxsize=LEMMA_CACHE_SIZE)(term)


def _name_like(text: str) -> set[str]:
    """Lowercased words of ``text`` that look like names: capitalised mid-sentence, or acronyms."""
    out: set[str] = set()
    for sentence in _SENTENCE_END.split(text):
        for i, match in enumerate(_WORD.finditer(sentence)):
            word = match.group()
            if word[0].isupper() and (i > 0 or (len(word) > 1 and word.isupper())):
                out.add(word.lower().replace("ё", "е"))
    return out


def _title_names(title: str) -> set[str]:
    """Capitalised words of a headline after its first, unless it is in Title Case."""
    words = _WORD.findall(title)[1:]
    capitalised = {w.lower().replace("ё", "е") for w in words if w[:1].isupper()}
    # "Delhi Air Pollution Levels To Drop": capitals there mark the style, not names.
    return set() if len(capitalised) * 2 > len(words) else capitalised


def _words(text: str) -> list[str]:
    return [w.replace("ё", "е") for w in _WORD.findall(text.lower())]


def _days(text: str, lang: str, published: date | None) -> frozenset[str]:
    """Calendar days written out in ``text`` ("MM-DD"); relative ones («вчера») are skipped,
    since two articles of different days mean different days by them."""
    if lang not in ("ru", "en") or not text:
        return frozenset()
    return frozenset(
        d.iso[5:]
        for d in find_dates(text, lang, published)
        if any(c.isdigit() for c in text[d.start : d.end])
    )


def _holidays(title: str, lang: str) -> frozenset[str]:
    """Days ("MM-DD") of the fixed-day holidays a headline names («в День Победы»)."""
    return frozenset(day for pattern, day in _HOLIDAYS.get(lang, ()) if pattern.search(title))


def _quoted_names(title: str, term: Callable[[str], str | None]) -> frozenset[str]:
    """Terms of the capitalised names of at most ``MAX_QUOTED_WORDS`` words that a headline
    puts in quotes."""
    out: set[str] = set()
    for quoted in _QUOTED.findall(title):
        words = _WORD.findall(quoted)
        if words and words[0][:1].isupper() and len(words) <= MAX_QUOTED_WORDS:
            out.update(t for w in _words(quoted) if (t := term(w)))
    return frozenset(out)


def _region(
    names: Sequence[str], term: Callable[[str], str | None]
) -> tuple[str, frozenset[str]] | None:
    """The first name shaped "<name> <kind of region>" («Тверская область»), as (kind, name
    terms)."""
    heads = {t for w in _REGION_HEADS.split() if (t := term(w))}
    for name in names:
        terms = [t for w in _words(name) if (t := term(w))]
        if len(terms) > 1 and terms[-1] in heads:
            return terms[-1], frozenset(terms[:-1])
    return None


def _bag(
    words: Iterable[str],
    *,
    title_terms: set[str],
    title_weight: float,
    name_terms: set[str],
    name_weight: float,
) -> dict[str, float]:
    """Term → weight for the terms of a text and its title (sublinear counts, boosts)."""
    counts: dict[str, int] = defaultdict(int)
    for t in words:
        counts[t] += 1
    weights: dict[str, float] = {}
    for t in counts.keys() | title_terms:
        weight = 1.0 + math.log(counts[t]) if counts[t] else 1.0
        if t in title_terms:
            weight *= title_weight
        if t in name_terms:
            weight *= name_weight
        weights[t] = weight
    return weights


def _norm(values: Iterable[float]) -> float:
    return math.sqrt(sum(v * v for v in values))
