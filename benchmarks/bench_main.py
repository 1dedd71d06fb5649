"""Main actors among the first 5 ``who`` and main place among the first 3 ``where`` (factRuEval).

Data: ``../shared/eval/ner/factru_dev.jsonl`` (122 Russian news texts, gold PER/ORG/LOC spans,
no entity ids). Every document is in half A or B by ``int(sha1(id).hexdigest(), 16) % 2``
(0 = A), as in the other benchmarks: write rules from half A, check them on half B.

    .venv/bin/python benchmarks/bench_main.py [--errors A|B|all]

What is "main", from the GOLD annotation only (never from our output), as an editor reads it:

- Entities. Gold mentions are grouped into entities by their words' pymorphy2 lemmas
  (lowercase, ё→е): a person by the lemma of the last word (the surname); a one-word person
  mention joins the person whose name has that word (a first name or surname alone); an
  organisation or place by the tuple of its lemmas.
- The headline is the first line when it is a headline (followed by a blank line, no longer
  than 200 characters, not ending in "." ); otherwise the first sentence of the text (the lead).
- Main actors: every person or organisation named in the headline, plus the person or
  organisation mentioned most in the whole text when it is mentioned at least twice (ties:
  the one named first). A document with none (one-off names only) counts for no actor.
  An organisation every mention of which is cited as the source of the news («как сообщает
  Agence France-Presse», «по данным Reuters», "according to AP", «в интервью газете «Труд»»)
  only relays the story: it is no actor (issue 10: agencies and outlets never appear in
  ``who``).
- Main place: one place, the one with the most mentions, a mention in the headline counting
  HEADLINE_PLACE_WEIGHT more (ties: the one named first). A document with no gold place does
  not count.
- A second table reads "main" by frequency alone (the most mentioned actor, >= 2 mentions;
  the most mentioned place), as a check that a figure does not hang on the definition.

Matching a shown name to a gold entity (lenient on dictionary form, since this measures order,
not normalisation): words lemmatised as above; a person matches when the lemma of the shown
name's last word is a surname lemma of the entity, or shares all but its last two letters
with one (at least 4 letters); an organisation or place matches when the shown name's lemma
set contains a gold mention's lemma set or is contained in it. The kind shown is not checked.

Systems: newsbrief as the CLI runs it (``ingest.prepare`` of the text as pasted text, then
``summarize_prepared``); and a baseline, natasha's own NER spans grouped by the same keys and
ordered by how often they are mentioned (ties: first mention first).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FACTRU_DEV = ROOT.parent / "shared" / "eval" / "ner" / "factru_dev.jsonl"
SHOWN_WHO = 5
SHOWN_WHERE = 3
HEADLINE_MAX_CHARS = 200
MIN_FUZZY = 4
# A place the headline names is where the story is, unless the text keeps naming another one
# (fixed when the measure was defined, before any output was looked at; not tuned).
HEADLINE_PLACE_WEIGHT = 2
_CITING = re.compile(
    r"(?:\b(?:сообща\w*|пиш\w+|переда\w+|по\s+данным|со\s+ссылкой\s+на|по\s+сообщению|"
    r"по\s+информации|в\s+(?:\w+\s+)?интервью|according\s+to|reported\s+by|told)\s+(?:(?:агентств\w*|газет\w*|"
    r"издани\w*|телеканал\w*|the)\s+)?[«\"“]?)$",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+(?:-\w+)*")


def half_of(doc_id: str) -> str:
    """'A' or 'B' by a stable hash of the id."""
    return "AB"[int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 2]  # noqa: S324


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy2_dicts_ru
    from pymorphy2 import MorphAnalyzer

    return MorphAnalyzer(path=pymorphy2_dicts_ru.get_path())


@lru_cache(maxsize=50000)
def lemma(word: str) -> str:
    """The pymorphy2 lemma of a word, lowercase, ё→е (Latin words lowercased)."""
    low = word.lower().replace("ё", "е")
    if not re.search("[а-я]", low):
        return low
    return str(_morph().parse(low)[0].normal_form).replace("ё", "е")


def lemmas(text: str) -> tuple[str, ...]:
    """Lemmas of the words of a name."""
    return tuple(lemma(w) for w in _WORD.findall(text))


@dataclass
class GoldEntity:
    """One gold entity: its type, the lemma tuples of its mentions, where it is named."""

    type: str
    keys: set[tuple[str, ...]] = field(default_factory=set)
    count: int = 0
    first: int = 0
    in_headline: bool = False
    label: str = ""
    cited: int = 0  # mentions that cite it as the source of the news

    def surnames(self) -> set[str]:
        """Last-word lemmas of its multi-word mentions (or of all, if none has two words)."""
        long = {k[-1] for k in self.keys if len(k) > 1}
        return long or {k[-1] for k in self.keys if k}


def headline_end(text: str) -> int:
    """Where the headline ends (see the module docstring)."""
    first, sep, _rest = text.partition("\n")
    if sep and text[len(first) + 1 : len(first) + 2] == "\n":
        line = first.strip()
        if line and len(line) <= HEADLINE_MAX_CHARS and not line.endswith("."):
            return len(first)
    m = re.search(r"[.!?…](?=\s|$)", text)
    return m.end() if m else len(text)


def group(spans: Sequence[tuple[int, int, str]], text: str) -> list[GoldEntity]:
    """Mentions grouped into entities by lemma (see the module docstring)."""
    head = headline_end(text)
    by_key: dict[tuple[str, tuple[str, ...]], GoldEntity] = {}
    singles: list[tuple[int, int, str, tuple[str, ...]]] = []
    for start, end, typ in sorted(spans):
        key = lemmas(text[start:end])
        if not key:
            continue
        if typ == "PER" and len(key) == 1:
            singles.append((start, end, typ, key))
            continue
        gkey = (typ, key[-1:]) if typ == "PER" else (typ, key)
        ent = by_key.setdefault(gkey, GoldEntity(typ, first=start, label=text[start:end]))
        ent.keys.add(key)
        ent.count += 1
        ent.in_headline |= start < head
        ent.cited += bool(_CITING.search(text[max(0, start - 40) : start]))
    for start, end, typ, key in singles:
        owner = next(
            (
                e
                for (t, _k), e in by_key.items()
                if t == "PER" and any(key[0] in k for k in e.keys)
            ),
            None,
        )
        if owner is None:
            owner = by_key.setdefault(
                (typ, key), GoldEntity(typ, first=start, label=text[start:end])
            )
        owner.keys.add(key)
        owner.count += 1
        owner.first = min(owner.first, start)
        owner.in_headline |= start < head
    return list(by_key.values())


def main_actors(entities: list[GoldEntity]) -> list[GoldEntity]:
    """People and organisations named in the headline, plus the most mentioned one (>= 2)."""
    pool = [e for e in entities if e.type in {"PER", "ORG"} and e.cited < e.count]
    chosen = [e for e in pool if e.in_headline]
    if pool:
        top = min(pool, key=lambda e: (-e.count, e.first))
        if top.count >= 2 and top not in chosen:
            chosen.append(top)
    return chosen


def main_place(entities: list[GoldEntity], headline_weight: int) -> GoldEntity | None:
    """The place mentioned most, a headline mention weighing ``headline_weight`` more."""
    pool = [e for e in entities if e.type == "LOC"]
    if not pool:
        return None
    return min(pool, key=lambda e: (-(e.count + headline_weight * e.in_headline), e.first))


def top_actor(entities: list[GoldEntity]) -> list[GoldEntity]:
    """The second reading: the person or organisation mentioned most (>= 2), alone."""
    pool = [e for e in entities if e.type in {"PER", "ORG"} and e.cited < e.count]
    top = min(pool, key=lambda e: (-e.count, e.first)) if pool else None
    return [top] if top is not None and top.count >= 2 else []


def _close(a: str, b: str) -> bool:
    if a == b:
        return True
    n = max(len(a), len(b)) - 2
    return n >= MIN_FUZZY and a[:n] == b[:n]


def matches(shown: str, gold: GoldEntity) -> bool:
    """Whether a shown name is the gold entity (see the module docstring)."""
    got = lemmas(shown)
    if not got:
        return False
    if gold.type == "PER":
        return any(_close(got[-1], s) for s in gold.surnames())
    mine = set(got)
    return any(set(k) <= mine or mine <= set(k) for k in gold.keys)


@dataclass
class Tally:
    """Hits and totals per half."""

    hit: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)

    def add(self, half: str, ok: bool) -> None:
        for h in (half, "all"):
            self.hit[h] += ok
            self.total[h] += 1

    def cell(self, half: str) -> str:
        n = self.total[half]
        return f"{self.hit[half] / n:.3f} ({n})" if n else "—"


Ranker = Callable[[dict[str, Any]], tuple[list[str], list[str]]]


def newsbrief() -> Ranker:
    """The product, as ``summarize --batch`` runs on a pasted text."""
    from bot.analysis.models import load
    from bot.services import ingest

    nlp = load()

    def rank(doc: dict[str, Any]) -> tuple[list[str], list[str]]:
        prepared = ingest.prepare(doc["text"], lang="ru", is_html=False)
        summary = ingest.summarize_prepared(prepared, nlp)
        return [e.name for e in summary.who], list(summary.where)

    return rank


def natasha_frequency() -> Ranker:
    """Baseline: natasha's NER spans grouped by lemma and ordered by mention count."""
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())

    def rank(doc: dict[str, Any]) -> tuple[list[str], list[str]]:
        nd = Doc(doc["text"])
        nd.segment(segmenter)
        nd.tag_ner(tagger)
        spans = [(s.start, s.stop, s.type) for s in nd.spans]
        ents = sorted(group(spans, doc["text"]), key=lambda e: (-e.count, e.first))
        who = [e.label for e in ents if e.type in {"PER", "ORG"}]
        where = [e.label for e in ents if e.type == "LOC"]
        return who, where

    return rank


