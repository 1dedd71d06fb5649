"""The English NER's tokens and features: CoNLL-2003-style tokenization and sentences,
the hand-made word lists and gazetteer, and the CRF features of a sentence.

Shared by tagging (``en_ner``) and training (``scripts/train_en_ner.py``), so that the
two cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

# Abbreviations whose final period belongs to the token (CoNLL writes "Inc." and "St.").
_ABBREVIATIONS = (
    "Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Cmdr|Adm|Maj|Rev|Fr|Hon|Pres|Supt|Insp"
    "|St|Mt|Ft|Ave|Blvd|Rd|Inc|Corp|Co|Ltd|Bros|Jr|Sr|Cie|Plc|No|Nos|vs|Vs|etc|approx|est|Dept"
    "|Univ|Assn|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mon|Tue|Tues|Wed|Thu|Thur"
    "|Thurs|Fri|Sat|Sun|Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass"
    "|Mich|Minn|Miss|Mo|Mont|Neb|Nev|Okla|Ore|Pa|Tenn|Tex|Va|Vt|Wash|Wis|Wyo"
)
_WORD = r"[^\W_](?:[\w&]|['’](?=[^\W\d_])|[-‐‑–](?=\w)|[.,:/](?=\d))*"
_TOKEN = re.compile(
    rf"""
      (?:https?://|www\.)[^\s<>"“”]*[^\s<>"“”.,;:!?)\]'’]   # URL
    | (?:[A-Za-z]\.){{2,}}(?:-{_WORD})?                     # U.S., a.m., U.S.-led
    | (?:{_ABBREVIATIONS})\.(?!\w)                         # Mr., Inc., Calif.
    | [A-Z]\.(?=\s+[A-Z])                                  # an initial: George W. Bush
    | (?:[A-Z]{{1,3}})?\$                                  # $, US$, HK$
    | ['’](?:[sSdDmM]|re|RE|ve|VE|ll|LL)(?!\w) | n['’]t(?!\w)  # clitic after a space
    | (?<![^\n])\d{{1,3}}\.(?=[ \t])                # list number at line start: 1.
    | (?<![\w.])[+.](?=\d){_WORD}                         # +44, .500
    | {_WORD}                                              # words, numbers, hyphenated words
    | -{{2,}} | \.{{2,}} | \*{{2,}}                          # --, ..., **
    | [^\s\u200b\u200c\u200d\u2060\ufeff]                  # any other single character
    """,
    re.VERBOSE,
)
# Clitics CoNLL writes as their own token: "Germany 's", "do n't", "we 're".
_CLITIC = re.compile(r"(?i)(?:n['’]t|['’](?:s|re|ve|ll|d|m))$")

# Typographic characters mapped to the ASCII ones CoNLL uses, for the features only.
_NORMALISE = {
    "“": '"',
    "”": '"',
    "„": '"',
    "«": '"',
    "»": '"',
    "‘": "'",
    "’": "'",
    "—": "--",
    "–": "-",
    "…": "...",
}
_TRANSLATE = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-", "–": "-"})

_SENTENCE_END = frozenset({".", "!", "?", "...", "…"})
_CLOSERS = frozenset({'"', "'", ")", "]", "”", "’", "»"})
_OPENERS = frozenset({'"', "'", "(", "[", "“", "‘", "«"})


def _wordset(words: str) -> frozenset[str]:
    """The space-separated words of ``words`` as a set."""
    return frozenset(words.split())


# Hand-made word lists that generalise beyond the training data (lowercased, no periods).
_TITLES = _wordset(
    "mr mrs ms miss dr prof sir dame lord lady president vice minister secretary senator sen"
    " representative rep congressman congresswoman governor gov mayor chancellor premier"
    " king queen prince princess emperor pope cardinal bishop archbishop rabbi imam ayatollah"
    " sheikh sultan emir general gen colonel col lieutenant lt captain capt sergeant sgt"
    " admiral adm major commander judge justice attorney ambassador envoy spokesman"
    " spokeswoman spokesperson chairman chairwoman chair ceo chief director coach manager"
    " striker midfielder defender goalkeeper player leader rev father brother sister"
    " saint st deputy commissioner inspector officer prosecutor president-elect treasurer"
    " lawmaker legislator mp mep founder co-founder executive analyst economist actor actress"
    " singer rapper author writer novelist journalist reporter editor columnist professor"
    " scientist researcher lawyer activist dissident candidate nominee incumbent challenger"
    " opponent rival champion teammate boss counterpart successor predecessor"
)
_ORG_SUFFIXES = _wordset(
    "inc corp corporation co ltd plc llc lp llp ag sa nv bv gmbh spa ab oy asa kk"
    " group holdings holding bank airlines airways motors industries partners"
    " international associates fc cf ac"
)
_ORG_WORDS = _wordset(
    "university college institute school ministry department agency commission committee"
    " council parliament congress senate assembly party union federation association"
    " organisation organization foundation fund bank court police army navy force forces"
    " club united city rovers athletic company corporation exchange news times post press"
    " service services authority board bureau office church hospital"
)
_LOC_WORDS = _wordset(
    "river lake mount mountains island islands sea ocean gulf bay valley street avenue"
    " road square province county state states republic region district city town village"
    " peninsula strait desert coast north south east west northern southern eastern western"
    " central"
)
_TIME_WORDS = _wordset(
    "january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday"
    " friday saturday sunday"
)
# Places and demonyms every news reader knows: they let the model tag countries, capitals
# and nationalities that CoNLL-2003 (1996 Reuters) never saw. Multi-word entries are
# matched as token sequences; "|" separates entries.
_PLACES = (
    "Afghanistan|Albania|Algeria|Andorra|Angola|Antigua|Argentina|Armenia|Australia|Austria"
    "|Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan"
    "|Bolivia|Bosnia|Herzegovina|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi"
    "|Cambodia|Cameroon|Canada|Cape Verde|Chad|Chile|China|Colombia|Comoros|Congo"
    "|Costa Rica|Croatia|Cuba|Cyprus|Czechia|Czech Republic|Denmark|Djibouti|Dominica"
    "|Dominican Republic|Ecuador|Egypt|El Salvador|Equatorial Guinea|Eritrea|Estonia"
    "|Eswatini|Ethiopia|Fiji|Finland|France|Gabon|Gambia|Georgia|Germany|Ghana|Greece"
    "|Grenada|Guatemala|Guinea|Guinea-Bissau|Guyana|Haiti|Honduras|Hungary|Iceland|India"
    "|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan|Kazakhstan"
    "|Kenya|Kiribati|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya"
    "|Liechtenstein|Lithuania|Luxembourg|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta"
    "|Mauritania|Mauritius|Mexico|Micronesia|Moldova|Monaco|Mongolia|Montenegro|Morocco"
    "|Mozambique|Myanmar|Burma|Namibia|Nauru|Nepal|Netherlands|Holland|New Zealand"
    "|Nicaragua|Niger|Nigeria|North Korea|North Macedonia|Macedonia|Norway|Oman|Pakistan"
    "|Palau|Palestine|Panama|Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal"
    "|Qatar|Romania|Russia|Rwanda|Samoa|San Marino|Saudi Arabia|Senegal|Serbia|Seychelles"
    "|Sierra Leone|Singapore|Slovakia|Slovenia|Somalia|South Africa|South Korea|South Sudan"
    "|Spain|Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania"
    "|Thailand|Timor-Leste|East Timor|Togo|Tonga|Trinidad|Tobago|Tunisia|Turkey|Turkiye"
    "|Turkmenistan|Tuvalu|Uganda|Ukraine|United Arab Emirates|UAE|United Kingdom|UK|Britain"
    "|Great Britain|England|Scotland|Wales|Northern Ireland|United States|US|USA|America"
    "|Uruguay|Uzbekistan|Vanuatu|Vatican|Venezuela|Vietnam|Yemen|Zambia|Zimbabwe|Gaza"
    "|West Bank|Crimea|Donbas|Kashmir|Tibet|Xinjiang|Hong Kong|Macau|Greenland|Puerto Rico"
    "|Chechnya|Kurdistan|Catalonia|Africa|Asia|Europe|Latin America|North America"
    "|South America|Middle East|Antarctica|Arctic|Balkans|Caucasus|Scandinavia|Siberia"
    "|Abu Dhabi|Abuja|Accra|Addis Ababa|Algiers|Amman|Amsterdam|Ankara|Athens|Baghdad|Baku"
    "|Bangkok|Beijing|Beirut|Belgrade|Berlin|Bern|Bogota|Brasilia|Bratislava|Brussels"
    "|Bucharest|Budapest|Buenos Aires|Cairo|Canberra|Caracas|Chisinau|Copenhagen|Damascus"
    "|Delhi|New Delhi|Dhaka|Doha|Dubai|Dublin|Geneva|Hanoi|Havana|Helsinki|Islamabad"
    "|Istanbul|Jakarta|Jerusalem|Kabul|Karachi|Kathmandu|Khartoum|Kyiv|Kiev|Kinshasa"
    "|Kuala Lumpur|Lagos|Lima|Lisbon|Ljubljana|London|Los Angeles|Luanda|Madrid|Manila"
    "|Mexico City|Minsk|Mogadishu|Moscow|Mumbai|Nairobi|New York|Oslo|Ottawa|Paris|Prague"
    "|Pyongyang|Riga|Riyadh|Rome|San Francisco|Santiago|Sao Paulo|Seoul|Shanghai|Sofia"
    "|Stockholm|Sydney|Taipei|Tallinn|Tashkent|Tbilisi|Tehran|Tel Aviv|Tokyo|Toronto"
    "|Tripoli|Tunis|Vienna|Vilnius|Warsaw|Washington|Wellington|Yerevan|Zagreb|U.S.|U.K."
)
_DEMONYMS = (
    "Afghan|African|Albanian|Algerian|American|Arab|Arabic|Argentine|Armenian|Asian"
    "|Australian|Austrian|Azerbaijani|Bangladeshi|Belarusian|Belgian|Bosnian|Brazilian"
    "|British|Bulgarian|Burmese|Cambodian|Canadian|Chilean|Chinese|Colombian|Congolese"
    "|Croatian|Cuban|Czech|Danish|Dutch|Egyptian|English|Eritrean|Estonian|Ethiopian"
    "|European|Filipino|Finnish|French|Georgian|German|Ghanaian|Greek|Haitian|Hungarian"
    "|Icelandic|Indian|Indonesian|Iranian|Iraqi|Irish|Israeli|Italian|Japanese|Jordanian"
    "|Kazakh|Kenyan|Korean|Kurdish|Kuwaiti|Latvian|Lebanese|Libyan|Lithuanian|Malaysian"
    "|Mexican|Moldovan|Mongolian|Moroccan|Nepalese|Nigerian|Norwegian|Pakistani"
    "|Palestinian|Persian|Peruvian|Polish|Portuguese|Qatari|Romanian|Russian|Rwandan|Saudi"
    "|Scottish|Serbian|Slovak|Slovenian|Somali|Spanish|Sudanese|Swedish|Swiss|Syrian"
    "|Taiwanese|Thai|Tunisian|Turkish|Ukrainian|Uzbek|Venezuelan|Vietnamese|Welsh|Yemeni"
    "|Zimbabwean|Western|Soviet|Muslim|Muslims|Moslem|Islamic|Islamist|Christian|Christians"
    "|Catholic|Catholics|Protestant|Orthodox|Jewish|Jews|Jew|Hindu|Hindus|Buddhist|Sikh"
    "|Sunni|Shia|Shiite|Shi'ite|Kurds|Arabs|Serbs|Croats|Russians|Americans|Europeans"
    "|Palestinians|Israelis|Ukrainians|Latino|Latina|Hispanic|Republican|Republicans"
    "|Democrat|Democrats|Democratic|Conservative|Labour|Socialist|Communist|Marxist"
)


def _build_gazetteer() -> dict[tuple[str, ...], str]:
    """Entries of both lists as lower-cased token tuples mapped to their class."""
    entries: dict[tuple[str, ...], str] = {}
    for names, kind in ((_PLACES, "LOC"), (_DEMONYMS, "NAT")):
        for name in names.split("|"):
            entries[tuple(name.lower().split())] = kind
    return entries


_GAZ_ENTRIES = _build_gazetteer()
# Word-list classes of a lower-cased word; neighbours see all but TIME.
_LEXICON: dict[str, tuple[str, ...]] = {}
for _name, _words in (
    ("TITLE", _TITLES),
    ("ORGSUF", _ORG_SUFFIXES),
    ("ORGWORD", _ORG_WORDS),
    ("LOCWORD", _LOC_WORDS),
    ("TIME", _TIME_WORDS),
):
    for _word in _words:
        _LEXICON[_word] = (*_LEXICON.get(_word, ()), _name)
_NEIGHBOUR_LEXICON = {
    w: tuple(c for c in classes if c != "TIME") for w, classes in _LEXICON.items()
}
_GAZ_MAX_LEN = max(len(k) for k in _GAZ_ENTRIES)

# A sentence whose letters are mostly upper case is a headline (CoNLL has many); the
# case features mean little there. 0.8 lets a stray lower-case word through.
_ALL_CAPS_SHARE = 0.8
_ALL_CAPS_MIN_WORDS = 2
# A Title Case Headline carries as little case information as an upper-case one, so it is
# tagged as one. Proper names are capitalised too, so a sentence counts as a headline only
# when a function word inside it is capitalised as well.
_TITLE_CASE_MIN_WORDS = 4
_HEADLINE_FUNCTION_WORDS = _wordset(
    "the a an and or but of in on at to for from by with as into over after up is are was"
    " were be has have will not he she it his her its their they we you this that"
)
_AFFIX_LENGTHS = (1, 2, 3, 4)


class Token(NamedTuple):
    """A token as a verbatim slice ``text[start:end]`` of the input."""

    start: int
    end: int
    text: str


def tokenize(text: str) -> list[Token]:
    """Split raw text into CoNLL-style tokens with their character offsets."""
    tokens: list[Token] = []
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        word = m.group()
        clitic = _CLITIC.search(word)
        if clitic is not None and clitic.start() > 0:
            cut = start + clitic.start()
            tokens.append(Token(start, cut, text[start:cut]))
            tokens.append(Token(cut, end, text[cut:end]))
        else:
            tokens.append(Token(start, end, word))
    return tokens


def split_sentences(text: str, tokens: Sequence[Token]) -> list[list[Token]]:
    """Group tokens into sentences: at line breaks, and after . ! ? before a capital."""
    sentences: list[list[Token]] = []
    current: list[Token] = []
    for i, token in enumerate(tokens):
        if current and "\n" in text[current[-1].end : token.start]:
            sentences.append(current)
            current = []
        current.append(token)
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if _ends_sentence(current, nxt):
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


def _ends_sentence(current: Sequence[Token], nxt: Token | None) -> bool:
    """Whether the sentence being built ends after its last token, given the next token."""
    if nxt is None:
        return False
    last = current[-1]
    after_mark = len(current) > 1 and current[-2].text in _SENTENCE_END
    if last.text not in _SENTENCE_END and not (last.text in _CLOSERS and after_mark):
        return False
    if nxt.start == last.end and nxt.text in _CLOSERS:
        return False  # a closing quote or bracket right after the period still belongs here
    first = nxt.text[0]
    return first.isupper() or first.isdigit() or nxt.text in _OPENERS


def normalise(word: str) -> str:
    """The token as CoNLL would spell it (ASCII quotes, apostrophes and dashes)."""
    mapped = _NORMALISE.get(word)
    if mapped is not None:
        return mapped
    return word.translate(_TRANSLATE)


def _shape(word: str) -> str:
    """Character classes of ``word``: "Xxxxx", "XX", "dd-dd"."""
    out = []
    for ch in word:
        if ch.isupper():
            out.append("X")
        elif ch.islower():
            out.append("x")
        elif ch.isdigit():
            out.append("d")
        else:
            out.append(ch)
    return "".join(out)


def _short_shape(shape: str) -> str:
    """The shape with runs of one class collapsed: "Xxxxx" -> "Xx"."""
    out: list[str] = []
    for ch in shape:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def _word_class(word: str) -> str:
    """A coarse description of the token used for neighbours: case, digit or punctuation."""
    if word.isalpha():
        return _letters_class(word)
    if any(ch.isdigit() for ch in word):
        return "NUM"
    if any(ch.isalpha() for ch in word):
        return "ALNUM"
    return "P" + word


def _letters_class(word: str) -> str:
    """The case class of an all-letters word."""
    if word.isupper():
        return "UP" if len(word) > 1 else "UP1"
    if word[0].isupper():
        return "TITLE"
    return "LOW" if word.islower() else "MIXED"


def _is_all_caps(words: Sequence[str]) -> bool:
    """Whether the sentence is a headline in capitals (most of its words are upper case)."""
    alpha = [w for w in words if any(ch.isalpha() for ch in w)]
    if len(alpha) < _ALL_CAPS_MIN_WORDS:
        return False
    upper = sum(1 for w in alpha if w.isupper())
    return upper >= _ALL_CAPS_SHARE * len(alpha)


def _is_title_case(words: Sequence[str]) -> bool:
    """Whether the sentence is a headline in Title Case ("Obama Seeks More Refugees As ...")."""
    alpha = [w for w in words if w.isalpha()]
    if len(alpha) < _TITLE_CASE_MIN_WORDS or _is_all_caps(words):
        return False
    capitalised = sum(1 for w in alpha if w[0].isupper())
    if capitalised < _ALL_CAPS_SHARE * len(alpha):
        return False
    return any(w[0].isupper() and w.lower() in _HEADLINE_FUNCTION_WORDS for w in alpha[1:])


def _gazetteer_marks(words: Sequence[str], lower: Sequence[str]) -> list[str]:
    """For each token, "B-LOC"/"I-LOC"/"B-NAT"/... if it is part of a gazetteer match, else ""."""
    marks = [""] * len(words)
    i = 0
    while i < len(words):
        for size in range(min(_GAZ_MAX_LEN, len(words) - i), 0, -1):
            kind = _GAZ_ENTRIES.get(tuple(lower[i : i + size]))
            if kind and all(w[:1].isupper() for w in words[i : i + size]):
                marks[i] = "B-" + kind
                for j in range(i + 1, i + size):
                    marks[j] = "I-" + kind
                i += size
                break
        else:
            i += 1
    return marks


class _Sentence(NamedTuple):
    """Per-token facts of one sentence that the features of every token look at."""

    words: Sequence[str]
    lower: list[str]
    classes: list[str]
    lexicon: list[tuple[str, ...]]
    gazetteer: list[str]
    caps: bool


def sentence_features(words: Sequence[str]) -> list[list[str]]:
    """CRF features of each token of one sentence (tokens as CoNLL spells them)."""
    if _is_title_case(words):
        words = [w.upper() for w in words]
    lower = [w.lower() for w in words]
    sentence = _Sentence(
        words=words,
        lower=lower,
        classes=[_word_class(w) for w in words],
        lexicon=[_LEXICON.get(w.rstrip(".") or w, ()) for w in lower],
        gazetteer=_gazetteer_marks(words, lower),
        caps=_is_all_caps(words),
    )
    return [_own_features(sentence, i) + _context_features(sentence, i) for i in range(len(words))]


def _own_features(s: _Sentence, i: int) -> list[str]:
    """Features of token ``i`` itself: identity, shape, affixes, case, word lists."""
    word, w, cls = s.words[i], s.lower[i], s.classes[i]
    shape = _shape(word)
    f = ["bias", "w=" + w, "cls=" + cls, "shape=" + shape[:8], "sshape=" + _short_shape(shape)]
    for k in _AFFIX_LENGTHS:
        if len(w) > k:
            f.append(f"p{k}={w[:k]}")
            f.append(f"s{k}={w[-k:]}")
    if s.caps:
        f.append("CAPS")
        f.append("CAPS:w=" + w)
    elif word[:1].isupper() and i > 0:
        f.append("cap-inside")
    if i == 0:
        f.append("BOS")
        f.append("BOS:cls=" + cls)
    if i == len(s.words) - 1:
        f.append("EOS")
    if "-" in word:
        head, _, tail = w.rpartition("-")
        f += ["hyphen", "hyph-tail=" + tail, "hyph-head=" + head.split("-")[-1]]
    f += s.lexicon[i]
    if s.gazetteer[i]:
        f.append("gaz=" + s.gazetteer[i])
    return f


def _context_features(s: _Sentence, i: int) -> list[str]:
    """Features of the tokens around token ``i`` (two each side) and of the pairs with it."""
    f = []
    n = len(s.words)
    for d in (-2, -1, 1, 2):
        j = i + d
        if not 0 <= j < n:
            f.append(f"{d}:PAD")
            continue
        f.append(f"{d}:w={s.lower[j]}")
        f.append(f"{d}:cls={s.classes[j]}")
        f += [f"{d}:{c}" for c in _NEIGHBOUR_LEXICON.get(s.lower[j].rstrip(".") or s.lower[j], ())]
        if s.gazetteer[j] and abs(d) == 1:
            f.append(f"{d}:gaz={s.gazetteer[j]}")
    w, cls = s.lower[i], s.classes[i]
    if i > 0:
        f.append(f"-1:w|w={s.lower[i - 1]}|{w}")
        f.append(f"-1:cls|cls={s.classes[i - 1]}|{cls}")
        f.append(f"-1:s3={s.lower[i - 1][-3:]}")
    if i + 1 < n:
        f.append(f"w|+1:w={w}|{s.lower[i + 1]}")
        f.append(f"cls|+1:cls={cls}|{s.classes[i + 1]}")
        f.append(f"+1:s3={s.lower[i + 1][-3:]}")
    return f
