"""A speaker is who speaks: never a relaying outlet, an age, a ranking's publisher or a name
in an oblique case."""

from __future__ import annotations

import pytest

from bot.analysis.entities import find_mentions
from bot.analysis.models import NlpModels
from bot.analysis.quotes import find_quotes
from bot.analysis.sentences import split_sentences
from bot.models import Quote


def quotes_of(text: str, lang: str, nlp: NlpModels) -> list[Quote]:
    sentences = split_sentences(text, lang, nlp)
    mentions = find_mentions(text, lang, nlp)
    return find_quotes(text, sentences, mentions, lang, nlp)


@pytest.mark.parametrize(
    ("text", "lang", "fragment", "speaker"),
    [
        (
            "Алексей Кудрин выступил на форуме.\n\n«Я сейчас готовлю проект реформы», — "
            "приводит ТАСС заявление Кудрина.",
            "ru",
            "готовлю проект",
            "Алексей Кудрин",
        ),
        (
            "«Мы не повышаем тарифы», — цитирует агентство слова представителя компании.",
            "ru",
            "не повышаем тарифы",
            "представитель компании",
        ),
        (
            "Shawn Styles, 30, who lives nearby, said he saw the man running from the scene.",
            "en",
            "he saw the man running",
            "Shawn Styles",
        ),
        ("«Именно за это он умрёт», — сказал нападавший.", "ru", "за это он умрёт", "нападавший"),
        (
            "Мои хорошие, тетка моя говорила: «Если бы дети так заботились о родителях, конца "
            "света не было бы».",
            "ru",
            "заботились о родителях",
            "тетка",
        ),
    ],
)
def test_the_speaker_is_who_speaks(
    nlp: NlpModels, text: str, lang: str, fragment: str, speaker: str
) -> None:
    found = [q for q in quotes_of(text, lang, nlp) if fragment in q.text]
    assert [q.speaker for q in found] == [speaker]


@pytest.mark.parametrize(
    "text",
    [
        # a ranking's publisher said nothing
        "Лучшим игроком года, по версии еженедельника France Football, стал Лионель Месси.",
        # the name before the colon is the addressee, not the speaker
        "Журналист опубликовал статью, где жёстко ответил Владиславу Суркову:\n\n"
        "Нужно заметить, что нынче у менеджеров новая мода.",
    ],
)
def test_no_speaker_where_nobody_is_said_to_speak(nlp: NlpModels, text: str) -> None:
    assert quotes_of(text, "ru", nlp) == []


@pytest.mark.parametrize(
    ("text", "lang", "fragment", "speaker"),
    [
        (
            "Первый вице-премьер Игорь Шувалов встретился с бизнесом.\n\n«Мораторий вводить не "
            "следует», — сказал вице-премьер.",
            "ru",
            "Мораторий",
            "Игорь Шувалов",
        ),
        (
            "President Jacob Zuma met the envoy on Monday.\n\n“We will not interfere,” the "
            "president said.",
            "en",
            "not interfere",
            "Jacob Zuma",
        ),
        # «глава государства» is not the «глава КГК» named before
        (
            "Глава КГК Иван Тертель выступил в среду.\n\n«Ветры дуют с разных сторон», — "
            "сказал глава государства.",
            "ru",
            "Ветры дуют",
            "глава государства",
        ),
        # a headline in title case says nothing of titles; a clause after a comma is no
        # apposition
        (
            "Mayor Says Chelsea Explosion Was Intentional\n\nAt a press conference in Chelsea, "
            "the mayor also said that it was too early to tell what caused the blast.",
            "en",
            "too early to tell",
            "the mayor",
        ),
    ],
)
def test_a_descriptor_is_the_person_the_text_gave_that_title(
    nlp: NlpModels, text: str, lang: str, fragment: str, speaker: str
) -> None:
    found = [q for q in quotes_of(text, lang, nlp) if fragment in q.text]
    assert [q.speaker for q in found] == [speaker]


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        # a place that completes the speaker is not the speaker
        (
            "По данным минэкологии Якутии, к тушению пожаров привлечено 639 человек.",
            "привлечено 639 человек",
            "минэкология Якутии",
        ),
        # a time before the place that speaks
        (
            "Как отметили в пятницу в правительстве республики, средства уже выделены.",
            "средства уже выделены",
            "правительство республики",
        ),
        # an organisation's descriptor is the organisation the text named so
        (
            "Рейтинговое агентство Fitch понизило рейтинг банка.\n\nКак сообщает агентство, "
            "рейтинги изменены из-за ограничений на снятие наличных.",
            "рейтинги изменены",
            "Fitch",
        ),
    ],
)
def test_places_times_and_organisations(
    nlp: NlpModels, text: str, fragment: str, speaker: str | None
) -> None:
    found = [q for q in quotes_of(text, "ru", nlp) if fragment in q.text]
    assert [q.speaker for q in found] == ([speaker] if speaker else [])


