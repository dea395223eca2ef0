"""GraphML, GEXF, neo4j-admin CSV and Cypher: each read back and compared with the snapshot."""
from __future__ import annotations

import csv
import io
import json
import re

import networkx as nx
import pytest
from click.testing import CliRunner
from conftest import SEED_FACTS, XSS_IMG, XSS_NAME
from hypothesis import given
from hypothesis import strategies as st

from dealgraph.cli import main
from dealgraph.exc import DealgraphError
from dealgraph.exports import csvfmt, cypher, export, flat, formats, netx
from dealgraph.exports.jsonfmt import source_dict


def expected(snap):
    nodes = dict(flat.nodes(snap))
    edges = {fid: (s, o, attrs) for s, o, fid, attrs in flat.edges(snap)}
    return nodes, edges


def test_flat_records_keep_nested_values_as_json(seed):
    nodes, edges = expected(seed)
    assert json.loads(nodes["xai"]["aliases"]) == ["SpaceXAI", "X.AI"]
    assert [e["type"] for e in json.loads(nodes["spacex"]["events"])] == ["IPO"]
    option = next(a for s, o, a in edges.values() if a["type"] == "HOLDS_OPTION_TO_ACQUIRE")
    assert (option["amount_value"], option["amount_currency"], option["status"]) == (6e10, "USD", "pending")
    f = next(f for f in seed.relations if f.type == "HOLDS_OPTION_TO_ACQUIRE")
    assert json.loads(option["sources"]) == [source_dict(seed, s) for s in f.sources]
    assert "percent" not in option  # missing values are left out, not written as empty


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_networkx_formats_round_trip(fmt, seed, hostile, tmp_path):
    for snap in (seed, hostile):
        path = tmp_path / f"g.{fmt}"
        export(snap, fmt, path)
        g = nx.read_graphml(path, force_multigraph=True) if fmt == "graphml" else nx.read_gexf(path)
        nodes, edges = expected(snap)
        assert {n: {k: v for k, v in d.items() if k not in ("label", "viz")} for n, d in g.nodes(data=True)} == nodes
        assert {n: d["label"] for n, d in g.nodes(data=True)} == {n: a["name"] for n, a in nodes.items()}
        back = {}
        items = g.edges(keys=True, data=True) if g.is_multigraph() else ((u, v, None, d) for u, v, d in g.edges(data=True))
        for u, v, key, d in items:
            d = dict(d)
            if fmt == "gexf":  # GEXF: the fact id is the edge id, the relation type is `relation`
                key = d.pop("id")
                d["type"] = d.pop("relation")
                d.pop("label"), d.pop("networkx_key", None)
            back[key] = (u, v, d)
        assert back == edges


def test_gexf_carries_schema_colours_for_gephi(seed, tmp_path):
    export(seed, "gexf", tmp_path / "g.gexf")
    g = nx.read_gexf(tmp_path / "g.gexf")
    assert g.nodes["elon-musk"]["viz"]["color"] == {"r": 0xf2, "g": 0x8e, "b": 0x2b, "a": 1.0}


def test_csv_is_in_neo4j_admin_import_layout(seed, tmp_path):
    export(seed, "csv", tmp_path / "out")
    with open(tmp_path / "out" / "nodes.csv", newline="") as fh:
        nodes = list(csv.reader(fh))
    with open(tmp_path / "out" / "relationships.csv", newline="") as fh:
        rels = list(csv.DictReader(fh))
    assert nodes[0][:3] == ["id:ID", "name", "type"] and nodes[0][-1] == ":LABEL"
    rows = {r[0]: dict(zip(nodes[0], r)) for r in nodes[1:]}
    assert set(rows) == set(seed.entities) and rows["spacex"][":LABEL"] == "Entity;Company"
    assert {k for k in rels[0] if k.startswith(":")} == {":START_ID", ":END_ID", ":TYPE"}
    acquired = next(r for r in rels if r[":TYPE"] == "ACQUIRED")
    assert (acquired[":START_ID"], acquired[":END_ID"], acquired["date"]) == ("spacex", "xai", "2026-02")
    option = next(r for r in rels if r[":TYPE"] == "HOLDS_OPTION_TO_ACQUIRE")
    assert float(option["amount_value:double"]) == 6e10 and option["percent:double"] == ""
    assert sorted(r["id"] for r in rels) == sorted(f.id for f in seed.relations)


