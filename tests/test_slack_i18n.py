"""Slack speaks the asker's language: the question's, else the user's Slack locale, else English."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.feedback import FeedbackInput
from bot.i18n import t
from bot.principle_translations import texts
from bot.store import Store
from bot.workspace import Workspace
from tests.slack_fixtures import USER, SlackServer

TENANT = "slack:T111"
ENGLISH_QUOTE = "Free returns are the reason we buy from you"


def seed(server: SlackServer) -> None:
    """Customers in four languages against paying for returns, one English voice for it."""
    store = Store(server.db_path)
    ws = Workspace(store, TENANT)
    for text, customer, segment in [
        (ENGLISH_QUOTE, "Acme", "enterprise"),
        ("Darmowe zwroty to powód, dla którego u was kupujemy", "Nowak", "smb"),
        ("返品が無料なので、ここで買っています", "田中商事", "enterprise"),
        ("免费退货是我们在这里购买的原因", "王氏贸易", "smb"),
        ("คืนสินค้าฟรีคือเหตุผลที่เราซื้อที่นี่", "สยามช้อป", "smb"),
        ("I'd rather pay for returns if prices drop", "Globex", "consumer"),
    ]:
        ws.add_feedback(FeedbackInput(text, customer=customer, segment=segment, source="survey"))
    store.close()


def buttons(blocks: list[dict[str, Any]]) -> dict[str, str]:
    """action_id -> label of every button in a message."""
    return {
        e["action_id"]: e["text"]["text"]
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]
    }


QUESTIONS = {
    "pl": ("Czy powinniśmy zacząć pobierać opłaty za zwroty?", "Klienci"),
    "ja": ("返品を有料にすべきですか？", "顧客"),
    "zh": ("我们应该开始对退货收费吗？", "客户"),
    "th": ("เราควรเริ่มเก็บค่าคืนสินค้าไหม", "ลูกค้า"),
}


@pytest.mark.parametrize("lang", sorted(QUESTIONS))
def test_a_question_gets_its_whole_reply_in_its_language(slack: SlackServer, lang: str) -> None:
    seed(slack)
    question, customers_word = QUESTIONS[lang]
    body = slack.command("/customer", question).json()
    blocks = body["blocks"]
    verdict = blocks[0]["text"]["text"]
    # The verdict leads, in the question's language.
    assert customers_word in verdict and "Customers" not in verdict
    # Labels and buttons too; the principle as an imperative in that language.
    assert buttons(blocks) == {
        "answer_log_decision": t(lang, "Log a decision"),
        "answer_share": t(lang, "Share with channel"),
    }
    assert t(lang, "Log a decision") != "Log a decision"
    imperatives = {entry["imperative"] for entry in texts(lang).values()}
    rules = [
        b["text"]["text"]
        for b in blocks
        if b["type"] == "section" and b["text"]["text"].startswith(":compass:")
    ]
    assert len(rules) == 1 and rules[0].removeprefix(":compass: *").removesuffix("*") in imperatives
    # Customers' words keep their own language.
    text = json.dumps(blocks, ensure_ascii=False)
    assert ENGLISH_QUOTE in text or "Acme" not in text
    assert "What customers say" not in text and "Thin evidence" not in text
    # The user's locale was not needed: the question told.
    slack.standin.settle(0.1)
    assert "users.info" not in slack.standin.methods()


def test_a_question_too_short_to_tell_follows_the_users_locale(slack: SlackServer) -> None:
    seed(slack)
    slack.standin.users[USER] = {"locale": "ja-JP"}
    blocks = slack.command("/customer", "returns?").json()["blocks"]
    assert "顧客" in blocks[0]["text"]["text"]
    assert buttons(blocks)["answer_log_decision"] == "意思決定を記録"
    info = slack.standin.wait_for("users.info")[0]
    assert info.params["include_locale"] in ("true", "1", True)


def test_an_unknown_language_is_answered_in_english(slack: SlackServer) -> None:
    seed(slack)
    slack.standin.users[USER] = {"locale": "pl-PL"}  # the question tells: German, not Polish
    blocks = slack.command("/customer", "Sollten wir für Rücksendungen Geld verlangen?").json()[
        "blocks"
    ]
    assert buttons(blocks)["answer_log_decision"] == "Log a decision"
    assert "Klienci" not in blocks[0]["text"]["text"]


def test_help_and_errors_follow_the_users_slack_locale(slack: SlackServer) -> None:
    slack.standin.users[USER] = {"tz": "Europe/Warsaw", "locale": "pl-PL"}
    reply = slack.command("/emptychair", "help").json()
    assert reply["text"] == "Pomoc Empty Chair"
    assert "co jest lepsze dla klienta" in json.dumps(reply["blocks"], ensure_ascii=False)
    info = slack.standin.wait_for("users.info")[0]
    assert info.params["include_locale"] in ("true", "1", True)
    # "?" has no words to search for: the one-line explanation is in Polish too.
    assert slack.command("/customer", "?").json()["text"] == (
        "W pytaniu nie ma słów, których można by szukać."
    )


def test_help_without_a_known_locale_is_english(slack: SlackServer) -> None:
    slack.standin.users[USER] = {"locale": "de-DE"}
    assert slack.command("/emptychair", "help").json()["text"] == "Empty Chair help"


def test_log_a_decision_opens_the_modal_prefilled_with_the_question_and_evidence(
    slack: SlackServer,
) -> None:
    seed(slack)
    blocks = slack.command("/customer", "Czy powinniśmy zacząć pobierać opłaty za zwroty?").json()[
        "blocks"
    ]
    value = next(
        e["value"]
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "answer_log_decision"
    )
    cited = json.loads(value)
    slack.standin.users[USER] = {"locale": "pl-PL"}
    slack.button("answer_log_decision", value, ephemeral=True)
    view = slack.standin.wait_for("views.open")[0].params["view"]
    by_block = {b.get("block_id"): b for b in view["blocks"]}
    context = by_block["context"]["element"]["initial_value"]
    assert context == "Pytanie: Czy powinniśmy zacząć pobierać opłaty za zwroty?"
    chosen = by_block["feedback_ids"]["element"]["initial_options"]
    assert [o["value"] for o in chosen] == [f"F{i}" for i in cited["f"]]
    assert view["title"]["text"] == "Zapisz decyzję"


def test_the_empty_chair_card_speaks_the_hosts_language(slack: SlackServer) -> None:
    seed(slack)
    slack.standin.users[USER] = {"locale": "zh-CN"}
    slack.command("/emptychair", "start 退货")
    post = slack.standin.wait_for("chat.postMessage")[0]
    shown = post.text_of_blocks
    assert "空椅子" in shown and "什么对客户更好？" in shown
    titles = {entry["title"] for entry in texts("zh").values()}
    assert any(title in shown for title in titles)  # the built-in principle, in Chinese
    assert {
        e["text"]["text"] for b in post.blocks if b["type"] == "actions" for e in b["elements"]
    } == {
        "问问空椅子",
        "换一位客户的声音",
        "记录决策",
    }
