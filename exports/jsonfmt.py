"""The JSON export: the stable contract read by ../shared/eval/score.py and by other tools.

    {"format": "dealgraph-export", "version": 1,
     "entities":  [{id, name, type, aliases, attributes, documents}],
     "relations": [{id, subject, type, object, category, date, date_from, date_to, date_text,
                    status, amount: {value, currency}|null, percent, attributes, conflicts,
                    sources: [{document, title, published, url, quote, start, end, rule}]}],
     "events":    [{id, entity, type, date, date_from, date_to, date_text, status, amount,
                    percent, attributes, conflicts, sources: [...]}],
     "documents": [{id, key, title, url, published, sha256, loader, chars, ingested_at}]}

Dates are ISO prefixes with their precision ("2026", "2026-04", "2026-04-12"); `start`/`end` are
character offsets into the document's text as read, so text[start:end] == quote.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..graph.model import Fact
from ..graph.present import source_dict
from ..graph.snapshot import Snapshot
from . import deliver

FORMAT = "dealgraph-export"
VERSION = 1


def fact_dict(snapshot: Snapshot, f: Fact) -> dict[str, Any]:
    d: dict[str, Any] = {"id": f.id}
    if f.kind == "relation":
        rt = snapshot.schema.relation_types.get(f.type)
        d.update(subject=f.subject, type=f.type, object=f.object, category=rt.category if rt else None)
    else:
        d.update(entity=f.subject, type=f.type)
    d.update(date=f.date, date_from=f.date_from, date_to=f.date_to, date_text=f.date_text, status=f.status,
             amount=f.amount, percent=f.percent, attributes=f.attributes, conflicts=f.conflicts,
             sources=[source_dict(snapshot, s) for s in f.sources])
    return d


def to_dict(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "format": FORMAT, "version": VERSION,
        "entities": [{**e.to_dict(), "documents": snapshot.entity_documents.get(e.id, [])}
                     for e in sorted(snapshot.entities.values(), key=lambda e: e.id)],
        "relations": [fact_dict(snapshot, f) for f in snapshot.relations],
        "events": [fact_dict(snapshot, f) for f in snapshot.events],
        "documents": [d.to_dict() for d in sorted(snapshot.documents.values(), key=lambda d: d.id)],
    }


def write(snapshot: Snapshot, output: Path | None, **_: Any) -> bytes | list[Path]:
    return deliver(json.dumps(to_dict(snapshot), ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")
                   + b"\n", output)
