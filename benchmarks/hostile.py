"""Hostile input: what one crafted document costs the extractor and the store.

    .venv/bin/python benchmarks/hostile.py [--names 5000] [--sizes 1 2 4 8] [--timeout 600]

  * names: one sentence naming N made-up companies ("Northwind Holdings agreed to acquire A, B, ...
    and Z for $9 billion.", about 70 KB for 5,000), ingested by `dealgraph ingest` into an empty store: the store's size on
    disk, the command's wall and CPU seconds and peak memory, the relations stored.
  * sizes: one document of generated news text (the templates of benchmarks/extraction.py, our
    own words) of 1, 2, 4 and 8 MB (10^6 bytes), extracted by `load_article` in a child process:
    CPU seconds of the extraction alone and the child's peak memory. A child still running after
    --timeout seconds is killed and reported as such.

Every run is a fresh child process, so one slow case cannot hold up the next beyond its timeout.
Writes benchmarks/results/hostile.json and hostile.md. Floors from issue 13: the 5,000-names
sentence at most 20 MB of store and 60 s; a 2 MB document at most 2.5x the CPU of a 1 MB one and
at most 30 s.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from extraction import COMPANIES, MODELS, MONTHS, PEOPLE, REGULATORS, TEMPLATES  # noqa: E402

RESULTS = Path(__file__).with_name("results")
MB = 1_000_000
FLOORS = {"names_store_mb": 20, "names_seconds": 60, "two_mb_over_one_mb": 2.5, "two_mb_seconds": 30}
_HEAD = ["Vor", "Kel", "Mar", "Tes", "Quin", "Bra", "Sol", "Dun", "Fen", "Gal", "Hol", "Jas", "Lum", "Nor", "Pel",
         "Rav", "Sta", "Tor", "Ulm", "Wes"]
_TAIL = ["ix", "ora", "en", "ant", "ivo", "eth", "una", "ark", "oli", "ast"]


def company_names(n: int) -> list[str]:
    """n made-up company names, two invented words each ("Vorix Solivo"); no two normalise alike (an
    industry word such as "Labs" would be stripped as a corporate suffix and merge names)."""
    words = [h + t for h, t in itertools.product(_HEAD, _TAIL)]
    pairs = list(itertools.permutations(words, 2))
    return [f"{a} {b}" for a, b in random.Random(5).sample(pairs, n)]


def names_sentence(n: int) -> str:
    names = company_names(n)
    return (f"title: One long sentence\npublished: 2026-03-02\n---\nNorthwind Holdings agreed to acquire "
            f"{', '.join(names[:-1])} and {names[-1]} for $9 billion.\n")


def news(size: int, seed: int = 11) -> str:
    """About `size` bytes of generated deal news in paragraphs of four sentences, one header block."""
    rng = random.Random(seed)
    out, length, para = ["title: Deal news, repeated\npublished: 2026-03-02\n---\n"], 0, []
    while length < size:
        a, b, c = rng.sample(COMPANIES, 3)
        year = rng.choice([2024, 2025, 2026])
        para.append(rng.choice(TEMPLATES).format(
            a=a, b=b, c=c, n=rng.randint(1, 90), p=rng.randint(2, 49), person=rng.choice(PEOPLE),
            model=rng.choice(MODELS), reg=rng.choice(REGULATORS), month=rng.choice(MONTHS),
            month2=rng.choice(MONTHS), day=rng.randint(1, 28), year=year))
        if len(para) == 4:
            out.append(" ".join(para) + "\n\n")
            length += len(out[-1].encode("utf-8"))
            para = []
    return "".join(out)


def run_child(argv: list[str], timeout: float) -> dict:
    """Run `argv`; wall and CPU seconds (user + system), peak memory; killed after `timeout` seconds."""
    t = time.perf_counter()
    # output to files: a child that writes more than a pipe holds must not block while we poll it
    with tempfile.TemporaryFile("w+") as out_f, tempfile.TemporaryFile("w+") as err_f:
        proc = subprocess.Popen(argv, stdout=out_f, stderr=err_f, text=True)
        deadline = t + timeout
        try:
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() > deadline:
                    os.kill(proc.pid, signal.SIGKILL)
                    pid, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.1)
        except BaseException:  # interrupted: take the child along
            proc.kill()
            proc.wait()
            raise
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        out_f.seek(0)
        err_f.seek(0)
        out, err = out_f.read(), err_f.read()
    wall = time.perf_counter() - t
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL and wall >= timeout
    return {"wall_seconds": round(wall, 2), "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_mb": round(usage.ru_maxrss / 1024, 1), "timed_out": killed,
            "exit": os.waitstatus_to_exitcode(status), "stdout": out, "stderr": err[-2000:]}


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / MB


def bench_names(n: int, work: Path, timeout: float) -> dict:
    doc = work / f"names-{n}.txt"
    doc.write_text(names_sentence(n), encoding="utf-8")
    store = work / f"names-{n}-store"  # an empty store for each run
    dealgraph = Path(sys.executable).with_name("dealgraph")
    r = run_child([str(dealgraph), "--store", str(store), "ingest", "-q", str(doc)], timeout)
    relations = None
    if r["exit"] == 0:
        listing = subprocess.run([str(dealgraph), "--store", str(store), "relations", "-f", "jsonl"],
                                 capture_output=True, text=True, check=True)
        relations = len(listing.stdout.splitlines())
    return {"names": n, "document_kb": round(doc.stat().st_size / 1000, 1), "store_mb": round(dir_mb(store), 1),
            "relations": relations, **{k: v for k, v in r.items() if k != "stdout"}}


EXTRACT = """
import json, sys, time
from pathlib import Path
from dealgraph.loaders.article import load_article
t = time.process_time()
ext = load_article(Path(sys.argv[1]))
print(json.dumps({"extract_cpu_seconds": round(time.process_time() - t, 2), "claims": len(ext.claims),
                  "entities": len(ext.entities), "quote_mb": round(sum(len(c.source.quote) for c in ext.claims) / 1e6, 2)}))
