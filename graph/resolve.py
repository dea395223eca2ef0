"""Entity resolution: turn per-document extractions into one graph of global entities.

Mentions whose normalised names or aliases meet are one entity (union-find over names);
analysts' judgements add unions ("same") and forbid them ("distinct"). Resolution is a pure
function of the stored extractions and judgements, so a judgement applies to every document,
earlier and later, and forgetting a document leaves exactly what the others support.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

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


def resolve(extractions: Iterable[Extraction], judgements: Iterable[Judgement], schema: Schema) -> Snapshot:
    exts = sorted(extractions, key=lambda x: x.document.id)
    judgements = list(judgements)
    forbidden = [(normalize(j.a), normalize(j.b)) for j in judgements if j.kind == "distinct"]
    uf = _Clusters(forbidden)
    slots: list[tuple[Extraction, Entity]] = []
    local_slot: dict[tuple[str, str], int] = {}
    by_norm: dict[str, int] = {}
    for ext in exts:
        for ent in ext.entities:
            norms = {n for n in (normalize(x) for x in ent.names()) if n}
            if forbidden:
                ent, norms = _split(ent, norms, forbidden)
            i = uf.add(norms)
            slots.append((ext, ent))
            local_slot[(ext.document.id, ent.id)] = i
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

    entities: dict[str, Entity] = {}
    entity_docs: dict[str, list[str]] = {}
    slot_gid: dict[int, str] = {}
    for root in sorted(members, key=lambda r: min(members[r])):
        ms = members[root]
        curated = [slots[i][1] for i in ms if slots[i][0].document.loader == CURATED]
        pool = curated or [slots[i][1] for i in ms]
        names = Counter(e.name for e in pool)
        name = sorted(names, key=lambda n: (-names[n], -sum(c.isupper() for c in n), n))[0]
        types = Counter(e.type for e in pool if e.type != "Other")
        etype = sorted(types, key=lambda t: (-types[t], t))[0] if types else "Other"
        aliases: list[str] = []
        attrs: dict = {}
        for i in ms:
            ent = slots[i][1]
            for n in ent.names():
                if n != name and n not in aliases:
                    aliases.append(n)
            for k, v in ent.attributes.items():
                attrs.setdefault(k, v)
        gid = slugify(name)
        if gid in entities:
            gid = f"{gid}-{slugify(etype)}"
            k = 2
            while gid in entities:
                gid, k = f"{slugify(name)}-{k}", k + 1
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

    symmetric = {n for n, t in schema.relation_types.items() if t.symmetric}
    facts = assemble(claims, symmetric, {x.document.id: x.document.published for x in exts})
    return Snapshot(schema=schema, entities=entities,
                    relations=[f for f in facts if f.kind == "relation"],
                    events=[f for f in facts if f.kind == "event"],
                    documents={x.document.id: x.document for x in exts}, entity_documents=entity_docs)
