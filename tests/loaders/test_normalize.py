"""loaders.normalize: the text the extractor reads, and the way back to the text as read."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from dealgraph.loaders.normalize import BREAKS, CONTROLS, INVISIBLE, normalize


def test_clean_text_comes_back_as_it_is():
    text = "SpaceX acquired xAI.\r\nTabs\tstay, and so do line ends.\n"
    clean, to_original = normalize(text)
    assert clean is text and to_original.identity
    assert [to_original(i) for i in range(len(text) + 1)] == list(range(len(text) + 1))


def test_zero_width_characters_leave_names_whole():
    for ch in "\u200b\u200c\u200d\u2060\ufeff\u00ad\u202e":
        text = f"Ac{ch}me Robotics bought Widget Labs."
        clean, to_original = normalize(text)
        assert clean == "Acme Robotics bought Widget Labs."
        assert text[slice(*to_original.span(0, 13))] == f"Ac{ch}me Robotics"  # verbatim, the character inside


def test_controls_are_removed_and_breaks_become_line_feeds():
    clean, _ = normalize("a\x00b\x01c\x1bd\x7fe\x08f\x1fg")
    assert clean == "abcdefg"
    clean, to_original = normalize("one.\x0bTwo.\x0cThree.\x85Four.\u2028Five.\u2029Six.\rSeven.\r\nEight.")
    assert clean == "one.\nTwo.\nThree.\nFour.\nFive.\nSix.\nSeven.\r\nEight."
    assert to_original.identity  # one character for one: no offset moves


def test_a_span_leaves_out_what_was_removed_at_its_edges():
    text = "\ufeff\u200bAcme\u200b Robotics\u200d"
    clean, to_original = normalize(text)
    assert clean == "Acme Robotics"
    assert to_original.span(0, 4) == (2, 6) and text[2:6] == "Acme"
    assert text[slice(*to_original.span(0, 13))] == "Acme\u200b Robotics"
    assert to_original(len(clean)) == len(text)  # the end maps past everything removed
    assert to_original.span(4, 4) == (7, 7)  # an empty span sits before the next kept character


def visible(text: str) -> str:
    """What a reader sees, line ends made alike: the reference normalize is checked against."""
    return "".join("\n" if ch in BREAKS + "\r" else ch for ch in text if ch not in INVISIBLE + CONTROLS)


HOSTILE = st.sampled_from(list(INVISIBLE + CONTROLS + BREAKS + "\r\n\t"))
TEXT = st.lists(st.one_of(st.text(alphabet="Acme Robotics bought.é", max_size=6), HOSTILE), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_every_offset_maps_back_to_the_same_character(text):
    clean, to_original = normalize(text)
    assert not any(ch in clean for ch in INVISIBLE + CONTROLS + BREAKS)
    positions = [to_original(i) for i in range(len(clean))]
    assert positions == sorted(set(positions))  # strictly increasing: order is kept, nothing doubles
    for i, j in enumerate(positions):
        assert clean[i] == text[j] or (clean[i] == "\n" and text[j] in BREAKS + "\r")
    for a in range(len(clean) + 1):
        for b in range(a, len(clean) + 1):
            s, e = to_original.span(a, b)
            assert visible(text[s:e]) == visible(clean[a:b])  # the original span says the same thing
            if b > a:
                assert (s, e - 1) == (positions[a], positions[b - 1])  # nothing removed at the edges
