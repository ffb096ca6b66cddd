from django.test import TestCase

from accounts.models import User
from edition.models import (
    Correction,
    CorrectionDecision,
    Edition,
    FlaggedRegion,
    Passage,
    RegionDecision,
)
from edition.services import correction_decide, region_decide
from tests.edition.helpers import ingest_samples
from tests.factories import make_annotation


class CorrectionDecisionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        ingest_samples("filtzer-sample")
        cls.editor = User.objects.create_user("ada", password="pw", is_staff=True)

    def pick(self) -> Correction:
        return (
            Correction.objects.current()
            .select_related("passage")
            .exclude(original="")
            .exclude(replacement="")
            .filter(passage__kind="paragraph")
            .order_by("pk")[5]
        )

    def test_reverting_puts_the_ocr_reading_back_and_keeps_offsets_true(self):
        c = self.pick()
        later = list(c.passage.corrections.current().filter(start__gt=c.start))
        correction_decide(correction=c, editor=self.editor, decision="reverted", note="name")
        c.refresh_from_db()
        c.passage.refresh_from_db()
        self.assertEqual(c.passage.text[c.start : c.end], c.original)
        for other in later:
            other.refresh_from_db()
            self.assertEqual(c.passage.text[other.start : other.end], other.replacement)

    def test_a_rewrite_replaces_the_text_and_is_recorded_with_the_editor(self):
        c = self.pick()
        correction_decide(correction=c, editor=self.editor, decision="rewritten", rewrite="EDITOR")
        c.passage.refresh_from_db()
        self.assertIn("EDITOR", c.passage.text)
        decision = CorrectionDecision.objects.get()
        self.assertEqual((decision.editor, decision.decision), (self.editor, "rewritten"))

    def test_accepting_leaves_the_text_and_takes_it_off_the_review_list(self):
        c = Correction.objects.needs_review().first() or self.pick()
        text = c.passage.text
        correction_decide(correction=c, editor=self.editor, decision="accepted")
        c.refresh_from_db()
        c.passage.refresh_from_db()
        self.assertEqual(c.passage.text, text)
        self.assertNotIn(c, Correction.objects.needs_review())

    def test_decisions_survive_re_ingestion(self):
        c = self.pick()
        anchor = c.passage.anchor
        correction_decide(correction=c, editor=self.editor, decision="rewritten", rewrite="EDITOR")
        ingest_samples("filtzer-sample")
        passage = Edition.objects.get().passages.get(anchor=anchor)
        self.assertIn("EDITOR", passage.text)
        row = passage.corrections.current().get(decision="rewritten")
        self.assertEqual(passage.text[row.start : row.end], "EDITOR")

    def test_the_review_page_records_a_decision_posted_by_staff(self):
        c = self.pick()
        self.client.force_login(self.editor)
        url = f"/editions/filtzer-sample/review/{c.pk}/"
        self.assertEqual(
            self.client.post(url, {"decision": "rewritten", "rewrite": ""}).status_code, 400
        )
        response = self.client.post(url, {"decision": "reverted"})
        self.assertRedirects(response, "/editions/filtzer-sample/review/")
        self.assertEqual(CorrectionDecision.objects.get().decision, "reverted")

    def test_nobody_but_staff_can_post_a_decision(self):
        c = self.pick()
        reader = User.objects.create_user("rita", password="pw")
        self.client.force_login(reader)
        self.client.post(f"/editions/filtzer-sample/review/{c.pk}/", {"decision": "reverted"})
        self.assertEqual(CorrectionDecision.objects.count(), 0)


class RegionDecisionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        ingest_samples("filtzer-sample")
        cls.editor = User.objects.create_user("ada", password="pw", is_staff=True)

    def region(self) -> FlaggedRegion:
        passage = Passage.objects.filter(kind="paragraph").exclude(original="").order_by("order")[2]
        return FlaggedRegion.objects.create(
            edition=passage.edition,
            passage=passage,
            line_start=passage.line_start,
            line_end=passage.line_end,
            reason="damaged scan",
        )

    def test_a_rewrite_replaces_the_reading_text_and_keeps_the_ocr(self):
        region = self.region()
        ocr = region.passage.original
        region_decide(
            region=region, editor=self.editor, decision="rewritten", text="An editor's reading."
        )
        region.passage.refresh_from_db()
        self.assertEqual(region.passage.text, "An editor's reading.")
        self.assertEqual(region.passage.original, ocr)
        row = region.passage.corrections.current().get()
        self.assertEqual(
            (row.stage, row.original, row.replacement), ("editor", ocr, "An editor's reading.")
        )

    def test_a_rewrite_survives_re_ingestion_and_the_region_stays_decided(self):
        region = self.region()
        anchor = region.passage.anchor
        region_decide(
            region=region, editor=self.editor, decision="rewritten", text="An editor's reading."
        )
        ingest_samples("filtzer-sample")
        self.assertEqual(Passage.objects.get(anchor=anchor).text, "An editor's reading.")
        region.refresh_from_db()
        self.assertEqual(region.resolved_by, self.editor)

    def test_accepting_records_who_and_when_and_changes_no_text(self):
        region = self.region()
        text = region.passage.text
        region_decide(region=region, editor=self.editor, decision="accepted")
        region.refresh_from_db()
        region.passage.refresh_from_db()
        self.assertEqual(region.passage.text, text)
        self.assertIsNotNone(region.resolved_at)
        self.assertEqual(RegionDecision.objects.get().editor, self.editor)

    def test_the_review_page_takes_region_decisions_from_staff_only(self):
        region = self.region()
        url = f"/editions/filtzer-sample/review/regions/{region.pk}/"
        reader = User.objects.create_user("rita", password="pw")
        self.client.force_login(reader)
        self.client.post(url, {"decision": "accepted"})
        self.assertEqual(RegionDecision.objects.count(), 0)
        self.client.force_login(self.editor)
        self.assertEqual(
            self.client.post(url, {"decision": "rewritten", "text": " "}).status_code, 400
        )
        response = self.client.post(url, {"decision": "accepted"})
        self.assertRedirects(response, f"/editions/filtzer-sample/review/#region-{region.pk}")
        self.assertContains(self.client.get("/editions/filtzer-sample/review/"), "Decided by ada")


class AnnotationsFollowCorrectionsTests(TestCase):
    """Editors' decisions and re-ingestion move annotations with the text."""

    @classmethod
    def setUpTestData(cls):
        ingest_samples("filtzer-sample")
        cls.editor = User.objects.create_user("ada", password="pw", is_staff=True)
        cls.reader = User.objects.create_user("rita", password="pw")

    def test_an_annotation_after_a_reverted_correction_keeps_its_words(self):
        c = (
            Correction.objects.current()
            .select_related("passage")
            .filter(passage__kind="paragraph")
            .exclude(original="")
            .filter(start__gt=0)
            .order_by("pk")[3]
        )
        passage = c.passage
        start = passage.text.index(" ", c.end + 1) + 1
        end = passage.text.index(" ", start)
        words = passage.text[start:end]
        note = make_annotation(self.reader, passage, start=start, end=end)
        correction_decide(
            correction=c,
            editor=self.editor,
            decision="rewritten",
            rewrite=c.replacement + " [EDITOR INSERT]",
        )
        note.refresh_from_db()
        passage.refresh_from_db()
        self.assertEqual(passage.text[note.selector_start : note.selector_end], words)
        self.assertEqual(note.selector_exact, words)

    def test_an_annotation_on_a_retired_passage_is_orphaned_not_deleted(self):
        passage = Passage.objects.filter(kind="paragraph").order_by("order")[4]
        note = make_annotation(self.reader, passage, start=0, end=5)
        # A passage the new parse no longer produces (and no new passage resembles).
        Passage.objects.filter(pk=passage.pk).update(anchor="gone-away", kind="bibliography")
        ingest_samples("filtzer-sample", force=True)
        note.refresh_from_db()
        self.assertEqual(note.anchor_state, "orphaned")
