"""The embedded store's floors (issue 12), each figure beside today's (dealgraph 0.1, the JSON store).

    .venv/bin/python benchmarks/store.py                          # everything below, new store only
    .venv/bin/python benchmarks/store.py --baseline DIR           # also today's, DIR holding a 0.1 `dealgraph`
    .venv/bin/python benchmarks/store.py --only version,analyze   # some sections

What it measures, each in fresh processes of the real command line (wall and peak memory from
/usr/bin/time, CPU as user + system), medians of --runs:

- load        `dealgraph ingest facts.csv`: a curated CSV of 10^5 and 10^6 relations (generated,
              seeded: corporate groups, data deals, terminations, dates of every precision) into
              an empty store (floor 120 s at 10^6).
- query       a cold `dealgraph query ownership-paths A B` on that store, A and B a pair joined by
              control chains (floor 0.5 s and 200 MB at both sizes).
- article     one more article (the sample articles, ours) ingested into the loaded store (2 s at 10^5).
- whole       the whole graph read back: snapshot, every fact with its sources, and the NetworkX
              graph of `Snapshot.graph()` (what exports and the HTML view start from), in one process.
- small       10,000, 100,000 and 200,000 small curated documents (JSON, 3 relations each, a few hub
              companies in many of them) ingested by one command: linear is 10x the documents, 10x the time.
              The largest is ingested once more in process (the command line reports no steps) for the
              CPU per 20,000 documents along the way: linear time is a flat cost per document.
- version     a cold `dealgraph --version` (floor 0.15 s) and `--help`.
- analyze     the ANALYZE pitfall: the canned queries and a recursive CTE over `edge`, before and
              after ANALYZE, and after the next write (the store drops statistics when it writes).

Generated inputs are cached in benchmarks/.cache/. Not part of the test suite (10^6 takes minutes).
Results: benchmarks/results/store.json and store.md.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dealgraph.exports import csvsafe  # noqa: E402 - every CSV dealgraph writes goes through it
from synthetic import CONTROL, DATA, partial_date, pick  # benchmarks/synthetic.py, beside this script

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
RESULTS = HERE / "results"
ARTICLES = sorted((ROOT / "samples" / "articles").glob("*"))[:3]
FLOORS = {"query_s": 0.5, "query_mb": 200, "article_s": 2.0, "load_1e6_s": 120.0, "version_s": 0.15}

OTHER = [("PARTNERS_WITH", 0.45), ("COMPETES_WITH", 0.4), ("TERMINATED_DEAL_WITH", 0.15)]
STATUSES = [("completed", 0.45), ("announced", 0.25), ("", 0.2), ("pending", 0.04), ("expected", 0.03),
            ("terminated", 0.03)]


# -- inputs ----------------------------------------------------------------------------------------


def facts_csv(n: int) -> Path:
    """A curated CSV of n relations over n/2 entities, a third declared as companies."""
    path = CACHE / f"facts-{n}.csv"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    n_entities = max(50, n // 2)
    rows = [["entity", f"Entity {i}", "", "Company", "", "", "", "", "", ""] for i in range(0, n_entities, 3)]
    made = 0
    while made < n:
        r = rng.random()
        table = CONTROL if r < 0.55 else DATA if r < 0.75 else OTHER if r < 0.9 else None
        rtype = "DEVELOPS" if table is None else pick(rng, table)
        u = rng.randrange(n_entities)
        # groups: most links stay among nearby entities, a few jump anywhere
        v = rng.randrange(n_entities) if rng.random() < 0.1 else (u + 1 + int(rng.expovariate(1 / 8))) % n_entities
        if rtype == "DEVELOPS" and v % 3 == 0:
            v = (v + 1) % n_entities  # what is developed is no company
        if v == u:
            continue
        percent = f"{round(rng.uniform(1, 100), 1)}" if rtype == "OWNS_STAKE_IN" and rng.random() < 0.8 else ""
        amount = str(rng.randint(1, 5000) * 1_000_000) if rng.random() < 0.2 else ""
        rows.append(["relation", "", f"Entity {u}", rtype, f"Entity {v}", partial_date(rng) or "", pick(rng, STATUSES),
                     amount, "USD" if amount else "", percent])
        made += 1
    header = ["kind", "name", "subject", "type", "object", "date", "status", "amount", "currency", "percent"]
    tmp = path.with_suffix(".tmp")
    tmp.write_text(csvsafe.table(header, rows), encoding="utf-8")
    tmp.rename(path)
    return path


def small_documents(n: int, *, extra: bool = False) -> Path:
    """n small curated documents (JSON, 3 relations each) in one folder; 1 in 4 names a hub company.
    `extra`: other documents about the same companies (what arrives next).

    JSON rather than YAML: PyYAML's pure-Python parser would take most of the time, and this
    measures the store."""
    folder = CACHE / f"small-{'extra-' if extra else ''}{n}"
    if (folder / "done").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(12 if extra else 11)
    pool = 50_000  # the companies 100,000 documents name
    hubs = [f"Hub Holdings {i}" for i in range(20)]
    for d in range(n):
        names = [rng.choice(hubs) if rng.random() < 0.25 else f"Firm {rng.randrange(pool)}" for _ in range(4)]
        relations = []
        for k in range(3):
            a, b = names[k], names[k + 1]
            if a == b:
                b = f"Firm {rng.randrange(pool)} Labs"
            relation = {"subject": a, "type": pick(rng, CONTROL if rng.random() < 0.6 else OTHER), "object": b,
                        "date": partial_date(rng) or "2020"}
            if status := pick(rng, STATUSES):
                relation["status"] = status
            relations.append(relation)
        doc = {"title": f"Note {d}", "published": f"20{rng.randint(10, 26)}-{rng.randint(1, 12):02d}-"
               f"{rng.randint(1, 28):02d}", "relations": relations}
        (folder / f"{'extra' if extra else 'note'}-{d:06d}.json").write_text(json.dumps(doc), encoding="utf-8")
    (folder / "done").write_text("")
    return folder


# -- running the command line ----------------------------------------------------------------------

def timed(argv: list[str], env: dict | None = None, quiet: bool = True) -> dict:
    """Run argv under /usr/bin/time: wall and CPU seconds, peak memory in MB."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        proc = subprocess.run(["/usr/bin/time", "-o", out.name, "-f", "%e %U %S %M", *argv],
                              env={**os.environ, **(env or {})}, capture_output=True, text=True)
        fields = out.read().split()[-4:]
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    wall, user, system, kb = map(float, fields)
    result = {"wall_s": wall, "cpu_s": round(user + system, 2), "peak_mb": round(kb / 1024, 1)}
    if not quiet:
        result["stdout"] = proc.stdout
    return result


