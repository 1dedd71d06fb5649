"""The cue lexicon: tuned limits, reporting verbs and phrases, and the word lists (ru, en).

Russian reporting verbs are recognised by lemma: every form of the listed lemmas is generated
once per dictionary with pymorphy2, so a word is checked with one dictionary look-up."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from bot.analysis.quotes.records import _Cue


def _wordlist(text: str) -> list[str]:
    return text.split()


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


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
# Longest name signing a quote after a dash at the end of its paragraph (“…” ― Julie A. Diaz
# Martinez): a full name with initials, not a clause.
MAX_SIGNATURE_WORDS = 5
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
# Words right before a name (and after it, past a comma) read as its title when a descriptor
# speaker is resolved to the person: «первый вице-премьер правительства Игорь Шувалов».
MAX_ROLE_WORDS = 3
# A paragraph of at least this many words, every one capitalised, is a headline in title case.
MIN_TITLE_WORDS = 4
# A pronoun is resolved to a person named at most this many paragraphs before it.
MAX_PRONOUN_PARAGRAPHS = 6


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
# («по версии Forbes» names a ranking's publisher, not someone who said something.)
_RU_ACCORDING_NOUNS = _wordset(
    """
    словам мнению данным информации сообщению оценке оценкам заявлению утверждению
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
# Institutions among them: a descriptor of one («ведомство», «пресс-служба») right after an
# organisation spoke is that organisation (media and sources are left out: they relay).
_RU_INSTITUTION_NOUNS = _wordset(
    """
    ведомство министерство компания служба пресс-служба суд полиция мэрия администрация
    правительство департамент комитет управление штаб пресс-центр организация фонд банк
    """
)
# «— приводит ТАСС заявление Кудрина», «цитирует агентство слова министра»: the object of a
# relaying verb that names whose words these are (lemmas; the speaker is its genitive).
_RU_RELAYED_NOUNS = _wordset(
    "слово заявление цитата высказывание мнение комментарий реплика обращение ответ"
)
# «по словам X» names a speaker whatever X is; «по данным X» only when X can speak.
_RU_SPEECH_NOUNS = _wordset(
    "словам мнению заявлению утверждению признанию сообщению слов убеждению"
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
# Conjunctions and relatives that open a subordinate clause: after a quote, what follows
# them is not its attribution ("“That makes me smart,” when Clinton blasted him").
_EN_SUBORDINATORS = _wordset(
    "when while because since although though if unless after before as until whereas which"
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
# Adverbs between an auxiliary and its verb ("would now ask", "will certainly say").
_EN_ADVERBS = _wordset(
    "now then also still never just even really certainly probably surely only again later "
    "first finally always often soon once already actually"
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
