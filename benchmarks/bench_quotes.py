"""Quote and speaker F1 on adaq (Russian sentences) and PolNeAR dev (English news).

Pipeline per document, as the product runs it: ``split_sentences`` → ``find_mentions`` →
``find_quotes``. Scoring (``quote_scoring``, the measure of shared/eval/README.md): a
predicted quote matches a gold attribution when their content word sets reach F1 >= 0.5, one
to one; "+ speaker" also needs ``text[speaker_start:speaker_end]`` to share a word with the
gold source. Rows: all attributions; direct ones only (gold ``direct`` against predicted
``direct``); and, for PolNeAR, gold attributions whose cue contains a speech verb, with
predictions matched to other (belief, endorsement...) gold attributions left out of that row.

    .venv/bin/python benchmarks/bench_quotes.py [--only ru|en] [--errors N] [--half A|B] [--train]

Every document is in half A or B by ``int(sha1(id).hexdigest(), 16) % 2`` (0 = A), as in
bench_realworld: write rules from half A's errors (``--errors`` lists half A's by default),
check them on half B, report both.

``--train`` scores PolNeAR train instead of dev: it was used to study the constructions and
choose the word lists, so its figures are not a measure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shlex
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quote_scoring import Item, Prf, match, score_doc, words

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.analysis.entities import find_mentions  # noqa: E402 (the project root must be on the path first)
from bot.analysis.models import load  # noqa: E402
from bot.analysis.quotes import find_quotes  # noqa: E402
from bot.analysis.sentences import split_sentences  # noqa: E402
from bot.models import Quote  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval" / "quotes"
DATASETS = {
    "ru": ("adaq_ru.jsonl", "adaq (ru)"),
    "en": ("polnear_dev_en.jsonl", "PolNeAR dev (en)"),
}
TRAIN = ("polnear_train_en.jsonl", "PolNeAR train (en; studied, not a measure)")
# Cue words that make a gold attribution "speech" for the labelled speech-cue row (PolNeAR);
# a cue is speech when one of its words starts with one of these.
_SPEECH_CUE = re.compile(
    r"\b(?:said|say|says|saying|told|tell|tells|telling|add|wrote|writ|stat|not|argu|claim|warn|"
    r"insist|explain|announc|report|declar|assert|acknowledg|admit|confirm|den|suggest|recall|"
    r"continu|conclud|respond|repl|answer|ask|tweet|post|remark|observ|comment|emphasi|stress|"
    r"predict|testif|contend|maintain|alleg|complain|conced|promis|pledg|vow|urg|caution|boast|"
    r"jok|scold|shout|yell|chant|reiterat|repeat|counter|retort|mention|indicat|disclos|reveal|"
    r"according|quot|describ|call|cit)",
    re.IGNORECASE,
)
SPEECH_NOTE = (
    "\\* speech cues only: gold attributions whose cue has a speech verb (said, told, "
    "according to, ...); predictions that match a non-speech gold attribution (a belief, "
    "an endorsement) are left out of that row instead of counting as false positives."
)


HALVES = ("A", "B", "all")


def half_of(doc_id: str) -> str:
    """The half (A or B) a document belongs to, by a stable hash of its id."""
    digest = hashlib.sha1(doc_id.encode("utf-8"), usedforsecurity=False).hexdigest()
    return "AB"[int(digest, 16) % 2]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Records of a JSON lines file."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def gold_items(doc: dict[str, Any]) -> list[Item]:
    """Gold attributions of one document."""
    text = doc["text"]
    out = []
    for a in doc["attributions"]:
        cue = " ".join(text[s:e] for s, e in a.get("cue", []))
        out.append(
            Item(
                content=words(text, a.get("content", [])),
                speaker=words(text, a.get("source", [])),
                direct=bool(a["direct"]),
                tag="speech" if _SPEECH_CUE.search(cue) else "other",
            )
        )
    return out


def pred_items(text: str, quotes: list[Quote]) -> list[Item]:
    """Predicted quotes reduced to words; the speaker is the words naming it in the text."""
    out = []
    for q in quotes:
        spk: list[tuple[int, int]] = []
        if q.speaker_start is not None and q.speaker_end is not None:
            spk = [(q.speaker_start, q.speaker_end)]
        out.append(Item(words(text, [(q.start, q.end)]), words(text, spk), q.direct))
    return out


@dataclass
class Run:
    """Scores and timings of one dataset."""

    rows: dict[str, dict[str, Prf]]  # row name -> half (A, B, all) -> counts
    docs: int = 0
    seconds: float = 0.0  # the whole pipeline
    quote_seconds: float = 0.0  # find_quotes alone
    errors: list[str] = field(default_factory=list)
    error_kinds: Counter[str] = field(default_factory=Counter)


def evaluate(lang: str, path: Path, *, error_half: str = "A") -> Run:
    """Score one dataset."""
    nlp = load()
    names = ["content, all", "content + speaker, all"]
    names += ["content, direct", "content + speaker, direct"]
    if lang == "en":
        names += ["content, speech cues only*", "content + speaker, speech cues only*"]
    run = Run(rows={n: {h: Prf() for h in HALVES} for n in names})
    # the Russian verb forms are generated once per process (~0.3 s): not a per-document cost
    find_quotes("«Да», — сказал он.", [], [], lang, nlp)
    for doc in read_jsonl(path):
        text = doc["text"]
        started = time.perf_counter()
        sentences = split_sentences(text, lang, nlp)
        mentions = find_mentions(text, lang, nlp)
        quotes_started = time.perf_counter()
        quotes = find_quotes(text, sentences, mentions, lang, nlp)
        finished = time.perf_counter()
        run.seconds += finished - started
        run.quote_seconds += finished - quotes_started
        run.docs += 1
        pred, gold = pred_items(text, quotes), gold_items(doc)
        half = half_of(doc["id"])
        for h in (half, "all"):
            _score(lang, {n: r[h] for n, r in run.rows.items()}, pred, gold)
        if error_half in {half, "all"}:
            _collect_errors(run, doc, quotes, (pred, gold))
    return run


def _score(lang: str, rows: dict[str, Prf], pred: list[Item], gold: list[Item]) -> None:
    """Add one document's counts to every row."""
    for ws in (False, True):
        part = "content + speaker" if ws else "content"
        score_doc(rows[f"{part}, all"], pred, gold, with_speaker=ws)
        score_doc(
            rows[f"{part}, direct"],
            pred,
            gold,
            with_speaker=ws,
            keep_pred=lambda p: p.direct,
            keep_gold=lambda g: g.direct,
        )
        if lang == "en":
            score_doc(
                rows[f"{part}, speech cues only*"],
                pred,
                gold,
                with_speaker=ws,
                keep_gold=lambda g: g.tag == "speech",
                ignore_pred_matching_dropped_gold=True,
            )


