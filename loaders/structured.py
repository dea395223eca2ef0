"""Curated facts files (YAML, JSON, CSV): entities, relations, events and their sources.

For analysts who add facts by hand or from a spreadsheet. Validation is strict: an unknown type,
status or bad date, an end the schema does not allow (CEO_OF needs a Person; an entity not listed
under `entities` is Other), NaN or infinity, or a control character in a name stops the file with
an error naming the file, the row and the valid choices, and nothing from that file reaches the
store. YAML dates in free text (titles, quotes, attributes) become ISO text; an amount without a
currency keeps none.

YAML/JSON layout (see samples/facts/seed-deals.yaml):

    entities:  [{name, type, aliases: [...], attributes: {...}}]
    relations: [{subject, type, object, date, date_from, date_to, date_text, status,
                 amount: {value, currency} | number, currency, percent, attributes, sources: [...]}]
    events:    [{entity, type, date, status, amount, attributes, sources: [...]}]
    source:    {title, published, url, quote}   # optional per-row "sources" items look the same,
                                                # plus "document" to cite a document by id

CSV layout: one row per entity, relation or event, with a `kind` column (entity|relation|event)
and the columns name, aliases (";"-separated), subject, type, object, entity, date, date_from,
date_to, status, amount, currency, percent, document, title, published, url, quote.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from pathlib import Path
from typing import Any

import yaml

from ..exc import InputError, SchemaError
from ..graph import dates
from ..graph import schema as schema_mod
from ..graph.model import Claim, Document, Entity, Extraction, Source
from ..graph.names import normalize, slugify
from .files import document_id, document_key, read_text

LOADER = "structured"
ROW_KINDS = ("entity", "relation", "event")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # C0 controls other than \t \n \r


class _Row:
    """Validation context: every error names the file and the row."""

    def __init__(self, path: Path, where: str):
        self.path, self.where = path, where

    def fail(self, problem: str) -> InputError:
        return InputError(f"{self.path}: {self.where}: {problem}")


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """'line 3, column 10: expected ...' rather than PyYAML's multi-line report."""
    mark, problem = getattr(exc, "problem_mark", None), getattr(exc, "problem", None)
    if mark is None or not problem:
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return f"line {mark.line + 1}, column {mark.column + 1}: {problem}"


def _parse(path: Path, text: str) -> dict[str, Any]:
    suffix = path.suffix.lower()
    text = text.removeprefix("\ufeff")  # spreadsheets often save a BOM; offsets do not matter here
    try:
        if suffix == ".csv":
            return _from_csv(path, text)
        data = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
    except ValueError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{path}: malformed {suffix.lstrip('.').upper()}: {first}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: malformed YAML: {_yaml_problem(exc)}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a mapping with entities/relations/events, got {type(data).__name__}")
    unknown = set(data) - {"entities", "relations", "events", "source", "title", "published", "url"}
    if unknown:
        raise InputError(f"{path}: unknown section(s) {', '.join(sorted(map(str, unknown)))}; "
                         "choose from entities, events, relations, source")
    for key in ("entities", "relations", "events"):
        if data.get(key) is not None and not isinstance(data[key], list):
            raise InputError(f"{path}: {key} must be a list")
    return data


def _from_csv(path: Path, text: str) -> dict[str, Any]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "kind" not in reader.fieldnames:
        raise InputError(f"{path}: CSV needs a header row with a 'kind' column (entity|relation|event)")
    out: dict[str, list] = {"entities": [], "relations": [], "events": []}
    for line, row in enumerate(reader, start=2):
        row = {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items() if k}
        kind = (row.pop("kind") or "").lower()
        if kind not in ROW_KINDS:
            raise InputError(f"{path}: line {line}: unknown kind {kind!r}; choose from {', '.join(ROW_KINDS)}")
        src = {k: row.pop(k) for k in ("document", "title", "published", "url", "quote") if row.get(k)}
        row = {k: v for k, v in row.items() if v not in ("", None)}
        row["_where"] = f"line {line}"
        if src:
            row["sources"] = [src]
        if kind == "entity":
            if "aliases" in row:
                row["aliases"] = [a.strip() for a in row["aliases"].split(";") if a.strip()]
            out["entities"].append(row)
        else:
            if kind == "event" and "entity" not in row and "subject" in row:
                row["entity"] = row.pop("subject")
            out[kind + "s"].append(row)
    return out


