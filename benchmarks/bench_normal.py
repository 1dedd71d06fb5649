"""Dictionary forms of Russian names against BSNLP-2019's gold base forms, by half.

BSNLP-2019 (ru) gives each annotated mention its base form (``norm``: «Асию Биби» → «Асия
Биби», «Верховного суда» → «Верховный суд»). For every mention a system finds with exactly a
gold mention's span and type, its dictionary form is compared with the gold one (lowercase,
ё → е): accuracy per type, over all such mentions and over those whose gold form differs from
the text (the inflected ones, where the work is). Documents are in half A or B by a stable
hash of their id (``sha1(id) % 2``, 0 = A): rules are written from A and checked on B.

Systems: newsbrief (``find_mentions``), and natasha's own pipeline (segmenter, morphology
tagger, NER tagger, ``span.normalize``) on its own spans.

    .venv/bin/python benchmarks/bench_normal.py [newsbrief] [--errors]
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
BSNLP_RU = ROOT.parent / "shared" / "eval" / "ner" / "bsnlp2019_ru.jsonl"
TYPES = ("PER", "LOC", "ORG")
ERRORS = "--errors" in sys.argv  # print newsbrief's wrong forms on half A

Named = tuple[int, int, str, str]  # start, end, type, dictionary form
System = Callable[[str], list[Named]]


def half_of(doc_id: str) -> str:
    """'A' or 'B' by a stable hash of the id."""
    return "AB"[int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 2]  # noqa: S324


def _norm(name: str) -> str:
    return " ".join(name.lower().replace("ё", "е").split())


def newsbrief() -> System:
    """The product's mentions and their dictionary forms."""
    sys.path.insert(0, str(ROOT))
    from bot.analysis import models
    from bot.analysis.entities import ru_mentions

    nlp = models.load()
    # each mention's own dictionary form, before a surname takes the full name given earlier
    return lambda text: [(m.start, m.end, m.type, m.normal) for m in ru_mentions(text, nlp)]


def natasha_full() -> System:
    """natasha's segmenter, morphology and NER taggers and span normalisation."""
    from natasha import Doc, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    sys.path.insert(0, str(ROOT))
    from bot.analysis.models import RuMorphVocab

    emb = NewsEmbedding()
    segmenter, morph, ner = Segmenter(), NewsMorphTagger(emb), NewsNERTagger(emb)
    vocab = RuMorphVocab()

    def tag(text: str) -> list[Named]:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_morph(morph)
        doc.tag_ner(ner)
        out = []
        for span in doc.spans:
            span.normalize(vocab)
            out.append((span.start, span.stop, span.type, span.normal))
        return out

    return tag


def score(system: System, records: list[dict[str, object]]) -> tuple[Counter[str], Counter[str]]:
    """Right and total counts keyed by (half, type, all|inflected)."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for r in records:
        half = half_of(str(r["id"]))
        gold = {(e["start"], e["end"], e["type"]): e.get("norm") for e in r["entities"]}  # type: ignore[attr-defined]
        for start, end, kind, normal in system(str(r["text"])):
            want = gold.get((start, end, kind))
            if not want:
                continue
            inflected = _norm(want) != _norm(str(r["text"])[start:end])  # type: ignore[index]
            for key in (
                (f"{half} {kind} all", f"{half} {kind} inflected")
                if inflected
                else (f"{half} {kind} all",)
            ):
                total[key] += 1
                right[key] += _norm(normal) == _norm(want)
            if ERRORS and half == "A" and _norm(normal) != _norm(want):
                print(f"{kind}\t{str(r['text'])[start:end]!r}\t{normal!r}\tgold {want!r}")
    return right, total


def main() -> None:
    """Print the table."""
    with BSNLP_RU.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    systems = {"natasha full pipeline": natasha_full, "newsbrief": newsbrief}
    only = [a for a in sys.argv[1:] if not a.startswith("--")]
    print(f"BSNLP-2019 ru, {len(records)} documents; dictionary form right among mentions whose "
          "span and type match a gold one (n)\n")  # fmt: skip
    head = ["system", "half"] + [f"{t} {w}" for t in TYPES for w in ("all", "inflected")]
    print("| " + " | ".join(head) + " |")
    print("|---|---|" + "---:|" * (len(head) - 2))
    for name, make in systems.items():
        if only and name not in only:
            continue
        right, total = score(make(), records)
        for half in "AB":
            cells = [name, half]
            for t in TYPES:
                for w in ("all", "inflected"):
                    key = f"{half} {t} {w}"
                    n = total[key]
                    cells.append(f"{right[key] / n:.3f} ({n})" if n else "—")
            print("| " + " | ".join(cells) + " |")
    print("\nmade by: " + shlex.join([".venv/bin/python", "benchmarks/bench_normal.py", *only]))


if __name__ == "__main__":
    main()
