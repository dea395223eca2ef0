"""Extraction frames and the lexicon as data: data/frames.yaml and data/lexicon.yaml, loaded,
validated and compiled once per process.

A frame is reviewed as a unit (type, triggers, pattern, slots, status, examples and near-misses
side by side) and a typo in one must stop the loader at start-up with the frame's name, never
leave a frame that silently cannot match. Patterns are regular expressions over masked sentences
(every entity mention is a token such as ⟦12C⟧; see relations.py); `{s:CLASS}`/`{o:CLASS}` are
the subject and object slots, `{name}` a macro from frames.yaml or a word list from lexicon.yaml,
and a frame written as `verbs:`/`nouns:` + `voices:` is expanded from the voice templates with
the verbs inflected (regular rules plus the lexicon's irregular verbs). docs/extraction.md
describes both formats.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..exc import FrameError
from ..graph import schema as schema_mod
from . import datafile
from .entities import TYPE_LETTER

DATA = Path(__file__).with_name("data")
FRAMES = DATA / "frames.yaml"
LEXICON = DATA / "lexicon.yaml"
SLOTS = ("s", "o")  # subject, object: what `article._bind` reads
GROUPS = SLOTS + ("pct",)  # named groups a frame may define (pct: through the {pct} macro)
_MODIFIER_AFTER = r"(?!-(?:owned|backed|based|led|controlled|maker|developer|creator)\b)"
_REF = re.compile(r"\{([a-z_]\w*)(?::([A-Za-z_]\w*))?\}")  # {name} or {slot:CLASS}; never {0,3}

# How an empty slot is filled (article._Extractor._default implements each).
STRATEGIES = {
    "salient-model": "the article's most mentioned model, else product",
    "salient-company": "the article's most mentioned company",
    "sentence-subject": "the subject of the clause before the match, else of the sentence",
    "speaker": "the clause's subject, else the company a quotation is attributed to, else the article's main company",
    "prev-subject": "the subject of the sentence before",
    "prev-share": "the company the clause before, else the sentence before, gives a share of ('80% of X', 'X is 80% "
                  "owned'), else the subject of the sentence before",
    "share-of": "the company the clause before, else the sentence before, gives a share of; nobody otherwise",
    "other-org": "the sentence's first company or other organisation",
    "sentence-first": "the sentence's first entity",
    "sentence-org": "the sentence's first company, else the article's most mentioned company",
    "lead-org": "the subject of the article's first sentences (the company it leads with), else its most mentioned",
    "recent-org": "the last company before the match, not counting possessors ('Amazon's announcement')",
    "deal-target": "the target of the article's lead deal",
    "deal-buyer": "the buyer of the article's lead deal",
    "funded": "the company a funding round in the article is for",
    "raiser": "who raised the money the sentence speaks of",
    "its-ref": "what 'its' refers to: the clause's subject, else the sentence before's",
}
# Named groups each non-frame rule must define: article.py reads them by name.
RULE_GROUPS = {
    "apposition": {"a", "b", "role"}, "descriptor": {"b", "role", "b2", "role2"}, "maker_of_list": {"a", "list"},
    "train_word": set(), "data_from": {"o", "o2"}, "regulator_verb": set(), "regulator_done": set(),
    "intent": set(), "conditional": set(), "negation": set(),
}
FORMS = ("base", "s", "past", "participle", "ing")
FRAME_KEYS = {"id", "type", "doc", "status", "pending_type", "pending_status", "nominal", "triggers", "pattern", "verbs", "nouns", "voices", "prep",
              "noun_prep", "swap", "bare_role",
              "subject", "object", "subject_default", "object_default", "requires", "pairwise", "fallback",
              "examples", "near_misses"}
EVENT_KEYS = {"id", "type", "doc", "status", "pattern", "examples", "near_misses"}
RULE_KEYS = {"doc", "pattern", "patterns", "examples", "near_misses"}


def _read(path: Path) -> dict:
    try:
        data = datafile.read(path)
    except (OSError, yaml.YAMLError) as exc:
        raise FrameError(f"{path.name}: cannot read: {' '.join(str(exc).split())}") from None
    if not isinstance(data, dict):
        raise FrameError(f"{path.name}: must be a mapping of sections")
    return data


# -- lexicon --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Lexicon:
    """Word lists (each a tuple of regex alternatives, mostly plain words) and irregular verbs."""

    lists: dict[str, tuple[str, ...]]
    irregular: dict[str, dict[str, str]]
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict)  # phrases each list must catch (tests run them)

    def words(self, name: str) -> tuple[str, ...]:
        if name not in self.lists:
            raise FrameError(f"lexicon.yaml: no list {name!r}; choose from {', '.join(sorted(self.lists))}")
        return self.lists[name]

    def group(self, name: str) -> str:
        """The list as one regex group, its entries tried in the order written: (?:a|b|c)."""
        return "(?:" + "|".join(self.words(name)) + ")"

    def regex(self, name: str, before: str = r"\b", after: str = r"\b", flags: int = re.I) -> re.Pattern:
        return re.compile(before + self.group(name) + after, flags)

    def inflect(self, verb: str) -> dict[str, str]:
        """base, s, past, participle and ing forms of a verb or phrasal verb ("take over")."""
        head, sep, rest = verb.partition(" ")
        forms = _regular(head)
        forms.update(self.irregular.get(head, {}))
        return {k: v + sep + rest for k, v in forms.items()}


_VOWELS = "aeiou"


def _regular(v: str) -> dict[str, str]:
    """English regular inflection; a one-syllable verb ending consonant-vowel-consonant doubles its
    last letter (scrap -> scrapped). Longer verbs that double (commit) go in the irregular table."""
    syllables = len(re.findall(r"[aeiouy]+", v[1:])) + (v[:1] in _VOWELS)
    cvc = len(v) >= 3 and v[-3] not in _VOWELS and v[-2] in _VOWELS and v[-1] not in _VOWELS + "wxy"
    stem = v + v[-1] if cvc and syllables == 1 else v
    if v.endswith(("s", "x", "z", "ch", "sh", "o")):
        s = v + "es"
    elif v.endswith("y") and v[-2:-1] not in _VOWELS:
        s = v[:-1] + "ies"
    else:
        s = v + "s"
    if v.endswith("e"):
        past = v + "d"
    elif v.endswith("y") and v[-2:-1] not in _VOWELS:
        past = v[:-1] + "ied"
    else:
        past = stem + "ed"
    if v.endswith("ie"):
        ing = v[:-2] + "ying"
    elif v.endswith("e") and not v.endswith(("ee", "ye", "oe")):
        ing = v[:-1] + "ing"
    else:
        ing = stem + "ing"
    return {"base": v, "s": s, "past": past, "participle": past, "ing": ing}


def _lexicon(raw: dict, where: str = "lexicon.yaml") -> Lexicon:
    def fail(key: str, problem: str) -> FrameError:
        return FrameError(f"{where}: {key}: {problem}")

    stray = sorted(set(raw) - {"version", "lists", "irregular_verbs", "names"})  # names: entities.name_lists()
    if stray:
        raise fail(stray[0], "unknown section; choose from version, lists, irregular_verbs, names")
    lists: dict[str, tuple[str, ...]] = {}
    examples: dict[str, tuple[str, ...]] = {}
    for name, spec in (raw.get("lists") or {}).items():
        if not re.fullmatch(r"[a-z_]\w*", str(name)):
            raise fail(str(name), "a list name is lower-case letters, digits and _")
        if not isinstance(spec, dict) or not isinstance(spec.get("words"), list) or not spec["words"]:
            raise fail(name, "needs words: [...] (and doc:)")
        bad = sorted(set(spec) - {"doc", "words", "examples"})
        if bad:
            raise fail(f"{name}.{bad[0]}", "unknown field; choose from doc, words, examples")
        if not spec.get("doc"):
            raise fail(name, "needs doc: what the list is for")
        words = tuple(str(w) for w in spec["words"])
        for w in words:
            if not w or w != w.lower() and not re.search(r"\\[A-Z]", w):
                raise fail(name, f"{w!r}: words are lower case (matching ignores case)")
            try:
                re.compile(w)
            except re.error as exc:
                raise fail(name, f"{w!r} is not a valid regular expression ({exc})") from None
        if not isinstance(spec.get("examples"), list) or not spec["examples"]:
            raise fail(name, "needs examples: [...], phrases the list must catch")
        examples[name] = tuple(str(e) for e in spec["examples"])
        lists[name] = words
    irregular: dict[str, dict[str, str]] = {}
    for verb, spec in (raw.get("irregular_verbs") or {}).items():
        if isinstance(spec, list) and len(spec) == 2:
            spec = {"past": spec[0], "participle": spec[1]}
        if not isinstance(spec, dict) or set(spec) - set(FORMS[1:]) or not spec:
            raise fail(f"irregular_verbs.{verb}", "give [past, participle] or a mapping of s, past, participle, ing")
        irregular[str(verb)] = {k: str(v) for k, v in spec.items()}
    return Lexicon(lists, irregular, examples)


def lexicon(path: str | None = None) -> Lexicon:
    return _lexicon_at(Path(path or LEXICON).resolve())


@lru_cache(maxsize=4)
def _lexicon_at(path: Path) -> Lexicon:  # one per file, however its path was written
    return _lexicon(_read(path), path.name)


# -- frames ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Example:
    text: str
    expect: tuple[str, ...] = ()  # (subject, TYPE, object) for a relation, (entity,) for an event


@dataclass
class Frame:
    """One compiled frame. A frame written with voices compiles to one Frame per voice, all with its id."""

    rule: str  # the frame id: claims it makes carry the rule `article:<rule>`
    type: str
    regex: re.Pattern
    status: str | None = None
    s_default: str | None = None
    o_default: str | None = None
    requires: re.Pattern | None = None
    pending_type: str | None = None  # type to use when the clause is modal ("plans to complete")
    pending_status: str | None = None  # status to use after an agreement or plan ("agreed to merge")
    nominal: bool = False  # a noun phrase ("Helio president Dana Whitfield"): no tense from the clause around it
    pairwise: bool = False  # every two subjects of a list are partners
    fallback: bool = False  # only when no other claim of this type and subject came from the sentence
    keys: tuple[str, ...] = ()  # lower-case substrings, one of which the sentence must contain
    possessive: bool = False  # the subject is a possessor ("Amazon's stake in ..."), not a clause subject
    classes: tuple[tuple[str, str], ...] = ()  # (slot, letters it accepts): coordinated names must fit too
    bare_role: bool = False  # a title with no company in the match: fires only after "the", "its", a comma ...
    voice: str | None = None
    source: str = ""  # the pattern before macro expansion
    examples: tuple[Example, ...] = ()
    near_misses: tuple[Example, ...] = ()
    letters: str = ""  # events: the entity type letters the event may attach to


@dataclass
class Rules:
    frames: list[Frame]  # relation frames in file order (the order article.py tries them)
    events: list[Frame]
    rules: dict[str, list[re.Pattern]]  # non-frame rules by name
    rule_examples: dict[str, tuple[tuple[Example, ...], tuple[Example, ...]]]  # (examples, near-misses)


class _Compiler:
    def __init__(self, raw: dict, lex: Lexicon, where: str):
        self.where, self.lex = where, lex
        self.schema = schema_mod.load()
        stray = sorted(set(raw) - {"version", "classes", "macros", "voices", "frames", "events", "rules"})
        if stray:
            raise FrameError(f"{where}: {stray[0]}: unknown section; choose from classes, macros, voices, "
                             "frames, events, rules")
        letters = set(TYPE_LETTER.values())
        self.classes: dict[str, str] = {}
        for name, spec in (raw.get("classes") or {}).items():
            if not isinstance(spec, dict) or not isinstance(spec.get("letters"), str) or set(spec["letters"]) - letters:
                raise FrameError(f"{where}: classes.{name}: needs letters: drawn from {''.join(sorted(letters))}")
            self.classes[name] = spec["letters"]
        self.raw_macros: dict[str, str] = {}
        for name, spec in (raw.get("macros") or {}).items():
            if not isinstance(spec, dict) or not isinstance(spec.get("pattern"), str):
                raise FrameError(f"{where}: macros.{name}: needs pattern: (and doc:)")
            if name in lex.lists:
                raise FrameError(f"{where}: macros.{name}: the lexicon has a list of that name too")
            self.raw_macros[name] = _join(spec["pattern"])
        for n, src in self.raw_macros.items():
            self._expand(src, f"macro {n}", ())  # an unknown or circular reference fails here, named
        self.voices: dict[str, str] = {}
        for name, spec in (raw.get("voices") or {}).items():
            if not isinstance(spec, dict) or not isinstance(spec.get("pattern"), str):
                raise FrameError(f"{where}: voices.{name}: needs pattern: (and doc:)")
            self.voices[name] = _join(spec["pattern"])

    # -- macros and slots ---------------------------------------------------------------------------
    def _expand(self, src: str, who: str, stack: tuple[str, ...], words: dict[str, str] | None = None) -> str:
        """Macros, word lists and (with `words`) verb/noun placeholders, recursively; slots stay."""
        def sub(m: re.Match) -> str:
            name, cls = m.group(1), m.group(2)
            if cls is not None or name in SLOTS:
                return m.group(0)
            if words is not None and name in words:
                return self._expand(words[name], who, stack)
            if name in stack:
                raise FrameError(f"{self.where}: {who}: macro {{{name}}} refers to itself")
            if name in self.raw_macros:
                return self._expand(self.raw_macros[name], who, stack + (name,))
            if name in self.lex.lists:
                return self.lex.group(name)
            if name.startswith(("verb", "noun")):
                raise FrameError(f"{self.where}: {who}: uses {{{name}}} but declares no "
                                 f"{'verbs' if name.startswith('verb') else 'nouns'}")
            raise FrameError(f"{self.where}: {who}: unknown macro {{{name}}}")
        return _REF.sub(sub, src)

    def _slots(self, src: str, who: str, allowed: tuple[str, ...]) -> str:
        def slot(m: re.Match) -> str:
            name, cls = m.group(1), m.group(2)
            if name not in allowed:
                raise FrameError(f"{self.where}: {who}: unknown slot {{{m.group(0)[1:-1]}}}; "
                                 f"slots are {', '.join(allowed) or 'none here'}")
            cls = cls or "ANY"
            if cls not in self.classes:
                raise FrameError(f"{self.where}: {who}: unknown slot class {cls!r} in {m.group(0)}; "
                                 f"choose from {', '.join(self.classes)}")
            token = rf"(?P<{name}>⟦\d+[{self.classes[cls]}]⟧)"
            # a name that only modifies ("Disney-owned", "Botox-maker") fills no slot, unless the pattern reads
            # that very hyphen ("{o}-owned {s}")
            return token if src[m.end():m.end() + 1] == "-" else token + _MODIFIER_AFTER
        return _REF.sub(lambda m: slot(m) if m.group(2) is not None or m.group(1) in SLOTS else m.group(0), src)

    def compile(self, src: str, who: str, allowed: tuple[str, ...] = SLOTS,
                words: dict[str, str] | None = None) -> re.Pattern:
        out = self._expand(self._slots(src, who, allowed), who, (), words)
        try:
            rx = re.compile(out, re.I)
        except re.error as exc:
            raise FrameError(f"{self.where}: {who}: the pattern is not a valid regular expression ({exc})") from None
        return rx

    # -- one frame -----------------------------------------------------------------------------------
    def frame(self, spec: Any, kind: str, seen: set[str]) -> list[Frame]:
        if not isinstance(spec, dict) or not isinstance(spec.get("id"), str) or not spec["id"]:
            raise FrameError(f"{self.where}: {kind}: every entry needs an id, got {spec!r:.60}")
        fid = spec["id"]
        who = f"{'frame' if kind == 'frames' else 'event'} {fid}"

        def fail(problem: str) -> FrameError:
            return FrameError(f"{self.where}: {who}: {problem}")

        if fid in seen:
            raise fail("duplicate id")
        seen.add(fid)
        allowed = FRAME_KEYS if kind == "frames" else EVENT_KEYS
        stray = sorted(set(spec) - allowed)
        if stray:
            raise fail(f"unknown field {stray[0]!r}; choose from {', '.join(sorted(allowed))}")
        types = self.schema.relation_types if kind == "frames" else self.schema.event_types
        if spec.get("type") not in types:
            raise fail(f"unknown {'relation' if kind == 'frames' else 'event'} type {spec.get('type')!r}; "
                       f"choose from {', '.join(sorted(types))}")
        if spec.get("pending_type") is not None and spec["pending_type"] not in self.schema.relation_types:
            raise fail(f"unknown relation type {spec['pending_type']!r} in pending_type")
        status = spec.get("status")
        for key in ("status", "pending_status"):
            if spec.get(key) is not None and spec[key] not in self.schema.statuses:
                raise fail(f"unknown status {spec[key]!r}; choose from {', '.join(self.schema.statuses)}")
        for key in ("subject_default", "object_default"):
            if spec.get(key) is not None and spec[key] not in STRATEGIES:
                raise fail(f"unknown strategy {spec[key]!r} in {key}; choose from {', '.join(STRATEGIES)}")
        for key in ("pairwise", "fallback", "swap", "bare_role", "nominal"):
            if not isinstance(spec.get(key, False), bool):
                raise fail(f"{key} is true or false")
        examples = self._examples(spec, "examples", kind, fail)
        near = self._examples(spec, "near_misses", kind, fail)
        if not examples:
            raise fail("needs at least one example (examples: [{text: ..., expect: [...]}])")
        if not near:
            raise fail("needs at least one near-miss (near_misses: [{text: ...}]) the frame must not fire on")
        words = self._words(spec, fail)
        voices = spec.get("voices")
        if (spec.get("pattern") is None) == (voices is None):
            raise fail("give a pattern: or verbs:/nouns: with voices: (one of them)")
        if voices is not None:
            if not isinstance(voices, list) or not voices:
                raise fail("voices is a list of voice names")
            for v in voices:
                if v not in self.voices:
                    raise fail(f"unknown voice {v!r}; choose from {', '.join(self.voices)}")
            for end in ("subject", "object"):
                if spec.get(end, "ANY") not in self.classes:
                    raise fail(f"unknown slot class {spec.get(end)!r} in {end}; choose from {', '.join(self.classes)}")
            sources = [(v, self._voice(self.voices[v], spec)) for v in voices]
        else:
            if not isinstance(spec["pattern"], str):
                raise fail("pattern is text")
            if "subject" in spec or "object" in spec:
                raise fail("subject:/object: classes go with voices; in a pattern write {s:CLASS}/{o:CLASS}")
            sources = [(None, _join(spec["pattern"]))]
        triggers = spec.get("triggers")
        if triggers is None and words:
            triggers = _triggers(words)
        if triggers is not None and (not isinstance(triggers, list) or not all(isinstance(t, str) and t for t in triggers)):
            raise fail("triggers is a list of text")
        if kind == "frames" and not triggers:
            raise fail("needs triggers: words one of which a sentence must contain for the frame to be tried")
        if triggers and any(t != t.lower() for t in triggers):
            raise fail("triggers are lower case (they are looked up in the lower-cased sentence)")
        requires = self.compile(_join(spec["requires"]), who + " (requires)", ()) if spec.get("requires") else None
        placeholders = _placeholders(words) if words else None
        out = []
        for voice, src in sources:
            who_v = who + (f" (voice {voice})" if voice else "")
            rx = self.compile(src, who_v, SLOTS if kind == "frames" else (), placeholders)
            extra = sorted(set(rx.groupindex) - set(GROUPS))
            if extra:
                raise fail(f"unknown slot {extra[0]!r} (a named group); slots are {', '.join(SLOTS)}")
            has = {g: bool(re.search(r"\{%s(?::[A-Za-z_]\w*)?\}" % g, src)) for g in SLOTS}
            if kind == "frames" and not (has["s"] or spec.get("subject_default")):
                raise fail("no subject: write {s} in the pattern or give a subject_default")
            if kind == "frames" and not (has["o"] or spec.get("object_default") or spec.get("pairwise")):
                raise fail("no object: write {o} in the pattern or give an object_default")
            letters = ""
            if kind == "events":
                ends = self.schema.event_types[spec["type"]].entity
                letters = "".join(TYPE_LETTER[t] for t in ends if t in TYPE_LETTER) if "*" not in ends \
                    else "".join(TYPE_LETTER.values())
            out.append(Frame(
                rule=fid, type=spec["type"], regex=rx, status=status, s_default=spec.get("subject_default"),
                o_default=spec.get("object_default"), requires=requires, pending_type=spec.get("pending_type"),
                pending_status=spec.get("pending_status"),
                pairwise=bool(spec.get("pairwise", False)), fallback=bool(spec.get("fallback", False)),
                bare_role=bool(spec.get("bare_role", False)), nominal=bool(spec.get("nominal", False)),
                keys=tuple(triggers or ()), possessive=bool(re.search(r"\{s(?::[A-Z]+)?\}(?:\(\?:)?'s", src)),
                classes=tuple((g, self.classes[c or "ANY"]) for g, c in re.findall(r"\{(s|o)(?::([A-Z]+))?\}", src)),
                voice=voice, source=src, examples=examples, near_misses=near, letters=letters))
        return out

    def _examples(self, spec: dict, key: str, kind: str, fail) -> tuple[Example, ...]:
        items = spec.get(key) or []
        if not isinstance(items, list):
            raise fail(f"{key} is a list of {{text: ...}}")
        out = []
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("text"), str) or set(item) - {"text", "expect"}:
                raise fail(f"each of {key} is {{text: ...{', expect: [...]' if key == 'examples' else ''}}}")
            expect = item.get("expect")
            if key == "examples":
                n = 3 if kind == "frames" else 1
                if not isinstance(expect, list) or len(expect) != n or not all(isinstance(x, str) for x in expect):
                    raise fail(f"an example's expect is [{'subject, TYPE, object' if n == 3 else 'entity'}], "
                               f"got {expect!r}")
                if n == 3 and expect[1] not in self.schema.relation_types:
                    raise fail(f"an example expects unknown relation type {expect[1]!r}")
            elif expect is not None:
                raise fail("a near-miss has no expect: the frame must not fire on it")
            out.append(Example(item["text"], tuple(expect or ())))
        return tuple(out)

    def _words(self, spec: dict, fail) -> dict[str, list[str]]:
        words: dict[str, list[str]] = {}
        for key in ("verbs", "nouns", "prep", "noun_prep"):
            if key in spec:
                v = spec[key]
                if not isinstance(v, list) or not v or not all(isinstance(x, str) and x == x.lower() and x for x in v):
                    raise fail(f"{key} is a list of lower-case words")
                words[key] = v
        if "verbs" in words:
            words["verbs"] = [self.lex.inflect(v) for v in words["verbs"]]  # type: ignore[misc]
        return words

    def _voice(self, template: str, spec: dict) -> str:
        """The template with the frame's slot classes; with `swap`, the grammatical subject is the relation's
        object ("Helio TV streams Lumio League": Lumio League is deployed on Helio TV)."""
        swap = {"s": "o", "o": "s"} if spec.get("swap") else {"s": "s", "o": "o"}

        def slot(m: re.Match) -> str:
            end = swap[m.group(1)]
            return "{%s:%s}" % (end, spec.get("subject" if end == "s" else "object", "ANY"))
        return re.sub(r"\{(s|o)\}", slot, template)

    def rule(self, name: str, spec: Any) -> tuple[list[re.Pattern], tuple[Example, ...], tuple[Example, ...]]:
        who = f"rule {name}"
        if name not in RULE_GROUPS:
            raise FrameError(f"{self.where}: {who}: unknown rule; the extractor reads {', '.join(RULE_GROUPS)}")
        if not isinstance(spec, dict) or set(spec) - RULE_KEYS or ("pattern" in spec) == ("patterns" in spec):
            raise FrameError(f"{self.where}: {who}: give doc: and one of pattern: or patterns: [...]")
        srcs = spec["patterns"] if "patterns" in spec else [spec["pattern"]]
        out = []
        for i, src in enumerate(srcs):
            rx = self.compile(_join(src), who, ())
            missing = sorted(RULE_GROUPS[name] - set(rx.groupindex))
            if missing:
                raise FrameError(f"{self.where}: {who}: pattern {i + 1} lacks the group (?P<{missing[0]}>...) "
                                 "the extractor reads")
            out.append(rx)
        ex = tuple(Example(e["text"], tuple(e.get("expect") or ())) for e in spec.get("examples") or [])
        near = tuple(Example(e["text"]) for e in spec.get("near_misses") or [])
        return out, ex, near


def _join(src: str) -> str:
    """A pattern written over several lines: the line breaks and the indentation after them go."""
    return re.sub(r"\n[ \t]*", "", src.strip("\n")) if isinstance(src, str) else src


def _alternation(forms) -> str:
    uniq = sorted(set(forms), key=lambda f: (-len(f), f))
    return "(?:" + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in uniq) + ")"


def _placeholders(words: dict[str, list]) -> dict[str, str]:
    out = {}
    verbs = words.get("verbs") or []
    if verbs:
        out["verb"] = _alternation(f for v in verbs for f in v.values())
        for form in FORMS:
            out[f"verb_{form}"] = _alternation(v[form] for v in verbs)
    if words.get("nouns"):
        out["noun"] = _alternation(words["nouns"])
    # the words that introduce the object after the verb ("invest ... in") and after the noun ("investment in");
    # a verb with a preposition may have words between ("invested a reported $10 billion in")
    out["prep"] = r"(?:(?:{gap})?%s\s+)" % _alternation(words["prep"]) if words.get("prep") else ""
    out["noun_prep"] = _alternation(words.get("noun_prep") or ["of"])
    return out


def _triggers(words: dict[str, list]) -> list[str]:
    """Derived triggers: every verb form's first word and every noun's first word; none that contains another."""
    cands = {f.split(" ")[0] for v in words.get("verbs") or [] for f in v.values()} | \
        {n.split(" ")[0] for n in words.get("nouns") or []}
    return sorted(c for c in cands if not any(o != c and o in c for o in cands))


def build(raw: dict, lex: Lexicon, where: str = "frames.yaml") -> Rules:
    """Validate and compile a frames file's content; every problem is one FrameError naming the frame."""
    c = _Compiler(raw, lex, where)
    seen: set[str] = set()
    frames = [f for spec in raw.get("frames") or [] for f in c.frame(spec, "frames", seen)]
    events = [f for spec in raw.get("events") or [] for f in c.frame(spec, "events", seen)]
    rules, rule_examples = {}, {}
    for name, spec in (raw.get("rules") or {}).items():
        rules[name], *ex = c.rule(name, spec)
        rule_examples[name] = tuple(ex)
    missing = sorted(set(RULE_GROUPS) - set(rules))
    if missing:
        raise FrameError(f"{where}: rules: {missing[0]} is missing; the extractor reads it")
    return Rules(frames, events, rules, rule_examples)


@lru_cache(maxsize=4)
def load(frames: str | None = None, lexicon_file: str | None = None) -> Rules:
    """The built-in frames and lexicon (or the given files), compiled once."""
    p = Path(frames) if frames else FRAMES
    return build(_read(p), lexicon(lexicon_file), p.name)


def word_regex(name: str, before: str = r"\b", after: str = r"\b", flags: int = re.I) -> re.Pattern:
    """A lexicon list compiled between `before` and `after`: word_regex("future") is \\b(?:will|...)\\b."""
    return lexicon().regex(name, before, after, flags)
