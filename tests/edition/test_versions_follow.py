"""Annotations follow the text through an edit: a property-style test over random
passages, annotations and edit scripts (seeded), and the pure offset functions."""

import random
import string

from django.test import SimpleTestCase
from rapidfuzz import fuzz

from edition.anchoring import piece_follow, position_map
from edition.edits import Edit, edits_apply, edits_diff

WORDS = [
    "the",
    "reader",
    "text",
    "of",
    "a",
    "book",
    "margin",
    "note",
    "and",
    "is",
    "argument",
    "line",
    "page",
    "scholar",
    "edition",
    "word",
    "in",
    "to",
]


def _passage(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40))) + "."


def _word_spans(text: str) -> list[tuple[int, int]]:
    spans, at = [], 0
    for word in text.split(" "):
        spans.append((at, at + len(word)))
        at += len(word) + 1
    return spans


def _ocr_like(rng: random.Random, word: str) -> str:
    kind = rng.randrange(3)
    if kind == 0 and word:  # one wrong letter
        i = rng.randrange(len(word))
        return word[:i] + rng.choice(string.ascii_lowercase) + word[i + 1 :]
    if kind == 1:
        return rng.choice(WORDS)
    return word + rng.choice(["", "s", "ed"])


def _edit_script(rng: random.Random, text: str) -> list[Edit]:
    """A few non-overlapping word-level edits: replace, insert before, delete."""
    spans = _word_spans(text)
    chosen = sorted(rng.sample(range(len(spans)), k=min(len(spans), rng.randint(1, 4))))
    edits = []
    for i in chosen:
        start, end = spans[i]
        kind = rng.randrange(3)
        if kind == 0:
            edits.append(Edit(start, end, _ocr_like(rng, text[start:end])))
        elif kind == 1:
            edits.append(Edit(start, start, rng.choice(WORDS) + " "))
        else:
            edits.append(Edit(start, min(end + 1, len(text)), ""))
    return edits


def _piece(text: str, start: int, end: int) -> dict:
    return {
        "passage": "p1",
        "passage_id": 1,
        "start": start,
        "end": end,
        "exact": text[start:end],
        "prefix": text[max(0, start - 32) : start],
        "suffix": text[end : end + 32],
    }


def _corrected_span(edits: list[Edit], start: int, end: int) -> tuple[int, int]:
    return (position_map(start, edits, is_end=False)[0], position_map(end, edits, is_end=True)[0])


def _touches(edits: list[Edit], start: int, end: int) -> bool:
    return any(
        (e.start < end and e.end > start) if e.start < e.end else start < e.start < end
        for e in edits
    )


class PropertyTests(SimpleTestCase):
    CASES = 400

    def test_annotations_outside_edits_keep_their_words_and_inside_ones_never_go_wrong(self):
        rng = random.Random(7)
        outside = inside = 0
        for case in range(self.CASES):
            old = _passage(rng)
            edits = _edit_script(rng, old)
            new = edits_apply(old, edits)
            spans = _word_spans(old)
            for _ in range(5):
                a = rng.randrange(len(spans))
                b = min(len(spans) - 1, a + rng.randint(0, 4))
                start, end = spans[a][0], spans[b][1]
                piece, state = piece_follow(_piece(old, start, end), old, new, edits)
                with self.subTest(case=case, old=old, new=new, start=start, end=end):
                    if not _touches(edits, start, end):
                        outside += 1
                        self.assertEqual(piece["exact"], old[start:end])
                        self.assertEqual(
                            piece["start"], position_map(start, edits, is_end=False)[0]
                        )
                        self.assertIn(state, {"ok", "moved"})
                        continue
                    inside += 1
                    if state == "orphaned":
                        self.assertEqual(piece["exact"], old[start:end])  # kept as it was
                        continue
                    corrected = _corrected_span(edits, start, end)
                    right = (piece["start"], piece["end"]) == corrected or fuzz.ratio(
                        piece["exact"], old[start:end]
                    ) >= 85
                    self.assertIs(right, True, f"re-anchored to wrong text {piece['exact']!r}")
                    self.assertEqual(piece["exact"], new[piece["start"] : piece["end"]])
        self.assertGreater(outside, 500)
        self.assertGreater(inside, 500)

    def test_diffed_edits_keep_the_words_of_annotations_the_diff_leaves_alone(self):
        rng = random.Random(11)
        for case in range(200):
            old = _passage(rng)
            new = edits_apply(old, _edit_script(rng, old))
            edits = edits_diff(old, new)
            self.assertEqual(edits_apply(old, edits), new)
            for start, end in _word_spans(old)[:10]:
                if start == end or _touches(edits, start, end):
                    continue
                piece, _ = piece_follow(_piece(old, start, end), old, new, edits)
                with self.subTest(case=case, start=start):
                    self.assertEqual(piece["exact"], old[start:end])


class OffsetTests(SimpleTestCase):
    def test_positions_move_through_edits(self):
        edits = [Edit(4, 7, "cat"), Edit(10, 10, "big "), Edit(14, 16, "")]
        cases = [  # (pos, is_end, expected, clean)
            (0, False, 0, True),
            (4, False, 4, True),
            (5, False, 4, False),
            (7, True, 7, True),
            (6, True, 7, False),
            (10, False, 14, True),
            (10, True, 10, True),
            (12, False, 16, True),
            (16, True, 18, True),
        ]
        for pos, is_end, expected, clean in cases:
            with self.subTest(pos=pos, is_end=is_end):
                self.assertEqual(position_map(pos, edits, is_end=is_end), (expected, clean))

    def test_a_corrected_word_under_an_annotation_makes_it_changed(self):
        old = "The quick brwn fox jumps."
        new = "The quick brown fox jumps."
        piece, state = piece_follow(_piece(old, 4, 18), old, new, [Edit(10, 14, "brown")])
        self.assertEqual((piece["exact"], state), ("quick brown fox", "changed"))

    def test_words_replaced_by_something_else_across_its_edge_orphan_the_annotation(self):
        old = "alpha beta gamma delta epsilon"
        new = "alpha zzzzzzzzzzzzzzzzz delta epsilon"
        edits = [Edit(6, 16, "zzzzzzzzzzzzzzzzz")]
        piece, state = piece_follow(_piece(old, 8, 16), old, new, edits)
        self.assertEqual(state, "orphaned")
        self.assertEqual(piece["exact"], "ta gamma")
