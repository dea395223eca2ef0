"""`dealgraph ingest` over articles: a bad file costs one error line and nothing else."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dealgraph.graph.sqlite import SqliteStore

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "articles"


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dealgraph", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


def test_bad_files_among_good_ones(tmp_path):
    bad = {"empty.txt": b"", "binary.txt": b"\x00\x01\x02 not text", "latin1.md": "caf\u00e9 deal".encode("latin-1")}
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    good = [str(SAMPLES / "01-spacex-absorbs-xai.txt"), str(SAMPLES / "03-grok-v9-medium.html")]
    store = tmp_path / "store"
    r = run("--store", str(store), "ingest", good[0], *(str(tmp_path / n) for n in bad), good[1])
    assert r.returncode == 1
    errors = [line for line in r.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    for name, problem in (("empty.txt", "empty"), ("binary.txt", "binary"), ("latin1.md", "not UTF-8")):
        (line,) = [e for e in errors if name in e]
        assert problem in line
    docs = SqliteStore(store).snapshot().documents
    assert sorted(docs) == ["01-spacex-absorbs-xai", "03-grok-v9-medium"]


def test_huge_file_is_refused_and_store_untouched(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("SpaceX acquired xAI. " * 200, encoding="utf-8")
    store = tmp_path / "store"
    r = run("--store", str(store), "ingest", str(big), env={"DEALGRAPH_MAX_BYTES": "1000"})
    assert r.returncode == 1 and "too large" in r.stderr
    assert not SqliteStore(store).snapshot().documents


def test_parallel_ingest_of_samples_matches_serial(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    assert run("--store", str(one), "ingest", str(SAMPLES)).returncode == 0
    assert run("--store", str(two), "ingest", "--jobs", "2", str(SAMPLES)).returncode == 0
    a, b = SqliteStore(one).snapshot(), SqliteStore(two).snapshot()
    key = lambda snap: sorted((f.subject, f.type, f.object or "", f.date or "") for f in snap.relations + snap.events)
    assert key(a) == key(b) and len(a.relations) >= 8


def test_verbose_says_what_was_read_and_a_factless_article_warns(tmp_path):
    deal = tmp_path / "deal.txt"
    deal.write_text("title: t\npublished: 2025-01-15\n---\nHelio Systems agreed to buy Tandem Labs for $2 billion.\n",
                    encoding="utf-8")
    calm = tmp_path / "calm.txt"
    calm.write_text("title: t\n---\n" + "The valley stayed mild all week and the farmers were glad. " * 12,
                    encoding="utf-8")
    r = run("--store", str(tmp_path / "s"), "ingest", "-v", str(deal), str(calm))
    assert r.returncode == 0  # a warning is no failure
    lines = r.stderr.splitlines()
    (read_deal,) = [x for x in lines if x.startswith("read") and "deal.txt" in x]
    assert "2 entities" in read_deal and "1 relation(s)" in read_deal and "frames: agreed-to-acquire×1" in read_deal
    (warning,) = [x for x in lines if x.startswith("warning:")]
    assert "calm.txt" in warning and "no relation" in warning
    quiet = run("--store", str(tmp_path / "s2"), "ingest", str(deal))
    assert not [x for x in quiet.stderr.splitlines() if x.startswith(("read", "warning:"))]


def test_the_catalogue_can_be_turned_off(tmp_path):
    """Off, a name is typed from the text alone: "Grok" with nothing around it reads as a company."""
    art = tmp_path / "a.txt"
    art.write_text("title: t\n---\nHelio Systems will deploy Grok across its fleet of vans.\n", encoding="utf-8")
    types = {}
    for flag, env in (("--catalogue", {}), ("--no-catalogue", {}), (None, {"DEALGRAPH_CATALOGUE": "0"})):
        store = tmp_path / f"s{len(types)}"
        r = run("--store", str(store), "ingest", *([flag] if flag else []), str(art), env=env)
        assert r.returncode == 0, r.stderr
        types[flag] = {e.name: e.type for e in SqliteStore(store).snapshot().entities.values()}.get("Grok")
    assert types["--catalogue"] == "AIModel"
    assert types["--no-catalogue"] == types[None] != "AIModel"
