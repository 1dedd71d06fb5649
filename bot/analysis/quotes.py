"""Quotes and their speakers: words in quote marks and reported speech, with who said them.

Direct quotes are found from the quote marks (« » „ “ “ ” ‘ ’ and straight quotes, nested and
spanning paragraphs) and attributed from the clause next to them: after the quote («…», —
сказал X; "…," X said), before it (X заявил: «…»; according to X, "…") or inside it («…, —
отметил X, — …»). Reported speech comes from a reporting verb or phrase and the clause it
governs (X заявил, что …; по словам X, …; X said (that) …; …, X said.). Russian reporting
verbs are recognised by lemma: every form of the listed lemmas is generated once per
dictionary with pymorphy2, so a word is checked with one dictionary look-up; other words
are parsed only near a reporting verb. No model is run: the stage costs a few per cent of
the NER tagger's time.

The speaker is the subject of the reporting verb: a PER/ORG/LOC mention (its canonical
name), a pronoun resolved to the person it stands for, or the noun phrase the text has
(«следователь», "a source"). A quote the text does not attribute gets no speaker.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, NamedTuple

from bot.analysis.entities import normalize_phrase
from bot.analysis.models import NlpModels
from bot.models import Mention, Quote, Sentence


def _wordlist(text: str) -> list[str]:
    return text.split()


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# ---------------------------------------------------------------- tuned limits
# Chosen on the development data (adaq ru, PolNeAR train en) with benchmarks/bench_quotes.py
# and by reading its errors; re-run it after changing.

# Words allowed between a reporting verb and the quote it introduces without a colon
# («рассказали, в ходе встречи «…»»); more and the quote is a fragment of reported speech.
MAX_WORDS_CUE_TO_QUOTE = 4
# Longest attribution clause after a quote, in words ("…," Leonard E. Burman, director of
# the centrist ... Center, said): long appositions occur, sentences rarely follow unpunctuated.
MAX_ATTRIBUTION_WORDS = 30
# Words that may follow an attribution after what it reports ("…, she said in a statement
# on Tuesday"); more and the verb has a clause of its own.
MAX_ATTRIBUTION_TAIL_WORDS = 8
# A verb outside the lexicon counts as the attribution after a quote only this early in
# its clause («…», — успокоила нас мама; "…," Trump barked; "…," beamed Donald Hartley).
MAX_POSTPOSED_VERB_POSITION = 4
# Longest attribution clause inside a Russian quote («…, — сказал глава МИД Сергей Лавров, — …»).
MAX_INNER_ATTRIBUTION_WORDS = 12
# A quote nobody is said to have said must look like an utterance: a whole sentence of at
# least this many words (shorter quoted phrases are titles, names and scare quotes).
MIN_UNATTRIBUTED_WORDS = 5
# A quote right after a reporting verb without a colon or comma («передает «РИА Новости»»,
# "called it a “disgrace”") is a name or a word unless it has at least this many words.
MIN_QUOTED_WORDS_AFTER_CUE = 2
# Reported speech shorter than this is a topic, not a statement ("he said so").
MIN_REPORTED_WORDS = 3
# Words between a reporting verb and its «что»/"that" (adverbs, the addressee, "in a statement").
MAX_WORDS_VERB_TO_THAT = 8
# Words of a subject noun phrase searched left of the verb, and of a phrase after it.
MAX_SUBJECT_WORDS = 12
# A noun reading of a word counts only if the dictionary gives it this share of the best
# reading's probability («в» is also a rare noun; «источник» is nominative or accusative).
MIN_PARSE_SHARE = 0.2
# A country written as an acronym after an organisation (МИД РФ, FBI US): its length range.
MIN_ACRONYM, MAX_ACRONYM = 2, 6
# Genitive words after a common-noun subject that belong to it («представитель пресс-службы
# Министерства обороны»).
MAX_GENITIVE_WORDS = 4
# Words of a place phrase after «в» that speaks («заявили в пресс-службе компании»).
MAX_PLACE_WORDS = 5
# A capitalised phrase the NER missed is matched to a person by its last word only when
# it is this short ("Mook", "Mr. Podesta").
MAX_UNTAGGED_NAME_WORDS = 2
# Shortest verb outside the lexicon taken after an English quote ("barked", not "led").
MIN_UNLISTED_VERB_CHARS = 5
# Words between a colon-introduced statement and its verb («сказал журналистам:»).
MAX_WORDS_VERB_TO_COLON = 3
# Words of a sentence-opening subject ("The Vermont senator emailed …").
MAX_SUBJECT_CHUNK_WORDS = 5
# Comma-separated chunks searched left of a Russian verb for its subject («Студент Артем,
# пришедший на панихиду с друзьями, говорит»: the participle chunk is crossed).
MAX_SUBJECT_CHUNKS = 3
# A pronoun is resolved to a person named at most this many paragraphs before it.
MAX_PRONOUN_PARAGRAPHS = 6

# ---------------------------------------------------------------- lexicon

# Russian reporting verbs by lemma (both aspects); every form is generated from the dictionary.
_RU_SPEECH_LEMMAS = _wordset(
    """
    заявить заявлять сказать говорить отметить отмечать подчеркнуть подчеркивать сообщить
    сообщать рассказать рассказывать добавить добавлять пояснить пояснять уточнить уточнять
    признать признавать признаться признаваться написать писать утверждать объяснить
    объяснять разъяснить разъяснять заметить замечать указать указывать предупредить
    предупреждать ответить отвечать спросить спрашивать напомнить напоминать констатировать
    заверить заверять уверять пообещать обещать настаивать настоять возразить возражать
    парировать опровергнуть опровергать подтвердить подтверждать отрицать допустить допускать
    предположить предполагать прокомментировать комментировать резюмировать подытожить
    заключить воскликнуть посетовать сетовать пожаловаться жаловаться пошутить шутить
    вспомнить вспоминать объявить объявлять высказаться высказываться процитировать
    цитировать передать передавать доложить докладывать повторить повторять твердить
    спрогнозировать прогнозировать считать полагать рассуждать произнести прошептать шепнуть
    крикнуть закричать кричать продолжить продолжать добавлять проинформировать
    информировать уведомить сформулировать акцентировать огласить выразить
    """
)
# «заявил о готовности …»: verbs whose «о»-phrase is what was announced.
_RU_ANNOUNCE_LEMMAS = frozenset(
    {"заявить", "заявлять", "объявить", "объявлять", "сообщить", "сообщать"}
)
# Opinion verbs: they report only a «что»-clause right after them («считает, что …»).
_RU_BELIEF_LEMMAS = frozenset({"считать", "полагать"})
# Verbs that report speech only right after a direct quote («…», — бросил он).
_RU_POSTPOSED_ONLY = frozenset({"бросить", "вставить", "перебить", "усмехнуться", "улыбнуться"})
# Belief and certainty said of someone: «X уверен, что …» (short adjectives and participles).
_RU_CERTAIN = _wordset("уверен уверена уверено уверены убежден убеждена убеждены убеждён убеждёна")
# «по словам X», «по мнению X», «со слов X»: the noun after the preposition.
_RU_ACCORDING_NOUNS = _wordset(
    """
    словам мнению данным информации сообщению оценке оценкам заявлению утверждению версии
    признанию подсчетам подсчётам прогнозу прогнозам расчетам расчётам сведениям убеждению
    """
)
# Inanimate nouns that speak in the news («по данным издания», "the ministry said").
_RU_SPEAKING_NOUNS = _wordset(
    """
    издание газета агентство ведомство министерство компания служба пресс-служба сайт портал
    канал телеканал радиостанция исследование опрос доклад отчет отчёт суд полиция мэрия
    администрация правительство департамент комитет управление штаб центр пресс-центр
    организация фонд банк издательство источник статистика телеграм-канал журнал сми
    """
)
# «по словам X» names a speaker whatever X is; «по данным X» only when X can speak.
_RU_SPEECH_NOUNS = _wordset(
    "словам мнению заявлению утверждению признанию сообщению слов убеждению версии"
)
_RU_COMPLEMENTIZERS = _wordset(
    "что будто якобы чтобы ли как где когда почему зачем кто какой какая какие каким сколько"
)
_RU_PREPOSITIONS = _wordset(
    """
    в во на у к ко с со о об обо от из изо по за под над перед при про для без до через между
    среди около возле после ради вокруг против вместо кроме
    """
)
_RU_NOM_PRONOUNS = {
    "я": None, "ты": None, "мы": None, "вы": None, "он": "m", "она": "f", "оно": "n", "они": "p",
    "тот": "m", "та": "f", "те": "p",
}  # fmt: skip
_RU_POSSESSIVE_PRONOUNS = {"его": "m", "её": "f", "ее": "f", "их": "p"}
_EN_OBJECT_PRONOUNS = {"him": "m", "her": "f", "them": "p"}
# Pronoun-like subject heads: «один из ректоров», «многие», «некоторые эксперты».
_RU_QUANTIFIER_SUBJECTS = _wordset(
    "один одна одно многие некоторые каждый все никто кто-то кое-кто другие"
)

# English reporting verbs: "base" or "base:irregular past,participle".
_EN_SPEECH_VERBS = _wordlist(
    """
