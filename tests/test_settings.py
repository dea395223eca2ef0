"""Settings are read at the edge (settings.py, click's envvars) and reach the library as values."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from dealgraph.cli import main
from dealgraph.exc import InputError
from dealgraph.loaders import load
from dealgraph.settings import Settings, from_environment

UNDATED = "title: t\n---\nHelio Systems agreed to acquire Tandem Labs in March.\n"  # no year, no published date


def test_the_environment_is_parsed_once_into_values():
    assert from_environment({}) == Settings()
    assert from_environment({"DEALGRAPH_MAX_BYTES": "1000", "DEALGRAPH_TODAY": "2031-05-02"}) == \
        Settings(max_bytes=1000, today=dt.date(2031, 5, 2))
    assert from_environment({"DEALGRAPH_TODAY": "2031"}).today == dt.date(2031, 1, 1)
    with pytest.raises(InputError, match=r"^DEALGRAPH_MAX_BYTES must be a whole number of bytes, not '1e3'$"):
        from_environment({"DEALGRAPH_MAX_BYTES": "1e3"})
    with pytest.raises(InputError, match=r"^bad DEALGRAPH_TODAY 'soon'"):
        from_environment({"DEALGRAPH_TODAY": "soon"})


def test_the_loaders_take_the_values_as_arguments(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(UNDATED, encoding="utf-8")
    dated = lambda **kw: [c.date for c in load(article, **kw).claims]  # noqa: E731
    assert dated(today=dt.date(2031, 5, 1)) == ["2031-03"]
    assert dated(today=dt.date(2029, 5, 1)) == ["2029-03"]
    with pytest.raises(InputError, match="file too large"):
        load(article, max_bytes=10)


def test_the_cli_reads_the_environment_and_passes_it_on(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(UNDATED, encoding="utf-8")
    runner, store = CliRunner(), str(tmp_path / "store")
    done = runner.invoke(main, ["--store", store, "ingest", str(article)], env={"DEALGRAPH_TODAY": "2031-05-01"})
    assert done.exit_code == 0, done.output
    listed = runner.invoke(main, ["--store", store, "relations", "-f", "json"])
    assert [r["date"] for r in json.loads(listed.stdout)] == ["2031-03"]
    bad = runner.invoke(main, ["--store", store, "ingest", str(article)], env={"DEALGRAPH_MAX_BYTES": "lots"})
    assert bad.exit_code == 1 and "error: DEALGRAPH_MAX_BYTES must be a whole number of bytes" in bad.stderr


def test_the_schema_option_reaches_the_facts_loader(tmp_path):
    """--schema (or DEALGRAPH_SCHEMA) extends what a facts file may state, as it extends the store's."""
    extra = tmp_path / "mine.yaml"
    extra.write_text("relation_types:\n  SPONSORS: {category: market}\n", encoding="utf-8")
    facts = tmp_path / "f.yaml"
    facts.write_text("relations:\n  - {subject: Helio Systems, type: SPONSORS, object: Tandem Labs}\n",
                     encoding="utf-8")
    runner, store = CliRunner(), str(tmp_path / "store")
    for args, env in ((["--schema", str(extra)], {}), ([], {"DEALGRAPH_SCHEMA": str(extra)})):
        done = runner.invoke(main, ["--store", store, *args, "ingest", "--force", str(facts)], env=env)
        assert done.exit_code == 0, done.output
        listed = runner.invoke(main, ["--store", store, *args, "relations", "-f", "json"], env=env)
        assert [r["type"] for r in json.loads(listed.stdout)] == ["SPONSORS"]
    refused = runner.invoke(main, ["--store", str(tmp_path / "plain"), "ingest", str(facts)])
    assert refused.exit_code == 1 and "SPONSORS" in refused.stderr
