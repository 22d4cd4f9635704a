"""Teams message text is parsed into commands the same way everywhere."""

from __future__ import annotations

import pytest

from handlers.teams.commands import Command, parse, plain_text, unknown_reply


@pytest.mark.parametrize(
    ("text", "mentioned", "command"),
    [
        (
            "ask Should we charge for returns?",
            False,
            Command("ask", "Should we charge for returns?"),
        ),
        ("ASK: why?", False, Command("ask", "why?")),
        ("Should we charge for returns?", True, Command("ask", "Should we charge for returns?")),
        (
            "Should we charge for returns?",
            False,
            Command("unknown", "Should we charge for returns?", word="Should"),
        ),
        ("emptychair start pricing review", True, Command("start", "pricing review")),
        ("emptychair end", False, Command("end")),
        ("emptychair", True, Command("help")),
        (
            "emptychair frobnicate now",
            True,
            Command("unknown", "frobnicate now", word="frobnicate"),
        ),
        (
            "remind monday 09:30 Europe/Warsaw",
            True,
            Command("remind", "monday 09:30 Europe/Warsaw"),
        ),
        ("decisions returns", False, Command("decisions", "returns")),
        ("", False, Command("help")),
        ("   ", True, Command("help")),
    ],
)
def test_parse(text: str, mentioned: bool, command: Command) -> None:
    assert parse(text, mentioned=mentioned) == command


def test_plain_text_drops_markup_and_entities() -> None:
    assert plain_text("<p>Returns are <b>too slow</b> &amp; costly</p><p>Fix&nbsp;it</p>") == (
        "Returns are too slow & costly\nFix it"
    )


def test_unknown_reply_names_the_word_safely() -> None:
    assert unknown_reply(Command("unknown", "x`y", word="x`y"), "en").startswith(
        "I don't know the command `x'y`. To ask me something, start with `ask`"
    )
