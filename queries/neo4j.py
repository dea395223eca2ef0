"""Every canned query in Cypher, for the Neo4j backend: same parameters, same columns, same rows.

Cypher does the graph work on the server: which relations are in effect (the rules of
``graph.asof``, comparing partial ISO dates as text, see ``_before``), walks,
simple paths and shortest paths. Python validates arguments exactly as the NetworkX
implementations do and shapes the returned rows into the documented columns and order.

User values only ever travel as parameters. Two things Cypher cannot take as parameters are
written into the text: the bound of a variable-length pattern, an int that `rows.depth` has
validated, and the schema's terminating relation types in one pattern (`_typed`), names that
Neo4jStore has checked are plain identifiers.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from ..exc import InputError, NotFoundError
from ..graph import dates
from ..graph.names import normalize
from ..graph.neo4j import rows as R
from ..graph.snapshot import suggest
from . import asof, rows
from .control import CHAIN_COLUMNS, PARTY_COLUMNS
from .history import DEAL_CATEGORIES
from .provenance import CONFLICT_COLUMNS, HEAD_COLUMNS, SOURCE_COLUMNS, close_fact_ids, looks_like_fact_id, sides
from .registry import REGISTRY, Table, get, result

if TYPE_CHECKING:
    import pandas as pd

IMPLEMENTATIONS: dict[str, Callable[..., Table]] = {}


def implements(name: str):
    def wrap(fn):
        IMPLEMENTATIONS[name] = fn
        return fn
    return wrap


def run(store, name: str, *args: Any, **kwargs: Any) -> "pd.DataFrame":
    """Run canned query `name` on a Neo4jStore (as `store.query` does)."""
    return table(store, name, *args, **kwargs).frame()


def table(store, name: str, *args: Any, **kwargs: Any) -> Table:
    """`run`, answering with the Table the CLI prints."""
    query = get(name)
    if query.name not in IMPLEMENTATIONS:
        raise InputError(f"query {name!r} has no Cypher implementation yet")
    store.setup()
    return IMPLEMENTATIONS[query.name](_Db(store), *args, **kwargs)


class _Db:
    """A store's connection plus the lookups every query needs."""

    def __init__(self, store):
        self.conn, self.schema = store.conn, store.schema

    def read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return self.conn.read(query, **params)

    def find(self, ref: str, what: str = "entity") -> str:
        """The id of the entity with this id, name or alias, as `Snapshot.find` resolves it."""
        for query, value in (("MATCH (e:Entity {id: $v}) RETURN e.id AS id", ref),
                             ("MATCH (e:Entity {id: $v}) RETURN e.id AS id", normalize(ref)),
                             ("MATCH (e:Entity) WHERE $v IN e.norms RETURN e.id AS id ORDER BY e.id LIMIT 1",
                              normalize(ref))):
            hit = self.read(query, v=value)
            if hit:
                return hit[0]["id"]
        everyone = self.read("MATCH (e:Entity) RETURN e.id AS id, e.name AS name, e.aliases AS aliases")
        names = ((r["name"], [r["name"], *(r["aliases"] or [])]) for r in everyone)
        raise NotFoundError(what, ref, suggest(ref, names))

    def names(self, ids) -> dict[str, dict[str, Any]]:
        return {r["id"]: r for r in self.read(
            "UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN e.id AS id, e.name AS name, e.type AS type",
            ids=sorted(set(ids)))}


# -- rows from Neo4j properties (the columns of queries.rows) ----------------------------------------

def _qualifiers(p: dict[str, Any]) -> dict[str, Any]:
    amount, percent = p.get("amount"), p.get("percent")
    return {"date": p.get("known_date"), "date_basis": asof.basis(p.get("date"), p.get("known_date")),
            "status": p.get("status"),
            "amount": None if amount is None else float(amount), "currency": p.get("currency"),
            "percent": None if percent is None else float(percent), "sources": list(p.get("documents") or []),
            "fact": p["id"]}


