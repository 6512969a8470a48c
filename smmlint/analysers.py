"""The shared text analysers (ru + en): tokens, word lists, questions, sentiment, tone, URLs.

How the analysers decide
========================

Tokens (``tokenize``)
    The text is lower-cased, ``ё`` folded to ``е`` and the typographic apostrophe (’) folded to
    ``'``. A token is a run of Unicode letters and digits; an apostrophe or a hyphen *between* two
    such runs keeps them one token (``don't``, ``ну-ну``, ``интернет-магазин``). A hyphenated token
    is followed by its parts (``фото-конкурс`` → ``фото-конкурс``, ``фото``, ``конкурс``), so a
    list entry can name the whole compound or any part, while the compound still opens its sentence
    ("Как-то так" does not start with ``как``). Each emoji is a token of its own (``👎``, ``🙄``,
    ``😍``; skin tones, variation selectors and joiners are dropped, so "👎🏻" is ``👎``), and a
    list may name one. Punctuation is not a token.

Word lists (``Lexicon``, ``rules/lexicons/<name>.txt``)
    One entry a line, ``#`` starts a comment: ``word`` matches that whole token, ``stem*`` any token
    starting with the stem (``разочаров*`` → разочарована, разочаровали), ``two words`` consecutive
    tokens whose last may be a stem (``не работа*``). Matching is set look-ups and
    ``str.startswith`` with a first-letter index, never a regular expression built from entries.
    Users extend a list by putting a file of the same name in ``lexicons/`` of their rule folder.

Questions (``is_question``)
    1. A ``?`` (or full-width ``？``) not followed by a word character, ``=``, ``&`` ... is a
       question; the exceptions keep the ``?`` of a URL query (``/menu?utm=vk``) from counting.
       Unless each sentence it ends is *rhetorical* (the ``rhetorical`` list, past lead-ins):
       one that opens with an entry of three words or more ("Ну кто так делает?!", "Can you
       believe it's been a year?") or is nothing but a shorter one ("Серьёзно?", "Сколько
       можно?!", "Seriously?"; not "Серьёзно, когда откроетесь?"). The text is then read on as
       if it had no ``?``: "Серьёзно? А когда откроетесь" still asks.
    2. Without one, a cheap pre-filter: no token that could begin a question word or marker (and no
       ``ли``) means no question — unless the text opens (past lead-ins) with a bare English
       auxiliary or holds a ``скажите``/``скажи`` (see 5).
    3. A *question marker* anywhere (``подскажите``, ``не подскажете``, ``хотела уточнить``, ``во
       сколько``, ``напишите цену``, ``i was wondering``, ``curious whether``, ``does anyone
       know``) makes it a question; politeness words and "мне"/"me" inside it are skipped
       ("Напишите, пожалуйста, цену", ``_MARKER_GLUE``). Not where a longer question exclusion
       starts at the same word: "Кто знает, тот поймёт" is a saying (``кто знает тот``).
    4. The particle ``ли`` after a word makes it a question ("Есть ли доставка", "Работаете ли вы"),
       except in ``вряд ли``, ``навряд ли``, ``едва ли``, ``то ли``.
    5. Otherwise each sentence (split at ``. ! ; … ( )``, line breaks and after emoji) is read:
       leading *lead-ins* (greetings, vocatives, conjunctions: "Добрый день, а ...", "Hi guys, so
       ...") are skipped, across commas; then the sentence asks when it opens with a *question
       word* (``когда``, ``сколько``, ``можно``, ``у вас есть``, ``how``, ``can``, ``is``) and:
       - it does not end with ``!`` — "Как же здорово!" and "Когда уже откроетесь!" exclaim;
       - it does not open with a *question exclusion* — "как же", "как всегда", "как и обещали",
         "what a", "how nice", "when i" (a declarative "When I came in, ...") — nor is it
         rhetorical as in 1 ("Что может быть лучше утреннего капучино");
       - it is not ``какой/какая/какие`` + an adjective ("Какой вкусный кофе 😍");
       - it is not ``какой/какая/какое`` + a word + ``что`` ("Какое счастье что вы открылись",
         the comma left out);
       - no clause follows it after a comma, colon or dash, unless that clause is only lead-ins
         ("Когда откроетесь, ребята") or names the choice asked about ("Что лучше, латте или
         капучино"): "Когда я пришла, кофе был холодный" and "Как приготовить капучино: пять
         шагов" are statements and headlines, not questions.
       The first sentence of the text (past lead-ins) also asks when it opens with a bare ``is``,
       ``are``, ``do`` or ``does`` followed by a subject and at least one more word ("Are
       memberships transferable", "Do classes run on Sundays", "Hi! Is parking free"): the word
       after it must not be praise, a negator, an article or an adverb ("Is amazing", "Is so
       good", "Do not recommend", "Is a must"), and the exclusions list the imperatives and set
       phrases ("Do come visit us", "Does the job", "Is it me or ..."). A later sentence needs a
       question word: "Thanks! Do classes run" is missed. And a ``скажите``/``скажи`` that is a
       clause of its own asks what follows: "Скажите, в субботу работаете", "Скажите
       пожалуйста, а в субботу ...", not "Скажите спасибо, что ...".
    6. Last, a text whose lead-ins end with ``а`` and whose first words are then a preposition
       with a place or time (one or two words), an optional "вы" and a 2nd-person plural verb
       (ending in ``-аете``/``-яете``/``-еете``/``-уете``/``-юете``, or ``будете``, ``можете`` ...)
       asks, unless it ends with ``!``: "А в воскресенье работаете", "Здравствуйте, а на Новый год
       работаете", "Девушки, а по выходным вы работаете"; not "А в воскресенье работаем до
       18:00", "А в субботу приходите" (``-ите`` is an imperative too) nor "А в этом букете розы".
       "а вы работаете 1 января" (no place or time) is still missed. A request for a link
       ("Дайте ссылку на каталог") is a question marker like "Скиньте прайс".
    Precision comes first: a polite statement taken for a question would be reported as
    "unanswered"; a question without ``?`` that slips through costs less.

Negative (``is_negative``)
    The export's own ``sentiment`` label wins (``positive`` / ``neutral`` / ``negative``, any case;
    another label falls back to the text). Otherwise a hit from the ``negative`` list counts unless
    it is *negated* — a ``negators`` word (``не``, ``нет``, ``без``, ``not``, ``no``, ``never``,
    ``isn't`` ...) just before it, possibly across up to three glue words ("не так уж плохо", "not
    that bad", "not the worst") — or it is an intensifier of praise: a one-word hit followed by a
    ``positive`` word, possibly across ``как``/``какой``/``до чего`` ("ужасно вкусно", "ужас как
    вкусно", "жуть до чего вкусно", "Ужасно 😍", "terribly sorry"), or one of the exclamations
    ``ужас``, ``кошмар``, ``жуть`` right after praise ("Безумно вкусно, кошмар"). A one-word hit
    in a text that laughs (😂, 🤣, "lol", "haha", "ахах" ...) is a joke: "my legs hate me 😂", "I
    hate how addictive this is lol"; so is the later part of a hyphenated word ("кунг-фу" is not
    "фу"). "Неплохо" is one word: no stem matches. A hit that itself starts with a negator ("не
    работает", "never again") is never negated, and an emoji hit (👎, 🤮, 😡) is never softened.
    Praise denied is negative too: a ``positive`` word right after "не"/"not" (across "очень",
    "так", "really", "that"): "Кофе не вкусный", "not that great" — not a comparative ("Ничего
    вкуснее не ела") nor in a laughing text.
    A cheaper competitor is negative too: ``дешевле``/``cheaper`` with a competitor named by a
    common word (``конкурентов``, ``в других``, ``везде``, ``elsewhere``) or by a capitalised name
    after a preposition ("в Ашане в три раза дешевле", "cheaper at Costco"), or followed by "чем у
    вас"/"than you" — unless the text names the shop anywhere else ("У вас дешевле, чем в Ашане",
    "В Ашане дешевле, но у вас свежее"), denies it ("нигде", "не", "not") or asks (a ``?``).
    Flowers that did not last are negative too: a standing verb (``простоя*``, ``постоя*``,
    ``стоял*``, ``продержал*``) in a text that ends with "и всё" ("Хризантемы простояли три дня и
    всё"; not "простояли три недели и всё ещё свежие").

Emotional staff tone (``is_emotional``)
    A word from the ``insults``, ``sarcasm`` or ``confrontational`` lists ("ну-ну", "ага,
    конечно", "yeah right", the eye-roll 🙄, "сами виноваты", "там всё написано", "read the rules
    before posting", "calm down") — unless each hit sends the subscriber elsewhere ("в другом
    месте", "у конкурентов") in a text that apologises ("простите", "извините", "к сожалению",
    "sorry") with no "не" before the hit, no "но" and nothing negative: "Заказывайте в другом
    месте, если нужно срочнее 3 часов — мы не успеем, простите" is a polite referral, "Не
    нравится — заказывайте в другом месте, извините" is not; or intensity — a run of ``!!``, ``??``, ``?!`` or ``!?``, or
    shouting: at least ``caps_min_letters`` (8) Latin or Cyrillic letters of which at least
    ``caps_ratio`` (60 %) are capitals, with a word of five capitals or more ("ОК, ждём в ТЦ
    «МЕГА»" only abbreviates); or a brush-off that is a sentence of its own, past a particle or
    two: "Who cares?", "Nobody asked.", "So what?", "Кому какое дело?", "Ну и что?" (the ``retorts`` list:
    "Who cares about calories on Friday!" and "No one asked us to, but ..." are calm). Mock praise
    counts in its sarcastic frame only ("you're such an expert", "раз такой умный", "вы же у нас
    эксперт"; not "Anna is such an expert"). Intensity, or such a retort, in a plainly friendly
    text is enthusiasm, not emotion: one that opens (within three words) with a word of the
    ``thanks`` or ``positive`` lists — thanks, good wishes, joy ("Ура!!!"), an apology or
    agreement ("Извините!", "Без проблем!!!"), praise, a heart or 👍 — or whose first sentence is
    nothing but agreement ("Конечно!!!", "Да, конечно!!!", "Yes!!!"; not "Ну конечно!!!" nor "Да
    сколько можно!!!") — or holds a friendly emoji
    anywhere (❤ 😊 🎉 ...), and has no negated praise ("НАМ НЕ НРАВИТСЯ", "Мы не извиняемся"),
    no "но"/"but", no ``?!``/``??`` ("Извините?!"), nothing negative and no intensity after its
    first sentence unless that sentence holds such a word too ("СПАСИБО ЗА ОТЗЫВ!!!", "Спасибо!!!
    Не забудьте забрать подарок", "Извините! Мы всё исправим!!!", but not "Спасибо!!! Но вы
    не правы" nor "Спасибо за вопрос!!! СКОЛЬКО МОЖНО СПРАШИВАТЬ???"). Capitals inside quotes («МЕГА ДЫБЕНКО») and in
    words with digits (promo codes: BIRTHDAY15) are names, not shouting. Closing parentheses — ``)``, ``))``,
    ``)))`` — are the ordinary Russian chat smiley and are *not* emotional by themselves;
    neither is a single ``!``. A brand written in capitals ("ZERNO COFFEE") on its own counts as
    shouting.

Abusive, contest, link request, order issue
    ``is_abusive``: the ``insults`` list (mild and non-exhaustive; stems chosen so that
    ``тупик`` or ``сучок`` do not match). ``is_contest``: the ``contest`` list (a draw, a prize,
    the forms of "выиграть" that invite, not "выиграли тендер"; not a bare "дарим": "дарим
    скидку" is no contest). ``asks_for_link``: the ``link_request`` list ("дайте ссылку", "скинь
    линк", "где купить", "как к вам записаться", "where can i buy"); a single word of it
    ("сайт", "online", "записаться") asks only in a question. ``is_order_issue``: the
    ``order_issue`` list ("где мой заказ", "трек-номер", "where is my order", "wrong order"); a
    single word of it ("заказ", "доставка", "delivery") names the order, and counts in a
    complaint ("Заказ так и не пришёл") or in a question about the writer's own order — a
    possessive up to two words before it ("Когда будет доставка моего заказа?", "Has my order
    shipped"), or a past form of it (ending in ``-ed``, ``-л(а/и)``, ``-н(а/о/ы)``) that opens the
    text or follows "я", "мы", "I", "we" ("Заказала в пятницу, когда привезёте?", "Ordered on
    Monday, any news?"; not "Кто-нибудь заказывал у них торт") — not in "Заказала у вас торт,
    всё супер" nor in a sales question ("Сколько стоит торт на заказ", "Do you deliver to
    Brooklyn?"). No negation handling for these.
    ``is_removal_reason`` (of a moderator's ``reason``, not of a text): the ``removal_reasons``
    list, as words in any case ("Спам", "spam, ads", "реклама конкурентов").

URLs
    ``find_urls``: ``http(s)://`` URLs, and bare domains ("zerno.coffee/menu", "www.x.ru",
    "кофе.рф", "xn--…"), which need a well-known ending (``_WELL_KNOWN_TLDS``), a ``www.`` or a
    path after them, so that "README.md" or "спасибо.ждем" are not links. E-mail addresses are not
    links. Trailing punctuation and an unbalanced ``)`` are trimmed. ``url_host``: the host,
    lower-cased, NFKC-normalised (full-width letters and dots, as browsers do) and with punycode
    labels decoded, so ``кофе.рф`` and ``xn--e1ajmy.xn--p1ai`` compare equal. ``is_own_link``: the
    host, without a leading ``www.``, is one of the domains or a subdomain of one.
    ``normalise_url``: the form two links to the same page share — no scheme, the host as
    ``url_host`` gives it without ``www.``, the path percent-decoded without a trailing ``/``, no
    fragment, the query sorted without tracking parameters (``utm_*``, ``fbclid``, ...).

Speed
    A text is tokenised once (a whitespace split; a compiled regex only for chunks with inner
    punctuation) and each token is classified once per process: a dict remembers, as bits, which
    of the hot-path lists the token is a word, stem or phrase start of. A text's class is the union
    of its tokens' classes, cached with its tokens for the last few thousand texts, so the several
    analysers rules ask about one event share the work, and most answers are a bit test. Phrases
    are checked only when the text holds their first word; the sentence-by-sentence question
    reading runs only on texts with a question word (or a bare auxiliary first, or a
    ``скажите``) and no ``?``, and a text with a ``?`` is split into sentences only when it
    holds an entry of the ``rhetorical`` list. The extra checks of a negative hit (laughter,
    compounds) run only once a hit is found; the cheaper-competitor reading only on texts with a
    ``дешевле``/``cheaper`` (a set test). The "а + place or time" question reading runs only on
    texts holding an ``а`` that nothing else made a question, the "и всё" lifetime reading only on
    texts ending with it, the polite-referral reading only on texts with a tone hit and an apology
    word, and the agreement opening only on intense texts.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple
from urllib.parse import parse_qsl, unquote, urlencode

from .resources import lexicons_dir

__all__ = [
    "LEXICON_NAMES",
    "Analysers",
    "Lexicon",
    "LexiconError",
    "find_urls",
    "is_own_link",
    "normalise_url",
    "tokenize",
    "url_host",
]

#: Every built-in word list, in the order of the module docstring.
LEXICON_NAMES: tuple[str, ...] = (
    "question_words",  # open a question sentence: когда, сколько, можно, how, can, is
    "question_markers",  # make a question anywhere: подскажите, хотела узнать, i was wondering
    "question_exclusions",  # sentence openings that look like questions but are not: как же, what a
    "question_lead_ins",  # skipped before the question word: здравствуйте, а, ребята, hi, so
    "rhetorical",  # ask nothing, even with '?': кто так делает, серьезно, who does that
    "negative",  # complaints: ужас*, не работает, верните деньги, terrible, refund*
    "positive",  # praise; turns "ужасно"/"terribly" into an intensifier: ужасно вкусно
    "negators",  # не, нет, без, not, no, never, isn't: "не плохо" is not negative
    "insults",  # abuse and obscenity, mild and non-exhaustive
    "sarcasm",  # ну-ну, ага конечно, yeah right
    "confrontational",  # staff arguing with a subscriber: сами виноваты, calm down
    "contest",  # конкурс*, розыгрыш*, giveaway*, win a
    "link_request",  # ссылк*, где купить, сайт*, website, where can i buy
    "order_issue",  # где мой заказ, трек-номер, where is my order; заказ, доставка, delivery
    "removal_reasons",  # a moderator's reason that justifies removing a comment: спам, реклама, spam, ads
    "thanks",  # thanks, wishes, apologies, agreement opening a friendly reply: спасибо, извините, без проблем, thank*
    "retorts",  # brush-offs emotional as a sentence of their own: who cares, кому какое дело
)


class LexiconError(Exception):
    """A word list cannot be used: a malformed entry, an unreadable file, an unknown list name.

    ``path`` and ``line`` say where, when a file is to blame (``line`` 0: the file as a whole);
    ``detail`` is the message without them."""

    def __init__(self, detail: str, path: str | Path | None = None, line: int = 0) -> None:
        where = f"{path}:{line}: " if path is not None and line else f"{path}: " if path is not None else ""
        super().__init__(where + detail)
        self.detail, self.path, self.line = detail, path, line


# --------------------------------------------------------------------------------------------
# Tokens

# The classes on both sides of the separator are disjoint, so the pattern cannot backtrack.
# An emoji is a token of its own, one per pictograph: skin tones, variation selectors and
# zero-width joiners are dropped ("👎🏻" is "👎"), flags' regional letters are not tokens.
_EMOJI = "\u2600-\u27bf\u2b00-\u2bff\U0001f200-\U0001f3fa\U0001f400-\U0001faff"
_WORD_RE = re.compile(rf"[^\W_]+(?:['\-][^\W_]+)*|[{_EMOJI}]")
_find_words = _WORD_RE.findall
# Words, emoji, or runs of what separates them (punctuation); underscores are dropped.
_find_pieces = re.compile(rf"[^\W_]+(?:['\-][^\W_]+)*|[{_EMOJI}]|[^\w\s{_EMOJI}]+").findall
_EDGE_PUNCTUATION = ",.!?:;()[]{}\"'«»„“”…*/-\u2013\u2014"

# What stands between two tokens; the sentence reading of is_question needs it.
_NO_BREAK, _CLAUSE_BREAK, _SENTENCE_BREAK, _EXCLAMATION = 0, 1, 2, 3
_SENTENCE_CHARACTERS = frozenset(".;…()[]?\n")
_CLAUSE_CHARACTERS = frozenset(",:-\u2013\u2014")
_break_kinds: dict[str, int] = {}


def _break_kind(separator: str) -> int:
    kind = _break_kinds.get(separator)
    if kind is None:
        kind = _NO_BREAK
        for character in separator:
            if character == "!":
                kind = _EXCLAMATION
                break
            # Emoji and other pictographs (U+2600 and up) end a chat sentence like a full stop.
            if character in _SENTENCE_CHARACTERS or character >= "\u2600":
                kind = _SENTENCE_BREAK
            elif kind == _NO_BREAK and character in _CLAUSE_CHARACTERS:
                kind = _CLAUSE_BREAK
        if len(_break_kinds) < 4096:
            _break_kinds[separator] = kind
    return kind


def _fold(text: str) -> str:
    # 'ё' is optional in Russian writing; phones type the right single quote for an apostrophe.
    return text.lower().replace("ё", "е").replace("\u2019", "'")


def _split(folded: str) -> tuple[str, ...]:
    words: list[str] = []
    # Splitting on whitespace and stripping edge punctuation leaves most chunks bare words; the
    # regex runs only on the rest. Two to three times faster than one findall over the text.
    for chunk in folded.split():
        if chunk.isalnum():
            words.append(chunk)
            continue
        core = chunk.strip(_EDGE_PUNCTUATION)
        if core.isalnum():
            words.append(core)
        else:
            words += _find_words(chunk)
    if "-" not in folded:
        return tuple(words)
    tokens: list[str] = []
    for word in words:
        tokens.append(word)
        if "-" in word:
            tokens += word.split("-")
    return tuple(tokens)


def _tokens(text: str) -> tuple[str, ...]:
    return _split(_fold(text))


def tokenize(text: str) -> list[str]:
    """The text's word tokens: lower-cased, ``ё`` → ``е``; a hyphenated word, then its parts."""
    return list(_tokens(text))


