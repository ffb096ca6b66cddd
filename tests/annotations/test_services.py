"""Annotation workflows through the services, and re-anchoring after text changes."""

from annotations.models import Annotation, AnnotationRevision
from annotations.rendering import markdown_to_html
from annotations.selectors import TargetPiece
from annotations.services import (
    AnnotationError,
    annotation_create,
    annotation_delete,
    annotation_update,
    annotations_orphan,
    annotations_reanchor,
    annotations_reanchor_many,
    reply_create,
)
from tests.base import PersonaTestCase
from tests.factories import make_annotation, make_reply


class AnnotationServiceTests(PersonaTestCase):
    def test_edits_keep_every_state_as_a_revision(self):
        note = make_annotation(self.ana, self.p1, body="one", tags=["a"])
        annotation_update(annotation=note, editor=self.ana, body="two", tags=["b"])
        annotation_update(annotation=note, editor=self.ana, body="three", tags=[])
        self.assertEqual(
            list(note.revisions.values_list("body", flat=True)), ["one", "two", "three"]
        )
        self.assertEqual(note.tag_index, "")

    def test_a_failed_create_writes_nothing(self):
        piece = TargetPiece(passage=self.p1, start=0, end=3, exact="nope")
        with self.assertRaises(AnnotationError):
            annotation_create(author=self.ana, pieces=[piece], body="x")
        self.assertEqual(Annotation.objects.count(), 0)
        self.assertEqual(AnnotationRevision.objects.count(), 0)

    def test_group_notes_need_a_group_of_the_author(self):
        cases = [
            ("group", None, "needs a group"),
            ("group", self.other_group, "not a group"),
            ("secret", None, "visibility"),
        ]
        for visibility, group, message in cases:
            with (
                self.subTest(visibility=visibility, group=group),
                self.assertRaisesMessage(AnnotationError, message),
            ):
                make_annotation(self.ana, self.p1, visibility=visibility, group=group)

    def test_replies_join_the_thread_of_their_root(self):
        root = make_annotation(self.ana, self.p2, visibility="group", group=self.group)
        first = make_reply(self.mia, root)
        second = make_reply(self.mo, first)
        self.assertEqual((second.root, second.parent, second.passage), (root, first, self.p2))
        self.assertEqual(second.motivation, "replying")
        with self.assertRaisesMessage(AnnotationError, "needs text"):
            reply_create(author=self.mia, parent=root, body="  ")

    def test_deleting_keeps_threads_and_cleans_up_empty_tombstones(self):
        root = make_annotation(self.ana, self.p1, visibility="public")
        reply = make_reply(self.rita, root)
        self.assertIs(annotation_delete(annotation=root, editor=self.ana), False)
        root.refresh_from_db()
        self.assertEqual((root.deleted, root.body, root.body_html), (True, "", ""))
        self.assertIs(root.revisions.last().deleted, True)
        self.assertIs(annotation_delete(annotation=reply, editor=self.rita), True)
        self.assertIs(Annotation.objects.filter(pk=root.pk).exists(), False)

    def test_tags_are_normalised_and_bounded(self):
        note = make_annotation(self.ana, self.p1, tags=[" Close  Reading ", "close reading"])
        self.assertEqual(note.tags, ["close reading"])
        self.assertEqual(Annotation.objects.with_tag("CLOSE READING").get(), note)
        with self.assertRaises(AnnotationError):
            make_annotation(self.ana, self.p1, tags=[f"t{i}" for i in range(21)])
        with self.assertRaises(AnnotationError):
            make_annotation(self.ana, self.p1, tags=["a|b"])


class SanitizingTests(PersonaTestCase):
    def test_markdown_is_rendered_and_dangerous_html_removed(self):
        cases = [
            ("*em*", "<p><em>em</em></p>\n"),
            ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"),
            ("[a](javascript:alert(1))", "<p>[a](javascript:alert(1))</p>\n"),
            ("<javascript:alert(1)>", "<p>&lt;javascript:alert(1)&gt;</p>\n"),
            (
                "[a](https://x.org)",
                '<p><a href="https://x.org" rel="nofollow noopener">a</a></p>\n',
            ),
            (
                "<a href=x onclick=alert(1)>b</a>",
                "<p>&lt;a href=x onclick=alert(1)&gt;b&lt;/a&gt;</p>\n",
            ),
            ("![i](https://x.org/i.png)", "<p></p>\n"),
            ("", ""),
        ]
        for source, html in cases:
            with self.subTest(source):
                self.assertEqual(markdown_to_html(source), html)