def halves_table(rows: dict[str, dict[str, Prf]]) -> str:
    """F1 per half (A, B) and P/R/F1 over all documents, one line per row."""
    lines = [
        "| row | F1 A (tp/pred/gold) | F1 B (tp/pred/gold) | P all | R all | F1 all |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, by_half in rows.items():
        cells = [
            f"{s.f1:.3f} ({s.tp}/{s.n_pred}/{s.n_gold})" for s in (by_half["A"], by_half["B"])
        ]
        a = by_half["all"]
        lines.append(
            f"| {name} | {cells[0]} | {cells[1]} | {a.precision:.3f} | {a.recall:.3f} "
            f"| {a.f1:.3f} |"
        )
    return "\n".join(lines)


def _collect_errors(
    run: Run, doc: dict[str, Any], quotes: list[Quote], items: tuple[list[Item], list[Item]]
) -> None:
    """Describe the false positives, misses and wrong speakers of one document."""
    pred, gold = items
    text = doc["text"]
    content_pairs = dict(match(pred, gold, with_speaker=False))
    matched_gold = set(content_pairs.values())
    full_gold = {j for _, j in match(pred, gold, with_speaker=True)}

    def speaker_words(q: Quote) -> str | None:
        return text[q.speaker_start : q.speaker_end] if q.speaker_start is not None else None

    for i, q in enumerate(quotes):
        if i not in content_pairs:
            run.error_kinds["false positive" + (" direct" if q.direct else "")] += 1
            run.errors.append(f"FP {q.direct} [{speaker_words(q)}] {q.text[:150]!r}")
    for j, a in enumerate(doc["attributions"]):
        src = " ".join(text[s:e] for s, e in a.get("source", []))
        cue = " ".join(text[s:e] for s, e in a.get("cue", []))
        content = " ".join(text[s:e] for s, e in a.get("content", []))
        kind = " direct" if a["direct"] else ""
        if j not in matched_gold:
            run.error_kinds["missed" + kind] += 1
            lo = min(s for s, _ in a["content"]) if a.get("content") else 0
            before = text[max(0, lo - 100) : lo]
            run.errors.append(f"FN {a['direct']} [{src}] <{cue}> {content[:150]!r} || {before!r}")
        elif j not in full_gold:
            run.error_kinds["wrong speaker" + kind] += 1
            q = quotes[next(i for i, g in content_pairs.items() if g == j)]
            run.errors.append(
                f"SPK {a['direct']} gold [{src}] <{cue}> got [{speaker_words(q)}] "
                f"{content[:100]!r}"
            )


def main() -> None:
    """Print the tables (and, with --errors, a sample of the errors)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--only", choices=["ru", "en"])
    parser.add_argument("--errors", type=int, default=0, help="print N errors per dataset")
    parser.add_argument(
        "--half", choices=["A", "B", "all"], default="A", help="whose errors --errors lists"
    )
    parser.add_argument("--train", action="store_true", help="PolNeAR train instead of dev")
    args = parser.parse_args()
    load()
    print(f"`{shlex.join(['python', *sys.argv])}`")
    for lang, dataset in DATASETS.items():
        if args.only and lang != args.only:
            continue
        name, label = TRAIN if lang == "en" and args.train else dataset
        run = evaluate(lang, EVAL / name, error_half=args.half)
        share = run.quote_seconds / run.seconds if run.seconds else 0.0
        print(
            f"\n### {label}: {run.docs} documents, {run.docs / run.seconds:.1f} docs/s "
            f"(whole pipeline; find_quotes is {share:.0%} of it)\n"
        )
        print(halves_table(run.rows))
        if args.errors:
            print(f"\nerror kinds (half {args.half}): {dict(run.error_kinds)}")
            step = max(1, len(run.errors) // args.errors)  # spread over the whole file
            print("\n".join(run.errors[::step][: args.errors]))
    if args.only != "ru":
        print(f"\n{SPEECH_NOTE}")


if __name__ == "__main__":
    main()
