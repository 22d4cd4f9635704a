"""A deterministic generator of realistic customer-feedback snippets and meeting questions.

Builds a search benchmark corpus: support tickets, survey comments, app reviews, sales-call
notes and NPS comments in English, Chinese (simplified), Japanese, Thai and Polish, each
language from its own native templates and vocabulary, plus questions people ask in a
meeting ("Should we drop free returns for orders under $20?").

    python bench/corpus.py --rows 10000 --out bench/out/feedback-10k.csv \
        --questions bench/out/questions.jsonl --seed 7

Design:

* Every row picks a language, a customer (Zipf-distributed over several thousand
  generated companies and people), a source, a sentiment, a topic and a target length
  (log-normal, 5 to 200 words) in bulk with numpy, then strings sentences together from
  templates of that topic, tone and source until the target is reached.
* Template slots (products, error codes, app versions, cities, couriers, durations,
  prices...) are filled from pools with Zipf weights, so function words are very common,
  product words fairly common and product names, model numbers, error codes and order
  numbers form a long tail. A slot keeps its value for the whole row, so a ticket talks
  about one product.
* Polish nouns are stored with their case forms (``zwrot|zwrotu|...``) and numerals agree
  with nouns (``2 tygodnie``, ``5 tygodni``); first-person past tense follows the writer's
  gender (``zamówiłem|zamówiłam``), as does the Thai polite particle (``ครับ|ค่ะ``).
* Chinese, Japanese and Thai templates are written with a space between words in this
  file; the spaces mark word units (the length unit) and are removed from the output, so
  the text has no spaces between words, as real text does. ``~`` marks a real space.
* Same seed, same bytes: all randomness comes from numpy generators seeded from the seed,
  drawn in fixed-size chunks, so a shorter file is a prefix of a longer one.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
import tomllib
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from functools import cache
from itertools import accumulate, product
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

#: Column order of the CSV file.
HEADER = ("external_id", "source", "customer", "segment", "sentiment", "created_at", "text")
LANGUAGES = ("en", "zh", "ja", "th", "pl")
#: Share of rows (and of questions) per language, in the order of LANGUAGES.
LANGUAGE_SHARE = (0.46, 0.135, 0.135, 0.135, 0.135)
SOURCES = ("zendesk", "survey", "app-review", "sales-call", "nps")
SEGMENTS = ("enterprise", "mid-market", "smb", "consumer")
SENTIMENTS = ("positive", "negative", "neutral", "mixed")
TOPICS = ("returns", "delivery", "checkout", "billing", "account", "app", "support", "features")
#: Dates run over the three years before this day. Fixed, so output does not depend on
#: the day the generator runs.
END_DATE = date(2026, 11, 1)
SPAN_DAYS = 3 * 365
MIN_WORDS = 5
MAX_WORDS = 200
#: Rows whose per-row choices are drawn together; fixed so that outputs are prefixes.
CHUNK = 8192
#: Share of questions made of very common words.
COMMON_SHARE = 0.3

# Word-unit marker inside Chinese, Japanese and Thai strings, removed from the output.
_M = "\x1f"
_CJK = frozenset({"zh", "ja", "th"})

# Per-row conditional tables (rows of probabilities).
_SOURCE_BY_SEGMENT = {  # zendesk, survey, app-review, sales-call, nps
    "enterprise": (0.35, 0.12, 0.0, 0.40, 0.13),
    "mid-market": (0.38, 0.15, 0.02, 0.30, 0.15),
    "smb": (0.40, 0.18, 0.10, 0.15, 0.17),
    "consumer": (0.38, 0.15, 0.32, 0.0, 0.15),
}
_SENTIMENT_BY_SOURCE = {  # positive, negative, neutral, mixed
    "zendesk": (0.10, 0.50, 0.32, 0.08),
    "survey": (0.32, 0.28, 0.20, 0.20),
    "app-review": (0.45, 0.35, 0.05, 0.15),
    "sales-call": (0.25, 0.20, 0.40, 0.15),
    "nps": (0.45, 0.25, 0.12, 0.18),
}
_TOPIC_BY_SOURCE = {  # returns, delivery, checkout, billing, account, app, support, features
    "zendesk": (0.18, 0.18, 0.10, 0.12, 0.12, 0.10, 0.12, 0.08),
    "survey": (0.14, 0.16, 0.10, 0.10, 0.06, 0.14, 0.14, 0.16),
    "app-review": (0.12, 0.14, 0.12, 0.04, 0.12, 0.34, 0.06, 0.06),
    "sales-call": (0.04, 0.04, 0.04, 0.30, 0.08, 0.06, 0.12, 0.32),
    "nps": (0.14, 0.16, 0.10, 0.10, 0.06, 0.14, 0.16, 0.14),
}
#: Median target length (words) and log-normal sigma per source.
_LENGTH_BY_SOURCE = {
    "zendesk": (24.0, 0.75),
    "survey": (16.0, 0.90),
    "app-review": (10.0, 0.75),
    "sales-call": (36.0, 0.70),
    "nps": (9.0, 0.80),
}
#: Chance that a row starts with an opener / ends with a closer, per source.
_OPEN_CLOSE = {
    "zendesk": (0.6, 0.45),
    "survey": (0.0, 0.0),
    "app-review": (0.35, 0.25),
    "sales-call": (0.75, 0.0),
    "nps": (0.25, 0.0),
}
#: How many customers each language has.
_CUSTOMERS = {"en": 2400, "zh": 900, "ja": 900, "th": 900, "pl": 900}
#: Share of rows per segment (in SEGMENTS order) and the Zipf exponent of customer
#: activity within a segment: a few big accounts write a lot, people write a little.
_SEGMENT_SHARE = (0.15, 0.20, 0.27, 0.38)
_SEGMENT_ZIPF = (0.9, 0.8, 0.7, 0.4)
#: Every this many words a long row moves on to its next topic (of four).
_TOPIC_SWITCH_WORDS = 45
#: Redraws of a template already used in the row, before accepting a repeat.
_REDRAWS = 6

# --------------------------------------------------------------------------------------
# Vocabulary shared by all languages: brand-like names, devices, plans, competitors.
# --------------------------------------------------------------------------------------

_BRANDS = (
    "Vela Orbit Kestrel Nimbus Lumo Fjord Tandem Quill Halden Brisa Corvo Mistral Solenne"
    " Tavi Zephyr Koda Ember Lark Pico Rivo Sable Tundra Umbra Vexa Wren Yara Alto Bramble"
    " Cobalt Dune Elara Ferro Glint Hale Isla Jovi Kiro Loma Miro Nova Oska Pella"
).split()
_MODEL_SUFFIXES = ("Pro", "Max", "Lite", "Plus", "Mini", "S", "2", "Air")
_DEVICES = (
    "iPhone 13|iPhone 14|iPhone 15|iPhone 12|Pixel 7|Galaxy S23|iPhone 15 Pro|Galaxy A54"
    "|Redmi Note 12|iPad Air|Pixel 8|Galaxy S21|iPhone SE|Xiaomi 13|OPPO Reno 10|iPhone 11"
    "|Pixel 6a|Galaxy S24|Huawei P60|iPad Pro|Galaxy Tab S8|OnePlus 11|Moto G54|Galaxy A14"
    "|Redmi 12|Vivo V27|Realme 11|iPhone 16|Pixel 9|Galaxy S23 FE|Nothing Phone 2"
    "|Xperia 10 V|iPad mini|Galaxy A34|Poco X5|Honor 90"
).split("|")
_PLANS = ("Pro", "Business", "Starter", "Team", "Premium", "Enterprise", "Basic", "Growth")
_RIVALS = (
    "Ordero Kliqo Parcelo Helpwise Billfy Tradeo Nuvia Fennec Orbitly Margo Quanta Loopa"
    " Retaily Dokumo Pagerly Taskly Bricks Avanto Kanbo Ivori Hubbly Onyxa Penny Flowdesk"
).split()
_COMMON_CODES = ("500", "E-1001", "403", "E-2043", "ERR_PAYMENT_DECLINED", "502", "E-4031")
_CODE_WORDS = (
    "PAYMENT TIMEOUT AUTH SYNC UPLOAD NETWORK CARD SESSION TOKEN LIMIT EXPORT IMPORT"
    " LOGIN CART INVOICE WEBHOOK ADDRESS STOCK"
).split()
_CODE_STATES = "DECLINED FAILED INVALID EXPIRED REJECTED EXCEEDED MISSING LOCKED".split()
_PROMO_WORDS = (
    "WELCOME SPRING SUMMER AUTUMN WINTER VIP SAVE FREESHIP BLACKFRIDAY NEWYEAR FLASH"
    " THANKYOU HELLO BACK2SCHOOL CYBER LOYAL FRIENDS MEGA"
).split()

# --------------------------------------------------------------------------------------
# Templates and vocabulary per language: bench/data/corpus-<lang>.toml
# --------------------------------------------------------------------------------------

_DATA_DIR = Path(__file__).resolve().parent / "data"


def _load_language(lang: str) -> dict[str, Any]:
    with (_DATA_DIR / f"corpus-{lang}.toml").open("rb") as f:
        return tomllib.load(f)


_DATA: dict[str, dict[str, Any]] = {lang: _load_language(lang) for lang in LANGUAGES}

# --------------------------------------------------------------------------------------
# Pools: weighted (Zipf) choice of slot values.
# --------------------------------------------------------------------------------------

#: Case forms of Polish slots, in the order they are stored.
_FORMS = {
    "product": ("n", "g", "a", "i", "l"),
    "feature": ("n", "g", "a", "i", "l"),
    "city": ("n", "do", "w", "z"),
    "weekday": ("n", "od", "w"),
    "dur": ("a", "od", "po"),
    "courier": ("n", "g"),
}
#: Zipf exponent per slot; the long-tail pools are steeper.
_ZIPF = {
    "product": 1.1,
    "code": 1.2,
    "version": 1.0,
    "promo": 1.0,
    "city": 1.0,
    "courier": 1.0,
    "weekday": 0.3,
    "dur": 0.9,
    "money": 0.9,
    "price": 0.9,
    "users": 0.8,
    "seats": 0.8,
    "pct": 0.8,
    "plan": 1.0,
    "rival": 1.0,
    "device": 1.0,
    "agent": 0.7,
    "feature": 0.8,
    "ndays": 0.8,
    "nreturns": 0.8,
    "norders": 0.8,
}
_COUNTS = (10, 20, 5, 15, 50, 25, 12, 30, 40, 8, 100, 60, 75, 200, 150, 300, 500, 35, 45, 120)


class _Pool:
    """Items (tuples of forms) drawn with Zipf weights by rank: item i has weight 1/(i+1)^s."""

    __slots__ = ("cdf", "items", "last", "total")

    def __init__(self, items: Sequence[tuple[str, ...]], s: float) -> None:
        if not items:
            raise ValueError("empty pool")
        self.items = list(items)
        self.cdf = list(accumulate(1.0 / (i + 1) ** s for i in range(len(items))))
        self.total = self.cdf[-1]
        self.last = len(items) - 1

    def draw(self, u: float) -> tuple[str, ...]:
        """The item at uniform variate `u` in [0, 1)."""
        i = bisect_right(self.cdf, u * self.total)
        return self.items[i if i < self.last else self.last]


class _Serial(_Pool):
    """Uniformly drawn numbers, a tail that never repeats much (order and ticket numbers)."""

    __slots__ = ("low", "span")

    def __init__(self, low: int, high: int) -> None:
        self.low = low
        self.span = high - low

    def draw(self, u: float) -> tuple[str, ...]:
        """A number in [low, high)."""
        return (str(self.low + int(u * self.span)),)


def _prep(lang: str, text: str) -> str:
    """Chinese, Japanese, Thai: spaces become word-unit markers, ``~`` a real space."""
    if lang in _CJK:
        return text.replace(" ", _M).replace("~", " ")
    return text


def _items(lang: str, spec: str) -> list[tuple[str, ...]]:
    """Parse ``a|b|c`` (one form each) or ``a1|a2/b1|b2`` (items with forms)."""
    if "/" in spec:
        return [tuple(_prep(lang, f) for f in item.split("|")) for item in spec.split("/")]
    return [(_prep(lang, item),) for item in spec.split("|")]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.strip().splitlines() if line.strip()]


def _pl_plural(n: int, one: str, few: str, many: str) -> str:
    """Polish noun form after the numeral n: 1 zwrot, 2-4 zwroty (not 12-14), 5 zwrotów."""
    if n == 1:
        return one
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return few
    return many


_PL_UNITS = {  # sg acc, sg gen, sg loc, pl few, pl many, pl gen, pl loc
    "d": ("dzień", "dnia", "dniu", "dni", "dni", "dni", "dniach"),
    "t": ("tydzień", "tygodnia", "tygodniu", "tygodnie", "tygodni", "tygodni", "tygodniach"),
    "m": ("miesiąc", "miesiąca", "miesiącu", "miesiące", "miesięcy", "miesięcy", "miesiącach"),
}
_PL_NUMERALS = {2: ("dwa", "dwóch"), 3: ("trzy", "trzech"), 4: ("cztery", "czterech")}
_PL_DURATIONS = "2t 3d 1t 10d 5d 3t 1m 4d 2m 6t 12d 2d 14d 4t 3m 22d 5t".split()


def _pl_durations() -> list[tuple[str, ...]]:
    """Durations with their forms: czekam {a}, {od} nie działa, wróciły {po}."""
    out: list[tuple[str, ...]] = []
    for spec in _PL_DURATIONS:
        n, unit = int(spec[:-1]), _PL_UNITS[spec[-1]]
        if n == 1:
            out.append((unit[0], f"od {unit[1]}", f"po {unit[2]}"))
            continue
        acc, gen = _PL_NUMERALS.get(n, (str(n), str(n)))
        noun = _pl_plural(n, unit[0], unit[3], unit[4])
        out.append((f"{acc} {noun}", f"od {gen} {unit[5]}", f"po {gen} {unit[6]}"))
    return out


def _generated_slots(lang: str, rnd: random.Random) -> dict[str, list[tuple[str, ...]]]:
    """Long-tail pools built from parts: products, error codes, versions, promo codes."""
    data = _DATA[lang]
    types = _items(lang, data["product_types"])
    letters = "ABCDEFGHKLMNPRSTVXZ"
    products: list[tuple[str, ...]] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    while len(products) < 4000:
        brand = rnd.choice(_BRANDS)
        model = f"{rnd.choice(letters)}{rnd.randrange(1, 1000)}"
        if rnd.random() < 0.25:
            model += " " + rnd.choice(_MODEL_SUFFIXES)
        kind = rnd.choice(types)
        name = f"{brand} {model}"
        if (name, kind) in seen:
            continue
        seen.add((name, kind))
        if lang == "pl":
            products.append(tuple(f"{form} {name}" for form in kind))
        elif lang == "zh":
            products.append((f"{name}{_M}{kind[0]}",))
        elif lang == "th":
            products.append((f"{kind[0]} {name}",))
        else:
            products.append((f"{name} {kind[0]}",))
    codes = list(_COMMON_CODES)
    known = set(codes)
    while len(codes) < 800:
        r = rnd.random()
        if r < 0.5:
            code = f"E-{rnd.randrange(1000, 10000)}"
        elif r < 0.8:
            w = rnd.choice(_CODE_WORDS)
            code = f"ERR_{w}_{rnd.choice(_CODE_STATES)}"
        elif r < 0.9:
            code = f"0x8007{rnd.randrange(1 << 16):04X}"
        else:
            code = rnd.choice("400 401 404 408 409 422 429 503 504".split())
        if code not in known:
            known.add(code)
            codes.append(code)
    versions = [
        f"{major}.{minor}.{patch}"
        for major in (5, 4, 3)
        for minor in range(12, -1, -1)
        for patch in range(9, -1, -1)
    ]
    # Mostly recent first, with some shuffling of neighbours.
    order = sorted(range(len(versions)), key=lambda i: i + rnd.gauss(0, 6))
    promos = sorted({f"{w}{n}" for w in _PROMO_WORDS for n in range(5, 55, 5)})
    rnd.shuffle(promos)
    slots: dict[str, list[tuple[str, ...]]] = {
        "product": products,
        "code": [(c,) for c in codes],
        "version": [(versions[i],) for i in order],
        "promo": [(p,) for p in promos],
        "device": [(d,) for d in _DEVICES],
        "plan": [(p,) for p in _PLANS],
        "rival": [(r,) for r in _RIVALS],
        "users": [(str(n),) for n in _COUNTS],
    }
    names = data["names"]
    if lang == "ja":
        slots["agent"] = [(n,) for n in names["sur"].split()]
    elif lang == "zh":
        slots["agent"] = [(f"小{n}",) for n in names["sur"].split()]
    else:
        both = [
            x for pair in zip(names["f"].split(), names["m"].split(), strict=False) for x in pair
        ]
        slots["agent"] = [(n,) for n in both]
    if lang == "pl":
        slots["dur"] = _pl_durations()
        slots["seats"] = [
            (f"{n} {_pl_plural(n, 'licencję', 'licencje', 'licencji')}",) for n in _COUNTS
        ]
        counts = (3, 2, 5, 4, 10, 6, 8, 12, 22, 15)
        slots["nreturns"] = [
            (f"{n} {_pl_plural(n, 'zwrot', 'zwroty', 'zwrotów')}",) for n in counts
        ]
        slots["norders"] = [
            (f"{n} {_pl_plural(n, 'zamówienie', 'zamówienia', 'zamówień')}",) for n in counts
        ]
    else:
        slots["seats"] = slots["users"]
    for name, spec in data["slots"].items():
        slots[name] = _items(lang, spec)
    return slots


# --------------------------------------------------------------------------------------
# Customers: several thousand companies and people; activity is Zipf-distributed.
# --------------------------------------------------------------------------------------


class _Customer(NamedTuple):
    name: str
    segment: int  # index into SEGMENTS
    gender: int  # 0 = male, 1 = female (of the person writing)
    signature: str  # how the writer signs: first name, or surname in Japanese


@cache
def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(sep))


def _person(lang: str, rnd: random.Random) -> tuple[str, int, str]:
    """A person's full name, gender and signature."""
    names = _DATA[lang]["names"]
    gender = int(rnd.random() < 0.5)
    given = rnd.choice(_words(names["f" if gender else "m"]))
    if lang == "zh":
        sur = rnd.choice(_words(names["sur"]))
        return sur + given, gender, sur + given
    if lang == "ja":
        sur = rnd.choice(_words(names["sur"]))
        return f"{sur} {given}", gender, sur
    last = rnd.choice(_words(names["last"]))
    if lang == "pl" and gender:
        for male, female in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
            if last.endswith(male):
                last = last[: -len(male)] + female
                break
    return f"{given} {last}", gender, given


