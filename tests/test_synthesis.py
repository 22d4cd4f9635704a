"""The optional model-written answer against a local OpenAI-compatible stand-in server."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import Settings
from bot.errors import ConfigError
from bot.feedback import FeedbackInput
from bot.llm import Caller, LlmSettings
from bot.store import Store
from bot.synthesis import Evidence, Sentence, Source, Synthesis, contradicts, validate
from bot.workspace import Workspace
from tests.helpers import FIXED_NOW, cli, fixed_clock
from tests.llm_standin import MODEL, LlmStandIn, Reply, answer, completion

QUESTION = "Should we start charging for returns?"


def workspace(store: Store, llm: LlmStandIn | None, **kwargs: object) -> Workspace:
    settings = Settings(llm=llm.settings(**kwargs) if llm else None, clock=fixed_clock)
    return Workspace(store, "default", settings)


def seed(ws: Workspace) -> dict[str, int]:
    ids = {}
    for key, item in {
        "slow": FeedbackInput(
            "Returns take three weeks and the refund is slow; write to ann@acme.com",
            customer="Acme",
            segment="enterprise",
            url="https://support.example.com/t/1",
            sentiment="negative",
        ),
        "free": FeedbackInput(
            "Free returns are why we buy here, call +48 601 234 567",
            customer="Globex",
            segment="smb",
            sentiment="positive",
        ),
        "other": FeedbackInput("The dark mode is lovely at night", customer="Initech"),
    }.items():
        ids[key] = ws.add_feedback(item)[0].id
    return ids


def no_sleep_caller(waits: list[float]) -> Caller:
    return Caller(sleep=waits.append)


# A good reply ----------------------------------------------------------------------------


def test_a_good_reply_is_shown_with_its_citations(store: Store, llm: LlmStandIn) -> None:
    ws = workspace(store, llm)
    ids = seed(ws)
    answer_ = ws.answer_for_customer(QUESTION)
    slow, free = f"F{ids['slow']}", f"F{ids['free']}"
    # Both customers want returns to stay free: the deterministic verdict is "against".
    assert (answer_.verdict.side, answer_.verdict.against_count) == ("against", 2)
    llm.then(
        Reply(
            answer(
                "against",
                ("Returns are slow for Acme.", [slow]),
                ("Globex buys here for free returns.", [free, slow]),
            )
        )
    )
    result = ws.synthesize(answer_, budget=5)
    assert result == Synthesis(
        model=MODEL,
        side="against",
        sentences=(
            Sentence("Returns are slow for Acme.", (slow,)),
            Sentence("Globex buys here for free returns.", (free, slow)),
        ),
        dropped=0,
    )
    [request] = llm.received
    assert request.path == "/v1/chat/completions"
    body = request.json
    assert body["model"] == MODEL
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["name"] == "empty_chair_answer"
    assert body["response_format"]["json_schema"]["strict"] is True
    assert body["response_format"]["json_schema"]["schema"]["properties"]["side"]["enum"] == [
        "for",
        "against",
        "mixed",
        "unknown",
    ]
    payload = request.payload
    assert payload["question"] == QUESTION and payload["language"] == "en"
    by_id = {s["id"]: s for s in payload["sources"]}
    assert by_id[slow] == {
        "id": slow,
        "text": "Returns take three weeks and the refund is slow; write to [email]",
        "customer": "Acme",
        "segment": "enterprise",
        "stance": "against",
    }
    assert all(key.startswith(("F", "P")) for key in by_id)


def test_the_request_carries_only_cited_sources_and_never_unmasked_contacts(
    store: Store, llm: LlmStandIn
) -> None:
    # The tenant stores feedback unmasked; the request must still carry none of it.
    ws = Workspace(
        store,
        "default",
        Settings(llm=llm.settings(), mask_personal_data=False, clock=fixed_clock),
    )
    ids = seed(ws)
    answer_ = ws.answer_for_customer(QUESTION + " Reply to bob@example.org or 0048 22 123 45 67", 1)
    cited = {f"F{sf.feedback.id}" for sf in answer_.feedback}
    assert len(cited) == 1
    ws.synthesize(answer_, budget=5)
    [request] = llm.received
    raw = request.raw.decode()
    for secret in ("ann@acme.com", "bob@example.org", "601 234 567", "22 123 45 67"):
        assert secret not in raw
    sent = set(request.source_ids)
    assert {s for s in sent if s.startswith("F")} == cited
    # Neither the uncited returns snippet nor the unrelated one left the machine.
    others = {ids["slow"], ids["free"], ids["other"]} - {int(c[1:]) for c in cited}
    for other in others:
        assert f"F{other}" not in sent
    assert "dark mode" not in raw
    # Nothing else about the sources: no URLs, sources or dates.
    assert all(
        set(s) == {"id", "text", "customer", "segment", "stance"}
        for s in request.payload["sources"]
    )
    assert "support.example.com" not in raw


# Replies that must not be shown as they are ----------------------------------------------


def test_uncited_sentences_and_unknown_ids_are_dropped(store: Store, llm: LlmStandIn) -> None:
    ws = workspace(store, llm)
    ids = seed(ws)
    slow = f"F{ids['slow']}"
    llm.then(
        Reply(
            answer(
                "against",
                ("Customers hate paying for returns.", []),
                ("Customer F999 says so.", ["F999"]),
                ("Mixed: real and invented.", [slow, "P999"]),
                ("Acme waits three weeks.", [f"[{slow.lower()}]"]),
            )
        )
    )
    result = ws.synthesize(ws.answer_for_customer(QUESTION), budget=5)
    assert result is not None
    assert result.sentences == (Sentence("Acme waits three weeks.", (slow,)),)
    assert result.dropped == 3
    assert result.to_json() == {
        "model": MODEL,
        "side": "against",
        "sentences": [{"text": "Acme waits three weeks.", "cites": [slow]}],
        "dropped": 3,
    }


def test_a_reply_without_one_cited_sentence_falls_back(store: Store, llm: LlmStandIn) -> None:
    ws = workspace(store, llm)
    seed(ws)
    llm.then(Reply(answer("against", ("Nobody wants that.", []), ("Invented.", ["F424242"]))))
    assert ws.synthesize(ws.answer_for_customer(QUESTION), budget=5) is None


@pytest.mark.parametrize(
    "content",
    [
        "Customers are against it [F1].",
        '{"side": "against"}',
        '{"side": "maybe", "sentences": []}',
        '{"side": "against", "sentences": [{"text": 3, "cites": ["F1"]}]}',
        '{"side": "against", "sentences": [], "extra": 1}',
        '{"side": "against", "sentences": [{"text": "cut off',
    ],
)
def test_a_reply_that_is_not_json_of_the_schema_falls_back(
    store: Store, llm: LlmStandIn, content: str
) -> None:
    ws = workspace(store, llm)
    seed(ws)
    llm.then(Reply(content))
    assert ws.synthesize(ws.answer_for_customer(QUESTION), budget=5) is None
    assert len(llm.received) == 1


def test_a_refusal_or_a_reply_of_another_shape_falls_back(store: Store, llm: LlmStandIn) -> None:
    ws = workspace(store, llm)
    seed(ws)
    refusal = completion("")
    refusal["choices"][0]["message"].update(content=None, refusal="I can't help with that.")
    llm.then(Reply(body=refusal), Reply(body={"object": "list", "data": []}))
    answer_ = ws.answer_for_customer(QUESTION)
    assert ws.synthesize(answer_, budget=5) is None
    assert ws.synthesize(answer_, budget=5) is None


def test_a_side_that_contradicts_the_stance_counts_is_replaced_and_logged(
    store: Store, llm: LlmStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    ws = workspace(store, llm)
    ids = seed(ws)
    # Both customers who spoke want free returns: "for" contradicts 0 for, 2 against.
    llm.then(Reply(answer("for", ("Customers want to pay.", [f"F{ids['slow']}"]))))
    with caplog.at_level(logging.WARNING, logger="bot.synthesis"):
        result = ws.synthesize(ws.answer_for_customer(QUESTION), budget=5)
    assert result is not None
    assert (result.side, result.side_replaced) == ("against", True)
    assert "model side 'for' contradicts the stance counts (0 for, 2 against)" in caplog.text


def evidence(side: str, pro: int, con: int) -> Evidence:
    return Evidence(
        question=QUESTION,
        language="en",
        side=side,  # type: ignore[arg-type]
        for_count=pro,
        against_count=con,
        sources=(Source("F1", "Free returns are why we buy here", "Acme", None, "against"),),
    )


@pytest.mark.parametrize(
    ("model_side", "pro", "con", "det_side", "shown"),
    [
        ("against", 0, 3, "against", "against"),
        ("for", 0, 3, "against", "against"),
        ("mixed", 0, 3, "against", "against"),
        ("unknown", 0, 3, "against", "against"),
        ("for", 2, 1, "mixed", "for"),
        ("against", 2, 1, "mixed", "mixed"),
        ("mixed", 2, 1, "mixed", "mixed"),
        ("for", 0, 0, "unknown", "unknown"),
        ("unknown", 0, 0, "unknown", "unknown"),
    ],
)
def test_the_side_shown_never_contradicts_the_counts(
    model_side: str, pro: int, con: int, det_side: str, shown: str
) -> None:
    content = answer(model_side, ("Acme buys here for free returns.", ["F1"]))
    result = validate(content, evidence(det_side, pro, con), MODEL)
    assert result.side == shown
    assert result.side_replaced == (shown != model_side)
    assert contradicts(model_side, evidence(det_side, pro, con)) == (shown != model_side)  # type: ignore[arg-type]


def test_model_text_cannot_link_or_mention(store: Store, llm: LlmStandIn) -> None:
    content = answer(
        "against",
        (
            "<!channel> see https://evil.example/pay or evil.example, but not "
            "[this](javascript:alert(1)); the ticket is https://support.example.com/t/1.",
            ["F1"],
        ),
    )
    source = Source(
        "F1", "Slow refunds", "Acme", None, "against", "https://support.example.com/t/1"
    )
    result = validate(content, replace(evidence("against", 0, 1), sources=(source,)), MODEL)
    [sentence] = result.sentences
    assert sentence.text == (
        "<!channel> see [link removed] or [link removed], but not "
        "[this] (javascript:alert(1)); the ticket is https://support.example.com/t/1."
    )


# Failures of the call ----------------------------------------------------------------


def test_a_429_is_retried_once_after_retry_after(store: Store, llm: LlmStandIn) -> None:
    ws = workspace(store, llm)
    ids = seed(ws)
    llm.then(
        Reply(status=429, headers={"Retry-After": "2"}),
        Reply(answer("unknown", ("Acme waits.", [f"F{ids['slow']}"]))),
    )
    waits: list[float] = []
    result = ws.synthesize(
        ws.answer_for_customer(QUESTION), budget=5, caller=no_sleep_caller(waits)
    )
    assert result is not None and result.sentences[0].text == "Acme waits."
    assert waits == [2.0]
    assert len(llm.received) == 2


def test_a_retry_after_beyond_the_budget_is_not_waited_for(store: Store, llm: LlmStandIn) -> None:
    ws = workspace(store, llm)
    seed(ws)
    llm.then(Reply(status=429, headers={"Retry-After": "30"}))
    waits: list[float] = []
    assert (
        ws.synthesize(ws.answer_for_customer(QUESTION), budget=5, caller=no_sleep_caller(waits))
        is None
    )
    assert waits == [] and len(llm.received) == 1


def test_a_500_is_retried_once_then_the_answer_falls_back(store: Store, llm: LlmStandIn) -> None:
    ws = workspace(store, llm)
    seed(ws)
    llm.then(Reply(status=500), Reply(status=503), Reply(status=500))
    waits: list[float] = []
    assert (
        ws.synthesize(ws.answer_for_customer(QUESTION), budget=5, caller=no_sleep_caller(waits))
        is None
    )
    assert len(llm.received) == 2 and waits == [0.5]


def test_a_400_is_not_retried(store: Store, llm: LlmStandIn) -> None:
    ws = workspace(store, llm)
    seed(ws)
    llm.then(Reply(status=400))
    assert ws.synthesize(ws.answer_for_customer(QUESTION), budget=5) is None
    assert len(llm.received) == 1


def test_a_hang_past_the_budget_falls_back_in_time(store: Store, llm: LlmStandIn) -> None:
    ws = workspace(store, llm)
    ids = seed(ws)
    llm.then(Reply(answer("unknown", ("Late.", [f"F{ids['slow']}"])), delay=3))
    answer_ = ws.answer_for_customer(QUESTION)
    started = time.monotonic()
    assert ws.synthesize(answer_, budget=0.5) is None
    assert time.monotonic() - started < 2.5  # gave up at the budget, not at the reply
    assert len(llm.received) == 1


def test_an_unreachable_model_falls_back(store: Store) -> None:
    ws = Workspace(
        store,
        "default",
        Settings(llm=LlmSettings("http://127.0.0.1:9/v1", MODEL), clock=fixed_clock),
    )
    seed(ws)
    assert ws.synthesize(ws.answer_for_customer(QUESTION), budget=2) is None


# Off, switched off, capped ----------------------------------------------------------------


def test_unset_variables_mean_no_request(store: Store, llm: LlmStandIn) -> None:
    settings = Settings.from_env({}, clock=fixed_clock)
    assert settings.llm is None
    ws = Workspace(store, "default", settings)
    seed(ws)
    assert ws.synthesize(ws.answer_for_customer(QUESTION), budget=5) is None
    assert llm.received == []


def test_the_cli_json_has_synthesis_null_without_a_model(
    db_path: Path, capsys: pytest.CaptureFixture[str], llm: LlmStandIn
) -> None:
    code, out, _ = cli(
        capsys, "--db", str(db_path), "feedback", "add", "Returns are slow", "--customer", "Acme"
    )
    assert code == 0
    code, out, err = cli(capsys, "--db", str(db_path), "ask", "--json", QUESTION)
    assert (code, err) == (0, "")
    assert json.loads(out)["synthesis"] is None
    assert llm.received == []


def test_the_cli_shows_the_models_words(
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    llm: LlmStandIn,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("EMPTYCHAIR_LLM_BASE_URL", llm.base_url)
    monkeypatch.setenv("EMPTYCHAIR_LLM_MODEL", MODEL)
    monkeypatch.setenv("EMPTYCHAIR_LLM_API_KEY", "sk-test-secret")
    cli(capsys, "--db", str(db_path), "feedback", "add", "Returns are slow", "--customer", "Acme")
    code, out, err = cli(capsys, "--db", str(db_path), "ask", "--json", "--timeout", "5", QUESTION)
    assert (code, err) == (0, "")
    data = json.loads(out)
    feedback_id = data["feedback"][0]["id"]
    # The stand-in cites the first source it was sent (the first principle) and says
    # "unknown", which the deterministic verdict overrules when it found a side.
    assert data["synthesis"] == {
        "model": MODEL,
        "side": data["verdict"]["side"],
        "sentences": [
            {"text": "The customers said so.", "cites": [f"P{data['principles'][0]['id']}"]}
        ],
        "dropped": 0,
    }
    assert llm.received[0].headers["authorization"] == "Bearer sk-test-secret"
    code, out, err = cli(capsys, "--db", str(db_path), "ask", QUESTION)
    assert code == 0
    assert "In the model's words (standin-model-1" in out
    assert f"The customers said so. [P{data['principles'][0]['id']}]" in out
    assert f"F{feedback_id}" in out


def test_a_tenant_switched_off_sends_nothing(
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    llm: LlmStandIn,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("EMPTYCHAIR_LLM_BASE_URL", llm.base_url + "/")
    monkeypatch.setenv("EMPTYCHAIR_LLM_MODEL", MODEL)
    for tenant in ("acme", "globex"):
        cli(capsys, "--db", str(db_path), "--tenant", tenant, "feedback", "add", "Returns are slow")
    code, out, _ = cli(capsys, "--db", str(db_path), "--tenant", "acme", "settings", "llm", "off")
    assert code == 0 and "Model-written answers for acme: off" in out
    code, out, _ = cli(capsys, "--db", str(db_path), "--tenant", "acme", "ask", "--json", QUESTION)
    assert json.loads(out)["synthesis"] is None
    assert llm.received == []
    # Another tenant is not affected.
    code, out, _ = cli(
        capsys, "--db", str(db_path), "--tenant", "globex", "ask", "--json", QUESTION
    )
    assert json.loads(out)["synthesis"] is not None
    assert len(llm.received) == 1
    code, out, _ = cli(
        capsys, "--db", str(db_path), "--tenant", "acme", "settings", "llm", "on", "--json"
    )
    assert json.loads(out) == {
        "tenant": "acme",
        "llm": "on",
        "configured": True,
        "model": MODEL,
        "calls_today": 0,
        "daily_limit": 500,
    }


def test_the_daily_cap_falls_back_quietly_and_resets_the_next_utc_day(
    store: Store, llm: LlmStandIn
) -> None:
    ws = workspace(store, llm, daily_limit=2)
    seed(ws)
    answer_ = ws.answer_for_customer(QUESTION)
    assert ws.synthesize(answer_, budget=5) is not None
    assert ws.synthesize(answer_, budget=5) is not None
    assert ws.synthesize(answer_, budget=5) is None
    assert len(llm.received) == 2 and ws.llm_calls_today() == 2
    # Another tenant has a cap of its own.
    other = Workspace(store, "other", ws.settings)
    other.add_feedback(FeedbackInput("Returns are slow", customer="Acme"))
    assert other.synthesize(other.answer_for_customer(QUESTION), budget=5) is not None
    # The next UTC day (by the workspace's clock) starts again.
    tomorrow = Workspace(
        store, "default", replace(ws.settings, clock=lambda: FIXED_NOW + timedelta(hours=12))
    )
    assert tomorrow.synthesize(answer_, budget=5) is not None
    assert len(llm.received) == 4


# Configuration ------------------------------------------------------------------------


def test_configuration_from_the_environment() -> None:
    env = {
        "EMPTYCHAIR_LLM_BASE_URL": " http://localhost:11434/v1/ ",
        "EMPTYCHAIR_LLM_MODEL": "llama3.1",
        "EMPTYCHAIR_LLM_API_KEY": "sk-secret",
        "EMPTYCHAIR_LLM_DAILY_LIMIT": "20",
    }
    parsed = LlmSettings.from_env(env)
    assert parsed == LlmSettings("http://localhost:11434/v1", "llama3.1", "sk-secret", 20)
    assert parsed is not None
    assert parsed.endpoint == "http://localhost:11434/v1/chat/completions"
    assert "sk-secret" not in repr(parsed)
    assert LlmSettings.from_env({}) is None


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"EMPTYCHAIR_LLM_BASE_URL": "http://localhost:11434"},
            "must be an http(s) URL ending in /v1",
        ),
        ({"EMPTYCHAIR_LLM_BASE_URL": "ftp://host/v1"}, "must be an http(s) URL ending in /v1"),
        ({"EMPTYCHAIR_LLM_BASE_URL": "http://u:p@host/v1"}, "must not contain a user or password"),
        ({"EMPTYCHAIR_LLM_BASE_URL": "http://host/v1"}, "set EMPTYCHAIR_LLM_MODEL too"),
        ({"EMPTYCHAIR_LLM_MODEL": "gpt-4o"}, "EMPTYCHAIR_LLM_BASE_URL is not"),
        ({"EMPTYCHAIR_LLM_DAILY_LIMIT": "-5"}, "EMPTYCHAIR_LLM_DAILY_LIMIT must be a whole number"),
        (
            {"EMPTYCHAIR_LLM_BASE_URL": "http://h/v1", "EMPTYCHAIR_LLM_MODEL": "two words"},
            "must be one word",
        ),
        (
            {
                "EMPTYCHAIR_LLM_BASE_URL": "http://h/v1",
                "EMPTYCHAIR_LLM_MODEL": "m",
                "EMPTYCHAIR_LLM_API_KEY": "a\nb",
            },
            "EMPTYCHAIR_LLM_API_KEY must be one word",
        ),
        (
            {
                "EMPTYCHAIR_LLM_BASE_URL": "http://h/v1",
                "EMPTYCHAIR_LLM_MODEL": "m",
                "EMPTYCHAIR_LLM_DAILY_LIMIT": "0",
            },
            "EMPTYCHAIR_LLM_DAILY_LIMIT must be a whole number",
        ),
        (
            {
                "EMPTYCHAIR_LLM_BASE_URL": "http://h/v1",
                "EMPTYCHAIR_LLM_MODEL": "m",
                "EMPTYCHAIR_LLM_DAILY_LIMIT": "lots",
            },
            "EMPTYCHAIR_LLM_DAILY_LIMIT must be a whole number",
        ),
    ],
)
def test_malformed_configuration_is_one_line_error(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env(env)
    assert message in caught.value.message
    assert "\n" not in caught.value.message


def test_the_cli_reports_bad_configuration_in_one_line(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EMPTYCHAIR_LLM_BASE_URL", "localhost:11434")
    monkeypatch.setenv("EMPTYCHAIR_LLM_MODEL", "llama3.1")
    code, out, err = cli(capsys, "--db", str(db_path), "ask", QUESTION)
    assert code == 1 and out == ""
    assert err == (
        "error: EMPTYCHAIR_LLM_BASE_URL must be an http(s) URL ending in /v1, "
        "e.g. http://localhost:11434/v1\n"
    )
