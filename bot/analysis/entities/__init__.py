"""Named entities: mentions in dictionary form, surnames resolved, roles, importance.

Russian mentions come from natasha's NER tagger (slovnet), English ones from the CRF of
``en_ner``. Russian names are put in their dictionary form with pymorphy2 directly (not with
natasha's morphology tagger, which would double the cost of analysis): the case shared by
the words of a mention is chosen first, then each word is inflected to the nominative.

The parts, one module each: ``words`` (dictionary readings and word helpers every part
uses), ``declension`` (the regular case endings of names the dictionary does not decline),
``normal`` (a name's dictionary form: its readings, chosen in context), ``mentions`` (the
taggers' mentions and ``find_mentions``), ``names`` (one name per person: full-name forms
merged, lone surnames resolved), ``descriptors`` (organisations as the fact line counts
them), ``roles`` (people's roles) and ``bodies`` (bodies named by their kind).
"""

from __future__ import annotations

from bot.analysis.entities.bodies import body_mentions
from bot.analysis.entities.descriptors import merge_compound_orgs
from bot.analysis.entities.mentions import find_mentions, ru_mentions
from bot.analysis.entities.names import HONORIFICS
from bot.analysis.entities.normal import normalize_person, normalize_phrase
from bot.analysis.entities.roles import find_roles
from bot.analysis.entities.words import NORMAL_CACHE_SIZE

__all__ = [
    "HONORIFICS",
    "NORMAL_CACHE_SIZE",
    "body_mentions",
    "find_mentions",
    "find_roles",
    "merge_compound_orgs",
    "normalize_person",
    "normalize_phrase",
    "ru_mentions",
]
