"""Issue 9's remaining stance rules: conditional acceptance, fee questions, notices, and
negated questions with snippets that ask for the same change."""

from __future__ import annotations

import pytest

from bot.advisor import _QUESTION_WORDS
from bot.answer.question import understand
from bot.answer.stance import stance_of


def stance(question: str, snippet: str) -> str:
    return stance_of(snippet, understand(question, _QUESTION_WORDS))


@pytest.mark.parametrize(
    ("question", "snippet"),
    [
        ("Should we raise prices?", "I'd pay more if support were 24/7."),
        ("Should we add a delivery fee?", "I'm fine with a fee as long as delivery is next-day."),
        ("Should we add a delivery fee?", "As long as delivery is next-day, I'm fine with a fee."),
        (
            "Czy wprowadzić opłatę za dostawę?",
            "Mogę zapłacić za dostawę, pod warunkiem że dotrze następnego dnia",
        ),
        ("我们应该收运费吗？", "只要第二天送到，收运费没问题"),
        ("เราควรเก็บค่าส่งไหม", "ยอมจ่ายค่าส่งได้ถ้าส่งถึงวันรุ่งขึ้น"),
    ],
)
def test_a_yes_on_a_condition_of_its_own_is_neutral(question: str, snippet: str) -> None:
    assert stance(question, snippet) == "neutral"


def test_the_same_yes_without_a_condition_is_for() -> None:
    assert stance("Should we add a delivery fee?", "I don't mind paying for delivery") == "for"
    assert stance("เราควรเก็บค่าส่งไหม", "ยอมจ่ายค่าส่งได้") == "for"


def test_a_condition_that_is_the_change_itself_keeps_the_yes() -> None:
    assert stance("Should we raise prices?", "If you must raise prices, I'm fine with it") == "for"


def test_a_condition_on_the_questions_own_topic_is_a_wish_for_it() -> None:
    # "I'd pay more if support were 24/7" wants round-the-clock support.
    assert stance("Should we cut weekend support hours?", "I'd pay more if support were 24/7.") == (
        "against"
    )


def test_other_sentences_still_count_next_to_a_conditional_one() -> None:
    text = "I'd pay more if support were 24/7. Right now prices are too expensive."
    assert stance("Should we raise prices?", text) == "against"


@pytest.mark.parametrize(
    "question",
    [
        "Should we increase the price of shipping?",
        "Should we lower the shipping price?",
        "Czy powinniśmy podnieść cenę dostawy?",
        "送料を値上げすべきですか？",
        "要不要涨运费？",
        "เราควรขึ้นค่าส่งไหม",
    ],
)
def test_a_shipping_fee_question_is_about_the_fee(question: str) -> None:
    proposal = understand(question, _QUESTION_WORDS)
    assert proposal.topic in ("shipping_fee", "delivery_cost_increase")
    assert proposal.primary_groups == frozenset({"shipping"})
    assert proposal.direction in ("takes", "gives") and not proposal.negated


@pytest.mark.parametrize(
    "question",
    [
        "Should we give more notice before price changes?",
        "Czy uprzedzać klientów o podwyżkach wcześniej?",
        "値上げの告知を早くすべきですか？",
        "涨价前应该提前通知吗？",
        "ควรแจ้งล่วงหน้าก่อนขึ้นราคาไหม",
    ],
)
def test_a_question_about_notice_is_about_the_notice(question: str) -> None:
    proposal = understand(question, _QUESTION_WORDS)
    assert proposal.topic == "communication"
    assert proposal.primary_groups == frozenset({"communication"})
    assert proposal.direction == "gives"


NOTICE_EN = "You only gave us a week's notice of the price rise"
NOTICE_JA = "値上げの通知が更新の二日前でした。せめて一か月前には知らせてください。"


@pytest.mark.parametrize("snippet", [NOTICE_EN, NOTICE_JA])
def test_a_complaint_about_the_notice_is_not_a_view_on_the_price(snippet: str) -> None:
    assert stance("Should we raise prices?", snippet) == "neutral"
    assert stance("値上げすべきですか？", snippet) == "neutral"
    assert stance("Should we give more notice before price increases?", snippet) == "for"


