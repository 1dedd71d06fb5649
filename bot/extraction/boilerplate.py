"""Flattened page text (every visible block a line) to the article's own paragraphs.

Each line gets a kind (prose, short, caption, byline, "read also", comments ...) from general
signals: its length, sentence punctuation, duplicates on the page, numbered runs of headlines
and small multilingual keyword lists. Each kind has a worth; the article is the run of lines
with the greatest total worth (the densest block of prose), cut where the comments begin.
Inside it, captions, credits, share bars, bylines and repeated lines are dropped.
"""

from __future__ import annotations

import enum
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.extraction.dateline import DATELINE_PARAGRAPHS, leading_dateline
from bot.text import strip_unsafe

# ---------------------------------------------------------------------------------------------
# Tuned constants. Chosen on ../shared/eval/flat (Zyte dev half + trafilatura-eval sample + the
# Russian example) with benchmarks/bench_extraction.py; re-run it after changing any of them.
# ---------------------------------------------------------------------------------------------

# A line's worth in the main-block search is (words - LINE_COST) for prose and -LINE_COST
# (or less) otherwise: each line must pay for itself, so menus and link lists sink, while a
# heading or caption between two paragraphs is carried across. Grid 6-10: 7 best (F1 within
# 0.005 over the whole grid, so the method is not sensitive to it).
LINE_COST = 7.0
# A prose line needs this many words and sentence punctuation. Grid 4-8: flat within 0.002.
MIN_PROSE_WORDS = 5
# A short line without sentence punctuation earns back this much per word (up to ten words):
# a list item or a subheading inside an article costs less than a one-word menu entry.
# Grid 0-0.6: flat within 0.005; 0.4 keeps articles with lists together (trafilatura-eval).
SHORT_WORD_CREDIT = 0.4
# Extra cost of bylines, dates and timestamps: they separate teasers of other stories and
# comments from each other, so such lists do not add up to a block that outweighs the article.
# Grid 12/20/30: 12 loses 0.005 F1 on Zyte (teaser lists win), 20 and 30 tie.
META_COST = 20.0
# Extra cost of "Read also"/"Trending" headings and numbered lists of other stories: they
# occur inside articles too, so the article can go on after them. Grid 4/8/16: ties.
RELATED_COST = 16.0
# A "read also" line longer than this is an inline link to one story, not a list heading.
RELATED_HEADING_MAX_WORDS = 4
# Extra cost of subscribe, cookie, legal and tag lines: the page around the article.
# Grid 15/25/40: ties within 0.002.
SECTION_COST = 25.0
# Keyword lists are applied to short lines only: a long line with a keyword in it is a
# paragraph that mentions it.
KEYWORD_MAX_WORDS = 40
# A numbered list of this many headline-like items is a list of other stories.
LISTED_MIN_ITEMS = 3
# Two consent words (cookie, consent, privacy, tracking...) make a line a consent notice.
CONSENT_MIN_WORDS = 2
# Calls to subscribe or donate are recognised anywhere in lines up to this long.
PITCH_MAX_WORDS = 20
# Dates and bylines are recognised on lines up to this long.
META_MAX_WORDS = 12
# Prose lines found twice on a page are teasers (a story list shown twice), unless they make
# up this share of the page's prose (then the article itself was pasted twice).
REPEATED_MAX_SHARE = 0.5
# A short line found this often on a page is a button of a player or a gallery ("Развернуть
# на весь экран" under every photo), not a heading of the article.
BUTTON_MIN_REPEATS = 3
# Two copies of the same short line close together are an image's alt text and caption.
CAPTION_MAX_WORDS = 45
# A cut at the comments or the footer needs this much article worth before it (so a
# "Comments" link above the article does not cut the article off).
MIN_WORTH_BEFORE_END = 20.0
# A block of prose near the article, worth at least this share of it and at most this many
# lines away with no section, comments or numbered list between, is part of the article
# (split by a gallery or a list). Grid-searched: shares 0.2-0.5 and gaps 5-40 lines differ
# by less than 0.01 F1; these are the middle of the flat optimum.
SECONDARY_SHARE = 0.5
MAX_GAP_LINES = 20
# A line of at least this many words found again inside a longer line is a pull quote.
PULL_QUOTE_MIN_WORDS = 5
# ... looked for this many lines around it (pull quotes sit next to their paragraph).
PULL_QUOTE_WINDOW = 15
# With no article block, sentences of at least this many words are kept (a short note).
NOTE_MIN_WORDS = 3
# Sentences of at least this many words directly above the article block are its lead (a
# one-sentence first paragraph costs more than it adds in the block search, so the block's
# upper edge passes it by).
LEAD_MIN_WORDS = 3
# Characters of flattened or extracted text cleaned; the rest (cut at a line break) is
# dropped. Cleaning costs up to 4 us per character on pages of many short lines (400 K took
# 1.5 s), while the longest page text of ../shared/eval/flat has 103 K (p99 60 K) and the
# longest text trafilatura extracts from ../shared/eval/extraction 95 K: no eval page is cut.
MAX_FLAT_CHARS = 200_000
# Hard-wrapped paragraphs: lines of at least WRAP_MIN_CHARS whose lengths differ by at most
# WRAP_SPREAD_CHARS (a ragged right margin at a fixed width) are joined.
WRAP_MIN_CHARS = 40
WRAP_SPREAD_CHARS = 30


_WS_RE = re.compile(r"\s+")
_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")
_TOKEN_RE = re.compile(r"\w+")
# Scripts written without spaces: count two characters as a word.
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_CJK_CHARS_PER_WORD = 2
_CLOSERS = "\"'»”’)]}›」』"
_SENTENCE_END = ".!?…。！？:;"
_INNER_SENTENCE_RE = re.compile(r"[.!?…。！？][\"'»”’)]*\s+\S")
_ELLIPSIS_END_RE = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*$")
_NUMBERED_RE = re.compile(r"^(\d{1,2})\s*[.)]\s+\S")
_BULLET_RE = re.compile(r"^[•·▪●◦‣∙*–—-]\s+")