def _hop(names: dict, u: str, v: str, p: dict[str, Any]) -> dict[str, Any]:
    """One step u -> v along the relation with properties p (`p["s"]` is its subject)."""
    return {"from": u, "from_name": names[u]["name"], "to": v, "to_name": names[v]["name"], "relation": p["type"],
            "direction": "forward" if p["s"] == u else "reverse", **_qualifiers(p)}


def _fact(r: dict[str, Any]) -> dict[str, Any]:
    """A relation or event row from {p, s, s_name, o, o_name}."""
    p = r["p"]
    return {"kind": "relation" if r["o"] is not None else "event", "type": p["type"], "subject": r["s"],
            "subject_name": r["s_name"], "object": r["o"], "object_name": r["o_name"], **_qualifiers(p)}


# -- the as-of reading: which relations are in effect ----------------------------------------------

def _passes(r: str, statuses: str) -> str:
    """Rules 1 and 2 of graph.asof for relationship variable `r` (a fixed fragment, no user text)."""
    return (f"(NOT $strict OR {r}.known_date IS NOT NULL) "
            f"AND ($as_of_last IS NULL OR {r}.known_date IS NULL OR {r}.known_date <= $as_of_last) "
            f"AND ({r}.status IS NULL OR {r}.status IN {statuses})")


def _before(a: str, b: str) -> str:
    """Partial date `a` ends before partial date `b` begins (last_day(a) < first_day(b)).

    ISO prefixes compare as text: they overlap when one is a prefix of the other, and otherwise
    the first character that differs, within the shorter, orders them. So the graph needs no
    first-day and last-day properties. (`a`, `b`: fixed property references, no user text.)
    """
    n = f"size(CASE WHEN size({a}) < size({b}) THEN {a} ELSE {b} END)"
    return f"left({a}, {n}) < left({b}, {n})"


def _typed(names) -> str:
    """`:A|B` for a relationship pattern, from schema type names (which Neo4jStore checked are identifiers)."""
    return ":" + "|".join(f"`{n}`" for n in sorted(names))


# Rule 3: the relations of $types that a termination in effect ends (__ENDS__: the `ends: true` types).
ENDED = f"""
MATCH (a:Entity)-[t__ENDS__]-(b:Entity)
WHERE {_passes('t', '$effective')}
MATCH (a)-[r]->(b)
WHERE r.type IN $types AND NOT (t.known_date IS NOT NULL AND r.date IS NOT NULL AND {_before('t.known_date', 'r.date')})
RETURN DISTINCT r.id AS id
"""
# A hop x -> y along a relation in effect, walked with the relationship for $fwd types, against it
# for $rev types (symmetric types are in both).
HOP = (f"((r.type IN $fwd AND startNode(r) = x) OR (r.type IN $rev AND endNode(r) = x)) "
       f"AND {_passes('r', '$ok')} AND NOT r.id IN $ended")
STEP = f"((x)-[r]-(y) WHERE {HOP})"
EDGES = f"MATCH (x:Entity)-[r]-(y:Entity) WHERE {HOP} RETURN x.id AS u, y.id AS v, r.id AS id"


