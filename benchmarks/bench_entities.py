"""Entity F1 per type (PER, LOC, ORG), exact and overlap match, English and Russian.

English: CoNLL-2003 dev (eng.testa), one record per sentence as the file has it (MISC gold
ignored); also the same sentences re-assembled into their documents, which is how the
product sees text (the tagger's document-level consistency pass only acts there).
Russian: factRuEval-2016 dev, natasha alone against newsbrief's ``find_mentions``; BSNLP-2019
(ru) as a secondary table: its gold lists document-level names located in the text, so
mentions it does not list count as false positives. Every Russian table is given for half A,
half B and the whole set: a document is in half A or B by a stable hash of its id
(``sha1(id) % 2``, 0 = A); rules are written from half A and checked on half B. Under each
Russian table, an ablation of ``bot.analysis.ru_spans`` (the rules that bring natasha's spans
to factRuEval's conventions): natasha's spans with every rule, and without each one in turn
(exact F1 per half; Δ = what removing the rule changes, in points of F1 per type).

    .venv/bin/python benchmarks/bench_entities.py [--only en|ru] [--limit N]
"""

from __future__ import annotations

import argparse
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


def as_docs(records: list[dict[str, Any]]) -> list[Doc]:
    """(text, gold spans) of each record."""
    return [
        (r["text"], [(e["start"], e["end"], e["type"]) for e in r["entities"]]) for r in records
    ]


def conll_documents(records: list[dict[str, Any]]) -> list[Doc]:
    """CoNLL sentences joined by newlines into the documents they came from."""
    starts = [0]
    starts += [i - 1 for i, r in enumerate(records) if i > 1 and _DATELINE.match(r["text"])]
    starts.append(len(records))
    docs: list[Doc] = []
    for a, b in itertools.pairwise(starts):
        text = ""
        gold: list[Span] = []
        for r in records[a:b]:
            offset = len(text)
            gold += [(e["start"] + offset, e["end"] + offset, e["type"]) for e in r["entities"]]
            text += r["text"] + "\n"
        if text:
            docs.append((text, gold))
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


def ru_ablation(halves: dict[str, list[Doc]]) -> dict[str, list[tuple[str, NerScore]]]:
    """natasha's spans through ``ru_spans.RULES``: none, all, and all but each rule, per half."""
    from bot.analysis import models
    from bot.analysis.ru_spans import RULES, apply_rules

    nlp = models.load()
    variants = [("natasha spans, no rule", ()), ("all rules", RULES)]
    variants += [(f"without {name}", tuple(r for r in RULES if r[0] != name)) for name, _ in RULES]
    out: dict[str, list[tuple[str, NerScore]]] = {}
    for half in ("A", "B"):
        tagged = [
            (text, gold, [(s.start, s.stop, s.type) for s in nlp.ru_ner(text).spans])
            for text, gold in halves[half]
        ]
        rows = []
        for label, rules in variants:
            score = NerScore()
            for text, gold, spans in tagged:
                started = time.perf_counter()
                pred = apply_rules(text, list(spans), nlp, rules)
                score.seconds += time.perf_counter() - started
                score.add(gold, pred)
            rows.append((label, score))
        out[half] = rows
    return out


def ablation_table(by_half: dict[str, list[tuple[str, NerScore]]]) -> str:
    """Exact F1 per type and half of each variant, and its difference from "all rules"."""
    head = ["rules"]
    head += [f"{k} {h}" for h in by_half for k in TYPES]
    head += [f"Δ {k} {h}" for h in by_half for k in TYPES]
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    names = [name for name, _ in next(iter(by_half.values()))]
    for i, name in enumerate(names):
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
        ]
        print(f"\n### English: CoNLL-2003 dev (eng.testa), {len(records)} sentences\n")
        print(markdown_table(rows))
    if args.only in (None, "ru"):
        for title, path in (
            ("Russian: factRuEval-2016 dev", FACTRU_DEV),
            ("Russian, secondary: BSNLP-2019 ru (document-level gold)", BSNLP_RU),
        ):
            halves = split_halves(read_jsonl(path, args.limit))
            print(f"\n### {title}, {len(halves['all'])} documents\n")
            for half in HALVES:
                docs = halves[half]
                rows = [
                    ("natasha alone", try_run(natasha_alone, docs)),
                    ("newsbrief", try_run(newsbrief_ru, docs)),
                ]
                label = "whole set" if half == "all" else f"half {half}"
                print(f"\n{label}, {len(docs)} documents\n")
                print(markdown_table(rows))
            try:
                ablation = ru_ablation(halves)
            except (ImportError, AttributeError) as e:
                print(f"(ablation unavailable: {e!r})", file=sys.stderr)
            else:
                print("\n`bot.analysis.ru_spans` on natasha's spans, without each rule:\n")
                print(ablation_table(ablation))
    command = shlex.join([".venv/bin/python", "benchmarks/bench_entities.py", *sys.argv[1:]])
    print(f"\nmade by: {command}")


if __name__ == "__main__":
    main()
