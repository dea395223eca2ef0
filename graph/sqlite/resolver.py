"""Resolution at write time: the derived tables (entity, entity_name, slot.entity, claim.fact, fact,
edge) kept equal to `graph.resolve.resolve()` of the stored inputs, touching only what a change
reaches.

Why this is exact. Unions only join slots that share a normalised name or a 'same' judgement, so
the slots split into *neighbourhoods* (closed under those links), and clustering one
neighbourhood by itself, its slots in the global order, gives what clustering everything gives
it (`graph.resolve.cluster`). A change is handled in two ways:

- **Merges** (the common case, new documents). New slots, with the entities whose names they
  share, form a group. When every entity touched is *alone* in its neighbourhood (no 'distinct'
  judgement split it), no new slot carries both names of a 'distinct' pair and the group does
  not gather both, union-find would only merge: the group becomes one entity whose `Summary`
  is the sum of its parts' (graph/resolve.py). Cost: the new slots and the names they share.
- **Recomputes** (removed slots, judgements, anything else). The neighbourhoods around the names
  involved are found by walking `slot_norm` and the 'same' links, and clustered afresh.

An entity's id is the slug of its name, suffixed when an earlier entity (in slot order) took it;
ids can only collide among entities whose slugs are dash-prefixes of one another, so a change
re-assigns ids in that family (`_family`) only. Claims whose ends changed id get their fact ids
again, and every fact a change reaches is assembled from all its claims (`model.assemble`).
"""
from __future__ import annotations

import functools
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from ..model import Claim, Entity, Extraction, Fact, Source, assemble, single
from ..names import make_id, normalize, slugify
from ..resolve import (CURATED, Judgement, Summary, cluster, forbidden_pairs, next_id, slot_norms,
                       symmetric_types)
from ..schema import Schema
from .. import dates

CHUNK = 500  # ids per IN (...) list
SUMMARY_MIN = 4  # entities with fewer slots keep no summary: it is rebuilt from their slots
BULK_IDS = 2000  # past this many entities changed, ids are re-assigned over the whole table

SlotKey = tuple[str, int]


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def loads(text: str) -> Any:
    """`json.loads`, the empty mapping and list (most values) without the decoder."""
    if text == "{}":
        return {}
    if text == "[]":
        return []
    return json.loads(text)


def dumps(value: Any) -> str:
    """Compact JSON; the empty list and mapping (most values) without the encoder."""
    if not value and isinstance(value, (list, dict)):
        return "[]" if isinstance(value, list) else "{}"
    return _encode(value)


@dataclass
class Change:
    """What a write did to the inputs, for `Resolver.apply`."""

    added: dict[str, Extraction] = field(default_factory=dict)  # documents whose slots are new; their
    # claims are written by the resolver, once it knows the facts they support
    names: dict[SlotKey, set[str]] = field(default_factory=dict)  # the new slots' names, normalised
    removed_norms: set[str] = field(default_factory=set)  # names of deleted slots
    removed_entities: set[int] = field(default_factory=set)  # entities of deleted slots
    removed_facts: set[str] = field(default_factory=set)  # facts of deleted claims
    cited: set[str] = field(default_factory=set)  # documents added or removed (claims cite them)
    judged: set[str] = field(default_factory=set)  # names in judgements added or dropped
    everything: bool = False  # derive everything again (a schema with other symmetric types)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed_norms or self.removed_entities or self.removed_facts
                    or self.cited or self.judged or self.everything)


@dataclass
class _Slot:
    key: SlotKey
    ent: Entity  # as resolution sees it: aliases a 'distinct' judgement separates dropped
    raw: list[str]  # normalised names before that
    norms: set[str]
    curated: bool
    entity: int | None  # its entity before the change
    names: set[str] | None = None  # a new slot's names normalised, the empty one included


