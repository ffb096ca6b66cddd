"""What holds a new item for a moderator: group pre-moderation, a new account's first
public posts, spam signals."""

from django.test import override_settings

from annotations.models import Annotation
from annotations.moderation.models import GroupModeration
from annotations.services import annotation_update
from tests.base import PersonaTestCase
from tests.factories import make_annotation, make_decision, make_group

S = Annotation.Status


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

    def _move(self, note, visibility, group=None, body=None):
        annotation_update(
            annotation=note,
            editor=note.author,
            body=note.body if body is None else body,
            visibility=visibility,
            group=group,
        )
        note.refresh_from_db()
        return note

    def test_a_public_note_moved_into_a_premoderated_group_is_held_there(self):
        GroupModeration.objects.create(group=self.group, premoderate=True)
        note = make_annotation(self.mia, self.p1, visibility="public")
        self.assertEqual(self._move(note, "group", self.group).status, S.PENDING)
        hold = note.moderation_events.get()
        self.assertEqual((hold.action, hold.group_id), ("hold", self.group.pk))
        self.assertIs(Annotation.objects.visible_to(self.ana).filter(pk=note.pk).exists(), False)

    def test_a_note_moved_from_one_group_to_a_premoderated_one_is_held(self):
        GroupModeration.objects.create(group=self.group, premoderate=True)
        mine = make_group(self.mia, "Mia's circle")
        note = make_annotation(self.mia, self.p1, visibility="group", group=mine)
        self.assertEqual(note.status, S.APPROVED)
        self.assertEqual(self._move(note, "group", self.group).status, S.PENDING)

    def test_link_spam_posted_to_a_group_then_made_public_is_held(self):
        links = " ".join(f"https://spam.example/{i}" for i in range(5))
        note = make_annotation(self.mia, self.p1, visibility="group", group=self.group, body=links)
        self.assertEqual(note.status, S.APPROVED, "groups are not spam-filtered")
        self.assertEqual(self._move(note, "public").status, S.PENDING)
        self.assertEqual(note.moderation_events.get().reason, "spam")

    @override_settings(MODERATION_FIRST_POSTS=1)
    def test_a_new_accounts_group_note_made_public_waits_for_a_moderator(self):
        note = make_annotation(self.mia, self.p1, visibility="group", group=self.group)
        self.assertEqual(note.status, S.APPROVED)
        self.assertEqual(self._move(note, "public").status, S.PENDING)
        self.assertIs(Annotation.objects.visible_to(self.rita).filter(pk=note.pk).exists(), False)

    def test_an_edit_that_keeps_the_audience_holds_nothing(self):
        GroupModeration.objects.create(group=self.group, premoderate=True)
        note = make_annotation(self.ana, self.p1, visibility="group", group=self.group)
        make_decision(note, self.mo, "approve", reason="fine")
        note.refresh_from_db()
        self.assertEqual(self._move(note, "group", self.group, body="edited").status, S.APPROVED)
