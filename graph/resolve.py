"""Entity resolution: turn per-document extractions into one graph of global entities.

Mentions whose normalised names or aliases meet are one entity (union-find over names);
analysts' judgements add unions ("same") and forbid them ("distinct"). Resolution is a pure
function of the stored extractions and judgements, so a judgement applies to every document,
earlier and later, and forgetting a document leaves exactly what the others support.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Iterable

from .model import Claim, Entity, Extraction, assemble
from .names import normalize, slugify
from .schema import Schema
from .snapshot import Snapshot

CURATED = "structured"


@dataclass(frozen=True)
class Judgement:
    kind: str  # "same" | "distinct"
    a: str  # canonical names at the time of the judgement
    b: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "a": self.a, "b": self.b}


class _Clusters:
    """Union-find over mention slots, refusing unions that a 'distinct' judgement forbids."""

    def __init__(self, forbidden: list[tuple[str, str]]):
        self.parent: list[int] = []
        self.norms: list[set[str]] = []
        self.forbidden = forbidden

    def add(self, norms: set[str]) -> int:
        self.parent.append(len(self.parent))
        self.norms.append(set(norms))
        return len(self.parent) - 1

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> bool:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return True
        a, b = self.norms[ri], self.norms[rj]
        for x, y in self.forbidden:
            if (x in a and y in b) or (y in a and x in b):
                return False
        if len(a) < len(b):
            ri, rj, a, b = rj, ri, b, a
        self.parent[rj] = ri
        a |= b
        self.norms[rj] = set()
        return True


def _split(ent: Entity, norms: set[str], forbidden: list[tuple[str, str]]) -> tuple[Entity, set[str]]:
    """Drop aliases that a 'distinct' judgement separates from the entity's own name."""
    drop = set()
    for x, y in forbidden:
        if x in norms and y in norms:
            drop.add(y if x == normalize(ent.name) else x)
    if not drop:
        return ent, norms
    kept = [a for a in ent.aliases if normalize(a) not in drop]
    return Entity(name=ent.name, type=ent.type, aliases=kept, attributes=ent.attributes, id=ent.id), norms - drop


def forbidden_pairs(judgements: Iterable[Judgement]) -> list[tuple[str, str]]:
    return [(normalize(j.a), normalize(j.b)) for j in judgements if j.kind == "distinct"]


def slot_norms(ent: Entity, forbidden: list[tuple[str, str]]) -> tuple[Entity, set[str]]:
    """A mention slot as resolution sees it: the entity with the aliases a 'distinct' judgement
    separates from its name dropped, and the normalised names it is found by (never empty)."""
    norms = {n for n in (normalize(x) for x in ent.names()) if n}
    if forbidden:
        ent, norms = _split(ent, norms, forbidden)
    return ent, norms


def cluster(slots: list[set[str]], judgements: Iterable[Judgement]) -> list[list[int]]:
    """Union-find over slots (their normalised names, in the global slot order), then the 'same'
    judgements; unions a 'distinct' judgement forbids are refused. Returns each cluster's slot
    indices, clusters ordered by their first slot.

    Unions only ever join slots that share a name or a 'same' judgement, so clustering a set of
    slots closed under those links gives what clustering every slot would give them: the store
    resolves one such neighbourhood at a time.
    """
    judgements = list(judgements)
    uf = _Clusters(forbidden_pairs(judgements))
    by_norm: dict[str, int] = {}
    for i, norms in enumerate(slots):
        uf.add(norms)
        for n in sorted(norms):
            if n in by_norm:
                uf.union(by_norm[n], i)
            else:
                by_norm[n] = i
    for j in judgements:
        if j.kind == "same":
            ia, ib = by_norm.get(normalize(j.a)), by_norm.get(normalize(j.b))
            if ia is not None and ib is not None:
                uf.union(ia, ib)
    members: dict[int, list[int]] = {}
    for i in range(len(slots)):
        members.setdefault(uf.find(i), []).append(i)
    return sorted(members.values(), key=lambda ms: ms[0])


