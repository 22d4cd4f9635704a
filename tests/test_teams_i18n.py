"""Teams speaks the asker's language: from the question, else the activity's locale."""

from __future__ import annotations

from handlers.teams.commands import help_text
from tests.teams_support import TeamsHarness, card_action, message


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