class _Sentences(NamedTuple):
    """A text read with its punctuation: the tokens of ``_split`` and the breaks between them."""

    tokens: tuple[str, ...]
    breaks: tuple[tuple[int, int], ...]  # (index of the token after the break, break kind)
    end: int  # the break after the last token: _EXCLAMATION for "... здорово!"


def _read_sentences(folded: str) -> _Sentences:
    # Slower than _split (it keeps the punctuation); only is_question's sentence reading needs it.
    tokens: list[str] = []
    breaks: list[tuple[int, int]] = []
    pending = _NO_BREAK
    for line in folded.splitlines():
        if tokens:
            pending = max(pending, _SENTENCE_BREAK)
        for chunk in line.split():
            if not chunk.isalnum():
                core = chunk.strip(_EDGE_PUNCTUATION)
                if not core.isalnum():
                    for piece in _find_pieces(chunk):
                        if not piece[0].isalnum():
                            if _WORD_RE.match(piece) is None:
                                pending = max(pending, _break_kind(piece))
                                continue
                            # An emoji belongs to the sentence before it and ends it: "Какой
                            # вкусный кофе 😍 Когда откроетесь" is two sentences.
                            if pending:
                                breaks.append((len(tokens), pending))
                            tokens.append(piece)
                            pending = _SENTENCE_BREAK
                            continue
                        if pending:
                            breaks.append((len(tokens), pending))
                            pending = _NO_BREAK
                        tokens.append(piece)
                        if "-" in piece:
                            tokens += piece.split("-")
                    continue
                # Most punctuation hugs a word: "отзыв," "(как" "здорово!" need no regex.
                start = chunk.find(core)
                if start:
                    pending = max(pending, _break_kind(chunk[:start]))
                if pending:
                    breaks.append((len(tokens), pending))
                tokens.append(core)
                tail = chunk[start + len(core) :]
                pending = _break_kind(tail) if tail else _NO_BREAK
                continue
            if pending:
                breaks.append((len(tokens), pending))
                pending = _NO_BREAK
            tokens.append(chunk)
    return _Sentences(tuple(tokens), tuple(breaks), pending)