def score(
    docs: list[dict[str, Any]], rank: Ranker, errors: str | None, name: str
) -> tuple[Tally, Tally, Tally, Tally]:
    """Main-actor and main-place tallies of one system, by both readings of "main"."""
    actors, places, top_actors, top_places = Tally(), Tally(), Tally(), Tally()
    for doc in docs:
        half = half_of(doc["id"])
        spans = [(e["start"], e["end"], e["type"]) for e in doc["entities"]]
        ents = group(spans, doc["text"])
        actors_wanted = main_actors(ents)
        place = main_place(ents, HEADLINE_PLACE_WEIGHT)
        top_place = main_place(ents, 0)
        try:
            who, where = rank(doc)
        except Exception as exc:
            who, where = [], []
            print(f"{doc['id']}: {exc!r}", file=sys.stderr)
        who, where = who[:SHOWN_WHO], where[:SHOWN_WHERE]
        missed = []
        for e in actors_wanted:
            ok = any(matches(w, e) for w in who)
            actors.add(half, ok)
            if not ok:
                missed.append(e.label)
        for e in top_actor(ents):
            top_actors.add(half, any(matches(w, e) for w in who))
        if top_place is not None:
            top_places.add(half, any(matches(w, top_place) for w in where))
        place_ok = True
        if place is not None:
            place_ok = any(matches(w, place) for w in where)
            places.add(half, place_ok)
        if errors in {half, "all"} and (missed or not place_ok):
            print(f"[{half}] {name} {doc['id']}: {doc['text'][:80]!r}")
            if missed:
                print(f"    who {who} misses {missed}")
            if not place_ok:
                print(f"    where {where} (want {place.label if place else None})")
    return actors, places, top_actors, top_places