class _View:
    """The relations in effect of some types (queries.asof), as parameters for STEP and HOP."""

    def __init__(self, db: _Db, types: set[str], flipped: Callable, as_of, include_pending, strict_dates):
        schema = db.schema
        as_of = asof.parse_date(as_of, "as-of date")
        effective = [s for s in schema.statuses if schema.in_effect(s)]
        pending = [s for s in schema.statuses if schema.is_pending(s)] if include_pending else []
        ends = [n for n, t in schema.relation_types.items() if t.ends]
        types = {n: schema.relation_types[n] for n in types if n not in ends}
        base = {"strict": bool(strict_dates), "as_of_last": as_of and dates.last_day(as_of).isoformat(),
                "ok": effective + pending}
        ended = []
        if ends and types:
            ended = [r["id"] for r in db.read(ENDED.replace("__ENDS__", _typed(ends)), types=sorted(types),
                                              effective=effective, **base)]
        self.db = db
        self._params = {**base, "ended": ended,
                        "fwd": sorted(n for n, t in types.items() if t.symmetric or not flipped(t)),
                        "rev": sorted(n for n, t in types.items() if t.symmetric or flipped(t))}

    def params(self, backwards: bool = False) -> dict[str, Any]:
        """Parameters for STEP/HOP: walking the view's edges (or against them, `backwards`)."""
        p = dict(self._params)
        if backwards:
            p["fwd"], p["rev"] = p["rev"], p["fwd"]
        return p

    def ultimate(self) -> set[str]:
        """As asof.View.ultimate: entities whose control cycle nobody outside it controls.

        Reachability without a hop bound is read as the view's edges and condensed here: an
        unbounded path pattern would enumerate every path of a cyclic graph.
        """
        succ: dict[str, set[str]] = {}
        nodes: set[str] = set()
        for r in self.db.read(EDGES, **self.params()):
            succ.setdefault(r["u"], set()).add(r["v"])
            nodes.update((r["u"], r["v"]))
        component = asof.components(nodes, lambda u: succ.get(u, ()))
        fed = {component[v] for u, vs in succ.items() for v in vs if component[u] != component[v]}
        return {n for n in nodes if component[n] not in fed}


SIMPLE = "ALL(i IN range(0, length(p) - 1) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1..])"
REL = "r {.*, s: startNode(r).id}"  # a relationship's properties plus its subject


def _bounded(template: str, **bounds: int) -> str:
    """Fill variable-length bounds, which Cypher cannot take as parameters, from validated ints."""
    for key, value in bounds.items():
        if type(value) is not int or value < 0:
            raise InputError(f"bad hop bound {value!r}")
        template = template.replace(f"__{key}__", str(value))
    return template


def _control(db: _Db, as_of, include_pending, strict_dates) -> _View:
    types = {n for n, t in db.schema.relation_types.items()
             if t.control == "effective" or (t.control == "pending" and include_pending)}
    return _View(db, types, lambda t: t.controller == "object", as_of, include_pending, strict_dates)


def _flow(db: _Db, as_of, include_pending, strict_dates) -> _View:
    types = {n for n, t in db.schema.relation_types.items() if t.flow in ("forward", "reverse")}
    return _View(db, types, lambda t: t.flow == "reverse", as_of, include_pending, strict_dates)


# -- ownership and control (queries.control) --------------------------------------------------------

CHAINS = f"""
MATCH p = (s:Entity {{id: $s}}) {STEP}{{1,__max__}} (t:Entity {{id: $t}})
WHERE {SIMPLE}
RETURN [n IN nodes(p) | n.id] AS nodes, [r IN relationships(p) | {REL}] AS rels
"""


@implements("ownership-paths")
def ownership_paths(db: _Db, source: str, target: str, *, as_of=None, include_pending=False,
                    strict_dates=False, max_depth=6) -> Table:
    s, t = db.find(source), db.find(target)
    max_depth = rows.depth(max_depth)
    view = _control(db, as_of, include_pending, strict_dates)
    if s == t:
        return result([], CHAIN_COLUMNS)
    found = db.read(_bounded(CHAINS, max=max_depth), s=s, t=t, **view.params())
    chains = sorted((len(r["rels"]), r["nodes"], [x["id"] for x in r["rels"]], r["rels"]) for r in found)
    names = db.names(n for r in found for n in r["nodes"])
    out, used_nodes, used_edges = [], set(), set()
    for number, (_, nodes, facts, rels) in enumerate(chains, start=1):
        used_nodes.update(nodes)
        used_edges.update(facts)
        for i, (u, v, p) in enumerate(zip(nodes, nodes[1:], rels), start=1):
            out.append({"path": number, "hop": i, **_hop(names, u, v, p)})
    return result(out, CHAIN_COLUMNS, nodes=used_nodes, edges=used_edges)