def test_an_outlet_that_relays_a_statement_is_not_its_speaker(nlp: NlpModels) -> None:
    text = (
        "Число эвакуированных достигло тысячи человек. Об этом в воскресенье заявил президент "
        "Канарских островов Анхель Виктор Торрес, сообщает газета La Razón."
    )
    assert all(q.speaker != "La Razón" for q in quotes_of(text, "ru", nlp))


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        # the verb tells the gender the name does not (Дана is also a woman's name)
        (
            "Президент UFC Дана Уайт добавил, что не обладает информацией о карьере Конора "
            "Макгрегора. По его словам, несколько дней назад он разговаривал с ирландцем.",
            "несколько дней назад",
            "Дана Уайт",
        ),
        # a descriptor right after the person spoke, nobody else named between
        (
            "Александр Лукашенко заявил, что программа почти согласована.\n\n«Что мы будем "
            "говорить к юбилею?» — посетовал белорусский лидер.",
            "к юбилею",
            "Александр Лукашенко",
        ),
        # ... but not when someone else was named in between
        (
            "Александр Лукашенко заявил, что программа почти согласована. Его выслушал Михаил "
            "Мишустин.\n\n«Что мы будем говорить к юбилею?» — посетовал белорусский лидер.",
            "к юбилею",
            "белорусский лидер",
        ),
    ],
)
def test_who_a_pronoun_or_descriptor_stands_for(
    nlp: NlpModels, text: str, fragment: str, speaker: str
) -> None:
    found = [q for q in quotes_of(text, "ru", nlp) if fragment in q.text]
    assert [q.speaker for q in found] == [speaker]


def test_what_was_announced_ends_where_another_clause_begins(nlp: NlpModels) -> None:
    text = (
        "Еще до того, как Россия официально объявила о начале операции в Сирии, "
        "расследователи заявляли о присутствии в стране военных."
    )
    texts = [q.text for q in quotes_of(text, "ru", nlp)]
    assert not any("расследователи" in t for t in texts), texts


def named_quotes(text: str, lang: str, nlp: NlpModels) -> list[Quote]:
    sentences = split_sentences(text, lang, nlp)
    mentions = find_mentions(text, lang, nlp)
    return find_quotes(text, sentences, mentions, lang, nlp, named_only=True)


@pytest.mark.parametrize(
    ("text", "lang", "fragment", "speaker", "speaker_words"),
    [
        # a bare descriptor nobody stands for: no speaker, its words still marked
        ("Юрист сказал: «Дело будет передано в суд уже в мае».", "ru", "в суд", None, "Юрист"),
        ('"We will appeal the ruling," the lawyer said.', "en", "appeal", None, "the lawyer"),
        # a phrase holding a name, a person, a pronoun resolved to one: named
        (
            "«Санкции будут продлены», — заявил представитель МИД Китая.",
            "ru",
            "продлены",
            "представитель МИД Китая",
            "представитель МИД Китая",
        ),
        (
            '"Pence will have to defend Trump," said a New Hampshire Republican.',
            "en",
            "defend",
            "a New Hampshire Republican",
            "a New Hampshire Republican",
        ),
        # a capitalised modifier does not name the speaker ("a Mercedes driver")
        (
            '"The road was empty when it happened," said a Mercedes driver.',
            "en",
            "road was empty",
            None,
            "a Mercedes driver",
        ),
        (
            "Мария Захарова выступила в четверг.\n\n«Мы ждем ответа», — написала она.",
            "ru",
            "ждем ответа",
            "Мария Захарова",
            "она",
        ),
    ],
)
def test_named_only_leaves_unresolved_descriptors_without_a_speaker(
    nlp: NlpModels, text: str, lang: str, fragment: str, speaker: str | None, speaker_words: str
) -> None:
    [q] = [q for q in named_quotes(text, lang, nlp) if fragment in q.text]
    assert q.speaker == speaker
    assert q.speaker_start is not None
    assert text[q.speaker_start : q.speaker_end] == speaker_words


