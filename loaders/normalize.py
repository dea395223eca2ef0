"""Hostile characters out of the text the extractor reads, offsets still into the text as read.

    clean, to_original = normalize(text)
    start, end = to_original.span(a, b)   # a span of `clean` -> the same words in `text`
    text[start:end]                       # the verbatim quote, invisible characters included

"Ac\\u200dme Robotics" (a zero-width joiner inside the name) reads as "Acme Robotics", while the
quote and its offsets still point into the document as stored. What happens to each class:

- zero-width and invisible formatting characters (`INVISIBLE`: U+200B-U+200D, U+2060, U+FEFF,
  the soft hyphen U+00AD, bidirectional marks and overrides U+200E/F, U+202A-U+202E,
  U+2066-U+2069): removed. They hide inside names and split them.
- C0 controls other than tab, line feed and carriage return, and DEL: removed (stray bytes from
  converters, terminal escapes). NUL is removed here too, but `files.read_text` refuses a file
  that holds one: in a text file it means binary data or the wrong encoding.
- line and page breaks other than "\\n" (`BREAKS`: vertical tab, form feed, NEL, U+2028, U+2029 and
  a carriage return not followed by a line feed): replaced by "\\n", one character for one, so that
  sentences and lines end where the writer ended them.

C1 controls (U+0080-U+009F) other than NEL are left alone: they are what Windows-1252 text read as
Latin-1 looks like, and the fix for that is `--encoding cp1252`, not removal.
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_right

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
CONTROLS = "".join(map(chr, [*range(0x00, 0x09), *range(0x0e, 0x20), 0x7f]))  # not \t \n \v \f \r
BREAKS = "\x0b\x0c\x85\u2028\u2029"

_REMOVE = re.compile(f"[{re.escape(INVISIBLE + CONTROLS)}]+")
_BREAKS = str.maketrans(dict.fromkeys(BREAKS, "\n"))
_LONE_CR = re.compile(r"\r(?!\n)")
_ANY = re.compile(f"[{re.escape(INVISIBLE + CONTROLS + BREAKS)}]|{_LONE_CR.pattern}")


class ToOriginal:
    """Maps offsets into the clean text back to offsets into the original text.

    Built from the runs of removed characters: `_clean[k]` is the clean offset just after the k-th
    run and `_shift[k]` how many characters were removed up to there; a lookup is a bisection.
    """

    __slots__ = ("_clean", "_shift")

    def __init__(self, clean: array | None = None, shift: array | None = None):
        self._clean = clean if clean is not None else array("q")
        self._shift = shift if shift is not None else array("q")

    @property
    def identity(self) -> bool:
        """True when nothing was removed: every offset maps to itself."""
        return not self._clean

    def __call__(self, i: int) -> int:
        """The original offset of the character at clean offset `i` (`len(clean)` maps past the end)."""
        k = bisect_right(self._clean, i) - 1
        return i + (self._shift[k] if k >= 0 else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of clean `[start, end)`: invisible characters inside it are kept (the quote
        stays verbatim), those just before or after it are not."""
        if end <= start:
            at = self(start)
            return at, at
        return self(start), self(end - 1) + 1


def normalize(text: str) -> tuple[str, ToOriginal]:
    """(the text the extractor should read, the map from its offsets back into `text`)."""
    if not _ANY.search(text):
        return text, ToOriginal()
    text = _LONE_CR.sub("\n", text.translate(_BREAKS))  # one character for one: offsets do not move
    parts: list[str] = []
    clean, shift = array("q"), array("q")
    pos = removed = 0
    for m in _REMOVE.finditer(text):
        parts.append(text[pos:m.start()])
        clean.append(m.start() - removed)
        removed += m.end() - m.start()
        shift.append(removed)
        pos = m.end()
    parts.append(text[pos:])
    return "".join(parts), ToOriginal(clean, shift)
