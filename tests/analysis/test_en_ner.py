"""The English NER tagger on sentences written for these tests (none are from CoNLL-2003)."""

from __future__ import annotations

import itertools

import pytest

from bot.analysis.en_ner import (
    EnNerTagger,
    acting_places_as_orgs,
    labels_to_spans,
    make_consistent,
    split_sentences,
    tokenize,
)


@pytest.fixture(scope="session")
def tagger() -> EnNerTagger:
    return EnNerTagger.load()


def found(tagger: EnNerTagger, text: str) -> list[tuple[str, str]]:
    return [(text[start:end], kind) for start, end, kind in tagger.tag(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Secretary of State Marco Rubio met Russian Foreign Minister Sergei Lavrov "
            "in Kuala Lumpur on Thursday.",
            [("Marco Rubio", "PER"), ("Sergei Lavrov", "PER"), ("Kuala Lumpur", "LOC")],
        ),
        (
            "German Chancellor Friedrich Merz arrived in Warsaw on Monday for talks with "
            "Polish Prime Minister Donald Tusk.",
            [("Friedrich Merz", "PER"), ("Warsaw", "LOC"), ("Donald Tusk", "PER")],
        ),
        (
            "The European Central Bank left interest rates unchanged, President Christine "
            "Lagarde told reporters in Frankfurt.",
            [
                ("European Central Bank", "ORG"),
                ("Christine Lagarde", "PER"),
                ("Frankfurt", "LOC"),
            ],
        ),
        (
            "Ukrainian President Volodymyr Zelensky said drones hit an oil refinery near "
            "Saratov overnight.",
            [("Volodymyr Zelensky", "PER"), ("Saratov", "LOC")],
        ),
        (
            "The United Nations Security Council will meet on Friday to discuss the fighting "
            "in Sudan, diplomats said.",
            [("United Nations Security Council", "ORG"), ("Sudan", "LOC")],
        ),
        (
            "Apple Inc. is expected to unveil new iPhones at its headquarters in Cupertino, "
            "California, next month.",
            [("Apple Inc.", "ORG"), ("Cupertino", "LOC"), ("California", "LOC")],
        ),
        (
            "Prime Minister Keir Starmer told lawmakers that Britain would raise defence "
            "spending, the BBC reported.",
            [("Keir Starmer", "PER"), ("Britain", "LOC"), ("BBC", "ORG")],
        ),
        (
            "Kenyan police fired tear gas at protesters in Nairobi, the Red Cross said on "
            "Tuesday.",
            [("Nairobi", "LOC"), ("Red Cross", "ORG")],
        ),
        (
            "Japan's Toyota Motor Corp said it would build a new battery plant in North Carolina.",
            [("Japan", "LOC"), ("Toyota Motor Corp", "ORG"), ("North Carolina", "LOC")],
        ),
        (
            "Indian Prime Minister Narendra Modi held talks with Chinese President Xi Jinping "
            "in Tianjin.",
            [("Narendra Modi", "PER"), ("Xi Jinping", "PER"), ("Tianjin", "LOC")],
        ),
        (
            "The World Health Organization warned on Wednesday that cholera cases were rising "
            "in Yemen and Haiti.",
            [("World Health Organization", "ORG"), ("Yemen", "LOC"), ("Haiti", "LOC")],
        ),
        (
            "NATO Secretary General Mark Rutte said allies had agreed to spend more on defence.",
            [("NATO", "ORG"), ("Mark Rutte", "PER")],
        ),
        (
            "Hamas and Israel agreed to a ceasefire brokered by Egypt and Qatar, officials in "
            "Cairo said.",
            [
                ("Hamas", "ORG"),
                ("Israel", "LOC"),
                ("Egypt", "LOC"),
                ("Qatar", "LOC"),
                ("Cairo", "LOC"),
            ],
        ),
        (
            "Real Madrid beat Barcelona 2-1 at the Santiago Bernabeu, with Kylian Mbappe "
            "scoring twice.",
            [
                ("Real Madrid", "ORG"),
                ("Barcelona", "ORG"),
                ("Santiago Bernabeu", "LOC"),
                ("Kylian Mbappe", "PER"),
            ],
        ),
        (
            "Mr. Biden's spokeswoman, Karine Jean-Pierre, declined to comment.",
            [("Biden", "PER"), ("Karine Jean-Pierre", "PER")],
        ),
        (
            "“We will not back down,” said Iranian Foreign Minister Abbas Araqchi in Tehran.",
            [("Abbas Araqchi", "PER"), ("Tehran", "LOC")],
        ),
    ],
)
def test_sentences(tagger: EnNerTagger, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(tagger, text) == expected


def test_empty_text(tagger: EnNerTagger) -> None:
    assert tagger.tag("") == []
    assert tagger.tag("   \n\n\t ") == []


def test_no_names(tagger: EnNerTagger) -> None:
    assert tagger.tag("prices rose by 3.5% in the second quarter, the report said.") == []


@pytest.mark.parametrize(
    "text",
    [
        "  \n\nTalks  between   Sergei\tLavrov and Marco Rubio\n\nended in  Geneva .\n",
        "“I’m not leaving,” Olaf Scholz told ‘Der Spiegel’ in Berlin…\r\nNext line: Paris.",
        "He said:\u00a0\u201cThe Kremlin\u2019s view\u201d — Dmitry Peskov — was clear.",
        "(Reuters) -- U.S.-led talks in Doha (Qatar) collapsed; Hamas blamed Israel.",
    ],
)
def test_offsets_index_the_original_text(tagger: EnNerTagger, text: str) -> None:
    spans = tagger.tag(text)
    assert spans
    for start, end, kind in spans:
        mention = text[start:end]
        assert kind in {"PER", "LOC", "ORG"}
        assert mention == mention.strip()
        assert mention[:1].isalnum()
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_odd_whitespace_and_quotes(tagger: EnNerTagger) -> None:
    text = "  \n\nTalks  between   Sergei\tLavrov and Marco Rubio\n\nended in  Geneva .\n"
    assert found(tagger, text) == [
        ("Sergei\tLavrov", "PER"),
        ("Marco Rubio", "PER"),
        ("Geneva", "LOC"),
    ]
    quoted = "“I’m not leaving,” Olaf Scholz told reporters in Berlin."
    assert found(tagger, quoted) == [("Olaf Scholz", "PER"), ("Berlin", "LOC")]


def test_surname_alone_follows_the_full_name(tagger: EnNerTagger) -> None:
    text = "Donald Trump spoke in Ohio.\nTrump said the vote was rigged."
    assert found(tagger, text) == [("Donald Trump", "PER"), ("Ohio", "LOC"), ("Trump", "PER")]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Germany's view", ["Germany", "'s", "view"]),
        ("We don’t know.", ["We", "do", "n’t", "know", "."]),
        ("the U.S. and U.K.", ["the", "U.S.", "and", "U.K."]),
        ("rose 3.5% to $1,000.", ["rose", "3.5", "%", "to", "$", "1,000", "."]),
        ("Mr. Smith (Reuters)", ["Mr.", "Smith", "(", "Reuters", ")"]),
        ("a U.S.-led, well-known plan", ["a", "U.S.-led", ",", "well-known", "plan"]),
        ("“Yes,” O’Neill said", ["“", "Yes", ",", "”", "O’Neill", "said"]),
    ],
)
def test_tokenize_like_conll(text: str, tokens: list[str]) -> None:
    result = tokenize(text)
    assert [t.text for t in result] == tokens
    assert all(text[t.start : t.end] == t.text for t in result)


