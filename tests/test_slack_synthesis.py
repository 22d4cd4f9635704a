"""The model-written answer in Slack: the ack at once, the model's version in place later."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.feedback import FeedbackInput
from bot.store import Store
from bot.workspace import Workspace
from tests.helpers import fixed_clock
from tests.llm_standin import LlmStandIn, Reply, answer
from tests.slack_fixtures import CHANNEL, USER, SlackServer, running_server
from tests.slack_standin import SlackStandIn

TENANT = "slack:T111"
QUESTION = "Should we start charging for returns?"


@pytest.fixture
def server(tmp_path: Path, standin: SlackStandIn, llm: LlmStandIn) -> Iterator[SlackServer]:
    standin.reset()
    settings = Settings(
        db_path=str(tmp_path / "s.db"),
        llm=llm.settings(),
        manager_ids=frozenset({"UBOSS"}),
        clock=fixed_clock,
    )
    with running_server(tmp_path / "s.db", standin, settings=settings) as running:
        yield running
        running.standin.settle(0.05)
    assert standin.rejected == [], "Slack would have refused these blocks"


def seed(server: SlackServer) -> int:
    store = Store(server.db_path)
    ws = Workspace(store, TENANT)
    item, _ = ws.add_feedback(
        FeedbackInput(
            "Returns take three weeks and the refund is slow",
            customer="Acme",
            url="https://support.example.com/t/1",
        )
    )
    store.close()
    return item.id


def switch(server: SlackServer, on: bool) -> None:
    store = Store(server.db_path)
    Workspace(store, TENANT).set_llm_enabled(on)
    store.close()


def test_the_ack_has_the_deterministic_answer_then_the_model_replaces_it(
    server: SlackServer, llm: LlmStandIn
) -> None:
    fid = seed(server)
    llm.then(Reply(answer("unknown", ("Acme waits <!here> three weeks for refunds.", [f"F{fid}"]))))
    response = server.command("/customer", QUESTION)
    ack = response.json()
    assert ack["response_type"] == "ephemeral"
    assert f"F{fid}" in json.dumps(ack["blocks"])
    assert "In the model's words" not in json.dumps(ack["blocks"])
    [respond] = server.standin.wait_for("respond")
    assert respond.path == "/respond/cmd"
    assert respond.params["replace_original"] is True
    assert respond.params["response_type"] == "ephemeral"
    shown = respond.text_of_blocks
    assert "In the model's words" in shown
    assert "Written by a language model (standin-model-1)" in shown
    # The sentence is escaped like user text and its citation links to the quoted source.
    assert (
        f"Acme waits &lt;!here&gt; three weeks for refunds. <https://support.example.com/t/1|[F{fid}]>"
        in shown
    )
    # The deterministic answer (with the quote) is still there under the model's words.
    assert "Returns take three weeks" in shown
    assert len(llm.received) == 1


def test_a_failing_model_leaves_the_deterministic_answer(
    server: SlackServer, llm: LlmStandIn
) -> None:
    seed(server)
    llm.then(Reply(status=500), Reply(status=500))
    response = server.command("/customer", QUESTION)
    assert "Acme" in json.dumps(response.json()["blocks"])
    assert len(llm.wait_for(2)) == 2  # one retry after the first 500
    time.sleep(0.3)  # a replacement would follow the second reply at once
    assert len(llm.received) == 2
    assert server.standin.calls_to("respond") == []


def test_a_tenant_switched_off_sends_nothing_to_the_model(
    server: SlackServer, llm: LlmStandIn
) -> None:
    seed(server)
    switch(server, False)
    response = server.command("/customer", QUESTION)
    assert "Acme" in json.dumps(response.json()["blocks"])
    server.standin.settle(0.5)
    assert llm.received == []
    assert server.standin.calls_to("respond") == []


def test_a_mention_is_posted_then_updated_in_place(server: SlackServer, llm: LlmStandIn) -> None:
    fid = seed(server)
    llm.then(Reply(answer("unknown", ("Refunds are slow for Acme.", [f"F{fid}"]))))
    event = {
        "type": "app_mention",
        "user": USER,
        "channel": CHANNEL,
        "ts": "1700.0001",
        "text": "<@UBOT> should we charge for returns?",
        "event_ts": "1700.0001",
    }
    assert server.event(event, event_id="EvLlm1").status_code == 200
    [post] = server.standin.wait_for("chat.postMessage")
    assert "In the model's words" not in post.text_of_blocks
    [update] = server.standin.wait_for("chat.update")
    assert update.params["channel"] == CHANNEL
    assert update.params["ts"].startswith("1700000000.")
    assert "Refunds are slow for Acme." in update.text_of_blocks
    assert f"Asked by <@{USER}>" in update.text_of_blocks
    assert server.standin.methods().index("chat.postMessage") < server.standin.methods().index(
        "chat.update"
    )


def test_managers_switch_model_answers_in_the_home_tab(
    server: SlackServer, llm: LlmStandIn
) -> None:
    event = {"type": "app_home_opened", "user": "UBOSS", "channel": "D1", "tab": "home"}
    server.event(event, event_id="EvHomeBoss")
    [home] = server.standin.wait_for("views.publish")
    assert "Model-written answers: on." in home.text_of_blocks
    switch_block = next(b for b in home.blocks if b.get("block_id") == "home_llm")
    assert switch_block["accessory"]["action_id"] == "home_llm_toggle"
    assert switch_block["accessory"]["value"] == "off"
    view = {"id": "VHOME", "type": "home", "private_metadata": ""}
    server.button("home_llm_toggle", "off", user="UBOSS", view=view)
    republished = server.standin.wait_for("views.publish", 2)[1]
    assert "Model-written answers: off." in republished.text_of_blocks
    store = Store(server.db_path)
    assert Workspace(store, TENANT).llm_switched_on() is False
    store.close()
    # Others neither see the switch nor can use it.
    event = {"type": "app_home_opened", "user": USER, "channel": "D1", "tab": "home"}
    server.event(event, event_id="EvHomeUser")
    assert (
        "Model-written answers" not in server.standin.wait_for("views.publish", 3)[2].text_of_blocks
    )
    server.button("home_llm_toggle", "on", user=USER, view=view)
    dm = server.standin.wait_for("chat.postMessage")[0]
    assert "Only managers can switch model-written answers" in dm.text_of_blocks
    store = Store(server.db_path)
    assert Workspace(store, TENANT).llm_switched_on() is False
    store.close()


def test_the_ask_modal_is_updated_with_the_models_words(
    server: SlackServer, llm: LlmStandIn
) -> None:
    fid = seed(server)
    llm.then(Reply(answer("unknown", ("Refunds are slow for Acme.", [f"F{fid}"]))))
    values = {"question": {"question_input": {"type": "plain_text_input", "value": QUESTION}}}
    submitted = server.submit("ask_modal", values, metadata='{"c": "C111"}', view_id="VASK")
    ack = submitted.json()
    assert ack["response_action"] == "update"
    assert "In the model's words" not in json.dumps(ack["view"]["blocks"])
    [update] = server.standin.wait_for("views.update")
    assert update.params["view_id"] == "VASK"
    assert "Refunds are slow for Acme." in update.text_of_blocks
    assert "Returns take three weeks" in update.text_of_blocks


def test_the_home_ask_box_opens_the_answer_then_updates_it(
    server: SlackServer, llm: LlmStandIn
) -> None:
    fid = seed(server)
    llm.then(Reply(answer("unknown", ("Refunds are slow for Acme.", [f"F{fid}"]))))
    home = {"id": "VHOME", "type": "home", "private_metadata": ""}
    server.button("home_ask_input", QUESTION, view=home)
    [opened] = server.standin.wait_for("views.open")
    assert "In the model's words" not in opened.text_of_blocks
    [update] = server.standin.wait_for("views.update")
    assert update.params["view_id"] == "V123"  # the id views.open answered with
    assert "Refunds are slow for Acme." in update.text_of_blocks


def test_when_the_model_disagrees_the_deterministic_verdict_stands(store: Store) -> None:
    from bot.synthesis import Sentence, Synthesis
    from handlers.slack.model_answer import synthesis_blocks
    from handlers.teams.cards import render_answer

    ws = Workspace(store, TENANT, Settings(clock=fixed_clock))
    ws.add_feedback(FeedbackInput("Free returns are why we buy here", customer="Acme"))
    answer_ = ws.answer_for_customer(QUESTION)
    assert answer_.verdict.side == "against" and answer_.verdict.text
    fid = answer_.feedback[0].feedback.id
    replaced = Synthesis("m", "against", (Sentence("Acme wants it.", (f"F{fid}",)),), 0, True)
    blocks = [b.to_dict() for b in synthesis_blocks(replaced, answer_)]
    text = json.dumps(blocks, ensure_ascii=False)
    assert "the verdict stays the one counted from the customers' stances" in text
    assert answer_.verdict.text.split()[0] in text
    card = json.dumps(render_answer(answer_, "en", replaced), ensure_ascii=False)
    assert "the verdict stays the one counted" in card
    agreed = Synthesis("m", "against", replaced.sentences, 0, False)
    assert "the verdict stays" not in json.dumps(
        [b.to_dict() for b in synthesis_blocks(agreed, answer_)]
    )
