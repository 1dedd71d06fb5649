"""Summary quality: ROUGE against BBC extractive references, recall of editors' headlines.

Data (``shared/eval/summ``): ``bbc_news_summary_en.jsonl`` (field ``summary``: sentences
copied from the article) and ``tgcontest_titles_{ru,en}.jsonl`` (field ``title``: the
editor's headline, never shown to the summariser). Every system gets the same sentences, our
``split_sentences``, so that only the choice of sentences differs; every system is cut to at
most 3 sentences and 600 characters (``summary_scoring.cut_ranked``: in order of rank, each
sentence kept if it still fits, output in article order). Scoring: ``summary_scoring``
(lowercase ``\\w+`` tokens, Snowball stems, F1 for references, recall for headlines).

Systems: Lead-k (the first sentences that fit), sumy's TextRank and LexRank fed with our
sentences (Snowball stems; sumy's English stop words, the Snowball Russian list for Russian
as sumy has none), and newsbrief (``split_sentences`` → ``find_mentions`` →
``select_sentences``). docs/s times the choice of sentences alone (the texts are split and
tagged once beforehand); the speed table times each stage, and the whole ``summarize``,
against the NER tagger alone (natasha's for Russian, the CRF of ``en_ner`` for English).

``--fit`` refits the weights of ``bot.analysis.ranking`` on the BBC references (label: the
sentence is in the reference) with 5-fold cross-validation, prints held-out-fold ROUGE and
the weights to paste into ``WEIGHTS``.

    .venv/bin/python benchmarks/bench_summaries.py [--limit N] [--fit]
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import snowballstemmer
from summary_scoring import (
    MAX_CHARS,
    MAX_SENTENCES,
    Scores,
    cut_ranked,
    fit_logistic,
    markdown_table,
    mean_rouge_f,
    mean_title_recall,
    within_budget,
)
from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.analysis import ranking  # noqa: E402 (the project root must be on the path first)
from bot.analysis.entities import find_mentions  # noqa: E402
from bot.analysis.models import NlpModels, load  # noqa: E402
from bot.analysis.sentences import split_sentences  # noqa: E402
from bot.analysis.summarize import summarize  # noqa: E402
from bot.models import Article, Mention, Sentence  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval" / "summ"
BBC = EVAL / "bbc_news_summary_en.jsonl"
TITLES = {"ru": EVAL / "tgcontest_titles_ru.jsonl", "en": EVAL / "tgcontest_titles_en.jsonl"}
FOLDS = 5
REPEATS = 3

_WORD = re.compile(r"\w+")
_WS = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Doc:
    """One article as every system sees it, with its reference (summary or headline)."""

    id: str
    lang: str
    title: str
    text: str
    reference: str
    sentences: list[Sentence]
    mentions: list[Mention]


System = Callable[[Doc], list[str]]


def read_docs(
    path: Path, nlp: NlpModels, *, field: str, limit: int | None
) -> tuple[list[Doc], int]:
    """Articles of a JSON lines file, analysed once; also how many began with their title."""
    with path.open(encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()][:limit]
    docs = []
    stripped = 0
    for r in records:
        text = r["text"]
        first, _, rest = text.partition("\n")
        if r.get("title") and first.strip() == r["title"].strip():
            text, stripped = rest, stripped + 1
        sentences = split_sentences(text, r["lang"], nlp)
        mentions = find_mentions(text, r["lang"], nlp)
        docs.append(Doc(r["id"], r["lang"], r["title"], text, r[field], sentences, mentions))
    return docs, stripped


def _texts(doc: Doc) -> list[str]:
    return [s.text for s in doc.sentences]


def lead(k: int) -> System:
    """The first sentences that fit, at most ``k``."""

    def system(doc: Doc) -> list[str]:
        texts = _texts(doc)
        kept = cut_ranked(range(len(texts)), texts, max_sentences=min(k, MAX_SENTENCES))
        return [texts[i] for i in kept]

    return system


class _Tokenizer:
    """What sumy needs of a tokenizer; sentences are ours, so ``to_sentences`` is trivial."""

    def to_words(self, text: str) -> list[str]:
        return _WORD.findall(text)

    def to_sentences(self, text: str) -> list[str]:
        return [text]


def sumy_system(summarizer_class: type[Any]) -> System:
    """A sumy summariser over our sentences; its full ranking is cut to the budget."""
    tokenizer = _Tokenizer()
    names = {"en": "english", "ru": "russian"}

    def system(doc: Doc) -> list[str]:
        if not doc.sentences:
            return []
        stem = snowballstemmer.stemmer(names[doc.lang]).stemWord
        summarizer = summarizer_class(stem)
        summarizer.stop_words = (
            get_stop_words("english") if doc.lang == "en" else ranking.STOP_WORDS["ru"]
        )
        paragraphs: dict[int, list[SumySentence]] = {}
        for s in doc.sentences:
            paragraphs.setdefault(s.paragraph, []).append(SumySentence(s.text, tokenizer))
        document = ObjectDocumentModel([Paragraph(p) for p in paragraphs.values()])
        ranked: list[int] = []

        def take_all(infos: list[Any]) -> list[Any]:
            # sumy hands the sentence infos sorted by rating, best first: keep the ranking
            ranked.extend(info.order for info in infos)
            return []

        summarizer(document, take_all)
        texts = _texts(doc)
        return [texts[i] for i in cut_ranked(ranked, texts)]

    return system


def newsbrief(doc: Doc) -> list[str]:
    """The product's choice."""
    chosen = ranking.select_sentences(
        doc.sentences,
        doc.lang,
        mentions=doc.mentions,
        max_sentences=MAX_SENTENCES,
        max_chars=MAX_CHARS,
    )
    return [s.text for s in chosen]


