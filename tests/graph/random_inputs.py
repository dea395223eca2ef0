"""Random documents and judgements over a small pool of colliding names (our own, made up), for
comparing the store's incremental resolution with `graph.resolve.resolve()` of the same inputs."""
from __future__ import annotations

import hashlib
import json
import random

from dealgraph.graph.model import Claim, Document, Entity, Extraction, Source
from dealgraph.graph.resolve import Judgement

# Names that normalise alike ("alpha inc", "The Alpha"), slugs that collide ("Alpha 2" and a second
# "Alpha"), type suffixes ("Delta-Company"), accents, and a name that normalises to nothing.
NAMES = ["Alpha", "alpha inc", "Beta", "BETA Corp", "Gamma", "Delta", "Alpha Beta", "Epsilon", "Zeta", "Eta",
         "Theta", "The Alpha", "Alpha 2", "Gamma AI", "Delta-Company", "Alpha Company", "X", "X.AI", "Ça", "!!!"]
TYPES = ["Company", "Company", "Product", "Other", "AIModel"]
RELATIONS = ["ACQUIRED", "OWNS_STAKE_IN", "PARTNERS_WITH", "SUBSIDIARY_OF", "TERMINATED_DEAL_WITH",
             "SUPPLIES_DATA_TO", "COMPETES_WITH"]
EVENTS = ["IPO", "FUNDING_ROUND"]
STATUSES = [None, "completed", "announced", "pending", "terminated"]


def document(rng: random.Random, doc_id: str, entities: int = 4, claims: int = 5) -> Extraction:
    ents = []
    for i in range(rng.randint(1, entities)):
        name = rng.choice(NAMES)
        aliases = [a for a in (rng.sample(NAMES, rng.randint(0, 2)) if rng.random() < 0.4 else []) if a != name]
        ents.append(Entity(name=name, type=rng.choice(TYPES), aliases=aliases,
                           attributes={rng.choice("abc"): rng.randint(0, 3) for _ in range(rng.randint(0, 2))},
                           id=f"l{i}" if rng.random() < 0.9 else "l0",  # now and then two share a local id
                           mentions=[(i, i + 3)] if rng.random() < 0.5 else []))
    out = []
    for k in range(rng.randint(0, claims)):
        obj = rng.choice(ents).id if rng.random() < 0.8 else (None if rng.random() < 0.5 else "undeclared")
        cited = doc_id if rng.random() < 0.85 else rng.choice(["d1", "d2", "d3", "memo"])
        source = Source(document=cited, quote=f"q{k}", start=k, end=k + 2, rule="r",
                        published=rng.choice([None, None, "2023-02"]), title=rng.choice([None, "T"]))
        out.append(Claim(type=rng.choice(RELATIONS) if obj is not None else rng.choice(EVENTS),
                         subject=rng.choice(ents).id, object=obj,
                         date=rng.choice([None, "2024", "2024-05", "2024-05-03", "2025-01"]),
                         status=rng.choice(STATUSES),
                         amount=rng.choice([None, {"value": 5.0, "currency": "USD", "text": "$5"},
                                            {"value": 6, "currency": None}]),
                         percent=rng.choice([None, 10, 20.5]), attributes=rng.choice([{}, {"k": 1}, {"k": [1, 2]}]),
                         source=source if rng.random() < 0.95 else None))
    sha = hashlib.sha256(json.dumps([doc_id, rng.random()]).encode()).hexdigest()
    return Extraction(document=Document(id=doc_id, key=f"/k/{doc_id}", sha256=sha, title=doc_id, chars=100,
                                        loader=rng.choice(["article", "structured"]),
                                        published=rng.choice([None, "2024-01", "2024-06-01"])),
                      entities=ents, claims=out)


def judgement(rng: random.Random) -> Judgement:
    a, b = rng.sample(NAMES, 2)
    return Judgement(rng.choice(["same", "distinct"]), a, b)