# Small multilingual keyword lists (en, ru, uk, de, pl, fr, es, it, pt). They match a whole
# short line or its start, so an article sentence that uses the word is not touched.
_CREDIT_RE = re.compile(
    r"\b(?:photo|photos|photograph|foto|fotos|фото|фотография|image|images|picture|pic|bild|"
    r"bilder|zdjęcie|zdjęcia|fot|credit|credits|crédit|crédito|illustration|иллюстрация|"
    r"скриншот|screenshot|video|видео|graphic|grafik|quelle|źródło|кадр)\b\s*(?:credit\s*)?[:©]"
    r"|^(?:image|photo|picture|video)\s+(?:caption|source|copyright|credit)\b"
    r"|^(?:photo|фото|foto)\s+(?:by|от|von|de|di)\b|\bfot\.\s"
    r"|©|\(c\)\s*\d{4}|\bgetty(?:\s*images)?\b|\bshutterstock\b|\bap photo\b|\bistock\b"
    r"|\b(?:reuters|afp|epa|ap|dpa|tass|тасс|риа новости)\s*/\s*\w"
    r"|/\s*(?:reuters|afp|epa|dpa|getty|ap|тасс)\b"
    r"|,\s*(?:ap|afp|reuters|epa|dpa)\s*$"
    r"|\((?:image|photo|picture|foto|фото)\b[^)]*\)\s*$"
    # a reporting credit under the article: "... contributed to this report."
    r"|\bcontributed (?:reporting )?to this (?:report|story|article)\b"
    r"|^(?:additional|further) reporting by\b",
    re.IGNORECASE,
)
# A reporting credit line, dropped from pasted text too, though it ends with a full stop.
_REPORT_CREDIT_RE = re.compile(
    r"^(?=.{0,200}$).*\bcontributed (?:reporting )?to this (?:report|story|article)\W*$"
    r"|^(?:additional|further) reporting by\b[^.]{0,100}\.?$",
    re.IGNORECASE,
)
# A short line "Name/Agency" or "Name / Agency" without sentence punctuation: a photo credit.
_SLASH_CREDIT_RE = re.compile(r"^[^\s/][^/.!?]{1,40}\s?/\s?[^\s/][^/.!?]{1,40}$")
_SLASH_CREDIT_MAX_WORDS = 6
_FURNITURE_RE = re.compile(
    r"^(?:"
    # advertising
    r"advertisement|advertising|sponsored|реклама|anzeige|werbung|reklama|publicidad|"
    r"publicité|pubblicità|publicidade|"
    # share / comment / print buttons
    r"share|shares|share this(?: article| story)?|share on \w+|tweet|print|email|e-mail|"
    r"reply|like|поделиться|ответить|нравится|teilen|drucken|antworten|"
    r"udostępnij|odpowiedz|partager|compartir|condividi|partilhar|"
    # navigation
    r"menu|меню|home|главная|startseite|skip to (?:main )?content|back to top|наверх|"
    r"next|previous|next post|previous post|далее|назад|weiter|zurück|more|ещё|еще|mehr|"
    r"loading|загрузка|please wait|zur startseite|"
    r"(?:story|article) continues below(?: advertisement)?|continue reading(?: the main story)?|"
    r"read (?:the )?full (?:story|article)|show more|показать (?:ещё|еще|полностью)|"
    r"развернуть|свернуть|mehr anzeigen|pokaż więcej"
    r")\W*$"
    # a line of hashtags only
    r"|^#\w+(?:\s+#\w+)*$",
    re.IGNORECASE,
)
_RELATED_RE = re.compile(
    r"^\W*(?:"
    r"read (?:also|more|next)|see also|also (?:on|read|see)\b|also:|related\b|"
    r"more (?:from|on|about|in|stories|news|articles)|next up|recommended|"
    r"you (?:may|might) (?:also )?(?:like|enjoy)|trending|"
    r"most (?:read|popular|viewed|shared)|popular|top stories|latest (?:news|stories|headlines)|"
    r"don'?t miss|editor'?s picks?|"
    r"читайте (?:также|еще|ещё)|смотрите также|(?:также |ещё |еще )?по теме|"
    r"самое (?:читаемое|популярное)|"
    r"популярное|главное|новости партнеров|ещё новости|еще новости|другие новости|"
    r"(?:материалы|статьи|новости|ещё|еще) по теме|"
    r"последние новости|новости по теме|похожие (?:статьи|материалы|новости)|"
    r"lesen sie (?:auch|mehr)|mehr zum thema|das könnte sie (?:auch )?interessieren|"
    r"meistgelesen|weitere (?:artikel|nachrichten|beiträge)|ähnliche (?:artikel|beiträge)|"
    r"czytaj (?:także|też|również|więcej)|zobacz (?:też|także|również)|polecane|"
    r"najnowsze|popularne|"
    r"lire aussi|à lire aussi|voir aussi|lee también|leer más|leggi anche|leia também|"
    r"читайте також|дивіться також"
    r")"
    # "More Great WIRED Stories", "Latest Sports News": a heading over a list of other stories
    r"|^(?=.{0,60}$)(?:more|latest|top|other|popular|related|recommended|trending)\b.*"
    r"\b(?:stories|news|articles|posts|headlines|reads|videos)\W*$",
    re.IGNORECASE,
)
_SECTION_RE = re.compile(
    r"^\W*(?:"
    # subscribe / support
    r"subscribe|sign up|signup|newsletter|get (?:our|the) newsletter|join (?:our|us)|"
    r"support us|donate|become a (?:member|subscriber|patron)|"
    r"подпи(?:шитесь|саться|сывайтесь|ска)|поддержа(?:ть|те)|рассылка|"
    r"abonnieren|abonnement|unterstützen sie|jetzt (?:abonnieren|anmelden)|"
    r"zapisz się|subskrybuj|wesprzyj|prenumerata|abonnez-vous|suscríbete|iscriviti|assine|"
    # cookies / privacy / legal
    r"we use cookies|this (?:site|website) uses cookies|cookies?|"
    r"мы используем (?:файлы )?cookie|privacy policy|terms of (?:use|service)|"
    r"политика конфиденциальности|пользовательское соглашение|datenschutz|impressum|"
    r"all rights reserved|все права защищены|alle rechte vorbehalten|"
    r"wszelkie prawa zastrzeżone|tous droits réservés|"
    # tags / categories
    r"tags?|теги|метки|schlagwörter|tagi|related tags|filed under|categories|рубрик[аи]|"
    # error reports
    r"нашли (?:ошибку|опечатку)|сообщить об (?:ошибке|опечатке)|report an? (?:error|typo)|"
    r"found (?:an error|a typo)|fehler gefunden|znalazłeś błąd"
    r")\b"
    r"|\bctrl\s*\+\s*enter\b"
    # reprint notices
    r"|\b(?:перепечатка|при (?:полном или частичном )?(?:использовании|цитировании) материалов|"
    r"reproduction (?:in whole or in part )?(?:is )?(?:prohibited|forbidden)|"
    r"may not be (?:published|reproduced|reprinted))"
    r"|\bcookies?\b.{0,80}\b(?:use|verwende|utilis|usamos|używa|использ)"
    r"|\b(?:use|verwenden|utilisons|usamos|używamy|используем)\b.{0,40}\bcookies?\b",
    re.IGNORECASE,
)
# A cookie or consent notice, at any length: "cookie" with consent words, or two consent words.
_CONSENT_WORDS_RE = re.compile(
    r"\b(?:cookies?|consent|zustimm\w*|einwillig\w*|einverstanden|datenschutz\w*|privacy|"
    r"tracking|personali[sz]ed|personalisiert\w*|speicherung|vendors?|"
    r"согла\w+|персональн\w+|куки|zgod\w+|przetwarzani\w+|prywatności|"
    r"consentement|confidentialité|consentimiento|privacidad|consenso)\b",
    re.IGNORECASE,
)
_COOKIE_RE = re.compile(r"\bcookies?\b|\bкуки\b", re.IGNORECASE)
# The page footer: the article does not continue after it.
_FOOTER_RE = re.compile(
    r"\b(?:all rights reserved|все права защищены|alle rechte vorbehalten|"
    r"wszelkie prawa zastrzeżone|tous droits réservés|todos los derechos reservados|"
    r"tutti i diritti riservati|todos os direitos reservados|усі права захищені)\b"
    r"|^\W*(?:copyright\b|©)\s*(?:\d{4}|\w+\s+\d{4})",
    re.IGNORECASE,
)
# A call to subscribe, follow or donate anywhere in a short line.
_PITCH_RE = re.compile(
    r"\b(?:читайте|следите|подписывайтесь|присоединяйтесь|follow|join|find|read)\b[^.!?]{0,40}"
    r"\b(?:telegram|телеграм\w*|дзен\w*|вконтакте|vk|youtube|instagram|facebook|twitter|"
    r"whatsapp|viber|max)\b"
    r"|\b(?:subscribe (?:to|now|for|today)|sign up (?:for|to|now)|our newsletter|follow us|"
    r"support (?:us|our (?:work|journalism))|donate (?:now|today|to us)|"
    r"become a (?:member|patron)|"
    r"подпишитесь|подписывайтесь|подпишись|поддержите (?:нас|редакцию|проект)|"
    r"поддержать (?:нас|редакцию|проект|команду)|наш (?:telegram|телеграм)|"
    r"abonnieren sie|newsletter abonnieren|folgen sie uns|unterstützen sie uns|"
    r"zapisz się|subskrybuj|obserwuj nas|wesprzyj nas|"
    r"abonnez-vous|suscríbete|iscriviti|assine)\b",
    re.IGNORECASE,
)
# Where the comments begin: after this line, readers' replies, not the article.
_COMMENTS_RE = re.compile(
    r"^\W*(?:\d+\s+)?(?:comments?|responses?|replies|reactions|discussion|"
    r"комментари[йияев]*|отзывы|kommentare?|komentarz[ey]?|commentaires?|comentarios?|"
    r"commenti|comentários)\b(?:\s*\(\d+\)|\s+to\b.*|\s*:)?\W*$"
    r"|^\W*(?:\d+\s+(?:responses?|replies|comments?)\s+to\b|leave a (?:comment|reply)|"
    r"top rated comments|view comments|show comments|join the (?:discussion|conversation)|"
    r"оставить комментарий|оставьте комментарий|kommentar schreiben|schreibe einen kommentar|"
    r"dodaj komentarz|laisser un commentaire|deja un comentario|lascia un commento)",
    re.IGNORECASE,
)
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"январ[ья]|феврал[ья]|марта?|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|августа?|"
    r"сентябр[ья]|октябр[ья]|ноябр[ья]|декабр[ья]|"
    r"januar|februar|märz|mai|juni|juli|oktober|dezember|"
    r"stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|"
    r"października|listopada|grudnia|"
    r"janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|"
    r"diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|"
    r"janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro"
)
# A date or a time of day on a short line: a byline, a comment's timestamp or a teaser's date.
_DATE_RE = re.compile(
    r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b"
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}\b|\b\d{{1,2}}\.?\s+(?:{_MONTHS})\b"
    r"|\b\d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?|мин\w*|час\w*|дн\w*|"
    r"недел\w*|месяц\w*)\s+(?:ago|назад)\b|\bvor\s+\d+\s+(?:minuten|stunden|tagen)\b",
    re.IGNORECASE,
)
# A counter under a headline or teaser: "11Comments. Click to view comments", "3457 messages",
# "48.5k reactions", "1,2 тыс. просмотров": a number and what it counts, at the line's start.
_COUNTER_RE = re.compile(
    r"^\d[\d.,\s]*(?:[kmкм]\b|тыс\.?)?\s*(?:comments?|replies|responses|messages|views|"
    r"shares|likes|reactions|votes|комментари\w*|просмотр\w*|сообщени\w*|"
    r"реакци\w*|kommentare?|komentarz\w*|commentaires?|comentarios?)\b",
    re.IGNORECASE,
)
_BYLINE_RE = re.compile(
    r"^(?:by|от|автор|текст|von|autor|author|par|por|door|posted by|written by)\s"
    r"|(?:says|said|wrote|пишет|написал[аи]?|schreibt|schrieb|sagt|napisał[a]?|"
    r"a écrit|escribió|ha scritto)\s*:$",
    re.IGNORECASE,
)
# Share-bar vocabulary: a line made only of these words and numbers is a counter bar.
_SHARE_WORDS = frozenset(
    # a word list reads better as text than as 64 quoted items
    "share shares tweet tweets print email mail facebook twitter x whatsapp telegram viber "  # noqa: SIM905
    "vk vkontakte ok odnoklassniki linkedin pinterest reddit flipboard pocket copy link "
    "comment comments views likes like save saved reply follow "
    "поделиться комментарии комментариев комментария просмотры просмотров просмотра "
    "нравится сохранить копировать ссылку ссылка вконтакте одноклассники телеграм "
    "teilen kommentare kommentar drucken merken udostępnij komentarze komentarzy "
    "partager commentaires compartir comentarios condividi commenti".split()
)