def _company(lang: str, rnd: random.Random) -> str:
    """A company name in the style of the language's market."""
    parts = _DATA[lang]["companies"]
    a, b = rnd.choice(_words(parts["a"], "|")), rnd.choice(_words(parts["b"], "|"))
    if lang == "en":
        return f"{a} {b}{rnd.choice(_words(parts['c'], '|'))}"
    if lang == "pl":
        if rnd.random() < 0.25:
            return rnd.choice(_words(parts["shops"], "|"))
        prefix = "PHU " if rnd.random() < 0.15 else ""
        return f"{prefix}{a}{b}{rnd.choice(_words(parts['c'], '|'))}"
    if lang == "zh":
        return f"{a}{b}{rnd.choice(_words(parts['c'], '|'))}有限公司"
    if lang == "ja":
        r = rnd.random()
        if r < 0.5:
            return f"株式会社{a}{b}"
        return f"{a}{b}株式会社" if r < 0.9 else f"有限会社{a}{b}"
    if rnd.random() < 0.8:
        return f"บริษัท {a}{b} จำกัด"
    return f"ห้างหุ้นส่วนจำกัด {a}{b}"


def _customers(lang: str, n: int, rnd: random.Random) -> list[_Customer]:
    """n distinct customers: people are consumers, companies enterprise to smb."""
    out: list[_Customer] = []
    seen: set[str] = set()
    company_segments = (0.15, 0.30, 0.55)
    while len(out) < n:
        if rnd.random() < 0.4:
            name, gender, sig = _person(lang, rnd)
            segment = 3
        else:
            name = _company(lang, rnd)
            segment = rnd.choices((0, 1, 2), weights=company_segments)[0]
            _, gender, sig = _person(lang, rnd)  # the contact who writes for the company
        if name in seen:
            continue
        seen.add(name)
        out.append(_Customer(name, segment, gender, sig))
    return out


