"""The HTML view: what Python puts on the page, and what headless Chromium actually draws."""
from __future__ import annotations

import json
import re

import pytest
from conftest import XSS_IMG, XSS_NAME
from hypothesis import given
from hypothesis import strategies as st
from pyvis.network import Network

from dealgraph.exc import NotFoundError, SchemaError
from dealgraph.exports import html
from dealgraph.graph import schema as schema_mod
from dealgraph.graph.model import Entity, Fact
from dealgraph.graph.snapshot import Snapshot
from dealgraph.queries import asof


def ids(facts) -> list[str]:
    return sorted(f.id for f in facts)


def star(n: int) -> Snapshot:
    """A hub joined to n-1 spokes, plus one edge between the first two spokes."""
    entities = {f"e{i}": Entity(name=f"E{i}", type="Company", id=f"e{i}") for i in range(n)}
    pairs = [("e0", f"e{i}") for i in range(1, n)] + [("e1", "e2")]
    facts = [Fact(id=f"r{i}", kind="relation", type="PARTNERS_WITH", subject=s, object=o, claims=[])
             for i, (s, o) in enumerate(pairs)]
    return Snapshot(schema=schema_mod.load(), entities=entities, relations=facts)


# -- Python side ---------------------------------------------------------------------------------

@given(st.recursive(st.text() | st.none() | st.integers(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4)))
def test_script_json_cannot_close_its_element_and_reads_back(value):
    text = html.script_json(value)
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == value


def test_payload_draws_every_entity_and_relation_in_schema_colours(seed):
    data = html.payload(seed)
    assert sorted(n["id"] for n in data["nodes"]) == sorted(seed.entities)
    assert sorted(e["id"] for e in data["edges"]) == ids(seed.relations)
    acquired = next(e for e in data["edges"] if e["type"] == "ACQUIRED")
    assert (acquired["from"], acquired["to"], acquired["date"], acquired["category"]) == ("spacex", "xai", "2026-02",
                                                                                         "control")
    option = next(e for e in data["edges"] if e["type"] == "HOLDS_OPTION_TO_ACQUIRE")
    assert option["amount"] == "USD 60,000,000,000" and not option["live"] and option["pending"]
    assert option["sources"][0]["title"] == "Analyst notes (dealgraph sample)"
    assert data["schema"]["entity_types"]["Person"]["shape"] == "diamond"
    assert data["ticks"][0]["label"] == "2026-02" and data["ticks"][1] == {"label": "2026-03", "end": "2026-03-31"}


def test_focus_depth_and_types_narrow_the_page(seed):
    nodes, facts, omitted = html.select(seed, focus=["SpaceX"], depth=1)
    assert nodes == ["anysphere", "spacex", "xai"] and omitted == 0
    assert sorted(seed.relation(f).type for f in facts) == ["ACQUIRED", "HOLDS_OPTION_TO_ACQUIRE"]
    nodes, facts, _ = html.select(seed, types=["control"])
    assert nodes == ["anysphere", "spacex", "xai"] and len(facts) == 2
    nodes, facts, _ = html.select(seed, types=["Company", "ACQUIRED", "DEVELOPS"])  # DEVELOPS: no Company object
    assert nodes == ["spacex", "xai"] and len(facts) == 1
    nodes, _, _ = html.select(seed, types=["Person"])
    assert nodes == ["elon-musk"]


def test_bad_types_focus_and_dates_are_named(seed):
    with pytest.raises(SchemaError, match="unknown type 'Compnay'.*choose from .*Company"):
        html.payload(seed, types=["Compnay"])
    with pytest.raises(NotFoundError, match="unknown entity 'SpaceZ'; did you mean 'SpaceX'"):
        html.payload(seed, focus="SpaceZ")
    with pytest.raises(Exception, match="bad --as-of date '2026-13'"):
        html.payload(seed, as_of="2026-13")


def test_the_cap_keeps_the_best_connected_and_counts_the_rest():
    nodes, facts, omitted = html.select(star(10), max_nodes=3)
    assert omitted == 7 and nodes == ["e0", "e1", "e2"]
    assert len(facts) == 3  # only relations between kept entities


