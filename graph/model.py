"""The data model: entities, documents, and claims with provenance, assembled into facts.

A *claim* is one source's statement of a relation or an event, with its qualifiers (date, status,
amount, percent, attributes) and its provenance (document, verbatim quote, character offsets, the
rule that produced it). A *fact* is every claim about the same (subject, type, object), or
(entity, type) for events, taken together: claims that agree add sources; claims that disagree
on a qualifier are all kept and show up as conflicts.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Iterable, Mapping

from . import asof, dates
from .names import make_id, slugify

QUALIFIERS = ("date", "status", "amount", "percent")
_NO_DATES: Mapping[str, str | None] = {}


@dataclass
class Entity:
    """An entity as a loader saw it (local) or as the store resolved it (global)."""

    name: str
    type: str = "Other"
    aliases: list[str] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)
    id: str = ""
    # where a loader saw it: (start, end) offsets into its document's text; empty once resolved
    mentions: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.id = self.id or slugify(self.name)

    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    def to_dict(self) -> dict[str, Any]:
        d = {"id": self.id, "name": self.name, "type": self.type, "aliases": list(self.aliases),
             "attributes": dict(self.attributes)}
        if self.mentions:
            d["mentions"] = [list(m) for m in self.mentions]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Entity":
        return cls(name=d["name"], type=d.get("type", "Other"), aliases=list(d.get("aliases") or []),
                   attributes=dict(d.get("attributes") or {}), id=d.get("id", ""),
                   mentions=[(int(a), int(b)) for a, b in d.get("mentions") or []])


@dataclass(frozen=True)
class Source:
    """Where a claim comes from. `start`/`end` are offsets into the document's text as read.

    Curated facts may cite a document that was never ingested; `title`, `published` and `url`
    then describe it.
    """

    document: str
    quote: str = ""
    start: int | None = None
    end: int | None = None
    rule: str = ""
    title: str | None = None
    published: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k in _SOURCE_FIELDS if (v := getattr(self, k)) is not None}


@dataclass
class Claim:
    """One statement of a relation (object set) or an event (object None)."""

    type: str
    subject: str
    object: str | None = None
    date: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    date_text: str | None = None
    status: str | None = None
    amount: dict[str, Any] | None = None  # {"value": 6e10, "currency": "USD", "text": "$60 billion"}
    percent: float | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    source: Source | None = None

    @property
    def kind(self) -> str:
        return "event" if self.object is None else "relation"

    def key(self, symmetric: bool = False) -> tuple:
        if self.object is None:
            return ("event", self.subject, self.type)
        s, o = (sorted((self.subject, self.object)) if symmetric else (self.subject, self.object))
        return ("relation", s, self.type, o)

    def to_dict(self) -> dict[str, Any]:
        # shallow on purpose: asdict's deep copies were a quarter of ingest time on big stores
        d = {k: v for k in _CLAIM_FIELDS if (v := getattr(self, k)) is not None and v != {}}
        if self.source is not None:
            d["source"] = self.source.to_dict()
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Claim":
        d = dict(d)
        src = d.pop("source", None)
        return cls(**d, source=Source(**src) if src else None)


_SOURCE_FIELDS = tuple(f.name for f in fields(Source))
_CLAIM_FIELDS = tuple(f.name for f in fields(Claim) if f.name != "source")


@dataclass
class Document:
    """A registered input. `key` is what identifies it across re-ingests (path or URL)."""

    id: str
    key: str
    sha256: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    loader: str = ""
    chars: int = 0
    ingested_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Document":
        return cls(**d)


@dataclass
class Extraction:
    """What a loader returns for one document: local entities and claims that name them by id."""

    document: Document
    entities: list[Entity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # one line each, naming the document; not stored
    stats: dict[str, Any] = field(default_factory=dict)  # what the loader saw (counts), for `ingest -v`; not stored

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document.to_dict(), "entities": [e.to_dict() for e in self.entities],
                "claims": [c.to_dict() for c in self.claims]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Extraction":
        return cls(document=Document.from_dict(d["document"]),
                   entities=[Entity.from_dict(e) for e in d.get("entities", [])],
                   claims=[Claim.from_dict(c) for c in d.get("claims", [])])


# -- facts --------------------------------------------------------------------------------------

def _freeze(v: Any) -> Any:
    """A hashable stand-in for a qualifier value (YAML attributes may nest lists and mappings)."""
    if isinstance(v, dict):
        return ("{}", tuple(sorted(((str(k), _freeze(x)) for k, x in v.items()), key=repr)))
    if isinstance(v, (list, tuple, set)):
        return ("[]", tuple(_freeze(x) for x in v))
    return v


@dataclass
class Fact:
    """All claims about one relation (subject, type, object) or event (entity, type)."""

    id: str
    kind: str
    type: str
    subject: str
    object: str | None
    claims: list[Claim]
    # resolved qualifiers: the best-supported value of each, see `assemble`
    date: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    date_text: str | None = None
    status: str | None = None
    amount: dict[str, Any] | None = None
    percent: float | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    conflicts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    known_date: str | None = None  # the date the as-of rules use (graph.asof.known_date)

    @property
    def sources(self) -> list[Source]:
        if len(self.claims) == 1:  # most facts: no duplicates to drop
            return [] if self.claims[0].source is None else [self.claims[0].source]
        seen, out = set(), []
        for c in self.claims:
            if c.source is not None and c.source not in seen:
                seen.add(c.source)
                out.append(c.source)
        return out

    @property
    def documents(self) -> list[str]:
        return sorted({s.document for s in self.sources})


def _choose(claims: list[Claim], get, refines: bool = False,
            published: Mapping[str, str | None] = _NO_DATES) -> tuple[Any, list[dict[str, Any]]]:
    """Pick the value most documents (then most claims) support; return it and, if sources disagree, each side.

    Ties go to the value stated by the most recently published source document, since later news
    supersedes earlier (announced in January, completed in June: completed); then to the smaller
    document id, so the choice never depends on claim order or on how the values are spelt.
    A source's own published date counts, else its document's (`published`: document id -> date).
    With `refines` (dates), values that are prefixes of one another agree and the most precise wins.
    """
    if len(claims) == 1:  # the common case: nothing to weigh
        return get(claims[0]), []
    support: dict[Any, list[Claim]] = {}
    for c in claims:
        v = get(c)
        if v is not None:
            support.setdefault(_freeze(v), []).append(c)
    if not support:
        return None, []

    def newest(c: Claim) -> tuple[int, str]:
        """Sorts the most recently published source first (undated last), then by document id."""
        if c.source is None:
            return 0, ""
        day = c.source.published or published.get(c.source.document)
        return (-(dates.first_day(day).toordinal() * 4 + day.count("-")) if day else 0), c.source.document

    def rank(item):
        v, cs = item
        docs = {c.source.document for c in cs if c.source}
        return (-len(docs), -len(cs), min(map(newest, cs)), str(v))

    ordered = sorted(support.items(), key=rank)
    # Values that refine one another ("2026-05" and "2026-05-25") agree; only real differences conflict.
    best_key, best_claims = ordered[0]
    best = get(best_claims[0])
    sides = []
    distinct = [k for k, _ in ordered]
    if refines and all(isinstance(k, str) for k in distinct):
        compatible = all(k.startswith(o) or o.startswith(k) for k in distinct for o in distinct)
        if compatible:
            best = max(distinct, key=len)
            return best, []
    if len(ordered) > 1:
        for k, cs in ordered:
            sides.append({"value": get(cs[0]), "sources": [c.source.to_dict() for c in cs if c.source]})
    return best, sides


def single(fid: str, c: Claim, subject: str, obj: str | None,
           published: Mapping[str, str | None] = _NO_DATES) -> Fact:
    """The fact one claim makes (`subject`, `obj`: its ends' ids): the claim's own qualifiers, as
    `assemble` gives a group of one."""
    f = Fact(id=fid, kind="event" if obj is None else "relation", type=c.type, subject=subject, object=obj,
             claims=[c], date=c.date, status=c.status, percent=c.percent,
             amount=c.amount and {k: v for k, v in c.amount.items() if k != "text"},
             date_from=c.date_from or None, date_to=c.date_to or None, date_text=c.date_text or None,
             attributes=dict(c.attributes))
    f.known_date = asof.known_date(f.date, f.sources, published)
    return f


def assemble(claims: Iterable[Claim], symmetric: set[str] | frozenset[str] = frozenset(),
             published: Mapping[str, str | None] = _NO_DATES) -> list[Fact]:
    """Group claims into facts, resolving qualifiers (see `_choose`) and recording conflicts.

    `published` maps document ids to their published dates, for ties between conflicting values.
    """
    groups: dict[tuple, list[Claim]] = {}
    for c in claims:
        groups.setdefault(c.key(c.type in symmetric), []).append(c)
    facts = []
    for key, cs in groups.items():
        if key[0] == "event":
            _, subj, typ = key
            obj = None
            fid = make_id("evt", subj, typ)
        else:
            _, subj, typ, obj = key
            fid = make_id("rel", subj, typ, obj)
        if len(cs) == 1:  # one statement: nothing to weigh (most facts of a big load)
            facts.append(single(fid, cs[0], subj, obj, published))
            continue
        f = Fact(id=fid, kind=key[0], type=typ, subject=subj, object=obj, claims=cs)
        for q, get in (("date", lambda c: c.date), ("status", lambda c: c.status),
                       ("amount", lambda c: c.amount and {k: v for k, v in c.amount.items() if k != "text"}),
                       ("percent", lambda c: c.percent)):
            value, sides = _choose(cs, get, refines=q == "date", published=published)
            setattr(f, q, value)
            if sides:
                f.conflicts[q] = sides
        dated = [c for c in cs if c.date == f.date] or cs
        f.date_from = next((c.date_from for c in dated if c.date_from), None)
        f.date_to = next((c.date_to for c in dated if c.date_to), None)
        f.date_text = next((c.date_text for c in dated if c.date_text), None)
        for k in dict.fromkeys(k for c in cs for k in c.attributes):
            value, sides = _choose(cs, lambda c, k=k: c.attributes.get(k), published=published)
            f.attributes[k] = value
            if sides:
                f.conflicts["attributes." + k] = sides
        f.known_date = asof.known_date(f.date, f.sources, published)
        facts.append(f)
    facts.sort(key=lambda f: (dates.sort_key(f.date), f.subject, f.type, f.object or ""))
    return facts
