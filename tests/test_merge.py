"""`dealgraph merge`: says what it will do, asks first (a real terminal), refuses across types."""
from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

# Our own words: two companies with a deal between them, a rival, a model and an untyped name.
FACTS = """\
title: Merge desk notes
entities:
  - {name: Contoso, type: Company}
  - {name: Northwind Labs, type: Company}
  - {name: Tailspin, type: Company}
  - {name: Fabrikam Vision, type: AIModel}
  - {name: Northwind Group, type: Other}
relations:
  - {subject: Contoso, type: AGREED_TO_ACQUIRE, object: Northwind Labs, date: 2026-04, status: pending}
  - {subject: Tailspin, type: COMPETES_WITH, object: Contoso}
  - {subject: Northwind Labs, type: DEVELOPS, object: Fabrikam Vision}
  - {subject: Northwind Group, type: PARTNERS_WITH, object: Tailspin}
"""


def dealgraph(store: Path, *args: str, answer: bytes | None = None) -> subprocess.CompletedProcess:
    """A real process; with `answer`, stdin is a terminal that types it, else stdin is not a terminal."""
    argv = [sys.executable, "-m", "dealgraph", "--store", str(store), *args]
    if answer is None:
        return subprocess.run(argv, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(argv, stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        os.close(slave)
        os.write(master, answer)
        out, err = proc.communicate(timeout=120)
    finally:
        os.close(master)
    return subprocess.CompletedProcess(argv, proc.returncode, out, err)


@pytest.fixture
def store(tmp_path) -> Path:
    facts = tmp_path / "facts.yaml"
    facts.write_text(FACTS, encoding="utf-8")
    store = tmp_path / "store"
    assert dealgraph(store, "ingest", str(facts)).returncode == 0
    return store


def entities(store: Path) -> dict[str, dict]:
    return {e["name"]: e for e in json.loads(dealgraph(store, "entities", "-f", "json").stdout)}


def relation_types(store: Path) -> set[str]:
    return {r["type"] for r in json.loads(dealgraph(store, "relations", "-f", "json").stdout)}


def test_without_a_terminal_and_without_yes_it_refuses_and_changes_nothing(store):
    r = dealgraph(store, "merge", "Contoso", "Northwind Labs")
    assert r.returncode == 1
    errors = [line for line in r.stderr.splitlines() if line.startswith("error:")]
    assert errors == ["error: merge asks before it changes anything and stdin is not a terminal; add --yes to merge"]
    assert len(entities(store)) == 5 and "AGREED_TO_ACQUIRE" in relation_types(store)


def test_it_shows_both_entities_and_what_happens_to_the_relation_between_them(store):
    r = dealgraph(store, "merge", "--yes", "Contoso", "Northwind Labs")
    assert r.returncode == 0, r.stderr
    lines = r.stderr.splitlines()
    assert "  Contoso (Company, contoso): 2 relation(s), 0 event(s)" in lines
    assert "  Northwind Labs (Company, northwind-labs): 2 relation(s), 0 event(s)" in lines
    [dropped] = [line for line in lines if "is dropped" in line]
    assert dropped.startswith("  Contoso AGREED_TO_ACQUIRE Northwind Labs (rel-")
    assert len(entities(store)) == 4 and "AGREED_TO_ACQUIRE" not in relation_types(store)


def test_different_types_need_force(store):
    r = dealgraph(store, "merge", "--yes", "Northwind Labs", "Fabrikam Vision")
    assert r.returncode == 1
    assert [line for line in r.stderr.splitlines() if line.startswith("error:")] == [
        "error: Northwind Labs is a Company and Fabrikam Vision an AIModel; add --force to merge entities of "
        "different types"]
    assert len(entities(store)) == 5
    assert dealgraph(store, "merge", "--yes", "--force", "Northwind Labs", "Fabrikam Vision").returncode == 0
    assert len(entities(store)) == 4


def test_an_untyped_entity_merges_without_force(store):
    r = dealgraph(store, "merge", "--yes", "Northwind Group", "Northwind Labs")
    assert r.returncode == 0, r.stderr
    [merged] = [e for e in entities(store).values() if "Northwind Labs" in [e["name"], *e["aliases"].split("; ")]]
    assert merged["type"] == "Company" and "Northwind Group" in [merged["name"], *merged["aliases"].split("; ")]


def test_on_a_terminal_it_asks_and_no_means_no(store):
    r = dealgraph(store, "merge", "Contoso", "Tailspin", answer=b"n\n")
    assert r.returncode == 1 and "Merge them? [y/N]" in r.stderr and "nothing merged" in r.stderr
    assert len(entities(store)) == 5
    r = dealgraph(store, "merge", "Contoso", "Tailspin", answer=b"y\n")
    assert r.returncode == 0 and "merged: 'Contoso' and 'Tailspin' are one entity" in r.stderr
    assert len(entities(store)) == 4 and "COMPETES_WITH" not in relation_types(store)


def test_one_entity_already_needs_no_question(store):
    assert dealgraph(store, "merge", "--yes", "Contoso", "Tailspin").returncode == 0
    r = dealgraph(store, "merge", "Contoso", "Tailspin")  # no terminal, no --yes: nothing to ask about
    assert r.returncode == 0 and "one entity already" in r.stderr
