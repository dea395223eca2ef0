"""The embedded store: round trip, idempotent re-ingest, replace, forget, judgements, versioning,
atomic saves under SIGKILL and concurrent writers."""
from __future__ import annotations

import json
import os
import random
import re
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from filelock import FileLock

from dealgraph.exc import DealgraphError, InputError, NotFoundError, StoreError
from dealgraph.exports.jsonfmt import to_dict
from dealgraph.graph.memory import FORMAT, VERSION, MemoryStore, atomic_write
from dealgraph.graph.model import Extraction


@pytest.fixture
def two_docs(ext):
    """Two articles that agree on one deal; only `a` mentions Tesla, only `b` mentions the IPO."""
    a = ext("a", [("SpaceX", "Company"), ("xAI", "Company"), ("Tesla", "Company")],
            [("SpaceX", "ACQUIRED", "xAI", {"date": "2026-02"}), ("Tesla", "SUPPLIES_DATA_TO", "xAI")])
    b = ext("b", [("SpaceX Corp", "Company"), ("X.AI", "Company")],
            [("SpaceX Corp", "ACQUIRED", "X.AI", {"date": "2026-02"}),
             ("SpaceX Corp", "IPO", None, {"date": "2026-06-12", "status": "expected"})])
    return a, b


def view(store: MemoryStore) -> dict:
    """Everything a reader can see, without the ingest timestamps."""
    d = to_dict(store.snapshot())
    for doc in d["documents"]:
        doc.pop("ingested_at")
    return d


def names(snapshot) -> set[str]:
    return {e.name for e in snapshot.entities.values()}


def test_round_trip_reopen_gives_the_same_snapshot(store, store_dir, two_docs):
    store.add(list(two_docs))
    assert to_dict(MemoryStore(store_dir).snapshot()) == to_dict(store.snapshot())
    snap = store.snapshot()
    assert snap.stats() == {"entities": 3, "relations": 2, "events": 1, "documents": 2}


def test_the_file_carries_format_and_version(store, store_dir, two_docs):
    store.add([two_docs[0]])
    raw = json.loads((store_dir / "store.json").read_bytes())
    assert (raw["format"], raw["version"]) == (FORMAT, VERSION) == ("dealgraph-store", 1)
    assert list(raw["documents"]) == ["a"]


def test_the_store_file_is_readable_like_any_file_the_user_writes(store, store_dir, two_docs):
    store.add([two_docs[0]])
    mask = os.umask(0o22)
    os.umask(mask)
    assert stat.S_IMODE((store_dir / "store.json").stat().st_mode) == 0o666 & ~mask


@pytest.mark.parametrize("content, problem", [
    ({"format": FORMAT, "version": 99, "documents": {}}, "store version 99 is not supported"),
    ({"format": "something-else", "version": 1}, "not a dealgraph store"),
    ([1, 2], "not a dealgraph store"),
])
def test_a_file_that_is_not_this_store_version_is_a_clear_error(store_dir, content, problem):
    store_dir.mkdir()
    (store_dir / "store.json").write_text(json.dumps(content))
    with pytest.raises(StoreError, match=problem) as err:
        MemoryStore(store_dir)
    assert str(store_dir / "store.json") in str(err.value) and "\n" not in str(err.value)


def test_a_corrupt_store_is_a_clear_error(store_dir):
    store_dir.mkdir()
    (store_dir / "store.json").write_text('{"format": "dealgraph-store", "vers')
    with pytest.raises(StoreError, match="cannot read store"):
        MemoryStore(store_dir)


def test_a_store_path_that_is_a_file_is_a_clear_error(tmp_path, two_docs):
    (tmp_path / "oops").write_text("not a directory")
    with pytest.raises(StoreError, match="cannot open store"):
        MemoryStore(tmp_path / "oops")


def test_reingesting_an_unchanged_document_changes_nothing(store, store_dir, two_docs):
    store.add(list(two_docs))
    file = store_dir / "store.json"
    before, mtime, docs = file.read_bytes(), file.stat().st_mtime_ns, store.snapshot().documents
    again = [Extraction.from_dict(x.to_dict()) for x in two_docs]  # the same documents, read afresh
    for x in again:
        x.document.ingested_at = None
    assert [o.action for o in MemoryStore(store_dir).add(again)] == ["unchanged", "unchanged"]
    assert file.read_bytes() == before and file.stat().st_mtime_ns == mtime
    assert MemoryStore(store_dir).snapshot().documents == docs