def test_large_graphs_get_positions_and_no_physics():
    data = html.payload(star(html.PHYSICS_NODES + 1))
    assert not data["physics"] and all("x" in n and "y" in n for n in data["nodes"])
    hub = next(n for n in data["nodes"] if n["id"] == "e0")
    spread = max(abs(n["x"] - hub["x"]) + abs(n["y"] - hub["y"]) for n in data["nodes"])
    assert spread > 100  # laid out, not stacked on one point
    nodes, edges = list(star(50).entities), [(f.subject, f.object) for f in star(50).relations]
    assert html.layout(nodes, edges) == html.layout(nodes, edges)  # deterministic


def test_owners_sit_above_what_they_own(seed):
    levels = {n["id"]: n.get("level") for n in html.payload(seed)["nodes"]}
    assert levels["spacex"] < levels["xai"] and levels["spacex"] < levels["anysphere"]
    assert levels["anysphere"] < levels["cursor"] and levels["tesla"] is None  # Tesla controls nothing


def test_page_inlines_everything_and_escapes_document_text(hostile, tmp_path):
    text = html.page(html.payload(hostile, title="<b>t</b>"))
    assert "<title>&lt;b&gt;t&lt;/b&gt;</title>" in text
    assert XSS_NAME not in text and XSS_IMG not in text and "<img" not in text
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", text, re.IGNORECASE)
    assert text.count("<script") == 4 and "vis-network" in text
    nonce = re.search(r"script-src 'nonce-(\w+)'", text).group(1)
    scripts = re.findall(r"<script(?! type=\"application/json\")[^>]*>", text)
    assert scripts == [f'<script nonce="{nonce}">'] * 2


def test_pyvis_holds_what_the_page_draws(hostile):
    data = html.payload(hostile, highlight_nodes=["Target Labs"])
    net = html.network(data)
    assert isinstance(net, Network) and net.directed
    assert net.num_nodes() == len(data["nodes"]) and net.num_edges() == len(data["edges"])
    block = re.search(r'id="dealgraph-vis">(.*?)</script>', html.page(data)).group(1)
    assert json.loads(block) == {"nodes": net.nodes, "edges": net.edges, "options": net.options}
    node = {n["id"]: n for n in net.nodes}
    assert node["target-labs"]["borderWidth"] == 4 and node["widget"]["opacity"] < 1  # highlight, dimmed
    assert node["widget"]["color"] == hostile.schema.entity_types["Product"]["color"]
    assert all(e["color"]["opacity"] < 1 for e in net.edges)  # no relation highlighted
    schema, edge = hostile.schema, {e["id"]: e for e in html.network(html.payload(hostile)).edges}
    for f in hostile.relations:
        rt = schema.relation_types[f.type]
        assert (edge[f.id]["color"], edge[f.id]["arrows"], edge[f.id]["dashes"]) == (
            schema.categories[rt.category]["color"], "" if rt.symmetric else "to", not schema.in_effect(f.status))


# -- in Chromium ---------------------------------------------------------------------------------

def written(snapshot, tmp_path, name="view.html", **options):
    path = tmp_path / name
    html.render(snapshot, path, **options)
    return path


@pytest.mark.browser
def test_draws_the_graph_offline_with_no_request(browser, open_page, seed, tmp_path):
    path = written(seed, tmp_path)
    p = open_page(path)
    assert p.js("window.dealgraph.visibleNodes()") == sorted(set(seed.entities) - {"elon-musk"})  # in no relation
    assert p.js("window.dealgraph.visibleEdges()") == ids(seed.relations)
    assert p.requests == [path.as_uri()] and p.errors == []
    assert "Ownership and control" in p.page.inner_text("#legend")


@pytest.mark.browser
def test_physics_settles_and_stops(browser, open_page, seed, tmp_path):
    p = open_page(written(seed, tmp_path))
    before = p.js("['spacex', 'cursor', 'tesla'].map((id) => window.dealgraph.position(id))")
    p.page.wait_for_timeout(600)
    assert p.js("['spacex', 'cursor', 'tesla'].map((id) => window.dealgraph.position(id))") == before