class ReanchorTests(PersonaTestCase):
    def change(self, passage, new_text):
        old = passage.text
        passage.text = new_text
        passage.save(update_fields=["text"])
        return annotations_reanchor(passage=passage, old_text=old)

    def note(self, quote, passage=None):
        passage = passage or self.p1
        start = passage.text.index(quote)
        return make_annotation(self.ana, passage, start=start, end=start + len(quote))

    def test_an_untouched_quote_moves_with_the_text_through_the_diff(self):
        note = self.note("reader of the book")
        counts = self.change(self.p1, "Indeed, " + self.p1.text)
        note.refresh_from_db()
        self.assertEqual(counts, {"ok": 0, "moved": 1, "orphaned": 0})
        self.assertEqual(note.anchor_state, "moved")
        self.assertEqual(
            self.p1.text[note.selector_start : note.selector_end], "reader of the book"
        )
        self.assertEqual(note.selectors[0]["start"], note.selector_start)

    def test_a_quote_after_the_change_keeps_state_ok_when_offsets_stay(self):
        note = self.note("The reader")
        self.change(self.p1, self.p1.text.replace("its author", "its writer"))
        note.refresh_from_db()
        self.assertEqual((note.anchor_state, note.selector_start), ("ok", 0))

    def test_a_corrected_word_inside_the_quote_is_followed(self):
        self.p1.text = "The reader is addressed to tbe reader of the book, not to its author."
        self.p1.save(update_fields=["text"])
        note = self.note("addressed to tbe reader of the book")
        self.change(self.p1, self.p1.text.replace("tbe", "the"))
        note.refresh_from_db()
        self.assertEqual(note.selector_exact, "addressed to the reader of the book")
        self.assertEqual(note.anchor_state, "moved")

    def test_a_rewritten_passage_is_searched_by_quote_and_context(self):
        note = self.note("the reader")  # the second "reader", after "addressed to"
        new = "Consider the reader. It is addressed to the reader of books."
        self.change(self.p1, new)
        note.refresh_from_db()
        self.assertEqual(note.selector_start, new.index("the reader of"))
        self.assertEqual(note.anchor_state, "moved")

    def test_a_slightly_changed_quote_is_found_fuzzily(self):
        note = self.note("continues the argument", self.p2)
        self.change(self.p2, "Entirely new opening words; it continues teh argument here.")
        note.refresh_from_db()
        self.assertEqual(note.anchor_state, "moved")
        self.assertIn("argument", note.selector_exact)

    def test_a_vanished_quote_is_orphaned_never_deleted(self):
        note = self.note("short conclusion", self.p3)
        reply = make_reply(self.rita, note)
        counts = self.change(self.p3, "Nothing of the kind remains here at all.")
        note.refresh_from_db()
        self.assertEqual(counts["orphaned"], 1)
        self.assertEqual((note.anchor_state, note.selector_exact), ("orphaned", "short conclusion"))
        self.assertIs(Annotation.objects.filter(pk=reply.pk).exists(), True)

    def test_selections_over_several_passages_follow_each_passage(self):
        t1, t2 = self.p1.text, self.p2.text
        note = annotation_create(
            author=self.ana, pieces=[TargetPiece(self.p1, 60, len(t1)), TargetPiece(self.p2, 0, 8)]
        )
        self.change(self.p2, "Well: " + t2)
        note.refresh_from_db()
        self.assertEqual(note.selectors[1]["start"], 6)
        self.assertEqual(note.selector_end, 14)
        self.assertEqual(note.selector_exact, t1[60:] + "\n" + t2[:8])

    def test_unchanged_text_and_whole_passage_notes_are_left_alone(self):
        whole = make_annotation(self.ana, self.p1)
        self.assertEqual(
            annotations_reanchor(passage=self.p1, old_text=self.p1.text),
            {"ok": 0, "moved": 0, "orphaned": 0},
        )
        self.change(self.p1, "Completely different.")
        whole.refresh_from_db()
        self.assertEqual(whole.anchor_state, "ok")


class ReanchorHooksTests(PersonaTestCase):
    """The entry points the edition loader and correction_apply call."""

    def test_reanchor_many_follows_each_changed_passage(self):
        note = make_annotation(self.ana, self.p2, start=2, end=8)
        old = self.p2.text
        self.p2.text = "Yes. " + old
        self.p2.save(update_fields=["text"])
        with self.assertNumQueries(0):
            self.assertEqual(
                annotations_reanchor_many(changes=[]), {"ok": 0, "moved": 0, "orphaned": 0}
            )
        counts = annotations_reanchor_many(changes=[(self.p2, old), (self.p3, self.p3.text)])
        self.assertEqual(counts["moved"], 1)
        note.refresh_from_db()
        self.assertEqual(note.selector_start, 7)

    def test_annotations_of_retired_passages_are_orphaned(self):
        note = make_annotation(self.ana, self.p3, start=0, end=3)
        reply = make_reply(self.rita, note)
        self.assertEqual(annotations_orphan(passages=[self.p3]), 1)
        note.refresh_from_db()
        reply.refresh_from_db()
        self.assertEqual((note.anchor_state, reply.anchor_state), ("orphaned", "ok"))
