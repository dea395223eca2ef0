"""The frames of loaders/data/frames.yaml do what their examples say, through the real extractor, and
a broken frames or lexicon file stops the loader with one error line naming the frame."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from dealgraph.exc import FrameError
from dealgraph.graph.names import normalize
from dealgraph.loaders import article, frames
from dealgraph.loaders.article import load_article

RULES = frames.load()
HEADER = "title: t\npublished: 2025-01-15\n---\n"


def claims(tmp_path, text: str) -> list[tuple[str, set[str], str, set[str]]]:
    """(rule, subject names, type, object names) of every claim the extractor makes from `text`."""
    path = tmp_path / "example.txt"
    path.write_text(HEADER + text + "\n", encoding="utf-8")
    ex = load_article(path)
    names = {e.id: {normalize(e.name)} | {normalize(a) for a in e.aliases} for e in ex.entities}
    return [(c.source.rule, names[c.subject], c.type, names.get(c.object, set())) for c in ex.claims]


def rule_of(frame: frames.Frame) -> str:
    # event claims are named after their type by article._events
    return "article:" + (frame.type.lower() if frame in RULES.events else frame.rule)


def states(found, rule: str | None, expect: tuple[str, ...]) -> bool:
    want = [normalize(x) for x in expect]
    for r, s, t, o in found:
        if rule is not None and r != rule:
            continue
        if len(expect) == 1 and want[0] in s and not o:
            return True
        if len(expect) == 3 and t == expect[1] and want[0] in s and want[2] in o:
            return True
    return False


def _unique(fs):
    return list({f.rule: f for f in reversed(fs)}.values())[::-1]


FRAMES = _unique(RULES.frames + RULES.events)
EXAMPLES = [pytest.param(f, e, id=f"{f.rule}-{i}") for f in FRAMES for i, e in enumerate(f.examples)]
NEAR_MISSES = [pytest.param(f, e, id=f"{f.rule}-{i}") for f in FRAMES for i, e in enumerate(f.near_misses)]


@pytest.mark.parametrize("frame, example", EXAMPLES)
def test_every_example_yields_its_claim_from_its_own_frame(tmp_path, frame, example):
    found = claims(tmp_path, example.text)
    assert states(found, rule_of(frame), example.expect), (
        f"{frame.rule}: {example.text!r} should state {list(example.expect)} by {rule_of(frame)}; got {found}")


@pytest.mark.parametrize("frame, near_miss", NEAR_MISSES)
def test_no_near_miss_fires_its_frame(tmp_path, frame, near_miss):
    found = claims(tmp_path, near_miss.text)
    assert not [c for c in found if c[0] == rule_of(frame)], f"{frame.rule} fired on {near_miss.text!r}: {found}"


def test_every_frame_and_rule_is_in_the_example_tests():
    assert len(FRAMES) >= 127 and {f.rule for f in FRAMES} >= {"acquired", "acquires", "acquired-by", "ipo"}
    assert all(f.examples and f.near_misses for f in FRAMES)


def test_examples_are_in_our_own_words(shared):
    """No example or near-miss repeats six words running from the third-party or held-out articles."""
    roots = [shared / "corpus", *Path(__file__).parent.glob("heldout*")]
    corpus = " ".join(" ".join(re.findall(r"[\w']+", p.read_text(encoding="utf-8", errors="ignore").lower()))
                      for root in roots for p in root.rglob("*") if p.is_file())
    texts = {e.text for f in FRAMES for e in f.examples + f.near_misses}
    texts |= {e.text for pair in RULES.rule_examples.values() for group in pair for e in group}
    copied = []
    for text in texts:
        words = re.findall(r"[\w']+", text.lower())
        copied += [text for i in range(len(words) - 5) if " ".join(words[i:i + 6]) in corpus][:1]
    assert not copied, copied


@pytest.mark.parametrize("name", [n for n, (ex, near) in RULES.rule_examples.items() if ex or near])
def test_rules_beyond_frames_do_what_their_examples_say(tmp_path, name):
    examples, near_misses = RULES.rule_examples[name]
    for e in examples:
        assert states(claims(tmp_path, e.text), None, e.expect), f"rule {name}: {e.text!r}"
    for e in near_misses:
        assert claims(tmp_path, e.text) == [], f"rule {name}: {e.text!r} should state nothing"


def test_deleting_a_frame_fails_its_own_example(tmp_path, monkeypatch):
    """Without `acquires` its headline example yields nothing from that rule: the per-frame test catches it."""
    acquires = next(f for f in RULES.frames if f.rule == "acquires")
    monkeypatch.setattr(article, "PATTERNS", [f for f in RULES.frames if f.rule != "acquires"])
    example = acquires.examples[0]
    assert not states(claims(tmp_path, example.text), "article:acquires", example.expect)
    monkeypatch.setattr(article, "PATTERNS", RULES.frames)
    assert states(claims(tmp_path, example.text), "article:acquires", example.expect)


# -- validation ------------------------------------------------------------------------------------

def built(snippet: str, section: str = "frames"):
    """The built-in frames file with `section` replaced by a YAML snippet."""
    raw = yaml.safe_load(frames.FRAMES.read_text(encoding="utf-8"))
    raw[section] = yaml.safe_load(snippet)
    if section == "frames":
        raw["events"] = []
    return frames.build(raw, frames.lexicon())


GOOD = """
- id: bought-it
  type: ACQUIRED
  triggers: [bought]
  pattern: '{s:ORGP}\\s+bought\\s+{o}'
  examples: [{text: "Northwind Robotics bought Skyline Aero.", expect: [Northwind Robotics, ACQUIRED, Skyline Aero]}]
  near_misses: [{text: "Northwind Robotics sold Skyline Aero."}]
