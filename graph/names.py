"""Name normalisation and deterministic ids.

Two mentions are the same entity when their normalised names meet; ids are slugs of the
canonical name, so the same input always yields the same graph.
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

# Corporate suffixes dropped from the end of a name ("Broadcom Inc." -> "broadcom").
SUFFIXES = frozenset(
    "inc incorporated corp corporation co company ltd limited llc plc ag sa nv se gmbh holdings group".split()
)
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00b4": "'", "`": "'", "\u2011": "-", "\u2010": "-"})
_POSSESSIVE = re.compile(r"'s\b")
_NON_WORD = re.compile(r"[^\w\s]")
_INITIALS = re.compile(r"\b(\w)\.(?=\w\.)|(?<=\b\w)\.")  # "S.A." -> "SA", "U.S." -> "US"


@functools.lru_cache(maxsize=1 << 19)  # the same names recur in every document (and a 10^6 load has 500k)
def normalize(name: str) -> str:
    """Case, punctuation, possessive, leading "the" and corporate suffixes folded away.

    >>> normalize("Cursor's")
    'cursor'
    >>> normalize("The Walt Disney Co.")
    'walt disney'
    >>> normalize("Grok V9-Medium") == normalize("grok v9 medium")
    True
    """
    s = unicodedata.normalize("NFKC", str(name)).casefold().translate(_QUOTES)
    s = _POSSESSIVE.sub("", s)
    s = _INITIALS.sub(lambda m: m.group(1) or "", s)
    s = _NON_WORD.sub(" ", s)
    words = s.split()
    while len(words) > 1 and words[0] == "the":  # all of them, so normalising twice changes nothing
        words = words[1:]
    while len(words) > 1 and words[-1] in SUFFIXES:
        words.pop()
    return " ".join(words)


def slugify(name: str) -> str:
    """A readable, deterministic id: ASCII words of the normalised name joined by '-'.

    >>> slugify("Grok V9-Medium")
    'grok-v9-medium'
    >>> slugify("Société Générale S.A.")
    'societe-generale'
    """
    ascii_ = unicodedata.normalize("NFKD", normalize(name)).encode("ascii", "ignore").decode()
    # folded to ASCII a word can become a suffix ("ÇO" -> "co"): normalise again, so a slug's slug is itself
    slug = "-".join(re.findall(r"[a-z0-9]+", normalize(ascii_)))
    return slug or "x-" + digest(normalize(name) or name)[:10]  # names that normalise alike share it


def digest(*parts: object) -> str:
    """A stable hex digest of the parts (order matters)."""
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()


def make_id(prefix: str, *parts: object) -> str:
    """Deterministic id from natural keys, e.g. a relation from (subject, type, object)."""
    return f"{prefix}-{digest(*parts)[:16]}"
