"""The loaders' own data files (frames, lexicon, catalogue, given names): each parsed once per process,
with libyaml when it is installed. Callers check what they read and never change it."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read(path: str | os.PathLike) -> Any:
    """The parsed file; OSError and yaml.YAMLError pass through for the caller to name."""
    return _read(Path(path).resolve())


@lru_cache(maxsize=16)
def _read(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
