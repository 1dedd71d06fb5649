"""What newsbrief makes of 50 real articles, scored against hand labels (issues 9, 10, 11).

Data: ``../shared/eval/realworld-dev/items.jsonl`` (html pages, flattened pages, plain texts;
no labels) and ``benchmarks/realworld_labels.jsonl`` (our labels, one line per item id; labels
only, never article text). Every item is in half A or B by ``int(sha1(id).hexdigest(), 16) % 2``
(0 = A): write rules from half A, check them on half B, report both.

    .venv/bin/python benchmarks/bench_realworld.py [--errors] [--only ID,ID]

The CLI runs once per mode: ``extract --batch`` and ``summarize --batch --details``. Html
items go in ``html``, others in ``text``; ``title`` is passed only where the item carries one
(the feed or CSV headline), ``published`` is never passed (the CLI contract has no such field).

How the labels were written (read the raw item, the clean text and the summary as an editor):
- ``title``: the headline as the page or the text shows it (the h1, or the first line of a
  pasted text when it is a headline); scored only for items that are not given a title.
- ``lead_start`` / ``end_start``: the first 5-8 words of the first and the last real paragraph
  of the article body (not a deck, caption, byline or teaser), as they read once ``[url]``
  markers are removed.
- ``not_article``: 1-8-word anchors of text that must be neither in the clean text nor in the
  summary (menus, teasers, "related" links, captions and photo credits, bylines, footers,
  raw URLs and ``[/tags/..]`` link markers). ``not_summary``: prose a pasted text legitimately
  contains (so extraction keeps it) but a summary must not use: "Ранее сообщалось..." items
  and background on other events.
- ``main_actors``: who the story is about (an editor's fact line); ``other_actors``: other
  named people and organisations that act in the story (acceptable in ``who``). Names in
  dictionary form, as complete as the text gives them; ``A|B`` lists accepted spellings or
  aliases (``Минкультуры|Министерство культуры России``). People named only as a reference
  (authors of novels, people in a teaser or inside a quote) and outlets or agencies that only
  publish or relay (ТАСС, ESPN, «Известия») are in neither list, so showing them costs.
- ``main_place``: accepted places for the first three ``where`` (null when the story has none).
- ``date``: publication date from the text, the page or the item metadata;
  ``date_in_input``: whether the tool can read it, year included, from what it is given (a
  page's meta date, a Wikinews lead "23 июля 2019 года"); a dateline without a year ("ТАСС,
  11 августа") or a CSV date column does not count.
- ``source``: accepted names of the publisher or credited agency that the input shows (agency
  marker, dateline, page publisher, "сообщает «Медуза»"); null when the input names none.
- ``quotes``: direct quotes whose speaker the text names (also resolvable descriptors, "сказал
  он", colon and dash quotes): ``speaker`` and ``start`` (the first ~5 words). ``speakers``: all
  named people/organisations who say something in the story (directly or reported).

Matching and scores:
- Names: lowercase, ё→е, quotation marks dropped, "Mr/Mrs/Ms/Dr" dropped. A shown name matches
  a label spelling when equal, or when the shorter of the two is the last words of the other:
  a surname alone ("Black Elk" for "Linda Black Elk", "ЦСКА" for "ПБК ЦСКА"), or a full name
  where the text only gives the surname ("Владимир Путин" for "Путин"). First name, patronymic
  or title orders ("Сурков Владислав Юрьевич", "Justice Alito") and inflected forms ("Эда
  Гонзалеса") do not match: dictionary form and one entry per person are part of the task.
- Anchors: compared after lowercasing, ё→е, one kind of quotation mark and dash, collapsed
  white space; lead/end anchors against the clean text with ``[...]`` markers and URLs removed,
  ``not_article`` anchors against the raw clean text and the summary sentences.
- who: main actors among the first 5 ``who`` (micro over labelled actors); shown ``who`` (first
  5) that are real actors (in main or other actors). where: an accepted main place among the
  first 3. when: ``when[0]`` is the date (over items whose date the tool can read; also over
  all dated items). source: the shown name matches an accepted one (whole-word containment
  counts, "Газета «Коммерсантъ»"; a part does not, "Times" for "Los Angeles Times"), or both
  are empty.
- quotes: shown = the first 3 quotes with a speaker (what the ``Said`` line shows). A shown
  quote is right when it matches a labelled quote (its text contains the label's start) and
  has that speaker, or matches none and its speaker is one of ``speakers``. Found = labelled
  quotes matched by some output quote with the right speaker. Speakers match as names do,
  also after one leading title ("Justice Alito", "президент Путин"); a descriptor alone
  ("the first lady", "юрист", "пресс-служба") does not. Verbatim: shown direct quotes
  whose text does not run across narration ("...,” he said. “...", "...,— сказал он.— ...").
- fact line an editor would accept: every main actor in the first 5 ``who`` and no shown
  ``who`` that is not a real actor; a main place in the first 3 ``where`` (when labelled);
  ``when[0]`` the date when the tool can read it, otherwise no date or the right one; source
  right; every shown quote right.
No baseline tool exists for these labels; the figures of earlier commits are the baseline.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ITEMS = ROOT.parent / "shared" / "eval" / "realworld-dev" / "items.jsonl"
LABELS = Path(__file__).resolve().parent / "realworld_labels.jsonl"
SHOWN_WHO = 5
SHOWN_WHERE = 3
SHOWN_QUOTES = 3
_QUOTES = str.maketrans(dict.fromkeys("«»“”„‟\"'’‘", '"') | dict.fromkeys("–—−‐", "-"))
_HONORIFIC = re.compile(r"^(?:mr|mrs|ms|dr)\.?\s+", re.IGNORECASE)
_MARKER = re.compile(r"\[[^\]\s]*\]|https?://\S+")


def half_of(item_id: str) -> str:
    """'A' or 'B' by a stable hash of the id."""
    return "AB"[int(hashlib.sha1(item_id.encode()).hexdigest(), 16) % 2]  # noqa: S324 (not security)


def norm_text(text: str) -> str:
    """Lowercase, ё→е, one kind of quote and dash, collapsed white space."""
    text = text.lower().replace("ё", "е").translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip()


def norm_prose(text: str) -> str:
    """``norm_text`` without ``[url]`` markers and bare URLs."""
    return norm_text(_MARKER.sub(" ", text))


_INITIAL = re.compile(r"^\w\.$")


def norm_name(name: str) -> str:
    """A name for matching: ``norm_text`` without quotation marks and honorifics."""
    name = _HONORIFIC.sub("", norm_text(name).replace('"', ""))
    words = re.sub(r"\s+", " ", name).strip(" .,").split(" ")
    # A middle initial is optional: «Дмитрий Н. Андрейченко» is «Дмитрий Андрейченко».
    return " ".join(
        w for i, w in enumerate(words) if not (0 < i < len(words) - 1 and _INITIAL.match(w))
    )


def name_matches(shown: str, label: str) -> bool:
    """True when a shown name is one of a label's spellings (see the module docstring)."""
    got = norm_name(shown)
    if not got:
        return False
    for alt in label.split("|"):
        want = norm_name(alt)
        if got == want:
            return True
        got_words, want_words = got.split(), want.split()
        shorter, longer = sorted((got_words, want_words), key=len)
        if len(shorter) < len(longer) and longer[-len(shorter) :] == shorter:
            return True
    return False


