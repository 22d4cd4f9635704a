"""The answer measured on a labelled set written for it (tests/eval/answer_*.jsonl).

answer_snippets.jsonl: 150 snippets on 15 topics in English, Polish, Japanese, Chinese
and Thai, each marked `evidence`, `near-duplicate` (a copy of another snippet with small
edits) or `distractor` (shares a word with the topic's questions, not the topic).
answer_questions.jsonl: 62 questions in the five languages (some negated, two with no
evidence at all), each with the side customers are on, the stance of every snippet that
bears on it, the snippets of its topic that take a side (`top5`: any of them fills a
slot of the top 5 well; they come in at least three languages) and the distractors. The labels say what a careful reader decides; do not edit them to
make this test pass. Run with `pytest -s` to see the figures.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.i18n import normalize
from bot.models import Answer
from bot.store import Store
from bot.workspace import Workspace
from tests.helpers import FIXED_NOW

EVAL = Path(__file__).resolve().parent / "eval"
SNIPPETS = EVAL / "answer_snippets.jsonl"
QUESTIONS = EVAL / "answer_questions.jsonl"
LANGUAGES = ("en", "pl", "ja", "zh", "th")
OPPOSITE = {"for": "against", "against": "for"}


def _read(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@dataclass
class Figures:
    """What the answers got right, counted over the whole set."""

    questions: int = 0
    side_right: int = 0
    contradicting: int = 0
    contradicting_right: int = 0
    expected: int = 0
    expected_found: int = 0
    top3: int = 0
    top3_distractors: int = 0
    language_right: int = 0
    cross_language_questions: int = 0
    cross_language_shown: int = 0

    def rates(self) -> dict[str, float]:
        return {
            "side_accuracy": self.side_right / self.questions,
            "contradicting_precision": (
                self.contradicting_right / self.contradicting if self.contradicting else 1.0
            ),
            "evidence_in_top5": self.expected_found / self.expected,
            "distractors_in_top3": self.top3_distractors / self.top3 if self.top3 else 0.0,
            "language_right": self.language_right / self.questions,
            "top5_has_another_language": (
                self.cross_language_shown / self.cross_language_questions
            ),
        }


def test_eval_set_is_well_formed() -> None:
    snippets = _read(SNIPPETS)
    questions = _read(QUESTIONS)
    ids = {s["id"] for s in snippets}
    assert len(ids) == len(snippets) >= 150
    kinds = Counter(s["kind"] for s in snippets)
    assert kinds["near-duplicate"] >= 10 and kinds["distractor"] >= 20
    assert all(s.get("duplicate_of") in ids for s in snippets if s["kind"] == "near-duplicate")
    assert {s["language"] for s in snippets} == set(LANGUAGES)
    assert len(questions) >= 60
    assert all(Counter(q["language"] for q in questions)[lang] >= 9 for lang in LANGUAGES)
    for q in questions:
        assert q["side"] in {"for", "against", "mixed", "unknown"}, q["id"]
        assert set(q["stances"]) <= ids and set(q["top5"]) <= set(q["stances"]), q["id"]
        top_languages = {s["language"] for s in snippets if s["id"] in q["top5"]}
        assert not q["top5"] or len(top_languages) >= 3, q["id"]
        assert set(q["stances"].values()) <= {"for", "against", "neutral"}, q["id"]
        assert not set(q["distractors"]) & set(q["stances"]), q["id"]
        languages = {s["language"] for s in snippets if s["id"] in q["stances"]}
        assert not q["stances"] or len(languages) >= 3, q["id"]


def _import(ws: Workspace, tmp_path: Path) -> dict[int, str]:
    snippets = _read(SNIPPETS)
    path = tmp_path / "answer.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(
            handle, ["text", "customer", "segment", "source", "created_at", "external_id"]
        )
        writer.writeheader()
        for s in snippets:
            writer.writerow(
                {
                    "text": s["text"],
                    "customer": s["customer"],
                    "segment": s["segment"],
                    "source": "eval",
                    "created_at": s["created_at"],
                    "external_id": s["id"],
                }
            )
    result = ws.import_feedback(path)
    assert result.added == len(snippets)
    return {f.id: f.external_id or "" for f in ws.get_feedback(list(range(1, 1000))).values()}


def _verdict_language_right(answer: Answer, language: str) -> bool:
    """The verdict is written for the question's language (English when unsupported)."""
    return (
        answer.language == language
        and answer.verdict.text != ""
        and (normalize(answer.language) == (language if language in LANGUAGES else "en"))
    )


def _score(ws: Workspace, names: dict[int, str]) -> tuple[Figures, list[str]]:
    figures = Figures()
    misses = []
    # A near-duplicate shown in place of the snippet it copies counts as that snippet.
    original = {s["id"]: s.get("duplicate_of", s["id"]) for s in _read(SNIPPETS)}
    language = {s["id"]: s["language"] for s in _read(SNIPPETS)}
    for q in _read(QUESTIONS):
        answer = ws.answer_for_customer(q["question"], limit=5)
        shown = [original[names[f.feedback.id]] for f in answer.feedback]
        figures.questions += 1
        figures.side_right += answer.verdict.side == q["side"]
        figures.language_right += _verdict_language_right(answer, q["language"])
        for f in answer.contradicting:
            figures.contradicting += 1
            label = q["stances"].get(original[names[f.feedback.id]])
            right = label == OPPOSITE.get(answer.verdict.side)
            figures.contradicting_right += right
            if not right:
                misses.append(f"  {q['id']}: contradicting {original[names[f.feedback.id]]}")
        # Any labelled evidence fills a slot well; the top 5 cannot hold more than five.
        figures.expected += min(5, len(q["top5"]))
        figures.expected_found += min(5, sum(1 for sid in set(shown) if sid in q["top5"]))
        if q["top5"]:
            figures.cross_language_questions += 1
            figures.cross_language_shown += any(
                language[sid] != q["language"] for sid in shown if sid in q["top5"]
            )
        figures.top3 += len(shown[:3])
        figures.top3_distractors += sum(1 for sid in shown[:3] if sid in q["distractors"])
        if answer.verdict.side != q["side"]:
            misses.append(
                f"  {q['id']} {q['question']!r}: side {answer.verdict.side} (want {q['side']});"
                f" shown {[(s, q['stances'].get(s, '-')) for s in shown]};"
                f" missing {sorted(set(q['top5']) - set(shown))}"
            )
    return figures, misses


def test_answer_quality_on_the_labelled_set(tmp_path: Path) -> None:
    store = Store(tmp_path / "answer-eval.db")
    try:
        ws = Workspace(store, "eval")
        ws.settings = ws.settings.__class__(clock=lambda: FIXED_NOW)
        names = _import(ws, tmp_path)
        figures, misses = _score(ws, names)
    finally:
        store.close()
    rates = figures.rates()
    report = "\n".join(
        [f"answer eval over {figures.questions} questions:"]
        + [f"  {name}: {value:.3f}" for name, value in rates.items()]
        + ["misses:", *misses]
    )
    print("\n" + report)  # shown with pytest -s
    assert rates["side_accuracy"] >= 0.9, report
    assert rates["contradicting_precision"] >= 0.9, report
    assert rates["evidence_in_top5"] >= 0.8, report
    assert rates["distractors_in_top3"] <= 0.05, report
    assert rates["language_right"] == 1.0, report
    assert rates["top5_has_another_language"] >= 0.8, report