PARTIES = f"""
MATCH p = (e:Entity {{id: $id}}) {STEP}{{1,__max__}} (other:Entity)
WHERE {SIMPLE}
RETURN [n IN nodes(p) | n.id] AS nodes, [r IN relationships(p) | r {{.id, .percent}}] AS rels
"""


def _parties(db: _Db, view: _View, entity: str, max_depth: int, upward: bool) -> tuple[list, set, set]:
    """As control._parties, with the simple paths walked by Neo4j."""
    found_paths = db.read(_bounded(PARTIES, max=max_depth), id=entity, **view.params(backwards=upward))
    between: dict[tuple[str, str], dict[str, Any]] = {}  # (controller, controlled) -> {fact id: percent}
    for r in found_paths:
        for a, b, rel in zip(r["nodes"], r["nodes"][1:], r["rels"]):
            between.setdefault((b, a) if upward else (a, b), {})[rel["id"]] = rel["percent"]
    found: dict[str, dict] = {}
    edges: set[str] = set()
    # distinct node paths in sorted order = the depth-first order of walk.simple_paths, so sums add up alike
    for nodes in sorted({tuple(r["nodes"]) for r in found_paths}):
        stake: float | None = 1.0
        for a, b in zip(nodes, nodes[1:]):
            facts = between[(b, a) if upward else (a, b)]
            edges.update(facts)
            known = [pct for pct in facts.values() if pct is not None]
            hop_stake = max(known) / 100 if known else None
            stake = None if stake is None or hop_stake is None else stake * hop_stake
        row = found.setdefault(nodes[-1], {"depth": len(nodes) - 1, "paths": 0, "stake": 0.0})
        row["paths"] += 1
        row["depth"] = min(row["depth"], len(nodes) - 1)
        row["stake"] = None if row["stake"] is None or stake is None else row["stake"] + stake
    names = db.names(found)
    out = [{"id": eid, "name": names[eid]["name"], "type": names[eid]["type"], "depth": r["depth"],
            "percent": None if r["stake"] is None else round(r["stake"] * 100, 6), "paths": r["paths"]}
           for eid, r in found.items()]
    out.sort(key=lambda r: (r["depth"], r["id"]))
    return out, {entity, *found}, edges


@implements("controllers")
def controllers(db: _Db, entity: str, *, as_of=None, include_pending=False, strict_dates=False,
                max_depth=6) -> Table:
    columns = REGISTRY["controllers"].columns
    eid = db.find(entity)
    max_depth = rows.depth(max_depth)
    view = _control(db, as_of, include_pending, strict_dates)
    found, nodes, edges = _parties(db, view, eid, max_depth, upward=True)
    if found:
        top = view.ultimate()
        for r in found:
            r["ultimate"] = r["id"] in top
    return result(found, columns, nodes=nodes, edges=edges)


@implements("holdings")
def holdings(db: _Db, entity: str, *, as_of=None, include_pending=False, strict_dates=False,
             max_depth=6) -> Table:
    eid = db.find(entity)
    max_depth = rows.depth(max_depth)
    found, nodes, edges = _parties(db, _control(db, as_of, include_pending, strict_dates), eid, max_depth,
                                   upward=False)
    return result(found, PARTY_COLUMNS, nodes=nodes, edges=edges)


# -- data flow (queries.flow) -----------------------------------------------------------------------

# Fewest hops from $s to every node, never walking on from $stop (it may be reached, not crossed).
REACH = f"""
MATCH (s:Entity {{id: $s}})
MATCH p = ANY SHORTEST (s) ((x)-[r]-(y) WHERE (x = s OR $stop IS NULL OR x.id <> $stop) AND {HOP}){{1,__max__}}
      (u:Entity)
RETURN u.id AS id, length(p) AS d
"""