def test_sentences_split_at_newlines_and_full_stops() -> None:
    text = "He left. Then Mr. Smith came in the U.S. at noon.\nNew paragraph “Quoted.” Done"
    sentences = [[t.text for t in s] for s in split_sentences(text, tokenize(text))]
    assert sentences == [
        ["He", "left", "."],
        ["Then", "Mr.", "Smith", "came", "in", "the", "U.S.", "at", "noon", "."],
        ["New", "paragraph", "“", "Quoted", ".", "”"],
        ["Done"],
    ]


def test_labels_to_spans() -> None:
    labels = ["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG", "I-ORG", "I-PER"]
    assert labels_to_spans(labels) == [
        (0, 2, "PER"),
        (3, 4, "LOC"),
        (4, 5, "ORG"),
        (5, 7, "ORG"),
        (7, 8, "PER"),
    ]


def _consistent(text: str, tagged: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``make_consistent`` on the CRF's spans given as (surface, type), found left to right."""
    spans = []
    pos = 0
    for surface, kind in tagged:
        start = text.index(surface, pos)
        spans.append((start, start + len(surface), kind))
        pos = start + len(surface)
    return [(text[s:e], k) for s, e, k in make_consistent(text, tokenize(text), spans)]


def test_a_surname_of_a_full_name_is_that_person_whatever_the_majority() -> None:
    text = (
        "Justin Hurwitz wrote the score. Hurwitz said so. Hurwitz went on. "
        "Hurwitz smiled. Hurwitz left."
    )
    tagged = [("Justin Hurwitz", "PER"), ("Hurwitz", "PER")] + [("Hurwitz", "LOC")] * 3
    assert _consistent(text, tagged) == [("Justin Hurwitz", "PER")] + [("Hurwitz", "PER")] * 4


def test_a_one_word_name_never_introduced_as_a_person_takes_its_other_reading() -> None:
    text = "Zelmar grew. Zelmar hired. Zelmar sold. Zelmar bought. Zelmar won."
    tagged = [("Zelmar", "PER")] * 3 + [("Zelmar", "ORG")] * 2
    assert _consistent(text, tagged) == [("Zelmar", "ORG")] * 5


def test_a_person_named_often_stays_a_person() -> None:
    text = "Obama spoke. Obama left. Obama came. Obama said. Obama won."
    tagged = [("Obama", "PER")] * 4 + [("Obama", "LOC")]
    assert _consistent(text, tagged) == [("Obama", "PER")] * 5


def _acting(text: str, spans: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``acting_places_as_orgs`` on spans given as (surface, type), found left to right."""
    found, pos = [], 0
    for surface, kind in spans:
        start = text.index(surface, pos)
        found.append((start, start + len(surface), kind))
        pos = start + len(surface)
    return [(text[s:e], k) for s, e, k in acting_places_as_orgs(text, found)]


def test_a_place_that_acts_and_is_never_used_as_one_is_an_organisation() -> None:
    text = (
        "Amazon bought the grocer in 2017. Shoppers in Seattle saw prices fall at Amazon's stores."
    )
    spans = [("Amazon", "LOC"), ("Seattle", "LOC"), ("Amazon", "LOC")]
    assert _acting(text, spans) == [("Amazon", "ORG"), ("Seattle", "LOC"), ("Amazon", "ORG")]


def test_a_place_used_as_one_stays_a_place_even_when_it_acts() -> None:
    text = "Tulsa is growing fast. Thousands moved to homes in Tulsa last year."
    assert _acting(text, [("Tulsa", "LOC"), ("Tulsa", "LOC")]) == [
        ("Tulsa", "LOC"),
        ("Tulsa", "LOC"),
    ]


def test_a_known_country_that_acts_stays_a_place() -> None:
    text = "Germany said it would send more troops."
    assert _acting(text, [("Germany", "LOC")]) == [("Germany", "LOC")]
