"""The HTML report in a real browser: headless Chromium (Debian's package) renders and prints it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from bot.report import build_report
from bot.report_render import render_report
from bot.workspace import Workspace
from tests.test_report import TODAY, history

__all__ = ["history"]  # the fixture, shared with the report's own tests

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
WIDTH, HEIGHT = 1280, 3000
#: The charts' main colour (#1f5fa8), as drawn by matplotlib.
BLUE = (0x1F, 0x5F, 0xA8)


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing on CI (.ci/run installs it)")
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "HOME": str(tmp_path)},
    )


@pytest.fixture
def report_file(ws: Workspace, history: dict[str, int], tmp_path: Path) -> Path:
    report = build_report(ws.store, ws.tenant, since="2026-10-26", until="2026-11-22", today=TODAY)
    path = tmp_path / "report.html"
    path.write_text(render_report(report, "html"), encoding="utf-8")
    return path


def test_chromium_renders_the_charts(report_file: Path, tmp_path: Path) -> None:
    dom = chromium(tmp_path, "--dump-dom", report_file.as_uri()).stdout
    charts = re.findall(
        r'<figure class="chart" id="chart-(\w+)"><figcaption>.*?</figcaption><svg', dom
    )
    assert charts == ["decisions", "shares", "reviews", "principles"]
    assert "stage 1: customer-focused" in dom


def test_the_screenshot_shows_figures_and_charts(report_file: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    chromium(
        tmp_path, f"--window-size={WIDTH},{HEIGHT}", f"--screenshot={shot}", report_file.as_uri()
    )
    image = Image.open(shot).convert("RGB")
    assert image.size == (WIDTH, HEIGHT)
    small = image.resize((WIDTH // 4, HEIGHT // 4))
    raw = small.tobytes()
    pixels = [tuple(raw[i : i + 3]) for i in range(0, len(raw), 3)]
    ink = sum(1 for p in pixels if sum(p) < 600) / len(pixels)
    assert 0.02 < ink < 0.6  # text and charts, neither blank nor a solid block
    blue = sum(1 for p in pixels if all(abs(a - b) < 40 for a, b in zip(p, BLUE, strict=True)))
    assert blue > 200  # the charts' bars and lines are drawn


def test_it_prints(report_file: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", report_file.as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert 2 <= pages <= 8
