"""The embedded SQLite store: round trip, idempotent re-ingest, replace, forget, judgements, the file
and its version, crashes at chosen points inside a write, concurrent writers and readers."""
from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dealgraph.exc import InputError, NotFoundError, StoreError
from dealgraph.exports.jsonfmt import to_dict
from dealgraph.graph.model import Extraction
from dealgraph.graph.sqlite import SqliteStore, db


@pytest.fixture
def two_docs(ext):
    """Two articles that agree on one deal; only `a` mentions Tesla, only `b` mentions the IPO."""
    a = ext("a", [("SpaceX", "Company"), ("xAI", "Company"), ("Tesla", "Company")],
            [("SpaceX", "ACQUIRED", "xAI", {"date": "2026-02"}), ("Tesla", "SUPPLIES_DATA_TO", "xAI")])
    b = ext("b", [("SpaceX Corp", "Company"), ("X.AI", "Company")],
            [("SpaceX Corp", "ACQUIRED", "X.AI", {"date": "2026-02"}),
             ("SpaceX Corp", "IPO", None, {"date": "2026-06-12", "status": "expected"})])
    return a, b


def view(store: SqliteStore) -> dict:
    """Everything a reader can see, without the ingest timestamps."""
    d = to_dict(store.snapshot())
    for doc in d["documents"]:
        doc.pop("ingested_at")
    return d


def names(snapshot) -> set[str]:
    return {e.name for e in snapshot.entities.values()}


def files(store_dir: Path) -> dict[str, bytes]:
    """The bytes of the database and of its write-ahead log, if any: what any change would alter."""
    wal = store_dir / "store.db-wal"
    return {"db": (store_dir / "store.db").read_bytes(), "wal": wal.read_bytes() if wal.exists() else b""}


def test_round_trip_reopen_gives_the_same_snapshot(store, store_dir, two_docs):
    store.add(list(two_docs))
    assert to_dict(SqliteStore(store_dir).snapshot()) == to_dict(store.snapshot())
    assert store.snapshot().stats() == {"entities": 3, "relations": 2, "events": 1, "documents": 2}


def test_extractions_come_back_as_the_loaders_gave_them(store, two_docs, ext):
    mentioned = ext("m", [("Acme", "Company", ["ACME Inc"])], [("Acme", "IPO", None)])
    mentioned.entities[0].mentions = [(0, 4), (20, 28)]
    mentioned.entities[0].attributes = {"hq": "Oslo", "tags": ["a", {"b": 1}]}
    given = [Extraction.from_dict(x.to_dict()) for x in (*two_docs, mentioned)]
    store.add(given)  # stamps ingested_at on them
    assert [x.to_dict() for x in store.extractions()] == [x.to_dict() for x in given]
    rows = store._open(False).execute("SELECT document, entity, start, \"end\" FROM mentions").fetchall()
    assert rows == [("m", "acme", 0, 4), ("m", "acme", 20, 28)]


def test_the_database_says_what_it_is(store, store_dir, two_docs):
    store.add([two_docs[0]])
    with sqlite3.connect(store_dir / "store.db") as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == db.APPLICATION_ID
        assert dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('format', 'version')")) == {
            "format": "dealgraph-store", "version": "2"}
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_store_file_is_readable_like_any_file_the_user_writes(store, store_dir, two_docs):
    store.add([two_docs[0]])
    mask = os.umask(0o22)
    os.umask(mask)
    assert stat.S_IMODE((store_dir / "store.db").stat().st_mode) == 0o666 & ~mask


@pytest.mark.parametrize("content, problem", [
    (b"", "not a dealgraph store"),
    (os.urandom(5000), "not a dealgraph store"),
    (b"SQLite format 3\x00" + bytes(4080), "not a dealgraph store"),
])
def test_a_file_that_is_not_a_store_is_a_clear_error(store_dir, content, problem):
    store_dir.mkdir()
    (store_dir / "store.db").write_bytes(content)
    for use in (lambda s: s.snapshot(), lambda s: s.add([])):
        with pytest.raises(StoreError, match=problem) as err:
            use(SqliteStore(store_dir))
        assert str(store_dir / "store.db") in str(err.value) and "\n" not in str(err.value)


def test_another_sqlite_database_or_version_is_a_clear_error(store, store_dir, two_docs):
    store.add([two_docs[0]])
    store.close()
    with sqlite3.connect(store_dir / "store.db") as conn:
        conn.execute("UPDATE meta SET value = '9' WHERE key = 'version'")
    with pytest.raises(StoreError, match=r"store version 9 is not supported \(this dealgraph reads version 2\)"):
        SqliteStore(store_dir).snapshot()
    other = store_dir.parent / "other"
    other.mkdir()
    with sqlite3.connect(other / "store.db") as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(StoreError, match="not a dealgraph store"):
        SqliteStore(other).snapshot()


