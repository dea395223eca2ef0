"""Relation and event frames, compiled from data/frames.yaml and data/lexicon.yaml (frames.py), in
the shape the article extractor reads them.

Each sentence is *masked*: every entity mention becomes a token such as ⟦12C⟧ (mention 12, a
Company), so a frame is a regular expression over words and typed slots. Fillers never cross
another entity unless the frame says so, which keeps "A bought B" from reading "A said C bought B".
A frame whose subject is optional names a fallback (the article's subject model, the sentence's
subject, the deal under discussion), which is how elided subjects and headline fragments are read.
Conditional ("if", "whether"), negated and question sentences state nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

from .frames import Frame as Pattern
from .frames import load

_RULES = load()
PATTERNS: list[Pattern] = _RULES.frames
EVENTS = [(f.type, f.status, f.regex, f.letters) for f in _RULES.events]  # (type, status, regex, entity letters)
APPOSITION = _RULES.rules["apposition"]
(DESCRIPTOR,), (MAKER_OF_LIST,) = _RULES.rules["descriptor"], _RULES.rules["maker_of_list"]
(TRAIN_WORD,), (DATA_FROM,) = _RULES.rules["train_word"], _RULES.rules["data_from"]
(REGULATOR_VERB,), (REGULATOR_DONE,) = _RULES.rules["regulator_verb"], _RULES.rules["regulator_done"]
(INTENT,), (CONDITIONAL,), (NEGATION,) = _RULES.rules["intent"], _RULES.rules["conditional"], _RULES.rules["negation"]


@dataclass
class Hit:
    """One relation or event a rule found in a sentence, before qualifiers are attached."""

    rule: str
    type: str
    subject: str  # entity key
    object: str | None
    span: tuple[int, int]  # in the masked sentence
    status: str | None = None
    percent: float | None = None
    at: int | None = None  # where in the sentence's own text the rule's trigger is, when it matters for dates