def test_csv_prefix_and_refusal_of_stdout(seed, tmp_path):
    export(seed, "csv", tmp_path / "deals.csv")
    assert (tmp_path / "deals-nodes.csv").exists() and (tmp_path / "deals-relationships.csv").exists()
    assert csvfmt.paths(tmp_path) == (tmp_path / "nodes.csv", tmp_path / "relationships.csv")
    with pytest.raises(DealgraphError, match="two files"):
        export(seed, "csv", None)


# -- Cypher: parsed back by an independent reader of the literals it may contain -----------------

STRING = r"'(?:[^'\\]|\\.)*'"
NAME = r"`(?:[^`]|``)+`"
VALUE = rf"{STRING}|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false"
NODE = re.compile(rf"^MERGE \(n:Entity \{{id: ({STRING})\}}\) SET n:({NAME}), n \+= (\{{.*\}});$")
EDGE = re.compile(rf"^MATCH \(a:Entity \{{id: ({STRING})\}}\), \(b:Entity \{{id: ({STRING})\}}\) "
                  rf"MERGE \(a\)-\[r:({NAME}) \{{id: ({STRING})\}}\]->\(b\) SET r \+= (\{{.*\}});$")
UNESCAPE = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}


def read_string(lit: str) -> str:
    body = lit[1:-1]
    return re.sub(r"\\(u[0-9a-fA-F]{4}|.)",
                  lambda m: chr(int(m.group(1)[1:], 16)) if len(m.group(1)) == 5 else UNESCAPE[m.group(1)], body)


def read_name(lit: str) -> str:
    return lit[1:-1].replace("``", "`")


def read_value(lit: str):
    if lit.startswith("'"):
        return read_string(lit)
    if lit in ("true", "false"):
        return lit == "true"
    return float(lit) if re.search(r"[.eE]", lit) else int(lit)


def read_map(text: str) -> dict:
    pairs = re.findall(rf"({NAME}): ({VALUE})(?:, |\}}$)", text)
    rebuilt = "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
    assert rebuilt == text, "the map holds something other than escaped literals"
    return {read_name(k): read_value(v) for k, v in pairs}


def read_script(text: str):
    lines = text.splitlines()
    assert lines[0] == cypher.CONSTRAINT
    nodes, edges = {}, {}
    for line in lines[1:]:
        if m := NODE.match(line):
            attrs = read_map(m.group(3))
            assert read_name(m.group(2)) == attrs["type"]
            nodes[read_string(m.group(1))] = attrs
        else:
            m = EDGE.match(line)
            assert m, f"not a statement this script writes: {line[:80]}"
            attrs = read_map(m.group(5))
            attrs["type"] = read_name(m.group(3))
            edges[read_string(m.group(4))] = (read_string(m.group(1)), read_string(m.group(2)), attrs)
    return nodes, edges


def test_cypher_script_rebuilds_the_graph(seed, hostile):
    for snap in (seed, hostile):
        nodes, edges = expected(snap)
        script = export(snap, "cypher", None).decode("utf-8")
        assert all(line.endswith(";") for line in script.splitlines())
        got_nodes, got_edges = read_script(script)
        assert got_nodes == nodes and got_edges == edges
    assert XSS_NAME in {a["name"] for a in read_script(export(hostile, "cypher", None).decode())[0].values()}


@given(st.text())
def test_cypher_strings_read_back_and_stay_on_one_line(text):
    lit = cypher.string(text)
    assert read_string(lit) == text
    assert re.fullmatch(STRING, lit) and "\n" not in lit and "\r" not in lit


def test_cypher_names_and_values_are_escaped():
    assert cypher.name("WEIRD`TYPE") == "`WEIRD``TYPE`"
    assert cypher.props({"a'b": "x'; MATCH (n) DETACH DELETE n; //", "n": 2.5, "ok": True}) == \
        "{`a'b`: 'x\\'; MATCH (n) DETACH DELETE n; //', `n`: 2.5, `ok`: true}"
    with pytest.raises(ValueError):
        cypher.literal(float("nan"))


# -- the CLI ---------------------------------------------------------------------------------------

