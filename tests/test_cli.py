"""The `dealgraph` command line, through click's CliRunner and as a real process."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from dealgraph import __version__
from dealgraph.cli import main

ROOT = Path(__file__).resolve().parents[1]

# A facts file in our own words: one deal, one product, one event.
FACTS = """\
title: Desk notes on a test deal
published: 2026-05-02
entities:
  - {name: Northwind Labs, type: Company, aliases: [Northwind]}
  - {name: Contoso, type: Company}
  - {name: Fabrikam Vision, type: AIModel}
relations:
  - {subject: Contoso, type: AGREED_TO_ACQUIRE, object: Northwind Labs, date: 2026-04, status: pending,
     amount: {value: 1200000000, currency: USD}}
  - {subject: Northwind, type: DEVELOPS, object: Fabrikam Vision}
events:
  - {entity: Fabrikam Vision, type: RELEASE, date: 2026-06, status: expected}
"""

OTHER = """\
entities:
  - {name: Contoso, type: Company}
  - {name: Tailspin, type: Company}
relations:
  - {subject: Contoso, type: AGREED_TO_ACQUIRE, object: Northwind, date: 2026-04, status: pending}
  - {subject: Tailspin, type: COMPETES_WITH, object: Contoso}
"""


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    out = {}
    for name, text in {"deal.yaml": FACTS, "other.yaml": OTHER}.items():
        out[name] = tmp_path / "in" / name
        out[name].parent.mkdir(exist_ok=True)
        out[name].write_text(text)
    return out


@pytest.fixture
def cli(store_dir):
    """Run the CLI in-process against a fresh store; returns click's Result (stdout and stderr apart)."""
    runner = CliRunner()

    def run(*args: str, env: dict | None = None, store: bool = True):
        full = ["--store", str(store_dir), *args] if store else list(args)
        return runner.invoke(main, full, env=env, catch_exceptions=False)

    return run


