"""The reference every store is held to: the inputs kept in memory and resolved from scratch
(`graph.resolve.resolve`) on every look, with the bookkeeping every store shares (`graph.base`)."""
from __future__ import annotations

import pandas as pd

from dealgraph.exc import DealgraphError
from dealgraph.exports.jsonfmt import to_dict
from dealgraph.graph import schema as schema_mod
from dealgraph.graph.base import judged, place
from dealgraph.graph.model import Extraction
from dealgraph.graph.resolve import resolve


class Reference:
    def __init__(self, schema=None):
        self.schema = schema or schema_mod.load()
        self.docs: dict[str, Extraction] = {}
        self.judgements = []

    def snapshot(self):
        return resolve(self.docs.values(), self.judgements, self.schema)

    def add(self, extractions, *, force: bool = False):
        outcomes = []
        for x in extractions:
            stored = sorted(self.docs.items())
            outcome = place(x, force, lambda k: next(((d, e.document.sha256) for d, e in stored
                                                      if e.document.key == k), None),
                            lambda h: next((d for d, e in stored if e.document.sha256 == h), None),
                            self.docs.__contains__)
            if outcome.action != "unchanged":
                self.docs[outcome.document] = x
            outcomes.append(outcome)
        return outcomes

    def forget(self, ref):
        del self.docs[self.snapshot().find_document(ref).id]

    def judge(self, kind, a, b):
        self.judgements, missing = judged(self.judgements, kind, a, b, self.snapshot())
        return missing


def export(snapshot) -> dict:
    """The JSON export without ingest times (stamped when a store takes a document)."""
    data = to_dict(snapshot)
    for d in data["documents"]:
        d.pop("ingested_at")
    return data


def answer(fn, *args, **kwargs):
    """What a query returns, or its refusal as text: a refused argument must be refused alike."""
    try:
        return fn(*args, **kwargs)
    except DealgraphError as exc:
        return f"{type(exc).__name__}: {exc}"


def assert_same_answer(got, expected, label) -> None:
    """Two answers of `answer` agree: the same refusal, or the same DataFrame with the same attrs."""
    if isinstance(expected, str):
        assert got == expected, label
        return
    assert isinstance(got, pd.DataFrame), (label, got)
    pd.testing.assert_frame_equal(got, expected, obj=f"{label}")
    assert got.attrs == expected.attrs, label
