"""Tiny hand-made extractions: a document, the entities it names and what it claims about them."""
from __future__ import annotations

import hashlib
import json

import pytest

from dealgraph.graph.model import Claim, Document, Entity, Extraction, Source


def extraction(doc: str, entities: list, claims: list, *, key: str | None = None, loader: str = "article",
               published: str | None = None) -> Extraction:
    """entities: names, (name, type) or (name, type, [aliases]); claims: (subject, TYPE, object|None, qualifiers).

    Claims name entities by name; the local id is the entity's slug, as loaders make it. The content
    hash covers everything, so two calls with the same arguments are the same document.
    """
    ents = []
    for spec in entities:
        name, etype, aliases = (spec, "Other", []) if isinstance(spec, str) else (list(spec) + [[]])[:3]
        ents.append(Entity(name=name, type=etype, aliases=list(aliases)))
    ids = {n: e.id for e in ents for n in e.names()}
    out = []
    for i, (subj, typ, obj, *rest) in enumerate(claims):
        quals = dict(rest[0]) if rest else {}
        quote = quals.pop("quote", f"{subj} {typ} {obj or ''}".strip())
        out.append(Claim(type=typ, subject=ids[subj], object=ids[obj] if obj else None,
                         source=Source(document=doc, quote=quote, start=i * 100, end=i * 100 + len(quote),
                                       rule="test"), **quals))
    sha = hashlib.sha256(json.dumps([doc, entities, claims], sort_keys=True, default=str).encode()).hexdigest()
    return Extraction(document=Document(id=doc, key=key or f"/news/{doc}.txt", sha256=sha, loader=loader,
                                        title=doc.title(), published=published),
                      entities=ents, claims=out)


@pytest.fixture
def ext():
    """The `extraction` builder, for tests to make documents with."""
    return extraction
