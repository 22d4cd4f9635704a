"""The Teams app package: manifest.json (schema 1.30) and two icons drawn in code, zipped.

Upload the zip in Teams (Apps > Manage your apps > Upload an app) or import it into the
Teams Developer Portal. The icons are PNGs written with zlib and struct only.
"""

from __future__ import annotations

import json
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot import __version__
from bot.errors import InvalidInput
from bot.i18n import N_
from bot.store import open_private_bytes
from handlers.teams.cards import SAVE_FEEDBACK_COMMAND

MANIFEST_VERSION = "1.30"
SCHEMA_URL = "https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json"
ACCENT = (0x2F, 0x5D, 0x62)
SCOPES = ["personal", "team", "groupChat"]
#: Resource-specific consent for meeting start and end events in chats and channels.
MEETING_PERMISSIONS = ("OnlineMeeting.ReadBasic.Chat", "ChannelMeeting.ReadBasic.Group")
COMMANDS = (
    ("ask", "What's better for the customer? ask QUESTION"),
    ("start", "Put the empty chair into this chat: start [topic]"),
    ("end", "End the meeting: its decisions, and did the customer have a voice?"),
    ("remind", "Start the chair every week: remind <weekday> <HH:MM> [time zone]"),
    ("decisions", "The decision log: decisions [search]"),
    ("digest", "The weekly digest here every Monday: digest here | off"),
    ("report", "The customer-centricity report: report [since] [until]"),
    ("help", "What Empty Chair can do"),
)

_GUID_RE = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_DOMAIN_RE = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?$")


@dataclass(frozen=True)
class PackageOptions:
    """What differs between installations: the ids and where the server is."""

    app_id: str
    bot_id: str
    domain: str
    version: str = __version__
    developer: str = "Empty Chair"

    def validated(self) -> PackageOptions:
        """The options, or `InvalidInput` naming the first bad one."""
        for name in ("app_id", "bot_id"):
            if not _GUID_RE.match(getattr(self, name).strip()):
                raise InvalidInput(
                    N_("--{option} must be a GUID like 00000000-0000-0000-0000-000000000000"),
                    field=name,
                    option=name.replace("_", "-"),
                )
        domain = self.domain.strip().lower()
        if "://" in domain or "/" in domain:
            raise InvalidInput(
                "--domain is a host name without https:// or a path, e.g. chair.example.com",
                field="domain",
            )
        if not _DOMAIN_RE.match(domain):
            raise InvalidInput(
                N_("--domain {value!r} is not a host name"), field="domain", value=self.domain
            )
        return PackageOptions(
            self.app_id.strip().lower(),
            self.bot_id.strip().lower(),
            domain,
            self.version,
            self.developer,
        )


def manifest(options: PackageOptions) -> dict[str, Any]:
    """The app manifest (schema 1.30) for a bot, its commands and the message action."""
    site = f"https://{options.domain}"
    return {
        "$schema": SCHEMA_URL,
        "manifestVersion": MANIFEST_VERSION,
        "version": options.version,
        "id": options.app_id,
        "developer": {
            "name": options.developer,
            "websiteUrl": site,
            "privacyUrl": f"{site}/privacy",
            "termsOfUseUrl": f"{site}/terms",
        },
        "name": {"short": "Empty Chair", "full": "Empty Chair: keep the customer in the room"},
        "description": {
            "short": "What's better for the customer? Answers, a meeting chair, a decision log.",
            "full": (
                "Empty Chair keeps the customer in the room when your team decides. Ask it "
                "what's better for the customer and get an answer from your principles and "
                "customer feedback, every source cited, with the evidence that points the "
                "other way and a warning when evidence is thin. When a meeting starts it "
                "posts the empty chair: a principle and a real customer's words. Log "
                "decisions with their customer impact, and save any message as customer "
                "feedback."
            ),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#{:02X}{:02X}{:02X}".format(*ACCENT),
        "bots": [
            {
                "botId": options.bot_id,
                "scopes": SCOPES,
                "isNotificationOnly": False,
                # The report's HTML file is sent with a file consent card (personal chat).
                "supportsFiles": True,
                "commandLists": [
                    {
                        "scopes": SCOPES,
                        "commands": [{"title": t, "description": d} for t, d in COMMANDS],
                    }
                ],
            }
        ],
        "composeExtensions": [
            {
                "botId": options.bot_id,
                "commands": [
                    {
                        "id": SAVE_FEEDBACK_COMMAND,
                        "type": "action",
                        "title": "Save as customer feedback",
                        "description": "Store this message as a customer feedback snippet",
                        "context": ["message"],
                        "fetchTask": True,
                    }
                ],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [options.domain],
        "webApplicationInfo": {
            "id": options.bot_id,
            "resource": f"api://{options.domain}/botid-{options.bot_id}",
        },
        "authorization": {
            "permissions": {
                "resourceSpecific": [
                    {"name": name, "type": "Application"} for name in MEETING_PERMISSIONS
                ]
            }
        },
    }


# Icons -----------------------------------------------------------------------------

Pixel = tuple[int, int, int, int]
#: The chair, seen from the front, as rectangles (left, top, right, bottom) in a unit square.
CHAIR: Sequence[tuple[float, float, float, float]] = (
    (0.30, 0.12, 0.70, 0.20),  # top rail of the back
    (0.30, 0.12, 0.38, 0.56),  # left post of the back
    (0.62, 0.12, 0.70, 0.56),  # right post of the back
    (0.30, 0.32, 0.70, 0.38),  # middle rail of the back
    (0.22, 0.52, 0.78, 0.61),  # seat
    (0.25, 0.61, 0.33, 0.88),  # left leg
    (0.67, 0.61, 0.75, 0.88),  # right leg
)


def _in_chair(u: float, v: float) -> bool:
    return any(left <= u < right and top <= v < bottom for left, top, right, bottom in CHAIR)


def png(width: int, height: int, pixel: Callable[[int, int], Pixel]) -> bytes:
    """An 8-bit RGBA PNG from a pixel function."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            rows.extend(pixel(x, y))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


def color_icon(size: int = 192) -> bytes:
    """The full-colour icon: a white chair on the accent colour."""
    white: Pixel = (255, 255, 255, 255)
    accent: Pixel = (*ACCENT, 255)
    return png(
        size, size, lambda x, y: white if _in_chair((x + 0.5) / size, (y + 0.5) / size) else accent
    )


def outline_icon(size: int = 32) -> bytes:
    """The outline icon: the chair in white on a transparent background."""
    white: Pixel = (255, 255, 255, 255)
    clear: Pixel = (0, 0, 0, 0)
    return png(
        size, size, lambda x, y: white if _in_chair((x + 0.5) / size, (y + 0.5) / size) else clear
    )


def build_package(options: PackageOptions, output: Path) -> Path:
    """Write the zip (manifest.json, color.png, outline.png) and return its path."""
    options = options.validated()
    files = {
        "manifest.json": json.dumps(manifest(options), indent=2, ensure_ascii=False).encode(),
        "color.png": color_icon(),
        "outline.png": outline_icon(),
    }
    with (
        open_private_bytes(output) as handle,  # 0600 whatever the umask, like every export
        zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        for name, data in files.items():
            archive.writestr(name, data)
    return output
