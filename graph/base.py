"""The contract every graph store keeps, embedded (SQLite) or server (Neo4j), and the bookkeeping
they share: which document an ingest replaces, how a judgement replaces earlier ones.

A store answers canned queries and Cypher itself (`query`, `cypher`), by the implementations
registered for its engine (graph/answers.py), so neither the CLI nor a library user branches on the
backend. One test suite (tests/stores) runs against every implementation; identical answers are the proof.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ..exc import InputError, NotFoundError
from . import answers
from .model import Extraction
from .names import normalize
from .resolve import Judgement
from .snapshot import Snapshot

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Outcome:
    """What an ingest did with one document: added, replaced or unchanged."""

    document: str
    action: str
    relations: int = 0
    events: int = 0
    entities: int = 0


class GraphStore(ABC):
    """A place that holds documents' extractions and answers with resolved snapshots."""

    engine = "snapshot"  # how queries run on it (graph/answers.py): over its snapshot, or "neo4j"
    created = False  # this object created the store (its first write did)

    @property
    def local_dir(self) -> Path | None:
        """The directory on this machine the store lives in; None for a server."""
        return None

    def exists(self) -> bool:
        """Whether there is a store to read yet (a server always answers; a file store is made by a write)."""
        return True

    def prepare(self) -> None:  # noqa: B027 - optional hook
        """Get ready to write now, so a store that cannot be written fails before any work is done."""

    @abstractmethod
    def add(self, extractions: list[Extraction], *, force: bool = False) -> list[Outcome]:
        """Register documents; an unchanged document (same content) changes nothing."""

    @abstractmethod
    def forget(self, document: str) -> Outcome:
        """Retract a document: facts no other source supports disappear."""

    @abstractmethod
    def judge(self, kind: str, a: str, b: str) -> list[str]:
        """Record an analyst's judgement: 'same' (merge) or 'distinct' (never merge).

        Returns the names not in the store yet; the judgement applies when they appear."""

    @abstractmethod
    def snapshot(self) -> Snapshot:
        """The resolved graph as it stands."""

    knows_unchanged = False  # whether `unchanged` can answer: if not, nobody need hash the files first

    def commit_size(self, files: int) -> int:
        """How many files one commit of an ingest should take, given the caller's `files`: a store
        whose writes cost more as it grows asks for more per commit."""
        return files

    def unchanged(self, key: str, sha256: str) -> str | None:
        """The id of the stored document an ingest of this file (key, content hash) would leave
        unchanged, so it need not be extracted; None when not known cheaply (add() still tells)."""
        return None

    def table(self, name: str, *args: Any, **params: Any):
        """Canned query `name` (dealgraph.queries.REGISTRY) as a queries.registry.Table: what `query`
        turns into a DataFrame, and what the CLI prints without importing pandas."""
        return answers.query(self.engine, name)(self, *args, **params)

    def query(self, name: str, *args: Any, **params: Any) -> "pd.DataFrame":
        """Canned query `name`, answered as the query functions answer it over this store's snapshot:
        `store.query("controllers", "xAI", as_of="2026-03")`."""
        return self.table(name, *args, **params).frame()

    def cypher(self, text: str, params: dict[str, Any] | None = None, *, write: bool = False) -> "pd.DataFrame":
        """Run a Cypher statement, `params` as real parameters (never pasted into the text); read-only
        unless `write`. `df.attrs["counters"]` says what a write changed."""
        return answers.cypher(self.engine)(self, text, dict(params or {}), write)

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def counts(ext: Extraction) -> dict[str, int]:
    return dict(relations=sum(c.object is not None for c in ext.claims),
                events=sum(c.object is None for c in ext.claims), entities=len(ext.entities))


def place(ext: Extraction, force: bool, by_key: Callable[[str], tuple[str, str] | None],
          by_hash: Callable[[str], str | None], taken: Callable[[str], bool]) -> Outcome:
    """Decide what adding `ext` does, given the stored documents: `by_key(key)` -> (id, sha256) of
    the document stored under that key (path or URL), `by_hash(sha256)` -> the id of one with that
    content, `taken(id)` -> whether an id is used.

    By key first: the same key is unchanged or replaced; only a new key may be a copy of another
    document (same content), and no other key's document is ever dropped. A new document keeps
    its id unless taken ("notes", "notes-2"); sources citing it follow. Sets `ingested_at`.
    """
    doc = ext.document
    original_id = doc.id
    same_key = by_key(doc.key)
    if same_key is not None:
        stored_id, stored_hash = same_key
        if stored_hash == doc.sha256 and not force:
            return Outcome(stored_id, "unchanged")
        doc.id, action = stored_id, "replaced"
    else:
        same_hash = by_hash(doc.sha256)
        if same_hash is not None and not force:
            return Outcome(same_hash, "unchanged")
        base, n = doc.id, 2
        while taken(doc.id):
            doc.id, n = f"{base}-{n}", n + 1
        action = "added"
    if doc.id != original_id:
        for c in ext.claims:
            if c.source is not None and c.source.document == original_id:
                c.source = dataclasses.replace(c.source, document=doc.id)
    doc.ingested_at = doc.ingested_at or _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    return Outcome(doc.id, action, **counts(ext))


def judged(judgements: list[Judgement], kind: str, a: str, b: str,
           snap: Snapshot) -> tuple[list[Judgement], list[str]]:
    """The judgements after recording `kind` about a and b, and the names not in the store yet.

    Names found in the store are recorded as their entity's canonical name, others as given (they
    apply once a document brings them). The newest judgement about a pair replaces older ones, so
    a "distinct" undoes a "merge". A merge of what is already one entity changes nothing.
    """
    if kind not in ("same", "distinct"):
        raise ValueError(kind)
    if kind == "distinct" and normalize(a) == normalize(b):
        raise InputError(f"{a!r} and {b!r} are the same name; name two different entities")
    names, missing = [], []
    for ref in (a, b):
        try:
            names.append(snap.find(ref).name)
        except NotFoundError:
            names.append(ref)
            missing.append(ref)
    na, nb = names
    if normalize(na) == normalize(nb):
        if kind == "same":
            return judgements, missing
        # both references found the same (merged) entity: keep the analyst's own strings
        na, nb = a, b
    keep = [j for j in judgements if {normalize(j.a), normalize(j.b)} != {normalize(na), normalize(nb)}]
    return keep + [Judgement(kind, na, nb)], missing


def merge_judgements(mine: list[Judgement], theirs: list[Judgement]) -> list[Judgement]:
    """Theirs win for the same pair of names; order is mine, then their new ones (push and pull)."""
    def pair(j: Judgement) -> frozenset:
        return frozenset((j.a, j.b))

    incoming = {pair(j): j for j in theirs}
    kept = [incoming.pop(pair(j), j) for j in mine]
    return kept + [j for j in theirs if pair(j) in incoming]