def test_a_store_path_that_is_a_file_is_a_clear_error(tmp_path, two_docs):
    (tmp_path / "oops").write_text("not a directory")
    with pytest.raises(StoreError, match="cannot open store"):
        SqliteStore(tmp_path / "oops").snapshot()


def test_reading_creates_nothing_and_writing_says_it_created(store_dir, two_docs):
    store = SqliteStore(store_dir)
    assert store.snapshot().stats()["documents"] == 0 and not store_dir.exists() and not store.created
    store.add([two_docs[0]])
    assert store.created and (store_dir / "store.db").is_file()
    assert not SqliteStore(store_dir).created


def test_an_empty_directory_becomes_a_store(tmp_path, two_docs):
    """The evaluation script hands `mktemp -d` to --store."""
    store = SqliteStore(tmp_path)
    store.add([two_docs[0]])
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("store.db-")) == ["store.db"]


def test_reingesting_an_unchanged_document_changes_nothing(store, store_dir, two_docs):
    store.add(list(two_docs))
    store.close()
    before, docs = files(store_dir), SqliteStore(store_dir).snapshot().documents
    again = [Extraction.from_dict(x.to_dict()) for x in two_docs]  # the same documents, read afresh
    for x in again:
        x.document.ingested_at = None
    reopened = SqliteStore(store_dir)
    assert [o.action for o in reopened.add(again)] == ["unchanged", "unchanged"]
    reopened.close()
    assert files(store_dir) == before
    assert SqliteStore(store_dir).snapshot().documents == docs


def test_unchanged_is_known_before_extraction(store, two_docs, ext):
    store.add(list(two_docs))
    a = two_docs[0].document
    assert store.unchanged(a.key, a.sha256) == "a"
    assert store.unchanged("/elsewhere/copy-of-a.txt", a.sha256) == "a"  # a copy under a new path
    assert store.unchanged(a.key, "0" * 64) is None  # edited: it will be replaced
    assert SqliteStore(store.dir.parent / "nowhere").unchanged(a.key, a.sha256) is None


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
    snap = SqliteStore(store_dir).snapshot()
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
    before = view(store)
    with pytest.raises(NotFoundError, match=r"unknown document 'aa'"):
        store.forget("aa")
    assert view(SqliteStore(store_dir)) == before
    with pytest.raises(NotFoundError, match=r"unknown document 'a'"):
        SqliteStore(store_dir.parent / "missing").forget("a")
    assert not (store_dir.parent / "missing").exists()


def test_merge_and_distinct_persist_across_reopen_and_apply_to_later_documents(store, store_dir, ext):
    store.add([ext("a", [("Anysphere", "Company"), ("Cursor", "Product", ["Anysphere"])], [])])
    assert len(store.snapshot().entities) == 1
    store.judge("distinct", "Cursor", "Anysphere")
    store.add([ext("b", [("Cursor maker", "Company")], [])])
    store.judge("same", "Anysphere", "Cursor maker")
    reopened = SqliteStore(store_dir)
    assert [j.kind for j in reopened.judgements()] == ["distinct", "same"]
    reopened.add([ext("c", [("Cursor Maker Inc.", "Company"), ("Cursor", "Product")], [])])
    snap = SqliteStore(store_dir).snapshot()
    assert {frozenset(e.names()) for e in snap.entities.values()} == {
        frozenset({"Cursor"}), frozenset({"Anysphere", "Cursor maker", "Cursor Maker Inc."})}


def test_a_later_judgement_about_a_pair_replaces_the_earlier_one(store, ext):
    store.add([ext("a", ["Acme"], []), ext("b", ["Apex"], [])])
    store.judge("same", "Acme", "Apex")
    assert len(store.snapshot().entities) == 1
    store.judge("distinct", "Acme", "Apex")
    assert [j.kind for j in store.judgements()] == ["distinct"]
    assert len(store.snapshot().entities) == 2
    store.judge("same", "Apex", "Acme")
    assert [j.kind for j in store.judgements()] == ["same"] and len(store.snapshot().entities) == 1


def test_a_judgement_on_a_name_not_in_the_store_yet_applies_when_it_appears(store, ext):
    store.add([ext("a", ["SpaceX"], [])])
    assert store.judge("same", "Space Exploration Technologies", "SpaceX") == ["Space Exploration Technologies"]
    assert store.judgements()[-1].a == "Space Exploration Technologies"  # recorded as given
    assert store.judge("distinct", "Grok", "Grak") == ["Grok", "Grak"]
    store.add([ext("b", ["Space Exploration Technologies", "Grok", "Grak"], [])])
    groups = {frozenset(e.names()) for e in store.snapshot().entities.values()}
    assert frozenset({"SpaceX", "Space Exploration Technologies"}) in groups
    assert {frozenset({"Grok"}), frozenset({"Grak"})} <= groups


