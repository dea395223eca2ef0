"""The mention finder: open-vocabulary names, their types, the lists they are read with, and where they are."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from dealgraph.exc import DealgraphError
from dealgraph.loaders.article import MAX_QUOTE, load_article
from dealgraph.loaders.entities import EMPTY, NAME_LISTS, Mentions, name_lists

HEADER = "title: t\npublished: 2025-01-15\n---\n"


def mentions(text: str, catalogue: bool = True) -> Mentions:
    return Mentions(text, 0, False, None if catalogue else EMPTY)


def names(men: Mentions) -> dict[str, str]:
    """Every name and spelling the finder gave an entity -> that entity's type."""
    out = {}
    for e in men.entities.values():
        for n in [e.name, *e.surfaces]:
            out[n] = e.type
    return out


EXAMPLES = [(key, i, ex) for key, entry in name_lists().items() for i, ex in enumerate(entry["examples"])]


@pytest.mark.parametrize("key,i,example", EXAMPLES, ids=[f"{k}-{i}" for k, i, _ in EXAMPLES])
def test_every_name_list_example_holds(key, i, example):
    found = names(mentions(example["text"]))
    assert set(example.get("names", [])) <= set(found), (key, found)
    assert not set(example.get("not", [])) & set(found), (key, found)
    for name, etype in (example.get("types") or {}).items():
        assert found[name] == etype, (key, name, found)


def test_every_name_list_has_examples():
    assert all(name_lists()[key]["examples"] for key in NAME_LISTS)


@pytest.mark.parametrize("broken,message", [
    (lambda s: s.pop("places"), "names.places: needs doc:, words: and examples:"),
    (lambda s: s["stop"].pop("examples"), "names.stop: needs doc:, words: and examples:"),
    (lambda s: s.update(colours={"doc": "", "words": "", "examples": []}), "names.colours: unknown list"),
])
def test_a_broken_name_list_is_an_error_naming_it(tmp_path, broken, message):
    raw = yaml.safe_load((Path(__file__).parents[2] / "loaders" / "data" / "lexicon.yaml").read_text(encoding="utf-8"))
    broken(raw["names"])
    path = tmp_path / "lexicon.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DealgraphError, match=message):
        name_lists(path)


def test_names_are_found_without_the_catalogue():
    text = ("Veltrix Robotics agreed to buy Norden AI from Harbor Capital Partners. Veltrix chief executive "
            "Dana Whitfield said the startup's model, Quill 3, would ship in May.")
    found = names(mentions(text, catalogue=False))
    assert {"Veltrix Robotics", "Norden AI", "Harbor Capital Partners", "Dana Whitfield", "Quill 3"} <= set(found)
    assert found["Dana Whitfield"] == "Person" and found["Quill 3"] == "AIModel"
    assert found["Harbor Capital Partners"] == "Company"


def test_one_entity_per_thing_named_several_ways():
    text = ("The Veland Trade Commission (VTC) opened a review. Orbis Labs and Harper Lane Books spoke. "
            "HarperLane Books said the VTC would decide. Zentra Holdings US and Zentra agreed. "
            "Quorvex Inc. (QVX) fell, and Orbis Labs (OLB) rose; Harper (NYT) did not.")
    men = mentions(text)
    by_surface = {s: e.key for e in men.entities.values() for s in e.surfaces}
    assert by_surface["VTC"] == by_surface["Veland Trade Commission"]  # the acronym in brackets
    assert by_surface["Harper Lane Books"] == by_surface["HarperLane Books"]  # spelt with and without a space
    assert by_surface["Zentra Holdings US"] == by_surface["Zentra"]  # the formal name of the same company
    assert by_surface["QVX"] == by_surface["Quorvex Inc"]  # a ticker: its letters come from the name, in order
    assert by_surface["OLB"] == by_surface["Orbis Labs"]
    assert by_surface.get("NYT") != by_surface.get("Harper")  # letters from elsewhere: something else


def test_a_described_company_is_the_one_the_article_called_so():
    text = ("Dutch chip equipment maker Veldhoven Systems invested in French startup Lumiere AI. "
            "The Dutch company also hired a new finance chief.")
    men = mentions(text)
    anaphor = next(m for m in men.mentions if m.entity is None and text[m.start:m.end].lower().startswith("the dutch"))
    assert men.entities[anaphor.cands[0]].name == "Veldhoven Systems"


def test_every_entity_is_stored_with_where_it_is_named(tmp_path):
    body = "Veltrix Robotics opened an office in Lyon. Norden AI makes sensors, Veltrix Robotics said.\n"
    path = tmp_path / "a.txt"
    path.write_text(HEADER + body, encoding="utf-8")
    ext = load_article(path)
    text = path.read_text(encoding="utf-8")
    veltrix = next(e for e in ext.entities if e.name == "Veltrix Robotics")
    assert [text[a:b] for a, b in veltrix.mentions] == ["Veltrix Robotics", "Veltrix Robotics"]
    assert any(e.name == "Norden AI" for e in ext.entities)  # in no relation, still an entity
    assert ext.stats["entities"] >= 2 and ext.stats["relations"] == len([c for c in ext.claims if c.object])


