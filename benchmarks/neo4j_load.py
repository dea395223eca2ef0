"""Neo4j backend: loading 10^5 relations with provenance, and canned-query latency next to the embedded store.

    .venv/bin/python benchmarks/neo4j_load.py [--relations 100000] [--per-row 1000] [--runs 5]

Starts its own Neo4j server (tests/neo4j_server, 8 GB heap with G1, 1 GB page cache: the state of a
10^5-relation transaction lives on the heap, and in 3 GB, full collections took a third of the
write), generates a deal graph (tests/neo4j/generated.py: one source quote per claim, ~100 claims
a document) and measures:

- batched load: `Neo4jStore.add` of every document in ONE transaction (UNWIND batches of 10,000
  rows), end to end (read inputs, resolve, write, commit) and its Neo4j part alone (the write
  statements + commit), on a warm server: a first load of a tenth of the size (measured too, as
  the fresh-JVM figure) is cleared before;
- one transaction per relation: each relation with its sources in its own transaction
  (the same statements with one-row batches), on the first --per-row relations, extrapolated;
- query latency: every canned query with one argument set, median of --runs, Cypher on Neo4j and
  NetworkX on the embedded store over the same graph (the embedded snapshot is resolved beforehand).

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

from dealgraph.graph.memory import MemoryStore  # noqa: E402
from dealgraph.graph.neo4j import Neo4jStore  # noqa: E402
from dealgraph.graph.neo4j import rows as R  # noqa: E402
from dealgraph.graph.neo4j import store as store_mod  # noqa: E402
from dealgraph.graph.resolve import resolve  # noqa: E402
from dealgraph.queries import REGISTRY  # noqa: E402
from dealgraph.queries import neo4j as cypher_queries  # noqa: E402

RESULTS = Path(__file__).with_name("results")
PAGE_CACHE_MB = 1024
HEAP_GB = 8
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


def batched(store: Neo4jStore, docs, server_pid: int) -> dict:
    """One Neo4jStore.add of everything, split into Neo4j's part (statements + commit) and Python's.

    The server's CPU time over the whole add is the figure other processes on the machine do not
    skew (Neo4j does nothing else meanwhile, bar JIT and GC threads).
    """
    parts = {"statements": 0.0}
    server_cpu = cpu_seconds(server_pid)
    real_run, real_read, real_commit = store_mod._run, store_mod._read, Neo4jStore._commit

    def statements(real):
        def timed(*args, **kwargs):
            seconds, out = _timed(real, *args, **kwargs)
            parts["statements"] += seconds
            return out
        return timed

    def commit(self, tx, *args):
        out = real_commit(self, tx, *args)
        parts["before_commit"] = time.perf_counter()
        return out

    store_mod._run, store_mod._read, Neo4jStore._commit = statements(real_run), statements(real_read), commit
    try:
        total, _ = _timed(store.add, docs)
    finally:
        store_mod._run, store_mod._read, Neo4jStore._commit = real_run, real_read, real_commit
    parts["commit"] = time.perf_counter() - parts.pop("before_commit")  # tx.commit() runs right after
    neo4j = parts["statements"] + parts["commit"]
    return {"seconds": total, "neo4j_write_seconds": neo4j, "python_seconds": total - neo4j,
            "server_cpu_seconds": cpu_seconds(server_pid) - server_cpu, **parts}


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


def rates(store: Neo4jStore, load: dict, docs) -> dict:
    relations = len(store.snapshot().relations)
    return {**load, "relations": relations, "claims": sum(len(d.claims) for d in docs), "documents": len(docs),
            "relations_per_second": relations / load["seconds"],
            "neo4j_relations_per_second": relations / load["neo4j_write_seconds"],
            "relations_per_server_cpu_second": relations / load["server_cpu_seconds"]}


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
    args = parser.parse_args(argv)

    docs = extractions(args.relations, per_document=100, seed=11)
    warm_up = extractions(args.relations // 10, per_document=100, seed=5)
    jvm = (f"-Xms{HEAP_GB}g", f"-Xmx{HEAP_GB}g", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
           f"-Ddealgraph.pagecache.mb={PAGE_CACHE_MB}")
    with Neo4jServer(jvm_args=jvm) as server, Neo4jStore(server.uri, server.user, server.password) as store:
        store.setup()
        cold = rates(store, batched(store, warm_up, server.pid), warm_up)  # a fresh JVM compiles as it goes
        store.clear()
        load_average = os.getloadavg()
        load = rates(store, batched(store, docs, server.pid), docs)
        memory = MemoryStore(tempfile.mkdtemp(prefix="dealgraph-bench-"))
        memory.add(extractions(args.relations, per_document=100, seed=11))
        embedded = memory.snapshot()
        embedded_resolve, _ = _timed(resolve, memory.extractions.values(), [], memory.schema)
        queries = latency(store, embedded, args.runs)
        store.clear()
        row = per_row(store, resolve(docs, [], store.schema), args.per_row)
    result = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_average": load_average,
                    "neo4j": f"5.26 Community (tests/neo4j_server), heap {HEAP_GB} GB (G1), page cache {PAGE_CACHE_MB} MB"},
        "batched": load, "first_load_cold_server": cold, "embedded_resolve_seconds": embedded_resolve, "per_row": row, "queries": queries,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "neo4j.json").write_text(json.dumps(result, indent=1) + "\n")
    (RESULTS / "neo4j.md").write_text(markdown(result))
    print(markdown(result))
    return 0


def markdown(r: dict) -> str:
    b, c, p = r["batched"], r["first_load_cold_server"], r["per_row"]
    lines = [
        f"Load average when the batched load started: {', '.join(f'{x:.1f}' for x in r['machine']['load_average'])} "
        f"(1, 5, 15 min) on {r['machine']['cpus']} cores; {r['machine']['neo4j']}.",
        "",
        "| loading (batched: one transaction, UNWIND batches of 10,000) | relations | seconds | relations/s |",
        "|---|---:|---:|---:|",
        f"| batched, Neo4j write: statements + commit | {b['relations']:,} | {b['neo4j_write_seconds']:.1f} | "
        f"{b['neo4j_relations_per_second']:,.0f} |",
        f"| batched, end to end (Python: read, resolve, rows, gzip; then the write) | {b['relations']:,} | "
        f"{b['seconds']:.1f} | {b['relations_per_second']:,.0f} |",
        f"| batched, Neo4j server CPU time (all its threads, whole add) | {b['relations']:,} | "
        f"{b['server_cpu_seconds']:.1f} | {b['relations_per_server_cpu_second']:,.0f} |",
        f"| first load on a fresh server (JIT cold), Neo4j write | {c['relations']:,} | "
        f"{c['neo4j_write_seconds']:.1f} | {c['neo4j_relations_per_second']:,.0f} |",
        f"| one transaction per relation (measured on {p['relations']:,}, extrapolated) | {b['relations']:,} | "
        f"{p['extrapolated_seconds_for_all']:.0f} | {p['relations_per_second']:,.0f} |",
        "",
        f"Neo4j write = {b['statements']:.1f} s of statements + {b['commit']:.1f} s of commit; the Python side "
        f"took {b['python_seconds']:.1f} s. Each relation carries its sources ({b['claims']:,} claims from "
        f"{b['documents']:,} documents) as parallel lists; each document its gzipped extraction.",
        "",
        "| query | arguments | rows | Neo4j (Cypher) ms | embedded (NetworkX) ms |",
        "|---|---|---:|---:|---:|",
    ]
    lines += [f"| {q['query']} | {' '.join(q['args'])} | {q['rows']} | {q['neo4j_ms']:.0f} | {q['embedded_ms']:.1f} |"
              for q in r["queries"]]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