def test_an_institution_descriptor_after_an_organisation_spoke_is_that_organisation(
    nlp: NlpModels,
) -> None:
    text = (
        "В МИД РФ рассказали, что встреча прошла в рабочей обстановке.\n\n"
        "«Подтвержден обоюдный настрой на поиск мирных развязок», — рассказали в российском "
        "внешнеполитическом ведомстве."
    )
    [q] = [q for q in named_quotes(text, "ru", nlp) if "настрой" in q.text]
    assert q.speaker == "МИД РФ"
    # another organisation named in between: the descriptor could be either
    other = text.replace("\n\n", " Посол США в Москве передал ноту в Госдепартамент.\n\n")
    [q] = [q for q in named_quotes(other, "ru", nlp) if "настрой" in q.text]
    assert q.speaker is None


@pytest.mark.parametrize(
    ("text", "lang", "fragment", "speaker"),
    [
        # a dash and a name alone closing the paragraph sign the quote
        (
            "Readers wrote to us after the debate.\n“He never answered a single question "
            "tonight.” ― Maria Lopez\n“I will vote for the first time this year.” ― John Smith",
            "en",
            "never answered",
            "Maria Lopez",
        ),
        (
            "«Мы будем бороться до последнего дня сезона» — Алексей Миранчук\n"
            "Команда готовится к матчу.",
            "ru",
            "до последнего",
            "Алексей Миранчук",
        ),
        # an idiom, a relative pronoun, an auxiliary before an adverb
        (
            "As Steven Rosenthal, a tax lawyer, recently put it, “Did he lower his taxes "
            "through legal tax avoidance?”",
            "en",
            "legal tax avoidance",
            "Steven Rosenthal",
        ),
        (
            "Guests included Oprah Winfrey and Stevie Wonder, who joked of the museum, "
            "“I haven’t seen it yet, but I’m going to.”",
            "en",
            "seen it yet",
            "Stevie Wonder",
        ),
        # an opening phrase before the subject; the one told is not the speaker
        (
            "In a Bloomberg interview Trump declared “I think NATO may be obsolete now.”",
            "en",
            "obsolete",
            "Trump",
        ),
        (
            "John Dickey, the chief executive of Ora Media -- the company that owns the "
            "programme -- told me, “We are a content provider for everyone.”",
            "en",
            "content provider",
            "John Dickey",
        ),
        # a word inside a name is no verb ("United States" is not "states")
        (
            "“Their strategy is very clear,” Michael McFaul, a senior fellow and a former "
            "United States ambassador to Russia, said of RT.",
            "en",
            "strategy",
            "Michael McFaul",
        ),
        # a full stop inside brackets does not end the attribution
        (
            '"We cannot have people come here and refuse to answer," Rep. John Mica (R-Fla.) '
            'said. "You destroy the whole basis of our government."',
            "en",
            "refuse to answer",
            "John Mica",
        ),
        # a verb after "and" shares the subject that opens its clause
        (
            "In my early 20s, when my mother mentioned it on the highway, I laughed and said, "
            "“I don’t believe in the devil at all.”",
            "en",
            "believe in the devil",
            None,
        ),
        (
            "Maria Lopez then urges her husband to come out of the car and repeatedly says, "
            "“Don’t you do it, please do not do it.”",
            "en",
            "Don’t you do it",
            "Maria Lopez",
        ),
        # a quote that ends with a quote inside it, then its attribution
        (
            "\"In my first meeting with him, he said, 'Our approach has not worked at all,'\" "
            "Derek Mitchell recalled in an interview.",
            "en",
            "first meeting",
            "Derek Mitchell",
        ),
        # before a colon without a reporting verb: the nearest person in the clause
        (
            "Anna Berg got so upset, so that Mark Stone had to change his answer: “Of course I "
            "believe in it, I was just kidding.”",
            "en",
            "just kidding",
            "Mark Stone",
        ),
        # a quote ending with its own sentence's punctuation is whole, whatever follows; a
        # place completing the speaker is not the speaker
        (
            "Protesters in Charlotte chanted “What curfew is this?” and kept going until 2 a.m.",
            "en",
            "What curfew",
            "Protesters in Charlotte",
        ),
        # a name, then a dash and the quote
        (
            "Many said the same thing, including Mitt Romney -- “It is disqualifying to refuse "
            "to release tax returns” -- and others.",
            "en",
            "disqualifying",
            "Mitt Romney",
        ),
    ],
)
def test_signatures_idioms_and_subjects(
    nlp: NlpModels, text: str, lang: str, fragment: str, speaker: str | None
) -> None:
    found = [q for q in quotes_of(text, lang, nlp) if fragment in q.text and q.direct]
    assert [q.speaker for q in found] == [speaker]
    assert found[0].speaker_start is not None  # "I" speaks: the text's own voice