def median(samples: list[dict]) -> dict:
    return {k: round(statistics.median(s[k] for s in samples), 3) for k in ("wall_s", "cpu_s", "peak_mb")} | {
        "runs": len(samples), "walls": [s["wall_s"] for s in samples]}


class Version:
    """How to run one dealgraph: this checkout, or a 0.1 package put first on PYTHONPATH."""

    def __init__(self, name: str, pythonpath: str | None = None):
        self.name, self.pythonpath = name, pythonpath

    def env(self) -> dict:
        env = {"DEALGRAPH_MAX_BYTES": str(1 << 31)}  # the 10^6 file is over the 25 MB default
        if self.pythonpath:
            env["PYTHONPATH"] = self.pythonpath
        return env

    def cli(self, store: Path, *args: str) -> list[str]:
        return [sys.executable, "-m", "dealgraph", "--store", str(store), *args]

    def run(self, store: Path, *args: str, quiet: bool = True) -> dict:
        return timed(self.cli(store, *args), self.env(), quiet)


def settle() -> None:
    """Let the OS write back what a big load left dirty, so a read does not queue behind it."""
    os.sync()
    time.sleep(2)


# -- sections -------------------------------------------------------------------------------------

def pairs(store: Path, count: int = 3) -> list[tuple[str, str]]:
    """Source and target names joined by control chains of 3 hops (found with the library)."""
    from dealgraph.graph.sqlite import SqliteStore
    from dealgraph.queries import asof

    snap = SqliteStore(store).snapshot()
    g = asof.view(snap).control()
    rng, found = random.Random(3), []
    n_entities = snap.stats()["entities"]
    while len(found) < count:
        path = [f"entity-{rng.randrange(n_entities)}"]
        for _ in range(3):
            nxt = sorted(g.succ.get(path[-1], {}))
            if not nxt:
                break
            path.append(rng.choice(nxt))
        if len(path) == 4 and len(set(path)) == 4:
            found.append((snap.entity(path[0]).name, snap.entity(path[-1]).name))
    return found


