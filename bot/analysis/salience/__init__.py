"""Salience: which people, organisations and places a story is about, in order.

Pure: the text, its sentences, mentions, quotes and provenance in; the ordered ``who`` and
``where`` out. A mention's weight comes from where it stands in the text, read by structure,
not by names: the headline and the lead weigh most; a mention inside a direct quote, a quoted
passage or a caption line (a short line that is no sentence) weighs little, since people
named only there are not the story's actors; an outlet the text cites as its source
(«пишет X», "according to X", «рассказал “Известиям”», "(X) -") is no actor at all. A place
weighs by how the text uses it: «в Москве» (where things happen) over «в Москву» (where
someone goes) over «МИД России» (a place qualifying a name); the dateline's place and the
headline's places lead; a street or a building counts less than its city.

The parts: ``spans`` (where a mention stands: quoted passages, caption lines, the
headline), ``who`` (people and organisations) and ``where`` (places).
"""

from __future__ import annotations

from bot.analysis.salience.spans import caption_spans, quoted_spans
from bot.analysis.salience.where import place_scores, place_use, rank_places
from bot.analysis.salience.who import acronym_glosses, choose_who, is_cited, rank_entities

__all__ = [
    "acronym_glosses",
    "caption_spans",
    "choose_who",
    "is_cited",
    "place_scores",
    "place_use",
    "quoted_spans",
    "rank_entities",
    "rank_places",
]