def newsbrief_with(weights: Sequence[float], *, keep_lead: bool = True) -> System:
    """newsbrief with other weights, or without its lead rule (for ablations and folds)."""

    def system(doc: Doc) -> list[str]:
        features = ranking.sentence_features(doc.sentences, doc.lang, mentions=doc.mentions)
        probabilities = ranking.sentence_probabilities(features, weights)
        chosen = ranking.choose(
            doc.sentences,
            features,
            probabilities,
            max_sentences=MAX_SENTENCES,
            max_chars=MAX_CHARS,
            keep_lead=keep_lead,
        )
        return [s.text for s in chosen]

    return system


def run(system: System, docs: Sequence[Doc]) -> tuple[list[tuple[str, str]], float]:
    """(summary, reference) pairs of a system and its speed in documents per second."""
    pairs = []
    seconds = 0.0
    for doc in docs:
        started = time.perf_counter()
        chosen = system(doc)
        seconds += time.perf_counter() - started
        if not within_budget(chosen):
            raise AssertionError(f"{doc.id}: over budget: {chosen}")
        pairs.append((" ".join(chosen), doc.reference))
    return pairs, len(docs) / seconds if seconds else float("inf")


def _normal(text: str) -> str:
    return _WS.sub(" ", text).strip()


def labels(doc: Doc, index: Sequence[int]) -> np.ndarray:
    """1 for each eligible sentence found verbatim in the BBC reference, else 0."""
    reference = _normal(doc.reference)
    return np.array([float(_normal(doc.sentences[i].text) in reference) for i in index])


def fit(bbc: Sequence[Doc], titles: dict[str, list[Doc]]) -> None:
    """Refit the ranking weights with k-fold cross-validation and print the figures."""
    features = [ranking.sentence_features(d.sentences, d.lang, mentions=d.mentions) for d in bbc]
    ys = [labels(d, f.index) for d, f in zip(bbc, features, strict=True)]
    fold_of = [i % FOLDS for i in range(len(bbc))]
    rows = []
    held_out: dict[bool, list[tuple[str, str]]] = {True: [], False: []}
    for fold in range(FOLDS):
        train = [i for i in range(len(bbc)) if fold_of[i] != fold]
        test = [bbc[i] for i in range(len(bbc)) if fold_of[i] == fold]
        w = fit_logistic(
            np.vstack([features[i].matrix for i in train]), np.concatenate([ys[i] for i in train])
        )
        for keep_lead in (True, False):
            pairs, _ = run(newsbrief_with(w.tolist(), keep_lead=keep_lead), test)
            held_out[keep_lead] += pairs
            s = mean_rouge_f(pairs, "en")
            rows.append((fold, "yes" if keep_lead else "no", len(test), s.r1, s.r2, s.rl))
    print(f"\n### --fit: {FOLDS}-fold cross-validation on BBC (fold = article index mod {FOLDS})")
    print("\nROUGE F1 of each fold, summarised with the weights fitted on the other folds.\n")
    print(markdown_table(["held-out fold", "lead rule", "n", "R-1 F", "R-2 F", "R-L F"], rows))
    total = []
    for keep_lead, pairs in held_out.items():
        s = mean_rouge_f(pairs, "en")
        total.append(("all", "yes" if keep_lead else "no", len(pairs), s.r1, s.r2, s.rl))
    print()
    print(markdown_table(["held-out folds", "lead rule", "n", "R-1 F", "R-2 F", "R-L F"], total))
    w = fit_logistic(np.vstack([f.matrix for f in features]), np.concatenate(ys))
    title_rows = []
    for lang, docs in titles.items():
        s = mean_title_recall(run(newsbrief_with(w.tolist()), docs)[0], lang)
        title_rows.append((lang, len(docs), s.r1, s.r2))
    print("\nheadline recall with the weights fitted on all BBC articles:\n")
    print(markdown_table(["set", "n", "R-1 recall", "R-2 recall"], title_rows))
    names = ", ".join([*ranking.FEATURE_NAMES, "intercept"])
    print(f"\nWEIGHTS ({names}) fitted on all {len(bbc)} BBC articles:")
    print("WEIGHTS = (" + ", ".join(f"{v:.3f}" for v in w) + ")")


