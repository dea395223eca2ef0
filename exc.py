"""The exceptions dealgraph raises. The library raises; only the CLI turns them into messages."""
from __future__ import annotations


class DealgraphError(Exception):
    """Base class: a problem the user can fix (bad input, unknown name, unreachable server)."""


class SchemaError(DealgraphError):
    """A type, status or field is not in the schema."""


class FrameError(DealgraphError):
    """The extraction frames or lexicon (loaders/data) are invalid; the message names the file, the
    frame and the problem."""


class InputError(DealgraphError):
    """A document or facts file cannot be read; the message names the file and the problem."""


class LiteralError(InputError, ValueError):
    """A value Cypher has no literal for (NaN, infinity, a map, an object): bad input, and a bad value."""


class StoreError(DealgraphError):
    """The store cannot be read or written (wrong version, locked, corrupt)."""


class NotFoundError(DealgraphError):
    """A name, id or document that is not in the store; carries did-you-mean suggestions."""

    def __init__(self, what: str, name: str, suggestions: list[str] | None = None):
        self.what, self.name, self.suggestions = what, name, list(suggestions or [])
        hint = f"; did you mean {', '.join(repr(s) for s in self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown {what} {name!r}{hint}")


class UsageError(DealgraphError):
    """A request this store cannot serve as asked (a write through the embedded, read-only Cypher); the
    CLI exits 2, as for any usage error."""


class BackendError(DealgraphError):
    """A graph backend (e.g. Neo4j) failed: unreachable, refused credentials, bad query."""
