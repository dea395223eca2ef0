"""Read-only Cypher on the embedded store, through grand-cypher (a maintained Cypher interpreter for NetworkX).

The graph Cypher sees (built once per snapshot):
    nodes   one per entity, labelled with its entity type (``(c:Company)``); properties id, name,
            type, aliases (list); ``id(n)`` is the entity id
    edges   one per relation, pointing subject -> object, labelled with its relation type
            (``-[r:ACQUIRED]->``); properties id (fact id), type, category, date, status, amount
            (number), currency, percent, documents (list of document ids)

Supported: MATCH (several clauses, each one path; variable-length hops ``*1..3``), WHERE with
=, <>, <, >, <=, >=, IS [NOT] NULL, IN [list], CONTAINS, STARTS WITH, ENDS WITH, AND, OR, NOT,
EXISTS {subquery}; RETURN [DISTINCT] with properties, id(), type(), toLower/toUpper/trim/
coalesce/size and COUNT/SUM/AVG/MIN/MAX/COLLECT (any case), AS aliases; ORDER BY, SKIP, LIMIT;
strings in double or single quotes; ``$name`` parameters.

grand-cypher has no parameters, so ``$name`` is replaced here by a literal rendered from the
value by graph/literal.py (strings quoted and escaped, numbers, booleans, null, lists of those),
never by raw text; grand-cypher reads double-quoted strings only, so every string literal, the
user's and ours, is then rewritten into that form.
What it does not support, and every write clause, is refused with an error naming it, before
anything runs: the embedded store is read-only from Cypher.
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterable

import networkx as nx
import pandas as pd

from ..exc import InputError
from ..graph.literal import literal, unquote
from ..graph.snapshot import Snapshot
from .asof import cache

WRITES = ("CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "LOAD CSV", "CALL", "FOREACH")
UNSUPPORTED = ("OPTIONAL MATCH", "WITH", "UNWIND", "UNION", "CASE", "shortestPath", "allShortestPaths")
AGGREGATES = ("count", "sum", "avg", "min", "max", "collect")

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', re.S)
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_AGGREGATE = re.compile(r"(?<![\w.])(" + "|".join(AGGREGATES) + r")\s*\(", re.I)
_UNDIRECTED = re.compile(r"(?<![<\w])-(?:\[[^\]]*\])?-(?!>)")


def _keyword(word: str) -> re.Pattern:
    return re.compile(r"(?<![\w.$])" + r"\s+".join(map(re.escape, word.split())) + r"(?!\w)", re.I)


_WRITE_RES = [(w, _keyword(w)) for w in WRITES]
_UNSUPPORTED_RES = [(w, _keyword(w)) for w in UNSUPPORTED]


def parse_params(items: Iterable[str]) -> dict[str, Any]:
    """``name=value`` pairs from the command line: JSON values (5, true, null, "5", [1, 2]), else text."""
    out: dict[str, Any] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        name = name.strip().lstrip("$")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise InputError(f"cypher: bad --param {item!r}: expected NAME=VALUE")
        try:
            out[name] = json.loads(raw)
        except ValueError:
            out[name] = raw
    return out


def _segments(query: str) -> list[tuple[bool, str]]:
    """(is_string, text) pieces: string literals apart from the code around them."""
    out, pos = [], 0
    for m in _STRING.finditer(query):
        out.append((False, query[pos:m.start()]))
        out.append((True, m.group(0)))
        pos = m.end()
    out.append((False, query[pos:]))
    return out


def prepare(query: str, params: dict[str, Any] | None = None) -> str:
    """Check the query and rewrite it into what grand-cypher parses; raise InputError on anything else."""
    params = params or {}
    pieces = _segments(query.strip().rstrip(";"))
    code = " ".join(text for is_string, text in pieces if not is_string)
    code = re.sub(r"(?i)\b(starts|ends)\s+with\b", " ", code)  # operators, not the WITH clause
    if ";" in code:
        raise InputError("cypher: one statement at a time (found ';')")
    for word, pattern in _WRITE_RES:
        if pattern.search(code):
            raise InputError(f"cypher: {word} is a write clause; Cypher on the embedded store is read-only "
                             "(MATCH ... RETURN)")
    for word, pattern in _UNSUPPORTED_RES:
        if pattern.search(code):
            raise InputError(f"cypher: {word} is not supported on the embedded store (grand-cypher); "
                             "see the supported subset in `dealgraph cypher --help`")
    if _UNDIRECTED.search(_strip_brackets(code)):
        raise InputError("cypher: undirected relationships (a)-[r]-(b) are not supported on the embedded store; "
                         "give a direction: -> or <-")
    def substitute(m: re.Match) -> str:
        if m.group(1) not in params:
            raise InputError(f"cypher: parameter ${m.group(1)} has no value; pass --param {m.group(1)}=VALUE")
        return literal(params[m.group(1)], f"cypher: parameter ${m.group(1)}")

    text = "".join(t if is_string else _PARAM.sub(substitute, _AGGREGATE.sub(lambda m: m.group(1).upper() + "(", t))
                   for is_string, t in pieces)
    return _STRING.sub(lambda m: json.dumps(unquote(m.group(0)), ensure_ascii=False), text)


def _strip_brackets(code: str) -> str:
    """Node patterns and maps reduced to (), so '-' inside them cannot look like a relationship."""
    return re.sub(r"\{[^}]*\}", "", code)


def graph(snap: Snapshot) -> nx.MultiDiGraph:
    """The graph Cypher sees (see the module docstring), cached on the snapshot."""
    memo = cache(snap)
    if "cypher" not in memo:
        g = nx.MultiDiGraph()
        for e in snap.entities.values():
            g.add_node(e.id, __labels__={e.type}, id=e.id, name=e.name, type=e.type, aliases=list(e.aliases))
        for f in snap.relations:
            rt = snap.schema.relation_types.get(f.type)
            amount = f.amount or {}
            g.add_edge(f.subject, f.object, key=f.id, __labels__={f.type}, id=f.id, type=f.type,
                       category=rt.category if rt else None, date=f.date, status=f.status,
                       amount=amount.get("value"), currency=amount.get("currency"), percent=f.percent,
                       documents=f.documents)
        memo["cypher"] = g
    return memo["cypher"]


def run(snap: Snapshot, query: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
    """Run a read-only Cypher query; one column per RETURN item, in the order written."""
    from grandcypher import GrandCypher
    from lark.exceptions import LarkError

    text = prepare(query, params)
    try:
        # a GrandCypher object keeps state between runs: one per query
        raw = GrandCypher(graph(snap)).run(text)
    except LarkError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"cypher: unsupported or invalid query: {first}") from None
    columns = sorted(raw, key=_position(text))
    df = pd.DataFrame({str(c): [_plain(v) for v in raw[c]] for c in columns}, columns=[str(c) for c in columns])
    return df.astype(object)


def _position(text: str):
    """Sort key placing each result column where its item stands in the RETURN clause."""
    tail = text[max((m.end() for m in re.finditer(r"(?i)\breturn\b", text)), default=0):].casefold()

    def key(column) -> tuple[int, str]:
        name = str(column).casefold()
        alias = re.search(r"\bas\s+" + re.escape(name) + r"\b", tail)
        where = alias.start() if alias else tail.find(name)
        return (where if where >= 0 else len(tail), name)

    return key


def _plain(value: Any) -> Any:
    """Results as plain values: labels sets and grand-cypher internals dropped, sets sorted."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items() if not str(k).startswith("__")}
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
