"""Tests of the shared text analysers: tokens, word lists, questions, sentiment, tone, URLs."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from smmlint import analysers
from smmlint.analysers import (
    LEXICON_NAMES,
    Analysers,
    Lexicon,
    LexiconError,
    find_urls,
    is_own_link,
    normalise_url,
    tokenize,
    url_host,
)
from smmlint.engine import lint_paths
from smmlint.resources import lexicons_dir


@pytest.fixture(scope="module")
def built_in() -> Analysers:
    return Analysers.load()


# --------------------------------------------------------------------------------------------
# Tokens


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Привет, МИР!", ["привет", "мир"]),
        ("Ёлка и ещё", ["елка", "и", "еще"]),
        ("Don’t stop, don't", ["don't", "stop", "don't"]),
        ("Ну-ну, фото-конкурс", ["ну-ну", "ну", "ну", "фото-конкурс", "фото", "конкурс"]),
        ("кофе😍когда (как) ...", ["кофе", "😍", "когда", "как"]),
        ("👎🏻👎 ну-ну😂 ❤️", ["👎", "👎", "ну-ну", "ну", "ну", "😂", "❤"]),  # one emoji, one token
        ("2.5 кг, 10%", ["2", "5", "кг", "10"]),
        ("snake_case — «цитата»", ["snake", "case", "цитата"]),
        ("строка1\nстрока2", ["строка1", "строка2"]),
        ("", []),
        ("!!! ))) 🙂", ["🙂"]),
        ("!!! )))", []),
    ],
)
def test_tokenize(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens


@pytest.mark.parametrize(
    "text",
    [
        "Здравствуйте! Подскажите, пожалуйста, до скольки вы работаете?",
        "Ну-ну... (как всегда) don’t 2.5 кг — «ok» snake_case кофе😍когда",
        "line one\nline two!! ))) ---",
        "👎🏻👎 ну-ну😂!! ❤️ (🙄) ok🇷🇺",
    ],
)
def test_the_sentence_reader_sees_the_same_tokens(text: str) -> None:
    # is_question reads sentences with a second, punctuation-aware tokenizer: it must agree.
    assert list(analysers._read_sentences(analysers._fold(text)).tokens) == tokenize(text)


# --------------------------------------------------------------------------------------------
# Lexicon


def test_lexicon_parses_comments_case_and_yo() -> None:
    lexicon = Lexicon.from_lines(
        ["# a comment", "", "  Ёлка  ", "стем*   # inline comment", "Не РАБОТАЕТ", "ага, конечно"]
    )
    assert len(lexicon) == 4
    assert lexicon.entries == ("елка", "стем*", "не работает", "ага, конечно")


@pytest.mark.parametrize(
    ("entries", "text", "expected"),
    [
        (["кофе"], "Кофе остыл", True),
        (["кофе"], "Кофейня закрыта", False),  # a whole word is not a stem
        (["разочарован*"], "Я разочарована", True),
        (["разочарован*"], "Разочарованы все", True),
        (["разочарован*"], "Очарована", False),
        (["не работает"], "Сайт не работает", True),
        (["не работает"], "Не знаю, работает ли", False),  # not consecutive
        (["не работа*"], "Терминал не работал", True),
        (["where can i buy"], "Where can I buy it", True),
        (["where can i buy"], "Where can I", False),  # the phrase is cut short by the end
        (["ну-ну"], "Ну-ну, посмотрим", True),
        (["ну-ну конечно"], "Ну-ну, конечно", True),  # a compound inside a phrase
        (["конкурс*"], "Наш фото-конкурс", True),  # a compound's part
        (["ага, конечно"], "Ага конечно", True),  # punctuation in an entry is ignored
        (["ёлка"], "Елка", True),
        (["елка"], "Ёлка", True),
    ],
)
def test_lexicon_matches(entries: list[str], text: str, expected: bool) -> None:
    assert Lexicon(entries).matches(tokenize(text)) is expected


def test_lexicon_match_at_reports_the_longest_entry() -> None:
    lexicon = Lexicon(["как", "как же", "как же так"])
    tokens = tokenize("как же так вышло")
    assert lexicon.match_at(tokens, 0) == 3
    assert lexicon.match_at(tokens, 1) == 0
    assert lexicon.match_at(tokens, 99) == 0
    assert Lexicon(["же*"]).match_at(tokens, 1) == 1


def test_lexicon_extend_keeps_both_and_the_originals() -> None:
    first = Lexicon(["кофе", "чай*"])
    second = Lexicon(["какао", "кофе"])
    both = first.extend(second)
    assert len(both) == 3
    assert both.matches(["какао"]) and both.matches(["чайник"])
    assert len(first) == 2 and not first.matches(["какао"])


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("кон*курс", "'*' may only end an entry"),
        ("к*", "at least two letters"),
        ("!!!", "no letters or digits"),
        ("конкурс *", "'*' must follow the stem directly"),
    ],
)
def test_lexicon_rejects_malformed_entries_naming_source_and_line(line: str, message: str) -> None:
    with pytest.raises(LexiconError, match=message) as error:
        Lexicon.from_lines(["ok", "# comment", line], source="my/lexicons/negative.txt")
    assert str(error.value).startswith("my/lexicons/negative.txt:3: ")


# --------------------------------------------------------------------------------------------
# Built-in lists and user extensions


def test_every_built_in_list_is_registered_and_every_name_has_a_file() -> None:
    on_disk = {path.stem for path in lexicons_dir().glob("*.txt")}
    assert on_disk == set(LEXICON_NAMES)


@pytest.mark.parametrize("name", LEXICON_NAMES)
def test_built_in_lists_are_documented_and_not_empty(name: str, built_in: Analysers) -> None:
    header = (lexicons_dir() / f"{name}.txt").read_text(encoding="utf-8")
    assert header.startswith(f'# smmlint word list "{name}"')
    assert f"lexicons/{name}.txt" in header  # how users extend it
    assert len(built_in.lexicons[name]) >= 10


def test_user_lists_extend_the_built_in_ones(tmp_path: Path) -> None:
    first, second = tmp_path / "team", tmp_path / "client"
    (first / "lexicons").mkdir(parents=True)
    (second / "lexicons").mkdir(parents=True)
    (first / "lexicons" / "contest.txt").write_text("# our own words\nмарафон*\n", encoding="utf-8")
    (second / "lexicons" / "insults.txt").write_text("\ufeffкофеюзер*\n", encoding="utf-8")  # BOM
    (second / "lexicons" / "README.md").write_text("not a list", encoding="utf-8")
    (second / "lexicons" / ".contest.txt.swp").write_text("junk", encoding="utf-8")
    default = Analysers.load()
    extended = Analysers.load([first, second, tmp_path / "no-such-folder"])
    assert not default.is_contest("Кофейный марафон стартует")
    assert extended.is_contest("Кофейный марафон стартует")
    assert extended.is_contest("Розыгрыш трёх пачек зерна")  # built-in entries stay
    assert extended.is_abusive("Ну ты кофеюзер")
    assert len(extended.lexicons["contest"]) == len(default.lexicons["contest"]) + 1


def test_user_question_words_reach_the_sentence_reading(tmp_path: Path) -> None:
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "question_words.txt").write_text("шо\nшо по\n", encoding="utf-8")
    (tmp_path / "lexicons" / "negative.txt").write_text("зашквар*\n", encoding="utf-8")
    extended = Analysers.load([tmp_path])
    assert not Analysers.load().is_question("Шо по доставке")
    assert extended.is_question("Шо по доставке")
    assert extended.is_question("Привет, шо по доставке")
    assert not extended.is_question("Шо по доставке, я уже поняла")  # still a statement
    assert extended.is_negative("Зашкварный сервис")
    assert not extended.is_negative("Не зашкварно")


def test_an_unknown_user_list_name_is_an_error_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "lexicons").mkdir()
    typo = tmp_path / "lexicons" / "negatve.txt"
    typo.write_text("плохо\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="there is no word list called 'negatve'") as error:
        Analysers.load([tmp_path])
    assert str(typo) in str(error.value)
    assert "negative" in str(error.value)  # the known names are listed


def test_a_malformed_user_list_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "lexicons").mkdir()
    path = tmp_path / "lexicons" / "sarcasm.txt"
    path.write_text("ну да\nну*да\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r":2: 'ну\*да': '\*' may only end an entry") as error:
        Analysers.load([tmp_path])
    assert str(path) in str(error.value)


def test_a_user_list_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "negative.txt").write_bytes("ужасно\n".encode("cp1251"))
    with pytest.raises(LexiconError, match="not UTF-8"):
        Analysers.load([tmp_path])


def test_analysers_reject_unknown_list_names() -> None:
    with pytest.raises(LexiconError, match="unknown word list"):
        Analysers({"negativ": Lexicon(["x"])})


def test_missing_lists_are_empty() -> None:
    only_contest = Analysers({"contest": Lexicon(["конкурс*"])})
    assert only_contest.is_contest("Конкурс!")
    assert not only_contest.is_negative("Ужасно")


def test_results_survive_the_token_memo_being_cleared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analysers, "_TOKEN_CLASSES_LIMIT", 2)
    fresh = Analysers.load()
    texts = ["Ужасный сервис", "Розыгрыш призов", "Дайте ссылку", "Когда откроетесь", "Вы идиот"]
    for _ in range(2):
        assert [
            fresh.is_negative(texts[0]),
            fresh.is_contest(texts[1]),
            fresh.asks_for_link(texts[2]),
        ] == [True] * 3
        assert [fresh.is_question(texts[3]), fresh.is_abusive(texts[4])] == [True, True]
    assert len(fresh._classes) <= 2


# --------------------------------------------------------------------------------------------
# Questions

QUESTIONS = [
    "Какой у вас адрес",
    "Какая у вас доставка в выходные",
    # a question mark
    "Когда откроетесь?",
    "А доставка есть?)",
    "Сколько стоит？",
    "Are you open on Sunday?",
    "Ссылка https://zerno.coffee/menu?utm=vk, а цена какая?",
    # Russian without '?'
    "Когда откроетесь",
    "сколько стоит доставка",
    "Здравствуйте, когда откроетесь",
    "Добрый день! А можно заказать торт на субботу",
    "Ребята, где вы находитесь",
    "Подскажите пожалуйста адрес",
    "Добрый вечер, не подскажете, до скольки работаете",
    "Хотела узнать про доставку в Казань",
    "Есть ли безлактозное молоко",
    "Работаете ли вы в праздники",
    "Почему так долго",
    "Во сколько открываетесь",
    "Какой у вас режим работы",
    "Какие сиропы есть",
    "Как заказать доставку",
    "Спасибо) Когда следующий завоз",
    "Спасибо!\nА где вас найти",
    "Когда откроетесь, ребята",
    "У вас есть овсяное молоко",
    "Не могли бы вы прислать меню",
    # English without '?'
    "How do I order beans online",
    "Hi guys, so when do you open",
    "Do you deliver to Brooklyn",
    "Is there parking nearby",
    "Can I bring my dog",
    "Would you recommend the oat latte",
    "I was wondering if you have decaf",
    "Does anyone know the wifi password",
    "What time do you close",
    "Any news on my order",
    "Интересно, а вы работаете 31 декабря",
    "Кто-нибудь уже пробовал новый раф",
    # A bare auxiliary with a subject opens the text; chat spellings and wondering aloud.
    "Are memberships transferable",
    "Is membership refundable",
    "Do classes run on bank holidays",
    "Does Coach Mia teach on Fridays",
    "Do u ship to canada",
    "Hi! Are kids allowed in the gym",
    "Do personal trainers cost extra",
    "Can u deliver tomorrow",
    "Curious whether the shakers are dishwasher safe",
    "Need to know if I can bring a friend",
    "Was wondering when the new leggings drop",
    "Just wondering if the sauna is open",
    "Help, how do I cancel",
    "Anyone tried the new spin class",
    # Russian: "есть у вас", "кто-нибудь", "хотела уточнить", "Скажите," and a time asked anywhere.
    "Есть у вас безглютеновый хлеб",
    "а есть у вас торты на заказ",
    "Хотела уточнить, вы принимаете карты",
    "Хотела спросить про безлактозные десерты",
    "Скажите, в субботу работаете",
    "Добрый день! Скажите, пожалуйста, доставка в Химки есть",
    "Кто-нибудь заказывал у них торт",
    "А в воскресенье во сколько открываетесь",
    "Вы завтра до скольки работаете",
]

NOT_QUESTIONS = [
    # Praise and sayings that open like questions.
    "Какой у вас уютный зал",
    "Какие у вас милые бариста 🥰",
    "Как я люблю ваши эклеры",
    "Как дома 🥰",
    "Кто пробовал тот поймет",
    "Чем дальше тем вкуснее",
    "When the barista remembers your order 🥹",
    "Do yourself a favor and get the croissant",
    "",
    None,
    "Как же здорово!",
    "Как же здорово",
    "Как всегда вкусно",
    "Как и обещали, публикуем итоги конкурса.",
    "Когда я пришла, кофе был уже холодный",
    "Как приготовить капучино дома: пять шагов",
    "Какой вкусный кофе 😍",
    "Какая прелесть",
    "Какой же классный раф",
    "Какие же вы молодцы",
    "Интересно было послушать",
    "Кто-то разлил кофе у входа",
    "Интересно вы придумали с этими стаканами",
    "Кто-то пробовал, говорит вкусно",
    "Спасибо, что ответили",
    "Напишите, когда будете готовы",
    "Вряд ли приду сегодня",
    "То ли дождь, то ли снег",
    "Как-то так",
    "Где-то в центре",
    "Когда уже откроетесь!",
    "Ждём вас снова, хорошего дня :)",
    "Спасибо большое, очень вкусно",
    "Можно сказать, лучший кофе в городе",
    "Что ж, спасибо",
    "Смотрите меню: https://zerno.coffee/menu?utm=vk",
    "What a lovely day",
    "How nice of you",
    "Would recommend!",
    "Was great, thanks",
    "Can't wait",
    "When I came in, the coffee was cold",
    "Who knows",
    "Thanks, see you tomorrow",
    "Great coffee and friendly staff",
    # Rhetorical questions and exclamations.
    "Where there's a will there's a way 💪",
    "Who knew burpees could be fun",
    "Can you believe it's been a year already",
    "Is it me or is this amazing",
    "Какое счастье что вы открылись рядом с домом",
    "Какая удача, что успела купить последний",
    "Сколько можно быть такими милыми",
    "Сколько можно ждать заказ",
    # A bare auxiliary without a subject, or an imperative: a statement.
    "Do come visit us",
    "Do try the oat latte",
    "Do it again",
    "Do not recommend",
    "Does the job",
    "Does wonders for my back",
    "Is amazing",
    "Is so good",
    "Is a must try",
    "Is what it is",
    "Thanks! Do classes run on holidays",  # not the opening: missed, as precision asks
    # "Скажите" not as a clause of its own; "как" comparing; a vocative plea.
    "Скажите спасибо, что вообще ответили",
    "Мягкие как вата",
    "Кто-нибудь, спасите меня от этих пирожных",
    "Есть у вас одна проблема — очереди",
    # Rhetorical questions ask nothing, even with a '?' (the rhetorical list): indignation,
    # surprise, sayings and memes. A short entry only as the whole sentence.
    "Серьёзно?! Опять",
    "Серьёзно, ребята?",
    "Ну кто так делает?",
    "Кто так делает торты?!",
    "Сколько можно?!",
    "Да ладно?",
    "Вы издеваетесь?",
    "А что, так можно было? 😂",
    "Кто, если не вы? ❤️",
    "Что может быть лучше утреннего капучино",
    "Seriously?",
    "Really?? 😂",
    "Who does that?!",
    "Can you believe it?",
    "What's not to love?",
    "Серьёзно? zerno.coffee/menu?utm=vk",  # the '?' of a link ends no sentence
]

# Their asking look-alikes: a short entry followed by a question, or a second sentence that asks.
RHETORICAL_LOOKALIKES = [
    "Серьёзно, когда откроетесь?",
    "Правда, что вы закрываетесь?",
    "Сколько можно взять с собой?",
    "Сколько можно хранить торт в холодильнике?",
    "Кто так красиво оформил зал?",
    "Серьёзно? А когда откроетесь",
    "Неужели открылись? А до скольки работаете?",
    "Вы издеваетесь? Когда будет мой заказ?",
    "Really? When?",
    "Can you believe it's December already? When does the Christmas menu start?",
    "Реально ли успеть к 18?",
]


@pytest.mark.parametrize("text", QUESTIONS)
def test_is_question(text: str, built_in: Analysers) -> None:
    assert built_in.is_question(text) is True


@pytest.mark.parametrize("text", NOT_QUESTIONS)
def test_is_not_question(text: str | None, built_in: Analysers) -> None:
    assert built_in.is_question(text) is False


@pytest.mark.parametrize("text", RHETORICAL_LOOKALIKES)
def test_rhetorical_look_alikes_still_ask(text: str, built_in: Analysers) -> None:
    assert built_in.is_question(text) is True


# --------------------------------------------------------------------------------------------
# Sentiment

NEGATIVE = [
    # Praise denied.
    "Кофе не вкусный",
    "The latte was not that great",
    "Дорого",
    # Thanks after a negative word are no praise it intensifies.
    "Terrible, thanks to your courier the cake arrived smashed",
    "Disgusting. Thx for nothing",
    "Отвратительно! Добро пожаловать в сервис, где всем плевать",
    "Ужасное обслуживание",
    "Я очень разочарована",
    "Кофе отвратительный, больше не приду",
    "Меня обманули!",
    "Приложение не работает третий день",
    "Верните деньги за заказ",
    "Стало хуже, чем было",
    "Кошмар какой-то",
    "Ничего не работает",
    "Курьер нахамил",
    "Не плохо, а ужасно",
    "Terrible service",
    "Worst latte I've ever had",
    "So disappointed with my order",
    "I want a refund",
    "This is a scam",
    "Never again",
    "My order never arrived",
    "Not happy at all",
    # Russian: stale, cold, "больше не закажем", not impressed, "фу", emoji.
    "Хлеб черствый, купила вчера вечером",
    "Булка черствая, как камень",
    "…не тот крем. Больше не закажем",
    "Кофе остывший",
    "Вообще не впечатлило",
    "Ожидала большего за такие деньги",
    "Круассаны не хрустят, мягкие как вата 👎",
    "👎👎👎",
    "👎🏻",
    "🤮",
    "Фу",
    "Фу-фу-фу",
    "😡 больше к вам ни ногой",
    "Приложение зависает на оплате",
    "Списали дважды за один заказ",
    "Ужас как долго ждали",
    "Сколько можно ждать заказ",
    "Кошмар как дорого",
    # English: charged twice, nobody replies, crashes, not impressed, too expensive, stars, emoji.
    "Charged me twice this month and nobody replies to emails",
    "No one answers the phone",
    "The app crashes every time I try to book a class",
    "The app keeps crashing",
    "Not impressed with the new schedule",
    "Way too expensive",
    "Zero stars if I could",
    "Meh. Expected more for the price",
    "The shaker leaked all over my bag 👎",
    "Great, terrible service again",  # praise before a word other than an exclamation
    "Worst coffee ever 🤢",
]

NOT_NEGATIVE = [
    # Praise that only looks denied: questions, double negation, comparisons, corrections.
    "Isn't that great!",
    "Разве не прекрасно?",
    "Нигде не так вкусно, как у вас",
    "How can you not love this",
    "You can't not love it",
    "not too sweet, perfect",
    "It's not good, it's great!",
    "Ничего вкуснее не ела",  # a comparative: praise
    "Никогда не был так доволен",
    "Дорогие друзья, спасибо за вечер",
    "",
    None,
    "Не плохо",
    "Неплохо",
    "Совсем не плохо",
    "Не так уж плохо",
    "Никогда не разочаровывали",
    "Без обмана, всё честно",
    "Ужасно вкусно!",
    "Жутко понравилось",
    "Дорогие друзья, ждём вас",
    "Добро пожаловать в Zerno",
    "Спасибо, всё отлично",
    "Мы не работаем 1 января",
    "Not bad",
    "Not that bad",
    "Not the worst latte",
    "No complaints",
    "Never disappointed",
    "Terribly sorry for the wait",
    "Great coffee, thanks",
    # Intensifiers of praise, exclamations after praise, laughter.
    "Ужас как вкусно 😍",
    "Это просто жуть как вкусно",
    "Жуть до чего вкусно",
    "Ужасно 😍",
    "Безумно вкусно, кошмар, я съела три штуки",
    "my legs hate me 😂",
    "I hate how addictive this program is lol",
    "Кошмар, съела весь торт ахахах",
    "Хлеб свежий, не черствый",
    "Not too expensive",
    "The app never crashes",
    "Записалась на кунг-фу",  # the "фу" of "кунг-фу" is no "фу"
    "👍👍",
    "😂😂😂",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_is_negative(text: str, built_in: Analysers) -> None:
    assert built_in.is_negative(text) is True


@pytest.mark.parametrize("text", NOT_NEGATIVE)
def test_is_not_negative(text: str | None, built_in: Analysers) -> None:
    assert built_in.is_negative(text) is False


@pytest.mark.parametrize(
    ("text", "sentiment", "expected"),
    [
        ("Спасибо, всё отлично", "negative", True),
        ("Ужасное обслуживание", "positive", False),
        ("Ужасное обслуживание", "neutral", False),
        ("Ужасное обслуживание", " Negative ", True),
        ("Ужасное обслуживание", "mixed", True),  # an unknown label falls back to the text
        ("Спасибо, всё отлично", "mixed", False),
        ("Terrible", None, True),
        (None, "negative", True),
    ],
)
def test_the_exports_sentiment_wins(
    text: str | None, sentiment: str | None, expected: bool, built_in: Analysers
) -> None:
    assert built_in.is_negative(text, sentiment) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A competitor said to be cheaper, by a common word, a name after a preposition or "чем у вас".
        ("Цены конские, в Ашане в три раза дешевле", True),
        ("На Озоне такой же букет дешевле", True),
        ("У конкурентов дешевле в два раза", True),
        ("Везде дешевле, чем у вас", True),
        ("В Леруа дешевле чем у вас", True),
        ("Way cheaper at Costco", True),
        ("Same roses are cheaper elsewhere", True),
        # The shop is the cheaper one, the comparison is mixed, denied, asked, or names no competitor.
        ("У вас дешевле, чем в Ашане", False),
        ("В Ашане дешевле, но у вас свежее", False),
        ("Дешевле, чем у вас, нигде не нашла", False),
        ("Нашла дешевле только у вас 😍", False),
        ("А в Ашане дешевле?", False),
        ("Теперь доставка дешевле 🎉", False),
        ("Чем больше букет, тем дешевле роза", False),
        ("Cheaper than anywhere else in town", False),
    ],
)
def test_a_cheaper_competitor_is_negative(text: str, expected: bool, built_in: Analysers) -> None:
    assert built_in.is_negative(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Напишите пожалуйста цену", True),
        ("Напишите, пожалуйста, стоимость доставки", True),
        ("Скиньте мне плиз прайс", True),
        ("Please let me know if you deliver", True),  # "please" and "me" begin markers too
        ("Кто знает, где у них самовывоз", True),
        ("Кто знает, тот поймёт 😉", False),  # a longer exclusion at the marker's place
        ("Кто его знает, может и приду", False),
        ("Напишите отзыв и получите скидку", False),
    ],
)
def test_markers_past_politeness_and_exclusions(text: str, expected: bool, built_in: Analysers) -> None:
    assert built_in.is_question(text) is expected


def test_a_user_exclusion_voids_a_marker_at_its_place(tmp_path: Path) -> None:
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "question_exclusions.txt").write_text("у меня вопрос отпал\n", encoding="utf-8")
    assert Analysers.load().is_question("У меня вопрос отпал, спасибо")
    extended = Analysers.load([tmp_path])
    assert not extended.is_question("У меня вопрос отпал, спасибо")
    assert extended.is_question("У меня вопрос по доставке")


# --------------------------------------------------------------------------------------------
# Staff tone, abuse

EMOTIONAL = [
    "Вы что, читать не умеете?",
    "Can't you read?",
    "Ну и не приходите",
    "Нам всё равно",
    "ВЫ ВООБЩЕ ЧИТАЕТЕ, ЧТО ВАМ ПИШУТ",
    "WE NEVER SAID THAT",
    "Мы ответили вам уже три раза!!",
    "Правда??",
    "И что?!",
    "Ну-ну, посмотрим",
    "Ага, конечно, так мы и сделали",
    "Спасибо, кэп",
    "Yeah right, like that ever happens",
    "Сами виноваты, надо было читать условия",
    "Успокойтесь и перечитайте правила",
    "Calm down, please",
    "It's your own fault",
    "Вы идиот",
    "Shut up",
    # Thanks or wishes that something turns: a negation, a "но"/"but", a sarcastic phrase.
    "НАМ НЕ НРАВИТСЯ ВАШ ТОН!!!",
    "Спасибо за отзыв!!! Но вы не правы!!!",
    "Thanks, but you got it wrong!!",
    "Thanks for nothing!!!",
    "WE ARE SORRY YOU FEEL THAT WAY!!!",
    "Жаль, что вы так считаете!!!",
    "ВЫ ОПЯТЬ ОПОЗДАЛИ, СПАСИБО ЗА ТЕРПЕНИЕ",  # the thanks do not open it
    "Thank you for your feedback!!! Nobody forces you to come back",
    "Это НЕ НАША ВИНА",
    # Thanks excuse the enthusiasm of the opening sentence only.
    "Спасибо за вопрос!!! СКОЛЬКО МОЖНО СПРАШИВАТЬ ОДНО И ТО ЖЕ???",
    "Thanks!!! READ THE PINNED POST BEFORE ASKING!!!",
    "Thanks!!! Read the pinned post first!!! Bye",  # a middle sentence's "!!!" counts
    "Welcome!!! STOP SPAMMING OUR PAGE!!!",
    # An apology or agreement that is indignant, denied or shouted after.
    "Извините?!",
    "Спасибо??",
    "Мы не извиняемся!!!",
    "Извиняться не будем!!!",
    "Без проблем!!! ЧИТАЙТЕ УСЛОВИЯ!!!",
    # Brushing off: read the rules, it is all written there, as said a hundred times.
    "Read the rules before posting.",
    "Brad, please read the FAQ before posting…",
    "Please check the pinned post before asking",
    "As we've said a hundred times, the class is full",
    "Читайте правила сообщества, там все написано",
    "Прочитайте внимательно пост",
    "Вы вообще читали пост? Там все написано",
    "Хорошего дня 😉 и учитесь читать меню",
    "Мы уже сто раз писали, что записи нет",
    "Прежде чем писать, почитайте условия",
    "Вам никто ничего не должен",
    "Nobody owes you a free class",
    # Sarcasm: the eye-roll, mock experts, "cool story".
    "Oh great, another expert",
    "Cool story",
    "Sure, because it's always the gym's fault 🙄",
    "Ну конечно, у нас все плохо, а у конкурентов все хорошо 🙄",
    "Спасибо за ваше ценное мнение 😂😂😂",
    "Да-да, конечно, мы же специально",
    "Очередной диванный эксперт",
]

NOT_EMOTIONAL = [
    "Вы лучшие!!!",
    "Спасибо огромное!!! Вы лучшие!!!",  # each enthusiastic sentence friendly in itself
    "УРА!!! СПАСИБО!!!",
    # Enthusiasm with a friendly emoji, a joyful opening, or a negation that turns no praise.
    "Мы тоже вас любим!!! ❤️",
    "Вау!!! Какая красота, спасибо за фото",
    "Hooray!!! You're our winner, check your DMs",
    "Спасибо!!! Не забудьте забрать подарок до конца недели",
    # Apologies, agreement and a promise to put it right are friendly too.
    "Извините, пожалуйста! Мы всё исправим!!!",
    "Без проблем!!!",
    "Просим прощения!!! Заменим букет сегодня же",
    "No worries!!! We'll fix it today",
    # Polite uses of words that brush off in other places.
    "Здравствуйте, Анна! Ваша проблема решена, курьер уже в пути",
    "It's not your fault at all! We'll send a replacement today",
    "We'll deal with it right away, thanks for flagging",
    "Please tag us before posting so we can repost your photo",
    # Names in quotes and promo codes are written in capitals.
    "Мы в ТЦ «МЕГА ДЫБЕНКО»",
    "Ваш код: BIRTHDAY15 🎁",
    "",
    None,
    "Спасибо за отзыв! Передадим бариста.",
    "Спасибо за отзыв)))",
    "Ждём вас снова))",
    "Извините за ожидание, курьер уже в пути :(",
    "Заказ передан в СДЭК, трек пришлём в ЛК",
    "Thank you, we will check and come back to you!",
    "ОК",  # too few letters to shout
    "Приятного аппетита, Анна!",
    # Capitals and "!!!" in plainly friendly replies are enthusiasm, not a quarrel.
    "СПАСИБО ОГРОМНОЕ ЗА ОТЗЫВ!",
    "Спасибо!!!",
    "THANK YOU SO MUCH!",
    "Мы очень рады, что вам понравилось!!!",
    "ПОЗДРАВЛЯЕМ ПОБЕДИТЕЛЯ!!!",
    "С НОВЫМ ГОДОМ, ДРУЗЬЯ!",
    "Great question!!! We open at 9",
    "HAPPY NEW YEAR EVERYONE",
    "ОК, ждем в ТЦ «МЕГА» после 12",  # abbreviations: no shouted word of five capitals
    # Calm, official pointers to the rules and the FAQ; thanks for an opinion; friendly emoji.
    "Подробные условия — в правилах сообщества: vk.com/zerno/rules",
    "Please see our FAQ for opening hours",
    "Please read the pinned post for details",
    "Спасибо за ваше мнение, передадим руководству",
    "Читайте правила конкурса по ссылке в посте",
    "Сто раз спасибо!",
    "Ждём вас 🙂",
    "Ахаха, спасибо 😂",
    "Sure, see you at 9!",
    "Yeah, because of the holidays we close at 6",
]


@pytest.mark.parametrize("text", EMOTIONAL)
def test_is_emotional(text: str, built_in: Analysers) -> None:
    assert built_in.is_emotional(text) is True


@pytest.mark.parametrize("text", NOT_EMOTIONAL)
def test_is_not_emotional(text: str | None, built_in: Analysers) -> None:
    assert built_in.is_emotional(text) is False


# Mockery and brush-offs found in a user trial, with their close variants (ru, en): mock praise
# of the subscriber's cleverness, "no taste", "nobody asked", "stop whining", and a retort that
# is a sentence of its own ("Who cares?", "Кому какое дело?").
MOCKERY_AND_BRUSH_OFFS = [
    "Oh sure, because you're such an expert, genius.",
    "You are such an expert, of course",
    "Ok genius, whatever you say",
    "Какой же вы умный, прямо эксперт.",
    "Какая же вы умная",
    "Ну конечно, вы же у нас эксперт",
    "Идите в другую пекарню, раз такой умный",
    "Раз такая умная, пеките сами",
    "Если вы такой умный, откройте свою пекарню",
    "Умник нашёлся",
    "You clearly have no taste.",
    "You just have no taste",
    "Вкуса у вас нет, вот и всё",
    "У вас просто нет вкуса",
    "Nobody asked for your opinion",
    "No one asked you",
    "Вашего мнения никто не спрашивал",
    "Вас никто не спрашивал",
    "Какое вам дело?",
    "Who cares?",
    "Who cares. We are closed on Monday",
    "Nobody cares.",
    "Well, so what?",
    "Кому какое дело?",
    "Ну и что?",
    "Да какая разница",
    "Никто не спрашивал.",
    "Stop whining",
    "Quit whining and read the menu",
    "Take your business elsewhere",
    "Хватит ныть",
    "Перестаньте ныть, всё у нас вкусно",
]

# Their friendly look-alikes: praise of someone else, "who cares" that opens a joke, "nobody
# asked us", a motto. Mock praise needs its sarcastic frame ("раз такой умный", "вы же у нас",
# "you're such an expert"); a retort counts only as a sentence of its own, and not in a plainly
# friendly text.
FRIENDLY_LOOKALIKES = [
    "Who cares about calories when it's Friday! 🍰",
    "Who cares? It's Friday! 🍰",
    "Кому какое дело до калорий, когда пятница! 🍰",
    "Nobody cares about calories on a Friday",
    "Кто бы мог подумать — наш эксперт по хлебу Анна получила награду",
    "Анна у нас эксперт по хлебу, спросите её в субботу",
    "Наш пекарь настоящий гений теста ❤️",
    "Наш бариста такой умный — сам придумал новый раф 😊",
    "You're a genius, thanks for the idea! We'll add it to the menu",
    "No one asked us to, but we baked extra croissants today 🥐",
    "Нас никто не спрашивал, а мы взяли и испекли ещё круассанов 🥐",
    "Stop by for a coffee!",
    # A motto that says no to whining is not the staff whining at a subscriber.
    "Не ныть, а творить — девиз нашей пекарни 😊",
    "Anna is such an expert in sourdough!",
    "You have great taste!",
    "У вас отличный вкус!",
    # "У вас нет вкуса ..." also asks for a flavour: only the emphatic orders count.
    "У вас нет вкуса манго? Есть, с понедельника!",
    # "Stop complaining" is kept out on purpose: it is also a playful call to a treat.
    "Stop complaining about Mondays — come try our new latte ☕",
    "И что приготовить на ужин? Наш рецепт — в посте",
    "Какая разница между капучино и латте? Рассказываем в карточках",
    # A retort the reply answers itself is a figure of speech.
    "Какая разница? Капучино с пенкой, латте с молоком.",
    "Who cares? We do. Our baristas check every cup.",
]


@pytest.mark.parametrize("text", MOCKERY_AND_BRUSH_OFFS)
def test_mockery_and_brush_offs_are_emotional(text: str, built_in: Analysers) -> None:
    assert built_in.is_emotional(text) is True


@pytest.mark.parametrize("text", FRIENDLY_LOOKALIKES)
def test_friendly_lookalikes_of_mockery_are_not_emotional(text: str, built_in: Analysers) -> None:
    assert built_in.is_emotional(text) is False


def test_caps_thresholds_are_options() -> None:
    lists = {"insults": Lexicon(["дурак"])}
    text = "ЗАКАЗ ГОТОВ, ждём вас"  # 10 of 17 letters upper-case: 59 %
    assert not Analysers(lists).is_emotional(text)
    assert Analysers(lists, caps_ratio=0.5).is_emotional(text)
    assert Analysers(lists).is_emotional("ЗАКАЗ ГОТОВ")
    assert not Analysers(lists, caps_min_letters=12).is_emotional("ЗАКАЗ ГОТОВ")
    with pytest.raises(ValueError):
        Analysers(lists, caps_ratio=0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Вы идиот", True),
        ("Какой-то дебил писал", True),
        ("Тупой вопрос", True),
        ("Заткнитесь уже", True),
        ("You are stupid", True),
        ("What an idiot", True),
        ("Shut up", True),
        ("", False),
        (None, False),
        ("Мы зашли в тупик с поставщиком", False),
        ("Тупиковая ситуация", False),
        ("Сучок в доске", False),
        ("Дуршлаг для кухни", False),
        ("Buy a dumbbell", False),
        ("Спасибо, вы лучшие", False),
        ("Thanks, you are great", False),
    ],
)
def test_is_abusive(text: str | None, expected: bool, built_in: Analysers) -> None:
    assert built_in.is_abusive(text) is expected


# --------------------------------------------------------------------------------------------
# Contests, link requests


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Конкурс! Разыгрываем три пачки зерна", True),
        ("Итоги розыгрыша в пятницу", True),
        ("Разыграем сертификат среди подписчиков", True),
        ("Выиграй годовой запас кофе", True),
        ("Фото-конкурс для гостей", True),
        ("Главный приз — кофемашина", True),
        ("GIVEAWAY: two bags of beans", True),
        ("Enter our contest", True),
        ("Win a free latte every day for a month", True),
        ("Sweepstakes rules", True),
        # Conditions that open with taking part, a random pick, a year's worth as a gift.
        ("ДАРИМ торт Наполеон 🎂 Условия: подписка + лайк + отметь подругу. Итоги 10 марта", True),
        ("Условия участия: подписка на группу и комментарий", True),
        ("Дарим годовой запас круассанов!", True),
        ("Подарим годовой абонемент в зал", True),
        ("Отметьте друга в комментариях, выберем случайно 15 марта", True),
        ("Победителя определим случайным числом", True),
        ("We're gifting 5 lucky followers a shaker bundle. Tag a gym buddy to enter", True),
        ("Comment 💪 and we'll randomly pick 3 people", True),
        ("We'll pick a random winner on Friday", True),
        ("Comment for a chance to win a free month", True),
        ("Выиграй сертификат на 3000 ₽", True),
        ("Отметь двух друзей — в пятницу случайным образом выберем троих", True),
        ("Name our new donut! Best name wins a dozen 🍩", True),
        ("Guess the number of macarons in the jar — closest guess takes them home! 🎉", True),
        # A contest named plainly, with prizes and results but no call to take part (SMM501 decides).
        ("Конкурс на лучший рецепт пирога! Призы — сертификаты. Итоги 25 декабря.", True),
        ("Best pie recipe contest! Prizes: gift cards. Winner announced 25 December.", True),
        ("", False),
        (None, False),
        ("Дарим скидку 10% на первый заказ", False),
        ("Дарим скидку 15% за репост", False),
        # Someone's past win, a match, a sale; a call to tag a friend is no contest by itself.
        ("Сегодня выиграли тендер на поставку хлеба в школы", False),
        ("Кто выиграет матч, Спартак или Зенит?", False),
        ("Last chance to win big this Black Friday: 50% off", False),
        ("Get a chance to win big savings", False),
        ("Отметьте друга, с которым пойдёте в кофейню", False),
        ("Tag a friend who needs coffee", False),
        ("Закупили годовой запас муки", False),
        ("Итоги года: открыли вторую пекарню", False),
        ("Мы случайно выбрали этот рецепт", False),
        ("Наши конкуренты так не умеют", False),
        ("Признание бариста года", False),
        ("New menu is out", False),
        ("We are hiring a barista", False),
    ],
)
def test_is_contest(text: str | None, expected: bool, built_in: Analysers) -> None:
    assert built_in.is_contest(text) is expected


# SMM501 asks more than is_contest: contest words must come with an invitation, the winner's
# gain, the prizes as a heading ("Призы — ...", "Prizes:") or when the results come ("Итоги 25
# декабря", "Winner announced on Friday"). Someone else's contest, one that is over, a year's
# summary and a sale stay clean.
_SMM501_PLAN = """\
kind: plan
posts:
  - {{id: p, at: 2026-12-05 12:00, platform: vk, format: photo, text: {text}}}