class _Planned:
    """An entity as the change leaves it: `slots` are those to point at it (all of them, or those
    new to a kept entity), `rowid` the kept entity's (a merge keeps the largest; None: new)."""

    __slots__ = ("summary", "slots", "alone", "rowid", "id", "start", "size", "name", "type", "aliases",
                 "attributes", "base", "_slot", "names", "old")

    def __init__(self, summary: Summary, slots: list[SlotKey], alone: bool, rowid: int | None = None,
                 old: tuple | None = None):
        self.summary, self.slots, self.alone, self.rowid, self.id = summary, slots, alone, rowid, ""
        self.old = old  # a kept entity's row as it was (ENTITY_ROW)
        self.start, self.size = summary.start, summary.size
        self.name, self.type, self.aliases, self.attributes = summary.describe()
        self.base = slugify(self.name)
        self.names = {normalize(x) for x in (self.name, *self.aliases)}

    @classmethod
    def single(cls, s: _Slot, names: set[str]) -> "_Planned":
        """A new entity of one new slot: what `Summary.describe` gives for it, without the tallies
        (a first load makes hundreds of thousands of these)."""
        p = cls.__new__(cls)
        p.summary, p._slot, p.slots, p.alone, p.rowid, p.id, p.old = None, s, [s.key], True, None, "", None
        p.start, p.size, p.name, p.type = s.key, 1, s.ent.name, s.ent.type
        p.aliases = list(dict.fromkeys(a for a in s.ent.aliases if a != s.ent.name))
        p.attributes = dict(s.ent.attributes)
        p.base = slugify(p.name)
        p.names = names  # its slot's, normalised: the entity's names are the slot's
        return p

    def dumped_summary(self) -> str | None:
        """The summary to keep (entities with few slots rebuild theirs from them)."""
        if self.size < SUMMARY_MIN:
            return None
        if self.summary is None:
            self.summary = Summary().add(self._slot.key, self._slot.ent, self._slot.curated)
        return dump_summary(self.summary)

    def row(self) -> tuple:
        """Its ENTITY_ROW."""
        return (self.id, self.name, self.type, dumps(self.aliases), dumps(self.attributes), self.start[0],
                self.start[1], self.base, self.dumped_summary(), int(self.alone))

    def placed_as_before(self) -> bool:
        """A kept entity whose slug, type and first slot did not change: its id can only change if
        another entity of its family changed."""
        return self.old is not None and (self.old[7], self.old[2], (self.old[5], self.old[6])) == (
            self.base, self.type, self.start)


ENTITY_ROW = "id, name, type, aliases, attributes, first_doc, first_pos, base, summary, alone"
SLOT_ROW = "s.doc, s.pos, s.local, s.name, s.type, s.aliases, s.attributes, s.norms, d.loader, s.entity"  # -> _slot


def slot_entity(row) -> Entity:
    local, name, etype, aliases, attributes = row
    return Entity(name=name, type=etype, aliases=loads(aliases), attributes=loads(attributes), id=local)