def load_and_query(version: Version, n: int, runs: int, work: Path) -> dict:
    facts = facts_csv(n)
    store = work / f"{version.name}-{n}"
    shutil.rmtree(store, ignore_errors=True)
    out: dict = {"relations": n, "file_mb": round(facts.stat().st_size / 1e6, 1)}
    out["load"] = version.run(store, "ingest", "-q", str(facts))
    settle()
    out["store_mb"] = round(sum(p.stat().st_size for p in store.iterdir()) / 1e6, 1)
    chosen = pairs_cache(n, work)
    runs_ = []
    for source, target in chosen[:1] * runs:
        r = version.run(store, "query", "ownership-paths", source, target, "-f", "json", quiet=False)
        r["rows"] = len(json.loads(r.pop("stdout")))
        runs_.append(r)
    out["query"] = median(runs_) | {"pair": list(chosen[0]), "rows": runs_[0]["rows"]}
    out["query_other_pairs"] = [version.run(store, "query", "ownership-paths", s, t, "-f", "csv") | {"pair": [s, t]}
                                for s, t in chosen[1:]]
    out["article"] = median([version.run(store, "ingest", str(a)) for a in ARTICLES[:runs]])
    out["store"] = str(store)
    return out


_PAIRS: dict[int, list] = {}


def pairs_cache(n: int, work: Path) -> list[tuple[str, str]]:
    if n not in _PAIRS:
        _PAIRS[n] = pairs(work / f"new-{n}")
    return _PAIRS[n]


WHOLE = """
import sys, time, resource
from dealgraph.graph.sqlite import SqliteStore
t = time.perf_counter()
snap = SqliteStore(sys.argv[1]).snapshot()
facts = len(snap.relations) + len(snap.events)
sources = sum(len(f.sources) for f in snap.relations)
read = time.perf_counter() - t
g = snap.graph()
built = time.perf_counter() - t
print(read, built, g.number_of_nodes(), g.number_of_edges(), sources,
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def whole(store: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", WHOLE, str(store)], capture_output=True, text=True, check=True)
    read, built, nodes, edges, sources, mb = proc.stdout.split()
    return {"snapshot_s": round(float(read), 2), "with_graph_s": round(float(built), 2), "nodes": int(nodes),
            "edges": int(edges), "sources": int(sources), "peak_mb": round(float(mb), 1)}


# CPU seconds per `step` documents through one ingest, run through the pipeline as `ingest` runs it
CURVE = """
import sys, time
from pathlib import Path
from dealgraph.graph.sqlite import SqliteStore
from dealgraph.loaders import pipeline
files, store, step = sorted(Path(sys.argv[1]).glob("*.json")), SqliteStore(sys.argv[2]), int(sys.argv[3])
out, done, last = [], 0, time.process_time()
for event in pipeline.ingest(store, files):
    done += event.kind == "stored"
    if event.kind == "stored" and done % step == 0:
        out.append(round(time.process_time() - last, 2))
        last = time.process_time()
