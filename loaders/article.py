"""Article loader: entities, dated relations and events with provenance from deal news, offline.

`load_article(path)` reads a plain-text, Markdown or HTML article and returns an Extraction whose
claims quote the sentence that states them, with `start`/`end` offsets into the document text:
the file's content as read for text and Markdown (header lines included), the extracted text for
HTML (its length is `Document.chars`). Entities are local to the document; the store merges them
across documents by name, so only real names are emitted as aliases, never "the company".
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from bisect import bisect_left
from collections import Counter
from pathlib import Path
from typing import Callable

from ..graph.model import Claim, Document, Entity, Extraction, Source
from ..graph.names import normalize, slugify
from ..graph.schema import load as load_schema
from . import qualifiers as q
from .document import HTML_SUFFIXES, Article, Sentence, parse, split_sentences
from .entities import EMPTY, TYPE_LETTER, Catalogue, Known, LocalEntity, Mention, Mentions, lexicon
from .files import document_id, document_key, read_text
from .frames import lexicon as frame_lexicon, word_regex
from .normalize import normalize as normalize_text
from .relations import (APPOSITION, CONDITIONAL, DATA_FROM, DESCRIPTOR, EVENTS, INTENT, MAKER_OF_LIST, NEGATION,
                        PATTERNS, REGULATOR_DONE, REGULATOR_VERB, TRAIN_WORD, Hit, Pattern)

_TOKEN = re.compile(r"⟦(\d+)([A-Z])⟧")
_STARTUP = re.compile(r"\bstart-?up\b", re.I)
# What a sentence's core leaves out (`_core`): parentheses, clauses and appositions set off by commas or dashes
# after a name, and where or how something was said. None of them holds the main clause's verb.
_INSERTIONS = [re.compile(p) for p in (
    r"\s*\([^()]{0,200}\)",  # "(NASDAQ: TNDM)", "(a previous model)"
    r"(?<=⟧)\s*,\s*(?:which|who|whose)\s+[^,;:—–]{1,150}?,(?=\s)",  # "X, which makes Y, agreed"
    r"(?<=⟧)\s*,\s*(?:the|a|an|its|their|his|her)\s+[^,;:⟦—–]{1,80}?,(?=\s)",  # "X, the robot maker, agreed"
    r"\s+[—–]\s+[^—–;]{1,120}?\s+[—–](?=\s)",  # "X — long a rival — agreed"
    r"(?:(?<=\bsaid)|(?<=\bsays)|(?<=\bannounced)|(?<=\bconfirmed))\s+(?:in\s+a\s+(?:statement|filing|release|"
    r"blog\s+post|note)|on\s+its\s+website|in\s+an?\s+interview)(?=\s)",
)]


_SUFFIX_DOT = re.compile(r"\b(?:Inc|Corp|Co|Ltd|Plc|Bros|Cos|Corps)\.$")
# "vehicles from X and Zeta EVs from Y": a name with its own product noun and maker starts another phrase
_OWN_MAKER = re.compile(r"\s+(?:[a-z][\w-]*\s+)?[A-Za-z][\w-]*\s+(?:from|made\s+by|built\s+by)\s")
# "Lyft's ride-hailing app", "ESPN's upcoming direct-to-consumer (DTC) service": a product named by what it is
_PRODUCT_HEADS = ("app", "apps", "service", "platform", "platforms", "technology", "technologies", "chatbot",
                  "assistant", "robots", "network", "software")
_PLATFORM_HEADS = {"app", "apps", "service", "platform", "platforms", "network"}
_OF_PRODUCTS = {"DEPLOYS_ON", "DEVELOPS", "TRAINED_ON"}  # the types whose ends may be products
_OWNED_PRODUCT = re.compile(
    r"(?:(?P<own>⟦\d+[CL]⟧)'s|(?<![\w-])(?P<own2>its))\s+(?P<phrase>(?:(?:new|upcoming|existing|growing|own)\s+)?"
    r"(?:(?!(?:and|or|of|the|a|an|to|in|on|for|with)\s)(?:[a-z][\w-]*|[A-Z]{2,5}(?![\w-]))(?:\s+\([A-Z]{2,6}\))?\s+){1,3}?"
    r"(?P<head>" + "|".join(_PRODUCT_HEADS) + r"))\b(?!\s+(?:unit|division|business|arm|deal|partnership))"
    r"(?!\s*,?\s*(?:called\s+|named\s+|dubbed\s+)?⟦)")  # "its cloud platform, Azure": the name is Azure
# "X, the Ohio robot maker, agreed": a description of X that became a mention of X (`_descriptors`)
_SAME_AGAIN = re.compile(r"(⟦\d+[A-Z]⟧)\s*,\s*(⟦\d+[A-Z]⟧)\s*,(?=\s)")


def _core(m: str) -> str:
    """The masked sentence without its insertions, for a second reading by the frames: "X, a maker of
    robots that Y backed in 2021, agreed to buy Z" reads as "X agreed to buy Z"."""
    for rx in _INSERTIONS:
        m = rx.sub("", m)
    return m


_EMPHASIS = re.compile(r"[*_]{1,3}(?=⟦)|(?<=⟧)[*_]{1,3}")
_BARE_POSSESSIVE = re.compile(r"⟧\.?'(?=\s)|⟧\.'s")  # "Databricks' CEO", "Mars Inc.'s"
_APOSTROPHES = str.maketrans({"’": "'", "´": "'", "‘": "'", "`": "'"})
_TIMELINE = re.compile(r"^\s*[-•*–]\s*(?:early|mid|late)?[- ]?(?P<rest>.{3,30})$", re.I)
_FUTURE = word_regex("future")
_MODAL_PENDING = word_regex("modal_pending", after=r"\b[^.;]*$")
_AGREED = word_regex("agreed", after=r"\b[^.;]*$")  # "agreed to merge", "announced a merger": not done yet
_OTHER_EVENT = re.compile(r"[,;]\s+(?:[\w-]+\s+){0,4}?(?:after|since|following)\b[^,;]*$", re.I)
_CLOSE_DATE = word_regex("closing", before="", after=r"\W+(?:\w+\W+){0,3}$")
# how the extractor reads each relation type: declared in graph/schema.yaml
_SCHEMA = load_schema()
_MONEY_TYPES = _SCHEMA.having("amounts")  # claims that take their sentence's amount
_CONTROL = _SCHEMA.having("deal")  # deals: parties, pending/terminated cues, terms
# ", and X has tested": X opens a clause of its own, it is no further item of the list before
_NEW_CLAUSE = re.compile(r"\s+(?:has|have|had|is|was|were|are|will|would|can|could|also|then|said|says|"
                         r"(?!(?:based|owned|backed|led)\b)[a-z]+ed)\b")
_NATIONALITY = re.compile(r"\b(?:" + "|".join(sorted(lexicon().nationalities, key=len, reverse=True)) + r")\b", re.I)
# descriptors before a later item of a list: "EV maker Lucid and autonomous vehicle startup Nuro", "as well as
# Chinese self-driving firms Momenta"
_LIST_DESC = (r"(?:(?i:" + _NATIONALITY.pattern + r")\s+)?"
              r"(?:(?!(?:said|says|signed|agreed|will|would|has|have|had|is|was|are|were|to|with|in|on|for|by|from|of|at|"
              r"as|that|which|who|also|then|its|their|his|her|our|a|an|the|including|such|like|other|another|"
              r"both|all|each|more|most|less|than|while|whereas|although|though|but|when|after|before|because|since|"
              r"unless|if|so|yet)\b)(?:[a-z][a-z-]*|[A-Z]{2,4})\s+){0,4}?")
# "owns 80% of X", "an 80% stake in X", "X is 80% owned by": whose shares a following "the remaining 20%" are
_SHARE_OF = re.compile(r"\d\s?(?:%|per ?cent|percent)\s+(?:stake\s+)?(?:of|in)\s+(?:the\s+)?(⟦\d+[CO]⟧)|"
                       r"(⟦\d+[CO]⟧)\s+(?:is|was|are|were)\s+(?:\w+\s+)?\d+\s?(?:%|per ?cent|percent)[\s-]+owned", re.I)
# whose round it is: "the $80 million round in Y", "Y's Series B round"
_ROUND_FOR = re.compile(r"\b(?:round|funding|financing)\s+(?:in|for|into)\s+(?:the\s+)?(⟦\d+[CO]⟧)|"
                        r"(⟦\d+[CO]⟧)'s\s+(?:[\w$€£.,-]+\s+){0,4}?(?:round|funding|financing)\b", re.I)
