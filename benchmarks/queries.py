"""Query latency on the embedded store, on generated ownership/deal graphs of 10^4, 10^5 and 10^6 relations.

    .venv/bin/python benchmarks/queries.py                      # all sizes, writes benchmarks/results/
    .venv/bin/python benchmarks/queries.py --sizes 10000 --runs 50

Graphs are generated as extractions (no extraction from text; 100 relations a document) and
loaded into a SQLite store: corporate groups where holdings nest a few levels deep, with
cross-holdings, options, data agreements, models trained and deployed, market relations,
terminations, and dates of every precision (some missing). Queries run in one process on the
store's snapshot, as the library does (benchmarks/store.py times whole CLI calls), on random
entities (seeded): controllers on controlled entities, data-flow from entities that send data,
timeline on any; ownership-paths pairs are half reachable (2 to 4 hops), half random. Each call
reads what it walks from the database; p50/p95 are over the calls, `first_ms` is the first one.

Not part of the test suite. Results: benchmarks/results/queries.json and queries.md.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from synthetic import CONTROL, DATA, partial_date, pick  # benchmarks/synthetic.py, beside this script

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
FLOOR_MS = 50.0

OTHER = [("PARTNERS_WITH", 0.45), ("COMPETES_WITH", 0.3), ("EMPLOYED_BY", 0.15), ("TERMINATED_DEAL_WITH", 0.1)]
STATUSES = [("completed", 0.45), ("announced", 0.25), (None, 0.2), ("pending", 0.04), ("expected", 0.03),
            ("terminated", 0.03)]


def generate(n: int, seed: int = 7):
    """(entities, claims) for n relations: entity ids e0..., claims grouped 100 per document."""
    from dealgraph.graph.model import Claim, Entity, Source

    rng = random.Random(seed)
    n_entities = max(50, n // 2)
    kinds = ["Company"] * 7 + ["AIModel", "Platform", "Product"]
    entities = [Entity(name=f"Entity {i}", type=kinds[i % len(kinds)], id=f"e{i}") for i in range(n_entities)]

    def near(u: int) -> int:
        # groups: most links stay among nearby entities, a few jump anywhere
        if rng.random() < 0.1:
            return rng.randrange(n_entities)
        return (u + 1 + int(rng.expovariate(1 / 8))) % n_entities

    claims = []
    for i in range(n):
        r = rng.random()
        table = CONTROL if r < 0.55 else DATA if r < 0.75 else OTHER if r < 0.9 else None
        rtype = "DEVELOPS" if table is None else pick(rng, table)
        u = rng.randrange(n_entities)
        v = near(u)
        if v == u:
            v = (u + 1) % n_entities
        if rtype == "SUBSIDIARY_OF":
            u, v = v, u
        percent = round(rng.uniform(1, 100), 1) if rtype == "OWNS_STAKE_IN" and rng.random() < 0.8 else None
        amount = {"value": float(rng.randint(1, 5000)) * 1e6, "currency": "USD"} if rng.random() < 0.2 else None
        claims.append(Claim(type=rtype, subject=f"e{u}", object=f"e{v}", date=partial_date(rng), status=pick(rng, STATUSES),
                            percent=percent, amount=amount, source=Source(document=f"doc{i // 100}", rule="bench")))
    for i in range(0, n_entities, 20):
        claims.append(Claim(type="FUNDING_ROUND", subject=f"e{i}", date=partial_date(rng), status="completed",
                            source=Source(document=f"doc{i // 100}", rule="bench")))
    return entities, claims


def stored(entities, claims, where: str):
    """A SQLite store in `where` holding these claims, 100 a document; returns its snapshot."""
    from dealgraph.graph.model import Document, Extraction
    from dealgraph.graph.sqlite import SqliteStore

    by_doc: dict[str, list] = {}
    for c in claims:
        by_doc.setdefault(c.source.document, []).append(c)
    known = {e.id: e for e in entities}
    docs = []
    for doc, cs in by_doc.items():
        ids = sorted({x for c in cs for x in (c.subject, c.object) if x is not None})
        docs.append(Extraction(document=Document(id=doc, key=doc, sha256=doc, loader="bench", published="2026-06-01"),
                               entities=[known[i] for i in ids], claims=cs))
    store = SqliteStore(where)
    store.add(docs)
    return store.snapshot()


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"p50_ms": round(statistics.median(ordered) * 1000, 3),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000, 3),
            "runs": len(ordered)}


def _time(fn, calls) -> dict[str, float]:
    samples, rows = [], 0
    for args, kwargs in calls:
        t = time.perf_counter()
        rows += len(fn(*args, **kwargs))
        samples.append(time.perf_counter() - t)
    return {**_percentiles(samples), "mean_rows": round(rows / len(calls), 2)}


def bench_queries(snap, claims, runs: int, seed: int = 11) -> dict:
    from dealgraph.graph import schema
    from dealgraph.queries import asof, controllers, data_flow, ownership_paths, timeline
    from dealgraph.queries.walk import distances

    rng = random.Random(seed)
    ids = sorted({f"entity-{x[1:]}" for c in claims for x in (c.subject, c.object) if x is not None})
    out: dict = {}
    t = time.perf_counter()
    g = asof.view(snap).control()
    timeline(snap, ids[0])
    out["first_ms"] = round((time.perf_counter() - t) * 1000, 3)
    pairs = []
    while len(pairs) < runs:
        s = rng.choice(ids)
        if len(pairs) % 2 == 0:
            reach = [x for x, d in distances(g.succ, s, 4).items() if d >= 2]
            if not reach:
                continue
            pairs.append((s, rng.choice(sorted(reach))))
        else:
            pairs.append((s, rng.choice(ids)))
    # ask about entities the question makes sense for: controlled ones, data holders
    types = schema.load().relation_types
    controlled = sorted({f"entity-{c.object[1:]}" for c in claims if c.object and types[c.type].control})
    senders = sorted({f"entity-{(c.object if types[c.type].flow == 'reverse' else c.subject)[1:]}"
                      for c in claims if c.object and types[c.type].flow})
    out["ownership-paths"] = _time(ownership_paths, [((snap, s, t), {}) for s, t in pairs])
    out["controllers"] = _time(controllers, [((snap, rng.choice(controlled)), {}) for _ in range(runs)])
    out["data-flow"] = _time(data_flow, [((snap, rng.choice(senders)), {}) for _ in range(runs)])
    out["timeline"] = _time(timeline, [((snap, rng.choice(ids)), {}) for _ in range(runs)])
    out["ownership-paths --as-of"] = _time(ownership_paths, [((snap, s, t), {"as_of": "2020-06", "include_pending": True})
                                                             for s, t in pairs])
    return out


def markdown(results: dict) -> str:
    lines = ["| relations | entities | load (s) | first call (ms) | query | p50 (ms) | p95 (ms) | rows |",
             "|---:|---:|---:|---:|---|---:|---:|---:|"]
    for size, r in results["sizes"].items():
        first = True
        for q in ("ownership-paths", "ownership-paths --as-of", "controllers", "data-flow", "timeline"):
            m = r["queries"][q]
            head = (f"| {int(size):,} | {r['entities']:,} | {r['load_s']} | {r['queries']['first_ms']} |"
                    if first else "| | | | |")
            lines.append(f"{head} {q} | {m['p50_ms']} | {m['p95_ms']} | {m['mean_rows']} |")
            first = False
    lines.append("")
    lines += [f"- {line}" for line in results["summary"]]
    loads = ", ".join(f"{int(k):,}: {v['load_average']}" for k, v in results["sizes"].items())
    lines.append(f"- {results['machine']['cpus']} CPUs, Python {results['machine']['python']}; "
                 f"1-minute load average after each size: {loads}")
    return "\n".join(lines) + "\n"


def summarise(results: dict) -> list[str]:
    sizes = sorted(results["sizes"], key=int)
    lo, hi = results["sizes"][sizes[0]], results["sizes"][sizes[-1]]
    out = []
    for q in ("ownership-paths", "controllers", "data-flow", "timeline"):
        a, b = lo["queries"][q]["p50_ms"], hi["queries"][q]["p50_ms"]
        out.append(f"{q}: p50 {a} ms at {int(sizes[0]):,} -> {b} ms at {int(sizes[-1]):,} relations "
                   f"(x{b / a:.1f} for x{int(sizes[-1]) // int(sizes[0])} relations)")
    big = results["sizes"][sizes[-1]]["queries"]
    ok = all(big[q]["p50_ms"] < FLOOR_MS for q in ("ownership-paths", "data-flow"))
    out.append(f"floor (ownership-paths and data-flow p50 < {FLOOR_MS:.0f} ms at {int(sizes[-1]):,}): "
               f"{'met' if ok else 'MISSED'}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated relation counts")
    ap.add_argument("--runs", type=int, default=200, help="calls per query and size")
    ap.add_argument("--out", type=Path, default=RESULTS, help="directory for queries.json and queries.md")
    args = ap.parse_args(argv)
    results: dict = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                 "platform": platform.platform()}, "runs": args.runs, "sizes": {}}
    for size in (int(s) for s in args.sizes.split(",")):
        entities, claims = generate(size)
        with tempfile.TemporaryDirectory(prefix="dg-bench-") as tmp:
            t = time.perf_counter()
            snap = stored(entities, claims, tmp)
            entry = {"load_s": round(time.perf_counter() - t, 2), **snap.stats()}
            entry["queries"] = bench_queries(snap, claims, args.runs)
            snap.close()
            del snap
        gc.collect()
        entry["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        entry["load_average"] = round(os.getloadavg()[0], 1)  # other work on the machine skews latencies
        results["sizes"][str(size)] = entry
        print(json.dumps({size: entry}), file=sys.stderr, flush=True)
        del entities, claims
        gc.collect()
    results["summary"] = summarise(results)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "queries.json").write_text(json.dumps(results, indent=1) + "\n")
    (args.out / "queries.md").write_text(markdown(results))
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
