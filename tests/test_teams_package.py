"""`emptychair teams-package` builds a valid Teams app package."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import jsonschema
import pytest

from handlers.teams.package import outline_icon
from tests.helpers import cli
from tests.teams_support import schema_path

APP_ID = "3f1c0b6e-8d2a-4c1e-9b7a-5e4d3c2b1a00"
BOT_ID = "9c2b5d4e-0000-4000-8000-00000000b07a"


def read_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, RGBA rows) of an 8-bit RGBA, unfiltered PNG; checks every CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        chunks[kind] = body
        pos += 12 + length
    width, height, depth, color, *_ = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert (depth, color) == (8, 6)
    raw = zlib.decompress(chunks[b"IDAT"])
    stride = 1 + 4 * width
    rows = [raw[i * stride + 1 : (i + 1) * stride] for i in range(height)]
    return width, height, rows


def test_package_has_a_valid_manifest_and_both_icons(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "app.zip"
    code, stdout, err = cli(
        capsys, "teams-package", "--app-id", APP_ID, "--bot-id", BOT_ID.upper(),
        "--domain", "Chair.Example.com", "-o", str(out),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert stdout == f"wrote {out} (manifest.json, color.png, outline.png)\n"
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(archive.read("manifest.json"))
        color, outline = archive.read("color.png"), archive.read("outline.png")
    schema = json.loads(schema_path("teams-manifest.schema.1.30.json").read_text("utf-8"))
    jsonschema.Draft4Validator(schema).validate(manifest)
    assert manifest["manifestVersion"] == "1.30"
    assert manifest["id"] == APP_ID
    [bot] = manifest["bots"]
    assert (bot["botId"], bot["scopes"]) == (BOT_ID, ["personal", "team", "groupChat"])
    assert [c["title"] for c in bot["commandLists"][0]["commands"]] == [
        "ask", "start", "end", "remind", "decisions", "digest", "report", "help",
    ]  # fmt: skip
    assert bot["supportsFiles"] is True  # the report's file goes through a file consent card
    [command] = manifest["composeExtensions"][0]["commands"]
    assert (command["id"], command["type"], command["context"], command["fetchTask"]) == (
        "saveFeedback", "action", ["message"], True,
    )  # fmt: skip
    assert manifest["webApplicationInfo"] == {
        "id": BOT_ID,
        "resource": f"api://chair.example.com/botid-{BOT_ID}",
    }
    assert manifest["authorization"] == {
        "permissions": {
            "resourceSpecific": [
                {"name": "OnlineMeeting.ReadBasic.Chat", "type": "Application"},
                {"name": "ChannelMeeting.ReadBasic.Group", "type": "Application"},
            ]
        }
    }
    assert manifest["validDomains"] == ["chair.example.com"]
    assert read_png(color)[:2] == (192, 192)
    width, height, rows = read_png(outline)
    assert (width, height) == (32, 32)
    pixels = {bytes(row[i : i + 4]) for row in rows for i in range(0, len(row), 4)}
    assert pixels == {b"\xff\xff\xff\xff", b"\x00\x00\x00\x00"}  # white on transparent


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--app-id", "not-a-guid", "--bot-id", BOT_ID, "--domain", "x.example"],
         "error: --app-id must be a GUID like 00000000-0000-0000-0000-000000000000\n"),
        (["--app-id", APP_ID, "--bot-id", BOT_ID, "--domain", "https://x.example/api"],
         "error: --domain is a host name without https:// or a path, e.g. chair.example.com\n"),
        (["--app-id", APP_ID, "--bot-id", BOT_ID, "--domain", "bad_host!"],
         "error: --domain 'bad_host!' is not a host name\n"),
    ],
)  # fmt: skip
def test_bad_options_are_one_line_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], error: str
) -> None:
    out = tmp_path / "app.zip"
    assert cli(capsys, "teams-package", *args, "-o", str(out)) == (1, "", error)
    assert not out.exists()


def test_the_outline_icon_is_drawn_in_code_without_the_sdk() -> None:
    code = (
        "import sys, handlers.teams.package as p\n"
        "assert p.outline_icon()[:8] == b'\\x89PNG\\r\\n\\x1a\\n'\n"
        "print(sorted(m for m in sys.modules if m.startswith('microsoft_teams')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert outline_icon() == outline_icon()  # deterministic
