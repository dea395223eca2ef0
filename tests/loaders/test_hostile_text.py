"""Hostile text and foreign encodings: clean names for extraction, verbatim quotes, one-line refusals.

Every article here is our own words.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from dealgraph.exc import InputError
from dealgraph.graph.sqlite import SqliteStore
from dealgraph.loaders import load
from dealgraph.loaders.files import read_text

DEAL = "Ac\u200dme Robotics agreed to acquire Widget\u200b Labs for $2 billion in March 2026.\n"
FRENCH = "Soci\u00e9t\u00e9 G\u00e9n\u00e9rale agreed to acquire Acme Robotics for \u00a32 billion in March 2026.\n"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dealgraph", *args], capture_output=True, text=True,
                          env=os.environ, timeout=120)


def provenance_holds(ext, text: str) -> None:
    assert ext.claims
    for c in ext.claims:
        assert text[c.source.start:c.source.end] == c.source.quote, c


def test_a_zero_width_joiner_inside_a_name_keeps_the_name_whole_and_the_quote_verbatim(tmp_path):
    p = tmp_path / "deal.txt"
    p.write_text(DEAL, encoding="utf-8")
    ext = load(p)
    assert {e.name for e in ext.entities} == {"Acme Robotics", "Widget Labs"}
    [claim] = ext.claims
    assert claim.source.quote == DEAL.strip()  # the invisible characters are still in the quote
    assert ext.document.chars == len(DEAL)
    provenance_holds(ext, DEAL)


def test_controls_and_page_breaks(tmp_path):
    text = "Ac\x07me Robotics agreed to acquire Widget Labs in March 2026.\x0cTailspin\x1b Capital invested in Contoso.\n"
    p = tmp_path / "deal.md"
    p.write_text(text, encoding="utf-8")
    ext = load(p)
    names = {e.name for e in ext.entities}
    assert {"Acme Robotics", "Widget Labs", "Tailspin Capital", "Contoso"} <= names
    assert {c.type for c in ext.claims} == {"AGREED_TO_ACQUIRE", "INVESTED_IN"}
    provenance_holds(ext, text)


def test_html_entities_for_invisible_characters_are_cleaned_after_extraction(tmp_path):
    p = tmp_path / "deal.html"
    p.write_text("<html><body><p>Ac&#8205;me Robotics agreed to acquire Widget&zwnj; Labs in March 2026.</p>"
                 "</body></html>", encoding="utf-8")
    ext = load(p)
    assert {e.name for e in ext.entities} == {"Acme Robotics", "Widget Labs"}
    [claim] = ext.claims
    assert claim.source.quote == "Ac\u200dme Robotics agreed to acquire Widget\u200c Labs in March 2026."
    assert ext.document.chars == len("Ac\u200dme Robotics agreed to acquire Widget\u200c Labs in March 2026.\n")


def test_a_byte_order_mark_no_longer_hides_the_header(tmp_path):
    text = "\ufefftitle: Desk note\npublished: 2026-05-02\n---\n" + DEAL
    p = tmp_path / "deal.txt"
    p.write_text(text, encoding="utf-8")
    ext = load(p)
    assert (ext.document.title, ext.document.published) == ("Desk note", "2026-05-02")
    provenance_holds(ext, text)  # offsets still count the BOM, as every reader of the file does


def test_a_nul_anywhere_refuses_the_file_in_one_line(tmp_path):
    p = tmp_path / "late-nul.txt"
    p.write_text("Acme Robotics agreed to acquire Widget Labs. " * 400 + "Tail\x00spin Capital invested in Contoso.",
                 encoding="utf-8")
    assert p.stat().st_size > 8192
    with pytest.raises(InputError) as e:
        read_text(p)
    assert str(e.value).startswith(f"{p}: binary file (NUL character at offset ") and "\n" not in str(e.value)


def test_utf16_is_refused_with_a_hint_and_read_when_named(tmp_path):
    p = tmp_path / "deal.txt"
    p.write_bytes(FRENCH.encode("utf-16"))
    with pytest.raises(InputError, match="--encoding utf-16"):
        read_text(p)
    for encoding in ("utf-16", "auto"):
        assert read_text(p, encoding)[0] == FRENCH


def test_latin1_needs_an_encoding_and_gets_character_offsets(tmp_path):
    p = tmp_path / "deal.txt"
    p.write_bytes(FRENCH.encode("latin-1"))
    with pytest.raises(InputError) as e:
        read_text(p)
    message = str(e.value)
    assert message.startswith(f"{p}: not UTF-8 text (bad byte 0xe9 at offset 4)") and "--encoding" in message
    for encoding in ("latin-1", "cp1252", "auto"):
        ext = load(p, encoding=encoding)
        assert {e.name for e in ext.entities} == {"Soci\u00e9t\u00e9 G\u00e9n\u00e9rale", "Acme Robotics"}
        provenance_holds(ext, FRENCH)  # character offsets into the decoded text, not byte offsets
        assert ext.claims[0].amount["currency"] == "GBP"


def test_ingest_encoding_option(tmp_path):
    p = tmp_path / "deal.txt"
    p.write_bytes(FRENCH.encode("cp1252"))
    good = tmp_path / "good.txt"
    good.write_text(DEAL, encoding="utf-8")
    store = tmp_path / "store"
    r = run("--store", str(store), "ingest", str(p), str(good))
    assert r.returncode == 1
    [error] = [line for line in r.stderr.splitlines() if line.startswith("error:")]
    assert str(p) in error and "--encoding" in error
    r = run("--store", str(store), "ingest", "--encoding", "auto", str(p))
    assert r.returncode == 0, r.stderr
    names = {e.name for e in SqliteStore(store).snapshot().entities.values()}
    assert "Soci\u00e9t\u00e9 G\u00e9n\u00e9rale" in names and "Acme Robotics" in names
    r = run("--store", str(store), "ingest", "--encoding", "klingon", str(p))
    assert r.returncode == 2 and "unknown encoding 'klingon'" in r.stderr


def test_facts_files_take_the_encoding_too(tmp_path):
    p = tmp_path / "facts.csv"
    p.write_bytes("kind,subject,type,object\nrelation,Soci\u00e9t\u00e9 G\u00e9n\u00e9rale,PARTNERS_WITH,Acme Robotics\n"
                  .encode("cp1252"))
    with pytest.raises(InputError, match="not UTF-8"):
        load(p)
    ext = load(p, encoding="cp1252")
    assert "Soci\u00e9t\u00e9 G\u00e9n\u00e9rale" in {e.name for e in ext.entities}