_POSSESSED = re.compile(r"'s\s+(?:[\w-]+\s+){0,2}?(⟦\d+([A-Z])⟧)")
_OWN_ALIAS = re.compile(r"(⟦\d+[A-Z]⟧)\.?\s*\(\s*(?:[A-Z][A-Za-z ]{1,14}:\s*)?[\"“]?(⟦\d+[A-Z]⟧)[\"”]?\s*\)")
_GENERIC_MODELS = word_regex("generic_models")
_TIME_GAP = re.compile(r"\b(" + frame_lexicon().group("time_gap_verbs") + r")\s+(?:on\s+\w+(?:\s+\d{1,2})?|"
                       r"in\s+(?:early\s+|late\s+|mid-?)?[A-Z][a-z]+(?:\s+\d{4})?|last\s+\w+|this\s+\w+|"
                       r"earlier\s+this\s+\w+|today|yesterday|late\s+\w+)\s+(?=to\b|a\b|an\b|the\b)")
_CLAUSE_BREAK = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s*")
_RELATIVE_ITS = re.compile(r"(⟦\d+[CGOL]⟧)\s*,\s*(?:which|who|that)\s+[^,;]*$")  # "Y, which makes X available on its"
_SECURITIES = re.compile(r"'s?\s+(?:[\w%-]+\s+){0,3}?(?:stock|shares|bonds|debt|notes|equity|stake|holding)\b"
                         r"|\s+(?:[\w-]+\s+)?(?:branches|stores|assets|plants|factories|hotels|stations|sites|"
                         r"locations|outlets|mines|properties|towers|rights)\b", re.I)  # "sell 18 X branches to Y"
_ANNOUNCED = _SCHEMA.having("announced")  # undated claims take the announcement day
_ANNOUNCE = word_regex("announce")
_APPOINTED = word_regex("appointment")
_ENDS = _SCHEMA.having("ends")  # terminations: dated like an announcement although their status is "terminated"
_ROLES = _SCHEMA.having("role")  # jobs: dated only by an appointment
_AGREEMENTS = _SCHEMA.having("agreement")  # signed now, closing later
_REPORT_FROM = re.compile(r"\breports?\s+(?:\w+\s+){0,2}?(?:from|on|of)\s+$", re.I)
_DEAL_RANK = _SCHEMA.deal_ranks()  # the lowest rank stated is the document's lead deal
_DESCRIBES = re.compile(r"[\"”]?\s+(?:maker|developer|owner|parent|creator|publisher)\b", re.I)
_BEFORE_ROLE = re.compile(r"(?:^|[(\"“,—–:⟧-]|\b(?:the|its|their|his|her|a|an|new|interim|acting|current|and|as|said|by|both|"
                          r"with|to|former|ex|named|appointed))\s*$", re.I)
_MODIFIER = re.compile(r"\s+(?:deal|stake|investment|acquisition|purchase|offer|bid|shares?|board|employees|staff|users|"
                       r"customers|executives?|said|says|told|added|wrote)\b", re.I)
_UNDATED = _SCHEMA.having("dated", False)
_FOUNDED_IN = re.compile(r"\b(?:co-?)?founded\s+in\s+((?:19|20)\d\d)\b", re.I)  # the one date a founding takes
_TERMS = re.compile(r"\b(all-stock|all-cash|cash-and-stock|cash and stock|stock-and-cash)\b", re.I)
_SUBJECT_VERB = re.compile(r"^\s*(?:\([^()]{0,60}\)\s*)?(?:,[^,]{0,60},\s*|,\s*(?:which|who)\s+)?(?:on \w+day |today |yesterday )?"
                           r"(?:(?:already|also|still|now|just|\w+ly) )?(?:has|have|had|is|was|were|are|will|would|said|says|also|"
                           r"announced|\w+ed|\w+s)\b", re.I)
# an organisation opening a sentence, after at most a short lead-in ("On Monday, Helio ...")
_CLAUSE_OPENING = re.compile(r"^\s*(?:[\w ]{0,30},\s+)?(⟦\d+([A-Z])⟧)")
# "X in 1999 and AOL's deal": a phrase after a name closes it, so a possessor after "and" starts a new one
_WORDS_BEFORE_JOINER = re.compile(r"(?:'s)?(?:\s*\([^()]{1,80}\))?\s+(?:(?:in|on|at|for|from|by|with|after|before|during|"
                                  r"since|of|last|this|next)\b|\d)")
_DEAL_NOUN_AFTER = re.compile(r"\s+(?:partnership|deal|agreement|alliance|tie-up|collaboration|investment|contract|"
                              r"acquisition|merger|talks)\b", re.I)
_UNIT_AFTER = re.compile(r"\s+(?:[\w-]+\s+)?(?:unit|division|arm|subsidiary)\b", re.I)  # "its Azure cloud unit"
_SOURCE = re.compile(r"(⟦\d+[CO]⟧)\s+(?:reported|reports|said|says|wrote|writes)\b", re.I)
_ACCORDING_TO = re.compile(r"\baccording\s+to\s+(?:the\s+)?$", re.I)
_HYPHENATED = re.compile(r"-(?:powered|based|backed|owned|led|made|built|designed|branded)\b")  # "Globex-powered"
_TAKES_ITS = re.compile(r"\b(?:hire|hires|hired|hiring|poach\w*|recruit\w*|lure\w*|acquire|acquires|acquired|acquiring|buy|"
                        r"buys|buying|bought|sue|sues|sued|suing|oust\w*)\s+$", re.I)  # "... and hire its CEO"
_SET_APART = re.compile(r"\b(?:apart from|besides|except|unlike|other than|like)\s*$", re.I)
_PREPOSITION = re.compile(r"\b(?:of|by|from|with|for|to|in|into|on|at|than|about|over|and)\s*$", re.I)
# "Salesforce, the global leader in CRM, completed ...": the slot holds the appositive's name, the subject is before it
_IN_APPOSITIVE = re.compile(r"(⟦\d+[A-Z]⟧)\s*,\s*(?:the|a|an)\s+[^,⟦]{0,60}$")
# "X unveiled A for B, C and D, and announced a partnership with E": E's partner is X, not D
_SECOND_VERB = re.compile(r",\s+and\s+(?:\w+ly\s+)?(?:announced|said|signed|agreed|struck|unveiled|launched|formed|entered|"
                          r"reached|named|has|have|will)\b", re.I)

# "X bought a stake in Y and holds ...": Y closes the first verb's object; the next verb is X's again
_SHARED_SUBJECT = re.compile(r"\s+and\s+(?:also\s+|now\s+|then\s+|\w+ly\s+)?"
                             + frame_lexicon().group("coordinated_verbs") + r"\b")


@dataclasses.dataclass(frozen=True)
class _Triggers:
    """Which frames a sentence can fire: every trigger word once, and the frames each one wakes."""
    patterns: list
    words: tuple[str, ...]
    frames_of: dict[str, tuple[int, ...]]
    always: frozenset[int]  # frames without triggers

    def frames(self, low: str) -> list:
        woken = set(self.always)
        for k in self.words:
            if k in low:
                woken.update(self.frames_of[k])
        return [self.patterns[i] for i in sorted(woken)]  # in file order: the first claim of a triple wins


_TRIGGERS = _Triggers([], (), {}, frozenset())


def _trigger_index(patterns: list) -> _Triggers:
    """Built once; rebuilt when the frame list is swapped (tests do)."""
    global _TRIGGERS
    if _TRIGGERS.patterns is not patterns:
        frames_of: dict[str, list[int]] = {}
        for i, p in enumerate(patterns):
            for k in p.keys or ():
                frames_of.setdefault(k, []).append(i)
        _TRIGGERS = _Triggers(patterns, tuple(sorted(frames_of)), {k: tuple(v) for k, v in frames_of.items()},
                              frozenset(i for i, p in enumerate(patterns) if not p.keys))
    return _TRIGGERS


MAX_QUOTE = 600  # characters: longer sentences are quoted around the parties' mentions
# per document: what one file may add to a store, whatever it holds (a warning says when a cap was hit)
MAX_CLAIMS = 10_000  # relations and events; news articles state tens
MAX_MENTIONS = 20_000  # stored places where entities are named, the first ones in the text
QUOTE_MARGIN = 120


def _conditional(m: str, pos: int) -> bool:
    """The clause before `pos` is conditional ("if", "whether"): searched from the clause's start only, so a
    sentence listing thousands of names costs no more per match than a short one."""
    start = max(m.rfind(",", 0, pos), m.rfind(";", 0, pos)) + 1
    return CONDITIONAL.search(m, start, pos) is not None


