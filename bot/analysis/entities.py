"""Named entities: mentions in dictionary form, surnames resolved, roles, importance.

Russian mentions come from natasha's NER tagger (slovnet), English ones from the CRF of
``en_ner``. Russian names are put in their dictionary form with pymorphy2 directly (not with
natasha's morphology tagger, which would double the cost of analysis): the case shared by
the words of a mention is chosen first, then each word is inflected to the nominative.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from bot.analysis.models import NlpModels
from bot.analysis.ru_spans import refine_ru_spans
from bot.models import Entity, EntityType, Mention, Sentence

_WORD = re.compile(r"\w+(?:[-‐'’]\w+)*")
_ACRONYM = re.compile(r"^[A-ZА-ЯЁ0-9]{2,}$")
_UD_CASES = ("Nom", "Gen", "Dat", "Acc", "Ins", "Loc")
# Names recur across articles (Лукашенко, США, МИД): their dictionary forms are cached.
NORMAL_CACHE_SIZE = 20000
# Names and words that are parts of names keep their case through inflection.
_NAME_GRAMS = {"Name", "Surn", "Patr"}
_EN_LEADING = re.compile(r"^(?:the|The)\s+")
_EN_POSSESSIVE = re.compile(r"['’]s$")

# Importance of an entity in the story (used to order `who` and `where`).
# Chosen by hand on the example page and spot checks of the BBC and tgcontest dev articles
# (there is no gold ordering to tune against): a mention counts 1, a mention in the first
# sentence (the lead) counts 2 more, one in the first paragraph 1 more; the headline's
# entities are the story's subject, so they weigh most.
MENTION_WEIGHT = 1.0
LEAD_SENTENCE_BONUS = 2.0
FIRST_PARAGRAPH_BONUS = 1.0
TITLE_BONUS = 3.0


# ---------------------------------------------------------------- morphology (Russian)


def _restore_case(word: str, like: str) -> str:
    """Give ``word`` the capitalisation of ``like`` (part by part for hyphenated words)."""
    if "ё" not in like.lower():
        word = word.replace("ё", "е")
    w_parts, l_parts = word.split("-"), like.split("-")
    if len(w_parts) != len(l_parts):
        w_parts, l_parts = [word], [like]
    out = []
    for w, lk in zip(w_parts, l_parts, strict=True):
        if lk.isupper() and len(lk) > 1:
            out.append(w.upper())
        elif lk[:1].isupper():
            out.append(w[:1].upper() + w[1:])
        else:
            out.append(w)
    return "-".join(out)


def _parses(vocab: Any, word: str) -> list[Any]:
    parses: list[Any] = vocab(word.lower())
    return parses


def _agreement_key(parse: Any) -> tuple[str | None, str | None, str | None]:
    feats = parse.feats
    return feats.get("Case"), feats.get("Number"), feats.get("Gender")


def _inflect(parse: Any, grams: set[str]) -> str | None:
    form = parse.inflect(grams)
    return None if form is None else str(form.word)


def _singular_parses(vocab: Any, word: str) -> list[Any]:
    # A person is one person: plural readings («Кир» as the genitive plural of «Кира»)
    # are noise. A word without a singular reading is a foreign name: kept as written.
    return [p for p in _parses(vocab, word) if p.feats.get("Number") == "Sing"]


def normalize_person(words: Sequence[str], vocab: Any) -> list[str]:
    """Put the words of a Russian person's name in the nominative (Сергеем Лавровым → ...)."""
    return list(_normalize_person(tuple(words), vocab))


@lru_cache(maxsize=NORMAL_CACHE_SIZE)
def _normalize_person(words: tuple[str, ...], vocab: Any) -> tuple[str, ...]:
    if not any(re.search("[а-яё]", w, re.IGNORECASE) for w in words):
        return words
    # Score each case by how well every word supports it; name readings weigh more.
    votes: dict[str, float] = defaultdict(float)
    for w in words:
        for p in _singular_parses(vocab, w):
            case = p.feats.get("Case")
            if case is not None:
                votes[case] += p.score + (1.0 if _NAME_GRAMS & set(p.tag.grammemes) else 0.0)
    if not votes:
        return words
    case = max(votes, key=lambda k: votes[k])
    if case == "Nom":
        return words
    out = []
    for w in words:
        fitting = [p for p in _singular_parses(vocab, w) if p.feats.get("Case") == case]
        named = [p for p in fitting if _NAME_GRAMS & set(p.tag.grammemes)]
        best = (named or fitting or [None])[0]
        if best is None or "Fixd" in best.tag.grammemes:
            out.append(w)
            continue
        new = _inflect(best, {"Nom"})
        out.append(_restore_case(new, w) if new else w)
    return tuple(out)


