"""Relation and event patterns: how deal news states who did what to whom.

Each sentence is *masked*: every entity mention becomes a token such as ⟦12C⟧ (mention 12, a
Company), so a pattern is a regular expression over words and typed slots:
`{s:ORG}` (subject), `{o:PROD}` (object). Fillers never cross another entity unless the pattern
says so, which keeps "A bought B" from reading "A said C bought B". A pattern whose subject is
optional names a fallback (the article's subject model, the sentence's subject, the deal under
discussion), which is how elided subjects and headline fragments ("Currently rolling into
Tesla's fleet") are read. Conditional ("if", "whether"), negated and question sentences state
nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# slot classes: C company, P person, D product, M model, L platform, G government, T dataset, O other
CLASSES = {"ANY": "CPDMLGTO", "ORG": "CGOL", "ORGX": "CGO", "ORGP": "CGOP", "PER": "P", "PROD": "DMLT",
           "MODX": "MDO", "GOV": "G", "PARTY": "CGOLDMT",
           "PLAT": "L", "PRODX": "DMLTO"}
TOKEN = r"⟦\d+[A-Z]⟧"

_MACROS = {
    # a relative clause speaks of the name before it: "Adept, which had raised ...", "Renee James, who remains ..."
    "aux": r"(?:\s*,\s*(?:which|who))?(?:\s+(?:has|have|had|is|was|were|are|will|would|also|now|then|just|recently|previously|quietly|"
           r"officially|finally|formally|already|reportedly|set|to|been|be|being|going|agreed|expected|poised|about|"
           r"planning|plans|plan|aims|hopes|today|yesterday|on\s+\w+day|[\w-]+ly))*\s+",
    # a first verb phrase before the one the pattern reads: "X, which operates Y and holds a 45% interest in it"
    "andverb": r"(?:\s*,?\s*(?:which\s+)?[^⟦.;]{0,60}?(?:⟦\d+[A-Z]⟧[^⟦.;]{0,40}?)?\s+and)?",
    # an apposition between a subject and its verb: "News Corp, the media group controlled by Rupert Murdoch, has ..."
    "appos": r"(?:,[^,⟦.;]{0,90}(?:⟦\d+[A-Z]⟧[^,⟦.;]{0,30})?,)?",
    "w2": r"(?:[\w$.,%-]+\s+){0,2}?",
    "w3": r"(?:[\w$.,%-]+\s+){0,3}?",
    "w5": r"(?:[\w$.,%-]+\s+){0,5}?",
    "w7": r"(?:[\w$.%'-]+\s+){0,7}?",
    "x40": r"[^⟦.;!?]{0,40}?",
    "x60": r"[^⟦.;!?]{0,60}?",
    "x80": r"[^⟦.;!?]{0,80}?",
    "x100": r"[^⟦.;!?]{0,100}?",
    "x150": r"[^⟦;!?]{0,150}?",
    "t60": r"[^;!?]{0,60}?",
    "t100": r"[^;!?]{0,100}?",
    "money": r"(?:(?:more than|about|around|roughly|nearly|approximately|up to|over|some|an additional|"
             r"a further|another|additional)\s+)*(?:US)?[$€£]\s?[\d.,]+\s*(?:[a-z]+\b)?\s*",
    "pct": r"(?P<pct>\d{1,3}(?:\.\d+)?\s?(?:%|per ?cent|percent))",
    "role_ceo": r"(?:ceo|chief executive(?: officer)?|boss)",
    # titles a chief executive also holds: "chairman and CEO", "co-founder and chief executive"
    "also": r"(?:(?:chair\w*|president|co-?founder|founder)\s+and\s+)?",
    # what a name may be introduced with: "acquire cloud security startup Wiz", "engineering simulation company Ansys"
    "desc": r"(?:(?!(?:a|an|the)\s+(?:stake|part|portion|majority|minority)\b)(?!(?:stake|part|most|some|shares?|assets?|rights?|"
            r"control|portion|majority|minority|in|of|from|with|for|to|at|on|by|and|or|its|their|his|her)\b)"
            r"(?:[a-z][\w-]*|[\"“][^\"“”⟦]{1,40}[\"”]|[\"“]⟦\d+[A-Z]⟧[\"”])\s+){0,4}?",
    "sign": r"(?:signing|signed|signs|struck|strikes|inks?|inked|reached)",
    "hold": r"(?:secure[sd]?|hold(?:s|ing)?|held|ha[sd]|obtain(?:s|ed)?|w[io]ns?|str(?:uck|ikes?)|signed|gets?|got|received)",
    # what a company makes, and how a list of them is introduced: "its clouds, including Sales Cloud"
    "goods": r"(?:models?|products?|chatbots?|apps?|tools?|software|platforms?|assistants?|editor|services?|family|"
             r"subscriptions?|portfolio|suite|brands?)",
    "listing": r"(?:which\s+includes?\s+|including\s+|such\s+as\s+|like\s+)",
    "role": r"(?:investor|analyst|engineer|designer|researcher|scientist|partner|director|officer|president|chief(?!\s+executive)|"
            r"vice president|manager|counsel|executive|spokes\w+|head|member|employee|staffer|adviser|advisor|"
            r"editor|economist|lawyer|chair\w*)",
}


def _compile(src: str) -> re.Pattern:
    def slot(m: re.Match) -> str:
        name, cls = m.group(1), m.group(2) or "ANY"
        return rf"(?P<{name}>⟦\d+[{CLASSES[cls]}]⟧)"

    src = re.sub(r"\{(s|o|s2)(?::([A-Z]+))?\}", slot, src)
    src = re.sub(r"\{([a-z_]\w*)\}", lambda m: _MACROS[m.group(1)], src)
    return re.compile(src, re.I)


@dataclass
class Pattern:
    rule: str
    type: str
    regex: re.Pattern
    status: str | None = None
    s_default: str | None = None  # salient-model | sentence-subject | prev-subject | salient-company | other-org
    o_default: str | None = None  # deal-target | funded | sentence-first | recent-org
    requires: re.Pattern | None = None
    pending_type: str | None = None  # type to use when the clause is modal ("plans to complete")
    pairwise: bool = False
    fallback: bool = False  # only when no other claim of this type and subject came from the sentence
    keys: tuple[str, ...] = ()  # lower-case substrings, one of which the sentence must contain
    possessive: bool = False  # the subject is a possessor ("Amazon's stake in ..."), not a clause subject
    classes: tuple[tuple[str, str], ...] = ()  # (slot, letters it accepts): coordinated names must fit too


# Cheap substring tests run before the full frame: most sentences state nothing, and a frame
# without its verb or noun cannot match. Keyed by rule; a rule without an entry always runs.
TRIGGERS = {
    "acquired": r"acqui|bought|purchas|absorb|took over|taken over|snapped",
    "acquires": r"acquires|buys|absorbs", "acquired-by": r"acquired|bought|purchased|absorbed|taken over",
    "complete-acquisition": r"complet|clos|finali", "agreed-to-acquire": r"acquire|buy|purchase|take over|takeover",
    "bid-for": r"bid|offer", "to-acquire": r" to ", "acquisition-of-by": r" by ", "merged": r"merg|combin",
    "and-merge": r"merg", "merger-of": r"merger", "backed-by": r"backed|funded|bankrolled",
    "named-ceo": r"ceo|chief executive|boss", "acquisition-of": r"acquisition|purchase|takeover|buyout|absorption",
    "option": r"option|right|warrant", "option-on": r"option|right|warrant",
    "invested": r"invest|pumped|poured|put|committed", "investments-from": r"investment", "possessive-investment": r"investment",
    "leads-round": r"lead|led", "round-led-by": r"led by", "joined-by": r"joined|alongside|along with|participation|"
    r"backer|investor", "raised-from": r"raise|secured|closed", "stake-pct": r"%|cent",
    "stake-in": r"stake", "each-holding": r"each", "possessive": r"'s", "possessive-models": r"'s",
    "org-model-name": r"model|chatbot|app|product|platform|software|assistant|tool|editor",
    "develops": r"develop|buil|creat|make|made|launch|releas|unveil|introduc|debut|ship|open-sourced",
    "made-by": r" by ", "its-product": r"its ", "unit-called": r"unit|division|subsidiary|arm",
    "unit-of": r"unit|division|subsidiary|arm", "owned-by": r"owned|controlled", "its-team": r"its ",
    "org-ceo": r"ceo|chief executive|boss", "person-org-ceo": r"ceo|chief executive|boss",
    "ceo-of": r"ceo|chief executive|boss", "becomes-ceo": r"ceo|chief executive|boss",
    "led-by": r"led by|headed by|run by", "led-by-before": r"led by|headed by", "ceo-name": r"ceo|chief executive|boss",
    "org-cofounder": r"founder", "founded-org": r"founde", "founded-by": r"founded", "cofounder-name": r"founder",
    "hired": r"hire|poach|recruit|brought in|brings in", "hired-including": r"hire|poach|recruit",
    "joins": r"join|return|moved to|moves to|defected", "role-at": r", ", "role-of-org": r", ",
    "partnered": r"partner|teamed|teams up|alliance|collaboration|tie-up", "and-partnership": r"partnership|alliance|"
    r"collaboration|joint venture|tie-up", "between": r"between", "as-partner": r"partner", "in-partnership":
    r"partnership", "competes": r"compet", "benchmark": r"rivals|challenges|takes on|goes up against|benchmark",
    "rivals": r"rivals|competitors", "terminated": r"terminat|scrap|abandon|call|walk|pull|cancel|back",
    "supplies": r"data|images|metadata|content|dataset|archive|feedback|videos|text|posts|signal|telemetry",
    "access-to": r"access", "adds-data-layer": r"layer|stream|feed", "licenses-to": r"licens", "paid-for-license": r"licen", "deal-to-use":
    r"deal|agreement|licen|pact", "deal-with-to-license": r"licen", "licensing-part-of": r"licens",
    "rolls-into": r"roll|push|deploy|ship|integrat|bring|brought|coming|comes|arriv|launch",
    "integrates-model-into": r"integrat|deploy|roll|bring|add|offer|embed",
    "sell-to": r"sell|divest|offload", "sold-to": r"sold|divested", "stake-in-exchange": r"stake",
    "largest-shareholder": r"shareholder|owner|investor", "owner-apposition": r"shareholder|owner|investor",
    "becomes-unit": r"unit|division|subsidiary|arm|business", "which-owns": r"which", "who-runs": r"who",
    "as-ceo": r"ceo|chief executive|boss", "person-org-founder": r"founder", "org-role-name": r" ",
    "join-along-with": r"along|alongside|together", "x-rival-y": r"rival|competitor|challenger",
    "and-terminated": r"terminat|scrap|abandon|call|cancel|end", "break-fee": r"fee", "deal-allows": r"allow|let|permit",
    "its-products-including": r"its ", "its-products-available": r"its ",
    "part-of-partnership": r"part of", "backer-apposition": r"backer|investor|funder",
    "purchases-including": r"acquisitions|purchases|takeovers|buys", "person-its-ceo": r"its ", "person-its-role": r"its ",
    "its-apposition": r"its ", "founded-by-lead": r"founded", "licensing-for": r"licen", "rights-to": r"rights", "gives-stake": r"stake", "in-which-invested": r"in which",
    "deal-announced": r"announced|agreed|signed|struck|unveiled",
    "runs-on": r"run|host", "jointly": r"jointly|together", "whose-licensed": r"whose", "its-leadership-led-by": r" by ", "alliance-with": r"'s", "rival-apposition": r"rival|competitor", "its-rival": r"rival|competitor",
    "is-rival-to": r"rival|competitor", "competing-clause": r"competing", "the-thing-x-developed": r", ",
    "behind": r"behind", "joined-in-venture": r"join", "controls": r"controls|owns|owned", "its-ceo-name": r"its ",
    "who-its-ceo": r"who", "stake-of-pct": r"stake",
    "available-on": r"available|deployed|live|running|hosted|offered|accessible|open", "offered-on": r"offer|sell|provid",
}


def P(rule, type_, src, **kw) -> Pattern:
    if "requires" in kw and isinstance(kw["requires"], str):
        kw["requires"] = re.compile(kw["requires"], re.I)
    keys = tuple(TRIGGERS[rule].split("|")) if rule in TRIGGERS else ()
    possessive = bool(re.search(r"\{s(?::[A-Z]+)?\}(?:\(\?:)?'s", src))
    classes = tuple((g, CLASSES[c or "ANY"]) for g, c in re.findall(r"\{(s|o)(?::([A-Z]+))?\}", src))
    return Pattern(rule, type_, _compile(src), keys=keys, possessive=possessive, classes=classes, **kw)


_BUY = r"(?:acquire|buy|purchase|take over|takeover of)"
PATTERNS: list[Pattern] = [
    # -- control ---------------------------------------------------------------------------------------
    P("acquired", "ACQUIRED", r"{s:ORGP}{appos}{aux}(?:acquired|bought|purchased|absorbed|took over|has taken over|"
      r"snapped up|completed (?:the |its )?(?:{money})?(?:acquisition|purchase|takeover) of)\s+(?!(?:most|part|some|much|a stake)\b)"
      r"(?:the |rival |(?:[\w-]+ )?start-?up )?{desc}{o}", status="completed"),
    P("acquires", "ACQUIRED", r"^{s:ORGP}\s+(?:acquires|buys|absorbs)\s+{o}", status="completed"),
    P("acquired-by", "ACQUIRED", r"{o}{aux}(?:was |has been |had been )?(?:acquired|bought|purchased|absorbed|taken over)"
      r"\s+by\s+{s:ORGP}", status="completed"),
    P("complete-acquisition", "ACQUIRED", r"{s:ORGP}{x100}\b(?:complete[ds]?|completing|close[ds]?|closing|finali[sz]e[ds]?)\s+"
      r"(?:its |the |their |his )?(?:{money})?(?:[\w-]+\s+){0,2}?(?:acquisition|purchase|takeover|buyout|absorption)"
      r"(?:\s+of\s+(?:the\s+)?{desc}{o})?", status="completed", o_default="deal-target", pending_type="AGREED_TO_ACQUIRE"),
    P("agreed-to-acquire", "AGREED_TO_ACQUIRE", r"{s:ORGP}{appos}{x80}\b(?:is to|are to|has agreed to|had agreed to|agreed to|"
      r"agrees to|agreeing to|plans? to|planned to|will|would|intends? to|offered to|offers to|is set to|set to|needed to|"
      r"needs to|required to|approvals? to|clearance to|"
      r"aims? to|(?:signed|struck|reached|inked) (?:a |an )?(?:[\w-]+ ){0,2}(?:agreement|deal|contract) to|"
      r"(?:a |an |its |his |their |the )?(?:{money})?(?:[\w-]+ )?(?:deal|agreement|bid|offer|plans?|intent|intention|move) to)\s+"
      + _BUY + r"\s+(?:the |rival )?(?:what\s+remains\s+of\s+|the\s+rest\s+of\s+)?{desc}{o}", status="pending"),
    P("to-acquire", "AGREED_TO_ACQUIRE", r"^{s:ORGP}\s+to\s+(?:acquire|buy|purchase|take over)\s+{o}", status="pending"),
    P("acquisition-of-by", "AGREED_TO_ACQUIRE", r"(?:acquisition|purchase|takeover|buyout)\s+of\s+{o}\s+by\s+{s:ORGP}",
      status="pending"),
    P("sell-to", "AGREED_TO_ACQUIRE", r"(?:agreed|agrees|agreeing|plans?|planned|will|would|to)\s+(?:to\s+)?(?:sell|divest|offload)\s+"
      r"{x60}(?:and\s+)?(?:the\s+)?(?:⟦\d+[A-Z]⟧'s\s+)?{o}[^⟦.;]{0,40}?\s+to\s+(?:the\s+)?{desc}{s:ORGP}", status="pending"),
    P("sold-to", "ACQUIRED", r"{o}{aux}(?:was\s+|were\s+)?(?:sold|divested)\s+to\s+(?:the\s+)?{desc}{s:ORGP}", status="completed"),
    P("merged", "MERGED_WITH", r"{s:ORGX}{aux}(?:merged|merges|merge|will merge|agreed to merge|to merge|combined|combines)"
      r"\s+with\s+{o:ORGX}", status="completed"),
    P("and-merge", "MERGED_WITH", r"{s:ORGX}\s+and\s+{o:ORGX}{aux}(?:have\s+|had\s+|will\s+|agreed\s+to\s+|plan\s+to\s+)?"
      r"(?:merged|merge|complete[ds]?\s+(?:their|a)\s+merger)", status="completed"),
    P("merger-of", "MERGED_WITH", r"merger\s+(?:of|between)\s+{s:ORGX}\s+and\s+{o:ORGX}"),
    P("bid-for", "AGREED_TO_ACQUIRE", r"{s:ORGP}{x60}\b(?:bid|offer|takeover bid|takeover offer|tender offer)\s+"
      r"(?:of {money})?for\s+{o}", status="pending"),
    P("acquisition-of", "AGREED_TO_ACQUIRE", r"{s:ORGP}(?:'s)?\s+(?:(?!complet|clos|finali)[\w$.,-]+\s+){0,4}?(?:acquisition|purchase|takeover|"
      r"buyout|absorption)\s+(?:plan\s+)?(?:of|for)\s+(?:the\s+)?{desc}{o}", status="pending"),
    P("option", "HOLDS_OPTION_TO_ACQUIRE", r"{s:ORGP}{x60}\b(?:secure[sd]?|hold(?:s|ing)?|held|ha[sd]|obtain(?:s|ed)?|"
      r"w[io]ns?|str(?:uck|ikes?)|signed|gets?|got|received)\s+(?:a |an |the )?(?:{money})?(?:[\w-]+\s+){0,2}?"
      r"(?:option|right|warrants?)(?:\s*(?:-|\s)to(?:-|\s)(?:acquire|buy|purchase))?(?:\s+deal)?\s+"
      r"(?:on|for|over|in|to)\s+(?:acquire\s+|buy\s+|purchase\s+)?(?:the\s+)?{o}", status="pending"),
    P("option-on", "HOLDS_OPTION_TO_ACQUIRE", r"{s:ORGP}{x60}\b(?:secure[sd]?|hold(?:s|ing)?|held|ha[sd]|obtain(?:s|ed)?|"
      r"w[io]ns?|str(?:uck|ikes?)|signed|gets?|got|received)\s+(?:a |an |the )?(?:{money})?{o}\s+(?:acquisition\s+)?"
      r"(?:option|right to acquire|warrants?)", status="pending"),
    P("invested", "INVESTED_IN", r"{s:ANY}{appos}{aux}(?:invest(?:s|ed|ing)?|pumped|poured|put|committed)\s+(?:{money}|{w3})"
      r"(?:in|into)\s+{w5}(?:such as\s+|including\s+)?{o:PARTY}", status="completed"),
    P("possessive-investment", "INVESTED_IN", r"{s:ANY}'s\s+(?:{money})?{w2}investments?\s+(?:of\s+{money})?(?:in|into)\s+"
      r"{o:PARTY}", status="completed"),
    P("investments-from", "INVESTED_IN", r"investments?\s+{w2}(?:from|by)\s+{s}(?:(?:,\s*|\s+and\s+|,\s+and\s+)"
      r"⟦\d+[A-Z]⟧)*\s+(?:in|into)\s+{o:PARTY}",
      status="completed"),
    P("leads-round", "INVESTED_IN", r"{s:ORGP}{aux}(?:leading|led|leads|co-led|co-leading)\s+(?:the|a|an|this|its)\s+"
      r"(?:{money})?{w2}(?:investment|round|funding|financing|raise)(?:\s+(?:in|into|for|of)\s+{o:PARTY})?",
      status="completed", o_default="funded"),
    P("backed-by", "INVESTED_IN", r"{o:ORGX}{appos}{aux}(?:backed|funded|bankrolled)"
      r"\s+by\s+{s}", status="completed"),
    P("round-led-by", "INVESTED_IN", r"(?:round|investment|funding|financing)(?:\s+[^⟦.;,]{0,30}?)?\s+(?:was\s+)?(?:led|co-led)\s+by\s+{s}",
      status="completed", o_default="funded"),
    P("joined-by", "INVESTED_IN", r"(?:joined by|alongside|along with|with participation from|backers?|investors?)\s+"
      r"{w3}(?:such as\s+|including\s+|like\s+)?{s:ORGP}", status="completed", o_default="raiser",
      requires=r"\b(?:invest\w*|round|funding|financing|backers?|contribution)\b"),
    P("in-which-invested", "INVESTED_IN", r"{o:PARTY},\s+in\s+which\s+(?:it|they|{s})\s+(?:has\s+|have\s+|had\s+)?(?:already\s+)?"
      r"(?:invested|put|poured|sunk)\b", status="completed", s_default="sentence-first"),
    P("deal-announced", "AGREED_TO_ACQUIRE", r"^(?:the|this|that)\s+(?:[\w$.,-]+\s+){0,3}?(?:transaction|deal|acquisition|merger|takeover|agreement)"
      r"(?:\s*,\s+|\s+(?:was|had\s+been|has\s+been)\s+)(?:first\s+|originally\s+|initially\s+)?(?:announced|agreed|signed|struck|"
      r"unveiled)\b",
      s_default="deal-buyer", o_default="deal-target"),
    P("raised-from", "INVESTED_IN", r"{o:ORGX}{appos}{aux}(?:raised|raises|secured|closed)\s+(?:[\w$.,-]+\s+){0,10}?"
      r"(?:from|led by)\s+{w2}{s}", status="completed"),
    P("stake-pct", "OWNS_STAKE_IN", r"{s:ANY}{andverb}{aux}(?:owns?|owned|holds?|held|has|had|retains?|retained|keeps?|controls?|"
      r"took|takes|acquired|bought|holding|own)\s+(?:a |an |the remaining |the other |the rest of )?(?:(?:about|around|roughly|"
      r"nearly|approximately|up to|only up to|just over|more than)\s+)?{pct}\s+(?:stake\s+|interest\s+|share\s+)?(?:of|in)\s+"
      r"{o:PARTY}"),
    P("stake-of-pct", "OWNS_STAKE_IN", r"{s:ANY}{aux}(?:owns?|owned|holds?|held|has|had|took|takes|acquired|bought|"
      r"retains?)\s+(?:a\s+)?stake\s+of\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|some\s+)?{pct}\s+in\s+{o:PARTY}"),
    P("stake-in", "OWNS_STAKE_IN", r"{s:ANY}(?:'s|{aux}(?:owns?|holds?|has|took|takes|acquired|bought|retains?|maintains?|"
      r"boost\w*|rais\w*|increas\w*)\s+(?:a |an |its |their )?)\s*(?:(?:minority|majority|controlling|small|large|"
      r"significant|\w+-sized)\s+)?(?:{pct}\s+)?stake\s+in\s+{o:PARTY}"),
    P("stake-in-exchange", "OWNS_STAKE_IN", r"{s:ANY}{aux}(?:agreed\s+to\s+)?(?:invest\w*|pa(?:y|id|ys)|put|commit\w*)\s+{x60}"
      r"(?:in|into|for)\s+{o:PARTY}[^⟦.;]{0,80}?\b(?:in exchange for|in return for|for|taking|giving it)\s+(?:a|an)\s+"
      r"(?:{pct}\s+)?(?:(?:minority|majority|controlling|[\w-]+)\s+)?stake\b"),
    P("largest-shareholder", "OWNS_STAKE_IN", r"{s:ORGP}(?:,[^⟦.;]{0,60}(?:⟦\d+[A-Z]⟧[^⟦.;]{0,20})?,)?{aux}(?:is|was|remains|became|"
      r"becomes)\s+(?:its|their)\s+(?:single\s+)?(?:largest|biggest|main|majority|controlling)\s+(?:shareholder|owner|investor)",
      o_default="prev-subject"),
    P("owner-apposition", "OWNS_STAKE_IN", r"{s:ORGP},\s+{o:PARTY}'s\s+(?:single\s+)?(?:largest|biggest|main|majority|controlling)\s+"
      r"(?:shareholder|owner)\b"),
    P("backer-apposition", "INVESTED_IN", r"{s:ORGP},\s+{o:PARTY}'s\s+(?:single\s+|two\s+|three\s+|four\s+)?(?:largest|biggest|main|major|early|key)\s+"
      r"(?:backer|investor|funder)s?\b", status="completed"),
    P("purchases-including", "ACQUIRED", r"{s:ORGX}{aux}(?:made|completed|closed|announced)\s+{w5}(?:acquisitions|purchases|"
      r"takeovers|buys)\s+{w3}(?:including|such\s+as|like)\s+{o}", status="completed"),
    P("gives-stake", "OWNS_STAKE_IN", r"(?:giv(?:e|es|ing)|gave|leav(?:e|es|ing)|left|hand(?:s|ed|ing)?)\s+{s:ANY}\s+(?:a|an)\s+"
      r"(?:{pct}\s+)?(?:(?:minority|majority|controlling|small|large|significant|[\w-]+)\s+)?stake\s+in\s+{o:PARTY}"),
    P("each-holding", "OWNS_STAKE_IN", r"{s:ANY}\s+each\s+(?:holding|owning|taking|with)\s+(?:a\s+)?{pct}",
      o_default="sentence-first"),
    # -- structure and products ---------------------------------------------------------------------------
    P("controls", "SUBSIDIARY_OF", r"{o:ORGX}{aux}(?:controls|owns|owned)\s+(?!(?:a|an|the|about|around|roughly|nearly|"
      r"more|less|over|up|all|most|part|some|half|its|their|\d)\b){desc}{s:ORGX}(?!\s*(?:'s|shares|stock))"),
    P("behind", "DEVELOPS", r"{s:ORGX},?\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,5}?(?:company|firm|group|startup|maker|team|"
      r"lab)?\s*behind\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}?{o:PROD}"),
    P("the-thing-x-developed", "DEVELOPS", r"{o:PRODX},\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,2}?{s:ORGX}\s+(?:has\s+|had\s+)?"
      r"(?:developed|built|created|makes|made|launched|designed|released)\b"),
    P("possessive", "DEVELOPS", r"{s:ORGX}'s\s+(?:new\s+|flagship\s+|own\s+|open\s+|latest\s+|upcoming\s+)?{o:PARTY}(?!'s)"
      r"(?!\s+(?:deal|stake|investment|acquisition|purchase|offer|bid|rivals?|shares?|board|filings?|with|"
      r"organi[sz]ation|division|unit|team|arm|group|lab|business|subsidiary)\b)"),
    # "Amazon's AGI organisation", "Google's DeepMind unit": a unit of the possessor
    P("possessive-unit", "SUBSIDIARY_OF", r"{o:ORGX}'s\s+(?:new\s+)?{s}\s+(?:organi[sz]ation|division|unit|team|arm|group|lab|"
      r"business|subsidiary)\b"),
    P("possessive-models", "DEVELOPS", r"{s:ORGX}'s\s+(?:⟦\d+[A-Z]⟧\s+)?{w3}{goods}(?:,\s*|\s+)(?:{listing}|called\s+|named\s+|"
      r"dubbed\s+)?(?:the\s+)?{o:PARTY}"),
    P("its-products-including", "DEVELOPS", r"(?:{s:ORGX}{t100})?\bits\s+{w2}(?:{goods}|clouds?)(?:,\s*|\s+){listing}"
      r"(?:the\s+)?{o:PARTY}", s_default="prev-subject"),
    P("its-products-available", "DEPLOYS_ON", r"\bits\s+(?:[\w-]+\s+)?(?:products|services|software|apps?|models|tools|chatbots?)"
      r"{aux}(?:remain\s+|be\s+|stay\s+)?(?:available|offered|sold|deployed)\s+{w3}(?:on|in|via|through)\s+(?:the\s+)?{w3}"
      r"(?:including\s+|such\s+as\s+|like\s+)?{o:PARTY}", s_default="prev-subject"),
    P("org-model-name", "DEVELOPS", r"{s:ORGX}\s+{w2}(?:model|chatbot|app|product|platform|software|assistant|tool|"
      r"editor)s?\s+{o:PROD}"),
    P("develops", "DEVELOPS", r"{s:ORGX}{aux}(?:developed|develops|develop|built|builds|build|created|creates|create|"
      r"makes|made|launched|launches|launch|released|releases|release|unveiled|unveils|introduced|introduces|debuted|"
      r"debuts|ships|shipped|open-sourced)\s+(?:and\s+\w+\s+)?{w7}(?:like\s+|such as\s+|including\s+)?(?:the\s+)?"
      r"{o:PROD}"),
    P("made-by", "DEVELOPS", r"{o:PROD}{x60}\b(?:launched|developed|built|made|created|released|designed|offered)\s+by\s+"
      r"{s:ORGX}"),
    P("its-product", "DEVELOPS", r"(?:{s:ORGX}{t100})?\bits\s+(?:(?!(?:on|in|to|for|with|at|from|and|or|of|by)\s)[\w-]+\s+)"
      r"{0,3}?{o:PROD}", s_default="prev-subject"),
    P("unit-called", "SUBSIDIARY_OF", r"{o:ORGX}\s+{w2}(?:unit|division|subsidiary|arm)\s+(?:called|named|dubbed)\s+{s}"),
    P("unit-of", "SUBSIDIARY_OF", r"{s},\s+(?:a|the)\s+{w2}(?:unit|division|subsidiary|arm)\s+of\s+{o:ORGX}"),
    P("becomes-unit", "SUBSIDIARY_OF", r"{s}{aux}(?:becomes?|became|becoming|will\s+become|operates?|will\s+operate|operating|"
      r"runs?|will\s+run|is|was|remains?)\s+(?:as\s+)?(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:unit|division|subsidiary|arm|business)"
      r"\s+(?:of|within|inside)\s+{o:ORGX}"),
    P("which-owns", "SUBSIDIARY_OF", r"{s},\s+which\s+{o:ORGX}\s+(?:owns|owned|controls|acquired|bought)\b"),
    P("owned-by", "SUBSIDIARY_OF", r"{s}{aux}(?:wholly\s+)?(?:owned|controlled)\s+by\s+{o:ORGX}"),
    P("its-team", "SUBSIDIARY_OF", r"{o:ORGX}{t100}\bits\s+{s}\s+(?:[\w-]+\s+)?(?:team|unit|division|lab|subsidiary|arm)"),
    # -- people ------------------------------------------------------------------------------------------
    P("org-ceo", "CEO_OF", r"(?<!former )(?<!ex-){o:ORG}(?:'s)?\s+(?:current\s+|new\s+|interim\s+|acting\s+)?"
      r"{also}{role_ceo}(?:\s+and\s+co-?founder)?\s*,?\s+{s:PER}"),
    P("person-org-ceo", "CEO_OF", r"{s:PER},\s+(?:the\s+|a\s+)?{o:ORG}(?:'s)?\s+(?:current\s+|new\s+|interim\s+|"
      r"acting\s+)?{also}{role_ceo}\b"),
    P("ceo-of", "CEO_OF", r"{s:PER},?\s+(?:the\s+|a\s+|its\s+)?(?:current\s+|new\s+|interim\s+|acting\s+|founding\s+)?"
      r"{also}{role_ceo}\s+(?:of|at)\s+(?:the\s+)?{o:ORG}"),
    P("who-runs", "CEO_OF", r"{s:PER},\s+who\s+(?:runs|leads|heads)\s+(?:the\s+)?{desc}(?:⟦\d+[A-Z]⟧\s+(?:rival|competitor|"
      r"partner|backer|investor)\s+)?{o:ORGX}(?!'s)"),
    P("becomes-ceo", "CEO_OF", r"{s:PER}{aux}(?:is\s+to\s+become|will\s+become|to\s+become|became|becomes|was\s+named|"
      r"has\s+been\s+named|is\s+named|named|appointed|takes over as|took over as|steps in as|remains|remained|stays|"
      r"stayed|serves\s+as|served\s+as)\s+(?:the\s+)?(?:new\s+|"
      r"interim\s+|acting\s+)?{role_ceo}\s+(?:of|at)\s+(?:the\s+)?{o:ORGX}"),
    P("named-ceo", "CEO_OF", r"{o:ORGX}{aux}(?:named|appointed|tapped|hired|picked)\s+{s:PER}\s+(?:as\s+)?(?:its\s+)?"
      r"(?:new\s+|interim\s+|acting\s+)?{role_ceo}"),
    P("led-by", "CEO_OF", r"{o:ORGX},?\s+(?:co-?founded\s+and\s+)?(?:led|headed|run)\s+by\s+(?:ceo\s+|chief executive\s+|"
      r"co-?founder\s+)?{s:PER}"),
    P("its-leadership-led-by", "CEO_OF", r"\bits\s+(?:[\w-]+\s+){0,2}?(?:leadership|management|team)\s+(?:will\s+be\s+|is\s+|"
      r"was\s+|has\s+been\s+)?(?:led|headed|run)\s+by\s+{s:PER}", o_default="its-ref"),
    P("led-by-before", "CEO_OF", r"(?:led|headed)\s+by\s+(?:ceo\s+|chief executive\s+)?{s:PER},\s+{o:ORGX}"),
    P("as-ceo", "CEO_OF", r"{s:PER}[^⟦.;]{0,60}?(?:⟦\d+[A-Z]⟧[^⟦.;]{0,40}?)?\b(?:tak(?:e|es|ing)\s+over|took\s+over|"
      r"step(?:s|ping)?\s+in|stepped\s+in|serve|serves|serving|become|becomes|becoming|became|installed|named|appointed)\s+"
      r"as\s+(?:the\s+)?(?:new\s+|interim\s+|acting\s+|permanent\s+)?{role_ceo}\b", o_default="sentence-org", fallback=True),
    P("person-its-ceo", "CEO_OF", r"{s:PER},\s+its\s+(?:current\s+|new\s+|interim\s+|acting\s+)?{also}{role_ceo}\b",
      o_default="its-ref"),
    P("its-ceo-name", "CEO_OF", r"\bits\s+(?:current\s+|new\s+|interim\s+|acting\s+)?{also}{role_ceo},?\s+{s:PER}",
      o_default="its-ref"),
    P("who-its-ceo", "CEO_OF", r"{s:PER}[^⟦.;]{0,80}?(?:⟦\d+[A-Z]⟧[^⟦.;]{0,40}?)?,\s+who\s+(?:remains|is|was|became|serves\s+as)\s+its\s+"
      r"(?:current\s+|new\s+|interim\s+|acting\s+)?{also}{role_ceo}\b", o_default="its-ref"),
    P("person-its-role", "EMPLOYED_BY", r"{s:PER},\s+its\s+(?!{w2}{role_ceo})(?!chief\s+executive){w3}{role}\b",
      o_default="sentence-subject"),
    P("its-apposition", "DEVELOPS", r"{o:PROD},\s+its\s+{w3}(?:service|platform|product|model|chatbot|app|tool|software|"
      r"assistant)\b", s_default="sentence-subject"),
    P("ceo-name", "CEO_OF", r"(?<!former )\b{role_ceo}\s+{s:PER}", o_default="sentence-org", fallback=True),
    P("org-cofounder", "FOUNDED", r"{o:ORGX}(?:'s)?\s+(?:co-?)?founders?\s+(?:and\s+(?:ceo|chief executive)\s+)?{s:PER}"),
    P("founded-org", "FOUNDED", r"{s:PER},?\s+(?:a\s+|the\s+|who\s+)?(?:co-?founded|founded|(?:co-?)?founder(?:\s+and"
      r"(?:\s+[\w-]+){1,3}?)?\s+of)\s+{o:ORGX}"),
    P("person-org-founder", "FOUNDED", r"{s:PER},\s+(?:a\s+|the\s+)?{o:ORGX}'s\s+(?:(?:[\w-]+\s+){1,3}?and\s+(?:a\s+)?)?"
      r"(?:co-?)?founder\b"),
    P("founded-by", "FOUNDED", r"{o:ORGX}[*_]*,?\s+(?:(?:the|a|an)\s+(?:[\w-]+\s+){0,3}?)?(?:which\s+was\s+|was\s+)?"
      r"(?:co-?founded|founded)(?:\s+and\s+led)?\s+(?:in\s+\d{4}\s+)?by\s+(?:(?:former\s+)?(?:⟦\d+[A-Z]⟧\s+)?"
      r"(?:[\w-]+\s+){0,3}?[*_]*)?{s:PER}"),
    P("cofounder-name", "FOUNDED", r"\bco-?founder\s+{s:PER}", o_default="recent-org", fallback=True),
    P("hired", "EMPLOYED_BY", r"{o:ORGX}{aux}(?:hired|hires|poached|recruited|brought in|brings in)\s+[^.;⟦]{0,20}?"
      r"(?:⟦\d+[A-Z]⟧\s+(?:ceo|chief executive|co-?founder)\s+)?{s:PER}", status="completed"),
    P("hired-including", "EMPLOYED_BY", r"{o:ORGX}{aux}(?:hired|hires|poached|recruited)\b{t60}\b(?:including|such as)\s+"
      r"{s:PER}", status="completed"),
    P("joins", "EMPLOYED_BY", r"{s:PER}(?:,[^,⟦]{0,40}(?:⟦\d+[A-Z]⟧[^,⟦]{0,40}){0,2},)?{aux}(?:will\s+|is\s+to\s+|to\s+|would\s+|leaving\s+to\s+)?"
      r"(?:join|joins|joined|rejoin\w*|return(?:s|ed|ing)?\s+to|(?:be\s+)?joining|moved\s+to|moves\s+to|defected\s+to)\s+"
      r"(?:the\s+)?(?:[\w-]+\s+){0,2}?{o:ORGX}(?!'s\s+board|\s+board)", status="completed"),
    P("role-at", "EMPLOYED_BY", r"{s:PER},\s+(?!(?:an?\s+|the\s+)?(?:former\b|ex-))(?:an?\s+|the\s+)?(?!{w2}{role_ceo})(?!chief\s+executive){w5}{role}\s+{w3}(?:at|with|of|for)\s+(?:the\s+)?{w3}{o:ORGX}"),
    P("org-role-name", "EMPLOYED_BY", r"(?<!former )(?<!ex-){o:ORGX}(?:'s)?\s+(?!(?:[\w-]+\s+){0,2}?(?:chief\s+executive|ceo|boss)\b)"
      r"(?:[\w-]+\s+){0,4}?{role},?\s+{s:PER}"),
    P("join-along-with", "EMPLOYED_BY", r"\b(?:join|joins|joining|joined)\s+{o:ORGX}\s+(?:along\s+with|alongside|together\s+with)\s+"
      r"(?:⟦\d+[A-Z]⟧\s+)?{w3}{s:PER}", status="completed"),
    P("founded-by-lead", "FOUNDED", r"^(?:co-?)?founded\s+(?:in\s+\d{4}\s+)?by\s+{s:PER}[^;⟦]{0,100}?(?:⟦\d+[A-Z]⟧[^;⟦]{0,60}?)?"
      r",\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?{o:ORGX}"),
    P("role-of-org", "EMPLOYED_BY", r"{s:PER},\s+{o:ORGX}'s\s+(?!{w2}{role_ceo})(?!chief\s+executive){w3}{role}"),
    # -- market ------------------------------------------------------------------------------------------
    P("part-of-partnership", "PARTNERS_WITH", r"{s:ORGX}{aux}[^;]{0,120}?\bas\s+part\s+of\s+(?:a|an|the|its|their)\s+{w3}"
      r"(?:partnership|alliance|collaboration|tie-up)\b", o_default="other-org"),
    P("partnered", "PARTNERS_WITH", r"{s:PARTY}{x150}\b(?:partnered|partners|partner|teamed up|teams up|is partnering|"
      r"(?:signed|formed|struck|announced|extended|expanded|renewed|deepened|began|begun|started|entered)\s+(?:a\s+|an\s+|"
      r"its\s+|their\s+)?(?:[\w-]+\s+){0,2}?(?:partnership|alliance|collaboration|tie-up))\s+with\s+{o:PARTY}"),
    P("and-partnership", "PARTNERS_WITH", r"{s:PARTY}\s+and\s+{o:PARTY}\s+(?:have\s+|had\s+)?(?:began|begun|started|formed|"
      r"announced|signed|extended|expanded|struck|entered|launched)\s+(?:a\s+|an\s+|their\s+)?{w2}(?:partnership|"
      r"alliance|collaboration|joint venture|tie-up)"),
    P("between", "PARTNERS_WITH", r"(?:partnership|joint project|joint venture|collaboration|alliance)\s+[^;]{0,100}?"
      r"\bbetween\s+{s:PARTY}", pairwise=True),
    P("as-partner", "PARTNERS_WITH", r"(?:{s:ORGX}{aux})?(?:establishes|establish|named|names|makes|made|selected|selects|"
      r"chose|chooses|picked|welcomed|welcomes|welcoming)\s+{o:PARTY}\s+(?:as\s+)?(?:its|our|their|a|an)\s+{w5}partner",
      s_default="other-org"),
    P("in-partnership", "PARTNERS_WITH", r"\bin\s+partnership\s+with\s+{o:PARTY}", s_default="salient-company"),
    P("alliance-with", "PARTNERS_WITH", r"{s:ORGX}'s\s+(?:⟦\d+O⟧|(?:[\w-]+\s+){0,2}?(?:alliance|partnership|collaboration|"
      r"tie-up|joint venture|pact))\s+with\s+{o:PARTY}"),
    P("joined-in-venture", "PARTNERS_WITH", r"{s:ORGX}{aux}(?:joined|joins|join|joining)\s+{o:ORGX}\s+(?:in|on)\s+"
      r"(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:⟦\d+[A-Z]⟧\s+)?(?:[\w-]+\s+){0,2}?(?:venture|project|consortium|partnership|"
      r"alliance|initiative|effort)\b"),
    P("rival-apposition", "COMPETES_WITH", r"{s:PARTY},\s+(?:the\s+)?{o:PARTY}'s\s+(?:[\w-]+\s+)?(?:rival|competitor)\b"),
    P("its-rival", "COMPETES_WITH", r"{o:PARTY},\s+(?:its|their)\s+(?:[\w-]+\s+){0,2}?(?:rival|competitor)s?\b",
      s_default="sentence-subject"),  # "... against Nvidia, its main rival"
    P("is-rival-to", "COMPETES_WITH", r"(?:{s:PARTY}{x100})?\b(?:is|was|are|were|remains?)\s+(?:a|an|the)\s+(?:[\w-]+\s+)?"
      r"(?:rival|competitor)s?\s+(?:to|of)\s+{o:PARTY}", s_default="sentence-subject"),
    P("competing-clause", "COMPETES_WITH", r"{s:ORGX}{x150},\s+competing\s+(?:directly\s+|head-on\s+)?(?:with|against)\s+"
      r"{o:PARTY}"),
    P("jointly", "PARTNERS_WITH", r"\b(?:the\s+)?(?:two\s+)?companies\s+(?:will\s+|would\s+|plan\s+to\s+|have\s+agreed\s+to\s+|"
      r"agreed\s+to\s+)?(?:jointly|together)\s+(?:develop|build|offer|sell|market|create|invest|launch|work|research)",
      s_default="deal-buyer", o_default="deal-target"),
    P("whose-licensed", "LICENSES_TO", r"{s:ORGX},\s+whose\s+(?:[\w-]+\s+){1,3}?{o:ORGX}\s+(?:licenses|licensed|licences)\b"),
    P("competes", "COMPETES_WITH", r"{s}(?:{aux}|[^⟦.;]{0,30}?\bto\s+)(?:competes?|competing)\s+(?:directly\s+|head-on\s+)?"
      r"(?:with|against)\s+{o}"),
    P("x-rival-y", "COMPETES_WITH", r"{s:ORGP}(?:'s)?\s+(?:arch-?)?(?:rival|competitor|challenger)\s+{o:ORGX}"),
    P("benchmark", "COMPETES_WITH", r"(?:{s}{aux})?(?:directly\s+)?(?:rivals|challenges|takes on|goes up against|"
      r"benchmarks?(?:\s+against)?)\s+{w5}(?:such as\s+|like\s+|including\s+){o}", s_default="salient-model"),
    P("rivals", "COMPETES_WITH", r"{s:PARTY}[^⟦.;]{0,60}?\bone\s+of\s+{o:PARTY}'s\s+{w2}(?:rivals|competitors)"),
    P("terminated", "TERMINATED_DEAL_WITH", r"{s:ORGP}{x40}\b(?:terminat\w+|scrap\w*|abandon\w*|call(?:ed|s|ing)?\s+off|"
      r"walk(?:ed|s|ing)?\s+away\s+from|pull(?:ed|s|ing)?\s+out\s+of|cancel\w*|back(?:ed|s|ing)?\s+out\s+of)\s+"
      r"(?:his|her|its|their|the|a|an)\s+(?:{money})?{w2}(?:deal|agreement|acquisition|merger|takeover|bid|offer|partnership|"
      r"contract|tie-up|plans?|pursuit|attempt)\s+(?:to\s+(?:buy|acquire|purchase)\s+|with\s+|for\s+|of\s+|from\s+)?{o}",
      status="terminated"),
    P("and-terminated", "TERMINATED_DEAL_WITH", r"{s:ORGP}\s+and\s+{o:ORGP}{x80}\b(?:terminat\w+|scrap\w*|abandon\w*|"
      r"call(?:ed|s|ing)?\s+off|cancel\w*|end(?:ed|s|ing)?)\s+(?:their|the|a)\s+(?:{money})?{w3}(?:deal|agreement|"
      r"acquisition|merger|takeover|partnership|contract|tie-up|plans?)\b", status="terminated"),
    P("break-fee", "TERMINATED_DEAL_WITH", r"{s:ORGP}{aux}(?:pay|pays|paid|paying|owes?|owed)\s+{o:ORGP}\s+(?:a|an|the)\s+"
      r"(?:{money})?(?:reverse\s+)?(?:termination|break-?up|breakup|break)\s+fee", status="terminated"),
    # -- data ---------------------------------------------------------------------------------------------
    P("supplies", "SUPPLIES_DATA_TO", r"{s:PARTY}{aux}(?:provides?|provided|providing|supplies|supplied|supplying|sells?|sold|"
      r"selling|feeds?|fed|feeding|shares?|shared|sharing|gives?|gave|giving|sends?|sent|streams?|streamed)\s+{w5}"
      r"(?:data|images|metadata|content|datasets?|archives?|feedback|videos|text|posts|signals?|telemetry)\s+{w3}"
      r"(?:to|with|into)\s+(?:the\s+)?(?:(?:[\w$.%',-]+\s+){0,7}?(?:including|such as|like)\s+)?{o:PARTY}"),
    P("adds-data-layer", "SUPPLIES_DATA_TO", r"{s:PARTY}\s+(?:adds|contributes|provides|brings|supplies)\s+(?:the\s+|a\s+|its\s+)?"
      r"{w3}(?:data|sensing|signal|telemetry|training)\s+(?:layer|stream|feed)s?\b", o_default="salient-company"),
    P("access-to", "SUPPLIES_DATA_TO", r"(?:gives?|gave|giving|grants?|granted|granting|allows?|allowed|allowing|"
      r"provides?|provided|providing|offers?|offering)\s+{o:PARTY}\s+{w2}access\s+to\s+(?:its\s+|their\s+|the\s+)?"
      r"(?:{s:PARTY}(?:'s)?\s+)?(?:[\w$.,%'-]+\s+){0,5}?(?:data|api|content|archive|feedback|datasets?|corpus|posts|articles|"
      r"conversations|images|videos)\b", s_default="sentence-subject"),
    P("deal-allows", "LICENSES_TO", r"{s:PARTY}{appos}{aux}(?:agreed|signed|struck|inked|reached|sealed)\s+(?:a\s+|an\s+)?{w3}(?:deal|"
      r"agreement|pact|contract|arrangement)\s+(?:with\s+⟦\d+[A-Z]⟧\s+)?(?:that|which)\s+(?:will\s+)?(?:allows?|lets?|permits?)\s+"
      r"(?:the\s+)?{o:PARTY}\s+(?:to\s+)?(?:use|display|show|license|train|tap|serve|publish|surface)\b"),
    P("licensing-for", "LICENSES_TO", r"{o:PARTY}{aux}{sign}\s+(?:a\s+|an\s+)?{w3}licen[cs]\w*\s+(?:agreement|deal|pact|"
      r"arrangement)\s+with\s+⟦\d+[A-Z]⟧\s+(?:for|to\s+use|covering|to\s+access)\s+(?:the\s+)?{s:PARTY}'s"),
    P("rights-to", "LICENSES_TO", r"{s:PARTY}{aux}(?:agreed\s+to\s+)?(?:hand|hands|handed|grant|grants|granted|sell|sells|sold|"
      r"transfer\w*|give|gives|gave|license\w*|licence\w*)\s+(?:the\s+)?{w3}rights\s+[^;⟦]{0,80}?(?:⟦\d+[A-Z]⟧[^;⟦]{0,60}?){0,2}"
      r"\bto\s+(?:the\s+)?{desc}{o:PARTY}"),
    P("licenses-to", "LICENSES_TO", r"{s:PARTY}{aux}(?:licenses|licensed|will license|agreed to license|licensing)\s+"
      r"(?:its\s+|their\s+)?{w5}to\s+{o:PARTY}"),
    P("paid-for-license", "LICENSES_TO", r"{o:PARTY}{aux}(?:paid|pays|pay|agreed to pay)\s+{w3}(?:{money})?{w2}for\s+"
      r"(?:a\s+|an\s+)?{w2}licen[cs]e\s+(?:to\s+{w3})?{s:PARTY}", status="completed"),
    P("deal-to-use", "LICENSES_TO", r"{o:PARTY}{aux}{sign}\s+(?:up\s+)?"
      r"(?:a\s+|an\s+)?{w2}(?:deal|agreement|licen[cs]e|licensing deal|pact)\s+(?:with\s+⟦\d+[A-Z]⟧\s+)?to\s+"
      r"(?:use|license|licence|access|serve|tap)\s+(?:the\s+)?(?:part\s+of\s+)?{w2}{s:PARTY}", status="announced"),
    P("deal-with-to-license", "LICENSES_TO", r"{o:PARTY}{aux}{sign}\s+"
      r"(?:up\s+)?(?:a\s+|an\s+)?{w2}(?:deal|agreement|pact)\s+with\s+{s:PARTY}\s+to\s+licen[cs]e", status="announced"),
    P("licensing-part-of", "LICENSES_TO", r"{o:PARTY}{aux}(?:licensing|licenses|licensed|will license)\s+"
      r"(?:part\s+of\s+|access\s+to\s+)?{w2}{s:PARTY}'s\s+{w3}(?:archive|content|data|technology|models?|library|"
      r"catalog\w*|patents|images|news|music|videos)"),
    P("rolls-into", "DEPLOYS_ON", r"(?:{s:MODX}{x80})?\b(?:roll(?:s|ed|ing)?(?:\s+out)?|push(?:es|ed|ing)?(?:\s+it)?|"
      r"deploy(?:s|ed|ing)?|ship(?:s|ped|ping)?|integrat(?:e|es|ed|ing)|bring(?:s|ing)?|brought|coming|comes|arriv\w+|"
      r"launch(?:es|ed|ing)?)\s+(?:it\s+)?{w5}(?:in)?to\s+(?:the\s+|its\s+)?{w3}{o:PARTY}", s_default="salient-model"),
    P("integrates-model-into", "DEPLOYS_ON", r"(?:integrat\w+|deploy\w*|roll\w*\s+out|bring\w*|add\w*|offer\w*|embed\w*)\s+"
      r"(?:the\s+)?{w5}{s:MODX}\s+{w2}(?:in)?to\s+(?:the\s+)?{o:PARTY}"),
    P("available-on", "DEPLOYS_ON", r"(?:{s:MODX}{x80})?\b(?:available|deployed|live|running|hosted|offered|accessible|"
      r"open(?:s|ed|ing)?(?=\s+to\b))\s+{w3}(?:on|in|via|through|to)\s+(?:the\s+)?{w2}{o:PARTY}", s_default="salient-model"),
    P("runs-on", "DEPLOYS_ON", r"{s:PARTY}{aux}(?:run|runs|running|host|hosts|hosting)\s+(?:its\s+|their\s+)?{w5}"
      r"(?:on|in)\s+(?:the\s+)?{o:PLAT}"),
    P("offered-on", "DEPLOYS_ON", r"(?:offer(?:s|ed|ing)?|sell(?:s|ing)?|provid\w+)\s+(?:the\s+)?{s:MODX}\s+{w5}"
      r"(?:to\s+{w2})?(?:on|via|through)\s+(?:the\s+)?{o:PARTY}"),
]

# rules that are not a single frame --------------------------------------------------------------------
TRAIN_WORD = re.compile(r"\b(?:train\w*(?!\s+data)|fine-tun\w*|pre-?train\w*|post-train\w*|ingest\w*|"
                        r"integrat\w+|incorporat\w+|inject\w*)\b", re.I)
DATA_FROM = re.compile(r"(?P<o>⟦\d+[A-Z]⟧)(?:'s)?\s+(?:[\w-]+\s+){0,4}?(?:data|corpus|trajectories|assets|archive|"
                       r"workflows?|sessions|content|images|datasets?)\b|(?:data|corpus|content|assets|images|archive)\s+"
                       r"(?:[\w-]+\s+){0,3}?(?:from|of|provided by|supplied by|licensed from)\s+(?:the\s+)?(?P<o2>⟦\d+[A-Z]⟧)",
                       re.I)
_NOT_NOUN = r"(?=\s*(?:[,.;:)'—–-]|$|\s(?:has|had|is|was|said|says|will|and|which|who|in|on|for|to|at|of|as|he|she|it|they|that)\b))"
DESCRIPTOR = re.compile(r"(?P<b>⟦\d+[A-Z]⟧)'s\s+(?:[\w-]+\s+){0,3}?(?P<role>parent company|parent|developer|maker|owner|"
                        r"creator)\b" + _NOT_NOUN + r"|\bthe\s+(?P<b2>⟦\d+[A-Z]⟧)\s+(?P<role2>maker|developer|parent|owner)\b"
                        + _NOT_NOUN, re.I)
# "Kellanova, the maker of Pringles and Cheez-It, ...", "the company behind M&M's and Snickers agreed ...": the
# maker develops each product, and the sentence reads on with the maker alone
_PRODUCTS = r"(?P<list>⟦\d+[DMLT]⟧(?:(?:'s)?(?:\s*,\s*|\s*,?\s+and\s+)⟦\d+[DMLT]⟧)*)"
MAKER_OF_LIST = re.compile(r"(?P<a>⟦\d+[CO]⟧)(?:,?\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}?(?:makers?|developer|creator|owner)\s+of"
                           r"|,?\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,5}?(?:company|firm|group|startup|maker|team|lab)?\s*behind)"
                           r"\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}?" + _PRODUCTS + r"(?:'s)?", re.I)
APPOSITION = [
    re.compile(r"(?P<a>⟦\d+[A-Z]⟧)\s*(?:,|—|–|--|\(|-)\s*(?:the\s+|a\s+)?(?P<b>⟦\d+[A-Z]⟧)'s\s+(?:[\w-]+\s+){0,4}?"
               r"(?P<role>parent company|parent|developer|maker|owner|creator)\b", re.I),
    re.compile(r"(?P<b>⟦\d+[A-Z]⟧)'s\s+(?:[\w-]+\s+){0,3}?(?P<role>parent company|parent|developer|maker|owner),?\s+"
               r"(?P<a>⟦\d+[A-Z]⟧)", re.I),
    re.compile(r"(?P<b>⟦\d+[A-Z]⟧)[\"”]?\s+(?P<role>parent|maker|developer|owner|publisher|creator)\s+(?P<a>⟦\d+[A-Z]⟧)", re.I),
    re.compile(r"(?P<a>⟦\d+[A-Z]⟧),?\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+)?(?P<role>maker|developer|creator|publisher|"
               r"owner|parent)\s+of\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}?(?P<b>⟦\d+[A-Z]⟧)", re.I),
    # "Vertex AI, Google's platform for ...": a product named, then whose it is
    re.compile(r"(?P<b>⟦\d+[A-Z]⟧)\s*(?:,|—|–|\()\s*(?P<a>⟦\d+[CO]⟧)'s\s+(?:[\w-]+\s+){0,2}?(?P<role>platform|product|"
               r"service|app|tool|model|chatbot|assistant|software|system|engine)\b", re.I),
]
REGULATOR_VERB = re.compile(r"\b(?:clear(?:s|ed|ing|ance)?|approv\w+|block\w*|su(?:e|ed|es|ing)|lawsuit|suit|examin\w+|"
                            r"look(?:s|ed|ing)?\s+(?:\w+ly\s+)?(?:into|at)|sign(?:ed|s)?\s+off|sign-off|injunction|in-depth|inquiry|"
                            r"(?:restrict|harm|reduce|lessen|hurt|stifle)\w*\s+competition|"
                            r"challeng\w+|review\w*|prob(?:e|es|ed|ing)|investigat\w+|scrutin\w+|unwind|found\s+that|"
                            r"rul(?:e|ed|es|ing)|greenlight\w*|go-ahead|go\s+ahead|objections?|resolv\w+|settle\w*|"
                            r"fined?|prevent|antitrust)\b", re.I)
REGULATOR_DONE = re.compile(r"\b(?:clear(?:s|ed)|approv(?:ed|al)|greenlit|go-ahead|go\s+ahead|resolved|settled|found|ruled|"
                            r"signed\s+off|denied)\b",
                            re.I)
# an event only wished for is not an event: "preferred to pursue an initial public offering"
INTENT = re.compile(r"\b(?:pursu\w+|consider\w*|explor\w+|weigh\w*|prefer\w*|seek\w*|mull\w*|eye\w*|hop\w+|"
                    r"want\w*|aim\w*)\s+(?:to\s+\w+\s+)?(?:an?\s+|its\s+|a\s+possible\s+)?[^.;⟦]{0,20}$", re.I)
CONDITIONAL = re.compile(r"\b(?:if|whether|unless)\b[^,;]*$", re.I)
NEGATION = re.compile(r"\b(?:not|n't|never|no longer|did not|didn't|won't|cannot|can't)\b", re.I)

EVENTS = [
    ("TRAINING_COMPLETED", "completed", re.compile(
        r"\b(?:complet\w+|finish\w*|conclud\w+|wrap\w*\s+up|done\s+with)\s+(?:its\s+|the\s+|their\s+)?"
        r"(?:[\w-]+\s+){0,2}?training\b|\btraining\s+(?:has\s+been\s+|had\s+been\s+|is\s+|was\s+|confirmed\s+|"
        r"officially\s+|now\s+)*(?:complete[d]?|finished|done|over)\b|\bcompletion\s+of\s+(?:the\s+)?"
        r"(?:⟦\d+[A-Z]⟧(?:'s)?\s+)?(?:[\w-]+\s+){0,2}?training\b", re.I), "MDO"),
    ("RELEASE", "expected", re.compile(
        r"\b(?:public|global|general|official|wide|broad|full|commercial)\s+(?:api\s+)?(?:release|launch|rollout|"
        r"availability|debut)\b|\b(?:release|launch)\s+(?:is\s+|was\s+)?(?:expected|targeted|targeting|scheduled|"
        r"planned|slated|set)\b|\baccess\b[^.⟦]{0,40}\b(?:open|opens|available)\b|"
        r"\b(?:open|available|reach|reaches|come|comes)\s+to\s+the\s+public\b|"
        r"\b(?:officially\s+)?launched\s+in\b|\bavailable\s+for\s+use\b", re.I), "MDLO"),
    ("RELEASE", "completed", re.compile(r"(?<!newly )(?<!recently )\b(?:released|unveiled|debuted|launched)\s+(?:the\s+)?"
                                        r"(?=⟦\d+[MD]⟧)", re.I), "MDLO"),
    ("IPO", "expected", re.compile(r"\bIPO\b|\binitial\s+public\s+offering\b|\bgo(?:es|ing)?\s+public\b|\bwent\s+public\b|"
                                   r"\bpublic\s+listing\b", re.I), "CO"),
    ("FUNDING_ROUND", "completed", re.compile(
        r"(?<!seeking to )(?<!looking to )(?<!plans to )\b(?:rais(?:ed|es|ing)|secur(?:ed|es)|clos(?:ed|es)|closure\s+of)\s+"
        r"(?:an?\s+|its\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:US)?[$€£][\d.,]+\s*[\w-]*\s+(?:[\w-]+\s+){0,2}?(?:in\s+)?"
        r"(?:funding|financing|round|investment|series)|\bfunding\s+round\b|\bseries\s+[a-h]\b|"
        r"\b(?:investment|funding)\s+(?:that\s+)?⟦\d+[A-Z]⟧\s+received", re.I), "CO"),
    ("DEPARTURE", "completed", re.compile(r"\b(?:departed|left|leaving|resigned|resigns|resignation|stepped\s+down|steps\s+down|"
                                          r"quit|quits|exited|ousted)\b", re.I), "P"),
    ("LAYOFFS", "completed", re.compile(r"\b(?:lay(?:s|ing)?\s+off|laid\s+off|layoffs?|job\s+cuts|cut(?:s|ting)?\s+"
                                        r"(?:about\s+|some\s+|roughly\s+)?[\d,]+\s+(?:jobs|employees|staff|workers|"
                                        r"positions|roles)|cut(?:s|ting)?\s+(?:about\s+|some\s+|roughly\s+)?\d+(?:\.\d+)?\s?(?:%|per ?cent|percent)"
                                        r"\s+of\s+(?:its\s+)?(?:workforce|staff|jobs|employees))\b", re.I), "CO"),
]


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
