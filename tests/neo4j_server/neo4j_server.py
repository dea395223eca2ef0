"""Start a throw-away Neo4j Community 5.26 server for tests and benchmarks.

The server is Neo4j embedded in a tiny Java launcher (``Launcher.java`` next to
this file) with the Bolt connector on, so clients use the ordinary ``neo4j``
Python driver over Bolt with authentication, exactly as against a real server.
No Neo4j distribution and no Docker are needed: only ``java`` (17+) and ``mvn``,
which fetches Neo4j from Maven Central on the first build.

Python use::

    from neo4j_server import Neo4jServer        # tests/neo4j_server on sys.path

    with Neo4jServer() as server:
        driver = neo4j.GraphDatabase.driver(server.uri, auth=server.auth)
        ...

Command line::

    python tests/neo4j_server/neo4j_server.py           # start, print URI, wait
    python tests/neo4j_server/neo4j_server.py --build   # only build the launcher
    python tests/neo4j_server/neo4j_server.py --rebuild # build even if up to date

Everything here fails loudly (``RuntimeError``); nothing skips.
Only the standard library is used; ``Neo4jServer.driver()`` imports ``neo4j``.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Sequence

HERE = Path(__file__).resolve().parent
TARGET = HERE / "target"
JAR = TARGET / "neo4j-launcher.jar"
# Written after a successful build; holds a hash of the build inputs so an edit
# to pom.xml or Launcher.java triggers a rebuild even if file times lie.
_STAMP = TARGET / ".build-inputs.sha256"

DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"
DEFAULT_JVM_ARGS = (
    # Small fixed heap: tests need little, several servers may run side by side,
    # and Neo4j warns when -Xms is unset.
    "-Xms256m",
    "-Xmx1g",
    "-XX:+UseSerialGC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Dlog4j2.disable.jmx=true",
)
STARTUP_TIMEOUT = 120.0
STOP_TIMEOUT = 30.0
_READY_PREFIX = "READY "


def _build_inputs() -> list[Path]:
    return [HERE / "pom.xml", *sorted((HERE / "src").rglob("*.java"))]


def _inputs_hash() -> str:
    digest = hashlib.sha256()
    for path in _build_inputs():
        digest.update(str(path.relative_to(HERE)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _is_built(expected_hash: str) -> bool:
    return (
        JAR.is_file()
        and (TARGET / "lib").is_dir()
        and _STAMP.is_file()
        and _STAMP.read_text().strip() == expected_hash
    )


def ensure_built(*, force: bool = False, quiet: bool = True) -> Path:
    """Build the launcher with Maven unless it is already up to date.

    Returns the path of the runnable jar. Safe to call from several processes
    at once (pytest-xdist): builds are serialised by a file lock.
    """
    expected = _inputs_hash()
    if not force and _is_built(expected):
        return JAR
    mvn = shutil.which("mvn")
    if mvn is None:
        raise RuntimeError("Maven ('mvn') is not on PATH; it is needed to build the Neo4j test launcher")
    if shutil.which("java") is None:
        raise RuntimeError("'java' (17 or newer) is not on PATH; it is needed to run the Neo4j test launcher")
    TARGET.mkdir(exist_ok=True)
    with open(TARGET / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not force and _is_built(expected):  # another process built it meanwhile
            return JAR
        _STAMP.unlink(missing_ok=True)
        # lib/ is not cleaned: servers started by other processes may still load
        # classes from it, and jars of an older version left there are harmless
        # (the jar's manifest class path names the exact files it needs).
        cmd = [mvn, "-q", "-B", "package"]
        if not quiet:
            print(f"building the Neo4j test launcher ({' '.join(cmd)} in {HERE}) ...", file=sys.stderr)
        started = time.monotonic()
        proc = subprocess.run(cmd, cwd=HERE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if proc.returncode != 0:
            raise RuntimeError(
                f"building the Neo4j test launcher failed ({' '.join(cmd)} in {HERE}, "
                f"exit {proc.returncode}):\n{proc.stdout[-6000:]}"
            )
        if not JAR.is_file():
            raise RuntimeError(f"Maven succeeded but {JAR} is missing")
        _STAMP.write_text(expected + "\n")
        if not quiet:
            print(f"built {JAR} in {time.monotonic() - started:.1f}s", file=sys.stderr)
    return JAR


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, limit: int = 4000) -> str:
    try:
        data = path.read_bytes()
    except OSError:
        return "(no output captured)"
    text = data[-limit:].decode("utf-8", "replace").strip()
    return text or "(empty)"


class Neo4jServer:
    """A Neo4j server on a free loopback port with a fresh data dir and password.

    Use as a context manager, or call ``start()`` and ``stop()``. Attributes:
    ``uri`` (``bolt://127.0.0.1:PORT``), ``user``, ``password``, ``auth``,
    ``database`` (``"neo4j"``; Community has no other user database),
    ``port``, ``data_dir``, ``pid``.
    """

    def __init__(
        self,
        *,
        port: int | None = None,
        password: str | None = None,
        jvm_args: Sequence[str] = DEFAULT_JVM_ARGS,
        startup_timeout: float = STARTUP_TIMEOUT,
        java: str = "java",
    ) -> None:
        self._fixed_port = port
        self.port: int | None = port
        self.user = DEFAULT_USER
        self.password = password or secrets.token_urlsafe(18)
        self.database = DEFAULT_DATABASE
        self.jvm_args = list(jvm_args)
        self.startup_timeout = startup_timeout
        self.java = java
        self.startup_seconds: float | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._tmp: Path | None = None

    # -- public API ---------------------------------------------------------

    @property
    def uri(self) -> str:
        if self.port is None:
            raise RuntimeError("Neo4jServer is not started")
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def routing_uri(self) -> str:
        """The same server as a ``neo4j://`` (routing) URI."""
        return self.uri.replace("bolt://", "neo4j://", 1)

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)

    @property
    def data_dir(self) -> Path:
        if self._tmp is None:
            raise RuntimeError("Neo4jServer is not started")
        return self._tmp / "home"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> "Neo4jServer":
        if self._proc is not None:
            raise RuntimeError("Neo4jServer already started")
        jar = ensure_built()
        self._tmp = Path(tempfile.mkdtemp(prefix="dealgraph-neo4j-"))
        try:
            # A port picked as free can be taken by someone else before Java
            # binds it; retry with a new one then, unless the caller chose it.
            attempts = 1 if self._fixed_port else 3
            for attempt in range(1, attempts + 1):
                self.port = self._fixed_port or _free_port()
                try:
                    self._launch(jar)
                    return self
                except _PortInUse as exc:
                    if attempt == attempts:
                        raise RuntimeError(
                            f"Neo4j test server: port {self.port} was in use "
                            f"(attempt {attempt} of {attempts}).\nstderr (tail):\n{exc}"
                        ) from None
        except BaseException:
            self.stop()
            raise
        raise AssertionError("unreachable")

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL) and delete its data dir."""
        proc, self._proc = self._proc, None
        if proc is not None:
            _terminate(proc)
        tmp, self._tmp = self._tmp, None
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)

    def driver(self, uri: str | None = None, **kwargs: Any):
        """A ``neo4j`` driver for this server (the caller closes it)."""
        import neo4j  # optional dependency, only needed here

        return neo4j.GraphDatabase.driver(uri or self.uri, auth=self.auth, **kwargs)

    def __enter__(self) -> "Neo4jServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = f"uri={self.uri!r}" if self.port else "not started"
        return f"<Neo4jServer {state} pid={self.pid}>"

    # -- internals ----------------------------------------------------------

    def _launch(self, jar: Path) -> None:
        assert self._tmp is not None
        home = self._tmp / "home"
        shutil.rmtree(home, ignore_errors=True)  # a failed attempt may have left one
        stdout_path = self._tmp / "launcher.out"
        stderr_path = self._tmp / "launcher.err"
        env = dict(os.environ, NEO4J_PASSWORD=self.password)
        cmd = [self.java, *self.jvm_args, "-jar", str(jar), str(home), str(self.port)]
        started = time.monotonic()
        # Output goes to files, not pipes: nobody drains them after start-up and
        # a full pipe would block the server. stdin stays a pipe: the launcher
        # exits when it closes, so a crashed test run cannot leak a server.
        with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
            try:
                self._proc = subprocess.Popen(
                    cmd, stdin=subprocess.PIPE, stdout=out, stderr=err, env=env, cwd=self._tmp
                )
            except OSError as exc:
                raise RuntimeError(f"cannot run {self.java!r}: {exc}") from exc
        deadline = started + self.startup_timeout
        while True:
            ready = self._ready_line(stdout_path)
            if ready is not None:
                expected = f"{_READY_PREFIX}{self.uri}"
                if ready != expected:
                    raise RuntimeError(f"Neo4j launcher said {ready!r}, expected {expected!r}")
                self.startup_seconds = time.monotonic() - started
                return
            code = self._proc.poll()
            if code is not None:
                self._proc = None
                tail = _tail(stderr_path)
                if "BindException" in tail or "Address already in use" in tail:
                    raise _PortInUse(tail)
                raise RuntimeError(
                    f"Neo4j test server exited with code {code} before it was ready.\n"
                    f"command: {' '.join(cmd)}\nstderr (tail):\n{tail}"
                )
            if time.monotonic() > deadline:
                proc, self._proc = self._proc, None
                _terminate(proc)
                raise RuntimeError(
                    f"Neo4j test server not ready after {self.startup_timeout:.0f}s.\n"
                    f"command: {' '.join(cmd)}\nstderr (tail):\n{_tail(stderr_path)}\n"
                    f"debug.log (tail):\n{_tail(home / 'logs' / 'debug.log')}"
                )
            time.sleep(0.05)

    @staticmethod
    def _ready_line(stdout_path: Path) -> str | None:
        try:
            text = stdout_path.read_text("utf-8", "replace")
        except OSError:
            return None
        for line in text.splitlines(keepends=True):
            if line.startswith(_READY_PREFIX) and line.endswith("\n"):
                return line.strip()
        return None


class _PortInUse(Exception):
    pass


def _terminate(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        with contextlib.suppress(OSError):
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if proc.stdin is not None:
        with contextlib.suppress(OSError):
            proc.stdin.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", action="store_true", help="only build the launcher (if needed), then exit")
    parser.add_argument("--rebuild", action="store_true", help="like --build, but always run Maven")
    parser.add_argument("--port", type=int, help="Bolt port (default: a free one)")
    parser.add_argument("--password", help="password for user neo4j (default: random)")
    args = parser.parse_args(argv)

    if args.build or args.rebuild:
        print(ensure_built(force=args.rebuild, quiet=False))
        return 0

    ensure_built(quiet=False)
    with Neo4jServer(port=args.port, password=args.password) as server:
        print(f"NEO4J_URI={server.uri}")
        print(f"NEO4J_USER={server.user}")
        print(f"NEO4J_PASSWORD={server.password}")
        print(f"NEO4J_DATABASE={server.database}")
        print(f"# ready in {server.startup_seconds:.1f}s, pid {server.pid}; Ctrl-C to stop", flush=True)
        # Ctrl-C and SIGTERM both end the wait and stop the server via __exit__.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            while server.running:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        if not server.running:
            print("Neo4j test server exited unexpectedly", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
