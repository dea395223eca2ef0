"""Regenerate the README's screenshots of the HTML view of the samples (what `dealgraph demo` loads).

    .venv/bin/python docs/screenshots.py

Writes docs/html-view.png (the whole graph) and docs/html-view-ownership-2026-03.png (ownership
only, as of March 2026, with the evidence of SpaceX's acquisition of xAI open).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from dealgraph.exports import html
from dealgraph.graph.sqlite import SqliteStore
from dealgraph.loaders import expand, load

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT / "tests" / "exports"))
from chromium import launch  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        store = SqliteStore(Path(tmp) / "store")
        store.add([load(path) for path in expand([str(ROOT / "samples" / "articles")])[0]])
        page_file = Path(tmp) / "view.html"
        html.render(store.snapshot(), page_file, title="dealgraph demo: SpaceX, xAI and Cursor")
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1280, "height": 760})
        page.goto(page_file.as_uri())
        page.wait_for_selector("body[data-ready=true]", state="attached")
        box = page.locator("#network").bounding_box()
        grok = page.evaluate("window.dealgraph.domPosition('grok-v9-medium')")
        page.mouse.click(box["x"] + grok["x"], box["y"] + grok["y"])
        page.mouse.move(box["x"] + box["width"] - 5, box["y"] + box["height"] - 5)  # no hover tooltip
        page.wait_for_timeout(300)
        page.screenshot(path=DOCS / "html-view.png")
        for category in ("data", "product"):
            page.click(f'#legend input[data-filter="{category}"]')
        page.evaluate("window.dealgraph.setAsOf('2026-03')")
        a, b = page.evaluate("['spacex', 'xai'].map((id) => window.dealgraph.domPosition(id))")
        page.mouse.click(box["x"] + (a["x"] + b["x"]) / 2, box["y"] + (a["y"] + b["y"]) / 2)
        page.mouse.move(box["x"] + box["width"] - 5, box["y"] + box["height"] - 5)
        page.wait_for_timeout(300)
        page.screenshot(path=DOCS / "html-view-ownership-2026-03.png")
        browser.close()


if __name__ == "__main__":
    main()
