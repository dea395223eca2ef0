"""Reading articles: metadata headers, HTML extraction, datelines and sentence offsets."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, strategies as st

from dealgraph.loaders.document import parse, split_sentences


def test_header_block_gives_metadata_and_body_start():
    raw = "title: A deal\nsource: https://example.com/a\npublished: 2026-04-21\n---\nBody starts here.\n"
    art = parse(Path("a.txt"), raw)
    assert (art.title, art.url, art.published) == ("A deal", "https://example.com/a", "2026-04-21")
    assert raw[art.body_start:].startswith("Body starts here.")
    assert all(s.start >= art.body_start for s in art.sentences)


def test_unknown_published_stays_unknown():
    art = parse(Path("a.txt"), "title: T\npublished: unknown\n---\nNothing dated here.\n")
    assert art.published is None


def test_markdown_front_matter():
    raw = "---\ntitle: Front matter\npublished: 2025-12\n---\n\n# Heading\n\nText.\n"
    art = parse(Path("a.md"), raw)
    assert (art.title, art.published) == ("Front matter", "2025-12")


def test_dateline_in_first_lines_when_no_header():
    art = parse(Path("a.txt"), "Some Outlet · May 25, 2026 · Analysis\nThe story.\n")
    assert art.published == "2026-05-25"
    assert parse(Path("b.txt"), "Headline here\n\n2026-05-28\n\nThe story.\n").published == "2026-05-28"
    assert parse(Path("c.md"), "# Headline\n\n*Posted March 3, 2025*\n\nThe story.\n").published == "2025-03-03"
    assert parse(Path("d.txt"), "Headline\nPublished on: Dec. 1, 2024\nThe story.\n").published == "2024-12-01"


def test_html_meta_tags_and_dropped_boilerplate():
    raw = ("<html><head><meta property='og:title' content='Meta title'>"
           "<meta property='article:published_time' content='2026-05-27T09:30:00Z'>"
           "<script>var leak = 1;</script></head><body><nav>Menu</nav>"
           "<p>First paragraph.</p><p>Second &amp; last.</p><footer>Footer</footer></body></html>")
    art = parse(Path("a.html"), raw)
    assert art.title == "Meta title" and art.published == "2026-05-27"
    assert "leak" not in art.text and "Menu" not in art.text and "Footer" not in art.text
    assert "Second & last." in art.text
    for s in art.sentences:
        assert art.text[s.start:s.end] == s.text


def test_sentences_respect_abbreviations_and_initials():
    text = "Amazon.com Inc. is investing in Anthropic. Chris V. Nicholson said so. The U.S. agreed."
    got = [s.text for s in split_sentences(text)]
    assert got == ["Amazon.com Inc. is investing in Anthropic.", "Chris V. Nicholson said so.", "The U.S. agreed."]


def test_lowercase_text_still_splits():
    text = "yesterday it happened. then something else did."
    assert len(split_sentences(text, lowercase=True)) == 2


@given(st.text(max_size=400))
def test_sentence_offsets_always_slice_the_text(text):
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text and s.text.strip() == s.text and s.text


def test_wire_and_press_release_datelines_date_the_article():
    wire = parse(Path("a.txt"), "OSLO, Mar. 4, 2024 /BusinessWire/ -- Nordlys Data said today it had bought Fjord Labs.\n")
    emphasised = parse(Path("b.md"), "# Headline Words Here In Caps\n\n*September 9, 2023*\n\nText.\n")
    assert (wire.published, emphasised.published) == ("2024-03-04", "2023-09-09")
