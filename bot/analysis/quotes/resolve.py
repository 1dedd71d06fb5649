"""Speaker resolution: genders, pronouns and inherited subjects, and the final Quote records."""

from __future__ import annotations

from dataclasses import replace

from bot.analysis.quotes.document import _Doc
from bot.analysis.quotes.lexicon import _EN_GENDER_TITLES, MAX_PRONOUN_PARAGRAPHS
from bot.analysis.quotes.records import _Found, _Speaker, _Unit
from bot.models import Quote


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
        text = (
            " … ".join(doc.text[s:e] for s, e in f.pieces)
            if f.pieces
            else doc.text[f.start : f.end]
        )
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
