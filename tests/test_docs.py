"""The README and docs/ tell the truth: the two opening commands exist and run, CI runs the second, every
command is shown, links resolve, commands and options shown exist, and figures are the benchmarks' own."""
from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from dealgraph.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PAGES = [ROOT / "README.md", ROOT / "ARCHITECTURE.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"```(?:bash|sh|console)?\n(.*?)```", re.S)


def code_blocks(text: str) -> list[str]:
    return re.findall(r"^```[a-z]*\n(.*?)^```", text, flags=re.S | re.M)


def opening_commands() -> list[str]:
    return [line for line in code_blocks(README)[0].splitlines() if line.strip() and not line.startswith("#")]


def steps(command: str) -> list[list[str]]:
    return [shlex.split(part) for part in re.split(r"\s*&&\s*", command)]


def test_readme_opens_with_exactly_two_commands():
    before = [line for line in README[:README.index("```")].splitlines() if line.strip()]
    assert len(before) == 1 and before[0].startswith("# "), "only the title may come before the commands"
    assert len(opening_commands()) == 2


def test_the_opening_commands_name_things_that_exist():
    for command in opening_commands():
        for argv in steps(command):
            program = argv[0]
            if program == "bash":
                assert (ROOT / argv[1]).is_file(), f"{argv[1]} is missing"
            elif program.endswith("dealgraph"):
                words = [a for a in argv[1:] if not a.startswith("-")]
                options = [a for a in argv[1:] if a.startswith("-")]
                subcommand = next(w for w in words if w in main.commands)
                assert subcommand, f"no dealgraph command in {command!r}"
                known = {o for p in main.params for o in p.opts} | {
                    o for p in main.commands[subcommand].params for o in p.opts}
                assert set(options) <= known, f"unknown options in {command!r}"
            else:
                assert program in {"python3", ".venv/bin/pip", ".venv/bin/python"}, f"unexpected {program!r}"


def test_ci_runs_the_readmes_test_command():
    install_and_test = opening_commands()[1]
    script = next(argv[1] for argv in steps(install_and_test) if argv[0] == "bash")
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(rf"^[^#\n]*\b{re.escape(script)}\b", ci, flags=re.M), f".ci/run does not call {script}"


def test_the_first_command_runs_the_demo_on_the_shipped_samples(tmp_path, monkeypatch):
    argv = next(a for a in steps(opening_commands()[0]) if a[0].endswith("dealgraph"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, argv[1:], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "HOLDS_OPTION_TO_ACQUIRE" in result.stdout and "Anysphere" in result.stdout


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_in_the_readme(command):
    assert re.search(rf"dealgraph( --?[\w-]+(?: [^\s-][^\s]*)?)* {re.escape(command)}\b", README), \
        f"`dealgraph {command}` is not in the README"


def test_the_usage_activates_the_virtualenv_before_calling_dealgraph():
    """The first command installs into .venv without activating it: bare `dealgraph` needs the venv on PATH."""
    blocks = code_blocks(README)[1:]
    first = next(b for b in blocks if re.search(r"^dealgraph ", b, flags=re.M))
    lines = first.splitlines()
    call = next(i for i, line in enumerate(lines) if line.startswith("dealgraph "))
    assert any(line.split("#")[0].strip() == "source .venv/bin/activate" for line in lines[:call]), first


def test_the_readme_and_the_message_give_the_same_size_limit(tmp_path, monkeypatch):
    from dealgraph.exc import InputError
    from dealgraph.loaders import files

    monkeypatch.delenv("DEALGRAPH_MAX_BYTES", raising=False)
    stated = f"`DEALGRAPH_MAX_BYTES`, {files.DEFAULT_MAX_MB} MiB by default"
    assert stated in " ".join(README.split()), f"the README should say {stated!r}"
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:  # sparse: refused on its size before it is read
        fh.truncate(files.DEFAULT_MAX_MB * 1024 * 1024 + 1)
    with pytest.raises(InputError) as e:
        files.read_text(big)
    assert f"the limit is {files.DEFAULT_MAX_MB} MiB" in str(e.value) and "(25.0 MiB;" in str(e.value)


def test_readme_is_a_five_minute_read():
    assert len(README.splitlines()) <= 200, "the README is the tour; details go to docs/"


def _anchors(page: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    out = set()
    for h in re.findall(r"^#+\s+(.*)$", page.read_text(encoding="utf-8"), re.M):
        out.add(re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", h.strip().lower())))
    return out


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_resolves(page):
    text = page.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+://|mailto:", target):
            continue
        path, _, anchor = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        assert dest.exists(), f"{page.name}: link to {target} points nowhere"
        if anchor and dest.suffix == ".md":
            assert anchor in _anchors(dest), f"{page.name}: no heading #{anchor} in {dest.name}"


def _options(cmd: click.Command) -> set[str]:
    return {o for p in cmd.params for o in (*p.opts, *p.secondary_opts)}


def _command_lines(text: str):
    """`dealgraph ...` lines of the shell blocks, with continuation lines joined and comments cut."""
    for block in FENCE.findall(text):
        pending = ""
        for line in re.sub(r"\\\n\s*", " ", block).splitlines():
            line = (pending + " " + line.strip()).strip() if pending else line.strip()
            for prefix in ("dealgraph ", ".venv/bin/dealgraph "):
                if line.startswith(prefix):
                    try:
                        yield shlex.split(line[len(prefix):], comments=True)
                        pending = ""
                    except ValueError:  # a quote that goes on on the next line
                        pending = line
                    break
            else:
                pending = ""


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_command_shown_exists_with_its_options(page):
    group_opts = _options(main)
    for words in _command_lines(page.read_text(encoding="utf-8")):
        i = 0
        while i < len(words) and words[i].startswith("-"):  # global options, with their values
            name = words[i].split("=")[0]
            assert name in group_opts, f"{page.name}: dealgraph has no option {name}: {' '.join(words)}"
            flag = next(p for p in main.params if name in (*p.opts, *p.secondary_opts))
            i += 1 if getattr(flag, "is_flag", False) or "=" in words[i] else 2
        if i >= len(words):
            continue
        cmd = main.commands.get(words[i])
        assert cmd is not None, f"{page.name}: no command {words[i]!r}: {' '.join(words)}"
        while isinstance(cmd, click.Group) and i + 1 < len(words) and \
                (sub := cmd.get_command(click.Context(cmd), words[i + 1])) is not None:
            i, cmd = i + 1, sub  # `query NAME`
        opts = _options(cmd) | {"--help", "-h"}
        for w in words[i + 1:]:
            if w.startswith("-") and not re.fullmatch(r"-\d[\d.]*", w):
                assert w.split("=")[0] in opts, f"{page.name}: `dealgraph {words[i]}` has no option {w}"


def test_readme_accuracy_is_what_the_benchmark_measured():
    results = json.loads((ROOT / "benchmarks" / "results" / "accuracy.json").read_text(encoding="utf-8"))
    text = README
    rows = {m.group(1).strip(): m.group(0) for m in re.finditer(r"^\| ([^|]+?) \|.*$", text, re.M)}
    for r in results["rows"]:
        assert r["corpus"] in rows, f"README's accuracy table has no row for {r['corpus']}"
        assert f"{r['relation_f1']:.2f}" in rows[r["corpus"]], (r["corpus"], r["relation_f1"])


def test_readme_speed_figures_are_in_the_results_files():
    """Each row of the README's speed table names its results file; its bold figures are copied from it."""
    text = README
    rows = [line for line in text.splitlines() if line.startswith("|") and "`benchmarks/results/" in line]
    assert len(rows) >= 5
    for row in rows:
        results = ROOT / re.search(r"`(benchmarks/results/[\w.-]+)`", row).group(1)
        figures = re.findall(r"\*\*([^*]+)\*\*", row)
        assert figures, row
        body = results.read_text(encoding="utf-8")
        for f in figures:
            assert f in body, f"{f!r} is not in {results.name}"
