"""The README tells the truth: its two opening commands exist and run, CI runs the second, and
every command is documented."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from dealgraph.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


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