say:said tell:told write:wrote,written add state note argue claim warn insist explain
announce report declare assert acknowledge admit confirm deny suggest recall continue
conclude respond reply answer ask tweet post remark observe comment emphasize emphasise
stress predict testify contend maintain allege complain concede estimate promise pledge vow
urge caution boast joke quip scold shout yell chant sing:sang,sung read:read wonder reiterate
repeat counter retort mention indicate disclose reveal recount lament muse think:thought
believe demand exclaim whisper hint proclaim brag plead advise inform assure remind clarify
speak:spoke,spoken charge agree reason fume quote point
"""
)
# English verbs that take a reported clause without "that" ("he said the plan failed").
_EN_BARE_CLAUSE = _wordset(
    """
    say tell claim argue insist warn believe think suggest predict estimate acknowledge admit
    concede contend assert maintain allege note add write recall report confirm announce
    """
)
# Verbs that report speech only next to a direct quote ("…," she sang).
_EN_QUOTE_ONLY = frozenset({"sing", "chant", "read", "shout", "yell", "whisper", "exclaim"})
_EN_PRONOUNS = {"he": "m", "she": "f", "they": "p", "i": None, "we": None, "you": None, "it": "n"}
# Words between the subject and the verb ("Trump also said", "she has repeatedly said").
_EN_SKIP_BEFORE_VERB = _wordset(
    """
    also has have had will would could should may might can did does do then later again
    once still previously recently repeatedly reportedly further never often just even not
    has already first last now only finally today yesterday always long
    """
)
# Words that end a subject noun phrase on its left.
_EN_NP_BREAK = _wordset(
    """
    that which who whom whose and but or because when while if as after before since where
    than though although so yet whether to of in on at for with by from into about over said
    says told is are was were be been being has have had not no also there here it this these
    those what how why said according having being
    """
)
_EN_PREPOSITIONS = _wordset("of in on at for with from by about into to near close")
_EN_DETERMINERS = _wordset(
    "the a an another one two three some many several most all other both each his her their"
)
_EN_TIME_WORDS = _wordset(
    """
    monday tuesday wednesday thursday friday saturday sunday today yesterday tonight earlier
    later morning evening afternoon night week month year last this recently
    """
)
# A bare verb form ("say", "argue") reports speech only after these or a plural noun
# ("officials say", "they argue", "will say"); otherwise it is a noun or an infinitive.
_EN_BASE_FORM_SUBJECTS = _wordset(
    """
    they we i you will would could can may might should must did do does not n't also police
    people
    """
)
# Reporting verbs that are also common nouns: their "-s" form is a verb only after a name
# or a pronoun ("The Post reports", "he notes") and a plural noun otherwise.
_EN_NOUN_LIKE = _wordset(
    """
    report claim note state comment answer post tweet charge demand promise pledge vow counter
    quote point reason estimate joke remark
    """
)
# Before these a word in "-s" is a plural noun, not a verb ("the claims", "news reports").
_EN_NOUN_CONTEXT = _wordset(
    """
    the a an his her their its our my your of in on for with by from and or news media press
    these those such many some several recent two three these other
    """
)
# A reported clause without "that" starts with a subject pronoun or has a finite verb early.
_EN_CLAUSE_SUBJECTS = _wordset("he she it they we i you there this")
_EN_AUXILIARIES = _wordset(
    """
    is are was were will would has have had could can should did does do may might must wants
    needs plans
    """
)
# Objects of "say" that are not a clause ("said so", "said nothing").
_EN_NOT_A_CLAUSE = _wordset(
    "so nothing something anything yes no goodbye hello sorry more little much"
)
_EN_CONTRACTION = re.compile(r"(?:n['’]t|['’](?:s|re|ll|d|ve|m))$")
# Words between a reporting verb and the finite verb of the clause it reports ("said the
# 2017 budget plan would ...").
MAX_WORDS_TO_FINITE_VERB = 10
# A title before a name tells the person's gender.
_EN_GENDER_TITLES = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "lady": "f"}

_QUOTE_CHARS = "«»“”„‘’\"'"
_OPENERS = frozenset('«“„‘"')
_DASHES = frozenset({"—", "–", "-", "--", "---", "―"})
_SENTENCE_END = frozenset({".", "!", "?", "…", "...", "?!", "!?"})
_TOKEN = re.compile(r"\w+(?:[-‐‑'’]\w+)*|''|--+|\.\.\.|[!?]+|\S")
_WORDS = re.compile(r"\w+")
_ABBREVIATION = re.compile(
    r"^(?:[A-Za-zА-Яа-яЁё]|Mr|Mrs|Ms|Dr|Rep|Sen|Gov|Gen|Lt|Col|Sgt|Capt|Jr|Sr|St|Inc|Corp|Co"
    r"|Ltd|Prof|Rev|No|Vol|vs|etc|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|г|гг|т|им|тыс|млн"
    r"|млрд|руб|ул|д|см)$"
)


# ---------------------------------------------------------------- data


class _Tok(NamedTuple):  # a NamedTuple: built for every token, 5x cheaper than a dataclass
    i: int
    start: int
    end: int
    text: str
    low: str
    is_word: bool


@dataclass(frozen=True, slots=True)
class _Unit:
    """A named entity as the quote finder sees it (ORG + LOC acronym merged: «МИД РФ»)."""

    start: int
    end: int
    type: str
    normal: str


@dataclass(frozen=True, slots=True)
class _Speaker:
    start: int
    end: int
    name: str | None
    kind: str  # PER, ORG, LOC, NP, PRON
    gender: str | None = None  # m, f, n, p (plural) when the text tells


@dataclass(frozen=True, slots=True)
class _Cue:
    """A reporting verb or phrase: token range and what it needs."""

    first: int
    last: int
    kind: str  # verb, grnd, prtf, certain, according
    lemma: str
    number: str | None = None
    gender: str | None = None


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    direct: bool
    cue: int  # token index of the cue, -1 when none
    speaker: _Speaker | None
    inherit: bool = False  # gerund or participle: the speaker of the clause it hangs on
    paragraph: int = 0


@dataclass(slots=True)
class _QSpan:
    """A top-level quote: where its opening mark starts, its inner text, where it closes."""

    open: int
    inner_start: int
    inner_end: int
    close_end: int


# ---------------------------------------------------------------- lexicon lookups


@lru_cache(maxsize=4)
def _ru_verb_forms(vocab: Any) -> dict[str, tuple[_Cue, ...]]:
    """Every form of the Russian reporting verbs, generated once per dictionary."""
    forms: dict[str, list[_Cue]] = {}
    for lemma in sorted(_RU_SPEECH_LEMMAS | _RU_POSTPOSED_ONLY):
        parses = [p for p in vocab.parse(lemma) if p.tag.POS == "INFN"]
        if not parses:
            continue
        for form in parses[0].lexeme:
            tag = form.tag
            pos = tag.POS
            if pos == "VERB":
                kind = "verb"
            elif pos == "GRND":
                kind = "grnd"
            elif pos == "PRTF" and "actv" in tag:
                kind = "prtf"
            else:
                continue
            cue = _Cue(0, 0, kind, lemma, tag.number, tag.gender)
            forms.setdefault(form.word.replace("ё", "е"), []).append(cue)
    return {w: tuple(c) for w, c in forms.items()}


def _en_inflections(spec: str) -> tuple[str, list[str]]:
    base, _, irregular = spec.partition(":")
    out = [base]
    if base.endswith(("s", "sh", "ch", "x", "z", "o")):
        out.append(base + "es")
    elif base.endswith("y") and base[-2] not in "aeiou":
        out.append(base[:-1] + "ies")
    else:
        out.append(base + "s")
    stem = base[:-1] if base.endswith("e") else base
    if base in {"admit", "quip", "regret", "omit", "commit"}:
        stem = base + base[-1]
    if irregular:
        out.extend(irregular.split(","))
    elif base.endswith("y") and base[-2] not in "aeiou":
        out.append(base[:-1] + "ied")
    else:
        out.append(stem + "ed")
    out.append(stem + "ing")
    return base, out


def _en_verb_forms() -> dict[str, str]:
    forms: dict[str, str] = {}
    for spec in _EN_SPEECH_VERBS:
        base, inflected = _en_inflections(spec)
        for form in inflected:
            forms.setdefault(form, base)
    return forms


_EN_FORMS = _en_verb_forms()


# ---------------------------------------------------------------- the document


class _Doc:
    """Tokens, entities and lookups of one article, shared by the finders below."""

    def __init__(
        self,
        text: str,
        sentences: Sequence[Sentence],
        mentions: Sequence[Mention],
        lang: str,
        nlp: NlpModels,
    ) -> None:
        self.text = text
        self.lang = "en" if lang == "en" else "ru"
        self.vocab = nlp.morph_vocab
        self.sentences = list(sentences)
        self.sent_starts = [s.start for s in self.sentences]
        self.toks = _tokenize(text)
        self.tok_starts = [t.start for t in self.toks]
        self.para_spans = _paragraphs(text)
        self.para_starts = [p[0] for p in self.para_spans]
        self.units = _units(text, mentions, self.lang, self.vocab)
        self.unit_of: dict[int, _Unit] = {}
        for u in self.units:
            for i in range(self.tok_index(u.start), len(self.toks)):
                if self.toks[i].start >= u.end:
                    break
                self.unit_of[i] = u
        self.ru_forms = _ru_verb_forms(self.vocab) if self.lang == "ru" else {}
        self._parse_cache: dict[str, list[Any]] = {}
        self.genders: dict[str, str] = {}
        self.in_quote = [False] * len(self.toks)

    # -- positions

    def tok_index(self, offset: int) -> int:
        """Index of the first token that ends after ``offset``."""
        i = bisect_right(self.tok_starts, offset) - 1
        if i < 0:
            return 0
        return i if self.toks[i].end > offset else i + 1

    def paragraph_of(self, offset: int) -> int:
        return max(0, bisect_right(self.para_starts, offset) - 1)

    def sentence_span(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.sent_starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i].start, self.sentences[i].end
        return (
            self.para_spans[self.paragraph_of(offset)] if self.para_spans else (0, len(self.text))
        )

    def parse(self, word: str) -> list[Any]:
        key = word.lower()
        if key not in self._parse_cache:
            self._parse_cache[key] = list(self.vocab(key))
        return self._parse_cache[key]

    # -- token classes

    def is_sentence_end(self, i: int) -> bool:
        """A full stop that ends a sentence (not "Mr." or an initial)."""
        tok = self.toks[i]
        if tok.text not in _SENTENCE_END:
            return False
        if tok.text == "." and i > 0:
            prev = self.toks[i - 1]
            if prev.end == tok.start and _ABBREVIATION.match(prev.text):
                return False
        nxt = self.toks[i + 1] if i + 1 < len(self.toks) else None
        if nxt is None or "\n" in self.text[tok.end : nxt.start]:
            return True
        return not (nxt.text[:1].islower() or nxt.text[:1].isdigit() or nxt.text in ",;:")

    def cue_at(self, i: int) -> _Cue | None:
        """The reporting verb or phrase that starts at token ``i``, if any."""
        if not self.toks[i].is_word:
            return None
        return self._en_cue_at(i) if self.lang == "en" else self._ru_cue_at(i)

    def _ru_cue_at(self, i: int) -> _Cue | None:
        low = self.toks[i].low
        if low in _RU_CERTAIN:
            return _Cue(i, i, "certain", low)
        if low in {"по", "со"} and i + 1 < len(self.toks):
            nxt = self.toks[i + 1].low
            if (low == "по" and nxt in _RU_ACCORDING_NOUNS) or (low == "со" and nxt == "слов"):
                return _Cue(i, i + 1, "according", nxt)
            # «по его словам»
            if (
                low == "по"
                and nxt in _RU_POSSESSIVE_PRONOUNS
                and i + 2 < len(self.toks)
                and self.toks[i + 2].low in _RU_ACCORDING_NOUNS
            ):
                return _Cue(i, i + 2, "according", self.toks[i + 2].low)
        forms = self.ru_forms.get(low)
        if not forms:
            return None
        c = forms[0]
        return _Cue(i, i, c.kind, c.lemma, c.number, c.gender)

    def _en_cue_at(self, i: int) -> _Cue | None:
        low = self.toks[i].low
        if low == "according" and i + 1 < len(self.toks) and self.toks[i + 1].low == "to":
            return _Cue(i, i + 1, "according", "according to")
        base = _EN_FORMS.get(low)
        if base is None:
            return None
        prev = self.toks[i - 1].low if i > 0 else ""
        if low == base and not (
            prev in _EN_BASE_FORM_SUBJECTS or (prev.endswith("s") and prev not in _EN_NOUN_CONTEXT)
        ):
            return None  # "state Del. Marcia", "a report": a noun, or an infinitive
        if (
            low != base
            and low.endswith("s")
            and not low.endswith("ss")
            and prev in _EN_NOUN_CONTEXT
        ):
            return None  # "news reports", "the claims"
        if (
            low != base
            and low.endswith("s")
            and base in _EN_NOUN_LIKE
            and not (i - 1 in self.unit_of or prev in _EN_PRONOUNS)
        ):
            return None  # "fundraising reports", "Western states": plural nouns
        kind = "grnd" if low.endswith("ing") and base != low else "verb"
        number = "sing" if low.endswith("s") and low != base else None
        return _Cue(i, i, kind, base, number)


def _tokenize(text: str) -> list[_Tok]:
    """Tokens of the whole text; the hot loop of the quote finder, kept lean."""
    low = text.lower().replace("ё", "е")
    same = len(low) == len(text)  # lower() can change the length of rare letters (İ)
    toks = []
    for i, m in enumerate(_TOKEN.finditer(text)):
        start, end = m.span()
        word = m.group()
        first = word[0]
        toks.append(
            _Tok(
                i,
                start,
                end,
                word,
                low[start:end] if same else word.lower().replace("ё", "е"),
                first.isalnum() or first == "_",
            )
        )
    return toks


def _is_word(token: str) -> bool:
    return token[:1].isalnum() or token[:1] == "_"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.span()
        line = m.group()
        s += len(line) - len(line.lstrip())
        e -= len(line) - len(line.rstrip())
        if e > s:
            spans.append((s, e))
    return spans


def _units(text: str, mentions: Sequence[Mention], lang: str, vocab: Any) -> list[_Unit]:
    """Mentions as speaker candidates; an ORG followed by a LOC acronym or genitive is one."""
    ordered = sorted(mentions, key=lambda m: m.start)
    out: list[_Unit] = []
    i = 0
    while i < len(ordered):
        m = ordered[i]
        unit = _Unit(m.start, m.end, m.type, m.normal)
        if m.type == "ORG" and i + 1 < len(ordered):
            nxt = ordered[i + 1]
            gap = text[m.end : nxt.start]
            if (
                nxt.type == "LOC"
                and gap.strip() == ""
                and "\n" not in gap
                and (_is_acronym(nxt.text) or (lang == "ru" and _is_genitive(nxt.text, vocab)))
            ):
                unit = _Unit(m.start, nxt.end, "ORG", f"{m.normal} {nxt.text}")
                i += 1
        out.append(unit)
        i += 1
    return out


def _is_acronym(word: str) -> bool:
    return MIN_ACRONYM <= len(word) <= MAX_ACRONYM and word.isupper() and word.isalpha()


def _is_genitive(phrase: str, vocab: Any) -> bool:
    words = phrase.split()
    return bool(words) and any(p.feats.get("Case") == "Gen" for p in vocab(words[-1].lower()))


# ---------------------------------------------------------------- quote marks


def _quote_spans(doc: _Doc) -> list[_QSpan]:
    """Top-level quotes of the text; one left open goes on in a paragraph that opens one."""
    text = doc.text
    out: list[_QSpan] = []
    carried: _QSpan | None = None
    for p_start, p_end in doc.para_spans:
        spans, unclosed = _scan_paragraph(text, p_start, p_end)
        if carried is not None:
            if spans and spans[0].open == p_start:
                first = spans.pop(0)
                carried.inner_end, carried.close_end = first.inner_end, first.close_end
                out.append(carried)
                carried = None
            elif unclosed is not None and unclosed.open == p_start and not spans:
                carried.inner_end, carried.close_end = unclosed.inner_end, unclosed.close_end
                continue
            else:
                out.append(carried)
                carried = None
        out.extend(spans)
        carried = unclosed
    if carried is not None:
        out.append(carried)
    return out


def _scan_paragraph(  # noqa: PLR0912 (one branch per kind of quote mark, as they are read)
    text: str, p_start: int, p_end: int
) -> tuple[list[_QSpan], _QSpan | None]:
    """Top-level quotes of one paragraph and the quote left open at its end, if any.

    « » pair with each other; the double quotes (“ ” „ " '') are one family because texts
    mix them (an opening " closed by ” or ''); ‘ ’ are quotes only when they pair up, since
    ’ is also the apostrophe. Straight quotes open or close by what is around them.
    """
    stack: list[tuple[str, int, int]] = []  # (family, position, length)
    spans: list[_QSpan] = []
    for m in re.finditer(r"''|[«»“”„‘’\"]", text[p_start:p_end]):
        mark = m.group()
        pos = p_start + m.start()
        end = pos + len(mark)
        prev = text[pos - 1] if pos > p_start else " "
        nxt = text[end] if end < p_end else " "
        top = stack[-1][0] if stack else None
        closed: tuple[str, int, int] | None = None
        if mark == "«":
            stack.append(("«", pos, 1))
        elif mark == "»":
            closed = _pop_to(stack, "«")
        elif mark == "„":
            stack.append(("d", pos, 1))
        elif mark == "”":
            closed = _pop_to(stack, "d")
        elif mark == "‘" and _opening_context(prev, nxt):
            stack.append(("s", pos, 1))
        elif mark == "’" and top == "s" and not nxt.isalnum():
            closed = stack.pop()
        elif mark in {"“", '"', "''"}:  # open or close by context
            opening, closing = _opening_context(prev, nxt), _closing_context(prev, nxt)
            closes_low = mark == "“" and top == "d" and text[stack[-1][1]] == "„"  # „…“
            if closes_low or (
                top == "d" and (closing or not opening) and not (mark == "“" and opening)
            ):
                closed = stack.pop()
            elif opening or mark == "“":
                stack.append(("d", pos, len(mark)))
            elif closing and "d" in [k for k, _, _ in stack]:
                closed = _pop_to(stack, "d")
        if closed is not None and not stack:
            _, o_pos, o_len = closed
            spans.append(_QSpan(o_pos, o_pos + o_len, pos, end))
    unclosed = None
    if stack:
        _, o_pos, o_len = stack[0]
        unclosed = _QSpan(o_pos, o_pos + o_len, p_end, p_end)
    return spans, unclosed


def _pop_to(stack: list[tuple[str, int, int]], kind: str) -> tuple[str, int, int] | None:
    for j in range(len(stack) - 1, -1, -1):
        if stack[j][0] == kind:
            found = stack[j]
            del stack[j:]
            return found
    return None


def _opening_context(prev: str, nxt: str) -> bool:
    return (prev.isspace() or prev in "([{«„“—–-:/") and not nxt.isspace()


def _closing_context(prev: str, nxt: str) -> bool:
    return not prev.isspace() and (nxt.isspace() or nxt in ".,;:!?)]}»”…—–-")


# ---------------------------------------------------------------- speakers


def _unit_before_prep(doc: _Doc, first_tok: int) -> str | None:
    """The preposition right before a phrase, if any («в МИД РФ»)."""
    if first_tok == 0:
        return None
    prev = doc.toks[first_tok - 1]
    if doc.lang == "ru" and prev.low in _RU_PREPOSITIONS:
        return prev.low
    if doc.lang == "en" and prev.low in {
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "to",
    }:
        return prev.low
    return None


def _pronoun(tok: _Tok, gender: str | None) -> _Speaker:
    """A pronoun naming the speaker; its name is found later (``_resolve_pronoun``)."""
    return _Speaker(tok.start, tok.end, None, "PRON", gender)


def _speaker_of_unit(doc: _Doc, u: _Unit) -> _Speaker:
    gender = doc.genders.get(u.normal) if u.type == "PER" else None
    return _Speaker(u.start, u.end, u.normal, u.type, gender)


def _ru_nominative(doc: _Doc, word: str, number: str | None, gender: str | None) -> Any | None:
    """A nominative noun parse of ``word`` that can be the subject of the verb."""
    parses = doc.parse(word)
    top = max((p.score for p in parses), default=0.0)
    for p in parses:
        tag = p.tag
        if tag.POS != "NOUN" or tag.case != "nomn" or p.score < MIN_PARSE_SHARE * top:
            continue
        if number and tag.number and tag.number != number:
            continue
        if (
            gender
            and number != "plur"
            and tag.gender
            and tag.gender != gender
            and "Fixd" not in tag
            and "Ms-f" not in tag
        ):
            continue
        return p
    return None


def _top_pos(doc: _Doc, word: str) -> str | None:
    parses = doc.parse(word)
    return str(parses[0].tag.POS) if parses else None


def _ru_unit_nominative(doc: _Doc, u: _Unit) -> bool:
    """Whether a mention can be a subject: it is written in its dictionary form («Путину» is not).

    ``find_mentions`` puts every name in the nominative, so a mention whose words all occur in
    its canonical name is nominative (or indeclinable: «Рубио», «МИД»).
    """
    surface = {w.lower().replace("ё", "е") for w in _WORDS.findall(doc.text[u.start : u.end])}
    normal = {w.lower().replace("ё", "е") for w in _WORDS.findall(u.normal)}
    return bool(surface) and surface <= normal


# Preference among subject candidates of one clause (lower wins).
_RANK = {"PER": 0, "PRON": 1, "ANIM": 2, "ORG": 3, "LOC": 3, "INAN": 4}


def _ru_candidates(
    doc: _Doc, cue: _Cue, indices: Sequence[int]
) -> list[tuple[int, int, _Speaker]]:
    """Subject candidates among tokens ``indices`` (nearest first): (rank, order, speaker)."""
    out: list[tuple[int, int, _Speaker]] = []
    seen: set[int] = set()
    for order, j in enumerate(indices):
        tok = doc.toks[j]
        if not tok.is_word or doc.in_quote[j]:
            continue
        u = doc.unit_of.get(j)
        if u is not None:
            if u.start in seen:
                continue
            seen.add(u.start)
            first = doc.tok_index(u.start)
            complement = u.type != "PER" and first > 0 and _is_oblique_noun(doc, first - 1)
            if (
                _unit_before_prep(doc, first) is None
                and _ru_unit_nominative(doc, u)
                and not complement  # «пресс-центр операции Объединенных сил»
            ):
                out.append((_RANK.get(u.type, 3), order, _speaker_of_unit(doc, u)))
            continue
        if _unit_before_prep(doc, j) is not None:
            continue
        if tok.low in _RU_NOM_PRONOUNS:
            g = _RU_NOM_PRONOUNS[tok.low]
            out.append((_RANK["PRON"], order, _pronoun(tok, g)))
        elif tok.low in _RU_QUANTIFIER_SUBJECTS:
            end = tok.end
            if j + 2 < len(doc.toks) and doc.toks[j + 1].low == "из":
                end = doc.toks[j + 2].end
            sp = _Speaker(tok.start, end, doc.text[tok.start : end], "NP")
            out.append((_RANK["ANIM"], order, sp))
        else:
            noun = _ru_nominative(doc, tok.text, cue.number, cue.gender)
            if (
                noun is not None
                and j > 0
                and _is_oblique_noun(doc, j - 1)
                and _has_parse(doc, tok.text, {"NOUN"}, "gent")
            ):
                noun = None  # «в пресс-службе компании»: a complement, not a subject
            if noun is not None:
                rank = _RANK["ANIM"] if "anim" in noun.tag else _RANK["INAN"]
                out.append((rank, order, _ru_noun_phrase(doc, j, noun)))
    return out


def _is_oblique_noun(doc: _Doc, j: int) -> bool:
    tok = doc.toks[j]
    if not tok.is_word or j in doc.unit_of:
        return False
    parses = doc.parse(tok.text)
    return bool(parses) and parses[0].tag.POS == "NOUN" and parses[0].tag.case != "nomn"


def _best(cands: list[tuple[int, int, _Speaker]]) -> _Speaker | None:
    return min(cands, key=lambda c: (c[0], c[1]))[2] if cands else None


def _ru_subject(doc: _Doc, cue: _Cue, lo: int, hi: int) -> _Speaker | None:
    """The subject of a Russian reporting verb: left of it in its clause, else right of it."""
    if cue.kind == "prtf":
        return _ru_participle_head(doc, cue, lo)
    left = _ru_left_subject(doc, cue, lo)
    if left is not None:
        return left
    return _ru_right_subject(doc, cue, hi)


def _is_hard_boundary(doc: _Doc, j: int) -> bool:
    tok = doc.toks[j]
    return tok.text in {";", ":"} or tok.text in _DASHES or doc.is_sentence_end(j)


def _ru_left_subject(
    doc: _Doc, cue: _Cue, lo: int, *, main_clause: bool = False
) -> _Speaker | None:
    """Scan clause chunks leftwards; participial and apposition chunks are crossed.

    ``main_clause``: the cue is a gerund, whose subject is that of the clause with the
    finite verb before it («Яшин бросил вызов Собянину, заявив о …»).
    """
    j = cue.first - 1
    seen_words = False
    for chunk_no in range(MAX_SUBJECT_CHUNKS):
        chunk: list[int] = []
        while (
            j >= lo and doc.toks[j].text not in {",", "(", ")"} and not _is_hard_boundary(doc, j)
        ):
            low = doc.toks[j].low
            if low in {"который", "которая", "которое", "которые"}:
                break
            if low in _RU_COMPLEMENTIZERS - {"как"} and not (
                low == "что" and j > lo and doc.toks[j - 1].low in {"только", "потому", "так"}
            ):
                break
            chunk.append(j)
            j -= 1
        stop = j < lo or doc.toks[j].text not in {",", "(", ")"}
        main = main_clause and not seen_words
        seen_words = seen_words or any(doc.toks[k].is_word for k in chunk)
        if chunk_no > 0 and not main and _ru_other_clause(doc, chunk):
            return None
        if not (chunk_no > 0 and _ru_participial(doc, chunk)):
            best = _best(_ru_candidates(doc, cue, chunk))
            if best is not None:
                return best
        if stop:
            return None
        j -= 1
    return None


def _ru_other_clause(doc: _Doc, chunk: Sequence[int]) -> bool:
    """A chunk with its own finite verb belongs to another clause."""
    return any(
        doc.toks[j].is_word and not doc.in_quote[j] and _top_pos(doc, doc.toks[j].text) == "VERB"
        for j in chunk
    )


def _ru_participial(doc: _Doc, chunk: Sequence[int]) -> bool:
    """«, хорошо помнившие довоенные годы,», «, хитро улыбаясь,»: a participle or gerund."""
    words = [doc.toks[j] for j in reversed(chunk) if doc.toks[j].is_word][:2]
    return any(_top_pos(doc, w.text) in {"PRTF", "GRND"} for w in words)


def _ru_right_subject(doc: _Doc, cue: _Cue, hi: int) -> _Speaker | None:
    """«— сказал Рубио», «сообщил представитель госдепартамента Ричард Баучер»."""
    idx: list[int] = []
    j = cue.last + 1
    while j < hi and doc.toks[j].text not in {",", "(", ")"} and not _is_hard_boundary(doc, j):
        if doc.toks[j].low in _RU_COMPLEMENTIZERS - {"как"}:
            break
        idx.append(j)
        j += 1
        if len(idx) > MAX_SUBJECT_WORDS:
            break
    best = _best(_ru_candidates(doc, cue, idx))
    if best is None and cue.number == "plur" and cue.kind == "verb":
        return _ru_impersonal_place(doc, idx) or _ru_impersonal_place(
            doc, range(cue.first - 1, max(-1, cue.first - MAX_SUBJECT_WORDS), -1), left=True
        )
    return best


def _ru_participle_head(doc: _Doc, cue: _Cue, lo: int) -> _Speaker | None:
    """«Гека Финна, говорившего: …»: the participle's noun is the speaker."""
    j = cue.first - 1
    if j <= lo or doc.toks[j].text != ",":
        return None
    j -= 1
    u = doc.unit_of.get(j)
    if u is not None:
        return _speaker_of_unit(doc, u)
    tok = doc.toks[j]
    if tok.is_word and any(p.tag.POS == "NOUN" for p in doc.parse(tok.text)):
        return _Speaker(tok.start, tok.end, tok.text, "NP")
    return None


def _ru_noun_phrase(doc: _Doc, head: int, parse: Any) -> _Speaker:
    """A common-noun subject with the adjectives before it and genitives after it."""
    first = head
    while first - 1 >= 0 and doc.toks[first - 1].is_word:
        prev = doc.toks[first - 1]
        if prev.i in doc.unit_of or not _has_parse(doc, prev.text, {"ADJF", "PRTF"}, "nomn"):
            break
        first -= 1
    last = head
    while (
        last + 1 < len(doc.toks)
        and doc.toks[last + 1].is_word
        and last - head < MAX_GENITIVE_WORDS
    ):
        nxt = doc.toks[last + 1]
        if doc.cue_at(last + 1) is not None:
            break
        if nxt.i in doc.unit_of:
            u = doc.unit_of[nxt.i]
            last = doc.tok_index(u.end - 1)
            continue
        if not _has_parse(doc, nxt.text, {"NOUN"}, "gent"):
            break
        last += 1
    start, end = doc.toks[first].start, doc.toks[last].end
    name = _np_name(doc, doc.toks[first : last + 1])
    gender = {"masc": "m", "femn": "f", "neut": "n"}.get(str(parse.tag.gender))
    if parse.tag.number == "plur":
        gender = "p"
    return _Speaker(start, end, name, "NP", gender)


def _has_parse(doc: _Doc, word: str, pos: set[str], case: str) -> bool:
    parses = doc.parse(word)
    top = max((p.score for p in parses), default=0.0)
    return any(
        p.tag.POS in pos and p.tag.case == case and p.score >= MIN_PARSE_SHARE * top
        for p in parses
    )


def _ru_impersonal_place(
    doc: _Doc, indices: Iterable[int], *, left: bool = False
) -> _Speaker | None:
    """«— рассказали в российском внешнеполитическом ведомстве»: the place that speaks."""
    for j in indices:
        if j < 0:
            break
        tok = doc.toks[j]
        if not tok.is_word:
            if _is_hard_boundary(doc, j) or tok.text == ",":
                return None
            continue
        if tok.low not in {"в", "во"}:
            continue
        k = j + 1
        words: list[_Tok] = []
        while k < len(doc.toks) and doc.toks[k].is_word and len(words) < MAX_PLACE_WORDS:
            words.append(doc.toks[k])
            u = doc.unit_of.get(k)
            if u is not None and words[0].i == k:
                return _speaker_of_unit(doc, u)
            if _has_parse(doc, doc.toks[k].text, {"NOUN"}, "loct") or _has_parse(
                doc, doc.toks[k].text, {"NOUN"}, "loc2"
            ):
                break
            k += 1
        while k + 1 < len(doc.toks) and len(words) < MAX_SUBJECT_WORDS:
            nxt = doc.toks[k + 1]
            if not (nxt.is_word and _has_parse(doc, nxt.text, {"NOUN"}, "gent")):
                break
            words.append(nxt)
            k += 1
        if words:
            start, end = words[0].start, words[-1].end
            return _Speaker(start, end, _np_name(doc, words), "NP", "p")
        return None
    return None


def _en_subject_left(doc: _Doc, cue: _Cue, lo: int) -> _Speaker | None:
    """The subject left of an English verb: a mention, a pronoun or a noun phrase."""
    j = cue.first - 1
    while (
        j >= lo
        and doc.toks[j].is_word
        and (doc.toks[j].low in _EN_SKIP_BEFORE_VERB or doc.toks[j].low.endswith("ly"))
    ):
        if doc.toks[j].i in doc.unit_of:
            break
        j -= 1
    if j < lo:
        return None
    # a parenthesis after the name: "Rep. John Mica (R-Fla.) said"
    if doc.toks[j].text == ")":
        k = j
        while k >= lo and doc.toks[k].text != "(":
            k -= 1
        if k > lo:
            j = k - 1
    tok = doc.toks[j]
    if tok.text == ",":
        return _en_apposition_subject(doc, j, lo)
    return _en_np_ending_at(doc, j, lo)


def _en_np_ending_at(doc: _Doc, j: int, lo: int) -> _Speaker | None:
    """The noun phrase that ends at token ``j`` (the subject of a verb after it)."""
    tok = doc.toks[j]
    if not tok.is_word:
        return None
    if tok.low in _EN_PRONOUNS:
        return _pronoun(tok, _EN_PRONOUNS[tok.low])
    if tok.low in _EN_NP_BREAK:
        return None
    first = _en_np_start(doc, j, lo)
    if first > lo and doc.toks[first - 1].low in _EN_PREPOSITIONS:
        # "officials in Washington said": the phrase goes on left of its preposition
        if (
            first - 2 < lo
            or doc.toks[first - 2].low in _EN_NP_BREAK
            or not doc.toks[first - 2].is_word
        ):
            return None  # "an official she spoke to on camera": no head before the preposition
        first = _en_np_start(doc, first - 2, lo)
    # a name is the speaker when it ends the phrase ("IMF chief economist Maury Obstfeld");
    # inside it, it only qualifies the head ("Donald Trump’s campaign manager")
    last = doc.unit_of.get(j)
    if last is not None and not re.search(r"['’]s$", tok.text):
        return _speaker_of_unit(doc, last)
    words = list(doc.toks[first : j + 1])
    # the phrase starts at its determiner or its first capitalised word, else it is its head
    starts = [k for k, t in enumerate(words) if t.low in _EN_DETERMINERS or t.text[:1].isupper()]
    return _np_speaker(doc, words[starts[0] :] if starts else words[-2:])


def _np_speaker(doc: _Doc, toks: Sequence[_Tok]) -> _Speaker | None:
    """A common-noun phrase as the speaker (English; plural when its head is)."""
    content = [t for t in toks if t.low not in _EN_DETERMINERS]
    if not content:
        return None
    name = _np_name(doc, toks)
    return _Speaker(
        toks[0].start, toks[-1].end, name, "NP", "p" if _plural(content[-1].low) else None
    )


def _en_np_start(doc: _Doc, j: int, lo: int) -> int:
    first = j
    while first - 1 >= lo:
        prev = doc.toks[first - 1]
        if first - 1 in doc.unit_of:
            first -= 1
            continue
        if prev.text in {"'s", "’s", "'", "’", "&", "."} or (
            prev.is_word and prev.low not in _EN_NP_BREAK and j - first < MAX_SUBJECT_WORDS
        ):
            if prev.text == "." and not (
                first - 2 >= lo and _ABBREVIATION.match(doc.toks[first - 2].text)
            ):
                break
            first -= 1
            continue
        break
    return first


def _en_apposition_subject(doc: _Doc, comma: int, lo: int) -> _Speaker | None:
    """ "Kevin Barrett, a lawyer at Bailey & Glasser, said": the name before the apposition."""
    k = comma - 1
    while k >= lo and doc.toks[k].text != ",":
        k -= 1
    near_lo = max(k + 1, lo)
    j = comma - 1
    if doc.toks[j].text == ")":  # "Gov. John Kasich (R-OH), said"
        while j > near_lo and doc.toks[j].text != "(":
            j -= 1
        j -= 1
    near = _en_np_ending_at(doc, j, near_lo) if j >= near_lo else None
    if near is not None and doc.text[near.start : near.end].isdigit():
        near = None  # "Sarandon, 69, told MSNBC": an age
    first = doc.toks[near_lo]
    # "Paul Richards, an analyst at Numis Securities, said": the chunk next to the verb
    # describes the name before it
    apposition = near is None or first.low in _EN_DETERMINERS or first.text[:1].islower()
    before = _en_np_ending_at(doc, k - 1, lo) if k - 1 >= lo and apposition else None
    if before is not None and (before.kind == "PER" or near is None):
        return before
    if (near is not None and near.kind in {"PER", "ORG", "PRON"}) or before is None:
        return near
    return before


def _en_subject_right(doc: _Doc, cue: _Cue, hi: int) -> _Speaker | None:
    """The subject after an inverted English verb ("…," said Kevin Barrett, a lawyer)."""
    j = cue.last + 1
    while j < hi and doc.toks[j].low in _EN_TIME_WORDS:
        j += 1
    if j >= hi:
        return None
    tok = doc.toks[j]
    if tok.low in _EN_PRONOUNS:
        return _pronoun(tok, _EN_PRONOUNS[tok.low])
    k = j
    while k < hi and (doc.toks[k].is_word or doc.toks[k].text in {".", "'s", "’s", "&", "-"}):
        if doc.toks[k].low in _EN_NP_BREAK - _EN_DETERMINERS - {"of"} and k > j:
            break
        if doc.toks[k].text == "." and doc.is_sentence_end(k):
            break
        k += 1
    if k == j:
        return None
    return _en_np_ending_at_range(doc, j, k - 1)


def _en_np_ending_at_range(doc: _Doc, first: int, last: int) -> _Speaker | None:
    """The speaker named by tokens ``first..last``: a person in it ("said Rep. John Mica"),
    a name ending it, else the phrase ("said the Spurs sporting director")."""
    toks = doc.toks[first : last + 1]
    per = [
        doc.unit_of[t.i]
        for t in toks
        if t.i in doc.unit_of
        and doc.unit_of[t.i].type == "PER"
        and not re.search(r"['’]s$", t.text)  # "Kasabian's singer": a possessive
    ]
    if per:
        return _speaker_of_unit(doc, per[0])
    if toks and (u := doc.unit_of.get(toks[-1].i)) is not None:
        return _speaker_of_unit(doc, u)
    while toks and toks[-1].text == ".":
        toks = toks[:-1]
    return _np_speaker(doc, toks)


_PROPER_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"})


def _np_name(doc: _Doc, toks: Sequence[_Tok]) -> str:
    """The speaker name of a noun phrase: Russian in the nominative, a sentence-initial
    capital of a common noun lowered («Эксперты считают» → «эксперты»)."""
    words = [t for t in toks if t.is_word]
    if not words:
        return doc.text[toks[0].start : toks[-1].end] if toks else ""
    first = words[0]
    if doc.lang == "ru":
        name = " ".join(normalize_phrase([w.text for w in words], doc.vocab))
        common = not any(_PROPER_GRAMMEMES & set(p.tag.grammemes) for p in doc.parse(first.text))
    else:
        name = _resolve_name(doc, doc.text[first.start : words[-1].end])
        common = first.low in _EN_DETERMINERS
    sentence_initial = (
        first.i == 0
        or doc.is_sentence_end(first.i - 1)
        or (doc.toks[first.i - 1].text in set(_QUOTE_CHARS) | _DASHES | {"''"})
        or doc.paragraph_of(doc.toks[first.i - 1].start) != doc.paragraph_of(first.start)
    )
    if common and sentence_initial and name[:1].isupper() and not first.text.isupper():
        name = name[:1].lower() + name[1:]
    return name


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith("ss")


def _resolve_name(doc: _Doc, surface: str) -> str:
    """A capitalised phrase the NER missed, mapped to a person it names ("Mook")."""
    words = [w for w in _WORDS.findall(surface) if w[:1].isupper()]
    if words and len(words) <= MAX_UNTAGGED_NAME_WORDS:
        last = words[-1].lower()
        for u in doc.units:
            if u.type == "PER" and u.normal.split()[-1].lower() == last:
                return u.normal
    return surface


# ---------------------------------------------------------------- cues and speakers


def _clause_bounds(doc: _Doc, i: int) -> tuple[int, int]:
    """Token range of the sentence around token ``i`` (not crossing quote marks or paragraphs)."""
    s, e = doc.sentence_span(doc.toks[i].start)
    lo, hi = doc.tok_index(s), doc.tok_index(e)
    return lo, max(hi, i + 1)


def _speaker_for(doc: _Doc, cue: _Cue, lo: int, hi: int, *, inverted: bool) -> _Speaker | None:
    """Who a cue attributes to; ``inverted``: the cue follows what was said."""
    if cue.kind == "according":
        return _according_speaker(doc, cue, hi)
    if doc.lang == "ru":
        return _ru_subject(doc, cue, lo, hi)
    left = _en_subject_left(doc, cue, lo) if cue.first > lo else None
    if left is not None:
        return left
    if inverted:
        return _en_subject_right(doc, cue, hi)
    return None


def _according_pronoun(doc: _Doc, cue: _Cue, hi: int) -> _Speaker | None:
    """«по его словам», «по словам его», "according to him"."""
    if cue.last > cue.first + 1:  # the pronoun is inside the cue: «по его словам»
        tok = doc.toks[cue.first + 1]
        return _pronoun(tok, _RU_POSSESSIVE_PRONOUNS[tok.low])
    if cue.last + 1 >= hi:
        return None
    tok = doc.toks[cue.last + 1]
    pronouns = _RU_POSSESSIVE_PRONOUNS if doc.lang == "ru" else _EN_OBJECT_PRONOUNS
    return _pronoun(tok, pronouns[tok.low]) if tok.low in pronouns else None


def _according_speaker(doc: _Doc, cue: _Cue, hi: int) -> _Speaker | None:
    """«по словам X», «по его словам», "according to X"."""
    pronoun = _according_pronoun(doc, cue, hi)
    if pronoun is not None:
        return pronoun
    j = k = cue.last + 1
    while k < hi and (
        doc.toks[k].is_word or doc.toks[k].text in {".", "'s", "’s", "&", "-", "«", "»", '"'}
    ):
        if doc.toks[k].text == "." and doc.is_sentence_end(k):
            break
        k += 1
    if k == j:
        return None
    toks = doc.toks[j:k]
    units = [doc.unit_of[t.i] for t in toks if t.i in doc.unit_of]
    per = [u for u in units if u.type == "PER"]
    if per or units:
        return _speaker_of_unit(doc, (per or units)[0])
    words = [t for t in toks if t.is_word][:6]
    speech_noun = doc.lang == "en" or cue.lemma in _RU_SPEECH_NOUNS
    if not words or not (speech_noun or _can_speak(doc, words[:3])):
        return None  # «по оценке учебных мероприятий»: not someone who speaks
    start, end = words[0].start, words[-1].end
    return _Speaker(start, end, _np_name(doc, words), "NP")


def _can_speak(doc: _Doc, words: Sequence[_Tok]) -> bool:
    """A phrase that names someone who can speak: a person, a group or an institution."""
    for t in words:
        for p in doc.parse(t.text)[:2]:
            grams = set(p.tag.grammemes)
            if p.tag.POS == "NOUN" and ("anim" in grams or "Orgn" in grams):
                return True
            if p.normal in _RU_SPEAKING_NOUNS:
                return True
    return False


def _cue_clause_end(doc: _Doc, cue: _Cue, speaker: _Speaker | None) -> int:
    """Token index just after the attribution clause (cue and speaker)."""
    end = doc.toks[cue.last].end
    if speaker is not None:
        end = max(end, speaker.end)
    return doc.tok_index(end)


# ---------------------------------------------------------------- direct quotes


def _direct_quotes(doc: _Doc) -> list[_Found]:
    """Every direct quote with its attribution (its speaker is resolved later)."""
    spans = _quote_spans(doc)
    for q in spans:
        for i in range(doc.tok_index(q.open), doc.tok_index(q.close_end)):
            doc.in_quote[i] = True
    by_para: dict[int, list[tuple[_QSpan, _Found | None]]] = {}
    for q in spans:
        para = doc.paragraph_of(q.close_end - 1 if q.close_end > q.open else q.open)
        by_para.setdefault(para, []).append((q, _attribute(doc, q)))
    found: list[_Found] = []
    carry: _Found | None = None  # the speaker whose quote ends the previous paragraph
    for para, items in sorted(by_para.items()):
        if carry is not None and carry.paragraph != para - 1:
            carry = None
        groups = _group_quotes(doc, items)
        whole = len(groups) == 1 and _quote_is_paragraph(doc, groups[0][0], groups[0][1], para)
        last: _Found | None = None
        for q_first, q_last, attribution in groups:
            start, end = _trim_inner(doc.text, q_first.inner_start, q_last.inner_end)
            if end <= start or any(u.start <= start and end <= u.end for u in doc.units):
                continue  # «Газпром», “New Day”: a name in quote marks
            if attribution is not None:
                f = replace(attribution, start=start, end=end)
            elif _utterance_like(doc, q_first, q_last, start, end):
                # «Рубио сказал:» ending the previous paragraph; or a paragraph that is only
                # a quote goes on with the previous paragraph's speaker
                before = _colon_before_paragraph(doc, q_first.open)
                before = before or (carry if whole else None)
                f = replace(before or _Found(0, 0, True, -1, None), start=start, end=end)
            else:
                continue
            f.direct, f.paragraph = True, para
            found.append(f)
            last = f
        ends_para = last is not None and _ends_paragraph(doc, last.end, para)
        carry = last if ends_para and last is not None and last.speaker is not None else None
    return found


def _quote_is_paragraph(doc: _Doc, q_first: _QSpan, q_last: _QSpan, para: int) -> bool:
    p_start, p_end = doc.para_spans[para]
    outside = doc.text[p_start : q_first.open] + doc.text[q_last.close_end : p_end]
    return q_first.open <= p_start + 1 and not _WORDS.search(outside)


def _ends_paragraph(doc: _Doc, pos: int, para: int) -> bool:
    """Only the attribution's own sentence follows ``pos`` in its paragraph."""
    p_end = doc.para_spans[para][1]
    i = doc.tok_index(pos)
    while i < len(doc.toks) and doc.toks[i].start < p_end:
        if doc.is_sentence_end(i) and doc.toks[i].end < p_end - 1:
            rest = doc.text[doc.toks[i].end : p_end]
            return not _WORDS.search(rest)
        i += 1
    return True


def _trim_inner(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    return start, end


def _utterance_like(doc: _Doc, q_first: _QSpan, q_last: _QSpan, start: int, end: int) -> bool:
    """An unattributed quote is kept only when it is a whole sentence or more."""
    words = _WORDS.findall(doc.text[start:end])
    if len(words) < MIN_UNATTRIBUTED_WORDS or not doc.text[start : start + 1].isupper():
        return False
    i = doc.tok_index(q_first.open)
    if i > 0:
        prev = doc.toks[i - 1]
        same_para = doc.paragraph_of(prev.start) == doc.paragraph_of(q_first.open)
        if same_para and not (
            doc.is_sentence_end(i - 1) or prev.text in _DASHES or prev.text == ":"
        ):
            return False
    j = doc.tok_index(q_last.close_end)
    while j < len(doc.toks) and doc.toks[j].text in {",", ".", "!", "?", "…", ")"}:
        if doc.is_sentence_end(j):
            return True
        j += 1
    return j >= len(doc.toks) or doc.paragraph_of(doc.toks[j].start) != doc.paragraph_of(
        q_last.close_end - 1
    )


def _colon_before_paragraph(doc: _Doc, pos: int) -> _Found | None:
    """«Рубио сказал:» ending the paragraph before a quote that opens one."""
    para = doc.paragraph_of(pos)
    if para == 0 or doc.para_spans[para][0] != pos:
        return None
    p_end = doc.para_spans[para - 1][1]
    if doc.text[p_end - 1] != ":":
        return None
    colon = doc.tok_index(p_end - 1)
    return _preposed(doc, colon + 1, colon + 1, allow_far=True)


def _attribute(doc: _Doc, q: _QSpan) -> _Found | None:
    """The attribution of a quote: inside it, after it, or before it (in that order)."""
    open_tok = doc.tok_index(q.open)
    return (
        _inner_attribution(doc, q)
        or _postposed(doc, q)
        or _preposed(doc, open_tok, open_tok, allow_far=False, quote_end=q.close_end)
    )


def _inner_attribution(doc: _Doc, q: _QSpan) -> _Found | None:
    """«Мы остаемся, — сказал Рубио, — вовлеченными»: the attribution inside the marks."""
    if doc.lang != "ru":
        return None
    pattern = re.compile(r"[,.!?…]\s*[—–-]{1,2}\s+([^—–«»“”„\"]{2,200}?)[,.]\s*[—–-]{1,2}\s")
    seg = doc.text[q.inner_start : q.inner_end]
    for m in pattern.finditer(seg):
        c_start = q.inner_start + m.start(1)
        c_end = q.inner_start + m.end(1)
        lo, hi = doc.tok_index(c_start), doc.tok_index(c_end)
        if len([t for t in doc.toks[lo:hi] if t.is_word]) > MAX_INNER_ATTRIBUTION_WORDS:
            continue
        saved = doc.in_quote[lo:hi]
        doc.in_quote[lo:hi] = [False] * (hi - lo)
        for i in range(lo, hi):
            cue = doc.cue_at(i)
            if cue is None or cue.kind not in {"verb"}:
                continue
            speaker = _speaker_for(doc, cue, lo, hi, inverted=True)
            if speaker is not None:
                return _Found(q.inner_start, q.inner_end, True, i, speaker)
        doc.in_quote[lo:hi] = saved
    return None


def _postposed(doc: _Doc, q: _QSpan) -> _Found | None:
    """«…», — сказал X. / "…," X said. / "…," said X, "…"."""
    start = _after_quote(doc, q)
    if start is None:
        return None
    i, strong = start
    hi = _attribution_clause_end(doc, i)
    # the verb comes first or after a subject; commas may separate appositions (en)
    for j in range(i, hi):
        if doc.lang == "ru" and doc.toks[j].text == "," and j > i + MAX_INNER_ATTRIBUTION_WORDS:
            break
        cue = doc.cue_at(j)
        if cue is None or cue.kind != "verb":
            continue
        speaker = _speaker_for(doc, cue, i, hi, inverted=True)
        if speaker is not None or doc.lang == "ru":
            return _Found(q.inner_start, q.inner_end, True, j, speaker)
    # any verb in that position reports the quote («…», — успокоила нас мама; "…," Trump barked)
    generic = _postposed_verb(doc, i, hi) if strong else None
    speaker = _speaker_for(doc, generic, i, hi, inverted=True) if generic is not None else None
    if generic is not None and speaker is not None:
        return _Found(q.inner_start, q.inner_end, True, generic.first, speaker)
    return None


def _after_quote(doc: _Doc, q: _QSpan) -> tuple[int, bool] | None:
    """Where an attribution after the quote would start, and whether the punctuation says
    that one follows («…», — / "…," / "…?"); None when the quote cannot have one there."""
    if not _starts_clause(doc, q.open):
        return None  # «… a “burn bag,” the Times reported»: a quoted phrase, not a quote
    inner_last = doc.text[q.inner_start : q.inner_end].rstrip()[-1:]
    para = doc.paragraph_of(q.close_end - 1)
    i = doc.tok_index(q.close_end)
    punct = False
    while i < len(doc.toks) and doc.toks[i].text in _DASHES | {","}:
        punct = True
        i += 1
    if i >= len(doc.toks) or doc.paragraph_of(doc.toks[i].start) != para:
        return None
    first = doc.toks[i]
    strong = punct or inner_last in {",", "?", "!"}
    lower_start = doc.lang == "en" and first.text[:1].islower()
    if not (strong or inner_last in {"…", "—", "-", "–"} or lower_start) or not first.is_word:
        return None
    return i, strong


def _attribution_clause_end(doc: _Doc, i: int) -> int:
    """End (token index) of the clause that starts at token ``i`` after a quote."""
    para = doc.paragraph_of(doc.toks[i].start)
    hi, words = i, 0
    while hi < len(doc.toks):
        tok = doc.toks[hi]
        if doc.paragraph_of(tok.start) != para or tok.text in _OPENERS or tok.text == "''":
            break
        if doc.is_sentence_end(hi) or tok.text in {";", ":"}:
            break
        words += tok.is_word
        if words > MAX_ATTRIBUTION_WORDS:
            break
        hi += 1
    return hi


def _postposed_verb(doc: _Doc, i: int, hi: int) -> _Cue | None:
    """A verb outside the lexicon that opens (ru) or follows a short subject in (en) the
    clause after a quote."""
    for j in range(i, min(hi, i + MAX_POSTPOSED_VERB_POSITION)):
        tok = doc.toks[j]
        if not tok.is_word:
            return None
        if doc.lang == "ru":
            parses = doc.parse(tok.text)
            if parses and parses[0].tag.POS == "VERB" and parses[0].tag.tense in {"past", "pres"}:
                tag = parses[0].tag
                return _Cue(j, j, "verb", parses[0].normal, tag.number, tag.gender)
        elif (
            tok.low.endswith("ed")
            and j not in doc.unit_of
            and len(tok.low) >= MIN_UNLISTED_VERB_CHARS
        ):
            return _Cue(j, j, "verb", tok.low)
    return None


def _starts_clause(doc: _Doc, pos: int) -> bool:
    """Nothing but a clause boundary before the quote mark at ``pos`` in its paragraph."""
    i = doc.tok_index(pos)
    if i == 0:
        return True
    prev = doc.toks[i - 1]
    if doc.paragraph_of(prev.start) != doc.paragraph_of(pos):
        return True
    if doc.is_sentence_end(i - 1) or prev.text in {",", ":", ";", "(", "[", "…"} | _DASHES:
        return True
    return prev.text in _QUOTE_CHARS or prev.text == "''"


def _attribution_end(doc: _Doc, cue: _Cue, speaker: _Speaker | None, hi: int) -> int:
    """Token index where the attribution clause ends (its comma, full stop or next quote)."""
    j = _cue_clause_end(doc, cue, speaker)
    while j < hi and doc.toks[j].text not in {","}:
        j += 1
    return j


def _preposed(
    doc: _Doc, open_tok: int, limit_tok: int, *, allow_far: bool, quote_end: int | None = None
) -> _Found | None:
    """X заявил: «…» / по словам X, «…» / X said, "…": a cue before the quote in its sentence.

    ``limit_tok`` is the token after the last one searched (the quote mark, or the colon
    ending the paragraph before); ``allow_far`` lets any words stand between cue and quote.
    """
    j = limit_tok - 1
    if open_tok == 0 or j < 0:
        return None
    if quote_end is not None and not _runs_to_sentence_end(doc, quote_end):
        return None
    punct = doc.toks[j].text in {":", ","}
    if allow_far or punct:
        max_between: int | None = None  # any number of words
    else:
        quoted = doc.text[doc.toks[open_tok].end : quote_end] if quote_end is not None else ""
        n_quoted = len(_WORDS.findall(quoted))
        if n_quoted < MIN_QUOTED_WORDS_AFTER_CUE and doc.toks[j].low not in {"that", "что"}:
            return None  # «передает «РИА Новости»», "a “disgrace”": a name or a word
        # a quote that goes on the sentence after a few words («рассказали, в ходе встречи
        # «проведена …»») is long and starts in lower case; a capitalised one there is a title
        continues = n_quoted >= MIN_UNATTRIBUTED_WORDS and not quoted.lstrip()[:1].isupper()
        max_between = MAX_WORDS_CUE_TO_QUOTE if continues else 0
    found = _cue_before(doc, j, open_tok, max_between)
    if found is not None or doc.toks[j].text != ":":
        return found
    # no reporting verb before the colon: "Jeffrey M. Jones: “…”", "Trump boomed: “…”"
    u = doc.unit_of.get(j - 1) if j > 0 else None
    subject = _speaker_of_unit(doc, u) if u is not None else None
    subject = subject or _sentence_subject(doc, _clause_bounds(doc, j)[0], j)
    return _Found(0, 0, True, j, subject) if subject is not None else None


def _cue_before(doc: _Doc, j: int, open_tok: int, max_between: int | None) -> _Found | None:
    """The nearest reporting cue at or before token ``j`` in its sentence, with its speaker."""
    para = doc.paragraph_of(doc.toks[j].start)
    words_between = 0
    gerund: int | None = None
    for k in range(j, -1, -1):
        tok = doc.toks[k]
        if doc.paragraph_of(tok.start) != para or (doc.is_sentence_end(k) and k != j):
            break
        if doc.in_quote[k] and tok.is_word:
            break
        cue = doc.cue_at(k)
        if cue is None and k > 0 and (prev := doc.cue_at(k - 1)) is not None:
            cue = prev if prev.kind == "according" and prev.last == k else None  # «по словам»
        if cue is not None and cue.kind == "grnd":
            gerund = gerund if gerund is not None else cue.first
        elif cue is not None and not (doc.lang == "ru" and cue.lemma in _RU_POSTPOSED_ONLY):
            if _negated(doc, cue):
                return None
            lo = _clause_bounds(doc, cue.first)[0]
            initial = not any(t.is_word for t in doc.toks[lo : cue.first])
            speaker = _speaker_for(doc, cue, lo, open_tok, inverted=initial)
            if speaker is None:
                return None
            # «…, подчеркнув, что «…»»: the gerund is the cue, its clause's subject speaks
            return _Found(0, 0, True, cue.first if gerund is None else gerund, speaker)
        if tok.is_word and tok.low not in {"that", "что", "будто", "якобы"}:
            words_between += 1
            if max_between is not None and words_between > max_between and gerund is None:
                return None
    if gerund is not None:  # «…, повторяя Ленина: «…»»: the speaker of the clause it hangs on
        return _Found(0, 0, True, gerund, _gerund_subject(doc, gerund), inherit=True)
    return None


def _gerund_subject(doc: _Doc, i: int) -> _Speaker | None:
    """Who a gerund's clause belongs to: the main clause's subject after a comma ("Trump
    returned the compliment, telling Reuters"), else the name right before it ("with Trump
    reportedly yelling")."""
    lo, _ = _clause_bounds(doc, i)
    cue = _Cue(i, i, "grnd", "")
    if doc.lang == "ru":
        return _ru_left_subject(doc, cue, lo, main_clause=True) or _sentence_subject(doc, lo, i)
    if i > lo and doc.toks[i - 1].text != ",":
        near = _en_subject_left(doc, cue, lo)
        if near is not None and near.kind in {"PER", "ORG", "PRON"}:
            return near
    return _sentence_subject(doc, lo, i)


def _sentence_subject(doc: _Doc, lo: int, hi: int) -> _Speaker | None:
    """The name or pronoun a sentence opens with (after an introductory phrase and comma)."""
    starts = [lo] + [k + 1 for k in range(lo, hi) if doc.toks[k].text == ","]
    for start in starts[:2]:
        k = next((k for k in range(start, hi) if doc.toks[k].is_word), hi)
        if k >= hi:
            continue
        u = doc.unit_of.get(k)
        tok = doc.toks[k]
        if u is not None and u.type in {"PER", "ORG"} and doc.tok_index(u.start) == k:
            return _speaker_of_unit(doc, u)
        pron = _EN_PRONOUNS if doc.lang == "en" else _RU_NOM_PRONOUNS
        if tok.low in pron and pron[tok.low] in {"m", "f", "p"}:
            return _pronoun(tok, pron[tok.low])
        if doc.lang == "en" and tok.low in {"the", "a", "an"}:
            np = _en_subject_chunk(doc, k, hi)
            if np is not None:
                return np
    return None


def _en_subject_chunk(doc: _Doc, k: int, hi: int) -> _Speaker | None:
    """ "The Vermont senator emailed …": a determiner phrase up to the first verb-like word."""
    j = k + 1
    while j < hi and doc.toks[j].is_word and j - k < MAX_SUBJECT_CHUNK_WORDS:
        low = doc.toks[j].low
        if low in _EN_NP_BREAK or low.endswith("ed") or (low in _EN_FORMS and low != "report"):
            break
        j += 1
    if j == k + 1 or j >= hi or not doc.toks[j].is_word:
        return None
    return _en_np_ending_at_range(doc, k, j - 1)


def _runs_to_sentence_end(doc: _Doc, pos: int) -> bool:
    """Only punctuation follows the quote up to the end of its sentence or paragraph."""
    i = doc.tok_index(pos)
    para = doc.paragraph_of(pos - 1)
    while i < len(doc.toks) and doc.paragraph_of(doc.toks[i].start) == para:
        tok = doc.toks[i]
        if doc.is_sentence_end(i):
            return True
        if tok.is_word or tok.text in _OPENERS:
            return False
        i += 1
    return True


def _group_quotes(
    doc: _Doc, items: list[tuple[_QSpan, _Found | None]]
) -> list[tuple[_QSpan, _QSpan, _Found | None]]:
    """Quotes of one paragraph that continue each other become one quote with one speaker.

    "“A,” X said. “B.”" and «“A,” said X, “B”» are one statement (PolNeAR annotates them so):
    a quote without its own attribution joins the attributed quote before it unless another
    reporting verb stands between them.
    """
    groups: list[tuple[_QSpan, _QSpan, _Found | None]] = []
    for q, f in items:
        if f is None and not _starts_clause(doc, q.open):
            continue  # a quoted title or word inside a sentence: not part of any quote
        if groups:
            g_first, g_last, g_f = groups[-1]
            lo, hi = doc.tok_index(g_last.close_end), doc.tok_index(q.open)
            own = g_f.cue if g_f is not None else -1
            other_cue = any(
                i != own and (c := doc.cue_at(i)) is not None and c.kind != "grnd"
                for i in range(lo, hi)
            )  # "“A,” Christie said, adding that …. “B.”": the gerund is his too
            gap_words = _WORDS.search(doc.text[g_last.close_end : q.open]) is not None
            if g_f is not None and (
                (f is not None and f.cue == g_f.cue)
                or (f is None and not other_cue and _starts_clause(doc, q.open))
            ):
                groups[-1] = (g_first, q, g_f)
                continue
            if g_f is None and f is not None and not gap_words:
                groups[-1] = (g_first, q, f)
                continue
        groups.append((q, q, f))
    return groups


# ---------------------------------------------------------------- reported speech


def _reported(doc: _Doc, used_cues: set[int]) -> list[_Found]:
    out: list[_Found] = []
    for sent in doc.sentences:
        lo, hi = doc.tok_index(sent.start), doc.tok_index(sent.end)
        i = lo
        while i < hi:
            if doc.in_quote[i] or i in used_cues:
                i += 1
                continue
            cue = doc.cue_at(i)
            if cue is None:
                i += 1
                continue
            if _negated(doc, cue) or cue.lemma in _RU_POSTPOSED_ONLY | _EN_QUOTE_ONLY:
                i = cue.last + 1  # «не сказал»; «бросил», "sang" report only quotes
                continue
            f = _reported_at(doc, cue, lo, hi, sent)
            if f is not None:
                f.paragraph = sent.paragraph
                out.append(f)
            i = cue.last + 1
    return out


def _negated(doc: _Doc, cue: _Cue) -> bool:
    """«не сказал», "did not say", "never said": nothing was reported."""
    k = cue.first - 1
    while k >= 0 and doc.toks[k].low in {
        "also",
        "has",
        "have",
        "had",
        "did",
        "does",
        "do",
        "еще",
        "уже",
    }:
        k -= 1
    return k >= 0 and doc.toks[k].low in {"не", "ни", "not", "n't", "never", "didn't", "doesn't"}


def _content_words(doc: _Doc, start: int, end: int) -> int:
    return len(_WORDS.findall(doc.text[start:end]))


def _sentence_content(doc: _Doc, start: int, end: int) -> tuple[int, int]:
    text = doc.text
    while start < end and (text[start].isspace() or text[start] in "—–-,:;"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:—–-"):
        end -= 1
    return start, end


def _reported_at(doc: _Doc, cue: _Cue, lo: int, hi: int, sent: Sentence) -> _Found | None:
    """Reported speech around one cue, as the construction of its sentence allows."""
    if cue.kind == "according":
        return _according_content(doc, cue, lo, hi, sent)
    prev = doc.toks[cue.first - 1] if cue.first > lo else None
    if prev is not None and prev.low in {"как", "as"} and cue.kind == "verb":
        return _as_clause(doc, cue, lo, hi, sent)  # «Как сказал X, …», "as X said, …"
    about = _about_which(doc, cue, lo)
    if about is not None:
        return _about_which_content(doc, cue, about, hi, sent)
    after = _content_after(doc, cue, hi)
    if after is not None:  # «заявил, что …», "said (that) …", «сказал: …»
        if cue.kind == "grnd":
            subject = _gerund_subject(doc, cue.first)
            return _Found(*after, False, cue.first, subject, inherit=True)
        speaker = _speaker_for(doc, cue, lo, hi, inverted=False)
        return _Found(*after, False, cue.first, speaker) if speaker is not None else None
    clause_start = prev is None or prev.text in {",", "(", *_DASHES}
    if doc.lang == "en" and not clause_start:
        # ", the source said." / ", sources said": the subject sits between comma and verb
        clause_start = _en_postposed_subject_start(doc, cue, lo) is not None
    postposed = clause_start and cue.kind in {"verb", "certain"} and cue.first > lo
    return _after_content(doc, cue, lo, hi, sent) if postposed else None


def _about_which(doc: _Doc, cue: _Cue, lo: int) -> int | None:
    """«…, о чем (публично) заявил X»: the comma before «о чем», if that is the construction."""
    k = cue.first - 1
    while k > lo and doc.lang == "ru" and _top_pos(doc, doc.toks[k].text) == "ADVB":
        k -= 1
    if (
        k - 2 >= lo
        and doc.toks[k].low in {"чем", "чём", "этом"}
        and doc.toks[k - 1].low in {"о", "об"}
    ):
        return k - 2
    return None


def _about_which_content(
    doc: _Doc, cue: _Cue, comma: int, hi: int, sent: Sentence
) -> _Found | None:
    """«Индия провела испытание, о чем заявил Нарендра Моди»: what comes before the comma."""
    if doc.toks[comma].text != "," or cue.kind != "verb":
        return None
    speaker = _speaker_for(doc, cue, cue.first, hi, inverted=True)
    c_start, c_end = _sentence_content(doc, sent.start, doc.toks[comma].start)
    if speaker is None or _content_words(doc, c_start, c_end) < MIN_REPORTED_WORDS:
        return None
    return _Found(c_start, c_end, False, cue.first, speaker)


def _after_content(doc: _Doc, cue: _Cue, lo: int, hi: int, sent: Sentence) -> _Found | None:
    """The cue follows what was said: «…, сказал X.», "…, X said.", «A, утверждает X, B»."""
    comma_pos = _clause_comma_before(doc, cue, lo)
    if comma_pos is None:
        return None
    speaker = _speaker_for(doc, cue, _subject_lo(doc, cue, lo), hi, inverted=True)
    if speaker is None:
        return None
    end_tok = _attribution_end(doc, cue, speaker, hi)
    clause_end = _cue_clause_end(doc, cue, speaker)
    if doc.lang == "en" and not _en_attribution_tail(doc, clause_end, end_tok):
        return None  # "…, who have pledged to act as well": the verb has its own object
    if end_tok < hi and _WORDS.search(doc.text[doc.toks[end_tok].end : sent.end]):
        c_start, c_end = _sentence_content(doc, sent.start, sent.end)
    else:
        c_start, c_end = _sentence_content(doc, sent.start, doc.toks[comma_pos].start)
    if _content_words(doc, c_start, c_end) < MIN_REPORTED_WORDS:
        return None
    return _Found(c_start, c_end, False, cue.first, speaker)


def _en_attribution_tail(doc: _Doc, start: int, end: int) -> bool:
    """What may follow "…, X said": nothing, a time or a place ("on Tuesday", "in a
    statement"), or the addressee of "told" ("told reporters")."""
    words = [t for t in doc.toks[start:end] if t.is_word]
    if not words:
        return True
    if len(words) > MAX_ATTRIBUTION_TAIL_WORDS:
        return False
    first = words[0].low
    return (
        first in _EN_TIME_WORDS
        or first in {"on", "in", "at", "during", "after", "before", "while", "when", "as", "of"}
        or first in {"reporters", "journalists", "cnn", "abc", "nbc", "cbs", "fox", "the", "a"}
        or words[0].i in doc.unit_of
    )


def _as_clause(doc: _Doc, cue: _Cue, lo: int, hi: int, sent: Sentence) -> _Found | None:
    """«Как сказал X, …», «…, как сообщил X.», "as X said, …": the rest of the sentence."""
    speaker = _speaker_for(doc, cue, lo, hi, inverted=True)
    if speaker is None:
        return None
    as_tok = cue.first - 1
    end_tok = _attribution_end(doc, cue, speaker, hi)
    if as_tok == lo or not _WORDS.search(doc.text[sent.start : doc.toks[as_tok].start]):
        if end_tok >= hi:
            return None
        c_start, c_end = _sentence_content(doc, doc.toks[end_tok].end, sent.end)
    elif end_tok < hi and _WORDS.search(doc.text[doc.toks[end_tok].end : sent.end]):
        c_start, c_end = _sentence_content(doc, sent.start, sent.end)
    else:
        c_start, c_end = _sentence_content(doc, sent.start, doc.toks[as_tok].start)
    if _content_words(doc, c_start, c_end) < MIN_REPORTED_WORDS:
        return None
    return _Found(c_start, c_end, False, cue.first, speaker)


def _subject_lo(doc: _Doc, cue: _Cue, lo: int) -> int:
    """Subject search for a postposed cue starts after the comma that precedes it."""
    j = cue.first - 1
    while j > lo and doc.toks[j].text not in {",", "—", "–", "-", "--"}:
        j -= 1
    return j + 1


def _clause_comma_before(doc: _Doc, cue: _Cue, lo: int) -> int | None:
    """Token index of the comma (or dash) that ends the content before a postposed cue."""
    j = cue.first - 1
    while j > lo and doc.toks[j].text not in {",", "—", "–", "-", "--"}:
        j -= 1
    if j <= lo:
        return None
    while j - 1 > lo and doc.toks[j - 1].text in {",", "—", "–", "-", "--"}:
        j -= 1
    return j


def _en_postposed_subject_start(doc: _Doc, cue: _Cue, lo: int) -> int | None:
    """ "…, the source said": a short noun phrase between a comma and the verb."""
    j = cue.first - 1
    n = 0
    while j > lo and doc.toks[j].text != ",":
        tok = doc.toks[j]
        if not (tok.is_word or tok.text in {".", "'s", "’s", "(", ")", "-"}):
            return None
        if tok.is_word and tok.low in _EN_NP_BREAK - _EN_DETERMINERS - _EN_SKIP_BEFORE_VERB:
            return None
        n += tok.is_word
        if n > MAX_SUBJECT_WORDS:
            return None
        j -= 1
    return j if j > lo and n > 0 else None


_STOP = -1  # a content step that found the cue reports nothing here


def _content_after(doc: _Doc, cue: _Cue, hi: int) -> tuple[int, int] | None:
    """What a cue introduces: «, что …» / ": …" / "(that) …" up to the sentence end."""
    sent_end = doc.toks[hi - 1].end if hi > 0 else len(doc.text)
    step_of = _ru_content_step if doc.lang == "ru" else _en_content_step
    n = 0
    for j in range(cue.last + 1, hi):
        start = step_of(doc, cue, j, n, hi)
        if start == _STOP:
            return None
        if start is not None:
            break
        n += doc.toks[j].is_word
        if n > MAX_WORDS_VERB_TO_THAT:
            return None
    else:
        return None
    c_start, c_end = _sentence_content(doc, min(start, sent_end), sent_end)
    if _content_words(doc, c_start, c_end) < MIN_REPORTED_WORDS:
        return None
    return c_start, c_end


def _next_start(doc: _Doc, j: int, hi: int) -> int:
    return doc.toks[j + 1].start if j + 1 < hi else doc.toks[hi - 1].end


def _ru_content_step(doc: _Doc, cue: _Cue, j: int, n: int, hi: int) -> int | None:
    """Where Russian reported speech starts at token ``j`` (after ``n`` words), or _STOP."""
    tok = doc.toks[j]
    low = tok.low
    if tok.text == ":" and n <= MAX_WORDS_VERB_TO_COLON:
        return _next_start(doc, j, hi)  # «сказал журналистам: …»
    if low in _RU_COMPLEMENTIZERS and (n == 0 or doc.toks[j - 1].text == ","):
        # «считает ключевым, чтобы …»: an opinion of a thing, not a report
        opinion = cue.lemma in _RU_BELIEF_LEMMAS and (n > 0 or low not in {"что", "будто"})
        # «кричит о репутации и ратует за то, что …»: the clause of another verb
        other_verb = any(
            doc.toks[k].is_word and _top_pos(doc, doc.toks[k].text) == "VERB"
            for k in range(cue.last + 1, j)
        )
        return _STOP if opinion or other_verb else tok.start
    if (
        n == 0
        and low in {"о", "об"}
        and cue.lemma in _RU_ANNOUNCE_LEMMAS
        and j + 1 < hi
        and doc.toks[j + 1].low not in {"том", "этом", "чем"}
    ):
        return doc.toks[j + 1].start  # «заявил о готовности к переговорам»
    next_low = doc.toks[j + 1].low if j + 1 < hi else ""
    ends = tok.text in {".", ";", "!", "?"}
    return (
        _STOP
        if ends or (tok.text == "," and n > 0 and next_low not in _RU_COMPLEMENTIZERS)
        else None
    )


def _en_content_step(doc: _Doc, cue: _Cue, j: int, n: int, hi: int) -> int | None:
    """Where English reported speech starts at token ``j`` (after ``n`` words), or _STOP."""
    tok = doc.toks[j]
    if (tok.text == ":" and n <= MAX_WORDS_VERB_TO_COLON) or tok.low == "that":
        return _next_start(doc, j, hi)
    if tok.text in {".", ";", "!", "?"}:
        return _STOP
    if (
        n == 0
        and cue.lemma in _EN_BARE_CLAUSE
        and cue.kind == "verb"
        and _en_bare_clause_start(doc, cue, j, hi)
    ):
        return tok.start  # "said the plan failed"
    return None


def _en_bare_clause_start(doc: _Doc, cue: _Cue, j: int, hi: int) -> bool:
    """ "said the plan failed": a clause right after the verb, not an object or a preposition."""
    tok = doc.toks[j]
    if (
        not tok.is_word
        or tok.low in _EN_NP_BREAK | _EN_TIME_WORDS | _EN_NOT_A_CLAUSE
        or cue.lemma == "tell"  # "told reporters …": the addressee first, then "that"
    ):
        return False
    if tok.low in _EN_CLAUSE_SUBJECTS or _EN_CONTRACTION.search(tok.low):
        return True  # "said he would", "says it’s"
    # a clause has a verb within a few words: look for a finite-looking word
    for k in range(j + 1, min(hi, j + MAX_WORDS_TO_FINITE_VERB)):
        low = doc.toks[k].low
        if low in _EN_AUXILIARIES or _EN_CONTRACTION.search(low) or low.endswith("ed"):
            return True
        if doc.toks[k].text in {",", ";", ":"} or low in {"that", "who", "which"}:
            return False
    return False


def _according_content(doc: _Doc, cue: _Cue, lo: int, hi: int, sent: Sentence) -> _Found | None:
    """«По словам X, …» / «…, по словам X.» / "According to X, …"."""
    speaker = _according_speaker(doc, cue, hi)
    if speaker is None:
        return None
    end_tok = max(cue.last + 1, doc.tok_index(speaker.end))
    while end_tok < hi and doc.toks[end_tok].text != ",":
        end_tok += 1
    before = doc.text[sent.start : doc.toks[cue.first].start]
    if not _WORDS.search(before):
        if end_tok >= hi:
            return None
        c_start, c_end = _sentence_content(doc, doc.toks[end_tok].end, sent.end)
    elif end_tok < hi - 1 and _WORDS.search(doc.text[doc.toks[end_tok].end : sent.end]):
        c_start, c_end = _sentence_content(doc, sent.start, sent.end)
    else:
        c_start, c_end = _sentence_content(doc, sent.start, doc.toks[cue.first].start)
    if _content_words(doc, c_start, c_end) < MIN_REPORTED_WORDS:
        return None
    return _Found(c_start, c_end, False, cue.first, speaker)


# ---------------------------------------------------------------- resolution


def _learn_genders(doc: _Doc) -> None:
    """Gender of each person from the name's morphology (ru) or a title before it (en)."""
    for u in doc.units:
        if u.type != "PER" or u.normal in doc.genders:
            continue
        if doc.lang == "ru":
            votes: dict[str, float] = {}
            for w in u.normal.split():
                for p in doc.parse(w):
                    if {"Name", "Surn", "Patr"} & set(p.tag.grammemes) and p.tag.gender in {
                        "masc",
                        "femn",
                    }:
                        g = "m" if p.tag.gender == "masc" else "f"
                        votes[g] = votes.get(g, 0.0) + p.score
            if votes:
                doc.genders[u.normal] = max(votes, key=lambda g: votes[g])
        else:
            i = doc.tok_index(u.start)
            for k in (i - 1, i - 2):
                if k >= 0 and doc.toks[k].low in _EN_GENDER_TITLES:
                    doc.genders[u.normal] = _EN_GENDER_TITLES[doc.toks[k].low]
                    break


def _gender(doc: _Doc, sp: _Speaker) -> str | None:
    if sp.kind == "PRON":
        return sp.gender
    return doc.genders.get(sp.name or "", sp.gender)


def _compatible(gender: str | None, wanted: str | None) -> bool:
    return wanted is None or gender is None or gender == wanted


def _resolve(doc: _Doc, found: list[_Found]) -> list[Quote]:
    """Resolve pronouns and inherited subjects in text order; build the quotes."""
    out: list[Quote] = []
    history: list[tuple[_Found, _Speaker]] = []
    per_units = [u for u in doc.units if u.type == "PER"]
    said: list[tuple[_Found, _Speaker]] = []
    for f in sorted(found, key=lambda x: (x.start, x.end)):
        sp = f.speaker
        if f.inherit:
            sent = doc.sentence_span(doc.toks[f.cue].start)
            same = [
                s
                for g, s in said
                if g.cue < f.cue and doc.sentence_span(doc.toks[g.cue].start) == sent
            ]
            sp = same[-1] if same else sp
        if sp is not None and sp.kind == "PRON" and sp.name is None:
            sp = _resolve_pronoun(doc, sp, f, history, per_units)
        if sp is not None:
            said.append((f, sp))
            if sp.name:
                history.append((f, sp))
        name = sp.name if sp is not None else None
        out.append(
            Quote(
                text=doc.text[f.start : f.end],
                direct=f.direct,
                start=f.start,
                end=f.end,
                speaker=name,
                speaker_start=sp.start if sp is not None else None,
                speaker_end=sp.end if sp is not None else None,
            )
        )
    return out


def _resolve_pronoun(
    doc: _Doc,
    sp: _Speaker,
    f: _Found,
    history: list[tuple[_Found, _Speaker]],
    per_units: list[_Unit],
) -> _Speaker:
    """The person a pronoun stands for: the last speaker of that gender, else the last person."""
    wanted = sp.gender
    if wanted is None:  # я, мы, I, we, you: the text's own voice, not resolved
        return sp
    para = doc.paragraph_of(sp.start)
    for g, s in reversed(history):
        if para - g.paragraph > MAX_PRONOUN_PARAGRAPHS:
            break
        if (
            wanted in {"m", "f"}
            and s.kind in {"PER", "PRON"}
            and _compatible(_gender(doc, s), wanted)
        ):
            return replace(sp, name=s.name)
        if wanted in {"p", "n"} and s.kind in {"ORG", "NP"}:
            return replace(sp, name=s.name)
    if wanted in {"m", "f"}:
        for u in reversed(per_units):
            if u.end > sp.start:
                continue
            if para - doc.paragraph_of(u.start) > MAX_PRONOUN_PARAGRAPHS:
                break
            if f.start <= u.start < f.end:
                continue
            if _compatible(doc.genders.get(u.normal), wanted):
                return replace(sp, name=u.normal)
    return sp


# ---------------------------------------------------------------- entry point


def find_quotes(
    text: str,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    lang: str,
    nlp: NlpModels,
) -> list[Quote]:
    """Direct quotes and reported speech with their speakers, in text order."""
    if not text.strip():
        return []
    doc = _Doc(text, sentences, mentions, lang, nlp)
    _learn_genders(doc)
    direct = _direct_quotes(doc)
    used = {f.cue for f in direct if f.cue >= 0}
    reported = [
        f
        for f in _reported(doc, used)
        if not any(d.start <= f.start and f.end <= d.end for d in direct)
    ]
    reported = _drop_nested(doc, reported)
    _learn_verb_genders(doc, direct + reported)
    return _resolve(doc, direct + reported)


def _drop_nested(doc: _Doc, found: list[_Found]) -> list[_Found]:
    """A cue inside an earlier cue's statement reports only within that statement."""
    out = []
    for f in found:
        pos = doc.toks[f.cue].start
        if any(
            g.cue < f.cue
            and g.start <= pos < g.end
            and not (g.start <= f.start and f.end <= g.end)
            for g in found
        ):
            continue
        out.append(f)
    return out


def _learn_verb_genders(doc: _Doc, found: list[_Found]) -> None:
    """«Рубио заявила» tells the gender of a person the dictionary does not know."""
    if doc.lang != "ru":
        return
    for f in found:
        sp = f.speaker
        if sp is None or sp.kind != "PER" or sp.name is None or sp.name in doc.genders:
            continue
        if f.cue < 0:
            continue
        cue = doc.cue_at(f.cue)
        if cue is not None and cue.gender in {"masc", "femn"}:
            doc.genders[sp.name] = "m" if cue.gender == "masc" else "f"
