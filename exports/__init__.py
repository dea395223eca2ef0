"""Exporters: each renders a Snapshot into one format, looked up by name.

An exporter is `write(snapshot, output: Path | None, **options) -> bytes | list[Path]`: with an
output path it writes the file(s) atomically and returns the paths it wrote (csv writes two), with
None it returns the bytes (for stdout).
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from ..exc import DealgraphError

# format name -> "module:function"; modules are imported only when their format is asked for
EXPORTERS: dict[str, str] = {
    "json": "dealgraph.exports.jsonfmt:write",
    "graphml": "dealgraph.exports.netx:write_graphml",
    "gexf": "dealgraph.exports.netx:write_gexf",
    "csv": "dealgraph.exports.csvfmt:write",
    "cypher": "dealgraph.exports.cypher:write",
    "html": "dealgraph.exports.html:write",
}


def formats() -> list[str]:
    return sorted(EXPORTERS)


def deliver(data: bytes, output: Path | None) -> bytes | list[Path]:
    """Every one-file exporter's last step: the bytes for stdout, or the file written atomically."""
    if output is None:
        return data
    from ..graph.files import atomic_write

    atomic_write(Path(output), data)
    return [Path(output)]


def export(snapshot, fmt: str, output: Path | None, **options: Any) -> bytes | list[Path]:
    if fmt not in EXPORTERS:
        raise DealgraphError(f"unknown format {fmt!r}; choose from {', '.join(formats())}")
    module, func = EXPORTERS[fmt].split(":")
    return getattr(importlib.import_module(module), func)(snapshot, output, **options)
