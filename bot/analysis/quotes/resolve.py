"""Speaker resolution: genders, pronouns and inherited subjects, and the final Quote records."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from typing import Any

from bot.analysis.quotes.document import _Doc
from bot.analysis.quotes.lexicon import (
    _EN_GENDER_TITLES,
    _RU_INSTITUTION_NOUNS,
    MAX_PRONOUN_PARAGRAPHS,
    MAX_ROLE_WORDS,
    MIN_TITLE_WORDS,
)
from bot.analysis.quotes.records import _Found, _Speaker, _Unit
from bot.analysis.quotes.ru_subjects import _ru_unit_nominative
from bot.models import Quote

_LINE_BREAK = re.compile(r"[ \t]*\n\s*")


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


def _resolve(doc: _Doc, found: list[_Found], *, named_only: bool = False) -> list[Quote]:
    """Resolve pronouns and inherited subjects in text order; build the quotes.

    ``named_only``: a speaker that stays a bare descriptor or pronoun («юрист», "the
    report") is given as no speaker (its words keep their offsets)."""
    out: list[Quote] = []
    history: list[tuple[_Found, _Speaker]] = []
    per_units = [u for u in doc.units if u.type == "PER"]
    titled = [u for u in doc.units if u.type in {"PER", "ORG"}]  # «агентство Fitch»
    said: list[tuple[_Found, _Speaker]] = []
    named_names = {u.normal for u in doc.units}
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
        elif sp is not None and sp.kind == "NP":
            sp = _resolve_descriptor(doc, sp, f, titled) or _same_speaker(doc, sp, history)
        if sp is not None:
            said.append((f, sp))
            if sp.name:
                history.append((f, sp))
        named = sp is not None and _is_named(doc, sp, named_names)
        if named and sp is not None and sp.name:
            named_names.add(sp.name)
        name = sp.name if sp is not None and (named or not named_only) else None
        text = (
            " … ".join(doc.text[s:e] for s, e in f.pieces)
            if f.pieces
            else doc.text[f.start : f.end]
        )
        text = _LINE_BREAK.sub(" ", text)  # a hard-wrapped quote reads as one line
        out.append(
            Quote(
                text=text,
                direct=f.direct,
                start=f.start,
                end=f.end,
                speaker=name,
                speaker_start=sp.start if sp is not None else None,
                speaker_end=sp.end if sp is not None else None,
            )
        )
    return out


def _is_named(doc: _Doc, sp: _Speaker, named_names: set[str]) -> bool:
    """A speaker the text names: a person, organisation or place mention, a pronoun or
    descriptor resolved to one, or a phrase holding a name («представитель МИД Китая») or
    ending with a capitalised word that does not open the sentence ("a New Hampshire
    Republican")."""
    if sp.name is None:
        return False
    if sp.kind in {"PER", "ORG", "LOC"} or sp.name in named_names:
        return True
    if sp.kind != "NP":
        return False
    if any(sp.start <= u.start and u.end <= sp.end for u in doc.units):
        return True
    lo, hi = doc.tok_index(sp.start), doc.tok_index(sp.end)
    opening = next(
        (t.i for t in doc.toks[doc.tok_index(doc.sentence_span(sp.start)[0]) : hi] if t.is_word),
        -1,
    )
    words = [t for t in doc.toks[lo:hi] if t.is_word]
    # the head (last word) capitalised: a proper name or a party, not "Mercedes driver"
    return bool(words) and words[-1].text[:1].isupper() and words[-1].i != opening


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
    subject = _previous_subject(doc, sp, f, history)
    if subject is not None and (
        (wanted in {"n", "p"} and subject.type == "ORG")
        or (
            wanted in {"m", "f"}
            and subject.type == "PER"
            and _compatible(doc.genders.get(subject.normal), wanted)
        )
    ):
        return replace(sp, name=subject.normal)
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


def _previous_subject(
    doc: _Doc, sp: _Speaker, f: _Found, history: list[tuple[_Found, _Speaker]]
) -> _Unit | None:
    """The name that opens the sentence before the one with the quote (English: its subject,
    "The Food Standards Agency warned … “…,” it said"), when nobody is named between."""
    if doc.lang != "en":
        return None
    k = bisect_right(doc.sent_starts, min(f.start, sp.start)) - 2
    if k < 0:
        return None
    prev = doc.sentences[k]
    if history and history[-1][0].cue >= 0 and doc.toks[history[-1][0].cue].start >= prev.start:
        return None  # someone spoke in that sentence ("…, Roscosmos said. It said …")
    first = next((t for t in doc.toks[doc.tok_index(prev.start) :] if t.is_word), None)
    if first is None or first.start >= prev.end or doc.in_quote[first.i]:
        return None
    u = doc.unit_of.get(first.i + 1 if first.low == "the" else first.i)  # "The … Agency"
    if u is None or u.type not in {"PER", "ORG"}:
        return None
    # the subject of the sentence before outranks names later in it (centering); a name
    # between that sentence and the pronoun, outside the quote, makes it unclear
    later = [
        v
        for v in doc.units
        if prev.end <= v.start < sp.start
        and not f.start <= v.start < f.end
        and v.normal != u.normal
        and v.type in {"PER", "ORG"}
    ]
    return None if later else u


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
    """«Рубио заявила», «Дана Уайт добавил»: the verb's agreement tells a person's gender, and
    outweighs the dictionary's guess from the name (Дана is also a woman's name)."""
    if doc.lang != "ru":
        return
    votes: dict[str, dict[str, int]] = {}
    for f in found:
        sp = f.speaker
        if sp is None or sp.kind != "PER" or sp.name is None or f.cue < 0:
            continue
        cue = doc.cue_at(f.cue)
        if cue is not None and cue.gender in {"masc", "femn"}:
            g = "m" if cue.gender == "masc" else "f"
            votes.setdefault(sp.name, {}).setdefault(g, 0)
            votes[sp.name][g] += 1
    for name, by_gender in votes.items():
        doc.genders[name] = max(by_gender, key=lambda g: by_gender[g])


def _resolve_descriptor(
    doc: _Doc, sp: _Speaker, f: _Found, per_units: list[_Unit]
) -> _Speaker | None:
    """A role noun that the text gave a named person earlier («вице-премьер Игорь Шувалов …
    — сказал вице-премьер», "President Jacob Zuma … the president said") is that person."""
    if sp.gender == "p":  # «в ведомстве рассказали»: an institution may still be named before
        head = _head_parse(doc, sp) if doc.lang == "ru" else None
        return None if head is not None and head.normal in _RU_INSTITUTION_NOUNS else sp
    wanted = _descriptor_lemmas(doc, sp)
    if not wanted:
        return sp
    para = doc.paragraph_of(sp.start)
    for u in reversed(per_units):
        if u.end > sp.start or f.start <= u.start < f.end:
            continue
        if para - doc.paragraph_of(u.start) > MAX_PRONOUN_PARAGRAPHS:
            break
        if wanted <= _role_lemmas(doc, u):
            return replace(sp, name=u.normal, kind=u.type)
    return None


def _same_speaker(doc: _Doc, sp: _Speaker, history: list[tuple[_Found, _Speaker]]) -> _Speaker:
    """«Лукашенко заявил … «…», — посетовал белорусский лидер»: a Russian descriptor of one
    person right after that person spoke, with nobody else named in between, is that person."""
    if doc.lang != "ru":
        return sp
    head = _head_parse(doc, sp)
    person = head is not None and "anim" in head.tag and sp.gender != "p"
    if not history:
        return _paragraph_subject(doc, sp, head) if person else sp
    g, prev = history[-1]
    if head is not None and prev.kind == "ORG" and head.normal in _RU_INSTITUTION_NOUNS:
        return _same_organisation(doc, sp, g, prev)
    if (
        not person
        or prev.kind not in {"PER", "PRON"}
        or prev.name is None
        or doc.paragraph_of(sp.start) - g.paragraph > 1
        or (head is not None and head.tag.gender == "femn" and _gender(doc, prev) == "m")
    ):
        return _paragraph_subject(doc, sp, head) if person else sp
    # another person named in between as a subject (not «встречах с Путиным») could be meant
    between = [
        u
        for u in doc.units
        if u.type == "PER"
        and prev.end <= u.start
        and u.end <= sp.start
        and u.normal != prev.name
        and _ru_unit_nominative(doc, u)
    ]
    if between:
        return _paragraph_subject(doc, sp, head)
    return replace(sp, name=prev.name, kind="PER")


def _paragraph_subject(doc: _Doc, sp: _Speaker, head: Any) -> _Speaker:
    """«… Пётр Ян перенёс операцию … При этом сам спортсмен признался»: a person's descriptor
    is the one person named as a subject (in the nominative) earlier in its paragraph, or in
    the paragraph before when its own names nobody."""
    if any(sp.start <= u.start < sp.end for u in doc.units):
        return sp  # «собеседник ТАСС»: someone of a named body, not a person named before
    para = doc.paragraph_of(sp.start)
    units: list[_Unit] = []
    for k in (para, para - 1):
        if k < 0 or units:
            break
        p_start = doc.para_spans[k][0]
        units = [
            u
            for u in doc.units
            if u.type == "PER" and p_start <= u.start and u.end <= sp.start
            and _ru_unit_nominative(doc, u) and not doc.in_quote[doc.tok_index(u.start)]
        ]  # fmt: skip
    if len({u.normal for u in units}) != 1:
        return sp
    name = units[0].normal
    if head is not None and head.tag.gender == "femn" and doc.genders.get(name) == "m":
        return sp
    # «глава государства» is not the «глава КГК» named: the same title, another complement
    wanted = _descriptor_lemmas(doc, sp)
    roles = set().union(*(_role_lemmas(doc, u) for u in units))
    if head is not None and str(head.normal) in roles and not wanted <= roles:
        return sp
    return replace(sp, name=name, kind="PER")


def _same_organisation(doc: _Doc, sp: _Speaker, g: _Found, prev: _Speaker) -> _Speaker:
    """«В МИД РФ рассказали … — рассказали в российском внешнеполитическом ведомстве»: an
    institution's descriptor right after an organisation spoke, with no other organisation
    named in between, is that organisation."""
    if prev.name is None or doc.paragraph_of(sp.start) - g.paragraph > 1:
        return sp
    between = [
        u
        for u in doc.units
        if u.type == "ORG" and prev.end <= u.start and u.end <= sp.start and u.normal != prev.name
    ]
    return sp if between else replace(sp, name=prev.name, kind="ORG")


def _head_parse(doc: _Doc, sp: _Speaker) -> Any | None:
    """The dictionary parse of a Russian descriptor's head noun (its first noun)."""
    for t in doc.toks[doc.tok_index(sp.start) : doc.tok_index(sp.end)]:
        if not t.is_word or t.i in doc.unit_of:
            return None  # a name inside: «пресс-служба Кремля», not a descriptor
        parses = doc.parse(t.text)
        if parses and parses[0].tag.POS == "NOUN":
            return parses[0]
    return None


def _descriptor_lemmas(doc: _Doc, sp: _Speaker) -> set[str]:
    """What a descriptor says of its person: its head noun and the nouns or names that
    complete it («глава государства» is not «глава КГК»). Empty when it is no descriptor:
    English needs a definite "the" ("the president", not "63 percent")."""
    toks = doc.toks[doc.tok_index(sp.start) : doc.tok_index(sp.end)]
    words = [t for t in toks if t.is_word]
    if not words:
        return set()
    if doc.lang == "en":
        return {words[-1].low} if words[0].low == "the" and len(words) > 1 else set()
    out: set[str] = set()
    for t in words:
        if t.i in doc.unit_of:
            out.update(doc.unit_of[t.i].normal.lower().split())
            continue
        parses = doc.parse(t.text)
        if parses and parses[0].tag.POS == "NOUN":
            out.add(str(parses[0].normal))
    return out


def _role_lemmas(doc: _Doc, u: _Unit) -> set[str]:
    """Words that stand as a title next to a person's name: the few words right before it
    in its sentence («первый вице-премьер Игорь Шувалов», "President Jacob Zuma") and an
    apposition right after it («Шувалов, вице-премьер,»)."""
    first, last = doc.tok_index(u.start), doc.tok_index(u.end - 1)
    if u.type != "PER" and doc.lang == "ru" and not _ru_unit_nominative(doc, u):
        return set()  # «юрист Комитета солдатских матерей»: a complement, not a titled name
    near: list[int] = []
    j = first - 1  # a name before the person counts as one word («глава МИД России Лавров»)
    while j >= 0 and len(near) < MAX_ROLE_WORDS and doc.toks[j].is_word:
        near.append(j)
        j = doc.tok_index(doc.unit_of[j].start) - 1 if j in doc.unit_of else j - 1
    if u.type != "PER":
        near = near[:1]  # «агентство Fitch»: the word that names what it is
    if doc.lang == "en":  # an English title is capitalised and touches the name
        if _title_case(doc, doc.paragraph_of(u.start)):
            return set()  # a headline: every word is capitalised
        near = [j for j in near if all(doc.toks[k].text[:1].isupper() for k in range(j, first))]
    if last + 1 < len(doc.toks) and doc.toks[last + 1].text == ",":
        # an apposition closed by a comma («Шувалов, вице-премьер, …»), not the next clause
        after = range(last + 2, min(len(doc.toks), last + 3 + MAX_ROLE_WORDS))
        close = next((j for j in after if doc.toks[j].text == ","), None)
        if close is not None:
            near += list(range(last + 2, close))
    out: set[str] = set()
    for j in near:
        tok = doc.toks[j]
        if not tok.is_word or doc.in_quote[j]:
            continue
        if j in doc.unit_of:
            out.update(doc.unit_of[j].normal.lower().split())
        elif doc.lang == "en":
            out.add(tok.low)
        else:
            out.update(str(p.normal) for p in doc.parse(tok.text)[:2] if p.tag.POS == "NOUN")
    return out


def _title_case(doc: _Doc, para: int) -> bool:
    """A paragraph written in title case (a headline), where capitals say nothing."""
    p_start, p_end = doc.para_spans[para]
    words = [w for w in doc.text[p_start:p_end].split() if w[:1].isalpha()]
    return len(words) >= MIN_TITLE_WORDS and all(w[:1].isupper() for w in words)
