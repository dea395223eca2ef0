"""Processes: the workers of `dealgraph ingest -j N` never outlive their parent, even killed with -9."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table in /proc")

# Our own words, varied so that every sentence names different companies: slow, ordinary input.
SENTENCE = ("Northwind Holdings {i} agreed to acquire Contoso Robotics {i} for $1.{d} billion on March {day}, 2026, "
            "and Fabrikam Capital {i} took a {pct}% stake in Tailspin Analytics {i}. ")


def news(path: Path, size: int) -> Path:
    parts, i = [], 0
    while sum(map(len, parts)) < size:
        parts.append(SENTENCE.format(i=i, d=i % 10, day=i % 28 + 1, pct=i % 40 + 5))
        i += 1
    path.write_text("".join(parts), encoding="utf-8")
    return path


def stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a live process; None once it is gone (a zombie counts as gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None if fields[0] in ("Z", "X") else (fields[0], int(fields[1]))


def children(pid: int) -> set[int]:
    out = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (s := stat(int(entry))) and s[1] == pid:
            out.add(int(entry))
    return out


def test_killing_the_parent_of_a_parallel_ingest_takes_its_workers_down(tmp_path):
    files = [str(news(tmp_path / f"wire-{n}.txt", 400_000)) for n in range(12)]
    parent = subprocess.Popen([sys.executable, "-m", "dealgraph", "--store", str(tmp_path / "store"),
                               "ingest", "-q", "-j", "2", *files],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and parent.poll() is None:
            workers |= children(parent.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "the ingest never started its two workers"
        time.sleep(0.5)  # let them get into their first documents
        assert parent.poll() is None, "the ingest finished before it could be killed: the input is too fast"
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(stat(w) for w in workers):
            time.sleep(0.05)
        left = sorted(w for w in workers if stat(w))
        assert left == [], f"workers {left} outlived their killed parent"
    finally:
        for w in workers:  # ours, by pid: never leave them behind when the assertion fails
            if stat(w):
                os.kill(w, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()
            parent.wait()