def test_distinct_of_two_spellings_of_one_name_is_refused(store, store_dir, ext):
    store.add([ext("a", ["xAI"], []), ext("b", ["xAI"], [])])
    before = view(store)
    with pytest.raises(InputError, match=r"'xAI' and 'X.AI' are the same name"):
        store.judge("distinct", "xAI", "X.AI")
    assert view(store) == before and store.judgements() == []


def test_an_edited_file_that_now_equals_another_replaces_its_own_claims(store, ext):
    """Key first: a.yaml rewritten with b.yaml's bytes is a.yaml replaced, not 'unchanged b'."""
    a = ext("a", ["Alpha", "Beta"], [("Alpha", "ACQUIRED", "Beta")], key="/f/a.yaml")
    b = ext("b", ["Gamma", "Delta"], [("Gamma", "ACQUIRED", "Delta")], key="/f/b.yaml")
    store.add([a, b])
    edited = ext("a", ["Gamma", "Delta"], [("Gamma", "ACQUIRED", "Delta")], key="/f/a.yaml")
    edited.document.sha256 = b.document.sha256  # the same bytes as b.yaml now
    [outcome] = store.add([edited])
    assert (outcome.action, outcome.document) == ("replaced", "a")
    assert "Alpha" not in names(store.snapshot()) and sorted(store.snapshot().documents) == ["a", "b"]


def test_a_forced_copy_never_deletes_the_original(store, ext):
    a = ext("a", ["Alpha", "Beta"], [("Alpha", "ACQUIRED", "Beta")], key="/f/a.yaml")
    store.add([a])
    copy = ext("a", ["Alpha", "Beta"], [("Alpha", "ACQUIRED", "Beta")], key="/f/c.yaml")
    copy.document.id = "c"
    assert [o.action for o in store.add([copy])] == ["unchanged"]  # a copy is a duplicate by content
    [outcome] = store.add([copy], force=True)
    assert (outcome.action, outcome.document) == ("added", "c")
    assert sorted(store.snapshot().documents) == ["a", "c"]


def test_a_failed_transaction_writes_nothing(store, store_dir, two_docs):
    store.add([two_docs[0]])
    before = view(store)
    with pytest.raises(RuntimeError):
        with store.transaction() as conn:
            conn.execute("DELETE FROM document")
            raise RuntimeError("boom")
    assert view(store) == before == view(SqliteStore(store_dir))


def test_a_store_another_writer_holds_is_a_clear_error_not_a_hang(store, store_dir, two_docs):
    store.add([two_docs[0]])
    other = sqlite3.connect(store_dir / "store.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    waiting = SqliteStore(store_dir, timeout=0.2)
    with pytest.raises(StoreError, match=r"store is locked by another dealgraph process \(waited 0s\)"):
        waiting.add([two_docs[1]])
    assert waiting.snapshot().stats()["documents"] == 1  # readers are not blocked by a writer
    other.execute("ROLLBACK")
    waiting.add([two_docs[1]])
    assert sorted(SqliteStore(store_dir).snapshot().documents) == ["a", "b"]


def test_a_reader_sees_what_another_writer_committed(store_dir, two_docs):
    reader, writer = SqliteStore(store_dir), SqliteStore(store_dir)
    assert reader.snapshot().stats()["documents"] == 0
    writer.add([two_docs[0]])
    assert reader.snapshot().stats()["documents"] == 1
    writer.add([two_docs[1]])
    assert reader.snapshot().stats()["documents"] == 2


def test_a_snapshot_keeps_reading_the_commit_it_was_opened_on(store, store_dir, two_docs):
    """A lazy reader must not mix two commits: what it reads later comes from the same state."""
    store.add([two_docs[0]])
    snap = store.snapshot()
    SqliteStore(store_dir).forget("a")  # another writer removes everything meanwhile
    assert snap.find("Tesla").name == "Tesla"  # read after the change, from the old commit
    assert [f.type for f in snap.touching(snap.find("Tesla").id)] == ["SUPPLIES_DATA_TO"]
    assert store.snapshot().stats()["documents"] == 0  # a new snapshot sees the new commit


def test_planner_statistics_someone_gathered_are_dropped_by_the_next_write(store, store_dir, two_docs):
    """With statistics SQLite 3.40 walks `edge` recursively through a Bloom filter per step (see
    db.drop_statistics); no query here is planned with them."""
    store.add([two_docs[0]])
    with sqlite3.connect(store_dir / "store.db") as conn:
        conn.execute("ANALYZE")
        assert conn.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0] > 0
    store.add([two_docs[1]])
    with sqlite3.connect(store_dir / "store.db") as conn:
        assert conn.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0] == 0


