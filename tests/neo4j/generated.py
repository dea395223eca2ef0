"""A generated deal graph, as per-document extractions, for parity tests and the Neo4j benchmark.

Deterministic for a seed. Besides random relations of every schema type it plants the shapes the
queries care about: control cycles, diamonds, parallel relations, terminated and later renewed
deals, pending options, stakes with percents, symmetric relations, reverse data flows, events,
aliases that resolve across documents, and the same relation stated differently by two documents
(conflicts).
"""
from __future__ import annotations

import hashlib
import random

from dealgraph.graph.model import Claim, Document, Entity, Extraction, Source

ETYPES = ["Company"] * 5 + ["Person", "Product", "AIModel", "Platform", "Dataset", "Government", "Other"]
# The planted shapes use the first entities; their types are fixed so tests can name them (`name`).
PLANTED = ["Company"] * 12 + ["Dataset", "Company", "AIModel", "Platform", "Company", "Person", "Government",
                              "Company"]
STATUSES = [None, None, "announced", "completed", "completed", "pending", "expected", "terminated"]


def name(i: int) -> str:
    """The canonical name of planted entity i (0 <= i < 20)."""
    return f"{PLANTED[i]} {i}"


def _date(rng: random.Random) -> str | None:
    year = rng.randint(2019, 2026)
    return rng.choice([None, f"{year}", f"{year}-{rng.randint(1, 12):02d}",
                       f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])


class _Doc:
    """One generated document: the entities it names and its claims, each with a made-up quote."""

    def __init__(self, n: int, rng: random.Random):
        self.id = f"gen-{n:05d}"
        self.published = rng.choice([None, f"2026-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}"])
        self.entities: dict[str, Entity] = {}
        self.claims: list[Claim] = []
        self.rng = rng

    def entity(self, name: str, etype: str, aliases=()) -> str:
        e = self.entities.setdefault(name, Entity(name=name, type=etype, aliases=list(aliases)))
        return e.id

    def claim(self, subject: str, rtype: str, obj: str | None, **qualifiers) -> None:
        quote = f"{subject} / {rtype} / {obj or '-'}"
        start = sum(len(c.source.quote) + 1 for c in self.claims)
        self.claims.append(Claim(type=rtype, subject=subject, object=obj,
                                 source=Source(document=self.id, quote=quote, start=start, end=start + len(quote),
                                               rule="generated"), **qualifiers))

    def extraction(self) -> Extraction:
        text = "\n".join(c.source.quote for c in self.claims)
        doc = Document(id=self.id, key=f"generated/{self.id}.txt", sha256=hashlib.sha256(text.encode()).hexdigest(),
                       title=f"Generated report {self.id}", published=self.published, loader="article",
                       chars=len(text), url=f"https://example.org/{self.id}")
        return Extraction(document=doc, entities=list(self.entities.values()), claims=list(self.claims))