class _Kind(enum.Enum):
    PROSE = "prose"  # a paragraph: enough words and sentence punctuation
    SHORT = "short"  # a heading, a menu item, a list item
    TEASER = "teaser"  # reads like prose but is cut short ("...") or repeated on the page
    FURNITURE = "furniture"  # caption, credit, share bar, advertisement label, nav button
    META = "meta"  # byline, date, time: the header of an article, a teaser or a comment
    RELATED = "related"  # "Read also: ...", "Trending", "More stories" headings
    LISTED = "listed"  # an item of a numbered list of other stories
    SECTION = "section"  # subscribe, cookies, legal, tags: the page around the article
    COMMENTS = "comments"  # the comments begin here
    FOOTER = "footer"  # copyright line: the page ends here


# Kinds never kept in the output, wherever they are.
_DROPPED = frozenset(
    {
        _Kind.FURNITURE,
        _Kind.META,
        _Kind.RELATED,
        _Kind.LISTED,
        _Kind.SECTION,
        _Kind.COMMENTS,
        _Kind.FOOTER,
    }
)
# In text an extractor already chose, dates are content (timelines, tour dates, embedded
# posts): only keyword boilerplate goes.
_DROPPED_EXTRACTED = _DROPPED - {_Kind.META}
# Kinds that a secondary block of the article is never found across.
_HARD_GAP = frozenset({_Kind.SECTION, _Kind.COMMENTS, _Kind.FOOTER, _Kind.LISTED})
# Kinds after which the article does not go on.
_END_MARKERS = frozenset({_Kind.COMMENTS, _Kind.FOOTER})
_EXTRA_COST = {
    _Kind.META: META_COST,
    _Kind.RELATED: RELATED_COST,
    _Kind.LISTED: RELATED_COST,
    _Kind.SECTION: SECTION_COST,
    _Kind.COMMENTS: SECTION_COST,
    _Kind.FOOTER: SECTION_COST,
}


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    key: str  # lowercase word tokens, for duplicate detection
    words: int
    kind: _Kind