def test_a_schema_with_other_symmetric_types_reassembles_the_facts(store_dir, ext, tmp_path):
    from dealgraph.graph import schema

    SqliteStore(store_dir).add([ext("a", ["Acme", "Apex"], [("Acme", "LICENSES_TO", "Apex")]),
                                ext("b", ["Acme", "Apex"], [("Apex", "LICENSES_TO", "Acme")])])
    assert len(SqliteStore(store_dir).snapshot().relations) == 2
    extra = tmp_path / "symmetric.yaml"
    extra.write_text("relation_types:\n  LICENSES_TO: {symmetric: true}\n")
    snap = SqliteStore(store_dir, schema=schema.load(extra)).snapshot()
    assert [len(f.sources) for f in snap.relations] == [2]  # one fact, stated both ways
    assert len(SqliteStore(store_dir).snapshot().relations) == 2  # and back


# -- crashes and concurrency: real processes, killed at chosen points --------------------------------

KILLED_AT = textwrap.dedent("""
    import os, signal, sys
    import dealgraph.graph.sqlite.store as store_module
    from dealgraph.cli import main

    def point(name):
        if name == sys.argv[1]:
            os.kill(os.getpid(), signal.SIGKILL)  # inside the write transaction, at this point

    store_module.point = point
    main(sys.argv[2:])
""")


def kill_at(point: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", KILLED_AT, point, *args], capture_output=True, text=True,
                          timeout=120)


def facts_file(folder: Path, name: str, who: str) -> str:
    path = folder / f"{name}.yaml"
    path.write_text(f"relations: [{{subject: {who}, type: PARTNERS_WITH, object: Hub}}]\n")
    return str(path)


@pytest.mark.parametrize("point", ["inputs written", "resolved"])
def test_a_writer_killed_inside_its_transaction_leaves_the_last_commit(tmp_path, store_dir, point):
    first = facts_file(tmp_path, "first", "Alpha")
    assert kill_at("never", "--store", str(store_dir), "ingest", first).returncode == 0
    before = view(SqliteStore(store_dir))
    second = facts_file(tmp_path, "second", "Beta")
    killed = kill_at(point, "--store", str(store_dir), "ingest", second)
    assert killed.returncode == -9, killed.stderr
    assert (store_dir / "store.db-wal").exists()  # it died with the database open, mid-transaction
    assert view(SqliteStore(store_dir)) == before
    assert kill_at("never", "--store", str(store_dir), "ingest", second).returncode == 0  # the next writer goes on
    assert sorted(SqliteStore(store_dir).snapshot().documents) == ["first", "second"]


def test_a_big_ingest_killed_in_its_second_batch_keeps_the_first(tmp_path, store_dir):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(501):  # one batch of 500, then one more
        facts_file(folder, f"f{i:03d}", f"Company {i}")
    calls = textwrap.dedent("""
        import os, signal, sys
        import dealgraph.graph.sqlite.store as store_module
        from dealgraph.cli import main
        seen = []
        def point(name):
            seen.append(name)
            if seen.count("inputs written") == 2:
                os.kill(os.getpid(), signal.SIGKILL)
        store_module.point = point
        main(sys.argv[1:])
    """)
    killed = subprocess.run([sys.executable, "-c", calls, "--store", str(store_dir), "ingest", "-q", str(folder)],
                            capture_output=True, text=True, timeout=300)
    assert killed.returncode == -9
    assert SqliteStore(store_dir).snapshot().stats()["documents"] == 500


READY_THEN_WRITE = textwrap.dedent("""
    import os, sys, time
    from dealgraph.graph.sqlite import SqliteStore
    from dealgraph.loaders import load
    store = SqliteStore(sys.argv[1])
    extractions = [load(p) for p in sys.argv[3:]]
    print("ready", flush=True)
    while not os.path.exists(sys.argv[2]):
        time.sleep(0.001)
    for e in extractions:
        store.add([e])
""")


def test_two_concurrent_writers_both_land(tmp_path, store_dir):
    paths = {who: [facts_file(tmp_path, f"{who}-{i}", f"{who.title()} Co {i}") for i in range(10)]
             for who in ("left", "right")}
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", READY_THEN_WRITE, str(store_dir), str(go), *p],
                              stdout=subprocess.PIPE, text=True) for p in paths.values()]
    assert [p.stdout.readline().strip() for p in procs] == ["ready", "ready"]
    go.touch()
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    snap = SqliteStore(store_dir).snapshot()
    assert sorted(snap.documents) == sorted(Path(p).stem for ps in paths.values() for p in ps)
    assert len(snap.relations) == 20
