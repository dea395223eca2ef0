"""Cypher literals: the one way dealgraph writes a value into Cypher text.

Used where parameters cannot go: the export script (`cypher-shell -f` runs it as text) and the
embedded interpreter, which has no parameters (queries/cypher.py, which rewrites strings into the
double-quoted form grand-cypher reads). Neo4j itself always gets real parameters.

Standard openCypher, read alike by Neo4j and by `unquote` below: null, true, false, integers,
finite floats (exponent without '+'), lists, and strings single-quoted with backslash escapes,
every character that could end a line written as an escape so a statement stays on one line.
Anything else (NaN, infinity, maps, objects) has no literal: LiteralError.
"""
from __future__ import annotations

import math
import re
from typing import Any

from ..exc import LiteralError

_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_SPECIAL = re.compile(r"[\\'\x00-\x1f\x7f-\x9f\u2028\u2029]")  # all that splitlines() splits on, and more
_UNESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)", re.S)


def string(value: str) -> str:
    r"""A single-quoted Cypher string literal; other control characters become \uXXXX.

    >>> print(string("it's\n"))
    'it\'s\n'
    """
    return "'" + _SPECIAL.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04x}"), value) + "'"


def unquote(literal: str) -> str:
    """The text of a quoted Cypher string literal (either quote), its escapes undone."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1)[1:], 16)) if len(m.group(1)) == 5
                       else _UNESCAPES.get(m.group(1), m.group(1)), literal[1:-1])


def name(value: str) -> str:
    """A backquoted label, relationship type or key (backquotes doubled)."""
    return "`" + value.replace("`", "``") + "`"


def literal(value: Any, what: str = "value") -> str:
    """The literal for `value`; LiteralError (an InputError and a ValueError) naming `what` otherwise."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise LiteralError(f"{what}: {value!r} is not a finite number")
        return repr(value).replace("e+", "e")
    if isinstance(value, str):
        return string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v, what) for v in value) + "]"
    raise LiteralError(f"{what}: unsupported value type {type(value).__name__} "
                       "(use strings, numbers, booleans, null or lists of them)")
