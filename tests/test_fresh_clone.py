"""A fresh clone: the corpus is found through DEALGRAPH_CORPUS or skipped in one line (failed in CI),
and tests/run.sh names the set-up step that failed with the end of its output."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS_TEST = "tests/loaders/test_article.py::test_seeds_quote_verbatim"


def pytest_run(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "DEALGRAPH_CORPUS")}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
                          capture_output=True, text=True, cwd=ROOT, env={**clean, **env}, timeout=300)


def test_without_the_corpus_its_tests_are_skipped_in_one_line_naming_the_folder(tmp_path):
    missing = tmp_path / "no-corpus-here"
    r = pytest_run(CORPUS_TEST, "tests/queries/test_query_seeds.py", DEALGRAPH_CORPUS=str(missing))
    assert r.returncode == 0, r.stdout
    skips = [line for line in r.stdout.splitlines() if line.startswith("SKIPPED")]
    assert len(skips) == 1 and f"no corpus at {missing}" in skips[0] and "DEALGRAPH_CORPUS" in skips[0], r.stdout
    assert "2 skipped" in r.stdout


def test_in_ci_a_missing_corpus_fails(tmp_path):
    r = pytest_run(CORPUS_TEST, DEALGRAPH_CORPUS=str(tmp_path / "nowhere"), CI="true")
    assert r.returncode == 1 and f"no corpus at {tmp_path / 'nowhere'}" in r.stdout and "CI must run them" in r.stdout


def test_the_corpus_can_live_anywhere(tmp_path, shared):
    moved = tmp_path / "elsewhere"
    shutil.copytree(shared / "corpus" / "seeds", moved / "corpus" / "seeds")
    where = subprocess.run([sys.executable, "-c", "import conftest; print(conftest.SHARED)"], capture_output=True,
                           text=True, cwd=ROOT / "tests", env={**os.environ, "DEALGRAPH_CORPUS": str(moved)})
    assert where.stdout.strip() == str(moved)
    relative = subprocess.run([sys.executable, "-c", "import conftest; print(conftest.SHARED)"], capture_output=True,
                              text=True, cwd=tmp_path, env={**os.environ, "DEALGRAPH_CORPUS": "corpus-dir",
                                                            "PYTHONPATH": str(ROOT / "tests")})
    assert relative.stdout.strip() == str(ROOT / "corpus-dir")  # relative to the repository, not the cwd
    r = pytest_run(CORPUS_TEST, DEALGRAPH_CORPUS=str(moved))
    assert r.returncode == 0 and "1 passed" in r.stdout, r.stdout


# -- tests/run.sh on a machine where a set-up step fails ------------------------------------------------

def fake_machine(tmp_path: Path, programs: dict[str, str]) -> tuple[Path, dict[str, str]]:
    """A copy of tests/run.sh in an empty checkout, and a PATH with basic tools plus fake `programs`."""
    repo = tmp_path / "repo"
    (repo / "tests").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "run.sh", repo / "tests" / "run.sh")
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    for tool in ("bash", "dirname", "mktemp", "tail", "sed", "rm", "id", "env", "cat"):
        (bin_ / tool).symlink_to(shutil.which(tool))
    for name, body in {"sudo": 'exec "$@"', **programs}.items():
        (bin_ / name).write_text(f"#!{shutil.which('bash')}\n{body}\n")
        (bin_ / name).chmod(0o755)
    return repo, {"PATH": str(bin_), "HOME": str(tmp_path)}


def run_sh(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([env["PATH"] + "/bash", str(repo / "tests" / "run.sh")], capture_output=True, text=True,
                          env=env, timeout=60)


def test_run_sh_names_a_failing_pip_step_and_shows_its_output(tmp_path):
    repo, env = fake_machine(tmp_path, {"python3": 'echo "working..."; echo "Error: ensurepip is not available" >&2; '
                                                   'exit 3'})
    r = run_sh(repo, env)
    assert r.returncode == 3
    assert "tests/run.sh: set-up step failed: pip: create the virtualenv (exit 3)" in r.stderr
    assert "  | Error: ensurepip is not available" in r.stderr and "  | working..." in r.stderr


def test_run_sh_names_a_failing_apt_step_and_shows_its_output(tmp_path):
    repo, env = fake_machine(tmp_path, {"apt-get": '[ "$1" = update ] && exit 0\n'
                                                   'echo "Reading package lists..."\n'
                                                   'echo "E: Unable to locate package ${@: -1}" >&2; exit 100'})
    for name in ("python", "pip"):  # a virtualenv that works
        (repo / ".venv" / "bin").mkdir(parents=True, exist_ok=True)
        (repo / ".venv" / "bin" / name).write_text(f"#!{shutil.which('bash')}\nexit 0\n")
        (repo / ".venv" / "bin" / name).chmod(0o755)
    r = run_sh(repo, env)
    assert r.returncode == 100
    step = ("Chromium: apt-get install chromium" if not Path("/usr/bin/chromium").exists()
            else "Java and Maven: apt-get install openjdk-17-jdk-headless maven")
    assert f"tests/run.sh: set-up step failed: {step} (exit 100)" in r.stderr, r.stderr
    assert "  | E: Unable to locate package" in r.stderr and "  | Reading package lists..." in r.stderr
