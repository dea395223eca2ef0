"""Time to interactive of the HTML view in headless Chromium for 500, 5,000 and 20,000 entities.

    .venv/bin/python benchmarks/html_view.py [SIZES...]

Writes benchmarks/results/html.json and html.md. "Interactive" is the moment the page has laid
out the graph, stopped the physics and drawn it (`window.dealgraph.readyAt()`), measured from
navigation start; the render time (Python writing the file) is reported beside it.
"""
from __future__ import annotations

import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

from dealgraph.graph import schema as schema_mod
from dealgraph.graph.model import Entity, Fact
from dealgraph.graph.snapshot import Snapshot

RESULTS = Path(__file__).with_name("results")
SIZES = (500, 5000, 20000)


def synthetic(n: int, seed: int = 1, edges_per_node: float = 2.0) -> Snapshot:
    """A deal-like graph: preferential attachment, schema-valid types, dates over 2020-2026."""
    rng = random.Random(seed)
    schema = schema_mod.load()
    etypes = ["Company"] * 6 + ["Person", "Product", "AIModel", "Platform", "Dataset", "Government"]
    rtypes = list(schema.relation_types)
    statuses = [None, "announced", "completed", "completed", "pending", "expected", "terminated"]
    entities = {f"e{i}": Entity(name=f"Entity {i}", type=rng.choice(etypes), id=f"e{i}") for i in range(n)}
    targets: list[str] = []
    relations, seen = [], set()
    for i in range(1, n):
        for _ in range(max(1, round(rng.expovariate(1 / edges_per_node)))):
            j = rng.choice(targets) if targets and rng.random() < 0.8 else f"e{rng.randrange(i)}"
            s, o = f"e{i}", j
            t = rng.choice(rtypes)
            if (s, t, o) in seen or s == o:
                continue
            seen.add((s, t, o))
            date = rng.choice([None, f"{rng.randint(2020, 2026)}", f"{rng.randint(2020, 2026)}-{rng.randint(1, 12):02d}"])
            relations.append(Fact(id=f"r{len(relations)}", kind="relation", type=t, subject=s, object=o, claims=[],
                                  date=date, status=rng.choice(statuses)))
            targets += [s, o]
    return Snapshot(schema=schema, entities=entities, relations=relations)


def measure(n: int, browser, workdir: Path) -> dict:
    from dealgraph.exports import html

    snap = synthetic(n)
    out = workdir / f"view-{n}.html"
    t0 = time.perf_counter()
    html.render(snap, out)
    render_s = time.perf_counter() - t0
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(out.as_uri())
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=120_000)
    ready_ms = page.evaluate("window.dealgraph.readyAt()")
    shown = page.evaluate("window.dealgraph.visibleNodes().length")
    page.close()
    return {"entities": n, "relations": len(snap.relations), "drawn_entities": shown,
            "render_s": round(render_s, 2), "interactive_s": round(ready_ms / 1000, 2),
            "file_mb": round(out.stat().st_size / 1e6, 1), "requests_other_than_file": len(requests) - 1}


def main(sizes: list[int]) -> None:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "exports"))
    from chromium import launch  # the same launch as the browser tests

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = launch(pw)
        for n in sizes:
            rows.append(measure(n, browser, Path(tmp)))
            print(json.dumps(rows[-1]), flush=True)
        browser.close()
    RESULTS.mkdir(exist_ok=True)
    meta = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}, "
                       f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f} at the end",
            "when": time.strftime("%Y-%m-%d"), "results": rows}
    (RESULTS / "html.json").write_text(json.dumps(meta, indent=1) + "\n")
    lines = ["| entities | relations | drawn | render (s) | interactive in Chromium (s) | file (MB) |",
             "|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['entities']:,} | {r['relations']:,} | {r['drawn_entities']:,} | {r['render_s']} | "
              f"{r['interactive_s']} | {r['file_mb']} |" for r in rows]
    (RESULTS / "html.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or list(SIZES))
