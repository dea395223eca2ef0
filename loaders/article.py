"""Article loader (placeholder until the extractor lands): registers the document only."""
from __future__ import annotations

from pathlib import Path

from ..graph.model import Document, Extraction
from .files import document_id, document_key, read_text


def load_article(path: Path) -> Extraction:
    text, sha = read_text(path)
    doc = Document(id=document_id(path), key=document_key(path), sha256=sha, loader="article", chars=len(text))
    return Extraction(document=doc)