def normalize_phrase(words: Sequence[str], vocab: Any) -> list[str]:
    """Nominative of an organisation or place phrase (see ``_normalize_phrase``)."""
    return list(_normalize_phrase(tuple(words), vocab))


@lru_cache(maxsize=NORMAL_CACHE_SIZE)
def _normalize_phrase(words: tuple[str, ...], vocab: Any) -> tuple[str, ...]:
    """Nominative of an organisation or place phrase, inflected as a phrase.

    The head is the first noun; it and the adjectives before it agree and go to the
    nominative; what follows the head (genitive complements such as «иностранных дел
    России») stays as written: «Министерства иностранных дел» → «Министерство иностранных
    дел», «Соединенных Штатов» → «Соединенные Штаты».
    """
    if not words or not re.search("[а-яё]", "".join(words), re.I):
        return words
    head = None
    head_parse = None
    for i, w in enumerate(words):
        if _ACRONYM.match(w) or w.startswith(("«", '"')):
            break
        noun = [p for p in _parses(vocab, w) if p.pos in {"NOUN", "PROPN"}]
        if noun:
            head, head_parse = i, noun[0]
            break
        if not any(p.pos == "ADJ" or "Adjx" in p.tag.grammemes for p in _parses(vocab, w)):
            break
    if head is None or head_parse is None:
        return words
    case, number, gender = _agreement_key(head_parse)
    if case == "Nom" or "Fixd" in head_parse.tag.grammemes:
        return words
    out = list(words)
    new = _inflect(head_parse, {"Nom"})
    if new:
        out[head] = _restore_case(new, words[head])
    for i in range(head):
        adj = [
            p
            for p in _parses(vocab, words[i])
            if p.feats.get("Case") == case
            and p.feats.get("Number") == number
            and (number == "Plur" or p.feats.get("Gender") in {gender, None})
        ]
        if adj:
            grams = {"Nom"} | ({"Plur"} if number == "Plur" else set())
            if number != "Plur" and gender:
                grams.add(gender)
            new_adj = _inflect(adj[0], grams)
            if new_adj:
                out[i] = _restore_case(new_adj, words[i])
    return tuple(out)


