"""The anchoring engine on stored selections: a passage's text changes (a re-ingest, or a
version without given edits) and the selections on it follow through the text's diff."""

from annotations.models import Annotation
from annotations.services import annotation_create
from edition.anchoring import TargetPiece, selections_follow, selections_orphan
from tests.base import PersonaTestCase
from tests.factories import make_annotation, make_reply


class FollowTests(PersonaTestCase):
    def change(self, passage, new_text):
        old = passage.text
        passage.text = new_text
        passage.save(update_fields=["text"])
        return selections_follow(changes=[(passage, old, None)])

    def note(self, quote, passage=None):
        passage = passage or self.p1
        start = passage.text.index(quote)
        return make_annotation(self.ana, passage, start=start, end=start + len(quote))

    def reload(self, note):
        return Annotation.objects.select_related("selection").get(pk=note.pk)

    def test_an_untouched_quote_moves_with_the_text_through_the_diff(self):
        note = self.note("reader of the book")
        counts = self.change(self.p1, "Indeed, " + self.p1.text)
        note = self.reload(note)
        self.assertEqual(counts, {"ok": 0, "moved": 1, "changed": 0, "orphaned": 0})
        self.assertEqual(note.anchor_state, "moved")
        self.assertEqual(
            self.p1.text[note.selector_start : note.selector_end], "reader of the book"
        )
        self.assertEqual(note.selectors[0]["start"], note.selector_start)

    def test_a_quote_that_occurs_twice_follows_its_own_occurrence_not_the_first(self):
        # A wrong offset mapping cannot be rescued by searching for the quote: the first
        # "the reader" would be found instead of this one.
        self.p1.text = "Read the reader, then the reader of the book, not the author."
        self.p1.save(update_fields=["text"])
        second = self.p1.text.index("the reader", 10)
        note = make_annotation(self.ana, self.p1, start=second, end=second + 10)
        self.change(self.p1, "So: " + self.p1.text.replace("the author", "its author"))
        note = self.reload(note)
        self.assertEqual((note.selector_start, note.anchor_state), (second + 4, "moved"))
        self.assertEqual(note.selector_exact, "the reader")

    def test_a_quote_after_the_change_keeps_state_ok_when_offsets_stay(self):
        note = self.note("The reader")
        self.change(self.p1, self.p1.text.replace("its author", "its writer"))
        note = self.reload(note)
        self.assertEqual((note.anchor_state, note.selector_start), ("ok", 0))

    def test_a_corrected_word_inside_the_quote_is_followed_and_marked_changed(self):
        self.p1.text = "The reader is addressed to tbe reader of the book, not to its author."
        self.p1.save(update_fields=["text"])
        note = self.note("addressed to tbe reader of the book")
        self.change(self.p1, self.p1.text.replace("tbe", "the"))
        note = self.reload(note)
        self.assertEqual(note.selector_exact, "addressed to the reader of the book")
        self.assertEqual(note.anchor_state, "changed")

    def test_a_rewritten_passage_keeps_the_quote_on_its_own_words(self):
        note = self.note("the reader")  # the second "reader", after "addressed to"
        new = "Consider the reader. It is addressed to the reader of books."
        self.change(self.p1, new)
        note = self.reload(note)
        self.assertEqual(note.selector_start, new.index("the reader of"))
        self.assertEqual(note.selector_exact, "the reader")

    def test_a_slightly_changed_quote_holds_the_corrected_words(self):
        note = self.note("continues the argument", self.p2)
        self.change(self.p2, "Entirely new opening words; it continues teh argument here.")
        note = self.reload(note)
        self.assertEqual(note.anchor_state, "changed")
        self.assertIn("argument", note.selector_exact)

    def test_a_vanished_quote_is_orphaned_never_deleted_and_its_thread_with_it(self):
        note = self.note("short conclusion", self.p3)
        reply = make_reply(self.rita, note)
        counts = self.change(self.p3, "Nothing of the kind remains here at all.")
        note, reply = self.reload(note), self.reload(reply)
        self.assertEqual(counts["orphaned"], 1)
        self.assertEqual((note.anchor_state, note.selector_exact), ("orphaned", "short conclusion"))
        self.assertEqual(reply.anchor_state, "orphaned")

    def test_selections_over_several_passages_follow_each_passage(self):
        t1, t2 = self.p1.text, self.p2.text
        note = annotation_create(
            author=self.ana, pieces=[TargetPiece(self.p1, 60, len(t1)), TargetPiece(self.p2, 0, 8)]
        )
        self.change(self.p2, "Well: " + t2)
        note = self.reload(note)
        self.assertEqual(note.selectors[1]["start"], 6)
        self.assertEqual(note.selector_end, 14)
        self.assertEqual(note.selector_exact, t1[60:] + "\n" + t2[:8])

    def test_unchanged_text_and_whole_passage_notes_are_left_alone(self):
        whole = make_annotation(self.ana, self.p1)
        self.assertEqual(
            selections_follow(changes=[(self.p1, self.p1.text, None)]),
            {"ok": 0, "moved": 0, "changed": 0, "orphaned": 0},
        )
        self.change(self.p1, "Completely different.")
        self.assertEqual(self.reload(whole).anchor_state, "ok")

    def test_no_changes_cost_no_query(self):
        with self.assertNumQueries(0):
            self.assertEqual(
                selections_follow(changes=[]), {"ok": 0, "moved": 0, "changed": 0, "orphaned": 0}
            )

    def test_selections_of_retired_passages_are_orphaned(self):
        note = make_annotation(self.ana, self.p3, start=0, end=3)
        reply = make_reply(self.rita, note)
        self.assertEqual(selections_orphan(passages=[self.p3]), 1)
        note, reply = self.reload(note), self.reload(reply)
        self.assertEqual((note.anchor_state, reply.anchor_state), ("orphaned", "orphaned"))
