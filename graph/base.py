"""The contract every graph store keeps, embedded (NetworkX) or server (Neo4j).

One test suite runs against every implementation; identical answers are the proof.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from .model import Extraction
from .snapshot import Snapshot


@dataclass(frozen=True)
class Outcome:
    """What an ingest did with one document: added, replaced or unchanged."""

    document: str
    action: str
    relations: int = 0
    events: int = 0
    entities: int = 0


class GraphStore(ABC):
    """A place that holds documents' extractions and answers with resolved snapshots."""

    @abstractmethod
    def add(self, extractions: list[Extraction], *, force: bool = False) -> list[Outcome]:
        """Register documents; an unchanged document (same content) changes nothing."""

    @abstractmethod
    def forget(self, document: str) -> Outcome:
        """Retract a document: facts no other source supports disappear."""

    @abstractmethod
    def judge(self, kind: str, a: str, b: str) -> list[str]:
        """Record an analyst's judgement: 'same' (merge) or 'distinct' (never merge).

        Returns the names not in the store yet; the judgement applies when they appear."""

    @abstractmethod
    def snapshot(self) -> Snapshot:
        """The resolved graph as it stands."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections; the embedded store has none."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
