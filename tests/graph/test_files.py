"""atomic_write (what exports write with): old or new bytes, never a mix, whatever point a kill hits."""
from __future__ import annotations

import re
import subprocess
import sys
import textwrap

import pytest

from dealgraph.exc import DealgraphError
from dealgraph.graph.files import atomic_write

OLD, NEW = b'{"k": "old"}' + b"o" * 100_000, b'{"k": "new"}' + b"n" * 200_000

# Each kill point replaces one step of atomic_write with itself followed by SIGKILL (or, mid-write,
# half the bytes then SIGKILL), so the kill lands exactly there, on a busy machine too.
KILLER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from dealgraph.graph import files

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    where, target, data = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]).read_bytes()
    real_fdopen, real_fsync, real_replace = os.fdopen, os.fsync, os.replace
    if where == "mid-write":
        class Half:
            def __init__(self, fh): self.fh = fh
            def __enter__(self): return self
            def __exit__(self, *exc): return False
            def fileno(self): return self.fh.fileno()
            def write(self, b):
                self.fh.write(b[: len(b) // 2]); self.fh.flush(); die()
        os.fdopen = lambda fd, mode: Half(real_fdopen(fd, mode))
    elif where == "before-rename":
        os.replace = lambda a, b: die()
    elif where == "after-rename":
        def replace_then_die(a, b):
            real_replace(a, b)
            die()
        os.replace = replace_then_die
    files.atomic_write(target, data)
""")


@pytest.mark.parametrize("where, survivor", [("mid-write", OLD), ("before-rename", OLD), ("after-rename", NEW)])
def test_a_kill_at_any_point_leaves_the_old_or_the_new_bytes(tmp_path, where, survivor):
    target = tmp_path / "out" / "data.json"
    atomic_write(target, OLD)
    payload = tmp_path / "payload"
    payload.write_bytes(NEW)
    killed = subprocess.run([sys.executable, "-c", KILLER, where, str(target), str(payload)], capture_output=True,
                            timeout=60)
    assert killed.returncode == -9, killed.stderr
    assert target.read_bytes() == survivor
    assert len(list(target.parent.glob(".data.json.*.tmp"))) == (where != "after-rename")  # its temp file
    atomic_write(target, NEW)  # the next write is not in the way of what the kill left
    assert target.read_bytes() == NEW


@pytest.mark.parametrize("where", ["dir", "under-a-file"])
def test_atomic_write_to_a_place_that_cannot_be_a_file_is_a_one_line_error(tmp_path, where):
    (tmp_path / "plain").write_text("x")
    target = tmp_path if where == "dir" else tmp_path / "plain" / "out.json"
    with pytest.raises(DealgraphError, match=rf"^{re.escape(str(target))}: (is a directory|cannot write)"):
        atomic_write(target, b"{}")
    assert list(tmp_path.glob(".*.tmp")) == []
