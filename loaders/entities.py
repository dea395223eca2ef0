"""Entity mentions in one document: open-vocabulary names, typed by the evidence around them.

Every proper-name span is a candidate: runs of capitalised words (with "of", "&", "and" inside the
shapes names take: "Bank of America", "Johnson & Johnson", "Competition and Markets Authority"),
CamelCase and mixed forms (xAI, GPT-4o, DALL-E, Character.AI), versioned model names and titles in
quotes. A run is cut at role words ("Disney CEO Bob Iger" is Disney and Bob Iger) and loses titles
and descriptors ("Finance Minister ...", "Chipmaker Nvidia"); places, months, weekdays, headings
and sentence-initial common words are not names. The built-in catalogue (data/catalogue.yaml) adds
well-known names and types as a prior; without it (`catalogue=False`) detection still works.

An entity's type is voted by the evidence of all its mentions: legal suffixes, descriptors
("startup X", "X, the chipmaker"), titles, roles and given names for people, regulator words,
product and model cues, versions. Within a document, mentions that normalise alike are one entity,
as are an acronym and the name it abbreviates, a person and their surname, a company and its short
form, a model and its shortened forms. Generic phrases ("the company", "it") are anaphors: resolved
at the point of use and never aliases. Word lists live in the `names:` section of data/lexicon.yaml.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from ..exc import DealgraphError
from ..graph.names import normalize
from . import datafile

DATA = Path(__file__).with_name("data")
TYPE_LETTER = {"Company": "C", "Person": "P", "Product": "D", "AIModel": "M", "Platform": "L",
               "Government": "G", "Dataset": "T", "Other": "O"}


# -- word lists ----------------------------------------------------------------------------------------

def _phrases(raw: str) -> list[str]:
    return [p.strip().lower() for p in raw.split(";") if p.strip()]


def _alternation(phrases: list[str]) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(phrases), key=len, reverse=True))


@dataclass(frozen=True)
class Lexicon:
    stop: frozenset[str]
    generic: frozenset[str]  # abbreviations of common nouns: no name alone
    nationalities: frozenset[str]
    places: frozenset[str]  # normalised
    role_words: tuple[tuple[str, ...], ...]  # role phrases as word tuples, longest first
    role_modifiers: frozenset[str]
    title: re.Pattern  # a title opening a name
    company_descriptors: frozenset[str]
    product_descriptors: dict[str, str]
    org_suffixes: frozenset[str]
    government: re.Pattern
    of_heads: frozenset[str]
    role_regex: str  # role phrases as one alternation, for context patterns
    anaphor_heads: dict[str, str]  # "chipmaker" -> Company: what a definite description refers to
    anaphor: re.Pattern  # "the chipmaker", "the AI startup"

    def org_suffix(self, name: str) -> bool:
        """The name ends in a corporate suffix ("Hess Corp", "Tiger Global")."""
        last = name.rsplit(None, 1)[-1].lower().rstrip(".,") if name.strip() else ""
        return last in self.org_suffixes

    def role_at(self, words: list[str], i: int) -> int:
        """How many of `words` from i form a role phrase ("Chief Executive Officer" -> 3), else 0."""
        if i >= len(words):
            return 0
        phrases = self.roles_by_first.get(words[i].lower().rstrip(".,"))
        if not phrases:
            return 0
        low = tuple(w.lower().rstrip(".,") for w in words[i:i + 4])
        for phrase in phrases:  # longest first
            if low[:len(phrase)] == phrase:
                if phrase == ("chief",) and "officer" in low[2:4]:  # "Chief Policy Officer", "Chief Data and AI Officer"
                    return low.index("officer", 2) + 1
                return len(phrase)
        return 0

    @cached_property
    def title_after(self) -> re.Pattern:
        """A title set off after a name: ", deputy chairman of ...", ", the chief executive"."""
        return re.compile(r",\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}?(?:" + self.role_regex + r")\b", re.I)

    @cached_property
    def roles_by_first(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        out: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.role_words:
            out.setdefault(phrase[0], []).append(phrase)
        return {k: tuple(v) for k, v in out.items()}


NAME_LISTS = ("stop", "generic_acronyms", "nationalities", "places", "roles", "role_modifiers", "titles",
              "company_descriptors", "product_descriptors", "org_suffixes", "government_words", "of_heads",
              "anaphor_heads")


def name_lists(path: Path | None = None) -> dict:
    """The `names:` section of the lexicon file (data/lexicon.yaml), checked: every list present, with a
    doc, its words and examples; nothing else."""
    path = path or DATA / "lexicon.yaml"
    section = (datafile.read(path) or {}).get("names")
    if not isinstance(section, dict):
        raise DealgraphError(f"{path.name}: names: missing section (the mention finder's word lists)")
    for key in NAME_LISTS:
        entry = section.get(key)
        if not isinstance(entry, dict) or not {"doc", "words", "examples"} <= set(entry):
            raise DealgraphError(f"{path.name}: names.{key}: needs doc:, words: and examples:")
    stray = sorted(set(section) - set(NAME_LISTS))
    if stray:
        raise DealgraphError(f"{path.name}: names.{stray[0]}: unknown list; choose from {', '.join(NAME_LISTS)}")
    return section


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    section = name_lists()
    raw = {key: section[key]["words"] for key in NAME_LISTS}
    path = DATA / "lexicon.yaml"
    from ..graph.schema import load as load_schema

    types = set(load_schema().entity_types)
    for key in ("product_descriptors", "anaphor_heads"):
        bad = {k: v for k, v in raw[key].items() if v not in types}
        if bad:
            raise DealgraphError(f"{path}: {key}: unknown entity types {bad}; choose from {sorted(types)}")
    heads = {k.lower(): v for k, v in raw["anaphor_heads"].items()}
    roles = _phrases(raw["roles"])
    titles = _phrases(raw["titles"])
    gov = [w.replace("-", r"\s+") for w in raw["government_words"].lower().split()]  # "central-bank": a phrase
    return Lexicon(
        stop=frozenset(raw["stop"].lower().split()),
        generic=frozenset(raw["generic_acronyms"].lower().split()),
        nationalities=frozenset(raw["nationalities"].lower().replace("-", " ").split()),
        places=frozenset(normalize(p) for p in raw["places"].split(";") if p.strip()),
        role_words=tuple(sorted({tuple(r.split()) for r in roles}, key=len, reverse=True)),
        role_modifiers=frozenset(raw["role_modifiers"].lower().split()),
        title=re.compile(r"^(?:(?:U\.S\.|US|Federal|District|Chief|Circuit|Senior|State|Deputy|Former)\s+)*(?:"
                         + _alternation(titles) + r")\s+(?=[A-Z][\w.'’-]*(?:\s+[A-Z]|$))", re.I),
        company_descriptors=frozenset(raw["company_descriptors"].lower().split()),
        product_descriptors={k.lower(): v for k, v in raw["product_descriptors"].items()},
        org_suffixes=frozenset(raw["org_suffixes"].lower().split()),
        government=re.compile(r"\b(?:" + "|".join(sorted(set(gov), key=len, reverse=True)) + r")\b", re.I),
        of_heads=frozenset(raw["of_heads"].lower().split()),
        role_regex=_alternation(roles),
        anaphor_heads=heads,
        anaphor=re.compile(r"\b(?:the|this|that)\s+(?:newly[- ]\w+\s+|new\s+|same\s+|[\w-]+\s+){0,2}?(?P<head>"
                           + _alternation(list(heads)) + r")\b(?!\s+(?:that|which|who|whose|of|maker|developer|itself)\b|-)",
                           re.I),
    )


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    return frozenset(datafile.read(DATA / "given_names.yaml")["names"].split())


def _abbreviates_common_noun(text: str, a: int, name: str) -> bool:
    """'(UGC)' after 'user-generated content': the initials of the lower-case words before the bracket."""
    if not re.search(r"\(\s*$", text[max(0, a - 3):a]):
        return False
    tail = re.findall(r"[A-Za-z]+", text[max(0, a - 80):a])[-len(name):]
    return len(tail) == len(name) and all(w.islower() for w in tail) and "".join(w[0] for w in tail) == name.lower()


# -- the catalogue ----------------------------------------------------------------------------------------

@dataclass
class Known:
    name: str
    type: str
    maker: str | None = None
    family: bool = False


@dataclass
class Catalogue:
    by_norm: dict[str, Known]
    sensitive: re.Pattern | None
    insensitive: re.Pattern | None
    sensitive_folded: re.Pattern | None

    @cached_property
    def ai_makers(self) -> frozenset[str]:
        """Normalised names of the makers of known models and products: in a licence "to train models",
        the licensee."""
        return frozenset(normalize(k.maker) for k in self.by_norm.values() if k.maker and k.type in ("AIModel", "Product"))

    def maker_of(self, name: str) -> str | None:
        """The maker of a known product, or of a member of a known model family ("Grok 4" -> xAI)."""
        words = normalize(name).split(" ")
        for n in range(len(words), 0, -1):
            k = self.by_norm.get(" ".join(words[:n]))
            if k and k.maker and (n == len(words) or k.family or k.type == "AIModel"):
                return k.maker
        return None


EMPTY = Catalogue({}, None, None, None)


def _names_regex(names: list[str], flags: int) -> re.Pattern | None:
    """One pattern for all names, as a trie ("Micro(?:soft|n)"): a plain alternation of hundreds of
    names is tried name by name at every position of the text."""
    if not names:
        return None
    fold = (lambda n: n.lower()) if flags & re.I else (lambda n: n)
    trie: dict = {}
    for n in set(names):
        node = trie
        for ch in fold(n):
            node = node.setdefault(ch, {})
        node[""] = {}
    return re.compile(r"(?<![\w@#/.-])" + _trie_regex(trie) + r"(?![\w-]|\.\w)", flags)


def _trie_regex(node: dict) -> str:
    unit = {" ": r"\s+", "'": "['’´]"}
    alts = [(unit.get(ch) or re.escape(ch)) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if "" in node else body


@lru_cache(maxsize=4)
def catalogue(path: str | None = None) -> Catalogue:
    raw = datafile.read(path or DATA / "catalogue.yaml")
    by_norm: dict[str, Known] = {}
    sens, insens = [], []
    for e in raw["entities"]:
        known = Known(e["name"], e.get("type", "Company"), e.get("maker"), bool(e.get("family")))
        for n in [e["name"], *(e.get("aliases") or [])]:
            by_norm.setdefault(normalize(n), known)
            (sens if e.get("case") == "sensitive" else insens).append(n)
    return Catalogue(by_norm, _names_regex(sens, 0), _names_regex(insens, re.I), _names_regex(sens, re.I))


# -- shapes of names ----------------------------------------------------------------------------------------

_UP = "A-ZÀ-ÖØ-Þ"
_CAP = rf"(?:[{_UP}]\.(?= [{_UP}])|[{_UP}]\w*(?:['’](?!S\b)[{_UP}]\w+)?(?:[.&·-]\w+|:[a-z]+)*\+?)"  # "Character.AI", "Run:ai", "NFL+"
_VER = r"\d+(?:\.\d+)*[A-Za-z]{0,2}(?:-[\w]+)*"
_CAMEL = rf"[a-z]{{1,4}}[{_UP}][\w]*(?:[.-][\w]+)*"  # iRobot, iOS, eBay, xAI
_INITIALS = rf"(?:[{_UP}]\.){{2,}}(?=[ ,])"  # "H.J. Heinz", "J.P. Morgan"
_DIGITAL = r"(?<![$€£¥\d.,])\d+(?:[A-Z][A-Za-z&-]+|[AC-JLN-SU-Z])\b"  # "3G Capital", "3M"; not "60B" or "6M"
_TOK = rf"(?:{_INITIALS}|{_CAP}|{_CAMEL}|{_DIGITAL}|\d+and[{_UP}]\w+)"
_CONNECT = r"(?:of|and|&|de|du|des|der|den|von|van|la|le|del|da|di|for)"
# a run of name-shaped tokens; the connectors are kept or cut by Mentions._pieces
_RUN = re.compile(rf"(?<![\w.@#/-]){_TOK}(?:[ ](?:{_CONNECT}[ ](?:the[ ])?)?(?:{_TOK}|{_VER}))*(?![\w-])")
_VERSIONED = re.compile(r"(?<![\w.-])(?:(?:grok|claude|gpt|gemini|llama|mistral|qwen|phi)[ -])?v\d+(?:\.\d+)?"
                        r"(?:[- ](?:small|medium|large|mini|nano|pro|max|ultra|turbo|lite|flash))?(?![\w-])", re.I)
_ADJECTIVE = re.compile(r"-(?:focused|based|backed|owned|operated|led|controlled|made|powered|driven|like|style|related|"
                        r"designed|native|first|generated|specific|headquartered|built|funded|affiliated|custom|"
                        r"exclusive|centric|friendly|only|wide|born|maker|developer|creator)$", re.I)
_PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,}s$")  # "CPUs", "EVs": a kind of thing, not a name
_VERB_FORM = re.compile(r"^[A-Z][a-z]{2,}(?:ed|ing|ly)$")  # "Added", "Speaking", "Separately" opening a sentence
# what ends a sentence before a word; a dash or bullet counts only at the start of a line ("\n- Foo"), an
# em dash mid-sentence sets off a name ("its rival — Waymo"), a closing ’ is a possessive as often as a quote
_SENTENCE_START = ".!?\"“”•*#>|·"
_BYLINE = re.compile(r"^\s*(?:by|posted|updated|published|photo|image|credit)\b[^\n]{0,80}$", re.I)
_OWNER_ADJECTIVE = re.compile(r"^[A-Z][\w'’]*-(?:backed|owned|led|controlled|funded)$")  # "Sam Altman-led": whole
_PLACE_ADJECTIVE = re.compile(r"-(?:based|headquartered)$")  # "South San Francisco-based": a place
_HYPHEN_MODIFIER = re.compile(r"-(?:backed|owned|led|based|controlled|funded)\s*$")
# a town before a region's "-based", or the region itself: "Rahway, New Jersey-based", "McLean, Va.-based"
_PLACE_BASED_AFTER = re.compile(r"(?:,\s+(?:[A-Z][\w.]*\s+){0,2}[A-Z][\w.']*|\.?)-(?:based|headquartered)\b")
_SIGNATURE = re.compile(r"^[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3},\s+(?:[A-Z][\w-]*\s+(?:and\s+|&\s+)?){0,4}?"
                        r"(?:CEO|Chief|President|Chairman|Chairwoman|Chair|Founder|Co-founder|Director|Head|Vice|Managing|General)\b")
_PAIR_DEAL = re.compile(r"(?<![\w-])([A-Z][\w&.]+)[-–]([A-Z][\w&.]+)(?=\s+(?:deal|merger|transaction|tie-up|combination|talks|"
                        r"acquisition|partnership|alliance|joint\s+venture|venture|pact|agreement)\b)")
_DESCRIBED_AFTER = re.compile(r",\s+(?:an?|the|its|[A-Z][\w.&-]*['’]s?)\s+(?:[\w'’-]+\s+){0,4}?([a-z][\w-]*)(?=\s*[,.;)]|\s+(?:that|which|with|in|of|for|from|and)\b)")
_TICKER_AFTER = re.compile(r"\s*\(\s*(?:NYSE|NASDAQ|Nasdaq|LSE|TSX|ASX|HKEX|TYO|OTC|Euronext|XETRA|NYSE American)\s*:")
_SUFFIX_AFTER = re.compile(r",? (?:Inc|Corp|Ltd|LLC|PLC|Co)\b\.?")  # "Slack Technologies, Inc."
def _abbreviates(short: str, name: str) -> bool:
    """"QCOM" for "Qualcomm": same first letter, the other letters found in the name in order."""
    short, name = short.lower(), name.lower()
    if not short or short[0] != name[:1]:
        return False
    rest = iter(name[1:])
    return all(c in rest for c in short[1:])


# "Federal Trade Commission (FTC)", "Acme Inc. (NYSE: ACME)": group 1 an exchange, group 2 the short name
_ACRONYM_AFTER = re.compile(r"\.?\s*\(\s*(?:(NYSE|NASDAQ|Nasdaq|NYSE American|LSE|LON|TSX|ASX|HKEX|SEHK|SGX|TYO|TSE|OTC|"
                            r"OTCQX|Euronext|XETRA|ETR|SIX|BSE|NSE|KRX|KOSDAQ)\s*:\s*)?(?:the\s+)?[\"“]?"
                            r"([A-Z][A-Za-z0-9&.+-]{1,9})[\"”]?\s*\)")
_LOWER_PERSON = re.compile(
    r"\b(?:said|says|told|according to)\s+(?P<a>[a-z]{2,} [a-z]{2,})(?=,)"
    r"|\b(?:ceo|chief executive|founder|co-founder|president|chairman|chairwoman|boss)\s+(?P<b>[a-z]{2,} [a-z]{2,})"
    r"(?=\s+(?:said|says|told|wrote|added)\b|,)"
    r"|(?<![\w'])(?P<c>[a-z]{2,} [a-z]{2,}),\s+(?:the\s+)?[\w.]+['’]s\s+(?:chief|ceo|co-founder|founder|president|head)\b")
# a lower-case brand introduced as a deal's target: "will acquire *io*, the device startup"
_LOWER_BRAND = re.compile(r"\b(?:acquires?|acquired|acquiring|buys?|bought|buying|purchases?|invest(?:s|ed|ing)?\s+in|backs|backed)"
                          r"\s+[*_]{0,2}(?P<n>[a-z][a-z0-9.]{1,15})[*_]{0,2},\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,3}?"
                          r"(?P<head>startup|start-up|company|firm|maker|developer|lab|app|platform)\b")
# a title in quotes is one name: "Call of Duty"
_QUOTED = re.compile(r"[\"“]([A-Z][\w'’-]*(?: (?:[A-Z][\w'’-]*|of|the|and|for|on|in|at|to|a|&)){1,5})[,.]?[\"”]")
_QUOTED_NEXT = re.compile(r"[\"”]\s*,?\s*(?:and\s+|or\s+)?[\"“]$")
_QUOTED_LIST_HEAD = re.compile(r"\b([a-z][\w-]*)\s+[\"“][^\"“”]{1,60}[\"”](?:\s*,?\s*(?:and\s+|or\s+)?[\"“][^\"“”]{1,60}[\"”])*"
                               r"\s*,?\s*(?:and\s+|or\s+)?[\"“]$")
# one quoted word is a name where a title is expected: 'a chatbot called "Zephyr"', 'the films "Up," "Cars"'
_QUOTED_ONE = re.compile(r"(?:\b(?:called|named|dubbed|titled|branded|films?|movies?|shows?|series|games?|apps?|"
                         r"chatbots?|assistants?|albums?|books?|drugs?|brands?)\s+|[\"”]\s*,?\s*(?:and\s+)?)"
                         r"[\"“]([A-Z][\w'’-]*)[,.]?[\"”]")
_AUTHORITIES = re.compile(r"\b([A-Z][\w.]*)\s+(?:competition\s+|antitrust\s+|banking\s+|financial\s+)?"
                          r"(?:regulators|authorities|government)\b")
_COURT = re.compile(r"\b(?:a |the )?(?:U\.?S\.? |US |federal |district |appeals |appellate |supreme |high )+(?:court|judge)\b", re.I)

# -- evidence of a type, from the words around a mention ------------------------------------------------------
_SAID_BEFORE = re.compile(r"\b(?:said|says|according to|hired|hires|poached|named|appointed|tapped|(?:co-?founded|founded|led|"
                          r"headed|run)(?: in \d{4})? by(?: [A-Z][\w.]*(?: [A-Z][\w.]*){0,2},? and)?|Founded(?: in \d{4})? by)\s*$")
_PRODUCT_BEFORE = re.compile(r"(?:\bmakers?\s+of|\bbehind|\bmakes|\bunveiled|\blaunched|\breleased|\bintroduced|\bdebuted|"
                             r"\b(?:products?|brands?)\s+(?:such\s+as|including|like))\s+(?:the\s+|its\s+|a\s+|an\s+)?"
                             r"(?:new\s+|open-source\s+|open\s+source\s+)?$", re.I)
_DESCRIBED_BEFORE = re.compile(r"\b(?:its|their|the\s+company['’]s)\s+(?:[\w-]+\s+){0,3}?([a-z][\w-]*)\s*,\s*$")  # "its new app, Quill"
_COMPANY_BEFORE = re.compile(r"\b(?:(?:(?:co-?)?founder|ceo|chief\s+executive|president|chairman|shareholders?|stake|shares|"
                             r"investment|acquisition|takeover|purchase|spokes\w+)\s+(?:of|in|at)|(?:merger|deal|partnership|"
                             r"agreement|alliance|tie-up|talks)\s+with)\s+(?:the\s+)?$", re.I)
_COMPANY_AFTER = re.compile(r"^['’]?s?\s+(?:[\w-]+\s+)?(?:shares|stock|board|ceo|chief|boss|founders?|co-?founders?|investors?|"
                            r"businesses|subsidiaries|units|operations|divisions|"
                            r"employees|staff|workers|customers|shareholders|headquarters|acquisition|purchase|takeover|"
                            r"deal|stake|valuation|market\s+value|revenue|profits?|earnings|subsidiary|unit|parent)\b", re.I)
_AGENT_AFTER = re.compile(r"^\s+(?:has\s+|had\s+|will\s+|would\s+)?(?:acquired|agreed|announced|invested|raised|bought|"
                          r"sold|signed|partnered|reported|acquires|buys|invests|plans|launched|unveiled|filed|"
                          r"completed|closed|confirmed)\b", re.I)
_HEAD_NOUN = re.compile(r" ((?:(?:large )?language )?[a-zA-Z]+)\b")
_REGULATOR_ACTS = re.compile(r"^\s+(?:has\s+|had\s+|also\s+)?(?:opened\s+an?\s+(?:investigation|inquiry|probe)|"
                             r"approved|cleared|blocked|fined|ordered|sued|probed|investigated|ruled)\b")
_COORD = re.compile(r"(?:['’]s)?(?:\s*,\s*|\s*,?\s+(?:and|or)\s+|\s*&\s*)")

# -- anaphors ---------------------------------------------------------------------------------------------------

# "it" as a company: the subject of a verb ("it had terminated"), or the object of a preposition at a clause end
# ("a 45% interest in it"); "it" before other words ("it is expected", "make it easier") is left alone
_PRONOUN = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))It\b(?=\s+(?:also\s+)?[a-z]{3,}s\b(?<!\bis)(?<!\bwas)(?<!\bhas))"
                      r"|(?:^|(?<=[.!?]\s)|(?<=\n))It\b(?=\s+(?:is|was|will\s+be|has\s+been)\s+(?:also\s+|now\s+|already\s+)?"
                      r"(?:optimi[sz]ed|designed|built|available|deployed|used|owned|run|based|valued|listed|expected\s+to\s+"
                      r"(?:close|complete|buy|acquire|invest|launch))\b)"
                      r"|\b[Ii]t\b(?=\s+(?:is|was|will\s+be|has\s+been)\s+(?:also\s+|now\s+|still\s+)?(?:led|run|headed|"
                      r"owned|controlled|backed|based|valued|chaired|majority-owned)\b)"
                      r"|\b[Ii]t\b(?=\s+(?:has|had|will|would|also|now|already|then|said|says|plans|agreed|owns|holds|"
                      r"bought|sold|took|made|won|struck|paid|led|held|became|began|got|gave|built|buys|sells|makes|"
                      r"takes|leads|acquires|[a-z]+ed)\b(?!\s+(?:to|that|by)\b))|(?:(?<=\bin )|(?<=\bof )|(?<=\binto )|(?<=\bfrom )|(?<=\bwith ))it\b(?=\s*[.,;:]|\s+(?:and|as)\b)")
# "he"/"she" as the subject of a verb: the person the text named last ("he currently serves on the board of X")
_PERSON_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he)\b(?=\s+(?:also\s+|currently\s+|previously\s+|now\s+|still\s+|will\s+|"
                             r"would\s+|has\s+|had\s+)?(?:serves?|served|joins|joined|join|leads|led|runs|ran|founded|"
                             r"co-founded|heads|headed|works|worked|became|becomes|become|left|leaves|returns|returned|"
                             r"chairs|chaired|sits|sat|oversees|oversaw|owns|owned|holds|held|is|was|will)\b)")
# "the former", "the latter": the first or second of the last two organisations named
_FORMER_LATTER = re.compile(r"\b[Tt]he (former|latter)\b(?!\s+(?:chief|ceo|president|head|executive|chair\w*|"
                            r"director|minister|boss|partner|owner)\b)")
_RENAME = re.compile(r"(?:,\s*(?:originally|formerly|previously)(?: known as| called)?|\bnow (?:calls|called|known as)|"
                     r"\brenamed(?: it)?(?: as| to)?|\bwhat it now calls)\s*$", re.I)
_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
                          "hundred first second third fourth fifth".split())
_MONTHS = frozenset("january february march april may june july august september october november december".split())
# common words that open company names before a suffix: "Capital One Financial", "General Motors"
_OPENERS = frozenset("capital global first general national united digital one public real core new".split())
# a news source cited, not a party: "according to the AP", "told Reuters", "the FT reported"
_ATTRIBUTION = re.compile(r"\b(?:according\s+to|told|reported\s+by|reports\s+from|citing|cited\s+by|per)\s+(?:the\s+)?$", re.I)
_REPORTED = re.compile(r"\s+(?:first\s+)?(?:reported|reports|has\s+reported|had\s+reported)\b")
# the order in which equal votes are settled: the rarer, more specific type first
_TYPE_ORDER = ("Government", "Person", "AIModel", "Dataset", "Product", "Platform", "Company", "Other")


@dataclass
class Mention:
    start: int
    end: int
    entity: str | None  # entity key; None for an anaphor
    kind: str = ""  # for anaphors: the entity type wanted
    cands: list[str] = field(default_factory=list)  # anaphors: candidates, best first
    pronoun: bool = False  # "it": the extractor puts the clause's subject first
    described: bool = False  # "the startup" after "X, a robotics startup": X by what the text called it
    order: int = 0  # "the former" (2) or "the latter" (1): which of the last two organisations named


@dataclass
class LocalEntity:
    key: str
    type: str
    surfaces: Counter = field(default_factory=Counter)
    known: Known | None = None
    votes: Counter = field(default_factory=Counter)  # type -> weight of the evidence seen
    phrases: set[tuple[str, str]] = field(default_factory=set)  # (the name with the noun it heads, that noun's type)

    def head_aliases(self) -> set[str]:
        """ "Edify AI model" for the model Edify AI: the name with a head noun of its own type (never "Lyft app"
        for the company Lyft, which would name another thing)."""
        return {p for p, t in self.phrases if t == self.type}

    @property
    def name(self) -> str:
        if self.known:
            return self.known.name
        # the most used spelling; on a tie a name before an acronym or ticker ("Allegiance Bancshares", not "ABTX"),
        # then the better capitalised ("OpenAI" over "Openai")
        return max(self.surfaces, key=lambda s: (self.surfaces[s], not (s.isupper() and " " not in s),
                                                 sum(c.isupper() for c in s), len(s)))


@dataclass
class _Span:
    start: int
    end: int
    surface: str
    known: Known | None = None
    hints: frozenset[str] = frozenset()  # "person" (after a role or title), "org" (before a role, after a descriptor)


class Mentions:
    """All mentions of one document, in text order, and the entities they name."""

    def __init__(self, text: str, body_start: int, lowercase: bool, cat: Catalogue | None = None):
        self.text, self.cat, self.lex = text, (catalogue() if cat is None else cat), lexicon()
        self.entities: dict[str, LocalEntity] = {}
        self.alias: dict[str, str] = {}  # normalised surface -> entity key
        self.renames: list[tuple[str, int]] = []
        self._lines: dict[int, bool] = {}
        self._caps: Counter | None = None
        self._deferred: list[_Span] = []  # sentence-initial single words: names only if the text uses them elsewhere
        spans = self._find(text, body_start, lowercase)
        self.mentions = self._cluster(spans)
        named = bytearray(len(text) + 1)
        for m in self.mentions:
            named[m.start:m.end] = b"\x01" * (m.end - m.start)
        for a in self._anaphors(text, body_start):
            if any(named[a.start:a.end]):  # "the Microsoft-backed startup": the name is a modifier, the head refers
                head = re.search(r"\S+$", text[a.start:a.end])
                if head is None or any(named[a.start + head.start():a.end]) \
                        or not _HYPHEN_MODIFIER.search(text, a.start, a.start + head.start()):
                    continue
                a.start += head.start()
            self.mentions.append(a)
        self.mentions.sort(key=lambda m: m.start)
        self.frequency = Counter(m.entity for m in self.mentions if m.entity)
        self.resolve_anaphors()

    # -- finding -------------------------------------------------------------------------------------------
    def _find(self, text: str, start: int, lowercase: bool) -> list[_Span]:
        found: list[_Span] = []
        for rx in (self.cat.sensitive, self.cat.insensitive, self.cat.sensitive_folded if lowercase else None):
            if rx is not None:
                for m in rx.finditer(text, start):
                    if rx is self.cat.sensitive_folded and len(m.group(0)) < 4:
                        continue  # in an all-lowercase text, "x" or "ap" is not a name
                    end = m.end()
                    if text[end:end + 1] == "." and re.search(r"\b(?:Inc|Corp|Co|Ltd|Bros)$", m.group(0)):
                        end += 1  # "Amazon.com Inc." keeps its abbreviation point
                    found.append(_Span(m.start(), end, text[m.start():end], self.cat.by_norm.get(normalize(m.group(0)))))
        for m in _COURT.finditer(text, start):
            found.append(_Span(m.start(), m.end(), "federal court", Known("federal court", "Government")))
        for m in _AUTHORITIES.finditer(text, start):  # "Chinese regulators", "the Swiss government"
            if m.group(1).lower() in self.lex.nationalities or normalize(m.group(1)) in self.lex.places:
                name = m.group(0)
                found.append(_Span(m.start(), m.end(), name, Known(name[0].upper() + name[1:], "Government")))
        for rx in (_QUOTED, _QUOTED_ONE):
            found += [_Span(m.start(1), m.end(1), m.group(1)) for m in rx.finditer(text, start)]
        for m in _VERSIONED.finditer(text, start):
            found.append(_Span(m.start(), m.end(), m.group(0)))
        if lowercase:  # no capitals to go by: only people the wording marks ("said arthur mensch, ...")
            for m in _LOWER_PERSON.finditer(text, start):
                g = next(x for x in ("a", "b", "c") if m.group(x))
                name = m.group(g)
                if not any(w in self.lex.stop for w in name.split()):
                    found.append(_Span(m.start(g), m.end(g), name, Known(name.title(), "Person")))
        else:
            for m in _LOWER_BRAND.finditer(text, start):
                name = m.group("n")
                if name in self.lex.stop:
                    continue
                known = Known(name, "Product" if m.group("head") in ("app", "platform") else "Company")
                every = re.compile(rf"(?<![\w.-]){re.escape(name)}(?![\w-])")
                found += [_Span(x.start(), x.end(), name, known) for x in every.finditer(text, start)]
            for m in _RUN.finditer(text, start):
                if self._skip_line(text, m.start()):
                    continue
                found += self._pieces(text, m.start(), m.end())
        for f in found:
            x = _SUFFIX_AFTER.match(text, f.end)
            if x:
                f.end += len(x.group(0))
                f.surface = text[f.start:f.end]
        for m in _PAIR_DEAL.finditer(text, start):  # "the Mars-Kellanova transaction": two parties, not one name
            if normalize(m.group(0)) in self.cat.by_norm or not all(
                    re.search(rf"(?<![\w-]){re.escape(m.group(g))}(?![\w-])", text) for g in (1, 2)):
                continue  # "Coca-Cola", "Rolls-Royce": one name, its parts never stand alone
            found = [f for f in found if not (f.start <= m.start(1) and m.end(2) <= f.end)]
            found += [_Span(m.start(g), m.end(g), m.group(g)) for g in (1, 2)
                      if self._plausible(text, m.start(g), m.end(g), m.group(g), False)]
        # longest first, then earliest; drop overlaps
        taken: list[_Span] = []
        occupied = bytearray(len(text) + 1)
        for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
            if not any(occupied[f.start:f.end]):
                taken.append(f)
                occupied[f.start:f.end] = b"\x01" * (f.end - f.start)
        taken.sort(key=lambda f: f.start)
        return taken

    def _skip_line(self, text: str, pos: int) -> bool:
        """Title Case headings capitalise every word and bylines name no party: only known names count there."""
        a = text.rfind("\n", 0, pos) + 1
        if a not in self._lines:
            b = text.find("\n", pos)
            line = text[a:b if b >= 0 else len(text)].strip()
            words = [w for w in line.split() if len(w) > 3 and w[0].isalpha()]
            caps = sum(w[0].isupper() for w in words)
            heading = len(words) >= 4 and caps >= 0.7 * len(words) and not line.endswith(".") \
                and not _SIGNATURE.match(line)  # "Hock Tan, President and CEO of Broadcom" names people
            self._lines[a] = heading or bool(_BYLINE.match(line))
        return self._lines[a]

    def _pieces(self, text: str, a: int, b: int) -> list[_Span]:
        """Cut a capitalised run into names: at stop words, roles and connectors that join nothing."""
        lex = self.lex
        words = [(m.start() + a, m.end() + a) for m in re.finditer(r"\S+", text[a:b])]
        toks = [text[s:e] for s, e in words]
        out: list[_Span] = []
        piece: list[int] = []
        hints: set[str] = set()

        def close(next_hints: set[str] = frozenset()) -> None:
            nonlocal piece, hints
            if piece:
                span = self._piece_span(text, words, toks, piece, hints)
                if span is not None:
                    out.append(span)
            piece, hints = [], set(next_hints)

        i = 0
        while i < len(toks):
            tok, low = toks[i], toks[i].lower().rstrip(".,")
            role = lex.role_at(toks, i)
            if role and not self._in_name(toks, i, role):
                if piece and all(toks[k].lower().rstrip(".,") in lex.role_modifiers for k in piece):
                    piece = []  # "Finance Minister", "Democratic Commissioner": neither is a name
                if piece:
                    hints.add("org")  # "Disney CEO Bob Iger": Disney is the employer
                close({"person"})
                i += role
                continue
            if tok in ("of", "and", "&", "for", "de", "du", "des", "der", "den", "von", "van", "la", "le", "del", "da", "di"):
                step = self._connector(toks, i, piece)
                if step:
                    piece += list(range(i, i + step))
                    i += step
                    continue
                close()
                i += 1
                continue
            if _PLURAL_ACRONYM.match(tok) and piece:  # "OpenAI APIs": the kind of thing after a name
                close()
                i += 1
                continue
            if self._inner(toks, i, piece, self._sentence_start(text, words[i][0])):
                piece.append(i)
                i += 1
                continue
            if (low.replace("’", "'") in lex.stop and not (tok in given_names() and i + 1 < len(toks)
                                                            and toks[i + 1][:1].isupper() and not toks[i + 1][:1].isdigit())) \
                    or _ADJECTIVE.search(tok) or (
                    low in lex.nationalities and not self._org_ahead(toks, i)):
                adj = None if piece else _ADJECTIVE.search(tok)
                if _PLACE_ADJECTIVE.search(tok):
                    piece, adj = [], None  # "South San Francisco-based": a place, whole
                elif piece and _OWNER_ADJECTIVE.match(tok):
                    a0, b0 = words[piece[0]][0], words[i][0] + tok.rindex("-")  # "the Sam Altman-led company"
                    if self._plausible(text, a0, b0, text[a0:b0], False):
                        out.append(_Span(a0, b0, text[a0:b0], None, frozenset(hints)))
                    piece, hints = [], set()
                    i += 1
                    continue
                close()
                if adj:  # "Disney-owned ESPN", "Google-backed Anthropic": the name before the hyphen
                    stem = tok[:adj.start()]
                    a0 = words[i][0]
                    if stem[:1].isupper() and stem.lower() not in lex.stop \
                            and self._plausible(text, a0, a0 + len(stem), stem, False):
                        out.append(_Span(a0, a0 + len(stem), stem))
                i += 1
                continue
            piece.append(i)
            i += 1
        close()
        return out

    def _inner(self, toks: list[str], i: int, piece: list[int], opens_sentence: bool = False) -> bool:
        """A stop word that belongs to the name around it: "New York Post", "Vertex AI", "Data API",
        "Ansible Automation Platform", "Capital One Financial" (but "Google AI" is Google)."""
        tok = toks[i]
        if not tok[:1].isupper():
            return False
        if len(tok) == 1 and piece and i + 1 < len(toks) and toks[i + 1][:1].isupper():
            return True  # a middle initial without its point: "Robert A Iger"
        if piece and tok.lower() in _NUMBER_WORDS and toks[piece[-1]].lower() in _NUMBER_WORDS:
            return True  # "Forty Seven"
        if not piece:
            nxt = toks[i + 1] if i + 1 < len(toks) else ""
            low = tok.lower()
            if low in _NUMBER_WORDS and not opens_sentence and nxt[:1].isupper() and (
                    nxt.lower() not in self.lex.stop or nxt.lower() in _NUMBER_WORDS):
                return True  # "Forty Seven", "Second Genome" inside a run, not opening a sentence
            return (tok == "New" and nxt[:1].isupper() and not _ADJECTIVE.search(nxt)) or (
                low in self.lex.nationalities or low in _OPENERS or low in _MONTHS) and self._org_ahead(toks, i)
        if tok in ("AI", "API", "Platform", "One", "Pro", "Plus", "Max", "Ultra", "Mini", "Air") or self.lex.org_suffix(tok):
            return normalize(" ".join(toks[k] for k in piece)) not in self.cat.by_norm
        return False

    def _in_name(self, toks: list[str], i: int, n: int) -> bool:
        """A role word is part of a name only before a suffix or a public-body word ("Justice Department");
        elsewhere it cuts the run ("Disney CEO Bob Iger", "Chair and CEO")."""
        phrase = " ".join(toks[i:i + n])
        if phrase.isupper() and len(phrase) <= 4:
            return False  # CEO, COO, CFO
        nxt = toks[i + n] if i + n < len(toks) else ""
        if not nxt:  # "Delaware State Bank Commissioner": an office named after a public body
            return i > 0 and bool(self.lex.government.search(phrase))
        return self.lex.org_suffix(nxt) or bool(self.lex.government.search(nxt))

    def _connector(self, toks: list[str], i: int, piece: list[int]) -> int:
        """How many words from i (the connector, maybe "the") stay inside the name; 0 cuts the run."""
        if not piece or i + 1 >= len(toks):
            return 0
        tok = toks[i]
        step = 2 if toks[i + 1].lower() == "the" and i + 2 < len(toks) else 1
        if not toks[i + step][:1].isupper():
            return 0
        prev = toks[piece[-1]].lower().rstrip(".,")
        if tok == "&":
            return step
        if tok in ("of", "for"):  # "Bank of America", "CommunityBank of Texas"
            return step if prev in self.lex.of_heads or any(prev.endswith(h) and len(prev) > len(h) + 2
                                                            for h in ("bank", "university", "institute")) else 0
        if tok == "and":
            # "Competition and Markets Authority": the whole ends as a public body and what comes before "and" is
            # no name on its own (companies are listed with "and" far more often than they are named with it)
            rest = toks[i + step:]
            tail = next((k for k, t in enumerate(rest) if not t[:1].isupper() and t not in ("&",)), len(rest))
            whole = " ".join(rest[:tail])
            own = [k for k in piece if not self._place_word(toks[k])]  # "US Food and Drug Administration"
            left = " ".join(toks[k] for k in own)
            if tail and self.lex.government.search(rest[tail - 1]) and len(own) == 1 \
                    and not self.lex.org_suffix(left) and normalize(left) not in self.cat.by_norm \
                    and self._alone(left) <= self.text.count(f"{left} and {whole}"):
                return step
            return 0
        return step  # "von", "de", "van": inside personal and company names

    def _place_word(self, tok: str) -> bool:
        low = tok.lower().rstrip(",")
        return low in self.lex.nationalities or normalize(tok) in self.lex.places or low in ("us", "u.s.", "uk", "u.k.", "eu")

    def _alone(self, word: str) -> int:
        """How often the text writes a capitalised word: a name used on its own is no part of a longer one."""
        if self._caps is None:
            self._caps = Counter(re.findall(r"(?<![\w.-])[A-Z][\w.&-]*", self.text))
        return self._caps[word]

    def _org_ahead(self, toks: list[str], i: int) -> bool:
        """A nationality or common word opens a company name when a suffix follows: "American Airlines"."""
        for t in toks[i + 1:i + 4]:
            t = t.rstrip(".,")
            if not t[:1].isupper():
                return False
            if self.lex.org_suffix(t):
                return True
        return False

    def _piece_span(self, text: str, words, toks: list[str], piece: list[int], hints: set[str]) -> _Span | None:
        lex = self.lex
        while piece and toks[piece[-1]] in ("of", "and", "&", "for", "the", "de", "von", "van"):
            piece = piece[:-1]
        if not piece:
            return None
        a = words[piece[0]][0]
        start = self._sentence_start(text, a)
        first = toks[piece[0]].lower().rstrip(".,")
        if start and len(piece) > 1 and (first in lex.company_descriptors or first in lex.role_modifiers
                                         or (_VERB_FORM.match(toks[piece[0]]) and toks[piece[0]] not in given_names()
                                             and not self._role_follows(text, words[piece[-1]][1]))):
            if first in lex.company_descriptors:
                hints = hints | {"org"}  # "Chipmaker Nvidia"
            piece = piece[1:]
            a, start = words[piece[0]][0], False
        b = words[piece[-1]][1]
        name = text[a:b].rstrip(".,")
        title = lex.title.match(name)
        if title:
            a, name = a + title.end(), name[title.end():]
            hints = hints | {"person"}
            start = False
        b = a + len(name)
        if not self._plausible(text, a, b, name, start):
            return None
        return _Span(a, b, name, None, frozenset(hints))

    def _described_after(self, text: str, b: int) -> bool:
        head = _DESCRIBED_AFTER.match(text, b)
        word = head.group(1).lower() if head else ""
        return word in self.lex.product_descriptors or word in self.lex.company_descriptors

    def _role_follows(self, text: str, b: int) -> bool:
        """ "Canning Fok, deputy chairman of X": a title after the comma makes the run a person's name."""
        return bool(self.lex.title_after.match(text, b, b + 80))

    @staticmethod
    def _sentence_start(text: str, a: int) -> bool:
        before = text[max(0, a - 3):a]
        end = before.rstrip()
        line = text[text.rfind("\n", 0, a) + 1:a]
        return not before.strip() or "\n" in before or end[-1:] in _SENTENCE_START or end[-2:] in (".’", "?’", "!’") \
            or bool(re.fullmatch(r"\s*[-–—]\s*", line))

    def _plausible(self, text: str, a: int, b: int, name: str, sentence_start: bool) -> bool:
        n, lex = normalize(name), self.lex
        if not n or n in lex.places or n.isdigit() or len(n) < 2 or _ADJECTIVE.search(name):
            return False
        if n in lex.generic or all(w in lex.stop or w.isdigit() or w in lex.generic or w in lex.nationalities
                                   for w in re.split(r"[\s-]+", name.lower())):
            return False  # "AI", "April-December", "ET PM", "Israeli AI"
        if name[:1].isdigit() and not re.match(_DIGITAL + r"|\d+and[A-Z]", name):
            return False  # "1.5T parameters", "6M users": amounts, not names
        if n in lex.nationalities or (_PLURAL_ACRONYM.match(name) and not re.search(r"['’]s\s*$", text[max(0, a - 4):a])):
            return False  # "CPUs" is a kind of thing; "Google's TPUs" are a product
        if name.isupper() and (a == 0 or text[a - 1] == "\n") and (text[b:b + 1] == "," or text[b:b + 2] in (" —", " -", " –")):
            return False  # a wire dateline's city: "LONDON, Oct 13 (Reuters) -"
        if _PLACE_BASED_AFTER.match(text, b):
            return False  # "Rahway, New Jersey-based Merck": a town
        if name.isupper() and _abbreviates_common_noun(text, a, name):
            return False  # "user-generated content (UGC)": an abbreviation of lower-case words
        if " " in name:
            return True
        # one capitalised word: keep acronyms, CamelCase, and words capitalised mid-sentence
        if name.isupper() or any(c.isupper() for c in name[1:]) or any(c.isdigit() for c in name):
            return True
        if sentence_start and _TICKER_AFTER.match(text, b):
            return True  # "Twilio (NYSE: TWLO) will acquire ...": a listed company
        if sentence_start and self._described_after(text, b):
            return True  # "Keytruda, the world's top-selling drug, ...": the apposition says what it is
        if sentence_start:
            self._deferred.append(_Span(a, b, name))  # a name only if the text also uses it mid-sentence
        return not sentence_start

    # -- types -------------------------------------------------------------------------------------------------
    def _evidence(self, span: _Span) -> Counter:
        """Votes for the type of the entity one mention names, from its shape and the words around it."""
        lex, text, a, b, surface = self.lex, self.text, span.start, span.end, span.surface
        v: Counter = Counter()
        words = surface.split()
        personish = 1 <= len(words) <= 4 and all(w[:1].isupper() and w.replace(".", "").replace("-", "").replace("'", "")
                                                 .replace("’", "").isalpha() for w in words) \
            and not lex.org_suffix(surface) and not lex.government.search(surface)
        if "person" in span.hints and personish:
            v["Person"] += 6
        if "org" in span.hints:
            v["Company"] += 3
        before, after = text[max(0, a - 60):a], text[b:b + 80]
        if personish and len(words) >= 2:
            if re.search(r"\b(?:" + lex.role_regex + r")\.?,?\s*(?:and\s+(?:chief\s+executive|ceo)\s*)?(?:of\s+\w+\s*)?[*_]*$",
                         before, re.I) or _SAID_BEFORE.search(before):
                v["Person"] += 3
            if re.match(r"^(?:,\s*(?:(?:an?|the|its|(?:[\w.&-]+ ){0,3}[\w.&-]+['’]s?) )?(?:[\w-]+ ){0,4}?(?:"
                        + lex.role_regex + r")\b|\s+(?:said|says|told|wrote|tweeted|posted|added)\b"
                        r"|\s+(?:will\s+|would\s+|is\s+to\s+)?(?:remain|become|serve\s+as|take\s+over\s+as|step\s+down\s+as)"
                        r"\s+(?:the\s+|its\s+)?(?:new\s+|interim\s+|acting\s+)?(?:[\w-]+\s+){0,2}?(?:" + lex.role_regex + r")\b"
                        r"|,\s+who\s+(?:co-?founded|founded|runs|leads|heads|ran|led|headed)\b)", after, re.I):
                v["Person"] += 3
        desc = (re.search(r"(?:^|[\s(“\"])([A-Za-z][\w-]*)(?:\s+(?:called|named|dubbed|titled))?\s*[*_“\"]{0,2}$", before)
                or _DESCRIBED_BEFORE.search(before))  # "its new chatbot, Orion"; 'a chatbot called "Orion"'
        if (not desc or desc.group(1).lower() not in lex.product_descriptors) and _QUOTED_NEXT.search(before):
            desc = _QUOTED_LIST_HEAD.search(text, max(0, a - 200), a)  # 'the films "Up," "Cars"': the list's noun
        if desc:
            word = desc.group(1).lower()
            if word in lex.product_descriptors and word not in ("platform", "network", "brand", "store"):
                v[lex.product_descriptors[word]] += 4  # "the chatbot Grok", "drug Tepezza"
            elif word in lex.company_descriptors and word not in ("partner", "investor", "platform", "brand"):
                v["Company"] += 4  # "startup Wiz", "the chipmaker Nvidia"
        head = re.match(r"^\s+((?:large\s+)?(?:language\s+)?[A-Za-z]+)\b", after)
        far = re.match(r"^\s+(?:[a-z][\w-]*\s+){1,2}([a-z]+)\b", after)  # "Dragon speech recognition software"
        if far and not head_type(lex, head) and lex.product_descriptors.get(far.group(1)) and not lex.org_suffix(surface):
            v[lex.product_descriptors[far.group(1)]] += 2
        if head and not _COMPANY_AFTER.match(after):
            t = lex.product_descriptors.get(head.group(1).lower())
            if t and (not lex.org_suffix(surface) or words[-1] == "AI"):
                v[t] += 3  # "Claude models", "the Sora app", "Mist AI software"
            elif head.group(1).lower() in lex.company_descriptors and head.group(1).lower() not in ("platform", "brand"):
                v["Company"] += 2
        appos = re.match(r"^\s*,\s*(?:an?|the|its|their)\s+(?:[\w'’-]+\s+){0,5}?([a-z][\w-]*)(?=\s*[,.;:)]|\s+(?:that|which|who|"
                         r"whose|based|behind|for|from|in|of|with|backed|founded|valued|known|and|to|at|on|said|has|is|was|"
                         r"will)\b)", after)
        if appos:
            word = appos.group(1).lower()
            if word in lex.company_descriptors:
                v["Company"] += 4  # "Horizon Therapeutics, a ... company"
            elif word in lex.product_descriptors:
                v[lex.product_descriptors[word]] += 4
        if re.match(r"^\s+(?:ceo|chief\s+executive|co-?founder|founder|chairman|chairwoman|boss|president)\b[\s,]+[A-Z]",
                    after, re.I):
            v["Company"] += 5  # "Nuance CEO Mark Benjamin": whoever has a chief executive is a company
        elif _COMPANY_AFTER.match(after) or _COMPANY_BEFORE.search(before):
            v["Company"] += 2
        elif not personish and _AGENT_AFTER.match(after):
            v["Company"] += 1
        if _PRODUCT_BEFORE.search(before):
            v["Product"] += 2
        if re.match(r"^-(?:maker|developer|creator)\b", after):
            v["Product"] += 4  # "Botox-maker Allergan"
        if not lex.org_suffix(surface) and _REGULATOR_ACTS.match(after):
            v["Government"] += 2  # "the NHTSA opened an investigation"
        return v

    def _shape(self, surface: str) -> Counter:
        """Votes from the name itself, counted once per spelling: suffixes, public-body words, given names, versions."""
        lex, words, v = self.lex, surface.split(), Counter()
        if lex.government.search(surface):
            v["Government"] += 8
        elif lex.org_suffix(surface) and len(words) > 1:
            v["Company"] += 2 if words[-1] == "AI" else 6  # "Mist AI software" is a product
        if 2 <= len(words) <= 4 and words[0] in given_names() and not lex.org_suffix(surface):
            v["Person"] += 4
        last = words[-1].lower() if words else ""
        if len(words) > 1 and last in lex.product_descriptors and not lex.org_suffix(surface):
            v[lex.product_descriptors[last]] += 3  # "Quill Assistant", "Azure OpenAI Service"
        if re.search(r"[A-Za-z].*\d", surface) and not lex.org_suffix(surface):
            v["AIModel"] += 2  # "GPT-4o", "Llama 2"; not "3G Capital" or "23andMe"
        if _VERSIONED.fullmatch(surface):
            v["AIModel"] += 4
        return v

    def _decide(self, ent: LocalEntity) -> None:
        if ent.known is not None:
            ent.type = ent.known.type
            return
        if ent.votes:
            best = max(ent.votes.values())
            ent.type = next(t for t in _TYPE_ORDER if ent.votes.get(t) == best)
            return
        name = ent.name
        words = name.split()
        personish = 2 <= len(words) <= 4 and all(w[:1].isupper() and w.replace(".", "").replace("-", "").isalpha()
                                                 for w in words)
        ent.type = "Other" if personish else "Company"

    def _coordinated(self, mentions: list[Mention]) -> None:
        """Names listed together share a type when one has no evidence of its own: "Pringles and Cheez-It"."""
        prev = None
        for m in mentions:
            ent = self.entities.get(m.entity)
            if ent is None:
                continue
            if prev is not None and ent.known is None and sum(ent.votes.values()) < 3 and _COORD.fullmatch(self.text[prev[0]:m.start]):
                if prev[1] in ("Product", "Person", "AIModel") and (prev[1] != "Person" or ent.type in ("Other", "Person")):
                    ent.type = prev[1]
            prev = (m.end, ent.type)

    # -- clustering --------------------------------------------------------------------------------------------
    def _cluster(self, spans: list[_Span]) -> list[Mention]:
        out = []
        elsewhere = {normalize(f.surface) for f in spans}
        elsewhere |= {n.rsplit(" ", 1)[-1] for n in elsewhere if " " in n}  # "Rappaport" after "Assaf Rappaport"
        elsewhere |= {n.split(" ", 1)[0] for n in elsewhere if " " in n}  # "Mellanox" after "Mellanox Technologies"
        taken = bytearray(len(self.text) + 1)
        for f in spans:
            taken[f.start:f.end] = b"\x01" * (f.end - f.start)
        spans = sorted(spans + [d for d in self._deferred if normalize(d.surface) in elsewhere
                                and not any(taken[d.start:d.end])], key=lambda f: f.start)
        for f in spans:
            key = self._key(f)
            if key is None:
                continue
            ent = self.entities[key]
            if f.surface not in ent.surfaces:
                ent.votes.update(self._shape(f.surface))
            ent.surfaces[f.surface] += 1
            ent.votes.update(self._evidence(f))
            head = _HEAD_NOUN.match(self.text, f.end)
            if head and head.group(1).lower() in self.lex.product_descriptors:
                ent.phrases.add((f"{f.surface} {head.group(1)}", self.lex.product_descriptors[head.group(1).lower()]))
            out.append(Mention(f.start, f.end, key))
        for ent in self.entities.values():
            self._decide(ent)
        self._merge_variants(out)
        for ent in self.entities.values():
            self._decide(ent)
        self._coordinated(out)
        return out

    def _key(self, f: _Span) -> str | None:
        n = normalize(f.surface)
        if not n:
            return None
        known = f.known
        if known is None and n in self.cat.by_norm:
            known = self.cat.by_norm[n]
        if known is not None:
            key = normalize(known.name)
            if key not in self.entities:
                self.entities[key] = LocalEntity(key, known.type, known=known)
            self.alias[n] = key
            return key
        if n in self.alias:
            return self.alias[n]
        self.entities[n] = LocalEntity(n, "Other")
        self.alias[n] = n
        if _RENAME.search(self.text[max(0, f.start - 40):f.start]):
            self.renames.append((n, f.start))
        return n

    def _merge_variants(self, mentions: list[Mention]) -> None:
        """Acronyms, short forms, surnames and shortened model names join the fuller entity they stand for.

        Candidates come from indexes over the longer names' words, so a document naming thousands of
        entities costs no more per name than one naming ten."""
        ents, lex = self.entities, self.lex
        keys = list(ents)
        target: dict[str, str] = {}
        first: dict[str, int] = {}
        last_before: dict[str, list[int]] = {}
        for m in mentions:
            first.setdefault(m.entity, m.start)
            last_before.setdefault(m.entity, []).append(m.start)
        initials: dict[str, list[str]] = {}
        ends: dict[str, list[str]] = {}  # a proper prefix or suffix of a longer name (in words) -> those names
        words: dict[str, list[str]] = {}  # a distinctive word of a company's name -> those names
        for o in keys:
            if " " not in o:
                continue
            w = o.split()
            if ents[o].type != "Person":
                initials.setdefault(_initials(ents[o].name), []).append(o)
            for n in range(1, len(w)):
                ends.setdefault(" ".join(w[:n]), []).append(o)
                ends.setdefault(" ".join(w[n:]), []).append(o)
            if ents[o].type in ("Company", "Other", "Government"):
                for d in _distinctive(o, lex):
                    words.setdefault(d, []).append(o)
        # "Harper Collins" and "HarperCollins", "Open AI" and "OpenAI": one name spelt with and without spaces
        squashed: dict[str, str] = {}
        for k in keys:
            sq = re.sub(r"[\s.-]", "", k)
            if sq in squashed and squashed[sq] != k:
                a, b = squashed[sq], k
                keep, drop = (a, b) if first.get(a, 1 << 30) <= first.get(b, 1 << 30) else (b, a)
                if ents[drop].known is None:
                    target.setdefault(drop, keep)
            else:
                squashed[sq] = k
        # "Federal Trade Commission (FTC)", "Qualcomm Inc. (QCOM)": the acronym or ticker in brackets is the name
        # before it (a one-word name only when the letters come from it in order)
        for i, m in enumerate(mentions[:-1]):
            x = _ACRONYM_AFTER.match(self.text, m.end)
            nxt = mentions[i + 1]
            name = ents[m.entity].name
            if x and nxt.start == x.start(2) and nxt.entity != m.entity and ents[nxt.entity].known is None \
                    and (x.group(1) or " " in name or _abbreviates(x.group(2), name)):
                target.setdefault(nxt.entity, m.entity)
        for k in keys:
            ent = ents[k]
            if ent.known is not None or k in target:
                continue
            name = ent.name
            if " " not in k and name.isupper() and 2 <= len(name) <= 6:
                # "FTC" for "Federal Trade Commission", "JLR" for "Jaguar Land Rover"
                full = [o for o in initials.get(name, []) if o != k]
                if len(full) == 1:
                    target[k] = full[0]
                    continue
            formal = [o for o in ends.get(k, []) if o.startswith(k + " ") and ents[o].known is None
                      and all(lex.org_suffix(w) or w in lex.places for w in o[len(k) + 1:].split())]
            if formal and ent.type in ("Company", "Other") and ents[formal[0]].type in ("Company", "Other"):
                target[formal[0]] = k  # "T-Mobile US", "Acme Inc": the same company, named formally
                continue
            if ent.type in ("Company", "Other") and " " not in k and ent.votes.get("Person", 0) == 0:
                # "Kraft" after "Kraft Foods Group", "Disney" after "Walt Disney Company": a company's short form
                longer = [o for o in words.get(k, []) if first.get(o, 1 << 30) < first.get(k, 0)]
                if longer:
                    target[k] = min(longer, key=lambda o: first.get(o, 1 << 30))
                    continue
            longer = [o for o in ends.get(k, []) if ents[o].type in ("AIModel", "Person", "Government")]
            if not longer:
                continue
            if ent.type in ("AIModel", "Other") and re.search(r"\d", k):
                models = [o for o in longer if ents[o].type == "AIModel" and re.search(r"\d", o)]
                if len(models) == 1:
                    target[k] = models[0]
            elif " " not in k:
                # "Wirth" is Mike Wirth; "the Commission" is the European Commission named before
                kind = "Government" if ent.type == "Government" else "Person"
                if kind == "Person" and any(lex.org_suffix(x) for x in ent.surfaces):
                    continue  # "Hess Corp" is not John Hess
                people = [o for o in longer if ents[o].type == kind and o.endswith(" " + k)]
                if len(people) > 1 and kind == "Government":  # the one named last before the short form
                    start = first.get(k, 0)
                    last = {o: max((p for p in last_before.get(o, []) if p < start), default=-1) for o in people}
                    people = [max(people, key=last.get)] if max(last.values()) >= 0 else people
                if len(people) == 1:
                    target[k] = people[0]
        for n, pos in self.renames:
            prior = [m for m in mentions if m.end <= pos and m.entity != n and pos - m.end < 200]
            if prior and n not in target:
                target[n] = prior[-1].entity
        self.renames = []
        moved: dict[str, str] = {}
        for k, t in target.items():
            seen = {k}
            while t in target and t not in seen:
                seen.add(t)
                t = target[t]
            if t == k or k not in ents or t not in ents:
                continue
            src = ents.pop(k)
            ents[t].surfaces.update(src.surfaces)
            ents[t].phrases |= src.phrases
            if ents[t].known is None:
                ents[t].votes.update(src.votes)
            moved[k] = t
        if moved:
            for n, v in self.alias.items():
                while v in moved:
                    v = moved[v]
                self.alias[n] = v
            for m in mentions:
                while m.entity in moved:
                    m.entity = moved[m.entity]

    # -- anaphors ----------------------------------------------------------------------------------------------
    def _anaphors(self, text: str, start: int) -> list[Mention]:
        out = []
        for m in self.lex.anaphor.finditer(text, start):
            if text[m.end():m.end() + 2][-1:].isupper() and text[m.end():m.end() + 1] == " ":
                continue  # "the venture firm Page One Ventures": a description followed by the name
            head = m.group("head").lower()
            out.append(Mention(m.start(), m.end(), None, kind=self.lex.anaphor_heads.get(head, "Company")))
        out += [Mention(m.start(), m.end(), None, kind="Company", pronoun=True) for m in _PRONOUN.finditer(text, start)]
        out += [Mention(m.start(), m.end(), None, kind="Person") for m in _PERSON_PRONOUN.finditer(text, start)]
        out += [Mention(m.start(), m.end(), None, kind="Company", order=2 if m.group(1).lower() == "former" else 1)
                for m in _FORMER_LATTER.finditer(text, start)]
        return sorted(out, key=lambda m: m.start)

    def resolve_anaphors(self) -> None:
        """Fill each anaphor's candidates: the named entities of its kind, most recent first
        (models: most mentioned first, since articles keep returning to their subject model)."""
        seen: list[str] = []
        origin: dict[str, set[str]] = {}  # "Dutch chip equipment maker ASML": ASML is Dutch
        for m in self.mentions:
            if m.entity is not None and (_ATTRIBUTION.search(self.text, max(0, m.start - 20), m.start)
                                         or _REPORTED.match(self.text, m.end)):
                continue  # "according to the AP", "Reuters reported": a source, not what "it" or "the company" means
            if m.entity is not None:
                # what the text called it: "Dutch chipmaker X", "X, a Boston-based robotics startup"
                before = self.text[max(0, m.start - 50):m.start].lower().split()[-5:]
                after = _APPOSITIVE_HEAD.match(self.text, m.end)
                words = before + (after.group(0).lower().replace(",", " ").split() if after else [])
                origin.setdefault(m.entity, set()).update(
                    w for w in words if w in self.lex.nationalities or w in self.lex.anaphor_heads)
                if m.entity in seen:
                    seen.remove(m.entity)
                seen.append(m.entity)
                continue
            kinds = ("Company", "Other", "Platform") if m.kind == "Company" else (m.kind,)  # Facebook is both
            pool = [k for k in reversed(seen) if self.entities[k].type in kinds]
            if seen and _HYPHEN_MODIFIER.search(self.text, max(0, m.start - 20), m.start):
                pool = [k for k in pool if k != seen[-1]]  # "the Microsoft-backed startup" is not Microsoft
            if m.order:  # "X and Y agreed; the latter ...": Y, the former: X
                m.cands = pool[m.order - 1:m.order] if len(pool) >= 2 else []
                m.described = bool(m.cands)
                continue
            if m.kind == "AIModel":
                pool.sort(key=lambda k: -self.frequency[k])
            said = {w for w in self.text[m.start:m.end].lower().split() if w in self.lex.nationalities}
            if said:  # "the Dutch company" is the one the article called Dutch
                pool.sort(key=lambda k: not (said & origin.get(k, set())))
                m.described = bool(pool) and bool(said & origin.get(pool[0], set()))
            else:  # "the startup" is the one the article called a startup, when one was
                head = self.text[m.start:m.end].lower().split()[-1]
                if head not in ("company", "firm", "group") and any(head in origin.get(k, ()) for k in pool):
                    pool.sort(key=lambda k: head not in origin.get(k, set()))
                    m.described = True
            m.cands = pool

    def salient(self, etype: str) -> str | None:
        """The most mentioned entity of a type: the article's subject of that kind."""
        best = [(n, k) for k, n in self.frequency.items() if k in self.entities and self.entities[k].type == etype]
        return max(best)[1] if best else None

    def letter(self, m: Mention) -> str:
        if m.entity is None:
            return TYPE_LETTER.get(self.entities[m.cands[0]].type, "O") if m.cands else "O"
        return TYPE_LETTER.get(self.entities[m.entity].type, "O")

    def spans_of(self, key: str) -> list[tuple[int, int]]:
        """Where the text names an entity: the offsets of its mentions (anaphors excluded)."""
        return [(m.start, m.end) for m in self.mentions if m.entity == key]


_APPOSITIVE_HEAD = re.compile(r"\s*,\s*(?:a|an|the)\s+(?:[\w-]+\s+){0,4}?[\w-]+(?=\s*[,.;)]|\s+(?:that|which|based|with|in|of)\b)")


def head_type(lex: Lexicon, head: re.Match | None) -> str | None:
    return lex.product_descriptors.get(head.group(1).lower()) if head else None


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w[:1].isupper())


def _distinctive(key: str, lex: Lexicon) -> set[str]:
    """The words of a multi-word company name that could stand for it alone: its first word, and its last
    word before any suffix ("walt disney company" -> walt, disney)."""
    words = key.split()
    core = [w for w in words if w not in lex.org_suffixes and w not in lex.stop]
    if not core:
        return set()
    return {core[0], core[-1]} - lex.stop - lex.nationalities