@pytest.mark.browser
def test_filters_hide_relations_and_the_entities_they_leave_alone(browser, open_page, seed, tmp_path):
    p = open_page(written(seed, tmp_path))
    for category in ("data", "product"):
        p.page.click(f'#legend input[data-filter="{category}"]')
    control = ids(f for f in seed.relations if f.type in ("ACQUIRED", "HOLDS_OPTION_TO_ACQUIRE"))
    assert p.js("window.dealgraph.visibleEdges()") == control
    assert p.js("window.dealgraph.visibleNodes()") == ["anysphere", "spacex", "xai"]
    p.page.click('#legend input[data-filter="HOLDS_OPTION_TO_ACQUIRE"]')
    p.page.click('#legend input[data-filter="Person"]')
    assert p.js("window.dealgraph.visibleNodes()") == ["spacex", "xai"]
    p.page.click('#legend input[data-filter="data"]')
    assert "cursor" in p.js("window.dealgraph.visibleNodes()")


def test_entities_in_no_relation_are_marked_isolated(seed):
    data = html.payload(seed)
    assert [n["id"] for n in data["nodes"] if n["isolated"]] == ["elon-musk"]  # named in the articles, nothing more
    assert next(v for v in html.network(data).nodes if v["id"] == "elon-musk")["hidden"] is True


@pytest.mark.browser
def test_entities_without_relations_are_hidden_until_asked_for(browser, open_page, seed, tmp_path):
    p = open_page(written(seed, tmp_path))
    assert "elon-musk" not in p.js("window.dealgraph.visibleNodes()")
    assert "named without relations (1)" in p.page.inner_text("#legend")
    p.page.check("#isolated")
    assert p.js("window.dealgraph.visibleNodes()") == sorted(seed.entities)
    p.page.uncheck("#isolated")
    assert "elon-musk" not in p.js("window.dealgraph.visibleNodes()")
    p.page.fill("#search", "Elon Musk")  # asked for by name: shown, the box ticked
    p.page.press("#search", "Enter")
    assert "elon-musk" in p.js("window.dealgraph.visibleNodes()") and p.page.is_checked("#isolated")
    assert p.js("window.dealgraph.selected()") == ["elon-musk"]


@pytest.mark.browser
def test_newcomer_sees_spacex_above_xai_in_march_2026_with_the_quote(browser, open_page, seed, tmp_path):
    """The issue's acceptance story: filter to ownership, slide to 2026-03, read the evidence."""
    p = open_page(written(seed, tmp_path))
    for category in ("data", "product"):
        p.page.click(f'#legend input[data-filter="{category}"]')
    p.js("window.dealgraph.setAsOf('2026-03')")
    assert "2026-03" in p.page.inner_text("#asof-label")
    acquired = next(f for f in seed.relations if f.type == "ACQUIRED")
    assert p.js("window.dealgraph.visibleEdges()") == [acquired.id]
    top, bottom = p.js("['spacex', 'xai'].map((id) => window.dealgraph.domPosition(id))")
    assert top["y"] < bottom["y"]
    box = p.page.locator("#network").bounding_box()
    p.page.mouse.click(box["x"] + (top["x"] + bottom["x"]) / 2, box["y"] + (top["y"] + bottom["y"]) / 2)
    details = p.page.inner_text("#details")
    assert "SpaceX" in details and "acquired" in details and "xAI" in details and "2026-02" in details
    assert acquired.sources[0].quote in details and "Analyst notes (dealgraph sample)" in details
    p.page.check("#pending")  # the option signed in April counts from April with pending included
    p.js("window.dealgraph.setAsOf('2026-04')")
    assert len(p.js("window.dealgraph.visibleEdges()")) == 2