def test_a_changed_document_replaces_its_own_claims(store, two_docs, ext):
    store.add(list(two_docs))
    changed = ext("a", [("SpaceX", "Company"), ("Anysphere", "Company")],
                  [("SpaceX", "HOLDS_OPTION_TO_ACQUIRE", "Anysphere", {"status": "pending"})])
    [outcome] = store.add([changed])
    assert (outcome.action, outcome.document) == ("replaced", "a")
    snap = store.snapshot()
    assert sorted(snap.documents) == ["a", "b"]
    assert {(f.type, tuple(f.documents)) for f in snap.relations} == {
        ("ACQUIRED", ("b",)), ("HOLDS_OPTION_TO_ACQUIRE", ("a",))}
    assert "Tesla" not in names(snap)


def test_two_files_with_the_same_name_get_different_document_ids(store, ext):
    one = ext("notes", ["Acme"], [], key="/one/notes.txt")
    two = ext("notes", ["Apex"], [], key="/two/notes.txt")
    assert [o.document for o in store.add([one, two])] == ["notes", "notes-2"]
    assert {s.document for f in store.snapshot().relations for s in f.sources} <= {"notes", "notes-2"}


def test_forget_removes_exactly_what_no_other_source_supports(store, store_dir, two_docs):
    store.add(list(two_docs))
    assert store.forget("a").document == "a"
    snap = MemoryStore(store_dir).snapshot()
    [acq] = snap.relations
    assert acq.type == "ACQUIRED" and [s.document for s in acq.sources] == ["b"]
    assert [e.type for e in snap.events] == ["IPO"]
    assert "Tesla" not in names(snap) and sorted(snap.documents) == ["b"]
    assert snap.entities[acq.subject].name == "SpaceX Corp"  # the name only `a` used is gone too
    store.forget("/news/b.txt")  # by path as well as by id
    assert store.snapshot().stats() == {"entities": 0, "relations": 0, "events": 0, "documents": 0}


def test_forget_never_guesses_between_two_files_of_the_same_name(store, ext, tmp_path, monkeypatch):
    store.add([ext("notes", ["Acme"], [], key=str(tmp_path / "one" / "notes.txt")),
               ext("notes", ["Apex"], [], key=str(tmp_path / "two" / "notes.txt"))])
    with pytest.raises(NotFoundError, match=r"'notes.txt'; did you mean 'notes', 'notes-2'"):
        store.forget("notes.txt")
    (tmp_path / "one").mkdir()
    monkeypatch.chdir(tmp_path / "one")  # paths relative to where the user stands
    assert store.forget("./notes.txt").document == "notes"
    assert store.forget("../two/notes.txt").document == "notes-2"


def test_forget_of_an_unknown_document_suggests_and_writes_nothing(store, store_dir, two_docs):
    store.add(list(two_docs))
    before = (store_dir / "store.json").read_bytes()
    with pytest.raises(NotFoundError, match=r"unknown document 'aa'"):
        store.forget("aa")
    assert (store_dir / "store.json").read_bytes() == before


def test_merge_and_distinct_persist_across_reopen_and_apply_to_later_documents(store, store_dir, ext):
    store.add([ext("a", [("Anysphere", "Company"), ("Cursor", "Product", ["Anysphere"])], [])])
    assert len(store.snapshot().entities) == 1
    store.judge("distinct", "Cursor", "Anysphere")
    store.add([ext("b", [("Cursor maker", "Company")], [])])
    store.judge("same", "Anysphere", "Cursor maker")
    reopened = MemoryStore(store_dir)
    assert [j.kind for j in reopened.judgements] == ["distinct", "same"]
    reopened.add([ext("c", [("Cursor Maker Inc.", "Company"), ("Cursor", "Product")], [])])
    snap = MemoryStore(store_dir).snapshot()
    assert {frozenset(e.names()) for e in snap.entities.values()} == {
        frozenset({"Cursor"}), frozenset({"Anysphere", "Cursor maker", "Cursor Maker Inc."})}


def test_a_later_judgement_about_a_pair_replaces_the_earlier_one(store, ext):
    store.add([ext("a", ["Acme"], []), ext("b", ["Apex"], [])])
    store.judge("same", "Acme", "Apex")
    assert len(store.snapshot().entities) == 1
    store.judge("distinct", "Acme", "Apex")
    assert [j.kind for j in store.judgements] == ["distinct"]
    assert len(store.snapshot().entities) == 2
    store.judge("same", "Apex", "Acme")
    assert [j.kind for j in store.judgements] == ["same"] and len(store.snapshot().entities) == 1


def test_a_judgement_on_a_name_not_in_the_store_yet_applies_when_it_appears(store, ext):
    store.add([ext("a", ["SpaceX"], [])])
    assert store.judge("same", "Space Exploration Technologies", "SpaceX") == ["Space Exploration Technologies"]
    assert store.judgements[-1].a == "Space Exploration Technologies"  # recorded as given
    assert store.judge("distinct", "Grok", "Grak") == ["Grok", "Grak"]
    store.add([ext("b", ["Space Exploration Technologies", "Grok", "Grak"], [])])
    groups = {frozenset(e.names()) for e in store.snapshot().entities.values()}
    assert frozenset({"SpaceX", "Space Exploration Technologies"}) in groups
    assert {frozenset({"Grok"}), frozenset({"Grak"})} <= groups


