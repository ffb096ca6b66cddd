"""Moderation decisions through the services: transitions, stale decisions, bulk
decisions, flags and appeals."""

from annotations.models import Annotation
from annotations.moderation.models import Appeal, Flag, ModerationEvent
from annotations.moderation.services import (
    DuplicateFlag,
    ModerationError,
    StaleDecision,
    annotation_moderate,
    annotations_moderate_many,
    appeal_create,
    appeal_decide,
    flag_create,
)
from annotations.services import PostingNotAllowed, annotation_update
from notifications.models import Notification
from tests.base import PersonaTestCase
from tests.factories import make_annotation, make_decision, make_reply

S = Annotation.Status

# (status before, action, status after, or None when the transition is refused)
TRANSITIONS = [
    (S.PENDING, "approve", S.APPROVED),
    (S.APPROVED, "approve", S.APPROVED),
    (S.HIDDEN, "approve", None),
    (S.SPAM, "approve", None),
    (S.APPROVED, "hide", S.HIDDEN),
    (S.PENDING, "hide", S.HIDDEN),
    (S.HIDDEN, "hide", None),
    (S.SPAM, "hide", None),
    (S.APPROVED, "spam", S.SPAM),
    (S.PENDING, "spam", S.SPAM),
    (S.HIDDEN, "spam", S.SPAM),
    (S.SPAM, "spam", None),
    (S.HIDDEN, "restore", S.APPROVED),
    (S.SPAM, "restore", S.APPROVED),
    (S.APPROVED, "restore", None),
    (S.PENDING, "restore", None),
]


class TransitionTests(PersonaTestCase):
    def test_every_transition_is_allowed_or_refused_as_the_table_says(self):
        for before, action, after in TRANSITIONS:
            with self.subTest(before=before, action=action):
                note = make_annotation(self.ana, self.p1, visibility="group", group=self.group)
                Annotation.objects.filter(pk=note.pk).update(status=before)
                note.refresh_from_db()
                if after is None:
                    with self.assertRaises(ModerationError):
                        make_decision(note, self.mo, action)
                    note.refresh_from_db()
                    self.assertEqual(note.status, before)
                    self.assertIs(note.moderation_events.exists(), False)
                    continue
                event = make_decision(note, self.mo, action, note="why")
                note.refresh_from_db()
                self.assertEqual(note.status, after)
                self.assertEqual(
                    (event.old_status, event.new_status, event.moderator), (before, after, self.mo)
                )
                self.assertEqual(
                    (note.status_reason, note.status_note, note.status_event),
                    ("abusive", "why", event),
                )

    def test_locking_a_thread_keeps_its_status_and_refuses_new_replies(self):
        root = make_annotation(self.ana, self.p1, visibility="public")
        event = make_decision(root, self.sofia, "lock", reason="off_topic")
        root.refresh_from_db()
        self.assertEqual(
            (root.locked, root.status, event.old_status, event.new_status),
            (True, S.APPROVED, S.APPROVED, S.APPROVED),
        )
        with self.assertRaisesMessage(PostingNotAllowed, "locked"):
            make_reply(self.rita, root)
        make_decision(root, self.sofia, "unlock", reason="fine")
        self.assertEqual(make_reply(self.rita, root).status, S.APPROVED)

    def test_replies_cannot_be_locked_and_other_needs_a_note(self):
        root = make_annotation(self.ana, self.p1, visibility="public")
        reply = make_reply(self.rita, root)
        with self.assertRaisesMessage(ModerationError, "first annotation"):
            make_decision(reply, self.sofia, "lock")
        with self.assertRaisesMessage(ModerationError, "other"):
            make_decision(reply, self.sofia, "hide", reason="other")

    def test_a_decision_on_a_changed_item_is_refused_with_its_new_state(self):
        note = make_annotation(self.ana, self.p1, visibility="public", body="first")
        seen = note.version
        annotation_update(annotation=note, editor=self.ana, body="edited since")
        with self.assertRaises(StaleDecision) as caught:
            annotation_moderate(
                annotation=note, moderator=self.sofia, action="hide", reason="abusive", version=seen
            )
        self.assertEqual(caught.exception.current.body, "edited since")
        self.assertEqual(caught.exception.current.version, seen + 1)
        note.refresh_from_db()
        self.assertEqual(note.status, S.APPROVED)
        self.assertEqual(ModerationEvent.objects.count(), 0)

    def test_a_second_moderator_deciding_on_the_same_version_gets_a_conflict(self):
        note = make_annotation(self.ana, self.p1, visibility="public")
        seen = note.version
        annotation_moderate(
            annotation=note, moderator=self.sofia, action="hide", reason="abusive", version=seen
        )
        with self.assertRaises(StaleDecision):
            annotation_moderate(
                annotation=note, moderator=self.sam, action="approve", reason="fine", version=seen
            )

    def test_bulk_decisions_skip_stale_and_refused_items_and_do_the_rest(self):
        a, b, c = (make_annotation(self.ana, self.p1, visibility="public") for _ in range(3))
        Annotation.objects.filter(pk=c.pk).update(status=S.SPAM)
        result = annotations_moderate_many(
            moderator=self.sofia,
            action="hide",
            reason="abusive",
            decisions=[(a, a.version), (b, b.version + 5), (c, c.version)],
        )
        self.assertEqual(result, {"done": [a.pk], "stale": [b.pk], "refused": [c.pk]})

    def test_events_record_who_when_and_why_and_are_never_rewritten(self):
        note = make_annotation(self.ana, self.p1, visibility="public")
        first = make_decision(note, self.sofia, "hide")
        make_decision(note, self.sam, "restore", reason="fine")
        first.refresh_from_db()
        self.assertEqual(
            (first.action, first.new_status, first.moderator), ("hide", "hidden", self.sofia)
        )
        self.assertEqual(
            list(note.moderation_events.order_by("pk").values_list("action", flat=True)),
            ["hide", "restore"],
        )


