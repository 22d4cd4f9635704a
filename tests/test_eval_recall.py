"""Recall@5 of the advisor on a hand-labelled, multilingual evaluation set.

tests/eval/feedback.jsonl holds customer snippets in English, Polish, Chinese,
Japanese and Thai; tests/eval/questions.jsonl holds meeting questions, each with
`must_find`: the feedback external ids and built-in principle keys
("principle:<key>") a good answer must show among its top 5. The labels say what a
person would expect to see, not what the retrieval happens to return; do not edit
them to make this test pass.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.principles import builtin_principle, builtin_principles
from bot.store import Store
from bot.workspace import Workspace

EVAL = Path(__file__).resolve().parent / "eval"
FEEDBACK = EVAL / "feedback.jsonl"
QUESTIONS = EVAL / "questions.jsonl"
TOP_K = 5
MIN_RECALL = 0.9
LANGUAGES = ("en", "pl", "zh", "ja", "th")
PRINCIPLE_PREFIX = "principle:"
SENTIMENTS = {"positive", "negative", "neutral", "mixed"}


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@dataclass(frozen=True)
class Outcome:
    """What one question retrieved against what it had to."""

    qid: str
    language: str
    question: str
    must_find: tuple[str, ...]
    missed: tuple[str, ...]
    feedback: tuple[str, ...]
    principles: tuple[str, ...]

    @property
    def found(self) -> int:
        return len(self.must_find) - len(self.missed)


def test_eval_set_is_well_formed() -> None:
    snippets = _read_jsonl(FEEDBACK)
    questions = _read_jsonl(QUESTIONS)

    ids = [s["external_id"] for s in snippets]
    assert len(ids) == len(set(ids)), "duplicate external_id"
    assert len(snippets) >= 150
    for s in snippets:
        assert s["text"].strip() and s["customer"] and s["source"] and s["segment"], s
        assert s["sentiment"] in SENTIMENTS, s
    per_language = Counter(s["language"] for s in snippets)
    assert all(per_language[lang] >= 25 for lang in LANGUAGES), per_language
    assert len({s["customer"] for s in snippets}) >= 60

    assert len(questions) >= 40
    qids = [q["id"] for q in questions]
    assert len(qids) == len(set(qids)), "duplicate question id"
    asked = Counter(q["language"] for q in questions)
    assert len(asked) >= 5 and all(asked[lang] >= 9 for lang in LANGUAGES), asked

    known = set(ids)
    keys = {p["key"] for p in builtin_principles()}
    for q in questions:
        must = q["must_find"]
        assert 1 <= len(must) <= 3 and len(set(must)) == len(must), q
        for item in must:
            if item.startswith(PRINCIPLE_PREFIX):
                assert item.removeprefix(PRINCIPLE_PREFIX) in keys, (q["id"], item)
            else:
                assert item in known, (q["id"], item)


def _evaluate(ws: Workspace) -> list[Outcome]:
    ws.principles()  # loads the built-in library, so the keys below resolve
    principle_key = {
        p.id: p_key
        for p_key in (item["key"] for item in builtin_principles())
        if (p := builtin_principle(ws.store, ws.tenant, p_key)) is not None
    }
    outcomes = []
    for q in _read_jsonl(QUESTIONS):
        answer = ws.answer_for_customer(q["question"], limit=TOP_K)
        got_feedback = tuple(sf.feedback.external_id or "" for sf in answer.feedback)
        got_principles = tuple(
            PRINCIPLE_PREFIX + principle_key.get(sp.principle.id, f"#{sp.principle.id}")
            for sp in answer.principles
        )
        retrieved = set(got_feedback) | set(got_principles)
        must = tuple(q["must_find"])
        outcomes.append(
            Outcome(
                qid=q["id"],
                language=q["language"],
                question=q["question"],
                must_find=must,
                missed=tuple(m for m in must if m not in retrieved),
                feedback=got_feedback,
                principles=got_principles,
            )
        )
    return outcomes


def _report(outcomes: list[Outcome]) -> tuple[float, str]:
    found: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    for o in outcomes:
        found[o.language] += o.found
        total[o.language] += len(o.must_find)
    recall = sum(found.values()) / sum(total.values())
    lines = [f"recall@{TOP_K} overall: {recall:.3f} ({sum(found.values())}/{sum(total.values())})"]
    order = [lang for lang in LANGUAGES if lang in total] + sorted(set(total) - set(LANGUAGES))
    for lang in order:
        lines.append(
            f"  {lang}: {found[lang] / total[lang]:.3f} ({found[lang]}/{total[lang]})"
            f" over {sum(o.language == lang for o in outcomes)} questions"
        )
    misses = [o for o in outcomes if o.missed]
    if misses:
        lines.append("missed:")
    for o in misses:
        lines.append(
            f"  {o.qid} {o.question!r}: missed {list(o.missed)};"
            f" got feedback {list(o.feedback)}, principles {list(o.principles)}"
        )
    return recall, "\n".join(lines)


# Measured recall@5 on this set was 0.828 when it was written; searching without the
# question's phrasing words ("should we", "ですか") brought it to 0.948. The remaining
# misses are synonyms a lexical search cannot join (涨价 / 上涨, late / delay).
def test_recall_at_5(tmp_path: Path) -> None:
    store = Store(tmp_path / "eval.db")
    try:
        ws = Workspace(store, "eval")
        result = ws.import_feedback(FEEDBACK)
        assert result.added == result.rows == len(_read_jsonl(FEEDBACK))
        recall, report = _report(_evaluate(ws))
    finally:
        store.close()
    print("\n" + report)  # shown with pytest -s
    assert recall >= MIN_RECALL, report
