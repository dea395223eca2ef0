"""Neo4j backend: loading 10^5 relations with provenance, and canned-query latency next to the embedded store.

    .venv/bin/python benchmarks/neo4j_load.py [--relations 100000] [--per-row 1000] [--runs 5] [--warm-up 5]

Starts its own Neo4j server (tests/neo4j_server: 8 GB heap, 1 GB page cache, the throughput collector
with a 4 GB young generation, see COLLECTORS), generates a
deal graph (tests/neo4j/generated.py: one source quote per claim, ~100 claims a document) and
measures `Neo4jStore.add` of every document into an empty store, the way `push` and a first
`ingest` load:

- staged (the default for large loads, graph/neo4j/bulk.py): --runs loads on a warm server (--warm-up
  loads of another graph of the same size first, as a server in use has seen; a fresh JVM compiles
  as it goes, and the first of those is reported as the cold figure), the median by time reported
  with the range.
  Each load is split into its parts: the Neo4j write (staging transactions, the flip and the
  commit), the Python before it (read inputs, document rows, resolve, relation rows) and the rest;
- one transaction (the path small changes take): the same load with staging switched off;
- one transaction per relation: each relation with its sources in its own transaction, on the
  first --per-row relations, extrapolated;
- query latency: every canned query with one argument set, median of 5, Cypher on Neo4j and
  NetworkX on the embedded store over the same graph;
- staged again on a second server that runs G1, Neo4j's default collector (same warm-up and runs),
  for the comparison.

Writes benchmarks/results/neo4j.json and neo4j.md.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "neo4j_server"), str(ROOT / "tests" / "neo4j")]

from generated import extractions, name  # noqa: E402
from neo4j_server import Neo4jServer  # noqa: E402

from dealgraph.graph.sqlite import SqliteStore  # noqa: E402
from dealgraph.graph.neo4j import Neo4jStore, bulk  # noqa: E402
from dealgraph.graph.neo4j import rows as R  # noqa: E402
from dealgraph.graph.neo4j import store as store_mod  # noqa: E402
from dealgraph.graph.resolve import resolve  # noqa: E402
from dealgraph.queries import REGISTRY  # noqa: E402
from dealgraph.queries import neo4j as cypher_queries  # noqa: E402

RESULTS = Path(__file__).with_name("results")
PAGE_CACHE_MB = 1024
HEAP_GB = 8
# A load keeps each staging transaction's state alive until it commits, so most young objects
# survive a collection. G1 sizes its young generation to a pause target and kept copying that
# state, about 1 s of pauses a load against 0.1 to 0.3 s with a large fixed young generation;
# the results show both collectors.
# AlwaysPreTouch, as in the neo4j.conf Neo4j ships, commits the heap at start, not during a load.
COLLECTORS = {
    "parallel": ("-XX:+UseParallelGC", f"-Xmn{HEAP_GB // 2}g"),
    "G1": ("-XX:+UseG1GC",),
}
N = name
CASES = {
    "ownership-paths": ((N(0), N(3)), {}), "controllers": ((N(3),), {}), "holdings": ((N(0),), {}),
    "data-flow": ((N(12),), {}), "neighbors": ((N(0),), {"depth": 2}), "path": ((N(0), N(15)), {}),
    "timeline": ((N(0),), {}), "deals": ((), {"party": N(0)}), "sources": ((N(0),), {}), "conflicts": ((), {}),
}


def _timed(fn, *args, **kwargs):
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - start, out


def cpu_seconds(pid: int) -> float:
    """CPU time a process has used (user + system, all threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def jvm_args(collector: str) -> tuple[str, ...]:
    return (f"-Xms{HEAP_GB}g", f"-Xmx{HEAP_GB}g", *COLLECTORS[collector], "-XX:+AlwaysPreTouch",
            "-XX:+ExitOnOutOfMemoryError", f"-Ddealgraph.pagecache.mb={PAGE_CACHE_MB}")


def staged_loads(store: Neo4jStore, docs, server_pid: int, runs: int) -> list[dict]:
    """`runs` staged loads, fastest Neo4j write first."""
    return sorted((load(store, docs, server_pid) for _ in range(runs)), key=lambda r: r["neo4j_write_seconds"])


def load(store: Neo4jStore, docs, server_pid: int) -> dict:
    """One Neo4jStore.add of everything into an empty store, with its parts timed, then cleared."""
    parts: dict[str, float] = {}
    real = {"resolve": store_mod.resolve, "rows": R.graph_rows, "prepare": bulk.prepare, "write": bulk.write,
            "sync": store_mod.sync}

    def timed(name):
        def run(*args, **kwargs):
            seconds, out = _timed(real[name], *args, **kwargs)
            parts[name] = parts.get(name, 0.0) + seconds
            return out
        return run

    real_commit = Neo4jStore._commit

    def commit(self, tx, *args):  # tx.commit() follows _commit at once: time it too
        out = real_commit(self, tx, *args)
        tx_commit = tx.commit

        def timed_commit():
            parts["commit"], _ = _timed(tx_commit)
        tx.commit = timed_commit
        return out

    store_mod.resolve, R.graph_rows, bulk.prepare, bulk.write, store_mod.sync = (timed(n) for n in real)
    Neo4jStore._commit = commit
    server_cpu = cpu_seconds(server_pid)
    try:
        total, _ = _timed(store.add, docs)
    finally:
        store_mod.resolve, R.graph_rows, bulk.prepare, bulk.write, store_mod.sync = real.values()
        Neo4jStore._commit = real_commit
    server_cpu = cpu_seconds(server_pid) - server_cpu
    relations, staged = store.stats["relations"], store.stats.get("staging transactions", 0)
    store.clear()
    write = parts.get("write", parts.get("sync", 0.0)) + parts["commit"]
    return {"relations": relations, "claims": sum(len(d.claims) for d in docs), "documents": len(docs),
            "staging_transactions": staged, "seconds": total, "neo4j_write_seconds": write,
            "python_seconds": parts["resolve"] + parts["rows"] + parts.get("prepare", 0.0),
            "server_cpu_seconds": server_cpu,
            "parts": parts, "relations_per_second": relations / total,
            "neo4j_relations_per_second": relations / write}


def per_row(store: Neo4jStore, snap, sample: int) -> dict:
    """Each of `sample` relations (with its claims) in a transaction of its own."""
    rows = R.graph_rows(snap)
    base = R.GraphRows(rows.entities, {}, {})
    with store.conn.session() as s, s.begin_transaction() as tx:
        store_mod.sync(tx, R.GraphRows({}, {}, {}), base)
        tx.commit()
    picked = list(rows.relations)[:sample]
    start = time.perf_counter()
    with store.conn.session() as s:
        for fid in picked:
            with s.begin_transaction() as tx:
                store_mod.sync(tx, base, R.GraphRows(rows.entities, {fid: rows.relations[fid]}, {}))
                tx.commit()
    seconds = time.perf_counter() - start
    return {"relations": len(picked), "seconds": seconds, "relations_per_second": len(picked) / seconds,
            "extrapolated_seconds_for_all": seconds / len(picked) * len(rows.relations)}


def latency(store: Neo4jStore, snap, runs: int) -> list[dict]:
    out = []
    for query, (args, kwargs) in CASES.items():
        neo = [_timed(cypher_queries.run, store, query, *args, **kwargs) for _ in range(runs)]
        emb = [_timed(REGISTRY[query], snap, *args, **kwargs) for _ in range(runs)]
        assert neo[0][1].equals(emb[0][1]), f"{query}: the backends disagree"
        out.append({"query": query, "args": [*args, *(f"--{k.replace('_', '-')} {v}" for k, v in kwargs.items())],
                    "rows": len(emb[0][1]), "neo4j_ms": statistics.median(t for t, _ in neo) * 1000,
                    "embedded_ms": statistics.median(t for t, _ in emb) * 1000})
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--relations", type=int, default=100_000)
    parser.add_argument("--per-row", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warm-up", type=int, default=5, help="loads of another graph before the measured ones")
    args = parser.parse_args(argv)

    docs = extractions(args.relations, per_document=100, seed=11)
    warm_up = extractions(args.relations, per_document=100, seed=5)
    with Neo4jServer(jvm_args=jvm_args("parallel")) as server, \
            Neo4jStore(server.uri, server.user, server.password) as store:
        store.setup()
        cold = [load(store, warm_up, server.pid) for _ in range(max(1, args.warm_up))][0]
        load_average = os.getloadavg()
        staged = staged_loads(store, docs, server.pid, args.runs)
        bulk_min, bulk.MIN_RELATIONS = bulk.MIN_RELATIONS, 10**12
        try:
            one = load(store, docs, server.pid)
        finally:
            bulk.MIN_RELATIONS = bulk_min
        embedded_store = SqliteStore(tempfile.mkdtemp(prefix="dealgraph-bench-"))
        embedded_store.add(extractions(args.relations, per_document=100, seed=11))
        embedded = embedded_store.snapshot()
        embedded_resolve, _ = _timed(resolve, list(embedded_store.extractions()), [], embedded_store.schema)
        store.add(docs)
        queries = latency(store, embedded, 5)
        store.clear()
        row = per_row(store, resolve(docs, [], store.schema), args.per_row)
    with Neo4jServer(jvm_args=jvm_args("G1")) as server, Neo4jStore(server.uri, server.user, server.password) as store:
        store.setup()
        for _ in range(max(1, args.warm_up)):
            load(store, warm_up, server.pid)
        g1 = staged_loads(store, docs, server.pid, args.runs)
    result = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_average": load_average,
                    "neo4j": f"5.26 Community (tests/neo4j_server), heap {HEAP_GB} GB, page cache {PAGE_CACHE_MB} MB",
                    "jvm": jvm_args("parallel")},
        "staged": staged[len(staged) // 2], "staged_runs": staged, "one_transaction": one,
        "staged_g1": g1[len(g1) // 2], "staged_g1_runs": g1, "jvm_g1": jvm_args("G1"),
        "first_load_cold_server": cold, "embedded_resolve_seconds": embedded_resolve, "per_row": row,
        "queries": queries,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "neo4j.json").write_text(json.dumps(result, indent=1) + "\n")
    (RESULTS / "neo4j.md").write_text(markdown(result))
    print(markdown(result))
    return 0


def markdown(r: dict) -> str:
    b, one, c, p, g1 = r["staged"], r["one_transaction"], r["first_load_cold_server"], r["per_row"], r["staged_g1"]
    rates = [x["neo4j_relations_per_second"] for x in r["staged_runs"]]
    g1_rates = [x["neo4j_relations_per_second"] for x in r["staged_g1_runs"]]
    bp = b["parts"]
    lines = [
        f"Load average when the measured loads started: {', '.join(f'{x:.1f}' for x in r['machine']['load_average'])} "
        f"(1, 5, 15 min) on {r['machine']['cpus']} cores; {r['machine']['neo4j']}; JVM "
        f"`{' '.join(r['machine']['jvm'])}`.",
        "",
        f"| loading {b['relations']:,} relations with provenance into an empty store | seconds | relations/s |",
        "|---|---:|---:|",
        f"| **staged** ({b['staging_transactions']} transactions, {bulk.WORKERS} at a time), Neo4j write: "
        f"staging, flip, commit (median of {len(rates)}; range {min(rates):,.0f} to {max(rates):,.0f}/s) | "
        f"{b['neo4j_write_seconds']:.1f} | **{b['neo4j_relations_per_second']:,.0f}** |",
        f"| staged, end to end (`Neo4jStore.add`: read, resolve, rows, documents, graph) | {b['seconds']:.1f} | "
        f"{b['relations_per_second']:,.0f} |",
        f"| staged, Neo4j write, server on G1 (Neo4j's default collector; median of {len(g1_rates)}, range "
        f"{min(g1_rates):,.0f} to {max(g1_rates):,.0f}/s) | {g1['neo4j_write_seconds']:.1f} | "
        f"{g1['neo4j_relations_per_second']:,.0f} |",
        f"| one transaction, Neo4j write: statements + commit | {one['neo4j_write_seconds']:.1f} | "
        f"{one['neo4j_relations_per_second']:,.0f} |",
        f"| one transaction, end to end | {one['seconds']:.1f} | {one['relations_per_second']:,.0f} |",
        f"| one transaction per relation (measured on {p['relations']:,}, extrapolated) | "
        f"{p['extrapolated_seconds_for_all']:.0f} | {p['relations_per_second']:,.0f} |",
        f"| first staged load on a fresh server (JIT cold), Neo4j write | {c['neo4j_write_seconds']:.1f} | "
        f"{c['neo4j_relations_per_second']:,.0f} |",
        "",
        f"Median staged load: resolve {bp['resolve']:.1f} s and relation rows "
        f"{bp.get('rows', 0.0) + bp['prepare']:.1f} s in Python, "
        f"then the Neo4j write {b['neo4j_write_seconds']:.1f} s (staging and flip {bp['write']:.1f} s, commit "
        f"{bp['commit']:.1f} s); the rest of the {b['seconds']:.1f} s is reading the store and writing the "
        f"{b['documents']:,} documents with their gzipped extractions. Server CPU over the whole add: "
        f"{b['server_cpu_seconds']:.1f} s. Each relation carries its sources ({b['claims']:,} claims) as "
        "parallel lists.",
        "",
        "| query | arguments | rows | Neo4j (Cypher) ms | embedded (NetworkX) ms |",
        "|---|---|---:|---:|---:|",
    ]
    lines += [f"| {q['query']} | {' '.join(q['args'])} | {q['rows']} | {q['neo4j_ms']:.0f} | {q['embedded_ms']:.1f} |"
              for q in r["queries"]]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
