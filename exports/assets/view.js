// The dealgraph view: draws pyvis's nodes and edges with vis-network; filters, as-of slider, search,
// evidence from the data block.
// All text from the data goes through textContent (via `el`), never innerHTML.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("dealgraph-data").textContent);
  const S = data.schema;
  const $ = (id) => document.getElementById(id);

  function el(tag, cls, ...children) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    for (const c of children) if (c !== null && c !== undefined && c !== "") e.append(c);
    return e;
  }

  const nodeById = new Map(data.nodes.map((n) => [n.id, n]));
  const edgeById = new Map(data.edges.map((e) => [e.id, e]));
  const degree = new Map(data.nodes.map((n) => [n.id, 0]));
  for (const e of data.edges) {
    degree.set(e.from, degree.get(e.from) + 1);
    degree.set(e.to, degree.get(e.to) + 1);
  }
  const entityStyle = (t) => S.entity_types[t] || S.entity_types.Other || { color: "#999", shape: "dot" };

  // -- vis data: nodes, edges and options as pyvis made them (exports/html.py `network`) ----------
  const drawn = JSON.parse($("dealgraph-vis").textContent);
  const visNodes = new vis.DataSet(drawn.nodes);
  const visEdges = new vis.DataSet(drawn.edges);
  const network = new vis.Network($("network"), { nodes: visNodes, edges: visEdges }, drawn.options);

  // -- filters and the as-of date ----------------------------------------------------------------
  const off = { category: new Set(), relation: new Set(), entity: new Set() };
  let asOf = null; // {label, end} or null for "every relation, whatever its date or status"
  let withPending = false;
  let withIsolated = false; // entities named in no relation nor event start hidden (exports/html.py)

  // The queries' as-of rule, precomputed per relation by Python (exports/html.py `timeline`).
  function inEffect(e) {
    if (asOf === null) return true;
    return (e.live || (withPending && e.pending)) && (e.start === null || e.start <= asOf.end)
      && (e.stop === null || e.stop > asOf.end);
  }

  function edgeShown(e) {
    return !off.category.has(e.category) && !off.relation.has(e.type) && inEffect(e)
      && !off.entity.has(nodeById.get(e.from).type) && !off.entity.has(nodeById.get(e.to).type);
  }

  // ids (entities and relations) currently hidden; only changes are sent to vis
  const hiddenNow = new Set(drawn.nodes.filter((n) => n.hidden).map((n) => n.id));

  function apply() {
    const touched = new Set();
    const edgeUpdates = [], nodeUpdates = [];
    const change = (updates, id, hidden) => {
      if (hiddenNow.has(id) === hidden) return;
      if (hidden) hiddenNow.add(id); else hiddenNow.delete(id);
      updates.push({ id, hidden });
    };
    for (const e of data.edges) {
      const shown = edgeShown(e);
      if (shown) { touched.add(e.from); touched.add(e.to); }
      change(edgeUpdates, e.id, !shown);
    }
    for (const n of data.nodes) {
      change(nodeUpdates, n.id, off.entity.has(n.type) || (degree.get(n.id) > 0 && !touched.has(n.id))
        || (n.isolated && !withIsolated));
    }
    if (nodeUpdates.length) visNodes.update(nodeUpdates);
    if (edgeUpdates.length) visEdges.update(edgeUpdates);
  }

  function checkbox(set, key, checked, ...label) {
    const box = el("input");
    box.type = "checkbox";
    box.checked = checked;
    box.dataset.filter = key;
    box.addEventListener("change", () => { if (box.checked) set.delete(key); else set.add(key); apply(); });
    return el("label", null, box, ...label);
  }

  function legend() {
    const root = $("legend");
    const present = (key) => new Set(data.edges.map((e) => e[key]));
    const cats = present("category"), rels = present("type");
    const counts = new Map();
    for (const e of data.edges) counts.set(e.type, (counts.get(e.type) || 0) + 1);
    root.append(el("h2", null, "Relations"));
    for (const [c, spec] of Object.entries(S.categories)) {
      if (!cats.has(c)) continue;
      const sw = el("span", "line");
      sw.style.borderColor = spec.color;
      const box = checkbox(off.category, c, true, sw, spec.label);
      root.append(box);
      const types = el("div", "types");
      box.firstChild.addEventListener("change", (ev) => {
        for (const sub of types.querySelectorAll("input")) sub.disabled = !ev.target.checked;
      });
      for (const [r, rt] of Object.entries(S.relation_types)) {
        if (rt.category === c && rels.has(r)) {
          types.append(checkbox(off.relation, r, true, rt.label + " ", el("span", "count", "(" + counts.get(r) + ")")));
        }
      }
      root.append(types);
    }
    const dashed = el("span", "line dashed");
    dashed.style.borderColor = "#888";
    root.append(el("p", "note", dashed, "not in effect (pending, expected, terminated)"));
    root.append(el("h2", null, "Entities"));
    const ents = new Set(data.nodes.map((n) => n.type));
    for (const [t, spec] of Object.entries(S.entity_types)) {
      if (!ents.has(t)) continue;
      const sw = el("span", "swatch");
      sw.style.background = spec.color;
      root.append(checkbox(off.entity, t, true, sw, spec.label + " ", el("span", "count", "(" + spec.shape + ")")));
    }
    const isolated = data.nodes.filter((n) => n.isolated).length;
    if (isolated) {
      const box = el("input");
      box.type = "checkbox";
      box.id = "isolated";
      box.addEventListener("change", () => { withIsolated = box.checked; apply(); });
      root.append(el("label", null, box, "named without relations ", el("span", "count", "(" + isolated + ")")));
    }
  }

  function showIsolated() {
    withIsolated = true;
    if ($("isolated")) $("isolated").checked = true;
    apply();
  }

  function slider() {
    const input = $("asof"), out = $("asof-label");
    input.max = String(data.ticks.length);
    const start = data.as_of ? data.ticks.findIndex((t) => t.label === data.as_of) : data.ticks.length;
    input.value = String(start);
    const show = () => {
      const i = Number(input.value);
      asOf = i < data.ticks.length ? data.ticks[i] : null;
      out.textContent = asOf ? asOf.label + " (in effect)" : "everything recorded";
    };
    input.addEventListener("input", () => { show(); apply(); });
    $("pending").addEventListener("change", (ev) => { withPending = ev.target.checked; apply(); });
    show();
    if (!data.ticks.length) input.disabled = true;
  }

  // -- details: tooltip and side panel ---------------------------------------------------------
  function dl(pairs) {
    const d = el("dl");
    for (const [k, v] of pairs) if (v !== null && v !== undefined && v !== "") d.append(el("dt", null, k), el("dd", null, String(v)));
    return d;
  }

  function sources(list) {
    const box = el("div");
    for (const s of list) {
      const head = [s.title || s.document, s.published ? " (" + s.published + ")" : ""].join("");
      const src = el("div", "source", el("strong", null, head));
      if (s.quote) src.append(el("blockquote", null, "\u201c" + s.quote + "\u201d"));
      if (s.url && /^https?:\/\//i.test(s.url)) {
        const a = el("a", null, s.url);
        a.href = s.url;
        a.rel = "noopener noreferrer";
        src.append(a);
      }
      box.append(src);
    }
    return box;
  }

  function factBlock(f) {
    return [dl([["date", f.date], ["status", f.status], ["amount", f.amount],
                ["percent", f.percent === null || f.percent === undefined ? null : f.percent + "%"]]),
            sources(f.sources || [])];
  }

  function describeEdge(e) {
    const name = (id) => nodeById.get(id).label;
    return [el("h2", null, name(e.from) + " \u2014 " + e.label + " \u2192 " + name(e.to)),
            el("p", "note", (S.categories[e.category] || {}).label || e.category), ...factBlock(e)];
  }

  function describeNode(n) {
    const parts = [el("h2", null, n.label), dl([["type", entityStyle(n.type).label],
                                                ["aliases", n.aliases.join(", ")], ["relations", degree.get(n.id)]])];
    for (const ev of n.events) parts.push(el("h3", null, ev.type), ...factBlock(ev));
    return parts;
  }

  function showDetails(parts) {
    $("details").replaceChildren(...parts);
  }

  const tip = $("tip");
  let mouse = { x: 0, y: 0 };
  $("network").addEventListener("mousemove", (ev) => {
    mouse = { x: ev.clientX, y: ev.clientY };
    tip.style.left = mouse.x + 14 + "px";
    tip.style.top = mouse.y + 14 + "px";
  });
  const hoverTip = (parts) => { tip.replaceChildren(...parts); tip.hidden = false; };
  network.on("hoverNode", (p) => hoverTip(describeNode(nodeById.get(p.node)).slice(0, 2)));
  network.on("hoverEdge", (p) => hoverTip(describeEdge(edgeById.get(p.edge))));
  network.on("blurNode", () => { tip.hidden = true; });
  network.on("blurEdge", () => { tip.hidden = true; });
  network.on("click", (p) => {
    if (p.nodes.length) showDetails(describeNode(nodeById.get(p.nodes[0])));
    else if (p.edges.length) showDetails(describeEdge(edgeById.get(p.edges[0])));
  });

  // -- search ------------------------------------------------------------------------------------
  const names = $("names");
  const index = [];
  for (const n of data.nodes) {
    names.append(el("option", null, n.label));
    for (const a of [n.label, ...n.aliases]) index.push([a.toLowerCase(), n.id]);
  }

  function find(text) {
    const q = text.trim().toLowerCase();
    if (!q) return null;
    const hit = index.find(([k]) => k === q) || index.find(([k]) => k.startsWith(q)) || index.find(([k]) => k.includes(q));
    return hit ? hit[1] : null;
  }

  function search(text) {
    const id = find(text);
    const note = $("search-note");
    if (id === null) { note.textContent = "no entity matches"; return null; }
    const n = nodeById.get(id);
    if (n.isolated && !withIsolated) showIsolated(); // asked for by name: show it, and the others like it
    note.textContent = hiddenNow.has(id) ? n.label + " is hidden by the filters or date" : "";
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    showDetails(describeNode(n));
    return id;
  }
  $("search").addEventListener("change", (ev) => search(ev.target.value));
  $("search").addEventListener("keydown", (ev) => { if (ev.key === "Enter") search(ev.target.value); });

  // -- start -----------------------------------------------------------------------------------
  $("title").textContent = data.title;
  if (data.omitted) {
    const banner = $("banner");
    banner.textContent = "Showing " + data.nodes.length.toLocaleString("en") + " of "
      + (data.nodes.length + data.omitted).toLocaleString("en") + " entities: " + data.omitted.toLocaleString("en")
      + " left out (the least connected). To see them, focus: dealgraph view --focus ENTITY --depth 2,"
      + " or narrow with --types.";
    banner.hidden = false;
  }
  legend();
  slider();
  apply();

  let readyAt = null;
  function markReady() {
    if (readyAt !== null) return;
    readyAt = performance.now();
    document.body.dataset.ready = "true";
  }
  if (!data.nodes.length) markReady();
  else if (data.physics) {
    network.once("stabilizationIterationsDone", () => {
      network.setOptions({ physics: false }); // settle, then stop: nothing moves under the reader
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else network.once("afterDrawing", markReady);

  // A read-only hook for tests and benchmarks.
  window.dealgraph = Object.freeze({
    readyAt: () => readyAt,
    visibleNodes: () => network.body.nodeIndices.filter((id) => nodeById.has(id)).sort(),
    visibleEdges: () => network.body.edgeIndices.filter((id) => edgeById.has(id)).sort(),
    selected: () => network.getSelectedNodes(),
    search,
    setAsOf(label) {
      const i = label === null ? data.ticks.length : data.ticks.findIndex((t) => t.label === label);
      if (i < 0) throw new Error("no slider tick " + label);
      const input = $("asof");
      input.value = String(i);
      input.dispatchEvent(new Event("input"));
    },
    position: (id) => network.getPositions([id])[id],
    domPosition: (id) => network.canvasToDOM(network.getPositions([id])[id]),
    viewCenter: () => network.getViewPosition(),
  });
})();
