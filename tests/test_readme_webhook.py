"""The README's webhook example works as written: a fresh database, a real server, curl."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bot.store import Store

ROOT = Path(__file__).resolve().parents[1]
MARKER = "<!-- webhook: tests/test_readme_webhook.py runs this block -->"


def webhook_block() -> str:
    """The shell block after the marker in the README."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split(MARKER, 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.skipif(
    not (shutil.which("bash") and shutil.which("openssl") and shutil.which("curl")),
    reason="needs bash, openssl and curl, as the README does",
)
def test_the_webhook_example_stores_the_snippet_once(tmp_path: Path) -> None:
    block = webhook_block()
    assert "emptychair webhook secret" in block and "curl -X POST" in block
    # As written, but on a free port: other test runs may share the machine.
    script = block.replace("3000", str(free_port()))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EMPTYCHAIR_", "SLACK_"))}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    process = subprocess.Popen(
        ["bash", "-e", "-c", script],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the server ends with it
    )
    try:
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(10)
    assert process.returncode == 0, err
    assert out == '{"ok":true,"stored":[1],"duplicates":[]}'
    store = Store(tmp_path / "emptychair.db")
    try:
        rows = store.query("SELECT tenant, source, text, external_id FROM feedback")
    finally:
        store.close()
    assert rows == [
        {
            "tenant": "default",
            "source": "webhook",
            "text": "The new checkout is much faster",
            "external_id": "resp-1",
        }
    ]