def _distances(db: _Db, query: str, start: str, cutoff: int, **params: Any) -> dict[str, int]:
    """As walk.distances: hop counts from `start`, itself at 0 (Cypher quantifiers cannot be {0,0})."""
    found = {start: 0}
    if cutoff > 0:
        for r in db.read(_bounded(query, max=cutoff), s=start, **params):
            found.setdefault(r["id"], r["d"])
    return found
HOPS_FROM = f"""
UNWIND $ids AS id
MATCH (x:Entity {{id: id}})-[r]-(y:Entity)
WHERE {HOP}
RETURN x.id AS u, y.id AS v, {REL} AS p
"""


@implements("data-flow")
def data_flow(db: _Db, source: str, *, to=None, as_of=None, include_pending=True, strict_dates=False,
              max_depth=6) -> Table:
    columns = REGISTRY["data-flow"].columns
    s = db.find(source)
    t = db.find(to) if to is not None else None
    max_depth = rows.depth(max_depth)
    view = _flow(db, as_of, include_pending, strict_dates)
    reach = _distances(db, REACH, s, max_depth - 1, stop=t, **view.params())
    back = _distances(db, REACH, t, max_depth, stop=s, **view.params(backwards=True)) if t is not None else None
    hops = db.read(HOPS_FROM, ids=sorted(set(reach) - {t}), **view.params())
    names = db.names({s, *(h["v"] for h in hops), *(h["u"] for h in hops)})
    out = []
    for h in hops:
        u, v = h["u"], h["v"]
        if back is not None and (v == s or v not in back or reach[u] + 1 + back[v] > max_depth):
            continue
        out.append({"depth": reach[u] + 1, **_hop(names, u, v, h["p"])})
    out.sort(key=lambda r: (r["depth"], r["from"], r["to"], r["relation"], r["fact"]))
    nodes = {s, *(r["from"] for r in out), *(r["to"] for r in out)}
    return result(out, columns, nodes=nodes, edges=(r["fact"] for r in out))


# -- connections (queries.connections) ---------------------------------------------------------------

ANY_STEP = "((x:Entity)-[r]-(y:Entity))"
NEAR = f"""
MATCH (s:Entity {{id: $s}})
MATCH p = ANY SHORTEST (s) {ANY_STEP}{{1,__max__}} (u:Entity)
RETURN u.id AS id, length(p) AS d
"""
TOUCHING = """
UNWIND $ids AS id
MATCH (u:Entity {id: id})-[r]-(v:Entity)
WITH DISTINCT r
MATCH (a:Entity)-[r]->(b:Entity)
RETURN r {.*} AS p, a.id AS s, a.name AS s_name, b.id AS o, b.name AS o_name
"""


@implements("neighbors")
def neighbors(db: _Db, entity: str, *, depth=1) -> Table:
    columns = REGISTRY["neighbors"].columns
    eid = db.find(entity)
    depth = rows.depth(depth, "depth")
    dist = _distances(db, NEAR, eid, depth - 1)
    out = []
    for r in db.read(TOUCHING, ids=sorted(dist)):
        row = _fact(r)
        out.append({"depth": min(dist.get(r["s"], depth), dist.get(r["o"], depth)) + 1,
                    **{c: row[c] for c in columns[1:]}})
    out.sort(key=lambda r: (r["depth"], r["subject"], r["type"], r["object"], r["fact"]))
    nodes = {eid, *(r["subject"] for r in out), *(r["object"] for r in out)}
    return result(out, columns, nodes=nodes, edges=(r["fact"] for r in out))