# --------------------------------------------------------------------------------------------
# Word lists

_ParsedEntry = tuple[tuple[str, ...], bool]  # tokens, and whether the last one is a stem
_PhraseTails = tuple[tuple[tuple[tuple[str, ...], str, bool], ...], frozenset[str], tuple[str, ...]]


def _parse_entry(raw: str) -> tuple[str, _ParsedEntry]:
    """The normalised entry text and its tokens, or a LexiconError saying what is wrong."""
    text = " ".join(_fold(raw).split())
    is_stem = text.endswith("*")
    body = text[:-1] if is_stem else text
    if "*" in body:
        raise LexiconError(f"{raw.strip()!r}: '*' may only end an entry (a stem: 'конкурс*')")
    words = _find_words(body)
    if not words:
        raise LexiconError(f"{raw.strip()!r}: the entry has no letters or digits")
    if is_stem:
        if not body[-1:].isalnum():
            raise LexiconError(f"{raw.strip()!r}: '*' must follow the stem directly ('конкурс*')")
        if len(words[-1]) < 2:
            raise LexiconError(f"{raw.strip()!r}: a stem needs at least two letters")
    tokens: list[str] = []
    for position, word in enumerate(words):
        tokens.append(word)
        # Text tokens carry a compound's parts right after it; a phrase must too, to stay
        # consecutive. Not after its last word: matching ends there.
        if "-" in word and position < len(words) - 1:
            tokens += word.split("-")
    return text, (tuple(tokens), is_stem)


