"""CSV injection: every CSV dealgraph writes opens in a spreadsheet as text, never as a formula.

Each CSV output is read back with the csv module: no cell may begin with a character that makes a
spreadsheet evaluate it, and each hostile value must come back as itself behind one single quote.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from dealgraph.cli import main
from dealgraph.exports import csvsafe

FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+cmd| /C calc!A0", "@SUM(A1)", "-2+3+cmd|' /C calc'!A0"]
QUOTES = ["=1+1 said the filing", "\tcmd /c calc", "\r@SUM(1)"]

# Written by us: the payloads as entity names, aliases, a title and source quotes.
FACTS = {
    "title": "=WEBSERVICE(\"http://evil.example\")", "published": "2026-01-05",
    "entities": [{"name": FORMULAS[0], "type": "Company", "aliases": ["@alias"]},
                 {"name": FORMULAS[1], "type": "Company"},
                 {"name": FORMULAS[2], "type": "Person"},
                 {"name": FORMULAS[3], "type": "Company"},
                 {"name": "Plain Holdings", "type": "Company"}],
    "relations": [
        {"subject": FORMULAS[0], "type": "ACQUIRED", "object": FORMULAS[1], "date": "2025-04",
         "amount": {"value": -5, "currency": "USD"}, "source": {"quote": QUOTES[0]}},
        {"subject": FORMULAS[2], "type": "CEO_OF", "object": FORMULAS[3], "source": {"quote": QUOTES[1]}},
        {"subject": "Plain Holdings", "type": "PARTNERS_WITH", "object": FORMULAS[3], "date": "2025-06-01",
         "source": {"quote": QUOTES[2]}},
    ],
}


def number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def hostile_cells(rows: list[list[str]]) -> list[str]:
    """Cells a spreadsheet would evaluate: text starting with a formula character (numbers are numbers)."""
    return [c for row in rows for c in row if c.startswith(csvsafe.FORMULA_START) and not number(c)]


def read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.fixture
def run(tmp_path):
    facts = tmp_path / "hostile.yaml"
    facts.write_text(yaml.safe_dump(FACTS, allow_unicode=True), encoding="utf-8")
    store = tmp_path / "store"

    def run(*args: str):
        result = CliRunner().invoke(main, ["--store", str(store), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result

    run("ingest", str(facts))
    return run


def test_the_cell_rule():
    for payload in [*FORMULAS, *QUOTES, "-5", "+44 20 7946 0000"]:
        assert csvsafe.cell(payload) == "'" + payload  # text is text, whatever it looks like
    for value in (-5, -5.5, 0, 3, True, None):
        assert csvsafe.cell(value) == value  # numbers are numbers: "-5" in a number column is no formula
    for text in ("2026-04", "2026-04-12", "Acme", "'already quoted", " =spaced", ""):
        assert csvsafe.cell(text) == text


@pytest.mark.parametrize("args", [("entities",), ("relations",), ("events",), ("documents",),
                                  ("query", "sources", "Plain Holdings"), ("query", "deals"),
                                  ("query", "timeline"),
                                  ("cypher", "MATCH (a)-[r]->(b) RETURN a.name, r.amount, b.name")])
def test_every_listing_and_query_in_csv_is_formula_free(run, args):
    rows = read(run(*args, "--format", "csv").stdout)
    assert len(rows) > 1 or args == ("events",)
    assert hostile_cells(rows) == []


def test_the_payloads_read_back_behind_one_quote(run):
    names = {r["name"] for r in csv.DictReader(io.StringIO(run("entities", "-f", "csv").stdout, newline=""))}
    assert names == {"'" + f for f in FORMULAS} | {"Plain Holdings"}
    quotes = {r["quote"] for r in csv.DictReader(io.StringIO(
        run("query", "sources", "Plain Holdings", "-f", "csv").stdout, newline=""))}
    assert quotes == {"'" + QUOTES[2]}
    titles = {r["title"] for r in csv.DictReader(io.StringIO(run("documents", "-f", "csv").stdout, newline=""))}
    assert titles == {"'" + FACTS["title"]}


def test_negative_numbers_stay_numbers(run):
    [row] = [r for r in csv.DictReader(io.StringIO(run("cypher", "MATCH (a)-[r:ACQUIRED]->(b) RETURN r.amount",
                                                       "-f", "csv").stdout, newline=""))]
    assert float(row["r.amount"]) == -5


def test_the_neo4j_admin_export_is_formula_free(run, tmp_path):
    run("export", "-f", "csv", "-o", str(tmp_path / "out"))
    for name in ("nodes.csv", "relationships.csv"):
        with open(tmp_path / "out" / name, newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        assert len(rows) > 1 and hostile_cells(rows) == []
    with open(tmp_path / "out" / "nodes.csv", newline="", encoding="utf-8") as fh:
        names = {r["name"] for r in csv.DictReader(fh)}
    assert "'" + FORMULAS[0] in names
    with open(tmp_path / "out" / "relationships.csv", newline="", encoding="utf-8") as fh:
        amounts = [r["amount_value:double"] for r in csv.DictReader(fh) if r[":TYPE"] == "ACQUIRED"]
    assert amounts == ["-5.0"]  # a typed number column keeps its sign


def test_a_frame_keeps_its_number_formatting():
    df = pd.DataFrame({"name": ["=x", "ok"], "n": [-1, 2], "f": [-0.5, None],
                       "mixed": pd.Series([1200000000, None], dtype=object)})
    assert read(csvsafe.frame(df)) == [["name", "n", "f", "mixed"], ["'=x", "-1", "-0.5", "1200000000"],
                                       ["ok", "2", "", ""]]


def test_a_carriage_return_inside_a_cell_does_not_start_a_row():
    """With bare "\n" line ends the csv module leaves a lone CR unquoted, and readers split the row there."""
    payload = "harmless\r=HYPERLINK(\"http://evil.example\")"
    df = pd.DataFrame({"quote": [payload], "n": [1]})
    assert read(csvsafe.frame(df)) == [["quote", "n"], [payload, "1"]]
    assert read(csvsafe.table(["quote"], [[payload]])) == [["quote"], [payload]]


def test_csv_is_written_in_one_place():
    """A new CSV writer must use csvsafe: no other module writes CSV by hand."""
    root = Path(__file__).resolve().parents[2]
    writers = [p.relative_to(root).as_posix() for p in root.rglob("*.py")
               if ".venv" not in p.parts and "tests" not in p.parts
               and any(w in p.read_text(encoding="utf-8") for w in ("csv.writer", "csv.DictWriter", ".to_csv("))]
    assert writers == ["exports/csvsafe.py"]