def speed(label: str, docs: Sequence[Doc], lang: str, nlp: NlpModels) -> tuple[object, ...]:
    """ms per text of each stage (best of REPEATS runs) and summarize's speed / NER's."""

    def ner(doc: Doc) -> object:
        return nlp.ru_ner(doc.text) if lang == "ru" else nlp.en_ner.tag(doc.text)

    def split(doc: Doc) -> object:
        return split_sentences(doc.text, lang, nlp)

    def mentions(doc: Doc) -> object:
        return find_mentions(doc.text, lang, nlp)

    def choice(doc: Doc) -> object:
        return ranking.select_sentences(doc.sentences, lang, mentions=doc.mentions)

    def whole(doc: Doc) -> object:
        return summarize(Article(text=doc.text, lang=lang), nlp)

    cells: list[object] = [label, len(docs), f"{sum(len(d.text) for d in docs) / len(docs):,.0f}"]
    ms = []
    for fn in (ner, split, mentions, choice, whole):
        best = float("inf")
        for _ in range(REPEATS):
            started = time.perf_counter()
            for d in docs:
                fn(d)
            best = min(best, time.perf_counter() - started)
        ms.append(1000 * best / len(docs))
    return (*cells, *(f"{v:.2f}" for v in ms), f"{ms[0] / ms[-1]:.2f}")


def systems() -> dict[str, System]:
    """The compared systems, by table label."""
    return {
        "Lead-1": lead(1),
        "Lead-3": lead(3),
        "TextRank (sumy)": sumy_system(TextRankSummarizer),
        "LexRank (sumy)": sumy_system(LexRankSummarizer),
        "newsbrief": newsbrief,
        "newsbrief without the lead rule": newsbrief_with(ranking.WEIGHTS, keep_lead=False),
    }


def report_bbc(bbc: Sequence[Doc], stripped: int) -> None:
    """ROUGE F1 of each system against the BBC references."""
    rows = []
    for name, system in systems().items():
        if name != "Lead-1":
            pairs, rate = run(system, bbc)
            s = mean_rouge_f(pairs, "en")
            rows.append((name, s.r1, s.r2, s.rl, rate))
    print(f"\n### BBC News Summary (en), {len(bbc)} articles: ROUGE F1 against the reference")
    print(
        f"\nTitle line at the start of `text`: found and stripped in {stripped} of {len(bbc)} "
        f"texts (the title is a separate field of this file). Budget: {MAX_SENTENCES} "
        f"sentences, {MAX_CHARS} characters.\n"
    )
    print(markdown_table(["system", "ROUGE-1", "ROUGE-2", "ROUGE-L", "docs/s"], rows))


def report_titles(titles: dict[str, list[Doc]]) -> None:
    """Recall of each headline by each system's summary."""
    rows = []
    for name, system in systems().items():
        row: list[object] = [name]
        for lang, docs in titles.items():
            pairs, rate = run(system, docs)
            s: Scores = mean_title_recall(pairs, lang)
            row += [s.r1, s.r2, rate]
        rows.append(row)
    sizes = ", ".join(f"{lang} {len(d)}" for lang, d in titles.items())
    print(f"\n### tgcontest headlines ({sizes} articles): recall of the headline's words")
    print("\nThe headline is not given to the summariser.\n")
    header = ["system"]
    for lang in titles:
        header += [f"{lang} R-1", f"{lang} R-2", f"{lang} docs/s"]
    print(markdown_table(header, rows))


def report_speed(titles: dict[str, list[Doc]], nlp: NlpModels) -> None:
    """ms per text of each stage."""
    print(f"\n### Speed: ms per text, best of {REPEATS} runs (on a shared machine)\n")
    rows = [speed(f"tgcontest {lang}", docs, lang, nlp) for lang, docs in titles.items()]
    header = ["texts", "n", "chars", "NER alone", "split_sentences", "find_mentions"]
    header += ["select_sentences", "summarize()", "summarize speed / NER speed"]
    print(markdown_table(header, rows))


def main() -> None:
    """Print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N articles of each file")
    parser.add_argument("--fit", action="store_true", help="refit the ranking weights (CV)")
    args = parser.parse_args()
    nlp = load()
    bbc, stripped = read_docs(BBC, nlp, field="summary", limit=args.limit)
    titles = {
        lang: read_docs(path, nlp, field="title", limit=args.limit)[0]
        for lang, path in TITLES.items()
    }
    if args.fit:
        fit(bbc, titles)
    else:
        report_bbc(bbc, stripped)
        report_titles(titles)
        report_speed(titles, nlp)
    command = shlex.join([".venv/bin/python", "benchmarks/bench_summaries.py", *sys.argv[1:]])
    print(f"\nmade by: {command}")


if __name__ == "__main__":
    main()
