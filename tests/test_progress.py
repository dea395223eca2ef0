"""Progress of a long ingest: the pipeline reports files done and the characters read of the document
extracted in this process; the CLI draws them as a bar on a terminal, and only there."""
from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from dealgraph.cli import main
from dealgraph.loaders.pipeline import Progress, extract_many
from dealgraph.output import Bar

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "articles"


class Recorder(Progress):
    def __init__(self):
        self.seen: list[tuple] = []

    def files(self, done, total):
        self.seen.append(("files", done, total))

    def chars(self, path, done, total):
        self.seen.append(("chars", Path(path).name, done, total))


def long_article(tmp_path: Path, copies: int = 40) -> Path:
    """The shipped samples' bodies over and over: a long article in our own words."""
    bodies = [p.read_text(encoding="utf-8").split("\n---\n", 1)[-1] for p in sorted(SAMPLES.glob("*.txt"))]
    path = tmp_path / "long.txt"
    path.write_text("title: a long file\n---\n" + "\n\n".join(bodies * copies), encoding="utf-8")
    return path


def test_one_document_reports_increasing_characters_ending_at_its_length(tmp_path):
    path = long_article(tmp_path)
    rec = Recorder()
    (item,) = extract_many([str(path)], progress=rec)
    chars = [s for s in rec.seen if s[0] == "chars"]
    total = item.extraction.document.chars
    assert len(chars) > 10 and {s[3] for s in chars} == {total} and {s[1] for s in chars} == {"long.txt"}
    done = [s[2] for s in chars]
    assert done == sorted(done) and done[0] < total and done[-1] == total
    assert rec.seen[-1] == ("files", 1, 1)


def test_files_in_worker_processes_report_files_only(tmp_path):
    paths = [str(p) for p in sorted(SAMPLES.iterdir())]
    rec = Recorder()
    items = list(extract_many(paths, jobs=2, progress=rec))
    assert [i.path for i in items] == paths and not any(i.error for i in items)
    assert rec.seen == [("files", n, len(paths)) for n in range(1, len(paths) + 1)]


def test_no_bar_when_stderr_is_not_a_terminal(tmp_path):
    path = long_article(tmp_path, copies=5)
    with open(tmp_path / "err.txt", "w") as stream:
        bar = Bar(1, stream)
        bar.chars(str(path), 10, 100)
        bar.files(1, 1)
        assert not bar.shown and bar._bar is None
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "store"), "ingest", str(path)])
    assert result.exit_code == 0 and "reading" not in result.stderr and "\x1b[" not in result.stderr


def test_a_terminal_sees_the_bar_of_one_long_file(tmp_path):
    """A real process whose stderr is a pseudo-terminal, as when an analyst runs it."""
    path = long_article(tmp_path, copies=150)
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120"}
    proc = subprocess.Popen([sys.executable, "-m", "dealgraph", "--store", str(tmp_path / "store"), "ingest",
                             str(path)], stdout=subprocess.PIPE, stderr=follower, env=env)
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the process closed its end
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=120)
    os.close(leader)
    text = seen.decode("utf-8", "replace")
    assert proc.returncode == 0, text
    lines = re.split(r"[\r\n]+", re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text))
    assert any(line.startswith(f"reading {path}") and line.rstrip().endswith("0:00:00") and "100%" in line
               for line in lines), lines
    # what the ingest says while the bar is up sits on lines of its own, not glued to the bar's
    assert any(line.startswith("added     long: ") for line in lines), lines
    assert lines[-2] == "1 file(s) ingested (1 added, 0 replaced, 0 unchanged), 0 failed"
