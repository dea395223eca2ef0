"""Qualifiers found in a sentence: dates (absolute and relative), money, percentages, status cues.

Dates keep their precision: "in February 2026" is "2026-02", never a made-up day. A month or day
without a year takes the year implied by the published date (the most recent such month for past
events, the next one for future ones); with no published date, the year a full date elsewhere in
the document gives that month, else the document's most common year, else the reference year
(`today`: the CLI's DEALGRAPH_TODAY, else the day it runs). Relative dates ("yesterday", "on Monday", "within 2-3 weeks") need a
day-precise published date and stay unknown without one; "last week" is the month that week falls in,
unknown when it straddles two.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from ..exc import InputError
from ..graph import dates
from .frames import lexicon

_LEX = lexicon()  # months, weekdays and the words of a deal that is off live in lexicon.yaml
_FULL, _SHORT = _LEX.words("months"), _LEX.words("month_abbreviations")
MONTHS = {**{m: i for i, m in enumerate(_FULL, start=1)},
          **{a: next(i for i, m in enumerate(_FULL, start=1) if m.startswith(a)) for a in _SHORT}}
_MONTH = r"(?P<month>" + "|".join(_FULL + _SHORT) + r")\.?"
WEEKDAYS = _LEX.words("weekdays")
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}

_DATE = re.compile(
    r"\b(?P<iso>(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2}))\b"
    r"|\b(?P<dmy>(?P<d1>\d{1,2}) (?P<m1>january|february|march|april|may|june|july|august|september|october|"
    r"november|december),? (?P<y1>\d{4}))\b"
    r"|(?P<md>\b(?P<cue>in|on|since|by|until|from|through|during|of|around|before|after|early|late|mid|end of|last|next|"
    r"beginning of|start of)?[- ]?" + _MONTH + r"(?![a-z])(?: (?P<day>\d{1,2})(?:st|nd|rd|th)?(?![\d%]))?"
    r"(?:,? (?P<year>(?:19|20)\d\d))?)\b"
    r"|\b(?P<quarter>(?:(?P<qword>first|second|third|fourth|1st|2nd|3rd|4th) quarter|q(?P<qnum>[1-4]))"
    r"(?: of)?(?: (?:calendar|fiscal))?(?: year)?,? (?P<qyear>(?:19|20)\d\d))\b"
    r"|\b(?P<rel>yesterday|today|tomorrow|last year|last month|next month|next year|last week|next week|"
    r"(?:earlier |later )?this (?:year|month))\b"
    r"|\b(?P<wd>(?:on |last |this |next )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b"
    r"|\b(?P<within>(?:within|in) (?:the next )?(?P<n1>\d+)(?:\s*(?:-|–|to)\s*(?P<n2>\d+))? (?P<unit>days|weeks|months))\b"
    r"|\b(?P<span>(?P<s1>\d+)-? (?:to|–|-) (?P<s2>\d+)-(?P<sunit>day|week|month)s?)\b"
    r"|\b(?P<byear>(?P<bcue>in|since|by|during|from|of|until|through) (?P<yy>(?:19|20)\d\d))\b(?![-\d%])"
    r"|(?<![\w$.,-])(?P<bare>(?:19[5-9]\d|20\d\d))(?![\w%.,-]|\.\d)",
    re.I)
_FUTURE = re.compile(r"\b(?:will|expected|expects|set to|scheduled|schedule|plans?|planned|planning|targets?|"
                     r"targeting|targeted|upcoming|due|slated|is to|are to|aims?|likely|coming|countdown|"
                     r"about to|next)\b", re.I)


_PAST = re.compile(r"\b(?:was|were|had|did|ago|last|earlier|previously|\w{3,}ed|found|broke|said|told|took|made|won|"
                   r"lost|bought|sold|paid|left|began|became|got|gave|held|led|met|ran|saw|struck|went|wrote|"
                   r"rose|fell|shook|drove|brought|thought|spent|sent|built|chose|hit|cut|quit)\b", re.I)


@dataclass(frozen=True)
class When:
    date: str | None
    text: str
    start: int
    end: int
    date_from: str | None = None
    date_to: str | None = None
    rank: int = 0  # lower is more specific; bare years rank last


class DateContext:
    """What a document knows about years: its published date and the full dates it contains."""

    def __init__(self, published: str | None, text: str, today: dt.date | None = None):
        self.published = published
        self.pub_day = dt.date.fromisoformat(published) if published and dates.precision(published) == "day" else None
        self.month_year: dict[int, int] = {}
        years: Counter = Counter()
        for m in _DATE.finditer(text):
            w = _resolve(m, None, None, None)
            if w and w.date and w.rank <= 1:
                years[int(w.date[:4])] += 1
                if len(w.date) >= 7:
                    self.month_year.setdefault(int(w.date[5:7]), int(w.date[:4]))
        self.common_year = years.most_common(1)[0][0] if years else None
        self.today_year = (today or dt.date.today()).year

    def year_for(self, month: int, tense: str | None) -> int:
        """The year of a month named without one; `tense` is "past", "future" or None (unknown)."""
        if self.published:
            year, pm = int(self.published[:4]), int(self.published[5:7]) if len(self.published) >= 7 else None
            if pm is not None:
                if month > pm and tense == "past":
                    return year - 1
                if month < pm and tense == "future":
                    return year + 1
            return year
        return self.month_year.get(month) or self.common_year or self.today_year


_CLAUSE = re.compile(r"[;]|,\s+(?:and|but|while|whereas|which|who|whose|said|says|told|added|adding|according)\b|"
                     r"\s+(?:and|but)\s+(?:the|it|he|she|they|its|has|have|had|is|was|will)\b", re.I)


def clause_span(sentence: str, a: int, b: int) -> tuple[int, int]:
    """The clause around sentence[a:b]: between the clause breaks before and after it (";", ", and",
    ", which", ", said", " and has" ...)."""
    starts = [m.end() for m in _CLAUSE.finditer(sentence, 0, a)]
    end = next((m.start() for m in _CLAUSE.finditer(sentence, b)), len(sentence))
    return (starts[-1] if starts else 0), end


def _tense(sentence: str, a: int, b: int) -> str | None:
    """The tense of the clause around a date: "denied ... in July, and the FTC will continue" is past for July."""
    lo, hi = clause_span(sentence, a, b)
    clause = sentence[lo:hi]
    return "future" if _FUTURE.search(clause) else ("past" if _PAST.search(clause) else None)


def find_dates(sentence: str, ctx: DateContext) -> list[When]:
    """Every date expression in the sentence, resolved against the document context."""
    out = []
    for m in _DATE.finditer(sentence):
        w = _resolve(m, ctx, ctx.pub_day if ctx else None, _tense(sentence, m.start(), m.end()))
        if w is not None:
            out.append(w)
    return out


def _resolve(m: re.Match, ctx: DateContext | None, pub: dt.date | None, tense: str | None) -> When | None:
    g = m.groupdict()
    text, a, b = m.group(0), m.start(), m.end()
    try:
        if g["iso"]:
            return When(dates.parse_iso(g["iso"]), text, a, b)
        if g["dmy"]:
            return When(dates.parse_iso(f"{g['y1']}-{MONTHS[g['m1'].lower()]:02d}-{int(g['d1']):02d}"), text, a, b)
        if g["md"]:
            month = MONTHS[g["month"].lower()]
            day, year = g["day"], g["year"]
            if not (day or year or g["cue"]):
                return None  # a bare "may" or "march" is a verb as often as a month
            if g["month"].lower() == "may" and not (day or year) and g["month"][0].islower() and g["cue"] is None:
                return None
            if year is None:
                if ctx is None:
                    return None
                cue = (g["cue"] or "").lower()
                year = ctx.year_for(month, {"last": "past", "next": "future"}.get(cue, tense))
                if cue in ("last", "next") and pub is not None and month == pub.month:
                    year += -1 if cue == "last" else 1  # "last July", said in July
            iso = f"{int(year):04d}-{month:02d}" + (f"-{int(day):02d}" if day else "")
            return When(dates.parse_iso(iso), text, a, b, rank=0 if g["year"] else 1)
        if g["quarter"]:
            q = int(g["qnum"]) if g["qnum"] else ORDINALS[g["qword"].lower()]
            y = int(g["qyear"])
            return When(f"{y:04d}", text, a, b, date_from=f"{y:04d}-{3 * q - 2:02d}", date_to=f"{y:04d}-{3 * q:02d}")
        if g["byear"]:
            return When(g["yy"], text, a, b, rank=1)
        if g["bare"]:
            return When(g["bare"], text, a, b, rank=3)
    except InputError:
        return None
    if pub is None:
        return None
    if g["rel"]:
        rel = g["rel"].lower()
        if rel in ("yesterday", "today", "tomorrow"):
            day = pub + dt.timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[rel])
            return When(day.isoformat(), text, a, b, rank=1)
        if rel in ("last year", "next year"):
            return When(str(pub.year + (-1 if rel.startswith("last") else 1)), text, a, b, rank=2)
        if rel.endswith("this year"):  # "earlier this year": the published year
            return When(str(pub.year), text, a, b, rank=2)
        if rel.endswith("this month"):
            return When(pub.strftime("%Y-%m"), text, a, b, rank=2)
        if rel in ("last month", "next month"):
            first = pub.replace(day=1)
            other = first - dt.timedelta(days=1) if rel.startswith("last") else first + dt.timedelta(days=32)
            return When(other.strftime("%Y-%m"), text, a, b, rank=2)
        # "last week", "next week": the month that whole week falls in, else too vague to date
        first = pub + dt.timedelta(days=-7 if rel.startswith("last") else 7)
        end = first + dt.timedelta(days=6)
        if (first.year, first.month) != (end.year, end.month):
            return None
        return When(first.strftime("%Y-%m"), text, a, b, rank=2)
    if g["wd"]:
        words = g["wd"].lower().split()
        if words[0] == "this" or words[0] == "next":
            return None
        target = WEEKDAYS.index(words[-1])
        back = (pub.weekday() - target) % 7
        return When((pub - dt.timedelta(days=back)).isoformat(), text, a, b, rank=1)
    if g["within"] or g["span"]:
        n1 = int(g["n1"] or g["s1"])
        n2 = int(g["n2"] or g["s2"] or n1)
        unit = (g["unit"] or g["sunit"]).lower().rstrip("s")
        days = {"day": 1, "week": 7, "month": 30}[unit]
        lo, hi = pub + dt.timedelta(days=n1 * days), pub + dt.timedelta(days=n2 * days)
        return When(dates.common_prefix([lo.isoformat(), hi.isoformat()])[:7] if lo.year == hi.year else None,
                    text, a, b, date_from=lo.isoformat(), date_to=hi.isoformat(), rank=2)
    return None


def parse_published(value: str | None) -> str | None:
    """A header/meta published value as an ISO prefix; 'unknown' and unparseable values give None."""
    if not value:
        return None
    value = value.strip()
    m = re.match(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$", value)
    if m:
        try:
            return dates.parse_iso(m.group(1))
        except InputError:
            return None
    w = [x for x in find_dates(value, None) if x.date]  # type: ignore[arg-type]
    return w[0].date if w and w[0].rank == 0 else None


# -- money, percent, status cues --------------------------------------------------------------------------

_SCALE = {"trillion": 1e12, "tn": 1e12, "t": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6,
          "mn": 1e6, "m": 1e6, "mln": 1e6, "thousand": 1e3, "k": 1e3}
_CURRENCY = {"$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP",
             "¥": "JPY", "jpy": "JPY"}
_MONEY = re.compile(r"(?P<cur>US\$|\$|€|£|¥|\b(?:USD|EUR|GBP|JPY) ?)(?P<num>\d[\d,]*(?:\.\d+)?)"
                    r"(?:\s?(?P<scale>trillion|billion|million|thousand|tn|bn|mn|mln|[bmkt])\b)?", re.I)
_NOT_DEAL = re.compile(r"^\s*(?:per|a) share|^\s*(?:post-money |pre-money )?valuation", re.I)
_VALUATION_BEFORE = re.compile(r"(?:valu\w+|valuing \w+) (?:of |at )?(?:about |around |roughly |nearly )?$", re.I)
_PERCENT = re.compile(r"(?<![\d.])(?P<num>\d{1,3}(?:\.\d+)?)\s?(?:%|per ?cent\b|percent\b|pct\b)", re.I)


@dataclass(frozen=True)
class Money:
    value: float
    currency: str
    text: str
    start: int


def find_money(sentence: str) -> list[Money]:
    """Deal amounts in the sentence; per-share prices and valuations are left out."""
    out = []
    for m in _MONEY.finditer(sentence):
        if _NOT_DEAL.match(sentence[m.end():]) or _VALUATION_BEFORE.search(sentence[max(0, m.start() - 40):m.start()]):
            continue
        num = float(m.group("num").replace(",", ""))
        scale = _SCALE.get((m.group("scale") or "").lower(), 1.0)
        out.append(Money(num * scale, _CURRENCY[m.group("cur").strip().lower()], m.group(0), m.start()))
    return out


def find_percent(sentence: str) -> list[tuple[float, int]]:
    return [(float(m.group("num")), m.start()) for m in _PERCENT.finditer(sentence)
            if float(m.group("num")) <= 100]


# a deal that is off: the status of a control relation stated in such a clause is "terminated"
TERMINATED = _LEX.regex("terminated")
