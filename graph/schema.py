"""Load the declarative schema (schema.yaml) and answer questions about it.

The schema is data: queries ask it which relations are control edges and which way they point,
views ask it for colours and labels, loaders ask it whether a type exists. Users extend it with
their own YAML file, merged over the built-in one.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from ..exc import SchemaError

BUILTIN = Path(__file__).with_name("schema.yaml")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: a tenth of the time


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
    # how the article extractor treats the type (see schema.yaml)
    deal: bool = False
    deal_rank: int | None = None
    amounts: bool = False
    announced: bool = False
    dated: bool = True
    role: bool = False  # a job: dated only by an appointment in its sentence
    agreement: bool = False  # signed now, closing later: a closing date is not its date


@dataclass(frozen=True)
class EventType:
    name: str
    label: str
    description: str = ""
    entity: tuple[str, ...] = ("*",)
    amounts: bool = False


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
        if not isinstance(value, str) or value not in choices:  # a YAML list or number is no name either
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

    # -- questions queries ask ---------------------------------------------------------------
    def in_effect(self, status: str | None) -> bool:
        """A fact with no stated status counts as in effect."""
        return status is None or bool(self.statuses.get(status, {}).get("in_effect"))

    def is_pending(self, status: str | None) -> bool:
        return status is not None and bool(self.statuses.get(status, {}).get("pending"))

    def having(self, attribute: str, value: Any = True) -> frozenset[str]:
        """The relation and event types whose `attribute` is `value` (types without it are left out)."""
        return frozenset(t.name for t in [*self.relation_types.values(), *self.event_types.values()]
                         if getattr(t, attribute, not value) == value)

    def deal_ranks(self) -> dict[str, int]:
        """Deal types by precedence: the lowest rank a document states is its lead deal."""
        return {t.name: t.deal_rank for t in self.relation_types.values() if t.deal_rank is not None}

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
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SchemaError(f"{path}: cannot read schema: {exc}") from None
    if not isinstance(data, dict):
        raise SchemaError(f"{path}: a schema file is a mapping of sections")
    return data


SECTIONS = ("version", "statuses", "entity_types", "categories", "relation_types", "event_types")
# the keys each entry of a section may have; a stray key is most often a typo or an unquoted comma
KEYS = {
    "statuses": {"label", "in_effect", "pending", "description"},
    "entity_types": {"label", "color", "shape", "description"},
    "categories": {"label", "color", "description"},
    "relation_types": {f.name for f in fields(RelationType)} - {"name"},
    "event_types": {f.name for f in fields(EventType)} - {"name"},
}
CHOICES = {"control": ("effective", "pending", None), "controller": ("subject", "object"),
           "flow": ("forward", "reverse", None)}
FLAGS = ("symmetric", "ends", "deal", "amounts", "announced", "dated", "role", "agreement")  # true or false


def _validate(raw: dict, path: Path | str, entity_types: dict) -> None:
    """One file's sections, entries and enumerations; `entity_types` are those of the merged schema.

    A typo here would otherwise change meaning silently (`controller: parent` flips ownership).
    """
    def fail(key: str, problem: str) -> SchemaError:
        return SchemaError(f"{path}: {key}: {problem}")

    unknown = sorted(map(str, set(raw) - set(SECTIONS)))
    if unknown:
        raise fail(unknown[0], f"unknown section; choose from {', '.join(SECTIONS)}")
    for section, allowed in KEYS.items():
        entries = raw.get(section)
        if entries is None:
            continue
        if not isinstance(entries, dict):
            raise fail(section, f"must be a mapping of name: fields, got {type(entries).__name__}")
        for name, spec in entries.items():
            key = f"{section}.{name}"
            if spec is None:
                continue
            if not isinstance(spec, dict):
                raise fail(key, f"must be a mapping of fields, got {spec!r}")
            stray = sorted(map(str, set(spec) - allowed))
            if stray:
                raise fail(f"{key}.{stray[0]}", f"unknown field (a description with a comma needs quotes); "
                                                f"choose from {', '.join(sorted(allowed))}")
            for field_name, choices in CHOICES.items():
                if section == "relation_types" and field_name in spec and spec[field_name] not in choices:
                    shown = ", ".join("null" if c is None else c for c in choices)
                    raise fail(f"{key}.{field_name}", f"{spec[field_name]!r} is not one of {shown}")
            for flag in FLAGS:
                if flag in spec and not isinstance(spec[flag], bool):
                    raise fail(f"{key}.{flag}", f"{spec[flag]!r} is not true or false")
            rank = spec.get("deal_rank")
            if rank is not None and (isinstance(rank, bool) or not isinstance(rank, int)):
                raise fail(f"{key}.deal_rank", f"{rank!r} is not a whole number")
            for end in ("subject", "object", "entity"):
                if end not in spec or section not in ("relation_types", "event_types"):
                    continue
                values = spec[end] if isinstance(spec[end], list) else [spec[end]]
                bad = [v for v in values if v != "*" and (not isinstance(v, str) or v not in entity_types)]
                if bad:
                    raise fail(f"{key}.{end}", f"unknown entity type {bad[0]!r}; choose from \"*\", "
                                               f"{', '.join(sorted(entity_types))}")


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
            flow=spec.get("flow"), ends=bool(spec.get("ends", False)), deal=bool(spec.get("deal", False)),
            deal_rank=spec.get("deal_rank"), amounts=bool(spec.get("amounts", False)),
            announced=bool(spec.get("announced", False)), dated=bool(spec.get("dated", True)),
            role=bool(spec.get("role", False)), agreement=bool(spec.get("agreement", False)))
    events = {
        name: EventType(name=name, label=(spec or {}).get("label", name), description=(spec or {}).get("description", ""),
                        entity=_tuple((spec or {}).get("entity")), amounts=bool((spec or {}).get("amounts", False)))
        for name, spec in (raw.get("event_types") or {}).items()
    }
    entity_types = {k: dict(v or {}) for k, v in (raw.get("entity_types") or {}).items()}
    statuses = {k: dict(v or {}) for k, v in (raw.get("statuses") or {}).items()}
    return Schema(entity_types=entity_types, relation_types=rels, event_types=events,
                  categories={k: dict(v or {}) for k, v in cats.items()}, statuses=statuses, sources=sources)


@functools.lru_cache(maxsize=8)
def load(extra: str | None = None) -> Schema:
    """The built-in schema, extended by `extra` (a path) when given."""
    files = [(BUILTIN, _read(BUILTIN))] + ([(Path(extra), _read(Path(extra)))] if extra else [])
    raw: dict = {}
    for _, data in files:
        raw = _merge(raw, data)
    types = raw.get("entity_types")
    for path, data in reversed(files):  # the user's file first: it is the likelier culprit
        _validate(data, path, types if isinstance(types, dict) else {})
    return build(raw, [str(p) for p, _ in files])