"""


def bench_size(mb: float, work: Path, timeout: float) -> dict:
    doc = work / f"news-{mb:g}mb.txt"
    doc.write_text(news(int(mb * MB)), encoding="utf-8")
    r = run_child([sys.executable, "-c", EXTRACT, str(doc)], timeout)
    row = {"mb": mb, "bytes": doc.stat().st_size, **{k: v for k, v in r.items() if k != "stdout"}}
    if r["exit"] == 0:
        row.update(json.loads(r["stdout"].strip().splitlines()[-1]))
    return row


def markdown(result: dict) -> str:
    load = result["machine"]["load_average"]
    md = [f"Machine: {result['machine']['cpus']} CPUs, Python {result['machine']['python']}, load average "
          f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} when the run started. Commit {result['commit']}.", ""]
    md += ["| one sentence naming | document | store | relations | ingest wall (s) | ingest CPU (s) | peak memory |",
           "|---:|---:|---:|---:|---:|---:|---:|"]
    for n in result["names"]:
        md.append(f"| {n['names']:,} companies | {n['document_kb']:,} KB | {n['store_mb']:,} MB | "
                  f"{n['relations'] if n['relations'] is not None else 'n/a'} | "
                  f"{n['wall_seconds']}{' (killed)' if n['timed_out'] else ''} | {n['cpu_seconds']} | {n['peak_mb']:,} MB |")
    md.append("")
    md += ["| document of news text | extraction CPU (s) | x previous size | claims | quotes | peak memory |",
           "|---:|---:|---:|---:|---:|---:|"]
    prev = None
    for s in result["sizes"]:
        if s["timed_out"] or "extract_cpu_seconds" not in s:
            why = f"killed after {s['wall_seconds']:.0f} s" if s["timed_out"] else f"failed (exit {s['exit']})"
            md.append(f"| {s['mb']:g} MB | {why} | | | | {s['peak_mb']:,} MB |")
            prev = None
            continue
        ratio = f"{s['extract_cpu_seconds'] / prev:.1f}" if prev else ""
        md.append(f"| {s['mb']:g} MB | {s['extract_cpu_seconds']} | {ratio} | {s['claims']:,} | {s['quote_mb']} MB | "
                  f"{s['peak_mb']:,} MB |")
        prev = s["extract_cpu_seconds"]
    f = result["floors"]
    md += ["", f"Floors (issue 13): the 5,000-names sentence at most {f['names_store_mb']} MB of store and "
               f"{f['names_seconds']} s; a 2 MB document at most {f['two_mb_over_one_mb']}x the CPU of 1 MB and at most "
               f"{f['two_mb_seconds']} s."]
    return "\n".join(md) + "\n"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--names", type=int, nargs="*", default=[5000], help="companies in the one sentence")
    ap.add_argument("--sizes", type=float, nargs="*", default=[1, 2, 4, 8], help="document sizes in MB")
    ap.add_argument("--timeout", type=float, default=600, help="seconds before a case is killed")
    ap.add_argument("--commit", help="the commit measured, when running from a copy outside git")
    a = ap.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # killed: clean up the children and files
    commit = a.commit or subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                        cwd=Path(__file__).parent).stdout.strip()
    work = Path(tempfile.mkdtemp(prefix="dg-hostile-"))
    result = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                          "platform": platform.platform(), "load_average": list(os.getloadavg())},
              "commit": commit, "floors": FLOORS, "names": [], "sizes": []}
    try:
        for n in a.names:
            result["names"].append(bench_names(n, work, a.timeout))
            print(json.dumps(result["names"][-1]), flush=True)
        for mb in a.sizes:
            result["sizes"].append(bench_size(mb, work, a.timeout))
            print(json.dumps(result["sizes"][-1]), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "hostile.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    (RESULTS / "hostile.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))


if __name__ == "__main__":
    main()