"""


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Конкурс на лучший рецепт пирога! Призы — сертификаты. Итоги 25 декабря.", True),
        ("Конкурс на лучший рецепт пирога! Итоги 25 декабря", True),
        ("Фотоконкурс «Зима в пекарне» 🎁 Призы: три торта", True),
        ("Розыгрыш недели. Главный приз — кофемашина", True),
        ("Конкурс рецептов: победителя объявим в пятницу", True),
        ("Конкурс рецептов, итоги подведём 20 декабря", True),
        ("Best pie recipe contest! Prizes: gift cards. Winner announced 25 December.", True),
        ("Giveaway week! Winners will be announced on Friday", True),
        ("Pie contest. Prize: a year of bread", True),
        ("Конкурс красоты в нашем городе прошёл, наша пекарня испекла торт для победительницы", False),
        ("Наш пекарь получил приз на конкурсе хлебопёков", False),
        ("Итоги года: открыли вторую пекарню и провели пять конкурсов", False),
        ("Подвели итоги конкурса 25 декабря, поздравляем победителя!", False),
        ("Our baker won first prize at the city bread contest", False),
        ("The contest winner was announced on Friday: congratulations, Anna!", False),
        ("Сегодня выиграли тендер на поставку хлеба в школы. Итоги 25 декабря", False),
        ("Last chance to win big this Black Friday: 50% off, winners of our hearts", False),
    ],
)
def test_smm501_sees_a_contest_named_with_prizes_or_results(tmp_path: Path, text: str, flagged: bool) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(_SMM501_PLAN.format(text=json.dumps(text, ensure_ascii=False)), encoding="utf-8")
    (tmp_path / ".smmlint.yaml").write_text("{}", encoding="utf-8")
    report = lint_paths([plan], cwd=tmp_path)
    assert not report.internal_errors, report.internal_errors
    assert any(finding.rule == "SMM501" for finding in report.findings) is flagged


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Дайте ссылку, пожалуйста", True),
        ("Скиньте ссылочку на меню", True),
        ("А где купить ваше зерно", True),
        ("Где можно заказать торт", True),
        ("Какой у вас сайт", True),
        ("На сайте ошибка?", True),
        ("На сайте ошибка", False),
        ("Купила у вас на сайте зерно, всё супер", False),
        ("Спасибо, заказала в интернет-магазине, всё пришло быстро.", False),
        ("Ordered from your website, arrived in two days, thanks", False),
        ("Send me the link please", True),
        ("Есть интернет-магазин?", True),
        ("Could you send me the link", True),
        ("What is your website", True),
        ("Where can I buy your beans", True),
        ("How do I order online", True),
        # Imperatives and how-to-buy or sign-up questions.
        ("Дайте адрес сайта", True),
        ("Скинь линк", True),
        ("Киньте ссылку на каталог", True),
        ("Как к вам записаться на мастер-класс", True),
        ("Как можно заказать торт", True),
        ("Можно записаться онлайн?", True),
        ("Can I buy this online", True),
        ("Drop the link pls", True),
        ("Drop me a link", True),
        ("Where to sign up", True),
        ("Скиньте меню пожалуйста", True),
        ("Ссылку на запись можно", True),
        ("Need the link to the schedule", True),
        ("How do I book a class", True),
        ("Я всегда заказываю онлайн, удобно", False),
        ("Записалась, жду!", False),
        ("Скинь фото", False),
        ("Как к вам проехать", False),
        ("", False),
        (None, False),
        ("Спасибо, очень вкусно", False),
        ("Когда откроетесь", False),
        ("Great coffee!", False),
        ("I liked the new menu", False),
    ],
)
def test_asks_for_link(text: str | None, expected: bool, built_in: Analysers) -> None:
    assert built_in.asks_for_link(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Phrases: issues by themselves.
        ("Где мой заказ", True),
        ("Подскажите номер заказа для возврата", True),
        ("Привезли не тот торт", True),
        ("Посылка пришла мятая, зерно рассыпалось", True),
        ("Where is my order?", True),
        ("Got the wrong order", True),
        ("My order still hasn't arrived, it's been a week", True),
        ("Ordered beans last week, still nothing", True),
        # Something missing from what came, or still waiting for it.
        ("Заказ пришёл без круассана", True),
        ("В заказе не хватает одного капучино", True),
        ("Забыли положить сироп", True),
        ("Привезли холодный раф", True),
        ("Жду заказ уже два часа", True),
        ("Курьер так и не приехал", True),
        ("My order came without the croissant", True),
        ("The croissant was missing from my order", True),
        ("Still waiting for my order", True),
        ("The courier never showed up", True),
        # A word naming the order, in a complaint or a question about the writer's own order.
        ("Заказ так и не пришёл, уже неделю жду", True),
        ("Заказ так и не пришёл", True),
        ("Курьер опоздал на два часа", True),
        ("Оплатила заказ, деньги списали, а подтверждения нет", True),
        ("The delivery was late again, terrible", True),
        ("Где мой заказ?", True),
        ("Когда будет доставка моего заказа?", True),
        ("Заказала торт в пятницу, когда привезёте?", True),
        ("My order never arrived", True),
        ("Has my order shipped", True),
        ("Is my last order ready", True),
        ("Ordered on Monday, any news?", True),
        ("We ordered a cake, can we add candles?", True),
        ("Где трек?", True),
        ("Сколько можно ждать заказ", True),  # a complaint, not a question
        # Sales questions name no order of the writer's.
        ("Сколько стоит торт на заказ", False),
        ("Когда будет доставка?", False),
        ("Сколько стоит доставка?", False),
        ("Is delivery free?", False),
        ("Do you deliver to Brooklyn?", False),
        ("Do you deliver to my office?", False),
        ("Can I order a cake for Saturday?", False),
        # Someone else's past order.
        ("Кто-нибудь заказывал у них торт", False),
        ("Has anyone ordered the cake?", False),
        # The word alone, in a statement: no issue.
        ("Заказала у вас торт, всё супер", False),
        ("Доставка сегодня была быстрой, спасибо", False),
        ("Loved my order, thanks!", False),
        ("In order to get there, take bus 5", False),
        # Not about orders at all.
        ("Где можно купить ваше зерно?", False),
        ("Спасибо за эфир, очень интересно было про обработку зерна.", False),
        ("Розыгрыш уже закончился?", False),
        ("Thanks for the live stream!", False),
        ("Пришла без меня, кофе вкусный", False),
        ("Мне не хватает слов, как вкусно", False),
        ("Жду вас в гости, приходите", False),
        ("I came without my wallet, can I pay by card?", False),
        ("", False),
        (None, False),
    ],
)
def test_is_order_issue(text: str | None, expected: bool, built_in: Analysers) -> None:
    assert built_in.is_order_issue(text) is expected


# --------------------------------------------------------------------------------------------
# URLs


@pytest.mark.parametrize(
    ("text", "urls"),
    [
        ("Меню: https://zerno.coffee/menu.", ["https://zerno.coffee/menu"]),
        ("Смотрите zerno.coffee/menu, там всё", ["zerno.coffee/menu"]),
        ("Заходите на www.x.ru!", ["www.x.ru"]),
        ("Наш сайт кофе.рф", ["кофе.рф"]),
        ("Наш сайт xn--e1ajmy.xn--p1ai", ["xn--e1ajmy.xn--p1ai"]),
        ("HTTP://ZERNO.COFFEE/A?b=1&c=2#top", ["HTTP://ZERNO.COFFEE/A?b=1&c=2#top"]),
        (
            "(см. https://en.wikipedia.org/wiki/Coffee_(drink))",
            ["https://en.wikipedia.org/wiki/Coffee_(drink)"],
        ),
        ("(ссылка: https://zerno.coffee/menu)", ["https://zerno.coffee/menu"]),
        ("Телеграм t.me/zerno и vk.com/zerno", ["t.me/zerno", "vk.com/zerno"]),
        ("Порт zerno.coffee:8080/x", ["zerno.coffee:8080/x"]),
        ("Спасибо, ждём на zerno.coffee.Ждём", ["zerno.coffee"]),
        ("Пишите на info@zerno.coffee", []),
        ("first.last@zerno.coffee", []),
        ("См. README.md и main.py", []),
        ("Спасибо.Ждём вас", []),
        ("Версия 1.2.3, т.е. 2.5 кг", []),
        ("Локально: http://localhost:8000/admin", ["http://localhost:8000/admin"]),
        ("Сайт site.zz без пути и site.zz/path с путём", ["site.zz/path"]),
        ("", []),
        (None, []),
    ],
)
def test_find_urls(text: str | None, urls: list[str]) -> None:
    assert find_urls(text) == urls


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://Zerno.Coffee/menu", "zerno.coffee"),
        ("zerno.coffee/menu?x=1", "zerno.coffee"),
        ("http://user:pass@shop.zerno.coffee:8443/a", "shop.zerno.coffee"),
        ("https://zerno.coffee.", "zerno.coffee"),
        ("//cdn.zerno.coffee/x.js", "cdn.zerno.coffee"),
        ("https://КОФЕ.РФ/меню", "кофе.рф"),
        ("https://xn--e1ajmy.xn--p1ai/", "кофе.рф"),
        ("https://ｚｅｒｎｏ.coffee", "zerno.coffee"),  # full-width letters, as browsers read them
        ("https://evil.example\\@zerno.coffee", "evil.example"),
        ("https://[::1]:8080/", "::1"),
        ("zerno.coffee:8080", "zerno.coffee"),
        ("localhost", "localhost"),
        ("mailto:info@zerno.coffee", None),
        ("tel:+79990000000", None),
        ("https://", None),
        ("https://bad host/", None),
        ("", None),
    ],
)
def test_url_host(url: str, host: str | None) -> None:
    assert url_host(url) == host


@pytest.mark.parametrize(
    ("url", "domains", "expected"),
    [
        ("https://zerno.coffee/menu", ["zerno.coffee"], True),
        ("zerno.coffee", ["zerno.coffee"], True),
        ("https://shop.zerno.coffee/x", ["zerno.coffee"], True),
        ("https://a.b.zerno.coffee", ["zerno.coffee"], True),
        ("https://www.zerno.coffee", ["zerno.coffee"], True),
        ("https://zerno.coffee", ["www.zerno.coffee"], True),
        ("https://ZERNO.COFFEE", ["https://Zerno.Coffee/"], True),
        ("https://xn--e1ajmy.xn--p1ai/menu", ["кофе.рф"], True),
        ("https://кофе.рф/menu", ["xn--e1ajmy.xn--p1ai"], True),
        ("https://other.ru", ["zerno.coffee", "other.ru"], True),
        ("https://shop.zerno.coffee", ["*.zerno.coffee"], True),
        ("https://zerno.coffee", "zerno.coffee", True),  # one domain given as a plain string
        ("https://notzerno.coffee", ["zerno.coffee"], False),
        ("https://zerno.coffee.evil.com/", ["zerno.coffee"], False),
        ("https://zerno-coffee.ru", ["zerno.coffee"], False),
        ("https://zerno.coffee@evil.com/", ["zerno.coffee"], False),
        ("https://zеrno.coffee", ["zerno.coffee"], False),  # a Cyrillic 'е' lookalike
        ("https://xn--zerno-.coffee", ["zerno.coffee"], False),  # punycode of nothing non-ASCII
        ("mailto:info@zerno.coffee", ["zerno.coffee"], False),
        ("https://zerno.coffee", [], False),
        ("https://zerno.coffee", [""], False),
        ("not a url", ["zerno.coffee"], False),
    ],
)
def test_is_own_link(url: str, domains: list[str] | str, expected: bool) -> None:
    assert is_own_link(url, domains) is expected


@pytest.mark.parametrize(
    ("url", "normal"),
    [
        ("https://www.zerno.coffee/legal/contests/?utm_source=vk&utm_medium=post#top", "zerno.coffee/legal/contests"),
        ("zerno.coffee/legal/contests", "zerno.coffee/legal/contests"),
        ("http://ZERNO.coffee:443/legal/contests", "zerno.coffee/legal/contests"),
        ("https://zerno.coffee/legal/Contests", "zerno.coffee/legal/Contests"),  # paths keep their case
        ("https://zerno.coffee/%D0%BF%D1%80%D0%B0%D0%B2%D0%B8%D0%BB%D0%B0", "zerno.coffee/правила"),
        ("https://xn--e1ajmy.xn--p1ai/правила", "кофе.рф/правила"),
        ("https://zerno.coffee/rules?b=2&a=1&fbclid=x", "zerno.coffee/rules?a=1&b=2"),
        ("https://zerno.coffee/", "zerno.coffee"),
        ("mailto:info@zerno.coffee", None),
        ("", None),
    ],
)
def test_normalise_url(url: str, normal: str | None) -> None:
    assert normalise_url(url) == normal


@pytest.mark.parametrize(
    "text",
    [
        "a." * 100_000,
        "abc." * 50_000 + "1",
        "a-" * 100_000,
        "www." * 50_000,
        "когда, " * 50_000,
        "a@b." * 50_000,
        "xn--" * 50_000 + ".ru",
        "😀" * 100_000,
        "правда? " * 50_000,
    ],
    ids=["dots", "labels", "hyphens", "www", "clauses", "at-signs", "punycode", "emoji", "rhetorical"],
)
def test_hostile_texts_take_linear_time(text: str, built_in: Analysers) -> None:
    # Catastrophic backtracking would take minutes here; linear work takes well under a second.
    started = time.perf_counter()
    find_urls(text)
    for check in (built_in.is_question, built_in.is_negative, built_in.is_emotional):
        check(text)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("spam", True), ("Спам", True), ("SPAM", True), ("spam, ads", True), ("Реклама конкурентов", True),
        ("флуд", True), ("оскорбления", True), ("Scam link", True), ("hate speech", True),
        ("негатив", False), ("неудобный отзыв", False), ("", False), (None, False), ("по просьбе автора", False),
    ],
)  # fmt: skip
def test_is_removal_reason(reason: str | None, expected: bool, built_in: Analysers) -> None:
    assert built_in.is_removal_reason(reason) is expected



# --------------------------------------------------------------------------------------------
# The heuristics a flower shop's re-trial asked for, each with its look-alikes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("А в воскресенье работаете", True),
        ("Здравствуйте, а на Новый год работаете", True),
        ("Девушки, а по выходным вы работаете", True),
        ("А за МКАД доставляете", True),
        ("А на следующей неделе будете работать", True),
        ("А в воскресенье работаем до 18:00", False),  # 1st person
        ("А в субботу приходите к нам", False),  # an imperative
        ("А в этом букете розы", False),  # a noun in -ете
        ("А в субботу вы получите скидку", False),
        ("А в воскресенье работаете!", False),
        ("В воскресенье работаете до 18", False),  # no "а"
        ("Дайте ссылку на каталог", True),
        ("Скиньте, пожалуйста, ссылку", True),
        ("Спасибо за ссылку", False),
    ],
)
def test_a_place_or_time_after_a_and_a_request_for_a_link_ask(text: str, expected: bool, built_in: Analysers) -> None:
    assert built_in.is_question(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Хризантемы простояли три дня и всё", True),
        ("Розы стояли неделю и все", True),
        ("Розы простояли три недели и всё ещё свежие", False),
        ("И всё", False),
        ("Заказала три раза и всё", False),  # no standing verb
        ("Хризантемы простояли три дня и всё?", False),  # asks
    ],
)
def test_flowers_that_lasted_days_and_that_was_all_are_a_complaint(text: str, expected: bool, built_in: Analysers) -> None:
    assert built_in.is_negative(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a referral elsewhere with an apology is polite; with "не", "но" or a second hit it is not
        ("Заказывайте в другом месте, если нужно срочнее 3 часов — мы честно не успеем, простите.", False),
        ("К сожалению, гортензий нет, поищите в другом месте, извините", False),
        ("Заказывайте в другом месте", True),
        ("Не нравится — заказывайте в другом месте, извините.", True),
        ("Не устраивает — заказывайте в другом месте, извините", True),
        ("Извините, но ищите в другом месте", True),
        ("Простите, заказывайте в другом месте, сами виноваты", True),
        ("Простите!!! Заказывайте в другом месте!!!", True),
        # a first sentence of agreement is a friendly opening
        ("Конечно!!! Доставим к 10:00.", False),
        ("Да!!! Работаем 31 декабря!", False),
        ("Да, конечно!!! Соберём к утру", False),
        ("Yes!!! We're open on December 31", False),
        ("Ну конечно!!! Опять мы!!!", True),
        ("Да сколько можно!!!", True),
        ("Конечно!!! МЫ ВСЕГДА ВО ВСЁМ ВИНОВАТЫ!!!", True),
        ("Конечно!!! Но вы не правы", True),
    ],
)
def test_a_polite_referral_and_plain_agreement_are_not_emotional(text: str, expected: bool, built_in: Analysers) -> None:
    assert built_in.is_emotional(text) is expected


# --------------------------------------------------------------------------------------------
# A labelled corpus of realistic comments, replies and posts (tests/analyser_corpus.txt): every
# analyser labelled for a text must say what the label says. A "~" label is a known miss, kept
# in view as an expected failure that must start passing once it is fixed.

_CORPUS = Path(__file__).with_name("analyser_corpus.txt")
_CORPUS_ANALYSERS = {
    "q": "is_question",
    "n": "is_negative",
    "e": "is_emotional",
    "c": "is_contest",
    "l": "asks_for_link",
    "a": "is_abusive",
    "o": "is_order_issue",
}


def _corpus_cases() -> list[Any]:
    cases = []
    for number, line in enumerate(_CORPUS.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        language, labels, text = (part.strip() for part in line.split(" | ", 2))
        assert language in {"ru", "en"}, f"analyser_corpus.txt:{number}: language {language!r}"
        for label in labels.split():
            letter = label[-1]
            assert letter.lower() in _CORPUS_ANALYSERS and label in {letter, "~" + letter}, (
                f"analyser_corpus.txt:{number}: label {label!r}"
            )
            method = _CORPUS_ANALYSERS[letter.lower()]
            marks = [pytest.mark.xfail(strict=True, reason="a known miss")] if label[0] == "~" else []
            cases.append(
                pytest.param(method, text, letter.isupper(), id=f"{number}-{language}-{method}", marks=marks)
            )
    return cases


_CORPUS_CASES = _corpus_cases()


def test_the_corpus_is_big_enough_in_both_languages() -> None:
    texts = {case.values[1]: case.id.split("-")[1] for case in _CORPUS_CASES}
    assert sum(language == "ru" for language in texts.values()) >= 120
    assert sum(language == "en" for language in texts.values()) >= 80


@pytest.mark.parametrize(("method", "text", "expected"), _CORPUS_CASES)
def test_the_labelled_corpus(method: str, text: str, expected: bool, built_in: Analysers) -> None:
    assert getattr(built_in, method)(text) is expected
