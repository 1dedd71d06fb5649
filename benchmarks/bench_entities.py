"""Entity F1 per type (PER, LOC, ORG), exact and overlap match, English and Russian.

English: CoNLL-2003 dev (eng.testa), one record per sentence as the file has it (MISC gold
ignored); also the same sentences re-assembled into their documents, which is how the
product sees text (the tagger's document-level consistency pass only acts there), as a whole
and per half (A/B by sha1 of the document's first sentence id).
Russian: factRuEval-2016 dev, natasha alone against newsbrief's ``find_mentions``; BSNLP-2019
(ru) as a secondary table: its gold lists document-level names located in the text, so
mentions it does not list count as false positives. Every Russian table is given for half A,
half B and the whole set: a document is in half A or B by a stable hash of its id
(``sha1(id) % 2``, 0 = A); rules are written from half A and checked on half B. Under each
Russian table, an ablation of ``bot.analysis.ru_spans`` (the rules that bring natasha's spans
to factRuEval's conventions): natasha's spans with every rule, and without each one in turn
(exact F1 per half; Δ = what removing the rule changes, in points of F1 per type).

What the product emits is scored beside ``find_mentions``: "newsbrief JSON" runs each text the
way ``summarize --batch --details`` does (``ingest.prepare`` of the plain text, then
``summarize_prepared``) and scores the JSON ``entities`` (start, end, type) after mapping their
offsets from the analysed ``text`` back to the input. The cleaner takes a headline line off
as the title and ``merge_compound_orgs``/``mark_dateline`` redraw some spans, so this row can
differ from ``find_mentions``; a gold mention in a line that left the text counts as missed.
"mapped by one shift" shows what a harness that only locates the analysed text in its input
would score: the cleaner's edits inside the text (zero-width spaces, doubled spaces, an agency
dateline's " - " made a paragraph break) put every later mention off.

BSNLP's ids name four topics (asia_bibi, brexit, nord_stream, ryanair): each topic is scored
on its own as well (leave one topic out: a rule written from three topics is checked on the
fourth), and a second ablation gives, per type, each rule's effect on every half and topic:
"alone" = natasha's spans with only this rule minus natasha alone, "in all" = all rules
minus all rules but this one (points of exact F1). A rule should not lose on any column.

    .venv/bin/python benchmarks/bench_entities.py [--only en|ru] [--limit N]
"""

from __future__ import annotations

import argparse
import difflib
import functools
import hashlib
import itertools
import json
import re
import shlex
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ner_scoring import TYPES, NerScore, Span, markdown_table

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval" / "ner"
CONLL_DEV = EVAL / "conll2003_testa_en.jsonl"
FACTRU_DEV = EVAL / "factru_dev.jsonl"
BSNLP_RU = EVAL / "bsnlp2019_ru.jsonl"

# A CoNLL document starts with the headline before its dateline ("LONDON 1996-08-30").
_DATELINE = re.compile(r"^[A-Z][A-Za-z .,/-]* \d{4}-\d\d-\d\d$")

Doc = tuple[str, list[Span]]
HALVES = ("A", "B", "all")
BSNLP_TOPICS = ("asia_bibi", "brexit", "nord_stream", "ryanair")
System = Callable[[str], Iterable[Span]]