def _normalize_line(line: str) -> str:
    # Controls and bidi overrides go too (bot.text): every text analysed, stored and shown
    # passes here, so no summary carries a NUL or a right-to-left override.
    line = unicodedata.normalize("NFC", _INVISIBLE_RE.sub("", strip_unsafe(line)))
    return _WS_RE.sub(" ", line).strip()


def _word_count(text: str) -> int:
    cjk = len(_CJK_RE.findall(text))
    if cjk:
        return len(_TOKEN_RE.findall(_CJK_RE.sub(" ", text))) + cjk // _CJK_CHARS_PER_WORD
    return len(_TOKEN_RE.findall(text))


def _has_sentence_punctuation(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS + " ")
    if stripped and stripped[-1] in _SENTENCE_END:
        return True
    return _INNER_SENTENCE_RE.search(text) is not None


def _is_share_bar(text: str) -> bool:
    tokens = _TOKEN_RE.findall(text.lower())
    return (
        bool(tokens)
        and all(t in _SHARE_WORDS or t.isdigit() for t in tokens)
        and any(t in _SHARE_WORDS for t in tokens)
    )


def _is_pitch(text: str, words: int) -> bool:
    return _SECTION_RE.search(text) is not None or (
        words <= PITCH_MAX_WORDS and _PITCH_RE.search(text) is not None
    )


def _is_furniture(text: str, words: int) -> bool:
    return (
        _FURNITURE_RE.match(text) is not None
        or _CREDIT_RE.search(text) is not None
        or _is_share_bar(text)
        or (words <= _SLASH_CREDIT_MAX_WORDS and _SLASH_CREDIT_RE.match(text) is not None)
    )


# Keyword checks of short lines, in order: the first that matches gives the kind.
_KEYWORD_CHECKS: tuple[tuple[_Kind, Callable[[str, int], bool]], ...] = (
    (_Kind.FOOTER, lambda text, _: _FOOTER_RE.search(text) is not None),
    (_Kind.COMMENTS, lambda text, _: _COMMENTS_RE.match(text) is not None),
    (_Kind.SECTION, _is_pitch),
    (_Kind.RELATED, lambda text, _: _RELATED_RE.match(text) is not None),
    (_Kind.FURNITURE, _is_furniture),
)


def _keyword_kind(text: str, words: int) -> _Kind | None:
    """The kind a keyword list gives a line, or None."""
    consent = {m.lower() for m in _CONSENT_WORDS_RE.findall(text)}
    if len(consent) >= CONSENT_MIN_WORDS or (
        consent and _COOKIE_RE.search(text) and words <= KEYWORD_MAX_WORDS
    ):
        return _Kind.SECTION
    if words > KEYWORD_MAX_WORDS:
        return None
    return next((kind for kind, check in _KEYWORD_CHECKS if check(text, words)), None)


def _classify(text: str, words: int) -> _Kind:
    kind = _keyword_kind(text, words)
    if kind is not None:
        return kind
    ends_sentence = text.rstrip(_CLOSERS + " ")[-1:] in ".!?。！？"
    if words <= META_MAX_WORDS and (
        _COUNTER_RE.match(text)
        or (not ends_sentence and (_DATE_RE.search(text) or _BYLINE_RE.search(text)))
    ):
        return _Kind.META
    prose = words >= MIN_PROSE_WORDS and _has_sentence_punctuation(text)
    if prose and _ELLIPSIS_END_RE.search(text):
        return _Kind.TEASER
    return _Kind.PROSE if prose else _Kind.SHORT


def is_boilerplate_line(line: str) -> bool:
    """True for a caption, credit, share bar, byline, subscribe, cookie or "read also" line."""
    text = _normalize_line(line)
    if not text:
        return True
    return _classify(text, _word_count(text)) in _DROPPED


def _make_lines(text: str) -> list[_Line]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for raw in text.split("\n"):
        norm = _normalize_line(raw)
        if norm:
            words = _word_count(norm)
            key = " ".join(_TOKEN_RE.findall(norm.lower()))
            lines.append(_Line(norm, key, words, _classify(norm, words)))
    return lines


