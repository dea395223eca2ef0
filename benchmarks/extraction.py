"""Article extraction: throughput, and which frames carry the score on real articles.

    .venv/bin/python benchmarks/extraction.py [--docs 600] [--jobs 1 2] [--corpus ../shared/corpus/dev2]

Generates a corpus of deal-news articles from templates (our own wording, random names, amounts
and dates), then measures:
  * the extractor alone (`load_article`, in process, one core, CPU time), on the generated corpus
    and on the real articles of --corpus (third-party text, read from ../shared, never copied);
  * the blank spaCy English tokenizer over the same texts, when spaCy is installed (`bench` extra),
    as a yardstick for what "fast" means for a tokenizer alone;
  * the whole `dealgraph ingest` command (process start, extraction, store write) with --jobs N;
  * on --corpus, scored with ../shared/eval/score.py: every frame's hits and precision (a relation
    whose sources name several frames counts for each), recall per relation type, and entity recall
    with the catalogue on and off.
Writes benchmarks/results/extraction.json and extraction.md.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dealgraph.loaders.article import load_article

RESULTS = Path(__file__).with_name("results")
COMPANIES = ["Northwind Labs", "Blue Harbor Systems", "Quanta Robotics", "Vireo Data", "Helix Compute",
             "Orchid Networks", "Lumen Forge", "Cobalt Analytics", "Tidewater AI", "Granite Cloud",
             "Nimbus Health", "Juniper Ridge Capital", "Solace Media", "Kestrel Motors", "Atlas Genomics"]
PEOPLE = ["Maria Okafor", "Daniel Brandt", "Priya Raman", "Tomas Lindqvist", "Grace Holloway", "Kenji Mori"]
MODELS = ["Atlas V3-Large", "Kestrel 2.5", "Vireo V7-Small", "Nimbus 4"]
REGULATORS = ["Federal Trade Commission", "European Commission", "Competition and Markets Authority"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
TEMPLATES = [
    "{a} agreed to acquire {b} for ${n} billion in an all-stock deal, the companies said on {month} {day}, {year}.",
    "{a} completed the acquisition of {b} in {month} {year}, closing a deal first announced last year.",
    "{a} is investing an additional ${n} billion in {b}, boosting its stake in the startup.",
    "{a} owns {p}% of {b}, according to filings reviewed this week.",
    "{person}, {a}'s chief executive, said the partnership would expand next quarter.",
    "{b} has partnered with {a} to bring its tools to more customers.",
    "The {reg} cleared the deal after {a} offered concessions on pricing.",
    "{model} finished training in {month}, and {a} expects a public release in mid-{month2}.",
    "{model} is rolling out to {b}'s fleet and to {c} first.",
    "{a} paid ${n} million for a non-exclusive license to serve {b}'s models.",
    "Analysts expect the market to grow quickly as buyers compare prices and features across vendors.",
    "Shares of {a} rose {p}% in early trading, while the broader index was little changed.",
    "{b}, the developer of {model}, said demand for its products remained strong through the summer.",
    "{a} terminated its ${n} billion deal to buy {c} after the financing fell through.",
]


def make_corpus(root: Path, docs: int, seed: int = 7) -> tuple[list[Path], int]:
    rng = random.Random(seed)
    files, words = [], 0
    for i in range(docs):
        year = rng.choice([2023, 2024, 2025, 2026])
        lines = [f"title: Deal roundup {i}", f"source: https://example.com/roundup/{i}",
                 f"published: {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "---"]
        para = []
        for _ in range(rng.randint(18, 30)):
            a, b, c = rng.sample(COMPANIES, 3)
            para.append(rng.choice(TEMPLATES).format(
                a=a, b=b, c=c, n=rng.randint(1, 90), p=rng.randint(2, 49), person=rng.choice(PEOPLE),
                model=rng.choice(MODELS), reg=rng.choice(REGULATORS), month=rng.choice(MONTHS),
                month2=rng.choice(MONTHS), day=rng.randint(1, 28), year=year))
            if len(para) == 4:
                lines.append(" ".join(para))
                lines.append("")
                para = []
        lines.append(" ".join(para))
        text = "\n".join(lines) + "\n"
        path = root / f"article-{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(path)
        words += len(text.split())
    return files, words


def bench_extractor(files: list[Path], words: int) -> dict:
    load_article(files[0])  # warm caches (catalogue, compiled patterns)
    t = time.process_time()  # CPU time of this one process: other work on the machine does not count
    claims = sum(len(load_article(f).claims) for f in files)
    dt = time.process_time() - t
    return {"seconds": round(dt, 3), "words_per_second": round(words / dt), "claims": claims}


def bench_spacy(files: list[Path], words: int) -> dict | None:
    try:
        import spacy
    except ImportError:
        return None
    nlp = spacy.blank("en")
    texts = [f.read_text(encoding="utf-8") for f in files]
    t = time.process_time()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
    dt = time.process_time() - t
    return {"version": spacy.__version__, "seconds": round(dt, 3), "words_per_second": round(words / dt),
            "tokens": tokens}


def bench_ingest(root: Path, words: int, jobs: int) -> dict:
    store = Path(tempfile.mkdtemp(prefix="dg-bench-store-"))
    dealgraph = Path(sys.executable).with_name("dealgraph")
    t = time.perf_counter()
    subprocess.run([str(dealgraph), "--store", str(store), "ingest", "--quiet", "--jobs", str(jobs), str(root)],
                   check=True, capture_output=True)
    dt = time.perf_counter() - t
    shutil.rmtree(store, ignore_errors=True)
    return {"jobs": jobs, "seconds": round(dt, 3), "words_per_second": round(words / dt)}


def _scorer(shared: Path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("dealgraph_score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bench_corpus(corpus: Path) -> dict | None:
    """Frames, relation types and entity recall on a gold corpus (each document into an empty store)."""
    from collections import Counter

    import yaml

    from dealgraph.exports.jsonfmt import to_dict
    from dealgraph.graph.sqlite import SqliteStore

    if not (corpus / "gold").is_dir():
        return None
    score = _scorer(corpus.parents[1])
    hits, good = Counter(), Counter()
    gold_types, found_types = Counter(), Counter()
    ents = {True: [0, 0], False: [0, 0]}
    words = 0
    seconds = 0.0
    for gf in sorted((corpus / "gold").glob("*.yaml")):
        gold = yaml.safe_load(gf.read_text(encoding="utf-8"))
        text = corpus / "texts" / gold["document"]
        words += len(text.read_text(encoding="utf-8").split())
        for catalogue in (True, False):
            t = time.process_time()
            ex = load_article(text, catalogue=catalogue)
            if catalogue:
                seconds += time.process_time() - t
            with tempfile.TemporaryDirectory() as d:
                with SqliteStore(Path(d) / "store") as store:
                    store.add([ex])
                    pred = to_dict(store.snapshot())
            doc = score.Doc(gold, pred, None)
            found, total, _ = doc.entity_recall()
            ents[catalogue][0] += found
            ents[catalogue][1] += total
            if not catalogue:
                continue
            keys = [doc.gold_keys(r) for r in gold.get("relations", [])]
            for r in gold.get("relations", []):
                gold_types[r["type"]] += 1
            matched = set()
            for p in pred["relations"]:
                cands = {(s, p["type"], o) for s in doc.resolve(p["subject"]) for o in doc.resolve(p["object"])}
                hit = [i for i, k in enumerate(keys) if k & cands]
                for rule in {src["rule"].split(":", 1)[-1] for src in p["sources"]}:
                    hits[rule] += 1
                    good[rule] += bool(hit)
                for i in hit[:1]:
                    if i not in matched:
                        matched.add(i)
                        found_types[gold["relations"][i]["type"]] += 1
    return {
        "corpus": str(corpus), "words": words, "extractor_seconds": round(seconds, 3),
        "words_per_second": round(words / seconds) if seconds else None,
        "frames": {r: {"hits": hits[r], "correct": good[r], "precision": round(good[r] / hits[r], 2)}
                   for r in sorted(hits, key=lambda r: (-hits[r], r))},
        "recall_by_type": {t: {"gold": n, "found": found_types[t], "recall": round(found_types[t] / n, 2)}
                           for t, n in gold_types.most_common()},
        "entity_recall": {"catalogue": round(ents[True][0] / ents[True][1], 3),
                          "no_catalogue": round(ents[False][0] / ents[False][1], 3)},
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=600)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev2",
                    help="a gold corpus (texts/, gold/) for the per-frame table [../shared/corpus/dev2]")
    a = ap.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="dg-bench-corpus-"))
    try:
        files, words = make_corpus(root, a.docs)
        result = {
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
            "corpus": {"documents": len(files), "words": words},
            "extractor_one_core": bench_extractor(files, words),
            "spacy_blank_tokenizer": bench_spacy(files, words),
            "ingest": [bench_ingest(root, words, j) for j in a.jobs],
            "floor_words_per_second_per_core": 20000,
            "real_articles": bench_corpus(a.corpus),
        }
    finally:
        shutil.rmtree(root, ignore_errors=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "extraction.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    rows = [("extractor (`load_article`, 1 core)", result["extractor_one_core"])]
    if result["spacy_blank_tokenizer"]:
        rows.append((f"spaCy {result['spacy_blank_tokenizer']['version']} blank `en` tokenizer only",
                     result["spacy_blank_tokenizer"]))
    rows += [(f"`dealgraph ingest --jobs {r['jobs']}` (whole command)", r) for r in result["ingest"]]
    md = [f"Corpus: {len(files):,} generated articles, {words:,} words; {os.cpu_count()} CPUs.", "",
          "| what | seconds | words/s |", "|---|---:|---:|"]
    md += [f"| {name} | {r['seconds']:.2f} | {r['words_per_second']:,} |" for name, r in rows]
    real = result["real_articles"]
    if real:
        md += ["", f"Real articles ({real['corpus'].split('/shared/')[-1]}, {real['words']:,} words): extractor "
               f"{real['words_per_second']:,} words/s on one core; entity recall {real['entity_recall']['catalogue']} "
               f"with the catalogue, {real['entity_recall']['no_catalogue']} without.", "",
               "| relation type | gold | found | recall |", "|---|---:|---:|---:|"]
        md += [f"| {t} | {r['gold']} | {r['found']} | {r['recall']:.2f} |" for t, r in real["recall_by_type"].items()]
        md += ["", "| frame | relations | correct | precision |", "|---|---:|---:|---:|"]
        md += [f"| {f} | {r['hits']} | {r['correct']} | {r['precision']:.2f} |" for f, r in real["frames"].items()]
    (RESULTS / "extraction.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    print("\n".join(md))


if __name__ == "__main__":
    main()