@pytest.fixture
def cli_store(tmp_path):
    store = str(tmp_path / "store")
    result = CliRunner().invoke(main, ["--store", store, "ingest", str(SEED_FACTS)])
    assert result.exit_code == 0, result.output
    return store


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "cypher", "html", "json"])
def test_export_command_writes_every_format(fmt, cli_store, tmp_path):
    out = tmp_path / f"graph.{fmt}"
    result = CliRunner().invoke(main, ["--store", cli_store, "export", "--format", fmt, "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 500 and f"wrote {out}" in result.output


def test_export_command_names_bad_formats_and_csv_to_stdout(cli_store):
    assert set(formats()) == {"csv", "cypher", "gexf", "graphml", "html", "json"}
    result = CliRunner().invoke(main, ["--store", cli_store, "export", "--format", "graphm"])
    assert result.exit_code == 2 and "'graphm' is not one of 'csv', 'cypher', 'gexf'" in result.output
    result = CliRunner().invoke(main, ["--store", cli_store, "export", "--format", "csv"])
    assert result.exit_code == 1 and "error: the csv export writes two files" in result.output


def test_view_command_and_query_html(cli_store, tmp_path):
    run = CliRunner().invoke
    out = tmp_path / "v.html"
    result = run(main, ["--store", cli_store, "view", "-o", str(out), "--focus", "SpaceX", "--depth", "1",
                        "--types", "control,Company", "--as-of", "2026-03"])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}: 3 entities, 2 relations" in result.output and "Ownership and control" not in result.output
    result = run(main, ["--store", cli_store, "view", "--types", "Compnay"])
    assert result.exit_code == 1 and result.output.count("\n") == 1 and "unknown type 'Compnay'" in result.output
    q = tmp_path / "q.html"
    result = run(main, ["--store", cli_store, "query", "ownership-paths", "SpaceX", "Cursor", "--include-pending",
                        "--html", str(q)])
    assert result.exit_code == 0, result.output
    data = json.loads(re.search(r'id="dealgraph-data">(.*?)</script>', q.read_text()).group(1))
    assert {n["id"] for n in data["nodes"] if n["hl"]} == {"spacex", "anysphere", "cursor"}


def test_demo_writes_its_view(tmp_path):
    out = tmp_path / "demo.html"
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "s"), "demo", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and "SpaceX" in out.read_text() and f"wrote {out}" in result.output
    assert re.search(r"\b\d+\.0\b", result.stdout) is None  # whole amounts print as whole numbers


def test_demo_writes_its_view_inside_the_store_not_the_working_directory(tmp_path, monkeypatch):
    cwd, store = tmp_path / "cwd", tmp_path / "elsewhere" / "demo.dg"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(main, ["--store", str(store), "demo"])
    assert result.exit_code == 0, result.output
    assert list(cwd.iterdir()) == []
    page = store / "dealgraph-demo.html"
    assert "SpaceX" in page.read_text(encoding="utf-8") and f"open {page} in a browser" in result.stderr


def test_hostile_text_survives_every_format(hostile, tmp_path):
    g = nx.read_graphml(io.BytesIO(export(hostile, "graphml", None)), force_multigraph=True)
    assert XSS_NAME in {d["name"] for _, d in g.nodes(data=True)}
    assert XSS_IMG in json.loads(next(d for _, d in g.nodes(data=True) if d["name"] == XSS_NAME)["aliases"])
    assert netx.flat_graph(hostile).number_of_edges() == len(hostile.relations)


def test_docstring_examples_hold():
    import doctest

    from dealgraph.exports import html

    for module in (cypher, html):
        result = doctest.testmod(module)
        assert result.attempted and not result.failed


def control_snapshot(tmp_path):
    """A store holding names with characters XML cannot carry (the curated loader now refuses them;
    an older store or an article may still hold them) and the line breaks Python splits on."""
    from dealgraph.graph.sqlite import SqliteStore
    from dealgraph.graph.model import Claim, Document, Entity, Extraction, Source

    odd, nel = Entity("Vert\vTab\x01Co", "Company"), Entity("Next\x85Line\x9fCo", "Company")
    ext = Extraction(Document(id="d", key="/d.txt", sha256="0" * 64, loader="article"), [odd, nel],
                     [Claim("ACQUIRED", odd.id, nel.id, source=Source("d", quote="q\x02uote\x85"))])
    store = SqliteStore(tmp_path / "ctl")
    store.add([ext])
    return store.snapshot()


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_xml_formats_drop_characters_xml_cannot_hold(fmt, read, tmp_path):
    out = tmp_path / f"ctl.{fmt}"
    export(control_snapshot(tmp_path), fmt, out)
    g = read(str(out))
    names = {d.get("name") for _, d in g.nodes(data=True)}
    assert {"VertTabCo", "Next\x85Line\x9fCo"} <= names


def test_cypher_script_keeps_one_statement_per_line_with_nel_and_c1_controls(tmp_path):
    text = export(control_snapshot(tmp_path), "cypher", None).decode("utf-8")
    lines = text.splitlines()
    assert len(lines) == 4 and all(line.endswith(";") for line in lines)  # constraint, 2 entities, 1 relation
    assert "\\u0085" in text and "\\u009f" in text