# --------------------------------------------------------------------------------------
# Templates
# --------------------------------------------------------------------------------------

_SLOT_RE = re.compile(r"\{(\^?)([^{}]+)\}")
_FIELDS = {"customer": 0, "name": 1}
# A compiled template: (static text per gender, word count per gender, parts or None).
_Part = tuple[Any, ...]
_Template = tuple[tuple[str, str], tuple[int, int], tuple[_Part, ...] | None]


def _count_words(lang: str, text: str) -> int:
    """Words of a rendered sentence: whitespace-separated, or units in CJK and Thai."""
    if lang in _CJK:
        return len(text.replace(_M, " ").split())
    return len(text.split())


def _compile(lang: str, text: str, pools: dict[str, _Pool]) -> _Template:
    """Parse ``{slot}``, ``{slot.form}``, ``{^slot}`` (capitalised), ``{male|female}``."""
    text = _prep(lang, text)
    parts: list[_Part] = []
    pos = 0
    dynamic = False
    for match in _SLOT_RE.finditer(text):
        if match.start() > pos:
            parts.append((0, text[pos : match.start()]))
        cap, body = match.group(1) == "^", match.group(2)
        if "|" in body:
            male, female = body.split("|")
            parts.append((2, (male, female)))
        elif body in _FIELDS:
            parts.append((3, _FIELDS[body]))
            dynamic = True
        else:
            name, _, form = body.partition(".")
            if name not in pools:
                raise KeyError(f"unknown slot {name!r} in {lang} template {text!r}")
            index = _FORMS[name].index(form) if form else 0
            parts.append((1, pools[name], index, cap))
            dynamic = True
        pos = match.end()
    if pos < len(text):
        parts.append((0, text[pos:]))
    if dynamic:
        return ("", ""), (0, 0), tuple(parts)
    static = tuple("".join(p[1] if p[0] == 0 else p[1][g] for p in parts) for g in (0, 1))
    return (
        (static[0], static[1]),
        (_count_words(lang, static[0]), _count_words(lang, static[1])),
        None,
    )


