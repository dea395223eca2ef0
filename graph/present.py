"""How a fact's amount and a source read, the same in every listing, export and view.

Here, below queries/ and exports/, because both show them: neither may import the other.
"""
from __future__ import annotations

from typing import Any

from .model import Source
from .snapshot import Snapshot


def format_amount(amount: dict | None) -> str | None:
    """'USD 60,000,000,000' style, None when there is no amount."""
    if not amount:
        return None
    value = amount.get("value")
    if value is None:
        return None
    currency = amount.get("currency") or ""  # a curated amount may name none: never invent one
    return f"{currency} {value:,.0f}".strip() if float(value).is_integer() else f"{currency} {value:,}".strip()


def source_dict(snapshot: Snapshot, s: Source) -> dict[str, Any]:
    """One source as exported: title, published and url are the source's own, else its document's."""
    doc = snapshot.document(s.document)
    return {
        "document": s.document,
        "title": s.title if s.title is not None else (doc.title if doc else None),
        "published": s.published if s.published is not None else (doc.published if doc else None),
        "url": s.url if s.url is not None else (doc.url if doc else None),
        "quote": s.quote, "start": s.start, "end": s.end, "rule": s.rule,
    }