print(out)
"""


def small(version: Version, n: int, work: Path, curve: bool = False) -> dict:
    folder = small_documents(n)
    store = work / f"{version.name}-small-{n}"
    shutil.rmtree(store, ignore_errors=True)
    r = version.run(store, "ingest", "-q", str(folder))
    out = {"documents": n} | r
    if curve:  # the same ingest again, timed along the way: linear time is a flat cost per document
        shutil.rmtree(store, ignore_errors=True)
        proc = subprocess.run([sys.executable, "-c", CURVE, str(folder), str(store), "20000"], check=True,
                              env={**os.environ, **version.env()}, capture_output=True, text=True)
        out["cpu_s_per_20000"] = json.loads(proc.stdout)
    if n == 100_000:  # the same next 10,000 documents, into an empty store and into this one
        extra = small_documents(10_000, extra=True)
        empty = work / f"{version.name}-small-empty"
        shutil.rmtree(empty, ignore_errors=True)
        out["next_10000_into_empty"] = version.run(empty, "ingest", "-q", str(extra))
        out[f"next_10000_into_{n}"] = version.run(store, "ingest", "-q", str(extra))
        shutil.rmtree(empty, ignore_errors=True)
    shutil.rmtree(store, ignore_errors=True)
    return out


def version_cost(version: Version, runs: int) -> dict:
    out = {}
    for flag in ("--version", "--help"):
        samples = [timed([sys.executable, "-m", "dealgraph", flag], version.env()) for _ in range(runs)]
        out[flag] = median(samples)
    return out


def analyze(version: Version, n: int, work: Path, runs: int) -> dict:
    """Canned queries and two recursive CTEs over `edge`, with and without planner statistics."""
    source = work / f"new-{n}"
    store = work / "analyze"
    shutil.rmtree(store, ignore_errors=True)
    shutil.copytree(source, store)
    a, b = pairs_cache(n, work)[0]
    queries = {"ownership-paths": ["ownership-paths", a, b], "controllers": ["controllers", b],
               "neighbors": ["neighbors", a, "--depth", "3"]}
    start = "entity-" + a.split()[-1]
    types = "('OWNS_STAKE_IN', 'ACQUIRED', 'SUBSIDIARY_OF', 'INVESTED_IN')"
    ctes = {  # docs/store.md: the first form is the pitfall, the second immune to it
        "cte type IN list": f"WITH RECURSIVE r(n, d) AS (SELECT ?, 0 UNION SELECT e.other, r.d + 1 FROM r "
                            f"JOIN edge e ON e.node = r.n AND e.type IN {types} WHERE r.d < 4) SELECT count(*) FROM r",
        "cte types joined": "WITH RECURSIVE t(type) AS (VALUES ('OWNS_STAKE_IN'), ('ACQUIRED'), ('SUBSIDIARY_OF'), "
                            "('INVESTED_IN')), r(n, d) AS (SELECT ?, 0 UNION SELECT e.other, r.d + 1 FROM r "
                            "CROSS JOIN t CROSS JOIN edge e ON e.node = r.n AND e.type = t.type WHERE r.d < 4) "
                            "SELECT count(*) FROM r",
    }

    def measure() -> dict:
        out = {name: median([version.run(store, "query", *args, "-f", "csv") for _ in range(runs)])["wall_s"]
               for name, args in queries.items()}
        conn = sqlite3.connect(store / "store.db")
        for name, sql in ctes.items():
            t = time.perf_counter()
            for _ in range(runs):
                conn.execute(sql, (start,)).fetchone()
            out[name] = round((time.perf_counter() - t) / runs, 4)
        has_table = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()[0]
        out["statistics rows"] = conn.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0] if has_table else 0
        conn.close()
        return out

    result = {"before": measure()}
    with sqlite3.connect(store / "store.db") as conn:
        conn.execute("ANALYZE")
    result["after_analyze"] = measure()
    version.run(store, "distinct", "Benchmark Alpha", "Benchmark Beta")  # any write drops the statistics
    result["after_next_write"] = measure()
    shutil.rmtree(store, ignore_errors=True)
    return result


# -- report ----------------------------------------------------------------------------------------

def report(results: dict) -> str:
    new, old = results.get("new", {}), results.get("today", {})

    def cell(section: dict, *keys, unit: str = "s") -> str:
        value = section
        for k in keys:
            value = (value or {}).get(k)
        if value is None:
            return "not measured"
        return f"{value:,.2f} {unit}" if unit == "s" else f"{value:,.0f} {unit}"

    lines = ["# Embedded store benchmark (benchmarks/store.py)", "",
             f"Machine: {results['machine']}. Wall is what a user waits on this shared 2-CPU machine; CPU is "
             "user + system time of the process. Medians of the runs given (today at 10^6: one run). The "
             "sections come from several invocations in one sitting; the load average is the last one's.",
             f"Today: {results.get('today_is', 'not measured')}.", "",
             "| floor | today (JSON store, dealgraph 0.1) | SQLite store |", "|---|---:|---:|"]
    for n, label in ((100000, "10^5"), (1000000, "10^6")):
        key = str(n)
        lines.append(f"| {label}: cold `query ownership-paths` ≤ 0.5 s | {cell(old.get(key), 'query', 'wall_s')} | "
                     f"{cell(new.get(key), 'query', 'wall_s')} |")
        lines.append(f"| {label}: its peak memory ≤ 200 MB | {cell(old.get(key), 'query', 'peak_mb', unit='MB')} | "
                     f"{cell(new.get(key), 'query', 'peak_mb', unit='MB')} |")
        lines.append(f"| {label}: one more article ≤ 2 s{'' if n == 100000 else ' (no floor)'} | "
                     f"{cell(old.get(key), 'article', 'wall_s')} | {cell(new.get(key), 'article', 'wall_s')} |")
        lines.append(f"| {label}: load the CSV{' ≤ 120 s' if n == 1000000 else ' (no floor)'} | "
                     f"{cell(old.get(key), 'load', 'wall_s')} | {cell(new.get(key), 'load', 'wall_s')} "
                     f"(CPU {cell(new.get(key), 'load', 'cpu_s')}, {cell(new.get(key), 'load', 'peak_mb', unit='MB')}) |")
    for n in (10000, 100000, 200000):
        lines.append(f"| {n:,} small documents, one ingest (linear) | {cell(old.get('small', {}), str(n), 'wall_s')} | "
                     f"{cell(new.get('small', {}), str(n), 'wall_s')} |")
    for where in ("empty", "100000"):
        lines.append(f"| the same next 10,000 documents into {'an empty store' if where == 'empty' else 'the 100,000 one'}"
                     f" | {cell(old.get('small', {}), '100000', 'next_10000_into_' + where, 'wall_s')} | "
                     f"{cell(new.get('small', {}), '100000', 'next_10000_into_' + where, 'wall_s')} |")
    lines.append(f"| cold `dealgraph --version` ≤ 0.15 s | {cell(old.get('version'), '--version', 'wall_s')} | "
                 f"{cell(new.get('version'), '--version', 'wall_s')} |")
    lines.append("")
    ratios = [f"{a:,} to {b:,} documents ×{new['small'][str(b)]['wall_s'] / new['small'][str(a)]['wall_s']:.1f} "
              f"(linear: ×{b // a})" for a, b in ((10000, 100000), (100000, 200000))
              if str(a) in new.get("small", {}) and str(b) in new.get("small", {})]
    if ratios:
        lines += [f"Small documents, SQLite store: {'; '.join(ratios)}.", ""]
    curves = [(n, v["cpu_s_per_20000"]) for n, v in new.get("small", {}).items() if "cpu_s_per_20000" in v]
    for n, cpu in curves:
        lines += [f"CPU seconds per 20,000 documents through the {int(n):,}-document ingest (flat is linear): "
                  f"{', '.join(map(str, cpu))}.", ""]
    if "analyze" in new:
        lines += ["ANALYZE guard (10^5 store; canned queries as cold CLI wall seconds, CTEs in-process):", "",
                  "| | before | after ANALYZE | after the next write |", "|---|---:|---:|---:|"]
        a = new["analyze"]
        for k in a["before"]:
            lines.append(f"| {k} | {a['before'][k]} | {a['after_analyze'][k]} | {a['after_next_write'][k]} |")
        lines.append("")
    for n in ("100000", "1000000"):
        if n in new and "whole" in new[n]:
            w = new[n]["whole"]
            lines.append(f"Whole graph at {int(n):,} relations: snapshot with every source {w['snapshot_s']} s, "
                         f"with the NetworkX graph {w['with_graph_s']} s, {w['peak_mb']:,.0f} MB peak.")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--small", type=int, nargs="*", default=[10_000, 100_000, 200_000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", default="load,whole,small,version,analyze")
    ap.add_argument("--baseline", help="a folder holding dealgraph 0.1 as `dealgraph/` (today's figures)")
    ap.add_argument("--baseline-sizes", type=int, nargs="*", help="sizes to measure today at (default --sizes)")
    ap.add_argument("--baseline-small", type=int, nargs="*", help="small-document counts for today (default --small)")
    ap.add_argument("--baseline-runs", type=int, help="runs of today's queries and articles (default --runs)")
    ap.add_argument("--baseline-only", action="store_true", help="measure today's figures only")
    ap.add_argument("--work", default=str(CACHE / "work"))
    ap.add_argument("--results", default=str(RESULTS), help="where store.json and store.md go")
    ap.add_argument("--report-only", action="store_true", help="write store.md from store.json, measure nothing")
    args = ap.parse_args()
    results_dir = Path(args.results)
    if args.report_only:
        (results_dir / "store.md").write_text(report(json.loads((results_dir / "store.json").read_text())))
        return
    only = set(args.only.split(","))
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    out_json = results_dir / "store.json"
    results = json.loads(out_json.read_text()) if out_json.exists() else {}
    results["machine"] = (f"{platform.platform()}, Python {platform.python_version()}, SQLite "
                          f"{sqlite3.sqlite_version}, {os.cpu_count()} CPUs, load average at start "
                          f"{os.getloadavg()[0]:.2f}")
    versions = [] if args.baseline_only else [Version("new")]
    if args.baseline:
        versions.append(Version("today", args.baseline))
        results["today_is"] = "dealgraph 0.1 as on main before the SQLite store (commit 3370661), JSON store"
    for version in versions:
        section = results.setdefault(version.name, {})
        sizes = args.sizes if version.name == "new" else (args.baseline_sizes or args.sizes)
        if "load" in only:
            for n in sizes:
                print(f"{version.name}: load and query {n:,}", flush=True)
                runs = args.runs if version.name == "new" else (args.baseline_runs or args.runs)
                section[str(n)] = {**section.get(str(n), {}), **load_and_query(version, n, runs, work)}
                if version.name == "new" and "whole" in only:
                    section[str(n)]["whole"] = whole(work / f"new-{n}")
                if version.name == "today":
                    shutil.rmtree(work / f"today-{n}", ignore_errors=True)
        if "small" in only:
            counts = args.small if version.name == "new" else (args.baseline_small or args.small)
            for n in counts:
                print(f"{version.name}: {n:,} small documents", flush=True)
                section.setdefault("small", {})[str(n)] = small(version, n, work, curve=n == max(counts))
        if "version" in only:
            section["version"] = version_cost(version, 15)
        if "analyze" in only and version.name == "new":
            print("analyze", flush=True)
            section["analyze"] = analyze(version, args.sizes[0], work, args.runs)
        results_dir.mkdir(parents=True, exist_ok=True)
        out_json.write_text(json.dumps(results, indent=1) + "\n")
    (results_dir / "store.md").write_text(report(results))
    print((results_dir / "store.md").read_text())


if __name__ == "__main__":
    main()