class Resolver:
    """Applies a Change inside the caller's write transaction."""

    def __init__(self, db: sqlite3.Connection, schema: Schema):
        self.db = db
        self.symmetric = symmetric_types(schema)
        self.judgements = [Judgement(k, a, b) for k, a, b in db.execute(
            "SELECT kind, a, b FROM judgement ORDER BY seq")]
        self.forbidden = forbidden_pairs(self.judgements)
        self.same_only = [j for j in self.judgements if j.kind == "same"]
        self.links: dict[str, set[str]] = {}
        for j in self.same_only:
            a, b = normalize(j.a), normalize(j.b)
            if not (a and b):
                continue  # a name that normalises to nothing finds no slot (resolve's by_norm)
            self.links.setdefault(a, set()).add(b)
            self.links.setdefault(b, set()).add(a)
        self._entity_ids: dict[int, str] = {}

    # -- the whole change --------------------------------------------------------------------------
    def apply(self, change: Change) -> None:
        if not change:
            return
        self._tmp()
        if change.everything:
            region = [self._slot(row) for row in self.db.execute(
                f"SELECT {SLOT_ROW} FROM slot s JOIN document d ON d.id = s.doc ORDER BY s.doc, s.pos")]
            groups: list[list[_Slot]] = []
            touched: list[set[int]] = []
            retired = {r for r, in self.db.execute("SELECT rowid FROM entity")}
        else:
            new = [self._new_slot(doc, pos, ent, x.document.loader == CURATED, change.names[doc, pos])
                   for doc, x in sorted(change.added.items()) for pos, ent in enumerate(x.entities)]
            retired = set(change.removed_entities)
            seeds = set(change.removed_norms) | change.judged
            groups, touched, dirty_seeds = self._groups(new, retired)
            seeds |= dirty_seeds
            region = self._region(seeds) if seeds else []
            in_region = {s.key for s in region}
            plain = [(g, t) for g, t in zip(groups, touched) if not any(s.key in in_region for s in g)]
            groups, touched = [g for g, _ in plain], [t for _, t in plain]
        planned, retired = self._plan(region, groups, touched, retired)
        renamed = self._ids(planned, retired)
        self._write_entities(planned, retired, renamed)
        dirty_facts = set(change.removed_facts)
        dirty_facts |= self._rekey(change, planned, renamed)
        fresh = self._add_claims(change, planned)
        if change.cited:
            self._fill("t_doc", sorted(change.cited))
            dirty_facts |= {f for f, in self.db.execute(
                "SELECT DISTINCT fact FROM claim WHERE src_document IN (SELECT id FROM temp.t_doc) "
                "AND src_document <> doc AND fact IS NOT NULL")}
        if change.everything:
            dirty_facts |= {f for f, in self.db.execute("SELECT id FROM fact")}
            dirty_facts |= {f for f, in self.db.execute("SELECT DISTINCT fact FROM claim WHERE fact IS NOT NULL")}
        self._assemble(sorted(dirty_facts | fresh.keys()), {f: cs for f, cs in fresh.items() if f not in dirty_facts})

    # -- reading slots -----------------------------------------------------------------------------
    def _tmp(self) -> None:
        for name, cols in (("t_doc", "id TEXT PRIMARY KEY"), ("t_norm", "norm TEXT PRIMARY KEY"),
                           ("t_slot", "doc TEXT, pos INTEGER, PRIMARY KEY (doc, pos)"),
                           ("t_entity", "id INTEGER PRIMARY KEY"), ("t_fact", "id TEXT PRIMARY KEY"),
                           ("t_base", "base TEXT PRIMARY KEY"),
                           ("t_claim", "doc TEXT, seq INTEGER, PRIMARY KEY (doc, seq)")):
            self.db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} ({cols})")

    def _fill(self, table: str, rows: Iterable) -> None:
        self.db.execute(f"DELETE FROM temp.{table}")
        rows = list(rows)
        if rows and not isinstance(rows[0], tuple):
            rows = [(r,) for r in rows]
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            self.db.executemany(f"INSERT OR IGNORE INTO temp.{table} VALUES ({marks})", rows)

    def _slot(self, row) -> _Slot:
        doc, pos, local, name, etype, aliases, attributes, norms, loader, entity = row
        ent, found = slot_norms(slot_entity((local, name, etype, aliases, attributes)), self.forbidden)
        return _Slot((doc, pos), ent, json.loads(norms), found, loader == CURATED, entity)

    def _new_slot(self, doc: str, pos: int, ent: Entity, curated: bool, names: set[str]) -> _Slot:
        raw = sorted(n for n in names if n)
        if self.forbidden:
            ent, found = slot_norms(ent, self.forbidden)
        else:
            found = set(raw)
        return _Slot((doc, pos), ent, raw, found, curated, None, names)

    def _split(self, s: _Slot) -> bool:
        """Whether a 'distinct' judgement separates two of the slot's own names."""
        raw = set(s.raw)
        return any(x in raw and y in raw for x, y in self.forbidden)

    # -- merges ------------------------------------------------------------------------------------
    def _groups(self, new: list[_Slot], retired: set[int]) -> tuple[list[list[_Slot]], list[set[int]], set[str]]:
        """New slots grouped with the existing entities they join: by a shared name, by a 'same'
        judgement whose two names are both present, or by finding one entity under two names.
        Groups that cannot simply merge give their names to the recompute (third value) and are
        left out of the first two."""
        keys = {i: set() for i in range(len(new))}  # what each slot is joined to
        names = {n for s in new for n in s.norms}
        linked = {m for n in names for m in self.links.get(n, ())}
        entities = self._entities_named(names | linked)
        for i, s in enumerate(new):
            keys[i] |= {("name", n) for n in s.norms}
            keys[i] |= {("entity", e) for n in s.norms for e in entities.get(n, ())}
            for n in s.norms:  # a 'same' judgement joins its names' first slots, once both have one
                for m in self.links.get(n, ()):
                    if m in names:
                        keys[i].add(("name", m))
                    keys[i] |= {("entity", e) for e in entities.get(m, ())}
        parent = list(range(len(new)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        first: dict[Any, int] = {}
        for i in range(len(new)):
            for key in sorted(keys[i]):
                if key in first:
                    parent[find(i)] = find(first[key])
                else:
                    first[key] = i
        grouped: dict[int, list[int]] = {}
        for i in range(len(new)):
            grouped.setdefault(find(i), []).append(i)
        found = {e for es in entities.values() for e in es}
        self._fill("t_entity", sorted(found))
        alone = dict(self.db.execute("SELECT rowid, alone FROM entity WHERE rowid IN (SELECT id FROM temp.t_entity)"))
        groups, touched, seeds = [], [], set()
        for members in grouped.values():
            g = [new[i] for i in members]
            ents = {key[1] for i in members for key in keys[i] if key[0] == "entity"}
            held = {n for s in g for n in s.norms}
            if self.forbidden and ents:
                held |= {n for n, in self.db.execute(
                    f"SELECT norm FROM entity_name WHERE entity IN ({','.join('?' * len(ents))})", sorted(ents))}
            if (any(self._split(s) for s in g) or any(e in retired or not alone.get(e) for e in ents)
                    or any(x in held and y in held for x, y in self.forbidden)):
                seeds |= {n for s in g for n in s.raw}
            else:
                groups.append(g)
                touched.append(ents)
        return groups, touched, seeds

    def _entities_named(self, names: set[str]) -> dict[str, set[int]]:
        """name -> the existing entities with that name or alias."""
        self._fill("t_norm", sorted(n for n in names if n))
        out: dict[str, set[int]] = {}
        for norm, entity in self.db.execute(
                "SELECT n.norm, n.entity FROM temp.t_norm t CROSS JOIN entity_name n ON n.norm = t.norm"):
            out.setdefault(norm, set()).add(entity)
        return out

    # -- recomputes --------------------------------------------------------------------------------
    def _region(self, seeds: set[str]) -> list[_Slot]:
        """Every slot in the neighbourhoods of these names, in slot order."""
        seen_norms, frontier = set(seeds), sorted(seeds)
        found: dict[SlotKey, _Slot] = {}
        while frontier:
            self._fill("t_norm", frontier)
            fresh = [self._slot(row) for row in self.db.execute(
                f"SELECT {SLOT_ROW} "
                "FROM temp.t_norm t CROSS JOIN slot_norm n ON n.norm = t.norm "
                "CROSS JOIN slot s ON s.doc = n.doc AND s.pos = n.pos JOIN document d ON d.id = s.doc")]
            nxt: set[str] = {m for n in frontier for m in self.links.get(n, ())}
            for s in fresh:
                if s.key not in found:
                    found[s.key] = s
                    nxt.update(s.raw)
            frontier = sorted(nxt - seen_norms)
            seen_norms.update(frontier)
        return [found[k] for k in sorted(found)]

    # -- planning entities -------------------------------------------------------------------------
    def _summaries(self, rowids: set[int]) -> dict[int, tuple[Summary, tuple]]:
        """Existing entities' summaries and rows, read in two statements: a batch of news names
        thousands of known entities, and a statement each would cost more than the merges."""
        self._fill("t_entity", sorted(rowids))
        out: dict[int, tuple[Summary, tuple]] = {}
        for rowid, *row in self.db.execute(
                f"SELECT rowid, {ENTITY_ROW} FROM entity WHERE rowid IN (SELECT id FROM temp.t_entity)"):
            out[rowid] = (Summary() if row[8] is None else load_summary(row[8]), tuple(row))
        small = sorted(r for r, (_, row) in out.items() if row[8] is None)
        if small:  # too few slots to keep a summary: rebuilt from them, in slot order
            self._fill("t_entity", small)
            for row in self.db.execute(
                    f"SELECT {SLOT_ROW} FROM temp.t_entity t CROSS JOIN slot s ON s.entity = t.id "
                    "JOIN document d ON d.id = s.doc ORDER BY s.entity, s.doc, s.pos"):
                s = self._slot(row)
                out[s.entity][0].add(s.key, s.ent, s.curated)
        return out

    def _plan(self, region: list[_Slot], groups: list[list[_Slot]], touched: list[set[int]],
              retired: set[int]) -> tuple[list[_Planned], set[int]]:
        """The entities the change makes, and the entities it retires (replaced or merged away)."""
        planned: list[_Planned] = []
        retired = set(retired) | {s.entity for s in region if s.entity is not None}
        if region:
            norms = [s.norms for s in region]
            neighbourhood = {}
            for n, ms in enumerate(cluster(norms, self.same_only)):
                for i in ms:
                    neighbourhood[i] = n
            clusters = cluster(norms, self.judgements)
            per_neighbourhood: dict[int, int] = {}
            for ms in clusters:
                per_neighbourhood[neighbourhood[ms[0]]] = per_neighbourhood.get(neighbourhood[ms[0]], 0) + 1
            for ms in clusters:
                summary = Summary()
                for i in ms:
                    summary.add(region[i].key, region[i].ent, region[i].curated)
                planned.append(_Planned(summary, [region[i].key for i in ms],
                                        per_neighbourhood[neighbourhood[ms[0]]] == 1))
        known = self._summaries(set().union(*touched))
        for g, ents in zip(groups, touched):
            if len(g) == 1 and not ents:  # a plain group's slot was not split: its names are the entity's
                planned.append(_Planned.single(g[0], g[0].names))
                continue
            summary = Summary()
            for s in g:
                summary.add(s.key, s.ent, s.curated)
            parts = sorted(((*known[e], e) for e in ents), key=lambda p: (-p[0].size, p[2]))
            for part, _, _ in parts:
                summary.merge(part)
            slots = [s.key for s in g]
            for _, _, e in parts[1:]:  # merged into the largest: their slots move to it
                retired.add(e)
                slots.extend(self.db.execute("SELECT doc, pos FROM slot WHERE entity = ?", (e,)).fetchall())
            planned.append(_Planned(summary, slots, True, rowid=parts[0][2] if parts else None,
                                    old=parts[0][1] if parts else None))
        return planned, retired

    # -- ids ----------------------------------------------------------------------------------------
    def _ids(self, planned: list[_Planned], retired: set[int]) -> dict[int, tuple[str, str]]:
        """Give every planned entity its id; returns {rowid: (old id, new id)} for the existing
        entities of the family whose id changes. Kept entities placed as before (new mentions of a
        known company, the common case) start no family of their own."""
        same = {p.rowid: p for p in planned if p.placed_as_before()}
        moved = [p for p in planned if p.rowid not in same]
        gone = retired | {p.rowid for p in moved if p.rowid is not None}
        if len(moved) + len(retired) > BULK_IDS:
            family = {r: (first, pos, base, etype, eid) for r, first, pos, base, etype, eid in self.db.execute(
                "SELECT rowid, first_doc, first_pos, base, type, id FROM entity")}
        else:
            bases = {p.base for p in moved}
            self._fill("t_entity", sorted(gone))
            bases |= {b for b, in self.db.execute("SELECT base FROM entity WHERE rowid IN (SELECT id FROM temp.t_entity)")}
            family = self._family(bases, moved) if bases else {}
        for r in gone:
            family.pop(r, None)
        for p in same.values():  # in a family that changed: placed with it; else its id stays
            p.id = p.old[0]
            if family.pop(p.rowid, None) is not None:
                moved.append(p)
        order = [((first, pos), 1, r) for r, (first, pos, *_rest) in family.items()]
        order += [(p.start, 0, i) for i, p in enumerate(moved)]
        taken: set[str] = set()
        renamed: dict[int, tuple[str, str]] = {}
        for _, is_old, ref in sorted(order):
            if is_old:
                _, _, base, etype, old = family[ref]
                gid = next_id(taken, base, etype)
                if gid != old:
                    renamed[ref] = (old, gid)
            else:
                p = moved[ref]
                gid = p.id = next_id(taken, p.base, p.type)
            taken.add(gid)
        return renamed

    def _family(self, bases: set[str], planned: list[_Planned]) -> dict[int, tuple]:
        """Existing entities whose id could collide with one of these slugs', transitively: the
        entities with those slugs, and with the slugs their ids could become or extend (`next_id`:
        base-type, base-2, base-3...; a shorter slug the base extends). Read a round at a time."""
        members: dict[int, tuple] = {}
        planned_by_base: dict[str, list[_Planned]] = {}
        for p in planned:
            planned_by_base.setdefault(p.base, []).append(p)
        todo, done = set(bases), set()
        while todo:
            done |= todo
            self._fill("t_base", sorted(todo))
            rows: dict[str, list[tuple]] = {}
            for r, first, pos, base, etype, eid in self.db.execute(
                    "SELECT e.rowid, e.first_doc, e.first_pos, e.base, e.type, e.id "
                    "FROM temp.t_base t CROSS JOIN entity e ON e.base = t.base"):
                members[r] = (first, pos, base, etype, eid)
                rows.setdefault(base, []).append(etype)
            probes: set[str] = set()
            for base in todo:
                mine = planned_by_base.get(base, ())
                types = {slugify(t) for t in rows.get(base, ())} | {slugify(p.type) for p in mine}
                n = len(rows.get(base, ())) + len(mine)
                probes |= {f"{base}-{t}" for t in types} | {f"{base}-{k}" for k in range(2, n + 2)}
                parts = base.split("-")
                probes |= {"-".join(parts[:i]) for i in range(1, len(parts))}  # shorter slugs this one extends
                for t in types:  # a type slug with dashes: base-s extends base and can meet base-t
                    tparts = t.split("-")
                    probes |= {f"{base}-{'-'.join(tparts[:i])}" for i in range(1, len(tparts))}
            probes -= done
            self._fill("t_base", sorted(probes))
            found = {b for b, in self.db.execute(
                "SELECT DISTINCT t.base FROM temp.t_base t CROSS JOIN entity e ON e.base = t.base")}
            todo = (found | (probes & planned_by_base.keys())) - done
        return members

    # -- writing entities --------------------------------------------------------------------------
    def _write_entities(self, planned: list[_Planned], retired: set[int],
                        renamed: dict[int, tuple[str, str]]) -> None:
        db = self.db
        kept = {p.rowid: p for p in planned if p.rowid is not None}
        self._fill("t_entity", sorted(retired - kept.keys()))
        self._entity_ids = dict(db.execute("SELECT rowid, id FROM entity WHERE rowid IN (SELECT id FROM temp.t_entity)"))
        self._entity_ids.update((r, p.old[0]) for r, p in kept.items())
        self._entity_ids.update((r, old) for r, (old, _) in renamed.items())
        db.execute("DELETE FROM entity WHERE rowid IN (SELECT id FROM temp.t_entity)")
        # ids are unique: park the ones that change, then give them their new values
        park = sorted({r for r, p in kept.items() if p.id != p.old[0]} | renamed.keys())
        db.executemany("UPDATE entity SET id = char(0) || rowid WHERE rowid = ?", [(r,) for r in park])
        db.executemany("UPDATE entity SET id = ? WHERE rowid = ?", [(new, r) for r, (_, new) in renamed.items()])
        number = (db.execute("SELECT max(num) FROM entity").fetchone()[0] or 0) + 1
        inserts, updates, names, renamed_names = [], [], [], []
        for p in sorted(planned, key=lambda p: p.id):  # new numbers in id order: both indexes grow at their end
            row = p.row()
            if p.rowid is None:
                p.rowid, number = number, number + 1
                inserts.append((*row, p.rowid))
                names.extend((n, p.rowid) for n in p.names)
            elif row != p.old:  # a merge that changes nothing about the entity writes only its new slots
                updates.append((*row, p.rowid))
                if row[3] != p.old[3] or row[1] != p.old[1]:
                    renamed_names.append((p.rowid,))
                    names.extend((n, p.rowid) for n in p.names)
        db.executemany(f"INSERT INTO entity ({ENTITY_ROW}, num) VALUES ({', '.join('?' * 11)})", inserts)
        db.executemany("UPDATE entity SET id = ?, name = ?, type = ?, aliases = ?, attributes = ?, first_doc = ?, "
                       "first_pos = ?, base = ?, summary = ?, alone = ? WHERE num = ?", updates)
        db.executemany("DELETE FROM entity_name WHERE entity = ?", renamed_names)
        db.executemany("INSERT INTO entity_name VALUES (?, ?)", sorted(names))
        db.executemany("UPDATE slot SET entity = ? WHERE doc = ? AND pos = ?",
                       sorted(((p.rowid, doc, pos) for p in planned for doc, pos in p.slots), key=lambda r: r[1:]))

    # -- claims ------------------------------------------------------------------------------------
    def _rekey(self, change: Change, planned: list[_Planned], renamed: dict[int, tuple[str, str]]) -> set[str]:
        """Give claims whose ends changed entity id their fact id again; returns the facts touched."""
        db = self.db
        changed_slots: list[SlotKey] = []
        whole: list[int] = [r for r in renamed]
        for p in planned:
            old = self._entity_ids.get(p.rowid)
            if old is not None and old != p.id:
                whole.append(p.rowid)  # a kept entity renamed: all its slots
            changed_slots.extend(k for k in p.slots if k[0] not in change.added)
        if change.everything:
            claims = db.execute("SELECT doc, seq FROM claim").fetchall()
        else:
            self._fill("t_slot", changed_slots)
            if whole:
                db.executemany("INSERT OR IGNORE INTO temp.t_slot SELECT doc, pos FROM slot WHERE entity = ?",
                               [(r,) for r in whole])
            claims = db.execute(  # the new documents' claims are not written yet (_add_claims)
                "SELECT c.doc, c.seq FROM temp.t_slot t CROSS JOIN claim c ON c.doc = t.doc AND c.s_pos = t.pos "
                "UNION SELECT c.doc, c.seq FROM temp.t_slot t CROSS JOIN claim c ON c.doc = t.doc AND c.o_pos = t.pos"
            ).fetchall()
        self._fill("t_claim", claims)
        touched: set[str] = set()
        updates = []
        for doc, seq, rtype, obj, old_fact, s_id, o_id in db.execute(
                "SELECT c.doc, c.seq, c.type, c.object, c.fact, se.id, oe.id FROM temp.t_claim t "
                "CROSS JOIN claim c ON c.doc = t.doc AND c.seq = t.seq "
                "LEFT JOIN slot ss ON ss.doc = c.doc AND ss.pos = c.s_pos LEFT JOIN entity se ON se.rowid = ss.entity "
                "LEFT JOIN slot os ON os.doc = c.doc AND os.pos = c.o_pos LEFT JOIN entity oe ON oe.rowid = os.entity"):
            fact = fact_id(rtype, obj, s_id, o_id, self.symmetric)
            if fact != old_fact:
                updates.append((fact, doc, seq))
                touched.update(f for f in (old_fact, fact) if f is not None)
        db.executemany("UPDATE claim SET fact = ? WHERE doc = ? AND seq = ?", updates)
        return touched

    # -- facts -------------------------------------------------------------------------------------
    def _add_claims(self, change: Change, planned: list[_Planned]) -> dict[str, list[tuple]]:
        """Write the new documents' claims with the facts they support, now that their entities
        have ids; returns those facts' claims with their ends' ids, by fact, in document and claim order."""
        entity_of = {k: p.id for p in planned for k in p.slots}
        rows, fresh = [], {}
        for doc, x in sorted(change.added.items()):
            pos_of, id_of = {}, {}
            for pos, ent in enumerate(x.entities):  # the last entity with a local id, as resolve takes it
                pos_of[ent.id], id_of[ent.id] = pos, entity_of[doc, pos]
            for seq, c in enumerate(x.claims):
                s_id = id_of.get(c.subject)
                o_id = id_of.get(c.object) if c.object is not None else None
                fact = fact_id(c.type, c.object, s_id, o_id, self.symmetric)
                rows.append((doc, seq, c.type, c.subject, c.object, pos_of.get(c.subject),
                             pos_of.get(c.object) if c.object is not None else None, c.date, c.date_from,
                             c.date_to, c.date_text, c.status, None if c.amount is None else dumps(c.amount),
                             c.percent, dumps(c.attributes) if c.attributes else None, *source_row(c.source), fact))
                if fact is not None:
                    fresh.setdefault(fact, []).append((c, s_id, o_id))
        self.db.executemany(f"INSERT INTO claim VALUES ({', '.join('?' * 24)})", rows)
        return fresh

    def _assemble(self, facts: list[str], fresh: dict[str, list[tuple]]) -> None:
        """Assemble these facts from all their claims; facts left without claims go, with their
        edges. `fresh` holds the claims of facts only new documents state (no need to read them)."""
        db = self.db
        existed: dict[str, tuple] = {}
        if db.execute("SELECT 1 FROM fact LIMIT 1").fetchone() is not None:  # else a first load: none
            for i in range(0, len(facts), 20_000):
                self._fill("t_fact", facts[i:i + 20_000])
                existed.update((f, (subject, rtype, obj)) for f, subject, rtype, obj in db.execute(
                    "SELECT f.id, f.subject, f.type, f.object FROM temp.t_fact t CROSS JOIN fact f ON f.id = t.id"))
        new = {f: fresh[f] for f in facts if f in fresh and f not in existed}
        groups: dict[str, list[Claim]] = {}
        stored = [f for f in facts if f not in new]
        for i in range(0, len(stored), 20_000):
            self._fill("t_fact", stored[i:i + 20_000])
            for f, c in claims(db, "temp.t_fact t CROSS JOIN claim c ON c.fact = t.id"):
                groups.setdefault(f, []).append(c)
        published = self.published(sorted(
            {c.source.document for cs in groups.values() for c in cs if c.source is not None}
            | {c.source.document for cs in new.values() for c, _, _ in cs if c.source is not None}))
        assembled: list[Fact] = []
        for f, cs in new.items():  # only new documents state these: their claims are in memory
            if len(cs) == 1:
                c, s_id, o_id = cs[0]
                if c.type in self.symmetric:  # the fact's ends in id order, as Claim.key puts them
                    s_id, o_id = sorted((s_id, o_id))
                assembled.append(single(f, c, s_id, o_id, published))
            else:
                groups[f] = [Claim(**{**c.__dict__, "subject": s_id, "object": o_id}) for c, s_id, o_id in cs]
        for cs in groups.values():
            assembled.extend(assemble(cs, self.symmetric, published))
        made = {f.id for f in assembled}
        gone = [f for f in existed if f not in made]
        db.executemany("DELETE FROM fact WHERE id = ?", [(f,) for f in gone])
        db.executemany("DELETE FROM edge WHERE node = ? AND type = ? AND other = ? AND fact = ?",
                       [row for f in gone if existed[f][2] is not None for row in edge_rows(f, *existed[f])])
        # rows in key order: the B-trees grow at their end rather than everywhere
        db.executemany(f"INSERT OR REPLACE INTO fact VALUES ({', '.join('?' * 17)})", sorted(map(fact_row, assembled)))
        db.executemany("INSERT INTO edge VALUES (?, ?, ?, ?)",
                       sorted(row for f in assembled if f.id not in existed and f.object is not None
                              for row in edge_rows(f.id, f.subject, f.type, f.object)))

    def published(self, docs: list[str]) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for i in range(0, len(docs), CHUNK):
            part = docs[i:i + CHUNK]
            out.update(self.db.execute(f"SELECT id, published FROM document WHERE id IN ({','.join('?' * len(part))})",
                                       part))
        return out


def claims(db: sqlite3.Connection, source: str = "claim c", where: str = "",
           params: tuple = (), order: bool = True) -> Iterator[tuple[str, Claim]]:
    """(fact id, resolved claim) for the claims `source` (a FROM clause naming them `c`) and `where`
    select, by fact, document and place (`order`), else by document and place."""
    for row in db.execute(
            "SELECT c.fact, c.type, se.id, oe.id, c.date, c.date_from, c.date_to, c.date_text, c.status, c.amount, "
            "c.percent, c.attributes, c.src_document, c.quote, c.start, c.\"end\", c.rule, c.src_title, "
            f"c.src_published, c.src_url FROM {source} "
            "JOIN slot ss ON ss.doc = c.doc AND ss.pos = c.s_pos JOIN entity se ON se.rowid = ss.entity "
            "LEFT JOIN slot os ON os.doc = c.doc AND os.pos = c.o_pos LEFT JOIN entity oe ON oe.rowid = os.entity "
            f"{where} ORDER BY {'c.fact, ' if order else ''}c.doc, c.seq", params):
        yield row[0], claim_of(row[1:])


def claim_of(row) -> Claim:
    (rtype, subject, obj, date, date_from, date_to, date_text, status, amount, percent, attributes,
     src, quote, start, end, rule, title, published, url) = row
    source = None if src is None else Source(document=src, quote=quote, start=start, end=end, rule=rule,
                                             title=title, published=published, url=url)
    return Claim(type=rtype, subject=subject, object=obj, date=date, date_from=date_from, date_to=date_to,
                 date_text=date_text, status=status, amount=None if amount is None else loads(amount),
                 percent=percent, attributes=loads(attributes) if attributes else {}, source=source)


def names_of(ent: Entity) -> set[str]:
    """Its name and aliases normalised; those not empty are what a slot is found by (`slot.norms`)."""
    return {normalize(x) for x in ent.names()}


def source_row(s: Source | None) -> tuple:
    if s is None:
        return (None,) * 8
    return s.document, s.quote, s.start, s.end, s.rule, s.title, s.published, s.url


def fact_id(rtype: str, obj: str | None, s_id: str | None, o_id: str | None, symmetric: set[str]) -> str | None:
    """The fact a claim supports once its ends are resolved (None: an end is undeclared, or both
    ends are one entity); as `Claim.key` and `model.assemble` make it."""
    if s_id is None:
        return None
    if obj is None:
        return make_id("evt", s_id, rtype)
    if o_id is None or o_id == s_id:
        return None
    s, o = sorted((s_id, o_id)) if rtype in symmetric else (s_id, o_id)
    return make_id("rel", s, rtype, o)


@functools.lru_cache(maxsize=1 << 16)
def sort_key(date: str | None) -> str:
    """`dates.sort_key` as text that sorts the same way."""
    flag, day, precision = dates.sort_key(date)
    return f"{flag} {day.isoformat()} {precision}"


def edge_rows(fact: str, subject: str, rtype: str, obj: str) -> tuple[tuple, tuple]:
    return (subject, rtype, obj, fact), (obj, rtype, subject, fact)


def fact_row(f: Fact) -> tuple:
    return (f.id, f.kind, f.type, f.subject, f.object, f.date, f.date_from, f.date_to, f.date_text, f.status,
            None if f.amount is None else dumps(f.amount), f.percent, dumps(f.attributes), dumps(f.conflicts),
            f.known_date, dumps(f.documents), sort_key(f.date))


def dump_summary(s: Summary) -> str:
    return dumps({"names": s.names, "types": s.types, "size": s.size, "curated": s.curated,
                  "start": list(s.start), "first": {n: [*w[0], w[1]] for n, w in s.first.items()},
                  "attrs": {k: [[*w[0], w[1]], v] for k, (w, v) in s.attrs.items()}})


def load_summary(text: str) -> Summary:
    raw = json.loads(text)
    s = Summary()
    s.names, s.types, s.size, s.curated = raw["names"], raw["types"], raw["size"], raw["curated"]
    s.start = tuple(raw["start"])
    s.first = {n: ((d, p), k) for n, (d, p, k) in raw["first"].items()}
    s.attrs = {key: [((d, p), k), v] for key, ((d, p, k), v) in raw["attrs"].items()}
    return s
