"""Curated facts files (YAML, JSON, CSV): what loads, and strict one-line errors for what does not."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from dealgraph.exc import InputError
from dealgraph.exports.jsonfmt import to_dict
from dealgraph.graph.sqlite import SqliteStore
from dealgraph.loaders import load
from dealgraph.loaders.structured import load_facts

SEED_FACTS = Path(__file__).resolve().parents[2] / "samples" / "facts" / "seed-deals.yaml"

FACTS = {
    "title": "Hand-entered notes",
    "published": "2026-04-20",
    "source": {"title": "Desk notes", "quote": "Noted by the desk."},
    "entities": [
        {"name": "SpaceX", "type": "Company", "aliases": ["Space Exploration Technologies"]},
        {"name": "Anysphere", "type": "Company"},
        {"name": "Cursor", "type": "Product"},
    ],
    "relations": [
        {"subject": "Space Exploration Technologies", "type": "HOLDS_OPTION_TO_ACQUIRE", "object": "Anysphere",
         "date": "2026-04", "status": "pending", "amount": {"value": 60_000_000_000, "currency": "usd"},
         "attributes": {"terms": "all-stock"}},
        {"subject": "SpaceX", "type": "OWNS_STAKE_IN", "object": "Anysphere", "percent": "12.5%",
         "sources": [{"document": "Wire Story", "quote": "a stake", "published": "2026-04-21"},
                     {"title": "Other desk", "quote": "a stake, again"}]},
        {"subject": "Anysphere", "type": "DEVELOPS", "object": "Cursor"},
    ],
    "events": [{"entity": "Cursor", "type": "RELEASE", "date": "2026-06", "date_text": "mid-June",
                "status": "expected"}],
}

CSV = """kind,name,aliases,type,subject,object,entity,date,status,amount,currency,percent,quote
entity,SpaceX,Space Exploration Technologies,Company,,,,,,,,,
entity,Anysphere,,Company,,,,,,,,,
entity,Cursor,,Product,,,,,,,,,
relation,,,HOLDS_OPTION_TO_ACQUIRE,Space Exploration Technologies,Anysphere,,2026-04,pending,60000000000,usd,,
relation,,,OWNS_STAKE_IN,SpaceX,Anysphere,,,,,,12.5%,a stake
relation,,,DEVELOPS,Anysphere,Cursor,,,,,,,
event,,,RELEASE,,,Cursor,2026-06,expected,,,,
"""


def write(tmp_path: Path, name: str, content) -> Path:
    p = tmp_path / name
    if not isinstance(content, str):
        content = json.dumps(content) if name.endswith(".json") else yaml.safe_dump(content, sort_keys=False)
    p.write_text(content, encoding="utf-8")
    return p


def summary(extraction) -> set[tuple]:
    """(subject, type, object, date, status, amount, percent) with entity names instead of ids."""
    name = {e.id: e.name for e in extraction.entities}
    return {(name[c.subject], c.type, name.get(c.object), c.date, c.status,
             c.amount and c.amount["value"], c.percent) for c in extraction.claims}


EXPECTED = {
    ("SpaceX", "HOLDS_OPTION_TO_ACQUIRE", "Anysphere", "2026-04", "pending", 60_000_000_000, None),
    ("SpaceX", "OWNS_STAKE_IN", "Anysphere", None, None, None, 12.5),
    ("Anysphere", "DEVELOPS", "Cursor", None, None, None, None),
    ("Cursor", "RELEASE", None, "2026-06", "expected", None, None),
}


@pytest.mark.parametrize("name", ["facts.yaml", "facts.yml", "facts.json"])
def test_yaml_and_json_facts_load(tmp_path, name):
    x = load(write(tmp_path, name, FACTS))
    assert summary(x) == EXPECTED
    assert (x.document.loader, x.document.title, x.document.published) == ("structured", "Hand-entered notes",
                                                                           "2026-04-20")
    spacex = next(e for e in x.entities if e.name == "SpaceX")
    assert (spacex.type, spacex.aliases) == ("Company", ["Space Exploration Technologies"])
    option = next(c for c in x.claims if c.type == "HOLDS_OPTION_TO_ACQUIRE")
    assert option.amount == {"value": 60_000_000_000, "currency": "USD"}
    assert option.attributes == {"terms": "all-stock"}
    assert (option.source.document, option.source.title, option.source.quote) == (
        x.document.id, "Desk notes", "Noted by the desk.")
    stake = [c.source for c in x.claims if c.type == "OWNS_STAKE_IN"]
    assert [(s.document, s.published) for s in stake] == [("wire-story", "2026-04-21"), (x.document.id, None)]
    [release] = [c for c in x.claims if c.type == "RELEASE"]
    assert release.date_text == "mid-June"


def test_csv_facts_load(tmp_path):
    x = load(write(tmp_path, "facts.csv", CSV))
    assert summary(x) == EXPECTED
    [stake] = [c for c in x.claims if c.type == "OWNS_STAKE_IN"]
    assert stake.source.quote == "a stake"


def test_csv_saved_by_a_spreadsheet_with_a_byte_order_mark_loads(tmp_path):
    p = tmp_path / "excel.csv"
    p.write_bytes(b"\xef\xbb\xbf" + CSV.encode())
    assert summary(load(p)) == EXPECTED


def test_the_shipped_sample_facts_load():
    x = load(SEED_FACTS)
    assert len(x.claims) >= 10 and {e.type for e in x.entities} >= {"Company", "Person", "AIModel", "Platform"}


def test_the_same_file_loads_to_the_same_extraction(tmp_path):
    p = write(tmp_path, "facts.yaml", FACTS)
    assert load(p).to_dict() == load(p).to_dict()


@pytest.mark.parametrize("mutate, where, problem", [
    (lambda f: f["entities"][1].update(type="Corporation"), "entities[1]",
     "unknown entity type 'Corporation'; choose from AIModel, Company, Dataset, Government, Other, Person, "
     "Platform, Product"),
    (lambda f: f["relations"][2].update(type="BOUGHT"), "relations[2]", "unknown relation type 'BOUGHT'; "
     "choose from ACQUIRED, AGREED_TO_ACQUIRE"),
    (lambda f: f["events"][0].update(type="LAUNCH"), "events[0]", "unknown event type 'LAUNCH'; choose from "
     "DEPARTURE, FUNDING_ROUND, IPO"),
    (lambda f: f["relations"][0].update(status="rumoured"), "relations[0]",
     "unknown status 'rumoured'; choose from announced, completed, expected, pending, terminated"),
    (lambda f: f["relations"][1].update(date="2026-13"), "relations[1]", "bad date '2026-13'"),
    (lambda f: f["events"][0].update(date="June 2026"), "events[0]",
     "bad date 'June 2026': expected YYYY, YYYY-MM or YYYY-MM-DD"),
    (lambda f: f["relations"][1].update(date_to="2026-02-30"), "relations[1]", "bad date to '2026-02-30'"),
    (lambda f: f["relations"][1].update(percent="half"), "relations[1]", "bad percent 'half': expected a number"),
    (lambda f: f["relations"][1].update(percent=140), "relations[1]", "bad percent 140: expected 0 to 100"),
    (lambda f: f["relations"][0].update(amount="$60bn"), "relations[0]", "bad amount '$60bn'"),
    (lambda f: f["relations"][0].update(attributes=["x"]), "relations[0]", "attributes must be a mapping"),
    (lambda f: f["relations"][2].pop("object"), "relations[2]", "missing entity name"),
    (lambda f: f["relations"][1]["sources"][0].update(published="soon"), "relations[1]",
     "bad source published date 'soon'"),
    (lambda f: f.update(published="yesterday"), "header", "bad published date 'yesterday'"),
    (lambda f: f["relations"][0].update(amount="inf"), "relations[0]", "bad amount 'inf': expected a finite number"),
    (lambda f: f["relations"][1].update(percent="nan"), "relations[1]", "bad percent 'nan': expected a finite"),
    (lambda f: f["relations"][2].update(type=["DEVELOPS"]), "relations[2]", "unknown relation type ['DEVELOPS']"),
    (lambda f: f["relations"][0].update(status=["pending"]), "relations[0]", "unknown status ['pending']"),
    (lambda f: f["entities"][1].update(type=5), "entities[1]", "unknown entity type 5"),
    (lambda f: f["entities"][1].update(aliases=5), "entities[1]", "aliases must be a list of names, got 5"),
    (lambda f: f["entities"][1].update(aliases=["ok", 7]), "entities[1]", "aliases must be a list of names"),
    (lambda f: f["relations"][0].update(amount=5, currency=["x"]), "relations[0]", "bad currency ['x']"),
    (lambda f: f["relations"][2].update(date_text=[1]), "relations[2]", "bad date text [1]: expected text"),
    (lambda f: f.update(title={"a": 1}), "header", "bad title {'a': 1}: expected text"),
    (lambda f: f["relations"][1].update(sources=[]), "relations[1]", "sources is empty"),
    (lambda f: f["relations"][2].update(object="Anysphere"), "relations[2]",
     "subject and object are the same entity ('Anysphere')"),
    (lambda f: f["relations"][0].update(object="SpaceX"), "relations[0]",  # an alias of the subject
     "subject and object are the same entity"),
    (lambda f: f["relations"][2].update(type="CEO_OF"), "relations[2]",
     "CEO_OF needs a subject of type Person; Anysphere is Company"),
    (lambda f: f["relations"].append({"subject": "Anysphere", "type": "REGULATOR_REVIEWED", "object": "Cursor"}),
     "relations[3]", "REGULATOR_REVIEWED needs a subject of type Government; Anysphere is Company"),
    (lambda f: f["relations"].append({"subject": "Anysphere", "type": "DEVELOPS", "object": "SpaceX"}),
     "relations[3]", "DEVELOPS needs a object of type Product or AIModel or Platform or Dataset or Other; "
     "SpaceX is Company"),
    (lambda f: f["relations"].append({"subject": "Jane Doe", "type": "EMPLOYED_BY", "object": "SpaceX"}),
     "relations[3]", "EMPLOYED_BY needs a subject of type Person; Jane Doe is Other (not declared under entities)"),
    (lambda f: f["events"][0].update(type="DEPARTURE"), "events[0]",
     "DEPARTURE needs an entity of type Person; Cursor is Product"),
    (lambda f: f["entities"][1].update(name="Any\x01sphere"), "entities[1]",
     "bad name 'Any\\x01sphere': control characters are not allowed"),
    (lambda f: f["entities"][1].update(aliases=["Any\x0bsphere"]), "entities[1]", "bad alias 'Any\\x0bsphere'"),
    (lambda f: f["relations"][2].update(subject="Ana\x1fsphere"), "relations[2]", "control characters"),
])
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_strict_errors_name_the_file_the_row_and_the_choices(tmp_path, mutate, where, problem, suffix):
    facts = json.loads(json.dumps(FACTS))
    mutate(facts)
    p = write(tmp_path, "bad" + suffix, facts)
    with pytest.raises(InputError) as err:
        load(p)
    message = str(err.value)
    assert message.startswith(f"{p}: {where}: ") and problem in message
    assert "\n" not in message


@pytest.mark.parametrize("row, problem", [
    ("entity,Acme,,Corporation,,,,,,,,,", "line 9: unknown entity type 'Corporation'; choose from AIModel"),
    ("relation,,,BOUGHT,Acme,Cursor,,,,,,,", "line 9: unknown relation type 'BOUGHT'; choose from ACQUIRED"),
    ("relation,,,DEVELOPS,Acme,Cursor,,2026-4,,,,,", "line 9: bad date '2026-4'"),
    ("relation,,,DEVELOPS,Acme,Cursor,,,done,,,,", "line 9: unknown status 'done'; choose from announced"),
    ("relation,,,OWNS_STAKE_IN,Acme,Cursor,,,,,,lots,", "line 9: bad percent 'lots'"),
    ("fact,,,DEVELOPS,Acme,Cursor,,,,,,,", "line 9: unknown kind 'fact'; choose from entity, relation, event"),
])
def test_csv_errors_name_the_line(tmp_path, row, problem):
    p = write(tmp_path, "bad.csv", CSV + row + "\n")
    with pytest.raises(InputError) as err:
        load(p)
    assert str(err.value).startswith(f"{p}: {problem}")


def test_csv_without_a_kind_column(tmp_path):
    p = write(tmp_path, "bad.csv", "name,type\nAcme,Company\n")
    with pytest.raises(InputError, match=r"bad\.csv: CSV needs a header row with a 'kind' column"):
        load(p)


@pytest.mark.parametrize("name, content, problem", [
    ("bad.yaml", "entities:\n  - {name: Acme, type: Company\nrelations: []\n",
     "malformed YAML: line 3, column 10: expected ',' or '}'"),
    ("bad.yaml", "entities:\n\t- name: Acme\n", "malformed YAML: line 2, column 1"),
    ("bad.json", '{"entities": [{"name": "Acme",}]}', "malformed JSON: "),
    ("list.yaml", "- name: Acme\n", "expected a mapping with entities/relations/events, got list"),
    ("extra.yaml", "entities: []\nrelationships: []\n", "unknown section(s) relationships; choose from entities"),
    ("notlist.json", '{"entities": {"name": "Acme"}}', "entities must be a list"),
    ("empty.yaml", "\n  \n", "file is empty"),
])
def test_malformed_files_are_one_line_errors(tmp_path, name, content, problem):
    p = write(tmp_path, name, content)
    with pytest.raises(InputError) as err:
        load(p)
    assert str(err.value).startswith(f"{p}: ") and problem in str(err.value) and "\n" not in str(err.value)


def test_unsupported_suffix_names_the_choices(tmp_path):
    with pytest.raises(InputError, match=r"unsupported file type '\.pdf'; choose from \.csv"):
        load(write(tmp_path, "deal.pdf", "x"))


def test_nothing_from_a_bad_file_reaches_the_store(tmp_path):
    store = SqliteStore(tmp_path / "store")
    store.add([load(write(tmp_path, "good.yaml", FACTS))])
    before = to_dict(store.snapshot())
    facts = json.loads(json.dumps(FACTS))
    facts["relations"].append({"subject": "Acme", "type": "BOUGHT", "object": "Cursor"})  # the last row is bad
    with pytest.raises(InputError):
        store.add([load(write(tmp_path, "bad.yaml", facts))])
    assert to_dict(store.snapshot()) == before
    assert "Acme" not in {e.name for e in store.snapshot().entities.values()}


def test_a_user_schema_extends_the_vocabulary(tmp_path):
    from dealgraph.graph.schema import load as load_schema

    extra = write(tmp_path, "extra.yaml", {"relation_types": {"SPONSORS": {"category": "market"}},
                                            "entity_types": {"Team": {"label": "Team"}}})
    facts = {"entities": [{"name": "Red Racing", "type": "Team"}],
             "relations": [{"subject": "Acme", "type": "SPONSORS", "object": "Red Racing"}]}
    p = write(tmp_path, "custom.yaml", facts)
    with pytest.raises(InputError, match="unknown entity type 'Team'"):
        load_facts(p)
    x = load_facts(p, schema=load_schema(str(extra)))
    assert [c.type for c in x.claims] == ["SPONSORS"]


def test_yaml_dates_in_free_fields_become_iso_text(tmp_path):
    p = write(tmp_path, "dated.yaml", "title: 2026-01-01\nurl: 2026-01-02\n"
              "entities:\n  - {name: Acme, type: Company, attributes: {founded: 2020-03-04, tags: [2021-01-01]}}\n"
              "relations:\n  - {subject: Acme, type: ACQUIRED, object: Beta, date_text: 2026-05-01,\n"
              "     attributes: {signed: 2026-05-02}, sources: [{title: 2026-05-03, quote: 2026-05-04}]}\n")
    x = load(p)
    json.dumps(x.to_dict(), allow_nan=False)  # the store can hold it
    assert (x.document.title, x.document.url) == ("2026-01-01", "2026-01-02")
    [acme] = [e for e in x.entities if e.name == "Acme"]
    assert acme.attributes == {"founded": "2020-03-04", "tags": ["2021-01-01"]}
    [c] = x.claims
    assert (c.date_text, c.attributes, c.source.title, c.source.quote) == (
        "2026-05-01", {"signed": "2026-05-02"}, "2026-05-03", "2026-05-04")


@pytest.mark.parametrize("content, problem", [
    ("relations:\n  - {subject: A, type: ACQUIRED, object: B, attributes: {a: .nan}}\n",
     "relations[0]: bad attributes.a nan: expected a finite number"),
    ("relations:\n  - {subject: A, type: ACQUIRED, object: B, attributes: {a: {b: [.inf]}}}\n",
     "relations[0]: bad attributes.a.b inf: expected a finite number"),
    ("relations:\n  - {subject: A, type: ACQUIRED, object: B, amount: .nan}\n",
     "relations[0]: bad amount nan: expected a finite number"),
])
def test_non_finite_numbers_are_refused(tmp_path, content, problem):
    p = write(tmp_path, "nan.yaml", content)
    with pytest.raises(InputError) as err:
        load(p)
    assert str(err.value) == f"{p}: {problem}"


def test_json_amounts_too_big_for_a_float_are_refused(tmp_path):
    p = write(tmp_path, "big.json", '{"relations": [{"subject": "A", "type": "ACQUIRED", "object": "B", '
              '"amount": 1e400}]}')
    with pytest.raises(InputError, match=r"relations\[0\]: bad amount inf: expected a finite number"):
        load(p)


def test_an_amount_without_a_currency_keeps_none(tmp_path):
    facts = {"relations": [{"subject": "A", "type": "INVESTED_IN", "object": "B", "amount": 5},
                           {"subject": "C", "type": "INVESTED_IN", "object": "B", "amount": {"value": 7}},
                           {"subject": "D", "type": "INVESTED_IN", "object": "B", "amount": 9, "currency": "eur"}]}
    x = load(write(tmp_path, "cur.yaml", facts))
    assert [c.amount for c in x.claims] == [{"value": 5, "currency": None}, {"value": 7, "currency": None},
                                            {"value": 9, "currency": "EUR"}]


def test_csv_rows_are_held_to_the_schemas_entity_types(tmp_path):
    p = write(tmp_path, "bad.csv", CSV + "relation,,,CEO_OF,Anysphere,SpaceX,,,,,,,\n")
    with pytest.raises(InputError) as err:
        load(p)
    assert str(err.value) == f"{p}: line 9: CEO_OF needs a subject of type Person; Anysphere is Company"