SHORTEST = f"""
MATCH (s:Entity {{id: $s}}), (t:Entity {{id: $t}})
MATCH p = ALL SHORTEST (s) {ANY_STEP}+ (t)
RETURN DISTINCT [n IN nodes(p) | n.id] AS nodes
"""
FIRST_RELATION = f"""
UNWIND range(0, size($nodes) - 2) AS i
MATCH (:Entity {{id: $nodes[i]}})-[r]-(:Entity {{id: $nodes[i + 1]}})
WITH i, r ORDER BY r.id
WITH i, collect(r)[0] AS r
RETURN i, {REL} AS p
"""


@implements("path")
def path(db: _Db, a: str, b: str) -> Table:
    columns = REGISTRY["path"].columns
    s, t = db.find(a), db.find(b)
    if s == t:
        raise InputError(f"{a!r} and {b!r} are the same entity ({s})")
    found = [r["nodes"] for r in db.read(SHORTEST, s=s, t=t)]
    if not found:
        return result([], columns, nodes=[s, t])
    nodes = min(found)
    names = db.names(nodes)
    out, edges = [], []
    for r in sorted(db.read(FIRST_RELATION, nodes=nodes), key=lambda r: r["i"]):
        u, v = nodes[r["i"]], nodes[r["i"] + 1]
        edges.append(r["p"]["id"])
        out.append({"hop": r["i"] + 1, **_hop(names, u, v, r["p"])})
    return result(out, columns, nodes=nodes, edges=edges)


# -- dated listings (queries.history) ----------------------------------------------------------------

FACTS = """
CALL {
  MATCH (a:Entity)-[r]->(b:Entity)
  WHERE ($eid IS NULL OR $eid IN [a.id, b.id]) AND ($types IS NULL OR r.type IN $types)
    AND ($status IS NULL OR r.status = $status) AND $relations
  RETURN r AS f, a AS s, b AS o
  UNION ALL
  MATCH (v:Event)-[:OF]->(a:Entity)
  WHERE ($eid IS NULL OR a.id = $eid) AND $events
  RETURN v AS f, a AS s, null AS o
}
WITH f, s, o
WHERE ($since_first IS NULL AND $until_last IS NULL)
   OR (f.known_date IS NOT NULL
       AND ($since_first IS NULL OR f.known_date >= left($since_first, size(f.known_date)))
       AND ($until_last IS NULL OR f.known_date <= $until_last))
RETURN f {.*} AS p, s.id AS s, s.name AS s_name, o.id AS o, o.name AS o_name
"""


def _listing(db: _Db, since, until, *, eid=None, types=None, status=None, events=True) -> Table:
    since, until = asof.parse_date(since, "since date"), asof.parse_date(until, "until date")
    found = db.read(FACTS, eid=eid, types=types, status=status, relations=True, events=events,
                    since_first=since and dates.first_day(since).isoformat(),
                    until_last=until and dates.last_day(until).isoformat())
    found.sort(key=lambda r: rows.date_key(r["p"].get("known_date"), r["p"]["id"]))
    nodes = {e for r in found for e in (r["s"], r["o"]) if e is not None}
    return result([_fact(r) for r in found], rows.FACT_COLUMNS, nodes=nodes, edges=(r["p"]["id"] for r in found))


@implements("timeline")
def timeline(db: _Db, entity=None, *, since=None, until=None) -> Table:
    eid = db.find(entity) if entity is not None else None
    return _listing(db, since, until, eid=eid)


@implements("deals")
def deals(db: _Db, *, party=None, type=None, status=None, since=None, until=None) -> Table:
    schema = db.schema
    eid = db.find(party) if party is not None else None
    if type is not None:
        wanted = [schema.relation_type(type).name]
    else:
        wanted = sorted(n for n, t in schema.relation_types.items() if t.category in DEAL_CATEGORIES or t.ends)
    return _listing(db, since, until, eid=eid, types=wanted, status=schema.status(status), events=False)


# -- provenance (queries.provenance) -----------------------------------------------------------------