def load_article(path: Path, *, encoding: str = "utf-8", catalogue: bool = True,
                 progress: Callable[[int, int], None] | None = None, max_bytes: int | None = None,
                 today: dt.date | None = None) -> Extraction:
    """Extract one article. `catalogue=False` finds names from the text alone, without the built-in list;
    `progress(done, total)` is called in characters of text as sentences are read (a long file's bar);
    `today`: the reference day for a month named without a year in an article with no published date."""
    text, sha = read_text(path, encoding, max_bytes)
    # the extractor reads normalised text (loaders/normalize.py); offsets and quotes go back into the
    # document text: the file as read, or for HTML the extracted text
    if path.suffix.lower() in HTML_SUFFIXES:
        art = parse(path, text)
        original, (clean, to_original) = art.text, normalize_text(art.text)
        if not to_original.identity:
            art.text, art.sentences = clean, split_sentences(clean, art.body_start, art.lowercase)
    else:
        original, (clean, to_original) = text, normalize_text(text)
        art = parse(path, clean)
    doc = Document(id=document_id(path), key=document_key(path), sha256=sha, loader="article",
                   title=art.title, url=art.url, published=art.published, chars=len(original))
    ex = _Extractor(art, doc, None if catalogue else EMPTY, today).run(progress)
    ex.warnings = [f"{path}: {w}" for w in ex.warnings]  # one line each, naming the file
    words, relations = ex.stats["words"], sum(c.object is not None for c in ex.claims)
    if words > 100 and not relations:
        ex.warnings.append(f"{path}: {words} words but no relation found ({ex.stats['entities']} entities named); "
                           f"`dealgraph ingest -v` shows what was read")
    if not to_original.identity:
        for c in ex.claims:
            if c.source is not None and c.source.start is not None:
                a, b = to_original.span(c.source.start, c.source.end)
                c.source = dataclasses.replace(c.source, start=a, end=b, quote=original[a:b])
        for e in ex.entities:
            e.mentions = [to_original.span(a, b) for a, b in e.mentions]
    return ex


