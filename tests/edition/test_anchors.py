from django.test import SimpleTestCase

from edition.ingest.anchors import anchor_key, assign_anchors, match_moved


class AnchorTests(SimpleTestCase):
    def test_it_gives_the_same_id_to_the_same_source_text_in_every_run(self):
        # A fixed value: the id must not depend on the process (Python's hash() would).
        key = anchor_key("paragraph", "The  polit ical leadership of the Party")
        self.assertEqual(assign_anchors([key]), ["ea3639b491"])
        same = anchor_key("paragraph", "the polit ical\nleadership of the party.")
        self.assertEqual(assign_anchors([same]), ["ea3639b491"])

    def test_it_gives_different_ids_to_different_texts_kinds_and_labels(self):
        text = "The political leadership of the Party"
        keys = [
            anchor_key("paragraph", text),
            anchor_key("heading", text),
            anchor_key("paragraph", text, label="3"),
            anchor_key("paragraph", "The economic leadership of the Party"),
        ]
        self.assertEqual(len(set(assign_anchors(keys))), len(keys))

    def test_it_disambiguates_repeated_passages_by_occurrence(self):
        key = anchor_key("heading", "Conclusion")
        first, second = assign_anchors([key, key])
        self.assertEqual(second, f"{first}-2")

    def test_it_keeps_an_old_id_for_a_slightly_changed_passage(self):
        old = {"aaa": ("paragraph", "Workers left the factory in large numbers in 1930.")}
        new = {"bbb": ("paragraph", "Workers left the factory in large numbers in 1931.")}
        self.assertEqual(match_moved(new, old), {"bbb": "aaa"})

    def test_it_does_not_reuse_an_id_for_a_different_passage_or_kind(self):
        old = {"aaa": ("paragraph", "Workers left the factory in large numbers in 1930.")}
        cases = [
            ("different text", {"bbb": ("paragraph", "Managers negotiated norms downwards.")}),
            (
                "different kind",
                {"bbb": ("heading", "Workers left the factory in large numbers in 1930.")},
            ),
        ]
        for name, new in cases:
            with self.subTest(name):
                self.assertEqual(match_moved(new, old), {})