ABOUT = """
CALL {
  MATCH (a:Entity)-[r]->(b:Entity)
  WHERE $all OR ($fact IS NOT NULL AND r.id = $fact) OR ($eid IS NOT NULL AND $eid IN [a.id, b.id])
  RETURN r AS f, a AS s, b AS o
  UNION ALL
  MATCH (v:Event)-[:OF]->(a:Entity)
  WHERE $all OR ($fact IS NOT NULL AND v.id = $fact) OR ($eid IS NOT NULL AND a.id = $eid)
  RETURN v AS f, a AS s, null AS o
}
WITH f, s, o
WHERE NOT $conflicted OR f.conflicts_json IS NOT NULL
RETURN f {.*} AS p, s.id AS s, s.name AS s_name, o.id AS o, o.name AS o_name
"""
FACT_IDS = """
MATCH (:Entity)-[r]->(:Entity) RETURN r.id AS id
UNION
MATCH (v:Event) RETURN v.id AS id
"""
DOCUMENTS = """
UNWIND $ids AS id MATCH (d:Document {id: id}) RETURN d.id AS id, d.title AS title, d.published AS published, d.url AS url
"""


def _about(db: _Db, *, fact=None, eid=None, conflicted=False) -> list[dict[str, Any]]:
    """Relations and events: one by id, those of an entity, or (neither given) all of them."""
    return db.read(ABOUT, fact=fact, eid=eid, conflicted=conflicted, all=fact is None and eid is None)


def _head(r: dict[str, Any]) -> dict[str, Any]:
    row = {"fact": r["p"]["id"], **_fact(r)}
    return {c: row[c] for c in HEAD_COLUMNS}


@implements("sources")
def sources(db: _Db, ref: str) -> Table:
    facts = [r for r in _about(db, fact=ref) if r["p"]["id"] == ref]
    if not facts:
        try:
            eid = db.find(ref)
        except NotFoundError as exc:
            if looks_like_fact_id(ref):
                ids = [r["id"] for r in db.read(FACT_IDS)]
                raise NotFoundError("fact id", ref, close_fact_ids(ref, ids)) from None
            raise NotFoundError("entity or fact id", ref, exc.suggestions) from None
        facts = _about(db, eid=eid)
    # the sources are lists on each relation or event (rows.py); title, published and url are the
    # source's own, else its document's, as `graph.present.source_dict` gives them
    found = [(r, R.fact(r["p"], r["s"], r["o"]).sources) for r in facts]
    docs = {d["id"]: d for d in db.read(DOCUMENTS, ids=sorted({s.document for _, ss in found for s in ss}))}
    out = []
    for r, fact_sources in found:
        for src in fact_sources:
            doc = docs.get(src.document, {})
            own = {k: v if (v := getattr(src, k)) is not None else doc.get(k) for k in ("title", "published", "url")}
            out.append({**_head(r), "document": src.document, **own, "quote": src.quote, "start": src.start,
                        "end": src.end, "rule": src.rule})
    out.sort(key=lambda r: (r["fact"], r["document"], r["start"] is None, r["start"] or 0, r["quote"]))
    nodes = {e for r in facts for e in (r["s"], r["o"]) if e is not None}
    return result(out, SOURCE_COLUMNS, nodes=nodes, edges=(r["p"]["id"] for r in facts if r["o"] is not None))


@implements("conflicts")
def conflicts(db: _Db, entity=None) -> Table:
    eid = db.find(entity) if entity is not None else None
    facts = _about(db, eid=eid, conflicted=True)
    facts.sort(key=lambda r: r["p"]["id"])
    out = [row for r in facts for row in sides(_head(r), R.fact(r["p"], r["s"], r["o"]))]
    nodes = {e for r in facts for e in (r["s"], r["o"]) if e is not None}
    return result(out, CONFLICT_COLUMNS, nodes=nodes, edges=(r["p"]["id"] for r in facts if r["o"] is not None))
