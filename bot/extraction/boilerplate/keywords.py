"""Small multilingual keyword lists that mark page furniture: credits, menus, "read also", ..."""

from __future__ import annotations

import re

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
