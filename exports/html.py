"""The interactive HTML view: one self-contained file that makes no network request at all.

The page is a pyvis view: a `pyvis.network.Network` holds the vis-network nodes, edges and options
(`network`) and its Jinja machinery (`generate_html`) renders them into our template,
assets/view.html, instead of pyvis's own. That template is what fixes pyvis 0.3.2's CDN problem
(all three of its `cdn_resources` modes link Bootstrap from a CDN, and `local` also fetches
vis-network): vis-network (vendored in assets/, see assets/README.md) and our own style and script
are inlined. The Network is filled in bulk because `add_node`/`add_edge` look ids up in a list
(about 2 s for 10,000 entities and relations), and `render`/`write` stand in for its `show()`,
which fails on a Network not prepared for a notebook.

The graph travels as JSON in `<script type="application/json">` blocks with `<`, `>`, `&` and the
JavaScript line separators escaped (`script_json`), and the page builds every piece of text from it
with textContent, never innerHTML. A Content-Security-Policy with a per-page nonce forbids any
request and any script but ours, as a second line of defence.

Python decides what is on the page (types, focus, highlight, the node cap) and, for the date
slider, when each relation is in effect by the queries' own rule (`graph/asof.py`: the date the
queries use, the schema's in-effect and pending statuses, terminations); the page only compares
ISO days. At the slider's last stop the page shows everything recorded, whatever its status.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, Iterable

import networkx as nx
from pyvis.network import Network

from ..exc import InputError, SchemaError
from ..graph import asof, dates
from ..graph.files import atomic_write
from ..graph.present import format_amount, source_dict
from ..graph.snapshot import Snapshot
from . import deliver

ASSETS = Path(__file__).with_name("assets")
MAX_NODES = 5000
PHYSICS_NODES = 200  # up to this many entities the page lays itself out; above, Python does
LEVEL_GAP = 220  # vertical distance between control levels (owners above what they own)
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: Any) -> str:
    """JSON that can sit inside a <script> element: nothing in it can close the element.

    >>> script_json({"name": "</script><b>&"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    return script_safe(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def script_safe(text: str) -> str:
    """A JSON text with the characters that could end a <script> escaped (only strings hold them)."""
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


# -- what goes on the page ---------------------------------------------------------------------

def split_types(snapshot: Snapshot, types: Iterable[str]) -> tuple[set[str], set[str], set[str]]:
    """--types values are entity types, relation categories or relation types (any mix)."""
    schema = snapshot.schema
    entity, category, relation = set(), set(), set()
    for t in types:
        if t in schema.entity_types:
            entity.add(t)
        elif t in schema.categories:
            category.add(t)
        elif t in schema.relation_types:
            relation.add(t)
        else:
            choices = sorted({*schema.entity_types, *schema.categories, *schema.relation_types})
            raise SchemaError(f"unknown type {t!r}: not an entity type, relation category or relation "
                              f"type; choose from {', '.join(choices)}")
    return entity, category, relation


def select(snapshot: Snapshot, *, types: Iterable[str] = (), focus: Iterable[str] = (), depth: int = 1,
           max_nodes: int = MAX_NODES) -> tuple[list[str], list[str], int]:
    """(entity ids, fact ids, how many entities the cap left out) for the page.

    Type filters first; then, when there are focus entities, what lies within `depth` hops of
    them (either direction); then the cap keeps the focus and the best-connected entities.
    """
    entity, category, relation = split_types(snapshot, types)
    seeds = [snapshot.find(f).id for f in focus]
    nodes = {e.id for e in snapshot.entities.values() if not entity or e.type in entity}
    schema = snapshot.schema
    edges = [(f.subject, f.object, f.id) for f in snapshot.relations
             if f.subject in nodes and f.object in nodes
             and (not (category or relation) or f.type in relation
                  or (f.type in schema.relation_types and schema.relation_types[f.type].category in category))]
    if category or relation:  # a relation filter keeps only what those relations join
        nodes = {n for u, v, _ in edges for n in (u, v)} | set(seeds)
    neighbours: dict[str, set[str]] = {n: set() for n in nodes}
    for u, v, _ in edges:
        neighbours[u].add(v)
        neighbours[v].add(u)
    reach: dict[str, int] = {}
    if seeds:
        frontier = [s for s in seeds if s in neighbours]
        reach = dict.fromkeys(frontier, 0)
        for hop in range(1, depth + 1):
            frontier = [m for n in frontier for m in neighbours[n] if m not in reach]
            reach.update(dict.fromkeys(frontier, hop))
        nodes = set(reach)
    omitted = max(0, len(nodes) - max_nodes)
    if omitted:
        ranked = sorted(nodes, key=lambda n: (reach.get(n, 0), -len(neighbours[n]), n))
        nodes = set(ranked[:max_nodes])
    facts = [k for u, v, k in edges if u in nodes and v in nodes]
    return sorted(nodes), facts, omitted


def control_levels(snapshot: Snapshot, facts: list[Any]) -> dict[str, int]:
    """Entity -> depth in the control hierarchy (0 = top), from the schema's control relations."""
    cg = nx.DiGraph()
    for f in facts:
        rt = snapshot.schema.relation_types.get(f.type)
        if rt is not None and rt.control:
            cg.add_edge(*((f.subject, f.object) if rt.controller == "subject" else (f.object, f.subject)))
    cond = nx.condensation(cg)
    level: dict[int, int] = {}
    for c in nx.topological_sort(cond):
        level[c] = max((level[p] + 1 for p in cond.predecessors(c)), default=0)
    return {n: level[c] for c, members in cond.nodes(data="members") for n in members}


def months(first: str, last: str) -> list[str]:
    """Every month from the one holding `first` to the one holding `last`, as YYYY-MM."""
    y, m = dates.first_day(first).year, dates.first_day(first).month
    end = dates.last_day(last)
    out = []
    while (y, m) <= (end.year, end.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def timeline(snapshot: Snapshot, facts: list[Any]) -> dict[str, dict[str, Any]]:
    """fact id -> when the slider shows it, by the queries' rule (`graph.asof`).

    `start`: first day of the date the queries use (None: undated, always shown); `stop`: first day
    of the earliest termination that ends it ("" when an undated one does; None: never ended);
    `live`/`pending`: its status counts as in effect / as pending (shown with "include pending").
    """
    schema = snapshot.schema
    ended = asof.terminations(schema, snapshot.relations, facts, lambda t: schema.in_effect(t.status))
    out = {}
    for f in facts:
        date = f.known_date
        enders = ended.get(f.id, [])
        out[f.id] = {"start": dates.first_day(date).isoformat() if date else None,
                     "stop": min((dates.first_day(t).isoformat() if t else "" for t in enders), default=None),
                     "live": schema.in_effect(f.status), "pending": schema.is_pending(f.status)}
    return out


def evidence(snapshot: Snapshot, f) -> dict[str, Any]:
    """What a tooltip shows for a relation or event: qualifiers, and title/date/quote per source."""
    keep = ("document", "title", "published", "url", "quote")
    return {"date": f.date, "status": f.status, "amount": format_amount(f.amount), "percent": f.percent,
            "sources": [{k: d[k] for k in keep if d.get(k)} for d in (source_dict(snapshot, s) for s in f.sources)]}


def payload(snapshot: Snapshot, *, highlight_nodes: Iterable[str] = (), highlight_edges: Iterable[str] = (),
            focus: str | None = None, depth: int = 1, as_of: str | None = None, types: Iterable[str] = (),
            max_nodes: int = MAX_NODES, title: str = "dealgraph") -> dict[str, Any]:
    """Everything the page shows, as plain data (the tests read it too)."""
    schema = snapshot.schema
    as_of = dates.parse_iso(as_of, what="--as-of date")
    hl_edges = set(highlight_edges)
    hl_nodes = {snapshot.find(n).id for n in highlight_nodes}
    if hl_edges:
        hl_nodes |= {n for f in snapshot.relations if f.id in hl_edges for n in (f.subject, f.object)}
    seeds = [*([focus] if focus else []), *sorted(hl_nodes)]
    node_ids, fact_ids, omitted = select(snapshot, types=types, focus=seeds, depth=depth, max_nodes=max_nodes)
    if focus and snapshot.find(focus).id not in node_ids:  # only an entity-type filter can drop it
        e = snapshot.find(focus)
        raise InputError(f"focus {e.name!r} ({e.type}) is left out by the types filter "
                         f"({', '.join(types)}); add {e.type} or drop the filter")
    wanted = set(fact_ids)
    facts = [f for f in snapshot.relations if f.id in wanted]
    small = len(node_ids) <= PHYSICS_NODES
    levels = control_levels(snapshot, facts) if small else {}
    positions = {} if small else layout(node_ids, [(f.subject, f.object) for f in facts])
    events: dict[str, list[dict]] = {}
    for f in snapshot.events:
        events.setdefault(f.subject, []).append(
            {"type": schema.event_types[f.type].label if f.type in schema.event_types else f.type,
             **evidence(snapshot, f)})
    nodes = []
    related = {x for f in facts for x in (f.subject, f.object)}
    for n in node_ids:
        e = snapshot.entities[n]
        # named but in no relation nor event: drawn hidden until the reader asks for them (legend, search)
        node = {"id": n, "label": e.name, "type": e.type, "aliases": e.aliases, "events": events.get(n, []),
                "hl": n in hl_nodes, "isolated": n not in related and n not in events and n not in hl_nodes}
        if n in levels:
            node["level"] = levels[n] * LEVEL_GAP
        if n in positions:
            node["x"], node["y"] = positions[n]
        nodes.append(node)
    pairs: dict[frozenset, int] = {}
    when = timeline(snapshot, facts)
    edges = []
    for f in facts:
        rt = schema.relation_types.get(f.type)
        pair = frozenset((f.subject, f.object))
        pairs[pair] = pairs.get(pair, -1) + 1
        edges.append({"id": f.id, "from": f.subject, "to": f.object, "type": f.type,
                      "label": rt.label if rt else f.type, "category": rt.category if rt else None,
                      "directed": not (rt and rt.symmetric), **evidence(snapshot, f), **when[f.id], "hl": f.id in hl_edges, "parallel": pairs[pair]})
    dated = sorted((d for d in (f.known_date for f in facts) if d), key=dates.sort_key)
    ticks = months(dated[0], dated[-1]) if dated else []
    if as_of and as_of not in ticks:
        ticks = sorted([*ticks, as_of], key=lambda t: (dates.last_day(t), t.count("-")))
    return {
        "title": title,
        "schema": {
            "entity_types": {k: {"label": v.get("label", k), "color": v.get("color"), "shape": v.get("shape")}
                             for k, v in schema.entity_types.items()},
            "categories": {k: {"label": v.get("label", k), "color": v.get("color")} for k, v in schema.categories.items()},
            "relation_types": {k: {"label": v.label, "category": v.category} for k, v in schema.relation_types.items()},
        },
        "nodes": nodes, "edges": edges,
        "ticks": [{"label": t, "end": dates.last_day(t).isoformat()} for t in ticks],
        "as_of": as_of,
        "physics": small,
        "total_nodes": len(snapshot.entities), "omitted": omitted,
        "highlight": bool(hl_nodes or hl_edges),
    }


def layout(nodes: list[str], edges: list[tuple[str, str]], *, iterations: int = 50, pivots: int = 100,
           seed: int = 7, scale: float = 50.0) -> dict[str, tuple[float, float]]:
    """Positions for graphs too big to lay out in the page (Fruchterman-Reingold in numpy).

    Repulsion is measured against a random sample of `pivots` nodes each round, scaled up, so a
    round costs O(n * pivots) instead of O(n^2); a weak pull to the centre keeps the graph's
    pieces together. About a second for 5,000 entities, and the same positions every time.
    """
    import numpy as np

    n = len(nodes)
    if n == 0:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    ends = np.array([(index[u], index[v]) for u, v in edges if u != v], dtype=np.int64).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    x, y = (rng.uniform(-1, 1, n) * np.sqrt(n) for _ in range(2))
    m = min(pivots, n)
    step = np.sqrt(n) / 4
    for _ in range(iterations):
        pick = rng.choice(n, m, replace=False)
        dx, dy = x[:, None] - x[pick][None, :], y[:, None] - y[pick][None, :]
        inv = 1.0 / np.maximum(dx * dx + dy * dy, 0.01)
        fx, fy = (dx * inv).sum(1) * (n / m) - 0.7 * x, (dy * inv).sum(1) * (n / m) - 0.7 * y
        ex, ey = x[ends[:, 0]] - x[ends[:, 1]], y[ends[:, 0]] - y[ends[:, 1]]
        length = np.sqrt(ex * ex + ey * ey)
        for f, e in ((fx, ex * length), (fy, ey * length)):
            np.subtract.at(f, ends[:, 0], e)
            np.add.at(f, ends[:, 1], e)
        norm = np.maximum(np.sqrt(fx * fx + fy * fy), 1e-9)
        move = np.minimum(norm, step) / norm
        x, y = x + fx * move, y + fy * move
        step *= 0.93
    return {v: (round(float(a) * scale, 1), round(float(b) * scale, 1)) for v, a, b in zip(nodes, x, y)}


# -- the page ----------------------------------------------------------------------------------

def _inline(name: str) -> str:
    """An asset to put inside <script> or <style>: it must not be able to close the element."""
    text = (ASSETS / name).read_text(encoding="utf-8")
    text = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text)  # no devtools fetch of a map
    if re.search(r"</(script|style)|<!--", text, re.IGNORECASE):
        raise AssertionError(f"{name} cannot be inlined: it contains </script, </style or <!--")
    return text


def vis_node(n: dict[str, Any], style: dict[str, Any], dim: bool) -> dict[str, Any]:
    """A payload entity as a vis-network node: schema shape and colour, highlight, position."""
    v = {"id": n["id"], "label": n["label"], "shape": style.get("shape") or "dot"}
    if n["isolated"]:
        v["hidden"] = True  # the page's "without relations" box shows it
    if style.get("color"):
        v["color"] = style["color"]
    if n["hl"]:
        v["borderWidth"] = 4
    elif dim:
        v["opacity"] = 0.35
    if "x" in n:
        v["x"], v["y"] = n["x"], n["y"]
    if "level" in n:
        v["y"], v["fixed"] = n["level"], {"x": False, "y": True}
    return v


def vis_edge(e: dict[str, Any], color: str, dim: bool, physics: bool) -> dict[str, Any]:
    """A payload relation as a vis-network edge: category colour, dashed when not in effect."""
    v = {"id": e["id"], "from": e["from"], "to": e["to"],
         "label": f"{e['label']} {e['date']}" if e["date"] else e["label"],
         "arrows": "to" if e["directed"] else "", "dashes": not e["live"],
         "color": color}  # a plain colour holds when hovered or selected too
    if e["hl"]:
        v["width"] = 4
    elif dim:
        v["color"] = {"color": color, "highlight": color, "hover": color, "opacity": 0.25}
        v["font"] = {"color": "#aaa"}
    if physics and e["parallel"]:  # bend parallel relations apart
        v["smooth"] = {"type": "curvedCW", "roundness": 0.2 * e["parallel"]}
    return v


def vis_options(data: dict[str, Any]) -> dict[str, Any]:
    """vis-network options: physics (stopped by the page once settled) only for small graphs."""
    small = data["physics"]
    physics = ({"enabled": True, "solver": "barnesHut", "stabilization": {"iterations": 400, "fit": True},
                "barnesHut": {"gravitationalConstant": -6000, "springLength": 170, "avoidOverlap": 0.3}}
               if small else {"enabled": False})  # not plain False: pyvis reads physics.enabled
    return {
        "physics": physics,
        "layout": {"improvedLayout": small and len(data["nodes"]) <= 100, "randomSeed": 7},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": not small},
        "nodes": {"size": 14, "opacity": 1, "font": {"multi": False}},
        "edges": {"selectionWidth": 2, "width": 1.5, "font": {"size": 10, "multi": False, "strokeWidth": 3,
                                                               "color": "#343434"},
                  "smooth": {"type": "continuous", "roundness": 0} if small else False},
    }


def network(data: dict[str, Any]) -> Network:
    """The pyvis Network that draws a payload, rendering through our offline template.

    Filled in bulk: pyvis's add_node and add_edge look ids up in a list, quadratic in the graph.
    The template reads the heading as the page's <title>; the filters escape the JSON it writes.
    """
    types, categories = data["schema"]["entity_types"], data["schema"]["categories"]
    fallback = types.get("Other") or {"color": "#999", "shape": "dot"}
    dim = data["highlight"]
    net = Network(directed=True, heading=data["title"], cdn_resources="in_line")  # view.css sizes the canvas
    net.nodes = [vis_node(n, types.get(n["type"], fallback), dim) for n in data["nodes"]]
    net.node_ids = [n["id"] for n in net.nodes]
    net.node_map = {n["id"]: n for n in net.nodes}
    colour = {c: spec.get("color") or "#888" for c, spec in categories.items()}
    net.edges = [vis_edge(e, colour.get(e["category"], "#888"), dim, data["physics"]) for e in data["edges"]]
    net.options = vis_options(data)
    net.set_template_dir(str(ASSETS), "view.html")
    net.templateEnv.filters.update(script_json=script_json, script_safe=script_safe)
    return net


def page(data: dict[str, Any]) -> str:
    """The HTML document for a payload, rendered by pyvis."""
    text = script_json(data)
    net = network(data)
    net.templateEnv.globals.update(
        nonce=hashlib.sha256(text.encode("utf-8")).hexdigest()[:24], data=text,
        css=_inline("view.css"), vis_js=_inline("vis-network.min.js"), app_js=_inline("view.js"))
    return net.generate_html()


def render(snapshot: Snapshot, output: str | Path, **options: Any) -> dict[str, Any]:
    """Write the view to `output` and return what is on it (see `payload` for the options)."""
    data = payload(snapshot, **options)
    atomic_write(Path(output), page(data).encode("utf-8"))
    return data


def write(snapshot: Snapshot, output: Path | None, **options: Any) -> bytes | list[Path]:
    """The `export --format html` entry point."""
    return deliver(page(payload(snapshot, **options)).encode("utf-8"), output)
