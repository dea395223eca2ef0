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