class Lexicon:
    """A word list: whole words, stems and phrases.

    Stems end with '*' and match any word starting with them; phrases contain a space and match
    consecutive tokens, the last of which may be a stem.
    """

    __slots__ = ("_entries", "_heads", "_phrases", "_stems", "_words")

    def __init__(self, entries: Iterable[str] = ()) -> None:
        parsed: dict[str, _ParsedEntry] = {}
        for entry in entries:
            key, value = _parse_entry(entry)
            parsed[key] = value
        self._setup(parsed)

    @classmethod
    def _from_parsed(cls, parsed: dict[str, _ParsedEntry]) -> Lexicon:
        lexicon = cls.__new__(cls)
        lexicon._setup(parsed)
        return lexicon

    def _setup(self, parsed: dict[str, _ParsedEntry]) -> None:
        self._entries: Mapping[str, _ParsedEntry] = MappingProxyType(parsed)
        words: set[str] = set()
        stems: dict[str, set[str]] = {}
        phrases: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
        for tokens, is_stem in parsed.values():
            if len(tokens) > 1:
                phrases.setdefault(tokens[0], []).append((tokens[1:], is_stem))
            elif is_stem:
                stems.setdefault(tokens[0][0], set()).add(tokens[0])
            else:
                words.add(tokens[0])
        self._words = frozenset(words)
        # str.startswith takes a tuple: one C call per token tests every stem of its first letter.
        self._stems = {initial: tuple(sorted(group)) for initial, group in stems.items()}
        # Per first word: the phrases of three or more words, longest first (match_at reports the
        # longest), as (middle words, last word, last is a stem); then the second words of the
        # two-word phrases, a set and a tuple of stems, each one C call.
        self._phrases: dict[str, _PhraseTails] = {}
        for head, tails in phrases.items():
            longer = sorted(
                (tail for tail in tails if len(tail[0]) > 1), key=lambda tail: -len(tail[0])
            )
            self._phrases[head] = (
                tuple((rest[:-1], rest[-1], stem) for rest, stem in longer),
                frozenset(rest[0] for rest, stem in tails if len(rest) == 1 and not stem),
                tuple(rest[0] for rest, stem in tails if len(rest) == 1 and stem),
            )
        self._heads = frozenset(phrases)

    @classmethod
    def from_lines(cls, lines: Iterable[str], source: str = "<lines>") -> Lexicon:
        """Parse a word list: '#' starts a comment, blank lines are ignored.

        Entries are lower-cased and 'ё' is folded to 'е'; an error names ``source:line``.
        """
        parsed: dict[str, _ParsedEntry] = {}
        for number, line in enumerate(lines, start=1):
            entry = line.split("#", 1)[0].strip()
            if not entry:
                continue
            try:
                key, value = _parse_entry(entry)
            except LexiconError as error:
                raise LexiconError(str(error), source, number) from None
            parsed[key] = value
        return cls._from_parsed(parsed)

    def extend(self, other: Lexicon) -> Lexicon:
        """A new list with the entries of both."""
        return Lexicon._from_parsed({**self._entries, **other._entries})

    @property
    def entries(self) -> tuple[str, ...]:
        """The normalised entries (lower-cased, ``ё`` → ``е``, single spaces)."""
        return tuple(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<Lexicon of {len(self)} entries>"

    def _has_stem_of(self, token: str) -> bool:
        stems = self._stems.get(token[:1])
        return stems is not None and token.startswith(stems)

    def _matches_word(self, token: str) -> bool:
        return token in self._words or self._has_stem_of(token)

    def matches(self, tokens: Sequence[str]) -> bool:
        """Whether any entry occurs in ``tokens`` (lower-cased and folded, as from ``tokenize``)."""
        if not self._words.isdisjoint(tokens) or any(map(self._has_stem_of, tokens)):
            return True
        return self._has_phrase(tokens)

    def _has_phrase(self, tokens: Sequence[str]) -> bool:
        heads = self._heads
        if not heads or heads.isdisjoint(tokens):
            return False
        for index, token in enumerate(tokens):
            if token in heads and self._phrase_at(tokens, index):
                return True
        return False

    def match_at(self, tokens: Sequence[str], index: int) -> int:
        """The number of tokens of the longest entry matching at ``tokens[index]``; 0 for none."""
        if not 0 <= index < len(tokens):
            return 0
        token = tokens[index]
        if token in self._heads:
            length = self._phrase_at(tokens, index)
            if length:
                return length
        return 1 if self._matches_word(token) else 0

    def _phrase_at(self, tokens: Sequence[str], index: int) -> int:
        longer, seconds, second_stems = self._phrases[tokens[index]]
        count = len(tokens)
        for middle, last, is_stem in longer:
            end = index + 2 + len(middle)
            if end > count or tuple(tokens[index + 1 : end - 1]) != middle:
                continue
            if tokens[end - 1].startswith(last) if is_stem else tokens[end - 1] == last:
                return end - index
        if index + 1 < count:
            second = tokens[index + 1]
            if second in seconds or (second_stems and second.startswith(second_stems)):
                return 2
        return 0


_EMPTY = Lexicon()
_LI = Lexicon(["ли"])  # the Russian question particle: "Есть ли доставка"


def _read_lexicon(path: Path) -> Lexicon:
    try:
        # utf-8-sig: Windows editors put a byte-order mark at the start of "UTF-8" files.
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise LexiconError(
            f"not UTF-8 text ({error.reason} at byte {error.start}); save the word list as UTF-8", path
        ) from None
    except OSError as error:
        raise LexiconError(f"cannot be read ({error.strerror})", path) from None
    return Lexicon.from_lines(text.splitlines(), source=str(path))


@lru_cache(maxsize=1)
def _builtin_lexicons() -> tuple[tuple[str, Lexicon], ...]:
    folder = lexicons_dir()
    lists = []
    for name in LEXICON_NAMES:
        path = folder / f"{name}.txt"
        if not path.is_file():
            raise LexiconError(f"the built-in word list '{name}' is missing from this installation", path)
        lists.append((name, _read_lexicon(path)))
    return tuple(lists)


# --------------------------------------------------------------------------------------------
# Fixed grammar the lists do not describe

_QUESTION_MARK_RE = re.compile(r"[?\uff1f](?![\w=&%/#+\-])")
_NOT_QUESTION_BEFORE_LI = frozenset({"вряд", "навряд", "едва", "то"})
# A rhetorical entry this long counts at a sentence's opening; a shorter one only as all of it.
_RHETORICAL_OPENING = 3
# A text's sentences, each with its run of . ! ? … — a "?" counts as _QUESTION_MARK_RE says (not the
# one of "/menu?utm=vk"). Only texts holding an entry of the rhetorical list are split so.
_QUESTION_SENTENCES_RE = re.compile(
    r"((?:[^.!?\uff1f\u2026\n]|[?\uff1f](?=[\w=&%/#+\-]))+)([.!?\uff1f\u2026]*)"
)
# "Какой вкусный кофе" exclaims, "Какой у вас адрес" asks: an adjective after "какой" tells.
_WHICH_FORMS = frozenset(
    {
        "какой",
        "какая",
        "какое",
        "какие",
        "какую",
        "каких",
        "каким",
        "каков",
        "какова",
        "каково",
        "каковы",
    }
)
_ADJECTIVE_ENDINGS = ("ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ую", "юю", "ых", "их")
_WHICH_GLUE = frozenset({"у", "же", "тут", "здесь", "всё", "все", "ж"})
_POSSESSIVES_LIKE_ADJECTIVES = frozenset(
    {"мой", "твой", "свой", "мое", "твое", "свое", "наше", "ваше", "другой", "другое", "другие"}
)
# Skipped when a question marker is matched: "Напишите, пожалуйста, цену", "send me the price".
_MARKER_GLUE = frozenset(
    {"пожалуйста", "пожалуста", "пожалуйсто", "плиз", "плз", "пжл", "пж", "пжлст", "please", "pls", "plz",
     "мне", "me"}
)  # fmt: skip
# English auxiliaries that ask with any subject after them when they open the text ("Are
# memberships transferable", "Do classes run on Sundays"); and what cannot be that subject.
_BARE_AUXILIARIES = frozenset({"is", "are", "do", "does"})
_NOT_A_SUBJECT = frozenset(
    {
        "so", "very", "really", "just", "always", "too", "such", "definitely", "absolutely",
        "totally", "literally", "actually", "still", "also", "truly", "honestly", "simply",
        "a", "an", "what", "back", "here", "now", "open", "closed", "by", "in", "on", "at", "for",
        "of", "to", "with", "from", "like", "as",
    }
)  # fmt: skip
# An order word the writer owns: "мой заказ", "моего последнего заказа", "my order", "our delivery";
# or in a past form, an order placed: "заказала", "доставлен", "ordered", "shipped".
_POSSESSIVES = frozenset(
    {
        "мой", "моя", "мое", "мои", "моего", "моей", "моему", "моим", "моих", "моем", "мою",
        "наш", "наша", "наше", "наши", "нашего", "нашей", "нашему", "нашим", "наших", "нашем",
        "нашу", "свой", "своя", "свое", "свои", "своего", "своей", "своему", "своим", "своих",
        "своем", "свою", "my", "our",
    }
)  # fmt: skip
_PAST_ENDINGS = ("ed", "л", "ла", "ли", "н", "на", "но", "ны")
_FIRST_PERSON = frozenset({"я", "мы", "i", "we"})
# A lead-in that asks when it is a clause of its own: "Скажите, в субботу работаете".
_ASKING_LEAD_INS = frozenset({"скажите", "скажи"})
_OPENING_ASKERS = _BARE_AUXILIARIES | _ASKING_LEAD_INS
# "А в воскресенье работаете", "Здравствуйте, а на Новый год работаете": "а", a place or time
# after a preposition, and a verb in the 2nd person plural (not "работаем", not "приходите", which
# is an imperative too, not a noun such as "в букете").
_PLACE_TIME_PREPOSITIONS = frozenset({"в", "во", "на", "по", "с", "со", "до", "после", "к", "за", "под"})
_SECOND_PERSON_ENDINGS = ("аете", "яете", "еете", "уете", "юете")
_SECOND_PERSON_VERBS = frozenset(
    {"будете", "можете", "сможете", "везете", "привезете", "довезете", "ждете", "берете", "идете"}
)
# A clause that names the choice asked about: "Что лучше, латте или капучино", "Which one, A or B".
_ALTERNATIVES = frozenset({"или", "либо", "or"})
# Glue words allowed between a negator and the word it negates: "не так уж плохо", "not that bad".
# A friendly reply opens with its thanks or wishes: "Спасибо!!!", "Мы очень рады!!!".
_FRIENDLY_OPENING = 3
# Emoji that make a reply friendly wherever they stand: "Мы тоже вас любим!!! ❤️".
_FRIENDLY_EMOJI = frozenset("❤😊🙂☺🥰😍🤗🎉🥳✨🙏👍💪🎁🌸💐☕🍰🎂")
# Words that turn a friendly opening into something else: "Спасибо, но ...", "Thanks, but ...".
# The end of a text's first sentence: its run of . ! ? … and the spaces after it.
# A text's sentences, each with its run of . ! ? … (the run is what may make it intense).
_SENTENCES_RE = re.compile(r"[^.!?\u2026]+[.!?\u2026]*")
_CONTRAST = frozenset({"но", "однако", "хотя", "зато", "but", "however", "though", "although", "yet"})
# A first sentence of nothing but agreement is a friendly opening: "Конечно!!!", "Да, конечно!!!".
_AGREEMENT = frozenset(
    {"да", "конечно", "разумеется", "обязательно", "yes", "yep", "sure", "absolutely", "definitely", "certainly"}
)  # fmt: skip
# A referral elsewhere ("заказывайте в другом месте") with an apology and no "не" before it is a
# polite one: "Заказывайте в другом месте, если нужно срочнее — мы не успеем, простите".
_APOLOGIES = frozenset(
    {"простите", "прости", "извините", "извини", "извиняемся", "сожалению", "sorry", "apologies"}
)  # fmt: skip
_REFERRAL_PLACES = frozenset({"другом", "другое", "другой", "конкурентов", "конкурентам", "elsewhere"})
# A lifetime cut short: "Хризантемы простояли три дня и всё" (a standing verb, "и всё" at the end).
_LASTED = ("простоя", "постоя", "стоял", "продержал")
_RETORT_LEAD_INS = frozenset({"ну", "а", "и", "да", "oh", "well", "and", "so", "honestly", "seriously"})
# A retort's sentence: up to a full stop, "!", "?", "…" or a line break.
_RETORT_SENTENCES_RE = re.compile(r"([^.!?\u2026\n]+)([.!?\u2026]*)")
_NEGATION_GLUE = frozenset(
    {
        "так", "уж", "такой", "такая", "такое", "такие", "совсем", "очень", "особо", "особенно",
        "слишком", "то", "было", "был", "была", "были", "бы", "все", "вовсе", "сильно",
        "that", "so", "too", "very", "the", "a", "at", "all", "really", "as", "quite", "even",
        "entirely",
    }
)  # fmt: skip
# A praise word denied: "не вкусный", "не очень понравилось", "not good", "not that great".
_DENYING = frozenset({"не", "not"})
_DENIAL_GLUE = frozenset({"очень", "особо", "особенно", "слишком", "really", "very", "that", "too"})
# Before "не"/"not", these make no denial: "разве не", "can't not", "you can not love".
_NOT_A_DENIAL = frozenset({"разве", "неужели", "can", "cannot", "can't", "cant", "could", "how", "why"})
_COMPARATIVE_ENDINGS = ("ее", "ей", "er", "est")
# Between a negative word and the praise it intensifies: "ужас как вкусно", "жуть до чего вкусно".
_INTENSIFIER_GLUE = frozenset(
    {"как", "какой", "какая", "какое", "какие", "же", "просто", "до", "чего"}
)  # fmt: skip
# Negative nouns used as exclamations, after praise too: "Безумно вкусно, кошмар".
_INTERJECTIONS = frozenset({"ужас", "кошмар", "жуть"})
# Laughter: a single negative word in a laughing text is a joke ("my legs hate me 😂").
_LAUGHTER = frozenset({"😂", "🤣", "😆", "😅", "😹", "lol", "lool", "lmao", "lmfao", "rofl"})
_LAUGHTER_STEMS = ("haha", "hehe", "ahah", "хаха", "ахах", "хехе")
# A cheaper competitor: "В Ашане в три раза дешевле", "У конкурентов дешевле", "cheaper elsewhere".
_CHEAPER = frozenset({"дешевле", "дешевше", "cheaper"})
_CHEAPER_DENIALS = frozenset({"не", "нигде", "нет", "not", "nowhere", "never", "no"})
_OWN_PLACE = frozenset({"вас", "вы", "ваш", "ваши", "вашем", "нас", "тут", "здесь", "you", "your", "here"})
_ELSEWHERE = frozenset(
    {"конкурентов", "конкурентам", "конкуренты", "других", "другом", "соседнем", "везде",
     "elsewhere", "competitors", "competitor", "everywhere"}
)  # fmt: skip
# A preposition and a capitalised name: "в Ашане", "На Озоне", "at Costco"; not a holiday ("В
# Новый год всё дешевле", "cheaper on Black Friday").
_NAMED_PLACE_RE = re.compile(
    r"(?<!\w)(?:[вВуУ]|[вВ]о|[нН]а|at|in|on|At|In|On)\s+"
    r"(?!Нов|Рождеств|Пасх|Черн|Чёрн|Маслениц|New Year|Christmas|Black Friday|Cyber|Easter|Boxing)[A-ZА-ЯЁ]"
)
_SENTIMENT_LABELS = frozenset({"positive", "neutral", "negative"})
_UPPER_RE = re.compile(r"[A-Z\u0400-\u042f]")
_LETTER_RE = re.compile(r"[A-Za-z\u0400-\u045f]")
# Quoted names and words with digits (promo codes) are written in capitals without shouting.
_NAMES_AND_CODES_RE = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”|\b\w*\d\w*\b")
# Shouting has a word of five capitals or more: "ОК, ждём в ТЦ «МЕГА»" only abbreviates.
_SHOUTED_WORD_RE = re.compile(r"[A-Z\u0400-\u042f]{5,}")


# --------------------------------------------------------------------------------------------
# Analysers

# The lists the analysers consult on every text. A token's class has two bits per list: "a word or
# stem entry matches the token" (1 << 2 * group) and "a phrase entry starts with it" (2 << ...).
(
    _QUESTION_GROUP,
    _MARKER_GROUP,
    _NEGATIVE_GROUP,
    _INSULTS_GROUP,
    _TONE_GROUP,
    _CONTEST_GROUP,
    _LINK_GROUP,
    _ORDER_GROUP,
    _LI_GROUP,
    _RHETORICAL_GROUP,
) = range(10)
_QUESTION_WORD = 1 << 2 * _QUESTION_GROUP | 1 << 2 * _LI_GROUP
_QUESTION_ANY = 3 << 2 * _QUESTION_GROUP | 1 << 2 * _LI_GROUP
_LI_WORD = 1 << 2 * _LI_GROUP
_MARKER_WORD = 1 << 2 * _MARKER_GROUP
_MARKER_ANY = 3 << 2 * _MARKER_GROUP
_NEGATIVE_ANY = 3 << 2 * _NEGATIVE_GROUP
_RHETORICAL_WORD = 1 << 2 * _RHETORICAL_GROUP
_RHETORICAL_ANY = 3 << 2 * _RHETORICAL_GROUP
_TOKEN_CLASSES_LIMIT = 1 << 16


class _TokenClasses(dict[str, int]):
    """The class of every token seen so far: a log repeats its words, so each is looked up once."""

    __slots__ = ("_exact", "_stems")

    def __init__(self, lists: Sequence[Lexicon]) -> None:
        super().__init__()
        # All lists merged: one dict look-up and a few startswith calls classify a new token.
        self._exact: dict[str, int] = {}
        stems: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for group, lexicon in enumerate(lists):
            for word in lexicon._words:
                self._exact[word] = self._exact.get(word, 0) | 1 << (2 * group)
            for head in lexicon._heads:
                self._exact[head] = self._exact.get(head, 0) | 2 << (2 * group)
            for initial, group_stems in lexicon._stems.items():
                stems.setdefault(initial, []).append((group_stems, 1 << (2 * group)))
        self._stems = {initial: tuple(pairs) for initial, pairs in stems.items()}

    def __missing__(self, token: str) -> int:
        bits = self._exact.get(token, 0)
        for stems, bit in self._stems.get(token[:1], ()):
            if token.startswith(stems):
                bits |= bit
        if len(self) >= _TOKEN_CLASSES_LIMIT:
            # Cruder than an LRU but free on the hot path; names and numbers keep a log's
            # vocabulary growing.
            self.clear()
        self[token] = bits
        return bits

    def of(self, tokens: Sequence[str]) -> int:
        bits = 0
        for token in tokens:
            bits |= self[token]
        return bits


class Analysers:
    """The text analysers rules share, built from the word lists (built-in, extended by users)."""

    __slots__ = (
        "_caps_min_letters",
        "_caps_min_upper",
        "_caps_ratio",
        "_classes",
        "_contest",
        "_insults",
        "_lexicons",
        "_link_request",
        "_negative",
        "_negators",
        "_order_issue",
        "_positive",
        "_question_exclusions",
        "_question_heads",
        "_question_lead_ins",
        "_question_markers",
        "_question_words",
        "_read",
        "_removal_reasons",
        "_retorts_list",
        "_rhetorical",
        "_thanks",
        "_tone",
    )  # fmt: skip

    def __init__(
        self,
        lexicons: Mapping[str, Lexicon],
        *,
        caps_ratio: float = 0.6,
        caps_min_letters: int = 8,
    ) -> None:
        unknown = sorted(set(lexicons) - set(LEXICON_NAMES))
        if unknown:
            raise LexiconError(
                f"unknown word list(s): {', '.join(unknown)}; known: {', '.join(LEXICON_NAMES)}"
            )
        if not 0 < caps_ratio <= 1 or caps_min_letters < 1:
            raise ValueError("caps_ratio must be in (0, 1] and caps_min_letters at least 1")
        lists = {name: lexicons.get(name, _EMPTY) for name in LEXICON_NAMES}
        self._lexicons: Mapping[str, Lexicon] = MappingProxyType(lists)
        self._question_words = lists["question_words"]
        self._question_markers = lists["question_markers"]
        self._question_exclusions = lists["question_exclusions"]
        self._question_lead_ins = lists["question_lead_ins"]
        self._rhetorical = lists["rhetorical"]
        # A text without '?', "ли" and any of these cannot be a question.
        self._question_heads = self._question_words.extend(self._question_markers)
        self._negative = lists["negative"]
        self._positive = lists["positive"]
        self._negators = lists["negators"]
        self._insults = lists["insults"]
        # One scan instead of three for the staff tone.
        self._tone = lists["insults"].extend(lists["sarcasm"]).extend(lists["confrontational"])
        self._contest = lists["contest"]
        self._link_request = lists["link_request"]
        self._order_issue = lists["order_issue"]
        self._removal_reasons = lists["removal_reasons"]
        self._thanks = lists["thanks"]
        self._retorts_list = lists["retorts"]
        # In the order of the *_GROUP numbers.
        self._classes = _TokenClasses(
            (
                self._question_heads, self._question_markers, self._negative, self._insults,
                self._tone, self._contest, self._link_request, self._order_issue, _LI,
                self._rhetorical,
            )
        )  # fmt: skip
        # Rules ask several analysers about one event in a row: its text is read once. Bounded,
        # since a log has a million events.
        self._read = lru_cache(maxsize=4096)(self._read_text)
        self._caps_ratio = caps_ratio
        self._caps_min_letters = caps_min_letters
        # Fewer capitals than this can never reach the ratio: skips counting all letters.
        self._caps_min_upper = max(1, math.ceil(caps_ratio * caps_min_letters - 1e-9))

    def _read_text(self, text: str) -> tuple[tuple[str, ...], int]:
        """The text's tokens, and the union of their classes (which hot-path lists they may hit)."""
        tokens = _tokens(text)
        return tokens, self._classes.of(tokens)

    @classmethod
    def load(cls, extra_dirs: Sequence[Path] = ()) -> Analysers:
        """Built-in lists from ``rules/lexicons/<name>.txt``, each extended by the users' lists.

        A user list is ``<dir>/lexicons/<name>.txt`` in any of ``extra_dirs`` (the users' rule
        folders). A user file whose name is not a known list raises LexiconError naming the file.
        """
        lists = dict(_builtin_lexicons())
        for folder in extra_dirs:
            user_dir = Path(folder) / "lexicons"
            if not user_dir.is_dir():
                continue
            # Only *.txt are lists; a README.md or an editor's hidden file there is left alone.
            for path in sorted(user_dir.iterdir()):
                if path.name.startswith(".") or path.suffix.lower() != ".txt" or not path.is_file():
                    continue
                if path.stem not in lists:
                    close = difflib.get_close_matches(path.stem, LEXICON_NAMES, n=1, cutoff=0.6)
                    meant = f" (did you mean '{close[0]}.txt'?)" if close else ""
                    raise LexiconError(
                        f"there is no word list called '{path.stem}' to extend{meant}; "
                        f"the lists are: {', '.join(LEXICON_NAMES)}", path
                    )
                lists[path.stem] = lists[path.stem].extend(_read_lexicon(path))
        return cls(lists)

    @property
    def lexicons(self) -> Mapping[str, Lexicon]:
        """Every list by name, as the analysers use them (user extensions included)."""
        return self._lexicons

    # -- questions ---------------------------------------------------------------------------

    def is_question(self, text: str | None) -> bool:
        """Whether the text asks something (see the module docstring for the heuristics)."""
        if not text:
            return False
        tokens, classes = self._read(text)
        if ("?" in text or "\uff1f" in text) and _QUESTION_MARK_RE.search(text) is not None:
            # A '?' asks unless each sentence it ends is rhetorical ("Серьёзно?", "Ну кто так
            # делает?!"); then the rest of the text may still ask without one ("Серьёзно? А когда
            # откроетесь"). Texts without a word of the list (nearly all) skip the sentence split.
            rest = (
                self._past_rhetorical_questions(text, tokens, classes)
                if classes & _RHETORICAL_ANY
                else None
            )
            if rest is None:
                return True
            if not rest:
                return False
            text = rest
            tokens, classes = self._read_text(rest)
        # Cheap and common: no question word or marker anywhere ("в" begins "в какое время";
        # without such a phrase in the text it means nothing here), so no sentence can open with
        # one. Only a bare auxiliary opening the text ("Are memberships transferable") or a
        # "Скажите," of its own ("Скажите, в субботу работаете") may still ask.
        if not classes & _QUESTION_WORD and (
            not classes & _QUESTION_ANY or not self._question_heads._has_phrase(tokens)
        ):
            if classes & _MARKER_ANY and self._marker_past_glue(tokens, classes):
                return True  # "Напишите, пожалуйста, цену"
            if _OPENING_ASKERS.isdisjoint(tokens):
                return "а" in tokens and self._asks_about_place_or_time(text, tokens)
            if _ASKING_LEAD_INS.isdisjoint(tokens):
                opening = self._opening(tokens)
                if opening == len(tokens) or tokens[opening] not in _BARE_AUXILIARIES:
                    return "а" in tokens and self._asks_about_place_or_time(text, tokens)
        if classes & _MARKER_ANY and (
            self._marker_in(tokens, classes) or self._marker_past_glue(tokens, classes)
        ):
            return True
        if classes & _LI_WORD and _asks_with_li(tokens):
            return True
        if self._has_question_sentence(_read_sentences(_fold(text))):
            return True
        return "а" in tokens and self._asks_about_place_or_time(text, tokens)

    def _asks_about_place_or_time(self, text: str, tokens: tuple[str, ...]) -> bool:
        """An "а" as the text's last lead-in, a preposition with a place or time (one or two words),
        an optional "вы" and a 2nd-person verb: "А в воскресенье работаете", "Девушки, а по
        выходным вы работаете"; not "А в воскресенье работаем до 18:00", "А в субботу приходите"
        (an imperative too), "А в этом букете розы", nor an exclamation."""
        opening = self._opening(tokens)
        if not 0 < opening < len(tokens) - 2 or tokens[opening - 1] != "а":
            return False
        if tokens[opening] not in _PLACE_TIME_PREPOSITIONS or text.rstrip().endswith("!"):
            return False
        for index in range(opening + 2, min(opening + 5, len(tokens))):
            token = tokens[index]
            if token.endswith(_SECOND_PERSON_ENDINGS) or token in _SECOND_PERSON_VERBS:
                return True
            if token in _PLACE_TIME_PREPOSITIONS or tokens[index - 1] == "вы":
                return False  # "А в этом букете в подарок ...", "А в субботу вы нам ..."
        return False

    def _marker_past_glue(self, tokens: tuple[str, ...], classes: int) -> bool:
        """A question marker once the politeness words are skipped: "Напишите, пожалуйста, цену"
        (tried after the text as written, since "please" and "me" begin markers too)."""
        if _MARKER_GLUE.isdisjoint(tokens):
            return False
        return self._marker_in(tuple(token for token in tokens if token not in _MARKER_GLUE), classes)

    def _marker_in(self, tokens: tuple[str, ...], classes: int) -> bool:
        """A question marker that no longer question exclusion at its place turns into a saying:
        "Кто знает, тот поймёт" (``кто знает тот`` against the marker ``кто знает``)."""
        markers, exclusions = self._question_markers, self._question_exclusions
        if not classes & _MARKER_WORD and not markers._has_phrase(tokens):
            return False  # most texts: only a phrase's first word ("не", "у", "i")
        if exclusions._heads.isdisjoint(tokens):
            return True
        token_classes = self._classes
        for index, token in enumerate(tokens):
            if token_classes[token] & _MARKER_ANY:
                length = markers.match_at(tokens, index)
                if length and exclusions.match_at(tokens, index) <= length:
                    return True
        return False

    def _opening(self, tokens: tuple[str, ...]) -> int:
        """Where the text's first words past its lead-ins are ("Hi! Are ..." → 1)."""
        lead_ins = self._question_lead_ins
        position = 0
        while position < len(tokens):
            skipped = lead_ins.match_at(tokens, position)
            if not skipped:
                break
            position += skipped
        return position

    def _has_question_sentence(self, sentences: _Sentences) -> bool:
        tokens = sentences.tokens
        start = 0
        clause_starts: list[int] = []
        for index, kind in (*sentences.breaks, (len(tokens), sentences.end)):
            if kind >= _SENTENCE_BREAK or index == len(tokens):
                # The break after a sentence tells how it ended: "Как же здорово!" exclaims.
                if kind != _EXCLAMATION and self._sentence_asks(
                    tokens, start, index, clause_starts
                ):
                    return True
                start, clause_starts = index, []
            elif kind == _CLAUSE_BREAK:
                clause_starts.append(index)
        return False

    def _sentence_asks(
        self, tokens: tuple[str, ...], start: int, end: int, clause_starts: list[int]
    ) -> bool:
        lead_ins = self._question_lead_ins
        position = start
        asked_at = end  # just past a "скажите" among the lead-ins
        while position < end:
            skipped = lead_ins.match_at(tokens, position)
            if not skipped or position + skipped > end:
                break
            if asked_at == end and tokens[position] in _ASKING_LEAD_INS:
                asked_at = position + skipped
            position += skipped
        else:
            return False
        # "Скажите," as a clause of its own asks what follows: "Скажите, в субботу работаете",
        # "Скажите пожалуйста, а в субботу работаете" (the comma before more lead-ins).
        if any(asked_at <= clause <= position for clause in clause_starts):
            return True
        if 0 < self._question_exclusions.match_at(tokens, position) <= end - position:
            return False
        # "Ну кто так делает", "Что может быть лучше утреннего капучино": rhetorical.
        if self._rhetorical_at(tokens, position, end):
            return False
        if not 0 < self._question_words.match_at(tokens, position) <= end - position and not (
            self._auxiliary_asks(tokens, position, end)
        ):
            return False
        if _exclaims_with_which(tokens, position, end):
            return False
        # A later clause of real words makes this one subordinate: "Когда я пришла, кофе остыл";
        # not one that offers the choice asked about: "Что лучше, латте или капучино".
        later = [clause for clause in clause_starts if clause > position]
        return all(
            self._only_lead_ins(tokens, clause, stop)
            or not _ALTERNATIVES.isdisjoint(tokens[clause:stop])
            for clause, stop in zip(later, [*later[1:], end])
        )

    def _past_rhetorical_questions(
        self, text: str, tokens: tuple[str, ...], classes: int
    ) -> str | None:
        """The text's sentences that do not end with '?' (one a line, with their punctuation)
        when every one that does is rhetorical ("Серьёзно?", "Ну кто так делает?!", "Кто, если
        не вы? ❤️"); None when one of them asks."""
        if not classes & _RHETORICAL_WORD and not self._rhetorical._has_phrase(tokens):
            return None
        rest = []
        for sentence, end in _QUESTION_SENTENCES_RE.findall(text):
            if "?" not in end and "\uff1f" not in end:
                rest.append(sentence + end)
                continue
            words = tuple(token for token in _tokens(sentence) if token[0].isalnum())
            if not self._rhetorical_at(words, self._opening(words), len(words)):
                return None
        return "\n".join(rest).strip()

    def _rhetorical_at(self, tokens: tuple[str, ...], position: int, end: int) -> bool:
        """Whether the sentence ``tokens[position:end]`` opens with an entry of three words or more
        of the ``rhetorical`` list ("Кто так делает торты"), or is a shorter one and nothing more
        but lead-ins: "Серьёзно, ребята" and "Сколько можно" ask nothing, "Серьёзно, когда
        откроетесь" and "Сколько можно взять с собой" do."""
        length = self._rhetorical.match_at(tokens, position)
        return 0 < length <= end - position and (
            length >= _RHETORICAL_OPENING or self._only_lead_ins(tokens, position + length, end)
        )

    def _auxiliary_asks(self, tokens: tuple[str, ...], position: int, end: int) -> bool:
        """A bare "is", "are", "do", "does" opening the text, with a subject and more after it:
        "Do classes run on Sundays", not "Is amazing", "Is so good", "Do not recommend", "Do it"
        nor "Thanks! Do classes run" (not the opening)."""
        if tokens[position] not in _BARE_AUXILIARIES or end - position < 3:
            return False
        if self._opening(tokens) != position:
            return False
        subject = tokens[position + 1]
        return (
            subject[0].isalnum()
            and subject not in _NOT_A_SUBJECT
            and not self._positive._matches_word(subject)
            and not self._negators.match_at(tokens, position + 1)
        )

    def _only_lead_ins(self, tokens: tuple[str, ...], start: int, end: int) -> bool:
        position = start
        while position < end:
            skipped = self._question_lead_ins.match_at(tokens, position)
            if not skipped or position + skipped > end:
                return False
            position += skipped
        return True

    # -- sentiment -----------------------------------------------------------------------------

    def is_negative(self, text: str | None, sentiment: str | None = None) -> bool:
        """Whether the text is negative; the export's ``sentiment`` label wins when it has one.

        The label counts when it is ``positive``, ``neutral`` or ``negative`` (any case); any other
        label, or none, leaves the decision to the text.
        """
        if sentiment is not None:
            label = sentiment.strip().lower()
            if label in _SENTIMENT_LABELS:
                return label == "negative"
        if not text:
            return False
        tokens, classes = self._read(text)
        if classes & _NEGATIVE_ANY:
            for start, token in enumerate(tokens):
                if self._classes[token] & _NEGATIVE_ANY:
                    length = self._negative.match_at(tokens, start)
                    if length and not self._softened(tokens, start, start + length):
                        return True
        if "?" in text:
            return False
        # A lifetime cut short: "Хризантемы простояли три дня и всё".
        if tokens[-2:] == ("и", "все") and any(token.startswith(_LASTED) for token in tokens[:-2]):
            return True
        # Praise said with "не" just before it: "Кофе не вкусный", "not good" (not a question:
        # "Разве не прекрасно?", "Isn't that great").
        if not _DENYING.isdisjoint(tokens) and self._denied_praise(tokens):
            return True
        return not _CHEAPER.isdisjoint(tokens) and _cheaper_elsewhere(text, tokens)

    def _denied_praise(self, tokens: tuple[str, ...]) -> bool:
        """A praise word right after "не"/"not" (across "очень", "так", "особо", "really"), not a
        comparative ("ничего вкуснее не ела" praises) nor in a laughing text."""
        denied = False
        for index in range(1, len(tokens)):
            token = tokens[index]
            if token.endswith(_COMPARATIVE_ENDINGS) or not self._positive._matches_word(token):
                continue
            before = _back_over(tokens, index, _DENIAL_GLUE, 2)
            if tokens[before] not in _DENYING:
                return False  # praise said plainly too: "not too sweet, perfect", "not good, it's great"
            # "can't not love it", "нигде не так вкусно", "разве не прекрасно": not a denial.
            if before and (not _NOT_A_DENIAL.isdisjoint(tokens[max(0, before - 2):before])
                           or self._negators._matches_word(tokens[before - 1])):
                return False
            denied = True
        return denied and _LAUGHTER.isdisjoint(tokens)

    def _softened(self, tokens: tuple[str, ...], start: int, end: int) -> bool:
        """Whether a negative hit is negated ("не плохо"), an intensifier of praise ("ужасно
        вкусно", "ужас как вкусно", "Вкусно, кошмар") or a word in a text that laughs ("my legs
        hate me 😂"). An emoji hit (👎) is never softened."""
        token = tokens[start]
        if not token[0].isalnum():
            return False
        if _later_part(tokens, start):
            return True
        negators = self._negators
        if not negators.match_at(tokens, start):
            before = _back_over(tokens, start, _NEGATION_GLUE, 3, lowest=-1)
            if before >= 0 and negators.match_at(tokens, before):
                return True
        if end - start != 1:
            return False
        after = end
        while after < len(tokens) and after - end < 2 and tokens[after] in _INTENSIFIER_GLUE:
            after += 1
        if self._positive.match_at(tokens, after):
            return True
        if token in _INTERJECTIONS and start and self._positive._matches_word(tokens[start - 1]):
            return True
        return not _LAUGHTER.isdisjoint(tokens) or any(
            map(str.startswith, tokens, repeat(_LAUGHTER_STEMS))
        )

    # -- tone, abuse, contests, links, orders ---------------------------------------------------------

    def is_emotional(self, text: str | None) -> bool:
        """Whether a (staff) text is emotional: insults, sarcasm, arguing; or ``!!``/``?!``,
        capitals or a brush-off that is a sentence of its own ("Who cares?"), unless the text is
        plainly friendly (thanks, praise, congratulations, nothing negative): "СПАСИБО ЗА
        ОТЗЫВ!!!" is enthusiasm, not a quarrel."""
        if not text:
            return False
        if self._mentions(_TONE_GROUP, self._tone, text) and not self._polite_referral(text):
            return True
        return (self._intense(text) or self._retorts(text)) and not self._friendly(text)

    def _polite_referral(self, text: str) -> bool:
        """Every tone hit sends the subscriber elsewhere, with an apology, and no "не" before it,
        no "но", nothing negative: "Заказывайте в другом месте, если нужно срочнее 3 часов — мы не
        успеем, простите"; not "Не нравится — заказывайте в другом месте, извините" nor "Извините,
        но ищите в другом месте"."""
        tokens = self._read(text)[0]
        if _APOLOGIES.isdisjoint(tokens) or not _CONTRAST.isdisjoint(tokens):
            return False
        tone, classes, first = self._tone, self._classes, -1
        for index, token in enumerate(tokens):
            if classes[token] & 3 << 2 * _TONE_GROUP:
                length = tone.match_at(tokens, index)
                if length and _REFERRAL_PLACES.isdisjoint(tokens[index : index + length]):
                    return False
                if length and first < 0:
                    first = index
        return first >= 0 and "не" not in tokens[:first] and not self.is_negative(text)

    def _retorts(self, text: str) -> bool:
        """A sentence that is nothing but a brush-off, past a particle or two: "Who cares?", "Ну
        и что?", "Nobody asked.", "Who cares. We are closed" — not "Who cares about calories
        when it's Friday!", nor a question the reply answers itself ("Какая разница? Капучино с
        пенкой, латте с молоком.")."""
        retorts = self._retorts_list
        # A set test on the text's tokens settles nearly every text.
        if not retorts.matches(self._read(text)[0]):
            return False
        sentences = [(words, "?" in end) for sentence, end in _RETORT_SENTENCES_RE.findall(text)
                     if (words := [token for token in _tokens(sentence) if token[0].isalnum()])]
        for index, (words, asked) in enumerate(sentences):
            if asked and index < len(sentences) - 1:
                continue  # a question the reply answers itself: "Who cares? We do."
            for position, word in enumerate(words):
                if retorts.match_at(words, position) == len(words) - position:
                    return True
                if word not in _RETORT_LEAD_INS:
                    break
        return False

    def _intense(self, text: str) -> bool:
        """``!!``, ``??``, ``?!``, ``!?`` or shouting."""
        return "!!" in text or "??" in text or "?!" in text or "!?" in text or (
            not text.islower() and self._shouts(text))

    def _friendly(self, text: str) -> bool:
        """Plainly friendly: it opens with thanks, praise, good wishes, an apology or agreement
        (the ``thanks`` and ``positive`` lists, within its first words) or holds a friendly emoji,
        and nothing turns it: no negated praise ("НАМ НЕ НРАВИТСЯ ВАШ ТОН"), no "но"/"but"
        ("Спасибо за отзыв!!! Но вы не правы!!!"), no "?!" or "??" ("Извините?!"), nothing
        negative, and no later intense sentence that is not friendly in itself ("Спасибо за
        вопрос!!! СКОЛЬКО МОЖНО СПРАШИВАТЬ???")."""
        tokens = self._read(text)[0]
        if (
            not self._praise_in(tokens, min(_FRIENDLY_OPENING, len(tokens)))
            and _FRIENDLY_EMOJI.isdisjoint(tokens)
            and not self._agrees(text)
        ):
            return False
        # Indignant, not enthusiastic: "Извините?!", "Спасибо??".
        if "?!" in text or "!?" in text or "??" in text:
            return False
        if not _CONTRAST.isdisjoint(tokens) or self._negated_praise(tokens):
            return False
        # Each later sentence that is intense must be friendly in itself: "Спасибо!!! Вы лучшие!!!",
        # not "Thanks!!! READ THE PINNED POST!!!".
        for sentence in _SENTENCES_RE.findall(text)[1:]:
            if self._intense(sentence) and not self._friendly_words(_tokens(sentence)):
                return False
        return not self.is_negative(text)

    @staticmethod
    def _agrees(text: str) -> bool:
        """The first sentence is nothing but agreement: "Конечно!!!", "Да, конечно!!!", "Yes!!!";
        not "Ну конечно!!!" nor "Да сколько можно!!!"."""
        first = _SENTENCES_RE.match(text)
        words = _tokens(first.group()) if first else ()
        return bool(words) and _AGREEMENT.issuperset(words)

    def _friendly_words(self, tokens: tuple[str, ...]) -> bool:
        """Thanks, wishes, praise or a friendly emoji anywhere in ``tokens``."""
        return not _FRIENDLY_EMOJI.isdisjoint(tokens) or self._praise_in(tokens, len(tokens))

    def _praise_in(self, tokens: tuple[str, ...], first: int) -> bool:
        """Thanks, wishes or praise (the ``thanks`` or ``positive`` lists) starting at one of the
        ``first`` tokens."""
        return any(self._thanks.match_at(tokens, index) or self._positive.match_at(tokens, index)
                   for index in range(first))

    def _negated_praise(self, tokens: tuple[str, ...]) -> bool:
        """Praise or thanks with a negator just before it: "НАМ НЕ НРАВИТСЯ", "not happy"."""
        return any(
            (self._positive._matches_word(token) or self._thanks._matches_word(token))
            and self._negators.match_at(tokens, _back_over(tokens, index, _NEGATION_GLUE, 2))
            for index, token in enumerate(tokens[1:], 1)
        )

    def _shouts(self, text: str) -> bool:
        upper = len(_UPPER_RE.findall(text))
        if upper < self._caps_min_upper:
            return False
        if _NAMES_AND_CODES_RE.search(text):  # «МЕГА ДЫБЕНКО», BIRTHDAY15: names and codes, not shouting
            text = _NAMES_AND_CODES_RE.sub(" ", text)
            upper = len(_UPPER_RE.findall(text))
            if upper < self._caps_min_upper:
                return False
        letters = len(_LETTER_RE.findall(text))
        if letters < self._caps_min_letters or upper < self._caps_ratio * letters:
            return False
        return _SHOUTED_WORD_RE.search(text) is not None

    def is_abusive(self, text: str | None) -> bool:
        """Whether the text contains an insult or obscenity (the ``insults`` list)."""
        return self._mentions(_INSULTS_GROUP, self._insults, text)

    def is_contest(self, text: str | None) -> bool:
        """Whether the text announces a contest or giveaway (the ``contest`` list)."""
        return self._mentions(_CONTEST_GROUP, self._contest, text)

    def asks_for_link(self, text: str | None) -> bool:
        """Whether the text asks for a link, the site, where to buy (the ``link_request`` list).

        A request phrase ("где купить", "send me the link") asks by itself; a single word of
        the list ("сайт", "website") asks only in a question: "На сайте всё купила" does not.
        """
        if not text:
            return False
        tokens, classes = self._read(text)
        if classes & 2 << 2 * _LINK_GROUP and self._link_request._has_phrase(tokens):
            return True
        return bool(classes & 1 << 2 * _LINK_GROUP) and self.is_question(text)

    def is_order_issue(self, text: str | None) -> bool:
        """Whether the text is about a problem with an order or delivery (the ``order_issue`` list).

        A phrase ("где мой заказ", "where is my order") is an issue by itself; a single word
        ("заказ", "доставка", "delivery") only names the order, and counts when the text
        complains ("Заказ так и не пришёл"), or asks about the writer's own order: a possessive
        just before the word ("Когда будет доставка моего заказа?", "Has my order shipped") or a
        past form of it said by the writer ("Заказала в пятницу, когда привезёте?", "Ordered on
        Monday, any news?").
        A sales question is none: "Сколько стоит торт на заказ", "Do you deliver to Brooklyn?".
        """
        if not text:
            return False
        tokens, classes = self._read(text)
        if classes & 2 << 2 * _ORDER_GROUP and self._order_issue._has_phrase(tokens):
            return True
        if not classes & 1 << 2 * _ORDER_GROUP:
            return False
        return self.is_negative(text) or (self._names_own_order(tokens) and self.is_question(text))

    def _names_own_order(self, tokens: tuple[str, ...]) -> bool:
        """An order word with a possessive up to two words before it ("моего заказа", "my last
        order"), or in a past form said by the writer: opening the text or after "я", "мы", "I",
        "we" ("Заказала в пятницу", "We ordered"), not "Кто-нибудь заказывал у них торт"."""
        word = 1 << 2 * _ORDER_GROUP
        classes = self._classes
        for index, token in enumerate(tokens):
            if not classes[token] & word:
                continue
            before = tokens[max(0, index - 2) : index]
            if not _POSSESSIVES.isdisjoint(before):
                return True
            if token.endswith(_PAST_ENDINGS) and (
                not _FIRST_PERSON.isdisjoint(before) or self._opening(tokens) == index
            ):
                return True
        return False

    def is_removal_reason(self, reason: str | None) -> bool:
        """Whether a moderator's ``reason`` names spam, ads, flood, abuse, a scam or the like (the
        ``removal_reasons`` list), read as words in any case: "Спам", "spam, ads", "реклама
        конкурентов"."""
        if not reason:
            return False
        return self._removal_reasons.matches(_tokens(reason))

    def _mentions(self, group: int, lexicon: Lexicon, text: str | None) -> bool:
        if not text:
            return False
        tokens, classes = self._read(text)
        if classes & 1 << 2 * group:
            return True
        # Only a phrase can still match, and only if one of its first words is there.
        return bool(classes & 2 << 2 * group) and lexicon._has_phrase(tokens)


def _asks_with_li(tokens: tuple[str, ...]) -> bool:
    return any(
        token == "ли" and index > 0 and tokens[index - 1] not in _NOT_QUESTION_BEFORE_LI
        for index, token in enumerate(tokens)
    )


def _back_over(tokens: tuple[str, ...], index: int, glue: frozenset[str], reach: int, lowest: int = 0) -> int:
    """The index of the word before ``tokens[index]`` once up to ``reach - 1`` glue words
    ("очень", "так", "really") are stepped over: where a negator of it would stand. It stops
    at ``lowest`` (-1: the text's start may be glue too, and then nothing stands there)."""
    before = index - 1
    while before > lowest and index - before <= reach and tokens[before] in glue:
        before -= 1
    return before


def _cheaper_elsewhere(text: str, tokens: tuple[str, ...]) -> bool:
    """A competitor said to be cheaper: "В Ашане в три раза дешевле", "У конкурентов дешевле",
    "дешевле, чем у вас", "cheaper at Costco" — not the shop itself ("У вас дешевле, чем в
    Ашане", "Нашла дешевле только у вас"), nor a denial ("Дешевле, чем у вас, нигде нет")."""
    if not _CHEAPER_DENIALS.isdisjoint(tokens):
        return False
    index = next(index for index, token in enumerate(tokens) if token in _CHEAPER)
    after = tokens[index + 1 : index + 4]
    than_own = after[:1] in (("чем",), ("than",)) and not _OWN_PLACE.isdisjoint(after)
    # The shop anywhere else in the text is the cheaper one, or the comparison is mixed: "В
    # Ашане дешевле, но у вас свежее".
    if not _OWN_PLACE.isdisjoint(tokens[: index + 1] + tokens[index + 4 :] if than_own else tokens):
        return False
    if than_own:
        return True
    # A competitor named by a common word, or by a name after a preposition ("в Ашане", "at Costco").
    return not _ELSEWHERE.isdisjoint(tokens) or _NAMED_PLACE_RE.search(text) is not None


def _later_part(tokens: tuple[str, ...], index: int) -> bool:
    """Whether the token is the second (or a later) part of a hyphenated word before it: the "фу"
    of "кунг-фу" (a compound is followed by its parts; "фу-фу" starts with "фу" all right)."""
    for back in range(index - 1, max(-1, index - 5), -1):
        word = tokens[back]
        if "-" in word:
            offset = index - back - 1
            return 0 < offset < word.count("-") + 1
    return False


def _exclaims_with_which(tokens: tuple[str, ...], position: int, end: int) -> bool:
    if tokens[position] not in _WHICH_FORMS or position + 1 >= end:
        return False
    # "Какое счастье что вы открылись": the comma left out before "что".
    if position + 2 < end and tokens[position + 2] == "что":
        return True
    after = position + 1
    # "Какой у вас уютный зал", "Какая же красота": the praise after a place or a particle.
    while after + 1 < end and (tokens[after] in _WHICH_GLUE or tokens[after - 1:after + 1] == ("у", "вас")):
        after += 1
    following = tokens[after]
    return following.endswith(_ADJECTIVE_ENDINGS) and following not in _POSSESSIVES_LIKE_ADJECTIVES


# --------------------------------------------------------------------------------------------
# URLs

# Bare domains need one of these endings (or "www." or a path) to count as links, so that
# "README.md", "main.py" and a missing space after a full stop ("спасибо.ждем") are not links.
_WELL_KNOWN_TLDS = frozenset(
    [
        "ru",
        "su",
        "by",
        "kz",
        "ua",
        "uz",
        "am",
        "ge",
        "az",
        "kg",
        "tj",
        "ee",
        "lv",
        "lt",
        "pl",
        "cz",
        "de",
        "fr",
        "es",
        "pt",
        "nl",
        "eu",
        "ch",
        "uk",
        "us",
        "ca",
        "au",
        "nz",
        "in",
        "jp",
        "cn",
        "kr",
        "co",
        "io",
        "me",
        "tv",
        "cc",
        "be",
        "ly",
        "gl",
        "gg",
        "ai",
        "fm",
        "to",
        "com",
        "net",
        "org",
        "info",
        "biz",
        "pro",
        "name",
        "edu",
        "gov",
        "int",
        "mil",
        "online",
        "site",
        "store",
        "shop",
        "app",
        "dev",
        "club",
        "xyz",
        "top",
        "live",
        "tech",
        "space",
        "website",
        "blog",
        "news",
        "media",
        "cafe",
        "coffee",
        "bar",
        "restaurant",
        "menu",
        "delivery",
        "market",
        "moscow",
        "link",
        "page",
        "art",
        "design",
        "studio",
        "agency",
        "digital",
        "email",
        "team",
        "fun",
        "life",
        "world",
        "today",
        "group",
        "city",
        "center",
        "academy",
        "school",
        "events",
        "games",
        "tatar",
        "spb",
        "рф",
        "рус",
        "москва",
        "онлайн",
        "сайт",
        "орг",
        "ком",
        "дети",
        "бел",
        "укр",
        "срб",
        "қаз",
    ]
)
_URL_RE = re.compile(
    # Not inside a word, an e-mail address or a path.
    r"(?<![\w@.\-/])"
    r"(?:https?://[^\s<>\"'«»{}|\\^`]+"
    # Each label ends at a dot it cannot contain and is at most 63 long: no runaway backtracking.
    r"|(?P<host>(?:[^\W_](?:[\w\-]{0,61}[^\W_])?\.)+(?:[^\W\d_]{2,63}|xn--[a-z0-9\-]{1,59}))"
    r"(?![\w\-@])"
    r"(?P<rest>(?::\d{1,5})?(?:[/?#][^\s<>\"'«»{}|\\^`]*)?))",
    re.IGNORECASE,
)
_TRAILING_PUNCTUATION = ".,;:!?…»\"'"
# The dot first: Python's engine scans quickly for a literal, slowly for a class.
_LINK_HINT = re.compile(r"\.(?<=[^\W_]\.)[^\W\d_]|://")
_SCHEME_RE = re.compile(r"[a-z][a-z0-9+.\-]*:", re.IGNORECASE)
_AUTHORITY_END_RE = re.compile(r"[/?#\\]")


def _is_link_ending(label: str) -> bool:
    return label in _WELL_KNOWN_TLDS or label.startswith("xn--")


def _bare_link(host: str, rest: str) -> str | None:
    labels = host.split(".")
    if _is_link_ending(labels[-1].lower()):
        return host + rest
    if labels[-1].isascii() and (labels[0].lower() == "www" or rest):
        return host + rest
    # "zerno.coffee.Ждем": the link is the part up to the last well-known ending.
    for end in range(len(labels) - 1, 1, -1):
        if _is_link_ending(labels[end - 1].lower()):
            return ".".join(labels[:end])
    return None


def _trim(url: str) -> str:
    while url:
        last = url[-1]
        if last in _TRAILING_PUNCTUATION or last == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        else:
            break
    return url


def find_urls(text: str | None) -> list[str]:
    """The links in a text: ``http(s)://`` URLs and bare domains ("zerno.coffee/menu", "www.x.ru").

    E-mail addresses are not links; trailing punctuation is not part of one.
    """
    # Most texts hold no link: one scan for "://" or a dot between two letters (which
    # sentence ends, followed by a space, are not) settles them before the URL pattern runs.
    if not text or _LINK_HINT.search(text) is None:
        return []
    urls: list[str] = []
    for match in _URL_RE.finditer(text):
        host = match.group("host")
        url: str | None = match.group(0) if host is None else _bare_link(host, match.group("rest"))
        if url is None:
            continue
        url = _trim(url)
        if url_host(url) is not None:
            urls.append(url)
    return urls


def url_host(url: str) -> str | None:
    """The lower-cased host of a URL or bare domain, punycode decoded; None when there is none.

    ``https://xn--e1ajmy.xn--p1ai/меню`` → ``кофе.рф``; ``mailto:`` and ``tel:`` links have no host.
    """
    rest = url.strip()
    scheme, separator, after = rest.partition("://")
    if separator:
        if _SCHEME_RE.fullmatch(scheme + ":") is None:
            return None
        rest = after
    elif rest.startswith("//"):
        rest = rest[2:]
    else:
        # "mailto:a@zerno.coffee" and "tel:+7..." name no host; "zerno.coffee:8080" has a port.
        scheme_match = _SCHEME_RE.match(rest)
        if (
            scheme_match is not None
            and not rest[scheme_match.end() : scheme_match.end() + 1].isdigit()
        ):
            return None
    # Browsers end the authority at a backslash too: "https://evil.example\\@zerno.coffee".
    authority = _AUTHORITY_END_RE.split(rest, maxsplit=1)[0]
    host = authority.rpartition("@")[2]
    if host.startswith("["):
        closing = host.find("]")
        return host[1:closing].lower() if closing > 1 else None
    host = host.partition(":")[0]
    # Browsers map full-width letters and ideographic full stops before resolving (IDNA mapping).
    host = unicodedata.normalize("NFKC", host).lower().replace("\u3002", ".").rstrip(".")
    if not host:
        return None
    labels = []
    for label in host.split("."):
        if not label or not all(char.isalnum() or char in "-_" for char in label):
            return None
        labels.append(_decode_label(label))
    return ".".join(labels)


def _decode_label(label: str) -> str:
    if not label.startswith("xn--"):
        return label
    try:
        decoded = label[4:].encode("ascii").decode("punycode").lower()
    except UnicodeError:
        return label
    # A punycode label that decodes to plain ASCII ("xn--zerno-") is not a valid IDN: keep it as is.
    if decoded.isascii() or not all(char.isalnum() or char == "-" for char in decoded):
        return label
    return decoded


def _without_www(host: str) -> str:
    return host.removeprefix("www.")


@lru_cache(maxsize=64)
def _own_domains(domains: tuple[str, ...]) -> tuple[str, ...]:
    normalised = []
    for domain in domains:
        host = url_host(domain.strip().removeprefix("*."))
        if host:
            normalised.append(_without_www(host))
    return tuple(normalised)


# Query parameters that say where a click came from, not which page it opens.
_TRACKING_PARAMETERS = frozenset({"fbclid", "gclid", "yclid", "ysclid", "_openstat"})


@lru_cache(maxsize=1024)
def normalise_url(url: str) -> str | None:
    """The form two links to the same page share; None when the URL names no host.

    ``https://www.zerno.coffee/legal/contests/?utm_source=vk#top`` and
    ``zerno.coffee/legal/contests`` both give ``zerno.coffee/legal/contests``. The scheme, a
    ``www.``, the port, a trailing ``/``, the fragment and tracking parameters (``utm_*``,
    ``fbclid``, ...) do not matter; the path is percent-decoded (``/%D0%BF`` is ``/п``) and
    keeps its case; the other query parameters are sorted.
    """
    host = url_host(url)
    if host is None:
        return None
    rest = url.strip()
    _scheme, separator, after = rest.partition("://")
    rest = after if separator else rest.removeprefix("//")
    end = _AUTHORITY_END_RE.search(rest)
    tail = rest[end.start():].replace("\\", "/") if end else ""
    tail = tail.partition("#")[0]
    path, _, query = tail.partition("?")
    path = unquote(path).rstrip("/")
    kept = sorted(
        (name, value)
        for name, value in parse_qsl(query, keep_blank_values=True)
        if not name.lower().startswith("utm_") and name.lower() not in _TRACKING_PARAMETERS
    )
    return _without_www(host) + path + ("?" + urlencode(kept) if kept else "")


def is_own_link(url: str, domains: Sequence[str]) -> bool:
    """Whether the URL's host is one of ``domains`` or a subdomain of one; "www." is irrelevant.

    With ``zerno.coffee``: ``shop.zerno.coffee`` is own, ``notzerno.coffee`` and
    ``zerno.coffee.evil.com`` are not. Domains may be written as URLs, IDN or punycode.
    """
    host = url_host(url)
    if host is None:
        return False
    host = _without_www(host)
    own = _own_domains((domains,) if isinstance(domains, str) else tuple(domains))
    return any(host == domain or host.endswith("." + domain) for domain in own)
