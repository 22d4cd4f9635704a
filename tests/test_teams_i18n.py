"""Teams speaks the asker's language: from the question, else the activity's locale."""

from __future__ import annotations

from typing import Any

from bot.feedback import FeedbackInput
from handlers.teams.commands import help_text
from tests.teams_support import TeamsHarness, card_action, message, validate_card


def test_help_follows_the_activitys_locale(teams: TeamsHarness) -> None:
    teams.post(message("help", locale="ja-JP"))
    [reply] = teams.service.texts()
    assert reply.startswith("**Empty Chair** は、チームが意思決定するとき")
    assert "`ask 質問`：顧客にとって何がより良いか？" in reply


def test_an_unknown_locale_gets_english_and_a_known_one_its_language(teams: TeamsHarness) -> None:
    teams.post(message("help", locale="pt-BR"))
    teams.post(message("frobnicate", locale="pl-PL"))
    assert teams.service.texts() == [
        help_text("en"),
        "Nie znam polecenia `frobnicate`. Aby mnie o coś zapytać, zacznij od `ask`, np. "
        "`ask Czy powinniśmy zacząć pobierać opłaty za zwroty?`. Wpisz `help`, aby zobaczyć "
        "wszystko, co potrafię.",
    ]
    assert help_text("en").startswith("**Empty Chair** keeps the customer in the room")


def test_an_outdated_button_is_explained_in_the_users_language(teams: TeamsHarness) -> None:
    response = teams.post(card_action("no.such.verb", {}, locale="th-TH"))
    assert response.json()["value"] == ("ปุ่มนี้ไม่รองรับแล้ว พิมพ์ `help` เพื่อดูว่าฉันทำอะไรได้บ้าง")


def seed_returns(teams: TeamsHarness) -> None:
    ws = teams.workspace()
    for text, customer in [
        ("Free returns are the reason we buy from you", "Acme"),
        ("返品が無料なので、ここで買っています", "田中商事"),
        ("Darmowe zwroty to powód, dla którego u was kupujemy", "Nowak"),
    ]:
        ws.add_feedback(FeedbackInput(text, customer=customer, source="survey"))


def test_a_japanese_question_gets_a_japanese_card(teams: TeamsHarness) -> None:
    seed_returns(teams)
    teams.post(message("ask 返品を有料にすべきですか？", locale="en-US"))
    card = teams.service.sent[-1].card or {}
    validate_card(card)
    lines = texts(card)
    assert lines[0].startswith("顧客は反対しています")  # the verdict, in the question's language
    assert lines[1] == "返品を有料にすべきですか？"
    assert "\u201cFree returns are the reason we buy from you\u201d" in lines  # words as written
    assert [a["title"] for a in card["actions"]] == ["意思決定を記録"]


def test_a_question_too_short_to_tell_follows_the_activitys_locale(teams: TeamsHarness) -> None:
    seed_returns(teams)
    teams.post(message("ask returns?", locale="ja-JP"))
    card = teams.service.sent[-1].card or {}
    assert [a["title"] for a in card["actions"]] == ["意思決定を記録"]
    assert texts(card)[0].startswith("顧客")


def texts(card: dict[str, Any]) -> list[str]:
    """Every TextBlock of a card's body."""
    return [e["text"] for e in card.get("body", []) if e.get("type") == "TextBlock"]