def test_a_price_complaint_next_to_the_notice_still_counts() -> None:
    text = "You gave us a week's notice. The new price is far too expensive for us."
    assert stance("Should we raise prices?", text) == "against"


def test_a_negation_inside_a_concept_name_does_not_flip_the_complaint() -> None:
    text = "Podwyżka bez uprzedzenia to brak szacunku dla klienta."
    assert stance("Czy powinniśmy podnieść ceny?", text) == "against"


@pytest.mark.parametrize(
    ("question", "snippet"),
    [
        ("Shouldn't we stop charging for returns?", "please stop charging for returns"),
        ("Shouldn't we stop charging for returns?", "don't charge for returns"),
        ("Should we stop charging for returns?", "please stop charging for returns"),
        ("Isn't it time we stopped charging for returns?", "please stop charging for returns"),
        (
            "Czy nie powinniśmy przestać pobierać opłat za zwroty?",
            "Proszę, przestańcie pobierać opłaty za zwroty",
        ),
        ("我们难道不应该停止收取退货费吗？", "请停止收取退货费"),
        ("เราไม่ควรเลิกเก็บค่าคืนสินค้าเหรอ", "ช่วยเลิกเก็บค่าคืนสินค้าเถอะ"),
    ],
)
def test_asking_for_the_same_change_as_a_negated_question_is_for_it(
    question: str, snippet: str
) -> None:
    assert stance(question, snippet) == "for"


def test_asking_to_keep_the_charge_is_against_stopping_it() -> None:
    text = "Please keep charging for returns, it stops abuse"
    assert stance("Shouldn't we stop charging for returns?", text) == "against"
    assert stance("Should we start charging for returns?", text) == "for"


def test_a_cost_accepted_if_the_topic_improves_is_still_conditional() -> None:
    text = "I would happily pay a return fee if returns took two days instead of two weeks."
    assert stance("Should we start charging for returns?", text) == "neutral"
    assert stance("Shouldn't we stop charging for returns?", text) == "neutral"


def test_a_condition_that_changes_something_else_is_still_a_condition() -> None:
    text = "Charging a small return fee would be fair if you also lowered prices."
    assert stance("Should we start charging for returns?", text) == "neutral"


@pytest.mark.parametrize(
    ("question", "snippet", "expected"),
    [
        # The condition before the word (Japanese, Chinese 的话), and the yes it qualifies.
        ("値上げすべきですか？", "サポートが24時間なら値上げも構わない", "neutral"),
        ("我们应该涨价吗？", "如果客服能24小时在线，涨价也可以接受", "neutral"),
        # A churn threat on a condition that is the change itself stays against it.
        ("我们应该涨价吗？", "涨价的话我们就走", "against"),
        # Thai: "as long as it is fast, any shipping fee is fine"; อย่างน้อย is not อย่า.
        ("ควรคิดค่าส่งไหม", "ขอแค่ส่งไว ค่าส่งเท่าไหร่ก็ได้", "neutral"),
        ("เราควรขึ้นราคาไหม", "ยินดีจ่ายเพิ่ม", "for"),
        (
            "ควรแจ้งลูกค้าล่วงหน้าก่อนขึ้นราคาไหม",
            "แจ้งขึ้นราคากะทันหันเกินไป ควรแจ้งล่วงหน้าอย่างน้อยหนึ่งเดือน",
            "for",
        ),
        (
            "เราควรขึ้นราคาไหม",
            "แจ้งขึ้นราคากะทันหันเกินไป ควรแจ้งล่วงหน้าอย่างน้อยหนึ่งเดือน",
            "neutral",
        ),
    ],
)
def test_realistic_phrasings_in_japanese_chinese_and_thai(
    question: str, snippet: str, expected: str
) -> None:
    assert stance(question, snippet) == expected
