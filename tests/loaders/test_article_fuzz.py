"""Whatever bytes arrive, the article loader returns an Extraction or raises InputError."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from dealgraph.exc import InputError
from dealgraph.loaders.article import load_article

WORDS = st.sampled_from(["SpaceX", "acquired", "xAI", "in", "February", "2026", "$60B", "the company", "CEO",
                         "Tesla's", "—", ",", ".", "\n", "- June 5, 2026", "Grok V9-Medium", "trained on",
                         "rolling into", "14%", "yesterday", "title:", "---", "<p>", "if", "option on"])
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _load(tmp_path, suffix, data: bytes):
    p = tmp_path / f"fuzz{suffix}"
    p.write_bytes(data)
    try:
        ext = load_article(p)
    except InputError as exc:
        assert str(exc).startswith(str(p)) and "\n" not in str(exc)
        return
    text = data.decode("utf-8")
    for c in ext.claims:
        if suffix != ".html":
            assert text[c.source.start:c.source.end] == c.source.quote


@SETTINGS
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_random_bytes(tmp_path, data, suffix):
    _load(tmp_path, suffix, data)


@SETTINGS
@given(text=st.text(max_size=600), suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_random_text(tmp_path, text, suffix):
    _load(tmp_path, suffix, text.encode("utf-8"))


@SETTINGS
@given(words=st.lists(WORDS, max_size=60), suffix=st.sampled_from([".txt", ".html"]))
def test_deal_shaped_noise(tmp_path, words, suffix):
    _load(tmp_path, suffix, " ".join(words).encode("utf-8"))