def test_distinct_of_two_spellings_of_one_name_is_refused(store, store_dir, ext):
    store.add([ext("a", ["xAI"], []), ext("b", ["xAI"], [])])
    before = (store_dir / "store.json").read_bytes()
    with pytest.raises(InputError, match=r"'xAI' and 'X.AI' are the same name"):
        store.judge("distinct", "xAI", "X.AI")
    assert (store_dir / "store.json").read_bytes() == before and store.judgements == []
    assert len(store.snapshot().entities) == 1


def test_an_edited_file_that_now_equals_another_replaces_its_own_claims(store, ext):
    """Key first: a.yaml rewritten with b.yaml's bytes is a.yaml replaced, not 'unchanged b'."""
    a = ext("a", ["Alpha", "Beta"], [("Alpha", "ACQUIRED", "Beta")], key="/f/a.yaml")
    b = ext("b", ["Gamma", "Delta"], [("Gamma", "ACQUIRED", "Delta")], key="/f/b.yaml")
    store.add([a, b])
    edited = ext("a", ["Gamma", "Delta"], [("Gamma", "ACQUIRED", "Delta")], key="/f/a.yaml")
    edited.document.sha256 = b.document.sha256  # the same bytes as b.yaml now
    [outcome] = store.add([edited])
    assert (outcome.action, outcome.document) == ("replaced", "a")
    names_ = {e.name for e in store.snapshot().entities.values()}
    assert "Alpha" not in names_ and sorted(store.snapshot().documents) == ["a", "b"]


def test_a_forced_copy_never_deletes_the_original(store, ext):
    a = ext("a", ["Alpha", "Beta"], [("Alpha", "ACQUIRED", "Beta")], key="/f/a.yaml")
    store.add([a])
    copy = ext("a", ["Alpha", "Beta"], [("Alpha", "ACQUIRED", "Beta")], key="/f/c.yaml")
    copy.document.id = "c"
    assert [o.action for o in store.add([copy])] == ["unchanged"]  # a copy is a duplicate by content
    [outcome] = store.add([copy], force=True)
    assert (outcome.action, outcome.document) == ("added", "c")
    assert sorted(store.snapshot().documents) == ["a", "c"]


def test_a_failed_transaction_writes_nothing_and_forgets_its_changes(store, store_dir, two_docs):
    store.add([two_docs[0]])
    before = (store_dir / "store.json").read_bytes()
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.extractions.clear()
            raise RuntimeError("boom")
    assert (store_dir / "store.json").read_bytes() == before
    assert list(store.extractions) == ["a"]


def test_a_held_lock_is_a_clear_error_not_a_hang(store_dir, two_docs):
    store = MemoryStore(store_dir, lock_timeout=0.2)
    store_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(store_dir / "store.lock")):
        with pytest.raises(StoreError, match="locked by another dealgraph process"):
            store.add([two_docs[0]])
    store.add([two_docs[0]])
    assert list(MemoryStore(store_dir).extractions) == ["a"]


def test_a_reader_sees_what_another_writer_committed(store_dir, two_docs):
    reader, writer = MemoryStore(store_dir), MemoryStore(store_dir)
    assert reader.snapshot().stats()["documents"] == 0
    writer.add([two_docs[0]])
    assert reader.snapshot().stats()["documents"] == 1
    writer.add([two_docs[1]])
    assert reader.snapshot().stats()["documents"] == 2


@pytest.mark.parametrize("where", ["dir", "under-a-file"])
def test_atomic_write_to_a_place_that_cannot_be_a_file_is_a_one_line_error(tmp_path, where):
    (tmp_path / "plain").write_text("x")
    target = tmp_path if where == "dir" else tmp_path / "plain" / "out.json"
    with pytest.raises(DealgraphError, match=rf"^{re.escape(str(target))}: (is a directory|cannot write)"):
        atomic_write(target, b"{}")
    assert list(tmp_path.glob(".*.tmp")) == []


# -- crashes and concurrency: real processes -------------------------------------------------------

WRITER = textwrap.dedent("""
    import sys
    from dealgraph.graph.memory import MemoryStore
    from dealgraph.graph.model import Document, Entity, Extraction
    store = MemoryStore(sys.argv[1])
    first = int(sys.argv[2])
    for i in range(first, first + 1000):
        doc = Document(id=f"t{i:04d}", key=f"/t/{i}", sha256=str(i), loader="test")
        store.add([Extraction(document=doc, entities=[Entity(f"Tiny {i}")])])
        print(i, flush=True)
""")