"""


def test_a_good_snippet_compiles():
    rules = built(GOOD)
    assert [f.rule for f in rules.frames] == ["bought-it"]
    assert rules.frames[0].regex.search("⟦0C⟧ bought ⟦1C⟧").group("s", "o") == ("⟦0C⟧", "⟦1C⟧")


@pytest.mark.parametrize("change, problem", [
    (("{s:ORGP}", "{s:ORGP}{nosuch}"), "frame bought-it: unknown macro {nosuch}"),
    (("{s:ORGP}", "{s:FIRM}"), "frame bought-it: unknown slot class 'FIRM'"),
    (("{s:ORGP}", "{x:ORGP}"), "frame bought-it: unknown slot {x:ORGP}"),
    (("{s:ORGP}", "(?P<who>{s:ORGP})"), "frame bought-it: unknown slot 'who'"),
    (("bought\\s", "bought(\\s"), "frame bought-it: the pattern is not a valid regular expression"),
    (("type: ACQUIRED", "type: BOUGHT"), "frame bought-it: unknown relation type 'BOUGHT'"),
    (("type: ACQUIRED", "type: ACQUIRED\n  status: done"), "frame bought-it: unknown status 'done'"),
    (("type: ACQUIRED", "type: ACQUIRED\n  pending_status: maybe"), "frame bought-it: unknown status 'maybe'"),
    (("type: ACQUIRED", "type: ACQUIRED\n  subject_default: the-boss"), "frame bought-it: unknown strategy 'the-boss'"),
    (("type: ACQUIRED", "type: ACQUIRED\n  colour: red"), "frame bought-it: unknown field 'colour'"),
    (("triggers: [bought]", "triggers: [Bought]"), "frame bought-it: triggers are lower case"),
    (("  triggers: [bought]\n", ""), "frame bought-it: needs triggers"),
    (("  examples: [", "  old_examples: ["), "frame bought-it: unknown field 'old_examples'"),
    (("  near_misses: [{text: \"Northwind Robotics sold Skyline Aero.\"}]", "  near_misses: []"),
     "frame bought-it: needs at least one near-miss"),
    (("expect: [Northwind Robotics, ACQUIRED, Skyline Aero]", "expect: [Northwind Robotics, Skyline Aero]"),
     "frame bought-it: an example's expect is [subject, TYPE, object]"),
    (("{o}", ""), "frame bought-it: no object"),
])
def test_a_broken_frame_is_one_error_naming_it(change, problem):
    with pytest.raises(FrameError) as err:
        built(GOOD.replace(*change))
    assert problem in str(err.value) and "\n" not in str(err.value)
    assert str(err.value).startswith("frames.yaml: ")


def test_a_frame_without_an_example_is_an_error():
    snippet = re.sub(r"  examples: .*\n", "", GOOD)
    with pytest.raises(FrameError, match=r"frames.yaml: frame bought-it: needs at least one example"):
        built(snippet)


def test_a_duplicate_id_is_an_error():
    with pytest.raises(FrameError, match="frame bought-it: duplicate id"):
        built(GOOD + GOOD)


def test_an_unknown_voice_or_event_type_is_an_error():
    voiced = GOOD.replace("  pattern: '{s:ORGP}\\s+bought\\s+{o}'", "  verbs: [buy]\n  voices: [active, middle]")
    with pytest.raises(FrameError, match="frame bought-it: unknown voice 'middle'"):
        built(voiced)
    event = """
- id: party
  type: PARTY
  pattern: 'party'
  examples: [{text: "a party", expect: [Acme]}]
  near_misses: [{text: "no party"}]