class Summary:
    """What a resolved entity is made of, kept so that two can be combined without their slots.

    `names`/`types`: name (type) -> [count among curated slots, count among all slots]; `first`:
    every name and alias -> where it first appears (slot position, index among the slot's names);
    `attrs`: attribute -> [where it first appears, its value there]; `start`: the first slot.
    Positions are any comparable values in slot order (list indices here, (document, place) in
    the store). Everything is a sum or a minimum, so `merge` of two summaries equals the summary
    of their slots together, and `describe` picks name, type, aliases and attributes from it.
    """

    __slots__ = ("names", "types", "first", "attrs", "start", "size", "curated")

    def __init__(self) -> None:
        self.names: dict[str, list[int]] = {}
        self.types: dict[str, list[int]] = {}
        self.first: dict[str, Any] = {}
        self.attrs: dict[str, list] = {}
        self.start: Any = None
        self.size = self.curated = 0

    def add(self, position: Any, ent: Entity, curated: bool) -> "Summary":
        c = int(curated)
        self.size += 1
        self.curated += c
        if self.start is None or position < self.start:
            self.start = position
        for table, key in ((self.names, ent.name), (self.types, ent.type)):
            counts = table.setdefault(key, [0, 0])
            counts[0] += c
            counts[1] += 1
        for k, n in enumerate(ent.names()):
            where = (position, k)
            if n not in self.first or where < self.first[n]:
                self.first[n] = where
        for k, (key, value) in enumerate(ent.attributes.items()):
            where = (position, k)
            if key not in self.attrs or where < self.attrs[key][0]:
                self.attrs[key] = [where, value]
        return self

    def merge(self, other: "Summary") -> "Summary":
        self.size += other.size
        self.curated += other.curated
        if other.start is not None and (self.start is None or other.start < self.start):
            self.start = other.start
        for mine, theirs in ((self.names, other.names), (self.types, other.types)):
            for key, (c, a) in theirs.items():
                counts = mine.setdefault(key, [0, 0])
                counts[0] += c
                counts[1] += a
        for n, where in other.first.items():
            if n not in self.first or where < self.first[n]:
                self.first[n] = where
        for key, (where, value) in other.attrs.items():
            if key not in self.attrs or where < self.attrs[key][0]:
                self.attrs[key] = [where, value]
        return self

    def describe(self) -> tuple[str, str, list[str], dict[str, Any]]:
        """(name, type, aliases, attributes). Name and type are the most frequent among the
        curated slots if there are any (analysts' files outrank articles), else among all; more
        capitals, then the smaller name, break ties. Aliases are every other name, attributes
        the first value of each, in the order they first appear."""
        i = 0 if self.curated else 1
        names = {n: counts[i] for n, counts in self.names.items() if counts[i]}
        name = sorted(names, key=lambda n: (-names[n], -sum(ch.isupper() for ch in n), n))[0]
        types = {t: counts[i] for t, counts in self.types.items() if counts[i] and t != "Other"}
        etype = sorted(types, key=lambda t: (-types[t], t))[0] if types else "Other"
        aliases = [n for n in sorted(self.first, key=self.first.__getitem__) if n != name]
        attrs = {key: self.attrs[key][1] for key in sorted(self.attrs, key=lambda key: self.attrs[key][0])}
        return name, etype, aliases, attrs


def next_id(taken, base: str, etype: str) -> str:
    """An entity's id: `base`, the slug of its name; if an earlier entity has it, the slug with the
    type's, then with -2, -3, ... (an entity's id can only collide with ids starting with its slug)."""
    gid = base
    if gid in taken:
        gid = f"{base}-{_type_slug(etype)}"
        k = 2
        while gid in taken:
            gid, k = f"{base}-{k}", k + 1
    return gid


@functools.lru_cache(maxsize=256)
def _type_slug(etype: str) -> str:
    return slugify(etype)


def resolve(extractions: Iterable[Extraction], judgements: Iterable[Judgement], schema: Schema) -> Snapshot:
    exts = sorted(extractions, key=lambda x: x.document.id)
    judgements = list(judgements)
    forbidden = forbidden_pairs(judgements)
    slots: list[tuple[Extraction, Entity]] = []
    norms: list[set[str]] = []
    local_slot: dict[tuple[str, str], int] = {}
    for ext in exts:
        for ent in ext.entities:
            local_slot[(ext.document.id, ent.id)] = len(slots)
            ent, found = slot_norms(ent, forbidden)
            slots.append((ext, ent))
            norms.append(found)

    entities: dict[str, Entity] = {}
    entity_docs: dict[str, list[str]] = {}
    slot_gid: dict[int, str] = {}
    for ms in cluster(norms, judgements):
        summary = Summary()
        for i in ms:
            summary.add(i, slots[i][1], slots[i][0].document.loader == CURATED)
        name, etype, aliases, attrs = summary.describe()
        gid = next_id(entities.keys(), slugify(name), etype)
        entities[gid] = Entity(name=name, type=etype, aliases=aliases, attributes=attrs, id=gid)
        entity_docs[gid] = sorted({slots[i][0].document.id for i in ms})
        for i in ms:
            slot_gid[i] = gid

    claims: list[Claim] = []
    for ext in exts:
        doc = ext.document.id
        for c in ext.claims:
            s = local_slot.get((doc, c.subject))
            o = local_slot.get((doc, c.object)) if c.object is not None else None
            if s is None or (c.object is not None and o is None):
                continue  # a claim about an entity the loader did not declare
            gs, go = slot_gid[s], (slot_gid[o] if o is not None else None)
            if go is not None and go == gs:
                continue  # both ends resolved to one entity: no relation left to state
            claims.append(Claim(**{**c.__dict__, "subject": gs, "object": go}))

    facts = assemble(claims, symmetric_types(schema), {x.document.id: x.document.published for x in exts})
    return Snapshot(schema=schema, entities=entities,
                    relations=[f for f in facts if f.kind == "relation"],
                    events=[f for f in facts if f.kind == "event"],
                    documents={x.document.id: x.document for x in exts}, entity_documents=entity_docs)


def symmetric_types(schema: Schema) -> set[str]:
    return {n for n, t in schema.relation_types.items() if t.symmetric}
