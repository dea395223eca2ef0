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
