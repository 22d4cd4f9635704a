"""The benchmark corpus generator (bench/corpus.py): determinism, language mix, lengths."""

from __future__ import annotations

import csv
import json
import re
import statistics
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bench import corpus

NON_ENGLISH = ("zh", "ja", "th", "pl")


_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_POLISH_LETTERS = re.compile(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
_POLISH_WORDS = frozenset("nie się jest że czy dla oraz jak mam nam nas już bo mnie na w z".split())
# Two CJK characters with whitespace between them: real Chinese/Japanese has none.
_CJK_GAP = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]\s+[\u3040-\u30ff\u4e00-\u9fff]")


def detect(text: str) -> str:
    """The script-based language guess the benchmark relies on."""
    if _KANA.search(text):
        return "ja"
    if _HAN.search(text):
        return "zh"
    if _THAI.search(text):
        return "th"
    if _POLISH_LETTERS.search(text) or _POLISH_WORDS & set(text.lower().split()):
        return "pl"
    return "en"


@pytest.fixture(scope="module")
def rows() -> list[Any]:
    return list(corpus.iter_rows(2000, 7))


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    corpus.generate(300, tmp_path / "a.csv", 7)
    corpus.generate(300, tmp_path / "b.csv", 7)
    corpus.generate(300, tmp_path / "c.csv", 8)
    first = (tmp_path / "a.csv").read_bytes()
    assert first == (tmp_path / "b.csv").read_bytes()
    assert first != (tmp_path / "c.csv").read_bytes()


def test_a_shorter_corpus_is_a_prefix_of_a_longer_one(tmp_path: Path) -> None:
    corpus.generate(100, tmp_path / "short.csv", 7)
    corpus.generate(300, tmp_path / "long.csv", 7)
    assert (tmp_path / "long.csv").read_bytes().startswith((tmp_path / "short.csv").read_bytes())


def test_csv_header_and_columns(tmp_path: Path) -> None:
    path = tmp_path / "out" / "feedback.csv"
    corpus.generate(500, path, 7)
    header, *body = read_csv(path)
    assert header == [
        "external_id",
        "source",
        "customer",
        "segment",
        "sentiment",
        "created_at",
        "text",
    ]
    assert len(body) == 500
    assert all(len(row) == 7 for row in body)
    assert len({row[0] for row in body}) == 500
    assert {row[1] for row in body} <= set(corpus.SOURCES)
    assert {row[3] for row in body} <= set(corpus.SEGMENTS)
    assert {row[4] for row in body} == set(corpus.SENTIMENTS)
    end = datetime.combine(corpus.END_DATE, datetime.min.time())
    for row in body:
        created = datetime.fromisoformat(row[5].replace("Z", ""))
        assert end - timedelta(days=3 * 365) <= created <= end
        assert row[2].strip() and row[6].strip()
        assert "\n" not in row[6] and "\x1f" not in row[6]


def test_language_mix(rows: list[Any]) -> None:
    detected = Counter(detect(row.text) for row in rows)
    for lang in NON_ENGLISH:
        assert detected[lang] >= 0.10 * len(rows), (lang, detected)
    assert detected["en"] <= 0.55 * len(rows), detected
    # Each language's text is recognisably that language.
    assert all(detect(row.text) == row.language for row in rows)


def test_lengths_are_5_to_200_words_and_skewed(rows: list[Any]) -> None:
    words = [row.words for row in rows]
    assert min(words) >= 5
    assert max(words) <= 200
    assert statistics.median(words) < 40  # most snippets are short...
    assert max(words) > 100  # ...with a long tail
    for row in rows:
        if row.language in ("en", "pl"):
            assert row.words == len(row.text.split())
        elif row.language in ("zh", "ja"):
            assert not _CJK_GAP.search(row.text), row.text


def test_sentiment_and_customers_vary(rows: list[Any]) -> None:
    assert set(Counter(row.sentiment for row in rows)) == set(corpus.SENTIMENTS)
    customers = Counter(row.customer for row in rows)
    assert len(customers) > 500
    # Zipf-like: a few customers write a lot, most write little.
    assert customers.most_common(1)[0][1] >= 10 * statistics.median(customers.values())


def test_polish_uses_inflected_forms() -> None:
    text = " ".join(row.text for row in corpus.iter_rows(3000, 7) if row.language == "pl")
    for form in ("zwrot", "zwrotu", "zamówienie", "zamówienia", "dostawa", "dostawy"):
        assert re.search(rf"\b{form}\b", text, re.IGNORECASE), form


def test_questions_mix() -> None:
    items = corpus.questions(500, 7)
    assert len(items) == 500
    assert len({q["id"] for q in items}) == 500
    assert all(set(q) == {"id", "language", "question", "kind"} for q in items)
    assert all(q["question"].strip() for q in items)
    by_language = Counter(q["language"] for q in items)
    for lang in NON_ENGLISH:
        assert by_language[lang] >= 50, by_language
    assert by_language["en"] <= 275
    assert set(by_language) == {"en", *NON_ENGLISH}
    kinds = Counter(q["kind"] for q in items)
    assert set(kinds) == {"specific", "common"}
    assert kinds["common"] >= 100
    for q in items:
        assert detect(q["question"]) == q["language"], q
    assert corpus.questions(500, 7) == items
    assert len(corpus.questions(40, 1)) == 40


def test_command_line(tmp_path: Path) -> None:
    out, qpath = tmp_path / "c.csv", tmp_path / "q" / "questions.jsonl"
    code = corpus.main(
        ["--rows", "50", "--out", str(out), "--questions", str(qpath), "--seed", "3"]
    )
    assert code == 0
    assert len(read_csv(out)) == 51
    lines = qpath.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 500
    assert {json.loads(line)["language"] for line in lines} == {"en", *NON_ENGLISH}
