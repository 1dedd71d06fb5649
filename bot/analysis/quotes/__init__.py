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

The stages, one module each, in the order they run: ``lexicon`` (tuned limits, reporting
verbs and word lists), ``document`` (tokens, paragraphs, mentions, quote marks), ``phrases``,
``ru_subjects``, ``en_subjects`` and ``speakers`` (who a cue attributes to), ``direct`` (with
``unmarked``: dash dialogue and colon paragraphs) and ``reported`` (the two finders),
``resolve`` (genders, pronouns and descriptors, the final ``Quote`` records).

A direct quote split by its attribution («A, — сказал он, — B»; "A," he said. "B") reads as
its pieces joined with " … "; ``start``/``end`` run from its first quoted word to its last.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.analysis.models import NlpModels
from bot.analysis.quotes.direct import _direct_quotes
from bot.analysis.quotes.document import _Doc
from bot.analysis.quotes.reported import _reported
from bot.analysis.quotes.resolve import _drop_nested, _learn_genders, _learn_verb_genders, _resolve
from bot.models import Mention, Quote, Sentence


def find_quotes(
    text: str,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    lang: str,
    nlp: NlpModels,
    *,
    named_only: bool = False,
) -> list[Quote]:
    """Direct quotes and reported speech with their speakers, in text order.

    ``named_only``: only a speaker the text names (a person, organisation or place, a
    pronoun or descriptor resolved to one, a phrase holding a name) is given; a bare
    descriptor or pronoun («юрист», "the report") leaves the quote without a speaker, its
    words still marked by ``speaker_start``/``speaker_end``. What the summary shows.
    """
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
    return _resolve(doc, direct + reported, named_only=named_only)


__all__ = ["find_quotes"]