def extractions(relations: int = 400, *, entities: int | None = None, per_document: int = 40,
                seed: int = 7) -> list[Extraction]:
    """About `relations` relation claims over `entities` entities (default relations / 5)."""
    rng = random.Random(seed)
    n_entities = entities or max(20, relations // 5)
    kinds = PLANTED + [rng.choice(ETYPES) for _ in range(len(PLANTED), n_entities)]
    names = [f"{kinds[i]} {i}" for i in range(n_entities)]
    docs: list[_Doc] = []

    def doc() -> _Doc:
        if not docs or len(docs[-1].claims) >= per_document:
            docs.append(_Doc(len(docs), rng))
        return docs[-1]

    def ref(d: _Doc, i: int) -> str:
        # every tenth entity is sometimes named by an alias, which resolution must merge back
        if i % 10 == 0 and rng.random() < 0.3:
            return d.entity(f"{names[i]} Holdings", kinds[i], aliases=[names[i]])
        return d.entity(names[i], kinds[i])

    def rel(i: int, rtype: str, j: int, **q) -> None:
        d = doc()
        d.claim(ref(d, i), rtype, ref(d, j), **q)

    # planted shapes, on the first entities so small graphs have them too
    rel(0, "OWNS_STAKE_IN", 1, percent=60, date="2020", status="completed")
    rel(0, "INVESTED_IN", 1, amount={"value": 2.5e9, "currency": "USD"}, date="2019-05")
    rel(0, "OWNS_STAKE_IN", 2, percent=40, date="2021-03")
    rel(1, "OWNS_STAKE_IN", 3, percent=50, date="2022-01-10")
    rel(2, "OWNS_STAKE_IN", 3, percent=30, date="2022")
    rel(4, "SUBSIDIARY_OF", 3)
    rel(4, "OWNS_STAKE_IN", 5, percent=10, date="2023")
    rel(5, "OWNS_STAKE_IN", 4, percent=5, date="2023")
    rel(3, "ACQUIRED", 0, date="2024-07", status="completed")  # closes a control cycle 0 -> 1 -> 3 -> 0
    rel(0, "HOLDS_OPTION_TO_ACQUIRE", 6, date="2026-04", status="pending", amount={"value": 6e10, "currency": "USD"})
    rel(7, "AGREED_TO_ACQUIRE", 8, date="2025-11", status="pending")
    rel(0, "OWNS_STAKE_IN", 9, percent=20, date="2024-01", status="completed")
    rel(0, "TERMINATED_DEAL_WITH", 9, date="2024-06", status="completed")
    rel(0, "ACQUIRED", 9, date="2025-02", status="completed")
    rel(9, "TERMINATED_DEAL_WITH", 2, status="pending")
    rel(10, "MERGED_WITH", 11, date="2025-09", status="completed")
    rel(11, "PARTNERS_WITH", 12, date="2025")
    rel(12, "SUPPLIES_DATA_TO", 13, date="2025-01", status="announced")
    rel(14, "TRAINED_ON", 12, date="2025-06")
    rel(13, "DEVELOPS", 14, date="2024")
    rel(14, "DEPLOYS_ON", 15, date="2026-06", status="expected")
    rel(15, "SUPPLIES_DATA_TO", 13)
    rel(12, "LICENSES_TO", 16, date="2026-02", status="terminated")
    # the same relation told differently by another document: a conflict on date and status
    docs.append(_Doc(len(docs), rng))
    rel(0, "ACQUIRED", 9, date="2025-03", status="announced")
    rel(12, "SUPPLIES_DATA_TO", 13, date="2025-01-15", status="announced")
    rel(0, "OWNS_STAKE_IN", 2, percent=45, date="2021-03")
    types = ["OWNS_STAKE_IN"] * 4 + ["ACQUIRED", "INVESTED_IN", "SUBSIDIARY_OF", "HOLDS_OPTION_TO_ACQUIRE",
                                     "SUPPLIES_DATA_TO", "SUPPLIES_DATA_TO", "TRAINED_ON", "DEPLOYS_ON", "LICENSES_TO",
                                     "DEVELOPS", "PARTNERS_WITH", "COMPETES_WITH", "TERMINATED_DEAL_WITH",
                                     "EMPLOYED_BY", "CEO_OF", "FOUNDED", "AGREED_TO_ACQUIRE", "MERGED_WITH",
                                     "REGULATOR_REVIEWED"]
    made = sum(len(d.claims) for d in docs)
    while made < relations:
        i = rng.randrange(n_entities)
        j = rng.randrange(n_entities) if rng.random() < 0.5 else (i + rng.randint(1, 25)) % n_entities
        if i == j:
            continue
        rtype = rng.choice(types)
        q = {"date": _date(rng), "status": rng.choice(STATUSES)}
        if rtype == "OWNS_STAKE_IN" and rng.random() < 0.7:
            q["percent"] = float(rng.choice([5, 10, 12.5, 25, 33, 49, 51, 75, 100]))
        if rtype in ("ACQUIRED", "INVESTED_IN") and rng.random() < 0.5:
            q["amount"] = {"value": float(rng.randint(1, 500)) * 1e6, "currency": rng.choice(["USD", "EUR"])}
        rel(i, rtype, j, **{k: v for k, v in q.items() if v is not None})
        made += 1
        if rng.random() < 0.05:  # an event now and then
            d = doc()
            d.claim(ref(d, i), rng.choice(["IPO", "FUNDING_ROUND", "LAYOFFS", "RELEASE"]), None, date=_date(rng))
    return [d.extraction() for d in docs]