def test_a_save_killed_at_any_moment_leaves_the_old_or_the_new_store(store, store_dir, ext):
    """SIGKILL a process that keeps committing to a big store; the file must always be whole."""
    big = ext("big", [f"Company {i}" for i in range(4000)],
              [(f"Company {i}", "INVESTED_IN", f"Company {i + 1}", {"date": "2026-04", "status": "completed"})
               for i in range(3999)])
    store.add([big])
    assert (store_dir / "store.json").stat().st_size > 1_000_000  # big enough that a save takes a while
    rng = random.Random(20260412)
    committed = 0
    for _ in range(5):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(store_dir), str(committed)],
                                 stdout=subprocess.PIPE, text=True)
        first = child.stdout.readline()  # it has committed once: now it is in its loop of saves
        assert first.strip() == str(committed), "writer did not start"
        time.sleep(rng.uniform(0, 0.4))
        child.send_signal(signal.SIGKILL)
        printed = [first, *child.stdout.read().split()]
        child.wait()
        last_printed = int(printed[-1])

        raw = json.loads((store_dir / "store.json").read_bytes())  # complete JSON, or this raises
        tiny = sorted(d for d in raw["documents"] if d.startswith("t"))
        assert tiny == [f"t{i:04d}" for i in range(len(tiny))], "a commit was lost or half applied"
        assert len(tiny) - 1 in (last_printed, last_printed + 1), "neither the old nor the new store"
        assert "big" in raw["documents"]
        committed = len(tiny)
    # whatever the kills left behind does not get in the way of the next writer, who tidies it up
    reopened = MemoryStore(store_dir)
    reopened.add([ext("after", ["Acme"], [])])
    assert list(store_dir.glob(".store.json.*.tmp")) == []
    assert reopened.snapshot().stats()["documents"] == committed + 2


SAVER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from dealgraph.graph.memory import atomic_write
    def payload(k):
        return (b'{"k": %d, "pad": "' % k) + bytes([65 + k]) * (20_000_000 + k) + b'"}'
    payloads = [payload(0), payload(1)]
    for i in range(10**6):
        atomic_write(Path(sys.argv[1]), payloads[i % 2])
        if i == 0:
            print("saved", flush=True)
""")


def test_atomic_write_killed_mid_save_leaves_old_or_new_bytes(tmp_path):
    """Nearly all of this writer's time is spent saving, so the kills land inside atomic_write."""
    target = tmp_path / "out" / "data.json"
    expected = {(b'{"k": %d, "pad": "' % k) + bytes([65 + k]) * (20_000_000 + k) + b'"}' for k in (0, 1)}
    rng, interrupted = random.Random(7), 0
    for _ in range(6):
        child = subprocess.Popen([sys.executable, "-c", SAVER, str(target)], stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "saved"
        time.sleep(rng.uniform(0.01, 0.2))
        child.kill()
        child.wait()
        assert target.read_bytes() in expected
        temps = list(target.parent.glob(".data.json.*.tmp"))
        interrupted += bool(temps)
        for t in temps:
            t.unlink()
    assert interrupted >= 3, f"only {interrupted} of 6 kills landed mid-save: the test did not test much"


READY_THEN_WRITE = textwrap.dedent("""
    import os, sys, time
    from dealgraph.graph.memory import MemoryStore
    from dealgraph.loaders import load
    store = MemoryStore(sys.argv[1])   # opened (and read) before the other process writes
    extractions = [load(p) for p in sys.argv[3:]]
    print("ready", flush=True)
    while not os.path.exists(sys.argv[2]):
        time.sleep(0.001)
    for e in extractions:
        store.add([e])
""")


def test_two_concurrent_writers_both_land(tmp_path, store_dir):
    files = {who: [] for who in ("left", "right")}
    for who, paths in files.items():
        for i in range(10):
            p = tmp_path / who / f"{who}-{i}.yaml"
            p.parent.mkdir(exist_ok=True)
            p.write_text(f"entities: [{{name: {who.title()} Co {i}, type: Company}}]\n"
                         f"relations: [{{subject: {who.title()} Co {i}, type: PARTNERS_WITH, object: Hub}}]\n")
            paths.append(str(p))
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", READY_THEN_WRITE, str(store_dir), str(go), *paths],
                              stdout=subprocess.PIPE, text=True) for paths in files.values()]
    assert [p.stdout.readline().strip() for p in procs] == ["ready", "ready"]
    go.touch()
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    snap = MemoryStore(store_dir).snapshot()
    assert sorted(snap.documents) == sorted(Path(p).stem for paths in files.values() for p in paths)
    assert len(snap.relations) == 20