class _Extractor:
    def __init__(self, art: Article, doc: Document, cat: Catalogue | None = None, today: dt.date | None = None):
        self.art, self.doc = art, doc
        self.men = Mentions(art.text, art.body_start, art.lowercase, cat)
        self.ctx = q.DateContext(art.published, art.text[art.body_start:], today)
        self.mentions: list[Mention] = list(self.men.mentions)
        self._starts = [m.start for m in self.mentions]  # mentions added later (descriptors) are not masked
        self.hits: list[tuple[Hit, Sentence, str]] = []  # (hit, sentence, date override)
        self.parties: set[str] = set()
        self.deal: tuple[str, str] | None = None
        self.deal_rank = 9
        self.reviewed: dict[str, str] = {}  # regulator -> the party it was first said to review
        self.funded: str | None = None
        self.makers: dict[tuple[str, str], str] = {}
        self.owned: dict[str, str] = {}  # a product named by description -> the company whose it is
        self.single: set[str] = set()  # those of them that are one product ("its ride-hailing app")
        self._dates: dict[int, list[q.When]] = {}
        self._money: dict[int, tuple] = {}  # per sentence: amounts and deal terms
        self._named: dict[int, dict[str, list[Mention]]] = {}  # per sentence: the mentions of each entity
        self._announced = self._announcement()

    # -- masking ---------------------------------------------------------------------------------------
    def _mask(self, s: Sentence) -> str:
        out, pos = [], s.start
        first = bisect_left(self._starts, s.start)  # the document's own mentions, in text order
        for i in range(first, len(self._starts)):
            m = self.mentions[i]
            if m.start >= s.end:
                break
            if m.end > s.end or m.start < pos:
                continue
            if m.entity is None and not m.cands:
                continue
            out.append(self.art.text[pos:m.start].translate(_APOSTROPHES))
            out.append(f"⟦{i}{self.men.letter(m)}⟧")
            pos = m.end
            if m.end + 1 < s.end and _SUFFIX_DOT.search(self.art.text, m.start, m.end + 1):
                pos += 1  # "Helio Inc., Corvid Corp. and ...": the abbreviation's period is the name's
        out.append(self.art.text[pos:s.end].translate(_APOSTROPHES))
        # "Databricks' CEO" reads as "Databricks's CEO"; Markdown emphasis around a name is not text
        return _EMPHASIS.sub("", _BARE_POSSESSIVE.sub("⟧'s", "".join(out)))

    def _ent(self, token: str, exclude: set[str] = frozenset()) -> str | None:
        m = self.mentions[int(_TOKEN.match(token).group(1))]
        if m.entity is not None:
            return m.entity if m.entity not in exclude else None
        cands = m.cands
        if m.pronoun:  # "X said it will ...": "it" is whom it was resolved to, or nobody; never the runner-up
            return cands[0] if cands and cands[0] not in exclude else None
        if self.deal and self.deal[1] in cands and _STARTUP.search(self.art.text, m.start, m.end):
            cands = [self.deal[1]] + cands  # in deal news "the startup" is the one being bought
        return next((c for c in cands if c not in exclude), None)

    def _etype(self, key: str) -> str:
        return self.men.entities[key].type

    def _add_mention(self, start: int, end: int, key: str) -> str:
        self.mentions.append(Mention(start, end, key))
        return f"⟦{len(self.mentions) - 1}{TYPE_LETTER.get(self._etype(key), 'O')}⟧"

    def _known_entity(self, name: str) -> str:
        key = normalize(name)
        if key not in self.men.entities:
            known = self.men.cat.by_norm.get(key) or Known(name, "Company")
            self.men.entities[key] = LocalEntity(key, known.type, known=known)
        return key

    # -- the run ---------------------------------------------------------------------------------------
    def run(self, progress: Callable[[int, int], None] | None = None) -> Extraction:
        sentences = self.art.sentences
        total, step = len(self.art.text), max(1, len(sentences) // 100)
        self._resolve_pronouns(sentences)
        # "agreed on Monday to buy": the time moves out of the way of the frames (dates are read from the text)
        masked = [self._drop_aliases(_TIME_GAP.sub(r"\1 ", self._mask(s))) for s in sentences]
        for s, m in zip(sentences, masked):
            self._appositions(s, m)
        masked = [self._descriptors(s, m) for s, m in zip(sentences, masked)]
        timeline, left, last_line, prev = None, 0, -1, ""
        for n, (s, m) in enumerate(zip(sentences, masked)):
            if progress is not None and n % step == 0:
                progress(s.start, total)
            if s.line != last_line:
                last_line, left = s.line, left - 1
                heading = self._timeline_heading(s)
                if heading:
                    timeline, left = heading, 3  # a dated bullet ("- June 10, 2026") dates the two lines below it
                    continue
                if left <= 0:
                    timeline = None
            if not s.text.rstrip().endswith("?"):  # a question states nothing
                self._events(s, m, timeline)  # first: "raised ... in a round led by X" needs who raised
                self._patterns(s, m, prev, timeline)
                self._trained_on(s, m, timeline)
                self._makers_in_sentence(s, m)
                self._regulators(s, m, timeline)
            prev = m
        self._named_after_maker(sentences)
        if progress is not None:
            progress(total, total)
        return self._extraction()

    def _resolve_pronouns(self, sentences: list[Sentence]) -> None:
        """ "it" is the subject of its own clause ("X said it would"), or at a sentence start the subject of the
        sentence before; the most recent company otherwise."""
        # "it", and "the company" opening a sentence: the topic carries over from the sentence before
        # "the company" later in a sentence that names no organisation before it ("Okafor co-founded the company") too
        pronouns = [m for m in self.mentions if m.pronoun or (m.entity is None and m.kind == "Company"
                                                             and not _NATIONALITY.search(self.art.text, m.start, m.end))]
        i = 0
        for n, s in enumerate(sentences):
            while i < len(pronouns) and pronouns[i].start < s.end:
                m, i = pronouns[i], i + 1
                if m.start < s.start or m.described:
                    continue  # "the startup": the one the text called so, wherever it was
                if re.search(r"\b(?:in|of|into|from|with)\s$", self.art.text[max(0, m.start - 6):m.start]):
                    continue  # "a 45% interest in it": not the clause's own subject, the most recent company
                prefix = self._mask(Sentence(s.start, m.start, self.art.text[s.start:m.start], s.line))
                if not m.pronoun and not self._opens_sentence(m.start) and re.search(r"⟦\d+[CGO]⟧", prefix):
                    continue  # an organisation named before it in the sentence: the nearest one, as resolved
                before = self._topic_of(self._mask(sentences[n - 1])) if n else None
                lead = (self._subject_of(prefix) or (None if m.pronoun else before)) if prefix.strip() else before
                if lead and not m.pronoun and self._etype(lead) not in ("Company", "Other"):
                    lead = None  # "the company" is a company, whatever "it" may be
                if lead:
                    m.cands = [lead] + [c for c in m.cands if c != lead]

    def _drop_aliases(self, m: str) -> str:
        """"Acme Inc. (NYSE: ACME) and Beta agreed": a name's own ticker or acronym in brackets is dropped from
        what frames read, so the name stands next to its verb or list."""
        def same(hit: re.Match) -> str:
            return hit.group(1) if self._ent(hit.group(1)) == self._ent(hit.group(2)) else hit.group(0)
        return _OWN_ALIAS.sub(same, m)

    def _opens_sentence(self, pos: int) -> bool:
        before = self.art.text[max(0, pos - 40):pos]
        tail = re.sub(r"^.*[.!?]\s+|^.*\n", "", before, flags=re.S)
        return not tail.strip() or bool(re.fullmatch(r"\s*(?:[A-Z][\w ,]{0,30},\s*)?", tail))

    def _timeline_heading(self, s: Sentence) -> str | None:
        """The date of a bullet line that holds nothing but a date, else None."""
        a = self.art.text.rfind("\n", 0, s.start) + 1
        b = self.art.text.find("\n", s.end)
        if s.text != self.art.text[a:b if b >= 0 else len(self.art.text)].strip():
            return None
        t = _TIMELINE.match(s.text)
        when = [w for w in q.find_dates(t.group(0), self.ctx) if w.date] if t else []
        return when[0].date if when and len(when[0].text) >= len(t.group("rest")) - 6 else None

    # -- appositions and descriptors ("Anysphere, Cursor's developer"; "the ChatGPT maker") -------------
    def _appositions(self, s: Sentence, m: str) -> None:
        for rx in APPOSITION:
            for hit in rx.finditer(m):
                a, b = self._ent(hit.group("a")), self._ent(hit.group("b"))
                if not a or not b or a == b:
                    continue
                role = hit.group("role").lower()
                kind = "parent" if role in ("parent", "parent company", "owner") else "maker"
                self.makers[(b, kind)] = a
                if self._etype(a) == "Person":  # "Elon Musk, the owner of X": a holder, nobody's parent
                    if role == "owner":
                        self._hit(Hit("apposition", "OWNS_STAKE_IN", a, b, hit.span()), s, None)
                elif self._etype(b) in ("Product", "AIModel", "Dataset") or kind == "maker" or (
                        role == "owner" and self._etype(b) == "Platform"):  # "the owner of the WeChat app"
                    self._hit(Hit("apposition", "DEVELOPS", a, b, hit.span()), s, None)
                else:
                    self._hit(Hit("apposition", "SUBSIDIARY_OF", b, a, hit.span()), s, None)

    def _descriptors(self, s: Sentence, m: str) -> str:
        m = self._maker_lists(s, m)
        covered = [h.span() for rx in APPOSITION for h in rx.finditer(m)]
        out, pos = [], 0
        for d in DESCRIPTOR.finditer(m):
            if any(a <= d.start() < b or a < d.end() <= b for a, b in covered):
                continue
            b = self._ent(d.group("b") or d.group("b2"))
            role = (d.group("role") or d.group("role2")).lower()
            kind = "maker" if role in ("developer", "maker", "creator") else "parent"
            target = self.makers.get((b, kind)) if b else None
            if target is None and b and kind == "maker":
                maker = self.men.cat.maker_of(self.men.entities[b].name)
                if maker:
                    target = self._known_entity(maker)
                    self._hit(Hit("maker-descriptor", "DEVELOPS", target, b, d.span()), s, None)
            if target is None:
                continue
            out.append(m[pos:d.start()])
            out.append(self._add_mention(s.start, s.start, target))
            pos = d.end()
        out.append(m[pos:])
        return "".join(out)

    def _owned_products(self, m: str, prev: str = "") -> str:
        """A company's product named by description ("Lyft's ride-hailing app", "Waymo's autonomous
        technology") becomes an entity of its own, "Lyft ride-hailing app", which the frames can bind;
        the company makes it, said once the product takes part in a fact (`_extraction`)."""
        out, pos = [], 0
        for d in _OWNED_PRODUCT.finditer(m):
            if d.group("own2"):  # "its AI infrastructure platforms": whose "its" refers to
                owner = self._default("its-ref", m, d, exclude=set(), prev=prev)
            elif self._anaphor(d.group("own")):
                continue  # "the startup's chat technology": whose, the frames settle
            else:
                owner = self._ent(d.group("own"))
            if not owner or self._etype(owner) not in ("Company", "Platform"):  # the letters C and L above
                continue
            phrase = re.sub(r"\s*\([^)]*\)|^(?:new|upcoming|existing|growing|own)\s+", "", d.group("phrase")).strip()
            name = f"{self.men.entities[owner].name} {phrase}"
            etype = "Platform" if d.group("head").lower() in _PLATFORM_HEADS else "Product"
            key = normalize(name)
            named = normalize(name.rsplit(" ", 1)[0])  # "Meta's AI chatbot" is Meta AI, if the text names it
            if named != normalize(self.men.entities[owner].name) and named in self.men.entities:
                key = named
            elif key not in self.men.entities:
                self.men.entities[key] = LocalEntity(key, etype, known=Known(name, etype))
            self.owned[key] = owner
            if not d.group("head").endswith("s"):
                self.single.add(key)
            out += [m[pos:d.start()], self._add_mention(0, 0, key)]
            pos = d.end()
        return "".join(out + [m[pos:]])

    def _maker_lists(self, s: Sentence, m: str) -> str:
        out, pos = [], 0
        named = {x for t in _TOKEN.finditer(m) if not self._anaphor(t.group(0)) and (x := self._ent(t.group(0)))}
        for d in MAKER_OF_LIST.finditer(m):
            # "the company behind M&M's agreed to buy Kellanova": a description is never of a name in its own sentence
            a = self._ent(d.group("a"), named if self._anaphor(d.group("a")) else set())
            products = [x for t in _TOKEN.finditer(d.group("list")) if (x := self._ent(t.group(0)))]
            if not a or (len(products) < 2 and not self._anaphor(d.group("a"))):
                continue  # one product of a named maker: the apposition rules read it
            for b in products:
                if b != a:
                    self._hit(Hit("maker-of-list", "DEVELOPS", a, b, d.span()), s, None)
            out += [m[pos:d.start()], d.group("a")]
            pos = d.end()
        return "".join(out + [m[pos:]])

    # -- frames ----------------------------------------------------------------------------------------
    def _patterns(self, s: Sentence, m: str, prev: str, timeline: str | None) -> None:
        """The frames over the sentence, then over its core (`_core`, and a name's description after it
        dropped): what an inserted clause kept apart."""
        said: set[tuple[str, str, str | None]] = set()
        self._frames(s, m, prev, timeline, said)
        core = _SAME_AGAIN.sub(lambda t: t.group(1) if self._ent(t.group(1)) == self._ent(t.group(2)) else t.group(0),
                               _core(m))
        if core != m:
            self._frames(s, core, prev, timeline, said)
        products = self._owned_products(core, prev)
        if products != core:  # what a product named by description takes part in ("integrated into Lyft's app")
            self._frames(s, products, prev, timeline, said, only=set(self.owned))

    def _frames(self, s: Sentence, m: str, prev: str, timeline: str | None,
                said: set[tuple[str, str, str | None]], only: set[str] | None = None) -> None:
        found: set[tuple[str, str]] = set()
        pairs: set[frozenset] = set()
        for p in _trigger_index(PATTERNS).frames(m.lower()):  # each trigger looked for once, not per frame
            if p.requires is not None and not p.requires.search(m):
                continue
            if m.count("⟦") < 2 - bool(p.s_default) - bool(p.o_default):
                continue
            for hit in p.regex.finditer(m):
                if _conditional(m, hit.start()) or NEGATION.search(m[hit.start():hit.end()]):
                    continue
                if p.fallback and any(t == p.type for t, _ in found):
                    continue
                for h in self._bind(p, hit, m, prev):
                    if p.fallback and frozenset((h.subject, h.object)) in pairs:
                        continue  # the sentence already said what these two are to each other
                    if (h.type, h.subject, h.object) in said or (
                            only is not None and h.subject not in only and h.object not in only):
                        continue
                    said.add((h.type, h.subject, h.object))
                    found.add((h.type, h.subject))
                    pairs.add(frozenset((h.subject, h.object)))
                    # a possession or a title states no tense: "X will host Y's model" is Y's model now,
                    # "P will report to Helio president D" makes D president now
                    self._hit(h, s, timeline, m[hit.start():hit.end()] if p.possessive or p.nominal else m[:hit.end()])

    def _bind(self, p: Pattern, hit: re.Match, m: str, prev: str) -> list[Hit]:
        gd = hit.groupdict()
        cls = dict(p.classes)
        subject_first = not gd.get("o") or not gd.get("s") or hit.start("s") < hit.start("o")
        # an anaphor subject ("the design software maker agreed to buy Figma") is never the named object
        later = gd.get("s") and gd.get("o") and self._anaphor(gd["s"]) and not self._anaphor(gd["o"])
        named = self._expand(m, hit, "o", cls=cls.get("o", "")) if later else []
        subjects = self._expand(m, hit, "s", set(named), cls.get("s", "")) if gd.get("s") else []
        if p.possessive and subjects:  # "OpenAI, Meta and Alphabet's Google": only the last one owns it
            subjects = [x for x in [self._ent(hit.group("s"))] if x]
        if subjects and subject_first and gd.get("o"):
            between = m[hit.end("s"):hit.start("o")]
            appositive = _IN_APPOSITIVE.search(m[:hit.start("s")])
            if _SECOND_VERB.search(between):
                subjects = [x for x in [self._subject_of(m[:hit.start("s")]) or self._subject_of(m)] if x]
            elif _SHARED_SUBJECT.match(m, hit.end("s")) and (first := self._subject_of(m[:hit.start("s")])) \
                    and first not in subjects:
                subjects = [first]  # "Gilead buys a stake in Pionyr and holds an option": Gilead holds it
            elif appositive and not _PREPOSITION.search(m[:appositive.start()]):
                subjects = [x for x in [self._ent(appositive.group(1))] if x]
        its_referent = p.s_default and gd.get("s") and gd.get("o") and re.search(r"\bits\b", m[hit.end("s"):hit.start("o")])
        if subjects and subject_first and not p.possessive and not its_referent and m[hit.end("s"):hit.end("s") + 2] == "'s":
            # "SpaceX — xAI's parent — holds ...": the possessor is a modifier; the subject is the head before it
            head = re.search(r"(⟦\d+[A-Z]⟧)\s*[—–,(-]\s*(?:the\s+)?$", m[:hit.start("s")])
            subjects = [x for x in [self._ent(head.group(1))] if x] if head else []
        objects = self._expand(m, hit, "o", set(subjects), cls.get("o", ""), p.type == "DEVELOPS") if gd.get("o") else []
        # "will host Tandem's Orca 3 model", "partnered with Alphabet's Waymo": a slot ending the match names the
        # possessed one (a swapped voice ends on its subject slot)
        last = next((g for g in ("o", "s") if gd.get(g) and hit.end(g) == hit.end()), None)
        owned = _POSSESSED.match(m, hit.end()) if last else None
        if owned and owned.group(2) in (cls.get(last) or owned.group(2)) and (x := self._ent(owned.group(1))):
            if last == "o" and x not in subjects:
                objects = [x]
            elif last == "s" and x not in objects:
                subjects = [x]
        if not objects and p.o_default:
            o = self._default(p.o_default, m, hit, exclude=set(subjects), prev=prev)
            objects = [o] if o else []
        if not subjects and p.s_default:
            s = self._default(p.s_default, m, hit, exclude=set(objects), prev=prev)
            subjects = [s] if s else []
        pct = None
        if gd.get("pct"):
            pct = q.find_percent(gd["pct"])[0][0] if q.find_percent(gd["pct"]) else None
        out = []
        if p.pairwise:
            for i, a in enumerate(subjects):
                for b in subjects[i + 1:]:
                    if a != b:
                        out.append(Hit(p.rule, p.type, a, b, hit.span(), p.status))
            return out
        rtype = p.type
        if rtype == "CEO_OF":
            subjects = subjects[:1]  # "CEO Varun Mohan, co-founder Douglas Chen": the title is the first name's
        if rtype in _CONTROL and objects and _DESCRIBES.match(m, hit.end("o") if gd.get("o") else hit.end()):
            return []  # "purchase of the Roomba maker": the target is whoever makes it, not the product
        if rtype in _CONTROL and subjects and self._etype(subjects[0]) == "Government" and rtype != "OWNS_STAKE_IN":
            return []  # "X gained FTC clearance to acquire Y": the regulator clears, it does not buy
        if (rtype in _CONTROL or rtype == "HOLDS_OPTION_TO_ACQUIRE") and gd.get("o") and _SECURITIES.match(m, hit.end("o")) \
                and rtype != "OWNS_STAKE_IN":
            return []  # "would buy Intel's common stock": shares bought, not the company
        if gd.get("o") and hit.end("o") == hit.end() and rtype in ("DEPLOYS_ON", "DEVELOPS", "TRAINED_ON") \
                and _DEAL_NOUN_AFTER.match(m, hit.end("o")):
            return []  # "access to ChatGPT through the OpenAI partnership": OpenAI names the deal
        if rtype == "SUBSIDIARY_OF" and objects and self._etype(objects[0]) == "Government":
            return []  # a regulator is nobody's parent company ("The DOT gave its consent to ... its subsidiary")
        if gd.get("o") and hit.end("o") == hit.end() and _HYPHENATED.match(m, hit.end("o")):
            return []  # "its Globex-powered chatbot": Globex modifies what the frame is about
        if p.bare_role and not _BEFORE_ROLE.search(m[:hit.start()]):
            return []  # "x chief executive linda yaccarino": an unrecognised name owns the title
        if p.rule == "deal-with-to-use" and subjects and objects and self._ai_maker(subjects[0]) \
                and not self._ai_maker(objects[0]):  # "The FT struck a deal with OpenAI to train models on ..."
            subjects, objects = objects, subjects
        if objects and ((rtype == "DEVELOPS" and gd.get("o") and _UNIT_AFTER.match(m, hit.end("o")))
                        or (p.rule == "possessive" and self._organisation(objects[0]))):
            # "its Azure cloud unit", "General Motors' Cruise": a unit of its owner, not a product
            return [Hit(p.rule, "SUBSIDIARY_OF", b, a, hit.span()) for a in subjects for b in objects if a != b]
        status = p.pending_status if p.pending_status and _AGREED.search(m[:hit.end()]) else p.status
        if p.pending_type and _MODAL_PENDING.search(m[:hit.end()]):
            rtype, status = p.pending_type, "pending"
        for a in subjects:
            for b in objects:
                if a and b and a != b:
                    out.append(Hit(p.rule, rtype, a, b, hit.span(), status, pct))
        return out

    def _ai_maker(self, key: str) -> bool:
        """Known to make models or AI products (the catalogue), or said in this article to make a model."""
        ent = self.men.entities[key]
        return normalize(ent.known.name if ent.known else key) in self.men.cat.ai_makers or any(
            maker == key and self._etype(made) == "AIModel" for (made, kind), maker in self.makers.items())

    def _organisation(self, key: str) -> bool:
        """An entity the text treats as an organisation, not as a product typed Company for want of a cue:
        known, with a corporate suffix, or with evidence of its own ("General Motors' Cruise", "its division")."""
        ent = self.men.entities[key]
        return ent.type in ("Company", "Other", "Government") and bool(
            ent.known or lexicon().org_suffix(ent.name) or ent.votes.get("Company", 0) >= 3)

    def _anaphor(self, token: str) -> bool:
        return self.mentions[int(_TOKEN.match(token).group(1))].entity is None

    def _expand(self, m: str, hit: re.Match, group: str, exclude: set[str] = frozenset(), cls: str = "",
                made: bool = False) -> list[str]:
        """The slot's entity plus entities coordinated with it ("Oracle, Silver Lake and MGX")."""
        token = hit.group(group)
        if "respectively" in m:  # "A and B, the chiefs of X and Y, respectively": frames pair them one by one
            e = self._ent(token, exclude)
            return [e] if e else []
        letter = token[-2]
        tokens = [token]
        if group == "s":
            # backwards only through a real list: "A, B and C <verb>" or "A, B, and C <verb>", never "Headed by D,
            # C <verb>" nor "... on D, and C <verb>" (a comma before "and" lists only when another comma does)
            before, joiner = m[:hit.start(group)], r"\s*(,?)\s+(?:and|&|\+)\s+(?:the\s+(?:[a-z][\w-]*\s+){0,3})?$"
            oxford = False
            while True:
                b = re.search(r"(⟦\d+([A-Z])⟧)" + joiner, before)
                if not b or b.group(2) not in (cls or b.group(2)) or (b.group(2) == "P") != (letter == "P") \
                        or _SET_APART.search(before[:b.start()]):
                    break
                if b.lastindex and b.lastindex >= 3 and b.group(3):
                    oxford = True
                tokens.insert(0, b.group(1))
                before, joiner = before[:b.start()], r"\s*,\s*(?:the\s+)?$"
            if oxford and len(tokens) == 2:
                tokens = tokens[1:]
        pos = hit.end(group)
        other = "o" if group == "s" else "s"
        stop = hit.start(other) if hit.groupdict().get(other) and hit.start(other) > pos else len(m)
        while True:
            f = re.match(r"(?:'s)?(?:\s*\([^()]{1,80}\))?(?:\s+\w[\w-]*){0,2}?\s*(?:,\s*(?:and\s+|or\s+|as\s+well\s+as\s+)?|\s+and\s+|\s+or\s+|\s+as\s+well\s+as\s+|\s*[+&/]\s*)(?:(?:(?<=and )|(?<=or ))(?:to|on|into)\s+(?:the\s+|its\s+|their\s+)?|"
                         r"(?:the\s+|its\s+|their\s+|co-?founder\s+|fellow\s+|rival\s+)?" + _LIST_DESC + r")(⟦\d+([A-Z])⟧)", m[pos:])
            if not f or pos + f.start(1) >= stop or f.group(2) not in (cls or f.group(2)) \
                    or (f.group(2) != letter and (letter in "PG" or f.group(2) in "PG")) \
                    or (m[pos + f.end():pos + f.end() + 2] == "'s" and (made or self._anaphor(f.group(1))
                                                                         or _WORDS_BEFORE_JOINER.match(m, pos))) \
                    or _MODIFIER.match(m, pos + f.end()) or _OWN_MAKER.match(m, pos + f.end()) \
                    or ("," in m[pos:pos + f.start(1)]
                                                              and _NEW_CLAUSE.match(m, pos + f.end())):
                break  # "Siri and the company's writing tools", "Trainium and Nvidia's GPUs": not a party
            tokens.append(f.group(1))
            pos += f.end()
        out: list[str] = []
        for t in tokens:
            if t != token and self._anaphor(t):  # "Informatica, the data company": the same one, or nobody
                e = self._ent(t)
                e = None if e in out or e in exclude else e
            else:
                e = self._ent(t, set(out) | exclude)
            if e and e not in out:
                out.append(e)
        return out

    def _default(self, how: str, m: str, hit: re.Match, exclude: set[str], prev: str = "") -> str | None:
        if how == "salient-model":
            e = self.men.salient("AIModel") or self.men.salient("Product")
        elif how == "salient-company":
            ranked = sorted(((n, k) for k, n in self.men.frequency.items()
                             if k in self.men.entities and self._etype(k) == "Company" and k not in exclude), reverse=True)
            e = ranked[0][1] if ranked else None
        elif how == "sentence-subject":
            e = self._subject_of(m[:hit.start()]) or self._speaker_org(m, hit.start()) or self._subject_of(m)
        elif how == "speaker":  # "“... in partnership with X ...”": said by the company the article is about
            e = self._subject_of(m[:hit.start()]) or self._speaker_org(m, hit.start()) or \
                self._subject_of(m) or self.men.salient("Company")
        elif how == "prev-subject":
            e = self._subject_of(prev)
        elif how in ("prev-share", "share-of"):
            share = _SHARE_OF.search(m[:hit.start()]) or _SHARE_OF.search(prev)
            e = (share and self._ent(share.group(1) or share.group(2))) or (
                self._subject_of(prev) if how == "prev-share" else None)
        elif how == "other-org" or how == "sentence-first":
            e = next((x for t in _TOKEN.finditer(m) if (x := self._ent(t.group(0), exclude))
                      and (how == "sentence-first" or self._etype(x) in ("Company", "Other"))), None)
        elif how == "lead-org":  # the company the article leads with: the subject of its first sentence
            e = self._lead_org(exclude) or self.men.salient("Company")
        elif how == "sentence-org":
            e = next((x for t in _TOKEN.finditer(m) if t.group(2) in "CO" and (x := self._ent(t.group(0), exclude))),
                     None) or self.men.salient("Company")
        elif how == "recent-org":  # "according to Amazon's announcement": a possessor is no candidate
            e = next((x for t in reversed(list(_TOKEN.finditer(m[:hit.start()]))) if t.group(2) in "CO"
                      and m[t.end():t.end() + 2] != "'s" and (x := self._ent(t.group(0), exclude))), None)
        elif how == "deal-target":
            e = self.deal[1] if self.deal else None
        elif how == "deal-buyer":
            e = self.deal[0] if self.deal else None
        elif how == "funded":
            e = self.funded or self.men.salient("Company")
        elif how == "raiser":  # "Adept, which had raised $415m from investors including X": the sentence's subject
            raised = re.search(r"\b(?:rais|secur)\w+", m[:hit.start()])
            e = (raised and self._subject_of(m[:raised.start()])) or self.funded or self.men.salient("Company")
        elif how == "its-ref":  # "its chief executive, P": the company the sentence, or the one before, is about
            before = m[:hit.start()]
            rel = _RELATIVE_ITS.search(before)  # "X, which will supply its vans": X's vans
            clause = before[max((c.end() for c in _CLAUSE_BREAK.finditer(before)), default=0):]
            e = (rel and self._ent(rel.group(1))) or self._subject_of(clause) or self._subject_of(before) or \
                self._last_org(before) or self._last_org(before, possessor=True) or self._subject_of(prev)
            if e and _TAKES_ITS.search(before) and (other := self._last_org(before, skip=e)):
                e = other  # "Nvidia will license Groq's technology and hire its CEO": Groq's, not Nvidia's
            source = _SOURCE.search(before) if e else None
            if source and self._ent(source.group(1)) == e:
                # "The Verge reported on Friday X's head, P, has been appointed its CEO": not the source
                e = self._last_org(before, possessor=True, skip=e) or e
        else:
            raise ValueError(how)
        return e if e not in exclude else None

    def _topic_of(self, m: str) -> str | None:
        """What a sentence is about, for an "it" opening the next one: its subject, or the company whose
        possession opens it ("xAI's Telegram tie-up marks ...")."""
        lead = _CLAUSE_OPENING.match(m)
        return self._subject_of(m, "CGODM") or (self._ent(lead.group(1)) if lead and lead.group(2) in "CGOLDM" else None)

    def _speaker_org(self, m: str, pos: int) -> str | None:
        """Inside a quotation, "we" and "this partnership" are the speaker's company: the organisation named
        where the quote is attributed (“... this partnership with X ...,” Acme COO Dana Whitfield said)."""
        opened = max(m.rfind("“", 0, pos), m.rfind('"', 0, pos))
        if opened < 0:
            return None
        closed = m.find("”", pos)
        if closed < 0:
            closed = m.find('"', pos)
        if closed < 0:
            return None
        attribution = m[closed + 1:closed + 121]
        if not re.search(r"\b(?:said|says|told|added|stated|wrote)\b", attribution):
            return None
        for t in _TOKEN.finditer(attribution):
            if t.group(2) in "CGOL" and (x := self._ent(t.group(0))):
                return x
        return None

    def _lead_org(self, exclude: set[str]) -> str | None:
        for s in self.art.sentences[:3]:
            lead = self._subject_of(self._mask(s))
            if lead and lead not in exclude and self._etype(lead) in ("Company", "Other"):
                return lead
        return None

    def _last_org(self, m: str, possessor: bool = False, skip: str | None = None) -> str | None:
        """The organisation named last before a point of the sentence: what "its" most often refers to; a
        possessor ("Nvidia's decision to drop its Arm deal") only when asked."""
        for t in reversed(list(_TOKEN.finditer(m))):
            if _ACCORDING_TO.search(m, max(0, t.start() - 20), t.start()):
                continue  # "According to Reuters, ... its deal": a source is not what "its" means
            if t.group(2) in "CGOL" and (possessor or m[t.end():t.end() + 2] != "'s") and (x := self._ent(t.group(0))) \
                    and x != skip:
                return x
        return None

    def _subject_of(self, m: str, letters: str = "CGO") -> str | None:
        """The grammatical subject, roughly: the first organisation (or entity of `letters`) followed by a verb,
        not after a preposition; or the one that opens the clause ("Helio grew in Europe, while ...")."""
        lead = _CLAUSE_OPENING.match(m)
        if lead and lead.group(2) in letters + "L" and m[lead.end():lead.end() + 2] != "'s" and \
                re.match(r"\s+(?:[a-z]+ly\s+)?[a-z]+\b", m[lead.end():]):
            return self._ent(lead.group(1))
        for t in _TOKEN.finditer(m):
            if t.group(2) not in letters:
                continue
            if _PREPOSITION.search(m[:t.start()]) or m[t.end():t.end() + 2] == "'s":
                continue
            if _SUBJECT_VERB.match(m[t.end():]):
                return self._ent(t.group(0))
        return None

    # -- rules beyond single frames --------------------------------------------------------------------
    def _trained_on(self, s: Sentence, m: str, timeline: str | None) -> None:
        tw = TRAIN_WORD.search(m)
        if not tw or _conditional(m, tw.start()):
            return
        for d in DATA_FROM.finditer(m):
            o = self._ent(d.group("o") or d.group("o2"))
            if not o or self._etype(o) == "AIModel":
                continue
            models = [(abs(t.start() - tw.start()), x) for t in _TOKEN.finditer(m)
                      if t.group(2) == "M" and (x := self._ent(t.group(0), {o}))]
            # no model named: the article's model, when the sentence speaks of one ("the model", "it"), not of
            # models in general ("to train future models")
            subject = min(models)[1] if models else (
                self.men.salient("AIModel") if not _GENERIC_MODELS.search(m) else None)
            if subject and subject != o:
                self._hit(Hit("trained-on", "TRAINED_ON", subject, o, d.span()), s, timeline, m)
            return

    def _named_after_maker(self, sentences: list[Sentence]) -> None:
        """A product named after a company the article names is that company's: "Lucid Gravity", "NFL+",
        "Perplexity Pro". Quoted where the product is first named. Catalogue products are left to the
        catalogue's maker, which counts only when the text names both together; a company's own longer name
        ("Acme US", "Acme Inc") is no product, and neither is a name of no known kind ("Hyundai Mobis" is a
        company, "Apple Park" a place)."""
        ents, alias = self.men.entities, self.men.alias
        first: dict[str, Mention] = {}
        for m in self.men.mentions:
            if m.entity is not None:
                first.setdefault(m.entity, m)

        def maker(name: str) -> str | None:
            k = alias.get(name)
            e = ents.get(k) if k else None
            if e is None or e.type != "Company" or not (e.known or self.men.frequency[k] >= 2 or e.votes.get("Company", 0) >= 2):
                return None
            return k

        for key, ent in list(ents.items()):
            if ent.type not in ("Product", "AIModel", "Platform") or key not in first or ent.known is not None \
                    or ent.name.isupper():
                continue
            words = key.split()
            for n in range(len(words) - 1, 0, -1):
                rest = words[n:]
                k = maker(" ".join(words[:n]))
                if k is None or k == key:
                    continue
                if all(lexicon().org_suffix(w) or normalize(w) in lexicon().places for w in rest):
                    break  # "T-Mobile US" is T-Mobile
                m = first[key]
                s = next((x for x in sentences if x.start <= m.start < x.end), None)
                if s is not None:
                    self._hit(Hit("name-prefix", "DEVELOPS", k, key, (0, 0)), s, None)
                break

    def _makers_in_sentence(self, s: Sentence, m: str) -> None:
        present = {x for t in _TOKEN.finditer(m) if (x := self._ent(t.group(0)))}
        for x in present:
            known = self.men.entities[x].known
            if self._etype(x) != "AIModel" or (known is not None and known.family):
                continue  # a bare family name ("Grok") is not a model
            maker = self.men.cat.maker_of(self.men.entities[x].name)
            if maker and normalize(maker) in present and normalize(maker) != x:
                self._hit(Hit("maker-in-sentence", "DEVELOPS", normalize(maker), x, (0, len(m))), s, None)

    def _regulators(self, s: Sentence, m: str, timeline: str | None) -> None:
        regs = [x for t in _TOKEN.finditer(m) if t.group(2) == "G" and (x := self._ent(t.group(0)))]
        verb = REGULATOR_VERB.search(m)
        if not regs or not verb or _conditional(m, verb.start()):
            return
        here = [x for t in _TOKEN.finditer(m) if t.group(2) != "G" and (x := self._ent(t.group(0)))]
        # one party per statement: gold-style "either side of the deal" is one fact, not two
        in_deal = [x for x in here if x in self.parties]
        target = [x for x in in_deal if self.deal and x == self.deal[1]]
        # without a deal in view, the company the regulator acts on ("ordered Cruise to ...", "an investigation
        # into ... at Cruise"): the first company named after the regulator's verb, else before it
        acted = [x for t in _TOKEN.finditer(m) if t.group(2) in "CO" and (x := self._ent(t.group(0)))
                 and self._etype(x) in ("Company", "Other")]
        after = [x for t in _TOKEN.finditer(m, verb.start()) if t.group(2) in "CO" and (x := self._ent(t.group(0)))
                 and self._etype(x) in ("Company", "Other")]
        objects = (target or in_deal or ([self.deal[1]] if self.deal else []) or after or acted)[:1]
        status = "completed" if REGULATOR_DONE.search(m) else "pending"
        for g in dict.fromkeys(regs):
            for o in dict.fromkeys(objects):
                before = self.reviewed.get(g)
                if before and self.deal and before in self.deal and o in self.deal:
                    o = before  # one regulator, one deal: keep the side it was first said to review
                self.reviewed.setdefault(g, o)
                if o != g:
                    self._hit(Hit("regulator", "REGULATOR_REVIEWED", g, o, verb.span(), status), s, timeline, m)

    def _events(self, s: Sentence, m: str, timeline: str | None) -> None:
        for etype, status, rx, letters in EVENTS:
            e = rx.search(m)
            if not e or _conditional(m, e.start()) or NEGATION.search(m[max(0, e.start() - 12):e.end()]) \
                    or INTENT.search(m[max(0, e.start() - 40):e.start()]):
                continue
            toks = [(t.start(), x) for t in _TOKEN.finditer(m) if t.group(2) in letters and (x := self._ent(t.group(0)))
                    and self._etype(x) != "Government"]
            before = [x for pos, x in toks if pos < e.start()]
            after = [x for pos, x in toks if pos >= e.start()]
            kinds = set(_SCHEMA.event_types[etype].entity)
            if kinds == {"Person"}:  # who left: the first person named
                subject = toks[0][1] if toks else None
            elif not kinds & {"*", "Company", "Person"}:  # a model's training or release: the nearest model
                models = [x for x in before[::-1] + after if self._etype(x) in ("AIModel", "Product")]
                subject = models[0] if models else self.men.salient("AIModel")
            elif etype == "FUNDING_ROUND" and (r := _ROUND_FOR.search(m)) and (x := self._ent(r.group(1) or r.group(2))):
                subject = x  # "X led the Series C round in Y": Y raised it
            else:
                subject = (before[-1] if before else (after[0] if after else None))
            if subject is None:
                continue
            if etype == "IPO" and re.search(r"\b(?:went|became|completed|debuted)\b", m):
                status = "completed"
            hit = Hit(etype.lower(), etype, subject, None, e.span(), status, at=self._in_text(m, e.start(), s))
            self._hit(hit, s, timeline, m[:e.end()])

    # -- claims ----------------------------------------------------------------------------------------
    def _hit(self, h: Hit, s: Sentence, timeline: str | None, clause: str = "") -> None:
        if h.type in _CONTROL and h.object:
            self.parties.update((h.subject, h.object))
            rank = _DEAL_RANK.get(h.type)
            if rank is not None and rank < self.deal_rank:  # the lead deal stays the deal
                self.deal, self.deal_rank = (h.subject, h.object), rank
        if h.type == "FUNDING_ROUND":
            self.funded = h.subject
        if clause and h.status in (None, "completed") and _FUTURE.search(clause):
            h.status = "pending" if h.type in _CONTROL else "expected"  # "will join", "is set to invest"
        if h.type in _CONTROL and clause and q.TERMINATED.search(clause):
            h.status = "terminated"  # "is terminating his deal to buy Twitter": the deal, now off
        self.hits.append((h, s, timeline))

    def _date(self, h: Hit, s: Sentence, timeline: str | None) -> q.When | None:
        if h.type == "FOUNDED" and (f := _FOUNDED_IN.search(s.text)):
            return q.When(f.group(1), f.group(0), f.start(1), f.end(1))
        if (h.type in _UNDATED and not (h.type in _ROLES and _APPOINTED.search(s.text))) or (
                h.type == "AGREED_TO_ACQUIRE" and h.status == "terminated"):
            return None  # "xAI said Grok finished training on May 25" dates the training, not who makes Grok
        if s.start not in self._dates:
            self._dates[s.start] = [w for w in q.find_dates(s.text, self.ctx) if w.date]
        ws = self._dates[s.start]
        if h.type in _AGREEMENTS:
            ws = [w for w in ws if not _CLOSE_DATE.search(s.text[:w.start])]
        # "signed off on Friday, more than a year after the lenders unveiled it in February 2024": the date in the
        # after-clause is of another event
        ws = [w for w in ws if not _OTHER_EVENT.search(s.text[:w.start])] or ws
        # "access to its archives since 1983": the start of what is covered, not of the deal
        ws = [w for w in ws if not re.match(r"since\b", w.text, re.I) and not re.search(r"\bsince\s+$", s.text[:w.start])] or \
            ([] if self._announced and h.type in _ANNOUNCED else ws)
        if ws and h.at is not None:  # "went public in 2019 and has cut 300 jobs this year": the event's own clause
            lo, hi = q.clause_span(s.text, h.at, h.at)
            return min(ws, key=lambda w: (not lo <= w.start < hi, w.rank, abs(w.start - h.at)))
        if ws:
            return min(ws, key=lambda w: (w.rank, w.start))
        if timeline:
            return q.When(timeline, timeline, 0, 0)
        if (h.type in _ANNOUNCED and h.status != "terminated") or h.type in _ENDS:
            return self._announced  # "announced by the companies on Friday", said in another sentence
        return None

    def _announcement(self) -> q.When | None:
        """The day news of the deal broke: a day-precise date, within a week before publication, in a
        sentence that announces, confirms or states something."""
        pub = self.ctx.pub_day
        if pub is None:
            return None
        for s in self.art.sentences:
            if not _ANNOUNCE.search(s.text):
                continue
            for w in q.find_dates(s.text, self.ctx):
                if w.date and len(w.date) == 10 and 0 <= (pub - dt.date.fromisoformat(w.date)).days <= 7 \
                        and not _REPORT_FROM.search(s.text[:w.start]):  # "confirmed a report from Sunday"
                    return w
        return None

    def _with_owners(self, hits: list) -> list:
        """The hits, each followed by "the company makes it" for a product named by description that
        takes part in it ("integrated into Lyft's ride-hailing app": Lyft makes that app)."""
        out = []
        # "equipped with Waymo's autonomous technology": the technology is deployed, not Waymo
        # (one product, not "its messaging apps", which may stand for the company)
        said_of_product = {(h.type, self.owned.get(h.subject, h.subject), self.owned.get(h.object, h.object), s.start)
                           for h, s, _ in hits if h.type in _OF_PRODUCTS and (h.subject in self.single or h.object in self.single)}
        for h, s, timeline in hits:
            if h.type in _OF_PRODUCTS and (h.type, h.subject, h.object, s.start) in said_of_product:
                continue
            if h.type not in _OF_PRODUCTS and (h.subject in self.owned or h.object in self.owned):
                # "licenses Groq's inference technology", "takes control of Discover's network": the company's
                h = dataclasses.replace(h, subject=self.owned.get(h.subject, h.subject),
                                        object=self.owned.get(h.object, h.object))
                if h.subject != h.object:
                    out.append((h, s, timeline))
                continue
            out.append((h, s, timeline))
            for end in (h.subject, h.object):
                owner = self.owned.get(end)
                if owner and owner not in (h.subject, h.object):
                    out.append((Hit("owned-product", "DEVELOPS", owner, end, h.span), s, None))
        return out

    def _extraction(self) -> Extraction:
        makers = {h.object: h.subject for h, _, _ in self.hits if h.type == "DEVELOPS"
                  and self._etype(h.object) in ("Product", "AIModel")}
        claims, seen, used, warnings = [], set(), set(), []
        # "X's general counsel P is to become interim CEO": the title says it all, the job is not a second fact
        chiefs = {(h.subject, h.object, s.start) for h, s, _ in self.hits if h.type == "CEO_OF"}
        for h, s, timeline in self._with_owners(self.hits):
            if h.type == "EMPLOYED_BY" and (h.subject, h.object, s.start) in chiefs:
                continue
            obj = h.object
            if h.type in _CONTROL and obj in makers and makers[obj] != h.subject:
                obj = makers[obj]  # a deal for a product is a deal for the company that makes it
            key = (h.type, h.subject, obj, s.start)
            if key in seen:
                continue
            if len(claims) == MAX_CLAIMS:
                warnings.append(f"more than {MAX_CLAIMS:,} relations and events; kept the first "
                                f"{MAX_CLAIMS:,} (split the file to keep the rest)")
                break
            seen.add(key)
            when = self._date(h, s, timeline)
            if s.start not in self._money:
                self._money[s.start] = (q.find_money(s.text), _TERMS.search(s.text))
            money = self._money[s.start][0] if h.type in _MONEY_TYPES else []
            if len(money) > 1:  # "X poured $10bn into Y, while Z invested $2bn in W": the amount nearest the party
                at = self._named_at(obj or h.subject, s)
                if at is not None:
                    money = sorted(money, key=lambda x: abs(x.start - at))
            terms = self._money[s.start][1] if h.type in _CONTROL else None
            claims.append(Claim(
                type=h.type, subject=h.subject, object=obj,
                date=when.date if when else None, date_from=when.date_from if when else None,
                date_to=when.date_to if when else None, date_text=when.text if when and when.text else None,
                status=h.status,
                amount={"value": money[0].value, "currency": money[0].currency, "text": money[0].text} if money else None,
                percent=h.percent,
                attributes={"terms": terms.group(1).lower()} if terms else {},
                source=self._source(h.rule, s, (h.subject, obj))))
            used.update(x for x in (h.subject, obj) if x)
        # every entity the text names is kept with where it is named, related or not
        spans: dict[str, list[tuple[int, int]]] = {}
        named = [m for m in self.men.mentions if m.entity is not None and m.entity in self.men.entities]
        if len(named) > MAX_MENTIONS:
            warnings.append(f"{len(named):,} mentions of names; stored the first {MAX_MENTIONS:,}")
            named = named[:MAX_MENTIONS]
        for m in named:
            spans.setdefault(m.entity, []).append((m.start, m.end))
        used |= set(spans)
        ids = self._ids(used)
        for c in claims:
            c.subject = ids[c.subject]
            c.object = ids[c.object] if c.object else None
        entities = []
        for key in sorted(used, key=lambda k: ids[k]):
            ent = self.men.entities[key]
            name = ent.name
            aliases = sorted({a for a in ent.surfaces if a != name and normalize(a) != normalize(name)}
                             | ({a for a in ent.surfaces if a != name} if ent.known else set())
                             | {p for p in ent.head_aliases() if normalize(p) != normalize(name)})
            entities.append(Entity(name=name, type=ent.type, aliases=aliases, id=ids[key], mentions=spans.get(key, [])))
        return Extraction(document=self.doc, entities=entities, claims=claims, stats=self._stats(claims),
                          warnings=warnings)

    def _stats(self, claims: list[Claim]) -> dict:
        """What the extractor saw, for `ingest -v`: why a document gave few facts."""
        pairs = 0
        for s in self.art.sentences:
            lo, hi = bisect_left(self._starts, s.start), bisect_left(self._starts, s.end)
            n = len({m.entity for m in self.mentions[lo:hi] if m.entity})
            pairs += n * (n - 1) // 2
        rules = Counter(c.source.rule.split(":", 1)[-1] for c in claims if c.source)
        return {"words": len(self.art.text[self.art.body_start:].split()), "sentences": len(self.art.sentences),
                "mentions": sum(m.entity is not None for m in self.men.mentions), "entities": len(self.men.entities),
                "pairs": pairs, "relations": sum(c.object is not None for c in claims),
                "events": sum(c.object is None for c in claims), "frames": dict(rules.most_common())}

    def _source(self, rule: str, s: Sentence, parties: tuple[str | None, ...]) -> Source:
        """The quote is the sentence; in an overlong one (a list of thousands of names), the stretch around the
        parties' mentions, so no fact carries kilobytes of text and the store grows with the input."""
        a, b = s.start, s.end
        if b - a > MAX_QUOTE:
            if a not in self._named:
                named: dict[str, list[Mention]] = {}
                for m in self.mentions[bisect_left(self._starts, a):bisect_left(self._starts, b)]:
                    named.setdefault(m.entity, []).append(m)
                self._named[a] = named
            near = [m for p in parties if p for m in self._named[a].get(p, [])]
            lo = min((m.start for m in near), default=a)
            hi = max((m.end for m in near), default=a)
            if hi - lo > MAX_QUOTE:  # the parties far apart (an item deep in a list): the later one's surroundings
                lo = hi - MAX_QUOTE // 2
            lo, hi = max(a, lo - QUOTE_MARGIN), min(b, hi + QUOTE_MARGIN)
            while lo > a and not self.art.text[lo - 1].isspace():
                lo -= 1
            while hi < b and not self.art.text[hi].isspace():
                hi += 1
            a, b = lo, hi
        return Source(document=self.doc.id, quote=self.art.text[a:b], start=a, end=b, rule=f"article:{rule}")

    def _in_text(self, m: str, pos: int, s: Sentence) -> int:
        """A position of the masked sentence in the sentence's own text, about: the text between two names is
        the same in both, so it is counted from the end of the last name before it."""
        last = None
        for t in _TOKEN.finditer(m, 0, pos):
            last = t
        if last is None:
            return pos
        return self.mentions[int(last.group(1))].end - s.start + (pos - last.end())

    def _named_at(self, key: str, s: Sentence) -> int | None:
        """Where in the sentence an entity is named (its first mention there), relative to the sentence."""
        lo, hi = bisect_left(self._starts, s.start), bisect_left(self._starts, s.end)
        return next((m.start - s.start for m in self.mentions[lo:hi] if m.entity == key or key in m.cands[:1]), None)

    def _ids(self, keys: set[str]) -> dict[str, str]:
        ids: dict[str, str] = {}
        taken: set[str] = set()
        for k in sorted(keys):
            base = slugify(self.men.entities[k].name)
            i, n = base, 2
            while i in taken:
                i, n = f"{base}-{n}", n + 1
            taken.add(i)
            ids[k] = i
        return ids
