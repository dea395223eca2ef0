"""dealgraph 0.1's JSON store: refused with one line, converted by `dealgraph migrate` with nothing lost."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dealgraph.cli import main
from dealgraph.exports.jsonfmt import to_dict
from dealgraph.graph import schema
from dealgraph.graph.resolve import Judgement, resolve
from dealgraph.loaders import expand, load

ROOT = Path(__file__).resolve().parents[2]
JUDGEMENTS = [Judgement("same", "Tesla", "X"), Judgement("distinct", "xAI", "X"), Judgement("same", "Nobody", "Grok")]


def write_v1(directory: Path, extractions, judgements) -> None:
    """A store as dealgraph 0.1 wrote it: one JSON file, documents by id, judgements in order."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "store.json").write_text(json.dumps({
        "format": "dealgraph-store", "version": 1,
        "documents": {x.document.id: x.to_dict() for x in sorted(extractions, key=lambda x: x.document.id)},
        "judgements": [j.to_dict() for j in judgements]}, ensure_ascii=False))
    (directory / "store.lock").write_text("")


@pytest.fixture
def v1(tmp_path, shared):
    files, _ = expand([str(ROOT / "samples"), str(shared / "corpus" / "seeds")])
    extractions = [load(f) for f in files]
    for i, x in enumerate(extractions):
        x.document.ingested_at = f"2026-01-0{1 + i % 9}T00:00:00+00:00"
    write_v1(tmp_path / "store", extractions, JUDGEMENTS)
    # what 0.1 showed: its store resolved the file on every open, as graph.resolve does
    return tmp_path / "store", to_dict(resolve(extractions, JUDGEMENTS, schema.load()))


def run(store: Path, *args: str):
    return CliRunner().invoke(main, ["--store", str(store), *args], catch_exceptions=False)


def test_a_json_store_is_refused_with_a_one_line_hint(v1):
    store, _ = v1
    for command in (["relations"], ["ingest", str(ROOT / "samples")], ["merge", "a", "b"]):
        result = run(store, *command)
        assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.stderr
        assert f"holds a dealgraph 0.1 store (store.json); run `dealgraph --store {store} migrate`" in result.stderr
    assert sorted(p.name for p in store.iterdir()) == ["store.json", "store.lock"]  # untouched


def test_migrate_keeps_everything_and_the_exports_are_the_same(v1):
    store, before = v1
    result = run(store, "migrate")
    assert result.exit_code == 0, result.output
    assert "migrated" in result.stderr and "3 judgement(s)" in result.stderr
    assert sorted(p.name for p in store.iterdir() if not p.name.startswith("store.db-")) == [
        "store.db", "store.json.bak"]
    exported = run(store, "export", "--format", "json")
    assert json.loads(exported.stdout) == before
    for fmt in ("graphml", "csv", "cypher"):  # the other exports read the same graph
        assert run(store, "export", "--format", fmt, "-o", str(store.parent / f"out.{fmt}")).exit_code == 0
    again = run(store, "migrate")
    assert again.exit_code == 1 and "already holds a SQLite store" in again.stderr


def test_a_broken_json_store_fails_to_migrate_in_one_line_and_stays(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    broken = b'{"format": "dealgraph-store", "vers\xff'
    (store / "store.json").write_bytes(broken)
    result = run(store, "migrate")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"error: {store / 'store.json'}: cannot read store")
    assert (store / "store.json").read_bytes() == broken and not list(store.glob("store.db*"))
    assert run(tmp_path / "nothing-here", "migrate").stderr.startswith(
        f"error: {tmp_path / 'nothing-here'}: no dealgraph 0.1 store")