@pytest.mark.browser
def test_slider_applies_the_queries_as_of_rule_at_every_tick(browser, open_page, hostile, seed, tmp_path):
    for snap in (hostile, seed):
        data = html.payload(snap)
        ends = {f.id for f in snap.relations if f.type == "TERMINATED_DEAL_WITH"}
        p = open_page(written(snap, tmp_path, name=f"{len(snap.entities)}.html"))
        for tick in data["ticks"]:
            p.js("(t) => window.dealgraph.setAsOf(t)", tick["label"])
            shown = set(p.js("window.dealgraph.visibleEdges()")) - ends
            assert shown == {f.id for f in asof.in_effect(snap, tick["label"])}, tick
        p.js("window.dealgraph.setAsOf(null)")
        assert p.js("window.dealgraph.visibleEdges()") == ids(snap.relations)
    ended = {e["type"]: e["stop"] for e in html.payload(hostile)["edges"]}
    assert ended["ACQUIRED"] == ended["PARTNERS_WITH"] == "2024-09-01"  # the termination ends both


@pytest.mark.browser
def test_search_finds_and_focuses_an_entity_by_alias(browser, open_page, seed, tmp_path):
    p = open_page(written(seed, tmp_path))
    p.page.fill("#search", "space exploration")
    p.page.press("#search", "Enter")
    assert p.js("window.dealgraph.selected()") == ["spacex"]
    centre, spacex = p.js("[window.dealgraph.viewCenter(), window.dealgraph.position('spacex')]")
    assert abs(centre["x"] - spacex["x"]) < 1 and abs(centre["y"] - spacex["y"]) < 1
    assert "SpaceX" in p.page.inner_text("#details") and "IPO" in p.page.inner_text("#details")
    p.page.fill("#search", "no such thing")
    p.page.press("#search", "Enter")
    assert p.page.inner_text("#search-note") == "no entity matches"


@pytest.mark.browser
def test_hostile_names_and_quotes_render_as_text_and_run_nothing(browser, open_page, hostile, tmp_path):
    p = open_page(written(hostile, tmp_path, title=XSS_NAME))
    evil = hostile.find(XSS_NAME).id
    assert p.js("window.__pwned") is None
    assert p.page.title() == XSS_NAME
    p.js("(id) => window.dealgraph.search(id)", "evil corp")
    details = p.page.inner_text("#details")
    assert XSS_NAME in details and XSS_IMG in details
    acquired = next(f for f in hostile.relations if f.type == "ACQUIRED")
    a, b = p.js("(ids) => ids.map((id) => window.dealgraph.domPosition(id))", [evil, acquired.object])
    box = p.page.locator("#network").bounding_box()
    p.page.mouse.move(box["x"] + (a["x"] + b["x"]) / 2, box["y"] + (a["y"] + b["y"]) / 2)
    p.page.wait_for_timeout(300)
    p.page.mouse.click(box["x"] + (a["x"] + b["x"]) / 2, box["y"] + (a["y"] + b["y"]) / 2)
    assert "A quote with " + XSS_IMG + " inside" in p.page.inner_text("#details")
    assert p.js("document.querySelectorAll('img, #details script, #tip script').length") == 0
    assert p.js("window.__pwned") is None and p.requests == [p.page.url] and p.errors == []


@pytest.mark.browser
def test_beyond_the_cap_the_page_says_what_it_left_out(browser, open_page, tmp_path):
    p = open_page(written(star(40), tmp_path, max_nodes=25))
    banner = p.page.inner_text("#banner")
    assert "Showing 25 of 40 entities: 15 left out" in banner and "--focus" in banner
    assert len(p.js("window.dealgraph.visibleNodes()")) == 25


@pytest.mark.browser
def test_highlighted_query_result_in_its_neighbourhood(browser, open_page, seed, tmp_path):
    acquired = next(f for f in seed.relations if f.type == "ACQUIRED")
    data = html.render(seed, tmp_path / "q.html", highlight_edges=[acquired.id], depth=1)
    assert {n["id"] for n in data["nodes"] if n["hl"]} == {"spacex", "xai"}
    assert {e["id"] for e in data["edges"] if e["hl"]} == {acquired.id}
    assert "cursor" in {n["id"] for n in data["nodes"]} and "elon-musk" not in {n["id"] for n in data["nodes"]}
    p = open_page(tmp_path / "q.html")
    assert p.js("window.dealgraph.visibleNodes()") == sorted(n["id"] for n in data["nodes"])
