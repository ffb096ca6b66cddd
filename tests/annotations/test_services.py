"""Annotation workflows through the services."""

from annotations.models import Annotation, AnnotationRevision
from annotations.rendering import markdown_to_html
from annotations.services import (
    AnnotationChanged,
    AnnotationError,
    annotation_create,
    annotation_delete,
    annotation_update,
    reply_create,
)
from edition.anchoring import TargetPiece
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

    def test_a_delete_from_a_stale_read_is_refused(self):
        root = make_annotation(self.ana, self.p1, visibility="public")
        seen = Annotation.objects.get(pk=root.pk)
        annotation_update(annotation=root, editor=self.ana, body="edited since")
        with self.assertRaises(AnnotationChanged):
            annotation_delete(annotation=seen, editor=self.ana)
        self.assertTrue(Annotation.objects.filter(pk=root.pk, body="edited since").exists())

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
