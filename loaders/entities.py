"""Entity mentions in one document: known names, names discovered in the text, and anaphors.

Known names come from the built-in catalogue (data/catalogue.yaml). New names are discovered as
runs of capitalised words and versioned model names ("Grok V9-Medium", "v8-small"); their type is
guessed from the words around them. Within a document, mentions that normalise alike are one
entity, as are a model and its shortened forms ("V9-Medium" -> "Grok V9-Medium") and a person and
their surname. Generic phrases ("the company", "the startup", "the model") are anaphors: they are
resolved to a named entity at the point of use and never become aliases.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ..graph.names import normalize

DATA = Path(__file__).with_name("data")
TYPE_LETTER = {"Company": "C", "Person": "P", "Product": "D", "AIModel": "M", "Platform": "L",
               "Government": "G", "Dataset": "T", "Other": "O"}


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

    def maker_of(self, name: str) -> str | None:
        """The maker of a known product, or of a member of a known model family ("Grok 4" -> xAI)."""
        words = normalize(name).split(" ")
        for n in range(len(words), 0, -1):
            k = self.by_norm.get(" ".join(words[:n]))
            if k and k.maker and (n == len(words) or k.family or k.type == "AIModel"):
                return k.maker
        return None


def _names_regex(names: list[str], flags: int) -> re.Pattern | None:
    if not names:
        return None
    alts = "|".join(re.escape(n).replace(r"\ ", r"\s+").replace("'", "['’´]")
                    for n in sorted(set(names), key=len, reverse=True))
    return re.compile(r"(?<![\w@#/.-])(?:" + alts + r")(?![\w-]|\.\w)", flags)


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    return frozenset(yaml.safe_load((DATA / "given_names.yaml").read_text(encoding="utf-8"))["names"].split())


@lru_cache(maxsize=4)
def catalogue(path: str | None = None) -> Catalogue:
    raw = yaml.safe_load((Path(path) if path else DATA / "catalogue.yaml").read_text(encoding="utf-8"))
    by_norm: dict[str, Known] = {}
    sens, insens = [], []
    for e in raw["entities"]:
        known = Known(e["name"], e.get("type", "Company"), e.get("maker"), bool(e.get("family")))
        for n in [e["name"], *(e.get("aliases") or [])]:
            by_norm.setdefault(normalize(n), known)
            (sens if e.get("case") == "sensitive" else insens).append(n)
    return Catalogue(by_norm, _names_regex(sens, 0), _names_regex(insens, re.I), _names_regex(sens, re.I))


# -- discovery ---------------------------------------------------------------------------------------

_UP = "A-ZÀ-ÖØ-Þ"
_CAP = rf"(?:[{_UP}]\.(?= [{_UP}])|[{_UP}][\w]*(?:[.&·-][\w]+|:[a-z]+)*)"  # "Character.AI", "Run:ai"
_VER = r"\d+(?:\.\d+)*[A-Za-z]{0,2}(?:-[\w]+)*"
_CAMEL = rf"[a-z]{{1,4}}[{_UP}][\w]*"  # iRobot, iOS, eBay, macOS
_DISCOVER = re.compile(rf"(?<![\w.@#/-])(?:{_CAP}|{_CAMEL})(?:[ ](?:{_CAP}|{_CAMEL}|{_VER}))*(?![\w-])")
_VERSIONED = re.compile(r"(?<![\w.-])(?:(?:grok|claude|gpt|gemini|llama|mistral|qwen|phi)[ -])?v\d+(?:\.\d+)?"
                        r"(?:[- ](?:small|medium|large|mini|nano|pro|max|ultra|turbo|lite|flash))?(?![\w-])", re.I)
_STOP = frozenset("""
the a an this that these those in on at for but and or when while if as with by from after before since like
other its his her their our your my why what how here there today yesterday tomorrow currently apart still not no
most many some former previous new real it he she they we you i one two three four five six seven eight nine ten
level core model name release current parameter parameters supplementary basic public industry impact pros cons
further source what's it's here's don't isn't key next last first second third fourth according under over also
however meanwhile instead although though because so then now just only even yet again both each every all any
anti pro neutral skeptic liked free monday tuesday wednesday thursday friday saturday sunday january february
march april may june july august september october november december mid early late cash stock shares deal
chief ceo cfo cto president chairman founder co-founder executive officer director head boss mr mrs ms dr sir
reading technical computational asset global dual why how users user developers developer investors watch look
strip capital cyber transaction legal licensing following user platform moderation series
is are was were be been has have had do does did can could should would will shall might must buying api sdk
about around nearly roughly approximately almost rival rivals
original editorial retrospective insight verified ai llm llms gpu gpus ipo
jan feb mar apr jun jul aug sep sept oct nov dec inc corp ltd llc plc chair chairwoman chairperson nyse nasdaq
chinese american british japanese european indian german french korean israeli canadian australian emirati
saudi russian taiwanese swiss dutch irish italian spanish western eastern asian african finnish swedish norwegian
danish polish austrian belgian brazilian mexican singaporean turkish vietnamese indonesian thai malaysian egyptian
nigerian kenyan argentine chilean portuguese greek czech hungarian ukrainian scottish welsh
""".split())
_ADJECTIVE = re.compile(r"-(?:focused|based|backed|owned|led|controlled|made|powered|driven|like|style|related|"
                        r"designed|native|first|generated|specific)$", re.I)
_OPENERS = frozenset("""american british chinese japanese european indian german french korean israeli canadian
australian saudi swiss dutch irish italian spanish western eastern asian african capital global first cash core
level public industry real basic new general national united digital one""".split())
_INNER = frozenset("of on for and de la von van one ai".split())  # inside a name: "Instant On", "Page One Ventures"
_PLACES = frozenset(normalize(x) for x in (
    "US", "U.S.", "USA", "UK", "U.K.", "EU", "Europe", "European Union", "America", "United States", "United Kingdom",
    "China", "Japan", "India", "Germany", "France", "Britain", "Korea", "South Korea", "Taiwan", "Israel", "Canada",
    "Australia", "Brazil", "South Africa", "Washington", "Beijing", "Silicon Valley", "Abu Dhabi", "London",
    "New York", "California", "Texas", "Ireland", "Singapore", "Hong Kong", "Middle East", "Asia", "Africa",
    "Wall Street", "Paris", "Berlin", "Tokyo", "Seoul", "Delhi", "Shanghai", "San Francisco", "York", "New York",
    "Jersey", "Zealand", "Brussels", "Britain", "Chinese", "Washington", "Beijing", "Sunnyvale", "Armonk"))
_ROLE = r"(?:ceo|chief executive|chief|co-?founder|founder|president|chairman|chairwoman|boss|head|investor|analyst|" \
        r"counsel|director|officer|engineer|designer|researcher|scientist|spokes\w+|executive|partner|mr|ms|mrs|dr|sir|" \
        r"judge|justice|senator|governor|secretary|minister|attorney general|veterans?)"
_PERSON_BEFORE = re.compile(_ROLE + r"\.?,?\s*(?:and (?:chief executive|ceo)\s*)?(?:of \w+\s*)?[*_]*$", re.I)
# a title before a name is not part of it: "U.S. District Judge William Young", "Attorney General Merrick Garland"
_TITLE = re.compile(r"^(?:(?:U\.S\.|US|Federal|District|Chief|Circuit|Senior|State|Deputy)\s+)*(?:Judge|Justice|Sheikh|"
                    r"Sheikha|Senator|Sen\.|Rep\.|Attorney General|Secretary|Governor|Gov\.|Mayor|Prince|Princess|"
                    r"Prime Minister|Minister|Chancellor|President|Vice President|Commissioner|Dr\.?|Sir|Dame|Lord|Lady)"
                    r"\s+(?=[A-Z][\w.-]*\s+[A-Z])")
_PERSON_AFTER = re.compile(r"^(?:,\s*(?:(?:an?|the|its|(?:[\w.&-]+ ){0,3}[\w.&-]+['’]s?) )?(?:[\w-]+ ){0,4}?" + _ROLE
                           + r"|\s+(?:said|says|told|wrote|tweeted|posted|added)\b"
                           r"|,\s+who\s+(?:co-?founded|founded|runs|leads|heads|ran|led|headed)\b)", re.I)
_SAID_BEFORE = re.compile(r"\b(?:said|says|according to|hired|hires|poached|named|appointed|tapped|(?:co-?founded|founded|led|"
                          r"headed|run)(?: in \d{4})? by(?: [A-Z][\w.]*(?: [A-Z][\w.]*){0,2},? and)?|Founded(?: in \d{4})? by)\s*$")
_ORG_SUFFIX = re.compile(r"\b(?:inc|corp|corporation|co|ltd|llc|plc|ag|sa|gmbh|group|holdings|ventures|capital|"
                         r"partners|labs?|systems|networks|technologies|bank|fund|media|games|studios|enterprises?|"
                         r"ai|authority|commission|agency|department|ministry|cos|airlines|airways|computing|financial|"
                         r"services|foods|brands|energy|motors|pharmaceuticals|therapeutics|semiconductors?|industries|"
                         r"communications|entertainment|insurance|petroleum|resources|robotics|solutions|payments|grocers|"
                         r"bancorp|investments|international|global|software|electronics|healthcare|biosciences)\.?$", re.I)
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
_QUOTED = re.compile(r"[\"“]([A-Z][\w'’-]*(?: (?:[A-Z][\w'’-]*|of|the|and|for|on|in|at|to|a|&)){1,5})[\"”]")
_PUBLIC_BODY = re.compile(r"authority|commission|agency|department|ministry")


def _company_head(name: str) -> str | None:
    """The distinctive first word of a company name that is otherwise only suffixes ("zt systems" -> "zt")."""
    head, _, rest = name.partition(" ")
    if rest and head not in _STOP and head not in _OPENERS and all(
            _ORG_SUFFIX.search(w) and not _PUBLIC_BODY.match(w) for w in rest.split()):
        return head
    return None


_SUFFIX_AFTER = re.compile(r",? (?:Inc|Corp|Ltd|LLC|PLC|Co)\b\.?")  # "Slack Technologies, Inc."
_GOV_WORDS = re.compile(r"\b(?:authority|commission|commissioner|comptroller|department|ministry|agency|court|regulator|"
                        r"watchdog|administration|tribunal|bureau|federal reserve)\b", re.I)
_HEADS = (r"(?P<head>large language models?|language models?|models?|software|app|apps|editor|tool|tools|chatbots?|"
          r"assistants?|search engine|platform|service|product|products|division|unit|team|subsidiary|startup|start-up|"
          r"company|firm|lab|fleet|network|cloud|marketplace)(?![\w'’-])")
# the head noun right after a name ("Claude models"), or ending an appositive ("G42, an AI company based in ...";
# not "Isovalent, the cloud-native networking and security startup", whose head is "startup")
_HEAD_AFTER = re.compile(r"^(?P<comma>)\s*(?:[\w-]+\s+){0,3}?" + _HEADS + r"|^(?P<comma2>\s*,\s*(?:an?|the)\s+)"
                         r"(?:[\w-]+\s+){0,5}?" + _HEADS.replace("<head>", "<head2>") + r"(?=\s*(?:[,.;:)]|$)|\s+(?:that|"
                         r"which|who|whose|based|behind|for|from|in|of|with|backed|founded|valued|known|and|to|at|on|"
                         r"said|has|is|was|will)\b)", re.I)
_HEAD_TYPE = {"model": "AIModel", "models": "AIModel", "language model": "AIModel", "language models": "AIModel",
              "large language model": "AIModel", "large language models": "AIModel", "chatbot": "Product",
              "chatbots": "Product", "division": "Company", "unit": "Company", "team": "Company",
              "subsidiary": "Company", "startup": "Company", "start-up": "Company", "company": "Company",
              "firm": "Company", "lab": "Company", "fleet": "Platform", "network": "Platform", "cloud": "Platform",
              "marketplace": "Platform", "platform": "Product"}
# what is made, launched or sold is a product: "the maker of Pringles", "unveiled Polaris"
_PRODUCT_BEFORE = re.compile(r"(?:\bmakers?\s+of|\bbehind|\bmakes|\bunveiled|\blaunched|\breleased|\bintroduced|\bdebuted|"
                             r"\b(?:products?|brands?)\s+(?:such\s+as|including|like))\s+(?:the\s+|its\s+|a\s+|an\s+)?"
                             r"(?:new\s+|open-source\s+|open\s+source\s+)?$", re.I)
_COORD = re.compile(r"(?:['’]s)?(?:\s*,\s*|\s*,?\s+(?:and|or)\s+|\s*&\s*)")
_COURT = re.compile(r"\b(?:a |the )?(?:U\.?S\.? |US |federal |district |appeals |appellate |supreme |high )+(?:court|judge)\b", re.I)
_ANAPHOR = re.compile(
    r"\b(?:the|this|that)\s+(?:newly[- ]\w+\s+|new\s+|same\s+|[\w-]+\s+){0,2}?"
    r"(?P<head>company|startup|start-up|firm|lab|laboratory|organization|organisation|giant|group|chipmaker|"
    r"model|chatbot|department|regulator|watchdog|agency|publication|publisher|billionaire|maker|retailer|"
    r"conglomerate|provider|carrier|insurer)\b"
    r"(?!\s+(?:that|which|who|whose|of|maker|developer|itself)\b|-)", re.I)
# "it" as a company: the subject of a verb ("it had terminated"), or the object of a preposition at a clause end
# ("a 45% interest in it"); "it" before other words ("it is expected", "make it easier") is left alone
_PRONOUN = re.compile(r"\b[Ii]t\b(?=\s+(?:has|had|will|would|also|now|already|then|said|says|plans|agreed|owns|holds|"
                      r"bought|sold|took|made|won|struck|paid|led|held|became|began|got|gave|built|buys|sells|makes|"
                      r"takes|leads|acquires|[a-z]+ed)\b(?!\s+(?:to|that|by)\b))|(?:(?<=\bin )|(?<=\bof )|(?<=\binto )|(?<=\bfrom )|(?<=\bwith ))it\b(?=\s*[.,;:]|\s+(?:and|as)\b)")
_ANAPHOR_KIND = {"model": "AIModel", "chatbot": "AIModel", "department": "Government", "regulator": "Government",
                 "watchdog": "Government", "agency": "Government", "billionaire": "Person"}
_RENAME = re.compile(r"(?:,\s*(?:originally|formerly|previously)(?: known as| called)?|\bnow (?:calls|called|known as)|"
                     r"\brenamed(?: it)?(?: as| to)?|\bwhat it now calls)\s*$", re.I)


@dataclass
class Mention:
    start: int
    end: int
    entity: str | None  # entity key; None for an anaphor
    kind: str = ""  # for anaphors: the entity type wanted
    cands: list[str] = field(default_factory=list)  # anaphors: candidates, best first
    pronoun: bool = False  # "it": the extractor puts the clause's subject first


@dataclass
class LocalEntity:
    key: str
    type: str
    surfaces: Counter = field(default_factory=Counter)
    known: Known | None = None

    @property
    def name(self) -> str:
        if self.known:
            return self.known.name
        return max(self.surfaces, key=lambda s: (self.surfaces[s], sum(c.isupper() for c in s), len(s)))


class Mentions:
    """All mentions of one document, in text order, and the entities they name."""

    def __init__(self, text: str, body_start: int, lowercase: bool, cat: Catalogue | None = None):
        self.text, self.cat = text, cat or catalogue()
        self.entities: dict[str, LocalEntity] = {}
        self.alias: dict[str, str] = {}  # normalised surface -> entity key
        self.renames: list[tuple[str, int]] = []
        self._headlines: dict[int, bool] = {}
        self._deferred: list[tuple[int, int, str]] = []  # new names introduced as a rename ("now calls X")
        self._titled: set[int] = set()
        self._prev: tuple[int, str] = (-1, "")  # end and type of the mention before: lists share a type  # starts of names that followed a title ("Judge", "Sheikh"): people
        spans = self._find(text, body_start, lowercase)
        self.mentions = self._cluster(spans)
        named = bytearray(len(text) + 1)
        for m in self.mentions:
            named[m.start:m.end] = b"\x01" * (m.end - m.start)
        self.mentions += [a for a in self._anaphors(text, body_start) if not any(named[a.start:a.end])]
        self.mentions.sort(key=lambda m: m.start)
        self.frequency = Counter(m.entity for m in self.mentions if m.entity)
        self.resolve_anaphors()

    # -- finding -------------------------------------------------------------------------------------
    def _find(self, text: str, start: int, lowercase: bool) -> list[tuple[int, int, str, Known | None]]:
        found: list[tuple[int, int, str, Known | None]] = []
        for rx in (self.cat.sensitive, self.cat.insensitive, self.cat.sensitive_folded if lowercase else None):
            if rx is not None:
                for m in rx.finditer(text, start):
                    if rx is self.cat.sensitive_folded and len(m.group(0)) < 4:
                        continue  # in an all-lowercase text, "x" or "ap" is not a name
                    end = m.end()
                    if text[end:end + 1] == "." and re.search(r"\b(?:Inc|Corp|Co|Ltd|Bros)$", m.group(0)):
                        end += 1  # "Amazon.com Inc." keeps its abbreviation point
                    found.append((m.start(), end, text[m.start():end], self.cat.by_norm.get(normalize(m.group(0)))))
        for m in _COURT.finditer(text, start):
            found.append((m.start(), m.end(), "federal court", Known("federal court", "Government")))
        for m in _QUOTED.finditer(text, start):
            found.append((m.start(1), m.end(1), m.group(1), None))
        for m in _VERSIONED.finditer(text, start):
            found.append((m.start(), m.end(), m.group(0), None))
        if lowercase:  # no capitals to go by: only people the wording marks ("said arthur mensch, ...")
            for m in _LOWER_PERSON.finditer(text, start):
                g = next(x for x in ("a", "b", "c") if m.group(x))
                name = m.group(g)
                if not any(w in _STOP for w in name.split()):
                    found.append((m.start(g), m.end(g), name, Known(name.title(), "Person")))
        else:
            for m in _LOWER_BRAND.finditer(text, start):
                name = m.group("n")
                if name in _STOP:
                    continue
                known = Known(name, "Product" if m.group("head") in ("app", "platform") else "Company")
                every = re.compile(rf"(?<![\w.-]){re.escape(name)}(?![\w-])")
                found += [(x.start(), x.end(), name, known) for x in every.finditer(text, start)]
            for m in _DISCOVER.finditer(text, start):
                if self._headline(text, m.start()):
                    continue
                for a, b in self._trim(text, m.start(), m.end()):
                    found.append((a, b, text[a:b], None))
        found = [(a, b + len(x.group(0)), text[a:b + len(x.group(0))], k) if (x := _SUFFIX_AFTER.match(text, b)) else (a, b, t, k)
                 for a, b, t, k in found]
        # longest first, then earliest; drop overlaps
        taken: list[tuple[int, int, str, Known | None]] = []
        occupied = bytearray(len(text) + 1)
        for f in sorted(found, key=lambda f: (-(f[1] - f[0]), f[0])):
            if not any(occupied[f[0]:f[1]]):
                taken.append(f)
                occupied[f[0]:f[1]] = b"\x01" * (f[1] - f[0])
        taken.sort()
        return taken

    def _headline(self, text: str, pos: int) -> bool:
        """Title Case lines capitalise every word; only known names are trusted there."""
        a = text.rfind("\n", 0, pos) + 1
        b = text.find("\n", pos)
        if a not in self._headlines:
            line = text[a:b if b >= 0 else len(text)].strip()
            words = [w for w in line.split() if len(w) > 3 and w[0].isalpha()]
            caps = sum(w[0].isupper() for w in words)
            self._headlines[a] = len(words) >= 4 and caps >= 0.7 * len(words) and not line.endswith(".")
        return self._headlines[a]

    def _trim(self, text: str, a: int, b: int):
        """Split a capitalised run at stop words and roles; yield the name-like pieces."""
        words = [(m.start() + a, m.end() + a) for m in re.finditer(r"\S+", text[a:b])]
        piece: list[tuple[int, int]] = []
        for i, w in enumerate(words + [(-1, -1)]):
            token = text[w[0]:w[1]] if w[0] >= 0 else ""
            inner = piece and i + 1 < len(words) and token.lower() in _INNER and token[:1].isupper()
            # "New York", "Vertex AI", "Ansible Automation Platform": kept unless the rest is a known name ("Google AI")
            inner = inner or (not piece and token == "New" and i + 1 < len(words)
                              and not _ADJECTIVE.search(text[words[i + 1][0]:words[i + 1][1]])) or (
                piece and (token in ("AI", "API", "Platform") or (token[:1].isupper() and _ORG_SUFFIX.search(token)))
                and normalize(text[piece[0][0]:piece[-1][1]]) not in self.cat.by_norm) or (
                not piece and token[:1].isupper() and self._org_ahead(text, words, i))
            if w[0] < 0 or (token.lower().strip(".") in _STOP and not inner) or _ADJECTIVE.search(token):
                if piece:
                    pa, pb = piece[0][0], piece[-1][1]
                    name = text[pa:pb].rstrip(".")
                    title = _TITLE.match(name)
                    if title:
                        pa, name = pa + title.end(), name[title.end():]
                        self._titled.add(pa)
                    pb = pa + len(name)
                    if self._plausible(text, pa, pb, name):
                        yield pa, pb
                piece = []
            else:
                piece.append(w)

    @staticmethod
    def _org_ahead(text: str, words: list[tuple[int, int]], i: int) -> bool:
        """A capitalised common word opens a company name when a company suffix follows:
        "American Airlines", "Capital One Financial", "General Motors"."""
        if text[words[i][0]:words[i][1]].lower() not in _OPENERS:
            return False
        for a, b in words[i + 1:i + 4]:
            token = text[a:b].rstrip(".,")
            if not token[:1].isupper():
                return False
            if _ORG_SUFFIX.search(token):
                return True
        return False

    def _plausible(self, text: str, a: int, b: int, name: str) -> bool:
        n = normalize(name)
        if not n or n in _PLACES or n.isdigit() or len(n) < 2 or _ADJECTIVE.search(name):
            return False
        if name.isupper() and (a == 0 or text[a - 1] == "\n") and (text[b:b + 1] == "," or text[b:b + 2] in (" —", " -", " –")):
            return False  # a wire dateline's city: "LONDON, Oct 13 (Reuters) -"
        if " " in name:
            return True
        # one capitalised word: keep acronyms, CamelCase, and words capitalised mid-sentence
        if name.isupper() or any(c.isupper() for c in name[1:]) or any(c.isdigit() for c in name):
            return True
        before = text[max(0, a - 3):a]
        sentence_start = not before.strip() or "\n" in before or before.rstrip()[-1:] in ".!?\"“:—–-•*#>|·"
        if sentence_start:
            self._deferred.append((a, b, name))  # a name only if the text also uses it mid-sentence
        return not sentence_start

    # -- clustering ----------------------------------------------------------------------------------
    def _cluster(self, spans) -> list[Mention]:
        out = []
        elsewhere = {normalize(f[2]) for f in spans}
        elsewhere |= {n.rsplit(" ", 1)[-1] for n in elsewhere if " " in n}  # "Rappaport" after "Assaf Rappaport"
        elsewhere |= {_company_head(n) for n in elsewhere} - {None}  # "Mellanox" after "Mellanox Technologies"
        taken = {(f[0], f[1]) for f in spans}
        spans = sorted(spans + [(a, b, name, None) for a, b, name in self._deferred
                                if normalize(name) in elsewhere and not any(x < b and a < y for x, y in taken)])
        for a, b, surface, known in spans:
            key = self._key(surface, known, a, b)
            if key is None:
                continue
            ent = self.entities[key]
            ent.surfaces[surface] += 1
            out.append(Mention(a, b, key))
            self._prev = (b, ent.type)
        self._merge_variants(out)
        return out

    def _key(self, surface: str, known: Known | None, a: int, b: int) -> str | None:
        n = normalize(surface)
        if not n:
            return None
        if known is None and n in self.cat.by_norm:
            known = self.cat.by_norm[n]
        if known is not None:
            key = normalize(known.name)
            if key not in self.entities:
                self.entities[key] = LocalEntity(key, known.type, known=known)
            self.alias[n] = key
            return key
        if n in self.alias:
            key = self.alias[n]
            self._retype(self.entities[key], a, b, surface)
            return key
        ent = LocalEntity(n, "Other")
        self.entities[n] = ent
        self.alias[n] = n
        self._retype(ent, a, b, surface)
        if _RENAME.search(self.text[max(0, a - 40):a]):
            self.renames.append((n, a))
        return n

    def _retype(self, ent: LocalEntity, a: int, b: int, surface: str) -> None:
        if ent.known is not None or ent.type not in ("Other", "Company"):
            return
        if ent.type == "Company" and not (" " in surface and surface.replace(" ", "").replace(".", "").isalpha()):
            return  # only a person's name can still change a company's type
        t = self._guess(a, b, surface)
        if ent.type == "Other" or (t == "Person" and ent.type == "Company"):
            ent.type = t

    def _guess(self, a: int, b: int, surface: str) -> str:
        text = self.text
        after, before = text[b:b + 60], text[max(0, a - 40):a]
        words = surface.split()
        personish = 2 <= len(words) <= 4 and all(w[:1].isupper() and (w.replace(".", "").isalpha() or "-" in w)
                                                  for w in words) and not _ORG_SUFFIX.search(surface)
        if personish and (a in self._titled or words[0] in given_names() or _PERSON_BEFORE.search(before)
                          or _SAID_BEFORE.search(before)):
            return "Person"
        h = _HEAD_AFTER.match(after)
        head = h and (h.group("head") or h.group("head2")).lower()
        if re.search(r"\d", surface) and re.search(r"[A-Za-z]", surface) and not _ORG_SUFFIX.search(surface) and not (
                h and h.group("comma2") and _HEAD_TYPE.get(head) == "Company"):
            return "AIModel"  # "G42, an artificial intelligence company" is not a model
        if _VERSIONED.fullmatch(surface):
            return "AIModel"
        if _GOV_WORDS.search(surface):
            return "Government"
        if h and not (_ORG_SUFFIX.search(surface) and not surface.endswith(" AI")):  # "Mist AI software"
            return _HEAD_TYPE.get(head, "Product")
        if personish and _PERSON_AFTER.match(after):
            return "Person"
        if not _ORG_SUFFIX.search(surface):
            if _PRODUCT_BEFORE.search(before):
                return "Product"
            if self._prev[1] in ("Product", "Person") and _COORD.fullmatch(text[self._prev[0]:a]) and (
                    self._prev[1] == "Product" or personish):
                return self._prev[1]  # "Pringles and Cheez-It", "Ryan Blue, Daniel Weeks and Jason Reid"
        if _ORG_SUFFIX.search(surface) or (surface.isupper() and len(surface) <= 6):
            return "Company"
        return "Other" if personish else "Company"

    def _merge_variants(self, mentions: list[Mention]) -> None:
        """Shortened model names and surnames join the fuller entity they abbreviate."""
        keys = list(self.entities)
        target: dict[str, str] = {}
        for k in keys:
            ent = self.entities[k]
            if ent.known is None:  # "Spirit" is "Spirit Airlines", "Albertsons" is "Albertsons Cos."
                full = [o for o in keys if o.startswith(k + " ") and self.entities[o].known is None
                        and self.entities[o].type in ("Company", "Other") and _ORG_SUFFIX.search(self.entities[o].name)
                        and all(_ORG_SUFFIX.search(w) for w in o[len(k) + 1:].split())]
                if len(full) == 1 and ent.type in ("Company", "Other"):
                    target[k] = full[0]
                    continue
            longer = [o for o in keys if o != k and (o.endswith(" " + k) or o.startswith(k + " "))
                      and self.entities[o].type in ("AIModel", "Person", "Government")]
            if ent.known is not None or not longer:
                continue
            if ent.type in ("AIModel", "Other") and re.search(r"\d", k):
                models = [o for o in longer if self.entities[o].type == "AIModel" and re.search(r"\d", o)]
                if len(models) == 1:
                    target[k] = models[0]
            elif " " not in k:
                # "Wirth" is Mike Wirth; "the Commission" is the European Commission named before
                kind = "Government" if ent.type == "Government" else "Person"
                if kind == "Person" and any(_ORG_SUFFIX.search(x) for x in ent.surfaces):
                    continue  # "Hess Corp" is not John Hess
                people = [o for o in longer if self.entities[o].type == kind and o.endswith(" " + k)]
                if len(people) > 1 and kind == "Government":  # the one named last before the short form
                    first = min((m.start for m in mentions if m.entity == k), default=0)
                    last = {o: max((m.start for m in mentions if m.entity == o and m.start < first), default=-1) for o in people}
                    people = [max(people, key=last.get)] if max(last.values()) >= 0 else people
                if len(people) == 1:
                    target[k] = people[0]
        for n, pos in self.renames:
            prior = [m for m in mentions if m.end <= pos and m.entity != n and pos - m.end < 200]
            if prior and n not in target:
                target[n] = prior[-1].entity
        self.renames = []
        for k, t in target.items():
            while t in target and target[t] != k:
                t = target[t]
            src = self.entities.pop(k, None)
            if src is None or t not in self.entities:
                continue
            self.entities[t].surfaces.update(src.surfaces)
            for n, v in list(self.alias.items()):
                if v == k:
                    self.alias[n] = t
            for m in mentions:
                if m.entity == k:
                    m.entity = t

    # -- anaphors ------------------------------------------------------------------------------------
    def _anaphors(self, text: str, start: int) -> list[Mention]:
        out = []
        for m in _ANAPHOR.finditer(text, start):
            if text[m.end():m.end() + 2][-1:].isupper() and text[m.end():m.end() + 1] == " ":
                continue  # "the venture firm Page One Ventures": a description followed by the name
            head = m.group("head").lower()
            out.append(Mention(m.start(), m.end(), None, kind=_ANAPHOR_KIND.get(head, "Company")))
        out += [Mention(m.start(), m.end(), None, kind="Company", pronoun=True) for m in _PRONOUN.finditer(text, start)]
        return out

    def resolve_anaphors(self) -> None:
        """Fill each anaphor's candidates: the named entities of its kind, most recent first
        (models: most mentioned first, since articles keep returning to their subject model)."""
        seen: list[str] = []
        for m in self.mentions:
            if m.entity is not None:
                if m.entity in seen:
                    seen.remove(m.entity)
                seen.append(m.entity)
                continue
            pool = [k for k in reversed(seen) if self.entities[k].type == m.kind]
            if m.kind == "AIModel":
                pool.sort(key=lambda k: -self.frequency[k])
            m.cands = pool

    def salient(self, etype: str) -> str | None:
        """The most mentioned entity of a type: the article's subject of that kind."""
        best = [(n, k) for k, n in self.frequency.items() if k in self.entities and self.entities[k].type == etype]
        return max(best)[1] if best else None

    def letter(self, m: Mention) -> str:
        if m.entity is None:
            return TYPE_LETTER.get(self.entities[m.cands[0]].type, "O") if m.cands else "O"
        return TYPE_LETTER.get(self.entities[m.entity].type, "O")
