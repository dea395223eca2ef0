"""Large changes to a Neo4j store: written in parallel transactions, made visible in one.

Neo4j commits a transaction on one thread, and the bigger the transaction the more each element
costs: 10^5 relations with their sources load at about 12k relations/s as one transaction, and at
about 24k/s as six transactions of 17,500, two at a time, on the same two-core machine
(benchmarks/neo4j_load.py). A change that rewrites most of the graph (a push of a whole store,
the first ingest of a corpus) is therefore written in three steps:

1. Staging. The new graph's entities become nodes labelled `DealgraphStaged` (no `:Entity`, no
   type label), its relations the relationships between them and its events
   `DealgraphStagedEvent` nodes, in committed transactions of CHUNK elements, WORKERS at a time.
   Every dealgraph query and the documented Cypher start from `:Entity` or `:Event` nodes, so
   readers do not see them.
2. The flip, in the change's own transaction, which holds the store lock throughout and has
   written the inputs: the old graph's nodes lose their labels and become `DealgraphRetired`,
   the staged nodes get theirs, and one commit shows the new graph in place of the old.
3. Retired nodes are deleted afterwards, in batches, again under the store lock.

A load that dies leaves staged or retired nodes behind. They stay out of sight, and the next
change deletes them first: it holds the store lock, so no other load can be under way.
"""
from __future__ import annotations

import contextlib
import dataclasses
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Iterable, Iterator

from neo4j import exceptions as errors

from . import rows as R

STAGED, STAGED_EVENT, RETIRED = "DealgraphStaged", "DealgraphStagedEvent", "DealgraphRetired"
LABELS = (STAGED, STAGED_EVENT, RETIRED)
CHUNK = 20_000  # most elements per staging transaction: 5k to 50k measured alike, within run-to-run noise
WORKERS = 2  # staging transactions at a time; the benchmark machine has two cores
MIN_RELATIONS = 20_000  # below this a change is one transaction (store.sync): staging's flip is not worth it
RETRIES = 3  # a staging transaction that fails with a transient error (a deadlock) is run again

Job = list[tuple[str, list]]  # the statements of one transaction, each with its $rows


def worth_staging(new_relations: int, old_relations: int) -> bool:
    """Stage when the change is large and rewrites most of the graph.

    Staging writes the whole new graph and retires the whole old one, so it pays when the old
    graph is small next to the new; re-pushing an unchanged store takes the diff path and
    writes nothing.
    """
    return new_relations >= MIN_RELATIONS and 2 * old_relations <= new_relations


@dataclasses.dataclass
class Prepared:
    """A resolved graph as the rows a staged load sends (`prepare`, all Python, before any write)."""

    entities: list[dict[str, Any]]
    relations: list[tuple[str, list[str], list[list]]]  # (type, property names, [subject, object, *values])
    events: list[dict[str, Any]]  # properties, `entity` among them

    def counts(self) -> dict[str, int]:
        return {"entities": len(self.entities), "relations": sum(len(r) for _, _, r in self.relations),
                "events": len(self.events)}


def prepare(graph: R.GraphRows) -> Prepared:
    """Relations grouped by type, as lists rather than maps: the keys go in the statement, not in each row."""
    by_type: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for s, o, p in graph.relations.values():
        by_type.setdefault(p["type"], []).append((s, o, p))
    relations = []
    for rtype, rels in sorted(by_type.items()):
        keys = sorted({k for _, _, p in rels for k in p})
        relations.append((rtype, keys, [[s, o, *map(p.get, keys)] for s, o, p in rels]))
    return Prepared(list(graph.entities.values()), relations, list(graph.events.values()))


def write(conn, tx, graph: Prepared, label: Callable[[str], str]) -> int:
    """Stage `graph`, then in `tx` put it in place of the visible graph (the caller commits tx).

    `label` checks a schema type name and quotes it for a statement (store._label). Returns the
    number of staging transactions.
    """
    try:
        # two lists a transaction, not a record a node: records cost the client more than the nodes the server
        created = run_parallel(conn, _pack([(
            f"UNWIND $rows AS r CREATE (e:{STAGED}) SET e = r RETURN collect(r.id), collect(elementId(e))",
            graph.entities)]))
        node = {i: e for records in created for ids, elements in records for i, e in zip(ids, elements)}  # id -> elementId
        rest = run_parallel(conn, _pack(_relation_statements(graph, node, label)))
    except BaseException:
        with contextlib.suppress(Exception):  # best effort: the next change deletes what is left
            delete_leftovers(conn)
        raise
    _flip(tx)
    return len(created) + len(rest)


