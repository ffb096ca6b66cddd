"""Moderation workflows through the services: transitions, stale decisions, flags, appeals,
holds, suspensions, and who is told."""

from django.core import mail
from django.test import override_settings

from annotations.models import Annotation, Appeal, Flag, GroupModeration, ModerationEvent
from annotations.moderation import (
    DuplicateFlag,
    ModerationError,
    StaleDecision,
    annotation_moderate,
    annotations_moderate_many,
    appeal_create,
    appeal_decide,
    flag_create,
)
from annotations.sanctions import sanction_create, sanction_lift
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


class HoldTests(PersonaTestCase):
    def test_a_premoderated_group_holds_new_posts_until_approved(self):
        GroupModeration.objects.create(group=self.group, premoderate=True)
        note = make_annotation(self.mia, self.p1, visibility="group", group=self.group)
        self.assertEqual(note.status, S.PENDING)
        hold = note.moderation_events.get()
        self.assertEqual((hold.action, hold.moderator, hold.new_status), ("hold", None, "pending"))
        self.assertIs(Annotation.objects.visible_to(self.ana).filter(pk=note.pk).exists(), False)
        self.assertIs(Annotation.objects.visible_to(self.mia).filter(pk=note.pk).exists(), True)
        make_decision(note, self.mo, "approve", reason="fine")
        self.assertIs(Annotation.objects.visible_to(self.ana).filter(pk=note.pk).exists(), True)

    @override_settings(MODERATION_FIRST_POSTS=2)
    def test_a_new_accounts_first_public_posts_wait_for_a_moderator(self):
        first = make_annotation(self.rita, self.p1, visibility="public")
        self.assertEqual(first.status, S.PENDING)
        make_decision(first, self.sofia, "approve", reason="fine")
        second = make_annotation(self.rita, self.p2, visibility="public")
        self.assertEqual(second.status, S.PENDING)
        make_decision(second, self.sofia, "approve", reason="fine")
        self.assertEqual(
            make_annotation(self.rita, self.p3, visibility="public").status, S.APPROVED
        )
        self.assertEqual(make_annotation(self.otto, self.p1).status, S.APPROVED, "private")

    def test_spam_signals_hold_public_posts_and_drop_nothing(self):
        links = " ".join(f"https://spam.example/{i}" for i in range(5))
        long_text = "Buy the finest commentary on this chapter at a discount today."
        cases = [
            ("links", lambda: make_annotation(self.rita, self.p1, visibility="public", body=links)),
            (
                "duplicate",
                lambda: (
                    make_annotation(self.otto, self.p1, visibility="public", body=long_text),
                    make_annotation(
                        self.otto, self.p2, visibility="public", body=long_text.upper()
                    ),
                )[1],
            ),
        ]
        for name, make in cases:
            with self.subTest(name):
                note = make()
                self.assertEqual(note.status, S.PENDING)
                self.assertEqual(note.moderation_events.get().reason, "spam")

    @override_settings(MODERATION_BURST_POSTS=3)
    def test_a_burst_of_public_posts_is_held(self):
        statuses = [
            make_annotation(self.mia, self.p1, visibility="public", body=f"n{i}").status
            for i in range(4)
        ]
        self.assertEqual(statuses, [S.APPROVED] * 3 + [S.PENDING])

    def test_a_private_note_made_public_passes_the_holds(self):
        GroupModeration.objects.create(group=self.group, premoderate=True)
        note = make_annotation(self.mia, self.p1)
        annotation_update(
            annotation=note,
            editor=self.mia,
            body="now shared",
            visibility="group",
            group=self.group,
        )
        note.refresh_from_db()
        self.assertEqual(note.status, S.PENDING)


class SanctionTests(PersonaTestCase):
    def test_a_suspension_stops_public_and_group_posting_until_lifted(self):
        with self.captureOnCommitCallbacks(execute=True):
            sanction = sanction_create(
                user=self.mia,
                moderator=self.mo,
                group=self.group,
                days=3,
                reason="abusive",
                note="Cool down.",
            )
        self.assertEqual(ModerationEvent.objects.get().action, "suspend")
        self.assertIs(
            Notification.objects.filter(recipient=self.mia, kind="sanction").exists(), True
        )
        with self.assertRaisesMessage(PostingNotAllowed, "suspended"):
            make_annotation(self.mia, self.p1, visibility="group", group=self.group)
        make_annotation(self.mia, self.p1, visibility="public")  # only the group's
        make_annotation(self.mia, self.p1)  # private notes stay possible
        sanction_lift(sanction=sanction, moderator=self.mo)
        make_annotation(self.mia, self.p1, visibility="group", group=self.group)

    def test_a_site_wide_suspension_stops_public_posting(self):
        sanction_create(user=self.rita, moderator=self.sofia, group=None, days=1, reason="spam")
        with self.assertRaises(PostingNotAllowed):
            make_annotation(self.rita, self.p1, visibility="public")


class NotificationTests(PersonaTestCase):
    def test_replies_and_mentions_notify_after_commit_by_app_and_mail(self):
        root = make_annotation(self.ana, self.p1, visibility="group", group=self.group)
        with self.captureOnCommitCallbacks(execute=True):
            make_reply(self.mia, root, body="Agreed, @mo and @otto.")
        kinds = dict(Notification.objects.values_list("recipient__username", "kind"))
        self.assertEqual(kinds, {"ana": "reply", "mo": "mention"})  # otto cannot see it
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox), ["ana@example.org", "mo@example.org"]
        )

    def test_a_decision_tells_the_author_the_reason(self):
        note = make_annotation(self.ana, self.p1, visibility="public")
        with self.captureOnCommitCallbacks(execute=True):
            make_decision(note, self.sofia, "hide", reason="copyright", note="Long quote.")
        told = Notification.objects.get(recipient=self.ana)
        self.assertIn("Copyright", told.text)
        self.assertIn("appeal", told.text)
