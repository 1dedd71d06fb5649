"""natasha's Russian NER spans brought to factRuEval's annotation conventions.

natasha (slovnet ``NewsNERTagger``) finds most names but often draws their edges, and for a
few names their type, otherwise than factRuEval annotates them (Org = the org_name span
only, LocOrg = LOC, Person = the whole name). The rules here are small, local and ordered;
each is a function ``(text, spans, nlp) -> spans``, applied in the order of ``RULES``:

* ``split_brackets``: a mention never crosses a bracket or an unmatched quote:
  «Комитет защиты журналистов (КЗЖ)» is two mentions, «ПАСЕ (» is «ПАСЕ» (every type).
* ``strip_legal_forms``: «ОАО «Газпром»» → «Газпром», «ИА Regnum» → «Regnum».
* ``retype_known``: the European Union, which natasha takes for a place, is an organisation.
* ``drop_non_names``: «СМИ» (the media) and a legal form standing alone name nothing.
* ``strip_leading_person_noun``: «Исследователи Брукхейвенской лаборатории» → the laboratory.
* ``retype_facilities``: a facility's name is a place: «аэропорт «Домодедово»».
* ``drop_vehicles``: «шаттл «Дискавери»», «станции «Мир»» name vehicles, not organisations.
* ``add_names_after_kind``: «партии «Dog with two tails»», «центра «Кин-Топ»» are ORG.
* ``add_parenthesised``: «… (КЗЖ)», ««Фольксваген» (Volkswagen)»: the alias is a mention too.
* ``retype_after_kind``: «команда Феррари» is a team, not a person.
* ``propagate_names``: a name tagged once is tagged in its other case forms in the text,
  unless the text leaves most of them bare («Brexit» once ORG, five times untagged).
* ``extend_scope_adjective``: «японского МИДа», «российского Минсельхоза» as a whole.
* ``add_described_bodies``: «американского министерства иностранных дел» is a name.

benchmarks/bench_entities.py scores them together and without each rule in turn, on
factRuEval-2016 dev (the target) and BSNLP-2019 ru (other conventions: a check that a rule
is no artefact of one corpus); the rules' word lists were chosen from factRuEval dev errors
and general Russian usage, and kept only where that table shows a gain. About 0.2 ms per
3,000-character article: every word-level fact is cached and each rule looks only around
the spans (or at quotes and brackets).

The rules live in ``edges`` (where a name starts and ends), ``kinds`` (what a span names:
its type changed, or dropped) and ``added`` (names natasha missed); ``words`` holds the
text and lemma helpers they share.
"""

from __future__ import annotations

from bot.analysis.models import NlpModels
from bot.analysis.ru_spans.added import (
    add_described_bodies,
    add_names_after_kind,
    add_parenthesised,
    propagate_names,
)
from bot.analysis.ru_spans.edges import (
    extend_scope_adjective,
    split_brackets,
    strip_leading_person_noun,
    strip_legal_forms,
)
from bot.analysis.ru_spans.kinds import (
    drop_non_names,
    drop_vehicles,
    retype_after_kind,
    retype_facilities,
    retype_known,
)
from bot.analysis.ru_spans.words import Rule, Span

__all__ = ["RULES", "Rule", "Span", "apply_rules", "refine_ru_spans"]


RULES: tuple[tuple[str, Rule], ...] = (
    ("split_brackets", split_brackets),
    ("strip_legal_forms", strip_legal_forms),
    ("retype_known", retype_known),
    ("drop_non_names", drop_non_names),
    ("strip_leading_person_noun", strip_leading_person_noun),
    ("retype_facilities", retype_facilities),
    ("drop_vehicles", drop_vehicles),
    ("add_names_after_kind", add_names_after_kind),
    ("add_parenthesised", add_parenthesised),
    ("retype_after_kind", retype_after_kind),
    ("propagate_names", propagate_names),
    ("extend_scope_adjective", extend_scope_adjective),
    ("add_described_bodies", add_described_bodies),
)


def apply_rules(
    text: str, spans: list[Span], nlp: NlpModels, rules: tuple[tuple[str, Rule], ...] = RULES
) -> list[Span]:
    """Apply ``rules`` in order; the result is sorted and free of duplicates."""
    for _, rule in rules:
        spans = rule(text, spans, nlp)
    return sorted(set(spans))


def refine_ru_spans(text: str, spans: list[Span], nlp: NlpModels) -> list[Span]:
    """natasha's spans ``(start, stop, type)`` brought to factRuEval's conventions."""
    return apply_rules(text, spans, nlp, RULES)