# Titles a speaker may carry in front of the name ("Justice Alito" said it, as Samuel Alito).
_SPEAKER_TITLE = re.compile(
    r"^(?:justice|president|senator|sen\.|gov\.|rep\.|judge|chief|prof\.|mayor|"
    r"президент|премьер-министр|министр|глава)\s+",
    re.IGNORECASE,
)


def speaker_matches(shown: str, label: str) -> bool:
    """``name_matches`` after dropping one leading title from the shown speaker."""
    return name_matches(shown, label) or name_matches(_SPEAKER_TITLE.sub("", shown), label)


def any_match(shown: str, labels: list[str]) -> bool:
    """True when a shown name matches one of the labels."""
    return any(name_matches(shown, label) for label in labels)


def run_cli(mode: list[str], rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Run ``python -m bot <mode> --batch`` once and return its output lines by id."""
    feed = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    proc = subprocess.run(
        [sys.executable, "-m", "bot", *mode, "--batch"],
        input=feed, capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        sys.exit(f"{' '.join(mode)} failed: {proc.stderr[-2000:]}")
    out = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return {str(o["id"]): o for o in out}


def source_right(shown: str | None, accepted: list[str] | None) -> bool:
    """True when the shown source is an accepted one, or both are empty."""
    if not accepted:
        return not shown
    if not shown:
        return False
    got = norm_name(shown)
    for alt in accepted:
        want = norm_name(alt)
        if got == want or re.search(rf"(?<!\w){re.escape(want)}(?!\w)", got):
            return True
    return False


# A direct quote that runs across narration: a closing quotation mark, a few words, an opening
# one ("...,” he said. “..."; '...," she said. "...'), or a Russian dash attribution inside
# ("...,— продолжил Владимир Путин,— ...").
_MERGED = (
    re.compile(r"[”»]\s*[^“«”»]{1,120}?[“«]"),
    re.compile(r'[,.?!…]"\s+\w[^"]{0,100}?[,.:]\s+"'),
    re.compile(r"[,.?!…]\s?—\s?[а-яё]+\w*\s[^—]{1,60}?[,.]\s?—", re.IGNORECASE),
)


def merged(text: str) -> bool:
    """True when a direct quote's text holds narration between two quoted pieces."""
    return any(p.search(text) for p in _MERGED)


def quote_label(text: str, labels: list[dict[str, str]]) -> dict[str, str] | None:
    """The labelled quote a shown quote's text is, if any."""
    got = norm_prose(text)
    for label in labels:
        if norm_prose(label["start"]) in got:
            return label
    return None


class Tally:
    """Numerators and denominators per measure and half."""

    def __init__(self) -> None:
        self.num: dict[tuple[str, str], float] = defaultdict(float)
        self.den: dict[tuple[str, str], float] = defaultdict(float)

    def add(self, half: str, key: str, ok: float, total: float = 1.0) -> None:
        """Count ``ok`` successes out of ``total`` for a measure in a half and in all."""
        for h in (half, "all"):
            self.num[h, key] += ok
            self.den[h, key] += total

    def cell(self, half: str, key: str) -> str:
        """'0.83 (25)' or '—' when nothing was counted."""
        den = self.den[half, key]
        return "—" if not den else f"{self.num[half, key] / den:.2f} ({den:g})"


ROWS = [
    ("lead kept (clean text)", "lead"),
    ("last paragraph kept", "end"),
    ("clean text free of not-article anchors", "clean"),
    ("title right (items given none)", "title_ext"),
    ("title right in summary JSON (items given none)", "title_sum"),
    ("summary sentences free of anchors", "sum_clean"),
    ("who: main actors in first 5 (actors)", "who_main"),
    ("who: shown that are real actors (names)", "who_real"),
    ("where: main place in first 3", "where"),
    ("when: date first (tool can read it)", "when_visible"),
    ("when: date first (all dated)", "when_all"),
    ("source right", "source"),
    ("quotes: shown with right speaker", "q_shown"),
    ("quotes: labelled found with speaker", "q_found"),
    ("quotes: shown direct ones verbatim (no narration)", "q_verbatim"),
    ("fact line an editor would accept", "fact"),
]


def score_extraction(label: dict[str, Any], ext: dict[str, Any], summ: dict[str, Any], *,
                     given_title: bool, tally: Tally, problems: list[str]) -> None:  # fmt: skip
    """Extraction and summary-cleanliness scores of one item."""
    half = label["half"]
    clean = ext.get("text", "")
    prose = norm_prose(clean)
    raw = norm_text(clean)
    sentences = norm_text(" ".join(summ.get("sentences", [])))
    for key, anchor in (("lead", label["lead_start"]), ("end", label["end_start"])):
        ok = norm_prose(anchor) in prose
        tally.add(half, key, ok)
        if not ok:
            problems.append(f"{key} lost: {anchor!r}")
    if label["not_article"]:
        left = [a for a in label["not_article"] if norm_text(a) in raw]
        tally.add(half, "clean", not left)
        problems.extend(f"clean text keeps {a!r}" for a in left)
    anchors = label["not_article"] + label["not_summary"]
    if anchors:
        used = [a for a in anchors if norm_text(a) in sentences]
        tally.add(half, "sum_clean", not used)
        problems.extend(f"summary uses {a!r}" for a in used)
    if label["title"] and not given_title:
        want = norm_text(label["title"]).rstrip(".")
        for key, got in (("title_ext", ext.get("title")), ("title_sum", summ.get("title"))):
            ok = bool(got) and norm_text(got).rstrip(".") == want
            tally.add(half, key, ok)
            if not ok and key == "title_ext":
                problems.append(f"title {got!r}")


def score_facts(label: dict[str, Any], summ: dict[str, Any], *, tally: Tally,
                problems: list[str]) -> bool:  # fmt: skip
    """Who, where, when and source scores of one item; True when an editor accepts them."""
    half = label["half"]
    who = [w["name"] for w in summ.get("who", [])][:SHOWN_WHO]
    real = label["main_actors"] + label["other_actors"]
    missing = [m for m in label["main_actors"] if not any(name_matches(w, m) for w in who)]
    junk = [w for w in who if not any_match(w, real)]
    if label["main_actors"]:
        n_main = len(label["main_actors"])
        tally.add(half, "who_main", n_main - len(missing), n_main)
    if who:
        tally.add(half, "who_real", len(who) - len(junk), len(who))
    problems.extend(f"who misses {m!r}" for m in missing)
    if junk:
        problems.append(f"who junk {junk}")

    where = summ.get("where", [])[:SHOWN_WHERE]
    where_ok = True
    if label["main_place"]:
        where_ok = any(any_match(w, label["main_place"]) for w in where)
        tally.add(half, "where", where_ok)
        if not where_ok:
            problems.append(f"where {where} (want {label['main_place'][0]})")

    when = summ.get("when", [])
    first = when[0] if when else None
    when_ok = True
    if label["date"]:
        right = first == label["date"]
        tally.add(half, "when_all", right)
        if label["date_in_input"]:
            tally.add(half, "when_visible", right)
            when_ok = right
        else:
            when_ok = first in (None, label["date"])
        if not when_ok:
            problems.append(f"when {when[:2]} (want {label['date']})")

    shown_source = (summ.get("source") or {}).get("name")
    src_ok = source_right(shown_source, label["source"])
    tally.add(half, "source", src_ok)
    if not src_ok:
        problems.append(f"source {shown_source!r} (want {label['source']})")

    return not missing and not junk and where_ok and when_ok and src_ok


def score_quotes(label: dict[str, Any], summ: dict[str, Any], *, tally: Tally,
                 problems: list[str]) -> bool:  # fmt: skip
    """Quote scores of one item; True when every shown quote has its right speaker."""
    half = label["half"]
    quotes = summ.get("quotes", [])
    shown = [q for q in quotes if q.get("speaker")][:SHOWN_QUOTES]
    speakers = label["speakers"] + [q["speaker"] for q in label["quotes"]]
    quotes_ok = True
    for q in shown:
        match = quote_label(q["text"], label["quotes"])
        if match:
            ok = speaker_matches(q["speaker"], match["speaker"])
        else:
            ok = any(speaker_matches(q["speaker"], name) for name in speakers)
        tally.add(half, "q_shown", ok)
        if not ok:
            quotes_ok = False
            problems.append(f"said {q['speaker']!r}: {q['text'][:50]!r}")
    for q in shown:
        if q.get("direct"):
            ok = not merged(q["text"])
            tally.add(half, "q_verbatim", ok)
            if not ok:
                problems.append(f"said with narration inside: {q['text'][:70]!r}")
    for want in label["quotes"]:
        found = any(
            norm_prose(want["start"]) in norm_prose(q["text"])
            and speaker_matches(q.get("speaker") or "", want["speaker"])
            for q in quotes
        )
        tally.add(half, "q_found", found)
        if not found:
            problems.append(f"quote not found: {want['speaker']}: {want['start']!r}")

    return quotes_ok


def tree_state() -> str:
    """The short commit the CLI ran on, and whether ``bot/`` had uncommitted changes."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    ).stdout.strip()  # fmt: skip
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "bot"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    ).stdout.strip()  # fmt: skip
    return commit + (" + uncommitted changes under bot/" if dirty else "")


def main() -> None:
    """Run the CLI over the labelled items and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--errors", action="store_true", help="list each item's problems")
    parser.add_argument("--only", default="", help="comma-separated item ids")
    args = parser.parse_args()
    labels = {}
    with LABELS.open(encoding="utf-8") as fh:
        for line in fh:
            label = json.loads(line)
            if label["half"] != half_of(label["id"]):
                sys.exit(f"{label['id']}: half {label['half']} is not {half_of(label['id'])}")
            labels[label["id"]] = label
    only = set(filter(None, args.only.split(",")))
    rows, given = [], {}
    with ITEMS.open(encoding="utf-8") as fh:
        for line in fh:
            item = json.loads(line)
            if item["id"] not in labels or (only and item["id"] not in only):
                continue
            row = {"id": item["id"], "lang": item["lang"]}
            if "html" in item:
                row |= {"html": item["html"], "text": ""}
            else:
                row["text"] = item["text"]
            if item.get("title"):
                row["title"] = item["title"]
            given[item["id"]] = bool(item.get("title"))
            rows.append(row)
    extracted = run_cli(["extract"], rows)
    summaries = run_cli(["summarize", "--details"], rows)
    tally = Tally()
    for row in rows:
        item_id = row["id"]
        ext, summ = extracted.get(item_id, {}), summaries.get(item_id, {})
        problems: list[str] = [f"error: {o['error']}" for o in (ext, summ) if "error" in o]
        label = labels[item_id]
        score_extraction(
            label, ext, summ, given_title=given[item_id], tally=tally, problems=problems
        )
        facts_ok = score_facts(label, summ, tally=tally, problems=problems)
        quotes_ok = score_quotes(label, summ, tally=tally, problems=problems)
        tally.add(label["half"], "fact", facts_ok and quotes_ok)
        if args.errors and problems:
            print(f"[{labels[item_id]['half']}] {item_id}")
            for p in problems:
                print(f"    {p}")
    commit = tree_state()
    counts = {h: sum(1 for r in rows if labels[r["id"]]["half"] == h) for h in "AB"}
    print(
        f"\nrealworld-dev: {len(rows)} labelled articles "
        f"(A {counts['A']}, B {counts['B']}), commit {commit}\n"
    )
    print("| measure | half A | half B | all |")
    print("|---|---|---|---|")
    for title, key in ROWS:
        cells = " | ".join(tally.cell(h, key) for h in ("A", "B", "all"))
        print(f"| {title} | {cells} |")
    print("\n(n) = items, or names / quotes for the who and quote rows")


if __name__ == "__main__":
    main()
