"""The answer over the shipped examples/feedback.csv: verdict sides and snippet stances."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.advisor import _QUESTION_WORDS
from bot.answer.question import understand
from bot.answer.stance import stance_of
from handlers.cli import run
from tests.helpers import cli

DATA = Path(__file__).resolve().parent.parent / "bot" / "data"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "feedback.csv"

PRICE_DISRESPECT = (
    "Podwyżka cen o 30% bez uprzedzenia to brak szacunku dla klienta. "
    "Rozważamy rezygnację z abonamentu."
)
PRICE_CHEATED = "涨价前只提前两天通知，而且是自动续订，感觉被坑了。"
SHIPPING_NOTICED = (
    "Podniesienie kosztów wysyłki z 9,99 do 14,99 zł zauważyłem dopiero przy płatności. Nieładnie."
)
CANCEL_ZH = "再涨价我们就取消订阅，去年已经减少了账号数量。"
CANCEL_JA = "また値上げするなら解約を検討します。昨年もライセンス数を減らしました。"


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the shipped example feedback."""
    path = tmp_path_factory.mktemp("examples") / "examples.db"
    assert run(["--db", str(path), "feedback", "import", str(EXAMPLES)]) == 0
    return path


def ask(capsys: pytest.CaptureFixture[str], db: Path, question: str) -> dict[str, object]:
    code, out, err = cli(capsys, "--db", str(db), "ask", "--json", question)
    assert code == 0 and err == ""
    data: dict[str, object] = json.loads(out)
    return data


@pytest.mark.parametrize(
    ("question", "side"),
    [
        ("Should we start charging for returns?", "against"),
        ("Should we raise prices?", "against"),
        ("Should we add dark mode?", "for"),
        ("Should we increase shipping fees?", "against"),
        ("Czy powinniśmy podnieść ceny?", "against"),
        ("Czy usunąć darmowe zwroty?", "against"),
        ("Czy podnieść koszty wysyłki?", "against"),
        ("送料を値上げすべきですか？", "against"),
        ("値上げすべきですか？", "against"),
        ("返品を有料にすべきですか？", "against"),
        ("我们应该涨价吗？", "against"),
        ("我们应该提高运费吗？", "against"),
        ("退货应该收费吗？", "against"),
        ("เราควรขึ้นราคาไหม", "against"),
        ("เราควรเก็บค่าส่งเพิ่มไหม", "against"),
    ],
)
def test_verdict_side_on_the_examples(
    capsys: pytest.CaptureFixture[str], examples_db: Path, question: str, side: str
) -> None:
    data = ask(capsys, examples_db, question)
    verdict = data["verdict"]
    assert isinstance(verdict, dict)
    assert verdict["side"] == side
    # The verdict is not a coin toss: the winning side outnumbers the other clearly.
    other = "for" if side == "against" else "against"
    assert verdict[side] >= 3 * max(verdict[other], 1) or verdict[other] == 0


@pytest.mark.parametrize(
    ("question", "text", "stance"),
    [
        ("Czy powinniśmy podnieść ceny?", PRICE_DISRESPECT, "against"),
        ("Czy powinniśmy podnieść ceny?", PRICE_CHEATED, "against"),
        ("Czy powinniśmy podnieść ceny?", CANCEL_ZH, "against"),
        ("Czy powinniśmy podnieść ceny?", CANCEL_JA, "against"),
        ("送料を値上げすべきですか？", SHIPPING_NOTICED, "against"),
        ("送料を値上げすべきですか？", CANCEL_ZH, "against"),
        ("送料を値上げすべきですか？", CANCEL_JA, "against"),
        ("送料を値上げすべきですか？", PRICE_DISRESPECT, "against"),
        # Asked the other way round, the same complaints are for not raising prices.
        ("Czy nie podnosić cen?", PRICE_DISRESPECT, "for"),
        ("我们不应该涨价吗？", CANCEL_ZH, "for"),
    ],
)
def test_complaints_about_the_change_are_against_it(question: str, text: str, stance: str) -> None:
    assert stance_of(text, understand(question, _QUESTION_WORDS)) == stance


def test_named_snippets_are_shown_against_raising_prices(
    capsys: pytest.CaptureFixture[str], examples_db: Path
) -> None:
    data = ask(capsys, examples_db, "Czy powinniśmy podnieść ceny?")
    feedback = data["feedback"]
    assert isinstance(feedback, list)
    stances = {item["text"]: item["stance"] for item in feedback}
    for text in (PRICE_DISRESPECT, PRICE_CHEATED, CANCEL_ZH):
        assert stances.get(text) == "against", text
    assert all(item["stance"] != "for" or item["id"] in data["contradicting"] for item in feedback)


def test_a_shipping_fee_question_is_about_the_fee_not_the_product_price(
    capsys: pytest.CaptureFixture[str], examples_db: Path
) -> None:
    # Issue 9: the concept and the change are the fee. Churn threats over the product's
    # price (licences, accounts) are evidence for "raise prices", not for the shipping fee.
    data = ask(capsys, examples_db, "送料を値上げすべきですか？")
    feedback = data["feedback"]
    assert isinstance(feedback, list)
    stances = {item["text"]: item["stance"] for item in feedback}
    assert CANCEL_JA not in stances and CANCEL_ZH not in stances
    assert stances.get(SHIPPING_NOTICED) == "against"
    assert data["verdict"]["side"] == "against"  # type: ignore[index]
    prices = ask(capsys, examples_db, "値上げすべきですか？")
    price_stances = {item["text"]: item["stance"] for item in prices["feedback"]}  # type: ignore[attr-defined]
    assert price_stances.get(CANCEL_JA) == "against"


@pytest.mark.parametrize(
    ("question", "imperative_word"),
    [("Czy powinniśmy podnieść ceny?", "klienta"), ("値上げすべきですか？", "顧客")],
)
def test_principle_line_is_in_the_askers_language(
    capsys: pytest.CaptureFixture[str], examples_db: Path, question: str, imperative_word: str
) -> None:
    data = ask(capsys, examples_db, question)
    principles = data["principles"]
    assert isinstance(principles, list) and principles
    assert imperative_word in str(data["imperative"])
    lang = str(data["language"])
    table = json.loads((DATA / f"principles.{lang}.json").read_text(encoding="utf-8"))
    titles = {entry["title"] for entry in table.values()}
    assert principles[0]["title"] in titles
