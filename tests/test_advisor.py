"""The advisor: cited answers, contradicting evidence, thin evidence, bad questions."""

from __future__ import annotations

import json

import pytest

from bot.errors import InvalidInput
from bot.feedback import FeedbackInput
from bot.workspace import Workspace
from tests.helpers import cli


def add(ws: Workspace, text: str, customer: str | None, sentiment: str | None = None) -> int:
    stored, _ = ws.add_feedback(
        FeedbackInput(text, customer=customer, source="survey", sentiment=sentiment)
    )
    return stored.id


def test_answer_cites_principle_strongest_quote_and_the_other_side(ws: Workspace) -> None:
    love = add(ws, "Returns already cost too much and refunds are slow, I am disappointed", "Anna")
    also = add(ws, "Charging for returns would be a terrible idea, I would leave", "Marek")
    # Stance, not sentiment: a happy customer who accepts the fee is the other side (an
    # acceptance on a condition, "if prices stay low", is neutral: tests/test_stance_rules).
    other = add(ws, "Honestly I don't mind paying a small fee for returns", "Bob")
    add(ws, "The dashboard export is great", "Zed")
    answer = ws.answer_for_customer("Should we start charging for returns?")
    ids = [f.feedback.id for f in answer.feedback]
    assert set(ids) == {love, also, other}
    assert answer.principles[0].principle.title == "Keep customers fully informed"
    assert [f.feedback.id for f in answer.contradicting] == [other]
    assert answer.thin_evidence is None
    assert f"[P{answer.principles[0].principle.id}]" in answer.text
    assert f"[F{answer.supporting[0].feedback.id}]" in answer.text
    assert f"Evidence pointing the other way:\n- [F{other}] (for it)" in answer.text
    assert "(Bob, survey)" in answer.text


def test_no_feedback_says_the_evidence_is_thin(ws: Workspace) -> None:
    answer = ws.answer_for_customer("Should we start charging for returns?")
    assert answer.feedback == ()
    assert answer.thin_evidence is not None
    assert "principles alone" in answer.thin_evidence
    assert answer.principles  # a principle always speaks


def test_all_feedback_from_one_customer_is_one_voice(ws: Workspace) -> None:
    add(ws, "Invoices arrive late every month", "Acme")
    add(ws, "Our invoices are wrong again", "Acme")
    answer = ws.answer_for_customer("What do customers say about invoices?")
    assert answer.thin_evidence == (
        "All 2 matching snippets come from one customer (Acme); that is one voice, not a pattern."
    )


def test_question_without_matching_words_falls_back_to_the_deadlock_breaker(ws: Workspace) -> None:
    answer = ws.answer_for_customer("???  zzzqqq")
    assert answer.principles[0].principle.title.startswith("When stuck")


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "question is empty"),
        ("   \n\t ", "question is empty"),
        ("?!?", "no words"),
        ("x" * 1_000_000, "too long"),
    ],
)
def test_bad_questions_get_a_clear_error(ws: Workspace, question: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        ws.answer_for_customer(question)


def test_ask_json_contract(capsys: pytest.CaptureFixture[str], ws: Workspace, db_path) -> None:  # type: ignore[no-untyped-def]
    add(ws, "Refunds take far too long", "Acme")
    ws.store.close()
    code, out, err = cli(
        capsys, "--db", str(db_path), "ask", "--json", "--limit", "3", "How fast are refunds?"
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert set(data) >= {"question", "answer", "principles", "feedback"}
    assert data["question"] == "How fast are refunds?"
    assert data["feedback"][0]["text"] == "Refunds take far too long"
    assert set(data["feedback"][0]) >= {"id", "text", "customer", "segment", "source", "score"}
    assert set(data["principles"][0]) >= {"id", "title", "body", "score"}
    assert len(data["principles"]) <= 3
    scores = [p["score"] for p in data["principles"]]
    assert scores == sorted(scores, reverse=True)


def test_answers_are_deterministic(ws: Workspace) -> None:
    for i in range(20):
        add(ws, f"Shipping delay number {i} made me angry", f"C{i % 4}")
    first = ws.answer_for_customer("Is shipping too slow?").to_json()
    assert all(ws.answer_for_customer("Is shipping too slow?").to_json() == first for _ in range(3))