def _with_kind(line: _Line, kind: _Kind) -> _Line:
    return _Line(line.text, line.key, line.words, kind)


def _mark_numbered_runs(lines: list[_Line]) -> None:
    """Runs of 3+ consecutively numbered headline-like lines are lists of other stories."""
    i = 0
    while i < len(lines):
        m = _NUMBERED_RE.match(lines[i].text)
        if not m:
            i += 1
            continue
        run, expected = [], int(m.group(1))
        for j in range(i, len(lines)):
            mj = _NUMBERED_RE.match(lines[j].text)
            if not mj or int(mj.group(1)) != expected:
                break
            run.append(j)
            expected += 1
        headline_like = sum(1 for k in run if not lines[k].text.rstrip(_CLOSERS).endswith("."))
        if len(run) >= LISTED_MIN_ITEMS and headline_like * 2 >= len(run):
            for k in run:
                lines[k] = _with_kind(lines[k], _Kind.LISTED)
        i += max(1, len(run))


def _mark_repeats(lines: list[_Line]) -> None:
    """Alt text + caption pairs are furniture; prose repeated elsewhere on the page is a teaser."""
    for i, line in enumerate(lines):
        if line.words > CAPTION_MAX_WORDS or not line.key:
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        after = lines[i + 2] if i + 2 < len(lines) else None
        if nxt is not None and nxt.key == line.key:
            partner = i + 1
        elif nxt is not None and nxt.kind is _Kind.FURNITURE and after and after.key == line.key:
            partner = i + 2  # alt text, credit, caption
        else:
            continue
        lines[i] = _with_kind(line, _Kind.FURNITURE)
        lines[partner] = _with_kind(lines[partner], _Kind.FURNITURE)
    counts = Counter(line.key for line in lines)
    for i, line in enumerate(lines):
        if line.kind is _Kind.SHORT and counts[line.key] >= BUTTON_MIN_REPEATS:
            lines[i] = _with_kind(line, _Kind.FURNITURE)
    prose = [line for line in lines if line.kind is _Kind.PROSE]
    repeated = sum(line.words for line in prose if counts[line.key] > 1)
    if repeated >= REPEATED_MAX_SHARE * sum(line.words for line in prose):
        return  # the whole text pasted twice, not teasers: leave it to the de-duplication
    for i, line in enumerate(lines):
        if line.kind is _Kind.PROSE and counts[line.key] > 1:
            lines[i] = _with_kind(line, _Kind.TEASER)


Region = tuple[int, int, float]  # start, end (exclusive), worth


def _worths(lines: Sequence[_Line]) -> list[float]:
    """What each line adds to (or takes from) a block of article text."""
    out = []
    for line in lines:
        if line.kind is _Kind.PROSE:
            out.append(line.words - LINE_COST)
        elif line.kind is _Kind.SHORT:
            out.append(-LINE_COST + SHORT_WORD_CREDIT * min(line.words, MIN_PROSE_WORDS * 2))
        elif line.kind is _Kind.RELATED and line.words > RELATED_HEADING_MAX_WORDS:
            # an inline "Read also: <headline>" link: the article goes on after it
            out.append(-LINE_COST)
        else:
            out.append(-LINE_COST - _EXTRA_COST.get(line.kind, 0.0))
    return out


def _prefix_best(worths: Sequence[float]) -> list[Region]:
    """For each m, the maximum-worth run of worths[:m] (Kadane, one pass)."""
    out: list[Region] = [(0, 0, 0.0)]
    best: Region = (0, 0, 0.0)
    start, total = 0, 0.0
    for i, w in enumerate(worths):
        if total <= 0:
            start, total = i, 0.0
        total += w
        if total > best[2]:
            best = (start, i + 1, total)
        out.append(best)
    return out


def _article_region(lines: Sequence[_Line], worths: Sequence[float]) -> Region:
    """The densest block of prose, ending where the comments or the footer begin."""
    prefix = _prefix_best(worths)
    best = prefix[-1]
    for m in range(best[1]):
        if (
            lines[m].kind in _END_MARKERS
            and prefix[m][2] >= MIN_WORTH_BEFORE_END
            # comments follow their article: a marker far below a block is a link or a
            # counter of another part of the page (a sidebar above the article)
            and m - prefix[m][1] <= MAX_GAP_LINES
        ):
            return prefix[m]
    return best


def _best_ending_near(worths: Sequence[float], lo: int, hi: int) -> Region:
    """The best run inside worths[lo:hi] that ends at most MAX_GAP_LINES before hi."""
    best: Region = (hi, hi, 0.0)
    start, total = lo, 0.0
    for i in range(lo, hi):
        if total <= 0:
            start, total = i, 0.0
        total += worths[i]
        if i + 1 >= hi - MAX_GAP_LINES and total > best[2]:
            best = (start, i + 1, total)
    return best


def _grow(
    lines: Sequence[_Line], worths: Sequence[float], region: Region
) -> list[tuple[int, int]]:
    """Add nearby blocks almost as dense as the article (its parts split by a list or a gallery).

    A block is added when it is worth SECONDARY_SHARE of the article, lies within
    MAX_GAP_LINES of it and no section, comments, footer or "read also" line lies between.
    """
    hard = [i for i, ln in enumerate(lines) if ln.kind in _HARD_GAP]
    n = len(lines)
    lo, hi, worth = region
    floor = max((i + 1 for i in hard if i < lo), default=0)
    ceil = min((i for i in hard if i >= hi), default=n)
    while True:
        before = _best_ending_near(worths, floor, lo)
        if before[2] < SECONDARY_SHARE * worth:
            break
        lo = before[0]
    reverse = worths[::-1]
    while True:
        after = _best_ending_near(reverse, n - ceil, n - hi)
        if after[2] < SECONDARY_SHARE * worth:
            break
        hi = n - after[0]
    return [(lo, hi)]


def _is_lead_sentence(line: _Line) -> bool:
    """A sentence that may open the article: prose, or a short line ending like a sentence."""
    if line.kind is _Kind.PROSE:
        return True
    return (
        line.kind is _Kind.SHORT
        and line.words >= LEAD_MIN_WORDS
        and line.text.rstrip(_CLOSERS + " ")[-1:] in ".!?…。！？"
    )