def _join_like(words: Sequence[str], text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Join replaced words keeping the original separators between them."""
    parts = []
    for i, w in enumerate(words):
        if i:
            parts.append(text[spans[i - 1][1] : spans[i][0]])
        parts.append(w)
    return "".join(parts)


# ---------------------------------------------------------------- mentions


def _ru_mentions(text: str, nlp: NlpModels) -> list[Mention]:
    markup = nlp.ru_ner(text)
    # natasha's spans brought to factRuEval's conventions (edges, aliases, a few types)
    spans = refine_ru_spans(text, [(s.start, s.stop, s.type) for s in markup.spans], nlp)
    out = []
    for start, stop, kind in spans:
        t: EntityType = "PER" if kind == "PER" else "LOC" if kind == "LOC" else "ORG"
        surface = text[start:stop]
        words = [(m.start(), m.end()) for m in _WORD.finditer(surface)]
        if not words:
            continue
        tokens = [surface[s:e] for s, e in words]
        normal_words = (
            normalize_person(tokens, nlp.morph_vocab)
            if t == "PER"
            else normalize_phrase(tokens, nlp.morph_vocab)
        )
        normal = _join_like(normal_words, surface, words)
        out.append(Mention(start, stop, t, surface, normal))
    return out


def _en_mentions(text: str, nlp: NlpModels) -> list[Mention]:
    out = []
    for start, end, t in nlp.en_ner.tag(text):
        surface = text[start:end]
        normal = _EN_POSSESSIVE.sub("", " ".join(surface.split()))
        if t != "PER":
            normal = _EN_LEADING.sub("", normal)
        if normal:
            out.append(Mention(start, end, t, surface, normal))  # type: ignore[arg-type]
    return out


def _key(name: str) -> str:
    return name.lower().replace("ё", "е")


# An inflected surname matches a full name's surname when all but its last two letters do
# (Лавровым ~ Лавров); shorter words are too ambiguous for that.
MIN_STEM_MATCH = 4


def _resolve_surnames(mentions: Sequence[Mention]) -> list[Mention]:
    """Give a lone surname (or a shorter form) the full name it stands for in the text."""
    full_names = [m for m in mentions if m.type == "PER" and len(m.normal.split()) > 1]
    out = []
    for m in mentions:
        if m.type != "PER" or len(m.normal.split()) > 1:
            out.append(m)
            continue
        key = _key(m.normal)
        candidates = [f for f in full_names if key in {_key(p) for p in f.normal.split()}]
        if not candidates:
            # Inflected surnames whose dictionary form was guessed wrongly: match by stem.
            candidates = [
                f
                for f in full_names
                if len(key) >= MIN_STEM_MATCH
                and _key(f.normal.split()[-1])[: len(key) - 2] == key[:-2]
            ]
        if candidates:
            before = [f for f in candidates if f.start < m.start]
            chosen = (before or candidates)[-1 if before else 0]
            out.append(replace(m, normal=chosen.normal))
        else:
            out.append(m)
    return out


def find_mentions(text: str, lang: str, nlp: NlpModels) -> list[Mention]:
    """Every mention of a person, organisation or place, with its canonical name."""
    if not text.strip():
        return []
    raw = _ru_mentions(text, nlp) if lang == "ru" else _en_mentions(text, nlp)
    return _resolve_surnames(sorted(raw, key=lambda m: m.start))


def merge_compound_orgs(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """Join an organisation and the country right after it: МИД + РФ → «МИД РФ».

    natasha tags «МИД РФ» as ORG «МИД» and LOC «РФ»; for the fact line and for speakers the
    organisation is the whole phrase. Only a country written as an acronym, or a single word
    directly after the organisation, is joined (the factRuEval convention is kept in
    ``find_mentions``, which the entity benchmark scores).
    """
    out: list[Mention] = []
    i = 0
    while i < len(mentions):
        m = mentions[i]
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if (
            nxt is not None
            and m.type == "ORG"
            and nxt.type == "LOC"
            and nxt.start - m.end == 1
            and text[m.end].isspace()
            and (_ACRONYM.match(nxt.text) or " " not in nxt.text)
            and (_ACRONYM.match(m.text.split()[-1]) or nxt.text != nxt.normal)
        ):
            surface = text[m.start : nxt.end]
            out.append(Mention(m.start, nxt.end, "ORG", surface, f"{m.normal} {nxt.text}"))
            i += 2
            continue
        out.append(m)
        i += 1
    return out


# ---------------------------------------------------------------- roles

# Heads of roles in English news ("Foreign Minister", "chief executive", "spokeswoman").
_EN_ROLE_HEADS = {
    "president",
    "minister",
    "secretary",
    "chancellor",
    "premier",
    "king",
    "queen",
    "prince",
    "princess",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "chief",
    "executive",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "governor",
    "mayor",
    "senator",
    "congressman",
    "congresswoman",
    "representative",
    "ambassador",
    "envoy",
    "leader",
    "head",
    "commissioner",
    "general",
    "commander",
    "judge",
    "prosecutor",
    "attorney",
    "officer",
    "manager",
    "coach",
    "founder",
    "ceo",
    "cfo",
    "economist",
    "analyst",
    "professor",
    "lawyer",
    "adviser",
    "advisor",
    "deputy",
    "speaker",
    "mp",
    "lawmaker",
    "candidate",
    "nominee",
    "pope",
    "archbishop",
    "bishop",
    "sheikh",
    "emir",
    "monarch",
    "diplomat",
    "official",
    "inspector",
    "captain",
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "boss",
    "editor",
    "author",
    "actor",
    "actress",
    "singer",
    "star",
    "champion",
    "player",
    "scientist",
    "researcher",
    "vice",
    "treasurer",
    "partner",
    "owner",
    "president-elect",
    "sergeant",
}
_EN_ROLE_GLUE = {"of", "for", "the", "and", "at", "on", "'s", "’s"}
_EN_STOP_BEFORE = {"the", "a", "an", "by", "with", "and", "said", "says", "told", "to"}
_RU_STOP_POS = {"ADP", "VERB", "CCONJ", "SCONJ", "PRON", "PART", "ADV", "NUM", "INTJ"}
# Longest role we accept, in words ("первый заместитель министра иностранных дел России").
MAX_ROLE_WORDS = 8
# How far before a name a role is looked for: eight long words and their adjectives.
ROLE_WINDOW_CHARS = 240


@dataclass(frozen=True, slots=True)
class _Tok:
    start: int
    end: int
    text: str


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    return [
        _Tok(start + m.start(), start + m.end(), m.group())
        for m in re.finditer(r"\w+(?:[-.'’]\w+)*\.?|[^\w\s]", text[start:end])
    ]


def _tokens_before(text: str, sent: Sentence, end: int) -> list[_Tok]:
    """Tokens of the sentence before ``end``, at most ROLE_WINDOW_CHARS back (roles are short)."""
    start = max(sent.start, end - ROLE_WINDOW_CHARS)
    toks = _tokens(text, start, end)
    return toks[1:] if start > sent.start else toks  # the first may be a cut word


def _sentence_of(sentences: Sequence[Sentence], pos: int) -> Sentence | None:
    i = bisect_right([s.start for s in sentences], pos) - 1
    if i >= 0 and sentences[i].start <= pos < sentences[i].end:
        return sentences[i]
    return None


def _is_role_head(tok: _Tok, parses: Sequence[Any], cases: set[str], sent: Sentence) -> bool:
    """An animate common noun (министр, госсекретарь) in the case of the name it names."""
    if tok.text[:1].isupper() and tok.start != sent.start:
        return False
    return any(
        p.pos == "NOUN"
        and "anim" in p.tag.grammemes
        and not (_NAME_GRAMS & set(p.tag.grammemes))
        and p.feats.get("Case") in cases
        for p in parses
    )


def _ru_role_before(text: str, m: Mention, sent: Sentence, vocab: Any) -> str | None:
    toks = _tokens_before(text, sent, m.start)
    # The cases the name can be in; a foreign name without Russian readings fits any case.
    cases: set[str] = set(_UD_CASES)
    for w in _WORD.findall(m.text):
        readings = {p.feats.get("Case") for p in _singular_parses(vocab, w)} - {None}
        if readings and readings & cases:
            cases &= readings
    chain: list[_Tok] = []
    for i in range(len(toks) - 1, -1, -1):
        tok = toks[i]
        if not _WORD.fullmatch(tok.text) or len(chain) >= MAX_ROLE_WORDS:
            return None
        parses = _parses(vocab, tok.text)
        if not parses or parses[0].pos in _RU_STOP_POS:
            return None
        chain.insert(0, tok)
        if _is_role_head(tok, parses, cases, sent):
            head_count = 1
            # adjectives agreeing with the head belong to the role (бывший, российский)
            for j in range(i - 1, -1, -1):
                prev = toks[j]
                capital = prev.text[:1].isupper() and prev.start != sent.start
                if capital or not any(p.pos == "ADJ" for p in _parses(vocab, prev.text)):
                    break
                chain.insert(0, prev)
                head_count += 1
            words = [t.text for t in chain]
            spans = [(t.start, t.end) for t in chain]
            normal = normalize_phrase(words[:head_count], vocab) + words[head_count:]
            role = _join_like(normal, text, spans)
            return role if _ACRONYM.match(words[0]) else role[:1].lower() + role[1:]
        # between the head and the name only genitive complements (иностранных дел России)
        if not (_ACRONYM.match(tok.text) or any(p.feats.get("Case") == "Gen" for p in parses)):
            return None
    return None


def _en_role_before(text: str, m: Mention, sent: Sentence) -> str | None:
    toks = _tokens_before(text, sent, m.start)
    chain: list[_Tok] = []
    for tok in reversed(toks):
        low = tok.text.lower().rstrip(".")
        if low in _EN_STOP_BEFORE and not chain:
            return None
        if tok.text[:1].isupper() or low in _EN_ROLE_GLUE or low in _EN_ROLE_HEADS:
            if low in {"the", "a", "an"}:
                break
            chain.insert(0, tok)
            if len(chain) > MAX_ROLE_WORDS:
                return None
            continue
        break
    while chain and chain[0].text.lower() in _EN_ROLE_GLUE:
        chain.pop(0)
    if not chain or not any(t.text.lower().rstrip(".") in _EN_ROLE_HEADS for t in chain):
        return None
    # the role ends with its head word ("Foreign Minister", "Secretary of State")
    return text[chain[0].start : chain[-1].end]


_EN_APPOSITION = re.compile(r"^,\s+(?:the\s+|a\s+|an\s+)?([^,;:()\"“”]{3,80}?),")
_RU_APPOSITION = re.compile(r"^,\s+([^,;:()«»\"—]{3,80}?),")


def _apposition_after(text: str, m: Mention, lang: str, vocab: Any) -> str | None:
    match = (_EN_APPOSITION if lang == "en" else _RU_APPOSITION).match(text[m.end : m.end + 90])
    if not match:
        return None
    role = match.group(1).strip()
    words = role.split()
    if not words or len(words) > MAX_ROLE_WORDS:
        return None
    if lang == "en":
        if any(w.lower().strip(".'’s") in _EN_ROLE_HEADS for w in words):
            return role
        return None
    first = _parses(vocab, words[0])
    if (
        first
        and first[0].pos == "NOUN"
        and "anim" in first[0].tag.grammemes
        and not (_NAME_GRAMS & set(first[0].tag.grammemes))
        and not words[0][:1].isupper()
    ):
        return role
    return None


def find_roles(
    text: str,
    mentions: Sequence[Mention],
    sentences: Sequence[Sentence],
    lang: str,
    nlp: NlpModels,
) -> dict[str, str]:
    """Roles of people from appositions, keyed by canonical name; the first one found wins."""
    roles: dict[str, str] = {}
    for m in mentions:
        if m.type != "PER" or m.normal in roles:
            continue
        sent = _sentence_of(sentences, m.start)
        if sent is None:
            continue
        if lang == "ru":
            role = _ru_role_before(text, m, sent, nlp.morph_vocab)
        else:
            role = _en_role_before(text, m, sent)
        role = role or _apposition_after(text, m, lang, nlp.morph_vocab)
        if role:
            roles[m.normal] = role
    return roles


# ---------------------------------------------------------------- entities


def group_entities(
    mentions: Iterable[Mention],
    sentences: Sequence[Sentence],
    roles: dict[str, str],
    *,
    title_mentions: Iterable[Mention] = (),
) -> list[Entity]:
    """Group mentions by canonical name and order them by importance in the story."""
    lead_end = sentences[0].end if sentences else 0
    first_paragraph = sentences[0].paragraph if sentences else 0
    para_end = max((s.end for s in sentences if s.paragraph == first_paragraph), default=0)
    grouped: dict[tuple[EntityType, str], list[Mention]] = defaultdict(list)
    display: dict[tuple[EntityType, str], str] = {}
    for m in mentions:
        key = (m.type, _key(m.normal))
        grouped[key].append(m)
        display.setdefault(key, m.normal)
    title_keys = {(m.type, _key(m.normal)) for m in title_mentions}
    entities = []
    for key, ms in grouped.items():
        score = 0.0
        for m in ms:
            score += MENTION_WEIGHT
            if m.start < lead_end:
                score += LEAD_SENTENCE_BONUS
            elif m.start < para_end:
                score += FIRST_PARAGRAPH_BONUS
        if key in title_keys:
            score += TITLE_BONUS
        name = display[key]
        entities.append(
            Entity(name=name, type=key[0], mentions=tuple(ms), role=roles.get(name), score=score)
        )
    entities.sort(key=lambda e: (-e.score, e.mentions[0].start))
    return entities