_TONES = ("pos", "neg", "neu")
_SENTIMENT_KEYS = ("pos", "neg", "neu", "mixed")  # per SENTIMENTS
_ID_PREFIX = {
    "zendesk": "ticket",
    "survey": "survey",
    "app-review": "review",
    "sales-call": "call",
    "nps": "nps",
}


class _Language(NamedTuple):
    """One language's compiled templates."""

    code: str
    # sentences[source][topic][tone] -> templates, weighted by repetition
    sentences: list[list[list[list[_Template]]]]
    bridges: tuple[list[_Template], list[_Template]]  # pos->neg, neg->pos
    openers: list[list[list[_Template]]]  # [source][sentiment]
    closers: list[list[list[_Template]]]


def _build_language(lang: str, rnd: random.Random) -> _Language:
    data = _DATA[lang]
    slots = _generated_slots(lang, rnd)
    base = {name: _Pool(items, _ZIPF.get(name, 1.0)) for name, items in slots.items()}
    base["order"] = _Serial(1_000_000, 10_000_000)

    def compile_all(texts: str, pools: dict[str, _Pool]) -> list[_Template]:
        return [_compile(lang, line, pools) for line in _lines(texts)]

    by_topic: list[list[list[list[_Template]]]] = []  # [topic][source][tone]
    for topic in TOPICS:
        features = _Pool(_items(lang, data["features"][topic]), _ZIPF["feature"])
        pools = {**base, "feature": features}
        own = [compile_all(data["topics"][topic][t], pools) for t in _TONES]
        generic = [compile_all(data["any"][t], pools) for t in _TONES]
        sales = [compile_all(data["sales"][t], pools) for t in _TONES]
        per_source = []
        for source in SOURCES:
            if source == "sales-call":
                per_source.append([own[t] * 2 + generic[t] + sales[t] * 3 for t in range(3)])
            else:
                per_source.append([own[t] * 3 + generic[t] for t in range(3)])
        by_topic.append(per_source)
    sentences = [[by_topic[t][s] for t in range(len(TOPICS))] for s in range(len(SOURCES))]
    bridges = (
        compile_all(data["bridge"]["pos_neg"], base),
        compile_all(data["bridge"]["neg_pos"], base),
    )

    def edges(key: str) -> list[list[list[_Template]]]:
        out = []
        for source in SOURCES:
            spec = data[key].get(source, {})
            row = []
            for sentiment in _SENTIMENT_KEYS:
                text = spec.get(sentiment) or spec.get("any") or ""
                row.append([_compile(lang, line, base) for line in text.split("\n") if line])
            out.append(row)
        return out

    return _Language(lang, sentences, bridges, edges("open"), edges("close"))