def dealgraph(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m dealgraph ...` in a real process."""
    return subprocess.run([sys.executable, "-m", "dealgraph", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=cwd, timeout=120)


def one_line_error(stderr: str, *needles: str) -> None:
    errors = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, stderr
    assert "Traceback" not in stderr, stderr
    for needle in needles:
        assert needle in errors[0], stderr


# -- help and version --------------------------------------------------------------------------------

def test_help_and_version(cli):
    result = cli("--help", store=False)
    assert result.exit_code == 0 and "Usage:" in result.stdout and "ingest" in result.stdout
    result = cli("--version", store=False)
    assert result.exit_code == 0 and result.stdout.strip() == f"dealgraph, version {__version__}"


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help(cli, command):
    result = cli(command, "--help", store=False)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: main {command}") or f" {command}" in result.stdout.splitlines()[0]
    assert len(result.stdout.splitlines()) > 3


def test_python_dash_m_dealgraph_is_the_same_program():
    version = dealgraph("--version")
    assert (version.returncode, version.stdout.strip()) == (0, f"dealgraph, version {__version__}")
    helped = dealgraph("-h")
    assert helped.returncode == 0 and helped.stdout.startswith("Usage: dealgraph")


# -- ingest ------------------------------------------------------------------------------------------

def test_ingest_succeeds_with_exit_code_0(cli, files):
    result = cli("ingest", str(files["deal.yaml"]))
    assert result.exit_code == 0, result.output
    assert "added" in result.stderr and "1 file(s) ingested (1 added, 0 replaced, 0 unchanged), 0 failed" in \
        result.stderr
    assert result.stdout == ""  # data on stdout, messages on stderr


def test_ingest_takes_directories_and_globs(cli, files):
    assert cli("ingest", str(files["deal.yaml"].parent)).exit_code == 0
    result = cli("ingest", str(files["deal.yaml"].parent / "*.yaml"))
    assert result.exit_code == 0 and "2 unchanged" in result.stderr


def test_ingest_exits_1_when_any_input_failed_but_keeps_the_others(cli, files, tmp_path):
    bad = tmp_path / "in" / "bad.yaml"
    bad.write_text("relations:\n  - {subject: A, type: BOUGHT, object: B}\n")
    result = cli("ingest", str(files["deal.yaml"]), str(bad), str(tmp_path / "missing.yaml"))
    assert result.exit_code == 1
    assert f"error: {bad}: relations[0]: unknown relation type 'BOUGHT'; choose from ACQUIRED" in result.stderr
    assert f"error: {tmp_path / 'missing.yaml'}: no such file" in result.stderr
    assert "2 failed" in result.stderr and "Traceback" not in result.output
    docs = json.loads(cli("documents", "--format", "json").stdout)
    assert [d["id"] for d in docs] == ["deal"]


@pytest.mark.parametrize("args", [["ingest"], ["ingest", "--jobs", "0", "x.yaml"], ["ingest", "--bogus", "x"],
                                  ["nonsense"], ["relations", "--format", "xml"]])
def test_usage_errors_exit_2(cli, args):
    result = cli(*args)
    assert result.exit_code == 2 and "Usage:" in result.stderr


def test_reingest_reports_unchanged_and_a_changed_file_replaces(cli, files):
    cli("ingest", str(files["deal.yaml"]))
    assert "(0 added, 0 replaced, 1 unchanged)" in cli("ingest", str(files["deal.yaml"])).stderr
    files["deal.yaml"].write_text(FACTS.replace("status: pending", "status: completed"))
    assert "(0 added, 1 replaced, 0 unchanged)" in cli("ingest", str(files["deal.yaml"])).stderr
    rows = json.loads(cli("relations", "--format", "json", "--type", "AGREED_TO_ACQUIRE").stdout)
    assert [r["status"] for r in rows] == ["completed"]


def test_parallel_ingest_gives_the_same_store(cli, files, tmp_path):
    assert cli("ingest", "-j", "2", *map(str, files.values())).exit_code == 0
    parallel = cli("export").stdout
    serial_store = tmp_path / "serial"
    CliRunner().invoke(main, ["--store", str(serial_store), "ingest", *map(str, files.values())])
    serial = CliRunner().invoke(main, ["--store", str(serial_store), "export"]).stdout
    assert _without_timestamps(parallel) == _without_timestamps(serial)


def test_two_ingest_processes_at_once_both_land(tmp_path):
    store = tmp_path / "store"
    batches = []
    for who in ("left", "right"):
        folder = tmp_path / who
        folder.mkdir()
        for i in range(5):
            (folder / f"{who}{i}.yaml").write_text(f"relations: [{{subject: {who} {i}, type: PARTNERS_WITH, "
                                                   f"object: hub}}]\n")
        batches.append(folder)
    procs = [subprocess.Popen([sys.executable, "-m", "dealgraph", "--store", str(store), "ingest", "-q", str(f)],
                              stderr=subprocess.PIPE, text=True) for f in batches]
    assert [p.wait(timeout=120) for p in procs] == [0, 0], [p.stderr.read() for p in procs]
    docs = CliRunner().invoke(main, ["--store", str(store), "documents", "-f", "json"]).stdout
    assert sorted(d["id"] for d in json.loads(docs)) == [f"{w}{i}" for w in ("left", "right") for i in range(5)]


# -- errors are one line, without a traceback ----------------------------------------------------------

def test_real_process_errors_are_one_line(tmp_path, files):
    store = str(tmp_path / "store")
    missing = dealgraph("--store", store, "ingest", str(tmp_path / "nope.txt"))
    assert missing.returncode == 1
    one_line_error(missing.stderr, str(tmp_path / "nope.txt"), "no such file")

    bad = tmp_path / "bad.json"
    bad.write_text('{"entities": [{"name": "Acme", "type": "Corp"}]}')
    result = dealgraph("--store", store, "ingest", str(bad))
    assert result.returncode == 1
    one_line_error(result.stderr, str(bad), "entities[0]", "unknown entity type 'Corp'", "choose from AIModel")

    fmt = dealgraph("--store", store, "export", "--format", "graphm")
    assert fmt.returncode == 2 and "Traceback" not in fmt.stderr
    assert "'graphm' is not one of 'csv', 'cypher', 'gexf', 'graphml', 'html', 'json'" in fmt.stderr

    assert dealgraph("--store", store, "ingest", str(files["deal.yaml"])).returncode == 0
    merge = dealgraph("--store", store, "merge", "--yes", "Contoso", "Northwnd Labs")  # a typo is recorded, and said so
    assert merge.returncode == 0 and "Traceback" not in merge.stderr
    assert ("'Northwnd Labs' is not in the store yet; the judgement applies when it appears "
            "(did you mean 'Northwind Labs'?)") in merge.stderr


@pytest.mark.parametrize("args, needles", [
    (["forget", "no-such-doc"], ["unknown document 'no-such-doc'"]),
    (["entities", "--type", "Corporation"], ["unknown entity type 'Corporation'; choose from AIModel"]),
    (["relations", "--type", "BOUGHT"], ["unknown relation type 'BOUGHT'; choose from ACQUIRED"]),
    (["events", "--type", "LAUNCH"], ["unknown event type 'LAUNCH'; choose from DEPARTURE"]),
    (["distinct", "Contoso", "CONTOSO"], ["'Contoso' and 'CONTOSO' are the same name"]),
    (["view", "-o", "-", "--focus", "Fabrikam Vision", "--types", "Company"],
     ["focus 'Fabrikam Vision' (AIModel) is left out by the types filter (Company); add AIModel"]),
])
def test_user_mistakes_are_one_line_and_exit_1(cli, files, args, needles):
    cli("ingest", str(files["deal.yaml"]))
    result = cli(*args)
    assert result.exit_code == 1
    one_line_error(result.stderr, *needles)


def test_a_broken_store_is_one_line(cli, store_dir, tmp_path, files):
    store_dir.mkdir()
    (store_dir / "store.db").write_bytes(os.urandom(3000))  # garbage: no codec error, no traceback
    for command in (["entities"], ["ingest", str(files["deal.yaml"])]):
        result = cli(*command)
        assert result.exit_code == 1
        one_line_error(result.stderr, str(store_dir / "store.db"), "not a dealgraph store")
    (store_dir / "store.db").unlink()
    assert cli("ingest", str(files["deal.yaml"])).exit_code == 0
    import sqlite3

    with sqlite3.connect(store_dir / "store.db") as db:
        db.execute("UPDATE meta SET value = '7' WHERE key = 'version'")
    result = cli("entities")
    assert result.exit_code == 1
    one_line_error(result.stderr, "store version 7 is not supported")
    (tmp_path / "plain-file").write_text("x")
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "plain-file"), "entities"])
    assert result.exit_code == 1
    one_line_error(result.stderr, "plain-file", "cannot open store")


# -- listings -------------------------------------------------------------------------------------------

@pytest.fixture
def loaded(cli, files):
    assert cli("ingest", *map(str, files.values())).exit_code == 0
    return cli


LISTINGS = {
    "entities": ("name", {"Northwind Labs", "Contoso", "Fabrikam Vision", "Tailspin"}),
    "relations": ("type", {"AGREED_TO_ACQUIRE", "DEVELOPS", "COMPETES_WITH"}),
    "events": ("type", {"RELEASE"}),
    "documents": ("id", {"deal", "other"}),
}


@pytest.mark.parametrize("listing", sorted(LISTINGS))
def test_listings_in_every_format_agree(loaded, listing):
    column, expected = LISTINGS[listing]
    as_json = json.loads(loaded(listing, "--format", "json").stdout)
    as_jsonl = [json.loads(line) for line in loaded(listing, "-f", "jsonl").stdout.splitlines()]
    as_csv = list(csv.DictReader(io.StringIO(loaded(listing, "--format", "csv").stdout)))
    table = loaded(listing, "--format", "table").stdout
    assert {r[column] for r in as_json} == expected
    assert as_jsonl == as_json
    assert [r[column] for r in as_csv] == [r[column] for r in as_json]
    assert all(value in table for value in expected)
    assert table.splitlines()[0].split()[0] == "id"  # a header row, then one line a row
    assert len(table.splitlines()) == len(as_json) + 1


def test_relations_listing_merges_agreeing_sources(loaded):
    [deal] = json.loads(loaded("relations", "--format", "json", "--type", "AGREED_TO_ACQUIRE").stdout)
    assert (deal["subject"], deal["object"], deal["date"], deal["status"], deal["sources"]) == (
        "Contoso", "Northwind Labs", "2026-04", "pending", 2)
    assert deal["amount"] == "USD 1,200,000,000"


def test_an_empty_store_lists_no_rows(cli):
    assert cli("relations").stdout.strip() == "(no rows)"
    assert json.loads(cli("relations", "-f", "json").stdout) == []
    assert cli("relations", "-f", "jsonl").stdout == ""


def test_schema_lists_the_vocabulary(cli):
    table = cli("schema").stdout
    assert all(name in table for name in ("Company", "SUPPLIES_DATA_TO", "TRAINING_COMPLETED"))
    as_json = json.loads(cli("schema", "-f", "json").stdout)
    assert as_json["relation_types"]["SUBSIDIARY_OF"]["controller"] == "object"


# -- export -----------------------------------------------------------------------------------------------

def _without_timestamps(export: str) -> dict:
    data = json.loads(export)
    for d in data["documents"]:
        d.pop("ingested_at")
    return data


def test_export_to_stdout_and_to_a_file_are_the_same(loaded, tmp_path):
    stdout = loaded("export", "--format", "json", "--output", "-")
    assert stdout.exit_code == 0
    target = tmp_path / "out" / "graph.json"
    to_file = loaded("export", "--format", "json", "--output", str(target))
    assert to_file.exit_code == 0 and to_file.stdout == "" and f"wrote {target}" in to_file.stderr
    assert target.read_text() == stdout.stdout
    data = json.loads(stdout.stdout)
    assert set(data) >= {"entities", "relations", "events", "documents"}
    [deal] = [r for r in data["relations"] if r["type"] == "AGREED_TO_ACQUIRE"]
    assert (deal["subject"], deal["object"]) == ("contoso", "northwind-labs")
    assert {s["document"] for s in deal["sources"]} == {"deal", "other"}
    assert set(deal["sources"][0]) >= {"document", "quote", "start", "end"}
    assert [e["entity"] for e in data["events"]] == ["fabrikam-vision"]


def test_export_to_a_directory_is_a_one_line_error(loaded, tmp_path):
    result = loaded("export", "--format", "json", "--output", str(tmp_path))
    assert result.exit_code == 1
    one_line_error(result.stderr, str(tmp_path), "is a directory")


def test_ingesting_the_same_facts_twice_gives_a_byte_identical_export(loaded, files, tmp_path):
    first = loaded("export").stdout_bytes
    assert loaded("ingest", *map(str, files.values())).exit_code == 0
    assert loaded("export").stdout_bytes == first
    # a fresh store built from the same files says the same (only the ingest time differs)
    fresh = CliRunner()
    fresh.invoke(main, ["--store", str(tmp_path / "fresh"), "ingest", *map(str, reversed(files.values()))])
    assert _without_timestamps(fresh.invoke(main, ["--store", str(tmp_path / "fresh"), "export"]).stdout) == \
        _without_timestamps(first.decode())


# -- forget, merge, distinct ----------------------------------------------------------------------------

def test_forget_removes_what_only_that_document_supported(loaded, files):
    result = loaded("forget", "other")
    assert result.exit_code == 0
    assert "forgot other: 1 relation(s), 0 event(s), 1 entit(y/ies) no longer supported" in result.stderr
    rels = json.loads(loaded("relations", "-f", "json").stdout)
    assert {(r["type"], r["sources"]) for r in rels} == {("AGREED_TO_ACQUIRE", 1), ("DEVELOPS", 1)}
    assert loaded("forget", str(files["deal.yaml"])).exit_code == 0  # by path too
    assert json.loads(loaded("documents", "-f", "json").stdout) == []


def test_merge_and_distinct(loaded):
    result = loaded("merge", "--yes", "--force", "Tailspin", "Fabrikam Vision")
    assert result.exit_code == 0 and "merged:" in result.stderr
    names = {e["name"]: e["aliases"] for e in json.loads(loaded("entities", "-f", "json").stdout)}
    assert len(names) == 3
    result = loaded("distinct", "Tailspin", "Fabrikam Vision")
    assert result.exit_code == 0 and "will be kept apart" in result.stderr
    assert len(json.loads(loaded("entities", "-f", "json").stdout)) == 4
    # a name mentioned nowhere yet can be kept apart ahead of time
    assert loaded("distinct", "Contoso", "Contoso Pharma").exit_code == 0


# -- where the store lives -------------------------------------------------------------------------------

def test_dealgraph_store_environment_variable(files, tmp_path):
    env_store = tmp_path / "from-env"
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", str(files["deal.yaml"])], env={"DEALGRAPH_STORE": str(env_store)})
    assert result.exit_code == 0 and (env_store / "store.db").is_file()
    listed = runner.invoke(main, ["documents", "-f", "json"], env={"DEALGRAPH_STORE": str(env_store)})
    assert [d["id"] for d in json.loads(listed.stdout)] == ["deal"]
    flag = tmp_path / "from-flag"
    runner.invoke(main, ["--store", str(flag), "ingest", str(files["other.yaml"])],
                  env={"DEALGRAPH_STORE": str(env_store)})
    assert (flag / "store.db").is_file()  # the flag wins over the environment


def test_the_default_store_is_dot_dealgraph_in_the_working_directory(files, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DEALGRAPH_STORE"}
    result = subprocess.run([sys.executable, "-m", "dealgraph", "ingest", str(files["deal.yaml"])], cwd=tmp_path,
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / ".dealgraph" / "store.db").is_file()


# -- packaging ----------------------------------------------------------------------------------------------

def test_the_wheel_carries_every_subpackage_and_data_file(tmp_path):
    """What `pip install .` (not -e) installs: built from a clean copy of the tree, offline."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".venv", ".git", "target", "*.egg-info", "__pycache__", "build", "dist", ".hypothesis", ".pytest_cache",
        ".dealgraph", "node_modules"))
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "-w", str(tmp_path / "wheel"), str(src)], capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    [wheel] = (tmp_path / "wheel").glob("dealgraph-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())

    assert "dealgraph/graph/schema.yaml" in names and "dealgraph/__main__.py" in names
    packages = sorted(p.parent.relative_to(ROOT) for p in ROOT.glob("*/**/__init__.py")
                      if not {"tests", ".venv", "build"} & set(p.relative_to(ROOT).parts))
    missing = [str(p) for p in packages if f"dealgraph/{p.as_posix()}/__init__.py" not in names]
    assert not missing, f"subpackages left out of the wheel (add them to pyproject's packages): {missing}"
    shipped = [p for top in ["samples", *map(str, packages)] for p in (ROOT / top).rglob("*")
               if p.is_file() and "__pycache__" not in p.parts]
    absent = [str(p.relative_to(ROOT)) for p in shipped if f"dealgraph/{p.relative_to(ROOT).as_posix()}" not in names]
    assert not absent, f"files left out of the wheel (add them to pyproject's package-data): {absent}"
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert re.search(r"dealgraph\s*=\s*dealgraph\.cli:main", zipfile.ZipFile(wheel).read(entry_points).decode())


# -- review fixes ------------------------------------------------------------------------------------------

def test_merge_accepts_a_name_the_store_does_not_hold_yet(loaded, tmp_path):
    result = loaded("merge", "-y", "Contoso Pharma", "Contoso")
    assert result.exit_code == 0
    assert "'Contoso Pharma' is not in the store yet; the judgement applies when it appears" in result.stderr
    later = tmp_path / "later.yaml"
    later.write_text("entities:\n  - {name: Contoso Pharma, type: Company}\n"
                     "relations:\n  - {subject: Contoso Pharma, type: COMPETES_WITH, object: Northwind}\n")
    assert loaded("ingest", str(later)).exit_code == 0
    [contoso] = [e for e in json.loads(loaded("entities", "-f", "json").stdout) if e["name"] == "Contoso"]
    assert "Contoso Pharma" in contoso["aliases"]


def test_whole_numbers_print_without_a_decimal_point_beside_blanks(loaded):
    """ownership-paths: one hop has an amount, the next has none; pandas would make both floats."""
    args = ("query", "ownership-paths", "Contoso", "Fabrikam Vision", "--include-pending")
    rows = list(csv.DictReader(io.StringIO(loaded(*args, "-f", "csv").stdout)))
    assert [r["amount"] for r in rows] == ["1200000000", ""]
    table = loaded(*args).stdout
    assert "1200000000" in table and "1200000000.0" not in table


def test_export_says_which_files_it_wrote(loaded, tmp_path):
    result = loaded("export", "-f", "csv", "-o", str(tmp_path / "out.csv"))
    assert result.exit_code == 0
    assert f"wrote {tmp_path / 'out-nodes.csv'}, {tmp_path / 'out-relationships.csv'}" in result.stderr
    assert not (tmp_path / "out.csv").exists()


def test_export_help_lists_the_formats(cli):
    text = cli("export", "--help").stdout
    assert "[csv|cypher|gexf|graphml|html|json]" in text


def test_ingesting_a_folder_skips_a_store_inside_it(files, tmp_path):
    folder = files["deal.yaml"].parent
    store = folder / "demo.dg"
    run = CliRunner().invoke
    assert run(main, ["--store", str(store), "ingest", str(files["deal.yaml"])]).exit_code == 0
    result = run(main, ["--store", str(store), "ingest", str(folder)])
    assert result.exit_code == 0, result.output
    assert "store.json" not in result.stderr and "2 file(s) ingested (1 added, 0 replaced, 1 unchanged)" in \
        result.stderr


def test_reading_a_store_that_does_not_exist_says_so(tmp_path):
    typo = tmp_path / "typo.dg"
    result = CliRunner().invoke(main, ["--store", str(typo), "relations"])
    assert result.exit_code == 0 and result.stdout.strip() == "(no rows)"
    assert result.stderr.count("\n") == 1 and f"there is no store at {typo}" in result.stderr
    assert not typo.exists()


def test_view_to_stdout_writes_the_page_there(loaded, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = loaded("view", "-o", "-")
    assert result.exit_code == 0 and result.stdout.lstrip().lower().startswith(("<!doctype html", "<html"))
    assert "Northwind Labs" in result.stdout and "wrote stdout: 4 entities" in result.stderr
    assert not (tmp_path / "-").exists()


def test_look_through_rule_is_in_the_query_help(cli):
    for query in ("controllers", "holdings"):
        text = " ".join(cli("query", query, "--help").stdout.split())
        assert "product of the stakes along a chain, summed over the chains" in text
        assert "module docstring" not in text


def test_an_unchanged_document_is_reported_without_counts(loaded, files):
    result = loaded("ingest", str(files["deal.yaml"]))
    assert "unchanged deal\n" in result.stderr and "unchanged deal:" not in result.stderr


def test_a_date_or_nan_in_one_file_does_not_lose_the_batch(cli, files, tmp_path):
    dated = tmp_path / "in" / "dated.yaml"
    dated.write_text("title: 2026-01-01\nentities:\n  - {name: Acme, type: Company, attributes: {x: 2026-01-01}}\n")
    nan = tmp_path / "in" / "nan.yaml"
    nan.write_text("relations:\n  - {subject: A, type: ACQUIRED, object: B, attributes: {a: .nan}}\n")
    result = cli("ingest", str(files["deal.yaml"]), str(dated), str(nan))
    assert result.exit_code == 1 and "Traceback" not in result.output
    one_line_error(result.stderr, str(nan), "relations[0]: bad attributes.a nan: expected a finite number")
    assert sorted(d["id"] for d in json.loads(cli("documents", "-f", "json").stdout)) == ["dated", "deal"]
    json.loads(cli("export").stdout, parse_constant=lambda c: pytest.fail(f"{c} is not JSON"))


def test_an_amount_without_a_currency_is_listed_without_one(cli, tmp_path):
    facts = tmp_path / "plain.yaml"
    facts.write_text("relations:\n  - {subject: Acme, type: INVESTED_IN, object: Beta, amount: 5000}\n")
    assert cli("ingest", str(facts)).exit_code == 0
    [row] = json.loads(cli("relations", "-f", "json").stdout)
    assert row["amount"] == "5,000"
    [rel] = json.loads(cli("export").stdout)["relations"]
    assert rel["amount"] == {"value": 5000, "currency": None}


# -- the store: created by writes, unchanged files skipped, unwritable stores refused up front ---------

def test_a_write_creates_the_store_and_says_so_once(tmp_path, files):
    store = tmp_path / "new.dg"
    runner = CliRunner()
    first = runner.invoke(main, ["--store", str(store), "ingest", str(files["deal.yaml"])])
    assert first.exit_code == 0 and first.stderr.count(f"created store at {store}") == 1
    again = runner.invoke(main, ["--store", str(store), "ingest", str(files["other.yaml"])])
    assert again.exit_code == 0 and "created" not in again.stderr
    judged = runner.invoke(main, ["--store", str(tmp_path / "judged.dg"), "distinct", "Acme", "Apex"])
    assert judged.exit_code == 0 and f"created store at {tmp_path / 'judged.dg'}" in judged.stderr


def test_unchanged_files_are_not_extracted_again(cli, files, monkeypatch):
    import dealgraph.loaders as loaders

    assert cli("ingest", *map(str, files.values())).exit_code == 0
    extracted = []
    real = loaders.load
    monkeypatch.setattr(loaders, "load", lambda path, **options: extracted.append(str(path)) or real(path, **options))
    result = cli("ingest", *map(str, files.values()))
    assert "(0 added, 0 replaced, 2 unchanged)" in result.stderr and extracted == []
    files["deal.yaml"].write_text(FACTS.replace("status: pending", "status: completed"))
    result = cli("ingest", *map(str, files.values()))
    assert "(0 added, 1 replaced, 1 unchanged)" in result.stderr and extracted == [str(files["deal.yaml"])]
    cli("ingest", "--force", *map(str, files.values()))
    assert len(extracted) == 3


def test_a_store_that_cannot_be_written_is_refused_before_any_extraction(cli, files, store_dir, monkeypatch):
    """As a read-only file system would: SQLite opens the database read-only and refuses to write."""
    import dealgraph.loaders as loaders
    from dealgraph.graph.sqlite import db

    assert cli("ingest", str(files["other.yaml"])).exit_code == 0
    real_connect = db.connect
    monkeypatch.setattr(db, "connect", lambda file, **options: real_connect(file, **{**options, "readonly": True}))
    extracted = []
    monkeypatch.setattr(loaders, "load", lambda path, **options: extracted.append(path))
    result = cli("ingest", str(files["deal.yaml"]))
    assert result.exit_code == 1 and extracted == []
    one_line_error(result.stderr, str(store_dir / "store.db"), "cannot write store", "readonly")
    assert [d["id"] for d in json.loads(cli("documents", "-f", "json").stdout)] == ["other"]  # reading still works


HEAVY = textwrap.dedent("""
    import sys
    from dealgraph.cli import main
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
    print(sorted(m for m in ("pandas", "networkx", "numpy") if m in sys.modules), file=sys.stderr)
""")


def test_help_version_and_a_query_import_neither_pandas_nor_networkx(loaded, store_dir):
    """Start-up: importing pandas and networkx cost every call 0.6 s; a query does not need them."""
    for args in (["--version"], ["--help"], ["--store", str(store_dir), "query", "ownership-paths", "Contoso",
                                             "Fabrikam Vision", "--include-pending", "-f", "csv"],
                 ["--store", str(store_dir), "query", "controllers", "Northwind", "-f", "json"]):
        run = subprocess.run([sys.executable, "-c", HEAVY, *args], capture_output=True, text=True, timeout=60)
        assert run.stderr.strip().splitlines()[-1] == "[]", (args, run.stderr)
    rows = subprocess.run([sys.executable, "-m", "dealgraph", "--store", str(store_dir), "query", "ownership-paths",
                           "Contoso", "Fabrikam Vision", "--include-pending", "-f", "csv"],
                          capture_output=True, text=True, timeout=60).stdout
    assert len(rows.splitlines()) == 3  # a header and two hops: the answer came out
