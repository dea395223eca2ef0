"""One Bolt connection for dealgraph: driver settings, sessions, and driver errors as one-line messages.

Every call into the driver goes through `Connection.session()` or `Connection.translate()`, so an
unreachable server, refused credentials, a missing database or a bad query reach the user as one
`BackendError` line. The password is handed to the driver and never appears in a message.
"""
from __future__ import annotations

import contextlib
import re
from typing import Any, Iterator
from urllib.parse import urlsplit, urlunsplit

import neo4j
from neo4j import exceptions as errors

from ...exc import BackendError

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"
# Fail fast: an analyst waiting 30 s to learn the server is down is worse than a clear error.
CONNECTION_TIMEOUT = 10.0


def redact(uri: str) -> str:
    """The URI without any user:password@ part, fit for messages."""
    parts = urlsplit(uri)
    if "@" not in parts.netloc:
        return uri
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


_USERINFO = re.compile(r"(\b[a-z][a-z0-9+.-]*://)[^/\s@'\"]*@", re.I)


def _first_line(text: str) -> str:
    """The driver's first line, with any user:password@ in URIs it quotes taken out."""
    text = _USERINFO.sub(r"\1", text or "").strip()
    return text.splitlines()[0] if text else ""


def _reason(exc: Exception) -> str:
    """'[Errno 111] Connection refused' out of the driver's two-paragraph connection error."""
    found = re.search(r"\(reason (.+)\)\s*$", str(exc), re.M)
    return _first_line(found.group(1)) if found else _first_line(str(exc)) or "service unavailable"


def _syntax(message: str) -> str:
    """The parser's complaint and position, without its list of every keyword it expected."""
    return re.sub(r": expected .*? (\(line \d+)", r" \1", _first_line(message))


class Connection:
    """A driver plus the database to use; opened lazily, closed by `close()`."""

    def __init__(self, uri: str | None = None, user: str | None = None, password: str | None = None,
                 database: str | None = None):
        self.uri = uri or DEFAULT_URI
        self.user = user or DEFAULT_USER
        self.database = database or None  # None: the server's home database
        self._password = password or ""
        self._driver: neo4j.Driver | None = None

    @property
    def where(self) -> str:
        db = f" (database {self.database!r})" if self.database else ""
        return f"{redact(self.uri)}{db}"

    def driver(self) -> neo4j.Driver:
        if self._driver is None:
            with self.translate():
                self._driver = neo4j.GraphDatabase.driver(
                    self.uri, auth=(self.user, self._password), connection_timeout=CONNECTION_TIMEOUT,
                    max_transaction_retry_time=0, notifications_min_severity="OFF")
        return self._driver

    @contextlib.contextmanager
    def session(self, *, write: bool = True) -> Iterator[neo4j.Session]:
        driver = self.driver()
        mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        with self.translate(), driver.session(database=self.database, default_access_mode=mode) as s:
            yield s

    def read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Run a read-only query in its own read transaction; rows as dicts."""
        with self.session(write=False) as s, s.begin_transaction() as tx:
            rows = [r.data() for r in tx.run(query, params)]
            tx.commit()
        return rows

    @contextlib.contextmanager
    def translate(self) -> Iterator[None]:
        """Turn driver exceptions into BackendError with one clear line."""
        try:
            yield
        except errors.AuthError:
            raise BackendError(f"Neo4j at {self.where} refused the credentials of user {self.user!r} "
                               "(check --neo4j-user / --neo4j-password)") from None
        except errors.ServiceUnavailable as exc:
            raise BackendError(f"cannot reach Neo4j at {redact(self.uri)}: {_reason(exc)}") from None
        except errors.ConfigurationError as exc:
            raise BackendError(f"bad Neo4j URI {redact(self.uri)!r}: {_first_line(str(exc))}") from None
        except errors.CypherSyntaxError as exc:
            raise BackendError(f"Cypher syntax error: {_syntax(exc.message)}") from None
        except errors.Neo4jError as exc:
            code = exc.code or ""
            if code.endswith("DatabaseNotFound"):
                raise BackendError(f"Neo4j at {redact(self.uri)} has no database {self.database!r}") from None
            if code.endswith("Statement.AccessMode"):
                raise BackendError("the query writes but ran read-only; add --write to allow it") from None
            raise BackendError(f"Neo4j: {_first_line(exc.message) or code} [{code}]") from None
        except errors.DriverError as exc:
            raise BackendError(f"Neo4j driver error at {redact(self.uri)}: {_first_line(str(exc))}") from None

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None
