"""Fixtures for the exporters: small stores written in facts files, and a real headless Chromium.

The browser fixture fails (never skips) when /usr/bin/chromium is missing; pages open with the
network off and every request recorded, so a test can assert the page asked for nothing.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from chromium import launch  # tests/exports/chromium.py, shared with benchmarks/html_view.py
from dealgraph.graph.sqlite import SqliteStore
from dealgraph.loaders import load

ROOT = Path(__file__).resolve().parents[2]
SEED_FACTS = ROOT / "samples" / "facts" / "seed-deals.yaml"

XSS_NAME = "<script>window.__pwned = 1</script>Evil Corp"
XSS_IMG = "<img src=x onerror=\"window.__pwned = 2\">"

# Written by us for the tests: hostile names and quotes, a termination and an undated relation.
HOSTILE = {
    "title": "Hostile sample", "published": "2025-05-01",
    "source": {"title": "Report <b>bold</b> & co", "quote": f"A quote with {XSS_IMG} inside"},
    "entities": [{"name": XSS_NAME, "type": "Company", "aliases": [XSS_IMG]},
                 {"name": "Target Labs", "type": "Company"}, {"name": "Widget", "type": "Product"},
                 {"name": "Lone Fund", "type": "Company"}],
    "relations": [
        {"subject": XSS_NAME, "type": "ACQUIRED", "object": "Target Labs", "date": "2024-03", "status": "completed"},
        {"subject": XSS_NAME, "type": "PARTNERS_WITH", "object": "Target Labs", "date": "2023-01"},
        {"subject": XSS_NAME, "type": "TERMINATED_DEAL_WITH", "object": "Target Labs", "date": "2024-09"},
        {"subject": "Target Labs", "type": "DEVELOPS", "object": "Widget"},
        {"subject": "Lone Fund", "type": "INVESTED_IN", "object": "Target Labs", "date": "2025-02",
         "status": "pending"},
    ],
}


def store_from(tmp_path: Path, name: str, facts: dict | None = None, path: Path | None = None):
    if path is None:
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")
    store = SqliteStore(tmp_path / f"{name}-store")
    store.add([load(path)])
    return store


@pytest.fixture
def seed(tmp_path):
    """The shipped sample facts about SpaceX, xAI and Cursor, as a snapshot."""
    return store_from(tmp_path, "seed", path=SEED_FACTS).snapshot()


@pytest.fixture
def hostile(tmp_path):
    return store_from(tmp_path, "hostile", HOSTILE).snapshot()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        try:
            b = launch(pw)
        except RuntimeError as exc:
            pytest.fail(str(exc))
        yield b
        b.close()


class Page:
    """A page opened from disk with the network off; `requests` lists every URL it asked for."""

    def __init__(self, browser, path: Path):
        self.context = browser.new_context(viewport={"width": 1300, "height": 850}, offline=True)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                           else route.abort())  # anything but the file itself fails
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready=true]", state="attached", timeout=30_000)

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)


@pytest.fixture
def open_page(browser):
    pages: list[Page] = []

    def opener(path: Path) -> Page:
        pages.append(Page(browser, path))
        return pages[-1]

    yield opener
    for p in pages:
        p.context.close()