def read_jsonl(path: Path, limit: int | None) -> list[dict[str, Any]]:
    """Records of a JSON lines file (the first ``limit`` ones)."""
    with path.open(encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    return records[:limit] if limit else records


def half_of(doc_id: str) -> str:
    """'A' or 'B' by a stable hash of the id."""
    return "AB"[int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 2]  # noqa: S324


def split_halves(records: list[dict[str, Any]]) -> dict[str, list[Doc]]:
    """The records' documents in half A, half B and all together."""
    docs = as_docs(records)
    halves: dict[str, list[Doc]] = {h: [] for h in HALVES}
    for record, doc in zip(records, docs, strict=True):
        halves[half_of(record["id"])].append(doc)
    halves["all"] = docs
    return halves


def topic_of(doc_id: str) -> str | None:
    """The BSNLP topic named in ``doc_id`` (None for other corpora)."""
    return next((t for t in BSNLP_TOPICS if t in doc_id), None)


def split_topics(records: list[dict[str, Any]]) -> dict[str, list[Doc]]:
    """The records' documents per BSNLP topic (empty for other corpora)."""
    topics: dict[str, list[Doc]] = {}
    for record, doc in zip(records, as_docs(records), strict=True):
        topic = topic_of(record["id"])
        if topic is not None:
            topics.setdefault(topic, []).append(doc)
    return topics


def as_docs(records: list[dict[str, Any]]) -> list[Doc]:
    """(text, gold spans) of each record."""
    return [
        (r["text"], [(e["start"], e["end"], e["type"]) for e in r["entities"]]) for r in records
    ]


def conll_documents(records: list[dict[str, Any]]) -> list[Doc]:
    """CoNLL sentences joined by newlines into the documents they came from."""
    return [doc for _, doc in conll_documents_with_ids(records)]


def conll_halves(records: list[dict[str, Any]]) -> dict[str, list[Doc]]:
    """CoNLL documents in half A and half B (by the id of the document's first sentence)."""
    halves: dict[str, list[Doc]] = {"A": [], "B": []}
    for doc_id, doc in conll_documents_with_ids(records):
        halves[half_of(doc_id)].append(doc)
    return halves


def conll_documents_with_ids(records: list[dict[str, Any]]) -> list[tuple[str, Doc]]:
    """(id of the first sentence, document) of each CoNLL document."""
    starts = [0]
    starts += [i - 1 for i, r in enumerate(records) if i > 1 and _DATELINE.match(r["text"])]
    starts.append(len(records))
    docs: list[tuple[str, Doc]] = []
    for a, b in itertools.pairwise(starts):
        text = ""
        gold: list[Span] = []
        for r in records[a:b]:
            offset = len(text)
            gold += [(e["start"] + offset, e["end"] + offset, e["type"]) for e in r["entities"]]
            text += r["text"] + "\n"
        if text:
            docs.append((records[a]["id"], (text, gold)))
    return docs


def run(system: System, docs: list[Doc]) -> NerScore:
    """Score ``system`` on ``docs``, timing the system calls only."""
    score = NerScore()
    for text, gold in docs:
        started = time.perf_counter()
        pred = list(system(text))
        score.seconds += time.perf_counter() - started
        score.add(gold, pred)
    return score


def try_run(make: Callable[[], System], docs: list[Doc]) -> NerScore | None:
    """``run``, or None when the system is not there yet (its module is being written).

    The systems import their modules inside their factories so that a missing module only
    blanks its own row.
    """
    try:
        system = make()
        return run(system, docs)
    except (ImportError, AttributeError) as e:
        print(f"(system unavailable: {e!r})", file=sys.stderr)
        return None


def en_tagger() -> System:
    """Our CRF tagger."""
    from bot.analysis.en_ner import EnNerTagger

    return EnNerTagger.load().tag


def natasha_alone() -> System:
    """natasha's segmenter and news NER tagger, spans as they come."""
    from natasha import Doc as NatashaDoc
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    segmenter = Segmenter()
    tagger = NewsNERTagger(NewsEmbedding())

    def tag(text: str) -> list[Span]:
        doc = NatashaDoc(text)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
        return [(s.start, s.stop, s.type) for s in doc.spans]

    return tag


def newsbrief_ru() -> System:
    """The product's mentions: ``bot.analysis.entities.find_mentions``."""
    from bot.analysis import models
    from bot.analysis.entities import find_mentions

    nlp = models.load()

    def tag(text: str) -> list[Span]:
        return [(m.start, m.end, m.type) for m in find_mentions(text, "ru", nlp)]

    return tag


def newsbrief_json(lang: str = "ru", *, one_shift: bool = False) -> System:
    """The product's JSON ``entities``, as ``summarize --batch --details`` emits them.

    The text goes through ``ingest.prepare`` (plain text: ``clean_text``, which may take a
    headline line off as the title) and ``summarize_prepared``; each mention's offsets in the
    analysed text are mapped back to the input by alignment (``map_offsets``), or, with
    ``one_shift``, by the one shift that puts the analysed text's start where it is in the
    input (what a harness that only looks for the text in its input would do; every mention
    after an edit inside the text is then off). A text the product refuses emits nothing.
    """

    def tag(text: str) -> list[Span]:
        data = _product_json(text, lang)
        if data is None:
            return []
        spans = [(e["start"], e["end"], e["type"]) for e in data["entities"]]
        if one_shift:
            shift = max(text.find(data["text"].lstrip()[:40]), 0)
            return [(s + shift, e + shift, t) for s, e, t in spans]
        return map_offsets(data["text"], text, spans)

    return tag


@functools.lru_cache(maxsize=1024)
def _product_json(text: str, lang: str) -> dict[str, Any] | None:
    """``summarize --details`` JSON of ``text`` (None when the product refuses it), cached."""
    from bot.analysis import models
    from bot.analysis.summarize import summary_as_dict
    from bot.errors import NewsbriefError
    from bot.services import ingest

    try:
        prepared = ingest.prepare(text, lang=lang, is_html=False)
        summary = ingest.summarize_prepared(prepared, models.load())
        return summary_as_dict(ingest.as_given(summary, prepared), details=True)
    except NewsbriefError:
        return None


def map_offsets(analysed: str, original: str, spans: list[Span]) -> list[Span]:
    """``spans`` of ``analysed`` as spans of ``original`` (its source), where they align.

    The cleaner removes lines and whitespace but never rewrites a name, so a character
    alignment (difflib) carries each mention's first and last character across; a mention
    whose edges fall in removed or changed text is dropped.
    """
    if analysed == original:
        return spans
    matcher = difflib.SequenceMatcher(None, analysed, original, autojunk=False)
    where: dict[int, int] = {}
    for a, b, size in matcher.get_matching_blocks():
        where.update((a + k, b + k) for k in range(size))
    out = []
    for start, end, kind in spans:
        first, last = where.get(start), where.get(end - 1)
        if first is not None and last is not None and last - first == end - 1 - start:
            out.append((first, last + 1, kind))
    return out


def ru_ablation(groups: dict[str, list[Doc]]) -> dict[str, list[tuple[str, NerScore]]]:
    """natasha's spans through ``ru_spans.RULES`` per group of documents.

    Variants: no rule, all rules, all but each rule ("without <rule>") and each rule on its
    own ("only <rule>"). natasha tags each document once.
    """
    from bot.analysis import models
    from bot.analysis.ru_spans import RULES, apply_rules

    nlp = models.load()
    variants = [("natasha spans, no rule", ()), ("all rules", RULES)]
    variants += [(f"without {name}", tuple(r for r in RULES if r[0] != name)) for name, _ in RULES]
    variants += [(f"only {name}", tuple(r for r in RULES if r[0] == name)) for name, _ in RULES]
    natasha: dict[str, list[Span]] = {}
    out: dict[str, list[tuple[str, NerScore]]] = {}
    for group, docs in groups.items():
        tagged = []
        for text, gold in docs:
            if text not in natasha:
                natasha[text] = [(s.start, s.stop, s.type) for s in nlp.ru_ner(text).spans]
            tagged.append((text, gold, natasha[text]))
        rows = []
        for label, rules in variants:
            score = NerScore()
            for text, gold, spans in tagged:
                started = time.perf_counter()
                pred = apply_rules(text, list(spans), nlp, rules)
                score.seconds += time.perf_counter() - started
                score.add(gold, pred)
            rows.append((label, score))
        out[group] = rows
    return out


def rule_effects_table(by_group: dict[str, list[tuple[str, NerScore]]], kind: str) -> str:
    """Per rule, points of exact F1 of ``kind`` it adds alone and in all, in every group."""
    head = ["rule", *(f"{g} alone / in all" for g in by_group)]
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    scores = {g: dict(rows) for g, rows in by_group.items()}
    base = [("natasha alone", "natasha spans, no rule"), ("all rules", "all rules")]
    for label, key in base:
        cells = [f"{scores[g][key].f1(kind, overlap=False):.3f}" for g in by_group]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    names = [n.removeprefix("only ") for n, _ in next(iter(by_group.values())) if n[:5] == "only "]
    for name in names:
        cells = [name]
        for g in by_group:
            f = {k: v.f1(kind, overlap=False) for k, v in scores[g].items()}
            alone = f[f"only {name}"] - f["natasha spans, no rule"]
            in_all = f["all rules"] - f[f"without {name}"]
            cells.append(f"{100 * alone:+.1f} / {100 * in_all:+.1f}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def ablation_table(by_half: dict[str, list[tuple[str, NerScore]]]) -> str:
    """Exact F1 per type and half of each variant, and its difference from "all rules"."""
    head = ["rules"]
    head += [f"{k} {h}" for h in by_half for k in TYPES]
    head += [f"Δ {k} {h}" for h in by_half for k in TYPES]
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    names = [name for name, _ in next(iter(by_half.values()))]
    for i, name in enumerate(names):
        if name.startswith("only "):
            continue
        cells = [name]
        deltas = []
        for rows in by_half.values():
            score, full = rows[i][1], dict(rows)["all rules"]
            for k in TYPES:
                f = score.f1(k, overlap=False)
                cells.append(f"{f:.3f}")
                deltas.append(f"{100 * (f - full.f1(k, overlap=False)):+.1f}")
        lines.append("| " + " | ".join(cells + deltas) + " |")
    return "\n".join(lines)


def main() -> None:
    """Score every system on every corpus and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["en", "ru"])
    parser.add_argument("--limit", type=int, help="first N records of each file (quick runs)")
    args = parser.parse_args()

    if args.only in (None, "en"):
        records = read_jsonl(CONLL_DEV, args.limit)
        rows = [
            ("EnNerTagger, sentences", try_run(en_tagger, as_docs(records))),
            ("EnNerTagger, documents", try_run(en_tagger, conll_documents(records))),
            (
                "newsbrief JSON, documents",
                try_run(lambda: newsbrief_json("en"), conll_documents(records)),
            ),
        ]
        halves = conll_halves(records)
        rows += [
            (f"EnNerTagger, documents, half {h}", try_run(en_tagger, halves[h])) for h in "AB"
        ]
        print(f"\n### English: CoNLL-2003 dev (eng.testa), {len(records)} sentences\n")
        print(markdown_table(rows))
    if args.only in (None, "ru"):
        for title, path in (
            ("Russian: factRuEval-2016 dev", FACTRU_DEV),
            ("Russian, secondary: BSNLP-2019 ru (document-level gold)", BSNLP_RU),
        ):
            records = read_jsonl(path, args.limit)
            halves = split_halves(records)
            topics = split_topics(records)
            print(f"\n### {title}, {len(halves['all'])} documents\n")
            for label, docs in [
                *((f"half {h}" if h != "all" else "whole set", halves[h]) for h in HALVES),
                *((f"topic {t} (held out from the other three)", d) for t, d in topics.items()),
            ]:
                rows = [
                    ("natasha alone", try_run(natasha_alone, docs)),
                    ("newsbrief find_mentions", try_run(newsbrief_ru, docs)),
                    ("newsbrief JSON (summarize --details)", try_run(newsbrief_json, docs)),
                    (
                        "newsbrief JSON, mapped by one shift",
                        try_run(lambda: newsbrief_json(one_shift=True), docs),
                    ),
                ]
                print(f"\n{label}, {len(docs)} documents\n")
                print(markdown_table(rows))
            groups = {"A": halves["A"], "B": halves["B"], **topics}
            try:
                ablation = ru_ablation(groups)
            except (ImportError, AttributeError) as e:
                print(f"(ablation unavailable: {e!r})", file=sys.stderr)
                continue
            print("\n`bot.analysis.ru_spans` on natasha's spans, without each rule:\n")
            print(ablation_table({h: ablation[h] for h in ("A", "B")}))
            for kind in TYPES:
                print(f"\n{kind}: each rule alone (vs natasha alone) / in all (vs all but it)\n")
                print(rule_effects_table(ablation, kind))
    command = shlex.join([".venv/bin/python", "benchmarks/bench_entities.py", *sys.argv[1:]])
    print(f"\nmade by: {command}")


if __name__ == "__main__":
    main()
