"""Same answers before and after a cold-start change: `ask --json` compared byte for byte.

Runs every question of the answer evaluation set (tests/eval/answer_questions.jsonl), the
recall set (tests/eval/questions.jsonl) and the cold-start benchmark's questions through
`emptychair ask --json` with this checkout and with `--baseline-src` (a checkout of an
older commit), against the evaluation snippets and a generated corpus. This checkout
runs twice, with an empty cache directory and again with the one the first run filled,
so answers built from scratch and from the on-disk caches are both compared.

    python -m bench.answer_identity --baseline-src /tmp/base [--rows 10000]

Exit status 0 when every answer is identical, 1 otherwise (the first differences shown).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import corpus
from bench.cold_cli import QUESTIONS as BENCH_QUESTIONS

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "tests" / "eval"
CLI = (sys.executable, "-m", "handlers.cli")

#: Child mode: answer every question of a JSON list in one process, one document each.
_CHILD = """
import contextlib, io, json, sys
from handlers.cli import run
db, questions = sys.argv[1], json.loads(sys.argv[2])
out = []
for q in questions:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = run(["--db", db, "ask", "--json", q])
    out.append([code, buf.getvalue()])
print(json.dumps(out))
"""


def _questions() -> list[str]:
    found: list[str] = []
    for name in ("answer_questions.jsonl", "questions.jsonl"):
        with (EVAL / name).open(encoding="utf-8") as handle:
            found += [json.loads(line)["question"] for line in handle if line.strip()]
    return list(dict.fromkeys([*found, *BENCH_QUESTIONS]))


def _eval_csv(path: Path) -> None:
    with (EVAL / "answer_snippets.jsonl").open(encoding="utf-8") as handle:
        snippets = [json.loads(line) for line in handle if line.strip()]
    with path.open("w", newline="", encoding="utf-8") as out:
        fields = ["text", "customer", "segment", "source", "created_at", "external_id"]
        writer = csv.DictWriter(out, fields)
        writer.writeheader()
        for s in snippets:
            writer.writerow(
                {**{k: s[k] for k in fields[:3]}, "source": "eval"}
                | {
                    "created_at": s["created_at"],
                    "external_id": s["id"],
                }
            )


def _answers(db: Path, questions: list[str], src: Path | None, cache: Path) -> list[list[object]]:
    env = {**os.environ, "EMPTYCHAIR_CACHE_DIR": str(cache)}
    env.pop("PYTHONPATH", None)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(db), json.dumps(questions)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=str(src or ROOT),
    )
    result: list[list[object]] = json.loads(done.stdout)
    return result


def main(argv: list[str] | None = None) -> int:
    """Build the databases, answer every question three ways, report the differences."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline-src", type=Path, required=True)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args(argv)
    questions = _questions()
    differences = 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        _eval_csv(work / "eval.csv")
        corpus.generate(args.rows, work / "corpus.csv", 7)
        for name in ("eval", "corpus"):
            db = work / f"{name}.db"
            subprocess.run(
                [
                    *CLI,
                    "--db",
                    str(db),
                    "feedback",
                    "import",
                    "--no-progress",
                    f"{work}/{name}.csv",
                ],
                check=True,
                capture_output=True,
                cwd=str(ROOT),
            )
            base = _answers(db, questions, args.baseline_src, work / "cache-base")
            cold = _answers(db, questions, None, work / "cache")
            warm = _answers(db, questions, None, work / "cache")
            for label, got in (("empty cache", cold), ("filled cache", warm)):
                for question, before, after in zip(questions, base, got, strict=True):
                    if before != after:
                        differences += 1
                        if differences <= 5:
                            print(f"DIFFERENT ({name}, {label}): {question}")
                            print(f"  before: {str(before)[:300]}")
                            print(f"  after:  {str(after)[:300]}")
            print(f"{name}: {len(questions)} questions x 2 runs compared with the baseline")
    print("identical" if not differences else f"{differences} answers differ")
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
