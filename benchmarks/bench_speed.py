"""Speed and memory: newsbrief's whole analysis beside natasha's full pipeline.

The baseline is natasha's own pipeline as its README runs it: segmentation, morphology
tagger, NER tagger and span normalisation; the old baseline (the NER tagger alone) is kept
as a second line. Target: newsbrief >= 1.0 x natasha full, model load < 2 s, RSS < 500 MB.

Both run in this process on the same Russian articles of about 3,000 characters (tgcontest
and factRuEval texts joined to that length), alternating rounds so that machine noise hits
both alike; the figure that matters is the ratio of medians. Model load time and peak RSS
are measured in fresh subprocesses.

    python benchmarks/bench_speed.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

# As `python -m bot` does (see bot/__main__.py); both systems run under the same setting.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
TARGET_CHARS = 3000


def russian_articles(n: int = 40) -> list[str]:
    """About ``n`` Russian news texts of ~3,000 characters from the dev data."""
    texts = []
    for path in (EVAL / "ner" / "factru_dev.jsonl", EVAL / "summ" / "tgcontest_titles_ru.jsonl"):
        with path.open(encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh]
    out, buf = [], ""
    for t in texts:
        buf = (buf + "\n" + t).strip()
        if len(buf) >= TARGET_CHARS:
            cut = buf[:TARGET_CHARS].rsplit(".", 1)[0] + "."
            out.append(cut)
            buf = ""
        if len(out) == n:
            break
    return out


LOAD_SNIPPET = """
import time, resource, json
t = time.perf_counter()
from bot.analysis.models import load
nlp = load()
loaded = time.perf_counter() - t
from bot.analysis.summarize import summarize
from bot.models import Article
summarize(Article(text=%r, lang="ru"), nlp)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"load_s": loaded, "rss_mb": rss}))
"""

NATASHA_FULL_SNIPPET = """
import time, resource, json
t = time.perf_counter()
from natasha import Doc, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter
from bot.analysis.models import RuMorphVocab
emb = NewsEmbedding()
segmenter, morph, ner = Segmenter(), NewsMorphTagger(emb), NewsNERTagger(emb)
vocab = RuMorphVocab()
loaded = time.perf_counter() - t
doc = Doc(%r)
doc.segment(segmenter); doc.tag_morph(morph); doc.tag_ner(ner)
for span in doc.spans:
    span.normalize(vocab)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"load_s": loaded, "rss_mb": rss}))
"""

NATASHA_SNIPPET = """
import time, resource, json
t = time.perf_counter()
from natasha import NewsEmbedding, NewsNERTagger
ner = NewsNERTagger(NewsEmbedding())
loaded = time.perf_counter() - t
ner(%r)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"load_s": loaded, "rss_mb": rss}))
"""


def subprocess_figures(snippet: str, text: str, runs: int = 3) -> dict[str, float]:
    """Median load time and peak RSS of a fresh interpreter running ``snippet``."""
    results = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", snippet % text],
            capture_output=True, text=True, check=True, cwd=ROOT,
        )  # fmt: skip
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {k: statistics.median(r[k] for r in results) for k in results[0]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from natasha import Doc, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    from bot.analysis.models import load
    from bot.analysis.summarize import summarize
    from bot.models import Article

    texts = russian_articles()
    nlp = load()
    natasha_ner = NewsNERTagger(NewsEmbedding())
    embedding = NewsEmbedding()
    segmenter, morph, ner = Segmenter(), NewsMorphTagger(embedding), NewsNERTagger(embedding)

    def run_natasha_full() -> float:
        t = time.perf_counter()
        for text in texts:
            doc = Doc(text)
            doc.segment(segmenter)
            doc.tag_morph(morph)
            doc.tag_ner(ner)
            for span in doc.spans:
                span.normalize(nlp.morph_vocab)
        return time.perf_counter() - t

    def run_natasha() -> float:
        t = time.perf_counter()
        for text in texts:
            natasha_ner(text)
        return time.perf_counter() - t

    def run_newsbrief() -> float:
        t = time.perf_counter()
        for text in texts:
            summarize(Article(text=text), nlp)
        return time.perf_counter() - t

    run_natasha(), run_natasha_full(), run_newsbrief()  # warm caches
    nat, full, ours = [], [], []
    for _ in range(args.rounds):
        nat.append(run_natasha())
        full.append(run_natasha_full())
        ours.append(run_newsbrief())
    chars = sum(map(len, texts))
    nat_rate = len(texts) / statistics.median(nat)
    our_rate = len(texts) / statistics.median(ours)
    full_rate = len(texts) / statistics.median(full)

    sub_ours = subprocess_figures(LOAD_SNIPPET, texts[0])
    sub_nat = subprocess_figures(NATASHA_SNIPPET, texts[0])
    sub_full = subprocess_figures(NATASHA_FULL_SNIPPET, texts[0])

    print(f"{len(texts)} Russian articles, {chars / len(texts):.0f} characters on average, "
          f"{args.rounds} alternating rounds, medians\n")  # fmt: skip
    print("| system | articles/s | ratio to natasha full | ratio to natasha NER | "
          "model load, s | peak RSS, MB |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|")
    print(f"| natasha full pipeline (segment, morph, NER, normalise) | {full_rate:.1f} | 1.00 | "
          f"{full_rate / nat_rate:.2f} | {sub_full['load_s']:.2f} | "
          f"{sub_full['rss_mb']:.0f} |")  # fmt: skip
    print(f"| natasha NER tagger alone (old baseline) | {nat_rate:.1f} | "
          f"{nat_rate / full_rate:.2f} | 1.00 | "
          f"{sub_nat['load_s']:.2f} | {sub_nat['rss_mb']:.0f} |")  # fmt: skip
    print(f"| newsbrief summarize (whole analysis) | {our_rate:.1f} | "
          f"{our_rate / full_rate:.2f} | {our_rate / nat_rate:.2f} | "
          f"{sub_ours['load_s']:.2f} | {sub_ours['rss_mb']:.0f} |")  # fmt: skip
    print("\nTargets: ratio to natasha full >= 1.0, load < 2 s, peak RSS < 500 MB.")
    print("Command: python benchmarks/bench_speed.py --rounds", args.rounds)


if __name__ == "__main__":
    main()
