"""The answer: question reading, stance (not sentiment), verdict, relevance, contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.advisor import _QUESTION_WORDS
from bot.answer.concepts import (
    MAX_EXPANSION_TERMS,
    concepts,
    expansion_terms,
    load_concepts,
)
from bot.answer.cues import LANGUAGES
from bot.answer.language import detect_language
from bot.answer.question import understand
from bot.answer.stance import stance_of
from bot.errors import InvalidInput
from bot.feedback import FeedbackInput
from bot.workspace import Workspace
from tests.helpers import cli


def read(question: str) -> tuple[str, str]:
    proposal = understand(question, _QUESTION_WORDS)
    return proposal.language, proposal.direction


@pytest.mark.parametrize(
    ("question", "language", "direction"),
    [
        ("Should we start charging for returns?", "en", "takes"),
        ("Should we remove free returns?", "en", "takes"),
        ("Should we shorten support hours?", "en", "takes"),
        ("Should we shorten delivery time?", "en", "gives"),
        ("Should we add dark mode?", "en", "gives"),
        ("Don't raise the price of the Pro plan", "en", "gives"),
        ("Should we stop charging for returns?", "en", "gives"),
        ("How do customers rate our refunds?", "en", "none"),
        ("Czy powinniśmy podnieść ceny?", "pl", "takes"),
        ("Czy nie podnosić cen?", "pl", "gives"),
        ("Czy dodać tryb ciemny?", "pl", "gives"),
        ("返品を有料にすべきですか？", "ja", "takes"),
        ("値上げしないべきですか？", "ja", "gives"),
        ("我们应该涨价吗？", "zh", "takes"),
        ("我们不应该涨价吗？", "zh", "gives"),
        ("เราควรขึ้นราคาไหม", "th", "takes"),
        ("เราไม่ควรขึ้นราคาใช่ไหม", "th", "gives"),
    ],
)
def test_question_language_and_direction(question: str, language: str, direction: str) -> None:
    assert read(question) == (language, direction)


def test_languages_by_script_and_words() -> None:
    assert [
        detect_language(text)
        for text in (
            "Should we raise prices?",
            "Czy powinniśmy podnieść ceny?",
            "Czy powinnismy podniesc ceny?",
            "返品は無料にすべき？",
            "我们应该取消免费退货吗？",
            "เราควรขึ้นราคาไหม",
            "Sollten wir die Preise für unsere Kunden erhöhen?",
            "환불 정책",
        )
    ] == ["en", "pl", "pl", "ja", "zh", "th", "de", "ko"]


@pytest.mark.parametrize(
    ("snippet", "stance"),
    [
        ("Free returns are why we buy here", "against"),
        ("Return fees are far too expensive", "against"),
        ("I'd rather have lower prices than free returns", "for"),
        ("Honestly we don't need free returns, nobody here uses them", "for"),
        ("Darmowe zwroty to jedyny powód, dla którego tu kupuję", "against"),
        ("返品が無料なので助かっています", "against"),
        ("如果取消免费退货，我就不会再在这里买鞋了", "against"),
        ("คืนสินค้าฟรีเป็นเหตุผลหลักที่ฉันซื้อที่นี่", "against"),
    ],
)
def test_stance_on_removing_free_returns(snippet: str, stance: str) -> None:
    proposal = understand("Should we remove free returns?", _QUESTION_WORDS)
    assert stance_of(snippet, proposal) == stance


def test_negated_question_turns_every_stance_around() -> None:
    raise_it = understand("Should we raise prices?", _QUESTION_WORDS)
    keep_it = understand("Should we not raise prices?", _QUESTION_WORDS)
    text = "The subscription is already too expensive for us"
    assert (stance_of(text, raise_it), stance_of(text, keep_it)) == ("against", "for")


def test_question_proposing_nothing_asks_whether_customers_like_it() -> None:
    proposal = understand("How do customers rate our refunds?", _QUESTION_WORDS)
    assert stance_of("The refund arrived in two days, great service", proposal) == "for"
    assert stance_of("Refunds are slow, I waited three weeks", proposal) == "against"


def test_only_emoji_or_punctuation_is_a_one_line_error(ws: Workspace) -> None:
    for question in ("🙂🙂", "?!…", "👍 !!!"):
        with pytest.raises(InvalidInput, match="no words") as info:
            ws.answer_for_customer(question)
        assert "\n" not in info.value.message


def add(ws: Workspace, text: str, customer: str, **extra: str) -> int:
    return ws.add_feedback(FeedbackInput(text, customer=customer, **extra))[0].id


def seed_returns(ws: Workspace) -> dict[str, int]:
    return {
        "why": add(ws, "Free returns are why we buy here", "Ola", segment="enterprise",
                   created_at="2026-11-19"),
        "fees": add(ws, "Return fees are far too expensive", "Ben", segment="enterprise",
                    created_at="2026-11-01"),
        "pl": add(ws, "Darmowe zwroty to jedyny powód, dla którego tu kupuję", "Kasia",
                  segment="consumer", created_at="2026-10-02"),
        "ja": add(ws, "返品が無料なので助かっています", "佐藤", segment="consumer",
                  created_at="2026-09-30"),
        "rather": add(ws, "I'd rather have lower prices than free returns", "Raj",
                      created_at="2026-08-01"),
        "dup": add(ws, "Free returns are why we buy here!!", "Ola", created_at="2026-11-10"),
        "off": add(ws, "The new dashboard charts are free of clutter", "Zed"),
    }  # fmt: skip


def test_verdict_counts_distinct_customers_across_languages(ws: Workspace) -> None:
    ids = seed_returns(ws)
    answer = ws.answer_for_customer("Should we remove free returns?", limit=5)
    assert answer.language == "en" and answer.direction == "takes"
    assert answer.verdict.side == "against"
    assert (answer.verdict.for_count, answer.verdict.against_count) == (1, 4)
    assert answer.verdict.text == (
        "Customers are against this: 4 customers in 3 languages (2 consumer), 1 for;"
        " newest 3 days ago."
    )
    cited = {f.feedback.id: f for f in answer.feedback}
    assert ids["off"] not in cited  # shares the word "free", not the topic
    assert len({ids["dup"], ids["why"]} & set(cited)) == 1
    assert sum(f.similar for f in answer.feedback) == 1
    assert [f.feedback.id for f in answer.contradicting] == [ids["rather"]]
    assert answer.text.splitlines()[0] == answer.verdict.text
    assert answer.imperative and answer.imperative in answer.text


def test_verdict_and_thin_warning_do_not_depend_on_the_limit(ws: Workspace) -> None:
    seed_returns(ws)
    answers = [ws.answer_for_customer("Should we remove free returns?", limit=n) for n in (1, 2, 5)]
    assert {a.verdict for a in answers} == {answers[0].verdict}
    assert {a.thin_evidence for a in answers} == {None}


def test_duplicates_of_one_customer_are_thin_evidence(ws: Workspace) -> None:
    add(ws, "Please add a dark mode, my eyes hurt at night", "Acme")
    add(ws, "Please add a dark mode, my eyes hurt at night!", "Acme")
    add(ws, "Dark mode please, the white screen hurts my eyes at night", "Acme")
    answer = ws.answer_for_customer("Should we build a dark mode?")
    assert answer.verdict.side == "for" and answer.verdict.for_count == 1
    assert answer.thin_evidence is not None and "one customer (Acme)" in answer.thin_evidence


def test_unsupported_language_gets_an_english_verdict_and_still_searches(ws: Workspace) -> None:
    refund = add(ws, "Rückerstattung dauert zu lange, refunds are slow", "Hans")
    answer = ws.answer_for_customer("Sollten wir die Rückerstattung für Kunden beschleunigen?")
    assert answer.language == "de"
    assert refund in [f.feedback.id for f in answer.feedback]
    assert answer.verdict.text.startswith(("Customers", "No clear side"))


def test_no_relevant_feedback_is_unknown(ws: Workspace) -> None:
    add(ws, "The dashboard export is great", "Zed")
    answer = ws.answer_for_customer("Should we remove free returns?")
    assert answer.verdict.side == "unknown" and answer.feedback == ()
    assert answer.contradicting == ()


def test_ask_json_adds_language_verdict_stance_and_contradicting(
    capsys: pytest.CaptureFixture[str], ws: Workspace, db_path: Path
) -> None:
    ids = seed_returns(ws)
    ws.store.close()
    code, out, err = cli(
        capsys, "--db", str(db_path), "ask", "--json", "Czy usunąć darmowe zwroty?"
    )
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["language"] == "pl"
    assert set(data["verdict"]) == {"side", "text", "for", "against"}
    assert data["verdict"]["side"] == "against"
    assert data["verdict"]["for"] == 1 and data["verdict"]["against"] == 4
    for item in data["feedback"]:
        assert item["stance"] in {"for", "against", "neutral"}
        assert item["language"] and isinstance(item["similar"], int)
    assert data["contradicting"] == [ids["rather"]]
    assert {item["id"] for item in data["feedback"]} >= {ids["ja"], ids["fees"]}


def test_every_concept_has_every_language() -> None:
    table = concepts()
    assert len(table) >= 300
    missing = [(key, lang) for key, c in table.items() for lang in LANGUAGES if not c.forms[lang]]
    assert missing == []
    assert len({c.group for c in table.values()}) >= 20


def test_expansion_is_bounded_whatever_the_vocabulary_holds() -> None:
    huge = [
        {
            "key": f"k{i}",
            "group": "g",
            **{lang: ["x" * 39] * 500 + ["y" * 5000] for lang in LANGUAGES},
        }
        for i in range(50)
    ]
    table = load_concepts(json.dumps(huge))
    assert all(len(f) <= 40 for c in table.values() for forms in c.forms.values() for f in forms)
    terms = expansion_terms([c.key for c in concepts().values()])
    assert 0 < len(terms) <= MAX_EXPANSION_TERMS
