"""loaders/pipeline.py: what `ingest` and `demo` run. Files in input order, a bad one failing alone,
commits in batches, unchanged files never extracted, and a stop that stops the workers."""
from __future__ import annotations

import multiprocessing
from contextlib import closing
from pathlib import Path

import pytest

import dealgraph.loaders as loaders
from dealgraph.exc import StoreError
from dealgraph.graph.sqlite import SqliteStore
from dealgraph.loaders import pipeline

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "samples" / "articles").iterdir())


def steps(events) -> list[tuple[str, str, str | None]]:
    return [(e.kind, Path(e.path).name, e.outcome.action if e.outcome else None) for e in events]


def test_events_come_in_order_and_each_batch_is_committed_before_its_outcomes(tmp_path, monkeypatch):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    files = [*SAMPLES[:3], empty]
    store = SqliteStore(tmp_path / "store")
    a, b, c = (p.name for p in SAMPLES[:3])
    committed = []
    real_add = store.add
    monkeypatch.setattr(store, "add", lambda exts, **kw: committed.append(len(exts)) or real_add(exts, **kw))
    assert steps(pipeline.ingest(store, files, batch=2)) == [
        ("extracted", a, None), ("extracted", b, None), ("stored", a, "added"), ("stored", b, "added"),
        ("extracted", c, None), ("failed", "empty.txt", None), ("stored", c, "added")]
    assert committed == [2, 1] and len(store.snapshot().documents) == 3

    loaded = []
    real_load = loaders.load
    monkeypatch.setattr(loaders, "load", lambda path, **kw: loaded.append(path) or real_load(path, **kw))
    again = list(pipeline.ingest(store, files, batch=2))
    assert loaded == [str(empty)]  # the stored files are not read again, the bad one fails again
    assert steps(again) == [("stored", a, "unchanged"), ("stored", b, "unchanged"), ("failed", "empty.txt", None),
                            ("stored", c, "unchanged")]
    failed = next(e for e in again if e.kind == "failed")
    assert failed.error.startswith(f"{empty}: ") and "empty" in failed.error


def test_stopping_early_stops_the_worker_processes(tmp_path):
    store = SqliteStore(tmp_path / "store")
    with closing(pipeline.ingest(store, SAMPLES, jobs=2, batch=1)) as events:
        first = next(events)
        assert first.kind == "extracted" and multiprocessing.active_children()
    assert multiprocessing.active_children() == []
    assert store.count_documents() == 0  # nothing was committed: the first batch never finished


def test_a_store_that_fails_stops_the_worker_processes(tmp_path, monkeypatch):
    store = SqliteStore(tmp_path / "store")

    def refuse(extractions, **options):
        raise StoreError("disk full")

    monkeypatch.setattr(store, "add", refuse)
    with pytest.raises(StoreError) as failed:  # its traceback keeps the pipeline's frames alive
        for _ in pipeline.ingest(store, SAMPLES * 8, jobs=2, batch=1):
            pass
    assert failed.value.args == ("disk full",) and multiprocessing.active_children() == []


def curated(folder: Path, n: int) -> list[Path]:
    """n one-relation curated documents, each naming its own companies."""
    folder.mkdir()
    files = []
    for i in range(n):
        f = folder / f"note-{i:02d}.json"
        f.write_text(f'{{"title": "Note {i}", "relations": [{{"subject": "Buyer {i}", "type": "ACQUIRED", '
                     f'"object": "Target {i}", "date": "2024"}}]}}', encoding="utf-8")
        files.append(f)
    return files


def test_commits_grow_with_the_store_and_stop_at_the_row_limit(tmp_path, monkeypatch):
    import dealgraph.graph.sqlite.store as store_mod

    monkeypatch.setattr(store_mod, "GROWTH", 1)  # each commit takes at least what is stored already
    monkeypatch.setattr(store_mod, "GROWTH_CAP", 4)  # up to 4 x batch
    files = curated(tmp_path / "notes", 16)
    store = SqliteStore(tmp_path / "store")
    committed = []
    real_add = store.add
    monkeypatch.setattr(store, "add", lambda exts, **kw: committed.append(len(exts)) or real_add(exts, **kw))
    assert all(e.kind == "stored" for e in pipeline.ingest(store, files, batch=1) if e.kind != "extracted")
    assert committed == [1, 1, 2, 4, 4, 4] and store.count_documents() == 16

    committed.clear()
    monkeypatch.setattr(pipeline, "ROWS", 6)  # 3 rows (2 entities, 1 claim) a document: 2 a commit
    other = SqliteStore(tmp_path / "other")
    monkeypatch.setattr(other, "add", lambda exts, **kw: committed.append(len(exts)) or SqliteStore.add(other, exts, **kw))
    list(pipeline.ingest(other, files[:5], batch=10))
    assert committed == [2, 2, 1]


def test_an_empty_store_reads_no_file_before_extraction(tmp_path, monkeypatch):
    files = [str(f) for f in curated(tmp_path / "notes", 3)]
    store = SqliteStore(tmp_path / "store")
    hashed = []
    real_sha = pipeline.hashlib.sha256
    monkeypatch.setattr(pipeline.hashlib, "sha256", lambda data: hashed.append(data) or real_sha(data))
    assert not store.knows_unchanged and pipeline.unchanged(store, files) == {} and hashed == []
    list(pipeline.ingest(store, files[:1]))
    assert store.knows_unchanged
    hashed.clear()
    assert pipeline.unchanged(store, files) == {files[0]: next(iter(store.snapshot().documents))}
    assert len(hashed) == 3
