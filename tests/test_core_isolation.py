"""The core is a library: importing it loads no chat-platform SDK."""

from __future__ import annotations

import subprocess
import sys


def test_import_bot_loads_no_platform_sdk() -> None:
    code = (
        "import sys, bot, bot.cli, bot.advisor, bot.feedback, bot.principles\n"
        "bad = sorted(m for m in sys.modules"
        " if m.split('.')[0] in ('slack_bolt', 'slack_sdk', 'microsoft_teams'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