def _relation_statements(graph: Prepared, node: dict[str, str], label) -> list[tuple[str, list]]:
    """One statement per relation type, then one for the events, each with its rows."""
    statements = []
    for rtype, keys, rows in graph.relations:
        props = ", ".join(f"`{k}`: r[{n}]" for n, k in enumerate(keys, start=2))  # rows.py's own names
        statements.append((f"UNWIND $rows AS r MATCH (a) WHERE elementId(a) = r[0] MATCH (b) WHERE elementId(b) = r[1] "
                           f"CREATE (a)-[:{label(rtype)} {{{props}}}]->(b)",
                           [[node[r[0]], node[r[1]], *r[2:]] for r in rows]))
    statements.append((f"UNWIND $rows AS r MATCH (e) WHERE elementId(e) = r[0] "
                       f"CREATE (v:{STAGED_EVENT})-[:OF]->(e) SET v = r[1]",
                       [[node[p["entity"]], p] for p in graph.events]))
    return statements


def _pack(statements: list[tuple[str, list]]) -> Iterator[Job]:
    """The statements' rows in equal transactions of at most CHUNK rows, as many as a multiple of
    WORKERS, so no worker idles through the last round; a transaction may hold several statements."""
    total = sum(len(rows) for _, rows in statements)
    jobs = WORKERS * max(1, -(-total // (WORKERS * CHUNK)))
    size = max(1, -(-total // jobs))
    job: Job = []
    room = size
    for statement, rows in statements:
        i = 0
        while i < len(rows):
            part = rows[i:i + room]
            job.append((statement, part))
            i, room = i + len(part), room - len(part)
            if room == 0:
                yield job
                job, room = [], size
    if job:
        yield job


def _flip(tx) -> None:
    """Retire the visible graph and show the staged one, in the change's transaction."""
    tx.run(f"MATCH (e:Entity) REMOVE e:Entity, e:$(e.type) SET e:{RETIRED}").consume()
    tx.run(f"MATCH (v:Event) REMOVE v:Event SET v:{RETIRED}").consume()
    tx.run(f"MATCH (e:{STAGED}) REMOVE e:{STAGED} SET e:Entity, e:$(e.type)").consume()
    tx.run(f"MATCH (v:{STAGED_EVENT}) REMOVE v:{STAGED_EVENT} SET v:Event").consume()


def has_leftovers(tx) -> bool:
    return tx.run(f"MATCH (n) WHERE {' OR '.join(f'n:{name}' for name in LABELS)} RETURN n LIMIT 1").peek() is not None


def delete_leftovers(conn) -> None:
    """Delete staged and retired nodes with their relationships, a thousand nodes a transaction."""
    with conn.session() as s:
        for name in LABELS:  # names are ours
            s.run(f"MATCH (n:{name}) CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF 1000 ROWS").consume()


def run_parallel(conn, jobs: Iterable[Job]) -> list[list[tuple]]:
    """Run each job as its own committed transaction, WORKERS at a time; the records each returned, as tuples."""
    def run(job: Job) -> list[tuple]:
        with conn.session() as s:
            for attempt in range(1, RETRIES + 1):
                try:
                    with s.begin_transaction() as t:
                        out = [tuple(r) for statement, rows in job for r in t.run(statement, rows=rows)]  # Record.data() is slow
                        t.commit()
                    return out
                except errors.TransientError:
                    if attempt == RETRIES:
                        raise

    pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="dealgraph-stage")
    try:
        futures = [pool.submit(run, job) for job in jobs]
        return [f.result() for f in futures]
    finally:  # after a failure, jobs not yet started are dropped
        pool.shutdown(wait=True, cancel_futures=True)