def test_a_clause_after_a_quote_is_not_its_attribution_when_subordinate(nlp: NlpModels) -> None:
    text = (
        "The ad ends with footage of the debate.\n\n“That makes me smart,” when Clinton "
        "blasted him for not paying income tax."
    )
    assert all(q.speaker != "Clinton" for q in quotes_of(text, "en", nlp))


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # "it" is the organisation that opens the sentence before (its subject) ...
        (
            "Police in Leeds said the pills were toxic.\n“We are looking into it,” said chief "
            "inspector Jane Doe from Leeds police.\nThe Food Standards Agency warned people to "
            "stay away from such products.\n“We advise the public not to take any tablets,” it "
            "said in a statement.",
            "Food Standards Agency",
        ),
        # ... unless someone spoke in that sentence
        (
            "The Progress cargo craft broke up over Siberia, NASA said in a statement. "
            "“Most of the debris burnt up in the atmosphere over the region,” it said.",
            "NASA",
        ),
    ],
)
def test_a_pronoun_is_the_subject_of_the_sentence_before(
    nlp: NlpModels, text: str, speaker: str
) -> None:
    found = [q for q in named_quotes(text, "en", nlp) if q.direct]
    assert found[-1].speaker == speaker


def test_a_date_after_according_to_is_not_part_of_the_speaker(nlp: NlpModels) -> None:
    text = (
        "По данным минэкологии Якутии на 9 августа, к тушению пожаров в республике "
        "привлечено 639 человек."
    )
    [q] = quotes_of(text, "ru", nlp)
    assert q.speaker_start is not None
    assert text[q.speaker_start : q.speaker_end] == "минэкологии Якутии"


def test_a_hard_wrapped_text_keeps_its_paragraphs(nlp: NlpModels) -> None:
    text = (
        "   Президент Белоруссии Александр Лукашенко предложил решить все спорные\n"
        "вопросы до декабря.\n\n"
        "   Политик заявил, что граждане давно ждут решений. «Момент характеризуется тем,\n"
        "что надо принимать решения», — сказал он.\n"
    )
    [q] = [q for q in named_quotes(text, "ru", nlp) if q.direct]
    assert (q.text, q.speaker) == (
        "Момент характеризуется тем, что надо принимать решения",
        "Александр Лукашенко",
    )


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the one person named as a subject earlier in the paragraph
        (
            "Тем временем боец UFC Пётр Ян перенёс операцию на руке. В июне он одержал пятую "
            "победу. При этом сам спортсмен признался, что травма серьёзно мешала ему.",
            "Пётр Ян",
        ),
        # two people named as subjects: either could be meant
        (
            "Пётр Ян перенёс операцию, а Джон Джонс отменил бой. При этом сам спортсмен "
            "признался, что травма серьёзно мешала ему.",
            None,
        ),
        # a name inside a quote or a descriptor holding a name does not count
        (
            "Боксёра не удалось спасти.\n\n«Максим Дадашев скончался ночью в больнице», — "
            "отметил собеседник агентства.",
            None,
        ),
    ],
)
def test_a_descriptor_is_the_person_the_paragraph_is_about(
    nlp: NlpModels, text: str, speaker: str | None
) -> None:
    [q] = named_quotes(text, "ru", nlp)
    assert q.speaker == speaker


def test_a_quote_over_two_paragraphs_goes_on_with_the_speaker_before(nlp: NlpModels) -> None:
    text = (
        "Eloise Parry, 21, was taken to hospital on 12 April.\n"
        "“The drug was in her system and there was no antidote,” her mother, Fiona Parry, "
        "said in a statement.\n"
        "“As Eloise deteriorated, the staff did all they could to stabilise her.\n"
        "“She was literally burning up from within.”\n"
    )
    [q] = [q for q in quotes_of(text, "en", nlp) if "deteriorated" in q.text]
    assert q.speaker == "Fiona Parry"