def test_a_long_document_without_relations_warns(tmp_path):
    path = tmp_path / "quiet.txt"
    path.write_text(HEADER + "Veltrix Robotics opened an office in Lyon. " * 30 + "\n", encoding="utf-8")
    ext = load_article(path)
    assert ext.warnings and "no relation found" in ext.warnings[0] and str(path) in ext.warnings[0]


def test_a_quote_is_bounded_however_long_the_sentence(tmp_path):
    partners = ", ".join(f"Zorvex{i} Holdings" for i in range(400))
    path = tmp_path / "long.txt"
    path.write_text(HEADER + f"Veltrix Robotics announced a partnership with {partners} and Norden Labs.\n",
                    encoding="utf-8")
    ext = load_article(path)
    text = path.read_text(encoding="utf-8")
    assert len(ext.claims) > 300
    for c in ext.claims:
        assert len(c.source.quote) <= MAX_QUOTE + 300
        assert text[c.source.start:c.source.end] == c.source.quote


def test_a_document_adds_at_most_its_caps_and_says_so(tmp_path, monkeypatch):
    from dealgraph.loaders import article

    monkeypatch.setattr(article, "MAX_CLAIMS", 3)
    monkeypatch.setattr(article, "MAX_MENTIONS", 5)
    body = " ".join(f"Helio Systems acquired Tandem Labs {i}." for i in range(1, 7)) + "\n"
    path = tmp_path / "a.txt"
    path.write_text(HEADER + body, encoding="utf-8")
    ext = load_article(path)
    assert len(ext.claims) == 3
    assert sum(len(e.mentions) for e in ext.entities) == 5
    assert len(ext.warnings) == 2 and all(w.startswith(f"{path}: ") and "\n" not in w for w in ext.warnings)
    assert "kept the first 3" in ext.warnings[0] and "stored the first 5" in ext.warnings[1]


def test_progress_runs_from_the_start_to_the_whole_text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(HEADER + "Helio Systems acquired Tandem Labs. Orbis Labs grew. " * 300 + "\n", encoding="utf-8")
    seen = []
    load_article(path, progress=lambda done, total: seen.append((done, total)))
    total = seen[-1][1]
    assert seen[-1] == (total, total) and seen[0][0] < total / 10
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and len(seen) > 50


def test_an_exchange_ticker_is_the_company_before_it_and_not_its_name():
    text = "Allegiance Bancshares (NASDAQ:ABTX) and Corvid Health Inc. (NYSE: CVH) agreed to merge."
    men = mentions(text, catalogue=False)
    by_surface = {s: e for e in men.entities.values() for s in e.surfaces}
    assert by_surface["ABTX"] is by_surface["Allegiance Bancshares"] and by_surface["ABTX"].name == "Allegiance Bancshares"
    assert by_surface["CVH"] is by_surface["Corvid Health Inc"]


def test_catalogue_pattern_prefers_the_longest_name_and_reads_spaces_and_apostrophes_loosely():
    from dealgraph.loaders.entities import _names_regex  # the trie the catalogue compiles its names into

    rx = _names_regex(["Meta", "Meta AI", "Micron", "Microsoft", "Moody's", "Bank of America"], re.I)
    text = "Meta AI and MICROSOFT, then Micron, Moody’s and Bank of\n America, not Metals or Microsofts."
    assert [m.group(0) for m in rx.finditer(text)] == ["Meta AI", "MICROSOFT", "Micron", "Moody’s", "Bank of\n America"]
    strict = _names_regex(["Meta", "Meta AI"], 0)
    assert [m.group(0) for m in strict.finditer("meta ai, Meta")] == ["Meta"]


def test_a_sentence_opening_word_with_a_ticker_after_it_is_a_listed_company():
    found = names(mentions("Tandem (NYSE: TDM) will buy Lumio for $2 billion.\nQuill (Nasdaq: QL) rose.", catalogue=False))
    assert found.get("Tandem") == "Company" and found.get("Quill") == "Company"
    assert "Lumio" in found  # mid-sentence, as before


def test_a_signature_line_is_read_and_a_hyphenated_leader_keeps_the_whole_name():
    found = names(mentions("Statement\n\nDana Whitfield, President and CEO of Tandem Labs\n\n"
                           "Lumio, the Grace Holloway-led company, grew.", catalogue=False))
    assert found.get("Dana Whitfield") == "Person" and "Tandem Labs" in found
    assert "Grace Holloway" in found and "Grace" not in found


def test_a_hyphenated_pair_before_a_deal_word_names_both_parties_when_each_stands_alone():
    found = names(mentions("Helio agreed to buy Tandem. Regulators cleared the Helio-Tandem deal. "
                           "Analysts praised the Quill-Ink deal.", catalogue=False))
    assert "Helio" in found and "Tandem" in found and "Helio-Tandem" not in found
    assert "Quill-Ink" in found and "Quill" not in found  # neither part stands alone: one name


def test_a_sentence_opening_word_that_an_apposition_describes_is_a_name():
    found = names(mentions("Quellix, the region's best-selling drug, lifted sales at Tandem Labs.\n"
                           "Meanwhile, the market fell.", catalogue=False))
    assert found.get("Quellix") == "Product"
    assert "Meanwhile" not in found