def _with_lead(lines: Sequence[_Line], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The first span extended upward over the sentences directly above it.

    The block search weighs each line against LINE_COST, so a short first paragraph ("T1 are
    your Worlds 2023 champions!") lowers the block's worth and is left out; the lines above
    the block are read back until the first that is not a sentence (a headline, a date, a
    caption, a menu item, a "read also" line).
    """
    if not spans:
        return spans
    lo, hi = spans[0]
    while lo > 0 and _is_lead_sentence(lines[lo - 1]):
        lo -= 1
    return [(lo, hi), *spans[1:]]


def _unwrap(text: str) -> str:
    """Join hard-wrapped paragraphs (lines cut at a fixed width, blank lines between them)."""
    blocks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    if len(blocks) < 2:  # noqa: PLR2004 - wrapping is only recognised between blank lines
        return text
    out = []
    for block in blocks:
        rows = [r.strip() for r in block.split("\n") if r.strip()]
        body = rows[:-1]
        lengths = [len(r) for r in body]
        if (
            body
            and min(lengths) >= WRAP_MIN_CHARS
            and max(lengths) - min(lengths) <= WRAP_SPREAD_CHARS
            and sum(1 for r in body if r[-1] not in ".!?…:;" + _CLOSERS) * 2 >= len(body)
            # a wrapped sentence goes on in lower case; a list of headlines does not
            and sum(1 for r in rows[1:] if not r[0].isupper()) * 3 >= len(rows) - 1
            and not any(_NUMBERED_RE.match(r) or _BULLET_RE.match(r) for r in rows)
        ):
            out.append(" ".join(rows))
        else:
            out.append(block)
    return "\n\n".join(out)


def _drop_contained(lines: Sequence[_Line]) -> list[_Line]:
    """Drop repeated lines and pull quotes (a line repeated inside a longer kept line)."""
    seen: set[str] = set()
    unique = []
    for line in lines:
        if line.key and line.key not in seen:
            seen.add(line.key)
            unique.append(line)
    padded = [f" {ln.key} " for ln in unique]

    def pull_quote(i: int) -> bool:
        if unique[i].words < PULL_QUOTE_MIN_WORDS:
            return False
        near = padded[max(0, i - PULL_QUOTE_WINDOW) : i + PULL_QUOTE_WINDOW + 1]
        return any(len(k) > len(padded[i]) and padded[i] in k for k in near)

    return [line for i, line in enumerate(unique) if not pull_quote(i)]


def _within_limit(text: str) -> str:
    """The text cut to MAX_FLAT_CHARS, at the last line break before the limit if any."""
    if len(text) <= MAX_FLAT_CHARS:
        return text
    cut = text.rfind("\n", 0, MAX_FLAT_CHARS + 1)
    return text[: cut if cut > 0 else MAX_FLAT_CHARS]


def clean_flat_text(text: str) -> str:
    """Return the article's paragraphs from flattened page text, separated by blank lines."""
    lines = _make_lines(_unwrap(_within_limit(text)))
    if not lines:
        return ""
    _mark_numbered_runs(lines)
    _mark_repeats(lines)
    worths = _worths(lines)
    region = _article_region(lines, worths)
    if region[2] > 0:
        kept = [
            ln
            for a, b in _with_lead(lines, _grow(lines, worths, region))
            for ln in lines[a:b]
            if ln.kind not in _DROPPED
        ]
    else:
        # No block of prose stands out: a short note, or no article at all. Keep what reads
        # as sentences; menus and headlines do not end with a full stop.
        kept = [
            ln
            for ln in lines
            if ln.kind in (_Kind.PROSE, _Kind.SHORT)
            and ln.text.rstrip(_CLOSERS + " ")[-1:] in ".!?…。！？"
            and ln.words >= NOTE_MIN_WORDS
        ]
    return "\n\n".join(line.text for line in _drop_contained(kept))


def clean_extracted_text(text: str) -> str:
    """Drop captions, credits, share/subscribe lines and repeated paragraphs from article text."""
    lines = _make_lines(_within_limit(text))
    _mark_repeats(lines)
    kept = [line for line in lines if line.kind not in _DROPPED_EXTRACTED]
    return "\n\n".join(line.text for line in _drop_contained(kept))


# ---------------------------------------------------------------------------------------------
# Pasted text (what a user sends or a file holds): an article as it is, or a whole page.
# Chosen on half A (by a hash of the id) of ../shared/eval/ner/factru_dev.jsonl and
# ../shared/eval/summ (tgcontest with a headline line, BBC) against the pages of
# ../shared/eval/flat, checked on half B, with benchmarks/bench_plaintext.py and
# benchmarks/bench_extraction.py; re-run both after changing any of these.
# ---------------------------------------------------------------------------------------------

# Page furniture: a run of at least MENU_RUN_LINES lines of at most MENU_ITEM_WORDS words
# without sentence punctuation (a menu), a line found twice, a numbered list of other
# stories, a keyword line (subscribe, comments, copyright, "read also", captions).
# A text with at least PAGE_MIN_FURNITURE such lines is a page; anything else is an article
# and is kept whole. On half A the plain texts have at most 2 such lines, all but one of
# the 120 flat pages at least 3.
MENU_RUN_LINES = 3
MENU_ITEM_WORDS = 2
PAGE_MIN_FURNITURE = 3
# A headline line: the first line, 2-25 words, no sentence punctuation at its end, followed
# by a blank line or by a paragraph. Editors' titles of ../shared/eval/summ: 3-20 words.
TITLE_MIN_WORDS = 2
TITLE_MAX_WORDS = 25
# Hard wrapping: of the lines that go on in the next line, at least half break off inside a
# sentence, at least WRAP_MIN_LINES of them, and WRAP_MIN_SHARE of those are at most
# WRAP_SLACK_CHARS shorter than the longest line (the width, at most WRAP_MAX_WIDTH). A line
# that ends a sentence and is more than WRAP_SLACK_CHARS shorter than the width ends its
# paragraph. No one wraps at fewer than WRAP_MIN_CHARS. textwrap at 80 columns leaves lines
# of 60-80 characters for Russian and English prose.
WRAP_MAX_WIDTH = 160
WRAP_SLACK_CHARS = 20
WRAP_MIN_SHARE = 0.6
WRAP_MIN_LINES = 2

# A bare name on a line of its own (a photo caption or a byline): 2-4 capitalised words,
# initials allowed, no digits, no punctuation but hyphens and apostrophes. Its surname is
# looked for (its first NAME_STEM_CHARS letters or all but the last two, so «Юревича» is
# found for "Юревич") in the next NAME_LOOKAHEAD_LINES lines.
NAME_LINE_MAX_WORDS = 4
NAME_STEM_CHARS = 4
NAME_LOOKAHEAD_LINES = 3
_NAME_LINE_RE = re.compile(
    r"^(?:[A-ZА-ЯЁ]\.\s?|[A-ZА-ЯЁ][a-zа-яё]+(?:[-'’][A-ZА-ЯЁa-zа-яё]+)?\s)"
    r"(?:[A-ZА-ЯЁ]\.\s?|[A-ZА-ЯЁ][a-zа-яё]+(?:[-'’][A-ZА-ЯЁa-zа-яё]+)?\s){0,2}"
    r"[A-ZА-ЯЁ][a-zа-яё]+(?:[-'’][A-ZА-ЯЁa-zа-яё]+)?$"
)
# A link marker an extractor leaves inline: "[https://...]", "[/tags/persons/...]".
_LINK_MARKER_RE = re.compile(r"[ \t]*\[(?:https?://|www\.|/)[^\]\s]*\]")
_SPACE_BEFORE_PUNCT_RE = re.compile(r"[ \t]+(?=[.,;:!?)»”])")
# A bare URL with its scheme (a "www.site.ru" without one reads as a name and stays);
# trailing sentence punctuation is not part of it.
_BARE_URL_RE = re.compile(r"[ \t]*(?<![\w/])(?:https?://)[^\s<>«»\"]*[^\s<>«»\".,;:!?)\]]")
# Dashes before a sentence that are not Russian dialogue dashes: "- The U.S. ...",
# "— -- Hillary ...".
_LEADING_DASHES_RE = re.compile(r"^(?:[-–—‐−]+\s+|[-–—‐−]+\s*(?=[-–—‐−]))+(?=\S)")
_DASH_RUN_RE = re.compile(r"^[-–—‐−]+\s*[-–—‐−]")
_CYRILLIC_RE = re.compile(r"[а-яё]", re.IGNORECASE)
_BLANK_LINE_RE = re.compile(r"\n[ \t\u00a0]*\n")


@dataclass(frozen=True, slots=True)
class CleanText:
    """Article text cleaned from pasted text, and the headline line on top of it, if any."""

    text: str
    title: str | None = None


def _wrap_width(rows: Sequence[str]) -> int | None:
    """The width the text was hard-wrapped at, or None when it was not."""
    widths = [len(r) for r in rows if r]
    if not widths:
        return None
    width = max(widths)
    if not WRAP_MIN_CHARS <= width <= WRAP_MAX_WIDTH:
        return None
    # lines followed by a non-blank line that break off inside a sentence: in a wrapped text
    # they are at least half of them, and most are near the width
    going_on = [a for a, b in itertools.pairwise(rows) if a and b]
    inside = [r for r in going_on if r.rstrip(_CLOSERS)[-1:] not in _SENTENCE_END]
    if len(inside) < WRAP_MIN_LINES or len(inside) * 2 < len(going_on):
        return None
    near = sum(1 for r in inside if len(r) >= width - WRAP_SLACK_CHARS)
    wrapped = near >= WRAP_MIN_SHARE * len(inside)
    return width if wrapped else None


def _unwrap_lines(text: str) -> str:
    """Join the lines of hard-wrapped paragraphs (and quotes) of a pasted text.

    A paragraph ends at a blank line, at an indented line (when the text indents its
    paragraphs), or after a line that ends a sentence and is clearly shorter than the width.
    """
    raw = [r.rstrip() for r in text.split("\n")]
    rows = [r.strip() for r in raw]
    width = _wrap_width(rows)
    if width is None:
        return text
    indents = [len(r) - len(r.lstrip()) for r in raw if r.strip()]
    indented = sum(1 for n in indents if n > 0)
    # some lines indented, not all: the indent starts a paragraph
    marks_paragraphs = 0 < indented < len(indents)
    out: list[str] = []
    current: list[str] = []
    for r_raw, row in zip(raw, rows, strict=True):
        if not row:
            if current:
                out.append(" ".join(current))
                current = []
            out.append("")
            continue
        if current and marks_paragraphs and r_raw[:1].isspace():
            out.append(" ".join(current))
            current = []
        current.append(row)
        ends = row.rstrip(_CLOSERS)[-1:] in ".!?…:;"
        if ends and len(row) < width - WRAP_SLACK_CHARS:
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return "\n".join(out)


def _strip_links(line: str) -> str:
    """Remove inline [url] markers and bare URLs inside a sentence."""
    cut = _BARE_URL_RE.sub(" ", _LINK_MARKER_RE.sub(" ", line))
    if cut == line:
        return line
    return _SPACE_BEFORE_PUNCT_RE.sub("", cut)


def _strip_leading_dashes(line: str) -> str:
    """Drop dashes left before a sentence, keeping a Russian dialogue dash («— Мы готовы…»)."""
    match = _LEADING_DASHES_RE.match(line)
    if not match:
        return line
    rest = line[match.end() :]
    dialogue = _CYRILLIC_RE.search(rest[:80]) is not None and not _DASH_RUN_RE.match(line)
    return line if dialogue else rest


def _title_line(lines: Sequence[_Line], blank_after_first: bool) -> str | None:
    """The headline line on top: short, no sentence punctuation, then a blank line or prose."""
    if len(lines) < 2:  # noqa: PLR2004 - a headline needs an article under it
        return None
    first, nxt = lines[0], lines[1]
    text = first.text
    headline_shaped = (
        TITLE_MIN_WORDS <= first.words <= TITLE_MAX_WORDS
        and text.rstrip(_CLOSERS + " ")[-1:] not in _SENTENCE_END + ","
        # a headline starts as a sentence does, not in the middle of one
        and (text[0].isupper() or text[0].isdigit() or text[0] in "«\"'“„")
        and not (_NUMBERED_RE.match(text) or _BULLET_RE.match(text))
        and first.kind not in _DROPPED - {_Kind.META}
    )
    # a next line in lower case goes on with the first: a wrapped sentence, no headline
    follows = blank_after_first or (nxt.kind is _Kind.PROSE and not nxt.text[0].islower())
    return text if headline_shaped and follows else None


def _furniture_lines(lines: Sequence[_Line]) -> int:
    """How many lines are page furniture: menu runs, repeated lines, lists, keyword lines."""
    count = 0
    run = 0
    for line in [*lines, None]:
        menu_item = (
            line is not None
            and line.kind is not _Kind.PROSE
            and line.words <= MENU_ITEM_WORDS
            and line.text.rstrip(_CLOSERS + " ")[-1:] not in _SENTENCE_END
        )
        if menu_item:
            run += 1
            continue
        if run >= MENU_RUN_LINES:
            count += run
        run = 0
    keys = Counter(line.key for line in lines if line.key)
    count += sum(n - 1 for n in keys.values())
    return count + sum(
        1
        for line in lines
        if line.kind in _DROPPED - {_Kind.META}
        # "Swindon/Notts Co v Middlesbrough": a slash alone is no proof of a photo credit
        and not (line.kind is _Kind.FURNITURE and _SLASH_CREDIT_RE.match(line.text))
    )


def _is_page(lines: Sequence[_Line]) -> bool:
    return _furniture_lines(lines) >= PAGE_MIN_FURNITURE


def _keep_whole(lines: Sequence[_Line]) -> list[_Line]:
    """An article's lines: all but short keyword lines (captions, buttons) and repeated paragraphs.

    A paragraph pasted twice goes; a short line found twice (a score, a list item) stays, and
    so does a sentence repeated inside a longer one (a lead the text restates).
    """
    seen: set[str] = set()
    kept = []
    for line in lines:
        if line.kind is _Kind.PROSE and line.key in seen:
            continue
        seen.add(line.key)
        ending = line.text.rstrip(_CLOSERS + " ")[-1:]
        short_keyword_line = (
            line.kind in _DROPPED - {_Kind.META}
            and line.words <= MENU_ITEM_WORDS * 4
            and ending not in ".!?…"
            # "Swindon/Notts Co v Middlesbrough": in an article a slash is no photo credit
            and _SLASH_CREDIT_RE.match(line.text) is None
        )
        # "Read more: <headline>", "Также по теме «...» <blurb>...": a link to another story
        link_to_other = line.kind is _Kind.RELATED and (
            ending not in ".!?…" or _ELLIPSIS_END_RE.search(line.text) is not None
        )
        report_credit = _REPORT_CREDIT_RE.search(line.text) is not None
        if not (short_keyword_line or link_to_other or report_credit):
            kept.append(line)
    return kept


def _is_name_line(line: _Line) -> bool:
    return line.words <= NAME_LINE_MAX_WORDS and _NAME_LINE_RE.match(line.text) is not None


def _named_below(name: str, lines: Sequence[_Line]) -> bool:
    """Whether the surname of a name line is in the next lines (in any case form)."""
    surname = name.rsplit(maxsplit=1)[-1].lower().rstrip(".")
    stem = surname[: max(NAME_STEM_CHARS, len(surname) - 2)]
    return any(
        token.startswith(stem)
        for line in lines[:NAME_LOOKAHEAD_LINES]
        for token in _TOKEN_RE.findall(line.text.lower())
    )


def _drop_name_lines(lines: Sequence[_Line]) -> list[_Line]:
    """Drop photo captions and bylines that are a bare name on a line of their own.

    A caption sits under the headline or between paragraphs, above a paragraph that names the
    person (Wikinews: headline, "Михаил Юревич", lead about «Михаила Юревича»); a byline is
    the last line, under a paragraph. A name that does not recur is a subheading; kept.
    """
    kept = []
    for i, line in enumerate(lines):
        if i > 0 and _is_name_line(line):
            prev, below = lines[i - 1], lines[i + 1 :]
            caption = (
                bool(below)
                and below[0].kind is _Kind.PROSE
                and (i == 1 or prev.kind is _Kind.PROSE)
                and _named_below(line.text, below)
            )
            byline = not below and prev.kind is _Kind.PROSE
            if caption or byline:
                continue
        kept.append(line)
    return kept


def clean_text(text: str) -> CleanText:
    """Clean pasted text: an article is kept whole, a whole page is cut to its article.

    CRLF, hard wrapping, inline [url] markers, bare URLs and leftover dashes before a
    sentence are handled first; a headline line on top becomes the title (and the text
    starts after it).
    """
    original = _within_limit(text).replace("\r\n", "\n").replace("\r", "\n")
    text = _unwrap_lines(original)
    text = "\n".join(_strip_leading_dashes(_strip_links(r)) for r in text.split("\n"))
    lines = _make_lines(text)
    if not lines:
        return CleanText("")
    _mark_numbered_runs(lines)
    if _is_page(lines):
        # a whole page: cut as flattened pages are (tuned on ../shared/eval/flat as they are)
        page = clean_flat_text(original).split("\n\n")
        return CleanText("\n\n".join(_strip_leading_dashes(_strip_links(p)) for p in page))
    lines = _drop_name_lines(lines)
    stripped = text.lstrip()
    first_row = stripped.split("\n", 1)
    blank_after = len(first_row) > 1 and _BLANK_LINE_RE.match("\n" + first_row[1]) is not None
    title = _title_line(lines, blank_after)
    body = lines[1:] if title else lines
    paragraphs = [line.text for line in _keep_whole(body)]
    return CleanText("\n\n".join(_split_dateline(paragraphs)), title)


def _split_dateline(paragraphs: list[str]) -> list[str]:
    """An agency dateline as a paragraph of its own, so the first sentence starts clean.

    Its words stay in the text (the date and the agency are the story's "when" and
    "source"); a sentence beginning "(AP) - Deep in..." is gone from summaries. The
    dateline is the one ``bot.analysis.source`` reads (``leading_dateline``: the first
    paragraph, or the second or third under a short deck or byline).
    """
    head = "\n\n".join(paragraphs[:DATELINE_PARAGRAPHS])
    found = leading_dateline(head)
    if found is None:
        return paragraphs
    at = 0
    for i, paragraph in enumerate(paragraphs):
        if found.start < at + len(paragraph):
            start, words_end, end = (x - at for x in (found.start, found.words_end, found.end))
            if end >= len(paragraph.rstrip()):
                return paragraphs
            split = [paragraph[start:words_end].strip(), paragraph[end:]]
            return [*paragraphs[:i], *split, *paragraphs[i + 1 :]]
        at += len(paragraph) + 2
    return paragraphs