def _uniforms(rng: np.random.Generator) -> Iterator[float]:
    """An endless stream of uniform variates, drawn in bulk."""
    while True:
        yield from rng.random(1 << 16).tolist()


def _cumulative(table: Mapping[str, Sequence[float]], keys: Sequence[str]) -> np.ndarray:
    rows = np.array([table[k] for k in keys], dtype=float)
    rows /= rows.sum(axis=1, keepdims=True)
    return np.cumsum(rows, axis=1)


def _conditional(rng: np.random.Generator, cum: np.ndarray) -> np.ndarray:
    """One category per row of `cum` (cumulative probabilities)."""
    u = rng.random(len(cum))
    chosen: np.ndarray = np.minimum((cum <= u[:, None]).sum(axis=1), cum.shape[1] - 1)
    return chosen


#: (external_id, source, customer, segment, sentiment, created_at, text, language, words)
RowTuple = tuple[str, str, str, str, str, str, str, str, int]


def _rows(rows: int, seed: int, end: date = END_DATE) -> Iterator[RowTuple]:
    """The rows of a corpus, streamed; see `iter_rows`."""
    build_seq, rows_seq, text_seq = np.random.SeedSequence(seed).spawn(3)
    # Vocabulary and customers: many small draws, so Python's generator, seeded from numpy's.
    build = random.Random(int(np.random.default_rng(build_seq).integers(1 << 62)))
    languages = [_build_language(lang, build) for lang in LANGUAGES]
    customers: list[_Customer] = []
    # Per (language, segment): the customers' indexes, in activity rank order, and the
    # cumulative Zipf weights of that rank.
    groups: list[list[tuple[np.ndarray, np.ndarray]]] = []
    for lang in LANGUAGES:
        first = len(customers)
        customers += _customers(lang, _CUSTOMERS[lang], build)
        per_segment = []
        for seg in range(len(SEGMENTS)):
            members = np.array(
                [first + i for i, c in enumerate(customers[first:]) if c.segment == seg]
            )
            weights = 1.0 / np.arange(1, len(members) + 1) ** _SEGMENT_ZIPF[seg]
            per_segment.append((members, np.cumsum(weights) / weights.sum()))
        groups.append(per_segment)
    segment_cdf = np.cumsum(_SEGMENT_SHARE) / sum(_SEGMENT_SHARE)
    lang_cdf = np.cumsum(LANGUAGE_SHARE) / sum(LANGUAGE_SHARE)
    source_cum = _cumulative(_SOURCE_BY_SEGMENT, SEGMENTS)
    sentiment_cum = _cumulative(_SENTIMENT_BY_SOURCE, SOURCES)
    topic_cum = _cumulative(_TOPIC_BY_SOURCE, SOURCES)
    mu = np.log([_LENGTH_BY_SOURCE[s][0] for s in SOURCES])
    sigma = np.array([_LENGTH_BY_SOURCE[s][1] for s in SOURCES])
    open_close = [_OPEN_CLOSE[s] for s in SOURCES]
    prefixes = [_ID_PREFIX[s] for s in SOURCES]
    start = np.datetime64(end - timedelta(days=SPAN_DAYS), "s")
    span_seconds = SPAN_DAYS * 86_400

    rr = np.random.default_rng(rows_seq)
    nextu = _uniforms(np.random.default_rng(text_seq)).__next__
    marker = _M

    def render(
        tpl: _Template,
        cache: dict[_Pool, tuple[str, ...]],
        g: int,
        fields: tuple[str, str],
        cjk: bool,
    ) -> tuple[str, int]:
        static, counts, parts = tpl
        if parts is None:
            return static[g], counts[g]
        out = []
        for p in parts:
            kind = p[0]
            if kind == 0:
                out.append(p[1])
            elif kind == 1:
                pool = p[1]
                item = cache.get(pool)
                if item is None:
                    item = cache[pool] = pool.draw(nextu())
                value = item[p[2]]
                if p[3]:
                    value = value[:1].upper() + value[1:]
                out.append(value)
            elif kind == 2:
                out.append(p[1][g])
            else:
                out.append(fields[p[1]])
        text = "".join(out)
        if cjk:
            return text, len(text.replace(marker, " ").split())
        return text, len(text.split())

    for base in range(0, rows, CHUNK):
        n = min(CHUNK, rows - base)
        lang_i = np.minimum(np.searchsorted(lang_cdf, rr.random(CHUNK), side="right"), 4)
        seg_i = np.minimum(np.searchsorted(segment_cdf, rr.random(CHUNK), side="right"), 3)
        u = rr.random(CHUNK)
        cust = np.empty(CHUNK, dtype=np.int64)
        for li in range(len(LANGUAGES)):
            for seg in range(len(SEGMENTS)):
                mask = (lang_i == li) & (seg_i == seg)
                members, cdf = groups[li][seg]
                idx = np.searchsorted(cdf, u[mask], side="right")
                cust[mask] = members[np.minimum(idx, len(members) - 1)]
        src = _conditional(rr, source_cum[seg_i])
        sent = _conditional(rr, sentiment_cum[src])
        topic = _conditional(rr, topic_cum[src])
        topic2 = _conditional(rr, topic_cum[src])
        topic3 = _conditional(rr, topic_cum[src])
        topic4 = _conditional(rr, topic_cum[src])
        target = np.exp(mu[src] + sigma[src] * rr.standard_normal(CHUNK))
        # The few targets past the cap are spread over the long end instead of piling up.
        spread = rr.uniform(0.5 * MAX_WORDS, MAX_WORDS, CHUNK)
        target = np.where(target > MAX_WORDS, spread, target)
        target = np.clip(np.rint(target), MIN_WORDS, MAX_WORDS).astype(np.int64)
        seconds = (np.sqrt(rr.random(CHUNK)) * span_seconds).astype(np.int64)
        stamps = np.datetime_as_string(start + seconds.astype("timedelta64[s]"), unit="s")
        columns = zip(
            lang_i[:n].tolist(),
            cust[:n].tolist(),
            src[:n].tolist(),
            sent[:n].tolist(),
            topic[:n].tolist(),
            topic2[:n].tolist(),
            topic3[:n].tolist(),
            topic4[:n].tolist(),
            target[:n].tolist(),
            stamps[:n].tolist(),
            strict=True,
        )
        for i, (li, ci, si, ti, tp1, tp2, tp3, tp4, goal, stamp) in enumerate(columns):
            language = languages[li]
            cjk = li in (1, 2, 3)
            customer = customers[ci]
            g = customer.gender
            fields = (customer.name, customer.signature)
            cache: dict[_Pool, tuple[str, ...]] = {}
            parts: list[str] = []
            words = 0
            p_open, p_close = open_close[si]
            if p_open and nextu() < p_open:
                choices = language.openers[si][ti]
                if choices:
                    s, w = render(choices[int(nextu() * len(choices))], cache, g, fields, cjk)
                    parts.append(s)
                    words += w
            pools = language.sentences[si]
            mixed = ti == 3
            # Tone of the first sentence: 0 positive, 1 negative, 2 neutral; mixed rows
            # open with either and then turn.
            first = (0 if nextu() < 0.5 else 1) if mixed else ti
            k = 0
            bridged = False
            used: set[int] = set()
            topics = (tp1, tp2, tp3, tp4)
            attempts = 0
            while attempts < 60:
                attempts += 1
                if k and words >= goal and (k >= 2 or not mixed):
                    break
                if k == 0:
                    tone = first
                elif mixed:
                    if k == 1:
                        if not bridged and nextu() < 0.5:
                            bridged = True
                            choices = language.bridges[first]
                            s, w = render(
                                choices[int(nextu() * len(choices))], cache, g, fields, cjk
                            )
                            if words + w <= MAX_WORDS:
                                parts.append(s)
                                words += w
                            continue
                        tone = 1 - first
                    else:
                        r = nextu()
                        tone = 0 if r < 0.35 else (1 if r < 0.7 else 2)
                elif first == 2:
                    tone = 2
                else:
                    tone = first if nextu() < 0.72 else 2
                choices = pools[topics[min(words // _TOPIC_SWITCH_WORDS, 3)]][tone]
                tpl = choices[int(nextu() * len(choices))]
                redraws = _REDRAWS
                while id(tpl) in used and redraws:
                    tpl = choices[int(nextu() * len(choices))]
                    redraws -= 1
                s, w = render(tpl, cache, g, fields, cjk)
                done = k > 0 and words >= MIN_WORDS and (k >= 2 or not mixed)
                # Stop rather than overshoot the target by more than we fall short of it.
                if done and words + w > goal and words + w - goal > goal - words:
                    break
                if words + w > MAX_WORDS:
                    if done:
                        break
                    continue
                used.add(id(tpl))
                parts.append(s)
                words += w
                k += 1
            if p_close and nextu() < p_close:
                choices = language.closers[si][ti]
                if choices:
                    s, w = render(choices[int(nextu() * len(choices))], cache, g, fields, cjk)
                    if words + w <= MAX_WORDS:
                        parts.append(s)
                        words += w
            if li == 0 or li == 4:
                text = " ".join(parts)
            else:
                text = ("".join(parts) if li != 3 else " ".join(parts)).replace(marker, "")
                if li == 3 or "  " in text or text[:1] == " " or text[-1:] == " ":
                    text = " ".join(text.split())
            yield (
                f"{prefixes[si]}-{base + i + 1:07d}",
                SOURCES[si],
                customer.name,
                SEGMENTS[customer.segment],
                SENTIMENTS[ti],
                stamp + "Z",
                text,
                LANGUAGES[li],
                words,
            )


class Row(NamedTuple):
    """One generated snippet, with its language and length in words (CJK/Thai: word units)."""

    external_id: str
    source: str
    customer: str
    segment: str
    sentiment: str
    created_at: str
    text: str
    language: str
    words: int


def iter_rows(rows: int, seed: int, end: date = END_DATE) -> Iterator[Row]:
    """Stream `rows` rows for `seed`; the CSV columns plus language and word count.

    Chinese, Japanese and Thai lengths count the generator's word units (the text itself
    has no spaces between words); English and Polish count whitespace-separated words.
    """
    for row in _rows(rows, seed, end):
        yield Row(*row)


def generate(
    rows: int,
    out_path: str | Path,
    seed: int,
    *,
    end: date = END_DATE,
    stats: dict[str, list[int]] | None = None,
) -> None:
    """Write a CSV corpus of `rows` snippets to `out_path`, streaming (constant memory).

    The same `rows`, `seed` and `end` give byte-identical files, and a shorter file is a
    prefix of a longer one. If `stats` is given it receives, per language code, a
    histogram of word counts (index = words, 0 to MAX_WORDS).
    """
    path = Path(out_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        batch: list[tuple[str, ...]] = []
        for row in _rows(rows, seed, end):
            batch.append(row[:7])
            if stats is not None:
                stats.setdefault(row[7], [0] * (MAX_WORDS + 1))[row[8]] += 1
            if len(batch) >= 4096:
                writer.writerows(batch)
                batch.clear()
        writer.writerows(batch)


# --------------------------------------------------------------------------------------
# Questions
# --------------------------------------------------------------------------------------


def _expand(pattern: str) -> list[str]:
    """All sentences of a pattern with ``{a|b|c}`` alternatives."""
    pieces = re.split(r"\{([^{}]*\|[^{}]*)\}", pattern)
    options = [[p] if i % 2 == 0 else p.split("|") for i, p in enumerate(pieces)]
    return ["".join(choice) for choice in product(*options)]


def _question_slots(lang: str) -> dict[str, list[tuple[str, ...]]]:
    data = _DATA[lang]
    slots = {name: _items(lang, spec) for name, spec in data["slots"].items()}
    slots["money"] = _items(lang, data["q_money"])
    slots["code"] = [(c,) for c in _COMMON_CODES]
    slots["device"] = [(d,) for d in _DEVICES[:12]]
    slots["plan"] = [(p,) for p in _PLANS[:5]]
    slots["users"] = [(str(n),) for n in _COUNTS if n >= 20]
    if lang == "pl":
        slots["dur"] = _pl_durations()
    return slots


def _quotas(n: int) -> list[int]:
    """Questions per language: the corpus shares, rounded; English takes the remainder."""
    others = [round(n * share) for share in LANGUAGE_SHARE[1:]]
    return [n - sum(others), *others]


def questions(n: int = 500, seed: int = 7) -> list[dict[str, str]]:
    """`n` meeting questions in the corpus's language mix, ``COMMON_SHARE`` of them common.

    Each is ``{"id", "language", "question", "kind"}``; kind "specific" names a product
    topic (returns, pricing, dark mode...), kind "common" is made of very common words
    ("Is this good for the customer?"). Deterministic for a seed.
    """
    rnd = random.Random(seed)
    out: list[tuple[str, str, str]] = []
    for lang, count in zip(LANGUAGES, _quotas(n), strict=True):
        data = _DATA[lang]
        n_common = round(count * COMMON_SHARE)
        common = [q for line in _lines(data["q_common"]) for q in _expand(line)]
        picked = rnd.sample(common, min(n_common, len(common)))
        picked += [rnd.choice(common) for _ in range(n_common - len(picked))]
        out += [(lang, q, "common") for q in picked]
        slots = _question_slots(lang)
        templates = _lines(data["q_specific"])
        seen: set[str] = set()
        specific: list[str] = []
        for _ in range(200 * count):
            if len(specific) == count - n_common:
                break
            question = _fill(rnd.choice(templates), slots, rnd)
            if question not in seen:
                seen.add(question)
                specific.append(question)
        while len(specific) < count - n_common:  # more asked than distinct questions exist
            specific.append(_fill(rnd.choice(templates), slots, rnd))
        out += [(lang, q, "specific") for q in specific]
    rnd.shuffle(out)
    return [
        {"id": f"q-{i:04d}", "language": lang, "question": q, "kind": kind}
        for i, (lang, q, kind) in enumerate(out, start=1)
    ]


def _fill(template: str, slots: dict[str, list[tuple[str, ...]]], rnd: random.Random) -> str:
    def value(match: re.Match[str]) -> str:
        name, _, form = match.group(2).partition(".")
        item = rnd.choice(slots[name])
        return item[_FORMS[name].index(form) if form else 0]

    return " ".join(_SLOT_RE.sub(value, template).replace(_M, "").split())


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def _summary(stats: dict[str, list[int]]) -> str:
    total = sum(sum(h) for h in stats.values())
    lines = [
        f"{'lang':<5}{'rows':>10}{'share':>8}{'p10':>6}{'p50':>6}{'p90':>6}{'p99':>6}{'max':>6}"
    ]
    merged = [0] * (MAX_WORDS + 1)
    for lang in (*LANGUAGES, "all"):
        if lang == "all":
            hist = merged
        else:
            hist = stats.get(lang, [0] * (MAX_WORDS + 1))
            merged = [a + b for a, b in zip(merged, hist, strict=True)]
        count = sum(hist)
        if not count:
            continue
        cum = np.cumsum(hist)
        pct = [int(np.searchsorted(cum, q * count)) for q in (0.1, 0.5, 0.9, 0.99)]
        top = max(i for i, c in enumerate(hist) if c)
        lines.append(
            f"{lang:<5}{count:>10,}{count / total:>8.1%}"
            + "".join(f"{p:>6}" for p in pct)
            + f"{top:>6}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows to generate")
    parser.add_argument("--out", type=Path, help="CSV path (default bench/out/feedback-N.csv)")
    parser.add_argument("--questions", type=Path, help="also write questions to this JSONL path")
    parser.add_argument("--n-questions", type=int, default=500, help="how many questions")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--end-date",
        type=date.fromisoformat,
        default=END_DATE,
        help=f"dates fall in the 3 years before this day (default {END_DATE})",
    )
    parser.add_argument("--stats", action="store_true", help="print language/length stats")
    args = parser.parse_args(argv)
    if args.rows < 0 or args.n_questions < 0:
        parser.error("--rows and --n-questions must not be negative")
    out = args.out or Path("bench/out") / f"feedback-{args.rows}.csv"
    stats: dict[str, list[int]] | None = {} if args.stats else None
    started = time.perf_counter()
    generate(args.rows, out, args.seed, end=args.end_date, stats=stats)
    elapsed = time.perf_counter() - started
    size = out.stat().st_size
    print(
        f"wrote {args.rows:,} rows to {out} ({size / 1e6:.1f} MB) in {elapsed:.1f}s",
        file=sys.stderr,
    )
    if stats is not None:
        print(_summary(stats), file=sys.stderr)
    if args.questions:
        args.questions.parent.mkdir(parents=True, exist_ok=True)
        items = questions(args.n_questions, args.seed)
        with args.questions.open("w", encoding="utf-8", newline="\n") as handle:
            for item in items:
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")
        print(f"wrote {len(items)} questions to {args.questions}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