def _number(row: _Row, value: Any, what: str) -> float | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise row.fail(f"bad {what} {value!r}: expected a number")
    try:
        number = float(str(value).replace(",", "").rstrip("%"))
    except ValueError:
        raise row.fail(f"bad {what} {value!r}: expected a number") from None
    if not math.isfinite(number):  # "inf", ".nan", 1e400: no export format can carry them
        raise row.fail(f"bad {what} {value!r}: expected a finite number")
    return int(number) if number.is_integer() else number


def _text(row: _Row, value: Any, what: str) -> str | None:
    """Free text as text: YAML reads `title: 2026-01-01` as a date, which JSON cannot store."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return str(value)
    raise row.fail(f"bad {what} {value!r}: expected text")


def _plain(row: _Row, value: Any, where: str) -> Any:
    """An attribute value JSON can hold: YAML dates become ISO text, NaN and infinity are refused."""
    if isinstance(value, dict):
        return {str(k): _plain(row, v, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(row, v, where) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        raise row.fail(f"bad {where} {value!r}: expected a finite number")
    return value


def _amount(row: _Row, spec: dict[str, Any]) -> dict[str, Any] | None:
    raw = spec.get("amount")
    if raw in (None, ""):
        return None
    if isinstance(raw, dict):
        value, currency = raw.get("value"), raw.get("currency", spec.get("currency"))
    else:
        value, currency = raw, spec.get("currency")
    number = _number(row, value, "amount")
    if number is None:
        raise row.fail(f"bad amount {raw!r}: expected a number or {{value, currency}}")
    if currency in (None, ""):  # never invent one
        return {"value": number, "currency": None}
    if not isinstance(currency, str):
        raise row.fail(f"bad currency {currency!r}: expected a code such as USD")
    return {"value": number, "currency": currency.upper()}


def _attributes(spec: dict[str, Any], row: _Row) -> dict[str, Any]:
    attrs = spec.get("attributes") or {}
    if not isinstance(attrs, dict):
        raise row.fail(f"attributes must be a mapping of name: value, got {attrs!r}")
    return _plain(row, attrs, "attributes")


def load_facts(path: Path, *, schema: schema_mod.Schema | None = None, encoding: str = "utf-8",
               max_bytes: int | None = None) -> Extraction:
    schema = schema or schema_mod.load()
    text, sha = read_text(path, encoding, max_bytes)
    data = _parse(path, text)
    top = _Row(path, "header")
    doc = Document(id=document_id(path), key=document_key(path), sha256=sha, loader=LOADER, chars=len(text),
                   title=_text(top, data.get("title"), "title") or path.name, url=_text(top, data.get("url"), "url"),
                   published=None)
    try:
        doc.published = dates.parse_iso(data.get("published"), what="published date")
    except InputError as exc:
        raise top.fail(str(exc)) from None
    default_source = data.get("source") or {}

    entities: dict[str, Entity] = {}  # normalised name -> entity
    by_id: dict[str, Entity] = {}
    declared: set[int] = set()  # ids of the entities the file gives a type

    def entity(name: Any, row: _Row, etype: str | None = None) -> str:
        if not isinstance(name, str) or not name.strip():
            raise row.fail(f"missing entity name (got {name!r})")
        if _CONTROL.search(name):
            raise row.fail(f"bad name {name!r}: control characters are not allowed")
        key = normalize(name)
        if key not in entities:
            entities[key] = Entity(name=name.strip(), type=etype or "Other")
            by_id[entities[key].id] = entities[key]
        return entities[key].id

    def check(fn, value, row: _Row):
        try:
            return fn(value)
        except SchemaError as exc:
            raise row.fail(str(exc)) from None

    for i, spec in enumerate(data.get("entities") or []):
        row = _Row(path, spec.get("_where", f"entities[{i}]") if isinstance(spec, dict) else f"entities[{i}]")
        if not isinstance(spec, dict):
            raise row.fail("an entity is a mapping with name and type")
        etype = check(schema.entity_type, spec.get("type", "Other"), row)
        aliases = spec.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise row.fail(f"aliases must be a list of names, got {aliases!r}")
        bad = next((a for a in aliases if _CONTROL.search(a)), None)
        if bad is not None:
            raise row.fail(f"bad alias {bad!r}: control characters are not allowed")
        entity(spec.get("name"), row, etype)
        ent = entities[normalize(spec["name"])]
        ent.type = etype
        ent.aliases = list(aliases)
        ent.attributes = _attributes(spec, row)
        for a in ent.aliases:
            entities.setdefault(normalize(a), ent)
        declared.add(id(ent))

    def sources(spec: dict, row: _Row) -> list[Source]:
        items = spec.get("sources")
        if items is None:
            items = [spec["source"]] if isinstance(spec.get("source"), dict) else [default_source]
        if not isinstance(items, list):
            raise row.fail("sources must be a list")
        if not items:
            raise row.fail("sources is empty; cite at least one source or leave the key out")
        out = []
        for s in items:
            if not isinstance(s, dict):
                raise row.fail("a source is a mapping (document, title, published, url, quote)")
            try:
                published = dates.parse_iso(s.get("published"), what="source published date")
            except InputError as exc:
                raise row.fail(str(exc)) from None
            cited = s.get("document")
            out.append(Source(document=slugify(_text(row, cited, "document")) if cited else doc.id,
                              quote=_text(row, s.get("quote"), "quote") or "", rule=LOADER,
                              title=_text(row, s.get("title"), "source title"), published=published,
                              url=_text(row, s.get("url"), "source url")))
        return out

    claims: list[Claim] = []

    def allowed(type_name: str, end: str, types: tuple[str, ...], eid: str, row: _Row) -> None:
        """The schema's subject/object/entity types: CEO_OF needs a Person, not a Company."""
        ent = by_id[eid]
        if "*" in types or ent.type in types:
            return
        undeclared = "" if id(ent) in declared else " (not declared under entities)"
        raise row.fail(f"{type_name} needs {'an' if end == 'entity' else 'a'} {end} of type "
                       f"{' or '.join(types)}; {ent.name} is {ent.type}{undeclared}")

    def qualifiers(spec: dict, row: _Row) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in ("date", "date_from", "date_to"):
            try:
                out[key] = dates.parse_iso(spec.get(key), what=key.replace("_", " "))
            except InputError as exc:
                raise row.fail(str(exc)) from None
        out["date_text"] = _text(row, spec.get("date_text"), "date text")
        out["status"] = check(schema.status, spec.get("status") or None, row)
        out["amount"] = _amount(row, spec)
        out["percent"] = _number(row, spec.get("percent"), "percent")
        if out["percent"] is not None and not 0 <= out["percent"] <= 100:
            raise row.fail(f"bad percent {spec.get('percent')!r}: expected 0 to 100")
        out["attributes"] = _attributes(spec, row)
        return out

    for i, spec in enumerate(data.get("relations") or []):
        row = _Row(path, spec.get("_where", f"relations[{i}]") if isinstance(spec, dict) else f"relations[{i}]")
        if not isinstance(spec, dict):
            raise row.fail("a relation is a mapping with subject, type and object")
        rt = check(schema.relation_type, spec.get("type"), row)
        subj, obj = entity(spec.get("subject"), row), entity(spec.get("object"), row)
        if subj == obj:
            raise row.fail(f"subject and object are the same entity ({spec['subject']!r})")
        allowed(rt.name, "subject", rt.subject, subj, row)
        allowed(rt.name, "object", rt.object, obj, row)
        q = qualifiers(spec, row)
        for src in sources(spec, row):
            claims.append(Claim(type=rt.name, subject=subj, object=obj, source=src, **q))

    for i, spec in enumerate(data.get("events") or []):
        row = _Row(path, spec.get("_where", f"events[{i}]") if isinstance(spec, dict) else f"events[{i}]")
        if not isinstance(spec, dict):
            raise row.fail("an event is a mapping with entity and type")
        et = check(schema.event_type, spec.get("type"), row)
        subj = entity(spec.get("entity"), row)
        allowed(et.name, "entity", et.entity, subj, row)
        q = qualifiers(spec, row)
        for src in sources(spec, row):
            claims.append(Claim(type=et.name, subject=subj, object=None, source=src, **q))

    unique = {id(e): e for e in entities.values()}
    return Extraction(document=doc, entities=list(unique.values()), claims=claims)
