"""Launching Debian's Chromium for the HTML tests and the benchmark (Playwright never downloads one)."""
from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def launch(playwright):
    """The system Chromium; a clear error (never a skip) when it is not installed."""
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium` "
                           "(tests/run.sh does)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