"""
    with pytest.raises(FrameError, match="event party: unknown event type 'PARTY'"):
        built(event, "events")


def test_a_rule_missing_a_group_the_extractor_reads_is_an_error():
    raw = yaml.safe_load(frames.FRAMES.read_text(encoding="utf-8"))
    raw["rules"]["data_from"]["pattern"] = "(?P<o>{mention})'s data"
    with pytest.raises(FrameError, match=r"rule data_from: pattern 1 lacks the group \(\?P<o2>"):
        frames.build(raw, frames.lexicon())


@pytest.mark.parametrize("name", sorted(frames.lexicon().lists))
def test_every_lexicon_list_catches_its_examples(name):
    lex = frames.lexicon()
    assert lex.examples[name], f"{name} has no examples"
    for example in lex.examples[name]:
        assert frames.word_regex(name).search(example), f"{name} does not catch {example!r}"


def test_a_bad_lexicon_is_an_error_naming_the_list():
    with pytest.raises(FrameError, match="lexicon.yaml: future: 'Will': words are lower case"):
        frames._lexicon({"lists": {"future": {"doc": "x", "words": ["Will"]}}})
    with pytest.raises(FrameError, match="lexicon.yaml: future: .*not a valid regular expression"):
        frames._lexicon({"lists": {"future": {"doc": "x", "words": ["will("]}}})
    with pytest.raises(FrameError, match="lexicon.yaml: future: needs doc"):
        frames._lexicon({"lists": {"future": {"words": ["will"]}}})
    with pytest.raises(FrameError, match="lexicon.yaml: future: needs examples"):
        frames._lexicon({"lists": {"future": {"doc": "x", "words": ["will"]}}})


# -- the lexicon, verbs and voices -------------------------------------------------------------------

def test_lexicon_lists_become_macros_and_code_regexes():
    lex = frames.lexicon()
    assert lex.group("role_ceo") == r"(?:ceo|chief executive(?: officer)?|boss|(?<=⟧\s)chief(?=\s*,?\s*⟦))"
    assert frames.word_regex("future").search("the deal is set to close")
    assert not frames.word_regex("future").search("the deal closed")
    org_ceo = next(f for f in RULES.frames if f.rule == "org-ceo")
    assert lex.group("role_ceo") in org_ceo.regex.pattern and "{role_ceo}" in org_ceo.source


@pytest.mark.parametrize("verb, forms", [
    ("acquire", ("acquires", "acquired", "acquired", "acquiring")),
    ("buy", ("buys", "bought", "bought", "buying")),
    ("take over", ("takes over", "took over", "taken over", "taking over")),
    ("scrap", ("scraps", "scrapped", "scrapped", "scrapping")),
    ("partner", ("partners", "partnered", "partnered", "partnering")),
    ("finalize", ("finalizes", "finalized", "finalized", "finalizing")),
    ("carry", ("carries", "carried", "carried", "carrying")),
    ("invest", ("invests", "invested", "invested", "investing")),
    ("commit", ("commits", "committed", "committed", "committing")),
    ("tie up", ("ties up", "tied up", "tied up", "tying up")),
])
def test_verbs_inflect(verb, forms):
    f = frames.lexicon().inflect(verb)
    assert (f["s"], f["past"], f["participle"], f["ing"]) == forms


VOICED = """
- id: takeover
  type: ACQUIRED
  status: completed
  verbs: [acquire, buy, take over]
  nouns: [acquisition, takeover]
  voices: [active, passive, possessive, nominal, relative]
  subject: ORGP
  examples: [{text: "Northwind Robotics took over Skyline Aero.", expect: [Northwind Robotics, ACQUIRED, Skyline Aero]}]
  near_misses: [{text: "Northwind Robotics took over the Skyline Aero stand at the fair."}]
"""


@pytest.mark.parametrize("voice, masked", [
    ("active", "⟦0C⟧ took over ⟦1C⟧ in May"),
    ("active", "⟦0C⟧ has agreed to buy the drone maker ⟦1C⟧"),
    ("passive", "⟦1C⟧ was bought by ⟦0C⟧ in 2024"),
    ("possessive", "⟦0C⟧'s planned acquisition of ⟦1C⟧"),
    ("nominal", "the takeover of ⟦1C⟧ by ⟦0C⟧ closed"),
    ("relative", "⟦1C⟧, which ⟦0C⟧ acquired in 2019, makes drones"),
])
def test_a_voice_frame_expands_its_verbs_through_the_templates(voice, masked):
    fs = {f.voice: f for f in built(VOICED).frames}
    assert set(fs) == {"active", "passive", "possessive", "nominal", "relative"}
    assert {f.rule for f in fs.values()} == {"takeover"}
    m = fs[voice].regex.search(masked)
    assert m and m.group("s", "o") == ("⟦0C⟧", "⟦1C⟧"), fs[voice].regex.pattern
    assert not fs[voice].regex.search(masked.replace("⟦0C⟧", "⟦0D⟧"))  # a product buys nothing (subject: ORGP)
    assert "took" in fs[voice].keys and "acquisition" in fs[voice].keys  # triggers derived from the words


def test_a_voice_frame_runs_in_the_extractor(tmp_path, monkeypatch):
    voiced = built(VOICED).frames
    monkeypatch.setattr(article, "PATTERNS", voiced)
    assert states(claims(tmp_path, "Northwind Robotics took over Skyline Aero."), "article:takeover",
                  ("Northwind Robotics", "ACQUIRED", "Skyline Aero"))
    assert states(claims(tmp_path, "Skyline Aero was bought by Northwind Robotics."), "article:takeover",
                  ("Northwind Robotics", "ACQUIRED", "Skyline Aero"))
    assert claims(tmp_path, "Northwind Robotics never took over Skyline Aero.") == []


def test_a_voice_needs_the_words_it_uses():
    with pytest.raises(FrameError, match=r"frame takeover \(voice possessive\): uses \{noun\} but declares no nouns"):
        built(VOICED.replace("  nouns: [acquisition, takeover]\n", ""))