class FlagTests(PersonaTestCase):
    def test_one_flag_per_reader_and_the_flagger_is_told_the_outcome(self):
        note = make_annotation(self.ana, self.p1, visibility="public")
        flag_create(annotation=note, flagger=self.rita, reason="abusive")
        with self.assertRaises(DuplicateFlag):
            flag_create(annotation=note, flagger=self.rita, reason="spam")
        with self.assertRaisesMessage(ModerationError, "own"):
            flag_create(annotation=note, flagger=self.ana, reason="spam")
        with self.captureOnCommitCallbacks(execute=True):
            event = make_decision(note, self.sofia, "hide")
        flag = Flag.objects.get()
        self.assertEqual((flag.outcome, flag.resolved_by), ("hide", event))
        told = Notification.objects.get(recipient=self.rita)
        self.assertEqual(told.kind, "flag_outcome")
        self.assertEqual(event.waited_since, flag.created)

    def test_other_needs_text(self):
        note = make_annotation(self.ana, self.p1, visibility="public")
        with self.assertRaisesMessage(ModerationError, "other"):
            flag_create(annotation=note, flagger=self.rita, reason="other", text=" ")


class AppealTests(PersonaTestCase):
    def setUp(self):
        self.note = make_annotation(self.ana, self.p1, visibility="public")
        self.event = make_decision(self.note, self.sofia, "hide", note="Too rude.")

    def test_an_author_appeals_once_and_another_moderator_decides(self):
        with self.captureOnCommitCallbacks(execute=True):
            appeal = appeal_create(event=self.event, author=self.ana, text="It was a quote.")
        self.assertIs(
            Notification.objects.filter(recipient=self.sofia, kind="appeal").exists(), True
        )
        with self.assertRaisesMessage(ModerationError, "one appeal per decision"):
            appeal_create(event=self.event, author=self.ana, text="Again.")
        with self.assertRaisesMessage(ModerationError, "different moderator"):
            appeal_decide(appeal=appeal, moderator=self.sofia, overturn=True)
        with self.captureOnCommitCallbacks(execute=True):
            event = appeal_decide(appeal=appeal, moderator=self.sam, overturn=True, note="OK.")
        self.note.refresh_from_db()
        appeal.refresh_from_db()
        self.assertEqual(
            (self.note.status, appeal.status, event.action),
            (S.APPROVED, Appeal.Status.OVERTURNED, "appeal_overturned"),
        )
        for user in (self.ana, self.sofia):
            with self.subTest(told=user.username):
                self.assertIn(
                    "overturned",
                    Notification.objects.filter(recipient=user, kind="appeal").first().text,
                )

    def test_an_upheld_appeal_keeps_the_item_hidden(self):
        appeal = appeal_create(event=self.event, author=self.ana, text="Please.")
        appeal_decide(appeal=appeal, moderator=self.sam, overturn=False)
        self.note.refresh_from_db()
        self.assertEqual(self.note.status, S.HIDDEN)
        with self.assertRaisesMessage(ModerationError, "decided already"):
            appeal_decide(appeal=appeal, moderator=self.sam, overturn=True)

    def test_only_the_author_appeals_and_only_hiding_decisions(self):
        with self.assertRaisesMessage(ModerationError, "author"):
            appeal_create(event=self.event, author=self.rita, text="Not mine.")
        restored = make_decision(self.note, self.sam, "restore", reason="fine")
        with self.assertRaisesMessage(ModerationError, "latest decision"):
            appeal_create(event=restored, author=self.ana, text="?")
        with self.assertRaisesMessage(ModerationError, "latest decision"):
            appeal_create(event=self.event, author=self.ana, text="Old one.")
