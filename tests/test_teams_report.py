"""The report in Teams: a card with the figures and, in a personal chat, the HTML file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.teams_support import (
    MEETING_CHAT,
    PERSONAL,
    TeamsHarness,
    activity,
    mention,
    message,
    validate_card,
)

CONSENT = "application/vnd.microsoft.teams.card.file.consent"
UPLOAD_URL = "https://contoso-my.sharepoint.com/personal/ada/upload?tempauth=x"


def attachments(sent: Any) -> list[dict[str, Any]]:
    return list((sent.body or {}).get("attachments") or [])


def seed(teams: TeamsHarness, tmp_path: Path) -> None:
    ws = teams.workspace()
    p = ws.principles()[0].id
    rows = [
        {"title": f"D{i}", "decision": "d", "customer_impact": "c",
         "created_at": f"2026-11-{10 + i:02d}", "principle_ids": [p]}
        for i in range(3)
    ]  # fmt: skip
    path = tmp_path / "log.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    ws.import_decisions(path)


def consent(accept: bool, context: dict[str, Any]) -> dict[str, Any]:
    value: dict[str, Any] = {"type": "fileUpload", "action": "accept" if accept else "decline",
                             "context": context}  # fmt: skip
    if accept:
        value["uploadInfo"] = {
            "contentUrl": "https://contoso-my.sharepoint.com/personal/ada/report.html",
            "name": "customer-report.html",
            "uploadUrl": UPLOAD_URL,
            "uniqueId": "1150D938-8870-4044-9F2C-5BBDEBA70C9D",
            "fileType": "html",
        }
    return activity("invoke", conversation=PERSONAL, name="fileConsent/invoke", value=value)


def test_report_in_a_personal_chat_offers_the_file_and_uploads_it(
    teams: TeamsHarness, tmp_path: Path
) -> None:
    seed(teams, tmp_path)
    teams.post(message("report"))
    [sent] = teams.service.sent
    card, offer = attachments(sent)
    validate_card(card["content"])
    facts = {f["title"]: f["value"] for b in card["content"]["body"] if b["type"] == "FactSet"
             for f in b["facts"]}  # fmt: skip
    assert facts["Decisions"] == "3" and facts["Citing a principle"] == "100%"
    assert offer["contentType"] == CONSENT
    assert offer["name"] == "customer-report-2026-08-24-2026-11-22.html"
    context = offer["content"]["acceptContext"]
    assert context == {"kind": "emptychair-report", "since": "2026-08-24",
                       "until": "2026-11-22", "lang": "en"}  # fmt: skip
    assert offer["content"]["sizeInBytes"] > 10_000
    response = teams.post(consent(True, context))
    assert response.status_code == 200
    upload = next(c for c in teams.service.calls if c.url == UPLOAD_URL)
    assert upload.method == "PUT" and upload.content.startswith(b"<!doctype html>")
    assert upload.content.count(b"<svg") == 4
    info = attachments(teams.service.sent[-1])[0]
    assert info["contentType"] == "application/vnd.microsoft.teams.card.file.info"
    assert info["content"] == {
        "uniqueId": "1150D938-8870-4044-9F2C-5BBDEBA70C9D",
        "fileType": "html",
    }
    # A retried invoke uploads nothing twice.
    calls = len(teams.service.calls)
    retry = consent(True, context)
    retry["id"] = "retry-of-the-same"
    teams.post(retry)
    teams.post(retry)
    assert sum(1 for c in teams.service.calls[calls:] if c.url == UPLOAD_URL) == 1


def test_declined_and_in_a_group_chat(teams: TeamsHarness) -> None:
    context = {"kind": "emptychair-report", "since": "2026-08-24", "until": "2026-11-22"}
    teams.post(consent(False, context))
    assert teams.service.texts() == ["No file then. Send `report` again when you want it."]
    teams.post(mention("report", conversation=MEETING_CHAT))
    [card] = attachments(teams.service.sent[-1])
    texts = [b.get("text") for b in card["content"]["body"]]
    assert "For the HTML file with charts, send me **report** in a personal chat." in texts
    teams.post(mention("report yesterday", conversation=MEETING_CHAT))
    assert teams.service.texts()[-1] == "Since 'yesterday' is not a date (use YYYY-MM-DD)"
