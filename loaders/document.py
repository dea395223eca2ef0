"""Reading an article: its text, its metadata and its sentences, all with offsets into the text.

Plain text and Markdown are used exactly as read, header lines included, so offsets point into
the file. HTML is parsed (lxml via BeautifulSoup); scripts, styles and navigation are dropped and
offsets point into the extracted text, one block per line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import qualifiers

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_HEADER_LINE = re.compile(r"^(title|source|url|published|date|author|byline):[ \t]*(.*?)[ \t]*$", re.I)
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "svg", "iframe", "template")
_BLOCK = re.compile(r"[^\S\n]+")
_LETTERS = re.compile(r"[^\W\d_]")
_UPPER = re.compile(r"[A-ZÀ-ÖØ-ÞΑ-ΩА-Я]")
_META_TITLE = ("og:title", "twitter:title", "title", "headline")
_META_DATE = ("article:published_time", "og:published_time", "datePublished", "date", "pubdate",
              "publish-date", "dc.date", "dcterms.created")
_META_URL = ("og:url", "twitter:url")


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    line: int  # index of the line the sentence sits on (timeline bullets scope by line)


@dataclass
class Article:
    text: str
    body_start: int = 0  # where extraction starts (after the metadata header)
    title: str | None = None
    url: str | None = None
    published: str | None = None
    lowercase: bool = False
    sentences: list[Sentence] = field(default_factory=list)


def parse(path: Path, raw: str) -> Article:
    if path.suffix.lower() in HTML_SUFFIXES:
        art = _from_html(path, raw)
    else:
        art = _from_text(raw)
    body = art.text[art.body_start:]
    sample = body[:20000]
    letters = len(_LETTERS.findall(sample))
    art.lowercase = letters > 0 and len(_UPPER.findall(sample)) < 0.005 * letters
    if art.published is None:
        art.published = _dateline(body)
    art.sentences = split_sentences(art.text, art.body_start, art.lowercase)
    return art


def _from_text(raw: str) -> Article:
    """Header block (`title:`/`source:`/`published:` lines, then `---`), YAML front matter or none."""
    art = Article(text=raw)
    lines = raw.splitlines(keepends=True)
    i, meta = 0, {}
    if lines and lines[0].strip() == "---":
        i = 1
    for j in range(i, min(len(lines), i + 20)):
        s = lines[j].strip()
        if s == "---":
            if meta:
                art.body_start = sum(len(x) for x in lines[:j + 1])
            break
        m = _HEADER_LINE.match(s)
        if not m:
            break
        meta[m.group(1).lower()] = m.group(2).strip().strip('"\'')
    if art.body_start:
        art.title = meta.get("title") or None
        art.url = meta.get("source") or meta.get("url") or None
        art.published = qualifiers.parse_published(meta.get("published") or meta.get("date"))
    return art


def _from_html(path: Path, raw: str) -> Article:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(raw, "lxml")
    meta: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip()
        if key and tag.get("content") and key not in meta:
            meta[key] = str(tag.get("content")).strip()
    canonical = soup.find("link", rel="canonical")
    time_tag = soup.find("time", attrs={"datetime": True})
    for tag in soup(list(_DROP_TAGS)):
        tag.decompose()
    root = soup.body or soup
    lines = []
    for chunk in root.get_text("\n").split("\n"):
        chunk = _BLOCK.sub(" ", chunk).strip()
        if chunk:
            lines.append(chunk)
    text = "\n".join(lines) + "\n" if lines else ""
    title = next((meta[k] for k in _META_TITLE if meta.get(k)), None)
    if title is None and soup.title and soup.title.string:
        title = soup.title.string.strip() or None
    date = next((meta[k] for k in _META_DATE if meta.get(k)), None)
    if date is None and time_tag is not None:
        date = str(time_tag["datetime"])
    url = next((meta[k] for k in _META_URL if meta.get(k)), None) or (canonical.get("href") if canonical else None)
    return Article(text=text, title=title, url=url, published=qualifiers.parse_published(date))


_DATELINE = re.compile(r"^(?:[^\n]{0,60}?(?:·|\||—|–|-|,)\s*)?(?:(?:[Pp]osted|[Pp]ublished|[Uu]pdated)(?:\s+on)?:?\s+)?"
                       r"(?P<date>\d{4}-\d{2}-\d{2}|"
                       r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4})"
                       r"(?:\s*(?:·|\||—|–|-)[^\n]{0,60})?$")


# a wire or press-release dateline opening the body: "ARMONK, N.Y., Feb. 27, 2025 /PRNewswire/ -- IBM ..."
_WIRE = re.compile(r"^[A-Z][A-Z .'’-]{1,40},(?:\s*[A-Z][\w.]*\.?,)?\s*(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|"
                   r"Nov|Dec)[a-z]*\.? \d{1,2}, \d{4})\b")


def _dateline(body: str) -> str | None:
    """A publication date standing on one of the first lines ("2026-05-28", "Outpost · May 25, 2026 · ...",
    "*June 11, 2024*", "Posted March 3, 2025") or opening a wire dateline."""
    for line in [x.strip().strip("*_").strip() for x in body.splitlines() if x.strip()][:6]:
        m = _DATELINE.match(line) or _WIRE.match(line)
        if m:
            return qualifiers.parse_published(m.group("date"))
    return None


# -- sentences ---------------------------------------------------------------------------------------

_ABBREV = frozenset("inc corp co ltd mr mrs ms dr st jr sr vs no gov sen rep u.s u.k e.g i.e approx est dept "
                    "jan feb mar apr jun jul aug sep sept oct nov dec plc llc cos bros".split())
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]*_]*(?=\s+)")
_LINE = re.compile(r"[^\n]+")


def split_sentences(text: str, start: int = 0, lowercase: bool = False) -> list[Sentence]:
    """Lines, then sentences inside a line; offsets are into `text`."""
    out: list[Sentence] = []
    for n, m in enumerate(_LINE.finditer(text, start)):
        a, line = m.start(), m.group(0)
        pos = 0
        for b in _BOUNDARY.finditer(line):
            end = b.end()
            nxt = line[end:].lstrip()[:1]
            if not nxt or not (nxt.isupper() or nxt.isdigit() or nxt in "\"“‘'(" or lowercase):
                continue
            word = re.search(r"([\w.]+)[.!?]+[\"'”’)\]]*$", line[pos:end])
            if word and b.group(0).startswith(".") and (word.group(1).lower().rstrip(".") in _ABBREV
                                                        or len(word.group(1).rstrip(".")) == 1):
                continue
            _add(out, text, a + pos, a + end, n)
            pos = end
        _add(out, text, a + pos, a + len(line), n)
    return out


def _add(out: list[Sentence], text: str, a: int, b: int, line: int) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        out.append(Sentence(a, b, text[a:b], line))
