"""Load the declarative schema (schema.yaml) and answer questions about it.

The schema is data: queries ask it which relations are control edges and which way they point,
views ask it for colours and labels, loaders ask it whether a type exists. Users extend it with
their own YAML file, merged over the built-in one.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..exc import SchemaError

BUILTIN = Path(__file__).with_name("schema.yaml")


@dataclass(frozen=True)
class RelationType:
    name: str
    label: str
    category: str
    description: str = ""
    subject: tuple[str, ...] = ("*",)
    object: tuple[str, ...] = ("*",)
    symmetric: bool = False
    control: str | None = None  # "effective" | "pending" | None
    controller: str = "subject"
    flow: str | None = None  # "forward" | "reverse" | None
    ends: bool = False


@dataclass(frozen=True)
class EventType:
    name: str
    label: str
    description: str = ""
    entity: tuple[str, ...] = ("*",)


@dataclass
class Schema:
    entity_types: dict[str, dict[str, Any]]
    relation_types: dict[str, RelationType]
    event_types: dict[str, EventType]
    categories: dict[str, dict[str, Any]]
    statuses: dict[str, dict[str, Any]]
    sources: list[str] = field(default_factory=list)

    # -- validation ------------------------------------------------------------------------
    def _check(self, value: str, choices, what: str) -> str:
        if value not in choices:
            raise SchemaError(f"unknown {what} {value!r}; choose from {', '.join(sorted(choices))}")
        return value

    def entity_type(self, value: str) -> str:
        return self._check(value, self.entity_types, "entity type")

    def relation_type(self, value: str) -> RelationType:
        return self.relation_types[self._check(value, self.relation_types, "relation type")]

    def event_type(self, value: str) -> EventType:
        return self.event_types[self._check(value, self.event_types, "event type")]

    def status(self, value: str | None) -> str | None:
        return None if value is None else self._check(value, self.statuses, "status")

    def category(self, value: str) -> str:
        return self._check(value, self.categories, "relation category")

    # -- questions queries ask ---------------------------------------------------------------
    def in_effect(self, status: str | None) -> bool:
        """A fact with no stated status counts as in effect."""
        return status is None or bool(self.statuses.get(status, {}).get("in_effect"))

    def is_pending(self, status: str | None) -> bool:
        return status is not None and bool(self.statuses.get(status, {}).get("pending"))

    def types_in(self, category: str) -> list[str]:
        return [n for n, t in self.relation_types.items() if t.category == category]

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return {
            "entity_types": self.entity_types,
            "categories": self.categories,
            "statuses": self.statuses,
            "relation_types": {n: asdict(t) for n, t in self.relation_types.items()},
            "event_types": {n: asdict(t) for n, t in self.event_types.items()},
        }


def _tuple(v: Any) -> tuple[str, ...]:
    if v is None or v == "*":
        return ("*",)
    return tuple(v) if isinstance(v, (list, tuple)) else (str(v),)


def _merge(base: dict, extra: dict) -> dict:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SchemaError(f"{path}: cannot read schema: {exc}") from None
    if not isinstance(data, dict):
        raise SchemaError(f"{path}: a schema file is a mapping of sections")
    return data


def build(raw: dict, sources: list[str]) -> Schema:
    cats = raw.get("categories", {})
    rels = {}
    for name, spec in (raw.get("relation_types") or {}).items():
        spec = dict(spec or {})
        if spec.get("category") not in cats:
            raise SchemaError(f"relation type {name}: unknown category {spec.get('category')!r}; "
                              f"choose from {', '.join(sorted(cats))}")
        rels[name] = RelationType(
            name=name, label=spec.get("label", name.lower().replace("_", " ")), category=spec["category"],
            description=spec.get("description", ""), subject=_tuple(spec.get("subject")),
            object=_tuple(spec.get("object")), symmetric=bool(spec.get("symmetric", False)),
            control=spec.get("control"), controller=spec.get("controller", "subject"),
            flow=spec.get("flow"), ends=bool(spec.get("ends", False)))
    events = {
        name: EventType(name=name, label=(spec or {}).get("label", name), description=(spec or {}).get("description", ""),
                        entity=_tuple((spec or {}).get("entity")))
        for name, spec in (raw.get("event_types") or {}).items()
    }
    return Schema(entity_types=dict(raw.get("entity_types") or {}), relation_types=rels, event_types=events,
                  categories=dict(cats), statuses=dict(raw.get("statuses") or {}), sources=sources)


@functools.lru_cache(maxsize=8)
def load(extra: str | None = None) -> Schema:
    """The built-in schema, extended by `extra` (a path) or $DEALGRAPH_SCHEMA when given."""
    extra = extra or os.environ.get("DEALGRAPH_SCHEMA") or None
    raw, sources = _read(BUILTIN), [str(BUILTIN)]
    if extra:
        raw = _merge(raw, _read(Path(extra)))
        sources.append(str(extra))
    return build(raw, sources)