def main() -> None:
    """Print the table for newsbrief and the baseline, per half."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--errors", choices=["A", "B", "all"], help="list misses of a half")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    with FACTRU_DEV.open(encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]
    if args.limit:
        docs = docs[: args.limit]
    counts = Counter(half_of(d["id"]) for d in docs)
    print(f"factRuEval dev: {len(docs)} documents (A {counts['A']}, B {counts['B']})\n")
    header = (
        "| system | main actors in first 5 `who`: A | B | all "
        "| main place in first 3 `where`: A | B | all |\n|---|---|---|---|---|---|---|"
    )
    rows: list[list[str]] = [[], []]
    for name, make in (
        ("natasha spans by frequency", natasha_frequency),
        ("newsbrief", newsbrief),
    ):
        tallies = score(docs, make(), args.errors, name)
        for i, (actors, places) in enumerate((tallies[:2], tallies[2:])):
            cells = [actors.cell(h) for h in ("A", "B", "all")] + [
                places.cell(h) for h in ("A", "B", "all")
            ]
            rows[i].append(f"| {name} | " + " | ".join(cells) + " |")
    print(header, *rows[0], sep="\n")
    print("\nSecond reading (a check on the definition): the most mentioned actor alone, the")
    print("most mentioned place alone (the headline not counted).\n")
    print(header, *rows[1], sep="\n")
    print("\n(n) = main actors, or documents with a main place")


if __name__ == "__main__":
    main()
